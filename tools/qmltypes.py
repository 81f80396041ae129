"""Describe the kiosk's Python view models to qmllint: `import Kiosk.Backend` in QML.

Writes OUT/Kiosk/Backend/{qmldir,backend.qmltypes} from the classes declared with
`@QmlElement` (`kiosk/ui/backend.py` names the module), using PySide6's own tools
(pyside6-metaobjectdump reads the Python source, qmltyperegistrar writes the types). The
files are made afresh for each lint (./test.sh), so they cannot go stale; the running kiosk
does not use them (the types are registered when their modules are imported).

    python tools/qmltypes.py OUT
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import PySide6

from kiosk.ui.backend import QML_IMPORT_MAJOR_VERSION, QML_IMPORT_NAME

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("controller", "staff", "rows", "narrator", "playback", "videoframe")
"""The modules of kiosk.ui that declare a `@QmlElement` class."""
QT_MODULES = ("core", "gui", "qml", "quick")
"""The Qt modules whose types (QObject, QAbstractListModel...) the view models extend."""


def write_types(out: Path) -> Path:
    qt = Path(PySide6.__file__).parent
    tool = Path(sys.executable).parent / "pyside6-metaobjectdump"
    registrar = qt / "Qt" / "libexec" / "qmltyperegistrar"
    folder = out.joinpath(*QML_IMPORT_NAME.split("."))
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "metatypes.json"
        subprocess.run([str(tool), "--quiet", "-o", str(dump),
                        *(str(ROOT / "kiosk" / "ui" / f"{name}.py") for name in MODULES)],
                       check=True)
        dump.write_text(json.dumps(_as_registered(json.loads(dump.read_text("utf-8")))), "utf-8")
        foreign = ",".join(str(qt / "Qt" / "metatypes" / f"qt6{name}_metatypes.json")
                           for name in QT_MODULES)
        subprocess.run([str(registrar), "--import-name", QML_IMPORT_NAME,
                        "--major-version", str(QML_IMPORT_MAJOR_VERSION),
                        "--foreign-types", foreign,
                        "--generate-qmltypes", str(folder / "backend.qmltypes"),
                        "-o", str(Path(scratch) / "registrations.cpp"), str(dump)], check=True)
    (folder / "qmldir").write_text(f"module {QML_IMPORT_NAME}\ntypeinfo backend.qmltypes\n"
                                   "depends QtQuick\n", encoding="utf-8")
    return folder


def _as_registered(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dump with each property as Qt registered it: metaobjectdump reads the source, and
    writes `list` for what Qt calls QVariantList and leaves out `constant=True`."""
    for file in files:
        for described in file["classes"]:
            meta = None
            for name in MODULES:
                module = importlib.import_module(f"kiosk.ui.{name}")
                if hasattr(module, described["className"]):
                    meta = getattr(module, described["className"]).staticMetaObject
            if meta is None:
                continue
            for prop in described.get("properties", []):
                real = meta.property(meta.indexOfProperty(prop["name"]))
                prop["type"] = real.typeName()
                prop["constant"] = real.isConstant()
                prop["final"] = real.isFinal()
    return files


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(write_types(Path(sys.argv[1])))
