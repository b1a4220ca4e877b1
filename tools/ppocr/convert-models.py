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
# Needs nothing but Python 3's standard library, so that the Debian
# package's build, build-aux/dev.sh and the Flatpak (the GNOME SDK's
# python3) all run this one converter.  An ONNX file is a protobuf
# ModelProto: the reader and writer below know the fields of the messages
# these graphs use (ModelProto, GraphProto, NodeProto, AttributeProto,
# TensorProto, ValueInfoProto and the types inside it), keep any other
# field as raw bytes, and write fields in field-number order as protobuf
# does, so a graph read and written unchanged comes out byte for byte the
# same.  Tensors are kept as little-endian bytes; the arithmetic below
# computes in double (Python floats) and stores float32, as numpy did in
# the converter this one replaces, and its output is byte-identical to that
# converter's (tests/test-convert-models.py checks the rewrites with OpenCV).
#
# OpenCV 4.6 rejects the original graphs: the detector's Clip nodes take
# their limits as inputs, and the recogniser and classifier compute reshape
# targets from Shape nodes on dynamic dimensions.  This script rewrites
# those parts:
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
#  - in the recogniser and the classifier, the element-wise chains by
#    constants fold away (simplify_elementwise(); in the detector all but
#    the affine folded into the next convolution): the scalar affine after
#    each convolution goes into its weights and bias, HardSwish spelt Add,
#    Clip, Mul, Div becomes one HardSwish node, the affine after it goes
#    into the next convolution (whose zero padding becomes a Pad with the
#    value the affine turns into 0), and a Mul by 1 goes.  The recogniser
#    has 283 nodes instead of 475: OpenCV loads it and sets it up for a new
#    input width in less time; a run at a width already set up costs the
#    same (docs/speed.md, "the recogniser").
#
# The batch size of every converted model is 1: OpenCV 4.6 runs a batch
# of lines no faster per line than the lines one by one (docs/speed.md).

import array
import math
import os
import struct
import sys


# ---------------------------------------------------------------------------
# The protobuf wire format, for the ONNX messages these graphs use
# ---------------------------------------------------------------------------

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5

# kinds of field: a varint, a 4- or 8-byte value, bytes (strings, or a
# message kept whole), or a message of the named type read field by field
V, F32, F64, B = 'varint', 'fixed32', 'fixed64', 'bytes'
WIRE = {V: VARINT, F32: FIXED32, F64: FIXED64, B: BYTES}

# message → {field number: (kind, repeated, packed)}; a kind that is not
# V, F32, F64 or B is the name of a message type.  From onnx.proto (proto2:
# repeated numbers are packed only where it says [packed = true]).
SCHEMA = {
    'ModelProto': {
        1: (V, False, False),           # ir_version
        2: (B, False, False),           # producer_name
        3: (B, False, False),           # producer_version
        4: (B, False, False),           # domain
        5: (V, False, False),           # model_version
        6: (B, False, False),           # doc_string
        7: ('GraphProto', False, False),
        8: (B, True, False),            # opset_import
        14: (B, True, False),           # metadata_props
        20: (B, True, False),           # training_info
        25: (B, True, False),           # functions
    },
    'GraphProto': {
        1: ('NodeProto', True, False),
        2: (B, False, False),           # name
        5: ('TensorProto', True, False),    # initializer
        10: (B, False, False),          # doc_string
        11: ('ValueInfoProto', True, False),    # input
        12: ('ValueInfoProto', True, False),    # output
        13: ('ValueInfoProto', True, False),    # value_info
        14: (B, True, False),           # quantization_annotation
        15: (B, True, False),           # sparse_initializer
    },
    'NodeProto': {
        1: (B, True, False),            # input
        2: (B, True, False),            # output
        3: (B, False, False),           # name
        4: (B, False, False),           # op_type
        5: ('AttributeProto', True, False),
        6: (B, False, False),           # doc_string
        7: (B, False, False),           # domain
    },
    'AttributeProto': {
        1: (B, False, False),           # name
        2: (F32, False, False),         # f
        3: (V, False, False),           # i
        4: (B, False, False),           # s
        5: ('TensorProto', False, False),   # t
        6: (B, False, False),           # g
        7: (F32, True, False),          # floats
        8: (V, True, False),            # ints
        9: (B, True, False),            # strings
        10: (B, True, False),           # tensors
        11: (B, True, False),           # graphs
        13: (B, False, False),          # doc_string
        14: (B, False, False),          # tp
        15: (B, True, False),           # type_protos
        20: (V, False, False),          # type
        21: (B, False, False),          # ref_attr_name
        22: (B, False, False),          # sparse_tensor
        23: (B, True, False),           # sparse_tensors
    },
    'TensorProto': {
        1: (V, True, False),            # dims
        2: (V, False, False),           # data_type
        3: (B, False, False),           # segment
        4: (F32, True, True),           # float_data
        5: (V, True, True),             # int32_data
        6: (B, True, False),            # string_data
        7: (V, True, True),             # int64_data
        8: (B, False, False),           # name
        9: (B, False, False),           # raw_data
        10: (F64, True, True),          # double_data
        11: (V, True, True),            # uint64_data
        12: (B, False, False),          # doc_string
        13: (B, True, False),           # external_data
        14: (V, False, False),          # data_location
    },
    'ValueInfoProto': {
        1: (B, False, False),           # name
        2: ('TypeProto', False, False),
        3: (B, False, False),           # doc_string
    },
    'TypeProto': {
        1: ('TypeProto.Tensor', False, False),  # tensor_type
        4: (B, False, False),           # sequence_type
        5: (B, False, False),           # map_type
        6: (B, False, False),           # denotation
        8: (B, False, False),           # sparse_tensor_type
        9: (B, False, False),           # optional_type
    },
    'TypeProto.Tensor': {
        1: (V, False, False),           # elem_type
        2: ('TensorShapeProto', False, False),
    },
    'TensorShapeProto': {
        1: ('TensorShapeProto.Dimension', True, False),
    },
    'TensorShapeProto.Dimension': {
        1: (V, False, False),           # dim_value
        2: (B, False, False),           # dim_param
        3: (B, False, False),           # denotation
    },
}


class Unknown:
    """A field this reader does not know, kept as it came."""
    __slots__ = ('wire', 'raw')

    def __init__(self, wire, raw):
        self.wire = wire
        self.raw = raw


class Msg:
    """A protobuf message: its fields as [number, value] pairs in the order
    read.  A value is an int (a varint, unsigned), bytes (4 or 8 for fixed
    numbers, or a string), a Msg, or an Unknown."""
    __slots__ = ('type', 'fields')

    def __init__(self, type_, fields=None):
        self.type = type_
        self.fields = fields if fields is not None else []

    def all(self, number):
        return [v for n, v in self.fields if n == number]

    def get(self, number, default=None):
        found = default
        for n, v in self.fields:
            if n == number:
                found = v
        return found

    def has(self, number):
        return any(n == number for n, _ in self.fields)

    def drop(self, number):
        self.fields = [f for f in self.fields if f[0] != number]

    def add(self, number, value):
        self.fields.append([number, value])
        return self

    def set(self, number, value):
        self.drop(number)
        return self.add(number, value)


def read_varint(buf, pos):
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7f) << shift
        if byte < 0x80:
            return result & 0xffffffffffffffff, pos
        shift += 7


def write_varint(out, value):
    if value < 0:
        value += 1 << 64
    while value >= 0x80:
        out.append((value & 0x7f) | 0x80)
        value >>= 7
    out.append(value)


def decode(buf, type_, start=0, end=None):
    schema = SCHEMA[type_]
    msg = Msg(type_)
    pos = start
    end = len(buf) if end is None else end
    while pos < end:
        key, pos = read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == VARINT:
            value, pos = read_varint(buf, pos)
        elif wire == FIXED64:
            value, pos = bytes(buf[pos:pos + 8]), pos + 8
        elif wire == FIXED32:
            value, pos = bytes(buf[pos:pos + 4]), pos + 4
        elif wire == BYTES:
            size, pos = read_varint(buf, pos)
            value, pos = (pos, pos + size), pos + size
        else:
            raise ValueError('%s: wire type %d is not supported' % (type_, wire))
        field = schema.get(number)
        if field is None or (wire != WIRE.get(field[0], BYTES) and
                             not (field[1] and wire == BYTES)):
            if wire == BYTES:
                value = bytes(buf[value[0]:value[1]])
            msg.fields.append([number, Unknown(wire, value)])
            continue
        kind, repeated, _packed = field
        if kind in SCHEMA:
            value = decode(buf, kind, value[0], value[1])
        elif wire == BYTES and kind != B:
            # a packed run of numbers: one entry each
            lo, hi = value
            while lo < hi:
                if kind == V:
                    item, lo = read_varint(buf, lo)
                else:
                    size = 4 if kind == F32 else 8
                    item, lo = bytes(buf[lo:lo + size]), lo + size
                msg.fields.append([number, item])
            continue
        elif wire == BYTES:
            value = bytes(buf[value[0]:value[1]])
        if not repeated:
            msg.drop(number)    # the last one wins
        msg.fields.append([number, value])
    if pos != end:
        raise ValueError('%s: truncated' % type_)
    return msg


def encode(msg, out=None):
    """Writes msg as protobuf does: known fields in field-number order,
    then unknown ones as they came."""
    out = bytearray() if out is None else out
    schema = SCHEMA[msg.type]
    known = sorted((f for f in msg.fields if not isinstance(f[1], Unknown)),
                   key=lambda f: f[0])
    done = set()
    for number, value in known:
        kind, _repeated, packed = schema[number]
        if packed:
            if number in done:
                continue
            done.add(number)
            run = bytearray()
            for n, v in known:
                if n == number:
                    if kind == V:
                        write_varint(run, v)
                    else:
                        run += v
            write_varint(out, number << 3 | BYTES)
            write_varint(out, len(run))
            out += run
        elif kind == V:
            write_varint(out, number << 3 | VARINT)
            write_varint(out, value)
        elif kind in (F32, F64):
            write_varint(out, number << 3 | WIRE[kind])
            out += value
        else:
            data = encode(value) if isinstance(value, Msg) else value
            write_varint(out, number << 3 | BYTES)
            write_varint(out, len(data))
            out += data
    for number, value in msg.fields:
        if isinstance(value, Unknown):
            write_varint(out, number << 3 | value.wire)
            if value.wire == VARINT:
                write_varint(out, value.raw)
            elif value.wire == BYTES:
                write_varint(out, len(value.raw))
                out += value.raw
            else:
                out += value.raw
    return out


def signed(value):
    return value - (1 << 64) if value >= 1 << 63 else value


def text(value):
    return value.decode('utf-8')


# ---------------------------------------------------------------------------
# Tensors, nodes, attributes and graphs
# ---------------------------------------------------------------------------

FLOAT, UINT8, INT8, UINT16, INT16, INT32, INT64, BOOL, DOUBLE, UINT32, UINT64 = \
    1, 2, 3, 4, 5, 6, 7, 9, 11, 12, 13
# data type → array typecode and size of one element
TYPECODES = {FLOAT: 'f', UINT8: 'B', INT8: 'b', UINT16: 'H', INT16: 'h',
             INT32: 'i', INT64: 'q', BOOL: 'B', DOUBLE: 'd', UINT32: 'I',
             UINT64: 'Q'}
for _code in set(TYPECODES.values()):
    assert array.array(_code).itemsize == struct.calcsize('<' + _code)


class Tensor:
    """A tensor's type, dimensions and little-endian bytes."""
    __slots__ = ('data_type', 'dims', 'raw')

    def __init__(self, data_type, dims, raw):
        self.data_type = data_type
        self.dims = list(dims)
        self.raw = raw

    @property
    def size(self):
        return math.prod(self.dims)

    @property
    def ndim(self):
        return len(self.dims)

    def numbers(self):
        """The elements, in order, as Python ints or floats."""
        values = array.array(TYPECODES[self.data_type])
        values.frombytes(self.raw)
        if sys.byteorder == 'big':
            values.byteswap()
        return values.tolist()

    @classmethod
    def of(cls, data_type, dims, numbers):
        """A tensor of numbers; floats are rounded to float32 for FLOAT."""
        values = array.array(TYPECODES[data_type], numbers)
        if sys.byteorder == 'big':
            values.byteswap()
        assert len(values) == math.prod(dims)
        return cls(data_type, dims, values.tobytes())

    @classmethod
    def parse(cls, msg):
        """Like onnx.numpy_helper.to_array: raw_data, or the typed field."""
        data_type = msg.get(2, 0)
        dims = [signed(d) for d in msg.all(1)]
        if data_type not in TYPECODES or msg.has(3) or msg.has(13):
            raise ValueError('tensor %r: unsupported storage' % msg.get(8))
        if msg.has(9):
            return cls(data_type, dims, msg.get(9))
        if data_type == FLOAT:
            return cls(data_type, dims, b''.join(msg.all(4)))
        if data_type == DOUBLE:
            return cls(data_type, dims, b''.join(msg.all(10)))
        if data_type in (INT64,):
            numbers = [signed(v) for v in msg.all(7)]
        elif data_type in (UINT32, UINT64):
            numbers = msg.all(11)
        else:
            numbers = [signed(v) & 0xffffffff for v in msg.all(5)]
            numbers = [v - (1 << 32) if v >= 1 << 31 else v for v in numbers]
        return cls.of(data_type, dims, numbers)

    def to_msg(self, name):
        """Like onnx.numpy_helper.from_array: dims, type, name, raw_data."""
        msg = Msg('TensorProto')
        for d in self.dims:
            msg.add(1, d)
        if name:
            msg.add(8, name.encode('utf-8'))
        msg.add(2, self.data_type)
        msg.add(9, self.raw)
        return msg


def float_tensor(dims, numbers):
    return Tensor.of(FLOAT, dims, numbers)


def int64_tensor(numbers):
    return Tensor.of(INT64, [len(numbers)], numbers)


# AttributeProto.type
A_FLOAT, A_INT, A_STRING, A_TENSOR, A_FLOATS, A_INTS = 1, 2, 3, 4, 6, 7


def attr_name(attr):
    return text(attr.get(1, b''))


def attr_value(attr):
    """Like onnx.helper.get_attribute_value, for the types used here."""
    kind = attr.get(20)
    if kind == A_FLOAT:
        return struct.unpack('<f', attr.get(2))[0]
    if kind == A_INT:
        return signed(attr.get(3))
    if kind == A_STRING:
        return attr.get(4)
    if kind == A_TENSOR:
        return attr.get(5)
    if kind == A_FLOATS:
        return [struct.unpack('<f', v)[0] for v in attr.all(7)]
    if kind == A_INTS:
        return [signed(v) for v in attr.all(8)]
    raise ValueError('attribute %s: type %r is not supported' % (attr_name(attr), kind))


def make_attribute(name, value):
    """Like onnx.helper.make_attribute: name, value, type."""
    attr = Msg('AttributeProto').add(1, name.encode('utf-8'))
    if isinstance(value, float):
        attr.add(2, struct.pack('<f', value)).add(20, A_FLOAT)
    elif isinstance(value, int):
        attr.add(3, value).add(20, A_INT)
    elif isinstance(value, str):
        attr.add(4, value.encode('utf-8')).add(20, A_STRING)
    else:
        assert all(isinstance(v, int) for v in value), value
        for v in value:
            attr.add(8, v)
        attr.add(20, A_INTS)
    return attr


class Node:
    """A NodeProto: inputs, outputs, name (None when absent), op_type, its
    attributes (AttributeProto messages) and any other field, as read."""

    def __init__(self, op_type, inputs, outputs, name=None, attribute=(), rest=()):
        self.op_type = op_type
        self.input = list(inputs)
        self.output = list(outputs)
        self.name = name
        self.attribute = list(attribute)
        self.rest = list(rest)

    @classmethod
    def parse(cls, msg):
        node = cls(text(msg.get(4, b'')), [text(v) for v in msg.all(1)],
                   [text(v) for v in msg.all(2)],
                   text(msg.get(3)) if msg.has(3) else None,
                   msg.all(5), [f for f in msg.fields if f[0] not in (1, 2, 3, 4, 5)])
        return node

    def to_msg(self):
        msg = Msg('NodeProto')
        msg.fields = [[1, v.encode('utf-8')] for v in self.input]
        msg.fields += [[2, v.encode('utf-8')] for v in self.output]
        if self.name is not None:
            msg.add(3, self.name.encode('utf-8'))
        msg.add(4, self.op_type.encode('utf-8'))
        msg.fields += [[5, a] for a in self.attribute]
        msg.fields += self.rest
        return msg


def make_node(op_type, inputs, outputs, name, **attrs):
    """Like onnx.helper.make_node: attributes sorted by name."""
    return Node(op_type, inputs, outputs, name,
                [make_attribute(k, v) for k, v in sorted(attrs.items())])


class Graph:
    def __init__(self, msg):
        self.msg = msg
        self.node = [Node.parse(m) for m in msg.all(1)]
        self.initializer = msg.all(5)
        self.input = msg.all(11)
        self.output = msg.all(12)


class Model:
    def __init__(self, msg):
        self.msg = msg
        self.graph = Graph(msg.get(7))


def load(path):
    with open(path, 'rb') as f:
        data = f.read()
    return Model(decode(memoryview(data), 'ModelProto'))


def save(model, path):
    graph = model.graph
    fields = []
    for number, value in graph.msg.fields:
        if number == 1:
            if graph.node is not None:
                fields += [[1, n.to_msg()] for n in graph.node]
                graph.node = None
        elif number != 5:
            fields.append([number, value])
    if graph.node is not None:
        fields += [[1, n.to_msg()] for n in graph.node]
    fields += [[5, t] for t in graph.initializer]
    graph.msg.fields = fields
    data = encode(model.msg)
    with open(path + '.tmp', 'wb') as f:
        f.write(data)
    os.replace(path + '.tmp', path)


def value_name(info):
    return text(info.get(1, b''))


def tensor_dims(info):
    """The Dimension messages of a ValueInfoProto's tensor type."""
    return info.get(2).get(1).get(2).all(1)


# ---------------------------------------------------------------------------
# The rewrites
# ---------------------------------------------------------------------------

def constants_to_initializers(graph):
    """Turns Constant nodes into initializers and returns {name: Tensor}."""
    values = {text(i.get(8, b'')): Tensor.parse(i) for i in graph.initializer}
    kept = []
    for node in graph.node:
        if node.op_type == 'Constant':
            values[node.output[0]] = Tensor.parse(attr_value(node.attribute[0]))
        else:
            kept.append(node)
    graph.node = kept
    return values


def producers(graph):
    return {out: node for node in graph.node for out in node.output}


def consumers(graph, name):
    return [n for n in graph.node if name in n.input]


def prune(graph, values):
    """Drops nodes whose outputs nobody reads, and unused constants."""
    needed = {value_name(o) for o in graph.output}
    kept = []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(i for i in node.input if i)
    kept.reverse()
    graph.node = kept
    graph.initializer = []
    for name in sorted(needed):
        if name in values:
            tensor = values[name]
            if tensor.data_type == DOUBLE:
                tensor = float_tensor(tensor.dims, tensor.numbers())
            graph.initializer.append(tensor.to_msg(name))


def set_input_shape(graph, dims):
    for d, v in zip(tensor_dims(graph.input[0]), dims):
        if isinstance(v, str):
            d.fields = [[2, v.encode('utf-8')]]
        else:
            d.fields = [[1, v]]
    for out in graph.output:
        for d in tensor_dims(out):
            if d.get(2):
                d.fields = [[2, b'dynamic']]


def fix_clip(graph, values):
    for node in graph.node:
        if node.op_type == 'Clip' and len(node.input) == 3:
            lo = float(values[node.input[1]].numbers()[0])
            hi = float(values[node.input[2]].numbers()[0])
            del node.input[1:]
            node.attribute.extend([make_attribute('min', lo),
                                   make_attribute('max', hi)])


def fold_conv_transpose(graph, values):
    for node in list(graph.node):
        if node.op_type != 'ConvTranspose' or len(node.input) != 2:
            continue
        tensor = values[node.input[1]]
        assert tensor.data_type == FLOAT
        dims = tensor.dims
        weight = tensor.numbers()
        cout = dims[1]
        area = math.prod(dims[2:])
        bias = [0.0] * cout
        users = consumers(graph, node.output[0])
        # the bias, added by a separate Add with a [1, C, 1, 1] constant
        if len(users) == 1 and users[0].op_type == 'Add' and \
                users[0].input[1] in values:
            added = values[users[0].input[1]].numbers()
            assert len(added) == cout
            bias = [b + a for b, a in zip(bias, added)]    # 0 + a: exact
            graph.node.remove(users[0])
            tail_out = users[0].output[0]
            users = consumers(graph, tail_out)
        else:
            tail_out = node.output[0]
        # an inference-mode BatchNorm right after it: in double, stored float32
        if len(users) == 1 and users[0].op_type == 'BatchNormalization':
            bn = users[0]
            eps = 1e-5
            for a in bn.attribute:
                if attr_name(a) == 'epsilon':
                    eps = attr_value(a)
            gamma, beta, mean, var = (values[bn.input[i]].numbers() for i in range(1, 5))
            scale = [g / math.sqrt(v + eps) for g, v in zip(gamma, var)]
            weight = array.array('f', (w * scale[(i // area) % cout]
                                       for i, w in enumerate(weight))).tolist()
            bias = array.array('f', (b * s + be - m * s for b, s, be, m in
                                     zip(bias, scale, beta, mean))).tolist()
            graph.node.remove(bn)
            tail_out = bn.output[0]
        bias_name = node.name + '_folded_bias' if node.name else \
            node.output[0] + '_folded_bias'
        weight_name = node.input[1] + '_folded'
        values[bias_name] = float_tensor([cout], bias)
        values[weight_name] = float_tensor(dims, weight)
        node.input[1] = weight_name
        node.input.append(bias_name)
        node.output[0] = tail_out


BIG = 2 ** 31 - 1


def split_depthwise_5x5(graph, values):
    """Rewrites each depthwise 5×5 Conv (pads 2, no dilation) as
    Pad(2) → four Slice → 3×3 Conv (no padding, same strides) → Sum."""
    nodes = []
    for node in graph.node:
        attrs = {attr_name(a): attr_value(a) for a in node.attribute}
        tensor = values.get(node.input[1]) if node.op_type == 'Conv' else None
        if (tensor is None or list(attrs.get('kernel_shape', [])) != [5, 5] or
                attrs.get('group', 1) != tensor.dims[0] or tensor.dims[1] != 1 or
                list(attrs.get('pads', [])) != [2, 2, 2, 2] or
                list(attrs.get('dilations', [1, 1])) != [1, 1]):
            nodes.append(node)
            continue

        weight = tensor.numbers()       # [channels, 1, 5, 5]
        base = node.output[0]
        channels = tensor.dims[0]
        strides = list(attrs.get('strides', [1, 1]))
        padded = base + '_pad5'
        values[padded + '_pads'] = int64_tensor([0, 0, 2, 2, 0, 0, 2, 2])
        pad_inputs = [node.input[0], padded + '_pads']
        if 'pad_value' in attrs:
            # fold_affine_into_next_conv's: what the folded affine makes 0
            values[padded + '_value'] = float_tensor([], [attrs['pad_value']])
            pad_inputs.append(padded + '_value')
        nodes.append(make_node('Pad', pad_inputs, [padded], padded, mode='constant'))
        parts = []
        for oa in (0, 2):
            for ob in (0, 2):
                # rows 0-2 to the sub-kernel at 0, rows 3-4 to the one at 2;
                # columns likewise
                kernel = [0.0] * (channels * 9)
                for a in range(3):
                    for b in range(3):
                        row, col = oa + a, ob + b
                        if (0 if row <= 2 else 2) == oa and (0 if col <= 2 else 2) == ob:
                            for c in range(channels):
                                kernel[c * 9 + a * 3 + b] = weight[c * 25 + row * 5 + col]
                part = '%s_part%d%d' % (base, oa, ob)
                values[part + '_w'] = float_tensor([channels, 1, 3, 3], kernel)
                values[part + '_starts'] = int64_tensor([oa, ob])
                values[part + '_ends'] = int64_tensor([-2 if oa == 0 else BIG,
                                                       -2 if ob == 0 else BIG])
                values[part + '_axes'] = int64_tensor([2, 3])
                nodes.append(make_node(
                    'Slice', [padded, part + '_starts', part + '_ends', part + '_axes'],
                    [part + '_in'], part + '_slice'))
                inputs = [part + '_in', part + '_w']
                if (oa, ob) == (0, 0) and len(node.input) > 2 and node.input[2]:
                    inputs.append(node.input[2])
                nodes.append(make_node('Conv', inputs, [part], part + '_conv',
                                       group=channels, kernel_shape=[3, 3],
                                       pads=[0, 0, 0, 0], strides=strides))
                parts.append(part)
        nodes.append(make_node('Sum', parts, [base], base + '_sum'))
    graph.node = nodes


# ---------------------------------------------------------------------------
# Element-wise chains folded away (the recogniser and the classifier)
# ---------------------------------------------------------------------------
#
# OpenCV runs every node as a pass over its tensor, and PaddleOCR's graphs
# spell a learnt scalar affine (x·a + b after each convolution, and again
# after each activation) and HardSwish as chains of Mul, Add, Clip and Div
# by constants: the per-layer profile put a quarter of a line's time in
# those passes.  The rewrites below fold them into the convolutions'
# weights where that computes the same thing, and into one node where not.
# (The passes' own time mostly moves into the convolutions, which then
# touch the tensors first; what the fold saves is OpenCV's cost per node,
# to load the graph and to set it up for each new input width.)


def scalar_of_const(values, name):
    """The value of a one-element float constant, or None."""
    tensor = values.get(name)
    if tensor is None or tensor.data_type != FLOAT or tensor.size != 1:
        return None
    return tensor.numbers()[0]


def scalar_operand(values, node):
    """(the other input, the value) for a Mul, Add or Div of a tensor by a
    scalar constant, else (None, None)."""
    if node.op_type not in ('Mul', 'Add', 'Div') or len(node.input) != 2:
        return None, None
    for k in ((1,) if node.op_type == 'Div' else (0, 1)):
        v = scalar_of_const(values, node.input[k])
        if v is not None and node.input[1 - k] not in values:
            return node.input[1 - k], v
    return None, None


def sole_user(graph, name):
    """The one node that reads @name, if only one does and it is no output."""
    if name in {value_name(o) for o in graph.output}:
        return None
    users = consumers(graph, name)
    return users[0] if len(users) == 1 else None


def conv_weights(values, node):
    """(weight, bias) of a Conv with constant weights, as lists of numbers
    (bias zeros when it has none), or None."""
    if node.op_type != 'Conv' or node.input[1] not in values:
        return None
    tensor = values[node.input[1]]
    weight = tensor.numbers()
    if len(node.input) > 2 and node.input[2]:
        bias = values[node.input[2]].numbers()
    else:
        bias = [0.0] * tensor.dims[0]
    return weight, bias


def set_conv_weights(values, node, weight, bias):
    dims = values[node.input[1]].dims
    name = node.output[0] + '_w'
    values[name] = float_tensor(dims, weight)
    node.input[1] = name
    name = node.output[0] + '_b'
    values[name] = float_tensor([dims[0]], bias)
    del node.input[2:]
    node.input.append(name)


def fold_conv_affine(graph, values):
    """Conv → Mul by a scalar → Add of a scalar (either or both, any
    number): the scale and the shift go into the convolution's weights
    and bias (in double, stored float32)."""
    for node in list(graph.node):
        found = conv_weights(values, node)
        if found is None:
            continue
        weight, bias = found
        folded = False
        while True:
            user = sole_user(graph, node.output[0])
            if user is None:
                break
            _, v = scalar_operand(values, user)
            if v is None:
                break
            if user.op_type == 'Mul':
                weight = [w * v for w in weight]
                bias = [b * v for b in bias]
            elif user.op_type == 'Div':
                weight = [w / v for w in weight]
                bias = [b / v for b in bias]
            else:
                bias = [b + v for b in bias]
            graph.node.remove(user)
            node.output[0] = user.output[0]
            folded = True
        if folded:
            set_conv_weights(values, node, weight, bias)


def fuse_hardswish(graph, values):
    """x · Clip(x + 3, 0, 6) / 6 (Add, Clip, Mul, Div) → HardSwish(x).
    (HardSwish is an opset 14 operator; OpenCV reads it under any opset,
    and fuses it into the convolution before it.)"""
    for add in list(graph.node):
        x, v = scalar_operand(values, add)
        if add.op_type != 'Add' or v != 3.0:
            continue
        clip = sole_user(graph, add.output[0])
        if clip is None or clip.op_type != 'Clip':
            continue
        limits = {attr_name(a): attr_value(a) for a in clip.attribute}
        if limits.get('min') != 0.0 or limits.get('max') != 6.0:
            continue
        mul = sole_user(graph, clip.output[0])
        if mul is None or mul.op_type != 'Mul' or sorted(mul.input) != sorted([x, clip.output[0]]):
            continue
        div = sole_user(graph, mul.output[0])
        if div is None or div.op_type != 'Div' or scalar_operand(values, div) != (mul.output[0], 6.0):
            continue
        index = graph.node.index(add)
        for n in (add, clip, mul, div):
            graph.node.remove(n)
        graph.node.insert(index, make_node('HardSwish', [x], [div.output[0]],
                                           div.output[0] + '_hardswish'))


def drop_identities(graph, values):
    """Mul by exactly 1 (before each Sigmoid of the recogniser's Swish)."""
    outputs = {value_name(o) for o in graph.output}
    for node in list(graph.node):
        x, v = scalar_operand(values, node)
        if node.op_type == 'Mul' and v == 1.0 and node.output[0] not in outputs:
            for user in consumers(graph, node.output[0]):
                user.input = [x if i == node.output[0] else i for i in user.input]
            graph.node.remove(node)


def fold_affine_into_next_conv(graph, values):
    """Mul by a scalar a → Add of a scalar b (the learnt affine after each
    activation), read by one Conv only: into that convolution.

    A 1×1 convolution without padding computes W·(a·x + b) + c =
    (a·W)·x + (c + b·ΣW).  A padded depthwise one would see b where it
    pads with 0; so its padding becomes a Pad node with the value −b/a
    (which the affine turns into 0) and the convolution pads nothing.
    A 5×5 one is padded by split_depthwise_5x5 anyway: the value goes to
    that Pad (the conv's pad_value attribute, read there)."""
    for mul in list(graph.node):
        x, a = scalar_operand(values, mul)
        if mul.op_type != 'Mul' or a is None or a == 0.0:
            continue
        add = sole_user(graph, mul.output[0])
        _, b = scalar_operand(values, add) if add is not None else (None, None)
        if add is None or add.op_type != 'Add' or b is None:
            continue
        conv = sole_user(graph, add.output[0])
        found = conv_weights(values, conv) if conv is not None else None
        if found is None:
            continue
        weight, bias = found
        attrs = {attr_name(t): attr_value(t) for t in conv.attribute}
        dims = values[conv.input[1]].dims
        pads = list(attrs.get('pads', [0, 0, 0, 0]))
        group = attrs.get('group', 1)
        per_out = math.prod(dims[1:])
        if dims[2:] == [1, 1] and group == 1 and not any(pads):
            pass
        elif group == dims[0] and dims[1] == 1 and \
                list(attrs.get('dilations', [1, 1])) == [1, 1]:
            pass
        else:
            continue
        bias = [c + b * sum(weight[o * per_out:(o + 1) * per_out])
                for o, c in enumerate(bias)]
        weight = [w * a for w in weight]
        set_conv_weights(values, conv, weight, bias)
        graph.node.remove(mul)
        graph.node.remove(add)
        conv.input[0] = x
        if any(pads):
            value = -b / a
            if dims[2:] == [5, 5] and pads == [2, 2, 2, 2]:
                # split_depthwise_5x5 pads it
                conv.attribute.append(make_attribute('pad_value', value))
                continue
            padded = conv.output[0] + '_padded'
            values[padded + '_pads'] = int64_tensor([0, 0, pads[0], pads[1],
                                                     0, 0, pads[2], pads[3]])
            values[padded + '_value'] = float_tensor([], [value])
            graph.node.insert(graph.node.index(conv), make_node(
                'Pad', [x, padded + '_pads', padded + '_value'], [padded],
                padded, mode='constant'))
            conv.input[0] = padded
            conv.attribute = [t for t in conv.attribute if attr_name(t) != 'pads']
            conv.attribute.append(make_attribute('pads', [0, 0, 0, 0]))


def simplify_elementwise(graph, values):
    fold_conv_affine(graph, values)
    fuse_hardswish(graph, values)
    drop_identities(graph, values)
    fold_affine_into_next_conv(graph, values)


def const_reshape(graph, values, node, shape):
    name = node.output[0] + '_shape'
    values[name] = int64_tensor(shape)
    node.input[1] = name


def convert_detector(src, dst):
    model = load(src)
    graph = model.graph
    values = constants_to_initializers(graph)
    fix_clip(graph, values)
    fold_conv_transpose(graph, values)
    # The exact folds only: OpenCV 4.10 (Debian 13) runs each element-wise
    # node on its own, where 4.6 fused them (the detector at 704 × 960:
    # 191 → 157 ms a run there, the first run 739 → 487 ms; the same on
    # 4.6).  Not fold_affine_into_next_conv(): its padding rewrite moved
    # the map by up to 0.05 at some sizes.
    fold_conv_affine(graph, values)
    fuse_hardswish(graph, values)
    drop_identities(graph, values)
    # Resize in opset 11 takes an empty roi input; keep it as an initializer
    prune(graph, values)
    set_input_shape(graph, [1, 3, 'height', 'width'])

    save(model, dst)


def convert_classifier(src, dst):
    model = load(src)
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
                    channels = int(values[p.input[0]].numbers()[0])
            assert channels is not None
            const_reshape(graph, values, node, [1, channels])
    simplify_elementwise(graph, values)
    split_depthwise_5x5(graph, values)
    prune(graph, values)
    set_input_shape(graph, [1, 3, 48, 192])

    save(model, dst)


def squeeze_to_reshape(graph, values, prod, node):
    """Squeeze of a known shape → Reshape with -1 for the dynamic width."""
    axes = list(attr_value(node.attribute[0]))
    p = prod[node.input[0]]
    if p.op_type == 'Slice':
        # q, k or v: Slice(Transpose(Reshape(x, [1, -1, 3, heads, dh])))
        transpose = prod[p.input[0]]
        reshape = prod[transpose.input[0]]
        perm = list(attr_value(transpose.attribute[0]))
        shape = values[reshape.input[1]].numbers()
        shape = [shape[i] for i in perm]
        shape[axes[0]] = None
        shape = [int(v) for v in shape if v is not None]
    else:
        # the head's [1, C, 1, W] → [1, C, W]; C from the classifier matmul
        transpose = consumers(graph, node.output[0])[0]
        matmul = consumers(graph, transpose.output[0])[0]
        channels = values[matmul.input[1]].dims[0]
        assert axes == [2]
        shape = [1, channels, -1]
    node.op_type = 'Reshape'
    del node.attribute[:]
    name = node.output[0] + '_shape'
    values[name] = int64_tensor(shape)
    node.input.append(name)


def convert_recognizer(src, dst):
    model = load(src)
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
            return int(values[name].numbers()[0])
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
                    shape.extend(int(v) for v in values[i].numbers())
                    continue
                v = scalar_of(i)
                p = prod.get(i)
                if v is not None:
                    shape.append(v)
                elif p is not None and p.op_type == 'Slice' and \
                        prod.get(p.input[0]) is not None and \
                        prod[p.input[0]].op_type == 'Shape':
                    # leading dims of the input: batch 1 and the channels
                    starts = attr_value(p.attribute[1])[0] \
                        if attr_name(p.attribute[1]) == 'starts' else 0
                    ends = [attr_value(a)[0] for a in p.attribute
                            if attr_name(a) == 'ends'][0]
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
            axes = list(attr_value(node.attribute[0]))
            assert axes == [-1], axes
            channels = channels_of(node)
            name = node.output[0] + '_mean'
            values[name] = float_tensor([channels, channels],
                                        [1.0 / channels] * (channels * channels))
            node.op_type = 'MatMul'
            del node.attribute[:]
            node.input.append(name)
        elif node.op_type == 'Mul' and node.input[1] in values and \
                values[node.input[1]].ndim == 1 and \
                values[node.input[1]].size > 1:
            # the LayerNorm scale: a MatMul with a diagonal matrix
            name = node.output[0] + '_diag'
            scale = values[node.input[1]].numbers()
            size = len(scale)
            diag = [0.0] * (size * size)
            for i, s in enumerate(scale):
                diag[i * size + i] = s
            values[name] = float_tensor([size, size], diag)
            node.op_type = 'MatMul'
            node.input[1] = name
    simplify_elementwise(graph, values)
    split_depthwise_5x5(graph, values)
    prune(graph, values)
    # OpenCV infers shapes while it imports: a concrete width lets it;
    # the Reshapes with -1 still follow the real width at run time.
    set_input_shape(graph, [1, 3, 48, 320])
    save(model, dst)


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: convert-models.py SOURCE_ASSETS_DIR OUTPUT_DIR')
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
