"""Post-OCR correction tuned to dispatches.

The markers the parser needs (Số, V/v, Kính gửi, Nơi nhận, the national motto,
the type names) and, in the header, agency names from the registry are restored
by fuzzy matching. Digits are never "corrected": a whole-line replacement is only
made on lines without digits, and prefix replacements keep the rest of the line.
Last, a word that is no Vietnamese syllable gets the marks of the one syllable OCR
most likely damaged (:func:`repair_syllable`: "SÓ" → "SỐ"), and the word before a
number those of the number word it stands for (:func:`repair_number_words`: "sô 18"
→ "số 18"). This runs on OCR output only (:func:`correct_page` from
:func:`docintel.ocr.ocr_images`): text layers, DOCX and text files are never touched.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass
from functools import cache

import regex
from rapidfuzz import fuzz

from .._lexicon import syllable_entries, syllables
from .._normalise import fix_tone_placement, fold, fold_key, nfc
from .._rules import Rule, load
from ._tesseract import OCRLine, OCRPage, Word

LINE_THRESHOLD = 85.0
HEADER_LINES = 12  # agency names are restored only near the top of page 1


def _line_key(text: str) -> str:
    """fold_key, keeping a trailing colon (QUYẾT ĐỊNH: opens the articles; QUYẾT ĐỊNH is the type)."""
    return fold_key(text) + (":" if text.rstrip().endswith(":") else "")


@cache
def _rules() -> tuple[list[tuple[Rule, str]], list[Rule]]:
    rf = load("ocr_markers")
    whole = [(r, _line_key(str(r.get("canonical")))) for r in rf.rules if r.get("mode") == "line"]
    prefix = [r for r in rf.rules if r.get("mode") == "prefix"]
    return whole, prefix


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


_SPACED_SYMBOL = regex.compile(r"(?<=\d/(?:\d{4}/)?[A-ZĐ]{1,10}-) (?=[A-ZĐ]{2,}\b)")


def correct_line(text: str) -> str:
    """Restore a marker in one OCR line; return the line unchanged when none fits."""
    text = _SPACED_SYMBOL.sub("", nfc(text))  # "18/2025/TT- BCT" → "18/2025/TT-BCT"
    text = restore_symbol(text)  # "169/QĐ-BEĐTBXH" → "169/QĐ-BLĐTBXH"
    whole, prefix = _rules()
    if not any(c.isdigit() for c in text):
        key = _line_key(text)
        for rule, canon in whole:
            if key.endswith(":") != canon.endswith(":"):
                continue
            canonical = str(rule.get("canonical"))
            if canonical.isupper() and not _mostly_upper(text):
                continue  # "quy đinh" in running text is not the type name QUYẾT ĐỊNH
            if key and 0.7 <= len(key) / max(len(canon), 1) <= 1.3 and fuzz.ratio(key, canon) >= LINE_THRESHOLD:
                return str(rule.get("canonical"))
    folded = fold(text)
    for rule in prefix:
        m = rule.search(folded)
        if m and m.start() == 0:
            return str(rule.get("canonical")) + repair_diacritics(text[m.end():])
    return repair_diacritics(text)


def _restore_agency(text: str) -> str:
    try:
        from .._agencies import registry
    except ImportError:
        return text
    try:
        restored = registry().restore(text)
    except AttributeError:
        return text
    if not restored or any(c.isdigit() for c in text):
        return text
    # keep the line's upper case; only diacritics and letters OCR damaged change
    return restored.upper() if text.isupper() else restored


def correct_page(page: OCRPage) -> OCRPage:
    """Apply :func:`correct_line` to every line, agency restoration in the page-1 header, and
    then :func:`repair_syllables` to every line (a no-op on restored lines: their words are
    syllables) and :func:`repair_by_page` to the page's words."""
    texts: list[str] = []
    for i, ln in enumerate(page.lines):
        text = trim_edge_junk(ln.text)
        new = correct_line(text)
        if new == text:
            stamp = _trim_stamp_prefix(ln)
            new = text if stamp == ln.text else stamp
        if page.number == 1 and i < HEADER_LINES and fold(new) == fold(text) and new.isupper():
            # the registry sees the line as read, also when a phrase got its marks back
            restored = _restore_agency(text)
            new = new if restored == text else restored
        texts.append(repair_syllables(new))  # after the markers and the agency: they see the line as read
    texts = repair_clause_ends(repair_by_page(texts))
    page.lines = [ln if new == ln.text else _relabel(ln, new) for ln, new in zip(page.lines, texts, strict=True)]
    return page


# rules, borders and scratches that Tesseract reads as a "word" of their own at a line's
# edge: "` Căn cứ …", "._ Bộ trưởng …", "BỘ CÔNG THƯƠNG _", "… ĐẾN |"
_RULE_MARKS = frozenset("`´|_~^¿¡§¦")
_RULE_WORD = frozenset(_RULE_MARKS | set(".,'"))


def _is_rule_word(word: str) -> bool:
    return bool(word) and set(word) <= _RULE_WORD and not _RULE_MARKS.isdisjoint(word)


def trim_edge_junk(text: str) -> str:
    """Drop the words at either end of a line that are only rule and border marks (a backtick,
    underscore, bar, tilde: :data:`_RULE_MARKS`, with dots or commas) when a real word stays:
    ``"._ Bộ trưởng"`` → ``"Bộ trưởng"``. Punctuation that text writes ("-" of a list item,
    quotes, brackets, a lone "." or ",") and every word inside the line stay."""
    words = text.split(" ")
    lo, hi = 0, len(words)
    while lo < hi and (not words[lo] or _is_rule_word(words[lo])):
        lo += 1
    while hi > lo and (not words[hi - 1] or _is_rule_word(words[hi - 1])):
        hi -= 1
    kept = words[lo:hi]
    if not any(c.isalnum() for w in kept for c in w):
        return text
    return text if (lo, hi) == (0, len(words)) else " ".join(kept)


def _trim_stamp_prefix(line: OCRLine, floor: float = 30.0) -> str:
    """A marker line behind stamp scraps: "cap lễ QUYẾT ĐỊNH" (scraps read at confidence
    0 and 10) → "QUYẾT ĐỊNH". Only leading words below ``floor`` are dropped, and only
    when what remains is a whole marker line."""
    words = line.words
    k = 0
    while k < len(words) - 1 and words[k].conf < floor:
        k += 1
    if k == 0:
        return line.text
    rest = " ".join(w.text for w in words[k:])
    fixed = correct_line(rest)
    whole, _ = _rules()
    return fixed if any(fixed == str(r.get("canonical")) for r, _ in whole) else line.text


RESCUE_CONF = 80.0  # a word Tesseract is this sure of is print, not a seal's scratches
RESCUE_LETTERS = 4  # a rescued run says at least this much
_EDGE_JUNK = "'\"`‘’“”¿?!|_~^*«»"


def _bare(word: str) -> str:
    return word.strip(_EDGE_JUNK)


SYLLABLE_THRESHOLD = 60.0  # a syllable under a stamp: "mông" for THÔNG


def _anchored(words: list[Word], canonical: str) -> bool:
    """Word by word a marker: at least half its words are read confidently and are its
    syllables exactly; the damaged others are close ("mônG" for THÔNG, next to a sure "TƯ")."""
    syllables = fold(canonical).split()
    if len(words) != len(syllables) or 2 * sum(w.conf >= RESCUE_CONF for w in words) < len(words):
        return False
    for w, syl in zip(words, syllables, strict=True):
        got = fold(_bare(w.text)).rstrip(":")
        if w.conf >= RESCUE_CONF:
            if got != syl.rstrip(":"):
                return False
        elif fuzz.ratio(got, syl.rstrip(":")) < SYLLABLE_THRESHOLD:
            return False
    return True


def rescue_line(line: OCRLine) -> OCRLine | None:
    """The printed part of a line that a stamp or seal made noisy, or ``None``.

    Tesseract reads a seal's rim and the printed words beside it as one line;
    the line's confidence then falls and :func:`~._tesseract.drop_noise` would
    lose the print with the scratches. Two things are given back:

    * a marker line behind scraps: leading words dropped, the rest fuzzily is a
      whole marker line (a type title, "QUYẾT NGHỊ:") and holds a word read
      confidently in capitals, or word by word is one (:func:`_anchored`):
      ``"' 'mônG TƯ"`` → ``THÔNG TƯ``;
    * a confident run at either end: consecutive words each read at
      ≥ :data:`RESCUE_CONF`, with ≥ :data:`RESCUE_LETTERS` letters, mostly
      Vietnamese syllables: ``"Điều' 1¿ rÌ"`` → ``Điều``.
    """
    from ._tesseract import plausible_share

    words = [w for w in line.words if any(c.isalnum() for c in _bare(w.text))]
    whole, _ = _rules()
    titles = [(str(r.get("canonical")), canon) for r, canon in whole if str(r.get("canonical")).isupper()]
    for k in range(len(words)):
        rest = words[k:]
        if not any(w.conf >= RESCUE_CONF and _bare(w.text).isupper() for w in rest):
            break
        key = _line_key(" ".join(_bare(w.text) for w in rest))
        for canonical, canon in titles:
            if key.endswith(":") != canon.endswith(":") or not 0.7 <= len(key) / max(len(canon), 1) <= 1.3:
                continue
            if fuzz.ratio(key, canon) >= LINE_THRESHOLD or _anchored(rest, canonical):
                box = OCRLine(rest, line.block)
                conf = sum(w.conf for w in rest) / len(rest)
                return OCRLine([Word(canonical, box.left, box.top, box.right - box.left, box.bottom - box.top, conf)], line.block)

    def run(seq: list[Word]) -> list[Word]:
        out: list[Word] = []
        for w in seq:
            if w.conf < RESCUE_CONF or not any(c.isalnum() for c in _bare(w.text)):
                break
            out.append(w)
        return out

    head, tail = run(line.words), run(line.words[::-1])[::-1]
    best = max((head, tail), key=lambda ws: sum(c.isalpha() for w in ws for c in w.text))
    text = " ".join(_bare(w.text) for w in best)
    if len(best) == len(line.words) or sum(c.isalpha() for c in text) < RESCUE_LETTERS or plausible_share(text) < 0.5:
        return None
    return OCRLine([Word(_bare(w.text), w.left, w.top, w.width, w.height, w.conf) for w in best], line.block)


def _relabel(line: OCRLine, text: str) -> OCRLine:
    """A line with new text keeping its box and confidence (one word spanning the line)."""
    conf = line.conf * 100
    return OCRLine([Word(text, line.left, line.top, line.right - line.left, line.bottom - line.top, conf)], line.block)


__all__ = [
    "correct_line",
    "correct_page",
    "repair_by_page",
    "repair_clause_ends",
    "repair_diacritics",
    "repair_number_words",
    "repair_syllable",
    "repair_syllables",
    "rescue_line",
    "restore_symbol",
    "trim_edge_junk",
]


# ---------------------------------------------------------------------------
# the issuer code of a number symbol

# a number: digits, an optional year, then the symbol (letters, & and hyphen-joined parts)
_NUMBER_SYMBOL = regex.compile(r"(?<![\w/])(\d{1,6}[a-z]?/(?:\d{4}/)?)(\p{L}[\p{L}&]*(?:-\p{L}[\p{L}&.]*)*)")
MIN_SYMBOL_LEN = 3  # two-letter codes are too many and too alike to repair


def _sym_key(s: str) -> str:
    return fold(s).upper()


@cache
def _symbol_tables() -> tuple[frozenset[str], dict[str, list[str]], dict[str, list[str]], frozenset[frozenset[str]]]:
    """(type codes, body abbreviations, unit abbreviations, confusable letter pairs), by folded key."""
    types = frozenset(_sym_key(str(c)) for r in load("doc_types").rules for c in (r.get("codes") or []))
    bodies: dict[str, list[str]] = {}
    units: dict[str, list[str]] = {}
    try:
        from .._agencies import _is_abbrev, registry

        agencies = list(registry().agencies.values())
    except (ImportError, AttributeError):
        agencies = []
        _is_abbrev = None  # type: ignore[assignment]
    for a in agencies:
        for alias in a.aliases:
            if " " in alias or _is_abbrev is None or not _is_abbrev(alias):
                continue
            table = units if a.unit else bodies
            forms = table.setdefault(_sym_key(alias), [])
            if alias not in forms:
                forms.append(alias)
    pairs: set[frozenset[str]] = set()
    for r in load("ocr_markers").rules:
        if r.get("mode") == "confusions":
            for group in r.get("groups") or []:
                letters = {_sym_key(c) for c in str(group)}
                pairs.update(frozenset((x, y)) for x in letters for y in letters if x != y)
    return types, bodies, units, frozenset(pairs)


def _near(part: str, form: str, pairs: frozenset[frozenset[str]]) -> bool:
    """``part`` differs from the abbreviation ``form`` in exactly one letter that OCR confuses:
    a pair of :data:`symbol-confusions`, or a lower-case letter of ``form`` (the g of TTg)."""
    k, f = _sym_key(part), _sym_key(form)
    if len(k) != len(f):
        return False
    diff = [i for i in range(len(k)) if k[i] != f[i]]
    if len(diff) != 1:
        return False
    i = diff[0]
    return form[i].islower() or frozenset((k[i], f[i])) in pairs


def _repair_issuer(part: str, *, first: bool) -> str | None:
    """The registry abbreviation ``part`` is an OCR misreading of, or None (unknown or unsure)."""
    types, bodies, units, pairs = _symbol_tables()
    key = _sym_key(part)
    if len(key) < MIN_SYMBOL_LEN or key in types or key in units:
        return None
    if key in bodies:
        forms = bodies[key]
        # marks or case lost ("BLDTBXH", "TTG"): the one spelling the registry knows
        return forms[0] if len(forms) == 1 and part != forms[0] else None
    near = {form for forms in bodies.values() for form in forms if _near(part, form, pairs)}
    if len(near) == 1:
        return near.pop()
    if near or not first:
        return None
    # the hyphen between the issuer and its unit lost ("SCTVP" → "SCT-VP"): exact parts only
    splits = [
        (bodies[key[:j]][0], units[key[j:]][0])
        for j in range(MIN_SYMBOL_LEN, len(key) - 1)
        if len(bodies.get(key[:j], [])) == 1 and len(units.get(key[j:], [])) == 1
    ]
    return "-".join(splits[0]) if len(splits) == 1 else None


def restore_symbol(text: str) -> str:
    """Repair the issuer code in a number's symbol by the agency registry's abbreviations.

    The issuer is the part after the type code ("169/QĐ-BEĐTBXH" → "169/QĐ-BLĐTBXH",
    "798/QĐ-TTE" → "798/QĐ-TTg"), or the first part of a dispatch number without one
    ("912/SCTVP" → "912/SCT-VP"). A part is changed only when exactly one registry body
    abbreviation is one confusable letter away (see :func:`_near`), or when the part
    is a known abbreviation run into a known unit; unknown codes stay as read ("BQL",
    "KHTC"), and the digits are never touched.
    """
    if "/" not in text:
        return text
    types = _symbol_tables()[0]

    def fix(m: regex.Match[str]) -> str:
        parts = m.group(2).split("-")
        i = 1 if _sym_key(parts[0]) in types else 0
        if i >= len(parts):
            return m.group(0)
        new = _repair_issuer(parts[i], first=i == 0)
        if new is None:
            return m.group(0)
        parts[i] = new
        return m.group(1) + "-".join(parts)

    return _NUMBER_SYMBOL.sub(fix, text)


# ---------------------------------------------------------------------------
# diacritic repair with a dictionary of two-syllable words


@dataclass(frozen=True)
class _Phrase:
    canonical: str  # lower case, new tone placement
    written: str  # as the rule writes it ("Chính phủ")
    max_cost: int | None  # None: any reading of the letters is repaired (the hand-made rules)


@cache
def _phrases() -> dict[str, _Phrase]:
    """folded phrase → the phrase (``mode: phrase`` of rules/ocr_markers.yaml)."""
    out: dict[str, _Phrase] = {}
    for r in load("ocr_markers").rules:
        if r.get("mode") == "phrase":
            written = fix_tone_placement(nfc(str(r.get("canonical"))))
            cost = r.get("max_cost")
            out[" ".join(fold(written).split())] = _Phrase(written.lower(), written, None if cost is None else int(cost))
    return out


@cache
def _phrase_sizes() -> tuple[int, ...]:
    return tuple(sorted({len(k.split()) for k in _phrases()}, reverse=True))


def _match_case(template: str, word: str) -> str:
    """``word`` in the case of ``template``: upper, capitalised, or as written (a hand-made
    rule's case wins over a case OCR got wrong: "bỗ Sung" → "bổ sung")."""
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _slip_cost(read: str, canon: str) -> int | None:
    """What it costs (:func:`_mark_cost`, summed over syllables) to read ``canon`` as ``read``;
    None when a word carries marks Vietnamese does not write."""
    total = 0
    for r, c in zip(read.split(), canon.split(), strict=True):
        if r == c:
            continue
        rm, cm = _marks(r), _marks(c)
        if rm is None or cm is None or len(r) != len(c):
            return None
        total += _mark_cost(rm, cm)
    return total


_PHRASE_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}])\p{L}+(?![\p{L}\p{M}\p{N}])")


def repair_diacritics(text: str) -> str:
    """Fix OCR diacritic slips in dispatch phrases: "sửa đối, bỗ sung" → "sửa đổi, bổ sung".

    The phrases of ``rules/ocr_markers.yaml`` (``mode: phrase``) are looked up by their
    letters (:func:`fold`) among the words of the line that are side by side (one space, no
    punctuation between). A hand-made rule repairs any other reading of its letters; a mined
    one (``max_cost``, see ``scripts/mine_ocr_phrases.py``) only a reading that is one OCR
    mark slip away (:func:`_slip_cost` within ``max_cost``): "nhu câu" → "nhu cầu", but a
    reading of other words with the same letters stays, and so does one with a capital inside
    ("công Bộ": a name begins). A mined phrase keeps the read case letter by letter, a hand-made
    one its own (:func:`_match_case`); a reading that differs only in tone placement ("hoà")
    stays; digits are never touched.
    A general dictionary repair was tried and rejected: adjacent syllables that are not a
    compound ("bộ công", "bị cho") were "corrected" into compounds that are ("bõ công", "đi chợ").
    """
    table = _phrases()
    if not table:
        return text
    words = list(_PHRASE_WORD.finditer(text))
    sizes = _phrase_sizes()
    out = list(text)
    changed = False
    i = 0
    while i < len(words):
        step = 1
        for k in sizes:  # longest first: a longer phrase wins over a pair inside it
            span = words[i : i + k]
            if len(span) < k or any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(span)):
                continue
            start, end = span[0].start(), span[-1].end()
            cur = text[start:end]
            hit = table.get(fold(cur))  # fold lower-cases
            if hit is None:
                continue
            step = k
            low = fix_tone_placement(cur.lower())
            if low == hit.canonical or len(cur) != len(hit.canonical):
                break
            if hit.max_cost is not None:
                cost = _slip_cost(low, hit.canonical)
                if cost is None or cost > hit.max_cost or not _plain_words(cur):
                    break
            new = _with_case(cur, hit.canonical) if hit.max_cost is not None else _match_case(cur, hit.written)
            out[start:end] = list(new)
            changed = True
            break
        i += step
    return "".join(out) if changed else text


def _plain_words(text: str) -> bool:
    """The phrase is written as one: all lower, all upper, capitalised, or every word capitalised;
    "công Bộ" (a capital inside) is where a name begins, not one word ("phục vụ công | Bộ Quốc phòng")."""
    words = text.split()
    if not all(_plain_case(w) for w in words):
        return False
    return text in (text.lower(), text.upper(), text[:1] + text[1:].lower()) or all(w[:1].isupper() for w in words)


# ---------------------------------------------------------------------------
# one syllable whose marks OCR damaged: "SÓ" → "SỐ", "QUÓC" → "QUỐC", "nguôn" → "nguồn"

_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_SHAPES = {"\u0302": "hat", "\u0306": "breve", "\u031b": "horn"}
# what it costs to read a candidate's marks as the token's (see _mark_cost); the figures follow
# the confusions counted on 112 synthetic pages (scripts/eval_ocr_synthetic.py, truth vs OCR):
# a hat dropped under a kept tone ("số" → "só", "phố" → "phó") is the cheap slip of stacked
# marks; a tone lost, added or changed, and đ/d, are common but cannot tell one reading
# from another; a horn or a breve/hat that appears from nowhere is rare.
HAT_UNDER_TONE = 1
TONE = 2
STROKE = 2
HAT_DROPPED = 2
OTHER_SHAPE = 3
MAX_MARK_COST = 3  # a token farther than this from every syllable is no mark slip
MIN_ENTRIES = 2  # a syllable found in one Viet74K word only ("nẫm", "ầy") is too rare to be read into OCR
_VOWELS = frozenset("aeiouy")
_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{N}/&@_.\-])\p{L}+(?![\p{L}\p{M}\p{N}/&@_\-]|\.\p{L})")


def _marks(word: str) -> tuple[list[str | None], str | None] | None:
    """Per letter its shape mark (hat, breve, horn, stroke of đ) and the syllable's tone;
    None when the word has two tones or a mark Vietnamese does not write (OCR junk)."""
    shapes: list[str | None] = []
    tone: str | None = None
    for ch in word:
        if ch == "đ":
            shapes.append("stroke")
            continue
        nfd = unicodedata.normalize("NFD", ch)
        base, marks = nfd[0], nfd[1:]
        if not base.isascii() or (marks and base not in _VOWELS):
            return None
        shape = None
        for m in marks:
            if m in _SHAPES:
                shape = _SHAPES[m]
            elif m in _TONES and tone is None:
                tone = _TONES[m]
            else:
                return None
        shapes.append(shape)
    return shapes, tone


def _mark_cost(read: tuple[list[str | None], str | None], cand: tuple[list[str | None], str | None]) -> int:
    (rs, rt), (cs, ct) = read, cand
    cost = 0 if rt == ct else TONE
    for r, c in zip(rs, cs, strict=True):
        if r == c:
            continue
        if r is None and c in ("hat", "breve"):
            cost += HAT_UNDER_TONE if rt is not None and rt == ct else HAT_DROPPED
        elif "stroke" in (r, c):
            cost += STROKE
        else:
            cost += OTHER_SHAPE
    return cost


@cache
def _by_fold() -> dict[str, list[tuple[str, tuple[list[str | None], str | None]]]]:
    """The syllables common enough to be a reading (:data:`MIN_ENTRIES`) by folded key."""
    out: dict[str, list[tuple[str, tuple[list[str | None], str | None]]]] = {}
    for s, n in syllable_entries().items():
        marks = _marks(s)
        if marks is not None and n >= MIN_ENTRIES:
            out.setdefault(fold(s), []).append((s, marks))
    return out


def _plain_case(word: str) -> bool:
    """``word`` is written all lower, all upper or capitalised: the only cases a repair touches (a
    mixed-case word, "TTg", may be an abbreviation)."""
    return word == word.lower() or word == word.upper() or word == word[:1].upper() + word[1:].lower()


def _with_case(model: str, word: str) -> str:
    """``word`` (lower case, as long as ``model``) in ``model``'s case letter by letter."""
    return "".join(w.upper() if m.isupper() else w for m, w in zip(model, word, strict=True))


def repair_syllable(token: str) -> str:
    """The one Vietnamese syllable an OCR-damaged token stands for, or the token unchanged.

    Only a token that is no syllable of the lexicon (underthesea's Viet74K) is looked at;
    its candidates are the syllables with the same letters (same :func:`fold`), priced by
    how OCR damages marks (:data:`HAT_UNDER_TONE`, :data:`TONE` …); a syllable of a single
    Viet74K word (:data:`MIN_ENTRIES`) is no candidate. The cheapest is taken
    only when it is the only one at its price and within :data:`MAX_MARK_COST`: "SÓ" →
    "SỐ" (só is no syllable; số is a hat dropped under the tone, sò/so a changed tone),
    but "hiêm" stays (hiểm, hiếm, hiềm: one tone each away). Case is kept letter by letter;
    single letters, mixed-case tokens (TTg) and words with marks Vietnamese does not write stay.
    """
    low = token.lower()
    if len(token) < 2 or not _plain_case(token):
        return token
    table = _by_fold()
    if not table or low in syllables():
        return token
    cands = table.get(fold(low))
    read = _marks(low)
    if not cands or read is None:
        return token
    priced = sorted((_mark_cost(read, m), s) for s, m in cands if len(s) == len(low))
    if not priced or priced[0][0] > MAX_MARK_COST or (len(priced) > 1 and priced[1][0] == priced[0][0]):
        return token
    best = priced[0][1]
    return _with_case(token, best)


def repair_syllables(text: str) -> str:
    """:func:`repair_syllable` on every word of a line that stands alone: letters between
    spaces or punctuation, never a part of a number, a symbol (QĐ-TTg), an address or a
    word glued to digits; then :func:`repair_number_words`."""
    return repair_number_words(_WORD.sub(lambda m: repair_syllable(m.group(0)), text))


@cache
def _number_words() -> dict[str, tuple[str, frozenset[str]]]:
    """folded key → (the word that stands before a number, readings that are words of their own)."""
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for r in load("ocr_markers").rules:
        if r.get("mode") == "before-number":
            canon = nfc(str(r.get("canonical")))
            out[fold(canon)] = (canon, frozenset(nfc(str(k)) for k in r.get("keep") or []))
    return out


_BEFORE_NUMBER = regex.compile(r"(?<![\p{L}\p{M}\p{N}/&@_.\-])(\p{L}{2,6})(?=\s?:?\s?\d)")


def repair_number_words(text: str) -> str:
    """The word before a number read with the marks of a number word: "sô 18/2025" → "số 18/2025",
    "ĐIÊU 5" → "ĐIỀU 5" (``mode: before-number`` of ``rules/ocr_markers.yaml``); the digits
    and the words of `keep` ("Việt Nam 2030") stay."""
    table = _number_words()

    def fix(m: regex.Match[str]) -> str:
        word = m.group(1)
        hit = table.get(fold(word))
        low = word.lower()
        if hit is None or low == hit[0] or low in hit[1]:
            return word
        if not _plain_case(word):
            return word
        return _with_case(word, hit[0])

    return _BEFORE_NUMBER.sub(fix, text)


# ---------------------------------------------------------------------------
# the page's own words as context: "đôi với" once beside "đối với" four times

PAGE_SUPPORT = 2  # the page's other reading occurs at least this often beside the same word …
PAGE_RATIO = 3  # … and this many times as often as the token's own reading there
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_GLUE = frozenset("/&@_-.")


def repair_by_page(lines: list[str]) -> list[str]:
    """Marks a page reads one way in most places and another way once, beside the same word.

    A word whose marks OCR damaged into another valid syllable ("đối với" → "đôi với",
    "điều chỉnh" → "điêu chỉnh", "Chủ tịch" → "Chủ tich") is no dictionary matter: both
    readings are words. The page itself tells: the word is changed to the reading with the
    same letters (same :func:`fold`) that stands beside the same neighbour (the same word
    after it, or before it) at least :data:`PAGE_SUPPORT` times and :data:`PAGE_RATIO` times
    as often as the token's own reading there — and only when that reading is the only one,
    and the neighbour on the other side does not hold the token's reading elsewhere on the
    page more often than the other one ("văn bản chỉ đạo" beside "Ban Chỉ đạo": "văn bản" holds). Letters, digits and words
    of symbols never change; a page of consistent readings is returned as is.
    """
    toks: list[tuple[int, int, int, str]] = []  # (line, start, end, lower-case word)
    for li, line in enumerate(lines):
        toks.extend((li, m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(line))
    if len(toks) < 3:
        return lines
    words = [t[3] for t in toks]
    after: dict[tuple[str, str], int] = {}
    before: dict[tuple[str, str], int] = {}
    by_key: dict[tuple[str, str, str], set[str]] = {}  # (side, folded word, neighbour) → readings
    for i in range(len(words) - 1):
        a, b = words[i], words[i + 1]
        after[(a, b)] = after.get((a, b), 0) + 1
        before[(b, a)] = before.get((b, a), 0) + 1
        by_key.setdefault(("next", fold(a), b), set()).add(a)
        by_key.setdefault(("prev", fold(b), a), set()).add(b)

    def support(side: str, word: str, nb: str) -> int:
        return (after if side == "next" else before).get((word, nb), 0)

    out = list(lines)
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for i, (li, start, end, word) in enumerate(toks):
        line = lines[li]
        text = line[start:end]
        if len(word) < 2 or not text.isalpha() or (start and line[start - 1] in _GLUE) or (end < len(line) and line[end] in _GLUE):
            continue
        if not _plain_case(text):
            continue
        sides = {s: words[j] for s, j in (("next", i + 1), ("prev", i - 1)) if 0 <= j < len(words)}
        picks: set[str] = set()
        for side, nb in sides.items():
            own = support(side, word, nb)
            for alt in by_key.get((side, fold(word), nb), set()) - {word}:
                n = support(side, alt, nb)
                if n < PAGE_SUPPORT or n < PAGE_RATIO * own or len(alt) != len(word):
                    continue
                other = [(s, o) for s, o in sides.items() if s != side]
                # the other neighbour holds the token's reading elsewhere on the page more often
                if other and support(other[0][0], word, other[0][1]) - 1 > support(other[0][0], alt, other[0][1]):
                    continue
                picks.add(alt)
        if len(picks) == 1:
            alt = picks.pop()
            new = _with_case(text, alt)
            edits.setdefault(li, []).append((start, end, new))
    for li, spans in edits.items():
        line = out[li]
        for start, end, new in sorted(spans, reverse=True):
            line = line[:start] + new + line[end:]
        out[li] = line
    return out


# ---------------------------------------------------------------------------
# the preamble's clause ends: "Căn cứ Luật …," read for "Căn cứ Luật …;"

# a preamble clause of Decree 30/2020 (Appendix I): each legal basis, proposal or
# instruction opens a paragraph of its own and ends with ";" before the next one
_CLAUSE_OPENER = regex.compile(r"^\W{0,2}(?:can cu|theo de nghi|xet de nghi|tren co so|thuc hien)\b")  # folded


def _opens_clause(line: str) -> bool:
    """``line`` starts a preamble clause, capitalised as a paragraph's first words are (marks
    tolerated: "Theo đê nghị"); "theo đề nghị" inside a sentence does not."""
    m = _CLAUSE_OPENER.match(fold(line.lstrip()))
    first = next((c for c in line if c.isalpha()), "")
    return bool(m and first.isupper())


def repair_clause_ends(lines: list[str]) -> list[str]:
    """A preamble clause that ends in "," before the next clause gets its ";" back.

    Tesseract reads the small semicolon of italic preamble lines as a comma ("… năm 2025,"
    before "Căn cứ Luật …"); Decree 30/2020 ends every basis and proposal with ";". A line
    is changed only when the next line opens a clause (:data:`_CLAUSE_OPENER`, capitalised)
    and its own paragraph was opened by one too, with no sentence or clause end (".", ";",
    ":") between; anything else, and every other comma, stays.
    """
    out = list(lines)
    opens = [_opens_clause(line) for line in lines] + [False]  # each line tested once; none after the last
    start: int | None = None  # the line the current clause opened on
    for i, line in enumerate(lines):
        if opens[i]:
            start = i
        text = line.rstrip()
        if start is None:
            continue
        if text.endswith(",") and opens[i + 1]:
            out[i] = text[:-1] + ";" + line[len(text):]
        if text.endswith((",", ";", ".", ":")) and (opens[i + 1] or not text.endswith(",")):
            start = None
    return out
