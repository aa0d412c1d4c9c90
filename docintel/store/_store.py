"""The archive: :func:`open_store` and the :class:`Store` it returns.

>>> store = open_store("sqlite:///:memory:")
>>> store.count()
0

Reads use short transactions; every write (one document, one task status, one
reminder-log entry) is one transaction (``BEGIN IMMEDIATE`` on SQLite). Errors
from the database arrive as :class:`~docintel.StoreError` with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import regex
from sqlalchemy import Connection, Engine, and_, exists, false, func, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.sql import ColumnElement

from .._errors import Errors, StoreError
from .._normalise import fold, fold_key
from ._engine import engine_url, has_column, has_table, make_engine, redact
from ._engine import upgrade as _upgrade
from ._models import (
    ASSIGNEES,
    CITATIONS,
    DEADLINES,
    DOCUMENTS,
    INCOMING,
    INCOMING_COPIES,
    INGEST_FAILURES,
    REMINDER_LOG,
    SIGNERS,
    TASKS,
    DocumentRow,
    IngestFailure,
    ReminderLog,
)
from ._search import SearchHit, search, signed_by
from ._write import dialect_insert

D = DOCUMENTS
T = TASKS
A = ASSIGNEES
DL = DEADLINES
C = CITATIONS
R = REMINDER_LOG
INC = INCOMING
IC = INCOMING_COPIES
F = INGEST_FAILURES
S = SIGNERS


def utc(value: dt.datetime | None = None) -> dt.datetime:
    """``value`` (naive means local time) as an aware UTC datetime; now when ``None``."""
    if value is None:
        return dt.datetime.now(dt.UTC)
    if value.tzinfo is None:
        value = value.astimezone()
    return value.astimezone(dt.UTC)


# ---------------------------------------------------------------------------
# rows handed to other modules (reminders, graph, CLI)


@dataclass(frozen=True, slots=True)
class SigningBlock:
    """One signing block of a stored document: ``position`` 0 is the signer, 1, 2 … the co-signers
    of a joint document. ``authority`` is the prefix (KT, TM, TL, TUQ, Q), ``signed_for`` whom it
    signs for, ``title`` the signer's own title."""

    position: int
    name: str | None = None
    title: str | None = None
    authority: str | None = None
    signed_for: str | None = None

    @property
    def office(self) -> str:
        """The block's office as printed: ``KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG``."""
        head = f"{self.authority}. {self.signed_for}" if self.authority and self.signed_for else self.signed_for
        return ", ".join(x for x in (head, self.title) if x)

    def label(self) -> str:
        """``Trần Văn Hiếu (KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG)``; the office alone when the name is unknown."""
        office = self.office
        if self.name:
            return f"{self.name} ({office})" if office else self.name
        return office or "?"

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "name": self.name,
            "title": self.title,
            "authority": self.authority,
            "for": self.signed_for,
        }


@dataclass(frozen=True, slots=True)
class ObligationAssignee:
    name: str
    role: str = "lead"
    agency_id: str | None = None
    inferred: bool = False


@dataclass(frozen=True, slots=True)
class ObligationRow:
    """One stored task with its assignees, deadline and ordering document."""

    task_pk: int
    ref: str  # "DOCID:TASKID", what ``docintel task done`` accepts
    document_id: int
    task_id: str
    parent: str | None
    text: str
    kind: str
    status: str  # open | done
    done_at: dt.datetime | None
    assignees: tuple[ObligationAssignee, ...]
    # deadline (all None when the task sets none)
    due: str | None = None  # ISO as extracted
    due_date: dt.date | None = None  # set for a full date
    recurrence: str | None = None
    deadline_text: str | None = None
    time: str | None = None
    period_end: str | None = None
    estimated: bool = False
    immediate: bool = False
    open_end: bool = False
    weekday: int | None = None
    day_of_month: int | None = None
    rule: str | None = None
    month: int | None = None
    interval: int = 1
    duration: str | None = None
    anchor: str | None = None
    # the ordering document
    doc_sha256: str = ""
    doc_type: str | None = None
    doc_number: str | None = None
    doc_date: str | None = None
    doc_subject: str | None = None
    issuer: str | None = None
    issuer_agency_id: str | None = None
    urgency: str | None = None
    path: str = ""
    signers: tuple[SigningBlock, ...] = ()  # the ordering document's signer, then its co-signers

    @property
    def has_deadline(self) -> bool:
        return self.due is not None or self.recurrence is not None or self.deadline_text is not None

    def deadline(self) -> Any:
        """The deadline as a :class:`docintel.Deadline` (``None`` when the task sets none)."""
        from .._model import Deadline

        if not self.has_deadline:
            return None
        return Deadline(
            text=self.deadline_text or "",
            date=self.due,
            recurrence=self.recurrence,  # type: ignore[arg-type]
            time=self.time,
            period_end=self.period_end,
            estimated=self.estimated,
            immediate=self.immediate,
            open_end=self.open_end,
            weekday=self.weekday,
            day_of_month=self.day_of_month,
            rule=self.rule,
            month=self.month,
            interval=self.interval,
            duration=self.duration,
            anchor=self.anchor,
        )


@dataclass(frozen=True, slots=True)
class DocumentNode:
    """A stored document as a node of the citation graph."""

    id: int
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    path: str
    sha256: str
    issuer_agency_id: str | None = None
    signer: str | None = None  # part of the copies key of an unnumbered, year-only file


@dataclass(frozen=True, slots=True)
class CitationEdge:
    """A citation from one stored document; ``target_id`` is ``None`` until it resolves."""

    source_id: int
    target_id: int | None
    number: str
    doc_type: str | None
    date: str | None
    issuer: str | None
    relation: str | None
    text: str
    start: int
    end: int
    confidence: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IncomingCopy:
    """Another stored file of a registered dispatch (it shares the entry's số đến)."""

    document_id: int
    path: str
    received_on: dt.date


@dataclass(frozen=True, slots=True)
class IncomingEntry:
    """A line of the incoming register (sổ đăng ký văn bản đến): one dispatch, its first stored
    file (``document_id``, ``path``) and the other files of it stored since (``copies``)."""

    year: int
    number: int
    received_on: dt.date
    document_id: int
    issuer: str | None
    doc_number: str | None
    doc_date: str | None
    doc_type: str | None
    subject: str | None
    unit: str | None
    handling_due: dt.date | None
    handling_due_source: str | None
    path: str | None = None
    copies: tuple[IncomingCopy, ...] = ()

    @property
    def document_ids(self) -> tuple[int, ...]:
        """Every stored file of the dispatch: the entry's own, then its copies."""
        return (self.document_id, *(c.document_id for c in self.copies))


class Store:
    """An open archive. Use :func:`open_store` to get one; ``close()`` (or ``with``) when done."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    # ---- plumbing -------------------------------------------------------

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __repr__(self) -> str:
        return f"Store({redact(self.url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection in a read transaction."""
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except SQLAlchemyError as e:
            raise StoreError(Errors.E040.format(reason=_reason(e))) from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection in a write transaction (committed on success, rolled back on any error)."""
        try:
            with self.engine.connect().execution_options(docintel_write=True) as conn, conn.begin():
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as e:
            raise StoreError(Errors.E040.format(reason=_reason(e))) from None

    # ---- documents --------------------------------------------------------

    def count(self, *, all_versions: bool = False) -> int:
        with self.read() as conn:
            q = select(func.count()).select_from(D)
            if not all_versions:
                q = q.where(D.c.superseded_by.is_(None))
            return int(conn.execute(q).scalar_one())

    def has_sha256(self, sha256: str) -> int | None:
        """The id of the stored document with this content hash, if any."""
        with self.read() as conn:
            return conn.execute(select(D.c.id).where(D.c.sha256 == sha256)).scalar()

    def document(self, ref: str | int) -> DocumentRow:
        """A stored document by id, sha256 (or a prefix of 8+ hex digits), number (``88-BC/BCS``), path or file name.

        Several matches prefer the latest version of a path; still several → :class:`StoreError`.
        """
        with self.read() as conn:
            ids = self._document_ids(conn, ref)
            if not ids:
                raise StoreError(Errors.E042.format(ref=ref))
            if len(ids) > 1:
                latest = list(
                    conn.execute(select(D.c.id).where(D.c.id.in_(ids), D.c.superseded_by.is_(None))).scalars()
                )
                copies = self._one_dispatch(conn, latest)
                if len(latest) == 1:
                    ids = latest
                elif copies is not None:
                    ids = [copies]  # the .txt, .docx and .pdf of one dispatch: its first stored file
                else:
                    raise StoreError(
                        Errors.E046.format(ref=ref, candidates=", ".join(f"#{i}" for i in sorted(ids)[:10]))
                    )
            row = conn.execute(select(DocumentRow).where(D.c.id == ids[0])).first()
            assert row is not None
            return DocumentRow.model_validate(row._mapping)

    def _document_ids(self, conn: Connection, ref: str | int) -> list[int]:
        s = str(ref).strip().lstrip("#")
        if not s:
            return []
        if s.isdigit() and len(s) < 12:
            found = list(conn.execute(select(D.c.id).where(D.c.id == int(s))).scalars())
            if found:
                return found
        low = s.lower()
        if len(low) >= 8 and all(ch in "0123456789abcdef" for ch in low):
            found = list(
                conn.execute(select(D.c.id).where(D.c.sha256.startswith(low, autoescape=True))).scalars()
            )
            if found:
                return found
        for col in (D.c.number_text, D.c.path, D.c.name):
            found = list(conn.execute(select(D.c.id).where(col == s)).scalars())
            if found:
                return found
        key = _number_key(s)
        if key and "/" in s:
            cands = conn.execute(
                select(D.c.id, D.c.number_text).where(
                    D.c.number_text.is_not(None), D.c.number_seq.is_not(None)
                )
            )
            rows = list(cands)
            found = [r.id for r in rows if _number_key(r.number_text) == key]
            if found or not _yearless(key):
                return found
            # "126/NĐ-CP" typed without its year: the stored numbers with that running number
            # and symbol and a year (several → the caller refuses them, never a guess)
            return [r.id for r in rows if _without_year(_number_key(r.number_text)) == key]
        return []

    @staticmethod
    def _one_dispatch(conn: Connection, ids: list[int]) -> int | None:
        """The first stored of ``ids`` when they are all files of one dispatch (same type, number,
        date, issuer and subject: ``_resolve.dispatch_key``), else ``None``."""
        if len(ids) < 2:
            return None
        from .._resolve import dispatch_key

        keys = {
            dispatch_key(r.doc_type, r.number_text, r.date, r.issuer_name, r.subject, r.signer_name)
            for r in conn.execute(
                select(D.c.doc_type, D.c.number_text, D.c.date, D.c.issuer_name, D.c.subject, D.c.signer_name).where(
                    D.c.id.in_(ids)
                )
            )
        }
        return min(ids) if len(keys) == 1 and None not in keys else None

    def documents(self, *, all_versions: bool = False, limit: int | None = None) -> list[DocumentRow]:
        with self.read() as conn:
            q = select(DocumentRow).order_by(D.c.id)
            if not all_versions:
                q = q.where(D.c.superseded_by.is_(None))
            if limit:
                q = q.limit(limit)
            return [DocumentRow.model_validate(r._mapping) for r in conn.execute(q)]

    def signers(self, document_ids: int | Sequence[int]) -> dict[int, tuple[SigningBlock, ...]]:
        """Each document's signing blocks in order (the signer, then a joint document's co-signers)."""
        ids = {document_ids} if isinstance(document_ids, int) else set(document_ids)
        with self.read() as conn:
            return self._signers(conn, ids)

    @staticmethod
    def _signers(conn: Connection, ids: set[int]) -> dict[int, tuple[SigningBlock, ...]]:
        out: dict[int, list[SigningBlock]] = {}
        if not ids or not has_table(conn, "signers"):  # an archive before 0003, opened without upgrading
            return {}
        todo = sorted(ids)
        for chunk in range(0, len(todo), 5000):
            q = (
                select(S.c.document_id, S.c.position, S.c.name, S.c.title, S.c.authority, S.c.signed_for)
                .where(S.c.document_id.in_(todo[chunk : chunk + 5000]))
                .order_by(S.c.document_id, S.c.position)
            )
            for r in conn.execute(q):
                out.setdefault(r.document_id, []).append(
                    SigningBlock(r.position, r.name, r.title, r.authority, r.signed_for)
                )
        return {k: tuple(v) for k, v in out.items()}

    def versions(self, path: str) -> list[DocumentRow]:
        """Every stored version of a path, oldest first."""
        with self.read() as conn:
            q = select(DocumentRow).where(D.c.path == path).order_by(D.c.version)
            return [DocumentRow.model_validate(r._mapping) for r in conn.execute(q)]

    def failures(self, *, limit: int = 100) -> list[IngestFailure]:
        with self.read() as conn:
            q = select(IngestFailure).order_by(F.c.id.desc()).limit(limit)
            return [IngestFailure.model_validate(r._mapping) for r in conn.execute(q)]

    def record_failure(
        self, path: str, reason: str, *, sha256: str | None = None, at: dt.datetime | None = None
    ) -> None:
        with self.write() as conn:
            conn.execute(F.insert().values(path=path, reason=reason, sha256=sha256, at=utc(at)))

    # ---- search -------------------------------------------------------------

    def search(self, query: str = "", **filters: Any) -> list[SearchHit]:
        """Full-text search; see :func:`docintel.store._search.search` for the filters."""
        with self.read() as conn:
            return search(conn, query, **filters)

    # ---- incoming register ----------------------------------------------------

    def incoming(
        self, *, year: int | None = None, limit: int | None = None, document_id: int | None = None
    ) -> list[IncomingEntry]:
        """The incoming register in số đến order (of ``year`` when given; the entry of one stored
        file, itself or a copy, with ``document_id``). Each entry lists the dispatch's other
        stored files (``copies``), which share its number."""
        with self.read() as conn:
            q = (
                select(INC, D.c.issuer_name, D.c.number_text, D.c.date, D.c.doc_type, D.c.subject, D.c.path)
                .join(D, D.c.id == INC.c.document_id)
                .order_by(INC.c.year, INC.c.number)
            )
            copies_table = has_table(conn, "incoming_copies")
            if year is not None:
                q = q.where(INC.c.year == year)
            if document_id is not None:
                own = INC.c.document_id == document_id
                if copies_table:
                    own = or_(
                        own,
                        INC.c.id.in_(select(IC.c.incoming_id).where(IC.c.document_id == document_id)),
                    )
                q = q.where(own)
            if limit:
                q = q.limit(limit)
            rows = list(conn.execute(q))
            copies: dict[int, list[IncomingCopy]] = {}
            if copies_table and rows:
                ids = [r.id for r in rows]
                for i in range(0, len(ids), 500):
                    cq = (
                        select(IC.c.incoming_id, IC.c.document_id, IC.c.received_on, D.c.path)
                        .join(D, D.c.id == IC.c.document_id)
                        .where(IC.c.incoming_id.in_(ids[i : i + 500]))
                        .order_by(IC.c.received_at, IC.c.document_id)
                    )
                    for c in conn.execute(cq):
                        copies.setdefault(c.incoming_id, []).append(
                            IncomingCopy(document_id=c.document_id, path=c.path, received_on=c.received_on)
                        )
            return [
                IncomingEntry(
                    year=r.year,
                    number=r.number,
                    received_on=r.received_on,
                    document_id=r.document_id,
                    issuer=r.issuer_name,
                    doc_number=r.number_text,
                    doc_date=r.date,
                    doc_type=r.doc_type,
                    subject=r.subject,
                    unit=r.unit,
                    handling_due=r.handling_due,
                    handling_due_source=r.handling_due_source,
                    path=r.path,
                    copies=tuple(copies.get(r.id, ())),
                )
                for r in rows
            ]

    # ---- obligations (for reminders) -----------------------------------------

    def obligations(
        self,
        agency_ids: Sequence[str] | None = None,
        names: Sequence[str] | None = None,
        status: str | None = "open",
        due_before: dt.date | None = None,
        due_after: dt.date | None = None,
        *,
        include_recurring: bool = True,
        document_ids: Sequence[int] | None = None,
        signer: str | None = None,
        all_versions: bool = False,
        limit: int | None = None,
    ) -> list[ObligationRow]:
        """Stored tasks, each with its assignees, deadline and document.

        ``agency_ids``: tasks with an assignee of one of these registry ids;
        ``names``: tasks with an assignee whose name contains one of these
        (folded: ``so y te`` matches ``Sở Y tế``); both given → either matches.
        ``status``: ``open``, ``done`` or ``None`` for all. ``due_before`` /
        ``due_after`` (inclusive) keep tasks with a full due date in the range,
        plus recurring tasks unless ``include_recurring=False`` (their next
        occurrence is the planner's business). ``signer``: tasks of documents
        signed or co-signed by that person (or for that office; see
        :func:`~docintel.store._search.signed_by`). Tasks of superseded versions are
        left out unless ``all_versions``. Ordered by due date (undated last).
        """
        conds: list[Any] = []
        if not all_versions:
            conds.append(D.c.superseded_by.is_(None))
        if status:
            conds.append(T.c.status == status)
        if document_ids is not None:
            conds.append(T.c.document_id.in_(list(document_ids)))
        if signer is not None:
            conds.append(signed_by(signer))
        who: list[ColumnElement[bool]] = []
        if agency_ids:
            who.append(A.c.agency_id.in_(list(agency_ids)))
        for n in names or []:
            key = fold_key(n)
            if key:
                who.append(A.c.name_key.contains(key, autoescape=True))
        if agency_ids is not None or names is not None:
            conds.append(exists().where(A.c.task_pk == T.c.id, or_(*who)) if who else false())
        if due_before is not None or due_after is not None:
            dated: list[ColumnElement[bool]] = [DL.c.due_date.is_not(None)]
            if due_before is not None:
                dated.append(DL.c.due_date <= due_before)
            if due_after is not None:
                dated.append(DL.c.due_date >= due_after)
            conds.append(
                or_(and_(*dated), DL.c.recurrence.is_not(None)) if include_recurring else and_(*dated)
            )
        with self.read() as conn:  # migration 0005's columns (an archive opened without upgrading lacks them)
            cycle = has_column(conn, "deadlines", "month")
        cycle_columns = [DL.c.month, DL.c.every, DL.c.duration, DL.c.anchor] if cycle else []
        q = (
            select(
                T.c.id,
                T.c.document_id,
                T.c.task_id,
                T.c.parent,
                T.c.text,
                T.c.kind,
                T.c.status,
                T.c.done_at,
                DL.c.due,
                DL.c.due_date,
                DL.c.recurrence,
                DL.c.text.label("deadline_text"),
                DL.c.time,
                DL.c.period_end,
                DL.c.estimated,
                DL.c.immediate,
                DL.c.open_end,
                DL.c.weekday,
                DL.c.day_of_month,
                DL.c.rule,
                *cycle_columns,
                DL.c.id.label("deadline_id"),
                D.c.sha256,
                D.c.doc_type,
                D.c.number_text,
                D.c.date,
                D.c.subject,
                D.c.issuer_name,
                D.c.issuer_agency_id,
                D.c.urgency,
                D.c.path,
            )
            .select_from(T.join(D, D.c.id == T.c.document_id).outerjoin(DL, DL.c.task_pk == T.c.id))
            .where(*conds)
            .order_by(DL.c.due_date.is_(None), DL.c.due_date, T.c.document_id, T.c.position)
        )
        if limit:
            q = q.limit(limit)
        with self.read() as conn:
            rows = list(conn.execute(q))
            people: dict[int, list[ObligationAssignee]] = {}
            ids = [r.id for r in rows]
            for chunk in range(0, len(ids), 5000):
                part = ids[chunk : chunk + 5000]
                aq = select(A.c.task_pk, A.c.name, A.c.role, A.c.agency_id, A.c.inferred).where(
                    A.c.task_pk.in_(part)
                )
                for a in conn.execute(aq.order_by(A.c.task_pk, A.c.position)):
                    people.setdefault(a.task_pk, []).append(
                        ObligationAssignee(a.name, a.role, a.agency_id, bool(a.inferred))
                    )
            signed = self._signers(conn, {r.document_id for r in rows})
        out = []
        for r in rows:
            has = r.deadline_id is not None
            out.append(
                ObligationRow(
                    task_pk=r.id,
                    ref=f"{r.document_id}:{r.task_id}",
                    document_id=r.document_id,
                    task_id=r.task_id,
                    parent=r.parent,
                    text=r.text,
                    kind=r.kind,
                    status=r.status,
                    done_at=r.done_at,
                    assignees=tuple(people.get(r.id, ())),
                    due=r.due if has else None,
                    due_date=r.due_date if has else None,
                    recurrence=r.recurrence if has else None,
                    deadline_text=r.deadline_text if has else None,
                    time=r.time,
                    period_end=r.period_end,
                    estimated=bool(r.estimated),
                    immediate=bool(r.immediate),
                    open_end=bool(r.open_end),
                    weekday=r.weekday,
                    day_of_month=r.day_of_month,
                    rule=r.rule,
                    month=getattr(r, "month", None),
                    interval=getattr(r, "every", None) or 1,
                    duration=getattr(r, "duration", None),
                    anchor=getattr(r, "anchor", None),
                    doc_sha256=r.sha256,
                    doc_type=r.doc_type,
                    doc_number=r.number_text,
                    doc_date=r.date,
                    doc_subject=r.subject,
                    issuer=r.issuer_name,
                    issuer_agency_id=r.issuer_agency_id,
                    urgency=r.urgency,
                    path=r.path,
                    signers=signed.get(r.document_id, ()),
                )
            )
        return out

    def task_pk(self, ref: str | int) -> int:
        """The task row id of ``DOC:TASK`` (document as :meth:`document` accepts; task id ``2``, ``1.a``, ``Điều 3``)
        or of ``#PK``. Raises :class:`StoreError` when there is no such task."""
        s = str(ref).strip()
        with self.read() as conn:
            if isinstance(ref, int) or (s.startswith("#") and s[1:].isdigit()):
                pk = int(s.lstrip("#"))
                if conn.execute(select(T.c.id).where(T.c.id == pk)).scalar() is None:
                    raise StoreError(Errors.E043.format(ref=ref))
                return pk
            doc_ref, sep, task_id = s.rpartition(":")
            if not sep or not doc_ref or not task_id.strip():
                raise StoreError(Errors.E043.format(ref=f"{ref} (expected DOC:TASK, e.g. 12:2 or 12:Điều 3)"))
            ids = self._document_ids(conn, doc_ref)
            if len(ids) > 1:
                ids = list(
                    conn.execute(select(D.c.id).where(D.c.id.in_(ids), D.c.superseded_by.is_(None))).scalars()
                )
            if not ids:
                raise StoreError(Errors.E042.format(ref=doc_ref))
            if len(ids) > 1:
                raise StoreError(
                    Errors.E046.format(ref=doc_ref, candidates=", ".join(f"#{i}" for i in sorted(ids)[:10]))
                )
            tasks = list(
                conn.execute(
                    select(T.c.id, T.c.task_id).where(T.c.document_id == ids[0]).order_by(T.c.position)
                )
            )
            want = task_id.strip()
            hit = [t.id for t in tasks if t.task_id == want] or [
                t.id for t in tasks if fold_key(t.task_id) == fold_key(want)
            ]
            if len(hit) != 1:
                raise StoreError(Errors.E043.format(ref=ref))
            return int(hit[0])

    def mark_task_done(
        self, ref: str | int, *, done: bool = True, at: dt.datetime | None = None, note: str | None = None
    ) -> ObligationRow:
        """Mark a task done (or open again with ``done=False``); returns the updated task."""
        pk = self.task_pk(ref)
        with self.write() as conn:
            values: dict[str, Any] = (
                {"status": "done", "done_at": utc(at), "done_note": note}
                if done
                else {
                    "status": "open",
                    "done_at": None,
                    "done_note": note,
                }
            )
            conn.execute(update(T).where(T.c.id == pk).values(**values))
        with self.read() as conn:
            doc_id = conn.execute(select(T.c.document_id).where(T.c.id == pk)).scalar_one()
        rows = [
            o
            for o in self.obligations(status=None, document_ids=[doc_id], all_versions=True)
            if o.task_pk == pk
        ]
        return rows[0]

    # ---- reminder log ---------------------------------------------------------

    def reminder_log_has(self, key: str) -> bool:
        with self.read() as conn:
            return conn.execute(select(R.c.id).where(R.c.key == key)).first() is not None

    def record_reminder(
        self,
        key: str,
        *,
        task_pk: int | None = None,
        occurrence: str | dt.date | None = None,
        channel: str | None = None,
        recipient: str | None = None,
        sent_at: dt.datetime | None = None,
        detail: dict[str, Any] | None = None,
    ) -> bool:
        """Log a sent reminder; ``False`` when ``key`` was already logged (nothing changes then)."""
        occ = occurrence.isoformat() if isinstance(occurrence, dt.date) else occurrence
        with self.write() as conn:
            stmt = (
                dialect_insert(conn, R)
                .values(
                    key=key,
                    task_pk=task_pk,
                    occurrence=occ,
                    channel=channel,
                    recipient=recipient,
                    sent_at=utc(sent_at),
                    detail=detail,
                )
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(R.c.id)
            )
            return conn.execute(stmt).scalar() is not None

    def reminders_sent(self, *, task_pk: int | None = None, limit: int = 1000) -> list[ReminderLog]:
        with self.read() as conn:
            q = select(ReminderLog).order_by(R.c.id.desc()).limit(limit)
            if task_pk is not None:
                q = q.where(R.c.task_pk == task_pk)
            return [ReminderLog.model_validate(r._mapping) for r in conn.execute(q)]

    # ---- citation graph --------------------------------------------------------

    def document_nodes(self, *, all_versions: bool = False) -> Iterator[DocumentNode]:
        """Every stored document (latest versions unless ``all_versions``) as a graph node."""
        q = select(
            D.c.id,
            D.c.doc_type,
            D.c.number_text,
            D.c.date,
            D.c.issuer_name,
            D.c.subject,
            D.c.path,
            D.c.sha256,
            D.c.issuer_agency_id,
            D.c.signer_name,
        ).order_by(D.c.id)
        if not all_versions:
            q = q.where(D.c.superseded_by.is_(None))
        with self.read() as conn:
            rows = list(conn.execute(q))
        for r in rows:
            yield DocumentNode(
                r.id,
                r.doc_type,
                r.number_text,
                r.date,
                r.issuer_name,
                r.subject,
                r.path,
                r.sha256,
                r.issuer_agency_id,
                r.signer_name,
            )

    def citation_edges(self, *, all_versions: bool = False) -> Iterator[CitationEdge]:
        """Every citation of every stored document (resolved or not) as a graph edge."""
        q = select(C).join(D, D.c.id == C.c.document_id).order_by(C.c.document_id, C.c.position)
        if not all_versions:
            q = q.where(D.c.superseded_by.is_(None))
        with self.read() as conn:
            rows = list(conn.execute(q))
        for r in rows:
            yield CitationEdge(
                source_id=r.document_id,
                target_id=r.target_doc_id,
                number=r.number,
                doc_type=r.doc_type,
                date=r.date,
                issuer=r.issuer,
                relation=r.relation,
                text=r.text,
                start=r.start,
                end=r.end,
                confidence=r.confidence,
                evidence=dict(r.evidence or {}),
            )

    def relink(self) -> int:
        """Resolve every unresolved citation again (after a resolver change); returns links made."""
        from ._links import link_document

        with self.read() as conn:
            ids = list(
                conn.execute(select(D.c.id).where(D.c.superseded_by.is_(None)).order_by(D.c.id)).scalars()
            )
        made = 0
        for doc_id in ids:
            with self.write() as conn:
                made += link_document(conn, doc_id)
        return made


def _number_key(number: str) -> str:
    """A document number as its folded letter and digit runs: ``1864 / CT-TTHT``, ``1864/ct-ttht``
    and ``1864/CT-TTHT`` are one number."""
    return " ".join(regex.findall(r"[^\W_]+", fold(number)))


_YEAR = regex.compile(r"(?:19|20)\d\d")


def _without_year(key: str) -> str:
    """``"126 2020 nd cp"`` → ``"126 nd cp"`` (a :func:`_number_key` with its year dropped)."""
    parts = key.split()
    if len(parts) > 2 and parts[0].isdigit() and _YEAR.fullmatch(parts[1]):
        del parts[1]
    return " ".join(parts)


def _yearless(key: str) -> bool:
    """A number typed without its year: a running number, then letters only (``126 nd cp``)."""
    parts = key.split()
    return len(parts) > 1 and parts[0].isdigit() and not any(_YEAR.fullmatch(p) for p in parts[1:])


def _reason(e: BaseException) -> str:
    orig = getattr(e, "orig", None)
    msg = str(orig if orig is not None else e).strip()
    return msg.splitlines()[0] if msg else e.__class__.__name__


def open_store(url: str | None = None, *, upgrade: bool = True) -> Store:
    """Open (creating or upgrading in place) the archive at ``url``.

    ``url`` defaults to ``$DATABASE_URL``, else ``sqlite:///docintel.db`` in the
    current folder. PostgreSQL: ``postgresql://user:pass@host/db``.
    """
    full = engine_url(url)
    engine = make_engine(full)
    try:
        if upgrade:
            _upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as e:
        engine.dispose()
        raise StoreError(Errors.E040.format(reason=f"{redact(full)}: {_reason(e)}")) from None
    return Store(engine, full)


__all__ = [
    "CitationEdge",
    "DocumentNode",
    "IncomingCopy",
    "IncomingEntry",
    "ObligationAssignee",
    "ObligationRow",
    "SigningBlock",
    "Store",
    "open_store",
    "utc",
]
