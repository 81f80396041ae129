pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Words of officials, one per screen: a quotation in large serif type inside quotation
// marks, reported speech as plain narration. A quotation read in another language than it
// was said in is marked as a translation ("Translated from English") above its words.
// Swipe up or down, or use the arrows; dots (not numbers the stand never gives) show where
// the visitor is.
PanelPage {
    id: panel

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
        visible: remarks.count > 1  // one remark: nothing to move between
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
            Row {
                id: dots
                objectName: "position"
                anchors.verticalCenter: parent.verticalCenter
                readonly property real size: Math.max(4, Math.min(Theme.unit * 1.5,
                        Theme.unit * 24 / Math.max(1, remarks.count)))
                spacing: size
                Repeater {
                    model: remarks.count
                    delegate: Rectangle {
                        required property int index
                        width: dots.size
                        height: dots.size
                        radius: dots.size / 2
                        color: index === remarks.currentIndex ? Theme.accentText : Theme.line
                    }
                }
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
        // one remark a screen: the view's height on the screen (a window grown to render the
        // whole panel, `kiosk snapshot --full`, shows each remark at that height, one below
        // the other, not each as tall as the grown window)
        readonly property real pageHeight: Math.max(0, height - Theme.grown)
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

        delegate: FocusScope {  // has the focus too while a control of its own has it
            id: remark
            required property int index
            required property string text
            required property bool isQuote
            required property string translatedFrom
            required property string original
            required property string speaker
            required property string role
            required property string date
            required property string occasion
            required property var sound  // the speaker's own voice ({} for none)
            required property var sourceIds
            required property bool sensitive
            required property string sensitiveNotice
            property bool revealed: false
            // the opening and closing quotation marks of the visitor's language
            readonly property var marks: panel.controller ? panel.controller.quoteMarks
                                                          : ["\u201C", "\u201D"]
            // Chinese and Japanese corner brackets (「」) are set in the line, at the size of
            // the words: drawn large in the margin, a bracket's long stroke hung over the
            // first two lines
            readonly property bool marksInline: /^[\u300c\u300e\u3008\u300a]/.test(marks[0])
            // a right-to-left text that starts with a Latin word (UNESCO...) still runs right
            // to left, its opening mark on the right: Qt takes a paragraph's direction from
            // its first letter with one
            readonly property string lead: panel.controller && panel.controller.rtl
                && /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/.test(remark.text) ? "\u200F" : ""
            objectName: "remark-" + index
            activeFocusOnTab: true
            onActiveFocusChanged: if (activeFocus) remarks.show(index)  // one remark a screen
            Accessible.role: Accessible.Paragraph
            Accessible.name: Theme.spoken(sensitive && !revealed,
                                          sensitiveNotice || panel.controller.ui.sensitive_notice || "",
                                          [(isQuote ? panel.controller.ui.quote : panel.controller.ui.reported) || "",
                                           text, [speaker, role, date].filter(t => t).join(", ")])
            FocusRing { around: words; outset: Theme.unit * 4 }  // the remark is as wide as the view: its words

            width: remarks.width
            readonly property real pad: Theme.unit * 5
            height: Math.max(remarks.pageHeight, words.height + 2 * pad)

            Column {
                id: words
                anchors.left: parent.left
                anchors.leftMargin: panel.margin
                width: Math.min(parent.width - 2 * panel.margin, Theme.body * 50)
                // centred in a view it fits; from the top when it is taller (it scrolls)
                y: Math.max(remark.pad, (remark.height - height) / 2)
                spacing: Theme.unit * 4
                // the height the words may take for the whole remark to fit the view (speaker
                // and Source button in sight): a long text is set smaller to fit, down to the
                // body size; past that the remark grows and scrolls
                readonly property real room: remarks.pageHeight - 2 * remark.pad - kind.height
                        - (markRow.visible ? markRow.height + spacing : 0)
                        - (originalWords.visible ? originalWords.height + spacing : 0)
                        - rule.height - attribution.height - sourceButton.height - 4 * spacing
                        - (voice.visible ? voice.height + spacing : 0)

                KText {
                    id: kind
                    objectName: "remarkKind"
                    anchors.left: parent.left
                    // in capitals as the language writes them (Greek without accents, İ)
                    text: panel.controller ? panel.controller.caps(
                              remark.isQuote ? panel.controller.ui.quote : panel.controller.ui.reported)
                                           : ""
                    font.pixelSize: Theme.small
                    font.weight: Font.DemiBold
                    font.letterSpacing: 2 * Theme.scale
                    color: Theme.accentText
                }
                // the quotation is a translation here: said so before its words are read
                Row {
                    id: markRow
                    objectName: "translatedMark"
                    visible: remark.translatedFrom !== ""
                    anchors.left: parent.left
                    spacing: Theme.unit * 1.5
                    Icon {
                        anchors.verticalCenter: parent.verticalCenter
                        name: "fa5s.language"
                        size: Theme.small
                        color: Theme.textMuted
                    }
                    KText {
                        objectName: "translatedFrom"
                        width: Math.min(implicitWidth, words.width - Theme.small - parent.spacing)
                        anchors.verticalCenter: parent.verticalCenter
                        text: remark.translatedFrom
                        font.pixelSize: Theme.small
                        font.italic: true
                        color: Theme.textMuted
                    }
                }
                Item {
                    width: parent.width
                    height: body.height
                    KText {  // the words at the size they would have, measured, not shown
                        id: natural
                        visible: false
                        width: body.width
                        text: body.text
                        font.family: body.font.family
                        font.pixelSize: body.wordSize
                        lineHeight: body.lineHeight
                    }
                    KText {
                        id: mark
                        objectName: "decoration"  // the layout check lets it overlap
                        visible: remark.isQuote && !remark.marksInline
                        // the language's own opening mark: « in Greek, „ in German, ” in
                        // Hebrew; right to left in a line of that direction, so that Persian's
                        // « is drawn mirrored, pointing at the words as its closing one does
                        readonly property string opening: remark.marks[0]
                        text: (panel.controller && panel.controller.rtl ? "\u200F" : "") + opening
                        // a high mark's ink starts where the first line's capitals do; a low
                        // one („) hangs from the first line's baseline, as it sits low in the
                        // words. Placed by the words' own metrics: an Arabic-script first line
                        // is taller than a Latin one
                        readonly property bool low: opening === "\u201E" || opening === "\u201A"
                        // (the metrics' font read in the binding, so that it is measured
                        // again when a font changes: a method call alone is no dependency)
                        readonly property real inkTop: inkIn(markMetrics, markMetrics.font, opening)
                        font.family: Theme.serif
                        font.pixelSize: Theme.number * 1.4
                        color: Theme.accentBright
                        anchors.left: parent.left
                        anchors.leftMargin: -Theme.unit
                        readonly property real capitals: -inkIn(bodyMetrics, bodyMetrics.font, "H")
                        function inkIn(metrics, font, text) {  // the top of `text`'s ink
                            return font ? metrics.tightBoundingRect(text).y : 0
                        }
                        y: body.baselineOffset - (low ? 0 : capitals) - baselineOffset - inkTop
                        FontMetrics {
                            id: markMetrics
                            font: mark.font
                        }
                        FontMetrics {
                            id: bodyMetrics
                            font: body.font
                        }
                    }
                    KText {
                        id: body
                        objectName: remark.isQuote ? "quote" : "reported"
                        anchors.left: parent.left
                        // (right to left, the mark's ink lies on the far side of its box,
                        // towards the words: they start past the whole box, not into the ink)
                        anchors.leftMargin: !remark.isQuote || remark.marksInline ? 0
                            : panel.controller && panel.controller.rtl
                              ? Math.max(Theme.unit * 9, mark.implicitWidth + Theme.unit)
                              : Theme.unit * 9
                        width: parent.width - anchors.leftMargin
                        // the closing mark at the end, in either direction (Arabic closes
                        // with “ on the left)
                        text: remark.lead + (!remark.isQuote ? remark.text
                              : (remark.marksInline ? remark.marks[0] : "") + remark.text + remark.marks[1])
                        font.family: remark.isQuote ? Theme.serif : Theme.sans
                        font.italic: false
                        readonly property real size: remark.isQuote
                                        ? (remark.text.length > 260 ? Theme.title : Theme.title * 1.2)
                                        : Theme.body * 1.15
                        // smaller when its widest word would not fit a line (down to 70%)
                        readonly property real wordFits: width / Math.max(1,
                            panel.widestWord(text, quoteMetrics, quoteMetrics.font) * size / (Theme.title * 1.2))
                        readonly property real wordSize: Math.max(Math.round(size * 0.7),
                                                                  Math.floor(size * Math.min(1, wordFits)))
                        // a wrapped text's height grows about with the square of its size
                        font.pixelSize: natural.implicitHeight <= words.room ? wordSize
                            : Math.max(Math.min(wordSize, Theme.body), Math.floor(wordSize
                                * Math.sqrt(Math.max(0, words.room) / natural.implicitHeight) * 0.96))
                        color: remark.isQuote ? Theme.text : Theme.text
                        lineHeight: remark.isQuote ? 1.35 : Theme.lineHeight
                    }
                }
                // the words as said, where the stand gives them and the visitor reads a translation
                Column {
                    id: originalWords
                    objectName: "original"
                    width: parent.width
                    visible: remark.original !== ""
                    spacing: Theme.unit * 1.5  // the label clear of the words it names
                    KText {
                        width: parent.width
                        text: panel.controller ? panel.controller.ui.original : ""
                        font.pixelSize: Theme.small
                        color: Theme.textMuted
                    }
                    KText {  // a Text of its own: the words keep their own direction
                        width: parent.width
                        text: remark.original
                        font.family: Theme.serif
                        font.pixelSize: Theme.small
                        color: Theme.textMuted
                        lineHeight: 1.3
                    }
                }
                Rectangle {
                    id: rule
                    anchors.left: parent.left
                    width: Theme.unit * 10
                    height: Math.max(2, Math.round(3 * Theme.scale))
                    color: Theme.line
                }
                Column {
                    id: attribution
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
                        text: Theme.joined([remark.occasion, remark.date], " · ")
                        color: Theme.textMuted
                        font.pixelSize: Theme.small
                        lineHeight: 1.3
                    }
                }
                Loader {  // only for a remark with the speaker's recording
                    id: voice
                    anchors.left: parent.left  // at the start of the line (mirrored)
                    active: !!remark.sound.file
                    visible: active
                    width: Math.min(parent.width, Theme.body * 34)
                    sourceComponent: RecordingPlayer {
                        objectName: "remarkSound"
                        recording: remark.sound
                        controller: panel.controller
                        video: false
                    }
                }
                SourceButton {
                    id: sourceButton
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
                notice: remark.sensitiveNotice
                onRevealRequested: remark.revealed = true
            }
            Connections {
                target: panel.controller
                function onResetRequested() { remark.revealed = false }
            }
        }
    }

    ScrollCue { flickable: remarks; label: panel.controller ? panel.controller.ui.more_below || "" : "" }

    Connections {
        target: panel.controller
        function onResetRequested() { remarks.show(0) }
    }
}
