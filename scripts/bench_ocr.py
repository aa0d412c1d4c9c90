#!/usr/bin/env python3
"""OCR speed: seconds per page at the chosen resolution, serial and parallel, in one run.

    python scripts/bench_ocr.py [--pages 6] [--pdf ../shared/corpus/pdf/scan-qd-707-ttg.pdf] [--json]

Pages are read once; the cache is off so every run really OCRs. The baseline is
the serial run (one Tesseract at a time); the parallel run uses every core (one
Tesseract process per page). A scanned page is OCR'd from its own embedded image
(render_pdf); the same pages re-rendered at DPI are timed too, serially, as the
earlier way's baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from docintel.ingest._pdf import open_pdf
from docintel.ocr import DPI, default_jobs, ocr_images, render_pdf
from docintel.ocr._cache import PageCache


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(__file__).resolve().parents[2] / "shared"
    ap.add_argument("--pdf", type=Path, default=shared / "corpus" / "pdf" / "scan-qd-707-ttg.pdf")
    ap.add_argument("--pages", type=int, default=6)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if not a.pdf.is_file():
        a.pdf = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scan_seed002.pdf"
    t0 = time.perf_counter()
    images = []
    for i, img in enumerate(render_pdf(a.pdf.read_bytes(), name=str(a.pdf))):
        if i >= a.pages:
            break
        images.append(img)
    render_s = (time.perf_counter() - t0) / len(images)
    pdf = open_pdf(a.pdf.read_bytes(), name=str(a.pdf))
    rendered = [pdf[i].render(scale=DPI / 72, grayscale=True).to_pil() for i in range(len(images))]
    os.environ["OMP_THREAD_LIMIT"] = "1"
    results = {}
    for label, jobs, imgs in (("serial", 1, images), ("parallel", default_jobs(), images),
                              (f"rendered {DPI} dpi, serial", 1, rendered)):
        t = time.perf_counter()
        pages = ocr_images(list(imgs), jobs=jobs, cache=PageCache(None))
        secs = time.perf_counter() - t
        results[label] = {"jobs": jobs, "seconds_per_page": round(secs / len(pages), 3),
                          "mean_confidence": round(sum(p.confidence for p in pages) / len(pages), 3)}
    dpis = sorted({round(float(img.info.get("dpi", (0,))[0])) for img in images})
    out = {"pdf": a.pdf.name, "pages": len(images), "dpi": dpis, "render_seconds_per_page": round(render_s, 3), **results,
           "speed_up": round(results["serial"]["seconds_per_page"] / results["parallel"]["seconds_per_page"], 2)}
    if a.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{out['pdf']}: {out['pages']} pages at {dpis} dpi (read {render_s:.2f} s/page)")
        for label in results:
            r = results[label]
            print(f"  {label:8} jobs={r['jobs']}  {r['seconds_per_page']:.2f} s/page  confidence {r['mean_confidence']:.2f}")
        print(f"  speed-up {out['speed_up']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
