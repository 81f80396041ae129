pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Key numbers, one per card, huge, counting up once when the panel is first seen; their
// parts drawn as proportional bars so the share is seen before it is read.
PanelPage {
    id: panel
    property bool seen: false

    readonly property real gap: Theme.unit * 3
    readonly property real inset: Theme.unit * 4  // a card's padding
    readonly property real room: flick.width - 2 * margin  // the width the cards share
    readonly property int count: cards.count

    // The columns follow the number of figures and the screen, not the language: switching
    // language never moves a card. At most as many as cards of a readable width fit (at
    // least Theme.body * 10 wide, four at most; two on a portrait screen, where a third of
    // its width held a four-digit number at two thirds of its size; one or two figures are
    // stacked there, filling its height); fewer where the widest number would be drawn
    // smaller than `numberFloor` (measured in Latin digits: the same in every language; a
    // million still fits two columns of a portrait screen); then rows as even as they can
    // be (eight cards 4 + 4, five 3 + 2, four 2 + 2 where three would fit).
    readonly property real numberFloor: Theme.number * 0.68
    readonly property int screenColumns: !Theme.landscape ? (count > 2 ? 2 : 1)
        : Math.min(4, fitting(Theme.body * 10 - 2 * inset))
    // Fewer also where a word of a label is wider than a card's line in this language (it
    // would be broken mid-word: a German compound of 35 letters takes half a landscape
    // screen). The one case where the language changes the grid: a word cannot be shrunk
    // or broken, and the widest word of the other languages is not known here.
    // The widest number alone does not set them: one too long for that shrinks on its own
    // (one figure of 10^15 put thirty cards in one column, screens of scrolling); the second
    // widest does, so that two or more long numbers still get the room.
    readonly property int most: Math.max(1, Math.min(screenColumns,
        fitting(secondNumber * numberFloor), fitting(longestWord)))
    readonly property int columns: count > 0 ? Math.ceil(count / Math.ceil(count / most)) : 1
    // how many cards fit side by side whose lines are `line` wide
    function fitting(line) {
        return Math.max(1, Math.floor((room + gap) / (line + 2 * inset + gap)))
    }
    readonly property real share: (room - (columns - 1) * gap) / columns
    // One or two figures on a landscape screen are cards, not bands across it: a number and
    // the values of its parts stay near their labels (one card of the right-to-left test
    // stand spanned 1,840 px, a part's value 1,700 px from its label). Two side by side in
    // the middle; a lone one under the heading, at the side the text is read from, a third
    // of the screen wide.
    readonly property real cardWidth: count > 2 || !Theme.landscape ? share
        : Math.min(share, Math.max(Theme.body * (count > 1 ? 24 : 21),
                                   widestNumber * numberFloor + 2 * inset, longestWord + 2 * inset))
    // One size for every number of the panel (each shrunk on its own to fit, the numbers of
    // a row differed, which looked careless): the largest at which the widest fits its card,
    // in Latin digits too (the same size in every language: Arabic digits are narrower),
    // up to the theme's; for one or two figures up to 192 px at 1080 (larger, with larger
    // text, pushed their labels off the first screen)
    // The numbers that would fall below `numberFloor` at it do not set it: each of them
    // shrinks alone to fit its card (the one outlier, not every number of the panel).
    readonly property real numberSize: Math.max(1, Math.floor(Math.min(
        count > 2 ? Theme.number : Math.max(Theme.number, Math.round(192 * Theme.scale)),
        sizeFor(numberWidths, cardWidth - 2 * inset))))
    function sizeFor(widths, line) {
        var size = Infinity
        for (var i = 0; i < widths.length; ++i) {
            var fits = line / Math.max(widths[i], 0.01)
            if (fits >= numberFloor)
                size = Math.min(size, fits)
        }
        return size === Infinity ? numberFloor : size
    }

    property real longestWord: 0
    property real widestNumber: 0  // in ems: the widest value, written in Latin digits
    property real widestShown: 0   // in ems: the widest value as shown in this language
    property var numberWidths: []  // in ems: each value, the wider of as shown and in Latin digits
    property real secondNumber: 0  // in ems: the second widest of those (or the only one)
    FontMetrics {
        id: labelMetrics
        font.family: Theme.sans
        font.weight: Font.DemiBold
        font.pixelSize: Theme.label * 1.1
    }
    FontMetrics {
        id: partMetrics
        font.family: Theme.sans
        font.pixelSize: Theme.small
    }
    FontMetrics {
        id: numberMetrics
        font.family: Theme.sans
        font.weight: Font.Bold
        font.pixelSize: Theme.number
    }
    // whether any figure has an icon: if none has, no card keeps a place for one
    property bool anyIcon: false
    onAnyIconChanged: measure()
    // the widest word of the labels, and of the parts' labels beside their values; the widest
    // number, as shown and in Latin digits
    function measureWords() {
        var widest = 0
        var number = 0
        var shown = 0
        var icons = false
        var widths = []
        for (var i = 0; i < cards.count; ++i) {
            var card = panel.content.row(i)  // the figure's data, whether or not its card is made
            if (!card) continue
            icons = icons || card.icon !== ""
            // (a letter of a script written without spaces, Chinese or Thai, is a word)
            widest = Math.max(widest, panel.widestWord(card.label, labelMetrics, labelMetrics.font))
            for (var p = 0; p < card.parts.length; ++p) {
                var part = card.parts[p]
                widest = Math.max(widest, panel.widestWord(part.label, partMetrics, partMetrics.font)
                                  + partMetrics.advanceWidth(part.valueText) + Theme.unit * 2)
            }
            var latin = numberMetrics.advanceWidth(
                Number(card.value).toLocaleString(Qt.locale("en_US"), 'f', 0))
            var own = numberMetrics.advanceWidth(card.valueText)
            number = Math.max(number, latin)
            shown = Math.max(shown, own)
            widths.push(Math.max(latin, own) / numberMetrics.font.pixelSize)
        }
        numberWidths = widths
        var latins = widths.slice().sort((a, b) => b - a)
        secondNumber = latins.length > 1 ? latins[1] : (latins.length ? latins[0] : 0)
        longestWord = widest
        widestNumber = number / numberMetrics.font.pixelSize
        widestShown = shown / numberMetrics.font.pixelSize
        anyIcon = icons
    }
    Connections {
        target: labelMetrics
        function onFontChanged() { panel.measureWords() }
    }
    // the cards' changes measured once, after them all (a Timer of the panel's, not
    // Qt.callLater: it goes with the panel, and never calls into one already destroyed)
    Timer {
        id: remeasure
        interval: 0
        onTriggered: { panel.measureWords(); panel.measure() }
    }
    // the height of each row of cards: its tallest card's (not one height for all)
    property var rowHeights: []

    onCurrentChanged: if (current) seen = true
    onColumnsChanged: measure()

    function measure() {
        var rows = []
        for (var i = 0; i < cards.count; ++i) {
            var card = cards.itemAt(i)
            var row = Math.floor(i / columns)
            rows[row] = Math.max(rows[row] || 0, card ? card.implicitHeight : 0)
        }
        rowHeights = rows
    }

    Flickable {
        id: flick
        anchors.fill: parent
        clip: true
        contentWidth: width
        contentHeight: column.height + Theme.unit * 14
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: column
            x: panel.margin
            y: Theme.unit * 6
            width: flick.width - 2 * panel.margin
            spacing: Theme.unit * 5

            PanelHeader {
                width: parent.width
                title: panel.title
                intro: panel.intro
            }

            Grid {
                id: grid
                anchors.left: parent.left
                // two cards narrower than the screen side by side in the middle; a lone one
                // under the heading, at the side the text is read from
                anchors.leftMargin: panel.count > 1 ? (parent.width - width) / 2 : 0
                columns: panel.columns
                spacing: panel.gap
                // right to left, the first card at the right: LayoutMirroring turns the grid

                Repeater {
                    id: cards
                    model: panel.content
                    delegate: Rectangle {
                        id: card
                        required property int index
                        required property string label
                        required property real value
                        required property string valueText
                        required property string icon
                        required property var parts
                        required property string note
                        required property var sourceIds
                        required property bool sensitive
                        required property string sensitiveNotice
                        property bool revealed: false
                        property real shown: panel.seen && Theme.animations ? value : (Theme.animations ? 0 : value)

                        objectName: "figure-" + index
                        activeFocusOnTab: true
                        Accessible.role: Accessible.StaticText
                        Accessible.name: Theme.spoken(sensitive && !revealed,
                                                      sensitiveNotice || panel.controller.ui.sensitive_notice || "",
                                                      [valueText + " " + label, note])
                        FocusRing {}
                        width: panel.cardWidth
                        height: Math.max(panel.rowHeights[Math.floor(index / panel.columns)] || 0,
                                         implicitHeight)
                        implicitHeight: body.implicitHeight + 2 * panel.inset
                        radius: Theme.radius
                        color: Theme.surface
                        border.width: Math.max(1, Math.round(Theme.scale))
                        border.color: Theme.line
                        onImplicitHeightChanged: remeasure.restart()
                        // once for all the cards of a change, not once per card (a hundred
                        // figures took seconds to switch language: every card measured all)
                        Component.onCompleted: remeasure.restart()
                        onLabelChanged: remeasure.restart()
                        onValueTextChanged: remeasure.restart()

                        Behavior on shown {
                            enabled: Theme.animations && panel.seen
                            NumberAnimation { duration: Theme.countUp; easing.type: Easing.OutCubic }
                        }

                        Column {
                            id: body
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.top: parent.top
                            anchors.margins: panel.inset
                            spacing: Theme.unit * 1.5

                            // no icon given: none drawn (a plain dot above the number read as
                            // a placeholder), its place kept so the numbers of a row line up,
                            // unless no figure of the panel has one
                            Icon {
                                anchors.left: parent.left
                                visible: panel.anyIcon
                                name: card.icon
                                size: Theme.title
                                color: Theme.accentText
                            }
                            KText {
                                objectName: "number"
                                width: parent.width
                                text: card.shown >= card.value ? card.valueText
                                      : Math.round(card.shown).toLocaleString(Qt.locale(panel.controller.language), 'f', 0)
                                font.pixelSize: panel.numberSize
                                font.weight: Font.Bold
                                wrapMode: Text.NoWrap
                                // a number too long for the panel's size (above) shrinks alone
                                fontSizeMode: Text.HorizontalFit
                                minimumPixelSize: Math.round(Theme.number * 0.2)
                            }
                            KText {
                                width: parent.width
                                text: card.label
                                font.pixelSize: Theme.label * 1.1
                                font.weight: Font.DemiBold
                                lineHeight: 1.25
                            }
                            Item { width: 1; height: Theme.unit; visible: card.parts.length > 0 }
                            Repeater {
                                model: card.parts
                                delegate: Column {
                                    id: partRow
                                    required property var modelData
                                    width: body.width
                                    spacing: Theme.unit * 0.75
                                    Item {
                                        width: parent.width
                                        height: partLabel.height
                                        KText {
                                            id: partLabel
                                            anchors.left: parent.left
                                            anchors.right: partValue.left
                                            anchors.rightMargin: Theme.unit
                                            text: partRow.modelData.label
                                            font.pixelSize: Theme.small
                                            color: Theme.textMuted
                                            lineHeight: 1.2
                                        }
                                        KText {
                                            id: partValue
                                            anchors.right: parent.right
                                            // a long number shrinks rather than crowd out its label
                                            width: Math.min(implicitWidth, parent.width * 0.6)
                                            text: partRow.modelData.valueText
                                            font.pixelSize: Theme.small
                                            font.weight: Font.Bold
                                            wrapMode: Text.NoWrap
                                            fontSizeMode: Text.HorizontalFit
                                            minimumPixelSize: Theme.unit * 1.5
                                            horizontalAlignment: Text.AlignRight
                                        }
                                    }
                                    Rectangle {
                                        width: parent.width
                                        height: Math.round(12 * Theme.scale)
                                        radius: height / 2
                                        color: Theme.surfaceRaised
                                        Rectangle {
                                            anchors.left: parent.left
                                            height: parent.height
                                            radius: height / 2
                                            width: Math.max(height, parent.width * partRow.modelData.fraction
                                                            * Math.min(1, card.shown / Math.max(1, card.value)))
                                            color: Theme.accentBright
                                        }
                                    }
                                }
                            }
                            KText {
                                width: parent.width
                                visible: text !== ""
                                text: card.note
                                font.pixelSize: Theme.small
                                color: Theme.textMuted
                                lineHeight: 1.3
                            }
                            SourceButton {
                                anchors.left: parent.left
                                sourceIds: card.sourceIds
                                text: panel.controller ? panel.controller.ui.source : ""
                                onClicked: panel.sourceRequested(card.sourceIds)
                            }
                        }

                        SensitiveCover {
                            anchors.fill: parent
                            revealed: !card.sensitive || card.revealed
                            notice: card.sensitiveNotice
                            ui: panel.controller ? panel.controller.ui : ({})
                            onRevealRequested: {
                                card.revealed = true
                                panel.controller.opened("sensitive", "figure-" + card.index)
                            }
                        }
                        Connections {
                            target: panel.controller
                            function onResetRequested() { card.revealed = false }
                        }
                    }
                }
            }
        }
    }

    ScrollCue { flickable: flick; label: panel.controller ? panel.controller.ui.more_below || "" : "" }

    Connections {
        target: panel.controller
        function onResetRequested() {
            flick.contentY = 0
            panel.seen = false
        }
    }
}
