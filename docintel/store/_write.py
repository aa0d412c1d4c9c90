"""One parsed :class:`~docintel.Document` → its rows, written in the caller's transaction.

Child rows (signers, recipients, tasks, assignees, deadlines, citations) are inserted as
one batch per table. The incoming register's *số đến* comes from an upsert on
``incoming_counters`` that locks the year's row until the transaction ends, so
two writers never hand out the same number. Another file of a dispatch already in
the register (same :func:`~docintel._resolve.dispatch_key`) joins that entry as a
copy instead of taking a number (:func:`register`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .._calendar import local_date
from .._export import to_contract
from .._model import Document
from .._normalise import fold, fold_key
from .._resolve import dispatch_key
from ._engine import has_column, has_table
from ._models import (
    AGENCIES,
    ASSIGNEES,
    CITATIONS,
    DEADLINES,
    DOCUMENTS,
    INCOMING,
    INCOMING_COPIES,
    INCOMING_COUNTERS,
    RECIPIENTS,
    SIGNERS,
    TASKS,
)

D = DOCUMENTS
T = TASKS


def date_range(iso: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a reduced-precision ISO date (``2020``, ``2020-08``, ``2020-08-04``) can mean."""
    if not iso:
        return None, None
    try:
        parts = [int(p) for p in iso.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        day = dt.date(parts[0], parts[1], parts[2])
        return day, day
    except (ValueError, IndexError):
        return None, None


def full_date(iso: str | None) -> dt.date | None:
    if not iso or len(iso) != 10:
        return None
    try:
        return dt.date.fromisoformat(iso)
    except ValueError:
        return None


def dialect_insert(conn: Connection, table: Any) -> Any:
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)


def title_of(doc: Document) -> str:
    """What the weighted title field of the search index holds: type, number, issuer, subject."""
    filled = _filled(doc)
    parts = [
        doc.type_name.value if doc.type_name else doc.doc_type,
        str(filled["number_filled"]["text"]) if "number_filled" in filled else doc.number.text if doc.number else None,
        doc.issuer.parent,
        doc.issuer.name,
        doc.subject.value if doc.subject else None,
    ]
    return " \n".join(p for p in parts if p)


def _filled(doc: Document) -> dict[str, Any]:
    """The e-signature form fields' completions of a blank number and date (fields._header)."""
    ff = doc.extras.get("form_fields")
    return ff if isinstance(ff, dict) else {}


def document_values(doc: Document, *, path: str, now: dt.datetime) -> dict[str, Any]:
    n = doc.number
    filled = _filled(doc)
    # The archive keeps the dispatch's real number and date: where the page left them blank and
    # the signing system drew them over the blanks (extras.form_fields), those are stored for
    # lookup, search and linking; the contract JSON and the spans keep what is printed.
    number_filled = filled.get("number_filled") or {}
    number_text = number_filled.get("text") or (n.text if n else None)
    seq = n.seq if n and n.seq is not None else number_filled.get("seq")
    date = filled.get("date_filled") or (doc.date.iso if doc.date else None)
    lo, hi = date_range(date)
    issuer_key = fold_key(" ".join(p for p in (doc.issuer.parent, doc.issuer.name) if p)) or None
    return {
        "path": path,
        "name": Path(path).name,
        "sha256": doc.source.sha256,
        "format": doc.source.format,
        "size": doc.source.size,
        "encoding": doc.source.encoding,
        "ocr": doc.source.ocr,
        "pages": doc.source.pages,
        "text": doc.text,
        "folded": doc.folded if len(doc.folded) == len(doc.text) else fold(doc.text),
        "folded_title": fold(title_of(doc)),
        "doc_type": doc.doc_type,
        "type_name": doc.type_name.value if doc.type_name else None,
        "number_text": number_text,
        "number_seq": seq,
        "number_year": n.year if n else None,
        "number_symbol": n.symbol if n else None,
        "symbol_key": (fold_key(n.symbol) or None) if n and n.symbol else None,
        "number_start": n.start if n else None,
        "number_end": n.end if n else None,
        "issuer_name": doc.issuer.name,
        "issuer_parent": doc.issuer.parent,
        "issuer_key": issuer_key,
        "issuer_agency_id": doc.issuer.agency_id,
        "issuer_start": doc.issuer.start,
        "issuer_end": doc.issuer.end,
        "issuer_parent_start": doc.issuer.parent_start,
        "issuer_parent_end": doc.issuer.parent_end,
        "place": doc.place.value if doc.place else None,
        "place_start": doc.place.start if doc.place else None,
        "place_end": doc.place.end if doc.place else None,
        "date": date,
        "date_min": lo,
        "date_max": hi,
        "date_start": doc.date.start if doc.date else None,
        "date_end": doc.date.end if doc.date else None,
        "subject": doc.subject.value if doc.subject else None,
        "subject_start": doc.subject.start if doc.subject else None,
        "subject_end": doc.subject.end if doc.subject else None,
        "urgency": doc.urgency.value if doc.urgency else None,
        "urgency_start": doc.urgency.start if doc.urgency else None,
        "urgency_end": doc.urgency.end if doc.urgency else None,
        "security": doc.security.value if doc.security else None,
        "signer_name": doc.signer.name,
        "signer_title": doc.signer.title,
        "signer_authority": doc.signer.authority,
        "signer_for": doc.signer.for_,
        "signer_start": doc.signer.start,
        "signer_end": doc.signer.end,
        "warnings": list(doc.warnings),
        "contract": to_contract(doc),
        "ingested_at": now,
    }


def signer_rows(signer: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The ``signers`` rows (without ``document_id``) of a contract's ``signer`` object: position 0
    is the signer, 1, 2 … its ``co_signers`` (a joint document's other blocks). A block with no
    name, title, prefix or office is no row; positions keep the contract's order either way.

    Migration 0003 fills the table for stored documents with this function too.
    """
    if not isinstance(signer, Mapping):
        return []
    blocks: list[Any] = [signer, *(signer.get("co_signers") or [])]
    rows = []
    for i, b in enumerate(blocks):
        if not isinstance(b, Mapping):
            continue
        name, title, authority, signed_for = (_str(b.get(k)) for k in ("name", "title", "authority", "for"))
        if not (name or title or authority or signed_for):
            continue
        rows.append(
            {
                "position": i,
                "name": name,
                "title": title,
                "authority": authority,
                "signed_for": signed_for,
                "name_key": fold_key(name) if name else "",
                "office_key": fold_key(" ".join(x for x in (signed_for, title) if x)),
                "start": _int(b.get("start")),
                "end": _int(b.get("end")),
            }
        )
    return rows


def _str(v: Any) -> str | None:
    return (v.strip() or None) if isinstance(v, str) else None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _agency_info(agency_id: str) -> dict[str, Any] | None:
    """Name, parent and aliases of a registry agency (``docintel._agencies``), when it knows the id."""
    try:
        from .._agencies import registry
    except ImportError:
        return None
    try:
        entry = registry().agency(agency_id)
    except Exception:  # noqa: BLE001 - the registry is optional here; a broken one must not block ingest
        return None
    if entry is None:
        return None
    return {
        "name": entry.name,
        "parent_id": entry.parent,
        "kind": entry.level,
        "aliases": [str(a) for a in entry.aliases],
    }


def ensure_agencies(conn: Connection, seen: dict[str, str]) -> None:
    """Insert every referenced agency id not in the table yet (registry data, else the name seen)."""
    if not seen:
        return
    A = AGENCIES
    have = set(conn.execute(select(A.c.id).where(A.c.id.in_(list(seen)))).scalars())
    rows = []
    for agency_id, name in seen.items():
        if agency_id in have:
            continue
        info = _agency_info(agency_id) or {"name": name, "parent_id": None, "kind": None, "aliases": []}
        parent = info["parent_id"]
        rows.append(
            {
                "id": agency_id,
                "name": info["name"],
                "key": fold_key(info["name"]),
                "parent_id": str(parent) if parent is not None else None,
                "kind": str(info["kind"]) if info["kind"] is not None else None,
                "aliases": info["aliases"],
            }
        )
    if rows:
        conn.execute(dialect_insert(conn, A).on_conflict_do_nothing(index_elements=["id"]), rows)


_REGISTER_LOCK = 0x646F63726567  # "docreg": PostgreSQL advisory lock of the register's copy check


def registered_copy_of(conn: Connection, doc_id: int, values: Mapping[str, Any]) -> int | None:
    """The register entry (``incoming.id``) of an earlier stored file of the same dispatch, or
    ``None``: the same :func:`~docintel._resolve.dispatch_key` (type, number, date, issuer,
    subject — what search and the graph fold copies by), never a guess when too little is known."""
    key = dispatch_key(
        values.get("doc_type"), values.get("number_text"), values.get("date"), values.get("issuer_name"), values.get("subject"),
        values.get("signer_name"),
    )
    if key is None:
        return None
    if conn.dialect.name == "postgresql":
        # two writers storing two copies at once must not both miss each other: the check and
        # the insert run one at a time (SQLite's BEGIN IMMEDIATE serialises writers already)
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_REGISTER_LOCK})")
    q = (
        select(INCOMING.c.id, D.c.doc_type, D.c.number_text, D.c.date, D.c.issuer_name, D.c.subject, D.c.signer_name)
        .join(D, D.c.id == INCOMING.c.document_id)
        .where(D.c.id != doc_id)
        .order_by(INCOMING.c.year, INCOMING.c.number)
    )
    # through an index (number_text, else date_min): a scan would read every stored text
    doc_type = values.get("doc_type")
    q = q.where(D.c.doc_type == doc_type) if doc_type is not None else q.where(D.c.doc_type.is_(None))
    number, date = values.get("number_text"), values.get("date")
    if number:
        q = q.where(D.c.number_text == number)
    else:
        q = q.where(D.c.number_text.is_(None), D.c.date_min == values.get("date_min"), D.c.date == date)
    for r in conn.execute(q):
        if dispatch_key(r.doc_type, r.number_text, r.date, r.issuer_name, r.subject, r.signer_name) == key:
            return int(r.id)
    return None


def next_incoming_number(conn: Connection, year: int) -> int:
    C = INCOMING_COUNTERS
    stmt = (
        dialect_insert(conn, C)
        .values(year=year, last=1)
        .on_conflict_do_update(index_elements=["year"], set_={"last": C.c.last + 1})
        .returning(C.c.last)
    )
    return int(conn.execute(stmt).scalar_one())


def write_document(
    conn: Connection,
    doc: Document,
    *,
    path: str,
    now: dt.datetime,
    unit: str | None = None,
    handling_days: int | None = None,
) -> tuple[int, int]:
    """Insert ``doc`` and everything it lists; returns (document id, version)."""
    prev = conn.execute(
        select(D.c.id, D.c.version).where(D.c.path == path).order_by(D.c.version.desc()).limit(1)
    ).first()
    version = prev.version + 1 if prev else 1
    agencies: dict[str, str] = {}
    if doc.issuer.agency_id and doc.issuer.name:
        agencies[doc.issuer.agency_id] = doc.issuer.name
    for r in doc.recipients:
        if r.agency_id:
            agencies.setdefault(r.agency_id, r.name)
    for t in doc.tasks:
        for a in t.assignees:
            if a.agency_id:
                agencies.setdefault(a.agency_id, a.name)
    ensure_agencies(conn, agencies)

    values = document_values(doc, path=path, now=now)
    values["version"] = version
    doc_id = int(conn.execute(insert(D).values(**values).returning(D.c.id)).scalar_one())
    if prev:
        conn.execute(
            update(D)
            .where(D.c.path == path, D.c.id != doc_id, D.c.superseded_by.is_(None))
            .values(superseded_by=doc_id)
        )

    # an archive from before migration 0003 opened without upgrading has no signers table: the
    # record keeps them (contract.signer), and the migration fills the table from it
    signers = signer_rows(values["contract"].get("signer"))
    if signers and has_table(conn, "signers"):
        conn.execute(insert(SIGNERS), [{"document_id": doc_id, **r} for r in signers])

    if doc.recipients:
        conn.execute(
            insert(RECIPIENTS),
            [
                {
                    "document_id": doc_id,
                    "position": i,
                    "name": r.name,
                    "role": r.role,
                    "purpose": r.purpose,
                    "agency_id": r.agency_id,
                    "start": r.start,
                    "end": r.end,
                }
                for i, r in enumerate(doc.recipients)
            ],
        )

    due_dates: list[dt.date] = []
    if doc.tasks:
        task_rows = [
            {
                "document_id": doc_id,
                "task_id": t.id,
                "parent": t.parent,
                "position": i,
                "text": t.text,
                "start": t.start,
                "end": t.end,
                "kind": t.kind,
                "status": "open",
            }
            for i, t in enumerate(doc.tasks)
        ]
        pks = list(
            conn.execute(insert(T).returning(T.c.id, sort_by_parameter_order=True), task_rows).scalars()
        )
        assignees: list[dict[str, Any]] = []
        deadlines: list[dict[str, Any]] = []
        cycle = has_column(conn, "deadlines", "month")  # migration 0005 (an archive opened without upgrading lacks it)
        for pk, t in zip(pks, doc.tasks, strict=True):
            for j, a in enumerate(t.assignees):
                assignees.append(
                    {
                        "task_pk": pk,
                        "document_id": doc_id,
                        "position": j,
                        "name": a.name,
                        "name_key": fold_key(a.name),
                        "role": a.role,
                        "agency_id": a.agency_id,
                        "inferred": a.inferred,
                        "start": a.start,
                        "end": a.end,
                    }
                )
            dl = t.deadline
            if dl is not None:
                due = full_date(dl.date)
                if due:
                    due_dates.append(due)
                deadlines.append(
                    {
                        "task_pk": pk,
                        "document_id": doc_id,
                        "due": dl.date,
                        "due_date": due,
                        "recurrence": dl.recurrence,
                        "text": dl.text or "",
                        "time": dl.time,
                        "period_end": dl.period_end,
                        "estimated": dl.estimated,
                        "immediate": dl.immediate,
                        "open_end": dl.open_end,
                        "weekday": dl.weekday,
                        "day_of_month": dl.day_of_month,
                        "rule": dl.rule,
                        "start": dl.start,
                        "end": dl.end,
                        **(
                            {
                                "month": dl.month,
                                "every": dl.interval if dl.interval != 1 else None,
                                "duration": dl.duration,
                                "anchor": dl.anchor,
                            }
                            if cycle
                            else {}
                        ),
                    }
                )
        if assignees:
            conn.execute(insert(ASSIGNEES), assignees)
        if deadlines:
            conn.execute(insert(DEADLINES), deadlines)

    if doc.citations:
        conn.execute(
            insert(CITATIONS),
            [
                {
                    "document_id": doc_id,
                    "position": i,
                    "text": c.text,
                    "number": c.number,
                    "doc_type": c.doc_type,
                    "date": c.date,
                    "issuer": c.issuer,
                    "relation": c.relation,
                    "article": c.article,
                    "seq": c.seq,
                    "year": c.year,
                    "symbol": c.symbol,
                    "symbol_key": (fold_key(c.symbol) or None) if c.symbol else None,
                    "subject": c.subject,
                    "start": c.start,
                    "end": c.end,
                    "mentions": [list(m) for m in c.mentions],
                }
                for i, c in enumerate(doc.citations)
            ],
        )

    register(
        conn, doc_id, now=now, unit=unit, due_dates=due_dates, handling_days=handling_days, values=values
    )
    return doc_id, version


def register(
    conn: Connection,
    doc_id: int,
    *,
    now: dt.datetime,
    unit: str | None,
    due_dates: Iterable[dt.date],
    handling_days: int | None,
    values: Mapping[str, Any] | None = None,
) -> None:
    """Enter the document in the incoming register (số đến, ngày đến, đơn vị nhận, hạn giải quyết).

    ``values`` (the document's column values) lets another file of a dispatch already in the
    register — its .pdf beside the .txt, a re-scan, a new version of the file — join that entry
    as a copy (``incoming_copies``) instead of taking a *số đến* of its own: a register enters a
    dispatch once, and the numbers already given never change.
    """
    received_on = local_date(now)  # ngày đến: the calendar day where the dispatches' days fall (Vietnam's)
    if values is not None and has_table(conn, "incoming_copies"):
        entry = registered_copy_of(conn, doc_id, values)
        if entry is not None:
            conn.execute(
                insert(INCOMING_COPIES).values(
                    incoming_id=entry, document_id=doc_id, received_on=received_on, received_at=now
                )
            )
            return
    number = next_incoming_number(conn, received_on.year)
    dues = sorted(due_dates)
    handling_due: dt.date | None = None
    source: str | None = None
    if dues:
        handling_due, source = dues[0], "deadline"
    elif handling_days:
        handling_due, source = received_on + dt.timedelta(days=handling_days), "default"
    conn.execute(
        insert(INCOMING).values(
            document_id=doc_id,
            year=received_on.year,
            number=number,
            received_on=received_on,
            received_at=now,
            unit=unit,
            handling_due=handling_due,
            handling_due_source=source,
        )
    )


__all__ = [
    "date_range",
    "document_values",
    "full_date",
    "register",
    "registered_copy_of",
    "signer_rows",
    "title_of",
    "write_document",
]
