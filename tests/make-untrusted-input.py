#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small files of tests/fuzz/seeds/ and tests/bad-input/.

Run once from the top of the source tree; the files are committed, so the
tests never depend on this script's tools.  Only the Python standard
library is needed, except the JPEG and WebP seeds (ImageMagick's convert,
skipped when it is missing).

    /usr/bin/python3 tests/make-untrusted-input.py
"""

import base64
import os
import random
import shutil
import struct
import subprocess
import sys
import zlib

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
seeds = os.path.join(top, "tests", "fuzz", "seeds")
bad = os.path.join(top, "tests", "bad-input")


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


# Images -------------------------------------------------------------------

def png(width, height, gray=True, rows=None):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    if rows is None:
        rows = []
        for y in range(height):
            row = bytes((x * 7 + y * 13) % 256 for x in range(width * (1 if gray else 3)))
            rows.append(row)
    raw = b"".join(b"\0" + r for r in rows)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0 if gray else 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def bmp(width, height):
    row = (width * 3 + 3) & ~3
    pixels = b"".join(bytes((x * 40 + y * 20) % 256 for x in range(width * 3)).ljust(row, b"\0")
                      for y in range(height))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def pgm(width, height):
    return b"P5\n%d %d\n255\n" % (width, height) + bytes((x + y) % 256 for y in range(height) for x in range(width))


def tiff(pages):
    """Little-endian, uncompressed 8-bit gray; one IFD per (width, height)."""
    out = bytearray(b"II*\0" + struct.pack("<I", 0))
    next_offset_at = 4
    for width, height in pages:
        data_offset = len(out)
        out += bytes((x * 3 + y * 5) % 256 for y in range(height) for x in range(width))
        if len(out) % 2:
            out += b"\0"
        ifd_offset = len(out)
        struct.pack_into("<I", out, next_offset_at, ifd_offset)
        entries = [
            (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8),
            (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, data_offset),
            (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, width * height),
        ]
        out += struct.pack("<H", len(entries))
        for tag, kind, count, value in entries:
            if kind == 3:
                out += struct.pack("<HHIHH", tag, kind, count, value, 0)
            else:
                out += struct.pack("<HHII", tag, kind, count, value)
        next_offset_at = len(out)
        out += struct.pack("<I", 0)
    return bytes(out)


GIF = bytes.fromhex(
    "474946383961" "0200" "0200" "80" "00" "00" "000000" "ffffff"
    "2c" "00000000" "0200" "0200" "00" "02" "02" "8451" "00" "3b")


def convert(fmt, width, height):
    if shutil.which("convert") is None:
        return None
    result = subprocess.run(
        ["convert", "-size", "%dx%d" % (width, height), "gradient:white-black",
         "-fill", "black", "-draw", "rectangle 2,2 6,6", "-strip", fmt + ":-"],
        capture_output=True, check=False)
    return result.stdout if result.returncode == 0 and result.stdout else None


# PDFs ----------------------------------------------------------------------

def pdf(objects, root=1, trailer_extra="", xref=True, header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"):
    """objects: list of bodies (bytes or str) numbered from 1."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        if isinstance(body, str):
            body = body.encode("latin-1")
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
    out += ("trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, root, trailer_extra, start)).encode("latin-1")
    return bytes(out)


def stream(body, extra="", compress=False):
    if isinstance(body, str):
        body = body.encode("latin-1")
    if compress:
        body = zlib.compress(body)
        extra += " /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(body), extra.encode()) + body + b"\nendstream"


FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_pdf(texts, compress=False):
    n = len(texts)
    # 1 catalog, 2 pages, 3 font, then page + content per text
    kids = " ".join("%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), FONT]
    for i, text in enumerate(texts):
        objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] "
                       "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(stream("BT /F1 12 Tf 10 50 Td (%s) Tj ET" % text, compress=compress))
    return pdf(objects)


def image_pdf():
    pixels = bytes((x * 16 + y * 8) % 256 for y in range(8) for x in range(8))
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] "
        "/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        stream("q 80 0 0 80 10 10 cm /Im1 Do Q"),
        stream(pixels, "/Type /XObject /Subtype /Image /Width 8 /Height 8 "
               "/ColorSpace /DeviceGray /BitsPerComponent 8", compress=True),
    ])


# Found by tests/fuzz/fuzz-document: a GIF frame 0 pixels wide made
# gdk-pixbuf's GIF loader fail an assertion (a GLib critical).
GIF_EMPTY_FRAME = base64.b64decode(
    "R0lGODlhAgACAIAAAAAAAP///wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAACwAAAAAAAAAACwAAAAAAgACAAACAoRRADs=")


# Found by tests/fuzz/fuzz-document: a BMP whose header claims to be 4 GB
# long; gdk-pixbuf's BMP loader tried to allocate that much.
BMP_HEADER_SIZE = base64.b64decode(
    "Qk2aAAAAAAAAW3icYG5g0CH4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4"
    "+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4+Pj4"
    "+Pj4+Pj4+Pj4+PgAAA==")

# Found by tests/fuzz/fuzz-document: a BMP whose pixels start 3.5 GB into
# a file of 235 bytes; gdk-pixbuf's BMP loader grew its buffer that far.
BMP_DATA_OFFSET = base64.b64decode(
    "Qk2aAAAAAAAAADYAANUoAAAABgAAAAUAAAABABgAAAAAAGQAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAATCwAAEwsAAAAAAAAAAAAAAChQeKDI8BhAaJC44AgwWICoAAAUPGSMtNwE"
    "LFR8pMz0HERslLwAAChQeKDI8BhAaJC44AgxWICo0AAAPGSMtNwELFR8pMz0HERslLzkAABQ"
    "eKDI8BhAaJC44AgwWICo0PgAAA==")


# Seeds ---------------------------------------------------------------------

def make_seeds():
    doc = os.path.join(seeds, "fuzz-document")
    write(os.path.join(doc, "gray.png"), png(12, 9))
    write(os.path.join(doc, "rgb.png"), png(5, 4, gray=False))
    write(os.path.join(doc, "image.bmp"), bmp(6, 5))
    write(os.path.join(doc, "image.pgm"), pgm(7, 3))
    write(os.path.join(doc, "image.gif"), GIF)
    write(os.path.join(doc, "one-page.tif"), tiff([(8, 6)]))
    write(os.path.join(doc, "two-pages.tif"), tiff([(8, 6), (5, 4)]))
    for fmt, name in (("jpeg", "image.jpg"), ("webp", "image.webp")):
        data = convert(fmt, 16, 12)
        if data is not None:
            write(os.path.join(doc, name), data)
    write(os.path.join(doc, "text.pdf"), text_pdf(["Hello, world"]))
    write(os.path.join(doc, "two-pages-deflate.pdf"), text_pdf(["first page", "second page"], compress=True))
    write(os.path.join(doc, "image.pdf"), image_pdf())
    # Regressions: inputs the fuzzer found.
    write(os.path.join(doc, "regression-gif-empty-frame.gif"), GIF_EMPTY_FRAME)
    write(os.path.join(doc, "regression-bmp-header-size.bmp"), BMP_HEADER_SIZE)
    write(os.path.join(doc, "regression-bmp-data-offset.bmp"), BMP_DATA_OFFSET)

    region = os.path.join(seeds, "fuzz-region")
    for i, text in enumerate(["1:0.1,0.2,0.5,0.3", "2:10%,20%,50%,30%", "1-3,7", "4",
                              "1:0,0,1,1", "3: 0.5 , 0.5 ,0.25,0.25", "1-100000",
                              "1:1e-3,0.5,5e-1,0.1", "7,3,1-2"]):
        write(os.path.join(region, "seed-%d" % i), text)

    export = os.path.join(seeds, "fuzz-export")
    rng = random.Random(20261125)
    # A hand-made well-formed tree: flags, languages, pages…
    tree = bytes([0, 7]) + b"chi_sim" + bytes([
        2,                       # two pages
        3, 3, 1, 0, 1,           # sizes, dpi, index choice, source
        1, 5]) + "注释说明".encode()[:5] + bytes([
        1,                       # one block
        2, 1, 0,                 # region, one line, horizontal
        20, 20, 200, 60,         # block box
        20, 20, 200, 30,         # line box
        2,                       # two words
        5]) + b"Hello" + bytes([200, 20, 20, 90, 30]) + bytes([
        6]) + "世界".encode() + bytes([180, 120, 20, 90, 30])
    write(os.path.join(export, "tree"), tree)
    write(os.path.join(export, "invalid-utf8"), bytes([1, 3]) + b"eng" + bytes(
        [1, 3, 3, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4]) + b"\xff\xfe\xc3(" +
        bytes([255, 254, 253, 252, 251]))
    write(os.path.join(export, "random"), bytes(rng.randrange(256) for _ in range(512)))


# Bad input -----------------------------------------------------------------

def make_bad_input():
    good_png = png(40, 30)
    good_pdf = text_pdf(["Hello"])

    write(os.path.join(bad, "zero-length.png"), b"")
    write(os.path.join(bad, "truncated.png"), good_png[: len(good_png) // 2])
    write(os.path.join(bad, "truncated.pdf"), good_pdf[: len(good_pdf) // 3])
    write(os.path.join(bad, "header-only.pdf"), b"%PDF-1.7\n")

    flipped = bytearray(good_png)
    rng = random.Random(7)
    for _ in range(12):
        flipped[rng.randrange(40, len(flipped))] ^= 1 << rng.randrange(8)
    write(os.path.join(bad, "bit-flipped.png"), bytes(flipped))

    # A PNG header claiming 100000 × 100000 pixels (10 gigapixels).
    huge = bytearray(png(1, 1))
    struct.pack_into(">II", huge, 16, 100000, 100000)
    struct.pack_into(">I", huge, 29, zlib.crc32(bytes(huge[12:29])) & 0xFFFFFFFF)
    write(os.path.join(bad, "enormous-dimensions.png"), bytes(huge))

    # A TIFF claiming 2^31-1 × 2^31-1 pixels.
    big_tiff = bytearray(tiff([(2, 2)]))
    ifd = struct.unpack_from("<I", big_tiff, 4)[0]
    struct.pack_into("<I", big_tiff, ifd + 2 + 8, 0x7FFFFFFF)
    struct.pack_into("<I", big_tiff, ifd + 2 + 12 + 8, 0x7FFFFFFF)
    write(os.path.join(bad, "enormous-dimensions.tif"), bytes(big_tiff))

    # A PDF page of 14400 × 14400 inches (UserUnit 72): too many pixels to render.
    write(os.path.join(bad, "enormous-page.pdf"), pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /UserUnit 72 /Contents 4 0 R >>",
        stream("0 0 m 14400 14400 l S"),
    ]))

    # The page tree is its own child.
    write(os.path.join(bad, "page-tree-loop.pdf"), pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
    ]))
    # Two page-tree nodes that are each other's child.
    write(os.path.join(bad, "page-tree-cycle.pdf"), pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]))
    # A page tree 400 levels deep.
    depth = 400
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        objects.append("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (level + 3))
    objects.append("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 200 100] "
                   "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                   % (depth + 1, depth + 3, depth + 4))
    objects.append(FONT)
    objects.append(stream("BT /F1 12 Tf 10 50 Td (Deep) Tj ET"))
    write(os.path.join(bad, "deep-page-tree.pdf"), pdf(objects))
    # Arrays nested 5000 and 20000 deep in the content stream and a dictionary.
    write(os.path.join(bad, "deeply-nested.pdf"), pdf([
        "<< /Type /Catalog /Pages 2 0 R /Nest " + "[" * 5000 + "]" * 5000 + " >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream("BT /F1 12 Tf 10 50 Td (Nested) Tj ET " + "[" * 20000),
        FONT,
    ]))
    # The cross-reference section points at itself through /Prev.
    body = pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
    ], xref=False)
    start = body.index(b"trailer")
    xref = (b"xref\n0 3\n0000000000 65535 f \n%010d 00000 n \n%010d 00000 n \n"
            % (body.index(b"1 0 obj"), body.index(b"2 0 obj")))
    write(os.path.join(bad, "xref-loop.pdf"), body[:start] + xref +
          b"trailer\n<< /Size 3 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (start, start))
    # A content stream whose /Length is the stream itself.
    write(os.path.join(bad, "self-reference.pdf"), pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] "
        "/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 10 50 Td (Itself) Tj ET\nendstream",
        FONT,
    ]))
    # Encrypted (standard security handler); no password known.
    write(os.path.join(bad, "encrypted.pdf"), pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 "
        "/O <" + "11" * 32 + "> /U <" + "22" * 32 + "> >>",
    ], trailer_extra="/Encrypt 3 0 R /ID [<" + "33" * 16 + "> <" + "33" * 16 + ">] "))
    # Wrong extensions: a PDF called .png, a PNG called .pdf, text called .jpg.
    write(os.path.join(bad, "pdf-named.png"), good_pdf)
    write(os.path.join(bad, "text-named.jpg"), "This is not a photo, only a line of text.\n")
    write(os.path.join(bad, "gif-empty-frame.gif"), GIF_EMPTY_FRAME)
    write(os.path.join(bad, "bmp-header-size.bmp"), BMP_HEADER_SIZE)
    write(os.path.join(bad, "bmp-data-offset.bmp"), BMP_DATA_OFFSET)
    write(os.path.join(bad, "random-bytes.tif"), bytes(random.Random(3).randrange(256) for _ in range(2048)))


if __name__ == "__main__":
    make_seeds()
    make_bad_input()
    print("wrote", seeds, "and", bad)
