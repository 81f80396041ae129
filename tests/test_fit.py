"""`kiosk validate` warns when a text is cut off on screen, measured with the bundled fonts."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from kiosk.ui.app import _qt_load
from kiosk.ui.fit import text_fit_problems


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
    assert f"minimumPixelSize: Math.round(bar.labelSize * {fit.SHRINK})" in nav
    top = (qml / "TopBar.qml").read_text(encoding="utf-8")
    assert f"Theme.title / Theme.textScale * {fit.TITLE_SHRINK})" in top
    assert top.count('{ key: "') == fit.TOGGLES


def test_a_long_entry_name_is_said_to_take_more_lines_not_to_be_cut_off(qapp: object) -> None:
    """An entry's name wraps in its chip as far as it needs: the warning says so (it said "cut
    off", and an exhibitor found the whole name on screen, on three lines)."""
    from kiosk.content import load_stand

    result = load_stand(Path(__file__).parent / "fixtures" / "shipwreck-stand")
    names = [p for p in text_fit_problems(result, (1920, 1080)) if "the name '" in p.message]
    assert names and all("takes more than two lines in its chip (nothing is cut off)"
                         in p.message and "cut off in" not in p.message for p in names)
