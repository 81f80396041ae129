import QtQuick
import QtQuick.Shapes

// Shown while nobody uses the kiosk: the stand's title and headline, the prompt cycling
// through the languages, and one slow light moving across the image.
Item {
    id: screen
    // var: also shown by Waiting.qml, from a stand-in with the same few properties
    required property var controller
    property bool shown: true
    property bool fadeInPicture: false  // the picture fades in once decoded (Waiting.qml)
    property int promptIndex: 0
    readonly property string overlay: controller.look.overlay || "default"
    // no picture of the screen still being decoded (its frame is the whole screen)
    readonly property bool picturesDrawn: picture.status !== Image.Loading
                                          && logo.status !== Image.Loading
    Connections {
        target: screen.controller
        function onLanguageChanged() { screen.promptIndex = 0 }
    }

    visible: opacity > 0
    opacity: shown ? 1 : 0
    Behavior on opacity { NumberAnimation { duration: Theme.normal; easing.type: Easing.OutCubic } }

    Rectangle { anchors.fill: parent; color: Theme.bg }

    Image {
        id: picture
        objectName: "attractPicture"
        anchors.fill: parent
        // a picture gone from the disk is not asked for (no Qt warning): the plain background;
        // nor before its size is set (each change of it would decode it again, at once)
        source: screen.width <= 0 || screen.height <= 0
                || screen.controller.missingMedia.indexOf(screen.controller.attractImage) >= 0
                ? "" : screen.controller.attractImage
        fillMode: Image.PreserveAspectCrop
        autoTransform: true  // a phone photo upright (its EXIF orientation)
        // on a thread, after the words; but decoded before the first frame (~30 ms at
        // 1920x1080) where the kept start picture is on the screen (kiosk.venue.startpicture):
        // that frame is then the picture, and the window that replaces it changes no pixel
        asynchronous: Theme.animations && !screen.controller.wholeFirstFrame
        sourceSize: Qt.size(screen.width, screen.height)  // both at once: one decode
        // the kiosk's own look darkens the picture into the background; a stand's tone (or
        // none) shows it whole, under the tone. With `fadeInPicture` (a first start's
        // preview, whose words come before the picture is proven) it fades in once decoded
        opacity: (!screen.fadeInPicture || status === Image.Ready ? 1 : 0)
                 * (screen.overlay === "default" ? 0.55 : 1)
        Behavior on opacity {
            enabled: screen.fadeInPicture && Theme.animations
            NumberAnimation { duration: Theme.normal; easing.type: Easing.OutCubic }
        }
    }
    Rectangle {
        objectName: "attractOverlay"
        anchors.fill: parent
        visible: screen.overlay === "tone"
        color: screen.controller.look.overlayColour || "transparent"
        opacity: screen.controller.look.overlayStrength || 0
    }

    // the soft light: a radial glow drifting slowly from side to side, 0.3 to 0.7 of the
    // width and back in 56 s, eased at the turns. Stepped every 2 s, not animated at the frame
    // rate: the glow spans the screen, so each move repaints all of it in software (~1% of a
    // core and ~80 thread wake-ups per step a second, Qt's raster threads splitting every
    // full-screen fill; at the frame rate it was ~46% of a core). A step of at most ~86 px
    // changes a pixel by a few levels in 255: the glow is that soft. It is the screen's one
    // motion besides the prompt's change of language. With animations off
    // (snapshots, safe mode, closed) it rests at 0.3, so every snapshot is the same.
    Shape {
        id: glow
        objectName: "glow"
        visible: screen.overlay !== "none"
        property real phase: 0  // 0..1 along the drift
        readonly property real drift: Theme.animations ? 0.5 - 0.2 * Math.cos(2 * Math.PI * phase) : 0.3
        readonly property real cx: width * drift
        anchors.fill: parent
        preferredRendererType: Shape.CurveRenderer
        ShapePath {
            strokeWidth: -1
            fillGradient: RadialGradient {
                centerX: glow.cx; centerY: glow.height * 0.42
                focalX: glow.cx; focalY: glow.height * 0.42
                centerRadius: glow.height * 0.7
                focalRadius: 0
                GradientStop { position: 0.0; color: Qt.alpha(Theme.accentBright, 64 / 255) }
                GradientStop { position: 1.0; color: "#00151416" }
            }
            PathRectangle { x: 0; y: 0; width: glow.width; height: glow.height }
        }
        Timer {
            interval: Theme.glowStep
            repeat: true
            running: screen.shown && Theme.animations
            onTriggered: glow.phase = (glow.phase + interval / 56000) % 1
        }
    }

    // the shade the words are read on, in the theme's background, as the words are in its
    // text colour (a light shade under dark words in the light variant, not a dark one):
    // clear a quarter of the screen above the words, at `strength` where they begin, denser
    // down to the prompt. Strong enough for 4.5:1 or more over any picture
    // (tests/test_attract_shade.py): the kiosk's own look has faded the picture into the
    // background already; a stand's tone, or none, has not
    Rectangle {
        id: shade
        objectName: "attractShade"
        readonly property real strength: screen.overlay === "default" ? 0.45 : 0.7
        readonly property real fade: screen.height * 0.25
        y: Math.max(0, words.y - fade)
        width: parent.width
        height: parent.height - y
        gradient: Gradient {
            GradientStop { position: 0.0; color: Qt.alpha(Theme.bg, 0) }
            GradientStop {
                position: Math.min(1, (words.y - shade.y) / Math.max(1, shade.height))
                color: Qt.alpha(Theme.bg, shade.strength)
            }
            GradientStop { position: 1.0; color: Qt.alpha(Theme.bg, 0.95) }
        }
    }

    // the stand's logo, at a modest size in the reading side's top corner
    Image {
        id: logo
        objectName: "attractLogo"
        anchors.left: parent.left
        anchors.top: parent.top
        anchors.leftMargin: parent.width * 0.08
        anchors.topMargin: Theme.unit * 8
        visible: String(source) !== ""
        // never asked of Qt once gone from the disk (the stand watcher finds it)
        source: screen.controller.missingMedia.indexOf(screen.controller.look.logo) >= 0 ? ""
                : screen.controller.look.logo || ""
        height: Theme.unit * 14
        width: Math.min(implicitWidth * height / Math.max(1, implicitHeight), parent.width * 0.3)
        fillMode: Image.PreserveAspectFit
        horizontalAlignment: Image.AlignLeft
        sourceSize.height: height
        asynchronous: Theme.animations && !screen.controller.wholeFirstFrame  // as above
        smooth: true
        mipmap: true
    }

    Column {
        id: words
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: prompt.top
        anchors.leftMargin: parent.width * 0.08
        anchors.rightMargin: parent.width * 0.08
        anchors.bottomMargin: Theme.unit * 10
        spacing: Theme.unit * 3

        Rectangle {
            anchors.left: parent.left
            width: Theme.unit * 12
            height: Math.round(6 * Theme.scale)
            color: Theme.accentBright
        }
        EvenText {
            objectName: "attractTitle"
            anchors.left: parent.left  // the reading side's edge: mirrored right to left
            room: parent.width
            content: screen.controller.title
            font.pixelSize: Math.round(Theme.display * 1.15)
            font.weight: Font.Bold
            lineHeight: 1.1
        }
        KText {
            objectName: "attractHeadline"
            anchors.left: parent.left
            width: Math.min(parent.width, Theme.body * 40)
            text: screen.controller.headline
            font.pixelSize: Math.round(Theme.heading * 0.8)
            color: Theme.text
            lineHeight: 1.3
            visible: text !== ""
        }
    }

    Rectangle {
        id: prompt
        objectName: "prompt"
        // for a screen reader: the button that starts the visit, named by the stand's title
        // and the invitation in the visitor's language (not the one cycling on the screen)
        Accessible.role: Accessible.Button
        Accessible.name: Theme.sentences([screen.controller.title, screen.controller.headline,
                                          screen.controller.prompts[0] || ""])
        Accessible.onPressAction: if (screen.shown) screen.controller.activity()
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.unit * 12
        width: Math.max(promptText.implicitWidth + Theme.unit * 12, Theme.touch * 5)
        height: Theme.touch * 1.25
        radius: height / 2
        color: Theme.accent
        border.color: Theme.accentBright
        border.width: Math.max(1, Math.round(2 * Theme.scale))

        Row {
            anchors.centerIn: parent
            spacing: Theme.unit * 2
            Icon {
                name: "fa5s.hand-pointer"
                color: Theme.textOnAccent
                size: Theme.title
                anchors.verticalCenter: parent.verticalCenter
            }
            KText {
                id: promptText
                // the language shown: follows promptIndex through a fade of three steps
                property int shownIndex: 0
                text: screen.controller.prompts[shownIndex % screen.controller.prompts.length] || ""
                font.pixelSize: Theme.title
                font.weight: Font.DemiBold
                color: Theme.textOnAccent
                wrapMode: Text.NoWrap
                anchors.verticalCenter: parent.verticalCenter
            }
        }
    }

    // the prompt's change of language: dimmed, changed, back, a step every 120 ms. Three frames
    // of the prompt's own area; an animated fade drew ~36 frames at every change, and Qt's
    // raster threads woke for each (about 1,500 wake-ups a second of the attract screen's
    // ~2,000)
    onPromptIndexChanged: {
        if (Theme.animations) {
            fade.step = 0
            fade.restart()
        } else {
            promptText.shownIndex = promptIndex
        }
    }
    Timer {
        id: fade
        objectName: "promptFade"
        property int step: 0
        interval: Theme.promptFadeStep
        repeat: true
        onTriggered: {
            step += 1
            if (step === 1) {
                promptText.opacity = 0.35
            } else if (step === 2) {
                promptText.shownIndex = screen.promptIndex
            } else {
                promptText.opacity = 1
                stop()
            }
        }
    }

    Timer {
        interval: Theme.promptTurn
        repeat: true
        running: screen.shown && Theme.animations && screen.controller.prompts.length > 1
        onTriggered: screen.promptIndex = (screen.promptIndex + 1) % screen.controller.prompts.length
    }

    // the whole screen is the button: any touch starts a visit (the controller sees it
    // through Main.qml's activity watch); this area keeps the touch from the screen below
    MouseArea {
        anchors.fill: parent
        enabled: screen.shown
        onPressed: screen.controller.activity()
    }
}
