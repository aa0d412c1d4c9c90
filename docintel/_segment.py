"""Segmentation (placeholder until issue 2's segmenter lands): lines only."""

from __future__ import annotations

from ._model import Document, Line, Segments


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their spans in ``text``."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append(Line(text[pos:stop], pos, stop))
        if nl == -1:
            break
        pos = nl + 1
    return out


def segment(doc: Document) -> None:
    doc.segments = Segments()
