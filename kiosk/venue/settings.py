"""Device settings: one YAML file per kiosk, separate from content. No Qt here.

```yaml
stand: khojaly-31            # a stand id in the library, or a stand folder (./name, /path)
idle_timeout_s: 120          # overrides the stand's idle_timeout_s
idle_warning_s: 20           # "Still there?" this long before the idle reset (20 to 120)
keys:                        # a keypad or keyboard beside the screen; absent: these keys
  next: [Tab, Right, Down]   # the focus to the next thing on screen, in reading order
  previous: [Backtab, Left, Up]
  select: [Return, Enter, Space]   # press it (on the attract screen: start the visit)
  back: [Backspace]          # close what is open, else the panel before
  home: [Home]               # the first panel
  help: [H, F1]              # the keys, said aloud (with narration: `kiosk narrate`)
  audio: [A]                 # narration on or off
  louder: ["+", "="]
  softer: ["-"]
  repeat: [R]                # the last line again
narration_volume: 0.7        # each visit starts at this volume (0 to 1)
narration_volume_max: 1.0    # and a visitor can raise it to this, no further (both for every
                             # sound the kiosk makes: narration, videos and recordings)
language_order: [az, en]     # the stand's languages in this order (others follow)
screen: 0                    # which screen (0 = the first); absent: the primary screen
rotation: 0                  # 0, 90, 180 or 270 degrees
opening_hours:               # absent: always open
  daily: "09:00-18:00"       # for days not named below
  mon: closed
  sat: "10:00-13:00, 14:00-20:00"
statistics: true             # anonymous visitor statistics
cursor: hidden               # hidden, show-on-move (or on-move) or visible
pin_hash: "pbkdf2_sha256$..." # written by `kiosk set-pin`, never by hand
library_budget_gb: 8         # `kiosk import` keeps the library of stands within this
library_min_free_gb: 1       # and this much free on its disk
renderer: auto               # auto (software without a GPU), gpu or software
release_idle_memory: true    # at the attract screen, give back the pages of code run only
                             # to start (kiosk.venue.pages)
```

A bad value never stops the kiosk: `load_settings` reports it as a Problem at FILE:LINE:COLUMN
and uses the default for that field only; everything else in the file still applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from kiosk.content import Problem, Severity
from kiosk.content.plain import ID_RE, LANGUAGE_RE
from kiosk.content.values import After, Before, Core, Value
from kiosk.files import read_small
from kiosk.paths import config_dir
from kiosk.venue.hours import DAILY, WEEKDAYS, TimeRange, parse_hours
from kiosk.venue.pin import PIN_SCHEME, parse_pin_hash

if TYPE_CHECKING:
    from pydantic import TypeAdapter
    from pydantic_core import PydanticCustomError

    from kiosk.content.yamlsafe import Located, Mark, Path_

MAX_SETTINGS_BYTES = 256 * 1024


def default_settings_path() -> Path:
    return config_dir() / "settings.yaml"


class SettingsError(Exception):
    """Settings that cannot be written (a bad PIN, a settings file that is not YAML)."""


# --- the settings ----------------------------------------------------------------------


def _custom(message: str) -> PydanticCustomError:
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("kiosk", message)


def _language_code(code: str) -> str:
    if not LANGUAGE_RE.match(code):
        raise _custom(f"'{code}' is not a language code like en, az or ru")
    return code


def _stand(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _custom("expected a stand id or a stand folder")
    return value.strip()


def _languages(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list | tuple):
        raise _custom("expected a list of language codes, like [az, en]")
    return value


def _hours(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _custom('expected days with hours, like mon: "09:00-18:00"')
    parsed: dict[str, tuple[TimeRange, ...]] = {}
    for day, spec in value.items():
        if day not in (*WEEKDAYS, DAILY):
            raise _custom(f"'{day}' is not a day; use {', '.join(WEEKDAYS)} or {DAILY}")
        if isinstance(spec, tuple) and all(isinstance(r, tuple) for r in spec):
            parsed[day] = spec  # already parsed
            continue
        try:
            parsed[day] = parse_hours(spec)
        except ValueError as exc:
            raise _custom(str(exc)) from None
    return parsed


KEY_ACTIONS: dict[str, tuple[str, ...]] = {
    "next": ("Tab", "Right", "Down"),
    "previous": ("Backtab", "Left", "Up"),
    "select": ("Return", "Enter", "Space"),
    "back": ("Backspace",),
    "home": ("Home",),
    "help": ("H", "F1"),
    "audio": ("A",),
    "louder": ("+", "="),
    "softer": ("-",),
    "repeat": ("R",),
}
"""What each key of a keypad or keyboard does, by default (`keys:` in the settings changes
any of them): the focus to the next or previous thing on the screen in reading order, press
what has the focus (on the attract screen: start the visit), close what is open or go back a
panel, the first panel; with narration: the keys said aloud, narration on or off, louder,
softer, the last line again."""
KEY_RE = re.compile(r"((Shift|Ctrl|Alt)\+)*([A-Z0-9]|F([1-9]|1[0-2])|Tab|Backtab|Left|Right|Up|Down|"
                    r"Return|Enter|Space|Backspace|Home|End|PgUp|PgDown|Insert|Delete|[-+=*/.,])")


def _keys(value: Any) -> Any:
    if value is None:
        return dict(KEY_ACTIONS)
    if not isinstance(value, Mapping):
        raise _custom("expected actions with their keys, like next: [Tab, Right]")
    keys = dict(KEY_ACTIONS)
    for action, given in value.items():
        if action not in KEY_ACTIONS:
            raise _custom(f"'{action}' is no key action; use {', '.join(KEY_ACTIONS)}")
        given = [given] if isinstance(given, str) else given
        if not isinstance(given, list | tuple) or not given:
            raise _custom(f"expected the keys for '{action}', like [Tab, Right]")
        for key in given:
            if not isinstance(key, str) or KEY_RE.fullmatch(key) is None:
                raise _custom(f"'{key}' is not a key name the kiosk knows (like Tab, Right, "
                              "Return, Space, Home, F1, A, +)")
        keys[action] = tuple(given)
    return keys


def _cursor(value: Any) -> Any:
    return "show-on-move" if value == "on-move" else value  # the short name is accepted too


def _pin_hash(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _custom(f"not a {PIN_SCHEME} hash")
    try:
        parse_pin_hash(value)
    except ValueError as exc:
        raise _custom(str(exc)) from None
    return value


LanguageCode = Annotated[str, Core("str_schema", strict=True), After(_language_code)]


class Settings(Value):
    """The settings of one kiosk. Every field has a safe default.

    `Settings.model_validate` checks a file's values with pydantic, as each field's annotation
    says, imported only then: a kiosk without a settings file never loads it.
    """

    stand: Annotated[str | None, Before(_stand)] = None
    idle_timeout_s: Annotated[float, Core("float_schema", strict=True, ge=5, le=86_400)] | None = None
    keys: Annotated[Mapping[str, tuple[str, ...]], Before(_keys)] = KEY_ACTIONS
    """The keys of a keypad or keyboard for each action (KEY_ACTIONS); escape keys stay
    refused by the lockdown whatever is named here."""
    narration_volume: Annotated[float, Core("float_schema", strict=True, ge=0, le=1)] = 0.7
    """Narration's volume at the start of every visit (Section 508: back to its default); the
    stand's videos and recordings play at the same volume (the visitor's, one for all)."""
    narration_volume_max: Annotated[float, Core("float_schema", strict=True, ge=0, le=1)] = 1.0
    """The most a visitor can raise narration's volume to (headphones at a venue): one
    ceiling for every sound the kiosk makes, videos and recordings too."""
    idle_warning_s: Annotated[float, Core("float_schema", strict=True, ge=20, le=120)] = 20.0
    """How long "Still there?" is shown before the idle reset: at least 20 s (WCAG 2.2.1);
    longer for visitors who need more time to reach the screen."""
    language_order: Annotated[tuple[LanguageCode, ...], Before(_languages)] = ()
    screen: Annotated[int, Core("int_schema", strict=True, ge=0, le=63)] | None = None
    rotation: Literal[0, 90, 180, 270] = 0
    # one empty map shared by all: a Mapping, which no code changes
    opening_hours: Annotated[Mapping[str, tuple[TimeRange, ...]], Before(_hours)] = {}
    statistics: Annotated[bool, Core("bool_schema", strict=True)] = True
    pin_hash: Annotated[str | None, Before(_pin_hash)] = None
    cursor: Annotated[Literal["hidden", "show-on-move", "visible"], Before(_cursor)] = "hidden"
    """The values of kiosk.ui.lockdown.CursorPolicy: `CursorPolicy(settings.cursor)`."""
    library_budget_gb: Annotated[float, Core("float_schema", strict=True, ge=0.1, le=100_000)] | None = None
    """None: `kiosk.venue.intake.LIMITS.max_library_bytes` (8 GB)."""
    library_min_free_gb: Annotated[float, Core("float_schema", strict=True, ge=0, le=100_000)] | None = None
    """None: `kiosk.venue.intake.LIMITS.min_free_bytes` (1 GB)."""
    renderer: Literal["auto", "gpu", "software"] = "auto"
    """Qt Quick's scene graph: `auto` picks the software renderer on a machine without a GPU
    (kiosk.venue.renderer), `gpu` and `software` force one."""
    release_idle_memory: Annotated[bool, Core("bool_schema", strict=True)] = True
    """Once the attract screen has been shown for IDLE_RELEASE_MS, the pages of code and
    read-only files go back to the system (kiosk.venue.pages); false keeps them, for a
    machine whose disk is so slow that reading them back would be seen at the next touch."""

    @classmethod
    def model_validate(cls, data: Any) -> Settings:
        """Settings from a mapping of a settings file's values; raises pydantic's
        ValidationError, with a path and a type for each value that is wrong."""
        return _adapter().validate_python(data)


@cache
def _adapter() -> TypeAdapter[Settings]:
    from pydantic import TypeAdapter

    return TypeAdapter(Settings)


FIELDS = Settings.field_names()
_DEFAULTS = Settings()


@dataclass(frozen=True)
class SettingsResult:
    path: Path
    settings: Settings
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


# --- loading ------------------------------------------------------------------------


def load_settings(path: Path | None = None) -> SettingsResult:
    """Read the settings file; a missing file means all defaults. Never raises for bad content."""
    path = Path(path) if path is not None else default_settings_path()
    if not path.exists():  # nor is the YAML parser imported
        return SettingsResult(path, _DEFAULTS)
    from kiosk.content.yamlsafe import Mark, YamlError, load_located

    problems: list[Problem] = []

    def problem(mark: Mark, message: str, hint: str = "") -> None:
        problems.append(Problem(path, mark.line, mark.column, Severity.ERROR, message, hint))

    all_defaults = "the kiosk uses the default settings"
    try:
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            problem(Mark(1, 1), "the settings file is larger than 256 KB", all_defaults)
            return SettingsResult(path, Settings(), tuple(problems))
        raw = read_small(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return SettingsResult(path, _DEFAULTS)
    except OSError as exc:
        problem(Mark(0, 0), f"cannot read the settings file: {exc.strerror or exc}", all_defaults)
        return SettingsResult(path, Settings(), tuple(problems))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problem(Mark(line, column), "the settings file is not UTF-8 text", all_defaults)
        return SettingsResult(path, Settings(), tuple(problems))
    try:
        located = load_located(text)
    except YamlError as exc:
        problem(exc.mark, exc.message, all_defaults)
        return SettingsResult(path, Settings(), tuple(problems))
    settings = _settings_from(located, problem)
    return SettingsResult(path, settings, tuple(problems))


def _settings_from(located: Located, problem: Any) -> Settings:
    from pydantic import ValidationError

    from kiosk.content.yamlsafe import Mark

    data = located.data
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        problem(Mark(1, 1), "the settings file must be a map of settings (key: value)",
                "the kiosk uses the default settings")
        return Settings()
    for dup_path, mark in located.duplicates:
        problem(mark, f"'{dup_path[-1]}' is given twice", "the first one is used; remove the other")
    good: dict[str, Any] = {}
    for key, value in data.items():
        if key not in FIELDS:
            import difflib

            close = difflib.get_close_matches(str(key), FIELDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known settings: " + ", ".join(FIELDS)
            problem(located.mark((key,), prefer_key=True), f"unknown setting '{key}'", hint)
            continue
        if key == "opening_hours" and isinstance(value, dict):
            good[key] = _good_days(located, value, problem)
            continue
        try:
            Settings.model_validate({key: value})
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                where: Path_ = (key, *(s for s in error["loc"][1:] if isinstance(s, str | int)))
                message, hint = _describe(error)
                hint = f"{hint}; " if hint else ""
                problem(located.mark(where), f"{key}: {message}", hint + _fallback(key))
            continue
        good[key] = value
    return Settings.model_validate(good)


def _good_days(located: Located, value: dict[Any, Any], problem: Any) -> dict[str, Any]:
    from pydantic import ValidationError

    days: dict[str, Any] = {}
    for day, spec in value.items():
        try:
            Settings.model_validate({"opening_hours": {day: spec}})
        except ValidationError as exc:
            message, _ = _describe(exc.errors(include_url=False)[0])
            fallback = ("the daily hours apply" if DAILY in value and day != DAILY
                        else "the kiosk stays on")
            path: Path_ = ("opening_hours", day)
            problem(located.mark(path, prefer_key=day not in (*WEEKDAYS, DAILY)),
                    f"opening_hours: {message}", f"this day is ignored: {fallback}")
            continue
        days[str(day)] = spec
    return days


def _describe(error: Any) -> tuple[str, str]:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "literal_error":
        return f"{error['input']!r} is not allowed here", f"use one of: {ctx.get('expected', '')}"
    if kind in ("bool_type", "bool_parsing"):
        return "expected true or false", ""
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        return "expected a whole number" if kind.startswith("int") else "expected a number", ""
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}", ""
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}", ""
    if kind == "string_type":
        return "expected text", ""
    return str(error["msg"]), ""


def _fallback(key: str) -> str:
    if key == "pin_hash":
        return "no PIN is set, so the staff menu stays locked: set one with 'kiosk set-pin'"
    return f"the default is used: {_show(getattr(_DEFAULTS, key))}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple | Mapping) and not value:
        return "none"
    return str(value)


# --- using the settings ------------------------------------------------------------------


def order_languages(languages: Sequence[str], order: Sequence[str]) -> tuple[str, ...]:
    """The stand's languages, those named in `order` first (in that order), the others after."""
    first = [code for code in order if code in languages]
    return tuple(dict.fromkeys([*first, *languages]))


def stand_location(settings: Settings, library: Path | None = None, base: Path | None = None
                   ) -> Path | None:
    """The stand folder the settings name: a library stand's active version, or a folder.

    A value that is a stand id (lower-case letters, digits, '-') names a library stand; write
    `./name` for a folder of that name. A relative folder is relative to `base`. Raises
    kiosk.venue.library.LibraryError when the library has no such stand.
    """
    if settings.stand is None:
        return None
    if ID_RE.match(settings.stand):
        from kiosk.venue.library import active_stand

        return active_stand(library, settings.stand)
    folder = Path(settings.stand).expanduser()
    if not folder.is_absolute() and base is not None:
        folder = base / folder
    return folder
