"""`kiosk schema`: the JSON Schema of stand.yaml, its committed copy, and that it accepts and
rejects stands as `kiosk validate` does (for what a schema can say: keys, types, kinds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kiosk.authoring.schema import DESCRIPTIONS, schema_text, stand_schema
from kiosk.cli import main
from kiosk.content import load_stand, model
from kiosk.content.yamlsafe import load_located
from kiosk.paths import SAMPLE_STAND
from tests.stands import FULL, LOOK_STAND, MINIMAL, edit, full_media, write_stand

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "docs" / "stand.schema.json"
FIXTURES = sorted(p.parent for p in (ROOT / "tests" / "fixtures").glob("*/stand.yaml"))
VALID_FOLDERS = [SAMPLE_STAND, *FIXTURES]


def _as_editor_reads(text: str) -> Any:
    """stand.yaml as the YAML language server checks it: JSON values (dates as text)."""
    return json.loads(json.dumps(load_located(text).data, default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = stand_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_copy_is_what_kiosk_schema_prints(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == schema_text()
    assert COMMITTED.read_text(encoding="utf-8") == printed, (
        "docs/stand.schema.json is out of date: run `kiosk schema --out docs/stand.schema.json`")


def test_every_field_is_documented_for_hover() -> None:
    schema = stand_schema()
    objects = [schema, *schema["$defs"].values()]
    undocumented = [
        (obj.get("title"), name) for obj in objects
        for name, prop in obj.get("properties", {}).items() if not prop.get("description")
    ]
    assert undocumented == []
    assert set(schema["properties"]) == set(model.Stand.field_names())
    assert ("Remark", "form") in DESCRIPTIONS
    assert schema["$defs"]["Remark"]["properties"]["form"]["enum"] == ["quote", "reported"]


@pytest.mark.parametrize("folder", VALID_FOLDERS, ids=lambda p: p.name)
def test_schema_accepts_every_valid_stand(validator: jsonschema.Draft202012Validator,
                                         folder: Path) -> None:
    assert load_stand(folder).errors == ()
    data = _as_editor_reads((folder / "stand.yaml").read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


@pytest.mark.parametrize("text", [MINIMAL, FULL, LOOK_STAND], ids=["minimal", "full", "look"])
def test_schema_accepts_the_test_stands(validator: jsonschema.Draft202012Validator,
                                        text: str) -> None:
    assert [e.message for e in validator.iter_errors(_as_editor_reads(text))] == []


BROKEN = {
    "unknown key": edit(MINIMAL, "title: Mini", "title: Mini\ncolour: red"),
    "unknown key in a panel": edit(MINIMAL, "    title: Story", "    title: Story\n    tilte: x"),
    "wrong type (list for a text)": edit(MINIMAL, "title: Mini", "title: [a, b]"),
    "wrong type (text for a number)": edit(MINIMAL, "title: Mini",
                                           "title: Mini\nidle_timeout_s: soon"),
    "missing required field": edit(MINIMAL, "id: mini\n", ""),
    "missing panel title": edit(MINIMAL, "    title: Story\n", ""),
    "unknown panel kind": edit(MINIMAL, "kind: background", "kind: timeline"),
    "wrong format": edit(MINIMAL, "format: 1", "format: 2"),
    "bad language code": edit(MINIMAL, "languages: [en]", "languages: [english!]"),
    "no languages": edit(MINIMAL, "languages: [en]", "languages: []"),
    "bad form": edit(MINIMAL, "    kind: background\n    title: Story\n    sections:\n"
                     "      - heading: One\n        body: Some text.\n",
                     "    kind: remarks\n    title: Story\n    remarks:\n"
                     "      - {text: Hi, speaker: Me, form: rumour}\n"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_schema_rejects_what_the_validator_rejects(validator: jsonschema.Draft202012Validator,
                                                   tmp_path: Path, name: str) -> None:
    text = BROKEN[name]
    assert load_stand(write_stand(tmp_path, text)).errors, "the validator must reject it too"
    assert list(validator.iter_errors(_as_editor_reads(text))), f"the schema accepts: {name}"


def test_media_problems_are_left_to_the_validator(validator: jsonschema.Draft202012Validator,
                                                  tmp_path: Path) -> None:
    """The schema knows shapes, not files: a missing picture passes it, not the validator."""
    result = load_stand(write_stand(tmp_path, FULL, {}))
    assert any("media/photo.png" in p.message or "photo" in p.message for p in result.errors)
    assert list(validator.iter_errors(_as_editor_reads(FULL))) == []
    assert full_media()  # the same stand with its media is valid (test_validate checks it)
