"""Titles and notices wrapped into even lines (EvenText.qml): no word alone on the last line,
no name broken at its hyphen, one line kept as one. Checked with Qt's own line breaking
(QTextLayout) at the width the item takes, against the width it would have had."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from kiosk.content import load_stand
from tests.stands import edit
from tests.uidriver import find, find_all, running_kiosk, settle

FIXTURES = Path(__file__).parent / "fixtures"


def lines_of(text: str, font: QFont, width: float) -> list[str]:
    """The lines Qt makes of `text` in `font` at `width` (as a wrapping Text does)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return lines


@pytest.fixture
def title(qapp: object, sample_stand: Path) -> Any:
    def shown(folder: Path, language: str) -> tuple[list[str], list[str], str]:
        result = load_stand(folder)
        assert result.ok
        with running_kiosk(result, animations=False) as kiosk:
            kiosk.controller.setLanguage(language)
            settle(100)
            item = find(kiosk.window, "attractTitle")
            text, font = item.property("text"), item.property("font")
            assert text == item.property("content").replace("-", "\u2011")
            room = item.property("room")
            assert item.width() <= room
            return (lines_of(text, font, item.width()), lines_of(text, font, room),
                    text)
    return shown


def test_no_word_is_left_alone_on_the_titles_last_line(title: Any, sample_stand: Path) -> None:
    even, greedy, text = title(sample_stand, "ru")
    assert greedy[-1] == "год"  # at the full width: "…: 31" over a lone "год"
    assert len(even) == len(greedy) == 2
    assert " " in even[-1] and " ".join(even) == text  # two lines, the last of several words


def test_a_hyphenated_name_is_not_broken_at_its_hyphen(title: Any) -> None:
    even, greedy, _ = title(FIXTURES / "lighthouse-stand", "en")
    assert len(even) == len(greedy) == 2
    assert even == ["The Pointe\u2011des\u2011Vents", "lighthouse"]


def test_a_title_on_one_line_keeps_the_whole_width(title: Any, sample_stand: Path) -> None:
    even, greedy, text = title(sample_stand, "en")
    assert even == greedy == [text]


def _retitled(folder: Path, title: str) -> Path:
    text = (FIXTURES / "lighthouse-stand" / "stand.yaml").read_text(encoding="utf-8")
    shutil.copytree(FIXTURES / "lighthouse-stand", folder)
    (folder / "stand.yaml").write_text(
        edit(text, 'en: "The Pointe-des-Vents lighthouse"', f'en: "{title}"'), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", [
    # a German compound wider than the screen at the title's size, then a short word
    "Donaudampfschifffahrtsgesellschaftskapitänsmützensammlung 1900",
    # CJK with one space: each half wider than the screen
    "阿尔卑斯天文台一百二十年星空观测历史特别展览会与科学家们的故事"
    " 阿尔卑斯天文台一百二十年星空观测历史特别展览会",
    # lines as the author broke them (a new line; a line separator)
    "The Pointe-des-Vents\\nlighthouse, a hundred and twenty-five years of light on the coast",
    "The Pointe-des-Vents\u2028lighthouse, a hundred and twenty-five years of light",
])
def test_a_word_wider_than_the_screen_or_lines_as_written_keep_the_whole_width(title: Any, tmp_path: Path,
                                                             name: str) -> None:
    """A word that does not fit on a line is broken anywhere by Qt: the title then takes the
    whole width it may, not the width of the narrowest word (one letter per line). So does
    a title whose author broke its lines."""
    even, greedy, _ = title(_retitled(tmp_path / "stand", name), "en")
    assert even == greedy
    assert min(len(line) for line in even[:-1]) > 5


@pytest.mark.parametrize("name", [
    # words joined by no-break spaces stay together; a tab and a zero-width space part them
    "Memory\u00a0and\u00a0remembrance\u00a0of\u00a0the victims of the storm, thirty-one years on",
    "Memory\\tand\\tremembrance\\tof\\tthe\\tvictims of the storm, thirty-one years on",
    "Memory\u200band\u200bremembrance\u200bof\u200bthe victims of the storm, thirty-one years",
    "Donau\u00addampf\u00adschiff\u00adfahrts\u00adgesellschafts\u00adkapitäns\u00adwitwen ist hoch",
    "記憶と追悼\u3000三十一年\u3000記憶と追悼の展示会へようこそ\u3000記憶と追悼の展示会",
])
def test_other_spaces_never_take_more_lines_than_plain_wrapping(title: Any, tmp_path: Path,
                                                                  name: str) -> None:
    even, greedy, _ = title(_retitled(tmp_path / "stand", name), "en")
    assert len(even) <= len(greedy)
    assert min(len(line) for line in even) > 2  # no column of letters


@pytest.mark.parametrize("name", [
    "Remembering the Nagorno-Karabakh conflict and the Khojaly-Aghdam road",
    "Erinnerung an die Straße Chodschali-Aghdam und den Bergkarabach-Konflikt von damals",
])
def test_no_line_ends_at_a_hyphen(title: Any, tmp_path: Path, name: str) -> None:
    """Qt's wrapping breaks after a hyphen wherever the part before it fits: shown as no-break
    hyphens (the same mark), the names stay whole, and no more lines are taken."""
    even, greedy, text = title(_retitled(tmp_path / "stand", name), "en")
    assert "-" not in text and text.replace("\u2011", "-") == name
    assert not any(line.endswith(("-", "\u2011")) for line in even)
    assert len(even) <= len(greedy)


def test_a_panels_introduction_leaves_no_word_alone(qapp: object) -> None:
    """The exhibitor's "From a Bronze Age cargo ship to the steamer of 1911: the stories
    behind the" over a lone "finds."."""
    result = load_stand(FIXTURES / "shipwreck-stand")
    with running_kiosk(result, animations=False) as kiosk:
        kiosk.controller.activity()
        kiosk.controller.setLanguage("en")
        kiosk.controller.goTo(0)
        settle(300)
        item = next(item for item in find_all(kiosk.window, "panelIntro")
                    if item.property("content").startswith("From a Bronze Age"))
        text, font, room = item.property("text"), item.property("font"), item.property("room")
        greedy, even = lines_of(text, font, room), lines_of(text, font, item.width())
    assert greedy[-1] == "finds."  # at the whole width
    assert len(even) == len(greedy) == 2 and " " in even[-1], even
    # not balanced into two halves (a short introduction was set in half the width of the
    # one beside it): only the word before the lone one goes down with it
    assert even[-1] == "the finds.", even
    assert len(even[0].split()) == len(greedy[0].split()) - 1


def test_a_long_text_is_wrapped_plainly_not_searched(qapp: object) -> None:
    """The search for even lines measured every word at each step: a text of 3,000 words
    took ~0.36 s (benchmarks/eventext.py); past 600 letters the lines are Qt's own."""
    from PySide6.QtCore import QUrl
    from PySide6.QtQml import QQmlComponent, QQmlEngine

    from kiosk.paths import QML_DIR

    engine = QQmlEngine()
    engine.addImportPath(str(QML_DIR))
    component = QQmlComponent(engine)
    component.setData(b"import QtQuick\nimport Kiosk\nItem { EvenText { room: 1100; content: '' } }",
                      QUrl.fromLocalFile(str(QML_DIR / "probe.qml")))
    holder = component.create()
    assert holder is not None, component.errorString()
    (item,) = holder.childItems()
    short = "From a Bronze Age cargo ship to the steamer of 1911: the stories behind the finds."
    item.setProperty("content", " ".join([short] * 3))  # 251 letters, three lines
    assert item.property("balancing") and item.width() < 1100
    item.setProperty("content", " ".join([short] * 8))  # 671 letters
    assert not item.property("balancing") and item.width() == 1100
    assert item.property("words").toVariant() == []  # (nor its words measured)
