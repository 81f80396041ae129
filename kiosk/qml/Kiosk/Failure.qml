import QtQuick

// For staff: the stand cannot be shown, and why (FILE:LINE: message).
Window {
    id: root
    required property string folder
    required property var problems
    property var staff: null  // the staff menu (a long press in the top-left corner)

    width: 1920
    height: 1080
    // shown by kiosk.app, straight to full screen: visible here, it would first map as a
    // normal window, and the window manager's late report of that state would undo it
    color: "#151416"
    title: "Kiosk: stand not shown"

    readonly property real s: Math.max(0.5, Math.min(width, height) / 1080)

    Column {
        anchors.fill: parent
        anchors.margins: root.width * 0.05
        spacing: 24 * root.s
        Text {
            text: "This stand cannot be shown"
            color: "#f2ede4"
            font.family: "Noto Sans"
            font.pixelSize: 56 * root.s
            font.weight: Font.Bold
            textFormat: Text.PlainText
        }
        Text {
            width: parent.width
            text: "Staff: fix these problems in " + root.folder + " and check with `kiosk validate`. "
                  + "Visitors see nothing of this stand until it is valid; it is shown as soon as "
                  + "it is. Hold the top-left corner for the staff menu."
            color: "#bdb5aa"
            font.family: "Noto Sans"
            font.pixelSize: 28 * root.s
            wrapMode: Text.Wrap
            textFormat: Text.PlainText
        }
        ListView {
            width: parent.width
            height: root.height * 0.65
            clip: true
            spacing: 12 * root.s
            model: root.problems
            delegate: Text {
                required property string modelData
                width: ListView.view.width
                text: modelData
                color: modelData.indexOf(": error:") >= 0 ? "#ee9aa5" : "#f2ede4"
                font.family: "Noto Sans Mono, DejaVu Sans Mono, monospace"
                font.pixelSize: 26 * root.s
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
