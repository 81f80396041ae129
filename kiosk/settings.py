"""Device settings: one YAML file per kiosk, separate from content. No Qt here.

```yaml
stand: khojaly-31            # a stand id in the library, or a stand folder (./name, /path)
idle_timeout_s: 120          # overrides the stand's idle_timeout_s
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
```

A bad value never stops the kiosk: `load_settings` reports it as a Problem at FILE:LINE:COLUMN
and uses the default for that field only; everything else in the file still applies.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs

from kiosk.content import Problem, Severity
from kiosk.content.plain import ID_RE
from kiosk.paths import read_small

if TYPE_CHECKING:
    from kiosk.content.yamlsafe import Located, Mark, Path_

APP_NAME = "exhibit-kiosk"
MAX_SETTINGS_BYTES = 256 * 1024
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAILY = "daily"

PIN_RE = re.compile(r"[0-9]{4,8}", re.ASCII)
PIN_SCHEME = "pbkdf2_sha256"
PIN_ITERATIONS = 300_000
MIN_ITERATIONS = 200_000
MAX_ITERATIONS = 5_000_000
"""A hash with more iterations is refused: checking it would freeze the PIN pad."""

TimeRange = tuple[int, int]
"""Minutes after midnight, start and end; end <= start means the range runs past midnight."""


def default_settings_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "settings.yaml"


class SettingsError(Exception):
    """Settings that cannot be written (a bad PIN, a settings file that is not YAML)."""


# --- the settings ----------------------------------------------------------------------


_TIME_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(value: Any) -> tuple[TimeRange, ...]:
    """`"09:00-18:00"`, `"10:00-13:00, 14:00-20:00"`, `closed` -> ranges. Raises ValueError."""
    if value is False or (isinstance(value, str) and value.strip().lower() == "closed"):
        return ()
    if not isinstance(value, str):
        raise ValueError('expected hours like "09:00-18:00", or closed')
    ranges = []
    for part in value.split(","):
        match = _TIME_RE.match(part)
        if not match:
            raise ValueError(f"'{part.strip()}' is not a time range like 09:00-18:00")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2 != 0):
            raise ValueError(f"'{part.strip()}' is not a time of day")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start == end:
            raise ValueError(f"'{part.strip()}' starts and ends at the same time")
        ranges.append((start, end))
    return tuple(ranges)


def parse_pin_hash(value: str) -> tuple[int, bytes, bytes]:
    """`pbkdf2_sha256$iterations$salt_b64$hash_b64` -> (iterations, salt, hash). Raises ValueError."""
    parts = value.split("$")
    if len(parts) != 4 or parts[0] != PIN_SCHEME or not parts[1].isascii() or not parts[1].isdigit():
        raise ValueError(f"not a {PIN_SCHEME} hash")
    iterations = int(parts[1])
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"the iterations must be between {MIN_ITERATIONS} and {MAX_ITERATIONS}")
    try:
        salt = base64.b64decode(parts[2], validate=True)
        digest = base64.b64decode(parts[3], validate=True)
    except ValueError:
        raise ValueError("damaged (bad base64)") from None
    if len(salt) < 8 or len(digest) < 16:
        raise ValueError("damaged (salt or hash too short)")
    return iterations, salt, digest


@dataclass(frozen=True)
class Settings:
    """The settings of one kiosk. Every field has a safe default.

    Plain values: `Settings.model_validate` checks a file's values with pydantic
    (`kiosk.settings_check`), imported only then, so a kiosk without a settings file never
    loads it.
    """

    stand: str | None = None
    idle_timeout_s: float | None = None
    language_order: tuple[str, ...] = ()
    screen: int | None = None
    rotation: Literal[0, 90, 180, 270] = 0
    opening_hours: Mapping[str, tuple[TimeRange, ...]] = field(default_factory=dict)
    statistics: bool = True
    pin_hash: str | None = None
    cursor: Literal["hidden", "show-on-move", "visible"] = "hidden"
    """The values of kiosk.lockdown.CursorPolicy: `CursorPolicy(settings.cursor)`."""
    library_budget_gb: float | None = None
    """None: `kiosk.intake.LIMITS.max_library_bytes` (8 GB)."""
    library_min_free_gb: float | None = None
    """None: `kiosk.intake.LIMITS.min_free_bytes` (1 GB)."""

    @classmethod
    def model_validate(cls, data: Any) -> Settings:
        """Settings from a mapping of a settings file's values; raises pydantic's
        ValidationError, with a path and a type for each value that is wrong."""
        from kiosk.settings_check import SettingsModel

        checked = SettingsModel.model_validate(data)
        return cls(**{name: getattr(checked, name) for name in FIELDS})

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Settings:
        return replace(self, **(update or {}))


FIELDS = tuple(f.name for f in fields(Settings))
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


def is_open(settings: Settings, when: datetime) -> bool:
    """Whether `when` is within the opening hours (no opening_hours: always open).

    A day not named uses `daily`; a day not named without `daily` is open all day. A range
    that ends before it starts (22:00-02:00) runs past midnight into the next day.
    """
    hours = settings.opening_hours
    if not hours:
        return True

    def ranges(day: datetime) -> tuple[TimeRange, ...] | None:
        name = WEEKDAYS[day.weekday()]
        if name in hours:
            return hours[name]
        return hours.get(DAILY)

    minute = when.hour * 60 + when.minute
    today = ranges(when)
    if today is None:
        return True
    for start, end in today:
        if (start < end and start <= minute < end) or (end <= start and minute >= start):
            return True
    yesterday = ranges(when - timedelta(days=1)) or ()
    return any(end <= start and minute < end for start, end in yesterday)


def order_languages(languages: Sequence[str], order: Sequence[str]) -> tuple[str, ...]:
    """The stand's languages, those named in `order` first (in that order), the others after."""
    first = [code for code in order if code in languages]
    return tuple(dict.fromkeys([*first, *languages]))


def stand_location(settings: Settings, library: Path | None = None, base: Path | None = None
                   ) -> Path | None:
    """The stand folder the settings name: a library stand's active version, or a folder.

    A value that is a stand id (lower-case letters, digits, '-') names a library stand; write
    `./name` for a folder of that name. A relative folder is relative to `base`. Raises
    kiosk.library.LibraryError when the library has no such stand.
    """
    if settings.stand is None:
        return None
    if ID_RE.match(settings.stand):
        from kiosk.library import active_stand

        return active_stand(library, settings.stand)
    folder = Path(settings.stand).expanduser()
    if not folder.is_absolute() and base is not None:
        folder = base / folder
    return folder


# --- the PIN ------------------------------------------------------------------------------


def valid_pin(pin: str) -> bool:
    return PIN_RE.fullmatch(pin) is not None


def hash_pin(pin: str, *, iterations: int = PIN_ITERATIONS, salt: bytes | None = None) -> str:
    if not valid_pin(pin):
        raise SettingsError("the PIN must be 4 to 8 digits")
    import hashlib  # here: hashlib loads OpenSSL (3 MB), needed only for the PIN

    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    encode = base64.b64encode
    return f"{PIN_SCHEME}${iterations}${encode(salt).decode()}${encode(digest).decode()}"


def verify_pin(settings: Settings | str | None, pin: str) -> bool:
    """Whether `pin` is the staff PIN. False when no PIN is set (the staff menu stays shut)."""
    stored = settings.pin_hash if isinstance(settings, Settings) else settings
    if not stored:
        return False
    try:
        iterations, salt, expected = parse_pin_hash(stored)
    except ValueError:
        return False
    import hashlib
    import hmac

    candidate = pin.encode("ascii") if valid_pin(pin) else b"\0invalid"
    digest = hashlib.pbkdf2_hmac("sha256", candidate, salt, iterations, dklen=len(expected))
    return hmac.compare_digest(digest, expected) and valid_pin(pin)


def set_pin(path: Path | None, pin: str) -> Path:
    """Store the hash of `pin` in the settings file, keeping every other line as it is.

    Raises SettingsError for a PIN that is not 4-8 digits or a settings file that is not
    YAML (it is left untouched: fix it first). Returns the settings file's path.
    """
    path = Path(path) if path is not None else default_settings_path()
    hashed = hash_pin(pin)
    try:
        text = read_small(path, MAX_SETTINGS_BYTES).decode("utf-8-sig")
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        text, mode = "", 0o600
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: the settings file is not UTF-8 text; fix it first") from None
    new_text = _with_pin_hash(path, text, hashed)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, new_text.encode("utf-8"), mode=mode)
    return path


def _with_pin_hash(path: Path, text: str, hashed: str) -> str:
    import yaml

    from kiosk.content.yamlsafe import YamlError, load_located

    if not text.strip():
        return f'pin_hash: "{hashed}"\n'
    try:
        located = load_located(text)
    except YamlError as exc:
        raise SettingsError(
            f"{path}:{exc.mark.line}:{exc.mark.column}: {exc.message}; fix the settings file first"
        ) from None
    data = located.data
    if data is not None and not isinstance(data, dict):
        raise SettingsError(f"{path}: the settings file is not a map of settings; fix it first")
    edited = _edit_pin_line(text, located, hashed)
    if edited is not None:
        with contextlib.suppress(YamlError):
            check = load_located(edited).data
            if isinstance(check, dict) and check.get("pin_hash") == hashed and {
                k: v for k, v in check.items() if k != "pin_hash"
            } == {k: v for k, v in (data or {}).items() if k != "pin_hash"}:
                return edited
    # an unusual layout (flow style, a value over several lines): write the map anew
    return yaml.safe_dump({**(data or {}), "pin_hash": hashed}, sort_keys=False, allow_unicode=True)


def _edit_pin_line(text: str, located: Located, hashed: str) -> str | None:
    """`text` with its pin_hash line replaced (or one added), or None if the layout is unusual."""
    line = f'pin_hash: "{hashed}"'
    data = located.data
    if data is None or "pin_hash" not in data:
        if any(m.column != 1 for p, m in located.keys.items() if len(p) == 1):
            return None  # a flow-style map: appending a line would break it
        return text + ("" if text.endswith("\n") else "\n") + line + "\n"
    if any(p == ("pin_hash",) for p, _ in located.duplicates):
        return None
    lines = text.splitlines(keepends=True)
    key = located.keys[("pin_hash",)]
    value = located.values[("pin_hash",)]
    if key.column != 1 or value.line != key.line:
        return None
    ending = "\n" if lines[key.line - 1].endswith("\n") else ""
    lines[key.line - 1] = line + ending
    return "".join(lines)


def atomic_write(path: Path, data: bytes, *, mode: int = 0o644, durable: bool = True) -> None:
    """Replace `path` with `data` all at once: a temporary file, fsync, os.replace, fsync folder.

    Readers (and a power cut) see the old content or the new one, never a mix. With
    `durable=False` nothing is flushed (for files rewritten every few seconds, to spare SD cards).
    """
    temporary = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable and os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
