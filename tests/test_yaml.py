"""yamlsafe: the one place YAML is read, with the line and column of every key and value."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kiosk.content import yamlsafe
from kiosk.content.yamlsafe import Mark, YamlError, load_located


def test_marks_of_keys_and_values() -> None:
    doc = load_located("format: 1\ntitle:\n  en: Khojaly\n  az: 'Xocalı'\n")
    assert doc.data == {"format": 1, "title": {"en": "Khojaly", "az": "Xocalı"}}
    assert doc.keys[("format",)] == Mark(1, 1)
    assert doc.values[("format",)] == Mark(1, 9)
    assert doc.keys[("title",)] == Mark(2, 1)
    assert doc.values[("title",)] == Mark(3, 3)  # a block map starts at its first key
    assert doc.keys[("title", "az")] == Mark(4, 3)
    assert doc.values[("title", "az")] == Mark(4, 7)


def test_marks_of_nested_lists_and_flow_maps() -> None:
    text = "panels:\n  - id: a\n    parts:\n      - {label: x, value: 3}\n      - {label: y, value: 40}\n"
    doc = load_located(text)
    assert doc.values[("panels", 0)] == Mark(2, 5)
    assert doc.keys[("panels", 0, "id")] == Mark(2, 5)
    assert doc.values[("panels", 0, "parts")] == Mark(4, 7)
    assert doc.values[("panels", 0, "parts", 1)] == Mark(5, 9)
    assert doc.keys[("panels", 0, "parts", 1, "value")] == Mark(5, 20)
    assert doc.values[("panels", 0, "parts", 1, "value")] == Mark(5, 27)
    assert doc.data["panels"][0]["parts"][1] == {"label": "y", "value": 40}


def test_mark_falls_back_to_the_nearest_ancestor() -> None:
    doc = load_located("a:\n  b: 1\n")
    assert doc.mark(("a", "b", "missing", 3)) == Mark(2, 6)
    assert doc.mark(("a", "b", "missing"), prefer_key=True) == Mark(2, 3)
    assert doc.mark(("a", "b"), prefer_key=True) == Mark(2, 3)
    assert doc.mark(("nothing",)) == Mark(1, 1)
    assert doc.mark(()) == Mark(1, 1)


def test_marks_count_characters_not_bytes() -> None:
    doc = load_located("title: {az: 'Xocalı soyqırımı', ru: 'Ходжалы'}\n")
    assert doc.values[("title", "ru")] == Mark(1, 37)


def test_empty_document() -> None:
    doc = load_located("# nothing but a comment\n")
    assert doc.data is None
    assert doc.values == {} and doc.keys == {}


def test_scalars_keep_their_yaml_types() -> None:
    doc = load_located("a: 12\nb: '12'\nc: true\nd: 2023-02-26\ne: 1.5\nf: ~\ng: 2023-02\n")
    assert doc.data == {
        "a": 12, "b": "12", "c": True, "d": dt.date(2023, 2, 26), "e": 1.5, "f": None, "g": "2023-02",
    }


def test_an_impossible_unquoted_date_stays_text() -> None:
    # YAML would fail to build a date; validation then says "not a real date" at this place
    doc = load_located("a: 1\ndate: 2023-02-30\nb: 2023-13-01\n")
    assert doc.data == {"a": 1, "date": "2023-02-30", "b": "2023-13-01"}
    assert doc.values[("date",)] == Mark(2, 7)


# --- duplicates ----------------------------------------------------------------------------


def test_duplicate_keys_are_recorded_with_the_second_mark() -> None:
    doc = load_located("id: one\ntitle: x\nid: two\n")
    assert doc.duplicates == [(("id",), Mark(3, 1))]
    assert doc.data == {"id": "one", "title": "x"}
    assert doc.keys[("id",)] == Mark(1, 1)


def test_nested_duplicate_keys() -> None:
    doc = load_located("panels:\n  - id: a\n    title: x\n    title: y\n")
    assert doc.duplicates == [(("panels", 0, "title"), Mark(4, 5))]


def test_keys_equal_as_values_are_duplicates() -> None:
    doc = load_located("1: a\n'1': b\n1: c\n")
    assert doc.data == {1: "a", "1": "b"}
    assert doc.duplicates == [((1,), Mark(3, 1))]


# --- keys --------------------------------------------------------------------------------


def test_non_scalar_keys_are_refused() -> None:
    with pytest.raises(YamlError) as raised:
        load_located("title: x\n? [a, b]\n: 1\n")
    assert raised.value.mark == Mark(2, 3)
    assert "plain word" in raised.value.message


def test_flow_map_as_key_is_refused() -> None:
    with pytest.raises(YamlError) as raised:
        load_located("{a: 1}: x\n")
    assert raised.value.mark == Mark(1, 1)


@pytest.mark.parametrize(
    ("key", "expected"),
    [("no", "no"), ("on", "on"), ("yes", "yes"), ("~", "~"), ("2023-02-26", "2023-02-26"), ("1.5", "1.5"),
     ("2023-02-30", "2023-02-30"), ("7", 7)],
)
def test_keys_are_kept_as_written(key: str, expected: object) -> None:
    # `no:` is Norwegian, not false: a key YAML would turn into another type keeps its text
    doc = load_located(f"title: {{en: x, {key}: y}}\n")
    assert doc.data["title"] == {"en": "x", expected: "y"}


# --- merge keys and aliases ----------------------------------------------------------------


def test_merge_key_copies_the_fields() -> None:
    doc = load_located("base: &b {kind: background, title: T}\npanel:\n  <<: *b\n  id: p\n")
    assert doc.data["panel"] == {"kind": "background", "title": "T", "id": "p"}
    assert doc.duplicates == []
    # a merged field is reported where it was written: in the anchored map
    assert doc.values[("panel", "kind")] == Mark(1, 17)


def test_merge_key_fields_can_be_overridden() -> None:
    doc = load_located("base: &b {id: a, title: T}\npanel:\n  <<: *b\n  id: b\n  title: U\n")
    assert doc.data["panel"] == {"id": "b", "title": "U"}
    assert doc.duplicates == []
    assert doc.keys[("panel", "id")] == Mark(4, 3)
    assert doc.values[("panel", "title")] == Mark(5, 10)


def test_merging_several_maps_the_first_wins() -> None:
    doc = load_located("a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc: {<<: [*a, *b]}\n")
    assert doc.data["c"] == {"x": 1, "y": 1, "z": 2}
    assert doc.duplicates == []


def test_aliased_map_with_overrides_is_not_a_duplicate_when_used_again() -> None:
    doc = load_located("a: &a {x: 1}\nb: &b {<<: *a, x: 2}\nc: *b\nd: *b\n")
    assert doc.data["c"] == doc.data["d"] == {"x": 2}
    assert doc.duplicates == []


def test_a_map_merged_into_itself_does_not_loop() -> None:
    doc = load_located("a: &a {x: 1, <<: *a}\n")
    assert doc.data == {"a": {"x": 1}}
    assert doc.duplicates == []


def test_real_duplicate_next_to_a_merge_is_still_a_duplicate() -> None:
    doc = load_located("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n  x: 3\n")
    assert doc.data["b"] == {"x": 2}
    assert doc.duplicates == [(("b", "x"), Mark(5, 3))]


def test_merging_a_scalar_is_an_error_on_one_line() -> None:
    with pytest.raises(YamlError) as raised:
        load_located("a: 1\nb: {<<: 1}\n")
    assert raised.value.mark == Mark(2, 4)
    assert "expected a mapping" in raised.value.message
    assert "\n" not in raised.value.message


def test_alias_values_are_copied_with_the_anchor_marks() -> None:
    doc = load_located("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.values[("b",)] == Mark(1, 4)
    assert doc.values[("b", 1)] == Mark(1, 11)


def test_alias_bomb_stops_at_the_node_budget() -> None:
    levels = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    levels += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)]
    started = time.monotonic()
    with pytest.raises(YamlError) as raised:
        load_located("\n".join(levels) + "\n")
    assert time.monotonic() - started < 10
    assert "too large" in raised.value.message
    assert 1 <= raised.value.mark.line <= 9


def test_the_budget_counts_every_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe._State, "__init__", _state_with_budget(5))
    assert load_located("[1, 2, 3, 4]\n").data == [1, 2, 3, 4]  # 5 nodes: the list and 4 items
    with pytest.raises(YamlError, match="too large"):
        load_located("[1, 2, 3, 4, 5]\n")


def _state_with_budget(budget: int) -> object:
    original = yamlsafe._State.__init__

    def init(self: yamlsafe._State, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.budget = budget

    return init


def test_an_alias_inside_its_own_anchor_is_an_error() -> None:
    with pytest.raises(YamlError) as raised:
        load_located("a: 1\nb: &b {c: [*b]}\n")
    assert raised.value.mark == Mark(2, 4)
    assert "refers to the value that contains it" in raised.value.message


@pytest.mark.parametrize("depth", [yamlsafe.MAX_DEPTH + 5, 2_000, 20_000])
def test_deep_nesting_is_an_error(depth: int) -> None:
    with pytest.raises(YamlError) as raised:
        load_located("a: " + "[" * depth + "]" * depth + "\n")
    assert "nested too deeply" in raised.value.message
    assert raised.value.mark.line == 1


def test_nesting_just_within_the_limit_is_fine() -> None:
    depth = yamlsafe.MAX_DEPTH - 1
    doc = load_located("a: " + "[" * depth + "]" * depth + "\n")
    assert doc.data is not None


# --- what is not accepted ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["a: !!python/object/apply:os.system ['true']\n", "a: !!python/name:os.system x\n",
     "!!python/object:os.system a: 1\n"],
)
def test_python_tags_are_refused(text: str) -> None:
    with pytest.raises(YamlError) as raised:
        load_located(text)
    assert "python" in raised.value.message or "constructor" in raised.value.message


def test_a_scalar_with_a_python_tag_names_its_place() -> None:
    with pytest.raises(YamlError) as raised:
        load_located("a: 1\nb: !!python/name:os.system x\n")
    assert raised.value.mark == Mark(2, 4)
    assert "\n" not in raised.value.message


@pytest.mark.parametrize("text", ["a: 1\n---\nb: 2\n", "---\na: 1\n--- # two\nb: 2\n"])
def test_two_documents_are_refused_at_the_second(text: str) -> None:
    # PyYAML's words ran backwards: "but found another document expected a single document"
    with pytest.raises(YamlError) as raised:
        load_located(text)
    assert raised.value.mark == Mark(text.count("\n", 0, text.rindex("---")) + 1, 1)
    assert raised.value.message == ("YAML syntax: a second YAML document starts here; "
                                    "stand.yaml must be a single document")


@pytest.mark.parametrize("text", ["a: 1\n...\nb: 2\n", "a: 1\r\n... # end\r\n\r\nb: 2\r\n",
                                  "a: 1\n...\n...\nb: 2\n"])
def test_a_document_end_line_is_named_where_it_stands(text: str) -> None:
    with pytest.raises(YamlError) as raised:
        load_located(text)
    assert raised.value.mark == Mark(2, 1)
    assert raised.value.message == ("YAML syntax: this '...' line ends the YAML document, but "
                                    "stand.yaml goes on after it")
    with pytest.raises(YamlError) as raised:  # the same error with no '...': PyYAML's words
        load_located("[a]\nb: 2\n")
    assert "'...'" not in raised.value.message


def test_an_anchor_given_twice_is_named_in_order() -> None:
    with pytest.raises(YamlError) as raised:
        load_located("a: &x 1\nb: &x 2\nc: *x\n")
    assert raised.value.mark == Mark(2, 4)
    assert raised.value.message == ("YAML syntax: the anchor 'x' is defined a second time here "
                                    "(first on line 1)")


@pytest.mark.parametrize(
    ("text", "mark", "phrase"),
    [
        ("a:\n\tb: 1\n", Mark(2, 1), "'\\t'"),
        ("a: 1\nb: 'two\nc: 3\n", Mark(2, 4), "quoted scalar"),
        ("a: 1\nb: [x, y\nc: 3\n", Mark(2, 4), "flow sequence"),
        ("a: 1\nthis is text\nc: 3\n", Mark(2, 1), "expected ':'"),
        ("a: b: c\n", Mark(1, 5), "mapping values are not allowed"),
        ("a: 1\n  b: 2\n", Mark(2, 4), "mapping values are not allowed"),
        ("a: \"x\ny\nz: \"w\"\n", Mark(1, 4), "runs on to line 3"),
    ],
)
def test_syntax_errors_name_the_place_to_look(text: str, mark: Mark, phrase: str) -> None:
    with pytest.raises(YamlError) as raised:
        load_located(text)
    assert raised.value.mark == mark, raised.value.message
    assert phrase in raised.value.message
    assert raised.value.message.startswith("YAML syntax: ")
    assert "\n" not in raised.value.message


def test_legitimate_multi_line_quoted_text_is_fine() -> None:
    assert load_located('a: "one\n  two"\nb: 1\n').data == {"a": "one two", "b": 1}


# --- characters ----------------------------------------------------------------------------


@pytest.mark.parametrize(("char", "code"), [("\x07", "U+0007"), ("\x0c", "U+000C"), ("\x7f", "U+007F"),
                                            ("\ufffe", "U+FFFE")])
def test_a_character_yaml_does_not_allow_is_named_with_its_place(char: str, code: str) -> None:
    with pytest.raises(YamlError) as raised:
        load_located(f"a: 1\nb: 'x{char}y'\n")
    assert raised.value.mark == Mark(2, 6)
    assert code in raised.value.message


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_lines_are_counted_as_an_editor_counts_them(separator: str) -> None:
    # YAML counts U+2028, U+2029 and U+0085 as line breaks; editors (and this program) do not
    doc = load_located(f"a: 'one{separator}two'\nb: 2\n")
    assert doc.keys[("b",)] == Mark(2, 1)
    with pytest.raises(YamlError) as raised:
        load_located(f"a: 'one{separator}two'\nb: 2\nc: d: e\n")
    assert raised.value.mark == Mark(3, 5)


def test_windows_line_ends() -> None:
    doc = load_located("a: 1\r\nb:\r\n  c: 2\r\n")
    assert doc.keys[("b", "c")] == Mark(3, 3)


def test_old_mac_line_ends_are_counted_as_lines() -> None:
    # a file of CR line ends only was one line: an error at 1:148, not at its line
    doc = load_located("a: 1\rb:\r  c: 2\r")
    assert doc.keys[("b", "c")] == Mark(3, 3)
    with pytest.raises(YamlError) as raised:
        load_located("a: 1\rb: 2\rc: d: e\r")
    assert raised.value.mark == Mark(3, 5)
    # a stray CR among LF line ends stays within its line, as an editor shows it
    assert load_located("a: 'one\rtwo'\nb: 2\n").keys[("b",)] == Mark(2, 1)


def test_the_fast_loader_gives_the_same_values_and_marks_as_the_precise_one() -> None:
    from pathlib import Path

    import yaml

    from kiosk.content import yamlsafe

    text = (Path(__file__).resolve().parent.parent / "content/khojaly-31/stand.yaml").read_text(
        encoding="utf-8")
    if not hasattr(yaml, "CSafeLoader"):
        raise AssertionError("PyYAML without libyaml: the fast path is never taken")
    fast = yamlsafe._load(text, yaml.CSafeLoader)
    precise = yamlsafe._load(text, yaml.SafeLoader)
    assert fast.data == precise.data
    assert fast.values == precise.values and fast.keys == precise.keys


@pytest.mark.parametrize(("written", "value"), [
    ("0x10", "0x10"), ("0b101", "0b101"), ("1_000", "1_000"), ("0x_1", "0x_1"), ("1_0.5", "1_0.5"),
    ("0o17", "0o17"), ("12", 12), ("-3", -3), ("+5", 5), ("1.5", 1.5),
])
def test_numbers_only_yaml_1_1_reads_stay_text_as_written(written: str, value: object) -> None:
    # YAML 1.1 reads `0b101` as 5 and `1_000` as 1000: a title `0b11` showed `3`
    found = load_located(f"a: {written}\n").data["a"]
    assert found == value and isinstance(found, type(value))
    assert str(found) == written.lstrip("+")


@pytest.mark.parametrize("written", ["3.10", "1.50", ".5", "2.0", "1.5e+3", "-0.0"])
def test_a_decimal_keeps_the_digits_it_was_written_with(written: str) -> None:
    found = load_located(f"a: {written}\n").data["a"]
    assert found == float(written) and str(found) == written  # a title `3.10` shows 3.10


def test_a_decimal_of_thousands_of_digits_is_kept_as_its_digits() -> None:
    # float() reads it as infinity: validation said 'inf', not that it is too long
    written = "9" * 5000 + ".5"
    found = load_located(f"a: {written}\n").data["a"]
    assert isinstance(found, yamlsafe.LongNumber) and found == written
    assert repr(found) == "a number of 5,001 digits"
    assert load_located(f"a: {'0' * 5000}.5\n").data["a"] == 0.5  # zeros in front: short


def test_infinite_and_not_a_number_are_still_floats_for_validation_to_refuse() -> None:
    data = load_located("a: .inf\nb: !!float 1e999\nc: .NaN\n").data
    assert data["a"] == data["b"] == float("inf") and data["c"] != data["c"]


@pytest.mark.parametrize("written", ["1" * 5000, "0" + "9" * 5000, "-" + "1" * 5000, "!!int " + "1" * 5000])
def test_a_number_of_thousands_of_digits_is_kept_as_its_digits(written: str) -> None:
    # Python refuses to read past 4,300 digits: "cannot read this value: Exceeds the limit
    # (4300 digits) for integer string conversion", or (with a leading zero) a crash
    import pickle

    found = load_located(f"a: {written}\nb: 2\n").data["a"]
    assert isinstance(found, yamlsafe.LongNumber)
    assert found == written.removeprefix("!!int ")
    assert repr(found) == f"a number of {len(found.lstrip('-')):,} digits"  # as messages quote it
    assert type(pickle.loads(pickle.dumps(found))) is str  # a valid stand's text pickles plainly
    assert load_located(f"a: {'1' * yamlsafe.MAX_DIGITS}\n").data["a"] == int("1" * yamlsafe.MAX_DIGITS)
    quoted = load_located(f"a: '{'1' * 5000}'\n").data["a"]
    assert quoted == "1" * 5000 and type(quoted) is str


def test_a_large_document_with_a_syntax_error_at_its_end_is_not_read_again_in_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 4 MB with an error at the end took 14 s: libyaml's error was thrown away, the text
    # parsed again by the pure-Python loader and scanned twice more for a runaway quote
    import gc

    import yaml

    def pure_python(*args: object) -> None:
        raise AssertionError("the pure-Python scanner read the document")

    monkeypatch.setattr(yaml.scanner.Scanner, "fetch_more_tokens", pure_python)
    monkeypatch.setattr(yaml, "scan", pure_python)  # no quote on its line: none runs away
    text = "items:\n" + "  - {heading: a, body: b}\n" * 20_000 + "broken: [x\n"  # 540 kB
    with pytest.raises(YamlError) as raised:
        load_located(text)
    assert raised.value.mark == Mark(20_002, 9)
    assert raised.value.message.startswith("YAML syntax: ")
    assert "while parsing a flow sequence" in raised.value.message
    assert gc.isenabled()  # the collector, paused while reading, is on again
    gc.disable()
    try:
        load_located("a: 1\n")
        assert not gc.isenabled()  # and left off where the caller had it off
    finally:
        gc.enable()


def test_a_large_document_refused_by_libyaml_is_explained_in_the_same_terms() -> None:
    big = "#" * yamlsafe.PRECISE_CHARS + "\n"
    with pytest.raises(YamlError) as raised:  # libyaml's own depth limit, past 1,000 levels
        load_located(big + "a: " + "[" * 2_000 + "]" * 2_000 + "\n")
    assert raised.value.message == "the document is nested too deeply"
    with pytest.raises(YamlError) as raised:  # libyaml does not name the anchor
        load_located(big + "a: &x 1\nb: &x 2\n")
    assert raised.value.mark == Mark(3, 4)
    assert raised.value.message == ("YAML syntax: the anchor is defined a second time here "
                                    "(first on line 2)")
    with pytest.raises(YamlError) as raised:  # libyaml does not name the character
        load_located(big + "a:\n\tb: 1\n")
    assert raised.value.mark == Mark(3, 1) and "found character '\\t'" in raised.value.message
    with pytest.raises(YamlError) as raised:  # checked before libyaml reads, as PyYAML does
        load_located(big + "a: 'x\x07y'\n")
    assert raised.value.mark == Mark(2, 6) and "U+0007" in raised.value.message
    with pytest.raises(YamlError) as raised:
        load_located(big + "a: 1\n...\nb: 2\n")
    assert raised.value.mark == Mark(3, 1) and "'...' line ends" in raised.value.message
