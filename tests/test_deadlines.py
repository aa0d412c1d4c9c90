"""Issue 3: the Vietnamese deadline grammar.

Two tables: every example of ``rules/deadlines.yaml`` with the value it states, and
the table below of phrases from the seeds, the dev corpus and the wild corpus (task
texts of real dispatches, OCR noise included) with their normalised values.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._deadlines import DocDate, Policy, find_deadline, find_deadlines, next_occurrence
from docintel._model import Deadline
from docintel._rules import load

RULEFILE = load("deadlines")
YAML_CASES = [
    pytest.param(ex["text"], ex.get("doc_date"), ex.get("expect"), Policy(**(ex.get("policy") or {})),
                 id=f"{rule.id}-{i}")
    for rule in RULEFILE.rules
    for i, ex in enumerate(rule.examples)
    if isinstance(ex, dict) and "expect" in ex
]


def check(text: str, doc_date: str | None, expect: dict[str, Any] | None, policy: Policy | None = None) -> None:
    got = find_deadline(text, doc_date=doc_date, policy=policy or Policy())
    if expect is None:
        assert got is None or (not got.date and not got.recurrence and not got.immediate), got
        return
    assert got is not None, f"no deadline in {text!r}"
    for key, want in expect.items():
        assert getattr(got, key) == want, f"{key}: {getattr(got, key)!r} != {want!r} in {text!r} ({got})"


@pytest.mark.parametrize(("text", "doc_date", "expect", "policy"), YAML_CASES)
def test_rules_file_examples_give_their_values(text: str, doc_date: str | None, expect: Any, policy: Policy) -> None:
    check(text, doc_date, expect, policy)


def test_every_rule_example_states_its_value() -> None:
    missing = [
        f"{rule.id}: {ex!r}"
        for rule in RULEFILE.rules
        if rule.patterns
        for ex in rule.examples
        if not (isinstance(ex, dict) and "expect" in ex)
    ]
    assert not missing


# (text, document date, expected values) — real-style task texts
TABLE: list[tuple[str, str | None, dict[str, Any] | None]] = [
    # seeds
    (
        "Giao UBND các huyện, thành phố khẩn trương chỉ đạo tổ chức rà soát thật kỹ, đầy đủ những người "
        "đến thành phố Đà Nẵng từ ngày 01/7/2020 đã trở về địa phương, tổng hợp, báo cáo UBND tỉnh, Sở Y tế "
        "chậm nhất ngày 08/8/2020.",
        "2020-08",
        {"date": "2020-08-08", "recurrence": None, "text": "chậm nhất ngày 08/8/2020"},
    ),
    (
        "Chỉ đạo các cơ quan, đơn vị liên quan tăng cường rà soát, truy vết, lấy tờ khai y tế (khai đầy đủ "
        "các mốc dịch tễ), báo cáo danh sách cụ thể các trường hợp đi từ các vùng dịch trở về địa phương "
        "(thực hiện hàng ngày đến khi có thông báo mới từ Bộ Y tế, Ban chỉ đạo Quốc gia phòng chống dịch "
        "COVID-19); đặc biệt các trường hợp trở về từ các khu công nghiệp",
        "2021",
        {"date": None, "recurrence": "daily", "open_end": True},
    ),
    (
        "Thực hiện nghiêm việc quản lý, kiểm soát người ra, vào địa bàn tỉnh, huyện để phòng chống dịch "
        "COVID-19 theo Công văn 3138/UBND-VXNV ngày 28/5/2021 của Ủy ban nhân dân tỉnh Bắc Kạn.",
        "2021",
        None,
    ),
    (
        "Trong ngày làm việc và các ngày nghỉ cuối tuần đề nghị các đồng chí trưởng, phó các phòng chuyên "
        "môn, đơn vị thuộc Sở luôn mở máy điện thoại (24/24h) để kịp thời tiếp nhận, xử lý các thông tin",
        None,
        {"date": None, "recurrence": "continuous"},
    ),
    (
        "Sở Y tế chỉ đạo khẩn trương triển khai các biện pháp cách ly phù hợp, giám sát y tế, xét nghiệm "
        "trên diện rộng đối với các trường hợp từng đến thành phố Đà Nẵng từ ngày 01/7/2020 đến nay",
        "2020-08",
        {"date": None, "recurrence": None, "immediate": True},
    ),
    (
        "Tiếp tục thực hiện các nội dung tại Công văn số 881/SCT-VP ngày 29/7/2020 của Sở Công Thương về "
        "việc tiếp tục triển khai các biện pháp phòng chống, dịch bệnh COVID – 19.",
        "2020-08",
        None,
    ),
    (
        "Giao cho phòng Quản lý chuyên ngành tiếp tục kịp thời cập nhật diễn biến tình hình dịch bệnh",
        None,
        None,
    ),
    # dev corpus (hanoi-qd-2280)
    (
        "Chủ đầu tư và các nhà thầu thi công các công trình khẩn cấp phải đảm bảo các hạng mục chính hoàn "
        "thành, hoạt động ngay trước thời điểm 30/4/2026 phục vụ thoát nước đô thị",
        "2026",
        {"date": "2026-04-30", "recurrence": None},
    ),
    (
        "Các đơn vị duy trì thoát nước xây dựng kế hoạch ứng trực 24/24h để kịp thời xử lý",
        "2026",
        {"recurrence": "continuous"},
    ),
    (
        "Định kỳ ngày 20 hàng tháng có báo cáo đánh giá tình hình thực hiện gửi Sở Xây dựng",
        "2026",
        {"date": None, "recurrence": "monthly", "day_of_month": 20},
    ),
    (
        "Thường xuyên cập nhật, theo dõi bản tin dự báo, cảnh báo mưa lớn",  # a manner adverb, not a schedule
        "2026",
        None,
    ),
    (
        "Khẩn trương triển khai hoàn thành các Lệnh xây dựng công trình khẩn cấp",
        "2026",
        {"date": None, "recurrence": None, "immediate": True},
    ),
    (
        "Đôn đốc các Chủ đầu tư các công trình hạ tầng kỹ thuật đã hoàn thành để đẩy nhanh thủ tục nghiệm thu",
        "2026",
        None,
    ),
    # wild corpus (tax letters; OCR noise kept)
    ("Thời hạn nộp lệ phí môn bài năm 2022 chậm nhất là ngày 31 tháng 01", "2021-12-10",
     {"date": "2022-01-31"}),
    ("gia hạn tại khoản nay chậm nhất là ngày 30 tháng 12 năm 2023.", "2023-07-01", {"date": "2023-12-30"}),
    ("Tổng cục Hải quan trước ngày 01/10/2020.", "2020-09-15", {"date": "2020-10-01"}),
    ("2022 trước ngày 29/4/2023. Đồng thời, tổ chức thực hiện ngay kế hoạch thanh tra", "2023-03-01",
     {"date": "2023-04-29"}),
    ("BTC. Ý kiến tham gia xin gửi về Tổng cục Thuế trước ngày 26/8/2021. Bản", "2021-08-17",
     {"date": "2021-08-26"}),
    ("Cham nhất là 10 ngày làm việc ké từ ngày phat sinh", "2019-05-01",
     {"date": None, "anchor": "event", "duration": "10wd"}),
    ("Trong 2 ngày làm việc, Tổng cục Thuế (Vụ HTQT) gửi theo địa chỉ", "2019-05-09",
     {"date": "2019-05-13", "estimated": True}),
    ("dé Công ty cung cấp cho cơ quan thuế chậm nhất trước 07 ngày kể từ ngày cá nhân", "2020-01-02",
     {"date": None, "anchor": "event"}),
    ("nghiêm túc thực hiện và báo cáo tình hình vào ngày 10 hàng tháng về Tổng Liên đoàn", "2020-03-01",
     {"recurrence": "monthly", "day_of_month": 10}),
    ("Chậm nhất ngày 15/01 hàng năm đại lý thuế gửi báo cáo tình hình hoạt động", "2019-05-01",
     {"recurrence": "yearly", "month": 1, "day_of_month": 15, "date": None}),
    ("Việc cung cấp thông tin được thực hiện định kỳ hàng quý chậm nhất vào ngày cuối cùng của tháng đầu "
     "quý sau", "2019-05-01", {"recurrence": "quarterly", "month": 1, "day_of_month": None}),
    ("- Tự theo dõi sức khỏe hàng ngày. Khi có một trong biểu hiện sốt, ho", "2021-05-01",
     {"recurrence": "daily"}),
    ("a) Hằng ngày thực hiện vệ sinh khử khuẩn tại địa điểm họp", "2021-05-01", {"recurrence": "daily"}),
    ("Cục Thuế định kỳ hàng quý báo cáo kết quả theo mẫu", "2016-05-01", {"recurrence": "quarterly"}),
    ("Luật thuế GTGT hiện hành quy định Cơ sở kinh doanh trong tháng, quý", "2017-12-14", None),
    ("hiệu lực từ ngày 01/4/2022 đến hết ngày 10/7/2022).", "2022-04-20", None),
    ("1. Nghị định này có hiệu lực kể từ ngày ký ban hành đến hết ngày 31 tháng 12 năm 2023.", "2023-05-01",
     None),
    ("Từ ngày 01/7/2016 đến trước ngày 01/02/2018, trường hợp các sản phẩm xuất khẩu của Công ty",
     "2019-08-01", None),
    ("Thời gian công tác tại các chiến trường B, C trước ngày 30 tháng 4 năm 1975", "2021-04-13", None),
    ("Trước ngày 01/9/2016 cửa hàng miễn thuế được xác định là khu phi thuế quan", "2019-12-31", None),
    ("Trường hợp trong tháng 02/2020, người tham gia có sử dụng thẻ BHYT", "2020-10-22", None),
    ("Ngày 30/12/2019, Cục Thuế nhận được công văn số 12/2019/CV của Công ty", "2020-01-15", None),
    ("kết quả công tác phòng chống dịch bệnh COVID-19 tính đến 6 giờ 00 phút ngày 24/5/2021", "2021-05-24",
     None),
    ("Kết quả đến hết ngày 30/6/2022, có 100% doanh nghiệp, tổ chức", "2022-07-20", None),
    ("Trong thời gian được giảm bớt 01 giờ làm việc hằng ngày đối với lao động nữ", "2022-07-20", None),
    ("NLD đã tự ý bỏ việc mà không có lý do chính đáng từ 05 ngày làm việc liên tục", "2022-07-20", None),
    ("Đối với căn nhà thuê tại Hà Nội, trong hợp dong thué nha ngay 01/3/2019", "2020-10-22", None),
    ("Ngay sau khi xác định được ca bệnh dương tính UBND tỉnh đã chỉ đạo", "2021-05-24", None),
    ("có hiệu lực thi hành từ ngày 01 tháng 11 năm 2018", "2018-10-01", None),
    # composed phrases
    ("Báo cáo hằng ngày trước 16 giờ về Sở Y tế cho đến khi có thông báo mới", "2021-07-01",
     {"recurrence": "daily", "time": "16:00", "open_end": True}),
    ("Hằng tháng, các đơn vị gửi báo cáo về Sở Nội vụ trước ngày 25 để tổng hợp", "2022-03-01",
     {"recurrence": "monthly", "day_of_month": 25}),
    ("Khẩn trương rà soát, báo cáo UBND tỉnh trước ngày 15/8/2020; thường xuyên cập nhật", "2020-08-10",
     {"date": "2020-08-15", "immediate": False}),
    ("cập nhật số liệu hằng ngày đến hết ngày 31/8/2021", "2021-08-10",
     {"recurrence": "daily", "date": None, "period_end": "2021-08-31"}),
    ("thực hiện ngay trong ngày 10/8/2020", "2020-08-09", {"date": "2020-08-10"}),
    ("tổ chức thực hiện ngay kế hoạch, duy trì thường xuyên", "2023-03-01",
     {"recurrence": None, "immediate": True}),
    ("bố trí trực ban 24/24 giờ, khẩn trương khắc phục sự cố", "2023-03-01",
     {"recurrence": "continuous", "immediate": False}),
    ("Báo cáo kết quả trước ngày 10/8/2020 và báo cáo bổ sung trước ngày 05/8/2020", "2020-08-01",
     {"date": "2020-08-05"}),
    ("NỘP BÁO CÁO TRƯỚC NGÀY 30/9/2021", "2021-09-01", {"date": "2021-09-30"}),
    ("gửi trước ngày 31/02/2021", "2021-01-06", None),
    ("Hằng năm các sở tổng hợp, báo cáo UBND tỉnh trước ngày 15/12 để theo dõi", "2021-01-06",
     {"recurrence": "yearly", "date": None, "day_of_month": 15, "month": 12}),
    ("nộp báo cáo trước ngày 30/9/2021", "2021-09-01", {"date": "2021-09-30"}),  # NFD input
    # "tính từ ngày <event>" anchors a limit on that event as "kể từ" does: no date from the document's
    ("duyệt báo cáo của các đơn vị trong vòng 10 ngày tính từ ngày gửi trên Hệ thống", "2025-10-08",
     {"date": None, "anchor": "event"}),
    ("trả lời trong vòng 05 ngày tính từ ngày nhận được văn bản này", "2025-10-08",
     {"date": "2025-10-13", "anchor": "receipt"}),
    # precision audit: "trường hợp/nếu sau N ngày kể từ … không …" is the condition of a fallback step,
    # while the same "sau N ngày kể từ" with no condition before it still limits the duty
    ("trường hợp sau 90 ngày kể từ ngày gửi thư đề nghị không nhận được thông tin thì trình Lãnh đạo ký văn bản",
     "2024-03-01", None),
    ("Nếu sau 10 ngày kể từ ngày nhận được văn bản này mà chưa có ý kiến thì coi như thống nhất", "2024-03-01", None),
    ("gửi ý kiến sau 10 ngày kể từ ngày nhận được văn bản này", "2024-03-01",
     {"date": "2024-03-11", "anchor": "receipt"}),
]


@pytest.mark.parametrize(("text", "doc_date", "expect"), TABLE, ids=[f"t{i}" for i in range(len(TABLE))])
def test_issue3_real_phrases(text: str, doc_date: str | None, expect: dict[str, Any] | None) -> None:
    check(text, doc_date, expect)


def test_issue3_table_is_large_enough() -> None:
    assert len(TABLE) + len(YAML_CASES) >= 60


def test_spans_index_the_document_text() -> None:
    doc = "1. Giới thiệu.\n2. Báo cáo UBND tỉnh chậm nhất ngày 08/8/2020.\n"
    start = doc.index("2.")
    task = doc[start:]
    dl = find_deadline(task, doc_date="2020-08-01", offset=start)
    assert dl is not None and dl.start is not None and dl.end is not None
    assert doc[dl.start : dl.end] == "chậm nhất ngày 08/8/2020"
    assert dl.rule == "cham-nhat"


def test_nfd_input_is_read() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "báo cáo chậm nhất ngày 08/8/2020")
    dl = find_deadline(text, doc_date="2020-08-01")
    assert dl is not None and dl.date == "2020-08-08"


def test_find_deadlines_lists_every_phrase_in_order() -> None:
    text = ("Báo cáo trước ngày 10/8/2020; sau đó báo cáo hằng tuần vào thứ Sáu và "
            "thường xuyên cập nhật tình hình.")
    got = find_deadlines(text, doc_date="2020-08-01")
    assert [(d.date, d.recurrence, d.weekday) for d in got] == [
        ("2020-08-10", None, None),
        (None, "weekly", 4),
        (None, "continuous", None),
    ]
    assert all(text[d.start : d.end] == d.text for d in got if d.start is not None and d.end is not None)


def test_missing_year_rolls_over_at_year_end() -> None:
    dl = find_deadline("gửi báo cáo trước ngày 10/01", doc_date="2021-12-15")
    assert dl is not None and dl.date == "2022-01-10"
    dl = find_deadline("gửi báo cáo trước ngày 10/12", doc_date="2021-12-15")
    assert dl is not None and dl.date == "2021-12-10"  # a few days late is a late deadline, not next year's


def test_without_document_date_a_yearless_date_keeps_day_and_month() -> None:
    dl = find_deadline("gửi báo cáo trước ngày 10/8", doc_date=None)
    assert dl is not None and dl.date is None and (dl.day_of_month, dl.month) == (10, 8)


def test_docdate_parsing() -> None:
    assert DocDate.parse("2020-08-05").full == date(2020, 8, 5)
    assert DocDate.parse("2020-08").earliest == date(2020, 8, 1)
    assert DocDate.parse("2021").full is None
    assert DocDate.parse("garbage").year is None
    assert DocDate.parse(date(2020, 2, 29)).full == date(2020, 2, 29)


# ---------------------------------------------------------------------------
# next_occurrence

NEXT = [
    (Deadline("hằng ngày", recurrence="daily"), date(2024, 5, 10), date(2024, 5, 11)),
    (Deadline("hằng tuần vào thứ Sáu", recurrence="weekly", weekday=4), date(2024, 5, 10), date(2024, 5, 17)),
    (Deadline("hằng tuần vào thứ Sáu", recurrence="weekly", weekday=4), date(2024, 5, 8), date(2024, 5, 10)),
    (Deadline("hằng tuần", recurrence="weekly"), date(2024, 5, 6), date(2024, 5, 10)),
    (Deadline("hằng tháng trước ngày 25", recurrence="monthly", day_of_month=25), date(2024, 5, 10),
     date(2024, 5, 25)),
    (Deadline("hằng tháng trước ngày 25", recurrence="monthly", day_of_month=25), date(2024, 5, 25),
     date(2024, 6, 25)),
    (Deadline("ngày 31 hằng tháng", recurrence="monthly", day_of_month=31), date(2024, 2, 1), date(2024, 2, 29)),
    (Deadline("hằng tháng", recurrence="monthly"), date(2024, 4, 30), date(2024, 5, 31)),
    (Deadline("hằng quý", recurrence="quarterly"), date(2024, 5, 10), date(2024, 6, 30)),
    (Deadline("ngày 10 tháng đầu quý", recurrence="quarterly", day_of_month=10, month=1), date(2024, 5, 10),
     date(2024, 7, 10)),
    (Deadline("trước 31/12 hằng năm", recurrence="yearly", month=12, day_of_month=31), date(2024, 12, 31),
     date(2025, 12, 31)),
    (Deadline("ngày 15/01 hằng năm", recurrence="yearly", month=1, day_of_month=15), date(2024, 5, 10),
     date(2025, 1, 15)),
    (Deadline("định kỳ 6 tháng", recurrence="monthly", interval=6), date(2024, 7, 1), date(2024, 12, 31)),
    (Deadline("thường xuyên", recurrence="continuous"), date(2024, 5, 10), None),
    (Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08"), date(2020, 8, 1), date(2020, 8, 8)),
    (Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08"), date(2020, 8, 8), None),
    (Deadline("hằng ngày đến hết 31/8", recurrence="daily", period_end="2021-08-31"), date(2021, 8, 31), None),
]


@pytest.mark.parametrize(("deadline", "after", "want"), NEXT, ids=[d.text for d, _, _ in NEXT])
def test_next_occurrence(deadline: Deadline, after: date, want: date | None) -> None:
    assert next_occurrence(deadline, after) == want


def test_next_occurrence_of_parsed_phrases() -> None:
    dl = find_deadline("Báo cáo hằng tuần vào thứ Sáu về Văn phòng", doc_date="2024-05-06")
    assert dl is not None and next_occurrence(dl, date(2024, 5, 6)) == date(2024, 5, 10)
    dl = find_deadline("tổng hợp báo cáo Bộ Tài chính trước 31/12 hằng năm", doc_date="2024-05-06")
    assert dl is not None and next_occurrence(dl, date(2024, 5, 6)) == date(2024, 12, 31)


# ---------------------------------------------------------------------------
# robustness

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = st.sampled_from(
    ["chậm nhất", "trước", "ngày", "tháng", "năm", "hằng", "quý", "giờ", "08/8/2020", "15h00", "III", "/",
     "ngay", "khẩn trương", "kể từ", "trong vòng", "05", "24/24h", "đến hết", "thường xuyên", "\n", ",", "2026",
     "31", "13", "99", "0", "làm việc", "thứ Sáu", "lập tức", "từ", "đến"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=40),
       st.one_of(st.none(), st.sampled_from(["2020-08-05", "2021", "2020-08", "2024-12-31"])))
def test_arbitrary_text_gives_valid_deadlines(words: list[str], doc_date: str | None) -> None:
    text = " ".join(words)
    for dl in find_deadlines(text, doc_date=doc_date):
        if dl.date is not None:
            assert _ISO.match(dl.date)
            date.fromisoformat(dl.date)
        assert dl.start is not None and dl.end is not None and 0 <= dl.start < dl.end
    find_deadline(text, doc_date=doc_date)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_long_repetitive_text_terminates(n: int) -> None:
    text = "chậm nhất trước ngày tháng năm hằng " * n
    out = find_deadlines(text, doc_date="2020-08-05")
    assert all(d.start is not None and d.end is not None and d.end <= len(text) for d in out)


def test_issue3_weak_continuous_only_by_policy() -> None:
    text = "3. Liên tục cập nhật thông tin các vùng dịch được Bộ Y tế thông báo"
    assert find_deadline(text, doc_date="2021") is None
    dl = find_deadline(text, doc_date="2021", policy=Policy(weak_continuous=True))
    assert dl is not None and dl.recurrence == "continuous"
    assert [d.recurrence for d in find_deadlines(text, doc_date="2021")] == ["continuous"]


def test_issue3_immediacy_sets_no_date_unless_asked() -> None:
    text = ("Tổng cục Thuế yêu cầu Công ty phối hợp với Cục Thuế Thành phố Hồ Chí Minh khan\n"
            "trương thực hiện kê khai, nộp đầy đủ khoản thuế TNDN")
    dl = find_deadline(text, doc_date="2020-11-19")
    assert dl is not None and dl.immediate and dl.date is None and dl.recurrence is None
    dl = find_deadline(text, doc_date="2020-11-19", policy=Policy(immediate_date=True))
    assert dl is not None and dl.immediate and dl.date == "2020-11-19"
    dl = find_deadline(text, doc_date="2020-11", policy=Policy(immediate_date=True))
    assert dl is not None and dl.date is None  # never invent a day


def test_issue3_ngay_with_tone_mark_is_a_day_not_immediacy() -> None:
    assert find_deadline("thực hiện ngày 15 của đợt kiểm tra", doc_date="2020-01-01") is None
    dl = find_deadline("thực hiện ngay việc kiểm tra", doc_date="2020-01-01")
    assert dl is not None and dl.immediate


def test_every_example_passes_its_rules_prefilter() -> None:
    from docintel._deadlines import prefilter_text
    from docintel._normalise import fold

    missed = []
    for rule in RULEFILE.rules:
        needs = rule.get("needs") or []
        for ex in rule.examples:
            t = ex["text"] if isinstance(ex, dict) else ex
            if needs and not any(n in prefilter_text(fold(t)) for n in needs):
                missed.append(f"{rule.id}: {t!r}")
    assert not missed


# ---------------------------------------------------------------------------- a list's own deadline
# (body, {task id: (deadline date or recurrence, inherited)}): the points of a list that set no deadline
# take the one its lead-in or a closing sentence states for all of them; never over their own.

LIST_CASES: list[tuple[str, dict[str, tuple[str | None, bool] | None]]] = [
    (
        "Trong tháng 6/2026, đề nghị các sở, ngành thực hiện các nội dung sau:\n"
        "1. Rà soát các thủ tục hành chính thuộc phạm vi quản lý.\n"
        "2. Báo cáo kết quả về Sở Nội vụ trước ngày 15/6/2026.\n"
        "3. Cập nhật cơ sở dữ liệu về cán bộ, công chức.\n",
        {"1": ("2026-06-30", True), "2": ("2026-06-15", False), "3": ("2026-06-30", True)},
    ),
    (
        "Điều 19. Tổ chức thực hiện\n"
        "1. Sở Y tế chủ trì xây dựng kế hoạch triển khai.\n"
        "2. Sở Tài chính bố trí kinh phí thực hiện trong quý III/2026.\n"
        "Các nhiệm vụ trên hoàn thành trước ngày 31/12/2026.\n"
        "Điều 20. Hiệu lực thi hành\nQuyết định này có hiệu lực từ ngày ký.\n",
        {"Điều 19.1": ("2026-12-31", True), "Điều 19.2": ("2026-09-30", False)},
    ),
    (  # the nearest enclosing list: the points of item 2 take its stem's month, item 1 the lead-in's
        "Hằng tháng, các đơn vị thực hiện các nội dung sau:\n"
        "1. Cập nhật số liệu lên hệ thống.\n"
        "2. Trong tháng 9/2026, các đơn vị hoàn thành các việc sau:\n"
        "a) Rà soát danh mục hồ sơ;\n"
        "b) Báo cáo kết quả về Sở Nội vụ.\n",
        {"1": ("monthly", True), "2.a": ("2026-09-30", True),
         "2.b": ("2026-09-30", True)},
    ),
    (  # a lead-in that does not introduce the list (no colon), a closing about other things: nothing
        "Sở Nội vụ đã tổng kết công tác năm 2025 trước ngày 31/12/2025. Đề nghị các đơn vị\n"
        "1. Rà soát các thủ tục hành chính thuộc phạm vi quản lý.\n"
        "2. Cập nhật cơ sở dữ liệu về cán bộ, công chức.\n"
        "Ngoài các nhiệm vụ trên, Sở Y tế báo cáo trước ngày 30/6/2026.\n",
        {"1": None},
    ),
]


def _list_tasks(body: str) -> dict[str, tuple[str | None, bool] | None]:
    from docintel._model import DateValue, Document, Source
    from docintel._normalise import fold
    from docintel.tasks import extract_tasks

    text = body.strip("\n") + "\n"
    d = Document(text, Source("t.txt", "", "txt"))
    d.folded = fold(text)
    d.doc_type = "KH"
    d.date = DateValue("2026-03-02")
    extract_tasks(d)
    return {
        t.id: (t.deadline.date or t.deadline.recurrence, t.deadline.inherited) if t.deadline else None
        for t in d.tasks
    }


@pytest.mark.parametrize(("body", "expected"), LIST_CASES)
def test_issue3_points_take_the_deadline_stated_for_their_list(
    body: str, expected: dict[str, tuple[str | None, bool] | None]
) -> None:
    got = _list_tasks(body)
    assert {k: got.get(k) for k in expected} == expected


def test_issue3_closing_sentence_is_no_part_of_the_last_point() -> None:
    from docintel._model import DateValue, Document, Source
    from docintel._normalise import fold
    from docintel.tasks import extract_tasks

    body = (
        "Điều 19. Tổ chức thực hiện\n1. Sở Y tế chủ trì xây dựng kế hoạch triển khai.\n"
        "2. Sở Tài chính bố trí kinh phí thực hiện.\nCác nhiệm vụ trên hoàn thành trước ngày 31/12/2026.\n"
        "Điều 20. Hiệu lực thi hành\nQuyết định này có hiệu lực từ ngày ký.\n"
    )
    d = Document(body, Source("t.txt", "", "txt"))
    d.folded = fold(body)
    d.date = DateValue("2026-03-02")
    extract_tasks(d)
    last = next(t for t in d.tasks if t.id == "Điều 19.2")
    assert last.text == "Sở Tài chính bố trí kinh phí thực hiện."
    assert last.deadline is not None and last.deadline.inherited and last.deadline.text == "trước ngày 31/12/2026"


# (text, expected recurrence): "hằng năm" qualifying a plan or budget is no schedule of the task
YEARLY: list[tuple[str, str | None]] = [
    ("Xây dựng kế hoạch sử dụng đất hằng năm cấp huyện", None),
    ("Bảo đảm kinh phí trong dự toán ngân sách nhà nước hằng năm cho cơ quan thống kê", None),
    ("Hướng dẫn triển khai kế hoạch đầu tư công trung hạn, hằng năm vốn ngân sách trung ương", None),
    ("Khi tổng kết phong trào thi đua hằng năm, tổ chức đánh giá, bình xét", None),
    ("Định kỳ hằng năm báo cáo Thủ tướng Chính phủ kết quả thực hiện", "yearly"),
    ("Hằng năm, trước ngày 05 tháng 12, báo cáo Bộ Nội vụ kết quả thực hiện chính sách", "yearly"),
    ("Lập kế hoạch phân loại đơn vị hành chính, gửi Bộ Nội vụ trước ngày 30 tháng 10 hàng năm", "yearly"),
    ("Chủ trì tổ chức kiểm tra, đôn đốc việc thực hiện hằng năm trên địa bàn", "yearly"),
]


@pytest.mark.parametrize(("text", "expected"), YEARLY)
def test_issue3_yearly_only_when_it_schedules_the_task(text: str, expected: str | None) -> None:
    dl = find_deadline(text, doc_date="2026-01-10")
    assert (dl.recurrence if dl else None) == expected


def test_issue3_statutory_yearly_report_keeps_its_recurrence() -> None:
    # vbpl-185165 Điều 2.2: "Hằng năm, Ủy ban nhân dân đặc khu báo cáo …" — the recurrence schedules the
    # verb (a report); whether a statute's sentence is a task at all is the task extractor's decision,
    # so the grammar does not ask for a directive word ("đề nghị", "có trách nhiệm") around it
    text = "Hằng năm, Ủy ban nhân dân đặc khu báo cáo kết quả hoạt động với Hội đồng nhân dân cấp tỉnh"
    dl = find_deadline(text, doc_date="2025-06-16")
    assert dl is not None and dl.recurrence == "yearly"
