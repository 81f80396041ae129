"""The bar of panel buttons: every title at one size. Shrunk one by one to fit a line, the
outside exhibitor's "Books in the world" was drawn smaller than the titles beside it."""

from __future__ import annotations

from pathlib import Path

from kiosk.content import load_stand
from kiosk.ui.layoutcheck import Context, LayoutChecker
from tests.stands import FULL, edit, full_media, write_stand


def _titles(folder: Path, size: tuple[int, int]) -> list[tuple[str, float, int]]:
    """Each button's title, the height of one of its lines, and its line count."""
    checker = LayoutChecker(load_stand(folder))
    try:
        checker.show_panel(Context(size, "en"), 0)
        checker.stage.settle()
        root = checker.stage.window.contentItem()
        stack, found = [root], []
        while stack:
            item = stack.pop()
            stack.extend(item.childItems())
            if item.objectName() == "navTitle":
                lines = int(item.property("lineCount"))
                found.append((item.property("text"),
                              float(item.property("contentHeight")) / lines, lines))
        return sorted(found)
    finally:
        checker.close()


def test_every_title_is_drawn_at_one_size(qapp: object, tmp_path: Path) -> None:
    text = edit(FULL, 'title: {en: "Recognition", az: "Tanınma"}',
                'title: {en: "Books in the world", az: "Tanınma"}')
    titles = _titles(write_stand(tmp_path, text, full_media()), (1080, 1920))
    assert len(titles) == 4
    heights = [height for _, height, _ in titles]
    assert max(heights) - min(heights) < 1, titles
    long = next(title for title in titles if title[0] == "Books in the world")
    assert long[2] == 2  # on two lines at the size of the others, not shrunk onto one


def test_a_word_too_wide_for_its_button_makes_every_title_smaller(qapp: object,
                                                                 tmp_path: Path) -> None:
    """A word that fits no button's line even alone: all titles shrink with it (to 75% at
    most), so that they still look alike."""
    text = edit(FULL, 'title: {en: "Recognition", az: "Tanınma"}',
                'title: {en: "Internationalisation", az: "Tanınma"}')
    long = _titles(write_stand(tmp_path / "long", text, full_media()), (1080, 1920))
    plain = _titles(write_stand(tmp_path / "plain", FULL, full_media()), (1080, 1920))
    heights = [height for _, height, _ in long]
    assert max(heights) - min(heights) < 1, long
    assert heights[0] < plain[0][1]  # smaller than where every word fits


def test_a_title_in_a_script_without_spaces_is_not_one_long_word(qapp: object,
                                                                 tmp_path: Path) -> None:
    """A Japanese title of twelve letters wraps between any two; measured as one word, it
    made every title smaller (found by the attacker)."""
    text = edit(FULL, 'title: {en: "Recognition", az: "Tanınma"}',
                'title: {en: "国際的な協力と交流の歴史", az: "Tanınma"}')
    titles = _titles(write_stand(tmp_path / "ja", text, full_media()), (1080, 1920))
    plain = _titles(write_stand(tmp_path / "plain", FULL, full_media()), (1080, 1920))
    assert abs(titles[0][1] - plain[0][1]) < 1, (titles, plain)
