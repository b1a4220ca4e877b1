#!/usr/bin/python3
# ab.py — two or more builds of airgap-ocr, and the tesseract command line,
# timed in turn on one image
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Runs each given airgap-ocr (a build before a change, the build after it,
…) and then the tesseract command line on IMAGE, round after round, so
that the shared machine's load weighs on all of them alike, and prints
the median and mean wall time of each.  The builds read in the same
process as the command line that starts them: a build's own worker is
the forked airgap-ocr (AIRGAP_WORKER is not needed), and PP-OCR's module
and models come from the environment (AIRGAP_PPOCR_MODULE,
AIRGAP_MODELS_DIR), the same for all.

    tests/bench/ab.py --runs 11 --desktop en IMAGE auto OLD/airgap-ocr NEW/airgap-ocr
    tests/bench/ab.py IMAGE "chi_sim --engine tesseract" _build/src/cli/airgap-ocr

LANGUAGES is passed to -l (words after the first are more options);
"auto" passes no -l, and tesseract is then not run.  --desktop en or zh
sets the locale, for the automatic languages' hint."""

import argparse
import os
import statistics
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--runs', type=int, default=9)
    parser.add_argument('--desktop', choices=['en', 'zh'], help='the desktop language (LANG)')
    parser.add_argument('image')
    parser.add_argument('languages', help='"auto", or -l\'s value and further options')
    parser.add_argument('builds', nargs='+', help='airgap-ocr programs')
    args = parser.parse_args()

    env = dict(os.environ, OMP_THREAD_LIMIT='1')
    if args.desktop == 'en':
        env.update(LANG='C.UTF-8', LANGUAGE='', LC_ALL='')
    elif args.desktop == 'zh':
        env.update(LANG='zh_CN.UTF-8', LANGUAGE='', LC_ALL='zh_CN.UTF-8')

    words = args.languages.split()
    commands = {}
    for build in args.builds:
        commands[build] = [build] + ([] if words == ['auto'] else ['-l'] + words) + [args.image]
    if words != ['auto']:
        commands['tesseract'] = ['tesseract', args.image, '-', '-l', words[0]]

    times = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            start = time.monotonic()
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[name].append(time.monotonic() - start)

    print(f'# {args.runs} rounds, load average {os.getloadavg()[0]:.2f} at the end')
    for name, walls in times.items():
        print(f'{name}: median {statistics.median(walls) * 1000:.1f} ms, mean {statistics.mean(walls) * 1000:.1f} ms')
    return 0


if __name__ == '__main__':
    sys.exit(main())
