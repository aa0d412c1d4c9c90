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
import re
import struct
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from .._errors import Errors, InputError, OCRError, ScannedPDFError, Warnings, without_reprs
from .._model import Document, Source
from ..ingest import SCAN_FORMATS
from ..ingest._missing import describe, note_missing
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


def render_pdf(data: bytes, *, name: str, dpi: int = DPI, skipped: dict[int, str] | None = None) -> Iterator[Image]:
    """Yield each page of a PDF as a greyscale PIL image (``info["page"]``: its page number).

    A scanned page is one full-page image: that image is taken as the scanner
    made it (:func:`scanned_image`), without resampling and without the
    annotations drawn over it (the e-signature box is read from the PDF itself).
    Any other page is rendered at ``dpi``.

    A page pdfium cannot load or render raises :class:`InputError` (E012) naming it,
    or, when ``skipped`` is given, is left out and recorded there (page → reason).
    """
    import pypdfium2 as pdfium

    from ..ingest._pdf import _reason, open_pdf

    pdf = open_pdf(data, name=name)
    try:
        for i in range(len(pdf)):
            try:
                img = _page_image(pdf, i, dpi)
            except (pdfium.PdfiumError, OSError, ValueError, MemoryError) as e:
                reason = f"pdfium cannot load or draw it: {_reason(str(e))}" if isinstance(e, pdfium.PdfiumError) else image_reason(e)
                if skipped is None:
                    raise InputError(Errors.E012.format(reason=f"page {i + 1}: {reason}"), path=name) from None
                skipped[i + 1] = reason
                continue
            img.info["page"] = i + 1
            yield img
    finally:
        pdf.close()


def _page_image(pdf: Any, i: int, dpi: int) -> Image:
    """Page ``i`` (0-based) of an open PDF as a greyscale image (see :func:`render_pdf`)."""
    page = pdf[i]
    try:
        img = scanned_image(page)
        if img is None:
            # in colour, so that stamp ink can be told from print (see _prepare)
            width, height = page.get_size()
            scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(1.0, width * height)))
            img = to_grey(page.render(scale=scale).to_pil())
            img.info["dpi"] = (round(scale * 72),) * 2
            darkest = img.getextrema()[0]  # an "L" image: (darkest, lightest)
            if isinstance(darkest, (int, float)) and darkest >= 250 and _undecodable_image(page):
                # pdfium draws an image it cannot decode as nothing: the page is not blank, it is lost
                raise PageDamage("its scanned image is damaged and cannot be decoded")
        return img
    finally:
        page.close()


def _undecodable_image(page: Any) -> bool:
    """True when an image on ``page`` cannot be decoded (pdfium hands over no bitmap for it)."""
    import pypdfium2 as pdfium

    try:
        images = [o for o in page.get_objects(max_depth=2) if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    except (pdfium.PdfiumError, ValueError, AttributeError):
        return False
    for image in images:
        try:
            image.get_bitmap(render=False)
        except pdfium.PdfiumError:
            return True
        except (ValueError, OSError, AttributeError):
            continue
    return False


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
    """The readable pages of an image file (a multi-page TIFF gives several), greyscale.

    Each frame's ``info["page"]`` is its page number in the file; a page that cannot be
    decoded is left out (see :func:`read_frames`, which also says which and why).
    """
    return read_frames(data, name=name)[0]


# an image's own header bytes → what it is, for formats Pillow here does not read as scans
_FOREIGN = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP package (a .docx or other Office file?)"),
    (b"GIF8", "a GIF image"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"\xff\x0a", "a JPEG XL image"),
    (b"\x00\x00\x00\x0cJXL ", "a JPEG XL image"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.doc/.xls) file"),
)
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}


def foreign_format(data: bytes) -> str | None:
    """What ``data`` is when it is plainly not a scan image docintel reads, in words; else None.

    >>> foreign_format(b"\\x00\\x00\\x00\\x18ftypheic\\x00\\x00\\x00\\x00")
    'a HEIC/HEIF photo (the iPhone camera format)'
    >>> foreign_format(b"%PDF-1.7")
    'a PDF document'
    """
    head = data[:64]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "a HEIC/HEIF photo (the iPhone camera format)"
        if brand in (b"avif", b"avis"):
            return "an AVIF image"
        return "a video or ISO media file"
    for magic, what in _FOREIGN:
        if head.startswith(magic):
            return what
    stripped = head.lstrip()
    if stripped[:1] in (b"<",) and re.match(rb"<(?:!doctype|html|\?xml|svg)", stripped, re.I):
        return "an SVG, HTML or XML file"
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return None
    # a few bytes are no evidence (a TIFF cut after its first byte reads "I"): a line of words is
    if len(text) >= 32 and " " in text and sum(c.isprintable() or c.isspace() for c in text) >= 0.95 * len(text):
        return "a text file"
    return None


class PageDamage(ValueError):
    """A page found unreadable before decoding; its message is the reason, in words."""


def image_reason(e: BaseException) -> str:
    """Why Pillow could not decode an image, in words (never a Python object's repr)."""
    from PIL import Image as PILImage

    msg = str(e)
    if isinstance(e, PageDamage):
        return msg
    low = msg.lower()
    if isinstance(e, PILImage.DecompressionBombError):
        return "the image is too large to decode safely (" + re.sub(r"\s*,?\s*could be.*$", "", msg).strip().rstrip(".") + ")"
    if "truncated" in low or isinstance(e, EOFError) or "cut short" in low:
        return "the file is cut short (an incomplete copy or download?)"
    if "decoder error" in low or "broken data stream" in low or "bad code" in low or ("invalid" in low and "data" in low):
        return "the image data is damaged"
    if "missing dimensions" in low:
        return "the page's header is damaged (no width or height)"
    if "cannot identify image file" in low or "unidentifiedimage" in low:
        return "not an image file docintel can read"
    if isinstance(e, (SyntaxError, struct.error, TypeError, KeyError, IndexError, ValueError)) and not msg:
        return "the image's header is damaged"
    msg = without_reprs(msg)
    return f"the image is damaged ({msg})" if msg else "the image is damaged"


def _tiff_ifds(data: bytes) -> tuple[list[int], bool] | None:
    """Offsets of a TIFF's pages (its IFDs), walked along the file's own chain, and whether the
    chain breaks (points outside the file, loops) before its end; None when ``data`` is no TIFF.

    Pillow stops at the first page whose directory it cannot read, and libtiff then decodes
    an earlier page in its place: each page is opened on its own instead (:func:`_tiff_page`).
    """
    order = {b"II": "<", b"MM": ">"}.get(data[:2])
    if order is None or len(data) < 16:
        return None
    magic = struct.unpack_from(order + "H", data, 2)[0]
    if magic == 42:
        count_fmt, entry, off_fmt, first = "H", 12, "I", struct.unpack_from(order + "I", data, 4)[0]
    elif magic == 43:
        count_fmt, entry, off_fmt, first = "Q", 20, "Q", struct.unpack_from(order + "Q", data, 8)[0]
    else:
        return None
    count_size, off_size = struct.calcsize(count_fmt), struct.calcsize(off_fmt)
    ifds: list[int] = []
    pos = first
    while pos:
        if pos in ifds or len(ifds) >= 100_000:
            return ifds, False  # a chain that loops back: its pages are all known
        if pos < 8 or pos + count_size > len(data):  # into the header, or past the end
            return ifds, True
        ifds.append(pos)
        n = struct.unpack_from(order + count_fmt, data, pos)[0]
        end = pos + count_size + n * entry
        if end + off_size > len(data):
            return ifds, True  # this page's directory is cut: it is tried, and nothing after it is known
        pos = struct.unpack_from(order + off_fmt, data, end)[0]
    return ifds, False


def _tiff_page(data: bytes, ifd: int) -> Image:
    """The TIFF page whose directory is at ``ifd``, opened as the file's first page: the
    header's first-directory offset is pointed at it (every offset in a TIFF is absolute)."""
    from PIL import Image as PILImage

    order = "<" if data[:2] == b"II" else ">"
    if struct.unpack_from(order + "H", data, 2)[0] == 43:
        rebased = data[:8] + struct.pack(order + "Q", ifd) + data[16:]
    else:
        rebased = data[:4] + struct.pack(order + "I", ifd) + data[8:]
    img = PILImage.open(io.BytesIO(rebased))
    tags = img.tag_v2  # type: ignore[attr-defined]
    offsets, counts = tags.get(273) or tags.get(324), tags.get(279) or tags.get(325)
    if not offsets or not counts:
        raise PageDamage("the page's directory is damaged: where its image data lies is lost")
    if any(int(o) + int(c) > len(data) for o, c in zip(offsets, counts, strict=False)):
        raise PageDamage("the page's image data lies past the end of the file (cut short or damaged)")
    img.load()
    return img


def _depth8(img: Image) -> Image:
    """A 16-bit or 32-bit greyscale image scaled to 8 bits by the bits it uses.

    Pillow's own conversion clips every value above 255 to white: a 16-bit scan (paper at
    58,000, print at 6,000) read as a blank page.
    """
    if not (img.mode.startswith("I;16") or img.mode in ("I", "F")):
        return img
    import numpy as np
    from PIL import Image as PILImage

    a = np.asarray(img).astype(np.float32)
    top = float(a.max()) if a.size else 0.0
    if img.mode == "F" and 0.0 < top <= 1.0:
        full = 1.0  # a floating-point image in 0..1
    elif top <= 255:
        full = 255.0
    else:
        full = float(2 ** math.ceil(math.log2(min(top, 2.0**32 - 1) + 1)) - 1)  # 12-bit, 16-bit … scanners
    out = PILImage.fromarray(np.clip(a * (255.0 / full), 0, 255).astype(np.uint8), mode="L")
    out.info.update(img.info)
    return out


def _on_paper(img: Image) -> Image:
    """An image with transparency laid on white paper (its see-through parts are paper).

    Dropping the alpha channel instead shows what is stored under it, usually black: a PNG
    of black text on a transparent background read as an empty page.
    """
    from PIL import Image as PILImage

    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode not in ("RGBA", "LA", "PA", "La", "RGBa"):
        return img
    rgba = img.convert("RGBA")
    if rgba.getchannel("A").getextrema()[1] == 0:
        return img.convert("RGB")  # wholly see-through: a broken export whose page is in the colours
    paper = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
    out = PILImage.alpha_composite(paper, rgba).convert("L" if img.mode in ("LA", "La") else "RGB")
    out.info.update({k: v for k, v in img.info.items() if k != "transparency"})
    return out


def _frame(img: Image, page: int) -> Image:
    """One decoded frame as the greyscale page OCR reads (``info["page"]`` = ``page``)."""
    from PIL import ImageOps

    # a phone photo stores its orientation in EXIF: apply it before reading
    # a colour photo's stamp ink is dropped out while colour is still known (see _prepare)
    out = to_grey(_bounded(_on_paper(_depth8(ImageOps.exif_transpose(img)))))
    out.info["page"] = page
    return out


def read_frames(data: bytes, *, name: str) -> tuple[list[Image], dict[int, str]]:
    """The readable pages of an image file, and the pages that could not be read (page
    number → reason in words).

    A scanner or a transfer can damage one frame of a multi-page TIFF: the other pages
    are still read, in page order. Raises :class:`InputError` (E014) when no page can be
    read, and E086 for a file that is plainly another format (a HEIC photo, a PDF).
    """
    import warnings

    if not data:
        raise InputError(Errors.E014.format(reason="the file is empty (0 bytes)"), path=name)
    frames: list[Image] = []
    missing: dict[int, str] = {}
    with warnings.catch_warnings():
        # Pillow's notes on damage ("Truncated File Read", "Corrupt EXIF data") are the
        # reasons given below, not lines for the user's terminal
        warnings.simplefilter("ignore")
        tiff = _tiff_ifds(data)
        if tiff is not None:
            ifds, broken = tiff
            for k, ifd in enumerate(ifds, start=1):
                try:
                    frames.append(_frame(_tiff_page(data, ifd), k))
                except Exception as e:  # noqa: BLE001 - Pillow's decoders raise TypeError, SyntaxError, struct.error … on damaged files
                    missing[k] = image_reason(e)
            if broken and ifds and len(ifds) not in missing:
                missing[len(ifds) + 1] = "the file is cut short there; any later pages are lost"
            elif broken and not ifds:
                missing[1] = "the file is cut short before its first page"
        else:
            _other_frames(data, name, frames, missing)
    if not frames:
        if len(missing) == 1:
            reason = next(iter(missing.values()))
        else:
            reason = f"no page could be read ({describe(missing)})"
        raise InputError(Errors.E014.format(reason=reason or "no image frames"), path=name)
    return frames, missing


def _other_frames(data: bytes, name: str, frames: list[Image], missing: dict[int, str]) -> None:
    """Frames of a file that is not a TIFF (PNG, JPEG, WebP, BMP …) into ``frames``/``missing``."""
    from PIL import Image as PILImage
    from PIL import ImageSequence

    try:
        img = PILImage.open(io.BytesIO(data))
    except Exception as e:  # noqa: BLE001 - see read_frames
        what = foreign_format(data)
        if what is not None:
            raise InputError(Errors.E086.format(what=what, formats=SCAN_FORMATS), path=name) from None
        raise InputError(Errors.E014.format(reason=image_reason(e)), path=name) from None
    if img.format == "MPO":
        count = 1  # a camera JPEG's further pictures are previews or depth maps of the same page
    elif getattr(img, "is_animated", False):
        raise InputError(Errors.E087.format(frames=getattr(img, "n_frames", 2)), path=name)
    else:
        count = max(1, int(getattr(img, "n_frames", 1) or 1))
    it = ImageSequence.Iterator(img)
    for k in range(1, count + 1):
        try:
            frame = it[k - 1]
        except Exception as e:  # noqa: BLE001 - a frame that cannot be reached: nor can the ones after it
            missing.update({j: image_reason(e) for j in range(k, count + 1)})
            return
        try:
            frame.load()
            frames.append(_frame(frame, k))
        except Exception as e:  # noqa: BLE001 - see read_frames
            missing[k] = image_reason(e)


def ocr_images(
    images: Iterator[Image] | list[Image],
    *,
    jobs: int | None = None,
    cache: PageCache | None = None,
    progress: Progress | None = None,
    total: int | None = None,
    failed: dict[int, str] | None = None,
) -> list[OCRPage]:
    """OCR page images in parallel (Tesseract runs as a subprocess per page).

    A page is numbered by its image's ``info["page"]`` (set by :func:`read_frames` and
    :func:`render_pdf`, which leave unreadable pages out), else by its place in ``images``.
    A page Tesseract fails on is left out and named in ``failed`` (page → reason) when
    that dict is given; when no page is read the first failure is raised.
    """
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

    first_error: OCRError | None = None

    def finish(idx: int, fut: Future[OCRPage], key: str) -> None:
        nonlocal done, first_error
        try:
            page = fut.result()
        except OCRError as e:
            if failed is None:
                raise
            failed[idx] = e.reason
            first_error = first_error or e
            return
        cache.put(key, page)
        results[idx] = page
        done += 1
        if progress:
            progress(done, total or len(results))

    resolution: dict[int, int] = {}
    skew: dict[int, float] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        seen: set[int] = set()
        for place, img in enumerate(images, start=1):
            idx = _page_number(img, place)
            if idx in seen:  # a caller's list that repeats an image: each is a page of its own
                idx = max(seen) + 1
            seen.add(idx)
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
    if not results and first_error is not None:
        raise first_error
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


def _page_number(img: Image, place: int) -> int:
    page = img.info.get("page")
    return page if isinstance(page, int) and page >= 1 else place


def pages_to_document(pages: list[OCRPage], *, name: str, sha256: str, size: int, fmt: str,
                      missing: dict[int, str] | None = None) -> Document:
    """Assemble OCR'd pages into a Document: text, page spans, confidences, line map.

    ``missing``: pages of the file that could not be read (page number → reason). Each
    keeps its place: an empty span in ``pages``, confidence 0.0, ``None`` in the per-page
    lists of ``extras["ocr"]``, and :func:`~docintel.ingest._missing.note_missing` lists
    it in ``extras["missing_pages"]`` and names the file, the pages and why (W042).
    """
    missing = dict(missing or {})
    by_number = {p.number: p for p in pages}
    total = max([*by_number, *missing], default=0)
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    line_conf: list[list[float]] = []
    confidence: list[float] = []
    per_page: list[OCRPage | None] = []
    pos = 0
    for number in range(1, total + 1):
        page = by_number.get(number)
        per_page.append(page)
        if page is None:
            missing.setdefault(number, "not read")
            spans.append((pos, pos))
            confidence.append(0.0)
            continue
        confidence.append(round(page.confidence, 3))
        start = pos
        for ln in page.lines:
            text = ln.text
            line_conf.append([pos, pos + len(text), round(ln.conf, 3)])
            parts.append(text + "\n")
            pos += len(text) + 1
        spans.append((start, pos))
        parts.append("\n")
        pos += 1
    doc = Document(text="".join(parts), source=Source(name, sha256, fmt, size, None, total, ocr=True))
    doc.pages = spans
    doc.page_confidence = confidence
    doc.extras["ocr"] = {
        "engine": f"tesseract {tesseract_version()}",
        "lang": "vie",
        "dpi": [p.dpi or None if p else None for p in per_page],  # per page: the scan's own resolution, or the rendering's
        "skew": [p.skew if p else None for p in per_page],  # per page: degrees turned to straighten its lines
        "rotation": [p.rotation if p else None for p in per_page],  # per page: degrees turned clockwise to stand it upright
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
    note_missing(doc, missing, total)
    for page in pages:
        conf = round(page.confidence, 3)
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
    skipped: dict[int, str] = {}
    try:
        pages = ocr_images(render_pdf(data, name=name, skipped=skipped), jobs=jobs, progress=progress, total=total,
                           failed=skipped)
    except OCRError as e:
        raise OCRError(e.reason, path=name) from None
    if not pages:  # every page failed to render
        raise InputError(Errors.E012.format(reason=f"no page could be read ({describe(skipped) or 'it has no pages'})"),
                         path=name)
    doc = pages_to_document(pages, name=name, sha256=sha256, size=len(data), fmt="pdf", missing=skipped)
    # an e-signature stamp drawn by an annotation: its exact text, after the OCR text (offsets kept)
    from ..ingest._pdf import add_overlay_stamps

    add_overlay_stamps(doc, data, overlays)
    return doc


def read_image(data: bytes, *, name: str, sha256: str, progress: Progress | None = None) -> Document:
    """OCR an image file (PNG, JPEG, TIFF incl. multi-page, WebP, BMP).

    Pages that cannot be decoded or read are left out with a warning (W042); an error
    only when no page can be read.
    """
    reason = unavailable_reason()
    if reason:
        raise OCRError(Errors.E031.format(reason=reason), path=name)
    frames, missing = read_frames(data, name=name)
    try:
        pages = ocr_images(frames, progress=progress, total=len(frames), failed=missing)
    except OCRError as e:
        raise OCRError(e.reason, path=name) from None
    return pages_to_document(pages, name=name, sha256=sha256, size=len(data), fmt="image", missing=missing)


__all__ = [
    "DPI",
    "OCRPage",
    "PageCache",
    "available",
    "foreign_format",
    "image_reason",
    "load_images",
    "ocr_images",
    "ocr_pdf",
    "pages_to_document",
    "read_frames",
    "read_image",
    "render_pdf",
    "scanned_image",
    "require",
]
