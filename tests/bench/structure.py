#!/usr/bin/python3
# structure.py — paragraphs, headings and tables of airgap-ocr's documents,
# scored as the issue scores them
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs airgap-ocr -o x.txt / x.odt / x.docx on structured pages and
scores each output with the shared scorer (../shared/tools/structure.py
TRUTH.json OUTPUT): paragraphs and headings found whole, headings exported
as headings, table cells (1 - CER, tables of the right shape), and the CER
of all the text.  Not a unit test: it takes a minute or two.

    nice tests/bench/structure.py                       # the corpus's documents
    nice tests/bench/structure.py --made --markdown     # and pages made here
    nice tests/bench/structure.py --ocr OLD/airgap-ocr  # another build, for "before"
    nice tests/bench/structure.py --args=--keep-lines   # the lines as on the page

The pages: the four structured pages of the corpus (documents/*.json, a
300 dpi scan and a phone photo each), and with --made two documents made
here: written with python-docx (a heading, paragraphs, numbered sections
and a table), laid out by LibreOffice (soffice --convert-to pdf), scanned
(pdftoppm -r 300) and photographed synthetically with ImageMagick
(perspective, uneven light, blur, noise, JPEG)."""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(SOURCE_ROOT, "..", "shared")
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")

MADE = {
    "zh_made": {
        "lang": "chi_sim",
        "blocks": [
            {"type": "heading", "level": 1, "text": "关于开展办公用品清点工作的通知"},
            {"type": "paragraph", "text": "各科室："},
            {"type": "paragraph", "text": "为加强办公用品管理，减少浪费，经研究决定，于本月下旬对各科室的办公用品进行一次全面清点。请各科室高度重视，认真组织，按时完成各项工作。"},
            {"type": "heading", "level": 2, "text": "一、清点范围"},
            {"type": "paragraph", "text": "本次清点包括纸张、文具、打印耗材和档案用品，各科室应如实填写清点表，不得漏报或者虚报。"},
            {"type": "table", "cells": [["名称", "单位", "数量"], ["复印纸", "箱", "24"], ["签字笔", "盒", "15"],
                                         ["硒鼓", "个", "6"], ["档案盒", "个", "120"]]},
            {"type": "heading", "level": 2, "text": "二、时间安排"},
            {"type": "paragraph", "text": "请于本月二十五日前将清点表报送办公室，逾期未报的科室将在全局通报。"},
            {"type": "paragraph", "text": "办公室"},
            {"type": "paragraph", "text": "2026年11月20日"},
        ],
    },
    "en_made": {
        "lang": "eng",
        "blocks": [
            {"type": "heading", "level": 1, "text": "Minutes of the Safety Committee"},
            {"type": "paragraph", "text": "The committee met on Tuesday in the small meeting room. Six members were present and the chair opened the meeting at ten o'clock."},
            {"type": "heading", "level": 2, "text": "1. Actions agreed"},
            {"type": "paragraph", "text": "The members reviewed the open actions from the last meeting and agreed on the following owners and dates for the work that remains."},
            {"type": "table", "cells": [["Action", "Owner", "Due"], ["Replace fire doors", "Facilities", "March"],
                                         ["Train new staff", "Personnel", "April"], ["Test the alarms", "Security", "May"]]},
            {"type": "heading", "level": 2, "text": "2. Next meeting"},
            {"type": "paragraph", "text": "The next meeting will be held in the same room at the same time, one month from today."},
        ],
    },
}


def make_docx(truth, path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(12)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    # Headings in black, as office documents print them.
    for level in (1, 2):
        d.styles["Heading %d" % level].font.color.rgb = RGBColor(0, 0, 0)
    chinese = truth["lang"].startswith("chi")
    blocks = truth["blocks"]
    for i, b in enumerate(blocks):
        if b["type"] == "heading":
            p = d.add_heading(b["text"], level=b["level"])
            if b["level"] == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in p.runs:
                run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Sans CJK SC")
        elif b["type"] == "table":
            rows = b["cells"]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
            d.add_paragraph()
        else:
            p = d.add_paragraph(b["text"])
            short = len(b["text"]) < 16
            # The signature and the date at the right, as Chinese notices end.
            if chinese and short and i >= len(blocks) - 2:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif chinese and not short:
                p.paragraph_format.first_line_indent = Pt(24)
    d.save(path)


def make_pages(work):
    """The made documents, scanned and photographed: {name: (image, truth)}."""
    pages = {}
    for name, truth in MADE.items():
        docx_path = os.path.join(work, name + ".docx")
        make_docx(truth, docx_path)
        subprocess.run(["soffice", "-env:UserInstallation=file://" + os.path.join(work, "profile"),
                        "--headless", "--convert-to", "pdf", "--outdir", work, docx_path],
                       check=True, capture_output=True)
        pdf = os.path.join(work, name + ".pdf")
        subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", pdf,
                        os.path.join(work, name + "_scan")], check=True)
        scan = os.path.join(work, name + "_scan.png")
        photo = os.path.join(work, name + "_phone.jpg")
        # A phone's view: the page a little askew and in perspective, darker
        # towards the corners, a little blurred and noisy, JPEG.
        subprocess.run(["convert", scan, "-resize", "2000x", "-virtual-pixel", "gray",
                        "-distort", "Perspective", "0,0 60,90  2000,0 1930,40  0,2829 30,2760  2000,2829 1960,2800",
                        "(", "-size", "2000x2829", "radial-gradient:white-gray60", ")",
                        "-compose", "multiply", "-composite",
                        "-blur", "0x1.1", "-attenuate", "0.4", "+noise", "Gaussian", "-quality", "72", photo],
                       check=True)
        truth_path = os.path.join(work, name + ".json")
        with open(truth_path, "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False)
        pages[name + "_scan"] = (scan, truth_path, truth["lang"])
        pages[name + "_phone"] = (photo, truth_path, truth["lang"])
    return pages


def corpus_pages(corpus):
    pages = {}
    folder = os.path.join(corpus, "documents")
    if not os.path.isdir(folder):
        return pages
    for name in sorted(os.listdir(folder)):
        m = re.match(r"(.+)_(scan|phone)\.(png|jpg)$", name)
        if not m:
            continue
        truth = os.path.join(folder, m.group(1) + ".json")
        with open(truth, encoding="utf-8") as f:
            lang = json.load(f).get("lang", "eng")
        pages[name.rsplit(".", 1)[0]] = (os.path.join(folder, name), truth, lang)
    return pages


FIGURES = re.compile(r"paragraphs (\d+)/(\d+) order \d+/\d+ headings (\d+)/(\d+) table ([\d.]+) text ([\d.]+)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ocr", default=os.path.join(SOURCE_ROOT, "_build", "src", "cli", "airgap-ocr"))
    parser.add_argument("--corpus", default=os.environ.get("AIRGAP_CORPUS", os.path.join(SHARED, "corpus")))
    parser.add_argument("--scorer", default=os.path.join(SHARED, "tools", "structure.py"))
    parser.add_argument("--formats", default="txt,odt,docx")
    parser.add_argument("--made", action="store_true", help="also pages made here (python-docx, LibreOffice, ImageMagick)")
    parser.add_argument("--args", default="", help="more arguments for airgap-ocr, as --keep-lines")
    parser.add_argument("--keep", help="keep the outputs in this folder")
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()

    work = options.keep or tempfile.mkdtemp(prefix="airgap-structure-")
    os.makedirs(work, exist_ok=True)
    pages = corpus_pages(options.corpus)
    if options.made:
        pages.update(make_pages(work))
    if not pages:
        sys.exit("No pages: no corpus at %s, and --made not given" % options.corpus)

    rows = []
    for name, (image, truth, lang) in pages.items():
        for fmt in options.formats.split(","):
            out = os.path.join(work, "%s.%s" % (name, fmt))
            command = [options.ocr, "-l", lang] + options.args.split() + ["-o", out, image]
            subprocess.run(command, env=ENV, capture_output=True)
            if not os.path.exists(out):
                rows.append((name, fmt, None))
                continue
            score = subprocess.run(["/usr/bin/python3", options.scorer, truth, out],
                                   capture_output=True, text=True).stdout.strip()
            m = FIGURES.search(score)
            rows.append((name, fmt, m.groups() if m else None))

    if options.markdown:
        print("| page | format | paragraphs whole | headings as headings | table cells | CER |")
        print("| --- | --- | --- | --- | --- | --- |")
    for name, fmt, g in rows:
        if g is None:
            figures = ("—", "—", "—", "—")
        else:
            figures = ("%s/%s" % (g[0], g[1]), "%s/%s" % (g[2], g[3]), g[4], g[5])
        if options.markdown:
            print("| %s | %s | %s | %s | %s | %s |" % ((name, fmt) + figures))
        else:
            print("%-22s %-5s paragraphs %-6s headings %-5s table %-6s text %s" % ((name, fmt) + figures))

    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
