#!/usr/bin/env bash
# Render the README's screenshots into docs/screenshots/ (headless, settled: two runs give the
# same pixels). Usage: tools/screenshots.sh   (after ./run.sh or ./test.sh made .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
kiosk=.venv/bin/kiosk
out=docs/screenshots
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot() {  # shot NAME PANEL-LANG STAND [snapshot options...]
  local name=$1 file=$2 stand=$3
  shift 3
  rm -rf "$tmp/s" && "$kiosk" snapshot "$stand" --out "$tmp/s" "$@" >/dev/null
  cp "$tmp/s/$file.png" "$out/$name.png"
}
sample=content/khojaly-31
shot attract-en attract-en $sample --lang en
shot background-en background-en $sample --lang en
shot figures-en figures-en $sample --lang en
shot recognitions-en recognitions-en $sample --lang en
shot remarks-en remarks-en $sample --lang en
shot light-remarks-ru remarks-ru $sample --lang ru --theme light
shot portrait-figures-az figures-az $sample --lang az --size 1080x1920
shot portrait-background-az background-az $sample --lang az --size 1080x1920
shot figures-large-text-en figures-en $sample --lang en --large-text
shot rtl-recognitions-ar map-ar tests/fixtures/rtl-stand --lang ar
shot rtl-figures-ar numbers-ar tests/fixtures/rtl-stand --lang ar
shot portrait-rtl-background-he story-he tests/fixtures/rtl-stand --lang he --size 1080x1920
shot rtl-background-picture-ar story-ar tests/fixtures/lighthouse-stand --lang ar
shot keypad-high-contrast-figures-en figures-en $sample --lang en --keypad --high-contrast
shot video-en film-en tests/fixtures/media-stand --lang en
echo "screenshots written to $out"
