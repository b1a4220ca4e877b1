#!/usr/bin/python3
# bench.py — airgap-ocr against the tesseract command line, same inputs
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Not part of the unit tests.  Run from the source tree after building:
#
#     /usr/bin/python3 tests/bench/bench.py [--airgap-ocr _build/src/cli/airgap-ocr]
#                                           [--corpus DIR] [--runs 3]
#
# Every command runs with OMP_THREAD_LIMIT=1 (Tesseract is several times
# slower without it) and the same languages on both sides; each time is
# the median of --runs runs, wall clock, including process start and
# loading the language data, as a person running the command would see.
# The commands compared run in turn, round after round (airgap-ocr's
# ways of reading an input, then the other tool), so that a machine
# whose speed drifts from one minute to the next weighs on both alike.

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))

# (label, corpus id or path, languages)
IMAGES = [
    ('english-clean', 'en_dev1_clean300', None),
    ('chinese-clean', 'zh_dev2_clean300', None),
    ('real photo', 'gut_cn02', None),
    ('real scan', 'tess_phototest', None),
]
PDF_LANGUAGES = 'chi_sim+eng'
# Images also read with the automatic languages
AUTOMATIC = ('english-clean', 'chinese-clean')


def environment():
    env = dict(os.environ)
    env['OMP_THREAD_LIMIT'] = '1'
    env.pop('TESSDATA_PREFIX', None)
    return env


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(argv, env):
    """One way of reading an input: argv in env."""
    return (lambda tmp: [argv]), env


def in_turn(commands, runs):
    """commands: (steps, env) pairs, steps a function returning the list
    of argv to run one after the other in a fresh temporary folder.  Runs
    each in turn, round after round; returns each one's median wall-clock
    and CPU seconds, in order."""
    walls = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for _ in range(runs):
        for i, (steps, env) in enumerate(commands):
            with tempfile.TemporaryDirectory(prefix='airgap-bench-') as tmp:
                cpu = children_cpu()
                start = time.monotonic()
                for argv in steps(tmp):
                    subprocess.run(argv, env=env, check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                walls[i].append(time.monotonic() - start)
                cpus[i].append(children_cpu() - cpu)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus)]


def read_manifest(corpus):
    rows = {}
    with open(os.path.join(corpus, 'manifest.tsv'), newline='') as f:
        for row in csv.DictReader(f, delimiter='\t'):
            rows[row['id']] = row
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--airgap-ocr', default=os.path.join(SOURCE_ROOT, '_build', 'src', 'cli', 'airgap-ocr'))
    parser.add_argument('--corpus', default=os.environ.get('AIRGAP_CORPUS',
                                                           os.path.join(SOURCE_ROOT, '..', 'shared', 'corpus')))
    parser.add_argument('--runs', type=int, default=3)
    args = parser.parse_args()

    airgap = os.path.abspath(args.airgap_ocr)
    corpus = os.path.abspath(args.corpus)
    for tool in ('tesseract', 'pdftoppm', 'pdftotext'):
        if shutil.which(tool) is None:
            sys.exit(f'bench.py: {tool} is not installed')
    if not os.access(airgap, os.X_OK):
        sys.exit(f'bench.py: {airgap} is not built')
    if not os.path.isdir(corpus):
        sys.exit(f'bench.py: no corpus at {corpus} (set AIRGAP_CORPUS)')

    env = environment()
    # an uninstalled airgap-ocr finds PP-OCR's module and models in its build tree
    build = os.path.dirname(os.path.dirname(os.path.dirname(airgap)))
    if os.path.exists(os.path.join(build, 'src', 'core', 'libairgap-ppocr.so')):
        env.setdefault('AIRGAP_PPOCR_MODULE', os.path.join(build, 'src', 'core', 'libairgap-ppocr.so'))
        env.setdefault('AIRGAP_MODELS_DIR', os.path.join(build, 'ppocr-models'))
    # ... and its sandboxed reader, as an installed one does: without it
    # airgap-ocr would read in its own process and measure something else
    worker = os.path.join(build, 'src', 'worker', 'airgap-worker')
    if os.access(worker, os.X_OK):
        env.setdefault('AIRGAP_WORKER', worker)
    manifest = read_manifest(corpus)
    # Like for like: Tesseract on both sides, even where airgap-ocr would
    # choose PP-OCR for a photo.
    help_text = subprocess.run([airgap, '--help'], env=env, capture_output=True, text=True).stdout
    if '--engine' in help_text:
        airgap_cmd = [airgap, '--engine', 'tesseract']
    else:
        airgap_cmd = [airgap]
    rows = []

    print(f'# {os.cpu_count()} cores, OMP_THREAD_LIMIT=1, median of {args.runs} runs, load average '
          f'{os.getloadavg()[0]:.2f} at start', flush=True)

    for label, ident, languages in IMAGES:
        entry = manifest.get(ident)
        if entry is None:
            print(f'# {ident} is not in the corpus, skipped', flush=True)
            continue
        image = os.path.join(corpus, entry['image'])
        lang = languages or entry['lang']
        # -l, then the automatic languages (no -l) on an English desktop
        # and a Chinese page on a Chinese desktop, each against the
        # command line given the right language
        names = [f'{label} ({os.path.basename(image)}, {lang})']
        ways = [command(airgap_cmd + ['-l', lang, image], env)]
        if label in AUTOMATIC:
            names.append(f'{label} ({os.path.basename(image)}, Automatic)')
            ways.append(command(airgap_cmd + [image], dict(env, LANG='C.UTF-8', LANGUAGE='', LC_ALL='')))
            if lang.startswith('chi_'):
                names.append(f'{label} ({os.path.basename(image)}, Automatic, Chinese desktop)')
                ways.append(command(airgap_cmd + [image],
                                    dict(env, LANG='zh_CN.UTF-8', LANGUAGE='', LC_ALL='zh_CN.UTF-8')))
        *ours, theirs = in_turn(ways + [command(['tesseract', image, '-', '-l', lang], env)], args.runs)
        for i, name in enumerate(names):
            rows.append((name, 'tesseract' if i == 0 else f'tesseract -l {lang}', ours[i], theirs, '<= 1.00'))
            report(rows[-1])

    pdf = os.path.join(corpus, 'pdf', 'image_only.pdf')
    if os.path.exists(pdf):
        def tesseract_pages(tmp, pdf=pdf):
            steps = [['pdftoppm', '-r', '300', pdf, os.path.join(tmp, 'p')]]
            # pdftoppm names pages p-01.ppm … p-10.ppm; the list is made
            # after it ran, so build it lazily.
            return LazySteps(steps, tmp, PDF_LANGUAGES)

        ours, theirs = in_turn([command(airgap_cmd + ['-l', PDF_LANGUAGES, pdf], env),
                                (tesseract_pages, env)], args.runs)
        rows.append((f'10-page image-only PDF ({PDF_LANGUAGES})',
                     'pdftoppm -r 300 + tesseract per page', ours, theirs, '<= 0.52'))
        report(rows[-1])

    pdf = os.path.join(corpus, 'pdf', 'born_digital.pdf')
    if os.path.exists(pdf):
        ours, theirs = in_turn([command(airgap_cmd + ['-l', PDF_LANGUAGES, pdf], env),
                                command(['pdftotext', pdf, '-'], env)], args.runs)
        rows.append(('10-page PDF with a text layer', 'pdftotext', ours, theirs, '<= 3.00'))
        report(rows[-1])

    print()
    print(f'load average {os.getloadavg()[0]:.2f} at the end')
    print()
    print('| input | compared with | airgap-ocr wall (s) | other wall (s) | wall ratio | target '
          '| airgap-ocr CPU (s) | other CPU (s) | CPU ratio |')
    print('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for name, other, ours, theirs, target in rows:
        print(f'| {name} | {other} | {ours[0]:.2f} | {theirs[0]:.2f} | {ours[0] / theirs[0]:.2f} | {target} '
              f'| {ours[1]:.2f} | {theirs[1]:.2f} | {ours[1] / theirs[1]:.2f} |')


def report(row):
    name, _, ours, theirs, _ = row
    print(f'# {name}: wall {ours[0]:.2f} s vs {theirs[0]:.2f} s, '
          f'CPU {ours[1]:.2f} s vs {theirs[1]:.2f} s', flush=True)


class LazySteps:
    """Runs pdftoppm first, then one tesseract per page it produced."""

    def __init__(self, first, tmp, lang):
        self.first = first
        self.tmp = tmp
        self.lang = lang

    def __iter__(self):
        yield from self.first
        for name in sorted(os.listdir(self.tmp)):
            if name.endswith('.ppm'):
                yield ['tesseract', os.path.join(self.tmp, name), '-', '-l', self.lang]


if __name__ == '__main__':
    main()
