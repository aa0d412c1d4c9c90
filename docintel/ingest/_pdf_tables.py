"""Ruled tables on PDF pages: rules from pypdfium2, cells from pdfplumber's table finder.

The appendices of a quyết định or kế hoạch are ruled tables (STT | nhiệm vụ | cơ
quan chủ trì | phối hợp | thời hạn). Read line by line, their rows interleave:
a task's third line sits beside the next column's first. A ruled table is found
here the way pdfplumber's ``page.find_tables()`` finds it (Nurminen's method:
rules → snapped and joined edges → intersections → cells → tables), with
pdfplumber's own ``TableFinder``; only the rules come from pypdfium2's path
objects instead of pdfminer, because pdfminer needs ~0.25 s to lay out one page
(the edges alone) while walking pdfium's path objects takes a few milliseconds.
The cells are then filled with the words the reader already has.

Pages without path objects (most dispatch pages) cost one walk over the page's
objects. Only what a reader sees as a rule is one: stroked segments and thin
filled rectangles in a colour that shows on white paper. Cell shading, text
highlights and white backgrounds (pdfplumber takes their outlines for rules and
splits cells at every highlighted line) are not. Layout tables (a bordered header or
signature block: at most 3 columns and 10 rows holding ``Số:``, ``CỘNG HÒA``,
``Nơi nhận``, ``KT.``) are left to the column reader, as the DOCX reader does.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._normalise import fold
from ._docx import _LAYOUT_CUES  # the same cues tell a DOCX layout table

MAX_PATHS = 5000  # a page with more vector paths than this is a drawing (map, chart, logo), not a table
MIN_RULE = 3.0  # shorter strokes are not rules (pdfplumber's edge_min_length)
THIN = 3.0  # a filled shape at most this thick is a rule; a thicker one is shading
WHITE = 245  # fills and strokes at least this light in every channel are invisible on paper
MAX_DEPTH = 3  # form XObjects nested deeper than this are not searched for rules


Edge = dict[str, Any]
Display = Callable[[float, float], tuple[float, float]]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class PdfTable:
    """A ruled table: its box (x0, top, x1, bottom, top-down) and, row by row, each cell's words."""

    bbox: tuple[float, float, float, float]
    rows: list[list[list[Any]]]  # rows → cells (left to right) → Word objects


class _Rules:
    """What pdfplumber's TableFinder reads from a page: its edges and its box."""

    def __init__(self, edges: list[Edge], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)


# ---------------------------------------------------------------------------
# rules from pdfium's path objects


def _mul(m: Matrix, parent: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = parent
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


class _Paths:
    """Reads path objects through pdfium's C API with its out-parameters allocated once."""

    def __init__(self, c: Any) -> None:
        self.c = c
        self._fill, self._stroke = ctypes.c_int(0), ctypes.c_int(0)
        self._mode = (ctypes.byref(self._fill), ctypes.byref(self._stroke))
        self._rgba = [ctypes.c_uint(0) for _ in range(4)]
        self._rgba_refs = tuple(ctypes.byref(v) for v in self._rgba)
        self._x, self._y = ctypes.c_float(0), ctypes.c_float(0)
        self._point = (ctypes.byref(self._x), ctypes.byref(self._y))

    def _shows(self, get: Any, obj: Any) -> bool:
        if not get(obj, *self._rgba_refs):
            return True
        r, g, b, a = (v.value for v in self._rgba)
        return a > 0 and min(r, g, b) < WHITE

    def paint(self, obj: Any) -> tuple[bool, bool]:
        """(filled, stroked) in a colour that shows on white paper."""
        c = self.c
        if not c.FPDFPath_GetDrawMode(obj, *self._mode):
            return False, False
        filled = bool(self._fill.value) and self._shows(c.FPDFPageObj_GetFillColor, obj)
        stroked = bool(self._stroke.value) and self._shows(c.FPDFPageObj_GetStrokeColor, obj)
        return filled, stroked

    def segments(self, obj: Any, m: Matrix, to_display: Display, stroked: bool, out: list[Edge]) -> None:
        """The path's straight segments, in displayed page coordinates, as pdfplumber edges.

        A stroked path gives all its straight segments. A path that is only filled gives the
        outlines of its thin parts (a rule drawn as a filled rectangle of 0.5 pt); a wide
        filled shape is cell shading or a highlight, and its outline is not a rule.
        """
        c = self.c
        get_segment, get_point, get_type, get_close = (
            c.FPDFPath_GetPathSegment, c.FPDFPathSegment_GetPoint, c.FPDFPathSegment_GetType, c.FPDFPathSegment_GetClose
        )
        lineto = c.FPDF_SEGMENT_LINETO
        x, y, point = self._x, self._y, self._point
        a, b, cc, d, e, f = m
        subpaths: list[list[tuple[float, float]]] = []
        for i in range(c.FPDFPath_CountSegments(obj)):
            seg = get_segment(obj, i)
            if not seg or not get_point(seg, *point):
                continue
            px, py = x.value, y.value
            p = to_display(a * px + cc * py + e, b * px + d * py + f)
            if get_type(seg) == lineto and subpaths:
                subpaths[-1].append(p)
            else:  # a move, or a Bézier point: the pen moves without drawing a rule
                subpaths.append([p])
            if get_close(seg) and len(subpaths[-1]) > 2:
                subpaths[-1].append(subpaths[-1][0])
        for pts in subpaths:
            if len(pts) < 2:
                continue
            if not stroked:
                xs, ys = [q[0] for q in pts], [q[1] for q in pts]
                if min(max(xs) - min(xs), max(ys) - min(ys)) > THIN:
                    continue
            for p, q in zip(pts, pts[1:], strict=False):
                edge = _edge(p, q)
                if edge is not None:
                    out.append(edge)


def _edge(p: tuple[float, float], q: tuple[float, float]) -> Edge | None:
    x0, x1 = min(p[0], q[0]), max(p[0], q[0])
    top, bottom = min(p[1], q[1]), max(p[1], q[1])
    w, h = x1 - x0, bottom - top
    if w < MIN_RULE and h < MIN_RULE:
        return None
    if h <= 0.5:
        orientation, top, bottom, h = "h", (top + bottom) / 2, (top + bottom) / 2, 0.0
    elif w <= 0.5:
        orientation, x0, x1, w = "v", (x0 + x1) / 2, (x0 + x1) / 2, 0.0
    else:
        return None  # a diagonal
    return {"object_type": "line", "orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": w, "height": h}


def page_rules(page: Any, to_display: Display) -> list[Edge]:
    """The visible straight rules of a page (pdfplumber edge dicts, top-down coordinates).

    Empty when the page has no path objects, too many (a drawing), or fewer than two
    horizontal and two vertical rules — not enough for a single cell.
    """
    import pypdfium2.raw as c

    raw = page.raw
    n = c.FPDFPage_CountObjects(raw)
    paths: list[tuple[Any, Matrix]] = []
    matrix = c.FS_MATRIX()

    def walk(get: Any, owner: Any, count: int, parent: Matrix, depth: int) -> None:
        for i in range(count):
            obj = get(owner, i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind not in (c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM):
                continue
            m = parent
            if c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
                m = _mul((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), parent)
            if kind == c.FPDF_PAGEOBJ_PATH:
                paths.append((obj, m))
            elif depth < MAX_DEPTH:
                walk(c.FPDFFormObj_GetObject, obj, c.FPDFFormObj_CountObjects(obj), m, depth + 1)
            if len(paths) > MAX_PATHS:
                return

    walk(c.FPDFPage_GetObject, raw, n, _IDENTITY, 0)
    if len(paths) < 2 or len(paths) > MAX_PATHS:
        return []
    edges: list[Edge] = []
    reader = _Paths(c)
    for obj, m in paths:
        filled, stroked = reader.paint(obj)
        if filled or stroked:
            reader.segments(obj, m, to_display, stroked, edges)
    h = sum(1 for e in edges if e["orientation"] == "h")
    if h < 2 or len(edges) - h < 2:
        return []
    return edges


# ---------------------------------------------------------------------------
# tables


def find_tables(edges: list[Edge], words: list[Any], width: float, height: float) -> list[PdfTable]:
    """Tables found by pdfplumber's TableFinder on ``edges``, their cells filled with ``words``.

    A word belongs to the cell holding its centre (pdfplumber's rule for characters).
    A table needs two columns somewhere; layout tables are dropped (see the module notes).
    """
    from pdfplumber.table import TableFinder

    finder = TableFinder(_Rules(edges, width, height))  # type: ignore[arg-type]
    tables: list[PdfTable] = []
    for table in finder.tables:
        rows = [[cell for cell in row.cells if cell is not None] for row in table.rows]
        if max((len(r) for r in rows), default=0) < 2:
            continue
        filled: list[list[list[Any]]] = [[[] for _ in row] for row in rows]
        where = [(r, k) for r, row in enumerate(rows) for k in range(len(row))]
        boxes = np.array([cell for row in rows for cell in row], dtype=np.float64)
        for w, j in zip(words, _cell_of(words, boxes).tolist(), strict=True):
            if j >= 0:
                r, k = where[j]
                filled[r][k].append(w)
        x0, top, x1, bottom = table.bbox
        filled = _drop_empty_columns(rows, filled)
        if _layout(filled):
            continue
        tables.append(PdfTable((x0, top, x1, bottom), filled))
    return tables


def _cell_of(words: list[Any], boxes: np.ndarray) -> np.ndarray:
    """For each word, the index of the cell box (x0, top, x1, bottom) holding its centre, or -1."""
    centre = np.array([((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2) for w in words], dtype=np.float64).reshape(-1, 2)
    cx, cy = centre[:, :1], centre[:, 1:]
    inside = (boxes[:, 0] <= cx) & (cx < boxes[:, 2]) & (boxes[:, 1] <= cy) & (cy < boxes[:, 3])
    return np.where(inside.any(axis=1), inside.argmax(axis=1), -1)


def _drop_empty_columns(boxes: list[list[Any]], rows: list[list[list[Any]]]) -> list[list[list[Any]]]:
    """Cells of a column that holds no word in any row go (the sliver between a double rule)."""
    used = {round(box[0]) for brow, row in zip(boxes, rows, strict=True) for box, cell in zip(brow, row, strict=True) if cell}
    return [[cell for box, cell in zip(brow, row, strict=True) if round(box[0]) in used] for brow, row in zip(boxes, rows, strict=True)]


def _layout(rows: list[list[list[Any]]]) -> bool:
    width = max(len(r) for r in rows)
    if width > 3 or len(rows) > 10:
        return False
    text = " ".join(w.text for row in rows for cell in row for w in cell)
    return bool(_LAYOUT_CUES.search(fold(text)))


__all__ = ["PdfTable", "find_tables", "page_rules"]
