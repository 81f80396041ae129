#!/usr/bin/env bash
# Set up a virtual environment and show the sample stand (or the stand given).
# Usage: ./run.sh [STAND] [--windowed]
set -euo pipefail
cd "$(dirname "$0")"
source tools/venv.sh
ensure_venv "."
exec .venv/bin/kiosk run "$@"
