#!/usr/bin/env python3
"""OCR robustness on synthetically degraded pages: how the OCR path copes with scans it has not seen.

The four real scans of ../shared/corpus/pdf say little about the phone photos, faxes, low-dpi,
JPEG-compressed, skewed, faint or stamped pages archivists feed in. This benchmark takes pages
whose text is known — the text layer of the born-digital PDFs in ../shared/corpus/pdf
(congbao-*.pdf, hanoi-*.pdf) and the generated fixture scan tests/fixtures/scan_seed002.pdf —
renders them, degrades them (seeded, reproducible), encodes each as the file a user would feed
(PNG, JPEG, bilevel TIFF) and reads it through docintel's own path (``load_images`` →
``ocr_images``, cache off). Per degradation it prints the mean character similarity with the
page's text (SequenceMatcher ratio on NFC, whitespace-collapsed text, as scripts/eval_ocr.py),
how many of number / doc_type / date parse the same as from the text itself, and seconds per page.

    python scripts/eval_ocr_synthetic.py                       # all docs, page 1, all degradations
    python scripts/eval_ocr_synthetic.py --quick               # 3 docs x all degradations (~2-3 min on 2 cores)
    python scripts/eval_ocr_synthetic.py -d seal_red,fax --docs 798,seed --json out.json
    python scripts/eval_ocr_synthetic.py --save-images /tmp/degraded   # look at what was fed
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import re
import sys
import textwrap
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from docintel import parse_text, to_contract
from docintel._normalise import normalise_text
from docintel.ocr import load_images, ocr_images
from docintel.ocr._cache import PageCache

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("number", "doc_type", "date", "urgency")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


# --------------------------------------------------------------------------- sources


@dataclass
class Source:
    name: str
    image: Image.Image  # RGB at ``dpi``
    dpi: int
    truth: str


def pdf_sources(folder: Path, pages: int) -> list[Source]:
    import pypdfium2 as pdfium

    out = []
    for path in sorted([*folder.glob("congbao-*.pdf"), *folder.glob("hanoi-*.pdf")]):
        pdf = pdfium.PdfDocument(str(path))
        for i in range(min(pages, len(pdf))):
            page = pdf[i]
            truth = page.get_textpage().get_text_range()
            if len(truth.strip()) < 200:
                continue
            img = page.render(scale=300 / 72).to_pil().convert("RGB")
            out.append(Source(f"{path.stem}#{i + 1}", img, 300, truth))
        pdf.close()
    return out


def fixture_source() -> Source | None:
    """The seed-002 fixture scan (200 dpi image PDF) with the text it was drawn from."""
    import pypdfium2 as pdfium

    pdf_path = ROOT / "tests" / "fixtures" / "scan_seed002.pdf"
    if not pdf_path.exists():
        return None
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import make_scan_fixture as fx
    except (ImportError, OSError):
        return None
    lines = [f"{a} {b}".strip() for a, b in zip(fx.HEADER_LEFT, fx.HEADER_RIGHT + [""] * 9, strict=False)]
    # the body as the generator wrapped it, up to the same cut
    y = 0.8 * fx.DPI + (len(fx.HEADER_LEFT) + 1) * int(int(12.5 * fx.DPI / 72) * 1.45)
    lh = int(int(12.5 * fx.DPI / 72) * 1.45)
    for para in fx.body_paragraphs():
        for line in textwrap.wrap(para.replace("\n", " "), width=78):
            lines.append(line)
            y += lh
        y += lh // 3
        if y > fx.H - 2 * fx.DPI:
            break
    pdf = pdfium.PdfDocument(str(pdf_path))
    img = pdf[0].render(scale=200 / 72).to_pil().convert("RGB")
    pdf.close()
    return Source("scan_seed002#1", img, 200, "\n".join(lines))


# --------------------------------------------------------------------------- degradations


Degrade = Callable[[Image.Image, int, random.Random], tuple[Image.Image, int, str]]


def _resample(img: Image.Image, dpi: int, target: int) -> Image.Image:
    if dpi == target:
        return img
    f = target / dpi
    return img.resize((round(img.width * f), round(img.height * f)), Image.Resampling.LANCZOS)


def at_dpi(target: int) -> Degrade:
    def run(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
        return _resample(img, dpi, target), target, "PNG"

    return run


def clean(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    return img, dpi, "PNG"


def blur(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    return img.filter(ImageFilter.GaussianBlur(1.6 * dpi / 300)), dpi, "PNG"


def noise(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """Salt-and-pepper (2 %) plus photocopy speckle clusters."""
    a = np.asarray(img.convert("L")).copy()
    g = np.random.default_rng(rnd.randrange(1 << 30))
    m = g.random(a.shape)
    a[m < 0.01] = 0
    a[m > 0.99] = 255
    out = Image.fromarray(a)
    d = ImageDraw.Draw(out)
    for _ in range(int(img.width * img.height / 4000)):
        x, y, r = g.integers(0, img.width), g.integers(0, img.height), g.integers(1, max(2, dpi // 100 + 1))
        d.ellipse((x - r, y - r, x + r, y + r), fill=int(g.integers(0, 120)))
    return out, dpi, "PNG"


def jpeg30(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """A 200 dpi colour JPEG at quality 30 (a mailed scan, a messaging-app photo)."""
    return _resample(img, dpi, 200), 200, "JPEG30"


def rotate(angle: float) -> Degrade:
    def run(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
        if angle % 90 == 0:
            return img.rotate(angle, expand=True), dpi, "PNG"
        return img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255)), dpi, "PNG"

    return run


def light(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """A phone photo lit from one corner: paper from white to dark grey-yellow, with a soft shadow."""
    a = np.asarray(img, dtype=np.float32) / 255
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    corner = np.hypot(xx / w, yy / h) / math.sqrt(2)  # 0 at top-left, 1 at bottom-right
    gain = 1.0 - 0.6 * corner  # paper from 255 down to ~100
    shadow = 1.0 - 0.25 * np.exp(-(((xx - 0.8 * w) / (0.15 * w)) ** 2))  # a vertical shadow band
    tint = np.array([1.0, 0.95, 0.82], dtype=np.float32)
    out = a * (gain * shadow)[..., None] * tint
    return Image.fromarray((np.clip(out, 0, 1) * 255).astype(np.uint8)), dpi, "PNG"


def faint(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """Low toner / a pale copy: ink at ~grey 175 on paper at 235."""
    a = np.asarray(img.convert("L"), dtype=np.float32) / 255
    out = 175 + a * (235 - 175)
    return Image.fromarray(out.astype(np.uint8)), dpi, "PNG"


def fax(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """A fine-mode fax: 200 dpi, slightly blurred, thresholded to 1 bit, with specks; a G4 TIFF."""
    g = _resample(img.convert("L"), dpi, 200).filter(ImageFilter.GaussianBlur(0.7))
    a = np.asarray(g, dtype=np.float32)
    r = np.random.default_rng(rnd.randrange(1 << 30))
    a = a + r.normal(0, 18, a.shape)
    bw = a > 150
    specks = r.random(a.shape) < 0.002
    bw = bw & ~specks
    return Image.fromarray((bw * 255).astype(np.uint8)).convert("1"), 200, "TIFF_G4"


def seal(colour: tuple[int, int, int]) -> Degrade:
    """A round seal (ring, inner ring, star, text on the rim) pressed over printed text, 200 dpi JPEG q85."""

    def run(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
        base = _resample(img, dpi, 200)
        w, h = base.size
        ink = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(ink)
        r = int(0.8 * 200)  # a 4 cm seal
        # over the body text, left of centre, and one at the header (a received stamp's place)
        for cx, cy in ((int(w * rnd.uniform(0.3, 0.6)), int(h * rnd.uniform(0.35, 0.6))), (int(w * 0.3), int(h * 0.14))):
            d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=9)
            d.ellipse((cx - int(r * 0.68), cy - int(r * 0.68), cx + int(r * 0.68), cy + int(r * 0.68)), outline=255, width=4)
            star = [(cx + r * 0.3 * math.cos(math.pi / 2 + k * 4 * math.pi / 5), cy - r * 0.3 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
            d.polygon(star, fill=255)
            font = ImageFont.truetype(FONT, 24)
            for k, ch in enumerate("ỦY BAN NHÂN DÂN TỈNH * SỞ TÀI CHÍNH *"):
                t = math.pi + k * 2 * math.pi / 36
                d.text((cx + 0.84 * r * math.cos(t) - 8, cy + 0.84 * r * math.sin(t) - 12), ch, fill=255, font=font)
            d.text((cx - r * 0.55, cy + r * 0.25), "SỞ TÀI CHÍNH", fill=255, font=font)
        ink = ink.filter(ImageFilter.GaussianBlur(1.0))
        a = np.asarray(base, dtype=np.float32) / 255
        k = (np.asarray(ink, dtype=np.float32) / 255 * 0.9)[..., None]
        col = np.array(colour, dtype=np.float32) / 255
        out = a * (1 - k + k * col)  # ink multiplies the paper below it, as a stamp pad does
        return Image.fromarray((np.clip(out, 0, 1) * 255).astype(np.uint8)), 200, "JPEG85"

    return run


def _mark_place(img: Image.Image) -> tuple[int, int, int, int]:
    """(left, right, top, line height) for a mark under the number in the left header column.

    From the ink profile of the left column: the number is the first text row after the issuer
    block (the first gap of more than a line); the mark goes into the first gap below it that
    is tall enough (under the V/v lines of a dispatch), else right under the number."""
    g = np.asarray(img.convert("L"))
    h, w = g.shape
    x0, x1 = int(0.04 * w), int(0.34 * w)  # the issuer column, clear of a gazette's running head
    ink = g[: int(0.45 * h), x0:x1] < 128
    rows = ink.sum(axis=1) > 2
    runs: list[list[int]] = []
    for y, on in enumerate(rows):
        if on and runs and y - runs[-1][1] <= 2:
            runs[-1][1] = y
        elif on:
            runs.append([y, y])
    text = [r for r in runs if r[1] - r[0] >= 0.006 * h]  # rows of letters, not the rule under the issuer
    if len(text) < 2:
        return x0, x1, int(0.15 * h), 30
    line = int(np.median([r[1] - r[0] for r in text]))
    k = next((i for i in range(1, len(text)) if text[i][0] - text[i - 1][1] > 1.0 * line), 1)
    number = text[k]
    cols = np.nonzero(ink[number[0] : number[1] + 1].any(axis=0))[0]
    left, right = x0 + int(cols.min()), x0 + int(cols.max())
    need = int(2.1 * line)
    top = number[1] + line // 3
    for prev, nxt in zip(text[k:], text[k + 1 :], strict=False):
        if nxt[0] - prev[1] >= need:
            top = prev[1] + (nxt[0] - prev[1] - int(1.5 * line)) // 2
            break
    return left, right, top, line


def urgency_red(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """A red "HỎA TỐC" mark in a box stamped under the number (Decree 30's place for it), 200 dpi JPEG q85."""
    base = _resample(img, dpi, 200)
    left, right, y, line = _mark_place(base)
    line = max(12, line)
    ink = Image.new("L", base.size, 0)
    d = ImageDraw.Draw(ink)
    font = ImageFont.truetype(FONT, line)
    label = "HỎA TỐC"
    tw = d.textlength(label, font=font)
    cx = (left + right) / 2 + rnd.uniform(-0.05, 0.05) * (right - left)
    pad = 0.35 * line
    d.rectangle((cx - tw / 2 - pad, y, cx + tw / 2 + pad, y + 1.5 * line), outline=255, width=max(2, line // 8))
    d.text((cx - tw / 2, y + 0.2 * line), label, fill=255, font=font)
    ink = ink.filter(ImageFilter.GaussianBlur(0.6))
    a = np.asarray(base, dtype=np.float32) / 255
    k = (np.asarray(ink, dtype=np.float32) / 255 * 0.9)[..., None]
    col = np.array((215, 25, 35), dtype=np.float32) / 255
    out = a * (1 - k + k * col)
    return Image.fromarray((np.clip(out, 0, 1) * 255).astype(np.uint8)), 200, "JPEG85"


def phone(img: Image.Image, dpi: int, rnd: random.Random) -> tuple[Image.Image, int, str]:
    """Everything a hand-held photo does at once: 1.5° turn, uneven light, red seal, JPEG q50."""
    out, dpi2, _ = seal((200, 30, 40))(img, dpi, rnd)
    out, dpi2, _ = light(out, dpi2, rnd)
    out, dpi2, _ = rotate(1.5)(out, dpi2, rnd)
    return out, dpi2, "JPEG50"


DEGRADATIONS: dict[str, Degrade] = {
    "clean": clean,
    "dpi200": at_dpi(200),
    "dpi150": at_dpi(150),
    "blur": blur,
    "noise": noise,
    "jpeg30": jpeg30,
    "rot1": rotate(1.0),
    "rot3": rotate(3.0),
    "rot90": rotate(90.0),
    "light": light,
    "faint": faint,
    "fax": fax,
    "seal_red": seal((215, 25, 35)),
    "seal_blue": seal((40, 60, 200)),
    "urgency_red": urgency_red,
    "phone": phone,
}


# the urgency a degradation stamps onto the page (every other page must parse with the urgency of its text)
URGENCY_ADDED = {"urgency_red": "hỏa tốc"}  # as the contract gives it


def encode(img: Image.Image, dpi: int, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt.startswith("JPEG"):
        img.convert("RGB").save(buf, "JPEG", quality=int(fmt[4:] or 75), dpi=(dpi, dpi))
    elif fmt == "TIFF_G4":
        img.save(buf, "TIFF", compression="group4", dpi=(dpi, dpi))
    else:
        img.save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()


# --------------------------------------------------------------------------- measuring


def fields_of(text: str, name: str = "") -> dict[str, object]:
    try:
        c = to_contract(parse_text(text))
    except Exception as e:  # noqa: BLE001 - a parse failure counts as no fields
        print(f"{name}: parse failed: {e!r}", file=sys.stderr)
        return dict.fromkeys(FIELDS)
    return {"number": (c["number"] or {}).get("text"), "doc_type": c["doc_type"], "date": c["date"], "urgency": c["urgency"]}


def run_one(src: Source, deg: str, seed: int, save: Path | None, truth_fields: dict[str, object]) -> dict[str, object]:
    rnd = random.Random(f"{seed}|{src.name}|{deg}")
    img, dpi, fmt = DEGRADATIONS[deg](src.image, src.dpi, rnd)
    data = encode(img, dpi, fmt)
    if save:
        ext = "jpg" if fmt.startswith("JPEG") else "tif" if fmt.startswith("TIFF") else "png"
        (save / f"{src.name.replace('#', '_p')}.{deg}.{ext}").write_bytes(data)
    t0 = time.perf_counter()
    frames = load_images(data, name=f"{src.name}.{deg}")
    pages = ocr_images(frames, cache=PageCache(None), jobs=1)
    secs = time.perf_counter() - t0
    text = "\n".join(ln.text for ln in pages[0].lines)
    ratio = SequenceMatcher(None, squash(src.truth), squash(normalise_text(text)), autojunk=False).ratio()
    got = fields_of(text, f"{src.name} {deg}")
    truth_fields = {**truth_fields, "urgency": URGENCY_ADDED.get(deg, truth_fields["urgency"])}
    return {
        "doc": src.name, "degradation": deg, "similarity": round(ratio, 4), "seconds": round(secs, 2),
        "confidence": round(pages[0].confidence, 3),
        "fields": {k: {"ocr": got[k], "truth": truth_fields[k], "match": got[k] == truth_fields[k]}
                   for k in FIELDS if truth_fields[k] is not None or k == "urgency"},
    }


def table(rows: list[dict[str, object]], order: list[str]) -> str:
    out = [f"{'degradation':12} {'pages':>5} {'mean sim':>8} {'min sim':>8} {'fields':>8} {'s/page':>7}"]
    all_ok = all_n = 0
    for deg in order:
        rs = [r for r in rows if r["degradation"] == deg]
        if not rs:
            continue
        sims = [float(r["similarity"]) for r in rs]  # type: ignore[arg-type]
        f = [v for r in rs for v in r["fields"].values()]  # type: ignore[attr-defined]
        ok = sum(bool(v["match"]) for v in f)
        all_ok += ok
        all_n += len(f)
        secs = sum(float(r["seconds"]) for r in rs) / len(rs)  # type: ignore[arg-type]
        out.append(f"{deg:12} {len(rs):5d} {sum(sims) / len(sims):8.4f} {min(sims):8.4f} {ok:>3}/{len(f):<4} {secs:7.1f}")
    sims = [float(r["similarity"]) for r in rows]  # type: ignore[arg-type]
    if sims:
        out.append(f"{'ALL':12} {len(rows):5d} {sum(sims) / len(sims):8.4f} {min(sims):8.4f} {all_ok:>3}/{all_n:<4}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-d", "--degradations", default=",".join(DEGRADATIONS), help="comma list of: " + ", ".join(DEGRADATIONS))
    ap.add_argument("--docs", default="", help="comma list of substrings of document names (default: all)")
    ap.add_argument("--pages", type=int, default=1, help="pages per PDF (1 or 2)")
    ap.add_argument("--quick", action="store_true", help="three documents (two gazette pages and the fixture)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--json", type=Path, help="also write the per-page rows here")
    ap.add_argument("--save-images", type=Path, help="write each degraded file here")
    ap.add_argument("--no-prepare", action="store_true", help="read without docintel.ocr._prepare (to measure what it gains)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per page")
    a = ap.parse_args(argv)
    degs = [d for d in a.degradations.split(",") if d]
    unknown = [d for d in degs if d not in DEGRADATIONS]
    if unknown:
        ap.error(f"unknown degradation(s): {', '.join(unknown)}")
    if a.no_prepare:
        import docintel.ocr as ocr

        def plain(image: Image.Image) -> Image.Image:
            out = image if image.mode == "L" else image.convert("L")
            out.info.update(image.info)
            return out

        ocr.to_grey = ocr.prepare = plain  # type: ignore[attr-defined]
    folder = a.shared / "corpus" / "pdf"
    sources = pdf_sources(folder, a.pages) if folder.is_dir() else []
    fx = fixture_source()
    if fx:
        sources.append(fx)
    wanted = [w for w in a.docs.split(",") if w] or (["798", "hanoi", "seed"] if a.quick else [])
    if wanted:
        sources = [s for s in sources if any(w in s.name for w in wanted)]
    if not sources:
        print("no source pages", file=sys.stderr)
        return 2
    if a.save_images:
        a.save_images.mkdir(parents=True, exist_ok=True)
    truth_fields = {s.name: fields_of(s.truth, s.name) for s in sources}
    jobs = [(s, d) for s in sources for d in degs]
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        rows = list(pool.map(lambda sd: run_one(sd[0], sd[1], a.seed, a.save_images, truth_fields[sd[0].name]), jobs))
    if a.verbose:
        for r in rows:
            miss = [f"{k}:{v['ocr']!r}≠{v['truth']!r}" for k, v in r["fields"].items() if not v["match"]]  # type: ignore[attr-defined]
            print(f"{r['doc']:44} {r['degradation']:10} sim={r['similarity']:.4f} conf={r['confidence']:.2f} {r['seconds']:5.1f}s {' '.join(miss)}")
    print(table(rows, degs))
    print(f"{len(sources)} page(s) x {len(degs)} degradation(s) in {time.perf_counter() - t0:.0f}s")
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
