#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-flatpak.py SOURCE_ROOT — checks the Flatpak manifest without building
# it (the build machines have no network): it must not give the program any
# way to the network or to the user's files, every source must be pinned,
# and the application id must be the one the rest of the project uses.
# Prints TAP.

import hashlib
import json
import os
import re
import sys

SOURCE_ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
MANIFEST = os.path.join(SOURCE_ROOT, 'flatpak', 'io.github.airgapocr.Airgap.json')
README = os.path.join(SOURCE_ROOT, 'README.md')
# The README is short; what the Flatpak still lacks is in the installation
# guide it links to ("The Flatpak").
INSTALL = os.path.join(SOURCE_ROOT, 'docs', 'install.md')
DEBIAN_TESSDATA = '/usr/share/tesseract-ocr/5/tessdata'

# Modules the app needs whose source pin could not be verified without
# network access.  They are not in the manifest; the README says so and
# says who has to fill them in.  A module listed here may appear in the
# manifest with an unpinned source only while it stays documented.
KNOWN_GAPS = ['webp-pixbuf-loader', 'libheif', 'PP-OCR models']

LANGUAGES = ['eng', 'chi_sim', 'chi_tra', 'chi_sim_vert', 'chi_tra_vert', 'osd']

results = []


def check(name):
    def wrap(func):
        results.append((name, func))
        return func
    return wrap


def load_manifest():
    with open(MANIFEST, encoding='utf-8') as f:
        return json.load(f)


def all_modules(modules):
    for module in modules:
        if isinstance(module, str):
            raise AssertionError(f'module file {module!r}: keep every module in the one manifest')
        yield module
        yield from all_modules(module.get('modules', []))


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def read_user_docs():
    return read(README) + read(INSTALL)


@check('the manifest is valid JSON with the GNOME 50 runtime')
def _():
    m = load_manifest()
    assert m['runtime'] == 'org.gnome.Platform', m['runtime']
    assert m['sdk'] == 'org.gnome.Sdk', m['sdk']
    assert m['runtime-version'] == '50', m['runtime-version']


@check('the application id matches meson.build and data/')
def _():
    m = load_manifest()
    app_id = m['app-id']
    meson = read(os.path.join(SOURCE_ROOT, 'meson.build'))
    ids = re.findall(r"^application_id = '([^']+)'", meson, re.M)
    assert ids == [app_id], f'meson.build says {ids}, the manifest {app_id}'
    data = os.path.join(SOURCE_ROOT, 'data')
    named = [n for n in os.listdir(data) if n.startswith('io.github.')]
    assert named, 'no file in data/ is named after the application id'
    for name in named:
        assert name.startswith(app_id + '.'), f'data/{name} is not named after {app_id}'
    for root, _dirs, files in os.walk(data):
        for name in files:
            if name.startswith('io.github.') and not name.startswith(app_id):
                raise AssertionError(f'{os.path.join(root, name)} is not named after {app_id}')
            # The AppStream id inside the metainfo, unless meson fills it in.
            if 'metainfo' in name or 'appdata' in name:
                ids = re.findall(r'<id>([^<]+)</id>', read(os.path.join(root, name)))
                for found in ids:
                    assert found == app_id or '@' in found, f'{name}: <id>{found}</id>'


@check('the command is the window binary meson builds')
def _():
    m = load_manifest()
    app_meson = read(os.path.join(SOURCE_ROOT, 'src', 'app', 'meson.build'))
    assert re.search(r"executable\('%s'" % re.escape(m['command']), app_meson), m['command']


@check('no network permission, at run time or at build time')
def _():
    m = load_manifest()
    text = read(MANIFEST)
    assert '--share=network' not in text, 'the manifest shares the network'
    args = m.get('finish-args', [])
    for arg in args:
        assert not arg.startswith('--share=network'), arg
        assert not arg.startswith('--device=all'), arg
        assert not arg.startswith('--socket=system-bus'), arg
        assert not arg.startswith('--socket=session-bus'), arg
        assert 'NetworkManager' not in arg, arg


@check('no access to the host file system (files come through the portals)')
def _():
    m = load_manifest()
    for arg in m.get('finish-args', []):
        assert not arg.startswith('--filesystem'), arg
        assert not arg.startswith('--persist'), arg


@check('the usual display permissions and OMP_THREAD_LIMIT=1')
def _():
    args = load_manifest().get('finish-args', [])
    for wanted in ['--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri',
                   '--env=OMP_THREAD_LIMIT=1']:
        assert wanted in args, f'{wanted} is missing'


@check('every archive and file is pinned by sha256, every git source by commit')
def _():
    readme = read_user_docs()
    for module in all_modules(load_manifest()['modules']):
        name = module['name']
        for source in module.get('sources', []):
            if isinstance(source, str):
                raise AssertionError(f'{name}: source file {source!r}: keep sources inline')
            kind = source.get('type')
            pinned = True
            if kind in ('archive', 'file'):
                if 'url' in source:
                    assert source['url'].startswith('https://'), f'{name}: {source["url"]}'
                    pinned = re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')) is not None
                else:
                    assert 'path' in source, f'{name}: a {kind} source without url or path'
            elif kind == 'git':
                assert source['url'].startswith('https://'), f'{name}: {source["url"]}'
                pinned = re.fullmatch(r'[0-9a-f]{40}', source.get('commit', '')) is not None
            elif kind == 'dir':
                assert name == 'airgap' and source['path'] == '..', f'{name}: dir {source}'
            elif kind in ('inline', 'patch', 'shell'):
                pass
            else:
                # extra-data, svn, bzr, script … would fetch what is not pinned here
                raise AssertionError(f'{name}: source type {kind!r} is not allowed')
            if not pinned:
                assert name in KNOWN_GAPS, f'{name}: {kind} source is not pinned'
                assert name in readme, f'{name}: unpinned and not documented in README.md or docs/install.md'


@check('the documented gaps are in the README or docs/install.md')
def _():
    readme = read_user_docs()
    for gap in KNOWN_GAPS:
        assert gap in readme, f'neither README.md nor docs/install.md says that {gap} still needs a pin'


@check('Tesseract and Poppler are built without their network clients')
def _():
    modules = {m['name']: m for m in all_modules(load_manifest()['modules'])}
    assert '--without-curl' in modules['tesseract'].get('config-opts', [])
    assert '-DENABLE_LIBCURL=OFF' in modules['poppler'].get('config-opts', [])


@check('the six languages are installed and checked against their pins')
def _():
    modules = {m['name']: m for m in all_modules(load_manifest()['modules'])}
    tessdata = modules['tessdata']
    commands = ' '.join(tessdata['build-commands'])
    for lang in LANGUAGES:
        assert f'{lang}.traineddata' in commands, f'{lang} is not installed'
    assert 'sha256sum -c tessdata.sha256' in commands
    git = [s for s in tessdata['sources'] if s['type'] == 'git']
    assert git and git[0]['url'].endswith('tesseract-ocr/tessdata_fast.git'), git
    sums = [s for s in tessdata['sources'] if s.get('dest-filename') == 'tessdata.sha256']
    assert sums, 'no tessdata.sha256'
    pinned = {}
    for line in sums[0]['contents'].splitlines():
        digest, name = line.split()
        pinned[name] = digest
    for lang in LANGUAGES[:-1]:
        assert f'{lang}.traineddata' in pinned, f'{lang} has no sha256'
    # Debian 12 installs the same files (PINS.md): compare with the real bytes.
    compared = 0
    for name, digest in pinned.items():
        path = os.path.join(DEBIAN_TESSDATA, name)
        if os.path.exists(path):
            with open(path, 'rb') as f:
                actual = hashlib.sha256(f.read()).hexdigest()
            assert actual == digest, f'{name}: the manifest says {digest}, {path} is {actual}'
            compared += 1
    return f'{compared} of {len(pinned)} checksums compared with {DEBIAN_TESSDATA}'


def main():
    print(f'1..{len(results)}')
    failed = 0
    for number, (name, func) in enumerate(results, start=1):
        try:
            note = func()
        except Exception as e:  # noqa: BLE001 — report any failure as a test failure
            failed += 1
            print(f'not ok {number} {name}')
            for line in f'{type(e).__name__}: {e}'.splitlines():
                print(f'# {line}')
        else:
            print(f'ok {number} {name}')
            if note:
                print(f'# {note}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
