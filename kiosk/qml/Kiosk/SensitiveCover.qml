import QtQuick

// Covers a sensitive item with a quiet notice until the visitor chooses to see it.
Rectangle {
    id: cover
    property var ui: ({})
    property string notice: ""  // the stand's words for this item; empty: the kiosk's own
    property bool revealed: false
    signal revealRequested()
    // after Show by the keypad: the focus goes to what was covered (its words are said),
    // not left on a button that is gone
    function focusOwner() {
        let owner = cover.parent
        while (owner && !owner.activeFocusOnTab)
            owner = owner.parent
        if (owner)
            owner.forceActiveFocus(Qt.OtherFocusReason)
    }

    visible: !revealed
    color: Theme.surface
    radius: Theme.radius
    border.width: Math.max(1, Math.round(2 * Theme.scale))
    border.color: Theme.line
    // the notice swallows touches meant for what it hides
    MouseArea { anchors.fill: parent }

    Column {
        anchors.centerIn: parent
        width: Math.min(parent.width - Theme.unit * 8, Theme.body * 30)
        spacing: Theme.unit * 3
        Icon {
            anchors.horizontalCenter: parent.horizontalCenter
            name: "fa5s.eye-slash"
            size: Theme.heading
            color: Theme.textMuted
        }
        EvenText {
            id: noticeText
            room: parent.width
            anchors.horizontalCenter: parent.horizontalCenter
            horizontalAlignment: Text.AlignHCenter
            objectName: "sensitiveNotice"
            content: cover.notice || cover.ui.sensitive_notice || ""
            lineHeight: Theme.lineHeight
        }
        TouchButton {
            objectName: "reveal"
            anchors.horizontalCenter: parent.horizontalCenter
            text: cover.ui.show_content || ""
            icon: "fa5s.eye"
            primary: true
            onClicked: {
                const keyed = activeFocus
                cover.revealRequested()
                if (keyed)
                    cover.focusOwner()
            }
        }
    }
}
