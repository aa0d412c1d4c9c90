"""A second reading of the handwritten digits in the header: the number and the day/month.

Printed forms leave the running number after "Số:" and the day and month of the
place-date line blank, and a clerk fills them in by pen. Tesseract's Vietnamese
model reads those strokes as junk ("Số: †0% QĐ- -TTg", "ngày,94 tháng ({ năm 2026").
RapidOCR (PaddleOCR's detector and recogniser as ONNX, models shipped in the
wheel) has no Vietnamese marks but reads handwritten digits far better, so the
line's region is cropped from the page image and read again — only when a slot
is unreadable, and only digits that fit the slot are taken from it:

* number: a 1–5 digit group right after the "Số:" marker and right before a
  symbol that matches the one Tesseract read (Tesseract's symbol is kept);
* date: a day (1–31) after "ngay" and a month (1–12) after "thang", and only when
  the second reading's year equals Tesseract's.

A slot Tesseract read cleanly is never replaced, and only the slot text changes,
so the line stays Vietnamese. Without ``rapidocr_onnxruntime`` nothing happens.

A slot Tesseract read cleanly is still read a second time: pen digits can come
out as other clean digits ("115" → "445"). When the second reading does not show
the same digits in that slot, Tesseract's value is kept and the disagreement is
recorded (``action: "kept"``, warning W033) so the archivist checks that field.

>>> number_slot("Số: 2 † /2026/TT-BCT", "S6: 2 1 /2026/TT-BCT")
('Số: 21/2026/TT-BCT', '21')
>>> number_slot("Số: 445 /NQ-CP", "S6: AN5 /NQ-CP") is None  # Tesseract's digits are readable
True
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from .._normalise import fold
from ._tesseract import OCRLine, OCRPage

if TYPE_CHECKING:
    from PIL.Image import Image

HEADER_LINES = 14  # the Số and place-date lines sit in the first rows of page 1
SYMBOL_SIMILARITY = 75.0

# Tesseract's Số line: marker, slot, symbol (from the first "/", or a letter run with a hyphen)
_NUMBER_HEAD = re.compile(r"^\s*s[o0-9]?\s*[:;.]")  # on folded text
_NUMBER_REST = re.compile(r"^\s*(?P<slot>.*?)\s*(?P<sym>/.*|(?<![^\W\d_])[A-ZĐÐ][A-ZĐÐa-z]{0,9}\s*-.*)$")
_READABLE_SEQ = re.compile(r"\d{1,5}")
# the second reading: marker, digits (a pen's gap may split them), symbol
_SECOND_NUMBER = re.compile(r"^\W*s\S{0,2}\s*[:;.]?\s*(?P<digits>\d(?: ?\d){0,4}) *(?P<sym>/.*)$", re.I)

_PLACE_DATE = re.compile(r"^[^\d,]{2,40},\s*ngay")
_DAY = re.compile(r"ngay(?P<slot>.*?)th\w?ng")
_MONTH = re.compile(r"th\wng(?P<slot>.*?)nam")
_YEAR = re.compile(r"nam\s*[,.]?\s*(?P<year>\d{4})(?!\d)")
_SECOND_DAY = re.compile(r"ngay\s*[,.]?\s*(\d{1,2})(?!\d)")
_SECOND_MONTH = re.compile(r"th\w{1,2}ng\s*[,.]?\s*(\d{1,2})(?!\d)")


def _alnum(s: str) -> str:
    return "".join(c for c in fold(s.replace("Ð", "Đ")) if c.isalnum())


def _clean_symbol(sym: str) -> str:
    """Tesseract's symbol with OCR spacing undone: "QÐ- -TTg" → "QĐ-TTg", "TT- BCT" → "TT-BCT"."""
    sym = sym.replace("Ð", "Đ")
    sym = re.sub(r"\s*-[\s-]*", "-", sym)
    sym = re.sub(r"\s*/\s*", "/", sym)
    return sym.strip()


def split_number(text: str) -> tuple[str, str, str] | None:
    """A Số line as (marker, running-number slot, symbol); None for any other line."""
    head = _NUMBER_HEAD.match(fold(text))
    if not head:
        return None
    rest = _NUMBER_REST.match(text[head.end() :])
    if not rest:
        return None
    return text[: head.end()].strip(), rest["slot"], rest["sym"]


def number_slot(tesseract: str, second: str) -> tuple[str, str] | None:
    """The Số line with the running number from the second reading, or None.

    None when Tesseract's slot holds a clean 1–5 digit number, when the line is
    not a Số line, or when the second reading does not show digits right before
    a symbol matching Tesseract's.
    """
    parts = split_number(tesseract)
    if parts is None or _READABLE_SEQ.fullmatch(parts[1]):
        return None
    head, _slot, tess_sym = parts
    s = _SECOND_NUMBER.match(fold(second))
    if not s:
        return None
    if fuzz.ratio(_alnum(tess_sym), _alnum(s["sym"])) < SYMBOL_SIMILARITY:
        return None
    digits = s["digits"].replace(" ", "")
    sym = _clean_symbol(tess_sym)
    if not sym.startswith("/"):
        sym = "/" + sym
    return f"{head} {digits}{sym}", digits


def _readable(slot: str, top: int) -> bool:
    slot = slot.strip()
    return bool(re.fullmatch(r"\d{1,2}", slot)) and 1 <= int(slot) <= top


def date_slots(tesseract: str, second: str) -> tuple[str, dict[str, str]] | None:
    """The place-date line with day and/or month from the second reading, or None.

    Only unreadable slots (not a 1–2 digit day 1–31 / month 1–12) are filled, and
    only when both readings show the same year.
    """
    folded = fold(tesseract)
    if not _PLACE_DATE.match(folded):
        return None
    year = _YEAR.search(folded)
    day = _DAY.search(folded)
    month = _MONTH.search(folded, day.end() - 5 if day else 0)
    if not year or not day or not month:
        return None
    second_folded = fold(second)
    second_year = _YEAR.search(second_folded)
    if not second_year or second_year["year"] != year["year"]:
        return None
    taken: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    for name, m, pat, top in (("day", day, _SECOND_DAY, 31), ("month", month, _SECOND_MONTH, 12)):
        if _readable(m["slot"], top):
            continue
        got = pat.search(second_folded)
        if not got or not 1 <= int(got[1]) <= top:
            continue
        taken[name] = got[1]
        edits.append((m.start("slot"), m.end("slot"), got[1]))
    if not edits:
        return None
    text = tesseract
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start].rstrip() + f" {value} " + text[end:].lstrip()
    return text, taken


# ---------------------------------------------------------------------------
# the engine and the page


@dataclass
class SecondReading:
    """What the second engine changed on one line (kept in ``extras["ocr"]["second_reading"]``)."""

    name: str  # "number" or "date"
    slots: dict[str, str]
    before: str
    after: str
    read: str  # the second engine's text for the line
    action: str = "filled"  # "filled": an unreadable slot took the second reading; "kept": the readings differ
    second: str = ""  # for "kept": what the second engine shows in the slot
    engine: str = field(default_factory=lambda: engine_name())  # engine_name is defined below

    def to_json(self) -> dict[str, Any]:
        out = {"field": self.name, "slots": self.slots, "before": self.before, "after": self.after,
               "read": self.read, "action": self.action, "engine": self.engine}
        if self.second:
            out["second"] = self.second
        return out


_lock = threading.Lock()
_engine_state: dict[str, Any] = {}


def engine_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"rapidocr_onnxruntime {version('rapidocr_onnxruntime')}"
    except PackageNotFoundError:
        return "rapidocr_onnxruntime"


def engine() -> Any | None:
    """The RapidOCR engine, created once; None when rapidocr_onnxruntime is missing or disabled."""
    if os.environ.get("DOCINTEL_OCR_SECOND_READING") == "off":
        return None
    with _lock:
        if "engine" not in _engine_state:
            try:
                from rapidocr_onnxruntime import RapidOCR

                # no letterbox and no upscaling: a header line is read at its own size (~0.1 s)
                _engine_state["engine"] = RapidOCR(
                    width_height_ratio=-1, det_limit_type="max", det_limit_side_len=2000, print_verbose=False
                )
            except Exception:  # noqa: BLE001 - an optional enhancement: any failure means "not here"
                _engine_state["engine"] = None
        return _engine_state["engine"]


def read_region(image: Image, line: OCRLine) -> str:
    """RapidOCR's text for one line's region of the page, boxes on that line left to right."""
    import numpy as np

    eng = engine()
    if eng is None:
        return ""
    h = max(line.bottom - line.top, 1)
    pad_x, pad_y = h, int(h * 0.3)
    left, top = max(0, line.left - pad_x), max(0, line.top - pad_y)
    crop = image.crop((left, top, min(image.width, line.right + pad_x), min(image.height, line.bottom + pad_y)))
    try:
        result, _ = eng(np.asarray(crop.convert("RGB")), use_cls=False)
    except Exception:  # noqa: BLE001 - a failed second reading leaves Tesseract's line as it is
        return ""
    boxes = []
    for box, text, _score in result or []:
        ys = [p[1] for p in box]
        centre = (min(ys) + max(ys)) / 2
        if pad_y <= centre <= pad_y + h:  # a line above or below bled into the crop
            boxes.append((min(p[0] for p in box), str(text)))
    return " ".join(t for _, t in sorted(boxes))


def _slot_lines(page: OCRPage) -> list[tuple[int, str, bool]]:
    """(index, field, readable) of page 1's Số line and place-date line."""
    out: list[tuple[int, str, bool]] = []
    seen: set[str] = set()
    for i, ln in enumerate(page.lines[:HEADER_LINES]):
        text = ln.text
        if "number" not in seen:
            parts = split_number(text)
            if parts is not None:
                seen.add("number")
                out.append((i, "number", bool(_READABLE_SEQ.fullmatch(parts[1]))))
                continue
        if "date" not in seen and _PLACE_DATE.match(fold(text)):
            seen.add("date")
            folded = fold(text)
            day, month = _DAY.search(folded), _MONTH.search(folded)
            if _YEAR.search(folded) and day and month:
                out.append((i, "date", _readable(day["slot"], 31) and _readable(month["slot"], 12)))
    return out


def confirm_number(tesseract: str, second: str) -> dict[str, str] | None:
    """None when the second reading shows Tesseract's clean running number; else both values.

    >>> confirm_number("Số: 912/SCT-VP", "So: 912/SCT-VP") is None
    True
    >>> confirm_number("Số: 445 /NQ-CP", "S6: AN5 /NQ-CP")
    {'number': '445', 'second': 'AN5'}
    """
    parts = split_number(tesseract)
    if parts is None or not _READABLE_SEQ.fullmatch(parts[1]):
        return None
    s = _SECOND_NUMBER.match(fold(second))
    if s and s["digits"].replace(" ", "") == parts[1]:
        return None
    slot = split_number(second)
    return {"number": parts[1], "second": slot[1].strip() if slot else second.strip()}


def confirm_date(tesseract: str, second: str) -> dict[str, str] | None:
    """None when the second reading shows Tesseract's day and month; else both readings.

    >>> confirm_date("Hà Nội, ngày 29 tháng 4 năm 2026", "Ha Noi, ngay 29 thang 4 nam 2026") is None
    True
    >>> confirm_date("Hà Nội, ngày 29 tháng 4 năm 2026", "Ha Noi, ngay 29 thang H nam 2026")
    {'day': '29', 'month': '4', 'second': 'Ha Noi, ngay 29 thang H nam 2026'}
    """
    folded, second_folded = fold(tesseract), fold(second)
    day, month = _DAY.search(folded), _MONTH.search(folded)
    if not day or not month:
        return None
    d, m = day["slot"].strip(), month["slot"].strip()
    sd, sm = _SECOND_DAY.search(second_folded), _SECOND_MONTH.search(second_folded)
    if sd and sm and int(sd[1]) == int(d or -1) and int(sm[1]) == int(m or -1):
        return None
    return {"day": d, "month": m, "second": second.strip()}


def second_reading(page: OCRPage, image: Image) -> OCRPage:
    """Re-read page 1's unreadable number and day/month slots with RapidOCR (see the module doc)."""
    from ._correct import _relabel

    todo = _slot_lines(page)
    if not todo or engine() is None:
        return page
    for i, name, readable in todo:
        line = page.lines[i]
        read = read_region(image, line)
        if not read:
            continue
        if readable:
            differs = confirm_number(line.text, read) if name == "number" else confirm_date(line.text, read)
            if differs:
                second = differs.pop("second")
                page.second_reading.append(
                    SecondReading(name, differs, line.text, line.text, read, action="kept", second=second).to_json()
                )
            continue
        if name == "number":
            got = number_slot(line.text, read)
            if got:
                page.second_reading.append(SecondReading("number", {"number": got[1]}, line.text, got[0], read).to_json())
                page.lines[i] = _relabel(line, got[0])
        else:
            dgot = date_slots(line.text, read)
            if dgot:
                page.second_reading.append(SecondReading("date", dgot[1], line.text, dgot[0], read).to_json())
                page.lines[i] = _relabel(line, dgot[0])
    return page


__all__ = ["SecondReading", "confirm_date", "confirm_number", "date_slots", "engine", "number_slot", "read_region", "second_reading", "split_number"]
