#!/usr/bin/env bash
# The offline install, round trip, as a venue technician would do it:
#
#   1. build the bundle (needs the package registry, or a warm pip cache)
#   2. install it into a temporary prefix with the network cut off (a new network namespace
#      via `unshare -n` when this machine allows it; pip's --no-index in any case)
#   3. with the installed command, offline: validate the bundled stand and render it
#   4. install again with the service, into a throw-away HOME, and check the unit and
#      autostart entry point at the install (and that systemd accepts the unit)
#
#   packaging/test-offline-install.sh [--source DIR] [--keep] [--python PYTHON]
#
# Nothing outside a temporary folder is touched (HOME is a temporary folder for the installs).
# Takes about 30-60 s with a warm pip cache; downloading the wheels (about 100 MB) adds to it.
set -euo pipefail

HERE=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
SOURCE=$(dirname -- "$HERE")
KEEP=0
PYTHON=${PYTHON:-python3}

while (($#)); do
    case "$1" in
        --source) SOURCE=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        --python) PYTHON=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) printf 'test-offline-install.sh: unknown argument: %s\n' "$1" >&2; exit 2 ;;
    esac
done

SOURCE=$(CDPATH='' cd -- "$SOURCE" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-offline-test.XXXXXX")
cleanup() {
    if ((KEEP)); then
        printf 'kept: %s\n' "$WORK"
    else
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT

cd "$WORK"  # never the source checkout: `python` would import the package from there
BUNDLE="$WORK/bundle"
PREFIX="$WORK/prefix"
FAKE_HOME="$WORK/home"
mkdir -p "$FAKE_HOME"
failures=0
passes=0
started=$SECONDS
lap=$SECONDS

pass() { printf 'PASS %s (%d s)\n' "$1" $((SECONDS - lap)); passes=$((passes + 1)); lap=$SECONDS; }
fail() { printf 'FAIL %s\n' "$1" >&2; failures=$((failures + 1)); lap=$SECONDS; }

# cut the network where we can: a fresh network namespace has only a loopback that is down
OFFLINE=()
if unshare -n true 2>/dev/null; then
    OFFLINE=(unshare -n)
elif unshare -rn true 2>/dev/null; then
    OFFLINE=(unshare -rn)
else
    printf 'note: cannot make a network namespace here; relying on pip --no-index\n'
fi

# a clean environment for the "venue PC": no virtualenv, no pip settings, a throw-away HOME
venue() {
    env -i PATH="$PATH" HOME="$FAKE_HOME" LANG=C.UTF-8 TMPDIR="${TMPDIR:-/tmp}" \
        ${PYENV_ROOT:+PYENV_ROOT="$PYENV_ROOT"} ${PYENV_VERSION:+PYENV_VERSION="$PYENV_VERSION"} \
        "${OFFLINE[@]}" "$@"
}

printf '== 1. build the bundle from %s\n' "$SOURCE"
if "$HERE/build-offline-bundle.sh" "$BUNDLE" --source "$SOURCE" --python "$PYTHON" \
        >"$WORK/build.log" 2>&1; then
    pass "bundle built: $(du -sh -- "$BUNDLE" | cut -f1), $(wc -l <"$BUNDLE/WHEELS.txt") wheels"
else
    tail -n 30 "$WORK/build.log" >&2
    fail "building the bundle"
    exit 1
fi

printf '== 2. install offline into %s\n' "$PREFIX"
if venue "$BUNDLE/install.sh" --prefix "$PREFIX" --no-service >"$WORK/install.log" 2>&1; then
    pass "installed offline ${OFFLINE[*]:+(${OFFLINE[*]})}"
else
    tail -n 30 "$WORK/install.log" >&2
    fail "offline install"
    exit 1
fi
if [[ -x "$PREFIX/bin/kiosk" ]]; then
    pass "kiosk command at $PREFIX/bin/kiosk"
else
    fail "no kiosk command"
fi
if [[ ! -e "$FAKE_HOME/.config/systemd/user/kiosk.service" ]]; then
    pass "--no-service installed no service"
else
    fail "--no-service installed a service"
fi

printf '== 3. use the installed kiosk, offline\n'
STAND="$BUNDLE/stands/khojaly-31"
if venue "$PREFIX/bin/kiosk" validate "$STAND" >"$WORK/validate.log" 2>&1; then
    pass "kiosk validate $STAND"
else
    cat "$WORK/validate.log" >&2
    fail "kiosk validate"
fi
if venue env QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software \
        "$PREFIX/bin/kiosk" snapshot "$STAND" --out "$WORK/snap" --lang en \
        >"$WORK/snapshot.log" 2>&1; then
    pngs=$(find "$WORK/snap" -name '*.png' -size +10k | wc -l)
    if ((pngs >= 1)); then
        pass "kiosk snapshot rendered $pngs screens"
    else
        fail "kiosk snapshot wrote no real pictures"
    fi
else
    tail -n 30 "$WORK/snapshot.log" >&2
    fail "kiosk snapshot"
fi
# the installed package must use its own data, not a source checkout's
if venue "$PREFIX/venv/bin/python" -I - "$PREFIX" <<'PY'
import sys
from kiosk import paths

prefix = sys.argv[1]
assert paths.__file__.startswith(prefix), paths.__file__
assert paths.MAP_FILE.is_file(), paths.MAP_FILE
for name in ("QML_DIR", "FONTS_DIR", "SAMPLE_STAND"):
    where = str(getattr(paths, name))
    assert where.startswith(prefix) and getattr(paths, name).is_dir(), (name, where)
assert any(paths.FONTS_DIR.glob("*.ttf")), "no fonts"
PY
then
    pass "QML, fonts, map and sample stand come from the installed wheel"
else
    fail "the installed package lacks its data"
fi

printf '== 4. install with the service (throw-away HOME)\n'
if venue "$BUNDLE/install.sh" --prefix "$PREFIX" >"$WORK/install-service.log" 2>&1; then
    pass "installed again, with the service"
else
    tail -n 30 "$WORK/install-service.log" >&2
    fail "install with the service"
fi
UNIT="$FAKE_HOME/.config/systemd/user/kiosk.service"
DESKTOP="$FAKE_HOME/.config/autostart/kiosk.desktop"
if grep -qx "ExecStart=$PREFIX/venv/bin/kiosk run \$KIOSK_ARGS" "$UNIT" 2>/dev/null; then
    pass "service runs $PREFIX/venv/bin/kiosk"
else
    fail "service ExecStart: $(grep ExecStart= "$UNIT" 2>/dev/null || echo 'no unit')"
fi
if grep -qx "Exec=$PREFIX/bin/kiosk-session-start" "$DESKTOP" 2>/dev/null; then
    pass "autostart entry runs $PREFIX/bin/kiosk-session-start"
else
    fail "autostart Exec: $(grep '^Exec=' "$DESKTOP" 2>/dev/null || echo 'no entry')"
fi
FLEET="$PREFIX/share/fleet/kiosk-inbox.service"
if grep -qx "ExecStart=$PREFIX/bin/kiosk-inbox-import %h/kiosk-inbox" "$FLEET" 2>/dev/null &&
        [[ -x "$PREFIX/bin/kiosk-inbox-import" ]]; then
    pass "fleet inbox import installed, unit points at $PREFIX/bin"
else
    fail "fleet inbox import: $(grep ExecStart= "$FLEET" 2>/dev/null || echo 'no unit')"
fi
if command -v systemd-analyze >/dev/null; then
    # system mode: --user needs a running user manager; the syntax is the same
    if systemd-analyze verify "$UNIT" "$PREFIX"/share/fleet/kiosk-inbox.{service,path,timer} \
            >"$WORK/verify.log" 2>&1 && ! grep -q . "$WORK/verify.log"
    then
        pass "systemd-analyze verify accepts the units"
    else
        cat "$WORK/verify.log" >&2
        fail "systemd-analyze verify"
    fi
fi

total=$((SECONDS - started))
printf 'offline install round trip took %d s\n' "$total"
printf '%d passed, %d failed\n' "$passes" "$failures"
if ((failures)); then
    printf 'logs kept in %s\n' "$WORK" >&2
    KEEP=1
    exit 1
fi
