"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 13:01:33.473915
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("parent_id", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agencies_key"), ["key"], unique=False)

    op.create_table(
        "incoming_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "ingest_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ingest_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ingest_failures_path"), ["path"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.Text(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("encoding", sa.String(), nullable=True),
        sa.Column("ocr", sa.Boolean(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("folded_title", sa.Text(), nullable=False),
        sa.Column("doc_type", sa.String(), nullable=True),
        sa.Column("type_name", sa.String(), nullable=True),
        sa.Column("number_text", sa.String(), nullable=True),
        sa.Column("number_seq", sa.Integer(), nullable=True),
        sa.Column("number_year", sa.Integer(), nullable=True),
        sa.Column("number_symbol", sa.String(), nullable=True),
        sa.Column("symbol_key", sa.String(), nullable=True),
        sa.Column("number_start", sa.Integer(), nullable=True),
        sa.Column("number_end", sa.Integer(), nullable=True),
        sa.Column("issuer_name", sa.String(), nullable=True),
        sa.Column("issuer_parent", sa.String(), nullable=True),
        sa.Column("issuer_key", sa.String(), nullable=True),
        sa.Column("issuer_agency_id", sa.Text(), nullable=True),
        sa.Column("issuer_start", sa.Integer(), nullable=True),
        sa.Column("issuer_end", sa.Integer(), nullable=True),
        sa.Column("issuer_parent_start", sa.Integer(), nullable=True),
        sa.Column("issuer_parent_end", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(), nullable=True),
        sa.Column("place_start", sa.Integer(), nullable=True),
        sa.Column("place_end", sa.Integer(), nullable=True),
        sa.Column("date", sa.String(), nullable=True),
        sa.Column("date_min", sa.Date(), nullable=True),
        sa.Column("date_max", sa.Date(), nullable=True),
        sa.Column("date_start", sa.Integer(), nullable=True),
        sa.Column("date_end", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("subject_start", sa.Integer(), nullable=True),
        sa.Column("subject_end", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.String(), nullable=True),
        sa.Column("urgency_start", sa.Integer(), nullable=True),
        sa.Column("urgency_end", sa.Integer(), nullable=True),
        sa.Column("security", sa.String(), nullable=True),
        sa.Column("signer_name", sa.String(), nullable=True),
        sa.Column("signer_title", sa.String(), nullable=True),
        sa.Column("signer_authority", sa.String(), nullable=True),
        sa.Column("signer_for", sa.String(), nullable=True),
        sa.Column("signer_start", sa.Integer(), nullable=True),
        sa.Column("signer_end", sa.Integer(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("contract", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["issuer_agency_id"], ["agencies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["superseded_by"], ["documents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_date_max"), ["date_max"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_date_min"), ["date_min"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_doc_type"), ["doc_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_ingested_at"), ["ingested_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_issuer_agency_id"), ["issuer_agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_number_seq"), ["number_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_number_text"), ["number_text"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_path"), ["path"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_superseded_by"), ["superseded_by"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_symbol_key"), ["symbol_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_urgency"), ["urgency"], unique=False)

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("doc_type", sa.String(), nullable=True),
        sa.Column("date", sa.String(), nullable=True),
        sa.Column("issuer", sa.String(), nullable=True),
        sa.Column("relation", sa.String(), nullable=True),
        sa.Column("article", sa.String(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("symbol", sa.String(), nullable=True),
        sa.Column("symbol_key", sa.String(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("target_doc_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_doc_id"], ["documents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citations_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_seq"), ["seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_symbol_key"), ["symbol_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_citations_target_doc_id"), ["target_doc_id"], unique=False)

    op.create_table(
        "incoming",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("handling_due", sa.Date(), nullable=True),
        sa.Column("handling_due_source", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id"),
        sa.UniqueConstraint("year", "number", name="uq_incoming_year_number"),
    )
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incoming_handling_due"), ["handling_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_incoming_received_on"), ["received_on"], unique=False)

    op.create_table(
        "recipients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=True),
        sa.Column("agency_id", sa.Text(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recipients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recipients_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_recipients_document_id"), ["document_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.String(), nullable=False),
        sa.Column("parent", sa.String(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_document_task", ["document_id", "task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_tasks_status"), ["status"], unique=False)

    op.create_table(
        "assignees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_pk", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("agency_id", sa.Text(), nullable=True),
        sa.Column("inferred", sa.Boolean(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_pk"], ["tasks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assignees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignees_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignees_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignees_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignees_task_pk"), ["task_pk"], unique=False)

    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_pk", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.String(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("recurrence", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("time", sa.String(), nullable=True),
        sa.Column("period_end", sa.String(), nullable=True),
        sa.Column("estimated", sa.Boolean(), nullable=False),
        sa.Column("immediate", sa.Boolean(), nullable=False),
        sa.Column("open_end", sa.Boolean(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("day_of_month", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_pk"], ["tasks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_pk"),
    )
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deadlines_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadlines_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadlines_recurrence"), ["recurrence"], unique=False)

    op.create_table(
        "reminder_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("task_pk", sa.Integer(), nullable=True),
        sa.Column("occurrence", sa.String(), nullable=True),
        sa.Column("channel", sa.String(), nullable=True),
        sa.Column("recipient", sa.String(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["task_pk"], ["tasks.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("reminder_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_log_task_pk"), ["task_pk"], unique=False)

    _create_search_index()


def downgrade() -> None:
    _drop_search_index()
    with op.batch_alter_table("reminder_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_log_task_pk"))

    op.drop_table("reminder_log")
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadlines_recurrence"))
        batch_op.drop_index(batch_op.f("ix_deadlines_due_date"))
        batch_op.drop_index(batch_op.f("ix_deadlines_document_id"))

    op.drop_table("deadlines")
    with op.batch_alter_table("assignees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignees_task_pk"))
        batch_op.drop_index(batch_op.f("ix_assignees_name_key"))
        batch_op.drop_index(batch_op.f("ix_assignees_document_id"))
        batch_op.drop_index(batch_op.f("ix_assignees_agency_id"))

    op.drop_table("assignees")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tasks_status"))
        batch_op.drop_index("ix_tasks_document_task")

    op.drop_table("tasks")
    with op.batch_alter_table("recipients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipients_document_id"))
        batch_op.drop_index(batch_op.f("ix_recipients_agency_id"))

    op.drop_table("recipients")
    with op.batch_alter_table("incoming", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_received_on"))
        batch_op.drop_index(batch_op.f("ix_incoming_handling_due"))

    op.drop_table("incoming")
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citations_target_doc_id"))
        batch_op.drop_index(batch_op.f("ix_citations_symbol_key"))
        batch_op.drop_index(batch_op.f("ix_citations_seq"))
        batch_op.drop_index(batch_op.f("ix_citations_number"))
        batch_op.drop_index(batch_op.f("ix_citations_document_id"))

    op.drop_table("citations")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_urgency"))
        batch_op.drop_index(batch_op.f("ix_documents_symbol_key"))
        batch_op.drop_index(batch_op.f("ix_documents_superseded_by"))
        batch_op.drop_index(batch_op.f("ix_documents_path"))
        batch_op.drop_index(batch_op.f("ix_documents_number_text"))
        batch_op.drop_index(batch_op.f("ix_documents_number_seq"))
        batch_op.drop_index(batch_op.f("ix_documents_issuer_agency_id"))
        batch_op.drop_index(batch_op.f("ix_documents_ingested_at"))
        batch_op.drop_index(batch_op.f("ix_documents_doc_type"))
        batch_op.drop_index(batch_op.f("ix_documents_date_min"))
        batch_op.drop_index(batch_op.f("ix_documents_date_max"))

    op.drop_table("documents")
    with op.batch_alter_table("ingest_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ingest_failures_path"))

    op.drop_table("ingest_failures")
    op.drop_table("incoming_counters")
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencies_key"))

    op.drop_table("agencies")


# Full-text search over the folded text (fold(): marks dropped, đ→d, lower case), so
# "so y te" finds "Sở Y tế" and "dinh lap" finds "Đình Lập"; queries are folded the same way.
# SQLite: an external-content FTS5 table kept in step by triggers.
# PostgreSQL: a generated tsvector (title weighted A, body B) with a GIN index; the text is
# split on non-alphanumerics first so PostgreSQL's parser sees the same words as ours.

_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        folded_title, folded, content='documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, folded_title, folded) VALUES (new.id, new.folded_title, new.folded);
    END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, folded_title, folded)
        VALUES ('delete', old.id, old.folded_title, old.folded);
    END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF folded_title, folded ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, folded_title, folded)
        VALUES ('delete', old.id, old.folded_title, old.folded);
        INSERT INTO documents_fts(rowid, folded_title, folded) VALUES (new.id, new.folded_title, new.folded);
    END""",
]

_PG_TSV = [
    """ALTER TABLE documents ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, regexp_replace(folded_title, '[^[:alnum:]]+', ' ', 'g')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, regexp_replace(folded, '[^[:alnum:]]+', ' ', 'g')), 'B')
    ) STORED""",
    "CREATE INDEX ix_documents_search_tsv ON documents USING gin (search_tsv)",
]


def _create_search_index() -> None:
    dialect = op.get_bind().dialect.name
    for sql in _SQLITE_FTS if dialect == "sqlite" else _PG_TSV if dialect == "postgresql" else []:
        op.execute(sql)


def _drop_search_index() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("documents_fts_ai", "documents_fts_ad", "documents_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_documents_search_tsv")
        op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search_tsv")
