"""What each panel shows, in one language: content items turned into plain rows for the UI.

Pure functions over the immutable stand; numbers and dates are formatted by a `Formats`
object the caller gives (Qt's locale in the app, a plain one in tests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

from kiosk.content import regions

if TYPE_CHECKING:  # the stand is the model's or, started from the memo, its plain records
    from kiosk.content.model import (
        Figure,
        Group,
        Image,
        Item,
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
FALLBACK_FIGURE_ICON = "fa5s.circle"

PANEL_ROLES = ("panelId", "kind", "title", "intro", "icon")
SECTION_ROLES = ("heading", "date", "paragraphs", "image", "caption", "credit",
                 "sourceIds", "sensitive")
FIGURE_ROLES = ("label", "value", "valueText", "icon", "parts", "note", "sourceIds", "sensitive")
GROUP_ROLES = ("label", "entries", "total", "totalText", "sourceIds", "sensitive")
REMARK_ROLES = ("text", "isQuote", "speaker", "role", "date", "occasion", "sourceIds", "sensitive")
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

    def media_url(self, reference: str | None) -> str:
        return media_url(self.folder, reference)

    def _item(self, item: Item, within: Sequence[Item] = ()) -> Row:
        """What a card cites and whether it is covered: its own `source` and `sensitive`,
        and those of the parts or entries shown within it (one Source button for the card
        lists them all; one sensitive entry covers the card until the visitor confirms)."""
        cited = (item.source, *(inner.source for inner in within))
        return {"sourceIds": list(dict.fromkeys(source for source in cited if source)),
                "sensitive": item.sensitive or any(inner.sensitive for inner in within)}

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

    def section(self, section: Section) -> Row:
        image: Image | None = section.image
        return {
            "heading": self.t(section.heading),
            "date": self.formats.date(section.date) if section.date else "",
            "paragraphs": paragraphs(self.t(section.body)),
            "image": self.media_url(image.file if image else None),
            "caption": self.t(image.caption) if image else "",
            "credit": self.t(image.credit) if image else "",
            **self._item(section),
        }

    def figure(self, figure: Figure) -> Row:
        whole = figure.value
        return {
            "label": self.t(figure.label),
            "value": whole,
            "valueText": self.formats.number(whole),
            "icon": figure.icon or FALLBACK_FIGURE_ICON,
            "parts": [
                {
                    "label": self.t(part.label),
                    "value": part.value,
                    "valueText": self.formats.number(part.value),
                    "fraction": part.value / whole if whole else 0.0,
                }
                for part in figure.parts
            ],
            "note": self.t(figure.note),
            **self._item(figure, figure.parts),
        }

    def group(self, group: Group) -> Row:
        total = sum(entry.count or 1 for entry in group.entries)
        return {
            "label": self.t(group.label),
            "entries": [
                {
                    "name": self.t(entry.name) if entry.name
                    else regions.country_name(entry.region or "", self.language),
                    "region": (entry.region or "").upper(),
                    "onMap": bool(entry.region) and regions.is_country(entry.region or ""),
                    "count": entry.count or 1,
                    "countText": self.formats.number(entry.count) if entry.count else "",
                }
                for entry in group.entries
            ],
            "total": total,
            "totalText": self.formats.number(total),
            **self._item(group, group.entries),
        }

    def remark(self, remark: Remark) -> Row:
        return {
            "text": self.t(remark.text),
            "isQuote": remark.form == "quote",
            "speaker": self.t(remark.speaker),
            "role": self.t(remark.role),
            "date": self.formats.date(remark.date) if remark.date else "",
            "occasion": self.t(remark.occasion),
            **self._item(remark),
        }

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
