#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-linked.py SOURCE_ROOT PROGRAM...
#
# The libraries Airgap opens on first use are not linked into its programs
# (DT_NEEDED): Tesseract and Poppler (Debian 13's link a network client,
# which must not be mapped before the seccomp filter is on: ag-tess-api.h),
# OpenCV (PP-OCR's module), and cairo, libzip and OpenCC (5 of the 9 ms the
# dynamic loader spent on each start of the command line).  Prints TAP.

import os
import sys

sys.path.insert(0, os.path.join(sys.argv[1], 'build-aux'))
from soname import dynamic_strings  # noqa: E402

OPENED_ON_FIRST_USE = ('libtesseract', 'libpoppler', 'libopencv', 'libcairo',
                       'libzip', 'libopencc', 'libcrypto', 'libcurl')


def main():
    programs = sys.argv[2:]
    print(f'1..{len(programs)}')
    failed = False
    for n, program in enumerate(programs, 1):
        needed = dynamic_strings(program, 1)
        linked = [lib for lib in needed if lib.startswith(OPENED_ON_FIRST_USE)]
        name = os.path.basename(program)
        if linked:
            failed = True
            print(f'not ok {n} - {name} links none of the libraries opened on first use')
            print(f'# linked: {", ".join(linked)}')
        else:
            print(f'ok {n} - {name} links none of the libraries opened on first use')
            print(f'# needs: {", ".join(needed)}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
