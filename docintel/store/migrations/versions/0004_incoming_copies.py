"""incoming copies: the other stored files of a registered dispatch share its số đến

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:00:00

A register (sổ đăng ký văn bản đến, Decree 30/2020/NĐ-CP Appendix IV) enters a dispatch once.
The archive stores files, and one dispatch often arrives as several (its .txt, .docx and .pdf, a
re-scan): from this revision on, a file whose ``_resolve.dispatch_key`` (type, number, date,
issuer, subject — what search and the citation graph fold copies by) equals that of a document
already in the register is written to ``incoming_copies`` against that entry instead of taking a
new *số đến*.

Entries written before this revision keep their numbers: a number once given may have been
written on the paper or quoted, so copies registered twice in an older archive stay two lines
(the register never renumbers). Both SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incoming_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incoming_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["incoming_id"], ["incoming.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id"),
    )
    with op.batch_alter_table("incoming_copies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incoming_copies_incoming_id"), ["incoming_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incoming_copies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incoming_copies_incoming_id"))
    op.drop_table("incoming_copies")
