#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# meson install script: installs the PP-OCR models set up in the build tree
# (build-aux/ppocr-models.sh BUILDDIR/ppocr-models) into pkgdatadir/models.
# Without them nothing is installed and Airgap reads with Tesseract alone.
set -eu

src="$MESON_BUILD_ROOT/ppocr-models"
dest="${DESTDIR:-}$1/models"

if [ ! -s "$src/ppocr-rec.onnx" ]; then
  echo "PP-OCR models not set up in $src: not installed (Tesseract only)"
  exit 0
fi

mkdir -p "$dest"
for f in ppocr-det.onnx ppocr-rec.onnx ppocr-cls.onnx ppocr-keys.txt LICENSE NOTICE; do
  install -m 644 "$src/$f" "$dest/$f"
done
echo "Installed the PP-OCR models in $dest"
