"""Validation of whole stands: every broken stand names the exact place and says what is wrong.

Each test writes one stand into a temporary folder and checks the problem's line, column,
severity and the key words of its message (and hint, where the hint is the point).
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli import commands as cli
from kiosk.content import LoadResult, Severity, load_stand
from kiosk.content.model import is_rtl
from kiosk.ui.imaging import qt_decode
from tests.stands import (
    FULL,
    MINIMAL,
    at,
    check,
    edit,
    find,
    full_media,
    jpeg,
    line_of,
    only,
    png,
    png_bomb,
    svg,
    write_stand,
)

ERROR, WARNING = Severity.ERROR, Severity.WARNING
Load = Callable[..., LoadResult]


@pytest.fixture
def load(tmp_path: Path) -> Load:
    """Write a stand into tmp_path/stand and load it with the Qt decoder."""

    def _load(
        text: str | bytes, files: dict[str, bytes] | None = None, decoder: object = qt_decode
    ) -> LoadResult:
        folder = write_stand(tmp_path / "stand", text, files)
        return load_stand(folder, decoder=decoder)  # type: ignore[arg-type]

    return _load


def load_full(load: Load, text: str, files: dict[str, bytes] | None = None) -> LoadResult:
    return load(text, full_media() if files is None else files)


def assert_rejected(result: LoadResult) -> None:
    assert not result.ok
    assert result.stand is None
    assert result.errors


# --- the stands that pass -----------------------------------------------------------------


def test_minimal_stand_is_valid_without_warnings(load: Load) -> None:
    result = load(MINIMAL)
    assert result.problems == ()
    assert result.ok and result.stand is not None
    assert result.stand.id == "mini"


def test_bare_string_texts_mean_every_language(load: Load) -> None:
    stand = load(edit(MINIMAL, "languages: [en]", "languages: [en, az, ru]")).stand
    assert stand is not None
    assert stand.title.is_universal
    assert [stand.text(stand.title, lang) for lang in ("en", "az", "ru")] == ["Mini"] * 3


def test_full_stand_is_valid_and_reads_every_field(load: Load) -> None:
    result = load_full(load, FULL)
    assert result.problems == ()
    stand = result.stand
    assert stand is not None
    assert [panel.kind for panel in stand.panels] == ["background", "figures", "recognitions", "remarks"]
    figure = stand.panels[1].figures[0]  # type: ignore[union-attr]
    assert (figure.value, [part.value for part in figure.parts]) == (613, [63, 106])
    assert stand.panels[0].sections[0].date == "1992-02"  # type: ignore[union-attr]
    assert stand.panels[3].remarks[0].sensitive is True  # type: ignore[union-attr]
    assert stand.source("src-one") is not None


def test_unquoted_full_date_is_a_date(load: Load) -> None:
    assert "date: 2023-02-26" in FULL  # YAML reads this as a date, not a string
    stand = load_full(load, FULL).stand
    assert stand is not None
    assert stand.panels[3].remarks[0].date == "2023-02-26"  # type: ignore[union-attr]


@pytest.mark.parametrize("date", ["1992", "'1992'", "1992-02", "'1992-02-26'", "1992-02-26"])
def test_every_date_form_is_accepted(load: Load, date: str) -> None:
    result = load_full(load, edit(FULL, 'date: "1992-02"', f"date: {date}"))
    assert result.problems == ()
    assert result.stand is not None
    assert result.stand.panels[0].sections[0].date == date.strip("'")  # type: ignore[union-attr]


def test_right_to_left_stand_in_arabic_hebrew_and_english(load: Load) -> None:
    text = """\
format: 1
id: rtl-stand
languages: [ar, he, en]
title: {ar: "معرض", he: "תערוכה", en: "Exhibition"}
panels:
  - id: words
    kind: remarks
    title: {ar: "تصريحات", he: "דברים", en: "Remarks"}
    remarks:
      - text: {ar: "السلام ممكن.", he: "שלום אפשרי.", en: "Peace is possible."}
        form: reported
        speaker: {ar: "المتحدث", he: "הדובר", en: "The speaker"}
"""
    result = load(text)
    assert result.problems == ()
    stand = result.stand
    assert stand is not None
    assert stand.languages == ("ar", "he", "en")
    assert [is_rtl(lang) for lang in stand.languages] == [True, True, False]
    assert stand.text(stand.title, "he") == "תערוכה"


def test_sample_stand_has_zero_problems(sample_stand: Path) -> None:
    result = load_stand(sample_stand, decoder=qt_decode)
    assert result.problems == ()
    assert result.ok


def test_sample_stand_loads_from_its_stand_yaml_path(sample_stand: Path) -> None:
    result = load_stand(sample_stand / "stand.yaml")
    assert result.ok and result.folder == sample_stand


# --- YAML --------------------------------------------------------------------------------


def test_tab_indentation(load: Load) -> None:
    text = edit(MINIMAL, "    kind: background", "\tkind: background")
    result = load(text)
    assert_rejected(result)
    check(only(result), line_of(text, "\tkind"), 1, ERROR, "YAML syntax", hint="spaces, not tabs")


def test_unclosed_quote_at_the_end_is_reported_where_it_opens(load: Load) -> None:
    text = MINIMAL + 'subtitle: "A stand\n'
    result = load(text)
    assert_rejected(result)
    check(only(result), *at(text, '"A stand'), ERROR, "YAML syntax", hint="never closed")


def test_unclosed_quote_that_runs_into_the_next_quote_is_reported_where_it_opens(load: Load) -> None:
    # the quote after Mini is missing: YAML reads on to the next '"', four lines down
    text = edit(MINIMAL, "title: Mini", 'title: "Mini') + 'subtitle: "A stand"\n'
    result = load(text)
    assert_rejected(result)
    check(only(result), *at(text, '"Mini'), ERROR, f"runs on to line {line_of(text, 'subtitle')}",
          hint="close the quote")


def test_unclosed_quote_inside_braces_is_reported_where_it_opens(load: Load) -> None:
    text = edit(FULL, 'headline: {en: "Welcome", az:', 'headline: {en: "Welcome, az:')
    result = load_full(load, text)
    assert_rejected(result)
    # the quote closes at the next '"' on the same line, so the line is right; the column is
    # where YAML noticed (the text after that quote)
    check(only(result), line_of(text, '"Welcome'), at(text, 'Xoş')[1], ERROR, "YAML syntax", hint="quotes")


def test_unclosed_quote_inside_braces_running_on_is_reported_where_it_opens(load: Load) -> None:
    text = edit(FULL, '{en: "Welcome", az: "Xoş gəlmisiniz"}', '{en: "Welcome}')
    result = load_full(load, text)
    check(only(result), *at(text, '"Welcome'), ERROR, "runs on to line", hint="close the quote")


def test_line_without_a_colon(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini\n", "title: Mini\nthis line is not a field\n")
    check(only(load(text)), line_of(text, "this line"), 1, ERROR, "could not find expected ':'",
          hint="every key ends with ':'")


def test_colon_inside_unquoted_text(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", "title: Khojaly: 31 years")
    check(only(load(text)), line_of(text, "Khojaly"), at(text, ": 31")[1], ERROR,
          "mapping values are not allowed", hint="in quotes")


def test_duplicate_key(load: Load) -> None:
    text = MINIMAL + "title: Again\n"
    result = load(text)
    assert_rejected(result)
    check(only(result), line_of(text, "title: Again"), 1, ERROR, "'title' is given twice")


def test_duplicate_key_in_a_nested_map(load: Load) -> None:
    text = edit(MINIMAL, "        body: Some text.\n", "        body: Some text.\n        heading: Two\n")
    check(only(load(text)), *at(text, "heading: Two"), ERROR, "'heading' is given twice")


def test_non_utf8_file_names_line_and_column(load: Load) -> None:
    text = edit(MINIMAL, "title: Story", "title: St\xffory")
    raw = text.encode("utf-8").replace("\xff".encode(), b"\xff")  # one byte that is not UTF-8
    line, column = at(text, "\xff")
    result = load(raw)
    assert_rejected(result)
    check(only(result), line, column, ERROR, "not UTF-8", hint="UTF-8")


def test_control_character_names_line_and_column(load: Load) -> None:
    text = edit(MINIMAL, "body: Some text.", "body: Some\x0ctext.")
    check(only(load(text)), *at(text, "\x0c"), ERROR, "U+000C is not allowed", hint="control character")


def test_line_numbers_ignore_unicode_line_separators(load: Load) -> None:
    # U+2028 pasted into a text is no line break in an editor, so it must not shift the lines
    text = edit(MINIMAL, "title: Mini", "title: 'Mini\u2028Stand'") + "colour: red\n"
    result = load(text)  # (and a warning of the separator, at its own line)
    check(find(result, "unknown field"), *at(text, "colour"), ERROR, "unknown field 'colour'")
    assert find(result, "LINE SEPARATOR").line == text.count("\n", 0, text.index("Mini")) + 1


def test_old_mac_line_ends_count_as_lines_and_are_warned_of(load: Load) -> None:
    # a file of CR line ends only was one line to validation: an error at 1:3418
    text = edit(MINIMAL, "title: Mini", "title: Mini\ncolour: red")
    result = load(text.replace("\n", "\r"))
    check(find(result, "unknown field"), *at(text, "colour"), ERROR, "unknown field 'colour'")
    check(find(result, "line ends"), 1, len("format: 1") + 1, WARNING,
          "stand.yaml has the line ends of old Macs (CR only): other programs may read it as "
          "one long line", "save it with LF line ends, as on Linux and macOS, or CRLF")
    assert len(result.problems) == 2
    assert load(text.replace("\n", "\r\n")).problems == load(text).problems  # CRLF is fine
    body = edit(MINIMAL, "body: Some text.", "body: Some 😀 text.")
    check(find(load(body.replace("\n", "\r")), "no font"), *at(body, "😀"), WARNING, "U+1F600")
    broken = edit(MINIMAL, "title: Story", "title: St\xffory")
    raw = broken.replace("\n", "\r").encode().replace("\xff".encode(), b"\xff")
    check(only(load(raw)), *at(broken, "\xff"), ERROR, "not UTF-8")


def test_a_second_document_is_reported_where_it_starts(load: Load) -> None:
    # PyYAML's words, joined backwards: "but found another document expected a single document"
    text = MINIMAL + "---\nid: other\n"
    check(only(load(text)), *at(text, "---"), ERROR,
          "YAML syntax: a second YAML document starts here; stand.yaml must be a single document",
          "remove this '---' line to join the two parts, or move what follows it into a stand "
          "of its own")


def test_a_document_end_line_with_more_after_it_is_reported_where_it_stands(load: Load) -> None:
    # PyYAML's own words, at the line after it: "expected '<document start>', but found
    # '<block mapping start>'"
    text = MINIMAL.replace("title: Mini\n", "title: Mini\n...\n# the panels\n")
    check(only(load(text)), *at(text, "..."), ERROR,
          "YAML syntax: this '...' line ends the YAML document, but stand.yaml goes on after it",
          "remove this '...' line: YAML reads nothing after it")
    assert load(MINIMAL + "...\n").problems == ()  # nothing after it: a valid end


def test_byte_order_mark_is_accepted(load: Load) -> None:
    assert load(b"\xef\xbb\xbf" + MINIMAL.encode()).problems == ()


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n- of things\n", "just words\n"])
def test_a_stand_must_be_a_map(load: Load, text: str) -> None:
    result = load(text)
    assert_rejected(result)
    check(only(result), 1, 1, ERROR, "must be a map of fields")


def test_alias_bomb_is_an_error_not_a_hang(load: Load) -> None:
    lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = MINIMAL + "\n".join(lines) + "\n"
    started = time.monotonic()
    result = load(text)
    assert time.monotonic() - started < 10
    assert_rejected(result)
    problem = only(result)
    check(problem, problem.line, None, ERROR, "too large (too many values or aliases)")
    assert line_of(text, "lol0") <= problem.line <= line_of(text, "lol9")


def test_alias_that_contains_itself_is_an_error(load: Load) -> None:
    text = MINIMAL + "loop: &loop [*loop]\n"
    check(only(load(text)), *at(text, "&loop"), ERROR, "refers to the value that contains it")


def test_deep_nesting_is_an_error_not_a_crash(load: Load) -> None:
    text = MINIMAL + "deep: " + "[" * 3000 + "]" * 3000 + "\n"
    result = load(text)
    assert_rejected(result)
    check(only(result), line_of(text, "deep:"), None, ERROR, "nested too deeply")


def test_python_tags_are_refused(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", "title: !!python/object/apply:os.getcwd x")
    problem = only(load(text))
    check(problem, *at(text, "!!python"), ERROR, "python/object/apply")
    assert "\n" not in problem.message


# --- fields ------------------------------------------------------------------------------


def test_unknown_field_with_did_you_mean(load: Load) -> None:
    text = edit(MINIMAL, "body: Some text.", "bdoy: Some text.")
    result = load(text)
    assert_rejected(result)
    check(only(result), *at(text, "bdoy"), ERROR, "unknown field 'bdoy'", hint="did you mean 'body'?")


def test_unknown_top_level_field_with_did_you_mean(load: Load) -> None:
    text = edit(MINIMAL, "languages:", "langauges:")
    result = load(text)
    check(find(result, "unknown field"), *at(text, "langauges"), ERROR, "'langauges'",
          hint="did you mean 'languages'?")
    check(find(result, "missing required field"), 1, 1, ERROR, "'languages'")


def test_missing_required_field_is_reported_at_its_parent(load: Load) -> None:
    text = edit(MINIMAL, "    title: Story\n", "")
    result = load(text)
    assert_rejected(result)
    check(only(result), *at(text, "id: story"), ERROR, "missing required field 'title'")


def test_missing_required_field_at_the_top(load: Load) -> None:
    text = edit(MINIMAL, "id: mini\n", "")
    check(only(load(text)), 1, 1, ERROR, "missing required field 'id'")


def test_missing_panel_kind(load: Load) -> None:
    text = edit(MINIMAL, "    kind: background\n", "")
    check(only(load(text)), *at(text, "id: story"), ERROR, "missing required field 'kind'",
          hint="background, figures, recognitions, remarks")


def test_missing_field_of_a_remark(load: Load) -> None:
    text = edit(FULL, "        form: quote\n", "")
    check(only(load_full(load, text)), *at(text, "text: {en: \"Peace"), ERROR,
          "missing required field 'form'")


def test_field_in_the_wrong_place_says_check_the_indentation(load: Load) -> None:
    # `sensitive` belongs to the section, but is indented under its image
    text = edit(FULL, 'credit: "Staff"}', 'credit: "Staff",\n                sensitive: true}')
    check(only(load_full(load, text)), *at(text, "sensitive: true}"), ERROR, "unknown field 'sensitive'",
          hint="check its indentation")


def test_list_where_text_is_expected(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", "title: [Mini, Stand]")
    check(only(load(text)), *at(text, "[Mini"), ERROR, "not a list")


def test_text_where_a_number_is_expected(load: Load) -> None:
    text = MINIMAL + "idle_timeout_s: soon\n"
    check(only(load(text)), *at(text, "soon"), ERROR, "expected a whole number")


def test_a_letter_typed_for_a_digit_is_pointed_out(load: Load) -> None:
    text = MINIMAL + "idle_timeout_s: 9O\n"
    check(only(load(text)), *at(text, "9O"), ERROR, "not '9O': check for letters")


def test_scalar_where_a_list_is_expected(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: en")
    check(only(load(text)), *at(text, "en\ntitle"), ERROR, "expected a list")


def test_empty_value_where_text_is_expected(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini\n", "title:\n")
    check(only(load(text)), line_of(text, "title:"), None, ERROR, "not nothing (an empty value)")


@pytest.mark.parametrize(
    ("written", "plain"), [("1,275", "1275"), ('"1 275"', "1275"), ("'12.345'", "12345")]
)
def test_number_with_separators_says_how_to_write_it(load: Load, written: str, plain: str) -> None:
    text = edit(FULL, "value: 613", f"value: {written}")
    problem = only(load_full(load, text))
    check(problem, *at(text, written), ERROR, "without separators")
    assert plain in problem.format()


def test_number_in_quotes(load: Load) -> None:
    text = edit(FULL, "value: 613", 'value: "613"')
    check(only(load_full(load, text)), *at(text, '"613"'), ERROR, "without quotes: 613")


def test_negative_number(load: Load) -> None:
    text = edit(FULL, "value: 63}", "value: -63}")
    check(only(load_full(load, text)), *at(text, "-63"), ERROR, "cannot be negative")


def test_fractional_number(load: Load) -> None:
    text = edit(FULL, "value: 613", "value: 61.3")
    check(only(load_full(load, text)), *at(text, "61.3"), ERROR, "not 61.3")


def test_count_of_zero_is_refused(load: Load) -> None:
    text = edit(FULL, "count: 22", "count: 0")
    line, column = at(text, "count: 0")
    check(only(load_full(load, text)), line, column + len("count: "), ERROR, "at least 1")


def test_idle_timeout_out_of_range(load: Load) -> None:
    text = edit(FULL, "idle_timeout_s: 90", "idle_timeout_s: 2")
    check(only(load_full(load, text)), *at(text, "2\npanels"), ERROR, "at least 5")


@pytest.mark.parametrize("value", ['"yes"', '"true"', "1", "sometimes"])
def test_sensitive_must_be_true_or_false(load: Load, value: str) -> None:
    text = edit(FULL, "sensitive: true", f"sensitive: {value}")
    line, column = at(text, "sensitive:")
    check(only(load_full(load, text)), line, column + len("sensitive: "), ERROR, "expected true or false")


@pytest.mark.parametrize("date", ['"2023-13"', "'2023-00'", '"2023-02-30"', "2023-02-30", "2023-13-01"])
def test_date_that_does_not_exist(load: Load, date: str) -> None:
    text = edit(FULL, 'date: "1992-02"', f"date: {date}")
    check(only(load_full(load, text)), *at(text, date), ERROR, "is not a real date")


def test_impossible_unquoted_date_does_not_hide_other_problems(load: Load) -> None:
    text = edit(FULL, "date: 2023-02-26", "date: 2023-02-30")
    text = edit(text, "count: 22", "count: 0")
    text = edit(text, "idle_timeout_s: 90", "idle_timeout_s: 1")
    result = load_full(load, text)
    assert sorted(p.line for p in result.errors) == [
        line_of(text, "idle_timeout_s"), line_of(text, "count: 0"), line_of(text, "2023-02-30"),
    ]
    assert "not a real date" in find(result, "2023-02-30").message


@pytest.mark.parametrize("date", ['"February 1992"', '"92-02"', '"1992/02"'])
def test_date_in_another_form(load: Load, date: str) -> None:
    text = edit(FULL, 'date: "1992-02"', f"date: {date}")
    check(only(load_full(load, text)), *at(text, date), ERROR, "YYYY, YYYY-MM or YYYY-MM-DD")


def test_unsupported_format_version(load: Load) -> None:
    text = edit(MINIMAL, "format: 1", "format: 2")
    result = load(text)
    assert_rejected(result)
    check(only(result), 1, 9, ERROR, "unsupported format version 2")


def test_missing_format_version(load: Load) -> None:
    check(only(load(edit(MINIMAL, "format: 1\n", ""))), 1, 1, ERROR, "missing required field 'format'")


@pytest.mark.parametrize("stand_id", ["Mini", "mini stand", "mini_stand", "'mini/../x'"])
def test_bad_stand_id(load: Load, stand_id: str) -> None:
    text = edit(MINIMAL, "id: mini", f"id: {stand_id}")
    check(only(load(text)), 2, 5, ERROR, "is not a valid id", )


def test_unknown_panel_kind(load: Load) -> None:
    text = edit(MINIMAL, "kind: background", "kind: timeline")
    check(only(load(text)), *at(text, "timeline"), ERROR, "unknown panel kind 'timeline'",
          hint="use one of: background, figures, recognitions, remarks")


def test_field_of_another_panel_kind(load: Load) -> None:
    text = edit(FULL, "    intro: {en: \"In figures.\"", "    sections: []\n    intro: {en: \"In figures.\"")
    check(only(load_full(load, text)), *at(text, "sections: []"), ERROR, "unknown field 'sections'")


def test_remark_form_must_be_quote_or_reported(load: Load) -> None:
    text = edit(FULL, "form: quote", "form: citation")
    check(only(load_full(load, text)), *at(text, "citation"), ERROR, "'citation' is not allowed",
          hint="'quote'")


def test_text_with_a_key_that_is_not_a_language(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", 'title: {english: "Mini"}')
    check(find(load(text), "not a language code"), *at(text, "{english"), ERROR, "'english'")


def test_norwegian_is_a_language_not_false(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [en, 'no']")
    text = edit(text, "title: Mini", "title: {en: Mini, no: Mini}")
    result = load(text)
    # the one thing said: the kiosk has no Norwegian labels of its own
    assert [p.message for p in result.problems] == [
        "the kiosk has no labels of its own in 'no': its buttons and notices (Source, Close, "
        "Show, ...) show in English"]
    assert result.stand is not None and result.stand.title["no"] == "Mini"


def test_unquoted_norwegian_in_languages_is_norwegian(load: Load) -> None:
    # YAML 1.1 reads a bare `no` as false; the kiosk reads it as the word, as YAML 1.2 does
    text = edit(MINIMAL, "languages: [en]", "languages: [en, no]")
    result = load(text)
    assert result.ok and result.stand is not None
    assert result.stand.languages == ("en", "no")


def test_true_or_false_is_not_a_language(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [en, false]")
    check(only(load(text)), *at(text, "false]"), ERROR, "true/false is not a language code")


@pytest.mark.parametrize(
    ("written", "shown"),
    [("10:30", "10:30"), ("Yes", "Yes"), ("off", "off"), ("0613", "0613"), ("1:30.5", "1:30.5")],
)
def test_plain_values_yaml_1_1_would_change_are_shown_as_written(
    load: Load, written: str, shown: str
) -> None:
    text = edit(MINIMAL, "title: Mini", f"title: {written}")
    result = load(text)
    assert result.ok and result.stand is not None, result.problems
    assert result.stand.text(result.stand.title, "en") == shown


@pytest.mark.parametrize(("written", "value"), [("0613", 613), ("00999", 999)])
def test_a_count_written_with_a_leading_zero_is_decimal(load: Load, written: str, value: int) -> None:
    # YAML 1.1 reads 0613 as the octal 395, and 00999 as a text
    text = edit(FULL, "value: 613", f"value: {written}")
    result = load_full(load, text)
    assert result.ok, result.problems
    assert result.stand is not None
    figure = result.stand.panels[1].figures[0]  # type: ignore[union-attr]
    assert figure.value == value


def test_ids_written_with_a_leading_zero_keep_their_digits(load: Load) -> None:
    # a number for YAML 1.2 (8), but an id is text: found by the fuzzer (`id: 08`)
    text = edit(MINIMAL, "id: mini", "id: 08")
    result = load(text)
    assert result.ok and result.stand is not None, result.problems
    assert result.stand.id == "08"


def test_no_languages(load: Load) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: []")
    check(only(load(text)), *at(text, "[]"), ERROR, "at least one")


def test_no_panels(load: Load) -> None:
    text = MINIMAL.split("panels:")[0] + "panels: []\n"
    check(only(load(text)), *at(text, "[]"), ERROR, "no panels")


# --- ids and references ------------------------------------------------------------------


def test_duplicate_panel_id(load: Load) -> None:
    text = edit(FULL, "id: numbers", "id: story")
    check(only(load_full(load, text)), *at(text, "story", nth=2), ERROR, "duplicate panel id 'story'")


def test_duplicate_source_id(load: Load) -> None:
    text = FULL + '  - id: src-one\n    title: {en: "Again", az: "Yenə"}\n'
    check(only(load_full(load, text)), *at(text, "src-one", nth=6), ERROR, "duplicate source id 'src-one'")


def test_duplicate_language(load: Load) -> None:
    text = edit(FULL, "languages: [en, az]", "languages: [en, az, en]")
    check(only(load_full(load, text)), *at(text, "en]"), ERROR, "duplicate language 'en'")


def test_source_that_names_no_source(load: Load) -> None:
    text = edit(FULL, "        source: src-one\n  - id: numbers", "        source: src-onw\n  - id: numbers")
    check(only(load_full(load, text)), *at(text, "src-onw"), ERROR, "source 'src-onw' is not defined",
          hint="did you mean 'src-one'?")


def test_source_without_any_sources(load: Load) -> None:
    text = edit(MINIMAL, "body: Some text.", "body: Some text.\n        source: article")
    check(only(load(text)), *at(text, "article"), ERROR, "source 'article' is not defined",
          hint="add it under 'sources:'")


def test_parts_adding_up_to_more_than_the_whole(load: Load) -> None:
    text = edit(FULL, "value: 106}", "value: 600}")
    check(only(load_full(load, text)), *at(text, "- {label: {en: \"Children\""), ERROR,
          "add up to 663, more than the whole (613)", hint="never more")


def test_negative_whole_with_parts_is_one_error(load: Load) -> None:
    text = edit(FULL, "value: 613", "value: -613")
    check(only(load_full(load, text)), *at(text, "-613"), ERROR, "cannot be negative")


def test_parts_adding_up_to_exactly_the_whole(load: Load) -> None:
    assert load_full(load, edit(FULL, "value: 106}", "value: 550}")).problems == ()


# --- media paths -------------------------------------------------------------------------


def image_error(result: LoadResult) -> tuple[int, int, str, str]:
    assert_rejected(result)
    assert len(result.errors) == 1, [p.format() for p in result.problems]
    problem = result.errors[0]
    return problem.line, problem.column, problem.message, problem.hint


@pytest.mark.parametrize(
    ("reference", "phrase"),
    [
        ("/etc/hostname", "is absolute"),
        ("media/../../outside.png", "leaves the stand folder"),
        ("../outside.png", "leaves the stand folder"),
        ('"media\\\\photo.png"', "uses a Windows path"),
        ("C:/photos/photo.png", "uses a Windows path"),
        ('"media/photo\\0.png"', "control character"),
    ],
)
def test_unsafe_media_path(load: Load, reference: str, phrase: str) -> None:
    text = edit(FULL, "file: media/photo.png", f"file: {reference}")
    line, column, message, _ = image_error(load_full(load, text))
    assert (line, column) == at(text, reference)
    assert phrase in message


def test_symbolic_link_leaving_the_stand(tmp_path: Path, load: Load) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(png(4, 4))
    media = {"media/attract.png": png(16, 9)}
    folder = write_stand(tmp_path / "stand", FULL, media)
    os.symlink(outside, folder / "media" / "photo.png")
    line, column, message, hint = image_error(load_stand(folder, decoder=qt_decode))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "link that leads out of the stand folder" in message
    assert "copy the file" in hint


def test_a_stand_yaml_that_is_a_link_out_of_the_stand_is_refused(tmp_path: Path) -> None:
    # import refused it and validation refused pictures that are links out; not stand.yaml
    (tmp_path / "elsewhere").mkdir()
    outside = write_stand(tmp_path / "elsewhere" / "x", MINIMAL) / "stand.yaml"
    folder = tmp_path / "stand"
    folder.mkdir()
    (folder / "stand.yaml").symlink_to(outside)
    result = load_stand(folder)
    assert [p.message for p in result.problems] == [
        "stand.yaml is a link that leads out of the stand folder"]
    inside = write_stand(tmp_path / "inside", MINIMAL)  # a link within the stand is fine
    (inside / "real.yaml").write_text(MINIMAL)
    (inside / "stand.yaml").unlink()
    (inside / "stand.yaml").symlink_to(inside / "real.yaml")
    assert load_stand(inside).problems == ()


def test_symbolic_link_inside_the_stand_is_fine(tmp_path: Path) -> None:
    files = {"media/attract.png": png(16, 9), "media/real.png": png(4, 4)}
    folder = write_stand(tmp_path / "stand", FULL, files)
    os.symlink(folder / "media" / "real.png", folder / "media" / "photo.png")
    assert load_stand(folder, decoder=qt_decode).problems == ()


def test_symbolic_link_loop(tmp_path: Path) -> None:
    folder = write_stand(tmp_path / "stand", FULL, {"media/attract.png": png(16, 9)})
    os.symlink(folder / "media" / "photo.png", folder / "media" / "photo.png")
    line, column, message, _ = image_error(load_stand(folder, decoder=qt_decode))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "cannot be resolved" in message


def test_missing_media_file_with_did_you_mean(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/photos.png")
    result = load_full(load, text)
    line, column, message, hint = image_error(result)
    assert (line, column) == at(text, "media/photos.png")
    assert "'media/photos.png' does not exist" in message
    assert hint == "did you mean 'media/photo.png'? If not, copy the file to 'media/photos.png'"
    unused = find(result, "not used")
    assert unused.file.name == "photo.png" and unused.severity is WARNING


def test_missing_media_file_differing_in_case(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/Photo.PNG")
    _, _, message, hint = image_error(load_full(load, text))
    assert "does not exist" in message
    assert "case-sensitive: the file is 'photo.png'" in hint


def test_missing_media_folder(load: Load) -> None:
    text = edit(MINIMAL, "title: Mini", "title: Mini\nattract: {image: pictures/a.png}")
    _, _, message, hint = image_error(load(text))
    assert "does not exist" in message
    assert "no folder 'pictures'" in hint


def test_media_path_that_is_a_folder(tmp_path: Path, load: Load) -> None:
    (tmp_path / "stand" / "media" / "photo.png").mkdir(parents=True)
    line, column, message, _ = image_error(load(FULL, {"media/attract.png": png(16, 9)}))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "is not a file" in message


def test_media_that_is_not_an_image_type(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/notes.txt")
    files = {"media/attract.png": png(16, 9), "media/notes.txt": b"hi"}
    _, _, message, _ = image_error(load_full(load, text, files))
    assert "is not a PNG, JPEG or SVG file" in message


# --- images ------------------------------------------------------------------------------


def photo(data: bytes, name: str = "media/photo.png") -> dict[str, bytes]:
    return {"media/attract.png": png(16, 9), name: data}


def test_zero_byte_image(load: Load) -> None:
    line, column, message, _ = image_error(load(FULL, photo(b"")))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "empty file" in message


def test_truncated_png(load: Load) -> None:
    data = png(64, 64, (10, 200, 90))
    line, column, message, hint = image_error(load(FULL, photo(data[: len(data) // 2])))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "cannot be decoded" in message
    assert "export it again" in hint


def test_png_cut_inside_its_header(load: Load) -> None:
    _, _, message, _ = image_error(load(FULL, photo(png(8, 8)[:20])))
    assert "damaged PNG" in message


def test_bit_flipped_png(load: Load) -> None:
    data = bytearray(png(64, 64, (10, 200, 90)))
    data[45] ^= 0x10  # inside the compressed pixels; the chunk's CRC no longer matches
    line, column, message, _ = image_error(load(FULL, photo(bytes(data))))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "cannot be decoded" in message


def test_garbage_after_a_png_signature(load: Load) -> None:
    data = png(8, 8)[:33] + bytes(range(256)) * 4
    _, _, message, _ = image_error(load(FULL, photo(data)))
    assert "cannot be decoded" in message


def test_png_named_jpg_is_a_warning(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/photo.jpg")
    result = load(text, photo(png(8, 6), "media/photo.jpg"))
    assert result.ok
    check(only(result), *at(text, "media/photo.jpg"), WARNING, "is a PNG file with a '.jpg' name",
          hint="rename it")


def test_decompression_bomb_is_refused_without_decoding(load: Load) -> None:
    bomb = png_bomb(50_000, 50_000)
    assert len(bomb) < 200
    decoded: list[Path] = []

    def decoder(path: Path, max_pixels: int) -> str | None:
        decoded.append(path)
        return qt_decode(path, max_pixels)

    line, column, message, _ = image_error(load(FULL, photo(bomb), decoder))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "50000x50000" in message and "too large" in message
    assert [path.name for path in decoded] == ["attract.png"]


def test_qt_decoder_refuses_a_bomb_itself() -> None:
    # the decoder is the second line of defence: it checks the size before allocating
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.png"
        path.write_bytes(png_bomb(20_000, 20_000))
        assert "too large" in (qt_decode(path, 40_000_000) or "")
        path.write_bytes(png(8, 8))
        assert qt_decode(path, 40_000_000) is None


@pytest.mark.parametrize("progressive", [False, True])
def test_jpeg_and_svg_images_are_shown(load: Load, progressive: bool) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/photo.jpg")
    text = edit(text, "image: media/attract.png", "image: media/attract.svg")
    files = {"media/photo.jpg": jpeg(120, 80, progressive=progressive), "media/attract.svg": svg(160, 90)}
    assert load(text, files).problems == ()


def test_truncated_jpeg(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/photo.jpg")
    data = jpeg(120, 80)
    line, column, message, _ = image_error(load(text, photo(data[: len(data) // 2], "media/photo.jpg")))
    assert (line, column) == at(text, "media/photo.jpg")
    assert "cannot be decoded" in message


def test_gif_is_not_shown(load: Load) -> None:
    gif = b"GIF89a\x08\x00\x08\x00\x80\x00\x00" + b"\x00" * 40
    line, column, message, hint = image_error(load(FULL, photo(gif)))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "'media/photo.png' is really a GIF picture with a '.png' name" in message
    assert "export it as JPEG (photos) or PNG (drawings)" in hint


@pytest.mark.parametrize(("data", "named"), [
    (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "WebP"),
    (b"BM" + b"\x00" * 60, "BMP"),
    (b"II*\x00\x08\x00\x00\x00" + b"\x00" * 40, "TIFF"),
    (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40, "HEIC"),
])
@pytest.mark.parametrize("name", ["media/photo.png", "media/photo.jpg"])
def test_a_format_the_kiosk_does_not_show_is_refused_whatever_its_name(
    load: Load, data: bytes, named: str, name: str
) -> None:
    text = edit(FULL, "file: media/photo.png", f"file: {name}")
    line, column, message, _ = image_error(load(text, photo(data, name)))
    assert (line, column) == at(text, name)
    assert f"is really a {named}" in message


def test_an_svg_with_a_picture_name_is_an_error(load: Load) -> None:
    line, column, message, hint = image_error(load(FULL, photo(svg(16, 9))))
    assert (line, column) == at(FULL, "media/photo.png")
    assert "is an SVG file with a '.png' name" in message
    assert hint == "rename it to end in .svg"


def test_a_png_with_an_svg_name_is_an_error(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/photo.svg")
    _, _, message, hint = image_error(load(text, photo(png(16, 9), "media/photo.svg")))
    assert "is a PNG file with a '.svg' name" in message
    assert hint == "rename it to end in .png"


def test_a_png_named_jpg_is_only_a_warning(load: Load) -> None:
    text = edit(FULL, "file: media/photo.png", "file: media/photo.jpg")
    result = load(text, photo(png(16, 9), "media/photo.jpg"))
    assert result.ok
    assert find(result, "is a PNG file with a '.jpg' name").severity is WARNING


# --- warnings ----------------------------------------------------------------------------


def test_missing_translation_is_a_warning(load: Load) -> None:
    text = edit(FULL, 'heading: {en: "One", az: "Bir"}', 'heading: {en: "One"}')
    result = load_full(load, text)
    assert result.ok
    check(only(result), *at(text, '{en: "One"}'), WARNING, "no 'az' text", )
    assert "see the 'en' text" in result.problems[0].message


def test_missing_text_in_the_first_language_names_what_is_shown(load: Load) -> None:
    text = edit(FULL, 'heading: {en: "One", az: "Bir"}', 'heading: {az: "Bir"}')
    problem = only(load_full(load, text))
    check(problem, *at(text, '{az: "Bir"}'), WARNING, "no 'en' text")
    assert "see the 'az' text" in problem.message


def test_text_in_a_language_the_stand_does_not_have(load: Load) -> None:
    text = edit(FULL, 'heading: {en: "One", az: "Bir"}', 'heading: {en: "One", az: "Bir", fr: "Un"}')
    result = load_full(load, text)
    assert result.ok
    check(only(result), *at(text, '"Un"'), WARNING, "'fr' is not one of the stand's languages",
          hint="add it to 'languages:'")


def test_empty_translation(load: Load) -> None:
    text = edit(FULL, 'heading: {en: "One", az: "Bir"}', 'heading: {en: "One", az: "  "}')
    check(only(load_full(load, text)), *at(text, '"  "'), WARNING, "the 'az' text is empty")


def test_unknown_icon_with_suggestion(load: Load) -> None:
    text = edit(FULL, "icon: fa5s.user", "icon: fa5s.usr")
    result = load_full(load, text)
    assert result.ok
    check(only(result), *at(text, "fa5s.usr"), WARNING, "unknown icon 'fa5s.usr'", hint="fa5s.user")


def test_unknown_icon_set(load: Load) -> None:
    problem = only(load_full(load, edit(FULL, "icon: fa5s.user", "icon: fa9s.user")))
    assert problem.severity is WARNING
    assert re.fullmatch(r"did you mean 'fa\d?s\.user'\?", problem.hint), problem.hint


def test_unknown_region(load: Load) -> None:
    text = edit(FULL, "region: MX", "region: XQ")
    result = load_full(load, text)
    assert not result.ok
    problem = only(result)
    check(problem, *at(text, "XQ"), ERROR, "'XQ' is not an ISO 3166 region code")
    assert "such as" not in problem.hint and "MX, GB or PT" in problem.hint


@pytest.mark.parametrize(("written", "meant"), [
    ("Portgual", "PT"), ("UK", "GB"), ("PRT", "PT"), ("Germany", "DE"), ("mexico", "MX"),
    ("GB-SCX", None),
])
def test_region_written_otherwise_is_refused_with_the_code_meant(
    load: Load, written: str, meant: str | None
) -> None:
    text = edit(FULL, "region: MX", f"region: {written}")
    result = load_full(load, text)
    assert not result.ok
    problem = only(result)
    check(problem, *at(text, written), ERROR, f"'{written}' is not an ISO 3166 region code")
    if meant:
        assert problem.hint == f"did you mean '{meant}'?"
    else:  # a subdivision close to a real one: one of that country's, whichever is closest
        assert re.fullmatch(r"did you mean 'GB-[A-Z]{3}'\?", problem.hint), problem.hint


def test_subdivision_region_is_known(load: Load) -> None:
    assert load_full(load, edit(FULL, "region: MX", "region: US-CA")).problems == ()


def test_unused_source(load: Load) -> None:
    text = FULL + '  - id: src-two\n    title: {en: "Another", az: "Başqa"}\n'
    result = load_full(load, text)
    assert result.ok
    check(only(result), *at(text, "src-two"), WARNING, "source 'src-two' is never cited")


def test_unused_media_file(load: Load) -> None:
    result = load(FULL, {**full_media(), "media/extra/old.png": png(2, 2)})
    assert result.ok
    problem = only(result)
    assert problem.file == result.folder / "media" / "extra" / "old.png"
    check(problem, 1, 1, WARNING, "not used by the stand")


def test_hidden_media_files_are_ignored(load: Load) -> None:
    assert load(FULL, {**full_media(), "media/.DS_Store": b"\x00\x01"}).problems == ()


# --- every problem, once ------------------------------------------------------------------


def test_every_problem_is_reported_at_once(load: Load) -> None:
    text = edit(FULL, "id: numbers", "id: story")
    text = edit(text, "form: quote", "form: verbatim")
    text = edit(text, "value: 613", "value: 1,275")
    text = edit(text, "region: MX", "region: XQ")
    text = edit(text, "icon: fa5s.user", "icon: fa5s.usr")
    text = edit(text, "file: media/photo.png", "file: media/gone.png")
    result = load(text, {"media/attract.png": png(16, 9)})
    assert_rejected(result)
    lines = sorted(p.line for p in result.problems)
    assert lines == sorted([
        line_of(text, "id: story", 2), line_of(text, "verbatim"), line_of(text, "1,275"),
        line_of(text, "XQ"), line_of(text, "fa5s.usr"), line_of(text, "gone.png"),
    ])
    assert len(result.errors) == 5 and len(result.warnings) == 1
    assert list(result.problems) == sorted(result.problems, key=lambda p: (str(p.file), p.line, p.column))


def test_a_problem_shared_through_an_alias_is_printed_once(load: Load) -> None:
    text = edit(FULL, 'heading: {en: "One", az: "Bir"}', 'heading: &one {en: "One"}')
    text = edit(text, 'label: {en: "Parliaments", az: "Parlamentlər"}', "label: *one")
    result = load_full(load, text)
    check(only(result), *at(text, "&one"), WARNING, "no 'az' text")


def test_merge_key_overrides_are_not_duplicates(load: Load) -> None:
    text = edit(MINIMAL, "  - id: story\n", "  - &story\n    id: story\n") + (
        "  - <<: *story\n    id: more\n    title: More\n"
    )
    result = load(text)
    assert result.problems == ()
    assert result.stand is not None
    assert [(p.id, p.title.get_text("en", "en")) for p in result.stand.panels] == [
        ("story", "Story"), ("more", "More"),
    ]


def test_missing_folder(tmp_path: Path) -> None:
    result = load_stand(tmp_path / "nowhere")
    assert_rejected(result)
    check(only(result), 0, 0, ERROR, "no stand folder")


def test_folder_without_stand_yaml(tmp_path: Path) -> None:
    result = load_stand(tmp_path)
    check(only(result), 0, 0, ERROR, "has no stand.yaml")


def test_a_zip_or_a_file_given_for_the_stand_folder_is_named_as_what_it_is(tmp_path: Path) -> None:
    import zipfile

    whole = tmp_path / "stand.zip"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("stand/stand.yaml", MINIMAL)
        archive.writestr("stand/media/photo.png", os.urandom(4000))
    cut = tmp_path / "cut.zip"  # a copy cut off: its directory, at the end, is lost
    cut.write_bytes(whole.read_bytes()[:2000])
    fake = tmp_path / "page.zip"
    fake.write_text("<html>Not found</html>")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    for file, message, hint in [
        (whole, "this is a .zip file; kiosk validate checks a stand folder", "kiosk import"),
        (cut, "this .zip file is damaged or incomplete: its end is missing, as when a copy is "
         "cut off", "copy it again from the original"),
        (fake, "this file is named .zip but is not a zip file", "make the zip again"),
        (notes, "this is a file, not a stand folder", "the one that holds stand.yaml"),
    ]:
        problem = only(load_stand(file))
        check(problem, 0, 0, ERROR, message, hint)
        assert problem.file == file  # not cut.zip/stand.yaml


# --- kiosk validate -----------------------------------------------------------------------

LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")


def test_cli_valid_stand_exits_0(sample_stand: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(sample_stand)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "valid (0 errors, 0 warnings)" in err


def test_cli_warnings_only_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_stand(tmp_path / "stand", edit(FULL, "icon: fa5s.user", "icon: fa5s.zzzzzz"),
                         full_media())
    assert cli.main(["validate", str(folder)]) == 0
    out, err = capsys.readouterr()
    line, column = at(FULL, "fa5s.user")
    assert out.splitlines() == [
        f"{folder / 'stand.yaml'}:{line}:{column}: warning: unknown icon 'fa5s.zzzzzz'; "
        "a default icon is shown (use a qtawesome name like fa5s.user)"
    ]
    assert "valid (0 errors, 1 warning)" in err


def test_cli_errors_exit_1_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(FULL, "id: numbers", "id: story")
    text = edit(text, "icon: fa5s.user", "icon: fa5s.zzzzzz")
    text = edit(text, "value: 613", "value: -613")
    folder = write_stand(tmp_path / "stand", text, {"media/attract.png": png(16, 9), "media/photo.png": b""})
    assert cli.main(["validate", str(folder)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 4
    assert all(LINE.match(line) for line in lines), lines
    assert len(set(lines)) == len(lines)
    assert sum(": error: " in line for line in lines) == 3
    assert "NOT valid (3 errors, 1 warning)" in err
    assert "Traceback" not in out + err


def test_cli_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = edit(FULL, "kind: figures", "kind: numbers")
    folder = write_stand(tmp_path / "stand", text, {**full_media(), "media/spare.png": png(2, 2)})
    assert cli.main(["validate", "--json", str(folder)]) == 1
    out, _ = capsys.readouterr()
    problems = json.loads(out)
    assert isinstance(problems, list) and len(problems) == 2
    for problem in problems:
        assert set(problem) == {"file", "line", "column", "severity", "message", "hint"}
        assert isinstance(problem["line"], int) and isinstance(problem["column"], int)
        assert problem["severity"] in ("error", "warning")
    error = next(p for p in problems if p["severity"] == "error")
    line, column = at(text, "kind: numbers")
    assert (error["line"], error["column"]) == (line, column + len("kind: "))
    assert error["file"] == str(folder / "stand.yaml")
    assert "unknown panel kind 'numbers'" in error["message"]
    assert "background" in error["hint"]
    warning = next(p for p in problems if p["severity"] == "warning")
    assert warning["file"].endswith("spare.png")


def test_cli_json_for_a_valid_stand_is_an_empty_list(
    sample_stand: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", "--json", str(sample_stand)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_cli_missing_folder_has_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-stand"
    assert cli.main(["validate", str(missing)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert out.splitlines() == [f"{missing / 'stand.yaml'}:0:0: error: no stand folder at '{missing}'"]
    assert all(LINE.match(line) for line in out.splitlines())


@pytest.mark.parametrize(
    "argv", [["validate"], ["validate", "a", "b"], ["validate", "--bogus", "x"], ["frobnicate"], []]
)
def test_cli_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_mistyped_number_with_a_separator_says_to_check_the_digits(load: Load) -> None:
    text = edit(FULL, "value: 613", "value: 6,13")
    line, column = at(text, "6,13")
    problem = only(load_full(load, text))
    assert (problem.line, problem.column) == (line, column)
    assert problem.is_error and "'6,13' is not a whole number" in problem.message


# --- numbers the stand states, quotations and their language ------------------------------

GROUPS = """\
format: 1
id: groups
title: Groups
languages: [en]
panels:
  - id: who
    kind: recognitions
    title: Who
    groups:
      - label: Parliaments
        total: 3
        entries:
          - {name: One, region: MX}
          - {name: Two, region: PK}
          - {name: Three, region: PE}
      - label: Parliaments and state bodies
        entries:
          - {name: Four, region: RO}
          - {name: Bodies of 22 U.S. states, count: 22}
"""


def test_a_stated_total_that_matches_its_entries_and_no_total_are_both_fine(load: Load) -> None:
    result = load(GROUPS)
    assert result.problems == (), [p.format() for p in result.problems]
    assert result.stand is not None
    first, second = result.stand.panels[0].groups  # type: ignore[union-attr]
    assert (first.total, second.total) == (3, None)


def test_a_total_that_differs_from_its_entries_is_a_warning(load: Load) -> None:
    text = edit(GROUPS, "total: 3", "total: 4")
    result = load(text)
    assert result.ok
    check(only(result), *at(text, "4", 1), WARNING, "the group's total (4) is not what its "
          "entries add up to (3)", hint="only some of them")


def test_a_total_that_counts_an_entry_standing_for_several_is_taken_as_stated(
        load: Load) -> None:
    """One entry standing for 3 libraries beside 9 single libraries: 12 libraries, right.
    The warning of "unlike kinds" that was given for it is gone (the file cannot say what
    kind an entry is; a count beside single entries is how the format writes one kind)."""
    text = edit(GROUPS, "      - label: Parliaments and state bodies\n",
                "      - label: Parliaments and state bodies\n        total: 23\n")
    result = load(text)
    assert result.problems == (), [p.format() for p in result.problems]
    assert result.stand is not None
    assert result.stand.panels[0].groups[1].total == 23  # type: ignore[union-attr]


def test_a_wrong_total_beside_an_entry_standing_for_several_gives_both_numbers(
        load: Load) -> None:
    """11 stated where 9 single entries and one for 3 make 12: the warning says that the
    numbers differ, first, and how 12 was counted (it said "unlike kinds" and not this)."""
    text = edit(GROUPS, "      - label: Parliaments and state bodies\n",
                "      - label: Parliaments and state bodies\n        total: 11\n")
    text = edit(text, "{name: Bodies of 22 U.S. states, count: 22}",
                "{name: Three libraries, count: 3}\n" + "".join(
                    f"          - {{name: Library {n}, region: PL}}\n" for n in range(8)))
    problem = only(load(text))
    check(problem, *at(text, "11"), WARNING, "")
    assert problem.message == (
        "the group's total (11) is not what its entries add up to (12: 9 single entries and "
        "one that stands for 3)"), problem.message
    assert "unlike" not in problem.message
    assert "leave 'total' out" in problem.hint and "the counts" in problem.hint


def test_a_total_must_be_a_whole_number(load: Load) -> None:
    text = edit(GROUPS, "total: 3", "total: three")
    check(only(load(text)), *at(text, "three"), ERROR, "expected a whole number")


def test_a_quotation_without_its_original_language_is_a_warning(load: Load) -> None:
    text = edit(FULL, "        original_language: en\n", "")
    result = load_full(load, text)
    assert result.ok
    line, column = at(text, "form: quote")
    check(only(result), line, column + len("form: "), WARNING,
          "does not say which language it was said in", hint="original_language:")


def test_a_quotation_typed_inside_quotation_marks_is_a_warning(load: Load) -> None:
    """The screen adds the visitor's own marks: typed ones would make two pairs (“«…»”)."""
    text = edit(FULL, 'az: "Sülh mümkündür."', 'az: "«Sülh mümkündür.»"')
    result = load_full(load, text)
    assert result.ok
    check(only(result), *at(text, '"«Sülh'), WARNING,
          "typed inside quotation marks («...»)", hint="remove the marks around the words")
    # marks inside the words, or around reported speech, are the author's own
    inside = edit(FULL, 'az: "Sülh mümkündür."', 'az: "Sülh «mümkündür»."')
    assert load_full(load, inside).problems == ()
    reported = edit(text, "form: quote\n        original_language: en", "form: reported")
    assert load_full(load, reported).problems == ()


@pytest.mark.parametrize(("typed", "warned"), [
    ('"\u201cWe will never forget\u201d."', True),  # a full stop after the closing mark
    ('"\u00abSülh\u00bb"', True),
    ('"\u201cLiberty\u201d was his first word, and his last was \u201cnever\u201d"', False),
    ('"\'Tis the workers\' day, said he of the farmers\'"', False),
    ('"He said \u201cno\u201d."', False),
])
def test_only_marks_around_the_whole_quotation_are_warned_of(load: Load, typed: str,
                                                           warned: bool) -> None:
    """The attacker's false alarms: marks at both ends that are two of several, or
    apostrophes; and a miss: a full stop after the closing mark."""
    text = edit(FULL, 'az: "Sülh mümkündür."', f"az: {typed}")
    messages = [p.message for p in load_full(load, text).problems]
    assert any("typed inside quotation marks" in m for m in messages) is warned, messages


@pytest.mark.parametrize("typed", ['"\u201c\u201d"', '"\u00bb"', '"   "', '"\u0301\u0302"'])
def test_a_quotation_of_no_words_is_warned_of(load: Load, typed: str) -> None:
    text = edit(FULL, 'text: {en: "Peace is possible.", az: "Sülh mümkündür."}', f"text: {typed}")
    result = load_full(load, text)
    assert any("this quotation has no words" in p.message for p in result.problems), \
        result.problems


def test_reported_speech_needs_no_original_language(load: Load) -> None:
    text = edit(FULL, "form: quote\n        original_language: en", "form: reported")
    assert load_full(load, text).problems == ()


def test_original_words_of_a_quotation(load: Load) -> None:
    said = edit(FULL, "original_language: en", 'original_language: fr\n        original: "La paix '
                "est possible.\"")
    result = load_full(load, said)
    assert result.problems == ()
    assert result.stand is not None
    remark = result.stand.panels[3].remarks[0]  # type: ignore[union-attr]
    assert (remark.original_language, remark.original) == ("fr", "La paix est possible.")
    # the original words in a language of the stand: they are that language's text
    differs = edit(FULL, "original_language: en", 'original_language: en\n        original: '
                   '"Peace is near."')
    check(only(load_full(load, differs)), *at(differs, '"Peace is near."'), WARNING,
          "the original words differ from the quotation's 'en' text")
    # words without their language
    unnamed = edit(FULL, "original_language: en", 'original: "Paix."')
    check(only(load_full(load, unnamed)), *at(unnamed, '"Paix."'), WARNING,
          "the quotation's original words are given, but not their language")


def test_an_original_language_must_be_a_language_code(load: Load) -> None:
    text = edit(FULL, "original_language: en", "original_language: English!")
    check(only(load_full(load, text)), *at(text, "English!"), ERROR, "is not a language code")


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e308", "-5", "0", "86401", "ten"])
def test_run_refuses_an_idle_timeout_out_of_range(value: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """At most a day, as the settings file says, and more than none: NaN sent every touch
    back to the attract screen and infinity raised at every touch, after a start that
    looked normal."""
    with pytest.raises(SystemExit) as exited:
        cli.main(["run", "--idle-timeout", value])
    assert exited.value.code == 2
    assert "idle" in capsys.readouterr().err  # the option named, or its limits


def test_run_takes_an_idle_timeout_in_range() -> None:
    from kiosk.cli.commands import build_parser

    for value, seconds in (("2", 2.0), ("90", 90.0), ("86400", 86_400.0), ("7.5", 7.5)):
        assert build_parser().parse_args(["run", "--idle-timeout", value]).idle_timeout == seconds


@pytest.mark.parametrize(("typed", "said"), [
    ("62 m", "'62 m' holds a unit: the value is the number alone (62); say 'm' in the label"),
    ("40%", "'40%' holds a unit: the value is the number alone (40); say '%' in the label"),
    ("1.25e9", "write the number out in digits: 1250000000, not '1.25e9'"),
])
def test_a_unit_or_an_exponent_in_a_figure_says_what_to_write(load: Load, typed: str,
                                                             said: str) -> None:
    """Not "check for letters typed in place of digits (l for 1, O for 0)": an exhibitor
    typed a unit, or a number as a spreadsheet shows it."""
    text = edit(FULL, "value: 613", f"value: {typed}")
    problem = only(load_full(load, text))
    assert problem.is_error and said in problem.message and "l for 1" not in problem.message
    assert (problem.line, problem.column) == at(text, typed)


def test_a_unit_field_says_where_a_unit_goes(load: Load) -> None:
    text = edit(FULL, "value: 613", "value: 613\n        unit: m")
    problem = only(load_full(load, text))
    assert "unknown field 'unit'" in problem.message and "label" in problem.hint
    assert "count" not in problem.hint


def test_the_docs_explain_every_label_once() -> None:
    """A stand warned of 'labels missing in 'pl': skip' sends staff to the labels table in
    docs/content-format.md: it names every label the kiosk has, and is there once (a second,
    older copy lacked low_reach, enlarge, listen and still_there, and neither had skip); no
    heading is there twice (a link to its second copy would need a guessed '-1')."""
    from kiosk.content.strings import LABEL_KEYS

    docs = Path(__file__).parent.parent / "docs" / "content-format.md"
    lines, fenced = [], False
    for line in docs.read_text(encoding="utf-8").splitlines():
        fenced ^= line.startswith("```")
        if not fenced and not line.startswith("```"):
            lines.append(line)
    tables = [number for number, line in enumerate(lines)
              if line.startswith("| Label | Where it is shown |")]
    assert len(tables) == 1, tables
    named: set[str] = set()
    for line in lines[tables[0] + 2:]:
        if not line.startswith("|"):
            break
        named.update(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    assert named == set(LABEL_KEYS), (set(LABEL_KEYS) - named, named - set(LABEL_KEYS))
    headings = [line.lstrip("#").strip() for line in lines if line.startswith("#")]
    assert len(headings) == len(set(headings)), sorted(
        h for h in headings if headings.count(h) > 1)
