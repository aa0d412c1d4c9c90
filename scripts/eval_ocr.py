#!/usr/bin/env python3
"""OCR quality on the scanned PDFs of ../shared/corpus/pdf against their page-1 transcriptions.

Prints, per file, the character similarity of page 1 (SequenceMatcher ratio on NFC,
whitespace-collapsed text) and whether the parsed number, type and date match those
parsed from the human transcription.

The shipped transcriptions (NAME.page1.txt) are not word-for-word copies of the scans:
in places they follow another wording of the same document. With ``--truth DIR`` the
script also scores the OCR against your own faithful transcriptions ``DIR/NAME<suffix>``
(default suffix ``.faithful.txt``, NAME without ``.pdf``) and prints three more
columns: ``faithful`` = OCR against the faithful text (the OCR's own accuracy),
``ceiling`` = the official transcription against the faithful text (what a perfect OCR
would score on the official column), and the parsed fields of the faithful text
against the official transcription's. Files without a faithful text get ``-``.

    python scripts/eval_ocr.py [--shared ../shared] [--json]
    python scripts/eval_ocr.py --truth /tmp/ceiling [--truth-suffix .faithful.txt]
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
from typing import Any

from docintel import parse_text, to_contract
from docintel._normalise import normalise_text
from docintel.ocr import ocr_images, render_pdf
from docintel.ocr._cache import PageCache


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def similarity(truth: str, text: str) -> float:
    """The ratio every column uses: squash both, SequenceMatcher without autojunk."""
    return SequenceMatcher(None, squash(truth), squash(text), autojunk=False).ratio()


def key_fields(text: str) -> dict[str, object]:
    """Number text, doc_type and date of ``text`` as the parser reads them."""
    c = to_contract(parse_text(text))
    return {"number": (c["number"] or {}).get("text"), "doc_type": c["doc_type"], "date": c["date"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--truth", type=Path, default=None,
                    help="folder of faithful page-1 transcriptions NAME<suffix> to score against as well")
    ap.add_argument("--truth-suffix", default=".faithful.txt")
    a = ap.parse_args(argv)
    folder = a.shared / "corpus" / "pdf"
    if not folder.is_dir():
        print(f"no {folder}", file=sys.stderr)
        return 2
    rows: list[dict[str, Any]] = []
    for truth_path in sorted(folder.glob("*.page1.txt")):
        pdf = truth_path.with_name(truth_path.name.replace(".page1.txt", ".pdf"))
        truth = truth_path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        first = next(iter(render_pdf(pdf.read_bytes(), name=str(pdf))))
        pages = ocr_images([first], cache=PageCache(None) if a.no_cache else None, jobs=1)
        secs = time.perf_counter() - t0
        ocr_text = "\n".join(ln.text for ln in pages[0].lines)
        ratio = similarity(truth, normalise_text(ocr_text))
        blank: dict[str, object] = {"number": None, "doc_type": None, "date": None}
        try:
            got = key_fields(ocr_text)
            want = key_fields(truth)
        except Exception as e:  # noqa: BLE001 - report, keep measuring the others
            print(f"{pdf.name}: parse failed: {e!r}", file=sys.stderr)
            got = want = blank
        row: dict[str, Any] = {
            "file": pdf.name, "similarity": round(ratio, 4), "seconds": round(secs, 2),
            "confidence": pages[0].confidence,
            "fields": {k: {"ocr": got[k], "truth": want[k], "match": got[k] == want[k]} for k in blank},
        }
        if a.truth is not None:
            faithful_path = a.truth / (pdf.stem + a.truth_suffix)
            if faithful_path.is_file():
                faithful = faithful_path.read_text(encoding="utf-8")
                try:
                    have = key_fields(faithful)
                except Exception as e:  # noqa: BLE001 - report, keep measuring the others
                    print(f"{faithful_path.name}: parse failed: {e!r}", file=sys.stderr)
                    have = blank
                row["faithful"] = {
                    "similarity": round(similarity(faithful, normalise_text(ocr_text)), 4),
                    "ceiling": round(similarity(truth, faithful), 4),
                    "fields": {k: {"ocr": got[k], "faithful": have[k], "truth": want[k],
                                   "faithful_matches_truth": have[k] == want[k]} for k in blank},
                }
        rows.append(row)
    if a.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        flags = " ".join(f"{k}={'ok' if v['match'] else 'MISS(' + str(v['ocr']) + ' vs ' + str(v['truth']) + ')'}"
                         for k, v in r["fields"].items())
        extra = ""
        if a.truth is not None:
            f = r.get("faithful")
            if f is None:
                extra = "  faithful=-      ceiling=-     "
            else:
                extra = f"  faithful={f['similarity']:.4f} ceiling={f['ceiling']:.4f}"
                differ = [f"{k}:{v['faithful']}!={v['truth']}" for k, v in f["fields"].items()
                          if not v["faithful_matches_truth"]]
                flags += "  truth-vs-faithful=" + (" ".join(differ) if differ else "same")
        print(f"{r['file']:34} similarity={r['similarity']:.4f}{extra} conf={r['confidence']:.2f} "
              f"{r['seconds']:5.1f}s  {flags}")
    mean = sum(r["similarity"] for r in rows) / len(rows) if rows else 0
    print(f"mean similarity {mean:.4f} over {len(rows)} scans")
    scored = [r["faithful"] for r in rows if "faithful" in r]
    if a.truth is not None and scored:
        fm = sum(f["similarity"] for f in scored) / len(scored)
        cm = sum(f["ceiling"] for f in scored) / len(scored)
        print(f"mean against faithful {fm:.4f}, mean ceiling {cm:.4f} over {len(scored)} faithful transcriptions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
