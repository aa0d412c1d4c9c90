"""Signer: authority prefixes (KT./TM./TL./TUQ./Q.), nesting, title restoration, names."""

from __future__ import annotations

import pytest

from docintel import parse_text, to_contract
from docintel._model import Line, Signer
from docintel.fields._signer import (
    classify,
    find_prefix,
    is_agency_line,
    match_prefix,
    merged_kind,
    person_name,
    read_signer,
    repair_name,
    restore_title,
    signing_blocks,
    unmerge_columns,
)


def _lines(block: str) -> list[Line]:
    out: list[Line] = []
    pos = 0
    for raw in block.split("\n"):
        out.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


# (signing block lines, authority, for, title, name)
BLOCKS = [
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLiều Anh Minh", "KT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Liều Anh Minh"),
    ("T/M BAN CÁN SỰ\nBÍ THƯ\nLê Thành Đô", "TM", "BAN CÁN SỰ", "BÍ THƯ", "Lê Thành Đô"),
    (
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrương Việt Dũng",
        "TM",
        "ỦY BAN NHÂN DÂN",
        "PHÓ CHỦ TỊCH",
        "Trương Việt Dũng",
    ),
    (
        "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nNguyễn Văn Hà",
        "TL",
        "CHỦ TỊCH",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn Hà",
    ),
    ("VỤ TRƯỞNG\nNguyễn Văn Bình", None, None, "VỤ TRƯỞNG", "Nguyễn Văn Bình"),
    ("THỦ TƯỚNG\n[\nLê Minh Hưng", None, None, "THỦ TƯỚNG", "Lê Minh Hưng"),
    (
        "KT. TONG CUC TRUONG\nPHO TONG CUC TRUONG\nNguyễn Thế Mạnh",
        "KT",
        "TỔNG CỤC TRƯỞNG",
        "PHÓ TỔNG CỤC TRƯỞNG",
        "Nguyễn Thế Mạnh",
    ),
    (
        "KT.CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\nNguyễn Hồng Hải",
        "KT",
        "CỤC TRƯỞNG",
        "PHÓ CỤC TRƯỞNG",
        "Nguyễn Hồng Hải",
    ),
    (
        "TUQ. CỤC TRƯỞNG\nTRƯỞNG PHÒNG\nTrần Thị Lệ Nga",
        "TUQ",
        "CỤC TRƯỞNG",
        "TRƯỞNG PHÒNG",
        "Trần Thị Lệ Nga",
    ),
    ("Q. GIÁM ĐỐC\nNguyễn Văn An", "Q", "GIÁM ĐỐC", None, "Nguyễn Văn An"),
    (
        "TL. TONG CUC TRUONG\nKT. VU TRUONG VU KE KHAI VA KE TOAN\nTHUE\nPHO VU TRUONG\nNguyen Thi Thu Phuong",
        "TL",
        "TỔNG CỤC TRƯỞNG",
        "PHÓ VỤ TRƯỞNG",
        "Nguyen Thi Thu Phuong",
    ),
    (
        "TL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ CHÍNH SÁCH\nTHUẾ\nPhạm Đình Thi",
        "TL",
        "BỘ TRƯỞNG",
        "VỤ TRƯỞNG VỤ CHÍNH SÁCH THUẾ",
        "Phạm Đình Thi",
    ),
    # a web copy lost "KT.": the head's title over the deputy's is the ký thay layout
    ("THỐNG ĐỐC\nPHÓ THỐNG ĐỐC\n(Đã ký)\nĐoàn Thái Sơn", "KT", "THỐNG ĐỐC", "PHÓ THỐNG ĐỐC", "Đoàn Thái Sơn"),
    # OCR keeps "T." of "KT." and mangles CỤC
    ("T. | YC TRUONG\nPham Đức Thường", "KT", "CỤC TRƯỞNG", None, "Pham Đức Thường"),
    # OCR drops PHÓ under KT.: a deputy signs, so the own title cannot be the head's
    ("KT. TỎNG CỤC TRƯỞNG\nÓ TONG CUC TRƯỞNG", "KT", "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", None),
]


@pytest.mark.parametrize(("block", "authority", "for_", "title", "name"), BLOCKS)
def test_read_signer(
    block: str, authority: str | None, for_: str | None, title: str | None, name: str | None
) -> None:
    s = read_signer(_lines(block))
    assert (s.authority, s.for_, s.title, s.name) == (authority, for_, title, name)


def test_issue2_seed_extra_title_line_is_appended() -> None:
    s = read_signer(_lines("KT.TRƯỞNG BAN\nPHÓ TRƯỞNG BAN CHỈ ĐẠO\nGIÁM ĐỐC SỞ Y TẾ\nTạc Văn Nam"))
    assert s.authority == "KT"
    assert s.for_ == "TRƯỞNG BAN"
    assert s.title is not None and s.title.startswith("PHÓ TRƯỞNG BAN CHỈ ĐẠO")
    assert s.name == "Tạc Văn Nam"


def test_issue2_chain_keeps_every_level() -> None:
    s = read_signer(_lines("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrương Việt Dũng"))
    assert s.chain == [("TM", "ỦY BAN NHÂN DÂN"), ("KT", "CHỦ TỊCH")]
    assert s.start == 0


@pytest.mark.parametrize(
    ("line", "authority"),
    [
        ("KT. GIÁM ĐỐC", "KT"),
        ("KT, CỤC TRƯỞNG", "KT"),
        ("K.T CHỦ TỊCH", "KT"),
        ("T/M BAN CÁN SỰ", "TM"),
        ("TM. CHÍNH PHỦ", "TM"),
        ("TL.TONG CỤC TRƯỞNG", "TL"),
        ("TUQ. CỤC TRUGNG", "TUQ"),
        ("Q. GIÁM ĐỐC", "Q"),
        ("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "KT"),
    ],
)
def test_match_prefix(line: str, authority: str) -> None:
    m = match_prefix(line)
    assert m is not None and m[0] == authority


@pytest.mark.parametrize(
    "line",
    ["TT. Tỉnh ủy", "Kt. giám đốc", "Q. Hải An, TP. Hải Phòng", "TMCP Công thương", "KTTV tỉnh", "TL 2020"],
)
def test_not_a_prefix(line: str) -> None:
    assert match_prefix(line) is None


@pytest.mark.parametrize(
    ("line", "authority"),
    [
        ("ly KT. CUC TRUONG", "KT"),
        ("ÿ . ; KT.TONG CUC TRUONG", "KT"),
        ("Ay KT.BỘ TRUONG", "KT"),
        ("._ TL. TONG CỤC TRƯỞNG", "TL"),
    ],
)
def test_issue2_prefix_after_ocr_junk(line: str, authority: str) -> None:
    m = find_prefix(line)
    assert m is not None and m[0] == authority


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("PHO TONG CUC TRUONG", "PHÓ TỔNG CỤC TRƯỞNG"),
        ("PHÓ cụ c TRƯỞNG", "PHÓ CỤC TRƯỞNG"),
        ("AE CỤC TRƯỞNG", "CỤC TRƯỞNG"),
        ("4 CỤC TRUONG", "CỤC TRƯỞNG"),
        ("CỤC TRUGNG", "CỤC TRƯỞNG"),
        ("TONG 2 CVC TRUONG", "TỔNG CỤC TRƯỞNG"),
        ("VU TRUONG VU PHAP CHE", "VỤ TRƯỞNG VU PHAP CHE"),
        ("ỦY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("PHÓ VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG"),
        ("THỨ TRƯỞNG", "THỨ TRƯỞNG"),
        ("THỦ TRƯỞNG", "THỦ TRƯỞNG"),
        ("THU TRUONG", "THỨ TRƯỞNG"),
        ("FA TRƯỞNG", "FA TRƯỞNG"),  # unreadable: kept as printed, never guessed
    ],
)
def test_restore_title(raw: str, canonical: str) -> None:
    assert restore_title(raw) == canonical


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nguyễn Thế Mạnh", ("Nguyễn Thế Mạnh", True)),
        ("Pham Đức Thường", ("Pham Đức Thường", True)),
        ("Dang! Ngọc Minh", ("Dang Ngọc Minh", True)),
        ("Mai Sơn", ("Mai Sơn", True)),
        ("**Lê Thành Đô**", ("Lê Thành Đô", True)),
        ("Ye", None),
        ("/Qy", None),
        ("AEG", None),
        ("Hồ Chí Minh", None),
        ("Cục Thuế Tỉnh", None),
        ("Nguyễn Sỹ Hiệp;", None),
        ("Vũ Đức Đam (để b/c)", None),
        ("PHÓ GIÁM ĐỐC", None),
        ("Website Cục Thuế", None),
        # issue 2: Lưu is a surname ("Lưu: VT" is the archive item), web-copy "(đã ký)"
        ("Lưu Đức Huy", ("Lưu Đức Huy", True)),
        ("Lưu VT", None),
        ("Phan Văn Anh (đã ký)", ("Phan Văn Anh", True)),
        ("(Đã ký)", None),
        # issue 7: common given names that are also words of agency phrases
        ("Nguyễn Hải Trang", ("Nguyễn Hải Trang", True)),
        ("Nguyễn Văn Chính", ("Nguyễn Văn Chính", True)),
        ("Trần Văn Định", ("Trần Văn Định", True)),
        ("Trang Web Cục Thuế", None),
        ("Bộ Tài Chính", None),
        ("Quyết Định Số", None),
    ],
)
def test_person_name(line: str, expected: tuple[str, bool] | None) -> None:
    assert person_name(line) == expected


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("KT. GIÁM ĐỐC", "prefix"),
        ("PHÓ GIÁM ĐỐC", "title"),
        ("Tạc Văn Nam", "name"),
        ("jgyy", None),
        ("Z2 AEG", None),
    ],
)
def test_classify(line: str, kind: str | None) -> None:
    assert classify(line) == kind


def test_issue2_signer_from_merged_footer() -> None:
    text = (
        "CỤC THUẾ TỈNH VĨNH PHÚC\nSố: 12/CT-TTHT\nV/v chính sách thuế\n\n"
        "Kính gửi: Công ty TNHH BHFLEX VINA\n"
        "Trả lời công văn của Công ty, Cục thuế tỉnh Vĩnh Phúc có ý kiến như sau: "
        "Công ty được khấu trừ thuế theo quy định hiện hành./.\n"
        "Nơi nhận: KT. CỤC TRƯỞNG\n- Như trên; PHÓ CỤC TRƯỞNG\n- Lãnh đạo Cục (để b/c);\n"
        "- Website Cục Thuế;\n- Lưu: VT, TTHT.\nNguyễn Hồng Thái\n"
    )
    doc = parse_text(text)
    s = doc.signer
    assert (s.authority, s.for_, s.title, s.name) == (
        "KT",
        "CỤC TRƯỞNG",
        "PHÓ CỤC TRƯỞNG",
        "Nguyễn Hồng Thái",
    )
    assert s.start is not None and s.end is not None and s.start < s.end


def test_issue2_no_signer_warns() -> None:
    doc = parse_text(
        "Kính gửi: Sở Y tế\nĐề nghị Sở Y tế báo cáo kết quả thực hiện trước ngày 10/8/2020 để tổng hợp."
    )
    assert doc.signer.name is None
    assert any("signer" in w for w in doc.warnings)


# ---------------------------------------------------------------------------
# issue 2, second round: OCR damage the silver check found on unseen letters

# (signing block lines, authority, for, title, name)
ISSUE2_BLOCKS = [
    # junk inside the deputy's title: under KT. X the deputy is PHÓ X (Decree 30, Art. 13),
    # preferred over another title the damaged letters resemble (PHÓ CỤC TRƯỞNG)
    (
        "KT. TỔNG CỤC TRƯỞNG\nPHO pes CUC TRUONG\nLê Văn An",
        "KT",
        "TỔNG CỤC TRƯỞNG",
        "PHÓ TỔNG CỤC TRƯỞNG",
        "Lê Văn An",
    ),
    (
        "KT. TONG CỤC TRƯỞNG\nPHO TG ING cue TRUONG\nVõ Thị Hạnh",
        "KT",
        "TỔNG CỤC TRƯỞNG",
        "PHÓ TỔNG CỤC TRƯỞNG",
        "Võ Thị Hạnh",
    ),
    # stamp junk before the title, and titles cut at the right margin
    (
        "mm KT, CHI CỤC TRU\n“in VE BƠ, 7 PHO CHI CỤC TRU\nĐỗ Minh Khoa",
        "KT",
        "CHI CỤC TRƯỞNG",
        "PHÓ CHI CỤC TRƯỞNG",
        "Đỗ Minh Khoa",
    ),
    ("KT. prs CUC TRUONG\nPHÓ CỤC TRƯỞNG\nMai Văn Hòa", "KT", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Mai Văn Hòa"),
    # junk that reads as no title: null, never the junk
    ("Ẹ Noi: C Cc TRUONG\nPhan Văn Long", None, None, None, "Phan Văn Long"),
    # a lone fragment of a title is not the signer's title
    ("KT. CỤC TRƯỞNG\nTRƯỞNG\nMai Sơn", "KT", "CỤC TRƯỞNG", None, "Mai Sơn"),
    # an unknown title with a one- or two-letter token is OCR noise: no title
    ("KT. BO TRUONG\nFA TRƯỞNG\nLê Văn Hùng", "KT", "BỘ TRƯỞNG", None, "Lê Văn Hùng"),
    # the same title read twice from two damaged lines is one title
    ("SUC TRƯỞNG\nCÁC TRƯỞNG\nTrần Minh Đức", None, None, "CỤC TRƯỞNG", "Trần Minh Đức"),
    # a head's title damaged past restoring, under a readable PHÓ X: X
    ("KT. CỤC TRÌ\nPHO CUC TRUONG\nMai Sơn", "KT", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Mai Sơn"),
    # ... but a known head's title is never replaced by the deputy's
    ("KT. GIÁM ĐỐC\nPHÓ CHÁNH VĂN PHÒNG\nLê Hà", "KT", "GIÁM ĐỐC", "PHÓ CHÁNH VĂN PHÒNG", "Lê Hà"),
    # a known title under KT. is kept as printed, not forced to PHÓ X
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nĐỗ Hoàng Anh Tuấn", "KT", "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Đỗ Hoàng Anh Tuấn"),
]


@pytest.mark.parametrize(("block", "authority", "for_", "title", "name"), ISSUE2_BLOCKS)
def test_issue2_ocr_damaged_titles(
    block: str, authority: str | None, for_: str | None, title: str | None, name: str | None
) -> None:
    s = read_signer(_lines(block))
    assert (s.authority, s.for_, s.title, s.name) == (authority, for_, title, name)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("in VE BƠ, 7 PHO CHI CỤC TRU", "PHÓ CHI CỤC TRƯỞNG"),
        ("CHI CỤC TRU", "CHI CỤC TRƯỞNG"),
        ("prs CUC TRUONG", "CỤC TRƯỞNG"),
        ("Ẹ Noi: C Cc TRUONG", ""),
        ("(VBĐT) Ƒ", ""),
        ("BỘ TRƯỞNG", "BỘ TRƯỞNG"),  # BỘ is a title's first word, never junk
        ("VU TRUONG VU PHAP CHE", "VỤ TRƯỞNG VU PHAP CHE"),
    ],
)
def test_issue2_restore_title_junk(raw: str, canonical: str) -> None:
    assert restore_title(raw) == canonical


@pytest.mark.parametrize(
    ("line", "authority"),
    [("fit KT. CUC TRUONG", "KT"), ("mm KT, CHI CỤC TRƯỞNG", "KT")],
)
def test_issue2_prefix_after_short_lowercase_junk(line: str, authority: str) -> None:
    m = find_prefix(line)
    assert m is not None and m[0] == authority


@pytest.mark.parametrize("line", ["Chuyên KT. CỤC TRƯỞNG", "Ông Tân KT. CỤC TRƯỞNG", "Văn bản TL. BỘ TRƯỞNG"])
def test_issue2_words_before_prefix_are_text(line: str) -> None:
    assert find_prefix(line) is None


# ---------------------------------------------------------------------------
# issue 11 (silver6 round): joint documents, agency lines, ranks before names

JOINT = (
    "BỘ TƯ PHÁP - BỘ CÔNG AN\nSố: 29/2025/TTLT-BTP-BCA\nHà Nội, ngày 31 tháng 12 năm 2025\n"
    "THÔNG TƯ LIÊN TỊCH\nSửa đổi Thông tư liên tịch về trợ giúp pháp lý\n"
    "Điều 1. Thông tư liên tịch này có hiệu lực thi hành kể từ ngày ký./.\n"
    "KT. BỘ TRƯỞNG\nBỘ CÔNG AN\nTHỨ TRƯỞNG\n(Đã ký)\nThượng tướng Lê Quốc Hùng\n"
    "KT. BỘ TRƯỞNG\nBỘ TƯ PHÁP\nTHỨ TRƯỞNG\n(Đã ký)\nNguyễn Thanh Ngọc\n"
    "KT. BỘ TRƯỞNG\nBỘ QUỐC PHÒNG\nTHỨ TRƯỞNG\n(Đã ký)\nThượng tướng Võ Minh Lươn g\n"
    "KT. CHÁNH ÁN TÒA ÁN\nNHÂN DÂN TỐI CAO\nPHÓ CHÁNH ÁN\n(Đã ký)\nNguyễn Văn Tiến\n"
    "Nơi nhận:\n- Ban Bí thư TW Đảng;\n- Văn phòng Quốc hội;\n- Công báo;\n- Lưu: VT, BTP, BCA.\n"
)


def test_issue11_joint_document_signing_blocks() -> None:
    """TTLT: one block per body, printed one under the other, the Nơi nhận list after them."""
    doc = parse_text(JOINT)
    s = doc.signer
    assert (s.authority, s.for_, s.title, s.name) == ("KT", "BỘ TRƯỞNG BỘ CÔNG AN", "THỨ TRƯỞNG", "Lê Quốc Hùng")
    assert [(c.for_, c.title, c.name) for c in s.co_signers] == [
        ("BỘ TRƯỞNG BỘ TƯ PHÁP", "THỨ TRƯỞNG", "Nguyễn Thanh Ngọc"),
        ("BỘ TRƯỞNG BỘ QUỐC PHÒNG", "THỨ TRƯỞNG", None),  # the name OCR split is not guessed
        ("CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO", "PHÓ CHÁNH ÁN", "Nguyễn Văn Tiến"),
    ]
    assert [r.name for r in doc.recipients if r.role == "cc"] == ["Ban Bí thư TW Đảng", "Văn phòng Quốc hội", "Công báo"]


@pytest.mark.parametrize(
    ("block", "blocks"),
    [
        # nested prefixes are one block, not two
        ("TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nNguyễn Văn Hà", 1),
        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrương Việt Dũng", 1),
        ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Văn A\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn B", 2),
        # a block whose name OCR lost still ends at the next prefix after its own title
        ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTrần Văn B", 2),
    ],
)
def test_issue11_signing_blocks(block: str, blocks: int) -> None:
    assert len(signing_blocks(_lines(block))) == blocks


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thượng tướng Lê Quốc Hùng", ("Lê Quốc Hùng", True)),
        ("Thiếu tướng Nguyễn Văn Long", ("Nguyễn Văn Long", True)),
        ("PGS.TS. Trần Văn Sơn", ("Trần Văn Sơn", True)),
        ("Thượng tướng", None),
    ],
)
def test_issue11_rank_before_name(line: str, expected: tuple[str, bool] | None) -> None:
    assert person_name(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("BỘ CÔNG AN", True), ("TÒA ÁN NHÂN DÂN TỐI CAO", True), ("THỨ TRƯỞNG", False), ("Bộ Công an;", False)],
)
def test_issue11_agency_line(line: str, expected: bool) -> None:
    assert is_agency_line(line) is expected


def test_issue11_co_signers_exported() -> None:
    c = to_contract(parse_text(JOINT))
    assert c["signer"]["name"] == "Lê Quốc Hùng"
    assert [x["name"] for x in c["signer"]["co_signers"]] == ["Nguyễn Thanh Ngọc", None, "Nguyễn Văn Tiến"]


# ---------------------------------------------------------------------------
# issue 2 (joint round): side-by-side signing blocks merged line by line in plain text

# (block lines as extracted, [(authority, for, title, name) per block, lead first])
MERGED = [
    (
        "KT. BỘ TRƯỞNG BỘ Y TẾ KT. BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG THỨ TRƯỞNG\nNguyễn Thị Xuyên Trần Văn Hiếu",
        [
            ("KT", "BỘ TRƯỞNG BỘ Y TẾ", "THỨ TRƯỞNG", "Nguyễn Thị Xuyên"),
            ("KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Trần Văn Hiếu"),
        ],
    ),
    (  # the bodies' names on a line of their own, as the stacked layout prints them
        "KT. BỘ TRƯỞNG KT. BỘ TRƯỞNG\nBỘ Y TẾ BỘ TÀI CHÍNH\nTHỨ TRƯỞNG THỨ TRƯỞNG\n(Đã ký) (Đã ký)\n"
        "Nguyễn Thị Xuyên Trần Văn Hiếu",
        [
            ("KT", "BỘ TRƯỞNG BỘ Y TẾ", "THỨ TRƯỞNG", "Nguyễn Thị Xuyên"),
            ("KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Trần Văn Hiếu"),
        ],
    ),
    (  # different prefixes and own titles
        "TM. ỦY BAN NHÂN DÂN KT. BỘ TRƯỞNG BỘ NỘI VỤ\nCHỦ TỊCH THỨ TRƯỞNG\nLê Văn Hùng Phạm Thị Lan",
        [
            ("TM", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Hùng"),
            ("KT", "BỘ TRƯỞNG BỘ NỘI VỤ", "THỨ TRƯỞNG", "Phạm Thị Lan"),
        ],
    ),
    (  # a line that cannot be cut into both columns is dropped, not given to the wrong one
        "KT. BỘ TRƯỞNG BỘ Y TẾ KT. BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG THỨ TRƯỞNG\nTrần Văn Hiếu",
        [
            ("KT", "BỘ TRƯỞNG BỘ Y TẾ", "THỨ TRƯỞNG", None),
            ("KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", None),
        ],
    ),
    (  # three bodies side by side
        "KT. BỘ TRƯỞNG BỘ Y TẾ KT. BỘ TRƯỞNG BỘ TÀI CHÍNH KT. BỘ TRƯỞNG BỘ NỘI VỤ\n"
        "THỨ TRƯỞNG THỨ TRƯỞNG THỨ TRƯỞNG\nNguyễn Thị Xuyên Trần Văn Hiếu Phạm Thị Lan",
        [
            ("KT", "BỘ TRƯỞNG BỘ Y TẾ", "THỨ TRƯỞNG", "Nguyễn Thị Xuyên"),
            ("KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Trần Văn Hiếu"),
            ("KT", "BỘ TRƯỞNG BỘ NỘI VỤ", "THỨ TRƯỞNG", "Phạm Thị Lan"),
        ],
    ),
    (  # stacked (one block under the other): unchanged, and the first keeps its ministry
        "KT. BỘ TRƯỞNG\nBỘ Y TẾ\nTHỨ TRƯỞNG\nNguyễn Thị Xuyên\nKT. BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG\nTrần Văn Hiếu",
        [
            ("KT", "BỘ TRƯỞNG BỘ Y TẾ", "THỨ TRƯỞNG", "Nguyễn Thị Xuyên"),
            ("KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Trần Văn Hiếu"),
        ],
    ),
    (  # one body: never cut
        "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nNguyễn Văn Hà",
        [("TL", "CHỦ TỊCH", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Văn Hà")],
    ),
]


def _blocks(s: Signer) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(b.authority, b.for_, b.title, b.name) for b in [s, *s.co_signers]]


@pytest.mark.parametrize(("block", "expected"), MERGED)
def test_issue2_merged_side_by_side_blocks(block: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert _blocks(read_signer(_lines(block))) == expected


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Nguyễn Thị Xuyên Trần Văn Hiếu", "name"),
        ("THỨ TRƯỞNG THỨ TRƯỞNG", "title"),
        ("PHÓ CHÁNH ÁN PHÓ VIỆN TRƯỞNG", "title"),
        ("Nguyễn Thị Xuyên", None),  # one name is no merged line
        ("Các Bộ, cơ quan ngang Bộ", None),
        ("Sở Y tế tỉnh Điện Biên", None),
    ],
)
def test_issue2_merged_kind(line: str, kind: str | None) -> None:
    assert merged_kind(line) == kind


def test_issue2_columns_at_wide_blank_runs() -> None:
    """The raw text's blank runs between the columns decide the cut (heads signing in their
    own name, no prefix to repeat); the stored text has single spaces."""
    raw_lines = ["BỘ TRƯỞNG BỘ Y TẾ        BỘ TRƯỞNG BỘ NỘI VỤ", "Nguyễn Thị Xuyên        Phạm Thị Lan"]
    lines, offsets, pos, rpos = [], [], 0, 0
    for raw in raw_lines:
        left, right = raw.split("        ")
        text = f"{left} {right}"
        lines.append(Line(text, pos, pos + len(text)))
        offsets += [rpos + i for i in range(len(left) + 1)] + [rpos + len(left) + 8 + i for i in range(len(right))]
        offsets.append(rpos + len(raw))  # the newline
        pos += len(text) + 1
        rpos += len(raw) + 1
    cols = unmerge_columns(lines, offsets)
    assert [[ln.text for ln in c] for c in cols] == [
        ["BỘ TRƯỞNG BỘ Y TẾ", "Nguyễn Thị Xuyên"],
        ["BỘ TRƯỞNG BỘ NỘI VỤ", "Phạm Thị Lan"],
    ]
    assert unmerge_columns(lines) == [lines]  # without the map, no wide runs to cut at


JOINT_SIDE_BY_SIDE = (
    "BỘ TÀI CHÍNH - BỘ Y TẾ                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "                                      Độc lập - Tự do - Hạnh phúc\n"
    "Số: 15/2024/TTLT-BTC-BYT              Hà Nội, ngày 12 tháng 3 năm 2024\n\n"
    "THÔNG TƯ LIÊN TỊCH\nHướng dẫn quản lý kinh phí khám bệnh, chữa bệnh cho người nghèo\n\n"
    "Điều 1. Thông tư liên tịch này có hiệu lực từ ngày 01 tháng 5 năm 2024./.\n\n"
    "KT. BỘ TRƯỞNG BỘ Y TẾ                      KT. BỘ TRƯỞNG BỘ TÀI CHÍNH\n"
    "THỨ TRƯỞNG                                  THỨ TRƯỞNG\n\n\n\n"
    "Nguyễn Thị Xuyên                            Trần Văn Hiếu\n\n"
    "Nơi nhận:\n- Văn phòng Chính phủ;\n- Các Bộ, cơ quan ngang Bộ;\n- Lưu: VT, BTC, BYT.\n"
)


def test_issue2_joint_side_by_side_document() -> None:
    """The archive helper's case: a TTLT whose two signing blocks stand side by side."""
    doc = parse_text(JOINT_SIDE_BY_SIDE)
    assert _blocks(doc.signer) == [
        ("KT", "BỘ TRƯỞNG BỘ Y TẾ", "THỨ TRƯỞNG", "Nguyễn Thị Xuyên"),
        ("KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "THỨ TRƯỞNG", "Trần Văn Hiếu"),
    ]
    c = to_contract(doc)
    assert c["signer"]["name"] == "Nguyễn Thị Xuyên"
    assert [x["name"] for x in c["signer"]["co_signers"]] == ["Trần Văn Hiếu"]
    assert [r.name for r in doc.recipients] == ["Văn phòng Chính phủ", "Các Bộ, cơ quan ngang Bộ"]
    assert (c["issuer"]["name"], [x["name"] for x in c["issuer"]["co_issuers"]]) == ("Bộ Tài chính", ["Bộ Y tế"])


def test_issue2_one_wide_blank_run_is_no_column_layout() -> None:
    """``KT. CỤC TRƯỞNG      PHÓ CỤC TRƯỞNG`` on one line (an OCR layout) over a name: one block."""
    text = "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG\nNguyễn Hồng Thái"
    lines = _lines(text)
    offsets = list(range(14)) + [20 + i for i in range(len(text) - 14)]
    assert unmerge_columns(lines, offsets) == [lines]


# issue 2 (DOCX layout C): the head signs in his own name (no KT./TM./TL./TUQ./Q.), and the block is
# typed above the Nơi nhận list — the signer is read there, in .txt as in Word text
_ISSUE2_BODY = (
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\nVỤ PHÁP CHẾ\nSố: 123/PC-VP\nV/v hướng dẫn thực hiện\n\n"
    "Kính gửi: Ông Nguyễn Văn Khải, Giám đốc Công ty ABC\n\n"
    "Vụ Pháp chế thông báo và đề nghị các đơn vị thực hiện theo đúng kết luận của Thứ trưởng Lê Văn Thanh./.\n"
)
_ISSUE2_NN = "Nơi nhận:\n- Như trên;\n- Thứ trưởng Lê Văn Thanh (để b/c);\n- Lưu: VT, PC.\n"


@pytest.mark.parametrize(
    ("footer", "title", "name"),
    [
        ("VỤ TRƯỞNG\n\n\n\nNguyễn Văn Bình\n\n" + _ISSUE2_NN, "VỤ TRƯỞNG", "Nguyễn Văn Bình"),
        ("CỤC TRƯỞNG\nNguyễn Văn Bình\n" + _ISSUE2_NN, "CỤC TRƯỞNG", "Nguyễn Văn Bình"),
        ("BỘ TRƯỞNG\n(Đã ký)\nĐào Ngọc Dung\n" + _ISSUE2_NN, "BỘ TRƯỞNG", "Đào Ngọc Dung"),
        ("Nguyễn Văn Bình\n\n" + _ISSUE2_NN, None, "Nguyễn Văn Bình"),
        # the same block printed after the list, and without any list
        (_ISSUE2_NN + "\nVỤ TRƯỞNG\n\n\nNguyễn Văn Bình\n", "VỤ TRƯỞNG", "Nguyễn Văn Bình"),
        ("\nGIÁM ĐỐC\n\n\nNguyễn Văn Bình\n", "GIÁM ĐỐC", "Nguyễn Văn Bình"),
        # a title inside the body and a person in a cc item are no signer
        (
            "Giám đốc Sở Y tế chỉ đạo các đơn vị thực hiện.\nNơi nhận:\n- Ông Nguyễn Văn Bình;\n- Lưu: VT.\n",
            None,
            None,
        ),
    ],
)
def test_issue2_head_signing_without_prefix(footer: str, title: str | None, name: str | None) -> None:
    signer = parse_text(_ISSUE2_BODY + footer).signer
    assert (signer.title, signer.name) == (title, name)
    assert signer.authority is None and signer.chain == []
    assert "Khải" not in (signer.name or "")


# a name line whose surname OCR damaged at its start: restored only when the word is close to
# exactly one common surname and well-formed given names follow (the wild tax letters' forms)
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("guyền Tiến Trường", "Nguyễn Tiến Trường"),  # the first letter lost
        ("ì guyển Nam Bình", "Nguyễn Nam Bình"),  # after one mark of debris
        ("SN €uyễn Huy Nhặn", "Nguyễn Huy Nhặn"),  # "Ng" read as a symbol
        ("Esty yên Huy Nhặn", "Nguyễn Huy Nhặn"),  # only the surname's end left
        ("gấŸen Huy Nhặn", "Nguyễn Huy Nhặn"),  # two edits on a long surname
        ("uyễn Văn An", "Nguyễn Văn An"),
        ("tran Văn Bình", "Trần Văn Bình"),  # the surname itself, marks and capital lost
        ("SN Nguyễn Huy Nhặn", "Nguyễn Huy Nhặn"),  # an intact surname after debris
        # negatives: a lost surname is never guessed, nor one of two alike close
        ("fin Đức Thường", None),  # "fin" reads close to no surname
        ("hạm Minh Chính", None),  # Phạm or Hàn: two surnames one edit away
        ("rần Văn Bình", None),  # Trần or Hàn
        ("ruong Minh Tuấn", None),  # Trương, Lương, Dương
        ("ong Văn Minh", None),  # Ông, Tống, Hồng, Nông …
        ("han Văn Minh", None),  # a surname without one spelling (Hàn/Hán)
        ("Quàng Văn Hương", None),  # a real rare surname: person_name reads it as printed
        ("Nguyễn Văn Bình", None),  # an intact name is no damaged one
        ("theo Hà Nội", None),  # a word and a place, not a name
        ("SN Văn Minh", None),  # debris, then no whole name
        ("guyen", None),  # no given name
        ("guyền tiến trường", None),  # given names must be capitalised syllables
        ("2709-38728777/17 2.1.2", None),
        ("Ẹ Noi: C Cc TRUONG", None),
    ],
)
def test_issue2_repair_damaged_surname(line: str, expected: str | None) -> None:
    assert repair_name(line) == expected


def test_issue2_rare_surname_kept_as_read() -> None:
    signer = read_signer(_lines("CỤC TRƯỞNG\nQuàng Văn Hương"))
    assert signer.name == "Quàng Văn Hương"


@pytest.mark.parametrize(
    ("footer", "title", "name"),
    [
        ("KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n\ngấŸen Huy Nhặn\n\n" + _ISSUE2_NN, "PHÓ CỤC TRƯỞNG", "Nguyễn Huy Nhặn"),
        (_ISSUE2_NN + "\nSN €uyễn Huy Nhặn\n", None, "Nguyễn Huy Nhặn"),  # the title lost to the stamp
        (_ISSUE2_NN + "\nfin Đức Thường\n", None, None),  # unrecoverable: no name
        (_ISSUE2_NN + "\nhạm Minh Chính\n", None, None),  # ambiguous: no name
    ],
)
def test_issue2_damaged_surname_in_footer(footer: str, title: str | None, name: str | None) -> None:
    signer = parse_text(_ISSUE2_BODY + footer).signer
    assert (signer.title, signer.name) == (title, name)
