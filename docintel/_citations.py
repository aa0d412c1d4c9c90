"""Citations: every reference to another document by its type and number.

eyecite-style, in three passes over the folded text (:attr:`Document.folded`,
same length as the stored text, so every span is a span of ``doc.text``):

1. **find** full citations: a type word from ``rules/doc_types.yaml`` (or a
   generic noun such as "văn bản") with an optional "số", then a number
   (``Công văn số 938/UBND-KGVX``); a bare "số" with a symbol that names a type
   (``các kết luận số 86/TB-VPVP``); and a bare number whose symbol names a type
   (``Luật thuế TNDN 14/2008/QH12``). Numbers broken across lines or pages and
   OCR-spaced numbers (``28/2011/TT- BTC``) are joined; lists that share one type
   (``các Chỉ thị số: 05/CT-TTg, 06/CT-TTg``) give one citation per number.
   A number whose symbol has a letter's shape (``78793/CT-TTHT``: issuer-unit, no
   type code) is a công văn when a date follows it or an OCR-garbled type word
   ("Cảng văn") precedes its "số"; list items after a citation whose symbols name
   no type (``văn bản SỐ 1792/BC-BCA …, só 170/BNG-LS``) join it.
   Each citation takes its date, issuer ("của …", also between the type word and
   the number: ``Nghị định của Chính phủ số …``), subject ("về việc …"),
   article (``khoản 2 Điều 2``) and the relation its clause states; a clause
   "Ngày D, X (đã) ban hành/có/gửi <type> số N" gives date D and issuer X; bodies
   named before a bracketed list ("của A và B (các văn bản số …, số …)") go to
   its items in order. An issuer ends at a stop word or verb (rules/citations.yaml),
   a bracket, or a line that opens a new clause ("Căn cứ", "Theo", "Điều 2").
2. **merge**: one citation per distinct number (the first mention's span; later
   mentions go to ``mentions``), a partial number (``văn bản số 938``) joins the
   one full citation with that running number.
3. **resolve short forms**: ``Công văn nêu trên``, ``Nghị định này`` join the
   citation they point back to; when more than one could be meant, nothing.

The document's own number (its ``Số:`` line) is never a citation.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from ._model import Citation, Document
from ._normalise import fold, fold_key, nfc
from ._rules import load
from .fields._doctype import code_guards


@cache
def _rx(pattern: str) -> regex.Pattern[str]:
    """A compiled pattern, cached by a plain dict lookup (``regex``'s own cache is slow)."""
    return regex.compile(pattern)


# ---------------------------------------------------------------------------
# vocabulary (rules/doc_types.yaml + rules/citations.yaml)


@dataclass
class _Vocab:
    type_re: regex.Pattern[str]  # type words, folded
    word_type: dict[str, str]  # folded word (single-spaced) → abbreviation
    weak: set[str]  # folded generic nouns (type from the symbol)
    code_guards: dict[str, regex.Pattern[str]]  # code → what must follow it in a symbol
    bare_ok: set[str]  # types cited by a plain number without "số": Nghị định 117
    with_name: set[str]  # abbreviations whose name may sit between word and number (Luật X số …)
    codes: dict[str, str]  # folded code as written in a symbol → abbreviation
    relations: list[tuple[regex.Pattern[str], str, int]]
    not_citation: list[regex.Pattern[str]]
    annex_self: list[regex.Pattern[str]]
    this_re: regex.Pattern[str]
    above_re: regex.Pattern[str]
    issuer_stops: set[str]  # NFC lower case; two-word entries are phrases ("ban hành")
    issuer_stops_folded: set[str]  # for unmarked (OCR) tokens
    issuer_stops_always: set[str]  # folded function words that end a name in any text ("ve", "va")
    issuer_stop_phrases: set[str]  # folded two-word phrases, any case ("quy dinh")
    issuer_stop_seconds: set[str]  # NFC lower case second halves: "<garbled> dẫn" is "hướng dẫn"
    issuer_keep_pairs: set[str]  # folded word pairs that keep a stop word inside a name ("ngoai giao")
    issuer_abbrevs: set[str]
    issuer_before: list[regex.Pattern[str]]
    issuer_before_body: list[regex.Pattern[str]]
    line_opener: regex.Pattern[str]  # a clause opener at a line start ends a name ("Căn cứ", "Theo")
    clause_opener: regex.Pattern[str]  # … those that also open a new clause (not "Điều 2")


def _words_regex(words: Iterable[str]) -> str:
    alts = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(r"\s+".join(regex.escape(p) for p in w.split()) for w in alts)


@cache
def vocab() -> _Vocab:
    types = load("doc_types")
    cit = load("citations")
    word_type: dict[str, str] = {}
    codes: dict[str, str] = {}
    with_name: set[str] = set()
    bare_ok: set[str] = set()
    for r in types.rules:
        abbr = r.get("abbr")
        if not abbr:
            continue
        name = r.get("name")
        if name:
            word_type.setdefault(" ".join(fold(nfc(name)).split()), abbr)
        for alias in r.get("aliases") or []:
            word_type.setdefault(" ".join(fold(nfc(alias)).split()), abbr)
        for code in r.get("codes") or [abbr]:
            codes.setdefault(fold(nfc(code)), abbr)
        if r.get("subject_with_name"):
            with_name.add(abbr)
        if r.get("legal"):
            bare_ok.add(abbr)
    weak: set[str] = set()
    relations: list[tuple[regex.Pattern[str], str, int]] = []
    not_citation: list[regex.Pattern[str]] = []
    annex_self: list[regex.Pattern[str]] = []
    this_pats: list[regex.Pattern[str]] = []
    above_pats: list[regex.Pattern[str]] = []
    stops: set[str] = set()
    abbrevs: set[str] = set()
    before: list[regex.Pattern[str]] = []
    before_body: list[regex.Pattern[str]] = []
    openers: list[regex.Pattern[str]] = []
    clause_openers: list[regex.Pattern[str]] = []
    always: set[str] = set()
    phrases: set[str] = set()
    seconds: set[str] = set()
    keep: set[str] = set()
    for r in cit.rules:
        kind = r.get("kind")
        if kind == "relation":
            relations += [(p, str(r.get("relation")), int(r.get("priority", 1))) for p in r.patterns]
        elif kind == "weak-nouns":
            weak |= {" ".join(fold(nfc(w)).split()) for w in r.get("words") or []}
        elif kind == "not-a-citation":
            not_citation += r.patterns
        elif kind == "annex-self":
            annex_self += r.patterns
        elif kind == "anaphora":
            (this_pats if r.get("refers") == "this" else above_pats).extend(r.patterns)
        elif kind == "issuer-stops":
            stops |= {nfc(str(w)).lower() for w in r.get("words") or []}
            always |= {fold(nfc(str(w))) for w in r.get("folded") or []}
            phrases |= {" ".join(fold(nfc(str(w))).split()) for w in r.get("phrases") or []}
            seconds |= {nfc(str(w)).lower() for w in r.get("second_halves") or []}
            keep |= {" ".join(fold(nfc(str(w))).split()) for w in r.get("name_pairs") or []}
        elif kind == "issuer-abbreviations":
            abbrevs |= {str(w) for w in r.get("words") or []}
        elif kind == "issuer-before":
            before += r.patterns
        elif kind == "issuer-before-body":
            before_body += r.patterns
        elif kind == "issuer-line-openers":
            openers += r.patterns
            if r.get("clause"):
                clause_openers += r.patterns
    for w in weak:
        word_type.pop(w, None)
    alts = _words_regex(list(word_type) + list(weak))
    type_re = regex.compile(r"(?<![\w])(?:" + alts + r")(?![\w])")
    return _Vocab(
        type_re=type_re,
        word_type=word_type,
        weak=weak,
        with_name=with_name,
        code_guards=code_guards(),
        bare_ok=(bare_ok | set(cit.meta.get("bare_number_types") or [])) - {"L", "HP"},
        codes=codes,
        relations=relations,
        not_citation=not_citation,
        annex_self=annex_self,
        this_re=_any(this_pats),
        above_re=_any(above_pats),
        issuer_stops=stops,
        issuer_stops_folded={fold(w) for w in stops},
        issuer_stops_always=always,
        issuer_stop_phrases=phrases,
        issuer_stop_seconds=seconds,
        issuer_keep_pairs=keep,
        issuer_abbrevs=abbrevs,
        issuer_before=before,
        issuer_before_body=before_body,
        line_opener=_any(openers),
        clause_opener=_any(clause_openers),
    )


def _any(pats: list[regex.Pattern[str]]) -> regex.Pattern[str]:
    if not pats:
        return regex.compile(r"(?!)")
    return regex.compile("|".join(f"(?:{p.pattern})" for p in pats))


# ---------------------------------------------------------------------------
# numbers

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_PIECE = r"[0-9a-z](?:[0-9a-z&]|\.(?=[0-9a-z]))*"
# separators: "/" or "-" (a space may precede "-": "88 -BC/BCS"); whitespace, even a blank
# line, may follow one (line and page breaks inside a number)
_SEP = r"(?:[ ]?[-\u2010-\u2014/])[ \t]*(?:\n[ \t]*){0,3}"
# up to 11 pieces: a joint circular's symbol names every issuing body
# (10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC is nine pieces)
NUMBER_RE = regex.compile(_PIECE + r"(?:" + _SEP + _PIECE + r"){0,10}")
_BARE_RE = regex.compile(r"(?<![\w/.\-])\d" + r"(?:[0-9a-z&]|\.(?=[0-9a-z]))*(?:" + _SEP + _PIECE + r"){1,10}")
# "số" (OCR "só", "sô", "s6", "SỐ") and the punctuation OCR puts after it: "số:", "số, 1888", "số- 1266", "số _4103"
_SO_RE = regex.compile(
    r"[\s:]*(?:s[oe6](?![\w])|s\u00f4|so:)(?:[\s:.]|[,_\-](?=[ \t]*_?\d+[ \t]*[/-]))*"
)
_SO_START = regex.compile(r"(?<![\w])s[oe](?![\w])[ \t]*:?[ \t]*(?:\n[ \t]*)?")
_YEAR = regex.compile(r"(?:19[4-9]\d|20\d\d)")
_QH_OCR = regex.compile(r"^QH[IlL1|]+\d*$", regex.I)


@dataclass
class NumberParts:
    text: str
    seq: int | None
    year: int | None
    symbol: str | None
    end: int


def _continuation_ok(text: str, sep_end: int) -> bool:
    """A piece after a line break or space must look like a symbol part (upper case or digit)."""
    ch = text[sep_end : sep_end + 1]
    return bool(ch) and (ch.isupper() or ch.isdigit())


def _spaced_piece_ok(pieces: list[str], k: int) -> bool:
    """A separator with a space before it ("88 -BC/BCS", "26 /2025/NĐ-CP") continues the number
    only into a symbol part, or into a year that a symbol part follows (never "12 /3/2020")."""
    nxt = pieces[k + 1] if k + 1 < len(pieces) else ""
    if nxt[:1].isalpha():
        return True
    after = pieces[k + 3] if k + 3 < len(pieces) else ""
    return bool(_YEAR.fullmatch(nxt)) and after[:1].isalpha()


def scan_number(text: str, folded: str, pos: int, *, bare: bool = False) -> NumberParts | None:
    """The document number starting at ``pos`` (None when there is none)."""
    m = (_BARE_RE if bare else NUMBER_RE).match(folded, pos)
    if not m:
        return None
    raw = text[m.start() : m.end()]
    # cut at a continuation that is not a symbol part (a word after "-\n")
    end = m.start()
    i = 0
    pieces = _rx(r"((?:[ ]?[-\u2010-\u2014/])[ \t]*(?:\n[ \t]*){0,3})").split(raw)
    out = ""
    for k, piece in enumerate(pieces):
        if k % 2 == 1:
            sep = piece
            has_ws = sep.strip() != sep or sep.startswith(" ")
            if has_ws:
                after = m.start() + i + len(sep)
                if not _continuation_ok(text, after) or (sep.startswith(" ") and not _spaced_piece_ok(pieces, k)):
                    break
            out += sep
            i += len(sep)
        else:
            out += piece
            i += len(piece)
            end = m.start() + i
    # "156/2020/NĐ-CPngày 31 …": the space before "ngày" lost; no symbol ends in "ngày"
    glued = _rx(r"(?<=[\w&])ngay$").search(folded, m.start(), end)
    if glued and glued.start() - m.start() >= 4:
        end = glued.start()
    raw = text[m.start() : end]
    norm = _rx(r"\s+").sub("", nfc(raw)).translate(DASHES)
    if not any(c.isdigit() for c in norm):
        return None
    # "144/2025QH15": the slash between the year and a Quốc hội symbol dropped (typing/OCR); a
    # law's or resolution's number is always N/YYYY/QHnn. Other glued forms are kept as printed
    # (a company's own "03/2021CV-SN" is its number).
    norm = _rx(r"^(\d{1,7}/(?:19[4-9]\d|20\d\d))(?=(?:UBTV)?QH\d{1,2}$)").sub(r"\1/", norm)
    parts = _rx(r"[-/]").split(norm)
    seq = int(parts[0]) if parts[0].isdigit() and len(parts[0]) <= 7 else None
    if seq is None:
        lead = _rx(r"\d+").match(parts[0])
        if lead and lead.end() < len(parts[0]) and len(parts[0]) - lead.end() <= 2 and parts[0][lead.end() :].isalpha():
            seq = int(lead.group(0))  # 35A/THB-TV
    # OCR: QHI1 → QH11
    fixed = []
    for p in _rx(r"([-/])").split(norm):
        fixed.append("QH" + _rx(r"[IlL|]").sub("1", p[2:]) if _QH_OCR.match(p) and p[:2].upper() == "QH" else p)
    norm = "".join(fixed)
    parts = _rx(r"[-/]").split(norm)
    year = None
    rest = norm
    if seq is not None and len(parts) > 1:
        rest = norm[len(parts[0]) + 1 :]
        if len(parts) > 2 and _YEAR.fullmatch(parts[1]):
            year = int(parts[1])
            rest = rest[len(parts[1]) + 1 :]
        else:
            tail = _rx(r"/(" + _YEAR.pattern + r")$").search(rest)
            if tail:
                year = int(tail.group(1))
                rest = rest[: tail.start()]
    symbol = rest if seq is not None and len(parts) > 1 else (None if seq is not None else norm)
    return NumberParts(norm, seq, year, symbol or None, end)


def _join_split_number(text: str, folded: str, num: NumberParts) -> NumberParts:
    """OCR splits a running number: "số 161 14/CT-TTr4" → 16114/CT-TTr4, "số 1 0 /2018/TTLT/…" → 10/2018/…."""
    m = _rx(r" (\d{1,4})(?=[ ]?[/-])").match(folded, num.end)
    if not m or len(num.text) > 4:
        return num
    rest = scan_number(text, folded, m.start(1))
    if rest is None or rest.seq is None or not rest.text.startswith(m.group(1)):
        return num
    joined = num.text + rest.text
    return NumberParts(joined, int(num.text + m.group(1)), rest.year, rest.symbol, rest.end)


def _join_split_year(text: str, folded: str, num: NumberParts) -> NumberParts:
    """OCR splits the year inside a number: "số 03/202 1/UBTVQH15" → 03/2021/UBTVQH15."""
    if not _rx(r".*[-/](?:19|20)\d").fullmatch(num.text):
        return num
    m = _rx(r" (\d)(?=[ ]?[-/][ \t]*[0-9a-z])").match(folded, num.end)  # "178/ 202 5 /QH15" too
    if not m:
        return num
    rest = scan_number(text, folded, m.start(1))
    if rest is None:
        return num
    joined = num.text + rest.text
    out = scan_number(joined, fold(joined), 0)
    if out is None or out.year is None:
        return num
    return NumberParts(out.text, out.seq, out.year, out.symbol, rest.end)


# the other drafting units a letter's symbol lists after a comma: 287/CT-HCQT,TV,AC
_CO_UNITS = regex.compile(r"(?:,[ ]?[A-ZĐ][A-ZĐa-z0-9&]{0,7})+(?=[ \t]+(?:ngày|ngay|của|cua)\b|[ \t]*[;.)](?:\s|$))")


def _with_co_units(text: str, num: NumberParts) -> NumberParts:
    """A letter's symbol that names several drafting units keeps them (``287/CT-HCQT,TV,AC``);
    only when the date or issuer follows, so a list of numbers is never glued together."""
    if num.symbol is None or num.seq is None:
        return num
    m = _CO_UNITS.match(text, num.end)
    if m is None or not any(c.isupper() for c in m.group(0)):
        return num
    extra = _rx(r"\s+").sub("", m.group(0))
    return NumberParts(num.text + extra, num.seq, num.year, num.symbol + extra, m.end())


def number_key(number: str) -> str:
    """Comparison key of a number: no spaces, one dash, folded (Đ = D), lower case."""
    return fold(_rx(r"\s+").sub("", nfc(number)).translate(DASHES)).strip(".;:,")


# a Latin vowel with a tone or hat/breve/horn mark (Đ/đ, OCR's Ð, are letters of codes: QĐ, NĐ);
# type codes never carry one
_WORD_NOT_CODE = regex.compile(r"(?=\p{Script=Latin})[^\x00-\x7fĐđÐ]")


def type_from_symbol(number: str) -> str | None:
    """The type a number's symbol names: ``QĐ-UBND`` → QĐ, ``1332-CV/TU`` → CV, ``/QH12`` → L."""
    v = vocab()
    parts = [p for p in _rx(r"[-/]").split(number) if p]
    for p in parts[1:]:
        if p.isdigit():
            continue
        fp = fold(p)
        if _WORD_NOT_CODE.search(p):
            return None  # "Số 6 - Đà Nẵng": a marked syllable is a word, never a type code (ĐA)
        if fp in v.codes:
            abbr = v.codes[fp]
            guard = v.code_guards.get(abbr)
            if guard is not None:
                nxt = next((fold(x) for x in parts[parts.index(p) + 1 :] if not x.isdigit()), "")
                if not guard.fullmatch(nxt):
                    return None  # CT-TTHT: a Cục Thuế letter, not a Chỉ thị
            return abbr
        if _rx(r"qh(?:\d{0,2}|20\d\d)").fullmatch(fp):  # QH13, OCR/typing "QH2013"
            return "L"
        return None
    return None


# ---------------------------------------------------------------------------
# dates

_DAY = r"(?:[0-9Il|] ?[0-9Il|]|[0-9Il|])"  # OCR splits "11" into "1 1"
_DATE_RE = regex.compile(
    # "ngày ngày 18/6/2014": a typed repeat; "dé nga": OCR of "đề ngày" (never a bare "Nga")
    r"(?:(?:(?:de|ghi|ky|ban\s+hanh)\s+)?ngay|(?:de|ghi)\s+nga)[ \t]*(?:\n[ \t]*){0,3}(?:ngay[ \t]+)?"
    r"(?:(?P<d>" + _DAY + r")[ \t]*[/.\-][ \t]*(?P<m>" + _DAY + r")[ \t]*[/.\-][ \t]*(?P<y>\d{2,6})"
    r"|(?P<d2>" + _DAY + r")\s*thang\s*(?P<m2>" + _DAY + r")\s*(?:,\s*)?nam\s*(?P<y2>\d{4,6}))"
)
_YEAR_ONLY = regex.compile(r"nam\s+(?P<y>(?:19|20)\d\d)(?!\d)")


def _digits(s: str) -> int:
    return int(s.replace(" ", "").replace("I", "1").replace("l", "1").replace("|", "1").replace("i", "1"))


def _year(y: str, hint: int | None) -> int | None:
    if len(y) == 2:
        full = 2000 + int(y) if int(y) < 50 else 1900 + int(y)
        if hint and full != hint and y in ("19", "20") and str(hint).startswith(y):
            return None  # "119/2009/QĐ-TTg ngày 01/10/20⏎của …": a year cut after its century
        return full
    if len(y) == 4:
        return int(y)
    if hint and str(hint) in y:  # "15/6/202015": the number's year wins
        return hint
    for cand in (y[-4:], y[:4]):
        if _YEAR.fullmatch(cand):
            return int(cand)
    return None


def parse_date(m: regex.Match[str], hint: int | None = None) -> str | None:
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else (m.group("d2"), m.group("m2"), m.group("y2"))
    try:
        day, month = _digits(d), _digits(mo)
    except ValueError:
        return None
    year = _year(y, hint)
    if year is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# ---------------------------------------------------------------------------
# issuer names

_TOKEN = regex.compile(r"\S+")
_SO_NUMBER = regex.compile(r"s[oe6][ \t]*[:.]?[ \t]*\d")
_EDGE = " \t\n,;:.()“”\"'‘’/"


def _is_stop(tok: str, nxt: str = "", ascii_context: bool = False) -> bool:
    """A lower-case word that ends a name ("về", "quy định", "ban hành").

    Unmarked words ("ve") are compared folded only in unmarked (OCR-stripped) text:
    elsewhere "tra" is a word of "Thanh tra", not "trả".
    """
    v = vocab()
    low = nfc(tok).lower()
    pair = f"{low} {nfc(nxt).lower()}" if nxt else ""
    if pair and fold(pair) in v.issuer_stop_phrases:
        return True  # "Quy định chi tiết", "Hướng dẫn", "V/v" at any case
    if not tok[:1].islower():
        return low in {"về", "v/v"}
    if low in v.issuer_stops or (pair and pair in v.issuer_stops) or fold(low) in v.issuer_stops_always:
        return True
    if nxt and nfc(nxt).lower() in v.issuer_stop_seconds:
        return True  # "lướng dẫn", "huéng dẫn": an OCR-garbled "hướng dẫn"
    if low.isascii() and ascii_context:
        fpair = f"{low} {fold(nxt)}" if nxt else ""
        return low in v.issuer_stops_folded or bool(fpair and fpair in v.issuer_stops_folded)
    return False


def _kept_pair(prev: str, tok: str, nxt: str) -> bool:
    """A stop word that is part of a name with its neighbour: "Bộ Ngoại giao", "Ban thi đua"."""
    keep = vocab().issuer_keep_pairs
    f = fold(tok)
    return bool((prev and f"{fold(prev)} {f}" in keep) or (nxt and f"{f} {fold(nxt)}" in keep))


def _next_word(text: str, pos: int, limit: int) -> str:
    m = _TOKEN.search(text, pos, min(limit, pos + 40))
    return m.group(0).strip(_EDGE) if m else ""


_ACRONYM_PAREN = regex.compile(r"^\(\p{Lu}[\p{Lu}&]{1,9}\)[,;.]?$")


@cache
def _body_words() -> tuple[frozenset[str], tuple[str, ...]]:
    meta = load("citations").meta
    conts = frozenset(fold(nfc(str(w))) for w in meta.get("issuer_continuations") or [])
    heads = tuple(sorted((" ".join(fold(nfc(str(w))).split()) for w in meta.get("issuer_new_body") or []),
                         key=len, reverse=True))
    return conts, heads


@cache
def _known_body(name: str, *, closed: bool = False) -> bool:
    """The registry knows ``name`` as one whole body, written out (not expanded by the registry).
    ``closed``: also a central body that takes no place or parent after its name (Chính phủ,
    a Bộ, a Tổng cục), unlike a scoped body (Cục Thuế → "tỉnh …") or a unit (Văn phòng → "Bộ …")."""
    try:
        from ._agencies import registry

        reg = registry()
        restored = reg.restore(name)
        if restored is None or fold_key(restored) != fold_key(name):
            return False
        if not closed:
            return True
        m = reg.lookup(name)
    except Exception:  # noqa: BLE001 - the registry is optional
        return False
    if m is None or m.agency is None or m.title:
        return False
    a = m.agency
    return a.level == "central" and not a.unit and not a.scope


def _body_ends_here(toks: list[tuple[str, int, int]], after: list[str]) -> bool:
    """The issuer read so far is a whole known body and the next word does not go on naming it:
    a lower-case word that is no place/level word ("… Chính phủ điều chỉnh …"), or a capitalised
    word that opens another body (two bodies run together: "Thủ tướng Chính phủ Bộ Tài chính")."""
    nxt = after[0] if after else ""
    if not nxt or not toks:
        return False
    conts, heads = _body_words()
    fn = fold(nxt)
    if nxt[:1].islower():
        if fn in conts or fn == "va":
            return False
    elif nxt[:1].isupper():
        if not any(fn == h.split()[0] for h in heads):
            return False
    else:
        return False
    name = " ".join(t for t, _, _ in toks)
    if not _known_body(name, closed=True):
        return False
    # "Văn phòng" + "Chính phủ", "Cục Thuế" + "doanh nghiệp lớn": one longer body, not two
    return not any(_one_body(f"{name} {' '.join(after[:k])}") for k in range(1, len(after) + 1))


@cache
def _one_body(name: str) -> bool:
    """The registry names ``name`` as one body (its name or an alias, not two run together)."""
    try:
        from ._agencies import registry

        m = registry().lookup(name)
    except Exception:  # noqa: BLE001 - the registry is optional
        return False
    if m is None or m.agency is None or m.title:
        return False
    a = m.agency
    key = fold_key(name)
    return any(fold_key(x) == key for x in (a.name, a.short or "", *a.aliases))


def _display_name(name: str) -> str:
    """The registry's display form of a body written in lower case (``chính phủ`` → ``Chính phủ``)."""
    try:
        from ._agencies import registry

        return registry().restore(name) or name
    except Exception:  # noqa: BLE001 - the registry is optional
        return name


def _closed_before_line(toks: list[tuple[str, int, int]], text: str, nxt: int, limit: int) -> bool:
    """The name read up to a line break is a whole central body that takes nothing after it
    (Chính phủ, Thanh tra Chính phủ, a Bộ) and the capitalised words that open the next line do
    not go on naming one body with it: the line (a heading, a paragraph) ended with the name."""
    name = " ".join(t for t, _, _ in toks)
    if not _known_body(name, closed=True):
        return False
    after = [w.strip(_EDGE) for w in text[nxt : min(limit, nxt + 60)].split()[:4]]
    return not any(_one_body(f"{name} {' '.join(after[:k])}") for k in range(1, len(after) + 1))


def issuer_after(text: str, folded: str, pos: int, limit: int) -> tuple[str | None, int]:
    """The body named after "của" at ``pos``: ("Văn phòng UBND tỉnh", end) or (None, pos)."""
    v = vocab()
    toks: list[tuple[str, int, int]] = []
    last_end = pos
    plain = text[pos : pos + 80].isascii()
    for m in _TOKEN.finditer(text, pos, min(limit, pos + 300)):
        gap = text[last_end : m.start()]
        if toks and gap.count("\n") >= 1:
            prev = toks[-1][0]
            if prev[-1:] in ".;:" or gap.count("\n") > 2:
                break
            if v.line_opener.match(folded, m.start()) and text[m.start()].isupper():
                break  # "… của Chính phủ⏎Căn cứ Luật …": a new clause, not the rest of the name
            if text[m.start()].isupper() and _closed_before_line(toks, text, m.start(), limit):
                break  # "… của Thanh tra Chính phủ⏎Nhà đầu tư được …": a heading line ends there
        tok = m.group(0)
        start, end = m.start(), m.end()
        if tok.strip("|¦") == "":
            last_end = end
            continue  # table rule / OCR bar inside a name: "Thủ | tướng Chính phủ"
        if _ACRONYM_PAREN.match(tok) and toks:
            # "Bảo hiểm xã hội (BHXH) tỉnh Nghệ An": the short form the text defines, inside the name
            last_end = end
            if tok.rstrip()[-1:] in ",;.":
                break
            continue
        if tok[:1] in "(“\"'‘[":
            break
        paren = tok.find("(")
        if paren > 0:
            # "Việt Nam(sau đây gọi tắt …": the name ends where the bracket opens
            core = tok[:paren]
            off = len(core) - len(core.lstrip(_EDGE))
            lead = core.strip(_EDGE)
            if lead and not _is_stop(lead):
                toks.append((lead, start + off, start + off + len(lead)))
            break
        if toks and _SO_NUMBER.match(folded, start):
            break  # "… của Chính phủ sô 82/2015/NĐ-CP": the number, not the name
        core = tok.rstrip(_EDGE)
        lead = core.lstrip(_EDGE)
        if not lead:
            break
        fl = fold(lead)
        nxt_word = _next_word(text, end, limit)
        if _is_stop(lead, nxt_word, plain) and not _kept_pair(toks[-1][0] if toks else "", lead, nxt_word):
            if fl == "va" and toks:
                nxt = _TOKEN.search(text, end, min(limit, end + 40))
                if nxt and nxt.group(0)[:1].isupper() and not v.type_re.match(folded, nxt.start()):
                    toks.append((lead, start, start + len(lead)))
                    last_end = end
                    continue
            break
        if any(ch.isdigit() for ch in lead) and not toks:
            break
        if _rx(r"\d+[/.\-]\d+").match(lead):
            break
        tm = v.type_re.match(folded, start + (len(tok) - len(tok.lstrip(_EDGE)))) if toks else None
        if tm and _rx(r"[\s:]*(?:s[oe](?![\w])|\d)").match(folded, tm.end()):
            break  # the next citation: "… của Chính phủ và Nghị định số …"
        toks.append((lead, start + (len(tok) - len(tok.lstrip(_EDGE))), start + (len(tok) - len(tok.lstrip(_EDGE))) + len(lead)))
        last_end = end
        tail = tok[len(tok.rstrip(_EDGE)) :]
        if tail:
            if tail.startswith(".") and (lead in v.issuer_abbrevs):
                continue
            if tail == ".":
                nxt = _TOKEN.search(text, end, min(limit, end + 40))
                if nxt and nxt.group(0)[:1].islower() and not _is_stop(nxt.group(0).strip(_EDGE)):
                    continue  # "Công. ty": an OCR dot
                if nxt and len(toks) == 1 and nxt.group(0)[:1].isupper():
                    # "của Bộ. Tài chính": an OCR dot after a head word, when the words after it
                    # finish one body the registry knows (a sentence may end after "của Bộ.")
                    more = [w.strip(_EDGE) for w in text[nxt.start() : min(limit, nxt.start() + 60)].split()[:4]]
                    if any(_one_body(" ".join([lead, *more[:k]])) for k in range(1, len(more) + 1)):
                        continue
            if tail.strip("-"):
                break
        if _body_ends_here(toks, [w.strip(_EDGE) for w in text[end : min(limit, end + 60)].split()[:4]]):
            break
        if len(toks) >= 14:
            break
    while toks and (
        (_is_stop(toks[-1][0], "", plain) and not (len(toks) > 1 and _kept_pair(toks[-2][0], toks[-1][0], "")))
        or toks[-1][0] in {"-", "–", "ban"}
        or (len(toks[-1][0]) == 1 and toks[-1][0].islower())
    ):
        toks.pop()
    if not toks:
        return None, pos
    caps = sum(1 for t, _, _ in toks if t[:1].isupper())
    name = " ".join(t for t, _, _ in toks)
    if not toks[0][0][:1].isupper() and caps * 2 < len(toks):
        if not _known_body(name, closed=True):
            return None, pos  # lower case is no name, unless it spells a whole central body ("của chính phủ")
        name = _display_name(name)
    name = _rx(r"\s+").sub(" ", name).translate(DASHES).strip(" -,;")
    return (name or None), toks[-1][2]


def issuer_before(text: str, folded: str, type_start: int, floor: int) -> str | None:
    """The body named before "(đã) có / ban hành" + the type word: "Bộ Tài chính đã có công văn số …"."""
    found = _issuer_before_span(text, folded, type_start, floor)
    return found[0] if found else None


def _issuer_before_span(text: str, folded: str, type_start: int, floor: int) -> tuple[str, int] | None:
    """:func:`issuer_before` with the offset where the name starts."""
    v = vocab()
    lo = max(floor, type_start - 30)
    window = folded[lo:type_start]
    m = None
    body_only = False
    for p in v.issuer_before:
        m = p.search(window)
        if m:
            break
    if not m:
        for p in v.issuer_before_body:
            m = p.search(window)
            if m:
                body_only = True
                break
    if not m:
        return None
    cut = lo + m.start()
    toks: list[tuple[str, int]] = []
    chunk_start = max(floor, cut - 120)
    words = list(_TOKEN.finditer(text, chunk_start, cut))
    for w in reversed(words):
        tok = w.group(0)
        if tok[-1:] in ",;:.)(”\"" or any(c.isdigit() for c in tok):
            break
        lead = tok.strip(_EDGE)
        if _is_stop(lead) and fold(lead) != "va":
            break
        toks.append((lead, w.start() + (len(tok) - len(tok.lstrip(_EDGE)))))
        if len(toks) >= 9:
            break
    toks.reverse()
    while toks and not toks[0][0][:1].isupper():
        toks.pop(0)
    if not toks:
        return None
    name = " ".join(t for t, _ in toks)
    if body_only and not _opens_with_body(name):
        return None
    return name, toks[0][1]


def _opens_with_body(name: str) -> bool:
    """``name`` opens with a body word (Bộ, Cục, UBND, Văn phòng …) or the registry knows it."""
    key = " ".join(fold(nfc(name)).split())
    heads = _body_words()[1]
    return any(key == h or key.startswith(h + " ") for h in heads) or _known_body(name)


# "Ngày 12/3/2020 Tổng cục Thuế đã ban hành Công văn số …": the date opens the clause
_CLAUSE_DATE = regex.compile(
    r"(?:^|(?<=[.;:(\n]|,))[ \t\n]*(?P<date>" + _DATE_RE.pattern + r")[ \t]*,?[ \t\n]*$"
)


def date_before(text: str, folded: str, type_start: int, floor: int, hint: int | None = None) -> str | None:
    """The date of a citation whose clause opens with it: "Ngày D, X (đã) ban hành/có/gửi <type> số N"."""
    found = _issuer_before_span(text, folded, type_start, floor)
    if not found:
        return None
    lo = max(0, found[1] - 60)
    m = _CLAUSE_DATE.search(folded[lo : found[1]])
    if not m or lo + m.start("date") < floor or (m.start() == 0 and lo > 0 and folded[lo - 1] not in ".;:(,\n"):
        return None
    return parse_date(m, hint)


# ---------------------------------------------------------------------------
# the finder


@dataclass
class _Found:
    start: int
    end: int  # end of number (+ date when attached)
    number: NumberParts
    doc_type: str | None
    kind: str  # word | weak | so | bare | list
    word_end: int  # end of the type word (= start for so/bare)
    date: str | None = None
    issuer: str | None = None
    issuer_end: int = 0
    subject: str | None = None
    relation: str | None = None
    article: str | None = None
    tail_end: int = 0  # end of everything read after the number
    explicit_date: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)


_ARTICLE_RE = regex.compile(
    r"(?:(?:tiet|diem|khoan|dieu|muc|chuong|phan)\s+[0-9a-z]{1,4}(?:\.[0-9a-z]{1,3})?[\s,]*(?:va\s+|cua\s+)?)+$"
)
_WORD_AHEAD = regex.compile(r"[ \t]*(?:\n[ \t]*)?([^\s,;:.()\d\"“”]+)")


def _words_then_so(folded: str, pos: int, cap: int) -> tuple[list[str], int] | None:
    """Up to ``cap`` words at ``pos`` followed by "số": (the words, where "số" starts)."""
    words: list[str] = []
    for _ in range(cap + 1):
        m = _WORD_AHEAD.match(folded, pos)
        if not m:
            return None
        if _rx(r"s[oe]").fullmatch(m.group(1)) or _rx(r"s[oe]:").fullmatch(m.group(1)):
            return (words, m.start(1)) if words else None
        words.append(m.group(1))
        pos = m.end()
    return None

_INTERVENE_STOP = {
    "tai", "theo", "cua", "nay", "dieu", "khoan", "diem", "tiet", "muc", "mau", "ngay", "nam", "thang",
    "nhu", "tren", "la", "co", "duoc", "da", "thi", "cac", "mot", "nhung", "voi", "cho", "de",
}
# function words that belong inside the title of a law or ordinance ("Pháp lệnh Ưu đãi người có công
# với cách mạng số 02/2020/UBTVQH14", "Luật Phòng, chống tác hại của rượu, bia số 44/2019/QH14")
_TITLE_WORDS = {"co", "voi", "cua", "cho"}
_OWN_NUMBER = regex.compile(r"(?:^|\n)[ \t*#|]*s[oe06][ \t]*[:;.][ \t]*")


def _nth_line_end(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nl = text.find("\n", pos)
        if nl == -1:
            return len(text)
        pos = nl + 1
    return pos


_LIST_ITEM = regex.compile(
    r"[ \t]*(?:,|;|\bva\b|\bhoac\b|&)[ \t]*(?:\n[ \t]*)?(?P<so>(?<![\w])s[oe6](?![\w])[ \t]*[:.,]?[ \t]*(?:\n[ \t]*)?)?"
)
_LIST_SEP = regex.compile(r"[ \t]*(?:,|;|\bva\b|\bhoac\b|&)[ \t\n]*(?:(?:so|se)[ \t]*:?[ \t\n]*)?")


# the words between a repeated type word and "số" in a list item ("và công văn bổ sung hồ sơ số —")
_TYPED_ITEM_TAIL = regex.compile(r"(?:[ \t\n]+[a-z]+){0,5}[ \t\n]+s[oe6][ \t]*[:\-\u2010-\u2014]?[ \t\n]*")
# a letter's symbol: issuer code - unit code ("CT-TTHT", "BTC-TCT", "VPCP-ĐMDN", "UBND-KGVX")
_LETTER_SYMBOL = regex.compile(r"[A-ZĐ][A-ZĐ0-9&]{1,9}-[A-ZĐ][A-ZĐa-zđ0-9&]{0,9}")


def _edit_distance_le1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one substitution, insertion or deletion."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@cache
def _fuzzy_type(words: str) -> str | None:
    """The type of an OCR-garbled two-word type name one edit away ("cang van" → CV); never for a
    word that is a type name itself (pass A read those)."""
    v = vocab()
    if words in v.word_type or words in v.weak:
        return None
    hits = {
        ("CV" if w in v.weak else v.word_type[w])
        for w in list(v.word_type) + list(v.weak)
        if w.count(" ") == 1 and len(w) >= 7 and _edit_distance_le1(words, w)
    }
    return hits.pop() if len(hits) == 1 else None


def _shared_type(head: _Found) -> str | None:
    """The type a list head gives items whose symbol names none: its type word's ("các Chỉ thị số …"),
    but a generic noun ("các văn bản số 1792/BC-BCA, số 170/BNG-LS") only says "a letter"."""
    return "CV" if head.kind == "weak" else head.doc_type


# characters OCR reads one for another inside a symbol (BTC read BIC, TCT read ICT)
_CONFUSABLE = [set("IT1l|L"), set("O0QD"), set("B8"), set("S5"), set("Z2"), set("G6")]


def _ocr_variant(a: str, b: str) -> bool:
    """Two symbols of one document as OCR or typing left them: the same letters with other
    separators (``TTLT/BTP`` / ``TTLT-BTP``), or one confusable character apart (``TT-BIC``)."""
    if a == b:
        return False
    ka, kb = _rx(r"[-/]").sub("", a), _rx(r"[-/]").sub("", b)
    if ka == kb:
        return True
    if len(ka) != len(kb):
        return False
    diff = [(x, y) for x, y in zip(ka, kb, strict=True) if x != y]
    return len(diff) == 1 and any(diff[0][0] in g and diff[0][1] in g for g in _CONFUSABLE)


_QH_READ = regex.compile(r"/[ \t]*(QH[0-9IlL|]+)(?![\w])", regex.I)


def _ocr_legislature(ocr: Citation, clean: Citation) -> bool:
    """``ocr`` printed its legislature in OCR letters ("Luật … số 04/2007/QHII", read QH11) and ``clean``
    is the same running number and year with digits ("04/2007/QH12"): a law's number is its running
    number within the year, and which legislature the letters stand for cannot be read, so one law."""
    read, digits = (ocr.symbol or "").upper(), (clean.symbol or "").upper()
    if not read.startswith("QH") or not digits.startswith("QH"):
        return False
    m = _QH_READ.search(ocr.text)
    return m is not None and not m.group(1)[2:].isdigit() and digits[2:].isdigit()


def _known_code(symbol: str) -> int:
    """How many parts of ``symbol`` the agency registry or the type table knows."""
    try:
        from ._agencies import lookup
    except ImportError:  # pragma: no cover - the registry ships with the package
        return 0
    n = 0
    for part in _rx(r"[-/]").split(symbol):
        if len(part) < 2 or part.isdigit():
            continue
        if fold(part) in vocab().codes:
            n += 1
            continue
        m = lookup(part)
        n += bool(m is not None and m.agency is not None and m.via == "exact")
    return n


def _merge_variants(cits: list[Citation]) -> list[Citation]:
    """One entry per document: a citation whose number is an OCR variant of another's (same
    running number, year and type) joins it; the variant whose symbol parts the registry
    knows keeps its number, the earlier keeps its span, date and issuer fill each other."""
    out: list[Citation] = []
    for c in cits:
        twin = next(
            (
                o for o in out
                if c.seq is not None and o.seq == c.seq and o.year == c.year and o.doc_type == c.doc_type
                and o.symbol and c.symbol
                and (_ocr_variant(o.symbol, c.symbol) or _ocr_legislature(o, c) or _ocr_legislature(c, o))
            ),
            None,
        )
        if twin is None:
            out.append(c)
            continue
        if c.symbol and twin.symbol and _known_code(c.symbol) > _known_code(twin.symbol):
            twin.number, twin.symbol = c.number, c.symbol
        twin.mentions.append((c.start, c.end))
        _absorb(twin, c)
    return out


def _absorb(keep: Citation, other: Citation) -> None:
    """``other`` is another mention of ``keep``'s document: its mentions join, and what ``keep`` lacks
    (date, issuer, subject) is taken from it."""
    keep.mentions.extend(other.mentions)
    keep.date = keep.date or other.date
    keep.issuer = keep.issuer or other.issuer
    keep.subject = keep.subject or other.subject


def _stump_of(short: Citation, full: Citation) -> bool:
    """``short`` is ``full``'s number cut short: OCR lost the end at a line break ("Nghị định số 65/2013/ND-" /
    "ngày …" → 65/2013/ND beside 65/2013/NĐ-CP), or a text wrote its short form ("Nghị định số 68/2016" for
    68/2016/NĐ-CP). It stops at one of ``full``'s separators, carries a year, and names no other date or type
    (11/TTLB of 1993 is no stump of 11/TTLB-NV-NG of 1988)."""
    year = short.year
    if year is None and short.symbol and short.symbol.isdigit() and len(short.symbol) == 4:
        year = int(short.symbol)  # "68/2016": the scanner reads the bare year as the symbol
    if year is None or short.seq is None or short.seq != full.seq or year != full.year:
        return False  # (checked before the keys: most pairs of a document's citations differ here)
    ks, kf = number_key(short.number), number_key(full.number)
    if not (len(ks) < len(kf) and kf.startswith(ks) and kf[len(ks)] in "-/"):
        return False
    if short.date and full.date and short.date != full.date:
        return False
    return short.doc_type in (None, full.doc_type) or type_from_symbol(full.number) == short.doc_type


def _merge_stumps(cits: list[Citation]) -> list[Citation]:
    """One entry per document: a number cut short joins the one full number it is the stump of (two
    candidates: ambiguous, it stays); the earlier mention keeps the span, date and issuer fill each other."""
    out: list[Citation] = []
    for c in cits:
        fulls = [o for o in cits if o is not c and _stump_of(c, o)]
        if len(fulls) != 1:
            out.append(c)
            continue
        full = fulls[0]
        if c.start < full.start:
            full.mentions.append((full.start, full.end))
            full.text, full.start, full.end = c.text, c.start, c.end
        else:
            full.mentions.append((c.start, c.end))
        _absorb(full, c)
    return out


class _Finder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.folded = doc.folded if len(doc.folded) == len(doc.text) else fold(doc.text)
        self.v = vocab()
        self.found: list[_Found] = []
        self.taken: list[tuple[int, int]] = []

    # -- helpers ----------------------------------------------------------
    def _is_taken(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.taken)

    def _excluded_before(self, pos: int) -> bool:
        window = self.folded[max(0, pos - 40) : pos]
        return any(p.search(window) for p in self.v.not_citation)

    def _header_number(self, so_start: int) -> bool:
        """A "Số:" line (the document's own number, or a quoted document's header)."""
        line_start = self.text.rfind("\n", 0, so_start) + 1
        before = self.text[line_start:so_start]
        if before.strip(" *#|") == "" and self.text[so_start : so_start + 1] in "SsŠ":
            after = self.text[so_start : so_start + 6]
            return ":" in after or self.text[so_start].isupper()
        return False

    def _tail(self, f: _Found) -> None:
        """Read date, issuer, subject after the number."""
        text, folded = self.text, self.folded
        pos = f.number.end
        limit = len(text)
        for _ in range(4):
            m = _rx(r"[ \t\n,_(]*").match(folded[pos : pos + 40])
            p = pos + (m.end() if m else 0)
            dm = _DATE_RE.match(folded, p) if f.date is None else None
            if dm:
                iso = parse_date(dm, f.number.year)
                if iso:
                    f.date = iso
                    f.explicit_date = True
                    if f.issuer is None:
                        f.end = dm.end()
                    pos = dm.end()
                    continue
                pos = dm.end()
                continue
            if f.date is None:
                ym = _YEAR_ONLY.match(folded, p)
                if ym:
                    f.date = ym.group("y")
                    pos = ym.end()
                    continue
            if f.issuer is None and _rx(r"cua[ \t]*\n?[ \t]*\n?[ \t]*").match(folded[p : p + 12]):
                # "của của Công ty …": an OCR/typing repeat of "của"
                cm = _rx(r"(?:cua(?![\w])[ \t]*(?:\n[ \t]*){0,2}){1,2}").match(folded[p : p + 20])
                assert cm is not None
                name, end = issuer_after(text, folded, p + cm.end(), limit)
                if name:
                    f.issuer = name
                    f.issuer_end = end
                    pos = end
                    continue
            break
        f.tail_end = pos
        sm = _rx(r"[ \t\n,]*(?:ve\s+viec|v/v|ve)[ \t]*(?:\n[ \t]*)?").match(folded[pos : pos + 20])
        if sm and sm.end() > 0:
            s = pos + sm.end()
            stop = _rx(r"[;]|\.(?:\s|$)|\n\s*\n|\(")
            em = stop.search(text, s, min(len(text), s + 300))
            e = em.start() if em else min(len(text), s + 300)
            nt = self.v.type_re.search(folded, s, e)
            while nt and not _rx(r"[\s:]*(?:s[oe](?![\w])|\d)").match(folded[nt.end() : nt.end() + 8]):
                nt = self.v.type_re.search(folded, nt.end(), e)
            if nt:
                e = nt.start()
            subj = _rx(r"\s+").sub(" ", text[s:e]).strip(" ,;:-")
            if len(subj) >= 4:
                f.subject = subj
                f.tail_end = e

    def _add(self, f: _Found) -> None:
        self.found.append(f)
        self.taken.append((f.start, f.number.end))

    # -- pass A: type word (+ số) + number -------------------------------
    def find_typed(self) -> None:
        text, folded, v = self.text, self.folded, self.v
        for m in v.type_re.finditer(folded):
            word = " ".join(m.group(0).split())
            weak = word in v.weak
            abbr = None if weak else v.word_type.get(word)
            p = m.end()
            so = _SO_RE.match(folded, p)
            had_so = bool(so and _rx(r"s[oe6]").search(folded[so.start() : so.end()]))
            q = so.end() if so else p
            issuer: str | None = None
            named = False  # words stand between the type word and "số"
            if not had_so and _rx(r"[ \t]*(?:\n[ \t]*)?cua(?![\w])[ \t]*(?:\n[ \t]*)?").match(folded, p):
                # the issuer between the word and "số": Nghị định của Chính phủ số 82/2015/NĐ-CP
                cm = _rx(r"[ \t]*(?:\n[ \t]*)?cua(?![\w])[ \t]*(?:\n[ \t]*)?").match(folded, p)
                assert cm is not None
                name, name_end = issuer_after(text, folded, cm.end(), cm.end() + 160)
                if name and v.type_re.match(folded, cm.end()):
                    name = None  # "quy định của Luật Thanh tra số 56/2010/QH12": a document, not a body
                so2 = _SO_RE.match(folded, name_end) if name else None
                if so2 and _rx(r"s[oe6]").search(folded, so2.start(), so2.end()):
                    had_so, q, issuer = True, so2.end(), name
            if not had_so:
                # a name between the word and "số": Luật Quản lý thuế số 38/2019/QH14, Quy chế phối hợp số …
                cap = 10 if abbr in v.with_name else 3
                iv = _words_then_so(folded, p, cap)
                if iv:
                    words_between, so_at = iv
                    stops = _INTERVENE_STOP - _TITLE_WORDS if abbr in v.with_name else _INTERVENE_STOP
                    if not any(w in stops for w in words_between) and not v.type_re.search(folded, p, so_at):
                        so2 = _SO_RE.match(folded, so_at)
                        if so2:
                            had_so, q, named = True, so2.end(), True
                if not had_so:
                    ws = _rx(r"[ \t]*(?:\n[ \t]*)?").match(folded, p)
                    q = ws.end() if ws else p
            num = scan_number(text, folded, q)
            if num is None:
                continue
            if num.text.isdigit():
                num = _join_split_number(text, folded, num)
            else:
                num = _join_split_year(text, folded, num)
            num = _with_co_units(text, num)
            structured = "/" in num.text or "-" in num.text
            if not structured:
                if num.seq is None or abbr in v.with_name:
                    continue  # "Luật … số 3§/2019": a law is always cited with its full number
                if not _rx(r"[\s,.;)]|$").match(folded, num.end):
                    continue
                if not had_so:
                    # "Nghị định 117": a legal type, a plain running number, then a stop
                    nxt = folded[num.end : num.end + 12]
                    if abbr not in v.bare_ok or _YEAR.fullmatch(num.text) or not _rx(r"\s*(?:cua\b|ngay\b|va\b|[,.;)]|$)").match(nxt):
                        continue
            else:
                pieces = _rx(r"[-/]").split(num.text)
                if not any(c.isdigit() for c in pieces[0]) and not had_so:
                    continue
                if not had_so and not any(c.isalpha() for c in num.text) and not _YEAR.fullmatch(pieces[1]):
                    continue  # "LUẬT SƯ … 24/7", "Quyết định 3/4": a ratio or a day, not a number
            if self._is_taken(q):
                continue
            sym_type = type_from_symbol(num.text)
            doc_type: str | None
            if weak:
                doc_type = sym_type or "CV"
                kind = "weak"
            else:
                doc_type = abbr
                kind = "word"
                if named and sym_type not in (None, abbr, "L"):
                    # "hướng dẫn về thuế số 12/2015/NĐ-CP": the word is a verb of the sentence,
                    # the symbol names the type (a QH symbol is shared by laws and resolutions)
                    doc_type = sym_type
            f = _Found(m.start(), num.end, num, doc_type, kind, m.end(), issuer=issuer)
            self._add(f)

    # -- pass B/C: "số" + symbol, bare symbol -------------------------------
    def find_untyped(self) -> None:
        text, folded = self.text, self.folded
        for m in _BARE_RE.finditer(folded):
            if self._is_taken(m.start()):
                continue
            num = scan_number(text, folded, m.start(), bare=True)
            if num is None or num.seq is None:
                continue
            num = _with_co_units(text, num)
            sym_type = type_from_symbol(num.text)
            # what precedes: "số", "số:"
            before = folded[max(0, m.start() - 12) : m.start()]
            sm = _rx(r"(?<![\w])s[oe6][ \t]*:?[ \t]*(?:\n[ \t]*)?$").search(before)
            start = m.start() - (len(before) - sm.start()) if sm else m.start()
            if sym_type is None:
                sym_type = self._letter_type(num, m.start(), start if sm else None)
                if sym_type is None:
                    continue
            if sm and self._header_number(start):
                continue
            if not sm and self._header_number(self.text.rfind("\n", 0, m.start()) + 1):
                continue
            if self._excluded_before(start):
                continue
            # a date, not a number: 12/3/2020
            if _rx(r"\d{1,2}/\d{1,2}/\d{2,4}").fullmatch(num.text):
                continue
            f = _Found(start, num.end, num, sym_type, "so" if sm else "bare", start)
            self._add(f)

    def _letter_type(self, num: NumberParts, num_start: int, so_start: int | None) -> str | None:
        """The type of a number whose symbol names none but has the shape of a letter's symbol
        (Decree 30: a công văn's symbol is issuer-unit, no type code: 78793/CT-TTHT). It is a
        citation when a date follows ("tại 78793/CT-TTHT ngày 05/12/2017") or, after "số", when
        an OCR-garbled type word precedes ("Cảng văn số 10847/BTC-TCT")."""
        if num.symbol is None or not _LETTER_SYMBOL.fullmatch(num.symbol):
            return None
        if _rx(r"\d[ \t]$").search(self.folded, max(0, num_start - 2), num_start):
            return None  # OCR-spaced digits ("số1 0 9 4 3/BYT-MT"): the running number cannot be read
        gap = _rx(r"[ \t]*,?[ \t]*(?:\n[ \t]*)?").match(self.folded, num.end)
        if gap and _DATE_RE.match(self.folded, gap.end()):
            return "CV"
        if so_start is not None:
            wm = _rx(r"([a-z]+)[ \t]+(?:\n[ \t]*)?([a-z]+)[ \t]*(?:\n[ \t]*)?$").search(
                self.folded, max(0, so_start - 24), so_start
            )
            if wm:
                return _fuzzy_type(f"{wm.group(1)} {wm.group(2)}")
        return None

    # -- pass D: list items after a citation ---------------------------------
    def find_listed(self) -> None:
        """Items of a list that follow a citation: "các văn bản số 1792/BC-BCA ngày 27/12/2021, só
        170/BNG-LS ngày …", "công văn số 2110-01/2013 và số 2110-02/2013" (their symbols name no type,
        so passes A-C leave them). An item needs "số" or a symbol with letters."""
        text, folded = self.text, self.folded
        queue = sorted(self.found, key=lambda f: f.start)
        while queue:
            head = queue.pop(0)
            pos = head.number.end
            dm = _rx(r"[ \t]*(?:\n[ \t]*)?").match(folded, pos)
            d2 = _DATE_RE.match(folded, dm.end()) if dm else None
            if d2:
                pos = d2.end()
            sep = _LIST_ITEM.match(folded, pos)
            if not sep:
                continue
            start = sep.start("so") if sep.group("so") else sep.end()
            if self._is_taken(sep.end()):
                continue
            num = scan_number(text, folded, sep.end())
            if num is None or num.seq is None or not ("/" in num.text or "-" in num.text):
                continue
            if _rx(r"\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?").fullmatch(num.text):
                continue  # a date: "ngày 12/3, 15/4/2020"
            if not sep.group("so") and not any(c.isalpha() for c in num.text):
                continue
            kind = "so" if sep.group("so") else "bare"
            f = _Found(start, num.end, num, type_from_symbol(num.text) or _shared_type(head), kind, start)
            self._add(f)
            queue.insert(0, f)

    # -- context -------------------------------------------------------------
    def context(self) -> None:
        self.found.sort(key=lambda f: f.start)
        for f in self.found:
            self._tail(f)
        text, folded = self.text, self.folded
        prev_end = 0
        prev: _Found | None = None
        for f in self.found:
            # article: khoản 2 Điều 2 <type word>
            lo = max(prev_end, f.start - 120)
            am = _ARTICLE_RE.search(folded[lo : f.start])
            art_start = f.start
            if am and am.group(0).strip():
                art_start = lo + am.start()
                f.article = _rx(r"\s+").sub(" ", text[art_start : f.start]).strip(" ,")
                f.article = _rx(r"\s*(?:,|\bcủa\b)\s*$").sub("", f.article).strip() or None
            # relation: the nearest cue in the clause before
            clause_lo = max(0, art_start - 160)
            region = folded[clause_lo:art_start]
            masked = _rx(r"sua\s+doi\s*,\s*bo\s+sung").sub(lambda x: x.group(0).replace(",", " "), region)
            b = max((masked.rfind(c) for c in ".;:()"), default=-1)
            b = max(b, masked.rfind("\n\n"), masked.rfind(","))
            for om in self.v.clause_opener.finditer(region):
                if text[clause_lo + om.start()].isupper():
                    b = max(b, om.start() - 1)  # "…của Chính phủ⏎Căn cứ Luật …": a new clause
            reg_lo = clause_lo + b + 1
            f.relation = None
            if prev is not None and prev.tail_end <= art_start and regex.fullmatch(
                r"[\s,;]*(?:(?:va|hoac|cung|&)\s*)?(?:cac\s+)?", folded[prev.tail_end : art_start]
            ):
                f.relation = prev.relation  # a list: the relation carries over
            elif prev is not None and prev_end > reg_lo:
                f.relation = "dẫn chiếu"  # the clause describes the previous citation
            else:
                f.relation = self._cue(folded[reg_lo:art_start]) or "dẫn chiếu"
            # issuer named before: "Bộ Tài chính đã có công văn số …"
            if f.issuer is None and f.kind in ("word", "weak"):
                f.issuer = issuer_before(text, folded, f.start, prev_end)
            # … and a date that opens that clause: "Ngày 12/3/2020 Tổng cục Thuế đã ban hành Công văn số …"
            if f.date is None and f.kind in ("word", "weak"):
                f.date = date_before(text, folded, f.start, prev_end, f.number.year)
            prev_end = max(f.tail_end, f.number.end)
            prev = f
        self._chains()

    def _cue(self, region: str) -> str | None:
        best: tuple[int, int, int, str] | None = None
        for pat, rel, prio in self.v.relations:
            for m in pat.finditer(region):
                key = (m.end(), prio, m.end() - m.start(), rel)
                if best is None or key[:3] > best[:3]:
                    best = key
        return best[3] if best else None

    def _chains(self) -> None:
        """Lists: items share the head's type (when their symbol names none), a trailing
        date/issuer is shared by items joined with "và"/commas."""
        folded = self.folded
        chains: list[list[_Found]] = []
        for f in self.found:
            if chains:
                last = chains[-1][-1]
                gap = folded[max(last.tail_end, last.number.end) : f.start]
                if last.tail_end <= f.start and _LIST_SEP.fullmatch(gap) and f.kind in ("so", "bare"):
                    chains[-1].append(f)
                    continue
                if last.tail_end <= f.start and f.kind in ("so", "bare") and self._typed_item(gap, last, f):
                    chains[-1].append(f)
                    continue
                gap2 = folded[max(last.tail_end, last.number.end) : f.start]
                if (
                    last.tail_end <= f.start
                    and _rx(r"[ \t\n]*(?:,|\bva\b)[ \t\n]*").fullmatch(gap2)
                    and f.kind == last.kind == "word"
                    and f.doc_type == last.doc_type
                ):
                    chains[-1].append(f)
                    continue
            chains.append([f])
        for ch in chains:
            head = ch[0]
            self._respectively(ch)
            for f in ch[1:]:
                if f.kind in ("so", "bare"):
                    f.kind = "list"
                    if type_from_symbol(f.number.text) is None and _shared_type(head):
                        f.doc_type = _shared_type(head)
            if len(ch) < 2:
                continue
            last = ch[-1]
            for f in ch[:-1]:
                if f.issuer is None and last.issuer and not f.subject:
                    f.issuer = last.issuer
                if f.date is None and last.date and last.explicit_date and f.tail_end == f.number.end:
                    # "Thông báo số 101/TB-VPCP và Thông báo số 102/TB-VPCP ngày 11/5/2021"
                    gap = folded[f.number.end : ch[ch.index(f) + 1].start]
                    if _rx(r"[ \t\n]*\bva\b[ \t\n]*").fullmatch(gap):
                        f.date = last.date

    def _typed_item(self, gap: str, last: _Found, f: _Found) -> bool:
        """``gap`` repeats ``last``'s type word with a few words of its own before "số" ("công văn số
        190101/CV/RKV ngày 18/01/2019 và công văn bổ sung hồ sơ số — 190201/CV/RKV ngày 18/02/2019 của Công
        ty …"): the second item of a list of one type, so a trailing date or issuer is shared."""
        if last.doc_type is None or f.doc_type != last.doc_type:
            return False
        m = _rx(r"[ \t\n]*(?:,|\bva\b)[ \t\n]*").match(gap)
        if not m:
            return False
        tm = self.v.type_re.match(gap, m.end())
        if not tm or self.v.word_type.get(" ".join(tm.group(0).split())) != last.doc_type:
            return False
        return bool(_TYPED_ITEM_TAIL.fullmatch(gap, tm.end()))

    def _respectively(self, ch: list[_Found]) -> None:
        """Bodies named before a bracketed list, one per item, in order: "ý kiến của Bộ Công an
        và Bộ Ngoại giao (các văn bản số 1792/BC-BCA, số 170/BNG-LS)" → Bộ Công an, Bộ Ngoại giao.
        When the counts differ, nothing (ambiguity resolves to nothing)."""
        if any(f.issuer for f in ch):
            return
        text, folded = self.text, self.folded
        head = ch[0]
        pm = _rx(r"\([ \t\n]*(?:cac[ \t\n]+)?$").search(folded, max(0, head.start - 12), head.start)
        if not pm:
            return
        lo = max(0, pm.start() - 200)
        cms = list(_rx(r"(?<![\w])cua[ \t\n]+").finditer(folded, lo, pm.start()))
        cm = cms[-1] if cms else None
        if cm is None or _rx(r"[.;:()]").search(folded, cm.end(), pm.start()):
            return
        if any(g.start < pm.start() and max(g.tail_end, g.number.end) > cm.start() for g in self.found if g not in ch):
            return  # "Thông tư số 156/… của Bộ Tài chính (văn bản hợp nhất …)": that "của" is the earlier citation's
        names: list[str] = []
        seg_end = pm.start()
        bounds = [cm.end()]
        for sm in _rx(r"[ \t\n]*(?:,|\bva\b)[ \t\n]*").finditer(folded, cm.end(), seg_end):
            bounds += [sm.start(), sm.end()]
        bounds.append(seg_end)
        for a, b in zip(bounds[::2], bounds[1::2], strict=True):
            toks = text[a:b].split()
            if not toks or not toks[0][:1].isupper() or len(toks) > 10:
                return
            for i, t in enumerate(toks):
                nxt = toks[i + 1] if i + 1 < len(toks) else ""
                if _is_stop(t, nxt) and not _kept_pair(toks[i - 1] if i else "", t, nxt):
                    return
            names.append(" ".join(toks))
        if len(names) != len(ch):
            return
        for f, name in zip(ch, names, strict=True):
            f.issuer = name

    # -- output ---------------------------------------------------------------
    def _annex_self(self, f: _Found) -> bool:
        """An annex heading's "(Kèm theo Công văn số N/SYM …)" after the signing block, where SYM
        (and the year) are the document's own: the document itself, whatever OCR made of N."""
        n, sg = self.doc.number, self.doc.segments
        if n is None or not n.symbol or f.number.symbol is None or sg is None:
            return False
        ends = [b.start for b in (sg.appendix,) if b is not None] or [b.end for b in (sg.signature,) if b is not None]
        if not ends or f.start < ends[0]:
            return False
        if number_key(f.number.symbol) != number_key(n.symbol) or f.number.year != n.year:
            return False
        line_start = self.text.rfind("\n", 0, f.start) + 1
        window = self.folded[max(line_start, f.start - 40) : f.start]
        return any(p.search(window) for p in self.v.annex_self)

    def _truncated_self(self, f: _Found) -> bool:
        """The document's own number cut short by OCR ("QUYẾT ĐỊNH SỐ 28/2021/QD- -TTg" in a form
        heading → 28/2021/QD): the same running number and year, and a symbol that is a proper
        prefix of the document's own symbol. A different issuer's document with the same running
        number and year would carry its own, different symbol, not a stump of this one's."""
        n = self.doc.number
        num = f.number
        if n is None or n.seq is None or n.year is None or not n.symbol or not num.symbol:
            return False
        if num.seq != n.seq or num.year != n.year:
            return False
        own, got = number_key(n.symbol), number_key(num.symbol)
        return got != own and own.startswith(got) and own[len(got) : len(got) + 1] in "-/"

    def citations(self) -> list[Citation]:
        own = self._own_keys()
        by_key: dict[str, Citation] = {}
        worded: set[str] = set()  # keys whose type a type word gave ("công văn số …")
        out: list[Citation] = []
        for f in self.found:
            key = number_key(f.number.text)
            if key in own or self._annex_self(f) or self._truncated_self(f):
                continue
            if f.number.seq is not None and f.number.text.isdigit():
                # partial number: joins the one earlier citation with this running number
                same = [c for c in out if c.seq == f.number.seq and not c.number.isdigit()
                        and (f.doc_type in (None, "CV") or c.doc_type == f.doc_type)]
                if len(same) == 1:
                    same[0].mentions.append((f.start, f.number.end))
                    continue
            if key in by_key:
                c = by_key[key]
                c.mentions.append((f.start, f.number.end))
                c.date = c.date or f.date
                c.issuer = c.issuer or f.issuer
                c.subject = c.subject or f.subject
                if c.doc_type is None or (c.doc_type == "CV" and f.kind == "word" and f.doc_type and key not in worded):
                    c.doc_type = f.doc_type  # a letter typed by its symbol alone; the first word wins
                if f.kind == "word":
                    worded.add(key)
                continue
            c = Citation(
                text=_rx(r"\s+").sub(" ", self.text[f.start : f.end]).strip(),
                number=f.number.text,
                doc_type=f.doc_type,
                date=f.date,
                issuer=f.issuer,
                start=f.start,
                end=f.end,
                relation=f.relation,
                article=f.article,
                seq=f.number.seq,
                year=f.number.year,
                symbol=f.number.symbol,
                subject=f.subject,
            )
            by_key[key] = c
            if f.kind == "word":
                worded.add(key)
            out.append(c)
        out = _merge_stumps(_merge_variants(out))
        self._short_forms(out)
        return out

    def _own_keys(self) -> set[str]:
        """The document's own number: from the header step, else the first "Số:" line."""
        keys: set[str] = set()
        n = self.doc.number
        if n is not None and n.text and n.seq is not None:
            keys.add(number_key(n.text))
        sg = self.doc.segments
        line = sg.number_line if sg is not None else None
        if line is not None:
            m = _OWN_NUMBER.search(self.folded, line.start, line.end)
            if m:
                num = scan_number(self.text, self.folded, m.end())
                if num is not None and num.seq is not None:
                    keys.add(number_key(num.text))
        if not keys:
            head_end = _nth_line_end(self.text, 30)
            for m in _OWN_NUMBER.finditer(self.folded, 0, head_end):
                s_at = m.start() + len(m.group(0)) - len(m.group(0).lstrip("\n \t*#|"))
                if not self.text[s_at : s_at + 1].isupper():
                    continue
                num = scan_number(self.text, self.folded, m.end())
                if num is not None and num.seq is not None:
                    keys.add(number_key(num.text))
                    break
        return keys

    def _short_forms(self, cits: list[Citation]) -> None:
        text, folded, v = self.text, self.folded, self.v
        if not cits:
            return
        taken = [(c.start, c.end) for c in cits] + [m for c in cits for m in c.mentions]
        for m in v.type_re.finditer(folded):
            if any(s <= m.start() < e for s, e in taken):
                continue
            word = " ".join(m.group(0).split())
            abbr = None if word in v.weak else v.word_type.get(word)
            after = folded[m.end() : m.end() + 24]
            this = v.this_re.match(after)
            above = None if this else v.above_re.match(after)
            if not this and not above:
                continue
            earlier = [c for c in cits if c.start < m.start() and (abbr is None or c.doc_type == abbr)]
            if not earlier:
                continue
            end = m.end() + (this or above).end()  # type: ignore[union-attr]
            if this:
                nearest = max(earlier, key=lambda c: c.start)
                last_pos = max([nearest.end] + [e for _, e in nearest.mentions if e <= m.start()])
                between = text[last_pos : m.start()]
                quoted = "“" in between or '"' in between
                if self.doc.doc_type == abbr and not quoted:
                    continue  # "Quyết định này": the document itself
                if not quoted and m.start() - last_pos > 400:
                    continue
                nearest.mentions.append((m.start(), end))
            else:
                if len(earlier) == 1:
                    earlier[0].mentions.append((m.start(), end))


def find_citations(doc: Document) -> list[Citation]:
    """The citations of a document whose ``text`` (and ``folded``) are set."""
    if not doc.text:
        return []
    if "/" not in doc.text and "-" not in doc.text and "số" not in doc.text.lower():
        return []
    fd = _Finder(doc)
    fd.find_typed()
    fd.find_untyped()
    fd.find_listed()
    fd.context()
    return fd.citations()


def extract_citations(doc: Document) -> None:
    """Pipeline step: fill ``doc.citations`` (and doubt a damaged header month they contradict)."""
    doc.citations = find_citations(doc)
    from .fields._header import date_against_citations

    date_against_citations(doc)


def bench_citations(texts: Iterable[str]) -> dict[str, Any]:
    """Time citation extraction alone over already-normalised texts (for scripts/bench_parse.py)."""
    from ._model import Source

    n = chars = cites = 0
    t0 = time.perf_counter()
    for t in texts:
        doc = Document(text=t, source=Source("<bench>", "", "txt"))
        doc.folded = fold(t)
        cites += len(find_citations(doc))
        n += 1
        chars += len(t)
    dt = time.perf_counter() - t0
    return {"docs": n, "chars": chars, "citations": cites, "seconds": dt,
            "docs_per_s": n / dt if dt else None, "chars_per_s": chars / dt if dt else None}


__all__ = [
    "NumberParts",
    "bench_citations",
    "extract_citations",
    "find_citations",
    "number_key",
    "parse_date",
    "scan_number",
    "type_from_symbol",
    "vocab",
]
