pragma Singleton
import QtQuick

// The one design system: colours, type scale, spacing and motion, used by every file.
// `scale` follows the screen's shorter side (1.0 at 1080 px); `animations` is false when
// rendering snapshots, so every screen is shown settled.
QtObject {
    property real scale: 1.0
    property bool animations: true
    property bool landscape: true
    // how much taller the window is than the screen the layout is made for: 0 on a kiosk; a
    // whole panel rendered for proofreading (`kiosk snapshot --full`) grows the window down
    property real grown: 0
    property bool light: false          // the light variant (a device setting)
    property bool highContrast: false   // the visitor's accessibility choice
    property real textScale: 1.0        // 1.5 when the visitor asks for larger text

    // colour: a dark, calm commemorative palette; a light variant; a high-contrast mode.
    // Contrast (WCAG) of body text against `bg`, measured in tests/test_theme.py:
    // dark 15.9:1, light 14.6:1, high contrast 21:1; muted text at least 7:1 in each.
    readonly property color bg: highContrast ? "#000000" : light ? "#f6f3ee" : "#151416"
    readonly property color surface: highContrast ? "#000000" : light ? "#ffffff" : "#1f1d20"
    readonly property color surfaceRaised: highContrast ? "#1a1a1a" : light ? "#ebe6df" : "#2a272b"
    readonly property color line: highContrast ? "#ffffff" : light ? "#c9c1b6" : "#3a363b"
    readonly property color text: highContrast ? "#ffffff" : light ? "#1b1a1c" : "#f2ede4"
    readonly property color textMuted: highContrast ? "#ffffff" : light ? "#4a4540" : "#bdb5aa"
    // the accent: these are the kiosk's own; a stand with its own look (`look: {accent: ...}`)
    // sets `stand` to its shades, worked out and checked for contrast in kiosk.content.colours.
    // High contrast always wins.
    property var stand: ({})
    readonly property color accent: highContrast ? "#000000" : stand.accent || "#8e1b2b"
    readonly property color accentBright: highContrast ? "#ffd84d"
        : light ? stand.accentBrightLight || "#8e1b2b" : stand.accentBright || "#b3283d"
    readonly property color accentText: highContrast ? "#ffd84d"
        : light ? stand.accentTextLight || "#7a1624" : stand.accentText || "#ee9aa5"
    readonly property color textOnAccent: highContrast ? "#ffd84d" : "#ffffff"
    readonly property color scrim: highContrast ? "#f0000000" : light ? "#e6f6f3ee" : "#e6100f11"

    // type
    readonly property string sans: "Noto Sans"
    readonly property string serif: "Noto Serif"
    readonly property real body: Math.round(30 * scale * textScale)
    readonly property real small: Math.round(26 * scale * textScale)
    readonly property real label: Math.round(28 * scale * textScale)
    readonly property real heading: Math.round(52 * scale * textScale)
    readonly property real title: Math.round(40 * scale * textScale)
    readonly property real display: Math.round(88 * scale * Math.sqrt(textScale))
    readonly property real number: Math.round(128 * scale * Math.sqrt(textScale))
    readonly property real lineHeight: 1.4

    // space and touch
    readonly property real unit: Math.round(8 * scale)
    readonly property real touch: Math.round(80 * scale)
    readonly property real radius: Math.round(14 * scale)
    readonly property real topBarHeight: Math.round(112 * scale)
    readonly property real navBarHeight: Math.round(136 * scale)
    readonly property real lowReachShare: 0.62  // of the screen's height the visit keeps, low reach

    // motion (ms): slow and purposeful; zero when settled for snapshots
    readonly property int fast: animations ? 250 : 0
    readonly property int normal: animations ? 400 : 0
    readonly property int slow: animations ? 1600 : 0
    readonly property int countUp: animations ? 1400 : 0  // a figure counting up to its value
    readonly property int promptFadeStep: 120  // the attract prompt's fade, one of its steps
    readonly property int promptTurn: 3500     // each language's turn of the attract prompt
    readonly property int glowStep: 2000       // the attract screen's slow glow, one step
    readonly property int noticeShown: 4000    // a passing notice (the closed screen's)
    readonly property int warmUp: 200          // from the first frame to building the panels
    // how fast a swiped pager slows down (px/s²): a firm stop on the next panel
    readonly property real flickDeceleration: 4000

    // what a screen reader says of an item: its texts as sentences ("event. The"), and of an
    // item still covered by its notice, the notice alone (what is under it is not said)
    function sentences(parts) {
        return parts.filter(t => t).reduce(
            (said, t) => said === "" ? t : said + (/[.!?…。؟！？:]$/.test(said) ? " " : ". ") + t, "")
    }
    function spoken(covered, notice, parts) {
        return covered ? notice : sentences(parts)
    }
    // texts shown on one line with a separator (a caption and its credit): each after the
    // first isolated from the others' direction (U+2068...U+2069), so that a Hebrew caption
    // ending in a Latin name and a Latin credit do not run together into one left-to-right
    // stretch. The first is not: the line takes its direction from it, as it did before
    // (text inside an isolate does not count for the direction of the line)
    // `text` with a space around each letter of a script written without spaces (Chinese,
    // Japanese, Thai), where each letter is a word
    function unspaced(text) {
        return text.replace(/[\u0e00-\u0e7f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/g, " $& ")
    }
    // Next to Arabic-script digits, whose zero is a dot (٠ ۰), a middle dot reads as one more
    // digit ("۲۱ مارس ۱۸۹۴ · " as ۲۱۰): there the parts of an Arabic-script text are parted
    // by the Arabic comma (not those of a Latin caption whose credit has such digits).
    function joined(parts, separator) {
        const shown = parts.filter(t => t)
        const all = shown.join(" ")
        const parting = /[\u0660-\u0669\u06f0-\u06f9]/.test(all) && /[\u0620-\u064a\u0671-\u06d3]/.test(all)
                        ? "\u060c " : separator
        return shown.map((t, i) => i === 0 ? t : "\u2068" + t + "\u2069").join(parting)
    }
}
