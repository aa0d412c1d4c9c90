"""Vietnamese working-day calendar: public holidays, lunar dates, working-day arithmetic.

Deadlines written as *N ngày làm việc* ("N working days") are counted on this
calendar. The public holidays are those of the Labour Code (Bộ luật Lao động
2019, art. 112; 2012, art. 115 before 2021):

* Tết Dương lịch — 1 January;
* Tết Âm lịch — five days: the last day of the lunar year and the first four
  days of the new one (four days, to the 3rd, before 2013);
* Giỗ Tổ Hùng Vương — 10th day of the 3rd lunar month (since 2007);
* Ngày Chiến thắng — 30 April; Quốc tế Lao động — 1 May;
* Quốc khánh — 2 September, and since 2021 one adjacent day (1 or 3 September,
  whichever joins the holiday to a weekend; the government names it each year).

A holiday that falls on the weekly rest day (Saturday or Sunday for state
bodies) is compensated on the next working day (Decree 145/2020/NĐ-CP art. 58).
The government's yearly swap decisions (làm bù) are not predictable; pass them
to :class:`WorkCalendar` as ``extra_holidays`` / ``extra_working_days``.

Lunar dates use Hồ Ngọc Đức's algorithm (astronomical new moons and solar
terms, time zone UTC+7), the reference implementation of the Vietnamese
lunar calendar.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from ._errors import DocintelError, Errors

TIMEZONE = 7.0  # Vietnam, UTC+7
_JD_EPOCH = 2415021.076998695
_SYNODIC = 29.530588853

# ---------------------------------------------------------------------------
# lunar calendar (Hồ Ngọc Đức)


def _jd(d: date) -> int:
    """Julian day number of a Gregorian date."""
    return d.toordinal() + 1721425


def _from_jd(jd: int) -> date:
    return date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    """Julian day (fractional, UT) of the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        deltat = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        deltat = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd1 + c1 - deltat


@lru_cache(maxsize=4096)
def _new_moon_day(k: int, tz: float = TIMEZONE) -> int:
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_longitude(jdn: float) -> float:
    """Sun's apparent longitude (radians, 0..2π) at fractional Julian day ``jdn``."""
    t = (jdn - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    lon = (l0 + dl) * dr
    return lon - math.pi * 2 * math.floor(lon / (math.pi * 2))


def _sun_sector(day_number: int, tz: float = TIMEZONE) -> int:
    """Which of the 12 thirty-degree sectors the sun is in at local midnight (0..11)."""
    return math.floor(_sun_longitude(day_number - 0.5 - tz / 24) / math.pi * 6)


@lru_cache(maxsize=512)
def _lunar_month11(year: int, tz: float = TIMEZONE) -> int:
    """Julian day of the start of the 11th lunar month (the one holding the winter solstice)."""
    off = _jd(date(year, 12, 31)) - 2415021
    k = math.floor(off / _SYNODIC)
    nm = _new_moon_day(k, tz)
    if _sun_sector(nm, tz) >= 9:
        nm = _new_moon_day(k - 1, tz)
    return nm


def _leap_month_offset(a11: int, tz: float = TIMEZONE) -> int:
    k = math.floor((a11 - _JD_EPOCH) / _SYNODIC + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            break
    return i - 1


@dataclass(frozen=True, slots=True)
class LunarDate:
    day: int
    month: int
    year: int
    leap: bool = False


def solar_to_lunar(d: date, tz: float = TIMEZONE) -> LunarDate:
    """The Vietnamese lunar date of a Gregorian date."""
    day_number = _jd(d)
    k = math.floor((day_number - _JD_EPOCH) / _SYNODIC)
    month_start = _new_moon_day(k + 1, tz)
    if month_start > day_number:
        month_start = _new_moon_day(k, tz)
    a11 = _lunar_month11(d.year, tz)
    b11 = a11
    if a11 >= month_start:
        lunar_year = d.year
        a11 = _lunar_month11(d.year - 1, tz)
    else:
        lunar_year = d.year + 1
        b11 = _lunar_month11(d.year + 1, tz)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    lunar_month = diff + 11
    if b11 - a11 > 365:
        leap_diff = _leap_month_offset(a11, tz)
        if diff >= leap_diff:
            lunar_month = diff + 10
            leap = diff == leap_diff
    if lunar_month > 12:
        lunar_month -= 12
    if lunar_month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDate(lunar_day, lunar_month, lunar_year, leap)


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False, tz: float = TIMEZONE) -> date | None:
    """The Gregorian date of a lunar date; ``None`` when that (leap) month does not exist."""
    if month < 11:
        a11 = _lunar_month11(year - 1, tz)
        b11 = _lunar_month11(year, tz)
    else:
        a11 = _lunar_month11(year, tz)
        b11 = _lunar_month11(year + 1, tz)
    k = math.floor(0.5 + (a11 - _JD_EPOCH) / _SYNODIC)
    off = month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11, tz)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and month != leap_month:
            return None
        if leap or off >= leap_off:
            off += 1
    elif leap:
        return None
    month_start = _new_moon_day(k + off, tz)
    return _from_jd(month_start + day - 1)


def tet(year: int) -> date:
    """Lunar New Year's day (mùng 1 Tết) of the lunar year that starts in ``year``."""
    d = lunar_to_solar(1, 1, year)
    assert d is not None  # month 1 is never a leap month
    return d


# ---------------------------------------------------------------------------
# public holidays


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[date, str]:
    """The statutory public holidays of a Gregorian year (before compensation), with names."""
    out: dict[date, str] = {date(year, 1, 1): "Tết Dương lịch"}
    # Tết of this Gregorian year (always late January / February); the eve may fall in January.
    new_year = tet(year)
    tet_days = 5 if year >= 2013 else 4
    for i in range(-1, tet_days - 1):
        d = new_year + timedelta(days=i)
        out[d] = "Tết Nguyên đán"
    if year >= 2007:
        hung = lunar_to_solar(10, 3, year)
        if hung is not None:
            out[hung] = "Giỗ Tổ Hùng Vương"
    out[date(year, 4, 30)] = "Ngày Chiến thắng"
    out[date(year, 5, 1)] = "Ngày Quốc tế Lao động"
    national = date(year, 9, 2)
    out[national] = "Quốc khánh"
    if year >= 2021:
        out[_national_day_partner(national)] = "Quốc khánh"
    return out


def _national_day_partner(national: date) -> date:
    """The extra Quốc khánh day (1 or 3 September), chosen to join the holiday to a weekend."""
    wd = national.weekday()  # 0 = Monday
    before, after = national - timedelta(days=1), national + timedelta(days=1)
    # Tuesday, Friday, Saturday: the day before (Monday / Thursday / Friday) joins the weekend
    # or the other holiday; Monday, Wednesday, Thursday, Sunday: the day after.
    return before if wd in (1, 4, 5) else after


@lru_cache(maxsize=256)
def holidays(year: int) -> dict[date, str]:
    """Days off in ``year``: statutory holidays plus compensatory days for those on a weekend."""
    base = dict(statutory_holidays(year))
    # Tết of the next year may start on 31 December? never (earliest Tết is 21 January).
    out = dict(base)
    for d in sorted(base):
        if d.weekday() >= 5:
            c = d + timedelta(days=1)
            while c.weekday() >= 5 or c in out:
                c += timedelta(days=1)
            out[c] = f"nghỉ bù {base[d]}"
    return out


@dataclass
class WorkCalendar:
    """A working-day calendar; override the government's yearly swap decisions when known."""

    extra_holidays: set[date] = field(default_factory=set)
    extra_working_days: set[date] = field(default_factory=set)
    weekend: tuple[int, ...] = (5, 6)

    def is_holiday(self, d: date) -> bool:
        if d in self.extra_working_days:
            return False
        return d in self.extra_holidays or d in holidays(d.year)

    def is_working_day(self, d: date) -> bool:
        if d in self.extra_working_days:
            return True
        return d.weekday() not in self.weekend and not self.is_holiday(d)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (``d`` itself not counted); before ``d`` when n < 0."""
        step = 1 if n >= 0 else -1
        left = abs(n)
        cur = d
        while left:
            cur += timedelta(days=step)
            if self.is_working_day(cur):
                left -= 1
        return cur

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        if end <= start:
            return 0
        return sum(1 for i in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=i)))


DEFAULT = WorkCalendar()


def is_working_day(d: date) -> bool:
    """True for a weekday that is not a public holiday or compensatory day."""
    return DEFAULT.is_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after ``d``, as in *trong n ngày làm việc kể từ ngày d*."""
    return DEFAULT.add_working_days(d, n)


def holidays_between(start: date, end: date) -> Iterable[tuple[date, str]]:
    """Every day off (holiday or compensatory) in [start, end], in order."""
    for year in range(start.year, end.year + 1):
        for d, name in sorted(holidays(year).items()):
            if start <= d <= end:
                yield d, name


# ---------------------------------------------------------------------------
# the calendar day where the dispatches' days fall

VN_TZ = "Asia/Ho_Chi_Minh"


def local_zone() -> tzinfo | None:
    """The zone whose calendar days the dispatches' dates and deadlines are: ``$DOCINTEL_TZ``,
    else Vietnam (Asia/Ho_Chi_Minh), whatever the server's own zone; ``None`` (the machine's
    clock) only when the machine has no time-zone database at all. A bad ``$DOCINTEL_TZ``
    raises :class:`~docintel.DocintelError` (E083)."""
    from zoneinfo import ZoneInfo

    name = os.environ.get("DOCINTEL_TZ", "").strip() or VN_TZ
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        if name == VN_TZ:
            return None
        raise DocintelError(Errors.E083.format(value=name)) from None


def local_now() -> datetime:
    """The wall-clock time (naive) in :func:`local_zone`: a cron job on a UTC server that runs
    at 06:00 in Hà Nội (23:00 UTC) works on the Vietnamese day, not on yesterday's."""
    zone = local_zone()
    return datetime.now() if zone is None else datetime.now(zone).replace(tzinfo=None)


def local_date(moment: datetime) -> date:
    """The calendar day of ``moment`` (aware; naive is taken as the machine's time) in
    :func:`local_zone`: a dispatch received at 23:30 UTC arrived on the next Vietnamese day."""
    zone = local_zone()
    return moment.astimezone(zone).date() if zone is not None else moment.astimezone().date()


__all__ = [
    "DEFAULT",
    "VN_TZ",
    "LunarDate",
    "WorkCalendar",
    "add_working_days",
    "holidays",
    "holidays_between",
    "is_working_day",
    "local_date",
    "local_now",
    "local_zone",
    "lunar_to_solar",
    "solar_to_lunar",
    "statutory_holidays",
    "tet",
]
