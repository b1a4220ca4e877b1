#!/usr/bin/python3
# convert-models.py — make PaddleOCR's PP-OCRv4 ONNX models loadable by
# OpenCV 4.6's DNN module (Debian 12), without changing what they compute.
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: convert-models.py SOURCE_ASSETS_DIR OUTPUT_DIR
#
# OpenCV 4.6 rejects the original graphs: the detector's Clip nodes take
# their limits as inputs, and the recogniser and classifier compute reshape
# targets from Shape nodes on dynamic dimensions.  This script rewrites
# those parts with python3-onnx only:
#
#  - every Constant node becomes an initializer;
#  - Clip takes its limits as attributes, the only form OpenCV 4.6 reads
#    (strict ONNX checkers object to that under opset 11; OpenCV does not);
#  - the detector's ConvTranspose + bias Add (+ BatchNorm) are folded into
#    one ConvTranspose with a bias (OpenCV 4.6 computes wrong maps otherwise
#    once the input size changes);
#  - in the recogniser, every Reshape whose target came from Shape gets a
#    constant target with -1 for the dynamic width, Squeeze becomes Reshape,
#    ReduceMean over the last axis becomes a MatMul with a C×C matrix of 1/C
#    (the mean comes out repeated over the channels, so no broadcasting is
#    needed), and the LayerNorm scale multiply a MatMul with a diagonal;
#  - in the classifier, the Shape chain before its Reshape becomes a
#    constant [1, C] (batch size 1);
#  - in the recogniser and the classifier, every 5×5 depthwise
#    convolution becomes four 3×3 ones on shifted views of the input
#    padded once, summed: each of the 25 weights goes to exactly one of
#    them, so the sum is the same convolution (to float rounding, 4e-6),
#    but OpenCV 4.6 runs 3×3 depthwise convolutions without padding on a
#    fast path and 5×5 ones on a generic one, 4-5 times slower: they were
#    half of the recogniser's time.  (In the detector, on large maps, the
#    slicing and summing cost as much as they save: it keeps its own.)
#
# The batch size of every converted model is 1.

import sys
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper


def constants_to_initializers(graph):
    """Turns Constant nodes into initializers and returns {name: array}."""
    values = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    kept = []
    for node in graph.node:
        if node.op_type == 'Constant':
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)
    return values


def producers(graph):
    return {out: node for node in graph.node for out in node.output}


def consumers(graph, name):
    return [n for n in graph.node if name in n.input]


def prune(graph, values):
    """Drops nodes whose outputs nobody reads, and unused constants."""
    needed = {o.name for o in graph.output}
    kept = []
    for node in reversed(list(graph.node)):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(i for i in node.input if i)
    kept.reverse()
    del graph.node[:]
    graph.node.extend(kept)
    del graph.initializer[:]
    for name in sorted(needed):
        if name in values:
            arr = values[name]
            if arr.dtype == np.float64:
                arr = arr.astype(np.float32)
            graph.initializer.append(numpy_helper.from_array(arr, name))


def set_input_shape(graph, dims):
    inp = graph.input[0]
    shape = inp.type.tensor_type.shape
    for d, v in zip(shape.dim, dims):
        d.Clear()
        if isinstance(v, str):
            d.dim_param = v
        else:
            d.dim_value = v
    for out in graph.output:
        for d in out.type.tensor_type.shape.dim:
            if d.dim_param:
                d.Clear()
                d.dim_param = 'dynamic'


def fix_clip(graph, values):
    for node in graph.node:
        if node.op_type == 'Clip' and len(node.input) == 3:
            lo = float(values[node.input[1]])
            hi = float(values[node.input[2]])
            del node.input[1:]
            node.attribute.extend([helper.make_attribute('min', lo),
                                   helper.make_attribute('max', hi)])


def fold_conv_transpose(graph, values):
    for node in list(graph.node):
        if node.op_type != 'ConvTranspose' or len(node.input) != 2:
            continue
        weight = values[node.input[1]].astype(np.float32).copy()
        cout = weight.shape[1]
        bias = np.zeros(cout, np.float32)
        tail = node
        users = consumers(graph, tail.output[0])
        # the bias, added by a separate Add with a [1, C, 1, 1] constant
        if len(users) == 1 and users[0].op_type == 'Add' and \
                users[0].input[1] in values:
            bias = bias + values[users[0].input[1]].reshape(-1).astype(np.float32)
            graph.node.remove(users[0])
            tail_out = users[0].output[0]
            users = consumers(graph, tail_out)
        else:
            tail_out = node.output[0]
        # an inference-mode BatchNorm right after it
        if len(users) == 1 and users[0].op_type == 'BatchNormalization':
            bn = users[0]
            eps = 1e-5
            for a in bn.attribute:
                if a.name == 'epsilon':
                    eps = a.f
            gamma, beta, mean, var = (values[bn.input[i]].astype(np.float64)
                                      for i in range(1, 5))
            scale = gamma / np.sqrt(var + eps)
            weight = (weight * scale.reshape(1, -1, 1, 1)).astype(np.float32)
            bias = (bias * scale + beta - mean * scale).astype(np.float32)
            graph.node.remove(bn)
            tail_out = bn.output[0]
        bias_name = node.name + '_folded_bias' if node.name else \
            node.output[0] + '_folded_bias'
        weight_name = node.input[1] + '_folded'
        values[bias_name] = bias
        values[weight_name] = weight
        node.input[1] = weight_name
        node.input.append(bias_name)
        node.output[0] = tail_out


BIG = 2 ** 31 - 1


def split_depthwise_5x5(graph, values):
    """Rewrites each depthwise 5×5 Conv (pads 2, no dilation) as
    Pad(2) → four Slice → 3×3 Conv (no padding, same strides) → Sum."""
    nodes = []
    for node in graph.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        weight = values.get(node.input[1]) if node.op_type == 'Conv' else None
        if (weight is None or list(attrs.get('kernel_shape', [])) != [5, 5] or
                attrs.get('group', 1) != weight.shape[0] or weight.shape[1] != 1 or
                list(attrs.get('pads', [])) != [2, 2, 2, 2] or
                list(attrs.get('dilations', [1, 1])) != [1, 1]):
            nodes.append(node)
            continue

        base = node.output[0]
        channels = weight.shape[0]
        strides = list(attrs.get('strides', [1, 1]))
        padded = base + '_pad5'
        values[padded + '_pads'] = np.array([0, 0, 2, 2, 0, 0, 2, 2], np.int64)
        nodes.append(helper.make_node('Pad', [node.input[0], padded + '_pads'], [padded],
                                      mode='constant', name=padded))
        parts = []
        for oa in (0, 2):
            for ob in (0, 2):
                # rows 0-2 to the sub-kernel at 0, rows 3-4 to the one at 2;
                # columns likewise
                kernel = np.zeros((channels, 1, 3, 3), np.float32)
                for a in range(3):
                    for b in range(3):
                        row, col = oa + a, ob + b
                        if (0 if row <= 2 else 2) == oa and (0 if col <= 2 else 2) == ob:
                            kernel[:, 0, a, b] = weight[:, 0, row, col]
                part = '%s_part%d%d' % (base, oa, ob)
                values[part + '_w'] = kernel
                values[part + '_starts'] = np.array([oa, ob], np.int64)
                values[part + '_ends'] = np.array([-2 if oa == 0 else BIG,
                                                   -2 if ob == 0 else BIG], np.int64)
                values[part + '_axes'] = np.array([2, 3], np.int64)
                nodes.append(helper.make_node(
                    'Slice', [padded, part + '_starts', part + '_ends', part + '_axes'],
                    [part + '_in'], name=part + '_slice'))
                inputs = [part + '_in', part + '_w']
                if (oa, ob) == (0, 0) and len(node.input) > 2 and node.input[2]:
                    inputs.append(node.input[2])
                nodes.append(helper.make_node('Conv', inputs, [part], group=channels,
                                              kernel_shape=[3, 3], pads=[0, 0, 0, 0],
                                              strides=strides, name=part + '_conv'))
                parts.append(part)
        nodes.append(helper.make_node('Sum', parts, [base], name=base + '_sum'))
    del graph.node[:]
    graph.node.extend(nodes)


def const_reshape(graph, values, node, shape):
    name = node.output[0] + '_shape'
    values[name] = np.array(shape, np.int64)
    node.input[1] = name


def convert_detector(src, dst):
    model = onnx.load(src)
    graph = model.graph
    values = constants_to_initializers(graph)
    fix_clip(graph, values)
    fold_conv_transpose(graph, values)
    # Resize in opset 11 takes an empty roi input; keep it as an initializer
    prune(graph, values)
    set_input_shape(graph, [1, 3, 'height', 'width'])

    onnx.save(model, dst)


def convert_classifier(src, dst):
    model = onnx.load(src)
    graph = model.graph
    values = constants_to_initializers(graph)
    fix_clip(graph, values)
    for node in graph.node:
        if node.op_type == 'Reshape' and node.input[1] not in values:
            # [batch, C] where batch came from Shape; C from fill_constant
            prod = producers(graph)
            concat = prod[node.input[1]]
            channels = None
            for i in concat.input:
                p = prod.get(i)
                if p is not None and p.op_type == 'Cast' and p.input[0] in values:
                    channels = int(values[p.input[0]].reshape(-1)[0])
            assert channels is not None
            const_reshape(graph, values, node, [1, channels])
    split_depthwise_5x5(graph, values)
    prune(graph, values)
    set_input_shape(graph, [1, 3, 48, 192])

    onnx.save(model, dst)


def squeeze_to_reshape(graph, values, prod, node):
    """Squeeze of a known shape → Reshape with -1 for the dynamic width."""
    axes = list(helper.get_attribute_value(node.attribute[0]))
    p = prod[node.input[0]]
    if p.op_type == 'Slice':
        # q, k or v: Slice(Transpose(Reshape(x, [1, -1, 3, heads, dh])))
        transpose = prod[p.input[0]]
        reshape = prod[transpose.input[0]]
        perm = list(helper.get_attribute_value(transpose.attribute[0]))
        shape = list(values[reshape.input[1]])
        shape = [shape[i] for i in perm]
        shape[axes[0]] = None
        shape = [int(v) for v in shape if v is not None]
    else:
        # the head's [1, C, 1, W] → [1, C, W]; C from the classifier matmul
        transpose = consumers(graph, node.output[0])[0]
        matmul = consumers(graph, transpose.output[0])[0]
        channels = values[matmul.input[1]].shape[0]
        assert axes == [2]
        shape = [1, channels, -1]
    node.op_type = 'Reshape'
    del node.attribute[:]
    name = node.output[0] + '_shape'
    values[name] = np.array(shape, np.int64)
    node.input.append(name)


def convert_recognizer(src, dst):
    model = onnx.load(src)
    graph = model.graph
    values = constants_to_initializers(graph)
    fix_clip(graph, values)
    prod = producers(graph)

    def scalar_of(name):
        """The constant behind a Cast, or None if it comes from a Shape."""
        p = prod.get(name)
        while p is not None and p.op_type == 'Cast':
            name = p.input[0]
            p = prod.get(name)
        if name in values:
            return int(values[name].reshape(-1)[0])
        return None

    def channels_of(node):
        """Channels of the backbone output: the next LayerNorm's size."""
        users = consumers(graph, node.output[0])
        while users:
            user = users[0]
            for i in user.input:
                if i in values and values[i].ndim == 1 and values[i].size > 1:
                    return int(values[i].size)
            users = consumers(graph, user.output[0])
        raise SystemExit('cannot find the channels of ' + node.output[0])

    for node in list(graph.node):
        if node.op_type == 'Reshape' and node.input[1] not in values:
            concat = prod[node.input[1]]
            assert concat.op_type == 'Concat', concat.op_type
            shape = []
            for i in concat.input:
                if i in values:
                    shape.extend(int(v) for v in values[i].reshape(-1))
                    continue
                v = scalar_of(i)
                p = prod.get(i)
                if v is not None:
                    shape.append(v)
                elif p is not None and p.op_type == 'Slice' and \
                        prod.get(p.input[0]) is not None and \
                        prod[p.input[0]].op_type == 'Shape':
                    # leading dims of the input: batch 1 and the channels
                    starts = helper.get_attribute_value(p.attribute[1])[0] \
                        if p.attribute[1].name == 'starts' else 0
                    ends = [helper.get_attribute_value(a)[0] for a in p.attribute
                            if a.name == 'ends'][0]
                    assert starts == 0 and ends == 2
                    shape.extend([1, channels_of(node)])
                else:
                    shape.append(-1)    # the dynamic width
            # Paddle's 0 means "copy this dimension": batch is 1
            if shape[0] == 0:
                shape[0] = 1
            const_reshape(graph, values, node, shape)
        elif node.op_type == 'Squeeze':
            squeeze_to_reshape(graph, values, prod, node)
        elif node.op_type == 'ReduceMean':
            # OpenCV 4.6 cannot broadcast [1, L, 1] against [1, L, C] when L
            # is dynamic: a MatMul with a C×C matrix of 1/C gives the mean
            # already repeated over the C channels.
            axes = list(helper.get_attribute_value(node.attribute[0]))
            assert axes == [-1], axes
            channels = channels_of(node)
            name = node.output[0] + '_mean'
            values[name] = np.full((channels, channels), 1.0 / channels,
                                   np.float32)
            node.op_type = 'MatMul'
            del node.attribute[:]
            node.input.append(name)
        elif node.op_type == 'Mul' and node.input[1] in values and \
                values[node.input[1]].ndim == 1 and \
                values[node.input[1]].size > 1:
            # the LayerNorm scale: a MatMul with a diagonal matrix
            name = node.output[0] + '_diag'
            values[name] = np.diag(values[node.input[1]]).astype(np.float32)
            node.op_type = 'MatMul'
            node.input[1] = name
    split_depthwise_5x5(graph, values)
    prune(graph, values)
    # OpenCV infers shapes while it imports: a concrete width lets it;
    # the Reshapes with -1 still follow the real width at run time.
    set_input_shape(graph, [1, 3, 48, 320])
    onnx.save(model, dst)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    os.makedirs(dst, exist_ok=True)
    convert_detector(os.path.join(src, 'ch_PP-OCRv4_det_infer.onnx'),
                     os.path.join(dst, 'ppocr-det.onnx'))
    convert_classifier(os.path.join(src, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
                       os.path.join(dst, 'ppocr-cls.onnx'))
    convert_recognizer(os.path.join(src, 'ch_PP-OCRv4_rec_infer.onnx'),
                       os.path.join(dst, 'ppocr-rec.onnx'))


if __name__ == '__main__':
    main()
