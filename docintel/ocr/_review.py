"""Pipeline step: flag extracted fields that sit on low-confidence OCR lines."""

from __future__ import annotations

import bisect

from .._errors import Warnings
from .._model import Document

FIELD_THRESHOLD = 0.80


def _spans(doc: Document) -> dict[str, tuple[int | None, int | None]]:
    out: dict[str, tuple[int | None, int | None]] = {}
    if doc.number:
        out["number"] = (doc.number.start, doc.number.end)
    if doc.date:
        out["date"] = (doc.date.start, doc.date.end)
    if doc.type_name:
        out["doc_type"] = (doc.type_name.start, doc.type_name.end)
    if doc.issuer.name:
        out["issuer"] = (doc.issuer.start, doc.issuer.end)
    if doc.subject:
        out["subject"] = (doc.subject.start, doc.subject.end)
    if doc.signer.name:
        out["signer"] = (doc.signer.start, doc.signer.end)
    for t in doc.tasks:
        if t.deadline and t.deadline.start is not None:
            out[f"task {t.id} deadline"] = (t.deadline.start, t.deadline.end)
    return out


def review_ocr(doc: Document) -> None:
    """Add a warning for every field whose text came from an OCR line below the threshold.

    Field spans index the stored text; ``doc.raw_offsets`` maps them back to the
    raw OCR text, where ``extras["ocr"]["lines"]`` holds each line's confidence.
    """
    ocr = doc.extras.get("ocr") if doc.source.ocr else None
    if not ocr or not doc.raw_offsets:
        return
    lines = ocr.get("lines") or []
    starts = [int(ln[0]) for ln in lines]
    low: list[str] = []
    for name, (s, e) in _spans(doc).items():
        if s is None or e is None or e <= s or s >= len(doc.raw_offsets):
            continue
        rs, re_ = doc.raw_offsets[s], doc.raw_offsets[min(e, len(doc.raw_offsets)) - 1]
        i = max(0, bisect.bisect_right(starts, rs) - 1)
        confs = []
        while i < len(lines) and int(lines[i][0]) <= re_:
            if int(lines[i][1]) >= rs:
                confs.append(float(lines[i][2]))
            i += 1
        if confs and min(confs) < FIELD_THRESHOLD:
            low.append(name)
            doc.warn(Warnings.W031.format(field=name))
    ocr["low_confidence_fields"] = low
    _check_date_against_signature(doc)


def _check_date_against_signature(doc: Document) -> None:
    """A document cannot be dated after its e-signature: such a date was misread (W034).

    Pen-filled days and months are where OCR goes wrong; the signing time of a
    digital signature, read exactly from the PDF, bounds the date from above.
    Only the precision both share is compared ("2026-05" against 2026-04-29).
    """
    ds = doc.digital_signature
    if doc.date is None or not doc.date.iso or ds is None or not ds.signed_at:
        return
    date, signed = doc.date.iso, ds.signed_at[:10]
    if date > signed[: len(date)]:
        doc.warn(Warnings.W034.format(date=date, signed=signed))


__all__ = ["review_ocr"]
