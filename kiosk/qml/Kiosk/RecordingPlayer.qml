pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// A video (its picture, then the controls) or a recording (the controls only), played by
// the kiosk's one player (KioskController.playback). Tap the picture or the play button to
// play; pause, a position bar, from the start, captions on or off; a video opens full screen.
// A recording with an audio description shows a large button under the controls that plays
// it in place of the sound (off at the start of every visit).
// Until it plays, and whenever it cannot (no Qt Multimedia on this PC, a file that fails),
// the poster shows, with a message when it cannot. Captions are the kiosk's own text, in the
// visitor's language, in its fonts and colours (larger text and high contrast apply).
Item {
    id: player
    required property var recording       // the row's `recording` or `sound` (see present.py)
    property KioskController controller: null
    property bool video: true             // pictures and sound; false: a recording of sound
    property bool large: false            // in the full-screen viewer
    property string fallbackPoster: ""    // the section's picture, for a video without a poster
    property real screenHeight: Math.round(width * 9 / 16)
    signal fullScreenRequested()

    readonly property Playback playback: controller ? controller.playback : null
    readonly property var ui: controller ? controller.ui : ({})
    readonly property string file: recording.file || ""
    readonly property bool mine: playback !== null && file !== "" && playback.current === file
    readonly property bool playing: mine && playback.playing
    readonly property bool failed: file !== "" && (playback === null || !playback.available
                                                   || playback.failed === file)
    readonly property int duration: mine && playback.duration > 0 ? playback.duration
                                                                  : (recording.duration || 0)
    readonly property int position: mine ? playback.position : 0
    // a poster gone from the disk is never asked of Qt (the stand watcher finds it)
    readonly property string poster: {
        const missing = controller ? controller.missingMedia : []
        const own = recording.poster || ""
        return own !== "" && missing.indexOf(own) < 0 ? own
             : fallbackPoster !== "" && missing.indexOf(fallbackPoster) < 0 ? fallbackPoster : ""
    }
    // the video's pictures are drawn (else the poster shows); `frame` is gone while the
    // player is taken down
    readonly property bool showingFrame: mine && frame !== null && frame.hasFrame
    // the chosen sound (a spoken track, the description) could not be played just now
    readonly property bool trackFailed: mine && playback.trackFailed === file

    function toggle() {
        if (player.playback)
            player.playback.toggle(player.file, player.video ? frame : null)
    }
    // the pictures drawn here from now on (the full-screen viewer, opened on a video playing)
    function takeOver() {
        if (player.mine)
            player.playback.attach(frame)
    }
    function clock(ms) {
        const seconds = Math.floor(Math.max(0, ms) / 1000)
        const rest = seconds % 60
        return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest
    }

    objectName: video ? "videoPlayer" : "soundPlayer"
    implicitHeight: column.implicitHeight

    Column {
        id: column
        width: parent.width
        spacing: Theme.unit * 1.5

        // the picture: the poster, the video's frames over it once they come
        Rectangle {
            id: screen
            objectName: "videoScreen"
            visible: player.video
            width: parent.width
            height: visible ? player.screenHeight : 0
            color: "#000000"
            radius: player.large ? 0 : Theme.radius / 2
            clip: true

            Image {
                id: posterImage
                objectName: "videoPoster"
                anchors.fill: parent
                source: player.video && player.file !== "" ? player.poster : ""  // none for a hidden player
                fillMode: Image.PreserveAspectFit
                asynchronous: Theme.animations
                sourceSize.width: width
                sourceSize.height: height
                smooth: true
                visible: !player.showingFrame
            }
            VideoFrame {
                id: frame
                objectName: "videoFrame"
                anchors.fill: parent
                visible: player.showingFrame
            }
            // a large play sign over the poster: the whole picture is the button
            Rectangle {
                objectName: "bigPlay"
                anchors.centerIn: parent
                visible: !player.playing && !player.failed
                width: Theme.touch * 1.5
                height: width
                radius: width / 2
                color: "#b3000000"
                border.width: Math.max(2, Math.round(3 * Theme.scale))
                border.color: "#ffffff"
                Icon {
                    anchors.centerIn: parent
                    anchors.horizontalCenterOffset: parent.width * 0.05  // the triangle's weight
                    name: "fa5s.play"
                    size: parent.width * 0.4
                    color: "#ffffff"
                }
            }
            TapHandler {
                enabled: !player.failed
                onTapped: player.toggle()
            }
            // the captions, on the picture, in the kiosk's own type
            Rectangle {
                objectName: "videoCaption"
                anchors.horizontalCenter: parent.horizontalCenter
                anchors.bottom: parent.bottom
                anchors.bottomMargin: Theme.unit * 2
                visible: player.mine && captionText.text !== ""
                width: Math.min(parent.width - Theme.unit * 4, captionText.implicitWidth + Theme.unit * 4)
                height: captionText.height + Theme.unit * 2
                radius: Theme.unit
                color: Theme.highContrast ? "#000000" : "#d9000000"
                KText {
                    id: captionText
                    anchors.centerIn: parent
                    width: Math.min(implicitWidth, screen.width - Theme.unit * 8)
                    horizontalAlignment: Text.AlignHCenter
                    text: player.mine ? player.playback.caption : ""
                    font.pixelSize: player.large ? Theme.title : Theme.body
                    font.weight: Font.DemiBold
                    color: Theme.highContrast ? "#ffd84d" : "#ffffff"
                    lineHeight: 1.2
                }
            }
            // cannot be played: the poster stays, and says so
            Rectangle {
                objectName: "videoMessage"
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                visible: player.failed
                height: message.height + Theme.unit * 4
                color: Theme.highContrast ? "#000000" : "#d9000000"
                Row {
                    id: message
                    anchors.centerIn: parent
                    spacing: Theme.unit * 1.5
                    Icon {
                        anchors.verticalCenter: parent.verticalCenter
                        name: "fa5s.exclamation-circle"
                        size: Theme.label
                        color: "#ffffff"
                    }
                    KText {
                        anchors.verticalCenter: parent.verticalCenter
                        width: Math.min(implicitWidth, screen.width - Theme.label - Theme.unit * 8)
                        text: player.ui.cannot_play || ""
                        font.pixelSize: Theme.label
                        color: "#ffffff"
                    }
                }
            }
        }

        // the controls: time runs left to right in every language (as on any player), so
        // the row is not mirrored
        Row {
            id: controls
            objectName: "playerControls"
            LayoutMirroring.enabled: false
            LayoutMirroring.childrenInherit: true
            width: parent.width
            spacing: Theme.unit * 1.5
            visible: !player.failed || player.video
            enabled: !player.failed

            TouchButton {
                id: playButton
                objectName: "playButton"
                width: Theme.touch
                primary: true
                icon: player.playing ? "fa5s.pause" : "fa5s.play"
                Accessible.name: player.playing ? (player.ui.pause || "") : (player.ui.play || "")
                // the narrator's lines (kiosk/visit/narration.py PLAYER_LABELS)
                readonly property string narrationKey: player.playing ? "ui/pause"
                    : player.recording.noSound ? "ui/play ui/no_sound" : "ui/play"
                onClicked: player.toggle()
            }
            TouchButton {
                objectName: "restartButton"
                width: Theme.touch
                quiet: true
                icon: "fa5s.undo-alt"
                Accessible.name: player.ui.restart || ""
                readonly property string narrationKey: "ui/restart"
                onClicked: if (player.playback) player.playback.restart(player.file, player.video ? frame : null)
            }
            // where it is: tap or drag to go there; a key moves it ten seconds on
            Item {
                id: scrub
                objectName: "positionBar"
                width: controls.width - x - times.width - controls.spacing
                       - (captionsButton.visible ? captionsButton.width + controls.spacing : 0)
                       - (fullButton.visible ? fullButton.width + controls.spacing : 0)
                height: Theme.touch
                activeFocusOnTab: visible && enabled
                Accessible.role: Accessible.Slider
                Accessible.name: player.ui.position || ""
                readonly property string narrationKey: "ui/position"
                function activate() { if (player.mine) player.playback.skip() }  // Main.qml: select
                FocusRing {}
                readonly property real fraction: player.duration > 0
                    ? Math.max(0, Math.min(1, player.position / player.duration)) : 0
                function seekTo(x) {
                    if (player.mine && player.duration > 0)
                        player.playback.seek(Math.round(Math.max(0, Math.min(1, x / width)) * player.duration))
                }
                Rectangle {
                    id: track
                    anchors.verticalCenter: parent.verticalCenter
                    width: parent.width
                    height: Math.max(6, Math.round(Theme.unit * 1.25))
                    radius: height / 2
                    color: Theme.line
                    Rectangle {
                        width: parent.width * scrub.fraction
                        height: parent.height
                        radius: parent.radius
                        color: Theme.accentBright
                    }
                }
                Rectangle {
                    objectName: "positionKnob"
                    x: scrub.fraction * scrub.width - width / 2
                    anchors.verticalCenter: parent.verticalCenter
                    width: Theme.touch * 0.4
                    height: width
                    radius: width / 2
                    color: Theme.text
                    border.width: Math.max(2, Math.round(3 * Theme.scale))
                    border.color: Theme.accentBright
                }
                TapHandler { onTapped: (point) => scrub.seekTo(point.position.x) }
                DragHandler {
                    target: null
                    xAxis.enabled: true
                    yAxis.enabled: false
                    onCentroidChanged: if (active) scrub.seekTo(centroid.position.x)
                }
            }
            KText {
                id: times
                objectName: "playerTime"
                anchors.verticalCenter: parent.verticalCenter
                text: player.clock(player.position) + " / " + player.clock(player.duration)
                font.pixelSize: Theme.small
                font.features: { "tnum": 1 }  // the digits keep their width as they count
                color: Theme.textMuted
                wrapMode: Text.NoWrap
            }
            TouchButton {
                id: captionsButton
                objectName: "captionsButton"
                visible: !!player.recording.captions
                width: Theme.touch
                // on: filled, as a chosen button is; off: an outline
                readonly property bool on: !!player.playback && player.playback.captionsOn
                primary: on
                quiet: !on
                icon: "fa5s.closed-captioning"
                Accessible.role: Accessible.CheckBox
                Accessible.checkable: true
                Accessible.checked: on
                Accessible.name: player.ui.captions || ""
                readonly property string narrationKey: "ui/captions"
                onClicked: if (player.playback) player.playback.captionsOn = !player.playback.captionsOn
            }
            TouchButton {
                id: fullButton
                objectName: "fullScreenButton"
                visible: player.video && !player.large
                width: Theme.touch
                quiet: true
                icon: "fa5s.expand"
                Accessible.name: player.ui.full_screen || ""
                readonly property string narrationKey: "ui/full_screen"
                onClicked: player.fullScreenRequested()
            }
        }

        // the audio description, on or off: a large button with its name, under the controls
        // (beside them it would leave the position bar no room), on the reading side
        Item {
            objectName: "descriptionRow"
            visible: !!player.recording.description && controls.visible
            width: parent.width
            height: visible ? descriptionButton.height : 0
            TouchButton {
                id: descriptionButton
                objectName: "descriptionButton"
                anchors.left: parent.left  // (mirrored in right-to-left languages)
                width: Math.min(implicitWidth, parent.width)
                enabled: !player.failed
                // on: filled, as a chosen button is; off: an outline (as the captions button)
                readonly property bool on: !!player.playback && player.playback.descriptionOn
                primary: on
                quiet: !on
                icon: "fa5s.audio-description"
                text: player.ui.audio_description || ""
                Accessible.role: Accessible.CheckBox
                Accessible.checkable: true
                Accessible.checked: on
                readonly property string narrationKey: "ui/audio_description"
                onClicked: if (player.playback) player.playback.descriptionOn = !player.playback.descriptionOn
            }
        }
        // the chosen sound cannot be played: the recording's own plays, and the player says so
        Row {
            objectName: "trackMessage"
            visible: player.trackFailed
            width: parent.width
            spacing: Theme.unit * 1.5
            Icon {
                id: trackIcon
                name: "fa5s.exclamation-circle"
                size: Theme.small
                color: Theme.textMuted
            }
            KText {
                width: parent.width - trackIcon.width - parent.spacing
                text: player.ui.track_failed || ""
                font.pixelSize: Theme.small
                color: Theme.textMuted
            }
        }
        // a recording of sound: its captions under the controls while it plays
        KText {
            objectName: "soundCaption"
            width: parent.width
            visible: !player.video && text !== ""
            text: player.mine ? player.playback.caption : ""
            font.pixelSize: Theme.body
            font.weight: Font.DemiBold
            lineHeight: 1.2
        }
        // a recording that cannot be played, without a picture to show it on
        KText {
            objectName: "soundMessage"
            width: parent.width
            visible: !player.video && player.failed
            text: player.ui.cannot_play || ""
            font.pixelSize: Theme.small
            color: Theme.textMuted
        }
        // a video without sound says so (a visitor waiting for it to speak, a deaf visitor
        // wondering whether captions are missing)
        Row {
            objectName: "noSound"
            visible: !!player.recording.noSound
            spacing: Theme.unit * 1.5
            Icon {
                anchors.verticalCenter: parent.verticalCenter
                name: "fa5s.volume-mute"
                size: Theme.small
                color: Theme.textMuted
            }
            KText {
                anchors.verticalCenter: parent.verticalCenter
                text: player.ui.no_sound || ""
                font.pixelSize: Theme.small
                color: Theme.textMuted
                wrapMode: Text.NoWrap
            }
        }
    }
}
