"""Placeholder: filled in by its issue."""

from __future__ import annotations

from ._model import Document


def extract_citations(doc: Document) -> None:
    return None
