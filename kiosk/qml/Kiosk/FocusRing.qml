import QtQuick

// Where the keyboard focus is (a keypad or keyboard beside the screen): a wide yellow ring
// edged in black around its item, seen on the dark, light and high-contrast screens alike.
// Placed inside each item that can take the focus; shown while it has it. Drawn around the
// item, or around `around` (a part of it) where the item is wider than the screen shows.
Rectangle {
    readonly property real gap: Math.round(6 * Theme.scale)
    property Item around: parent
    property real outset: gap * 2  // from the edge of what it is around
    anchors.fill: around
    anchors.margins: -outset
    visible: parent.activeFocus && Window.activeFocusItem === parent  // not around a scope of it
    z: 100
    color: "transparent"
    radius: Theme.radius + outset
    border.width: gap * 2
    border.color: "#000000"
    Rectangle {
        anchors.fill: parent
        anchors.margins: parent.gap / 2
        radius: parent.radius - parent.gap / 2
        color: "transparent"
        border.width: parent.gap
        border.color: "#ffd84d"
    }
}
