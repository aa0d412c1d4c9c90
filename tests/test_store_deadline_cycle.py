"""Issue QA-audit (session 5): a stored deadline kept its recurrence but lost its month, step,
duration and anchor, so "định kỳ 06 tháng" reminded every month and "trước ngày 31 tháng 3 hằng
năm" in the document's month. Migration 0005 keeps them (and fills an existing archive)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from _remind_data import ingest, make_doc, task
from alembic import command
from sqlalchemy import text

from docintel import Deadline
from docintel.remind import due_date
from docintel.store import open_store
from docintel.store._engine import alembic_config, upgrade
from docintel.store._obligations import find_obligations

DOC = make_doc(
    "cycle",
    number="30/2026/NĐ-CP",
    doc_type="NĐ",
    issuer="Chính phủ",
    issuer_id="chinh-phu",
    place="Hà Nội",
    date="2026-01-21",
    subject="kiểm toán năng lượng",
    tasks=[
        task("Điều 4", "Ủy ban nhân dân cấp tỉnh báo cáo trước ngày 31 tháng 3 hằng năm.", ("Ủy ban nhân dân cấp tỉnh", None),
             deadline=Deadline("trước ngày 31 tháng 3 hằng năm", recurrence="yearly", month=3, day_of_month=31)),
        task("Điều 38.6", "Cơ quan bảo hiểm xã hội báo cáo định kỳ 06 tháng.", ("Cơ quan bảo hiểm xã hội", None),
             deadline=Deadline("định kỳ 06 tháng", recurrence="monthly", interval=6)),
        task("Điều 8.1", "Tổ chức kiểm toán báo cáo trong thời hạn 10 ngày kể từ ngày phát sinh.",
             ("tổ chức kiểm toán năng lượng", None),
             deadline=Deadline("trong thời hạn 10 ngày kể từ ngày phát sinh", duration="10d", anchor="event")),
    ],
)

EXPECTED = {
    "Điều 4": (3, 1, None, None),
    "Điều 38.6": (None, 6, None, None),
    "Điều 8.1": (None, 1, "10d", "event"),
}


def _cycles(store: Any) -> dict[str, tuple[Any, ...]]:
    out = {}
    for o in find_obligations(store):
        d = o.deadline
        out[o.task_id] = (d.month, d.interval, d.duration, d.anchor)
    return out


def test_issue_qa_stored_deadline_keeps_its_cycle(store_url: str) -> None:
    s = open_store(store_url)
    try:
        ingest(s, [DOC])
        assert _cycles(s) == EXPECTED
        yearly = next(o for o in find_obligations(s) if o.task_id == "Điều 4")
        assert due_date(yearly, dt.date(2026, 2, 1)) == dt.date(2026, 3, 31)
    finally:
        s.close()


@pytest.mark.parametrize("revision", ["0004"])
def test_issue_qa_upgrade_fills_the_cycle_of_stored_deadlines(store_url: str, revision: str) -> None:
    s = open_store(store_url)
    try:
        ingest(s, [DOC])
        cfg = alembic_config()
        with s.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, revision)
        with s.engine.connect() as conn:
            assert revision == conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        upgrade(s.engine)
        assert _cycles(s) == EXPECTED
    finally:
        s.close()
