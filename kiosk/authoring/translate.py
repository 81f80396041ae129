"""The translation round trip: `kiosk translate export | import` (PO files through polib,
or XLIFF 1.2 through the standard library).

Export writes every visitor-facing text of a stand that is given per language (a map such as
`{en: ..., az: ...}`) as one PO entry:
- msgctxt: its id, the panel's id (or `sources/<id>`, or the stand's own field) and the path
  to the field, e.g. `background/sections/1/heading`;
- a comment with its context (panel, kind, field) and `#: stand.yaml:LINE`;
- msgid: the text in the stand's first language (the source language);
- msgstr: the text in the target language, if the stand has one already.
A bare string (`title: Mini`) is the same in every language by design, and not exported.

Import writes the translations back into stand.yaml by editing its text at the spans the
YAML parser marks for each value: every other character of the file, its comments, blank
lines, quoting and layout, stays as it was. (ruamel.yaml round-trips comments too, but it
writes the whole document again, re-indenting and re-wrapping what it does not keep exactly;
editing spans keeps the file byte for byte outside the texts it changes.) A new language is
appended to `languages:`, and where the stand keeps translation states (`translations:`), the
language's becomes `review` (awaiting review). The stand is then validated; if the edit made
it fail, the file is put back as it was.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from kiosk import __version__
from kiosk.content import LoadResult, load_stand
from kiosk.content.problems import printable
from kiosk.content.result import STAND_FILE
from kiosk.content.yamlsafe import load_located

Path_ = tuple[str | int, ...]

TEXT_FIELDS = frozenset({
    "title", "subtitle", "headline", "prompt", "heading", "body", "caption", "credit", "label",
    "note", "intro", "name", "text", "speaker", "role", "occasion", "publisher", "notice",
    "sensitive_notice",
})
"""The fields whose value is a visitor-facing text (a map of languages); `original` is not
one (the words as said, in one language)."""


class TranslateError(Exception):
    """Why a translation cannot be exported or imported (said to staff as it is)."""


@dataclass(frozen=True)
class Unit:
    """One text to translate."""

    context: str  # the id: panel id and field path
    path: Path_  # the path to the text's map in the document
    comment: str
    line: int
    source: str
    translation: str | None


def _read(folder: Path) -> tuple[Path, str]:
    file = folder / STAND_FILE if folder.is_dir() else folder
    if not file.is_file():
        raise TranslateError(f"no {STAND_FILE} in '{folder}'")
    return file, file.read_bytes().decode("utf-8-sig")


def _context(data: dict[str, Any], path: Path_) -> tuple[str, str]:
    """The id of the text at `path`, and words that place it for a translator."""
    steps: list[str] = []
    where = "the stand"
    rest = path
    if len(path) >= 2 and path[0] in ("panels", "sources") and isinstance(path[1], int):
        items = data.get(path[0])
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else {}
        ident = item.get("id") if isinstance(item, dict) else None
        ident = str(ident) if isinstance(ident, str | int) else str(path[1])
        if path[0] == "panels":
            kind = item.get("kind") if isinstance(item, dict) else None
            steps.append(ident)
            where = f"panel '{ident}' ({kind})"
        else:
            steps += ["sources", ident]
            where = f"source '{ident}'"
        rest = path[2:]
    steps += [str(step) for step in rest]
    field_words = ".".join(str(step) if isinstance(step, str) else f"[{step}]" for step in rest)
    return "/".join(steps), f"{where}, field {field_words.replace('.[', '[')}"


def _walk(value: Any, path: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Every text map in the document: a TEXT_FIELDS key whose value is a map."""
    if isinstance(value, dict):
        for key, child in value.items():
            here = (*path, key)
            if key in TEXT_FIELDS and isinstance(child, dict) and path[:1] != ("labels",):
                yield here, child
            else:
                yield from _walk(child, here)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index))


def iter_texts(data: Any) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """Every visitor-facing text given per language in a stand's data, with its path."""
    return _walk(data, ())


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def units(folder: Path, language: str) -> tuple[list[str], list[Unit]]:
    """The stand's languages, and every text to translate into `language`."""
    _, text = _read(folder)
    located = load_located(text)
    data = located.data
    if not isinstance(data, dict):
        raise TranslateError(f"{STAND_FILE} is not a map of fields; run 'kiosk validate'")
    languages = [str(lang) for lang in data.get("languages") or [] if isinstance(lang, str)]
    if not languages:
        raise TranslateError("the stand names no languages; run 'kiosk validate'")
    source = languages[0]
    found: list[Unit] = []
    for path, texts in _walk(data, ()):
        original = _as_text(texts.get(source))
        if original is None or not original.strip():
            continue  # nothing to translate from (validation warns of it)
        context, comment = _context(data, path)
        found.append(Unit(context, path, comment, located.mark(path).line, original,
                          _as_text(texts.get(language))))
    return languages, found


# --- export --------------------------------------------------------------------------


def export_po(folder: Path, language: str) -> str:
    """A PO file of every text of the stand, for translation into `language`."""
    import polib

    languages, found = units(folder, language)
    if language == languages[0]:
        raise TranslateError(f"'{language}' is the stand's source language (its first); "
                             "give another, e.g. --to fr")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": _stand_id(folder),
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"kiosk {__version__}",
        "X-Source-Language": languages[0],
    }
    for unit in found:
        po.append(polib.POEntry(
            msgctxt=unit.context, msgid=unit.source, msgstr=unit.translation or "",
            comment=unit.comment, occurrences=[(STAND_FILE, str(unit.line))],
        ))
    return str(po)


def _stand_id(folder: Path) -> str:
    _, text = _read(folder)
    data = load_located(text).data
    ident = data.get("id") if isinstance(data, dict) else None
    return str(ident) if ident is not None else folder.name


# --- import --------------------------------------------------------------------------


@dataclass
class Imported:
    language: str
    written: int = 0  # texts added or changed
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # why, for each entry not imported
    result: LoadResult | None = None
    restored: bool = False  # the edit made the stand fail and was undone
    state: str | None = None  # the language's translation state, when it was set


def read_po(file: Path) -> tuple[str, dict[str, str], list[str]]:
    """A PO file's language, its translations by id, and the entries left out (and why)."""
    import polib

    try:
        po = polib.pofile(str(file), encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise TranslateError(f"cannot read '{file}' as a PO file: {exc}") from None
    language = str(po.metadata.get("Language", "")).strip()
    if not language:
        raise TranslateError(f"'{file}' names no language (its 'Language:' header is empty)")
    translations: dict[str, str] = {}
    skipped: list[str] = []
    for entry in po:
        if entry.obsolete or not entry.msgctxt:
            continue
        if "fuzzy" in entry.flags:
            skipped.append(f"{entry.msgctxt}: marked fuzzy (needs work); not imported")
        elif entry.msgstr.strip():
            translations[entry.msgctxt] = entry.msgstr
    return language.replace("_", "-"), translations, skipped


XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
MAX_XLIFF_BYTES = 16 * 1024 * 1024


def export_xliff(folder: Path, language: str) -> str:
    """An XLIFF 1.2 file of every text of the stand (for CAT tools: Trados, memoQ, OmegaT),
    written with the standard library: one trans-unit a text, its id the PO's msgctxt."""
    from xml.etree import ElementTree as ET

    languages, found = units(folder, language)
    if language == languages[0]:
        raise TranslateError(f"'{language}' is the stand's source language (its first); "
                             "give another, e.g. --to fr")
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(f"{{{XLIFF_NS}}}xliff", version="1.2")
    file = ET.SubElement(root, f"{{{XLIFF_NS}}}file", {
        "original": STAND_FILE, "source-language": languages[0], "target-language": language,
        "datatype": "plaintext", "product-name": f"kiosk {__version__}",
    })
    body = ET.SubElement(file, f"{{{XLIFF_NS}}}body")
    for unit in found:
        element = ET.SubElement(body, f"{{{XLIFF_NS}}}trans-unit",
                                {"id": unit.context, "resname": unit.context})
        ET.SubElement(element, f"{{{XLIFF_NS}}}source").text = unit.source
        target = ET.SubElement(element, f"{{{XLIFF_NS}}}target",
                               {"state": "translated" if unit.translation else "new"})
        target.text = unit.translation or ""
        ET.SubElement(element, f"{{{XLIFF_NS}}}note").text = (
            f"{unit.comment}; {STAND_FILE} line {unit.line}")
    ET.indent(root, space="  ")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def read_xliff(file: Path) -> tuple[str, dict[str, str], list[str]]:
    """An XLIFF 1.2 file's target language, its translations by id, and the units left out.
    A file with a DOCTYPE (entities: the "billion laughs") is refused unread."""
    from xml.etree import ElementTree as ET

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise TranslateError(f"cannot read '{file}': {exc.strerror or exc}") from None
    if len(data) > MAX_XLIFF_BYTES:
        raise TranslateError(f"'{file}' is larger than {MAX_XLIFF_BYTES // 2**20} MB")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise TranslateError(f"'{file}' declares a DOCTYPE or entities; an XLIFF file needs "
                             "neither (export it again from the translation tool)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise TranslateError(f"cannot read '{file}' as XLIFF: {exc}") from None
    ns = {"x": XLIFF_NS}
    element = root.find("x:file", ns)
    language = element.get("target-language", "") if element is not None else ""
    if not language:
        raise TranslateError(f"'{file}' names no target language (target-language)")
    translations: dict[str, str] = {}
    skipped: list[str] = []
    for unit in root.iterfind(".//x:trans-unit", ns):
        ident = unit.get("id", "")
        target = unit.find("x:target", ns)
        if not ident or target is None:
            continue
        text = "".join(target.itertext())
        state = target.get("state", "")
        if state.startswith("needs-review") or state in ("needs-adaptation", "needs-l10n"):
            skipped.append(f"{ident}: marked {state}; not imported")
        elif state not in ("new", "needs-translation") and text.strip():
            translations[ident] = text
    return language, translations, skipped


def import_po(folder: Path, po_file: Path) -> Imported:
    """Write the translations of `po_file` (PO, or XLIFF when named .xlf or .xliff) into the
    stand's stand.yaml, then validate it."""
    reader = read_xliff if po_file.suffix.lower() in (".xlf", ".xliff") else read_po
    if po_file.is_file() and po_file.stat().st_size > MAX_XLIFF_BYTES:
        raise TranslateError(f"'{po_file}' is larger than {MAX_XLIFF_BYTES // 2**20} MB")
    written_as, translations, skipped = reader(po_file)
    language = _language_code(written_as, po_file)
    outcome = Imported(language, skipped=skipped)
    file, original = _read(folder)
    bom = file.read_bytes().startswith(b"\xef\xbb\xbf")
    languages, found = units(folder, language)
    if language == languages[0]:
        raise TranslateError(f"'{language}' is the stand's source language; a translation "
                             "into it cannot be imported")
    by_context = {unit.context: unit for unit in found}
    for context in translations:
        if context not in by_context:
            outcome.skipped.append(f"{context}: no such text in the stand (changed since the "
                                   "export?); not imported")
    edits = _Editor(original)
    for context, unit in by_context.items():
        text = translations.get(context)
        if text is None:
            continue
        if text == unit.translation:
            outcome.unchanged += 1
            continue
        edits.set_text(unit.path, language, text)
        outcome.written += 1
    if language not in languages and (outcome.written or outcome.unchanged):
        edits.append_language(language)
    states = load_located(original).data.get("translations")
    if outcome.written and isinstance(states, dict) and states:
        if states.get(language) != "review":  # new words await review
            edits.set_text(("translations",), language, "review", word=True)
        outcome.state = "review"
    before = load_stand(folder)
    changed = edits.apply()
    if changed != original:
        _write(file, changed, bom=bom)
    outcome.result = load_stand(folder)
    if len(outcome.result.errors) > len(before.errors):
        _write(file, original, bom=bom)  # as it was
        outcome.restored = True
    return outcome


def _language_code(written: str, file: Path) -> str:
    """The file's language as a code for stand.yaml; the file is untrusted: anything but a
    language code (a line break, a colon) is refused before it can reach the YAML text."""
    from kiosk.content import langtags
    from kiosk.content.plain import LANGUAGE_RE

    shown = printable(written[:40])
    if not LANGUAGE_RE.fullmatch(written):
        raise TranslateError(f"'{file}': '{shown}' is not a language code (such as fr, pt-BR)")
    problem = langtags.check(written)
    if problem is not None and not problem.written_as:
        raise TranslateError(f"'{file}': {problem.message}")
    code = problem.written_as if problem is not None and problem.written_as else written
    if not LANGUAGE_RE.fullmatch(code):  # pragma: no cover - langtags gives codes only
        raise TranslateError(f"'{file}': '{shown}' is not a language code")
    return code


def _write(file: Path, text: str, *, bom: bool) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    descriptor, temporary = tempfile.mkstemp(prefix=".stand-", dir=file.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Editor:
    """Edits to a YAML text at the spans its parser marks, applied from last to first."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if root is None:
            raise TranslateError(f"{STAND_FILE} is empty")
        self.root: yaml.Node = root
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement)

    def node(self, path: Path_) -> yaml.Node:
        node = self.root
        for step in path:
            if isinstance(node, yaml.MappingNode):
                node = next(value for key, value in node.value if key.value == step)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                node = node.value[step]
            else:
                raise TranslateError(f"cannot find {'/'.join(map(str, path))} in {STAND_FILE}")
        return node

    def _content_end(self, node: yaml.Node) -> int:
        """Where a value's own characters end (a block scalar's marks take in the line
        breaks after it)."""
        end = node.end_mark.index
        while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
            end -= 1
        return end

    def _line_indent(self, index: int) -> str:
        start = self.text.rfind("\n", 0, index) + 1
        line = self.text[start:index]
        return line[: len(line) - len(line.lstrip(" "))]

    def set_text(self, path: Path_, language: str, text: str, *, word: bool = False) -> None:
        """Give `path`'s map the `language` entry `text` (`word`: a plain word, unquoted)."""
        mapping = self.node(path)
        if not isinstance(mapping, yaml.MappingNode):
            raise TranslateError(f"{'/'.join(map(str, path))} is not a text per language")
        for key, value in mapping.value:
            if key.value == language:
                indent = " " * key.start_mark.column
                flow = mapping.flow_style or not isinstance(value, yaml.ScalarNode)
                written = text if word else _scalar(text, indent, flow=bool(flow),
                                                    newline=self.newline)
                self.edits.append((value.start_mark.index, self._content_end(value), written))
                return
        if not mapping.value:
            raise TranslateError(f"{'/'.join(map(str, path))} is an empty map")
        first_key, _ = mapping.value[0]
        _, last_value = mapping.value[-1]
        if mapping.flow_style:
            end = mapping.end_mark.index - 1  # at the closing brace
            while end > 0 and self.text[end - 1] in " \t":
                end -= 1
            written = text if word else _scalar(text, "", flow=True)
            self.edits.append((end, end, f", {language}: {written}"))
            return
        indent = " " * first_key.start_mark.column
        at = self._line_end(self._content_end(last_value))
        written = text if word else _scalar(text, indent, flow=False, newline=self.newline)
        entry = f"{indent}{language}: {written}"
        self.edits.append((at, at, self.newline + entry))

    def _line_end(self, index: int) -> int:
        """The end of the line `index` is on (before its line break): after any comment."""
        end = self.text.find("\n", index)
        if end < 0:
            return len(self.text)
        return end - 1 if end > 0 and self.text[end - 1] == "\r" else end

    def append_language(self, language: str) -> None:
        node = self.node(("languages",))
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            raise TranslateError("'languages:' is not a list of codes; run 'kiosk validate'")
        if node.flow_style:
            end = node.end_mark.index - 1  # at the closing bracket
            while end > 0 and self.text[end - 1] in " \t":
                end -= 1
            self.edits.append((end, end, f", {language}"))
            return
        last = node.value[-1]
        dash = self.text.rfind("-", 0, last.start_mark.index)
        indent = self._line_indent(dash) if dash >= 0 else ""
        at = self._line_end(self._content_end(last))
        self.edits.append((at, at, f"{self.newline}{indent}- {language}"))

    def apply(self) -> str:
        text = self.text
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            text = text[:start] + replacement + text[end:]
        return text


def _scalar(text: str, indent: str, *, flow: bool, newline: str = "\n") -> str:
    """`text` as a YAML value: a literal block (`|-`) for several lines in block context,
    else a double-quoted string (JSON's escapes are YAML's)."""
    block_safe = (
        not flow and "\n" in text and text == text.strip()
        and all(line == line.rstrip() for line in text.split("\n"))
        and all(char == "\n" or char.isprintable() for char in text)
    )
    if block_safe:
        inner = indent + "  "
        lines = [inner + line if line else "" for line in text.split("\n")]
        return "|-" + newline + newline.join(lines)
    quoted = json.dumps(text, ensure_ascii=False)
    if quoted.isprintable():
        return quoted
    # a character YAML reads as a line break (U+2028) or a control: written as its escape
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF
                   else f"\\U{ord(c):08x}" for c in quoted)
