"""Headings and sections that decide how the items under them are read: duty headings ("Trách
nhiệm của Bộ Y tế", "… có trách nhiệm:"), statement sections (goals, scope, definitions), report
names, amendments and form titles, implementation titles ("Tổ chức thực hiện")."""

from __future__ import annotations

import regex

from .._normalise import fold_key
from ._context import _Ctx, _expand
from ._frames import _Found, _split
from ._items import _ancestors, _Item
from ._names import _BARE_GENERIC, _Name
from ._vocab import vocab

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


def _own_span(ctx: _Ctx, it: _Item) -> tuple[int, int]:
    """The item's own text, without its children and without a closing paragraph after the last item."""
    s, e = it.content, it.end
    if it.children:
        e = min(e, it.children[0].start)
    return s, e


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
    return bool(_DUTY_HEAD.match(ctx.folded, s, h)) and h - s < 300


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
    if m is None and r is not None and any(t.word for t in toks[r[1] :]):
        r = None  # "Cơ quan, tổ chức mời": the scan stopped at a word the heading goes on with
    of = m is not None and ctx.folded[m.start() : m.end()].rstrip().endswith("cua")
    if r is None and of:
        # "3. Trách nhiệm của người sử dụng lao động:": after "của" only a noun can stand, so the rest of
        # the title names the body even when no known head opens it
        return _title_heading(ctx, toks)
    if r is None and m is None:
        # "5. Cơ quan, tổ chức mời.", "6. Khách hàng vay vốn:": under a heading that hands out the work, a
        # clause heading that is only a short noun phrase names who carries the points under it
        n = _noun_phrase(ctx, toks, 0, len(toks))
        if n is None:
            return None
        return _Found(leads=_expand(ctx, [n]), frame=True, directive=True, duty=True)
    if r is None:
        return None
    a, b = r
    rest = [t for t in toks[b:] if t.text not in ".:;,"]
    if rest and rest[0].text != "(" and m is not None and _BARE_GENERIC.match(ctx.scanner.name(toks, a, b).text):
        # "Trách nhiệm các đơn vị báo cáo": a generic head and the verb that describes it name a class
        # of bodies (the heading is a noun phrase: its verbs describe, they do not predicate)
        while b < len(toks) and toks[b].text not in ("(", ":", ";", "."):
            if _point_label(toks, b):
                break  # "… truyền hình a) Đối với …": a point's label starts the next unit (a flattened line)
            b += 1
        while b > a and not toks[b - 1].word:
            b -= 1
        rest = [t for t in toks[b:] if t.text not in ".:;,"]
    if rest and rest[0].text != "(":  # the name must be the whole heading (a parenthesis may gloss it)
        # "Trách nhiệm của Cơ quan điều hành tại các thành phố:": a qualifier after the name ends it
        return _title_heading(ctx, toks) if of and a == 0 else None
    names = _expand(ctx, [ctx.scanner.name(toks, x, y) for x, y in _split(ctx, toks, a, b)])
    return _Found(leads=names, frame=True, directive=True, duty=True)


def _point_label(toks: list, i: int) -> bool:
    """``toks[i]`` opens a point's label ("a)", "đ)"): a name never runs over it."""
    return i + 1 < len(toks) and toks[i + 1].text == ")" and regex.fullmatch(r"[a-zđ]", toks[i].text) is not None


def _title_heading(ctx: _Ctx, toks: list) -> _Found | None:
    """A "Trách nhiệm của X" clause heading read as a title (``_title_body``): X up to a qualifier."""
    whole = _title_body(ctx, toks, 0)
    if not whole or any(len(n.text.split()) == 2 and n.text.split()[0].lower() in ("các", "những") and
                        not ctx.scanner.is_head(ctx.tokens(n.start, n.end), 0, noun=True) for n in whole):
        return None  # "Trách nhiệm của các bên trong việc phá dỡ …": the points name each party themselves
    return _Found(leads=_expand(ctx, whole), frame=True, directive=True, duty=True)


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
    return pat.search(lead, cut + 1 if cut >= 0 else 0) is not None or _member_list(lead, cut + 1 if cut >= 0 else 0)


def _member_list(lead: str, s: int) -> bool:
    """The folded lead-in ``lead[s:]`` introduces a list of acts, signs or criteria ("… thực hiện các hành vi
    vi phạm pháp luật về thuế:"; rules/assignment.yaml ``member_lists``) and directs nobody to do or avoid them."""
    v = vocab()
    if v.member_leadin is None:
        return False
    m = v.member_leadin.search(lead, s)
    if m is None:
        return False
    return v.member_directs is None or v.member_directs.search(lead, s, m.start()) is None


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


def _title_parts(ctx: _Ctx, it: _Item) -> list[str]:
    """The folded parts of the item's title line, joined there by "và", commas or semicolons ("Tổ chức thực
    hiện và hiệu lực thi hành" → "to chuc thuc hien", "hieu luc thi hanh"); the whole title first."""
    s, e = _own_span(ctx, it)
    nl = ctx.text.find("\n", s, e)
    title = fold_key(ctx.text[s : nl if nl != -1 else e])
    if not title:
        return []
    return [title] + [p for p in (" ".join(x.split()) for x in regex.split(r"\s*[,;]\s*|\s+va\s+", title)) if p]


def _implementation_title(ctx: _Ctx, it: _Item) -> bool:
    """The item's title line is one that hands out the work: "Điều 16. Tổ chức thực hiện", "IV. TỔ
    CHỨC THỰC HIỆN" (rules/assignment.yaml ``implementation_titles``, matched whole), or joins such a title
    with the text's effect ("Điều 5. Tổ chức thực hiện và hiệu lực thi hành")."""
    parts = _title_parts(ctx, it)
    impl = vocab().implementation
    return bool(parts) and (parts[0] in impl or any(p in impl for p in parts[1:]))


def _effect_title(ctx: _Ctx, it: _Item) -> bool:
    """The item's title line only names the text's effect ("2. Hiệu lực thi hành", "Điều khoản chuyển tiếp";
    rules/assignment.yaml ``effect_titles``): a heading that names no body."""
    parts = _title_parts(ctx, it)
    eff = vocab().effect
    return bool(parts) and (parts[0] in eff or all(p in eff for p in parts[1:]))


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
    after_cua = i == 1 or fold_key(ctx.text[max(0, s - 5) : s]).endswith("cua")
    if after_cua:
        # "Trách nhiệm phối hợp của Cơ quan thường trực với các Thành viên Hội đồng": "với" names the partner,
        # the body whose duty it is ends before it
        cut = next((q for q in range(i + 1, len(toks)) if toks[q].word and toks[q].key == "voi" and toks[q].lower), None)
        if cut is not None:
            toks = toks[:cut]
    r = ctx.scanner.scan(toks, i, noun=True)
    whole = _title_body(ctx, toks, i) if after_cua else None
    if whole is not None and (r is None or toks[r[1] - 1].end < whole[-1].end):
        return _expand(ctx, whole)  # the scan stopped short of the title's end (or found no head)
    if r is None:
        return []
    return _expand(ctx, [ctx.scanner.name(toks, x, y) for x, y in _split(ctx, toks, r[0], r[1])] or
                   [ctx.scanner.name(toks, r[0], r[1])])


# a title's qualifier after the body's name: "Trách nhiệm của chủ sở hữu trong việc chấm dứt hoạt động",
# "… của kiểm toán viên nội bộ tối thiểu bao gồm:"; matched as written ("tại" ends a name, "vận tải" does not)
_QUALIFIER = frozenset({"trong", "đối với", "về", "khi", "tại", "theo", "nhằm", "để", "bao gồm", "gồm", "tối thiểu"})


def _title_body(ctx: _Ctx, toks: list, i: int) -> list[_Name] | None:
    """The rest of a one-line title after "Trách nhiệm của" / "Nhiệm vụ của": only a noun phrase can
    stand there, so it names the body even when no known head opens it and a verb describes it ("Trách
    nhiệm của khách hàng vay vốn", "… của người nộp thuế", "… của cơ quan, tổ chức sử dụng dịch vụ"); a
    qualifier ("trong việc …",
    "đối với …") ends it, "và" joins two bodies ("chủ sở hữu và tổ chức vận hành")."""
    j = i
    while j < len(toks):
        k = toks[j].key
        w = toks[j].text.lower()
        if toks[j].word and (w in _QUALIFIER or (j + 1 < len(toks) and f"{w} {toks[j + 1].text.lower()}" in _QUALIFIER)):
            break
        if toks[j].word and k == "thuoc" and j > i and not ctx.scanner.is_head(toks, j + 1, noun=True):
            break  # "cơ quan báo chí thuộc danh mục kênh …" restricts; "các đơn vị thuộc Bộ Công an" names
        if toks[j].text in (".", ":", ";", "(", "/") or _point_label(toks, j):
            break
        j += 1
    while j > i and not toks[j - 1].word:
        j -= 1
    words = [t for t in toks[i:j] if t.word]
    if not words or len(words) > 14 or not toks[i].word:
        return None
    if any(toks[x].text in ("có", "chịu", "phải", "được", "là") for x in range(i + 1, j)):
        return None  # a predicate in the line: not a bare title ("… của X có trách nhiệm …")
    parts: list[tuple[int, int]] = []
    a = i
    for x in range(i, j):
        if toks[x].key == "va" and x > a and ctx.scanner.is_head(toks, x + 1, noun=True):
            # "chủ sở hữu và tổ chức vận hành" joins two bodies; "người quản lý và ghi sổ kế toán", "Cục An
            # toàn bức xạ và hạt nhân" are one
            parts.append((a, x))
            a = x + 1
    parts.append((a, j))
    out = [ctx.scanner.name(toks, p, q) for p, q in parts if q > p]
    return out or None


_LEGACY_U = str.maketrans({"\u01a3": "u", "\u01a2": "u"})  # legacy fonts' "ƣ" for "ư" ("HƢỚNG DẪN")
# "(Kèm theo …)" / "(Ban hành kèm theo …)", folded; OCR may misread the vowel ("(Kờm theo")
_ISSUED_WITH = regex.compile(r"^[ \t]*\([ \t]*(?:ban[ \t]+hanh[ \t]+)?k[a-z]{1,2}m[ \t]+theo\b", regex.M)
# a template's own "(Ban hành kèm theo Quyết định số………./QĐ-……….)" or "(Kèm theo đơn đề nghị số ... ngày..)":
# blanks to fill in, so the line belongs to the form it sits in and starts no annex
_PLACEHOLDER = regex.compile(r"…|\.{3,}")
_ANNEX_LINE = regex.compile(r"[ \t]*phu[ \t]*luc\b(?:[ \t]+(?:so[ \t]+)?[0-9ivxlc]{1,5}[a-z]?\b)?[ \t]*[:.\-–]?[ \t]*")
_TITLE_STOP = regex.compile(r"[ \t]*(?:\d{1,3}[ \t]*$|doc[ \t]+lap\b|cong[ \t]+hoa\b|\S{1,6}[ \t]*[.)][ \t]|noi[ \t]+nhan\b|so[ \t]*:)")


def _annex_genres(ctx: _Ctx, s: int, e: int) -> list[tuple[int, int, str]]:
    """The annexes of ``text[s:e]`` (an appendix) whose title says their genre (rules/assignment.yaml
    ``annex_genres``): (start, end, "descriptive" | "normative"), from the "(Kèm theo …)" line under the
    title to the next annex's. The title is the few lines above that line, up to the "PHỤ LỤC …" line (its
    rest counts), the national motto or a page number; its first line that opens with a genre's words wins."""
    pat = vocab().annex_genre
    if pat is None:
        return []
    folded = ctx.folded
    anchors: list[int] = []
    for m in _ISSUED_WITH.finditer(folded, s, e):
        le = folded.find("\n", m.start(), e)
        if not _PLACEHOLDER.search(folded, m.start(), e if le == -1 else le):
            anchors.append(m.start())
    forms = set(_form_heading_lines(ctx, s, e))
    anchors = sorted(set(anchors) | forms)
    out: list[tuple[int, int, str]] = []
    for n, a in enumerate(anchors):
        if a in forms:  # "Mẫu số 01" on its own line: a form, whether a "(Kèm theo …)" line follows or not
            out.append((a, anchors[n + 1] if n + 1 < len(anchors) else e, "descriptive"))
            continue
        lines: list[tuple[int, int]] = []
        pos = a
        while len(lines) < 6 and pos > s:
            ls = folded.rfind("\n", s, pos - 1) + 1
            le = pos - 1 if folded[pos - 1 : pos] == "\n" else pos
            if ls < s:
                ls = s
            line = folded[ls:le]
            pos = ls
            if not line.strip():
                continue
            m = _ANNEX_LINE.match(folded, ls, le)
            if m is not None and (m.end() == le or folded[m.end() - 1] in ":.-–" or m.end() > ls + 10):
                if m.end() < le:
                    lines.append((m.end(), le))  # "PHỤ LỤC I: TIÊU CHÍ …"
                break
            if _TITLE_STOP.match(folded, ls, le):
                break
            lines.append((ls, le))
        genre = None
        for ls, le in reversed(lines):
            g = pat.match(folded[ls:le].translate(_LEGACY_U))
            if g is not None:
                genre = next(k for k, v in g.groupdict().items() if v is not None)
                break
        if genre is not None:
            out.append((a, anchors[n + 1] if n + 1 < len(anchors) else e, genre))
    return out


def _whole_lines(ctx: _Ctx, s: int, e: int, pat: regex.Pattern[str] | None) -> list[int]:
    """Starts of the lines of ``text[s:e]`` that ``pat`` (folded) matches whole."""
    if pat is None:
        return []
    folded = ctx.folded
    out: list[int] = []
    pos = s
    while pos < e:
        nl = folded.find("\n", pos, e)
        le = e if nl == -1 else nl
        if le - pos < 200 and folded[pos:le].strip() and pat.fullmatch(folded, pos, le):
            out.append(pos)
        pos = le + 1
    return out


def _form_heading_lines(ctx: _Ctx, s: int, e: int) -> list[int]:
    """Lines of ``text[s:e]`` that head a form ("Mẫu số 01", "MẪU SỐ 03: Đơn đề nghị …"; rules/assignment.yaml
    ``form_headings``)."""
    out = []
    for pos in _whole_lines(ctx, s, e, vocab().form_heading):
        first = ctx.text[pos : pos + 10].lstrip(" \t*_")
        if first[:1].isupper():  # "mẫu số 3b ban hành kèm theo …" wrapped to a line start cites a form
            out.append(pos)
    return out


def _draft_start(ctx: _Ctx, s: int, e: int) -> int | None:
    """Where a draft sent for comments starts in ``text[s:e]`` (an appendix): its "DỰ THẢO" / "Dự thảo lần 2"
    line (rules/assignment.yaml ``draft_marks``); None when there is none."""
    lines = _whole_lines(ctx, s, e, vocab().draft_mark)
    return lines[0] if lines else None


def _form_field(ctx: _Ctx, s: int, e: int) -> bool:
    """The first line of ``text[s:e]`` holds a form's fill-in marks ("Họ và tên: ………", "Tổ chức chủ trì:.....",
    "(Ký, ghi rõ họ tên)"; rules/assignment.yaml ``form_fields``): a field of a form or template, not a task (what
    follows the line may be the next text: a form after a guideline's last point)."""
    pat = vocab().form_field
    return pat is not None and pat.search(ctx.folded, s, min(_first_line(ctx, s, e), s + 300)) is not None


def _grants_powers(ctx: _Ctx, it: _Item) -> bool:
    """The item's first line opens a list of powers ("3. Hội đồng thẩm định … có các quyền sau đây:", "2. Nhiệm vụ,
    quyền hạn của Bộ phận tuân thủ:"; rules/assignment.yaml ``competence_leadins``): a competence the text
    grants, not a task, nor are its points."""
    pat = vocab().competence_leadin
    if pat is None:
        return False
    s, e = _own_span(ctx, it)
    h = _first_line(ctx, s, e)
    m = pat.search(ctx.folded[s:h].strip()) if h - s < 300 else None
    if m is None:
        return False
    if "nhiem vu" in m.group():
        # "… có nhiệm vụ, quyền hạn sau đây:" in an article titled as duties ("Điều 5. Cơ quan, tổ chức, cá nhân có
        # trách nhiệm trong việc thi hành …", "Điều 24. Trách nhiệm bảo vệ bí mật nhà nước của …"): its duties
        art = next((a for a in _ancestors(it) if a.style == "article"), None)
        if art is not None:
            a, b = _own_span(ctx, art)
            return "trach nhiem" not in ctx.folded[a : _first_line(ctx, a, b)]
    return True


def _noun_phrase(ctx: _Ctx, toks: list, a: int, b: int) -> _Name | None:
    """``toks[a:b]`` (trailing ":"/"." aside) as the name of a class of bodies with no known head: a short
    capitalised phrase with no predicate word and no verb an item opens with ("Khách hàng vay vốn",
    "Cơ quan, tổ chức mời", "Người nộp thuế")."""
    from ._frames import _starts_imperative  # a verb opening the phrase makes it an instruction

    while b > a and toks[b - 1].text in (":", ".", ";", ","):
        b -= 1
    words = [t for t in toks[a:b] if t.word]
    if not words or len(words) > 8 or not toks[a].word or not toks[a].upper:
        return None
    if any(not t.word and t.text not in (",", "-", "–", "/") for t in toks[a:b]):
        return None
    sc = ctx.scanner
    listed = {q for q in range(a + 1, b) if (toks[q - 1].text == "," or toks[q - 1].key == "va") and sc.is_head(toks, q, noun=True)}
    if _starts_imperative(toks[a:b]) or any(sc.predicate_at(toks, q) for q in range(a + 1, b) if q not in listed):
        return None  # "tổ chức" after a comma is the noun of "Cơ quan, tổ chức mời", not the verb
    if toks[a].text.lower() in _NOT_ACTORS:
        return None
    return sc.name(toks, a, b)


# capitalised words that open a heading but name no actor ("Đối với …", "Về …", "Trường hợp …")
_NOT_ACTORS = frozenset({"đối", "về", "trường", "nội", "yêu", "mục", "phạm", "thời", "kinh", "căn", "hồ", "điều",
                         "khoản", "chương", "phần", "tiêu", "nguyên", "phương", "cách", "trình", "thủ"})


def _duty_subject(ctx: _Ctx, s: int, e: int) -> _Found | None:
    """ "6. Khách hàng vay vốn có trách nhiệm sử dụng vốn vay đúng mục đích …": in a clause of an article that
    hands out the work, the noun phrase before the duty formula names the body even with no known head."""
    toks = ctx.tokens(s, min(e, s + 200))
    for k in range(1, min(len(toks), 10)):
        if toks[k].key in ("co", "chiu") and k + 2 < len(toks) and toks[k + 1].key == "trach" and toks[k + 2].key == "nhiem":
            if k + 3 < len(toks) and toks[k + 3].key in ("truoc", "thi"):
                return None
            n = _noun_phrase(ctx, toks, 0, k)
            if n is None:
                return None
            return _Found(leads=_expand(ctx, [n]), frame=True, directive=True, duty=True)
    return None
