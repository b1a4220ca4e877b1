#!/usr/bin/python3
# chinese-text.py — Chinese text as Chinese is written: full-width
# punctuation and no stray spaces, on the corpus's Chinese images
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads every Chinese image of a corpus (manifest.tsv, see
/work/shared/corpus; lang chi_sim or chi_tra) with airgap-ocr and the
manifest's language, and prints per case two character error rates:
the corpus's (NFKC, white space removed: blind to the form of the
punctuation and to spaces) and the form's (no NFKC, so `,` is not `，`,
and spaces count; only a line break is no character, as the truth
breaks its lines where the page does).  With --before, the same for a
second airgap-ocr (an older build), side by side.  Not a unit test.

    nice tests/bench/chinese-text.py --before /tmp/base/_build/src/cli/airgap-ocr
    nice tests/bench/chinese-text.py --filter zh_dev2 --show"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import cer, levenshtein  # noqa: E402

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uff60]")


def form(text):
    """Spaces kept (a run of them is one); a line break and the white
    space around it are nothing between Chinese characters, a space
    between Latin words."""
    text = re.sub(r"[ \t]+", " ", text.strip())

    def at_break(match):
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return "" if HAN.match(before) or HAN.match(after) else " "

    return re.sub(r" ?\n[\s]*", at_break, text)


def form_cer(recognized, truth):
    r, t = form(recognized), form(truth)
    return levenshtein(r, t) / len(t) if t else float(bool(r))


def read(airgap, image, lang):
    # the PP-OCR module and the worker of airgap-ocr's own build
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(airgap))))
    env = dict(ENV)
    for name, path in (("AIRGAP_PPOCR_MODULE", "src/core/libairgap-ppocr.so"),
                       ("AIRGAP_WORKER", "src/worker/airgap-worker")):
        if os.path.exists(os.path.join(build, path)):
            env[name] = os.path.join(build, path)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.txt")
        subprocess.run([airgap, "-l", lang, "-o", out, image], capture_output=True, env=env)
        return open(out, encoding="utf-8").read() if os.path.exists(out) else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.environ.get("AIRGAP_CORPUS", "/work/shared/corpus"))
    parser.add_argument("--airgap", default=os.path.join(SOURCE_ROOT, "_build", "src", "cli", "airgap-ocr"))
    parser.add_argument("--before", help="another airgap-ocr to compare with")
    parser.add_argument("--filter", default="", help="only cases whose id matches this regular expression")
    parser.add_argument("--show", action="store_true", help="print the texts")
    args = parser.parse_args()

    rows = []
    with open(os.path.join(args.corpus, "manifest.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if row.get("lang") in ("chi_sim", "chi_tra") and re.search(args.filter, row["id"]):
                rows.append(row)

    programs = [("after", args.airgap)] + ([("before", args.before)] if args.before else [])
    sums = {name: ([], []) for name, _ in programs}
    print("| case | " + " | ".join(f"CER {n} | form {n}" for n, _ in programs) + " |")
    print("| --- |" + " --- | --- |" * len(programs))
    for row in rows:
        truth = open(os.path.join(args.corpus, row["gt"]), encoding="utf-8").read()
        cells = []
        for name, program in programs:
            text = read(program, os.path.join(args.corpus, row["image"]), row["lang"])
            c, fc = cer(text, truth, row["lang"]), form_cer(text, truth)
            sums[name][0].append(c)
            sums[name][1].append(fc)
            cells += [f"{c:.3f}", f"{fc:.3f}"]
            if args.show:
                print(f"  {name}: {form(text)}", file=sys.stderr)
        print(f"| {row['id']} | " + " | ".join(cells) + " |", flush=True)
    print("| **median** | " + " | ".join(f"{statistics.median(sums[n][0]):.3f} | {statistics.median(sums[n][1]):.3f}"
                                       for n, _ in programs) + " |")
    print("| **mean** | " + " | ".join(f"{statistics.mean(sums[n][0]):.3f} | {statistics.mean(sums[n][1]):.3f}"
                                     for n, _ in programs) + " |")
    if args.before:
        worse = [row["id"] for i, row in enumerate(rows) if sums["after"][0][i] > sums["before"][0][i] + 1e-9]
        print("CER worse than before: " + (", ".join(worse) if worse else "none"))


if __name__ == "__main__":
    main()
