"""Device settings: parsing with located errors and safe defaults, the PIN, opening hours."""

from __future__ import annotations

import base64
import os
import shutil
import stat
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kiosk.content import load_stand
from kiosk.venue import library, settings
from kiosk.venue.hours import is_open
from kiosk.venue.pin import hash_pin, verify_pin
from kiosk.venue.pinfile import set_pin
from kiosk.venue.settings import Settings, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "settings.yaml"


GOOD = """
    # the kiosk at the museum entrance
    stand: khojaly-31
    idle_timeout_s: 120
    language_order: [az, en]
    screen: 1
    rotation: 90
    opening_hours:
      daily: "09:00-18:00"
      mon: closed
      sat: "10:00-13:00, 14:00-20:00"
    statistics: false
    cursor: on-move
"""


def test_missing_file_means_defaults_without_problems(config: Path) -> None:
    result = load_settings(config)
    assert result.problems == ()
    assert result.settings == Settings()
    assert result.settings.statistics is True
    assert result.settings.cursor == "hidden"
    assert result.settings.pin_hash is None


def test_default_path_is_in_the_user_config_folder() -> None:
    assert str(settings.default_settings_path()).startswith(os.environ["XDG_CONFIG_HOME"])
    assert load_settings().problems == ()


def test_good_settings_are_read(config: Path) -> None:
    result = load_settings(write(config, GOOD))
    assert result.problems == ()
    s = result.settings
    assert s.stand == "khojaly-31"
    assert s.idle_timeout_s == 120
    assert s.language_order == ("az", "en")
    assert (s.screen, s.rotation, s.statistics, s.cursor) == (1, 90, False, "show-on-move")
    assert s.opening_hours["sat"] == ((600, 780), (840, 1200))
    assert s.opening_hours["mon"] == ()


@pytest.mark.parametrize(("line", "where", "message", "field", "default"), [
    ("rotation: 45", (2, 11), "rotation: 45 is not allowed", "rotation", 0),
    ("rotation: '90'", (2, 11), "rotation", "rotation", 0),
    ("screen: -1", (2, 9), "screen: must be at least 0", "screen", None),
    ("idle_timeout_s: 1", (2, 17), "idle_timeout_s: must be at least 5", "idle_timeout_s", None),
    ("idle_timeout_s: true", (2, 17), "idle_timeout_s", "idle_timeout_s", None),
    ("statistics: maybe", (2, 13), "statistics: expected true or false", "statistics", True),
    ("cursor: sometimes", (2, 9), "cursor: 'sometimes' is not allowed", "cursor", "hidden"),
    ("language_order: [en, 'e n']", (2, 22), "'e n' is not a language code", "language_order", ()),
    ("stand: [a, b]", (2, 8), "expected a stand id or a stand folder", "stand", None),
    ("pin_hash: hunter2", (2, 11), "not a pbkdf2_sha256 hash", "pin_hash", None),
    ("pin_hash: 'pbkdf2_sha256$999999999$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=='", (2, 11),
     "iterations", "pin_hash", None),
    ("opening_hours: 9-5", (2, 16), "expected days with hours", "opening_hours", {}),
    ("renderer: opengl", (2, 11), "renderer: 'opengl' is not allowed", "renderer", "auto"),
])
def test_a_bad_value_is_located_and_gets_its_default_only(
    config: Path, line: str, where: tuple[int, int], message: str, field: str, default: object
) -> None:
    result = load_settings(write(config, f"statistics: false\n{line}\ncursor: on-move\n"
                                 if field not in ("statistics", "cursor") else
                                 f"screen: 2\n{line}\nrotation: 180\n"))
    [problem] = result.problems
    assert (problem.line, problem.column) == where
    assert problem.is_error
    assert message in problem.message
    assert problem.format().startswith(f"{config}:{where[0]}:{where[1]}: error: ")
    assert getattr(result.settings, field) == default
    # the good lines around the bad one still apply
    if field in ("statistics", "cursor"):
        assert (result.settings.screen, result.settings.rotation) == (2, 180)
    else:
        assert (result.settings.statistics, result.settings.cursor) == (False, "show-on-move")


def test_unknown_setting_suggests_the_right_name(config: Path) -> None:
    result = load_settings(write(config, "rotation: 180\nidle_timout_s: 30\n"))
    [problem] = result.problems
    assert (problem.line, problem.column) == (2, 1)
    assert "unknown setting 'idle_timout_s'" in problem.message
    assert "did you mean 'idle_timeout_s'?" in problem.hint
    assert result.settings.rotation == 180


def test_one_bad_day_is_ignored_and_the_others_apply(config: Path) -> None:
    result = load_settings(write(config, """
        opening_hours:
          daily: "09:00-18:00"
          tue: "25:00-10:00"
          funday: "10:00-11:00"
          fri: "10:00-22:00"
    """))
    problems = {(p.line, p.column): p for p in result.problems}
    assert set(problems) == {(3, 8), (4, 3)}
    assert "not a time of day" in problems[(3, 8)].message
    assert "the daily hours apply" in problems[(3, 8)].hint
    assert "'funday' is not a day" in problems[(4, 3)].message
    assert set(result.settings.opening_hours) == {"daily", "fri"}


@pytest.mark.parametrize(("text", "where", "message"), [
    ("rotation: [90\nscreen: 1\n", (1, 11), "YAML syntax"),
    ("\trotation: 90\n", (1, 1), "YAML syntax"),
    ("- rotation: 90\n", (1, 1), "must be a map"),
    ("rotation: 90\nrotation: 180\n", (2, 1), "given twice"),
])
def test_a_broken_file_still_gives_settings(
    config: Path, text: str, where: tuple[int, int], message: str
) -> None:
    config.write_text(text, encoding="utf-8")
    result = load_settings(config)
    assert result.errors
    problem = result.errors[0]
    assert (problem.line, problem.column) == where
    assert message in problem.message
    assert isinstance(result.settings, Settings)


def test_not_utf8_is_located(config: Path) -> None:
    config.write_bytes(b"rotation: 90\ncursor: \xff\n")
    [problem] = load_settings(config).problems
    assert (problem.line, problem.column) == (2, 9)
    assert "not UTF-8" in problem.message


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("abcdefghinorstuy_:-[]{}'\",\n 0123456789#&*!|>")),
               max_size=200))
def test_any_text_gives_settings_and_never_raises(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_settings(path)
    assert isinstance(result.settings, Settings)
    for problem in result.problems:
        assert problem.format().startswith(f"{path}:")


# --- opening hours ----------------------------------------------------------------------


def hours(**days: str) -> Settings:
    return Settings.model_validate({"opening_hours": days})


@pytest.mark.parametrize(("when", "expected"), [
    ("2024-01-01 10:00", False),  # Monday: closed
    ("2024-01-02 08:59", False),  # Tuesday: daily hours
    ("2024-01-02 09:00", True),
    ("2024-01-02 17:59", True),
    ("2024-01-02 18:00", False),
    ("2024-01-05 23:30", True),   # Friday 22:00-02:00
    ("2024-01-06 01:59", True),   # ... runs into Saturday
    ("2024-01-06 02:00", False),
    ("2024-01-06 09:30", True),   # Saturday's own (daily) hours
    ("2024-01-07 12:30", False),  # Sunday: lunch break
    ("2024-01-07 13:30", True),
])
def test_opening_hours(when: str, expected: bool) -> None:
    s = hours(daily="09:00-18:00", mon="closed", fri="22:00-02:00",
              sun="10:00-12:00, 13:00-24:00")
    assert is_open(s.opening_hours, datetime.fromisoformat(when)) is expected


def test_no_opening_hours_means_always_open_and_unnamed_days_without_daily_too() -> None:
    assert is_open(Settings().opening_hours, datetime(2024, 1, 1, 3, 0))
    only_monday = hours(mon="09:00-10:00")
    assert not is_open(only_monday.opening_hours, datetime(2024, 1, 1, 11, 0))
    assert is_open(only_monday.opening_hours, datetime(2024, 1, 2, 3, 0))


# --- the PIN ---------------------------------------------------------------------------


def test_set_pin_on_a_new_file_stores_only_a_slow_salted_hash(config: Path) -> None:
    set_pin(config, "4711")
    text = config.read_text()
    assert "4711" not in text
    loaded = load_settings(config)
    assert loaded.problems == ()
    stored = loaded.settings.pin_hash
    assert stored is not None
    scheme, iterations, salt, digest = stored.split("$")
    assert scheme == "pbkdf2_sha256" and int(iterations) >= 200_000
    assert len(base64.b64decode(salt)) >= 16 and len(base64.b64decode(digest)) == 32
    assert verify_pin(loaded.settings.pin_hash, "4711")
    assert not verify_pin(loaded.settings.pin_hash, "4712")
    assert not verify_pin(loaded.settings.pin_hash, "")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    set_pin(config, "4711")
    assert load_settings(config).settings.pin_hash != stored  # a new salt every time


def test_set_pin_keeps_every_other_line(config: Path) -> None:
    write(config, GOOD + "    pin_hash: 'old'\n    # the end\n")
    before = config.read_text().splitlines()
    set_pin(config, "12345678")
    after = config.read_text().splitlines()
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith('pin_hash: "pbkdf2_sha256$')
    result = load_settings(config)
    assert result.problems == ()
    assert result.settings.rotation == 90 and verify_pin(result.settings.pin_hash, "12345678")


def test_set_pin_on_flow_style_file_keeps_the_values(config: Path) -> None:
    config.write_text("{rotation: 270, cursor: on-move}\n")
    set_pin(config, "0000")
    result = load_settings(config)
    assert result.problems == ()
    assert (result.settings.rotation, result.settings.cursor) == (270, "show-on-move")
    assert verify_pin(result.settings.pin_hash, "0000")


@pytest.mark.parametrize("pin", ["123", "123456789", "abcd", "12 34", "١٢٣٤", "1234\n", ""])
def test_a_pin_must_be_4_to_8_ascii_digits(config: Path, pin: str) -> None:
    with pytest.raises(settings.SettingsError, match="4 to 8 digits"):
        set_pin(config, pin)
    assert not config.exists()


def test_set_pin_refuses_to_touch_a_broken_file(config: Path) -> None:
    config.write_text("rotation: [90\n")
    with pytest.raises(settings.SettingsError, match=r"settings.yaml:1:11: .*fix the settings file first"):
        set_pin(config, "1234")
    assert config.read_text() == "rotation: [90\n"


def test_no_pin_or_a_damaged_one_never_verifies(config: Path) -> None:
    assert not verify_pin(Settings().pin_hash, "1234")
    assert not verify_pin("pbkdf2_sha256$300000$!!$??", "1234")
    hashed = hash_pin("1234", iterations=200_000)
    assert verify_pin(hashed, "1234")
    assert not verify_pin(hashed, "١٢٣٤")


# --- helpers for the Qt side ----------------------------------------------------------------


@pytest.mark.parametrize(("written", "policy"), [
    ("hidden", "hidden"), ("on-move", "show-on-move"), ("show-on-move", "show-on-move"),
    ("visible", "visible"),
])
def test_cursor_values_are_the_lockdown_policies(config: Path, written: str, policy: str) -> None:
    result = load_settings(write(config, f"cursor: {written}\n"))
    assert result.problems == () and result.settings.cursor == policy


def test_order_languages() -> None:
    assert settings.order_languages(["en", "az", "ru"], ["ru", "fr", "az"]) == ("ru", "az", "en")
    assert settings.order_languages(["en", "az"], []) == ("en", "az")


def test_stand_location(tmp_path: Path, sample_stand: Path) -> None:
    lib = tmp_path / "lib"
    source = tmp_path / "khojaly-31"
    shutil.copytree(sample_stand, source)
    version = library.import_stand(source, lib, load_stand)
    assert settings.stand_location(Settings(stand="khojaly-31"), lib) == version.folder
    assert settings.stand_location(Settings(stand="./here"), lib, base=tmp_path) == tmp_path / "here"
    assert settings.stand_location(Settings(stand="/abs/x")) == Path("/abs/x")
    assert settings.stand_location(Settings()) is None
    with pytest.raises(library.LibraryError):
        settings.stand_location(Settings(stand="other"), lib)


def _yaml_block(text: str, after: str) -> str:
    start = text.index("```yaml", text.index(after)) + len("```yaml")
    return text[start:text.index("```", start)]


@pytest.mark.parametrize("where", ["module", "staff guide"])
def test_every_setting_is_shown_where_staff_and_technicians_read_them(
        config: Path, where: str) -> None:
    """The example in the settings module's docstring and the staff guide's name every field
    of Settings, and each loads as it stands: a new setting cannot go undocumented."""
    root = Path(__file__).resolve().parents[1]
    if where == "module":
        block = _yaml_block(settings.__doc__ or "", "Device settings")
    else:
        block = _yaml_block((root / "docs" / "staff-guide.md").read_text(encoding="utf-8"),
                            "## 6. The settings file")
    named = {line.split(":", 1)[0] for line in block.splitlines()
             if line and not line[0].isspace() and ":" in line}
    # (the staff guide leaves out the PIN's hash: `kiosk set-pin` writes it, never a person)
    wanted = set(Settings.field_names()) - ({"pin_hash"} if where == "staff guide" else set())
    assert wanted <= named, wanted - named
    config.write_text(block.replace('"pbkdf2_sha256$..."', "null"), encoding="utf-8")
    loaded = load_settings(config)
    assert [p for p in loaded.problems if "pin_hash" not in str(p)] == []
