"""Email digests against a real local SMTP server (aiosmtpd on 127.0.0.1, a free port)."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import date
from email.policy import default as default_policy
from typing import Any

import pytest
from _remind_data import Collector, free_port, smtp_server
from icalendar import Calendar

from docintel._email import Route, SmtpSettings, compose, parse_recipients, plan_digests
from docintel._errors import DeliveryError, QueryError
from docintel._model import Deadline
from docintel.remind import DocRef, Obligation, Reminder, plan_obligations, send_email

AS_OF = date(2020, 8, 6)


@pytest.fixture
def smtp() -> Iterator[tuple[Collector, int]]:
    with smtp_server() as server:
        yield server


class MemoryLog:
    """The two reminder-log methods send_email uses, in memory (the store tests use the real table)."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, Any]] = {}

    def reminder_log_has(self, key: str) -> bool:
        return key in self.keys

    def record_reminder(self, key: str, **info: Any) -> None:
        self.keys[key] = info


DOC = DocRef(
    number="/VP-KGVX",
    doc_type="CV",
    date="2020-08",
    issuer="Văn phòng UBND tỉnh Lạng Sơn",
    subject="tăng cường các biện pháp phòng, chống dịch COVID-19",
    id="1",
    sha256="0" * 64,
)
CHAIN = (DocRef(number="938/UBND-KGVX", doc_type="CV", date="2020-08-04", issuer="UBND tỉnh", relation="implements"),)


def _ob(task: str, agency: str, deadline: Deadline | None, **kw: Any) -> Obligation:
    return Obligation(
        ref=f"1:{task}", task_id=task, text=f"Nhiệm vụ {task} của {agency}", agency=agency, document=DOC,
        deadline=deadline, chain=CHAIN, **kw,
    )


OBLIGATIONS = [
    _ob("2", "UBND các huyện, thành phố", Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08")),
    _ob("3", "Sở Y tế", Deadline("trước ngày 01/8/2020", date="2020-08-01")),
    _ob("4", "Sở Y tế", Deadline("thứ Sáu hằng tuần", recurrence="weekly", weekday=4)),
]


def _reminders() -> list[Reminder]:
    return plan_obligations(OBLIGATIONS, AS_OF, "3d")


def _settings(port: int, to: str = "vanthu@example.vn") -> SmtpSettings:
    env = {
        "DOCINTEL_SMTP_HOST": "127.0.0.1",
        "DOCINTEL_SMTP_PORT": str(port),
        "DOCINTEL_SMTP_FROM": "nhac-han@example.vn",
        "DOCINTEL_SMTP_TO": to,
        "DOCINTEL_SMTP_STARTTLS": "0",
    }
    return SmtpSettings.from_env(env)


def test_digest_sent_once_across_repeated_runs(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    log = MemoryLog()
    first = send_email(_reminders(), _settings(port), log, as_of=AS_OF)
    assert len(handler.messages) == 1
    assert [a for a, _ in first.sent] == ["vanthu@example.vn"]
    second = send_email(_reminders(), _settings(port), log, as_of=AS_OF)
    assert len(handler.messages) == 1  # the cron job ran twice; the digest went once
    assert second.sent == [] and len(second.skipped) == 3
    assert len(log.keys) == 3
    assert all("|email|vanthu@example.vn" in k for k in log.keys)


def test_digest_content_groups_agencies_and_attaches_ics(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    send_email(_reminders(), _settings(port), MemoryLog(), as_of=AS_OF)
    mail_from, rcpts, msg = handler.messages[0]
    assert mail_from == "nhac-han@example.vn" and rcpts == ["vanthu@example.vn"]
    assert "1 quá hạn" in msg["Subject"] and "2 sắp đến hạn" in msg["Subject"]
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "== Sở Y tế ==" in text and "== UBND các huyện, thành phố ==" in text
    assert text.index("QUÁ HẠN") < text.index("SẮP ĐẾN HẠN")
    assert "Căn cứ: CV số 938/UBND-KGVX" in text
    ics = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(ics) == 1
    cal = Calendar.from_ical(ics[0].get_content())
    assert len(list(cal.walk("VTODO"))) == 3


def test_new_reminder_is_sent_alone_after_earlier_run(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    log = MemoryLog()
    send_email(_reminders()[:1], _settings(port), log, as_of=AS_OF)
    report = send_email(_reminders(), _settings(port), log, as_of=AS_OF)
    assert len(handler.messages) == 2
    assert len(report.sent[0][1]) == 2 and len(report.skipped) == 1


def test_dry_run_sends_and_logs_nothing(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    log = MemoryLog()
    report = send_email(_reminders(), _settings(port), log, dry_run=True, as_of=AS_OF)
    assert report.dry_run and len(report.messages) == 1 and report.sent
    assert handler.messages == [] and log.keys == {}
    # dry run needs no server at all
    no_host = SmtpSettings(routes=[Route("a@example.vn")])
    assert send_email(_reminders(), no_host, log, dry_run=True).messages


def test_routes_one_digest_per_recipient(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    to = "vanthu@example.vn; Sở Y tế=syt@example.vn; UBND các huyện=huyen@example.vn, vp@example.vn"
    log = MemoryLog()
    report = send_email(_reminders(), _settings(port, to), log, as_of=AS_OF)
    got = {rcpts[0]: msg for _, rcpts, msg in handler.messages}
    assert set(got) == {"vanthu@example.vn", "syt@example.vn", "huyen@example.vn", "vp@example.vn"}
    assert len(report.sent) == 4
    syt = got["syt@example.vn"].get_body(preferencelist=("plain",)).get_content()
    assert "Sở Y tế" in syt and "UBND các huyện" not in syt
    # each recipient has its own log keys: 3 + 2 + 1 + 1
    assert len(log.keys) == 7


def test_per_agency_digests(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    send_email(_reminders(), _settings(port), MemoryLog(), as_of=AS_OF, per_agency=True)
    subjects = sorted(m["Subject"] for _, _, m in handler.messages)
    assert len(subjects) == 2
    assert any(s.endswith("— Sở Y tế (2020-08-06)") for s in subjects)


def test_refused_recipient_is_not_logged_and_others_still_go(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    handler.refuse.add("bad@example.vn")
    log = MemoryLog()
    report = send_email(_reminders(), _settings(port, "bad@example.vn, ok@example.vn"), log, as_of=AS_OF)
    assert [a for a, _ in report.failed] == ["bad@example.vn"]
    assert [a for a, _ in report.sent] == ["ok@example.vn"]
    assert all("ok@example.vn" in k for k in log.keys)
    handler.refuse.clear()
    again = send_email(_reminders(), _settings(port, "bad@example.vn, ok@example.vn"), log, as_of=AS_OF)
    assert [a for a, _ in again.sent] == ["bad@example.vn"]  # the failed one is retried, the other not resent


def test_unreachable_server_raises_delivery_error() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=free_port(), starttls=False, timeout=2, routes=[Route("a@b.vn")])
    log = MemoryLog()
    with pytest.raises(DeliveryError, match="email delivery failed"):
        send_email(_reminders(), settings, log)
    assert log.keys == {}


def test_missing_host_and_recipient_are_clear_errors() -> None:
    with pytest.raises(DeliveryError, match="DOCINTEL_SMTP_HOST"):
        send_email(_reminders(), SmtpSettings(routes=[Route("a@b.vn")]), MemoryLog())
    with pytest.raises(DeliveryError, match="DOCINTEL_SMTP_TO"):
        send_email(_reminders(), SmtpSettings(host="localhost"), MemoryLog())


def test_nothing_to_remind_sends_nothing(smtp: tuple[Collector, int]) -> None:
    handler, port = smtp
    report = send_email([], _settings(port), MemoryLog())
    assert handler.messages == [] and report.sent == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, {"port": 587, "starttls": True, "ssl": False}),
        ({"DOCINTEL_SMTP_PORT": "465"}, {"port": 465, "starttls": False, "ssl": True}),
        ({"DOCINTEL_SMTP_PORT": "25"}, {"port": 25, "starttls": False, "ssl": False}),
        ({"DOCINTEL_SMTP_PORT": "25", "DOCINTEL_SMTP_STARTTLS": "yes"}, {"port": 25, "starttls": True}),
        ({"DOCINTEL_SMTP_USER": "u", "DOCINTEL_SMTP_PASSWORD": "p"}, {"user": "u", "password": "p"}),
        ({"DOCINTEL_SMTP_FROM": "Nhắc hạn <nh@example.vn>"}, {"sender": "nh@example.vn"}),
    ],
)
def test_settings_from_env(env: dict[str, str], expected: dict[str, Any]) -> None:
    s = SmtpSettings.from_env(env)
    for k, v in expected.items():
        assert getattr(s, k) == v


@pytest.mark.parametrize(
    "env",
    [
        {"DOCINTEL_SMTP_PORT": "smtp"},
        {"DOCINTEL_SMTP_STARTTLS": "maybe"},
        {"DOCINTEL_SMTP_FROM": "not an address"},
        {"DOCINTEL_SMTP_TO": "=a@b.vn"},
        {"DOCINTEL_SMTP_TO": "Sở Y tế=nobody"},
    ],
)
def test_bad_settings_are_query_errors(env: dict[str, str]) -> None:
    with pytest.raises(QueryError, match="bad setting"):
        SmtpSettings.from_env(env)


def test_to_override_replaces_env_recipients() -> None:
    s = SmtpSettings.from_env({"DOCINTEL_SMTP_TO": "a@b.vn"}, to="c@d.vn")
    assert [r.address for r in s.routes] == ["c@d.vn"]


@pytest.mark.parametrize(
    ("routed", "agency", "matches"),
    [
        ("Sở Y tế", "Sở Y tế tỉnh Lạng Sơn", True),
        ("So Y te", "Sở Y tế", True),
        ("Sở Y tế", "Sở Tài chính", False),
        ("UBND các huyện", "UBND các huyện, thành phố", True),
        ("UBND tỉnh", "UBND các huyện, thành phố", False),
        # issue QA audit: a body's address also gets what a group it belongs to must do
        ("Sở Y tế", "Các sở, ban, ngành, đoàn thể tỉnh", True),
        ("Cục Thuế tỉnh Bắc Ninh", "Cục Thuế các tỉnh, thành phố trực thuộc Trung ương", True),
        ("UBND huyện Văn Lãng", "UBND các huyện, thành phố", True),
        ("UBND huyện Văn Lãng", "UBND các phường, xã", False),
        ("Sở Y tế", "Các Bộ, cơ quan ngang Bộ", False),
        ("Bộ Y tế", "Các Bộ, cơ quan ngang Bộ", True),
    ],
)
def test_route_matching(routed: str, agency: str, matches: bool) -> None:
    assert Route("x@y.vn", routed).matches(agency) is matches


def test_parse_recipients_keeps_commas_inside_agency_names() -> None:
    routes = parse_recipients("a@b.vn, c@d.vn; UBND các huyện, thành phố=e@f.vn")
    assert [(r.address, r.agency) for r in routes] == [
        ("a@b.vn", None),
        ("c@d.vn", None),
        ("e@f.vn", "UBND các huyện, thành phố"),
    ]


def test_plan_digests_skips_recipients_with_nothing() -> None:
    digests = plan_digests(_reminders(), [Route("x@y.vn", "Bộ Công an")])
    assert digests == []


def test_compose_headers_are_encoded() -> None:
    msg = compose(_reminders(), sender="nh@example.vn", recipient="a@b.vn", as_of=AS_OF)
    head = msg.as_bytes().split(b"\n\n", 1)[0]
    assert head.isascii()  # Vietnamese subject RFC 2047-encoded, deliverable through any relay
    assert "Nhắc hạn" in str(email.message_from_bytes(msg.as_bytes(), policy=default_policy)["Subject"])
    assert msg["Auto-Submitted"] == "auto-generated"
