"""The layout check (`kiosk validate --layout`): every screen rendered and read back.

The test stands are checked in a reduced matrix (the full one, every language x both sizes x
both text sizes, takes ~110 s for the four stands on two cores; docs/benchmarks.md): each
stand's first language in landscape, its right-to-left (or last) language in portrait with
larger text, and one more language in landscape with larger text. `kiosk validate --layout` runs the full one.
The stands written as an outside exhibitor would (city-stand: es/he/en with pictures of
awkward proportions; cjk-stand: zh/it/en; shipwreck-stand: el/he/en, written by someone
else from the docs alone; hindi-stand: hi/en) run in two contexts each (`OUTSIDE`), about 8 s
each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtQml import QQmlProperty

from kiosk.content import LoadResult, load_stand
from kiosk.ui.layoutcheck import Context, LayoutChecker, check_layout
from tests.uidriver import named

FIXTURES = Path(__file__).parent / "fixtures"
LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
RTL = {"ar", "he"}


def load(folder: Path) -> LoadResult:
    from kiosk.ui.imaging import qt_decode

    result = load_stand(folder, decoder=qt_decode)
    assert result.ok, [p.format() for p in result.problems]
    return result


def reduced(languages: tuple[str, ...]) -> list[Context]:
    rtl = [code for code in languages if code in RTL]
    turned = rtl[0] if rtl else languages[-1]
    other = next((code for code in languages[1:] if code != turned), languages[0])
    return [Context(LANDSCAPE, languages[0]), Context(PORTRAIT, turned, True),
            Context(LANDSCAPE, other, True)]


OUTSIDE = {
    # the stands written as an outside exhibitor would, in two contexts each (~8 s a stand):
    # the first language in landscape, the hardest other one in portrait with larger text
    "city-stand": [Context(LANDSCAPE, "es"), Context(PORTRAIT, "he", True)],
    "cjk-stand": [Context(LANDSCAPE, "zh"), Context(PORTRAIT, "it", True)],
    # written from the docs alone in a stop's outside-exhibitor review: Greek first, Hebrew,
    # English; 5:1 panoramas, 1:3 portraits, a 64 px coin, thirteen figures, 36 entries
    "shipwreck-stand": [Context(LANDSCAPE, "el"), Context(PORTRAIT, "he", True)],
    # Hindi first (Devanagari: taller marks above and below), then English; a partner group
    # named in Hindi, Georgian, Armenian and Thai
    "hindi-stand": [Context(LANDSCAPE, "hi"), Context(PORTRAIT, "hi", True)],
}


@pytest.mark.parametrize("stand", ["sample", "rtl-stand", "lighthouse-stand", "science-stand",
                                   "city-stand", "cjk-stand", "shipwreck-stand", "hindi-stand"])
def test_the_test_stands_have_no_layout_defects(qapp: object, sample_stand: Path,
                                                stand: str) -> None:
    result = load(sample_stand if stand == "sample" else FIXTURES / stand)
    assert result.stand is not None
    contexts = OUTSIDE.get(stand) or reduced(tuple(result.stand.languages))
    problems = check_layout(result, contexts=contexts)
    assert [p.format() for p in problems] == []


@pytest.fixture(scope="module")
def lighthouse(qapp: object) -> Any:
    checker = LayoutChecker(load(FIXTURES / "lighthouse-stand"))
    yield checker
    checker.close()


def stand_line(result: LoadResult, line: int) -> str:
    return result.file.read_text(encoding="utf-8").splitlines()[line - 1]


def test_text_run_across_a_picture_is_reported_at_its_line(lighthouse: LayoutChecker) -> None:
    """The old right-to-left defect: the words of a section laid over its picture."""
    context = Context(LANDSCAPE, "ar")
    page = lighthouse.show_panel(context, 0)
    section = named(page, "section-0")[0]
    picture, words = named(section, "sectionFigure")[0], named(section, "sectionWords")[0]
    assert words.x() < picture.x()  # right to left: the picture on the right
    QQmlProperty(picture, "anchors.left").reset()  # where it stood before, under the words
    picture.setProperty("x", 0)
    lighthouse.stage.settle()
    problems = lighthouse.look_at(context, 0)
    overlaps = [p for p in problems if "overlaps a picture" in p.message]
    assert overlaps, [p.message for p in problems]
    assert all("'ar' 1920x1080" in p.message for p in overlaps)
    # at the line of the section's heading or body in Arabic
    assert any("ar:" in stand_line(lighthouse.result, p.line) for p in overlaps)
    lighthouse.findings.found.clear()


def test_text_over_text_and_cut_off_text_are_reported(lighthouse: LayoutChecker) -> None:
    context = Context(LANDSCAPE, "en", True)
    page = lighthouse.show_panel(context, 3)  # the remarks
    remark = named(page, "remark-0")[0]
    texts = [item for item in named(remark, "") if item.metaObject().className().startswith(
        ("QQuickText", "KText")) and item.property("text") == "Yann Le Goff"]
    assert texts
    speaker = texts[0]
    # the speaker's lines drawn onto each other (a negative spacing, as a bad anchor would)
    speaker.parentItem().setProperty("spacing", -speaker.height())
    ring = lighthouse.stage.window.contentItem()
    role = next(item for item in named(ring, "") if item.metaObject().className().startswith(
        ("QQuickText", "KText")) and item.property("text") == "Head keeper, 1952-1982")
    role.setProperty("wrapMode", 0)  # Text.NoWrap
    role.setProperty("elide", 2)  # Text.ElideRight
    role.setProperty("width", role.height())  # far too narrow: elided
    lighthouse.stage.settle()
    problems = lighthouse.look_at(context, 3)
    messages = [p.message for p in problems]
    overlap = [p for p in problems if "'Yann Le Goff' overlaps" in p.message
               or "overlaps 'Yann Le Goff'" in p.message]
    assert overlap, messages
    cut = [p for p in problems if "'Head keeper, 1952-1982' is cut off" in p.message]
    assert cut, messages
    assert "Head keeper" in stand_line(lighthouse.result, cut[0].line)
    assert all(p.severity.value == "warning" for p in problems)
    lighthouse.findings.found.clear()


def test_content_pushed_off_the_screen_is_out_of_reach(lighthouse: LayoutChecker) -> None:
    context = Context(PORTRAIT, "fr")
    page = lighthouse.show_panel(context, 2)  # the recognitions: the map, then the list
    group = named(page, "group-1")[0]
    group.setProperty("x", 5000)  # beyond the right edge: no scrolling brings it back
    lighthouse.stage.settle()
    problems = lighthouse.look_at(context, 2)
    reach = [p for p in problems if "out of reach" in p.message]
    assert reach, [p.message for p in problems]
    lighthouse.findings.found.clear()


def test_full_snapshots_show_all_a_panel_scrolls_to(qapp: object, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from kiosk.ui.snapshot import render_snapshots

    result = load(FIXTURES / "lighthouse-stand")
    # at half size: the same layout, a quarter of the pixels to draw
    written = render_snapshots(result, tmp_path, size=(960, 540), language="ar", full=True)
    heights = {path.name: QImage(str(path)).height() for path in written}
    assert heights["attract-ar.png"] == 540
    assert heights["story-ar.png"] > 2 * 540  # five sections with their pictures
    assert heights["numbers-ar.png"] > 540  # nine figures
    assert all(QImage(str(path)).width() == 960 for path in written)


def test_a_full_snapshot_of_remarks_shows_each_at_the_screens_height(qapp: object, tmp_path: Path
                                                                     ) -> None:
    """One remark a screen: in a window grown to show the whole panel, each remark keeps the
    height of the view on the screen (it was as tall as the grown window, so the picture grew
    to its 16,000 px limit, mostly blank)."""
    from PySide6.QtGui import QImage

    from kiosk.paths import SAMPLE_STAND
    from kiosk.ui.snapshot import render_snapshots

    result = load(SAMPLE_STAND)
    assert result.stand is not None
    remarks = next(panel for panel in result.stand.panels if panel.kind == "remarks")
    written = render_snapshots(result, tmp_path, size=(960, 540), language="en", full=True)
    height = QImage(str(tmp_path / f"{remarks.id}-en.png")).height()
    count = len(remarks.remarks)
    assert count >= 3
    assert 540 + (count - 1) * 540 // 3 < height < count * 540, (height, count)
    assert len(written) == 1 + len(result.stand.panels)


def test_a_full_snapshot_ends_where_the_panel_ends(qapp: object, tmp_path: Path) -> None:
    """The window was grown to a list's estimated height (its delegates not all made yet) and
    never shrunk: the exhibitor's background panel ended in ~800 px of blank."""
    from PySide6.QtGui import QImage

    from kiosk.ui.snapshot import render_snapshots

    result = load(FIXTURES / "shipwreck-stand")
    render_snapshots(result, tmp_path, size=(960, 540), language="en", full=True)
    image = QImage(str(tmp_path / "wrecks-en.png"))
    assert image.height() > 3 * 540  # (it is the long panel)
    background = image.pixel(2, image.height() // 2)
    y = image.height() - 1
    while image.pixel(2, y) != background:  # the bar of panel buttons at the foot
        y -= 1
    blank = 0
    while all(image.pixel(x, y - blank) == background for x in range(0, 960, 4)):
        blank += 1
    assert blank < 540 // 4, blank


def test_validate_layout_on_the_command_line(qapp: object, capsys: pytest.CaptureFixture[str]
                                             ) -> None:
    from kiosk.cli import main

    code = main(["validate", str(FIXTURES / "rtl-stand"), "--layout", "--size", "1920x1080"])
    captured = capsys.readouterr()
    assert code == 0
    assert "layout:" not in captured.out
    assert "valid (0 errors, 0 warnings)" in captured.err


def test_high_contrast_map_names_countries_in_bright_colours(qapp: object) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor

    from kiosk.ui.worldmap import HC_GROUP_COLOURS, HC_LAND, world_map

    geography = world_map()
    image = world_map().render({"MX": 0, "PY": 1}, QSize(1200, 0), high_contrast=True)
    scale = image.width() / geography.width

    def colour_at(code: str) -> QColor:
        label = geography.label_point(code)
        assert label is not None
        return QColor(image.pixel(round(label.x() * scale), round(label.y() * scale)))

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
                + 0.0722 * channel(colour.blueF()))

    assert colour_at("MX") == QColor(HC_GROUP_COLOURS[0])
    assert colour_at("PY") == QColor(HC_GROUP_COLOURS[1])
    assert colour_at("BR") == HC_LAND  # not named: the plain land
    for colour in HC_GROUP_COLOURS:  # each named colour stands out from the land
        lighter, darker = sorted((luminance(QColor(colour)), luminance(HC_LAND)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, colour


def test_the_source_sheet_and_pictures_full_screen_are_looked_at(
        lighthouse: LayoutChecker, monkeypatch: pytest.MonkeyPatch) -> None:
    looked: list[tuple[tuple[str | int, ...], list[str]]] = []
    original = lighthouse._shown

    def shown(current: int, overlay: Any = None, path: tuple[str | int, ...] = ()) -> Any:
        result = original(current, overlay, path)
        if overlay is not None:
            looked.append((path, [s.text for s in result if not s.picture]))
        return result

    monkeypatch.setattr(lighthouse, "_shown", shown)
    context = Context(LANDSCAPE, "fr")
    lighthouse.show_panel(context, 0)
    assert lighthouse.look_at(context, 0) == []
    paths = [path for path, _ in looked]
    assert ("sources",) in paths
    assert [p for p in paths if p[-1:] == ("image",)] == [
        ("panels", 0, "sections", number, "image") for number in range(4)]  # four pictures
    texts = dict(looked)
    assert any(text.startswith("La tour vue du rivage") for text in
               texts[("panels", 0, "sections", 1, "image")])


@pytest.fixture(scope="module")
def city(qapp: object) -> Any:
    """Written as an outside exhibitor would: es/he/en, pictures of awkward proportions."""
    checker = LayoutChecker(load(FIXTURES / "city-stand"))
    yield checker
    checker.close()


def pictures(item: Any) -> list[Any]:
    return [found for found in named(item, "") if _is_image(found)]


def _is_image(item: Any) -> bool:
    return bool(item.metaObject().className().startswith("QQuickImage")
                and item.property("source").toString().endswith((".jpg", ".png")))


def test_a_small_photo_is_not_blown_up_across_its_column(city: LayoutChecker) -> None:
    """The 160x110 print of 1890 was stretched to the column's 800 px, a blur."""
    page = city.show_panel(Context(LANDSCAPE, "es"), 0)
    section = named(page, "section-3")[0]
    (picture,) = pictures(section)
    city.stage.settle()
    assert float(picture.property("progress")) == 1.0  # loaded
    assert float(picture.property("paintedWidth")) <= 2 * 160 + 1
    assert float(picture.property("paintedHeight")) <= 2 * 110 + 1
    # a photo larger than its column still fills it
    (large,) = pictures(named(page, "section-1")[0])
    assert float(large.property("paintedWidth")) > 2 * 160


def test_a_very_tall_photo_above_the_words_leaves_them_on_the_first_screen(
        city: LayoutChecker) -> None:
    """Portrait: the 1:4 bell tower filled the first screen; its heading was below it."""
    page = city.show_panel(Context(PORTRAIT, "he"), 0)
    city.stage.settle()
    section = named(page, "section-0")[0]
    heading = next(item for item in named(section, "") if item.metaObject().className()
                   .startswith(("QQuickText", "KText")) and item.property("text") == "הגשר והמגדל")
    window = city.stage.window
    bottom = heading.mapToItem(window.contentItem(), 0, heading.height()).y()
    assert bottom < window.height() * 0.8, bottom  # above the navigation bar, with room


def test_the_map_names_countries_in_the_stands_own_accent(qapp: object) -> None:
    """A stand with a green accent had its countries and group rings in the kiosk's crimson."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor

    from kiosk.content.colours import contrast, group_shades
    from kiosk.ui.worldmap import GROUP_COLOURS, LAND, group_colours, world_map

    accent = "#1f5e4a"
    colours = group_colours(False, accent)
    assert colours[:2] == group_shades(accent) and colours[2:] == GROUP_COLOURS[2:]
    assert group_colours(False) == GROUP_COLOURS  # the kiosk's own without a look
    assert group_colours(True, accent)[0] == "#ffd84d"  # high contrast wins
    for colour in colours[:2]:  # each stands out from the land
        assert contrast(colour, LAND.name()) >= 3.0, colour
    geography = world_map()
    image = geography.render({"PT": 0, "AR": 1}, QSize(1200, 0), accent=accent)
    scale = image.width() / geography.width
    for code, colour in (("PT", colours[0]), ("AR", colours[1])):
        label = geography.label_point(code)
        assert label is not None
        assert QColor(image.pixel(round(label.x() * scale), round(label.y() * scale))) == QColor(colour)


def test_chinese_wraps_between_letters_and_is_no_broken_word() -> None:
    """A Chinese paragraph (no spaces) was reported as one word 'broken mid-word'."""
    from kiosk.ui.layoutcheck import words

    assert words("1903年，一座气象站") == ["1903", "年", "，", "一", "座", "气", "象", "站"]
    assert words("Hochwasser\u00adschutz und Wetter-Warte") == [
        "Hochwasser", "schutz", "und", "Wetter", "Warte"]


def test_right_to_left_the_quotation_mark_stands_clear_of_the_words(city: LayoutChecker) -> None:
    """Hebrew: the opening mark's ink touched the first word (its box reached into the words'
    margin from the right, and the ink of U+201C lies on its box's left)."""
    page = city.show_panel(Context(LANDSCAPE, "he"), 3)
    city.stage.settle()
    remark = named(page, "remark-0")[0]
    (mark,) = named(remark, "decoration")
    (words,) = named(remark, "quote")
    root = city.stage.window.contentItem()
    words_right = words.mapToItem(root, words.width(), 0).x()
    mark_left = mark.mapToItem(root, 0, 0).x()
    assert mark_left > words.mapToItem(root, 0, 0).x()  # mirrored: the mark on the right
    # a clear gap (the glyph's side bearing is no gap: its ink is at the box's edge)
    assert words_right <= mark_left - 8, (words_right, mark_left)


def test_a_lone_figure_is_a_card_not_a_band_across_the_screen(qapp: object) -> None:
    """The right-to-left test stand's one figure spanned 1,840 px: its part's value stood
    1,700 px from the part's label."""
    checker = LayoutChecker(load(FIXTURES / "rtl-stand"))
    try:
        page = checker.show_panel(Context(LANDSCAPE, "ar"), 1)
        checker.stage.settle()
        (card,) = named(page, "figure-0")
        assert card.width() <= 1920 / 3, card.width()
        root = checker.stage.window.contentItem()
        assert card.mapToItem(root, card.width(), 0).x() > 1920 * 0.9  # at the reading side
    finally:
        checker.close()


def test_a_sensitive_notice_wraps_into_even_lines(city: LayoutChecker) -> None:
    """"Siguen imágenes y relatos de la riada en la que murieron 34" over a lone "personas."."""
    from PySide6.QtGui import QFontMetricsF

    page = city.show_panel(Context(LANDSCAPE, "es"), 0)
    (sections,) = named(page, "sections")
    sections.setProperty("contentY", 2000)  # the fifth section, the flood's
    city.stage.settle()
    notices = [item for item in named(page, "sensitiveNotice")
               if str(item.property("text")).startswith("Siguen imágenes")]
    assert notices
    notice = notices[0]
    whole = QFontMetricsF(notice.property("font")).horizontalAdvance(notice.property("text"))
    assert notice.property("lineCount") == 2
    assert notice.width() <= whole / 2 * 1.15 + 1, (notice.width(), whole)  # two even lines


def test_the_overlaps_of_one_text_are_one_warning_that_counts_them() -> None:
    """A title run out of its bar overlapped each text it covered: one warning each way
    (~25 lines for the exhibitor), now one at the title, counting them; the isolates the
    screen puts around a caption's credit are not quoted ('… · \\u2068Muze…')."""
    from kiosk.ui.layoutcheck import Findings

    findings = Findings()
    title = (("title",), "چاپخانهٔ شرقی کراکوف", False)
    portrait, larger = "'fa' 1080x1920", "'fa' 1080x1920 larger text"
    for number in range(4):
        findings.overlap(title, (("panels", 0, "sections", number), f"Heading {number}", False),
                         portrait)
    # scrolled up under the title: the text is above it, so named first
    findings.overlap((("panels", 0, "sections", 4), "A body scrolled up", False), title, larger)
    findings.overlap(title, (("panels", 0, "sections", 0, "image"), "file:a.jpg", True), portrait)
    findings.overlap((("panels", 0, "sections", 1, "image"), "Caption · \u2068Muzeum Druku\u2069",
                      False), (("panels", 0, "sections", 1), "Credit", False), portrait)
    findings.add(("title",), "cut", "'چاپخانهٔ شرقی کراکوف' is cut off", portrait, title[1])
    found = {(path, message): contexts for path, _, message, _, contexts in findings.all()}
    assert found == {
        (("title",), "'چاپخانهٔ شرقی کراکوف' is cut off"): [portrait],
        (("title",), "'چاپخانهٔ شرقی کراکوف' overlaps 5 texts and a picture, such as "
                     "'Heading 0' and 'Heading 1'"): [portrait, larger],
        (("panels", 0, "sections", 1, "image"), "'Caption · Muzeum Druku' overlaps 'Credit'"):
            [portrait],
    }


def test_a_title_run_out_of_its_bar_is_one_overlap_warning(qapp: object) -> None:
    """Rendered: the top bar's title made to hang far down over the panel overlaps many texts
    and is told once, at the title's line, with the count; no text it covers is told of it."""
    checker = LayoutChecker(load(FIXTURES / "lighthouse-stand"))
    try:
        context = Context(PORTRAIT, "en")
        checker.show_panel(context, 0)
        (bar,) = named(checker.stage.window.contentItem(), "topBar")
        title = next(item for item in bar.childItems()
                     if item.metaObject().className().startswith("KText"))
        QQmlProperty(title, "anchors.verticalCenter").reset()
        title.setProperty("y", 0)
        title.setProperty("maximumLineCount", 40)
        title.setProperty("lineHeight", 12.0)  # lines far apart: down over the whole panel
        checker.stage.settle()
        problems = checker.look_at(context, 0)
        text = str(title.property("text"))
        overlaps = [p for p in problems if "overlaps" in p.message]
        assert len(overlaps) == 1, [p.message for p in overlaps]
        assert overlaps[0].message.startswith(f"layout: '{text}' overlaps "), overlaps[0].message
        count = int(overlaps[0].message.split(" overlaps ")[1].split(" ")[0])
        assert count >= 3, overlaps[0].message
        assert stand_line(checker.result, overlaps[0].line).strip().startswith("en:")
        assert not any("\u2068" in p.message or "\\u2068" in p.format() for p in problems)
    finally:
        checker.close()
