"""Emitting tasks: walking the item tree (:func:`_walk`: ids, strictness, inheritance of
assignees from headings, lead-ins and addressees), the directive sentences of a letter without
numbered items (:func:`_sentence_tasks`), a task's assignees and deadline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from .._deadlines import document_policy, find_deadline, list_deadline, with_cycle
from .._model import Assignee, Deadline, Task
from .._normalise import fold_key
from ._context import _Ctx, _issuer_only
from ._frames import _find, _Found, _is_opener, _starts_imperative, _subject_directive
from ._items import _BULLETS, _ancestors, _bullet_no, _in_spans, _Item, _quote_spans, _skip_tree
from ._names import _clean, _Name
from ._sections import (
    _DUTIES,
    _DUTY_COLON,
    _HEADING_RIGHTS,
    _defines,
    _duty_heading,
    _duty_heading_text,
    _duty_subject,
    _duty_title,
    _effect_title,
    _find_after_cua,
    _form_field,
    _grants_powers,
    _implementation_title,
    _no_duty,
    _one_line,
    _own_span,
    _report_name,
    _statement_heading,
    _under_statement_line,
)
from ._tokens import _match_at
from ._vocab import vocab


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


_COMPETENCE = regex.compile(r"\s*thẩm\s+quyền\b(?![^\n]{0,80}\b(?:trách\s+nhiệm|nhiệm\s+vụ)\b)", regex.I)


def _competence_title(ctx: _Ctx, s: int, e: int) -> bool:
    """ "Điều 19. Thẩm quyền xử phạt của Cục trưởng …": an article that grants a power obliges no one."""
    return _COMPETENCE.match(ctx.text, s, min(e, s + 200)) is not None


def _execution_formula(ctx: _Ctx, s: int, e: int) -> bool:
    """``text[s:e]`` holds the execution formula of a legal text ("… chịu trách nhiệm thi hành …")."""
    return any(p.search(ctx.folded, s, e) for p in vocab().frame("thi-hanh").patterns)


def _trim_closing(ctx: _Ctx, s: int, e: int, *, top_level: bool) -> tuple[int, int | None]:
    """Cut a closing off the last item: a closing formula ("Đây là nhiệm vụ trọng tâm …", "… triển khai
    thực hiện./."), the execution formula ("Các Bộ trưởng, … chịu trách nhiệm thi hành Nghị định này.")
    or, after a blank line below a top-level list, a request to the whole list's bodies ("Yêu cầu các
    Liên đoàn Lao động … nghiêm túc thực hiện và báo cáo tình hình vào ngày 10 hàng tháng …"). Returns the
    item's end and where a closing that obliges starts (the formula, the request: its own task or, in an
    article, the article's), else None."""
    text = ctx.text
    pos = s
    v = vocab()
    while True:
        nl = text.find("\n", pos, e)
        if nl == -1:
            return e, None
        before = text[s:nl].rstrip()
        nxt = nl + 1
        while nxt < e and text[nxt] in " \t\n":
            nxt += 1
        if nxt >= e:
            return e, None
        if before and before[-1] in ".!?" and text[nxt].isupper():
            toks = ctx.tokens(nxt, min(e, nxt + 200))
            para_end = text.find("\n\n", nxt, e)
            para = text[nxt : e if para_end == -1 else para_end]
            end = nl
            while end > s and text[end - 1].isspace():
                end -= 1
            if _execution_formula(ctx, nxt, e if para_end == -1 else para_end):
                return end, nxt  # "Các Bộ trưởng, … chịu trách nhiệm thi hành Nghị định này./." obliges them, not the item
            if top_level and "\n\n" in text[nl:nxt] and _closing_request(ctx, nxt, e if para_end == -1 else para_end):
                return end, nxt
            if _match_at(toks, 0, v.closings, v.max_len) or "/." in para or not _starts_imperative(toks):
                return end, None
        pos = nl + 1


_SENTENCE_STOP = regex.compile(r"[.!?](?=\s)")


def _after_opener_colon(ctx: _Ctx, s: int, e: int) -> _Found | None:
    """ "3. Đối với các Quyết định hoàn thuế đã ban hành năm 2016: Cục Thuế rà soát, lập danh sách …": an item
    that opens with a scope ("Đối với …", "Về …") and a colon directs the body that opens the clause after it
    (the subject frames of rules/assignment.yaml; a quoted provision after "… quy định:" is law)."""
    m = _FIRST_SENTENCE.search(ctx.text, s, e)
    if m is None or ctx.text[m.start()] != ":":
        return None
    c = m.start() + 1
    m2 = regex.compile(r"[.;!?](?=\s)").search(ctx.text, c, e)
    f = _subject_directive(ctx, c, m2.start() + 1 if m2 else e)
    return f if f.directive and f.leads else None


def _closing_request(ctx: _Ctx, s: int, e: int) -> bool:
    """``text[s:e]`` (a paragraph after a list's last item) opens with a request to named bodies, other than
    the issuer ("Yêu cầu các đơn vị … báo cáo …", "Đề nghị Cục Thuế … tổ chức thực hiện"), not one that only
    asks for feedback."""
    m = _SENTENCE_STOP.search(ctx.text, s, e)  # not at ";": "Yêu cầu các Liên đoàn …; Công đoàn ngành …"
    e1 = m.start() + 1 if m else e
    f = _find(ctx, s, e1, strict=True, subject=False)
    if not f.directive or not f.leads or _issuer_only(ctx, f.leads):
        return False
    if min(n.start for n in f.leads) - s >= 40:
        return False  # the request must open the paragraph
    # "… yêu cầu các phòng, đơn vị nghiêm túc triển khai thực hiện./." restates the list: nothing of its own
    words = set(vocab().closing_restates)
    rest = ctx.folded[max(n.end for n in f.leads) : e1]
    return any(w not in words for w in regex.findall(r"\w{2,}", rest))  # not OCR debris ("thực hiện.&f⁄")


def _deadline(ctx: _Ctx, text: str, offset: int) -> Deadline | None:
    try:
        # a normative text's bare limits count from an event and its year-less days recur yearly
        policy = document_policy(ctx.doc.doc_type, ctx.doc.number.year if ctx.doc.number else None)
        return find_deadline(text, doc_date=ctx.doc_date, offset=offset, policy=policy)
    except (AttributeError, ValueError, TypeError):  # pragma: no cover - a deadline never breaks a task
        return None


def _task(
    ctx: _Ctx,
    tid: str,
    s: int,
    e: int,
    kind: str,
    parent: str | None,
    assignees: list[Assignee],
    inherited: Deadline | None = None,
) -> Task:
    """A task over ``text[s:e]``; its deadline is the one its own text sets, read inside the yearly cycle of
    ``inherited`` (the deadline stated for the whole list it belongs to) when it names a day without a
    year, else ``inherited`` itself (marked ``inherited``): :func:`docintel._deadlines.with_cycle`."""
    raw = ctx.text[s:e]
    # its own day-month inside the list's yearly cycle ("Định kỳ hằng năm, các Sở: a) … trước ngày 15/12")
    dl = with_cycle(_deadline(ctx, raw, s), inherited)
    return Task(
        id=tid,
        text=_clean(raw),
        parent=parent,
        start=s,
        end=e,
        assignees=assignees,
        deadline=dl,
        kind=kind,
    )


class _ListDeadlines:
    """The deadline stated for a whole list, which its points take when they set none of their own:
    the list's lead-in ("Trong tháng 6/2026, các đơn vị thực hiện các nội dung sau:"), or a closing
    sentence after its last point ("Các nhiệm vụ trên hoàn thành trước ngày 31/12/2026"); else the
    one of the list the parent item belongs to (the nearest enclosing list wins)."""

    def __init__(self, ctx: _Ctx, items: list[_Item]) -> None:
        self.ctx = ctx
        self.top = [it for it in items if it.parent is None]
        self.memo: dict[int, Deadline | None] = {}
        self.closing: dict[int, int] = {}  # id(last point) -> where its list's closing sentence starts

    def of(self, it: _Item) -> Deadline | None:
        """The deadline ``it`` inherits (None when no enclosing list states one)."""
        sibs = it.parent.children if it.parent is not None else self.top
        if not sibs:
            return None
        key = id(sibs[0])
        if key not in self.memo:
            self.memo[key] = None  # no loop through a malformed tree
            dl = self._leadin(sibs[0]) or self._closing(sibs[-1])
            if dl is None and it.parent is not None:
                dl = self.of(it.parent)
            self.memo[key] = dl
        return self.memo[key]

    def own_end(self, it: _Item, e: int) -> int:
        """``e``, or where the closing sentence of its list starts when it lies in ``it``'s own span."""
        self.of(it)
        c = self.closing.get(id(it))
        if c is None or not it.content < c < e:
            return e
        while c > it.content and self.ctx.text[c - 1].isspace():
            c -= 1
        return c

    def _leadin(self, first: _Item) -> Deadline | None:
        if first.lead_in is None:
            return None
        text = self.ctx.text
        s, e = first.lead_in
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s or text[e - 1] != ":":
            return None  # only a lead-in that introduces the list ("… các nội dung sau:")
        cut = max(text.rfind(". ", s, e - 2), text.rfind(".\n", s, e - 2))
        s = cut + 1 if cut >= 0 else s
        return _deadline(self.ctx, text[s:e], s)

    def _closing(self, last: _Item) -> Deadline | None:
        ctx = self.ctx
        text, folded = ctx.text, ctx.folded
        hi = last.end
        pos = text.find("\n", last.content, hi)
        while pos != -1:
            a = pos + 1
            nl = text.find("\n", a, hi)
            b = hi if nl == -1 else nl
            if "tren" in folded[a : min(b, a + 120)]:
                try:
                    dl = list_deadline(text[a:b], doc_date=ctx.doc_date, offset=a)
                except (AttributeError, ValueError, TypeError):  # pragma: no cover - a deadline never breaks a task
                    dl = None
                if dl is not None:
                    while a < b and text[a].isspace():
                        a += 1
                    self.closing[id(last)] = a
                    return dl
            pos = nl
        return None


@dataclass
class _Held:
    """What an item hands down to what it holds (a task table typed under it): the bodies its points
    inherit, whether its points are read strictly, and the id of the task it became (if any)."""

    names: list[_Name]
    strict: bool
    mode: str  # "open"; "stated" (goals, principles: only a directive to a named body obliges); "closed"


def _walk(
    ctx: _Ctx,
    items: list[_Item],
    out: _Emit,
    *,
    root_parent: str | None,
    id_prefix: str,
    default: list[_Name],
    held: dict[int, _Held] | None = None,
) -> int:
    """Emit tasks for a parsed item forest; returns how many top-level directive tasks came out.
    ``held`` (if given) receives what each item hands down to a table under it (:class:`_Held`)."""
    top = 0
    last = items[-1] if items else None
    inherit: dict[int, list[_Name]] = {}
    strict_ctx: dict[int, bool] = {}
    section_of: dict[int, _Item] = {}
    ids: dict[int, str] = {}
    leadins: dict[tuple[int, int], list[_Name]] = {}
    duty_lists: set[int] = set()  # items whose children are each a duty ("X có trách nhiệm:")
    handing_out: set[int] = set()  # "Tổ chức thực hiện" headings: their clauses name who does what
    stated: set[int] = set()  # items of a goals/principles section: only a directive to a named body obliges
    closed: set[int] = set()  # rights and powers articles: their points oblige nobody
    list_deadlines = _ListDeadlines(ctx, items)
    # "1. Sở Y tế:" over its points: a heading that only names the body is the task its points belong to
    heads: dict[str, tuple[int, int, str | None, _Found]] = {}
    closing: tuple[int, int] | None = None  # a request closing the list, after its last item
    formula_of: _Item | None = None  # the article whose last clause the execution formula closes

    def parent_of(p: _Item | None) -> str | None:
        """The id a task under ``p`` names as its parent: ``p``'s own (a roman section names none)."""
        if p is not None and p.style != "roman":
            return ids[id(p)] if p.style == "article" else id_prefix + ids[id(p)]
        return root_parent

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

    handed_lists: dict[tuple[int, int], bool] = {}

    def leadin_hands_out(it: _Item) -> bool:
        """The list's lead-in hands the list out to the bodies it names ("… yêu cầu Cục Thuế các tỉnh,
        thành phố thực hiện một số giải pháp sau:"): each of its items is their task."""
        if it.lead_in is None:
            return False
        if it.lead_in not in handed_lists:
            handed_lists[it.lead_in] = _hands_out(ctx, *it.lead_in)
        return handed_lists[it.lead_in]

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
            _skip_tree(it)
            it.quoted = True
            if not _defines(ctx, it):
                stated.add(id(it))
                stated.update(id(c) for c in _descendants(it))
            if id(it) in stated and it.style != "roman":
                top += _stated_directive(ctx, it, out, ids[id(it)], id_prefix, root_parent)
            continue
        if id(it) in stated and it.style != "roman":
            top += _stated_directive(ctx, it, out, ids[id(it)], id_prefix, root_parent)
            continue
        if it.quoted or it.style == "roman":
            strict_ctx[id(it)] = strict_ctx.get(id(p), False) if p is not None else False
            if it.quoted and it.style == "article":
                strict_ctx[id(it)] = True  # a form's or quoted text's "Điều 3." reads its clauses as an article would
            if not it.quoted and _implementation_title(ctx, it):
                handing_out.add(id(it))
            continue
        s, e = _own_span(ctx, it)
        if it is last:
            in_article = any(a.style == "article" for a in _ancestors(it))
            e0 = e
            e, cut = _trim_closing(ctx, s, e, top_level=it.parent is None or it.parent.style == "roman")
            if cut is not None:
                closing = (cut, e0)
                if in_article:
                    formula_of = next(a for a in _ancestors(it) if a.style == "article")
        if it.style != "article" and it.children and _one_line(ctx, s, e):
            if (p is None or p.style in ("article", "roman")) and _implementation_title(ctx, it):
                # "Điều 5. Tổ chức thực hiện và hiệu lực thi hành / 1. Tổ chức thực hiện / a) Ban Chỉ đạo … ban hành …
                # b) Bộ Nội vụ …": a section-level heading that hands out the work; its points are read as those of
                # such an article (as strictly as the article's own clauses), and it is the task their bodies carry
                # (no imperative "Tổ chức thực hiện" of its own)
                handing_out.add(id(it))
                strict_ctx[id(it)] = strict_ctx.get(id(p), False) if p is not None else False
                inherit[id(it)] = []
                heads[id_prefix + ids[id(it)]] = (s, e, parent_of(p), _Found())
                continue
            if p is not None and (id(p) in handing_out or p.style == "article") and _effect_title(ctx, it):
                # "2. Hiệu lực thi hành / a) Nghị quyết này có hiệu lực …": the text's effect, no body's name; its
                # points oblige only a body they direct themselves
                strict_ctx[id(it)] = True
                inherit[id(it)] = []
                stated.update(id(c) for c in _descendants(it))
                continue
        toks = ctx.tokens(s, min(e, s + 400))
        parent_strict = strict_ctx.get(id(p), False) if p is not None else False
        opener = _is_opener(toks)
        in_duties = p is not None and id(p) in duty_lists
        strict = ctx.report or ctx.answer or parent_strict or opener or in_duties  # a duty's own frames only at a clause start
        if it.style == "article":
            strict = True
        found = _find(ctx, s, e, strict=strict)
        if not found.leads and p is not None and p.style == "article":
            found = _subject_directive(ctx, s, e, legal=True)  # "3. Bộ Tư pháp chủ trì, phối hợp …" in any article
        elif not found.leads and opener and not (ctx.report or ctx.answer or parent_strict or in_duties) and it.style != "article":
            found = _after_opener_colon(ctx, s, e) or found  # "3. Đối với các Quyết định …: Cục Thuế rà soát …"
        handed = p is not None and id(p) in handing_out
        if handed and not found.leads and not it.children:
            found = _duty_subject(ctx, s, e) or found  # "6. Khách hàng vay vốn có trách nhiệm …"
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
        if _form_field(ctx, s, e):
            # "Tổ chức chủ trì:…………", a template's "Điều 2. Các đồng chí: ………(4)……… chịu trách nhiệm thi hành …":
            # a form's field obliges nobody
            strict_ctx[id(it)] = True
            inherit[id(it)] = []
            continue
        if it.style != "article" and _grants_powers(ctx, it):
            # "3. Hội đồng thẩm định … có các quyền sau đây: a) Yêu cầu chủ đầu tư …": powers the law grants
            strict_ctx[id(it)] = True
            inherit[id(it)] = []
            _skip_tree(it)
            closed.add(id(it))
            continue
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
            if _HEADING_RIGHTS.search(ctx.text, s, min(e, s + 120)) or _competence_title(ctx, s, e):
                strict_ctx[id(it)] = True
                inherit[id(it)] = []
                _skip_tree(it)
                closed.add(id(it))
                continue
            if mduty and not found.leads:
                ff = _find_after_cua(ctx, mduty.end(), e)
                if ff:
                    inherit[id(it)] = ff
                    nl = ctx.text.find("\n", s, e)
                    if not it.children and nl != -1 and ctx.text[nl:e].strip() and _duty_title(ctx, it):
                        # "Điều 17. Trách nhiệm của Bộ Tài chính⏎Chủ trì, phối hợp với … bảo đảm kinh phí …":
                        # a duties article without points is itself the duty (nothing under it carries it)
                        body = _find(ctx, nl + 1, e, strict=False)
                        duty = _Found(leads=ff, support=body.support, frame=True, directive=True, duty=True)
                        out.add(_task(ctx, ids[id(it)], s, e, "article", root_parent, _assignees(ctx, duty, None, inferred=False)))
                        top += root_parent is None
                        continue
            impl = _implementation_title(ctx, it)
            if impl:
                handing_out.add(id(it))
            if impl and not it.children and not found.leads:
                # "Điều 1. Trách nhiệm thực hiện⏎Sở Y tế các tỉnh … tổng hợp …, báo cáo Bộ Y tế trước
                # ngày 30/6/2024.": an article that hands out the work, without points, is itself the
                # task of the body its text directs (there the duty formula is not needed)
                nl = ctx.text.find("\n", s, e)
                body = _subject_directive(ctx, nl + 1, e, any_body=True) if nl != -1 else _Found()
                if body.directive and body.leads and not _issuer_only(ctx, body.leads):
                    if not body.support:  # "Bộ Tư pháp chủ trì, phối hợp với Bộ Nội vụ …"
                        body.support = _find(ctx, nl + 1, e, strict=False).support
                    out.add(_task(ctx, ids[id(it)], s, e, "article", root_parent, _assignees(ctx, body, None, inferred=False)))
                    top += root_parent is None
                    continue
            strict_ctx[id(it)] = not (bool(mduty) or impl)
            if directive:
                out.add(_task(ctx, ids[id(it)], s, e, "article", root_parent, _assignees(ctx, found, None, inferred=False)))
                top += root_parent is None
                inherit[id(it)] = found.leads
            continue
        directive = found.directive or (not strict and (found.frame or imperative or bool(found.leads)))
        if in_duties:
            directive = True  # each item of "Ủy ban nhân dân cấp tỉnh có trách nhiệm: a) … b) …" is a duty
        if not directive and not colon_heading and it.style not in _BULLETS and leadin_hands_out(it):
            # "… yêu cầu Cục Thuế … thực hiện một số giải pháp sau: … 3/ Đối với 13 Cục Thuế …" (an item in
            # which the issuer states its own part, "Tổng cục Thuế thực hiện nâng cấp …", is no task of theirs)
            directive = not _issuer_acts(ctx, s, e)
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
            directive = _starts_imperative(rest_toks) or bool(rest.leads) or rest.frame
            if rest.leads:  # "2. Các Sở, ban, ngành: <paragraph naming who does what>"
                found = rest
            elif rest.support:  # "Trung tâm …: Là đầu mối cùng với Công ty … chịu trách nhiệm …"
                found.support = rest.support
            inherit[id(it)] = found.leads
        elif found.leads:
            inherit[id(it)] = found.leads
        strict_ctx[id(it)] = strict and not found.leads
        if not directive:
            if colon_heading and found.leads and it.children:
                heads[id_prefix + ids[id(it)]] = (s, e, parent_of(p), found)
            if not found.leads and not imperative and not colon_heading:
                # a heading or an explanation: its children are judged strictly unless it is neutral
                strict_ctx[id(it)] = strict or opener
            continue
        parent_id = parent_of(p)
        if id_prefix + ids[id(it)] in out.ids:
            sec = section_of.get(id(it))
            if sec is not None and not ids[id(it)].startswith(f"{sec.label}."):
                ids[id(it)] = f"{sec.label}.{ids[id(it)]}"
        tid = id_prefix + ids[id(it)]
        assignees = _assignees(ctx, found, inh, inferred=inferred)
        kind = "item"
        e = list_deadlines.own_end(it, e)  # a closing "Các nhiệm vụ trên hoàn thành trước …" is the list's
        out.add(_task(ctx, tid, s, e, kind, parent_id, assignees, inherited=list_deadlines.of(it)))
        if parent_id is None:
            top += 1
    top += _emit_heads(ctx, out, heads)
    if closing is not None and (top or formula_of is not None):
        # the list's closing request is a task of its own (without items it is read with the letter's sentences)
        a, b = closing
        para = ctx.text.find("\n\n", a, b)
        b = b if para == -1 else para
        f = _find(ctx, a, b, strict=True, subject=False)
        if formula_of is not None:
            # "Điều 5. Hiệu lực và trách nhiệm thi hành / … 5. … / Các Bộ trưởng, … chịu trách nhiệm thi hành
            # Nghị định này.": the formula is the article's, which is the task its bodies carry
            aid = ids[id(formula_of)]
            if f.leads and aid not in out.ids:
                s0, _e = _own_span(ctx, formula_of)
                t = _task(ctx, aid, s0, closing[1], "article", root_parent, _assignees(ctx, f, None, inferred=False))
                t.text = _clean(ctx.text[s0:_e] if _e > s0 else ctx.text[a:b])
                t.deadline = _deadline(ctx, ctx.text[a:b], a)  # the formula's, not the effect date before it
                at = next((k for k, x in enumerate(out.tasks) if x.parent == aid), len(out.tasks))
                out.tasks.insert(at, t)
                out.ids.add(aid)
                top += root_parent is None
        elif f.directive and f.leads and not _issuer_only(ctx, f.leads):
            k = 1 + sum(1 for t in out.tasks if regex.fullmatch(regex.escape(id_prefix) + r"p\d+", t.id))
            out.add(_task(ctx, f"{id_prefix}p{k}", a, b, "sentence", root_parent, _assignees(ctx, f, None, inferred=False)))
            top += root_parent is None
    if held is not None:
        for it in items:
            names: list[_Name] = []
            up: _Item | None = it
            while up is not None and not names:
                names = inherit.get(id(up), [])
                up = up.parent
            mode = "closed" if id(it) in closed or it.quoted and id(it) not in stated else "stated" if id(it) in stated else "open"
            held[id(it)] = _Held(names, strict_ctx.get(id(it), False) or mode != "open", mode)
    return top


def _issuer_acts(ctx: _Ctx, s: int, e: int) -> bool:
    """The issuer is the subject of a clause in ``text[s:e]``: its name at a clause or line start, then a
    predicate ("Tổng cục Thuế thực hiện nâng cấp các phần mềm …", "… trở đi⏎Tổng cục Thuế sẽ …")."""
    if not ctx.issuer:
        return False
    ik = fold_key(ctx.issuer)
    if len(ik) < 4:
        return False
    pat = regex.compile(r"(?:^|(?<=[.;:,\n]))[ \t]*" + r"\s+".join(map(regex.escape, ik.split())) + r"\b")
    for m in pat.finditer(ctx.folded, s, e):
        toks = ctx.tokens(m.end(), min(e, m.end() + 40))
        if toks and toks[0].word and ctx.scanner.predicate_at(toks, 0):
            return True
    return False


def _hands_out(ctx: _Ctx, s: int, e: int) -> bool:
    """``text[s:e]`` (a list's lead-in) ends with a sentence that hands the list out: a giao/yêu cầu/đề nghị
    frame naming a body other than the issuer, then only ":" or the list named as work ("… thực hiện một số
    giải pháp sau:"; rules/assignment.yaml ``work_leadins``)."""
    text = ctx.text
    while e > s and text[e - 1].isspace():
        e -= 1
    pat = vocab().work_leadin
    if pat is None or e <= s or text[e - 1] != ":":
        return False
    cut = max(text.rfind(". ", s, e - 2), text.rfind(".\n", s, e - 2))
    s = cut + 1 if cut >= 0 else s
    f = _find(ctx, s, e, strict=True, subject=False)
    if not f.directive or not f.leads or _issuer_only(ctx, f.leads):
        return False
    tail = max(n.end for n in f.leads)
    return pat.match(ctx.folded, tail, e) is not None


_FIRST_SENTENCE = regex.compile(r"[.;:!?](?=\s)")


def _descendants(it: _Item) -> list[_Item]:
    out: list[_Item] = []
    for c in it.children:
        out.append(c)
        out.extend(_descendants(c))
    return out


def _stated_directive(ctx: _Ctx, it: _Item, out: _Emit, own: str, id_prefix: str, root_parent: str | None) -> int:
    """ "III. NGUYÊN TẮC CHUNG / 1. Các Bộ, ngành và Ủy ban nhân dân cấp tỉnh cân nhắc nhu cầu mời …": in a
    section of goals or principles, an item that directs a named state body or the addressee as its subject
    (or by giao/yêu cầu/đề nghị at a clause start) still obliges it; every other item there states."""
    s, e = _own_span(ctx, it)
    m = _FIRST_SENTENCE.search(ctx.text, s, e)
    e1 = m.start() + 1 if m else e  # the item's own opening sentence: it must open with the directive
    f = _find(ctx, s, e1, strict=True, subject=False)
    if not f.directive or not f.leads:
        f = _subject_directive(ctx, s, e1)
    if not f.directive or not f.leads or _issuer_only(ctx, f.leads):
        return 0
    sec = it.parent
    while sec is not None and sec.style != "roman":
        sec = sec.parent
    if sec is not None and not own.startswith(f"{sec.label}."):
        own = f"{sec.label}.{own}"  # a stated section's numbering is its own: "III.1" leaves "1" to the work
    out.add(_task(ctx, id_prefix + own, s, e, "item", root_parent, _assignees(ctx, f, None, inferred=False)))
    return int(root_parent is None)


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


def _union(groups: Iterable[list[Assignee]]) -> list[Assignee]:
    """Every assignee of ``groups`` once (by folded name), in order: the bodies a heading or an article
    carries for its points (:func:`_emit_heads`, ``_extract._adopt_orphans``)."""
    out: list[Assignee] = []
    seen: set[str] = set()
    for g in groups:
        for a in g:
            k = fold_key(a.name)
            if k not in seen:
                seen.add(k)
                out.append(a)
    return out


def _emit_heads(ctx: _Ctx, out: _Emit, heads: dict[str, tuple[int, int, str | None, _Found]]) -> int:
    """Emit each body-naming heading ("1. Trung tâm Y tế các huyện:") that some emitted point names as
    its parent, just before its first point: the contract makes a numbered item and its lettered points
    tasks ("1", "1.a"), and a point must not name a parent that is no task. Returns how many are top-level."""
    tasks: list[Task] = []
    top = 0

    def put(tid: str | None) -> None:  # the missing parent first, then its own missing parent above it
        nonlocal top
        if tid is None or tid in out.ids or tid not in heads:
            return
        s, e, pid, found = heads.pop(tid)
        put(pid)
        if found.leads:
            names = _assignees(ctx, found, None, inferred=False)
        else:  # "1. Tổ chức thực hiện": a heading that names nobody carries its points' bodies
            names = _union(t.assignees for t in out.tasks if t.parent == tid)
        tasks.append(_task(ctx, tid, s, e, "item", pid, names))
        out.ids.add(tid)
        top += pid is None

    for t in out.tasks:
        put(t.parent)
        tasks.append(t)
    out.tasks[:] = tasks
    return top


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
        if _issuer_only(ctx, f.leads) or _form_field(ctx, a, b):
            continue
        n += 1
        out.add(_task(ctx, f"{prefix}p{n}", a, b, "sentence", parent, _assignees(ctx, f, None, inferred=False)))
    return n
