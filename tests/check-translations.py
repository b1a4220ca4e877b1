#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Chinese translations are complete, valid and used.

TAP output. Checks, for every language in po/LINGUAS:
  - msgfmt --check passes (formats, plural forms, header);
  - nothing is untranslated or fuzzy;
  - every string of the current sources is translated (against a freshly
    made po/airgap.pot, which build-aux/dev.sh makes before the tests);
and that airgap-ocr --help comes out in Chinese under LANGUAGE=zh_CN.
"""

import os
import subprocess
import sys
import tempfile

top = sys.argv[1]
po = os.path.join(top, "po")
with open(os.path.join(po, "LINGUAS"), encoding="utf-8") as f:
    languages = [l.strip() for l in f if l.strip() and not l.startswith("#")]

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


for lang in languages:
    path = os.path.join(po, lang + ".po")
    run = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, path],
                         capture_output=True, text=True)
    stats = run.stderr.strip()
    check(f"{lang}: msgfmt --check", run.returncode == 0, stats)
    check(f"{lang}: fully translated", run.returncode == 0 and "untranslated" not in stats
          and "fuzzy" not in stats, stats)

    pot = os.path.join(po, "airgap.pot")
    if os.path.exists(pot):
        with tempfile.TemporaryDirectory() as tmp:
            merged = os.path.join(tmp, "merged.po")
            subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, path, pot],
                           check=True)
            missing = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", merged],
                                     capture_output=True, text=True, check=True).stdout
            ids = [l for l in missing.splitlines() if l.startswith("msgid ") and l != 'msgid ""']
            check(f"{lang}: every string of the sources is translated", not ids,
                  "; ".join(ids[:5]))

cli = os.environ.get("AIRGAP_OCR")
if cli:
    env = dict(os.environ, LANGUAGE="zh_CN", LANG="C.UTF-8", LC_ALL="")
    out = subprocess.run([cli, "--help"], capture_output=True, text=True, env=env).stdout
    check("LANGUAGE=zh_CN airgap-ocr --help is Chinese", "离线识别图片" in out and "退出状态" in out,
          out.splitlines()[1] if len(out.splitlines()) > 1 else out)
    env["LANGUAGE"] = "zh_TW"
    out = subprocess.run([cli, "--help"], capture_output=True, text=True, env=env).stdout
    check("LANGUAGE=zh_TW airgap-ocr --help is Traditional Chinese", "離線辨識" in out,
          out.splitlines()[1] if len(out.splitlines()) > 1 else out)

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
    if detail and not ok:
        print(f"# {detail}")
sys.exit(0 if all(ok for _n, ok, _d in results) else 1)
