import QtQuick

// The fixed top of every panel: the stand's title and the language switch.
Rectangle {
    id: bar
    required property var controller
    height: Theme.topBarHeight
    color: Theme.bg

    Rectangle {
        id: mark
        anchors.left: parent.left
        anchors.leftMargin: parent.width * 0.05
        anchors.verticalCenter: parent.verticalCenter
        width: Math.round(6 * Theme.scale)
        height: Theme.title * 1.2
        color: Theme.accentBright
    }
    KText {
        anchors.left: mark.right
        anchors.leftMargin: Theme.unit * 2
        anchors.right: languages.left
        anchors.rightMargin: Theme.unit * 4
        anchors.verticalCenter: parent.verticalCenter
        text: bar.controller.title
        font.pixelSize: Theme.title
        font.weight: Font.DemiBold
        wrapMode: Text.NoWrap
        elide: Text.ElideRight
    }
    LanguageSwitch {
        id: languages
        anchors.right: parent.right
        anchors.rightMargin: parent.width * 0.05
        anchors.verticalCenter: parent.verticalCenter
        controller: bar.controller
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: Math.max(1, Math.round(Theme.scale))
        color: Theme.line
    }
}
