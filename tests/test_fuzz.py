"""Property tests: the validator never crashes on a damaged stand, and never rejects a good one.

(a) Random edits of the sample stand.yaml (lines deleted, duplicated, swapped, re-indented,
    characters typed in): load_stand returns problems, never raises, finishes quickly, and
    every problem names a real place.
(b) Stands generated from the model's own rules always validate without an error.

Runtime is kept modest; set KIOSK_FUZZ_EXAMPLES (e.g. 5000) for a long run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.content import LoadResult, Severity, load_stand
from kiosk.content.model import ID_RE
from kiosk.content.problems import UNSAFE_CHARACTERS
from kiosk.content.textcheck import MAX_MARKS_REFUSED
from kiosk.ui.imaging import qt_decode
from tests.stands import copy_sample, png

EXAMPLES = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False,
)
SECONDS_PER_LOAD = 5.0
LINE = re.compile(r"^.+:\d+:\d+: (error|warning): [^\n]+$")


def assert_well_formed(result: LoadResult, stand_yaml: Path, line_count: int) -> None:
    """What holds for every result, whatever the input."""
    folder = stand_yaml.parent
    media = folder / "media"
    assert result.ok == (not result.errors)
    assert (result.stand is None) == bool(result.errors)
    assert len(set(result.problems)) == len(result.problems), "a problem is reported twice"
    for problem in result.problems:
        assert problem.severity in (Severity.ERROR, Severity.WARNING)
        assert problem.message.strip(), problem
        assert LINE.match(problem.format()), problem.format()
        if problem.file == stand_yaml:
            # the file exists and was read: every problem points into it
            assert 1 <= problem.line <= line_count + 1, problem.format()
            assert problem.column >= 1, problem.format()
        else:
            assert problem.file.is_relative_to(media), problem.format()
            assert (problem.line, problem.column) == (1, 1), problem.format()


def outcome(result: LoadResult) -> str:
    """How far a damaged stand got, so a statistics run shows the edits reach past the parser."""
    if any(p.message.startswith(("YAML syntax", "the character")) for p in result.errors):
        return "YAML syntax error"
    if result.errors:
        return "read, with errors"
    return "valid" + (" with warnings" if result.warnings else "")


# --- (a) a damaged sample stand --------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("fuzz") / "stand")


SAMPLE_LINES = (Path(__file__).resolve().parents[1] / "content" / "khojaly-31" / "stand.yaml").read_text(
    encoding="utf-8"
).splitlines(keepends=True)

TYPED = st.text(
    alphabet=st.sampled_from(list(":-{}[],'\"#&*!|>%@`?\t \\0123456789aAzé–ё\u200f\u00a0\n"))
    | st.characters(codec="utf-8"),  # what a text editor can save (no lone surrogate)
    min_size=1,
    max_size=6,
)


VALUES = [
    "-1", "1,275", "1 275", "2.5", "0", "99999999999999999999999", "2023-02-30", "2023-13", "'2023'",
    "[]", "{}", "~", "", "yes", "no", '"true"', "&anchor x", "*anchor", "!!binary aGk=",
    "!!python/name:os.system x", "media/../x.png", "/etc/passwd", "media/missing.png", "media\\\\x.png",
    "media/attract.png", "fa5s.usr", "XX", "GB-SCT", "quote", "timeline", "figures", "mfa-event-articel",
    "{en: x, fr: y}", "[en, en]", "'", "| ",
]
"""Values to give a field: wrong types, numbers with separators, impossible dates, unsafe paths..."""
ACTIONS = ["delete", "duplicate", "swap", "type", "indent", "dedent", "tab", "cut"] + ["value"] * 6
edits = st.lists(
    st.tuples(
        st.sampled_from(ACTIONS), st.integers(0, 10**6), st.integers(0, 10**6),
        TYPED | st.sampled_from(VALUES),
    ),
    min_size=1,
    max_size=6,
)
"""Edits to apply to the sample's lines: (action, line, other line or column, typed text)."""


def apply(edits: list[tuple[str, int, int, str]]) -> str:
    lines = list(SAMPLE_LINES)
    for action, where, other, typed in edits:
        index = where % len(lines)
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            second = other % len(lines)
            lines[index], lines[second] = lines[second], lines[index]
        elif action == "type":
            line = lines[index]
            at = other % (len(line) + 1)
            lines[index] = line[:at] + typed + line[at:]
        elif action == "indent":
            lines[index] = " " * (1 + other % 5) + lines[index]
        elif action == "dedent":
            lines[index] = lines[index][1 + other % 4:] or "\n"
        elif action == "tab":
            lines[index] = "\t" + lines[index].lstrip(" ")
        elif action == "cut":
            lines = lines[:index] or lines[:1]
        elif action == "value":  # give a field another value
            line = lines[index].rstrip("\n")
            key = line.partition(": ")[0] if ": " in line else line.removesuffix(":")
            lines[index] = f"{key}: {typed}\n"
    return "".join(lines)


@FUZZ
@given(edits=edits)
def test_damaged_sample_never_crashes(sample_copy: Path, edits: list[tuple[str, int, int, str]]) -> None:
    stand_yaml = sample_copy / "stand.yaml"
    text = apply(edits)
    stand_yaml.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = load_stand(sample_copy)
    assert time.monotonic() - started < SECONDS_PER_LOAD
    assert_well_formed(result, stand_yaml, text.count("\n") + 1)
    event(outcome(result))


@settings(max_examples=max(20, EXAMPLES // 3), deadline=None)
@given(
    flips=st.lists(st.tuples(st.integers(0, len("".join(SAMPLE_LINES).encode()) - 1), st.integers(1, 255)),
                   min_size=1, max_size=4),
)
def test_damaged_bytes_never_crash(sample_copy: Path, flips: list[tuple[int, int]]) -> None:
    stand_yaml = sample_copy / "stand.yaml"
    raw = bytearray("".join(SAMPLE_LINES).encode())
    for index, mask in flips:
        raw[index] ^= mask
    stand_yaml.write_bytes(bytes(raw))
    result = load_stand(sample_copy)
    assert_well_formed(result, stand_yaml, raw.count(b"\n") + 1)
    event(outcome(result))


def test_the_unchanged_sample_passes_the_same_checks(sample_copy: Path) -> None:
    # the property's own checks hold for the good stand, and it has no problem at all
    stand_yaml = sample_copy / "stand.yaml"
    stand_yaml.write_text("".join(SAMPLE_LINES), encoding="utf-8")
    result = load_stand(sample_copy)
    assert result.problems == ()
    assert_well_formed(result, stand_yaml, len(SAMPLE_LINES))


# --- (b) generated valid stands ---------------------------------------------------------------

LANGUAGES = ["en", "az", "ru", "ar", "he", "tr", "fr", "no", "zh-Hans", "pt-BR"]
ICONS = ["fa5s.user", "fa5s.users", "fa5s.child", "fa5s.home", "fa5s.ribbon", "fa5s.question"]
REGIONS = ["MX", "PK", "CZ", "GB-SCT", "US-CA", "DJ"]
IMAGES = ["media/a.png", "media/b.png", "media/sub/c.png"]

ids = st.from_regex(ID_RE, fullmatch=True).filter(lambda s: len(s) <= 20)
BLANK_LETTERS = "\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
"""Letters and symbols that show nothing (Hangul fillers, the braille blank)."""
letters = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Mn", "Me"),
                        exclude_characters=BLANK_LETTERS)
accented = st.tuples(  # a letter and up to four combining marks (Vietnamese, Hebrew points)
    st.characters(categories=("Lu", "Ll", "Lo"), exclude_characters=BLANK_LETTERS),
    st.text(st.characters(categories=("Mn",)), max_size=4),
).map("".join)
words = st.tuples(
    st.lists(letters | accented | st.sampled_from(["\n", "\t", " "]), max_size=30).map("".join),
    st.sampled_from(["", "", "\u200c", "\u200d", "\u200f"]),
).map(lambda pair: pair[0] + pair[1] if pair[0].strip() else pair[0])
"""Any text a visitor can be shown: no control character (but line breaks and tabs), no
bidirectional control, at most four marks on a letter, and the invisible joiners and
marks only beside something visible."""


def text_in(languages: list[str]) -> st.SearchStrategy[Any]:
    """A visitor-facing text: a bare string, a number, or a map over some of the languages."""
    some = st.lists(st.sampled_from(languages), min_size=1, max_size=len(languages), unique=True)
    mapped = some.flatmap(lambda keys: st.fixed_dictionaries({key: words for key in keys}))
    return st.one_of(words, st.integers(0, 10_000), mapped)


def date() -> st.SearchStrategy[Any]:
    day = st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31))
    return st.one_of(
        day,  # written unquoted: YAML reads a date
        day.map(lambda d: d.isoformat()),
        day.map(lambda d: d.isoformat()[:7]),
        day.map(lambda d: d.isoformat()[:4]),
        day.map(lambda d: d.year),
    )


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def item(
    fields: dict[str, st.SearchStrategy[Any]],
    extra: dict[str, st.SearchStrategy[Any]],
    sources: list[str] | None,
) -> st.SearchStrategy[dict[str, Any]]:
    """A map of `fields` and some of `extra`; with `sources` (an Item), maybe cited and sensitive."""
    common: dict[str, st.SearchStrategy[Any]] = {}
    if sources is not None:
        common = {"source": optional(st.sampled_from(sources)) if sources else st.none(),
                  "sensitive": optional(st.booleans())}
    return st.fixed_dictionaries(fields, optional={**extra, **common}).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


@st.composite
def figures(draw: st.DrawFn, text: st.SearchStrategy[Any], sources: list[str]) -> dict[str, Any]:
    part = item({"label": text, "value": st.integers(0, 10**6)}, {}, sources)
    parts = draw(st.lists(part, max_size=4))
    whole = sum(p["value"] for p in parts) + draw(st.integers(0, 10**6))
    extra = {"icon": optional(st.sampled_from(ICONS)), "note": optional(text)}
    figure = draw(item({"label": text}, extra, sources))
    figure["value"] = whole
    if parts:
        figure["parts"] = parts
    return figure


@st.composite
def stands(draw: st.DrawFn) -> dict[str, Any]:
    languages = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=4, unique=True))
    text = text_in(languages)
    source_ids = draw(st.lists(ids, max_size=3, unique=True))
    image = item({"file": st.sampled_from(IMAGES)}, {"caption": optional(text), "credit": optional(text)},
                 None)
    section = item({"heading": text},
                   {"date": optional(date()), "body": optional(text), "image": optional(image)}, source_ids)
    entry = item({"name": text}, {"region": optional(st.sampled_from(REGIONS)),
                                  "count": optional(st.integers(1, 500))}, source_ids)
    group = item({"label": text}, {"entries": optional(st.lists(entry, max_size=4)),
                                   "total": optional(st.integers(0, 10**6))}, source_ids)
    remark = item({"text": text, "form": st.sampled_from(["quote", "reported"]), "speaker": text},
                  {"role": optional(text), "date": optional(date()), "occasion": optional(text),
                   "original_language": optional(st.sampled_from(LANGUAGES))}, source_ids)
    bodies = {
        "background": ("sections", section),
        "figures": ("figures", figures(text, source_ids)),
        "recognitions": ("groups", group),
        "remarks": ("remarks", remark),
    }
    panel_ids = draw(st.lists(ids, min_size=1, max_size=5, unique=True))
    panels = []
    for panel_id in panel_ids:
        kind = draw(st.sampled_from(sorted(bodies)))
        field, strategy = bodies[kind]
        panel: dict[str, Any] = {"id": panel_id, "kind": kind, "title": draw(text)}
        if draw(st.booleans()):
            panel["intro"] = draw(text)
        if draw(st.booleans()):
            panel[field] = draw(st.lists(strategy, max_size=3))
        panels.append(panel)
    stand: dict[str, Any] = {"format": 1, "id": draw(ids), "languages": languages, "title": draw(text)}
    if draw(st.booleans()):
        stand["subtitle"] = draw(text)
    attract = draw(st.fixed_dictionaries({}, optional={
        "headline": text, "prompt": text, "image": st.sampled_from(IMAGES)}))
    if attract:
        stand["attract"] = attract
    if draw(st.booleans()):
        stand["idle_timeout_s"] = draw(st.integers(5, 86_400))
    stand["panels"] = panels
    sources = [
        draw(st.fixed_dictionaries({"id": st.just(sid), "title": text},
                                   optional={"publisher": text, "date": date(), "url": st.just("https://example.org/x")}))
        for sid in source_ids
    ]
    always: bool = draw(st.booleans())
    if sources or always:
        stand["sources"] = sources
    return stand


@FUZZ
@given(stand=stands(), flow=st.sampled_from([False, None]))
def test_generated_valid_stands_have_no_error(stand: dict[str, Any], flow: bool | None) -> None:
    text = yaml.safe_dump(stand, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "stand.yaml").write_text(text, encoding="utf-8")
        for name in IMAGES:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(png(3, 2))
        result = load_stand(root, decoder=qt_decode)
        assert result.errors == (), [p.format() for p in result.errors] + [text]
        assert result.stand is not None
        assert_well_formed(result, root / "stand.yaml", text.count("\n") + 1)
        # what was written is what was read
        assert result.stand.id == stand["id"]
        assert list(result.stand.languages) == stand["languages"]
        assert [p.id for p in result.stand.panels] == [p["id"] for p in stand["panels"]]
        for panel, written in zip(result.stand.panels, stand["panels"], strict=True):
            assert panel.kind == written["kind"]
            if written["kind"] == "figures":
                assert [f.value for f in panel.figures] == [f["value"] for f in written.get("figures", [])]  # type: ignore[union-attr]
        # only the kinds of warning a valid stand may have
        allowed = ("no '", "is never cited", "not used by the stand", "text is empty",
                   "does not say which language it was said in", "the group's total",
                   "no labels of its own", "visitors see an empty box",
                   # generated text may stack accents, or use a script the kiosk has no font for
                   "combining marks", "have no font here",
                   # generated text may hold a tab or a Unicode line separator
                   "holds a tab", "breaks the line there",
                   # a generated quotation may be empty, or only marks
                   "this quotation has no words", "typed inside quotation marks")
        assert all(any(a in p.message for a in allowed) for p in result.warnings), [
            p.format() for p in result.warnings
        ]


# --- (c) hostile Unicode text ----------------------------------------------------------------

HOSTILE_PIECES = [
    "\x00", "\x1b[2J", "\x1b]0;pwned\x07", "\x7f", "\x85", "\x9b", "\r", "\ud800",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad", "\u3164",
    "\u2028", "\u2029", "\u0301" * 3, "\u0301" * 6, "\u0301" * 9, "\u20dd", "\U0001f600", "\U0001f3f3\ufe0f",
    "\u4e2d\u6587", "\u0e01\u0e32", "x" * 70, "y" * 250, "https://example.org/" + "z" * 60,
    "\n\n", "\t", " ", "a", "Ж", "\u0627\u0644", "\u05e9\u05dc\u05d5\u05dd",
]
"""Pieces that break text: controls, bidirectional controls, invisible and zero-width
characters, stacked combining marks, emoji, scripts without spaces, long unbroken runs."""
hostile_text = st.lists(
    st.sampled_from(HOSTILE_PIECES) | st.text(st.characters(), max_size=5), max_size=12,
).map("".join)
C0_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202d\u202e]")


def hostile_stand(texts: list[str], key: str) -> dict[str, Any]:
    title, heading, body, label = texts
    return {
        "format": 1, "id": "hostile", "languages": ["en", "ar"], "title": {"en": title, "ar": "x"},
        "panels": [
            {"id": "story", "kind": "background", "title": label, key: 1,
             "sections": [{"heading": heading, "body": body}]},
        ],
    }


@FUZZ
@given(texts=st.lists(hostile_text, min_size=4, max_size=4), key=hostile_text)
def test_hostile_unicode_text_is_judged_quickly_and_quoted_safely(
    texts: list[str], key: str
) -> None:
    stand = hostile_stand(texts, key or "k")
    text = yaml.safe_dump(stand, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "stand.yaml").write_text(text, encoding="utf-8")
        started = time.monotonic()
        result = load_stand(root)
        assert time.monotonic() - started < 1.0
        assert_well_formed(result, root / "stand.yaml", text.count("\n") + 1)
        for problem in result.problems:  # nothing from the stand reaches a terminal raw
            assert not UNSAFE_CHARACTERS.search(problem.format()), problem.format()
            assert not UNSAFE_CHARACTERS.search(json.dumps(problem.as_json(), ensure_ascii=False))
        # what cannot be shown is refused
        for piece in texts:
            if C0_REFUSED.search(piece) or re.search(f"[\u0301\u20dd]{{{MAX_MARKS_REFUSED + 1},}}", piece):
                assert result.errors, (piece, [p.format() for p in result.problems])
        event(outcome(result))


# --- (c) generated SVG drawings ------------------------------------------------------------

SVG_IDS = ["a", "b", "c", "d"]
SVG_TAGS = [
    # the subset
    "g", "rect", "circle", "path", "polyline", "use", "defs", "symbol", "image", "svg",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "style",
    "switch", "title", "metadata",
    "g", "rect", "use", "use", "path", "defs", "image",
    # refused, or foreign
    "text", "tspan", "script", "foreignObject", "a", "animate", "blink", "inkscape:thing",
]
EMBEDDED = "data:image/png;base64," + __import__("base64").b64encode(png(3, 2)).decode()
SVG_HREFS = st.sampled_from([
    *[f"#{name}" for name in SVG_IDS], "#missing", "/etc/passwd", "../../secret.png", "x.png",
    "http://example.org/x.png", "file:///etc/x.png", EMBEDDED, "data:image/png;base64,!!",
    "data:text/html,<b>", "javascript:alert(1)", " #a", "",
]) | st.text(st.characters(min_codepoint=32, blacklist_categories=("Cs",)), max_size=12)
SVG_ATTRIBUTES = st.dictionaries(
    st.sampled_from(["id", "xlink:href", "href", "fill", "style", "marker-mid", "clip-path", "d",
                     "points", "width", "height", "onload", "x", "inkscape:label", "class"]),
    st.sampled_from([*SVG_IDS, "url(#a)", "url(#b)", "url(/x.png)", "url('http://x')", "red",
                     "fill:url(#c);stroke:red", "M0,0 L5,5 L9,1 z", "0,0 1,1 2,2 3,3", "10",
                     "-1", "1e999", "alert(1)"]) | SVG_HREFS,
    max_size=4,
)


def svg_elements(depth: int = 5) -> st.SearchStrategy[str]:
    leaf = st.builds(lambda tag, attrs: f"<{tag}{_attributes(attrs)}/>",
                     st.sampled_from(SVG_TAGS), SVG_ATTRIBUTES)
    return st.recursive(
        leaf,
        lambda children: st.builds(
            lambda tag, attrs, inner, text: f"<{tag}{_attributes(attrs)}>{text}{''.join(inner)}</{tag}>",
            st.sampled_from(SVG_TAGS), SVG_ATTRIBUTES, st.lists(children, max_size=4),
            st.sampled_from(["", "Hello", "rect{fill:url(#a)}", "@import url(x.css);", "&amp;"]),
        ),
        max_leaves=25,
    )


def _attributes(attrs: dict[str, str]) -> str:
    from xml.sax.saxutils import quoteattr

    return "".join(f" {name}={quoteattr(value)}" for name, value in attrs.items())


@st.composite
def svg_files(draw: st.DrawFn) -> bytes:
    body = "".join(draw(st.lists(svg_elements(), max_size=5)))
    prolog = draw(st.sampled_from([
        "", "", "", "", "", '<?xml version="1.0"?>\n',
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n',
        '<!DOCTYPE svg [<!ENTITY e "x">]>\n', '<?xml-stylesheet href="x.css"?>\n',
    ]))
    data = (prolog + '<svg xmlns="http://www.w3.org/2000/svg" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="40" height="30">'
            + body + "</svg>").encode()
    cut = draw(st.sampled_from([None, None, None, "truncate", "flip"]))
    if cut == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif cut == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    return data


@FUZZ
@given(data=svg_files())
# bad numbers in a drawing (random attribute values) are Qt's to skip; nothing else may warn
@pytest.mark.qt_log_ignore(r"^Invalid path data; path truncated\.$")
def test_generated_svg_is_refused_clearly_or_drawn_safely(qapp: Any, data: bytes) -> None:
    """Any drawing: `inspect` answers quickly, never raises; a drawing it allows is copied
    to a drawing it allows again, naming nothing but its own parts, and Qt draws that copy."""
    from PySide6.QtCore import QSize

    from kiosk.content import svg
    from kiosk.ui.imaging import draw_svg

    started = time.perf_counter()
    found = svg.inspect(data)
    assert time.perf_counter() - started < 1.0
    assert len(found.problems) <= svg.MAX_PROBLEMS
    for problem in found.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message.strip()
    event("allowed" if found.ok else found.problems[0].message.split("'")[0][:40])
    if not found.ok:
        return
    assert found.drawn <= svg.MAX_DRAWN
    copy = svg.copy_of(found)
    again = svg.inspect(copy)
    assert again.ok, again.problems
    assert again.drawn <= found.drawn  # what Qt would skip is left out of the copy
    for href in re.findall(rb'href="([^"]*)"', copy):
        assert href.startswith(b"#") or href.startswith(b"data:image/png;base64,"), href
    assert b"url(" not in re.sub(rb"url\(#[\w.:-]+\)", b"", copy)
    started = time.perf_counter()
    draw_svg(copy, QSize(64, 64))
    assert time.perf_counter() - started < 2.0


@settings(max_examples=max(20, EXAMPLES // 4), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=svg_files())
def test_a_stand_with_a_generated_svg_validates_or_says_where(qapp: Any, data: bytes) -> None:
    text = SAMPLE_LINES and (
        "format: 1\nid: s\nlanguages: [en]\ntitle: S\npanels:\n  - id: p\n    kind: background\n"
        "    title: P\n    sections:\n      - heading: H\n        image: {file: media/d.svg}\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "stand.yaml").write_text(text, encoding="utf-8")
        (root / "media").mkdir()
        (root / "media" / "d.svg").write_bytes(data)
        started = time.perf_counter()
        result = load_stand(root, decoder=qt_decode)
        assert time.perf_counter() - started < SECONDS_PER_LOAD
        assert_well_formed(result, root / "stand.yaml", text.count("\n") + 1)
        for problem in result.problems:
            assert problem.line == 11 and problem.column == 23, problem.format()
