import QtQuick

// Words of officials, one per screen: a quotation in large serif type inside quotation
// marks, reported speech as plain narration. Swipe up or down, or use the arrows.
Item {
    id: panel
    property var controller
    property var content
    property int panelIndex: -1
    property string title
    property string intro
    property bool current: false
    signal sourceRequested(var sourceIds)

    readonly property real margin: width * 0.05

    // the width of the widest word of `text` in `metrics`' font (a line breaks only between
    // words, at a soft hyphen, "/" or "-")
    function widestWord(text, metrics) {
        const words = text.split(/[\s\u00ad\/-]+/)
        let widest = 0
        for (let i = 0; i < words.length; ++i)
            widest = Math.max(widest, metrics.advanceWidth(words[i]))
        return widest
    }
    FontMetrics {
        id: quoteMetrics
        font.family: Theme.serif
        font.pixelSize: Theme.title * 1.2
    }

    PanelHeader {
        id: header
        // anchored, so it mirrors: right to left, the title stands at the right margin
        anchors.left: parent.left
        anchors.leftMargin: panel.margin
        anchors.right: pager.left
        anchors.rightMargin: Theme.unit * 3
        y: Theme.unit * 6
        title: panel.title
        intro: panel.intro
    }

    Column {
        id: pager
        anchors.right: parent.right
        anchors.rightMargin: panel.margin
        anchors.top: header.top
        spacing: Theme.unit * 1.5
        Row {
            spacing: Theme.unit * 2
            TouchButton {
                objectName: "previous"
                icon: "fa5s.chevron-up"
                quiet: true
                width: Theme.touch
                enabled: remarks.currentIndex > 0
                onClicked: remarks.show(remarks.currentIndex - 1)
            }
            KText {
                anchors.verticalCenter: parent.verticalCenter
                // in the language's digits, as the figures are
                readonly property var locale: Qt.locale(panel.controller ? panel.controller.language : "")
                text: (remarks.currentIndex + 1).toLocaleString(locale, 'f', 0) + " / "
                      + remarks.count.toLocaleString(locale, 'f', 0)
                font.pixelSize: Theme.label
                color: Theme.textMuted
                wrapMode: Text.NoWrap
            }
            TouchButton {
                objectName: "next"
                icon: "fa5s.chevron-down"
                quiet: true
                width: Theme.touch
                enabled: remarks.currentIndex < remarks.count - 1
                onClicked: remarks.show(remarks.currentIndex + 1)
            }
        }
    }

    // One remark per screen: each is at least as tall as the view, taller when its words
    // need it (larger text, a long remark); it then scrolls, and never runs into the next.
    ListView {
        id: remarks
        objectName: "remarks"
        anchors.top: header.bottom
        anchors.topMargin: Theme.unit * 3
        anchors.bottom: parent.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        clip: true
        model: panel.content
        orientation: ListView.Vertical
        boundsBehavior: Flickable.StopAtBounds
        flickableDirection: Flickable.VerticalFlick
        cacheBuffer: Math.max(0, height * 2)
        highlightRangeMode: ListView.NoHighlightRange
        currentIndex: 0
        // the remark that fills most of the view is the current one
        function follow() {
            const at = indexAt(width / 2, contentY + height / 2)
            if (at >= 0 && at !== currentIndex) currentIndex = at
        }
        onContentYChanged: if (moving) follow()
        onMovementEnded: follow()
        function show(index) {
            if (index < 0 || index >= count) return
            positionViewAtIndex(index, ListView.Beginning)
            currentIndex = index
        }
        // keep the current remark in place when the view or the text size changes
        onHeightChanged: positionViewAtIndex(Math.max(0, currentIndex), ListView.Beginning)

        delegate: Item {
            id: remark
            required property int index
            required property string text
            required property bool isQuote
            required property string speaker
            required property string role
            required property string date
            required property string occasion
            required property var sourceIds
            required property bool sensitive
            property bool revealed: false
            objectName: "remark-" + index

            width: remarks.width
            readonly property real pad: Theme.unit * 5
            height: Math.max(remarks.height, words.height + 2 * pad)

            Column {
                id: words
                anchors.left: parent.left
                anchors.leftMargin: panel.margin
                width: Math.min(parent.width - 2 * panel.margin, Theme.body * 50)
                // centred in a view it fits; from the top when it is taller (it scrolls)
                y: Math.max(remark.pad, (remark.height - height) / 2)
                spacing: Theme.unit * 4

                KText {
                    anchors.left: parent.left
                    text: panel.controller ? (remark.isQuote ? panel.controller.ui.quote
                                                             : panel.controller.ui.reported) : ""
                    font.pixelSize: Theme.small
                    font.weight: Font.DemiBold
                    font.capitalization: Font.AllUppercase
                    font.letterSpacing: 2 * Theme.scale
                    color: Theme.accentText
                }
                Item {
                    width: parent.width
                    height: body.height
                    KText {
                        id: mark
                        objectName: "decoration"  // the layout check lets it overlap
                        visible: remark.isQuote
                        text: "\u201C"
                        font.family: Theme.serif
                        font.pixelSize: Theme.number * 1.4
                        color: Theme.accentBright
                        anchors.left: parent.left
                        anchors.leftMargin: -Theme.unit
                        y: -Theme.number * 0.45
                    }
                    KText {
                        id: body
                        objectName: remark.isQuote ? "quote" : "reported"
                        anchors.left: parent.left
                        anchors.leftMargin: remark.isQuote ? Theme.unit * 9 : 0
                        width: parent.width - anchors.leftMargin
                        // the closing mark only where the script reads left to right
                        text: remark.isQuote && !panel.controller.rtl ? remark.text + "\u201D" : remark.text
                        font.family: remark.isQuote ? Theme.serif : Theme.sans
                        font.italic: false
                        readonly property real size: remark.isQuote
                                        ? (remark.text.length > 260 ? Theme.title : Theme.title * 1.2)
                                        : Theme.body * 1.15
                        // smaller when its widest word would not fit a line (down to 70%)
                        readonly property real wordFits: (quoteMetrics.font,
                            width / Math.max(1, panel.widestWord(text, quoteMetrics)
                                                * size / (Theme.title * 1.2)))
                        font.pixelSize: Math.max(Math.round(size * 0.7),
                                                 Math.floor(size * Math.min(1, wordFits)))
                        color: remark.isQuote ? Theme.text : Theme.text
                        lineHeight: remark.isQuote ? 1.35 : Theme.lineHeight
                    }
                }
                Rectangle {
                    anchors.left: parent.left
                    width: Theme.unit * 10
                    height: Math.max(2, Math.round(3 * Theme.scale))
                    color: Theme.line
                }
                Column {
                    width: parent.width
                    spacing: Theme.unit
                    KText {
                        width: parent.width
                        text: remark.speaker
                        font.pixelSize: Theme.label * 1.1
                        font.weight: Font.Bold
                    }
                    KText {
                        width: parent.width
                        visible: text !== ""
                        text: remark.role
                        color: Theme.textMuted
                        font.pixelSize: Theme.label
                    }
                    KText {
                        width: parent.width
                        visible: text !== ""
                        text: [remark.occasion, remark.date].filter(function (s) { return s !== "" }).join(" · ")
                        color: Theme.textMuted
                        font.pixelSize: Theme.small
                        lineHeight: 1.3
                    }
                }
                SourceButton {
                    anchors.left: parent.left
                    sourceIds: remark.sourceIds
                    text: panel.controller ? panel.controller.ui.source : ""
                    onClicked: panel.sourceRequested(remark.sourceIds)
                }
            }

            SensitiveCover {
                anchors.fill: parent
                anchors.margins: panel.margin
                revealed: !remark.sensitive || remark.revealed
                ui: panel.controller ? panel.controller.ui : ({})
                onRevealRequested: remark.revealed = true
            }
            Connections {
                target: panel.controller
                function onResetRequested() { remark.revealed = false }
            }
        }
    }

    ScrollCue { flickable: remarks }

    Connections {
        target: panel.controller
        function onResetRequested() { remarks.show(0) }
    }
}
