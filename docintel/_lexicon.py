"""Vietnamese lexicon: the syllables of underthesea's Viet74K word list.

underthesea ships the list in its wheel (``corpus/data/Viet74K.txt``), so it works
offline. It is the authority for "is this a Vietnamese syllable?" — used to tell
OCR text from stamp and signature scribbles. When the file is missing, a
syllable-shape test (the one the legacy-encoding detector uses) stands in.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path

from ._normalise import nfc
from .ingest._legacy import is_syllable as well_formed


@cache
def syllables() -> frozenset[str]:
    """Every syllable (lower-case NFC) of the words in Viet74K; empty when unavailable."""
    return frozenset(syllable_entries())


def word_list() -> str:
    """The text of Viet74K as shipped (one word a line); "" when the list is unavailable."""
    try:
        # located, not imported: importing underthesea costs ~0.3 s a process and only its data is read
        spec = importlib.util.find_spec("underthesea")
        if spec is not None and spec.origin:
            return Path(spec.origin).with_name("corpus").joinpath("data", "Viet74K.txt").read_text(encoding="utf-8")
        return resources.files("underthesea").joinpath("corpus/data/Viet74K.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return ""


@cache
def syllable_entries() -> dict[str, int]:
    """Each syllable of Viet74K with the number of entries (words) it is part of: a rough
    commonness ("năm" 119, "nẫm" 1). Empty when the list is unavailable."""
    data = word_list()
    # one pass over the whole list (NFC and lower-casing it at once are the same as line by line)
    counts = Counter(chain.from_iterable(set(line.split()) for line in nfc(data).lower().replace("-", " ").splitlines()))
    return {part: n for part, n in counts.items() if part.isalpha()}


def is_syllable(token: str) -> bool:
    """True for a Vietnamese syllable ("nhận", "ĐIỀU"); shape test without the lexicon."""
    low = nfc(token).lower()
    lex = syllables()
    if lex:
        return low in lex
    return well_formed(low)


__all__ = ["is_syllable", "syllable_entries", "syllables", "word_list"]
