#!/usr/bin/env python3
"""Make the scanned-PDF test fixture: seed 002 laid out as a real dispatch, printed, "scanned".

The page is drawn at 200 dpi with DejaVu Serif (two-column header, number filled in,
body wrapped), rotated by half a degree and speckled like a photocopy, and saved
as an image-only PDF: tests/fixtures/scan_seed002.pdf. Regenerate with

    python scripts/make_scan_fixture.py
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
DPI = 200
W, H = int(8.27 * DPI), int(11.69 * DPI)

HEADER_LEFT = ["UBND TỈNH LẠNG SƠN", "SỞ CÔNG THƯƠNG", "", "Số: 912/SCT-VP", "V/v tiếp tục triển khai các biện",
               "pháp phòng, chống dịch bệnh", "Covid-19"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
                "Lạng Sơn, ngày 06 tháng 8 năm 2020"]


def body_paragraphs() -> list[str]:
    text = (ROOT / "corpora" / "002_d5b89adf6b17fad0.txt").read_text(encoding="utf-8")
    start = text.index("Kính gửi")
    paras = [p.strip() for p in text[start:].split("\n\n") if p.strip()]
    return paras[:5]


def main() -> None:
    img = Image.new("L", (W, H), 255)
    d = ImageDraw.Draw(img)
    size = int(12.5 * DPI / 72)
    font, bold = ImageFont.truetype(FONT, size), ImageFont.truetype(BOLD, size)
    y0, lh = int(0.8 * DPI), int(size * 1.45)
    for i, line in enumerate(HEADER_LEFT):
        f = bold if i == 1 else font
        w = d.textlength(line, font=f)
        d.text((int(W * 0.25 - w / 2), y0 + i * lh), line, font=f, fill=0)
    for i, line in enumerate(HEADER_RIGHT):
        f = bold if i < 2 else font
        w = d.textlength(line, font=f)
        d.text((int(W * 0.66 - w / 2), y0 + i * lh), line, font=f, fill=0)
    y = y0 + (len(HEADER_LEFT) + 1) * lh
    left, width_chars = int(1.0 * DPI), 78
    for para in body_paragraphs():
        for line in textwrap.wrap(para.replace("\n", " "), width=width_chars):
            d.text((left, y), line, font=font, fill=0)
            y += lh
        y += lh // 3
        if y > H - 2 * DPI:
            break
    rnd = random.Random(2)
    px = img.load()
    assert px is not None
    for _ in range(4000):  # photocopy speckle
        px[rnd.randrange(W), rnd.randrange(H)] = rnd.choice((0, 90, 160))
    img = img.rotate(0.5, resample=Image.Resampling.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.6))
    out = ROOT / "tests" / "fixtures" / "scan_seed002.pdf"
    img.save(out, "PDF", resolution=DPI, quality=70)
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
