"""The document context of the task step (:class:`_Ctx`): text, folded text, cached tokens, the
issuer and its province, the ``Kính gửi`` addressees (from the recipients step, else read from the
text), the "(gọi tắt là …)" short names; and the resolution of a name against that context (short
form → full name, "các đơn vị" → the addressees, "Quý Doanh nghiệp" → the addressee it names)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import regex

from .._agencies import agency_id, issuer_province
from .._model import Document
from .._normalise import fold, fold_key
from ._names import _BARE_GENERIC, _clean, _Name, _Scanner, _subseq
from ._tokens import _Tok, _tokens
from ._vocab import vocab

_CHUNK = 2000  # characters per chunk of a document's cached tokens


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
    answer: bool = False  # the letter answers an enquiry: its points explain, only a directed one obliges
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
            self._lookup_cache[name] = agency_id(name, province=self.province, issuer=self.issuer)
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
    # the one province rule of the issuer's and the recipients' links: the issuer's parent, the
    # issuer, else the place line, never for a central body (its letter dated "Hà Nội" is no Hà Nội's)
    ctx.province = issuer_province(doc.issuer, doc.place)
    ctx.doc_date = doc.date.iso if doc.date else None
    dt = (doc.doc_type or "").upper()
    # a báo cáo reports and a tờ trình submits upward: their items describe or propose, and their
    # Kính gửi is the superior asked to approve, never the body the items oblige
    ctx.report = dt in ("BC", "TTR") or (not dt and bool(_REPORT.search(text[:3000])))
    submission = dt == "TTR"
    ctx.answer = _answer_letter(doc, folded)
    # addressees
    for r in doc.recipients:
        if r.role == "to" and r.name:
            s = r.start if r.start is not None else 0
            e = r.end if r.end is not None else s
            ctx.to.append(_Name(s, e, r.name))
    if not ctx.to:
        ctx.to = _kinh_gui_fallback(ctx)
    if submission:
        ctx.to = []
    # "(gọi tắt là Ban Chỉ đạo)" definitions
    for m in _ALIAS_DEF.finditer(text):
        short = _clean(m.group(1))
        full = _defined_name(ctx, m.start())
        if full is not None and short:
            ctx.aliases.setdefault(fold_key(short), full)
    return ctx


def _answer_letter(doc: Document, folded: str) -> bool:
    """The document answers an enquiry (rules/assignment.yaml ``answer_letters``): by its V/v line, or by
    its opening or closing formula ("Trả lời công văn số …", "nhận được công văn số … hỏi về …")."""
    pat = vocab().answer_letter
    if pat is None or (doc.doc_type or "CV").upper() != "CV":
        return False  # only a công văn answers; a decree's "nhận được văn bản xin ý kiến" is a procedure
    subj = doc.subject.value if doc.subject is not None and doc.subject.value else ""
    if subj and pat.search(fold(subj if subj.lower().startswith("v/v") else "V/v " + subj)):
        return True
    seg = doc.segments
    body = getattr(seg, "body", None) if seg is not None else None
    lo = body.start if body is not None and body.end > body.start else 0
    hi = body.end if body is not None and body.end > body.start else len(folded)
    if pat.search(folded, lo, min(hi, lo + 3000)):
        return True
    return pat.search(folded, max(lo, hi - 800), hi) is not None


_SENTENCE_END = regex.compile(r"[.!?](?=\s+[“\"]?\p{Lu})")


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
    # … but never past a sentence end: "… tại “Tổng cục Thuế. Tổng cục Thuế giao⏎Vụ Hợp tác quốc tế (…)"
    ends = [m.end() for m in _SENTENCE_END.finditer(ctx.text, seg_start, paren)]
    seg_start = max([seg_start, *ends])
    # "X giao Y (sau đây viết tắt là Z)": the name defined comes after the last assignment frame
    for f in vocab().frames:
        if f.role == "lead" and f.body == "after" and f.mode == "search":
            for pat in f.patterns:
                for m in pat.finditer(ctx.folded, seg_start, paren):
                    seg_start = max(seg_start, m.end())
    toks = ctx.tokens(seg_start, paren)
    # "Cục Thuế nhận được công văn số … của Văn phòng Đại diện … (sau đây gọi là Văn phòng đại diện)": the
    # name defined is the one after the last "của", not the sentence's subject
    cua = max([i for i, t in enumerate(toks) if t.key == "cua"], default=-1)
    heads = [i for i in range(len(toks)) if toks[i].upper and ctx.scanner.is_head(toks, i)]
    after = [i for i in heads if i > cua]
    for i in after[:1] or heads[:1]:
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
                if _plural_of(words, tw):
                    best = t
                    break
        out.append(_Name(n.start, n.end, best.text) if best else n)
    return out


def _plural_of(words: list[str], tw: list[str]) -> bool:
    """ "Các Cục Thuế" (folded words) in a letter to "Cục Thuế các tỉnh, thành phố …" is that group: the name
    without its "các" is the start of an addressee that names a group ("các …" inside it); a group never
    stands for one addressee ("Cục Thuế tỉnh Bình Dương")."""
    if len(words) < 3 or words[0] not in ("cac", "nhung") or "cac" not in tw[1:]:
        return False
    w = words[1:]
    t = tw[1:] if tw[0] in ("cac", "nhung") else tw
    return len(t) > len(w) and t[0] == w[0] and _subseq(w, t)


def _issuer_only(ctx: _Ctx, names: list[_Name]) -> bool:
    if not ctx.issuer:
        return False
    ik = fold_key(ctx.issuer).split()
    return all(fold_key(n.text).split() == ik for n in names)
