import QtQuick
import Kiosk.Backend

// Before the idle reset: "Still there?" in large type, the seconds left, and a button to go
// on (WCAG 2.2.1: warned, with at least 20 seconds to answer). Any touch keeps the visit; it
// is taken here, so the touch that answers does not also press what lies underneath.
Rectangle {
    id: warning
    required property KioskController controller
    objectName: "stillThere"
    visible: controller.stillThere
    color: Qt.alpha(Theme.bg, 0.97)  // the question alone: the panel under it is not read
    Accessible.role: Accessible.AlertMessage
    Accessible.name: controller.ui.still_there + " " + controller.ui.still_there_hint

    readonly property int seconds: Math.round(controller.idleWarningMs / 1000)
    property int secondsLeft: seconds
    onVisibleChanged: secondsLeft = seconds
    Timer {
        interval: 1000
        repeat: true
        running: warning.visible && Theme.animations
        onTriggered: warning.secondsLeft = Math.max(1, warning.secondsLeft - 1)
    }

    MouseArea {
        anchors.fill: parent
        onClicked: warning.controller.activity()
    }

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.8
        spacing: Theme.unit * 4
        KText {
            objectName: "stillThereQuestion"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: warning.controller.ui.still_there
            font.pixelSize: Theme.display
            font.weight: Font.Bold
            wrapMode: Text.Wrap
        }
        KText {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: warning.controller.ui.still_there_hint
            font.pixelSize: Theme.title
            color: Theme.textMuted
            wrapMode: Text.Wrap
        }
        KText {
            objectName: "stillThereSeconds"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            // in the language's own digits, as its dates are (Arabic: ٢٠)
            text: Number(warning.secondsLeft).toLocaleString(Qt.locale(warning.controller.language), "f", 0)
            font.pixelSize: Theme.number
            font.weight: Font.Bold
            color: Theme.accentText
        }
        TouchButton {
            objectName: "stillThereContinue"
            anchors.horizontalCenter: parent.horizontalCenter
            primary: true
            icon: "fa5s.hand-pointer"
            text: warning.controller.ui["continue"]
            pixelSize: Theme.title
            height: Theme.touch * 1.25
            onClicked: warning.controller.activity()
        }
    }
}
