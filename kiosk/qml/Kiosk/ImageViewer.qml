import QtQuick

// An image full-screen: pinch to zoom, drag to pan, double-tap to reset; caption and credit.
Item {
    id: viewer
    property string source: ""
    property string caption: ""
    property string credit: ""
    property string closeLabel: "Close"
    property bool open: false

    function show(url, captionText, creditText) {
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
            source: viewer.open ? viewer.source : ""
            fillMode: Image.PreserveAspectFit
            autoTransform: true  // a phone photo upright (its EXIF orientation)
            asynchronous: Theme.animations
            sourceSize.width: stage.width * 2
            sourceSize.height: stage.height * 2
            smooth: true
            transformOrigin: Item.Center
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
