import QtQuick

// The cue that an area scrolls: its lower edge fades into the background, and a round
// chevron at the bottom says there is more below (a tap brings the next part up). Gone
// once the end is in view.
Item {
    id: cue
    required property Flickable flickable
    property string label: ""  // the visitor's language's "More below", for screen readers
    readonly property real end: flickable.originY + flickable.contentHeight
                                + flickable.bottomMargin - flickable.height
    readonly property bool more: end - flickable.contentY > Theme.unit * 2

    objectName: "scrollCue"
    // the next part up: three quarters of a screen
    function next() {
        step.to = Math.min(cue.end, cue.flickable.contentY + cue.flickable.height * 0.75)
        step.restart()
    }
    x: flickable.x
    y: flickable.y + flickable.height - height
    width: flickable.width
    height: Theme.touch * 1.5
    opacity: more ? 1 : 0
    visible: opacity > 0
    Behavior on opacity { NumberAnimation { duration: Theme.fast } }

    Rectangle {
        anchors.fill: parent
        gradient: Gradient {
            GradientStop { position: 0.0; color: Qt.rgba(Theme.bg.r, Theme.bg.g, Theme.bg.b, 0) }
            GradientStop { position: 0.75; color: Theme.bg }
        }
    }
    Rectangle {
        objectName: "moreBelow"
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.unit * 1.5
        width: Theme.touch * 0.9
        height: Theme.touch * 0.75
        radius: height / 2
        color: Theme.surfaceRaised
        border.width: Math.max(1, Math.round(2 * Theme.scale))
        border.color: Theme.accentBright
        Accessible.role: Accessible.Button
        Accessible.name: cue.label
        Accessible.onPressAction: cue.next()
        Icon {
            anchors.centerIn: parent
            name: "fa5s.chevron-down"
            size: parent.height * 0.45
            color: Theme.text
        }
        TapHandler { onTapped: cue.next() }
    }
    NumberAnimation {
        id: step
        target: cue.flickable
        property: "contentY"
        duration: Theme.normal
        easing.type: Easing.OutCubic
    }
}
