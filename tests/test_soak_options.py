"""tools/soak.py starts the kiosk either with the software renderer forced (the CI soak) or as
a venue does (`--renderer`: no Qt variable, the renderer from a settings file)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

SOAK = Path(__file__).resolve().parent.parent / "tools" / "soak.py"


@pytest.fixture(scope="module")
def soak() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("soak_tool", SOAK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak_tool"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["soak_tool"]


def test_the_soak_forces_the_software_renderer_unless_asked_to_start_as_a_venue(
    soak: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("QT_QUICK_BACKEND", raising=False)
    assert soak.isolated_env(":99", tmp_path)["QT_QUICK_BACKEND"] == "software"
    assert "QT_QUICK_BACKEND" not in soak.isolated_env(":99", tmp_path, "auto")
    assert soak.parse_args(["--quick"]).renderer is None
    assert soak.parse_args(["--renderer", "gpu"]).renderer == "gpu"
    # a backend the caller sets on purpose is kept
    monkeypatch.setenv("QT_QUICK_BACKEND", "software")
    assert soak.isolated_env(":99", tmp_path, "gpu")["QT_QUICK_BACKEND"] == "software"
