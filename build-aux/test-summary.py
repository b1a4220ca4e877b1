#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the last line CI reads: 'N passed, N failed[, N skipped]'.

    test-summary.py TESTLOG.json [TESTLOG.json…]

Counts every test of every log given (meson's meson-logs/testlog.json),
so the normal build and the sanitizer build add up.  A log that is missing
(its build failed before any test ran) counts as one failure.
"""

import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as log:
            for line in log:
                line = line.strip()
                if not line:
                    continue
                result = json.loads(line).get("result")
                if result in ("OK", "EXPECTEDFAIL"):
                    passed += 1
                elif result == "SKIP":
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        print(f"{path}: no test log", file=sys.stderr)
        failed += 1

if len(sys.argv) < 2:
    failed += 1

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
