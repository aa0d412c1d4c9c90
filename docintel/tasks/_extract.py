"""The pipeline step :func:`extract_tasks`: the body span, task tables, the item tree, sentence
tasks, the appendix issued with a quyết định, and parents for orphaned children."""

from __future__ import annotations

import regex

from .._model import Document
from .._normalise import fold, fold_key
from ._context import _context, _Ctx
from ._items import _annex_walls, _Item, _parse_items
from ._sections import _annex_genres, _draft_start, _duty_title, _own_span
from ._tables import _find_tables, _table_tasks, _under
from ._vocab import vocab
from ._walk import _Emit, _Held, _sentence_tasks, _task, _union, _walk


def _body_span(doc: Document) -> tuple[int, int]:
    text = doc.text
    seg = doc.segments
    start, end = 0, len(text)
    if seg is not None and seg.body is not None:
        start, end = seg.body.start, seg.body.end
        if seg.noi_nhan is not None and start < seg.noi_nhan.start < end:
            end = seg.noi_nhan.start
        appendix = seg.appendix
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
    if doc.doc_type in vocab().proposal_types:
        # a tờ trình proposes a text ("Giao Chính phủ quy định chi tiết …" is the draft law's wording) and asks
        # its addressee to decide: until then nobody is obliged
        doc.tasks = []
        return
    ctx = _context(doc)
    out = _Emit()
    start, end = _body_span(doc)
    seg = doc.segments
    appendix = seg.appendix if seg is not None else None
    if appendix is not None and appendix.end <= appendix.start:
        appendix = None
    tables = _find_tables(ctx.text, start, end)
    a_tables = _find_tables(ctx.text, appendix.start, appendix.end) if appendix is not None else []
    ctx.tables = [(t.start, t.end) for t in tables + a_tables]
    ctx.cover(start, max(end, appendix.end) if appendix is not None else end)
    items = _parse_items(ctx.text, start, end, ctx.tables)
    held: dict[int, _Held] = {}
    top = _walk(ctx, items, out, root_parent=None, id_prefix="", default=ctx.to, held=held)
    for k, table in enumerate(tables, start=1):
        under = _under(ctx, table, items, held, ctx.to, start)
        top += _table_tasks(ctx, table, out, prefix="", root_parent=None, ordinal=k, under=under)
    has_articles = any(it.style == "article" for it in items)
    if top == 0 and not has_articles:
        _sentence_tasks(ctx, start, end, out, parent=None, prefix="", skip=[])
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
        genres = _annex_genres(ctx, appendix.start, appendix.end)
        draft = _draft_start(ctx, appendix.start, appendix.end)
        if draft is not None:  # a draft sent for comments obliges nobody yet, nor what is issued with it
            genres.append((draft, appendix.end, "descriptive"))
            a_tables = [t for t in a_tables if t.start < draft]
        for it in a_items:
            if any(a <= it.start < b for a, b, g in genres if g == "descriptive"):
                it.quoted = True  # criteria, job descriptions, new points of a text, forms, drafts: nobody is obliged
        n0 = len(out.tasks)
        a_held: dict[int, _Held] = {}
        _walk(ctx, a_items, out, root_parent=parent, id_prefix="PL.", default=[], held=a_held)
        # after an inner annex heading (one below the first point) the points start a new text (a form, a guideline): one no body is
        # named for obliges nobody there either
        first = a_items[0].start if a_items else appendix.end
        walls = [w for w in _annex_walls(ctx.text, appendix.start, appendix.end) if w > first]
        after_walls = [(walls[0], appendix.end)] if walls else []  # the annex's own title line is no inner one
        _drop_unnamed(out, n0, [(a, b) for a, b, g in genres if g == "normative"] + after_walls)
        for k, table in enumerate(a_tables, start=len(tables) + 1):
            under = _under(ctx, table, a_items, a_held, [], appendix.start)
            _table_tasks(ctx, table, out, prefix="PL.", root_parent=parent, ordinal=k, under=under)
    _adopt_orphans(ctx, items, out)
    _one_spelling(out)
    doc.tasks = out.tasks


_OWN_PLACE = ("thanh pho", "tinh")
_QUANTIFIERS = frozenset({"cac", "nhung"})


def _one_spelling(out: _Emit) -> None:
    """A body a document names both in full and with its own city or province left as "Thành phố"/"tỉnh"
    ("Trung tâm Quản lý hạ tầng kỹ thuật thành phố Hà Nội" and "… kỹ thuật Thành phố" in a Hà Nội plan) is
    one body: the short spelling takes the full one (its span stays where the text wrote it). A name with a
    plural quantifier ("các thành viên Hội đồng") that the document also writes without it is that name."""
    full: dict[str, str] = {}
    for t in out.tasks:
        for a in t.assignees:
            full.setdefault(fold_key(a.name), a.name)
    rename: dict[str, str] = {}
    for k in full:
        # "các thành viên Hội đồng" in one clause and "thành viên Hội đồng" in another: one body, the plain name
        first, _, rest = k.partition(" ")
        # (a short post keeps its plural: "Các Bộ trưởng, Thủ trưởng …" is the execution formula's own wording)
        if first in _QUANTIFIERS and rest in full and len(rest) >= 12:
            rename[k] = full[rest]
            continue
        if not k.endswith(_OWN_PLACE):
            continue
        longer = [
            x for x in full
            if x.startswith(k + " ") and 1 <= len(x.split()) - len(k.split()) <= 3
            and all(w[:1].isupper() for w in full[x].split()[len(k.split()) :])  # a proper name: "Hà Nội"
        ]
        if len(longer) == 1:
            rename[k] = full[longer[0]]
    if not rename:
        return
    for t in out.tasks:
        seen: set[str] = set()
        kept = []
        for a in t.assignees:
            k = fold_key(a.name)
            if k in rename:
                a.name = rename[k]
                k = fold_key(a.name)
            if k not in seen:
                seen.add(k)
                kept.append(a)
        t.assignees = kept


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
        names = _union(c.assignees for c in out.tasks if c.parent == t.parent)
        s, e = _own_span(ctx, art)
        parent = _task(ctx, t.parent, s, e, "article", None, names)
        parent.deadline = None
        out.ids.add(parent.id)
        out.tasks.insert(out.tasks.index(t), parent)


def _drop_unnamed(out: _Emit, n0: int, spans: list[tuple[int, int]]) -> None:
    """In a guideline or regulation issued with the dispatch, an item no body is named for (nor inherited)
    is a rule of conduct ("Bố trí điểm rửa tay …", "Lập danh sách người tham dự …"), not a task: the tasks
    emitted from ``out.tasks[n0:]`` inside ``spans`` without assignees go; their children keep the nearest
    kept ancestor as parent."""
    if not spans:
        return
    dropped: dict[str, str | None] = {}
    for t in out.tasks[n0:]:
        if t.kind == "item" and not t.assignees and t.start is not None and any(a <= t.start < b for a, b in spans):
            dropped[t.id] = t.parent
    if not dropped:
        return
    out.tasks[n0:] = [t for t in out.tasks[n0:] if t.id not in dropped]
    out.ids -= set(dropped)
    for t in out.tasks[n0:]:
        while t.parent in dropped:
            t.parent = dropped[t.parent]
