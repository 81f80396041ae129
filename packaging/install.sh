#!/usr/bin/env bash
# Install the exhibition kiosk from this offline bundle. No network is used.
#
#   ./install.sh [--prefix DIR] [--no-service] [--python PYTHON]
#
# Puts the kiosk into its own virtual environment in DIR (default ~/.local/opt/kiosk),
# adds DIR/bin/kiosk, copies the sample stands and the guide, installs the systemd user
# service and the XDG autostart entry (unless --no-service), and lists the system packages
# Qt still needs. Run it as the user the kiosk runs as, not as root.
# Guide: docs/venue-install.md in this bundle.
set -euo pipefail

BUNDLE=$(CDPATH='' cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
PREFIX="${HOME:?HOME is not set}/.local/opt/kiosk"
SERVICE=1
PYTHON=""
UNIT_DEFAULT_PREFIX='%h/.local/opt/kiosk'  # the install folder as the unit files name it

# what Qt's X11 (xcb) platform plugin and OpenGL need beyond a minimal Debian/Ubuntu
XCB_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
              libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1)

say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }

usage() {
    cat <<EOF
Usage: $0 [--prefix DIR] [--no-service] [--python PYTHON]

Install the exhibition kiosk from this bundle, without network.

  --prefix DIR      install folder (default: ~/.local/opt/kiosk); the kiosk command
                    is DIR/bin/kiosk
  --no-service      do not install the systemd user service or the autostart entry
  --python PYTHON   the Python to build the virtual environment with (default: the
                    python3.X this bundle was built for, else python3)
  -h, --help        this help
EOF
}

while (($#)); do
    case "$1" in
        --prefix) (($# >= 2)) || die "--prefix needs a folder"; PREFIX=$2; shift 2 ;;
        --prefix=*) PREFIX=${1#--prefix=}; shift ;;
        --no-service) SERVICE=0; shift ;;
        --python) (($# >= 2)) || die "--python needs a program"; PYTHON=$2; shift 2 ;;
        --python=*) PYTHON=${1#--python=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done

unit_path() {  # how a systemd unit names the folder $1: %h/... under the home folder
    if [[ "$1" == "$HOME"/* ]]; then
        printf '%%h/%s' "${1#"$HOME"/}"
    else
        printf '%s' "$1"
    fi
}

info() {  # a value from BUNDLE-INFO (key=value lines written by build-offline-bundle.sh)
    awk -v key="$1" 'index($0, key "=") == 1 {print substr($0, length(key) + 2); exit}' \
        "$BUNDLE/BUNDLE-INFO"
}

# --- the bundle -------------------------------------------------------------------------
step "Checking the bundle in $BUNDLE"
[[ -f "$BUNDLE/BUNDLE-INFO" && -d "$BUNDLE/wheels" ]] ||
    die "this is not a complete kiosk bundle (no BUNDLE-INFO or wheels/ beside install.sh)"
NAME=$(info name)
VERSION=$(info version)
EXTRAS=$(info extras)
WANT_PY=$(info python)
[[ -n "$NAME" && -n "$VERSION" && -n "$WANT_PY" ]] || die "BUNDLE-INFO is incomplete"
say "$NAME $VERSION for Python $WANT_PY ($(info target)), built $(info built)"
if [[ -f "$BUNDLE/SHA256SUMS" ]] && command -v sha256sum >/dev/null; then
    (cd "$BUNDLE" && sha256sum --quiet --check SHA256SUMS) ||
        die "some files of the bundle are damaged or missing: copy the whole folder again"
    say "checksums: all files intact"
else
    warn "cannot verify the checksums (no SHA256SUMS or no sha256sum); carrying on"
fi

# --- Python -----------------------------------------------------------------------------
step "Finding Python $WANT_PY"
py_version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
if [[ -z "$PYTHON" ]]; then
    for candidate in "python$WANT_PY" python3; do
        if command -v "$candidate" >/dev/null && [[ $(py_version "$candidate") == "$WANT_PY" ]]
        then
            PYTHON=$candidate
            break
        fi
    done
    [[ -n "$PYTHON" ]] || die "Python $WANT_PY is needed (this bundle's packages are built
for it) but neither python$WANT_PY nor python3 is that version here.
Install it (Debian/Ubuntu: python$WANT_PY and python$WANT_PY-venv), build a bundle for
this machine's Python (build-offline-bundle.sh --python-version), or use the
PyInstaller build, which brings its own Python."
fi
command -v "$PYTHON" >/dev/null || die "no such Python: $PYTHON"
HAVE_PY=$(py_version "$PYTHON") || die "$PYTHON does not run"
[[ "$HAVE_PY" == "$WANT_PY" ]] ||
    die "$PYTHON is Python $HAVE_PY; this bundle is for Python $WANT_PY"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
    die "$PYTHON cannot make virtual environments (Debian/Ubuntu: install python$WANT_PY-venv)"
say "using $("$PYTHON" -c 'import sys; print(sys.executable)') (Python $HAVE_PY)"

# --- the install folder -----------------------------------------------------------------
[[ "$PREFIX" != *[[:space:]%]* ]] ||
    die "the install folder may not contain spaces or '%' (the service file cannot say it)"
mkdir -p -- "$PREFIX" || die "cannot create $PREFIX"
PREFIX=$(CDPATH='' cd -- "$PREFIX" && pwd)
[[ -w "$PREFIX" ]] || die "$PREFIX is not writable by $(id -un)"
if ((EUID == 0)) && ((SERVICE)); then
    warn "running as root: the user service and autostart entry are installed for root;
  run install.sh as the kiosk's own user instead (or use --no-service)"
fi

WAS_RUNNING=0
if ((SERVICE)) && command -v systemctl >/dev/null &&
        systemctl --user is-active --quiet kiosk.service 2>/dev/null; then
    step "Stopping the running kiosk service for the upgrade"
    systemctl --user stop kiosk.service
    WAS_RUNNING=1
fi

step "Creating the virtual environment in $PREFIX/venv"
"$PYTHON" -m venv --clear "$PREFIX/venv"

step "Installing $NAME $VERSION from the bundle (no network)"
# only the bundle: no index, no pip configuration or PIP_* settings from this machine
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^PIP_' || true)
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
requirement="$NAME${EXTRAS:+[$EXTRAS]}==$VERSION"
"$PREFIX/venv/bin/python" -m pip install --quiet --no-index --no-cache-dir \
    --find-links "$BUNDLE/wheels" "$requirement" ||
    die "pip could not install $requirement from $BUNDLE/wheels (see above). Was the bundle
built for this kind of machine ($(uname -m), Python $HAVE_PY)? It says: $(info target)"

mkdir -p "$PREFIX/bin"
ln -sfn ../venv/bin/kiosk "$PREFIX/bin/kiosk"
install -m 0755 "$BUNDLE/packaging/kiosk-session-start" "$PREFIX/bin/kiosk-session-start"
if [[ -d "$BUNDLE/packaging/fleet" ]]; then  # optional: importing stands that a sync tool delivers
    install -m 0755 "$BUNDLE/packaging/fleet/kiosk-inbox-import" "$PREFIX/bin/kiosk-inbox-import"
    mkdir -p "$PREFIX/share/fleet"
    for unit in "$BUNDLE"/packaging/fleet/kiosk-inbox.*; do
        text=$(<"$unit")
        printf '%s\n' "${text//"$UNIT_DEFAULT_PREFIX"/"$(unit_path "$PREFIX")"}" \
            >"$PREFIX/share/fleet/${unit##*/}"
    done
fi
if [[ -d "$BUNDLE/stands" ]]; then
    mkdir -p "$PREFIX/stands"
    for stand in "$BUNDLE"/stands/*/; do
        stand=${stand%/}
        rm -rf -- "${PREFIX:?}/stands/$(basename -- "$stand")"
        cp -R -- "$stand" "$PREFIX/stands/"
    done
fi
if [[ -d "$BUNDLE/docs" ]]; then
    mkdir -p "$PREFIX/docs"
    cp -R -- "$BUNDLE"/docs/. "$PREFIX/docs/"
fi
cp -- "$BUNDLE/BUNDLE-INFO" "$PREFIX/BUNDLE-INFO"
"$PREFIX/bin/kiosk" --version >/dev/null || die "the installed kiosk command does not run"
say "installed: $PREFIX/bin/kiosk ($("$PREFIX/bin/kiosk" --version))"

# --- system libraries -------------------------------------------------------------------
step "Checking the system libraries Qt needs"
MISSING=()
if command -v dpkg >/dev/null; then
    for package in "${XCB_PACKAGES[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || MISSING+=("$package")
    done
fi
UNRESOLVED=""
plugin=$(find "$PREFIX/venv" -path '*/PySide6/Qt/plugins/platforms/libqxcb.so' -print -quit)
if [[ -n "$plugin" ]] && command -v ldd >/dev/null; then
    UNRESOLVED=$(ldd "$plugin" 2>/dev/null | awk '/not found/ {print $1}' | sort -u | tr '\n' ' ')
fi
if ((${#MISSING[@]})); then
    warn "missing system packages for Qt's X11 (xcb) platform: ${MISSING[*]}"
    say "  Install them, from a local mirror or .deb files fetched on a connected machine"
    say "  of the same release (apt-get download ...; then sudo dpkg -i *.deb):"
    say "    sudo apt-get install ${MISSING[*]}"
elif command -v dpkg >/dev/null; then
    say "all of: ${XCB_PACKAGES[*]}"
else
    say "no dpkg here: check your distribution's packages for the libraries below, if any"
fi
if [[ -n "$UNRESOLVED" ]]; then
    warn "libraries the X11 platform plugin cannot find: $UNRESOLVED"
fi

# --- video and sound (a bundle built --with-media) ------------------------------------------
if [[ ",$EXTRAS," == *,media,* ]]; then
    step "Checking what video and sound need"
    # Qt Multimedia links the PulseAudio client library (libpulse0) even where PipeWire plays
    # the sound and even without a sound device: without it, it does not load at all, and
    # the kiosk shows each video's poster with a message instead
    if "$PREFIX/venv/bin/python" -c 'import PySide6.QtMultimedia' 2>"$PREFIX/.media-check"; then
        say "Qt Multimedia loads: videos and recordings will play"
    else
        warn "Qt Multimedia does not load: $(tail -n 1 "$PREFIX/.media-check")"
        say "  The kiosk runs, and shows each video's poster with a message. On Debian/Ubuntu:"
        say "    sudo apt-get install libpulse0"
    fi
    rm -f -- "$PREFIX/.media-check"
fi

# --- service and autostart --------------------------------------------------------------
if ((SERVICE)); then
    step "Installing the systemd user service and the autostart entry"
    config="${XDG_CONFIG_HOME:-$HOME/.config}"
    mkdir -p "$config/systemd/user" "$config/autostart"
    unit_prefix=$(unit_path "$PREFIX")
    unit=$(<"$BUNDLE/packaging/kiosk.service")
    printf '%s\n' "${unit//"$UNIT_DEFAULT_PREFIX"/"$unit_prefix"}" \
        >"$config/systemd/user/kiosk.service"
    desktop=$(<"$BUNDLE/packaging/kiosk.desktop")
    printf '%s\n' "${desktop//@PREFIX@/"$PREFIX"}" >"$config/autostart/kiosk.desktop"
    say "service:   $config/systemd/user/kiosk.service"
    say "autostart: $config/autostart/kiosk.desktop"
    if command -v systemctl >/dev/null && systemctl --user daemon-reload 2>/dev/null; then
        systemctl --user enable kiosk.service 2>/dev/null ||
            warn "could not enable kiosk.service; run: systemctl --user enable kiosk"
        say "enabled: it starts with the graphical session from now on"
        if ((WAS_RUNNING)); then
            systemctl --user start kiosk.service && say "restarted the kiosk service"
        fi
    else
        say "no systemd user session reachable from here (SSH or no systemd?):"
        say "  at the kiosk's desktop, run: systemctl --user daemon-reload && systemctl --user enable --now kiosk"
        say "  without systemd, the autostart entry runs the kiosk (unsupervised) at login"
    fi
fi

step "Done"
say "The kiosk command:   $PREFIX/bin/kiosk   (add $PREFIX/bin to PATH, or use the full path)"
say "Check a stand:       $PREFIX/bin/kiosk validate $PREFIX/stands/<stand>"
say "Preview in a window: $PREFIX/bin/kiosk run --windowed $PREFIX/stands/<stand>"
if ((SERVICE)); then
    say "Start it now:        systemctl --user start kiosk   (logs: journalctl --user -u kiosk -f)"
    say "Run without a login: sudo loginctl enable-linger $(id -un)   (see docs/venue-install.md)"
fi
if ((${#MISSING[@]})) || [[ -n "$UNRESOLVED" ]]; then
    say "Before it can open a window, install the missing system packages listed above."
fi
