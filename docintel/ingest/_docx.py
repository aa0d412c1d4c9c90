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

from .._errors import Errors, InputError
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
        raise InputError(Errors.E013.format(reason=f"{e.__class__.__name__}: {e}"), path=name) from None
    try:
        numbering = _Numbering(document)
        lines = list(_blocks(document.element.body, numbering, body=True))
    except (KeyError, ValueError, AttributeError, IndexError) as e:
        raise InputError(Errors.E013.format(reason=_reason(e)), path=name) from None
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return Document(text=text, source=Source(name, sha256, "docx", len(data), None))


def _reason(e: Exception) -> str:
    msg = str(e) or e.__class__.__name__
    if "not a zip file" in msg.lower() or isinstance(e, zipfile.BadZipFile):
        return "not a ZIP package (damaged or not a .docx)"
    if "Package not found" in msg:
        return "not a Word package"
    return msg


# ---------------------------------------------------------------------------
# walking the body


def _blocks(parent: Any, numbering: _Numbering, *, body: bool = False) -> Iterator[str]:
    """Lines of a body or table cell: paragraphs and tables in document order.

    In the body a paragraph ends with a blank line (a paragraph break, as in the text
    form of a dispatch); inside a table cell each paragraph is one line.
    """
    for child in parent.iterchildren():
        tag = child.tag
        if tag == W + "p":
            text = numbering.label(child) + _paragraph_text(child)
            yield text
            if body and text.strip():
                yield ""
        elif tag == W + "tbl":
            yield from _table(child, numbering)
        elif tag == W + "sdt":  # content control: look inside
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content, numbering, body=body)


def _paragraph_text(p: Any) -> str:
    from docx.text.paragraph import Paragraph

    return str(Paragraph(p, None).text)  # type: ignore[arg-type]


def _rows(tbl: Any) -> list[list[Any]]:
    """The table's cells (``w:tc``) row by row; merged cells appear once."""
    rows = []
    for tr in tbl.iterchildren(W + "tr"):
        cells = [tc for tc in tr.iterchildren(W + "tc") if not _continues_vmerge(tc)]
        rows.append(cells)
    return rows


def _continues_vmerge(tc: Any) -> bool:
    pr = tc.find(W + "tcPr")
    if pr is None:
        return False
    vm = pr.find(W + "vMerge")
    return vm is not None and vm.get(W + "val") in (None, "continue")


def _cell_lines(tc: Any, numbering: _Numbering) -> list[str]:
    return [ln for ln in _blocks(tc, numbering)]


def _table(tbl: Any, numbering: _Numbering) -> Iterator[str]:
    rows = _rows(tbl)
    if not rows:
        return
    cells = [[_cell_lines(tc, numbering) for tc in row] for row in rows]
    width = max(len(r) for r in cells)
    flat = fold("\n".join(ln for row in cells for cell in row for ln in cell))
    if width <= 3 and len(rows) <= 10 and _LAYOUT_CUES.search(flat):
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


# ---------------------------------------------------------------------------
# automatic numbering


def _roman(n: int) -> str:
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
    """Renders Word's list numbers (``w:numPr``) the way they print."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for an in root.iterchildren(W + "abstractNum"):
                lvls: dict[int, tuple[str, str, int]] = {}
                for lvl in an.iterchildren(W + "lvl"):
                    ilvl = int(lvl.get(W + "ilvl", "0"))
                    fmt_el, text_el, start_el = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
                    fmt = fmt_el.get(W + "val", "decimal") if fmt_el is not None else "decimal"
                    text = text_el.get(W + "val", "") if text_el is not None else ""
                    start = int(start_el.get(W + "val", "1")) if start_el is not None else 1
                    lvls[ilvl] = (fmt, text, start)
                abstract[an.get(W + "abstractNumId", "")] = lvls
            for num in root.iterchildren(W + "num"):
                ref = num.find(W + "abstractNumId")
                if ref is not None:
                    self.levels[num.get(W + "numId", "")] = abstract.get(ref.get(W + "val", ""), {})
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
        if ilvl not in lvls:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        for k in range(ilvl + 1, 10):
            counters[k] = 0
        fmt, text, start = lvls[ilvl]
        counters[ilvl] = start if counters[ilvl] == 0 else counters[ilvl] + 1
        if fmt == "bullet":
            return "- "
        if fmt == "none" or not text:
            return ""

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lf = lvls.get(k, ("decimal", "", 1))
            value = counters[k] if counters[k] else lf[2]
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
