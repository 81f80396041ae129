"""What each panel shows, in one language: content items turned into plain rows for the UI.

Pure functions over the immutable stand; numbers and dates are formatted by a `Formats`
object the caller gives (Qt's locale in the app, a plain one in tests).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from kiosk.content import regions
from kiosk.content.media import MediaError, sniff_image
from kiosk.content.plain import ANY_LANGUAGE
from kiosk.content.strings import same_language, translated_from

if TYPE_CHECKING:  # the stand is the model's or, started from the memo, its plain records
    from kiosk.content.model import (
        Figure,
        Group,
        Image,
        Item,
        Recording,
        Remark,
        Section,
        Stand,
        Text,
    )

Row = dict[str, Any]
DEFAULT_ICONS = {
    "background": "fa5s.book-open",
    "figures": "fa5s.chart-bar",
    "recognitions": "fa5s.globe-europe",
    "remarks": "fa5s.quote-right",
}
PANEL_ROLES = ("panelId", "kind", "title", "intro", "icon")
SECTION_ROLES = ("heading", "date", "paragraphs", "image", "pixelWidth", "caption", "credit",
                 "video", "recording", "sound", "sourceIds", "sensitive", "sensitiveNotice")
FIGURE_ROLES = ("label", "value", "valueText", "icon", "parts", "note", "sourceIds", "sensitive",
                 "sensitiveNotice")
GROUP_ROLES = ("label", "entries", "total", "totalText", "sourceIds", "sensitive",
                 "sensitiveNotice")
REMARK_ROLES = ("text", "isQuote", "translatedFrom", "original", "speaker", "role", "date",
                "occasion", "sound", "sourceIds", "sensitive", "sensitiveNotice")
ROLES_BY_KIND = {
    "background": SECTION_ROLES,
    "figures": FIGURE_ROLES,
    "recognitions": GROUP_ROLES,
    "remarks": REMARK_ROLES,
}


class Formats(Protocol):
    def number(self, value: int) -> str: ...

    def date(self, value: str) -> str: ...


class PlainFormats:
    """Digits grouped with commas, ISO dates: for tests and as a last resort."""

    def number(self, value: int) -> str:
        return f"{value:,}"

    def date(self, value: str) -> str:
        return value


LARGEST_EXACT = 2**53
"""The largest whole number QML holds exactly (its numbers are doubles); validation keeps
every number to `model.MAX_NUMBER`, well below it."""


def bounded(value: int) -> int:
    """`value` as a number role QML can hold: between 0 and `LARGEST_EXACT`."""
    return max(0, min(int(value), LARGEST_EXACT))


def pixel_width(folder: Path, reference: str | None) -> int:
    """The width in pixels of a stand's PNG or JPEG as shown (upright), read from its header;
    0 for a drawing (an SVG scales to any size) or a file that cannot be read. The screen
    shows a small photo at most at twice this, not blown up into a blur."""
    if not reference:
        return 0
    file = folder.resolve() / reference
    try:
        stat = file.stat()
        return _pixel_width(str(file), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return 0


@functools.lru_cache(maxsize=256)
def _pixel_width(file: str, _mtime: int, _size: int) -> int:
    try:
        info = sniff_image(Path(file))
    except (MediaError, OSError):
        return 0
    return info.width if info.format in ("png", "jpeg") else 0


def media_url(folder: Path, reference: str | None) -> str:
    """The URL QML shows a stand's picture by: the file itself when it is a PNG or JPEG by
    its content; anything else (an SVG, whatever its name) only through the `media` image
    provider, which draws an SVG's safe copy (nothing in it can name another file:
    `kiosk.content.svg`) and nothing that is not a picture the kiosk shows."""
    if not reference:
        return ""
    file = folder.resolve() / reference
    try:
        with file.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return file.as_uri()  # a missing file: the Image says so, and shows its placeholder
    plain = not head or head.startswith((b"\x89PNG", b"\xff\xd8"))  # or empty: nothing to draw
    if file.suffix.lower() != ".svg" and plain:
        return file.as_uri()
    return "image://media/" + quote(str(file), safe="")


@dataclass(frozen=True)
class Presenter:
    stand: Stand
    folder: Path
    language: str
    formats: Formats

    def t(self, value: Text | None) -> str:
        return self.stand.text(value, self.language)

    def number(self, value: int) -> str:
        """`value` in the visitor's language; never an exception, whatever its size (a panel
        whose formatting raises would show blank): past what the locale formats (Qt stops
        at 2^63), digits grouped with commas."""
        try:
            return self.formats.number(value)
        except (OverflowError, ValueError, TypeError):
            return PlainFormats().number(value) if isinstance(value, int) else str(value)

    def media_url(self, reference: str | None) -> str:
        return media_url(self.folder, reference)

    def _item(self, item: Item, within: Sequence[Item] = ()) -> Row:
        """What a card cites and whether it is covered: its own `source` and `sensitive`,
        and those of the parts or entries shown within it (one Source button for the card
        lists them all; one sensitive entry covers the card until the visitor confirms)."""
        cited = (item.source, *(inner.source for inner in within))
        covering = [one for one in (item, *within) if one.sensitive]
        return {"sourceIds": list(dict.fromkeys(source for source in cited if source)),
                "sensitive": bool(covering),
                "sensitiveNotice": self.notice(covering[0]) if covering else ""}

    def notice(self, item: Item) -> str:
        """The words of a sensitive item's notice: the item's own, else the stand's (empty:
        the kiosk's own, from its labels)."""
        own = item.sensitive if not isinstance(item.sensitive, bool) else None
        if own is not None:
            return self.t(own.notice)
        return self.t(getattr(self.stand, "sensitive_notice", None))

    def panel(self, index: int) -> Row:
        panel = self.stand.panels[index]
        return {
            "panelId": panel.id,
            "kind": panel.kind,
            "title": self.t(panel.title),
            "intro": self.t(panel.intro),
            "icon": panel.icon or DEFAULT_ICONS[panel.kind],
        }

    def rows(self, index: int) -> list[Row]:
        panel = self.stand.panels[index]
        if panel.kind == "background":
            return [self.section(s) for s in panel.sections]
        if panel.kind == "figures":
            return [self.figure(f) for f in panel.figures]
        if panel.kind == "recognitions":
            return [self.group(g) for g in panel.groups]
        if panel.kind == "remarks":
            return [self.remark(r) for r in panel.remarks]
        raise TypeError(f"unknown panel {panel!r}")  # pragma: no cover

    def recording(self, recording: Recording | None) -> Row:
        """What the player needs of a video or a recording ({} for none): its file (the
        reference, by which the kiosk's player knows it), its poster, how long it lasts (ms,
        as the stand says: the controls are drawn before the file is opened), whether it has
        sound, whether it has captions in this visitor's language, and whether it has an
        audio description (the player then shows its button)."""
        if recording is None:
            return {}
        return {
            "file": recording.file,
            "poster": self.media_url(recording.poster),
            "duration": int(recording.duration) * 1000,
            "noSound": bool(recording.no_sound),
            "captions": self.language in dict(recording.captions),
            "description": recording.description is not None,
            "caption": self.t(recording.caption) if recording.caption else "",
            "credit": self.t(recording.credit) if recording.credit else "",
        }

    def section(self, section: Section) -> Row:
        """A section's row; a video without an image is shown by its poster until it plays
        (`video` is the file's URL, `recording` what the player needs; `sound` a recording
        of the section's own)."""
        video: Recording | None = section.video
        image: Image | Recording | None = section.image or video
        picture = section.image.file if section.image else video.poster if video else None
        return {
            "heading": self.t(section.heading),
            "date": self.formats.date(section.date) if section.date else "",
            "paragraphs": paragraphs(self.t(section.body)),
            "image": self.media_url(picture),
            "pixelWidth": pixel_width(self.folder, picture),
            "caption": self.t(image.caption) if image and image.caption else "",
            "credit": self.t(image.credit) if image and image.credit else "",
            "video": (self.folder.resolve() / video.file).as_uri() if video else "",
            "recording": self.recording(video),
            "sound": self.recording(section.audio),
            **self._item(section),
        }

    def figure(self, figure: Figure) -> Row:
        whole = figure.value
        return {
            "label": self.t(figure.label),
            "value": bounded(whole),
            "valueText": self.number(whole),
            "icon": figure.icon or "",
            "parts": [
                {
                    "label": self.t(part.label),
                    "value": bounded(part.value),
                    "valueText": self.number(part.value),
                    "fraction": min(1.0, part.value / whole) if whole else 0.0,
                }
                for part in figure.parts
            ],
            "note": self.t(figure.note),
            **self._item(figure, figure.parts),
        }

    def group(self, group: Group) -> Row:
        """A group's number is the one the stand states (`total`), or none: adding up its
        entries could add unlike things (7 parliaments and the bodies of 22 U.S. states)."""
        total = group.total
        return {
            "label": self.t(group.label),
            "entries": [
                {
                    "name": self.t(entry.name) if entry.name
                    else regions.country_name(entry.region or "", self.language),
                    "region": (entry.region or "").upper(),
                    "onMap": bool(entry.region) and regions.is_country(entry.region or ""),
                    "count": bounded(entry.count or 1),
                    "countText": self.number(entry.count) if entry.count else "",
                }
                for entry in group.entries
            ],
            "total": bounded(total) if total is not None else 0,
            "totalText": self.number(total) if total is not None else "",
            **self._item(group, group.entries),
        }

    def remark(self, remark: Remark) -> Row:
        """A quotation read in another language than it was said in is a translation: it
        says so (`translatedFrom`, in the visitor's language), with the original words when
        the stand gives them."""
        quote = remark.form == "quote"
        original_language = remark.original_language if quote else None
        shown = self.shown_language(remark.text)
        translated = (original_language is not None and shown != ANY_LANGUAGE
                      and not same_language(shown, original_language))
        original = remark.original if translated else None
        return {
            "text": self.t(remark.text),
            "isQuote": quote,
            "translatedFrom": translated_from(self.language, original_language,
                                              self.stand.own_labels())
            if translated and original_language else "",
            "original": original or "",
            "speaker": self.t(remark.speaker),
            "role": self.t(remark.role),
            "date": self.formats.date(remark.date) if remark.date else "",
            "occasion": self.t(remark.occasion),
            "sound": self.recording(remark.audio),
            **self._item(remark),
        }

    def shown_language(self, value: Text) -> str:
        """The language `value` is shown in to this visitor (its own, or the one it falls
        back to): what `t` picks."""
        for key in (self.language, ANY_LANGUAGE, self.stand.default_language):
            if key in value:
                return key
        return next(iter(value), "")

    def timeline(self, index: int) -> list[Row]:
        """The dated sections of a background panel, in story order: [{index, date}]."""
        panel = self.stand.panels[index]
        if panel.kind != "background":
            return []
        return [{"index": number, "date": self.formats.date(section.date)}
                for number, section in enumerate(panel.sections) if section.date]

    def map_highlights(self, index: int) -> dict[str, int]:
        """Country code -> the index of the first group naming it, for the map."""
        panel = self.stand.panels[index]
        highlights: dict[str, int] = {}
        if panel.kind == "recognitions":
            for number, group in enumerate(panel.groups):
                for entry in group.entries:
                    code = (entry.region or "").upper()
                    if code and regions.is_country(code):
                        highlights.setdefault(code, number)
        return highlights

    def country_entries(self, index: int, code: str) -> list[Row]:
        """What a recognitions panel says about one country: its entries with their group."""
        panel = self.stand.panels[index]
        rows: list[Row] = []
        if panel.kind == "recognitions":
            for number, group in enumerate(panel.groups):
                for entry in group.entries:
                    if (entry.region or "").upper() == code.upper():
                        rows.append({
                            "name": self.t(entry.name) if entry.name
                            else regions.country_name(code, self.language),
                            "group": self.t(group.label),
                            "groupIndex": number,
                        })
        return rows

    def source(self, source_id: str) -> Row:
        source = self.stand.source(source_id)
        if source is None:
            return {}
        return {
            "id": source.id,
            "title": self.t(source.title),
            "publisher": self.t(source.publisher),
            "date": self.formats.date(source.date) if source.date else "",
            "url": source.url or "",
        }


def paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines; single newlines inside a paragraph become spaces."""
    blocks = [" ".join(line.strip() for line in block.splitlines()).strip()
              for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]
