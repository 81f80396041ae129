"""Layers: the Qt-free core (kiosk.content, session, present, strings) never imports Qt.

Two checks: a static one that follows every import in the source (also imports inside
functions, which only run later), and a dynamic one that imports the core in a fresh
interpreter and looks at sys.modules.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "kiosk"
CORE = ["kiosk.content", "kiosk.session", "kiosk.present", "kiosk.strings", "kiosk.renderer",
        "kiosk.authoring"]
QT_PACKAGES = {"PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "qtpy", "qtawesome"}
"""Qt itself, and libraries that import it when imported (qtawesome imports Qt through qtpy)."""


def module_file(name: str, root: Path) -> Path | None:
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def core_modules(root: Path, names: list[str]) -> list[str]:
    """`names`, with every module of a package among them."""
    found: list[str] = []
    for name in names:
        file = module_file(name, root)
        assert file is not None, f"no module {name} under {root}"
        found.append(name)
        if file.name == "__init__.py":
            children = sorted(file.parent.glob("*.py"))
            found += [f"{name}.{child.stem}" for child in children if child.stem != "__init__"]
    return found


def imports_of(name: str, root: Path) -> set[str]:
    """Every module `name` imports, anywhere in its source (also `import_module("...")`)."""
    file = module_file(name, root)
    assert file is not None
    is_package = file.name == "__init__.py"
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".")
                base_parts = parts[: len(parts) - node.level + (1 if is_package else 0)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            if base.split(".")[0] == PACKAGE:  # `from kiosk import ui` imports the module kiosk.ui
                found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
        elif (
            isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id in ("__import__", "import_module"))
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            found.add(node.args[0].value)
    return found


def qt_import_chains(start: list[str], root: Path, package: str = PACKAGE) -> list[list[str]]:
    """Import chains from `start` to a Qt package, following the project's own modules."""
    chains: list[list[str]] = []
    seen: set[str] = set()
    todo: list[list[str]] = [[name] for name in start]
    while todo:
        chain = todo.pop()
        name = chain[-1]
        if name in seen:
            continue
        seen.add(name)
        # importing a.b.c runs a/__init__ and a/b/__init__ first
        parents = [".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)]
        for imported in [*parents, *sorted(imports_of(name, root))]:
            top = imported.split(".")[0]
            if top in QT_PACKAGES:
                chains.append([*chain, imported])
            elif top == package and module_file(imported, root) is not None and imported not in seen:
                todo.append([*chain, imported])
    return chains


def test_the_core_does_not_import_qt() -> None:
    modules = core_modules(ROOT, CORE)
    assert "kiosk.content.load" in modules and "kiosk.content.yamlsafe" in modules
    assert qt_import_chains(modules, ROOT) == []


@pytest.mark.parametrize(
    ("source", "chain_end"),
    [
        ("from PySide6.QtCore import QObject\n", "PySide6.QtCore"),
        ("def later():\n    import PySide6\n", "PySide6"),
        ("from kiosk import imaging\n", "PySide6.QtGui"),
        ("from kiosk.ui import view\n", "PySide6.QtQml"),
        ("from ..ui.view import View\n", "PySide6.QtQml"),
        ("import importlib\nimportlib.import_module('qtawesome')\n", "qtawesome"),
    ],
)
def test_the_check_finds_qt_however_it_is_imported(tmp_path: Path, source: str, chain_end: str) -> None:
    package = tmp_path / "kiosk"
    (package / "content").mkdir(parents=True)
    (package / "ui").mkdir()
    (package / "__init__.py").write_text("")
    (package / "content" / "__init__.py").write_text("from .core import thing\n")
    (package / "content" / "core.py").write_text(source)
    (package / "imaging.py").write_text("from PySide6.QtGui import QImageReader\n")
    (package / "ui" / "__init__.py").write_text("")
    (package / "ui" / "view.py").write_text("from PySide6.QtQml import QmlElement\n")
    chains = qt_import_chains(["kiosk.content"], tmp_path)
    assert len(chains) == 1, chains
    assert chains[0][0] == "kiosk.content" and chains[0][-1] == chain_end


def test_the_check_is_quiet_for_a_clean_tree(tmp_path: Path) -> None:
    package = tmp_path / "kiosk" / "content"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("import json\n")
    (package / "__init__.py").write_text("from kiosk.content.core import thing\n")
    (package / "core.py").write_text("import yaml\nfrom pathlib import Path\nthing = 1\n")
    assert qt_import_chains(["kiosk.content"], tmp_path) == []


def test_importing_and_using_the_core_leaves_qt_unloaded() -> None:
    script = f"""
import sys
import kiosk.content, kiosk.session, kiosk.present, kiosk.strings
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
    script = "import sys, kiosk.imaging; print('PySide6' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"
