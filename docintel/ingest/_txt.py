"""Plain text and Markdown: byte-encoding detection.

Order of trust:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32) decides;
2. bytes that are valid UTF-8 are UTF-8; lines inside that are TCVN3/VNI text once
   mis-decoded as Windows-1252 (``Céng hoµ``, ``Coäng hoøa``) are converted;
3. UTF-16 without a BOM is recognised by its NUL bytes;
4. otherwise the 8-bit candidates (Windows-1258, TCVN3, VNI, Windows-1252) are decoded
   and scored by their share of well-formed Vietnamese syllables; the best wins.

Binary data (NULs and control bytes, a PDF or ZIP under a .txt name) is an
:class:`~docintel.InputError` naming the file.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable

from .._errors import Errors, InputError, Warnings
from .._lexicon import syllables
from ._legacy import (
    VIETNAMESE_LETTERS,
    decode_cp1252,
    decode_tcvn3,
    decode_vni,
    encode_cp1252,
    is_abbreviation,
    is_syllable,
    syllable_score,
    tcvn3_to_unicode,
    vni_to_unicode,
)

LEGACY_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
MIN_GAINED_WORDS = 2  # legacy lines inside a Unicode file must fix at least this many words

_MAGIC = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP/DOCX file"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Excel (OLE) file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
]
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def read_text_bytes(data: bytes, *, name: str) -> tuple[str, str, list[str]]:
    """Decode bytes; return (text, encoding name, warnings)."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _utf8(data[3:], name, "utf-8-sig")
        return _fix_misdecoded(text, enc)
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return _strict(data, "utf-32", name), "utf-32", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _fix_misdecoded(_strict(data, "utf-16", name), "utf-16")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(Errors.E005.format(what=what), path=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_controls(text.encode("utf-8", "surrogatepass"), name)
        return _fix_misdecoded(text, "utf-8")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _fix_misdecoded(*utf16)
    _check_controls(data, name)
    mixed = _mixed_utf8(data)
    if mixed is not None:
        text, enc, warnings = mixed
        text, enc, more = _fix_misdecoded(text, enc)
        return text, enc, warnings + [w for w in more if w not in warnings]
    return _best_8bit(data, name)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(Errors.E004.format(reason=f"invalid {encoding}: {e.reason} at byte {e.start}"), path=name) from None


def _utf8(data: bytes, name: str, label: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), label
    except UnicodeDecodeError as e:
        # a BOM promised UTF-8: keep the text, mark the bad bytes, but refuse junk
        bad = len(re.findall("\ufffd", data.decode("utf-8", errors="replace")))
        if bad > max(3, len(data) // 200):
            raise InputError(Errors.E004.format(reason=f"invalid UTF-8 after a UTF-8 BOM at byte {e.start}"), path=name) from None
        return data.decode("utf-8", errors="replace"), label


def _check_controls(data: bytes, name: str) -> None:
    n = len(_CONTROL.findall(data[:65536]))
    if n and n > max(2, len(data[:65536]) // 100):
        raise InputError(Errors.E005.format(what="binary data"), path=name)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) < 4 or data.count(0) < len(data) // 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    enc = "utf-16-le" if odd > 0.3 * half and even < odd / 4 else "utf-16-be" if even > 0.3 * half and odd < even / 4 else None
    if enc is None:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if len(re.findall(r"[\x00-\x08\x0e-\x1f]", text)) > max(2, len(text) // 100):
        return None
    return text, enc


_CANDIDATES: list[tuple[str, Callable[[bytes], str]]] = [
    ("cp1258", lambda b: b.decode("cp1258", errors="replace")),
    ("tcvn3", decode_tcvn3),
    ("vni", decode_vni),
    ("cp1252", decode_cp1252),
]


def _best_8bit(data: bytes, name: str) -> tuple[str, str, list[str]]:
    best: tuple[float, float, int, str, str] | None = None
    for rank, (enc, decode) in enumerate(_CANDIDATES):
        text = decode(data)
        score, n = syllable_score(text)
        score -= text.count("\ufffd") / max(1, n)
        # known syllables break a tie between well-formed readings (VNI 'quyù' is cp1258 'quyù' or VNI 'quý')
        key = (score, _known_share(text), -rank, enc, text)
        if best is None or key[:3] > best[:3]:
            best = key
    assert best is not None
    score, _, _, enc, text = best
    if score < 0.2 and _letters_share(text) < 0.5:
        raise InputError(Errors.E004.format(reason="not UTF-8 and no 8-bit Vietnamese encoding fits"), path=name)
    warning = Warnings.W001.format(encoding=LEGACY_NAMES[enc]) if enc in LEGACY_NAMES else Warnings.W002.format(encoding=enc)
    return text, enc, [warning]


MIN_UTF8_CHARS = 3  # multi-byte UTF-8 characters that make a file "UTF-8 with some legacy lines"


def _mixed_utf8(data: bytes) -> tuple[str, str, list[str]] | None:
    """A UTF-8 file with lines of legacy 8-bit bytes in it (a TCVN3 body pasted into it,
    files concatenated): each line that is valid UTF-8 is UTF-8; the others are decoded
    together with the 8-bit encoding that makes them most Vietnamese.

    Legacy bytes are almost never valid UTF-8 by chance (a TCVN3 or Windows-1258 line
    would need every high byte to be a lead byte followed by the right continuation
    bytes), so a file with genuine multi-byte UTF-8 lines is taken for UTF-8 first.
    ``None`` when the file has no such lines (a whole legacy file).
    """
    lines = data.split(b"\n")
    utf8_chars = 0
    bad: list[int] = []
    out: list[str] = []
    for i, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(i)
            out.append("")
            continue
        utf8_chars += sum(1 for c in text if ord(c) > 0x7F)
        out.append(text)
    if not bad or utf8_chars < MIN_UTF8_CHARS:
        return None
    legacy = b"\n".join(lines[i] for i in bad)
    best: tuple[float, int, str] | None = None
    for rank, (enc, decode) in enumerate(_CANDIDATES):
        score, n = syllable_score(decode(legacy))
        score -= decode(legacy).count("\ufffd") / max(1, n)
        if best is None or (score, -rank) > best[:2]:
            best = (score, -rank, enc)
    assert best is not None
    enc = best[2]
    decode = dict(_CANDIDATES)[enc]
    for i in bad:
        out[i] = decode(lines[i])
    name = LEGACY_NAMES.get(enc, enc)
    warning = Warnings.W001.format(encoding=name) if enc in LEGACY_NAMES else Warnings.W002.format(encoding=enc)
    return "\n".join(out), "utf-8+" + enc, [warning]


def _letters_share(text: str) -> float:
    if not text:
        return 1.0
    return sum(1 for c in text if c.isalnum() or c.isspace()) / len(text)


# ---------------------------------------------------------------------------
# TCVN3 / VNI text that was once decoded as Windows-1252 and saved as Unicode

_SUSPECT = re.compile(r"[\u00a0-\u00ff\u2212\u0152\u0153\u0178\u2020\u2021\u2122]")


def _fix_misdecoded(text: str, encoding: str) -> tuple[str, str, list[str]]:
    """Convert lines of ``text`` that are legacy-encoded text read as Windows-1252.

    A line is a suspect when all its characters have a Windows-1252 byte and some are
    not ASCII (genuine Vietnamese almost always has a letter such as ộ, ư, đ that has
    none). The suspects are judged together, so that short lines (``Sè: 12``) follow
    the document: an encoding is applied when it makes the suspects as a whole far more
    Vietnamese, and then to each suspect line that it does not make worse.
    """
    if not _SUSPECT.search(text):
        return text, encoding, []
    lines = text.split("\n")
    todo = [i for i, line in enumerate(lines) if _SUSPECT.search(line) and encode_cp1252(line) is not None]
    if not todo:
        return text, encoding, []
    # per line: its score as it is, and per encoding its score converted (weights: scored words)
    table = []
    for i in todo:
        was, n = syllable_score(lines[i])
        outs = {enc: convert(lines[i]) for enc, convert in _CONVERTERS}
        table.append((i, was, n, {enc: (syllable_score(out)[0], out) for enc, out in outs.items()}))
    total = sum(n for _, _, n, _ in table)
    if total == 0:
        return text, encoding, []
    before = sum(was * n for _, was, n, _ in table) / total
    best_after = sum(max(sc for sc, _ in conv.values()) * n for _, _, n, conv in table) / total
    # words a conversion turns from junk into Vietnamese: OCR noise ("kém", "¢") gives a few at most
    gained = sum(max(0, max(_valid_words(out) for _, out in conv.values()) - _valid_words(lines[i])) for i, _, _, conv in table)
    if best_after < 0.6 or best_after <= before + 0.15 or gained < MIN_GAINED_WORDS:
        return text, encoding, []
    weight = {enc: sum(conv[enc][0] * n for _, _, n, conv in table) for enc, _ in _CONVERTERS}
    preferred = max(weight, key=lambda e: weight[e])
    used: list[str] = []
    state = ["" if not _VIET_LETTER.search(line) else "unicode" for line in lines]  # "", unicode, legacy, tie
    ties: dict[int, tuple[str, str]] = {}
    for i, _, _, conv in table:
        key = _line_key(lines[i])
        # the document's encoding, unless another one reads the line strictly better
        options = sorted(((sc, enc == preferred, enc, out) for enc, (sc, out) in conv.items() if out != lines[i]), reverse=True)
        if not options:
            continue
        _, _, enc, out = options[0]
        after = _line_key(out)
        # strong evidence: bytes no Vietnamese text has (µ, ø), VNI letter+modifier pairs
        # (thueá, baùo) that join into letters, or malformed words that become well-formed
        # known ones (Thêi → Thời); OCR noise in genuine text (thué → thuộ) gives none of them
        strong = _MOJIBAKE.search(lines[i]) or len(out) < len(lines[i]) or (after[0] > key[0] and after[1] > key[1])
        if after > key and strong:
            lines[i], state[i] = out, "legacy"
            if enc not in used:
                used.append(enc)
        elif after > key or (after == key and after[0] >= 0.8):
            state[i] = "tie"
            ties[i] = (enc, out)
    # A line that reads as well both ways (Sè/Số, công/cụng), or that is made of Vietnamese
    # letters only and reads better converted (OCR's "thué" → "thuộ"), follows the lines
    # around it: a pasted block is legacy throughout, a Unicode line between Unicode lines stays.
    decided = [i for i, st in enumerate(state) if st in ("unicode", "legacy")]
    for i, (enc, out) in ties.items():
        k = bisect.bisect_left(decided, i)
        near = [state[j] for j in (decided[k - 1] if k else None, decided[k] if k < len(decided) else None) if j is not None]
        if all(st == "legacy" for st in near) and (near or preferred == enc):
            lines[i] = out
            if enc not in used:
                used.append(enc)
    if not used:
        return text, encoding, []
    warnings = [Warnings.W001.format(encoding=LEGACY_NAMES[e]) for e in used]
    return "\n".join(lines), encoding + "+" + "+".join(used), warnings


_VIET_LETTER = re.compile("[" + "".join(sorted(set(VIETNAMESE_LETTERS) - set("ĐđÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"))) + "]")


# Latin-1 symbols and letters that are no Vietnamese letter: legacy bytes read as Windows-1252
# (TCVN3 µ ¸ § Ö, VNI ø ï ä ö ñ; « · » next to a letter, as in c«ng; an upper-case letter after a
# lower-case one, as in thÓ); a line with one of them is no genuine Vietnamese Unicode
_MOJIBAKE = re.compile(
    "["
    + "".join(sorted(c for c in map(chr, range(0xA1, 0x100)) if c not in VIETNAMESE_LETTERS and c not in "°·«»"))
    + "\u2212]|(?<=[^\\W\\d_])[·«»]|[·«»](?=[^\\W\\d_])|(?<=[a-z])[\u00c0-\u00dd]"
)


def _known_share(text: str) -> float:
    """Share of the non-ASCII words (abbreviations aside) that are known syllables (Viet74K); 0 without the list."""
    words = [w for w in _WORDS_ANY.findall(unicodedata.normalize("NFC", text)) if not w.isascii() and not is_abbreviation(w)]
    lex = syllables()
    return sum(1 for w in words if w.lower() in lex) / len(words) if words and lex else 0.0


_WORDS_ANY = re.compile(r"[^\W\d_]+")


def _line_key(line: str) -> tuple[float, float, int]:
    """How Vietnamese a reading of a line is: (well-formed syllables, known syllables, -foreign letters).

    The second and third break ties between readings that are both well formed: ``Phòng``
    (known) beats its TCVN3 reading ``Phũng`` (unknown), ``thué`` beats ``thuÐ`` (Ð is no
    Vietnamese letter).
    """
    score, _ = syllable_score(line)
    known = _known_share(line)
    foreign = sum(1 for c in line if ord(c) > 0x7F and c.isalpha() and c not in VIETNAMESE_LETTERS)
    return score, known, -foreign


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _valid_words(line: str) -> int:
    """Non-ASCII words of two letters or more that are Vietnamese syllables (a lone ¬ → ơ is no evidence)."""
    return sum(1 for w in _WORDS.findall(line) if not w.isascii() and is_syllable(w))


_CONVERTERS: list[tuple[str, Callable[[str], str]]] = [("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)]


__all__ = ["read_text_bytes"]
