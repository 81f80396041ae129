"""The layout check (`kiosk validate --layout`): every screen of a stand rendered offscreen, in
every language, both text sizes, landscape and portrait, each scrollable area scrolled
through, and the rendered item tree read back.

What is reported, as warnings at the line of the stand that holds the content:
- visible text that overlaps other text or a picture;
- text cut off: elided, or clipped where no scrolling shows the rest;
- content out of reach: never on screen, whatever is scrolled;
- a word too wide for its line, so broken mid-word (a long compound, a URL).

The source sheet (for each panel's item citing the most sources) and each picture
full-screen are looked at too, alone (they hide the panel).

A text belongs to the content item of its nearest ancestor named `section-N`, `figure-N`,
`group-N` or `remark-N` in the page `page-P` (the delegates' objectName), or to the panel
(its title, its intro), the stand's title (top bar) or a panel's title (navigation bar);
within the item, the field whose text it shows gives the line. The same defect seen in
several languages, sizes or text sizes is one warning naming them all, and a text that
overlaps several others (a title running out of its bar over a panel) is one warning that
counts them, at that text. Texts are quoted as the stand writes them, without the direction
isolates the screen puts around joined parts. Deterministic: the same stand gives the same
report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.content import LoadResult, Problem, Severity
from kiosk.content.yamlsafe import Mark
from kiosk.ui.snapshot import scrolls_down as _scrolls_down

SIZES = ((1920, 1080), (1080, 1920))
TOLERANCE = 3.0  # px: an overlap or a cut smaller than this is antialiasing, not a defect
SCROLL_STEP = 0.5  # of the viewport: every part of a long text is seen whole at some step

_TAG = re.compile(r"^(section|figure|group|remark)-(\d+)$")
_PAGE = re.compile(r"^page-(\d+)$")
_NAV = re.compile(r"^nav-(\d+)$")
_FIELDS = {"section": "sections", "figure": "figures", "group": "groups", "remark": "remarks"}
_TEXT_FIELDS = ("heading", "label", "text", "body", "note", "speaker", "role", "occasion",
                "caption", "credit", "name", "title", "intro")


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def intersect(self, other: Rect) -> Rect:
        x, y = max(self.x, other.x), max(self.y, other.y)
        return Rect(x, y, max(0.0, min(self.right, other.right) - x),
                    max(0.0, min(self.bottom, other.bottom) - y))

    def contains(self, other: Rect) -> bool:
        return (other.x >= self.x - TOLERANCE and other.y >= self.y - TOLERANCE
                and other.right <= self.right + TOLERANCE
                and other.bottom <= self.bottom + TOLERANCE)

    def overlaps(self, other: Rect) -> bool:
        cut = self.intersect(other)
        return cut.w > TOLERANCE and cut.h > TOLERANCE


@dataclass(frozen=True)
class Context:
    """One way the stand is seen: a screen size, a language, normal or larger text."""

    size: tuple[int, int]
    language: str
    large_text: bool = False

    def __str__(self) -> str:
        return (f"'{self.language}' {self.size[0]}x{self.size[1]}"
                + (" larger text" if self.large_text else ""))


@dataclass(frozen=True)
class Shown:
    """One text or picture as rendered: where it is, what of it can be seen."""

    key: tuple[Any, ...]  # the same item at every scroll position
    path: tuple[str | int, ...]  # its place in stand.yaml
    text: str
    rect: Rect  # the whole of it, in window coordinates
    visible: Rect  # the part not clipped away
    truncated: bool
    picture: bool
    scrolls: bool  # inside an area that scrolls
    broken: str = ""  # a word too wide for the text's width: broken mid-word


Thing = tuple[tuple[str | int, ...], str, bool]
"""A text or a picture as the report names it: its place in stand.yaml, its text (a
picture's source), whether it is a picture."""


@dataclass
class Findings:
    """Defects -> the contexts they were seen in: by (path, kind, message, text), and an
    overlap by (the upper text, "overlap", the other text or the picture), in the one dict
    (clearing it clears all)."""

    found: dict[tuple[Any, ...], list[str]] = field(default_factory=dict)

    def add(self, path: tuple[str | int, ...], kind: str, message: str, context: str,
            text: str = "") -> None:
        contexts = self.found.setdefault((path, kind, message, text), [])
        if context not in contexts:
            contexts.append(context)

    def overlap(self, first: Thing, second: Thing, context: str) -> None:
        contexts = self.found.setdefault((first, "overlap", second), [])
        if context not in contexts:
            contexts.append(context)

    def all(self) -> list[tuple[tuple[str | int, ...], str, str, str, list[str]]]:
        """Every finding as (path, kind, message, text, contexts). The overlaps of one cause
        are one: each pair is told at the text of the two that overlaps more things (the
        title that ran out of its bar, not each text it covers), which names how many."""
        pairs = {(key[0], key[2]): contexts for key, contexts in self.found.items()
                 if len(key) == 3}
        partners: dict[Thing, set[Thing]] = {}
        for first, second in pairs:
            partners.setdefault(first, set()).add(second)
            partners.setdefault(second, set()).add(first)
        told: dict[Thing, tuple[list[Thing], list[str]]] = {}
        for (first, second), contexts in pairs.items():
            subject, other = (first, second) if second[2] or (
                len(partners[first]) >= len(partners[second])) else (second, first)
            others, seen_in = told.setdefault(subject, ([], []))
            if other not in others:
                others.append(other)
            seen_in.extend(c for c in contexts if c not in seen_in)
        found = [(*key, contexts) for key, contexts in self.found.items() if len(key) == 4]
        for (path, text, _), (others, contexts) in told.items():
            found.append((path, "overlap", f"'{_short(text)}' overlaps {_others(others)}",
                          text, contexts))
        return found


def _rect(item: Any, x: float, y: float, w: float, h: float) -> Rect:
    from PySide6.QtCore import QRectF

    mapped = item.mapRectToScene(QRectF(x, y, w, h))
    return Rect(mapped.x(), mapped.y(), mapped.width(), mapped.height())


def _class(item: Any) -> str:
    return str(item.metaObject().className())


def _is_text(item: Any) -> bool:
    name = _class(item)
    return (name.startswith("QQuickText") and not name.startswith("QQuickTextInput")) or \
        name.startswith("KText")


def _is_picture(item: Any) -> bool:
    if not _class(item).startswith("QQuickImage"):
        return False
    source = str(item.property("source").toString())
    return source.startswith(("file:", "image://map"))


def _enums(item: Any) -> tuple[int, int, int]:
    """A text's effective horizontal and its vertical alignment (Qt.AlignmentFlag values),
    and its wrap mode (PySide has no converter for QQuickText's enums; QML reads them)."""
    from PySide6.QtQml import QQmlEngine, QQmlExpression

    context = QQmlEngine.contextForObject(item)
    if context is None:
        return 0x1, 0x20, 0
    value, _ = QQmlExpression(
        context, item,
        "(wrapMode * 1024 + effectiveHorizontalAlignment) * 1024 + verticalAlignment",
    ).evaluate()
    number = int(value)
    return number // 1024 % 1024, number % 1024, number // (1024 * 1024)


def _painted(item: Any) -> tuple[float, float, float, float]:
    """The painted area of a text or picture, in its own coordinates."""
    width, height = item.width(), item.height()
    if _class(item).startswith("QQuickImage"):
        pw, ph = float(item.property("paintedWidth")), float(item.property("paintedHeight"))
        return (width - pw) / 2, (height - ph) / 2, pw, ph
    cw = float(item.property("contentWidth"))
    ch = float(item.property("contentHeight"))
    align, valign, _ = _enums(item)
    x = width - cw if align & 0x2 else (width - cw) / 2 if align & 0x4 else 0.0
    # a line's box is taller than its letters (most of all in Arabic): the letters are
    # what must not touch, so the box is taken in by a fifth of the font size above and below
    inset = min(ch / 4, 0.2 * float(item.property("font").pixelSize()))
    y = height - ch if valign & 0x40 else (height - ch) / 2 if valign & 0x80 else 0.0
    return x, y + inset, cw, ch - 2 * inset


def _walk(item: Any, opacity: float, clip: Rect, scrolls: bool, tags: tuple[Any, ...],
          path: tuple[str | int, ...], current: int) -> Iterator[Shown]:
    """The texts and pictures shown under `item`: `clip` is what its ancestors let be seen,
    `tags` the content items it lies in, `path` its place in stand.yaml."""
    if not item.isVisible():
        return
    opacity *= item.opacity()
    if opacity < 0.05:
        return
    name = item.objectName()
    page = _PAGE.match(name)
    if page:
        if int(page.group(1)) != current:
            return
        path = ("panels", int(page.group(1)))
        tags = (*tags, name)
    tag = _TAG.match(name)
    if tag and path[:1] == ("panels",):
        path = (*path[:2], _FIELDS[tag.group(1)], int(tag.group(2)))
        tags = (*tags, name)
    nav = _NAV.match(name)
    if nav:
        path = ("panels", int(nav.group(1)), "title")
        tags = (*tags, name)
    if name == "topBar":
        path = ("title",)
    if name == "decoration":
        return
    if _scrolls_down(item) and float(item.property("contentHeight")) > item.height() + 1:
        scrolls = True
    if _is_text(item) or _is_picture(item):
        x, y, w, h = _painted(item)
        whole = _rect(item, x, y, w, h)
        text = item.property("text") if _is_text(item) else item.property("source").toString()
        if text and whole.w > 0 and whole.h > 0:
            yield Shown((*tags, _class(item), str(text)), path, str(text), whole,
                        whole.intersect(clip),
                        bool(item.property("truncated")) if _is_text(item) else False,
                        not _is_text(item), scrolls,
                        _broken_word(item, str(text)) if _is_text(item) else "")
    if item.clip():
        clip = clip.intersect(_rect(item, 0, 0, item.width(), item.height()))
        if clip.w <= 0 or clip.h <= 0:
            return
    for child in item.childItems():
        yield from _walk(child, opacity, clip, scrolls, tags, path, current)


_WORDS = re.compile(r"[\s\u00ad/-]+")  # a line may break at a space, soft hyphen, / or -
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                       "\uff00-\uffef]")
"""Letters of scripts written without spaces (Chinese, Japanese kana, Thai; CJK punctuation):
a line may break between any two, so each is a word of its own here."""


def words(text: str) -> list[str]:
    """The pieces a wrapping text may not be broken within."""
    return [word for word in _WORDS.split(_UNSPACED.sub(r" \g<0> ", text)) if word]


def _broken_word(item: Any, text: str) -> str:
    """The first word of a wrapping text too wide for its width (so broken mid-word)."""
    if _enums(item)[2] != 4 or item.width() <= 0:  # Text.Wrap
        return ""
    from PySide6.QtGui import QFontMetricsF

    font = item.property("font")
    metrics = QFontMetricsF(font)
    room = item.width() + 0.5
    for word in words(text):
        if metrics.horizontalAdvance(word) > room:
            # drawn smaller than asked (fontSizeMode)? then measured at the size drawn
            from PySide6.QtQml import QQmlEngine, QQmlExpression

            drawn, _ = QQmlExpression(QQmlEngine.contextForObject(item), item,
                                      "fontInfo.pixelSize").evaluate()
            asked = font.pixelSize()
            if drawn and asked > 0 and float(drawn) < asked:
                font.setPixelSize(int(drawn))
                metrics = QFontMetricsF(font)
                if metrics.horizontalAdvance(word) <= room:
                    continue
            return word
    return ""


def _flickables(item: Any) -> Iterator[Any]:
    """The vertically scrolling areas within `item`, outermost first."""
    if not item.isVisible():
        return
    if _scrolls_down(item):
        yield item
    for child in item.childItems():
        yield from _flickables(child)


def _find(item: Any, name: str) -> Any:
    if item.objectName() == name:
        return item
    for child in item.childItems():
        found = _find(child, name)
        if found is not None:
            return found
    return None


class LayoutChecker:
    """Renders a stand and reads its layout back. One window, resized for each size."""

    def __init__(self, result: LoadResult, *, rotation: int = 0) -> None:
        from kiosk.ui.snapshot import Stage

        if result.stand is None:
            raise ValueError("a stand that failed validation is never rendered")
        self.result = result
        self.stand = result.stand
        self.rotation = rotation
        self.size = SIZES[0]
        self.stage = Stage(result, rotation=rotation, size=self.size)
        self.findings = Findings()

    def _size(self, size: tuple[int, int]) -> None:
        """A window made at `size` (one resized settles its pages by an animation that runs
        on after the events are handled: a page would be caught half-way)."""
        from kiosk.ui.snapshot import Stage

        if size != self.size:
            self.stage.close()
            self.size = size
            self.stage = Stage(self.result, rotation=self.rotation, size=size)
            self.stage.settle()

    # reading one screen

    def _shown(self, current: int, overlay: Any = None,
               path: tuple[str | int, ...] = ()) -> list[Shown]:
        """What is on screen: the whole window, or only `overlay` (open over the rest, which
        it hides), its texts at `path`."""
        window = self.stage.window
        bounds = Rect(0, 0, window.width(), window.height())
        if overlay is not None:
            return list(_walk(overlay, 1.0, bounds, False, ("overlay",), path, current))
        return list(_walk(window.contentItem(), 1.0, bounds, False, (), (), current))

    def _look(self, current: int, seen: dict[tuple[Any, ...], tuple[Shown, bool, bool]],
              context: str, overlay: Any = None, path: tuple[str | int, ...] = ()) -> None:
        shown = self._shown(current, overlay, path)
        texts = [s for s in shown if not s.picture and s.visible.w > 0 and s.visible.h > 0]
        # pictures of the stand's content (the attract screen's backdrop is meant to be
        # written on), the one shown full-screen
        pictures = [s for s in shown if s.picture and s.visible.w > 0 and s.visible.h > 0
                    and ((s.path[:1] == ("panels",) and len(s.path) > 2) or overlay is not None)]
        for s in shown:
            whole = s.visible.contains(s.rect) or (
                s.scrolls and s.rect.h > s.visible.h and s.visible.h > 0
                and s.visible.w >= s.rect.w - TOLERANCE)
            before = seen.get(s.key)
            shown_now = s.visible.w > TOLERANCE and s.visible.h > TOLERANCE
            seen[s.key] = (s, whole or (before is not None and before[1]),
                           shown_now or (before is not None and before[2]))
            if s.truncated and not s.picture:
                self.findings.add(s.path, "cut", f"'{_short(s.text)}' is cut off (elided)",
                                  context, s.text)
            if s.broken and s.visible.w > 0:
                self.findings.add(s.path, "word",
                                  f"the word '{_short(s.broken)}' is broken across two lines",
                                  context, s.text)
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                if a.visible.overlaps(b.visible):
                    first, second = sorted((a, b), key=lambda s: (s.rect.y, s.rect.x))
                    self.findings.overlap((first.path, first.text, False),
                                          (second.path, second.text, False), context)
            for p in pictures:
                if a.visible.overlaps(p.visible):
                    self.findings.overlap((a.path, a.text, False), (p.path, p.text, True),
                                          context)

    def _sweep(self, current: int, context: str) -> None:
        """Look at the screen, then scroll each scrollable area through and look again."""
        seen: dict[tuple[Any, ...], tuple[Shown, bool, bool]] = {}
        self.stage.settle()
        self.stage.reveal_all()
        self._look(current, seen, context)
        root = self.stage.window.contentItem()
        page = _find(root, f"page-{current}") if current >= 0 else None
        for flick in list(_flickables(page)) if page is not None else []:
            if _class(flick).startswith("QQuickListView"):
                # every delegate made: the list's height is then known, not estimated
                flick.setProperty("cacheBuffer", 1 << 20)
                self.stage.settle()
                self.stage.reveal_all()
            start = float(flick.property("originY")) - float(flick.property("topMargin"))
            end = (float(flick.property("originY")) + float(flick.property("contentHeight"))
                   + float(flick.property("bottomMargin")) - flick.height())
            position = start
            steps = 0
            while position < end - 1 and steps < 200:
                position = min(end, position + flick.height() * SCROLL_STEP)
                flick.setProperty("contentY", position)
                self.stage.settle()
                self.stage.reveal_all()
                self._look(current, seen, context)
                steps += 1
                # a list learns its true height as it makes its delegates
                end = (float(flick.property("originY")) + float(flick.property("contentHeight"))
                       + float(flick.property("bottomMargin")) - flick.height())
            flick.setProperty("contentY", start)
            self.stage.settle()
        if current >= 0:
            self._overlays(current, seen, context)
        for s, whole, ever in seen.values():
            if whole or s.picture:
                continue
            if ever:
                self.findings.add(s.path, "cut", f"'{_short(s.text)}' is cut off", context,
                                  s.text)
            else:
                self.findings.add(s.path, "reach",
                                  f"'{_short(s.text)}' is out of reach (off the screen, and no "
                                  "scrolling brings it in)", context, s.text)

    def _overlays(self, current: int, seen: dict[tuple[Any, ...], tuple[Shown, bool, bool]],
                  context: str) -> None:
        """The source sheet of the panel's item that cites the most sources, and each of its
        pictures full-screen."""
        from PySide6.QtQml import QQmlEngine, QQmlExpression

        root = self.stage.window.contentItem()
        rows = self.stage.controller.panelContent(current)
        items = [rows.row(number) for number in range(rows.rowCount())] if rows else []

        def call(item: Any, expression: str) -> None:
            QQmlExpression(QQmlEngine.contextForObject(item), item, expression).evaluate()
            self.stage.settle()

        sheet = _find(root, "sourceSheet")
        cited = max(items, key=lambda row: len(row.get("sourceIds") or ()), default=None)
        if sheet is not None and cited and cited.get("sourceIds"):
            call(sheet, f"openSources({json.dumps(list(cited['sourceIds']))})")
            self._look(current, seen, context, sheet, ("sources",))
            call(sheet, "close()")
        viewer = _find(root, "imageViewer")
        for number, row in enumerate(items):
            if viewer is None or not row.get("image"):
                continue
            call(viewer, "show({}, {}, {})".format(*(json.dumps(row.get(key) or "") for key in
                                                    ("image", "caption", "credit"))))
            self._look(current, seen, context, viewer,
                       ("panels", current, "sections", number, "image"))
            call(viewer, "close()")

    # the whole matrix

    def run(self, sizes: Sequence[tuple[int, int]] = SIZES,
            languages: Sequence[str] | None = None,
            text_sizes: Sequence[bool] = (False, True)) -> list[Problem]:
        """Every combination of the sizes, languages (default: the stand's) and text sizes."""
        return self.run_contexts([Context(size, code, large) for size in sizes
                                  for code in languages or self.stand.languages
                                  for large in text_sizes])

    def run_contexts(self, contexts: Sequence[Context]) -> list[Problem]:
        for context in contexts:
            self._size(context.size)
            controller = self.stage.controller
            label = str(context)
            controller.resetToAttract()
            controller.setLanguage(context.language)
            self._sweep(-1, label)
            controller.activity()
            controller.setProperty("largeText", context.large_text)
            for index in range(len(self.stand.panels)):
                self.stage.go_to(index)
                self._sweep(index, label)
        self.stage.controller.resetToAttract()
        return self.problems()

    def show_panel(self, context: Context, index: int) -> Any:
        """Show panel `index` as `context` says, settled; its page item (for tests)."""
        self._size(context.size)
        controller = self.stage.controller
        controller.resetToAttract()
        controller.setLanguage(context.language)
        controller.activity()
        controller.setProperty("largeText", context.large_text)
        self.stage.go_to(index)
        self.stage.reveal_all()
        return self.stage.page(index)

    def look_at(self, context: Context, index: int) -> list[Problem]:
        """Check the panel on screen as it is now (scrolled through), without showing it anew."""
        self._sweep(index, str(context))
        return self.problems()

    def close(self) -> None:
        self.stage.close()

    # the report

    def _mark(self, path: tuple[str | int, ...], text: str, contexts: list[str]) -> Mark:
        marks = self.result.marks
        if marks is None:
            return Mark(0, 0)
        language = contexts[0].split("'")[1] if contexts and "'" in contexts[0] else ""
        return marks.mark(self._field(path, text, language))

    def _field(self, path: tuple[str | int, ...], text: str,
               language: str) -> tuple[str | int, ...]:
        """The path of the field within the item at `path` whose text begins like `text`."""
        if path == ("sources",):  # the source sheet: the source whose text it shows
            for index, source in enumerate(self.stand.sources):
                for name in ("title", "publisher"):
                    value = getattr(source, name, None)
                    if value is not None and text[:24] in self.stand.text(value, language):
                        return ("sources", index, name, language)
            return path
        item: Any = self.stand
        for step in path:
            item = item[step] if isinstance(step, int) else getattr(item, step, None)
            if item is None:
                return path
        if not path or path[-1] == "title":
            return (*path, language)
        probe = text.rstrip("\u201d…").strip()[:24]
        candidates: list[tuple[tuple[str | int, ...], Any]] = [((), item)]
        for inner in ("parts", "entries"):
            for index, sub in enumerate(getattr(item, inner, ()) or ()):
                candidates.append(((inner, index), sub))
        for prefix, thing in candidates:
            for name in _TEXT_FIELDS:
                value = getattr(thing, name, None)
                if value is None or isinstance(value, int | bool):
                    continue
                try:
                    shown = self.stand.text(value, language)
                except (AttributeError, TypeError):
                    continue
                if (probe and probe in shown.replace("\n", " ")) or (shown and shown[:24] in text):
                    return (*path, *prefix, name, language)
        return path

    def problems(self) -> list[Problem]:
        problems = []
        hints = {
            "overlap": "shorten the text; if it is short already, report the layout",
            "cut": "shorten the text",
            "reach": "report the layout: content a visitor cannot reach",
            "word": "shorten it, or mark where it may break with a soft hyphen (\\u00ad in a "
                    "double-quoted YAML text)",
        }
        for path, kind, message, text, contexts in self.findings.all():
            mark = self._mark(path, text, contexts)
            where = "; ".join(contexts[:4]) + (f" and {len(contexts) - 4} more"
                                               if len(contexts) > 4 else "")
            problems.append(Problem(self.result.file, mark.line, mark.column, Severity.WARNING,
                                    f"layout: {message} ({where})", hints[kind]))
        return sorted(problems, key=lambda p: (p.line, p.column, p.message))


def _short(text: str, limit: int = 40) -> str:
    """`text` quoted as the stand writes it (without the isolates the screen puts around
    joined parts, a caption and its credit), on one line, shortened to `limit`."""
    text = " ".join(text.translate(_ISOLATES).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))
"""U+2066-U+2069: Theme.joined() isolates each part after the first."""


def _others(things: list[Thing]) -> str:
    """What a text overlaps: "'Heading'", "a picture", "'Heading', 'Body' and a picture",
    "20 texts and 4 pictures, such as 'Heading' and 'Body'"."""
    texts = [text for _, text, picture in things if not picture]
    pictures = len(things) - len(texts)
    named = [f"'{_short(text)}'" for text in texts] if len(texts) <= 2 else [
        f"{len(texts)} texts"]
    named += [f"{pictures} pictures"] if pictures > 1 else ["a picture"] if pictures else []
    listed = ", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]
    if len(texts) <= 2:
        return listed
    return f"{listed}, such as '{_short(texts[0], 30)}' and '{_short(texts[1], 30)}'"


def check_layout(result: LoadResult, sizes: Sequence[tuple[int, int]] = SIZES,
                 languages: Sequence[str] | None = None,
                 text_sizes: Sequence[bool] = (False, True),
                 contexts: Sequence[Context] | None = None) -> list[Problem]:
    """Layout warnings for a valid stand (none for one that failed validation): in every
    combination of `sizes`, `languages` (default: the stand's) and `text_sizes`, or in the
    `contexts` given."""
    if result.stand is None:
        return []
    checker = LayoutChecker(result)
    try:
        if contexts is not None:
            return checker.run_contexts(contexts)
        return checker.run(sizes, languages, text_sizes)
    finally:
        checker.close()
