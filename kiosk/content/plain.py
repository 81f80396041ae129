"""Plain values of a stand, below the model: language codes, ids and dates, a visitor-facing
`Text`, and how much of a text the screen may lay out (`shown`). No pydantic, no Qt."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

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
    # spaces (not the no-break ones: U+00A0, U+2007, U+202F), line ends, hyphens (not the
    # no-break hyphen U+2011), soft hyphens, zero-width spaces, dashes, slash
    "\t-\r \x1c-\x1f\x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000"
    "\\-\u00ad\u200b\u2010\u2012-\u2015/"
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
