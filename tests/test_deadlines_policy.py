"""Issue 3, round 2 (session 5): which date of a task's text is its due date, and how a document's kind
changes the reading.

* a report's data cut-off ("Tổng hợp tình hình … đến ngày 31/8/2022, gửi báo cáo … trước ngày 10/9/2022")
  is no due date; the due phrase beside it is, and a cut-off alone gives none;
* a deferral, extension or right GRANTED until a day ("được lùi … đến ngày 30/06/2020") is no duty;
* an end ("duy trì … đến hết ngày X") yields to a due phrase in the same text;
* a yearly cycle gives a year-less day-month its recurrence, in the same sentence even when the day is
  past on the document date, in the list's lead-in (``with_cycle``), and in a legal normative text
  always (a rule of law recurs);
* in a legal normative text a limit with no starting point is a processing time counted from an event
  of the procedure, not from the text's date (``document_policy``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from _deadline_check import check_deadline as _check
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._deadlines import (
    Policy,
    document_policy,
    find_deadline,
    find_deadlines,
    is_normative,
    with_cycle,
)

NORMATIVE = Policy(normative=True)
DEFAULT = Policy()

Row = tuple[str, str | None, dict[str, Any] | None]




CUT_OFF: list[Row] = [
    ("3. Tổng hợp tình hình triển khai thực hiện Nghị quyết đến ngày 31 tháng 8 năm\n\n2022, gửi báo cáo về "
     "Bộ Lao động - Thương binh và Xã hội trước ngày 10 tháng 9 năm\n2022./.", "2022-08-05", {"date": "2022-09-10"}),
    ("Báo cáo kết quả thực hiện đến hết ngày 30/6/2024, gửi Sở Tài chính chậm nhất ngày 10/7/2024",
     "2024-06-01", {"date": "2024-07-10"}),
    ("Tổng hợp số liệu thu ngân sách đến ngày 31/10/2023 theo mẫu đính kèm.", "2023-10-20", None),
    ("báo cáo tình hình nợ thuế đến ngày 30/9/2021 của các doanh nghiệp", "2021-09-10", None),
    # a schedule's end stays ("hằng ngày … đến hết ngày"), as does an end with no data noun
    ("cập nhật số liệu hằng ngày đến hết ngày 31/8/2021", "2021-08-01", {"recurrence": "daily"}),
    ("Tiếp tục thực hiện giãn cách xã hội đến hết ngày 15/9/2021.", "2021-09-01", {"date": "2021-09-15"}),
    # an end yields to a due phrase
    ("Duy trì các chốt kiểm soát đến hết ngày 31/8/2020; báo cáo kết quả trước ngày 05/9/2020.", "2020-08-10",
     {"date": "2020-09-05"}),
]


@pytest.mark.parametrize(("text", "doc_date", "expect"), CUT_OFF)
def test_issue3_data_cut_off_is_no_due_date(text: str, doc_date: str | None, expect: dict[str, Any] | None) -> None:
    _check(text, doc_date, expect)


GRANTED: list[Row] = [
    ("1. Đồng ý cho các doanh nghiệp bị ảnh hưởng bởi dịch Covid-19 được lùi thời điểm đóng kinh phí công đoàn "
     "6 tháng đầu năm 2020\nđến ngày 30/06/2020. Nếu sau thời điểm này dịch Covid-19 chưa thuyên giảm thì thời "
     "gian được lùi đến 31/12/2020.", "2020-04-08", None),
    ("Người nộp thuế được gia hạn thời hạn nộp thuế thu nhập doanh nghiệp đến hết ngày 31 tháng 12 năm 2023.",
     "2023-06-10", None),
    ("Hộ kinh doanh được kéo dài thời hạn nộp tiền thuê đất đến ngày 31/10/2022.", "2022-05-20", None),
    ("Doanh nghiệp được miễn tiền chậm nộp đến ngày 30/9/2021", "2021-07-01", None),
    ("các cơ quan được tiếp tục sử dụng mẫu cũ đến hết ngày 30 tháng 6 năm 2026.", "2026-01-10", None),
    # a cap on an extension is a limit, and a due day after a grant is a due day
    ("Thời hạn nộp không được kéo dài đến ngày 30/6/2024", "2024-03-01", {"date": "2024-06-30"}),
    ("Số thuế được gia hạn nộp chậm nhất ngày 31/12/2023.", "2023-06-10", {"date": "2023-12-31"}),
]


@pytest.mark.parametrize(("text", "doc_date", "expect"), GRANTED)
def test_issue3_granted_deferral_is_no_duty(text: str, doc_date: str | None, expect: dict[str, Any] | None) -> None:
    _check(text, doc_date, expect)


CONDITIONS: list[Row] = [
    ("Ban quản lý dự án được thành lập trước ngày 01 tháng 7 năm 2026 thì không phải chuyển đổi", "2025-12-10", None),
    ("Trường hợp nộp hồ sơ trước ngày 15/3/2025, thì được giải quyết theo quy định cũ", "2025-01-10", None),
    ("gửi báo cáo trước ngày 15/3/2025 để tổng hợp", "2025-01-10", {"date": "2025-03-15"}),
]


@pytest.mark.parametrize(("text", "doc_date", "expect"), CONDITIONS)
def test_issue3_date_opening_a_condition(text: str, doc_date: str | None, expect: dict[str, Any] | None) -> None:
    _check(text, doc_date, expect)


YEARLY: list[tuple[str, str | None, Policy, dict[str, Any] | None]] = [
    # the cycle word in the same sentence, the day-month past on the document date
    ("Định kỳ hằng năm, Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 30 tháng 6.", "2025-12-21", Policy(),
     {"recurrence": "yearly", "day_of_month": 30, "month": 6, "date": None}),
    ("Hằng năm, trước ngày 15/12, các đơn vị gửi báo cáo", "2025-03-02", Policy(),
     {"recurrence": "yearly", "day_of_month": 15, "month": 12, "date": None}),
    # in a normative text the year-less day-month is the yearly due day ...
    ("3. Bộ Công an xem xét, phê duyệt tuyến trọng điểm phức tạp về ma túy liên tỉnh trước ngày 30 tháng 12 để "
     "tổng hợp báo cáo Thủ tướng Chính phủ.", "2025-08-24", NORMATIVE,
     {"recurrence": "yearly", "day_of_month": 30, "month": 12, "date": None}),
    ("Chậm nhất ngày 31/3, Ủy ban nhân dân cấp tỉnh gửi báo cáo về Bộ Tài chính", "2025-12-30", NORMATIVE,
     {"recurrence": "yearly", "day_of_month": 31, "month": 3}),
    # ... while in a letter it is this year's day, and a dated day is a date everywhere
    ("Bộ Công an phê duyệt danh sách trước ngày 30 tháng 12 để tổng hợp báo cáo.", "2025-08-24", Policy(),
     {"date": "2025-12-30", "recurrence": None}),
    ("gửi báo cáo về Bộ trước ngày 15 tháng 3 năm 2026", "2025-12-30", NORMATIVE,
     {"date": "2026-03-15", "recurrence": None}),
    ("Thời hạn nộp thuế của kỳ tính thuế tháng 6 năm 2020 chậm nhất là ngày 20 tháng 12 năm 2020.", "2020-09-15",
     NORMATIVE, {"date": "2020-12-20"}),
    # the statutory monthly form
    ("nộp phí dịch vụ thanh toán cho KBNN chậm nhất trong ngày 10 của tháng sau, trừ ngày nghỉ", "2025-12-31",
     NORMATIVE, {"recurrence": "monthly", "day_of_month": 10}),
]


@pytest.mark.parametrize(("text", "doc_date", "policy", "expect"), YEARLY)
def test_issue3_yearly_cycle(text: str, doc_date: str | None, policy: Policy, expect: dict[str, Any] | None) -> None:
    _check(text, doc_date, expect, policy)


LEAD_IN_CYCLE: list[tuple[str, str, dict[str, Any] | None]] = [
    # the cycle word in the list's lead-in, the day-month in the item
    ("Định kỳ hằng năm, các Sở, ngành thực hiện:", "a) gửi báo cáo UBND tỉnh trước ngày 15/12 để tổng hợp",
     {"recurrence": "yearly", "day_of_month": 15, "month": 12, "date": None, "inherited": False}),
    ("Hằng năm, Sở Nội vụ có trách nhiệm:", "chậm nhất ngày 31/3 báo cáo Bộ Nội vụ",
     {"recurrence": "yearly", "day_of_month": 31, "month": 3}),
    # a dated day is a one-off date inside any cycle, and a lead-in without a cycle changes nothing
    ("Định kỳ hằng năm, các Sở, ngành thực hiện:", "gửi báo cáo trước ngày 15/12/2025",
     {"date": "2025-12-15", "recurrence": None}),
    ("Các Sở, ngành thực hiện các nội dung sau:", "gửi báo cáo trước ngày 15/12",
     {"date": "2025-12-15", "recurrence": None}),
    # an item without a deadline of its own takes the lead-in's, marked inherited
    ("Định kỳ hằng năm, các Sở, ngành thực hiện:", "rà soát danh mục thủ tục hành chính",
     {"recurrence": "yearly", "inherited": True}),
]


@pytest.mark.parametrize(("lead_in", "item", "expect"), LEAD_IN_CYCLE)
def test_issue3_lead_in_cycle(lead_in: str, item: str, expect: dict[str, Any] | None) -> None:
    got = with_cycle(find_deadline(item, doc_date="2025-03-02"), find_deadline(lead_in, doc_date="2025-03-02"))
    assert got is not None
    for key, want in expect.items():
        assert getattr(got, key) == want, f"{key}: {getattr(got, key)!r} != {want!r} ({got})"


def test_issue3_with_cycle_keeps_nothing_as_nothing() -> None:
    assert with_cycle(None, None) is None
    own = find_deadline("gửi báo cáo trước ngày 15/12", doc_date="2025-03-02")
    assert with_cycle(own, None) == own


BARE_LIMITS: list[tuple[str, str | None, Policy, dict[str, Any]]] = [
    ("Trong thời hạn 05 ngày làm việc, Ủy ban nhân dân tỉnh có trách nhiệm trả lời bằng văn bản.", "2025-12-18",
     NORMATIVE, {"date": None, "anchor": "event", "duration": "5wd"}),
    ("cơ quan thuế ra thông báo trong 03 ngày làm việc", "2025-12-18", NORMATIVE,
     {"date": None, "anchor": "event", "duration": "3wd"}),
    ("gửi Sở Tư pháp chậm nhất 10 ngày", "2025-12-18", NORMATIVE, {"date": None, "anchor": "event"}),
    # a letter's bare limit still counts from its date (estimated)
    ("Trong thời hạn 05 ngày làm việc, các đơn vị gửi ý kiến về Sở Tài chính.", "2025-12-18", Policy(),
     {"date": "2025-12-25", "anchor": "document", "estimated": True}),
    # a limit from the text's own signing is a date in a normative text too
    ("báo cáo trong 10 ngày kể từ ngày ký ban hành Thông tư này", "2021-10-21", NORMATIVE,
     {"date": "2021-10-31", "anchor": "document"}),
    # "trước 17 giờ" of a day the procedure sets: no date in a normative text
    ("gửi báo cáo trước 17 giờ 00 phút", "2021-09-01", NORMATIVE, {"date": None, "time": "17:00"}),
]


@pytest.mark.parametrize(("text", "doc_date", "policy", "expect"), BARE_LIMITS)
def test_issue3_normative_bare_limit_counts_from_event(
    text: str, doc_date: str | None, policy: Policy, expect: dict[str, Any]
) -> None:
    _check(text, doc_date, expect, policy)


@pytest.mark.parametrize(("doc_type", "year", "normative"), [
    ("NĐ", 2025, True), ("NĐ", None, True), ("TT", 2026, True), ("L", None, True), ("TTLT", 2014, True),
    ("VBHN", None, True), ("QĐ", 2025, True), ("QĐ", None, False), ("NQ", 2026, True), ("NQ", None, False),
    ("CV", 2025, False), ("KH", None, False), ("TB", 2025, False), (None, 2025, False), ("nđ", 2025, True),
])
def test_issue3_document_policy(doc_type: str | None, year: int | None, normative: bool) -> None:
    assert is_normative(doc_type, year) is normative
    pol = document_policy(doc_type, year)
    assert pol.normative is normative
    base = Policy(year_dates=True)
    assert document_policy(doc_type, year, base).year_dates is True


def test_issue3_pipeline_reads_a_normative_texts_limits_by_its_policy() -> None:
    """The task walker passes the document's type and number year: the same item gives an event-anchored
    limit in a decree and a dated one in a letter."""
    from docintel import parse_text

    item = ("Điều 5. Trách nhiệm thi hành\n1. Sở Tài chính có trách nhiệm trả lời bằng văn bản trong thời hạn 05 "
            "ngày làm việc.\n2. Bộ Công an phê duyệt danh sách trước ngày 30 tháng 12 hằng năm.\n")
    decree = ("CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/2025/NĐ-CP\n"
              "Hà Nội, ngày 18 tháng 12 năm 2025\nNGHỊ ĐỊNH\nQuy định về thủ tục thử nghiệm\n" + item)
    doc = parse_text(decree)
    assert doc.doc_type == "NĐ"
    limits = [t.deadline for t in doc.tasks if t.deadline is not None and t.deadline.duration == "5wd"]
    assert limits and all(d.anchor == "event" and d.date is None for d in limits), doc.tasks


# ---------------------------------------------------------------------------
# robustness: never a crash, always a valid date and span, under either policy

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = st.sampled_from(
    ["tình hình", "số liệu", "đến", "đến hết", "ngày", "31/8/2022", "tháng", "năm", "trước", "thì", "được",
     "lùi", "gia hạn", "tiếp tục", "không", "chậm nhất", "của tháng sau", "hằng năm", "trong thời hạn", "05",
     "ngày làm việc", "30 tháng 12", "17 giờ", "kể từ", "\n", ",", ".", "/"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40), st.booleans(),
       st.one_of(st.none(), st.sampled_from(["2022-08-05", "2026", "2025-12", "2025-12-31"])))
def test_arbitrary_policy_phrases_give_valid_deadlines(words: list[str], normative: bool, doc_date: str | None) -> None:
    text = " ".join(words)
    pol = Policy(normative=normative)
    for dl in find_deadlines(text, doc_date=doc_date, policy=pol):
        if dl.date is not None:
            assert _ISO.match(dl.date)
            date.fromisoformat(dl.date)
        assert dl.start is not None and dl.end is not None and 0 <= dl.start < dl.end <= len(text)
    one = find_deadline(text, doc_date=doc_date, policy=pol)
    assert one is None or (one.start is not None and one.end is not None and one.end <= len(text))


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.sampled_from([
    "tình hình thực hiện ", "được lùi thời điểm đóng ", "được gia hạn nộp thuế đến ", "trước ngày 01/7/2026 ",
    "số liệu đến hết ngày 31/8 ", "ngày 10 của tháng sau ", "trong thời hạn 05 ngày làm việc, "]))
def test_long_repetitive_policy_text_terminates(n: int, unit: str) -> None:
    text = unit * n
    for pol in (Policy(), NORMATIVE):
        out = find_deadlines(text, doc_date="2024-09-10", policy=pol)
        assert all(d.end is not None and d.end <= len(text) for d in out)
