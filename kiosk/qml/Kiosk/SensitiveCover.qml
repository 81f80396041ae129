pragma ComponentBehavior: Bound
import QtQuick

// Covers a sensitive item with a quiet notice until the visitor chooses to see it, or (where
// the panel can move on past it: `skippable`) to skip it. The notice is made only while it
// covers something: every section, figure, group and remark has a cover, most of them never
// sensitive (~30 items each, ~1 MB for the sample stand's panels built ahead).
Item {
    id: cover
    property var ui: ({})
    property string notice: ""  // the stand's words for this item; empty: the kiosk's own
    // what is covered, named above its notice (so a visitor knows what the notice is about)
    property string heading: ""
    property string date: ""
    property bool skippable: false
    property bool revealed: false
    signal revealRequested()
    signal skipRequested(bool keyed)  // keyed: by the keypad (its focus to go on with it)
    // the notice's own height: an item no taller than this is covered by as much
    implicitHeight: shown.implicitHeight  // (a Loader takes its item's)
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

    Loader {
        id: shown
        anchors.fill: parent
        active: !cover.revealed
        sourceComponent: covering
    }

    Component {
        id: covering
        Rectangle {
            implicitHeight: content.implicitHeight + Theme.unit * 12
            color: Theme.surface
            radius: Theme.radius
            border.width: Math.max(1, Math.round(2 * Theme.scale))
            border.color: Theme.line
            // the notice swallows touches meant for what it hides
            MouseArea { anchors.fill: parent }

            Column {
                id: content
                anchors.centerIn: parent
                width: Math.min(parent.width - Theme.unit * 8, Theme.body * 30)
                spacing: Theme.unit * 3
                Column {
                    objectName: "sensitiveTitle"
                    width: parent.width
                    visible: cover.heading !== "" || cover.date !== ""
                    spacing: Theme.unit * 1.5
                    bottomPadding: Theme.unit
                    KText {
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        visible: text !== ""
                        text: cover.date
                        font.pixelSize: Theme.label
                        font.weight: Font.DemiBold
                        font.letterSpacing: 1
                        color: Theme.accentText
                    }
                    KText {
                        objectName: "sensitiveHeading"
                        width: parent.width
                        horizontalAlignment: Text.AlignHCenter
                        visible: text !== ""
                        text: cover.heading
                        font.pixelSize: Theme.title
                        font.weight: Font.Bold
                        lineHeight: 1.2
                    }
                }
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
                // Show, and beside it (after it in the line: mirrored) the way past without seeing
                Row {
                    anchors.horizontalCenter: parent.horizontalCenter
                    spacing: Theme.unit * 3
                    TouchButton {
                        objectName: "reveal"
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
                    TouchButton {
                        objectName: "skip"
                        visible: cover.skippable
                        text: cover.ui.skip || ""
                        quiet: true
                        onClicked: cover.skipRequested(activeFocus)
                    }
                }
            }
        }
    }
}
