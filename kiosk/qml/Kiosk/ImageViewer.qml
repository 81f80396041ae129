import QtQuick
import Kiosk.Backend

// An image full-screen: pinch to zoom, drag to pan, double-tap to reset; caption and credit.
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
    readonly property bool failed: missing || picture.status === Image.Error

    function show(url, captionText, creditText) {
        missingAtOpen = controller !== null && controller.mediaMissing(url)
        source = url
        caption = captionText
        credit = creditText
        picture.scale = 1
        picture.x = 0
        picture.y = 0
        open = true
    }
    function close() { open = false }

    objectName: "imageViewer"
    visible: opacity > 0
    opacity: open ? 1 : 0
    Behavior on opacity { NumberAnimation { duration: Theme.fast } }

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
            source: viewer.open && !viewer.missing ? viewer.source : ""
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
        PinchHandler {
            target: picture
            minimumScale: 1
            maximumScale: 4
            rotationAxis.enabled: false
        }
        DragHandler {
            target: picture
            enabled: picture.scale > 1
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
            text: viewer.caption + (viewer.credit ? "  ·  " + viewer.credit : "")
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
