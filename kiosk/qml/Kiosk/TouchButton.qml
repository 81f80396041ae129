import QtQuick

// A large touch target with an optional icon and a label.
Rectangle {
    id: button
    property string text: ""
    property string icon: ""
    property bool primary: false
    property bool quiet: false
    property real pixelSize: Theme.label
    signal clicked()

    implicitHeight: Theme.touch
    implicitWidth: Math.max(Theme.touch, row.implicitWidth + 2 * Theme.unit * 4)
    radius: height / 2
    color: primary ? Theme.accent : (quiet ? "transparent" : Theme.surfaceRaised)
    border.width: quiet || primary ? Math.max(1, Math.round(2 * Theme.scale)) : 0
    border.color: primary ? Theme.accentBright : Theme.line
    opacity: enabled ? 1 : 0.5
    Accessible.role: Accessible.Button
    Accessible.name: text
    Accessible.onPressAction: clicked()
    // not `visible`: Qt refuses to clear it on the item that has the focus (a warning), and
    // the keypad's order (Main.qml stops()) passes over what is hidden
    activeFocusOnTab: enabled
    function activate() { clicked() }  // a key pressed it (Main.qml: select)
    FocusRing {}

    Row {
        id: row
        anchors.centerIn: parent
        spacing: Theme.unit * 1.5
        Icon {
            visible: button.icon !== ""
            name: button.icon
            color: button.primary ? Theme.textOnAccent : Theme.text
            size: button.pixelSize * 1.1
            anchors.verticalCenter: parent.verticalCenter
        }
        KText {
            text: button.text
            font.pixelSize: button.pixelSize
            font.weight: Font.DemiBold
            color: button.primary ? Theme.textOnAccent : Theme.text
            wrapMode: Text.NoWrap
            anchors.verticalCenter: parent.verticalCenter
        }
    }
    TapHandler {
        onTapped: button.clicked()
    }
}
