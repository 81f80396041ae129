"""PySide6's signature modules, compiled once and kept in the cache (`kiosk.ui.bindings`):
a second process compiles none of them, a damaged or foreign file costs one compile, and
nothing but shiboken's own files goes through the kept code."""

from __future__ import annotations

import builtins
import json
import marshal
import os
import subprocess
import sys
import zlib
from pathlib import Path

from kiosk.ui import bindings

ROOT = Path(__file__).resolve().parents[1]


def _fresh_import(cache: Path) -> dict[str, object]:
    """A new Python imports shiboken6 through `import_bindings(cache)` (not through
    kiosk.ui, whose import would use the user's cache folder)."""
    script = f"""
import builtins, json, sys
original = builtins.compile
sys.path.insert(0, {str(ROOT)!r})
import importlib.util
spec = importlib.util.spec_from_file_location("bindings", {str(ROOT / 'kiosk/ui/bindings.py')!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
from pathlib import Path
compiling = module.import_bindings(Path({str(cache)!r}))
import PySide6.QtCore
try:  # the signature modules at work: the message of a wrong call
    PySide6.QtCore.QObject().setObjectName(5)
except TypeError as exc:
    assert "Supported signatures" in str(exc), exc
print(json.dumps({{"compiled": compiling.compiled, "used": len(compiling.used),
                  "restored": builtins.compile is original}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_second_process_compiles_none_of_shibokens_files(tmp_path: Path) -> None:
    first = _fresh_import(tmp_path)
    assert isinstance(first["compiled"], int) and first["compiled"] >= 10
    assert first["used"] == first["compiled"] and first["restored"] is True
    kept = tmp_path / bindings.FILE_NAME
    assert kept.stat().st_size > 10_000
    stamp = kept.stat().st_mtime_ns

    second = _fresh_import(tmp_path)
    assert second == {"compiled": 0, "used": first["used"], "restored": True}
    assert kept.stat().st_mtime_ns == stamp  # nothing compiled: nothing written


def test_a_damaged_or_foreign_file_costs_one_compile(tmp_path: Path) -> None:
    kept = tmp_path / bindings.FILE_NAME
    kept.write_bytes(os.urandom(4096))
    first = _fresh_import(tmp_path)
    assert isinstance(first["compiled"], int) and first["compiled"] >= 10
    assert _fresh_import(tmp_path)["compiled"] == 0  # rewritten

    # the same code kept by another Python (or another optimisation level): compiled afresh
    header, codes = marshal.loads(kept.read_bytes()[4:])
    data = marshal.dumps(((header[0], "2.7.18 other", *header[2:]), codes))
    kept.write_bytes(zlib.crc32(data).to_bytes(4, "little") + data)
    assert _fresh_import(tmp_path)["compiled"] == first["compiled"]

    # one byte changed inside (a torn write, a bad sector): the checksum, not marshal, says so
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0x55
    kept.write_bytes(bytes(data))
    assert _fresh_import(tmp_path)["compiled"] == first["compiled"]

    # a folder in the file's place: nothing kept, nothing breaks
    kept.unlink()
    kept.mkdir()
    assert _fresh_import(tmp_path)["compiled"] == first["compiled"]


def test_only_shibokens_files_go_through_the_kept_code(tmp_path: Path) -> None:
    planted = compile("result = 'planted'", "shibokensupport/x.py", "exec")
    source = "result = 'own'"
    key = bindings._key("shibokensupport/x.py", source)
    with bindings.KeptCompile({key: planted}) as compiling:
        assert builtins.compile is compiling
        scope: dict[str, str] = {}
        exec(compile(source, "elsewhere.py", "exec"), scope)  # not shiboken's: compiled
        assert scope["result"] == "own"
        exec(compile(source, "shibokensupport/x.py", "exec"), scope)  # shiboken's: kept
        assert scope["result"] == "planted"
        assert compile("1 + 1", "shibokensupport/y.py", "eval") is not None  # not exec: own
    assert builtins.compile is not compiling
    assert compiling.compiled == 0 and list(compiling.used) == [key]


def test_read_kept_takes_only_code_under_this_pythons_header(tmp_path: Path) -> None:
    path = tmp_path / "kept"
    code = compile("x = 1", "shibokensupport/a.py", "exec")

    def write(value: object) -> None:
        data = marshal.dumps(value)
        path.write_bytes(zlib.crc32(data).to_bytes(4, "little") + data)

    write((bindings._header(), {
        ("shibokensupport/a.py", "5:1:2"): code,
        ("shibokensupport/b.py", "5:1:2"): "not code",
        "not a key": code,
    }))
    assert bindings.read_kept(path) == {("shibokensupport/a.py", "5:1:2"): code}
    write(["a", "list"])
    assert bindings.read_kept(path) == {}
    path.write_bytes(marshal.dumps((bindings._header(), {})))  # no checksum
    assert bindings.read_kept(path) == {}
    assert bindings.read_kept(tmp_path / "missing") == {}
