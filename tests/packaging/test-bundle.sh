#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# tests/packaging/test-bundle.sh [BUNDLE.tar]
#
# The offline bundle on a real, fresh system (not part of the meson suite:
# it needs root, a minimal Debian root and a few minutes):
#
#   1. a fresh root made by `debootstrap --variant=minbase SUITE`
#      (a pristine copy of the one build-aux/package.sh keeps, made anew
#      with AIRGAP_TEST_DEBOOTSTRAP=1 or when there is none);
#   2. the bundle copied in and install.sh run under `unshare -n`: no network
#      at all, not even loopback;
#   3. airgap-ocr reads a real Chinese photo of the corpus
#      ($AIRGAP_CORPUS, /work/shared/corpus by default; gut_cn02.jpg) and
#      must do it with PP-OCR, at a CER of at most 0.05 (tests/bench/cer.py);
#   4. `airgap-ocr --version` reports the network lockdown active;
#   5. the window starts under Xvfb (the X socket bind-mounted in) and shows
#      a window; a screenshot goes to _dist/test-bundle-window.png;
#   6. `apt-get remove --purge airgap airgap-ppocr-models` leaves none of
#      their files behind.
#
# Prints one line per check, "ok N - ..." or "not ok N - ...", the bundle's
# size, the install time and the CER, then "N passed, N failed".
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
bundle=${1:-}
if [ -z "$bundle" ]; then
  bundle=$(ls "$top"/_dist/airgap-offline-*.tar 2>/dev/null | head -n1)
fi
[ -n "$bundle" ] && [ -s "$bundle" ] || { echo "usage: $0 BUNDLE.tar (sh build-aux/package.sh offline-bundle makes one)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (debootstrap, chroot, unshare)" >&2; exit 2; }
bundle=$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")
name=$(basename "$bundle" .tar)
suite=$(echo "$name" | sed -n 's/^airgap-offline-\([a-z]*\)-.*/\1/p')
corpus=${AIRGAP_CORPUS:-/work/shared/corpus}
photo="$corpus/real-public/gut_cn02.jpg"
truth="$corpus/real-public/gut_cn02.gt.txt"
work=${AIRGAP_PKG_ROOTS:-/var/tmp/airgap-pkg}
pristine="$work/$suite-minbase"
root="$work/$suite-test"
out="$top/_dist/test-bundle"
display=:${AIRGAP_TEST_DISPLAY:-71}

passed=0
failed=0
n=0
ok () { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
note () { echo "# $*"; }

xvfb_pid=""
cleanup () {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  for m in tmp/.X11-unix dev/pts dev proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
  done
}
trap cleanup EXIT INT TERM

in_root () { unshare -n chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

mkdir -p "$out"
rm -f "$out"/*

# 1. A fresh minimal root.
if [ -n "${AIRGAP_TEST_DEBOOTSTRAP:-}" ] || [ ! -x "$pristine/usr/bin/apt-get" ]; then
  rm -rf "$pristine"
  command -v debootstrap >/dev/null || apt-get install -y -q -o DPkg::Lock::Timeout=600 debootstrap >/dev/null
  note "debootstrap --variant=minbase $suite"
  nice debootstrap --variant=minbase "$suite" "$pristine" > "$out/debootstrap.log" 2>&1 ||
    { echo "Bail out! debootstrap failed: $out/debootstrap.log"; exit 1; }
fi
cleanup
rm -rf "$root"
cp -a "$pristine" "$root"
(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./root \) -prune -o -print | LC_ALL=C sort) > "$out/files-before.txt"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"

# 2. The bundle, installed with no network at all.
note "bundle: $(basename "$bundle"), $(du -h "$bundle" | cut -f1) ($(stat -c %s "$bundle") bytes)"
tar -xf "$bundle" -C "$root/root"
start=$(date +%s)
if in_root sh -c "cd /root/$name && sh install.sh" > "$out/install.log" 2>&1; then
  ok "install.sh installs from the bundle alone under unshare -n"
else
  not_ok "install.sh installs from the bundle alone under unshare -n (see $out/install.log)"
  tail -n 20 "$out/install.log" | sed 's/^/#   /'
fi
install_seconds=$(( $(date +%s) - start ))
note "install time: $install_seconds s"
if in_root dpkg-query -W -f '${Status}\n' airgap airgap-ppocr-models 2>/dev/null | grep -c "install ok installed" | grep -qx 2; then
  ok "airgap and airgap-ppocr-models are installed"
else
  not_ok "airgap and airgap-ppocr-models are installed"
fi

# 3. A real Chinese photo, read with PP-OCR.
cp "$photo" "$root/tmp/photo.jpg"
if in_root airgap-ocr -l chi_sim --json /tmp/photo.jpg > "$out/photo.json" 2> "$out/photo.err"; then
  engines=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
docs = d if isinstance(d, list) else [d]
names = {e for doc in docs for e in doc.get("engines", [])}
names |= {p.get("engine") for doc in docs for p in doc.get("pages", []) if p.get("engine")}
print(" ".join(sorted(names)))' "$out/photo.json" 2>/dev/null)
  case "$engines" in
    *[Pp][Pp]*[Oo][Cc][Rr]*) ok "airgap-ocr reads the photo with PP-OCR by itself (engine: $engines)" ;;
    *) not_ok "airgap-ocr reads the photo with PP-OCR by itself (engine: '$engines')" ;;
  esac
else
  not_ok "airgap-ocr --json reads the photo (see $out/photo.err)"
fi
if in_root airgap-ocr -l chi_sim --engine ppocr /tmp/photo.jpg > "$out/photo.txt" 2> "$out/photo-ppocr.err"; then
  cer=$(PYTHONPATH="$top/tests/bench" python3 -c '
import sys
from cer import cer
print("%.3f" % cer(open(sys.argv[1], encoding="utf-8").read(), open(sys.argv[2], encoding="utf-8").read(), "chi_sim"))' "$out/photo.txt" "$truth")
  note "CER of gut_cn02.jpg with PP-OCR: $cer"
  if python3 -c "import sys; sys.exit(0 if float('$cer') <= 0.05 else 1)"; then
    ok "PP-OCR reads the photo at CER $cer <= 0.05"
  else
    not_ok "PP-OCR reads the photo at CER $cer <= 0.05"
  fi
else
  not_ok "airgap-ocr --engine ppocr reads the photo (see $out/photo-ppocr.err)"
fi

# 4. The lockdown.
in_root airgap-ocr --version > "$out/version.txt" 2>&1
if grep -q "Network lockdown: active" "$out/version.txt"; then
  ok "airgap-ocr --version: $(grep 'Network lockdown' "$out/version.txt")"
else
  not_ok "airgap-ocr --version reports the lockdown active: $(cat "$out/version.txt")"
fi

# 5. The window, under Xvfb on this machine, through the bind-mounted socket.
if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > "$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  sleep 2
  mkdir -p "$root/tmp/.X11-unix"
  mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
  unshare -n chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    DISPLAY="$display" GDK_BACKEND=x11 NO_AT_BRIDGE=1 airgap > "$out/window.log" 2>&1 &
  app=$!
  found=""
  for _ in $(seq 1 30); do
    sleep 1
    kill -0 "$app" 2>/dev/null || break
    found=$(DISPLAY=$display xdotool search --onlyvisible --name "Airgap|离线" 2>/dev/null | head -n1)
    [ -n "$found" ] && break
  done
  if [ -n "$found" ]; then
    sleep 3
    if command -v import >/dev/null; then
      DISPLAY=$display import -window root "$top/_dist/test-bundle-window.png" 2>/dev/null
    fi
    ok "the window starts under Xvfb ($(DISPLAY=$display xdotool getwindowname "$found"))"
  else
    not_ok "the window starts under Xvfb (see $out/window.log)"
    tail -n 10 "$out/window.log" | sed 's/^/#   /'
  fi
  kill "$app" 2>/dev/null
  wait "$app" 2>/dev/null
  umount -l "$root/tmp/.X11-unix"
  kill "$xvfb_pid" 2>/dev/null
  wait "$xvfb_pid" 2>/dev/null
  xvfb_pid=""
else
  not_ok "the window starts under Xvfb: Xvfb or xdotool is missing on this machine"
fi

# 6. Removing leaves nothing behind.
in_root dpkg-query -L airgap airgap-ppocr-models 2>/dev/null | LC_ALL=C sort -u > "$out/package-files.txt"
in_root apt-get remove --purge -y -q airgap airgap-ppocr-models > "$out/purge.log" 2>&1
left=""
while read -r path; do
  [ -z "$path" ] && continue
  # a folder that other packages share (/usr/share/icons, ...) stays
  if [ -e "$root$path" ] && [ ! -d "$root$path" ]; then
    left="$left $path"
  fi
done < "$out/package-files.txt"
for d in /usr/share/airgap /usr/lib/*/airgap /usr/share/doc/airgap /usr/share/doc/airgap-ppocr-models; do
  for p in "$root"$d; do
    [ -e "$p" ] && left="$left ${p#$root}"
  done
done
stray=$(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./root \) -prune -o \( -iname '*airgap*' -print \))
state=$(in_root dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' airgap airgap-ppocr-models 2>/dev/null | grep -v '^un' | grep -v '^ *$')
if [ -z "$left" ] && [ -z "$stray" ] && [ -z "$state" ]; then
  ok "apt-get remove --purge leaves no file of either package ($(wc -l < "$out/package-files.txt") paths checked)"
else
  not_ok "apt-get remove --purge leaves files behind:$left $stray $state"
fi

echo "# bundle size: $(stat -c %s "$bundle") bytes; install: $install_seconds s; CER: ${cer:-none}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
