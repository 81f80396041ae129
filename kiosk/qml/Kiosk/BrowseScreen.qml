pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// A visit: the stand's title and languages on top, the panels in the middle (swipe
// sideways), and a bar of large labelled buttons at the bottom.
Item {
    id: screen
    required property KioskController controller
    signal sourceRequested(var sourceIds)
    signal imageRequested(string url, string caption, string credit)
    signal recordingRequested(var recording, string caption, string credit)

    Rectangle { anchors.fill: parent; color: Theme.bg }

    TopBar {
        id: top
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        controller: screen.controller
    }

    ListView {
        id: pager
        objectName: "pager"
        anchors.top: top.bottom
        anchors.bottom: nav.top
        anchors.left: parent.left
        anchors.right: parent.right
        orientation: ListView.Horizontal
        // left to right: the LayoutMirroring that Main.qml turns on for right-to-left
        // languages mirrors it, as it mirrors the tabs, so the next panel comes from the left
        layoutDirection: Qt.LeftToRight
        snapMode: ListView.SnapOneItem
        highlightRangeMode: ListView.StrictlyEnforceRange
        highlightMoveDuration: Theme.normal
        highlightMoveVelocity: -1
        boundsBehavior: Flickable.StopAtBounds
        flickDeceleration: Theme.flickDeceleration
        clip: true
        cacheBuffer: Math.max(0, width * 6)  // every page stays; its panel is built as needed
        model: screen.controller.panels
        currentIndex: screen.controller.currentIndex
        // the current index once the pager has come to rest: the panels next to it are built
        // then, not while a swipe is moving
        property int restIndex: 0
        onCurrentIndexChanged: {
            screen.controller.goTo(currentIndex)
            if (!moving)
                restIndex = currentIndex
        }
        onMovementEnded: restIndex = currentIndex
        // right to left, a list resized (a window made 1920 wide, then shown full-screen on a
        // portrait screen) keeps its pages where the old width put them and slides them into
        // place slowly at each turn of page: laid out anew instead
        onWidthChanged: if (effectiveLayoutDirection === Qt.RightToLeft && count > 0) relayout()
        function relayout() {
            const index = currentIndex
            model = null
            model = screen.controller.panels
            screen.controller.goTo(index)  // the reset went back to the first panel
            positionViewAtIndex(index, ListView.Beginning)
        }

        delegate: Loader {
            id: page
            required property int index
            required property string kind
            required property string title
            required property string intro
            objectName: "page-" + index
            width: pager.width
            height: pager.height
            readonly property bool current: ListView.isCurrentItem
            // A panel is built while it is the current one or next to it, so a swipe always
            // finds the next one ready. The one beyond is built once the swipe has come to
            // rest (about 10 ms at once, while nothing moves: built a little in each frame
            // instead, a stand replaced or the window closed mid-way leaves Qt warnings), or
            // as soon as any of it comes into view. A panel the visitor has seen stays built
            // for the rest of the visit (what was revealed, scrolled or counted up stays so),
            // one passed on the way to another until it is off screen. The end of the visit
            // releases all but the first panel and its neighbour.
            property bool kept: index === 0
            // where the page sits in the list, known before the list has placed it (its `x`
            // is 0 until then), and whether any of it is in view
            readonly property real place: (pager.effectiveLayoutDirection === Qt.RightToLeft
                                           ? -1 - index : index) * pager.width
            readonly property bool onScreen: place + pager.width > pager.contentX
                                             && place < pager.contentX + pager.width
            active: kept || onScreen || Math.abs(index - pager.restIndex) <= 1
            onCurrentChanged: if (current) kept = true
            // the panel's kind, as declared below; its rows are made when it is first built
            sourceComponent: ({background: backgroundKind, figures: figuresKind,
                               recognitions: recognitionsKind, remarks: remarksKind})[kind] ?? null
            PanelPlace {
                id: slot
                controller: screen.controller
                panelIndex: page.index
                title: page.title
                intro: page.intro
                current: page.current && screen.controller.phase === "browsing"
                onSourceRequested: sourceIds => screen.sourceRequested(sourceIds)
                onImageRequested: (url, caption, credit) => screen.imageRequested(url, caption, credit)
                onRecordingRequested: (recording, caption, credit) => screen.recordingRequested(recording, caption, credit)
            }
            Component { id: backgroundKind; BackgroundPanel { place: slot } }
            Component { id: figuresKind; FiguresPanel { place: slot } }
            Component { id: recognitionsKind; RecognitionsPanel { place: slot } }
            Component { id: remarksKind; RemarksPanel { place: slot } }
        }
    }

    NavBar {
        id: nav
        anchors.bottom: parent.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        controller: screen.controller
    }

    Connections {
        target: screen.controller
        function onResetRequested() {
            pager.positionViewAtBeginning()
            for (let i = 0; i < pager.count; ++i) {
                const page = pager.itemAtIndex(i)
                if (page) page.kept = i === 0  // where every visit begins
            }
        }
    }

    // the keypad's focus, followed: its panel is shown, and the panel scrolls it into view
    Connections {
        target: screen.Window.window
        function onActiveFocusItemChanged() {
            const item = screen.Window.activeFocusItem
            if (!item || !item.activeFocusOnTab)
                return
            for (let up = item.parent; up; up = up.parent) {
                const page = up.objectName.startsWith("page-") ? up : null
                if (page) {
                    screen.controller.goTo(Number(page.objectName.slice(5)))
                    break
                }
                // (a list's delegates bring themselves into view first: BackgroundPanel,
                // RemarksPanel; this then shows the whole of a control inside one)
                const flick = up as Flickable
                if (flick && flick.flickableDirection !== Flickable.HorizontalFlick)
                    screen.reveal(item, flick)
            }
        }
    }
    function reveal(item, flick) {
        const margin = Theme.unit * 4
        const top = item.mapToItem(flick.contentItem, 0, 0).y - margin
        const bottom = top + item.height + margin + Theme.touch * 1.5  // above the scroll cue
        const lowest = Math.max(flick.originY - flick.topMargin,
                                flick.contentHeight + flick.originY + flick.bottomMargin - flick.height)
        if (top < flick.contentY)
            flick.contentY = Math.max(flick.originY - flick.topMargin, top)
        else if (bottom > flick.contentY + flick.height)
            flick.contentY = Math.min(lowest, Math.min(top, bottom - flick.height))
    }
}
