#!/usr/bin/env bash
# Build an offline install bundle of the kiosk, on a machine WITH network access.
#
#   packaging/build-offline-bundle.sh OUT [options]
#
# OUT/ then holds everything a venue PC without network needs:
#   install.sh          the installer (see packaging/install.sh)
#   wheels/             the kiosk and every Python package it needs, as wheels
#   stands/             the bundled stands (the sample stand)
#   packaging/          kiosk.service, kiosk.desktop, kiosk-session-start, fleet/ (inbox import)
#   docs/               the venue install guide and the fleet guide
#   BUNDLE-INFO         what was built, for which Python and platform, from which commit
#   SHA256SUMS          checked by install.sh, so a bad USB copy is caught
#
# By default the wheels are for THIS machine's Python and platform ("native"), the usual case:
# build on a connected PC of the same OS release and architecture as the kiosks. For another
# target give --target, --python-version and (Linux) --glibc; then only binary wheels are used.
set -euo pipefail

REPO=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)  # or --source
OUT=""
PYTHON=${PYTHON:-python3}
TARGET=native
TARGET_PY=""
GLIBC=2.36
EXTRAS=""

say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
die() { printf 'build-offline-bundle.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
    cat <<EOF
Usage: $0 OUT [--source DIR] [--python PYTHON] [--with-media]
          [--target linux-x86_64|linux-aarch64|windows-amd64 --python-version X.Y [--glibc 2.N]]

Build an offline install bundle in the new folder OUT (on a machine with network).

  --source DIR          the project to bundle (default: the checkout holding this script)
  --python PYTHON       the Python that runs pip here (default: python3, or \$PYTHON)
  --with-media          include PySide6-Addons and PyAV (video and sound), the "media" extra
  --target T            build for another platform: linux-x86_64, linux-aarch64
                        (Raspberry Pi 5 with a 64-bit OS) or windows-amd64
  --python-version X.Y  the target's Python (required with --target), e.g. 3.11
  --glibc 2.N           the target's C library version (ldd --version), default $GLIBC;
                        Debian 12 / Raspberry Pi OS 12: 2.36, Ubuntu 22.04: 2.35,
                        Ubuntu 24.04: 2.39, Debian 13: 2.41
EOF
}

while (($#)); do
    case "$1" in
        --source) (($# >= 2)) || die "--source needs a folder"; REPO=$2; shift 2 ;;
        --python) (($# >= 2)) || die "--python needs a program"; PYTHON=$2; shift 2 ;;
        --with-media) EXTRAS=media; shift ;;
        --target) (($# >= 2)) || die "--target needs a value"; TARGET=$2; shift 2 ;;
        --python-version) (($# >= 2)) || die "--python-version needs X.Y"; TARGET_PY=$2; shift 2 ;;
        --glibc) (($# >= 2)) || die "--glibc needs 2.N"; GLIBC=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; die "unknown option: $1" ;;
        *) [[ -z "$OUT" ]] || die "only one OUT folder, please"; OUT=$1; shift ;;
    esac
done
[[ -n "$OUT" ]] || { usage >&2; die "say where to put the bundle (OUT)"; }
if [[ -e "$OUT" ]] && [[ -n "$(ls -A -- "$OUT" 2>/dev/null)" ]]; then
    die "$OUT exists and is not empty: choose a new folder (or delete it yourself)"
fi
[[ -f "$REPO/pyproject.toml" ]] || die "$REPO is not the kiosk project (no pyproject.toml)"
REPO=$(CDPATH='' cd -- "$REPO" && pwd)
command -v "$PYTHON" >/dev/null || die "no such Python: $PYTHON"
"$PYTHON" -m pip --version >/dev/null 2>&1 || die "$PYTHON has no pip"

BUILD_PY=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
PLATFORM_ARGS=()
case "$TARGET" in
    native)
        [[ -z "$TARGET_PY" || "$TARGET_PY" == "$BUILD_PY" ]] ||
            die "--python-version $TARGET_PY differs from $PYTHON ($BUILD_PY): also give --target"
        TARGET_PY=$BUILD_PY
        TARGET_DESC="native: $(uname -s | tr '[:upper:]' '[:lower:]')-$(uname -m)"
        if command -v ldd >/dev/null && ldd --version >/dev/null 2>&1; then
            # awk reads all of it: `head` would close the pipe early (SIGPIPE, fatal with pipefail)
            TARGET_DESC+=" glibc $(ldd --version 2>&1 | awk 'NR == 1 {print $NF}')"
        fi
        ;;
    linux-x86_64|linux-aarch64)
        [[ -n "$TARGET_PY" ]] || die "--target $TARGET needs --python-version (the kiosk PC's)"
        [[ "$GLIBC" =~ ^2\.([0-9]+)$ ]] || die "--glibc must look like 2.36"
        arch=${TARGET#linux-}
        # pip matches platform tags exactly: list every manylinux level the target can run
        for ((minor = 17; minor <= BASH_REMATCH[1]; minor++)); do
            PLATFORM_ARGS+=(--platform "manylinux_2_${minor}_${arch}")
        done
        PLATFORM_ARGS+=(--platform "manylinux2014_${arch}")
        TARGET_DESC="$TARGET glibc $GLIBC"
        ;;
    windows-amd64)
        [[ -n "$TARGET_PY" ]] || die "--target $TARGET needs --python-version (the kiosk PC's)"
        PLATFORM_ARGS+=(--platform win_amd64)
        TARGET_DESC=$TARGET
        ;;
    *) die "unknown --target $TARGET (linux-x86_64, linux-aarch64 or windows-amd64)" ;;
esac
[[ "$TARGET_PY" =~ ^3\.[0-9]+$ ]] || die "--python-version must look like 3.11"

started=$SECONDS
mkdir -p -- "$OUT"
OUT=$(CDPATH='' cd -- "$OUT" && pwd)
mkdir -p "$OUT/wheels" "$OUT/stands" "$OUT/packaging" "$OUT/docs"
SCRATCH=$(mktemp -d)
finish() {
    local status=$?
    rm -rf -- "$SCRATCH"
    if ((status != 0)); then  # no half-made bundle that looks complete
        rm -rf -- "$OUT"
        printf 'build-offline-bundle.sh: failed; removed the unfinished %s\n' "$OUT" >&2
    fi
}
trap finish EXIT

# --- the project wheel, from a clean copy of the working tree ---------------------------
step "Building the kiosk wheel from $REPO"
# a clean copy: no stale build/ folder, virtual environment or caches can leak into the wheel
SRC="$SCRATCH/src"
mkdir -p "$SRC"
if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # tracked and new (not ignored) files: what the next commit would hold
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' file; do
            [[ -e "$file" ]] && printf '%s\0' "$file"
        done | xargs -0 cp --parents -t "$SRC" --)
    COMMIT=$(git -C "$REPO" describe --always --dirty 2>/dev/null || echo unknown)
else
    tar -C "$REPO" --exclude=.venv --exclude=build --exclude=dist --exclude='*.egg-info' \
        --exclude=__pycache__ --exclude='.*_cache' -cf - . | tar -C "$SRC" -xf -
    COMMIT=unknown
fi
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$SCRATCH/project" "$SRC"
PROJECT_WHEEL=$(find "$SCRATCH/project" -name '*.whl' -print -quit)
[[ -n "$PROJECT_WHEEL" ]] || die "pip built no wheel"

# the wheel must carry the QML module, the fonts and map, the sample stand and every module
"$PYTHON" - "$PROJECT_WHEEL" "$SRC" <<'PY' || die "the wheel is incomplete (see above)"
import pathlib, sys, zipfile

wheel, src = sys.argv[1], pathlib.Path(sys.argv[2])
names = set(zipfile.ZipFile(wheel).namelist())
want = {p.relative_to(src).as_posix() for p in (src / "kiosk").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts}
for folder in ("resources", "content"):
    want |= {"kiosk/_data/" + p.relative_to(src).as_posix() for p in (src / folder).rglob("*")
             if p.is_file()}
missing = sorted(want - names)
if missing:
    print(f"{len(missing)} files of the source are not in the wheel, e.g.:", file=sys.stderr)
    for name in missing[:10]:
        print("  " + name, file=sys.stderr)
    print("Fix pyproject.toml ([tool.setuptools] packages, package-dir, package-data):\n"
          "a new sub-package must be listed; resources/ and content/ must be mapped to\n"
          "kiosk/_data/ (see docs/venue-install.md, 'For developers').", file=sys.stderr)
    sys.exit(1)
print(f"wheel complete: {len(names)} files")
PY
cp -- "$PROJECT_WHEEL" "$OUT/wheels/"
PROJECT_WHEEL="$OUT/wheels/$(basename -- "$PROJECT_WHEEL")"

read -r NAME VERSION < <("$PYTHON" - "$PROJECT_WHEEL" <<'PY'
import sys, zipfile
from email.parser import Parser

with zipfile.ZipFile(sys.argv[1]) as wheel:
    meta = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    info = Parser().parsestr(wheel.read(meta).decode())
print(info["Name"], info["Version"])
PY
)

# --- the dependencies -------------------------------------------------------------------
step "Fetching the dependencies for Python $TARGET_PY ($TARGET_DESC)"
requirement="$PROJECT_WHEEL${EXTRAS:+[$EXTRAS]}"
if [[ "$TARGET" == native ]]; then
    # pip wheel turns any dependency published only as source into a wheel for this machine
    "$PYTHON" -m pip wheel --quiet --wheel-dir "$OUT/wheels" "$requirement"
else
    abi="cp${TARGET_PY/./}"
    "$PYTHON" -m pip download --quiet --dest "$OUT/wheels" --only-binary=:all: \
        --implementation cp --python-version "$TARGET_PY" \
        --abi "$abi" --abi abi3 --abi none "${PLATFORM_ARGS[@]}" "$requirement"
fi

# --- stands, installer, service files, docs ----------------------------------------------
step "Adding the stands, the installer and the guides"
for stand in "$REPO"/content/*/; do
    [[ -f "$stand/stand.yaml" ]] && cp -R -- "${stand%/}" "$OUT/stands/"
done
install -m 0755 "$REPO/packaging/install.sh" "$OUT/install.sh"
cp -- "$REPO/packaging/kiosk.service" "$REPO/packaging/kiosk.desktop" "$OUT/packaging/"
install -m 0755 "$REPO/packaging/kiosk-session-start" "$OUT/packaging/kiosk-session-start"
cp -R -- "$REPO/packaging/fleet" "$OUT/packaging/fleet"
for doc in venue-install.md fleet.md; do
    [[ -f "$REPO/docs/$doc" ]] && cp -- "$REPO/docs/$doc" "$OUT/docs/"
done

cat >"$OUT/BUNDLE-INFO" <<EOF
name=$NAME
version=$VERSION
extras=$EXTRAS
python=$TARGET_PY
target=$TARGET_DESC
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$COMMIT
EOF
(cd "$OUT/wheels" && ls -1 -- *.whl) >"$OUT/WHEELS.txt"
(cd "$OUT" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum) \
    >"$OUT/SHA256SUMS"

step "Done in $((SECONDS - started)) s"
say "bundle: $OUT ($(du -sh -- "$OUT" | cut -f1), $(wc -l <"$OUT/WHEELS.txt") wheels)"
say "$NAME $VERSION for Python $TARGET_PY, $TARGET_DESC"
say "Copy the whole folder to the kiosk PC and run:  ./install.sh --prefix ~/.local/opt/kiosk"
