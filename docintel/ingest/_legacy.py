"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI, plus a syllable scorer.

Before Unicode, Vietnamese text was typed in 8-bit fonts: ``.VnTime`` (TCVN3,
also called ABC: one byte per toned letter) and ``VNI-Times`` (VNI: a base
letter followed by a modifier byte). Saved as plain 8-bit text, or pasted into a
Unicode document, these files read as ``Céng hoµ x· héi`` (TCVN3) or
``Coäng hoøa xaõ hoäi`` (VNI) when taken for Windows-1252.

The tables below are data: every Vietnamese letter, lower and upper case.
TCVN3 has codes for lower-case toned letters and for the seven upper-case base
letters ``Ă Â Ê Ô Ơ Ư Đ`` only; upper-case toned letters were typed with the
same codes in an upper-case font (``.VnTimeH``), so a run of upper-case ASCII
letters around TCVN3 codes is upper-cased on conversion.

:func:`syllable_score` measures how much of a text is made of well-formed
Vietnamese syllables; the text reader uses it to choose between candidate
decodings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .._errors import Errors

# ---------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993 VN3, "ABC"): byte → letter

TCVN3: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# ---------------------------------------------------------------------------
# VNI (VNI-Windows): letter → base letter + modifier, as the bytes read in Windows-1252.
# Modifiers: ø grave, ù acute, û hook, õ tilde, ï dot below; â circumflex (à á å ã ä with a
# tone), ê breve (è é ú ü ë with a tone); ô = ơ, ö = ư, ñ = đ; i and ỵ are single bytes.

_VNI_TABLE = """
    â=aâ ê=eâ ô=oâ ă=aê ơ=ô ư=ö à=aø è=eø ò=oø ù=uø ỳ=yø ầ=aà
    ề=eà ồ=oà ằ=aè ờ=ôø ừ=öø ì=ì á=aù é=eù ó=où ú=uù ý=yù ấ=aá
    ế=eá ố=oá ắ=aé ớ=ôù ứ=öù í=í ả=aû ẻ=eû ỏ=oû ủ=uû ỷ=yû ẩ=aå
    ể=eå ổ=oå ẳ=aú ở=ôû ử=öû ỉ=æ ã=aõ ẽ=eõ õ=oõ ũ=uõ ỹ=yõ ẫ=aã
    ễ=eã ỗ=oã ẵ=aü ỡ=ôõ ữ=öõ ĩ=ó ạ=aï ẹ=eï ọ=oï ụ=uï ỵ=î ậ=aä
    ệ=eä ộ=oä ặ=aë ợ=ôï ự=öï ị=ò đ=ñ Â=AÂ Ê=EÂ Ô=OÂ Ă=AÊ Ơ=Ô
    Ư=Ö À=AØ È=EØ Ò=OØ Ù=UØ Ỳ=YØ Ầ=AÀ Ề=EÀ Ồ=OÀ Ằ=AÈ Ờ=ÔØ Ừ=ÖØ
    Ì=Ì Á=AÙ É=EÙ Ó=OÙ Ú=UÙ Ý=YÙ Ấ=AÁ Ế=EÁ Ố=OÁ Ắ=AÉ Ớ=ÔÙ Ứ=ÖÙ
    Í=Í Ả=AÛ Ẻ=EÛ Ỏ=OÛ Ủ=UÛ Ỷ=YÛ Ẩ=AÅ Ể=EÅ Ổ=OÅ Ẳ=AÚ Ở=ÔÛ Ử=ÖÛ
    Ỉ=Æ Ã=AÕ Ẽ=EÕ Õ=OÕ Ũ=UÕ Ỹ=YÕ Ẫ=AÃ Ễ=EÃ Ỗ=OÃ Ẵ=AÜ Ỡ=ÔÕ Ữ=ÖÕ
    Ĩ=Ó Ạ=AÏ Ẹ=EÏ Ọ=OÏ Ụ=UÏ Ỵ=Î Ậ=AÄ Ệ=EÄ Ộ=OÄ Ặ=AË Ợ=ÔÏ Ự=ÖÏ
    Ị=Ò Đ=Ñ
"""

VNI: dict[str, str] = dict(pair.split("=", 1) for pair in _VNI_TABLE.split())  # letter → VNI text

_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS: frozenset[str] = frozenset(
    c
    for base in "aăâeêioôơuưy"
    for tone in _TONES
    for c in (unicodedata.normalize("NFC", base + tone), unicodedata.normalize("NFC", base + tone).upper())
    if c.lower() not in "aeiouy"
) | {"đ", "Đ"}  # every letter with a mark, both cases

# ---------------------------------------------------------------------------
# Windows-1252 with the five undefined bytes kept as Latin-1 (never fails)

_CP1252_HIGH = {b: bytes([b]).decode("cp1252", errors="replace") for b in range(0x80, 0xA0)}
_CP1252_TABLE = {b: (ch if ch != "\ufffd" else chr(b)) for b, ch in _CP1252_HIGH.items()}
_CP1252_REVERSE = {ch: b for b, ch in _CP1252_TABLE.items()}


def decode_cp1252(data: bytes) -> str:
    """Windows-1252, with the bytes it leaves undefined read as Latin-1."""
    return data.decode("latin-1").translate(_CP1252_TABLE)


def encode_cp1252(text: str) -> bytes | None:
    """Inverse of :func:`decode_cp1252`; ``None`` when a character has no byte."""
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x80 or 0xA0 <= o < 0x100:
            out.append(o)
        elif ch in _CP1252_REVERSE:
            out.append(_CP1252_REVERSE[ch])
        elif ch == "\u2212":  # a TCVN3 ư (0xAD, soft hyphen) shown as a minus sign by some converters
            out.append(0xAD)
        else:
            return None
    return bytes(out)


# ---------------------------------------------------------------------------
# decoding

_TCVN3_STR = {chr(b): ch for b, ch in TCVN3.items()}  # as the byte reads in Latin-1
_TCVN3_LOWER_TONED = set(TCVN3.values()) - set("ĂÂÊÔƠƯĐ")


def tcvn3_to_unicode(text: str) -> str:
    """Text whose characters are TCVN3 bytes read as Latin-1/Windows-1252 → Unicode."""
    out = "".join(_TCVN3_STR.get(_latin1_char(c), c) for c in text)
    return _upper_h_font(out)


def _latin1_char(c: str) -> str:
    b = _CP1252_REVERSE.get(c)
    if b is not None:
        return chr(b)
    if c == "\u2212":
        return "\xad"
    return c


_WORD = re.compile(r"[^\W\d_]+")


def _upper_h_font(text: str) -> str:
    """Upper-case TCVN3 lower-case codes typed in an upper-case font (``CéNG HOµ`` → ``CỘNG HOÀ``).

    A word with two or more ASCII letters, all upper case, is upper-cased whole. A line
    without lower-case ASCII letters where at least two words mix upper-case ASCII letters
    with TCVN3 codes was typed in the upper-case font throughout (``Së Y TÕ`` → ``SỞ Y TẾ``).
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not any(c in _TCVN3_LOWER_TONED for c in line):
            continue
        h_words = 0
        lower_seen = False
        for m in _WORD.finditer(line):
            letters = [c for c in m.group(0) if c.isascii()]
            if any(c.islower() for c in letters):
                lower_seen = True
            elif letters and any(c in _TCVN3_LOWER_TONED for c in m.group(0)):
                h_words += 1
        if h_words >= 2 and not lower_seen:
            lines[i] = line.upper()
        else:
            lines[i] = _WORD.sub(_upper_word, line)
    return "\n".join(lines)


def _upper_word(m: re.Match[str]) -> str:
    w = m.group(0)
    letters = [c for c in w if c.isascii()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return w.upper()
    return w


@lru_cache(maxsize=1)
def _vni_decoder() -> tuple[re.Pattern[str], dict[str, str]]:
    rev: dict[str, str] = {}
    for uni, seq in VNI.items():
        if seq != uni:
            rev[seq] = uni
    # tolerate a case mismatch between base letter and modifier ("Aù", "aÙ")
    for seq, uni in list(rev.items()):
        if len(seq) == 2:
            for variant in (seq[0].upper() + seq[1], seq[0].lower() + seq[1], seq[0] + seq[1].upper(), seq[0] + seq[1].lower()):
                if variant not in rev:
                    rev[variant] = uni.upper() if variant[0].isupper() else uni.lower()
    keys = sorted(rev, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys)), rev


def vni_to_unicode(text: str) -> str:
    """Text whose characters are VNI bytes read as Windows-1252 → Unicode."""
    pattern, rev = _vni_decoder()
    return pattern.sub(lambda m: rev[m.group(0)], text)


def decode_tcvn3(data: bytes) -> str:
    return tcvn3_to_unicode(data.decode("latin-1")).translate(_CP1252_TABLE)


def decode_vni(data: bytes) -> str:
    return vni_to_unicode(decode_cp1252(data))


# ---------------------------------------------------------------------------
# encoding (for tests, fixtures and round trips): the decoder tables inverted
#
# A character is representable in a legacy encoding when decoding its bytes gives it
# back: ASCII, a Vietnamese letter, or a Windows-1252 character whose byte the encoding
# does not use for a letter (TCVN3 reads byte 0xAB as ô, so « has no TCVN3 form; VNI
# reads ö as ư, so ö has none). ``errors="replace"`` writes ``?`` for the others.

_TCVN3_REVERSE = {ch: b for b, ch in TCVN3.items()}
_VNI_BYTES = {b for seq in VNI.values() for b in (encode_cp1252(seq) or b"") if b >= 0x80}


def _check_errors(errors: str) -> None:
    if errors not in ("strict", "replace"):
        raise ValueError(Errors.E015.format(errors=errors))


def _plain_byte(ch: str, taken: Callable[[int], bool], encoding: str, errors: str) -> bytes:
    """``ch`` as its Windows-1252 byte, unless the legacy encoding reads that byte as a letter
    (``taken``): then an error, or ``?`` with ``errors="replace"``."""
    b = encode_cp1252(ch)
    if b is None or taken(b[0]):
        if errors == "strict":
            raise ValueError(Errors.E016.format(ch=ch, encoding=encoding))
        b = b"?"
    return b


def encode_tcvn3(text: str, errors: str = "strict") -> bytes:
    """Unicode → TCVN3 bytes. Upper-case toned letters take their lower-case code (``.VnTimeH``)."""
    _check_errors(errors)
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_REVERSE:
            out.append(_TCVN3_REVERSE[ch])
            continue
        if ch.lower() in _TCVN3_REVERSE:
            out.append(_TCVN3_REVERSE[ch.lower()])
            continue
        out += _plain_byte(ch, lambda b: b in TCVN3 or b == 0xAD, "TCVN3", errors)
    return bytes(out)


def encode_vni(text: str, errors: str = "strict") -> bytes:
    """Unicode → VNI bytes (Windows-1252 code page)."""
    _check_errors(errors)
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in VNI:
            out += encode_cp1252(VNI[ch]) or b"?"
            continue
        out += _plain_byte(ch, _VNI_BYTES.__contains__, "VNI", errors)
    return bytes(out)


def encode_cp1258(text: str, errors: str = "strict") -> bytes:
    """Unicode → Windows-1258 as Word wrote it: base letter (â, ơ, ư …) + a combining tone mark."""
    _check_errors(errors)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
        out.append(base + tones if tones and base else ch)
    return "".join(out).encode("cp1258", errors=errors)


def old_tone_placement(text: str) -> str:
    """The old convention, for tests and round trips: ``hòa`` → ``hoà``, ``Ủy`` → ``Uỷ``,
    ``khỏe`` → ``khoẻ``, ``thủy`` → ``thuỷ`` (open ``oa``/``oe``/``uy`` put the tone on the second
    vowel). The inverse of :func:`docintel._normalise.fix_tone_placement`; ``quý`` is unchanged."""
    return _NEW_TONE.sub(lambda m: _OLD_PAIRS[m.group(0)], unicodedata.normalize("NFC", text))


def _old_pairs() -> dict[str, str]:
    pairs = {}
    for first, seconds in (("o", "ae"), ("O", "AE"), ("u", "y"), ("U", "Y")):
        for second in seconds + seconds.swapcase():
            for tone in "\u0300\u0301\u0303\u0309\u0323":
                new = unicodedata.normalize("NFC", first + tone) + second
                pairs[new] = first + unicodedata.normalize("NFC", second + tone)
    return pairs


_OLD_PAIRS = _old_pairs()
_NEW_TONE = re.compile(r"(?<![qQ])(?:" + "|".join(sorted(_OLD_PAIRS, key=len, reverse=True)) + r")(?![^\W\d_])")


# ---------------------------------------------------------------------------
# syllable scoring

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_ONSET = "ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|q|r|s|t|v|x"
_OPEN_NUCLEUS = (  # vowel groups that end the syllable (no final consonant)
    "ươi|ươu|uôi|iêu|yêu|oai|oay|uây|oeo|uyu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ưa"
)
_NUCLEUS = "uyê|uya|iê|yê|oa|oă|oe|oo|ua|uâ|uê|uô|uơ|ươ|uy|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_CODA = "ng|nh|ch|c|m|n|p|t"
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:(?:{_OPEN_NUCLEUS})|(?:{_NUCLEUS})(?:{_CODA})?)")
_STOP_FINAL = ("c", "ch", "p", "t")  # a syllable ending in a stop takes the sắc or nặng tone
_VOWELS = set("aăâeêioôơuưy")
# symbols a wrong 8-bit decoding leaves inside words; real Vietnamese text rarely has them
_JUNK = re.compile(r"[\u00a1-\u00bf\u00d7\u00f7\u0080-\u009f\u2020-\u2022\u2030\u2039\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """Is ``word`` (any case) a well-formed Vietnamese syllable with at most one tone?"""
    d = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in d if c in TONE_MARKS)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS))
    if _SYLLABLE.fullmatch(base) is None:
        return False
    if base.endswith(_STOP_FINAL) and not any(c in "\u0301\u0323" for c in d):
        return False
    return True


def is_abbreviation(word: str) -> bool:
    """``QĐ``, ``BCĐ``, ``NĐ``: upper-case letters without a vowel, not scored."""
    return word.isupper() and not any(unicodedata.normalize("NFD", c)[0].lower() in _VOWELS for c in word)


def syllable_score(text: str) -> tuple[float, int]:
    """(share of valid syllables among non-ASCII words, how many such words and junk symbols).

    ASCII-only words are the same in every candidate decoding, so they are not counted.
    """
    text = unicodedata.normalize("NFC", text)
    valid = total = 0
    for m in _WORD.finditer(text):
        w = m.group(0)
        if w.isascii() or is_abbreviation(w):
            continue
        total += 1
        if is_syllable(w):
            valid += 1
    junk = len(_JUNK.findall(text))
    n = total + junk
    return (valid / n if n else 1.0), n


__all__ = [
    "TCVN3",
    "VIETNAMESE_LETTERS",
    "VNI",
    "decode_cp1252",
    "decode_tcvn3",
    "decode_vni",
    "encode_cp1252",
    "encode_cp1258",
    "encode_tcvn3",
    "encode_vni",
    "is_abbreviation",
    "is_syllable",
    "old_tone_placement",
    "syllable_score",
    "tcvn3_to_unicode",
    "vni_to_unicode",
]
