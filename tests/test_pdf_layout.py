"""Word-exported Decree 30 layouts read from the PDF text layer (issue 2): a two-column header and
footer whose columns do not share rows, wrapped header lines, hyphens at line ends, titles over
justified bodies, paragraphs running over a page break under a running page number, and
ruled task tables. Each test draws a small PDF with fpdf2 (scripts/eval_pdf_layout.py measures
the same layouts on the gold texts)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from docintel import parse_bytes
from docintel.ingest import read_data

SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SERIF_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")

pytestmark = pytest.mark.skipif(not (SERIF.exists() and SERIF_BOLD.exists()), reason="DejaVu Serif not installed")

LEFT = ["UBND TỈNH BẮC KẠN", "SỞ Y TẾ", "Số: 125/SYT-NVY", "V/v tăng cường phòng chống", "dịch bệnh mùa mưa"]
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Bắc Kạn, ngày 12 tháng 3 năm 2026"]
NOI_NHAN = ["Nơi nhận:", "- Như trên;", "- UBND tỉnh (b/c);", "- Trung tâm Kiểm soát bệnh tật;", "- Lưu: VT, NVY."]
SIGNATURE = ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
BODY = (
    "Thực hiện Công văn số 13/BCĐ-KGVX ngày 04/3/2026 của Ban Chỉ đạo tỉnh, Sở Y tế đề nghị "
    "Trung tâm Y tế các huyện, thành phố tổ chức rà soát các điểm có nguy cơ, báo cáo kết quả "
    "về Sở Y tế trước ngày 30/3/2026 để tổng hợp."
)


def _pdf() -> Any:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("serif", "", str(SERIF))
    pdf.add_font("serif", "B", str(SERIF_BOLD))
    pdf.set_margins(30, 20, 15)
    pdf.add_page()
    return pdf


def _column(pdf: Any, x: float, y: float, w: float, lines: Sequence[str], pitch: float, size: float = 12) -> float:
    for k, text in enumerate(lines):
        pdf.set_font("serif", "B" if k else "", size)
        pdf.set_xy(x, y)
        pdf.multi_cell(w, pitch, text, align="C", new_x="LEFT", new_y="NEXT")
        y = pdf.get_y()
    return float(y)


def _header(pdf: Any, *, left: Sequence[str] = LEFT, right_dy: float = 1.8, left_w: float = 80.0) -> float:
    """Left column at a 5.5 mm pitch, right at 6.7 mm and ``right_dy`` lower: no row is shared."""
    bottom_l = _column(pdf, 20, 20, left_w, left, 5.5)
    bottom_r = _column(pdf, 100, 20 + right_dy, 100, RIGHT, 6.7)
    return max(bottom_l, bottom_r) + 6


def _footer(pdf: Any, y: float) -> None:
    pdf.set_font("serif", "", 10.5)
    for k, text in enumerate(NOI_NHAN):
        pdf.set_font("serif", "B" if k == 0 else "", 12 if k == 0 else 10.5)
        pdf.set_xy(20, y + 4.6 * k)
        pdf.cell(80, 4.6, text)
    for k, text in enumerate(SIGNATURE):
        pdf.set_font("serif", "B", 13)
        pdf.set_xy(105, y - 1 + 6.4 * k + (22 if k == len(SIGNATURE) - 1 else 0))
        pdf.cell(90, 6.4, text, align="C")


def _body(pdf: Any, text: str, *, size: float = 13) -> None:
    pdf.set_font("serif", "", size)
    pdf.set_x(pdf.l_margin)
    pdf.multi_cell(0, 6.2, text, align="J", new_x="LMARGIN", new_y="NEXT")


def _dispatch(*, left: Sequence[str] = LEFT, right_dy: float = 1.8, left_w: float = 80.0, body: str = BODY) -> bytes:
    pdf = _pdf()
    pdf.set_y(_header(pdf, left=left, right_dy=right_dy, left_w=left_w))
    pdf.set_font("serif", "", 14)
    pdf.set_x(50)
    pdf.cell(0, 7, "Kính gửi: Trung tâm Y tế các huyện, thành phố.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _body(pdf, body)
    _footer(pdf, pdf.get_y() + 6)
    return bytes(pdf.output())


def _block(lines: list[str], first: str) -> list[str]:
    """The run of non-blank lines that holds ``first``."""
    i = lines.index(first)
    j = i
    while i > 0 and lines[i - 1]:
        i -= 1
    while j < len(lines) and lines[j]:
        j += 1
    return lines[i:j]


@pytest.mark.parametrize("right_dy", [1.8, -2.5, 4.0])
def test_issue2_header_columns_that_share_no_row_read_apart(right_dy: float) -> None:
    doc = read_data(_dispatch(right_dy=right_dy), name="h.pdf", suffix=".pdf")
    lines = doc.text.splitlines()
    assert _block(lines, "UBND TỈNH BẮC KẠN") == LEFT
    assert _block(lines, RIGHT[0]) == RIGHT
    c = parse_bytes(_dispatch(right_dy=right_dy), name="h.pdf")
    assert c.number is not None and c.number.text == "125/SYT-NVY"
    assert c.date is not None and c.date.iso == "2026-03-12"
    assert (c.issuer.name or "").lower() == "sở y tế" and (c.issuer.parent or "").lower() == "ubnd tỉnh bắc kạn"
    assert c.subject is not None and c.subject.value == "tăng cường phòng chống dịch bệnh mùa mưa"


def test_issue2_footer_columns_at_their_own_pitch() -> None:
    doc = parse_bytes(_dispatch(), name="f.pdf")
    assert [r.name for r in doc.recipients if r.role == "cc"] == ["UBND tỉnh", "Trung tâm Kiểm soát bệnh tật"]
    assert (doc.signer.authority, doc.signer.for_, doc.signer.title, doc.signer.name) == (
        "KT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An")


def test_issue2_wrapped_issuer_line_stays_in_its_column() -> None:
    """A long issuer name wrapped by a narrow column, the right column starting higher."""
    left = ["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "CỤC QUAN HỆ LAO ĐỘNG VÀ TIỀN LƯƠNG", "Số: 88/QHLĐTL-TL"]
    lines = read_data(_dispatch(left=left, right_dy=-2.5, left_w=62), name="c.pdf", suffix=".pdf").text.splitlines()
    head = _block(lines, "Số: 88/QHLĐTL-TL")
    assert " ".join(head[:-1]).split() == " ".join(left[:2]).split()  # every word, in order, none from the right
    assert _block(lines, RIGHT[0]) == RIGHT


def test_issue2_a_hyphen_that_ends_a_line_is_kept() -> None:
    """pdfium reports a line-final hyphen as U+FFFE; the number broken after it reads whole."""
    pdf = _pdf()
    pdf.set_y(_header(pdf))
    pdf.set_font("serif", "", 13)
    for text in ("Sở Y tế đề nghị các đơn vị thực hiện nội dung tại Công văn số 13/BCĐ-",
                 "KGVX ngày 04/3/2026 của Ban Chỉ đạo tỉnh về phòng chống dịch bệnh."):
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, 6.2, text, new_x="LMARGIN", new_y="NEXT")
    _footer(pdf, pdf.get_y() + 6)
    data = bytes(pdf.output())
    text = read_data(data, name="y.pdf", suffix=".pdf").text
    assert "Công văn số 13/BCĐ-KGVX ngày 04/3/2026" in text
    doc = parse_bytes(data, name="y.pdf")
    assert [c.number for c in doc.citations] == ["13/BCĐ-KGVX"]


def test_issue2_centred_title_wrapped_then_body() -> None:
    """A bold centred title wrapped over a full-width line, then the justified body with no
    gap: the body's first line is no part of the subject."""
    pdf = _pdf()
    left = ["UBND TỈNH ĐIỆN BIÊN", "SỞ Y TẾ", "Số: 88/BC-SYT"]
    pdf.set_y(_header(pdf, left=left))
    title = ("Kết quả công tác phòng, chống dịch bệnh COVID-19 và các bệnh truyền nhiễm mới nổi "
             "trên địa bàn tỉnh Điện Biên")
    pdf.set_font("serif", "B", 14)
    pdf.cell(0, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6.5, title, align="C", new_x="LMARGIN", new_y="NEXT")
    _body(pdf, "Sở Y tế tổng hợp báo cáo Ủy ban nhân dân tỉnh kết quả công tác phòng chống dịch bệnh "
               "đến ngày 24/5/2026 trên địa bàn tỉnh, cụ thể như sau:")
    _body(pdf, "Trong tuần, toàn tỉnh không ghi nhận ca mắc mới.")
    _footer(pdf, pdf.get_y() + 6)
    data = bytes(pdf.output())
    text = read_data(data, name="t.pdf", suffix=".pdf").text
    lines = text.splitlines()
    body = next(i for i, ln in enumerate(lines) if ln.startswith("Sở Y tế tổng hợp"))
    assert lines[body - 1] == "" and lines[body - 2].endswith("Biên")
    doc = parse_bytes(data, name="t.pdf")
    assert doc.subject is not None and doc.subject.value == title


def test_issue2_page_break_mid_sentence_under_a_running_page_number() -> None:
    """Page 1 ends mid-sentence, page 2 opens with its number at the top; the sentence reads on,
    the number is dropped and the footer on page 2 is read."""
    from fpdf import FPDF

    class Numbered(FPDF):
        def header(self) -> None:
            if self.page_no() >= 2:
                self.set_font("serif", "", 13)
                self.set_xy(self.l_margin, 10)
                self.cell(0, 5, str(self.page_no()), align="C")
                self.set_xy(self.l_margin, self.t_margin)

    pdf = Numbered(format="A4")
    pdf.add_font("serif", "", str(SERIF))
    pdf.add_font("serif", "B", str(SERIF_BOLD))
    pdf.set_margins(30, 20, 15)
    pdf.add_page()
    pdf.set_y(_header(pdf))
    filler = "Các đơn vị tiếp tục thực hiện nghiêm các biện pháp phòng chống dịch theo hướng dẫn. "
    _body(pdf, filler * 6)
    pdf.set_auto_page_break(True, margin=pdf.h - pdf.get_y() - 13)  # the next paragraph breaks after two lines
    _body(pdf, "Đề nghị Trung tâm Y tế các huyện, thành phố báo cáo kết quả thực hiện về Sở Y tế theo "
               "quy định tại Điều 16 Luật quản lý thuế số 78/2006/QH11 ngày 29/11/2006 và các văn bản "
               "hướng dẫn trước ngày 30/3/2026.")
    pdf.set_auto_page_break(True, margin=20)
    _footer(pdf, pdf.get_y() + 6)
    data = bytes(pdf.output())
    doc = read_data(data, name="p.pdf", suffix=".pdf")
    assert doc.source.pages == 2 and len(doc.pages) == 2
    p1, p2 = doc.pages
    assert doc.text[p1[1] : p2[0]] == "\n"  # one paragraph over the break
    assert not doc.text[p2[0] :].startswith("2")
    parsed = parse_bytes(data, name="p.pdf")
    assert "78/2006/QH11" in [c.number for c in parsed.citations]
    assert parsed.signer.name == "Nguyễn Văn An"


def test_issue2_page_break_after_a_full_stop_stays_a_paragraph_break() -> None:
    from docintel.ingest._pdf import _page_join

    assert _page_join("… theo quy định.", "Trường hợp …") == "\n\n"
    assert _page_join("… tại Điều 16 Luật quản lý thuế", "số 78/2006/QH11 …") == "\n"
    assert _page_join("… Nghị định số 38/2022/NĐ-", "CP ngày …") == ""
    assert _page_join("… tổng hợp (xem phụ lục).", "1. Nội dung") == "\n\n"


TASKS = [
    ("1", "Rà soát, cập nhật danh sách các điểm ngập úng trên địa bàn và phương án xử lý theo Thông tư "
          "số 05/2024/TT-BLĐTBXH của Bộ.", "Sở Xây dựng", "Tháng 6/2026"),
    ("2", "Tổ chức diễn tập ứng phó với tình huống mưa lớn kéo dài.", "Sở Nông nghiệp và Môi trường", "Quý III/2026"),
    ("3", "Báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh.", "Sở Y tế", "30/9/2026"),
]


def test_issue2_ruled_task_table_one_row_a_task_over_a_page_break() -> None:
    """STT | Nội dung | Đơn vị chủ trì | Thời hạn, the heading repeated on page 2; a cell that
    breaks 'TT-' / 'BLĐTBXH' at its hyphen reads whole."""
    pdf = _pdf()
    pdf.set_y(_header(pdf))
    _body(pdf, "Giao các sở, ngành thực hiện các nhiệm vụ sau:")
    pdf.set_y(230)
    pdf.set_font("serif", "", 11)
    rows = [("STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"), *TASKS]
    with pdf.table(col_widths=(12, 70, 45, 38), width=165, line_height=5.5, repeat_headings=1) as t:
        for row in rows:
            r = t.row()
            for cell in row:  # the number's line ends at its hyphen, as a narrower cell wraps it
                r.cell(cell.replace("/TT-", "/TT-\n"))
    _footer(pdf, pdf.get_y() + 6)
    text = read_data(bytes(pdf.output()), name="d.pdf", suffix=".pdf").text
    lines = text.splitlines()
    assert lines.count("STT | Nội dung | Đơn vị chủ trì | Thời hạn") == 1
    for number, task, lead, deadline in TASKS:
        assert " | ".join((number, task, lead, deadline)) in lines
