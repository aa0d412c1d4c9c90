"""The place-and-date line (``Hà Nội, ngày 05 tháng 5 năm 2026``) and stamp times.

Each of day, month and year is read as *value*, *blank* (left empty on the page,
filled in at signing) or *damaged* (OCR noise such as ``ngày 22” tháng # năm``).
The ISO date keeps only what is read, most significant first: ``2020-08`` for
``ngày tháng 8 năm 2020``, ``2021`` for ``ngày tháng năm 2021``; a day is never
invented. A damaged part may be recovered from the document's digital-signature
time when everything that *is* readable agrees with it (see :func:`reconcile`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from .._normalise import fold_key
from .._rules import load

State = Literal["value", "blank", "damaged"]

# OCR confusions inside a number: l/I/|/] for 1, O/o for 0
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "]": "1", "O": "0", "o": "0", "Q": "0"})
_QUOTES = re.compile(r"[\"'“”‘’`´,.:;\s]+")


@dataclass(slots=True)
class Part:
    state: State
    value: int | None = None


@dataclass(slots=True)
class PlaceDate:
    place: str | None
    place_start: int | None
    place_end: int | None
    day: Part
    month: Part
    year: Part
    start: int  # span of the "ngày … năm …" part in the document
    end: int

    @property
    def damaged(self) -> bool:
        return "damaged" in (self.day.state, self.month.state, self.year.state)

    def iso(self) -> str | None:
        """ISO date with reduced precision; ``None`` without a readable year."""
        if self.year.value is None:
            return None
        out = f"{self.year.value:04d}"
        if self.month.value is None:
            return out
        out += f"-{self.month.value:02d}"
        if self.day.value is None:
            return out
        return out + f"-{self.day.value:02d}"


def read_part(raw: str, lo: int, hi: int) -> Part:
    """One of day/month as printed: ``'05'`` → value 5, ``''`` → blank, ``'#'`` → damaged."""
    s = _QUOTES.sub("", raw)
    if not s or set(s) <= set("…_-·"):
        return Part("blank")
    s = s.translate(_OCR_DIGITS)
    if s.isdigit() and len(s) <= 2 and lo <= int(s) <= hi:
        return Part("value", int(s))
    return Part("damaged")


def read_year(raw: str | None) -> Part:
    if raw is None:
        return Part("blank")
    s = raw.replace(" ", "")
    if s.isdigit() and 1945 <= int(s) <= 2100:
        return Part("value", int(s))
    return Part("damaged")


_TITLE_WORD = regex.compile(r"^(?:TP\.?|Tp\.?|TX\.?|Q\.|-|\p{Lu}[\p{Ll}\p{M}]+\.?|(?:TP|Tp)\.\p{Lu}[\p{Ll}\p{M}]+)$")
_CAPS_WORD = regex.compile(r"^(?:TP\.?|-|\p{Lu}[\p{Lu}\p{M}]*\.?)$")


def _place_before(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """The run of place words (``Hà Nội``, ``TP. Hồ Chí Minh``) that ends at ``end``."""
    seg = text[floor:end]
    m = regex.search(r"[\s,.]*$", seg)
    stop = floor + (m.start() if m else len(seg))
    words = list(regex.finditer(r"\S+", text[max(floor, stop - 120) : stop]))
    base = max(floor, stop - 120)
    for word_re in (_TITLE_WORD, _CAPS_WORD):
        chosen: list[regex.Match[str]] = []
        for w in reversed(words):
            if len(chosen) >= 6 or not word_re.match(w.group(0)):
                break
            chosen.append(w)
        while chosen and chosen[-1].group(0) == "-":
            chosen.pop()
        while chosen and chosen[0].group(0) == "-":
            chosen.pop(0)
        if chosen and any(c.isalpha() for w in chosen for c in w.group(0)):
            return base + chosen[-1].start(), base + chosen[0].end()
    return None


@cache
def _known_places() -> frozenset[str]:
    return frozenset(fold_key(str(p)) for p in load("header").meta.get("places") or [])


def _known_place_before(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """A place name from the table written in any case (``Hà nội``, ``HÀ NỘI``) ending at ``end``."""
    seg = text[floor:end]
    m = regex.search(r"[\s,.]*$", seg)
    stop = floor + (m.start() if m else len(seg))
    base = max(floor, stop - 60)
    words = list(regex.finditer(r"\S+", text[base:stop]))
    k = len(words)
    while k > 0 and regex.match(r"^[\p{Lu}\p{Ll}][\p{L}\p{M}.]*$", words[k - 1].group(0)):
        k -= 1
    words = words[k:]
    known = _known_places()
    for k in range(min(6, len(words)), 0, -1):
        span = words[-k:]
        if fold_key(" ".join(w.group(0) for w in span)) in known:
            return base + span[0].start(), base + span[-1].end()
    return None


def find_place_date(text: str, folded: str, start: int, end: int) -> PlaceDate | None:
    """Find the place-and-date in ``text[start:end]`` (one line, maybe merged with the left column)."""
    rule = load("header").by_id("place-date")
    piece = folded[start:end]
    for pat in rule.patterns:
        m = pat.search(piece)
        if not m:
            continue
        b = start
        day = read_part(text[b + m.start("d") : b + m.end("d")], 1, 31)
        month = read_part(text[b + m.start("m") : b + m.end("m")], 1, 12)
        year = read_year(text[b + m.start("y") : b + m.end("y")] if m.group("y") else None)
        span = _place_before(text, b + m.start(), start)
        known = _known_place_before(text, b + m.start(), start)
        if known and (span is None or known[0] < span[0]):
            span = known  # "Hà nội", "Thành phố Hồ Chí Minh": the table knows more than the case does
        place = None
        ps = pe = None
        if span:
            ps, pe = span
            place = text[ps:pe].strip(" ,.")
            pe = ps + len(text[ps:pe].rstrip(" ,."))
        return PlaceDate(place, ps, pe, day, month, year, b + m.start(), b + m.end())
    return None


def find_place_only(text: str, folded: str, start: int, end: int, *, line_end: bool = False) -> tuple[int, int] | None:
    """A known place right before ``, ngày`` whose date is unreadable (``Hà Nội, ngàyJÿth``) in
    ``text[start:end]`` (one line); with ``line_end`` also a known place before a comma that ends
    the line (``Số: 12/TCT-CS Hà Nội,``). Only a name from the ``places`` table counts."""
    rule = load("header").by_id("place-damaged-date")
    piece = folded[start:end]
    for k, pat in enumerate(rule.patterns):
        if k == 1 and not line_end:
            break
        for m in pat.finditer(piece):
            span = _known_place_before(text, start + m.start(), start)
            if span:
                return span
    return None


def find_damaged_date(text: str, folded: str, start: int, end: int) -> PlaceDate | None:
    """A known place whose day and month words OCR destroyed but whose year survives
    (``Hải Phòng, ngà than, năm 2020``) in ``text[start:end]`` (one line): the year is read,
    day and month are *damaged* (so a signing time that agrees may fill them, see :func:`reconcile`)."""
    rule = load("header").by_id("damaged-date-year")
    place_rule = load("header").by_id("place-damaged-date")
    for m in place_rule.patterns[0].finditer(folded, start, end):
        span = _known_place_before(text, m.start(), start)
        if span is None:
            continue
        for pat in rule.patterns:
            ym = pat.match(folded, m.start(), end)
            if ym:
                ps, pe = span
                year = read_year(text[ym.start("y") : ym.end("y")])
                if year.state != "value":
                    continue
                return PlaceDate(text[ps:pe], ps, pe, Part("damaged"), Part("damaged"), year, folded.index("n", ym.start()), ym.end())
    return None


@dataclass(slots=True)
class StampTime:
    year: int
    month: int
    day: int
    start: int
    end: int


def find_stamp_times(folded: str, start: int, end: int) -> list[StampTime]:
    """Signing times (date + clock time) of digital-signature stamps in ``[start, end)``."""
    rule = load("header").by_id("datetime-stamp")
    out: list[StampTime] = []
    for pat in rule.patterns:
        for m in pat.finditer(folded, start, end):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                out.append(StampTime(y, mo, d, m.start(), m.end()))
    out.sort(key=lambda s: s.start)
    return out


def reconcile(pd: PlaceDate, stamps: list[StampTime]) -> bool:
    """Fill damaged parts of ``pd`` from a stamp time that agrees with every readable part.

    Returns True when a stamp was used. Blank parts stay blank: a date left empty on
    the page is the signing date only by convention, and the contract keeps it reduced.
    """
    if not pd.damaged or pd.year.state != "value":
        return False
    for st in stamps:
        if st.year != pd.year.value:
            continue
        if pd.month.state == "value" and pd.month.value != st.month:
            continue
        if pd.day.state == "value" and pd.day.value != st.day:
            continue
        if pd.month.state == "blank" and pd.day.state != "blank":
            continue
        if pd.month.state == "damaged":
            pd.month = Part("value", st.month)
        if pd.day.state == "damaged":
            pd.day = Part("value", st.day)
        return True
    return False


__all__ = ["Part", "PlaceDate", "StampTime", "find_damaged_date", "find_place_date", "find_place_only", "find_stamp_times", "read_part", "read_year", "reconcile"]
