"""Rule data of the task step: ``rules/assignment.yaml`` (frames, heads, titles, verbs, openers,
table columns, statement sections …) and the agency registry's names, loaded once into a :class:`_Vocab`
of word-sequence tables (:class:`_Phrases`) and folded patterns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from .._agencies import registry
from .._normalise import fold_key
from .._rules import load


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
    head_toneless: frozenset[str]
    not_bodies: _Phrases
    name_stops: _Phrases
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
    # "Hiệu lực thi hành": a section of an execution article that states when the text applies, naming no body
    effect: tuple[str, ...] = ()
    # registry abbreviations that are also words ("ĐU" folds like "Du" of "Du lịch"): heads only in capitals
    caps_heads: frozenset[tuple[str, ...]] = frozenset()
    # a one-word head glued to the word before it is part of a compound noun ("nhiệm vụ", "hồ sơ", "văn bản")
    head_compounds: dict[str, frozenset[str]] = field(default_factory=dict)
    # an item that opens with one of these is no duty: it amends a text ("Sửa đổi khoản 2 Điều 7 như sau:")
    amendments: regex.Pattern[str] | None = None
    # lower-case words that open a relative phrase after a body's name ("… do Tổng giám đốc quyết định")
    relative_words: frozenset[str] = frozenset()
    # "Trường hợp …, X có trách nhiệm …": words that open a condition before a duty's own subject
    conditions: _Phrases = field(default_factory=_Phrases)
    # "Báo cáo tình hình tài chính Mẫu số B01a - DNN": an item that only names a form is no duty
    form_title: regex.Pattern[str] | None = None
    # "I. MỤC ĐÍCH, YÊU CẦU", "Điều 3. Giải thích từ ngữ": a heading whose items state goals, scope or definitions
    statement_section: regex.Pattern[str] | None = None
    # "các từ ngữ dưới đây được hiểu như sau:": the lead-in of a definition list
    definition_leadin: regex.Pattern[str] | None = None
    # "Báo cáo tình hình tài chính năm 2025", "Báo cáo bắt buộc:": a report's name, not the verb
    report_noun: regex.Pattern[str] | None = None
    report_sends: regex.Pattern[str] | None = None
    # "Trả lời công văn số … của Công ty …", "… nhận được công văn số … hỏi về …": a letter answering an enquiry
    answer_letter: regex.Pattern[str] | None = None
    # "… thực hiện các hành vi vi phạm pháp luật về thuế:": the lead-in of a list of acts, signs or criteria;
    # ``member_directs``: words that make such a list a list of duties ("Nghiêm cấm các hành vi sau:")
    member_leadin: regex.Pattern[str] | None = None
    member_directs: regex.Pattern[str] | None = None
    # the genre of an annex by its title's first words: "descriptive" (criteria, job descriptions, summaries of
    # new points, forms: no item of it is a task) or "normative" (guidelines, regulations: only items naming a
    # body oblige); folded title line → genre
    annex_genre: regex.Pattern[str] | None = None
    # the tail of a lead-in after the bodies it names, when it hands its list out ("… thực hiện một số giải pháp
    # sau:", or just ":"); folded
    work_leadin: regex.Pattern[str] | None = None
    # "Mẫu số 01" on a line of its own: a form starts there (folded, whole line)
    form_heading: regex.Pattern[str] | None = None
    # "DỰ THẢO" / "Dự thảo lần 2" on a line of its own: a draft starts there (folded, whole line)
    draft_mark: regex.Pattern[str] | None = None
    # "Họ và tên: ………", "(Ký, ghi rõ họ tên)": the fill-in marks of a form (folded, searched)
    form_field: regex.Pattern[str] | None = None
    # "… có các quyền sau đây:", "Nhiệm vụ, quyền hạn của X:": a clause that grants powers (folded, first line)
    competence_leadin: regex.Pattern[str] | None = None
    # document types that propose rather than decide (a tờ trình): what they propose obliges nobody yet
    proposal_types: frozenset[str] = frozenset()
    # the words of a closing request that only restates its list ("… nghiêm túc triển khai thực hiện./."); folded
    closing_restates: frozenset[str] = frozenset()

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
        head_toneless=frozenset(fold_key(str(w)) for w in m.get("head_toneless") or []),
        not_bodies=_Phrases(_tuples(m.get("not_bodies") or [])),
        name_stops=_Phrases(_tuples(m.get("name_stops") or [])),
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
        effect=tuple(" ".join(fold_key(str(w)).split()) for w in m.get("effect_titles") or []),
        caps_heads=frozenset(caps_heads),
        head_compounds={
            fold_key(str(k)): frozenset(fold_key(str(w)) for w in v)
            for k, v in (m.get("head_compounds") or {}).items()
        },
        amendments=_amendment_pattern(m.get("amendments") or {}),
        form_title=_form_title_pattern(m.get("form_words") or []),
        relative_words=frozenset(str(w) for w in m.get("relative_words") or []),
        conditions=_Phrases(_tuples(m.get("conditions") or [])),
        annex_genre=_annex_pattern(m.get("annex_genres") or {}),
        proposal_types=frozenset(str(w) for w in m.get("proposal_types") or []),
        closing_restates=frozenset(w for x in m.get("closing_restates") or [] for w in fold_key(str(x)).split()),
        **_statement_patterns(m),
    )


def _annex_pattern(spec: dict[str, Any]) -> regex.Pattern[str] | None:
    """A folded title line opening with a genre's words; the named group says which genre."""
    alts = [f"(?P<{g}>{_alt(words)})" for g, words in spec.items() if words and g in ("descriptive", "normative")]
    return regex.compile(rf"\W*(?:{'|'.join(alts)})\b") if alts else None


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
    mem = m.get("member_lists") or {}
    if mem.get("nouns"):
        out["member_leadin"] = regex.compile(rf"\b(?:{_alt(mem['nouns'])})\b[^.:;]{{0,120}}:\s*$")
    if mem.get("directs"):
        out["member_directs"] = regex.compile(rf"\b(?:{_alt(mem['directs'])})\b")
    wl = m.get("work_leadins") or {}
    if wl.get("work"):
        no_note = rf"(?![^.;:]*\b(?:{_alt(wl['notes'])})\b)" if wl.get("notes") else ""
        # the list named as work right before its colon: "một số giải pháp (trọng tâm) sau (đây):"
        named = rf"\b(?:{_alt(wl['work'])})\b(?:\s+[^\s.;:]+){{0,4}}?\s+(?:sau\s+day|nhu\s+sau|sau)\s*"
        out["work_leadin"] = regex.compile(rf"\W*(?:{no_note}[^.;:]*{named})?:\s*$")
    answers = [str(p) for p in (m.get("answer_letters") or {}).get("patterns") or []]
    if answers:
        out["answer_letter"] = regex.compile("|".join(f"(?:{p})" for p in answers), regex.M)
    for key, attr in (("form_headings", "form_heading"), ("draft_marks", "draft_mark"), ("form_fields", "form_field"),
                      ("competence_leadins", "competence_leadin")):
        pats = [str(p) for p in (m.get(key) or {}).get("patterns") or []]
        if pats:
            out[attr] = regex.compile("|".join(f"(?:{p})" for p in pats))
    return out


def _form_title_pattern(words: list[Any]) -> regex.Pattern[str] | None:
    """A whole item (folded) that is a title followed by its form's code, with no "theo" (by) before it:
    "Báo cáo kết quả hoạt động kinh doanh Mẫu số B02 - DNN" lists a form; "Báo cáo kết quả theo Mẫu số 01"
    asks for a report."""
    alt = _alt(words)
    if not alt:
        return None
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

    alt = _alt
    return regex.compile(
        rf"\s*(?:{alt(verbs)})(?:\s*,\s*(?:{alt(verbs)}))*\s+(?:(?:mot\s+so|cac|toan\s+bo)\s+)?(?:{alt(objects)})\b"
        rf"[^:;\n]{{0,240}}?(?:{alt(formulas)})"
    )


def _columns(table: dict[str, Any]) -> tuple[tuple[tuple[str, ...], str], ...]:
    pairs = [(phrase, str(role)) for role, words in table.items() for phrase in _tuples(words or [])]
    return tuple(sorted(pairs, key=lambda x: -len(x[0])))
