pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// One button per language, each in its own name; the current one is filled.
Row {
    id: switcher
    required property KioskController controller
    property bool compact: false  // language codes instead of names, where space is short
    spacing: Theme.unit * 1.5
    visible: controller.languages.length > 1

    // how wide the buttons are with names, or with codes, whichever is shown: the top bar
    // chooses between them by the room each leaves its title. Their labels are laid out
    // unseen both ways, as the buttons lay theirs out (a font's measure of a name differs
    // from the laid-out text's by a pixel or two in Arabic)
    function widthOf(codes) {
        const labels = (codes ? asCodes : asNames).children.filter(label => label.objectName === "label")
        let sum = Math.max(0, labels.length - 1) * spacing
        for (const label of labels)
            sum += buttonWidth(label.implicitWidth, codes)
        return sum
    }
    function buttonWidth(labelWidth, codes) {
        return Math.max(codes ? Theme.touch : Theme.touch * 1.6, labelWidth + Theme.unit * 6)
    }
    function nameOf(language, codes) {
        return codes ? language.code.toUpperCase() : language.name
    }
    component Label: KText {
        required property var modelData
        readonly property bool selected: modelData.code === switcher.controller.language
        font.pixelSize: Theme.label
        font.weight: selected ? Font.Bold : Font.Normal
        wrapMode: Text.NoWrap
    }
    component Unseen: Item {
        id: unseen
        property bool codes
        visible: false  // (not placed by the row)
        Repeater {
            model: switcher.controller.languages
            delegate: Label {
                objectName: "label"
                text: switcher.nameOf(modelData, unseen.codes)
            }
        }
    }
    Unseen {
        id: asNames
        codes: false
    }
    Unseen {
        id: asCodes
        codes: true
    }

    Repeater {
        model: switcher.controller.languages
        delegate: Rectangle {
            id: choice
            required property var modelData
            readonly property bool selected: modelData.code === switcher.controller.language
            objectName: "language-" + modelData.code
            height: Theme.touch * 0.9
            width: switcher.buttonWidth(name.implicitWidth, switcher.compact)
            radius: height / 2
            color: selected ? Theme.accent : "transparent"
            border.width: Math.max(1, Math.round(2 * Theme.scale))
            border.color: selected ? Theme.accentBright : Theme.line
            Accessible.role: Accessible.Button
            Accessible.name: modelData.name
            Label {
                id: name
                anchors.centerIn: parent
                modelData: choice.modelData
                text: switcher.nameOf(choice.modelData, switcher.compact)
                color: parent.selected ? Theme.textOnAccent : Theme.textMuted
            }
            activeFocusOnTab: true
            function activate() { switcher.controller.setLanguage(choice.modelData.code) }
            Accessible.onPressAction: activate()
            FocusRing {}
            TapHandler {
                onTapped: choice.activate()
            }
        }
    }
}
