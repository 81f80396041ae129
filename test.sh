#!/usr/bin/env bash
# Set up a virtual environment with the test tools, then lint, type-check and test.
# Usage: ./test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")"
source tools/venv.sh
ensure_venv ".[test]"
ensure_system_packages
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy
echo "== lint-imports"; .venv/bin/lint-imports --no-cache
echo "== pytest"; .venv/bin/python -m pytest "$@"
