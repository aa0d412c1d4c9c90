"""Placeholder: page markers, running headers and stamps are removed here (issue 2)."""

from __future__ import annotations

from ._model import Document


def clean(doc: Document) -> None:
    return None
