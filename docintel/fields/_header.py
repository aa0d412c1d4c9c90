"""Header fields: doc_type, type_name, number, issuer, place, date, subject, urgency, security.

Reads the components :mod:`docintel._segment` found and turns each into a value
with its span in ``doc.text``. Decisions, in the order a reader makes them:

* **doc_type** — the type name under the header wins (``BÁO CÁO`` → ``BC``); else a
  type written before ``số:`` (``Nghị quyết số:``); else a ``V/v`` subject makes it a
  công văn (``CV``); else the type code of the number symbol (``QĐ-UBND`` → ``QĐ``,
  Party ``88-BC/BCS`` → ``BC``); else a letter with ``Kính gửi`` is a ``CV``.
* **issuer** — the last issuing-body unit of the left column is the issuer, the
  unit above it the parent (a unit is one or more lines: ``BAN CHỈ ĐẠO PHÒNG CHỐNG``
  + ``DỊCH COVID-19``). OCR-damaged names are restored through the agency registry
  when it is installed. A header without issuer lines falls back to the body that
  names itself as acting (``Sở Công Thương yêu cầu …``), flagged ``from_body``.
* **date** — reduced precision, never an invented day; a part that OCR damaged is
  taken from the digital-signature time only when all readable parts agree with it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import cache

import regex

from .._errors import Warnings
from .._model import DateValue, Document, Issuer, Line, Number, Segments, TextValue
from .._normalise import clean_value, fold, fold_key
from .._rules import load
from .._segment import garbled_marker, segment
from ._dates import (
    Part,
    PlaceDate,
    StampTime,
    find_damaged_date,
    find_place_date,
    find_place_only,
    find_stamp_times,
    reconcile,
)
from ._doctype import DocType, type_by_name, type_from_symbol, type_of_line
from ._number import parse_number

_JUNK_EDGE = regex.compile(r"^[\W_]+|[^\w)\]”\"'%]+$")


# -- agency registry (engineer D's docintel._agencies), optional ---------------------
def _registry_restore() -> Callable[[str], str | None] | None:
    try:
        from .. import _agencies

        reg = _agencies.registry()
        fn = reg.restore
    except (ImportError, AttributeError):
        return None
    return fn


def restore_name(text: str) -> str:
    """Canonical display form of an OCR-damaged agency name, or the text as written."""
    fn = _registry_restore()
    if fn is None:
        return text
    try:
        out = fn(text)
    except Exception:  # noqa: BLE001 - a broken resolver never breaks a parse
        return text
    return out or text


@cache
def _header_data() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], dict[str, str]]:
    meta = load("header").meta
    heads = tuple(sorted((str(x) for x in meta.get("agency_heads") or []), key=len, reverse=True))
    conts = tuple(str(x) for x in meta.get("continues_after") or [])
    verbs = tuple(sorted((str(x) for x in meta.get("issuer_verbs") or []), key=len, reverse=True))
    places = {fold_key(str(p)): str(p) for p in meta.get("places") or []}
    return heads, conts, verbs, places


# -- issuer -------------------------------------------------------------------------
def _starts_with_head(folded_line: str) -> bool:
    heads = _header_data()[0]
    words = regex.sub(r"[^\w\s]", " ", folded_line).split()
    s = " ".join(words)
    return any(s == h or s.startswith(h + " ") for h in heads)


def _continues(folded_prev: str) -> bool:
    conts = _header_data()[1]
    s = folded_prev.rstrip()
    for c in conts:
        if c[0].isalnum():
            if regex.search(r"(?:^|\s)" + regex.escape(c) + r"$", s):
                return True
        elif s.endswith(c):
            return True
    return False


def _whole_body(line: str) -> bool:
    """An OCR-damaged line the agency registry reads as a whole body ("TONG CYC THUE"): a body of
    its own, even though its first word is no agency word as printed."""
    restore = _registry_restore()
    if restore is None or len(line.split()) < 2:
        return False
    fixed = restore(line)
    return fixed is not None and _starts_with_head(fold(fixed))  # a place ("tỉnh Hà Giang") is no body


def issuer_units(lines: list[Line]) -> list[list[Line]]:
    """Group the issuer lines into bodies: a line continues the one above when the
    one above ends mid-name (``… VÀ``) or it does not start with an agency word."""
    units: list[list[Line]] = []
    for ln in lines:
        f = fold(ln.text)
        if units and (_continues(fold(units[-1][-1].text)) or not (_starts_with_head(f) or _whole_body(ln.text))):
            units[-1].append(ln)
        else:
            units.append([ln])
    return units


def _join(lines: list[Line]) -> str:
    return clean_value(" ".join(x.text.strip() for x in lines))


_NAME_CHARS = regex.compile(r"^[\w\-&.(),/]+$")


def _junk_word(word: str, upper_line: bool) -> bool:
    """A word that cannot belong to a body's name in the header: a stray letter, a word
    with a quote or colon in it (``'G``, ``THUẾ:``), or a lower-case word inside an
    upper-case header line (the rest of the motto, ``lính phúc``; stamp text, ``cue``)."""
    if not _NAME_CHARS.match(word):
        return True
    letters = [c for c in word if c.isalpha()]
    if len(letters) == 1 and len(word) == 1 and word not in "&-":
        return True
    return upper_line and any(c.islower() for c in letters)


# a restored name that stops at a place kind ("Cục Thuế TP") lost its place to the junk
_INCOMPLETE = regex.compile(r"\b(?:tp|tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\.?$")


def _restored(text: str) -> str | None:
    fn = _registry_restore()
    if fn is None:
        return None
    try:
        return fn(text)
    except Exception:  # noqa: BLE001 - a broken resolver never breaks a parse
        return None


def unit_name(raw: str) -> str:
    """The display name of one issuer unit, preferring a form the agency registry knows.

    Merged columns and stamps leave junk in header lines (``TONG CỤC THUE Q ‘A VIỆT NAM``,
    ``TỎNG CỤC 'G CỤC THUÊ``, ``CUC THUE TP HÀ NỘI lính phúc``). When a line holds junk
    words, the candidates are, in order: the words before the first junk word, then the
    line without its junk words and with words OCR doubled collapsed (``CỤC CỤC`` →
    ``CỤC``), then shorter prefixes of three words or more; the first the registry
    restores to a complete name (not one ending in a bare ``TP``/``tỉnh``) wins.
    Otherwise the line as restored, or as written when the registry does not know it.
    """
    words = raw.split()
    letters = [c for c in raw if c.isalpha()]
    upper_line = bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.6
    junk = [_junk_word(w, upper_line) for w in words]
    if any(junk):
        first = junk.index(True)
        candidates = []
        if first >= 2:
            candidates.append(" ".join(words[:first]))
        kept: list[str] = []
        for w, bad in zip(words, junk, strict=True):
            if not bad and not (kept and fold_key(kept[-1]) == fold_key(w)):
                kept.append(w)
        if len(kept) >= 2:
            candidates.append(" ".join(kept))
        # shorter prefixes: "TONG CỤC THUE UNG CỤC” oe" → "TONG CỤC THUE"
        candidates += [" ".join(words[:k]) for k in range(first - 1, 2, -1)]
        for cand in candidates:
            out = _restored(cand)
            if out and not _INCOMPLETE.search(fold(out)):
                return out
    return _restored(raw) or raw


def _known_parent(name: str, raw: str) -> str | None:
    """The registry's parent of the issuer ``name`` when the line above, too damaged to restore
    alone (``ĐỘ TÀI CHÍNH`` — Bộ or Sở?, ``BAOHIEM XA HOI VIET NAM``), reads as that parent's name:
    the issuer decides between the candidates (a Tổng cục Hải quan answers to the Bộ Tài chính)."""
    try:
        from .._agencies import registry

        reg = registry()
        m = reg.lookup(name)
        a = m.agency if m is not None else None
        up = reg.agency(a.parent) if a is not None and a.parent else None
    except Exception:  # noqa: BLE001 - the registry is optional
        return None
    if up is None:
        return None
    got, want = fold_key(raw), fold_key(up.name)
    if not got or SequenceMatcher(None, got, want, autojunk=False).ratio() < 0.85:
        return None
    return up.name


def _with_place(name: str, place: str) -> str | None:
    """An issuer whose place words OCR damaged past the registry's tolerance (``CUC THUE TP HA NOT``)
    restored with the place of the place-and-date line (``Hà Nội``) when its last words read as
    that place: a body heads its letters from its own seat."""
    words, key = name.split(), fold_key(place)
    for k in range(1, min(4, len(words))):
        tail = fold_key(" ".join(words[-k:]))
        if not key or SequenceMatcher(None, tail, key, autojunk=False).ratio() < 0.8:
            continue
        out = _restored(" ".join([*words[:-k], place]))
        if out and fold_key(out).endswith(key):
            return out
    return None


def header_issuer(seg: Segments) -> Issuer | None:
    units = issuer_units(seg.issuer_lines)
    if not units:
        return None
    name_u = units[-1]
    parent_u = units[-2] if len(units) >= 2 else None
    name = unit_name(_join(name_u))
    parent = unit_name(_join(parent_u)) if parent_u else None
    if parent and fold_key(parent) == fold_key(name):
        parent_u, parent = None, None
    if parent and _restored(parent) is None:
        parent = _known_parent(name, parent) or parent
    iss = Issuer(name=name, parent=parent, start=name_u[0].start, end=name_u[-1].end)
    if parent_u:
        iss.parent_start, iss.parent_end = parent_u[0].start, parent_u[-1].end
    return iss


_JOINT_DASH = regex.compile(r"\s+[-–—]\s+")
_JOINT_CODE = regex.compile(r"^[A-ZĐ]{1,4}LT$")


def _co_drafters(symbol: str | None) -> int | None:
    """How many bodies a joint document's symbol names after its type code
    (``TTLT-BTC-BYT`` → 2, ``NQLT/UBTVQH-CP`` → 2); None when the symbol is no joint one."""
    codes = [c for c in regex.split(r"[-/]", symbol or "") if c]
    for i, c in enumerate(codes):
        if _JOINT_CODE.match(c.upper()):
            return len(codes) - i - 1
    return None


def _heads_split(line: Line, pieces: int) -> list[Line] | None:
    """``BỘ TÀI CHÍNH BỘ Y TẾ`` (two headings side by side, merged) cut into ``pieces`` bodies
    at the words that open a body's name, each piece two words or more; None unless exactly one
    such cut exists."""
    toks = [m.span() for m in regex.finditer(r"\S+", line.text)]
    f = fold(line.text)
    opens = [i for i, (a, _) in enumerate(toks) if i > 0 and _starts_with_head(f[a:])]
    cuts = [i for i in opens if i >= 2]
    if len(cuts) != pieces - 1:
        return None
    bounds = [0, *cuts, len(toks)]
    if any(b - a < 2 for a, b in zip(bounds, bounds[1:], strict=False)):
        return None
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        s, e = toks[a][0], toks[b - 1][1]
        out.append(Line(line.text[s:e], line.start + s, line.start + e))
    return out


def _dash_split(line: Line) -> list[Line] | None:
    """``BỘ TÀI CHÍNH - BỘ Y TẾ``: the bodies of a joint heading, when every part between the
    spaced dashes opens with a body word (``SỞ VĂN HÓA - THỂ THAO`` stays one body)."""
    out: list[Line] = []
    pos = 0
    for m in [*_JOINT_DASH.finditer(line.text), None]:
        end = m.start() if m is not None else len(line.text)
        part = line.text[pos:end]
        lead = len(part) - len(part.lstrip())
        part = part.strip()
        if not part or not _starts_with_head(fold(part)):
            return None
        out.append(Line(part, line.start + pos + lead, line.start + pos + lead + len(part)))
        if m is not None:
            pos = m.end()
    return out if len(out) >= 2 else None


def joint_issuers(seg: Segments, symbol: str | None, type_name: str | None) -> list[list[Line]] | None:
    """The bodies of a joint document's heading (Decree 30/2020, Appendix I: the issuers'
    names stand together at the top left), in printed order, the lead body first; None when
    the heading names one body.

    ``BỘ TÀI CHÍNH - BỘ Y TẾ`` splits at its spaced dashes wherever every part opens with a
    body word. Headings stacked (``BỘ TÀI CHÍNH`` / ``BỘ Y TẾ``) or merged side by side
    (``BỘ TÀI CHÍNH BỘ Y TẾ``) split only in a joint document (``…LT`` in the symbol, or
    ``LIÊN TỊCH`` in the type name), and only into as many bodies as the symbol names after
    its type code (``TTLT-BTC-BYT``: two) when it names them: otherwise the upper line is
    the lower one's parent, as in any heading.
    """
    units = issuer_units(seg.issuer_lines)
    if not units:
        return None
    if len(units) == 1 and len(units[0]) == 1:
        parts = _dash_split(units[0][0])
        if parts is not None:
            return [[p] for p in parts]
    drafters = _co_drafters(symbol)
    joint = drafters is not None or "lien tich" in fold(type_name or "")
    if not joint:
        return None
    if len(units) >= 2 and (drafters is None or drafters == len(units)):
        if all(_starts_with_head(fold(u[0].text)) for u in units):
            return units
    if len(units) == 1 and len(units[0]) == 1 and drafters and drafters >= 2:
        pieces = _heads_split(units[0][0], drafters)
        if pieces is not None:
            return [[p] for p in pieces]
    return None


def _symbol_agency(symbol: str | None) -> object | None:
    """The registry body whose abbreviation opens the number's symbol (``TCT-CS`` → Tổng cục Thuế)."""
    if not symbol:
        return None
    try:
        from .. import _agencies
    except ImportError:
        return None
    for code in regex.split(r"[-/]", symbol):
        if len(code) < 2 or not code.isupper():
            continue
        try:
            m = _agencies.lookup(code)
        except Exception:  # noqa: BLE001 - a broken registry never breaks a parse
            return None
        if m is not None and m.agency is not None and m.via == "exact" and m.agency.abbreviation == code:
            return m.agency
    return None


def _words_suffix(whole: str, part: str) -> bool:
    """``part``'s letter words end ``whole`` (both fold-keyed): ``cuc thue`` ends ``tong cuc thue``."""
    pw = [w for w in fold_key(part).split() if w.isalpha()]
    ww = fold_key(whole).split()
    return 0 < len(pw) < len(ww) and ww[-len(pw) :] == pw


def torn_issuer(iss: Issuer, symbol: str | None) -> None:
    """Complete an issuer whose header lines a scan tore at the left edge.

    ``1 CHÍNH`` / ``TỤC THUÊ`` read as ``Cục Thuế`` under a junk parent; when the number's
    symbol names a body by its abbreviation (``/TCT-CS``) whose name ends with what is left
    (``Tổng cục Thuế``), that body is the issuer, and its registry parent the parent when
    the parent line is missing or is the tail of that parent's name (``… CHÍNH``).
    """
    if not iss.name:
        return
    agency = _symbol_agency(symbol)
    if agency is None:
        return
    name = str(getattr(agency, "name", ""))
    if not name or fold_key(name) == fold_key(iss.name) or not _words_suffix(name, iss.name):
        return
    iss.name = name
    parent_id = getattr(agency, "parent", None)
    try:
        from .. import _agencies

        parent = _agencies.registry().agency(parent_id) if parent_id else None
    except Exception:  # noqa: BLE001
        parent = None
    if parent is not None and (iss.parent is None or _words_suffix(parent.name, iss.parent)):
        iss.parent = parent.name


def _initials(name: str) -> str:
    out = []
    for w in regex.findall(r"\w+", name):
        if w.isupper() and len(w) > 1:
            out.append(w)
        else:
            out.append(w[0])
    return fold("".join(out)).upper()


def body_issuer(doc: Document, symbol: str | None) -> Issuer | None:
    """The body the text names as acting: ``Sở Công Thương yêu cầu …`` at a clause start."""
    seg = doc.segments
    start = seg.body.start if seg and seg.body else 0
    end = min(len(doc.text), start + 20000)
    heads, _, verbs, _ = _header_data()
    pat = _body_pattern(heads, verbs)
    found: list[tuple[str, int, int]] = []
    for m in pat.finditer(doc.folded, start, end):
        s, e = m.span("name")
        raw = doc.text[s:e]
        if not raw[:1].isupper():
            continue
        cut = _leader_title(doc.folded[s:e])
        if cut:
            s += cut
            raw = doc.text[s:e]
        found.append((clean_value(raw), s, e))
    if not found:
        return None
    codes = [c for c in regex.split(r"[-/]", fold(symbol or "").upper()) if len(c) >= 2]
    counts = Counter(fold_key(n) for n, _, _ in found)

    def rank(item: tuple[str, int, int]) -> tuple[int, int, int]:
        name, s, _ = item
        ini = _initials(name)
        by_symbol = int(any(ini.startswith(c) for c in codes))
        return by_symbol, counts[fold_key(name)], s

    name, s, e = max(found, key=rank)
    return Issuer(name=name, start=s, end=e, from_body=True)


@cache
def _leader_titles() -> tuple[str, ...]:
    titles = load("header").meta.get("leader_titles") or []
    return tuple(sorted((str(x) for x in titles), key=len, reverse=True))


def _leader_title(folded_name: str) -> int:
    """Length of a leader's title ("bộ trưởng ") that opens ``folded_name`` and is followed by a
    body's name, 0 otherwise: the issuer is the body the leader heads, not the person."""
    heads = _header_data()[0]
    for t in _leader_titles():
        if folded_name.startswith(t + " "):
            rest = folded_name[len(t) + 1 :].lstrip()
            if any(rest.startswith(h + " ") or rest == h for h in heads):
                return len(folded_name) - len(rest)
    return 0


@cache
def _body_pattern(heads: tuple[str, ...], verbs: tuple[str, ...]) -> regex.Pattern[str]:
    h = "|".join(regex.escape(x) for x in heads)
    v = "|".join(regex.escape(x) for x in verbs)
    return regex.compile(
        r"(?:^|(?<=[.;:!?]\s{1,3})|(?<=\n\s{0,3}))(?P<name>(?:" + h + r")\b[^.;:,\n()\"“”]{0,80}?)\s+(?:" + v + r")\b",
        regex.MULTILINE,
    )


# -- number --------------------------------------------------------------------------
def header_number(doc: Document) -> tuple[Number | None, DocType | None]:
    seg = doc.segments
    if seg is None or seg.number_line is None:
        return None, None
    ln = seg.number_line
    rule = load("header").by_id("number")
    m = rule.search(doc.folded[ln.start : ln.end])
    if not m:
        return None, None
    kind = type_by_name(m.group("kind")) if m.groupdict().get("kind") else None
    cut = ln.start + m.end()
    parsed = parse_number(doc.text[cut : ln.end], cut)
    if parsed is None:
        return None, kind
    if parsed.damaged:
        # what OCR left of the number is not a number: keep only the readable symbol
        doc.warn(Warnings.W019.format(text=parsed.number.text))
        parsed.number.text = None
    elif parsed.number.blank:
        doc.warn(Warnings.W011)
    return parsed.number, kind


# -- place and date ----------------------------------------------------------------------
def _published(folded: str) -> bool:
    """True when a signature stamp's text names a publisher (rules/header.yaml ``publisher-signature``)."""
    return any(p.search(folded) for p in load("header").by_id("publisher-signature").patterns)


def _stamp_times(doc: Document) -> list[StampTime]:
    """The signing times that may stand in for a damaged part of the document's date.

    A publisher's signature (the Government e-portal, Công báo) is left out: it is
    applied when the text is posted, days or weeks after the document's date.
    """
    out: list[StampTime] = []
    seg = doc.segments
    if seg:
        for b in seg.stamps:
            since = b.start
            for st in find_stamp_times(doc.folded, b.start, b.end):
                if not _published(doc.folded[since : st.start]):
                    out.append(st)
                since = st.end
    ds = doc.digital_signature
    if ds and ds.signed_at and not _published(fold(" ".join(filter(None, (ds.text, ds.signed_by, ds.organisation))))):
        mm = regex.match(r"(\d{4})-(\d{2})-(\d{2})", ds.signed_at)
        if mm:
            out.append(StampTime(int(mm.group(1)), int(mm.group(2)), int(mm.group(3)), ds.start or 0, ds.end or 0))
    return out


def restore_place(place: str) -> str:
    places = _header_data()[3]
    key = fold_key(place)
    if key in places:
        return places[key]
    for prefix in ("tp ", "thanh pho ", "tinh "):
        if key.startswith(prefix) and key[len(prefix) :] in places:
            return place[: len(place) - len(place.lstrip())] + place.split(" ", 1)[0] + " " + places[key[len(prefix) :]]
    return place


def _place_without_date(doc: Document) -> None:
    """The place of a place-and-date line whose date is destroyed (``Hà Nội, ngàyJÿth``, a
    stamp over the date): looked for in the head lines above the addressee and the body only.
    A year that survives on that line is read, day and month damaged (``Hải Phòng, ngà than,
    năm 2020``); without it the date stays unread (W014)."""
    seg = doc.segments
    stops = [b.start for b in ((seg.kinh_gui, seg.body) if seg is not None else ()) if b is not None]
    zone_end = min([*stops, len(doc.text), 2000])
    number_line = seg.number_line if seg is not None else None
    pos = 0
    for _ in range(20):
        if pos >= zone_end:
            break
        nl = doc.text.find("\n", pos, zone_end)
        end = zone_end if nl == -1 else nl
        pd = find_damaged_date(doc.text, doc.folded, pos, end)
        if pd is not None and pd.place_start is not None:
            doc.place = TextValue(restore_place(clean_value(pd.place or "")), pd.place_start, pd.place_end)
            _set_date(doc, pd)
            return
        on_number = number_line is not None and pos <= number_line.start < end + 1
        span = find_place_only(doc.text, doc.folded, pos, end, line_end=on_number)
        if span:
            ps, pe = span
            doc.place = TextValue(restore_place(clean_value(doc.text[ps:pe])), ps, pe)
            break
        pos = end + 1
    doc.warn(Warnings.W014)
    if doc.place is not None:  # the line is there (its place was read) but its date is destroyed
        _year_from_number(doc)


def _year_from_number(doc: Document) -> None:
    """With the date of the place-and-date line destroyed, a number that carries its year of issue (Decree 30:
    ``Số: 21/2026/TT-BCT`` for a legal text) still dates the document to that year; the
    span is the year in the number. Day and month are never guessed."""
    n = doc.number
    if doc.date is not None or n is None or n.year is None or n.start is None or n.end is None:
        return
    m = regex.search(rf"(?<!\d){n.year}(?!\d)", doc.text[n.start : n.end])
    if m is None:
        return
    doc.date = DateValue(str(n.year), n.start + m.start(), n.start + m.end())
    doc.warn(Warnings.W039.format(year=n.year))


def header_place_date(doc: Document) -> None:
    seg = doc.segments
    if seg is None or seg.place_date is None:
        _place_without_date(doc)
        return
    ln = seg.place_date
    pd = find_place_date(doc.text, doc.folded, ln.start, ln.end)
    if pd is None:
        _place_without_date(doc)
        return
    if pd.place and pd.place_start is not None:
        doc.place = TextValue(restore_place(clean_value(pd.place)), pd.place_start, pd.place_end)
    _set_date(doc, pd)


def _set_date(doc: Document, pd: PlaceDate) -> None:
    """``doc.date`` from a read place-and-date (damaged parts filled from an agreeing signing time)."""
    if pd.damaged and reconcile(pd, _stamp_times(doc)):
        doc.warn(Warnings.W021)
    iso = pd.iso()
    if iso:
        doc.date = DateValue(iso, pd.start, pd.end)
        if len(iso) == 7:
            doc.warn(Warnings.W012)
        elif len(iso) == 4:
            doc.warn(Warnings.W013)
    else:
        _year_from_number(doc)


def date_against_citations(doc: Document) -> None:
    """A month read beside an unreadable day (``ngày 2Ï tháng “9 năm 2018``) that falls before the
    date of a document the letter cites in the same year (a reply to "công văn … ngày 23/10/2018")
    cannot be right: OCR misread the month with the day, so only the year is kept. A printed day
    or a day left blank on purpose is not doubted (a cited date may itself be mistyped)."""
    d = doc.date
    iso = d.iso if d is not None else None
    if d is None or iso is None or len(iso) != 7 or d.start is None or not doc.citations:
        return
    line_start = doc.text.rfind("\n", 0, d.start) + 1
    line_end = doc.text.find("\n", d.start)
    pd = find_place_date(doc.text, doc.folded, line_start, len(doc.text) if line_end < 0 else line_end)
    if pd is None or pd.day.state != "damaged" or pd.month.state != "value" or pd.iso() != iso:
        return
    later = sorted(c.date for c in doc.citations if c.date and len(c.date) == 10
                   and c.date[:4] == iso[:4] and c.date[:7] > iso)
    if later:
        doc.warn(Warnings.W023.format(month=iso, cited=later[-1]))
        d.iso = iso[:4]
        # the month is misread too; the issuer's own signing time may stand in for both, as for
        # any destroyed day and month, when it is not before the document being answered
        pd.month = Part("damaged")
        if reconcile(pd, _stamp_times(doc)) and (pd.iso() or "") >= later[-1]:
            d.iso = pd.iso()
            doc.warnings = [w for w in doc.warnings if w != Warnings.W012]
            doc.warn(Warnings.W021)


# -- subject, type ----------------------------------------------------------------------------
def _subject_from_block(doc: Document) -> TextValue | None:
    seg = doc.segments
    if seg is None or seg.subject is None or not seg.subject.lines:
        return None
    first = seg.subject.lines[0]
    rules = load("header")
    f = doc.folded[first.start : first.end]
    m = rules.by_id("subject").search(f) or rules.by_id("subject-weak").search(f)
    cut = first.start + (m.end() if m else 0)
    if m is None:
        # a V/v that OCR garbled beyond the marker rules ("Ứ⁄ thuế GTGT"): a short first
        # token with a slash-like symbol in it is the marker, not the subject
        g = garbled_marker(first.text)
        if g:
            cut = first.start + g
    parts = [doc.text[cut : first.end]] + [x.text for x in seg.subject.lines[1:]]
    value = _tidy(" ".join(parts))
    if not value:
        return None
    return TextValue(value, cut, seg.subject.lines[-1].end)


_OPEN_QUOTE_TAIL = regex.compile(r'\s+[“"]([^”"]*)$')


def _cut_scribble_tail(s: str) -> str:
    """Drop a tail that opens a quote never closed and holds no Vietnamese word
    (``giải đáp chính sách thuế “...g M2 ce``): OCR of a stamp or a pen mark beside the line."""
    m = _OPEN_QUOTE_TAIL.search(s)
    if m is None or m.start() == 0:
        return s
    from .._lexicon import is_syllable

    if any(len(w) >= 2 and is_syllable(w) for w in regex.findall(r"\p{L}+", m.group(1))):
        return s  # "… trong “3 nước": a quotation the line break cut, not a scribble
    return s[: m.start()]


def _tidy(s: str) -> str:
    s = clean_value(s)
    s = regex.sub(r"^[\s:.;,\-–—]+", "", s)
    s = _cut_scribble_tail(s)
    s = _JUNK_EDGE.sub("", s) if s else s
    return s.strip()


def _title(doc: Document) -> tuple[TextValue | None, DocType | None, TextValue | None]:
    seg = doc.segments
    if seg is None or seg.title is None or not seg.title.lines:
        return None, None, None
    head = seg.title.lines[0]
    t = type_of_line(head.text)
    type_name = TextValue(clean_value(head.text.strip("#*_ ")), head.start, head.end)
    rest = seg.title.lines[1:]
    if not rest:
        return type_name, t, None
    value = _tidy(" ".join(x.text for x in rest))
    if t is not None and t.subject_with_name and not fold(value).startswith(fold(t.name)):
        value = f"{t.name} {value}"
    return type_name, t, TextValue(value, rest[0].start, rest[-1].end)


def _line_value(doc: Document, ln: Line | None, rule_id: str, group: str) -> TextValue | None:
    if ln is None:
        return None
    m = load("header").by_id(rule_id).search(doc.folded[ln.start : ln.end])
    if not m:
        return None
    s, e = ln.start + m.start(group), ln.start + m.end(group)
    return TextValue(clean_value(doc.text[s:e]).lower(), s, e)


def extract_header(doc: Document) -> None:
    """Pipeline step: set the header fields of the contract on ``doc``."""
    if doc.segments is None:
        segment(doc)
    if not doc.folded or len(doc.folded) != len(doc.text):
        doc.folded = fold(doc.text)
    seg = doc.segments
    assert seg is not None

    number, kind = header_number(doc)
    doc.number = number
    if number is None:
        doc.warn(Warnings.W010)

    header_place_date(doc)

    doc.urgency = _line_value(doc, seg.urgency, "urgency", "u")
    doc.security = _line_value(doc, seg.security, "security", "s")

    type_name, title_type, title_subject = _title(doc)
    doc.type_name = type_name
    subject = title_subject or _subject_from_block(doc)
    doc.subject = subject
    if subject is None:
        doc.warn(Warnings.W017)

    party = bool(number and number.text and regex.match(r"^\d+-", number.text))
    if title_type is not None:
        doc.doc_type = title_type.abbr
    elif kind is not None:
        doc.doc_type = kind.abbr
    elif seg.subject is not None:
        doc.doc_type = "CV"
    elif (st := type_from_symbol(number.symbol if number else None, party)) is not None:
        doc.doc_type = st.abbr
    elif seg.kinh_gui is not None:
        doc.doc_type = "CV"
    else:
        doc.doc_type = None
        doc.warn(Warnings.W022)

    iss = header_issuer(seg)
    if iss is not None:
        torn_issuer(iss, number.symbol if number else None)
        if iss.name and doc.place is not None and _restored(iss.name) is None:
            iss.name = _with_place(iss.name, doc.place.value) or iss.name
        bodies = joint_issuers(seg, number.symbol if number else None, type_name.value if type_name else None)
        if bodies is not None:
            # the lead body is the issuer, the others ride along (the contract has one issuer)
            lead = bodies[0]
            iss = Issuer(name=unit_name(_join(lead)), start=lead[0].start, end=lead[-1].end)
            iss.co_issuers = [TextValue(unit_name(_join(u)), u[0].start, u[-1].end) for u in bodies[1:]]
    if iss is None:
        iss = body_issuer(doc, number.symbol if number else None)
        if iss is not None:
            doc.warn(Warnings.W015)
        else:
            doc.warn(Warnings.W016)
    doc.issuer = iss or Issuer(None)
    _issuer_agency(doc)
    _form_fields(doc)


def _issuer_agency(doc: Document) -> None:
    """``issuer.agency_id`` from the agency registry: the issuer placed by its parent, itself or
    the place line (``Sở Công Thương`` of a Bắc Kạn letter → ``so-cong-thuong@bac-kan``); a
    name the registry cannot place in exactly one body stays unlinked."""
    from .._agencies import agency_id, issuer_province

    iss = doc.issuer
    if iss is None or not iss.name:
        return
    province = issuer_province(iss, doc.place)
    iss.agency_id = agency_id(iss.name, province=province, issuer=iss.parent)


def _form_fields(doc: Document) -> None:
    """Complete a blank number and date from the e-signature's form fields (ingest ``form_fields``).

    The contract's ``number`` and ``date`` stay as printed ("/QĐ-UBND", "2026");
    ``extras["form_fields"]`` gains ``number_filled`` ("2280/QĐ-UBND") and
    ``date_filled`` ("2026-04-29") where the page left exactly those parts blank.
    """
    ff = doc.extras.get("form_fields")
    if not isinstance(ff, dict):
        return
    num = doc.number
    if "number" in ff and num is not None and num.seq is None and num.text and num.text.startswith("/"):
        ff["number_filled"] = {"text": f"{ff['number']}{num.text}", "seq": int(ff["number"]), "year": num.year,
                               "symbol": num.symbol}
    iso = doc.date.iso if doc.date else None
    if iso and ("day" in ff or "month" in ff):
        parts = iso.split("-")
        month = parts[1] if len(parts) > 1 else ff.get("month")
        day = ff.get("day") if len(parts) < 3 else None
        if month and day:
            try:
                ff["date_filled"] = datetime.date(int(parts[0]), int(month), int(day)).isoformat()
            except ValueError:
                pass  # an impossible day: nothing is filled


__all__ = ["body_issuer", "extract_header", "header_issuer", "issuer_units", "restore_name", "restore_place"]
