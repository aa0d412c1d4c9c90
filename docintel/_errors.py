"""Every error and warning message of docintel, in one place (spaCy-style).

Library code raises the exception classes below with a message template from
:class:`Errors` or emits a :class:`Warnings` text into a document's ``warnings``
list. It never prints. The CLI turns :class:`DocintelError` into one line on
stderr naming the file and the reason, and a non-zero exit code.
"""

from __future__ import annotations

import re
from pathlib import Path


class Errors:
    """Templates for exception messages. Format with ``str.format``."""

    E001 = "file not found"
    E002 = "unsupported file type '{suffix}' (expected .txt, .md, .docx, .pdf or an image)"
    E003 = "empty file"
    E004 = "cannot decode text: {reason}"
    E005 = "not a text file: looks like {what}"
    E010 = "no text layer: scanned PDF, OCR needed (install Tesseract: apt-get install tesseract-ocr tesseract-ocr-vie)"
    E011 = "encrypted PDF: cannot read without a password"
    E012 = "broken PDF: {reason}"
    E013 = "broken DOCX: {reason}"
    E014 = "broken image: {reason}"
    E020 = "rules file {file}: {problems}"
    E030 = "OCR failed: {reason}"
    E031 = "Tesseract is not installed ({reason}); install it with: apt-get install tesseract-ocr tesseract-ocr-vie"
    E040 = "database error: {reason}"
    E041 = "search query error: {reason}"
    E042 = "no such document: {ref}"
    E043 = "no such task: {ref}"
    E044 = "ambiguous agency '{name}': candidates are {candidates}"
    E045 = "unknown agency '{name}'"
    E046 = "ambiguous document reference '{ref}': matches {candidates}; use the document id"
    E047 = "cannot watch {path}: {reason}"
    E048 = "no files match {pattern}"
    E049 = "cannot read folder: {reason}"
    E050 = "bad date '{value}': expected YYYY-MM-DD"
    E051 = "bad duration '{value}': expected e.g. 3d, 2w, 12h"
    E060 = "email delivery failed: {reason}"
    E061 = "no SMTP server configured: set DOCINTEL_SMTP_HOST (or use --dry-run)"
    E062 = "bad setting {name}='{value}'"
    E063 = "no email recipient: set DOCINTEL_SMTP_TO or pass --to ADDRESS"
    E064 = "bad task reference '{ref}': expected DOCID:TASKID or a task number"
    E065 = "unknown province '{name}'"
    E066 = "ambiguous agency '{name}': the archive holds it in several provinces ({candidates}); name one with --province"
    E070 = "graph: {reason}"
    E071 = "graph: '{ref}' names several documents: {candidates}"
    E006 = "is a directory"
    E007 = "cannot read: {reason}"
    E015 = "errors must be 'strict' or 'replace', not {errors!r}"
    E016 = "character {ch!r} has no {encoding} code"
    E021 = "macro recursion too deep"
    E022 = "pipeline step {ref} is not callable"
    E080 = ("no archive at {path} (check --db / DATABASE_URL; "
            "'docintel ingest' or 'docintel db upgrade' creates one)")
    E081 = "cannot write: {reason}"
    E082 = "no dispatches in this folder (.txt, .md, .docx, .pdf or images)"
    E083 = "bad time zone DOCINTEL_TZ='{value}': expected an IANA name such as Asia/Ho_Chi_Minh"
    E084 = "text file too large: {size:.1f} MB (limit {limit:g} MB; raise DOCINTEL_MAX_TEXT_MB to read it)"
    E085 = "not a scan: '{suffix}' has no page images to OCR (expected .pdf or an image: {images}); read it with docintel parse"
    E086 = "unsupported image format: the file is {what}; scans are read from {formats} (save or export it as one of those)"
    E087 = "an animated image ({frames} frames) is not a scanned page; save the pages as a multi-page .tif or a .pdf"
    E088 = ("'{ref}' has no year and names several documents: {candidates}; "
            "give the number with its year or use the document id")


class Warnings:
    """Texts added to a parsed document's ``warnings`` list."""

    W001 = "legacy {encoding} encoding detected and converted to Unicode"
    W002 = "text decoded as {encoding}"
    W003 = "text had mixed Unicode forms (NFD/NFC); normalised to NFC"
    W010 = "no Số: line"
    W011 = "number left blank on the page (e-signed copy?)"
    W012 = "date has no day"
    W013 = "date has no month"
    W014 = "no place-and-date line"
    W015 = "no issuer in the header; taken from the body"
    W016 = "no issuer found"
    W017 = "no subject found"
    W018 = "no signer found"
    W019 = "number partly unreadable: {text}"
    W021 = "date taken from the digital-signature time where the page is unreadable"
    W023 = "date month {month} is before the date {cited} of a document it cites; only the year is kept"
    W022 = "no document type found"
    W020 = "digital signature stamp found: {signed_by}"
    W030 = "OCR page {page}: low confidence {confidence:.2f}"
    W031 = "OCR: field '{field}' is low-confidence; check it against the scan"
    W032 = "OCR: {field} read from handwriting by a second engine; check it against the scan"
    W033 = "OCR: {field} reads {value!r} but a second engine reads {second!r} there; check it against the scan"
    W034 = "OCR: date {date} is after the digital signature's time {signed}; check the date against the scan"
    W035 = "OCR: {field} reads {value!r}, but the engines disagree ({readings}); check it against the scan"
    W036 = "OCR: {field} read from pen strokes as {value!r} ({readings}); check it against the scan"
    W037 = ("OCR: {field} read from pen strokes as {value!r}, backed only by the letters a print-trained "
            "engine reads for those pen forms ({readings}); check it against the scan")
    W038 = "OCR: the number's symbol {symbol!r} was lost and is taken from a second engine's {read!r}; check it against the scan"
    W039 = "date unreadable: only its year {year} is known, from the number's year of issue"
    W040 = "PDF page {page} has no text layer"
    W041 = "PDF page {page}: ruled table not recognised ({reason}); its text is read line by line"
    W042 = "{file}: {count} of {total} pages could not be read and are left out of the text: {missing}"


class DocintelError(Exception):
    """Base class of every error docintel raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.reason = message
        self.path = str(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class InputError(DocintelError):
    """A file could not be read: missing, unsupported, broken, encrypted, scanned."""


class ScannedPDFError(InputError):
    """A PDF has no usable text layer and OCR is unavailable or disabled."""


class RulesError(DocintelError):
    """A rules file is malformed; the message lists every problem with file and rule."""


class StoreError(DocintelError):
    """The archive could not be read or written."""


class QueryError(DocintelError):
    """A user's search query or filter is malformed."""


class OCRError(DocintelError):
    """OCR could not run or failed on a page."""


class DeliveryError(DocintelError):
    """A reminder could not be delivered (SMTP server unreachable, refused, misconfigured)."""


_REPR = re.compile(r"\s*<[^<>]*? at 0x[0-9a-fA-F]+>")


def without_reprs(message: str) -> str:
    """A third-party exception's message with its Python object reprs (``<… at 0x7f…>``) taken
    out, for a reason said in words: ``"cannot read <_io.BytesIO object at 0x7f3a>"`` → ``"cannot read"``."""
    return _REPR.sub("", message).strip()


__all__ = [
    "DeliveryError",
    "DocintelError",
    "Errors",
    "InputError",
    "OCRError",
    "QueryError",
    "RulesError",
    "ScannedPDFError",
    "StoreError",
    "Warnings",
    "without_reprs",
]
