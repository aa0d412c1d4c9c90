"""Issue QA-audit (session 5): "what must Sở Y tế do?" also when a task names a group Sở Y tế is
one of ("Các sở, ban, ngành tỉnh"), without look-alike names ("UBND các phường, xã" for "UBND các
huyện"; "Bộ trưởng Bộ Tài chính" for "Sở Tài chính"), and for a body named with its province."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _remind_data import cite, ingest, make_doc, task

from docintel import Deadline
from docintel._agencies import registry
from docintel._errors import QueryError
from docintel.store._groups import parse_group
from docintel.store._obligations import _place_province, find_obligations, name_key, window_score

# ---------------------------------------------------------------------------
# reading a group name


@pytest.mark.parametrize(
    ("name", "kind", "level", "bases", "everywhere"),
    [
        ("Các sở, ban, ngành, đoàn thể tỉnh", "sectors", "province", set(), False),
        ("Giám đốc, Thủ trưởng các Sở, ban, ngành Thành phố", "sectors", "province", set(), False),
        ("UBND các huyện, thành phố", "instances", "district", {"ubnd"}, False),
        ("UBND các quận, huyện", "instances", "district", {"ubnd"}, False),
        ("Chủ tịch Ủy ban nhân dân các xã, phường", "instances", "commune", {"ubnd"}, False),
        ("Ủy ban nhân dân cấp tỉnh", "instances", "province", {"ubnd"}, True),
        ("Chủ tịch UBND tỉnh, thành phố trực thuộc Trung ương", "instances", "province", {"ubnd"}, True),
        ("Cục Thuế các tỉnh, thành phố trực thuộc Trung tương", "instances", "province", {"cuc-thue"}, True),
        ("Cục Thuê các tỉnh/thành phô", "instances", "province", {"cuc-thue"}, True),
        ("các Cục Hải quan tỉnh, thành phố", "instances", "province", {"cuc-hai-quan"}, True),
        ("Các Cục Thuế", "instances", "province", {"cuc-thue"}, False),
        ("Giám đốc Sở Tư pháp các tỉnh, thành phố", "instances", "province", {"so-tu-phap"}, True),
        ("Liên đoàn Lao động cấp tinh", "instances", "province", {"lien-doan-lao-dong"}, True),
        ("Các Bộ, cơ quan ngang Bộ; cơ quan thuộc Chính phủ", "ministries", "central", set(), False),
        ("Bộ trưởng các bộ, ngành", "ministries", "central", set(), False),
        ("Các Bộ trưởng", "ministries", "central", set(), False),
    ],
)
def test_parse_group(name: str, kind: str, level: str, bases: set[str], everywhere: bool) -> None:
    g = parse_group(name)
    assert g is not None
    assert (g.kind, g.level, set(g.bases), g.everywhere) == (kind, level, bases, everywhere)


@pytest.mark.parametrize(
    "name",
    ["Sở Y tế", "Sở Y tế tỉnh Lạng Sơn", "UBND tỉnh", "UBND huyện Văn Lãng", "Cục Hải quan tỉnh Lạng Sơn",
     "Ban chỉ đạo phòng chống dịch COVID-19 các huyện, thành phố", "Bộ trưởng", "Công ty TNHH A"],
)
def test_not_a_group(name: str) -> None:
    assert parse_group(name) is None


@pytest.mark.parametrize(
    ("group", "body", "province", "doc_province", "covered"),
    [
        ("Các sở, ban, ngành, đoàn thể tỉnh", "Sở Y tế", "Lạng Sơn", "lang-son", True),
        ("Các sở, ban, ngành, đoàn thể tỉnh", "Sở Y tế", "Lạng Sơn", "ha-noi", False),
        ("Các sở, ban, ngành, đoàn thể tỉnh", "Sở Y tế", None, "ha-noi", True),  # a generic body: anywhere
        ("Các sở, ban, ngành Thành phố", "Cục Thuế", "Hà Nội", "ha-noi", False),  # a central body's branch
        ("Các sở, ban, ngành Thành phố", "Trung tâm Kiểm soát bệnh tật", "Hà Nội", "ha-noi", False),  # under a sở
        ("Các sở, ban, ngành Thành phố", "UBND", "Hà Nội", "ha-noi", False),
        ("Các Sở", "Ban Dân tộc", "Lạng Sơn", "lang-son", False),  # "các Sở": sở only
        ("UBND các huyện, thành phố", "UBND huyện Văn Lãng", "Lạng Sơn", "lang-son", True),
        ("UBND các huyện, thành phố", "UBND tỉnh", "Lạng Sơn", "lang-son", False),
        ("UBND các phường, xã", "UBND huyện Văn Lãng", "Lạng Sơn", "lang-son", False),
        ("Cục Thuế các tỉnh, thành phố trực thuộc Trung ương", "Cục Thuế", "Bắc Ninh", None, True),
        ("Cục Thuế các tỉnh, thành phố trực thuộc Trung ương", "Chi cục Thuế", "Bắc Ninh", None, False),
        ("Các Cục Thuế", "Cục Thuế", "Bắc Ninh", None, True),  # a central letter's "các Cục Thuế"
        ("Các Bộ, cơ quan ngang Bộ", "Bộ Y tế", None, None, True),
        ("Các Bộ, cơ quan ngang Bộ", "Sở Y tế", None, None, False),
    ],
)
def test_group_covers(group: str, body: str, province: str | None, doc_province: str | None, covered: bool) -> None:
    g = parse_group(group)
    assert g is not None
    m = registry().lookup(body, province=province)
    assert m is not None and m.agency is not None
    assert g.covers(m.agency, doc_province) is covered


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("UBND các huyện", "UBND các phường, xã"),  # the expanded name is long: the last word still counts
        ("Sở Tài chính", "Bộ trưởng Bộ Tài chính quy định chi tiết"),
        ("Cục Thuế Hà Nội", "Chi cục thủy lợi và phòng chống thiên tai"),  # thuế is not thủy
        ("UBND cấp tỉnh", "UBND các tỉnh"),
    ],
)
def test_issue_qa_look_alike_names_do_not_match(query: str, name: str) -> None:
    assert window_score(name_key(query), name_key(name)) < 90


@pytest.mark.parametrize(
    ("query", "name"),
    [("Cục Thuế", "Cụcthuế tỉnh Bắc Ninh"), ("Sở Tư pháp", "So Tu phap"), ("Thương binh", "Thuongg binh"), ("Cục Thuế", "Cuc Thuee")],
)
def test_ocr_slips_still_match(query: str, name: str) -> None:
    assert window_score(name_key(query), name_key(name)) >= 90


@pytest.mark.parametrize(
    ("issuer", "parent", "place", "province"),
    [
        ("Chính phủ", None, "Hà Nội", None),  # a central body's letter dated Hà Nội is no Hà Nội document
        ("Tổng cục Thuế", "Bộ Tài chính", "Hà Nội", None),
        ("Văn phòng UBND tỉnh", None, "Lạng Sơn", "lang-son"),
        ("UBND thành phố Hà Nội", None, "Hà Nội", "ha-noi"),
        ("BAN CHỈ ĐẠO PHÒNG CHỐNG DỊCH", "UBND tỉnh Bắc Kạn", "Bắc Kạn", "bac-kan"),
        (None, None, None, None),
    ],
)
def test_document_province(issuer: str | None, parent: str | None, place: str | None, province: str | None) -> None:
    assert _place_province(issuer, parent, place) == province


# ---------------------------------------------------------------------------
# the query over an archive

LS = make_doc(
    "ls",
    number="3148/VP-KGVX",
    issuer="Văn phòng UBND tỉnh",
    issuer_id=None,
    date="2020-08-04",
    subject="phòng, chống dịch",
    tasks=[
        task("1", "Các sở, ban, ngành, đoàn thể tỉnh, UBND các huyện, thành phố triển khai ngay.",
             ("Các sở, ban, ngành, đoàn thể tỉnh", None), ("UBND các huyện, thành phố", None)),
        task("2", "Giao UBND các huyện, thành phố báo cáo chậm nhất ngày 08/8/2020.", ("UBND các huyện, thành phố", None),
             deadline=Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08")),
        task("3", "Sở Y tế chỉ đạo cách ly.", ("Sở Y tế", "so-y-te")),
    ],
)
HN = make_doc(
    "hn2",
    number="2280/QĐ-UBND",
    doc_type="QĐ",
    issuer="Ủy ban nhân dân thành phố Hà Nội",
    issuer_id=None,
    place="Hà Nội",
    date="2026-04-01",
    subject="thoát nước",
    tasks=[
        task("PL.2", "Các Sở, ban, ngành Thành phố phối hợp.", ("Các Sở, ban, ngành Thành phố", None)),
        task("PL.3", "UBND các phường, xã xây dựng kế hoạch.", ("UBND các phường, xã", None)),
        task("PL.4", "Sở Tài chính hướng dẫn thanh quyết toán.", ("Sở Tài chính", "so-tai-chinh@ha-noi")),
    ],
)
TCT = make_doc(
    "tct",
    number="1234/TCT-TTKT",
    issuer="Tổng cục Thuế",
    issuer_id=None,
    place="Hà Nội",
    date="2023-03-01",
    subject="thanh tra",
    tasks=[task("1", "Cục Thuế các tỉnh, thành phố báo cáo trước ngày 29/4/2023.",
                ("Cục Thuế các tỉnh, thành phố trực thuộc Trung ương", None),
                deadline=Deadline("trước ngày 29/4/2023", date="2023-04-29"))],
    citations=[cite("Công văn số 1/TCT", "1/TCT", "CV", None)],
)
CP = make_doc(
    "cp",
    number="320/2025/NĐ-CP",
    doc_type="NĐ",
    issuer="Chính phủ",
    issuer_id=None,
    place="Hà Nội",
    date="2025-12-15",
    subject="thuế",
    tasks=[task("Điều 26", "Bộ trưởng Bộ Tài chính quy định chi tiết các Điều được giao.",
                ("Bộ trưởng Bộ Tài chính quy định chi tiết các Điều, khoản được giao", None))],
)


@pytest.fixture
def archive(store_url: str) -> Iterator[Any]:
    from docintel.store import open_store

    s = open_store(store_url)
    ingest(s, [LS, HN, TCT, CP])
    yield s
    s.close()


def _got(obs: list[Any]) -> list[tuple[str, str, str | None]]:
    return sorted((o.document.number, o.task_id, o.group) for o in obs)


@pytest.mark.parametrize(
    ("agency", "province", "expected"),
    [
        # task 1 through the province's sectors, task 3 directly; not the Hà Nội sectors' task
        ("Sở Y tế", None, [("3148/VP-KGVX", "1", "Các sở, ban, ngành, đoàn thể tỉnh"), ("3148/VP-KGVX", "3", None)]),
        ("so y te", None, [("3148/VP-KGVX", "1", "Các sở, ban, ngành, đoàn thể tỉnh"), ("3148/VP-KGVX", "3", None)]),
        ("Sở Y tế tỉnh Lạng Sơn", None,
         [("3148/VP-KGVX", "1", "Các sở, ban, ngành, đoàn thể tỉnh"), ("3148/VP-KGVX", "3", None)]),
        ("Sở Y tế", "Hà Nội", [("2280/QĐ-UBND", "PL.2", "Các Sở, ban, ngành Thành phố")]),
        ("Sở Y tế tỉnh Quảng Nam", None, []),
        # its own task and the sectors' one; no central "Bộ trưởng Bộ Tài chính" look-alike
        ("Sở Tài chính", "Hà Nội", [("2280/QĐ-UBND", "PL.2", "Các Sở, ban, ngành Thành phố"), ("2280/QĐ-UBND", "PL.4", None)]),
        ("UBND các huyện", None, [("3148/VP-KGVX", "1", None), ("3148/VP-KGVX", "2", None)]),
        ("UBND huyện Văn Lãng", "Lạng Sơn",
         [("3148/VP-KGVX", "1", "UBND các huyện, thành phố"), ("3148/VP-KGVX", "2", "UBND các huyện, thành phố")]),
        ("Cục Thuế tỉnh Bắc Ninh", None, [("1234/TCT-TTKT", "1", "Cục Thuế các tỉnh, thành phố trực thuộc Trung ương")]),
        ("UBND các phường", None, [("2280/QĐ-UBND", "PL.3", None)]),
    ],
)
def test_issue_qa_group_members_and_look_alikes(archive: Any, agency: str, province: str | None,
                                                 expected: list[tuple[str, str, str | None]]) -> None:
    assert _got(find_obligations(archive, agency=agency, province=province)) == expected


def test_issue_qa_group_rows_are_listed_under_the_body_asked_about(archive: Any) -> None:
    o = next(o for o in find_obligations(archive, agency="SYT") if o.group)
    assert (o.agency, o.agency_id) == ("Sở Y tế", "so-y-te")


def test_issue_qa_generic_body_only_in_groups_of_several_provinces_is_ambiguous(store_url: str) -> None:
    from docintel.store import open_store

    s = open_store(store_url)
    try:
        ingest(s, [HN, make_doc("ls2", number="9/VP", issuer="Văn phòng UBND tỉnh", issuer_id=None, tasks=[
            task("1", "Các sở, ban, ngành tỉnh thực hiện.", ("Các sở, ban, ngành tỉnh", None))])])
        with pytest.raises(QueryError, match="several provinces"):
            find_obligations(s, agency="Sở Công Thương")
        assert _got(find_obligations(s, agency="Sở Công Thương", province="Lạng Sơn")) == [
            ("9/VP", "1", "Các sở, ban, ngành tỉnh")]
    finally:
        s.close()


# ---------------------------------------------------------------------------
# "on whose order": the main signing block signs for the issuer


def _signed(name: str, number: str, issuer: str, parent: str | None, office: str, title: str, person: str) -> Any:
    from docintel import Issuer, Signer

    doc = make_doc(name, number=number, doc_type="CV", issuer=issuer, issuer_id=None, place="Hà Nội", date="2020-08-01",
                   subject="thuế")
    doc.issuer = Issuer(issuer, parent=parent)
    doc.signer = Signer(person, title, "KT", office)
    return doc


@pytest.mark.parametrize(
    ("who", "numbers"),
    [
        ("bo truong bo tai chinh", ["1/BTC-CST"]),  # "KT. BỘ TRƯỞNG" of a Bộ Tài chính letter
        ("Bộ Tài chính", ["1/BTC-CST"]),  # not the Tổng cục Thuế letter under it
        ("tong cuc truong tong cuc thue", ["2/TCT-CS"]),
        ("Trần Văn Hiếu", ["1/BTC-CST"]),
        ("bo truong tong cuc thue", []),
    ],
)
def test_issue_qa_signer_signs_for_the_issuer(store_url: str, who: str, numbers: list[str]) -> None:
    from docintel.store import open_store

    s = open_store(store_url)
    try:
        ingest(s, [
            _signed("btc", "1/BTC-CST", "Bộ Tài chính", None, "BỘ TRƯỞNG", "THỨ TRƯỞNG", "Trần Văn Hiếu"),
            _signed("tct", "2/TCT-CS", "Tổng cục Thuế", "Bộ Tài chính", "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "Lê Văn A"),
        ])
        assert sorted(h.number for h in s.search("", signer=who)) == numbers
    finally:
        s.close()
