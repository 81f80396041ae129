"""The stand model's validator, made from the schema kept in the cache (no Qt): the same
verdicts as pydantic's own, no pydantic import, and nothing in a planted file runs."""

from __future__ import annotations

import copy
import io
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic_core import ValidationError

from kiosk.content import model, schemacache, values
from kiosk.content.yamlsafe import load_located
from tests.stands import SAMPLE_STAND as SAMPLE
from tests.stands import edit

MODULES = [model, values]


def _validator(folder: Path) -> Any:
    return schemacache.validator("stand", model._adapter, MODULES, folder)


def _kept(folder: Path) -> Path:
    return folder / "stand-schema.pickle"


def _documents() -> list[Any]:
    """The sample stand and ways to get it wrong, as parsed YAML."""
    text = (SAMPLE / "stand.yaml").read_text(encoding="utf-8")
    changes = [
        ("format: 1", "format: 2"),
        ("format: 1", "format: one"),
        ("id: khojaly-31", "id: Khojaly 31"),
        ("languages:", "languages_:"),
        ("kind: figures", "kind: numbers"),
        ("kind: figures", "kind: [figures]"),
    ]
    documents = [load_located(text).data]
    documents += [load_located(edit(text, old, new)).data for old, new in changes]
    documents += [None, [], {}, {"format": 1}, "stand"]
    return documents


def _verdict(validator: Any, document: Any) -> Any:
    try:
        return ("ok", validator.validate_python(document))
    except ValidationError as exc:
        return ("errors", exc.errors(include_url=False))


def test_the_kept_schema_gives_pydantics_own_verdicts(tmp_path: Path) -> None:
    built = _validator(tmp_path)  # pydantic's own: nothing was kept yet
    assert _kept(tmp_path).is_file()
    kept = _validator(tmp_path)  # made from the kept schema
    assert kept is not built
    assert model._adapter()._config is None  # no settings pydantic would pass beside the schema
    for document in _documents():
        assert _verdict(kept, document) == _verdict(built, document)


def test_a_process_with_the_kept_schema_does_not_import_pydantic(tmp_path: Path) -> None:
    script = ("import sys\nfrom kiosk.content import load_stand\n"
              f"result = load_stand({str(SAMPLE)!r})\n"
              "print(result.ok, 'pydantic' in sys.modules)\n")

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], env=dict(os.environ),
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout.strip()

    assert run() == "True True"  # the first builds the validator, with pydantic, and keeps it
    assert run() == "True False"


class _Planted:
    def __init__(self, call: Any, *arguments: Any) -> None:
        self.call, self.arguments = call, arguments

    def __reduce__(self) -> Any:
        return self.call, self.arguments


@pytest.mark.parametrize("planted", [
    _Planted(os.system, "touch {marker}"),  # another module's function
    _Planted(getattr, model.Stand, "__init__"),  # an attribute a schema never takes
    _Planted(getattr, values.Between(1, 2), "__reduce_ex__"),  # of an object, likewise
])
def test_a_planted_schema_runs_nothing_and_is_built_again(
    tmp_path: Path, planted: _Planted, caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "ran"
    planted.arguments = tuple(str(a).format(marker=marker) if isinstance(a, str) else a
                              for a in planted.arguments)
    stamp = schemacache.fingerprint(MODULES)
    _kept(tmp_path).write_bytes(pickle.dumps({"fingerprint": stamp, "schema": planted}))
    validator = _validator(tmp_path)
    assert not marker.exists()
    assert "cannot be read" in caplog.text
    assert _verdict(validator, _documents()[0])[0] == "ok"
    schemacache._SchemaOnly(io.BytesIO(_kept(tmp_path).read_bytes()), MODULES).load()  # rebuilt


def test_a_schema_kept_by_other_code_or_damaged_is_built_again(tmp_path: Path) -> None:
    _validator(tmp_path)
    entry = pickle.loads(_kept(tmp_path).read_bytes())
    entry["fingerprint"] += "\nmodel.py\0changed"
    _kept(tmp_path).write_bytes(pickle.dumps(entry))
    assert _verdict(_validator(tmp_path), _documents()[0])[0] == "ok"
    assert pickle.loads(_kept(tmp_path).read_bytes())["fingerprint"] == schemacache.fingerprint(MODULES)
    _kept(tmp_path).write_bytes(b"\x80\x05not a pickle at all")
    assert _verdict(_validator(tmp_path), _documents()[0])[0] == "ok"


def test_no_cache_folder_to_keep_it_in_still_validates(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    assert _verdict(_validator(blocked / "cache"), _documents()[0])[0] == "ok"


def test_the_fingerprint_follows_the_model_code_and_pydantics(tmp_path: Path) -> None:
    stamp = schemacache.fingerprint(MODULES)
    assert stamp is not None
    for name in ("content/model.py", "content/values.py", "pydantic/main.py",
                 "pydantic/_internal/_generate_schema.py", "pydantic_core/__init__.py"):
        assert f"\n{name}\0" in stamp, name


def test_no_schema_kept_where_pydantic_is_not_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A frozen build or a zip holds pydantic inside one file: nothing to fingerprint, so
    nothing is kept or read, and stands are still validated (by pydantic's own)."""
    import importlib.util

    real = importlib.util.find_spec

    def in_a_zip(name: str, *args: Any) -> Any:
        spec = real(name, *args)
        if name == "pydantic" and spec is not None:
            spec = copy.copy(spec)  # (the module's own spec: not to be changed)
            spec.origin = str(tmp_path / "library.zip" / "pydantic" / "__init__.py")
        return spec

    monkeypatch.setattr(importlib.util, "find_spec", in_a_zip)
    assert schemacache.fingerprint(MODULES) is None
    assert _verdict(_validator(tmp_path), _documents()[0])[0] == "ok"
    assert not _kept(tmp_path).exists()


def test_a_kept_schema_that_makes_no_stand_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema with the right fingerprint that accepts anything ({"type": "any"}) makes a
    dict, not a Stand: the stand is checked by pydantic's own, and the file is deleted."""
    monkeypatch.setattr(schemacache, "default_folder", lambda: tmp_path)
    model._validator.cache_clear()
    stamp = schemacache.fingerprint(MODULES)
    _kept(tmp_path).write_bytes(pickle.dumps({"fingerprint": stamp, "schema": {"type": "any"}}))
    with pytest.raises(ValidationError):
        model.validate({"format": 99})
    assert not _kept(tmp_path).exists()
    model._validator.cache_clear()
