"""Pipeline step ``clean``: page furniture out, page spans in.

Runs right after ``normalise``. Converters, OCR tools and PDF text layers leave
page furniture in the text: ``--- PAGE BREAK ---`` / ``--- PAGE 3 ---`` markers,
bare page numbers (``2``, ``- 2 -``, ``Trang 2/5``) at page boundaries, running
headers repeated at the top of every page (the Official Gazette's
``CÔNG BÁO/Số 281/Ngày 21-05-2026``). They would break a sentence, a
citation or a number that runs across a page, so they go; nothing else is
touched. A page boundary becomes a line break (a paragraph break when the page
ended a sentence), so ``13/BCĐ-`` ⏎ ``KGVX`` stays joinable.

The patterns are data (``rules/clean.yaml``). The step keeps the document's
maps exact: ``raw_offsets`` is composed with the deletions, ``folded`` is
recomputed and ``pages`` (from the PDF reader, or from the markers found here)
are page spans of the cleaned text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ._model import Document
from ._normalise import MappedText, fold
from ._rules import RuleFile, load

_LINE = re.compile(r"[^\n]*\n?")
# every furniture pattern has a digit, a run of dashes/equals, a bracket or a comment
_MAYBE = re.compile(r"\d|[-=\u2013\u2014_~*#]{2}|[\[<]")
_DIGITS = re.compile(r"\d+")
_NEWLINES = re.compile(r"\n{2,}")
_EDGE_NEWLINES = re.compile(r"\A\n+|\n+\Z")
_SENTENCE_END = re.compile(r"[.;:!?…]\)?$|\./\.$")


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first character
    end: int  # offset after the newline (or text end)
    text: str  # stripped
    kind: str | None = None  # marker | page_number | running_header


def _rules() -> RuleFile:
    return load("clean")


def classify(line: str) -> str | None:
    """The ``kind`` of a whole line (``marker``, ``page_number``, ``running_header``) or ``None``."""
    line = line.strip()
    if not line or len(line) > 120 or not _MAYBE.search(line):
        return None
    rf = _rules()
    s = rf.prepare(line)
    for rule in rf.rules:
        if any(p.search(s) for p in rule.patterns):
            return str(rule.get("kind"))
    return None


def is_letterhead(line: str) -> bool:
    """A line of a letter's own head (the national motto, maybe merged with the issuer's line):
    repeated at the top of an attached letter's page, it is still no running header."""
    rf = _rules()
    rule = rf.by_id("letterhead")
    s = rf.prepare(line)
    return any(p.search(s) for p in rule.patterns)


def _lines(text: str) -> list[_Line]:
    out = []
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        out.append(_Line(m.start(), m.end(), m.group(0).strip()))
    return out


def find_furniture(text: str, pages: list[tuple[int, int]] | None = None) -> tuple[set[int], list[int]]:
    """Lines to delete (by start offset) and page-start offsets found in ``text``.

    ``pages`` are known page spans (from a PDF); markers and running headers add more.
    """
    lines = _lines(text)
    for ln in lines:
        ln.kind = classify(ln.text) if ln.text else None
    delete: set[int] = set()
    starts: set[int] = {s for s, _ in pages or []}
    boundaries: list[int] = []  # index in `lines` of the first line of each page after the first
    for i, ln in enumerate(lines):
        if ln.kind == "marker":
            delete.add(ln.start)
            boundaries.append(i + 1)
        elif ln.kind == "running_header":
            delete.add(ln.start)
            boundaries.append(i)
    line_starts = [ln.start for ln in lines]
    for s in starts:
        k = bisect.bisect_left(line_starts, s)
        if 0 < k < len(lines):
            boundaries.append(k)
    boundaries = sorted(set(boundaries))
    if not boundaries and not any(ln.kind == "marker" for ln in lines):
        return delete, []
    # page numbers and running headers/footers next to each boundary (and at the text's ends)
    edges = sorted(set(boundaries) | {0, len(lines)})
    first_lines: dict[str, set[int]] = {}
    last_lines: dict[str, set[int]] = {}
    for b in edges:
        after = _content(lines, b, +1, delete)
        before = _content(lines, b - 1, -1, delete)
        for seq, bucket in ((after, first_lines), (before, last_lines)):
            for j in seq[:2]:
                ln = lines[j]
                if ln.kind == "page_number":
                    delete.add(ln.start)
                    continue
                key = _DIGITS.sub("#", fold(ln.text))
                if len(key) <= 100:
                    bucket.setdefault(key, set()).add(j)
                break  # only the outermost content line can be a running header/footer
    n_pages = len(edges) - 1
    for bucket in (first_lines, last_lines):
        for key, idx in bucket.items():
            if len(idx) >= 2 and len(idx) >= n_pages / 2 and any(c.isalpha() for c in key) \
                    and not is_letterhead(lines[min(idx)].text):
                delete.update(lines[j].start for j in idx)
    page_starts = sorted({lines[b].start for b in boundaries if b < len(lines)})
    return delete, page_starts


def _content(lines: list[_Line], i: int, step: int, deleted: set[int]) -> list[int]:
    """Up to three non-blank, not yet deleted lines from ``i`` in direction ``step``."""
    out: list[int] = []
    while 0 <= i < len(lines) and len(out) < 3:
        ln = lines[i]
        if ln.text and ln.start not in deleted:
            out.append(i)
        i += step
    return out


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# a token of letters, digits and the joiners of a number symbol ("06/2022/TT-BТС")
_TOKEN = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _homoglyph_table() -> dict[int, str]:
    meta = _rules().meta.get("homoglyphs") or {}
    return {ord(str(k)): str(v) for k, v in meta.items() if len(str(k)) == 1 and len(str(v)) == 1}


def latinise(text: str) -> str:
    """``text`` with Cyrillic look-alikes replaced by Latin letters inside tokens that also hold
    Latin letters (``TT-BТС`` → ``TT-BTC``); same length, so every offset stays valid.
    A word written wholly in Cyrillic is left alone."""
    if not _CYRILLIC.search(text):
        return text
    table = _homoglyph_table()

    def fix(m: re.Match[str]) -> str:
        tok = m.group(0)
        if not _CYRILLIC.search(tok) or not _LATIN.search(tok):
            return tok
        return tok.translate(table)

    return _TOKEN.sub(fix, text)


# OCR reads the second T of a Thông tư symbol as a digit or a stroke ("103/2014/T1-BTC",
# "213/2013/T1. BTC"): right after a number's year and before the issuer's letters no digit
# can stand, so "T1", "TI", "Tl", "T|" there become "TT" (same length).
_TT_SYMBOL = re.compile(r"(?<=\d/(?:19|20)\d\d/)T[1Il|](?=\s?[-.]\s?[A-ZĐ]{2,})")


def repair_symbols(text: str) -> str:
    """``text`` with OCR's "T1"/"TI"/"Tl" in a Thông tư symbol read as "TT"; same length.

    >>> repair_symbols("Thông tư số 103/2014/T1-BTC và 213/2013/T1. BTC")
    'Thông tư số 103/2014/TT-BTC và 213/2013/TT. BTC'
    >>> repair_symbols("Số: 12/2014/T1 và khoản 1")
    'Số: 12/2014/T1 và khoản 1'
    """
    return _TT_SYMBOL.sub("TT", text)


def clean(doc: Document) -> None:
    """Remove page furniture from ``doc.text``, keeping ``raw_offsets``, ``folded`` and ``pages`` exact;
    repair Cyrillic look-alike letters inside Latin tokens (same length)."""
    text = doc.text
    if not text:
        return
    fixed = repair_symbols(latinise(text))
    if fixed != text:
        doc.text = text = fixed
        doc.folded = fold(text)
    delete, page_starts = find_furniture(text, doc.pages)
    if not delete:
        if page_starts and not doc.pages:
            doc.pages = _spans(page_starts, 0, len(text))
        return
    cut = _delete_lines(text, delete)

    def join(m: re.Match[str]) -> str:
        s, e = m.span()
        if cut.offsets[e - 1] - cut.offsets[s] + 1 == e - s:
            return m.group(0)  # nothing was deleted here: an ordinary paragraph break
        # a page boundary: a line break, or a paragraph break when the page ended a sentence
        before = cut.text[:s].rsplit("\n", 1)[-1].rstrip()
        return "\n\n" if _SENTENCE_END.search(before) else "\n"

    mt = cut.sub(_NEWLINES, join).sub(_EDGE_NEWLINES, "")
    new_text = mt.text
    old_to_new = mt.offsets  # new index → old index (non-decreasing)
    if doc.raw_offsets and len(doc.raw_offsets) >= len(text):
        doc.raw_offsets = list(map(doc.raw_offsets.__getitem__, old_to_new))
    elif not doc.raw_offsets:
        doc.raw_offsets = list(old_to_new)
    else:  # a shorter map than the text (should not happen): clamp
        prev = doc.raw_offsets
        doc.raw_offsets = [prev[min(i, len(prev) - 1)] for i in old_to_new]
    old_folded = doc.folded if len(doc.folded) == len(text) else fold(text)
    if doc.pages:
        doc.pages = _fix_ends([_remap(s, e, old_to_new) for s, e in doc.pages], len(new_text))
    elif page_starts:
        new_starts = [bisect.bisect_left(old_to_new, s) for s in page_starts]
        doc.pages = _spans(new_starts, 0, len(new_text))
    doc.text = new_text
    doc.folded = "".join(map(old_folded.__getitem__, old_to_new))  # fold is per character


def _delete_lines(text: str, starts: set[int]) -> MappedText:
    """``text`` without the lines beginning at ``starts`` (each with its newline), and the map."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for s in sorted(starts):
        e = text.find("\n", s)
        e = len(text) if e < 0 else e + 1
        if s < pos:
            continue
        parts.append(text[pos:s])
        offsets.extend(range(pos, s))
        pos = e
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return MappedText("".join(parts), offsets)


def _remap(start: int, end: int, offsets: list[int]) -> tuple[int, int]:
    return bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)


def _spans(starts: list[int], lo: int, hi: int) -> list[tuple[int, int]]:
    cuts = sorted({s for s in starts if lo < s < hi})
    bounds = [lo, *cuts, hi]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _fix_ends(pages: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """One contiguous span per page covering the whole text after remapping.

    A page left empty (a scan page that could not be read, a page of furniture only) keeps
    its place as an empty span, so ``pages[i]`` is always page ``i + 1`` and lines up with
    ``page_confidence`` and ``extras["missing_pages"]``.
    """
    out: list[tuple[int, int]] = []
    for s, e in pages:
        s, e = min(s, n), min(e, n)
        if out:
            s = out[-1][1]
        out.append((s, max(s, e)))
    if out:
        out[-1] = (out[-1][0], n)
    return out


__all__ = ["classify", "clean", "find_furniture", "latinise"]
