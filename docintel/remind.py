"""Deadline reminders: which obligations fall due, and telling the bodies that owe them.

The path of the data::

    store.obligations(...)  →  Obligation  →  plan()  →  Reminder  →  render_text / render_json
                                                                   →  render_ics (VTODO per occurrence)
                                                                   →  send_email (SMTP digests, logged)

:func:`plan` keeps the open obligations whose (next) deadline is overdue or falls
within a window after ``as_of``. A recurring obligation (``hằng tuần``, ``hằng
tháng`` …) yields its next occurrence; a continuous one (``thường xuyên``) has
no date to remind of. Every reminder knows its agency, its ordering document
and that document's citation chain ("on whose order").

Reminders that never end. A recurring duty rarely states its end: "hằng ngày … cho đến
khi có chỉ đạo mới", "thường xuyên". Two rules keep such duties from reminding forever:

* **ended** — a later stored document that replaces, repeals or ends the ordering one as a
  whole (a citation with relation *thay thế*, *bãi bỏ* or *hết hiệu lực*, resolved to it,
  naming no single article) ends every task of it: no reminders, and ``obligations`` lists
  them only with ``--all``, naming the document that ended them.
* **needs confirming** (*cần xác nhận còn hiệu lực*) — a recurring duty without a stated end
  whose ordering document is older than ``stale_after`` (default one year, counted from the
  last day the document's date can mean) is no longer reminded at each occurrence: digests
  list it once, in a section of its own, and ``obligations`` lists it apart. The chance that
  a daily COVID report of 2021 still binds is small, a daily false alarm is costly, and a
  silent drop would hide the few that still bind; asking costs one line. ``stale_after=None``
  (``--stale-after never``) turns the rule off. A fixed deadline is never "stale": an
  overdue one stays overdue until it is marked done.

:func:`send_email` is idempotent: each (task, occurrence date, channel,
recipient) is written to the store's reminder log when its digest has been
delivered, and a later run skips it, so a cron job that runs twice sends
nothing twice.
"""

from __future__ import annotations

import calendar
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from ._calendar import local_now
from ._errors import Errors, QueryError
from ._ics import occurrence_uid
from ._ics import render_ics as _render_ics
from ._model import Deadline

if TYPE_CHECKING:  # pragma: no cover
    from .store import SigningBlock

Status = Literal["overdue", "today", "upcoming"]

# ---------------------------------------------------------------------------
# values the user types: durations and dates

_DURATION = re.compile(r"(\d+)\s*([wdhm])", re.IGNORECASE)
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
DEFAULT_STALE_AFTER = timedelta(days=365)
_NEVER = {"never", "off", "none", "no", "0"}


def parse_duration(value: str | timedelta) -> timedelta:
    """``"3d"``, ``"2w"``, ``"12h"``, ``"90m"``, ``"1w2d"`` → :class:`timedelta`.

    Raises :class:`QueryError` (E051) on anything else, including a negative or
    empty duration.
    """
    if isinstance(value, timedelta):
        if value < timedelta(0):
            raise QueryError(Errors.E051.format(value=value))
        return value
    s = value.strip().replace(" ", "")
    if not s or not re.fullmatch(r"(?:\d+[wdhmWDHM])+", s):
        raise QueryError(Errors.E051.format(value=value))
    total = timedelta(0)
    for n, unit in _DURATION.findall(s):
        total += int(n) * _UNITS[unit.lower()]
    return total


def parse_stale_after(value: str | timedelta | None) -> timedelta | None:
    """The age after which a recurring duty needs confirming: a duration (``1y`` = 365 days,
    ``2y6w``, ``18w``, ``400d``), or ``None`` for ``never`` / ``off`` / ``0`` (always remind).
    Raises :class:`QueryError` (E051) on anything else."""
    if value is None or isinstance(value, timedelta):
        return value if value is None or value > timedelta(0) else None
    s = value.strip().lower().replace(" ", "")
    if s in _NEVER:
        return None
    years = re.match(r"(\d+)y", s)
    total = timedelta(days=365 * int(years.group(1))) if years else timedelta(0)
    rest = s[years.end() :] if years else s
    if rest:
        try:
            total += parse_duration(rest)
        except QueryError:
            raise QueryError(Errors.E051.format(value=value)) from None
    elif not years:
        raise QueryError(Errors.E051.format(value=value))
    return total if total > timedelta(0) else None


def parse_date(value: str | date) -> date:
    """An ISO date (``2020-08-06``) → :class:`date`; raises :class:`QueryError` (E050)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise QueryError(Errors.E050.format(value=value)) from None


# ---------------------------------------------------------------------------
# recurrence


def _add_months(day: date, months: int, dom: int | None = None) -> date:
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    d = dom if dom is not None else day.day
    return date(y, m, min(d, calendar.monthrange(y, m)[1]))


def _iso_day(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _last_day(iso: str | None) -> date | None:
    """The last day a reduced-precision ISO date can mean (``2021`` → 2021-12-31)."""
    if not iso:
        return None
    p = iso.split("-")
    try:
        y = int(p[0])
        if len(p) == 1:
            return date(y, 12, 31)
        m = int(p[1])
        return date(y, m, int(p[2]) if len(p) > 2 else calendar.monthrange(y, m)[1])
    except (ValueError, IndexError):
        return None


def _first_day(iso: str | None) -> date | None:
    """The first day a reduced-precision ISO date can mean (``2021`` → 2021-01-01)."""
    if not iso:
        return None
    p = iso.split("-")
    try:
        return date(int(p[0]), int(p[1]) if len(p) > 1 else 1, int(p[2]) if len(p) > 2 else 1)
    except (ValueError, IndexError):
        return None


def fallback_next_occurrence(deadline: Deadline, after: date) -> date | None:
    """The first occurrence of a recurring deadline on or after ``after``.

    Used until :func:`docintel._deadlines.next_occurrence` is available. The
    anchor is the deadline's own ``weekday`` / ``day_of_month`` or, failing
    that, its ``date``; without an anchor (``báo cáo hằng tuần`` with no day)
    there is no occurrence to guess. ``date`` is also the first occurrence and
    ``period_end`` the last possible one.
    """
    rec = deadline.recurrence
    start = _iso_day(deadline.date)
    end = _iso_day(deadline.period_end)
    day = max(after, start) if start else after
    nxt: date | None
    if rec == "daily":
        nxt = day
    elif rec == "weekly":
        wd = deadline.weekday if deadline.weekday is not None else (start.weekday() if start else None)
        nxt = None if wd is None else day + timedelta(days=(wd - day.weekday()) % 7)
    elif rec == "monthly":
        dom = deadline.day_of_month or (start.day if start else None)
        if dom is None:
            return None
        nxt = _add_months(date(day.year, day.month, 1), 0, dom)
        if nxt < day:
            nxt = _add_months(date(day.year, day.month, 1), 1, dom)
    elif rec in ("quarterly", "yearly"):
        if start is None:  # which month of the quarter / year is not known
            return None
        step = 3 if rec == "quarterly" else 12
        dom = deadline.day_of_month or start.day
        k = max(0, ((day.year - start.year) * 12 + day.month - start.month) // step * step - step)
        nxt = _add_months(start, k, dom)
        while nxt < day:
            k += step
            nxt = _add_months(start, k, dom)
    else:  # continuous, or not recurring
        return None
    if nxt is not None and end is not None and nxt > end:
        return None
    return nxt


def _resolve_next_occurrence() -> Callable[[Deadline, date], date | None]:
    try:
        from ._deadlines import next_occurrence as theirs
    except ImportError:
        return fallback_next_occurrence

    def on_or_after(deadline: Deadline, after: date) -> date | None:
        # Whichever convention the deadline module keeps (strictly after or on-or-after),
        # ask from the day before so an occurrence on ``after`` itself is not skipped.
        try:
            got = theirs(deadline, after - timedelta(days=1))
        except Exception:  # noqa: BLE001 - a resolver bug must not stop a reminder run
            return fallback_next_occurrence(deadline, after)
        if isinstance(got, datetime):
            got = got.date()
        if got is not None and got < after:
            got = theirs(deadline, after)
            if isinstance(got, datetime):
                got = got.date()
        return got

    return on_or_after


def next_occurrence(deadline: Deadline, after: date) -> date | None:
    """First occurrence of a recurring ``deadline`` on or after ``after`` (``None``: no date)."""
    return _resolve_next_occurrence()(deadline, after)


# ---------------------------------------------------------------------------
# what the planner reads and writes


def _vi_date(iso: str) -> str:
    """``2020-08-04`` → ``ngày 04/08/2020``; ``2020-08`` → ``tháng 08/2020``; ``2020`` → ``năm 2020``."""
    p = iso.split("-")
    if len(p) == 3:
        return f"ngày {p[2]}/{p[1]}/{p[0]}"
    if len(p) == 2:
        return f"tháng {p[1]}/{p[0]}"
    return f"năm {iso}"


@dataclass(frozen=True, slots=True)
class DocRef:
    """A document as a reader names it: type, number, date, issuer, subject."""

    number: str | None = None
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    id: str | None = None  # the store's document id, when stored
    sha256: str | None = None
    relation: str | None = None  # for a citation: implements, basis, amends …
    text: str | None = None  # for a citation: the words that cite it
    depth: int = 0  # in a citation chain: 1 = cited by the ordering document, 2 = cited by that one …
    signers: tuple[SigningBlock, ...] = ()  # who signed it: the signer, then a joint document's co-signers

    def signed_by(self) -> str:
        """``Người ký`` as one line: every signing block (name and office), ``;``-separated; ``""`` when unknown."""
        return "; ".join(s.label() for s in self.signers)

    def label(self) -> str:
        parts: list[str] = []
        if self.doc_type:
            parts.append(self.doc_type)
        if self.number:
            parts.append(f"số {self.number}")
        if not parts and self.text:
            parts.append(self.text)
        if self.date:
            parts.append(_vi_date(self.date))
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts) or (self.id or "?")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "subject": self.subject,
            "sha256": self.sha256,
            "relation": self.relation,
            "text": self.text,
            "depth": self.depth,
            "signers": [s.as_dict() for s in self.signers],
        }


@dataclass(frozen=True, slots=True)
class Obligation:
    """One task as it obliges one agency (a task with three assignees is three obligations)."""

    ref: str  # "DOCID:TASKID"
    task_id: str
    text: str
    agency: str
    document: DocRef
    agency_id: str | None = None
    role: str = "lead"
    deadline: Deadline | None = None
    done: bool = False
    chain: tuple[DocRef, ...] = ()
    task_pk: int | None = None  # the store's task row id
    ended_by: DocRef | None = None  # a later document that replaced, repealed or ended the ordering one
    group: str | None = None  # the task names a group ("Các sở, ban, ngành tỉnh") that ``agency`` is one of


# Decree 30/2020 and the Law on legal normative documents number a văn bản quy phạm pháp luật
# "số/năm ban hành/ký hiệu" (02/2021/TT-BLĐTBXH, 338/2025/NĐ-CP); an administrative document has
# no year in its number (122/NQ-CP, 5580/TCT-KK).
_NORMATIVE_NUMBER = re.compile(r"^\s*\d+\s*/\s*(?:19|20)\d\d\s*/\s*\S")


def is_legal_normative(number: str | None) -> bool:
    """Whether a document number is a legal normative document's (số/năm/ký hiệu): its standing
    duties ("trước ngày 15 tháng 6 hằng năm") hold until a later document replaces or repeals it,
    so they never need confirming by age."""
    return bool(number and _NORMATIVE_NUMBER.match(number))


def needs_confirming(ob: Obligation, as_of: date, stale_after: timedelta | None = DEFAULT_STALE_AFTER) -> bool:
    """Whether a recurring duty is too old to remind of without asking: it recurs (or runs
    continuously) with no stated end (``period_end``), and its ordering document is dated more
    than ``stale_after`` before ``as_of`` (from the last day the date can mean). An undated
    document is never stale: its age is unknown."""
    d = ob.deadline
    if stale_after is None or d is None or not d.recurrence or ob.done or ob.ended_by is not None:
        return False
    if d.period_end:
        return False  # the page says when it ends; the occurrences stop there
    if is_legal_normative(ob.document.number):
        return False  # a law's duty binds until a later document ends it (the ``ended`` rule)
    issued = _last_day(ob.document.date)
    return issued is not None and issued + stale_after < as_of


@dataclass(frozen=True, slots=True)
class Reminder:
    """One occurrence of one obligation that is overdue or falls due soon."""

    obligation: Obligation
    due: date
    status: Status
    days: int  # due - as_of, in days (negative: overdue)

    # conveniences for renderers
    @property
    def ref(self) -> str:
        return self.obligation.ref

    @property
    def text(self) -> str:
        return self.obligation.text

    @property
    def agency(self) -> str:
        return self.obligation.agency

    @property
    def document(self) -> DocRef:
        return self.obligation.document

    @property
    def chain(self) -> tuple[DocRef, ...]:
        return self.obligation.chain

    @property
    def recurrence(self) -> str | None:
        d = self.obligation.deadline
        return d.recurrence if d else None

    @property
    def deadline_text(self) -> str:
        d = self.obligation.deadline
        return d.text if d else ""

    @property
    def due_time(self) -> str | None:
        d = self.obligation.deadline
        return d.time if d else None

    @property
    def uid(self) -> str:
        """Stable across runs: document sha256 + task id + occurrence date."""
        return occurrence_uid(self.document.sha256 or self.document.id or self.ref, self.obligation.task_id, self.due)

    def key(self, channel: str, recipient: str) -> str:
        """The reminder-log key: task + occurrence date + channel + recipient."""
        return f"{self.ref}|{self.due.isoformat()}|{channel}|{recipient.strip().lower()}"

    def as_dict(self) -> dict[str, Any]:
        o = self.obligation
        return {
            "ref": o.ref,
            "uid": self.uid,
            "task_id": o.task_id,
            "agency": o.agency,
            "agency_id": o.agency_id,
            "group": o.group,
            "role": o.role,
            "status": self.status,
            "due": self.due.isoformat(),
            "due_time": self.due_time,
            "days": self.days,
            "recurrence": self.recurrence,
            "deadline_text": self.deadline_text,
            "text": o.text,
            "document": o.document.as_dict(),
            "chain": [c.as_dict() for c in o.chain],
        }


# ---------------------------------------------------------------------------
# planning


def due_date(ob: Obligation, as_of: date) -> date | None:
    """The date an obligation is due, seen from ``as_of``: a fixed deadline's
    date (possibly past: overdue), or a recurring one's next occurrence."""
    d = ob.deadline
    if d is None:
        return None
    if d.recurrence:
        # a document obliges from the day it is issued: no occurrence before its date
        issued = _first_day(ob.document.date)
        return next_occurrence(d, max(as_of, issued) if issued else as_of)
    day = _iso_day(d.date)
    if day is None:  # reduced precision (2020-08): the page gives no day; do not invent one
        return None
    return day


def plan_obligations(
    obligations: Iterable[Obligation],
    as_of: date | datetime,
    within: timedelta | str = timedelta(days=3),
    *,
    overdue: bool = True,
    stale_after: timedelta | str | None = DEFAULT_STALE_AFTER,
) -> list[Reminder]:
    """The reminders for ``obligations`` seen from ``as_of``: open ones overdue
    (when ``overdue``) or due within ``within``. Sorted by agency, due date, ref.

    Ended obligations (:attr:`Obligation.ended_by`) and recurring ones that
    :func:`needs_confirming` are not reminded (see :func:`to_confirm`)."""
    stale = parse_stale_after(stale_after)
    win = parse_duration(within)
    now = as_of if isinstance(as_of, datetime) else datetime.combine(as_of, datetime.min.time())
    today = now.date()
    horizon = (now + win).date()
    out: list[Reminder] = []
    seen: set[tuple[str, str, date]] = set()
    for ob in obligations:
        if ob.done or ob.ended_by is not None or needs_confirming(ob, today, stale):
            continue
        due = due_date(ob, today)
        if due is None or due > horizon:
            continue
        status: Status = "overdue" if due < today else ("today" if due == today else "upcoming")
        if status == "overdue" and not overdue:
            continue
        k = (ob.ref, ob.agency, due)
        if k in seen:
            continue
        seen.add(k)
        out.append(Reminder(ob, due, status, (due - today).days))
    out.sort(key=lambda r: (r.agency.casefold(), r.due, r.ref))
    return out


def plan(
    store: Any,
    as_of: date | datetime,
    within: timedelta | str = timedelta(days=3),
    agency: str | None = None,
    *,
    province: str | None = None,
    overdue: bool = True,
    signer: str | None = None,
    stale_after: timedelta | str | None = DEFAULT_STALE_AFTER,
) -> list[Reminder]:
    """Reminders from the store: open obligations (of ``agency`` when given; of documents
    ``signer`` signed or co-signed, when given) that are overdue or fall due within
    ``within`` after ``as_of``.

    ``agency`` is resolved as for ``docintel obligations``; an ambiguous name
    raises :class:`QueryError` listing the candidates.
    """
    from .store._obligations import find_obligations

    obligations = find_obligations(store, agency=agency, province=province, include_done=False, signer=signer)
    return plan_obligations(obligations, as_of, within, overdue=overdue, stale_after=stale_after)


State = Literal["done", "overdue", "today", "upcoming", "open", "stale", "ended"]


@dataclass(frozen=True, slots=True)
class ObligationView:
    """An obligation as ``docintel obligations`` lists it: with its due date seen from ``as_of``
    (a recurring one's next occurrence) and its state."""

    obligation: Obligation
    due: date | None
    state: State
    days: int | None  # due - as_of in days

    def as_dict(self) -> dict[str, Any]:
        o = self.obligation
        d = o.deadline
        return {
            "ref": o.ref,
            "task_id": o.task_id,
            "agency": o.agency,
            "agency_id": o.agency_id,
            "group": o.group,
            "role": o.role,
            "state": self.state,
            "text": o.text,
            "deadline": None
            if d is None
            else {
                "text": d.text,
                "date": d.date,
                "time": d.time,
                "recurrence": d.recurrence,
                "next": self.due.isoformat() if self.due and d.recurrence else None,
            },
            "due": self.due.isoformat() if self.due else None,
            "days": self.days,
            "document": o.document.as_dict(),
            "chain": [c.as_dict() for c in o.chain],
            "ended_by": o.ended_by.as_dict() if o.ended_by else None,
        }


def view_obligations(
    obligations: Iterable[Obligation],
    as_of: date,
    *,
    include_done: bool = False,
    overdue_only: bool = False,
    due_within: timedelta | str | None = None,
    stale_after: timedelta | str | None = DEFAULT_STALE_AFTER,
) -> list[ObligationView]:
    """Obligations with their due date and state seen from ``as_of``, filtered:
    ``overdue_only`` keeps open ones past due; ``due_within`` open ones due from
    ``as_of`` to ``as_of + due_within``. Sorted by due date (undated last), then agency.

    A recurring duty that :func:`needs_confirming` has state ``stale`` (it keeps its next
    occurrence in ``due``, and is neither overdue nor due within anything); one whose document
    was ended by a later one has state ``ended`` and is listed only with ``include_done``."""
    stale = parse_stale_after(stale_after)
    win = parse_duration(due_within) if due_within is not None else None
    horizon = (datetime.combine(as_of, datetime.min.time()) + win).date() if win is not None else None
    out: list[ObligationView] = []
    for ob in obligations:
        if (ob.done or ob.ended_by is not None) and not include_done:
            continue
        due = due_date(ob, as_of)
        days = (due - as_of).days if due else None
        state: State
        if ob.done:
            state = "done"
        elif ob.ended_by is not None:
            state = "ended"
        elif needs_confirming(ob, as_of, stale):
            state = "stale"
        elif due is None:
            state = "open"
        else:
            state = "overdue" if due < as_of else ("today" if due == as_of else "upcoming")
        if overdue_only and state != "overdue":
            continue
        if horizon is not None and (state not in ("today", "upcoming") or due is None or due > horizon):
            continue
        out.append(ObligationView(ob, due, state, days))
    out.sort(key=lambda v: (v.due is None, v.due or date.max, v.obligation.agency.casefold(), v.obligation.ref))
    return out


def obligations(
    store: Any,
    agency: str | None = None,
    *,
    province: str | None = None,
    as_of: date | None = None,
    include_done: bool = False,
    overdue_only: bool = False,
    due_within: timedelta | str | None = None,
    signer: str | None = None,
    stale_after: timedelta | str | None = DEFAULT_STALE_AFTER,
) -> list[ObligationView]:
    """What must ``agency`` do, by when, on whose order: the stored obligations as views
    (only those of documents ``signer`` signed or co-signed, when given; states ``stale`` and
    ``ended`` as in :func:`view_obligations`).

    ``agency`` resolves through the agency registry (aliases, province instances)
    and fuzzy folded-name matching; an ambiguous name raises :class:`QueryError`
    (E044) listing the candidates.
    """
    from .store._obligations import find_obligations

    obs = find_obligations(store, agency=agency, province=province, include_done=include_done, signer=signer)
    return view_obligations(
        obs,
        as_of or local_now().date(),
        include_done=include_done,
        overdue_only=overdue_only,
        due_within=due_within,
        stale_after=stale_after,
    )


def to_confirm(
    obligations: Iterable[Obligation],
    as_of: date | datetime,
    stale_after: timedelta | str | None = DEFAULT_STALE_AFTER,
) -> list[ObligationView]:
    """The open recurring duties that :func:`needs_confirming` (state ``stale``): what a digest
    lists once under *cần xác nhận còn hiệu lực* instead of reminding at each occurrence."""
    day = as_of.date() if isinstance(as_of, datetime) else as_of
    stale = parse_stale_after(stale_after)
    out = [
        ObligationView(ob, due, "stale", (due - day).days if due else None)
        for ob in obligations
        if needs_confirming(ob, day, stale)
        for due in (due_date(ob, day),)
    ]
    out.sort(key=lambda v: (v.obligation.agency.casefold(), v.obligation.document.date or "", v.obligation.ref))
    return out


def group_by_agency(reminders: Iterable[Reminder]) -> dict[str, list[Reminder]]:
    groups: dict[str, list[Reminder]] = {}
    for r in reminders:
        groups.setdefault(r.agency, []).append(r)
    return groups


# ---------------------------------------------------------------------------
# rendering

RECURRENCE_VI = {
    "daily": "hằng ngày",
    "weekly": "hằng tuần",
    "monthly": "hằng tháng",
    "quarterly": "hằng quý",
    "yearly": "hằng năm",
    "continuous": "thường xuyên",
}
_STATUS_VI = {"overdue": "QUÁ HẠN", "today": "HẠN HÔM NAY", "upcoming": "SẮP ĐẾN HẠN"}


def days_label(days: int) -> str:
    """How far a due date is, for people: "quá hạn 4 ngày", "hôm nay", "còn 3 ngày" —
    never a signed count (the JSON ``days`` field keeps the sign: negative is overdue)."""
    if days < 0:
        return f"quá hạn {-days} ngày"
    if days == 0:
        return "hôm nay"
    return f"còn {days} ngày"


def _when(r: Reminder) -> str:
    return days_label(r.days)


def _wrap(text: str, first: str, rest: str, width: int = 100) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


CONFIRM_VI = "CẦN XÁC NHẬN CÒN HIỆU LỰC"


def _confirm_lines(review: Sequence[ObligationView]) -> list[str]:
    """The digest's closing section: recurring duties of old documents, listed once."""
    if not review:
        return []
    lines = [
        f"== {CONFIRM_VI} ({len(review)}) ==",
        "  Nhiệm vụ định kỳ của văn bản đã lâu, không ghi thời điểm kết thúc: không nhắc theo từng kỳ nữa.",
        "  Nếu đã kết thúc: docintel task done MÃ; nếu còn hiệu lực: docintel remind --stale-after never.",
    ]
    for v in review:
        o = v.obligation
        d = o.deadline
        rec = RECURRENCE_VI.get(d.recurrence, d.recurrence) if d and d.recurrence else ""
        lines.extend(_wrap(f"- [{o.agency}, {rec}] {' '.join(o.text.split())}", "  ", "    "))
        lines.extend(_wrap(f"Văn bản: {o.document.label()}", "      ", "        "))
        lines.append(f"      Mã: {o.ref}")
    return lines


def render_text(
    reminders: Sequence[Reminder], *, as_of: date | None = None, review: Sequence[ObligationView] = ()
) -> str:
    """A plain-text digest grouped by agency, overdue first, then due today, then upcoming;
    ``review`` (:func:`to_confirm`) closes it under *cần xác nhận còn hiệu lực*."""
    if not reminders:
        none = "Không có nhiệm vụ quá hạn hoặc sắp đến hạn" + (f" (tính đến {as_of.isoformat()})" if as_of else "") + ".\n"
        return none + ("\n" + "\n".join(_confirm_lines(review)) + "\n" if review else "")
    lines: list[str] = []
    if as_of:
        lines.append(f"Nhắc hạn tính đến {as_of.isoformat()}")
        lines.append("")
    for agency, rs in group_by_agency(reminders).items():
        lines.append(f"== {agency} ==")
        for status in ("overdue", "today", "upcoming"):
            part = [r for r in rs if r.status == status]
            if not part:
                continue
            lines.append(f"  {_STATUS_VI[status]} ({len(part)})")
            for r in part:
                due = r.due.isoformat() + (f" {r.due_time}" if r.due_time else "")
                rec = f", {RECURRENCE_VI.get(r.recurrence, r.recurrence)}" if r.recurrence else ""
                lines.extend(_wrap(f"- [{due}, {_when(r)}{rec}] {' '.join(r.text.split())}", "  ", "    "))
                if r.obligation.group:
                    lines.extend(_wrap(f"Giao cho nhóm: {r.obligation.group}", "      ", "        "))
                doc = f"Văn bản: {r.document.label()}" + (f" — {r.document.subject}" if r.document.subject else "")
                lines.extend(_wrap(doc, "      ", "        "))
                if r.document.signers:
                    lines.extend(_wrap(f"Người ký: {r.document.signed_by()}", "      ", "        "))
                for c in r.chain:
                    lines.extend(_wrap(f"Căn cứ: {c.label()}", "      " + "  " * max(0, c.depth - 1), "        "))
                lines.append(f"      Mã: {r.ref}")
        lines.append("")
    lines.extend(_confirm_lines(review))
    return "\n".join(lines).rstrip() + "\n"


def render_json(
    reminders: Sequence[Reminder], *, as_of: date | None = None, review: Sequence[ObligationView] = ()
) -> str:
    """``{"as_of": …, "agencies": [{"agency": …, "reminders": [...]}, …], "needs_confirming": [...]}``."""
    obj = {
        "as_of": as_of.isoformat() if as_of else None,
        "count": len(reminders),
        "agencies": [
            {"agency": a, "reminders": [r.as_dict() for r in rs]} for a, rs in group_by_agency(reminders).items()
        ],
        "needs_confirming": [v.as_dict() for v in review],
    }
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def render_ics(reminders: Sequence[Reminder], *, stamp: datetime | None = None) -> str:
    """RFC 5545 calendar, one VTODO per obligation occurrence with a stable UID."""
    return _render_ics(reminders, stamp=stamp)


# ---------------------------------------------------------------------------
# email


@dataclass
class SendReport:
    """What :func:`send_email` did (or, with ``dry_run``, would do)."""

    sent: list[tuple[str, list[Reminder]]] = field(default_factory=list)  # (recipient, reminders)
    skipped: list[tuple[str, Reminder]] = field(default_factory=list)  # already in the log
    failed: list[tuple[str, str]] = field(default_factory=list)  # (recipient, reason)
    dry_run: bool = False
    messages: list[Any] = field(default_factory=list)  # the EmailMessage objects


def send_email(
    reminders: Sequence[Reminder],
    settings: Any,
    store: Any | None,
    dry_run: bool = False,
    *,
    as_of: date | None = None,
    per_agency: bool = False,
) -> SendReport:
    """Send digests by SMTP; log each delivered (task, occurrence, recipient).

    See :mod:`docintel._email` for settings, routing and digest layout.
    """
    from ._email import deliver

    return deliver(reminders, settings, store, dry_run=dry_run, as_of=as_of, per_agency=per_agency)


__all__ = [
    "CONFIRM_VI",
    "DEFAULT_STALE_AFTER",
    "RECURRENCE_VI",
    "DocRef",
    "Obligation",
    "ObligationView",
    "Reminder",
    "SendReport",
    "days_label",
    "due_date",
    "fallback_next_occurrence",
    "group_by_agency",
    "needs_confirming",
    "next_occurrence",
    "obligations",
    "parse_date",
    "parse_duration",
    "parse_stale_after",
    "plan",
    "plan_obligations",
    "render_ics",
    "render_json",
    "render_text",
    "send_email",
    "to_confirm",
    "view_obligations",
]
