"""iCalendar (RFC 5545) export of reminders: one VTODO per obligation occurrence.

Each VTODO's ``UID`` is a hash of the ordering document's sha256, the task id
and the occurrence date, so importing the file again (or subscribing to a
regenerated feed) *updates* the to-do in a calendar app instead of adding a
duplicate. A task that obliges several agencies is one to-do whose
``CATEGORIES`` names every agency.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from icalendar import Calendar, Todo

if TYPE_CHECKING:  # pragma: no cover
    from .remind import Reminder

PRODID = "-//docintel//remind//VI"
UID_DOMAIN = "docintel"


def occurrence_uid(document_sha256: str, task_id: str, occurrence: date) -> str:
    """The stable UID of one task occurrence (same inputs → same UID, every run)."""
    h = hashlib.sha256(f"{document_sha256}\x1f{task_id}\x1f{occurrence.isoformat()}".encode()).hexdigest()
    return f"{h[:32]}@{UID_DOMAIN}"


def _due_value(day: date, at: str | None) -> date | datetime:
    if at:
        try:
            hh, mm = (int(x) for x in at.split(":", 1))
            return datetime.combine(day, time(hh, mm))  # floating local time: the dispatch's own clock
        except ValueError:
            pass
    return day


def _flat(text: str) -> str:
    """One line: a value quoted from the page keeps no line breaks of its own (the
    description's lines are the fields)."""
    return " ".join(text.split())


def _summary(r: Reminder) -> str:
    text = " ".join(r.text.split())
    if len(text) > 90:
        text = text[:89].rstrip() + "…"
    prefix = "[QUÁ HẠN] " if r.status == "overdue" else ""
    return f"{prefix}{text}"


def _description(r: Reminder, agencies: Sequence[str]) -> str:
    lines = [" ".join(r.text.split()), ""]
    lines.append("Đơn vị thực hiện: " + "; ".join(agencies))
    if r.deadline_text:
        lines.append(f"Thời hạn: {_flat(r.deadline_text)}")
    if r.recurrence:
        from .remind import RECURRENCE_VI

        lines.append(f"Định kỳ: {RECURRENCE_VI.get(r.recurrence, r.recurrence)}")
    lines.append(f"Văn bản chỉ đạo: {r.document.label()}")
    if r.document.subject:
        lines.append(f"Trích yếu: {_flat(r.document.subject)}")
    if r.document.signers:
        lines.append(f"Người ký: {r.document.signed_by()}")
    for c in r.chain:
        lines.append(f"Căn cứ: {c.label()}")
    lines.append(f"Mã nhiệm vụ: {r.ref}")
    return "\n".join(lines)


def render_ics(reminders: Iterable[Reminder], *, stamp: datetime | None = None, name: str = "docintel: nhắc hạn") -> str:
    """The reminders as one VCALENDAR of VTODOs (text with CRLF line ends).

    ``stamp`` is the DTSTAMP of every to-do (default: now, UTC); pass a fixed
    value for byte-identical output across runs.
    """
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    merged: dict[str, tuple[Reminder, list[str]]] = {}
    for r in sorted(reminders, key=lambda r: (r.uid, r.agency.casefold(), r.ref)):  # input order never matters
        uid = r.uid
        if uid in merged:
            if r.agency not in merged[uid][1]:
                merged[uid][1].append(r.agency)
        else:
            merged[uid] = (r, [r.agency])
    for uid, (r, agencies) in sorted(merged.items(), key=lambda kv: (kv[1][0].due, kv[0])):
        todo = Todo()
        todo.add("uid", uid)
        todo.add("dtstamp", stamp)
        todo.add("due", _due_value(r.due, r.due_time))
        todo.add("summary", _summary(r))
        todo.add("description", _description(r, agencies))
        todo.add("categories", agencies)
        todo.add("status", "NEEDS-ACTION")
        todo.add("priority", 1 if r.status == "overdue" else 5)
        todo.add("x-docintel-task", r.ref)
        cal.add_component(todo)
    return cal.to_ical().decode("utf-8")


__all__ = ["PRODID", "occurrence_uid", "render_ics"]
