"""Footer split: Nơi nhận vs signing block (merged OCR columns), body end, appendix, stamps."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel import parse_text
from docintel._footer import split_columns, split_footer
from docintel._model import Document, Line, Source
from docintel._normalise import fold, normalise_text
from docintel.fields._stamps import find_stamps, parse_datetime

BODY = (
    "CỤC THUẾ TỈNH BẮC NINH\nSố: 123/CTBNI-TTHT\nV/v chính sách thuế\n\n"
    "Kính gửi: Công ty TNHH AG Tech\n\n"
    "Cục Thuế tỉnh Bắc Ninh hướng dẫn để Công ty biết và thực hiện theo đúng quy định hiện hành./.\n"
)


def _doc(text: str) -> Document:
    text = normalise_text(text)
    doc = Document(text=text, source=Source("<t>", "", "txt"))
    doc.folded = fold(text)
    split_footer(doc)
    return doc


def _left(doc: Document) -> list[str]:
    assert doc.segments is not None and doc.segments.noi_nhan is not None
    return [ln.text for ln in doc.segments.noi_nhan.lines]


def _right(doc: Document) -> list[str]:
    assert doc.segments is not None and doc.segments.signature is not None
    return [ln.text for ln in doc.segments.signature.lines]


# (footer text after BODY, left column, right column)
FOOTERS = [
    (
        "Nơi nhận: KT. CỤC TRƯỞNG\n- Như trên; PHÓ CỤC TRƯỞNG\n- Lãnh đạo Cục (để b/c);\n- Lưu: VT, TTHT.\nNguyễn Hồng Thái",
        ["- Như trên;", "- Lãnh đạo Cục (để b/c);", "- Lưu: VT, TTHT."],
        ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Nguyễn Hồng Thái"],
    ),
    (
        "Nơi nhận: AE CỤC TRƯỞNG\n~ Như trên; Z2 AEG\n- Ban lãnh đạo cục;\n- Lưu: VT, TTHT (6b).",
        ["~ Như trên; Z2 AEG", "- Ban lãnh đạo cục;", "- Lưu: VT, TTHT (6b)."],
        ["AE CỤC TRƯỞNG"],
    ),
    (
        "KT. TONG CỤC TRUONG\nPHÓ TÔNG CỤC TRƯỞNG\nNơi nhận:\n~ Như trên;\n- Tông cục Thuế;\n"
        "~ Cue Hai quan tinh Đồng Nai, Binh Dương; Nguyễn Dương Thái\n- Lưu: VT, TXNK (3).",
        [
            "~ Như trên;",
            "- Tông cục Thuế;",
            "~ Cue Hai quan tinh Đồng Nai, Binh Dương;",
            "- Lưu: VT, TXNK (3).",
        ],
        ["KT. TONG CỤC TRUONG", "PHÓ TÔNG CỤC TRƯỞNG", "Nguyễn Dương Thái"],
    ),
    (
        "Nơi nhận:\n- Như trên;\n- Website Cục Thuế;\n- Lưu: VT, CS (3b).\n\nKT. TONG CUC TRUONG\nPHO TONG CUC TRUONG\n\nNguyễn Thế Mạnh",
        ["- Như trên;", "- Website Cục Thuế;", "- Lưu: VT, CS (3b)."],
        ["KT. TONG CUC TRUONG", "PHO TONG CUC TRUONG", "Nguyễn Thế Mạnh"],
    ),
    (
        "Nơi nhận: TL. TONG CỤC TRƯỞNG\n- Như trên; KT. VỤ TRƯỞNG VỤ CHÍNH SÁCH\n- Vụ CST, PC (BTC);\n- Lưu: VT, CS (2b).\nHoàng Thị Hà Giang",
        ["- Như trên;", "- Vụ CST, PC (BTC);", "- Lưu: VT, CS (2b)."],
        ["TL. TONG CỤC TRƯỞNG", "KT. VỤ TRƯỞNG VỤ CHÍNH SÁCH", "Hoàng Thị Hà Giang"],
    ),
    (
        "TL. TONG CỤC TRƯỞNG\nKT. VỤ TRƯỞNG VU KE KHAI VÀ KE TOÁN\nNơi nhận: THUE\n- Như trên; PHÓ VỤ TRƯỞNG\n- Lưu: VT, KK (3b).\nĐào Ngọc Sơn",
        ["- Như trên;", "- Lưu: VT, KK (3b)."],
        [
            "TL. TONG CỤC TRƯỞNG",
            "KT. VỤ TRƯỞNG VU KE KHAI VÀ KE TOÁN",
            "THUE",
            "PHÓ VỤ TRƯỞNG",
            "Đào Ngọc Sơn",
        ],
    ),
]


@pytest.mark.parametrize(("footer", "left", "right"), FOOTERS)
def test_issue2_merged_footer_columns(footer: str, left: list[str], right: list[str]) -> None:
    doc = _doc(BODY + footer)
    assert _left(doc) == left
    assert _right(doc) == right


def test_issue2_body_ends_before_footer() -> None:
    doc = _doc(BODY + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\nMai Sơn\n")
    seg = doc.segments
    assert seg is not None and seg.body is not None and seg.noi_nhan is not None
    assert doc.text[: seg.body.end].endswith("quy định hiện hành./.")
    assert seg.body.end <= seg.noi_nhan.start
    assert seg.appendix is None


def test_issue2_signature_without_noi_nhan() -> None:
    doc = _doc(BODY + "TL. TONG CỤC TRƯỞNG\nVU TRUONG VỤ CHÍNH SÁCH\nLuu Đức Huy\n")
    assert doc.segments is not None and doc.segments.noi_nhan is None
    assert _right(doc) == ["TL. TONG CỤC TRƯỞNG", "VU TRUONG VỤ CHÍNH SÁCH", "Luu Đức Huy"]


def test_issue2_title_then_name_without_prefix() -> None:
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 798/QĐ-TTg\n\nQUYẾT ĐỊNH\n"
        "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025 và các văn bản hướng dẫn thi hành;\n"
        "Điều 1. Các Bộ trưởng chịu trách nhiệm thi hành Quyết định này./.\n\nTHỦ TƯỚNG\n[\n\nLê Minh Hưng\n"
    )
    doc = _doc(text)
    assert _right(doc) == ["THỦ TƯỚNG", "Lê Minh Hưng"]


def test_issue2_decision_with_appendix_keeps_first_signer() -> None:
    text = (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nSố: 2280/QĐ-UBND\n\nQUYẾT ĐỊNH\n"
        "Điều 1. Phê duyệt Kế hoạch bảo đảm thoát nước, kèm theo Quyết định này.\n"
        "Điều 2. Chánh Văn phòng và các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.\n"
        "Nơi nhận:\n- Thường trực Thành ủy;\n- Lưu: VT, ĐTDG\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n"
        "Trương Việt Dũng\n\n(để b/c)\n\nKẾ HOẠCH\nBảo đảm thoát nước, chống úng ngập khu vực nội thành\n"
        "(Kèm theo Quyết định số 2280/QĐ-UBND của UBND Thành phố)\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Các sở, ngành chủ động triển khai thực hiện các nhiệm vụ được giao trong kế hoạch này.\n"
        "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Khác\n"
    )
    doc = parse_text(text)
    assert doc.signer.name == "Trương Việt Dũng"
    assert (doc.signer.authority, doc.signer.for_, doc.signer.title) == (
        "TM",
        "ỦY BAN NHÂN DÂN",
        "PHÓ CHỦ TỊCH",
    )
    seg = doc.segments
    assert seg is not None and seg.appendix is not None
    assert (
        doc.text[seg.appendix.start :].lstrip().startswith("(để b/c)")
        or "KẾ HOẠCH" in doc.text[seg.appendix.start :]
    )


@pytest.mark.parametrize(
    ("line", "left", "right"),
    [
        ("- Như trên; PHÓ CỤC TRƯỞNG", "- Như trên;", ["PHÓ CỤC TRƯỞNG"]),
        ("- Như trên, KT. VỤ TRƯỞNG VỤ CHÍNH SÁCH", "- Như trên,", ["KT. VỤ TRƯỞNG VỤ CHÍNH SÁCH"]),
        ("- Lưu; VT. TCT (VP, CS). Hà Đức Phức", "- Lưu; VT. TCT (VP, CS).", ["Hà Đức Phức"]),
        ("- Cục thuế TP. Hồ Chí Minh;", "- Cục thuế TP. Hồ Chí Minh;", []),
        ("- Các Vụ: PC, DNL, HTQT, TTra (TCT),", "- Các Vụ: PC, DNL, HTQT, TTra (TCT),", []),
        ("- CHỦ TỊCH UBND TỈNH;", "- CHỦ TỊCH UBND TỈNH;", []),
        (
            "- Cục Thuế tỉnh Đồng Nai, Bình Dương, Hà Nam;",
            "- Cục Thuế tỉnh Đồng Nai, Bình Dương, Hà Nam;",
            [],
        ),
    ],
)
def test_split_columns(line: str, left: str, right: list[str]) -> None:
    got_left, got_right = split_columns(Line(line, 100, 100 + len(line)))
    assert got_left is not None and got_left.text == left
    assert [r.text for r in got_right] == right
    for r in got_right:
        assert line[r.start - 100 : r.end - 100] == r.text


# ---------------------------------------------------------------------------
# digital-signature stamps

STAMPS = [
    (
        "Ký bởi: Tổng cục Thuế\nĐịa chỉ: 123 Lò Đúc\nThời gian ký: 01.03.2023 15:52",
        "Tổng cục Thuế",
        None,
        "2023-03-01T15:52",
    ),
    (
        "Ký bởi: CÔNG BÁO\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\nNgày ký: 2026-01-28 14:18:43 +07:00",
        "CÔNG BÁO",
        "VĂN PHÒNG CHÍNH PHỦ",
        "2026-01-28T14:18:43+07:00",
    ),
    (
        "Digitally signed by Cục Thuế TP Hải Phòng\nDate: 2020.10.22 16:58:31 +07:00",
        "Cục Thuế TP Hải Phòng",
        None,
        "2020-10-22T16:58:31+07:00",
    ),
    (
        "Người ký: Nguyễn Văn A\nEmail: a@gdt.gov.vn\nCơ quan: Cục Thuế\nThời gian ký: 19/05/2022 15:40:06 +07:00",
        "Nguyễn Văn A",
        "Cục Thuế",
        "2022-05-19T15:40:06+07:00",
    ),
    ("ky: 07.01.2020 16:33", None, None, "2020-01-07T16:33"),
]


@pytest.mark.parametrize(("text", "signed_by", "organisation", "signed_at"), STAMPS)
def test_stamps(text: str, signed_by: str | None, organisation: str | None, signed_at: str) -> None:
    found = find_stamps(text)
    assert len(found) == 1
    v = found[0].value
    assert (v.signed_by, v.organisation, v.signed_at) == (signed_by, organisation, signed_at)


def test_stamp_email() -> None:
    v = find_stamps("Người ký: Nguyễn Văn A\nEmail: a@gdt.gov.vn\nThời gian ký: 19/05/2022 15:40")[0].value
    assert v.email == "a@gdt.gov.vn"


def test_stamp_counter_examples() -> None:
    assert find_stamps("Quyết định này có hiệu lực kể từ ngày ký.\nĐược ký bởi Bộ trưởng.") == []


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("01.03.2023 15:52", "2023-03-01T15:52"), ("2020.05.05", "2020-05-05"), ("99.99.2020", None)],
)
def test_parse_datetime(raw: str, iso: str | None) -> None:
    assert parse_datetime(raw) == iso


def test_issue2_stamp_is_neither_header_nor_signer() -> None:
    text = (
        "Ký bởi: Tổng cục Thuế\nThời gian ký: 01.03.2023 15:52\n\n"
        + BODY
        + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
        "KT. TỔNG CỤC TRƯỞNG\nPHÓ TỔNG CỤC TRƯỞNG\nĐặng Ngọc Minh\n"
    )
    doc = parse_text(text)
    assert doc.digital_signature is not None and doc.digital_signature.signed_by == "Tổng cục Thuế"
    assert any(w.startswith("digital signature stamp found") for w in doc.warnings)
    assert doc.signer.name == "Đặng Ngọc Minh"
    assert doc.issuer.name is None or "Ký bởi" not in doc.issuer.name


def test_issue2_dev_stamp_in_body_is_not_signer() -> None:
    path = shared_path("corpus", "dev", "congbao-tt-02.txt")
    gold = json.loads(shared_path("gold", "dev", "congbao-tt-02.json").read_text(encoding="utf-8"))
    doc = parse_text(path.read_text(encoding="utf-8"))
    assert doc.digital_signature is not None and doc.digital_signature.organisation == "VĂN PHÒNG CHÍNH PHỦ"
    assert doc.signer.name == gold["signer"]["name"]
    assert doc.signer.authority == gold["signer"]["authority"]


# ---------------------------------------------------------------------------
# robustness

_ALPHABET = st.sampled_from(list("abcKTLMQ./-~;:,() \n\tNơi nhận:TỔNGCỤCTRƯỞNGPHÓ0123456789Ký bởi|"))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=600))
def test_footer_never_crashes(text: str) -> None:
    doc = _doc(text)
    seg = doc.segments
    assert seg is not None
    for block in (seg.noi_nhan, seg.signature):
        if block is not None:
            for ln in block.lines:
                assert doc.text[ln.start : ln.end] == ln.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_parse_any_text_terminates(text: str) -> None:
    doc = parse_text(text)
    assert isinstance(doc.recipients, list)


def test_long_pathological_lines_are_fast_enough() -> None:
    text = BODY + "Nơi nhận: " + "- " * 5000 + "\n" + ("KT. " * 3000) + "\n" + "Nguyễn " * 2000
    doc = _doc(text)
    assert doc.segments is not None


# ---------------------------------------------------------------------------
# issue 2, second round: merged columns the silver check found on unseen letters

# (footer text after BODY, left column, right column)
ISSUE2_FOOTERS = [
    # a person named in a Nơi nhận item ("…, các PCN: X,\nY;") is a cc, not the signer:
    # the signer is the standalone name line under the list
    (
        "Nơi nhận: KT. BỘ TRƯỞNG, CHỦ NHIỆM\n- Như trên; PHÓ CHỦ NHIỆM\n- VPCP: BTCN, các PCN: Trần Văn Sơn\n"
        "Lê Minh Hà;\n- Lưu: VT, QHQT (2).\n\nPhạm Quốc Dũng",
        ["- Như trên;", "- VPCP: BTCN, các PCN: Trần Văn Sơn", "Lê Minh Hà;", "- Lưu: VT, QHQT (2)."],
        ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "Phạm Quốc Dũng"],
    ),
    (
        "Nơi nhận: KT. BỘ TRƯỞNG, CHỦ NHIỆM\n- Như trên; PHÓ CHỦ NHIỆM\n- VPCP: BTCN,\ncác PCN: Trần Văn Sơn,\n"
        "Lê Minh Hà,\ncác Vụ: TH, PL;\n- Lưu: VT, KTTH (3b).",
        [
            "- Như trên;",
            "- VPCP: BTCN,",
            "các PCN: Trần Văn Sơn,",
            "Lê Minh Hà,",
            "các Vụ: TH, PL;",
            "- Lưu: VT, KTTH (3b).",
        ],
        ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"],
    ),
    # the deputy's title merged into an OCR'd "Như trên" line, junk letters on both sides
    (
        "Nơi nhận:}„ KT.TONG CUC TRƯỞNG\n\n-Nhutrén;f „ PHO pes CUC TRUONG\n- Lãnh đạo Tổng cục (để b/c)\n"
        "- Lưu: VT, TTKT(2b). gg\n\nĐặng Văn Minh",
        ["-Nhutrén;f „", "- Lãnh đạo Tổng cục (để b/c)", "- Lưu: VT, TTKT(2b). gg"],
        ["KT.TONG CUC TRƯỞNG", "PHO pes CUC TRUONG", "Đặng Văn Minh"],
    ),
    # a delivery mark after an item ("(VBĐT)" = văn bản điện tử) stays in the item
    (
        "Nơi nhận: CỤC TRƯỞNG\n- Cục Thuế tỉnh; (VBĐT) Ƒ `\n- Lưu: VT, TTHT.\n\nTrần Văn Hùng",
        ["- Cục Thuế tỉnh; (VBĐT) Ƒ `", "- Lưu: VT, TTHT."],
        ["CỤC TRƯỞNG", "Trần Văn Hùng"],
    ),
    # a wrapped cc item merged with a nested prefix reads as capitals: split at the prefix
    (
        "Nơi nhận: TL. TONG CUC TRUONG\n- Như trên;\n“Phó TC Phi Văn Tuấn (để b/c) KT. VỤ TRƯỞNG VỤ KÊ KHAI\n"
        "- Cục Thuế các tỉnh;\n- Lưu: VT, KK (2b).",
        ["- Như trên;", "“Phó TC Phi Văn Tuấn (để b/c)", "- Cục Thuế các tỉnh;", "- Lưu: VT, KK (2b)."],
        ["TL. TONG CUC TRUONG", "KT. VỤ TRƯỞNG VỤ KÊ KHAI"],
    ),
    # "Nơi nhận" followed by a scrap of OCR junk, then the merged prefix
    (
        "Nơi nhận fit KT. CUC TRUONG\n- Như trên; PHO CỤC TRƯỜNG\n-P.PC;\n- Lưu (VT, TTHT).\n\nLý Văn Bình",
        ["- Như trên;", "-P.PC;", "- Lưu (VT, TTHT)."],
        ["fit KT. CUC TRUONG", "PHO CỤC TRƯỜNG", "Lý Văn Bình"],
    ),
    # the lower-case "(3b)." of a Lưu item is not junk inside a title run
    (
        "Nơi nhận: KT. TONG CỤC TRƯỞNG\n- Lưu: VT, TXNK (3b). PHO TONG CỤC TRUONG\n\nHoàng Việt Cường",
        ["- Lưu: VT, TXNK (3b)."],
        ["KT. TONG CỤC TRƯỞNG", "PHO TONG CỤC TRUONG", "Hoàng Việt Cường"],
    ),
]


@pytest.mark.parametrize(("footer", "left", "right"), ISSUE2_FOOTERS)
def test_issue2_silver_footer_columns(footer: str, left: list[str], right: list[str]) -> None:
    doc = _doc(BODY + footer)
    assert _left(doc) == left
    assert _right(doc) == right


def test_issue2_prose_after_noi_nhan_is_not_a_head() -> None:
    doc = _doc(BODY + "Doanh nghiệp gửi hồ sơ đến nơi nhận hồ sơ của cơ quan thuế quản lý trực tiếp.\n")
    assert doc.segments is not None and doc.segments.noi_nhan is None


# (footer text after BODY, left column, right column): the Nơi nhận head lost by OCR or
# a web copy, and the signing block printed below the list
ISSUE2_HEADLESS = [
    # list under the signing block, the name merged into the Lưu line
    (
        "KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n\n- Như trên;\n- Phòng Pháp chế; .\n\n- Luu: VT, HTr(2). Mai Sơn",
        ["- Như trên;", "- Phòng Pháp chế; .", "- Luu: VT, HTr(2)."],
        ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Mai Sơn"],
    ),
    # the deputy's title merged into the first item, the name under the list
    (
        "oe KT. TONG CYC TRƯỞNG\n- Văn phòng Chính phủ (để biết); PHÓ TỎNG CỤC TRƯỞNG\n\n"
        "- UBND tỉnh Vĩnh Phúc (để phối hợp);\n\n- Lưu: VT, GSQL (03b).\n\n——Mai Xuân Thanh",
        [
            "- Văn phòng Chính phủ (để biết);",
            "- UBND tỉnh Vĩnh Phúc (để phối hợp);",
            "- Lưu: VT, GSQL (03b).",
        ],
        ["oe KT. TONG CYC TRƯỞNG", "PHÓ TỎNG CỤC TRƯỞNG", "Mai Xuân Thanh"],
    ),
    # only the archive item: "VT, TCHQ." is not a title continuation
    (
        "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\n- Lưu: VT, TCHQ.\n\nĐỗ Hoàng Anh Tuấn",
        ["- Lưu: VT, TCHQ."],
        ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Đỗ Hoàng Anh Tuấn"],
    ),
    # the list first, the closing sentence moved between it and the signing block
    (
        "Nơi nhận:\n- Như trên;\n- Cục Thuế DNL;\n- Luu: VT, TTKT.\n35\n\n"
        "Tổng cục Thuế thông báo để Cục Thuế được biết và thực hiện./.\n\n"
        "TL. TONG CỤC TRƯỞNG\nKT. CỤC TRƯỞNG\nCỤC THANH TRA - KIỂM TRA THUẾ\n\nNguyễn Tiến Trung",
        ["- Như trên;", "- Cục Thuế DNL;", "- Luu: VT, TTKT."],
        ["TL. TONG CỤC TRƯỞNG", "KT. CỤC TRƯỞNG", "CỤC THANH TRA - KIỂM TRA THUẾ", "Nguyễn Tiến Trung"],
    ),
]


@pytest.mark.parametrize(("footer", "left", "right"), ISSUE2_HEADLESS)
def test_issue2_headless_noi_nhan(footer: str, left: list[str], right: list[str]) -> None:
    doc = _doc(BODY + footer)
    assert _left(doc) == left
    assert _right(doc) == right


def test_issue2_signing_block_below_stops_at_appendix() -> None:
    doc = _doc(
        BODY + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nPHỤ LỤC\nDanh sách đơn vị\nGIÁM ĐỐC\nNguyễn Văn An\n"
    )
    assert doc.segments is not None and doc.segments.signature is None


def test_issue2_web_copy_signed_mark_and_luu_surname() -> None:
    doc = parse_text(BODY + "TM. ĐOÀN CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\nPhan Văn Anh (đã ký)\n")
    assert (doc.signer.title, doc.signer.name) == ("PHÓ CHỦ TỊCH", "Phan Văn Anh")
    doc = parse_text(BODY + "TL. TONG CỤC TRUONG\nVU TRUONG VỤ CHÍNH SÁCH\n\nLưu Đức Huy\n")
    assert doc.signer.name == "Lưu Đức Huy"


# -- issue 7 (silver5 round): a prefix between OCR debris on the Nơi nhận line ----------------------


@pytest.mark.parametrize(
    ("footer", "authority", "for_", "chain"),
    [
        # two signing levels: the outer one merged into the head line between debris words
        ("Nei nhận: ere TL. TONG GIAM BOC wh\n~ Như trên; KT.TRƯỞNG BAN THỰC HIỆN CHÍNH SÁCH BHXH\n- Lưu: VT, CSXH.\n",
         "TL", "TỔNG GIÁM ĐỐC", 2),
        ("Nơi nhận: ae KT. CỤC TRƯỞNG\n- Như trên;\n- Lưu: VT, TTHT.\n", "KT", "CỤC TRƯỞNG", 1),
        # debris without a prefix gives no signing level
        ("Nơi nhận: ere the wh\n- Như trên;\n- Lưu: VT.\n", None, None, 0),
    ],
)
def test_issue7_prefix_between_debris_on_head_line(footer: str, authority: str | None, for_: str | None,
                                                    chain: int) -> None:
    doc = parse_text("Kính gửi: Bảo hiểm xã hội tỉnh Nghệ An.\n\nĐề nghị BHXH tỉnh thực hiện theo hướng dẫn./.\n\n"
                     + footer)
    assert doc.signer.authority == authority
    assert doc.signer.for_ == for_
    assert len(doc.signer.chain) == chain


# issue 11 (silver6 round): a Nơi nhận list whose head OCR destroyed, found by its "Lưu" item
ISSUE11_NO_HEAD = [
    # the head line is debris with no readable prefix; stamp debris after an item's purpose
    (
        "2 bicdg 1y TONG CYC TRUONG\n\n~ Phó TCTr Cao Anh Tuấn (để b/c); age BA ha tớ\n-VPC(TCT, ¿\n\n"
        "~ Lưu: VT, CS (2b), Le\n",
        ["Phó TCTr Cao Anh Tuấn", "VPC(TCT"],
        None,
    ),
    # a prefix survives in the debris of the head line
    (
        "Noi nhậnx/- KT. CỤC TRƯỞNG\n- Như trên; exe Pel\n\n- PKT2;\n\n-P.PC;\n\n- Lưu VT; TTHT.\n",
        ["PKT2", "P.PC"],
        ("KT", "CỤC TRƯỞNG"),
    ),
    (
        "ghi ÿ xx KT. CỤC TRƯỞNG\n- Như trên;\n- Phòng Pháp chế;\n- Lưu: VT, TTHT.\n",
        ["Phòng Pháp chế"],
        ("KT", "CỤC TRƯỞNG"),
    ),
]


@pytest.mark.parametrize(("footer", "cc", "signed"), ISSUE11_NO_HEAD)
def test_issue11_list_found_by_its_luu_item(footer: str, cc: list[str], signed: tuple[str, str] | None) -> None:
    doc = parse_text(BODY + footer)
    assert [r.name for r in doc.recipients if r.role == "cc"] == cc
    got = (doc.signer.authority, doc.signer.for_) if doc.signer.authority else None
    assert got == signed


def test_issue11_dash_lines_without_luu_are_no_list() -> None:
    """Without a head and without a Lưu item a dash list is the body's, not a Nơi nhận list."""
    doc = parse_text(BODY + "- Công ty kê khai thuế theo tháng;\n- Công ty nộp thuế đúng hạn.\n")
    assert [r for r in doc.recipients if r.role == "cc"] == []


# -- issue 2 (DOCX layout C): a signing block without a prefix typed ABOVE the Nơi nhận list ----------
# Decree 30/2020, Art. 13: the head signs with only his title and name; Word users type the block as
# right-indented paragraphs over the list, so the text carries it before "Nơi nhận:".

NN_LIST = "Nơi nhận:\n- Như trên;\n- Thứ trưởng Lê Văn Thanh (để b/c);\n- Lưu: VT, PC.\n"
NN_LEFT = ["- Như trên;", "- Thứ trưởng Lê Văn Thanh (để b/c);", "- Lưu: VT, PC."]

ISSUE2_ABOVE = [
    ("VỤ TRƯỞNG\n\n\n\nNguyễn Văn Bình\n\n" + NN_LIST, ["VỤ TRƯỞNG", "Nguyễn Văn Bình"]),
    ("CỤC TRƯỞNG\nNguyễn Văn Bình\n" + NN_LIST, ["CỤC TRƯỞNG", "Nguyễn Văn Bình"]),
    ("CHỦ TỊCH\n\nTrương Việt Dũng\n" + NN_LIST, ["CHỦ TỊCH", "Trương Việt Dũng"]),
    # signature debris and "(Đã ký)" between the title and the name
    ("BỘ TRƯỞNG\n(Đã ký)\n\nNguyễn Văn Bình\n" + NN_LIST, ["BỘ TRƯỞNG", "Nguyễn Văn Bình"]),
    ("VỤ TRƯỞNG\near\n\nNguyễn Văn Bình\n" + NN_LIST, ["VỤ TRƯỞNG", "Nguyễn Văn Bình"]),
    # an OCR'd title, no diacritics
    ("GIAM DOC\n\nNguyen Van Binh\n" + NN_LIST, ["GIAM DOC", "Nguyen Van Binh"]),
    # a bare name right under the closing sentence
    ("Phạm Đức Thường\n\n" + NN_LIST, ["Phạm Đức Thường"]),
]


@pytest.mark.parametrize(("footer", "right"), ISSUE2_ABOVE)
def test_issue2_block_without_prefix_above_noi_nhan(footer: str, right: list[str]) -> None:
    doc = _doc(BODY + footer)
    assert _right(doc) == right
    assert _left(doc) == NN_LEFT
    seg = doc.segments
    assert seg is not None and seg.body is not None
    assert doc.text[: seg.body.end].endswith("quy định hiện hành./.")


ISSUE2_NOT_ABOVE = [
    # a title inside the body is prose, not a title line
    "Giám đốc Sở Y tế chỉ đạo các đơn vị thực hiện nghiêm túc nội dung này.\nTrân trọng./.\n" + NN_LIST,
    # a bare name without the closing sentence above it: a wrapped line or a list of the body
    "Thành phần đoàn kiểm tra gồm các ông, bà có tên sau đây:\nTrần Văn Hùng\nNguyễn Văn Bình\n" + NN_LIST,
    # a bare name of a rare surname (no common one): no signer rather than a guess
    "Trân trọng./.\nBé Văn Bình\n" + NN_LIST,
    # a person named in a cc item
    "Trân trọng./.\nNơi nhận:\n- Ông Nguyễn Văn Bình;\n- Lưu: VT.\n",
]


@pytest.mark.parametrize("tail", ISSUE2_NOT_ABOVE)
def test_issue2_no_block_above_noi_nhan(tail: str) -> None:
    doc = _doc(BODY.replace("hiện hành./.\n", "hiện hành.\n") + tail)
    assert doc.segments is not None and doc.segments.signature is None


def test_issue2_name_in_kinh_gui_is_no_signer() -> None:
    doc = parse_text(
        "SỞ Y TẾ TỈNH BẮC NINH\nSố: 12/SYT-VP\nV/v phòng chống dịch\n\nKính gửi:\nGIÁM ĐỐC BỆNH VIỆN ĐA KHOA\n"
        "Nguyễn Văn Khải\n\nSở Y tế đề nghị Ông thực hiện theo đúng quy định hiện hành./.\n" + NN_LIST
    )
    assert doc.signer.name is None


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # the main block above the list, an annex with its own (prefixed) block after it
        (
            BODY + "GIÁM ĐỐC\n\nTrần Văn Hùng\n" + NN_LIST + "\nPHỤ LỤC\nDanh sách các đơn vị tham gia đợt kiểm tra "
            "phòng chống dịch năm 2024\n1. Bệnh viện đa khoa tỉnh./.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn Bình\n",
            "Trần Văn Hùng",
            "GIÁM ĐỐC",
        ),
        # the main block prefixed below its list, an annex's prefix-less block above its own list
        (
            BODY + NN_LIST + "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTrần Văn Hùng\n\nPHỤ LỤC\nDanh sách các đơn vị tham gia "
            "đợt kiểm tra phòng chống dịch năm 2024\n1. Bệnh viện đa khoa tỉnh./.\nGIÁM ĐỐC\nNguyễn Văn Bình\n"
            "Nơi nhận:\n- Lưu: VT.\n",
            "Trần Văn Hùng",
            "PHÓ GIÁM ĐỐC",
        ),
    ],
)
def test_issue2_annex_block_never_replaces_the_main_one(text: str, name: str, title: str) -> None:
    doc = parse_text(text)
    assert (doc.signer.name, doc.signer.title) == (name, title)


@pytest.mark.parametrize(
    ("footer", "right"),
    [
        ("CỤC TRƯỞNG\n\nNguyễn Văn Bình\n\n- Như trên;\n- Lãnh đạo Cục;\n- Lưu: VT, TTHT.\n", ["CỤC TRƯỞNG", "Nguyễn Văn Bình"]),
        ("Nguyễn Văn Bình\n\n- Như trên;\n- Lãnh đạo Cục;\n- Lưu: VT, TTHT.\n", ["Nguyễn Văn Bình"]),
    ],
)
def test_issue2_block_above_list_without_head(footer: str, right: list[str]) -> None:
    """The list whose ``Nơi nhận:`` head OCR lost (found by its Lưu item) with the head's block over it:
    the name line is the signer's, not the damaged head."""
    doc = _doc(BODY + footer)
    assert _right(doc) == right
    assert _left(doc) == ["- Như trên;", "- Lãnh đạo Cục;", "- Lưu: VT, TTHT."]
