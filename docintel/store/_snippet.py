"""Highlighted snippets of a stored document for a search result.

The stored text and its fold have the same length (:func:`docintel.fold`), so a
match found in the folded text is also the span to highlight in the original,
with its diacritics. This is done the same way for SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ._query import Query, term_pattern

_WS = regex.compile(r"\s+")


@dataclass(slots=True)
class Snippet:
    """Plain ``text`` with ``highlights`` as (start, end) offsets into it."""

    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def markup(self, style: str = "bold yellow") -> str:
        """The snippet as Rich console markup (the text itself escaped)."""
        from rich.markup import escape

        out: list[str] = []
        pos = 0
        for s, e in self.highlights:
            out.append(escape(self.text[pos:s]))
            out.append(f"[{style}]{escape(self.text[s:e])}[/{style}]")
            pos = e
        out.append(escape(self.text[pos:]))
        return "".join(out)


def find_matches(folded: str, query: Query, *, limit: int = 500) -> list[tuple[int, int, int]]:
    """(start, end, term index) of every positive term's occurrence, in text order."""
    found: list[tuple[int, int, int]] = []
    for i, term in enumerate(query.terms):
        for m in term_pattern(term).finditer(folded):
            found.append((m.start(), m.end(), i))
            if len(found) >= limit:
                break
    found.sort()
    return found


def make_snippet(
    text: str, folded: str, query: Query | None, *, width: int = 220, fallback: str | None = None
) -> Snippet:
    """The window of ``text`` that holds the most distinct query terms, with them highlighted."""
    matches = find_matches(folded, query) if query else []
    if not matches:
        plain = _WS.sub(" ", (fallback or text[: width * 2])).strip()
        return Snippet(plain[:width] + ("…" if len(plain) > width else ""))
    best: tuple[int, int, int] = (-1, 0, 0)  # (distinct terms, count, index of first match)
    for k, (s, _e, _t) in enumerate(matches):
        inside = [m for m in matches[k:] if m[1] <= s + width]
        score = (len({m[2] for m in inside}), len(inside))
        if score > best[:2]:
            best = (*score, k)
    first = matches[best[2]]
    lo = max(0, first[0] - width // 4)
    hi = min(len(text), lo + width)
    lo = _word_start(text, lo)
    hi = _word_end(text, hi)
    spans = [(s, e) for s, e, _t in matches if s >= lo and e <= hi]
    return _render(text, lo, hi, _merge(spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _word_start(text: str, i: int) -> int:
    if i <= 0:
        return 0
    j = text.rfind(" ", max(0, i - 30), i)
    return j + 1 if j >= 0 else i


def _word_end(text: str, i: int) -> int:
    if i >= len(text):
        return len(text)
    j = text.find(" ", i, i + 30)
    return j if j >= 0 else i


def _render(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> Snippet:
    pieces: list[tuple[str, bool]] = []
    pos = lo
    for s, e in spans:
        pieces.append((text[pos:s], False))
        pieces.append((text[s:e], True))
        pos = e
    pieces.append((text[pos:hi], False))
    out = "…" if lo > 0 else ""
    highlights: list[tuple[int, int]] = []
    for piece, hl in pieces:
        piece = _WS.sub(" ", piece)
        if out.endswith(" ") and piece.startswith(" "):
            piece = piece[1:]
        if not out or out == "…":
            piece = piece.lstrip()
        if hl and piece:
            highlights.append((len(out), len(out) + len(piece)))
        out += piece
    stripped = out.rstrip()
    if hi < len(text):
        stripped += "…"
    return Snippet(stripped, highlights)


__all__ = ["Snippet", "find_matches", "make_snippet"]
