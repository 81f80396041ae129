"""Load a stand folder and validate all of it, reporting every problem at once.

`load_stand` never raises for a bad stand: it returns the problems, each with the file,
line and column of the key or value at fault, and the stand only when there is no error.
"""

from __future__ import annotations

import difflib
import gc
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from kiosk.content import avprobe, captions, glyphs, icons, langtags, recordings, regions
from kiosk.content.media import (
    FORMAT_NAMES,
    IMAGE_SUFFIXES,
    MAX_PIXELS,
    SHOWN_FORMATS,
    ImageDecoder,
    ImageInfo,
    MediaError,
    check_dimensions,
    decode_all,
    expected_format,
    resolve_media,
    sniff_image,
    still_inside,
)
from kiosk.content.model import FIELD_NAMES, LANGUAGE_RE, PANEL_KINDS, Stand, validate
from kiosk.content.problems import Problem, Severity
from kiosk.content.result import STAND_FILE, LoadResult
from kiosk.content.textcheck import check_text, no_font
from kiosk.content.yamlsafe import (
    DOCUMENT_END,
    SECOND_DOCUMENT,
    Located,
    Mark,
    Path_,
    YamlError,
    line_break,
    load_located,
)

LARGEST_SHOWN = 4096
"""The most pixels an image is ever shown across (full screen on a 4K display, with room)."""
MAX_STAND_BYTES = 4 * 1024 * 1024
TEXT_FIELDS = frozenset({
    "title", "subtitle", "headline", "prompt", "heading", "body", "caption", "credit", "label",
    "note", "intro", "name", "text", "speaker", "role", "occasion", "publisher", "notice",
    "sensitive_notice", "original",
})
NARRATION = "narration"
"""An item's words for narration only (extension): checked as a text, never drawn, and not
expected in every language (the shown text is said where it has none)."""


@dataclass
class _Unfonted:
    """The texts of one language holding characters no bundled font has: warned of once
    (a Hindi stand had a warning for each of its 45 texts, all of one cause)."""

    first: Mark
    texts: int = 0
    missing: set[str] = field(default_factory=set)


@dataclass
class _Report:
    file: Path
    located: Located = field(default_factory=lambda: Located(None))
    problems: list[Problem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # of stand.yaml, split as `line_break` says
    unfonted: dict[str, _Unfonted] = field(default_factory=dict)  # by language

    def add(self, severity: Severity, mark: Mark, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.file, mark.line, mark.column, severity, message, hint))

    def error(self, path: Path_, message: str, hint: str = "", *, key: bool = False) -> None:
        self.add(Severity.ERROR, self.located.mark(path, prefer_key=key), message, hint)

    def warning(self, path: Path_, message: str, hint: str = "", *, key: bool = False) -> None:
        self.add(Severity.WARNING, self.located.mark(path, prefer_key=key), message, hint)


def load_stand(folder: Path | str, decoder: ImageDecoder | None = None,
               before_decoding: Callable[[LoadResult], object] | None = None) -> LoadResult:
    """Load and fully validate the stand in `folder` (or the folder of a stand.yaml given).

    Images get their cheap checks (where they are, their headers) and, with a `decoder`, are
    then decoded, all in one batch, after every other check. `before_decoding` is told the
    stand as checked until then (its images not yet proven), once, before that batch: what
    a first start shows while a large stand's photos are decoded (`kiosk.visit.attractpreview`).

    The cyclic garbage collector waits while a stand loads: the many small objects a large
    stand makes would otherwise trigger collections that make loading grow faster than the
    stand (measured in docs/benchmarks.md).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_stand(Path(folder), decoder, before_decoding)
    finally:
        if collecting:
            gc.enable()


def _load_stand(folder: Path, decoder: ImageDecoder | None,
                before_decoding: Callable[[LoadResult], object] | None) -> LoadResult:
    if folder.name == STAND_FILE and folder.is_file():
        folder = folder.parent
    report = _Report(folder / STAND_FILE)
    if folder.is_file():  # a zip, or a file given for its folder
        report.file = folder
        report.add(Severity.ERROR, Mark(0, 0), *_not_a_folder(folder))
        return _result(folder, None, report)
    if not folder.is_dir():
        report.add(Severity.ERROR, Mark(0, 0), f"no stand folder at '{folder}'")
        return _result(folder, None, report)
    text = _read_text(report)
    if text is None:
        return _result(folder, None, report)
    report.lines = text.split(line_break(text))
    if line_break(text) == "\r":
        report.add(
            Severity.WARNING, Mark(1, len(report.lines[0]) + 1), f"{STAND_FILE} has the line "
            "ends of old Macs (CR only): other programs may read it as one long line",
            "in your editor, save it with LF line ends, as on Linux and macOS, or CRLF, as on "
            "Windows",
        )
    try:
        report.located = load_located(text)
    except YamlError as exc:
        report.add(Severity.ERROR, exc.mark, exc.message, _yaml_hint(exc.message))
        return _result(folder, None, report)
    data = report.located.data
    for path, mark in report.located.duplicates:
        report.add(
            Severity.ERROR, mark, f"'{path[-1]}' is given twice here",
            "remove one of them: YAML keeps only the last",
        )
    if not isinstance(data, dict):
        report.add(Severity.ERROR, Mark(1, 1), "stand.yaml must be a map of fields (format: 1, ...)")
        return _result(folder, None, report)
    stand: Stand | None = None
    try:
        stand = validate(data)
    except ValidationError as exc:
        _report_schema(report, exc)
    decoding = _check_semantics(report, folder, data, to_decode=decoder is not None)
    if before_decoding is not None:
        before_decoding(_result(folder, stand, report))
    if decoder is not None and decoding:
        _decode_images(report, decoder, decoding)
    return _result(folder, stand, report)


def _result(folder: Path, stand: Stand | None, report: _Report) -> LoadResult:
    problems = tuple(sorted(set(report.problems), key=lambda p: (str(p.file), p.line, p.column, p.message)))
    has_error = any(p.is_error for p in problems)
    return LoadResult(folder, None if has_error else stand, problems, report.located)


def _not_a_folder(file: Path) -> tuple[str, str]:
    """What to say of a file given where a stand folder is expected."""
    import zipfile

    try:
        with file.open("rb") as reader:
            zipped = reader.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
        whole = zipfile.is_zipfile(file)
    except OSError:
        zipped = whole = False
    if whole:
        return ("this is a .zip file; kiosk validate checks a stand folder",
                "unzip it and validate the folder, or check and install the zip with "
                "'kiosk import'")
    if zipped:
        return ("this .zip file is damaged or incomplete: its end is missing, as when a copy "
                "is cut off", "copy it again from the original, and let the copy finish "
                "before removing the USB stick")
    if file.suffix.lower() == ".zip":
        return ("this file is named .zip but is not a zip file",
                "make the zip again from the stand folder")
    return ("this is a file, not a stand folder",
            "give the stand folder, the one that holds stand.yaml")


def _read_text(report: _Report) -> str | None:
    path = report.file
    if not path.is_file():
        report.add(
            Severity.ERROR, Mark(0, 0), f"the stand has no {STAND_FILE}",
            "a stand is a folder holding stand.yaml and its media",
        )
        return None
    if not still_inside(path, path.parent.resolve()):  # as a picture's link out is refused
        report.add(
            Severity.ERROR, Mark(0, 0), f"{STAND_FILE} is a link that leads out of the stand folder",
            "copy the file itself into the stand folder",
        )
        return None
    if path.stat().st_size > MAX_STAND_BYTES:
        report.add(Severity.ERROR, Mark(1, 1), f"{STAND_FILE} is larger than 4 MB")
        return None
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        brk = b"\r" if b"\n" not in raw and b"\r" in raw else b"\n"  # as `line_break`
        line = raw[: exc.start].count(brk) + 1
        column = exc.start - (raw.rfind(brk, 0, exc.start) + 1) + 1
        report.add(
            Severity.ERROR, Mark(line, column), "the file is not UTF-8 text",
            "save it as UTF-8 in your editor",
        )
        return None


def _yaml_hint(message: str) -> str:
    if "'\\t'" in message or "tab" in message.lower():  # PyYAML writes a tab as '\t'
        return "indent with spaces, not tabs"
    if "quoted scalar" in message:
        return "a quote opened here is never closed"
    if "quoted text that starts here" in message:
        return "close the quote on this line"
    if SECOND_DOCUMENT in message:
        return ("remove this '---' line to join the two parts, or move what follows it into "
                "a stand of its own")
    if DOCUMENT_END in message:
        return "remove this '...' line: YAML reads nothing after it"
    if "is defined a second time" in message:
        return "give each anchor its own name"
    if "is not allowed in YAML" in message:
        return "delete it: an invisible control character, often pasted from another program"
    if "while parsing a flow" in message:
        return "check the quotes, commas and closing bracket of the { } or [ ] opened here"
    if "mapping values are not allowed" in message:
        return "put text containing ': ' in quotes"
    if any(words in message for words in ("could not find expected ':'", "expected <block end>",
                                           "did not find expected key")):  # libyaml's words
        return "check the indentation and that every key ends with ':'"
    return ""


# --- schema errors -------------------------------------------------------------------

MAX_SUGGESTIONS = 1000
"""Unknown fields given a "did you mean" (more are typos of none: a damaged or hostile file)."""
NO_SUCH_FIELD = {
    "unit": "a figure has no unit: say it in the figure's label ('metres deep', 'tonnes')",
    "units": "a figure has no unit: say it in the figure's label ('metres deep', 'tonnes')",
}
"""Fields exhibitors look for that the format does not have, and what to do instead (the
nearest spelling, 'count' for 'unit', would mislead)."""


def _data_path(data: Any, loc: Iterable[str | int]) -> Path_:
    """Map a pydantic error location onto the document, dropping union tags it inserts."""
    path: list[str | int] = []
    node = data
    skipped_at = -1
    for step in loc:
        if (
            isinstance(node, dict) and path and isinstance(path[-1], int)
            and skipped_at != len(path) and step in PANEL_KINDS
            and (node.get("kind") == step or step not in node)
        ):
            skipped_at = len(path)
            continue  # the tag pydantic puts after a panel's index
        in_map = isinstance(node, dict) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
        if in_map or in_list:
            node = node[step]
            path.append(step)
        elif isinstance(node, dict) and isinstance(step, str) and step in FIELD_NAMES:
            path.append(step)  # a missing or unknown field: the last step
            node = None
        # anything else is a tag pydantic added (kind of a panel): skip it
    return tuple(path)


def _report_schema(report: _Report, exc: ValidationError) -> None:
    data = report.located.data
    errors = exc.errors(include_url=False)
    suggestions = MAX_SUGGESTIONS
    for error in errors:
        kind = error["type"]
        loc = tuple(error["loc"])
        if kind == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"])[:len(loc)] == loc
            for other in errors
        ):
            continue  # its items are wrong, each said where it is
        ctx = error.get("ctx", {})
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            path = _data_path(data, loc)
            name = str(loc[-1])
            suggestions -= 1  # a spelling to compare costs ~0.1 ms: not 100,000 of them
            close = (difflib.get_close_matches(name, FIELD_NAMES, n=1)
                     if suggestions >= 0 and len(name) <= 40 else [])
            if name in FIELD_NAMES:  # a real field, in the wrong place
                hint = "it does not belong here: check its indentation"
            elif name.lower() in NO_SUCH_FIELD:
                hint = NO_SUCH_FIELD[name.lower()]
            elif close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = "remove it or check the spelling"
            report.error(path, f"unknown field '{name}'", hint, key=True)
            continue
        if kind == "missing":
            parent = _data_path(data, loc[:-1])
            report.error(parent, f"missing required field '{loc[-1]}'", key=False)
            continue
        path = _data_path(data, loc)
        if kind == "union_tag_invalid":
            report.error(
                (*path, "kind"), f"unknown panel kind '{ctx.get('tag')}'",
                "use one of: " + ", ".join(PANEL_KINDS),
            )
        elif kind == "union_tag_not_found":
            report.error(path, "missing required field 'kind'", "use one of: " + ", ".join(PANEL_KINDS))
        elif kind == "literal_error":
            report.error(
                path, f"{error['input']!r} is not allowed here",
                f"use one of: {ctx.get('expected', '')}",
            )
        elif kind in ("bool_type", "bool_parsing"):
            report.error(path, "expected true or false")
        elif kind in ("tuple_type", "list_type"):
            report.error(path, "expected a list (one item per line, each starting with '- ')")
        elif kind in ("model_type", "model_attributes_type", "dataclass_type", "dict_type"):
            report.error(path, "expected a map of fields (key: value)")
        elif kind == "too_short":
            report.error(path, "needs at least one item")
        elif kind == "greater_than_equal":
            report.error(path, f"must be at least {ctx.get('ge')}")
        elif kind == "less_than_equal":
            report.error(path, f"must be at most {ctx.get('le')}")
        else:  # a map's key at fault (a label's name) is pointed at, not its value
            report.error(path, str(error["msg"]), str(ctx.get("hint", "")),
                         key=bool(loc) and loc[-1] == "[key]")


# --- checks across the document -------------------------------------------------------


def _items(value: Any, path: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Every map in the document, with its path."""
    if isinstance(value, dict):
        yield path, value
        for key, child in value.items():
            yield from _items(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _items(child, (*path, index))


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _check_semantics(
    report: _Report, folder: Path, data: dict[str, Any], *, to_decode: bool
) -> list[_Decode]:
    """Every check past the schema but the decoding of images: with `to_decode`, the images
    that passed their cheap checks are returned, to be decoded in one batch."""
    written = [lang for lang in _list(data.get("languages")) if isinstance(lang, str)]
    problems = [langtags.check(lang) for lang in written]
    for index, problem in enumerate(problems):
        if problem is not None and problem.written_as:  # `EN`: read as `en`
            report.warning(("languages", index), problem.message, problem.hint)
    languages = [problem.written_as if problem and problem.written_as else lang
                 for lang, problem in zip(written, problems, strict=True)]
    _check_unique(report, ("languages",), list(enumerate(languages)), "language")
    if any(problem is not None and not problem.written_as for problem in problems):
        languages = []  # reported already; checked against them, every text would be wrong
    sources = _list(data.get("sources"))
    source_ids = [(i, s.get("id")) for i, s in enumerate(sources) if isinstance(s, dict)]
    _check_unique(report, ("sources",), source_ids, "source id", field_name="id")
    panel_ids = [(i, p.get("id")) for i, p in enumerate(_list(data.get("panels")))
                 if isinstance(p, dict)]
    _check_unique(report, ("panels",), panel_ids, "panel id", field_name="id")
    if data.get("panels") == []:
        report.error(("panels",), "the stand has no panels", "add at least one panel")

    known_sources = {sid for _, sid in source_ids if isinstance(sid, str)}
    cited: set[str] = set()
    used_media: set[Path] = set()
    decoding: list[_Decode] | None = [] if to_decode else None
    covered = glyphs.bundled()
    for path, item in _items(data, ()):
        _check_texts(report, path, item, covered, languages)
        if path and path[0] in ("sources", "labels"):  # labels: `source` is a label there
            continue
        ref = item.get("source")
        if isinstance(ref, str) and "source" in item:
            cited.add(ref)
            if ref not in known_sources:
                close = difflib.get_close_matches(ref, sorted(known_sources), n=1)
                hint = (f"did you mean '{close[0]}'?" if close
                        else "add it under 'sources:' with this id")
                report.error((*path, "source"), f"source '{ref}' is not defined", hint)
        _check_parts(report, path, item)
        _check_total(report, path, item)
        _check_quotation(report, path, item)
        _check_marks_typed(report, path, item)
        _check_icon(report, path, item)
        _check_region(report, path, item)
        if len(path) >= 1 and path[-1] == "image" and isinstance(item.get("file"), str):
            used_media.add(_check_image(report, folder, (*path, "file"), item["file"], decoding))
        if path and path[-1] in ("video", "audio") and isinstance(item.get("file"), str):
            used_media |= _check_recording(report, folder, path, item, languages, decoding)
        for key, value in item.items():
            if key in TEXT_FIELDS and isinstance(value, dict) and languages:
                _check_translations(report, (*path, key), value, languages)
    attract = data.get("attract")
    if isinstance(attract, dict) and isinstance(attract.get("image"), str):
        used_media.add(
            _check_image(report, folder, ("attract", "image"), attract["image"], decoding)
        )
    look = data.get("look")
    if isinstance(look, dict):
        if isinstance(look.get("logo"), str):
            used_media.add(_check_image(report, folder, ("look", "logo"), look["logo"], decoding))
        _check_look(report, look)
    _check_labels(report, data, languages)
    states = data.get("translations")
    if isinstance(states, dict) and languages:
        for language in states:
            if isinstance(language, str) and langtags.normal(language) not in languages:
                report.warning(("translations", language), f"'{language}' is not one of the "
                               "stand's languages", "add it to 'languages:' or remove it here",
                               key=True)
    for index, source_id in source_ids:
        if isinstance(source_id, str) and source_id not in cited:
            report.warning(("sources", index, "id"), f"source '{source_id}' is never cited")
    _check_unused_media(report, folder, used_media)
    _report_unfonted(report)
    return decoding or []


def _check_texts(
    report: _Report, path: Path_, item: dict[str, Any], covered: frozenset[str],
    languages: list[str],
) -> None:
    """Every visitor-facing text of `item` (and a source's url): can it be shown and read?"""
    if len(path) == 2 and path[0] == "labels":  # labels: {en: {close: ...}}: each is a text
        for key, value in item.items():
            if isinstance(value, str):
                _report_text(report, (*path, key), value, "label", covered, str(path[1]))
        return
    for key, value in item.items():
        if key == NARRATION:  # said, never shown: no font needs to draw it
            _check_narration(report, (*path, key), value, languages)
            continue
        if key not in TEXT_FIELDS and key != "url":
            continue
        if isinstance(value, str | int) and not isinstance(value, bool):
            _report_text(report, (*path, key), str(value), key, covered)
        elif isinstance(value, dict) and key in TEXT_FIELDS:
            for language, text in value.items():
                if isinstance(text, str | int) and not isinstance(text, bool):
                    _report_text(report, (*path, key, language), str(text), key, covered,
                                 str(language))


def _check_narration(report: _Report, path: Path_, value: Any, languages: list[str]) -> None:
    """An item's `narration:` (what narration says in place of its words: fully vowelled
    Arabic, words written for listening), in some languages of the stand or in all."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        _report_text(report, path, str(value), NARRATION, frozenset())
        return
    for language, text in _dict(value).items():
        if isinstance(text, str | int) and not isinstance(text, bool):
            _report_text(report, (*path, language), str(text), NARRATION, frozenset())
        if (isinstance(language, str) and LANGUAGE_RE.match(language)
                and languages and langtags.normal(language) not in languages):
            report.warning((*path, language), f"'{language}' is not one of the stand's "
                           "languages; this narration is never said",
                           "add it to 'languages:' or remove this text")


def _report_text(
    report: _Report, path: Path_, text: str, field_name: str, covered: frozenset[str],
    language: str = "",
) -> None:
    """The findings of one text; characters no font has are gathered by `language` ("" for
    a text shown in every language), for `_report_unfonted`."""
    for finding in check_text(text, field_name, covered):
        mark = report.located.mark(path)
        group = report.unfonted.get(language) if finding.unfonted else None
        if finding.at and (group is None or _before(mark, group.first)):
            mark = _find(report.lines, mark, finding.at, text.count("\n") + 2)
        if not finding.unfonted:
            report.add(finding.severity, mark, finding.message, finding.hint)
            continue
        if group is None:
            group = report.unfonted[language] = _Unfonted(mark)
        elif _before(mark, group.first):
            group.first = mark
        group.texts += 1
        group.missing |= finding.unfonted


def _before(mark: Mark, other: Mark) -> bool:
    return (mark.line, mark.column) < (other.line, other.column)


def _report_unfonted(report: _Report) -> None:
    """One warning for each language whose texts hold characters no font has: the cause is
    usually the script itself, named once with every character missing."""
    for language, unfonted in report.unfonted.items():
        report.add(Severity.WARNING, unfonted.first,
                   *no_font(unfonted.missing, unfonted.texts, language))
    report.unfonted.clear()


def _find(lines: list[str], mark: Mark, needle: str, span: int) -> Mark:
    """Where `needle` is written in the value that starts at `mark` (spanning at most `span`
    lines): the place of an invisible character, say, for an editor to jump to. `mark`
    itself when it is not written as it is (an escape such as "\\u202e", a folded line)."""
    for number in range(mark.line - 1, min(len(lines), mark.line - 1 + span)):
        start = mark.column - 1 if number == mark.line - 1 else 0
        found = lines[number].find(needle, start)
        if found >= 0:
            return Mark(number + 1, found + 1)
    return mark


def _check_unique(
    report: _Report, path: Path_, values: list[tuple[int, Any]], what: str, field_name: str = ""
) -> None:
    seen: Counter[Any] = Counter()
    for index, value in values:
        if not isinstance(value, str):
            continue
        seen[value] += 1
        if seen[value] == 2:
            where = (*path, index, field_name) if field_name else (*path, index)
            report.error(where, f"duplicate {what} '{value}'", f"each {what} must be unique")


def _check_parts(report: _Report, path: Path_, item: dict[str, Any]) -> None:
    parts = item.get("parts")
    whole = item.get("value")
    if not isinstance(parts, list) or not isinstance(whole, int) or isinstance(whole, bool):
        return
    if whole < 0:
        return  # already an error of its own ("cannot be negative")
    values = [p.get("value") for p in parts if isinstance(p, dict)]
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    total = sum(numbers)
    if total > whole:
        report.error(
            (*path, "parts"), f"the parts add up to {total}, more than the whole ({whole})",
            "check the numbers: parts may add up to less than the whole, never more",
        )


def _check_total(report: _Report, path: Path_, item: dict[str, Any]) -> None:
    """A group's stated `total` against its entries, each counted as 1 or as its `count:`.
    A total that is what they add up to is taken as stated: whether the entries are of one
    kind is the source's to say, not the file's (an entry that stands for 3 university
    libraries beside 9 single libraries is how the format writes one kind). A total that
    differs is a warning giving both numbers, and how the entries were counted where some
    of them stand for several bodies."""
    total = item.get("total")
    entries = [e for e in _list(item.get("entries")) if isinstance(e, dict)]
    if (not isinstance(total, int) or isinstance(total, bool) or total < 0
            or len(path) < 2 or path[-2] != "groups"):
        return
    counts = [e.get("count") for e in entries]
    counted = sum(c if isinstance(c, int) and not isinstance(c, bool) and c > 0 else 1
                  for c in counts)
    if total == counted:
        return
    several = [c for c in counts if isinstance(c, int) and not isinstance(c, bool) and c > 1]
    if not several:
        report.warning(
            (*path, "total"), f"the group's total ({total}) is not what its entries add up "
            f"to ({counted})",
            "check the number; where the group lists only some of them, say so in its label",
        )
        return
    report.warning(
        (*path, "total"), f"the group's total ({total}) is not what its entries add up to "
        f"({counted}: {_counted(len(entries) - len(several), several)})",
        "check the number and the counts; where the group lists only some of them, say so in "
        "its label; where its entries are not all of one kind, leave 'total' out",
    )


def _counted(singles: int, several: list[int]) -> str:
    """How a group's entries were counted: "9 single entries and one that stands for 3",
    "2 entries that stand for 22 and 3"."""
    if len(several) == 1:
        counted = f"{'one' if singles else 'one entry'} that stands for {several[0]}"
    else:
        numbers = (", ".join(str(n) for n in several[:-1]) + f" and {several[-1]}"
                   if len(several) <= 4 else f"{sum(several)} in all")
        counted = f"{len(several)}{'' if singles else ' entries'} that stand for {numbers}"
    if not singles:
        return counted
    return f"{singles} single {'entry' if singles == 1 else 'entries'} and {counted}"


def _check_quotation(report: _Report, path: Path_, item: dict[str, Any]) -> None:
    """A quotation should say which language it was said in: the screen marks it as a
    translation in every other language (and cannot, without it)."""
    if item.get("form") != "quote" or len(path) < 2 or path[-2] != "remarks":
        return
    original_language = item.get("original_language")
    if original_language is None:
        if "original" in item:
            report.warning(
                (*path, "original"), "the quotation's original words are given, but not "
                "their language", "add 'original_language:' with its code, such as en",
            )
            return
        report.warning(
            (*path, "form"), "this quotation does not say which language it was said in, so "
            "no language can be marked as a translation",
            "add 'original_language:' with that language's code, such as en",
        )
        return
    text = item.get("text")
    original = item.get("original")
    if (isinstance(original_language, str) and isinstance(original, str)
            and isinstance(text, dict) and isinstance(text.get(original_language), str)
            and text[original_language].strip() != original.strip()):
        report.warning(
            (*path, "original"), f"the original words differ from the quotation's "
            f"'{original_language}' text", f"the '{original_language}' text is the original: "
            "make them the same, or leave 'original' out",
        )


OPENING_MARKS = frozenset("\"\u2018\u201a\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u300c"
                          "\u300e\uff02")
"""Marks a quotation opens with, as the languages write them (not the apostrophe ' or ’)."""
CLOSING_MARKS = frozenset("\"\u2019\u201c\u201d\u00ab\u00bb\u203a\u300d\u300f\uff02")
QUOTE_MARKS = OPENING_MARKS | CLOSING_MARKS | frozenset("'\u201b")
AFTER_CLOSING = ".,;:!?\u2026\u3002"  # "“We will never forget”." is still inside marks


def _check_marks_typed(report: _Report, path: Path_, item: dict[str, Any]) -> None:
    """A quotation typed inside quotation marks: the screen adds the marks of the visitor's
    language around its words, so it would show two pairs (“«…»”). Not where the marks at its
    ends are two of several (“Liberty” was his first word, and his last was “never”). And a
    quotation with no words at all (empty, marks, spaces): visitors would see big marks
    around nothing."""
    if item.get("form") != "quote" or len(path) < 2 or path[-2] != "remarks":
        return
    text = item.get("text")
    texts = text.items() if isinstance(text, dict) else [(None, text)]
    for language, words in texts:
        if not isinstance(words, str):
            continue
        where = (*path, "text") if language is None else (*path, "text", language)
        if not words.strip() and language is not None:
            continue  # an empty text of a language: warned of as every empty text is
        if not any(
                char not in QUOTE_MARKS and not char.isspace()
                and not unicodedata.category(char).startswith("M") for char in words):
            report.warning(where, "this quotation has no words, only marks or spaces: visitors "
                           "would see its quotation marks around nothing",
                           "write the words said, or leave this language out")
            continue
        inner = words.strip().rstrip(AFTER_CLOSING)
        if len(inner) < 3 or inner[0] not in OPENING_MARKS or inner[-1] not in CLOSING_MARKS:
            continue
        pair = {inner[0], inner[-1]}
        if sum(inner.count(mark) for mark in pair) == 2:  # those two, no others of them
            report.warning(
                where,
                f"this quotation is typed inside quotation marks ({inner[0]}...{inner[-1]}): "
                "the kiosk sets a quotation in the marks of the visitor's language itself, so "
                "visitors would see two pairs",
                "remove the marks around the words; keep any inside them",
            )


def _check_icon(report: _Report, path: Path_, item: dict[str, Any]) -> None:
    name = item.get("icon")
    if isinstance(name, str) and not icons.exists(name):
        suggestion = icons.suggest(name)
        report.warning(
            (*path, "icon"), f"unknown icon '{name}'; a default icon is shown",
            f"did you mean '{suggestion}'?" if suggestion else "use a qtawesome name like fa5s.user",
        )


def _check_region(report: _Report, path: Path_, item: dict[str, Any]) -> None:
    code = item.get("region")
    if isinstance(code, str) and not regions.is_known(code):
        meant = regions.suggest(code)
        report.error(
            (*path, "region"), f"'{code}' is not an ISO 3166 region code",
            f"did you mean '{meant}'?" if meant
            else "use a two-letter country code like MX, GB or PT, or a subdivision like GB-SCT",
        )


def _check_look(report: _Report, look: dict[str, Any]) -> None:
    """The stand's accent must carry the kiosk's white button text at WCAG AA; a light
    overlay under the attract screen's light words is pointed out."""
    from kiosk.content import colours

    accent = look.get("accent")
    if isinstance(accent, str) and colours.HEX_RE.match(accent.strip()):
        ratio = colours.contrast(colours.TEXT_ON_ACCENT, accent.strip())
        if ratio < colours.AA_TEXT:
            better = colours.darker_for_white_text(accent.strip())
            report.error(
                ("look", "accent"), f"white text on the accent {accent.strip()} (the kiosk's "
                f"buttons) has a contrast of {ratio:.1f}:1, below the 4.5:1 that text needs",
                f"use a darker shade, such as \"{better}\"",
            )
    overlay = look.get("attract_overlay")
    if isinstance(overlay, dict):
        tone, strength = overlay.get("colour"), overlay.get("strength", 0.5)
        if (isinstance(tone, str) and colours.HEX_RE.match(tone.strip())
                and isinstance(strength, int | float) and strength >= 0.5):
            ratio = colours.contrast(colours.DARK_TEXT, tone.strip())
            if ratio < colours.AA_TEXT:
                better = colours.reaching(tone.strip(), (colours.DARK_TEXT,), colours.AA_TEXT,
                                          "#000000")
                report.warning(
                    ("look", "attract_overlay", "colour"), f"the attract screen's light "
                    f"words over this tone have a contrast of {ratio:.1f}:1, below 4.5:1",
                    f"use a darker tone, such as \"{better}\"",
                )


def _check_labels(report: _Report, data: dict[str, Any], languages: list[str]) -> None:
    """Every language of the stand needs the kiosk's labels: built in, or given by the stand."""
    from kiosk.content.strings import LABEL_KEYS, built_in

    if not languages:
        return  # no languages, or some are wrong: reported already
    raw = _dict(data.get("labels"))
    written = {langtags.normal(k) if isinstance(k, str) else k: k for k in raw}
    given = {langtags.normal(k) if isinstance(k, str) else k: v for k, v in raw.items()}
    for index, language in enumerate(languages):
        base = language.split("-")[0]
        if built_in(language) is not None:
            continue
        words = {**_dict(given.get(base)), **_dict(given.get(language))}
        if not words:
            report.warning(
                ("languages", index), f"the kiosk has no labels of its own in '{language}': "
                "its buttons and notices (Source, Close, Show, ...) show in English",
                f"give them under 'labels: {{{language}: {{...}}}}' (see the labels in "
                "docs/content-format.md)",
            )
            continue
        missing = sorted(LABEL_KEYS - set(words))
        if missing:
            where = written[language if language in given else base]
            report.warning(
                ("labels", where), f"labels missing in '{language}': {', '.join(missing)}; "
                "these show in English", "add them here", key=True,
            )
    for language in given:
        if isinstance(language, str) and language not in languages and not any(
            lang.split("-")[0] == language for lang in languages
        ):
            report.warning(("labels", written[language]), f"'{language}' is not one of the stand's "
                           "languages; these labels are never shown",
                           "add it to 'languages:' or remove these labels", key=True)


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _check_translations(
    report: _Report, path: Path_, value: dict[Any, Any], languages: list[str]
) -> None:
    # the keys as the model reads them: `EN:` is the `en` text
    keys: dict[str, str] = {}
    for key in value:
        if isinstance(key, str) and LANGUAGE_RE.match(key):
            same = keys.setdefault(langtags.normal(key), key)
            if same != key:
                report.warning((*path, key), f"'{key}' is the same language as '{same}': only "
                               "this text is kept", "remove one of them")
    for language in languages:
        if language not in keys:
            # what Text.get_text shows: the first language's text, else the first text given
            shown = languages[0] if languages[0] in keys else next(iter(value), "")
            report.warning(
                path, f"no '{language}' text; visitors reading {language} see the "
                f"'{shown}' text instead",
            )
    for key, text in value.items():
        if isinstance(key, str) and LANGUAGE_RE.match(key) and langtags.normal(key) not in languages:
            report.warning(
                (*path, key), f"'{key}' is not one of the stand's languages; it is never shown",
                "add it to 'languages:' or remove this text",
            )
        elif isinstance(text, str) and not text.strip():
            report.warning((*path, key), f"the '{key}' text is empty")


@dataclass(frozen=True)
class _Decode:
    """An image that passed the cheap checks, to be proven decodable with the others."""

    path: Path_
    reference: str
    file: Path


def _decode_images(report: _Report, decoder: ImageDecoder, decoding: list[_Decode]) -> None:
    """Decode every image once, all in one batch (a decoder may spread them over threads)."""
    files = list(dict.fromkeys(entry.file for entry in decoding))
    said = dict(zip(files, decode_all(decoder, files, MAX_PIXELS), strict=True))
    for entry in decoding:
        problem = said[entry.file]
        if problem:
            report.error(
                entry.path, f"image '{entry.reference}' cannot be decoded: {problem}",
                "open it in an image editor and export it again",
            )


def _check_image(
    report: _Report, folder: Path, path: Path_, reference: str, decoding: list[_Decode] | None
) -> Path:
    """The cheap checks of an image (where it is, its header); with `decoding`, note it
    to be decoded once these pass."""
    try:
        file = resolve_media(folder, reference)
        if file.suffix.lower() not in IMAGE_SUFFIXES:
            raise MediaError(
                f"'{reference}' is not a PNG, JPEG or SVG file",
                "export it as .png or .jpg",
            )
        info = sniff_image(file, reference)
        expected = expected_format(file)
        if info.format not in SHOWN_FORMATS:
            raise MediaError(
                f"'{reference}' is really a {FORMAT_NAMES.get(info.format, info.format)} "
                f"picture with a '{file.suffix}' name; the kiosk shows only PNG, JPEG and SVG",
                "open it in an image editor and export it as JPEG (photos) or PNG (drawings)",
            )
        if info.format != expected and "svg" in (info.format, expected):
            raise MediaError(
                f"'{reference}' is a{'n' * (info.format == 'svg')} "
                f"{FORMAT_NAMES[info.format]} file with a '{file.suffix}' name",
                f"rename it to end in .{'svg' if info.format == 'svg' else info.format}",
            )
        if info.format == "svg":
            if not _check_svg(report, path, reference, file):
                return file
            info = ImageInfo("svg", 0, 0)  # drawn at the size it is shown
        check_dimensions(reference, info)
        if info.format != "svg" and max(info.width, info.height) > LARGEST_SHOWN:
            report.warning(
                path, f"'{reference}' is {info.width}x{info.height} pixels, much larger than "
                f"the kiosk ever shows it", f"export it at most {LARGEST_SHOWN} px on its "
                "longer side: it loads faster and needs less memory",
            )
        if info.format != expected:
            report.warning(
                path, f"'{reference}' is a {info.format.upper()} file with a "
                f"'{file.suffix}' name", "rename it to match its format",
            )
        if decoding is not None:
            decoding.append(_Decode(path, reference, file))
    except MediaError as exc:
        report.error(path, exc.message, exc.hint)
        return folder / reference
    except OSError as exc:
        report.error(path, f"cannot read '{reference}': {exc.strerror or exc}")
        return folder / reference
    return file


def _check_recording(
    report: _Report, folder: Path, path: Path_, item: dict[str, Any], languages: list[str],
    decoding: list[_Decode] | None,
) -> set[Path]:
    """A `video:` or `audio:` (extension): its file, poster, captions, spoken tracks and
    audio description, each problem at its own line. The files it uses."""
    used: set[Path] = set()

    def checked(where: Path_, reference: str, video: bool, seconds: float | None = None,
                beside: bool = False) -> None:
        try:
            file = recordings.check_recording_file(folder, reference, video)
            used.add(file)
            if recordings.playback_installed():
                _probe_recording(report, where, reference, file, video, seconds, beside)
        except MediaError as exc:
            report.error(where, exc.message, exc.hint)
            used.add(folder / reference)
        except OSError as exc:
            report.error(where, f"cannot read '{reference}': {exc.strerror or exc}")

    video = path[-1] == "video"
    duration = item.get("duration")
    seconds = float(duration) if isinstance(duration, int) and not isinstance(duration, bool) else None
    checked((*path, "file"), item["file"], video, seconds)
    if not recordings.playback_installed():
        report.warning((*path, "file"), "this kiosk cannot play video or sound; it shows the "
                       "poster instead", recordings.EXTRA_HINT)
    if isinstance(item.get("poster"), str):
        used.add(_check_image(report, folder, (*path, "poster"), item["poster"], decoding))
    elif video:
        report.warning(path, "the video has no poster; the screen is blank until it plays",
                       "add 'poster: media/...jpg', a still from the video")
    if isinstance(item.get("description"), str):
        checked((*path, "description"), item["description"], False, seconds, beside=True)
    spoken = item.get("spoken")
    for language, reference in (spoken.items() if isinstance(spoken, dict) else ()):
        if isinstance(reference, str):
            checked((*path, "spoken", language), reference, False, seconds, beside=True)
    if item.get("quote") is True and (len(path) < 2 or not isinstance(path[-2], int)
                                      or path[-3:-2] != ("remarks",)):
        report.error((*path, "quote"), "only a remark's recording can say its quotation",
                     "remove 'quote: true'")
    given = item.get("captions")
    if not isinstance(given, dict):
        if not item.get("no_sound") and given is None:
            report.warning(path, "the recording has no captions; visitors who cannot hear it "
                           "miss it", "add 'captions: {en: media/....en.vtt}' per language")
        return used
    for language, reference in given.items():
        if isinstance(reference, str):
            _check_captions(report, folder, (*path, "captions", language), reference, seconds,
                            used)
    for language in languages:
        if language not in given:
            report.warning((*path, "captions"), f"no '{language}' captions; visitors reading "
                           f"{language} see none")
    return used


def _probe_recording(report: _Report, where: Path_, reference: str, file: Path, video: bool,
                     seconds: float | None, beside: bool = False) -> None:
    """The file decoded at its start and near its end, in a bounded child process. A
    spoken track or an audio description (`beside`) lasting longer or shorter than its
    recording is a warning: it plays, but falls out of step at its end."""
    suffixes = recordings.VIDEO_SUFFIXES if video else recordings.AUDIO_SUFFIXES
    found = avprobe.probe(file, suffixes[file.suffix.lower()])
    if found.problem:
        report.error(where, f"'{reference}': {found.problem}",
                     "export it again as H.264/AAC in .mp4 or VP9/Opus in .webm" if video
                     else "export it again as .m4a (AAC), .opus, .mp3 or .wav")
    elif video and found.video_codec is None:
        report.error(where, f"'{reference}' holds sound only; a video: needs pictures",
                     "make it an audio: instead")
    elif beside and seconds is not None and abs(found.duration - seconds) > 1.0:
        report.warning(where, f"'{reference}' lasts {found.duration:.1f} s, not the "
                       f"recording's {seconds:.0f} s: it plays in step with the recording, so "
                       "their ends do not meet", "export it at the recording's length (trim "
                       "it, or pad it with silence)")
    elif seconds is not None and abs(found.duration - seconds) > 1.0:
        report.error(where, f"'{reference}' lasts {found.duration:.1f} s, not the "
                     f"{seconds:.0f} s 'duration:' says", f"write 'duration: {found.duration:.0f}'")


def _check_captions(report: _Report, folder: Path, where: Path_, reference: str,
                    seconds: float | None, used: set[Path]) -> None:
    try:
        file = recordings.check_caption_file(folder, reference)
        used.add(file)
        with file.open("rb") as handle:
            found = captions.parse(handle.read(captions.MAX_BYTES + 1), seconds)
    except MediaError as exc:
        report.error(where, exc.message, exc.hint)
        return
    except OSError as exc:
        report.error(where, f"cannot read '{reference}': {exc.strerror or exc}")
        return
    for problem in found.problems:
        report.error(where, f"captions '{reference}', line {problem.line}: {problem.message}",
                     problem.hint or "")


def _check_svg(report: _Report, path: Path_, reference: str, file: Path) -> bool:
    """An SVG must keep to the stand subset (`kiosk.content.svg`): each problem at the
    stand.yaml line naming it, with the line in the drawing. True when it does."""
    from kiosk.content import svg

    with file.open("rb") as handle:
        found = svg.inspect(handle.read(svg.MAX_BYTES + 1))
    for problem in found.problems:
        report.error(path, f"SVG '{reference}', line {problem.line}: {problem.message}",
                     problem.hint)
    return found.ok


def _check_unused_media(report: _Report, folder: Path, used: set[Path]) -> None:
    media = folder / "media"
    if not media.is_dir():
        return
    resolved = {_resolved(p) for p in used}
    for file in sorted(media.rglob("*")):
        if file.is_file() and not file.name.startswith(".") and _resolved(file) not in resolved:
            report.problems.append(Problem(
                file, 1, 1, Severity.WARNING, "this media file is not used by the stand",
                "remove it, so the stand stays small",
            ))


def _resolved(path: Path) -> Path:
    """`path` with its links resolved; as it is when that fails (a NUL byte, a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path
