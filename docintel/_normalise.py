"""Normalisation: raw decoded text → the stored text every span refers to.

The stored text is NFC, uses the new tone-placement convention (``hoà`` → ``hòa``,
``Uỷ`` → ``Ủy``), has Unix newlines, single spaces, no zero-width characters and
no Markdown emphasis/heading markup. An offset map keeps, for every character of
the stored text, the index of the raw character it came from.

:func:`fold` gives a *same-length* ASCII-ish key (marks dropped, ``đ`` → ``d``,
lower case), so a regex run over ``fold(text)`` yields spans that are valid in
``text`` itself: the basis of OCR- and diacritic-tolerant matching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

# ---------------------------------------------------------------------------
# folding


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    if ch in "\u00d0\u00f0":  # Icelandic eth, often typed for Đ
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    if len(low) != 1:
        low = base
    if unicodedata.combining(low):
        return " "
    return low


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0, 0x250), (0x1E00, 0x1F00), (0x0300, 0x0370)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            f = _fold_char(ch)
            if f != ch:
                table[cp] = f
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """Same-length fold: NFC char → base letter, lower case, ``đ`` → ``d``.

    ``len(fold(s)) == len(s)`` for any ``s``: spans found in the folded text
    are spans of ``s``. Apply it to NFC text (the stored text is NFC).
    """
    out = text.translate(_FOLD_TABLE)
    if out.isascii():
        return out
    # characters outside the prebuilt table (quotes, dashes, Greek, CJK…): learn them once
    grew = False
    for c in set(out):
        cp = ord(c)
        if cp > 127 and cp not in _SEEN:
            _SEEN.add(cp)
            low = c.lower()
            if len(low) == 1 and low != c:
                _FOLD_TABLE[cp] = low
                grew = True
    return out.translate(_FOLD_TABLE) if grew else out


_SEEN: set[int] = set(_FOLD_TABLE)


_KEY_JUNK = re.compile(r"[^0-9a-z&/]+")


def fold_key(text: str) -> str:
    """Matching key for names: fold, punctuation → space, spaces collapsed."""
    return _KEY_JUNK.sub(" ", fold(nfc(text))).strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# ---------------------------------------------------------------------------
# tone placement


def _build_tone_pairs() -> dict[str, str]:
    """Old-style pairs (tone on the 2nd vowel of open oa/oe/uy) → new style."""
    pairs: dict[str, str] = {}
    for first in "oOuU":
        seconds = "aAeE" if first in "oO" else "yY"
        for second in seconds:
            for tone in TONE_MARKS:
                old = first + unicodedata.normalize("NFC", second + tone)
                new = unicodedata.normalize("NFC", first + tone) + second
                pairs[old] = new
    return pairs


_TONE_PAIRS = _build_tone_pairs()
_OLD_TONE = regex.compile(
    r"(?<![qQ])(?:" + "|".join(sorted(_TONE_PAIRS, key=len, reverse=True)) + r")(?!\p{L})"
)


def fix_tone_placement(text: str) -> str:
    """``hoà`` → ``hòa``, ``Uỷ`` → ``Ủy``, ``thuỷ`` → ``thủy``; ``quý`` and ``hoàng`` unchanged.

    Length-preserving on NFC input.
    """
    return _OLD_TONE.sub(lambda m: _TONE_PAIRS[m.group(0)], text)


# ---------------------------------------------------------------------------
# text with an offset map


@dataclass
class MappedText:
    """Text plus, for each character, the index of the raw character it came from."""

    text: str
    offsets: list[int] = field(default_factory=list)

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, list(range(len(text))))

    def sub(self, pattern: re.Pattern[str] | regex.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedText:
        """Regex substitution that carries the offset map along."""
        parts: list[str] = []
        offs: list[int] = []
        pos = 0
        text, src = self.text, self.offsets
        changed = False
        for m in pattern.finditer(text):
            s, e = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            parts.append(text[pos:s])
            offs.extend(src[pos:s])
            parts.append(new)
            anchor = src[s] if s < len(src) else (src[-1] + 1 if src else 0)
            if len(new) == e - s:
                offs.extend(src[s:e])
            else:
                offs.extend([anchor] * len(new))
            pos = e
        if not changed:
            return self
        parts.append(text[pos:])
        offs.extend(src[pos:])
        return MappedText("".join(parts), offs)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of this text back to the raw text."""
        if not self.offsets:
            return start, end
        s = self.offsets[min(start, len(self.offsets) - 1)] if start < len(self.offsets) else self.offsets[-1] + 1
        e = self.offsets[end - 1] + 1 if 0 < end <= len(self.offsets) else s
        return s, e


_CLUSTER = regex.compile(r"\P{M}\p{M}+")
_CRLF = re.compile(r"\r\n?|\u2028|\u2029|\x85")
_SPACES = re.compile(r"[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_ETH = re.compile(r"[\u00d0\u0189]")
_MULTI_SPACE = re.compile(r" {2,}")
_EDGE_SPACE = re.compile(r"^ +| +$", re.M)
_MANY_NEWLINES = re.compile(r"\n{3,}")
_MD_HEADING = re.compile(r"^#{1,6} +", re.M)
_MD_STRONG = re.compile(r"\*{2,3}|(?<![\w*])_{2}(?=\S)|(?<=\S)_{2}(?![\w*])")
_MD_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*(?![\w*])")
_HTML_TAG = re.compile(r"</?(?:sup|sub|b|i|u|em|strong|span|br|p|div)\b[^>\n]{0,200}>", re.I)
_MD_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")


_ONSETS = frozenset("b c ch d g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split())
_SYLLABLE_SHAPE = re.compile(r"^(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$")
# the space between a bare onset and the rest of its syllable (lookarounds: matches never overlap)
_VOWELS = "".join(sorted({c for cp in range(0x250) for c in [chr(cp)] if c.isalpha() and _fold_char(c) in "aeiouy"}
                          | {c for cp in range(0x1E00, 0x1F00) for c in [chr(cp)] if c.isalpha() and _fold_char(c) in "aeiouy"}))
_SPLIT_SYLLABLE = regex.compile(
    r"(?<=(?<![\p{L}\p{N}.&/-])([bcdghklmnpqrstvxđBCDGHKLMNPQRSTVXĐ]{1,3})) (?=([" + _VOWELS + r"]\p{L}{0,5})(?!\p{L}))"
)


def _join_split_syllable(m: regex.Match[str]) -> str:
    """"Hà N ội" → "Hà Nội", "CHÍNH PH Ủ" → "CHÍNH PHỦ": a bare initial consonant cluster
    that extraction cut off its syllable. Both halves must join into one well-formed
    Vietnamese syllable, the left half must be a consonant onset (never a word on its
    own) and the case must agree; abbreviations such as "TT An" are left alone."""
    left, right = m.group(1), m.group(2)
    fl, fr = fold(left), fold(right)
    if fl not in _ONSETS or fr[0] not in "aeiouy":
        return " "
    if not _SYLLABLE_SHAPE.match(fl + fr):
        return " "
    if left.isupper() != right.isupper() and not (left[0].isupper() and right.islower()):
        return " "
    return ""


def normalise(raw: str) -> MappedText:
    """Raw decoded text → stored text with its offset map (see module docstring)."""
    mt = MappedText.identity(raw)
    mt = mt.sub(_CRLF, "\n")
    mt = mt.sub(_ZERO_WIDTH, "")
    if not unicodedata.is_normalized("NFC", mt.text):
        mt = mt.sub(_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group(0)))
        if not unicodedata.is_normalized("NFC", mt.text):  # leftovers (e.g. singletons)
            mt = mt.sub(regex.compile(r"."), lambda m: unicodedata.normalize("NFC", m.group(0)))
    mt = mt.sub(_ETH, "Đ")
    mt = mt.sub(re.compile("\u00f0"), "đ")
    mt = MappedText(fix_tone_placement(mt.text), mt.offsets)
    mt = mt.sub(_HTML_TAG, "")
    mt = mt.sub(_MD_AUTOLINK, r"\1")
    mt = mt.sub(_MD_HEADING, "")
    mt = mt.sub(_MD_STRONG, "")
    mt = mt.sub(_MD_EM, r"\1")
    mt = mt.sub(_SPACES, " ")
    mt = mt.sub(_MULTI_SPACE, " ")
    mt = mt.sub(_SPLIT_SYLLABLE, _join_split_syllable)
    mt = mt.sub(_EDGE_SPACE, "")
    mt = mt.sub(_MANY_NEWLINES, "\n\n")
    return mt


def normalise_text(raw: str) -> str:
    """Just the stored text of :func:`normalise`."""
    return normalise(raw).text


def clean_value(s: str) -> str:
    """A field value as printed: NFC, tone placement, single spaces, no edge punctuation."""
    s = fix_tone_placement(nfc(s))
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" ;,:")


__all__ = [
    "MappedText",
    "clean_value",
    "fix_tone_placement",
    "fold",
    "fold_key",
    "nfc",
    "normalise",
    "normalise_text",
]
