"""Ingestion (issue 2): encodings, DOCX tables, PDF columns, the clean step, clear errors."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docintel import Document, InputError, ScannedPDFError, Source, parse, parse_text
from docintel._clean import classify, clean
from docintel._normalise import fold
from docintel._steps import normalise_step
from docintel.ingest import read, read_data
from docintel.ingest._legacy import TCVN3, VNI, decode_cp1252, encode_tcvn3, encode_vni, is_syllable
from docintel.ingest._txt import read_text_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"

HEADER = (
    "UBND TỈNH BẮC KẠN\nSỞ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 125/SYT-NVY\nBắc Kạn, ngày 02 tháng 6 năm 2021\n"
    "V/v tăng cường truy vết các trường hợp đi từ vùng dịch về địa phương\n"
    "Kính gửi: Trung tâm Y tế các huyện, thành phố.\n"
    "Sở Y tế đề nghị các đơn vị khẩn trương thực hiện nghiêm việc cách ly; báo cáo kết quả trước ngày 15/6/2021.\n"
    "Nơi nhận: Như trên; Lưu: VT, NVY.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn Thường\n"
)


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Word wrote it: base letter (â, ơ, ư …) + a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


# ---------------------------------------------------------------------------
# encodings


@pytest.mark.parametrize(
    ("label", "data", "encoding", "warned"),
    [
        ("utf-8", HEADER.encode("utf-8"), "utf-8", False),
        ("utf-8 BOM", b"\xef\xbb\xbf" + HEADER.encode("utf-8"), "utf-8-sig", False),
        ("utf-16 LE BOM", HEADER.encode("utf-16"), "utf-16", False),
        ("utf-16 BE BOM", b"\xfe\xff" + HEADER.encode("utf-16-be"), "utf-16", False),
        ("utf-16 LE no BOM", HEADER.encode("utf-16-le"), "utf-16-le", False),
        ("cp1258", cp1258_bytes(HEADER), "cp1258", True),
        ("VNI", encode_vni(HEADER), "vni", True),
    ],
)
def test_issue2_encodings_round_trip(label: str, data: bytes, encoding: str, warned: bool) -> None:
    text, enc, warnings = read_text_bytes(data, name="x.txt")
    assert enc == encoding
    assert unicodedata.normalize("NFC", text) == HEADER
    assert bool(warnings) is warned


def test_issue2_tcvn3_round_trip_with_upper_case_font() -> None:
    # TCVN3 has no codes for upper-case toned letters: all-caps lines were typed in .VnTimeH
    text, enc, warnings = read_text_bytes(encode_tcvn3(HEADER), name="x.txt")
    assert enc == "tcvn3"
    assert warnings == ["legacy TCVN3 (ABC) encoding detected and converted to Unicode"]
    assert text.splitlines()[:4] == HEADER.splitlines()[:4]  # CỘNG HÒA … upper case restored
    assert fold(text) == fold(HEADER)


@pytest.mark.parametrize(
    ("garbled", "expected"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
    ],
)
def test_issue2_legacy_text_already_misdecoded_into_unicode(garbled: str, expected: str) -> None:
    data = ("Văn bản gốc\n" + garbled + "\nSố: 12/UBND-VP\n").encode("utf-8")
    text, enc, warnings = read_text_bytes(data, name="x.txt")
    assert text.splitlines()[1] == expected
    assert enc.startswith("utf-8+")
    assert warnings and "legacy" in warnings[0]


@pytest.mark.parametrize("genuine", ["Cà phê sữa đá", "Café au lait, naïve résumé", "Hà Nội, ngày 5 tháng 3 năm 2021"])
def test_issue2_genuine_unicode_is_left_alone(genuine: str) -> None:
    text, enc, warnings = read_text_bytes(genuine.encode("utf-8"), name="x.txt")
    assert (text, enc, warnings) == (genuine, "utf-8", [])


def test_legacy_tables_cover_every_vietnamese_letter() -> None:
    letters = set()
    for base in "aăâeêioôơuưy":
        for tone in ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]:
            letters.add(unicodedata.normalize("NFC", base + tone))
    letters |= {"đ"}
    letters -= set("aeiouy")
    assert letters <= set(TCVN3.values())
    assert {c.upper() for c in letters} | letters <= set(VNI)
    assert len(set(VNI.values())) == len(VNI)  # the VNI table is unambiguous
    for ch in letters:
        assert decode_cp1252(encode_vni(ch)) == VNI[ch]


@pytest.mark.parametrize(("word", "ok"), [("nghiêng", True), ("Quyết", True), ("khuya", True), ("hoà", True),
                                          ("héi", False), ("hoµ", False), ("lập", True), ("lâp", False)])
def test_syllable_validator(word: str, ok: bool) -> None:
    assert is_syllable(word) is ok


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, "looks like a PDF file"),
        (b"PK\x03\x04" + b"\x00" * 100, "looks like a ZIP/DOCX file"),
        (bytes(range(32)) * 50, "binary data"),
    ],
)
def test_issue2_binary_junk_is_a_clear_error(tmp_path: Path, data: bytes, reason: str) -> None:
    f = tmp_path / "junk.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as e:
        parse(f)
    assert reason in str(e.value) and str(f) in str(e.value)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("missing.txt", None, "file not found"), ("empty.txt", b"", "empty file"), ("x.xlsx", b"abc", "unsupported file type")],
)
def test_issue2_unreadable_files(tmp_path: Path, name: str, content: bytes | None, message: str) -> None:
    f = tmp_path / name
    if content is not None:
        f.write_bytes(content)
    with pytest.raises(InputError, match=message) as e:
        parse(f)
    assert e.value.path == str(f)


# ---------------------------------------------------------------------------
# DOCX


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].text = "UBND TỈNH LẠNG SƠN"
    t.cell(0, 0).add_paragraph("SỞ CÔNG THƯƠNG")
    t.cell(0, 0).add_paragraph("Số: 881/SCT-VP")
    t.cell(0, 0).add_paragraph("V/v phòng, chống dịch")
    t.cell(0, 1).paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    t.cell(0, 1).add_paragraph("Lạng Sơn, ngày 29 tháng 7 năm 2020")
    d.add_paragraph("Kính gửi: Các phòng, đơn vị thuộc Sở.")
    d.add_paragraph("Rà soát các cơ sở sau:", style="Normal")
    d.add_paragraph("Kiểm tra chợ đầu mối", style="List Number")
    d.add_paragraph("Kiểm tra siêu thị", style="List Number")
    data = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("STT", "Đơn vị", "Hạn"), ("1", "Phòng Quản lý thương mại", "05/8/2020"), ("2", "Văn phòng Sở", "07/8/2020")]):
        for c, v in enumerate(row):
            data.cell(r, c).text = v
    sig = d.add_table(rows=1, cols=2)
    sig.cell(0, 0).paragraphs[0].text = "Nơi nhận:"
    sig.cell(0, 0).add_paragraph("- Như trên;")
    sig.cell(0, 1).paragraphs[0].text = "KT. GIÁM ĐỐC"
    sig.cell(0, 1).add_paragraph("PHÓ GIÁM ĐỐC")
    d.sections[0].header.paragraphs[0].text = "RUNNING HEADER MUST NOT APPEAR"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_issue2_docx_layout_tables_data_tables_and_numbering() -> None:
    doc = read_data(_docx_bytes(), name="x.docx", suffix=".docx")
    lines = [ln for ln in doc.text.splitlines() if ln]
    assert lines[:7] == [
        "UBND TỈNH LẠNG SƠN", "SỞ CÔNG THƯƠNG", "Số: 881/SCT-VP", "V/v phòng, chống dịch",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lạng Sơn, ngày 29 tháng 7 năm 2020",
    ]
    assert "1 | Phòng Quản lý thương mại | 05/8/2020" in lines
    assert lines[-4:] == ["Nơi nhận:", "- Như trên;", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert "RUNNING HEADER" not in doc.text
    assert doc.source.format == "docx"
    numbered = [ln for ln in lines if ln.endswith(("chợ đầu mối", "siêu thị"))]
    assert numbered == ["1. Kiểm tra chợ đầu mối", "2. Kiểm tra siêu thị"]


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"plain text, not a docx", b"PK\x05\x06" + b"\x00" * 18])
def test_issue2_broken_docx(data: bytes) -> None:
    with pytest.raises(InputError, match="broken DOCX"):
        read_data(data, name="broken.docx", suffix=".docx")


# ---------------------------------------------------------------------------
# PDF


def test_issue2_pdf_header_columns_are_split() -> None:
    doc = read(CORPORA / "000_79018a6f6f59b1e5.pdf")
    lines = doc.text.splitlines()
    motto = lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    left = lines[:motto]
    assert left[:4] == ["UBND TỈNH BẮC KẠN", "BAN CHỈ ĐẠO PHÒNG CHỐNG", "DỊCH COVID-19", "Số: /BCĐ-SYT"]
    assert lines[motto + 1 : motto + 3] == ["Độc lập - Tự do - Hạnh phúc", "Bắc Kạn, ngày tháng năm 2021"]
    assert not any("CỘNG HÒA" in ln and "UBND" in ln for ln in lines)
    assert doc.source.format == "pdf" and doc.source.pages == len(doc.pages) >= 1


def test_issue2_pdf_footer_columns_and_page_numbers() -> None:
    doc = read(CORPORA / "001_28966825ca30707b.pdf")
    lines = doc.text.splitlines()
    k = lines.index("Nơi nhận:")
    after = [ln for ln in lines[k:] if ln]
    assert after[-3:] == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Văn Hà"]
    assert not any("CHÁNH VĂN PHÒNG" in ln and "-" in ln for ln in after)
    assert not any(ln.strip() in {"- 1 -", "- 2 -"} for ln in lines)  # page numbers dropped


def test_issue2_pdf_page_spans_survive_the_pipeline() -> None:
    doc = read(CORPORA / "003_1eda95da78362079.pdf")
    normalise_step(doc)
    clean(doc)
    assert len(doc.pages) == doc.source.pages and len(doc.pages) > 1
    assert doc.pages[0][0] == 0 and doc.pages[-1][1] == len(doc.text)
    assert all(a[1] <= b[0] for a, b in zip(doc.pages, doc.pages[1:], strict=False))


def _pdf(**kw: object) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if kw.get("image"):
        from PIL import Image

        img = Image.new("L", (200, 100), 255)
        pdf.image(img, x=10, y=10, w=100)
    else:
        pdf.set_font("helvetica", size=12)
        pdf.cell(0, 10, "So: 12/UBND-VP")
    if kw.get("password"):
        pdf.set_encryption(owner_password="owner", user_password=str(kw["password"]))
    return bytes(pdf.output())


def test_issue2_scanned_pdf_without_ocr() -> None:
    with pytest.raises(ScannedPDFError, match="no text layer: scanned PDF, OCR needed") as e:
        read_data(_pdf(image=True), name="scan.pdf", suffix=".pdf", ocr=False)
    assert e.value.path == "scan.pdf"


def test_issue2_encrypted_pdf() -> None:
    with pytest.raises(InputError, match="encrypted PDF"):
        read_data(_pdf(password="secret"), name="locked.pdf", suffix=".pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.4\n garbage garbage", b"not a pdf at all", _pdf()[:200]])
def test_issue2_broken_pdf(data: bytes) -> None:
    with pytest.raises(InputError, match="broken PDF"):
        read_data(data, name="broken.pdf", suffix=".pdf")


# ---------------------------------------------------------------------------
# PDF tables (issue 2 follow-up): ruled tables come out row by row


TASKS = [("STT", "Task", "Owner\n(unit)"),
         ("1", "Inspect the markets and report the results to the department before Friday", "Health office"),
         ("2", "Check shops", "Trade office")]
TASK_ROWS = [" | ".join(c.replace("\n", " ") for c in r) for r in TASKS]


def _table_pdf(draw: str = "table", *, rotate: bool = False, shade: bool = False) -> bytes:
    """Text, a ruled 3-column table, text. ``draw``: fpdf2's ``table()`` (stroked cell
    borders) or ``rects`` (rules as thin filled rectangles, as Word's PDF export draws them);
    ``shade`` adds grey header shading split in two bands; ``rotate`` prints the page
    landscape on portrait paper (content turned 90 degrees, ``/Rotate 90``)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    with pdf.rotation(90 if rotate else 0, x=105, y=148):
        x0, y0 = (-35.0, 53.0) if rotate else (10.0, 10.0)
        pdf.set_xy(x0, y0)
        pdf.cell(0, 6, "Text above the table.")
        top = y0 + 10
        widths = (20.0, 100.0, 60.0)
        if draw == "table":
            pdf.set_xy(x0, top)
            with pdf.table(col_widths=widths, width=sum(widths), align="LEFT") as t:
                for row in TASKS:
                    cells = t.row()
                    for value in row:
                        cells.cell(value)
            bottom = pdf.get_y()
        else:
            if shade:
                pdf.set_fill_color(224, 224, 224)
                for band in (0, 1):  # one band per header line, as some generators shade
                    pdf.rect(x0, top + band * 7, sum(widths), 7, style="F")
            bottom = _ruled(pdf, x0, top, widths, TASKS, (14.0, 14.0, 8.0))
        pdf.set_xy(x0, bottom + 6)
        pdf.cell(0, 6, "Text below the table.")
    data = bytes(pdf.output())
    if rotate:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        doc[0].set_rotation(90)
        buf = io.BytesIO()
        doc.save(buf)
        data = buf.getvalue()
    return data


def _ruled(pdf: Any, x0: float, top: float, widths: tuple[float, ...], rows: Sequence[Sequence[str]],
           heights: tuple[float, ...]) -> float:
    """A table ruled with 0.2 mm filled rectangles (Word's PDF export draws rules so); its bottom."""
    xs = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    ys = [top + sum(heights[:k]) for k in range(len(heights) + 1)]
    pdf.set_fill_color(0, 0, 0)
    for y in ys:
        pdf.rect(xs[0], y, xs[-1] - xs[0], 0.2, style="F")
    for x in xs:
        pdf.rect(x, ys[0], 0.2, ys[-1] - ys[0], style="F")
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            pdf.set_xy(xs[c] + 1, ys[r] + 1)
            pdf.multi_cell(widths[c] - 2, 6, text)
    return ys[-1]


@pytest.mark.parametrize(("draw", "rotate", "shade"), [("table", False, False), ("rects", False, False),
                                                       ("rects", False, True), ("table", True, False)])
def test_issue2_pdf_ruled_table_rows_in_reading_order(draw: str, rotate: bool, shade: bool) -> None:
    doc = read_data(_table_pdf(draw, rotate=rotate, shade=shade), name="t.pdf", suffix=".pdf")
    assert doc.text.splitlines() == ["Text above the table.", "", *TASK_ROWS, "", "Text below the table."]


def test_issue2_pdf_vertical_margin_text_is_read_whole_after_the_page() -> None:
    """Text set vertically in a margin is one line, not a letter per line: a running header
    there is dropped like any running header, anything else follows the page's text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    body = ["Dieu 1. Phe duyet ke hoach.", "Dieu 2. Quyet dinh co hieu luc tu ngay ky.", "Dieu 3. Cac so, nganh thi hanh."]
    for i, text in enumerate(body):
        pdf.text(30, 40 + 8 * i, text)
    for x, text in [(12, "CONG BAO/So 361 + 362/Ngay 28-02-2025"), (200, "Ban sao: luu tai van thu")]:
        with pdf.rotation(90, x=x, y=200):
            pdf.text(x, 200, text)
    doc = read_data(bytes(pdf.output()), name="v.pdf", suffix=".pdf")
    assert doc.text.splitlines() == [*body, "", "Ban sao: luu tai van thu"]


def test_issue2_pdf_table_running_over_a_page_reads_as_one() -> None:
    """The header row the next page repeats goes; the row cut by the page break is joined."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    widths = (20.0, 100.0, 60.0)
    head = ("STT", "Task", "Owner")
    pdf.add_page()
    _ruled(pdf, 10, 20, widths, [head, ("1", "Inspect the markets", "Health")], (8.0, 8.0))
    pdf.add_page()
    _ruled(pdf, 10, 20, widths, [head, ("", "and report to the department", "office"), ("2", "Check shops", "Trade office")],
           (8.0, 8.0, 8.0))
    pdf.set_xy(10, 50)
    pdf.cell(0, 6, "Text below the table.")
    doc = read_data(bytes(pdf.output()), name="t.pdf", suffix=".pdf")
    assert [ln for ln in doc.text.splitlines() if ln] == [
        "STT | Task | Owner", "1 | Inspect the markets and report to the department | Health office",
        "2 | Check shops | Trade office", "Text below the table."]
    assert len(doc.pages) == 2


def test_issue2_pdf_table_cells_match_pdfplumber_find_tables() -> None:
    """The rules come from pypdfium2, the cells from pdfplumber's TableFinder: the same cells
    as ``pdfplumber``'s own ``page.find_tables()`` on the same page."""
    import pdfplumber
    import pypdfium2 as pdfium
    from pdfplumber.table import TableFinder

    from docintel.ingest._pdf import display
    from docintel.ingest._pdf_tables import _Rules, page_rules

    data = _table_pdf("table")
    page = pdfium.PdfDocument(data)[0]
    width, height = page.get_size()
    ours = TableFinder(_Rules(page_rules(page, display(0, width, height)), width, height)).tables  # type: ignore[arg-type]
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        theirs = plumber.pages[0].find_tables()

    def cells(tables: list[Any]) -> list[list[tuple[float, ...] | None]]:
        return [[c if c is None else tuple(round(v, 1) for v in c) for c in row.cells] for t in tables for row in t.rows]

    assert cells(ours) == cells(theirs) and len(cells(ours)) == 3


_SHAPE = st.tuples(st.sampled_from(["F", "D", "line"]), st.floats(0, 200), st.floats(0, 280), st.floats(0, 120), st.floats(0, 60))
_TEXT = st.tuples(st.floats(0, 190), st.floats(0, 280), st.text(alphabet="abc xyz 0123|:.", min_size=1, max_size=20))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shapes=st.lists(_SHAPE, max_size=40), texts=st.lists(_TEXT, min_size=1, max_size=30), rotate=st.booleans())
def test_issue2_pdf_rules_and_text_anywhere_never_crash(shapes: list[tuple[str, float, float, float, float]],
                                                       texts: list[tuple[float, float, str]], rotate: bool) -> None:
    """Any drawing (rules, boxes, lines crossing text) reads into a Document: tables or not."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for style, x, y, w, h in shapes:
        if style == "line":
            pdf.line(x, y, x + w, y + h)
        else:
            pdf.rect(x, y, w, h, style=style)
    for x, y, text in texts:
        pdf.text(x, y, text)
    data = bytes(pdf.output())
    if rotate:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        doc[0].set_rotation(90)
        buf = io.BytesIO()
        doc.save(buf)
        data = buf.getvalue()
    try:
        doc = read_data(data, name="fuzz.pdf", suffix=".pdf", ocr=False)
    except ScannedPDFError:
        return  # too little text for a text layer
    assert not any(w.startswith("PDF page 1: ruled table") for w in doc.warnings), doc.warnings
    assert len(doc.pages) == 1


def _rules_pdf(*, rules: bool) -> bytes:
    """A one-page dispatch-like text; with ``rules`` also the short rule under the motto,
    a framed note (one box) and a bordered two-cell header (a layout table)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    if rules:
        pdf.rect(10, 8, 190, 24)
        pdf.line(105, 8, 105, 32)
        pdf.line(130, 21, 180, 21)
        pdf.rect(10, 60, 190, 14)
    for x, y, text in [(12, 10, "UBND TINH BAC KAN"), (12, 16, "So: 12/UBND-VP"), (110, 10, "CONG HOA XA HOI CHU NGHIA VIET NAM"),
                       (110, 16, "Doc lap - Tu do - Hanh phuc"), (110, 24, "Bac Kan, ngay 2 thang 3 nam 2021"),
                       (12, 40, "Kinh gui: So Y te."), (12, 50, "So Y te de nghi cac don vi thuc hien."),
                       (12, 62, "Ghi chu: van ban nay thay the van ban so 10/UBND-VP.")]:
        pdf.set_xy(x, y)
        pdf.cell(0, 6, text)
    return bytes(pdf.output())


def test_issue2_pdf_without_a_data_table_reads_as_before() -> None:
    plain = read_data(_rules_pdf(rules=False), name="a.pdf", suffix=".pdf").text
    ruled = read_data(_rules_pdf(rules=True), name="b.pdf", suffix=".pdf").text
    assert ruled == plain
    assert " | " not in ruled and plain.splitlines()[:2] == ["UBND TINH BAC KAN", "So: 12/UBND-VP"]


# ---------------------------------------------------------------------------
# the clean step


def _cleaned(raw: str) -> Document:
    doc = Document(text=raw, source=Source("<t>", "", "txt"))
    normalise_step(doc)
    clean(doc)
    return doc


CLEAN_CASES = [
    ("đây là trang một\n\n--- PAGE BREAK ---\n\n--- PAGE 2 ---\nvà trang hai.", "đây là trang một\nvà trang hai.", 2),
    ("Số: 13/BCĐ-\n--- PAGE 2 ---\nKGVX ngày 4/8/2020", "Số: 13/BCĐ-\nKGVX ngày 4/8/2020", 2),
    ("hết câu.\n\n- 2 -\n--- PAGE BREAK ---\nCâu mới", "hết câu.\n\nCâu mới", 2),
    ("CÔNG BÁO/Số 281/Ngày 21-05-2026\n99\n\nQUYẾT ĐỊNH\nĐiều 1.\n\nCÔNG BÁO/Số 281/Ngày 21-05-2026\n100\n\nĐiều 2. Thi hành.",
     "QUYẾT ĐỊNH\nĐiều 1.\n\nĐiều 2. Thi hành.", 2),
    ("Đầu trang\nnội dung\nTrang 1/2\n--- PAGE BREAK ---\nTrang 2/2\nnội dung hai", "Đầu trang\nnội dung\nnội dung hai", 2),
    ("1. Sở Y tế\n2. Sở Tài chính\n2021", "1. Sở Y tế\n2. Sở Tài chính\n2021", 0),
]


@pytest.mark.parametrize(("raw", "expected", "pages"), CLEAN_CASES)
def test_issue2_clean_removes_page_furniture(raw: str, expected: str, pages: int) -> None:
    doc = _cleaned(raw)
    assert doc.text == expected
    assert len(doc.pages) == pages
    assert doc.folded == fold(doc.text)
    assert len(doc.raw_offsets) == len(doc.text)
    for i, ch in enumerate(doc.text):  # every stored letter maps to the same raw letter
        if ch.isalpha():
            assert fold(unicodedata.normalize("NFC", raw[doc.raw_offsets[i]])) == fold(ch)


def test_issue2_clean_keeps_pdf_page_spans() -> None:
    pages = ["trang một\n- 1 -", "trang hai\n- 2 -", "trang ba"]
    text = "\n\n".join(pages)
    doc = Document(text=text, source=Source("<t>", "", "pdf"))
    starts = [text.index(p) for p in pages]
    doc.pages = [(s, s + len(p)) for s, p in zip(starts, pages, strict=True)]
    normalise_step(doc)
    clean(doc)
    assert [doc.text[s:e].strip() for s, e in doc.pages] == ["trang một", "trang hai", "trang ba"]


@pytest.mark.parametrize(("line", "kind"), [("--- PAGE 12 ---", "marker"), ("- 3 -", "page_number"), ("Trang 2/5", "page_number"),
                                            ("CÔNG BÁO/Số 151/Ngày 17-03-2026", "running_header"), ("1. Giao Sở Y tế", None)])
def test_clean_classify(line: str, kind: str | None) -> None:
    assert classify(line) == kind


def test_issue2_parse_text_with_markers_end_to_end() -> None:
    doc = parse_text("Số: 12/UBND-VP\n--- PAGE 1 ---\nHà Nội, ngày 2 tháng 3 năm 2021\n--- PAGE BREAK ---\n--- PAGE 2 ---\nNội dung.")
    assert "PAGE" not in doc.text
