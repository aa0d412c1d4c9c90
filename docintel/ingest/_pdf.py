"""PDF text layers: words with coordinates → lines in reading order, columns kept apart.

A dispatch's first page opens with two columns side by side (issuing body,
``Số:``, ``V/v`` on the left; national motto and place-date on the right), and
the page that closes it has ``Nơi nhận`` on the left beside the signature block.
Text extraction that reads line by line merges them (``ỦY BAN NHÂN DÂN CỘNG
HÒA XÃ HỘI …``). This reader takes every character's box from the text layer
(pypdfium2, ~20x faster than pdfminer on these files, NFC characters), builds
words from the boxes with array arithmetic (one C call per character, no Python
work per character), groups them into lines, finds the gutter between the two
columns from the lines themselves, and emits the left column's lines, then the
right column's, as a typed dispatch would read.

Pages are read as displayed: ``/Rotate`` is applied, so a landscape appendix
printed on portrait paper reads left to right; text set vertically in a margin
is one line, read after the page (or dropped when it is a running header).
Ruled tables (appendices of tasks, assignees and deadlines) come out one row per
line, cells joined with `` | `` as the DOCX reader does (:mod:`._pdf_tables`);
a table that runs on over a page break reads as one.

Text drawn by annotations (an e-signature's visible stamp ``Người ký: … Thời gian
ký: …``) is not in the text layer; :func:`read_overlays` reads it by flattening the
annotations on a scratch copy of the page. A stamp is read as a block of its own
before the page (after it, when it sits in the lower half), where the stamp rules
find it.

Running headers and footers (the same line on most pages, digits aside) and
page numbers in the page margins are dropped. ``Document.pages`` holds the
span of each page in the text. A PDF without a text layer goes to OCR when
allowed and available, else :class:`~docintel.ScannedPDFError`.
"""

from __future__ import annotations

import collections
import ctypes
import functools
import re
import statistics
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import Errors, InputError, ScannedPDFError, Warnings, without_reprs
from .._model import Document, Source
from .._normalise import fold

MIN_TEXT_CHARS = 20  # fewer visible characters than this on every page: no text layer
MARGIN = 0.10  # share of the page height where running headers/footers and page numbers live

_SPACE = set(" \t\r\n\x00\xa0\ufffe\uffff\x02")
_LINE_END_HYPHEN = "\ufffe"
_SPACE_CODES = np.array(sorted({ord(c) for c in _SPACE} | {c for c in range(0x3100) if chr(c).isspace()}), dtype=np.uint32)

if TYPE_CHECKING:
    import pypdfium2 as pdfium

    from ._pdf_tables import PdfTable


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # font size of its first character (0: unknown)
    bold: bool = False  # its first character's font weight is 600 or more


@dataclass(slots=True)
class PdfLine:
    words: list[Word] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0
    table: int = 0  # k > 0: a row of the page's k-th ruled table
    cells: tuple[str, ...] = ()  # that row's cell texts, left to right

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def style(self) -> tuple[float, bool]:
        """(font size to the half point, bold) of most of its characters; (0, False) unknown."""
        weight: collections.Counter[tuple[float, bool]] = collections.Counter()
        for w in self.words:
            weight[(round(w.size * 2) / 2, w.bold)] += len(w.text)
        return weight.most_common(1)[0][0] if weight else (0.0, False)

    @property
    def text(self) -> str:
        if self.table:
            return " | ".join(self.cells)
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))

    def covers(self, x: float) -> bool:
        """A word lies on ``x`` or nearer to it than 30 % of the line height (a word space)."""
        slack = max(2.5, 0.3 * (self.bottom - self.top))
        return any(w.x0 - slack <= x <= w.x1 + slack for w in self.words)

    def split(self, x: float) -> bool:
        """Words on both sides of ``x`` and none across it."""
        return not self.covers(x) and any(w.x1 < x for w in self.words) and any(w.x0 > x for w in self.words)


@dataclass(slots=True)
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    lines: list[PdfLine]
    chars: int  # visible characters in the text layer
    margin: list[str] = field(default_factory=list)  # vertical text in the margins, read after the page
    warnings: list[str] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)  # text drawn by annotations (signature stamps)
    unreadable: str = ""  # why pdfium could not load the page (then it has no lines), in words


@dataclass(slots=True)
class Overlay:
    """The text an annotation's appearance draws over a page: an e-signature's visible
    stamp, a form field the issuing system filled in (the running number, the day)."""

    page: int  # 1-based
    subtype: int  # the PDF annotation subtype (pdfium's FPDF_ANNOT_*: 20 widget, 3 free text, 13 stamp)
    x0: float  # the annotation's rectangle on the displayed page, top-down
    top: float
    x1: float
    bottom: float
    lines: list[PdfLine] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    @property
    def words(self) -> list[Word]:
        return [w for ln in self.lines for w in ln.words]


# ---------------------------------------------------------------------------
# opening


def read_pdf(data: bytes, *, name: str, sha256: str, ocr: bool = True) -> Document:
    """Read a PDF's text layer into a Document (raw text, before normalisation)."""
    pages = extract_pages(data, name=name)
    if sum(p.chars for p in pages) < MIN_TEXT_CHARS:
        # the overlays were read with the pages: the OCR path takes them as they are
        return _scanned(data, name=name, sha256=sha256, ocr=ocr, overlays=[o for p in pages for o in p.overlays])
    _drop_furniture(pages)
    _join_tables(pages)
    text = ""
    spans: list[tuple[int, int]] = []
    open_end = False  # the page before ended inside the body, its last line a sentence's middle
    for i, page in enumerate(pages):
        lines, body_first, body_last = _page_text(page, first=(i == 0))
        t = "\n".join(lines)
        if text:
            text += _page_join(text, t) if open_end and body_first else "\n\n"
        start = len(text)
        text += t
        spans.append((start, len(text)))
        open_end = body_last
    doc = Document(text=text, source=Source(name, sha256, "pdf", len(data), None, len(pages)))
    doc.pages = spans
    filled = form_fields(pages[0]) if pages else {}
    if filled:
        doc.extras["form_fields"] = filled
    for p in pages:
        if p.chars == 0 and not p.unreadable:
            doc.warn(Warnings.W040.format(page=p.number))
        for w in p.warnings:
            doc.warn(w)
    missing = {p.number: p.unreadable for p in pages if p.unreadable}
    if missing:
        from ._missing import note_missing

        note_missing(doc, missing, len(pages))
    return doc


def _scanned(data: bytes, *, name: str, sha256: str, ocr: bool, overlays: list[Overlay] | None = None) -> Document:
    if ocr:
        try:
            from .. import ocr as ocr_module
        except ImportError:
            ocr_module = None  # type: ignore[assignment]
        if ocr_module is not None and ocr_module.available():
            return ocr_module.ocr_pdf(data, name=name, sha256=sha256, overlays=overlays)
    raise ScannedPDFError(Errors.E010, path=name)


def open_pdf(data: bytes, *, name: str) -> pdfium.PdfDocument:
    """Open a PDF with pypdfium2; InputError E011 (encrypted) or E012 (broken) naming the file."""
    import pypdfium2 as pdfium

    if not data.lstrip()[:1024].find(b"%PDF") >= 0:
        raise InputError(Errors.E012.format(reason="no %PDF header"), path=name)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise InputError(Errors.E011, path=name) from None
        raise InputError(Errors.E012.format(reason=_reason(msg)), path=name) from None


def extract_pages(data: bytes, *, name: str, overlays: bool = True) -> list[PdfPage]:
    """Every page's words grouped into lines (top to bottom), and with ``overlays`` the text
    its annotations draw (:func:`read_overlays`). Raises InputError (E011/E012)."""
    import pypdfium2 as pdfium

    pdf = open_pdf(data, name=name)
    scratch: _Scratch | None = None
    try:
        pages = []
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as e:
                # one damaged page object: the other pages are still read (W042 names it)
                pages.append(PdfPage(i + 1, 0.0, 0.0, [], 0, unreadable=f"pdfium cannot load it: {_reason(str(e))}"))
                continue
            try:
                read = _read_page(page, i + 1)
                if overlays and _annotation_count(page):
                    scratch = scratch or _Scratch(data)
                    read.overlays = scratch.overlays(i)
                pages.append(read)
            finally:
                page.close()
        if pages and all(p.unreadable for p in pages):
            from ._missing import describe

            reason = describe({p.number: p.unreadable for p in pages})
            raise InputError(Errors.E012.format(reason=f"no page could be read ({reason})"), path=name)
        return pages
    finally:
        if scratch is not None:
            scratch.close()
        pdf.close()


def _reason(msg: str) -> str:
    m = re.search(r"\(PDFium: ([^)]*)\)", msg)
    return (m.group(1) if m else msg).strip().rstrip(".").lower() or "unreadable"


# ---------------------------------------------------------------------------
# annotation overlays
#
# An e-signed dispatch shows its signature (``Người ký: … Cơ quan: … Thời gian ký: …``)
# and, from some document systems, its running number and day, as the appearance of an
# annotation (a signature widget) drawn over the page. The text layer does not hold
# that text. Flattening the annotation into the page content (on a scratch copy of the
# document) makes pdfium read it; the characters the flattened page has and the page had
# not are the overlays', each where it is displayed. (Emptying the page before
# flattening gives the same, but pdfium's GenerateContent costs up to 70 ms a page.)

_NO_APPEARANCE_TEXT = frozenset({2, 16})  # FPDF_ANNOT_LINK, FPDF_ANNOT_POPUP


def _annotation_count(page: Any) -> int:
    import pypdfium2.raw as pdfium_c

    return max(0, int(pdfium_c.FPDFPage_GetAnnotCount(page.raw)))


class _Scratch:
    """A second copy of the PDF, opened on first use, whose pages may be flattened
    (changed in memory only) to read their overlays."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2 as pdfium

        try:
            self.pdf: pdfium.PdfDocument | None = pdfium.PdfDocument(data)
        except Exception:  # noqa: BLE001 - the caller read the same bytes; an overlay is never a reason to fail
            self.pdf = None

    def overlays(self, index: int) -> list[Overlay]:
        if self.pdf is None:
            return []
        try:
            return read_overlays(self.pdf, index)
        except Exception:  # noqa: BLE001 - an overlay that cannot be read is simply absent
            return []

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def read_overlays(pdf: pdfium.PdfDocument, index: int) -> list[Overlay]:
    """The text each annotation of page ``index`` (0-based) draws, one :class:`Overlay` per
    annotation that draws text, in reading order.

    The annotations are flattened into the page (their appearances become page content)
    and the page's characters are read again: those the page did not have before (the
    same character at the same place) are the overlays'. CHANGES THE PAGE in ``pdf``: call
    it on a copy of the document that is read for nothing else.
    """
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        width, height = page.get_size()
        rotation = page.get_rotation()
        rects: list[tuple[int, float, float, float, float]] = []  # subtype, PDF rectangle (l, b, r, t)
        for k in range(_annotation_count(page)):
            annot = pdfium_c.FPDFPage_GetAnnot(page.raw, k)
            if not annot:
                continue
            try:
                subtype = int(pdfium_c.FPDFAnnot_GetSubtype(annot))
                r = pdfium_c.FS_RECTF()
                if subtype in _NO_APPEARANCE_TEXT or not pdfium_c.FPDFAnnot_HasKey(annot, b"AP"):
                    continue
                if not pdfium_c.FPDFAnnot_GetRect(annot, r):
                    continue
                if abs(r.right - r.left) < 1 or abs(r.top - r.bottom) < 1:
                    continue  # drawn into no room: nothing a reader sees
                rects.append((subtype, r.left, r.bottom, r.right, r.top))
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)
        if not rects:
            return []
        tp = page.get_textpage()
        try:
            before = _char_keys(tp)
        finally:
            tp.close()
        if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS:
            return []
    finally:
        page.close()
    page = pdf[index]  # reloaded: the page's content and, after it, the flattened appearances
    try:
        tp = page.get_textpage()
        try:
            old = _old_chars(before, _char_keys(tp))
            if old.all():
                return []
            to_display = display(rotation, width, height)
            words, vertical, _ = page_words(tp, to_display, skip=old)
            if len(vertical) > len(words) and rotation:
                # a stamp drawn upright on the unrotated sheet of a /Rotate page: it reads on the sheet
                to_display = display(0, *((height, width) if rotation in (90, 270) else (width, height)))
                words, vertical, _ = page_words(tp, to_display, skip=old)
        finally:
            tp.close()
    finally:
        page.close()
    return _assign(words + vertical, [_displayed(r, to_display) for r in rects], index + 1)


def _old_chars(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Which rows of ``after`` (see :func:`_char_keys`) the page had ``before``: each row of
    ``before`` accounts for one equal row of ``after``."""
    n = len(before)
    old = np.zeros(len(after), dtype=bool)
    if len(after) >= n and np.array_equal(after[:n], before):
        old[:n] = True  # as pdfium reads them: the page's own characters, then the appearances'
        return old
    left = collections.Counter(map(tuple, before.tolist()))
    for j, key in enumerate(map(tuple, after.tolist())):
        if left[key] > 0:
            left[key] -= 1
            old[j] = True
    return old


def _char_keys(tp: Any) -> np.ndarray:
    """Every character of a text page as a row (code, loose box rounded to 0.01 pt): the same
    character drawn at the same place has the same row before and after the page changes."""
    n = tp.count_chars()
    if n <= 0:
        return np.zeros((0, 5))
    text = tp.get_text_range(0, n)
    if len(text) == n:
        code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    else:
        import pypdfium2.raw as pdfium_c

        code = np.array([pdfium_c.FPDFText_GetUnicode(tp.raw, j) for j in range(n)], dtype=np.uint32)
    boxes = (ctypes.c_float * (4 * n))()
    fn, raw, base = _charbox_fn(), _address(tp.raw), ctypes.addressof(boxes)
    for j in range(n):
        fn(raw, j, base + 16 * j)
    box = np.round(np.frombuffer(boxes, dtype=np.float32).reshape(n, 4).astype(np.float64), 2)
    return np.column_stack([code.astype(np.float64), box])


def _displayed(r: tuple[int, float, float, float, float], to_display: Display) -> tuple[int, float, float, float, float]:
    subtype, left, bottom, right, top = r
    xa, ya = to_display(left, top)
    xb, yb = to_display(right, bottom)
    return subtype, min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def _assign(words: list[Word], rects: list[tuple[int, float, float, float, float]], number: int) -> list[Overlay]:
    """Each word to the annotation whose rectangle (on the displayed page: x0, top, x1,
    bottom) holds its centre, or lies nearest."""
    found: dict[int, list[Word]] = {}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2

        def distance(k: int, cx: float = cx, cy: float = cy) -> float:
            _, x0, top, x1, bottom = rects[k]
            return max(x0 - cx, 0.0, cx - x1) + max(top - cy, 0.0, cy - bottom)

        found.setdefault(min(range(len(rects)), key=distance), []).append(w)
    out = [Overlay(number, rects[k][0], *rects[k][1:], lines=group_lines(ws)) for k, ws in found.items()]
    out.sort(key=lambda o: (o.top, o.x0))
    return out


_SLOT_BEFORE = {"so": "number", "so:": "number", "ngay": "day", "thang": "month"}


def form_fields(page: PdfPage) -> dict[str, str]:
    """The digits an e-signing system drew into the blanks of page 1's header.

    Signed copies leave the running number and the day and month blank in the text
    layer ("Số: /QĐ-UBND", "ngày tháng năm 2026"); the signing system draws them
    with form widgets over the blanks. A widget whose text is 1–5 digits fills the
    slot whose marker word stands just left of it on the same line: ``Số:`` → number,
    ``ngày`` → day, ``tháng`` → month. Anything else is not a slot value.

    The contract's number and date stay as printed; the header step offers these as
    ``number_filled`` / ``date_filled`` beside them.
    """
    out: dict[str, str] = {}
    for o in page.overlays:
        if o.subtype != 20 or o.page != 1:  # FPDF_ANNOT_WIDGET
            continue
        value = " ".join(w.text for w in o.words).strip()
        if not re.fullmatch(r"\d{1,5}", value) or not o.words:
            continue
        w0 = o.words[0]
        cy = (w0.top + w0.bottom) / 2
        line = next((ln for ln in page.lines if ln.top - 2 <= cy <= ln.bottom + 2), None)
        if line is None:
            continue
        left = [w for w in line.words if w.x1 <= w0.x0 + 1]
        if not left:
            continue
        slot = _SLOT_BEFORE.get(fold(max(left, key=lambda w: w.x1).text).strip(",."))
        if slot and slot not in out:
            out[slot] = value
    return out


def _is_stamp(o: Overlay) -> bool:
    from ..fields._stamps import find_stamps

    text = unicodedata.normalize("NFC", o.text)
    return bool(text.strip()) and bool(find_stamps(text))


def read_all_overlays(data: bytes) -> list[Overlay]:
    """Every page's overlays (see :func:`read_overlays`), in page order. Never raises."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - an overlay is never a reason to fail
        return []
    out: list[Overlay] = []
    try:
        for i in range(len(pdf)):
            try:
                page = pdf[i]
                try:
                    n = _annotation_count(page)
                finally:
                    page.close()
                if n:
                    out.extend(read_overlays(pdf, i))
            except Exception:  # noqa: BLE001 - an overlay that cannot be read is simply absent
                continue
        return out
    finally:
        pdf.close()


def add_overlay_stamps(doc: Document, data: bytes, overlays: list[Overlay] | None = None) -> None:
    """Append the e-signature stamps the PDF's annotations draw to an OCR'd ``doc``.

    The stamp's text comes from the PDF, exact, where OCR of the page image would only
    guess at it (and a scan's image often does not hold it at all). It goes after the
    last page, one block per stamp, so every offset already taken in the OCR text
    (``pages``, ``extras["ocr"]["lines"]``) stays valid and the OCR text itself is
    unchanged; the stamp rules find it there. ``overlays``: those already read with the
    pages (:func:`extract_pages`); read from ``data`` when None. Never raises.
    """
    stamps = [o for o in (read_all_overlays(data) if overlays is None else overlays) if _is_stamp(o)]
    if not stamps:
        return
    text = doc.text
    if text and not text.endswith("\n"):
        text += "\n"
    if text and not text.endswith("\n\n"):
        text += "\n"
    text += "\n\n".join("\n".join(ln.text for ln in o.lines) for o in stamps) + "\n"
    doc.text = text


def overlay_texts(data: bytes, *, name: str) -> list[list[str]]:
    """Per page, the text lines that annotations draw over it (e-signature stamps, filled-in
    fields): what a reader sees that the text layer (and a text extractor) does not hold.

    Only pages with annotations are touched. Never raises: a PDF that cannot be opened
    gives ``[]``, an overlay that cannot be read is absent. ``name`` is the file's name,
    for symmetry with the other readers (nothing is reported).
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        n_pages = len(pdf)
        pdf.close()
    except Exception:  # noqa: BLE001 - see the docstring
        return []
    out: list[list[str]] = [[] for _ in range(n_pages)]
    for o in read_all_overlays(data):
        out[o.page - 1].extend(ln.text for ln in o.lines)
    return out


Display = Callable[[Any, Any], tuple[Any, Any]]


def display(rotation: int, width: float, height: float) -> Display:
    """PDF user space (y up) → the page as displayed (``/Rotate`` applied), y down.

    ``width`` and ``height`` are the displayed size. Works on floats and numpy arrays.
    A landscape table on a portrait sheet is a page rotated by 90: its text runs left to
    right only after the rotation.
    """
    if rotation == 90:
        return lambda x, y: (y, x)
    if rotation == 180:
        return lambda x, y: (width - x, y)
    if rotation == 270:
        return lambda x, y: (width - y, height - x)
    return lambda x, y: (x, height - y)


def _read_page(page: Any, number: int) -> PdfPage:
    width, height = page.get_size()
    to_display = display(page.get_rotation(), width, height)
    tp = page.get_textpage()
    try:
        words, vertical, visible = page_words(tp, to_display)
    finally:
        tp.close()
    from .._clean import classify

    margin = [w.text for w in vertical if classify(w.text) not in ("page_number", "running_header")]
    tables: list[PdfTable] = []
    warnings: list[str] = []
    if words:
        from ._pdf_tables import find_tables, page_rules

        try:
            rules = page_rules(page, to_display)
            if rules:
                tables = find_tables(rules, words, width, height)
        except Exception as e:  # noqa: BLE001 - a table is a better reading of the text, never a reason to lose it
            reason = without_reprs(str(e)) or e.__class__.__name__
            warnings.append(Warnings.W041.format(page=number, reason=f"the table reader failed: {reason}"[:120]))
            tables = []
    if not tables:
        return PdfPage(number, width, height, group_lines(words), visible, margin, warnings)
    in_table = {id(w) for t in tables for row in t.rows for cell in row for w in cell}
    lines = group_lines([w for w in words if id(w) not in in_table])
    for k, table in enumerate(tables, start=1):
        for row in table.rows:
            cells = tuple(_join_wrapped([ln.text for ln in group_lines(cell)]) for cell in row)
            if any(cells):
                row_words = [w for cell in row for w in cell]
                lines.append(PdfLine(row_words, min(w.top for w in row_words), max(w.bottom for w in row_words), k, cells))
    lines.sort(key=lambda ln: (ln.top + ln.bottom) / 2 if not ln.table else ln.top)
    return PdfPage(number, width, height, lines, visible, margin, warnings)


_C_FLOAT4 = ctypes.c_float * 4


@functools.cache
def _charbox_fn() -> Callable[[int, int, int], int]:
    """``FPDFText_GetLooseCharBox`` with plain address arguments: one C call per character,
    writing into a preallocated float array, without a ctypes object per call."""
    import pypdfium2.raw as pdfium_c

    proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    return proto(ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)  # type: ignore[arg-type]


def _address(handle: object) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0  # type: ignore[arg-type]


def page_words(tp: Any, to_display: Display, *, skip: np.ndarray | None = None) -> tuple[list[Word], list[Word], int]:
    """A text page's words (displayed page, top-down coordinates), its vertical text runs
    (see :func:`_vertical_runs`) and its count of visible characters.

    Characters come from pdfium with their loose boxes (one C call each, into one
    array); splitting them into words is array arithmetic: a word ends at a space
    character, or where the next character jumps vertically by more than 60 % of
    the line height, or leaves a gap wider than a quarter of it (a missing space),
    or moves back more than two heights. A mark without a box (a combining accent)
    stays with the letter before it. ``skip`` (one flag per character) leaves characters
    out (they end words as spaces do).
    """
    n = tp.count_chars()
    if n <= 0:
        return [], [], 0
    text = tp.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP or a text layer pdfium cannot align: one code each
        import pypdfium2.raw as pdfium_c

        codes = [pdfium_c.FPDFText_GetUnicode(tp.raw, j) for j in range(n)]
        text = "".join("\ufffd" if 0xD800 <= c <= 0xDFFF or c > 0x10FFFF else chr(c) for c in codes)
    if _LINE_END_HYPHEN in text:
        # pdfium reports a hyphen that ends a line as U+FFFE (it takes it for hyphenation);
        # Vietnamese never hyphenates a syllable, so it is the text's own hyphen ("NĐ-" / "CP")
        text = text.replace(_LINE_END_HYPHEN, "-")
    code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = np.isin(code, _SPACE_CODES)
    if skip is not None:  # characters to leave out: they break words as spaces do
        space |= skip
    keep = np.flatnonzero(~space)
    if not len(keep):
        return [], [], 0
    boxes = (ctypes.c_float * (4 * n))()
    fn, raw, base = _charbox_fn(), _address(tp.raw), ctypes.addressof(boxes)
    for j in keep.tolist():
        fn(raw, j, base + 16 * j)
    box = np.frombuffer(boxes, dtype=np.float32).reshape(n, 4).astype(np.float64)
    xa, ya = to_display(box[:, 0], box[:, 1])  # FS_RECTF is left, top, right, bottom (PDF space: y up)
    xb, yb = to_display(box[:, 2], box[:, 3])
    left, right = np.minimum(xa, xb), np.maximum(xa, xb)
    y0, y1 = np.minimum(ya, yb), np.maximum(ya, yb)
    zero = (right - left <= 0) & (y1 - y0 <= 0)
    prev_space = np.empty(n, dtype=bool)
    prev_space[0] = True
    prev_space[1:] = space[:-1]
    anchor = ~space & (~zero | prev_space)  # characters with a box of their own (or starting a word)
    visible = int(anchor.sum())
    # a mark without a box takes the box of the character before it, squeezed to its right edge
    last = np.maximum.accumulate(np.where(anchor, np.arange(n), 0))
    fill = ~space & ~anchor
    eright = np.where(fill, right[last], right)
    eleft = np.where(fill, eright, left)
    ey0, ey1 = np.where(fill, y0[last], y0), np.where(fill, y1[last], y1)
    # where a word breaks without a space: each boxed character against the one before it
    pright, py0, py1 = np.roll(eright, 1), np.roll(ey0, 1), np.roll(ey1, 1)
    h = np.maximum(1.0, np.maximum(py1 - py0, y1 - y0))
    gap = left - pright
    jump = np.abs((y0 + y1) / 2 - (py0 + py1) / 2) > 0.6 * h
    brk = anchor & ~prev_space & (jump | (gap > 0.25 * h) | (gap < -2 * h))
    seg = np.flatnonzero(prev_space[keep] | brk[keep])
    x0s = np.minimum.reduceat(eleft[keep], seg)
    x1s = np.maximum.reduceat(eright[keep], seg)
    tops = np.minimum.reduceat(ey0[keep], seg)
    bottoms = np.maximum.reduceat(ey1[keep], seg)
    first = keep[seg]
    stop = keep[np.append(seg[1:], len(keep)) - 1] + 1
    starts, stops = first.tolist(), stop.tolist()
    if unicodedata.is_normalized("NFC", text):
        texts = [text[a:b] for a, b in zip(starts, stops, strict=True)]
    else:
        texts = [unicodedata.normalize("NFC", text[a:b]) for a, b in zip(starts, stops, strict=True)]
    import pypdfium2.raw as pdfium_c

    font_size, font_weight, raw_tp = pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetFontWeight, tp.raw
    words = [
        Word(t, a, b, c, d, float(font_size(raw_tp, j)), font_weight(raw_tp, j) >= 600)
        for t, a, b, c, d, j in zip(texts, x0s.tolist(), x1s.tolist(), tops.tolist(), bottoms.tolist(), starts, strict=True)
    ]
    words, vertical = _vertical_runs(words, np.array(starts), np.array(stops), x0s, x1s, tops, bottoms)
    return words, vertical, visible


def _vertical_runs(
    words: list[Word], starts: np.ndarray, stops: np.ndarray, x0: np.ndarray, x1: np.ndarray, top: np.ndarray, bottom: np.ndarray
) -> tuple[list[Word], list[Word]]:
    """Split off text set vertically (one letter under the other, as a running header in the
    margin of a landscape page): ``(other words, each vertical run as one word)``.

    Every letter of vertical text is a word of its own (each one jumps a line down). Two
    successive one-letter words are stacked when their boxes overlap horizontally by half
    the narrower one and the second starts within half a letter below the first (or above it,
    for text read bottom to top).
    """
    n = len(words)
    if n < 2:
        return words, []
    single = np.array([len(w.text) == 1 for w in words])
    h = np.maximum(bottom - top, 1.0)
    hh = np.maximum(h[:-1], h[1:])
    overlap = np.minimum(x1[:-1], x1[1:]) - np.maximum(x0[:-1], x0[1:])
    narrow = np.minimum(x1[:-1] - x0[:-1], x1[1:] - x0[1:])
    down, up = top[1:] - bottom[:-1], top[:-1] - bottom[1:]
    stacked = single[:-1] & single[1:] & (overlap >= 0.5 * np.maximum(narrow, 0.1)) & (
        ((down >= -0.5 * hh) & (down <= 0.5 * hh)) | ((up >= -0.5 * hh) & (up <= 0.5 * hh))
    )
    if not stacked.any():
        return words, []
    keep: list[Word] = []
    runs: list[Word] = []
    i = 0
    while i < n:
        j = i
        while j < n - 1 and stacked[j]:
            j += 1
        if j == i:
            keep.append(words[i])
        else:
            text = words[i].text
            for k in range(i + 1, j + 1):
                text += (" " if starts[k] > stops[k - 1] else "") + words[k].text
            runs.append(Word(text, float(x0[i : j + 1].min()), float(x1[i : j + 1].max()), float(top[i : j + 1].min()),
                             float(bottom[i : j + 1].max())))
        i = j + 1
    return keep, _join_runs(runs)


def _join_runs(runs: list[Word]) -> list[Word]:
    """Successive vertical runs in one column, less than two letters apart, are one run."""
    out: list[Word] = []
    for w in runs:
        if out:
            p = out[-1]
            size = max(min(p.x1 - p.x0, w.x1 - w.x0), 1.0)
            overlap = min(p.x1, w.x1) - max(p.x0, w.x0)
            gap = max(w.top - p.bottom, p.top - w.bottom)
            if overlap >= 0.5 * size and gap < 2 * size:
                out[-1] = Word(p.text + " " + w.text, min(p.x0, w.x0), max(p.x1, w.x1), min(p.top, w.top), max(p.bottom, w.bottom))
                continue
        out.append(w)
    return out


def group_lines(words: list[Word]) -> list[PdfLine]:
    """Words → lines: a word joins the line whose running vertical centre is nearest to its own,
    within 40 % of a line height (accents raise a word's top, descenders lower its bottom, so
    centres, not boxes, are compared; a line never grows into the next one)."""
    heights = [w.bottom - w.top for w in words if w.bottom > w.top]
    typical = statistics.median(heights) if heights else 10.0
    lines: list[PdfLine] = []
    mids: list[float] = []
    counts: list[int] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (w.top + w.bottom) / 2
        tol = 0.4 * max(typical, w.bottom - w.top)
        best = -1
        best_d = tol
        for k in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
            d = abs(mids[k] - mid)
            if d <= best_d:
                best, best_d = k, d
        if best < 0:
            lines.append(PdfLine([w], w.top, w.bottom))
            mids.append(mid)
            counts.append(1)
        else:
            ln = lines[best]
            ln.words.append(w)
            ln.top, ln.bottom = min(ln.top, w.top), max(ln.bottom, w.bottom)
            counts[best] += 1
            mids[best] += (mid - mids[best]) / counts[best]
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    order = sorted(range(len(lines)), key=lambda k: mids[k])
    return [lines[k] for k in order]


# ---------------------------------------------------------------------------
# page furniture


def _drop_furniture(pages: list[PdfPage]) -> None:
    """Remove page numbers and running headers/footers from the page margins."""
    from .._clean import classify

    _DIG = re.compile(r"\d+")
    counts: dict[tuple[str, str], int] = {}
    edge_lines: list[tuple[PdfPage, PdfLine, str, str]] = []
    for page in pages:
        if not page.lines:
            continue
        for where, candidates in (("top", page.lines[:2]), ("bottom", page.lines[-2:])):
            for ln in candidates:
                if ln.table:
                    continue
                in_margin = ln.bottom < MARGIN * page.height if where == "top" else ln.top > (1 - MARGIN) * page.height
                if not in_margin:
                    continue
                key = _DIG.sub("#", fold(ln.text)).strip()
                edge_lines.append((page, ln, where, key))
                counts[(where, key)] = counts.get((where, key), 0) + 1
    n = len([p for p in pages if p.lines])
    drop: set[int] = set()
    for _page, ln, where, key in edge_lines:
        kind = classify(ln.text)
        repeated = n >= 2 and counts[(where, key)] >= max(2, n // 2) and any(c.isalpha() for c in key)
        if kind in ("page_number", "running_header") or repeated:
            drop.add(id(ln))
    for page in pages:
        page.lines = [ln for ln in page.lines if id(ln) not in drop]


def _join_tables(pages: list[PdfPage]) -> None:
    """A table that runs on over the next page reads as one: the header row the page repeats
    goes, and a first row without a number (no text in its first cell) is the rest of the
    row the page before ended with, cell by cell."""
    carried: PdfLine | None = None  # the header row of a table that ran on onto the page
    for prev, page in zip(pages, pages[1:], strict=False):
        head, carried = carried, None
        if not prev.lines or not page.lines or not prev.lines[-1].table or not page.lines[0].table:
            continue
        last = prev.lines[-1]
        if head is None or not any(ln is last for ln in prev.lines if ln.table == prev.lines[0].table):
            head = next(ln for ln in prev.lines if ln.table == last.table)  # the table did not start on an earlier page
        first = page.lines[0]
        if first.cells == head.cells and head is not last and len(page.lines) > 1 and page.lines[1].table == first.table:
            page.lines.pop(0)  # the repeated header row
            first = page.lines[0]
        if head is not last and len(first.cells) == len(last.cells) and first.cells and not first.cells[0] and last.cells[0]:
            last.cells = tuple(" ".join(c for c in pair if c) for pair in zip(last.cells, first.cells, strict=True))
            last.words = last.words + first.words
            page.lines.pop(0)
        if page.lines and page.lines[-1].table == first.table:
            carried = head  # the same table reaches the page's end: it may run on again


# ---------------------------------------------------------------------------
# columns


def find_gutter(lines: list[PdfLine], width: float, *, covered_ok: bool = False) -> float | None:
    """The x of the gap between two columns, from the lines that have words on both sides.

    Looks between 30 % and 70 % of the page width for the position that splits the most
    lines (``covered_ok=False``) or that the fewest words cross (``covered_ok=True``,
    for a bounded region such as the Nơi nhận / signature block).
    """
    lines = [ln for ln in lines if ln.words]
    if not lines:
        return None
    lo, hi = int(0.3 * width), int(0.7 * width)
    positions = list(range(lo, hi + 1, 2))
    covered, split = _coverage(lines, np.array(positions, dtype=np.float64))
    n_covered, n_split = covered.sum(axis=0).tolist(), split.sum(axis=0).tolist()
    scored: list[tuple[tuple[int, int], int]] = [
        ((-c, sp) if covered_ok else (sp, 0), x) for x, c, sp in zip(positions, n_covered, n_split, strict=True)
    ]
    best_key = max(k for k, _ in scored)
    if best_key[1 if covered_ok else 0] < 1:
        return None
    if covered_ok and (best_key[0] < 0 or not any(ln.x0 < lo for ln in lines) or not any(ln.x1 > hi for ln in lines)):
        return None
    # the band of best positions nearest the page centre; its middle
    xs = [x for k, x in scored if k == best_key]
    bands: list[list[int]] = [[xs[0]]]
    for x in xs[1:]:
        if x - bands[-1][-1] <= 2:
            bands[-1].append(x)
        else:
            bands.append([x])
    band = min(bands, key=lambda b: abs((b[0] + b[-1]) / 2 - width / 2) - (b[-1] - b[0]))
    if not covered_ok:
        if best_key[0] == 1 and band[-1] - band[0] < 0.03 * width:
            return None  # one split line only: believe it when the gap is a real gutter
        # inside the gutter, prefer where the fewest other lines (a centred title) reach
        cover = {x: n_covered[positions.index(x)] for x in band}
        least = min(cover.values())
        band = [x for x in band if cover[x] == least]
    return (band[0] + band[-1]) / 2


def _coverage(lines: list[PdfLine], xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``covered[i, j]``: line i covers ``xs[j]`` (:meth:`PdfLine.covers`); ``split[i, j]``:
    it is split there (:meth:`PdfLine.split`). One array operation over all words instead of
    a Python loop per position and line."""
    counts = [len(ln.words) for ln in lines]
    box = np.array([(w.x0, w.x1) for ln in lines for w in ln.words], dtype=np.float64)
    slack = np.repeat(np.array([max(2.5, 0.3 * (ln.bottom - ln.top)) for ln in lines]), counts)[:, None]
    hit = (box[:, :1] - slack <= xs) & (xs <= box[:, 1:] + slack)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    covered = np.logical_or.reduceat(hit, starts, axis=0)
    left = np.minimum.reduceat(box[:, 1], starts)[:, None] < xs
    right = np.maximum.reduceat(box[:, 0], starts)[:, None] > xs
    return covered, ~covered & left & right


def _centred(ln: PdfLine, width: float) -> bool:
    return abs((ln.x0 + ln.x1) / 2 - width / 2) < 0.05 * width


def split_header(page: PdfPage) -> tuple[int, list[str], list[str], int]:
    """Where the two-column header is on a page: (first line, left lines, right lines, end line).

    ``end == 0`` when the page has no two-column header. Lines above ``first`` (a
    publication's section heading, say) are not part of it.
    """
    lines = page.lines
    top = [ln for ln in lines[:10] if ln.top < 0.45 * page.height and not ln.table]
    x = find_gutter(top, page.width)
    if x is None:
        return 0, [], [], 0
    first_split = next((i for i, ln in enumerate(lines[:8]) if not ln.table and ln.split(x)), None)
    if first_split is None:
        return 0, [], [], 0

    pitch = _line_height(lines)

    def inside(ln: PdfLine) -> bool:
        if ln.table or _AFTER_HEADER.match(fold(ln.text)):
            return False
        if ln.split(x):
            return True
        if ln.covers(x) or _centred(ln, page.width):
            return False
        return not (ln.x0 < 0.2 * page.width and ln.x1 > 0.8 * page.width)  # a full-width body line

    begin = first_split
    while begin > 0 and inside(lines[begin - 1]):
        begin -= 1
    end = first_split + 1
    while (
        end < len(lines)
        and inside(lines[end])
        and lines[end].top < 0.5 * page.height
        and lines[end].top - lines[end - 1].bottom < 3 * pitch
    ):
        end += 1
    left, right = _columns(lines[begin:end], x)
    return begin, left, right, end


def _columns(lines: list[PdfLine], x: float) -> tuple[list[str], list[str]]:
    """Each side's words regrouped into lines of their own (the columns' line pitches differ)."""
    words = [w for ln in lines for w in ln.words]
    left = group_lines([w for w in words if (w.x0 + w.x1) / 2 < x])
    right = group_lines([w for w in words if (w.x0 + w.x1) / 2 >= x])
    return [ln.text for ln in left], [ln.text for ln in right]


_NOI_NHAN = re.compile(r"^\W*noi\s*nhan\b")
_AFTER_HEADER = re.compile(r"^\W*kinh\s*gui\b")  # the first component below the header
_MOTTO = re.compile(r"cong hoa xa hoi|doc lap\s*-\s*tu do")


def split_footer(page: PdfPage) -> tuple[int, list[str], list[str], int] | None:
    """(index of the first footer line, Nơi nhận column, signature column, index after the
    footer) or ``None``. The footer ends at the page's end or at a ruled table below it."""
    lines = page.lines
    start = next((i for i, ln in enumerate(lines) if not ln.table and _NOI_NHAN.match(fold(ln.text))), None)
    if start is None:
        return None
    end = next((i for i in range(start, len(lines)) if lines[i].table), len(lines))
    region = lines[start:end]
    x = find_gutter(region, page.width, covered_ok=True)
    if x is None:
        return None
    # signature lines placed a little above the Nơi nhận line (right column only)
    while (
        start > 0
        and not lines[start - 1].table
        and lines[start - 1].x0 > x
        and region[0].top - lines[start - 1].bottom < 3 * _line_height(lines)
    ):
        start -= 1
        region = lines[start:end]
    left, right = _columns(region, x)
    return start, left, right, end


def _line_height(lines: list[PdfLine]) -> float:
    hs = [ln.bottom - ln.top for ln in lines if ln.bottom > ln.top]
    return statistics.median(hs) if hs else 12.0


_HYPHEN_WRAP = re.compile(r"\w-$")  # a token broken after its hyphen: "NĐ-" / "CP", "13/BCĐ-" / "KGVX"


def _paragraphs(lines: list[PdfLine]) -> list[str]:
    """Line texts, with a blank line where a new paragraph starts — the vertical gap says
    so, or a centred line (a title's last) is followed by one in another font that starts
    at the left edge (the justified body under it) — and around each table (its rows together). A line
    that ends in a token broken after its hyphen goes on with the next line's text."""
    if not lines:
        return []
    pairs = list(zip(lines, lines[1:], strict=False))
    text_gaps = [b.top - a.bottom for a, b in pairs if not a.table and not b.table]
    typical = statistics.median(text_gaps) if text_gaps else 0.0
    pitch = _line_height([ln for ln in lines if not ln.table] or lines)
    text_lines = [ln for ln in lines if not ln.table and ln.words]
    block = (min(ln.x0 for ln in text_lines), max(ln.x1 for ln in text_lines)) if text_lines else (0.0, 0.0)
    out = [lines[0].text]
    for a, b in pairs:
        if a.table != b.table or (
            not b.table
            and (b.top - a.bottom > typical + 0.3 * pitch or _leaves_centre(a, b, block))
        ):
            out.append("")
        elif not a.table and _HYPHEN_WRAP.search(out[-1]) and b.text[:1].isalnum():
            out[-1] += b.text
            continue
        out.append(b.text)
    return out


def _join_wrapped(texts: list[str]) -> str:
    """A table cell's lines as one text: a space between lines, none after a token the cell
    broke after its hyphen ("TT-" / "BLĐTBXH")."""
    out = ""
    for t in texts:
        if out and not (_HYPHEN_WRAP.search(out) and t[:1].isalnum()):
            out += " "
        out += t
    return out


def _centred_in(ln: PdfLine, block: tuple[float, float]) -> bool:
    """A line set centred in the text block: clear of both edges by about as much."""
    if ln.table or not ln.words:
        return False
    left, right = block
    width = right - left
    if width <= 0:
        return False
    gap_l, gap_r = ln.x0 - left, right - ln.x1
    return min(gap_l, gap_r) > 0.02 * width and abs(gap_l - gap_r) < 0.05 * width


def _leaves_centre(a: PdfLine, b: PdfLine, block: tuple[float, float]) -> bool:
    """``a`` is centred (a title's last line) and ``b``, in another font size or weight,
    starts at the block's left edge or a first-line indent from it (the body under the
    title). A title wrapped over full-width lines keeps its font: no break inside it."""
    if a.table or b.table or not b.words or not _centred_in(a, block) or _centred_in(b, block):
        return False
    return b.x0 < block[0] + 0.12 * (block[1] - block[0]) and a.style != b.style


def _stamps(page: PdfPage) -> tuple[list[str], list[str]]:
    """The page's e-signature stamps (overlays the stamp rules read): the lines of those in
    its upper half, read before the page, and of those in its lower half, read after it, one
    block per stamp. Set apart from the page's lines, a stamp never joins a header line it
    overlaps, and the text pipeline finds it where pdftotext puts it."""
    above: list[str] = []
    below: list[str] = []
    for o in page.overlays:
        if not _is_stamp(o):
            continue
        side = above if (o.top + o.bottom) / 2 < page.height / 2 else below
        if side:
            side.append("")
        side.extend(ln.text for ln in o.lines)
    return above, below


_SENTENCE_END = re.compile(r"[.;:!?…][\"'”’)\]]*\s*$")


def _page_join(before: str, after: str) -> str:
    """What joins a page that ended inside the body to the next one that starts in it: the
    paragraph goes on over the break ("\\n", or nothing after a token broken at its hyphen)
    unless the last line ends a sentence ("\\n\\n", as between any two pages)."""
    if _HYPHEN_WRAP.search(before) and after[:1].isalnum():
        return ""
    return "\n\n" if _SENTENCE_END.search(before) else "\n"


def _page_text(page: PdfPage, *, first: bool) -> tuple[list[str], bool, bool]:
    """The page's text lines, whether they start in the body (no header, stamp or table
    first) and whether they end in it (no footer, stamp, margin text or table last)."""
    lines = page.lines
    out: list[str] = []
    above, below = _stamps(page) if page.overlays else ([], [])
    if above:
        out.extend([*above, ""])
    begin = 0
    if first or any(_MOTTO.search(fold(ln.text)) for ln in lines[:6]):
        head, left, right, used = split_header(page)
        if used:
            if head:
                out.extend(ln.text for ln in lines[:head])
                out.append("")
            out.extend(left)
            out.append("")
            out.extend(right)
            out.append("")
            begin = used
    footer = split_footer(page) if len(lines) > begin else None
    stop = len(lines)
    if footer is not None and footer[0] >= begin:
        stop = footer[0]
    out.extend(_paragraphs(lines[begin:stop]))
    if footer is not None and footer[0] >= begin:
        _, left, right, end = footer
        out.append("")
        out.extend(left)
        out.append("")
        out.extend(right)
        if end < len(lines):
            out.append("")
            out.extend(_paragraphs(lines[end:]))
    if below:
        out.extend(["", *below])
    if page.margin:
        out.append("")
        out.extend(page.margin)
    body_first = not above and begin == 0 and bool(lines) and not lines[0].table and (footer is None or footer[0] > 0)
    body_last = not below and not page.margin and footer is None and bool(lines) and not lines[-1].table
    return out, body_first, body_last


__all__ = [
    "Overlay", "PdfLine", "PdfPage", "Word", "add_overlay_stamps", "display", "extract_pages", "find_gutter", "form_fields",
    "group_lines",
    "overlay_texts", "page_words", "read_all_overlays", "read_overlays", "read_pdf", "split_footer", "split_header",
]
