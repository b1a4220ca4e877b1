#!/usr/bin/python3
# auto-language.py — the automatic choice of languages against the right
# languages chosen by hand, on every image of a corpus
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reads every image of a corpus (manifest.tsv, see /work/shared/corpus)
twice with airgap-ocr: without -l (the automatic choice) and with the
manifest's language (-l chi_tra, …), under LANG=C.UTF-8 as a newcomer on
an English desktop would (--locale zh_CN.UTF-8: on a Chinese desktop).  Prints per category the median and worst
character error rate of both, the worst difference, the cases where the
automatic choice reads more than 0.01 worse (the target: none but
vertical), what it chose, and what the choice costs in time.  Not a unit
test: it takes minutes.

    nice tests/bench/auto-language.py                  # $AIRGAP_CORPUS or ../shared/corpus
    nice tests/bench/auto-language.py --filter zht --verbose --markdown"""

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cer import cer  # noqa: E402
from corpus import SOURCE_ROOT, find_corpus, read_manifest, use_build  # noqa: E402
ENV = dict(os.environ, OMP_THREAD_LIMIT="1", LANG="C.UTF-8", LANGUAGE="", LC_ALL="C.UTF-8",
           G_MESSAGES_DEBUG="Airgap")
CHOSEN_RE = re.compile(r"Automatic languages: (\S+), chosen in ([\d.]+) ms")
TARGET = 0.01


def run_airgap(airgap, image, lang):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.txt")
        args = [airgap] + (["-l", lang] if lang else []) + ["-o", out, image]
        start = time.monotonic()
        proc = subprocess.run(args, capture_output=True, text=True, env=ENV)
        seconds = time.monotonic() - start
        text = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
    chosen = CHOSEN_RE.findall(proc.stdout + proc.stderr)
    return text, seconds, chosen, proc.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="folder with manifest.tsv")
    parser.add_argument("--airgap", default=os.path.join(SOURCE_ROOT, "_build", "src", "cli", "airgap-ocr"))
    parser.add_argument("--filter", default="", help="only cases whose id matches this regular expression")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--locale", default="C.UTF-8",
                        help="the desktop's locale, e.g. zh_CN.UTF-8 (default: an English desktop)")
    args = parser.parse_args()
    ENV.update(LANG=args.locale, LC_ALL=args.locale)

    use_build(ENV, args.airgap)

    folder = find_corpus(args.corpus)
    if folder is None:
        sys.exit("No corpus: give --corpus or set AIRGAP_CORPUS.")
    rows = [r for r in read_manifest(folder) if re.search(args.filter, r["id"])]
    print("corpus: %s (%d cases), LANG=%s" % (folder, len(rows), args.locale))

    results = {}
    for row in rows:
        hand_text, hand_s, _, _ = run_airgap(args.airgap, row["image"], row["lang"])
        auto_text, auto_s, chosen, rc = run_airgap(args.airgap, row["image"], None)
        result = {
            "hand": cer(hand_text, row["truth"], row["lang"]),
            "auto": cer(auto_text, row["truth"], row["lang"]),
            "hand_s": hand_s, "auto_s": auto_s,
            "chosen": "+".join(sorted(set(c[0] for c in chosen))) or ("exit %d" % rc),
            "choose_ms": sum(float(c[1]) for c in chosen),
        }
        results[row["id"]] = result
        if args.verbose:
            print("%-26s %-13s hand %.3f  auto %.3f  %-14s choice %5.0f ms  %.1f s / %.1f s" % (
                row["id"], row["lang"], result["hand"], result["auto"], result["chosen"],
                result["choose_ms"], result["hand_s"], result["auto_s"]), flush=True)

    groups = collections.OrderedDict()
    for row in rows:
        groups.setdefault("%s %s" % (row["category"], row["lang"]), []).append(row)

    if args.markdown:
        print("| category | n | hand CER median / worst | auto CER median / worst | worst auto − hand | chosen | choice ms (median) |")
        print("| --- | --: | --- | --- | --: | --- | --: |")
    for key, members in groups.items():
        res = [results[m["id"]] for m in members]
        hand = [r["hand"] for r in res]
        auto = [r["auto"] for r in res]
        worst = max(r["auto"] - r["hand"] for r in res)
        chosen = collections.Counter(r["chosen"] for r in res)
        chosen_text = ", ".join("%s ×%d" % (k, v) for k, v in chosen.most_common())
        ms = statistics.median(r["choose_ms"] for r in res)
        cells = (key, len(members), "%.3f / %.3f" % (statistics.median(hand), max(hand)),
                 "%.3f / %.3f" % (statistics.median(auto), max(auto)), "%+.3f" % worst, chosen_text, ms)
        if args.markdown:
            print("| %s | %d | %s | %s | %s | %s | %.0f |" % cells)
        else:
            print("%-28s %3d  hand %s  auto %s  worst diff %s  %s  choice %.0f ms" % cells)

    hand_total = sum(r["hand_s"] for r in results.values())
    auto_total = sum(r["auto_s"] for r in results.values())
    print()
    print("wall time: by hand %.1f s, automatic %.1f s (%.2f×); the choice itself %.0f ms per image (median)" % (
        hand_total, auto_total, auto_total / max(hand_total, 1e-9),
        statistics.median(r["choose_ms"] for r in results.values())))
    misses = [(row["id"], results[row["id"]]) for row in rows
              if results[row["id"]]["auto"] > results[row["id"]]["hand"] + TARGET]
    print("worse than by hand by more than %.2f: %s" % (TARGET, ", ".join(
        "%s (%.3f vs %.3f, %s)" % (i, r["auto"], r["hand"], r["chosen"]) for i, r in misses) or "none"))
    if any(row["category"] != "vertical" for row in rows
           if results[row["id"]]["auto"] > results[row["id"]]["hand"] + TARGET):
        sys.exit(1)


if __name__ == "__main__":
    main()
