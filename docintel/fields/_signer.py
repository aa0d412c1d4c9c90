"""Placeholder: filled in by issue 2."""

from __future__ import annotations

from .._model import Document


def extract_signer(doc: Document) -> None:
    return None
