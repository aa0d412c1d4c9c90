"""Digital-signature stamps: "Ký bởi: … Cơ quan: … Thời gian ký: …" and the like.

E-signed PDFs carry the signature's visible stamp as text, usually at the top of the
first page or beside the signing block. It names the signing *organisation* (or
person) and a timestamp, never the header or the signer of the dispatch, so it is read
into :attr:`Document.digital_signature` (one per document: the first stamp), recorded
in :attr:`Segments.stamps` so the other stages skip it, and noted with
:attr:`Warnings.W020`.

The stamp fields are declared in ``rules/stamps.yaml``; :func:`find_stamps` works on
any text and :func:`ensure_stamps` on a document (idempotent: every step that needs
stamps may call it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._errors import Warnings
from .._model import Block, DigitalSignature, Document, Line, Segments
from .._normalise import clean_value, fold
from .._rules import RuleFile, load
from .._segment import lines_of

_MAX_LINES = 9  # a stamp never spans more lines than this
_DATETIME = re.compile(
    r"(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{1,4})"
    r"(?:[ T,]+(?P<h>\d{1,2})[:h](?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    r"(?:\s*(?P<tz>[+-]\d{2}:?\d{0,2}))?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(slots=True)
class Stamp:
    """One stamp: its block of lines and what it says."""

    block: Block
    value: DigitalSignature


def _rules() -> RuleFile:
    return load("stamps")


def line_field(folded_line: str) -> tuple[str, int] | None:
    """The stamp field a (folded) line opens with and where its value starts, or None."""
    for rule in _rules().rules:
        for p in rule.patterns:
            m = p.search(folded_line)
            if m:
                return str(rule.get("field")), m.end()
    return None


def parse_datetime(s: str) -> str | None:
    """``01.03.2023 15:52`` / ``2020.05.05 16:56:11 +07:00`` → ISO 8601 (None if unreadable)."""
    m = _DATETIME.search(s)
    if not m:
        return None
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    elif len(c) == 4:
        y, mo, d = int(c), int(b), int(a)
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1900 < y < 2200):
        return None
    iso = f"{y:04d}-{mo:02d}-{d:02d}"
    if m.group("h") is not None:
        h, mi = int(m.group("h")), int(m.group("m"))
        if h > 23 or mi > 59:
            return iso
        iso += f"T{h:02d}:{mi:02d}"
        if m.group("s") is not None and int(m.group("s")) < 60:
            iso += f":{int(m.group('s')):02d}"
        tz = m.group("tz")
        if tz and re.fullmatch(r"[+-]\d{2}:\d{2}", tz):
            iso += tz
    return iso


def find_stamps(text: str, folded: str | None = None) -> list[Stamp]:
    """Every stamp in ``text`` (NFC), in reading order (``folded`` is ``fold(text)`` when
    the caller has it)."""
    lines = lines_of(text)
    whole = folded if folded is not None and len(folded) == len(text) else fold(text)
    fields = [line_field(whole[ln.start : ln.end]) for ln in lines]
    starts = {str(r.get("field")) for r in _rules().rules if r.get("starts")}
    ends = {str(r.get("field")) for r in _rules().rules if r.get("ends")}
    out: list[Stamp] = []
    i = 0
    n = len(lines)
    while i < n:
        f = fields[i]
        if f is None or (f[0] not in starts and f[0] not in ends):
            i += 1
            continue
        first = i
        last = i
        seen_end = f[0] in ends
        j = i + 1
        # a stamp opened by its time line alone is one line; otherwise read on to the time
        while not seen_end and j < n and j - first < _MAX_LINES:
            fj = fields[j]
            if fj is not None and fj[0] in starts:
                break
            if fj is not None:
                last = j
                seen_end = fj[0] in ends
            elif lines[j].text.strip() and len(lines[j].text) > 60:
                break  # prose: the stamp is over
            j += 1
        # a Location/Địa chỉ field right after the time belongs to the stamp
        k = last + 1
        while k < n and k - first < _MAX_LINES:
            fk = fields[k]
            if fk is not None and fk[0] == "location":
                last = k
                if k + 1 < n and lines[k + 1].text.strip() and len(lines[k + 1].text) < 40:
                    last = k + 1  # the wrapped rest of the location
                break
            if lines[k].text.strip():
                break
            k += 1
        block_lines = [ln for ln in lines[first : last + 1] if ln.text.strip()]
        block = Block(lines[first].start, lines[last].end, block_lines)
        out.append(Stamp(block, _read(text, lines[first : last + 1], fields[first : last + 1])))
        i = last + 1
    return out


def _read(text: str, lines: list[Line], fields: list[tuple[str, int] | None]) -> DigitalSignature:
    ds = DigitalSignature(text=text[lines[0].start : lines[-1].end], start=lines[0].start, end=lines[-1].end)
    for ln, f in zip(lines, fields, strict=True):
        if f is None:
            continue
        name, at = f
        value = clean_value(ln.text[at:])
        if name == "signed_by" and value and ds.signed_by is None:
            ds.signed_by = value.rstrip(".")
        elif name == "organisation" and value and ds.organisation is None:
            ds.organisation = value.rstrip(".")
        elif name == "email":
            m = _EMAIL.search(ln.text)
            ds.email = m.group(0) if m else (value or None)
        elif name == "signed_at" and ds.signed_at is None:
            ds.signed_at = parse_datetime(ln.text[max(0, at - 6) :]) or parse_datetime(ln.text)
    return ds


def ensure_stamps(doc: Document) -> list[Block]:
    """Find the stamps of ``doc`` (idempotent): fill ``digital_signature``, ``segments.stamps``, W020."""
    if doc.segments is None:
        doc.segments = Segments()
    stamps = find_stamps(doc.text, doc.folded)
    have = {(b.start, b.end) for b in doc.segments.stamps}
    for st in stamps:
        if (st.block.start, st.block.end) not in have:
            doc.segments.stamps.append(st.block)
    doc.segments.stamps.sort(key=lambda b: b.start)
    if stamps and doc.digital_signature is None:
        best = next((s.value for s in stamps if s.value.signed_by or s.value.signed_at), stamps[0].value)
        doc.digital_signature = best
        doc.warn(Warnings.W020.format(signed_by=best.signed_by or best.organisation or "unknown"))
    return [s.block for s in stamps]


def in_stamp(pos: int, stamps: list[Block]) -> bool:
    return any(b.start <= pos < b.end or (b.start == pos == b.end) for b in stamps)


__all__ = ["Stamp", "ensure_stamps", "find_stamps", "in_stamp", "line_field", "parse_datetime"]
