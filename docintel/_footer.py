"""The bottom of a dispatch: the Nơi nhận list and the signing block (issue 2).

Decree 30/2020/NĐ-CP puts two columns under the body: ``Nơi nhận:`` and its ``-``
items on the left, the signing block (authority prefix, titles, the signer's name)
on the right. Text extraction delivers them one after the other in either order, or
merged line by line::

    Nơi nhận: KT. CỤC TRƯỞNG          ← head of the list + a prefix line
    - Như trên; PHÓ CỤC TRƯỞNG         ← an item + the signer's title
    - Lãnh đạo Cục (để b/c);
    - Lưu: VT, TTHT.
    Nguyễn Hồng Thái                   ← the name

:func:`split_footer` finds where the footer starts — the first ``Nơi nhận`` line or
authority-prefix line after the body start (with the title lines just above it), or,
failing both, a title line followed by a personal name — walks it once, and cuts
each line into its left part (Nơi nhận items and their wrapped continuations) and
right part (prefix, title, name). The left parts become ``segments.noi_nhan.lines``,
the right parts ``segments.signature.lines``; the body ends where the footer starts,
and what follows the footer (a phụ lục, an attached plan or letter) is
``segments.appendix``. Only the first footer after the body counts, so a quyết định
followed by its "KẾ HOẠCH (Kèm theo Quyết định …)" keeps its own signer.

Lines are examined one by one with bounded, anchored patterns: no regex sees more
than one line, so arbitrary input cannot make matching slow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from ._model import Block, Document, Line, Segments
from ._normalise import fold
from ._segment import lines_of
from .fields._recipients import (
    find_kinh_gui,
    is_excluded,
    noi_nhan_head,
    starts_with_dash,
    to_items,
)
from .fields._signer import (
    classify,
    find_prefix,
    has_title_word,
    is_agency_line,
    is_title_line,
    is_upper_continuation,
    match_prefix,
    merged_kind,
    person_name,
    repair_name,
    strip_junk,
    upper_ratio,
    vocab,
)
from .fields._stamps import ensure_stamps, in_stamp

MAX_FOOTER_LINES = 70  # non-blank lines a footer may span
MAX_LINE = 400  # longer lines are prose, never footer
_WALK_BACK = 6

_PAGE_MARKER = regex.compile(
    r"^\s*(?:-{2,}\s*PAGE\b.*|-?\s*\d{1,3}\s*-?|trang\s*\d+(?:\s*/\s*\d+)?)\s*$", regex.I
)
_CLOSING = regex.compile(r"\.\s?/\s?[.,]|\./\s*$")
_MID_PREFIX = regex.compile(
    r"(?<=[\s;,.:)\]])[^\p{L}\p{N}\s]{0,2}\s?(?:K\s?\.?\s?T|T\s?/?\s?M|T\s?\.?\s?L|T\s?/?\s?U\s?\.?\s?Q|Q)\s?[.,]?\s?(?=\p{Lu})"
)
_ITEM_TAIL = regex.compile(r"[;,]\W{0,2}$")
_TRAILING_NAME = regex.compile(r"[;.)]\s+(\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){1,4})[^\p{L}\p{N};,]{0,3}$")
_TOKEN = regex.compile(r"\S+")
# where a Nơi nhận item ends before a merged right-column part: its punctuation, maybe
# followed by a mark or two of OCR junk ("-Nhutrén;f „ PHO …")
_ITEM_END = regex.compile(r"[;,.:)][^\p{L}\p{N}]*(?:\p{L}{1,2}[^\p{L}\p{N}]*)?$")
_LUU = regex.compile(r"[\W_]{0,4}l\w{0,2}\s?[:;,.]?\s?(?:vt|hc)\b|[\W_]{0,4}l[uw]u\b")


_ANY_LETTER = regex.compile(r"\p{L}")
_CLOSED_ITEM = regex.compile(r"[;.]\W{0,3}$")
_LOWER = regex.compile(r"\p{Ll}")
_SHORT_LOWER = regex.compile(r"\p{Ll}{1,3}")
_TWO_LETTERS = regex.compile(r"\p{L}{2}")
_TWO_LOWER = regex.compile(r"\p{Ll}{2}")
_TWO_UPPER = regex.compile(r"\p{Lu}{2}")


@dataclass
class Footer:
    """Where the footer lies, in line indices and the column parts found in it."""

    start: int  # index of its first line
    end: int  # index of its last line
    head: int | None = None  # index of the Nơi nhận line
    left: list[Line] = field(default_factory=list)
    right: list[Line] = field(default_factory=list)


def _sub(ln: Line, a: int, b: int) -> Line | None:
    """The part ``a:b`` of a line, stripped, with its span in the document."""
    piece = ln.text[a:b]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if not piece:
        return None
    return Line(piece, ln.start + a + lead, ln.start + a + lead + len(piece))


def _appendix_head(text: str) -> bool:
    t, _ = strip_junk(text)
    f = fold(t)
    if "cong hoa xa hoi" in f or f.startswith("doc lap - tu do"):
        return True
    heads = [str(h) for h in vocab().rules.meta.get("appendix_heads") or []]
    if not any(f.startswith(h) for h in heads):
        return False
    return upper_ratio(t) >= 0.6 or f.startswith(("phu luc", "(kem theo", "kem theo"))


def is_prose(text: str) -> bool:
    """A body sentence: long, mostly lower-case words."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if len(words) < 7 or len(text) < 40:
        return False
    lower = sum(1 for w in words if next(c for c in w if c.isalpha()).islower())
    return lower * 2 >= len(words)


def _skip(ln: Line, stamps: list[Block]) -> bool:
    return not ln.text.strip() or bool(_PAGE_MARKER.match(ln.text)) or in_stamp(ln.start, stamps)


def _up(lines: list[Line], j: int, floor: int, stamps: list[Block]) -> Iterator[int]:
    """Indices of the lines from ``j`` up to ``floor``, blank lines, page markers and stamps left out."""
    while j >= floor:
        if not _skip(lines[j], stamps):
            yield j
        j -= 1


def split_columns(ln: Line, expect_title: bool = False) -> tuple[Line | None, list[Line]]:
    """Cut a Nơi nhận line into its item (left) and signing-block parts (right).

    ``- Như trên; PHÓ CỤC TRƯỞNG`` → (``- Như trên;``, [``PHÓ CỤC TRƯỞNG``]);
    ``- Như trên, KT. VỤ TRƯỞNG …`` splits at the prefix; ``…; Nguyễn Dương Thái``
    at a trailing personal name.
    """
    s = ln.text
    if len(s) > MAX_LINE:
        return ln, []
    # 1. a prefix in mid-line
    for m in _MID_PREFIX.finditer(s):
        p = m.start()
        if not _TWO_LETTERS.search(s[:p]):
            continue
        if match_prefix(s[p:].lstrip()):
            return _sub(ln, 0, p), [x for x in [_sub(ln, p, len(s))] if x]
    # 2. a trailing upper-case run holding a title
    toks = list(_TOKEN.finditer(s))
    k = len(toks)
    while k > 0:
        tok = toks[k - 1].group(0)
        if any(c.isalpha() and c.islower() for c in tok):
            # OCR junk inside a title ("PHO pes CUC TRUONG"): a short lower-case token
            # between capitals
            if not (k < len(toks) and k >= 2 and _junk_in_run(tok, toks[k - 2].group(0))):
                break
        k -= 1
    if k < len(toks):
        run_start = toks[k].start()
        # the run begins with its first token that has letters
        while k < len(toks) and not _ANY_LETTER.search(toks[k].group(0)):
            k += 1
        if k < len(toks):
            run_start = toks[k].start()
            run = s[run_start:]
            left = s[:run_start]
            if (
                _LOWER.search(left)
                and _ITEM_END.search(left)
                and not run.startswith("(")
                and (
                    has_title_word(run)
                    or (
                        expect_title
                        and is_upper_continuation(run)
                        and len(run.split()) >= 2
                        and not _LUU.match(fold(left))  # "- Lưu: VT, TCHQ." is the archive item
                    )
                )
                and len(_ANY_LETTER.findall(run)) >= 4
            ):
                return _sub(ln, 0, run_start), [x for x in [_sub(ln, run_start, len(s))] if x]
    # 3. a trailing personal name
    m2 = _TRAILING_NAME.search(s)
    if m2:
        pn = person_name(m2.group(1))
        if pn and pn[1] and len(pn[0].split()) >= 2 and _TWO_LETTERS.search(s[: m2.start(1)]):
            return _sub(ln, 0, m2.start(1)), [x for x in [_sub(ln, m2.start(1), m2.end(1))] if x]
    return ln, []


def _person_item(ln: Line) -> Line | None:
    """The left part of a line that is a person's name followed by a run of capitals holding a
    title word, when the name has a common surname: ``au Đỗ Thị Xuân Phương BML. TRƯỞNG BAN``."""
    s = ln.text
    if len(s) > 120 or is_prose(s):
        return None
    toks = list(_TOKEN.finditer(s))
    k = len(toks)
    while k > 0 and not _LOWER.search(toks[k - 1].group(0)):
        k -= 1
    if k == len(toks) or k < 2 or not has_title_word(s[toks[k].start() :]):
        return None
    for n in (5, 4, 3, 2):
        if k - n < 0:
            continue
        pn = person_name(" ".join(t.group(0) for t in toks[k - n : k]))
        if pn is not None and pn[1] and len(pn[0].split()) == n:
            return _sub(ln, 0, toks[k - 1].end())
    return None


def _junk_in_run(tok: str, before: str) -> bool:
    return (
        bool(_SHORT_LOWER.fullmatch(tok))
        and bool(_TWO_UPPER.search(before))
        and not any(c.islower() for c in before)
    )


def _headless_item(text: str) -> bool:
    """A Nơi nhận item without the list's head: a dash line that ``Như trên`` or a
    closing ``;``/``,`` marks as an item, short of a body sentence."""
    if len(text) > 160 or not starts_with_dash(text):
        return False
    return is_excluded(text) or ";" in text or text.rstrip().endswith(",")


def _is_sig_line(text: str) -> bool:
    t, _ = strip_junk(text)
    return bool(t) and (find_prefix(t) is not None or is_title_line(t))


def _walk_back(lines: list[Line], i: int, floor: int, stamps: list[Block]) -> int:
    """Include the prefix/title lines printed just above line ``i``."""
    start = i
    j = i - 1
    while j >= floor and i - j <= _WALK_BACK:
        ln = lines[j]
        if _skip(ln, stamps) or len(ln.text.strip()) <= 3:
            j -= 1
            continue
        if _is_sig_line(ln.text) and not _CLOSING.search(ln.text):
            start = j
            j -= 1
            continue
        break
    return start


_ABOVE_NAME = 3  # non-blank lines between a Nơi nhận list and the signer's name printed above it
_ABOVE_TITLE = 4  # non-blank lines between that name and the title over it (the signature's room)
_NOISE_MAX = 24  # a longer line between the title and the name is text, not stamp debris


def _between(text: str) -> bool:
    """A line that may stand inside a signing block without being part of it: stamp or
    signature debris (``ear``, ``[``), ``(Đã ký)``."""
    t = text.strip()
    return len(t) <= _NOISE_MAX and not _CLOSING.search(t) and not starts_with_dash(t) and not t.endswith((";", ":"))


def _block_above(lines: list[Line], i: int, floor: int, stamps: list[Block]) -> tuple[int, bool] | None:
    """A signing block without a prefix printed just above line ``i`` (the Nơi nhận list):
    the head signing in his own name (Decree 30/2020, Art. 13: ``VỤ TRƯỞNG`` / the name)
    typed as right-indented paragraphs over the list. Returns the index of its first line
    and whether it has a title line; a bare name counts only right under the body's
    closing sentence, so a name-only line inside the body is never a signer."""
    name: int | None = None
    for seen, j in enumerate(_up(lines, i - 1, floor, stamps), start=1):  # the name: the nearest line above
        if seen > _ABOVE_NAME:
            return None
        ln = lines[j]
        t, _ = strip_junk(ln.text)
        if t and classify(t) == "name" and not _ITEM_TAIL.search(ln.text):
            name = j
            break
        if not _between(ln.text) or _is_sig_line(ln.text):  # only a little debris may stand between
            return None
    if name is None:
        return None
    top: int | None = None
    for seen, j in enumerate(_up(lines, name - 1, floor, stamps)):
        if seen >= _ABOVE_TITLE:
            break
        ln = lines[j]
        t, _ = strip_junk(ln.text)
        if t and is_title_line(t) and not _CLOSING.search(ln.text) and len(ln.text) <= 120:
            top = j  # the title (a long one wraps over two lines: keep walking up)
        elif top is not None or not _between(ln.text) or classify(t) == "name":
            break
    if top is not None:
        return top, True
    # a bare name: its strong surname, and the body's closing sentence right above it
    pn = person_name(strip_junk(lines[name].text)[0])
    k = next(_up(lines, name - 1, floor, stamps), None)
    if pn is None or not pn[1] or k is None or not _CLOSING.search(lines[k].text):
        return None
    return name, False


def _with_block_above(lines: list[Line], i: int, floor: int, stamps: list[Block], prefix: int | None) -> int:
    """Where a footer whose Nơi nhận list starts at line ``i`` begins: at a prefix-less signing
    block printed above the list, else at ``i``. A bare name yields to a prefixed block found
    below it (that block is the signer's; the name may be a stray line)."""
    above = _block_above(lines, i, floor, stamps)
    if above is None or not (above[1] or prefix is None or prefix < above[0]):
        return i
    return above[0]


def _title_then_name(lines: list[Line], lo: int, stamps: list[Block]) -> int | None:
    """The first title line after ``lo`` followed (within four lines) by a personal name."""
    for i in range(lo, len(lines)):
        ln = lines[i]
        if _skip(ln, stamps) or len(ln.text) > 120:
            continue
        t, _ = strip_junk(ln.text)
        if not is_title_line(t):
            continue
        seen = 0
        for j in range(i + 1, len(lines)):
            if _skip(lines[j], stamps):
                continue
            seen += 1
            if seen > 4:
                break
            tj, _ = strip_junk(lines[j].text)
            if person_name(tj):
                return i
            if is_prose(lines[j].text):
                break
    return None


def find_footer(
    text: str, lines: list[Line], first: int, stamps: list[Block], folded: str | None = None
) -> Footer | None:
    """Locate and walk the first footer at or after line index ``first`` (``folded`` is
    ``fold(text)`` when the caller has it)."""
    head: int | None = None
    prefix: int | None = None
    closing: int | None = None
    if folded is None or len(folded) != len(text):
        folded = fold(text)  # once; its slices are the folded lines
    for i in range(first, len(lines)):
        ln = lines[i]
        if _skip(ln, stamps) or len(ln.text) > MAX_LINE:
            continue
        f = folded[ln.start : ln.end]
        if head is None and noi_nhan_head(ln.text, f) is not None:
            head = i
        if prefix is None:
            t, lead = strip_junk(ln.text)
            if t and find_prefix(t, f[lead : lead + len(t)]) is not None:
                prefix = i
        if closing is None and _CLOSING.search(ln.text):
            closing = i
        if head is not None and prefix is not None:
            break
    cands = [_walk_back(lines, x, first, stamps) for x in (head, prefix) if x is not None]
    if head is not None and cands[0] == head:
        cands[0] = _with_block_above(lines, head, first, stamps, prefix)
    top, debris = _lists_without_head(lines, first, stamps) if head is None else (None, None)
    if debris is not None and (
        prefix is not None
        or _is_sig_line(lines[debris].text)
        or (top is not None and _block_above(lines, top, first, stamps) is not None)
    ):
        debris = None  # a readable signing block: the ordinary walk reads it
    if top is not None:
        if debris is not None:
            cands.append(debris)
        else:
            back = _walk_back(lines, top, first, stamps)
            cands.append(_with_block_above(lines, top, first, stamps, prefix) if back == top else back)
    if cands:
        start = min(cands)
    else:
        found = None
        if closing is not None:
            found = _title_then_name(lines, closing + 1, stamps)
        if found is None:
            found = _title_then_name(lines, first, stamps)
        if found is None:
            return None
        start = found
    walker = _Walker(lines, start, stamps)
    walker.list_top, walker.debris = top, debris
    fz = walker.run()
    if not fz.right and (fz.head is not None or walker.headless):
        _signature_below(fz, lines, stamps)
    return fz


_LIST_BACK = 14  # non-blank lines a Nơi nhận list may span above its "Lưu" item


def _lists_without_head(lines: list[Line], first: int, stamps: list[Block]) -> tuple[int | None, int | None]:
    """A Nơi nhận list whose ``Nơi nhận:`` head OCR destroyed (``2 bicdg 1y TONG CYC TRUONG``):
    the first ``- Lưu: VT, …`` item after the body and the ``-`` items printed right above
    it. Returns the index of the list's first item and of the line just above it when
    that line is short debris (the damaged head, where a signing prefix may survive)."""
    luu = None
    for i in range(first, len(lines)):
        t = lines[i].text
        if len(t) < 120 and starts_with_dash(t) and _LUU.match(fold(t)) and not _skip(lines[i], stamps):
            luu = i
            break
    if luu is None:
        return None, None
    top: int | None = None
    for seen, j in enumerate(_up(lines, luu - 1, first, stamps)):
        if seen >= _LIST_BACK:
            break
        t = lines[j].text
        if starts_with_dash(t) and len(t) <= 160 and not is_prose(t):
            top = j
        elif len(t) <= 80 and not is_prose(t) and not _CLOSING.search(t) and top is not None and _LOWER.search(t):
            pass  # a wrapped item (or the debris line above the list: decided below)
        else:
            break
    if top is None:
        return None, None
    k = next(_up(lines, top - 1, first, stamps), -1)
    above = lines[k] if k >= first else None
    if above is not None and len(above.text) <= 80 and not is_prose(above.text) and not _CLOSING.search(above.text):
        return top, k
    return top, None


_NAME_SLOT = 3  # non-blank lines of debris a damaged name may stand below the block or the list
_GAP = 8  # non-blank lines between a Nơi nhận list and a signing block printed under it


def _signature_below(fz: Footer, lines: list[Line], stamps: list[Block]) -> None:
    """A Nơi nhận list with no signing block beside it: take the block printed a few
    lines below (OCR moved the closing sentence between them), never past an appendix."""
    seen = 0
    for i in range(fz.end + 1, len(lines)):
        ln = lines[i]
        if _skip(ln, stamps):
            continue
        seen += 1
        if (
            seen > _GAP
            or len(ln.text) > MAX_LINE
            or _appendix_head(ln.text)
            or noi_nhan_head(ln.text) is not None
        ):
            return
        t, _ = strip_junk(ln.text)
        if t and (find_prefix(t) is not None or is_title_line(t)):
            below = _Walker(lines, i, stamps)
            below.in_nn = below.nn_closed = True  # the list is read already
            got = below.run()
            if any(classify(r.text) == "name" for r in got.right) or find_prefix(t) is not None:
                fz.right, fz.end = got.right, got.end
            return


def _prefix_in_debris(ln: Line) -> Line | None:
    """``ere TL. TONG GIAM BOC wh`` after ``Nơi nhận:``: the signing block's prefix between OCR
    debris words (a short lower-case word at each edge, as the stamp or margin left them)."""
    toks = list(_TOKEN.finditer(ln.text))
    while toks and _SHORT_LOWER.fullmatch(toks[-1].group(0)):
        toks.pop()  # "wh": margin debris after the title
    if not toks:
        return None
    end = toks[-1].end()
    for m in _MID_PREFIX.finditer(ln.text[:end]):
        piece = _sub(ln, m.start(), end)
        if piece is not None and match_prefix(piece.text) is not None:
            return piece
    return None


class _Walker:
    """One pass over the footer's lines, cutting each into its left and right parts."""

    def __init__(self, lines: list[Line], start: int, stamps: list[Block]) -> None:
        self.lines = lines
        self.stamps = stamps
        self.fz = Footer(start=start, end=start)
        self.in_nn = False
        self.nn_closed = False
        self.item_open = False
        self.has_items = False
        self.name_found = False
        self.headless = False  # a Nơi nhận list without its head
        self.last_right: str | None = None  # kind of the last right part
        self.last_right_idx = -2  # its line index
        self.prev_idx = -2  # index of the previous non-blank footer line
        self.list_top: int | None = None  # first item of a Nơi nhận list without its head
        self.debris: int | None = None  # the damaged head line above it

    def add_right(self, piece: Line, kind: str | None, idx: int) -> None:
        self.fz.right.append(piece)
        self.last_right, self.last_right_idx = kind, idx
        if kind == "name":
            self.name_found = True

    def right_kind(self, text: str) -> str | None:
        kind = classify(text)
        if kind is None and self.fz.right and not self.name_found:
            # side-by-side blocks of a joint document merged on one line: "Nguyễn Thị Xuyên
            # Trần Văn Hiếu", "THỨ TRƯỞNG THỨ TRƯỞNG" (the signer module cuts them apart)
            kind = merged_kind(text)
        if (
            kind is None
            and not self.name_found
            and self.last_right in ("prefix", "title")
            and self.last_right_idx == self.prev_idx
            and (is_upper_continuation(text) or (self.last_right == "prefix" and is_agency_line(text)))
        ):
            return "title"
        if kind == "title" and self.name_found:
            return None
        if kind == "name" and _ITEM_TAIL.search(text):
            return None  # "Nguyễn Sỹ Hiệp;": a person named in a Nơi nhận item
        return kind

    def add_left(self, ln: Line, idx: int) -> None:
        expect = (
            not self.name_found
            and self.last_right in ("prefix", "title")
            and self.last_right_idx == self.prev_idx
        )
        left, rights = split_columns(ln, expect)
        if left is not None:
            self.fz.left.append(left)
            self.has_items = True
            self.item_open = not _CLOSED_ITEM.search(left.text)
            if _LUU.match(fold(left.text)):
                self.nn_closed = True
        for r in rights:
            self.add_right(r, classify(r.text) or ("title" if expect else None), idx)

    def add_stripped(self, ln: Line, kind: str, idx: int) -> None:
        t, lead = strip_junk(ln.text)
        piece = _sub(ln, lead, lead + len(t)) if t else None
        if piece is not None:
            self.add_right(piece, kind, idx)

    def head_line(self, ln: Line, at: int, idx: int) -> None:
        self.fz.head = idx
        self.in_nn = True
        rest = _sub(ln, at, len(ln.text))
        if rest is None:
            return
        t, _ = strip_junk(rest.text)
        kind = self.right_kind(t) if t else None
        if kind is not None:
            self.add_stripped(rest, kind, idx)
        elif starts_with_dash(rest.text) or rest.text.rstrip().endswith(";"):
            self.add_left(rest, idx)
        else:
            pm = _prefix_in_debris(rest)
            if pm is not None:
                self.add_right(pm, "prefix", idx)


    def nn_line(self, ln: Line, idx: int) -> str:
        """A line while the Nơi nhận list is open: ``took``, ``noise`` or ``stop``."""
        t, _ = strip_junk(ln.text)
        if starts_with_dash(ln.text) or (is_excluded(ln.text) and not find_prefix(t)):
            self.add_left(ln, idx)
            return "took"
        kind = self.right_kind(ln.text)
        if kind != "prefix" and _TWO_LOWER.search(ln.text):
            # "Phó TC Phi Văn Tuấn (để b/c) KT. VỤ TRƯỞNG …": a wrapped item merged with a prefix
            left, rights = split_columns(ln)
            if (
                rights
                and left is not None
                and _TWO_LOWER.search(left.text)
                and classify(rights[0].text) == "prefix"
            ):
                self.add_left(ln, idx)
                return "took"
        if kind is not None and not (kind == "title" and self.item_open and not is_title_line(ln.text)):
            self.add_stripped(ln, kind, idx)
            return "took"
        person = _person_item(ln)
        if person is not None and not self.item_open:
            # "au Đỗ Thị Xuân Phương BML. TRƯỞNG BAN": an item naming a person (its dash lost
            # to OCR) merged with a damaged title of the signing block, which is dropped
            self.fz.left.append(person)
            self.has_items = True
            self.item_open = False
            return "took"
        has_letters = bool(_TWO_LETTERS.search(ln.text))
        ends_item = ln.text.rstrip().endswith((";", ","))
        if self.has_items and (self.item_open or ends_item) and has_letters:
            self.add_left(ln, idx)  # a wrapped item
            return "took"
        if not self.has_items and ln.text.rstrip().endswith((";", ".")) and has_letters:
            self.add_left(ln, idx)  # a list without dashes
            return "took"
        return "stop" if is_prose(ln.text) else "noise"

    def name_slot(self, i: int) -> bool:
        """Line ``i`` stands where the signer's name belongs: no name yet, and within
        ``_NAME_SLOT`` lines after the block's prefix or title, or after the closed Nơi nhận
        list (its ``Lưu`` item) — where an intact name would be read."""
        if self.name_found:
            return False
        after = self.last_right in ("prefix", "title") or (self.nn_closed and self.has_items)
        if not after:
            return False
        between = sum(1 for ln in self.lines[self.fz.end + 1 : i] if not _skip(ln, self.stamps))
        return between < _NAME_SLOT

    def run(self) -> Footer:
        fz = self.fz
        seen = 0
        after_name = 0
        for i in range(fz.start, len(self.lines)):
            ln = self.lines[i]
            if _skip(ln, self.stamps):
                continue
            seen += 1
            if seen > MAX_FOOTER_LINES or len(ln.text) > MAX_LINE:
                break
            if i > fz.start and _appendix_head(ln.text):
                break
            if self.name_found:
                after_name += 1
                listed = fz.head is not None or self.headless
                if after_name <= 2 and not (listed and self.nn_closed) and classify(ln.text) == "prefix":
                    # a joint document (TTLT): the next body's signing block under this one
                    self.name_found = False
                    after_name = 0
                elif (listed and self.nn_closed) or (not listed and after_name > 3):
                    break
            if i == self.debris and fz.head is None:
                pm = _prefix_in_debris(ln) or (_sub(ln, 0, len(ln.text)) if find_prefix(ln.text) else None)
                if pm is not None:
                    self.add_right(pm, "prefix", i)
                    fz.end = i
                self.prev_idx = i
                continue
            if i == self.list_top and fz.head is None and not self.in_nn:
                self.in_nn = self.headless = True
            hm = noi_nhan_head(ln.text) if fz.head is None else None
            if hm is not None:
                self.head_line(ln, hm, i)
                fz.end = self.prev_idx = i
                continue
            if self.in_nn and not self.nn_closed:
                got = self.nn_line(ln, i)
                if got == "stop":
                    break
                if got == "took":
                    fz.end = i
                self.prev_idx = i
                continue
            if not self.in_nn and fz.head is None and fz.right and _headless_item(ln.text):
                # the Nơi nhận list whose head OCR or a web copy lost: "- Như trên;" items
                # under (or merged with) the signing block
                self.in_nn = self.headless = True
                self.add_left(ln, i)
                fz.end = self.prev_idx = i
                continue
            kind = self.right_kind(ln.text)
            if kind is None and self.name_slot(i) and repair_name(ln.text) is not None:
                kind = "name"  # "guyền Tiến Trường": the name, its surname damaged by OCR
            if kind is not None:
                self.add_stripped(ln, kind, i)
                fz.end = self.prev_idx = i
                continue
            if is_prose(ln.text) or (self.name_found and upper_ratio(ln.text) > 0.6 and len(ln.text) > 12):
                break
            if fz.head is None and not fz.right and i > fz.start:
                break
            self.prev_idx = i
        return fz


def _walk(lines: list[Line], start: int, stamps: list[Block]) -> Footer:
    return _Walker(lines, start, stamps).run()


def _fallback_body_start(doc: Document, lines: list[Line]) -> int:
    """Where the body starts when the segmenter left it open: after Kính gửi, else the first prose."""
    seg = doc.segments
    if seg is not None and seg.kinh_gui is not None:
        return seg.kinh_gui.end
    limit = len(doc.text) * 2 // 3
    head = find_kinh_gui(doc.text, 0, limit)
    if head is not None:
        _, end = to_items(doc.text, head)
        return min(len(doc.text), end + 1)
    for ln in lines[:200]:
        if is_prose(ln.text):
            return ln.start
    return 0


def split_footer(doc: Document) -> None:
    """Pipeline step: set ``noi_nhan``, ``signature``, ``appendix`` and the body's end."""
    if doc.segments is None:
        doc.segments = Segments()
    seg = doc.segments
    seg.footer_read = True
    stamps = ensure_stamps(doc)
    text = doc.text
    folded = doc.folded if len(doc.folded) == len(text) else fold(text)
    lines = lines_of(text)
    body_start = (
        seg.body.start if seg.body is not None and seg.body.start > 0 else _fallback_body_start(doc, lines)
    )
    first = next((i for i, ln in enumerate(lines) if ln.end >= body_start), len(lines))
    fz = find_footer(text, lines, first, stamps, folded)
    if fz is None:
        if seg.body is None:
            seg.body = Block(body_start, len(text))
        return
    if fz.left or fz.head is not None:
        head_line = lines[fz.head] if fz.head is not None else None
        nn_start = head_line.start if head_line is not None else fz.left[0].start
        nn_end = max([x.end for x in fz.left] + ([head_line.end] if head_line else []))
        seg.noi_nhan = Block(nn_start, nn_end, list(fz.left))
    if fz.right:
        seg.signature = Block(min(x.start for x in fz.right), max(x.end for x in fz.right), list(fz.right))
    body_end = _body_end(text, lines, fz.start, body_start)
    if seg.body is None:
        seg.body = Block(body_start, body_end)
    else:
        seg.body.end = body_end
    after = fz.end + 1
    tail_start = lines[after].start if after < len(lines) else len(text)
    if len(text[tail_start:].strip()) > 80:
        seg.appendix = Block(tail_start, len(text))


def _body_end(text: str, lines: list[Line], footer_start: int, body_start: int) -> int:
    """End of the last non-blank line before the footer (after its closing ``./.``)."""
    j = footer_start - 1
    while j >= 0 and lines[j].start >= body_start:
        ln = lines[j]
        if ln.text.strip() and not _PAGE_MARKER.match(ln.text):
            closings = list(_CLOSING.finditer(ln.text))
            if closings:
                return ln.start + closings[-1].end()
            return ln.start + len(ln.text.rstrip())
        j -= 1
    return max(body_start, lines[footer_start].start if footer_start < len(lines) else len(text))


def ensure_footer(doc: Document) -> Segments:
    """``doc.segments`` with the footer split (runs :func:`split_footer` if nothing did)."""
    if doc.segments is None or not (
        doc.segments.footer_read or doc.segments.noi_nhan is not None or doc.segments.signature is not None
    ):
        split_footer(doc)
    assert doc.segments is not None
    return doc.segments


__all__ = ["Footer", "ensure_footer", "find_footer", "is_prose", "lines_of", "split_columns", "split_footer"]
