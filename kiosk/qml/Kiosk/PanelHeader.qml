import QtQuick

// A panel's title and its optional introduction.
Column {
    id: header
    property string title: ""
    property string intro: ""
    spacing: Theme.unit * 2

    KText {
        width: parent.width
        text: header.title
        font.pixelSize: Theme.heading
        font.weight: Font.Bold
        lineHeight: 1.15
    }
    KText {
        anchors.left: parent.left
        width: Math.min(parent.width, Theme.body * 38)
        visible: text !== ""
        text: header.intro
        color: Theme.textMuted
        lineHeight: Theme.lineHeight
    }
}
