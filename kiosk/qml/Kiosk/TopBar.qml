pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The fixed top of every panel: the stand's title and the language switch. The title stays
// beside the controls where it fits there at a readable size (on one line or two); else the
// language buttons show their codes (landscape); else it takes a row of its own above the
// controls, and the bar grows (the panels below move down), as portrait stacks what
// landscape puts side by side.
Rectangle {
    id: bar
    required property KioskController controller
    objectName: "topBar"
    // the language buttons as codes: always in portrait and for many languages; else when
    // the title fits beside the codes only
    readonly property bool compactAlways: !Theme.landscape || controller.languages.length > 4
    readonly property bool languagesCompact: compactAlways || (!besideNames.fits && besideCodes.fits)
    readonly property bool ownRow: !(languagesCompact ? besideCodes.fits : besideNames.fits)
    readonly property real edge: width * 0.05
    // from the bar's margin to the title: the logo and the accent mark
    readonly property real lead: (logo.visible ? logo.width + Theme.unit * 2 : 0)
                                 + mark.width + Theme.unit * 2
    readonly property real ownRoom: width - 2 * edge - lead
    // the title's width beside the accessibility and language buttons
    function besideRoom(compact) {
        return width - 2 * edge - lead - Theme.unit * 4 - access.width - Theme.unit * 3
               - languages.widthOf(compact)
    }
    height: ownRow ? titleRow.height + Theme.topBarHeight : Theme.topBarHeight
    color: Theme.bg

    // where the title and the controls are centred: one row, or the title's above the
    // controls' (as tall as the one-row bar)
    Item {
        id: titleRow
        anchors.top: parent.top
        width: parent.width
        // (one line as tall in every script, up to Persian's 1.54 times its size: the bar
        // keeps its height from one language to the next)
        height: bar.ownRow ? Math.max(logo.height, titleText.height, Math.ceil(titleText.fullSize * 1.6))
                             + Theme.unit * 4 : Theme.topBarHeight
    }
    Item {
        id: controlsRow
        anchors.bottom: parent.bottom
        width: parent.width
        height: Theme.topBarHeight
    }

    // the stand's logo (if it has one) before the accent mark
    Image {
        id: logo
        objectName: "barLogo"
        anchors.left: parent.left
        anchors.leftMargin: bar.edge
        anchors.verticalCenter: titleRow.verticalCenter
        // never asked of Qt once gone from the disk (the stand watcher finds it)
        source: bar.controller.missingMedia.indexOf(bar.controller.look.logo) >= 0 ? ""
                : bar.controller.look.logo || ""
        visible: String(source) !== ""
        height: Math.round(52 * Theme.scale)  // the same with larger text: it is no text
        width: visible ? Math.min(implicitWidth * height / Math.max(1, implicitHeight), parent.width * 0.15) : 0
        fillMode: Image.PreserveAspectFit
        sourceSize.height: height
        smooth: true
        mipmap: true
    }
    Rectangle {
        id: mark
        anchors.left: logo.right
        anchors.leftMargin: logo.visible ? Theme.unit * 2 : 0
        anchors.verticalCenter: titleRow.verticalCenter
        width: Math.round(6 * Theme.scale)
        height: Theme.title * 1.2
        color: Theme.accentBright
    }
    // the stand's title as large as fits, on one line or on two, never smaller than the
    // labels of the buttons beside it (Theme.label: the brief's least body size, 28 px at
    // 1080, and 42 with larger text: the visitor asked for larger letters); beside the
    // controls, two lines within the bar; on a row of its own, as tall as they are. Cut
    // only where two lines at that size do not fit the row (kiosk/ui/fit.py warns of it)
    FontMetrics {
        id: titleMetrics
        font.family: Theme.sans
        font.weight: Font.DemiBold
        font.pixelSize: titleText.fullSize
    }
    KText {
        id: titleText
        objectName: "barTitle"
        readonly property real fullSize: Math.round(Theme.title / Math.sqrt(Theme.textScale))
        readonly property real smallest: Theme.label
        // the width it needs on one line, and on two broken at the best word
        // (naming the metrics' font: the measure is redone when the size changes)
        readonly property real oneLine: widthIn(titleMetrics.font)
        function widthIn(font) {
            return font ? titleMetrics.advanceWidth(text) : 0
        }
        readonly property real twoLines: {
            titleMetrics.font
            const words = text.split(" ")
            let best = oneLine
            for (let cut = 1; cut < words.length; ++cut)
                best = Math.min(best, Math.max(
                    titleMetrics.advanceWidth(words.slice(0, cut).join(" ")),
                    titleMetrics.advanceWidth(words.slice(cut).join(" "))))
            return best
        }
        // the size it takes in `room` px: as large as fits on one line, or on two no larger
        // than `most` (a little to spare: widths do not grow exactly with the size)
        function sizeIn(room, most) {
            if (bar.width <= 0 || oneLine <= 0)
                return fullSize  // not laid out yet
            return Math.min(fullSize, Math.max(fullSize * room / oneLine / 1.03,
                                               Math.min(fullSize * room / twoLines / 1.03, most)))
        }
        // the largest size of two lines within the one-row bar
        readonly property real inBar: (Theme.topBarHeight - Theme.unit * 2) / 2.8
        readonly property real fitted: bar.ownRow ? sizeIn(width, Infinity) : sizeIn(width, inBar)
        anchors.left: mark.right
        anchors.leftMargin: Theme.unit * 2
        anchors.verticalCenter: titleRow.verticalCenter
        width: Math.max(0, bar.ownRow ? bar.ownRoom : bar.besideRoom(bar.languagesCompact))
        // on two lines, wrapped at the width of the best break (`twoLines`), not greedily
        // at the full width: "Valdeluz: mil años junto al" over a lone "río" otherwise
        readonly property real balanced: oneLine * font.pixelSize / fullSize > width
            ? Math.max(0, width - Math.ceil(twoLines * font.pixelSize / fullSize * 1.02)) : 0
        leftPadding: LayoutMirroring.enabled ? balanced : 0
        rightPadding: LayoutMirroring.enabled ? 0 : balanced
        text: bar.controller.title
        font.pixelSize: Math.max(smallest, Math.floor(fitted))
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
        maximumLineCount: 2
        lineHeight: 1.0
        elide: Text.ElideRight
    }
    // the title beside the controls, laid out unseen: whether it fits there (beside the
    // language buttons' names, or their codes) at a readable size, on two lines at most,
    // within the bar: lines of a script taller than Latin (Persian's, a script drawn by a
    // font of the computer's) can be taller than two lines at `inBar` were meant to be
    component Beside: KText {
        required property bool codes
        readonly property real room: bar.besideRoom(codes)
        readonly property real size: Math.floor(titleText.sizeIn(room, titleText.inBar))
        readonly property bool fits: size >= titleText.smallest && lineCount <= 2
                                     && implicitHeight <= Theme.topBarHeight
        visible: false
        text: titleText.text
        width: Math.max(1, room)
        font.pixelSize: Math.max(1, size)
        font.weight: Font.DemiBold
        wrapMode: Text.Wrap
    }
    Beside {
        id: besideNames
        codes: false
    }
    Beside {
        id: besideCodes
        codes: true
    }
    // always visible: larger text and high contrast for every visitor
    Row {
        id: access
        anchors.right: languages.left
        anchors.rightMargin: Theme.unit * 3
        anchors.verticalCenter: controlsRow.verticalCenter
        spacing: Theme.unit * 1.5
        Repeater {
            model: [
                { key: "audio", icon: "fa5s.volume-up", label: bar.controller.ui.listen },
                { key: "largeText", icon: "fa5s.text-height", label: bar.controller.ui.larger_text },
                { key: "highContrast", icon: "fa5s.adjust", label: bar.controller.ui.high_contrast },
                { key: "lowReach", icon: "fa5s.wheelchair", label: bar.controller.ui.low_reach }
            ]
            delegate: Rectangle {
                id: toggle
                required property var modelData
                readonly property bool isOn: bar.controller[modelData.key]
                objectName: "toggle-" + modelData.key
                visible: modelData.key !== "audio" || bar.controller.narration  // a stand narrated
                width: Theme.touch * 0.9
                height: Theme.touch * 0.9
                radius: height / 2
                color: isOn ? Theme.accent : "transparent"
                border.width: Math.max(1, Math.round(2 * Theme.scale))
                border.color: isOn ? Theme.accentBright : Theme.line
                Accessible.role: Accessible.CheckBox
                Accessible.name: modelData.label
                Accessible.checked: isOn
                Icon {
                    anchors.centerIn: parent
                    name: toggle.modelData.icon
                    size: parent.height * 0.45
                    color: parent.isOn ? Theme.textOnAccent : Theme.textMuted
                }
                activeFocusOnTab: true
                function activate() {
                    bar.controller[toggle.modelData.key] = !bar.controller[toggle.modelData.key]
                }
                Accessible.onToggleAction: activate()
                FocusRing {}
                TapHandler {
                    onTapped: toggle.activate()
                }
            }
        }
    }
    LanguageSwitch {
        id: languages
        compact: bar.languagesCompact
        anchors.right: parent.right
        anchors.rightMargin: bar.edge
        anchors.verticalCenter: controlsRow.verticalCenter
        controller: bar.controller
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: Math.max(1, Math.round(Theme.scale))
        color: Theme.line
    }
}
