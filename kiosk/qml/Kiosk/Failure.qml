pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// For staff: the stand cannot be shown, and why (FILE:LINE: message).
Window {
    id: root
    required property string folder
    required property var problems
    property StaffController staff: null  // the staff menu (a long press in the top-left corner)

    width: 1920
    height: 1080
    // shown by kiosk.app, straight to full screen: visible here, it would first map as a
    // normal window, and the window manager's late report of that state would undo it
    color: Theme.bg
    title: "Kiosk: stand not shown"

    // the type and spacing of this screen's size, as Main.qml sets them (this engine's own Theme)
    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(root.width, root.height) / 1080)
    }

    Column {
        anchors.fill: parent
        anchors.margins: root.width * 0.05
        spacing: Theme.unit * 3
        Text {
            text: "This stand cannot be shown"
            color: Theme.text
            font.family: Theme.sans
            font.pixelSize: Theme.heading
            font.weight: Font.Bold
            textFormat: Text.PlainText
        }
        Text {
            width: parent.width
            text: "Staff: fix these problems in " + root.folder + " and check with `kiosk validate`. "
                  + "Visitors see nothing of this stand until it is valid; it is shown as soon as "
                  + "it is. Hold the top-left corner for the staff menu."
            color: Theme.textMuted
            font.family: Theme.sans
            font.pixelSize: Theme.label
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        ListView {
            width: parent.width
            height: root.height * 0.65
            clip: true
            spacing: Theme.unit * 1.5
            model: root.problems
            delegate: Text {
                required property string modelData
                width: ListView.view.width
                text: modelData
                color: modelData.indexOf(": error:") >= 0 ? Theme.accentText : Theme.text
                font.family: "Noto Sans Mono, DejaVu Sans Mono, monospace"
                font.pixelSize: Theme.small
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
            }
        }
    }

    // staff can reload, switch to another stand or leave, as on the visitors' screens
    StaffMenu {
        anchors.fill: parent
        staff: root.staff
    }
}
