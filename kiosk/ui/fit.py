"""Does each text fit its place on screen? Measured with the bundled fonts and the layout's
own metrics (the same numbers as Theme.qml at the target resolution), in every language.

Only texts with a fixed number of lines can be cut off: the panel titles in the navigation bar
and the stand's title in the top bar (they shrink to 75% and 65%, then take two lines, before
they are cut), the attract prompt;
entry names wrap in their chips, and more than two lines there is warned of too. Everything
else wraps or scrolls. A text that does not fit is a warning: the screen elides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.content import LoadResult, Problem, Severity
from kiosk.content.model import Stand, Text
from kiosk.content.strings import LANGUAGE_NAMES
from kiosk.content.yamlsafe import Located

SANS = "Noto Sans"
SHRINK = 0.75  # as far as a panel title shrinks (fontSizeMode) before it is cut
TITLE_SHRINK = 0.65  # the same for the stand's title in the top bar
THEME = {"unit": 8, "touch": 80, "label": 28, "title": 40}
TOGGLES = 4
"""The buttons in the top bar: listen (only for a stand with narration), larger text, high
contrast, low reach."""
"""Theme.qml's sizes at 1080 px (`Math.round(N * scale)`); tests/test_fit.py reads them from
the QML, with SHRINK and TITLE_SHRINK, so the two cannot drift apart."""


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
    touch = round(THEME["touch"] * scale)
    label = _metrics(round(THEME["label"] * scale), QFont.Weight.Bold)
    title = _metrics(round(THEME["title"] * scale), QFont.Weight.DemiBold)
    chip = _metrics(round(THEME["label"] * scale), QFont.Weight.Normal)

    def where(path: tuple[str | int, ...], language: str) -> tuple[int, int]:
        if marks is None:
            return (0, 0)
        mark = marks.mark((*path, language))
        return (mark.line, mark.column)

    def warn(path: tuple[str | int, ...], language: str, what: str, need: float,
             room: float, verdict: str = "is cut off") -> Problem:
        line, column = where(path, language)
        return Problem(
            file, line, column, Severity.WARNING,
            f"{what} {verdict} in '{language}' at {width}x{height}: it needs {need:.0f} px, "
            f"there are {room:.0f}", "shorten it",
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

    # the top bar: the stand's title beside the two accessibility buttons and the languages
    compact = not landscape or len(stand.languages) > 4
    pills = 0.0
    for code in stand.languages:
        name = code.upper() if compact else LANGUAGE_NAMES.get(code, code)
        pills += max(touch if compact else touch * 1.6, label.horizontalAdvance(name) + 6 * unit)
        pills += 1.5 * unit
    shown = TOGGLES if (file.parent / "narration" / "manifest.json").exists() else TOGGLES - 1
    toggles = shown * touch * 0.9 + (shown - 1) * 1.5 * unit
    room = width * 0.9 - 3 * unit - toggles - 3 * unit - pills - 4 * unit
    for language, text in texts(stand.title):
        need = _two_lines(title, text) * TITLE_SHRINK
        if need > room:
            yield warn(("title",), language, "the stand's title in the top bar", need, room)

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
