"""Pages of a file that could not be read: how a Document records them.

A scanner or a transfer can damage one page of a multi-page TIFF or PDF. Such a file
is still read: the other pages, in page order, and one warning (W042) naming the file,
the pages left out and why. The pages themselves keep their places (an empty span in
``Document.pages``, confidence 0.0 in ``page_confidence`` for a scan), and
``extras["missing_pages"]`` lists them for a program: ``[{"page": 2, "reason": …}]``.
"""

from __future__ import annotations

from .._errors import Warnings
from .._model import Document


def missing_warning(name: str, missing: dict[int, str], total: int) -> str:
    """W042: the file, how many of its pages were left out, and each one's reason.

    >>> missing_warning("scan.tif", {2: "the image data is damaged"}, 3)
    'scan.tif: 1 of 3 pages could not be read and are left out of the text: page 2 — the image data is damaged'
    >>> missing_warning("a.pdf", {2: "x", 4: "x", 5: "y"}, 5)
    'a.pdf: 3 of 5 pages could not be read and are left out of the text: pages 2, 4 — x; page 5 — y'
    """
    return Warnings.W042.format(file=name, count=len(missing), total=max(total, *missing), missing=describe(missing))


def describe(missing: dict[int, str]) -> str:
    """Unread pages grouped by reason: ``pages 1, 3 — the image data is damaged; page 2 — …``."""
    by_reason: dict[str, list[int]] = {}
    for k in sorted(missing):
        by_reason.setdefault(missing[k], []).append(k)
    return "; ".join(("page " if len(ks) == 1 else "pages ") + ", ".join(map(str, ks)) + f" — {reason}"
                     for reason, ks in by_reason.items())


def note_missing(doc: Document, missing: dict[int, str], total: int) -> None:
    """Record the unread pages on ``doc``: ``extras["missing_pages"]`` and one W042 warning."""
    if not missing:
        return
    doc.extras["missing_pages"] = [{"page": k, "reason": missing[k]} for k in sorted(missing)]
    doc.warn(missing_warning(doc.source.path, missing, total))


__all__ = ["describe", "missing_warning", "note_missing"]
