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
    // no last word alone on a line of its own ("...the stories behind the" over "finds."),
    // the lines otherwise as wide as they may be (balanced, a short introduction was set in
    // half the width of the one beside it)
    EvenText {
        objectName: "panelIntro"
        anchors.left: parent.left
        room: Math.min(parent.width, Theme.body * 38)
        balance: false
        visible: text !== ""
        content: header.intro
        color: Theme.textMuted
        lineHeight: Theme.lineHeight
    }
}
