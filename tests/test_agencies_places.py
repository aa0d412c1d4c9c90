"""Where a body sits: the district gazetteer and the fuzzy-match guard of the agency registry
(session 6 review: "CCT Hà Đông" was linked to Hải Dương by a fuzzy place match)."""

from __future__ import annotations

from typing import Any

import pytest

from docintel._agencies import agency_id, province_of, registry, restore
from docintel._rules import load

R = registry()


def _district_examples() -> list[Any]:
    return [tuple(e) for e in load("provinces").meta.get("district_examples") or []]


@pytest.mark.parametrize(("mention", "expected"), _district_examples())
def test_district_examples(mention: str, expected: str | None) -> None:
    """The examples rules/provinces.yaml carries beside its gazetteer: an agency id for a body,
    the province for a bare place, ``None`` for a name that places nothing."""
    got = agency_id(mention) or province_of(mention)
    assert got == expected


def test_review_cct_ha_dong_is_ha_noi() -> None:
    """Hà Đông is a quận of Hà Nội, not an OCR-damaged "Hải Dương"."""
    assert agency_id("CCT Hà Đông") == "chi-cuc-thue@ha-noi/quan-ha-dong"
    assert agency_id("Chi cục Thuế quận Hà Đông") == "chi-cuc-thue@ha-noi/quan-ha-dong"
    assert R.province("Hà Đông") is None  # a district, not a province
    assert province_of("Hà Đông") == "ha-noi"  # a place line of Hà Đông is a Hà Nội letter
    assert restore("CHI CỤC THUẾ HÀ ĐÔNG") == "Chi cục Thuế Hà Đông"


# a district name is never fuzzily a province; only exact gazetteer names place it
DISTRICT_NOT_PROVINCE = [
    ("UBND quận Hà Đông", "ubnd@ha-noi/quan-ha-dong"),
    ("UBND huyện Ha Dong", "ubnd@ha-noi/huyen-ha-dong"),  # the written kind kept in the id
    ("UBND huyện Bạch Thông", "ubnd@huyen-bach-thong"),  # not in the gazetteer: unplaced, as before
    ("UBND huyện Hai Duonc", "ubnd@huyen-hai-duonc"),  # a district kind: no fuzzy province
    ("UBND quận Tân Phú", "ubnd@ho-chi-minh/quan-tan-phu"),
    ("UBND huyện Tân Phú", "ubnd@dong-nai/huyen-tan-phu"),
    ("UBND huyện Thanh Trì", "ubnd@ha-noi/huyen-thanh-tri"),
    ("UBND huyện Thạnh Trị", "ubnd@soc-trang/huyen-thanh-tri"),
    ("UBND huyen Thanh Tri", "ubnd@huyen-thanh-tri"),  # unmarked: either of two, so neither
    ("Chi cục Thuế Quận 1", "chi-cuc-thue@ho-chi-minh/quan-1"),
    ("UBND phường 1", "ubnd@phuong-1"),  # a phường 1 is in many cities
    ("Chi cục Thuế Sơn Tây", None),  # thị xã of Hà Nội, huyện of Quảng Ngãi
    ("Chi cục Thuế thị xã Sơn Tây", "chi-cuc-thue@ha-noi/thi-xa-son-tay"),
    ("UBND TP Thủ Đức", "ubnd@ho-chi-minh/tp-thu-duc"),
    ("Cục Thuế tỉnh Hải Dương", "cuc-thue@hai-duong"),
    ("Cục Thuế TP Hà Nội", "cuc-thue@ha-noi"),
]


@pytest.mark.parametrize(("mention", "expected"), DISTRICT_NOT_PROVINCE)
def test_districts_place_exactly(mention: str, expected: str | None) -> None:
    assert agency_id(mention) == expected


# a fuzzy match reads OCR damage, never another word: (mention, agency id)
FUZZY_LINKS = [
    # damage: kept
    ("Cục Thuế tỉnh Hải Dươg", "cuc-thue@hai-duong"),
    ("Cục Thuế tỉnh Bae Ninh", "cuc-thue@bac-ninh"),
    ("Céng Thông tin điện tử Chính phủ", "cong-ttdt-chinh-phu"),
    ("Cổng thông tin điện tir Chính phủ", "cong-ttdt-chinh-phu"),
    ("Vign kiểm sát nhân dan tối cao", "vksnd-toi-cao"),
    ("Lanh dao B6 Tai chinh", "bo-tai-chinh"),
    ("Uy ban trung uong Mat tran Té quốc Việt Nam", "ub-trung-uong-mttq"),  # a rare syllable is damage
    # other words: refused
    ("Báo Xây dựng", None),  # a newspaper, not Bộ Xây dựng
    ("Cục Tổ chức cán bộ", None),  # the Cục of Bộ Công an, not a Vụ
    ("Cục trưởng Cục Tổ chức cán bộ", None),
    ("Hội đồng Dân tộc", None),  # not Hội Nông dân
    ("Tổng cục Hậu cần", None),  # not Tổng cục Thuế
    ("Chi cục Thủy lợi", None),  # not Chi cục Thuế
    ("Thứ trưởng", None),  # not Thủ tướng
    ("Cục Thuế tỉnh Ha Duong", None),  # "Hà Dương"? two words, neither damage
]


@pytest.mark.parametrize(("mention", "expected"), FUZZY_LINKS)
def test_fuzzy_links_read_damage_only(mention: str, expected: str | None) -> None:
    assert agency_id(mention) == expected


def test_fuzzy_place_says_fuzzy() -> None:
    """A body placed by an OCR-tolerant province match is reported as a fuzzy match."""
    m = R.lookup("Cục Thuế tỉnh Hải Dươg")
    assert m is not None and m.via == "fuzzy" and m.score < 100
    m = R.lookup("Cục Thuế tỉnh Hải Dương")
    assert m is not None and m.via == "exact"


# a header name being restored is OCR-damaged more often than not: damage into a word is read
# there, but never one body kind as another
RESTORE_HEADER = [
    ("TỤC THUÊ", "Cục Thuế"),
    ("CỤC VIỆC TAM", "Cục Việc làm"),
    ("TONG CỤC THU", "Tổng cục Thuế"),
    ("Tâng cục Thuế", "Tổng cục Thuế"),
    ("BÁO XÂY DỰNG", None),
    ("CỤC TỔ CHỨC CÁN BỘ", None),
]


@pytest.mark.parametrize(("text", "expected"), RESTORE_HEADER)
def test_restore_header_damage(text: str, expected: str | None) -> None:
    assert restore(text) == expected


def test_gazetteer_provinces_exist() -> None:
    """Every gazetteer district names a province the registry knows."""
    raw = load("provinces").meta["districts"]
    assert set(raw) <= set(R.provinces)


def _letter(issuer: str, place: str, symbol: str) -> str:
    return f"""{issuer}
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 12/{symbol}
V/v tăng cường kiểm tra an toàn thực phẩm

{place}, ngày 5 tháng 3 năm 2024

Kính gửi: Sở Y tế.

Để bảo đảm an toàn thực phẩm, đề nghị:
1. Sở Y tế chủ trì kiểm tra các cơ sở kinh doanh, báo cáo kết quả trước ngày 30/3/2024.
2. Các phòng, đơn vị thuộc Sở triển khai thực hiện.

Nơi nhận:
- Như trên;
- UBND tỉnh;
- Lưu: VT.

GIÁM ĐỐC

Nguyễn Văn A
"""


# (issuer, place line, symbol, the id of "Sở Y tế" as recipient and as assignee, of "các phòng … thuộc Sở")
ONE_PROVINCE = [
    # a provincial body without its province in the name: the place line places the whole letter
    ("SỞ CÔNG THƯƠNG", "Lạng Sơn", "SCT-QLTM", "so-y-te@lang-son", "so-cong-thuong@lang-son"),
    # a central body's letter dated Hà Nội is no Hà Nội letter: generic names stay generic everywhere
    ("BỘ TÀI CHÍNH", "Hà Nội", "BTC-CST", "so-y-te", None),
]


@pytest.mark.parametrize(("issuer", "place", "symbol", "so_y_te", "units"), ONE_PROVINCE)
def test_review_one_province_per_document(issuer: str, place: str, symbol: str, so_y_te: str, units: str | None) -> None:
    """The task stage places its assignees by the rule the issuer and recipient links use
    (``_agencies.issuer_province``): it had read only the issuer's parent and the issuer, so a Lạng
    Sơn Sở's "Sở Y tế" was Lạng Sơn's as a recipient and generic as an assignee."""
    from docintel import parse_text

    d = parse_text(_letter(issuer, place, symbol))
    assert [r.agency_id for r in d.recipients if r.name == "Sở Y tế"] == [so_y_te]
    assignees = {a.name: a.agency_id for t in d.tasks for a in t.assignees}
    assert assignees["Sở Y tế"] == so_y_te
    assert assignees["Các phòng, đơn vị thuộc Sở"] == units


def test_review_issuer_province_once_per_document() -> None:
    """The header, recipients and task stages each ask for the document's province; it is worked
    out once (per parent, issuer and place line) and then remembered."""
    from docintel import parse_text
    from docintel._agencies import province_of_issuer

    province_of_issuer.cache_clear()
    parse_text(_letter("SỞ CÔNG THƯƠNG", "Cao Bằng", "SCT-QLTM"))
    info = province_of_issuer.cache_info()
    assert info.misses == 1 and info.hits >= 2


def test_lookup_answers_are_shared_and_frozen() -> None:
    """A lookup is remembered per (mention, province, issuer); the answer is frozen so no caller can
    change what the next one gets."""
    import dataclasses

    a = R.lookup("Sở Y tế", province="lang-son")
    b = R.lookup("Sở Y tế", province="lang-son")
    assert a is b and a is not None and a.agency is not None and a.agency.id == "so-y-te@lang-son"
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.title = "Giám đốc"  # type: ignore[misc]
    assert R.lookup("Sở Y tế").agency.id == "so-y-te"  # type: ignore[union-attr]


# (mention, the document's province, agency id): the document's province places a gazetteer district
# only when it is one of that name's provinces
DISTRICT_IN_CONTEXT = [
    ("Chi cục Thuế Hoàng Mai", "ha-noi", "chi-cuc-thue@ha-noi/quan-hoang-mai"),
    ("Chi cục Thuế Hoàng Mai", "nghe-an", "chi-cuc-thue@nghe-an/thi-xa-hoang-mai"),
    ("Chi cục Thuế Hoàng Mai", None, None),
    ("UBND huyen Thanh Tri", "ha-noi", "ubnd@ha-noi/huyen-thanh-tri"),
    ("UBND huyện Phong Điền", "can-tho", "ubnd@can-tho/huyen-phong-dien"),
    ("UBND huyện Phong Điền", "ha-noi", "ubnd@huyen-phong-dien"),  # no Phong Điền in Hà Nội
    ("Chi cục Thuế quận 1", "ha-noi", "chi-cuc-thue@ho-chi-minh/quan-1"),  # the gazetteer over the letter's city
    ("UBND huyện Bạch Thông", "bac-kan", "ubnd@bac-kan/huyen-bach-thong"),  # unlisted: the letter's province
]


@pytest.mark.parametrize(("mention", "province", "expected"), DISTRICT_IN_CONTEXT)
def test_district_in_document_province(mention: str, province: str | None, expected: str | None) -> None:
    assert agency_id(mention, province=province) == expected
