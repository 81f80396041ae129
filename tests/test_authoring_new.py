"""`kiosk new`: a stand that validates at once, for any languages and panels."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from kiosk.authoring.scaffold import (
    ScaffoldError,
    create_stand,
    parse_languages,
    parse_panels,
    stand_id_for,
)
from kiosk.authoring.schema import SCHEMA_FILE, schema_text
from kiosk.cli import main
from kiosk.content import load_stand
from kiosk.content.yamlsafe import load_located

COMBOS = [
    (("en",), ("background", "figures", "recognitions", "remarks")),
    (("en", "az", "ru"), ("background", "figures", "recognitions", "remarks")),
    (("ar", "en"), ("remarks", "background")),
    (("he",), ("figures",)),
    (("az", "ar", "fr"), ("recognitions",)),
]


@pytest.mark.parametrize(("languages", "panels"), COMBOS,
                         ids=["-".join(c[0]) + "_" + "-".join(c[1]) for c in COMBOS])
def test_a_new_stand_validates_with_no_problem(tmp_path: Path, languages: tuple[str, ...],
                                               panels: tuple[str, ...]) -> None:
    folder = tmp_path / "New Exhibition"
    create_stand(folder, languages, panels)
    result = load_stand(folder)
    assert [p.format() for p in result.problems] == []
    assert result.stand is not None
    assert result.stand.id == "new-exhibition"
    assert result.stand.languages == languages
    assert tuple(p.kind for p in result.stand.panels) == panels
    text = (folder / "stand.yaml").read_text(encoding="utf-8")
    # every panel kind is in the file: written out, or as a commented example
    for kind in ("background", "figures", "recognitions", "remarks"):
        assert f"kind: {kind}" in text
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    assert (folder / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
    schema = jsonschema.Draft202012Validator(jsonschema.validators.json.loads(schema_text()))
    assert list(schema.iter_errors(load_located(text).data)) == []
    assert (folder / "README.md").read_text(encoding="utf-8").startswith("# Stand")


def test_kiosk_new_then_kiosk_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As staff do it: the command line, with the text-fit check of `kiosk validate`."""
    folder = tmp_path / "stand"
    assert main(["new", str(folder), "--languages", "en,az,ar"]) == 0
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "valid (0 errors, 0 warnings)" in captured.err


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path)]) == 2
    assert "is not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(ScaffoldError):
        create_stand(tmp_path / "notes.txt")


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    create_stand(tmp_path)
    assert load_stand(tmp_path).ok


def test_bad_arguments_are_said(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "a"), "--panels", "timeline"]) == 2
    assert "'timeline' is not a kind of panel" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "b"), "--languages", "english!"]) == 2
    assert "not a language code" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    assert parse_languages("EN, az,az") == ("en", "az")
    assert parse_panels("remarks,remarks") == ("remarks",)
    assert stand_id_for(Path("/x/Ünïcode Stand 2")) == "n-code-stand-2"


def test_a_new_stand_installs_without_a_warning(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "fresh"
    create_stand(folder, ("en", "az"))
    library = tmp_path / "library"
    assert main(["import", str(folder), "--library", str(library),
                 "--config", str(tmp_path / "none.toml")]) == 0
    err = capsys.readouterr().err
    assert "warning" not in err and "left out" not in err
    installed = next((library / "fresh" / "versions").iterdir())
    assert (installed / SCHEMA_FILE).is_file() and (installed / "README.md").is_file()
