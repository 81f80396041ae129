import QtQuick

// Text wrapped into lines of even length: at the narrowest width that still takes no more
// lines than it needs at `room` (the widest it may be), breaking between words only. So no
// word is left alone on the last line ("…murieron 34" over a lone "personas."; "…31" over a
// lone "год" in large print), and no hyphenated name is broken at its hyphen because the
// width was shared out too evenly. One line stays one line, and so does the whole width where
// a word is wider than `room` (Qt breaks that word anywhere: a narrower width would break
// every word into letters).
KText {
    id: even
    required property real room
    readonly property var words: text.split(" ").filter(word => word !== "")
    readonly property real space: spaceIn(metrics.font)
    readonly property int lines: linesAt(room, metrics.font)
    readonly property real longest: longestIn(metrics.font)
    width: lines < 2 || longest > room ? room : Math.min(room, narrowest(metrics.font))

    function spaceIn(font) {  // again when the font changes
        return font ? metrics.advanceWidth(" ") : 0
    }
    // the widest word, which no line can be narrower than
    function longestIn(font) {
        return font ? Math.max(0, ...words.map(word => metrics.advanceWidth(word))) : 0
    }
    // how many lines the words take at `limit`, each line as full as it can be
    function linesAt(limit, font) {
        if (!font || words.length === 0)
            return 1
        let count = 1
        let used = 0
        for (const word of words) {
            const wide = metrics.advanceWidth(word)
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
    function narrowest(font) {
        let low = longest
        let high = room
        for (let step = 0; step < 14; ++step) {
            const middle = (low + high) / 2
            if (linesAt(middle, font) <= lines)
                high = middle
            else
                low = middle
        }
        return Math.ceil(high) + Math.ceil(space)
    }
    FontMetrics {
        id: metrics
        font: even.font
    }
}
