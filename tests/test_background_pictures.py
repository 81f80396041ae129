"""The background panel's pictures and sensitive sections as an outside exhibitor's stand shows
them (tests/fixtures/shipwreck-stand: el/he/en, 5:1 panoramas, 1:3 portraits, a 64 px coin):
each caption lined up with its own picture, the enlarge button never over a picture's middle
and as large as any touch target, and a covered section named by its heading and date on its
notice, with a way past it unseen (Skip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtQml import QQmlEngine, QQmlExpression
from PySide6.QtTest import QTest

from kiosk.content import LoadResult, load_stand
from kiosk.ui.snapshot import Stage
from tests.stands import png, write_stand
from tests.uidriver import activate, centre, named, running_kiosk, settle, tap

SHIPWRECK = Path(__file__).parent / "fixtures" / "shipwreck-stand"
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


def _load(folder: Path) -> LoadResult:
    from kiosk.ui.imaging import qt_decode

    result = load_stand(folder, decoder=qt_decode)
    assert result.ok, [p.format() for p in result.problems]
    return result


@pytest.fixture(scope="module", params=[LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def stage(qapp: object, request: pytest.FixtureRequest) -> Iterator[Stage]:
    shown = Stage(_load(SHIPWRECK), size=request.param)
    yield shown
    shown.close()


def show(stage: Stage, language: str, *, large_text: bool = False) -> Any:
    """The story panel in `language`, every section made (not only those near the screen)."""
    controller = stage.controller
    controller.resetToAttract()
    controller.setLanguage(language)
    controller.activity()
    controller.setProperty("largeText", large_text)
    stage.go_to(0)
    page = stage.page(0)
    (sections,) = named(page, "sections")
    sections.setProperty("cacheBuffer", 100_000)
    # made a few at a time, then laid out: until every section is where it stays
    where: list[float] = []
    for _ in range(10):
        stage.settle()
        now = [item.mapToScene(QPointF(0, 0)).y() for item in _all(page)
               if item.objectName() in ("sectionCaption", "enlarge")]
        if now == where:
            break
        where = now
    return page


def in_scene(item: Any, rect: QRectF | None = None) -> QRectF:
    return item.mapRectToScene(rect if rect is not None else QRectF(0, 0, item.width(), item.height()))


def painted(picture: Any) -> QRectF:
    """The picture as drawn (whole, never cropped: centred in its item), in the scene."""
    w, h = picture.width(), picture.height()
    pw, ph = float(picture.property("paintedWidth")), float(picture.property("paintedHeight"))
    return in_scene(picture, QRectF((w - pw) / 2, (h - ph) / 2, pw, ph))


def lines(text: Any) -> QRectF:
    """The block a text's lines are drawn in (its alignment as the screen has it), in the scene."""
    context = QQmlEngine.contextForObject(text)
    value, _ = QQmlExpression(context, text, "effectiveHorizontalAlignment").evaluate()
    align, w, cw = int(value), text.width(), float(text.property("contentWidth"))
    x = w - cw if align & 0x2 else (w - cw) / 2 if align & 0x4 else 0.0
    return in_scene(text, QRectF(x, 0, cw, text.height()))


def pictures(page: Any) -> list[tuple[Any, Any, Any]]:
    """(picture, its enlarge button, its caption) of every section showing a picture."""
    found = []
    for figure in named(page, "sectionFigure"):
        if not figure.isVisible():
            continue
        picture = next(item for item in figure.childItems()
                       if item.metaObject().className().startswith("QQuickImage"))
        (enlarge,) = named(picture, "enlarge")
        (caption,) = named(figure, "sectionCaption")
        assert float(picture.property("paintedWidth")) > 0, source(picture)  # loaded
        found.append((picture, enlarge, caption))
    assert len(found) >= 6, "the shipwreck stand's six pictures"
    return found


def near_the_top(stage: Stage, page: Any, section: Any) -> None:
    """The story scrolled so that `section` begins near the top of the screen."""
    (sections,) = named(page, "sections")
    wanted = float(sections.property("contentY")) + section.mapToItem(sections, QPointF(0, 0)).y() - 100
    origin = float(sections.property("originY"))
    lowest = (float(sections.property("contentHeight")) + origin
              + float(sections.property("bottomMargin")) - sections.height())
    # within its bounds (a list scrolled past its end springs back at the next touch)
    sections.setProperty("contentY", max(origin - float(sections.property("topMargin")),
                                         min(lowest, wanted)))
    stage.settle()


def source(picture: Any) -> str:
    return str(picture.property("source").toString())


@pytest.mark.parametrize("language", ["en", "he"])
def test_each_caption_lines_up_with_its_picture(stage: Stage, language: str) -> None:
    page = show(stage, language)
    small = float(stage.kiosk.engine.singletonInstance("Kiosk", "Theme").property("small"))
    narrow = 0
    for picture, _, caption in pictures(page):
        assert caption.isVisible(), source(picture)
        art, words = painted(picture), lines(caption)
        assert words.top() > art.bottom()  # under it
        if art.width() < 14 * small:
            # a narrow picture (a 1:3 portrait, the coin), centred in its column: its
            # caption centred under it, not begun at the column's edge
            assert abs(words.center().x() - art.center().x()) <= 1.5, (source(picture), words, art)
            narrow += 1
        else:
            # the caption's lines begin where the picture does (on the right in Hebrew)
            # and keep within it
            start = (words.right() - art.right()) if language == "he" else (words.left() - art.left())
            assert abs(start) <= 1.5, (source(picture), words, art)
            assert art.left() - 1.5 <= words.left() and words.right() <= art.right() + 1.5
    assert narrow >= 2  # the mast and the coin at least


@pytest.mark.parametrize("language", ["en", "he"])
def test_the_enlarge_button_leaves_a_pictures_middle_free(stage: Stage, language: str) -> None:
    page = show(stage, language)
    touch = float(stage.kiosk.engine.singletonInstance("Kiosk", "Theme").property("touch"))
    for picture, enlarge, _ in pictures(page):
        art, button = painted(picture), in_scene(enlarge)
        assert enlarge.isVisible()
        assert min(button.width(), button.height()) >= touch  # the kiosk's least touch target
        assert not button.contains(art.center()), source(picture)
        middle = QRectF(art.center().x() - art.width() / 4, art.center().y() - art.height() / 4,
                        art.width() / 2, art.height() / 2)
        assert not button.intersects(middle), source(picture)  # nor near the middle
        if source(picture).endswith("coin-64.png"):
            # the coin, 128 px on the screen: the button beside it, over none of it, on
            # the side the line ends (left in Hebrew), level with its foot
            assert not button.intersects(art)
            if language == "he":
                assert button.right() < art.left()
            else:
                assert button.left() > art.right()
            assert abs(button.bottom() - art.bottom()) <= 1


def test_the_button_beside_a_small_picture_opens_it_once(stage: Stage) -> None:
    page = show(stage, "en")
    (coin,) = [(picture, enlarge) for picture, enlarge, _ in pictures(page)
               if source(picture).endswith("coin-64.png")]
    picture, enlarge = coin
    section = picture
    while not section.objectName().startswith("section-"):
        section = section.parentItem()
    near_the_top(stage, page, section)
    opened: list[tuple[str, str]] = []
    stage.controller.itemOpened.connect(lambda what, which: opened.append((what, which)))
    tap(stage.window, in_scene(enlarge).center().toPoint())
    stage.settle()
    viewer = named(stage.window.contentItem(), "imageViewer")[0]
    assert viewer.property("open") is True
    assert str(viewer.property("source")).endswith("coin-64.png")
    assert opened == [("image", section.objectName())]
    viewer.setProperty("open", False)
    stage.settle()


# --- a stand of our own: a picture too thin for the button, a last section covered ----------

OWN = """\
format: 1
id: thin
languages: [en]
title: Thin
panels:
  - id: story
    kind: background
    title: Story
    sections:
      - heading: The long quay
        date: "1901"
        body: A quay as long as a street.
        image:
          file: media/strip.png
          caption: The quay from the lighthouse, stitched from nine photographs
      - heading: The storm of 1902
        date: "1902"
        body: What the storm left of the quay.
        sensitive: true
  - id: after
    kind: background
    title: Afterwards
    sections:
      - heading: Rebuilt
        body: The quay was rebuilt in 1905.
"""


@pytest.fixture
def own(qapp: object, tmp_path: Path) -> Iterator[Stage]:
    folder = write_stand(tmp_path / "thin", OWN, {"media/strip.png": png(1600, 100)})
    shown = Stage(_load(folder), size=LANDSCAPE)
    shown.controller.activity()
    shown.go_to(0)
    yield shown
    shown.close()


def test_a_picture_too_thin_for_the_button_has_it_under_it(own: Stage) -> None:
    page = own.page(0)
    (figure,) = [item for item in named(page, "sectionFigure") if item.isVisible()]
    picture = next(item for item in figure.childItems()
                   if item.metaObject().className().startswith("QQuickImage"))
    (enlarge,) = named(picture, "enlarge")
    (caption,) = named(figure, "sectionCaption")
    art, button, words = painted(picture), in_scene(enlarge), lines(caption)
    assert art.height() < 80  # a 16:1 strip across its column
    assert button.top() > art.bottom() and not button.intersects(art)
    assert abs(button.right() - art.right()) <= 1  # at the end of the picture's line
    assert words.top() >= button.bottom()  # the caption below it, not under the button
    tap(own.window, button.center().toPoint())
    own.settle()
    assert named(own.window.contentItem(), "imageViewer")[0].property("open") is True


# --- a sensitive section: named on its notice, and a way past it --------------------------


def covered(page: Any, heading: str) -> Any:
    for section in _all(page):
        if section.objectName().startswith("section-") and section.property("heading") == heading:
            return section
    raise AssertionError(f"no section '{heading}'")


def _all(item: Any) -> list[Any]:
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        stack.extend(current.childItems())
        found.append(current)
    return found


@pytest.mark.parametrize("language", ["en", "he"])
def test_a_covered_section_shows_its_heading_and_date_with_its_notice(
    stage: Stage, language: str
) -> None:
    page = show(stage, language)
    row = next(r for r in (stage.controller.panelContent(0).row(i) for i in range(
        stage.controller.panelContent(0).rowCount())) if r["sensitive"])
    section = covered(page, row["heading"])
    assert section.property("revealed") is False
    (heading,) = named(section, "sensitiveHeading")
    (notice,) = named(section, "sensitiveNotice")
    assert heading.isVisible() and heading.property("text") == row["heading"]
    dates = [item for item in _all(named(section, "sensitiveTitle")[0])
             if item.property("text") == row["date"]]
    assert row["date"] and dates and dates[0].isVisible()
    assert notice.isVisible()
    # what the notice covers stays unseen: its words are not drawn
    (words,) = named(section, "sectionWords")
    assert not words.isVisible()
    # heading, date and notice on the first screen of it: the section no taller than its notice
    top = in_scene(section).top()
    assert in_scene(notice).bottom() - top < stage.window.height() / 2
    (skip,) = named(section, "skip")
    (show_button,) = named(section, "reveal")
    assert skip.isVisible() and skip.property("text") == stage.controller.ui["skip"]
    assert show_button.isVisible()
    # Show and Skip side by side, Show first in the line (on the right in Hebrew)
    first, second = in_scene(show_button), in_scene(skip)
    assert abs(first.center().y() - second.center().y()) <= 1
    assert (first.left() > second.right()) if language == "he" else (first.right() < second.left())


def test_skip_goes_on_to_the_next_section_unseen(stage: Stage) -> None:
    page = show(stage, "en")
    (sections,) = named(page, "sections")
    content = stage.controller.panelContent(0)
    index = next(i for i in range(content.rowCount()) if content.row(i)["sensitive"])
    section = named(page, f"section-{index}")[0]
    (skip,) = named(section, "skip")
    near_the_top(stage, page, section)
    opened: list[tuple[str, str]] = []
    stage.controller.itemOpened.connect(lambda what, which: opened.append((what, which)))
    tap(stage.window, in_scene(skip).center().toPoint())
    stage.settle()
    after = named(page, f"section-{index + 1}")[0]
    assert abs(after.mapToItem(sections, QPointF(0, 0)).y()) <= 1  # the next one at the top
    assert in_scene(section).bottom() <= in_scene(sections).top() + 1  # this one out of view
    assert section.property("revealed") is False and opened == []  # passed, unseen
    assert stage.controller.currentIndex == 0


def test_skip_on_the_last_section_goes_to_the_next_panel(own: Stage) -> None:
    page = own.page(0)
    (section,) = named(page, "section-1")
    (skip,) = named(section, "skip")
    (heading,) = named(section, "sensitiveHeading")
    assert heading.property("text") == "The storm of 1902"
    near_the_top(own, page, section)
    tap(own.window, in_scene(skip).center().toPoint())
    own.settle()
    assert own.controller.currentIndex == 1
    assert section.property("revealed") is False


def test_skip_on_the_last_panels_only_section_goes_to_the_first_panel(qapp: object,
                                                                     tmp_path: Path) -> None:
    """It did nothing: the list was at its top already, and the notice stayed (found by the
    attacker)."""
    text = OWN.replace("""      - heading: Rebuilt
        body: The quay was rebuilt in 1905.""", """      - heading: Rebuilt
        body: The quay was rebuilt in 1905.
        sensitive: true""")
    folder = write_stand(tmp_path / "last", text, {"media/strip.png": png(1600, 100)})
    shown = Stage(_load(folder), size=LANDSCAPE)
    try:
        shown.controller.activity()
        shown.go_to(1)
        page = shown.page(1)
        (section,) = named(page, "section-0")
        (skip,) = named(section, "skip")
        tap(shown.window, in_scene(skip).center().toPoint())
        shown.settle()
        assert shown.controller.currentIndex == 0
        assert section.property("revealed") is False
    finally:
        shown.close()


def test_skip_by_the_keypad_takes_the_focus_to_the_next_section(
    qapp: object, sample_result: LoadResult
) -> None:
    with running_kiosk(sample_result, idle_timeout=600, animations=False) as kiosk:
        activate(kiosk.window)
        tap(kiosk.window, centre(kiosk.window.contentItem()))  # the visit begins
        settle(100)
        content = kiosk.controller.panelContent(0)
        index = next(i for i in range(content.rowCount()) if content.row(i)["sensitive"])
        page = next(item for item in _all(kiosk.window.contentItem())
                    if item.objectName() == "page-0")
        (skip,) = named(named(page, f"section-{index}")[0], "skip")
        skip.forceActiveFocus(Qt.FocusReason.TabFocusReason)
        settle(50)
        QTest.keyClick(kiosk.window, Qt.Key.Key_Return)
        settle(100)
        focused = kiosk.window.activeFocusItem()
        assert focused is not None and focused.objectName() == f"section-{index + 1}"
