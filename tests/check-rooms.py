#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-rooms.py SOURCE_ROOT — the core's rooms keep their arrows
# (src/core/DESIGN.md, "Rooms"): a file includes only headers of its own
# room and of the rooms below it, and no two modules of the core include
# each other, directly or round a loop.  A module is a .c/.cpp file and
# its header(s) of the same stem (ag-page.c, ag-page.h, ag-page-private.h).
# Prints TAP.

import os
import re
import sys

SOURCE_ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
CORE = os.path.join(SOURCE_ROOT, 'src', 'core')

# What each room may include, besides itself.
BELOW = {
    'model': set(),
    'document': {'model'},
    'layout': {'model', 'document'},
    'recognize': {'model', 'document', 'layout'},
    'export': {'model', 'document'},
    'capture': {'model', 'document'},
    'sandbox': {'model', 'document', 'layout', 'recognize', 'export'},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def room_of(relative):
    return relative.split('/')[0] if '/' in relative else None


def module_of(relative):
    stem = os.path.basename(relative)
    stem = re.sub(r'\.(c|cpp|h)$', '', stem)
    stem = re.sub(r'-private$', '', stem)
    return os.path.join(os.path.dirname(relative), stem)


def core_files():
    for root, _dirs, files in os.walk(CORE):
        for name in sorted(files):
            if name.endswith(('.c', '.cpp', '.h')):
                path = os.path.join(root, name)
                yield os.path.relpath(path, CORE), path


def main():
    wrong = []
    edges = {}
    for relative, path in core_files():
        with open(path, encoding='utf-8') as f:
            text = f.read()
        room = room_of(relative)
        for included in INCLUDE.findall(text):
            target = os.path.join(CORE, included)
            if not os.path.exists(target):
                continue    # config.h, generated headers
            to_room = room_of(included)
            if room is not None and to_room is not None and to_room != room \
                    and to_room not in BELOW.get(room, set()):
                wrong.append(f'{relative} includes {included}')
            a, b = module_of(relative), module_of(included)
            if a != b:
                edges.setdefault(a, set()).add(b)

    print('1..2')
    if wrong:
        print('not ok 1 - every include goes down the rooms')
        for w in wrong:
            print(f'# {w}')
    else:
        print('ok 1 - every include goes down the rooms')

    # Loops between modules: depth-first search for a back edge.
    loops = []
    state = {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                loops.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])

    if loops:
        print('not ok 2 - no two modules include each other')
        for loop in loops:
            print('# ' + ' -> '.join(loop))
    else:
        print('ok 2 - no two modules include each other')
    return 1 if wrong or loops else 0


if __name__ == '__main__':
    sys.exit(main())
