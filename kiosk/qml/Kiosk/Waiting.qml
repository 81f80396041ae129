pragma ComponentBehavior: Bound
import QtQuick

// A first start on a stand no version of which was ever validated: the kiosk's own colours
// and mark, shown at once while the stand is checked, so the screen is never blank. Then,
// once the check has loaded the stand, the stand's attract screen (its picture fading in
// once the check has proven it: kiosk/visit/attractpreview.py), with no visit possible (a
// tap does nothing) until the whole stand has passed and the kiosk's own window replaces it.
Window {
    id: root
    width: 1920
    height: 1080
    color: Theme.bg
    title: "kiosk"

    // set from Python: {language, rtl, title, headline, prompts, attractImage, look}
    property var preview: null

    // the type and spacing of this screen's size, as Main.qml sets them (this engine's own Theme)
    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(root.width, root.height) / 1080)
    }
    Binding {
        target: Theme
        property: "landscape"
        value: root.width >= root.height
    }

    Rectangle {
        objectName: "waitingMark"
        anchors.centerIn: parent
        visible: root.preview === null
        width: Math.round(96 * Math.min(root.width, root.height) / 1080)
        height: Math.max(2, Math.round(6 * Math.min(root.width, root.height) / 1080))
        color: Theme.accentBright
    }

    // what AttractScreen asks of a controller, from the preview; a touch starts nothing
    QtObject {
        id: stand
        signal languageChanged()
        readonly property string title: root.preview ? root.preview.title : ""
        readonly property string headline: root.preview ? root.preview.headline : ""
        readonly property var prompts: root.preview ? root.preview.prompts : []
        readonly property string attractImage: root.preview ? root.preview.attractImage : ""
        readonly property var look: root.preview ? root.preview.look : ({})
        readonly property var missingMedia: []
        readonly property bool wholeFirstFrame: false
        function activity() {}
    }

    Loader {
        objectName: "attractPreview"
        anchors.fill: parent
        active: root.preview !== null
        sourceComponent: AttractScreen {
            controller: stand
            fadeInPicture: true  // the words come first, the picture once the check proves it
            LayoutMirroring.enabled: root.preview !== null && root.preview.rtl === true
            LayoutMirroring.childrenInherit: true
        }
    }
}
