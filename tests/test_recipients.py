"""Recipients: Kính gửi (to) and Nơi nhận (cc) with purpose marks, wrapped items, addresses."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from docintel import parse_text
from docintel._model import Block, Line
from docintel.fields._recipients import (
    cc_recipients,
    clean_name,
    find_kinh_gui,
    is_address,
    is_excluded,
    noi_nhan_head,
    split_purpose,
    to_recipients,
)


def _block(text: str) -> Block:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return Block(0, len(text), lines)


def _to(text: str) -> list[str]:
    head = find_kinh_gui(text)
    assert head is not None
    return [r.name for r in to_recipients(text, head)]


# (text from Kính gửi on, expected to-names)
KINH_GUI = [
    (
        "Kính gửi: Các phòng, đơn vị thuộc Sở.\n\nHiện nay, tình hình dịch bệnh diễn biến phức tạp.",
        ["Các phòng, đơn vị thuộc Sở"],
    ),
    (
        "Kính gửi:\n\n- Các sở, ban, ngành, đoàn thể tỉnh;\n- UBND các huyện, thành phố.\n\nTrước diễn biến phức tạp của dịch bệnh",
        ["Các sở, ban, ngành, đoàn thể tỉnh", "UBND các huyện, thành phố"],
    ),
    (
        "Kính gửi: Công ty TNHH AP SYSTEMS VIỆT NAM\nMã số thuế: 2300946377\n"
        "Địa chỉ : NR Nguyễn Vĩnh Thân, đường Bình Than, phường Võ Cường,\nTP Bắc Ninh, tỉnh Bắc Ninh\n\n"
        "Ngày 17/09/2019, Cục Thuế tỉnh Bắc Ninh nhận được văn bản số 01-CV",
        ["Công ty TNHH AP SYSTEMS VIỆT NAM"],
    ),
    (
        "Kính gửi: Công ty cổ phần Bia Hà Nội - Thanh Hóa\n(Địa chỉ: 152 Quang Trung, P.Ngọc Trạo, TP.Thanh Hóa)\n"
        "Trả lời Công văn số 35A/THB-TV đề ngày 01/4/2021",
        ["Công ty cổ phần Bia Hà Nội - Thanh Hóa"],
    ),
    (
        "Kính gửi: Công ty liên doanh Hải Thành Kotobuki;\n(Dic: số 2A-4A Tôn Đức Thắng, Quận 1, TP Hồ Chí Minh)\n\nQua rà soát",
        ["Công ty liên doanh Hải Thành Kotobuki"],
    ),
    (
        "Kính gửi: Công ty cổ phần Bia Hà Nội - Nghệ An\nTrả lời Công văn số 76/CV-Habeco.NA, ngày 17 tháng 9 năm 2014",
        ["Công ty cổ phần Bia Hà Nội - Nghệ An"],
    ),
    (
        "Kính gửi: Các đơn vị, doanh nghiệp đóng bảo hiểm xã hội\ntrên địa bàn tỉnh Bình Dương\n\nThực hiện Luật Việc làm",
        ["Các đơn vị, doanh nghiệp đóng bảo hiểm xã hội trên địa bàn tỉnh Bình Dương"],
    ),
    (
        "Kính gửi: - Ngân hàng TNHH Một thành viên ANZ (Việt Nam);\n- Ngân hàng TNHH Một thành viên Shinhan (Việt Nam).\n"
        "Tổng cục Thuế nhận được công văn số 2017042",
        ["Ngân hàng TNHH Một thành viên ANZ (Việt Nam)", "Ngân hàng TNHH Một thành viên Shinhan (Việt Nam)"],
    ),
    (
        "Kính gửi:\n- Cục Thuế tỉnh Đồng Nai;\n- Công ty TNHH Pou Sung Việt Nam\n(Đc: KCN Bàu Xéo, xã Đồi 61, huyện Trảng Bom)\n\n"
        "Tổng cục Thuế nhận được công văn",
        ["Cục Thuế tỉnh Đồng Nai", "Công ty TNHH Pou Sung Việt Nam"],
    ),
    (
        "Kính gửi: Công Ty TNHH MHE-DEMAG VIỆT NAM\nSố 15, đường số 2, KCN Việt Nam- Singapore, P. Thuận Giao,\n"
        "thị xã Thuận An, tỉnh Bình Dương.\nMST: 3700514944\n\nTrả lời văn bản",
        ["Công Ty TNHH MHE-DEMAG VIỆT NAM"],
    ),
    (
        "Kính gửi:\n- Công ty TNHH MTV Tư vấn Chuyển giao Công nghệ\nBách Khoa; D/c: Tầng 2 Nhà A17, Số 17 Tạ Quang Bửu,\n"
        "trường ĐH Bách Khoa Hà Nội, Quận Hai Bà Trưng, TP\nHà Nội - MST: 0105275259\n\nTổng cục Thuế nhận được",
        ["Công ty TNHH MTV Tư vấn Chuyển giao Công nghệ Bách Khoa"],
    ),
    # a short sentence of the body after a blank line is not the rest of a one-line addressee
    ("Kính gửi: UBND tỉnh\n\nNội dung.\nThực hiện chỉ đạo", ["UBND tỉnh"]),
    ("Kính gửi: Sở Y tế\n\nĐồng ý.\n", ["Sở Y tế"]),
]


@pytest.mark.parametrize(("text", "names"), KINH_GUI)
def test_kinh_gui(text: str, names: list[str]) -> None:
    assert _to(text) == names


# (Nơi nhận left column, expected (name, purpose) list)
NOI_NHAN = [
    (
        "- Như trên;\n- UBND tỉnh (b/c);\n- BCĐ phòng, chống dịch Covid-19 tỉnh (Sở Y tế);\n"
        "- Các phòng, đơn vị thuộc Sở;\n- Lưu: VT, VP(TVTT).",
        [
            ("UBND tỉnh", "(b/c)"),
            ("BCĐ phòng, chống dịch Covid-19 tỉnh (Sở Y tế)", None),
            ("Các phòng, đơn vị thuộc Sở", None),
        ],
    ),
    (
        "- VP UBTP: CVP, các PCVP,\nCác phòng: NNMT, TH, ĐT, KGVX, KT;\nTrung tâm TT, DL vs CNS TP;\n- Lưu: VT, ĐTDG",
        [("VP UBTP: CVP, các PCVP, Các phòng: NNMT, TH, ĐT, KGVX, KT; Trung tâm TT, DL vs CNS TP", None)],
    ),
    (
        "Gửi bản điện tử:\n- Như kính gửi;\n- UBND tỉnh;\n- TTYT huyện/TP;\n- Lưu: VT, NVY.",
        [("UBND tỉnh", None), ("TTYT huyện/TP", None)],
    ),
    (
        "~ Như kính gửi,\n~ Lãnh đạo Cục (b/cáo);\n- Các phòng thuộc Cục Thuế;\n- Trang Web Cục Thuế BN;\n- Lưu: VT,TTHT.",
        [("Lãnh đạo Cục", "(b/cáo)"), ("Các phòng thuộc Cục Thuế", None), ("Trang Web Cục Thuế BN", None)],
    ),
    (
        "- Thủ tướng Chính phủ, Phó Thủ tướng\nChính phủ Lê Minh Khái (để báo cáo);\n- Bộ Tư pháp;\n- Lưu: VT, CST.",
        [("Thủ tướng Chính phủ, Phó Thủ tướng Chính phủ Lê Minh Khái", "(để báo cáo)"), ("Bộ Tư pháp", None)],
    ),
    (
        "- Sở KHĐTTP Hà Nội (để phối\nhợp hướng dẫn DN)\n- Phòng Pháp chế\n- Lưu: VT, TTHT.",
        [("Sở KHĐTTP Hà Nội", "(để phối hợp hướng dẫn DN)"), ("Phòng Pháp chế", None)],
    ),
    ("Như kính gửi;\nLưu VT.", []),
    (
        "- Như Điều 3;\n- Lãnh đạo Bộ Tài chính (dé báo cáo);\n- Lưu: VT.",
        [("Lãnh đạo Bộ Tài chính", "(dé báo cáo)")],
    ),
    (
        "- Như nana : .\n~ PTCTr Cao Anh Tuân (dé b/cáo);\n- Các Vụ: PC, DNL, HTQT, TTra (TCT),",
        [("PTCTr Cao Anh Tuân", "(dé b/cáo)"), ("Các Vụ: PC, DNL, HTQT, TTra (TCT)", None)],
    ),
    (
        '- Lãnh đạo Cục; ⁄\n- Kho bạc Nhà nước; x "\n- Vụ CS, HTQT (TCT); ⁄ USSRUONG',
        [("Lãnh đạo Cục", None), ("Kho bạc Nhà nước", None), ("Vụ CS, HTQT (TCT)", None)],
    ),
]


@pytest.mark.parametrize(("left", "expected"), NOI_NHAN)
def test_noi_nhan(left: str, expected: list[tuple[str, str | None]]) -> None:
    got = [(r.name, r.purpose) for r in cc_recipients(_block(left))]
    assert got == expected


@pytest.mark.parametrize(
    ("item", "excluded"),
    [
        ("- Như trên;", True),
        ("- Như kính gửi;", True),
        ("Nhu tren", True),
        ("- Lưu: VT, TTHT.", True),
        ("- Luu VT", True),
        ("Gửi bản điện tử:", True),
        ("- Như Điều 3;", True),
        ("- Lãnh đạo Cục;", False),
        ("- UBND tỉnh (b/c);", False),
    ],
)
def test_is_excluded(item: str, excluded: bool) -> None:
    assert is_excluded(item) is excluded


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("UBND tỉnh (b/c)", ("UBND tỉnh ", "(b/c)")),
        ("Lãnh đạo Cục (để b/cáo)", ("Lãnh đạo Cục ", "(để b/cáo)")),
        ("BCĐ tỉnh (Sở Y tế)", ("BCĐ tỉnh (Sở Y tế)", None)),
        ("Ban Chỉ đạo (Đề án 06)", ("Ban Chỉ đạo (Đề án 06)", None)),
        ("CT TP HCM (để phối hợp thực hiện)", ("CT TP HCM ", "(để phối hợp thực hiện)")),
    ],
)
def test_split_purpose(name: str, expected: tuple[str, str | None]) -> None:
    assert split_purpose(name) == expected


@pytest.mark.parametrize(
    ("line", "address"),
    [
        ("Mã số thuế: 2300946377", True),
        ("(Đ/c: 17 Nguyễn Gia Thiều, Phường 6)", True),
        ("@/e: số 70 Lê Lợi", True),
        ("MST: 0500530975", True),
        ("- Cục Thuế tỉnh Đồng Nai;", False),
        ("Công ty TNHH Pou Sung Việt Nam", False),
    ],
)
def test_is_address(line: str, address: bool) -> None:
    assert is_address(line) is address


def test_clean_name() -> None:
    assert clean_name("- Website Cục Thuế;") == "Website Cục Thuế"
    assert clean_name("~ Vụ CST,Vụ.") == "Vụ CST,Vụ"


def test_issue2_recipients_keep_spans() -> None:
    text = (
        "SỞ CÔNG THƯƠNG\nSố: 10/SCT-VP\nV/v phòng chống dịch\n\nKính gửi: Các phòng, đơn vị thuộc Sở.\n\n"
        "Sở Công Thương yêu cầu các phòng, đơn vị thuộc Sở thực hiện nghiêm các nội dung sau đây./.\n\n"
        "Nơi nhận:\n- Như trên;\n- UBND tỉnh (b/c);\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nLiều Anh Minh\n"
    )
    doc = parse_text(text)
    got = [(r.name, r.role) for r in doc.recipients]
    assert got == [("Các phòng, đơn vị thuộc Sở", "to"), ("UBND tỉnh", "cc")]
    for r in doc.recipients:
        assert r.start is not None and r.end is not None
        assert r.name.split()[0] in doc.text[r.start : r.end]
    assert doc.recipients[1].purpose == "(b/c)"


def test_issue2_seed_recipients_match_gold() -> None:
    seed = shared_path("seeds", "001_28966825ca30707b.txt")
    gold = json.loads(shared_path("gold", "seeds", "001_28966825ca30707b.json").read_text(encoding="utf-8"))
    doc = parse_text(seed.read_text(encoding="utf-8"))
    assert [(r.name, r.role) for r in doc.recipients] == [(r["name"], r["role"]) for r in gold["recipients"]]


# ---------------------------------------------------------------------------
# issue 2, second round: patterns the silver check found on unseen letters

ISSUE2_KINH_GUI = [
    # a one-line "Kính gửi các Bộ: …" list goes on over lines; OCR reads its commas as stops
    (
        "Kính gửi các Sở: Tài chính, Y tế. Xây dựng, Công Thương.\nGiáo dục và Đào tạo, Nội vụ, Tư\n"
        "pháp. Ngoại vụ.\n\nXét đề nghị của Sở Tài chính tại Tờ trình số 12/TTr-STC",
        ["các Sở: Tài chính, Y tế. Xây dựng, Công Thương. Giáo dục và Đào tạo, Nội vụ, Tư pháp. Ngoại vụ"],
    ),
    # a blank line ends it
    (
        "Kính gửi các Sở: Tài chính, Y tế.\n\nXây dựng, Công Thương, Nội vụ đã có ý kiến.",
        ["các Sở: Tài chính, Y tế"],
    ),
    # no enumeration ("các X:"): a full stop ends a one-line addressee as before
    (
        "Kính gửi: Công ty TNHH An Phát.\nVăn phòng, kho bãi, nhà xưởng, cửa hàng.\n",
        ["Công ty TNHH An Phát"],
    ),
    # body prose after an enumeration is not more of the list
    (
        "Kính gửi các Bộ: Công an, Ngoại giao.\nTrả lời Công văn số 12/BCA-QLXNC, Bộ Y tế có ý kiến như sau.",
        ["các Bộ: Công an, Ngoại giao"],
    ),
]


@pytest.mark.parametrize(("text", "names"), ISSUE2_KINH_GUI)
def test_issue2_kinh_gui_enumeration(text: str, names: list[str]) -> None:
    assert _to(text) == names


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (
            "- Cục Thuế tỉnh Khánh Hòa; (VBĐT) Ƒ `\n- Đội KTI; (VBĐT) “7",
            ["Cục Thuế tỉnh Khánh Hòa", "Đội KTI"],
        ),
        (
            "- VPCP: BTCN, các PCN: Trần Văn Sơn\nLê Minh Hà;\n- Lưu: VT.",
            ["VPCP: BTCN, các PCN: Trần Văn Sơn Lê Minh Hà"],
        ),
        # silver9 leftover (wild tax233): OCR read an item's dash as a quote mark, the item above
        # ended at its ";" with the other column's debris after it; "Ce)" is what is left of "(b/c)"
        (
            "- Như trên; lồ <Ê À Á 3\n“Phó TC Phi Văn Tuần Ce)\n- Cục Thuế các tỉnh/thành phố\ntrực thuộc trung ương;\n- Lưu: VT, KK (2b)",
            ["Phó TC Phi Văn Tuần", "Cục Thuế các tỉnh/thành phố trực thuộc trung ương"],
        ),
        # a quoted name that continues an open item stays inside it
        (
            "- Ban Quản lý dự án\n“Cầu Rồng”;\n- Lưu: VT.",
            ["Ban Quản lý dự án “Cầu Rồng”"],
        ),
    ],
)
def test_issue2_noi_nhan_marks_and_names(left: str, expected: list[str]) -> None:
    assert [r.name for r in cc_recipients(_block(left))] == expected


@pytest.mark.parametrize(
    ("line", "head"),
    [
        ("Nơi nhận fit KT. CUC TRUONG", True),
        ("Nơi nhận: ", True),
        ("nơi nhận hồ sơ của cơ quan thuế", False),
    ],
)
def test_issue2_noi_nhan_head_with_junk(line: str, head: bool) -> None:
    assert (noi_nhan_head(line) is not None) is head


# issue 11 (silver6 round): OCR in the Nơi nhận list and the Kính gửi block
@pytest.mark.parametrize(
    ("left", "expected"),
    [
        # ";" read as ":" on the last item: no items under it, so no heading
        ("- Như Điều 2;\n- Lãnh đạo Tổng cục Thuế:\n- Luu: VT, TTKT", ["Lãnh đạo Tổng cục Thuế"]),
        # a real heading keeps heading the items under it
        ("- Các đơn vị:\n+ Vụ Pháp chế;\n+ Cục Thuế;\n- Lưu: VT.", ["Vụ Pháp chế", "Cục Thuế"]),
        # the other column's debris after an item's purpose mark and closing ";"
        ("~ Phó TCTr Cao Anh Tuấn (để b/c); age BA ha tớ\n-VPC(TCT, ¿\n~ Lưu: VT", ["Phó TCTr Cao Anh Tuấn", "VPC(TCT"]),
        # a line after "Như trên;" is an item of its own, never its continuation
        ("~ Như trên;\nĐỗ Thị Xuân Phương;\n- Lưu: VT.", ["Đỗ Thị Xuân Phương"]),
    ],
)
def test_issue11_noi_nhan_items(left: str, expected: list[str]) -> None:
    assert [r.name for r in cc_recipients(_block(left))] == expected


def test_issue11_person_item_merged_with_title() -> None:
    text = (
        "BẢO HIỂM XÃ HỘI VIỆT NAM\nSố: 123/BHXH-CSXH\nV/v chế độ thai sản\n\nKính gửi: Bảo hiểm xã hội tỉnh Nghệ An\n\n"
        "Bảo hiểm xã hội Việt Nam hướng dẫn để Bảo hiểm xã hội tỉnh Nghệ An biết và thực hiện theo quy định./.\n"
        "Nơi nhận: TL. TỔNG GIÁM ĐỐC\n~ Như trên; KT.TRƯỞNG BAN THỰC HIỆN CHÍNH SÁCH BHXH\n"
        "au Đỗ Thị Xuân Phương BML. TRƯỞNG BAN\n- Trưởng ban Thực hiện chính sách BHXH (để b/c);\n~ Lưu: VT, CSXH.\n"
    )
    doc = parse_text(text)
    assert [r.name for r in doc.recipients if r.role == "cc"] == [
        "au Đỗ Thị Xuân Phương",
        "Trưởng ban Thực hiện chính sách BHXH",
    ]
    assert (doc.signer.authority, doc.signer.for_) == ("TL", "TỔNG GIÁM ĐỐC")


def test_issue11_kinh_gui_in_capitals_wraps() -> None:
    text = (
        "Kính gửi: THẦU TC MT T.BIN GIÓ, TC LD T.BIN GIÓ, MS VALD CD\n"
        "THUỘC GT EPC DA NM DG ĐÔNG THÀNH 1 TẠI T.TRÀ VINH\n\n"
        "(Địa chỉ: Thửa đất số 3336, xã Dân Thành, tỉnh Trà Vinh)\n\n"
        "Tổng cục Thuế nhận được công văn số 01/CV ngày 14/09/2022 của Nhà thầu.\n"
    )
    head = find_kinh_gui(text)
    assert head is not None
    assert [r.name for r in to_recipients(text, head)] == [
        "THẦU TC MT T.BIN GIÓ, TC LD T.BIN GIÓ, MS VALD CD THUỘC GT EPC DA NM DG ĐÔNG THÀNH 1 TẠI T.TRÀ VINH"
    ]


@pytest.mark.parametrize(
    ("line", "head"),
    [("Noi nhậnx/- KT. CỤC TRƯỞNG", True), ("Noi nhank— AR! UC TRUONG", True), ("Nơi nhanh nhất", False)],
)
def test_issue11_noi_nhan_head_with_ocr_tail(line: str, head: bool) -> None:
    assert (noi_nhan_head(line) is not None) is head


# -- issue 2 (silver7): a long addressee wraps lower-case; a dotted form blank ends the name -------
@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Kính gửi: Công ty TNHH xây dựng Sumitomo Mitsui-Thau chính gói thầu số 1: dự án đầu tư\n"
            "xây dựng cầu cạn đoạn Mai Dịch - Nam Thăng Long thuộc đường vành đai III TP Hà Nội\n"
            "(Địa chỉ: Tầng 2 tòa nhà OCT 3A, khu đô thị Cổ Nhuế, Phường Xuân Đỉnh, Quận Bắc Từ Liêm,\n"
            "Hà Nội; MST: 0108075498)\n\nTrả lời công văn số 001/SMCC-MD ngày 04/7/2018.\n",
            ["Công ty TNHH xây dựng Sumitomo Mitsui-Thau chính gói thầu số 1: dự án đầu tư xây dựng cầu "
             "cạn đoạn Mai Dịch - Nam Thăng Long thuộc đường vành đai III TP Hà Nội"],
        ),
        # a short head line: a long lower-case line under it is the body, as before
        (
            "Kính gửi: Cục Thuế tỉnh Bắc Ninh\nvề việc hoàn thuế giá trị gia tăng của các doanh nghiệp chế xuất "
            "trên địa bàn tỉnh năm 2020 theo quy định\n",
            ["Cục Thuế tỉnh Bắc Ninh"],
        ),
        ("Kính gửi: Cục Thuế .. - LG... Biel...\n\nTrên cơ sở trao đổi thông tin.\n", ["Cục Thuế"]),
        # silver9: OCR'd "Mã số thuế" (sé/s6) under the addressee, and an em dash before an inline MST
        ("Kính gửi: Công ty TNHH Haengsung Electronics Việt Nam\nMã sé thuế: 0201635899\nĐịa chỉ: Lô K1, KCN"
         " Tràng Duệ\n\nCục Thuế nhận được văn bản.\n", ["Công ty TNHH Haengsung Electronics Việt Nam"]),
        ("Kính gửi: Bà Đặng Thu Thủy — MST: 8009305321\n(Địa chỉ: Ngõ 211, P. Khương Trung)\n\nCục Thuế nhận được.\n",
         ["Bà Đặng Thu Thủy"]),
        ("Kính gửi: Ủy ban nhân dân huyện ……………\n\nThực hiện Kế hoạch số 12/KH-UBND.\n", ["Ủy ban nhân dân huyện"]),
        # one addressee that OCR closed with a colon is no list heading
        (
            "Kính gửi: Line Corporation:\n(Công ty con tại Việt Nam: Công ty TNHH Line Technology Việt Nam\n"
            "Địa chỉ: Tầng 20-21, Tháp 1, tòa nhà Capital Place)\n\nTrả lời công văn không số của tổ chức.\n",
            ["Line Corporation"],
        ),
        ("Kính gửi:\n- Các Vụ:\n- Vụ Chính sách thuế;\n- Vụ Pháp chế.\n\nThực hiện ý kiến của lãnh đạo Bộ.\n",
         ["Vụ Chính sách thuế", "Vụ Pháp chế"]),
        ("Kính gửi: Công ty TNHH A.B.C\n\nTrả lời công văn số 12/ABC ngày 01/3/2020 của Công ty.\n", ["Công ty TNHH A.B.C"]),
    ],
)
def test_issue2_kinh_gui_wrap_and_form_blank(text: str, names: list[str]) -> None:
    assert _to(text) == names
