"""Tesseract through pytesseract: one page image → lines with boxes and confidences.

Why pytesseract rather than ocrmypdf: we need the words, their boxes and their
confidences (to split the two-column header, drop stamp noise and flag
low-confidence fields), not a new PDF; pytesseract's ``image_to_data`` gives
exactly that with nothing but the ``tesseract`` binary, whereas ocrmypdf adds
Ghostscript, a PDF rewrite and its own page pipeline we would then have to read back.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .._errors import Errors, OCRError
from .._normalise import fold

if TYPE_CHECKING:
    from collections.abc import Callable

    from PIL.Image import Image

LANG = os.environ.get("DOCINTEL_OCR_LANG", "vie")
PSM = 3  # fully automatic page segmentation; columns come out as blocks or as gaps we split


@dataclass(slots=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float  # 0..100; -1 for non-word boxes

    @property
    def right(self) -> int:
        return self.left + self.width


@dataclass
class OCRLine:
    words: list[Word]
    block: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def left(self) -> int:
        return min(w.left for w in self.words)

    @property
    def right(self) -> int:
        return max(w.right for w in self.words)

    @property
    def top(self) -> int:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> int:
        return max(w.top + w.height for w in self.words)

    @property
    def conf(self) -> float:
        confs = [w.conf for w in self.words if w.conf >= 0]
        return sum(confs) / len(confs) / 100 if confs else 0.0


@dataclass
class OCRPage:
    """One OCR'd page: its lines in reading order, mean confidence, image size."""

    number: int
    width: int
    height: int
    lines: list[OCRLine] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # stamp / signature noise removed
    second_reading: list[dict[str, object]] = field(default_factory=list)  # see _digits; not cached
    dpi: int = 0  # the image's resolution (the scan's own, or the rendering's); not cached
    rotation: int = 0  # degrees the page was turned clockwise before reading (see recognise); cached
    skew: float = 0.0  # degrees the image was turned before OCR (see _deskew); not cached

    @property
    def confidence(self) -> float:
        words = [w for ln in self.lines for w in ln.words if w.conf >= 0]
        if not words:
            return 0.0
        total = sum(len(w.text) for w in words)
        return sum(w.conf * len(w.text) for w in words) / total / 100 if total else 0.0

    @property
    def text(self) -> str:
        return "\n".join(ln.text for ln in self.lines)

    def to_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "width": self.width,
            "height": self.height,
            "dropped": self.dropped,
            "rotation": self.rotation,
            "lines": [
                {"block": ln.block, "words": [[w.text, w.left, w.top, w.width, w.height, w.conf] for w in ln.words]}
                for ln in self.lines
            ],
        }

    @classmethod
    def from_json(cls, d: dict[str, object]) -> OCRPage:
        lines_raw = d.get("lines") or []
        assert isinstance(lines_raw, list)
        lines = [
            OCRLine([Word(str(w[0]), int(w[1]), int(w[2]), int(w[3]), int(w[4]), float(w[5])) for w in ln["words"]], int(ln["block"]))
            for ln in lines_raw
        ]
        dropped = d.get("dropped") or []
        assert isinstance(dropped, list)
        page = cls(int(str(d["number"])), int(str(d["width"])), int(str(d["height"])), lines, [str(x) for x in dropped])
        page.rotation = int(str(d.get("rotation") or 0))
        return page


def tesseract_path() -> str | None:
    return shutil.which(os.environ.get("DOCINTEL_TESSERACT", "tesseract"))


@cache
def tesseract_version() -> str:
    import pytesseract

    return str(pytesseract.get_tesseract_version())


def unavailable_reason() -> str | None:
    """Why OCR cannot run here, or None when Tesseract with the Vietnamese model is installed."""
    if tesseract_path() is None:
        return "tesseract not found on PATH"
    try:
        import pytesseract

        langs = pytesseract.get_languages(config="")
    except Exception as e:  # noqa: BLE001 - any failure to run the binary means "unavailable"
        return f"tesseract does not run: {e}"
    if LANG not in langs:
        return f"the '{LANG}' language model is missing (package tesseract-ocr-vie)"
    return None


def recognise(image: Image, number: int) -> OCRPage:
    """Run Tesseract on one page image; lines as Tesseract grouped them (see :func:`layout`).

    A page fed sideways or upside down reads as junk: when the first reading looks
    like that (:func:`looks_misoriented`), Tesseract's orientation detection (OSD,
    ``osd.traineddata``, shipped with tesseract-ocr) says how the page is turned,
    and the turned-back page is read again; the better reading is kept, with the
    turn in ``rotation`` (degrees clockwise applied to the image).
    """
    page = _recognise(image, number)
    if not looks_misoriented(page):
        return page
    turn = orientation(image)
    if not turn:
        return page
    turned = image.rotate(-turn, expand=True)
    turned.info.update(image.info)  # keep the resolution Tesseract is told
    again = _recognise(turned, number)
    if again.confidence > page.confidence:
        again.rotation = turn
        return again
    return page


MIN_ORIENTATION_CONFIDENCE = 2.0  # Tesseract's OSD confidence below which a turn is not trusted


def looks_misoriented(page: OCRPage) -> bool:
    """A reading with enough marks to judge and mostly junk: the page may be turned."""
    words = [w for ln in page.lines for w in ln.words if w.conf >= 0]
    if sum(len(w.text) for w in words) < 200:
        return False  # a blank or near-blank page: nothing to judge, and OSD needs text
    long = [w for w in words if len(w.text) >= 3]
    # Tesseract reads a page turned by 90° as vertical text: right words in scrambled order,
    # each in a box taller than wide
    standing = sum(w.height > w.width for w in long) > 0.5 * len(long) if long else False
    return standing or page.confidence < 0.6 or plausible_share(" ".join(w.text for w in words)) < 0.4


def orientation(image: Image) -> int:
    """Degrees (90, 180, 270) to turn ``image`` clockwise so its text stands upright; 0 when
    upright, unsure, or when OSD is not installed."""
    import pytesseract

    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT)
    except (pytesseract.TesseractError, ValueError, KeyError):
        return 0
    try:
        turn, conf = int(osd.get("rotate", 0)), float(osd.get("orientation_conf", 0.0))
    except (TypeError, ValueError):
        return 0
    return turn % 360 if turn % 90 == 0 and conf >= MIN_ORIENTATION_CONFIDENCE else 0


PAPER_SPREAD = 30  # grey levels between the brightest and darkest paper of a page: uneven lighting
SAUVOLA = 2  # Tesseract 5's thresholding_method for local (Sauvola) binarisation


def uneven_background(image: Image) -> bool:
    """True for a page whose paper is not evenly lit (a photo, a shadowed or yellowed sheet).

    The paper's brightness is the 90th percentile of each cell of an 8×8 grid; a flatbed
    scan's cells agree (spread 0 on the shared scans), a photo lit from one side does not.
    Tesseract's global (Otsu) threshold then blackens the dark side, so such pages are
    binarised locally (Sauvola): a shaded copy of scan-tt-37 went from a bag-of-words
    match of 0.76 to 0.88 with its transcription, and clean scans are unaffected.
    """
    import numpy as np

    grey = image.convert("L")
    small = grey.resize((400, max(8, round(400 * grey.height / max(grey.width, 1)))))
    g = np.asarray(small, dtype=np.float32)
    h, w = g.shape[0] // 8, g.shape[1] // 8
    if not h or not w:
        return False
    paper = [float(np.percentile(g[i * h : (i + 1) * h, j * w : (j + 1) * w], 90)) for i in range(8) for j in range(8)]
    return max(paper) - min(paper) > PAPER_SPREAD


BACKGROUND_CELL = 8  # pixels averaged into one cell of the background estimate
BACKGROUND_WINDOW = 7  # cells: the brightest within this window is paper (wider than a letter at 300 dpi)


def flatten_background(image: Image) -> Image:
    """``image`` (greyscale) divided by its paper's brightness, so the paper is evenly white.

    The paper is estimated on an 8× smaller copy as the brightest cell in a 7-cell window
    (a grey-level closing that removes the print), softened and scaled back up. Synthetic
    benchmark (scripts/eval_ocr_synthetic.py --quick): ``light`` 0.9540 → 0.9595, ``phone``
    unchanged (0.9380; its JPEG-blocked shading stays uneven and is still read with Sauvola);
    even pages are never flattened.
    """
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageFilter

    g = image.convert("L")
    w, h = g.size
    small = g.resize((max(1, w // BACKGROUND_CELL), max(1, h // BACKGROUND_CELL)), PILImage.Resampling.BOX)
    bg = small.filter(ImageFilter.MaxFilter(BACKGROUND_WINDOW)).filter(ImageFilter.GaussianBlur(4))
    paper = np.maximum(np.asarray(bg.resize((w, h), PILImage.Resampling.BILINEAR), dtype=np.float32), 1.0)
    out = PILImage.fromarray(np.clip(np.asarray(g, dtype=np.float32) / paper * 255, 0, 255).astype(np.uint8), mode="L")
    out.info.update(image.info)
    return out


def _recognise(image: Image, number: int) -> OCRPage:
    import pytesseract

    if tesseract_path() is None:
        raise OCRError(Errors.E031.format(reason="tesseract not found on PATH"))
    config = f"--psm {PSM}"
    if image.mode != "1" and uneven_background(image):
        # paper evened out first; what is still uneven is binarised locally (Sauvola)
        image = flatten_background(image)
        if uneven_background(image):
            config += f" -c thresholding_method={SAUVOLA}"
    try:
        data = pytesseract.image_to_data(
            image, lang=LANG, config=config, output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractError as e:
        raise OCRError(Errors.E030.format(reason=str(e).strip()[:200])) from None
    width, height = image.size
    page = OCRPage(number, width, height)
    page.lines = lines_of(data)
    return page


def lines_of(data: dict[str, list[Any]]) -> list[OCRLine]:
    """Tesseract's word table (``image_to_data`` as a dict) as lines, each word left to right.

    Words are grouped by (block, paragraph, line) number; empty cells and rows above word
    level (level 5) are skipped. The page reader and the mark reader share it.
    """
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        if not str(text).strip() or int(data["level"][i]) != 5:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        grouped.setdefault(key, []).append(
            Word(str(text).strip(), int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
                 int(data["height"][i]), float(data["conf"][i]))
        )
    return [OCRLine(sorted(words, key=lambda w: w.left), key[0]) for key, words in grouped.items()]


def layout(raw: OCRPage) -> OCRPage:
    """Tesseract's lines → reading order with columns split and stamp noise dropped.

    Kept apart from :func:`recognise` so the cache holds Tesseract's raw result
    and layout improvements apply to cached pages too.
    """
    lines: list[OCRLine] = []
    for ln in raw.lines:
        for part in split_columns(ln.words, raw.width):
            lines.extend(split_motto(OCRLine(part, ln.block)))
    page = OCRPage(raw.number, raw.width, raw.height)
    page.rotation = raw.rotation
    from ._correct import rescue_line  # the marker table lives with the corrections

    page.lines, page.dropped = drop_noise(order_lines(lines), raw.width, raw.height, rescue=rescue_line)
    if raw.number == 1:
        page.lines, stamp = drop_header_stamp(page.lines, raw.width)
        page.dropped.extend(stamp)
    return page


_MOTTO_END = re.compile(r"\b(?:doc\s*lap|hanh\s*phuc)\b")
_PLACE_DATE_LINE = re.compile(r"^\W*[^\W\d][^,\d]{1,40},?\s*ngay\b")


def drop_header_stamp(lines: list[OCRLine], width: int) -> tuple[list[OCRLine], list[str]]:
    """Drop right-column lines between the national motto and the place-date line.

    Decree 30/2020 lays the first page out in fixed boxes: the motto top right and
    the place-date line right under it; the issuer, number, urgency and security
    marks all sit in the left column. Text at the right between those two is a
    received stamp ("VĂN PHÒNG CHÍNH PHỦ / CÔNG VĂN ĐẾN / Giờ … Ngày …") pressed
    onto the scan, whose office name would otherwise read as part of the issuer.
    Nothing is dropped when either anchor is missing.
    """
    folded = [fold(ln.text) for ln in lines]
    motto = next((i for i, f in enumerate(folded[:12]) if _MOTTO_END.search(f)), None)
    if motto is None:
        return lines, []
    date = next((i for i in range(motto + 1, min(len(lines), motto + 6)) if _PLACE_DATE_LINE.match(folded[i])), None)
    if date is None:
        return lines, []
    drop = {i for i in range(motto + 1, date) if lines[i].left > 0.5 * width}
    return [ln for i, ln in enumerate(lines) if i not in drop], [lines[i].text for i in sorted(drop)]


def split_columns(words: list[Word], page_width: int) -> list[list[Word]]:
    """Split a line where a wide horizontal gap separates two columns.

    A gap counts when it is wider than 5 % of the page and than four times the
    line's median word gap: the space between the left header column and the
    national motto, or between Nơi nhận and the signature block.
    """
    if len(words) < 2:
        return [words]
    gaps = [b.left - a.right for a, b in zip(words, words[1:], strict=False)]
    typical = statistics.median(gaps) if gaps else 0
    limit = max(0.05 * page_width, 4 * max(typical, 1))
    parts: list[list[Word]] = [[words[0]]]
    for gap, w in zip(gaps, words[1:], strict=True):
        if gap > limit:
            parts.append([w])
        else:
            parts[-1].append(w)
    return parts


def order_lines(lines: list[OCRLine]) -> list[OCRLine]:
    """Reading order: by visual row (top), left segment before right segment.

    Rows are formed from lines whose vertical centres are within half a line
    height; this reproduces how a person transcribes a two-column header
    (issuer, motto; number, place-date) and keeps body lines in order.
    """
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (ln.top + ln.bottom) / 2)
    heights = [ln.bottom - ln.top for ln in lines if ln.bottom > ln.top]
    tol = (statistics.median(heights) if heights else 20) * 0.5
    rows: list[list[OCRLine]] = []
    row_centre = -1e9
    for ln in lines:
        centre = (ln.top + ln.bottom) / 2
        if rows and abs(centre - row_centre) <= tol:
            rows[-1].append(ln)
        else:
            rows.append([ln])
            row_centre = centre
    out: list[OCRLine] = []
    for row in rows:
        out.extend(sorted(row, key=lambda ln: ln.left))
    return out


_NUMBERISH = re.compile(r"^\d{1,8}(?:[/.,-]\d*)*$")
_SYMBOL = re.compile(r"^[A-ZĐ]{1,6}(?:[-/&][A-ZĐ0-9]{1,8})*$")


def plausible_share(text: str) -> float:
    """Share of tokens that are Vietnamese syllables (underthesea's lexicon), numbers or symbols."""
    from .._lexicon import is_syllable

    tokens = [t.strip(".,;:()\"'“”!?") for t in text.split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return 0.0
    ok = sum(bool(_NUMBERISH.match(t) or _SYMBOL.match(t) or (t.isalpha() and is_syllable(t))) for t in tokens)
    return ok / len(tokens)


def drop_noise(
    lines: list[OCRLine], width: int, height: int, rescue: Callable[[OCRLine], OCRLine | None] | None = None
) -> tuple[list[OCRLine], list[str]]:
    """Drop stamp, seal and signature scribbles: low confidence and not word-like.

    A seal pressed beside printed text makes Tesseract read both as one line
    ("đS, ho ƯN QUYÉT NGHỊ:"); ``rescue`` may give back the printed part of a
    noisy line, which is kept while the rest is dropped.
    """
    kept: list[OCRLine] = []
    dropped: list[str] = []
    for ln in lines:
        text = ln.text
        letters = sum(c.isalpha() for c in text)
        digits = sum(c.isdigit() for c in text)
        junk = sum(not (c.isalnum() or c.isspace() or c in ".,;:-/()%\"'“”") for c in text)
        short = len(text) <= 12
        noisy = (
            (ln.conf < 0.45 and short and digits == 0)
            or (short and junk >= max(2, letters // 2) and digits == 0)
            or (ln.conf < 0.35 and (digits < 3 or plausible_share(text) < 0.5))
            or (ln.conf < 0.6 and digits < 3 and plausible_share(text) < 0.5)
        )
        if noisy:
            saved = rescue(ln) if rescue else None
            if saved is not None:
                kept.append(saved)
                rest = [w.text for w in ln.words if not saved.left <= w.left + w.width // 2 <= saved.right]
                if rest:
                    dropped.append(" ".join(rest))
                continue
            dropped.append(text)
            continue
        kept.append(ln)
    return kept, dropped


_MOTTO = re.compile(r"\bc[oô0][nm]g\s*h[oò0][aà]\s*x[aã]\s*h[oộ0]i\b", re.I)


def split_motto(line: OCRLine) -> list[OCRLine]:
    """Split "THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI …" where the column gap was too narrow."""
    folded = fold(line.text)
    m = _MOTTO.search(folded)
    if not m or m.start() == 0:
        return [line]
    # find the word index where the motto starts
    pos = 0
    for i, w in enumerate(line.words):
        if pos >= m.start():
            return [OCRLine(line.words[:i], line.block), OCRLine(line.words[i:], line.block)]
        pos += len(w.text) + 1
    return [line]


__all__ = ["LANG", "OCRLine", "OCRPage", "Word", "drop_header_stamp", "layout", "looks_misoriented", "orientation", "flatten_background", "uneven_background", "lines_of", "recognise", "tesseract_version", "unavailable_reason"]
