"""Recipients: the ``Kính gửi:`` addressees (role ``to``) and the ``Nơi nhận:`` list (``cc``).

Decree 30/2020/NĐ-CP: a công văn names its addressees after ``Kính gửi:`` — one body
on the same line, or a list of ``-`` lines — and lists everyone who receives a copy at
the bottom left, under ``Nơi nhận:``, one ``-`` item per body, ending with ``Lưu: VT,
…`` (the archive copy). ``Như trên`` / ``Như kính gửi`` / ``Như Điều 3`` refer back to
the addressees and are not new recipients; a purpose mark (``(b/c)``, ``(để thực
hiện)``) says why a body gets a copy and is kept apart in :attr:`Recipient.purpose`.

Under a Kính gửi company the text often prints its address and tax code (``Mã số thuế:``,
``(Địa chỉ: …)``, ``Đ/c:``, a bare house-number line): those lines are skipped. Items
wrap over lines; a line without a leading dash continues the item above it.

The vocabulary is ``rules/recipients.yaml``; the Nơi nhận column itself is cut out of
merged OCR lines by :func:`docintel._footer.split_footer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .._model import Block, Document, Line, Recipient, Role
from .._normalise import fold
from .._rules import RuleFile, load
from .._segment import lines_of

_DASH = regex.compile(r"^\s*[`'‘“.,]?\s?[-~+•–—_*=·»>]+\s*")
_TRAIL = regex.compile(r"[\s;,.:|_~=*—–-]+$")
_TRAIL_JUNK = regex.compile(r"(?<=[;,.])[^\p{L}\p{N}()]+$")  # "VPC(TCT, ¿": marks after the item's end
_AFTER_PURPOSE = regex.compile(r"\s*[;,.]")
_LEAD_JUNK = regex.compile(r"^[^\p{L}\p{N}(]+")
_SPACES = regex.compile(r"\s+")
_WORD = regex.compile(r"\p{L}{2,}")
_MAX_KG_LINES = 30


_AFTER_END = regex.compile(r"(?:;|\.(?=\s))\s*([^;.]{0,24})$")  # "T.TRÀ VINH": a dot inside a word ends nothing
_ANY_LETTER = regex.compile(r"\p{L}")
_CLOSED_TAIL = regex.compile(r"[;.]\s*\S{0,3}$")
_UNOPENED_TAIL = regex.compile(r"\s+[^\s()]{1,3}\)[\s;,.]*$")
_QUOTE_ITEM = regex.compile(r"^\s*[“”\"‘’'`]\s?\p{Lu}")
_ENUM_HEAD = regex.compile(r"\b(?:cac|nhung)\s\w+(?:\s\w+){0,3}\s?:\s?\S")
_FIRST_WORD = regex.compile(r"\s*(\p{L}+)")
_LIST_SEP = regex.compile(r"[,.;]")
_LOWER = regex.compile(r"\p{Ll}")
_NHU = regex.compile(r"nh[uw]\b")
_FILLER = regex.compile(r"\s(?:\.\s?){2,}|\s…")
_OPEN_END = regex.compile(r"[.;:]\s*$")
_TWO_LETTERS = regex.compile(r"\p{L}{2,}")
_UPPER = regex.compile(r"\p{Lu}")


@dataclass(frozen=True)
class _Vocab:
    rules: RuleFile

    def match(self, rule_id: str, text: str, folded: str | None = None) -> regex.Match[str] | None:
        f = fold(text) if folded is None else folded
        for p in self.rules.by_id(rule_id).patterns:
            m = p.search(f)
            if m:
                return m
        return None

    def kind(self, kind: str, text: str) -> regex.Match[str] | None:
        f = fold(text)
        for r in self.rules.rules:
            if r.get("kind") != kind:
                continue
            for p in r.patterns:
                m = p.search(f)
                if m:
                    return m
        return None

    def finditer(self, kind: str, text: str) -> list[tuple[int, int]]:
        f = fold(text)
        spans: list[tuple[int, int]] = []
        for r in self.rules.rules:
            if r.get("kind") != kind:
                continue
            for p in r.patterns:
                spans.extend(m.span() for m in p.finditer(f))
        return sorted(spans)


@cache
def vocab() -> _Vocab:
    return _Vocab(load("recipients"))


# ---------------------------------------------------------------------------
# line vocabulary (used by the footer splitter too)


def kinh_gui_head(text: str) -> int | None:
    """Where the addressees start on a ``Kính gửi:`` line, or None if it is not one."""
    m = vocab().match("kinh-gui", text)
    return m.end() if m else None


def noi_nhan_head(text: str, folded: str | None = None) -> int | None:
    """Where the rest starts on a ``Nơi nhận:`` line, or None (``nơi nhận hồ sơ`` is prose).
    ``folded`` is ``fold(text)`` when the caller has it."""
    m = vocab().match("noi-nhan", text, folded)
    if not m:
        return None
    rest = text[m.end() :]
    if ":" not in text[: m.end()]:
        word = _FIRST_WORD.match(rest)
        if word and word.group(1).islower() and len(word.group(1)) >= 2:
            # prose goes on in lower case; "Nơi nhận fit KT. CUC TRUONG" is the head
            # with a scrap of OCR junk before the merged signing block
            upper = len(_UPPER.findall(rest))
            if upper * 2 < len(_ANY_LETTER.findall(rest)):
                return None
    return m.end()


def starts_with_dash(text: str) -> bool:
    return bool(_DASH.match(text)) and bool(_ANY_LETTER.search(text))


def is_excluded(item: str) -> bool:
    """``Như trên``, ``Như kính gửi``, ``Lưu: VT``, ``Gửi bản điện tử:`` — not a recipient."""
    return _is_named_exclusion(item) or is_heading(item)


def _is_named_exclusion(item: str) -> bool:
    t = _DASH.sub("", item, count=1).strip()
    if vocab().kind("exclude", t):
        return True
    f = fold(t)
    # OCR'd "Như trên" ("Như nana : .", "Nhu tren: cps"): Như + a little junk
    return bool(_NHU.match(f)) and len(_WORD.findall(t)) <= 3


def is_heading(item: str) -> bool:
    """A heading line of a list: a few words ending with a colon and nothing after it."""
    t = _DASH.sub("", item, count=1).strip()
    return t.endswith(":") and len(t.split()) <= 6


def is_address(text: str) -> bool:
    return bool(
        vocab().kind("address", _DASH.sub("", text, count=1) if not text.lstrip().startswith("(") else text)
    )


def is_body_start(text: str) -> bool:
    return bool(vocab().kind("body-start", text))


def split_purpose(name: str) -> tuple[str, str | None]:
    """``UBND tỉnh (để b/c)`` → ``("UBND tỉnh", "(để b/c)")``; other parentheses stay."""
    spans = vocab().finditer("purpose", name)
    if not spans:
        return name, None
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    purpose = " ".join(name[s:e] for s, e in merged)
    out = []
    pos = 0
    for s, e in merged:
        out.append(name[pos:s])
        pos = e
    out.append(name[pos:])
    return "".join(out), purpose


def clean_name(text: str) -> str:
    """An item as a recipient name: no dash, no trailing punctuation or OCR junk."""
    t = _DASH.sub("", text.strip(), count=1)
    t = _LEAD_JUNK.sub("", t)
    t = _SPACES.sub(" ", t).strip()
    # junk after the item's own end: "Lãnh đạo Cục; ⁄", "Kho bạc Nhà nước; x \""
    m = _AFTER_END.search(t)
    if m:
        rest = m.group(1)
        letters = len(_ANY_LETTER.findall(rest))
        words = [w for w in rest.split() if _ANY_LETTER.search(w)]
        if letters < 4 or (not _LOWER.search(rest) and len(words) <= 2):
            t = t[: m.start()]
    t = _TRAIL.sub("", _TRAIL_JUNK.sub("", t))
    return t.strip()


# ---------------------------------------------------------------------------
# grouping lines into items


@dataclass
class _Item:
    parts: list[Line]

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end

    def text(self) -> str:
        return " ".join(p.text.strip() for p in self.parts)


def _closed(text: str) -> bool:
    return text.rstrip().endswith((";", ".", "./.")) or bool(_CLOSED_TAIL.search(text.rstrip()))


def group_items(lines: list[Line]) -> list[_Item]:
    """Nơi nhận lines → items: a dash starts an item, a line without one continues it.

    In a list that uses no dashes at all, a line after a closed item (``;``) starts a
    new one.
    """
    items: list[_Item] = []
    dashed = any(starts_with_dash(ln.text) for ln in lines)
    for ln in lines:
        if not ln.text.strip():
            continue
        if not items or starts_with_dash(ln.text):
            items.append(_Item([ln]))
        elif dashed and _QUOTE_ITEM.match(ln.text) and ";" in items[-1].parts[-1].text:
            # "- Như trên; lồ <Ê À" / "“Phó TC Phi Văn Tuần": OCR read the dash as a quote mark; the
            # item above ended at its ";" (what follows it is the other column's debris)
            items.append(_Item([ln]))
        elif not dashed and _closed(items[-1].parts[-1].text):
            items.append(_Item([ln]))
        elif is_excluded(ln.text) and _closed(items[-1].parts[-1].text):
            items.append(_Item([ln]))
        elif _closed(items[-1].parts[-1].text) and vocab().match("nhu-tren", _DASH.sub("", items[-1].text(), count=1)):
            items.append(_Item([ln]))  # "- Như trên;" is whole: the next line is an item of its own
        else:
            items[-1].parts.append(ln)
    return items


def _cut_after_purpose(name: str) -> str:
    """``Phó TCTr Cao Anh Tuấn (để b/c); age BA ha tớ`` → the item up to its purpose mark and
    the punctuation closing it: what follows on the line is the other column's debris."""
    spans = vocab().finditer("purpose", name)
    if not spans:
        return name
    end = spans[-1][1]
    m = _AFTER_PURPOSE.match(name, end)
    if m is None or not name[m.end() :].strip():
        return name
    return name[: m.end()]


def cut_filler(name: str) -> str:
    """A form's dotted blank after the printed part (``Cục Thuế .......``, filled in by hand and
    read by OCR as ``Cục Thuế .. - LG... Biel...``): the name is what was printed before it."""
    m = _FILLER.search(name)
    if m and len(_WORD.findall(name[: m.start()])) >= 2:
        return name[: m.start()]
    return name


def _recipient(item_text: str, start: int, end: int, role: Role) -> Recipient | None:
    name = clean_name(_cut_after_purpose(item_text))
    name, purpose = split_purpose(name)
    name = cut_filler(name)
    if name.count(")") > name.count("("):
        name = _UNOPENED_TAIL.sub("", name)  # "Phó TC Phi Văn Tuần Ce)": the rest of an OCR'd "(b/c)"
    name = _TRAIL.sub("", _SPACES.sub(" ", name)).strip()
    if len(_WORD.findall(name)) == 0 or len(name) < 2:
        return None
    return Recipient(name=name, role=role, start=start, end=end, purpose=purpose)


# list markers of one rank: OCR turns a dash into "~", "–" or "_", never into "+" or a bullet
_MARKER_CLASS = {"-": "-", "~": "-", "–": "-", "—": "-", "_": "-", "=": "-", "+": "+", "•": "*", "*": "*", "·": "*"}
_MARKER = regex.compile(r"^\s*[`'‘“.,]?\s?([-~+•–—_*=·»>])")


def _marker(text: str) -> str:
    m = _MARKER.match(text)
    return _MARKER_CLASS.get(m.group(1), m.group(1)) if m else ""


def _heads_items(text: str, rest: list[_Item]) -> bool:
    """A ``… :`` line heads the items under it ("- Các đơn vị:" over "+ Vụ Pháp chế;"): items of a lower
    rank, which carry another marker. The next item carrying the same marker is a sibling, and the colon
    is an OCR'd ";" ("- Phòng Kiểm tra thuế số 1:" before "- Phòng Pháp chế;")."""
    nxt = next((x.text() for x in rest if not is_excluded(x.text())), None)
    if nxt is None:
        return False
    own = _marker(text)
    return not own or _marker(nxt) != own


def cc_recipients(block: Block) -> list[Recipient]:
    """The ``cc`` recipients of a Nơi nhận block (its ``lines`` are the left column)."""
    out: list[Recipient] = []
    items = group_items(block.lines)
    for k, item in enumerate(items):
        text = item.text()
        if _is_named_exclusion(text):
            continue
        # "- Các đơn vị:" heads the items under it; with none it is an item whose ";" OCR
        # read as ":" ("- Lãnh đạo Tổng cục Thuế:" before "- Lưu: VT")
        if is_heading(text) and _heads_items(text, items[k + 1 :]):
            continue
        r = _recipient(text, item.start, item.end, "cc")
        if r is not None:
            out.append(r)
    return out


# ---------------------------------------------------------------------------
# Kính gửi


def find_kinh_gui(text: str, start: int = 0, end: int | None = None) -> Line | None:
    """The first ``Kính gửi:`` line in ``text[start:end]``."""
    for ln in lines_of(text, start, len(text) if end is None else end):
        if len(ln.text) < 400 and kinh_gui_head(ln.text) is not None:
            return ln
    return None


def _cut_inline_address(ln: Line) -> tuple[Line, bool]:
    """``Bách Khoa; D/c: Tầng 2 …`` → the part before the address, and whether one was cut."""
    f = fold(ln.text)
    best: int | None = None
    for r in vocab().rules.rules:
        if r.get("kind") != "address-inline":
            continue
        for p in r.patterns:
            m = p.search(f)
            if m and (best is None or m.start() < best):
                best = m.start()
    if best is None:
        return ln, False
    return Line(ln.text[:best], ln.start, ln.start + best), True


def _enumeration(item: str, line: str) -> bool:
    """``các Bộ: Công an, Ngoại giao. Y tế, Quốc phòng.`` goes on over the next line
    when that line is more of the list (short comma-separated names): OCR reads the
    commas of a long one-line addressee as full stops."""
    if not _ENUM_HEAD.search(fold(item)):
        return False
    if len(line) > 80 or is_body_start(line) or is_address(line):
        return False
    parts = [p for p in _LIST_SEP.split(line) if p.strip()]
    return len(parts) >= 2 and all(len(p.split()) <= 6 for p in parts)


def _in_capitals(s: str) -> bool:
    """A line printed in capitals (``THUỘC GT EPC DA NM DG ĐÔNG THÀNH 1``): an addressee in
    capitals goes on over the next line in capitals."""
    letters = _ANY_LETTER.findall(s)
    return len(letters) >= 6 and sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)


# "BENGE Ca... - Bộ Tài chính;": OCR merged the left column (the "CÔNG VĂN ĐẾN" stamp beside Kính gửi) into a
# dash line of the list; the item is the dash and what follows it
_MERGED_ITEM = regex.compile(r"^(?P<left>\S.{0,30}?)[ \t](?P<item>[-–][ \t]*\p{Lu}[^;]{1,120}[;.])[ \t]*$")
_STAMP_JUNK = regex.compile(r"\.\.\.|…|\d|\b\p{Lu}{3,}\b")


def _merged_dash_line(ln: Line, nxt: list[Line]) -> Line | None:
    """The dash item of a Kính gửi line whose left part is another column's OCR junk, inside a dash list (a
    dash line among the next lines): ``BENGE Ca... - Bộ Tài chính;`` → ``- Bộ Tài chính;``."""
    m = _MERGED_ITEM.match(ln.text)
    if m is None or is_body_start(m.group("left")) or not _STAMP_JUNK.search(m.group("left")):
        return None
    if len(m.group("left").split()) > 4 or not any(starts_with_dash(x.text) for x in nxt[:3] if x.text.strip()):
        return None
    a = m.start("item")
    return Line(ln.text[a:], ln.start + a, ln.end)


def to_items(text: str, head: Line) -> tuple[list[_Item], int]:
    """The addressee items of a Kính gửi block starting at ``head``, and where the block ends."""
    at = kinh_gui_head(head.text) or 0
    first = Line(head.text[at:], head.start + at, head.end)
    lines = lines_of(text, head.end + 1, len(text)) if head.end < len(text) else []
    items: list[_Item] = []
    mode = "item"
    single = False
    block_end = head.end
    if _TWO_LETTERS.search(first.text):
        cut, had_addr = _cut_inline_address(first)
        items.append(_Item([cut]))
        single = not starts_with_dash(first.text)
        mode = "address" if had_addr else "item"
    seen = 0
    gap = False  # a blank line since the last line read
    for k, ln in enumerate(lines):
        s = ln.text.strip()
        if not s:
            gap = True
            continue
        after_gap, gap = gap, False
        seen += 1
        if seen > _MAX_KG_LINES or len(ln.text) > 400:
            break
        if kinh_gui_head(ln.text) is not None or noi_nhan_head(ln.text) is not None:
            break
        if not starts_with_dash(ln.text):
            merged = _merged_dash_line(ln, [x for x in lines[k + 1 : k + 6] if x.text.strip()])
            if merged is not None:
                ln, s = merged, merged.text.strip()
        if starts_with_dash(ln.text) and not is_address(ln.text):
            if single and items and not is_body_start(_DASH.sub("", s)) and len(s) > 90:
                break
            if is_body_start(_DASH.sub("", s, count=1)):
                break
            if single and items:
                break  # a dash list after a one-line addressee is the body's
            cut, had_addr = _cut_inline_address(ln)
            items.append(_Item([cut]))
            mode = "address" if had_addr else "item"
            block_end = ln.end
            continue
        if is_address(ln.text):
            mode = "address"
            block_end = ln.end
            continue
        if is_body_start(s):
            break
        if mode == "address":
            # the wrapped rest of an address: short, or the previous line left it open
            if len(s) <= 70 and not _OPEN_END.search(text[block_end - 1 : block_end]):
                block_end = ln.end
                continue
            if len(s) <= 45:
                block_end = ln.end
                continue
            break
        if not items:
            if len(s) > 120:
                break
            items.append(_Item([ln]))
            single = True
            block_end = ln.end
            continue
        prev = items[-1].parts[-1].text.rstrip()
        enum = single and not after_gap and _enumeration(items[-1].text(), s)
        if prev.endswith((".", ";", ":")) and not (enum and prev.endswith(".")):
            break
        if single and after_gap and s[0].isupper() and s.endswith(".") and not _in_capitals(s):
            break  # "Kính gửi: UBND tỉnh" ⏎⏎ "Nội dung." — a short sentence of the body, not the name's rest
        words = s.split()
        caps = single and not after_gap and _in_capitals(items[-1].text()) and _in_capitals(s)
        if s[0].islower() or (len(words) <= 5 and len(s) <= 50) or not single or enum or caps:
            # a long line goes on a one-line addressee only as the lower-case wrap of a long
            # head line left open ("… gói thầu số 1: dự án đầu tư" ⏎ "xây dựng cầu cạn …")
            wrapped = s[0].islower() and not after_gap and len(prev) >= 60 and len(s) <= 120 \
                and len(items[-1].parts) == 1
            if single and len(s) > 80 and not wrapped:
                break
            cut, had_addr = _cut_inline_address(ln)
            items[-1].parts.append(cut)
            mode = "address" if had_addr else "item"
            block_end = ln.end
            continue
        break
    return items, block_end


def to_recipients(text: str, head: Line) -> list[Recipient]:
    items, _ = to_items(text, head)
    out: list[Recipient] = []
    for k, item in enumerate(items):
        r = _recipient(item.text(), item.start, item.end, "to")
        if r is None or _is_named_exclusion(item.text()):
            continue
        # "X:" heads a list only when items follow it ("Kính gửi: Line Corporation:" is the addressee)
        if is_heading(item.text()) and k + 1 < len(items):
            continue
        out.append(r)
    return out


def _agency_ids(doc: Document, recipients: list[Recipient]) -> None:
    """Each recipient's registry id, a generic name ("UBND tỉnh", "Sở Y tế") placed in the
    issuer's province; groups, unknown and ambiguous names stay unlinked."""
    from .._agencies import agency_id, issuer_province

    issuer = doc.issuer.name if doc.issuer else None
    province = issuer_province(doc.issuer, doc.place)
    for r in recipients:
        r.agency_id = agency_id(r.name, province=province, issuer=issuer)


def extract_recipients(doc: Document) -> None:
    """Pipeline step: ``to`` from Kính gửi, ``cc`` from Nơi nhận."""
    from .._footer import ensure_footer

    seg = ensure_footer(doc)
    text = doc.text
    out: list[Recipient] = []
    head: Line | None = None
    if seg.kinh_gui is not None:
        head = find_kinh_gui(text, seg.kinh_gui.start, min(len(text), seg.kinh_gui.end + 1))
    if head is None:
        limit = (
            seg.noi_nhan.start
            if seg.noi_nhan is not None
            else (seg.signature.start if seg.signature else len(text))
        )
        head = find_kinh_gui(text, 0, limit)
    if head is not None:
        out.extend(to_recipients(text, head))
    if seg.noi_nhan is not None:
        out.extend(cc_recipients(seg.noi_nhan))
    _agency_ids(doc, out)
    doc.recipients = out


__all__ = [
    "cc_recipients",
    "clean_name",
    "extract_recipients",
    "find_kinh_gui",
    "group_items",
    "is_address",
    "is_body_start",
    "is_excluded",
    "kinh_gui_head",
    "noi_nhan_head",
    "split_purpose",
    "starts_with_dash",
    "to_items",
    "to_recipients",
]
