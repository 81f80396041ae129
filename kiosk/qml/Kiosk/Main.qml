import QtQuick

// The kiosk's window: the attract screen over the browsing screen, and the source sheet.
Window {
    id: root
    required property var controller
    property var staff: null

    width: 1920
    height: 1080
    visible: true
    color: Theme.bg
    title: controller.title

    LayoutMirroring.enabled: controller.rtl
    LayoutMirroring.childrenInherit: true

    Binding {
        target: Theme
        property: "scale"
        value: Math.max(0.5, Math.min(stage.width, stage.height) / 1080)
    }
    Binding {
        target: Theme
        property: "landscape"
        value: stage.width >= stage.height
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
        property: "textScale"
        value: root.controller.largeText ? 1.5 : 1.0
    }

    // the screen as mounted: a display turned on its side, without the OS rotating it,
    // is served by turning the whole interface (touch follows the turn)
    Item {
        id: stage
        objectName: "stage"
        readonly property bool sideways: root.controller.rotation === 90 || root.controller.rotation === 270
        anchors.centerIn: parent
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
                onSourceRequested: (sourceId) => sheet.openSource(sourceId)
                onImageRequested: (url, caption, credit) => viewer.show(url, caption, credit)
            }
        }
        Timer {
            interval: 200
            running: !browse.warm
            onTriggered: browse.warm = true
        }

        ImageViewer {
            id: viewer
            anchors.fill: parent
            closeLabel: root.controller.ui.close
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
    }
}
