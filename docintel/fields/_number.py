"""The number and symbol of a document (``Số: 88-BC/BCS``) → :class:`Number`.

Decree 30/2020 writes ``running number/symbol`` (``938/UBND-KGVX``), legal documents
``number/year/symbol`` (``344/2025/NĐ-CP``) and Party documents ``number-TYPE/ORG``
(``1332-CV/TU``). On the page the running number is often left blank (``Số: /VP-KGVX``,
``Số :........ /BHXH``) when it is filled in by the e-signature system, and OCR damages
it (``2/Š/CT-TTHT``, ``/22#  /TCT-KK``). The parser keeps what is readable: the
symbol is the trailing run of well-formed ``/``-segments; the running number is
kept only when it is clean digits, otherwise it is ``None`` and the number is
flagged ``damaged``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._model import Number

DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})

_FILLER = re.compile(r"(?:\.{2,}|…+|_+|·{2,})")
_SPACE_AROUND_SEP = re.compile(r"\s*([/-])\s*")
_SEGMENT_OK = re.compile(r"^[A-Za-z0-9ĐđƯưƠơ.&]+(?:-[A-Za-z0-9ĐđƯưƠơ.&]+)*$")
_SEQ = re.compile(r"^(?P<seq>\d{1,7}(?:\.\d{1,3})?[a-zA-Z]?)$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_SYMBOL_START = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9.&]*(?:-[A-Za-z0-9ĐđƯư.&]+)+$|^[A-ZĐ]{2,}[A-Za-z0-9Đđ]*$")
_LOST_SLASH = re.compile(r"^(?=.*\d)(?:[^A-Za-zĐđ]|[lIOo]){1,8}(?P<symbol>[A-ZĐ][A-ZĐ&]+(?:-[A-ZĐ&0-9][A-Za-zĐđ0-9&]*)+)$")
# "S¥O¥OICT-TTHT", "/4⁄Á ICTBNI-TTHT": the slash before the symbol read as I/l/| and glued to it,
# after junk in the number slot (a non-alphanumeric mark in the same word, or an earlier word)
_GLUED_SLASH = re.compile(r"^(?P<lead>.*?)[Il|](?P<symbol>[A-ZĐ]{2,}[A-ZĐ&]*(?:-[A-ZĐ&][A-Za-zĐđ0-9&]*)+)$")
_TRAILING_JUNK = re.compile(r"[\s\-_.,;:|'\"“”‘’]+$")
_STRAY_QUOTE = re.compile(r"(?<=[-/])['\"“”‘’`]+|['\"“”‘’`]+(?=[-/])")
_LEADING_JUNK = re.compile(r"^[\s:;.,…_|'\"“”‘’]+")


@dataclass(slots=True)
class ParsedNumber:
    number: Number
    damaged: bool = False


def _symbol_segment(seg: str) -> bool:
    """A well-formed part of a symbol: ``UBND-KGVX``, ``QH15``, ``CV-Habeco.NA`` (two letters at least)."""
    if not seg or not _SEGMENT_OK.match(seg):
        return False
    if re.match(r"^\d{1,7}-", seg):  # Party "1332-CV": handled by the caller
        return True
    if seg[0].isdigit() and "-" not in seg:
        return False  # "28FL0": OCR junk in the number, not a symbol (symbols end with digits: QH15)
    return sum(c.isalpha() for c in seg) >= 2


def _letters_in_number_slot(parts: list[str]) -> bool:
    """``["TC", "TCT-PC"]``, ``["AO5f", "CT-TTHT"]``: a short letters-only (or OCR letters-and-digits)
    part before a Decree-30 symbol (``TYPE-ORG``).

    Decree 30 symbols have no ``/`` inside (``UBND-KGVX``, ``QĐ-UBND``); a ``/`` after
    the running number's slot only separates a year or a Party ``TYPE/ORG`` pair, whose
    last part has no dash. So a bare 1–4-letter part first, with a dashed symbol after
    it, sits where the number belongs.
    """
    if len(parts) != 2:
        return False
    head, rest = parts
    if "-" not in rest:
        return False
    # "TC", or letters and digits mixed ("AO5f": an OCR'd handwritten number; a symbol part
    # with digits ends with them, QH15, and never opens a Decree-30 letter's number)
    return bool(re.fullmatch(r"[^\W\d_]{1,4}", head) or re.fullmatch(r"(?=\w*\d)[^\W\d_]\w{1,5}", head) and not re.fullmatch(r"[A-ZĐ]+\d+", head))


def _split_number(words: list[str]) -> str | None:
    """The number OCR broke into pieces, joined: ``1 0 9 4 3/BYT-MT``, ``120 1/TCHQ-TXNK``,
    ``5 2Ÿ Š/CT-TTHT``, ``2686 7TCT-DNNCN`` (the slash read as 7); ``None`` unless the
    pieces before the symbol are short and nearly letter-free (not words of a sentence)."""
    acc = ""
    for k, w in enumerate(words[:8]):
        if k > 0 and ("/" in w or _LOST_SLASH.match(acc + w)):
            return acc + w
        if len(w) > 5 or sum(c.isascii() and c.isalpha() for c in w) > 1 or not any(c.isdigit() for c in acc + w):
            return None
        acc += w
    return None


def parse_number(raw: str, start: int = 0) -> ParsedNumber | None:
    """Parse the text after ``Số:`` (``raw``, starting at ``start`` in the document).

    Returns ``None`` when nothing number-like is there. ``Number.start/end`` span the
    printed number in the document.
    """
    if len(raw) > 200:
        raw = raw[:200]
    lead = _LEADING_JUNK.match(raw)
    offset = lead.end() if lead else 0
    body = raw[offset:]
    if not body.strip():
        return None
    s = body.translate(DASHES)
    # cut at the first whitespace gap that is not around a separator, unless the
    # next word is a symbol written without its slash ("3790 TCT-CS", "3942 LĐTBXH-BHXH")
    s = _FILLER.sub(" ", s)
    compact = _SPACE_AROUND_SEP.sub(r"\1", s.strip())
    words = compact.split()
    if not words:
        return None
    token = words[0]
    split_dot = False
    # "Số:'8 00 /TXNK": a mark glued to the first of several pieces is a lost handwritten digit
    quote_glued = bool(lead) and lead.group(0)[-1:] in "'\"“”‘’`" if lead else False
    if len(words) > 1 and re.fullmatch(r"\d{1,7}", token) and _SYMBOL_START.match(words[1]):
        token = token + "/" + words[1]
    elif "/" not in token and not _LOST_SLASH.match(token):
        joined = _split_number(words)
        if joined:
            token = joined
            # "553. 3/…": a dot between the pieces is OCR noise, not a decimal number; so is a
            # mark glued before the pieces ("'8 00/…": the digit it stands for is lost)
            split_dot = "." in token.split("/", 1)[0] or quote_glued
    token = _TRAILING_JUNK.sub("", token)
    token = _STRAY_QUOTE.sub("", token)  # "912/SCT-'VP": OCR speckle beside a separator
    if not token or ("/" not in token and "-" not in token):
        return None  # a number always has its symbol after "/" (or "-" in Party numbers)
    lost = None if "/" in token else _LOST_SLASH.match(token)
    if lost:
        # "4#?LĐTBXH-BHXH", "284ÿCT-TT&HT": OCR took the slash; the symbol is still readable
        first = len(body) - len(body.lstrip())
        end = start + offset + _span_end(body, first, token)
        n = Number(text=token, seq=None, year=None, symbol=lost.group("symbol"), start=start + offset + first, end=end)
        return ParsedNumber(n, damaged=True)
    # span in the document: from the first printed char to the token's last char
    first = len(body) - len(body.lstrip())
    span_start = start + offset + first
    span_end = start + offset + _span_end(body, first, token)

    segments = token.split("/")
    # symbol: trailing run of well-formed segments that contain a letter
    k = len(segments)
    while k > 0 and _symbol_segment(segments[k - 1]):
        k -= 1
    symbol_parts = segments[k:]
    prefix = segments[:k]
    seq: int | None = None
    year: int | None = None
    damaged = False
    blank = False
    party_symbol: str | None = None
    slot_digits = False
    # Party form "1332-CV/TU": the running number joined to the type by a dash
    if k == 0 and symbol_parts and re.match(r"^\d{1,7}-", symbol_parts[0]):
        num, _, rest = symbol_parts[0].partition("-")
        seq = int(num)
        party_symbol = "/".join([rest, *symbol_parts[1:]])
        symbol_parts = []
    if party_symbol is None and not prefix and _letters_in_number_slot(symbol_parts):
        # "Số: TC /TCT-PC": letters where the running number goes (OCR of a stamped or
        # handwritten number, a fill-in mark); the number is unreadable, the symbol is the rest
        slot_digits = any(c.isdigit() for c in symbol_parts[0])  # "AO5f": a damaged number, not a blank
        symbol_parts = symbol_parts[1:]
        token = "/" + "/".join(symbol_parts)
    if party_symbol is None:
        joined = "/".join(prefix)
        if not prefix or joined == "":
            blank = True
        else:
            p = list(prefix)
            if p and p[0] == "":
                p = p[1:]
                damaged = bool(p)  # "/22#/TCT-KK": something unreadable in the number slot
            if p and _YEAR.match(p[-1]) and len(p) >= 2:
                year = int(p[-1])
                p = p[:-1]
            if len(p) == 1 and _SEQ.match(p[0]) and not damaged:
                seq = int(p[0]) if p[0].isdigit() else None
            elif p:
                damaged = True
            elif not p and year is None:
                blank = True
    symbol = party_symbol if party_symbol is not None else ("/".join(symbol_parts) or None)
    text = token
    if (split_dot or slot_digits) and party_symbol is None:
        damaged, blank = True, False
    if damaged:
        seq = None
    if symbol is None and damaged and party_symbol is None:
        glued = _glued_symbol(words[:3])
        if glued is not None:
            symbol, text = glued, "/" + glued
            span_end = start + offset + _span_end(body, first, " ".join(words[:3])[: _glued_end(words[:3], glued)])
    n = Number(text=text, seq=seq, year=year, symbol=symbol, start=span_start, end=span_end, blank=blank and seq is None)
    return ParsedNumber(n, damaged=damaged)


def _glued_symbol(words: list[str]) -> str | None:
    """The symbol of a damaged number slot whose slash OCR read as ``I`` and glued to it
    (``S¥O¥OICT-TTHT`` → ``CT-TTHT``; ``/4⁄Á ICTBNI-TTHT`` → ``CTBNI-TTHT``). Only after junk: a
    mark that is no letter or digit in the same word, or an earlier word of the slot; a word of
    letters alone (``ALGICT-TTHT``) could be a symbol itself and is left as read."""
    for k, w in enumerate(words):
        m = _GLUED_SLASH.match(w)
        if m is None:
            continue
        lead = m.group("lead")
        if (lead and any(not c.isalnum() for c in lead)) or (not lead and k > 0):
            return m.group("symbol")
        return None
    return None


def _glued_end(words: list[str], symbol: str) -> int:
    joined = " ".join(words)
    return joined.find(symbol) + len(symbol)


def _span_end(body: str, first: int, token: str) -> int:
    """End offset in ``body`` after the printed characters of ``token`` (spaces skipped)."""
    chars = [c for c in token if not c.isspace()]
    i = first
    j = 0
    n = len(body)
    while i < n and j < len(chars):
        c = body[i].translate(DASHES)
        if c == chars[j]:
            j += 1
            i += 1
        elif c.isspace() or c in ".…_·":
            i += 1
        elif chars[j] == "/":  # a slash we inserted ("3790 TCT-CS")
            j += 1
        else:
            i += 1
    return i


__all__ = ["ParsedNumber", "parse_number"]
