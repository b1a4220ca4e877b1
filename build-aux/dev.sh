#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/dev.sh run   install what is missing, build, start the window
# build-aux/dev.sh test  install what is missing, build, run every test
#
# Works on a fresh Debian 12 machine as root or with sudo.  Installing is
# skipped when every package is already there.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
build="$top/_build"
packages=$(sed -e 's/#.*//' -e '/^ *$/d' build-aux/debian-packages.txt)

install_missing () {
  missing=""
  for p in $packages; do
    if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $p"
    fi
  done
  [ -z "$missing" ] && return 0

  echo "Installing:$missing"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -o DPkg::Lock::Timeout=600 -q
  # shellcheck disable=SC2086
  $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing
}

build () {
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" -Dwerror=true
  fi
  ninja -C "$build"
}

uninstalled_env () {
  export GSETTINGS_SCHEMA_DIR="$build/data"
  export AIRGAP_LOCALEDIR="$build/po"
}

cmd=${1:-run}
shift || true

case "$cmd" in
  run)
    install_missing
    build
    uninstalled_env
    exec "$build/src/app/airgap" "$@"
    ;;
  test)
    install_missing
    build
    status=0
    xvfb-run -a -s "-screen 0 1280x800x24" \
      dbus-run-session -- \
      meson test -C "$build" --print-errorlogs --timeout-multiplier 3 "$@" || status=$?
    /usr/bin/python3 build-aux/test-summary.py "$build/meson-logs/testlog.json"
    exit $status
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
