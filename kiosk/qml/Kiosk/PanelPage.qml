import QtQuick
import Kiosk.Backend

// The base of every panel kind: where it is shown (its place in the pager: the controller,
// its index, title and intro, whether it is the current one), its rows, the two requests a
// panel makes of the browsing screen, and the measure of words the layouts share.
Item {
    id: panel
    required property PanelPlace place
    readonly property KioskController controller: place.controller
    readonly property int panelIndex: place.panelIndex
    readonly property string title: place.title
    readonly property string intro: place.intro
    readonly property bool current: place.current
    // the panel's rows, made when the panel is first built (not for every page at start:
    // the recognitions' rows need the region database, which the attract screen does without)
    readonly property RowsModel content: place.controller.panelContent(place.panelIndex)
    readonly property real margin: width * 0.05
    signal sourceRequested(var sourceIds)
    signal imageRequested(string url, string caption, string credit)
    onSourceRequested: sourceIds => place.sourceRequested(sourceIds)
    onImageRequested: (url, caption, credit) => place.imageRequested(url, caption, credit)
    signal recordingRequested(var recording, string caption, string credit)
    onRecordingRequested: (recording, caption, credit) => place.recordingRequested(recording, caption, credit)

    function unspaced(text) {
        return Theme.unspaced(text)
    }
    // the width of the widest word of `text` in `metrics`' font (a line breaks only between
    // words, at a soft hyphen, "/" or "-"); `font` is that font, given so that a binding
    // calling this is evaluated again when it changes
    function widestWord(text, metrics, font) {
        const words = unspaced(text).split(/[\s\u00ad\/-]+/)
        let widest = 0
        for (let i = 0; i < words.length; ++i)
            widest = Math.max(widest, metrics.advanceWidth(words[i]))
        return widest
    }
}
