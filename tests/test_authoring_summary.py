"""Translation states (`translations:`) and `kiosk validate --summary`."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from kiosk.authoring.report import summary
from kiosk.authoring.scaffold import create_stand
from kiosk.authoring.translate import export_po, import_po
from kiosk.cli import main
from kiosk.content import load_stand
from kiosk.paths import SAMPLE_STAND
from tests.stands import MINIMAL, edit, line_of, write_stand


def test_the_sample_stand_marks_az_and_ru_as_awaiting_review(
        capsys: pytest.CaptureFixture[str]) -> None:
    result = load_stand(SAMPLE_STAND)
    assert result.stand is not None
    assert dict(result.stand.translations) == {"az": "review", "ru": "review"}
    assert main(["validate", "--summary", str(SAMPLE_STAND)]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert any(line.split()[:3] == ["az", "AWAITING", "REVIEW"] for line in lines), err
    assert any(line.split()[:3] == ["en", "source", "language"] for line in lines), err
    assert "not yet reviewed: az, ru" in err


def test_states_are_checked(tmp_path: Path) -> None:
    text = edit(MINIMAL, "languages: [en]", "languages: [en, az]\ntranslations: {az: done}")
    result = load_stand(write_stand(tmp_path / "a", text))
    assert [(p.line, p.severity.value) for p in result.problems] == [
        (line_of(text, "done"), "error")]
    assert "'done' is not allowed here" in result.problems[0].message
    text = edit(MINIMAL, "languages: [en]", "languages: [en]\ntranslations:\n  fr: reviewed")
    result = load_stand(write_stand(tmp_path / "b", text))
    assert [(p.line, p.severity.value, p.message) for p in result.problems] == [
        (line_of(text, "fr:"), "warning", "'fr' is not one of the stand's languages")]


def test_summary_counts_missing_texts(tmp_path: Path) -> None:
    text = edit(MINIMAL, "languages: [en]\ntitle: Mini",
                "languages: [en, de]\ntranslations: {de: machine}\ntitle: {en: Mini, de: Mini}")
    text = edit(text, "heading: One", "heading: {en: One}")
    lines = summary(load_stand(write_stand(tmp_path, text)))
    assert lines[0] == "mini: 2 languages, 1 panel (background), 0 sources"
    assert lines[1].split() == ["en", "source", "language", "2/2", "texts"]
    assert lines[2].split() == ["de", "machine", "translated", "1/2", "texts,", "1", "missing"]


def test_a_new_stand_then_an_import_marks_the_language_for_review(tmp_path: Path) -> None:
    folder = tmp_path / "stand"
    create_stand(folder, ("en", "az"), ("figures",))
    assert dict(load_stand(folder).stand.translations) == {"az": "missing"}  # type: ignore[union-attr]
    po_file = tmp_path / "az.po"
    po = polib.pofile(export_po(folder, "az"))
    for entry in po:
        entry.msgstr = f"AZ {entry.msgid}"
    po.save(str(po_file))
    outcome = import_po(folder, po_file)
    assert outcome.state == "review"
    result = load_stand(folder)
    assert result.problems == ()
    assert dict(result.stand.translations) == {"az": "review"}  # type: ignore[union-attr]
    assert "translations: {az: review}" in (folder / "stand.yaml").read_text(encoding="utf-8")
