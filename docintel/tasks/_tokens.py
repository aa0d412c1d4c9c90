"""Tokens: words and punctuation with spans and folded keys (:class:`_Tok`), and the longest
match of a phrase table at a token (:func:`_match_at`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._vocab import _Phrases

# a word (letters and digits, joined by & / _ ' - or an inner dot) or one other non-space character;
# [^\W_] is \p{L}\p{N} in the standard library's faster engine
_WORD = re.compile(r"([^\W_](?:[^\W_]|[&/_'\-]|\.(?=[^\W_]))*)|[^\s\w]|_")  # group 1: a word
# a "|" that ends a line is a scan's stray table rule ("… xây dựng: Cục |⏎Thuế rà soát"), no token: the name
# runs on over it (judged on the whole text, so a span's tokens are the same however the text is cut)
_STRAY_BAR = re.compile(r"[ \t]*(?:\n|$)")


@dataclass(slots=True, eq=False)
class _Tok:
    text: str
    start: int
    end: int
    key: str  # folded, lower case
    word: bool

    @property
    def lower(self) -> bool:
        return self.text[:1].islower()

    @property
    def upper(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str, start: int, end: int, folded: str) -> list[_Tok]:
    tok = _Tok
    out = [
        tok(m.group(), (s := m.start()), (e := m.end()), folded[s:e], m.lastindex is not None)
        for m in _WORD.finditer(text, start, end)
    ]
    if "|" in text[start:end]:
        out = [t for t in out if t.text != "|" or not _STRAY_BAR.match(text, t.end)]
    return out


def _match_at(toks: list[_Tok], i: int, table: _Phrases, max_len: int) -> int:
    """Length of the longest entry of ``table`` matching word tokens at ``i`` (0 if none)."""
    if i >= len(toks):
        return 0
    lens = table.lens.get(toks[i].key)
    if not lens:
        return 0
    limit = min(max_len, len(toks) - i)
    for n in lens:
        if n > limit:
            continue
        seq = toks[i : i + n]
        if all(t.word for t in seq) and tuple(t.key for t in seq) in table:
            return n
    return 0
