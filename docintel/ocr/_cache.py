"""A cache of OCR results keyed by the page image's hash, so re-ingesting does not OCR again."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ._tesseract import LANG, PSM, OCRPage

if TYPE_CHECKING:
    from PIL.Image import Image

FORMAT = "3"  # bump when what is stored changes (raw Tesseract lines since 2; the page's turn since 3)


def image_key(image: Image, engine_version: str) -> str:
    """sha256 of the pixels plus everything that changes the OCR result."""
    h = hashlib.sha256()
    h.update(f"{FORMAT}|{engine_version}|{LANG}|{PSM}|{image.mode}|{image.size}".encode())
    h.update(image.tobytes())
    return h.hexdigest()


@dataclass
class PageCache:
    """One JSON file per page under ``root`` (None disables caching)."""

    root: Path | None

    @classmethod
    def default(cls) -> PageCache:
        env = os.environ.get("DOCINTEL_OCR_CACHE")
        if env == "off":
            return cls(None)
        if env:
            return cls(Path(env))
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return cls(Path(base) / "docintel" / "ocr")

    def _path(self, key: str) -> Path | None:
        return None if self.root is None else self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> OCRPage | None:
        p = self._path(key)
        if p is None or not p.is_file():
            return None
        try:
            return OCRPage.from_json(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AssertionError):
            return None  # a damaged entry is a miss, never an error

    def put(self, key: str, page: OCRPage) -> None:
        p = self._path(key)
        if p is None:
            return
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            tmp = p.with_suffix(".tmp")
            tmp.write_text(json.dumps(page.to_json(), ensure_ascii=False), encoding="utf-8")
            tmp.replace(p)
        except OSError:
            pass  # a read-only cache directory only costs speed


__all__ = ["PageCache", "image_key"]
