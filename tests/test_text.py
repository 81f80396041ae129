"""Text a visitor can read and the screen can lay out, numbers it can show, and problems a
terminal prints safely (issue 11: classes 2, 4, 5 and 7)."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cli import commands as cli
from kiosk.content import LoadResult, Severity, load_stand
from kiosk.content.glyphs import FontError, bundled, font_characters
from kiosk.content.model import MAX_NUMBER
from kiosk.content.plain import MAX_RUN, MAX_SHOWN, Text, shown
from kiosk.content.problems import (
    UNSAFE_CHARACTERS,
    PrintableFormatter,
    Problem,
    printable,
    printable_lines,
)
from kiosk.content.textcheck import (
    MAX_LENGTH,
    MAX_MARKS,
    MAX_MARKS_REFUSED,
    WARN_RUN,
    check_text,
)
from kiosk.paths import FONTS_DIR
from kiosk.visit.present import LARGEST_EXACT, PlainFormats, Presenter
from tests.stands import MINIMAL, at, check, edit, find, write_stand

ERROR, WARNING = Severity.ERROR, Severity.WARNING
Load = Callable[[str], LoadResult]


@pytest.fixture
def load(tmp_path: Path) -> Load:
    def _load(text: str) -> LoadResult:
        return load_stand(write_stand(tmp_path / "stand", text))

    return _load


def with_body(body: str) -> str:
    return edit(MINIMAL, "body: Some text.", f"body: {body}")


def messages(result: LoadResult) -> list[str]:
    return [p.format() for p in result.problems]


# --- class 2: layout cost -----------------------------------------------------------------


def test_a_million_letter_word_is_refused_quickly(load: Load) -> None:
    text = with_body("x" * 1_000_000)
    started = time.monotonic()
    result = load(text)
    elapsed = time.monotonic() - started
    assert elapsed < 2.0, elapsed
    assert result.stand is None
    line, column = at(text, "xxx")
    check(find(result, "characters long"), line, column, ERROR, "1,000,000 characters long",
          "shorten it")
    check(find(result, "with no space"), line, column, ERROR, "1,000,000 characters with no "
          "space", "add spaces")


def test_an_unbroken_run_is_a_warning_then_an_error(load: Load) -> None:
    fits = load(with_body("word " + "x" * WARN_RUN))
    assert fits.problems == ()
    long_text = with_body("word " + "x" * (WARN_RUN + 1))
    long = load(long_text)
    check(find(long, "no space"), *at(long_text, "xxx"), WARNING,
          f"{WARN_RUN + 1} characters with no space: the screen breaks it")
    assert long.ok  # a warning: the stand is shown
    too_long = load(with_body("word " + "x" * (MAX_RUN + 1)))
    assert find(too_long, "no space").severity is ERROR and not too_long.ok


@pytest.mark.parametrize("joint", ["\u00a0", "\u202f", "\u2007", "\u2011"])
def test_no_break_spaces_and_hyphens_do_not_part_a_run(load: Load, joint: str) -> None:
    """Qt does not wrap at a no-break space or hyphen: words joined by them are one run."""
    words = joint.join(["remembrance"] * 6)  # 66 characters and more, no place to break
    assert find(load(with_body(f"word {words}")), "no space").severity is WARNING
    assert load(with_body("word " + " ".join(["remembrance"] * 6))).problems == ()


def test_web_addresses_are_held_only_to_the_hard_limit(load: Load) -> None:
    url = "https://example.org/" + "a" * 100
    assert load(with_body(f"See {url} for more.")).problems == ()
    assert not load(with_body(f"See {url + 'b' * MAX_RUN}.")).ok


def test_breaks_count_where_a_line_can_break(load: Load) -> None:
    hyphenated = "-".join(["x" * 50] * 10)  # 509 characters, a break every 51
    assert load(with_body(hyphenated)).problems == ()
    chinese = "中文" * 300  # no spaces, but a line breaks between any two ideographs
    result = load(with_body(chinese))
    assert not result.errors, messages(result)


@pytest.mark.parametrize("field", ["body", "heading", "title"])
def test_every_field_has_a_length_limit(load: Load, field: str) -> None:
    limit = MAX_LENGTH[field]
    words = ("word " * limit)[:limit].strip()
    target = {"body": "body: Some text.", "heading": "heading: One", "title": "title: Story"}[field]
    accepted = load(edit(MINIMAL, target, f"{target.split(':')[0]}: {words}"))
    assert not accepted.errors, messages(accepted)
    refused = load(edit(MINIMAL, target, f"{target.split(':')[0]}: {words} more"))
    line, column = at(MINIMAL, target)
    check(find(refused, "characters long"), line, column + len(target.split(":")[0]) + 2, ERROR,
          f"a {field} may have at most {limit:,}")


def test_a_source_url_is_bounded_for_its_qr_code_but_not_held_to_word_runs(load: Load) -> None:
    text = MINIMAL + "sources:\n  - id: s\n    title: S\n    url: URL\n"
    text = edit(text, "body: Some text.", "body: Some text.\n        source: s")
    long_address = "https://example.org/" + "a" * 400
    assert load(text.replace("URL", long_address)).problems == ()
    too_long = text.replace("URL", long_address + "b" * 100)
    check(find(load(too_long), "characters long"), *at(too_long, "https"), ERROR,
          f"a url may have at most {MAX_LENGTH['url']}")


@pytest.mark.parametrize("address", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
                                     "www.example.org", "https://", "https://exa mple.org",
                                     "https://example.org/\x1b[31m"])
def test_a_source_url_that_no_phone_should_open_is_refused_at_its_line(load: Load, address: str) -> None:
    text = MINIMAL + "sources:\n  - id: s\n    title: S\n    url: URL\n"
    text = edit(text, "body: Some text.", "body: Some text.\n        source: s")
    assert load(text.replace("URL", "HTTP://Example.org/a?b=c#d")).problems == ()
    bad = text.replace("URL", json.dumps(address))
    check(find(load(bad), "web address"), *at(bad, json.dumps(address)), ERROR, "https://")


def test_a_number_written_as_a_text_is_held_to_the_same_limits(load: Load) -> None:
    text = edit(MINIMAL, "heading: One", "heading: " + "9" * 600)
    assert find(load(text), "characters long").is_error
    assert load(edit(MINIMAL, "heading: One", "heading: 1905")).problems == ()


def test_shown_bounds_what_the_screen_lays_out() -> None:
    assert shown("plain words") == "plain words"
    accepted = ("x" * MAX_RUN + " ") * 10
    assert shown(accepted) == accepted  # what validation accepts is shown as it is
    huge = shown("x" * 1_000_000)
    assert len(huge) < MAX_SHOWN * 1.02
    assert max(len(run) for run in re.split(r"[\s\u200b]", huge)) <= 100
    assert shown("中" * 5000) == "中" * 5000  # breakable everywhere already


def test_presenter_rows_are_bounded_even_for_a_stand_that_skipped_validation(
    load: Load,
) -> None:
    result = load(MINIMAL)
    assert result.stand is not None
    section = result.stand.panels[0].sections[0]  # type: ignore[union-attr]
    unchecked = section.model_copy(update={"body": Text.same("y" * 2_000_000),
                                           "heading": Text.same("z" * 500_000)})
    view = Presenter(result.stand, result.folder, "en", PlainFormats())
    started = time.monotonic()
    row = view.section(unchecked)
    assert time.monotonic() - started < 0.5
    for text in [row["heading"], *row["paragraphs"]]:
        assert len(text) <= MAX_SHOWN * 1.02
        assert max(len(run) for run in text.split("\u200b")) <= MAX_RUN


# --- class 4: terminal escapes ------------------------------------------------------------

ESCAPES = """\
format: 1
id: mini
languages: [en]
title: "Mini\\e[2J\\e]0;pwned\\a"
panels:
  - id: story
    kind: background
    title: Story
    "colour\\e[31m": red
    sections:
      - heading: One
        body: Some text.
        source: "\\e[1Avalid\\x9b"
"""


def test_escapes_in_keys_and_values_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_stand(tmp_path / "stand", ESCAPES)
    (folder / "media").mkdir()
    (folder / "media" / "\x1b[2Jx.png").write_bytes(b"not used")
    assert cli.main(["validate", str(folder)]) == cli.EXIT_INVALID
    out = capsys.readouterr()
    assert "colour\\x1b[31m" in out.out and "\\x1b[1Avalid\\x9b" in out.out
    assert "\\x1b[2Jx.png" in out.out  # a file's name is the stand's too
    assert not UNSAFE_CHARACTERS.search(out.out.replace("\n", "")), out.out
    assert not UNSAFE_CHARACTERS.search(out.err.replace("\n", ""))
    assert cli.main(["validate", "--json", str(folder)]) == cli.EXIT_INVALID
    raw = capsys.readouterr().out
    assert not UNSAFE_CHARACTERS.search(raw.replace("\n", ""))
    problems = json.loads(raw)
    assert any("colour\\x1b[31m" in p["message"] for p in problems)
    for problem in problems:  # decoded, still no control character
        assert not any(UNSAFE_CHARACTERS.search(str(v)) for v in problem.values()), problem


def test_a_folder_named_with_escapes_never_reaches_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the summary line and what import prints name the folder: a USB stick's name is content
    folder = write_stand(tmp_path / "stick\x1b]0;owned\x07\x1b[2J\u202e\x9b", MINIMAL)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert cli.main(["validate", str(folder)]) == 0
    assert cli.main(["import", str(folder)]) == 0
    out = capsys.readouterr()
    assert "stick\\u001b]0;owned\\u0007\\u001b[2J\\u202e\\u009b: valid" in out.out + out.err
    for stream in (out.out, out.err):
        assert not UNSAFE_CHARACTERS.search(stream.replace("\n", "")), stream
    assert cli.main(["list", "--json"]) == 0  # JSON stays JSON
    json.loads(capsys.readouterr().out)


def test_log_lines_quote_names_escaped() -> None:
    record = logging.LogRecord("kiosk", logging.INFO, __file__, 1, "from %s", ("a\x1b[2J\u202eb",),
                               None)
    line = PrintableFormatter("%(levelname)s %(message)s").format(record)
    assert line == "INFO from a\\u001b[2J\\u202eb"
    assert printable_lines("line\n\tnext\r") == "line\n\tnext\\u000d"


def test_printable_escapes_controls_bidi_and_surrogates_once() -> None:
    raw = "a\x00\x1b\x7f\x85\u202e\u2066\u2028\ud800\n\tb é Ж ا"
    safe = printable(raw)
    assert not UNSAFE_CHARACTERS.search(safe)
    assert safe.startswith("a\\x00\\x1b\\x7f\\x85\\u202e\\u2066\\u2028\\ud800\\x0a\\x09b")
    assert safe.endswith("é Ж ا")  # letters of any script stay as they are
    assert printable(safe) == safe
    problem = Problem(Path("stand.yaml"), 1, 1, ERROR, "'\x1b[2J'", "\x07")
    assert problem.format() == "stand.yaml:1:1: error: '\\x1b[2J' (\\x07)"


def test_nul_and_other_controls_in_text_are_refused_at_their_line(load: Load) -> None:
    text = edit(MINIMAL, "heading: One", 'heading: "One\\0two"')
    check(find(load(text), "control character"), *at(text, '"One'), ERROR,
          "U+0000 NULL", "delete it")
    carriage = edit(MINIMAL, "heading: One", 'heading: "One\\rtwo\\x01"')
    check(find(load(carriage), "control characters"), *at(carriage, '"One'), ERROR,
          "U+000D CARRIAGE RETURN")
    fine = edit(MINIMAL, "heading: One", 'heading: "One\\ntwo"')
    assert load(fine).problems == ()
    tab = edit(MINIMAL, "heading: One", 'heading: "One\\ttwo"')  # shown as a wide gap
    assert [p.severity for p in load(tab).problems] == [WARNING]


# --- class 5: numbers ---------------------------------------------------------------------


def with_figure(value: str, parts: str = "") -> str:
    return edit(MINIMAL, """\
    kind: background
    title: Story
    sections:
      - heading: One
        body: Some text.
""", f"""\
    kind: figures
    title: Numbers
    figures:
      - label: Killed
        value: {value}
{parts}""")


@pytest.mark.parametrize(("value", "phrase"), [
    ("9223372036854775808", "is too large"),
    (str(MAX_NUMBER + 1), "is too large"),
    ("9" * 4000, "a number of 4,000 digits is too large"),
    ("0" * 100 + "613", "a number of 103 digits, 100 of them zeros in front: write it as 613"),
    ("0" * 101, "a number of 101 digits, 100 of them zeros in front: write it as 0"),
    ("9" * 5000 + ".5", "a number of 5,001 digits is too large"),  # it said 'inf'
    ("!!float 1e999", "infinity or not-a-number"),
    (".inf", "infinity or not-a-number"),
    (".nan", "infinity or not-a-number"),
    ("613.0", "write the whole number without a decimal point: 613"),
    ("2.5", "expected a whole number, not 2.5"),
    ("-1", "cannot be negative"),
])
def test_numbers_out_of_range_are_refused(load: Load, value: str, phrase: str) -> None:
    text = with_figure(value)
    check(find(load(text), phrase), *at(text, value), ERROR, phrase)


@pytest.mark.parametrize("digits", ["\u0661\u0662\u0665\u0660\u0660",  # Arabic-Indic
                                    "\u06f1\u06f2\u06f5\u06f0\u06f0",  # Persian
                                    "\u0661\u0662\u066c\u0665\u0660\u0660",  # a separator
                                    "\uff11\uff12\uff15\uff10\uff10"])  # full width
def test_a_number_in_other_digits_is_refused_with_the_digits_to_write(
    load: Load, digits: str,
) -> None:
    text = with_figure(digits)
    check(find(load(text), "digits 0 to 9"), *at(text, digits), ERROR, "12500, not")


@pytest.mark.parametrize("digits", ["9" * 5000, "0" + "9" * 4999])
def test_a_number_too_long_to_read_is_refused_in_the_kiosks_words(load: Load, digits: str) -> None:
    # past Python's 4,300 digits it said "cannot read this value: Exceeds the limit (4300
    # digits) for integer string conversion ... use sys.set_int_max_str_digits()"; with a
    # leading zero, validation crashed
    text = with_figure(digits)
    result = load(text)
    check(find(result, "is too large"), *at(text, digits), ERROR,
          "a number of 5,000 digits is too large: numbers here go up to "
          "1,000,000,000,000,000 (a million billion)", "check the number against the source")
    assert len(result.errors) == 1 and "sys." not in result.errors[0].format()
    negative = with_figure("-" + digits)
    check(find(load(negative), "negative"), *at(negative, "-" + digits), ERROR,
          "a number here cannot be negative")
    title = edit(MINIMAL, "title: Mini", f"title: {digits}")  # as a text: shown as written
    check(find(load(title), "characters long"), *at(title, digits), ERROR,
          "this text is 5,000 characters long; a title may have at most 500")


def test_an_infinite_number_is_no_text(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", "title: !!float 1e999")
    check(find(load(text), "not a number a visitor can read"), *at(text, "!!float"), ERROR,
          "'inf'")


def test_a_group_total_is_bounded(load: Load) -> None:
    """The one number a group shows is the total the stand states: bounded like any other."""
    text = edit(MINIMAL, """\
    kind: background
    title: Story
    sections:
      - heading: One
        body: Some text.
""", f"""\
    kind: recognitions
    title: Who
    groups:
      - label: Parliaments
        total: {MAX_NUMBER + 1}
        entries:
          - {{name: A}}
""")
    result = load(text)
    assert not result.ok
    line, _column = at(text, "total:")
    assert [p.line for p in result.errors] == [line], [p.format() for p in result.problems]


def test_year_zero_is_no_date(load: Load) -> None:
    text = edit(MINIMAL, "heading: One", "heading: One\n        date: '0000-05'")
    assert "not a real date" in find(load(text), "date").message


@settings(max_examples=150, deadline=None)
@given(number=st.integers(-(10**20), 10**20) | st.integers(MAX_NUMBER - 2, MAX_NUMBER + 2))
def test_a_number_is_accepted_exactly_when_the_screen_can_show_it(
    tmp_path_factory: pytest.TempPathFactory, number: int
) -> None:
    folder = write_stand(tmp_path_factory.mktemp("n"), with_figure(str(number)))
    result = load_stand(folder)
    assert result.ok == (0 <= number <= MAX_NUMBER), messages(result)
    if result.stand is not None:
        row = Presenter(result.stand, folder, "en", PlainFormats()).rows(0)[0]
        assert row["value"] == number <= LARGEST_EXACT
        assert int(row["valueText"].replace(",", "")) == number


@settings(max_examples=100, deadline=None)
@given(number=st.integers(), language=st.sampled_from(["en", "ar", "ru", "az", "he", "fr"]))
def test_the_screen_formats_any_whole_number(
    qapp: object, sample_result: LoadResult, number: int, language: str
) -> None:
    from kiosk.ui.formats import LocaleFormats

    assert sample_result.stand is not None
    view = Presenter(sample_result.stand, sample_result.folder, language,
                     LocaleFormats(language))
    text = view.number(number)
    assert text and any(c.isdigit() for c in text)


# --- class 7: text a visitor can't read ---------------------------------------------------


def test_bidi_overrides_are_refused_and_embeddings_warned(load: Load) -> None:
    text = edit(MINIMAL, "heading: One", 'heading: "abc \\u202Edef"')
    check(find(load(text), "reverse order"), *at(text, '"abc'), ERROR, "U+202E RIGHT-TO-LEFT "
          "OVERRIDE")
    isolate = edit(MINIMAL, "heading: One", 'heading: "abc \\u2067def\\u2069"')
    check(find(load(isolate), "direction controls"), *at(isolate, '"abc'), WARNING,
          "U+2067 RIGHT-TO-LEFT ISOLATE")


def test_an_invisible_character_written_as_it_is_is_pointed_at(load: Load) -> None:
    # pasted into the file, it is invisible in an editor: the column is the character's own
    text = edit(MINIMAL, "body: Some text.", "body:\n          Some text,\n          then \u202eevil.")
    check(find(load(text), "reverse order"), *at(text, "\u202e"), ERROR, "U+202E")
    escaped = edit(MINIMAL, "heading: One", 'heading: "One \\u202Etwo"')  # an escape: the value
    check(find(load(escaped), "reverse order"), *at(escaped, '"One'), ERROR, "U+202E")


def test_a_text_of_invisible_characters_is_refused(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", 'title: "\\u200B\\u200D \\uFEFF"')
    check(find(load(text), "shows as blank"), *at(text, '"\\u200B'), ERROR,
          "U+200B ZERO WIDTH SPACE")
    joined = edit(MINIMAL, "title: Mini", 'title: "Mini\\u200D"')  # beside letters: fine
    assert load(joined).problems == ()


@pytest.mark.parametrize(("value", "phrase", "severity"), [
    ('"Close\\x1b[2J"', "control character", ERROR),
    ('"a \\u202Eb"', "reverse order", ERROR),
    ('"\\u200B\\u200B"', "shows as blank", ERROR),
    ('"a' + "\u0301" * 12 + '"', "combining marks", ERROR),
    ("W" * (WARN_RUN + 10), "with no space", WARNING),
    ('"Close \U0001F600"', "empty box", WARNING),
])
def test_the_stands_own_labels_are_held_to_the_text_checks(
    load: Load, value: str, phrase: str, severity: Severity
) -> None:
    # labels: {en: {close: ...}} are shown on the kiosk's buttons like any other text
    text = MINIMAL + f"labels:\n  en:\n    close: {value}\n"
    problem = find(load(text), phrase)
    assert (problem.severity, problem.line) == (severity, text.count("\n"))


@pytest.mark.parametrize(("written", "shown_as"), [
    ("0x10", "0x10"), ("0b11", "0b11"), ("1_000", "1_000"), ("3.10", "3.10"), ("012", "012"),
])
def test_a_number_written_as_a_title_shows_as_written(
    load: Load, written: str, shown_as: str
) -> None:
    result = load(edit(MINIMAL, "title: Mini", f"title: {written}"))
    assert result.stand is not None and result.stand.text(result.stand.title, "en") == shown_as


@pytest.mark.parametrize("written", ["0x10", "0b101", "1_000"])
def test_a_count_in_a_form_only_yaml_1_1_reads_is_refused(load: Load, written: str) -> None:
    text = edit(MINIMAL, "title: Mini", "title: Mini\nidle_timeout_s: " + written)
    assert written in find(load(text), written).message


def test_stacked_combining_marks_are_warned_of_then_refused(load: Load) -> None:
    vietnamese = edit(MINIMAL, "heading: One", "heading: Tiếng Việt ỗ")
    assert load(vietnamese).problems == ()
    assert not list(check_text("a" + "\u0301\u0302\u0303\u0304", "heading"))
    # fully pointed, cantillated Hebrew: shin, shin dot, dagesh, qamats, munah, meteg
    biblical = edit(MINIMAL, "heading: One", "heading: \u05e9\u05c1\u05bc\u05b8\u05a3\u05bd")
    check(find(load(biblical), "combining marks"), *at(biblical, "\u05c1"), WARNING,
          f"5 combining marks (accents); more than {MAX_MARKS} may touch")
    assert load(biblical).ok
    text = edit(MINIMAL, "heading: One", "heading: Z" + "\u0301" * (MAX_MARKS_REFUSED + 1) + "algo")
    check(find(load(text), "combining marks"), *at(text, "\u0301"), ERROR,
          f"{MAX_MARKS_REFUSED + 1} combining marks")
    escaped = edit(MINIMAL, "heading: One", 'heading: "Z' + "\\u0301" * 9 + 'algo"')
    check(find(load(escaped), "combining marks"), *at(escaped, '"Z'), ERROR, "9 combining")
    zalgo = edit(MINIMAL, "heading: One", "heading: " + "a" + "\u0301" * 5000)
    started = time.monotonic()
    result = load(zalgo)
    assert time.monotonic() - started < 1.0
    assert find(result, "combining marks").is_error
    for problem in result.problems:  # quoting the text does not stack marks on the terminal
        assert not re.search(f"\u0301{{{MAX_MARKS + 1}}}", problem.format()), problem.format()


def test_characters_without_a_font_are_warned_of(load: Load) -> None:
    text = edit(MINIMAL, "heading: One", "heading: Thanks 😀 🙏")
    check(find(load(text), "empty box"), *at(text, "😀"), WARNING,
          "U+1F600 GRINNING FACE", "emoji")
    scripts = edit(MINIMAL, "heading: One", "heading: Xocalı Ходжалы خوجالي חוג'אלי Ελλάδα €")
    assert load(scripts).problems == ()


def test_characters_without_a_font_are_warned_of_once_for_all_the_texts_of_a_language(
    load: Load,
) -> None:
    """A Hindi stand had 45 warnings, one for each text: one cause (then no font for Devanagari;
    Bengali has none)
    is named once, with every character missing, the number of texts and the first place."""
    text = edit(MINIMAL, "languages: [en]", "languages: [en, bn]")
    text = edit(text, "title: Mini", "title: {en: Mini, bn: সংগ্রহশালা}")
    text = edit(text, "    title: Story", "    title: {en: Story, bn: ইতিহাস}")
    text = edit(text, "heading: One", "heading: {en: One, bn: স্মারক, en-GB: Thanks 😀}")
    text = edit(text, "body: Some text.", "body: Some text 🙏.") + "labels:\n  bn: {close: বন্ধ}\n"
    result = load(text)
    unfonted = [p for p in result.problems if "no font of the kiosk" in p.message]
    assert len(unfonted) == 3, messages(result)  # bn; en-GB; the text every language shows
    hindi = find(result, "in 4 'bn' texts")
    check(hindi, *at(text, "সংগ্রহশালা"), WARNING, "(the first is here): visitors see an empty box",
          "remove them or say it in words")
    every = sorted(set("সংগ্রহশালাইতিহাসস্মারকবন্ধ") - bundled())
    assert every and f"and {len(every) - 3} more" in hindi.message  # all of them, counted
    assert hindi.message.startswith("no font of the kiosk has U+0982 BENGALI SIGN ANUSVARA, ")
    # alone in its language, a text's warning is as it was
    check(find(result, "U+1F600"), *at(text, "😀"), WARNING,
          "no font of the kiosk has U+1F600 GRINNING FACE: visitors see an empty box")
    check(find(result, "U+1F64F"), *at(text, "🙏"), WARNING, "U+1F64F PERSON WITH FOLDED HANDS")


def test_a_text_of_many_different_characters_is_judged_quickly(load: Load) -> None:
    many = "".join(chr(code) for code in range(0x20000, 0x20000 + 300_000))
    text = edit(MINIMAL, "heading: One", "heading: " + many)
    started = time.monotonic()
    result = load(text)
    assert time.monotonic() - started < 1.5
    assert find(result, "characters long").is_error
    assert "and 497 more" in find(result, "empty box").message  # of the first 500


def test_the_font_reader_agrees_with_qt(qapp: object) -> None:
    from PySide6.QtGui import QRawFont

    files = sorted(FONTS_DIR.glob("*.[ot]tf"))  # the Chinese subset is OpenType (CFF)
    assert files
    union: set[str] = set()
    for file in files:
        data = file.read_bytes()
        mine = font_characters(data)
        raw = QRawFont(data, 20)
        assert raw.isValid()
        probe = sorted(mine)[::7] + list(range(0x1F600, 0x1F610)) + [0x4E2D, 0x0E01, 0x10FFFF]
        for code in probe:
            assert (code in mine) == raw.supportsCharacter(code), (file.name, hex(code))
        union |= {chr(c) for c in mine}
    assert bundled() == frozenset(union)


def test_a_damaged_font_is_said_so() -> None:
    data = (FONTS_DIR / "NotoSansHebrew-Regular.ttf").read_bytes()
    with pytest.raises(FontError):
        font_characters(data[:200])
    with pytest.raises(FontError):
        font_characters(b"\x00\x01\x00\x00\x00\x00" + b"\x00" * 20)


# --- the screen, end to end ---------------------------------------------------------------

WORST_ACCEPTED = f"""\
format: 1
id: worst
languages: [en]
title: {"T" * 60} {"t" * 60}
panels:
  - id: story
    kind: background
    title: Story
    sections:
      - heading: {("h" * 190 + " ") * 2}
        body: {("x" * MAX_RUN + " ") * 48}
  - id: numbers
    kind: figures
    title: Numbers
    figures:
      - label: Largest
        value: {MAX_NUMBER}
        parts:
          - {{label: Part, value: {MAX_NUMBER - 1}}}
"""


def test_the_longest_runs_accepted_render_in_bounded_time(
    qapp: object, tmp_path: Path
) -> None:
    from PySide6.QtGui import QImage

    from kiosk.ui.snapshot import render_snapshots
    from tests.test_snapshot import ink

    result = load_stand(write_stand(tmp_path / "stand", WORST_ACCEPTED))
    assert result.ok, messages(result)
    started = time.monotonic()
    written = render_snapshots(result, tmp_path / "shots", language="en")
    assert time.monotonic() - started < 20
    figures = QImage(str(tmp_path / "shots" / "numbers-en.png"))
    assert ink(figures) > 0.01, "the figures panel is blank"
    assert len(written) == 3


def test_the_largest_number_shows_whole_on_its_card(qapp: object, tmp_path: Path) -> None:
    from kiosk.ui.app import Kiosk, register_fonts
    from tests.uidriver import find_all, settle

    result = load_stand(write_stand(tmp_path / "stand", WORST_ACCEPTED))
    register_fonts()
    instance = Kiosk(result, idle_timeout=60)
    try:
        instance.window.resize(1920, 1080)
        instance.window.show()
        instance.controller.activity()
        instance.controller.goTo(1)
        settle(1800)  # the count-up animation ends on the number itself
        numbers = [item for item in find_all(instance.window, "number") if item.isVisible()]
        assert [item.property("text") for item in numbers] == [f"{MAX_NUMBER:,}"]
        assert numbers[0].property("contentWidth") <= numbers[0].width()
        card = numbers[0].parentItem().parentItem()  # counts up to its value: not 32 bits
        assert card.property("value") == MAX_NUMBER
    finally:
        instance.window.close()
        instance.engine.deleteLater()


def test_a_tab_or_a_unicode_line_separator_is_a_warning(load: Load) -> None:
    """A tab shows as a wide gap; U+2028/U+2029 break the line or vanish, joining the words
    on either side ('sep\\u2029para' showed as 'seppara')."""
    tab = load(with_body('"Memory\\tand remembrance"'))
    assert "a tab" in find(tab, "tab").message and find(tab, "tab").severity is WARNING
    for separator in ("\\u2028", "\\u2029"):
        text = with_body(f'"Memory{separator}and remembrance"')
        problem = find(load(text), "breaks the line there")
        assert problem.severity is WARNING and "new line" in problem.hint
