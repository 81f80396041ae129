import QtQuick

// A first start on a stand no version of which was ever validated: the kiosk's own colours
// and mark, shown at once while the stand is checked, so the screen is never blank. Nothing
// of the stand (it is not checked yet), no text (no language is known yet).
Window {
    id: root
    width: 1920
    height: 1080
    color: Theme.bg
    title: "kiosk"

    Rectangle {
        objectName: "waitingMark"
        anchors.centerIn: parent
        width: Math.round(96 * Math.min(root.width, root.height) / 1080)
        height: Math.max(2, Math.round(6 * Math.min(root.width, root.height) / 1080))
        color: Theme.accentBright
    }
}
