pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The citation of an item: title, publisher, date and, where there is a URL, a QR code
// generated offline so a visitor can take the source away on a phone.
Item {
    id: sheet
    required property KioskController controller
    property var sources: []  // the citations of one item: its own source and its parts' or entries'
    property bool open: false

    function openSources(sourceIds) {
        sources = sourceIds.map(sourceId => controller.source(sourceId))
        open = true
        for (const sourceId of sourceIds)
            controller.opened("source", sourceId)
    }
    function close() { open = false }

    objectName: "sourceSheet"
    visible: opacity > 0
    opacity: open ? 1 : 0
    Behavior on opacity { NumberAnimation { duration: Theme.fast } }

    Rectangle {
        anchors.fill: parent
        color: Theme.scrim
        MouseArea { anchors.fill: parent; onClicked: sheet.close() }
    }

    Rectangle {
        id: card
        objectName: "sourceCard"
        anchors.centerIn: parent
        width: Math.min(parent.width * 0.8, Theme.body * 40)
        height: content.implicitHeight + Theme.unit * 12
        radius: Theme.radius * 1.5
        color: Theme.surface
        border.width: Math.max(1, Math.round(2 * Theme.scale))
        border.color: Theme.line
        MouseArea { anchors.fill: parent }

        Column {
            id: content
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: Theme.unit * 6
            spacing: Theme.unit * 3

            KText {
                id: heading
                width: parent.width  // on the reading side in every language
                // in capitals as the language writes them (Greek without accents, İ)
                text: sheet.controller.caps(sheet.sources.length > 1 ? sheet.controller.ui.sources
                                                                     : sheet.controller.ui.source)
                font.pixelSize: Theme.small
                font.weight: Font.DemiBold
                font.letterSpacing: 2 * Theme.scale
                color: Theme.accentText
            }
            // several when the item's parts or entries cite sources of their own; they scroll
            // when they do not fit
            Flickable {
                id: citations
                objectName: "sourceCitations"
                width: parent.width
                // as tall as the card may be (nearly the screen) less its heading and button
                height: Math.min(list.implicitHeight, sheet.height * 0.94 - Theme.unit * 12
                                 - heading.height - closeButton.height - 2 * content.spacing)
                contentHeight: list.implicitHeight
                clip: true
                boundsBehavior: Flickable.StopAtBounds
                interactive: contentHeight > height
                Column {
                    id: list
                    width: citations.width
                    spacing: Theme.unit * 5
                    Repeater {
                        model: sheet.sources
                        Row {
                            id: citationRow
                            required property var modelData
                            required property int index
                            readonly property var source: modelData
                            width: parent.width
                            spacing: Theme.unit * 5
                            Column {
                                id: citation
                                width: parent.width - (qr.visible ? qr.width + parent.spacing : 0)
                                spacing: Theme.unit * 2
                                KText {
                                    objectName: "sourceTitle-" + citationRow.index
                                    width: parent.width
                                    text: citationRow.source.title || sheet.controller.ui.unknown_source
                                    font.pixelSize: Theme.title
                                    font.weight: Font.Bold
                                    lineHeight: 1.25
                                }
                                KText {
                                    width: parent.width
                                    visible: (citationRow.source.publisher || "") !== ""
                                    text: citationRow.source.publisher || ""
                                    color: Theme.textMuted
                                }
                                KText {
                                    width: parent.width
                                    visible: (citationRow.source.date || "") !== ""
                                    text: citationRow.source.date || ""
                                    color: Theme.textMuted
                                }
                                KText {
                                    width: parent.width
                                    visible: (citationRow.source.url || "") !== ""
                                    text: citationRow.source.url || ""
                                    font.pixelSize: Theme.small
                                    color: Theme.textMuted
                                    wrapMode: Text.WrapAnywhere
                                }
                            }
                            Column {
                                id: qr
                                visible: (citationRow.source.qr || "") !== ""
                                // smaller when several share the sheet (still easy to scan)
                                width: Theme.touch * (sheet.sources.length > 1 ? 2.4 : 3.2)
                                spacing: Theme.unit
                                Image {
                                    objectName: "qr-" + citationRow.index
                                    width: parent.width
                                    height: width
                                    source: citationRow.source.qr || ""
                                    sourceSize.width: width
                                    sourceSize.height: height
                                    smooth: false
                                }
                                KText {
                                    width: parent.width
                                    text: sheet.controller.ui.scan
                                    font.pixelSize: Theme.small * 0.9
                                    color: Theme.textMuted
                                    horizontalAlignment: Text.AlignHCenter
                                    lineHeight: 1.2
                                }
                            }
                        }
                    }
                }
            }
            TouchButton {
                id: closeButton
                objectName: "closeSource"
                anchors.left: parent.left
                text: sheet.controller.ui.close
                icon: "fa5s.times"
                onClicked: sheet.close()
            }
        }
    }
}
