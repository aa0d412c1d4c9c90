"""Ingestion: a file on disk → a :class:`~docintel.Document` holding its raw text.

One reader per format (``_txt``, ``_docx``, ``_pdf``; images and scanned PDFs go
to :mod:`docintel.ocr`). Each keeps the source's sha256. Errors are
:class:`~docintel.InputError` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .._errors import Errors, InputError
from .._model import Document, Source

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
SUFFIXES = set(TEXT_SUFFIXES) | {".docx", ".pdf"} | IMAGE_SUFFIXES
SCAN_FORMATS = ".pdf, .png, .jpg/.jpeg, .tif/.tiff, .bmp and .webp"  # for messages
# image formats a scan is not read from: named in the message, with the formats that are read
OTHER_IMAGES = {
    ".gif": "a GIF image",
    ".heic": "a HEIC/HEIF photo (the iPhone camera format)",
    ".heif": "a HEIC/HEIF photo (the iPhone camera format)",
    ".avif": "an AVIF image",
    ".jp2": "a JPEG 2000 image",
    ".jpx": "a JPEG 2000 image",
    ".jxl": "a JPEG XL image",
    ".svg": "an SVG drawing",
    ".ico": "an icon",
    ".psd": "a Photoshop file",
    ".dng": "a camera RAW photo",
    ".cr2": "a camera RAW photo",
    ".nef": "a camera RAW photo",
}


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Errors.E001, path=path) from None
    except IsADirectoryError:
        raise InputError(Errors.E006, path=path) from None
    except OSError as e:
        raise InputError(Errors.E007.format(reason=e.strerror or e), path=path) from None
    return data


def read(path: str | Path, *, ocr: bool = True) -> Document:
    """Read a file into a Document whose ``text`` is the raw extracted text.

    ``ocr`` allows scanned PDFs and images to be OCR'd (when Tesseract is present).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        if not p.exists():
            raise InputError(Errors.E001, path=p)
        if suffix in OTHER_IMAGES:
            raise _other_image(suffix, p)
        raise InputError(Errors.E002.format(suffix=suffix or "(none)"), path=p)
    data = read_bytes(p)
    if not data:
        raise InputError(Errors.E003, path=p)
    return read_data(data, name=str(path), suffix=suffix, ocr=ocr)


def read_data(data: bytes, *, name: str, suffix: str, ocr: bool = True) -> Document:
    """Like :func:`read` for bytes already in memory; ``suffix`` picks the reader."""
    suffix = suffix.lower()
    digest = sha256_bytes(data)
    if suffix in TEXT_SUFFIXES:
        from ._txt import read_text_bytes

        text, encoding, warnings = read_text_bytes(data, name=name)
        doc = Document(text=text, source=Source(name, digest, TEXT_SUFFIXES[suffix], len(data), encoding))
        doc.warnings.extend(warnings)
        return doc
    if suffix == ".docx":
        from ._docx import read_docx

        return read_docx(data, name=name, sha256=digest)
    if suffix == ".pdf":
        from ._pdf import read_pdf

        return read_pdf(data, name=name, sha256=digest, ocr=ocr)
    if suffix in IMAGE_SUFFIXES:
        from ..ocr import read_image

        return read_image(data, name=name, sha256=digest)
    if suffix in OTHER_IMAGES:
        raise _other_image(suffix, name)
    raise InputError(Errors.E002.format(suffix=suffix), path=name)


def _other_image(suffix: str, path: str | Path) -> InputError:
    """E086 for an image format scans are not read from (a GIF, an iPhone's HEIC photo)."""
    return InputError(Errors.E086.format(what=OTHER_IMAGES[suffix], formats=SCAN_FORMATS), path=path)


__all__ = ["IMAGE_SUFFIXES", "OTHER_IMAGES", "SCAN_FORMATS", "SUFFIXES", "TEXT_SUFFIXES", "read", "read_data", "sha256_bytes"]
