"""``docintel obligations``, ``docintel remind``, ``docintel task done|reopen``: a thin shell over
:mod:`docintel.remind` and :mod:`docintel.store`."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ._app import app, now, require_archive, today, write_file
from ._app import err as _err
from ._app import guard as _guard

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="DATABASE_URL", help="Archive URL or SQLite file (default $DATABASE_URL, else ./docintel.db)."),
]


@contextmanager
def _store(db: str | None) -> Iterator[Any]:
    from ..store import open_store

    require_archive(db)
    store = _guard(lambda: open_store(db))
    try:
        yield store
    finally:
        store.close()


def _as_of(value: str | None) -> date:
    from ..remind import parse_date

    return _guard(lambda: parse_date(value)) if value else today()


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# ---------------------------------------------------------------------------
# obligations


_STATE_VI = {
    "overdue": "quá hạn",
    "today": "hôm nay",
    "upcoming": "sắp đến hạn",
    "open": "đang mở",
    "done": "đã xong",
    "stale": "cần xác nhận còn hiệu lực",
    "ended": "đã chấm dứt",
}
STALE_HELP = (
    "A recurring task (hằng ngày, thường xuyên …) with no stated end whose ordering document is older "
    "than this is not reminded at each occurrence but listed once as 'cần xác nhận còn hiệu lực': "
    "1y (default), 18w, 400d, or 'never'."
)


def _state_cell(v: Any) -> str:
    """"quá hạn 4 ngày", "hạn hôm nay", "sắp đến hạn, còn 3 ngày": a count of days, never a signed one."""
    from ..remind import days_label

    if v.state == "ended" and v.obligation.ended_by is not None:
        e = v.obligation.ended_by
        return f"đã chấm dứt ({e.relation}: {e.label()})" if e.relation else f"đã chấm dứt ({e.label()})"
    if v.days is None or v.state in ("done", "stale", "ended"):
        return _STATE_VI[v.state]
    if v.state == "overdue":
        return days_label(v.days)
    if v.state == "today":
        return "hạn hôm nay"
    return f"{_STATE_VI[v.state]}, {days_label(v.days)}"


def _deadline_cell(v: Any) -> str:
    from ..remind import RECURRENCE_VI

    d = v.obligation.deadline
    if d is None:
        return "—"
    if d.recurrence:
        label = RECURRENCE_VI.get(d.recurrence, d.recurrence)
        return f"{label}, lần tới {v.due.isoformat()}" if v.due else label
    if d.date:
        return d.date + (f" {d.time}" if d.time else "")
    return _short(d.text, 30) or "—"


def _asked(views: list[Any], typed: str) -> str:
    """The body a table is about, as the registry or the archive spells it ("so y te" → "Sở Y tế"):
    the name most rows are listed under (the shorter on a tie), else what was typed. Not the
    name of the group rows alone: a "Sở Y tế" table whose one group row is Lạng Sơn's is not
    titled "Sở Y tế tỉnh Lạng Sơn" above a national decision's tasks."""
    from collections import Counter

    counts = Counter(v.obligation.agency for v in views if v.obligation.agency)
    if not counts:
        return typed
    return min(counts, key=lambda name: (-counts[name], len(name), name))


def _csv(views: list[Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["ref", "agency", "agency_id", "role", "state", "due", "recurrence", "deadline_text", "task",
                "doc_type", "number", "date", "issuer", "subject", "chain", "signers", "group"])
    for v in views:
        o = v.obligation
        d = o.deadline
        w.writerow([
            o.ref, o.agency, o.agency_id or "", o.role, v.state, v.due.isoformat() if v.due else "",
            (d.recurrence or "") if d else "", " ".join(d.text.split()) if d else "", " ".join(o.text.split()),
            o.document.doc_type or "", o.document.number or "", o.document.date or "", o.document.issuer or "",
            o.document.subject or "", " | ".join(c.label() for c in o.chain), o.document.signed_by(),
            o.group or "",
        ])
    return buf.getvalue()


def _table(views: list[Any], title: str) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("Hạn", no_wrap=True)
    table.add_column("Đơn vị", ratio=1)
    table.add_column("Nhiệm vụ · văn bản chỉ đạo · người ký · căn cứ", ratio=3)
    style = {"overdue": "bold red", "today": "bold yellow", "upcoming": "yellow", "done": "dim", "ended": "dim", "stale": "magenta"}
    for v in views:
        o = v.obligation
        when = Text(_deadline_cell(v) + "\n" + _state_cell(v), style=style.get(v.state, ""))
        who = o.agency + (" (phối hợp)" if o.role == "support" else "")
        if o.group:  # the task names a group the body is one of
            who += f"\nthuộc nhóm: {o.group}"
        body = Text(_short(o.text, 300) + f" [{o.ref}]")
        body.append("\nVăn bản: ", style="bold")
        body.append(o.document.label() + (f" — {_short(o.document.subject, 120)}" if o.document.subject else ""))
        if o.document.signers:
            body.append("\nNgười ký: ", style="bold")
            body.append(o.document.signed_by())
        for c in o.chain:
            body.append("\n" + "  " * max(0, c.depth - 1) + "Căn cứ: ", style="bold")
            body.append(c.label() + (f" ({c.relation})" if c.relation else ""))
        table.add_row(when, who, body)
    Console(soft_wrap=False, width=max(100, Console().width)).print(table)


@app.command("obligations")
def obligations_cmd(
    agency: Annotated[str | None, typer.Option("--agency", "-a", help="The body: name, abbreviation or alias (Sở Y tế, SYT, UBND các huyện).")] = None,
    province: Annotated[str | None, typer.Option("--province", "-p", help="Only this province's body / documents (Lạng Sơn).")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only open tasks (the default).")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Also tasks marked done.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open tasks past their deadline.")] = False,
    due_within: Annotated[str | None, typer.Option("--due-within", help="Only open tasks due within this span: 3d, 2w, 12h.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Reference day, YYYY-MM-DD (default: today in $DOCINTEL_TZ, else Vietnam).")] = None,
    signer: Annotated[str | None, typer.Option("--signer", help="Only tasks of documents this person signed or co-signed (diacritics optional).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON array instead of a table.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="CSV instead of a table.")] = False,
    stale_after: Annotated[str, typer.Option("--stale-after", help=STALE_HELP)] = "1y",
    db: DbOption = None,
) -> None:
    """What must an agency do, by when, on whose order.

    Lists the stored tasks that oblige the agency (lead or support), each with its
    deadline (the next occurrence for recurring ones), the ordering document and
    who signed it (every signing block of a joint document) and the documents that
    one implements. A name that could mean several bodies is refused with the
    candidates (exit 2). --signer keeps the tasks of documents a person signed or
    co-signed.

    Recurring tasks rarely state their end ("cho đến khi có chỉ đạo mới"): one whose
    ordering document is older than --stale-after is listed apart as "cần xác nhận còn
    hiệu lực" (mark it done, or keep it with --stale-after never). Tasks of a document
    a later stored one replaced, repealed or ended as a whole (thay thế, bãi bỏ, hết
    hiệu lực) are ended: listed only with --all, naming that document.

    Example: docintel obligations --agency "UBND các huyện" --due-within 7d --as-of 2020-08-06
    """
    from ..remind import obligations

    if as_json and as_csv:
        _err("choose one of --json and --csv")
        raise typer.Exit(2)
    if all_ and (open_ or overdue or due_within):
        _err("--all lists done tasks too; it cannot be combined with --open, --overdue or --due-within")
        raise typer.Exit(2)
    from ..remind import parse_stale_after

    day = _as_of(as_of)
    stale = _guard(lambda: parse_stale_after(stale_after))
    if due_within is not None:
        from ..remind import parse_duration

        _guard(lambda: parse_duration(due_within))
    with _store(db) as store:
        views = _guard(
            lambda: obligations(store, agency, province=province, as_of=day, include_done=all_,
                                overdue_only=overdue, due_within=due_within, signer=signer, stale_after=stale)
        )
    if as_json:
        sys.stdout.write(json.dumps([v.as_dict() for v in views], ensure_ascii=False, indent=2) + "\n")
    elif as_csv:
        sys.stdout.write(_csv(views))
    elif not views:
        typer.echo(f"Không có nhiệm vụ{' của ' + agency if agency else ''} (tính đến {day.isoformat()}).")
    else:
        current = [v for v in views if v.state != "stale"]
        stale_views = [v for v in views if v.state == "stale"]
        whose = f" của {_asked(views, agency)}" if agency else ""
        if current:
            _table(current, f"Nhiệm vụ{whose} — tính đến {day.isoformat()} ({len(current)})")
        if stale_views:
            _table(stale_views, f"Cần xác nhận còn hiệu lực{whose}: nhiệm vụ định kỳ của văn bản đã lâu ({len(stale_views)})")


# ---------------------------------------------------------------------------
# remind


class Format(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"
    email = "email"


@app.command("remind")
def remind_cmd(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Reference day, YYYY-MM-DD (default: now in $DOCINTEL_TZ, else Vietnam, whatever the server's zone).")] = None,
    within: Annotated[str, typer.Option("--within", "-w", help="Remind of deadlines up to this far ahead: 3d, 2w, 12h.")] = "3d",
    agency: Annotated[str | None, typer.Option("--agency", "-a", help="Only this body's obligations.")] = None,
    province: Annotated[str | None, typer.Option("--province", "-p", help="Only this province's body / documents.")] = None,
    signer: Annotated[str | None, typer.Option("--signer", help="Only obligations of documents this person signed or co-signed.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="text | json | ics (RFC 5545 VTODOs) | email (SMTP digests).")] = Format.text,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="email: show what would be sent; send and log nothing.")] = False,
    to: Annotated[list[str] | None, typer.Option("--to", help="email: recipient (repeatable; 'Sở Y tế=syt@x.vn' routes one agency). Default $DOCINTEL_SMTP_TO.")] = None,
    per_agency: Annotated[bool, typer.Option("--per-agency", help="email: one digest per agency instead of one per recipient.")] = False,
    no_overdue: Annotated[bool, typer.Option("--no-overdue", help="Leave out obligations already past due.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the text/json/ics output to this file.")] = None,
    stale_after: Annotated[str, typer.Option("--stale-after", help=STALE_HELP)] = "1y",
    db: DbOption = None,
) -> None:
    """Upcoming and overdue obligations, grouped by agency.

    Recurring obligations give their next occurrence; tasks marked done are left
    out. A recurring task rarely states its end ("hằng ngày … cho đến khi có chỉ đạo
    mới"): one whose ordering document is older than --stale-after (1y) is not
    reminded at each occurrence — the text and JSON digests list it once under "cần
    xác nhận còn hiệu lực" (ICS and email leave it out); mark it done when it has
    ended, or pass --stale-after never. Tasks of a document a later stored one
    replaced, repealed or ended as a whole never remind. With --format email, one digest per recipient goes out through SMTP
    (DOCINTEL_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _TO, _STARTTLS) and each
    (task, occurrence, recipient) is logged, so a cron job that runs twice sends
    nothing twice. Exit 1 when a digest could not be delivered.

    Example: docintel remind --as-of 2020-08-06 --within 3d --format ics -o nhac-han.ics
    """
    from ..remind import (
        parse_duration,
        parse_stale_after,
        plan_obligations,
        render_ics,
        render_json,
        render_text,
        to_confirm,
    )
    from ..store._obligations import find_obligations

    _guard(lambda: parse_duration(within))
    stale = _guard(lambda: parse_stale_after(stale_after))
    when: date | datetime = _as_of(as_of) if as_of else now()
    day = when.date() if isinstance(when, datetime) else when
    with _store(db) as store:
        obs = _guard(lambda: find_obligations(store, agency=agency, province=province, include_done=False, signer=signer))
        reminders = _guard(lambda: plan_obligations(obs, when, within, overdue=not no_overdue, stale_after=stale))
        if format is Format.email:
            _email(reminders, store, day, to, dry_run, per_agency)
            return
    review = to_confirm(obs, day, stale)
    if format is Format.json:
        body = render_json(reminders, as_of=day, review=review)
    elif format is Format.ics:
        body = render_ics(reminders)
    else:
        body = render_text(reminders, as_of=day, review=review)
    if out:
        write_file(out, body, newline="")
        typer.echo(f"{len(reminders)} reminder(s) written to {out}", err=True)
    else:
        sys.stdout.write(body)


def _email(reminders: list[Any], store: Any, day: date, to: list[str] | None, dry_run: bool, per_agency: bool) -> None:
    from .._email import SmtpSettings
    from ..remind import send_email

    settings = _guard(lambda: SmtpSettings.from_env(to=";".join(to) if to else None))
    report = _guard(lambda: send_email(reminders, settings, store, dry_run, as_of=day, per_agency=per_agency))
    if dry_run:
        for msg in report.messages:
            sys.stdout.write(f"To: {msg['To']}\nSubject: {msg['Subject']}\n\n")
            body = msg.get_body(preferencelist=("plain",))
            sys.stdout.write((body.get_content() if body is not None else "") + "\n")
        typer.echo(f"dry run: {len(report.messages)} digest(s) would be sent, "
                   f"{len(report.skipped)} reminder(s) already sent before; nothing sent or logged", err=True)
        return
    n = sum(len(rs) for _, rs in report.sent)
    typer.echo(f"sent {len(report.sent)} digest(s) with {n} reminder(s); "
               f"{len(report.skipped)} already sent before", err=True)
    for addr, reason in report.failed:
        _err(f"{addr}: {reason}")
    if report.failed:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------
# task done / reopen

task_app = typer.Typer(help="Mark stored tasks done (they stop reminding) or open again.\n\nExample: docintel task done 12:2", no_args_is_help=True)
app.add_typer(task_app, name="task")


def _set(ref: str, done: bool, note: str | None, db: str | None) -> None:
    from ..store._obligations import set_task_status

    with _store(db) as store:
        row = _guard(lambda: set_task_status(store, ref, done, note=note))
    typer.echo(f"{row.ref}: {'đã xong' if row.status == 'done' else 'mở lại'} — {_short(row.text, 80)}")


@task_app.command("done")
def task_done_cmd(
    ref: Annotated[str, typer.Argument(help="DOCID:TASKID (12:2, 12:Điều 3; DOCID may be a sha256 prefix or number) or a task row id.")],
    note: Annotated[str | None, typer.Option("--note", help="Why / how it was done.")] = None,
    db: DbOption = None,
) -> None:
    """Mark a task done: it stops reminding.

    Example: docintel task done 12:2 --note "đã báo cáo ngày 07/8"
    """
    _set(ref, True, note, db)


@task_app.command("reopen")
def task_reopen_cmd(
    ref: Annotated[str, typer.Argument(help="DOCID:TASKID or a task row id.")],
    db: DbOption = None,
) -> None:
    """Open a task again: it reminds again.

    Example: docintel task reopen 12:2
    """
    _set(ref, False, None, db)
