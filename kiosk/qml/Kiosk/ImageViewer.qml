pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// An image full-screen: pinch to zoom, drag to pan, double-tap to reset; caption and credit.
// A video full-screen too (showRecording): its player as large as the screen allows.
Item {
    id: viewer
    property string source: ""
    property string caption: ""
    property string credit: ""
    property string closeLabel: "Close"
    property string missingLabel: "This picture cannot be shown."
    property KioskController controller: null
    property bool open: false
    // the file is gone from the disk: found when it opens (one look at the file) or later by
    // the stand watcher. Qt is never asked for a missing file: no warning, no black screen
    property bool missingAtOpen: false
    readonly property bool missing: missingAtOpen || (controller !== null && source !== ""
                                    && controller.missingMedia.indexOf(source) >= 0)
    readonly property bool failed: !isVideo && (missing || pictureFailed)
    property bool pictureFailed: false  // (told by the picture, once made)
    property var recording: ({})
    // what it shows is made the first time it opens (~70 items, then kept): most visits never
    // enlarge a picture
    property bool made: false
    signal zoomResetRequested()
    signal videoRequested()
    readonly property bool isVideo: !!recording.file

    function show(url, captionText, creditText) {
        recording = ({})
        missingAtOpen = controller !== null && controller.mediaMissing(url)
        source = url
        caption = captionText
        credit = creditText
        made = true  // (made now, at once: a Loader makes its item as it turns active)
        zoomResetRequested()
        open = true
    }
    // a video, continuing where it was (its pictures drawn here while the viewer is open)
    function showRecording(video, captionText, creditText) {
        missingAtOpen = false
        source = ""
        recording = video
        caption = captionText
        credit = creditText
        made = true
        open = true
        videoRequested()
    }
    function close() {
        if (isVideo && controller && controller.playback)
            controller.playback.pause()  // the section shows its poster again, where it was
        open = false
    }

    objectName: "imageViewer"
    visible: opacity > 0
    opacity: open ? 1 : 0
    Behavior on opacity { NumberAnimation { duration: Theme.fast } }

    Loader {
        id: shown
        anchors.fill: parent
        active: viewer.made
        sourceComponent: Item {
            Connections {
                target: viewer
                function onZoomResetRequested() { picture.scale = 1; picture.x = 0; picture.y = 0 }
                function onVideoRequested() { videoPlayer.takeOver() }
            }
            Binding {
                target: viewer
                property: "pictureFailed"
                value: picture.status === Image.Error
            }

            Rectangle { anchors.fill: parent; color: "#000000" }
            // touches the viewer's own handlers do not take stop here: none reaches the panel or the
            // navigation bar beneath (a tap on Close once also switched to the last panel)
            MouseArea {
                anchors.fill: parent
                enabled: viewer.open
                onWheel: (wheel) => { wheel.accepted = true }
            }

            Item {
                id: stage
                anchors.fill: parent
                anchors.bottomMargin: footer.height
                clip: true

                Image {
                    id: picture
                    objectName: "viewerImage"
                    width: stage.width
                    height: stage.height
                    visible: !viewer.isVideo
                    source: viewer.open && !viewer.missing && !viewer.isVideo ? viewer.source : ""
                    fillMode: Image.PreserveAspectFit
                    autoTransform: true  // a phone photo upright (its EXIF orientation)
                    asynchronous: Theme.animations
                    sourceSize.width: stage.width * 2
                    sourceSize.height: stage.height * 2
                    smooth: true
                    transformOrigin: Item.Center
                }
                Column {
                    objectName: "viewerPlaceholder"
                    anchors.centerIn: parent
                    width: parent.width * 0.8
                    visible: viewer.failed
                    spacing: Theme.unit * 3
                    Icon {
                        anchors.horizontalCenter: parent.horizontalCenter
                        name: "fa5s.image"
                        size: Theme.touch * 1.5
                        color: Theme.textMuted
                    }
                    KText {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        text: viewer.missingLabel
                        font.pixelSize: Theme.body
                        color: Theme.textMuted
                    }
                }
                RecordingPlayer {
                    id: videoPlayer
                    objectName: "viewerVideo"
                    visible: viewer.isVideo
                    large: true
                    anchors.centerIn: parent
                    // the picture as large as fits above its controls (and the audio description's
                    // button under them), at its proportions
                    width: Math.min(stage.width, (stage.height - Theme.touch
                                                  * (viewer.recording.description ? 3.5 : 2)) * 16 / 9)
                    screenHeight: Math.round(width * 9 / 16)
                    recording: viewer.recording
                    controller: viewer.controller
                }
                PinchHandler {
                    enabled: !viewer.isVideo
                    target: picture
                    minimumScale: 1
                    maximumScale: 4
                    rotationAxis.enabled: false
                }
                DragHandler {
                    target: picture
                    enabled: picture.scale > 1 && !viewer.isVideo
                }
                TapHandler {
                    onDoubleTapped: { picture.scale = 1; picture.x = 0; picture.y = 0 }
                }
            }

            Rectangle {
                id: footer
                anchors.bottom: parent.bottom
                width: parent.width
                height: Math.max(Theme.touch * 1.5, info.implicitHeight + Theme.unit * 6)
                color: Theme.bg
                KText {
                    id: info
                    anchors.left: parent.left
                    anchors.right: closeButton.left
                    anchors.leftMargin: parent.width * 0.05
                    anchors.rightMargin: Theme.unit * 4
                    anchors.verticalCenter: parent.verticalCenter
                    text: Theme.joined([viewer.caption, viewer.credit], "  ·  ")
                    font.pixelSize: Theme.label
                    lineHeight: 1.3
                }
                TouchButton {
                    id: closeButton
                    objectName: "closeImage"
                    anchors.right: parent.right
                    anchors.rightMargin: parent.width * 0.05
                    anchors.verticalCenter: parent.verticalCenter
                    text: viewer.closeLabel
                    icon: "fa5s.times"
                    onClicked: viewer.close()
                }
            }
        }
    }
}
