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
    // in lines of even length: no last word alone on a line of its own ("...the stories
    // behind the" over "finds.")
    EvenText {
        objectName: "panelIntro"
        anchors.left: parent.left
        room: Math.min(parent.width, Theme.body * 38)
        visible: text !== ""
        content: header.intro
        color: Theme.textMuted
        lineHeight: Theme.lineHeight
    }
}
