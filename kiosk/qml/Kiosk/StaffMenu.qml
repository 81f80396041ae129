pragma ComponentBehavior: Bound
import QtQuick
import Kiosk.Backend

// For staff only: a 3-second press in the top-left corner opens a PIN pad; the right PIN
// opens the menu. Visitors cannot reach it by accident (a long press, in a corner, a PIN).
Item {
    id: menu
    property StaffController staff: null
    property KioskController controller: null
    property string stage: "closed"   // closed | pin | menu | pattern
    property string entered: ""
    property string message: ""
    property var details: ({})

    function close() { stage = "closed"; entered = ""; message = "" }
    function refresh() { details = staff ? staff.info() : ({}) }

    // the hidden corner
    MouseArea {
        objectName: "staffCorner"
        width: Theme.touch * 1.25
        height: Theme.touch * 1.25
        z: 10
        enabled: menu.staff !== null && menu.stage === "closed"
        pressAndHoldInterval: 3000
        onPressAndHold: { menu.stage = "pin"; menu.entered = ""; menu.message = "" }
    }

    Loader {  // made only while staff use it (~150 items)
        anchors.fill: parent
        active: menu.stage !== "closed"
        sourceComponent: Rectangle {  // (as large as its Loader)
            color: "#0b0b0c"  // opaque: no panel text shows through the staff menu
            MouseArea { anchors.fill: parent }
        }
    }

    // --- the PIN pad ---
    Loader {  // the PIN pad, as large as it is
        anchors.centerIn: parent
        active: menu.stage === "pin"
        sourceComponent: Column {
            objectName: "pinPad"
            spacing: Theme.unit * 3

            KText {
                anchors.horizontalCenter: parent.horizontalCenter
                text: !menu.staff ? "" : !menu.staff.pinSet ? "No staff PIN is set: run `kiosk set-pin` on this machine."
                    : menu.staff.locked ? "Too many wrong PINs. Try again in " + menu.staff.lockWait + "."
                    : "Staff PIN"
                font.pixelSize: Theme.title
                font.weight: Font.DemiBold
            }
            KText {
                anchors.horizontalCenter: parent.horizontalCenter
                text: menu.entered.replace(/./g, "\u25CF ") || " "
                font.pixelSize: Theme.heading
            }
            KText {
                anchors.horizontalCenter: parent.horizontalCenter
                text: menu.message
                color: Theme.accentText
            }
            Grid {
                anchors.horizontalCenter: parent.horizontalCenter
                columns: 3
                spacing: Theme.unit * 2
                Repeater {
                    model: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Del", "0", "OK"]
                    delegate: TouchButton {
                        required property string modelData
                        objectName: "pin-" + modelData
                        width: Theme.touch * 1.3
                        height: Theme.touch * 1.3
                        text: modelData
                        pixelSize: Theme.title
                        primary: modelData === "OK"
                        enabled: menu.staff !== null && menu.staff.pinSet && !menu.staff.locked
                        onClicked: {
                            if (modelData === "Del") {
                                menu.entered = menu.entered.slice(0, -1)
                            } else if (modelData === "OK") {
                                if (menu.staff.verifyPin(menu.entered)) {
                                    menu.stage = "menu"
                                    menu.refresh()
                                } else {
                                    menu.message = "Wrong PIN"
                                }
                                menu.entered = ""
                            } else if (menu.entered.length < 8) {
                                menu.entered += modelData
                            }
                        }
                    }
                }
            }
            TouchButton {
                anchors.horizontalCenter: parent.horizontalCenter
                text: "Cancel"
                quiet: true
                onClicked: menu.close()
            }
        }
    }

    // --- the menu ---
    Loader {  // the menu
        anchors.fill: parent
        anchors.margins: parent.width * 0.05
        active: menu.stage === "menu"
        sourceComponent: Item {
            objectName: "staffPage"

            Column {
                id: facts
                width: parent.width * 0.55
                spacing: Theme.unit * 2
                KText { text: "Staff menu"; font.pixelSize: Theme.heading; font.weight: Font.Bold }
                KText {
                    width: parent.width
                    text: "Version " + (menu.details.version || "") + " · up " + (menu.details.uptime || "")
                          + (menu.details.safeMode ? " · SAFE MODE" : "")
                    color: Theme.textMuted
                }
                KText {
                    width: parent.width
                    text: "Stand: " + (menu.details.standId || "") + "\n" + (menu.details.standFolder || "")
                    font.pixelSize: Theme.small
                    wrapMode: Text.WrapAnywhere
                }
                KText {
                    text: "Rejected new version"
                    visible: (menu.details.report || []).length > 0
                    font.weight: Font.Bold
                    color: Theme.accentText
                }
                Repeater {
                    model: menu.details.report || []
                    delegate: KText {
                        required property string modelData
                        width: facts.width
                        text: modelData
                        font.pixelSize: Theme.small * 0.85
                        wrapMode: Text.WrapAnywhere
                    }
                }
                KText { text: "Last errors"; font.weight: Font.Bold }
                KText {
                    visible: (menu.details.errors || []).length === 0
                    text: "none"
                    color: Theme.textMuted
                }
                Repeater {
                    model: menu.details.errors || []
                    delegate: KText {
                        required property string modelData
                        width: facts.width
                        text: modelData
                        font.pixelSize: Theme.small * 0.85
                        wrapMode: Text.WrapAnywhere
                    }
                }
                KText { text: "Visits, last 14 days"; font.weight: Font.Bold }
                Row {
                    objectName: "usageChart"
                    spacing: Theme.unit
                    height: Theme.touch * 2
                    Repeater {
                        model: menu.details.usage || []
                        delegate: Column {
                            id: dayBar
                            required property var modelData
                            readonly property int most: Math.max.apply(null, (menu.details.usage || []).map(function (d) { return d.visits }).concat([1]))
                            anchors.bottom: parent ? parent.bottom : undefined
                            spacing: 2
                            KText { text: dayBar.modelData.visits; font.pixelSize: Theme.small * 0.7; anchors.horizontalCenter: parent.horizontalCenter }
                            Rectangle {
                                width: Theme.unit * 5
                                height: Math.max(2, Theme.touch * 1.2 * dayBar.modelData.visits / parent.most)
                                color: Theme.accentBright
                            }
                            KText { text: dayBar.modelData.day; font.pixelSize: Theme.small * 0.6; color: Theme.textMuted }
                        }
                    }
                }
            }

            Column {
                anchors.right: parent.right
                width: parent.width * 0.35
                spacing: Theme.unit * 2
                TouchButton { objectName: "staffReload"; width: parent.width; text: "Reload the stand"; icon: "fa5s.sync"; onClicked: { menu.staff.reload(); menu.refresh() } }
                TouchButton { objectName: "staffPattern"; width: parent.width; text: "Test pattern"; icon: "fa5s.th"; onClicked: menu.stage = "pattern" }
                Repeater {
                    model: menu.details.stands || []
                    delegate: TouchButton {
                        required property string modelData
                        width: parent.width
                        text: "Show " + modelData
                        icon: "fa5s.exchange-alt"
                        quiet: true
                        onClicked: { menu.staff.switchStand(modelData); menu.refresh() }
                    }
                }
                TouchButton { objectName: "staffBack"; width: parent.width; text: "Back to visitors"; icon: "fa5s.arrow-left"; onClicked: menu.close() }
                TouchButton { objectName: "staffExit"; width: parent.width; text: "Exit the kiosk"; icon: "fa5s.power-off"; primary: true; onClicked: menu.staff.exitKiosk() }
            }
        }
    }

    // --- a test pattern for the display: greys, colours, a grid; tap to leave ---
    Loader {  // the test pattern
        anchors.fill: parent
        active: menu.stage === "pattern"
        sourceComponent: Item {
            objectName: "testPattern"
            Row {
                anchors.fill: parent
                Repeater {
                    model: ["#ffffff", "#ffff00", "#00ffff", "#00ff00", "#ff00ff", "#ff0000", "#0000ff", "#000000"]
                    delegate: Rectangle { required property string modelData; width: parent.width / 8; height: parent.height * 0.6; color: modelData }
                }
            }
            Row {
                y: parent.height * 0.6
                width: parent.width
                Repeater {
                    model: 16
                    delegate: Rectangle { required property int index; width: parent.width / 16; height: menu.height * 0.4; color: Qt.rgba(index / 15, index / 15, index / 15, 1) }
                }
            }
            Repeater {
                model: 9
                delegate: Rectangle { required property int index; x: menu.width * (index + 1) / 10; width: 1; height: menu.height; color: "#808080" }
            }
            TapHandler { onTapped: menu.stage = "menu" }
        }
    }
}
