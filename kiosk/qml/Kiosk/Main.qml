pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// The kiosk's window: the attract screen over the browsing screen, and the source sheet.
Window {
    id: root
    required property KioskController controller
    property StaffController staff: null
    required property Narrator narrator

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
        property: "grown"
        value: Math.max(0, stage.height - root.screenHeight)
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
            // low reach: the whole visit (its bars too) in the lower part of the screen, within
            // reach from a wheelchair or of a child; the band above stays empty
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            height: root.controller.lowReach ? parent.height * Theme.lowReachShare : parent.height
            property bool warm: !Theme.animations
            active: warm || root.controller.phase === "browsing"
            // hidden under the attract screen once that covers it: a screen reader finds
            // the attract screen's words there, not the panels (AT-SPI: not showing)
            visible: root.controller.phase !== "attract" || attract.opacity < 1
            sourceComponent: BrowseScreen {
                controller: root.controller
                onSourceRequested: (sourceIds) => {
                    sheet.openSources(sourceIds)
                    root.narrator.sayAll(sourceIds.map(id => "sources/" + id))
                }
                onImageRequested: (url, caption, credit) => viewer.show(url, caption, credit)
                onRecordingRequested: (recording, caption, credit) => viewer.showRecording(recording, caption, credit)
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
            objectName: "attractScreen"
            anchors.fill: parent
            controller: root.controller
            shown: root.controller.phase === "attract"
        }

        SourceSheet {
            id: sheet
            anchors.fill: parent
            controller: root.controller
        }

        StillThere {
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
                onActiveChanged: if (active) { watch.report(); keyWatch.forceActiveFocus() }
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

        // the keyboard focus (the lockdown filters leaving keys here, before this sees them);
        // a touch takes it back from a control, so the focus ring goes with it
        Item {
            id: keyWatch
            objectName: "keyWatch"
            focus: true
            Keys.onPressed: (event) => {
                event.accepted = false
                watch.report()
            }
        }
    }

    // A keypad or keyboard beside the screen (the keys in the settings' `keys:`): the focus
    // steps through the screen in reading order (mirrored with the language), select presses
    // what has it, back closes what is open or goes back a panel, home goes to the first.
    // Every key counts as activity; on the attract screen any of them starts the visit.
    Shortcut {
        sequences: root.controller.keys.next
        onActivated: root.step(true)
    }
    Shortcut {
        sequences: root.controller.keys.previous
        onActivated: root.step(false)
    }
    Shortcut {
        sequences: root.controller.keys.select
        onActivated: root.select()
    }
    Shortcut {
        sequences: root.controller.keys.back
        onActivated: root.back()
    }
    Shortcut {
        sequences: root.controller.keys.help
        onActivated: { root.started(); root.narrator.help() }
    }
    Shortcut {
        sequences: root.controller.keys.audio
        onActivated: {
            root.started()
            root.controller.audio = !root.controller.audio
            root.narrator.sayFor(root.activeFocusItem)
        }
    }
    Shortcut {
        sequences: root.controller.keys.louder
        onActivated: { root.started(); root.narrator.louder() }
    }
    Shortcut {
        sequences: root.controller.keys.softer
        onActivated: { root.started(); root.narrator.softer() }
    }
    Shortcut {
        sequences: root.controller.keys.repeat
        onActivated: { root.started(); root.narrator.repeat() }
    }
    // narration follows the focus (when the visitor has turned it on)
    onActiveFocusItemChanged: narrator.sayFor(activeFocusItem)
    Shortcut {
        sequences: root.controller.keys.home
        onActivated: {
            root.controller.activity()
            root.controller.goTo(0)
            keyWatch.forceActiveFocus()
        }
    }
    // whether a key started the visit: it only leaves the attract screen
    function started() {
        const attract = root.controller.phase !== "browsing"
        root.controller.activity()
        return attract
    }
    // where the keypad's focus last stopped, in reading order: a list that scrolls may put
    // away the item itself, and the focus with it
    property var lastStop: []
    function step(forward) {
        if (started() || sheet.visible || viewer.visible)
            return
        const order = stops()
        if (order.length === 0)
            return
        let at = order.findIndex(stop => stop.item === root.activeFocusItem)
        if (at < 0 && lastStop.length > 0) {  // just past where it was, in either direction
            const after = order.findIndex(stop => root.compare(stop.key, lastStop) > 0)
            at = forward ? (after < 0 ? order.length : after) - 1
                         : (after < 0 ? order.length : after)
        }
        root.narrator.click()
        const next = at < 0 ? (forward ? 0 : order.length - 1)
                            : (at + (forward ? 1 : order.length - 1)) % order.length
        lastStop = order[next].key
        order[next].item.forceActiveFocus(forward ? Qt.TabFocusReason : Qt.BacktabFocusReason)
    }
    function compare(a, b) {  // keys: numbers compared in turn; a key before its extensions
        for (let i = 0; i < Math.min(a.length, b.length); ++i)
            if (a[i] !== b[i])
                return a[i] - b[i]
        return a.length - b.length
    }
    // what the focus stops at ({item, key}), in reading order: the top bar, then the panels
    // built so far in their order, each from top to bottom and along its lines (right to left
    // when the language is), a stop's own controls (its Source button) right after it, then
    // the navigation bar
    function stops() {
        const found = []
        const visit = (item, key) => {
            if (!item.visible)
                return
            if (item.objectName === "topBar")
                key = [0]
            else if (item.objectName === "navBar")
                key = [2]
            else if (item.objectName.startsWith("page-"))
                key = [1, Number(item.objectName.slice(5))]
            if (item.activeFocusOnTab && !(item as Flickable)) {
                const at = item.mapToItem(stage, 0, 0)
                key = key.concat([Math.round(at.y / Theme.unit), root.controller.rtl ? -at.x : at.x])
                found.push({item: item, key: key})
            }
            for (let i = 0; i < item.children.length; ++i)
                visit(item.children[i], key)
        }
        visit(stage, [1, 0])
        found.sort((a, b) => root.compare(a.key, b.key))
        return found
    }
    readonly property string pressMethod: "activate"
    function select() {
        if (started())
            return
        // the controls that can be pressed (TouchButton, the language, accessibility and panel
        // buttons) declare `function activate()`: called by name, as they share no type
        const item = root.activeFocusItem
        const press = item ? item[root.pressMethod] : undefined
        if (typeof press === "function")
            press.call(item)
    }
    function back() {
        if (started())
            return
        if (sheet.visible)
            sheet.close()
        else if (viewer.visible)
            viewer.close()
        else
            root.controller.goTo(root.controller.currentIndex - 1)
    }
}
