pragma ComponentBehavior: Bound
import QtQuick

// Where the keyboard focus is (a keypad or keyboard beside the screen): a wide yellow ring
// edged in black around its item, seen on the dark, light and high-contrast screens alike.
// Placed inside each item that can take the focus; shown while it has it. Drawn around the
// item, or around `around` (a part of it) where the item is wider than the screen shows.
// Made only while shown: of the ~70 on the sample stand's screens, one at most is.
Loader {
    id: ring
    readonly property real gap: Math.round(6 * Theme.scale)
    property Item around: parent
    property real outset: gap * 2  // from the edge of what it is around
    anchors.fill: around
    anchors.margins: -outset
    active: parent.activeFocus && Window.activeFocusItem === parent  // not around a scope of it
    visible: active
    z: 100
    sourceComponent: Rectangle {
        color: "transparent"
        radius: Theme.radius + ring.outset
        border.width: ring.gap * 2
        border.color: "#000000"
        Rectangle {
            anchors.fill: parent
            anchors.margins: ring.gap / 2
            radius: parent.radius - ring.gap / 2
            color: "transparent"
            border.width: ring.gap
            border.color: "#ffd84d"
        }
    }
}
