"""The stand model: immutable values for everything a stand shows, and how they are validated.

The classes mirror `stand.yaml` one to one (see docs/content-format.md); field names are
the YAML keys, so a validation error's location is also a path into the file.

They are immutable values (`kiosk.content.values.Value`): importing them, and taking a stand
from the memo (`kiosk.content.memo`), needs no pydantic. `validate` checks a document with
pydantic, built on first use from the field annotations: the markers in them (`Check`,
`After`, `Tagged`, ...) say how a field is read, and make their pydantic schema only then.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

# the plain module's names, also the model's (older imports and the loader use these)
from kiosk.content.plain import ANY_LANGUAGE as ANY_LANGUAGE
from kiosk.content.plain import DATE_RE as DATE_RE
from kiosk.content.plain import ID_RE as ID_RE
from kiosk.content.plain import LANGUAGE_RE as LANGUAGE_RE
from kiosk.content.plain import RTL_LANGUAGES as RTL_LANGUAGES
from kiosk.content.plain import Text as Text
from kiosk.content.plain import is_rtl as is_rtl
from kiosk.content.plain import shown
from kiosk.content.strings import LABEL_KEYS, MAX_LABEL_CHARS
from kiosk.content.values import After, Between, Check, NotEmpty, Tagged, Value

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema, PydanticCustomError, SchemaValidator

FORMAT_VERSION = 1
MAX_NUMBER = 10**15
"""The largest number a stand may give (a value, a part, a count; also a group's total):
a million billion, more than any count of people or things a stand tells of, and small
enough that the screen shows it exactly (QML's numbers are doubles, exact to 2^53 = 9.0e15)
and formats it in every locale (Qt's formatting stops at 2^63)."""
GROUPED_NUMBER_RE = re.compile(r"^\s*[+-]?\d{1,3}([,. '\u00a0\u202f_]\d{3})+\s*$")


def _error(message: str, hint: str = "") -> PydanticCustomError:
    """A validation error; its `hint` (what to do) reaches the report beside the message."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("kiosk", message, {"hint": hint} if hint else None)


def _text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text.same(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Text.same(_number_text(value))
    if isinstance(value, dict):
        items: dict[str, str] = {}
        for key, text in value.items():
            if not isinstance(key, str) or not LANGUAGE_RE.match(key):
                raise _error(
                    f"'{key}' is not a language code; use codes such as en, az, ru, ar"
                )
            if key != key.lower() or "-" in key:  # `EN:` is the `en` text, as in languages:
                from kiosk.content.langtags import normal

                key = normal(key)
            if isinstance(text, int | float) and not isinstance(text, bool):
                text = _number_text(text)
            if not isinstance(text, str):
                raise _error(f"the '{key}' text must be a string, not {_kind(text)}")
            items[key] = text
        if not items:
            raise _error("a text needs at least one language, e.g. {en: \"...\"}")
        return Text(items)
    raise _error(
        f"expected a text (a string, or a map like {{en: \"...\"}}), not {_kind(value)}"
    )


def _number_text(value: float) -> str:
    """A number written where a text is expected, as the text it shows."""
    if isinstance(value, float) and not math.isfinite(value):
        raise _error(f"'{value}' is not a number a visitor can read: write the text in quotes")
    return str(value)


def _too_large(value: int | str) -> str:
    digits = str(value).lstrip("+")
    count = sum(char.isdigit() for char in digits)  # `999...9.5`: not its point
    shown = digits if len(digits) <= 20 else f"a number of {count:,} digits"
    return f"{shown} is too large: numbers here go up to {MAX_NUMBER:,} (a million billion)"


TOO_LARGE_HINT = ("check the number against the source; an amount this large can only be said "
                  "in words, in a text")


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise _error("expected a whole number, not true/false")
    if isinstance(value, int):
        if value < 0:
            raise _error("a number here cannot be negative")
        if value > MAX_NUMBER:
            raise _error(_too_large(value), TOO_LARGE_HINT)
        return int(value)  # not the Digits that `0613` is read as
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _error(f"expected a whole number, not '{value}' (infinity or not-a-number)")
        if value.is_integer() and abs(value) <= MAX_NUMBER:
            raise _error(f"write the whole number without a decimal point: {int(value)}, "
                         f"not {value}")
        raise _error(f"expected a whole number, not {value}")
    if isinstance(value, str):
        from kiosk.content.yamlsafe import LongNumber

        if isinstance(value, LongNumber):  # plain digits, too many to read as a number
            if value.startswith("-"):
                raise _error("a number here cannot be negative")
            number = value.lstrip("+").lstrip("0")
            if not number or (number.isdigit() and len(number) <= 20 and int(number) <= MAX_NUMBER):
                zeros = value.digits - max(len(number), 1)  # `000`: all but the last
                raise _error(f"a number of {value.digits:,} digits, {zeros:,} of them zeros in "
                             f"front: write it as {int(number or '0')}")
            raise _error(_too_large(value), TOO_LARGE_HINT)
        if any(c.isdigit() and not c.isascii() for c in value):  # ١٢٥٠٠, ۱۲۵۰۰, １２
            western = "".join(str(unicodedata.digit(c)) for c in value if c.isdigit())
            raise _error(f"write the number with the digits 0 to 9 and no separators: "
                         f"{western}, not '{value.strip()}'")
        if GROUPED_NUMBER_RE.match(value):
            plain = re.sub(r"[^\d+-]", "", value)
            raise _error(f"write numbers without separators: {plain}, not '{value.strip()}'")
        if value.strip().isdigit():
            raise _error(f"write the number without quotes: {value.strip()}")
        if re.fullmatch(r"\s*\d[\d,. '\u00a0\u202f_]*\d\s*", value):
            raise _error(
                f"'{value.strip()}' is not a whole number: write it as plain digits, with no "
                "commas, dots or spaces (check the digits too)"
            )
        scientific = re.fullmatch(r"\s*\d+(?:\.\d+)?[eE][+-]?\d{1,3}\s*", value)
        if scientific and float(value).is_integer() and float(value) <= MAX_NUMBER:
            raise _error(f"write the number out in digits: {int(float(value))}, not "
                         f"'{value.strip()}'")
        # `62 m`, `40%`: a unit typed with the number (`9O`, no space: a letter for a digit)
        unit = re.fullmatch(r"\s*(\d+)(?:\s+([^\W\d_][^\d]*)|\s*([%°‰]))\s*", value)
        if unit:
            raise _error(f"'{value.strip()}' holds a unit: the value is the number alone "
                         f"({unit.group(1)}); say '{(unit.group(2) or unit.group(3)).strip()}' "
                         "in the label")
        if any(c.isdigit() for c in value):  # `6l3`, `1O0`: a letter typed for a digit
            raise _error(f"expected a whole number, not '{value.strip()}': check for letters "
                         "typed in place of digits (l for 1, O for 0)")
    raise _error(f"expected a whole number, not {_kind(value)}")


def _date(value: Any) -> str:
    import datetime as dt  # a date YAML read as one (2024-01-01 unquoted)

    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        match = DATE_RE.match(value.strip())
        if match:
            year, month, day = match.groups()
            try:
                if int(year) < 1:  # year 0 is no year (1 BC is followed by AD 1)
                    raise ValueError
                if day:
                    dt.date(int(year), int(month), int(day))
                elif month and not 1 <= int(month) <= 12:
                    raise ValueError
            except ValueError:
                raise _error(f"'{value}' is not a real date") from None
            return value.strip()
    raise _error(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")


def _format(value: Any) -> int:
    if value == FORMAT_VERSION and not isinstance(value, bool):
        return FORMAT_VERSION
    raise _error(f"unsupported format version {value!r}; this kiosk reads format {FORMAT_VERSION}")


def _stand_id(value: Any) -> str:
    from kiosk.content.yamlsafe import Digits

    if isinstance(value, Digits):  # `id: 0613`: the digits as written
        value = str(value)
    if isinstance(value, str) and ID_RE.match(value):
        return value
    raise _error(f"{value!r} is not a valid id: use lower-case letters, digits and '-'")


def _language(value: Any) -> str:
    if isinstance(value, bool):  # a bare `no` is read as the word (yamlsafe); this is `false`
        raise _error("true/false is not a language code")
    if isinstance(value, str):
        from kiosk.content import langtags

        problem = langtags.check(value)
        if problem is None:
            return value
        if problem.written_as:  # `EN`: read as `en` (validation warns)
            return problem.written_as
        raise _error(problem.message, problem.hint)
    raise _error(f"{value!r} is not a language code (BCP 47, such as en, az, ru, ar)")


def _colour(value: Any) -> str:
    from kiosk.content.colours import HEX_RE, normalise

    if isinstance(value, str) and HEX_RE.match(value.strip()):
        return normalise(value.strip())
    raise _error(f"expected a colour such as \"#1d4e89\", not {value!r}",
                 "write it as # and six hexadecimal digits, in quotes")


def _strength(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
        return float(value)
    raise _error(f"expected a strength from 0 to 1, not {value!r}",
                 "0 leaves the picture as it is, 1 covers it with the colour; try 0.5")


def _label_key(value: Any) -> str:
    if isinstance(value, str) and value in LABEL_KEYS:
        return value
    import difflib

    close = difflib.get_close_matches(str(value), sorted(LABEL_KEYS), n=1)
    raise _error(f"'{value}' is not one of the kiosk's labels",
                 f"did you mean '{close[0]}'?" if close
                 else "use one of: " + ", ".join(sorted(LABEL_KEYS)))


def _label_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _error(f"expected the label's text, not {_kind(value)}")
    if len(value) > MAX_LABEL_CHARS:
        raise _error(f"a label is at most {MAX_LABEL_CHARS} characters")
    return value.strip()


def _freeze_labels(value: dict[str, dict[str, str]]) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return tuple((language, tuple(words.items())) for language, words in value.items())


def _plain_string(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _error(f"expected a non-empty string, not {_kind(value)}")


MAX_ORIGINAL = 4000
"""The most characters of a quotation's original words (plain text, shown small)."""


def _original(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        if len(value) > MAX_ORIGINAL:
            raise _error(f"the original words are {len(value)} characters long; at most "
                         f"{MAX_ORIGINAL} are shown")
        return value.strip()
    raise _error(f"expected the quotation's words in their original language (a string), "
                 f"not {_kind(value)}")


class TextOf:
    """A visitor-facing text: a string for every language, or a map of language -> string."""

    __slots__ = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(_text)


Words = Annotated[Text, TextOf()]
Count = Annotated[int, Check(_count)]
PartialDate = Annotated[str, Check(_date)]
StandId = Annotated[str, Check(_stand_id)]
Language = Annotated[str, Check(_language)]
WEB_ADDRESS_RE = re.compile(r"https?://[^\s/?#\x00-\x1f\x7f]+[^\s\x00-\x1f\x7f]*",
                            re.IGNORECASE)
"""A source's address: a web page a visitor's phone can open from the QR code."""


def _web_address(value: Any) -> str:
    text = _plain_string(value)
    if WEB_ADDRESS_RE.fullmatch(text) is None:
        raise _error("a url is a web address starting with https:// (or http://) and holding "
                     "no spaces: it is shown as a QR code for visitors' phones")
    return text


Name = Annotated[str, Check(_plain_string)]
WebAddress = Annotated[str, Check(_web_address)]
MediaPath = Annotated[str, Check(_plain_string)]
Colour = Annotated[str, Check(_colour)]
Strength = Annotated[float, Check(_strength)]
LabelKey = Annotated[str, Check(_label_key)]
LabelText = Annotated[str, Check(_label_text)]
OwnLabels = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""The kiosk's labels as a stand words them: (language, ((label, text), ...)), ..."""
Labels = Annotated[OwnLabels, After(_freeze_labels, read_as=dict[Language, dict[LabelKey, LabelText]])]


def _named(entry: Entry) -> Entry:
    if entry.name is None and entry.region is None:
        raise _error("an entry needs a name, or a region code to take the name from")
    return entry


def _sensitive_kind(value: Any) -> str:
    return "sensitive-notice" if isinstance(value, dict | Sensitive) else "sensitive-flag"


def _overlay_kind(value: Any) -> str:
    return "overlay-none" if isinstance(value, str) else "overlay-tone"


def _none_word(value: Any) -> str:
    if value == "none":
        return "none"
    raise _error(f"expected 'none' or a tone like {{colour: \"#0b1a2a\", strength: 0.5}}, "
                 f"not {value!r}")


def _strict_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    from pydantic_core import PydanticKnownError

    raise PydanticKnownError("bool_type")


class Sensitive(Value):
    """`sensitive: {notice: {en: ...}}`: sensitive, with the stand's own words for the notice
    (extension: the contract's `sensitive: true` shows the stand's or the kiosk's wording)."""

    notice: Words

    def __bool__(self) -> bool:
        return True


class Item(Value):
    """Anything a visitor sees as one thing: it may cite a source and be sensitive."""

    source: Name | None = None
    sensitive: Annotated[
        bool | Sensitive,
        Tagged(_sensitive_kind, {"sensitive-flag": Annotated[bool, Check(_strict_bool)],
                                 "sensitive-notice": Sensitive}),
    ] = False


class Image(Value):
    file: MediaPath
    caption: Words | None = None
    credit: Words | None = None


def _freeze_files(value: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(value.items())


PerLanguageFiles = Annotated[tuple[tuple[str, str], ...],
                             After(_freeze_files, read_as=dict[Language, MediaPath])]
"""A file for each language (extension): `{en: media/talk.en.vtt, ar: media/talk.ar.vtt}`."""


class Recording(Value):
    """A video or a recording (extension, `kiosk.content.captions` and docs/content-format.md
    "Video and sound"): the file, the seconds it lasts (checked against the file), a poster
    shown before it plays, captions and a spoken track per language, an audio description."""

    file: MediaPath
    duration: Annotated[Count, Between(ge=1, le=3600)]
    poster: MediaPath | None = None
    captions: PerLanguageFiles = ()
    spoken: PerLanguageFiles = ()
    description: MediaPath | None = None
    no_sound: Annotated[bool, Check(_strict_bool)] = False
    quote: Annotated[bool, Check(_strict_bool)] = False
    caption: Words | None = None
    credit: Words | None = None


class Section(Item):
    heading: Words
    date: PartialDate | None = None
    body: Words | None = None
    image: Image | None = None
    video: Recording | None = None
    audio: Recording | None = None
    narration: Words | None = None  # extension: what is said in place of what is shown


class Part(Item):
    label: Words
    value: Count


class Figure(Item):
    label: Words
    value: Count
    icon: Name | None = None
    parts: tuple[Part, ...] = ()
    note: Words | None = None
    narration: Words | None = None  # extension: what is said in place of what is shown


class Entry(Item):
    """A body that recognised or condemned. Without a name, a country's name comes from
    its ISO code, in the visitor's language (extension: the contract always names it)."""

    name: Words | None = None
    region: Name | None = None
    count: Annotated[Count, Between(ge=1)] | None = None


class Group(Item):
    """A group of entries. Its number (`total`) is shown only when the stand states it
    (extension): the kiosk never adds up entries that may be unlike things."""

    label: Words
    entries: tuple[Annotated[Entry, After(_named)], ...] = ()
    total: Count | None = None
    narration: Words | None = None  # extension: what is said in place of what is shown


class Remark(Item):
    """Words of a person. A quotation names the language it was said in (extension:
    `original_language`, and optionally the `original` words): in any other language
    the screen marks the text as a translation."""

    text: Words
    form: Literal["quote", "reported"]
    speaker: Words
    role: Words | None = None
    date: PartialDate | None = None
    occasion: Words | None = None
    original_language: Language | None = None
    original: Annotated[str, Check(_original)] | None = None
    audio: Recording | None = None
    narration: Words | None = None  # extension: what is said in place of what is shown
    """The speaker's own voice (extension); with `quote: true` it says the quotation's words."""


class _Panel(Value):
    id: Name
    title: Words
    icon: Name | None = None  # extension: overrides the kind's default icon
    intro: Words | None = None
    narration: Words | None = None  # extension: what is said in place of what is shown


class BackgroundPanel(_Panel):
    kind: Literal["background"]
    sections: tuple[Section, ...] = ()


class FiguresPanel(_Panel):
    kind: Literal["figures"]
    figures: tuple[Figure, ...] = ()


class RecognitionsPanel(_Panel):
    kind: Literal["recognitions"]
    groups: tuple[Group, ...] = ()


class RemarksPanel(_Panel):
    kind: Literal["remarks"]
    remarks: tuple[Remark, ...] = ()


PANELS: dict[str, type[BackgroundPanel | FiguresPanel | RecognitionsPanel | RemarksPanel]] = {
    "background": BackgroundPanel,
    "figures": FiguresPanel,
    "recognitions": RecognitionsPanel,
    "remarks": RemarksPanel,
}
"""The panel class for each `kind:`."""
PANEL_KINDS = tuple(PANELS)
Panel = Annotated[BackgroundPanel | FiguresPanel | RecognitionsPanel | RemarksPanel, Tagged("kind", PANELS)]


class Attract(Value):
    headline: Words | None = None
    prompt: Words | None = None
    image: MediaPath | None = None


class Overlay(Value):
    """The tone laid over the attract picture: a colour, at a strength from 0 to 1."""

    colour: Colour
    strength: Strength = 0.5


class Look(Value):
    """A stand's own look (extension): its accent colour, the attract overlay, its logo."""

    accent: Colour | None = None
    attract_overlay: Annotated[
        str | Overlay,
        Tagged(_overlay_kind, {"overlay-none": Annotated[str, Check(_none_word)],
                               "overlay-tone": Overlay}),
    ] | None = None
    logo: MediaPath | None = None


class Source(Value):
    id: Name
    title: Words
    publisher: Words | None = None
    date: PartialDate | None = None
    url: WebAddress | None = None
    narration: Words | None = None  # extension: what is said in place of what is shown


TRANSLATION_STATES = ("missing", "machine", "draft", "review", "reviewed")
"""How far a language's translation has come (`translations:`, extension): not done, machine
translated, a translator's draft, awaiting review (staff see it), reviewed."""
TranslationState = Literal["missing", "machine", "draft", "review", "reviewed"]


def _freeze_states(value: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(value.items())


TranslationStates = Annotated[tuple[tuple[str, str], ...],
                              After(_freeze_states, read_as=dict[Language, TranslationState])]


class Stand(Value):
    """A whole stand, as `stand.yaml` describes it. Immutable once loaded."""

    format: Annotated[int, Check(_format)]
    id: StandId
    title: Words
    subtitle: Words | None = None
    narration: Words | None = None  # extension: the title and subtitle, said
    languages: Annotated[tuple[Language, ...], NotEmpty()]
    attract: Attract = Attract()
    idle_timeout_s: Annotated[Count, Between(ge=5, le=86_400)] = 90
    panels: tuple[Panel, ...]
    sources: tuple[Source, ...] = ()
    look: Look = Look()  # extension: the stand's own look
    sensitive_notice: Words | None = None  # extension: the stand's wording of the notice
    labels: Labels = ()  # extension: the kiosk's labels, its way
    # extension: each language's translation state, for staff (`kiosk validate --summary`)
    translations: TranslationStates = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def text(self, value: Text | None, language: str) -> str:
        """`value` in `language`, falling back to the stand's first language; as the screen
        may show it (`shown`: bounded, whatever the stand holds)."""
        if value is None:
            return ""
        return shown(value.get_text(language, self.default_language))

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def own_labels(self) -> dict[str, dict[str, str]]:
        """The kiosk's labels as the stand words them (`labels:`), by language."""
        return {language: dict(words) for language, words in self.labels}

    def recordings(self) -> tuple[Recording, ...]:
        """Every video and recording of the stand (extension), in the order of the panels."""
        return tuple(recording
                     for panel in self.panels
                     for item in (*getattr(panel, "sections", ()), *getattr(panel, "remarks", ()))
                     for recording in (getattr(item, "video", None), getattr(item, "audio", None))
                     if recording is not None)


CLASSES: dict[str, type[Value]] = {
    cls.__name__: cls
    for cls in (
        Image, Recording, Section, Part, Figure, Entry, Group, Remark, BackgroundPanel, FiguresPanel,
        RecognitionsPanel, RemarksPanel, Attract, Source, Stand, Sensitive, Overlay, Look,
    )
}
"""Every class of the model, by name (the memo makes these and no others)."""
FIELD_NAMES: frozenset[str] = frozenset(
    name for model in CLASSES.values() for name in model.field_names()
)


@cache
def _adapter() -> TypeAdapter[Stand]:
    from pydantic import TypeAdapter

    return TypeAdapter(Stand)


@cache
def _validator() -> SchemaValidator:
    from kiosk.content import schemacache, values

    return schemacache.validator("stand", _adapter, [sys.modules[__name__], values])


def validate(data: Any) -> Stand:
    """`data` (a parsed stand.yaml) as a Stand; pydantic's ValidationError says what is wrong.
    The validator is made the first time: from the schema kept in the cache when this code
    made it before (`kiosk.content.schemacache`: pydantic is not even imported), else built
    by pydantic."""
    stand = _validator().validate_python(data)
    if not isinstance(stand, Stand):  # a kept schema planted or damaged: pydantic's own
        from kiosk.content import schemacache

        schemacache.forget("stand")
        _validator.cache_clear()
        checked: Stand = _adapter().validate_python(data)
        return checked
    return stand
