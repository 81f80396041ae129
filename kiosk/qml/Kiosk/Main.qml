pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The kiosk's window: the attract screen over the browsing screen, and the source sheet.
Window {
    id: root
    required property KioskController controller
    property StaffController staff: null

    width: 1920
    height: 1080
    // shown by kiosk.app, straight to full screen: visible here, it would first map as a
    // normal window, and the window manager's late report of that state would undo it
    color: Theme.bg
    title: controller.title

    LayoutMirroring.enabled: controller.rtl
    LayoutMirroring.childrenInherit: true

    // the screen the layout is made for: the window's, or (a whole panel rendered for
    // proofreading, `kiosk snapshot --full`) the screen's while the window grows downwards
    property real layoutWidth: 0
    property real layoutHeight: 0
    readonly property real screenWidth: layoutWidth > 0 ? layoutWidth : stage.width
    readonly property real screenHeight: layoutHeight > 0 ? layoutHeight : stage.height
    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(root.screenWidth, root.screenHeight) / 1080)
    }
    Binding {
        target: Theme
        property: "landscape"
        value: root.screenWidth >= root.screenHeight
    }
    Binding {
        target: Theme
        property: "animations"
        value: root.controller.animations && !root.controller.closed
    }
    Binding {
        target: Theme
        property: "light"
        value: root.controller.lightTheme
    }
    Binding {
        target: Theme
        property: "highContrast"
        value: root.controller.highContrast
    }
    Binding {
        target: Theme
        property: "stand"
        value: root.controller.look.colours
    }
    Binding {
        target: Theme
        property: "textScale"
        value: root.controller.largeText ? 1.5 : 1.0
    }

    // the screen as mounted: a display turned on its side, without the OS rotating it,
    // is served by turning the whole interface (touch follows the turn). Centred on the
    // window's own size, which is right from the start, before the content item is resized
    Item {
        id: stage
        objectName: "stage"
        readonly property bool sideways: root.controller.rotation === 90 || root.controller.rotation === 270
        x: (root.width - width) / 2
        y: (root.height - height) / 2
        width: sideways ? root.height : root.width
        height: sideways ? root.width : root.height
        rotation: root.controller.rotation

        // the panels: built after the attract screen's first frame, in the background (or at
        // once when a visitor touches first), so the kiosk shows something without waiting
        Loader {
            id: browse
            objectName: "browseLoader"
            anchors.fill: parent
            property bool warm: !Theme.animations
            active: warm || root.controller.phase === "browsing"
            sourceComponent: BrowseScreen {
                controller: root.controller
                onSourceRequested: (sourceIds) => sheet.openSources(sourceIds)
                onImageRequested: (url, caption, credit) => viewer.show(url, caption, credit)
            }
        }
        Timer {
            interval: Theme.warmUp
            running: !browse.warm
            onTriggered: browse.warm = true
        }

        ImageViewer {
            id: viewer
            anchors.fill: parent
            closeLabel: root.controller.ui.close
            missingLabel: root.controller.ui.image_missing
            controller: root.controller
        }

        AttractScreen {
            id: attract
            anchors.fill: parent
            controller: root.controller
            shown: root.controller.phase === "attract"
        }

        SourceSheet {
            id: sheet
            anchors.fill: parent
            controller: root.controller
        }

        // a one-line diagnostic for staff (safe mode), small, in a corner of the attract screen
        KText {
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: Theme.unit * 2
            visible: root.controller.notice !== "" && root.controller.phase === "attract"
            text: root.controller.notice
            font.pixelSize: Theme.small * 0.8
            color: Theme.textMuted
        }

        ClosedScreen {
            anchors.fill: parent
            controller: root.controller
        }

        StaffMenu {
            anchors.fill: parent
            staff: root.staff
            controller: root.controller
        }

        Connections {
            target: root.controller
            function onResetRequested() { sheet.close(); viewer.close() }
        }

        // Visitor activity, for the idle reset: a touch or click anywhere, a point moving, a
        // wheel turn, a key press, and a mouse moving during a visit. Watched here, not by a
        // Python event filter on the window: Qt would call that for every frame too. Above
        // everything, it only watches (a passive grab, the wheel not blocked), so every touch
        // still reaches the panels below. Moves and wheel turns reach the controller at most
        // twice a second, so a swipe does not call into Python on every frame.
        Item {
            id: watch
            objectName: "activityWatch"
            anchors.fill: parent
            property double reported: 0
            property real hoverX: NaN
            property real hoverY: NaN

            function report() {
                reported = Date.now()
                root.controller.activity()
            }
            function moved() {
                if (Date.now() - reported >= 500)
                    report()
            }

            PointHandler {
                target: null
                acceptedButtons: Qt.AllButtons
                onActiveChanged: if (active) watch.report()
                onPointChanged: if (active) watch.moved()
            }
            // a mouse moved without a button: counts during a visit (it never starts one);
            // hover sent again at the same place as things move under a still mouse is no move
            HoverHandler {
                enabled: root.controller.phase === "browsing"
                onPointChanged: {
                    const where = point.scenePosition
                    if (where.x === watch.hoverX && where.y === watch.hoverY)
                        return
                    watch.hoverX = where.x
                    watch.hoverY = where.y
                    watch.moved()
                }
            }
            WheelHandler {
                target: null
                blocking: false
                onWheel: watch.moved()
            }
        }

        // the keyboard focus (the lockdown filters leaving keys here, before this sees them)
        Item {
            objectName: "keyWatch"
            focus: true
            Keys.onPressed: (event) => {
                event.accepted = false
                watch.report()
            }
        }
    }
}
