#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# build-aux/soname.py LIBDIR NAME
#
# Prints the soname of LIBDIR/libNAME.so (its DT_SONAME, read from the ELF
# file the development symlink points at): meson.build asks it for the
# libraries Airgap opens on first use instead of linking, so that they
# are opened by the name the build was made against (libzip.so.4 on
# Debian 12, libzip.so.5 on 13).  64- and 32-bit ELF, either byte order.

import struct
import sys


def dynamic_strings(path, wanted):
    """The string values of the dynamic entries of @path tagged @wanted
    (1 DT_NEEDED, 14 DT_SONAME), in order."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:4] != b'\x7fELF':
        raise ValueError(f'{path} is not an ELF file')
    wide = data[4] == 2
    order = '<' if data[5] == 1 else '>'
    if wide:
        e_shoff, = struct.unpack_from(order + 'Q', data, 0x28)
        e_shentsize, e_shnum = struct.unpack_from(order + 'HH', data, 0x3A)
    else:
        e_shoff, = struct.unpack_from(order + 'I', data, 0x20)
        e_shentsize, e_shnum = struct.unpack_from(order + 'HH', data, 0x2E)

    sections = []
    for i in range(e_shnum):
        at = e_shoff + i * e_shentsize
        if wide:
            _, kind, _, _, offset, size, link, _, _, _ = struct.unpack_from(order + 'IIQQQQIIQQ', data, at)
        else:
            _, kind, _, _, offset, size, link, _, _, _ = struct.unpack_from(order + 'IIIIIIIIII', data, at)
        sections.append((kind, offset, size, link))

    found = []
    for kind, offset, size, link in sections:
        if kind != 6:  # SHT_DYNAMIC
            continue
        strings = sections[link][1]
        step = 16 if wide else 8
        for at in range(offset, offset + size, step):
            tag, value = struct.unpack_from(order + ('qQ' if wide else 'iI'), data, at)
            if tag == 0:
                break
            if tag == wanted:
                end = data.index(b'\0', strings + value)
                found.append(data[strings + value:end].decode())
    return found


def soname(path):
    names = dynamic_strings(path, 14)
    if not names:
        raise ValueError(f'{path} has no soname')
    return names[0]


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: soname.py LIBDIR NAME')
    print(soname(f'{sys.argv[1]}/lib{sys.argv[2]}.so'))
