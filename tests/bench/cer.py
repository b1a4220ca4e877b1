# cer.py — character error rate as the corpus README defines it
#
# Copyright 2026 The Airgap developers
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""NFKC; Latin: every run of white space is one space; Chinese (chi_*): all
white space removed; edit distance divided by the truth's length."""

import unicodedata


def normalize(text, lang):
    text = unicodedata.normalize("NFKC", text or "")
    if lang.startswith("chi_"):
        return "".join(text.split())
    return " ".join(text.split())


def levenshtein(a, b):
    """Edit distance, bit-parallel (Myers/Hyyrö) over Python integers."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    m = len(a)
    peq = {}
    for i, c in enumerate(a):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for c in b:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
    return score


def cer(recognized, truth, lang):
    r = normalize(recognized, lang)
    t = normalize(truth, lang)
    if not t:
        return 0.0 if not r else 1.0
    return levenshtein(r, t) / len(t)
