#!/usr/bin/env bash
# Set up a virtual environment with the test tools, then lint (Python and QML), type-check
# and test.
# Usage: ./test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")"
source tools/venv.sh
ensure_venv ".[test]"
ensure_system_packages
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy
echo "== lint-imports"; .venv/bin/lint-imports --no-cache
echo "== qmllint"
qmltypes=$(mktemp -d); trap 'rm -rf "$qmltypes"' EXIT
.venv/bin/python tools/qmltypes.py "$qmltypes" >/dev/null  # the Python types QML imports
.venv/bin/pyside6-qmllint --max-warnings 0 -I kiosk/qml -I "$qmltypes" kiosk/qml/Kiosk/*.qml
echo "== pytest"; .venv/bin/python -m pytest "$@"
