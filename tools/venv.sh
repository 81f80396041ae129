# Shared by run.sh and test.sh: a project virtual environment in .venv, and the system
# libraries Qt needs, installed when this user may (root, or passwordless sudo).

SYSTEM_PACKAGES=(libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxkbcommon-x11-0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0
  xvfb xdotool openbox x11-utils strace espeak-ng
  pulseaudio  # the tests' null sound card (tests/conftest.py)
  libpulse0  # Qt Multimedia (the media extra) does not load without it
  dbus-daemon dbus-bin at-spi2-core python3-pyatspi orca)  # a screen reader (test_screenreader_xvfb.py)

ensure_venv() {
  local extras="$1" python="${PYTHON:-python3}"
  if ! command -v "$python" >/dev/null; then
    echo "error: $python not found; install Python 3.11 or newer" >&2; exit 1
  fi
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "error: Python 3.11 or newer is needed ($("$python" --version))" >&2; exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      # Debian and Ubuntu ship venv apart from Python: install it when this user may
      local version sudo=""
      version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      [ "$(id -u)" -eq 0 ] || { sudo -n true 2>/dev/null && sudo="sudo -n"; } || true
      if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
        echo "== installing python3-venv (Python's venv module is missing)"
        $sudo apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python${version}-venv" >/dev/null \
          || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
      fi
      if ! "$python" -m venv .venv; then
        rm -rf .venv
        echo "error: Python's venv module is missing; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2
        exit 1
      fi
    fi
  fi
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$extras"
}

ensure_system_packages() {
  command -v dpkg-query >/dev/null || return 0
  local missing=() pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "note: missing system packages (some tests need them): ${missing[*]}" >&2
      echo "      install with: sudo apt-get install ${missing[*]}" >&2
      return 0
    fi
  fi
  echo "== installing system packages: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
