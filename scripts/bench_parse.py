"""Parse throughput: documents/s and MB/s over corpus/wild, PDF pages/s over corpus/pdf.

Beside each figure, the time of one plain regex pass (``Số:`` finditer) over the same
text, the floor any parser pays to look at every character once; and the share of each
pipeline stage (``Pipeline.run(doc, timed=True)``), so a slow stage shows.

Usage: .venv/bin/python scripts/bench_parse.py [--shared ../shared] [--limit N] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docintel import DocintelError, default_pipeline, parse, parse_text  # noqa: E402
from docintel.ingest import read  # noqa: E402

SO = re.compile(r"S[ốoó]\s*:")


def bench(shared: Path, limit: int | None, repeat: int = 1) -> dict[str, object]:
    parse_text("Số: 1/UBND\nHà Nội, ngày 1 tháng 1 năm 2020\nKính gửi: Sở Y tế.")  # warm-up: rules, patterns
    stages: dict[str, float] = {}
    wild = sorted((shared / "corpus" / "wild").glob("*.txt"))[:limit]
    texts = [p.read_text(encoding="utf-8") for p in wild]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    t0 = time.perf_counter()
    for t in texts:
        sum(1 for _ in SO.finditer(t))
    regex_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    failed = 0
    for p in wild:
        try:
            doc = parse(p, timed=True)
        except DocintelError:
            failed += 1
            continue
        for k, v in doc.timings.items():
            stages[k] = stages.get(k, 0.0) + v
    parse_s = time.perf_counter() - t0

    pdfs = sorted((shared / "corpus" / "pdf").glob("*.pdf"))
    for warm in sorted((ROOT / "corpora").glob("*.pdf"))[:1]:  # warm-up: the PDF stack's imports (pdfium, numpy)
        read(warm, ocr=False)
    read_runs: list[float] = []
    parse_runs: list[float] = []
    for _ in range(repeat):  # best of ``repeat``: a shared 2-core machine is noisy
        pages = 0
        pdf_text: list[str] = []
        t0 = time.perf_counter()
        for p in pdfs:
            try:
                doc = read(p, ocr=False)
            except DocintelError:
                continue  # scans: no text layer
            pages += doc.source.pages or 0
            pdf_text.append(doc.text)
        read_runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for p in pdfs:
            try:
                doc = default_pipeline().run(read(p, ocr=False), timed=True)
            except DocintelError:
                continue
        parse_runs.append(time.perf_counter() - t0)
    read_pdf_s, parse_pdf_s = min(read_runs), min(parse_runs)
    t0 = time.perf_counter()
    for t in pdf_text:
        sum(1 for _ in SO.finditer(t))
    pdf_regex_s = time.perf_counter() - t0
    total_stage = sum(stages.values()) or 1.0
    return {
        "wild": {
            "documents": len(wild), "failed": failed, "megabytes": round(nbytes / 1e6, 3),
            "parse_seconds": round(parse_s, 3),
            "documents_per_second": round(len(wild) / parse_s, 2) if parse_s else None,
            "megabytes_per_second": round(nbytes / 1e6 / parse_s, 4) if parse_s else None,
            "regex_pass_seconds": round(regex_s, 5),
            "stage_share": {k: round(v / total_stage, 3) for k, v in sorted(stages.items(), key=lambda kv: -kv[1])},
            "stage_seconds": {k: round(v, 3) for k, v in stages.items()},
        },
        "pdf": {
            "files_with_text": len(pdf_text), "pages": pages,
            "read_seconds": round(read_pdf_s, 3), "pages_per_second_read": round(pages / read_pdf_s, 1) if read_pdf_s else None,
            "parse_seconds": round(parse_pdf_s, 3), "pages_per_second_parse": round(pages / parse_pdf_s, 2) if parse_pdf_s else None,
            "regex_pass_seconds": round(pdf_regex_s, 5),
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="only the first N wild documents")
    ap.add_argument("--repeat", type=int, default=1, help="PDF figures: best of N runs")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    if not (args.shared / "corpus").is_dir():
        raise SystemExit(f"no corpus under {args.shared}")
    r = bench(args.shared, args.limit, max(1, args.repeat))
    if args.json:
        print(json.dumps(r, indent=2))
        return
    w, p = r["wild"], r["pdf"]
    assert isinstance(w, dict) and isinstance(p, dict)
    print(f"corpus/wild: {w['documents']} documents, {w['megabytes']} MB, {w['failed']} failed")
    print(f"  parse:      {w['parse_seconds']} s = {w['documents_per_second']} documents/s, {w['megabytes_per_second']} MB/s")
    print(f"  regex pass: {w['regex_pass_seconds']} s (one Số: finditer over the same text)")
    print("  stage share: " + ", ".join(f"{k} {v:.1%}" for k, v in w["stage_share"].items()))
    print(f"corpus/pdf: {p['files_with_text']} text-layer PDFs, {p['pages']} pages")
    print(f"  read (text layer + columns): {p['read_seconds']} s = {p['pages_per_second_read']} pages/s")
    print(f"  full parse:                  {p['parse_seconds']} s = {p['pages_per_second_parse']} pages/s")
    print(f"  regex pass:                  {p['regex_pass_seconds']} s")


if __name__ == "__main__":
    main()
