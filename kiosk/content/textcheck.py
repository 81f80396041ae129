"""Checks of each visitor-facing text: can the screen lay it out, and can a visitor read it?

Every check here is linear in the length of the text, and most work on the set of distinct
characters a text holds (a few dozen), not on every character:

- length: each field has a most characters (`MAX_LENGTH`); past it, an error;
- a run with no place to break a line: longer than `WARN_RUN` a warning (the screen breaks
  it mid-word), longer than `MAX_RUN` an error (Qt's wrapping costs the square of a run's
  length: a 1,000,000-letter word froze the screen for minutes). Web addresses are common
  in text and Qt breaks them well enough, so they are only held to `MAX_RUN`;
- control characters (C0 but newline and tab, DEL, C1, lone surrogates): an error; they
  come from escapes in double quotes (`"\\0"`, `"\\e"`) or from pasting; a tab (a wide
  gap) and Unicode's line and paragraph separators (a break, or words run together): a
  warning;
- bidirectional overrides (U+202D, U+202E) reorder the letters after them: an error; the
  embeddings and isolates (U+202A-U+202C, U+2066-U+2069) a warning, as the kiosk sets each
  text's direction from its language;
- a text of invisible characters only (zero-width spaces, joiners...): an error, it shows
  as blank;
- more than `MAX_MARKS` combining marks on one letter: a warning; more than
  `MAX_MARKS_REFUSED` an error (they stack over the lines above, up to the top bar);
- a character no bundled font has (emoji, scripts the kiosk has no font for): a warning, a
  visitor sees an empty box (validation names them once for all the texts of a language).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.content.plain import BREAKS, MAX_RUN
from kiosk.content.problems import Severity

WARN_RUN = 60
"""A run longer than this, with no space or hyphen, is broken mid-word on most lines."""
MAX_MARKS = 4
"""The most combining marks one letter carries in everyday writing (Vietnamese 2, Arabic
with its vowel signs 2 to 3, pointed Hebrew 3 to 4): more is warned of."""
MAX_MARKS_REFUSED = 8
"""More marks than this on one letter is refused: no written language stacks so many (the
fully pointed and cantillated Hebrew of the Bible reaches 5 or 6), while decorated
("zalgo") text stacks dozens and draws them over the lines above, up to the top bar."""

LONG_TEXT = 10_000
MEDIUM_TEXT = 2_000
SHORT_TEXT = 500
MAX_LENGTH: dict[str, int] = {
    "body": LONG_TEXT, "text": LONG_TEXT, "narration": LONG_TEXT,
    "intro": MEDIUM_TEXT, "note": MEDIUM_TEXT, "caption": MEDIUM_TEXT, "credit": MEDIUM_TEXT,
    "occasion": MEDIUM_TEXT, "role": MEDIUM_TEXT, "publisher": MEDIUM_TEXT, "url": SHORT_TEXT,
    "title": SHORT_TEXT, "subtitle": SHORT_TEXT, "headline": SHORT_TEXT, "prompt": SHORT_TEXT,
    "heading": SHORT_TEXT, "label": SHORT_TEXT, "name": SHORT_TEXT, "speaker": SHORT_TEXT,
}
"""The most characters of each visitor-facing field: a section's body about four screens
of reading, a caption a paragraph, a title a few lines. Well below what would slow the
screen (laying out 80,000 characters takes about 20 ms). A source's url becomes a QR code:
500 characters (at most 2,000 bytes) still fit one, though a short address scans better."""

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_OVERRIDES = frozenset("\u202d\u202e")
_EMBEDDINGS = frozenset("\u202a\u202b\u202c\u2066\u2067\u2068\u2069")
_INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u2800\u3164\ufeff\uffa0"
)
"""Characters that show nothing, or nothing but space: zero-width spaces and joiners,
direction marks and controls, the soft hyphen, fillers (Hangul, braille blank)."""
_RUN_WARN = re.compile(f"(?<![^{BREAKS}])[^{BREAKS}]{{{WARN_RUN + 1},}}")
_URL = re.compile(r"(?i)(https?://|www\.)")


_CONTROL_NAMES = {
    "\x00": "NULL", "\x07": "BELL", "\x08": "BACKSPACE", "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED", "\x0d": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str
    hint: str = ""
    at: str = ""
    """The characters at fault, as they stand in the text (to point at them in the file)."""
    unfonted: frozenset[str] = frozenset()
    """The characters no bundled font has, for the warning of them (`no_font`), which
    validation gives once for all the texts of a language."""


def _first(text: str, chars: set[str] | frozenset[str]) -> str:
    """The one of `chars` that comes first in `text` (one pass, however many `chars`)."""
    return next((c for c in text if c in chars), "")


def describe(char: str) -> str:
    """A character as staff can look it up: U+202E RIGHT-TO-LEFT OVERRIDE."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")
    if not name and 0xD800 <= ord(char) <= 0xDFFF:
        name = "a lone surrogate"
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else code


def _list(chars: set[str], limit: int = 3) -> str:
    ordered = heapq.nsmallest(limit, chars)
    named = ", ".join(describe(c) for c in ordered[:limit])
    more = len(chars) - limit
    return named + (f" and {more} more" if more > 0 else "")


def _excerpt(run: str, size: int = 20) -> str:
    """The start of `run` to quote, without its combining marks if they stack (a quote of
    zalgo text would stack over the staff's terminal too)."""
    excerpt = run[:size] + "..." if len(run) > size else run
    if sum(1 for c in excerpt if unicodedata.combining(c)) > MAX_MARKS:
        excerpt = "".join(c for c in excerpt if not unicodedata.combining(c))
    return excerpt


_SEPARATORS = frozenset("\u2028\u2029")  # Unicode's line and paragraph separators


def check_text(text: str, field: str, covered: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """What is wrong with `text` given as the `field` of an item (e.g. "body"): at most one
    finding of each kind. `covered`: the characters the bundled fonts draw (none checked
    when empty)."""
    limit = MAX_LENGTH.get(field, SHORT_TEXT)
    whole = text
    if len(text) > limit:
        yield Finding(
            Severity.ERROR,
            f"this text is {len(text):,} characters long; a {field} may have at most {limit:,}",
            "shorten it, or split it into several items",
        )
        # the checks of each distinct character look at what could be accepted: a text
        # of a million different characters costs no more than one at the limit
        text = text[:limit]
    chars = set(text)
    if "\t" in chars:
        yield Finding(Severity.WARNING, "the text holds a tab, which the screen shows as a "
                      "wide gap between words", "use a space", "\t")
    separators = chars & _SEPARATORS
    if separators:
        yield Finding(
            Severity.WARNING,
            f"the text holds {_list(separators)}: the screen breaks the line there, or drops "
            "it and joins the words on either side",
            "write a new line instead: a line break in a '|' block, or \\n in double quotes",
            _first(text, separators),
        )
    if text.isascii():
        yield from _check_ascii(text, chars)
        if field != "url":
            yield from _check_runs(whole)
        return
    controls = {c for c in chars if _CONTROLS.match(c)}
    if controls:
        yield _controls(text, controls)
    overrides = chars & _OVERRIDES
    if overrides:
        yield Finding(
            Severity.ERROR,
            f"the text holds {_list(overrides)}, an invisible character that shows the "
            "letters after it in reverse order",
            "delete it and retype the text around it; the kiosk sets each text's direction "
            "from its language", _first(text, overrides),
        )
    embeddings = chars & _EMBEDDINGS
    if embeddings:
        yield Finding(
            Severity.WARNING,
            f"the text holds invisible direction controls ({_list(embeddings)}) that may "
            "reorder its words",
            "delete them unless the order on screen is what you want: the kiosk sets each "
            "text's direction from its language", _first(text, embeddings),
        )
    if text.strip() and all(c.isspace() or c in _INVISIBLE for c in chars):
        yield Finding(
            Severity.ERROR,
            f"the text shows as blank: it holds only invisible characters ({_list(chars)})",
            "write the text, or remove the field if it is optional", text.strip()[:1],
        )
    marks = {c for c in chars if unicodedata.combining(c) or unicodedata.category(c) == "Me"}
    if marks:
        stacked = _stacked_marks(text, marks)
        if len(stacked) > MAX_MARKS_REFUSED:
            yield Finding(
                Severity.ERROR,
                f"a letter carries {len(stacked):,} combining marks (accents); at most "
                f"{MAX_MARKS_REFUSED} are accepted, more are drawn over the lines above",
                "retype the text: it is damaged or decorated ('zalgo') text", stacked[:8],
            )
        elif stacked:
            yield Finding(
                Severity.WARNING,
                f"a letter carries {len(stacked)} combining marks (accents); more than "
                f"{MAX_MARKS} may touch the line above",
                "check it on a snapshot; retype it if the text was not meant so",
                stacked[:8],
            )
    if field != "url":  # an address is shown broken anywhere, and as a QR code
        yield from _check_runs(whole)
    if covered:
        missing = {c for c in chars - covered if _needs_glyph(c)}
        if missing:
            yield Finding(Severity.WARNING, *no_font(missing), _first(text, missing),
                          frozenset(missing))


def no_font(missing: set[str] | frozenset[str], texts: int = 1,
            language: str = "") -> tuple[str, str]:
    """The warning of `missing` (characters no bundled font has) and its hint: for one text,
    or named once for `texts` texts in `language` ("": texts shown in every language)."""
    chars = set(missing)
    where = ""
    if texts > 1:
        of = f"'{language}' texts" if language else "texts"
        where = f", in {texts:,} {of} (the first is here)"
    return (
        f"no font of the kiosk has {_list(chars)}{where}: visitors see an empty box",
        f"remove {'them' if len(chars) > 1 else 'it'} or say it in words; emoji and some "
        "scripts have no font here, see 'Text a visitor can read' in docs/content-format.md",
    )


def _check_ascii(text: str, chars: set[str]) -> Iterator[Finding]:
    if text.isprintable():
        return
    controls = {c for c in chars if _CONTROLS.match(c)}
    if controls:
        yield _controls(text, controls)


def _controls(text: str, controls: set[str]) -> Finding:
    return Finding(
        Severity.ERROR,
        f"the text holds the control character{'s' * (len(controls) > 1)} "
        f"{_list(controls)}, which a screen cannot show",
        f"delete {'them' if len(controls) > 1 else 'it'}: such a character comes from an "
        "escape in double quotes (\"\\0\", \"\\e\", \"\\x1b\") or was pasted with the "
        "text; only line breaks and tabs are allowed", _first(text, controls),
    )


def _check_runs(text: str) -> Iterator[Finding]:
    if len(text) <= WARN_RUN:
        return
    longest = ""
    for match in _RUN_WARN.finditer(text):
        run = match.group()
        if len(run) > MAX_RUN:
            yield Finding(
                Severity.ERROR,
                f"'{_excerpt(run)}' is {len(run):,} characters with no space: longer than "
                "any line of the screen, and too long to wrap",
                "add spaces; a long web address belongs in a source's url, shown as a QR code",
                run[:40],
            )
            return
        if len(run) > len(longest) and not _in_url(text, match.start()):
            longest = run
    if longest:
        yield Finding(
            Severity.WARNING,
            f"'{_excerpt(longest)}' is {len(longest)} characters with no space: the screen "
            "breaks it in the middle",
            "add spaces or hyphens, or shorten it", longest[:40],
        )


def _in_url(text: str, start: int) -> bool:
    """Is the run at `start` part of a web address (the word it is in starts like one)?"""
    before = text[max(0, start - MAX_RUN):start]
    word = re.split(r"\s", before)[-1]
    return bool(_URL.match(word or text[start:start + 8]))


def _stacked_marks(text: str, marks: set[str]) -> str:
    """The longest run of more than `MAX_MARKS` combining marks in `text` (`marks`: those
    it holds); "" when there is none."""
    pattern = re.compile("[" + "".join(re.escape(c) for c in sorted(marks)) + f"]{{{MAX_MARKS + 1},}}")
    return max((m.group() for m in pattern.finditer(text)), key=len, default="")


def _needs_glyph(char: str) -> bool:
    """Is `char` drawn (not a control, a format character, a separator or a space)?"""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp",
                                                                     "Zs", "Cs")
