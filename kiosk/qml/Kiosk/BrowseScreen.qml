import QtQuick

// A visit: the stand's title and languages on top, the panels in the middle (swipe
// sideways), and a bar of large labelled buttons at the bottom.
Item {
    id: screen
    required property var controller
    signal sourceRequested(string sourceId)
    signal imageRequested(string url, string caption, string credit)

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
        layoutDirection: screen.controller.rtl ? Qt.RightToLeft : Qt.LeftToRight
        snapMode: ListView.SnapOneItem
        highlightRangeMode: ListView.StrictlyEnforceRange
        highlightMoveDuration: Theme.normal
        highlightMoveVelocity: -1
        boundsBehavior: Flickable.StopAtBounds
        flickDeceleration: 4000
        clip: true
        cacheBuffer: Math.max(0, width * 6)  // every panel of a stand stays built
        model: screen.controller.panels
        currentIndex: screen.controller.currentIndex
        onCurrentIndexChanged: screen.controller.goTo(currentIndex)

        delegate: Loader {
            id: page
            required property int index
            required property string kind
            required property string title
            required property string intro
            width: pager.width
            height: pager.height
            readonly property bool current: ListView.isCurrentItem
            readonly property string file: {
                switch (kind) {
                case "background": return "BackgroundPanel.qml"
                case "figures": return "FiguresPanel.qml"
                case "recognitions": return "RecognitionsPanel.qml"
                case "remarks": return "RemarksPanel.qml"
                }
                return ""
            }
            Component.onCompleted: setSource(file, {
                controller: screen.controller,
                content: screen.controller.panelContent(index),
                panelIndex: index
            })
            onLoaded: {
                item.title = Qt.binding(() => page.title)
                item.intro = Qt.binding(() => page.intro)
                item.current = Qt.binding(() => page.current && screen.controller.phase === "browsing")
                item.sourceRequested.connect(screen.sourceRequested)
                if (item.imageRequested) item.imageRequested.connect(screen.imageRequested)
            }
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
        function onResetRequested() { pager.positionViewAtBeginning() }
    }
}
