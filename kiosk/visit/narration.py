"""What the kiosk says aloud: every text a visitor sees, in their language, in reading order,
as lines of narration (no Qt).

Each line has a stable key (`figures/figure-2`), which names its clip (`kiosk narrate` makes
them, `kiosk.authoring.narrate`), and the path of the item in stand.yaml, where validation
reports a clip missing or stale. The words are those the screen shows (`Presenter`), with
numbers as plain digits and dates written out, as a speech engine and a listener want them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content.plain import ANY_LANGUAGE, Text
from kiosk.content.strings import LANGUAGE_NAMES, strings_for
from kiosk.visit.present import Presenter

if TYPE_CHECKING:
    from kiosk.content.model import Stand


@dataclass(frozen=True)
class Line:
    key: str  # e.g. "title", "figures/title", "figures/figure-2"
    text: str  # what is said
    path: tuple[str | int, ...]  # where in stand.yaml the item is
    what: str  # for people: "the stand's title", "figure 3 of panel 'figures'"
    shown: str = ""  # what the screen shows, when the stand gives `narration:` words instead

    @property
    def written(self) -> bool:
        """The stand gives this line's words for narration (`narration:`)."""
        return bool(self.shown)

    @property
    def fingerprint(self) -> str:
        """What a clip's digest covers: its words, and, where they are the stand's
        `narration:`, the words shown too (an edit of either makes the clip stale)."""
        return f"{self.text}\n\n{self.shown}" if self.shown else self.text


class SpokenFormats:
    """Numbers as plain digits (an engine reads "1275" as a number, "1,275" as two), dates
    written out in the language (Babel's CLDR data), as a visitor would hear them."""

    def __init__(self, language: str) -> None:
        self.language = language.replace("-", "_")

    def number(self, value: int) -> str:
        return str(value)

    def date(self, value: str) -> str:
        from babel import UnknownLocaleError
        from babel.dates import format_date, format_skeleton

        parts = [int(p) for p in value.split("-")]
        try:
            if len(parts) == 3:
                return str(format_date(dt.date(*parts), format="long", locale=self.language))
            if len(parts) == 2:
                return str(format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1),
                                           locale=self.language))
        except (UnknownLocaleError, ValueError):
            pass
        return value


def _join(*texts: str) -> str:
    return ". ".join(t.strip().rstrip(".") for t in texts if t and t.strip()) + "."


def spoken_lines(stand: Stand, folder: Path, language: str) -> list[Line]:
    """Every line of narration of `stand` in `language`, in reading order. An item with
    `narration:` words in `language` (or for every language) is said in those words."""
    presenter = Presenter(stand, folder, language, SpokenFormats(language))
    ui = strings_for(language, stand.own_labels())

    def line(key: str, shown: str, own: Any, path: tuple[str | int, ...], what: str) -> Line:
        words = _own_words(own, language)
        if words:
            return Line(key, words, path, what, shown=shown)
        return Line(key, shown, path, what)

    lines = [line("title", _join(stand.text(stand.title, language),
                                 stand.text(stand.subtitle, language)),
                  stand.narration, ("title",), "the stand's title")]
    for index, panel in enumerate(stand.panels):
        head = presenter.panel(index)
        lines.append(line(f"{panel.id}/title", _join(head["title"], head["intro"]),
                          panel.narration, ("panels", index, "title"),
                          f"the title of panel '{panel.id}'"))
        item, field = _ITEMS[panel.kind]
        items = getattr(panel, field)
        for number, row in enumerate(presenter.rows(index)):
            said = _said(panel.kind, row, ui)
            if said:
                lines.append(line(f"{panel.id}/{item}-{number}", said,
                                  getattr(items[number], "narration", None),
                                  ("panels", index, field, number),
                                  f"{item} {number + 1} of panel '{panel.id}'"))
            if row.get("sensitive"):  # said while the item is still covered: not what it hides
                lines.append(Line(f"{panel.id}/{item}-{number}/notice",
                                  _join(row["sensitiveNotice"] or ui["sensitive_notice"],
                                        ui["show_content"]),
                                  ("panels", index, field, number, "sensitive"),
                                  f"the notice before {item} {number + 1} of panel '{panel.id}'"))
    for index, source in enumerate(stand.sources):  # said when a visitor opens a Source
        cited = presenter.source(source.id)
        lines.append(line(f"sources/{source.id}",
                          _join(cited["title"] or ui["unknown_source"], cited["publisher"],
                                cited["date"]),
                          source.narration, ("sources", index), f"source '{source.id}'"))
    return lines + control_lines(stand, language)


def _own_words(narration: Text | None, language: str) -> str:
    """The stand's `narration:` words in `language` (or for every language); never another
    language's (a listener would hear the wrong language)."""
    if narration is None:
        return ""
    for key in (language, ANY_LANGUAGE):
        if key in narration and narration[key].strip():
            return narration[key].strip()
    return ""


CONTROL_LABELS = ("larger_text", "high_contrast", "low_reach", "listen", "source", "close",
                  "continue", "show_content", "skip", "keys_help", "enlarge")
"""The kiosk's labels spoken when a control takes the keypad's focus (and the keys' help)."""


PLAYER_LABELS = ("play", "pause", "restart", "position", "captions", "full_screen", "no_sound")
"""The player's controls (and its word that a video has no sound), for a stand with a video
or a recording (`kiosk/qml/Kiosk/RecordingPlayer.qml` names each control's line); and
`audio_description` where a recording has a description."""


def control_lines(stand: Stand, language: str) -> list[Line]:
    """The words of the kiosk's own controls: their labels (the player's too, where the stand
    plays something), the question before the idle reset, and the name of each language of
    the stand (as its button shows it)."""
    ui = strings_for(language, stand.own_labels())
    lines = [Line(f"ui/{label}", _join(ui[label]), ("labels",), f"the label '{label}'")
             for label in CONTROL_LABELS]
    recordings = stand.recordings()
    player = (*PLAYER_LABELS, "audio_description") if any(
        recording.description for recording in recordings) else PLAYER_LABELS
    lines += [Line(f"ui/{label}", _join(ui[label]), ("labels",), f"the label '{label}'")
              for label in (player if recordings else ())]
    lines.append(Line("ui/still_there", _join(ui["still_there"], ui["still_there_hint"]),
                      ("labels",), "the question before the idle reset"))
    lines += [Line(f"ui/language-{code}", _join(LANGUAGE_NAMES.get(code, code)), ("languages",),
                   f"the name of the language '{code}'") for code in stand.languages]
    return lines


_ITEMS = {"background": ("section", "sections"), "figures": ("figure", "figures"),
          "recognitions": ("group", "groups"), "remarks": ("remark", "remarks")}


def _said(kind: str, row: dict[str, Any], ui: dict[str, str]) -> str:
    if kind == "background":
        return _join(row["date"], row["heading"], *row["paragraphs"], row["caption"])
    if kind == "figures":
        parts = [f"{part['label']}: {part['valueText']}" for part in row["parts"]]
        return _join(f"{row['valueText']} {row['label']}", *parts, row["note"])
    if kind == "recognitions":
        entries = [entry["name"] + (f" ({entry['countText']})" if entry["countText"] else "")
                   for entry in row["entries"]]
        return _join(row["label"], row["totalText"], ", ".join(entries))
    if kind == "remarks":
        marked = ui["quote"] if row["isQuote"] else ui["reported"]
        who = ", ".join(t for t in (row["speaker"], row["role"], row["date"], row["occasion"]) if t)
        return _join(marked, row["text"], who)
    return ""
