"""The list-item tree of a body: numbered, lettered, bulleted, roman and article items with validated
numbering (:func:`_parse_items`), OCR's "9," list markers, and the items inside quotations or lists a
citation introduces ("Tại Điều 5 Thông tư … quy định: 1. …"), which are marked ``quoted``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

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
_NUMBERED = {"num.", "num)", "num/", "roman"}
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
    parent: _Item | None = None
    children: list[_Item] = field(default_factory=list)
    quoted: bool = False
    lead_in: tuple[int, int] | None = None  # text before the first item of this item's list


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
    r"[^.;:]{0,160}(?:quy\s+định|hướng\s+dẫn|nêu\s+rõ|nêu|sửa\s+đổi|bổ\s+sung)[^.;:]{0,40}:\s*[“\"#«]?\s*"
    # the quoted provision's own heading line may come first ("… quy định:⏎#2. Hàng hoá do DNCX nhận gia công …:",
    # "#" an OCR'd opening quote)
    r"(?:[“\"#«]?\s*\d{1,2}[.)]\s[^\n]{0,200}:\s*)?$",
    regex.I,
)
_PAGE_JUNK = regex.compile(r"^\s*(?:-*\s*\d{1,3}\s*-*|-{2,}\s*PAGE.*)\s*$", regex.I)
# an annex heading inside a body ("PHỤ LỤC", "PHỤ LỤC II: …", "Phụ lục số 02"): Decree 30 starts an
# annex on its own page with its own numbering, so it closes every list open before it
_ANNEX_HEADING = regex.compile(
    r"(?:PH[ỤU]\s+L[ỤU]C(?:\s*(?:S[ỐO]\s*)?(?:\d{1,2}|[IVX]{1,5})[a-z]?)?(?:\s*[.:\-–]\s*\p{Lu}.*)?"
    r"|Ph[ụu]\s+l[ụu]c(?:\s+(?:số\s*)?(?:\d{1,2}|[IVX]{1,5})[a-z]?)?\s*[.:]?)\s*$"
)


def _annex_walls(text: str, start: int, end: int) -> list[int]:
    """Where the annex headings inside ``text[start:end]`` start (the lines :func:`_parse_items` ends lists at)."""
    out: list[int] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        raw = text[pos:line_end]
        stripped = raw.lstrip(" \t*_>")
        if stripped and _ANNEX_HEADING.match(stripped):
            out.append(pos + len(raw) - len(stripped))
        pos = line_end + 1
    return out


_CAPS_SECTION = regex.compile(r"^[ \t*_>]*[IVX]{1,4}\s*[.)/\-]\s+[\p{Lu}\d ,\-–]{12,}$", regex.M)


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
        h = _CAPS_SECTION.search(text, o + 1, c)
        if h is not None:
            # "… “hợp đồng lao động …⏎V. THỜI HẠN NỘP HỒ SƠ …⏎… “Thuế điện tử”": OCR lost a ”, and no
            # quotation runs over a section heading of the letter quoting
            spans.append((o, h.start()))
            i = h.start()
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
    walls: list[int] = []  # annex headings: no item's own text runs over one
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
        if _ANNEX_HEADING.match(stripped):
            # "PHỤ LỤC⏎1. Xử trí khi …": the annex's "1." is no child of the body's "8." before it
            stack.clear()
            walls.append(ls)
            pos = line_end + 1
            last_item_line = False
            prev_end_char = "."
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
                    # a fresh "1." under a new parent of another style restarts the level; a roman section
                    # heading in capitals may skip numbers OCR lost ("I. ĐỐI TƯỢNG …" … "IV. THỦ TỤC …")
                    restart = _first(style, label) and d > 0 and stack[d - 1][1] is not prev.parent
                    if not restart and not (style == "roman" and _section_gap(prev, cand, text, m.end(), line_end)):
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
                    if style in _NUMBERED:
                        # dashes are the lowest level of Decree 30's hierarchy: a fresh "1." / "1/" list
                        # after a bulleted stretch ("- Một số Cục Thuế …" reporting facts, then "yêu cầu …:
                        # 1/ …") starts beside it, never under its last dash
                        while stack and stack[-1][1].style in _BULLETS:
                            stack.pop()
                    cand.parent = stack[-1][1] if stack else None
            stack.append((key, cand))
            found = cand
            break
        if found is None and stripped[:1].isdigit():
            found = _comma_sibling(text, ls, line_end, end, stack, prev_end_char, last_item_line)
            if found is not None:
                keys = [k for k, _ in stack]
                del stack[keys.index("num.") :]
                found.parent = stack[-1][1] if stack else None
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
        for w in walls:
            if it.content <= w < it.end:
                it.end = w
        nxt = items[k + 1] if k + 1 < len(items) else None
        if it.style in _BULLETS and nxt is not None and nxt.style in _NUMBERED and nxt.parent is not it:
            # "- Dữ liệu … chưa được cập nhật …⏎Để hoàn thành nhiệm vụ, Tổng cục yêu cầu …:⏎1/ …": the
            # sentence that introduces the new list is its lead-in, not the last dash's text
            cut = _leadin_start(text, it.content, it.end)
            if cut is not None:
                it.end = cut
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


def _section_gap(prev: _Item, cand: _Item, text: str, s: int, e: int) -> bool:
    """A roman heading after ``prev`` with one or two numbers between them missing, written in capitals
    (Decree 30 section titles are): the lines that held the missing ones were lost, the list goes on."""
    if not prev.value < cand.value <= prev.value + 3:
        return False
    letters = [c for c in text[s:e] if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


_SENTENCE_BREAK = regex.compile(r"[.;!?…]\s*\n")


def _leadin_start(text: str, lo: int, hi: int) -> int | None:
    """Where the lead-in sentence of a list (the one ending in ":" right before its first item, ``hi``)
    starts, when a finished sentence at a line end separates it from ``text[lo:…]``; else None."""
    tail = text[lo:hi].rstrip()
    if not tail.endswith(":"):
        return None
    breaks = list(_SENTENCE_BREAK.finditer(text, lo, lo + len(tail) - 1))
    if not breaks:
        return None
    cut = breaks[-1].end()
    while cut < hi and text[cut].isspace():
        cut += 1
    return cut


def _dot_parent(stack: list[tuple[str, _Item]], label: str) -> _Item | None:
    prefix = label.rsplit(".", 1)[0]
    for _, it in reversed(stack):
        if it.label == prefix and it.style in ("dot", "num."):
            return it
    return None


def _mark_quoted_lists(text: str, items: list[_Item], start: int) -> None:
    """A list introduced by "… Thông tư … quy định:" quotes that document: none of it is ours."""
    firsts: dict[tuple[int, str], _Item] = {}
    for it in items:
        # a list is the run of one style under one parent: "- …" facts, then "yêu cầu …: 1/ …" under the
        # same (no) parent are two lists with their own lead-ins
        key = (id(it.parent), _style_key(it.style, it.label) if it.style not in _BULLETS else "bullet")
        if key not in firsts:
            firsts[key] = it
            lo = it.parent.content if it.parent is not None else start
            prev = [x for x in items if x.start < it.start and x.end <= it.start and x is not it.parent]
            if prev:
                lo = max(lo, prev[-1].content)
            lead = text[max(lo, it.start - 400) : it.start]
            it_parent_list = [x for x in items if x.parent is it.parent and (
                _style_key(x.style, x.label) if x.style not in _BULLETS else "bullet") == key[1]]
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


def _skip_tree(it: _Item) -> None:
    """Mark every item under ``it`` as read (quoted): none of them gives a task."""
    for c in it.children:
        c.quoted = True
        _skip_tree(c)


def _ancestors(it: _Item) -> list[_Item]:
    """The items ``it`` stands under, nearest first."""
    out: list[_Item] = []
    p = it.parent
    while p is not None:
        out.append(p)
        p = p.parent
    return out


def _bullet_no(it: _Item) -> str:
    sibs = it.parent.children if it.parent is not None else []
    n = 1
    for c in sibs:
        if c is it:
            break
        if c.style == it.style:
            n += 1
    return str(n)
