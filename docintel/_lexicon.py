"""Vietnamese lexicon: the syllables of underthesea's Viet74K word list.

underthesea ships the list in its wheel (``corpus/data/Viet74K.txt``), so it works
offline. It is the authority for "is this a Vietnamese syllable?" — used to tell
OCR text from stamp and signature scribbles. When the file is missing, a
syllable-shape test (the one the legacy-encoding detector uses) stands in.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from ._normalise import nfc
from .ingest._legacy import is_syllable as well_formed


@cache
def syllables() -> frozenset[str]:
    """Every syllable (lower-case NFC) of the words in Viet74K; empty when unavailable."""
    return frozenset(syllable_entries())


@cache
def syllable_entries() -> dict[str, int]:
    """Each syllable of Viet74K with the number of entries (words) it is part of: a rough
    commonness ("năm" 119, "nẫm" 1). Empty when the list is unavailable."""
    try:
        data = resources.files("underthesea").joinpath("corpus/data/Viet74K.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    out: dict[str, int] = {}
    for line in data.splitlines():
        for part in set(re.split(r"[\s-]+", nfc(line).lower())):
            if part.isalpha():
                out[part] = out.get(part, 0) + 1
    return out


def is_syllable(token: str) -> bool:
    """True for a Vietnamese syllable ("nhận", "ĐIỀU"); shape test without the lexicon."""
    low = nfc(token).lower()
    lex = syllables()
    if lex:
        return low in lex
    return well_formed(low)


__all__ = ["is_syllable", "syllable_entries", "syllables"]
