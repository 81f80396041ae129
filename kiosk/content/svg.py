"""The SVG a stand may carry, and the copy of it the kiosk draws (no Qt).

An SVG is a second content language: XML that can name other files, run to any depth and
multiply its shapes with `<use>`. A stand's SVG must keep to a safe subset, checked here
with a plain XML parser (expat: no DTD entities, nothing fetched):

- only drawing elements (shapes, groups, gradients, patterns, clip paths, masks, markers,
  `<use>`, `<image>`, `<style>`); no `<script>`, `<foreignObject>`, links, animation, and
  no `<text>`: words in a picture are drawn with whatever fonts the machine has, cannot be
  translated and do not grow with larger text, so they must be turned into outlines;
- every reference (`href`, `url(...)`) names a part of the same file (`#id`), or, on an
  `<image>`, a PNG or JPEG embedded as `data:` that passes the kiosk's image checks;
- at most `MAX_BYTES`, `MAX_ELEMENTS` elements, `MAX_DEPTH` levels (counted through every
  `<use>` and `url(#...)`), `MAX_DRAWN` shapes drawn once every reference is expanded, and
  `MAX_EMBEDDED_PIXELS` in embedded pictures.

`inspect` reports what breaks these rules, each at its line in the SVG. The kiosk never
draws the file itself: `safe_copy` writes out only what this module understood and allowed
(no DOCTYPE, no processing instruction, no reference but `#id` and a checked `data:`
picture), so even a file that reached the screen without validation cannot make the
renderer open anything.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

MAX_BYTES = 4 * 1024 * 1024
MAX_ELEMENTS = 10_000
MAX_DEPTH = 48
MAX_DRAWN = 10_000
MAX_EMBEDDED_PIXELS = 16_000_000
MAX_PROBLEMS = 5
"""At most this many problems are told per file (one broken export tends to repeat)."""

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_SEP = "\x1f"  # expat's separator between a namespace and a local name

SHAPES = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image"})
STRUCTURE = frozenset({"svg", "g", "defs", "symbol", "use", "switch"})
PAINT = frozenset({
    "linearGradient", "radialGradient", "stop", "solidColor", "pattern", "clipPath", "mask",
    "marker",
})
META = frozenset({"title", "desc", "metadata", "style"})
ALLOWED = SHAPES | STRUCTURE | PAINT | META
NOT_DRAWN_IN_PLACE = frozenset({
    "defs", "symbol", "linearGradient", "radialGradient", "solidColor", "pattern", "clipPath",
    "mask", "marker", "title", "desc", "metadata", "style",
})
"""Elements whose content is drawn only where something refers to it."""
GRADIENTS = frozenset({"linearGradient", "radialGradient", "solidColor"})
TEXT_HINT = ("turn the words into outlines before exporting (Inkscape: Path > Object to Path; "
             "Illustrator: Type > Create Outlines), or put them in stand.yaml as a caption")
_REFUSED = {
    "script": ("a script", "remove it: the kiosk runs no scripts"),
    "foreignObject": ("HTML inside the drawing (<foreignObject>)", "remove it"),
    "a": ("a link (<a>)", "remove the link: visitors cannot follow it"),
    "text": ("text (<text>)", TEXT_HINT),
    "tspan": ("text (<tspan>)", TEXT_HINT),
    "textPath": ("text (<textPath>)", TEXT_HINT),
    "textArea": ("text (<textArea>)", TEXT_HINT),
    "tref": ("text (<tref>)", TEXT_HINT),
    "altGlyph": ("text (<altGlyph>)", TEXT_HINT),
    "font": ("a font (<font>)", TEXT_HINT),
    "font-face": ("a font (<font-face>)", TEXT_HINT),
    "glyph": ("a font glyph", TEXT_HINT),
    "missing-glyph": ("a font glyph", TEXT_HINT),
    "animate": ("animation", "remove it: the kiosk shows still pictures"),
    "animateColor": ("animation", "remove it: the kiosk shows still pictures"),
    "animateMotion": ("animation", "remove it: the kiosk shows still pictures"),
    "animateTransform": ("animation", "remove it: the kiosk shows still pictures"),
    "set": ("animation (<set>)", "remove it: the kiosk shows still pictures"),
    "video": ("a video", "remove it: the kiosk shows still pictures"),
    "audio": ("a sound", "remove it"),
}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.S | re.I)
_ID = re.compile(r"[A-Za-z_][\w.:-]*\Z")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_DATA_IMAGE = re.compile(r"data:image/(png|jpe?g);base64,(.*)\Z", re.S | re.I)
_MARKER_PROPS = ("marker-start", "marker-mid", "marker-end", "marker")


@dataclass(frozen=True)
class SvgProblem:
    line: int
    column: int
    message: str
    hint: str = ""


class _Refused(Exception):
    def __init__(self, problem: SvgProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(eq=False)
class _Node:
    ns: str
    name: str
    attrs: dict[str, str]  # keys "name" or "namespace\x1fname"
    line: int
    column: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    refs: list[tuple[str, int, str]] = field(default_factory=list)  # (#id, times drawn, property)
    href: str | None = None  # the one reference this element draws or inherits (#id)

    @property
    def svg(self) -> bool:
        return self.ns in ("", SVG_NS)

    def where(self) -> tuple[int, int]:
        return self.line, self.column


@dataclass
class Inspection:
    """What `inspect` found: the problems (empty when the SVG may be shown), the declared
    size, and the drawing as understood (for `safe_copy`)."""

    problems: list[SvgProblem]
    width: float = 0.0
    height: float = 0.0
    elements: int = 0
    drawn: int = 0
    embedded: list[bytes] = field(default_factory=list)
    root: _Node | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def inspect(data: bytes) -> Inspection:
    """Check `data` against the stand SVG subset (see the module's text)."""
    if len(data) > MAX_BYTES:
        return Inspection([SvgProblem(
            1, 1, f"the drawing is larger than the {MAX_BYTES // (1024 * 1024)} MB a stand's "
            "SVG may have",
            "simplify it (fewer points), or export it as PNG",
        )])
    checker = _Checker()
    result = Inspection(checker.problems)
    try:
        root = checker.parse(data)
        result.elements, result.root = checker.count, root
        if root is None or not root.svg or root.name != "svg":
            checker.refuse(SvgProblem(1, 1, "the file is XML but not an SVG drawing",
                                      "export it from the drawing program as SVG"))
        elif not checker.problems:
            result.width = _length(root.attrs.get("width"))
            result.height = _length(root.attrs.get("height"))
            checker.check_references(root, result)
    except _Refused as exc:
        result.elements = checker.count
        if exc.problem not in checker.problems:
            checker.problems.append(exc.problem)
    result.problems = checker.problems[:MAX_PROBLEMS]
    return result


class _Checker:
    def __init__(self) -> None:
        self.problems: list[SvgProblem] = []
        self.count = 0
        self.ids: dict[str, _Node] = {}
        self.style_refs: list[tuple[str, _Node]] = []

    def refuse(self, problem: SvgProblem) -> None:
        self.problems.append(problem)
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Refused(problem)

    def parse(self, data: bytes) -> _Node | None:
        parser = expat.ParserCreate(namespace_separator=_SEP)
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        stack: list[_Node] = []
        root: list[_Node] = []

        def here() -> tuple[int, int]:
            return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

        def doctype(name: str, sysid: str | None, pubid: str | None, internal: int) -> None:
            if internal:
                raise _Refused(SvgProblem(*here(), "the file declares its own XML entities",
                                          "export it again as plain SVG"))

        def entity(*_: Any) -> None:
            raise _Refused(SvgProblem(*here(), "the file declares an XML entity",
                                      "export it again as plain SVG"))

        def external(*_: Any) -> int:
            raise _Refused(SvgProblem(*here(), "the file refers to an external XML entity",
                                      "export it again as plain SVG"))

        def instruction(target: str, data: str) -> None:
            if target.lower() == "xml-stylesheet":
                self.refuse(SvgProblem(*here(), "the file loads a style sheet from outside it",
                                       "remove the <?xml-stylesheet?> line"))

        def start(tag: str, attrs: dict[str, str]) -> None:
            ns, _, name = tag.rpartition(_SEP)
            line, column = here()
            self.count += 1
            if self.count > MAX_ELEMENTS:
                raise _Refused(SvgProblem(line, column, f"the drawing has more than "
                                          f"{MAX_ELEMENTS:,} elements",
                                          "simplify it, or export it as PNG"))
            if len(stack) >= MAX_DEPTH:
                raise _Refused(SvgProblem(line, column, f"the drawing is nested more than "
                                          f"{MAX_DEPTH} levels deep",
                                          "ungroup it, or export it as PNG"))
            node = _Node(ns, name, attrs, line, column)
            if stack:
                stack[-1].children.append(node)
            else:
                root.append(node)
            stack.append(node)
            if node.svg:
                self.element(node, nested=len(stack) > 1)

        def end(tag: str) -> None:
            stack.pop()

        def characters(text: str) -> None:
            if stack and stack[-1].svg and stack[-1].name == "style":
                stack[-1].text.append(text)

        parser.StartDoctypeDeclHandler = doctype
        parser.EntityDeclHandler = entity
        parser.UnparsedEntityDeclHandler = entity
        parser.ExternalEntityRefHandler = external
        parser.ProcessingInstructionHandler = instruction
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        try:
            parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise _Refused(SvgProblem(exc.lineno, exc.offset + 1,
                                      f"the file is not well-formed XML ({expat.ErrorString(exc.code)})",
                                      "export it again from the drawing program")) from None
        except RecursionError:  # pragma: no cover - the depth limit comes first
            raise _Refused(SvgProblem(1, 1, "the drawing is nested too deep")) from None
        for node in self._walk(root[0] if root else None):
            if node.name == "style" and node.svg:
                self.stylesheet(node)
        return root[0] if root else None

    @staticmethod
    def _walk(root: _Node | None) -> Iterator[_Node]:
        pending = [root] if root is not None else []
        while pending:
            node = pending.pop()
            yield node
            pending.extend(reversed(node.children))

    def element(self, node: _Node, nested: bool) -> None:
        where = node.where()
        if nested and node.name == "svg":
            self.refuse(SvgProblem(*where, "an <svg> inside the drawing is not drawn by the kiosk",
                                   "ungroup it into the main drawing, or export it as PNG"))
            return
        if node.name in _REFUSED:
            what, hint = _REFUSED[node.name]
            self.refuse(SvgProblem(*where, f"{what} is not allowed in a stand's SVG", hint))
            return
        if node.name not in ALLOWED:
            self.refuse(SvgProblem(
                *where, f"<{node.name}> is not part of the SVG a stand may use",
                "remove it, or export the picture as PNG",
            ))
            return
        for key, value in node.attrs.items():
            ns, _, name = key.rpartition(_SEP)
            if ns not in ("", XLINK_NS):
                continue  # another program's notes (inkscape:, sodipodi:); not drawn, not copied
            if name.lower().startswith("on"):
                self.refuse(SvgProblem(*where, f"the attribute '{name}' is a script",
                                       "remove it: the kiosk runs no scripts"))
            elif name == "href":
                self.reference(node, value)
            elif name == "style":
                self.urls(node, value, style=True)
            elif name == "id":
                if value in self.ids:
                    self.refuse(SvgProblem(*where, f"the id '{value}' is given twice",
                                           "give each part its own id"))
                self.ids[value] = node
            elif "url(" in value:
                self.urls(node, value, prop=name)

    def reference(self, node: _Node, value: str) -> None:
        value = value.strip()
        if value.startswith("#") and _ID.match(value[1:]):
            node.href = value[1:]
            return
        if node.name == "image" and value[:5].lower() == "data:":
            return  # checked with the others in check_references (it needs the limits)
        shown = value if len(value) <= 60 else value[:57] + "..."
        self.refuse(SvgProblem(
            *node.where(), f"<{node.name}> refers to '{shown}', outside the drawing",
            "a stand's SVG may only refer to its own parts ('#id'); embed pictures in it, "
            "or put them in stand.yaml",
        ))

    def urls(self, node: _Node, value: str, *, prop: str = "", style: bool = False) -> None:
        if not _readable(value):
            self.refuse(SvgProblem(*node.where(), f"'{prop or 'style'}' has a reference or "
                                   "escape the kiosk does not read", "write it as url(#id)"))
            return
        for match in _URL.finditer(value):
            if style:  # the property is the last name before the reference: "fill: url(#a)"
                names = re.findall(r"([\w-]+)\s*:", value[: match.start()])
                prop = names[-1].lower() if names else ""
            target = match.group(2).strip()
            if not (target.startswith("#") and _ID.match(target[1:])):
                self.refuse(SvgProblem(*node.where(), f"'{prop}' refers to '{target[:60]}', "
                                       "outside the drawing",
                                       "a stand's SVG may only refer to its own parts ('#id')"))
                continue
            times = 1
            if prop in ("marker-mid", "marker"):  # a marker on every point of the shape
                points = node.attrs.get("d", "") + node.attrs.get("points", "")
                times = max(1, len(_NUMBER.findall(points)) // 2)
            node.refs.append((target[1:], times, prop))

    def stylesheet(self, node: _Node) -> None:
        css = "".join(node.text)
        if not _readable(css):
            self.refuse(SvgProblem(*node.where(), "the style sheet has a reference or escape "
                                   "the kiosk does not read", "write references as url(#id)"))
        if re.search(r"@\s*(import|font-face)", css, re.I):
            self.refuse(SvgProblem(*node.where(), "the style sheet loads from outside the drawing",
                                   "remove its @import or @font-face"))
        for match in _URL.finditer(css):
            target = match.group(2).strip()
            if not (target.startswith("#") and _ID.match(target[1:])):
                self.refuse(SvgProblem(*node.where(), f"the style sheet refers to '{target[:60]}', "
                                       "outside the drawing",
                                       "a stand's SVG may only refer to its own parts ('#id')"))
            else:
                self.style_refs.append((target[1:], node))

    def check_references(self, root: _Node, result: Inspection) -> None:
        """Every `#id` names a part; no loop; the depth and the shapes drawn once every
        reference is expanded stay within the limits; embedded pictures pass the checks."""
        for node in self._walk(root):
            names = ([(node.href, "href")] if node.href else []) + [
                (ref, prop) for ref, _, prop in node.refs]
            for name, prop in names:
                target = self.ids.get(name)
                if target is None:
                    self.refuse(SvgProblem(*node.where(), f"<{node.name}> refers to '#{name}', "
                                           "which is not in the drawing",
                                           "export the drawing again"))
                    continue
                wanted = _wanted(node.name, prop)
                if target.name not in wanted[0]:
                    self.refuse(SvgProblem(*node.where(), f"'{prop}' of <{node.name}> refers to "
                                           f"'#{name}', which is not {wanted[1]}",
                                           "export the drawing again"))
        for name, style in self.style_refs:
            target = self.ids.get(name)
            if target is None or target.name not in GRADIENTS:
                self.refuse(SvgProblem(*style.where(), f"the style sheet refers to '#{name}', "
                                       "which is not a gradient in the drawing",
                                       "put the reference on the element itself"))
        if self.problems:
            return
        counter = _Expansion(self.ids)
        result.drawn = counter.drawn(root, 1)
        for node in self.ids.values():  # parts nothing draws may still be resolved by Qt
            counter.drawn(node, 1)
        self._embedded(root, result)

    def _embedded(self, root: _Node, result: Inspection) -> None:
        from kiosk.content.media import MediaError, check_dimensions, sniff_bytes

        pixels = 0
        for node in self._walk(root):
            value = _href(node)
            if not (node.svg and node.name == "image" and value
                    and value.strip()[:5].lower() == "data:"):
                continue
            match = _DATA_IMAGE.match(value.strip())
            if match is None:
                self.refuse(SvgProblem(*node.where(), "an embedded picture is not a PNG or JPEG "
                                       "in base64", "embed PNG or JPEG pictures only"))
                continue
            try:
                data = base64.b64decode(re.sub(r"\s+", "", match.group(2)), validate=True)
                info = sniff_bytes(data, "the embedded picture")
                check_dimensions("the embedded picture", info)
            except (binascii.Error, ValueError):
                self.refuse(SvgProblem(*node.where(), "an embedded picture is damaged (bad base64)",
                                       "embed it again"))
                continue
            except MediaError as exc:
                self.refuse(SvgProblem(*node.where(), exc.message, exc.hint))
                continue
            if info.format not in ("png", "jpeg"):
                self.refuse(SvgProblem(*node.where(), f"an embedded picture is a "
                                       f"{info.format.upper()}, not a PNG or JPEG",
                                       "embed PNG or JPEG pictures only"))
                continue
            pixels += info.width * info.height
            if pixels > MAX_EMBEDDED_PIXELS:
                self.refuse(SvgProblem(*node.where(), "the embedded pictures have more than "
                                       f"{MAX_EMBEDDED_PIXELS // 1_000_000} megapixels in all",
                                       "embed them smaller, or put them in stand.yaml"))
                return
            result.embedded.append(data)


class _Expansion:
    """Counts the shapes drawn once every `<use>` and `url(#...)` is expanded (each part
    once, remembered), refusing a loop, a depth over `MAX_DEPTH` and more than `MAX_DRAWN`."""

    def __init__(self, ids: dict[str, _Node]) -> None:
        self.ids = ids
        self.known: dict[int, int] = {}
        self.active: set[int] = set()

    def drawn(self, node: _Node, depth: int) -> int:
        key = id(node)
        if key in self.known:
            return self.known[key]
        if key in self.active:
            raise _Refused(SvgProblem(*node.where(), f"<{node.name}> refers, in the end, to itself",
                                      "remove the loop of references"))
        if depth > MAX_DEPTH:
            raise _Refused(SvgProblem(*node.where(), f"references and groups are nested more than "
                                      f"{MAX_DEPTH} levels deep here",
                                      "ungroup the drawing, or export it as PNG"))
        self.active.add(key)
        total = 1 if (node.svg and node.name in SHAPES) else 0
        if node.svg:
            for child in node.children:
                if child.svg and child.name not in NOT_DRAWN_IN_PLACE:
                    total += self.drawn(child, depth + 1)
            targets = ([(node.href, 1)] if node.href else []) + [
                (ref, times) for ref, times, _ in node.refs]
            for name, times in targets:
                total += times * self.drawn(self.ids[name], depth + 1)
                if total > MAX_DRAWN:
                    break
        self.active.discard(key)
        if total > MAX_DRAWN:
            raise _Refused(SvgProblem(*node.where(), f"the drawing draws more than "
                                      f"{MAX_DRAWN:,} shapes once its <use> copies are counted",
                                      "simplify it, or export it as PNG"))
        self.known[key] = total
        return total


PAINTS = GRADIENTS | {"pattern"}
DRAWABLE = SHAPES | {"g", "symbol", "use", "switch"}
_WANTED: dict[str, tuple[frozenset[str], str]] = {
    "fill": (PAINTS, "a gradient or pattern"),
    "stroke": (PAINTS, "a gradient or pattern"),
    "clip-path": (frozenset({"clipPath"}), "a clip path"),
    "mask": (frozenset({"mask"}), "a mask"),
    **dict.fromkeys(_MARKER_PROPS, (frozenset({"marker"}), "a marker")),
}


def _wanted(element: str, prop: str) -> tuple[frozenset[str], str]:
    """What a reference from `prop` of `element` may name, and its name for staff."""
    if prop == "href":
        if element == "use":
            return DRAWABLE, "a shape, group or symbol"
        if element in GRADIENTS:
            return frozenset(GRADIENTS - {"solidColor"}), "a gradient"
        if element == "pattern":
            return frozenset({"pattern"}), "a pattern"
        return frozenset(), "something it can refer to"
    return _WANTED.get(prop, (frozenset(), "something it can refer to"))


_EMPTY = SHAPES | {"use", "stop", "style", "title", "desc", "metadata", "solidColor"}


def _may_hold(parent: str, child: str) -> bool:
    """Whether Qt takes `child` inside `parent` (what it would skip, with a warning, is left
    out of the copy)."""
    if parent in _EMPTY:
        return False
    if parent in ("linearGradient", "radialGradient"):
        return child == "stop"
    return child != "stop"


def _readable(css: str) -> bool:
    """Whether every `url(` in `css` is one this module reads, and nothing is escaped (a
    CSS escape could spell a reference this module does not see)."""
    return "\\" not in css and css.lower().count("url(") == len(_URL.findall(css))


def _internal(css: str) -> bool:
    """Whether `css` is readable and names nothing but parts of the drawing."""
    return _readable(css) and all(m.group(2).strip().startswith("#") for m in _URL.finditer(css))


def _href(node: _Node) -> str | None:
    return node.attrs.get(f"{XLINK_NS}{_SEP}href", node.attrs.get("href"))


def _length(value: str | None) -> float:
    if not value:
        return 0.0
    match = _NUMBER.match(value.strip())
    if match is None or not value.strip().endswith(("px", match.group(0))):
        return 0.0
    try:
        number = float(match.group(0))
    except ValueError:  # pragma: no cover - the pattern is a number
        return 0.0
    return number if 0 < number < 1e9 else 0.0


class SvgRefused(Exception):
    """An SVG the kiosk does not draw: its first problem."""

    def __init__(self, problem: SvgProblem) -> None:
        super().__init__(f"line {problem.line}: {problem.message}")
        self.problem = problem


def safe_copy(data: bytes) -> bytes:
    """The drawing in `data` as the kiosk draws it: only the checked subset, written out
    anew. Raises SvgRefused when `data` is not within it (see `inspect`)."""
    found = inspect(data)
    if not found.ok or found.root is None:
        raise SvgRefused(found.problems[0] if found.problems else SvgProblem(1, 1, "not an SVG"))
    return copy_of(found)


def copy_of(found: Inspection) -> bytes:
    """The safe copy of a drawing `inspect` found no problem in."""
    if not found.ok or found.root is None:
        raise SvgRefused(found.problems[0] if found.problems else SvgProblem(1, 1, "not an SVG"))
    out: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(found.root, out, top=True)
    return "".join(out).encode("utf-8")


def _write(node: _Node, out: list[str], *, top: bool = False) -> None:
    if not node.svg or node.name not in ALLOWED:
        return
    if node.name == "image" and not _DATA_IMAGE.match((_href(node) or "").strip()):
        return  # a picture the copy may not name: left out whole
    if node.name == "use" and not (_href(node) or "").strip().startswith("#"):
        return  # a copy of nothing
    attrs: list[str] = []
    if top:
        attrs += [f"xmlns={quoteattr(SVG_NS)}", f"xmlns:xlink={quoteattr(XLINK_NS)}"]
    for key, value in node.attrs.items():
        ns, _, name = key.rpartition(_SEP)
        if ns == XML_NS:
            if name in ("space", "lang"):  # not xml:base
                attrs.append(f"xml:{name}={quoteattr(value)}")
            continue
        if ns not in ("", XLINK_NS) or name.lower().startswith("on"):
            continue
        if name == "href":
            kept = value.strip()
            if kept.startswith("#") or (node.name == "image" and _DATA_IMAGE.match(kept)):
                attrs.append(f"xlink:href={quoteattr(kept)}")
            continue
        if "url(" in value.lower() and not _internal(value):
            continue
        attrs.append(f"{name}={quoteattr(value)}")
    out.append(f"<{node.name}{' ' if attrs else ''}{' '.join(attrs)}>")
    if node.name == "style":
        css = "".join(node.text)
        if _internal(css) and not re.search(r"@\s*(import|font-face)", css, re.I):
            out.append(escape(css))
    for child in node.children:
        if _may_hold(node.name, child.name):
            _write(child, out)
    out.append(f"</{node.name}>")
