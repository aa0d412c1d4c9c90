"""Issue 3, population audit (session 5): the deadline grammar on text nobody tuned it for.

A seeded sample of 120 deadline-cue sentences from the wild letters, the vbpl legal texts and the dev
corpus was read by hand before the parser was run (the rule and the counts are in the lead's report).
Each row below is one general cause the audit found, as (text, document date, expected values); an
expected ``None`` means no date and no recurrence (not a deadline, or one counted from an event).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from _deadline_check import check_deadline
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._deadlines import find_deadline, find_deadlines

AUDIT: list[tuple[str, str | None, dict[str, Any] | None]] = [
    # a day-month of "the following year" counts from a year the text does not date (an event, the
    # reporting year): no date; with a yearly recurrence it is the day the recurrence falls due
    ("nộp hồ sơ khai lệ phí môn bài chậm nhất là ngày 30 tháng 01 năm sau năm phát sinh", "2021-01-08", None),
    ("Tổ chức kiểm toán năng lượng thực hiện báo cáo định kỳ hằng năm gửi về Bộ Công Thương trước ngày "
     "31 tháng 01 năm tiếp theo", "2026-01-21", {"recurrence": "yearly", "day_of_month": 31, "month": 1}),
    ("Thời điểm đánh giá, xếp loại chất lượng được tiến hành trước ngày 15 tháng 12 hằng năm, trường hợp đặc "
     "biệt thì hoàn thành trước ngày 15 tháng 01 năm sau.", "2025-12-21",
     {"recurrence": "yearly", "day_of_month": 15, "month": 12}),
    # a year written in words the grammar does not read is not the document's year
    ("a) Đối với người hoạt động cách mạng trước ngày 01 tháng 01 năm 1945", "2026-04-29", None),
    ("gửi báo cáo cho Văn phòng Bộ chậm nhất vào ngày 16 tháng 12 của năm báo cáo", "2023-12-29", None),
    ("BHYT có giá trị sử dụng đến ngày 30/9 của năm đó.", "2019-03-13", None),
    ("Việc bàn giao và tiếp nhận phải hoàn thành trước ngày 01 tháng 7 năm", "2026-05-11", None),
    ("gửi báo cáo trước ngày 15/12 năm nay", "2024-03-01", {"date": "2024-12-15"}),
    # a year-less day-month: the document's year, next year's only near the turn of the year
    ("gửi báo cáo trước ngày 10/8", "2024-09-10", None),
    ("Báo cáo gửi về Bộ chậm nhất vào ngày 25 tháng 11 và báo cáo đột xuất khi có yêu cầu", "2025-12-26", None),
    ("gửi báo cáo trước ngày 10/3", "2024-09-10", {"date": "2025-03-10"}),
    ("gửi báo cáo trước ngày 10/3", "2024-06-10", None),
    ("gửi báo cáo trước ngày 15/01", "2024-12-20", {"date": "2025-01-15"}),
    # "tháng đầu tiên của quý kế tiếp"
    ("phải nộp phí bảo hiểm tiền gửi chậm nhất vào ngày 20 của tháng đầu tiên của quý kế tiếp.", None,
     {"recurrence": "quarterly", "day_of_month": 20, "month": 1}),
    ("chậm nhất ngày 10 tháng đầu tiên của quý sau (đối với đối chiếu số dư tài khoản theo quý)", "2025-12-31",
     {"recurrence": "quarterly", "day_of_month": 10, "month": 1}),
    # "kể từ" with a starting point we cannot read counts from an event, not from the document date
    ("thuế của người nộp thuế chậm nhất trong thời hạn 01 (một) ngày làm việc kể từ", "2021-01-08", None),
    ("c) Dữ liệu được cập nhật chậm nhất trong thời hạn 24 giờ kể từ thời điểm", "2026-05-15", None),
    # ... and from a date written there, when that is not long past
    ("hoàn thành trong vòng 30 ngày kể từ ngày 01/7/2024", "2024-06-20",
     {"date": "2024-07-31", "anchor": "date", "duration": "30d"}),
    ("trong vòng 30 ngày kể từ ngày 01/7/2016", "2024-06-20", None),
    # "17 giờ của ngày làm việc tiếp theo" is a clock time of a day counted from an event
    ("Chậm nhất 17 giờ của ngày làm việc tiếp theo, Sở giao dịch chứng khoán có trách nhiệm gửi", "2025-12-30",
     None),
    ("lập hóa đơn điện tử và gửi cho người mua vào trước 24h của ngày", "2019-03-13", None),
    # "hằng tháng/năm" that qualifies a benefit, a crop, a count or a rate
    ("b) Không hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng", "2025-06-30", None),
    ("Trưởng đoàn Hội thẩm nhân dân được hưởng phụ cấp hoạt động hằng tháng bằng 40% mức lương cơ sở.", None,
     None),
    ("kể cả cây hằng năm được lưu gốc và trường hợp trồng cây hằng năm", "2024-11-13", None),
    ("theo nguyên tắc mỗi tháng đã hưởng trợ cấp thất nghiệp tương ứng 12 tháng đã đóng", "2025-12-31", None),
    ("phải chịu mức tiền chậm nộp mỗi ngày bằng 0,05% số tiền chưa nộp", None, None),
    ("Mỗi tuần được nghỉ ít nhất 1 ngày (24 giờ liên tục).", "2025-12-25", None),
    ("vé máy bay khứ hồi về phép mỗi năm một lần", "2019-06-01", None),
    ("tổ chức kiểm tra định kỳ hằng năm, báo cáo Bộ Nội vụ", "2025-06-30", {"recurrence": "yearly"}),
    # "mới" (new) is not "mỗi" (each), though both fold to "moi"
    ("đổi mới công nghệ, đổi mới quy trình sản xuất của đơn vị", "2025-11-28", None),
    ("lập mới quy hoạch; điều chỉnh quy hoạch", "2025-11-28", None),
    ("báo cáo mỗi quý một lần về Sở Tài chính", "2025-11-28", {"recurrence": "quarterly"}),
    ("bao cao moi quy mot lan ve So Tai chinh", "2025-11-28", {"recurrence": "quarterly"}),
    # a period the work starts in, with no end
    ("NHIỆM VỤ CỤ THỂ GIAO CÁC BỘ, CƠ QUAN, ĐỊA PHƯƠNG TRONG THÁNG 5 NĂM 2026 VÀ THỜI GIAN TỚI", "2026-05-06",
     None),
    ("tạo động lực để tiếp tục thúc đẩy công việc trong tháng 5 và thời gian tới.", "2026-05-15", None),
    ("nhất là 44 nhiệm vụ có thời hạn hoàn thành trong quý II năm 2026", "2026-05-06",
     {"date": "2026-06-30", "period_end": "2026-Q2"}),
]


@pytest.mark.parametrize(("text", "doc_date", "expect"), AUDIT)
def test_issue3_population_audit(text: str, doc_date: str | None, expect: dict[str, Any] | None) -> None:
    check_deadline(text, doc_date, expect)


# ---------------------------------------------------------------------------
# robustness of the new phrases: never a crash, always a valid date and span

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WORDS = st.sampled_from(
    ["chậm nhất", "trước", "ngày", "tháng", "năm", "sau", "tiếp theo", "của", "năm báo cáo", "1945", "hằng",
     "mỗi", "mới", "moi", "quý", "kế tiếp", "đầu tiên", "kể từ", "tính từ", "thời điểm", "giờ", "17", "24h",
     "trợ cấp", "cây", "đã hưởng", "bằng", "0,05%", "và thời gian tới", "trong vòng", "30", "01/7/2024",
     "15/01", "10/3", "31/12", "2026", "làm việc", "\n", ",", "/", "."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40),
       st.one_of(st.none(), st.sampled_from(["2024-09-10", "2026", "2025-12", "2024-12-31", "1999-01-01"])))
def test_arbitrary_audit_phrases_give_valid_deadlines(words: list[str], doc_date: str | None) -> None:
    text = " ".join(words)
    for dl in find_deadlines(text, doc_date=doc_date):
        if dl.date is not None:
            assert _ISO.match(dl.date)
            date.fromisoformat(dl.date)
        assert dl.start is not None and dl.end is not None and 0 <= dl.start < dl.end <= len(text)
    one = find_deadline(text, doc_date=doc_date)
    assert one is None or (one.start is not None and one.end is not None and one.end <= len(text))


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.sampled_from([
    "trợ cấp xã hội ", "ngày 30 tháng 01 năm sau ", "trong thời hạn 05 ngày làm việc kể từ ",
    "chậm nhất vào ngày 20 của tháng đầu tiên của ", "mỗi mới moi quý ", "trong tháng 5 và "]))
def test_long_repetitive_audit_text_terminates(n: int, unit: str) -> None:
    text = unit * n
    out = find_deadlines(text, doc_date="2024-09-10")
    assert all(d.end is not None and d.end <= len(text) for d in out)
