"""The Vietnamese deadline grammar: by when, how often, how urgently a task must be done.

The phrases live in ``rules/deadlines.yaml`` (patterns on the folded text, each
rule with examples and the value they must give); this module turns matches
into :class:`~docintel._model.Deadline` values:

* absolute dates — ``chậm nhất ngày 08/8/2020``, ``trước 15 giờ ngày 10/8``
  (a missing year is the document's; a day-month already well past on the
  document's date is read as next year's), ``hạn cuối: 30/6/2022``;
* periods — ``trong tháng 8/2020`` (→ 31 August, ``period_end`` ``2020-08``),
  ``trong Quý III/2020``, ``trong 6 tháng đầu năm 2021``, ``trong năm 2026``;
* relative limits — ``trong vòng 05 ngày kể từ ngày nhận được văn bản`` (counted
  from the document date, ``estimated`` because the anchor is receipt),
  ``trong 03 ngày làm việc`` (working days on :mod:`docintel._calendar`);
  limits anchored on another event (``kể từ ngày nhận đủ hồ sơ``) have no date;
* immediacy — ``triển khai ngay``, ``khẩn trương`` (due on the document date,
  ``immediate``), but not ``ngay sau khi``;
* recurrence — ``hằng ngày``, ``hằng tuần vào thứ Sáu``, ``định kỳ hằng tháng
  trước ngày 25``, ``hằng quý``, ``trước 31/12 hằng năm``, ``định kỳ 6 tháng``;
  ``thường xuyên``, ``liên tục``, ``24/24h`` are ``continuous``;
* ``cho đến khi có thông báo mới`` → ``open_end``.

Dates that are not deadlines — those of cited documents, of past periods
(``từ ngày 01/7/2020 đến nay``), effective dates quoted from laws — never
match a deadline rule or are masked by a rule of kind ``none``; a date with its
year before the document's date is dropped.

Public verbs: :func:`find_deadline` (the one deadline a task's text sets),
:func:`find_deadlines` (all of them) and :func:`next_occurrence` (the next due
date of a recurring deadline, for reminders).
"""

from __future__ import annotations

import calendar
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

import regex

from ._calendar import add_working_days
from ._model import Deadline, Recurrence
from ._normalise import fold
from ._rules import Rule, load

RULES = "deadlines"

#: Lower rank wins when a text carries several deadline phrases.
RANK = {
    "absolute": 0,
    "timed": 1,
    "until": 1,  # an end ("đến hết ngày …", rules with `rank: until`) yields to a due phrase
    "period": 2,
    "relative": 3,  # with a computable date; 8 without
    "recurrence": 4,
    "continuous": 5,
    "time": 6,
    "immediate": 7,
    "open_end": 9,
}
#: Kinds that only complete another phrase (a bare day of month, the day-month of a following year, a
#: year-less day-month that is no date of its own but may be the day of a yearly recurrence).
_HELPERS = frozenset({"day", "following_year", "day_month"})
#: A year-less day-month this many days before the document date rolls over to next year.
ROLLOVER_DAYS = 60
#: ... but only when next year's day falls at most this many days after the document date
#: (a December letter's "trước ngày 15/01"); further ahead it is no date at all.
ROLLOVER_HORIZON_DAYS = 183
#: A date this many days before the document date is a past event, not a deadline.
PAST_GRACE_DAYS = 7

@dataclass(frozen=True, slots=True)
class Policy:
    """How :func:`find_deadline` reads the phrases whose value annotators disagree on.

    The defaults follow the hand-made gold: ``khẩn trương`` names no day, a whole
    year (``trong năm 2026``) is too coarse to be a due date, and ``thường
    xuyên``/``liên tục`` alone are manner adverbs rather than a schedule (the
    gold accepts them as ``continuous`` for a task but leaves them out of a
    document's deadlines); ``24/24h`` is always ``continuous``.
    """

    immediate_date: bool = False  # khẩn trương / ngay: due on the document date (when complete)
    weak_continuous: bool = False  # thường xuyên / liên tục alone give recurrence "continuous"
    year_dates: bool = False  # trong năm 2026 → 2026-12-31 (else no date, period_end "2026")
    # the text is a legal normative document (see document_policy): a limit with no starting point counts
    # from an event of the procedure it lays down, a year-less day-month falls due every year
    normative: bool = False


DEFAULT_POLICY = Policy()

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORD_NUMBERS = {"hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
_WEEKDAYS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5, "2": 0, "3": 1, "4": 2, "5": 3, "6": 4, "7": 5}
_UNITS = {"ngay": "d", "ngay lam viec": "wd", "tuan": "w", "thang": "m", "gio": "h"}
_SPACES = regex.compile(r"\s+")


# ---------------------------------------------------------------------------
# the document date


@dataclass(frozen=True, slots=True)
class DocDate:
    """The document's date, possibly partial (``2020-08``, ``2021``)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | date | None) -> DocDate:
        if value is None:
            return cls()
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        parts = str(value).strip()[:10].split("-")
        try:
            nums = [int(p) for p in parts if p]
        except ValueError:
            return cls()
        if not nums or not 1900 <= nums[0] <= 2200:
            return cls()
        year = nums[0]
        month = nums[1] if len(nums) > 1 and 1 <= nums[1] <= 12 else None
        day = nums[2] if month and len(nums) > 2 and 1 <= nums[2] <= calendar.monthrange(year, month)[1] else None
        return cls(year, month, day)

    @property
    def full(self) -> date | None:
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None

    @property
    def earliest(self) -> date | None:
        """The first day the document can be dated: the full date, or the start of its month/year."""
        if self.year is None:
            return None
        return date(self.year, self.month or 1, self.day or 1)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


# ---------------------------------------------------------------------------
# matching


@dataclass(slots=True)
class _Match:
    rule: Rule
    kind: str
    start: int
    end: int
    m: regex.Match[str]

    def group(self, name: str) -> str | None:
        try:
            g = self.m.group(name)
        except (IndexError, KeyError):
            return None
        return _SPACES.sub(" ", g.strip()) if g else None

    def int_group(self, name: str) -> int | None:
        g = self.group(name)
        if g is None:
            return None
        g = g.replace(" ", "")
        if g.isdigit():
            return int(g)
        return _WORD_NUMBERS.get(g)


@dataclass(slots=True)
class _Found:
    deadline: Deadline
    kind: str
    rank: int
    weak: bool = False
    yearless: bool = False  # an absolute date whose year was not written


@dataclass(frozen=True)
class _Grammar:
    # (rule, kind, needs): a rule runs only on texts holding one of its `needs` words
    rules: tuple[tuple[Rule, str, tuple[str, ...]], ...]


@cache
def _grammar() -> _Grammar:
    rf = load(RULES)
    rules = []
    for r in rf.rules:
        if not r.patterns or r.get("kind") == "scope":
            continue
        needs = tuple(str(x) for x in (r.get("needs") or []))
        rules.append((r, str(r.get("kind", "absolute")), needs))
    return _Grammar(tuple(rules))


def _prepare(text: str) -> tuple[str, str]:
    """(text the spans index, folded text of the same length)."""
    nfc = unicodedata.normalize("NFC", text)
    if len(nfc) != len(text):  # not NFC: spans then index the NFC text
        text = nfc
    return text, fold(text)


def prefilter_text(folded: str) -> str:
    """The folded text with runs of whitespace collapsed: what ``needs`` words are looked up in."""
    return " ".join(folded.split())


def _matches(folded: str) -> list[_Match]:
    out: list[_Match] = []
    flat = prefilter_text(folded)
    for rule, kind, needs in _grammar().rules:
        if needs and not any(n in flat for n in needs):
            continue
        for p in rule.patterns:
            for m in p.finditer(folded):
                s, e = _trim(folded, m.start(), m.end())
                if e > s:
                    out.append(_Match(rule, kind, s, e, m))
    return out


def _trim(folded: str, s: int, e: int) -> tuple[int, int]:
    while e > s and folded[e - 1] in " \t\r\n,(:":
        e -= 1
    while s < e and folded[s] in " \t\r\n,(:":
        s += 1
    return s, e


def _select(matches: list[_Match]) -> list[_Match]:
    """Longest match wins where matches overlap; ``none`` rules win ties and mask what they cover."""
    order = sorted(matches, key=lambda x: (-(x.end - x.start), x.kind != "none", x.start))
    taken: list[_Match] = []
    for c in order:
        if any(c.start < t.end and t.start < c.end for t in taken):
            continue
        taken.append(c)
    return sorted((t for t in taken if t.kind != "none"), key=lambda x: x.start)


# ---------------------------------------------------------------------------
# interpretation


def _time(mt: _Match) -> str | None:
    hh = mt.int_group("hh")
    if hh is None:
        return None
    mi = mt.int_group("mi") or 0
    if mt.group("ampm") == "chieu" and hh < 12:  # "3 giờ chiều" = 15:00
        hh += 12
    return f"{hh:02d}:{mi:02d}"


def _day_month(d: int, m: int, y: int | None, doc: DocDate) -> tuple[date | None, bool]:
    """Resolve a day-month(-year); second value False when the date is a past event."""
    ref = doc.earliest
    if y is None:
        # Decree-30 letters leave the year out for a day of the current year ("trước ngày 10/8" in a
        # letter of 05/8), and at the turn of the year for one early next year ("trước ngày 15/01" in
        # a letter of 20/12). A year-less day a week or more past on the document date is neither:
        # no date rather than a guess (a past event, or a day of a year the text counts otherwise).
        if doc.year is None:
            return None, True
        when = _safe_date(doc.year, m, d)
        if when and ref and when < ref - timedelta(days=PAST_GRACE_DAYS):
            nxt = _safe_date(doc.year + 1, m, d)
            late = when >= ref - timedelta(days=ROLLOVER_DAYS)
            if late or nxt is None or nxt > ref + timedelta(days=ROLLOVER_HORIZON_DAYS):
                return when, False
            when = nxt
        return when, True
    when = _safe_date(y, m, d)
    if when and ref and when < ref - timedelta(days=PAST_GRACE_DAYS):
        return when, False
    return when, True


def _period(mt: _Match, doc: DocDate) -> tuple[date, str] | None:
    mode = str(mt.rule.get("mode", "month"))
    py = mt.int_group("py")
    year = py or doc.year
    if year is None:
        return None
    ref = doc.earliest

    def roll(end: date, label: str, nxt: tuple[date, str]) -> tuple[date, str]:
        # a period given without a year that has already ended is next year's
        if py is None and ref and end < ref:
            return nxt
        return end, label

    if mode in ("month", "before-month"):
        pm = mt.int_group("pm")
        if pm is None:
            return None
        if mode == "before-month":
            end = date(year, pm, 1) - timedelta(days=1)
            nxt = date(year + 1, pm, 1) - timedelta(days=1)
            return roll(end, f"{end:%Y-%m}", (nxt, f"{nxt:%Y-%m}"))
        end = _month_end(year, pm)
        return roll(end, f"{year}-{pm:02d}", (_month_end(year + 1, pm), f"{year + 1}-{pm:02d}"))
    if mode in ("quarter", "before-quarter"):
        q = _ROMAN.get((mt.group("q") or "").lower())
        if q is None:
            return None
        if mode == "before-quarter":
            q, year = (q - 1, year) if q > 1 else (4, year - 1)
        end = _month_end(year, 3 * q)
        return roll(end, f"{year}-Q{q}", (_month_end(year + 1, 3 * q), f"{year + 1}-Q{q}"))
    if mode == "half":
        n = mt.int_group("hn") or 6
        if n not in (6, 9):
            return None
        first = (mt.group("half") or "dau") == "dau"
        if first:
            end = _month_end(year, n)
            label = f"{year}-H1" if n == 6 else f"{year}-Q3"
        else:
            end, label = date(year, 12, 31), f"{year}-H2"
        return roll(end, label, (date(end.year + 1, end.month, end.day), label.replace(str(year), str(year + 1))))
    if mode == "year":
        return date(year, 12, 31), f"{year}"
    if mode == "before-year":
        return date(year - 1, 12, 31), f"{year - 1}"
    return None


def _relative(mt: _Match, doc: DocDate, dl: Deadline, normative: bool = False) -> Deadline | None:
    n = mt.int_group("n")
    unit = _UNITS.get(mt.group("unit") or "", "d")
    anchored = any(mt.group(g) for g in ("anc_date", "anc_doc", "anc_recv", "anc_eff", "anc_evt"))
    if not anchored and unit == "m":
        # "làm việc tại Việt Nam trong vòng 2 tháng": a month count with no starting point
        # is as often a length of stay as a time limit
        return None
    base = doc.full
    if mt.group("anc_date"):
        # "trong vòng 30 ngày kể từ ngày 01/7/2024": counted from the date written
        d, m = mt.int_group("d"), mt.int_group("m")
        base = _day_month(d, m, mt.int_group("y"), doc)[0] if d and m else None
        if base is None and mt.int_group("y") and d and m:
            base = _safe_date(mt.int_group("y") or 0, m, d)
        anchor, estimated = "date", False
    elif mt.group("anc_doc"):
        anchor, estimated = "document", False
    elif mt.group("anc_recv"):
        anchor, estimated = "receipt", True
    elif mt.group("anc_eff"):
        anchor, estimated = "document", True
    elif mt.group("anc_evt") or normative:
        # a normative text's bare limit ("trong thời hạn 05 ngày làm việc, UBND tỉnh …") is a statutory
        # processing time, counted from a step of the procedure (receipt of a file), not from the text's date
        anchor, estimated = "event", False
    else:
        anchor, estimated = "document", True
    dl.duration = f"{n}{unit}" if n is not None else None
    dl.anchor = anchor
    dl.estimated = estimated
    if n is None or base is None or anchor == "event":
        return dl
    if unit == "d":
        due = base + timedelta(days=n)
    elif unit == "wd":
        due = add_working_days(base, n)
    elif unit == "w":
        due = base + timedelta(weeks=n)
    elif unit == "m":
        due = _add_months(base, n)
    else:  # hours
        due = base + timedelta(days=max(1, math.ceil(n / 24)))
    dl.date = due.isoformat()
    return dl


def _interpret(mt: _Match, text: str, doc: DocDate, offset: int, policy: Policy) -> _Found | None:
    kind = mt.kind
    phrase = text[mt.start : mt.end]
    dl = Deadline(text=phrase, start=mt.start + offset, end=mt.end + offset, rule=mt.rule.id)
    rank = RANK.get(str(mt.rule.get("rank") or kind), 8)
    if kind in ("absolute", "timed"):
        d, m = mt.int_group("d"), mt.int_group("m")
        if d is None or m is None:
            return None
        y = mt.int_group("y")
        if y is None and _unread_year(text, mt, "m"):
            return None
        if y is None and _safe_date(2000, m, d) is not None and policy.normative:
            # a rule of law: "trước ngày 30 tháng 12" is every year's 30 December
            dl.recurrence, dl.day_of_month, dl.month, dl.time = "yearly", d, m, _time(mt)
            return _Found(dl, "recurrence", RANK["recurrence"])
        when, current = _day_month(d, m, y, doc)
        if y is None and not current and _safe_date(2000, m, d) is not None:
            # a year-less day-month past on the document date is no date, but may be the day of a yearly
            # recurrence in the same text ("Hằng năm, … trước ngày 30 tháng 6")
            dl.day_of_month, dl.month = d, m
            return _Found(dl, "day_month", rank)
        if not current or (when is None and (y is not None or _safe_date(2000, m, d) is None)):
            return None  # a past date, or no such day (31/02)
        dl.date = when.isoformat() if when else None
        if when is None:  # no year anywhere: keep what the text says
            dl.day_of_month, dl.month = d, m
        dl.time = _time(mt)
        return _Found(dl, kind, rank, yearless=y is None)
    elif kind == "period":
        if mt.group("py") is None and _unread_year(text, mt, "pm"):
            return None
        res = _period(mt, doc)
        if res is None:
            return None
        end, label = res
        ref = doc.earliest
        if ref and end < ref:
            return None
        dl.date, dl.period_end = end.isoformat(), label or None
        if len(label) == 4 and not policy.year_dates:  # a whole year: no due day
            dl.date, rank = None, 8
    elif kind == "relative":
        if _relative(mt, doc, dl, policy.normative) is None:
            return None
        ref = doc.earliest
        if dl.anchor == "date" and dl.date and ref and date.fromisoformat(dl.date) < ref - timedelta(days=PAST_GRACE_DAYS):
            return None  # counted from a date long past: a rule of the past, not a time limit now
        if dl.date is None:
            rank = 8
    elif kind == "immediate":
        if not _directive_ngay(mt, text):
            return None
        dl.immediate = True
        dl.date = doc.full.isoformat() if doc.full and policy.immediate_date else None
    elif kind == "recurrence":
        dl.recurrence = _recurrence(str(mt.rule.get("recurrence", "")))
        if dl.recurrence is None or not _each(mt, text):
            return None
        wd = mt.group("wd")
        if wd:
            dl.weekday = _weekday_of(wd)
        dom = mt.int_group("dom") or (mt.int_group("d") if dl.recurrence == "yearly" else None)
        if dom is not None and 1 <= dom <= 31:
            dl.day_of_month = dom
        if dl.recurrence == "yearly" and mt.int_group("m"):
            dl.month = mt.int_group("m")
        qm = mt.group("qm")
        if qm:
            dl.month = 1 if qm == "dau" else 3
        iv = mt.int_group("iv")
        if iv and iv > 1:
            dl.interval = iv
        dl.time = _time(mt)
    elif kind == "continuous":
        dl.recurrence = "continuous"
    elif kind == "open_end":
        dl.open_end = True
    elif kind == "time":
        dl.time = _time(mt)
        dl.estimated = True
        # in a normative text the day of "trước 17 giờ" is a step of the procedure, not the text's date
        dl.date = doc.full.isoformat() if doc.full and not policy.normative else None
    elif kind == "day":
        dl.day_of_month = mt.int_group("dom")
    elif kind == "following_year":
        dl.day_of_month, dl.month = mt.int_group("d"), mt.int_group("m")
    else:
        return None
    return _Found(dl, kind, rank, weak=bool(mt.rule.get("weak", False)))


def _weekday_of(word: str) -> int | None:
    w = word.replace(" ", "")
    if w.startswith("chu"):
        return 6
    return _WEEKDAYS.get(w[3:]) if w.startswith("thu") else None


def _recurrence(value: str) -> Recurrence | None:
    if value in ("daily", "weekly", "monthly", "quarterly", "yearly", "continuous"):
        return value  # type: ignore[return-value]
    return None


_YEAR_WORD = regex.compile(r"\s*,?\s*(?:cua\s+)?nam\b(?!\s+(?:nay|hien\s+hanh)\b)")  # "năm nay" is the document's


def _unread_year(text: str, mt: _Match, group: str) -> bool:
    """The day-month (or month) is followed by a year the grammar did not read: "ngày 01 tháng 01
    năm 1945", "ngày 20/3 năm báo cáo", "tháng 12 năm" cut at a line end. It is not the document's."""
    try:
        end = mt.m.end(group)
    except (IndexError, KeyError):
        return False
    if end < 0:
        return False
    return _YEAR_WORD.match(fold(text[end : end + 24])) is not None


#: Marks that make the folded "moi" another word than "mỗi" (each): mới (new), mời (invite), mọi (all).
_NOT_EACH = frozenset("\u0301\u0300\u0323")


def _each(mt: _Match, text: str) -> bool:
    """A folded ``moi`` read as "every" must be ``mỗi`` (or carry no marks at all, as OCR leaves it),
    not ``mới``/``mời``/``mọi`` read through the fold ("lập mới quy hoạch", "đổi mới quy trình")."""
    try:
        s = mt.m.start("every")
    except (IndexError, KeyError):
        return True
    if s < 0:
        return True
    word = unicodedata.normalize("NFD", text[s : s + 3])
    return not any(c in _NOT_EACH for c in word)


def _directive_ngay(mt: _Match, text: str) -> bool:
    """A bare ``ngay`` must be the adverb (no tone mark), not ``ngày`` (day) read through the fold."""
    folded = mt.m.group(0).strip().lower()
    if not folded.startswith("ngay"):
        return True
    word = text[mt.start : mt.start + 4]
    return word.lower() == "ngay"


def _found(text: str, doc_date: str | date | None, offset: int, policy: Policy) -> list[_Found]:
    text, folded = _prepare(text)
    if not folded.strip():
        return []
    doc = DocDate.parse(doc_date)
    out: list[_Found] = []
    for mt in _select(_matches(folded)):
        f = _interpret(mt, text, doc, offset, policy)
        if f is not None:
            out.append(f)
    return out


# ---------------------------------------------------------------------------
# public verbs


def find_deadlines(
    text: str, *, doc_date: str | date | None, offset: int = 0, policy: Policy = DEFAULT_POLICY
) -> list[Deadline]:
    """Every deadline phrase in ``text``, in text order, weak ones included (helpers such as a
    bare day are left out)."""
    return [f.deadline for f in _found(text, doc_date, offset, policy) if f.kind not in _HELPERS]


def find_deadline(
    text: str, *, doc_date: str | date | None, offset: int = 0, policy: Policy = DEFAULT_POLICY
) -> Deadline | None:
    """The deadline a task's text sets: the most specific phrase, completed by its companions.

    An explicit date beats a period, a period a relative limit, a relative limit a
    recurrence, a recurrence ``thường xuyên``, and that ``khẩn trương``/``ngay``.
    A recurrence takes the day of month, the time of day and the open end
    (``đến khi có thông báo mới``) written elsewhere in the same text. Spans are
    shifted by ``offset`` so they index the document text the task was cut from.

    ``khẩn trương``/``ngay`` give ``immediate=True`` and no date; ``thường
    xuyên``/``liên tục`` alone give nothing; a whole year gives ``period_end``
    and no date. :class:`Policy` turns each of these readings the other way.
    """
    found = _found(text, doc_date, offset, policy)
    main = [f for f in found if f.kind not in _HELPERS and (policy.weak_continuous or not f.weak)]
    if not main:
        return None
    best = min(main, key=lambda f: (f.rank, f.deadline.date or "9999", f.deadline.start or 0))
    dl = replace(best.deadline)
    recurrences = [f for f in main if f.kind == "recurrence"]
    if best.deadline.rule == "den-het-ngay" and recurrences:
        # "báo cáo hằng ngày đến hết ngày 31/8": the recurrence runs until that date
        until = dl.date
        dl = replace(recurrences[0].deadline, period_end=until)
    elif best.yearless and dl.date and any(f.deadline.recurrence == "yearly" for f in recurrences):
        # "Hằng năm ... trước ngày 15/12": the day and month of a yearly deadline
        when = date.fromisoformat(dl.date)
        yearly = next(f for f in recurrences if f.deadline.recurrence == "yearly")
        dl = replace(yearly.deadline, day_of_month=when.day, month=when.month, time=dl.time)
    if dl.recurrence == "yearly" and dl.day_of_month is None:
        # "Hằng năm, trước ngày 30 tháng 01 của năm tiếp theo": the day of the following year it falls due
        nxt = next((f.deadline for f in found if f.kind in ("following_year", "day_month") and f.deadline.month),
                   None)
        if nxt is not None:
            dl.day_of_month, dl.month = nxt.day_of_month, nxt.month
    if dl.recurrence is not None or dl.immediate:
        if any(f.kind == "open_end" for f in main):
            dl.open_end = True
    if dl.recurrence in ("monthly", "quarterly") and dl.day_of_month is None:
        days = [f.deadline.day_of_month for f in found if f.kind == "day" and f.deadline.day_of_month]
        if days:
            dl.day_of_month = days[0]
    if dl.recurrence in ("daily", "weekly", "monthly", "quarterly", "yearly") and dl.time is None:
        times = [f.deadline.time for f in main if f.kind == "time" and f.deadline.time]
        if times:
            dl.time = times[0]
    return dl


@cache
def _normative_types() -> tuple[frozenset[str], frozenset[str]]:
    """(types always normative, types normative when their number carries a year) from rules/deadlines.yaml."""
    for r in load(RULES).rules:
        if r.get("kind") == "policy" and r.id == "normative-texts":
            return (frozenset(str(x).upper() for x in r.get("always") or []),
                    frozenset(str(x).upper() for x in r.get("with_year") or []))
    return frozenset(), frozenset()


def is_normative(doc_type: str | None, number_year: int | None = None) -> bool:
    """Whether a document of ``doc_type`` (the Decree-30 abbreviation: NĐ, TT, QĐ …) numbered with
    ``number_year`` (the year segment of 28/2025/QĐ-TTg, None for 892/QĐ-TTg) is a legal normative text."""
    if not doc_type:
        return False
    always, with_year = _normative_types()
    t = unicodedata.normalize("NFC", doc_type).upper()
    return t in always or (t in with_year and number_year is not None)


@cache
def document_policy(doc_type: str | None, number_year: int | None = None, base: Policy = DEFAULT_POLICY) -> Policy:
    """The :class:`Policy` a document's tasks are read under: ``base`` with ``normative`` set for a legal
    normative text (Law on Promulgation of Legal Documents; the types are data in rules/deadlines.yaml,
    rule ``normative-texts``). There a limit without a starting point ("trong thời hạn 05 ngày làm việc,
    UBND tỉnh …") is a statutory processing time counted from an event of the procedure (anchor
    ``event``, no date) and a year-less day-month ("trước ngày 30 tháng 12") a yearly recurrence; in a
    letter, plan or individual decision the same phrases count from, and fall in, the document's year."""
    normative = is_normative(doc_type, number_year)
    return base if base.normative == normative else replace(base, normative=normative)


@cache
def _scope_patterns() -> tuple[regex.Pattern[str], ...]:
    return tuple(p for r in load(RULES).rules if r.get("kind") == "scope" for p in r.patterns)


def list_deadline(
    text: str, *, doc_date: str | date | None, offset: int = 0, policy: Policy = DEFAULT_POLICY
) -> Deadline | None:
    """The deadline ``text`` sets for the whole list above it, when it is such a sentence:
    "Các nhiệm vụ trên hoàn thành trước ngày 31/12/2026", "Các nội dung nêu trên báo cáo … trong
    tháng 6/2026" (rules of kind ``scope``); ``None`` for any other text."""
    prepared, folded = _prepare(text)
    head = folded.lstrip()
    if not any(p.match(head) for p in _scope_patterns()):
        return None
    return find_deadline(prepared, doc_date=doc_date, offset=offset, policy=policy)


def with_cycle(own: Deadline | None, cycle: Deadline | None) -> Deadline | None:
    """A task's own deadline read inside the cycle its list's lead-in sets ("Định kỳ hằng năm, các Sở: …
    a) gửi báo cáo trước ngày 15/12"): a day-month written without a year in ``own`` becomes the day of
    ``cycle``'s yearly recurrence (the lead-in's spans are not the task's: ``own``'s are kept). Any other
    ``own`` is returned as it is, and ``cycle`` only stands in when ``own`` is None (marked ``inherited``)."""
    if own is None:
        return None if cycle is None else replace(cycle, inherited=True)
    if cycle is None or cycle.recurrence != "yearly" or own.recurrence is not None or not own.date:
        return own
    bare = find_deadline(own.text, doc_date=None)  # without a document year a year-less day stays one
    if bare is None or bare.date or bare.day_of_month is None or bare.month is None:
        return own
    return replace(own, date=None, recurrence="yearly", day_of_month=bare.day_of_month, month=bare.month,
                   interval=cycle.interval, period_end=None)


def next_occurrence(deadline: Deadline, after: date) -> date | None:
    """The first due date strictly after ``after``.

    One-off deadline: its date if still ahead, else ``None``. ``daily``: the next
    day; ``weekly``: the next ``weekday`` (Friday when the text names none);
    ``monthly``: the next ``day_of_month`` (the month's last day when none is
    given; with ``interval`` k only months divisible by k, so ``định kỳ 6 tháng``
    falls due at the end of June and December); ``quarterly``: in the ``month``
    of the quarter (1 first … 3 last, default last) on ``day_of_month`` (default
    its last day); ``yearly``: ``day_of_month``/``month`` (default 31 December);
    ``continuous``: ``None`` (nothing ever falls due). A recurrence that runs
    until a date (``period_end`` as YYYY-MM-DD) stops there.
    """
    rec = deadline.recurrence
    if rec is None:
        if not deadline.date:
            return None
        try:
            due = date.fromisoformat(deadline.date)
        except ValueError:
            return None
        return due if due > after else None
    if rec == "continuous":
        return None
    nxt: date | None
    if rec == "daily":
        nxt = after + timedelta(days=max(1, deadline.interval))
    elif rec == "weekly":
        wd = deadline.weekday if deadline.weekday is not None else 4
        days = (wd - after.weekday()) % 7 or 7
        nxt = after + timedelta(days=days)
    elif rec == "monthly":
        step = max(1, deadline.interval)
        nxt = _next_in_months(after, lambda m: (m % step == 0) if step > 1 else True, deadline.day_of_month)
    elif rec == "quarterly":
        pos = deadline.month if deadline.month in (1, 2, 3) else 3
        nxt = _next_in_months(after, lambda m: (m - 1) % 3 + 1 == pos, deadline.day_of_month)
    else:  # yearly
        month = deadline.month or 12
        nxt = _next_in_months(after, lambda m: m == month, deadline.day_of_month)
    until = _until(deadline)
    if nxt is not None and until is not None and nxt > until:
        return None
    return nxt


def _next_in_months(after: date, month_ok: Callable[[int], bool], day: int | None) -> date | None:
    y, m = after.year, after.month
    for _ in range(12 * 12):
        if month_ok(m):
            last = calendar.monthrange(y, m)[1]
            due = date(y, m, min(day, last) if day else last)
            if due > after:
                return due
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return None


def _until(deadline: Deadline) -> date | None:
    pe = deadline.period_end
    if pe and len(pe) == 10:
        try:
            return date.fromisoformat(pe)
        except ValueError:
            return None
    return None


__all__ = [
    "DocDate",
    "Policy",
    "document_policy",
    "find_deadline",
    "find_deadlines",
    "is_normative",
    "list_deadline",
    "next_occurrence",
    "with_cycle",
]
