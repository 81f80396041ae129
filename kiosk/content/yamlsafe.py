"""The one place YAML is read: the safe loader only, with the line and column of every node.

`load_located` turns a YAML document into plain Python values (dict, list, str, int, ...)
plus a table from each value's path (the keys and indices that lead to it) to where its
key and its value stand in the file, so validation can name FILE:LINE:COLUMN.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

MAX_NODES = 200_000
"""More nodes than any hand-written stand has; guards against alias bombs ("billion laughs")."""


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """A YAML document as Python values, with the marks of every key and value."""

    data: Any
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    duplicates: list[tuple[Path_, Mark]] = field(default_factory=list)

    def mark(self, path: Path_, *, prefer_key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return Mark(1, 1)
            probe = probe[:-1]


class YamlError(Exception):
    """A document that is not YAML, or not YAML this program accepts."""

    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


def line_break(text: str) -> str:
    """The line break `text` is written with, as an editor reads it: \\n (LF or CRLF), or
    \\r for a file saved with the line ends of old Macs (CR only, no LF anywhere)."""
    return "\r" if "\n" not in text and "\r" in text else "\n"


class _Lines:
    """Line and column of a character index, counting line breaks as an editor does: \\n,
    or \\r in a file of CR line ends only (`line_break`).

    PyYAML also counts a stray \\r among LF line ends, U+0085, U+2028 and U+2029 as line
    breaks; a text editor does not, so marks are computed from the character index instead.
    """

    def __init__(self, text: str) -> None:
        brk = line_break(text)
        self.starts = [0]
        self.starts.extend(found.end() for found in re.finditer(brk, text))  # not char by char

    def at(self, index: int) -> Mark:
        line = bisect.bisect_right(self.starts, index)
        return Mark(line, index - self.starts[line - 1] + 1)

    def of(self, mark: yaml.Mark | None) -> Mark:
        return Mark(1, 1) if mark is None else self.at(mark.index)

    def node(self, node: yaml.Node | yaml.Token) -> Mark:
        return self.at(node.start_mark.index)


def load_located(text: str) -> Located:
    """Parse one YAML document with the safe loader, keeping marks. Raises YamlError.

    A document is read with libyaml's safe loader where PyYAML has it (several times faster
    on large stands); one that does not parse is parsed again by the pure-Python safe
    loader, whose errors say more precisely what and where, unless it is longer than
    `PRECISE_CHARS`.
    """
    with _collector_paused():
        lines = _Lines(text)
        loader_class = getattr(yaml, "CSafeLoader", None)
        if loader_class is None or (not text.isascii() and any(c in text for c in _ODD_BREAKS)):
            return _load(text, yaml.SafeLoader, lines)
        if len(text) > PRECISE_CHARS:
            return _load(text, loader_class, lines)
        try:
            return _load(text, loader_class, lines, explain=False)
        except (YamlError, yaml.YAMLError, ValueError, RecursionError):
            return _load(text, yaml.SafeLoader, lines)


PRECISE_CHARS = 256 * 1024
"""The longest document whose errors the pure-Python loader explains (six times the largest
stand): reading 4 MB in Python takes seconds, so a larger one keeps libyaml's words, which
name what was expected but not what was found."""

_ODD_BREAKS = ("\u2028", "\u2029", "\x85")
_PYYAML_BREAKS = ("\n", "\r", *_ODD_BREAKS)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a document is read: the hundreds of thousands of
    nodes of a large one set it off again and again (2 s of 2.5 for a 4 MB stand)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(
    text: str, loader_class: type[yaml.SafeLoader], lines: _Lines | None = None, *,
    explain: bool = True,
) -> Located:
    """Read `text` with `loader_class`; `explain` False: YAML errors are raised as they
    are, for the caller to parse again (explaining them scans the whole text once more)."""
    if lines is None:
        lines = _Lines(text)
    try:
        yaml.reader.Reader(text)  # the characters YAML refuses, as libyaml checks them late
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, anywhere
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise YamlError(
            f"the character U+{code:04X} is not allowed in YAML", lines.at(exc.position)
        ) from None
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            if not explain:
                raise
            if exc.problem == "found character that cannot start any token" and exc.problem_mark:
                character = text[exc.problem_mark.index:exc.problem_mark.index + 1]
                exc.problem = f"found character {character!r} that cannot start any token"  # libyaml
            if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own limit
                raise YamlError(_TOO_DEEP, lines.of(exc.problem_mark)) from None
            quote = _runaway_quote(text, exc, loader_class)
            if quote is not None:
                raise YamlError(
                    "YAML syntax: the quoted text that starts here runs on to line "
                    f"{lines.at(quote.end_mark.index).line}", lines.node(quote),
                ) from None
            ended = _document_end(text, exc, lines)
            if ended is not None:
                raise YamlError(f"YAML syntax: {DOCUMENT_END}", lines.at(ended)) from None
            raise YamlError(f"YAML syntax: {_syntax_message(exc, lines)}",
                            _syntax_mark(exc, lines)) from None
        except yaml.YAMLError as exc:
            raise YamlError(f"YAML syntax: {_one_line(exc)}", Mark(1, 1)) from None
        except RecursionError:
            raise YamlError(_TOO_DEEP, lines.of(loader.get_mark())) from None
        located = Located(data=None)
        if root is None:
            return located
        state = _State(lines)
        try:
            located.data = _convert(loader, root, (), located, state)
        except RecursionError:  # pragma: no cover - MAX_DEPTH stops well before this
            raise YamlError(_TOO_DEEP, Mark(1, 1)) from None
        return located
    finally:
        loader.dispose()


MAX_DEPTH = 64
"""Deeper than any stand nests (about 8 levels); keeps conversion well inside Python's stack."""

_TOO_DEEP = "the document is nested too deeply"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"
_YAML_1_1_ONLY = frozenset({_BOOL_TAG, _INT_TAG, _FLOAT_TAG, _STR_TAG})
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_DECIMAL_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
"""The numbers YAML 1.2 reads: plain digits, decimals. YAML 1.1 (PyYAML) also reads `1_000`,
`0b101`, `0x10`, `1_0.5` as numbers, so a title `1_000` showed `1000` and `0b11` showed `3`."""


class Decimals(float):
    """A plain decimal number (`3.10`) that keeps its text as written, for a value that is
    text (a title `3.10` shows `3.10`, not `3.1`)."""

    text: str

    def __new__(cls, text: str) -> Decimals:
        number = super().__new__(cls, float(text))
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[Any, ...]:
        return Decimals, (self.text,)


class Digits(int):
    """A plain number written with leading zeros (`0613`, `08`): the number YAML 1.2 reads,
    whose text is still the digits as written, for a value that is text (an id, a name)."""

    text: str

    def __new__(cls, text: str) -> Digits:
        number = super().__new__(cls, int(text, 10))
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text

    def __reduce__(self) -> tuple[Any, ...]:
        return Digits, (self.text,)


MAX_DIGITS = 100
"""The most digits a plain number is read with (a stand's largest number has 16); longer
digits stay text (`LongNumber`), for validation to refuse in its own words. Reading digits
as a number costs the square of their count, and Python refuses past 4,300 of them."""
_LONG_DECIMAL = re.compile(rf"[-+]?0*[1-9][0-9]{{{MAX_DIGITS},}}\.[0-9]*")
"""A decimal whose whole part has more digits than that: a `LongNumber` too (past 309 digits
it read as infinity, and validation said 'inf')."""


class LongNumber(str):
    """A plain whole number of more than `MAX_DIGITS` digits (or a decimal whose whole part
    has more, besides zeros in front: `_LONG_DECIMAL`), kept as written: as a text
    (`title: 1111...`) it shows as it is; where a number is expected, validation says how
    long it is (`kiosk.content.model`)."""

    __slots__ = ()

    @property
    def digits(self) -> int:
        return sum(char.isdigit() for char in self)

    def __repr__(self) -> str:  # as a message quotes it: not thousands of digits
        return f"a number of {self.digits:,} digits"

    def __reduce__(self) -> tuple[Any, ...]:
        return str, (str(self),)  # pickled as the text it is


def _as_yaml_1_2(node: yaml.ScalarNode) -> str | int | float | None:
    """Plain values that only YAML 1.1 reads as something else, read as staff mean them
    (and as YAML 1.2 does): `no`, `yes`, `on`, `off` stay words (`no` is Norwegian's code),
    `10:30` stays a time rather than the base-60 number 630, and `0613` is 613, not the
    octal 395 (and `08` is 8, as `0613` is); as text (an id) they stay as written; digits
    too many to read stay a `LongNumber`. None for every other value."""
    value = str(node.value)
    if len(value) > MAX_DIGITS and (_DECIMAL_INT.fullmatch(value) or _LONG_DECIMAL.fullmatch(value)):
        return LongNumber(value)
    if node.tag == _BOOL_TAG:
        return None if value.lower() in ("true", "false") else value
    if _LEADING_ZERO.fullmatch(value):
        return Digits(value)
    if node.tag == _INT_TAG and not _DECIMAL_INT.fullmatch(value):
        return value  # `0x10`, `0b101`, `1_000`: text as written (YAML 1.2 has no `0b`, `_`)
    if node.tag == _FLOAT_TAG:
        if _DECIMAL_FLOAT.fullmatch(value) and math.isfinite(float(value)):
            return Decimals(value)
        return None if _DECIMAL_FLOAT.fullmatch(value) or _SPECIAL_FLOAT.fullmatch(value) else value
    if node.tag != _STR_TAG and ":" in value:
        return value
    return None


_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"


@dataclass
class _State:
    lines: _Lines
    budget: int = MAX_NODES
    open: set[int] = field(default_factory=set)  # ids of the nodes being converted (cycles)
    own_keys: dict[int, set[int]] = field(default_factory=dict)  # mapping -> its own key nodes


def _syntax_mark(exc: yaml.MarkedYAMLError, lines: _Lines) -> Mark:
    """Where a syntax error starts: for an unclosed quote or bracket, where it was opened."""
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark
    context = exc.context or ""
    if opened is not None and (
        context.startswith(("while scanning a quoted scalar", "while scanning a simple key"))
        or (
            context.startswith(("while parsing a flow mapping", "while parsing a flow sequence"))
            and exc.problem_mark is not None
            and exc.problem_mark.line != opened.line
        )
    ):
        mark = opened
    return lines.of(mark)


def _syntax_message(exc: yaml.MarkedYAMLError, lines: _Lines) -> str:
    """PyYAML's problem and context as one sentence. Its context is either where it was
    ("while parsing a block mapping": it goes after the problem) or the first half of the
    sentence (a composer's "expected a single document", "found duplicate anchor")."""
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if context == "expected a single document in the stream":
        return SECOND_DOCUMENT
    duplicate = re.fullmatch(r"found duplicate anchor( .+)?; first occurrence", context)
    if duplicate and exc.context_mark is not None:  # libyaml does not name it
        return (f"the anchor{duplicate.group(1) or ''} is defined a second time here (first on "
                f"line {lines.of(exc.context_mark).line})")
    if not context:
        return problem
    return f"{problem} {context}" if context.startswith("while") else f"{context}, {problem}"


SECOND_DOCUMENT = "a second YAML document starts here; stand.yaml must be a single document"
DOCUMENT_END = "this '...' line ends the YAML document, but stand.yaml goes on after it"


def _document_end(text: str, exc: yaml.MarkedYAMLError, lines: _Lines) -> int | None:
    """Where the `...` line stands that ended the document before the text the error is at
    (PyYAML: "expected '<document start>', but found '<block mapping start>'"), if it is
    that error: only blank and comment lines come between them."""
    found = exc.problem_mark
    if found is None or "<document start>" not in (exc.problem or ""):
        return None
    ended = None  # the first of several `...` lines: the one that ended it
    line = lines.at(found.index).line - 1  # 1-based: the line before the error's
    while line >= 1:
        start = lines.starts[line - 1]
        end = lines.starts[line] - 1 if line < len(lines.starts) else len(text)
        written = text[start:end].rstrip("\r")
        if re.match(r"\.\.\.(?:[ \t]|$)", written):
            ended = start
        elif written.strip(" \t") and not written.lstrip(" \t").startswith("#"):
            break
        line -= 1
    return ended


def _runaway_quote(
    text: str, exc: yaml.MarkedYAMLError, loader_class: type[yaml.SafeLoader],
) -> yaml.ScalarToken | None:
    """A quoted text spanning lines that ends where the error is: likely an unclosed quote."""
    problem = exc.problem_mark
    if problem is None:
        return None
    start = max(text.rfind(brk, 0, problem.index) for brk in _PYYAML_BREAKS) + 1
    ends = [text.find(brk, problem.index) for brk in _PYYAML_BREAKS]
    end = min((found for found in ends if found >= 0), default=len(text))
    if "'" not in text[start:end] and '"' not in text[start:end]:
        return None  # no quote ends on its line: spare scanning the whole text for one
    found: yaml.ScalarToken | None = None
    try:
        for token in yaml.scan(text, Loader=loader_class):
            if token.start_mark.index >= problem.index:
                break
            if (
                isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                and token.start_mark.line < token.end_mark.line == problem.line
            ):
                found = token
    except yaml.YAMLError:
        pass
    return found


def _one_line(exc: Exception) -> str:
    """A YAML error as one line: its problem, without the file excerpt PyYAML appends."""
    if isinstance(exc, yaml.MarkedYAMLError):
        return exc.problem or exc.context or "invalid value"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode, lines: _Lines) -> Any:
    if node.tag in _YAML_1_1_ONLY and not node.style:  # plain (libyaml says "", PyYAML None)
        kept = _as_yaml_1_2(node)
        if kept is not None:
            return kept
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        if node.tag == _TIMESTAMP_TAG:
            return node.value  # 2023-02-30: looks like a date but is none; validation says so
        raise YamlError(f"cannot read this value: {_one_line(exc)}", lines.node(node)) from None


def _convert(
    loader: yaml.SafeLoader, node: yaml.Node, path: Path_, out: Located, state: _State
) -> Any:
    here = state.lines.node(node)
    state.budget -= 1
    if state.budget < 0:
        raise YamlError("the document is too large (too many values or aliases)", here)
    if len(path) > MAX_DEPTH:
        raise YamlError(_TOO_DEEP, here)
    out.values.setdefault(path, here)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node, state.lines)
    if node.tag not in (_SEQ_TAG, _MAP_TAG):  # e.g. !!python/object/apply on a list
        raise YamlError(f"cannot read this value: the tag '{node.tag}' is not supported", here)
    if id(node) in state.open:
        raise YamlError("an alias (*name) refers to the value that contains it", here)
    state.open.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [
                _convert(loader, child, (*path, index), out, state)
                for index, child in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            return _convert_mapping(loader, node, path, out, state)
    finally:
        state.open.discard(id(node))
    raise YamlError("unsupported YAML node", here)  # pragma: no cover


def _convert_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: Path_, out: Located, state: _State
) -> dict[Any, Any]:
    lines = state.lines
    own = state.own_keys.get(id(node))
    if own is None:  # first visit: remember which keys are written here, not merged in
        own = {id(key) for key, _ in node.value if key.tag != _MERGE_TAG}
        state.own_keys[id(node)] = own
        try:
            loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        except yaml.YAMLError as exc:
            raise YamlError(f"YAML merge: {_one_line(exc)}", lines.node(node)) from None
    # merged keys come first; a key written here overrides a merged one, the first merged wins
    chosen: dict[Any, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YamlError("a key must be a plain word, not a list or a map", lines.node(key_node))
        key = _scalar(loader, key_node, lines)
        if not isinstance(key, str | int) or isinstance(key, bool):
            key = str(key_node.value)  # `no:`, `on:`, `~:`, dates: the key as written
        if key in chosen:
            if chosen[key][0] is key_node or id(key_node) not in own:
                continue  # merged twice, or a map merged into itself: the first one wins
            if id(chosen[key][0]) in own:
                out.duplicates.append(((*path, key), lines.node(key_node)))
                continue
        chosen[key] = (key_node, value_node)
    result: dict[Any, Any] = {}
    for key, (key_node, value_node) in chosen.items():
        child_path = (*path, key)
        out.keys[child_path] = lines.node(key_node)
        result[key] = _convert(loader, value_node, child_path, out, state)
    return result
