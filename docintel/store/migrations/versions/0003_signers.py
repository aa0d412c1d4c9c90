"""signers: every signing block of a document, so a joint document's co-signers are stored and found

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 20:00:00

A joint document (thông tư liên tịch, nghị quyết liên tịch, a joint plan) is signed by one block
per body (Decree 30/2020/NĐ-CP). ``documents.signer_*`` keeps the first; the new ``signers`` table
keeps them all, ``position`` 0 the signer and 1, 2 … the co-signers, with the folded name and
office (``name_key``, ``office_key``) that the "signed by" filter matches.

The table is filled in place for the documents already stored, from each one's stored
``docintel.parse/1`` record (``contract.signer`` and its ``co_signers``; a record written before
co-signers were parsed gives the signer only — ingest the file again as a new version to read its
co-signers). Both SQLite and PostgreSQL; the documents are read in id order, 500 at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def upgrade() -> None:
    op.create_table(
        "signers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("authority", sa.String(), nullable=True),
        sa.Column("signed_for", sa.String(), nullable=True),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("office_key", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "position", name="uq_signers_document_position"),
    )
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    from docintel.store._write import signer_rows

    documents = sa.table(
        "documents",
        sa.column("id", sa.Integer),
        sa.column("contract", sa.JSON),
        sa.column("signer_name", sa.String),
        sa.column("signer_title", sa.String),
        sa.column("signer_authority", sa.String),
        sa.column("signer_for", sa.String),
        sa.column("signer_start", sa.Integer),
        sa.column("signer_end", sa.Integer),
    )
    signers = sa.table(
        "signers",
        *(
            sa.column(c)
            for c in (
                "document_id",
                "position",
                "name",
                "title",
                "authority",
                "signed_for",
                "name_key",
                "office_key",
                "start",
                "end",
            )
        ),
    )
    d = documents.c
    last = 0
    while True:
        batch = list(
            conn.execute(
                sa.select(
                    d.id,
                    d.contract,
                    d.signer_name,
                    d.signer_title,
                    d.signer_authority,
                    d.signer_for,
                    d.signer_start,
                    d.signer_end,
                )
                .where(d.id > last)
                .order_by(d.id)
                .limit(BATCH)
            )
        )
        if not batch:
            return
        rows = []
        for r in batch:
            signer = (r.contract or {}).get("signer") if isinstance(r.contract, dict) else None
            if not isinstance(signer, dict):  # a record without one: the columns
                signer = {
                    "name": r.signer_name,
                    "title": r.signer_title,
                    "authority": r.signer_authority,
                    "for": r.signer_for,
                    "start": r.signer_start,
                    "end": r.signer_end,
                }
            rows += [{"document_id": r.id, **row} for row in signer_rows(signer)]
        if rows:
            conn.execute(signers.insert(), rows)
        last = batch[-1].id


def downgrade() -> None:
    op.drop_table("signers")
