"""`kiosk validate` warns when a text is cut off on screen, measured with the bundled fonts."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from kiosk.ui.app import _qt_load
from kiosk.ui.fit import text_fit_problems
from tests.stands import PRESS, write_press


def stand_with(tmp_path: Path, sample_stand: Path, edit: object) -> Path:
    folder = tmp_path / "stand"
    shutil.copytree(sample_stand, folder)
    data = yaml.safe_load((folder / "stand.yaml").read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    (folder / "stand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return folder


def test_the_sample_stand_fits_at_every_size(qapp: object, sample_result: object) -> None:
    for size in ((1920, 1080), (1080, 1920), (3840, 2160)):
        assert text_fit_problems(sample_result, size) == [], size  # type: ignore[arg-type]


def test_a_long_panel_title_is_warned_of_at_its_line(
    qapp: object, sample_stand: Path, tmp_path: Path
) -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        # more than two lines of the button, even shrunk to 75%
        data["panels"][1]["title"]["ru"] = ("Основные цифры и факты о последствиях трагедии "
                                            "в Ходжалы в феврале тысяча девятьсот девяносто "
                                            "второго года")

    folder = stand_with(tmp_path, sample_stand, edit)
    result = _qt_load(folder)
    assert result.ok
    problems = text_fit_problems(result)
    assert len(problems) == 1
    problem = problems[0]
    assert "panel 'figures'" in problem.message and "'ru'" in problem.message
    text = (folder / "stand.yaml").read_text(encoding="utf-8").splitlines()
    assert "Основные цифры" in text[problem.line - 1]
    assert problem.format().startswith(f"{folder / 'stand.yaml'}:{problem.line}:")


def test_a_long_title_fits_a_landscape_screen_but_not_a_portrait_one(
    qapp: object, sample_stand: Path, tmp_path: Path
) -> None:
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        # one line in landscape; more than two lines in portrait
        data["title"]["en"] = ("The Khojaly genocide: thirty-one years of memory, "
                               "remembrance and international recognition")

    result = _qt_load(stand_with(tmp_path, sample_stand, edit))
    assert text_fit_problems(result, (1920, 1080)) == []
    portrait = text_fit_problems(result, (1080, 1920))
    assert [p.message.split(" is cut")[0] for p in portrait] == ["the stand's title in the top bar"]


def test_the_stands_own_continue_label_is_the_prompt_and_is_measured(
    qapp: object, sample_stand: Path, tmp_path: Path
) -> None:
    # with no attract prompt, the label `continue` is shown in the prompt's one-line pill
    def edit(data: dict) -> None:  # type: ignore[type-arg]
        del data["attract"]["prompt"]
        data["labels"] = {"ru": {"continue": "Коснитесь экрана, " * 8}}

    folder = stand_with(tmp_path, sample_stand, edit)
    result = _qt_load(folder)
    assert result.ok
    problems = text_fit_problems(result)
    assert [p.message.split(" is cut")[0] for p in problems] == [
        "the attract prompt (the label 'continue')"]
    assert "'ru'" in problems[0].message
    text = (folder / "stand.yaml").read_text(encoding="utf-8").splitlines()
    assert "Коснитесь" in text[problems[0].line - 1]

    def fits(data: dict) -> None:  # type: ignore[type-arg]
        edit(data)
        data["labels"]["ru"]["continue"] = "Коснитесь экрана"
    assert text_fit_problems(_qt_load(stand_with(tmp_path / "2", sample_stand, fits))) == []


def test_the_measure_uses_the_sizes_the_qml_lays_out_with() -> None:
    """kiosk/ui/fit.py measures with copies of Theme.qml's sizes and the shrink factors of the
    navigation and top bars: changed in the QML alone, the check would measure a screen that
    no longer exists."""
    import re

    from kiosk.paths import QML_DIR
    from kiosk.ui import fit

    qml = QML_DIR / "Kiosk"
    theme = (qml / "Theme.qml").read_text(encoding="utf-8")
    for name, size in fit.THEME.items():
        found = re.search(rf"readonly property real {name}: Math\.round\((\d+) \* scale", theme)
        assert found is not None and int(found.group(1)) == size, name
    nav = (qml / "NavBar.qml").read_text(encoding="utf-8")
    assert f"fit = Math.max({fit.SHRINK}, least)" in nav
    top = (qml / "TopBar.qml").read_text(encoding="utf-8")
    assert "readonly property real smallest: Theme.label" in top
    assert top.count('{ key: "') == fit.TOGGLES
    # the largest size of two lines beside the buttons, and the logo's height and widest
    assert f"(Theme.topBarHeight - Theme.unit * 2) / {fit.TITLE_LINES}" in top
    assert f"height: Math.round({fit.LOGO} * Theme.scale)" in top
    assert "parent.width * 0.15)" in top
    main = (qml / "Main.qml").read_text(encoding="utf-8")
    assert f"value: root.controller.largeText ? {fit.LARGER_TEXT} : 1.0" in main


def test_a_long_entry_name_is_said_to_take_more_lines_not_to_be_cut_off(qapp: object) -> None:
    """An entry's name wraps in its chip as far as it needs: the warning says so (it said "cut
    off", and an exhibitor found the whole name on screen, on three lines)."""
    from kiosk.content import load_stand

    result = load_stand(Path(__file__).parent / "fixtures" / "shipwreck-stand")
    names = [p for p in text_fit_problems(result, (1920, 1080)) if "the name '" in p.message]
    assert names and all("takes more than two lines in its chip (nothing is cut off)"
                         in p.message and "cut off in" not in p.message for p in names)




def press(tmp_path: Path, text: str = PRESS) -> object:
    return _qt_load(write_press(tmp_path / "press", text))


def test_the_title_is_measured_beside_the_logo_and_the_wider_buttons_of_larger_text(
    qapp: object, tmp_path: Path
) -> None:
    """Beside the logo and the larger language buttons of larger text, the Polish title of
    the exhibitor's stand leaves the bar's one row in portrait (the room there is 259 px: it
    would be 26 px, smaller than the buttons' labels): on its own row it fits. A title too
    long for its own row too is cut off, and said to be."""
    from kiosk.ui.fit import own_room, title_room

    result = press(tmp_path)
    stand = result.stand  # type: ignore[attr-defined]
    assert text_fit_problems(result, (1080, 1920)) == []  # type: ignore[arg-type]
    assert 255 <= title_room(stand, tmp_path / "press", (1080, 1920), "pl", 1.5) <= 262
    assert own_room(stand, tmp_path / "press", (1080, 1920)) > 850
    long = PRESS.replace('"Drukarnia Orientalna w Krakowie"', '"' + " ".join(
        ["Drukarnia Orientalna w Krakowie"] * 4) + '"')
    problems = text_fit_problems(press(tmp_path / "2", long), (1080, 1920))  # type: ignore[arg-type]
    assert [p.message.split(":")[0] for p in problems] == [
        "the stand's title in the top bar is cut off in 'pl' at 1080x1920"]
    assert problems[0].line == 5  # the Polish title's line


def test_the_room_measured_for_the_title_is_the_room_on_screen(
    qapp: object, tmp_path: Path
) -> None:
    """fit.title_room (beside the buttons) and fit.own_room (a row of its own) against the
    title's width in the rendered top bar, with a logo, in portrait and landscape, normal and
    larger text, in every language: never wider (the check would pass a title the screen
    cuts), and within a few pixels. And the check places the title where the bar does."""
    from kiosk.ui import fit
    from kiosk.ui.snapshot import Stage

    result = press(tmp_path)
    stand = result.stand  # type: ignore[attr-defined]
    folder = tmp_path / "press"
    for size in ((1080, 1920), (1920, 1080)):
        stage = Stage(result, size=size)  # type: ignore[arg-type]
        scale = min(size) / 1080
        try:
            for language in ("pl", "fa", "en"):
                for large in (False, True):
                    stage.controller.setLanguage(language)
                    stage.controller.activity()
                    stage.controller.setProperty("largeText", large)
                    stage.go_to(0)
                    stage.settle()
                    bar = next(item for item in _items(stage.window.contentItem())
                               if item.objectName() == "topBar")
                    title = next(item for item in bar.childItems()
                                 if item.objectName() == "barTitle")
                    text_scale = 1.5 if large else 1.0
                    codes = bool(bar.property("languagesCompact"))
                    own = bool(bar.property("ownRow"))
                    room = (fit.own_room(stand, folder, size) if own else
                            fit.title_room(stand, folder, size, language, text_scale, codes))
                    seen = (size, language, large, own, room, title.width())
                    assert title.width() - 8 <= room <= title.width(), seen
                    text = stand.text(stand.title, language)
                    beside = [fit._fits_beside(text, fit.title_room(
                        stand, folder, size, language, text_scale, c), scale, text_scale, 112 * scale)
                        for c in ((True,) if size[0] < size[1] else (False, True))]
                    assert own == (not any(beside)), seen
        finally:
            stage.close()


def _items(item: object) -> list[object]:
    found, stack = [], [item]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.childItems())  # type: ignore[attr-defined]
    return found


def test_a_title_whose_two_lines_are_taller_than_the_bar_takes_a_row_of_its_own(
    qapp: object, tmp_path: Path, monkeypatch: object
) -> None:
    """The bar sets two lines beside its buttons at up to the size at which two lines of Latin
    fill it; a line of Persian is taller (1.54 times its size with the kiosk's Noto Sans
    Arabic; 2.1 with the original, and the exhibitor's title ran out of the bar). Lines are
    measured in their own script's font: with two lines allowed up to 48 px, the Persian
    title's two lines at 40 px are taller than the bar's 112 px, the Latin ones are not. Too
    tall, the title goes to a row of its own, as on screen: nothing is cut off."""
    from kiosk.ui import fit

    stand = press(tmp_path).stand  # type: ignore[attr-defined]
    folder = tmp_path / "press"
    room = fit.title_room(stand, folder, (1080, 1920), "fa", 1.0, True)
    persian = stand.text(stand.title, "fa")
    assert fit._fits_beside(persian, room, 1.0, 1.0, 112)
    monkeypatch.setattr(fit, "TITLE_LINES", 2.0)  # type: ignore[attr-defined]
    assert not fit._fits_beside(persian, room, 1.0, 1.0, 112)
    english = stand.text(stand.title, "en")
    assert fit._fits_beside(english, fit.title_room(stand, folder, (1080, 1920), "en", 1.0, True),
                            1.0, 1.0, 112)
    assert text_fit_problems(press(tmp_path / "2"), (1080, 1920)) == []  # type: ignore[arg-type]
