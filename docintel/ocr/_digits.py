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
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import fuzz

from .._normalise import fold
from .._rules import load
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


CharBox = tuple[str, int, int]  # a character and its x-range on the page ("" and -1, -1 for a gap)
_read_cache: dict[tuple[int, int, int, int, int], tuple[str, list[CharBox]]] = {}


def read_chars(image: Image, line: OCRLine) -> tuple[str, list[CharBox]]:
    """RapidOCR's text for one line's region and each character's x-range on the page.

    Boxes on the line are joined left to right with a space (a gap, without a
    box). The character ranges come from the recogniser's CTC steps, so they are
    approximate (a few pixels); they anchor the slots between printed words.
    """
    import numpy as np

    key = (id(image), line.left, line.top, line.right, line.bottom)
    if key in _read_cache:
        return _read_cache[key]
    eng = engine()
    if eng is None:
        return "", []
    h = max(line.bottom - line.top, 1)
    pad_x, pad_y = h, int(h * 0.3)
    left, top = max(0, line.left - pad_x), max(0, line.top - pad_y)
    crop = image.crop((left, top, min(image.width, line.right + pad_x), min(image.height, line.bottom + pad_y)))
    try:
        result, _ = eng(np.asarray(crop.convert("RGB")), use_cls=False, return_word_box=True)
    except Exception:  # noqa: BLE001 - a failed second reading leaves Tesseract's line as it is
        return "", []
    boxes: list[tuple[int, str, list[CharBox]]] = []
    for item in result or []:
        box, text = item[0], str(item[1])
        ys = [p[1] for p in box]
        centre = (min(ys) + max(ys)) / 2
        if not pad_y <= centre <= pad_y + h:  # a line above or below bled into the crop
            continue
        # with return_word_box: [box, text, score, char boxes, chars (spaces included), char scores]
        char_boxes = item[3] if len(item) > 4 and item[3] else []
        content = [str(c) for c in item[4]] if len(item) > 4 and item[4] else []
        if len(char_boxes) == len(content) and "".join(content) == text:
            chars = [
                ("", -1, -1) if c.isspace() else (c, left + int(min(p[0] for p in b)), left + int(max(p[0] for p in b)))
                for c, b in zip(content, char_boxes, strict=True)
            ]
        else:  # no usable character boxes: the text without positions
            chars = [(c, -1, -1) for c in text]
        boxes.append((min(p[0] for p in box), text, chars))
    boxes.sort(key=lambda b: b[0])
    text = " ".join(t for _, t, _ in boxes)
    joined: list[CharBox] = []
    for k, (_, _, chars) in enumerate(boxes):
        if k:
            joined.append(("", -1, -1))
        joined.extend(chars)
    _read_cache.clear()  # one line at a time: the cache only spares the reader a second run on the same line
    _read_cache[key] = (text, joined)
    return text, joined


def read_region(image: Image, line: OCRLine) -> str:
    """RapidOCR's text for one line's region of the page, boxes on that line left to right."""
    return read_chars(image, line)[0]


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
            if _NUMBER_HEAD.match(fold(text)):
                seen.add("number")  # "Số:" with its symbol lost: the second engine may have it
                out.append((i, "number", False))
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


# ---------------------------------------------------------------------------
# the third reading: a handwritten-digit reader on the slot's own pixels (``_handwriting``)

HAND_ENGINE = "docintel handwritten-digit reader (MNIST CNN, digits.npz)"
P_SURE = 0.80  # per glyph; on held-out MNIST, 93 % of digits pass it and 0.1-0.3 % of those are wrong
# (a score gate, not a calibrated probability: the network is under-confident, and dividing its logits
# by the fitted T = 0.61 lets wrong glyphs pass 0.80 that pass it now; scripts/eval_digits.py --calibration)
SLOT_LIMITS = {"number": (1, 5, 1, 99999), "day": (1, 2, 1, 31), "month": (1, 2, 1, 12)}
_MARKER = re.compile(r"^\W*s\S{0,2}\s*[:;.]")
_NGAY = re.compile(r"ngay")
_THANG = re.compile(r"th\w{1,2}ng")
_NAM = re.compile(r"nam\s*[,.]?\s*\d")


@dataclass(frozen=True)
class HandReading:
    """The handwriting reader's digits for one slot, with each glyph's probability."""

    digits: str
    probs: tuple[float, ...]

    @property
    def sure(self) -> bool:
        return bool(self.digits) and min(self.probs) >= P_SURE

    def __str__(self) -> str:
        return f"{self.digits} (p {'/'.join(f'{p:.2f}' for p in self.probs)})"


def _edge(chars: list[CharBox], i: int, side: str) -> int | None:
    """The page x of character i's right (side "r") or left ("l") edge; None without a box."""
    if not 0 <= i < len(chars) or chars[i][1] < 0:
        return None
    return chars[i][2] if side == "r" else chars[i][1]


def slot_ranges(name: str, text: str, chars: list[CharBox]) -> dict[str, tuple[int, int]]:
    """Page x-ranges of the slots between printed anchors in the second engine's reading.

    number: from the end of the "Số:" marker to the first "/"; day: between
    "ngày" and "tháng"; month: between "tháng" and "năm <year>". A slot whose
    anchors the second engine did not read (a stamp over the line) has no range.
    """
    folded = fold(text)
    if len(folded) != len(chars):
        return {}
    out: dict[str, tuple[int, int]] = {}
    if name == "number":
        m = _MARKER.match(folded)
        slash = folded.find("/", m.end()) if m else -1
        if m and slash > 0:
            lo, hi = _edge(chars, m.end() - 1, "r"), _edge(chars, slash, "l")
            if lo is not None and hi is not None and hi > lo:
                out["number"] = (lo, hi)
        return out
    ngay = _NGAY.search(folded)
    thang = _THANG.search(folded, ngay.end()) if ngay else None
    nam = _NAM.search(folded, thang.end()) if thang else None
    for slot, a, b in (("day", ngay, thang), ("month", thang, nam)):
        if a is None or b is None:
            continue
        lo, hi = _edge(chars, a.end() - 1, "r"), _edge(chars, b.start(), "l")
        if lo is not None and hi is not None and hi > lo:
            out[slot] = (lo, hi)
    return out


def read_hand(image: Image, line: OCRLine, lo: int, hi: int) -> HandReading:
    """The handwriting reader's digits for the page region x in [lo, hi] on ``line``.

    Glyphs are found on a wider crop (so a printed neighbour is whole, not cut
    into a digit-like stub) and kept when their centre lies in the range and
    they are at least 40 % of the printed line's height (dots, commas and
    accents are not digits). Ink centred above or below the line's own rows
    (a stamp's frame, the next line) is no part of the slot.
    """
    import numpy as np

    from . import _handwriting

    if not _handwriting.available():
        return HandReading("", ())
    h = max(line.bottom - line.top, 1)
    left, top = max(0, lo - h), max(0, line.top - h // 2)
    crop = image.crop((left, top, min(image.width, hi + h), min(image.height, line.bottom + h // 2)))
    readings = _handwriting.read_slot(np.asarray(crop.convert("L")), line_height=h,
                                      band=(line.top - top, line.bottom - top))
    inside = [r for r in readings if lo <= left + (r.left + r.right) / 2 <= hi]
    tallest = max((r.bottom - r.top for r in inside), default=0)
    # a glyph as tall as 40 % of the line, or, where Tesseract's line box takes in more than
    # the line (a stamp below it), half the slot's tallest glyph and a quarter of the box
    kept = [
        r for r in inside
        if r.bottom - r.top >= 0.4 * h or r.bottom - r.top >= max(0.5 * tallest, 0.25 * h)
    ]
    return HandReading("".join(str(r.digit) for r in kept), tuple(r.prob for r in kept))


def plausible(slot: str, hand: HandReading) -> bool:
    """A sure reading of the right length and range for its slot (number, day or month)."""
    shortest, longest, low, high = SLOT_LIMITS[slot]
    return hand.sure and shortest <= len(hand.digits) <= longest and low <= int(hand.digits) <= high


@cache
def pen_shapes() -> dict[str, str]:
    """Letter → digit: what a print-trained engine reads for a pen digit (``rules/pen_digits.yaml``)."""
    out: dict[str, str] = {}
    for rule in load("pen_digits").rules:
        for c in str(rule.get("letters") or ""):
            out[c] = str(rule.get("digit"))
    return out


def backing(other: str, digits: str) -> str | None:
    """How another engine's slot text backs the handwriting reader's digits: "digits", "shapes" or None.

    The other reading must show as many characters as there are glyphs (the
    engines see the same segmentation). Each position is the reader's digit,
    a pen-shape letter of that digit (:func:`pen_shapes`: F for a crossed 7, h
    for an open 4), or another letter, which abstains ("AN5" backs "115" on its
    last digit). A different digit, or the shape letter of a different digit,
    contradicts. "digits": no contradiction and at least one digit agrees;
    "shapes": no digit at all, but every position is the shape of its digit
    ("FOF" for "707"); None otherwise.

    >>> backing("AN5", "115"), backing("FOF", "707"), backing("h", "4"), backing("S0", "70"), backing("F0", "707")
    ('digits', 'shapes', 'shapes', None, None)
    """
    other = "".join(other.split())
    if not digits or len(other) != len(digits):
        return None
    shapes = pen_shapes()
    for c, d in zip(other, digits, strict=True):
        if (c.isdigit() and c != d) or (c in shapes and shapes[c] != d):
            return None
    if any(c.isdigit() for c in other):
        return "digits"
    if all(shapes.get(c) == d for c, d in zip(other, digits, strict=True)):
        return "shapes"
    return None


def corroborates(other: str, digits: str) -> bool:
    """True when another engine's slot text backs the handwriting reader's digits (:func:`backing`).

    >>> corroborates("AN5", "115"), corroborates("445", "115"), corroborates("F0", "707"), corroborates("H", "4")
    (True, False, False, True)
    """
    return backing(other, digits) is not None


def decide(slot: str, tesseract: str, second: str, hand: HandReading) -> tuple[str, str | None]:
    """(action, value) for one slot from the three readings; see the rule below.

    * the reader is not sure (a glyph below ``P_SURE``, a wrong length or range): "none";
    * Tesseract's slot is clean digits and the reader reads the same: "confirmed";
    * the reader reads other digits and the second engine backs the reader with
      digits (:func:`backing` "digits"): "replaced" by the reader's value — two
      engines of three, one of them sure of every digit, the other contradicting none;
    * Tesseract's slot is unreadable and the second engine backs the reader,
      with digits or with the pen-shape letters of every digit ("FOF" for 707,
      "h" for an open 4): "filled";
    * otherwise "conflict": nothing changes, the archivist is warned with all readings.

    Shape letters fill only an unreadable slot: against Tesseract's clean digits
    they are a weaker claim than a digit, and a digit is never replaced on shapes.

    >>> decide("number", "445", "AN5", HandReading("115", (0.9, 0.9, 0.99)))
    ('replaced', '115')
    >>> decide("number", "445", "445", HandReading("115", (0.9, 0.9, 0.99)))
    ('conflict', None)
    >>> decide("month", "_", "h", HandReading("4", (0.93,)))
    ('filled', '4')
    >>> decide("month", "1", "h", HandReading("4", (0.93,)))
    ('conflict', None)
    """
    if not plausible(slot, hand):
        return "none", None
    t = "".join(tesseract.split())
    if t.isdigit() and int(t) == int(hand.digits):
        return "confirmed", hand.digits
    kind = backing(second, hand.digits)
    if kind == "digits":
        return ("replaced" if t.isdigit() else "filled"), hand.digits
    if kind == "shapes" and not t.isdigit():
        return "filled", hand.digits
    return "conflict", None


def _slot_texts(name: str, text: str) -> dict[str, str]:
    """Each slot's text in one engine's reading of the line, as read (case kept: B is not b).

    {} when the line has no such slots.
    """
    if name == "number":
        parts = split_number(text)
        if parts:
            return {"number": parts[1].strip()}
        m = _SECOND_NUMBER.match(fold(text))
        return {"number": m["digits"]} if m else {}
    folded = fold(text)
    day = _DAY.search(folded)
    month = _MONTH.search(folded, day.end() - 5 if day else 0)
    out = {}
    if day:
        out["day"] = text[day.start("slot") : day.end("slot")].strip(" ,.")
    if month:
        out["month"] = text[month.start("slot") : month.end("slot")].strip(" ,.")
    return out


def read_slot_text(image: Image, line: OCRLine, lo: int, hi: int) -> str:
    """The second engine's recogniser alone on one slot's pixels (x in [lo, hi], the line's rows).

    On the whole line its text detector may merge or drop a pen glyph ("F0" for
    a crossed 707); cut to the slot, the recogniser sees each glyph ("FOF").
    Only letters, digits and the pen-shape marks of :func:`pen_shapes` are kept.
    """
    import numpy as np

    eng = engine()
    if eng is None or hi <= lo:
        return ""
    crop = image.crop((max(0, lo), max(0, line.top), min(image.width, hi), min(image.height, line.bottom)))
    try:
        result, _ = eng(np.asarray(crop.convert("RGB")), use_det=False, use_cls=False)
    except Exception:  # noqa: BLE001 - a failed re-read is no reading
        return ""
    text = "".join(str(r[0]) for r in result or [])
    shapes = pen_shapes()
    return "".join(c for c in text if c.isalnum() or c in shapes)


class SlotReading(NamedTuple):
    """What the three readings give for one slot, and what :func:`decide` made of them."""

    action: str
    value: str | None
    hand: HandReading
    tesseract: str  # Tesseract's slot text
    second: str  # the second engine's slot text (with its slot re-read, when one was made)
    backing: str | None = None  # how the second engine backs the reader: "digits", "shapes", None


def third_reading(name: str, tesseract: str, second: str, chars: list[CharBox], image: Image | None,
                  line: OCRLine) -> dict[str, SlotReading]:
    """Per slot of the line: the readings and the decision (:class:`SlotReading`).

    The second engine's slot is its reading of the whole line; when that shows
    another number of characters than the reader found glyphs, the slot alone
    is read again (:func:`read_slot_text`) and that reading is used if its
    count matches (it is named "second engine" with the slot re-read marked).
    """
    if image is None or not chars:
        return {}
    tess, sec = _slot_texts(name, tesseract), _slot_texts(name, second)
    out = {}
    for slot, (lo, hi) in slot_ranges(name, second, chars).items():
        hand = read_hand(image, line, lo, hi)
        other = sec.get(slot, "")
        if plausible(slot, hand) and len("".join(other.split())) != len(hand.digits):
            again = read_slot_text(image, line, lo, hi)
            if len(again) == len(hand.digits):
                other = f"{again}"
                sec[slot] = f"{sec.get(slot, '')!s} → slot re-read {again}"
        action, value = decide(slot, tess.get(slot, ""), other, hand)
        out[slot] = SlotReading(action, value, hand, tess.get(slot, ""), sec.get(slot, ""), backing(other, hand.digits))
    return out


def _set_slot(name: str, text: str, slot: str, value: str) -> str | None:
    """The line with one slot's text replaced by ``value`` (None when the slot is not found)."""
    if name == "number":
        parts = split_number(text)
        if parts is None:
            return None
        sym = _clean_symbol(parts[2])
        return f"{parts[0]} {value}{sym if sym.startswith('/') else '/' + sym}"
    folded = fold(text)
    day = _DAY.search(folded)
    m = day if slot == "day" else _MONTH.search(folded, day.end() - 5 if day else 0)
    if m is None:
        return None
    return text[: m.start("slot")].rstrip() + f" {value} " + text[m.end("slot") :].lstrip()


@cache
def _type_codes() -> dict[str, str]:
    """Folded type code → the code as Appendix III writes it ("QD" → "QĐ"); a key two types share is left out."""
    out: dict[str, str] = {}
    clash: set[str] = set()
    for rule in load("doc_types").rules:
        mine: set[str] = set()
        for code in rule.get("codes") or []:
            key = fold(str(code)).upper()
            if key in mine:
                continue  # [NĐ, ND]: the first spelling is the rule's own
            mine.add(key)
            if key in out and out[key] != str(code):
                clash.add(key)
            out.setdefault(key, str(code))
    return {k: v for k, v in out.items() if k not in clash}


_SYMBOL = re.compile(r"^\s*/?\s*(?:(?P<year>\d{4})\s*/\s*)?(?P<parts>[^\W\d_]+(?:\s*-\s*[^\W\d_]+)+)\s*$")


def decree_symbol(symbol: str) -> str | None:
    """``symbol`` as a Decree-30 number symbol with its marks restored, or None when it is not one.

    A symbol is [year/]TYPE-ISSUER[-UNIT…]: the type an Appendix III code
    (``rules/doc_types.yaml``), the issuer a body abbreviation of the agency
    registry, each further part a registry unit or body; every part must match
    one spelling exactly once marks and case are set aside (a print-trained
    engine reads "QĐ" as "QD").

    >>> decree_symbol("/QD-TTg"), decree_symbol("/2026/TT-BCT"), decree_symbol("/QB-TTg"), decree_symbol("/QD-XYZW")
    ('/QĐ-TTg', '/2026/TT-BCT', None, None)
    """
    from ._correct import _symbol_tables

    m = _SYMBOL.match(symbol.replace("Ð", "Đ"))
    if not m or (m["year"] and not 1945 <= int(m["year"]) <= 2100):
        return None
    parts = re.split(r"\s*-\s*", m["parts"])
    code = _type_codes().get(fold(parts[0]).upper())
    if code is None:
        return None
    _types, bodies, units, _pairs = _symbol_tables()
    out = [code]
    for k, part in enumerate(parts[1:]):
        key = fold(part).upper()
        forms = bodies.get(key) if k == 0 else (units.get(key) or bodies.get(key))
        if not forms or len(forms) != 1:
            return None
        out.append(forms[0])
    return "/" + (f"{m['year']}/" if m["year"] else "") + "-".join(out)


def _lost_symbol(text: str, read: str, hand: SlotReading | None, readings: str) -> dict[str, Any] | None:
    """The record for a Số line whose symbol Tesseract destroyed ("Số:  đánh S4 TTg").

    The second engine's symbol is used when it is a valid Decree-30 symbol
    (:func:`decree_symbol`), with the running number the handwriting reader
    filled (backed by the second engine, :func:`decide`), or else the second
    engine's clean digits unless the reader is sure of others. Without both a
    symbol and a number nothing changes; a reader that is sure of digits
    nobody backs is reported (``kept``).
    """
    head = _NUMBER_HEAD.match(fold(text))
    parts = split_number(read)
    symbol = decree_symbol(parts[2]) if head and parts else None
    if head is None or symbol is None:
        return None
    value, by = None, engine_name()
    if hand is not None and hand.action == "filled" and hand.value:
        value, by = hand.value, HAND_ENGINE
    elif hand is None or not hand.hand.sure:
        m = _SECOND_NUMBER.match(fold(read))
        value = m["digits"].replace(" ", "") if m else None
    if value is None:
        if hand is None or not hand.hand.sure:
            return None
        return SecondReading("number", {"number": hand.tesseract}, text, text, read, action="kept",
                             second=readings).to_json()
    after = f"{text[: head.end()].strip()} {value}{symbol}"
    rec = SecondReading("number", {"number": value}, text, after, read, second=readings, engine=by).to_json()
    rec["symbol"] = symbol.lstrip("/")  # taken from the second engine: Tesseract lost it (W038)
    if by == HAND_ENGINE and hand is not None and hand.backing == "shapes":
        rec["backing"] = "shapes"
    return rec


def second_reading(page: OCRPage, image: Image) -> OCRPage:
    """Re-read page 1's number and day/month slots with RapidOCR and the handwriting reader.

    See the module doc. The second engine fills unreadable slots and checks
    readable ones, as before; the handwriting reader (``third_reading``) then
    confirms a value, vetoes a fill it is sure is wrong, and replaces or fills a
    slot where the second engine backs it (:func:`decide`). Every record names
    what each engine read.
    """
    from ._correct import _relabel

    todo = _slot_lines(page)
    if not todo or engine() is None:
        return page
    _read_cache.clear()
    for i, name, readable in todo:
        line = page.lines[i]
        read = read_region(image, line)
        if not read:
            continue
        chars = read_chars(image, line)[1] if image is not None else []
        third = third_reading(name, line.text, read, chars, image, line)
        hand_json = {slot: {"digits": r.hand.digits, "probs": [round(p, 3) for p in r.hand.probs], "action": r.action}
                     for slot, r in third.items() if r.hand.digits}
        by_hand = {slot: r.value for slot, r in third.items() if r.action in ("replaced", "filled") and r.value}
        vetoed = {slot for slot, r in third.items() if r.action == "conflict" and r.hand.sure}
        readings = "; ".join(f"{slot}: Tesseract {r.tesseract!r}, second engine {r.second!r}, handwriting reader {r.hand}"
                             for slot, r in third.items() if r.hand.digits)
        text = line.text
        records: list[dict[str, Any]] = []
        if name == "number" and split_number(text) is None:  # the symbol lost: "Số:  đánh S4 TTg"
            rec = _lost_symbol(text, read, third.get("number"), readings)
            if rec is not None:
                if hand_json:
                    rec["handwriting"] = hand_json
                page.second_reading.append(rec)
                if rec["after"] != text:
                    page.lines[i] = _relabel(line, rec["after"])
            continue
        if readable:
            differs = confirm_number(text, read) if name == "number" else confirm_date(text, read)
            settled = {slot for slot, (a, *_r) in third.items() if a in ("confirmed", "replaced")}
            if differs and settled >= ({"number"} if name == "number" else {"day", "month"}):
                differs = None  # two engines of three agree on every slot
            if differs:
                second = differs.pop("second") + (f" ({readings})" if readings else "")
                records.append(SecondReading(name, differs, text, text, read, action="kept", second=second).to_json())
        elif name == "number":
            got = number_slot(text, read)
            if got and "number" in vetoed:
                records.append(SecondReading(name, {"number": split_number(text)[1].strip()}, text, text, read,  # type: ignore[index]
                                             action="kept", second=readings).to_json())
            elif got:
                records.append(SecondReading(name, {"number": got[1]}, text, got[0], read).to_json())
                text = got[0]
        else:
            dgot = date_slots(text, read)
            if dgot and vetoed & set(dgot[1]):
                records.append(SecondReading(name, {s: third[s].tesseract for s in vetoed}, text, text, read,
                                             action="kept", second=readings).to_json())
            elif dgot:
                records.append(SecondReading(name, dgot[1], text, dgot[0], read).to_json())
                text = dgot[0]
        # the handwriting reader's own changes, on top of the second engine's fills
        changes = {}
        for slot, value in by_hand.items():
            current = _slot_texts(name, text).get(slot, "")
            if not (current.isdigit() and int(current) == int(value)):
                changed = _set_slot(name, text, slot, value)
                if changed:
                    changes[slot] = value
                    text = changed
        if changes:
            action = "replaced" if any(third[s].action == "replaced" for s in changes) else "filled"
            rec = SecondReading(name, changes, line.text, text, read, action=action, second=readings,
                                engine=HAND_ENGINE).to_json()
            if any(third[s].backing == "shapes" for s in changes):
                rec["backing"] = "shapes"  # no digit of the second engine: only its letters for pen forms (W037)
            records.append(rec)
        lone = {s: third[s].tesseract for s in vetoed if not (readable and records)}
        if lone and name == "date":
            lone = {**_slot_texts(name, text), **lone}  # the warning names the day and the month
        if lone and not any(r["action"] == "kept" for r in records):
            # the reader is sure, no other engine backs it: nothing changes, the archivist is told (W033)
            records.append(SecondReading(name, lone, text, text, read, action="kept", second=readings).to_json())
        for rec in records:
            if hand_json:
                rec["handwriting"] = hand_json
            page.second_reading.append(rec)
        if text != line.text:
            page.lines[i] = _relabel(line, text)
    return page


__all__ = ["HandReading", "SecondReading", "corroborates", "decide", "read_chars", "slot_ranges", "third_reading", "confirm_date", "confirm_number", "date_slots", "engine", "number_slot", "read_region", "second_reading", "split_number"]
