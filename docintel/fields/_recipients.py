"""Placeholder: filled in by issue 2."""

from __future__ import annotations

from .._model import Document


def extract_recipients(doc: Document) -> None:
    return None
