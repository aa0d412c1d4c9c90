"""deadline cycle: the month, step, duration and anchor of a deadline are kept

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 23:00:00

The parser gives a deadline ``month`` ("trước ngày 31 tháng 3 hằng năm": yearly, in March),
``interval`` ("định kỳ 06 tháng": monthly, every 6), and for a relative deadline its
``duration`` ("3wd") and ``anchor`` (document | receipt | event). The deadlines table had none
of them, so a stored half-yearly report reminded every month and a yearly one in the wrong
month. This revision adds ``month``, ``every`` (the interval; NULL reads 1), ``duration`` and
``anchor`` and fills them from each stored record (``documents.contract``), in place, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 200


def upgrade() -> None:
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("every", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("duration", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("anchor", sa.String(), nullable=True))
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    documents = sa.table("documents", sa.column("id", sa.Integer), sa.column("contract", sa.JSON))
    tasks = sa.table("tasks", sa.column("id", sa.Integer), sa.column("document_id", sa.Integer),
                     sa.column("task_id", sa.String))
    deadlines = sa.table(
        "deadlines",
        sa.column("id", sa.Integer),
        sa.column("task_pk", sa.Integer),
        sa.column("month", sa.Integer),
        sa.column("every", sa.Integer),
        sa.column("duration", sa.String),
        sa.column("anchor", sa.String),
    )
    last = 0
    while True:
        ids = list(
            conn.execute(
                sa.select(documents.c.id).where(documents.c.id > last).order_by(documents.c.id).limit(_BATCH)
            ).scalars()
        )
        if not ids:
            break
        last = ids[-1]
        cycles: dict[tuple[int, str], dict[str, Any]] = {}
        for doc_id, contract in conn.execute(sa.select(documents.c.id, documents.c.contract).where(documents.c.id.in_(ids))):
            rec: dict[str, Any] = json.loads(contract) if isinstance(contract, str) else (contract or {})
            for t in rec.get("tasks") or []:
                d = t.get("deadline") or {}
                vals = {
                    "month": d.get("month"),
                    "every": d.get("interval") if d.get("interval") not in (None, 1) else None,
                    "duration": d.get("duration"),
                    "anchor": d.get("anchor"),
                }
                if any(v is not None for v in vals.values()):
                    cycles[(doc_id, str(t.get("id")))] = vals
        if not cycles:
            continue
        rows = conn.execute(
            sa.select(deadlines.c.id, tasks.c.document_id, tasks.c.task_id)
            .join(tasks, tasks.c.id == deadlines.c.task_pk)
            .where(tasks.c.document_id.in_(ids))
        )
        for dl_id, doc_id, task_id in list(rows):
            found = cycles.get((doc_id, str(task_id)))
            if found:
                conn.execute(sa.update(deadlines).where(deadlines.c.id == dl_id).values(**found))


def downgrade() -> None:
    with op.batch_alter_table("deadlines", schema=None) as batch_op:
        batch_op.drop_column("anchor")
        batch_op.drop_column("duration")
        batch_op.drop_column("every")
        batch_op.drop_column("month")
