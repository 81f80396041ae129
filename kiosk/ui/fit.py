"""Does each text fit its place on screen? Measured with the bundled fonts and the layout's
own metrics (the same numbers as Theme.qml at the target resolution), in every language.

Only texts with a fixed number of lines can be cut off: the panel titles in the navigation bar
(they shrink to 75%, then take two lines, before they are cut), the stand's title in the top bar,
the attract prompt;
entry names wrap in their chips, and more than two lines there is warned of too. Everything
else wraps or scrolls. A text that does not fit is a warning: the screen elides it.

The stand's title is measured as TopBar.qml places it: beside the accessibility and language
buttons (as wide as they are drawn, a few pixels less: never more) where it fits there on one
line or two, within the bar, no smaller than the buttons' labels (Theme.label: 28 px at 1080,
42 with larger text); else, in landscape, beside the language buttons' codes; else on a row of
its own above the buttons, across the bar (the bar grows), on at most two lines no smaller
than that. Only a title that does not fit its own row is cut off. Lines are laid out in the
font that draws each letter (a line of Persian is taller than one of Latin), as on screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QImageReader, QTextLayout, QTextOption

from kiosk.content import LoadResult, Problem, Severity
from kiosk.content.model import Stand, Text
from kiosk.content.yamlsafe import Located

SANS = "Noto Sans"
SHRINK = 0.75  # as far as a panel title shrinks (fontSizeMode) before it is cut
THEME = {"unit": 8, "touch": 80, "label": 28, "title": 40, "topBarHeight": 112}
"""Theme.qml's sizes at 1080 px (`Math.round(N * scale)`); tests/test_fit.py reads them from
the QML, with SHRINK, TITLE_LINES and LOGO, so the two cannot drift apart. The stand's title is
never smaller than `label` (TopBar.qml: `smallest: Theme.label`)."""
TOGGLES = 4
"""The buttons in the top bar: listen (only for a stand with narration), larger text, high
contrast, low reach."""
TITLE_LINES = 2.8
"""TopBar.qml sets the title beside the buttons on two lines at most at (bar height - 2 units)
/ 2.8 px: two lines of 1.4 times their size, as Latin letters are, fill the bar."""
LOGO = 52  # the logo's height in the top bar at 1080 px, at most 15% of the bar's width
LARGER_TEXT = 1.5  # Theme.textScale when the visitor asks for larger text


def _metrics(pixels: float, weight: QFont.Weight) -> QFontMetricsF:
    font = QFont(SANS)
    font.setPixelSize(max(1, round(pixels)))
    font.setWeight(weight)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return QFontMetricsF(font)


def _two_lines(metrics: QFontMetricsF, text: str) -> float:
    """The width `text` needs on at most two lines broken between words: the narrower of the
    best break's two halves' wider, or the longest word's (`Text.Wrap` breaks inside a word
    only when it must, and then the text is cut anyway)."""
    words = text.split()
    if len(words) < 2:
        return metrics.horizontalAdvance(text)
    best = min(max(metrics.horizontalAdvance(" ".join(words[:cut])),
                   metrics.horizontalAdvance(" ".join(words[cut:])))
               for cut in range(1, len(words)))
    return best


def _lines(text: str, pixels: float, width: float) -> tuple[int, float]:
    """How many lines `text` takes in the title's font at `pixels` wrapped at `width`, and how
    tall they are: laid out as Qt Quick lays it out, each letter in the font that has it (a
    line of Persian is as tall as Noto Sans Arabic makes it, not Noto Sans)."""
    font = QFont(SANS)
    font.setPixelSize(max(1, round(pixels)))
    font.setWeight(QFont.Weight.DemiBold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # Text.Wrap
    layout.setTextOption(option)
    layout.beginLayout()
    count, height = 0, 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, height))
        height += line.height()
        count += 1
    layout.endLayout()
    return count, height


def own_room(stand: Stand, folder: Path, size: tuple[int, int]) -> float:
    """The width of the stand's title on a row of its own (TopBar.qml's `ownRoom`): the bar
    less its margins, the logo and the accent mark."""
    width, height = size
    scale = max(0.5, min(width, height) / 1080)
    unit = round(THEME["unit"] * scale)
    room = width * 0.9 - round(6 * scale) - 2 * unit  # margins, the mark
    if stand.look is not None and stand.look.logo:
        logo = round(LOGO * scale)
        found = QImageReader(str(folder / stand.look.logo)).size()
        shown = (found.width() * logo / max(1, found.height()) if found.isValid()
                 else width * 0.15)  # not known (cannot happen once loaded): the most
        room -= min(shown, width * 0.15) + 2 * unit
    return room - 4  # (as below: never wider than on screen)


def _fits_beside(text: str, room: float, scale: float, text_scale: float, bar: float) -> bool:
    """Whether the stand's title fits beside the top bar's buttons in `room` px, as TopBar.qml
    decides (its `Beside` probes): at the size it chooses there (`sizeIn`: as large as fits
    on one line, or on two no larger than two Latin lines fill the bar), no smaller than the
    buttons' labels, on two lines at most, within the bar."""
    full = round(round(THEME["title"] * scale * text_scale) / text_scale ** 0.5)
    smallest = round(THEME["label"] * scale * text_scale)
    at_full = _metrics(full, QFont.Weight.DemiBold)
    one = full * room / max(1.0, at_full.horizontalAdvance(text)) / 1.03
    two = full * room / max(1.0, _two_lines(at_full, text)) / 1.03
    drawn = math.floor(min(full, max(one, min(two, (bar - 2 * round(THEME["unit"] * scale))
                                                   / TITLE_LINES))))
    if drawn < smallest:
        return False
    lines, tall = _lines(text, drawn, room)
    return lines <= 2 and tall <= bar


def title_room(stand: Stand, folder: Path, size: tuple[int, int], language: str,
               text_scale: float = 1.0, compact: bool | None = None) -> float:
    """The width TopBar.qml leaves the stand's title beside its buttons at `size` in
    `language`: the bar less its margins, the logo, the accent mark, the accessibility
    buttons and the language buttons (each as wide as its name, or its code where `compact`,
    the current language's in bold; `compact` None: codes where they are always shown, in
    portrait and for more than four languages)."""
    from kiosk.ui.controller import language_name

    width, height = size
    scale = max(0.5, min(width, height) / 1080)
    unit = round(THEME["unit"] * scale)
    touch = round(THEME["touch"] * scale)
    room = own_room(stand, folder, size) + 4 - 4 * unit  # the gap before the buttons
    narrated = (folder / "narration" / "manifest.json").exists()
    shown_toggles = TOGGLES if narrated else TOGGLES - 1
    room -= shown_toggles * touch * 0.9 + (shown_toggles - 1) * 1.5 * unit + 3 * unit
    # the language buttons (hidden for a stand of one language, which keeps their room)
    if compact is None:
        compact = width < height or len(stand.languages) > 4
    pixels = round(THEME["label"] * scale * text_scale)
    for code in stand.languages:
        name = code.upper() if compact else language_name(code)
        label = _metrics(pixels, QFont.Weight.Bold if code == language
                         else QFont.Weight.Normal)
        room -= max(touch if compact else touch * 1.6,  # a text's width in whole px
                    math.ceil(label.horizontalAdvance(name)) + 6 * unit)
    room -= (len(stand.languages) - 1) * 1.5 * unit
    # less what Qt Quick's text widths differ by from these measures (up to 3 px either
    # way): never wider than on screen
    return room - 4


def text_fit_problems(result: LoadResult, size: tuple[int, int] = (1920, 1080)) -> list[Problem]:
    """Warnings for one-line texts that are cut off at `size`, in any of the stand's languages."""
    if result.stand is None:
        return []
    from kiosk.ui.app import register_fonts

    register_fonts()
    return list(_check(result.stand, result.marks, result.file, size))


def _check(stand: Stand, marks: Located | None, file: Path, size: tuple[int, int]) -> Iterator[Problem]:
    width, height = size
    scale = max(0.5, min(width, height) / 1080)
    landscape = width >= height
    unit = round(THEME["unit"] * scale)
    label = _metrics(round(THEME["label"] * scale), QFont.Weight.Bold)
    title = _metrics(round(THEME["title"] * scale), QFont.Weight.DemiBold)
    chip = _metrics(round(THEME["label"] * scale), QFont.Weight.Normal)

    def where(path: tuple[str | int, ...], language: str) -> tuple[int, int]:
        if marks is None:
            return (0, 0)
        mark = marks.mark((*path, language))
        return (mark.line, mark.column)

    def warn(path: tuple[str | int, ...], language: str, what: str, need: float,
             room: float, verdict: str = "is cut off", condition: str = "") -> Problem:
        line, column = where(path, language)
        return Problem(
            file, line, column, Severity.WARNING,
            f"{what} {verdict} in '{language}' at {width}x{height}{condition}: it needs "
            f"{need:.0f} px, there are {room:.0f}", "shorten it",
        )

    def texts(value: Text | None) -> Iterator[tuple[str, str]]:
        for language in stand.languages:
            if value is not None:
                yield language, stand.text(value, language)

    # the navigation bar: one button per panel across 90% of the width
    button = width * 0.9 / max(1, len(stand.panels)) - 2 * unit
    for index, panel in enumerate(stand.panels):
        for language, text in texts(panel.title):
            need = _two_lines(label, text) * SHRINK
            if need > button:
                yield warn(("panels", index, "title"), language,
                           f"the title of panel '{panel.id}' in the navigation bar", need, button)

    # the top bar: the stand's title beside the buttons (with the language names, else, in
    # landscape, their codes) where it fits there at `label` size or larger, on one line or
    # two within the bar; else on a row of its own, cut off only where two lines at `label`
    # size do not fit that
    bar = round(THEME["topBarHeight"] * scale)
    tries = [True] if not landscape or len(stand.languages) > 4 else [False, True]
    for language, text in texts(stand.title):
        for text_scale in (1.0, LARGER_TEXT):
            if any(_fits_beside(text, title_room(stand, file.parent, size, language, text_scale,
                                                 codes), scale, text_scale, bar)
                   for codes in tries):
                continue
            smallest = round(THEME["label"] * scale * text_scale)
            room = own_room(stand, file.parent, size)
            need = _two_lines(_metrics(smallest, QFont.Weight.DemiBold), text)
            if need > room:
                condition = " with larger text" if text_scale != 1.0 else ""
                yield warn(("title",), language, "the stand's title in the top bar", need, room,
                           condition=condition)
                break

    # the attract prompt, in its pill: the stand's prompt, else its own `continue` label
    room = width * 0.84
    for language, text in texts(stand.attract.prompt):
        need = title.horizontalAdvance(text) + 12 * unit + title.height()
        if need > room:
            yield warn(("attract", "prompt"), language, "the attract prompt", need, room)
    own = stand.own_labels() if stand.attract.prompt is None else {}
    for language in stand.languages:
        given = [code for code in (language, language.split("-")[0])
                 if "continue" in own.get(code, {})]
        if not given:
            continue  # the kiosk's own words fit
        text = own[given[0]]["continue"]
        need = title.horizontalAdvance(text) + 12 * unit + title.height()
        if need > room:
            at_line, at_column = where(("labels", given[0]), "continue")  # the label's line
            yield Problem(
                file, at_line, at_column, Severity.WARNING,
                f"the attract prompt (the label 'continue') is cut off in '{language}' at "
                f"{width}x{height}: it needs {need:.0f} px, there are {room:.0f}", "shorten it",
            )

    # entry names in the recognitions list (beside the map in landscape), up to two lines
    content = width * 0.9
    column = width - content * 0.56 - width * 0.1 - 5 * unit if landscape else content
    room = (column - 8 * unit - 12 * unit) * 2
    for index, panel in enumerate(stand.panels):
        for number, group in enumerate(getattr(panel, "groups", ())):
            for entry_index, entry in enumerate(group.entries):
                for language, text in texts(entry.name):
                    need = chip.horizontalAdvance(text)
                    if need > room:
                        yield warn(("panels", index, "groups", number, "entries", entry_index,
                                    "name"), language, f"the name '{text[:30]}'", need, room,
                                   "takes more than two lines in its chip (nothing is cut off)")
