"""The signer of a dispatch: authority prefix, the title signed for, own title, name.

Decree 30/2020/NĐ-CP, Article 13: the signing block stands at the bottom right. When
the head signs, it holds the head's title and name (``VỤ TRƯỞNG`` / ``Nguyễn Văn
Bình``). Otherwise a prefix says in what capacity: ``KT.`` (ký thay, a deputy for the
head), ``TM.`` (thay mặt, on behalf of a collective body), ``TL.`` (thừa lệnh),
``TUQ.`` (thừa ủy quyền), ``Q.`` (quyền, acting). Prefixes nest::

    TM. ỦY BAN NHÂN DÂN      ← authority TM, for ỦY BAN NHÂN DÂN (the outermost)
    KT. CHỦ TỊCH             ← a second level in ``chain``
    PHÓ CHỦ TỊCH             ← title (the signer's own)
    Trương Việt Dũng         ← name

:func:`split_footer` (``docintel._footer``) finds the block and hands over its lines
(already split from the Nơi nhận column they are often merged with); this module
classifies them. The vocabulary — prefixes with OCR variants, common titles, bodies,
surnames — is ``rules/signing.yaml``. OCR'd titles are restored to their canonical
spelling (``PHO TONG CUC TRUONG`` → ``PHÓ TỔNG CỤC TRƯỞNG``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, cast

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .._errors import Warnings
from .._model import Authority, Document, Line, Signer
from .._normalise import fold
from .._rules import RuleFile, load

Kind = Literal["prefix", "title", "name"]

_JUNK_EDGE = regex.compile(r"^[^\p{L}\p{N}(]+|[^\p{L}\p{N})]+$")
_NAME_JUNK = regex.compile(r"[!\"“”‘’'*#|\[\]{}<>^`~´ˆ¨]")
_TOKEN = regex.compile(r"\S+")
_LETTER = regex.compile(r"\p{L}")
_TITLE_CHARS = regex.compile(r"[^\p{L}\p{N}\s,&/()-]")


_CAPITAL_WORD = regex.compile(r"\p{Lu}\p{L}{2}")
_FOUR_LETTERS = regex.compile(r"\p{L}{4}")
_NOT_KEY = regex.compile(r"[^0-9a-z]")
_THREE_LETTERS = regex.compile(r"\p{L}{3}")
_THREE_LOWER = regex.compile(r"\p{Ll}{3}")
_TRAILING_DOTS = regex.compile(r"[.\s]+$")


@dataclass(frozen=True)
class _Vocab:
    rules: RuleFile
    canon: dict[str, str]  # folded, spaceless key → canonical title or body
    keys: tuple[str, ...]
    title_words: regex.Pattern[str]
    body_words: regex.Pattern[str]
    heads: regex.Pattern[str]
    surnames: frozenset[str]
    spellings: dict[str, str]  # folded surname → its spelling, for restoring a damaged one
    not_name: frozenset[str]
    not_names: frozenset[str]
    spelled: frozenset[str]  # every title and body as spelled in the rules
    signed_mark: regex.Pattern[str]  # "(đã ký)" after a name, on folded text
    any_prefix: regex.Pattern[str]  # every prefix pattern as one alternation (a quick first test)
    agency_heads: regex.Pattern[str]  # words that open an agency's name ("bo", "toa an"), folded
    ranks: regex.Pattern[str]  # a rank or degree before a name ("thuong tuong", "pgs.ts."), folded


def _key(s: str) -> str:
    return _NOT_KEY.sub("", fold(s))


@cache
def vocab() -> _Vocab:
    rf = load("signing")
    titles = [str(t) for t in rf.meta.get("titles") or []]
    bodies = [str(t) for t in rf.meta.get("bodies") or []]
    canon: dict[str, str] = {}
    for t in titles + bodies:  # the first spelling wins a folded tie (THỨ TRƯỞNG before THỦ TRƯỞNG)
        canon.setdefault(_key(t), t)
    words = sorted({fold(str(w)) for w in rf.meta.get("title_words") or []}, key=len, reverse=True)
    bwords = sorted({fold(b) for b in bodies}, key=len, reverse=True)
    heads = sorted({fold(str(w)) for w in rf.meta.get("title_heads") or []}, key=len, reverse=True)
    pats = [p for r in rf.rules for p in r.patterns]
    agency = sorted({fold(str(w)) for w in rf.meta.get("agency_heads") or []}, key=len, reverse=True)
    ranks = sorted({fold(str(w)) for w in rf.meta.get("name_ranks") or []}, key=len, reverse=True)
    return _Vocab(
        agency_heads=regex.compile(r"^(?:" + "|".join(map(regex.escape, agency)) + r")\b"),
        ranks=regex.compile(r"^(?:" + "|".join(regex.escape(r).replace(r"\ ", r"\s?") for r in ranks) + r")\s?(?=\w)"),
        any_prefix=regex.compile("|".join(f"(?:{p.pattern})" for p in pats), pats[0].flags),
        rules=rf,
        canon=canon,
        keys=tuple(sorted(canon, key=len, reverse=True)),
        title_words=regex.compile(r"\b(?:" + "|".join(map(regex.escape, words)) + r")\b"),
        body_words=regex.compile(r"\b(?:" + "|".join(map(regex.escape, bwords)) + r")\b"),
        heads=regex.compile(r"^(?:" + "|".join(map(regex.escape, heads)) + r")\b"),
        surnames=frozenset(fold(str(s)) for s in rf.meta.get("surnames") or []),
        spellings={fold(str(s)): str(s) for s in rf.meta.get("surname_spellings") or []},
        not_name=frozenset(str(w).lower() for w in rf.meta.get("not_name_words") or []),
        not_names=frozenset(fold(str(w)) for w in rf.meta.get("not_names") or []),
        spelled=frozenset(titles + bodies),
        signed_mark=regex.compile(
            r"\s*(?:"
            + "|".join(
                regex.escape(str(m)).replace(r"\ ", r"\s?")
                for m in sorted(rf.meta.get("signed_marks") or [], key=len, reverse=True)
            )
            + r")\W{0,2}$"
        ),
    )


# ---------------------------------------------------------------------------
# line vocabulary (used by the footer splitter too)


def upper_ratio(s: str) -> float:
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if c.isupper()) / len(letters)


def strip_junk(s: str) -> tuple[str, int]:
    """``s`` without OCR junk at its edges, and the offset of what is kept."""
    m = _JUNK_EDGE.match(s)
    lead = m.end() if m else 0
    t = s[lead:]
    m2 = _JUNK_EDGE.search(t)
    if m2 and m2.start() > 0:
        t = t[: m2.start()]
    return t, lead


def has_title_word(s: str) -> bool:
    return bool(vocab().title_words.search(fold(s)))


def has_body_word(s: str) -> bool:
    return bool(vocab().body_words.search(fold(s)))


def _title_after_prefix(rest: str) -> bool:
    letters = len(_LETTER.findall(rest))
    if letters < 3:
        return False
    ratio = upper_ratio(rest)
    if ratio >= 0.6 and (has_title_word(rest) or has_body_word(rest)):
        return True
    # an OCR-damaged title ("CỤC TRUGNG"): all capitals, a few letters
    return ratio >= 0.85 and letters >= 5 and not any(ch.isdigit() for ch in rest)


def match_prefix(s: str, folded: str | None = None) -> tuple[Authority, int] | None:
    """``(authority, end)`` when ``s`` opens with an authority prefix before an upper-case title.

    ``end`` is where the title starts in ``s``. The prefix letters must be capitals
    as printed (``KT.``, ``T/M``, ``TUQ.``); what follows must be a title or body.
    ``folded`` is ``fold(s)`` when the caller has it.
    """
    f = fold(s) if folded is None else folded
    v = vocab()
    if v.any_prefix.match(f) is None:  # no rule's pattern matches here: skip the loop
        return None
    for rule in v.rules.rules:
        for p in rule.patterns:
            m = p.match(f)
            if not m:
                continue
            token = s[: m.end()]
            if any(c.isalpha() and not c.isupper() for c in token):
                continue
            if _title_after_prefix(s[m.end() :]):
                return cast(Authority, str(rule.get("authority"))), m.end()
    return None


def find_prefix(s: str, folded: str | None = None) -> tuple[Authority, int, int] | None:
    """``(authority, prefix start, title start)``: a prefix at the start of ``s`` or after
    a little OCR junk (``ly KT. CUC TRUONG``, ``ÿ . ; KT.TONG …``). ``folded`` is
    ``fold(s)`` when the caller has it."""
    f = fold(s) if folded is None else folded  # fold is per character: its slices fold the slices of s
    for m in _TOKEN.finditer(s):
        skipped = s[: m.start()]
        # OCR junk is short: a word of four letters, or a capitalised or second
        # three-letter word ("Nơi nhận fit KT." keeps "fit"), is text, not junk
        if _FOUR_LETTERS.search(skipped) or len(_THREE_LETTERS.findall(skipped)) > 1:
            return None
        if _CAPITAL_WORD.search(skipped):
            return None
        pm = match_prefix(s[m.start() :], f[m.start() :])
        if pm is not None:
            return pm[0], m.start(), m.start() + pm[1]
        if m.start() > 12:
            return None
    return None


def is_title_line(s: str) -> bool:
    """An upper-case line holding a signer's title (``PHÓ GIÁM ĐỐC``, ``TONG CUC TRUONG``)."""
    t, _ = strip_junk(s)
    if len(_LETTER.findall(t)) < 4 or len(t.split()) > 14:
        return False
    return upper_ratio(t) >= 0.7 and has_title_word(t)


def is_upper_continuation(s: str) -> bool:
    """An upper-case line that can continue a title (``THUẾ``, ``BAN CÁN SỰ``)."""
    t, _ = strip_junk(s)
    words = t.split()
    if not words or len(words) > 10 or len(_LETTER.findall(t)) < 3 or t.endswith((";", ":")):
        return False
    if any(ch.isdigit() for ch in t):
        return False
    return upper_ratio(t) >= 0.85 and sum(1 for w in words if len(_LETTER.findall(w)) >= 3) * 2 >= len(words)


def person_name(s: str) -> tuple[str, bool] | None:
    """``(name, strong)`` when ``s`` is a personal-name line, else None.

    2–5 capitalised syllables, no digits, no agency or title words; ``strong`` when the
    first is a common surname. Stamp noise (``Ye``, ``/Qy``, ``AEG``) is not a name.
    """
    raw = s.strip()
    rank = vocab().ranks.match(fold(raw))
    if rank is not None:
        raw = raw[rank.end() :]  # "Thượng tướng Lê Quốc Hùng": the rank is no part of the name
    mark = vocab().signed_mark.search(fold(raw))
    if mark is not None:
        raw = raw[: mark.start()].rstrip()  # "Phan Văn Anh (đã ký)"
    if not raw or raw.endswith((";", ",", ":")) or any(ch.isdigit() for ch in raw) or "(" in raw:
        return None
    t = _NAME_JUNK.sub("", raw)
    t = _TRAILING_DOTS.sub("", t).strip(" -–—_.,")
    toks = t.split()
    if not 2 <= len(toks) <= 5:
        return None
    v = vocab()
    for i, tok in enumerate(toks):
        if not tok.isalpha():
            return None
        if len(tok) == 1:
            if not (tok.isupper() and i > 0):
                return None
            continue
        if not (tok[0].isupper() and tok[1:].islower()):
            return None
        if tok.lower() in v.not_name:
            return None
    if fold(" ".join(toks)) in v.not_names:
        return None
    strong = fold(toks[0]) in v.surnames
    if not strong and len(toks) < 3:
        return None
    return " ".join(toks), strong


# a Vietnamese syllable on folded letters: onset, vowels, coda ("huy", "nhan", "truong")
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnptiyou])?"
)
_DEBRIS_MAX = 4  # characters of OCR debris before a damaged surname ("SN", "ì", "Esty")


def _given_name(tok: str) -> bool:
    """A well-formed given-name syllable as printed: capitalised, letters only, Vietnamese shape."""
    return (
        len(tok) >= 2
        and tok.isalpha()
        and tok[0].isupper()
        and tok[1:].islower()
        and tok.lower() not in vocab().not_name
        and bool(_SYLLABLE.fullmatch(fold(tok)))
    )


def _surname_for(tok: str) -> str | None:
    """The spelling of the one common surname an OCR-damaged word stands for, or None.

    On the word's folded letters (``€uyễn`` → ``uyen``, ``gấŸen`` → ``gayen``): the surnames
    of three letters or more within one edit (two for those of five letters or more), or of
    which the word is the end (``yen`` of ``nguyen``, the start lost). A word that folds to
    a surname stands for it; else exactly one must qualify, and it must have a spelling in the rules (``surname_spellings``); two surnames
    alike close (``ong``: tong, hong, nong …) give None.
    """
    near = _near_surnames(tok)
    key = "".join(_LETTER.findall(fold(tok)))
    if key in near:
        near = {key}  # the surname itself, its marks or capital lost ("tran")
    if len(near) != 1:
        return None
    return vocab().spellings.get(near.pop())


def _near_surnames(tok: str) -> set[str]:
    """The folded surnames (three letters or more) ``tok`` may be a damaged form of."""
    key = "".join(_LETTER.findall(fold(tok)))
    if len(key) < 3:
        return set()
    return {
        s
        for s in vocab().surnames
        if len(s) >= 3
        and (Levenshtein.distance(key, s) <= (2 if len(s) >= 5 else 1) or (len(key) < len(s) and s.endswith(key)))
    }


def repair_name(s: str) -> str | None:
    """The signer's name on a line whose surname OCR damaged at its start, or None.

    ``guyền Tiến Trường`` → ``Nguyễn Tiến Trường``; ``SN €uyễn Huy Nhặn`` → ``Nguyễn Huy
    Nhặn``. Only for a line standing where a signing block's name belongs (the caller knows):
    after at most four characters of debris, one word that is not a well-formed capitalised
    syllable and reads close to exactly one common surname (:func:`_surname_for`), then one
    to three well-formed given-name syllables, kept as read. A line :func:`person_name`
    reads is no damaged name; a lost surname is never guessed (``fin Đức Thường``).
    """
    t = _TRAILING_DOTS.sub("", _NAME_JUNK.sub("", strip_junk(s)[0])).strip()
    if not t or any(ch.isdigit() for ch in t) or person_name(t) is not None:
        return None
    toks = t.split()
    found: set[str] = set()
    for i in range(min(3, len(toks))):
        if sum(len(x) for x in toks[:i]) > _DEBRIS_MAX or (i and _near_surnames(toks[i - 1])):
            break  # a word close to a surname is the damaged surname, never debris before one
        given = toks[i + 1 :]
        if not 1 <= len(given) <= 3 or not all(_given_name(g) for g in given):
            continue
        word = toks[i]
        if word.lower() in vocab().not_name or fold(" ".join(given)) in vocab().not_names:
            continue  # "theo Hà Nội"
        if word[:1].isupper() and word[1:].islower() and word.isalpha() and fold(word) in vocab().surnames:
            # an intact surname after debris ("SN Nguyễn Huy Nhặn"): a whole name after it
            surname: str | None = word if len(given) >= 2 else None
        elif _given_name(word):
            continue  # a well-formed word: a rare surname as read, or no name; never "repaired"
        else:
            surname = _surname_for(word)
        if surname is not None:
            found.add(" ".join([surname, *given]))
    if len(found) != 1:
        return None
    name = found.pop()
    return None if fold(name) in vocab().not_names else name


def is_agency_line(s: str) -> bool:
    """An agency's name in capitals (``BỘ CÔNG AN``, ``TÒA ÁN NHÂN DÂN TỐI CAO``): under a
    prefix in a joint document it completes the title signed for."""
    t, _ = strip_junk(s)
    words = t.split()
    if not 2 <= len(words) <= 10 or any(ch.isdigit() for ch in t) or t.endswith((";", ":", ",")):
        return False
    return upper_ratio(t) >= 0.85 and bool(vocab().agency_heads.match(fold(t)))


def classify(s: str) -> Kind | None:
    """What a right-column line is: ``prefix``, ``title``, ``name``, or None (noise)."""
    t, _ = strip_junk(s)
    if not t:
        return None
    if find_prefix(t):
        return "prefix"
    if person_name(t):
        return "name"
    if is_title_line(t):
        return "title"
    return None


def restore_title(s: str) -> str:
    """Canonical spelling of a title line: ``PHO TONG CUC TRUONG`` → ``PHÓ TỔNG CỤC TRƯỞNG``.

    The longest known title (``rules/signing.yaml``: titles, bodies) the line opens with
    is restored — exactly on folded letters, fuzzily for OCR (``YC TRUONG``), or from a
    title cut at the right margin (``CHI CỤC TRU``); the rest of the line is kept,
    upper-cased. Leading stamp junk (``AE``, ``4``, ``in VE BƠ, 7``) is dropped. A line
    that matches no known title and reads as OCR noise (one-letter or lower-case
    tokens: ``Ẹ Noi: C Cc TRUONG``) gives ``""``: no title rather than junk.
    """
    return _restore(s)[0]


def _variants(toks: list[str]) -> list[list[str]]:
    """The token list as read, then without leading junk tokens (up to six of at most
    two letters each), those that open with a title head first."""
    out = [toks]
    for i in range(1, min(len(toks), 7)):
        head = toks[i - 1]
        if fold(head) in {"bo", "vu", "so"}:  # BỘ/VỤ/SỞ TRƯỞNG
            break
        # junk: a token of at most two letters, or three in lower case in a line of capitals
        if len(_LETTER.findall(head)) > 2 and not _THREE_LOWER.fullmatch(head):
            break
        rest = toks[i:]
        joined = " ".join(rest)
        if has_title_word(joined) or has_body_word(joined):
            out.append(rest)
    heads = vocab().heads
    return sorted(out, key=lambda vt: not heads.search(fold(" ".join(vt))))


def _restore(s: str) -> tuple[str, str]:
    """``(title, how)``: how is ``exact``, ``fuzzy``, ``cut`` (truncated), ``raw`` or ``junk``."""
    toks = _TITLE_CHARS.sub(" ", s).split()
    if not toks:
        return "", "junk"
    variants = _variants(toks)
    v = vocab()
    for vt in variants:
        for k in range(len(vt), 0, -1):
            key = _key(" ".join(vt[:k]))
            if key in v.canon:
                head = " ".join(vt[:k]).upper()
                if head not in v.spelled:  # keep a known title as printed (THỦ TRƯỞNG vs THỨ TRƯỞNG)
                    head = v.canon[key]
                return " ".join([head, *vt[k:]]).upper(), "exact"
    for vt in variants:
        for k in range(len(vt), 0, -1):
            key = _key(" ".join(vt[:k]))
            if len(key) < 6:
                break
            best, score = None, 0.0
            for cand in v.keys:
                if cand.startswith("pho") != key.startswith("pho"):
                    continue
                sc = fuzz.ratio(key, cand)
                if sc > score:
                    best, score = cand, sc
            if best is not None and (score >= 88 or (score >= 80 and _same_tail(key, best))):
                return " ".join([v.canon[best], *vt[k:]]).upper(), "fuzzy"
    # a title cut at the right margin: the whole line is the start of one known title
    for vt in variants:
        key = _key(" ".join(vt))
        if len(key) >= 8:
            cut = [c for c in v.keys if c.startswith(key) and len(c) - len(key) <= 4]
            if len(cut) == 1:
                return v.canon[cut[0]], "cut"
    if _noisy(toks):
        return "", "junk"
    return " ".join(toks).upper(), "raw"


def _noisy(toks: list[str]) -> bool:
    """OCR noise rather than an unknown title: a one-letter token, or a word in lower or
    mixed case (a title is printed in capitals)."""
    for tok in toks:
        letters = "".join(_LETTER.findall(tok))
        if not letters:
            continue
        if len(letters) == 1 and letters not in {"&"}:
            return True
        if any(c.islower() for c in letters):
            return True
    return False


def _same_tail(a: str, b: str) -> bool:
    """OCR damage at the start only: ``yctruong`` for ``cuctruong``."""
    return len(a) >= 8 and abs(len(a) - len(b)) <= 2 and a[-6:] == b[-6:]


def _fragment(title: str) -> bool:
    """A title that matched no known one and is a single word or holds a one- or
    two-letter token (``FA TRƯỞNG``): too little of a title to report."""
    words = title.split()
    return len(words) < 2 or any(len(_LETTER.findall(w)) <= 2 for w in words)


def _deputy_title(raw: str, levels: list[list[str]]) -> str | None:
    """``PHÓ X`` for an OCR-damaged own title under ``KT. X`` when the line reads close to
    it (``PHO pes CUC TRUONG`` under ``KT. TỔNG CỤC TRƯỞNG``): a deputy signs for the head
    (Decree 30/2020, Article 13), so that is the reading to prefer over another title
    the damaged letters happen to resemble."""
    if not levels or levels[-1][0] != "KT" or not levels[-1][1]:
        return None
    target = "PHÓ " + levels[-1][1]
    want = _key(target)
    toks = _TITLE_CHARS.sub(" ", raw).split()
    for vt in _variants(toks):
        key = _key(" ".join(vt))
        if key.startswith("pho") and fuzz.ratio(key, want) >= 75:
            return target
    return None


def _starts_own_title(title: str) -> bool:
    return bool(vocab().heads.search(fold(title)))


# ---------------------------------------------------------------------------
# the signer


def signing_blocks(lines: list[Line]) -> list[list[Line]]:
    """The lines of one signing block each: in a joint document (TTLT) every body signs in a
    block of its own, printed one after the other — a prefix line after a name opens the next."""
    blocks: list[list[Line]] = [[]]
    named = False  # the block has its name
    prefixed = titled = False  # it has a prefix, and an own title under it
    for ln in lines:
        t, _ = strip_junk(ln.text)
        kind = classify(t) if t else None
        if kind == "prefix" and (named or titled):
            # a name OCR could not read ("Võ Minh Lươn g") still ends a block: prefix,
            # own title, then a new prefix is the next block, never a nested level
            blocks.append([])
            named = prefixed = titled = False
        blocks[-1].append(ln)
        if kind == "name":
            named = True
        elif kind == "prefix":
            prefixed = True
        elif kind == "title" and prefixed and _starts_own_title(restore_title(t)):
            titled = True
    return [b for b in blocks if b]


# ---------------------------------------------------------------------------
# side-by-side blocks (a joint document's bodies sign in columns, Decree 30 Appendix)

_PartKind = Literal["prefix", "title", "name", "agency", "cont", "signed"]
_WIDE_GAP = 3  # raw characters a single stored space stands for: a column gap


@lru_cache(maxsize=4096)
def _part_kind(text: str) -> _PartKind | None:
    """What one column's piece of a merged line is, or None when it is no signing-block line."""
    t, _ = strip_junk(text)
    if not t:
        return None
    f = fold(text.strip())
    if f.startswith("(") and vocab().signed_mark.match(f):  # "(Đã ký)"
        return "signed"
    kind = classify(t)
    if kind is not None:
        return kind
    if is_agency_line(t):
        return "agency"
    if is_upper_continuation(t):
        return "cont"
    return None


def _known(text: str, kind: _PartKind) -> bool:
    """A piece that is certainly whole: a prefix, a strong name, a title or body as the rules
    spell it (``THỨ TRƯỞNG``, ``BỘ Y TẾ``)."""
    if kind in ("prefix", "signed"):
        return True
    if kind == "name":
        pn = person_name(strip_junk(text)[0])
        return bool(pn and pn[1])
    return _key(text) in vocab().canon or kind == "agency"


def _piece(ln: Line, a: int, b: int) -> Line | None:
    raw = ln.text[a:b]
    lead = len(raw) - len(raw.lstrip())
    t = raw.strip()
    return Line(t, ln.start + a + lead, ln.start + a + lead + len(t)) if t else None


def _gap_cuts(ln: Line, raw_offsets: list[int] | None) -> list[int]:
    """Positions in ``ln.text`` of spaces that stood for a wide run of blanks in the raw text."""
    if not raw_offsets:
        return []
    cuts = []
    for i, ch in enumerate(ln.text):
        k = ln.start + i
        if ch == " " and k + 1 < len(raw_offsets) and raw_offsets[k + 1] - raw_offsets[k] >= _WIDE_GAP:
            cuts.append(i)
    return cuts


def _split_k(ln: Line, k: int, raw_offsets: list[int] | None) -> list[Line] | None:
    """``ln`` cut into ``k`` column pieces, each a signing-block line: at wide blank runs when
    the raw text had them, else at the token boundaries that give the most certainly whole
    pieces (a repeated prefix, two known titles, two names opening with a surname), the most
    even cut on a tie. None when no cut gives ``k`` such pieces."""
    cuts = _gap_cuts(ln, raw_offsets)
    if len(cuts) == k - 1:
        bounds = [0, *cuts, len(ln.text)]
        pieces = [_piece(ln, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]
        if all(p is not None and _part_kind(p.text) for p in pieces):
            return [p for p in pieces if p is not None]
    toks = [m.span() for m in _TOKEN.finditer(ln.text)]
    if len(toks) < k or len(toks) > 24:
        return None

    def best(i: int, parts: int) -> tuple[tuple[int, int, int], list[tuple[int, int]]] | None:
        if parts == 1:
            a, b = toks[i][0], toks[-1][1]
            kind = _part_kind(ln.text[a:b])
            if kind is None:
                return None
            return (int(_known(ln.text[a:b], kind)), 0, -(len(toks) - i)), [(a, b)]
        out: tuple[tuple[int, int, int], list[tuple[int, int]]] | None = None
        for j in range(i + 1, len(toks) - parts + 2):
            a, b = toks[i][0], toks[j - 1][1]
            kind = _part_kind(ln.text[a:b])
            if kind is None:
                continue
            rest = best(j, parts - 1)
            if rest is None:
                continue
            (known, same, _), spans = rest
            nxt = ln.text[spans[0][0] : spans[0][1]]
            here = ln.text[a:b]
            score = (
                known + int(_known(here, kind)),
                same + int(fold(here) == fold(nxt)),  # the same line in each column
                -abs((j - i) - (len(toks) - j) // (parts - 1)),
            )
            if out is None or score > out[0]:
                out = (score, [(a, b), *spans])
        return out

    got = best(0, k)
    if got is None or got[0][0] == 0:
        return None
    pieces = [_piece(ln, a, b) for a, b in got[1]]
    return [p for p in pieces if p is not None] if len(pieces) == k else None


def _columns_at(ln: Line, raw_offsets: list[int] | None) -> int:
    """How many side-by-side signing blocks open on ``ln``: its pieces when it splits into two
    or more authority prefixes (``KT. BỘ TRƯỞNG BỘ Y TẾ KT. BỘ TRƯỞNG BỘ TÀI CHÍNH``), or
    into titles at wide blank runs (heads signing in their own name), then negative; else 1."""
    t = ln.text
    if len(t) > 200:
        return 1
    f = fold(t)
    starts = [m.start() for m in _TOKEN.finditer(t) if m.start() > 0 and match_prefix(t[m.start() :], f[m.start() :])]
    if starts and find_prefix(t[: starts[0]].rstrip()) is not None:
        k = len(starts) + 1
        if _split_k(ln, k, raw_offsets) is not None:
            return k
    cuts = _gap_cuts(ln, raw_offsets)
    if cuts:
        pieces = _split_k(ln, len(cuts) + 1, raw_offsets)
        kinds = {_part_kind(p.text) for p in pieces or []}
        if pieces and len(kinds) == 1 and kinds <= {"prefix", "title"}:
            return -len(pieces)  # by blank runs only: the caller wants a second line cut alike
    return 1


def unmerge_columns(lines: list[Line], raw_offsets: list[int] | None = None) -> list[list[Line]]:
    """The signing block's lines as one list per column.

    Plain text of a joint document (thông tư liên tịch; Decree 30/2020, Appendix I) prints
    the bodies' blocks side by side, and extraction merges them line by line::

        KT. BỘ TRƯỞNG BỘ Y TẾ      KT. BỘ TRƯỞNG BỘ TÀI CHÍNH
        THỨ TRƯỞNG                 THỨ TRƯỞNG
        Nguyễn Thị Xuyên           Trần Văn Hiếu

    From the first line that opens two or more blocks on, every line is cut into as many
    pieces (at the wide blank runs ``raw_offsets`` shows, else at the best token boundary);
    a line that does not cut so is dropped (it cannot be told to which column it belongs).
    The lines above stay one column. Without merged lines the result is ``[lines]``.
    """
    for i, ln in enumerate(lines):
        k = _columns_at(ln, raw_offsets)
        if -2 < k < 2:
            continue
        gaps_only, k = k < 0, abs(k)
        cols: list[list[Line]] = [[] for _ in range(k)]
        cut = 0
        for later in lines[i:]:
            pieces = _split_k(later, k, raw_offsets)
            if pieces is None:
                continue
            cut += 1
            for col, p in zip(cols, pieces, strict=True):
                col.append(p)
        if gaps_only and cut < 2:
            continue  # one line with a wide blank run is no layout of columns
        return ([lines[:i]] if i else []) + cols
    return [lines]


def merged_kind(text: str) -> Kind | None:
    """The kind shared by the pieces of a line merged from side-by-side blocks (``Nguyễn Thị
    Xuyên Trần Văn Hiếu`` → ``name``), or None."""
    toks = text.split()
    if not 4 <= len(toks) <= 15:
        return None
    # a cheap first test: a line of capitals (titles), or of capitalised words only (names)
    if upper_ratio(text) < 0.7 and not all(t[:1].isupper() and t.isalpha() for t in toks):
        return None
    ln = Line(text, 0, len(text))
    for k in (2, 3):
        pieces = _split_k(ln, k, None)
        if pieces is None:
            continue
        kinds = {_part_kind(p.text) for p in pieces}
        if len(kinds) == 1:
            kind = kinds.pop()
            if kind in ("prefix", "title", "name"):
                return cast(Kind, kind)
    return None


def read_signer(lines: list[Line], raw_offsets: list[int] | None = None) -> Signer:
    """The :class:`Signer` of a signing block's lines (in reading order); the blocks of a
    joint document after the first are its ``co_signers``, whether printed one under the
    other or side by side (``raw_offsets``, the document's map to the raw text, shows the
    wide blank runs between columns)."""
    blocks = [b for col in unmerge_columns(lines, raw_offsets) for b in signing_blocks(col)]
    if not blocks:
        return Signer()
    signer = _read_block(blocks[0])
    signer.co_signers = [_read_block(b) for b in blocks[1:]]
    return signer


def _read_block(lines: list[Line]) -> Signer:
    """The :class:`Signer` of one signing block."""
    levels: list[list[str]] = []  # [authority, title]
    level_how: list[str] = []  # how each level's title was restored
    own: list[str] = []
    own_raw: list[str] = []  # each own title line as read
    name: str | None = None
    weak_name: str | None = None
    first: int | None = None
    last: int | None = None
    for ln in lines:
        t, lead = strip_junk(ln.text)
        if not t:
            continue
        kind = classify(t)
        pm = find_prefix(t) if kind == "prefix" else None
        if pm is not None:
            auth, _, at = pm
            head_title, head_how = _restore(t[at:])
            levels.append([auth, head_title])
            level_how.append(head_how)
            own = []
            own_raw = []
        elif kind == "name":
            pn = person_name(t)
            if pn and pn[1] and name is None:
                name = pn[0]
            elif pn and weak_name is None:
                weak_name = pn[0]
            else:
                continue
        elif kind is None and name is None and weak_name is None and (repaired := repair_name(t)) is not None:
            name = repaired  # "guyền Tiến Trường": the surname damaged by OCR, restored
        else:
            if not (is_title_line(t) or is_upper_continuation(t) or (levels and not own and is_agency_line(t))):
                continue  # "(Đã ký)", stamp noise
            title, how = _restore(t)
            if not title and levels and not own and is_agency_line(t):
                title = " ".join(t.split()).upper()  # "BỘ Y TẾ" under "KT. BỘ TRƯỞNG": the one-letter word is no noise
            if not title:
                continue
            if levels and not own and not _starts_own_title(title) and not has_title_word(title):
                levels[-1][1] = f"{levels[-1][1]} {title}".strip()
            elif name is None:
                if not own and how not in ("exact", "cut"):
                    title = _deputy_title(t, levels) or title
                if how == "raw" and not own and _fragment(title):
                    continue  # "TRƯỞNG", "FA TRƯỞNG": a fragment or OCR noise, not a title
                if own and title == own[-1]:
                    continue  # the same title read twice
                own.append(title)
                own_raw.append(t)
            else:
                continue
        first = ln.start if first is None else min(first, ln.start)
        last = ln.end if last is None else max(last, ln.end)
    # "THỐNG ĐỐC" over "PHÓ THỐNG ĐỐC" with the KT. lost (web copies): the head's title
    # above a deputy's is the ký thay layout of Decree 30
    if (
        not levels
        and len(own) >= 2
        and fold(own[-1]).startswith("pho ")
        and _key(own[-1])[3:] == _key(own[0])
    ):
        levels.append(["KT", own[0]])
        level_how.append("exact")
        own = own[1:]
    # the same with the head's title damaged too ("AR! UC TRUONG" over "PHƠ1GE TRƯỞNG"):
    # the deputy's line reads close to PHÓ + the head's title above it
    elif not levels and len(own) == 2 and len(own_raw) == 2 and not fold(own[0]).startswith("pho "):
        deputy = _deputy_title(own_raw[1], [["KT", own[0]]])
        if deputy is not None and fold(own_raw[1]).startswith("ph"):
            levels.append(["KT", own[0]])
            level_how.append("exact")
            own = [deputy]
    # "KT. CỤC TRÌ" over "PHÓ CỤC TRƯỞNG": the head's title the deputy's names, when
    # OCR damaged it past restoring and it still reads close to it
    if levels and levels[-1][0] == "KT" and own and level_how[-1] not in ("exact", "cut"):
        deputy = own[0]
        if fold(deputy).startswith("pho ") and levels[-1][1]:
            head = deputy[4:]
            if _key(head) in vocab().canon and fuzz.ratio(_key(levels[-1][1]), _key(head)) >= 60:
                levels[-1][1] = head
    signer = Signer(
        name=name or weak_name,
        title=" ".join(own) if own else None,
        authority=cast(Authority, levels[0][0]) if levels else None,
        for_=levels[0][1] if levels else None,
        chain=[(a, b) for a, b in levels],
        start=first,
        end=last,
    )
    # KT.: a deputy signs for the head, so an own title equal to the head's lost its
    # "PHÓ" to OCR ("Ó TONG CUC TRƯỞNG", "1Ó CỤC TRUONG")
    if levels and levels[-1][0] == "KT" and signer.title and signer.title == levels[-1][1]:
        if not fold(signer.title).startswith("pho "):
            signer.title = "PHÓ " + signer.title
    return signer


def extract_signer(doc: Document) -> None:
    """Pipeline step: ``doc.signer`` from the signing block ``split_footer`` found."""
    from .._footer import ensure_footer

    seg = ensure_footer(doc)
    block = seg.signature
    if block is None or not block.lines:
        doc.warn(Warnings.W018)
        return
    doc.signer = read_signer(block.lines, doc.raw_offsets or None)
    if not (doc.signer.name or doc.signer.title or doc.signer.authority):
        doc.warn(Warnings.W018)


__all__ = [
    "classify",
    "extract_signer",
    "find_prefix",
    "has_title_word",
    "is_agency_line",
    "is_title_line",
    "is_upper_continuation",
    "match_prefix",
    "merged_kind",
    "person_name",
    "read_signer",
    "repair_name",
    "restore_title",
    "signing_blocks",
    "strip_junk",
    "unmerge_columns",
    "upper_ratio",
    "vocab",
]
