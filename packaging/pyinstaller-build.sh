#!/usr/bin/env bash
# A PyInstaller one-folder build of the kiosk: a folder with its own Python, Qt and the
# kiosk, for a machine without a suitable Python (an old Ubuntu, Windows, an appliance image).
#
#   packaging/pyinstaller-build.sh [OUT]          (default OUT: dist/pyinstaller)
#
# Result: OUT/kiosk/kiosk (kiosk.exe on Windows) plus its _internal/ folder; copy the whole
# OUT/kiosk folder to the target and run `kiosk/kiosk run`, `kiosk/kiosk validate STAND`.
# Build on the same OS (and, on Linux, the same or an older C library) as the target:
# PyInstaller does not cross-compile. On Windows, run this from Git Bash with the Windows
# Python (py -3.11), or type the same commands in PowerShell.
# It needs the network (pip installs PyInstaller and the kiosk's dependencies) and takes a
# few minutes; the folder is about 250-350 MB.
set -euo pipefail

REPO=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$REPO/dist/pyinstaller}
PYTHON=${PYTHON:-python3}

die() { printf 'pyinstaller-build.sh: error: %s\n' "$*" >&2; exit 1; }
command -v "$PYTHON" >/dev/null || die "no such Python: $PYTHON (set PYTHON=...)"

WORK=$(mktemp -d)
trap 'rm -rf -- "$WORK"' EXIT
started=$SECONDS

printf '== a build environment in %s\n' "$WORK"
"$PYTHON" -m venv "$WORK/venv"
BIN="$WORK/venv/bin"
[[ -d "$WORK/venv/Scripts" ]] && BIN="$WORK/venv/Scripts"  # Windows
# a regular (not editable) install, so that kiosk/_data (fonts, map, sample stand) exists
"$BIN/python" -m pip install --quiet --upgrade pip
"$BIN/python" -m pip install --quiet "pyinstaller>=6.10" "$REPO"
"$BIN/python" - <<'PY' || die "the installed kiosk lacks its data: fix pyproject.toml first"
from kiosk import paths
assert paths.FONTS_DIR.is_dir() and "_data" in str(paths.FONTS_DIR), paths.FONTS_DIR
PY

cat >"$WORK/kiosk-main.py" <<'PY'
import sys

from kiosk.cli import main

sys.exit(main())
PY

printf '== PyInstaller (one folder)\n'
# --collect-data kiosk: the QML module (kiosk/qml) and kiosk/_data; kiosk.paths finds them
#   beside the frozen package, as in an installed wheel.
# --collect-submodules kiosk: modules imported inside functions (kiosk.ui.app, kiosk.ui.snapshot).
# qtawesome's icon fonts and pycountry's tables are data files too.
# PyInstaller's PySide6 hooks bring the Qt libraries, plugins and the QtQuick QML modules.
"$BIN/pyinstaller" --noconfirm --clean --onedir --name kiosk \
    --distpath "$OUT" --workpath "$WORK/build" --specpath "$WORK" \
    --collect-data kiosk --collect-submodules kiosk \
    --collect-data qtawesome --collect-data pycountry \
    --hidden-import PySide6.QtQuick --hidden-import PySide6.QtQml \
    --exclude-module tkinter \
    "$WORK/kiosk-main.py"

EXE="$OUT/kiosk/kiosk"
[[ -f "$EXE.exe" ]] && EXE="$EXE.exe"
printf '== smoke test\n'
"$EXE" --version
"$EXE" validate "$REPO/content/khojaly-31"

printf '== done in %d s: %s (%s)\n' $((SECONDS - started)) "$OUT/kiosk" \
    "$(du -sh -- "$OUT/kiosk" | cut -f1)"
printf 'Try it: QT_QPA_PLATFORM=offscreen %s snapshot %s --out /tmp/frozen-snap --lang en\n' \
    "$EXE" "$REPO/content/khojaly-31"
