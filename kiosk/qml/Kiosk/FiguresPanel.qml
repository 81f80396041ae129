pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Key numbers, one per card, huge, counting up once when the panel is first seen; their
// parts drawn as proportional bars so the share is seen before it is read.
PanelPage {
    id: panel
    property bool seen: false

    readonly property real gap: Theme.unit * 3
    // as many columns as cards of a readable width fit (the width grows with the text size,
    // and with the longest word of a label: a German compound is never broken mid-word), at
    // most four, never more than there are cards
    readonly property real minCardWidth: Math.max(Theme.body * 10,
                                                  longestWord + Theme.unit * 8 + Theme.unit * 2)
    readonly property int fitting: Math.max(1, Math.min(4,
        Math.floor((width - 2 * margin + gap) / (minCardWidth + gap))))
    readonly property int columns: Math.max(1, Math.min(fitting, cards.count))
    // a lone figure (or two) is a card, not a band across the screen: its number and the
    // values of its parts stay near their labels (one card of the right-to-left test stand
    // spanned 1,840 px, a part's value 1,700 px from its label)
    readonly property int shares: Math.max(columns, Math.min(fitting, 3))
    property real longestWord: 0
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
    // the widest word of the labels, and of the parts' labels beside their values
    // whether any figure has an icon: if none has, no card keeps a place for one
    property bool anyIcon: false
    onAnyIconChanged: measure()
    function measureWords() {
        var widest = 0
        var icons = false
        for (var i = 0; i < cards.count; ++i) {
            var card = panel.content.row(i)  // the figure's data, whether or not its card is made
            if (!card) continue
            icons = icons || card.icon !== ""
            // (a letter of a script written without spaces, Chinese or Thai, is a word)
            var words = panel.unspaced(card.label).split(/\s+/)
            for (var w = 0; w < words.length; ++w)
                widest = Math.max(widest, labelMetrics.advanceWidth(words[w]))
            for (var p = 0; p < card.parts.length; ++p) {
                var part = card.parts[p]
                var partWords = panel.unspaced(part.label).split(/\s+/)
                for (var q = 0; q < partWords.length; ++q)
                    widest = Math.max(widest, partMetrics.advanceWidth(partWords[q])
                                      + partMetrics.advanceWidth(part.valueText) + Theme.unit * 2)
            }
        }
        longestWord = widest
        anyIcon = icons
    }
    Connections {
        target: labelMetrics
        function onFontChanged() { panel.measureWords() }
    }
    readonly property real cardWidth: (flick.width - 2 * margin - (shares - 1) * gap) / shares
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
                        implicitHeight: body.implicitHeight + Theme.unit * 8
                        radius: Theme.radius
                        color: Theme.surface
                        border.width: Math.max(1, Math.round(Theme.scale))
                        border.color: Theme.line
                        onImplicitHeightChanged: panel.measure()
                        Component.onCompleted: { panel.measureWords(); panel.measure() }
                        onLabelChanged: panel.measureWords()

                        Behavior on shown {
                            enabled: Theme.animations && panel.seen
                            NumberAnimation { duration: Theme.countUp; easing.type: Easing.OutCubic }
                        }

                        Column {
                            id: body
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.top: parent.top
                            anchors.margins: Theme.unit * 4
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
                                font.pixelSize: Theme.number * (card.valueText.length > 5 ? 0.8 : 1)
                                font.weight: Font.Bold
                                wrapMode: Text.NoWrap
                                fontSizeMode: Text.HorizontalFit
                                minimumPixelSize: Theme.unit * 2.5  // room for 19 digits (the largest number allowed)
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
