pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// Who recognised or condemned what: the groups with their entries, a group's number as a
// badge only where the stand states it (`total`; otherwise the badge is a dot of the
// group's colour), counts such as "22 U.S. states" on the entry itself.
PanelPage {
    id: panel

    FontMetrics {
        id: labelMetrics
        font.family: Theme.sans
        font.weight: Font.Bold
        font.pixelSize: Theme.title * 0.9
    }
    readonly property string mapUrl: mapIn(controller.highContrast)
    function mapIn(highContrast) {  // again when high contrast is chosen: other colours
        return highContrast !== undefined ? controller.mapSource(panelIndex) : ""
    }
    readonly property bool sideBySide: Theme.landscape && mapUrl !== ""
    property string country: ""
    property var countryEntries: []

    function pickCountry(code) {
        country = code
        countryEntries = code ? controller.countryEntries(panelIndex, code) : []
        if (code) controller.opened("country", code)
    }

    Connections {
        target: panel.controller
        function onLanguageChanged() { panel.pickCountry(panel.country) }
    }

    // the map (each group's colour is on its count badge in the list), and the entries of a
    // tapped country
    Column {
        id: mapColumn
        visible: panel.mapUrl !== ""
        anchors.left: parent.left
        anchors.leftMargin: panel.margin
        y: Theme.unit * 6
        width: panel.sideBySide ? (panel.width - 2 * panel.margin) * 0.56 : panel.width - 2 * panel.margin
        spacing: Theme.unit * 3

        PanelHeader {
            id: mapHeader
            width: parent.width
            title: panel.title
            intro: panel.intro
        }

        Image {
            id: map
            objectName: "worldMap"
            width: parent.width
            // as large as the column allows below the header
            height: Math.max(Theme.touch * 2, Math.min(Math.round(width * 0.443),
                    panel.height - mapColumn.y - mapHeader.height - mapColumn.spacing
                    - Theme.unit * 4))
            source: panel.mapUrl
            sourceSize.width: width
            asynchronous: Theme.animations
            fillMode: Image.PreserveAspectFit
            LayoutMirroring.enabled: false
            TapHandler {
                onTapped: (point) => panel.pickCountry(panel.controller.countryAt(
                    panel.panelIndex,
                    (point.position.x - (map.width - map.paintedWidth) / 2) / map.paintedWidth,
                    (point.position.y - (map.height - map.paintedHeight) / 2) / map.paintedHeight))
            }
        }


    }

    // the entries of the tapped country, over the bottom of the map
    Rectangle {
        objectName: "countryCard"
        visible: panel.country !== "" && panel.countryEntries.length > 0
        x: mapColumn.x
        y: mapColumn.y + map.y + map.height - height
        width: mapColumn.width
        height: countryText.implicitHeight + Theme.unit * 5
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.width: Math.max(1, Math.round(2 * Theme.scale))
        border.color: Theme.accentBright
        TapHandler { onTapped: panel.pickCountry("") }
            KText {
                id: countryText
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.margins: Theme.unit * 3
                text: panel.countryEntries.map(function (e) { return e.name + " — " + e.group }).join("\n")
                font.pixelSize: Theme.label
                lineHeight: 1.3
            }
    }

    Flickable {
        id: flick
        anchors.right: parent.right  // beside the map, or below it as wide
        y: panel.sideBySide || panel.mapUrl === "" ? 0 : mapColumn.y + mapColumn.height + Theme.unit * 4
        width: panel.sideBySide ? panel.width - mapColumn.width - panel.margin - Theme.unit * 5 : panel.width
        height: panel.height - y
        clip: true
        contentWidth: width
        contentHeight: column.height + Theme.unit * 14
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: column
            anchors.left: parent.left
            anchors.leftMargin: panel.sideBySide ? 0 : panel.margin
            y: Theme.unit * 6
            width: flick.width - (panel.sideBySide ? panel.margin : 2 * panel.margin)
            spacing: Theme.unit * 4

            PanelHeader {
                visible: panel.mapUrl === ""
                width: parent.width
                title: panel.title
                intro: panel.intro
            }

            Repeater {
                model: panel.content
                delegate: Rectangle {
                    id: group
                    required property int index
                    required property string label
                    required property var entries
                    required property real total
                    required property string totalText
                    required property var sourceIds
                    required property bool sensitive
                    required property string sensitiveNotice
                    property bool revealed: false

                    objectName: "group-" + index
                    activeFocusOnTab: true
                    Accessible.role: Accessible.Section
                    Accessible.name: Theme.spoken(sensitive && !revealed,
                                                  sensitiveNotice || panel.controller.ui.sensitive_notice || "",
                                                  [label, totalText])
                    FocusRing {}
                    width: column.width
                    height: groupBody.implicitHeight + Theme.unit * 8
                    radius: Theme.radius
                    color: Theme.surface
                    border.width: Math.max(1, Math.round(Theme.scale))
                    border.color: Theme.line

                    Column {
                        id: groupBody
                        anchors.left: parent.left
                        anchors.right: parent.right
                        anchors.top: parent.top
                        anchors.margins: Theme.unit * 4
                        spacing: Theme.unit * 3

                        // the count badge and the group's label beside it, or the label
                        // below when its widest word would not fit beside (a long compound)
                        Item {
                            id: groupHead
                            readonly property real gap: Theme.unit * 3
                            readonly property bool beside: panel.widestWord(group.label, labelMetrics, labelMetrics.font)
                                                           <= width - badge.width - gap
                            width: parent.width
                            height: beside ? Math.max(badge.height, groupLabel.height)
                                           : badge.height + gap + groupLabel.height
                            Rectangle {
                                id: badge
                                objectName: "total"
                                readonly property bool stated: group.totalText !== ""
                                anchors.left: parent.left
                                y: groupHead.beside ? (groupHead.height - height) / 2 : 0
                                // a long total shrinks rather than crowd out the group's label
                                width: stated ? Math.max(height, Math.min(totalLabel.implicitWidth,
                                                                          groupBody.width * 0.35) + Theme.unit * 4)
                                              : height
                                height: stated ? Theme.touch * 0.9 : Theme.touch * 0.4
                                radius: height / 2
                                color: stated ? "transparent" : border.color
                                border.width: Math.max(2, Math.round(3 * Theme.scale))
                                border.color: panel.controller.groupColours[group.index % panel.controller.groupColours.length]
                                KText {
                                    id: totalLabel
                                    visible: badge.stated
                                    anchors.centerIn: parent
                                    width: Math.min(implicitWidth, groupBody.width * 0.35)
                                    height: badge.height
                                    verticalAlignment: Text.AlignVCenter
                                    text: group.totalText
                                    font.pixelSize: Theme.title
                                    font.weight: Font.Bold
                                    wrapMode: Text.NoWrap
                                    fontSizeMode: Text.HorizontalFit
                                    minimumPixelSize: Theme.unit * 1.5
                                    horizontalAlignment: Text.AlignHCenter
                                }
                            }
                            KText {
                                id: groupLabel
                                anchors.left: groupHead.beside ? badge.right : parent.left
                                anchors.leftMargin: groupHead.beside ? groupHead.gap : 0
                                anchors.right: parent.right
                                y: groupHead.beside ? (groupHead.height - height) / 2
                                                    : badge.height + groupHead.gap
                                text: group.label
                                font.pixelSize: Theme.title * 0.9
                                font.weight: Font.Bold
                                lineHeight: 1.2
                            }
                        }

                        Flow {
                            width: parent.width
                            spacing: Theme.unit * 1.5
                            // right to left, the first entry at the right (LayoutMirroring)
                            Repeater {
                                model: group.entries
                                delegate: Rectangle {
                                    id: entryRow
                                    required property var modelData
                                    height: Math.max(Theme.touch * 0.85, chip.implicitHeight + Theme.unit * 2)
                                    width: Math.min(groupBody.width, chip.implicitWidth + Theme.unit * 5)
                                    radius: Math.min(height / 2, Theme.touch * 0.425)
                                    color: Theme.surfaceRaised
                                    Row {
                                        id: chip
                                        anchors.centerIn: parent
                                        spacing: Theme.unit * 1.5
                                        Rectangle {
                                            visible: entryRow.modelData.countText !== ""
                                            width: Math.max(height, countLabel.implicitWidth + Theme.unit * 2.5)
                                            height: Theme.label * 1.5
                                            radius: height / 2
                                            color: Theme.accent
                                            anchors.verticalCenter: parent.verticalCenter
                                            KText {
                                                id: countLabel
                                                anchors.centerIn: parent
                                                text: entryRow.modelData.countText
                                                font.pixelSize: Theme.small
                                                font.weight: Font.Bold
                                                color: Theme.textOnAccent
                                                wrapMode: Text.NoWrap
                                            }
                                        }
                                        KText {
                                            // long names (a body, not a country) wrap
                                            text: entryRow.modelData.name
                                            font.pixelSize: Theme.label
                                            lineHeight: 1.15
                                            width: Math.min(implicitWidth, groupBody.width - Theme.unit * 12)
                                            anchors.verticalCenter: parent.verticalCenter
                                        }
                                    }
                                }
                            }
                        }

                        SourceButton {

                            anchors.left: parent.left
                            sourceIds: group.sourceIds
                            text: panel.controller ? panel.controller.ui.source : ""
                            onClicked: panel.sourceRequested(group.sourceIds)
                        }
                    }

                    SensitiveCover {
                        anchors.fill: parent
                        revealed: !group.sensitive || group.revealed
                        notice: group.sensitiveNotice
                        ui: panel.controller ? panel.controller.ui : ({})
                        onRevealRequested: group.revealed = true
                    }
                    Connections {
                        target: panel.controller
                        function onResetRequested() { group.revealed = false }
                    }
                }
            }
        }
    }

    ScrollCue { flickable: flick; label: panel.controller ? panel.controller.ui.more_below || "" : "" }

    Connections {
        target: panel.controller
        function onResetRequested() { flick.contentY = 0; panel.pickCountry("") }
    }
}
