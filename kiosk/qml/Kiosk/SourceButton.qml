import QtQuick

// The small, consistent "Source" affordance under every item.
Rectangle {
    id: button
    property var sourceIds: []  // what the item cites (its own source, its parts' or entries')
    property string text: "Source"
    signal clicked()

    objectName: "sourceButton"
    visible: sourceIds.length > 0
    implicitWidth: row.implicitWidth + Theme.unit * 5
    implicitHeight: Theme.touch * 0.9
    radius: height / 2
    color: "transparent"
    border.width: Math.max(1, Math.round(2 * Theme.scale))
    border.color: Theme.line
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: clicked()
    activeFocusOnTab: visible
    function activate() { clicked() }  // a key pressed it (Main.qml: select)
    FocusRing {}

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Theme.unit
        Icon {
            name: "fa5s.info-circle"
            size: Theme.small
            color: Theme.textMuted
            anchors.verticalCenter: parent.verticalCenter
        }
        KText {
            text: button.text
            font.pixelSize: Theme.small
            color: Theme.textMuted
            wrapMode: Text.NoWrap
            anchors.verticalCenter: parent.verticalCenter
        }
    }
    TapHandler { onTapped: button.clicked() }
}
