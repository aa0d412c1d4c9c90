"""Page-image preparation before Tesseract: rules for the scans archivists actually feed.

Measured on ``scripts/eval_ocr_synthetic.py`` (text-layer PDFs rendered, degraded and read
back; similarity with the text layer) and ``scripts/eval_ocr.py`` (the shared real scans):
Tesseract 5 copes by itself with 150–300 dpi, Gaussian blur, JPEG at quality 30, faint toner,
fax-like bilevel pages and small skew; it does not cope with two things, and those are what
this module repairs:

* **Coloured stamp ink** (:func:`to_grey`). A red or blue seal pressed over text is as dark
  as print in a luminance conversion, so the ring, star and rim lettering are read as
  characters and the print under them is lost. Stamp pads are pale saturated colours; print is
  black and ballpoint ink is dark: a pixel whose brightest channel is bright and whose
  channels disagree strongly is replaced by its brightest channel (lifted by half its chroma)
  — what a scanner's "colour dropout" does — so the seal turns into paper while black print under it (dark in
  every channel) stays. Dark saturated ink (a blue pen filling in a number) is kept.
  Colour exists only for colour images: a bilevel fax or a grey scan is converted as before.
* **Salt-and-pepper noise and specks** (:func:`despeckle`). Isolated black pixels and dots
  (a dirty platen, a noisy fax line, a photocopy of a photocopy) are read as stray marks and
  tone marks, and lower the confidence of the lines they sit by until the noise filter drops
  a whole "Số: …" line. A page whose dark pixels are to a large share lone pixels — print
  never is — gets a 3×3 median; then small blobs with paper all round are erased when they
  are a noticeable share of the ink (a tone mark, a period or the dot of an i sits closer
  to its letter than the margin asked for).

Both rules leave a page that does not need them pixel-identical (same cache key, same reading).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from PIL.Image import Image

# stamp ink: channels disagree by at least this much (0..255) ...
STAMP_CHROMA = 60
# ... and the brightest channel is at least this bright (a stamp pad's red/blue/violet is
# pale in its own channel; a dark ballpoint blue or black print is not)
STAMP_BRIGHT = 140
MIN_STAMP_SHARE = 0.0005  # of the page's pixels: fewer stamp-coloured pixels change nothing
STAMP_LAYER = "docintel.stamp_layer"  # image.info key: the dropped ink, dark on white (see stamp_layer)

DARK = 128  # grey level below which a pixel is ink for the noise measure
NOISE_SHARE = 0.08  # lone dark pixels as a share of all dark pixels above which the page is despeckled (print: <0.1 %, fax edges: 3-4 %, pepper: 13 %+)
SPECK_SIZE = 0.02  # inches: half the width of the window a speck fits in (6 px at 300 dpi)
SPECK_GAP = 0.03  # inches of paper around it (9 px at 300 dpi; a dot of i, a period or a tone mark is closer to its letter)
SPECK_SHARE = 0.025  # of the ink (clean print, the shared scans: < 0.3 %; bilevel faxes: 1-2 %, erasing there cost a field; specked copies: 4-7 %)
MIN_LONE = 500  # and at least this many lone pixels (a blank page with three specks is not noisy)


def _colour_array(image: Image) -> NDArray[Any] | None:
    """The image as an RGB uint8 array, or None when it carries no colour."""
    import numpy as np

    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return None
    if image.mode == "P" and not image.palette:
        return None
    rgb = image.convert("RGB")
    return np.asarray(rgb)


def stamp_mask(rgb: NDArray[Any]) -> NDArray[Any]:
    """Boolean mask of the pixels in stamp-pad colour (pale, strongly saturated)."""
    import numpy as np

    a = np.asarray(rgb)
    hi = a.max(axis=2).astype(np.int16)
    lo = a.min(axis=2).astype(np.int16)
    return ((hi - lo) >= STAMP_CHROMA) & (hi >= STAMP_BRIGHT)


def to_grey(image: Image) -> Image:
    """``image`` as greyscale ("L") with coloured stamp ink dropped out.

    A page without stamp ink converts exactly as ``image.convert("L")``; the image's
    ``info`` (its resolution) is kept.
    """
    import numpy as np
    from PIL import Image as PILImage

    rgb = _colour_array(image)
    if rgb is None:
        out = image if image.mode == "L" else image.convert("L")
    else:
        mask = stamp_mask(rgb)
        grey = image.convert("L")
        if float(np.asarray(mask).mean()) < MIN_STAMP_SHARE:
            out = grey
        else:
            a = np.asarray(grey).copy()
            c = np.asarray(rgb).astype(np.int16)
            hi, lo = c.max(axis=2), c.min(axis=2)
            # the brightest channel (a violet pad is only ~180 in its own channel), lifted by half
            # the chroma so a seal is paper after any threshold
            a[mask] = np.clip(hi + (hi - lo) // 2, 0, 255).astype(np.uint8)[mask]
            out = PILImage.fromarray(a, mode="L")
            # what was dropped, dark on white, so red urgency/security marks can be read back (_marks)
            layer = np.full(a.shape, 255, dtype=np.uint8)
            layer[mask] = np.clip(255 - 2 * (hi - lo), 0, 255).astype(np.uint8)[mask]
            out.info[STAMP_LAYER] = PILImage.fromarray(layer, mode="L")
    if out is not image:
        out.info.update(image.info)
    return out


def stamp_layer(image: Image) -> Image | None:
    """The stamp ink :func:`to_grey` dropped from ``image``, dark on white; None when none was."""
    from PIL.Image import Image as PILImageType

    layer = image.info.get(STAMP_LAYER)
    return layer if isinstance(layer, PILImageType) else None


def lone_dark_share(image: Image) -> tuple[float, int]:
    """Share of dark pixels that have no dark 8-neighbour, and how many there are."""
    import numpy as np

    a = np.asarray(image.convert("L")) < DARK
    total = int(a.sum())
    if not total:
        return 0.0, 0
    p = np.pad(a, 1)
    neighbours = np.zeros(a.shape, dtype=np.uint8)
    h, w = a.shape
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy == 1 and dx == 1:
                continue
            neighbours += p[dy : dy + h, dx : dx + w]
    lone = int((a & (neighbours == 0)).sum())
    return lone / total, lone


def noisy(image: Image) -> bool:
    """True for a page peppered with lone dark pixels (see :data:`NOISE_SHARE`)."""
    share, lone = lone_dark_share(image)
    return share >= NOISE_SHARE and lone >= MIN_LONE


def resolution(image: Image) -> float:
    """The image's dots per inch: as it says, else as an A4 or Letter page's width implies."""
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    if 100 <= dpi <= 1200:
        return dpi
    return max(100.0, min(1200.0, min(image.size) / 8.27))


def despeckle(image: Image) -> Image:
    """A noisy page cleaned: a 3×3 median for salt and pepper, then lone specks erased.

    Any other page is returned unchanged (the same object). Specks — blobs at most
    2 × :data:`SPECK_SIZE` wide with :data:`SPECK_GAP` of paper all round — are erased only
    when they make up :data:`SPECK_SHARE` of the ink: a clean page's few lone dots (a bullet,
    a stray mark) stay as they are.
    """
    import numpy as np
    from PIL import Image as PILImage
    from PIL import ImageFilter

    out = image
    if noisy(image):
        out = image.convert("L").filter(ImageFilter.MedianFilter(3))
    specks = np.asarray(speck_mask(out, resolution(image)))
    ink = int((np.asarray(out.convert("L")) < DARK).sum())
    if ink and specks.sum() >= SPECK_SHARE * ink:
        a = np.asarray(out.convert("L")).copy()
        a[specks] = 255
        out = PILImage.fromarray(a, mode="L")
    if out is image:
        return image
    if image.mode == "1":
        out = out.convert("1", dither=PILImage.Dither.NONE)
    out.info.update(image.info)
    return out


def prepare(image: Image) -> Image:
    """All preparation rules in order: stamp-ink dropout, then despeckling."""
    return despeckle(to_grey(image))


__all__ = ["STAMP_LAYER", "despeckle", "lone_dark_share", "noisy", "prepare", "stamp_layer", "stamp_mask", "to_grey"]


def _box(a: NDArray[Any], r: int) -> NDArray[Any]:
    """Sum of ``a`` over the (2r+1)² window around each pixel (zero outside the image)."""
    import numpy as np

    x = np.asarray(a, dtype=np.int32)
    p = np.pad(x, ((r + 1, r), (r + 1, r)))
    c = p.cumsum(0).cumsum(1)
    k = 2 * r + 1
    return c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]


def speck_mask(image: Image, dpi: float) -> NDArray[Any]:
    """Ink pixels of small blobs with no other ink around them (specks, not print)."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < DARK
    r = max(2, round(SPECK_SIZE * dpi))
    gap = max(2, round(SPECK_GAP * dpi))
    inside = _box(ink, r)
    around = _box(ink, r + gap)
    centre = ink & (inside == around)
    return ink & (np.asarray(_box(centre, r)) > 0)
