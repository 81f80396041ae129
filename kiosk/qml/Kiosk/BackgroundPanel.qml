pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The story, section by section: date, heading, text, and a large image with its caption.
PanelPage {
    id: panel

    FontMetrics {
        id: headingMetrics
        font.family: Theme.sans
        font.weight: Font.Bold
        font.pixelSize: Theme.title
    }
    // the dated sections, in order: [{index, date}]
    readonly property var timeline: timelineIn(controller.language)
    function timelineIn(language) {  // again when the language changes
        return language ? controller.timeline(panelIndex) : []
    }

    ListView {
        id: list
        objectName: "sections"
        anchors.fill: parent
        clip: true
        model: panel.content
        currentIndex: -1
        spacing: Theme.unit * 8
        boundsBehavior: Flickable.StopAtBounds
        flickableDirection: Flickable.VerticalFlick
        // sections two screens ahead are made (photos decoded) while the panel is the one
        // shown; a panel built ahead of the visitor makes only what is in view (so the attract
        // screen holds less memory)
        cacheBuffer: panel.current ? Math.max(0, height * 2) : 0
        topMargin: Theme.unit * 6
        bottomMargin: Theme.unit * 8

        // keep the panel's title in view while the header grows (fonts, larger text)
        property bool atTop: true
        function toTop() { contentY = originY - topMargin }
        onMovementEnded: atTop = contentY <= originY - topMargin + 2
        onOriginYChanged: if (atTop && !moving) toTop()
        onTopMarginChanged: if (atTop && !moving) toTop()

        header: Column {
            // moved in from the edge by a transform, as the sections are (see below)
            transform: Translate { x: panel.margin }
            width: list.width - 2 * panel.margin
            spacing: Theme.unit * 3
            bottomPadding: Theme.unit * 6
            PanelHeader {
                width: parent.width
                title: panel.title
                intro: panel.intro
            }
            // a timeline rail when sections carry dates: tap a date to jump to its section
            Flow {
                objectName: "timeline"
                width: parent.width
                spacing: Theme.unit * 1.5
                visible: dated.count > 0
                Repeater {
                    id: dated
                    model: panel.timeline
                    delegate: Rectangle {
                        id: dateChip
                        required property var modelData
                        height: Theme.touch * 0.85
                        width: dateLabel.implicitWidth + Theme.unit * 5
                        radius: height / 2
                        color: "transparent"
                        border.width: Math.max(1, Math.round(2 * Theme.scale))
                        border.color: Theme.accentBright
                        KText {
                            id: dateLabel
                            anchors.centerIn: parent
                            text: dateChip.modelData.date
                            font.pixelSize: Theme.label
                            font.weight: Font.DemiBold
                            color: Theme.accentText
                            wrapMode: Text.NoWrap
                        }
                        TapHandler {
                            onTapped: {
                                list.atTop = false
                                list.positionViewAtIndex(dateChip.modelData.index, ListView.Beginning)
                            }
                        }
                    }
                }
            }
        }

        delegate: FocusScope {  // has the focus too while a control of its own has it
            id: section
            objectName: "section-" + index
            // a stop of the keypad's focus, read in order, brought into view (a list moved by
            // hand would put the focused section away, or go back to its top)
            activeFocusOnTab: true
            onActiveFocusChanged: if (activeFocus) section.bringIntoView()
            function bringIntoView() {
                list.atTop = false
                list.positionViewAtIndex(index, ListView.Contain)
            }
            Accessible.role: Accessible.Section
            Accessible.name: Theme.spoken(sensitive && !revealed, Theme.sentences([date, heading,
                                          sensitiveNotice || panel.controller.ui.sensitive_notice || ""]),
                                          [date, heading].concat(paragraphs))
            FocusRing {}
            required property int index
            required property string heading
            required property string date
            required property var paragraphs
            required property string image
            required property int pixelWidth
            required property string caption
            required property string credit
            required property var recording  // a video ({} for none): RecordingPlayer
            required property var sound       // a recording of sound of the section's own
            required property var sourceIds
            required property bool sensitive
            required property string sensitiveNotice
            property bool revealed: false

            // moved in from the edge by a transform: the list sets its delegates' x to 0 when it
            // lays them out (a panel built after the window is shown lost its margin to that)
            transform: Translate { x: panel.margin }
            width: list.width - 2 * panel.margin
            // covered: as tall as its notice (not as its hidden words: a notice alone in the
            // middle of a screen's height of nothing)
            height: sensitive && !revealed ? Math.max(cover.implicitHeight, Theme.touch * 5)
                                           : layout.height

            readonly property bool hasVideo: !!recording.file
            readonly property bool sideBySide: Theme.landscape && (image !== "" || hasVideo)
            readonly property real imageWidth: sideBySide ? width * 0.42 : width

            Item {
                id: layout
                width: parent.width
                // not drawn at all under the notice: a picture reaching the section's edge
                // showed in the notice's rounded corners
                visible: !section.sensitive || section.revealed
                height: section.sideBySide ? Math.max(figure.height, words.height)
                                           : figure.height + words.height + Theme.unit * 4

                // beside the words: at the start of the line (left, or right in a language
                // read from right to left: anchored, so LayoutMirroring mirrors it)
                Column {
                    id: figure
                    objectName: "sectionFigure"
                    anchors.left: parent.left
                    width: section.imageWidth
                    visible: section.image !== "" || section.hasVideo
                    height: visible ? implicitHeight : 0
                    spacing: Theme.unit * 1.5
                    // a picture gone from the disk is not asked for (no Qt warning): the
                    // placeholder below shows instead
                    readonly property bool pictureGone: !!panel.controller
                        && panel.controller.missingMedia.indexOf(section.image) >= 0
                    // the whole picture, never cropped: as tall as its proportions ask, up to
                    // most of the panel's height (a portrait photo is then narrower, centred)
                    // a video: its poster and controls in place of the picture
                    // made only for a section with a video: a player for each section would
                    // cost memory and fill a screen reader's view with controls never shown
                    Loader {
                        active: section.hasVideo
                        visible: active
                        width: parent.width
                        sourceComponent: RecordingPlayer {
                            objectName: "sectionVideo"
                            recording: section.recording
                            controller: panel.controller
                            fallbackPoster: section.image
                            screenHeight: Math.min(Math.round(width * 9 / 16), picture.tallest)
                            onFullScreenRequested: {
                                panel.recordingRequested(section.recording, section.caption, section.credit)
                                panel.controller.opened("video", "section-" + section.index)
                            }
                        }
                    }
                    Image {
                        id: picture
                        visible: !section.hasVideo
                        // (of the screen's panel height, also when the window is grown to show
                        // the whole panel: `kiosk snapshot --full`)
                        readonly property real screenHeight: Theme.landscape
                            ? Theme.scale * 1080 : Theme.scale * 1920
                        // above the words (portrait), less: a very tall photo (a tower, 1:4)
                        // leaves the heading and first lines on the first screen
                        readonly property real tallest: Math.round(
                            (section.sideBySide ? 0.7 : 0.5) * Math.min(list.height,
                            screenHeight - Theme.topBarHeight - Theme.navBarHeight))
                        width: parent.width
                        // a small photo (an old print scanned at 160 px) is shown at most at
                        // twice its own size, not blown up into a blur across the column
                        // (pixelWidth: its pixels, from the file; 0 for a drawing)
                        readonly property real widest: section.pixelWidth > 0
                            ? section.pixelWidth * 2 * Math.max(1, Theme.scale) : width
                        height: !visible ? 0 : status === Image.Ready && implicitWidth > 0
                                ? Math.min(tallest, Math.round(Math.min(width, widest)
                                                               * implicitHeight / implicitWidth))
                                : Math.round(width * 0.625)
                        // not decoded under the notice: only once the visitor chooses to
                        // see it (and no memory for a picture perhaps never shown)
                        source: figure.pictureGone || section.hasVideo
                                || (section.sensitive && !section.revealed) ? "" : section.image
                        fillMode: Image.PreserveAspectFit
                        autoTransform: true  // a phone photo upright (its EXIF orientation)
                        asynchronous: Theme.animations
                        sourceSize.width: width
                        sourceSize.height: tallest
                        smooth: true
                        Rectangle {
                            anchors.fill: parent
                            color: Theme.surface
                            visible: picture.status !== Image.Ready
                            z: -1
                            Icon {
                                anchors.centerIn: parent
                                visible: figure.pictureGone || picture.status === Image.Error
                                name: "fa5s.image"
                                size: Theme.touch
                                color: Theme.textMuted
                            }
                        }
                        Rectangle {
                            id: enlarge
                            // a stop of the keypad's focus (a tap anywhere on the picture does
                            // the same), as large as any touch target. Never over the middle of
                            // what it enlarges: in the corner of a picture large enough that
                            // the corner is only its corner (at the end of the line: mirrored);
                            // beside a small one (a 64 px coin, a narrow portrait) where the
                            // column has room; else under it
                            objectName: "enlarge"
                            activeFocusOnTab: visible
                            function activate() {
                                panel.imageRequested(section.image, section.caption, section.credit)
                                panel.controller.opened("image", "section-" + section.index)
                            }
                            Accessible.role: Accessible.Button
                            Accessible.name: panel.controller ? panel.controller.ui.enlarge : ""
                            Accessible.onPressAction: activate()
                            FocusRing {}
                            // the picture as painted (the placeholder: the whole item)
                            readonly property bool painted: picture.status === Image.Ready
                                                            && picture.paintedWidth > 0
                            readonly property real shownWidth: painted ? picture.paintedWidth : picture.width
                            readonly property real shownHeight: painted ? picture.paintedHeight : picture.height
                            readonly property real start: (picture.width - shownWidth) / 2
                            readonly property real gap: Theme.unit * 2
                            readonly property bool inside: shownWidth >= 4 * width
                                                           && shownHeight >= 1.5 * width
                            readonly property bool below: !inside
                                && (start < width + gap || shownHeight < height)
                            // from the start of the line (left to right; mirrored below)
                            readonly property real along: inside ? start + shownWidth - width - gap
                                : below ? start + shownWidth - width : start + shownWidth + gap
                            x: LayoutMirroring.enabled ? picture.width - along - width : along
                            y: below ? picture.height + figure.spacing
                                     : (picture.height + shownHeight) / 2 - height - (inside ? gap : 0)
                            width: Theme.touch
                            height: width
                            radius: width / 2
                            // over the picture dark; beside it, a button as the others are
                            color: inside ? "#99000000" : Theme.surfaceRaised
                            border.width: inside ? 0 : Math.max(1, Math.round(2 * Theme.scale))
                            border.color: Theme.line
                            Icon {
                                anchors.centerIn: parent
                                name: "fa5s.expand"
                                size: parent.width * 0.4
                                color: enlarge.inside ? "#ffffff" : Theme.text
                            }
                            // under the picture it is out of the picture's reach (beside it,
                            // the picture's own handler takes the tap: once)
                            TapHandler {
                                enabled: enlarge.below
                                onTapped: enlarge.activate()
                            }
                        }
                        TapHandler {
                            onTapped: enlarge.activate()
                        }
                    }
                    Item {  // room for the enlarge button under a picture too small to bear it
                        width: parent.width
                        height: enlarge.height
                        visible: picture.visible && enlarge.below
                    }
                    KText {
                        objectName: "sectionCaption"
                        // lined up with the picture as painted, not with the column (a narrower
                        // picture is centred in it): its lines begin and end where the picture
                        // does; under a picture too narrow for a few words of it (a coin, a 1:3
                        // portrait), centred under it, as wide as the column (no taller)
                        readonly property real under: picture.visible && enlarge.painted
                                                      ? picture.paintedWidth : parent.width
                        readonly property bool narrow: under < Theme.small * 14
                        width: narrow ? parent.width : under
                        x: (parent.width - width) / 2
                        horizontalAlignment: narrow ? Text.AlignHCenter : Text.AlignLeft
                        visible: text !== ""
                        text: Theme.joined([section.caption, section.credit], "  ·  ")
                        font.pixelSize: Theme.small
                        color: Theme.textMuted
                        lineHeight: 1.25
                    }
                }

                Column {
                    id: words
                    objectName: "sectionWords"
                    anchors.right: parent.right  // beside the picture, or below it as wide
                    y: section.sideBySide ? 0 : figure.height + Theme.unit * 4
                    width: section.sideBySide ? section.width - section.imageWidth - Theme.unit * 6 : section.width
                    spacing: Theme.unit * 2.5

                    KText {
                        anchors.left: parent.left
                        visible: section.date !== ""
                        text: section.date
                        font.pixelSize: Theme.label
                        font.weight: Font.DemiBold
                        font.letterSpacing: 1
                        color: Theme.accentText
                    }
                    KText {
                        width: parent.width
                        text: section.heading
                        // as large as its widest word allows, down to 70% (a long compound
                        // is not broken mid-word)
                        font.pixelSize: Math.max(Math.round(Theme.title * 0.7), Math.min(Theme.title,
                            Math.floor(Theme.title * width / Math.max(1,
                                panel.widestWord(text, headingMetrics, headingMetrics.font)))))
                        font.weight: Font.Bold
                        lineHeight: 1.2
                    }
                    Repeater {
                        model: section.paragraphs
                        delegate: KText {
                            required property string modelData
                            anchors.left: parent ? parent.left : undefined
                            width: Math.min(words.width, Theme.body * 34)
                            text: modelData
                            lineHeight: Theme.lineHeight
                            opacity: section.sensitive && !section.revealed ? 0 : 1
                        }
                    }
                    Loader {  // only for a section with a recording
                        anchors.left: parent.left  // at the start of the line (mirrored)
                        active: !!section.sound.file
                        visible: active
                        width: Math.min(words.width, Theme.body * 34)
                        sourceComponent: RecordingPlayer {
                            objectName: "sectionSound"
                            recording: section.sound
                            controller: panel.controller
                            video: false
                        }
                    }
                    SourceButton {
                        anchors.left: parent.left
                        sourceIds: section.sourceIds
                        text: panel.controller ? panel.controller.ui.source : ""
                        onClicked: panel.sourceRequested(section.sourceIds)
                    }
                }
            }

            SensitiveCover {
                id: cover
                anchors.fill: parent
                revealed: !section.sensitive || section.revealed
                notice: section.sensitiveNotice
                heading: section.heading
                date: section.date
                skippable: true
                ui: panel.controller ? panel.controller.ui : ({})
                onRevealRequested: {
                    section.revealed = true
                    panel.controller.opened("sensitive", "section-" + section.index)
                }
                onSkipRequested: keyed => section.skip(keyed)
            }
            // Skip on the notice: on past it, unseen, to the next section; after the last
            // one to the next panel (as a swipe would); after the last of the last panel, to
            // the first panel (to the top of its own, where it is the only one: Skip on a
            // last panel's one section did nothing)
            function skip(keyed) {
                if (index + 1 < list.count) {
                    list.atTop = false
                    list.positionViewAtIndex(index + 1, ListView.Beginning)
                    const next = list.itemAtIndex(index + 1)
                    if (keyed && next)
                        next.forceActiveFocus(Qt.TabFocusReason)
                } else if (panel.controller.panels.count > 1) {
                    panel.controller.goTo((panel.panelIndex + 1) % panel.controller.panels.count)
                } else {
                    list.atTop = true
                    list.toTop()
                }
            }

            Connections {
                target: panel.controller
                function onResetRequested() { section.revealed = false }
            }
        }

        Connections {
            target: panel.controller
            function onResetRequested() { list.atTop = true; list.toTop() }
        }
    }

    ScrollCue { flickable: list; label: panel.controller ? panel.controller.ui.more_below || "" : "" }
}
