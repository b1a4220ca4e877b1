#!/usr/bin/python3
# accuracy.py — character error rate of airgap-ocr against the tesseract
# command line, per category and per degradation of a corpus
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs every image of a corpus (manifest.tsv + README.md, see
/work/shared/corpus) through several recognisers and prints, per category
and per degradation, the median and worst character error rate and the
seconds per image.  Not a unit test: it takes minutes.

    nice tests/bench/accuracy.py                   # $AIRGAP_CORPUS or ../shared/corpus
    nice tests/bench/accuracy.py --filter 'phone|rot3' --markdown

Recognisers ("engines" here) are the entries of ENGINES; add one by adding
a function that takes (image, lang) and returns (text, seconds, extra).
Without a corpus, a few fixtures are rendered with pango-view."""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import cer  # noqa: E402
import corpus  # noqa: E402
from corpus import SOURCE_ROOT  # noqa: E402
ENV = dict(os.environ, OMP_THREAD_LIMIT="1")
DEBUG_RE = re.compile(r"Preprocessed \S+ in ([\d.]+) ms|Recognized in ([\d.]+) ms")


# ---------------------------------------------------------------- engines

def run_tesseract_cli(image, lang, args):
    start = time.monotonic()
    proc = subprocess.run(["tesseract", image, "-", "-l", lang],
                          capture_output=True, text=True, env=ENV)
    return proc.stdout, time.monotonic() - start, {}


def airgap_runner(*flags):
    def run(image, lang, args):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.txt")
            env = dict(ENV, G_MESSAGES_DEBUG="Airgap")
            start = time.monotonic()
            proc = subprocess.run([args.airgap, "-l", lang, *flags, "-o", out, image],
                                  capture_output=True, text=True, env=env)
            seconds = time.monotonic() - start
            text = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
        extra = {"pp_ms": 0.0, "rec_ms": 0.0}
        # GLib writes debug messages to stdout.
        for match in DEBUG_RE.finditer(proc.stdout + proc.stderr):
            if match.group(1):
                extra["pp_ms"] += float(match.group(1))
            else:
                extra["rec_ms"] += float(match.group(2))
        if proc.returncode != 0:
            extra["error"] = proc.stderr.strip().splitlines()[-1:] or ["exit %d" % proc.returncode]
        return text, seconds, extra
    return run


def airgap_has_option(airgap, option):
    proc = subprocess.run([airgap, "--help"], capture_output=True, text=True, env=ENV)
    return option in proc.stdout


def ppocr_installed(airgap, image, lang):
    """--engine ppocr falls back to Tesseract (and says so) without models."""
    proc = subprocess.run([airgap, "--engine", "ppocr", "--json", "-l", lang, image],
                          capture_output=True, text=True, env=ENV)
    return '"engine": "ppocr"' in proc.stdout


def choose_engines(args, rows):
    engines = {"tesseract-cli": run_tesseract_cli}
    if not os.access(args.airgap, os.X_OK):
        print("note: %s not found, only the tesseract command line is measured" % args.airgap)
        return engines
    tess = ["--engine", "tesseract"] if airgap_has_option(args.airgap, "--engine") else []
    engines["airgap-raw"] = airgap_runner(*tess, "--no-preprocess")
    engines["airgap"] = airgap_runner(*tess)
    if tess and rows:
        if ppocr_installed(args.airgap, rows[0]["image"], rows[0]["lang"]):
            engines["airgap-ppocr"] = airgap_runner("--engine", "ppocr")
            engines["airgap-auto"] = airgap_runner()
        else:
            print("note: PP-OCR's models are not installed; no ppocr/auto columns")
    if args.engines:
        wanted = args.engines.split(",")
        engines = {k: v for k, v in engines.items() if k in wanted}
    return engines


# ---------------------------------------------------------------- corpus

def read_manifest(folder):
    rows = corpus.read_manifest(folder)
    for row in rows:
        row["degradation"] = degradation(row)
    return rows


def degradation(row):
    """From the notes: "200 dpi + rot3" → rot3, "clean 300 dpi" → clean300;
    real photos and screenshots → real."""
    notes = row.get("notes", "")
    if row.get("category") == "real-public":
        return "real"
    m = re.search(r"\+\s*(\w+)", notes)
    if m:
        return m.group(1)
    m = re.match(r"clean (\d+) dpi", notes)
    if m:
        return "clean" + m.group(1)
    return "real"


FIXTURE_TEXT = {
    "eng": "It was the best of times, it was the worst of times,\n"
           "it was the age of wisdom, it was the age of foolishness,\n"
           "it was the epoch of belief, it was the epoch of incredulity,\n"
           "it was the season of Light, it was the season of Darkness.",
    "chi_sim": "清晨六点，城市还没有完全醒来。街角的早餐店已经亮起了灯，\n"
               "蒸笼里冒出白色的热气。骑着电动车的快递员从门口经过，\n"
               "顺手买了两个包子和一杯豆浆。",
}


def read_pgm(path):
    data = open(path, "rb").read()
    parts = data.split(maxsplit=4)
    width, height = int(parts[1]), int(parts[2])
    return width, height, bytearray(parts[4][: width * height])


def write_pgm(path, width, height, pixels):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (width, height))
        f.write(bytes(pixels))


def render_fixtures(folder):
    """A small corpus rendered with pango-view: clean, 3° skew, uneven
    light and both, for English and Simplified Chinese."""
    if shutil.which("pango-view") is None:
        sys.exit("No corpus and no pango-view (Debian: pango1.0-tools) to render one.")
    lines = ["id\tcategory\tlang\timage\tgt\tsource\tnotes"]
    fonts = {"eng": "DejaVu Serif 11", "chi_sim": "Noto Sans CJK SC 12"}
    prefix = {"eng": "english", "chi_sim": "chinese"}
    for lang, text in FIXTURE_TEXT.items():
        gt = "%s.gt.txt" % lang
        open(os.path.join(folder, gt), "w", encoding="utf-8").write(text + "\n")
        for kind, rotate, shade in (("clean200", 0, False), ("rot3", 3, False),
                                    ("light", 0, True), ("phone", 2.5, True)):
            name = "%s_%s.pgm" % (lang, kind)
            path = os.path.join(folder, name)
            subprocess.run(["pango-view", "-q", "--backend=ft2", "--font", fonts[lang],
                            "--dpi=200", "--margin=60", "--rotate=%g" % rotate,
                            "-o", path, "--text", text], check=True)
            if shade:
                width, height, px = read_pgm(path)
                for y in range(height):
                    for x in range(width):
                        light = 1.0 - 0.65 * (x / width + y / height) / 2 - 0.3 * y / height
                        px[y * width + x] = int(px[y * width + x] * max(0.0, light))
                write_pgm(path, width, height, px)
            category = "%s-%s" % (prefix[lang], "clean" if kind == "clean200" else "photo")
            notes = "clean 200 dpi" if kind == "clean200" else "200 dpi + %s" % kind
            lines.append("\t".join([name[:-4], category, lang, name, gt, "pango-view", notes]))
    open(os.path.join(folder, "manifest.tsv"), "w", encoding="utf-8").write("\n".join(lines) + "\n")


def find_corpus(explicit):
    return corpus.find_corpus(explicit, fallbacks=())


# ---------------------------------------------------------------- report

def summarize(rows, results, engines, markdown):
    groups = {}
    for row in rows:
        groups.setdefault(row["category"], []).append(row)
        groups.setdefault("%s: %s" % (row["category"], row["degradation"]), []).append(row)

    names = list(engines)
    width = max(len(k) for k in groups) + 2
    if markdown:
        print("| cases | n | " + " | ".join("%s median / worst" % n for n in names) + " |")
        print("| --- | --: | " + " | ".join("---" for _ in names) + " |")
    else:
        print("%-*s %3s  " % (width, "CER median/worst", "n") + "  ".join("%-15s" % n for n in names))
    for key in sorted(groups, key=lambda k: (k.split(":")[0], ":" in k, k)):
        members = groups[key]
        cells = []
        for name in names:
            values = [results[name][m["id"]]["cer"] for m in members]
            cells.append("%.3f / %.3f" % (statistics.median(values), max(values)))
        label = key if ":" not in key else "  " + key.split(": ")[1]
        if markdown:
            label = "**%s**" % key if ":" not in key else key.split(": ")[1]
            print("| %s | %d | %s |" % (label, len(members), " | ".join(cells)))
        else:
            print("%-*s %3d  " % (width, label, len(members)) + "  ".join("%-15s" % c for c in cells))

    print()
    for name in names:
        seconds = [results[name][r["id"]]["seconds"] for r in rows]
        line = "%-15s %.2f s per image (median %.2f)" % (name, sum(seconds) / len(seconds),
                                                          statistics.median(seconds))
        pp = sum(results[name][r["id"]]["extra"].get("pp_ms", 0) for r in rows)
        rec = sum(results[name][r["id"]]["extra"].get("rec_ms", 0) for r in rows)
        if pp > 0 and rec > 0:
            line += "; preprocessing %.0f ms per image = %.1f %% of recognition (%.0f ms)" % (
                pp / len(rows), 100.0 * pp / rec, rec / len(rows))
        errors = [r["id"] for r in rows if "error" in results[name][r["id"]]["extra"]]
        if errors:
            line += "; failed on %d: %s" % (len(errors), ", ".join(errors[:5]))
        print(line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="folder with manifest.tsv (default: $AIRGAP_CORPUS, ../shared/corpus)")
    parser.add_argument("--airgap", default=os.path.join(SOURCE_ROOT, "_build", "src", "cli", "airgap-ocr"),
                        help="the airgap-ocr to measure (default: _build/src/cli/airgap-ocr)")
    parser.add_argument("--fixtures", action="store_true", help="render a small corpus even if one is found")
    parser.add_argument("--filter", default="", help="only cases whose id matches this regular expression")
    parser.add_argument("--engines", default="", help="comma-separated subset of the columns")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every case")
    args = parser.parse_args()

    corpus.use_build(ENV, args.airgap)

    tmp = None
    folder = None if args.fixtures else find_corpus(args.corpus)
    if folder is None:
        tmp = tempfile.mkdtemp(prefix="airgap-bench-")
        print("note: no corpus found; rendering fixtures into %s" % tmp)
        render_fixtures(tmp)
        folder = tmp

    rows = [r for r in read_manifest(folder) if re.search(args.filter, r["id"])]
    if not rows:
        sys.exit("No case matches %r." % args.filter)
    engines = choose_engines(args, rows)
    print("corpus: %s (%d cases)" % (folder, len(rows)))

    results = {name: {} for name in engines}
    for row in rows:
        for name, run in engines.items():
            text, seconds, extra = run(row["image"], row["lang"], args)
            value = cer(text, row["truth"], row["lang"])
            results[name][row["id"]] = {"cer": value, "seconds": seconds, "extra": extra}
        if args.verbose:
            print("%-24s " % row["id"] + "  ".join(
                "%s %.3f %.1fs" % (n, results[n][row["id"]]["cer"], results[n][row["id"]]["seconds"])
                for n in engines), flush=True)

    summarize(rows, results, engines, args.markdown)
    if tmp:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
