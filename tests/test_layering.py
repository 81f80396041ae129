"""Layers: the rules live in pyproject.toml ([tool.importlinter], checked by `lint-imports` in
./test.sh). Here: the rules hold for the tree, they catch a breach, and importing and using the
core really leaves Qt unloaded (which no static check can see, e.g. a library that imports Qt)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
QT_PACKAGES = {"PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "qtpy", "qtawesome"}
"""Qt itself, and libraries that import it when imported (qtawesome imports Qt through qtpy)."""
LAYERS = ["cli", "ui", "visit", "venue", "authoring", "content"]
QT, CLI_QT, LAYER, CYCLE = CONTRACTS = ("Qt stays out of the core", "The command line reaches Qt only",
                                        "Layers", "No import cycles")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / "pyproject.toml")],
        cwd=tree, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "COLUMNS": "300"},  # one line per contract
    )


def test_the_tree_keeps_the_layer_contracts() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def small_tree(tmp_path: Path) -> Path:
    """A kiosk package with every layer of the real one, each importing nothing."""
    package = tmp_path / "kiosk"
    for layer in LAYERS:
        (package / layer).mkdir(parents=True)
        (package / layer / "__init__.py").write_text("")
    for name in ("__init__", "paths", "files"):
        (package / f"{name}.py").write_text("")
    (package / "ui" / "view.py").write_text("from PySide6.QtQml import QmlElement\n")
    return tmp_path


def test_a_clean_small_tree_keeps_the_contracts(tmp_path: Path) -> None:
    done = lint_imports(small_tree(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        ("content/core.py", "from PySide6.QtCore import QObject\n", [QT]),
        ("venue/later.py", "def later():\n    import shiboken6\n", [QT]),
        ("visit/icons.py", "import qtawesome\n", [QT]),
        ("content/core.py", "from kiosk.ui import view\n", [QT, LAYER]),
        ("cli/main.py", "from PySide6 import QtGui\n", [CLI_QT]),
        ("content/core.py", "from kiosk.venue import settings\n", [LAYER]),
        ("visit/gate.py", "from kiosk.venue import settings\n", [LAYER]),
        ("paths.py", "from kiosk import content\n", [LAYER]),
        ("ui/view.py", "from kiosk.cli import main\n", [LAYER]),
        ("content/a.py", "from kiosk.content import b\n", [CYCLE]),
    ],
)
def test_the_contracts_catch_a_breach(tmp_path: Path, module: str, source: str, broken: list[str]) -> None:
    tree = small_tree(tmp_path)
    (tree / "kiosk" / module).write_text(source)
    cycle = "from kiosk.content import a\n" if module == "content/a.py" else ""
    (tree / "kiosk" / "content" / "b.py").write_text(cycle)
    done = lint_imports(tree)
    assert done.returncode == 1, done.stdout + done.stderr
    broken_now = {
        key for key in CONTRACTS for line in done.stdout.splitlines()
        if line.startswith(key) and " BROKEN" in line
    }
    assert broken_now == set(broken), done.stdout


def test_importing_and_using_the_core_leaves_qt_unloaded() -> None:
    script = f"""
import sys
import kiosk.content, kiosk.visit.session, kiosk.visit.present, kiosk.visit.pingate
import kiosk.venue.settings, kiosk.venue.library, kiosk.venue.stats, kiosk.venue.health
from kiosk.content import load_stand
from kiosk.paths import SAMPLE_STAND
result = load_stand(SAMPLE_STAND)
assert result.ok, result.problems
qt = sorted(m for m in sys.modules if m.split(".")[0] in {sorted(QT_PACKAGES)!r})
print("QT:", qt)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "QT: []"


def test_the_subprocess_check_would_see_qt() -> None:
    # the same probe notices Qt when a module that needs it is imported
    script = "import sys, kiosk.ui.imaging; print('PySide6' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


def test_lint_imports_is_installed() -> None:
    assert shutil.which(str(LINT_IMPORTS)), "pip install -e '.[test]' installs import-linter"
