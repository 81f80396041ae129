pragma Singleton
import QtQuick

// The one design system: colours, type scale, spacing and motion, used by every file.
// `scale` follows the screen's shorter side (1.0 at 1080 px); `animations` is false when
// rendering snapshots, so every screen is shown settled.
QtObject {
    property real scale: 1.0
    property bool animations: true
    property bool landscape: true

    // colour: a dark, calm commemorative palette. Contrast (WCAG) against `bg`:
    // text 15.9:1, textMuted 8.3:1, accentText 7.4:1.
    readonly property color bg: "#151416"
    readonly property color surface: "#1f1d20"
    readonly property color surfaceRaised: "#2a272b"
    readonly property color line: "#3a363b"
    readonly property color text: "#f2ede4"
    readonly property color textMuted: "#bdb5aa"
    readonly property color accent: "#8e1b2b"
    readonly property color accentBright: "#b3283d"
    readonly property color accentText: "#ee9aa5"
    readonly property color scrim: "#e6100f11"

    // type
    readonly property string sans: "Noto Sans"
    readonly property string serif: "Noto Serif"
    readonly property real body: Math.round(30 * scale)
    readonly property real small: Math.round(26 * scale)
    readonly property real label: Math.round(28 * scale)
    readonly property real heading: Math.round(52 * scale)
    readonly property real title: Math.round(40 * scale)
    readonly property real display: Math.round(88 * scale)
    readonly property real number: Math.round(128 * scale)
    readonly property real lineHeight: 1.4

    // space and touch
    readonly property real unit: Math.round(8 * scale)
    readonly property real touch: Math.round(80 * scale)
    readonly property real radius: Math.round(14 * scale)
    readonly property real topBarHeight: Math.round(112 * scale)
    readonly property real navBarHeight: Math.round(136 * scale)

    // motion (ms): slow and purposeful; zero when settled for snapshots
    readonly property int fast: animations ? 250 : 0
    readonly property int normal: animations ? 400 : 0
    readonly property int slow: animations ? 1600 : 0
}
