#!/usr/bin/python3
# rotations.py — every clean corpus page turned 0/90/180/270°, read by
# airgap-ocr (automatic languages and the right language forced) and by
# the tesseract command line
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Turns every clean corpus page (english-clean and chinese-clean: eng,
chi_sim, chi_tra) clockwise by 0, 90, 180 and 270° with ImageMagick,
keeping its stated resolution, and reads each with airgap-ocr twice
(without -l, the automatic choice, and with the manifest's language) and
once with the tesseract command line (with the manifest's language, as it
comes: the command line does not turn pages).  Prints the character error
rate of each case and, per language and turn, the worst of each reader.
The target (issue 18): airgap-ocr ≤ 0.03 everywhere.  Exits 1 if a case
misses it.  Not a unit test: it takes a few minutes.

    nice tests/bench/rotations.py                        # $AIRGAP_CORPUS or ../shared/corpus
    nice tests/bench/rotations.py --filter zht --verbose --markdown"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import cer  # noqa: E402
import corpus  # noqa: E402
from corpus import SOURCE_ROOT, find_corpus, read_manifest  # noqa: E402,F401
ENV = dict(os.environ, OMP_THREAD_LIMIT="1", LANG="C.UTF-8", LANGUAGE="", LC_ALL="C.UTF-8")
TARGET = 0.03
TURNS = (0, 90, 180, 270)
CLEAN = ("english-clean", "chinese-clean")
SHORT = {"eng": "en", "chi_sim": "zh", "chi_tra": "zht"}


def use_build(airgap):
    """The PP-OCR module, its models and the worker beside @airgap's build."""
    corpus.use_build(ENV, airgap)


def run_airgap(airgap, image, lang, extra=()):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.txt")
        args = [airgap] + (["-l", lang] if lang else []) + list(extra) + ["-o", out, image]
        start = time.monotonic()
        subprocess.run(args, capture_output=True, text=True, env=ENV)
        seconds = time.monotonic() - start
        text = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
    return text, seconds


def run_tesseract(image, lang):
    start = time.monotonic()
    proc = subprocess.run(["tesseract", image, "-", "-l", lang], capture_output=True, text=True, env=ENV)
    return proc.stdout, time.monotonic() - start


def turn(image, degrees, out):
    """@image turned clockwise by @degrees, its resolution kept."""
    subprocess.run(["convert", image, "-rotate", str(degrees), out], check=True)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="folder with manifest.tsv")
    parser.add_argument("--airgap", default=os.path.join(SOURCE_ROOT, "_build", "src", "cli", "airgap-ocr"))
    parser.add_argument("--filter", default="", help="only cases whose id matches this regular expression")
    parser.add_argument("--no-tesseract", action="store_true", help="do not run the tesseract command line")
    parser.add_argument("--no-auto", action="store_true", help="only the right language forced")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()

    use_build(args.airgap)
    folder = find_corpus(args.corpus)
    if folder is None:
        sys.exit("No corpus: give --corpus or set AIRGAP_CORPUS.")
    rows = [r for r in read_manifest(folder)
            if r["category"] in CLEAN and re.search(args.filter, r["id"])]
    print("corpus: %s (%d clean pages × %d turns)" % (folder, len(rows), len(TURNS)))

    results = []
    seconds = {"auto": 0.0, "forced": 0.0, "tesseract": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for row in rows:
            for degrees in TURNS:
                image = row["image"] if degrees == 0 else turn(
                    row["image"], degrees, os.path.join(tmp, "%s-%d.png" % (row["id"], degrees)))
                result = {"id": row["id"], "lang": row["lang"], "turn": degrees}
                readers = [("forced", lambda: run_airgap(args.airgap, image, row["lang"]))]
                if not args.no_auto:
                    readers.append(("auto", lambda: run_airgap(args.airgap, image, None)))
                if not args.no_tesseract:
                    readers.append(("tesseract", lambda: run_tesseract(image, row["lang"])))
                for name, read in readers:
                    text, s = read()
                    result[name] = cer(text, row["truth"], row["lang"])
                    seconds[name] += s
                results.append(result)
                if args.verbose:
                    print("%-20s %3d°  %s" % (row["id"], degrees, "  ".join(
                        "%s %.3f" % (n, result[n]) for n, _ in readers)), flush=True)

    names = [n for n in ("auto", "forced", "tesseract") if any(n in r for r in results)]
    header = {"auto": "airgap-ocr, automatic", "forced": "airgap-ocr -l", "tesseract": "`tesseract` -l"}
    if args.markdown:
        print("| pages | turn | n | " + " | ".join("%s median / worst" % header[n] for n in names) + " |")
        print("| --- | --: | --: |" + " --- |" * len(names))
    for lang in ("eng", "chi_sim", "chi_tra"):
        for degrees in TURNS:
            group = [r for r in results if r["lang"] == lang and r["turn"] == degrees]
            if not group:
                continue
            cells = []
            for n in names:
                values = sorted(r[n] for r in group)
                cells.append("%.3f / %.3f" % (values[(len(values) - 1) // 2], values[-1]))
            if args.markdown:
                print("| %s | %d° | %d | %s |" % (SHORT[lang], degrees, len(group), " | ".join(cells)))
            else:
                print("%-4s %3d°  n=%d  %s" % (SHORT[lang], degrees, len(group), "  ".join(
                    "%s %s" % (n, c) for n, c in zip(names, cells))))

    print()
    print("wall time: " + ", ".join("%s %.1f s" % (n, seconds[n]) for n in names))
    misses = ["%s %d° %s %.3f" % (r["id"], r["turn"], n, r[n])
              for r in results for n in ("auto", "forced") if n in r and r[n] > TARGET]
    print("over %.2f: %s" % (TARGET, ", ".join(misses) or "none"))
    if misses:
        sys.exit(1)


if __name__ == "__main__":
    main()
