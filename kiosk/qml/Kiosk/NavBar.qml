import QtQuick

// The panels as a row of large labelled buttons, always within reach at the bottom.
Rectangle {
    id: bar
    required property var controller
    height: Theme.navBarHeight
    color: Theme.surface

    Rectangle {
        anchors.top: parent.top
        width: parent.width
        height: Math.max(1, Math.round(Theme.scale))
        color: Theme.line
    }

    Row {
        id: row
        anchors.fill: parent
        anchors.leftMargin: parent.width * 0.05
        anchors.rightMargin: parent.width * 0.05
        Repeater {
            id: buttons
            model: bar.controller.panels
            delegate: Item {
                id: button
                required property int index
                required property string title
                required property string icon
                readonly property bool selected: index === bar.controller.currentIndex
                objectName: "nav-" + index
                width: row.width / buttons.count
                height: row.height
                Accessible.role: Accessible.PageTab
                Accessible.name: title

                Rectangle {
                    anchors.top: parent.top
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: parent.width * 0.6
                    height: Math.round(6 * Theme.scale)
                    radius: height / 2
                    color: Theme.accentBright
                    opacity: button.selected ? 1 : 0
                    Behavior on opacity { NumberAnimation { duration: Theme.fast } }
                }
                Column {
                    anchors.centerIn: parent
                    spacing: Theme.unit
                    Icon {
                        anchors.horizontalCenter: parent.horizontalCenter
                        name: button.icon
                        size: Theme.heading * 0.8
                        color: button.selected ? Theme.text : Theme.textMuted
                    }
                    KText {
                        anchors.horizontalCenter: parent.horizontalCenter
                        width: Math.min(implicitWidth, button.width - Theme.unit * 2)
                        text: button.title
                        font.pixelSize: Theme.label
                        fontSizeMode: Text.HorizontalFit
                        minimumPixelSize: Math.round(Theme.label * 0.75)
                        font.weight: button.selected ? Font.Bold : Font.Normal
                        color: button.selected ? Theme.text : Theme.textMuted
                        wrapMode: Text.NoWrap
                        elide: Text.ElideRight
                        horizontalAlignment: Text.AlignHCenter
                    }
                }
                TapHandler {
                    onTapped: bar.controller.goTo(button.index)
                }
            }
        }
    }
}
