"""A handwritten-digit reader for the pen-filled slots of a header (number, day, month).

A small convolutional network, trained at development time on MNIST handwritten
digits (``scripts/train_digits.py``), runs here in plain numpy from the weights
shipped beside this module (``digits.npz``, ~34k parameters stored as float16;
licence and attribution in ``digits.LICENSE``). Nothing is downloaded and no
extra package is needed at run time.

A slot is read in three steps:

1. :func:`components` — the dark pixels of the slot region, split into
   connected components (8-connected); pieces that overlap in x are merged into
   one glyph (a "5" whose top bar the pen lifted from, a "4" in two strokes),
   specks and thin rules are dropped;
2. :func:`to_mnist` — each glyph normalised as MNIST was made: the ink's box
   scaled to fit 20×20 (aspect kept, anti-aliased), placed in a 28×28 field by
   its centre of mass;
3. :func:`classify` — the network's class probabilities per glyph; the logits are
   divided by the network's calibration temperature when its file carries one
   (:func:`temperature`). The shipped file carries none (T = 1): its
   probabilities are scores, and ``_digits.P_SURE`` is a score gate.

:func:`read_slot` returns one :class:`DigitReading` per glyph; the caller decides
(``_digits``) whether the reading is sure enough to be used.

This module imports nothing from docintel so the training script can load it
by path and train on exactly the normalisation used here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("digits.npz")
FIELD, BOX = 28, 20  # MNIST: the digit fits a 20×20 box, centred by mass in 28×28

Array = Any  # numpy arrays (kept loose: numpy's stubs vary across versions)


@dataclass(frozen=True)
class DigitReading:
    """One glyph of a slot: its box in the slot image, best digit, and all ten probabilities."""

    left: int
    top: int
    right: int
    bottom: int
    digit: int
    prob: float
    probs: tuple[float, ...]

    def to_json(self) -> dict[str, Any]:
        return {"box": [self.left, self.top, self.right, self.bottom], "digit": self.digit, "prob": round(self.prob, 3)}


# ---------------------------------------------------------------------------
# normalisation (shared with scripts/train_digits.py)


def to_mnist(ink: Array) -> Array:
    """A glyph (2-D array, ink > 0) as a 28×28 float32 image in [0, 1], MNIST-style.

    The ink's bounding box is scaled to fit 20×20 with its aspect ratio kept
    (a "1" stays thin), with area averaging, then shifted so its centre of
    mass sits at the field's centre.
    """
    from PIL import Image

    ink = np.asarray(ink, dtype=np.float32)
    ys, xs = np.nonzero(ink > 0)
    out = np.zeros((FIELD, FIELD), dtype=np.float32)
    if len(ys) == 0:
        return out
    glyph = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    glyph = glyph / max(float(glyph.max()), 1e-6)
    h, w = glyph.shape
    scale = BOX / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    img = Image.fromarray((glyph * 255).astype(np.uint8)).resize((nw, nh), Image.Resampling.BOX)
    small = np.asarray(img, dtype=np.float32) / 255.0
    total = float(small.sum())
    if total <= 0:
        return out
    cy = float((small.sum(axis=1) * np.arange(nh)).sum()) / total
    cx = float((small.sum(axis=0) * np.arange(nw)).sum()) / total
    top = int(round(FIELD / 2 - 0.5 - cy))
    left = int(round(FIELD / 2 - 0.5 - cx))
    top = min(max(top, 0), FIELD - nh)
    left = min(max(left, 0), FIELD - nw)
    out[top : top + nh, left : left + nw] = small
    return out


# ---------------------------------------------------------------------------
# segmentation


def _label(binary: Array) -> tuple[Array, int]:
    """8-connected component labels of a boolean image (OpenCV when present, else a flood fill)."""
    try:
        import cv2

        n, labels = cv2.connectedComponents(binary.astype(np.uint8), connectivity=8)
        return labels, int(n) - 1
    except ImportError:  # pragma: no cover - opencv ships with rapidocr
        labels = np.zeros(binary.shape, dtype=np.int32)
        n = 0
        h, w = binary.shape
        for y0, x0 in zip(*np.nonzero(binary), strict=True):
            if labels[y0, x0]:
                continue
            n += 1
            stack = [(int(y0), int(x0))]
            labels[y0, x0] = n
            while stack:
                y, x = stack.pop()
                for dy in (-1, 0, 1):
                    for dx in (-1, 0, 1):
                        yy, xx = y + dy, x + dx
                        if 0 <= yy < h and 0 <= xx < w and binary[yy, xx] and not labels[yy, xx]:
                            labels[yy, xx] = n
                            stack.append((yy, xx))
        return labels, n


def components(gray: Array, *, line_height: int, band: tuple[int, int] | None = None) -> list[tuple[int, int, int, int, Array]]:
    """Glyphs of a slot image (dark ink on light paper) as (left, top, right, bottom, ink), left to right.

    ``line_height``: the printed line's height in pixels; pieces shorter than a
    fifth of it in both directions are specks (dust, a dot), pieces much wider
    than tall are rules or dotted leaders, and are dropped. ``band``: the line's
    rows (top, bottom) in the image; a piece whose vertical centre lies outside
    them belongs to the line above or below (a stamp's frame under a "Số:" line)
    and is dropped before any merging, so it cannot swallow a digit. Pieces
    whose x-ranges overlap by more than half the narrower one are one glyph.
    """
    gray = np.asarray(gray, dtype=np.float32)
    binary = gray < 128
    labels, n = _label(binary)
    pieces: list[list[int]] = []
    for k in range(1, n + 1):
        ys, xs = np.nonzero(labels == k)
        left, right, top, bottom = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
        h, w = bottom - top, right - left
        if max(h, w) < line_height / 5:
            continue
        if w > 3 * h and h < line_height / 3:
            continue
        if band is not None and not band[0] <= (top + bottom) / 2 <= band[1]:
            continue
        pieces.append([left, top, right, bottom, k])
    pieces.sort()
    glyphs: list[list[Any]] = []
    for left, top, right, bottom, k in pieces:
        if glyphs:
            g = glyphs[-1]
            overlap = min(right, g[2]) - max(left, g[0])
            if overlap > 0.5 * min(right - left, g[2] - g[0]):
                g[0], g[1], g[2], g[3] = min(g[0], left), min(g[1], top), max(g[2], right), max(g[3], bottom)
                g[4].append(k)
                continue
        glyphs.append([left, top, right, bottom, [k]])
    out = []
    for left, top, right, bottom, ks in glyphs:
        mask = np.isin(labels[top:bottom, left:right], ks)
        ink = np.where(mask, 255.0 - gray[top:bottom, left:right], 0.0)
        out.append((left, top, right, bottom, ink))
    return out


# ---------------------------------------------------------------------------
# the network (numpy forward pass)


@cache
def _weights(path: str = str(MODEL_PATH)) -> dict[str, Array]:
    """The first network's weights (keys without a ``netN/`` prefix)."""
    return _networks(path)[0]


@cache
def _networks(path: str = str(MODEL_PATH)) -> tuple[dict[str, Array], ...]:
    """Every network in a weights file: the plain keys, then each ``net1/``, ``net2/`` … set (an ensemble)."""
    nets: dict[str, dict[str, Array]] = {}
    with np.load(path) as data:
        for k in data.files:
            if k == "meta":
                continue
            prefix, _, name = k.rpartition("/")
            nets.setdefault(prefix, {})[name] = data[k].astype(np.float32)
    return tuple(nets[k] for k in sorted(nets))


def available() -> bool:
    """True when the shipped weights are present."""
    return MODEL_PATH.is_file()


def _conv(x: Array, w: Array, b: Array) -> Array:
    """'same' 3×3 convolution: x (n, c, h, w), w (o, c, 3, 3) → (n, o, h, w)."""
    n, c, h, wd = x.shape
    pad = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    cols = np.stack([pad[:, :, i : i + h, j : j + wd] for i in range(3) for j in range(3)], axis=2)  # n,c,9,h,w
    out = np.einsum("nckhw,ock->nohw", cols, w.reshape(w.shape[0], c, 9), optimize=True)
    return out + b[None, :, None, None]


def _pool(x: Array) -> Array:
    n, c, h, w = x.shape
    return x[:, :, : h // 2 * 2, : w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def temperature(weights: dict[str, Array] | None = None) -> float:
    """The calibration temperature stored with a network (key ``T``; 1.0 for a file without one).

    Fitted at development time by minimising the negative log-likelihood on a
    calibration split that neither training nor the held-out evaluation uses
    (``scripts/train_digits.py --calibrate``). The shipped file has no ``T``: the fitted
    T = 0.61 let wrong glyphs pass ``P_SURE`` and was not adopted (see train_digits.py).
    """
    p = weights if weights is not None else _weights()
    return float(p["T"]) if "T" in p else 1.0


def softmax(logits: Array, temperature: float = 1.0) -> Array:
    """Row-wise softmax of ``logits / temperature`` (numerically stable)."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def forward(batch: Array, weights: dict[str, Array] | None = None, *, calibrated: bool = True) -> Array:
    """Class probabilities (n, 10) for a batch of 28×28 images in [0, 1].

    ``calibrated``: divide the logits by the network's :func:`temperature`
    (dividing by T > 0 never changes which digit is read, only how sure).
    """
    p = weights if weights is not None else _weights()
    return softmax(logits(batch, p), temperature(p) if calibrated else 1.0)


def logits(batch: Array, weights: dict[str, Array] | None = None) -> Array:
    """The network's raw class scores (n, 10) for a batch of 28×28 images in [0, 1]."""
    p = weights if weights is not None else _weights()
    x = np.asarray(batch, dtype=np.float32).reshape(-1, 1, FIELD, FIELD)
    x = (x - 0.5) / 0.5
    x = _pool(np.maximum(_conv(x, p["c1.w"], p["c1.b"]), 0))
    x = _pool(np.maximum(_conv(x, p["c2.w"], p["c2.b"]), 0))
    x = _pool(np.maximum(_conv(x, p["c3.w"], p["c3.b"]), 0))
    x = x.reshape(x.shape[0], -1)
    x = np.maximum(x @ p["f1.w"].T + p["f1.b"], 0)
    return x @ p["f2.w"].T + p["f2.b"]


# ---------------------------------------------------------------------------
# test-time augmentation: the softmax averaged over small perturbations of each glyph

TTA: tuple[str, ...] = ()  # the views read at run time (see views(); chosen on held-out data, scripts/eval_digits.py)
TTA_KINDS = ("shift", "scale", "stroke", "shear")
CALIBRATED = True  # apply each network's temperature (scripts/eval_digits.py --calibration measures both ways)


def _shift(img: Array, dy: int, dx: int) -> Array:
    out = np.zeros_like(img)
    h, w = img.shape
    out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = img[max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)]
    return out


def _affine(img: Array, a: float, b: float, d: float, e: float) -> Array:
    """``img`` resampled (bilinear, zero outside) so that output (x, y) takes input
    centre + [[a, b], [d, e]] · ((x, y) − centre)."""
    h, w = img.shape
    c = (FIELD - 1) / 2
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    sx = a * (xx - c) + b * (yy - c) + c
    sy = d * (xx - c) + e * (yy - c) + c
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    fx, fy = sx - x0, sy - y0
    pad = np.pad(img, 1)
    out = np.zeros_like(img)
    for oy, ox, wt in ((0, 0, (1 - fy) * (1 - fx)), (0, 1, (1 - fy) * fx), (1, 0, fy * (1 - fx)), (1, 1, fy * fx)):
        ys, xs = y0 + oy + 1, x0 + ox + 1
        ok = (ys >= 0) & (ys < h + 2) & (xs >= 0) & (xs < w + 2)
        out += np.where(ok, pad[np.clip(ys, 0, h + 1), np.clip(xs, 0, w + 1)], 0.0) * wt
    return out


def views(img: Array, kinds: tuple[str, ...] = TTA_KINDS) -> list[Array]:
    """``img`` (28×28) and its small perturbations, by kind: "shift" ±1 px each way,
    "scale" 0.9× and 1.1×, "stroke" a 2×2 dilation and erosion (thicker, thinner
    pen), "shear" ±5°. ``()`` gives the image alone."""
    img = np.asarray(img, dtype=np.float32)
    out = [img]
    if "shift" in kinds:
        out += [_shift(img, dy, dx) for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0))]
    if "scale" in kinds:
        out += [_affine(img, 1 / s, 0.0, 0.0, 1 / s) for s in (0.9, 1.1)]
    if "stroke" in kinds:
        pad = np.pad(img, ((0, 1), (0, 1)))
        quad = np.stack([pad[:-1, :-1], pad[:-1, 1:], pad[1:, :-1], pad[1:, 1:]])
        out += [quad.max(axis=0), quad.min(axis=0)]
    if "shear" in kinds:
        k = float(np.tan(np.radians(5)))
        out += [_affine(img, 1.0, k, 0.0, 1.0), _affine(img, 1.0, -k, 0.0, 1.0)]
    return out


def predict(images: Array, *, tta: tuple[str, ...] | None = None, nets: tuple[dict[str, Array], ...] | None = None,
            calibrated: bool | None = None) -> Array:
    """Class probabilities (n, 10): the softmax averaged over every network of the
    ensemble (``nets``, default the shipped ones) and every view (:func:`views`;
    ``tta`` default :data:`TTA`), each network's logits divided by its own
    :func:`temperature` (``calibrated`` default :data:`CALIBRATED`)."""
    kinds = TTA if tta is None else tta
    calibrated = CALIBRATED if calibrated is None else calibrated
    nets = nets if nets is not None else _networks()
    images = np.asarray(images, dtype=np.float32).reshape(-1, FIELD, FIELD)
    if not len(images):
        return np.zeros((0, 10), dtype=np.float32)
    stack = np.stack([v for im in images for v in views(im, kinds)])
    per = len(stack) // len(images)
    probs = np.mean([forward(stack, w, calibrated=calibrated) for w in nets], axis=0)
    return probs.reshape(len(images), per, 10).mean(axis=1)


def classify(images: list[Array]) -> list[tuple[int, float, tuple[float, ...]]]:
    """(digit, probability, all probabilities) per 28×28 image (:func:`predict`)."""
    if not images:
        return []
    probs = predict(np.stack(images))
    return [(int(p.argmax()), float(p.max()), tuple(float(v) for v in p)) for p in probs]


def read_slot(gray: Array, *, line_height: int, band: tuple[int, int] | None = None) -> list[DigitReading]:
    """Every glyph of a slot image read as a digit, left to right (see the module doc; ``band``: :func:`components`)."""
    glyphs = components(gray, line_height=line_height, band=band)
    results = classify([to_mnist(g[4]) for g in glyphs])
    return [
        DigitReading(g[0], g[1], g[2], g[3], digit, prob, probs)
        for g, (digit, prob, probs) in zip(glyphs, results, strict=True)
    ]


__all__ = ["DigitReading", "available", "classify", "components", "forward", "logits", "predict", "read_slot", "softmax",
           "temperature", "to_mnist", "views"]
