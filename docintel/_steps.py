"""Small pipeline steps that belong to no larger stage."""

from __future__ import annotations

from ._model import Document
from ._normalise import fold, normalise


def normalise_step(doc: Document) -> None:
    """Raw text → stored text (NFC, tone placement, whitespace) with its offset map."""
    mt = normalise(doc.text)
    if doc.raw_offsets:  # compose with an earlier map (e.g. from ingestion)
        prev = doc.raw_offsets
        doc.raw_offsets = [prev[i] if i < len(prev) else (prev[-1] if prev else 0) for i in mt.offsets]
    else:
        doc.raw_offsets = mt.offsets
    if doc.pages:
        doc.pages = [_remap(s, e, mt.offsets) for s, e in doc.pages]
    doc.text = mt.text
    doc.folded = fold(mt.text)


def _remap(start: int, end: int, offsets: list[int]) -> tuple[int, int]:
    """Raw page span → stored-text page span (offsets is sorted non-decreasing)."""
    import bisect

    return bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
