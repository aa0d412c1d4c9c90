"""Obligations: the numbered tasks of a dispatch, the bodies they oblige, their deadlines (issue 3).

A dispatch places obligations in three ways (Decree 30/2020/NĐ-CP practice):

* numbered items of the directive body — ``1.``, ``2)``, ``1/``, ``2.1.``, lettered children
  ``a)``, bullets ``-``/``+``, under optional roman sections ``I.``/``II.`` — ids ``1``, ``1.a``,
  ``2.1.7`` (a child keeps its ``parent``);
* in a letter without numbered directive items, each directive sentence
  ("Đề nghị Cục Thuế … kiểm tra …", "Giao Sở Y tế …") — ids ``p1``, ``p2`` …;
* in a quyết định, the article naming who executes it ("Điều 3. Chánh Văn phòng …
  chịu trách nhiệm thi hành Quyết định này") — id ``Điều 3``, kind ``article``; the
  numbered duties inside an article ("Điều 2. Nhiệm vụ của Ban Chỉ đạo: 1. …") and the
  items of a plan issued with it (``segments.appendix``) are its children;
* rows of a task table (``STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn``,
  one line per row as the PDF/DOCX readers write them) — ids from the STT cell (``1``,
  ``1.2``; ``II.1`` when each section restarts the numbering), kind ``row``; the lead and
  support cells give the assignees, the deadline cell the deadline (a bare ``Quý I/2029``,
  ``2026`` or ``Thường xuyên`` is one there); in an appendix the ids take ``PL.``
  (``PL.B<n>.`` when the plan's own items already use those numbers).

Not tasks: items inside quotations of other documents, lists a legal citation
introduces ("Tại Điều 5 Thông tư … quy định: 1. …"), section headings, and numbered
explanation paragraphs ("1. Về …", "2. Đối với …") that oblige no one by a frame.

Assignees come from the item itself (a subject before its predicate, "X: …" headings,
the frames of ``rules/assignment.yaml``: giao/yêu cầu/đề nghị X → lead, phối hợp với Y →
support), else from the enclosing heading or the list's lead-in sentence, else from the
``Kính gửi`` addressees (``inferred=True``). Names are kept as written, with their spans,
and resolved against the agency registry for ``agency_id``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import regex

from ._agencies import registry
from ._model import Assignee, Deadline, Document, Task
from ._normalise import fold, fold_key
from ._rules import load

# ---------------------------------------------------------------------------
# vocabulary


def _tuples(words: Iterable[Any]) -> set[tuple[str, ...]]:
    return {tuple(fold_key(str(w)).split()) for w in words if fold_key(str(w))}


class _Phrases(frozenset[tuple[str, ...]]):
    """A set of word sequences, indexed by first word: ``lens[w]`` are the lengths of the entries
    starting with ``w``, longest first (so a lookup at a token that starts none costs one dict probe)."""

    lens: dict[str, tuple[int, ...]]

    def __new__(cls, items: Iterable[tuple[str, ...]] = ()) -> _Phrases:
        self = super().__new__(cls, items)
        by: dict[str, set[int]] = {}
        for t in self:
            if t:
                by.setdefault(t[0], set()).add(len(t))
        self.lens = {k: tuple(sorted(v, reverse=True)) for k, v in by.items()}
        return self


_ALIAS_INDEX: dict[int, tuple[dict[str, Any], dict[str, tuple[int, ...]]]] = {}


def _alias_lens(alias: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    """Registry alias keys ("so y te") by first word: their word counts (2 and more), longest first."""
    hit = _ALIAS_INDEX.get(id(alias))
    if hit is not None and hit[0] is alias:
        return hit[1]
    by: dict[str, set[int]] = {}
    for k in alias:
        words = k.split(" ")
        if len(words) >= 2:
            by.setdefault(words[0], set()).add(len(words))
    lens = {k: tuple(sorted(v, reverse=True)) for k, v in by.items()}
    _ALIAS_INDEX[id(alias)] = (alias, lens)
    return lens


@dataclass(frozen=True)
class _Frame:
    id: str
    role: str
    body: str  # after | before
    strict: bool
    patterns: tuple[regex.Pattern[str], ...]
    needs: tuple[str, ...] = ()  # the folded text must hold one of these for the patterns to run
    mode: str = "search"  # search: anywhere in a text; subject: only right after a subject body


@dataclass(frozen=True)
class _Vocab:
    frames: tuple[_Frame, ...]
    heads: _Phrases
    titles: _Phrases
    private: _Phrases
    predicates: _Phrases
    continuations: _Phrases
    openers: _Phrases
    advisory: _Phrases
    closings: _Phrases
    imperatives: _Phrases
    addressees: frozenset[str]
    head_forms: dict[str, str]
    predicate_words: frozenset[str]
    max_len: int
    columns: tuple[tuple[tuple[str, ...], str], ...] = ()  # task-table header phrases, longest first
    cell_stops: frozenset[str] = frozenset()  # verbs that end a name in a table cell before another body
    subject_leads: _Phrases = field(default_factory=_Phrases)  # "Theo đó," before a directive subject
    state_heads: _Phrases = field(default_factory=_Phrases)  # heads of state bodies
    and_heads: _Phrases = field(default_factory=_Phrases)  # "và <word>" starting a new body in a list
    unit_heads: _Phrases = field(default_factory=_Phrases)  # a unit inside a body: "Vụ …, Bộ Nội vụ"
    feedback: tuple[str, ...] = ()  # "nếu có vướng mắc": a request under it asks for feedback
    implementation: tuple[str, ...] = ()  # "Tổ chức thực hiện": a heading whose clauses assign the work
    # registry abbreviations that are also words ("ĐU" folds like "Du" of "Du lịch"): heads only in capitals
    caps_heads: frozenset[tuple[str, ...]] = frozenset()
    # a one-word head glued to the word before it is part of a compound noun ("nhiệm vụ", "hồ sơ", "văn bản")
    head_compounds: dict[str, frozenset[str]] = field(default_factory=dict)
    # an item that opens with one of these is no duty: it amends a text ("Sửa đổi khoản 2 Điều 7 như sau:")
    amendments: regex.Pattern[str] | None = None
    # lower-case words that open a relative phrase after a body's name ("… do Tổng giám đốc quyết định")
    relative_words: frozenset[str] = frozenset()
    # "Báo cáo tình hình tài chính Mẫu số B01a - DNN": an item that only names a form is no duty
    form_title: regex.Pattern[str] | None = None
    # "I. MỤC ĐÍCH, YÊU CẦU", "Điều 3. Giải thích từ ngữ": a heading whose items state goals, scope or definitions
    statement_section: regex.Pattern[str] | None = None
    # "các từ ngữ dưới đây được hiểu như sau:": the lead-in of a definition list
    definition_leadin: regex.Pattern[str] | None = None
    # "Báo cáo tình hình tài chính năm 2025", "Báo cáo bắt buộc:": a report's name, not the verb
    report_noun: regex.Pattern[str] | None = None
    report_sends: regex.Pattern[str] | None = None
    # "<body> có thể / được …": a right, not a duty (unless the item also says "phải", "có trách nhiệm" …)

    def frame(self, fid: str) -> _Frame:
        return next(f for f in self.frames if f.id == fid)


@cache
def vocab() -> _Vocab:
    rf = load("assignment")
    frames = tuple(
        _Frame(
            r.id,
            str(r.get("role", "lead")),
            str(r.get("body", "after")),
            bool(r.get("strict", False)),
            tuple(r.patterns),
            tuple(str(w) for w in r.get("needs") or []),
            str(r.get("mode", "search")),
        )
        for r in rf.rules
    )
    m = rf.meta
    heads = _tuples(m.get("heads") or [])
    # every registry name and abbreviation can start a name too (UBND, SYT, TTYT, Sở GD&ĐT …)
    rule_heads = set(heads)
    caps_heads: set[tuple[str, ...]] = set()
    for k, entries in registry()._alias.items():
        key = tuple(k.split())
        heads.add(key)
        if len(key) == 1 and key not in rule_heads and all(e.abbrev for e in entries):
            caps_heads.add(key)
    sets = {
        k: _tuples(m.get(k) or [])
        for k in ("titles", "private", "predicates", "continuations", "openers", "advisory", "closings", "imperatives")
    }
    all_sets = [heads, *sets.values()]
    return _Vocab(
        frames=frames,
        heads=_Phrases(heads),
        titles=_Phrases(sets["titles"]),
        private=_Phrases(sets["private"]),
        predicates=_Phrases(sets["predicates"]),
        continuations=_Phrases(sets["continuations"]),
        openers=_Phrases(sets["openers"]),
        advisory=_Phrases(sets["advisory"]),
        closings=_Phrases(sets["closings"]),
        imperatives=_Phrases(sets["imperatives"] | sets["predicates"]),
        head_forms={fold_key(str(k)): str(v) for k, v in (m.get("head_forms") or {}).items()},
        predicate_words=frozenset(str(w).lower() for w in m.get("predicate_words") or []),
        addressees=frozenset(fold_key(str(w)) for w in m.get("addressees") or []),
        max_len=max((len(t) for s in all_sets for t in s), default=1),
        columns=_columns(m.get("table_columns") or {}),
        cell_stops=frozenset(fold_key(str(w)) for w in m.get("cell_stops") or []),
        subject_leads=_Phrases(_tuples(m.get("subject_leads") or [])),
        state_heads=_Phrases(_tuples(m.get("state_heads") or [])),
        and_heads=_Phrases(_tuples(m.get("and_heads") or [])),
        unit_heads=_Phrases(_tuples(m.get("unit_heads") or [])),
        feedback=tuple(" ".join(fold_key(str(w)).split()) for w in m.get("feedback") or []),
        implementation=tuple(" ".join(fold_key(str(w)).split()) for w in m.get("implementation_titles") or []),
        caps_heads=frozenset(caps_heads),
        head_compounds={
            fold_key(str(k)): frozenset(fold_key(str(w)) for w in v)
            for k, v in (m.get("head_compounds") or {}).items()
        },
        amendments=_amendment_pattern(m.get("amendments") or {}),
        form_title=_form_title_pattern(m.get("form_words") or []),
        relative_words=frozenset(str(w) for w in m.get("relative_words") or []),
        **_statement_patterns(m),
    )


def _alt(words: Iterable[Any]) -> str:
    """A folded alternation of phrases, longest first, words joined by any white space."""
    ws = sorted({" ".join(fold_key(str(w)).split()) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(regex.escape, w.split())) for w in ws if w)


def _statement_patterns(m: dict[str, Any]) -> dict[str, regex.Pattern[str] | None]:
    """Patterns (folded) for text that states rather than directs: goal/scope/definition sections, definition
    lead-ins, report names (rules/assignment.yaml)."""
    out: dict[str, regex.Pattern[str] | None] = {}
    sec = m.get("statement_sections") or {}
    opens, whole, work = _alt(sec.get("opens") or []), _alt(sec.get("whole") or []), _alt(sec.get("work") or [])
    if opens or whole:
        alts = [f"(?:{opens})\\b[^\\n]{{0,160}}" if opens else "", f"(?:{whole})\\W*" if whole else ""]
        no_work = f"(?![^\\n]*\\b(?:{work})\\b)" if work else ""
        out["statement_section"] = regex.compile(
            rf"\W*{no_work}(?:{'|'.join(a for a in alts if a)})\s*$"
        )
    leadins = [str(p) for p in m.get("definition_leadins") or []]
    if leadins:
        out["definition_leadin"] = regex.compile("|".join(f"(?:{p})" for p in leadins))
    rep = m.get("report_nouns") or {}
    if rep.get("names"):
        out["report_noun"] = regex.compile(rf"\W*bao\s+cao\s+(?:{_alt(rep['names'])})\b")
    if rep.get("sends"):
        out["report_sends"] = regex.compile(rf"\b(?:{_alt(rep['sends'])})\b")
    return out


def _form_title_pattern(words: list[Any]) -> regex.Pattern[str] | None:
    """A whole item (folded) that is a title followed by its form's code, with no "theo" (by) before it:
    "Báo cáo kết quả hoạt động kinh doanh Mẫu số B02 - DNN" lists a form; "Báo cáo kết quả theo Mẫu số 01"
    asks for a report."""
    ws = sorted((" ".join(fold_key(str(w)).split()) for w in words), key=len, reverse=True)
    if not ws:
        return None
    alt = "|".join(r"\s+".join(map(regex.escape, w.split())) for w in ws)
    return regex.compile(
        rf"\s*[^\s.;:!?][^.;:!?\n]{{2,120}}?(?<!\btheo)\s+(?:{alt})\s*:?\s*[a-z0-9][a-z0-9./]*"
        rf"(?:\s*[-–]\s*[a-z0-9/]+)?\s*[.;,]?\s*"
    )


def _amendment_pattern(spec: dict[str, Any]) -> regex.Pattern[str] | None:
    """ "Sửa đổi, bổ sung khoản 2 Điều 7 như sau:", "Thay thế cụm từ … bằng …", folded: an amending verb whose
    object is a provision of a text, and the formula that introduces the new wording."""
    verbs = [" ".join(fold_key(str(w)).split()) for w in spec.get("verbs") or []]
    objects = [" ".join(fold_key(str(w)).split()) for w in spec.get("objects") or []]
    formulas = [" ".join(fold_key(str(w)).split()) for w in spec.get("formulas") or []]
    if not (verbs and objects and formulas):
        return None

    def alt(words: list[str]) -> str:
        return "|".join(r"\s+".join(map(regex.escape, w.split())) for w in sorted(words, key=len, reverse=True))

    return regex.compile(
        rf"\s*(?:{alt(verbs)})(?:\s*,\s*(?:{alt(verbs)}))*\s+(?:(?:mot\s+so|cac|toan\s+bo)\s+)?(?:{alt(objects)})\b"
        rf"[^:;\n]{{0,240}}?(?:{alt(formulas)})"
    )


def _columns(table: dict[str, Any]) -> tuple[tuple[tuple[str, ...], str], ...]:
    pairs = [(phrase, str(role)) for role, words in table.items() for phrase in _tuples(words or [])]
    return tuple(sorted(pairs, key=lambda x: -len(x[0])))


# ---------------------------------------------------------------------------
# tokens

# a word (letters and digits, joined by & / _ ' - or an inner dot) or one other non-space character;
# [^\W_] is \p{L}\p{N} in the standard library's faster engine
_CHUNK = 2000  # characters per chunk of a document's cached tokens
_WORD = re.compile(r"([^\W_](?:[^\W_]|[&/_'\-]|\.(?=[^\W_]))*)|[^\s\w]|_")  # group 1: a word


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
    return [
        tok(m.group(), (s := m.start()), (e := m.end()), folded[s:e], m.lastindex is not None)
        for m in _WORD.finditer(text, start, end)
    ]


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


# ---------------------------------------------------------------------------
# names of bodies


@dataclass(slots=True)
class _Name:
    start: int
    end: int
    text: str


_STATIVE = {"được", "là", "đã", "có", "không", "đang", "bị"}
_STOP_PUNCT = set(".;:()[]!?\"“”«»")


_QUANT = {"cac", "nhưng", "toan", "thê", "tât", "ca", "moi", "quy"}  # untoned: các, những, toàn thể, tất cả, mọi, Quý (honorific)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


@lru_cache(maxsize=1 << 15)
def _untone(word: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))


class _Scanner:
    """Finds and splits the names of bodies in a stretch of text."""

    def __init__(self, text: str, folded: str) -> None:
        self.text = text
        self.folded = folded
        self.v = vocab()
        reg = registry()
        self.alias_keys = reg._alias
        self.max_alias = reg._max_alias
        self.alias_lens = _alias_lens(reg._alias)

    def is_head(self, toks: list[_Tok], i: int, *, noun: bool = False) -> int:
        """Tokens a name starting at ``i`` opens with ("các" + head counts); 0 if none. ``noun``: the
        place can only hold a noun ("Trách nhiệm của tổ chức …"), so a head that is also a verb is a head."""
        j = i
        while j < len(toks) and toks[j].word and (toks[j].lower or j == i) and _untone(toks[j].text) in _QUANT:
            j += 1
            if j - i > 3:
                return 0
        n = _match_at(toks, j, self.v.heads, 8)
        if not n:
            return 0
        if n == 1 and (toks[j].key,) in self.v.caps_heads and not toks[j].text.isupper():
            return 0  # "Du lịch" is no "ĐU" (Đảng ủy)
        if n == 1 and j == i and i > 0 and toks[j].lower and toks[i - 1].word:
            glued = self.v.head_compounds.get(toks[j].key)
            if glued and toks[i - 1].key in glued and not self.text[toks[i - 1].end : toks[j].start].strip():
                return 0  # "nhiệm vụ", "hồ sơ", "văn bản": the head word ends a compound noun
        form = self.v.head_forms.get(toks[j].key)
        if form is not None:
            toned = any(c in form for c in "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
            if (toks[j].text.lower() if toned else _untone(toks[j].text)) != form:
                return 0  # "số" is not "Sở", "Trường hợp" is not "trưởng"
        if not noun and j == i and _match_at(toks, j, self.v.imperatives, self.v.max_len) and not self.alias_len(toks, j):
            return 0  # "Tổ chức …", "Bố trí …": a verb, not a body
        return (j - i) + n

    def alias_len(self, toks: list[_Tok], i: int) -> int:
        if i >= len(toks):
            return 0
        lens = self.alias_lens.get(toks[i].key)
        if not lens:
            return 0
        limit = min(self.max_alias, len(toks) - i)
        for n in lens:
            if n > limit:
                continue
            seq = toks[i : i + n]
            if all(t.word for t in seq) and " ".join(t.key for t in seq) in self.alias_keys:
                return n
        return 0

    def predicate_at(self, toks: list[_Tok], i: int) -> bool:
        t = toks[i]
        if not t.word or not t.lower:
            return False
        if _match_at(toks, i, self.v.continuations, self.v.max_len):
            return False
        if t.text.lower() in self.v.predicate_words:
            return True
        return bool(_match_at(toks, i, self.v.predicates, self.v.max_len))

    def scan(self, toks: list[_Tok], i: int, *, max_words: int = 30, noun: bool = False) -> tuple[int, int] | None:
        """Token range [i, j) of the name starting at ``i``, ending before the predicate."""
        if i >= len(toks) or not self.is_head(toks, i, noun=noun):
            return None
        j = i
        words = 0
        while j < len(toks):
            t = toks[j]
            if not t.word:
                if t.text in (",", "-", "–", "&", "/"):
                    j += 1
                    continue
                break
            if j > i:
                n = self.alias_len(toks, j)
                if n:
                    j += n
                    words += n
                    continue
                c = _match_at(toks, j, self.v.continuations, self.v.max_len)
                if c:
                    j += c
                    words += c
                    # "quy định tại Điều 1": take the article number along
                    if j < len(toks) and toks[j - 1].key == "dieu" and toks[j].word:
                        j += 1
                    continue
                if self.predicate_at(toks, j):
                    break
            else:
                n = self.alias_len(toks, j)
                if n:
                    j += n
                    words += n
                    continue
            j += 1
            words += 1
            if words > max_words:
                return None
        while j > i and (not toks[j - 1].word or toks[j - 1].key in ("va", "cung", "voi", "cac")):
            j -= 1
        return (i, j) if j > i else None

    def split(self, toks: list[_Tok], i: int, j: int) -> list[tuple[int, int]]:
        """Split a run of names: at ";", at ", <Capitalised head>", at "và các"/"và <Head>"."""
        parts: list[tuple[int, int]] = []
        s = i
        k = i
        while k < j:
            n = self.alias_len(toks, k)
            if n and k + n <= j:
                k += n
                continue
            t = toks[k]
            cut = False
            nxt = k + 1
            if t.text == ";":
                cut = True
            elif t.text == "," and nxt < j and toks[nxt].word:
                cap = toks[nxt].upper or (
                    toks[nxt].key in ("cac", "nhung") and nxt + 1 < j and toks[nxt + 1].upper and toks[nxt + 1].word
                )
                if cap and self.is_head(toks, nxt) and not self._shares_complement(toks, s, k, j):
                    cut = True
                elif (
                    toks[nxt].key in ("cac", "nhung")
                    and self.is_head(toks, nxt)
                    and k - s >= 3
                    and toks[s].key not in ("cac", "nhung")
                ):
                    cut = True  # "Thủ trưởng các đơn vị thuộc Ngân hàng …, các doanh nghiệp …"
            elif t.word and t.key == "va" and nxt < j and toks[nxt].word and k > s:
                if toks[nxt].key in ("cac", "nhung") or (toks[nxt].upper and self.is_head(toks, nxt)):
                    cut = True
                elif k - s >= 3 and (
                    _match_at(toks, nxt, self.v.and_heads, 6) or _match_at(toks, nxt, self.v.titles, 4)
                ):
                    cut = True  # "Chủ tịch Ủy ban nhân dân cấp tỉnh và người đứng đầu các cơ quan …"
            if cut:
                if k > s:
                    parts.append((s, k))
                s = nxt
            k += 1
        if j > s:
            parts.append((s, j))
        out: list[tuple[int, int]] = []
        for a, b in parts:
            while a < b and not toks[a].word:
                a += 1
            while b > a and not toks[b - 1].word:
                b -= 1
            if b > a and (self.is_head(toks, a) or (out and _match_at(toks, a, self.v.and_heads, 6))):
                out.append((a, b))  # "… và người sử dụng lao động": a body after "và" though no head opens it
        return out

    def _shares_complement(self, toks: list[_Tok], s: int, k: int, j: int) -> bool:
        """ "Giám đốc, Thủ trưởng các Sở" and "Chủ tịch, Phó Chủ tịch UBND tỉnh": the bare title
        before the comma at ``k`` takes the complement of the next title; "Bộ trưởng, Thủ trưởng cơ
        quan ngang bộ" lists a post of its own (the next title's complement names no "các" group)."""
        if not self._bare_title(toks, s, k):
            return False
        nxt = k + 1
        n = _match_at(toks, nxt, self.v.titles, 4)
        if not n:
            return True
        first = tuple(t.key for t in toks[s:k])
        second = tuple(t.key for t in toks[nxt : nxt + n])
        if second[1:] == first or first[1:] == second:  # "Chủ tịch, Phó Chủ tịch …"
            return True
        c = nxt + n
        return c < j and toks[c].key in ("cac", "nhung")

    def _bare_title(self, toks: list[_Tok], s: int, k: int) -> bool:
        """ "Giám đốc" alone before a comma shares the complement that follows."""
        n = _match_at(toks, s, self.v.titles, 4)
        return n > 0 and s + n == k

    def name(self, toks: list[_Tok], a: int, b: int) -> _Name:
        # "Ban kiểm soát do Đại hội đồng cổ đông bầu (có trách nhiệm …)": the scan spans the relative phrase
        # up to the predicate, the body's name ends before the agent "do" introduces
        for k in range(a + 1, b):
            if toks[k].text in self.v.relative_words and toks[k - 1].word:
                b = k
                break
        s, e = toks[a].start, toks[b - 1].end
        return _Name(s, e, _clean(self.text[s:e]))


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–")
    return s


# ---------------------------------------------------------------------------
# document context


@dataclass
class _Ctx:
    doc: Document
    text: str
    folded: str
    scanner: _Scanner
    to: list[_Name] = field(default_factory=list)
    aliases: dict[str, _Name] = field(default_factory=dict)  # "gọi tắt là" short key → full name
    issuer: str | None = None
    province: str | None = None
    report: bool = False
    decision: bool = False
    doc_date: str | None = None
    tables: list[tuple[int, int]] = field(default_factory=list)  # spans of the task tables
    _lookup_cache: dict[str, str | None] = field(default_factory=dict)
    # tokens of text[_tok_lo:_tok_hi], in chunks that end at a line break, each made on first use
    _chunk_starts: list[int] = field(default_factory=list)
    _chunk_ends: list[int] = field(default_factory=list)
    _chunk_toks: list[list[_Tok] | None] = field(default_factory=list)
    _chunk_tstarts: list[list[int]] = field(default_factory=list)
    _tok_lo: int = 0
    _tok_hi: int = -1

    def cover(self, lo: int, hi: int) -> None:
        """Let :meth:`tokens` cut spans of ``text[lo:hi]`` (the body and the appendix) from tokens
        made once per chunk of about ``_CHUNK`` characters (no token crosses a line break)."""
        self._tok_lo, self._tok_hi = lo, hi
        starts, ends = [], []
        pos = lo
        while pos < hi:
            nl = self.text.find("\n", min(pos + _CHUNK, hi), hi)
            end = hi if nl == -1 else nl
            starts.append(pos)
            ends.append(end)
            pos = end
        self._chunk_starts, self._chunk_ends = starts, ends
        self._chunk_toks = [None] * len(starts)
        self._chunk_tstarts = [[] for _ in starts]

    def _chunk(self, c: int) -> list[_Tok]:
        toks = self._chunk_toks[c]
        if toks is None:
            toks = self._chunk_toks[c] = _tokens(self.text, self._chunk_starts[c], self._chunk_ends[c], self.folded)
            self._chunk_tstarts[c] = [t.start for t in toks]
        return toks

    def tokens(self, s: int, e: int) -> list[_Tok]:
        """The tokens of ``text[s:e]``: the same list :func:`_tokens` makes, cut from the cached run.

        A token the span cuts at either end is tokenised again from the cut (what a fresh
        tokenisation of the span gives); the tokens in between are the run's own.
        """
        if e <= s or s < self._tok_lo or e > self._tok_hi:
            return _tokens(self.text, s, e, self.folded)
        c0 = bisect_right(self._chunk_starts, s) - 1
        c1 = bisect_right(self._chunk_starts, e - 1) - 1
        toks = self._chunk(c0)
        starts = self._chunk_tstarts[c0]
        if c1 > c0:
            toks = list(toks)
            starts = list(starts)
            for c in range(c0 + 1, c1 + 1):
                toks.extend(self._chunk(c))
                starts.extend(self._chunk_tstarts[c])
        i = bisect_left(starts, s)
        out: list[_Tok] = []
        if i > 0 and toks[i - 1].end > s:  # a token running over s
            cut = toks[i - 1]
            out = _tokens(self.text, s, min(e, cut.end), self.folded)
            if cut.end >= e:
                return out
        j = bisect_left(starts, e, i)
        if j > i and toks[j - 1].end > e:  # a token running over e
            out.extend(toks[i : j - 1])
            out.extend(_tokens(self.text, toks[j - 1].start, e, self.folded))
        else:
            out.extend(toks[i:j])
        return out

    def agency_id(self, name: str) -> str | None:
        if name not in self._lookup_cache:
            m = registry().lookup(name, province=self.province, issuer=self.issuer)
            self._lookup_cache[name] = m.agency.id if m is not None and m.agency is not None else None
        return self._lookup_cache[name]


_KINH_GUI = regex.compile(r"^[ \t*_]*k[ií]nh\s*g[uử]i\s*:?", regex.I | regex.M)
_ALIAS_DEF = regex.compile(
    r"\(\s*(?:sau\s+đây\s+)?(?:gọi\s+tắt\s+là|viết\s+tắt\s+là|gọi\s+là)\s*[“\"']?([^)“”\"']{1,60}?)[”\"']?"
    r"(?:\s+hoặc\s+[^)]{0,60})?\s*\)",
    regex.I,
)
_REPORT = regex.compile(r"^\s*B[ÁA]O\s+C[ÁA]O\s*$", regex.M)


def _context(doc: Document) -> _Ctx:
    text = doc.text
    folded = doc.folded if len(doc.folded) == len(text) else fold(text)
    ctx = _Ctx(doc, text, folded, _Scanner(text, folded))
    ctx.issuer = doc.issuer.name if doc.issuer else None
    reg = registry()
    if doc.issuer and doc.issuer.parent:
        m = reg.lookup(doc.issuer.parent)
        if m and m.agency and m.agency.province:
            ctx.province = m.agency.province
    if ctx.province is None and ctx.issuer:
        m = reg.lookup(ctx.issuer)
        if m and m.agency and m.agency.province:
            ctx.province = m.agency.province
    ctx.doc_date = doc.date.iso if doc.date else None
    dt = (doc.doc_type or "").upper()
    ctx.report = dt == "BC" or (not dt and bool(_REPORT.search(text[:3000])))
    ctx.decision = dt in {"QĐ", "QD", "NQ", "TT", "NĐ", "ND", "CT"}
    # addressees
    for r in doc.recipients:
        if r.role == "to" and r.name:
            s = r.start if r.start is not None else 0
            e = r.end if r.end is not None else s
            ctx.to.append(_Name(s, e, r.name))
    if not ctx.to:
        ctx.to = _kinh_gui_fallback(ctx)
    # "(gọi tắt là Ban Chỉ đạo)" definitions
    for m in _ALIAS_DEF.finditer(text):
        short = _clean(m.group(1))
        full = _defined_name(ctx, m.start())
        if full is not None and short:
            ctx.aliases.setdefault(fold_key(short), full)
    return ctx


def _defined_name(ctx: _Ctx, paren: int) -> _Name | None:
    """The body name just before a "(gọi tắt là …)": from its head word to the parenthesis."""
    lo = max(0, paren - 400)
    # a closed parenthesis ends the name before it ("Sở Nội vụ tỉnh (sau đây viết tắt là Sở Nội vụ), tổ chức
    # … (sau đây viết tắt là tổ chức …)": the second definition names only what follows the first)
    cut = max(ctx.text.rfind(c, lo, paren) for c in ".;:\n)")
    seg_start = cut + 1 if cut >= 0 else lo
    # line breaks inside a sentence are wrapping: look back past them to a real boundary
    for _ in range(4):
        nl = ctx.text.rfind("\n", lo, seg_start - 1)
        if seg_start > 0 and ctx.text[seg_start - 1] == "\n" and ctx.text[max(0, seg_start - 2)] not in ".;:":
            seg_start = max(lo, nl + 1)
        else:
            break
    toks = ctx.tokens(seg_start, paren)
    for i in range(len(toks)):
        if toks[i].upper and ctx.scanner.is_head(toks, i):
            s, e = toks[i].start, toks[-1].end
            return _Name(s, e, _clean(ctx.text[s:e]))
    return None


def _kinh_gui_fallback(ctx: _Ctx) -> list[_Name]:
    """The ``Kính gửi`` names when the recipients step left none (one line or a ``-`` list)."""
    seg = ctx.doc.segments
    lo, hi = 0, min(len(ctx.text), 4000)
    if seg is not None and seg.kinh_gui is not None:
        lo, hi = seg.kinh_gui.start, seg.kinh_gui.end
    m = _KINH_GUI.search(ctx.text, lo, hi)
    if not m:
        return []
    out: list[_Name] = []
    pos = m.end()
    rest = ctx.text[pos : pos + 1500]
    lines = rest.split("\n")
    first = lines[0].strip()
    offs = pos
    cands: list[tuple[int, str]] = []
    if first:
        cands.append((offs + lines[0].find(first), first))
    offs += len(lines[0]) + 1
    for ln in lines[1:]:
        st = ln.strip()
        if not st:
            if cands:
                break
            offs += len(ln) + 1
            continue
        if not st.startswith(("-", "–", "+", "•")):
            break
        cands.append((offs + ln.find(st), st))
        offs += len(ln) + 1
    for s, c in cands:
        c2 = c.lstrip("-–+• ").rstrip()
        lead = len(c) - len(c.lstrip("-–+• "))
        name = _clean(c2.rstrip(".;,"))
        if name:
            out.append(_Name(s + lead, s + lead + len(c2.rstrip(" .;,")), name))
    return out


# ---------------------------------------------------------------------------
# list items


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
          "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_LATIN = "abcdefghijklmnopqrstuvwxyz"

_MARKERS: list[tuple[str, regex.Pattern[str]]] = [
    ("article", regex.compile(r"Điều\s+(\d{1,3})\s*[.:]\s*", regex.I)),
    ("roman", regex.compile(r"((?:X{0,1})(?:IX|IV|V?I{0,3}))\s*[.)/\-]\s+(?=\S)")),
    ("dot", regex.compile(r"(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")),
    ("num.", regex.compile(r"(\d{1,2})\s*\.\s+(?=\S)")),
    ("num)", regex.compile(r"(\d{1,2})\s*\)\s+(?=\S)")),
    ("num/", regex.compile(r"(\d{1,2})\s*/\s+(?=\S)")),
    ("paren", regex.compile(r"\((\d{1,2})\)\s+(?=\S)")),
    ("letter)", regex.compile(r"([a-zđ])\s*\)\s+(?=\S)")),
    ("letter.", regex.compile(r"([a-zđ])\s*\.\s+(?=\S)")),
    ("dash", regex.compile(r"[-–—•]\s*(?=\S)")),
    ("plus", regex.compile(r"\+\s*(?=\S)")),
]
_BULLETS = {"dash", "plus"}
# the markers a line can open with, by its first character (an empty roman label before ". ) / -"
# included), in the order of _MARKERS
_MARKER_STARTS = {
    "article": "Đđ",
    "roman": "IVX.)/-",
    "dot": "0123456789",
    "num.": "0123456789",
    "num)": "0123456789",
    "num/": "0123456789",
    "paren": "(",
    "letter)": _LATIN + "đ",
    "letter.": _LATIN + "đ",
    "dash": "-–—•",
    "plus": "+",
}
_MARKERS_BY_FIRST: dict[str, list[tuple[str, regex.Pattern[str]]]] = {}
for _style, _pat in _MARKERS:
    for _c in _MARKER_STARTS[_style]:
        _MARKERS_BY_FIRST.setdefault(_c, []).append((_style, _pat))


@dataclass(eq=False)
class _Item:
    style: str
    label: str
    value: int
    start: int  # marker start
    content: int  # text start
    end: int = 0
    depth: int = 0
    parent: _Item | None = None
    children: list[_Item] = field(default_factory=list)
    quoted: bool = False
    lead_in: tuple[int, int] | None = None  # text before the first item of this item's list
    id: str = ""

    def own(self, text: str) -> str:
        return text[self.content : self.end]


def _ordinal(style: str, label: str) -> int:
    if style == "roman":
        return _ROMAN.get(label, 0)
    if style.startswith("letter"):
        if label in _LETTERS:
            return _LETTERS.index(label) + 1
        return _LATIN.index(label) + 1 if label in _LATIN else 0
    if style == "dot":
        return int(label.split(".")[-1])
    if style in _BULLETS:
        return 0
    return int(label)


def _follows(style: str, prev: _Item, label: str) -> bool:
    if style in _BULLETS:
        return True
    if style.startswith("letter"):
        pl, nl = prev.label, label
        ok_vn = pl in _LETTERS and nl in _LETTERS and _LETTERS.index(nl) == _LETTERS.index(pl) + 1
        ok_lat = pl in _LATIN and nl in _LATIN and _LATIN.index(nl) == _LATIN.index(pl) + 1
        return ok_vn or ok_lat
    return _ordinal(style, label) == prev.value + 1


def _first(style: str, label: str) -> bool:
    if style in _BULLETS:
        return True
    if style == "dot":
        return label.split(".")[-1] == "1"
    return _ordinal(style, label) == 1


def _style_key(style: str, label: str) -> str:
    if style == "dot":
        return f"dot{label.count('.') + 1}"
    return style


_QUOTE_LEADIN = regex.compile(
    r"\b(?:Điều|khoản|điểm|tiết|Thông\s+tư|Nghị\s+định|Luật|Bộ\s+luật|Quyết\s+định|Công\s+văn|Chỉ\s+thị)\b"
    r"[^.;:]{0,160}(?:quy\s+định|hướng\s+dẫn|nêu\s+rõ|nêu|sửa\s+đổi|bổ\s+sung)[^.;:]{0,40}:\s*[“\"]?\s*$",
    regex.I,
)
_PAGE_JUNK = regex.compile(r"^\s*(?:-*\s*\d{1,3}\s*-*|-{2,}\s*PAGE.*)\s*$", regex.I)


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of “…” and "…" quotations (closing within 4000 characters)."""
    spans: list[tuple[int, int]] = []
    i = start
    while i < end:
        o = text.find("“", i, end)
        if o == -1:
            break
        c = text.find("”", o + 1, min(end, o + 4000))
        if c == -1:
            i = o + 1
            continue
        spans.append((o, c + 1))
        i = c + 1
    # straight quotes, paired in order, only when they enclose a line break (a quoted block)
    pos = [m.start() for m in re.finditer('"', text[start:end])]
    for a, b in zip(pos[::2], pos[1::2], strict=False):
        if "\n" in text[start + a : start + b] and b - a < 4000:
            spans.append((start + a, start + b + 1))
    return sorted(spans)


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def _parse_items(text: str, start: int, end: int, skip: list[tuple[int, int]] | None = None) -> list[_Item]:
    """Every list item in ``text[start:end]``, nested, with validated numbering; lines inside the
    ``skip`` spans (task tables) are no items and end the item before them."""
    quotes = _quote_spans(text, start, end)
    skip = skip or []
    items: list[_Item] = []
    stack: list[tuple[str, _Item]] = []  # (style key, item) from outermost
    prev_end_char = "."
    pos = start
    last_item_line = False
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        raw = text[pos:line_end]
        stripped = raw.lstrip(" \t*_>")
        lead = len(raw) - len(stripped)
        ls = pos + lead
        if not stripped.strip() or _PAGE_JUNK.match(stripped):
            pos = line_end + 1
            continue
        if skip and any(a <= pos < b for a, b in skip):
            pos = line_end + 1
            last_item_line = False
            continue
        found: _Item | None = None
        for style, pat in _MARKERS_BY_FIRST.get(stripped[0], ()):
            m = pat.match(text, ls, line_end)
            if not m:
                continue
            label = m.group(1) if m.groups() else "-" if style == "dash" else "+"
            if style == "roman" and not label:
                continue
            key = _style_key(style, label)
            if style in _BULLETS and prev_end_char not in ".;:!?…" and not last_item_line:
                break
            if style == "letter." and prev_end_char not in ".;:!?":
                continue
            cand = _Item(style, label, _ordinal(style, label), ls, m.end())
            # place it: sibling of an open level with the same style, or a new level
            keys = [k for k, _ in stack]
            if style == "article":
                stack.clear()
                found = cand
                stack.append((key, cand))
                break
            if key in keys:
                d = keys.index(key)
                prev = stack[d][1]
                if style == "dot":
                    want_prefix = label.rsplit(".", 1)[0]
                    ok = prev.label.rsplit(".", 1)[0] == want_prefix and _follows(style, prev, label)
                    if not ok and _first(style, label):
                        par = _dot_parent(stack, label)
                        ok = par is not None
                        if ok:
                            d = keys.index(key)
                    if not ok:
                        continue
                elif not _follows(style, prev, label):
                    # a fresh "1." under a new parent of another style restarts the level
                    if not (_first(style, label) and d > 0 and stack[d - 1][1] is not prev.parent):
                        continue
                del stack[d:]
                cand.parent = stack[-1][1] if stack else None
            else:
                if style == "dot":
                    par = _dot_parent(stack, label)
                    if par is None or not _first(style, label):
                        continue
                    while stack and stack[-1][1] is not par:
                        stack.pop()
                    cand.parent = par
                else:
                    if not _first(style, label):
                        continue
                    cand.parent = stack[-1][1] if stack else None
            cand.depth = len(stack)
            stack.append((key, cand))
            found = cand
            break
        if found is None and stripped[:1].isdigit():
            found = _comma_sibling(text, ls, line_end, end, stack, prev_end_char, last_item_line)
            if found is not None:
                keys = [k for k, _ in stack]
                del stack[keys.index("num.") :]
                found.parent = stack[-1][1] if stack else None
                found.depth = len(stack)
                stack.append(("num.", found))
        if found is not None:
            found.quoted = _in_spans(found.start, quotes)
            if found.parent is not None:
                found.parent.children.append(found)
                if found.parent.quoted:
                    found.quoted = True
            items.append(found)
            last_item_line = True
        else:
            last_item_line = False
        tail = stripped.rstrip()
        prev_end_char = tail[-1] if tail else prev_end_char
        pos = line_end + 1
    # own text: up to the next item
    for k, it in enumerate(items):
        it.end = items[k + 1].start if k + 1 < len(items) else end
        for a, _b in skip:
            if it.content <= a < it.end:
                it.end = a
        while it.end > it.content and text[it.end - 1].isspace():
            it.end -= 1
    _mark_quoted_lists(text, items, start)
    return items


# "9, Nhiệm vụ của Bộ Lao động …": OCR reads the dot of a list number as a comma. Only a number that
# continues an open "8." list, after a finished sentence, before a capital word that is no citation
# ("1, Điều này", "10, Điều 31" wrap a citation) and with "10." on a later line, is such a marker.
_COMMA_MARKER = regex.compile(r"(\d{1,2})\s*,\s+(?=\p{Lu})")
_CITED_WORD = regex.compile(r"(?:Điều|Khoản|Điểm|Chương|Mục|Phần|Phụ\s+lục|Tiết)\b", regex.I)


def _comma_sibling(
    text: str, ls: int, line_end: int, end: int, stack: list[tuple[str, _Item]], prev_end_char: str, after_item: bool
) -> _Item | None:
    m = _COMMA_MARKER.match(text, ls, line_end)
    if m is None or _CITED_WORD.match(text, m.end(), line_end):
        return None
    if prev_end_char not in ".;:!?" and not after_item:
        return None  # "… phường 1,⏎2, Cổ Nhuế": a list of places wraps after a comma
    prev = next((it for k, it in reversed(stack) if k == "num."), None)
    n = int(m.group(1))
    if prev is None or prev.value != n - 1:
        return None
    nxt = regex.compile(rf"^[ \t*_>]*{n + 1}\s*\.\s+\S", regex.M).search(text, line_end, end)
    if nxt is None:
        return None
    between = regex.compile(r"^[ \t*_>]*\d{1,2}\s*\.\s+\S", regex.M).search(text, line_end, nxt.start())
    if between is not None:
        return None  # the next numbered line must be the one after this number
    return _Item("num.", m.group(1), n, ls, m.end())


def _dot_parent(stack: list[tuple[str, _Item]], label: str) -> _Item | None:
    prefix = label.rsplit(".", 1)[0]
    for _, it in reversed(stack):
        if it.label == prefix and it.style in ("dot", "num."):
            return it
    return None


def _mark_quoted_lists(text: str, items: list[_Item], start: int) -> None:
    """A list introduced by "… Thông tư … quy định:" quotes that document: none of it is ours."""
    firsts: dict[int, _Item] = {}
    for it in items:
        key = id(it.parent)
        if key not in firsts:
            firsts[key] = it
            lo = it.parent.content if it.parent is not None else start
            prev = [x for x in items if x.start < it.start and x.end <= it.start and x is not it.parent]
            if prev:
                lo = max(lo, prev[-1].content)
            lead = text[max(lo, it.start - 400) : it.start]
            it_parent_list = [x for x in items if x.parent is it.parent]
            if _QUOTE_LEADIN.search(lead.rstrip()) and not _directive_leadin(lead):
                for x in it_parent_list:
                    _quote_tree(x)
            for x in it_parent_list:
                x.lead_in = (max(lo, it.start - 600), it.start)


def _quote_tree(it: _Item) -> None:
    it.quoted = True
    for c in it.children:
        _quote_tree(c)


_DIRECTIVE_LEADIN = regex.compile(r"\b(?:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+đạo|nhiệm\s+vụ|có\s+ý\s+kiến)\b", regex.I)


def _directive_leadin(s: str) -> bool:
    tail = s[-200:]
    return bool(_DIRECTIVE_LEADIN.search(tail))


# ---------------------------------------------------------------------------
# assignees of a stretch of text


@dataclass
class _Found:
    leads: list[_Name] = field(default_factory=list)
    support: list[_Name] = field(default_factory=list)
    frame: bool = False  # found by an assignment frame (not just a subject)
    directive: bool = False  # by giao/yêu cầu/đề nghị or the execution formula
    colon: bool = False  # "Sở Tài chính: …": a body heading
    duty: bool = False  # by the duty formula ("… có trách nhiệm") or a "Trách nhiệm của X" heading

    def __bool__(self) -> bool:
        return bool(self.leads)


_CLAUSE = set(".;:!?,")


def _frame_hits(ctx: _Ctx, s: int, e: int) -> list[tuple[_Frame, int, int]]:
    seg = ctx.folded[s:e]
    out = []
    for f in vocab().frames:
        if f.mode != "search" or (f.needs and not any(w in seg for w in f.needs)):
            continue
        for p in f.patterns:
            for m in p.finditer(seg):
                out.append((f, s + m.start(), s + m.end()))
    out.sort(key=lambda x: x[1])
    return out


def _at_clause_start(ctx: _Ctx, toks: list[_Tok], k: int) -> bool:
    """The frame word at token ``k`` opens a clause (or follows its subject body)."""
    if k == 0:
        return True
    p = toks[k - 1]
    if not p.word:
        return p.text in _CLAUSE or p.text in "“\"(-–"
    if p.key in ("va", "dong", "thoi", "nay", "can", "phai", "tiep", "tuc", "cung", "xin", "kinh", "trung"):
        return True
    # a subject body right before: "Sở Công Thương yêu cầu", "Lãnh đạo Sở yêu cầu"
    j = k - 1
    while j > 0 and toks[j - 1].word and k - j < 25:
        j -= 1
    for a in range(j, k):
        if toks[a].upper and ctx.scanner.is_head(toks, a):
            r = ctx.scanner.scan(toks, a)
            if r and r[1] == k:
                return True
            break
    return False


def _split(ctx: _Ctx, toks: list[_Tok], a: int, b: int) -> list[tuple[int, int]]:
    """The scanner's split, with "<unit>, <issuer>" kept as one name: "Trung tâm Công nghệ thông tin,
    Bộ Nội vụ" in a Bộ Nội vụ circular is the ministry's centre (Decree 30 names a unit with its
    parent after a comma), not two bodies."""
    parts = ctx.scanner.split(toks, a, b)
    if len(parts) < 2 or not ctx.issuer:
        return parts
    ik = fold_key(ctx.issuer)
    units = vocab().unit_heads
    out: list[tuple[int, int]] = []
    for x, y in parts:
        if out and " ".join(t.key for t in toks[x:y] if t.word) == ik:
            px, py = out[-1]
            q = px
            while q < py and toks[q].key in ("cac", "nhung"):
                q += 1
            if _match_at(toks, q, units, 4) and fold_key(ctx.text[toks[px].start : toks[py - 1].end]) != ik:
                out[-1] = (px, y)
                continue
        out.append((x, y))
    return out


def _find(ctx: _Ctx, s: int, e: int, *, strict: bool, subject: bool = True) -> _Found:
    """Who ``text[s:e]`` obliges: frames (giao/yêu cầu/đề nghị X), a subject, role words."""
    sc = ctx.scanner
    hits = _frame_hits(ctx, s, e)
    if not hits and (strict or not subject):
        return _Found()  # only a frame could name a body here, and there is none
    # "… chịu trách nhiệm thi hành": the execution formula takes the whole list before it; the bare
    # duty formula at the same place would cut another name out of that list
    execution = {fs for f, fs, _ in hits if f.id == "thi-hanh"}
    hits = [h for h in hits if not (h[0].id == "trach-nhiem" and h[1] in execution)]
    toks = ctx.tokens(s, e)
    if not toks:
        return _Found()
    starts: list[int] = []
    found = _Found()
    seen: set[tuple[int, int]] = set()

    def tok_at(pos: int) -> int | None:
        """The first token starting at or after ``pos``."""
        if not starts:
            starts.extend(t.start for t in toks)
        i = bisect_left(starts, pos)
        return i if i < len(toks) else None

    def add(lst: list[_Name], a: int, b: int) -> None:
        for x, y in _split(ctx, toks, a, b):
            key = (toks[x].start, toks[y - 1].end)
            if key in seen:
                continue
            seen.add(key)
            lst.append(sc.name(toks, x, y))

    for f, fs, fe in hits:
        k = tok_at(fs)
        i = tok_at(fe)
        if k is None:
            continue
        if f.body == "after":
            if i is None:
                continue
            if strict and not _at_clause_start(ctx, toks, k):
                continue
            r = sc.scan(toks, i)
            if r is None:
                continue
            a, b = r
            if f.role == "lead":
                if f.id == "de-nghi" and (
                    _advisory(ctx, toks, a, b) or _private_subject(ctx, toks, k) or _feedback_closing(ctx, s, fs)
                ):
                    continue
                add(found.leads, a, b)
                found.frame = True
                found.directive = True
            else:
                if "voi" not in ctx.folded[fs:fe] and not (toks[a].upper or toks[a].key in ("cac", "nhung")):
                    continue  # "phối hợp thanh tra, kiểm tra liên ngành": an activity, not "phối hợp với Thanh tra"
                if found.leads or not strict:
                    add(found.support, a, b)
        elif f.id == "thi-hanh" or (not strict and f.id in ("trach-nhiem", "chu-tri")):
            # the subject before: from the clause start to the frame
            j = k
            while j > 0 and toks[j - 1].text not in (".", ":", "!", "?") and k - j < 80:
                j -= 1
            while j < k and not (toks[j].word and sc.is_head(toks, j)):
                j += 1
            if j < k:
                before = len(found.leads)
                a = j
                if f.id == "chu-tri":  # only the clause right before "chủ trì"
                    a = max([j] + [q + 1 for q in range(j, k) if toks[q].text == ";"])
                for q in list(range(a, k)) + [k]:
                    if q == k or toks[q].text == ";":
                        b = q
                        while b > a and not toks[b - 1].word:
                            b -= 1
                        while a < b and not (toks[a].word and sc.is_head(toks, a)):
                            a += 1
                        if a < b:
                            if f.id == "thi-hanh":
                                add(found.leads, a, b)  # the whole list before the formula
                            else:
                                r = sc.scan(toks, a, max_words=40)
                                if r is not None and f.id == "trach-nhiem" and r[1] < b:
                                    r = (r[0], _described_class_end(ctx, toks, r[0], r[1], b))
                                if r is not None and (r[1] >= b or f.id == "trach-nhiem") and not _bare_generic(
                                    ctx, sc.name(toks, r[0], min(r[1], b)).text
                                ):
                                    add(found.leads, r[0], min(r[1], b))
                        a = q + 1
                if len(found.leads) > before:
                    found.frame = found.frame or f.id != "chu-tri"
                    found.directive = found.directive or f.id == "thi-hanh"
    if subject and not found.leads and not strict and not _starts_imperative(toks):
        sa = _subject_start(ctx, toks)
        if sa is not None:
            colon = _colon_name(ctx, toks, sa)
            if colon is not None:
                add(found.leads, sa, colon)
                found.colon = True
            else:
                r = sc.scan(toks, sa)
                if (
                    r is not None
                    and r[1] < len(toks)
                    and sc.predicate_at(toks, r[1])
                    and toks[r[1]].text.lower() not in _STATIVE  # "Doanh nghiệp được giảm thuế": a rule, not a task
                    and not _verbless(ctx, toks, r[1])
                    and not _bare_generic(ctx, sc.name(toks, r[0], r[1]).text)
                ):
                    add(found.leads, r[0], r[1])
    # the addressee's short form → its full name; "các đơn vị" → the addressees
    found.leads = _expand(ctx, found.leads)
    found.support = [n for n in _expand(ctx, found.support) if not _vague(n.text)]
    return found


_DUTY_FRAME = "subject-duty"
_LEGAL_COLON = regex.compile(r"\b(?:quy\s+định|hướng\s+dẫn|như\s+sau|nêu\s+rõ|sau\s+đây|gồm|bao\s+gồm)\b[^:]{0,60}$", regex.I)


def _subject_directive(ctx: _Ctx, s: int, e: int, *, legal: bool = False, duty_only: bool = False) -> _Found:
    """Bodies a clause of ``text[s:e]`` directs as its subject, with no giao/yêu cầu/đề nghị:
    "Theo đó, các Cục Thuế thực hiện …", "Bộ Tư pháp chủ trì …", "- Đối với …: Ủy ban nhân dân cấp
    tỉnh tiếp tục xem xét …; các Bộ, ngành … chủ động quyết định …" (the ``mode: subject`` frames of
    rules/assignment.yaml). The body must be a registry agency, a capitalised state body or an
    addressee, and not the issuer itself; clauses after "… quy định:" and inside quotations are law.
    ``legal``: the clause belongs to an article of a legal text, where the duty formula ("Các cơ quan
    chủ quản cơ sở dữ liệu có trách nhiệm: …") obliges any body it names; ``duty_only``: only that
    formula counts (an article's own lead-in)."""
    found = _Found()
    frames = [f for f in vocab().frames if f.mode == "subject" and (not duty_only or f.id == _DUTY_FRAME)]
    if not frames or e <= s:
        return found
    v = vocab()
    sc = ctx.scanner
    toks = ctx.tokens(s, e)
    quotes = _quote_spans(ctx.text, s, e)
    starts = [0] + [k + 1 for k, t in enumerate(toks) if t.text in (";", ":", ".")]
    seen: set[str] = set()
    for k0 in starts:
        if k0 >= len(toks) or not toks[k0].word:
            continue
        if k0 > 0 and toks[k0 - 1].text == ":" and _LEGAL_COLON.search(ctx.text, max(s, toks[k0 - 1].start - 120), toks[k0 - 1].start):
            continue
        if _in_spans(toks[k0].start, quotes):
            continue
        i = k0
        n = _match_at(toks, i, v.subject_leads, 12)
        if n:
            i += n
            if i < len(toks) and toks[i].text == ",":
                i += 1
        if i >= len(toks) or not toks[i].word or not sc.is_head(toks, i):
            continue
        r = sc.scan(toks, i)
        if r is None or r[1] >= len(toks):
            continue
        a, b = r
        if toks[b - 1].key in ("cua", "voi", "cho"):
            continue
        pos = toks[b].start
        hit = [f for f in frames if any(p.match(ctx.folded, pos - 1 if pos > 0 else pos, e) for p in f.patterns)]
        if legal and not any(f.id == _DUTY_FRAME for f in hit):
            b2 = _relative_name_end(ctx, toks, a, b, frames, e)
            if b2 is not None:
                b = b2
                hit = [f for f in frames if f.id == _DUTY_FRAME]
        if not hit:
            continue
        by_law = legal and any(f.id == _DUTY_FRAME for f in hit)
        if not by_law and any(toks[q].lower and _match_at(toks, q, v.imperatives, v.max_len) for q in range(a + 1, b)):
            continue  # "Cục Thuế xây dựng phương án …": the name ran over an unlisted verb
        for x, y in _split(ctx, toks, a, b):
            nm = sc.name(toks, x, y)
            if by_law and _vague(nm.text):
                continue  # "Cơ quan, đơn vị chịu trách nhiệm báo cáo ghi tên …": no body in particular
            if not by_law and not _directable(ctx, toks, x, y, nm):
                continue
            key = fold_key(nm.text)
            if key not in seen:
                seen.add(key)
                found.leads.append(nm)
        if by_law and found.leads:
            found.duty = True
    found.leads = [_collective_addressee(ctx, n) for n in _expand(ctx, found.leads)]
    if found.leads and _issuer_only(ctx, found.leads):
        found.leads = []
    found.frame = found.directive = bool(found.leads)
    found.duty = found.duty and bool(found.leads)
    return found


def _described_class_end(ctx: _Ctx, toks: list[_Tok], a: int, y: int, k: int) -> int:
    """ "… và các đơn vị duy trì thoát nước chịu trách nhiệm chính …": when the scanned name [a, y) ends
    in a generic head ("các đơn vị") and only a short verb phrase without clause punctuation separates
    it from the duty formula at ``k``, that phrase describes the class; the name runs to ``k``."""
    parts = ctx.scanner.split(toks, a, y)
    if not parts or k - y > 12 or not _BARE_GENERIC.match(ctx.scanner.name(toks, *parts[-1]).text):
        return y
    if any(not t.word and t.text not in ("-", "–") for t in toks[y:k]):
        return y
    return k


def _relative_name_end(
    ctx: _Ctx, toks: list[_Tok], a: int, b: int, frames: list[_Frame], e: int
) -> int | None:
    """ "Cơ quan giải quyết thủ tục hành chính có trách nhiệm …", "Các đơn vị báo cáo có trách nhiệm":
    a generic head ("cơ quan", "đơn vị") whose name the scanner ended at a verb is a class of bodies
    described by that verb when the duty formula follows in the same clause; the name runs to it."""
    if not _BARE_GENERIC.match(ctx.scanner.name(toks, a, b).text):
        return None
    duty = [f for f in frames if f.id == _DUTY_FRAME]
    for k in range(b + 1, min(len(toks), b + 25)):
        t = toks[k]
        if t.text in (".", ";", ":", "!", "?", "(", ")"):
            return None
        pos = t.start
        if any(p.match(ctx.folded, pos - 1, e) for f in duty for p in f.patterns):
            return k if toks[k - 1].word else None
    return None


def _directable(ctx: _Ctx, toks: list[_Tok], x: int, y: int, nm: _Name) -> bool:
    """A body a dispatch can direct by naming it as a subject: an agency of the registry, a
    capitalised state body ("Ủy ban nhân dân cấp tỉnh", "các Bộ, ngành"), or an addressee."""
    v = vocab()
    j = x
    while j < y and toks[j].key in ("cac", "nhung", "quy"):
        j += 1
    if j >= y:
        return False
    if not toks[j].upper or _match_at(toks, j, v.private, 4):
        return False  # "bộ phận …"; a company is directed only by đề nghị/yêu cầu (else it is guidance)
    if ctx.agency_id(nm.text) is not None or _addressee_of(ctx, nm.text) is not None:
        return True
    return toks[j].upper and _match_at(toks, j, v.state_heads, 4) > 0


def _collective_addressee(ctx: _Ctx, n: _Name) -> _Name:
    """ "các Cục Thuế" / "Quý Doanh nghiệp" in a letter to "Cục Thuế các tỉnh …" / "Quý Doanh nghiệp
    làm thủ tục tại …" is that addressee."""
    if fold_key(n.text).split()[:1] in (["cac"], ["nhung"], ["quy"]):
        t = _addressee_of(ctx, n.text)
        if t is not None:
            return _Name(n.start, n.end, t.text)
    return n


def _addressee_of(ctx: _Ctx, name: str) -> _Name | None:
    """The Kính gửi name ``name`` refers to: the same words, or its head words ("Cục Thuế" → "Cục Thuế
    tỉnh Sóc Trăng", "các Cục Thuế" → "Cục Thuế các tỉnh, thành phố …")."""
    words = [w for w in fold_key(name).split() if w not in ("cac", "nhung", "quy")]
    if not words:
        return None
    for t in ctx.to:
        tw = [w for w in fold_key(t.text).split() if w not in ("quy",)]
        if tw[: len(words)] == words or (len(words) >= 2 and tw and tw[0] == words[0] and _subseq(words, tw)):
            return t
    return None


def _subject_start(ctx: _Ctx, toks: list[_Tok]) -> int | None:
    """Where a subject may start: the item's first word, or after a leading adverbial and comma."""
    if toks and toks[0].word and ctx.scanner.is_head(toks, 0):
        return 0
    if toks and toks[0].word:
        for i, t in enumerate(toks[:25]):
            if t.text == ",":
                if i + 1 < len(toks) and toks[i + 1].upper and ctx.scanner.is_head(toks, i + 1):
                    return i + 1
                return None
            if t.text in ".;:":
                return None
    return None


def _colon_name(ctx: _Ctx, toks: list[_Tok], a: int) -> int | None:
    """ "Sở Tài chính:" / "Công an Thành phố: phối hợp …": the name runs to the colon."""
    r = ctx.scanner.scan(toks, a, max_words=40)
    if r is None:
        return None
    i = r[1]
    while i < len(toks) and toks[i].text in ",;":
        i += 1
    if i < len(toks) and toks[i].text == ":":
        return r[1]
    return None


_PREPOSITIONS = frozenset({"về", "tại", "trong", "theo", "từ", "với", "cho", "khi", "sau", "trước", "nhằm", "để", "nếu"})


def _verbless(ctx: _Ctx, toks: list[_Tok], i: int) -> bool:
    """ "17. Văn phòng Quốc gia về giảm nghèo": a name whose "predicate" is a preposition and that
    no verb follows is an entry of a list of bodies, not a directive."""
    if toks[i].text.lower() not in _PREPOSITIONS:
        return False
    v = vocab()
    for q in range(i + 1, len(toks)):
        t = toks[q]
        if not t.word or not t.lower:
            continue
        if t.text.lower() in ("phải", "cần") or _match_at(toks, q, v.imperatives, v.max_len):
            return False  # one-syllable words after "về" ("về giảm nghèo") are its object, not a verb
    return True


def _private_subject(ctx: _Ctx, toks: list[_Tok], k: int) -> bool:
    """ "… thì Công ty đề nghị cơ quan thuế quản lý trực tiếp giải quyết hoàn thuế": a company or a
    taxpayer right before "đề nghị" is the applicant making a request, not the issuer obliging."""
    v = vocab()
    for q in range(max(0, k - 12), k):
        if not toks[q].word:
            continue
        j = q
        while j < k and toks[j].key in ("cac", "nhung", "quy"):
            j += 1
        if j < k and _match_at(toks, j, v.private, 4):
            r = ctx.scanner.scan(toks, q)
            if r is not None and r[1] == k:
                return True
    return False


def _feedback_closing(ctx: _Ctx, s: int, pos: int) -> bool:
    """ "Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các cơ quan, đơn vị gửi ý kiến về Bộ …":
    a request conditioned on difficulties arising asks for feedback, it sets no task."""
    dot = max(ctx.folded.rfind(".", s, pos), ctx.folded.rfind("\n\n", s, pos), s)
    window = fold_key(ctx.text[max(dot, pos - 160) : pos])
    return any(ph in window for ph in vocab().feedback)


def _advisory(ctx: _Ctx, toks: list[_Tok], a: int, b: int) -> bool:
    """ "đề nghị Công ty căn cứ …/liên hệ …": advice to a taxpayer, not an obligation."""
    v = vocab()
    j = a
    while j < b and toks[j].key in ("cac", "nhung", "quy"):
        j += 1
    private = _match_at(toks, j, v.private, 4) > 0
    adv = b < len(toks) and _match_at(toks, b, v.advisory, v.max_len) > 0
    contact = b < len(toks) and toks[b].key == "lien" and b + 1 < len(toks) and toks[b + 1].key == "he"
    return contact or (private and adv)


_GENERIC = r"(?:bộ|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|cá\s+nhân|doanh\s+nghiệp|sở|ban)"
_VAGUE = regex.compile(
    r"\b(?:liên\s+quan|khác|như|các\s+cấp|chính\s+quyền\s+địa\s+phương)\b"
    rf"|^(?:các\s+)?{_GENERIC}(?:\s*,?\s*{_GENERIC})*$",
    regex.I,
)


# "Đơn vị", "Cơ quan, đơn vị": a generic noun that names no body in particular (unless it means the addressees)
_BARE_GENERIC = regex.compile(rf"(?:các\s+)?{_GENERIC}(?:\s*,?\s*{_GENERIC})*$", regex.I)


def _bare_generic(ctx: _Ctx, name: str) -> bool:
    """ "Đơn vị báo cáo chịu trách nhiệm …" as a subject names nobody, unless the word means the addressees."""
    if not _BARE_GENERIC.match(name) or not ctx.to:
        return bool(_BARE_GENERIC.match(name))
    if fold_key(name) in vocab().addressees:
        return False
    words = [w for w in fold_key(name).split() if w not in ("cac", "nhung", "quy")]
    for t in ctx.to:  # "Doanh nghiệp lập và gửi …" in a letter to "Các doanh nghiệp Cục Thuế quản lý"
        tw = [w for w in fold_key(t.text).split() if w not in ("cac", "nhung", "quy")]
        if tw[: len(words)] == words:
            return False
    return True


def _vague(name: str) -> bool:
    return bool(_VAGUE.search(name))


def _subseq(short: list[str], full: list[str]) -> bool:
    it = iter(full)
    return all(w in it for w in short)


def _expand(ctx: _Ctx, names: list[_Name]) -> list[_Name]:
    out: list[_Name] = []
    v = vocab()
    for n in names:
        key = fold_key(n.text)
        if key in ctx.aliases:
            full = ctx.aliases[key]
            out.append(_Name(n.start, n.end, full.text))
            continue
        if key in v.addressees and ctx.to:
            out.extend(_Name(t.start, t.end, t.text) for t in ctx.to)
            continue
        if key.startswith("quy ") and ctx.to and n.text[:1] in "Qq" and fold_key(n.text[:3]) == "quy":
            # "đề nghị Quý Cơ quan …", "Quý Doanh nghiệp": the honorific addresses the reader, the
            # Kính gửi body it names (or, when it names none, every addressee)
            t = _addressee_of(ctx, n.text)
            out.extend([_Name(n.start, n.end, t.text)] if t is not None else [_Name(x.start, x.end, x.text) for x in ctx.to])
            continue
        words = key.split()
        best: _Name | None = None
        if len(words) >= 2:
            for t in ctx.to:
                tw = fold_key(t.text).split()
                if tw != words and len(tw) > len(words) and tw[0] == words[0] and _subseq(words, tw):
                    best = t
                    break
        out.append(_Name(n.start, n.end, best.text) if best else n)
    return out


# ---------------------------------------------------------------------------
# classifying items


def _starts_imperative(toks: list[_Tok]) -> bool:
    v = vocab()
    if not toks or not toks[0].word:
        return False
    m = _match_at(toks, 0, v.imperatives, v.max_len)
    # a longer verb wins over a short opener or function word it starts with: "Theo dõi …" and "Đề
    # xuất …" open a task, "Theo đó …", "Đối với …" and "Để …" do not
    if 0 < _match_at(toks, 0, v.openers, v.max_len) >= m:
        return False
    if registry()._alias.get(toks[0].key) or (len(toks) > 1 and _Scanner_alias(toks)):
        return False
    if toks[0].key in ("de", "trong", "theo", "ve", "tai", "khi", "tu", "sau", "truoc", "voi", "neu", "doi", "la", "duoc",
                       "da", "dang", "se", "khong", "ngay", "biet", "can", "cu", "mo", "lam") and m <= 1:
        return False
    return bool(m)


def _Scanner_alias(toks: list[_Tok]) -> bool:
    reg = registry()
    lens = _alias_lens(reg._alias).get(toks[0].key) if toks else None
    if not lens:
        return False
    for n in lens:
        if n > min(reg._max_alias, len(toks)):
            continue
        if all(t.word for t in toks[:n]) and " ".join(t.key for t in toks[:n]) in reg._alias:
            return True
    return False


def _is_opener(toks: list[_Tok]) -> bool:
    v = vocab()
    return bool(toks) and toks[0].word and bool(_match_at(toks, 0, v.openers, v.max_len))


_HEADING_RIGHTS = regex.compile(r"\bquyền\s+hạn\b|\bquyền\s+của\b", regex.I)
_DUTIES = regex.compile(r"\b(?:nhiệm\s+vụ|trách\s+nhiệm)\b(?:[^:]{0,40}?\bcủa\b)?", regex.I)
# A title that lists a body's standing duties ("Điều 2. Nhiệm vụ của Ban Chỉ đạo:", "Trách nhiệm của
# Bộ Y tế", "Nhiệm vụ, quyền hạn của …"): its items stay under it; "Hiệu lực và trách nhiệm thi hành",
# "Tổ chức thực hiện" and a lead-in "… có trách nhiệm:" are not such titles.
_DUTY_TITLE = regex.compile(
    r"(?<![\p{L}])(?:nhiệm\s+vụ|trách\s+nhiệm)(?:\s*(?:,|và)\s*quyền\s+hạn)?(?:\s+cụ\s+thể)?\s+của\b"
    r"|^(?:chức\s+năng\s*(?:,|và)\s*)?nhiệm\s+vụ(?:\s*(?:,|và)\s*quyền\s+hạn)?\W*$",
    regex.I,
)


def _duty_title(ctx: _Ctx, it: _Item) -> bool:
    """The item's title (its own text up to the first line break) lists a body's standing duties."""
    s, e = _own_span(ctx, it)
    nl = ctx.text.find("\n", s, e)
    return bool(_DUTY_TITLE.search(ctx.text[s : nl if nl != -1 else e].strip()))


@dataclass
class _Emit:
    tasks: list[Task] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    def add(self, t: Task) -> None:
        base = t.id
        n = 2
        while t.id in self.ids:
            t.id = f"{base}#{n}"
            n += 1
        self.ids.add(t.id)
        self.tasks.append(t)


def _assignees(ctx: _Ctx, found: _Found, inherited: list[_Name] | None, *, inferred: bool) -> list[Assignee]:
    out: list[Assignee] = []
    seen: set[str] = set()

    def put(n: _Name, role: str, inf: bool) -> None:
        k = fold_key(n.text)
        if not k or k in seen:
            return
        seen.add(k)
        out.append(Assignee(n.text, role, n.start, n.end, ctx.agency_id(n.text), inf))  # type: ignore[arg-type]

    if found.leads:
        for n in found.leads:
            put(n, "lead", False)
    elif inherited:
        for n in inherited:
            put(n, "lead", inferred)
    for n in found.support:
        put(n, "support", False)
    return out


def _own_span(ctx: _Ctx, it: _Item) -> tuple[int, int]:
    """The item's own text, without its children and without a closing paragraph after the last item."""
    s, e = it.content, it.end
    if it.children:
        e = min(e, it.children[0].start)
    return s, e


def _execution_formula(ctx: _Ctx, s: int, e: int) -> bool:
    """``text[s:e]`` holds the execution formula of a legal text ("… chịu trách nhiệm thi hành …")."""
    return any(p.search(ctx.folded, s, e) for p in vocab().frame("thi-hanh").patterns)


def _trim_closing(ctx: _Ctx, s: int, e: int) -> int:
    """Cut a closing formula ("Đây là nhiệm vụ trọng tâm …", "… triển khai thực hiện./.") off the last item."""
    text = ctx.text
    pos = s
    v = vocab()
    while True:
        nl = text.find("\n", pos, e)
        if nl == -1:
            return e
        before = text[s:nl].rstrip()
        nxt = nl + 1
        while nxt < e and text[nxt] in " \t\n":
            nxt += 1
        if nxt >= e:
            return e
        if before and before[-1] in ".!?" and text[nxt].isupper():
            toks = ctx.tokens(nxt, min(e, nxt + 200))
            para_end = text.find("\n\n", nxt, e)
            para = text[nxt : e if para_end == -1 else para_end]
            if _execution_formula(ctx, nxt, e if para_end == -1 else para_end):
                return e  # "Các Bộ trưởng, … chịu trách nhiệm thi hành Nghị định này./." obliges: it stays
            if _match_at(toks, 0, v.closings, v.max_len) or "/." in para or not _starts_imperative(toks):
                end = nl
                while end > s and text[end - 1].isspace():
                    end -= 1
                return end
        pos = nl + 1


def _deadline(ctx: _Ctx, text: str, offset: int) -> Deadline | None:
    try:
        from ._deadlines import find_deadline
    except ImportError:  # pragma: no cover - the deadline grammar is optional
        return None
    try:
        return find_deadline(text, doc_date=ctx.doc_date, offset=offset)
    except (AttributeError, ValueError, TypeError):  # pragma: no cover - a deadline never breaks a task
        return None


def _task(ctx: _Ctx, tid: str, s: int, e: int, kind: str, parent: str | None, assignees: list[Assignee]) -> Task:
    raw = ctx.text[s:e]
    return Task(
        id=tid,
        text=_clean(raw),
        parent=parent,
        start=s,
        end=e,
        assignees=assignees,
        deadline=_deadline(ctx, raw, s),
        kind=kind,
    )


def _walk(
    ctx: _Ctx,
    items: list[_Item],
    out: _Emit,
    *,
    root_parent: str | None,
    id_prefix: str,
    default: list[_Name],
    region_end: int,
) -> int:
    """Emit tasks for a parsed item forest; returns how many top-level directive tasks came out."""
    top = 0
    last = items[-1] if items else None
    inherit: dict[int, list[_Name]] = {}
    strict_ctx: dict[int, bool] = {}
    section_of: dict[int, _Item] = {}
    ids: dict[int, str] = {}
    leadins: dict[tuple[int, int], list[_Name]] = {}
    duty_lists: set[int] = set()  # items whose children are each a duty ("X có trách nhiệm:")
    handing_out: set[int] = set()  # "Tổ chức thực hiện" headings: their clauses name who does what

    def leadin_names(it: _Item) -> list[_Name]:
        if it.lead_in is None:
            return []
        if it.lead_in not in leadins:
            s, e = it.lead_in
            # only the last sentence before the list counts as its lead-in
            cut = max(ctx.text.rfind(". ", s, e - 2), ctx.text.rfind(".\n", s, e - 2))
            s2 = cut + 1 if cut >= 0 else s
            f = _find(ctx, s2, e, strict=True, subject=False)
            leadins[it.lead_in] = f.leads
        return leadins[it.lead_in]

    # short ids: the label path below the nearest roman section / article; a label already
    # used in another roman section is qualified with its section ("II.1")
    for it in items:
        p = it.parent
        if it.style == "roman":
            ids[id(it)] = it.label
            continue
        if it.style == "article":
            ids[id(it)] = f"Điều {it.label}"
            continue
        label = it.label if it.style not in _BULLETS else _bullet_no(it)
        if it.style == "dot":
            own = it.label
        elif p is not None and p.style != "roman":
            own = f"{ids[id(p)]}.{label}"
        else:
            own = label
        ids[id(it)] = own

    for it in items:
        p = it.parent
        section = p if p is not None and p.style == "roman" else section_of.get(id(p)) if p is not None else None
        if section is not None:
            section_of[id(it)] = section
        if not it.quoted and (_statement_heading(ctx, it) or _defines(ctx, it) or _under_statement_line(ctx, it)):
            # "I. MỤC ĐÍCH, YÊU CẦU", "Điều 3. Giải thích từ ngữ", the items after "… được hiểu như sau:":
            # goals, scope and definitions oblige nobody (a roman section's paragraphs neither)
            strict_ctx[id(it)] = True
            inherit[id(it)] = []
            _skip_tree(it, strict_ctx)
            it.quoted = True
            continue
        if it.quoted or it.style == "roman":
            strict_ctx[id(it)] = strict_ctx.get(id(p), False) if p is not None else False
            if not it.quoted and _implementation_title(ctx, it):
                handing_out.add(id(it))
            continue
        s, e = _own_span(ctx, it)
        if it is last:
            e = _trim_closing(ctx, s, e)
        toks = ctx.tokens(s, min(e, s + 400))
        parent_strict = strict_ctx.get(id(p), False) if p is not None else False
        opener = _is_opener(toks)
        in_duties = p is not None and id(p) in duty_lists
        strict = ctx.report or parent_strict or opener or in_duties  # a duty's own frames only at a clause start
        if it.style == "article":
            strict = True
        found = _find(ctx, s, e, strict=strict)
        if not found.leads and p is not None and p.style == "article":
            found = _subject_directive(ctx, s, e, legal=True)  # "3. Bộ Tư pháp chủ trì, phối hợp …" in any article
        handed = p is not None and id(p) in handing_out
        if handed and it.children:
            # "Điều 16. Tổ chức thực hiện / 1. Ngân hàng Chính sách xã hội: / a) Hướng dẫn …": the
            # clause heading is the body, each point under it that body's duty
            bh = _duty_heading(ctx, it, bare=True)
            if bh is not None:
                found = bh
                duty_lists.add(id(it))
        if not found.leads and it.style != "article" and (p is None or p.style in ("article", "roman") or id(p) in duty_lists):
            found = _duty_heading(ctx, it) or found  # "1. Trách nhiệm của Vụ Kế hoạch - Tài chính"
        if (found.duty or found.leads) and (_duty_heading_text(ctx, it) or _DUTY_COLON.search(ctx.folded[s:e].rstrip())):
            duty_lists.add(id(it))
        imperative = _starts_imperative(toks)
        colon_heading = found.colon
        # inheritance: enclosing heading / parent task, else the list's lead-in, else Kính gửi
        inh: list[_Name] = []
        inferred = True
        anc = p
        while anc is not None and not inh:
            inh = inherit.get(id(anc), [])
            anc = anc.parent
        if not inh:
            inh = leadin_names(it)
        if not inh:
            inh = default
        if it.style == "article":
            if not found.leads:
                # "Điều 6. Cập nhật …⏎Các cơ quan chủ quản cơ sở dữ liệu có trách nhiệm: 1. …": the
                # lead-in names who carries the clauses (the title line is not a clause of its own)
                nl = ctx.text.find("\n", s, e)
                duty = _subject_directive(ctx, nl + 1 if nl != -1 else s, e, legal=True, duty_only=True)
                if duty.leads:
                    found = duty
            directive = found.frame
            mduty = _DUTIES.search(ctx.text, s, min(e, s + 200))
            if _HEADING_RIGHTS.search(ctx.text, s, min(e, s + 120)):
                strict_ctx[id(it)] = True
                inherit[id(it)] = []
                _skip_tree(it, strict_ctx)
                continue
            if mduty and not found.leads:
                ff = _find_after_cua(ctx, mduty.end(), e)
                if ff:
                    inherit[id(it)] = ff
            impl = _implementation_title(ctx, it)
            if impl:
                handing_out.add(id(it))
            strict_ctx[id(it)] = not (bool(mduty) or impl)
            if directive:
                out.add(_task(ctx, ids[id(it)], s, e, "article", root_parent, _assignees(ctx, found, None, inferred=False)))
                top += root_parent is None
                inherit[id(it)] = found.leads
            continue
        directive = found.directive or (not strict and (found.frame or imperative or bool(found.leads)))
        if in_duties:
            directive = True  # each item of "Ủy ban nhân dân cấp tỉnh có trách nhiệm: a) … b) …" is a duty
        if _no_duty(ctx, s, e):
            strict_ctx[id(it)] = True  # "Sửa đổi khoản 2 như sau: a) …": its points are the new wording
            continue
        if directive and not in_duties and not found.directive and not found.duty and (
            _report_name(ctx, s, e)
        ):
            strict_ctx[id(it)] = True  # "Báo cáo bắt buộc:": a report's name, not the verb
            continue
        if colon_heading:
            cpos = ctx.text.find(":", s, e)
            rest_toks = ctx.tokens(cpos + 1, min(e, cpos + 200)) if cpos != -1 else []
            rest = _find(ctx, cpos + 1, e, strict=False) if cpos != -1 and rest_toks else _Found()
            directive = _starts_imperative(rest_toks) or bool(rest.leads)
            if rest.leads:  # "2. Các Sở, ban, ngành: <paragraph naming who does what>"
                found = rest
            inherit[id(it)] = found.leads
        elif found.leads:
            inherit[id(it)] = found.leads
        strict_ctx[id(it)] = strict and not found.leads
        if not directive:
            if not found.leads and not imperative and not colon_heading:
                # a heading or an explanation: its children are judged strictly unless it is neutral
                strict_ctx[id(it)] = strict or opener
            continue
        parent_id: str | None
        if p is not None and p.style != "roman":
            parent_id = ids[id(p)] if p.style == "article" else id_prefix + ids[id(p)]
        else:
            parent_id = root_parent
        if id_prefix + ids[id(it)] in out.ids:
            sec = section_of.get(id(it))
            if sec is not None and not ids[id(it)].startswith(f"{sec.label}."):
                ids[id(it)] = f"{sec.label}.{ids[id(it)]}"
        tid = id_prefix + ids[id(it)]
        assignees = _assignees(ctx, found, inh, inferred=inferred)
        kind = "item"
        out.add(_task(ctx, tid, s, e, kind, parent_id, assignees))
        if parent_id is None:
            top += 1
    return top


# "… có trách nhiệm:" / "… có trách nhiệm sau đây:" ending an item: the points under it are its duties
_DUTY_COLON = regex.compile(r"trach\s+nhiem(?:\s+(?:sau(?:\s+day)?|nhu\s+sau|cu\s+the))?\s*:$")
# folded, so OCR's "Nhiệm vu" (mark lost) heads a duty heading as well
_DUTY_HEAD = regex.compile(r"(?:trach\s+nhiem|nhiem\s+vu)(?:\s*(?:,|va)\s*quyen\s+han)?(?:\s+cua)?\s+(?=\S)")


def _first_line(ctx: _Ctx, s: int, e: int) -> int:
    """End of the first non-blank line of ``text[s:e]``."""
    while s < e and ctx.text[s] in " \t\n":
        s += 1
    nl = ctx.text.find("\n", s, e)
    return e if nl == -1 else nl


def _duty_heading_text(ctx: _Ctx, it: _Item) -> bool:
    """The item opens with a one-line "Trách nhiệm của X" / "Nhiệm vụ X" heading."""
    s, e = _own_span(ctx, it)
    h = _first_line(ctx, s, e)
    return bool(_DUTY_HEAD.match(ctx.folded, s, h)) and h - s < 200


def _duty_heading(ctx: _Ctx, it: _Item, *, bare: bool = False) -> _Found | None:
    """ "1. Trách nhiệm của Vụ Kế hoạch - Tài chính, Bộ Nội vụ" / "2. Trách nhiệm các đơn vị báo cáo":
    a one-line heading whose whole rest is a body's name gives that body to the duties under it (its
    points, or the paragraph under the heading line: "10. Nhiệm vụ của Bộ Xây dựng⏎Nghiên cứu …").
    ``bare``: under a heading that hands out the work ("Tổ chức thực hiện"), the body's name alone
    is such a heading too ("12. Bộ Công an", "1. Ngân hàng Chính sách xã hội:")."""
    s, e = _own_span(ctx, it)
    h = _first_line(ctx, s, e)
    m = _DUTY_HEAD.match(ctx.folded, s, h)
    if m is not None and _duty_heading_text(ctx, it):
        name_start = m.end()
        if not it.children and not ctx.text[h:e].strip():
            return None  # a heading with nothing under it
    elif bare and it.children and _one_line(ctx, s, e):
        name_start = s
    else:
        return None
    toks = ctx.tokens(name_start, h)
    if m is None and not (toks and toks[0].upper):
        return None  # a heading names its body with a capital ("Bộ Công an", "Các cơ sở giáo dục …")
    r = ctx.scanner.scan(toks, 0, max_words=40)
    if r is None:
        return None
    a, b = r
    rest = [t for t in toks[b:] if t.text not in ".:;,"]
    if rest and rest[0].text != "(" and m is not None and _BARE_GENERIC.match(ctx.scanner.name(toks, a, b).text):
        # "Trách nhiệm các đơn vị báo cáo": a generic head and the verb that describes it name a class
        # of bodies (the heading is a noun phrase: its verbs describe, they do not predicate)
        while b < len(toks) and toks[b].text not in ("(", ":", ";", "."):
            b += 1
        while b > a and not toks[b - 1].word:
            b -= 1
        rest = [t for t in toks[b:] if t.text not in ".:;,"]
    if rest and rest[0].text != "(":  # the name must be the whole heading (a parenthesis may gloss it)
        return None
    names = _expand(ctx, [ctx.scanner.name(toks, x, y) for x, y in _split(ctx, toks, a, b)])
    return _Found(leads=names, frame=True, directive=True, duty=True)


def _no_duty(ctx: _Ctx, s: int, e: int) -> bool:
    """The item amends a text ("Sửa đổi khoản 2 Điều 7 như sau:") or only names a form ("Báo cáo tình hình
    tài chính Mẫu số B01a - DNN"): whatever verb opens it, it obliges nobody."""
    v = vocab()
    if v.amendments is not None and v.amendments.match(ctx.folded, s, min(e, s + 300)):
        return True
    own = ctx.folded[s:e].rstrip()
    return v.form_title is not None and len(own) < 160 and v.form_title.fullmatch(own) is not None


def _statement_heading(ctx: _Ctx, it: _Item) -> bool:
    """The item's title line opens a section of goals, principles, grounds, scope or definitions ("I. MỤC
    ĐÍCH, YÊU CẦU", "2.4.1. Mục tiêu", "Điều 1. Phạm vi điều chỉnh"; rules/assignment.yaml
    ``statement_sections``) and names no work ("I. MỤC TIÊU, NHIỆM VỤ" hands some out)."""
    pat = vocab().statement_section
    if pat is None:
        return False
    s, e = _own_span(ctx, it)
    h = _first_line(ctx, s, e)
    return h - s < 200 and pat.fullmatch(ctx.folded, s, h) is not None


# a line's label and its rank in Decree 30's numbering (lower = higher level): I. / Điều 1. > 1. > 1.1. > (1) > a) > - > +
_LINE_LABEL = regex.compile(
    r"[ \t]*(?:(?P<roman>[IVXL]{1,5})[ \t]*[.)/]|(?P<art>(?i:điều)[ \t]+\d+[a-z]?[ \t]*[.:])"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[ \t]*[.)/]|\((?P<par>\d{1,2})\)|(?P<let>[a-zđ])[ \t]*[).]"
    r"|(?P<dash>[-–—•*])|(?P<plus>\+))[ \t]*"
)


def _label_rank(m: regex.Match[str]) -> int:
    if m.group("roman") or m.group("art"):
        return 0
    if m.group("num"):
        return 1 + m.group("num").count(".")
    return {"par": 5, "let": 6, "dash": 7, "plus": 8}[next(k for k in ("par", "let", "dash", "plus") if m.group(k))]


def _under_statement_line(ctx: _Ctx, it: _Item) -> bool:
    """The nearest heading line above the item (the first line back with a higher-level label, items or
    not: OCR'd and flattened texts lose the tree) opens a goals/scope section ("2.4.1. Mục tiêu", "a) Mục
    tiêu chung", "2. Quan điểm chỉ đạo xây dựng luật")."""
    pat = vocab().statement_section
    if pat is None:
        return False
    own = _LINE_LABEL.match(ctx.text, it.start)
    if own is None or own.end() == it.start:
        return False
    rank = _label_rank(own)
    if rank == 0:
        return False
    pos = ctx.text.rfind("\n", 0, it.start)
    floor = max(0, it.start - 5000)
    while pos > floor:
        ls = ctx.text.rfind("\n", 0, pos) + 1
        m = _LINE_LABEL.match(ctx.text, ls, pos)
        if m is not None and m.end() > ls and m.end() < pos:
            if _label_rank(m) < rank:
                return pos - m.end() < 200 and pat.fullmatch(ctx.folded, m.end(), pos) is not None
        pos = ls - 1
    return False


def _defines(ctx: _Ctx, it: _Item) -> bool:
    """The item is one of a definition list: the last sentence before the list says "các từ ngữ dưới đây
    được hiểu như sau:" (rules/assignment.yaml ``definition_leadins``)."""
    pat = vocab().definition_leadin
    if pat is None or it.lead_in is None:
        return False
    s, e = it.lead_in
    lead = ctx.folded[s:e].rstrip()
    cut = max(lead.rfind(". ", 0, len(lead) - 2), lead.rfind(".\n", 0, len(lead) - 2))
    return pat.search(lead, cut + 1 if cut >= 0 else 0) is not None


def _report_name(ctx: _Ctx, s: int, e: int) -> bool:
    """The item opens with a report's name, not the verb "báo cáo": "Báo cáo tình hình tài chính năm 2025",
    "Báo cáo bắt buộc:", "Báo cáo của Ủy ban Thường vụ Quốc hội" — and its first line says neither where
    nor by when to send it ("Báo cáo tài chính gửi cơ quan thuế" asks for one)."""
    v = vocab()
    if v.report_noun is None or v.report_noun.match(ctx.folded, s, e) is None:
        return False
    h = _first_line(ctx, s, e)
    return v.report_sends is None or v.report_sends.search(ctx.folded, s, h) is None


def _one_line(ctx: _Ctx, s: int, e: int) -> bool:
    return "\n" not in ctx.text[s:e].strip() and len(ctx.text[s:e]) < 200


def _implementation_title(ctx: _Ctx, it: _Item) -> bool:
    """The item's title line is one that hands out the work: "Điều 16. Tổ chức thực hiện", "IV. TỔ
    CHỨC THỰC HIỆN" (rules/assignment.yaml ``implementation_titles``, matched whole)."""
    s, e = _own_span(ctx, it)
    nl = ctx.text.find("\n", s, e)
    title = fold_key(ctx.text[s : nl if nl != -1 else e])
    return bool(title) and title in vocab().implementation


def _skip_tree(it: _Item, strict_ctx: dict[int, bool]) -> None:
    for c in it.children:
        c.quoted = True
        _skip_tree(c, strict_ctx)


def _find_after_cua(ctx: _Ctx, s: int, e: int) -> list[_Name]:
    """ "Nhiệm vụ của Ban Chỉ đạo:" → the body after "của", on the title's own line ("Điều 24. Trách nhiệm
    của Bộ Văn hóa, Thể thao và Du lịch⏎Bộ Văn hóa, … chịu trách nhiệm …" names the ministry once). After
    "của" only a noun can stand: "Trách nhiệm của tổ chức dịch vụ việc làm công" names a body."""
    nl = ctx.text.find("\n", s, e)
    if nl != -1 and ctx.text[s:nl].strip():
        e = nl
    toks = ctx.tokens(s, min(e, s + 200))
    if not toks:
        return []
    i = 0
    if toks[0].key == "cua":
        i = 1
    r = ctx.scanner.scan(toks, i, noun=True)
    if r is None:
        return []
    return _expand(ctx, [ctx.scanner.name(toks, r[0], r[1])])


def _bullet_no(it: _Item) -> str:
    sibs = it.parent.children if it.parent is not None else []
    n = 1
    for c in sibs:
        if c is it:
            break
        if c.style == it.style:
            n += 1
    return str(n)


# ---------------------------------------------------------------------------
# sentences of a letter without numbered directive items

_SENT_END = regex.compile(r"(?<=[.!?;][”\"»)]?)\s+(?=[\p{Lu}\d“\"(-])|\n\s*\n|(?<=:)\s*\n")


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    for m in _SENT_END.finditer(text, s, e):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < e:
        out.append((pos, e))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _sentence_tasks(ctx: _Ctx, s: int, e: int, out: _Emit, *, parent: str | None, prefix: str,
                    skip: list[tuple[int, int]]) -> int:
    n = 0
    quotes = _quote_spans(ctx.text, s, e)
    for a, b in _sentences(ctx.text, s, e):
        if _in_spans(a + 1, quotes) or any(x <= a < y for x, y in skip):
            continue
        for x, _y in ctx.tables:
            if a < x < b:  # a sentence runs up to a task table, not into it
                b = x
        f = _find(ctx, a, b, strict=True, subject=False)
        if not f.directive or not f.leads:
            f = _subject_directive(ctx, a, b)
        if not f.directive or not f.leads:
            continue
        if _issuer_only(ctx, f.leads):
            continue
        n += 1
        out.add(_task(ctx, f"{prefix}p{n}", a, b, "sentence", parent, _assignees(ctx, f, None, inferred=False)))
    return n


def _issuer_only(ctx: _Ctx, names: list[_Name]) -> bool:
    if not ctx.issuer:
        return False
    ik = fold_key(ctx.issuer).split()
    return all(fold_key(n.text).split() == ik for n in names)


# ---------------------------------------------------------------------------
# task tables: "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn" rows
#
# The PDF and DOCX readers write each table row as one line, cells joined with " | ";
# text files carry the same shape (or markdown "| a | b |" rows). A header row whose
# cells name a content column and a lead or deadline column (``table_columns`` in
# rules/assignment.yaml) opens a task table; each numbered row below it is a task.

_ROW_NUM = regex.compile(r"\(?0*(\d{1,3})((?:\s*\.\s*0*\d{1,3}){0,3})\s*[.)]?")
_ROW_ROMAN = regex.compile(r"(?:PHẦN\s+|Phần\s+|MỤC\s+|Mục\s+)?([IVX]{1,5})\s*[.)/:\-]?")
_ROW_LETTER = regex.compile(r"([A-ZĐ])\s*[.)/:\-]?")
_ROW_CHILD = regex.compile(r"([a-zđ])\s*[.)]?")
_ROW_BULLET = regex.compile(r"[-–+•*]?")
_SECTION_LINE = regex.compile(
    r"[ \t*_]*(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?(?:[IVX]{1,5}|[A-ZĐ])\s*[.)/:\-]\s*\S"
)
_MD_RULE = regex.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_UPPER_TEXT = regex.compile(r"[^\p{Ll}]*\p{Lu}[^\p{Ll}]*")  # letters, and none of them lower case


@dataclass
class _Row:
    kind: str  # row | child | section
    label: str
    cells: list[tuple[int, int]]
    id: str = ""
    section: str | None = None
    more: list[tuple[int, int, int]] = field(default_factory=list)  # (column, start, end): continuation rows

    def pieces(self, col: int) -> list[tuple[int, int]]:
        return [c for c in [self.cells[col], *((s, e) for q, s, e in self.more if q == col)] if c[1] > c[0]]


@dataclass
class _Table:
    start: int
    end: int
    roles: list[str | None]
    rows: list[_Row] = field(default_factory=list)

    def col(self, role: str) -> list[int]:
        return [k for k, r in enumerate(self.roles) if r == role]


def _cells(text: str, a: int, b: int, md: bool = False) -> list[tuple[int, int]]:
    """Stripped cell spans of the row ``text[a:b]`` (``md``: a markdown row, its edge pipes dropped)."""
    out: list[tuple[int, int]] = []
    pos = a
    while True:
        k = text.find("|", pos, b)
        s, e = pos, b if k == -1 else k
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
        if k == -1:
            break
        pos = k + 1
    if md and len(out) > 2:
        raw = text[a:b].strip()
        if raw.startswith("|"):
            out = out[1:]
        if raw.endswith("|"):
            out = out[:-1]
    return out


def _markdown(text: str, a: int, b: int) -> bool:
    raw = text[a:b].strip()
    return raw.startswith("|") and raw.endswith("|")


def _column_role(cell: str) -> str | None:
    """The role a header cell names: that of the longest ``table_columns`` phrase inside it."""
    words = fold_key(cell).replace("/", " ").split()
    for phrase, role in vocab().columns:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                return role
    return None


def _header_roles(text: str, cells: list[tuple[int, int]]) -> list[str | None] | None:
    if len(cells) < 3 or any(e - s > 80 for s, e in cells):
        return None
    roles = [_column_role(text[s:e]) for s, e in cells]
    known = sum(r is not None for r in roles)
    if "content" not in roles or not ("lead" in roles or "deadline" in roles) or known * 2 < len(roles):
        return None
    if roles.count("content") > 1:  # "Nhóm nhiệm vụ | Nhiệm vụ cụ thể": the first is the content
        first = roles.index("content")
        roles = [r if r != "content" or k == first else None for k, r in enumerate(roles)]
    return roles


def _sub_header(text: str, cells: list[tuple[int, int]], roles: list[str | None]) -> list[str | None] | None:
    """A second header row ("| | Chủ trì | Phối hợp | |") refining the first; the merged roles."""
    sub = [_column_role(text[s:e]) if e > s else None for s, e in cells]
    if not any(sub) or any(e > s and r is None for (s, e), r in zip(cells, sub, strict=True)):
        return None
    if len(sub) == len(roles):
        return [b or a for a, b in zip(roles, sub, strict=True)]
    # a merged header cell ("Cơ quan thực hiện") over the sub-header's cells (DOCX writes it once)
    for k, r in enumerate(roles):
        if r in ("lead", None) and len(roles) - 1 + len(sub) > len(roles):
            return roles[:k] + sub + roles[k + 1 :]
    return None


def _row_label(cell: str) -> tuple[str, str] | None:
    """(kind, label) of a row's number cell: ``1.`` / ``1.2`` rows, ``II`` / ``A`` sections, ``a)`` children."""
    c = cell.strip()
    m = _ROW_NUM.fullmatch(c)
    if m:
        parts = [m.group(1)] + [p.strip().lstrip("0") or "0" for p in m.group(2).split(".")[1:]]
        return "row", ".".join(str(int(p)) for p in parts)
    m = _ROW_ROMAN.fullmatch(c)
    if m and m.group(1) in _ROMAN:
        return "section", m.group(1)
    m = _ROW_LETTER.fullmatch(c)
    if m:
        return "section", m.group(1)
    m = _ROW_CHILD.fullmatch(c)
    if m:
        return "child", m.group(1)
    if _ROW_BULLET.fullmatch(c):
        return "bullet", ""
    return None


def _opens_row(text: str, a: int, b: int) -> bool:
    """The line ``text[a:b]`` starts a new row or a section (so it does not continue a cell)."""
    raw = text[a:b]
    if raw.lstrip().startswith("|") or _SECTION_LINE.match(raw):
        return True
    k = raw.find("|")
    if k == -1:
        return False
    lab = _row_label(raw[:k])
    return lab is not None and lab[0] != "bullet"


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        e = end if nl == -1 else nl
        out.append((pos, e))
        pos = e + 1
    return out


def _find_tables(text: str, start: int, end: int) -> list[_Table]:
    """Every task table in ``text[start:end]``."""
    if text.find("|", start, end) == -1:
        return []
    lines = _lines(text, start, end)
    out: list[_Table] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        if text.find("|", a, b) != -1:
            md = _markdown(text, a, b)
            roles = _header_roles(text, _cells(text, a, b, md))
            if roles is not None:
                table, nxt = _read_table(text, lines, i, roles, md)
                if table.rows:
                    out.append(table)
                    i = nxt
                    continue
        i += 1
    return out


def _read_table(
    text: str, lines: list[tuple[int, int]], i: int, roles: list[str | None], md: bool
) -> tuple[_Table, int]:
    """Rows below the header ``lines[i]``; the table and the index of the first line after it."""
    table = _Table(lines[i][0], lines[i][1], roles)
    last = i
    j = i + 1
    # a second header row
    while j < len(lines) and not text[lines[j][0] : lines[j][1]].strip():
        j += 1
    if j < len(lines) and text.find("|", *lines[j]) != -1:
        sub = _sub_header(text, _cells(text, *lines[j], md), roles)
        if sub is not None:
            table.roles = roles = sub
            last = j
            j += 1
    n = len(roles)
    id_col = roles.index("id") if "id" in roles else None
    content = roles.index("content")
    others = [k for k, r in enumerate(roles) if r in ("lead", "support", "deadline")]
    section: str | None = None
    blank = False
    while j < len(lines):
        a, b = lines[j]
        raw = text[a:b]
        if not raw.strip():
            blank = True
            j += 1
            continue
        if _MD_RULE.fullmatch(raw):
            last = j
            j += 1
            continue
        if text.find("|", a, b) != -1:
            cells = _cells(text, a, b, md)
            k = j
            if len(cells) < n:  # a row spilling over the next lines
                kk = j
                cc = cells
                while len(cc) < n and kk + 1 < len(lines):
                    na, nb = lines[kk + 1]
                    if not text[na:nb].strip() or _opens_row(text, na, nb):
                        break
                    kk += 1
                    cc = _cells(text, a, lines[kk][1], md)
                if len(cc) == n:
                    cells, k = cc, kk
            if len(cells) > n:
                if all(s == e for s, e in cells[n:]):
                    cells = cells[:n]
                else:  # a "|" inside the last cell
                    cells = cells[: n - 1] + [(cells[n - 1][0], cells[-1][1])]
            if len(cells) < n:
                cells = cells + [(cells[-1][1], cells[-1][1])] * (n - len(cells))
                short = True
            else:
                short = False
            if [_column_role(text[s:e]) for s, e in cells] == roles:  # the header again (a new page)
                last, j, blank = k, k + 1, False
                continue
            row = _classify_row(text, cells, id_col, content, others)
            if row is None:
                break
            if short:  # cells missing (merged in the source): only the number and the content are sure
                row.cells = [c if q in (id_col, content) else (c[1], c[1]) for q, c in enumerate(row.cells)]
            if row.kind == "cont":  # a row without a number carrying on the one above (cut by a page)
                if table.rows:
                    table.rows[-1].more.extend((q, s, e) for q, (s, e) in enumerate(row.cells) if e > s)
            elif row.kind == "section":
                section = row.label
            else:
                row.section = section
                table.rows.append(row)
            last, j, blank = k, k + 1, False
            continue
        # a line without cells: a section heading or a cell's continuation, if the table goes on
        nxt = j + 1
        while nxt < len(lines) and not text[lines[nxt][0] : lines[nxt][1]].strip():
            nxt += 1
        if nxt >= len(lines) or text.find("|", *lines[nxt]) == -1:
            break
        m = _SECTION_LINE.match(raw)
        if m or _UPPER_TEXT.fullmatch(raw.strip()):
            lab = regex.match(r"[ \t*_]*(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?([IVX]{1,5}|[A-ZĐ])\s*[.)/:\-]", raw) if m else None
            section = lab.group(1) if lab else f"S{sum(1 for _ in table.rows) + 1}"
        elif table.rows and not blank:
            prev = table.rows[-1]
            s, _ = prev.cells[-1]
            prev.cells[-1] = (s if prev.cells[-1][1] > s else a, b)
        else:
            break
        last, j, blank = j, j + 1, False
    table.end = lines[last][1]
    _row_ids(table)
    return table, last + 1


def _classify_row(
    text: str, cells: list[tuple[int, int]], id_col: int | None, content: int, others: list[int]
) -> _Row | None:
    has_content = cells[content][1] > cells[content][0]
    filled = [k for k in others if cells[k][1] > cells[k][0]]
    if id_col is None:
        if not has_content:
            return None
        c = text[cells[content][0] : cells[content][1]]
        if not filled:
            lab = _row_label(c.split(" ", 1)[0]) if _UPPER_TEXT.fullmatch(c) else None
            if lab is not None and lab[0] == "section":
                return _Row("section", lab[1], cells)
            return _Row("section", "", cells) if _UPPER_TEXT.fullmatch(c) else _Row("cont", "", cells)
        return _Row("row", "", cells)
    lab = _row_label(text[cells[id_col][0] : cells[id_col][1]])
    if lab is None:
        return None
    kind, label = lab
    if kind == "section":
        return _Row("section", label, cells)
    if kind == "bullet":
        if not has_content:
            return _Row("cont", "", cells) if filled else None
        if not filled:
            c = text[cells[content][0] : cells[content][1]]
            return _Row("section", "", cells) if _UPPER_TEXT.fullmatch(c) else _Row("cont", "", cells)
        return _Row("child", "", cells)
    if not has_content:
        return None
    return _Row("row" if kind == "row" else "child", label, cells)


def _row_ids(table: _Table) -> None:
    """Ids from the number cells: ``1``, ``1.2``; children ``1.a`` / ``1.1``; numbered from 1 without
    a number column; qualified by their section (``II.1``) when the numbering restarts in each section."""
    last_num = ""
    seq = 0
    kids = 0
    for r in table.rows:
        if r.kind == "row":
            if not r.label:
                seq += 1
                r.label = str(seq)
            r.id = r.label
            last_num = r.label
            kids = 0
        else:
            kids += 1
            r.id = f"{last_num}.{r.label or kids}" if last_num else (r.label or str(kids))
    seen: dict[str, str | None] = {}
    restart = False
    for r in table.rows:
        if r.id in seen and seen[r.id] != r.section:
            restart = True
        seen.setdefault(r.id, r.section)
    if restart:
        for r in table.rows:
            if r.section:
                r.id = f"{r.section}.{r.id}"


def _cell(ctx: _Ctx, span: tuple[int, int]) -> str:
    return _clean(ctx.text[span[0] : span[1]])


def _cell_names(ctx: _Ctx, s: int, e: int) -> list[_Name]:
    """The bodies a lead/support cell lists: "Bộ Y tế, Sở Tài chính; các cơ quan liên quan"."""
    if e <= s:
        return []
    sc = ctx.scanner
    toks = ctx.tokens(s, e)
    parts: list[tuple[int, int]] = []
    a = 0
    seg = 0  # first token after the last comma
    k = 0
    while k < len(toks):
        n = sc.alias_len(toks, k)
        if n:
            k += n
            continue
        t = toks[k]
        nxt = k + 1
        cut = False
        if t.text == ";" or (t.text == "," and nxt < len(toks) and toks[nxt].word):
            if t.text == ";":
                cut = True
            else:
                w = toks[nxt]
                collective = w.key in ("cac", "nhung") and sc.is_head(toks, nxt) > 0
                proper = w.upper and sc.is_head(toks, nxt) > 0 and not sc._bare_title(toks, a, k)
                # "cơ sở khám bệnh, chữa bệnh, cơ quan …": a new lower-case body after a name of
                # two words or more (not inside a collective list "các bộ, ngành, cơ quan")
                named = (
                    sc.is_head(toks, nxt) > 0
                    and k - seg >= 2
                    and toks[a].key not in ("cac", "nhung")
                    and not _vague(_clean(ctx.text[toks[a].start : toks[k - 1].end]))
                    and not sc._bare_title(toks, a, k)
                )
                cut = collective or proper or named
        elif t.word and t.key == "va" and nxt < len(toks) and k > a and sc.is_head(toks, nxt):
            cut = toks[nxt].upper or toks[nxt].key in ("cac", "nhung")
        if cut:
            parts.append((a, k))
            a = nxt
        if t.text in (",", ";"):
            seg = nxt
        k += 1
    parts.append((a, len(toks)))
    out: list[_Name] = []
    for x, y in parts:
        while x < y and not toks[x].word:
            x += 1
        while y > x and not toks[y - 1].word:
            y -= 1
        if y <= x:
            continue
        y = _name_end(sc, toks, x, y)
        out.append(sc.name(toks, x, y))
    return out


def _name_end(sc: _Scanner, toks: list[_Tok], x: int, y: int) -> int:
    """Where a name in a cell ends: before a predicate ("Sở Y tế đối với địa phương") or before
    "trình <body>" ("Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp")."""
    v = sc.v
    j = x + 1
    while j < y:
        n = sc.alias_len(toks, j)
        if n:
            j += n
            continue
        c = _match_at(toks, j, v.continuations, v.max_len)
        if c:
            j += c
            continue
        t = toks[j]
        if t.word and t.lower:
            if sc.predicate_at(toks, j):
                return j
            if t.key in v.cell_stops and j + 1 < y and toks[j - 1].key != "cong" and (
                toks[j + 1].key == "cap" or sc.is_head(toks, j + 1)
            ):
                return j
        j += 1
    return y


@cache
def _column_policy() -> Any:
    from ._deadlines import Policy

    # in a deadline column a bare year is due at its end and "Thường xuyên" is the schedule
    return Policy(weak_continuous=True, year_dates=True)


def _column_deadline(ctx: _Ctx, s: int, e: int) -> Deadline | None:
    """The deadline a deadline-column cell gives: "Quý I/2029", "Tháng 6/2026", "2026", "Hằng năm",
    "Thường xuyên", "30/6/2026", "Từ quý III/2026 đến quý III/2030" (due at the range's end)."""
    if e <= s:
        return None
    try:
        from ._deadlines import find_deadline
    except ImportError:  # pragma: no cover - the deadline grammar is optional
        return None
    cell = ctx.text[s:e]
    k = 0
    m = regex.search(r"(?:\bđến\b|\btới\b|\s[-–]\s*|(?<=\d)[-–](?=\s*(?:\d{4}|[Qq]uý|[Tt]háng)))\s*(?=\S)", cell, regex.I)
    if m and regex.search(r"\d", cell[m.end() :]):
        k = m.end()  # "2026-2030", "Từ quý III/2026 đến quý III/2030": the end of the range
    piece = cell[k:]
    if regex.fullmatch(r"\s*\d{4}\s*", piece):
        prefix = "Thời hạn: năm "
    elif regex.fullmatch(r"\s*\d{1,2}\s*/\s*\d{4}\s*", piece):
        prefix = "Thời hạn: tháng "
    elif regex.match(r"\s*(?:ngày\s*)?\d{1,2}\s*/\s*\d{1,2}\b", piece, regex.I):
        prefix = "Hạn cuối: "
    else:
        prefix = "Thời hạn: "
    base = s + k
    try:
        dl = find_deadline(prefix + piece, doc_date=ctx.doc_date, offset=base - len(prefix), policy=_column_policy())
    except (AttributeError, ValueError, TypeError):  # pragma: no cover - a deadline never breaks a task
        return None
    if dl is None:
        return None
    ds = max(base, dl.start if dl.start is not None else base)
    de = min(e, dl.end if dl.end is not None else e)
    if de <= ds:
        ds, de = base, e
    dl.start, dl.end, dl.text = ds, de, ctx.text[ds:de]
    return dl


def _table_tasks(ctx: _Ctx, table: _Table, out: _Emit, *, prefix: str, root_parent: str | None, ordinal: int) -> int:
    """Emit a task per row of ``table``; returns how many top-level rows came out."""
    ids = {r.id for r in table.rows}
    if any(prefix + i in out.ids for i in ids):
        prefix = f"{prefix}B{ordinal}."
    content = table.roles.index("content")
    leads, supports, deadlines = table.col("lead"), table.col("support"), table.col("deadline")
    top = 0
    for r in table.rows:
        body = r.pieces(content)
        if not body:
            continue
        cs, ce = body[0]
        names: list[_Name] = []
        for q in leads:
            for piece in r.pieces(q):
                names.extend(_cell_names(ctx, *piece))
        support: list[_Name] = []
        for q in supports:
            for piece in r.pieces(q):
                support.extend(_cell_names(ctx, *piece))
        if leads or supports:
            found = _Found(leads=_expand(ctx, names), support=[n for n in _expand(ctx, support) if not _vague(n.text)])
        else:  # no body columns: read the content as an item
            found = _find(ctx, cs, ce, strict=False)
        dl = None
        for piece in (p for q in deadlines for p in r.pieces(q)):
            dl = _column_deadline(ctx, *piece)
            if dl is not None:
                break
        if dl is None and not deadlines:
            dl = _deadline(ctx, ctx.text[cs:ce], cs)
        pid = r.id.rsplit(".", 1)[0] if "." in r.id else None
        parent = prefix + pid if pid is not None and pid in ids else root_parent
        top += parent is None
        out.add(
            Task(
                id=prefix + r.id,
                text=_clean(" ".join(ctx.text[a:b] for a, b in body)),
                parent=parent,
                start=cs,
                end=ce,
                assignees=_assignees(ctx, found, None, inferred=False),
                deadline=dl,
                kind="row",
            )
        )
    return top


# ---------------------------------------------------------------------------
# the pipeline step


def _body_span(doc: Document) -> tuple[int, int]:
    text = doc.text
    seg = doc.segments
    start, end = 0, len(text)
    if seg is not None and seg.body is not None:
        start, end = seg.body.start, seg.body.end
        if seg.noi_nhan is not None and start < seg.noi_nhan.start < end:
            end = seg.noi_nhan.start
        appendix = getattr(seg, "appendix", None)
        if appendix is not None and start < appendix.start < end:
            end = appendix.start
        return start, end
    folded = doc.folded if len(doc.folded) == len(text) else fold(text)
    m = regex.search(r"^[ \t*_]*k[iy]nh\s*gui\b.*$", folded, regex.M)
    if m:
        start = m.end()
    n = regex.search(r"^[ \t*_]*noi\s*nhan\b", folded[start:], regex.M)
    if n:
        end = start + n.start()
    return start, end


_ANNEX_OF = regex.compile(r"(?:ban\s+hành\s+)?kèm\s+theo\s+(?:Quyết\s+định|Chỉ\s+thị|Nghị\s+quyết)\s+này", regex.I)


def extract_tasks(doc: Document) -> None:
    """Pipeline step: fill ``doc.tasks`` (numbered items, directive sentences, execution articles)."""
    if not doc.text:
        return
    ctx = _context(doc)
    out = _Emit()
    start, end = _body_span(doc)
    seg = doc.segments
    appendix = getattr(seg, "appendix", None) if seg is not None else None
    if appendix is not None and appendix.end <= appendix.start:
        appendix = None
    tables = _find_tables(ctx.text, start, end)
    a_tables = _find_tables(ctx.text, appendix.start, appendix.end) if appendix is not None else []
    ctx.tables = [(t.start, t.end) for t in tables + a_tables]
    ctx.cover(start, max(end, appendix.end) if appendix is not None else end)
    items = _parse_items(ctx.text, start, end, ctx.tables)
    top = _walk(ctx, items, out, root_parent=None, id_prefix="", default=ctx.to, region_end=end)
    for k, table in enumerate(tables, start=1):
        top += _table_tasks(ctx, table, out, prefix="", root_parent=None, ordinal=k)
    has_articles = any(it.style == "article" for it in items)
    if top == 0 and not has_articles:
        skip = [(it.start, it.end) for it in items if not it.quoted]
        _sentence_tasks(ctx, start, end, out, parent=None, prefix="", skip=[])
        del skip
    elif items:
        # directive paragraphs inside roman sections that have no directive items of their own
        for sec in (it for it in items if it.style == "roman" and not it.quoted):
            if any(t.id.startswith(f"{sec.label}.") for t in out.tasks):
                continue
            s = sec.content
            nxt = [x.start for x in items if x.start > sec.start and x.style == "roman"]
            e = nxt[0] if nxt else end
            kids = [(c.start, c.end) for c in items if sec.start < c.start < e]
            _sentence_tasks(ctx, s, e, out, parent=sec.label, prefix=f"{sec.label}.", skip=kids)
    # a plan or regulation issued with a quyết định: its items are children of the issuing article
    if appendix is not None:
        art = next((it for it in items if it.style == "article" and _ANNEX_OF.search(ctx.text, it.content, it.end)), None)
        parent = f"Điều {art.label}" if art is not None else "PL"
        a_items = _parse_items(ctx.text, appendix.start, appendix.end, ctx.tables)
        _walk(ctx, a_items, out, root_parent=parent, id_prefix="PL.", default=[], region_end=appendix.end)
        for k, table in enumerate(a_tables, start=len(tables) + 1):
            _table_tasks(ctx, table, out, prefix="PL.", root_parent=parent, ordinal=k)
    _adopt_orphans(ctx, items, out)
    doc.tasks = out.tasks


def _adopt_orphans(ctx: _Ctx, items: list[_Item], out: _Emit) -> None:
    """A child task never stands without its parent: an article whose clauses oblige ("Điều 2. Điều
    khoản thi hành: … 2. Thủ trưởng … chịu trách nhiệm …") becomes the parent task, with its
    children's bodies (not a duties article, whose items stay under their heading)."""
    articles = {f"Điều {it.label}": it for it in items if it.style == "article" and not it.quoted}
    for t in list(out.tasks):
        if t.parent is None or t.parent in out.ids or t.id.startswith("PL."):
            continue
        art = articles.get(t.parent)
        if art is not None and _duty_title(ctx, art):
            continue  # "Điều 2. Nhiệm vụ của Ban Chỉ đạo: 1. …": the duties stay under their heading
        if art is None:
            continue  # a roman section ("III.p1" under "III") is a heading, not a missing task
        kids = [c for c in out.tasks if c.parent == t.parent]
        names: list[Assignee] = []
        seen: set[str] = set()
        for c in kids:
            for a in c.assignees:
                if fold_key(a.name) not in seen:
                    seen.add(fold_key(a.name))
                    names.append(a)
        s, e = _own_span(ctx, art)
        parent = _task(ctx, t.parent, s, e, "article", None, names)
        parent.deadline = None
        out.ids.add(parent.id)
        out.tasks.insert(out.tasks.index(t), parent)


__all__ = ["extract_tasks", "vocab"]

