import QtQuick
import Kiosk.Backend

// Outside opening hours: a black screen (nothing moves, the CPU rests); a touch shows a short
// notice that the exhibit is closed.
Rectangle {
    id: closed
    required property KioskController controller
    objectName: "closedScreen"
    color: "#000000"
    visible: controller.closed
    property bool noticeShown: false

    Connections {
        target: closed.controller
        function onClosedTouched() { closed.noticeShown = true; hide.restart() }
    }
    Timer { id: hide; interval: Theme.noticeShown; onTriggered: closed.noticeShown = false }
    MouseArea { anchors.fill: parent; onPressed: closed.controller.activity() }

    KText {
        anchors.centerIn: parent
        visible: closed.noticeShown
        text: closed.controller.ui.closed || "Closed"
        font.pixelSize: Theme.heading
        color: "#9a948c"
    }
}
