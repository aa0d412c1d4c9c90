"""Who a stretch of text obliges: the assignment frames of ``rules/assignment.yaml`` (giao/yêu
cầu/đề nghị X → lead, phối hợp với Y → support, "… chịu trách nhiệm thi hành"), a subject before its
predicate (:func:`_find`), and a directable subject with no frame word (:func:`_subject_directive`);
the verbs and openers an item starts with."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from .._agencies import registry
from .._deadlines import is_normative
from .._normalise import fold_key
from ._context import _addressee_of, _bare_generic, _collective_addressee, _Ctx, _expand, _issuer_only
from ._items import _in_spans, _quote_spans
from ._names import _BARE_GENERIC, _STATIVE, _Name, _vague
from ._tokens import _match_at, _Tok
from ._vocab import _alias_lens, _Frame, vocab


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
    if p.key == "thi" and not _normative(ctx):
        # "Trường hợp … thì đề nghị Cục Thuế tỉnh Nam Định thông báo …", "Đối với …, tuy nhiên thì đề nghị …":
        # in a letter "thì" opens the main clause after a condition or topic (however the OCR cut the sentence
        # before it) and the request is the dispatch's own; in a legal normative text "… thì yêu cầu người khai
        # hải quan khai bổ sung" is a step of the procedure it lays down, not an order of the text
        return True
    # the issuer right before, at a sentence start: "Bộ Tài chính giao Cục thuế tỉnh …" (the scan below reads on
    # through "giao", which may be part of a name: "Bộ Ngoại giao")
    ik = fold_key(ctx.issuer).split() if ctx.issuer else []
    n = len(ik)
    if 1 < n <= k and [t.key for t in toks[k - n : k]] == ik and (k == n or not toks[k - n - 1].word):
        return True
    # a subject body right before: "Sở Công Thương yêu cầu", "Lãnh đạo Sở yêu cầu"
    j = k - 1
    while j > 0 and (toks[j - 1].word or toks[j - 1].text in ("-", "–", "—")) and k - j < 25:
        j -= 1  # "Bộ Lao động — Thương binh và Xã hội đề nghị": a dash inside the subject's name
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


# prepositions that make the name after them an object ("thông báo cho", "phối hợp với", "gửi đến")
_OBJECT_PREPS = frozenset({"cho", "voi", "toi", "den", "cua", "tai", "tu"})


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
    law = _restated_duties(ctx, toks, hits)
    if law:
        # "Đối với chi phí …: Công ty có trách nhiệm đề nghị cơ quan có thẩm quyền cấp giấy phép …": a letter
        # that tells a firm its duty under the law restates the law; nobody in that clause is obliged by it
        hits = [h for h in hits if not any(a <= h[1] < b for a, b in law)]
        if not hits:
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

    asked: list[tuple[int, int | None]] = []  # (frame token, end of the name it asks) of each lead frame
    # "b) Sở Nội vụ … có trách nhiệm xem xét, … có văn bản đề nghị Bộ … cấp …": a body the point opens with
    # does the work; a request later in its clause is its own act, not the dispatch's
    opening = _opening_subject(ctx, toks) if subject and not strict and hits else None
    suppressed = False
    for f, fs, fe in hits:
        k = tok_at(fs)
        i = tok_at(fe)
        if k is None:
            continue
        opened: int | None = None  # the subject after a condition that opens the item (strict duty formula)
        if f.body == "after":
            if i is None:
                continue
            if f.role == "lead" and _nominal_clause(toks, k):
                continue  # "Việc chấp thuận chủ trương đầu tư đồng thời giao chủ đầu tư … được thực hiện theo …"
            if f.role == "lead" and _asked_to_ask(toks, k, asked):
                continue  # "đề nghị Công đoàn … yêu cầu doanh nghiệp …": the Công đoàn is asked, not the firms
            if f.role == "lead" and opening is not None and k > opening[1] and not _new_clause(toks, k):
                suppressed = True
                continue
            r = sc.scan(toks, i)
            if f.role == "lead":
                # "yêu cầu các Liên đoàn Lao động tỉnh, thành phố; Công đoàn ngành Trung ương …; Công đoàn
                # Tổng Công ty …:": a name that ends at ";" before another body's name is one of a list
                while r is not None and r[1] + 1 < len(toks) and toks[r[1]].text == ";":
                    nxt = sc.scan(toks, r[1] + 1)
                    if nxt is None:
                        break
                    r = (r[0], nxt[1])
                asked.append((k, r[1] if r is not None else None))
            if strict and not _at_clause_start(ctx, toks, k):
                continue
            if r is None:
                continue
            a, b = r
            if f.role == "lead":
                if f.id == "de-nghi" and (
                    _advisory(ctx, toks, a, b) or _private_subject(ctx, toks, k) or _feedback_closing(ctx, s, fs)
                    or _procedural_request(ctx, toks, k)
                ):
                    continue
                add(found.leads, a, b)
                found.frame = True
                found.directive = True
                suppressed = suppressed or opening is not None  # "Sở A tổng hợp …; đề nghị Sở B …": both
            else:
                if "voi" not in ctx.folded[fs:fe] and not (toks[a].upper or toks[a].key in ("cac", "nhung")):
                    continue  # "phối hợp thanh tra, kiểm tra liên ngành": an activity, not "phối hợp với Thanh tra"
                if found.leads or not strict:
                    add(found.support, a, b)
        elif (
            f.id == "thi-hanh"
            or (not strict and f.id in ("trach-nhiem", "chu-tri"))
            # "3. Trường hợp …, Nhà cung cấp eContract có trách nhiệm rà soát …": in a normative text a duty under a
            # condition is a duty all the same (the opener makes the clause strict only against explanations)
            # (a list's lead-in, read without subjects, is handed out only by a frame that names its bodies after it)
            or (
                strict and subject and f.id == "trach-nhiem" and _normative(ctx)
                and (opened := _condition_subject(ctx, toks, k, first=True)) is not None
            )
        ):
            # the subject before: from the clause start to the frame
            j = k
            # the execution formula closes a list of every post of the text ("Chánh Văn phòng, Cục trưởng …;
            # Chủ tịch …; Giám đốc …; Hiệu trưởng … chịu trách nhiệm thi hành"): its sentence, however long
            reach = 240 if f.id == "thi-hanh" else 80
            while j > 0 and toks[j - 1].text not in (".", ":", "!", "?") and k - j < reach:
                j -= 1
            last = max([j] + [q + 1 for q in range(j, k) if toks[q].text == ";"])  # the clause of this frame
            # (strict, the duty formula came in only through its condition: its subject is known already)
            cs = opened if strict else _condition_subject(ctx, toks, k) if f.id == "trach-nhiem" else None
            if cs is not None:
                j = last = cs  # the subject after the condition, not a body the condition mentions
            conditional = strict and cs is not None  # the strict branch's own case: a duty, as the item's directive
            c = _together_with(toks, last, k) if f.id != "chu-tri" else None
            if c is not None:
                # "X là đầu mối cùng với Y và Z chịu trách nhiệm …": X answers for it, Y and Z work with X
                y, z = c + 2, k
                while y < z and not (toks[y].word and sc.is_head(toks, y)):
                    y += 1
                while z > y and not toks[z - 1].word:
                    z -= 1
                if y < z:
                    add(found.support, y, z)
                    found.frame = True
                k = c
            # "Tổ chức trả thu nhập … có trách nhiệm …": before the duty formula the clause opens with its
            # subject, so a head that is also a verb ("Tổ chức") is the noun there
            j0 = j
            while j < k:
                while j < k and not (toks[j].word and sc.is_head(toks, j, noun=f.id == "trach-nhiem" and j == j0 == last)):
                    j += 1
                if not (f.id == "trach-nhiem" and last < j < k and toks[j - 1].key in _OBJECT_PREPS):
                    break
                # "Thông báo cho bộ phận chịu trách nhiệm …", "… văn bản đề nghị của Ngân hàng thương mại, Văn
                # phòng … có trách nhiệm": a name after a preposition is an object; the subject comes later, if at all
                r = sc.scan(toks, j)
                j = max(j + 1, r[1] if r is not None else j + 1)
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
                                # "Sở A; Sở B có trách nhiệm …" lists its subjects one to a clause; a clause of
                                # its own before the formula ("… tham mưu sửa đổi Luật Đất đai, khoản 3 …; Bộ
                                # Công an có trách nhiệm …") gives a subject only if a name fills it
                                duty = f.id == "trach-nhiem" and q == k
                                if r is not None and (r[1] >= b or duty or _assigned_to(toks, r[1], b)) and not _bare_generic(
                                    ctx, sc.name(toks, r[0], min(r[1], b)).text
                                ):
                                    add(found.leads, r[0], min(r[1], b))
                        a = q + 1
                if len(found.leads) > before:
                    found.frame = found.frame or f.id != "chu-tri"
                    found.directive = found.directive or f.id == "thi-hanh" or conditional
    if suppressed and opening is not None and (toks[opening[0]].start, toks[opening[1] - 1].end) not in seen:
        n0 = len(found.leads)
        add(found.leads, *opening)
        found.leads[:] = found.leads[n0:] + found.leads[:n0]  # the point's own subject first
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
                    # "Doanh nghiệp được giảm thuế": a rule, not a task ("… có nhiệm vụ, trách nhiệm sau:" is a duty)
                    and (toks[r[1]].text.lower() not in _STATIVE or _match_at(toks, r[1], vocab().name_stops, 4) > 1)
                    and not _verbless(ctx, toks, r[1])
                    and not _bare_generic(ctx, sc.name(toks, r[0], r[1]).text)
                ):
                    add(found.leads, r[0], r[1])
    # the addressee's short form → its full name; "các đơn vị" → the addressees
    found.leads = _expand(ctx, found.leads)
    found.support = [n for n in _expand(ctx, found.support) if not _vague(n.text)]
    return found


def _restated_duties(ctx: _Ctx, toks: list[_Tok], hits: list[tuple[_Frame, int, int]]) -> list[tuple[int, int]]:
    """Spans of the clauses in which a letter (not a normative text) states a private party's duty under the
    law: "<Công ty/doanh nghiệp/người nộp thuế …> có trách nhiệm …" (rules/assignment.yaml ``private``). Such
    a clause restates a provision; the letter's own request is "đề nghị Công ty …", which stays."""
    if _normative(ctx):
        return []
    v = vocab()
    out: list[tuple[int, int]] = []
    starts = [t.start for t in toks]
    for f, fs, _fe in hits:
        if f.id != "trach-nhiem":
            continue
        k = bisect_left(starts, fs)
        j = k
        while j > 0 and toks[j - 1].text not in (".", ":", ";", "!", "?", ",") and k - j < 12:
            j -= 1
        while j < k and toks[j].key in ("cac", "nhung", "moi"):
            j += 1
        if j >= k or not _match_at(toks, j, v.private, 4):
            continue
        q = k
        while q < len(toks) and toks[q].text not in (".", ";", "!", "?"):
            q += 1
        out.append((toks[j].start, toks[q - 1].end if q > k else fs + 1))
    return out


def _opening_subject(ctx: _Ctx, toks: list[_Tok]) -> tuple[int, int] | None:
    """The body a point opens with as the subject of a verb that is not itself a request ("Sở Nội vụ … có
    trách nhiệm …", "Cục Thuế rà soát …"), nor the issuer (whose "… đề nghị X" hands X the task)."""
    if _starts_imperative(toks):
        return None
    sc = ctx.scanner
    sa = _subject_start(ctx, toks)
    if sa is None:
        return None
    r = sc.scan(toks, sa)
    if r is None or r[1] >= len(toks) or not sc.predicate_at(toks, r[1]):
        return None
    b = r[1]
    if toks[b].text.lower() in _STATIVE and not (b + 1 < len(toks) and toks[b].key == "co" and toks[b + 1].key == "trach"):
        return None
    if any(tuple(t.key for t in toks[b : b + len(w)]) == w for w in _REQUESTS) or _verbless(ctx, toks, b):
        return None
    nm = sc.name(toks, r[0], b)
    if _bare_generic(ctx, nm.text) or _vague(nm.text) or _issuer_only(ctx, [nm]):
        return None
    return r


_REQUESTS = (("de", "nghi"), ("yeu", "cau"), ("giao",), ("phan", "cong"), ("kien", "nghi"), ("xin",))


def _new_clause(toks: list[_Tok], k: int) -> bool:
    """The frame at ``k`` opens a clause of its own ("…; đề nghị Sở B …", "… . Đồng thời, yêu cầu …")."""
    p = k - 1
    while p >= 0 and toks[p].text == ",":
        p -= 1
    if p < 0:
        return True
    if not toks[p].word:
        return toks[p].text in ".;:!?"
    return p > 0 and toks[p - 1].key == "dong" and toks[p].key == "thoi"


def _together_with(toks: list[_Tok], a: int, b: int) -> int | None:
    """Token of "cùng với" inside the subject ``toks[a:b]`` ("Trung tâm …: Là đầu mối cùng với Công ty …
    chịu trách nhiệm chính …"): the bodies after it accompany the subject, they do not lead."""
    for q in range(a, b - 1):
        if toks[q].key == "cung" and toks[q + 1].key == "voi" and toks[q].lower:
            return q
    return None


def _condition_subject(ctx: _Ctx, toks: list[_Tok], k: int, *, first: bool = False) -> int | None:
    """ "Trường hợp Chứng chỉ bị mất, trường cao đẳng, trung tâm … có trách nhiệm …", "Trường hợp … thì chủ đầu
    tư có trách nhiệm …": where the subject of the duty formula at token ``k`` starts when its clause opens with a
    condition (rules/assignment.yaml ``conditions``) — after the first comma or "thì" from which a name runs
    right up to the formula; None when the clause has no condition or no such name. ``first``: only when that
    sentence opens the item (after an article's title line at most)."""
    conditions = vocab().conditions
    j = k
    opened = None
    while j > 0 and toks[j - 1].text not in (".", ":", ";", "!", "?") and k - j < 120:
        if opened is None and "\n" in ctx.text[toks[j - 1].end : toks[j].start] and _match_at(toks, j, conditions, 4):
            opened = j  # a line that opens with the condition after a title line ("Điều 3. Điều khoản chuyển tiếp⏎…")
        j -= 1
    if not _match_at(toks, j, conditions, 4):
        if opened is None:
            return None
        j = opened
    if first and any(t.text in (".", ";", "!", "?") and not _label_dot(toks, q) for q, t in enumerate(toks[:j])):
        return None  # a later sentence of the item: the item's own opening decides (its subject, its frames)
    sc = ctx.scanner

    def reaches(a: int) -> bool:
        if not toks[a].word or not sc.is_head(toks, a, noun=True):
            return False
        r = sc.scan(toks, a, max_words=40, noun=True)
        return r is not None and r[1] == k

    # the condition runs to its first comma, or to "thì" where one closes it; the subject is the first name from
    # there that runs right up to the formula — "…, trường cao đẳng, trung tâm giáo dục … có trách nhiệm" whole,
    # "…, trong thời hạn 03 ngày làm việc cán bộ, công chức, viên chức có trách nhiệm" after a time phrase —
    # never a name after a preposition ("… văn bản của Bộ Tài chính, Sở Y tế có trách nhiệm") or "thuộc" ("các đơn vị
    # nhận quân thuộc Bộ Công an có trách nhiệm": the parent, not the subject)
    cuts = [q for q in range(j + 1, k - 1) if toks[q].text == "," or toks[q].text.lower() == "thì"]
    thi = [q for q in cuts if toks[q].text.lower() == "thì"]
    if not cuts:
        return None
    start = (thi[-1] if thi else cuts[0]) + 1
    for a in range(start, k):
        if reaches(a):
            while a - 1 > start and reaches(a - 1):
                a -= 1  # the whole name: "Bộ Công an", not "Công an"
            return None if toks[a - 1].key in _OBJECT_PREPS or toks[a - 1].key == "thuoc" else a
    return None


def _label_dot(toks: list[_Tok], i: int) -> bool:
    """``toks[i]`` is the "." of an article label ("Điều 3." before the title): right after a number."""
    return toks[i].text == "." and i > 0 and toks[i - 1].text.isdigit()


def _normative(ctx: _Ctx) -> bool:
    """The document is a legal normative text: NĐ, TT, L … or a quyết định / nghị quyết / chỉ thị numbered with
    a year (28/2021/QĐ-TTg issues a regulation; 892/QĐ-TTg decides one case) — rules/deadlines.yaml
    ``normative-texts``, the same reading the deadlines take. For the tasks a nghị quyết is one with or
    without a year (a UBTVQH regulation's procedure steps)."""
    doc = ctx.doc
    return doc.doc_type == "NQ" or is_normative(doc.doc_type, doc.number.year if doc.number else None)


def _assigned_to(toks: list[_Tok], a: int, b: int) -> bool:
    """``toks[a:b]`` is only "được giao" right before the frame: "các bộ, cơ quan trung ương được giao chủ trì …"
    names the bodies before the relative clause (the scan ends there), who lead the work."""
    return b - a == 2 and toks[a].key == "duoc" and toks[a + 1].key == "giao"


def _procedural_request(ctx: _Ctx, toks: list[_Tok], k: int) -> bool:
    """ "Chánh án Tòa án quân sự đề nghị Chủ nhiệm chính trị quân khu cử …": in a normative text a body that
    requests of another is a step of the procedure the text lays down; the text itself obliges by "có trách
    nhiệm", "giao", "chủ trì", never by its own "đề nghị" after a subject other than its issuer ("Chính phủ đề
    nghị Quốc hội …" in a nghị quyết of the Government is its own request)."""
    if not _normative(ctx) or k == 0 or not (toks[k - 1].word or toks[k - 1].text == ","):
        return False
    j = k - 1
    while j > 0 and (toks[j - 1].word or toks[j - 1].text == ",") and k - j < 25:
        j -= 1
    v = vocab()
    if toks[j].upper and (_match_at(toks, j, v.private, 4) or _match_at(toks, j, v.and_heads, 6)):
        return True  # "Người lao động đề nghị cơ quan bảo hiểm xã hội …": an applicant's step
    for a in range(j, k):
        if toks[a].upper and ctx.scanner.is_head(toks, a):
            r = ctx.scanner.scan(toks, a)
            if r is None or (r[1] != k and not _own_predicates(ctx, toks, r[1], k)):
                return False
            return not _issuer_only(ctx, [ctx.scanner.name(toks, r[0], r[1])])
    return False


def _own_predicates(ctx: _Ctx, toks: list[_Tok], b: int, k: int) -> bool:
    """``toks[b:k]`` are the subject's own verbs before its request, joined by "và" or a comma ("Cơ quan thường
    trực tổng hợp và đề nghị Chủ tịch Hội đồng …", "Bộ Tư pháp tổng hợp, đề nghị …"): one act of that subject."""
    if b >= k or k - b > 8 or not ctx.scanner.predicate_at(toks, b):
        return False
    if toks[k - 1].key != "va" and toks[k - 1].text != ",":
        return False
    return all(t.word or t.text == "," for t in toks[b:k])


def _nominal_clause(toks: list[_Tok], k: int) -> bool:
    """The frame word at token ``k`` lies inside a clause that opens with "Việc" and has no comma before it:
    "Việc … giao chủ đầu tư …" names an act as the subject of a rule ("… được thực hiện theo quy định …"),
    it hands out nothing ("Việc triển khai Kế hoạch, giao Sở Y tế chủ trì" still does, after its comma)."""
    j = k
    while j > 0 and toks[j - 1].text not in (".", ";", ":", "!", "?", ","):
        j -= 1
    return j < k and toks[j].key == "viec" and toks[j].upper


def _asked_to_ask(toks: list[_Tok], k: int, asked: list[tuple[int, int | None]]) -> bool:
    """ "đề nghị X yêu cầu Y …", "giao X đề nghị Y …": a request frame whose subject is the body an
    earlier frame of the same clause asks (the name it scanned ends right at this frame, or no name could
    be read between the two) is what X is asked to do; Y is not obliged by the dispatch."""
    for pk, end in asked:
        if pk >= k or k - pk > 25:
            continue
        if any(not t.word and t.text not in (",", "-", "–", "/", "&") for t in toks[pk:k]):
            continue  # another clause: "Giao Sở A …; yêu cầu Sở B …"
        if end == k or end is None:
            return True
    return False


_DUTY_FRAME = "subject-duty"
_LEGAL_COLON = regex.compile(r"\b(?:quy\s+định|hướng\s+dẫn|như\s+sau|nêu\s+rõ|sau\s+đây|gồm|bao\s+gồm)\b[^:]{0,60}$", regex.I)


def _subject_directive(
    ctx: _Ctx, s: int, e: int, *, legal: bool = False, duty_only: bool = False, any_body: bool = False
) -> _Found:
    """Bodies a clause of ``text[s:e]`` directs as its subject, with no giao/yêu cầu/đề nghị:
    "Theo đó, các Cục Thuế thực hiện …", "Bộ Tư pháp chủ trì …", "- Đối với …: Ủy ban nhân dân cấp
    tỉnh tiếp tục xem xét …; các Bộ, ngành … chủ động quyết định …" (the ``mode: subject`` frames of
    rules/assignment.yaml). The body must be a registry agency, a capitalised state body or an
    addressee, and not the issuer itself; clauses after "… quy định:" and inside quotations are law.
    ``legal``: the clause belongs to an article of a legal text, where the duty formula ("Các cơ quan
    chủ quản cơ sở dữ liệu có trách nhiệm: …") obliges any body it names; ``duty_only``: only that
    formula counts (an article's own lead-in); ``any_body``: the clause is the body of an article that hands out
    the work ("Điều 8. Trách nhiệm tổ chức thực hiện⏎Cơ quan cấp phép tổ chức kiểm tra …"), where any capitalised
    body its subject names is directed."""
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
        if i >= len(toks) or not toks[i].word:
            continue
        party = not sc.is_head(toks, i)
        if not party:
            r = sc.scan(toks, i)
        else:
            # "4. Người sử dụng lao động có trách nhiệm …": in law a party (no body's head) carries a duty too,
            # when the duty formula follows its bare name (no relative phrase read into it)
            n = _match_at(toks, i, v.and_heads, 6) or _match_at(toks, i, v.private, 4) if legal else 0
            r = (i, i + n) if n and toks[i].upper else None
        if r is None or r[1] >= len(toks):
            continue
        a, b = r
        if toks[b - 1].key in ("cua", "voi", "cho"):
            continue
        pos = toks[b].start
        hit = [f for f in frames if any(p.match(ctx.folded, pos - 1 if pos > 0 else pos, e) for p in f.patterns)]
        if legal and not party and not any(f.id == _DUTY_FRAME for f in hit):
            b2 = _relative_name_end(ctx, toks, a, b, frames, e)
            if b2 is not None:
                b = b2
                hit = [f for f in frames if f.id == _DUTY_FRAME]
        if not hit:
            continue
        by_law = legal and any(f.id == _DUTY_FRAME for f in hit)
        if not by_law and any(toks[q].lower and _match_at(toks, q, v.imperatives, v.max_len) for q in range(a + 1, b)):
            continue  # "Cục Thuế xây dựng phương án …": the name ran over an unlisted verb
        for x, y in _split(ctx, toks, a, b) or ([(a, b)] if by_law and party else []):
            nm = sc.name(toks, x, y)
            if by_law and _vague(nm.text):
                continue  # "Cơ quan, đơn vị chịu trách nhiệm báo cáo ghi tên …": no body in particular
            if any_body and toks[x].upper and not _vague(nm.text) and not _match_at(toks, x, v.private, 4):
                pass  # the article's title hands the work out: its subject is directed
            elif not by_law and not _directable(ctx, toks, x, y, nm):
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


def _starts_imperative(toks: list[_Tok]) -> bool:
    v = vocab()
    if not toks or not toks[0].word:
        return False
    m = _match_at(toks, 0, v.imperatives, v.max_len)
    # a longer verb wins over a short opener or function word it starts with: "Theo dõi …" and "Đề
    # xuất …" open a task, "Theo đó …", "Đối với …" and "Để …" do not
    if 0 < _match_at(toks, 0, v.openers, v.max_len) >= m:
        return False
    if registry()._alias.get(toks[0].key) or (len(toks) > 1 and _opens_with_alias(toks)):
        return False
    if toks[0].key in ("de", "trong", "theo", "ve", "tai", "khi", "tu", "sau", "truoc", "voi", "neu", "doi", "la", "duoc",
                       "da", "dang", "se", "khong", "ngay", "biet", "can", "cu", "mo", "lam") and m <= 1:
        return False
    return bool(m)


def _opens_with_alias(toks: list[_Tok]) -> bool:
    """The tokens open with a name the agency registry knows ("Sở Y tế …", "UBND tỉnh …")."""
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
