"""The archive's tables (SQLModel on SQLAlchemy 2).

One row per stored document version, with every contract field and its span as
columns (so the archive can be filtered without parsing JSON) and the whole
``docintel.parse/1`` record in :attr:`DocumentRow.contract`. Child tables hold
what a document lists: recipients, signing blocks (the signer and a joint
document's co-signers), tasks (with assignees and deadlines) and citations.
Registry agencies are referenced by id.

The incoming register follows Decree 30/2020/NĐ-CP, Appendix IV (Sổ đăng ký văn
bản đến): each received dispatch gets a *số đến* that runs from 1 each calendar year,
the *ngày đến*, the receiving unit and a *hạn giải quyết* (handling due date). The other
stored files of one dispatch (its .pdf beside the .txt, a re-scan: the same
``_resolve.dispatch_key``) share its entry (``incoming_copies``), as a register enters a
dispatch once.

All datetimes are timezone-aware (stored as UTC); dates (``date_min``, ``due_date``,
``received_on`` …) are calendar dates. The schema is created and upgraded by the
alembic migrations in ``docintel/store/migrations`` — never by ``create_all``
outside tests.

Column names ``start``/``end`` are the character span of the value in
``documents.text`` (the stored, normalised text), as in the parse contract.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, Table, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# One MetaData for the archive (alembic's env.py reads it).
metadata = SQLModel.metadata


def _fk(target: str, *, ondelete: str = "CASCADE", index: bool = True, nullable: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=Column(Integer, ForeignKey(target, ondelete=ondelete), index=index, nullable=nullable),
    )


class AgencyRow(SQLModel, table=True):
    """A canonical agency of the registry (``docintel._agencies.registry()``), or one first seen in a document."""

    __tablename__ = "agencies"

    id: str = Field(primary_key=True)
    name: str
    key: str = Field(index=True)  # fold_key(name)
    parent_id: str | None = Field(default=None)
    kind: str | None = Field(default=None)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))


class DocumentRow(SQLModel, table=True):
    """One stored version of one file (a distinct sha256)."""

    __tablename__ = "documents"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(index=True)  # absolute path at ingest time
    name: str  # file name
    version: int = 1  # 1, 2, … per path: a changed file at the same path is a new version
    superseded_by: int | None = _fk("documents.id", ondelete="SET NULL", nullable=True)
    sha256: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    format: str
    size: int = 0
    encoding: str | None = Field(default=None)
    ocr: bool = False
    pages: int | None = None

    text: str = Field(sa_column=Column(Text, nullable=False))
    folded: str = Field(sa_column=Column(Text, nullable=False))  # fold(text): same length, đ→d, no marks
    folded_title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))

    doc_type: str | None = Field(default=None, index=True)
    type_name: str | None = Field(default=None)
    number_text: str | None = Field(default=None, index=True)
    number_seq: int | None = Field(default=None, index=True)
    number_year: int | None = None
    number_symbol: str | None = Field(default=None)
    symbol_key: str | None = Field(default=None, index=True)  # fold_key(symbol)
    number_start: int | None = None
    number_end: int | None = None

    issuer_name: str | None = Field(default=None)
    issuer_parent: str | None = Field(default=None)
    issuer_key: str | None = Field(default=None)  # fold_key(parent + name), for filters
    issuer_agency_id: str | None = Field(
        default=None, sa_column=Column(Text, ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    )
    issuer_start: int | None = None
    issuer_end: int | None = None
    issuer_parent_start: int | None = None
    issuer_parent_end: int | None = None

    place: str | None = Field(default=None)
    place_start: int | None = None
    place_end: int | None = None
    date: str | None = Field(default=None)  # ISO, reduced precision (2020, 2020-08, 2020-08-04)
    date_min: dt.date | None = Field(default=None, index=True)  # first day the reduced date can mean
    date_max: dt.date | None = Field(default=None, index=True)  # last day it can mean
    date_start: int | None = None
    date_end: int | None = None
    subject: str | None = Field(default=None, sa_column=Column(Text))
    subject_start: int | None = None
    subject_end: int | None = None
    urgency: str | None = Field(default=None, index=True)
    urgency_start: int | None = None
    urgency_end: int | None = None
    security: str | None = Field(default=None)

    signer_name: str | None = Field(default=None)
    signer_title: str | None = Field(default=None)
    signer_authority: str | None = Field(default=None)
    signer_for: str | None = Field(default=None)
    signer_start: int | None = None
    signer_end: int | None = None

    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    contract: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict)
    )
    ingested_at: dt.datetime = Field(index=True)


class RecipientRow(SQLModel, table=True):
    __tablename__ = "recipients"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = _fk("documents.id")
    position: int = 0
    name: str = Field(sa_column=Column(Text, nullable=False))
    role: str  # to | cc
    purpose: str | None = Field(default=None)
    agency_id: str | None = Field(
        default=None, sa_column=Column(Text, ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    )
    start: int | None = None
    end: int | None = None


class SignerRow(SQLModel, table=True):
    """One signing block of a document: ``position`` 0 is the signer, 1, 2 … the co-signers of a
    joint document (thông tư liên tịch, nghị quyết liên tịch: one block per body, Decree 30/2020).

    The signer is also kept in ``documents.signer_*``; this table is what "signed by" queries read,
    so a person is found whichever block they signed.
    """

    __tablename__ = "signers"
    __table_args__ = (UniqueConstraint("document_id", "position", name="uq_signers_document_position"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = _fk("documents.id", index=False)  # the unique constraint indexes it
    position: int = 0
    name: str | None = Field(default=None)
    title: str | None = Field(default=None)  # own title (THỨ TRƯỞNG)
    authority: str | None = Field(default=None)  # KT | TM | TL | TUQ | Q
    signed_for: str | None = Field(default=None)  # whom the prefix signs for (BỘ TRƯỞNG BỘ TÀI CHÍNH)
    name_key: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # fold_key(name)
    office_key: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # fold_key(for + title)
    start: int | None = None
    end: int | None = None


class TaskRow(SQLModel, table=True):
    """One obligation of a document; ``task_id`` is its id within the document (``2``, ``1.a``, ``p1``, ``Điều 3``)."""

    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_document_task", "document_id", "task_id"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = _fk("documents.id", index=False)
    task_id: str
    parent: str | None = Field(default=None)
    position: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    start: int | None = None
    end: int | None = None
    kind: str = Field(default="item")  # item | sentence | article
    status: str = Field(default="open", index=True)  # open | done
    done_at: dt.datetime | None = None
    done_note: str | None = Field(default=None, sa_column=Column(Text))


class AssigneeRow(SQLModel, table=True):
    __tablename__ = "assignees"

    id: int | None = Field(default=None, primary_key=True)
    task_pk: int = _fk("tasks.id")
    document_id: int = _fk("documents.id")
    position: int = 0
    name: str = Field(sa_column=Column(Text, nullable=False))
    name_key: str = Field(sa_column=Column(Text, nullable=False, index=True))  # fold_key(name)
    role: str = Field(default="lead")  # lead | support
    agency_id: str | None = Field(
        default=None, sa_column=Column(Text, ForeignKey("agencies.id", ondelete="SET NULL"), index=True)
    )
    inferred: bool = False
    start: int | None = None
    end: int | None = None


class DeadlineRow(SQLModel, table=True):
    """A task's deadline: ``due_date`` is set when the text gives a full date."""

    __tablename__ = "deadlines"

    id: int | None = Field(default=None, primary_key=True)
    task_pk: int = Field(
        sa_column=Column(Integer, ForeignKey("tasks.id", ondelete="CASCADE"), unique=True, nullable=False)
    )
    document_id: int = _fk("documents.id")
    due: str | None = Field(default=None)  # ISO as extracted (may be reduced)
    due_date: dt.date | None = Field(default=None, index=True)
    recurrence: str | None = Field(default=None, index=True)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    time: str | None = Field(default=None)
    period_end: str | None = Field(default=None)
    estimated: bool = False
    immediate: bool = False
    open_end: bool = False
    weekday: int | None = None
    day_of_month: int | None = None
    rule: str | None = Field(default=None)
    start: int | None = None
    end: int | None = None
    month: int | None = None  # yearly: the month; quarterly: which month of the quarter (migration 0005)
    every: int | None = None  # the interval: "định kỳ 06 tháng" = monthly, every 6 (NULL: 1)
    duration: str | None = Field(default=None)  # a relative deadline's span: "3wd", "10d"
    anchor: str | None = Field(default=None)  # what a relative deadline counts from: document | receipt | event


class CitationRow(SQLModel, table=True):
    """A reference to another document; ``target_doc_id`` is filled when it resolves to a stored one."""

    __tablename__ = "citations"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = _fk("documents.id")
    position: int = 0
    text: str = Field(sa_column=Column(Text, nullable=False))
    number: str = Field(index=True)
    doc_type: str | None = Field(default=None)
    date: str | None = Field(default=None)
    issuer: str | None = Field(default=None)
    relation: str | None = Field(default=None)
    article: str | None = Field(default=None)
    seq: int | None = Field(default=None, index=True)
    year: int | None = None
    symbol: str | None = Field(default=None)
    symbol_key: str | None = Field(default=None, index=True)
    subject: str | None = Field(default=None, sa_column=Column(Text))
    start: int = 0
    end: int = 0
    mentions: list[list[int]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=list)
    )
    target_doc_id: int | None = _fk("documents.id", ondelete="SET NULL", nullable=True)
    confidence: float | None = None
    evidence: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    resolved_at: dt.datetime | None = None


class IncomingRow(SQLModel, table=True):
    """Sổ đăng ký văn bản đến (Decree 30/2020, Appendix IV): one line per received document."""

    __tablename__ = "incoming"
    __table_args__ = (UniqueConstraint("year", "number", name="uq_incoming_year_number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), unique=True, nullable=False)
    )
    year: int  # the số đến runs from 1 each calendar year of ngày đến
    number: int  # số đến
    received_on: dt.date = Field(index=True)  # ngày đến (local date)
    received_at: dt.datetime
    unit: str | None = Field(default=None)  # đơn vị hoặc người nhận
    handling_due: dt.date | None = Field(default=None, index=True)  # hạn giải quyết
    handling_due_source: str | None = Field(default=None)  # deadline | default
    note: str | None = Field(default=None, sa_column=Column(Text))


class IncomingCopyRow(SQLModel, table=True):
    """Another stored file of a dispatch already in the register (its .pdf beside the .txt, a
    re-scan): it shares the entry's *số đến* instead of taking a number of its own (migration 0004).
    """

    __tablename__ = "incoming_copies"

    id: int | None = Field(default=None, primary_key=True)
    incoming_id: int = _fk("incoming.id")
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("documents.id", ondelete="CASCADE"), unique=True, nullable=False)
    )
    received_on: dt.date  # the day this copy arrived (the entry keeps the first day)
    received_at: dt.datetime


class IncomingCounter(SQLModel, table=True):
    """The last số đến given in a year (row-locked while a document is registered)."""

    __tablename__ = "incoming_counters"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = 0


class IngestFailure(SQLModel, table=True):
    __tablename__ = "ingest_failures"

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(index=True)
    sha256: str | None = Field(default=None)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    at: dt.datetime


class ReminderLog(SQLModel, table=True):
    """Reminders already sent, so a scheduled run never sends one twice (``key`` is unique)."""

    __tablename__ = "reminder_log"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    task_pk: int | None = _fk("tasks.id", ondelete="SET NULL", nullable=True)
    occurrence: str | None = Field(default=None)
    channel: str | None = Field(default=None)
    recipient: str | None = Field(default=None)
    sent_at: dt.datetime
    detail: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


def table_of(model: type[SQLModel]) -> Table:
    """The Core :class:`~sqlalchemy.Table` of a model (for bulk inserts and plain selects)."""
    return model.__table__  # type: ignore[attr-defined]


AGENCIES = table_of(AgencyRow)
DOCUMENTS = table_of(DocumentRow)
RECIPIENTS = table_of(RecipientRow)
TASKS = table_of(TaskRow)
SIGNERS = table_of(SignerRow)
ASSIGNEES = table_of(AssigneeRow)
DEADLINES = table_of(DeadlineRow)
CITATIONS = table_of(CitationRow)
INCOMING = table_of(IncomingRow)
INCOMING_COUNTERS = table_of(IncomingCounter)
INCOMING_COPIES = table_of(IncomingCopyRow)
INGEST_FAILURES = table_of(IngestFailure)
REMINDER_LOG = table_of(ReminderLog)

TABLES = [
    AgencyRow,
    DocumentRow,
    RecipientRow,
    SignerRow,
    TaskRow,
    AssigneeRow,
    DeadlineRow,
    CitationRow,
    IncomingRow,
    IncomingCopyRow,
    IncomingCounter,
    IngestFailure,
    ReminderLog,
]

__all__ = [
    "AGENCIES",
    "ASSIGNEES",
    "CITATIONS",
    "DEADLINES",
    "DOCUMENTS",
    "INCOMING",
    "INCOMING_COPIES",
    "INCOMING_COUNTERS",
    "INGEST_FAILURES",
    "RECIPIENTS",
    "REMINDER_LOG",
    "SIGNERS",
    "TABLES",
    "TASKS",
    "AgencyRow",
    "AssigneeRow",
    "CitationRow",
    "DeadlineRow",
    "DocumentRow",
    "IncomingCopyRow",
    "IncomingCounter",
    "IncomingRow",
    "IngestFailure",
    "RecipientRow",
    "ReminderLog",
    "SignerRow",
    "TaskRow",
    "metadata",
    "table_of",
]
