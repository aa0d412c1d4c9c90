"""Issue 3: the Vietnamese working-day calendar behind *N ngày làm việc*."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._calendar import (
    WorkCalendar,
    add_working_days,
    holidays,
    is_working_day,
    lunar_to_solar,
    solar_to_lunar,
    statutory_holidays,
    tet,
)

# Lunar New Year's day, from the published Vietnamese calendar
TET = [
    (2000, date(2000, 2, 5)),
    (2007, date(2007, 2, 17)),
    (2008, date(2008, 2, 7)),
    (2013, date(2013, 2, 10)),
    (2015, date(2015, 2, 19)),
    (2017, date(2017, 1, 28)),
    (2019, date(2019, 2, 5)),
    (2020, date(2020, 1, 25)),
    (2021, date(2021, 2, 12)),
    (2022, date(2022, 2, 1)),
    (2023, date(2023, 1, 22)),
    (2024, date(2024, 2, 10)),
    (2025, date(2025, 1, 29)),
    (2026, date(2026, 2, 17)),
    (2030, date(2030, 2, 2)),  # a day before China's (new moon near midnight, UTC+7 vs +8)
    (1985, date(1985, 1, 21)),  # a month before China's
    (2050, date(2050, 1, 23)),
]


@pytest.mark.parametrize(("year", "want"), TET, ids=[str(y) for y, _ in TET])
def test_tet(year: int, want: date) -> None:
    assert tet(year) == want


# Giỗ Tổ Hùng Vương (10/3 lunar)
HUNG = [
    (2020, date(2020, 4, 2)),
    (2021, date(2021, 4, 21)),
    (2022, date(2022, 4, 10)),
    (2023, date(2023, 4, 29)),
    (2024, date(2024, 4, 18)),
    (2025, date(2025, 4, 7)),
]


@pytest.mark.parametrize(("year", "want"), HUNG, ids=[str(y) for y, _ in HUNG])
def test_hung_kings_day(year: int, want: date) -> None:
    assert statutory_holidays(year)[want] == "Giỗ Tổ Hùng Vương"


def test_leap_month_2023() -> None:
    # 2023 had a leap 2nd month (tháng 2 nhuận) starting 22 March
    ld = solar_to_lunar(date(2023, 3, 22))
    assert (ld.day, ld.month, ld.year, ld.leap) == (1, 2, 2023, True)
    assert lunar_to_solar(1, 2, 2023, leap=True) == date(2023, 3, 22)
    assert lunar_to_solar(1, 3, 2024, leap=True) is None  # 2024 has no leap month


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_lunar_round_trip(d: date) -> None:
    ld = solar_to_lunar(d)
    assert lunar_to_solar(ld.day, ld.month, ld.year, ld.leap) == d


def test_tet_break_is_five_days_from_the_last_day_of_the_lunar_year() -> None:
    h = statutory_holidays(2020)
    tet_days = sorted(d for d, name in h.items() if name == "Tết Nguyên đán")
    assert tet_days == [date(2020, 1, 24) + timedelta(days=i) for i in range(5)]
    # 2024: 29 Tết (month 12 had 29 days) to mùng 4
    tet_days = sorted(d for d, name in statutory_holidays(2024).items() if name == "Tết Nguyên đán")
    assert tet_days[0] == date(2024, 2, 9) and tet_days[-1] == date(2024, 2, 13)


def test_national_day_has_an_adjacent_day_since_2021() -> None:
    assert date(2020, 9, 1) not in holidays(2020) and date(2020, 9, 3) not in holidays(2020)
    assert date(2021, 9, 3) in holidays(2021)  # Thursday 2/9 → Friday 3/9
    assert date(2022, 9, 1) in holidays(2022)  # Friday 2/9 → Thursday 1/9
    assert date(2024, 9, 3) in holidays(2024)  # Monday 2/9 → Tuesday 3/9
    assert date(2025, 9, 1) in holidays(2025)  # Tuesday 2/9 → Monday 1/9


def test_compensatory_day_for_a_weekend_holiday() -> None:
    # 1 May 2021 was a Saturday, 2 May 2021 ... 30 April 2021 Friday: 1/5 compensated on Monday 3/5
    assert holidays(2021)[date(2021, 5, 3)].startswith("nghỉ bù")
    assert not is_working_day(date(2021, 5, 3))
    # 2 September 2023 (Saturday) with 1/9 (Friday): compensated on Monday 4/9
    assert not is_working_day(date(2023, 9, 4))


WORKING = [
    (date(2024, 1, 1), False),  # Tết Dương lịch
    (date(2024, 1, 2), True),
    (date(2024, 2, 12), False),  # Tết
    (date(2024, 2, 19), True),
    (date(2024, 4, 18), False),  # Giỗ Tổ
    (date(2024, 4, 30), False),
    (date(2024, 5, 1), False),
    (date(2024, 5, 4), False),  # Saturday
    (date(2024, 9, 2), False),
    (date(2024, 9, 4), True),
]


@pytest.mark.parametrize(("d", "want"), WORKING, ids=[d.isoformat() for d, _ in WORKING])
def test_is_working_day(d: date, want: bool) -> None:
    assert is_working_day(d) is want


ADD = [
    # across Tết 2021: 11–15 February (Thursday to Monday) plus 16, 17 for the weekend days
    (date(2021, 2, 10), 1, date(2021, 2, 18)),
    (date(2021, 2, 8), 5, date(2021, 2, 22)),
    # across 30/4–1/5 2024 (Tuesday, Wednesday)
    (date(2024, 4, 26), 3, date(2024, 5, 3)),
    (date(2024, 4, 29), 1, date(2024, 5, 2)),
    # an ordinary week
    (date(2024, 3, 4), 5, date(2024, 3, 11)),
    (date(2024, 3, 8), 0, date(2024, 3, 8)),
    (date(2024, 3, 11), -1, date(2024, 3, 8)),
]


@pytest.mark.parametrize(("start", "n", "want"), ADD, ids=[f"{s}+{n}" for s, n, _ in ADD])
def test_add_working_days(start: date, n: int, want: date) -> None:
    assert add_working_days(start, n) == want


def test_calendar_overrides_for_a_government_swap() -> None:
    # 2024: the government gave 29/4 off and made Saturday 4/5 a working day
    cal = WorkCalendar(extra_holidays={date(2024, 4, 29)}, extra_working_days={date(2024, 5, 4)})
    assert cal.add_working_days(date(2024, 4, 26), 1) == date(2024, 5, 2)
    assert cal.add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)
    assert cal.working_days_between(date(2024, 4, 26), date(2024, 5, 6)) == 4


@pytest.mark.parametrize(
    ("zone", "moment", "day"),
    [
        (None, datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2027, 1, 1)),  # midnight in Hà Nội: a new year
        (None, datetime(2026, 12, 31, 16, 59, tzinfo=UTC), date(2026, 12, 31)),
        ("Asia/Bangkok", datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2027, 1, 1)),
        ("Europe/Paris", datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2026, 12, 31)),
    ],
)
def test_audit_local_date_is_vietnams_day_unless_docintel_tz(
    monkeypatch: pytest.MonkeyPatch, zone: str | None, moment: datetime, day: date
) -> None:
    from docintel._calendar import local_date

    if zone is None:
        monkeypatch.delenv("DOCINTEL_TZ", raising=False)
    else:
        monkeypatch.setenv("DOCINTEL_TZ", zone)
    assert local_date(moment) == day


def test_audit_a_bad_docintel_tz_is_an_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from docintel import DocintelError
    from docintel._calendar import local_now

    monkeypatch.setenv("DOCINTEL_TZ", "Mars/Base")
    with pytest.raises(DocintelError, match="DOCINTEL_TZ='Mars/Base'"):
        local_now()
