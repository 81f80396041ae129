pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The fixed top of every panel: the stand's title and the language switch.
Rectangle {
    id: bar
    required property KioskController controller
    objectName: "topBar"
    height: Theme.topBarHeight
    color: Theme.bg

    // the stand's logo (if it has one) before the accent mark
    Image {
        id: logo
        objectName: "barLogo"
        anchors.left: parent.left
        anchors.leftMargin: parent.width * 0.05
        anchors.verticalCenter: parent.verticalCenter
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
        anchors.verticalCenter: parent.verticalCenter
        width: Math.round(6 * Theme.scale)
        height: Theme.title * 1.2
        color: Theme.accentBright
    }
    // the stand's title as large as fits: on one line, or on two (a narrow screen, larger
    // text), down to 65%; cut only below that (kiosk/ui/fit.py warns of it)
    FontMetrics {
        id: titleMetrics
        font.family: Theme.sans
        font.weight: Font.DemiBold
        font.pixelSize: titleText.fullSize
    }
    KText {
        id: titleText
        readonly property real fullSize: Math.round(Theme.title / Math.sqrt(Theme.textScale))
        // the same smallest size with larger text as without (what fit.py measures)
        readonly property real smallest: Math.round(Theme.title / Theme.textScale * 0.65)
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
        // (a little to spare: widths do not grow exactly with the size; two lines stay
        // within the bar)
        readonly property real fitted: width <= 0 || oneLine <= 0 ? fullSize : Math.min(fullSize,
            Math.max(fullSize * width / oneLine / 1.03,
                     Math.min(fullSize * width / twoLines / 1.03,
                              (bar.height - Theme.unit * 2) / 2.8)))
        anchors.left: mark.right
        anchors.leftMargin: Theme.unit * 2
        anchors.right: access.left
        anchors.rightMargin: Theme.unit * 4
        anchors.verticalCenter: parent.verticalCenter
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
    // always visible: larger text and high contrast for every visitor
    Row {
        id: access
        anchors.right: languages.left
        anchors.rightMargin: Theme.unit * 3
        anchors.verticalCenter: parent.verticalCenter
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
        compact: !Theme.landscape || bar.controller.languages.length > 4
        anchors.right: parent.right
        anchors.rightMargin: parent.width * 0.05
        anchors.verticalCenter: parent.verticalCenter
        controller: bar.controller
    }
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: Math.max(1, Math.round(Theme.scale))
        color: Theme.line
    }
}
