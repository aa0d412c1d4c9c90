"""OCR of scanned dispatches: PDFs without a text layer, and images.

Pages are rendered with pypdfium2, recognised by Tesseract 5 with the
Vietnamese model (through pytesseract, see ``_tesseract``), laid out so the
two-column header stays apart, cleaned of stamp noise, corrected for the
markers the parser needs (``_correct``) and cached by page-image hash so a
re-ingest does not OCR again (``_cache``). Pages run in parallel across cores.

>>> from docintel.ocr import available
>>> isinstance(available(), bool)
True
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from .._errors import Errors, InputError, OCRError, ScannedPDFError, Warnings
from .._model import Document, Source
from ._cache import PageCache, image_key
from ._correct import correct_page
from ._deskew import deskew
from ._digits import HAND_ENGINE, second_reading
from ._marks import add_marks, read_marks
from ._prepare import STAMP_LAYER, prepare, stamp_layer, to_grey
from ._tesseract import OCRPage, layout, recognise, tesseract_version, unavailable_reason

if TYPE_CHECKING:
    from PIL.Image import Image

    from ..ingest._pdf import Overlay

DPI = int(os.environ.get("DOCINTEL_OCR_DPI", "300"))
LOW_CONFIDENCE = 0.80
Progress = Callable[[int, int], None]


def available() -> bool:
    """True when Tesseract and its Vietnamese model are installed."""
    return unavailable_reason() is None


def require() -> None:
    """Raise :class:`OCRError` with install instructions when OCR cannot run."""
    reason = unavailable_reason()
    if reason:
        raise OCRError(Errors.E031.format(reason=reason))


def default_jobs() -> int:
    env = os.environ.get("DOCINTEL_OCR_JOBS")
    if env and env.isdigit():
        return max(1, int(env))
    return max(1, os.cpu_count() or 1)


# a scanner's own image is OCR'd as it is when its resolution is in this range;
# below it, the page is rendered (upsampled) at DPI, above it, rendered down to DPI
NATIVE_DPI = (200.0, 600.0)
# a page image is read at no more than this many pixels (an A4 page at 600 dpi is 35 million): a tiny
# file can declare a 200-inch page or a 10000-pixel-square blank picture, and preparing 90 million
# pixels took 4 GB and 13 s before Tesseract began
MAX_PIXELS = 40_000_000


def render_pdf(data: bytes, *, name: str, dpi: int = DPI) -> Iterator[Image]:
    """Yield each page of a PDF as a greyscale PIL image.

    A scanned page is one full-page image: that image is taken as the scanner
    made it (:func:`scanned_image`), without resampling and without the
    annotations drawn over it (the e-signature box is read from the PDF itself).
    Any other page is rendered at ``dpi``.
    """
    from ..ingest._pdf import open_pdf

    pdf = open_pdf(data, name=name)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                img = scanned_image(page)
                if img is None:
                    # in colour, so that stamp ink can be told from print (see _prepare)
                    width, height = page.get_size()
                    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(1.0, width * height)))
                    img = to_grey(page.render(scale=scale).to_pil())
                    img.info["dpi"] = (round(scale * 72),) * 2
                yield img
            finally:
                page.close()
    finally:
        pdf.close()


def scanned_image(page: Any, dpi_range: tuple[float, float] = NATIVE_DPI) -> Image | None:
    """The page's own scan as a greyscale image, or None when the page is not a plain scan.

    A plain scan: no text objects, one image covering at least 90 % of the page,
    drawn upright and unscaled in direction (no rotation, shear or mirroring, no
    page /Rotate), at a resolution within ``dpi_range``. Resampling a bilevel
    200 dpi fax image to 300 dpi blurs the strokes Tesseract reads, and costs
    2.25 times the pixels.
    """
    import pypdfium2 as pdfium
    from PIL import ImageOps, ImageStat

    try:
        if page.get_rotation() % 360:
            return None
        objects = list(page.get_objects(max_depth=1))
        if any(o.type == pdfium.raw.FPDF_PAGEOBJ_TEXT for o in objects):
            return None
        images = [o for o in objects if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        if len(images) != 1:
            return None
        image = images[0]
        left, bottom, right, top = image.get_bounds()
        width, height = page.get_size()
        if (right - left) * (top - bottom) < 0.9 * width * height:
            return None
        m = image.get_matrix()
        if m.b or m.c or m.a <= 0 or m.d <= 0:
            return None
        px_w, px_h = image.get_px_size()
        if px_w * px_h > MAX_PIXELS:
            return None  # rendered instead, within the pixel budget
        dpi = px_w / ((right - left) / 72)
        if not 0.98 * dpi_range[0] <= dpi <= 1.02 * dpi_range[1] or abs(px_h / ((top - bottom) / 72) - dpi) > 0.05 * dpi:
            return None
        pil = image.get_bitmap(render=False).to_pil()
    except (pdfium.PdfiumError, ValueError, OSError, AttributeError):
        return None  # an image pdfium cannot hand over raw: render the page instead
    pil = to_grey(pil)  # a colour scan's stamp ink dropped out (see _prepare)
    if ImageStat.Stat(pil).mean[0] < 96:
        # a page of text is mostly paper: a dark raw bitmap is an inverted one (a stencil mask or
        # a /Decode [1 0] array that only rendering applies)
        pil = ImageOps.invert(pil)
    pil.info["dpi"] = (round(dpi), round(dpi))
    return pil


def _dpi(img: Image) -> int:
    """The resolution an image says it has (0 when it does not say)."""
    value = img.info.get("dpi")
    try:
        return round(float(value[0])) if value else 0
    except (TypeError, ValueError, IndexError):
        return 0


def _bounded(img: Image) -> Image:
    """``img`` reduced by a whole factor to at most :data:`MAX_PIXELS` (its resolution too)."""
    if img.width * img.height <= MAX_PIXELS:
        return img
    factor = math.ceil(math.sqrt(img.width * img.height / MAX_PIXELS))
    src = img.convert("RGB" if img.mode in ("P", "PA", "CMYK", "YCbCr", "LAB", "HSV") else "L") if img.mode not in ("L", "LA", "RGB", "RGBA", "I", "F") else img
    out = src.reduce(factor)
    out.info.update(img.info)
    if dpi := _dpi(img):
        out.info["dpi"] = (dpi / factor, dpi / factor)
    return out


def load_images(data: bytes, *, name: str) -> list[Image]:
    """Frames of an image file (multi-page TIFF gives several)."""
    from PIL import Image as PILImage
    from PIL import ImageOps, ImageSequence, UnidentifiedImageError

    try:
        img = PILImage.open(io.BytesIO(data))
        # a phone photo stores its orientation in EXIF: apply it before reading
        # a colour photo's stamp ink is dropped out while colour is still known (see _prepare)
        frames = [to_grey(_bounded(ImageOps.exif_transpose(f))) for f in ImageSequence.Iterator(img)]
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise InputError(Errors.E014.format(reason=str(e) or e.__class__.__name__), path=name) from None
    except Exception as e:  # noqa: BLE001 - Pillow's decoders raise TypeError, SyntaxError, struct.error, DecompressionBombError … on damaged files
        raise InputError(Errors.E014.format(reason=f"{e.__class__.__name__}: {e}"), path=name) from None
    if not frames:
        raise InputError(Errors.E014.format(reason="no image frames"), path=name)
    return frames


def ocr_images(
    images: Iterator[Image] | list[Image],
    *,
    jobs: int | None = None,
    cache: PageCache | None = None,
    progress: Progress | None = None,
    total: int | None = None,
) -> list[OCRPage]:
    """OCR page images in parallel (Tesseract runs as a subprocess per page)."""
    require()
    jobs = jobs or default_jobs()
    # Tesseract's OpenMP threads make a page ~5x slower on 2 cores; parallelism comes from pages
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    cache = cache if cache is not None else PageCache.default()
    version = tesseract_version()
    results: dict[int, OCRPage] = {}
    done = 0
    pending: dict[int, tuple[Future[OCRPage], str]] = {}
    first: Image | None = None  # page 1's image, for the second reading of handwritten digits
    layer: Image | None = None  # page 1's dropped stamp ink, for red urgency/security marks (_marks)

    def finish(idx: int, fut: Future[OCRPage], key: str) -> None:
        nonlocal done
        page = fut.result()
        cache.put(key, page)
        results[idx] = page
        done += 1
        if progress:
            progress(done, total or len(results))

    resolution: dict[int, int] = {}
    skew: dict[int, float] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for idx, img in enumerate(images, start=1):
            img = prepare(img)
            if idx == 1:
                layer = stamp_layer(img)
            img.info.pop(STAMP_LAYER, None)  # only page 1's marks are read: no page carries it further
            img, skew[idx] = deskew(img)
            if idx == 1:
                first = img
                if layer is not None and skew[idx]:  # turned as the page was (see _deskew.deskew)
                    from PIL import Image as PILImage

                    layer = layer.rotate(skew[idx], resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=255)
            resolution[idx] = _dpi(img)
            key = image_key(img, version)
            hit = cache.get(key)
            if hit is not None:
                hit.number = idx
                results[idx] = hit
                done += 1
                if progress:
                    progress(done, total or idx)
                continue
            pending[idx] = (pool.submit(recognise, img, idx), key)
            # bound memory: wait for the oldest pages when too many are in flight
            while len(pending) > 2 * jobs:
                oldest = min(pending)
                fut, k = pending.pop(oldest)
                finish(oldest, fut, k)
        for idx in sorted(pending):
            fut, k = pending[idx]
            finish(idx, fut, k)
    pages = [correct_page(layout(results[i])) for i in sorted(results)]
    for page in pages:
        page.dpi = resolution.get(page.number, 0)
        page.skew = skew.get(page.number, 0.0)
    if pages and pages[0].number == 1 and layer is not None:
        if pages[0].rotation:
            layer = layer.rotate(-pages[0].rotation, expand=True, fillcolor=255)
        add_marks(pages[0], read_marks(layer, cache, version))
    if pages and pages[0].number == 1 and first is not None:
        if pages[0].rotation:
            first = first.rotate(-pages[0].rotation, expand=True)  # the image the page was read from
        second_reading(pages[0], first)
    return pages


def pages_to_document(pages: list[OCRPage], *, name: str, sha256: str, size: int, fmt: str) -> Document:
    """Assemble OCR'd pages into a Document: text, page spans, confidences, line map."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    line_conf: list[list[float]] = []
    pos = 0
    for page in pages:
        start = pos
        for ln in page.lines:
            text = ln.text
            line_conf.append([pos, pos + len(text), round(ln.conf, 3)])
            parts.append(text + "\n")
            pos += len(text) + 1
        spans.append((start, pos))
        parts.append("\n")
        pos += 1
    doc = Document(text="".join(parts), source=Source(name, sha256, fmt, size, None, len(pages), ocr=True))
    doc.pages = spans
    doc.page_confidence = [round(p.confidence, 3) for p in pages]
    doc.extras["ocr"] = {
        "engine": f"tesseract {tesseract_version()}",
        "lang": "vie",
        "dpi": [p.dpi or None for p in pages],  # per page: the scan's own resolution, or the rendering's
        "skew": [p.skew for p in pages],  # per page: degrees the page was turned to straighten its lines
        "rotation": [p.rotation for p in pages],  # per page: degrees turned clockwise to stand it upright
        "lines": line_conf,  # [raw start, raw end, confidence] per OCR line
        "dropped": [d for p in pages for d in p.dropped],
        "second_reading": [r for p in pages for r in p.second_reading],
    }
    for reading in doc.extras["ocr"]["second_reading"]:
        slots = reading["slots"]
        value = slots.get("number") or " ".join(f"{w} {slots[k]}" for k, w in (("day", "ngày"), ("month", "tháng")) if slots.get(k))
        if reading.get("handwriting") and reading.get("action") == "kept":  # three engines, no two agreeing
            doc.warn(Warnings.W035.format(field=reading["field"], value=value, readings=reading.get("second", "")))
        elif reading.get("action") == "kept":
            doc.warn(Warnings.W033.format(field=reading["field"], value=value, second=reading.get("second", "")))
        elif reading.get("backing") == "shapes":  # no digit of the second engine backs the reader's
            doc.warn(Warnings.W037.format(field=reading["field"], value=value, readings=reading.get("second", "")))
        elif reading.get("engine") == HAND_ENGINE:
            doc.warn(Warnings.W036.format(field=reading["field"], value=value, readings=reading.get("second", "")))
        else:
            doc.warn(Warnings.W032.format(field=reading["field"]))
        if reading.get("symbol"):
            doc.warn(Warnings.W038.format(symbol=reading["symbol"], read=reading.get("read", "")))
    for page, conf in zip(pages, doc.page_confidence, strict=True):
        if conf < LOW_CONFIDENCE:
            doc.warn(Warnings.W030.format(page=page.number, confidence=conf))
    return doc


def ocr_pdf(
    data: bytes,
    *,
    name: str,
    sha256: str,
    jobs: int | None = None,
    progress: Progress | None = None,
    overlays: list[Overlay] | None = None,
) -> Document:
    """OCR every page of a scanned PDF into a Document (raw text, before normalisation).

    ``overlays``: the annotation overlays when the caller already read them with the pages.
    """
    if not available():
        raise ScannedPDFError(Errors.E010, path=name)
    from ..ingest._pdf import open_pdf

    try:
        counted = open_pdf(data, name=name)
        total: int | None = len(counted)
        counted.close()
    except InputError:
        total = None  # render_pdf raises the same error, naming the file
    try:
        pages = ocr_images(render_pdf(data, name=name), jobs=jobs, progress=progress, total=total)
    except OCRError as e:
        raise OCRError(e.reason, path=name) from None
    doc = pages_to_document(pages, name=name, sha256=sha256, size=len(data), fmt="pdf")
    # an e-signature stamp drawn by an annotation: its exact text, after the OCR text (offsets kept)
    from ..ingest._pdf import add_overlay_stamps

    add_overlay_stamps(doc, data, overlays)
    return doc


def read_image(data: bytes, *, name: str, sha256: str, progress: Progress | None = None) -> Document:
    """OCR an image file (PNG, JPEG, TIFF incl. multi-page)."""
    reason = unavailable_reason()
    if reason:
        raise OCRError(Errors.E031.format(reason=reason), path=name)
    frames = load_images(data, name=name)
    try:
        pages = ocr_images(frames, progress=progress, total=len(frames))
    except OCRError as e:
        raise OCRError(e.reason, path=name) from None
    return pages_to_document(pages, name=name, sha256=sha256, size=len(data), fmt="image")


__all__ = [
    "DPI",
    "OCRPage",
    "PageCache",
    "available",
    "load_images",
    "ocr_images",
    "ocr_pdf",
    "pages_to_document",
    "read_image",
    "render_pdf",
    "scanned_image",
    "require",
]
