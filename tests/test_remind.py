"""Reminder planning and rendering: durations, recurrence, overdue/upcoming, ICS (no store needed)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from conftest import CORPORA
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from typer.testing import CliRunner

from docintel._errors import QueryError
from docintel._model import Deadline
from docintel.remind import (
    DocRef,
    Obligation,
    fallback_next_occurrence,
    next_occurrence,
    parse_date,
    parse_duration,
    plan,
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


def test_issue_qa2_5_email_without_recipient_is_a_usage_error(archive: tuple[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = archive
    monkeypatch.setenv("DOCINTEL_SMTP_HOST", "127.0.0.1")
    monkeypatch.delenv("DOCINTEL_SMTP_TO", raising=False)
    r = cli("remind", "--as-of", "2020-08-06", "--format", "email", "--dry-run", "--db", url)
    assert r.exit_code == 2 and "no email recipient" in r.stderr and "--to" in r.stderr


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


def test_issue_qa_ics_description_has_no_line_breaks_from_the_page() -> None:
    """A deadline phrase wrapped on the page ("chậm\nnhất trước ngày …") read "Thời hạn: chậm" on one
    line of the to-do's description and "nhất trước ngày …" on the next."""
    doc = DocRef(number="1/CV", doc_type="CV", subject="về việc\nrà soát", id="9", sha256="b" * 64)
    o = Obligation(ref="9:1", task_id="1", text="Báo cáo", agency="Sở Y tế", document=doc,
                   deadline=Deadline("chậm\nnhất trước ngày 08/8/2020", date="2020-08-08"))
    (todo,) = Calendar.from_ical(render_ics(plan_obligations([o], AS_OF, "3d"))).walk("VTODO")
    desc = str(todo["DESCRIPTION"]).splitlines()
    assert "Thời hạn: chậm nhất trước ngày 08/8/2020" in desc and "Trích yếu: về việc rà soát" in desc


def test_ics_is_byte_identical_with_a_fixed_stamp() -> None:
    stamp = datetime(2020, 8, 6, 1, 0, tzinfo=UTC)
    rs = plan_obligations(_obs(), AS_OF, "3d")
    assert render_ics(rs, stamp=stamp) == render_ics(list(reversed(rs)), stamp=stamp)
    assert render_ics(rs, stamp=stamp).startswith("BEGIN:VCALENDAR\r\n")


# ---------------------------------------------------------------------------
# against the archive, through the library and the command line


@pytest.fixture
def archive(store_url: str) -> Iterator[tuple[str, Any]]:
    """DOC_B then DOC_A (ids 1 and 2) in a fresh archive: SQLite, and PostgreSQL when available."""
    from _remind_data import DOC_A, DOC_B, ingest

    from docintel.store import open_store

    store = open_store(store_url)
    ingest(store, [DOC_B, DOC_A])
    try:
        yield store_url, store
    finally:
        store.close()


def cli(*args: str) -> Result:
    from docintel.cli import app

    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def _plan_summary(store: Any, as_of: date, within: str = "3d", agency: str | None = None) -> list[tuple[str, str, str, str]]:
    return [(r.agency, r.ref.split(":")[1], r.due.isoformat(), r.status) for r in plan(store, as_of, within, agency)]


def test_plan_from_store_groups_overdue_and_upcoming(archive: tuple[str, Any]) -> None:
    _, store = archive
    assert _plan_summary(store, AS_OF) == [
        ("Sở Y tế", "3", "2020-08-07", "upcoming"),  # weekly, Friday: the next occurrence
        ("Sở Y tế tỉnh Lạng Sơn", "1", "2020-08-05", "overdue"),
        ("UBND các huyện, thành phố", "2", "2020-08-08", "upcoming"),
    ]
    assert _plan_summary(store, AS_OF, agency="UBND các huyện") == [
        ("UBND các huyện, thành phố", "2", "2020-08-08", "upcoming")
    ]
    assert [r[1] for r in _plan_summary(store, AS_OF, "7d", agency="Sở Tài chính")] == ["1"]


def test_task_done_stops_reminders(archive: tuple[str, Any]) -> None:
    url, store = archive
    doc_id = DOC_A_ID
    assert ("UBND các huyện, thành phố", "2", "2020-08-08", "upcoming") in _plan_summary(store, AS_OF)
    r = cli("task", "done", f"{doc_id}:2", "--db", url, "--note", "đã báo cáo")
    assert r.exit_code == 0 and "đã xong" in r.output
    assert all(x[1] != "2" for x in _plan_summary(store, AS_OF))
    out = cli("remind", "--as-of", "2020-08-06", "--within", "3d", "--db", url).output
    assert "UBND các huyện" not in out
    r = cli("task", "reopen", f"{doc_id}:2", "--db", url)
    assert r.exit_code == 0
    assert ("UBND các huyện, thành phố", "2", "2020-08-08", "upcoming") in _plan_summary(store, AS_OF)


DOC_A_ID = 2  # DOC_B is ingested first


def test_cli_remind_text_and_json(archive: tuple[str, Any]) -> None:
    url, _ = archive
    r = cli("remind", "--as-of", "2020-08-06", "--within", "3d", "--db", url)
    assert r.exit_code == 0
    assert "== UBND các huyện, thành phố ==" in r.output and "[2020-08-08, còn 2 ngày]" in r.output
    assert "Căn cứ: CV số 938/UBND-KGVX" in r.output
    data = json.loads(cli("remind", "--as-of", "2020-08-06", "--format", "json", "--db", url).output)
    assert data["as_of"] == "2020-08-06" and data["count"] == 3


def test_cli_ics_parses_and_uids_are_stable(archive: tuple[str, Any], tmp_path: Path) -> None:
    url, _ = archive
    one = cli("remind", "--as-of", "2020-08-06", "--format", "ics", "--db", url).output
    out = tmp_path / "nhac.ics"
    r = cli("remind", "--as-of", "2020-08-07", "--within", "2d", "--format", "ics", "--db", url, "-o", str(out))
    assert r.exit_code == 0
    uids1 = {str(t["UID"]) for t in Calendar.from_ical(one).walk("VTODO")}
    uids2 = {str(t["UID"]) for t in Calendar.from_ical(out.read_bytes()).walk("VTODO")}
    assert len(uids1) == 3
    assert uids2 <= uids1  # the same occurrences, a day later: the same to-dos
    cats = {str(c) for t in Calendar.from_ical(one).walk("VTODO") for c in t["CATEGORIES"].cats}
    assert "UBND các huyện, thành phố" in cats


def test_cli_email_twice_sends_once(archive: tuple[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from _remind_data import smtp_server

    url, store = archive
    with smtp_server() as (handler, port):
        for k, v in {"DOCINTEL_SMTP_HOST": "127.0.0.1", "DOCINTEL_SMTP_PORT": str(port), "DOCINTEL_SMTP_STARTTLS": "no",
                     "DOCINTEL_SMTP_FROM": "nhac-han@example.vn", "DOCINTEL_SMTP_TO": "vanthu@example.vn"}.items():
            monkeypatch.setenv(k, v)
        args = ("remind", "--as-of", "2020-08-06", "--within", "3d", "--format", "email", "--db", url)
        dry = cli(*args, "--dry-run")
        assert dry.exit_code == 0 and "Subject:" in dry.stdout and handler.messages == []
        assert store.reminders_sent() == []
        first = cli(*args)
        assert first.exit_code == 0, first.output
        assert len(handler.messages) == 1
        second = cli(*args)
        assert second.exit_code == 0 and "3 already sent" in second.stderr
        assert len(handler.messages) == 1  # a cron job that runs twice sends nothing twice
        assert len(store.reminders_sent()) == 3
        # a new recipient gets its own digest
        cli(*args, "--to", "syt@example.vn")
        assert [m[1] for m in handler.messages] == [["vanthu@example.vn"], ["syt@example.vn"]]


def test_cli_email_without_server_is_a_clear_error(archive: tuple[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    url, _ = archive
    monkeypatch.delenv("DOCINTEL_SMTP_HOST", raising=False)
    r = cli("remind", "--as-of", "2020-08-06", "--format", "email", "--to", "a@b.vn", "--db", url)
    assert r.exit_code == 1 and "DOCINTEL_SMTP_HOST" in r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("remind", "--within", "3 days"), "bad duration '3 days'"),
        (("remind", "--as-of", "06/08/2020"), "bad date '06/08/2020'"),
        (("obligations", "--due-within", "soon"), "bad duration 'soon'"),
        (("obligations", "--as-of", "2020-02-30"), "bad date"),
        (("obligations", "--agency", "Sở"), "ambiguous agency 'Sở': candidates are"),
        (("remind", "--agency", "Cục Hàng không"), "unknown agency"),
        (("task", "done", "abc"), "bad task reference"),
        (("obligations", "--json", "--csv"), "choose one"),
    ],
)
def test_cli_bad_values_exit_2(archive: tuple[str, Any], args: tuple[str, ...], message: str) -> None:
    url, _ = archive
    r = cli(*args, "--db", url)
    assert r.exit_code == 2
    assert message in r.stderr and r.stderr.count("\n") == 1


def test_cli_missing_task_exits_1(archive: tuple[str, Any]) -> None:
    url, _ = archive
    r = cli("task", "done", "2:99", "--db", url)
    assert r.exit_code == 1 and "no such task" in r.stderr


def test_cli_obligations_formats(archive: tuple[str, Any]) -> None:
    url, _ = archive
    rows = json.loads(cli("obligations", "--agency", "SYT", "--as-of", "2020-08-06", "--json", "--db", url).output)
    assert [(r["ref"].split(":")[1], r["state"]) for r in rows] == [("1", "overdue"), ("3", "upcoming"), ("1", "upcoming"), ("5", "open")]
    weekly = next(r for r in rows if r["task_id"] == "3")
    assert weekly["deadline"]["recurrence"] == "weekly" and weekly["deadline"]["next"] == "2020-08-07"
    a1 = next(r for r in rows if r["ref"] == f"{DOC_A_ID}:1")
    assert [c["number"] for c in a1["chain"]] == ["938/UBND-KGVX", "16/CT-TTg", "1/CĐ-TTg"]
    assert a1["document"]["number"] == "123/VP-KGVX"
    table = csv.DictReader(io.StringIO(cli("obligations", "-a", "UBND các huyện", "--csv", "--db", url).output))
    (row,) = list(table)
    assert row["due"] == "2020-08-08" and row["number"] == "123/VP-KGVX" and "938/UBND-KGVX" in row["chain"]
    overdue = json.loads(cli("obligations", "--overdue", "--as-of", "2020-08-06", "--json", "--db", url).output)
    assert [r["ref"] for r in overdue] == ["1:1"]
    soon = json.loads(cli("obligations", "--due-within", "2d", "--as-of", "2020-08-06", "--json", "--db", url).output)
    assert {r["ref"] for r in soon} == {f"{DOC_A_ID}:2", f"{DOC_A_ID}:3"}
    text = cli("obligations", "--agency", "UBND các huyện", "--as-of", "2020-08-06", "--db", url).output
    assert "2020-08-08" in text and "123/VP-KGVX" in text


def test_issue_qa_overdue_reads_as_days_past_not_a_negative_count(archive: tuple[str, Any]) -> None:
    """`obligations` once printed "quá hạn (-2297 ngày)"; people read "quá hạn 2297 ngày"."""
    url, _ = archive
    text = cli("obligations", "--agency", "SYT", "--as-of", "2020-08-06", "--db", url).output
    assert "quá hạn 1 ngày" in text and "sắp đến hạn, còn 1 ngày" in text
    assert "-1 ngày" not in text and "+1 ngày" not in text
    later = cli("obligations", "--agency", "SYT", "--as-of", "2026-11-22", "--db", url).output
    assert "quá hạn 2300 ngày" in later and "(-" not in later
    digest = cli("remind", "--as-of", "2020-08-06", "--within", "3d", "--db", url).output
    assert "quá hạn 1 ngày" in digest and "-1 ngày" not in digest
    rows = json.loads(cli("obligations", "--agency", "SYT", "--as-of", "2020-08-06", "--json", "--db", url).output)
    assert rows[0]["state"] == "overdue" and rows[0]["days"] == -1  # JSON keeps the signed number (documented)


@pytest.mark.parametrize(("days", "label"), [(-2297, "quá hạn 2297 ngày"), (-1, "quá hạn 1 ngày"), (0, "hôm nay"), (3, "còn 3 ngày")])
def test_days_label(days: int, label: str) -> None:
    from docintel.remind import days_label

    assert days_label(days) == label


def test_every_command_help_ends_with_an_example() -> None:
    for args in (["obligations"], ["remind"], ["task", "done"], ["task", "reopen"]):
        out = cli(*args, "--help").output
        assert "Example:" in out, args


# ---------------------------------------------------------------------------
# acceptance on the seed dispatches (issue 5): ingest corpora/, then ask


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> str:
    from docintel.store import ingest, open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'archive.db'}"
    store = open_store(url)
    try:
        report = ingest(store, sorted(CORPORA.glob("*.txt")), ocr=False)
        assert report.ok, report.summary()
    finally:
        store.close()
    return url


def test_issue5_obligations_of_ubnd_cac_huyen_lists_seed001_task2(seeds: str) -> None:
    rows = json.loads(cli("obligations", "--agency", "UBND các huyện", "--json", "--db", seeds).output)
    hit = [r for r in rows if r["task_id"] == "2" and r["document"]["subject"] and "rà soát người về" in r["document"]["subject"]]
    assert hit, rows
    assert hit[0]["deadline"]["date"] == "2020-08-08"


def test_issue5_remind_shows_seed001_task2(seeds: str) -> None:
    r = cli("remind", "--as-of", "2020-08-06", "--within", "3d", "--format", "json", "--db", seeds)
    assert r.exit_code == 0
    got = [
        (g["agency"], x["task_id"], x["due"])
        for g in json.loads(r.output)["agencies"]
        for x in g["reminders"]
    ]
    assert ("UBND các huyện, thành phố", "2", "2020-08-08") in got


@given(st.text(max_size=12))
def test_parse_duration_never_crashes(text: str) -> None:
    try:
        got = parse_duration(text)
    except QueryError as e:
        assert "bad duration" in str(e)
    else:
        assert got >= timedelta(0)


@pytest.mark.parametrize(
    ("ref", "label"),
    [
        (DocRef(number="938/UBND-KGVX", doc_type="CV", date="2020-08-04", issuer="UBND tỉnh"),
         "CV số 938/UBND-KGVX ngày 04/08/2020 của UBND tỉnh"),
        (DocRef(number="/VP-KGVX", doc_type="CV", date="2020-08"), "CV số /VP-KGVX tháng 08/2020"),
        (DocRef(number="16/CT-TTg", doc_type="CT", date="2020"), "CT số 16/CT-TTg năm 2020"),
        (DocRef(text="Nghị định của Chính phủ"), "Nghị định của Chính phủ"),
    ],
)
def test_docref_label(ref: DocRef, label: str) -> None:
    assert ref.label() == label


def test_recurring_obligation_starts_when_its_document_is_issued() -> None:
    doc_2021 = DocRef(number="12/BCĐ-SYT", doc_type="CV", date="2021", id="9", sha256="b" * 64)
    daily = Obligation(ref="9:1", task_id="1", text="Báo cáo hằng ngày", agency="Sở Y tế", document=doc_2021,
                       deadline=Deadline("hằng ngày", recurrence="daily"))
    assert plan_obligations([daily], AS_OF, "3d") == []  # 2020: the 2021 dispatch obliges nobody yet
    assert [r.due for r in plan_obligations([daily], date(2021, 3, 1), "3d")] == [date(2021, 3, 1)]


# ---------------------------------------------------------------------------
# on whose order: the ordering document's signer and a joint document's co-signers


def _joint_ref() -> DocRef:
    from docintel.store import SigningBlock

    return DocRef(
        number="12/2024/TTLT-BTC-BYT", doc_type="TTLT", date="2024-03-05", issuer="Bộ Tài chính",
        subject="hướng dẫn kinh phí khám bệnh", id="9", sha256="b" * 64,
        signers=(
            SigningBlock(0, "Nguyễn Thị Xuyên", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG BỘ Y TẾ"),
            SigningBlock(1, "Trần Văn Hiếu", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH"),
            SigningBlock(2, None, "PHÓ CHÁNH ÁN", "KT", "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO"),  # name not read
        ),
    )


SIGNED_BY = (
    "Nguyễn Thị Xuyên (KT. BỘ TRƯỞNG BỘ Y TẾ, THỨ TRƯỞNG); Trần Văn Hiếu (KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG); "
    "KT. CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO, PHÓ CHÁNH ÁN"
)


@pytest.mark.parametrize(
    ("block", "label"),
    [
        ((0, "Trần Văn Hiếu", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH"), "Trần Văn Hiếu (KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG)"),
        ((0, "Nguyễn Văn A", "GIÁM ĐỐC", None, None), "Nguyễn Văn A (GIÁM ĐỐC)"),
        ((0, "Nguyễn Văn A", None, None, None), "Nguyễn Văn A"),
        ((1, None, "PHÓ CHỦ TỊCH", "TM", "ỦY BAN NHÂN DÂN"), "TM. ỦY BAN NHÂN DÂN, PHÓ CHỦ TỊCH"),
        ((1, None, None, None, None), "?"),
    ],
)
def test_signing_block_label(block: tuple[Any, ...], label: str) -> None:
    from docintel.store import SigningBlock

    assert SigningBlock(*block).label() == label


def test_text_json_and_ics_name_every_signer() -> None:
    doc = _joint_ref()
    assert doc.signed_by() == SIGNED_BY
    rs = plan_obligations([ob("1", "Sở Y tế", fixed("2024-03-07"), doc=doc)], date(2024, 3, 6), "3d")
    text = render_text(rs)
    assert "Người ký: Nguyễn Thị Xuyên (KT. BỘ TRƯỞNG BỘ Y TẾ, THỨ TRƯỞNG); Trần Văn Hiếu" in " ".join(text.split())
    signers = json.loads(render_json(rs))["agencies"][0]["reminders"][0]["document"]["signers"]
    assert [(s["position"], s["name"], s["for"]) for s in signers] == [
        (0, "Nguyễn Thị Xuyên", "BỘ TRƯỞNG BỘ Y TẾ"),
        (1, "Trần Văn Hiếu", "BỘ TRƯỞNG BỘ TÀI CHÍNH"),
        (2, None, "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO"),
    ]
    (todo,) = Calendar.from_ical(render_ics(rs)).walk("VTODO")
    assert f"Người ký: {SIGNED_BY}" in str(todo["description"]).splitlines()


def test_a_document_without_signers_prints_no_signer_line() -> None:
    rs = plan_obligations([ob("1", "Sở Y tế", fixed("2020-08-07"))], date(2020, 8, 6), "3d")
    assert "Người ký" not in render_text(rs) and "Người ký" not in render_ics(rs)
    assert json.loads(render_json(rs))["agencies"][0]["reminders"][0]["document"]["signers"] == []


@pytest.fixture
def joint_archive(store_url: str) -> Iterator[tuple[str, Any]]:
    """DOC_B, DOC_A and a joint circular whose task obliges Sở Y tế, signed by two ministries."""
    from _remind_data import DOC_A, DOC_B, SYT, ingest, make_doc, task

    from docintel import Signer
    from docintel.store import open_store

    joint = make_doc(
        "ttlt", number="12/2024/TTLT-BTC-BYT", doc_type="TTLT", issuer="Bộ Tài chính", issuer_id=None,
        place="Hà Nội", date="2020-08-01", subject="kinh phí xét nghiệm",
        tasks=[task("Điều 3", "Sở Y tế lập dự toán kinh phí xét nghiệm trước ngày 07/8/2020.", SYT,
                    deadline=Deadline("trước ngày 07/8/2020", date="2020-08-07"))],
    )
    joint.signer = Signer(
        "Nguyễn Thị Xuyên", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG BỘ Y TẾ",
        co_signers=[Signer("Trần Văn Hiếu", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG BỘ TÀI CHÍNH")],
    )
    store = open_store(store_url)
    ingest(store, [DOC_B, DOC_A, joint])
    try:
        yield store_url, store
    finally:
        store.close()


def test_cli_obligations_and_remind_say_on_whose_order(joint_archive: tuple[str, Any]) -> None:
    url, _ = joint_archive
    rows = json.loads(cli("obligations", "--agency", "SYT", "--as-of", "2020-08-06", "--json", "--db", url).output)
    joint = next(r for r in rows if r["document"]["number"] == "12/2024/TTLT-BTC-BYT")
    assert [s["name"] for s in joint["document"]["signers"]] == ["Nguyễn Thị Xuyên", "Trần Văn Hiếu"]
    assert all(r["document"]["signers"] == [] for r in rows if r is not joint)  # DOC_A names no signer
    table = cli("obligations", "--agency", "SYT", "--as-of", "2020-08-06", "--db", url).output
    assert "Người ký:" in table and "Trần Văn Hiếu" in " ".join(table.split())
    (row,) = [r for r in csv.DictReader(io.StringIO(cli("obligations", "-a", "SYT", "--csv", "--db", url).output))
              if r["number"] == "12/2024/TTLT-BTC-BYT"]
    assert row["signers"] == ("Nguyễn Thị Xuyên (KT. BỘ TRƯỞNG BỘ Y TẾ, THỨ TRƯỞNG); "
                              "Trần Văn Hiếu (KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG)")
    text = cli("remind", "--as-of", "2020-08-06", "--within", "3d", "-a", "SYT", "--db", url).output
    assert "Người ký: Nguyễn Thị Xuyên (KT. BỘ TRƯỞNG BỘ Y TẾ, THỨ TRƯỞNG); Trần Văn Hiếu" in " ".join(text.split())
    ics = cli("remind", "--as-of", "2020-08-06", "--within", "3d", "-a", "SYT", "--format", "ics", "--db", url).output
    todos = [t for t in Calendar.from_ical(ics).walk("VTODO") if "12/2024/TTLT-BTC-BYT" in str(t["description"])]
    assert len(todos) == 1 and "Trần Văn Hiếu" in str(todos[0]["description"])


@pytest.mark.parametrize(
    ("signer", "numbers"),
    [
        ("Trần Văn Hiếu", {"12/2024/TTLT-BTC-BYT"}),  # as a co-signer
        ("tran van hieu", {"12/2024/TTLT-BTC-BYT"}),
        ("Xuyên", {"12/2024/TTLT-BTC-BYT"}),  # as the signer
        ("Lê Văn Thành", set()),
    ],
)
def test_cli_signer_filter_keeps_what_they_ordered(joint_archive: tuple[str, Any], signer: str, numbers: set[str]) -> None:
    url, store = joint_archive
    rows = json.loads(cli("obligations", "--signer", signer, "--all", "--json", "--db", url).output)
    assert {r["document"]["number"] for r in rows} == numbers
    got = json.loads(cli("remind", "--as-of", "2020-08-06", "--within", "3d", "--signer", signer, "--format", "json",
                         "--db", url).output)
    assert {r["document"]["number"] for a in got["agencies"] for r in a["reminders"]} == numbers
    assert {r.document.number for r in plan(store, date(2020, 8, 6), "3d", signer=signer)} == numbers


@pytest.mark.parametrize(
    ("doc_date", "deadline", "as_of", "stale"),
    [
        ("2021", Deadline("hằng ngày", recurrence="daily", open_end=True), date(2022, 12, 31), False),  # 2021 may mean 31/12/2021
        ("2021", Deadline("hằng ngày", recurrence="daily", open_end=True), date(2023, 1, 1), True),
        ("2021-07-20", Deadline("thường xuyên", recurrence="continuous"), date(2026, 11, 22), True),
        ("2021-07-20", Deadline("hằng tháng", recurrence="monthly", day_of_month=5), date(2022, 7, 20), False),
        ("2021-07-20", Deadline("hằng tháng đến hết 2030", recurrence="monthly", day_of_month=5, period_end="2030-12-31"), date(2026, 11, 22), False),
        (None, Deadline("hằng ngày", recurrence="daily"), date(2026, 11, 22), False),  # age unknown
        ("2021-07-20", fixed("2021-07-30"), date(2026, 11, 22), False),  # overdue stays overdue
    ],
)
def test_issue_qa2_4_needs_confirming(doc_date: str | None, deadline: Deadline, as_of: date, stale: bool) -> None:
    from docintel.remind import needs_confirming, to_confirm

    o = ob("1", "Sở Y tế", deadline, doc=DocRef(number="55/UBND-VX", date=doc_date, id="9"))
    assert needs_confirming(o, as_of) is stale
    assert needs_confirming(o, as_of, None) is False
    assert (plan_obligations([o], as_of, "40d") == []) is (stale or deadline.recurrence == "continuous")
    text = render_text([], as_of=as_of, review=to_confirm([o], as_of))
    assert ("CẦN XÁC NHẬN CÒN HIỆU LỰC (1)" in text and "Mã: 9:1" in text) is stale
