# corpus.py — what the benchmarks share: the corpus and the build they run
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shared corpus's manifest, where the corpus is, and the environment
an uninstalled airgap-ocr needs to find PP-OCR and its worker in its build
tree.  Imported by accuracy.py, auto-language.py, rotations.py and
resolution.py."""

import os

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_manifest(folder):
    """The rows of folder/manifest.tsv, each with the image's path and its
    ground truth ("image", "truth")."""
    rows = []
    with open(os.path.join(folder, "manifest.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if not line.strip():
                continue
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            row["image"] = os.path.join(folder, row["image"])
            row["truth"] = open(os.path.join(folder, row["gt"]), encoding="utf-8").read()
            rows.append(row)
    return rows


def find_corpus(explicit, fallbacks=("/work/shared/corpus",)):
    """The first of explicit, $AIRGAP_CORPUS, ../shared/corpus and
    fallbacks that holds a manifest.tsv, or None."""
    for folder in [explicit, os.environ.get("AIRGAP_CORPUS"),
                   os.path.join(SOURCE_ROOT, "..", "shared", "corpus"), *fallbacks]:
        if folder and os.path.exists(os.path.join(folder, "manifest.tsv")):
            return os.path.abspath(folder)
    return None


def use_build(env, airgap):
    """Points env at the PP-OCR module, its models and the worker beside
    airgap's build tree (an uninstalled airgap-ocr does not look there)."""
    build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(airgap))))
    if os.path.exists(os.path.join(build, "src", "core", "libairgap-ppocr.so")):
        env.setdefault("AIRGAP_PPOCR_MODULE", os.path.join(build, "src", "core", "libairgap-ppocr.so"))
        env.setdefault("AIRGAP_MODELS_DIR", os.path.join(build, "ppocr-models"))
    if os.access(os.path.join(build, "src", "worker", "airgap-worker"), os.X_OK):
        env.setdefault("AIRGAP_WORKER", os.path.join(build, "src", "worker", "airgap-worker"))
