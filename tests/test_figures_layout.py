"""The figures panel laid out as a designer would: one number size for the whole panel, few
figures shown large in the middle, and the same grid in every language of a stand.

An outside exhibitor found with their own stands: the numbers of one row drawn at different
sizes (each shrunk on its own to fit its card), two figures as small cards in a corner of an
empty panel, a grid of three columns in one language and two in another (the panel jumped as
the visitor switched language), and a long number shrunk to a third of its size in portrait.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kiosk.content import LoadResult, load_stand
from kiosk.paths import SAMPLE_STAND
from kiosk.ui.layoutcheck import Context, LayoutChecker

FIXTURES = Path(__file__).parent / "fixtures"
LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
NUMBER = 128  # Theme.number at a screen 1080 px on its shorter side


def load(folder: Path) -> LoadResult:
    from kiosk.ui.imaging import qt_decode

    result = load_stand(folder, decoder=qt_decode)
    assert result.ok, [p.format() for p in result.problems]
    return result


def figures_index(result: LoadResult) -> int:
    assert result.stand is not None
    return next(i for i, panel in enumerate(result.stand.panels) if panel.kind == "figures")


def named(item: Any, prefix: str) -> list[Any]:
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        stack.extend(current.childItems())
        if current.objectName() == prefix or (prefix.endswith("-")
                                              and current.objectName().startswith(prefix)):
            found.append(current)
    return found


def drawn_size(text: Any) -> float:
    """The pixel size a text is drawn at (after any fitting to its width)."""
    from PySide6.QtQml import QQmlEngine, QQmlExpression

    value, _ = QQmlExpression(QQmlEngine.contextForObject(text), text,
                              "fontInfo.pixelSize").evaluate()
    return float(value)


class Shown:
    """The figures panel of a stand as one context shows it: its cards and their numbers."""

    def __init__(self, checker: LayoutChecker, context: Context) -> None:
        self.index = figures_index(checker.result)
        self.page = checker.show_panel(context, self.index)
        checker.stage.settle()
        self.root = checker.stage.window.contentItem()
        self.cards = sorted(named(self.page, "figure-"), key=lambda c: int(c.objectName()[7:]))
        assert self.cards

    def rect(self, item: Any) -> tuple[float, float, float, float]:
        point = item.mapToItem(self.root, 0, 0)
        return point.x(), point.y(), item.width(), item.height()

    def numbers(self) -> list[Any]:
        return [number for card in self.cards for number in named(card, "number")]

    def sizes(self) -> set[float]:
        return {drawn_size(number) for number in self.numbers()}

    def first_row(self) -> int:
        """How many cards stand in the first row (the columns of the grid)."""
        top = self.rect(self.cards[0])[1]
        return sum(1 for card in self.cards if abs(self.rect(card)[1] - top) < 1)


@pytest.fixture
def checkers(qapp: object) -> Iterator[dict[str, LayoutChecker]]:
    made: dict[str, LayoutChecker] = {}
    yield made
    for checker in made.values():
        checker.close()


def checker_for(made: dict[str, LayoutChecker], folder: Path) -> LayoutChecker:
    if str(folder) not in made:
        made[str(folder)] = LayoutChecker(load(folder))
    return made[str(folder)]


@pytest.mark.parametrize(("stand", "context"), [
    # thirteen figures, 7 to 1,250,000,000: a long number shrank its own card's only
    ("shipwreck-stand", Context(LANDSCAPE, "el")),
    ("shipwreck-stand", Context(PORTRAIT, "he", True)),
    # twelve figures, 4 to 1,250,000
    ("city-stand", Context(LANDSCAPE, "es")),
    ("city-stand", Context(PORTRAIT, "en")),
    ("sample", Context(PORTRAIT, "en")),  # 1,275 shrank in a third of the screen
])
def test_every_number_of_the_panel_is_drawn_at_one_size_and_whole(
    checkers: dict[str, LayoutChecker], stand: str, context: Context
) -> None:
    folder = SAMPLE_STAND if stand == "sample" else FIXTURES / stand
    shown = Shown(checker_for(checkers, folder), context)
    sizes = [drawn_size(number) for number in shown.numbers()]
    # one size, but for a number too long for two thirds of it there (the shipwrecks'
    # 1,250,000,000 in a half of a portrait screen), which shrinks alone
    common = max(sizes, key=sizes.count)
    outliers = [size for size in sizes if size != common]
    assert len(outliers) <= 1 and all(size < common for size in outliers), sizes
    for number in shown.numbers():
        assert number.property("contentWidth") <= number.width() + 0.5, number.property("text")


def test_a_long_number_shrinks_alone_and_keeps_the_grid(checkers: dict[str, LayoutChecker]
                                                       ) -> None:
    """1,250,000,000 in a half of a portrait screen: drawn smaller, whole, in its card; the
    other numbers keep a headline size, and the grid its two columns (one column of thirteen
    cards was screens of scrolling; an attacker's 10^15 put thirty cards in one column)."""
    shown = Shown(checker_for(checkers, FIXTURES / "shipwreck-stand"), Context(PORTRAIT, "en"))
    texts = [str(number.property("text")) for number in shown.numbers()]
    long = shown.numbers()[texts.index("1,250,000,000")]
    others = {drawn_size(number) for number in shown.numbers() if number is not long}
    assert shown.first_row() == 2
    (size,) = others
    assert size >= 0.68 * NUMBER, size
    assert 0.3 * NUMBER <= drawn_size(long) < size
    assert long.property("contentWidth") <= long.width() + 0.5


def test_one_huge_number_does_not_take_the_grid_to_one_column(checkers: dict[str, LayoutChecker],
                                                              tmp_path: Path) -> None:
    folder = tmp_path / "thirty"
    shutil.copytree(SAMPLE_STAND, folder)
    data = yaml.safe_load((folder / "stand.yaml").read_text(encoding="utf-8"))
    figures = next(panel for panel in data["panels"] if panel["kind"] == "figures")
    first = figures["figures"][0]
    many = [dict(first, parts=[]) for _ in range(30)]
    many[7]["value"] = 10**15
    figures["figures"] = many
    (folder / "stand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    shown = Shown(checker_for(checkers, folder), Context(LANDSCAPE, "en"))
    assert shown.first_row() >= 2
    sizes = [drawn_size(number) for number in shown.numbers()]
    assert sizes.count(max(sizes)) == 29 and max(sizes) >= 0.68 * NUMBER, sizes


def two_figures(tmp_path: Path) -> Path:
    """The sample stand with only its first two figures."""
    folder = tmp_path / "two"
    shutil.copytree(SAMPLE_STAND, folder)
    data = yaml.safe_load((folder / "stand.yaml").read_text(encoding="utf-8"))
    figures = next(panel for panel in data["panels"] if panel["kind"] == "figures")
    figures["figures"] = figures["figures"][:2]
    (folder / "stand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return folder


def covered(shown: Shown) -> float:
    """The share of the panel below its heading that the cards cover, as far as it shows."""
    top = min(shown.rect(card)[1] for card in shown.cards)
    _, y, width, height = shown.rect(shown.page)
    bottom = y + height
    area = 0.0
    for card in shown.cards:
        _, card_y, card_width, card_height = shown.rect(card)
        area += card_width * max(0.0, min(card_y + card_height, bottom) - card_y)
    return area / (width * (bottom - top))


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT])
def test_two_figures_fill_the_panel_with_large_numbers(
    checkers: dict[str, LayoutChecker], tmp_path: Path, size: tuple[int, int]
) -> None:
    """Two figures were two cards of a third of the screen in its corner, with numbers no
    larger than thirteen figures have: now side by side in the middle (stacked on a portrait
    screen), their numbers half as large again."""
    shown = Shown(checker_for(checkers, two_figures(tmp_path)), Context(size, "en"))
    assert len(shown.cards) == 2
    # the margins are a tenth of the width: the cards cover most of what is left
    assert covered(shown) >= 0.7, covered(shown)
    (number,) = shown.sizes()
    assert number >= 1.4 * NUMBER, number
    first, second = (shown.rect(card) for card in shown.cards)
    page_x, _, page_w, _ = shown.rect(shown.page)
    if size == LANDSCAPE:
        assert first[1] == second[1]  # side by side ...
        left, right = first[0] - page_x, page_x + page_w - (second[0] + second[2])
        assert abs(left - right) <= 1, (left, right)  # ... in the middle
    else:
        assert second[1] > first[1] + first[3] - 1  # one above the other
        assert first[2] >= 0.85 * page_w


@pytest.mark.parametrize(("stand", "languages", "size", "large"), [
    ("sample", ("en", "az", "ru"), PORTRAIT, False),  # was 3 columns in English, 2 in Russian
    ("sample", ("en", "az", "ru"), LANDSCAPE, True),
    ("shipwreck-stand", ("el", "he", "en"), LANDSCAPE, False),  # was 3 in Greek, 4 in English
    ("lighthouse-stand", ("en", "fr", "ar"), PORTRAIT, False),
])
def test_the_grid_is_the_same_in_every_language(
    checkers: dict[str, LayoutChecker], stand: str, languages: tuple[str, ...],
    size: tuple[int, int], large: bool
) -> None:
    """Switching language changes the words, not the grid: the same columns, cards of the
    same width (the number of columns followed the longest word of the labels)."""
    checker = checker_for(checkers, SAMPLE_STAND if stand == "sample" else FIXTURES / stand)
    grids = {}
    for code in languages:
        shown = Shown(checker, Context(size, code, large))
        grids[code] = (shown.first_row(), {round(card.width()) for card in shown.cards})
    assert len(set(map(repr, grids.values()))) == 1, grids
