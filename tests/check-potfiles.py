#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""po/POTFILES.in lists exactly the files with translatable strings.

A file missing from it leaves its strings untranslated without anyone
noticing; a listed file that no longer exists breaks the catalogue.
"""

import os
import re
import sys

top = sys.argv[1]
marks = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext)\s*\(|translatable="yes"|^_[A-Za-z]+=', re.M)

listed = []
with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            listed.append(line)

problems = []
for path in listed:
    if not os.path.exists(os.path.join(top, path)):
        problems.append(f"listed but missing: {path}")

if listed != sorted(listed):
    problems.append("po/POTFILES.in is not sorted")

for folder in ("src", "data"):
    for root, _dirs, files in os.walk(os.path.join(top, folder)):
        for name in files:
            if not name.endswith((".c", ".cpp", ".ui", ".in")):
                continue
            path = os.path.relpath(os.path.join(root, name), top)
            with open(os.path.join(top, path), encoding="utf-8", errors="replace") as f:
                text = f.read()
            if name.endswith(".c") or name.endswith(".cpp"):
                # Only gettext calls count, not the word in comments.
                text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
                found = re.search(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\(\s*"', text)
            elif name.endswith(".ui"):
                found = 'translatable="yes"' in text
            elif ".desktop." in name:
                found = re.search(r"^_?(Name|Comment|Keywords|GenericName)=", text, re.M)
            elif ".metainfo." in name or ".gschema." in name:
                found = re.search(r"<(summary|description|name|p|li|caption)\b", text)
            else:
                found = False
            if found and path not in listed:
                problems.append(f"has translatable strings but is not listed: {path}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
