"""Reminder planning and rendering: durations, recurrence, overdue/upcoming, ICS (no store needed)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from docintel._errors import QueryError
from docintel._model import Deadline
from docintel.remind import (
    DocRef,
    Obligation,
    fallback_next_occurrence,
    next_occurrence,
    parse_date,
    parse_duration,
    plan_obligations,
    render_ics,
    render_json,
    render_text,
)

DOC = DocRef(
    number="/VP-KGVX", doc_type="CV", date="2020-08", issuer="Văn phòng UBND tỉnh Lạng Sơn",
    subject="tăng cường phòng, chống dịch COVID-19", id="7", sha256="a" * 64,
)


def ob(task: str, agency: str, deadline: Deadline | None, *, done: bool = False, doc: DocRef = DOC) -> Obligation:
    return Obligation(ref=f"{doc.id}:{task}", task_id=task, text=f"Nhiệm vụ {task}", agency=agency,
                      document=doc, deadline=deadline, done=done)


def fixed(day: str, text: str = "chậm nhất") -> Deadline:
    return Deadline(text=f"{text} {day}", date=day)


# ---------------------------------------------------------------------------
# durations and dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
        ("12h", timedelta(hours=12)),
        ("90m", timedelta(minutes=90)),
        ("1w2d", timedelta(days=9)),
        ("0d", timedelta(0)),
        (" 3D ", timedelta(days=3)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "3", "d", "-3d", "3 days", "3y", "three days", "3d!"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(QueryError, match="bad duration"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["2020-13-01", "06/08/2020", "2020-08", "tomorrow", ""])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(QueryError, match="bad date"):
        parse_date(text)


def test_parse_date_accepts_iso() -> None:
    assert parse_date("2020-08-06") == date(2020, 8, 6)


# ---------------------------------------------------------------------------
# recurrence: the next occurrence on or after a day


@pytest.mark.parametrize(
    ("deadline", "after", "expected"),
    [
        (Deadline("hằng ngày", recurrence="daily"), "2020-08-06", "2020-08-06"),
        (Deadline("hằng ngày từ 10/8", recurrence="daily", date="2020-08-10"), "2020-08-06", "2020-08-10"),
        (Deadline("hằng ngày đến 05/8", recurrence="daily", period_end="2020-08-05"), "2020-08-06", None),
        # 2020-08-06 is a Thursday (weekday 3)
        (Deadline("thứ Năm hằng tuần", recurrence="weekly", weekday=3), "2020-08-06", "2020-08-06"),
        (Deadline("thứ Sáu hằng tuần", recurrence="weekly", weekday=4), "2020-08-06", "2020-08-07"),
        (Deadline("thứ Hai hằng tuần", recurrence="weekly", weekday=0), "2020-08-06", "2020-08-10"),
        (Deadline("hằng tuần", recurrence="weekly", date="2020-07-01"), "2020-08-06", "2020-08-12"),
        (Deadline("hằng tuần", recurrence="weekly"), "2020-08-06", None),  # no day: nothing guessed
        (Deadline("ngày 25 hằng tháng", recurrence="monthly", day_of_month=25), "2020-08-06", "2020-08-25"),
        (Deadline("ngày 05 hằng tháng", recurrence="monthly", day_of_month=5), "2020-08-06", "2020-09-05"),
        (Deadline("ngày 31 hằng tháng", recurrence="monthly", day_of_month=31), "2021-02-01", "2021-02-28"),
        (Deadline("ngày 31 hằng tháng", recurrence="monthly", day_of_month=31), "2020-12-31", "2020-12-31"),
        (Deadline("hằng tháng", recurrence="monthly"), "2020-08-06", None),
        (Deadline("hằng quý", recurrence="quarterly", date="2020-03-20"), "2020-08-06", "2020-09-20"),
        (Deadline("hằng quý", recurrence="quarterly", date="2020-03-20"), "2020-09-20", "2020-09-20"),
        (Deadline("hằng quý", recurrence="quarterly"), "2020-08-06", None),
        (Deadline("hằng năm", recurrence="yearly", date="2015-12-15"), "2020-08-06", "2020-12-15"),
        (Deadline("hằng năm", recurrence="yearly", date="2016-02-29"), "2021-01-01", "2021-02-28"),
        (Deadline("thường xuyên", recurrence="continuous"), "2020-08-06", None),
        (Deadline("ngày 08/8/2020", date="2020-08-08"), "2020-08-06", None),  # not recurring
    ],
)
def test_fallback_next_occurrence(deadline: Deadline, after: str, expected: str | None) -> None:
    got = fallback_next_occurrence(deadline, date.fromisoformat(after))
    assert (got.isoformat() if got else None) == expected


@given(
    rec=st.sampled_from(["daily", "weekly", "monthly", "quarterly", "yearly", "continuous"]),
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)) | st.none(),
    weekday=st.integers(0, 6) | st.none(),
    dom=st.integers(1, 31) | st.none(),
    after=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
)
def test_next_occurrence_is_never_before_after(
    rec: Any, anchor: date | None, weekday: int | None, dom: int | None, after: date
) -> None:
    d = Deadline("x", recurrence=rec, date=anchor.isoformat() if anchor else None, weekday=weekday, day_of_month=dom)
    got = next_occurrence(d, after)
    if got is not None:
        assert got >= after
        assert got - after <= timedelta(days=366 + (anchor - after).days if anchor and anchor > after else 366)


# ---------------------------------------------------------------------------
# planning


AS_OF = date(2020, 8, 6)


def test_seed001_task2_shape_is_upcoming_within_3d() -> None:
    rs = plan_obligations([ob("2", "UBND các huyện, thành phố", fixed("2020-08-08"))], AS_OF, "3d")
    assert [(r.agency, r.due.isoformat(), r.status, r.days) for r in rs] == [
        ("UBND các huyện, thành phố", "2020-08-08", "upcoming", 2)
    ]


@pytest.mark.parametrize(
    ("due", "within", "status"),
    [
        ("2020-08-01", "3d", "overdue"),
        ("2020-08-05", "0d", "overdue"),
        ("2020-08-06", "0d", "today"),
        ("2020-08-09", "3d", "upcoming"),
        ("2020-08-10", "3d", None),  # outside the window
        ("2020-08-07", "12h", None),  # as-of midnight + 12h is still the 6th
        ("2020-08-20", "2w", "upcoming"),
        ("2020-08", "30d", None),  # a month without a day: no date to remind of
    ],
)
def test_overdue_vs_upcoming(due: str, within: str, status: str | None) -> None:
    rs = plan_obligations([ob("1", "Sở Y tế", fixed(due))], AS_OF, within)
    assert (rs[0].status if rs else None) == status


def test_overdue_can_be_left_out() -> None:
    rs = plan_obligations([ob("1", "Sở Y tế", fixed("2020-08-01"))], AS_OF, "3d", overdue=False)
    assert rs == []


def test_done_and_deadline_free_obligations_are_not_reminded() -> None:
    obs = [
        ob("1", "Sở Y tế", fixed("2020-08-07"), done=True),
        ob("2", "Sở Y tế", None),
        ob("3", "Sở Y tế", Deadline("thường xuyên", recurrence="continuous")),
    ]
    assert plan_obligations(obs, AS_OF, "3d") == []


def test_recurring_obligations_remind_of_their_next_occurrence() -> None:
    obs = [
        ob("d", "Sở Y tế", Deadline("hằng ngày", recurrence="daily")),
        ob("w", "Sở Y tế", Deadline("thứ Hai hằng tuần", recurrence="weekly", weekday=0)),
        ob("m", "Sở Y tế", Deadline("ngày 25 hằng tháng", recurrence="monthly", day_of_month=25)),
    ]
    rs = {r.obligation.task_id: r for r in plan_obligations(obs, AS_OF, "7d")}
    assert rs["d"].due == AS_OF and rs["d"].status == "today"
    assert rs["w"].due == date(2020, 8, 10) and rs["w"].status == "upcoming"
    assert "m" not in rs  # the 25th is outside 7 days
    later = plan_obligations(obs, date(2020, 8, 20), "7d")
    assert [r.due for r in later if r.obligation.task_id == "m"] == [date(2020, 8, 25)]
    # recurring obligations are never "overdue": the next occurrence is ahead
    assert all(r.status != "overdue" for r in later)


def test_grouped_by_agency_then_due() -> None:
    obs = [
        ob("1", "UBND các huyện, thành phố", fixed("2020-08-08")),
        ob("2", "Sở Y tế", fixed("2020-08-07")),
        ob("3", "Sở Y tế", fixed("2020-08-02")),
    ]
    rs = plan_obligations(obs, AS_OF, "3d")
    assert [(r.agency, r.obligation.task_id) for r in rs] == [
        ("Sở Y tế", "3"),
        ("Sở Y tế", "2"),
        ("UBND các huyện, thành phố", "1"),
    ]
    text = render_text(rs, as_of=AS_OF)
    syt = text[text.index("== Sở Y tế ==") : text.index("== UBND")]
    assert syt.index("QUÁ HẠN (1)") < syt.index("SẮP ĐẾN HẠN (1)")
    assert "quá hạn 4 ngày" in syt and "còn 1 ngày" in syt
    data = json.loads(render_json(rs, as_of=AS_OF))
    assert data["count"] == 3
    assert [g["agency"] for g in data["agencies"]] == ["Sở Y tế", "UBND các huyện, thành phố"]
    assert data["agencies"][0]["reminders"][0]["status"] == "overdue"


def test_empty_digest_says_so() -> None:
    assert "Không có" in render_text([], as_of=AS_OF)


# ---------------------------------------------------------------------------
# ICS


def _obs() -> list[Obligation]:
    chain = (DocRef(number="938/UBND-KGVX", doc_type="CV", date="2020-08-04", issuer="UBND tỉnh"),)
    return [
        Obligation(ref="7:2", task_id="2", text="Giao UBND các huyện, thành phố rà soát, báo cáo",
                   agency="UBND các huyện, thành phố", document=DOC, chain=chain,
                   deadline=Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08")),
        Obligation(ref="7:2", task_id="2", text="Giao UBND các huyện, thành phố rà soát, báo cáo",
                   agency="Sở Y tế", document=DOC, chain=chain, role="support",
                   deadline=Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08")),
        Obligation(ref="7:3", task_id="3", text="Báo cáo trước 15 giờ thứ Sáu hằng tuần", agency="Sở Y tế",
                   document=DOC, deadline=Deadline("trước 15 giờ thứ Sáu hằng tuần", recurrence="weekly",
                                                   weekday=4, time="15:00")),
        Obligation(ref="7:4", task_id="4", text="Nộp báo cáo", agency="Sở Y tế", document=DOC,
                   deadline=Deadline("trước ngày 01/8/2020", date="2020-08-01")),
    ]


def test_ics_parses_back_with_one_vtodo_per_occurrence() -> None:
    rs = plan_obligations(_obs(), AS_OF, "3d")
    cal = Calendar.from_ical(render_ics(rs))
    todos = list(cal.walk("VTODO"))
    assert len(todos) == 3  # task 2 obliges two agencies: one to-do, both categories
    by_task = {str(t["X-DOCINTEL-TASK"]): t for t in todos}
    t2 = by_task["7:2"]
    assert t2["DUE"].dt == date(2020, 8, 8)
    cats = t2["CATEGORIES"].cats if hasattr(t2["CATEGORIES"], "cats") else t2["CATEGORIES"]
    assert sorted(str(c) for c in cats) == ["Sở Y tế", "UBND các huyện, thành phố"]
    assert "Giao UBND các huyện" in str(t2["SUMMARY"])
    desc = str(t2["DESCRIPTION"])
    assert "CV số /VP-KGVX" in desc and "Căn cứ: CV số 938/UBND-KGVX" in desc
    assert by_task["7:3"]["DUE"].dt == datetime(2020, 8, 7, 15, 0)
    assert str(by_task["7:4"]["SUMMARY"]).startswith("[QUÁ HẠN]")
    for t in todos:
        assert t["DTSTAMP"].dt.tzinfo is not None
        assert str(t["UID"]).endswith("@docintel")


def test_ics_uids_are_stable_across_runs_and_days() -> None:
    first = {str(t["UID"]) for t in Calendar.from_ical(render_ics(plan_obligations(_obs(), AS_OF, "3d"))).walk("VTODO")}
    again = {str(t["UID"]) for t in Calendar.from_ical(render_ics(plan_obligations(_obs(), AS_OF, "3d"))).walk("VTODO")}
    next_day = plan_obligations(_obs(), AS_OF + timedelta(days=1), "3d")
    later = {str(t["UID"]) for t in Calendar.from_ical(render_ics(next_day)).walk("VTODO")}
    assert first == again
    assert first == later  # same occurrences seen a day later: same UIDs, calendars update in place
    # the following week's occurrence of the weekly report is a new to-do
    week2 = plan_obligations(_obs(), date(2020, 8, 8), "7d")
    uids = {r.uid for r in week2 if r.ref == "7:3"}
    assert uids and uids.isdisjoint(first)


def test_ics_is_byte_identical_with_a_fixed_stamp() -> None:
    stamp = datetime(2020, 8, 6, 1, 0, tzinfo=UTC)
    rs = plan_obligations(_obs(), AS_OF, "3d")
    assert render_ics(rs, stamp=stamp) == render_ics(list(reversed(rs)), stamp=stamp)
    assert render_ics(rs, stamp=stamp).startswith("BEGIN:VCALENDAR\r\n")
