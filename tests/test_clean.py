"""The clean step: page furniture out, Cyrillic look-alikes inside Latin tokens repaired."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel import parse_text
from docintel._clean import latinise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thông tư số 06/2022/TT-B\u0422\u0421 ngày 08/02/2022", "Thông tư số 06/2022/TT-BTC ngày 08/02/2022"),
        ("Số: 12/Q\u0414-UBND", "Số: 12/Q\u0414-UBND"),  # Д has no Latin twin: kept
        ("Công văn số 5/\u0421V-UBND", "Công văn số 5/CV-UBND"),
        ("ông \u041f\u0443\u0442\u0438\u043d (Nga)", "ông \u041f\u0443\u0442\u0438\u043d (Nga)"),  # a Cyrillic word stays
        ("\u0422\u0421 và TC", "\u0422\u0421 và TC"),  # an all-Cyrillic token stays
        ("không có chữ Kirin", "không có chữ Kirin"),
    ],
)
def test_latinise(text: str, expected: str) -> None:
    assert latinise(text) == expected


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("aBTC\u0422\u0421\u0430 -/0\n"), max_size=60))
def test_latinise_keeps_length(text: str) -> None:
    assert len(latinise(text)) == len(text)


def test_issue_homoglyph_citation_is_one_number() -> None:
    text = (
        "BỘ TÀI CHÍNH\nSố: 372/QĐ-BTC\nHà Nội, ngày 05 tháng 3 năm 2026\nV/v đính chính\n\n"
        "Căn cứ Thông tư số 06/2022/TT-B\u0422\u0421 ngày 08 tháng 02 năm 2022 của Bộ trưởng Bộ Tài chính; "
        "sửa đổi Thông tư số 06/2022/TT-BTC nêu trên.\n"
    )
    doc = parse_text(text)
    assert [c.number for c in doc.citations] == ["06/2022/TT-BTC"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("khoản 2 Điều 2 Thông tư số 103/2014/T1-BTC thuộc", "khoản 2 Điều 2 Thông tư số 103/2014/TT-BTC thuộc"),
        ("Điều 4 Thông tư số 213/2013/T1. BTC ngày 31/12/2013", "Điều 4 Thông tư số 213/2013/TT. BTC ngày 31/12/2013"),
        ("Thông tư 78/2014/Tl-BTC", "Thông tư 78/2014/TT-BTC"),
        ("Thông tư 78/2014/TI - BTC", "Thông tư 78/2014/TT - BTC"),
        ("mẫu số 01/2014/T1 đính kèm", "mẫu số 01/2014/T1 đính kèm"),  # no issuer letters follow: left alone
        ("Nghị định 12/2015/NĐ-CP", "Nghị định 12/2015/NĐ-CP"),
        ("Công văn 1234/T1-VP", "Công văn 1234/T1-VP"),  # no year before it
    ],
)
def test_silver3_tt_symbol_read_as_t1(text: str, expected: str) -> None:
    from docintel._clean import repair_symbols

    assert repair_symbols(text) == expected
    assert len(repair_symbols(text)) == len(text)


def test_silver3_tt_symbol_cited_after_repair() -> None:
    doc = parse_text("Căn cứ Thông tư số 103/2014/T1-BTC ngày 06/8/2014 của Bộ Tài chính;\n")
    assert any(c.number == "103/2014/TT-BTC" for c in doc.citations)


# -- issue 2 (silver7): an attached letter repeats the head line; it is no running header ---------
_ATTACHED = (
    "TONG CUC HAI QUAN CONG HOA XÃ HOI CHỦ NGHĨA VIỆT NAM\n"
    "CỤC THUẾ XUẤT NHẬP KHẨU Độc lập - Tự do - Hạnh phúc\n"
    "Số: 4800/TXNK-CST Hà Nội, ngày 22 tháng 11 năm 2018\n"
    "V/v xử lý thuế hàng SXXK\n\nKính gửi: Công ty TNHH A.\n\nNội dung trang một.\n"
    "--- PAGE BREAK ---\nNội dung trang hai.\n"
    "--- PAGE BREAK ---\n"
    "TONG CUC HAI QUAN CONG HOA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "CỤC THUẾ XUẤT NHẬP KHẨU Độc lập - Tự do - Hạnh phúc\n"
    "Số: 3862/TXNK-CST Hà Nội, ngày 16 tháng 7 năm 2018\nV/v xử lý thuế hàng SXXK\n"
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("TONG CUC HAI QUAN CONG HOA XA HOI CHU NGHIA VIET NAM", True),
        ("CỤC THUÊ XUẤT NHẬP KHAU Độc lập - Tự do - Hạnh phúc", True),
        ("CÔNG BÁO/Số 281/Ngày 21-05-2026", False),
        ("Cộng hòa Séc Giấy chứng nhận tiêm chủng", False),
    ],
)
def test_issue2_letterhead_line(line: str, expected: bool) -> None:
    from docintel._clean import is_letterhead

    assert is_letterhead(line) is expected


def test_issue2_attached_letter_keeps_the_head_line() -> None:
    doc = parse_text(_ATTACHED)
    assert doc.text.startswith("TONG CUC HAI QUAN")
    assert doc.issuer is not None and doc.issuer.parent is not None
    assert doc.issuer.parent.startswith("T")  # the parent line above the issuer survives
