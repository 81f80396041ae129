pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The panels as a row of large labelled buttons, always within reach at the bottom.
Rectangle {
    id: bar
    objectName: "navBar"
    required property KioskController controller
    // a title on two lines (a narrow screen, larger text) makes the bar taller, never cut
    readonly property real underline: Math.round(6 * Theme.scale)
    readonly property real labelSize: Math.round(Theme.label / Math.sqrt(Theme.textScale))
    property real tallest: 0  // the tallest caption (icon and title) of the buttons
    property var captionHeights: ({})  // each button's, by its index
    function measure(index, height) {
        captionHeights[index] = height
        var most = 0
        for (var i = 0; i < buttons.count; ++i)
            most = Math.max(most, captionHeights[i] || 0)
        tallest = most
    }
    // one size for every title: where a word of one does not fit its button even on two
    // lines, all are set smaller together (to 75% at most), not that one alone ("Books in
    // the world" was drawn smaller than the titles beside it)
    property var wordFits: ({})  // each button's: how much its widest word must shrink
    property real fit: 1
    function measureWords(index, title, room) {
        var widest = 0
        for (const word of Theme.unspaced(title).split(/[\s\u00ad\/-]+/))  // (a Chinese letter is a word)
            widest = Math.max(widest, labelMetrics.advanceWidth(word))
        wordFits[index] = widest > room && room > 0 ? room / widest : 1
        var least = 1
        for (var i = 0; i < buttons.count; ++i)
            least = Math.min(least, wordFits[i] === undefined ? 1 : wordFits[i])
        fit = Math.max(0.75, least)
    }
    FontMetrics {  // as the selected title is drawn, the widest
        id: labelMetrics
        font.family: Theme.sans
        font.pixelSize: bar.labelSize
        font.weight: Font.Bold
    }
    height: Math.max(Theme.navBarHeight, tallest + underline + Theme.unit * 3)
    color: Theme.surface

    Rectangle {
        anchors.top: parent.top
        width: parent.width
        height: Math.max(1, Math.round(Theme.scale))
        color: Theme.line
    }

    Row {
        id: row
        anchors.fill: parent
        anchors.leftMargin: parent.width * 0.05
        anchors.rightMargin: parent.width * 0.05
        Repeater {
            id: buttons
            model: bar.controller.panels
            delegate: Item {
                id: button
                required property int index
                required property string title
                required property string icon
                readonly property bool selected: index === bar.controller.currentIndex
                readonly property real captionHeight: caption.height
                onCaptionHeightChanged: bar.measure(index, captionHeight)
                // (measured again when the title, the width or the text size changes)
                readonly property var wordRoom: [title, width - Theme.unit * 2, labelMetrics.font]
                onWordRoomChanged: bar.measureWords(index, title, wordRoom[1])
                objectName: "nav-" + index
                width: row.width / buttons.count
                height: row.height
                Accessible.role: Accessible.PageTab
                Accessible.name: title

                Rectangle {
                    anchors.top: parent.top
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: parent.width * 0.6
                    height: bar.underline
                    radius: height / 2
                    color: Theme.accentBright
                    opacity: button.selected ? 1 : 0
                    Behavior on opacity { NumberAnimation { duration: Theme.fast } }
                }
                // below the underline, centred in the rest of the bar
                Column {
                    id: caption
                    anchors.horizontalCenter: parent.horizontalCenter
                    // the icons of all buttons on one line, whatever their titles' lines
                    y: bar.underline + Math.max(Theme.unit,
                                                (parent.height - bar.underline - bar.tallest) / 2)
                    spacing: Theme.unit
                    Icon {
                        anchors.horizontalCenter: parent.horizontalCenter
                        name: button.icon
                        size: Math.round(Theme.heading * 0.8 / Math.sqrt(Theme.textScale))
                        color: button.selected ? Theme.text : Theme.textMuted
                    }
                    // on one line, else on two (at word breaks); all titles smaller
                    // together where a word does not fit (above)
                    KText {
                        objectName: "navTitle"
                        anchors.horizontalCenter: parent.horizontalCenter
                        width: button.width - Theme.unit * 2
                        text: button.title
                        font.pixelSize: Math.floor(bar.labelSize * bar.fit)
                        font.weight: button.selected ? Font.Bold : Font.Normal
                        color: button.selected ? Theme.text : Theme.textMuted
                        wrapMode: Text.Wrap
                        maximumLineCount: 2
                        lineHeight: 1.05
                        elide: Text.ElideRight
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
                activeFocusOnTab: true
                function activate() { bar.controller.goTo(button.index) }
                Accessible.onPressAction: activate()
                FocusRing {}
                TapHandler {
                    onTapped: button.activate()
                }
            }
        }
    }
}
