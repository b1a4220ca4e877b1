#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Chinese translations are complete, valid and used.

TAP output. Checks, for every language in po/LINGUAS:
  - msgfmt --check passes (formats, plural forms, header);
  - nothing is untranslated or fuzzy;
  - every string of the current sources is translated (against a freshly
    made po/airgap.pot, which build-aux/dev.sh makes before the tests);
and that airgap-ocr --help comes out in Chinese under LANGUAGE=zh_CN (and
LANG=zh_CN.UTF-8 where it is installed) and in Traditional under zh_TW.
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


def messages_locale(lang):
    """LANG for messages in lang: its own locale where it is installed
    (build-aux/dev.sh generates zh_CN.UTF-8 and zh_TW.UTF-8).  glibc 2.39
    (Debian 13; Debian's 2.37-9 already) ignores LANGUAGE under C.UTF-8 as
    under C; glibc 2.36 (Debian 12) still read it there."""
    try:
        have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    except OSError:
        have = []
    wanted = lang.lower() + ".utf8"
    return next((l for l in have if l.lower().replace("-", "") == wanted), "C.UTF-8")


cli = os.environ.get("AIRGAP_OCR")
if cli:
    for lang, name, ok_if in (("zh_CN", "Chinese", lambda out: "离线识别图片" in out and "退出状态" in out),
                              ("zh_TW", "Traditional Chinese", lambda out: "離線辨識" in out)):
        env = dict(os.environ, LANGUAGE=lang, LANG=messages_locale(lang), LC_ALL="")
        env.pop("LC_MESSAGES", None)
        out = subprocess.run([cli, "--help"], capture_output=True, text=True, env=env).stdout
        lines = out.splitlines()
        check(f"LANGUAGE={lang} LANG={env['LANG']} airgap-ocr --help is {name}", ok_if(out),
              (lines[1] if len(lines) > 1 else out) +
              ("" if env["LANG"] != "C.UTF-8" else
               f" ({lang}.UTF-8 is not installed, and glibc 2.39 ignores LANGUAGE under C.UTF-8)"))

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
    if detail and not ok:
        print(f"# {detail}")
sys.exit(0 if all(ok for _n, ok, _d in results) else 1)
