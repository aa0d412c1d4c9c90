"""The handwritten-digit reader on PRINTED digits cut from the scans (a domain it was not trained on).

Every Tesseract word of the scans in ../shared/corpus/pdf that is all digits with
confidence >= 90 is cut from the page; when its glyphs (docintel.ocr._handwriting.components)
are as many as its digits, each glyph is read and compared with Tesseract's digit.
Reports accuracy, and how many glyphs pass P_SURE and how many of those are wrong.

Example: .venv/bin/python scripts/eval_digits.py --pages 2
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import numpy as np

from docintel.ocr import render_pdf
from docintel.ocr._deskew import deskew
from docintel.ocr._digits import P_SURE
from docintel.ocr._handwriting import classify, components, to_mnist
from docintel.ocr._tesseract import recognise


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--pages", type=int, default=2)
    args = ap.parse_args()
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
