"""Placeholder: the Nơi nhận / signature split lands here (issue 2)."""

from __future__ import annotations

from ._model import Document


def split_footer(doc: Document) -> None:
    return None
