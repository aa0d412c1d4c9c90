#!/usr/bin/env python3
"""OCR quality on the scanned PDFs of ../shared/corpus/pdf against their page-1 transcriptions.

Prints, per file, the character similarity of page 1 (SequenceMatcher ratio on NFC,
whitespace-collapsed text) and whether the parsed number, type and date match those
parsed from the human transcription.

    python scripts/eval_ocr.py [--shared ../shared] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

from docintel import parse_text, to_contract
from docintel._normalise import normalise_text
from docintel.ocr import ocr_images, render_pdf
from docintel.ocr._cache import PageCache


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    a = ap.parse_args(argv)
    folder = a.shared / "corpus" / "pdf"
    if not folder.is_dir():
        print(f"no {folder}", file=sys.stderr)
        return 2
    rows = []
    for truth_path in sorted(folder.glob("*.page1.txt")):
        pdf = truth_path.with_name(truth_path.name.replace(".page1.txt", ".pdf"))
        truth = truth_path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        first = next(iter(render_pdf(pdf.read_bytes(), name=str(pdf))))
        pages = ocr_images([first], cache=PageCache(None) if a.no_cache else None, jobs=1)
        secs = time.perf_counter() - t0
        ocr_text = "\n".join(ln.text for ln in pages[0].lines)
        ratio = SequenceMatcher(None, squash(truth), squash(normalise_text(ocr_text)), autojunk=False).ratio()
        try:
            got = to_contract(parse_text(ocr_text))
            want = to_contract(parse_text(truth))
        except Exception as e:  # noqa: BLE001 - report, keep measuring the others
            print(f"{pdf.name}: parse failed: {e!r}", file=sys.stderr)
            got = want = {"number": None, "doc_type": None, "date": None}
        fields = {
            k: (got[k] if k != "number" else (got["number"] or {}).get("text"),
                want[k] if k != "number" else (want["number"] or {}).get("text"))
            for k in ("number", "doc_type", "date")
        }
        rows.append({
            "file": pdf.name, "similarity": round(ratio, 4), "seconds": round(secs, 2),
            "confidence": pages[0].confidence,
            "fields": {k: {"ocr": v[0], "truth": v[1], "match": v[0] == v[1]} for k, v in fields.items()},
        })
    if a.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        flags = " ".join(f"{k}={'ok' if v['match'] else 'MISS(' + str(v['ocr']) + ' vs ' + str(v['truth']) + ')'}"
                         for k, v in r["fields"].items())
        print(f"{r['file']:34} similarity={r['similarity']:.4f} conf={r['confidence']:.2f} {r['seconds']:5.1f}s  {flags}")
    mean = sum(r["similarity"] for r in rows) / len(rows) if rows else 0
    print(f"mean similarity {mean:.4f} over {len(rows)} scans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
