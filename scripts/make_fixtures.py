"""Render each seed dispatch ``corpora/NAME.txt`` as ``corpora/NAME.docx`` and ``corpora/NAME.pdf``.

The renderings lay a dispatch out the way real ones are: the header as two
columns side by side (a borderless two-cell table in Word; two text columns in
the PDF), the body, then ``Nơi nhận`` beside the signature block. The PDF puts a
page number at the foot of every page. ``tests/test_formats.py`` checks that the
three formats parse to the same header fields.

Usage: .venv/bin/python scripts/make_fixtures.py [corpora/*.txt]
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docintel._normalise import fold  # noqa: E402

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]

_RIGHT = re.compile(r"cong hoa xa hoi|doc lap\s*-\s*tu do|^[^\d,]{2,40},\s*ngay\b")
_HEADER_END = re.compile(r"^(?:kinh gui|hoa toc|thuong khan|khan\b|#)|^\W*(?:bao cao|quyet dinh|ke hoach|thong bao)\W*$")
_SIGN_START = re.compile(r"^(?:kt|tm|t/m|tl|tuq|q)(?:\s*[./]|\s)|^(?:giam doc|chu tich|truong ban|bi thu)\b")


@dataclass
class Layout:
    left: list[str] = field(default_factory=list)  # issuer, Số, V/v
    right: list[str] = field(default_factory=list)  # motto, place-date
    body: list[str] = field(default_factory=list)  # paragraphs (blank line = new paragraph)
    noi_nhan: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)


def demarkdown(line: str) -> str:
    line = re.sub(r"<(/?)(?:sup|sub|b|i|u)>", "", line)
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"\*+", "", line)
    return line.strip()


def layout(text: str) -> Layout:
    lines = [demarkdown(ln) for ln in unicodedata.normalize("NFC", text).splitlines()]
    out = Layout()
    i = 0
    # header: up to the urgency mark, Kính gửi, a type title or the first long line
    while i < len(lines):
        ln = lines[i]
        f = fold(ln)
        if ln and (_HEADER_END.search(f) or len(ln) > 120):
            break
        if ln:
            (out.right if _RIGHT.search(f) else out.left).append(ln)
        i += 1
    if not out.right and not any(fold(x).startswith("so") for x in out.left):
        i, out.left, out.right = 0, [], []  # no header at all (the text starts with the body)
    rest = lines[i:]
    k = next((j for j, ln in enumerate(rest) if re.match(r"^\W*noi nhan", fold(ln))), len(rest))
    out.body = rest[:k]
    tail = rest[k:]
    s = next((j for j, ln in enumerate(tail) if j > 0 and _SIGN_START.search(fold(ln))), len(tail))
    out.noi_nhan = [ln for ln in tail[:s] if ln]
    out.signature = [ln for ln in tail[s:] if ln]
    return out


# ---------------------------------------------------------------------------
# DOCX


def write_docx(lay: Layout, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    if lay.left or lay.right:
        table = d.add_table(rows=1, cols=2)
        _fill(table.cell(0, 0), lay.left)
        _fill(table.cell(0, 1), lay.right)
    para: list[str] = []
    for ln in [*lay.body, ""]:
        if ln:
            para.append(ln)
        elif para:
            d.add_paragraph(" ".join(para) if not para[0].startswith("-") else "\n".join(para))
            para = []
    if lay.noi_nhan or lay.signature:
        table = d.add_table(rows=1, cols=2)
        _fill(table.cell(0, 0), lay.noi_nhan)
        _fill(table.cell(0, 1), lay.signature)
    d.sections[0].header.paragraphs[0].text = "Trang đầu – tiêu đề trang (không thuộc văn bản)"
    d.core_properties.author = "docintel fixtures"
    d.save(str(path))


def _fill(cell: object, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""  # type: ignore[attr-defined]
    for ln in lines[1:]:
        cell.add_paragraph(ln)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# PDF


def find_font() -> tuple[Path, Path]:
    for d in FONT_DIRS:
        regular, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if regular.exists():
            return regular, bold if bold.exists() else regular
    out = subprocess.run(["fc-list", ":lang=vi", "file"], capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        p = Path(line.split(":")[0].strip())
        if p.suffix.lower() == ".ttf":
            return p, p
    raise SystemExit("no Unicode TTF font found: apt-get install fonts-dejavu-core")


def write_pdf(lay: Layout, path: Path) -> None:
    from fpdf import FPDF

    regular, bold = find_font()

    class Doc(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Body", size=9)
            self.cell(0, 5, f"- {self.page_no()} -", align="C")

    pdf = Doc(format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_margins(20, 15, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Body", size=11)
    if lay.left or lay.right:
        y0 = pdf.get_y()
        pdf.set_xy(15, y0)
        pdf.multi_cell(80, 6, "\n".join(lay.left), align="C")
        y_left = pdf.get_y()
        pdf.set_xy(100, y0)
        pdf.multi_cell(100, 6, "\n".join(lay.right), align="C")
        pdf.set_y(max(y_left, pdf.get_y()) + 6)
    pdf.set_font("Body", size=11)
    para: list[str] = []
    after_title = False
    for ln in [*lay.body, ""]:
        if ln:
            para.append(ln)
        elif para:
            text = " ".join(para) if not para[0].startswith("-") else "\n".join(para)
            title = text.isupper() and len(text) < 40 and not re.match(r"^[\dIVX]+\.", text)
            pdf.set_x(20)
            pdf.set_font("Body", "B" if title or after_title else "", size=11)
            pdf.multi_cell(0, 6, text, align="C" if title or after_title else "J")
            pdf.ln(2)
            after_title = title
            para = []
    if lay.noi_nhan or lay.signature:
        height = 5 * max(len(lay.noi_nhan), len(lay.signature)) + 10
        if pdf.get_y() + height > pdf.h - 25:
            pdf.add_page()
        y0 = pdf.get_y() + 4
        pdf.set_font("Body", size=9)
        pdf.set_xy(20, y0)
        pdf.multi_cell(80, 5, "\n".join(lay.noi_nhan), align="L")
        pdf.set_font("Body", "B", size=11)
        pdf.set_xy(112, y0)
        pdf.multi_cell(85, 6, "\n".join(lay.signature), align="C")
    pdf.output(str(path))


def main(argv: list[str]) -> None:
    files = [Path(a) for a in argv] or sorted((ROOT / "corpora").glob("*.txt"))
    for f in files:
        lay = layout(f.read_text(encoding="utf-8"))
        write_docx(lay, f.with_suffix(".docx"))
        write_pdf(lay, f.with_suffix(".pdf"))
        print(f"{f.stem}: header {len(lay.left)}+{len(lay.right)} lines, body {len(lay.body)}, "
              f"Nơi nhận {len(lay.noi_nhan)}, signature {len(lay.signature)} → .docx, .pdf")


if __name__ == "__main__":
    main(sys.argv[1:])
