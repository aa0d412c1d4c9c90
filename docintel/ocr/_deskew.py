"""Straighten a page that was scanned or photographed a little askew.

Tesseract's page segmentation tolerates well under a degree of skew; at two
degrees a dispatch's lines run into each other and the two-column header can no
longer be told apart (page-1 similarity of scan-nq-115 fell from 0.95 to 0.67
when the page was turned by 2°). Text lines make the horizontal ink profile of a
straight page spiky: the angle that maximises the profile's sharpness (the sum of
squared differences between neighbouring rows) is the skew. It is searched on a
small copy, coarse then fine, within ±``MAX_ANGLE`` degrees. Pages skewed by
less than ``MIN_ANGLE`` are returned untouched (so their cache keys and
coordinates do not change): Tesseract copes with those itself, and resampling
costs more than it gains. Measured on the shared scans turned on purpose (bag of
words against the transcription, without → with straightening): 1.5° 0.92 → 0.91
(so not straightened), 3° 0.79–0.94 → 0.87–0.94, 5° 0.00–0.54 → 0.86–0.94.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_ANGLE = 6.0
MIN_ANGLE = 2.0  # below it Tesseract copes better than a resampled page (measured on the shared scans)
WORK_WIDTH = 700  # pixels of the copy the angle is measured on
MIN_GAIN = 3.0  # how much sharper the profile must get for the angle to count (sideways pages: ~1.2)


def _sharpness(mask: Image, angle: float) -> float:
    import numpy as np
    from PIL import Image as PILImage

    rotated = mask.rotate(angle, resample=PILImage.Resampling.NEAREST, expand=False, fillcolor=0)
    rows = np.asarray(rotated, dtype=np.float64).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


def skew_angle(image: Image) -> float:
    """The angle (degrees, counter-clockwise) that straightens ``image``'s text lines; 0.0 when unsure."""
    import numpy as np
    from PIL import Image as PILImage

    grey = image.convert("L")
    scale = WORK_WIDTH / max(grey.width, 1)
    if scale < 1:
        grey = grey.resize((WORK_WIDTH, max(1, round(grey.height * scale))), PILImage.Resampling.BILINEAR)
    ink = np.asarray(grey) < 160
    if ink.mean() < 0.002:  # a blank page: nothing to measure
        return 0.0
    mask = PILImage.fromarray((ink * 255).astype(np.uint8))
    best, score = 0.0, _sharpness(mask, 0.0)
    straight = score
    for step, span in ((1.0, MAX_ANGLE), (0.1, 1.0)):
        centre = best
        n = round(span / step)
        for k in range(-n, n + 1):
            angle = round(centre + k * step, 2)
            if abs(angle) > MAX_ANGLE or angle == best:
                continue
            s = _sharpness(mask, angle)
            if s > score * 1.0001:
                best, score = angle, s
    # text lines turned back into line make the profile several times sharper (x10 and more at
    # 1.5°); a page of vertical lines (fed sideways) or a picture gains little at any angle
    return best if score >= MIN_GAIN * straight else 0.0


def deskew(image: Image) -> tuple[Image, float]:
    """``image`` straightened, and the angle turned; the same image when it is already straight."""
    from PIL import Image as PILImage

    angle = skew_angle(image)
    if abs(angle) < MIN_ANGLE:
        return image, 0.0
    fill = 255 if image.mode in ("L", "1", "P") else (255,) * len(image.getbands())
    out = image.rotate(angle, resample=PILImage.Resampling.BICUBIC, expand=True, fillcolor=fill)
    out.info.update(image.info)
    return out, angle


__all__ = ["deskew", "skew_angle"]
