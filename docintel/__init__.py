"""docintel: document intelligence for Vietnamese official dispatches.

A few public verbs:

>>> from docintel import parse_text, to_contract
>>> doc = parse_text("Số: 88-BC/BCS\\nĐiện Biên, ngày 24 tháng 5 năm 2021\\n")
>>> to_contract(doc)["date"]
'2021-05-24'

``parse(path)`` reads a .txt/.md/.docx/.pdf (or a scan, with OCR) and runs the
named pipeline (:func:`default_pipeline`); ``to_contract`` gives the
``docintel.parse/1`` record. The store, search, reminders and the citation graph
live in :mod:`docintel.store`, :mod:`docintel.remind` and :mod:`docintel.graph`.
"""

from __future__ import annotations

from pathlib import Path

from ._errors import (
    DocintelError,
    Errors,
    InputError,
    OCRError,
    QueryError,
    RulesError,
    ScannedPDFError,
    StoreError,
    Warnings,
)
from ._export import SCHEMA, to_contract, to_text
from ._model import (
    Assignee,
    Block,
    Citation,
    DateValue,
    Deadline,
    DigitalSignature,
    Document,
    Issuer,
    Line,
    Number,
    Recipient,
    Segments,
    Signer,
    Source,
    Task,
    TextValue,
)
from ._normalise import fold, fold_key, normalise
from ._pipeline import Pipeline, default_pipeline

__version__ = "0.1.0"


def parse(path: str | Path, *, pipeline: Pipeline | None = None, ocr: bool = True, timed: bool = False) -> Document:
    """Read and parse one file. Raises :class:`InputError` (naming the file) when it cannot be read."""
    from .ingest import read

    doc = read(path, ocr=ocr)
    return (pipeline or default_pipeline()).run(doc, timed=timed)


def parse_bytes(
    data: bytes, *, name: str, suffix: str | None = None, pipeline: Pipeline | None = None, ocr: bool = True
) -> Document:
    """Parse a file's bytes already in memory; ``suffix`` defaults to ``name``'s."""
    from .ingest import read_data

    doc = read_data(data, name=name, suffix=suffix or Path(name).suffix, ocr=ocr)
    return (pipeline or default_pipeline()).run(doc)


def parse_text(
    text: str, *, path: str = "<text>", format: str = "txt", pipeline: Pipeline | None = None, timed: bool = False
) -> Document:
    """Parse text already decoded (any Unicode form; it is normalised first)."""
    from .ingest import sha256_bytes

    data = text.encode("utf-8")
    doc = Document(text=text, source=Source(path, sha256_bytes(data), format, len(data), "utf-8"))
    return (pipeline or default_pipeline()).run(doc, timed=timed)


__all__ = [
    "SCHEMA",
    "Assignee",
    "Block",
    "Citation",
    "DateValue",
    "Deadline",
    "DigitalSignature",
    "DocintelError",
    "Document",
    "Errors",
    "InputError",
    "Issuer",
    "Line",
    "Number",
    "OCRError",
    "Pipeline",
    "QueryError",
    "Recipient",
    "RulesError",
    "ScannedPDFError",
    "Segments",
    "Signer",
    "Source",
    "StoreError",
    "Task",
    "TextValue",
    "Warnings",
    "default_pipeline",
    "fold",
    "fold_key",
    "normalise",
    "parse",
    "parse_bytes",
    "parse_text",
    "to_contract",
    "to_text",
]
