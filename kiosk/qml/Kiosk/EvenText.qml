pragma ComponentBehavior: Bound
import QtQuick

// Text wrapped into lines of even length: at the narrowest width that still takes no more
// lines than it needs at `room` (the widest it may be), breaking between words only. So no
// word is left alone on the last line ("…murieron 34" over a lone "personas."; "…31" over a
// lone "год" in large print), and no hyphenated name is broken at its hyphen because the
// width was shared out too evenly. Words are what spaces part (not a no-break space); the
// text keeps the whole width where its author broke the lines (a new line), where it is one
// line, where a word is wider than `room` (Qt breaks that word anywhere: a narrower width
// would break every word into letters), and wherever Qt's own layout at the narrower width
// takes more lines than at `room` (a tab, a break this does not see): never worse than
// plain wrapping. With `balance: false` (an introduction, a paragraph) the lines keep the
// whole width and only a last word left alone takes one word more with it: the width is
// made just narrow enough for that, as "pretty" wrapping does.
KText {
    id: even
    required property real room
    property bool balance: true
    // the text to show: its hyphens are shown as no-break hyphens (the same mark), so that
    // neither the balancing nor Qt's own wrapping breaks a name such as "Nagorno-Karabakh"
    required property string content
    text: content.replace(/-/g, "\u2011")
    // only a text of a few lines is balanced (a title, a notice, an introduction): the
    // search measures every word, and a lone word under eight lines matters less than the
    // ~0.2 s that a text of 3,000 words took
    readonly property bool balancing: text.length <= 600
    // spaces that part words (U+0020, tab, the typographic spaces, the ideographic space,
    // zero width); not the no-break spaces U+00A0, U+2007, U+202F
    readonly property var words: !balancing ? [] : text.split(/[ \t\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]+/)
                                     .filter(word => word !== "")
    readonly property bool broken: /[\n\r\u2028\u2029]/.test(text)  // lines as written
    readonly property real space: spaceIn(metrics.font)
    // each word's width, measured once (a search for the width measured every word at each
    // step: ~1 s for a text of 3,000 words)
    readonly property var widths: widthsIn(metrics.font)
    readonly property int lines: linesAt(room, widths)
    readonly property real longest: Math.max(0, ...widths)
    // the width that shares the words out evenly (or, not balancing, that leaves no word
    // alone); taken unless Qt's own layout at it takes more lines than at `room`
    readonly property real balanced: !balancing || broken || lines < 2 || longest > room
                                     ? room
                                     : Math.min(room, balance ? narrowest(widths) : prettiest(widths))
    width: tried.lineCount > plain.lineCount ? room : balanced

    function spaceIn(font) {  // again when the font changes
        return font ? metrics.advanceWidth(" ") : 0
    }
    function widthsIn(font) {  // again when the font changes
        return font ? words.map(word => metrics.advanceWidth(word)) : []
    }
    // how many lines words of these widths take at `limit`, each line as full as it can be
    function linesAt(limit, wides) {
        if (wides.length === 0)
            return 1
        let count = 1
        let used = 0
        for (const wide of wides) {
            if (used === 0) {
                used = wide
            } else if (used + space + wide <= limit) {
                used += space + wide
            } else {
                count += 1
                used = wide
            }
        }
        return count
    }
    // the least width at which the words still take `lines` lines (a few pixels to spare
    // for the kerning between words that measuring them one by one does not see)
    function narrowest(wides) {
        let low = longest
        let high = room
        for (let step = 0; step < 14; ++step) {
            const middle = (low + high) / 2
            if (linesAt(middle, wides) <= lines)
                high = middle
            else
                low = middle
        }
        return Math.ceil(high) + Math.ceil(space)
    }
    // the widest width at which the last line holds more than one word (and the lines are
    // no more): narrower, each time, than the line before the last, so that its last word
    // goes down; `room` where the last line has company already or none can be found
    function prettiest(wides) {
        let limit = room
        for (let step = 0; step < 8; ++step) {
            let count = 1
            let used = 0
            let onLast = 0
            let before = 0
            for (const wide of wides) {
                if (used === 0) {
                    used = wide
                    onLast = 1
                } else if (used + space + wide <= limit) {
                    used += space + wide
                    onLast += 1
                } else {
                    count += 1
                    before = used
                    used = wide
                    onLast = 1
                }
            }
            if (count > lines)
                return room
            if (onLast > 1)
                return limit === room ? room : Math.ceil(limit)
            limit = before - 1
            if (limit < longest)
                return room
        }
        return room
    }
    FontMetrics {
        id: metrics
        font: even.font
    }
    // the text as plain wrapping lays it out at `room` (the most lines it may take), and
    // at the balanced width
    component Probe: KText {
        visible: false
        text: even.balancing ? even.text : ""  // (not laid out twice more for nothing)
        font: even.font
        lineHeight: even.lineHeight
        wrapMode: even.wrapMode
    }
    Probe {
        id: plain
        width: even.room
    }
    Probe {
        id: tried
        width: even.balanced
    }
}
