#!/usr/bin/env bash
# Chatterdesk set-up: installs what is missing, then launches the app or runs the tests.
#   bash setup.sh run [app args...]   set up and launch the app
#   bash setup.sh test [pytest args]  set up and run ruff, mypy and the whole pytest suite
# Idempotent: Debian packages, the venv and Python packages are installed only when missing
# or when pyproject.toml changed since the last install.
# The local model (the 'local' extra) needs llama-cpp-python, which compiles from source: it is
# built once as a portable wheel (CMAKE_ARGS=-DGGML_NATIVE=OFF; a native build can die with
# SIGILL on CPUs that advertise instructions the system does not enable) and kept in
# $CHATTERDESK_WHEELS (default ~/.cache/chatterdesk/wheels), outside git, so later runs skip
# the compile. CHATTERDESK_NO_LOCAL=1 leaves the local model out.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="$ROOT/.venv"
MODE="${1:-run}"
shift || true

say() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: Qt's offscreen + xcb platforms, fonts (a CJK one for the Chinese UI),
# PortAudio, and the test services.
DEB_RUNTIME="python3 python3-venv python3-pip libgl1 libegl1 libxkbcommon0 libfontconfig1
  libglib2.0-0 libdbus-1-3 libxcb-cursor0 libxkbcommon-x11-0 libx11-xcb1 libxcb-icccm4
  libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0
  libxcb-xkb1 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxcb-render0 libxcb-util1
  fonts-dejavu-core fonts-wqy-microhei libportaudio2 libsndfile1 libasound2-plugins"
DEB_TEST="curl xvfb xauth pulseaudio pulseaudio-utils gnome-keyring dbus-daemon espeak-ng sox libsox-fmt-all ffmpeg
  desktop-file-utils shared-mime-info xdg-utils libfile-mimeinfo-perl libglib2.0-bin appstream
  x11-utils binutils"  # desktop entry tests (xdg-mime, mimetype, gio, xprop); objdump for PyInstaller
DEB_BUILD="build-essential"  # to compile llama-cpp-python once
WHEELS="${CHATTERDESK_WHEELS:-${XDG_CACHE_HOME:-$HOME/.cache}/chatterdesk/wheels}"
LLAMA_VERSION=$(grep -o 'llama-cpp-python\[server\]==[0-9.]*' pyproject.toml | cut -d= -f3)

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

llama_wheel() {
  ls "$WHEELS"/llama_cpp_python-"$LLAMA_VERSION"-*.whl 2>/dev/null | head -n 1
}

ensure_llama_wheel() {
  [ -n "$(llama_wheel)" ] && return 0
  install_debs $DEB_BUILD
  say "building a portable llama-cpp-python $LLAMA_VERSION wheel (once; several minutes)"
  local tmp="$WHEELS.tmp.$$"
  rm -rf "$tmp"; mkdir -p "$tmp" "$WHEELS"
  CMAKE_ARGS="-DGGML_NATIVE=OFF" "$VENV/bin/python" -m pip wheel -q --disable-pip-version-check \
    --no-deps --no-cache-dir --no-binary llama-cpp-python -w "$tmp" \
    "llama-cpp-python==$LLAMA_VERSION"
  mv "$tmp"/llama_cpp_python-*.whl "$WHEELS"/ && rm -rf "$tmp"
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
    case ",$extras," in *,local,*) ensure_llama_wheel ;; esac
    # --only-binary: llama-cpp-python only ever from the portable wheel, never a native build
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
      --only-binary llama-cpp-python --find-links "$WHEELS" -e ".[$extras]"
    echo "$want" > "$stamp"
  fi
}

ensure_libpython() {
  # PyInstaller (the bundle test) needs Python's shared library, which Debian ships apart from
  # the interpreter (libpython3.X). Only for a Python that comes from a Debian package.
  local py lib
  py=$(pick_python) || return 0
  command -v dpkg >/dev/null 2>&1 || return 0
  dpkg -S "$(readlink -f "$(command -v "$py")")" >/dev/null 2>&1 || return 0
  lib=$("$py" -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])')
  install_debs "$lib" || say "could not install $lib: the bundle test will fail without it"
}

EXTRAS="dev,local"
[ -n "${CHATTERDESK_NO_LOCAL:-}" ] && EXTRAS="dev"

case "$MODE" in
  run)
    install_debs $DEB_RUNTIME
    setup_venv "$EXTRAS"
    exec "$VENV/bin/python" -m app "$@"
    ;;
  test)
    install_debs $DEB_RUNTIME $DEB_TEST
    ensure_libpython
    setup_venv "$EXTRAS"
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
