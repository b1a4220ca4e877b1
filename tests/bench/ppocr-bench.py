#!/usr/bin/python3
# ppocr-bench.py — Tesseract, PP-OCR and Airgap's automatic choice side by
# side on the shared corpus: character error rate per category, seconds per
# image and peak memory.
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from the source tree, after `sh build-aux/dev.sh test` set up the
# models in _build/ppocr-models):
#
#   nice /usr/bin/python3 tests/bench/ppocr-bench.py [--build _build]
#       [--corpus ../shared/corpus] [--category real-public ...]
#       [--engine tesseract --engine ppocr --engine auto] [--markdown]
#
# Engines: "tesseract" is the tesseract command line (OMP_THREAD_LIMIT=1,
# psm 3) as the reference; "ppocr" is tests/ppocr-read (the recogniser
# alone); "auto", "airgap-tesseract" and "airgap-ppocr" are airgap-ocr
# with --engine auto|tesseract|ppocr.  The CER is the corpus README's:
# NFKC, white space runs as one space for Latin text, no white space at all
# for Chinese.

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import unicodedata


def normalise(text, cjk):
    text = unicodedata.normalize('NFKC', text)
    if cjk:
        return re.sub(r'\s+', '', text)
    return re.sub(r'\s+', ' ', text).strip()


def distance(a, b):
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(recognised, truth, cjk):
    r = normalise(recognised, cjk)
    t = normalise(truth, cjk)
    if not t:
        return 0.0 if not r else 1.0
    return distance(r, t) / len(t)


def timed(argv, env):
    """Runs argv under /usr/bin/time -v: (stdout, rc, seconds, CPU seconds,
    peak KiB).  CPU seconds (user + system) say more than wall-clock time
    on a shared machine."""
    with tempfile.NamedTemporaryFile('r', suffix='.time') as log:
        proc = subprocess.run(['/usr/bin/time', '-v', '-o', log.name] + argv,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              env=env, timeout=600)
        report = log.read()
    seconds = peak = cpu = 0.0
    for line in report.splitlines():
        line = line.strip()
        if line.startswith(('User time (seconds)', 'System time (seconds)')):
            cpu += float(line.rsplit(' ', 1)[1])
        if line.startswith('Elapsed (wall clock) time'):
            value = line.rsplit(' ', 1)[1]
            parts = [float(p) for p in value.split(':')]
            seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
        elif line.startswith('Maximum resident set size'):
            peak = float(line.rsplit(' ', 1)[1])
    return proc.stdout.decode('utf-8', 'replace'), proc.returncode, seconds, cpu, peak


def command(engine, build, image, lang):
    if engine == 'tesseract':
        return ['tesseract', image, '-', '-l', lang]
    if engine == 'ppocr':
        return [os.path.join(build, 'tests', 'ppocr-read'), image]
    kind = {'auto': 'auto', 'airgap-tesseract': 'tesseract',
            'airgap-ppocr': 'ppocr'}[engine]
    return [os.path.join(build, 'src', 'cli', 'airgap-ocr'),
            '--engine', kind, '-l', lang, image]


def main():
    parser = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    top = os.path.dirname(os.path.dirname(here))
    parser.add_argument('--build', default=os.path.join(top, '_build'))
    parser.add_argument('--corpus', default=os.environ.get(
        'AIRGAP_CORPUS', os.path.join(top, '..', 'shared', 'corpus')))
    parser.add_argument('--category', action='append')
    parser.add_argument('--engine', action='append')
    parser.add_argument('--id', action='append', help='only these cases')
    parser.add_argument('--match', help='only cases whose id matches this regular expression')
    parser.add_argument('--markdown', action='store_true')
    parser.add_argument('--verbose', action='store_true')
    args = parser.parse_args()
    engines = args.engine or ['tesseract', 'ppocr']

    env = dict(os.environ)
    env['OMP_THREAD_LIMIT'] = '1'
    env.setdefault('AIRGAP_MODELS_DIR', os.path.join(args.build, 'ppocr-models'))
    env.setdefault('AIRGAP_PPOCR_MODULE', os.path.join(args.build, 'src', 'core', 'libairgap-ppocr.so'))
    env.setdefault('AIRGAP_WORKER', os.path.join(args.build, 'src', 'worker', 'airgap-worker'))
    env.setdefault('LC_ALL', 'C.UTF-8')

    rows = []
    with open(os.path.join(args.corpus, 'manifest.tsv'), encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        for line in f:
            rows.append(dict(zip(header, line.rstrip('\n').split('\t'))))
    if args.category:
        rows = [r for r in rows if r['category'] in args.category]
    if args.id:
        rows = [r for r in rows if r['id'] in args.id]
    if args.match:
        rows = [r for r in rows if re.search(args.match, r['id'])]

    results = {}   # (category, engine) → [(cer, seconds, peak)]
    for row in rows:
        image = os.path.join(args.corpus, row['image'])
        with open(os.path.join(args.corpus, row['gt']), encoding='utf-8') as f:
            truth = f.read()
        cjk = row['lang'].startswith('chi')
        # real Chinese photos get their own line: the mission's core case
        category = row['category']
        if category == 'real-public':
            category = 'real-public/' + ('chi' if cjk else 'eng')
        for engine in engines:
            text, rc, seconds, cpu, peak = timed(
                command(engine, args.build, image, row['lang']), env)
            value = cer(text, truth, cjk) if rc == 0 else 1.0
            results.setdefault((category, engine), []).append((value, seconds, peak, cpu))
            if args.verbose:
                print(f'{row["id"]:28} {engine:16} CER {value:.3f} '
                      f'{seconds:5.2f} s {cpu:5.2f} s CPU {peak / 1024:6.0f} MB',
                      file=sys.stderr)

    categories = sorted({c for c, _ in results})
    if args.markdown:
        print('| category | engine | n | median CER | mean CER | worst | s/image | CPU s/image | peak MB |')
        print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for category in categories:
        for engine in engines:
            values = results.get((category, engine))
            if not values:
                continue
            cers = [v[0] for v in values]
            secs = [v[1] for v in values]
            cpus = [v[3] for v in values]
            peak = max(v[2] for v in values) / 1024
            cells = (category, engine, len(values), statistics.median(cers),
                     statistics.mean(cers), max(cers), statistics.mean(secs),
                     statistics.mean(cpus), peak)
            if args.markdown:
                print('| %s | %s | %d | %.3f | %.3f | %.3f | %.2f | %.2f | %.0f |' % cells)
            else:
                print('%-22s %-16s n=%-3d median %.3f mean %.3f worst %.3f  %.2f s  %.2f s CPU  %.0f MB' % cells)


if __name__ == '__main__':
    main()
