"""Segmentation of the top of a dispatch (issue 2): two-column split, blocks, stamps."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._model import Document, Source
from docintel._normalise import fold
from docintel._segment import lines_of, segment
from docintel._steps import normalise_step


def seg_of(text: str) -> tuple[Document, object]:
    doc = Document(text=text, source=Source("t.txt", "", "txt"))
    normalise_step(doc)
    segment(doc)
    assert doc.segments is not None
    return doc, doc.segments


def texts(doc: Document, lines: list) -> list[str]:
    return [doc.text[x.start : x.end] for x in lines]


def test_lines_of_keeps_spans() -> None:
    text = "a\nbc\n\nd"
    assert [(x.text, text[x.start : x.end]) for x in lines_of(text)] == [("a", "a"), ("bc", "bc"), ("", ""), ("d", "d")]


MERGED = (
    "TONG CỤC THUÊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "CỤC THUE TP HAI PHONG Độc lập - Tự do - Hanh phúc\n"
    "Số: 3056 /CT-TTHT Hải Phòng, ngày 22” tháng # năm 2020\n\n"
    "VW giải dap chính sách thuế\n\n"
    "Kính gửi: Công ty TNHH Vật liệu Nam châm\n"
    "Mã số thuế: 0201206353\n"
    "Địa chỉ: Lô CN5.2D, Khu Hóa chất,\n"
    "Q. Hải An, TP. Hải Phòng\n\n"
    "Cục Thuế TP Hải Phòng nhận được công văn số 2409-2020/SMV của Công ty.\n"
)


def test_issue2_merged_two_column_header_is_split() -> None:
    doc, s = seg_of(MERGED)
    assert texts(doc, s.issuer_lines) == ["TONG CỤC THUÊ", "CỤC THUE TP HAI PHONG"]
    assert s.number_line is not None and doc.text[s.number_line.start : s.number_line.end] == "Số: 3056 /CT-TTHT"
    assert s.place_date is not None and doc.text[s.place_date.start : s.place_date.end].startswith("Hải Phòng, ngày")
    assert [x.text for x in s.header_right][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hanh phúc"]
    assert s.subject is not None and doc.text[s.subject.start : s.subject.end] == "VW giải dap chính sách thuế"
    assert s.kinh_gui is not None
    block = doc.text[s.kinh_gui.start : s.kinh_gui.end]
    assert block.startswith("Kính gửi:") and block.endswith("TP. Hải Phòng")
    assert s.body is not None and doc.text[s.body.start :].startswith("Cục Thuế TP Hải Phòng nhận được")
    assert s.body.end == len(doc.text)


def test_issue2_sequential_columns_and_urgency() -> None:
    text = (
        "UBND TỈNH BẮC KẠN\nBAN CHỈ ĐẠO PHÒNG CHỐNG\nDỊCH COVID-19\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        "Số: /BCĐ-SYT\nV/v Tăng cường truy vết các trường hợp\nCông dân đi từ các tỉnh có dịch bệnh\n\n"
        "Bắc Kạn, ngày tháng năm 2021\n\n**HỎA TỐC**\n\nKính gửi: Ban chỉ đạo các huyện.\n\nTheo thông tin từ Bộ Y tế, ...\n"
    )
    doc, s = seg_of(text)
    assert texts(doc, s.issuer_lines) == ["UBND TỈNH BẮC KẠN", "BAN CHỈ ĐẠO PHÒNG CHỐNG", "DỊCH COVID-19"]
    assert s.subject is not None and len(s.subject.lines) == 2
    assert s.urgency is not None and doc.text[s.urgency.start : s.urgency.end] == "HỎA TỐC"
    assert s.kinh_gui is not None and len(s.kinh_gui.lines) == 1
    assert doc.text[s.body.start :].startswith("Theo thông tin")


def test_issue2_kinh_gui_list_across_blank_line() -> None:
    text = "Số: /VP-KGVX\n\nLạng Sơn, ngày tháng 8 năm 2020\n\nV/v tăng cường\n\nKính gửi:\n\n- Các sở, ban, ngành;\n- UBND các huyện.\n\nTrước diễn biến ...\n"
    doc, s = seg_of(text)
    assert s.kinh_gui is not None
    assert [x.text for x in s.kinh_gui.lines] == ["Kính gửi:", "- Các sở, ban, ngành;", "- UBND các huyện."]
    assert doc.text[s.body.start :].startswith("Trước diễn biến")


def test_issue2_no_header_starts_at_kinh_gui() -> None:
    doc, s = seg_of(" Kính gửi: Các phòng chuyên môn, các đơn vị thuộc Sở \n\nThực hiện Thông báo số 419/TB-VPUB.\n")
    assert s.kinh_gui is not None and s.number_line is None and not s.issuer_lines
    assert doc.text[s.body.start :].startswith("Thực hiện")


@pytest.mark.parametrize(
    "stamp",
    [
        "Ký bởi: Tổng cục Thuế\nĐịa chỉ: Tổng cục Thuế\nThời gian ký: 19.11.2020 16.49\n",
        "Digitally signed by\n\nfe: 2020.10.22 16:58:31 +07:00\n",
        "ky: 07.01.2020 16:33\n",
        "CÔNG BÁO/Số 281/Ngày 21-05-2026\n99\n",
    ],
)
def test_issue2_stamps_above_header_are_not_header(stamp: str) -> None:
    doc, s = seg_of(stamp + "\nBỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTONG CUC THUE Độc lập - Tự do - Hạnh phúc\nSố: 4950 /TCT-TTKT Hà Nội, ngày 19 tháng 11 năm 2020\nV/V: Kê khai\n")
    assert texts(doc, s.issuer_lines) == ["BỘ TÀI CHÍNH", "TONG CUC THUE"]
    assert s.stamps


def test_issue2_typed_document_title_block() -> None:
    text = (
        "CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
        "Số: 48/2026/NĐ-CP\nHà Nội, ngày 29 tháng 01 năm 2026\nNGHỊ ĐỊNH\n"
        "Sửa đổi, bổ sung một số điều của Nghị định số 08/2022/NĐ-CP\nngày 10 tháng 01 năm 2022 của Chính phủ\n"
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\n"
    )
    doc, s = seg_of(text)
    assert s.title is not None
    assert [x.text for x in s.title.lines] == [
        "NGHỊ ĐỊNH",
        "Sửa đổi, bổ sung một số điều của Nghị định số 08/2022/NĐ-CP",
        "ngày 10 tháng 01 năm 2022 của Chính phủ",
    ]
    assert doc.text[s.body.start :].startswith("Căn cứ")


def test_issue2_title_stops_at_repeated_authority() -> None:
    text = "ỦY BAN THƯỜNG VỤ\nQUỐC HỘI\nNghị quyết số: 87/2025/UBTVQH15\nHà Nội, ngày 10 tháng 7 năm 2025\nNGHỊ QUYẾT\nĐIỀU CHỈNH CHƯƠNG TRÌNH LẬP PHÁP NĂM 2025\nỦY BAN THƯỜNG VỤ QUỐC HỘI\nCăn cứ Hiến pháp;\n"
    doc, s = seg_of(text)
    assert s.title is not None and len(s.title.lines) == 2


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Số:/V v-–ngàythángnăm 0123456789\nCỘNGHÒAĐộclập KínhgửiQUYẾTĐỊNH.,;()")), max_size=600))
def test_segment_never_crashes_and_spans_are_valid(text: str) -> None:
    doc, s = seg_of(text)
    n = len(doc.text)
    for ln in s.header_left + s.header_right + s.issuer_lines:
        assert 0 <= ln.start <= ln.end <= n
    assert s.body is not None and 0 <= s.body.start <= s.body.end == n
    assert len(doc.folded) == n and doc.folded == fold(doc.text)


def test_segment_is_bounded_on_long_lines() -> None:
    doc, s = seg_of(("Số: " + "1/" * 5000 + "\n") * 3 + "x" * 100000)
    assert s.body is not None


@pytest.mark.parametrize(
    ("line", "left"),
    [
        ("BỘ TÀI CHÍNH | Chuyển:......... CỘNG |HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BỘ TÀI CHÍNH"),
        ("TỔNG CỤC THUẾSố và ký hiệu HS: Độc lập - Tự do - Hạnh phúc", "TỔNG CỤC THUẾ"),
        ("TỔNG CỤC THUẾ Số đến: 4497 Độc lập - Tự do - Hạnh phúc", "TỔNG CỤC THUẾ"),
    ],
)
def test_issue2_received_stamp_fragment_cut_from_header_line(line: str, left: str) -> None:
    doc, s = seg_of(line + "\nSố: 470/TCT-TTKT Hà Nội, ngày 05 tháng 5 năm 2020\nV/v abc\nKính gửi: Cục Thuế\n")
    assert texts(doc, s.issuer_lines) == [left]


def test_issue2_received_stamp_line_set_aside() -> None:
    doc, s = seg_of("BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\nĐẾN Ngày: 12/5/2020\nSố: 470/TCT-TTKT\nV/v abc\nKính gửi: Cục Thuế\n")
    assert texts(doc, s.issuer_lines) == ["BỘ TÀI CHÍNH", "TỔNG CỤC THUẾ"]
    assert any(doc.text[b.start : b.end].startswith("ĐẾN") for b in s.stamps)


SUBJ_HEAD = (
    "BỘ TÀI CHÍNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỔNG CỤC HẢI QUAN Độc lập - Tự do - Hạnh phúc\n\n"
    "Số: 27/TCHQ-GSQL Hà Nội, ngày 31 tháng 03 năm 2015\n"
)


@pytest.mark.parametrize(
    ("subject_block", "expected"),
    [
        # a line ending with "số" waits for the number, even after a blank line
        ("V/v hướng dẫn thực hiện một\n\nsố nội dung tại Thông tư số\n\n38/2015/TT-BTC\n",
         "hướng dẫn thực hiện một số nội dung tại Thông tư số 38/2015/TT-BTC"),
        # "và các" cannot end the phrase: the capitalised next line is still the subject
        ("V/v thực hiện Thông tư số\n\n156/2013/TT-BTC và các\n\nThông tư khác\n",
         "thực hiện Thông tư số 156/2013/TT-BTC và các Thông tư khác"),
        # a complete phrase before a blank line and a capitalised line: the subject ends
        ("V/v thuế giá trị gia tăng\n\nCục Thuế tỉnh Nam Định\n", "thuế giá trị gia tăng"),
        # a final full stop ends it even after a dangling-looking word
        ("V/v báo cáo số liệu theo.\n\n1. Nội dung\n", "báo cáo số liệu theo."),
    ],
)
def test_subject_goes_on_after_a_dangling_word(subject_block: str, expected: str) -> None:
    doc, s = seg_of(SUBJ_HEAD + subject_block + "\nKính gửi: Cục Hải quan các tỉnh, thành phố.\n\nNội dung.\n")
    assert s.subject is not None
    got = " ".join(x.text for x in s.subject.lines)
    assert fold(got).replace("v/v ", "").strip() == fold(expected)


def test_long_legal_title_is_not_cut_at_ten_lines() -> None:
    title = [f"dòng {i} của trích yếu về việc đính chính Thông tư số {i}/2025/TT-BTC" for i in range(1, 15)]
    text = (
        "BỘ TÀI CHÍNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 372/QĐ-BTC\n"
        "Hà Nội, ngày 05 tháng 3 năm 2026\nQUYẾT ĐỊNH\nVề việc đính chính\n" + "\n".join(title) +
        "\nBỘ TRƯỞNG BỘ TÀI CHÍNH\nCăn cứ Luật Ban hành văn bản quy phạm pháp luật;\n"
    )
    doc, s = seg_of(text)
    assert s.title is not None
    assert s.title.lines[-1].text == title[-1]


@pytest.mark.parametrize(
    ("head", "issuer_lines"),
    [
        # a narrow header column wraps the issuer's name: its last word stands alone (a PDF of a Word file)
        ("TỔNG CỤC THUẾ\nCỤC THUẾ TỈNH THANH\nHÓA\nSố: 1864 /CT-TTHT\n",
         ["TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH THANH", "HÓA"]),
        ("UBND TỈNH BÀ RỊA - VŨNG\nTÀU\nSỞ Y TẾ\nSố: 12/SYT-NVY\n", ["UBND TỈNH BÀ RỊA - VŨNG", "TÀU", "SỞ Y TẾ"]),
        # a short line in lower case or with digits is no part of the name
        ("CỤC THUẾ TỈNH THANH HÓA\nTrang 1\nSố: 1864 /CT-TTHT\n", ["CỤC THUẾ TỈNH THANH HÓA"]),
        ("CỤC THUẾ TỈNH THANH HÓA\nPL 2\nSố: 1864 /CT-TTHT\n", ["CỤC THUẾ TỈNH THANH HÓA"]),
    ],
)
def test_issue2_wrapped_issuer_line_stays_in_the_header(head: str, issuer_lines: list[str]) -> None:
    text = head + "V/v giá tính thuế\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" \
        "Thanh Hóa, ngày 13 tháng 04 năm 2021\n\nKính gửi: Công ty cổ phần Bia\n\nTrả lời Công văn số 35A/THB-TV.\n"
    doc, s = seg_of(text)
    assert texts(doc, s.issuer_lines) == issuer_lines
    if len(issuer_lines) > 1:
        assert s.number_line is not None and s.place_date is not None
