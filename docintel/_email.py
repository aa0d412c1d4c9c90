"""Email digests of reminders over SMTP, idempotent through the store's reminder log.

Settings come from the environment (or are passed in):

========================  ==============================================================
``DOCINTEL_SMTP_HOST``    SMTP server (required to send; not needed for ``--dry-run``)
``DOCINTEL_SMTP_PORT``    default 587 with STARTTLS, 465 means implicit TLS, else 25
``DOCINTEL_SMTP_USER``    login name (optional)
``DOCINTEL_SMTP_PASSWORD`` password (optional)
``DOCINTEL_SMTP_FROM``    sender address (default ``docintel@localhost``)
``DOCINTEL_SMTP_TO``      recipients: ``a@x.vn, b@x.vn`` receive every reminder;
                          ``Sở Y tế=syt@x.vn; UBND các huyện=vp@x.vn`` routes one
                          agency's reminders to an address (entries separated by ``;``)
``DOCINTEL_SMTP_STARTTLS`` ``1``/``true``/``yes`` or ``0``/``false``/``no``
``DOCINTEL_SMTP_SSL``     implicit TLS (default: on for port 465)
``DOCINTEL_SMTP_TIMEOUT`` seconds (default 30)
========================  ==============================================================

One digest goes to each recipient address (or, with ``per_agency``, one per
recipient and agency), holding only the reminders not yet in the reminder log
for that address. After a digest is accepted by the server, each of its
reminders is logged under the key *task | occurrence date | email | address*;
a digest that fails is not logged and is retried by the next run.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from functools import cache
from typing import TYPE_CHECKING, Any

from ._errors import DeliveryError, Errors, QueryError
from ._normalise import fold_key

if TYPE_CHECKING:  # pragma: no cover
    from .remind import Reminder, SendReport

CHANNEL = "email"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class RecipientError(DeliveryError, QueryError):
    """No one to send to (E063): a delivery error, and a usage error (the CLI exits 2 for it)."""


def _flag(value: str | None, name: str) -> bool | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise QueryError(Errors.E062.format(name=name, value=value))


def _address(value: str, name: str) -> str:
    _, addr = parseaddr(value.strip())
    if not addr or "@" not in addr or " " in addr:
        raise QueryError(Errors.E062.format(name=name, value=value))
    return addr


@dataclass
class Route:
    """Reminders of agencies matching ``agency`` (``None``: every agency) go to ``address``."""

    address: str
    agency: str | None = None

    def matches(self, agency: str, agency_id: str | None = None, document: Any = None) -> bool:
        """Whether a reminder for ``agency`` goes to this route: every word of the routed name, in
        order, inside the assignee's name; or the assignee is a group the routed body is one of
        ("Sở Y tế=…" receives what "Các sở, ban, ngành tỉnh" must do; ``document``, the ordering
        :class:`~docintel.remind.DocRef`, tells which province's group it is)."""
        if self.agency is None:
            return True
        if agency_id and agency_id == self.agency:
            return True
        want = fold_key(self.agency).split()
        have = fold_key(agency).split()
        it = iter(have)
        if bool(want) and all(w in it for w in want):
            return True
        return _in_group(self.agency, agency, document)


def _in_group(routed: str, agency: str, document: Any) -> bool:
    from .store._groups import parse_group

    group = parse_group(agency)
    if group is None:
        return False
    target = _route_body(routed)
    if target is None:
        return False
    province = None
    if document is not None:
        from .store._obligations import _place_province

        province = _place_province(getattr(document, "issuer", None), None, None)
    return group.covers(target, province)


@cache
def _route_body(name: str) -> Any:
    """The registry body a route names (``Sở Y tế``, ``Sở Y tế tỉnh Lạng Sơn``), or ``None``."""
    try:
        from ._agencies import registry

        m = registry().lookup(name)
    except Exception:  # noqa: BLE001 - the registry is optional here
        return None
    return m.agency if m is not None else None


def parse_recipients(value: str, name: str = "DOCINTEL_SMTP_TO") -> list[Route]:
    """``"a@x, Sở Y tế=syt@x; UBND các huyện=u@x"`` → routes (see module doc)."""
    routes: list[Route] = []
    for entry in value.replace("\n", ";").split(";"):
        entry = entry.strip()
        if not entry:
            continue
        if "=" in entry:
            agency, _, addrs = entry.partition("=")
            agency = agency.strip()
            if not agency:
                raise QueryError(Errors.E062.format(name=name, value=entry))
            routes.extend(Route(_address(a, name), agency) for a in addrs.split(",") if a.strip())
        else:
            routes.extend(Route(_address(a, name)) for a in entry.split(",") if a.strip())
    return routes


@dataclass
class SmtpSettings:
    host: str | None = None
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "docintel@localhost"
    routes: list[Route] = field(default_factory=list)
    starttls: bool = True
    ssl: bool = False
    timeout: float = 30.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> SmtpSettings:
        """Read ``DOCINTEL_SMTP_*``; keyword ``overrides`` that are not ``None`` win."""
        e = os.environ if env is None else env
        port_s = e.get("DOCINTEL_SMTP_PORT", "").strip()
        try:
            port = int(port_s) if port_s else None
        except ValueError:
            raise QueryError(Errors.E062.format(name="DOCINTEL_SMTP_PORT", value=port_s)) from None
        use_ssl = _flag(e.get("DOCINTEL_SMTP_SSL"), "DOCINTEL_SMTP_SSL")
        if use_ssl is None:
            use_ssl = port == 465
        if port is None:
            port = 465 if use_ssl else 587
        starttls = _flag(e.get("DOCINTEL_SMTP_STARTTLS"), "DOCINTEL_SMTP_STARTTLS")
        if starttls is None:
            starttls = port == 587 and not use_ssl
        timeout_s = e.get("DOCINTEL_SMTP_TIMEOUT", "").strip()
        try:
            timeout = float(timeout_s) if timeout_s else 30.0
        except ValueError:
            raise QueryError(Errors.E062.format(name="DOCINTEL_SMTP_TIMEOUT", value=timeout_s)) from None
        s = cls(
            host=e.get("DOCINTEL_SMTP_HOST") or None,
            port=port,
            user=e.get("DOCINTEL_SMTP_USER") or None,
            password=e.get("DOCINTEL_SMTP_PASSWORD") or None,
            sender=_address(e["DOCINTEL_SMTP_FROM"], "DOCINTEL_SMTP_FROM")
            if e.get("DOCINTEL_SMTP_FROM")
            else "docintel@localhost",
            routes=parse_recipients(e.get("DOCINTEL_SMTP_TO", "")),
            starttls=starttls,
            ssl=use_ssl,
            timeout=timeout,
        )
        to = overrides.pop("to", None)
        if to:
            s.routes = parse_recipients(to if isinstance(to, str) else ";".join(to), "--to")
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s


# ---------------------------------------------------------------------------
# the reminder log (the store's table, reached through the store's methods)


def _log_has(store: Any, key: str) -> bool:
    return bool(store.reminder_log_has(key)) if store is not None else False


def _log_record(store: Any, key: str, r: Reminder, recipient: str) -> None:
    if store is None:
        return
    store.record_reminder(
        key,
        task_pk=r.obligation.task_pk,
        occurrence=r.due,
        channel=CHANNEL,
        recipient=recipient,
        detail={"ref": r.ref, "agency": r.agency, "status": r.status, "uid": r.uid},
    )


# ---------------------------------------------------------------------------
# composing


def digest_subject(reminders: Sequence[Reminder], as_of: date | None, agency: str | None = None) -> str:
    overdue = sum(r.status == "overdue" for r in reminders)
    soon = len(reminders) - overdue
    parts = []
    if overdue:
        parts.append(f"{overdue} quá hạn")
    if soon:
        parts.append(f"{soon} sắp đến hạn")
    who = f" — {agency}" if agency else ""
    when = f" ({as_of.isoformat()})" if as_of else ""
    return f"[docintel] Nhắc hạn: {', '.join(parts) or 'không có'}{who}{when}"


def compose(
    reminders: Sequence[Reminder],
    *,
    sender: str,
    recipient: str,
    as_of: date | None = None,
    agency: str | None = None,
    now: datetime | None = None,
) -> EmailMessage:
    """One digest: a plain-text body grouped by agency and the same reminders as an .ics attachment."""
    from .remind import render_ics, render_text

    msg = EmailMessage()
    msg["From"] = formataddr(("docintel", sender))
    msg["To"] = recipient
    msg["Subject"] = digest_subject(reminders, as_of, agency)
    msg["Date"] = format_datetime((now or datetime.now()).astimezone())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "docintel")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(render_text(reminders, as_of=as_of), charset="utf-8")
    msg.add_attachment(
        render_ics(reminders).encode("utf-8"),
        maintype="text",
        subtype="calendar",
        filename="nhac-han.ics",
        params={"method": "PUBLISH"},
    )
    return msg


def plan_digests(
    reminders: Sequence[Reminder], routes: Sequence[Route], *, per_agency: bool = False
) -> list[tuple[str, str | None, list[Reminder]]]:
    """(recipient, agency or None, reminders) for each digest to compose, in a stable order."""
    by_addr: dict[str, list[Reminder]] = {}
    for route in routes:
        got = [r for r in reminders if route.matches(r.agency, r.obligation.agency_id, r.document)]
        bucket = by_addr.setdefault(route.address, [])
        for r in got:
            if r not in bucket:
                bucket.append(r)
    out: list[tuple[str, str | None, list[Reminder]]] = []
    for addr, rs in by_addr.items():
        if not rs:
            continue
        if per_agency:
            groups: dict[str, list[Reminder]] = {}
            for r in rs:
                groups.setdefault(r.agency, []).append(r)
            out.extend((addr, a, g) for a, g in groups.items())
        else:
            out.append((addr, None, rs))
    return out


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if not settings.host:
        raise DeliveryError(Errors.E061)
    try:
        if settings.ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
    except (smtplib.SMTPException, OSError) as e:
        raise DeliveryError(Errors.E060.format(reason=f"{settings.host}:{settings.port}: {e}")) from e
    return smtp


def deliver(
    reminders: Sequence[Reminder],
    settings: SmtpSettings,
    store: Any,
    *,
    dry_run: bool = False,
    as_of: date | None = None,
    per_agency: bool = False,
) -> SendReport:
    """Compose and (unless ``dry_run``) send the digests; log what was delivered.

    Reminders already in the log for a recipient are left out of that recipient's
    digest (``report.skipped``); a recipient with nothing new gets no mail. With
    ``dry_run`` nothing is sent and nothing is logged. Raises :class:`DeliveryError`
    when the server cannot be reached; a digest the server refuses is reported in
    ``report.failed`` and the others are still sent.
    """
    from .remind import SendReport

    if not settings.routes:
        raise RecipientError(Errors.E063)
    report = SendReport(dry_run=dry_run)
    pending: list[tuple[str, str | None, list[Reminder]]] = []
    for addr, agency, rs in plan_digests(reminders, settings.routes, per_agency=per_agency):
        fresh = []
        for r in rs:
            if _log_has(store, r.key(CHANNEL, addr)):
                report.skipped.append((addr, r))
            else:
                fresh.append(r)
        if fresh:
            pending.append((addr, agency, fresh))
    if not pending:
        return report
    messages = [
        (addr, rs, compose(rs, sender=settings.sender, recipient=addr, as_of=as_of, agency=agency))
        for addr, agency, rs in pending
    ]
    report.messages = [m for _, _, m in messages]
    if dry_run:
        report.sent = [(addr, rs) for addr, rs, _ in messages]
        return report
    smtp: smtplib.SMTP | None = _connect(settings)
    try:
        for i, (addr, rs, msg) in enumerate(messages):
            if smtp is None:  # the server went away and could not be reached again
                report.failed.extend((a, "not sent: connection lost") for a, _, _ in messages[i:])
                break
            try:
                smtp.send_message(msg, from_addr=settings.sender, to_addrs=[addr])
            except (smtplib.SMTPException, OSError) as e:
                report.failed.append((addr, str(e) or e.__class__.__name__))
                if isinstance(e, smtplib.SMTPServerDisconnected) or not isinstance(e, smtplib.SMTPException):
                    try:
                        smtp = _connect(settings)
                    except DeliveryError:
                        smtp = None
                continue
            for r in rs:
                _log_record(store, r.key(CHANNEL, addr), r, addr)
            report.sent.append((addr, rs))
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
    return report


__all__ = [
    "RecipientError",
    "CHANNEL",
    "Route",
    "SmtpSettings",
    "compose",
    "deliver",
    "digest_subject",
    "parse_recipients",
    "plan_digests",
]
