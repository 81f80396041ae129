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

    Repeater {
        model: switcher.controller.languages
        delegate: Rectangle {
            id: choice
            required property var modelData
            readonly property bool selected: modelData.code === switcher.controller.language
            objectName: "language-" + modelData.code
            height: Theme.touch * 0.9
            width: Math.max(switcher.compact ? Theme.touch : Theme.touch * 1.6, name.implicitWidth + Theme.unit * 6)
            radius: height / 2
            color: selected ? Theme.accent : "transparent"
            border.width: Math.max(1, Math.round(2 * Theme.scale))
            border.color: selected ? Theme.accentBright : Theme.line
            Accessible.role: Accessible.Button
            Accessible.name: modelData.name
            KText {
                id: name
                anchors.centerIn: parent
                text: switcher.compact ? choice.modelData.code.toUpperCase() : choice.modelData.name
                font.pixelSize: Theme.label
                font.weight: parent.selected ? Font.Bold : Font.Normal
                color: parent.selected ? Theme.textOnAccent : Theme.textMuted
                wrapMode: Text.NoWrap
            }
            TapHandler {
                onTapped: switcher.controller.setLanguage(choice.modelData.code)
            }
        }
    }
}
