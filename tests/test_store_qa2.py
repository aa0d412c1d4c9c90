"""QA audit 2 (session 6): staff questions over the whole corpus that the archive answered wrongly.

- a group name whose "trực thuộc Trung ương" OCR cut or abbreviated ("… thành phó trực thuộc",
  "trực thuộc TW") is still every Cục Thuế;
- "Ủy ban nhân dân các cấp" holds the UBND of every level ("UBND cấp xã" asks for its tasks);
- a yearly duty of a legal normative document (số/năm/ký hiệu) is not "cần xác nhận" after a year:
  it binds until a later document ends it;
- ``search --issuer`` reads abbreviations through the registry ("Cục Thuế TP HCM", "Bộ LĐTBXH");
- two unnumbered letters of one issuer with the same subject and only a year are two dispatches
  when their signers differ (the copies of one keep folding).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from _remind_data import ingest, make_doc, task

from docintel import Deadline, Signer
from docintel._agencies import registry
from docintel.remind import DocRef, Obligation, is_legal_normative, needs_confirming
from docintel.store._groups import parse_group

# ---------------------------------------------------------------------------
# group names


@pytest.mark.parametrize(
    ("name", "level", "bases", "everywhere"),
    [
        ("Cục Thuế các tỉnh, thành phó trực thuộc", "province", {"cuc-thue"}, True),  # the line lost "Trung ương"
        ("Cục Thuế các tỉnh, thành phố trực thuộc TW", "province", {"cuc-thue"}, True),
        ("Cục Thuế các tỉnh, TP trực thuộc T.Ư", "province", {"cuc-thue"}, True),
        ("UBND các tỉnh, thành phố trực thuộc TƯ", "province", {"ubnd"}, True),
        ("Ủy ban nhân dân các cấp", "all", {"ubnd"}, False),
        ("Chủ tịch UBND các cấp", "all", {"ubnd"}, False),
    ],
)
def test_qa2_group_tails(name: str, level: str, bases: set[str], everywhere: bool) -> None:
    g = parse_group(name)
    assert g is not None
    assert (g.kind, g.level, set(g.bases), g.everywhere) == ("instances", level, bases, everywhere)


@pytest.mark.parametrize("name", ["các cơ quan trực thuộc", "Sở, ban, ngành các cấp", "cơ quan thuế các cấp", "Sở Y tế"])
def test_qa2_not_groups(name: str) -> None:
    assert parse_group(name) is None


@pytest.mark.parametrize(
    ("group", "body", "province", "covered"),
    [
        ("Ủy ban nhân dân các cấp", "UBND xã Tân Thanh", "Lạng Sơn", True),
        ("Ủy ban nhân dân các cấp", "UBND huyện Văn Lãng", "Lạng Sơn", True),
        ("Ủy ban nhân dân các cấp", "UBND tỉnh Nghệ An", None, True),
        ("Ủy ban nhân dân các cấp", "Bộ Y tế", None, False),
        ("Ủy ban nhân dân các cấp", "Sở Y tế", "Lạng Sơn", False),
    ],
)
def test_qa2_every_level_covers(group: str, body: str, province: str | None, covered: bool) -> None:
    g = parse_group(group)
    m = registry().lookup(body, province=province)
    assert g is not None and m is not None and m.agency is not None
    assert g.covers(m.agency, None) is covered


# ---------------------------------------------------------------------------
# the archive

CP = make_doc(
    "nd338",
    number="338/2025/NĐ-CP",
    doc_type="NĐ",
    issuer="Chính phủ",
    issuer_id=None,
    place="Hà Nội",
    date="2025-12-25",
    subject="chính sách hỗ trợ việc làm",
    tasks=[
        task("Điều 35.8.e", "Hằng năm, trước ngày 25 tháng 11, Ủy ban nhân dân cấp xã báo cáo Ủy ban nhân dân cấp tỉnh.",
             ("Ủy ban nhân dân các cấp", None),
             deadline=Deadline("Hằng năm, trước ngày 25 tháng 11", recurrence="yearly", month=11, day_of_month=25)),
    ],
)
TT = make_doc(
    "tt02",
    number="02/2021/TT-BLĐTBXH",
    doc_type="TT",
    issuer="Bộ Lao động - Thương binh và Xã hội",
    issuer_id="bo-lao-dong-tbxh",
    place="Hà Nội",
    date="2021-06-24",
    subject="trợ giúp xã hội",
    tasks=[
        task("Điều 6.2.d", "Ủy ban nhân dân cấp huyện báo cáo trước ngày 30 tháng 6 hằng năm.",
             ("Ủy ban nhân dân cấp huyện", None),
             deadline=Deadline("trước ngày 30 tháng 6", recurrence="yearly", month=6, day_of_month=30)),
    ],
)
TCT = make_doc(
    "tct4451",
    number="4451/CT-KK",
    issuer="Tổng cục Thuế",
    issuer_id="tong-cuc-thue",
    place="Hà Nội",
    date="2016-04",
    subject="kê khai thuế TTĐB",
    tasks=[task("1.d", "Cục Thuế phải hoàn thành việc rà soát chậm nhất trước ngày 01/10/2016.",
                ("Cục Thuế các tỉnh, thành phó trực thuộc", None),
                deadline=Deadline("chậm nhất trước ngày 01/10/2016", date="2016-10-01"))],
)
HCM_A = make_doc("hcm-a", number="", issuer="Cục Thuế TP Hồ Chí Minh", issuer_id="cuc-thue@ho-chi-minh",
                 place="Thành phố Hồ Chí Minh", date="2018", subject="Thuế thu nhập cá nhân")
HCM_B = make_doc("hcm-b", number="", issuer="Cục Thuế TP Hồ Chí Minh", issuer_id="cuc-thue@ho-chi-minh",
                 place="Thành phố Hồ Chí Minh", date="2018", subject="thuế thu nhập cá nhân")
HCM_B.signer = Signer("Nguyễn Nam Bình")
# the same letter stored again as another file (its .docx): one dispatch
HCM_B2 = make_doc("hcm-b2", number="", issuer="Cục Thuế TP Hồ Chí Minh", issuer_id="cuc-thue@ho-chi-minh",
                  place="TP. Hồ Chí Minh", date="2018", subject="thuế thu nhập cá nhân")
HCM_B2.signer = Signer("Nguyễn Nam Bình")


@pytest.fixture
def archive(store_url: str) -> Iterator[Any]:
    from docintel.store import open_store

    s = open_store(store_url)
    ingest(s, [CP, TT, TCT, HCM_A, HCM_B, HCM_B2])
    yield s
    s.close()


@pytest.mark.parametrize(
    ("agency", "province", "expected"),
    [
        ("UBND cấp xã", None, {("338/2025/NĐ-CP", "Điều 35.8.e")}),  # through "Ủy ban nhân dân các cấp"
        ("UBND cap xa", None, {("338/2025/NĐ-CP", "Điều 35.8.e")}),
        ("UBND cấp huyện", None, {("338/2025/NĐ-CP", "Điều 35.8.e"), ("02/2021/TT-BLĐTBXH", "Điều 6.2.d")}),
        ("Cục Thuế TP HCM", None, {("4451/CT-KK", "1.d")}),  # "… thành phó trực thuộc" holds every Cục Thuế
        ("Cục Thuế tỉnh Bắc Ninh", None, {("4451/CT-KK", "1.d")}),
    ],
)
def test_qa2_who_is_obliged(archive: Any, agency: str, province: str | None, expected: set[tuple[str, str]]) -> None:
    from docintel.store._obligations import find_obligations

    got = {(o.document.number, o.task_id) for o in find_obligations(archive, agency=agency, province=province, include_done=True)}
    assert got == expected


@pytest.mark.parametrize(
    ("agency", "as_of", "due"),
    [
        ("UBND cấp huyện", date(2024, 6, 10), "2024-06-30"),  # a 2021 circular's yearly report, three years on
        ("UBND cấp xã", date(2026, 11, 10), "2026-11-25"),
    ],
)
def test_qa2_yearly_duty_of_a_law_is_reminded(archive: Any, agency: str, as_of: date, due: str) -> None:
    from docintel.remind import plan

    assert [r.due.isoformat() for r in plan(archive, as_of, "30d", agency)] == [due]


@pytest.mark.parametrize(
    ("number", "normative"),
    [("02/2021/TT-BLĐTBXH", True), ("338/2025/NĐ-CP", True), ("44/2025/QĐ-TTg", True), ("12 / 2015 / TT-BTC", True),
     ("122/NQ-CP", False), ("5580/TCT-KK", False), ("/VP-KGVX", False), (None, False), ("3148/VP-KGVX", False)],
)
def test_qa2_legal_normative_number(number: str | None, normative: bool) -> None:
    assert is_legal_normative(number) is normative


@pytest.mark.parametrize(
    ("number", "stale"),
    [("02/2021/TT-BLĐTBXH", False), ("55/UBND-VX", True)],  # a dispatch's daily duty of 2021 still needs confirming
)
def test_qa2_stale_only_for_dispatches(number: str, stale: bool) -> None:
    o = Obligation(ref="9:1", task_id="1", text="Báo cáo", agency="Sở Y tế",
                   document=DocRef(number=number, date="2021-06-24", id="9"),
                   deadline=Deadline("hằng ngày", recurrence="daily", open_end=True))
    assert needs_confirming(o, date(2024, 6, 10)) is stale


@pytest.mark.parametrize("issuer", ["Cục Thuế TP HCM", "cuc thue tp.hcm", "Cục Thuế thành phố Hồ Chí Minh", "cuc-thue@ho-chi-minh"])
def test_qa2_issuer_filter_reads_abbreviations(archive: Any, issuer: str) -> None:
    hits = archive.search("", issuer=issuer, date_from="2018", date_to="2018")
    # two unnumbered 2018 letters with the same subject, signed by different people, are two
    # dispatches; the second one's other file is its copy
    groups = sorted(sorted(p.rsplit("/", 1)[-1] for p in [h.path, *(c for _, c in h.copies)]) for h in hits)
    assert groups == [["hcm-a.txt"], ["hcm-b.txt", "hcm-b2.txt"]]


@pytest.mark.parametrize(("issuer", "n"), [("Bộ LĐTBXH", 1), ("Bo LDTBXH", 1), ("BTC", 0), ("Cục Thuế", 2)])
def test_qa2_issuer_filter_registry(archive: Any, issuer: str, n: int) -> None:
    assert len(archive.search("", issuer=issuer, date_from="2018", date_to="2021")) == n
