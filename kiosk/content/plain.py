"""The validated stand as plain Python objects, and what the screen needs of it (no pydantic).

`kiosk.content.model` validates a stand with pydantic: its import and its classes take about
70 ms and 8 MB of a kiosk's start. A kiosk that starts on a stand it validated before
(`kiosk.content.memo`) needs none of that: it gets the same values as the records below,
one class for each model class, with the same names, fields and methods the screen uses.
The model's own classes inherit those methods from here, so both kinds behave alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.content import model

ANY_LANGUAGE = "*"
LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
ID_RE = re.compile(r"^[a-z0-9-]+$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ku-Arab"})
RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand"})


def is_rtl(language: str) -> bool:
    """Whether `language` is written right to left: a script subtag decides (az-Arab, ku-Latn),
    else the language subtag (ar, ar-EG, he)."""
    parts = language.split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return script.title() in RTL_SCRIPTS
    return parts[0].lower() in RTL_LANGUAGES


MAX_RUN = 200
"""The longest run of characters with no place to break a line that validation accepts
(`kiosk.content.textcheck`); a line of the screen holds about 60 to 120."""
MAX_SHOWN = 20_000
"""The most characters of one text the screen is ever given: twice the longest text
validation accepts, so only a text that never passed validation is cut."""
BREAKS = (
    "\\s\\-\u00ad\u200b\u2010-\u2015/"  # spaces, hyphens, soft hyphens, dashes, slash
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer: no spaces
    "\u2e80-\u9fff\uf900-\ufaff\uac00-\ud7af\uff00-\uffef"  # CJK, kana, Hangul
    "\U00020000-\U0003ffff"
)
"""Characters a line may break at or beside: where the screen's line breaking (Unicode's
line-breaking rules, as Qt applies them) finds a place to wrap. Scripts written without
spaces (Chinese, Japanese, Thai...) break between their letters."""
_LONG_RUN = re.compile(f"(?<![^{BREAKS}])[^{BREAKS}]{{{MAX_RUN + 1},}}")
"""A run too long to wrap at a word boundary. Tried only where a run starts (the
look-behind), so a search is linear in the length of the text."""
_SPLIT_EVERY = 100


def shown(text: str) -> str:
    """`text` as the screen may lay it out at a bounded cost, whatever it holds.

    Qt wraps a run with no break opportunity in time that grows with the square of its
    length (a 1,000,000-letter word: minutes on the UI thread); validation refuses runs
    longer than `MAX_RUN` and texts longer than its limits, so for a stand that passed
    validation this returns `text` itself. For one that did not (or a check that slipped),
    it is cut at `MAX_SHOWN` characters, and every run longer than `MAX_RUN` gets a
    zero-width space every 100 characters, a place to wrap that shows nothing."""
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN] + "\u2026"
    if len(text) > MAX_RUN and _LONG_RUN.search(text):
        text = _LONG_RUN.sub(_split, text)
    return text


def _split(match: re.Match[str]) -> str:
    run = match.group()
    return "\u200b".join(run[i:i + _SPLIT_EVERY] for i in range(0, len(run), _SPLIT_EVERY))


class Text(Mapping[str, str]):
    """A visitor-facing text: language code -> string. A bare string is one for every language."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str]) -> None:
        self._items = dict(items)

    @classmethod
    def same(cls, value: str) -> Text:
        return cls({ANY_LANGUAGE: value})

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._items.items())))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return self._items == other._items
        return NotImplemented

    def __repr__(self) -> str:
        return f"Text({self._items!r})"

    @property
    def is_universal(self) -> bool:
        return ANY_LANGUAGE in self._items

    def get_text(self, language: str, fallback: str) -> str:
        """The text in `language`, else in the stand's first language, else any there is."""
        for key in (language, ANY_LANGUAGE, fallback):
            if key in self._items:
                return self._items[key]
        return next(iter(self._items.values()), "")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from kiosk.content.model import text_schema  # validation lives with the model

        return text_schema()


class StandMethods:
    """What the screen asks of a stand beyond its fields (the model's and the record's)."""

    if TYPE_CHECKING:  # fields of the classes that take these methods
        languages: tuple[str, ...]
        sources: tuple[Any, ...]
        labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, value: Text | None, language: str) -> str:
        """`value` in `language`, falling back to the stand's first language; as the screen
        may show it (`shown`: bounded, whatever the stand holds)."""
        if value is None:
            return ""
        return shown(value.get_text(language, self.default_language))

    def source(self, source_id: str | None) -> Any:
        return next((s for s in self.sources if s.id == source_id), None)

    def own_labels(self) -> dict[str, dict[str, str]]:
        """The kiosk's labels as the stand words them (`labels:`), by language."""
        return {language: dict(words) for language, words in self.labels}


class Record:
    """A validated model object's values, read-only: `Stand(id=..., panels=(...), ...)`."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.items()))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({values})"

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Any:
        """A copy with some fields replaced, as pydantic's `model_copy` makes one."""
        return type(self)(**{**self.__dict__, **(update or {})})


class Image(Record):
    pass


class Section(Record):
    pass


class Part(Record):
    pass


class Figure(Record):
    pass


class Entry(Record):
    pass


class Group(Record):
    pass


class Remark(Record):
    pass


class BackgroundPanel(Record):
    pass


class FiguresPanel(Record):
    pass


class RecognitionsPanel(Record):
    pass


class RemarksPanel(Record):
    pass


class Attract(Record):
    pass


class Source(Record):
    pass


class Sensitive(Record):
    pass


class Overlay(Record):
    pass


class Look(Record):
    pass


class Stand(Record, StandMethods):
    pass


RECORDS: dict[str, type[Record]] = {
    cls.__name__: cls
    for cls in (Image, Section, Part, Figure, Entry, Group, Remark, BackgroundPanel,
                FiguresPanel, RecognitionsPanel, RemarksPanel, Attract, Source, Stand,
                Sensitive, Overlay, Look)
}
"""The record class for each model class, by name."""


def records(stand: model.Stand) -> Stand:
    """The validated `stand` as records (for the memo): the same values, without pydantic."""
    made = _record(stand)
    assert isinstance(made, Stand)
    return made


def _record(value: Any) -> Any:
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        kind = RECORDS[type(value).__name__]
        return kind(**{name: _record(getattr(value, name)) for name in fields})
    if isinstance(value, tuple):
        return tuple(_record(item) for item in value)
    return value  # Text, str, int, bool, None
