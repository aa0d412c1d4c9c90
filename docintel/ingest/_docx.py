"""Word documents (.docx): paragraphs and tables in document order.

Most dispatches typed in Word lay the header out as a borderless table: left
cell the issuing body, ``Số:`` and ``V/v``; right cell the national motto and
the place-date line. The signature block is often another two-cell table
(``Nơi nhận`` left, signature right). Such *layout* tables are read row by row,
cell by cell, each cell's lines together, so the header reads like a typed
dispatch. Other (*data*) tables become one line per row, cells joined with
`` | ``. Word's automatic list numbering (``1.``, ``a)``, ``-``) is rendered
into the text, because the task extractor needs the numbers. Page headers and
footers of the section are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from .._errors import Errors, InputError, without_reprs
from .._model import Document, Source
from .._normalise import fold

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LAYOUT_CUES = re.compile(
    r"cong hoa xa hoi|doc lap\s*-\s*tu do|\bso\s*:|noi nhan|\b(?:kt|tm|tl|tuq)\s*\.|ngay\s*\S*\s*thang|\bv/v\b"
)


def read_docx(data: bytes, *, name: str, sha256: str) -> Document:
    """Read a .docx into a Document (raw text, before normalisation). Raises E013 when broken."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise InputError(Errors.E013.format(reason=_reason(e)), path=name) from None
    except Exception as e:  # lxml.etree.XMLSyntaxError and friends from a damaged part
        raise InputError(Errors.E013.format(reason=_reason(e)), path=name) from None
    try:
        ctx = _Context(document)
        lines = list(_blocks(document.element.body, ctx, body=True))
    except (KeyError, ValueError, AttributeError, IndexError) as e:
        raise InputError(Errors.E013.format(reason=_reason(e)), path=name) from None
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return Document(text=text, source=Source(name, sha256, "docx", len(data), None))


def _reason(e: Exception) -> str:
    """Why a .docx cannot be read, in words (no exception class names or Python reprs)."""
    msg = str(e) or e.__class__.__name__
    if "not a zip file" in msg.lower() or isinstance(e, zipfile.BadZipFile):
        return "not a ZIP package (damaged or not a .docx)"
    if "Package not found" in msg:
        return "not a Word package"
    if m := re.search(r"There is no item named '([^']+)' in the archive", msg):
        return f"its part {m.group(1)} is missing (damaged, or not a Word document)"
    if e.__class__.__name__ == "XMLSyntaxError":
        where = re.search(r"line (\d+), column (\d+)", msg)
        at = f" at line {where.group(1)}, column {where.group(2)}" if where else ""
        return f"its XML is damaged{at} (the file was cut short or altered)"
    return without_reprs(msg).strip("'\"") or "unreadable"


# ---------------------------------------------------------------------------
# walking the body

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delInstrText", W + "rPr", W + "pPr", W + "fldData",
         MC + "Fallback"}  # deleted text, field codes, properties; a text box's legacy twin
_CHARS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-", W + "ptab": "\t"}
_BODY_START = re.compile(r"\W*(?:kinh gui|noi nhan)")  # where a header's left column has surely ended
_SENTENCE_END = re.compile(r"(?:[.;!?]|\./\.)\s*$")


class _Para:
    """One body paragraph: its printed lines (list label included), how it is laid out, and the
    text boxes anchored in it."""

    __slots__ = ("boxes", "indented", "kind", "text")

    def __init__(self, text: str, kind: str, indented: bool, boxes: list[list[str]]) -> None:
        self.text, self.kind, self.indented, self.boxes = text, kind, indented, boxes


def _walk_text(el: Any, out: list[str], boxes: list[Any]) -> None:
    """A paragraph's visible text in order: runs wherever they sit (hyperlinks, tracked insertions,
    simple fields, smart tags, inline content controls), without deleted runs or field codes;
    text boxes met on the way are collected for the caller instead."""
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in _CHARS:
            if tag == W + "br" and child.get(W + "type") == "page":
                out.append("\n")
            else:
                out.append(_CHARS[tag])
        elif tag == W + "txbxContent":
            boxes.append(child)
        else:
            _walk_text(child, out, boxes)


def _paragraph(p: Any, numbering: _Numbering) -> tuple[str, list[Any]]:
    out: list[str] = []
    boxes: list[Any] = []
    _walk_text(p, out, boxes)
    return numbering.label(p) + "".join(out), boxes


def _layout_of(p: Any) -> tuple[str, bool]:
    """(alignment, indented): a paragraph set off to the right (a signing block typed without a
    table) is indented by a third of the page or more, or right-aligned."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        return "left", False
    jc = ppr.find(W + "jc")
    align = jc.get(W + "val", "left") if jc is not None else "left"
    ind = ppr.find(W + "ind")
    left = 0
    if ind is not None:
        for key in ("left", "start"):
            v = ind.get(W + key)
            if v is not None and v.lstrip("-").isdigit():
                left = int(v)
                break
    return align, left >= 3000 or align in ("right", "end")


def _blocks(parent: Any, ctx: _Context, *, body: bool = False) -> Iterator[str]:
    """Lines of a body or table cell: paragraphs and tables in document order.

    In the body a paragraph ends with a blank line (a paragraph break, as in the text
    form of a dispatch), except inside a block that Word lays out as one: a run of centred
    lines (a title under its type name), a run of lines set off to the right (a signing
    block typed without a table), and a header typed with tabs between its two columns.
    Inside a table cell each paragraph is one line.
    """
    paras: list[_Para | list[str]] = []
    for child in parent.iterchildren():
        tag = child.tag
        if tag == W + "p":
            text, boxes = _paragraph(child, ctx.numbering)
            align, indented = _layout_of(child)
            box_lines = [[ln for ln in _blocks(b, ctx) if ln.strip()] for b in boxes]
            kind = "center" if align == "center" else "left"
            paras.append(_Para(text, kind, indented, [b for b in box_lines if b]))
        elif tag == W + "tbl":
            paras.append(list(_table(child, ctx)))
        elif tag == W + "sdt":  # content control: look inside
            content = child.find(W + "sdtContent")
            if content is not None:
                paras.append(list(_blocks(content, ctx, body=body)))
        elif tag in (W + "ins", W + "moveTo", W + "customXml"):  # tracked or tagged block content
            paras.append(list(_blocks(child, ctx, body=body)))
    if not body:
        for item in paras:
            if isinstance(item, list):
                yield from item
                continue
            for box in item.boxes:
                yield from box
            yield item.text
        return
    yield from _body_lines(paras)


def _tab_columns(text: str) -> tuple[str, str] | None:
    """A line typed as two columns with tabs between: (left, right); '' for an empty side."""
    if "\t" not in text:
        return None
    left, _, right = text.strip("\n").partition("\t")
    right = right.strip("\t ")
    if "\t" in right or "\n" in right or "\n" in left:
        return None
    return left.strip(), right


def _body_lines(paras: list[_Para | list[str]]) -> Iterator[str]:
    i = 0
    while i < len(paras):
        item = paras[i]
        if isinstance(item, list):
            yield from item
            i += 1
            continue
        for box in item.boxes:
            yield ""
            yield from box
            yield ""
        header = _tab_header(paras, i)
        if header is not None:
            j, left, right = header
            yield ""
            yield from left
            yield ""
            yield from right
            yield ""
            i = j
            continue
        if item.kind == "center" or item.indented:
            # centred lines (a title) or lines set off to the right (a signing block): one block
            j = i + 1
            lines = [item.text]
            while j < len(paras):
                nxt = paras[j]
                if isinstance(nxt, list) or nxt.boxes:
                    break
                if not nxt.text.strip():
                    # an empty paragraph ends a title; a signing block keeps its signature space
                    k = j
                    while k < len(paras) and isinstance(paras[k], _Para) and not paras[k].text.strip():  # type: ignore[union-attr]
                        k += 1
                    if item.indented and k < len(paras) and _same_block(item, paras[k], lines):
                        j = k
                        continue
                    break
                if not _same_block(item, nxt, lines):
                    break
                lines.append(nxt.text)
                j += 1
            yield from lines
            if any(ln.strip() for ln in lines):
                yield ""
            i = j
            continue
        yield item.text
        if item.text.strip():
            yield ""
        i += 1


def _same_block(first: _Para, nxt: _Para | list[str], lines: list[str]) -> bool:
    if isinstance(nxt, list) or not nxt.text.strip():
        return False
    if first.indented:
        return nxt.indented
    if nxt.kind != "center" or nxt.indented:
        return False
    # an upper-case line after a mixed-case one opens the next heading (the enacting authority
    # under a title, 'QUYẾT ĐỊNH:' before the articles); a sentence's end closes a block
    prev = lines[-1]
    if _upper(nxt.text) and not _upper(prev):
        return False
    return not _SENTENCE_END.search(prev) and len(nxt.text) <= 200


def _upper(text: str) -> bool:
    """An all upper-case line (a heading)."""
    return any(ch.isalpha() for ch in text) and text == text.upper()


def _tab_header(paras: list[_Para | list[str]], i: int) -> tuple[int, list[str], list[str]] | None:
    """Lines typed as two columns with tabs (issuer left, motto right; Nơi nhận left, signature
    right) starting at ``paras[i]``: (next index, left lines, right lines), or None."""
    left: list[str] = []
    right: list[str] = []
    j = i
    split_seen = False
    while j < len(paras) and j - i < 16:
        item = paras[j]
        if isinstance(item, list) or item.boxes or item.kind == "center":
            break
        text = item.text
        if not text.strip():
            break
        cols = _tab_columns(text)
        if cols is not None and cols[1]:
            if cols[0]:
                left.append(cols[0])
                split_seen = True
            right.append(cols[1])
        elif split_seen and cols is None and len(text) <= 90 and not item.indented and not _BODY_START.match(fold(text)):
            left.append(text.strip())  # the left column goes on under a shorter right one
        elif cols is not None and cols[0] and not cols[1]:
            left.append(cols[0])
        else:
            break
        j += 1
    if not split_seen or not right or j - i < 2:
        return None
    if not _LAYOUT_CUES.search(fold("\n".join([*left, *right]))):
        return None
    return j, left, right


def _rows(tbl: Any) -> list[list[Any]]:
    """The table's cells (``w:tc``) row by row; merged cells appear once."""
    rows = []
    for tr in tbl.iterchildren(W + "tr"):
        cells = [tc for tc in _cells(tr) if not _continues_vmerge(tc)]
        rows.append(cells)
    return rows


def _cells(tr: Any) -> Iterator[Any]:
    for child in tr.iterchildren():
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "ins"):  # cells wrapped in a control
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from (tc for tc in content.iterchildren(W + "tc"))


def _continues_vmerge(tc: Any) -> bool:
    pr = tc.find(W + "tcPr")
    if pr is None:
        return False
    vm = pr.find(W + "vMerge")
    return vm is not None and vm.get(W + "val") in (None, "continue")


def _cell_lines(tc: Any, ctx: _Context) -> list[str]:
    return [ln for cell_line in _blocks(tc, ctx) for ln in cell_line.split("\n")]


_HEADING_CELL = re.compile(r"^(?:stt|tt|so\s*tt|so thu tu)\W*$")


def _table(tbl: Any, ctx: _Context) -> Iterator[str]:
    rows = _rows(tbl)
    if not rows:
        return
    cells = [[_cell_lines(tc, ctx) for tc in row] for row in rows]
    width = max(len(r) for r in cells)
    flat = fold("\n".join(ln for row in cells for cell in row for ln in cell))
    first = [fold(" ".join(c).strip()) for c in cells[0]]
    heading_row = bool(first) and _HEADING_CELL.match(first[0]) is not None
    layout = width <= 3 and len(rows) <= 10 and not heading_row and (
        _LAYOUT_CUES.search(flat) is not None
        # a borderless one- or two-row table of short lines: a signing block without a prefix
        or (len(rows) <= 2 and not ctx.bordered(tbl) and all(len(ln) <= 80 for row in cells for c in row for ln in c))
    )
    if layout:
        # a layout table: each cell's lines together, row by row, left to right
        yield ""
        for row in cells:
            for cell in row:
                content = [ln for ln in cell if ln.strip()]
                if content:
                    yield from content
                    yield ""
        return
    yield ""
    for row in cells:
        parts = [" ".join(ln.strip() for ln in cell if ln.strip()) for cell in row]
        if any(parts):
            yield " | ".join(parts)
    yield ""


class _Context:
    """What the walk needs from the whole package: list numbering and table styles."""

    def __init__(self, document: Any) -> None:
        self.numbering = _Numbering(document)
        self.bordered_styles: set[str] = set()
        try:
            for style in document.styles.element.iterchildren(W + "style"):
                if style.get(W + "type") == "table" and _has_borders(style.find(W + "tblPr")):
                    self.bordered_styles.add(style.get(W + "styleId", ""))
        except AttributeError:
            pass

    def bordered(self, tbl: Any) -> bool:
        pr = tbl.find(W + "tblPr")
        if pr is None:
            return False
        borders = pr.find(W + "tblBorders")
        if borders is not None:
            return _has_borders(pr)
        style = pr.find(W + "tblStyle")
        return style is not None and style.get(W + "val", "") in self.bordered_styles


def _has_borders(pr: Any) -> bool:
    if pr is None:
        return False
    borders = pr.find(W + "tblBorders")
    if borders is None:
        return False
    return any(b.get(W + "val") not in (None, "nil", "none") for b in borders.iterchildren())


# ---------------------------------------------------------------------------
# automatic numbering


def _roman(n: int) -> str:
    if not 0 < n < 4000:  # no Roman numeral (Word's w:start may be anything; a huge one took minutes): decimal
        return str(n)
    out = ""
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


_PLAIN_BULLETS = {"-", "+", "•", "–", "*", "o", "·", "▪", "■", "□", "◦", "●", "○", "‐", "−"}


def _int(v: str | None, default: int) -> int:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _level(lvl: Any) -> tuple[str, str, int]:
    fmt_el, text_el, start_el = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
    fmt = fmt_el.get(W + "val", "decimal") if fmt_el is not None else "decimal"
    text = text_el.get(W + "val", "") if text_el is not None else ""
    start = _int(start_el.get(W + "val") if start_el is not None else None, 1)
    return fmt, text, start


def _levels(an: Any) -> dict[int, tuple[str, str, int]]:
    return {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in an.iterchildren(W + "lvl")}


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


class _Numbering:
    """Renders Word's list numbers (``w:numPr``) the way they print.

    Counters belong to the abstract list definition, so list instances (``w:num``) that share
    one continue each other, as in Word; an instance's ``w:lvlOverride`` restarts a level at its
    ``w:startOverride`` (Word's "Restart at …") or replaces the level's definition. Bullets
    print as their own character when it is a plain one (``-``, ``+``, ``•``), else as ``-``.
    """

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.abstract_of: dict[str, str] = {}  # numId → abstractNumId
        self.overrides: dict[str, dict[int, int]] = {}  # numId → ilvl → startOverride
        self.counters: dict[str, list[int]] = {}  # abstractNumId → counter per level
        self.used: set[str] = set()
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for an in root.iterchildren(W + "abstractNum"):
                abstract[an.get(W + "abstractNumId", "")] = _levels(an)
            for num in root.iterchildren(W + "num"):
                ref = num.find(W + "abstractNumId")
                if ref is None:
                    continue
                num_id, abs_id = num.get(W + "numId", ""), ref.get(W + "val", "")
                lvls = dict(abstract.get(abs_id, {}))
                starts: dict[int, int] = {}
                for ov in num.iterchildren(W + "lvlOverride"):
                    ilvl = _int(ov.get(W + "ilvl"), 0)
                    lvl = ov.find(W + "lvl")
                    if lvl is not None:
                        lvls[ilvl] = _level(lvl)
                        starts[ilvl] = lvls[ilvl][2]
                    so = ov.find(W + "startOverride")
                    if so is not None:
                        starts[ilvl] = _int(so.get(W + "val"), 1)
                self.levels[num_id] = lvls
                self.abstract_of[num_id] = abs_id
                self.overrides[num_id] = starts
        try:
            for style in document.styles.element.iterchildren(W + "style"):
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    nid = num_pr.find(W + "numId")
                    lvl = num_pr.find(W + "ilvl")
                    if nid is not None:
                        self.style_num[style.get(W + "styleId", "")] = (
                            nid.get(W + "val", ""), int(lvl.get(W + "val", "0")) if lvl is not None else 0)
        except (AttributeError, ValueError):
            pass

    def label(self, p: Any) -> str:
        num_id, ilvl = self._num_pr(p)
        if num_id is None or num_id == "0" or num_id not in self.levels:
            return ""
        lvls = self.levels[num_id]
        ilvl = min(max(ilvl, 0), 8)
        if ilvl not in lvls:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), [0] * 10)
        starts = self.overrides.get(num_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for k in starts:  # a restarted instance: its overridden levels count afresh
                if 0 <= k < 10:
                    counters[k] = 0
        for k in range(ilvl + 1, 10):
            counters[k] = 0
        fmt, text, start = lvls[ilvl]
        start = starts.get(ilvl, start)
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        if fmt == "bullet":
            bullet = text.strip()
            return (bullet if bullet in _PLAIN_BULLETS else "-") + " "
        if fmt == "none" or not text:
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lf = lvls.get(k, ("decimal", "", 1))
            value = counters[k] if counters[k] else starts.get(k, lf[2])
            return _format(value, lf[0])

        return re.sub(r"%(\d)", sub, text) + " "

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            nid = num_pr.find(W + "numId")
            lvl = num_pr.find(W + "ilvl")
            if nid is not None:
                try:
                    return nid.get(W + "val"), int(lvl.get(W + "val", "0")) if lvl is not None else 0
                except ValueError:
                    return None, 0
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in self.style_num:
            return self.style_num[style.get(W + "val")]
        return None, 0


__all__ = ["read_docx"]
