#!/usr/bin/env bash
# Chatterdesk set-up: installs what is missing, then launches the app or runs the tests.
#   bash setup.sh run [app args...]   set up and launch the app
#   bash setup.sh test [pytest args]  set up and run ruff, mypy and the whole pytest suite
# Idempotent: Debian packages, the venv and Python packages are installed only when missing
# or when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
MODE="${1:-run}"
shift || true

say() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: Qt's offscreen + xcb platforms, fonts, PortAudio, and the test services.
DEB_RUNTIME="python3 python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libfontconfig1
  libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxkbcommon-x11-0 libx11-xcb1 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
  libxcb-xkb1 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxcb-render0 libxcb-util1
  fonts-dejavu-core libportaudio2"
DEB_TEST="xvfb xauth pulseaudio pulseaudio-utils gnome-keyring dbus-daemon"

install_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages (run as root, or: sudo apt-get install ${missing[*]})"
    return 0
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pick_python() {
  for c in python3.13 python3.12 python3.11 python3; do
    if command -v "$c" >/dev/null 2>&1 &&
       "$c" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$c"; return 0
    fi
  done
  return 1
}

setup_venv() {
  local extras="$1"
  local py
  py=$(pick_python) || { say "Python >= 3.11 with venv is required"; exit 1; }
  if [ ! -x "$VENV/bin/python" ]; then
    say "creating virtual environment in .venv"
    "$py" -m venv "$VENV"
  fi
  local stamp="$VENV/.chatterdesk-installed"
  local want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing Python packages ($extras)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".[$extras]"
    echo "$want" > "$stamp"
  fi
}

case "$MODE" in
  run)
    install_debs $DEB_RUNTIME
    setup_venv "dev"
    exec "$VENV/bin/python" -m app "$@"
    ;;
  test)
    install_debs $DEB_RUNTIME $DEB_TEST
    setup_venv "dev"
    export QT_QPA_PLATFORM=offscreen
    status=0
    say "ruff"; "$VENV/bin/ruff" check app tests || status=1
    say "mypy"; "$VENV/bin/mypy" || status=1
    say "pytest"; "$VENV/bin/python" -m pytest "$@" || status=1
    exit $status
    ;;
  *)
    echo "usage: bash setup.sh run|test [args]" >&2; exit 2 ;;
esac
