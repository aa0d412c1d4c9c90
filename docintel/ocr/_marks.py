"""Urgency and security marks stamped in red: read back from the dropped stamp ink.

Decree 30/2020 puts the urgency mark (KHẨN, THƯỢNG KHẨN, HỎA TỐC, HỎA TỐC HẸN GIỜ) and the
security mark (MẬT, TỐI MẬT, TUYỆT MẬT) under the number in the header's left column, and
offices stamp them in red. :func:`~._prepare.to_grey` drops pale saturated ink so seals do
not bury the print, and those marks go with the seals. The dropped ink is kept as a layer
(dark on white, see :func:`~._prepare.stamp_layer`); on page 1 each patch of that ink in the
header region the size of a mark (:func:`regions`; a seal is larger) is read as one block of
text, and only a line that is one of the marks —
by the ``urgency`` / ``security`` rules of ``rules/header.yaml`` the header parser uses,
or fuzzily one of their upper-case examples when it has two words — is added to the page
at its place. A seal's rim lettering or a received stamp's office name is never added.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .._normalise import fold, nfc
from .._rules import Rule, load
from ._tesseract import LANG, OCRLine, OCRPage, Word, lines_of

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from PIL.Image import Image

    from ._cache import PageCache

HEADER_WIDTH = 0.6  # share of the page's width the left header column lies in
HEADER_HEIGHT = 0.45  # share of the page's height the header lies in
BLOCK_PSM = 6  # Tesseract: one uniform block of text (a mark and its frame; sparse-text mode (11)
# finds nothing inside a framed mark)
CELL = 8  # pixels per cell of the grid the ink is grouped on
MARK_HEIGHT = (0.006, 0.06)  # a mark's extent, as a share of the page's height (a seal is ~0.14)
MAX_REGIONS = 8  # ink regions read at most (the largest first)
MIN_CONF = 50.0  # a mark read less surely than this is not added
FUZZY = 80.0  # rapidfuzz ratio to an upper-case example of a two-or-more-word mark
MIN_INK = 0.0005  # share of the header crop in stamp ink below which nothing is read
MARK_RULES = ("urgency", "security")


@cache
def _marks() -> tuple[list[Rule], list[tuple[str, str]]]:
    """The header's mark rules, and their upper-case examples (folded, as written)."""
    rules = [r for r in load("header").rules if r.id in MARK_RULES]
    canon: list[tuple[str, str]] = []
    for r in rules:
        for ex in r.examples:
            text = nfc(str(ex)).strip()
            ok = text.isupper() and r.search(fold(text)) and all(c.isalpha() or c.isspace() for c in text)
            if ok and all(f != fold(text) for f, _ in canon):
                canon.append((fold(text), text))
    return rules, canon


def mark_text(text: str) -> str | None:
    """The urgency or security mark ``text`` reads as, or None.

    A line the header rules take as a mark is kept as read (a one-word mark must be spelt
    with its marks, so a seal's "MẶT TRẬN" scrap is not MẬT); a two-word line close to one
    of their upper-case examples becomes that example ("H0A TÓC" → "HỎA TỐC").
    """
    rules, canon = _marks()
    bare = nfc(text).strip(" |[](){}_-—=*'\"“”.,:;!")
    if not bare:
        return None
    folded = fold(bare)
    for r in rules:
        if r.search(folded):
            if len(folded.split()) == 1 and not any(bare.upper() == c for _, c in canon):
                return None
            exact = [c for f, c in canon if f == folded]
            return exact[0] if exact else bare
    words = len(folded.split())
    if words < 2:
        return None
    close = [
        (fuzz.ratio(folded, f), c)
        for f, c in canon
        if len(f.split()) == words and 0.8 <= len(folded) / len(f) <= 1.25
    ]
    best = max(close, default=(0.0, ""))
    if best[0] >= FUZZY and sum(score == best[0] for score, _ in close) == 1:
        return best[1]
    return None


def regions(layer: Image, page_height: int) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of the separate patches of ink in ``layer`` that are the
    size of a mark: a word or two in a frame, wider than tall; a seal is too big."""
    import numpy as np

    a = np.asarray(layer) < 128
    h, w = a.shape
    gh, gw = -(-h // CELL), -(-w // CELL)
    grid = np.zeros((gh * CELL, gw * CELL), dtype=bool)
    grid[:h, :w] = a
    cells: NDArray[np.bool_] = np.asarray(grid.reshape(gh, CELL, gw, CELL).any(axis=(1, 3)), dtype=bool)
    # letters of one word, and a word and its frame, are a cell or two apart
    grown: NDArray[np.bool_] = cells.copy()
    grown[1:] |= cells[:-1]
    grown[:-1] |= cells[1:]
    grown[:, 1:] |= cells[:, :-1]
    grown[:, :-1] |= cells[:, 1:]
    seen: NDArray[np.bool_] = np.zeros_like(grown)
    boxes: list[tuple[int, int, int, int, int]] = []
    for y0, x0 in zip(*np.nonzero(grown), strict=True):
        if seen[y0, x0]:
            continue
        stack = [(int(y0), int(x0))]
        seen[y0, x0] = True
        top, left, bottom, right, n = int(y0), int(x0), int(y0), int(x0), 0
        while stack:
            y, x = stack.pop()
            n += 1
            top, bottom, left, right = min(top, y), max(bottom, y), min(left, x), max(right, x)
            for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                yy, xx = y + dy, x + dx
                if 0 <= yy < gh and 0 <= xx < gw and grown[yy, xx] and not seen[yy, xx]:
                    seen[yy, xx] = True
                    stack.append((yy, xx))
        box = (left * CELL, top * CELL, min(w, (right + 1) * CELL), min(h, (bottom + 1) * CELL))
        height, width = box[3] - box[1], box[2] - box[0]
        if MARK_HEIGHT[0] * page_height <= height <= MARK_HEIGHT[1] * page_height and width >= 1.5 * height:
            boxes.append((*box, n))
    boxes.sort(key=lambda b: -b[4])
    return [b[:4] for b in boxes[:MAX_REGIONS]]


def _read(crop: Image) -> list[OCRLine]:
    import pytesseract

    data = pytesseract.image_to_data(crop, lang=LANG, config=f"--psm {BLOCK_PSM}", output_type=pytesseract.Output.DICT)
    return lines_of(data)


def read_marks(layer: Image, cache: PageCache | None = None, version: str = "") -> list[OCRLine]:
    """Urgency and security mark lines in the header region of a stamp-ink ``layer``."""
    import numpy as np

    from ._cache import image_key
    from ._tesseract import tesseract_path

    w, h = layer.size
    crop = layer.crop((0, 0, round(w * HEADER_WIDTH), round(h * HEADER_HEIGHT)))
    if float((np.asarray(crop) < 128).mean()) < MIN_INK or tesseract_path() is None:
        return []
    key = image_key(crop, f"{version}|marks-psm{BLOCK_PSM}")
    hit = cache.get(key) if cache is not None else None
    if hit is not None:
        raw = hit.lines
    else:
        import pytesseract
        from PIL import ImageOps

        raw = []
        for left, top, right, bottom in regions(crop, h):
            m = max(4, (bottom - top) // 4)
            part = ImageOps.expand(crop.crop((left, top, right, bottom)), border=m, fill=255)
            part.info.update(layer.info)  # the resolution Tesseract is told
            try:
                lines = _read(part)
            except pytesseract.TesseractError:
                continue
            for ln in lines:  # back to page coordinates
                for wd in ln.words:
                    wd.left += left - m
                    wd.top += top - m
            raw.extend(lines)
        if cache is not None:
            page = OCRPage(1, *crop.size)
            page.lines = raw
            cache.put(key, page)
    out: list[OCRLine] = []
    for ln in raw:
        text = mark_text(ln.text)
        if text is None or ln.conf * 100 < MIN_CONF:
            continue
        out.append(OCRLine([Word(text, ln.left, ln.top, ln.right - ln.left, ln.bottom - ln.top, ln.conf * 100)], ln.block))
    return out


def add_marks(page: OCRPage, marks: list[OCRLine]) -> list[str]:
    """Insert mark lines the page does not hold yet at their place (above the first line that
    lies below them); the texts added."""
    rules, _ = _marks()
    have = {r.id for r in rules for ln in page.lines if r.search(fold(ln.text))}
    added: list[str] = []
    for mark in marks:
        kind = next((r.id for r in rules if r.search(fold(mark.text))), None)
        if kind is None or kind in have:
            continue
        have.add(kind)
        centre = (mark.top + mark.bottom) / 2
        at = next((i for i, ln in enumerate(page.lines) if ln.top > centre), len(page.lines))
        page.lines.insert(at, mark)
        added.append(mark.text)
    return added


__all__ = ["add_marks", "mark_text", "read_marks"]
