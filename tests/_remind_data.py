"""Synthetic archive content for the obligations and reminder tests.

Documents are built as :class:`docintel.Document` values (not parsed), so these
tests exercise the store query and the reminders, not parse quality.
"""

from __future__ import annotations

import datetime as dt
import email
import hashlib
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from email.message import Message
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller

from docintel import (
    Assignee,
    Citation,
    DateValue,
    Deadline,
    Document,
    Issuer,
    Number,
    Source,
    Task,
    TextValue,
)
from docintel._normalise import fold

NOW = dt.datetime(2020, 8, 6, 8, 0, tzinfo=dt.UTC)


def make_doc(
    name: str,
    *,
    number: str,
    doc_type: str = "CV",
    issuer: str = "UBND tỉnh Lạng Sơn",
    issuer_id: str | None = "ubnd@lang-son",
    place: str = "Lạng Sơn",
    date: str = "2020-08-04",
    subject: str = "",
    tasks: Iterable[Task] = (),
    citations: Iterable[Citation] = (),
) -> Document:
    text = f"{issuer}\nSố: {number}\n{place}, ngày {date}\nV/v {subject}\n" + "\n".join(t.text for t in tasks)
    data = text.encode()
    seq, _, symbol = number.partition("/")
    doc = Document(
        text=text,
        source=Source(f"/archive/{name}.txt", hashlib.sha256(data).hexdigest(), "txt", len(data), "utf-8"),
        folded=fold(text),
        doc_type=doc_type,
        number=Number(number, int(seq) if seq.isdigit() else None, None, symbol or None),
        issuer=Issuer(issuer, agency_id=issuer_id),
        place=TextValue(place),
        date=DateValue(date),
        subject=TextValue(subject),
        tasks=list(tasks),
        citations=list(citations),
    )
    return doc


def task(tid: str, text: str, *assignees: tuple[str, str | None] | tuple[str, str | None, str],
         deadline: Deadline | None = None) -> Task:
    out = []
    for a in assignees:
        name, aid = a[0], a[1]
        role = a[2] if len(a) > 2 else "lead"  # type: ignore[misc]
        out.append(Assignee(name, role, agency_id=aid))  # type: ignore[arg-type]
    return Task(tid, text, assignees=out, deadline=deadline)


def cite(text: str, number: str, doc_type: str, relation: str | None, date: str | None = None,
         issuer: str | None = None) -> Citation:
    head, _, symbol = number.partition("/")
    return Citation(text=text, number=number, doc_type=doc_type, relation=relation, date=date, issuer=issuer,
                    seq=int(head) if head.isdigit() else None, symbol=symbol or None)


SYT = ("Sở Y tế", "so-y-te@lang-son")
STC = ("Sở Tài chính", "so-tai-chinh@lang-son", "support")
HUYEN = ("UBND các huyện, thành phố", None)

# the document the main one acts on: stored, so the chain goes through it
DOC_B = make_doc(
    "b",
    number="938/UBND-KGVX",
    date="2020-08-01",
    subject="phòng, chống dịch COVID-19",
    tasks=[task("1", "Sở Y tế tỉnh Lạng Sơn báo cáo tình hình dịch trước ngày 05/8/2020.",
                ("Sở Y tế tỉnh Lạng Sơn", "so-y-te@lang-son"),
                deadline=Deadline("trước ngày 05/8/2020", date="2020-08-05"))],
    citations=[cite("Công điện số 1/CĐ-TTg ngày 30/7/2020", "1/CĐ-TTg", "CĐ", "thực hiện", "2020-07-30",
                    "Thủ tướng Chính phủ")],
)

DOC_A = make_doc(
    "a",
    number="123/VP-KGVX",
    issuer="Văn phòng UBND tỉnh Lạng Sơn",
    issuer_id=None,
    date="2020-08-04",
    subject="tăng cường các biện pháp phòng, chống dịch COVID-19",
    tasks=[
        task("1", "Sở Y tế chủ trì, phối hợp Sở Tài chính bố trí kinh phí xét nghiệm, xong trước ngày 10/8/2020.",
             SYT, STC, deadline=Deadline("trước ngày 10/8/2020", date="2020-08-10")),
        task("2", "Giao UBND các huyện, thành phố rà soát, báo cáo chậm nhất ngày 08/8/2020.", HUYEN,
             deadline=Deadline("chậm nhất ngày 08/8/2020", date="2020-08-08")),
        task("3", "Sở Y tế báo cáo trước 15 giờ thứ Sáu hằng tuần.", SYT,
             deadline=Deadline("trước 15 giờ thứ Sáu hằng tuần", recurrence="weekly", weekday=4, time="15:00")),
        task("4", "Sở Thông tin và Truyền thông tuyên truyền thường xuyên.",
             ("Sở Thông tin và Truyền thông", "so-thong-tin-truyen-thong@lang-son"),
             deadline=Deadline("thường xuyên", recurrence="continuous")),
        task("5", "Sở Y tế hướng dẫn cách ly.", SYT),
    ],
    citations=[
        cite("Công văn số 938/UBND-KGVX ngày 01/8/2020", "938/UBND-KGVX", "CV", "thực hiện", "2020-08-01", "UBND tỉnh"),
        cite("Chỉ thị số 16/CT-TTg", "16/CT-TTg", "CT", "căn cứ", None, "Thủ tướng Chính phủ"),
        cite("Nghị định số 117/2020/NĐ-CP", "117/2020/NĐ-CP", "NĐ", "sửa đổi"),
    ],
)

# a different province's Sở Y tế: makes a bare "Sở Y tế" ambiguous when stored too
DOC_HN = make_doc(
    "hn",
    number="45/UBND-VX",
    issuer="UBND thành phố Hà Nội",
    issuer_id="ubnd@ha-noi",
    place="Hà Nội",
    date="2020-08-03",
    subject="xét nghiệm",
    tasks=[task("1", "Sở Y tế thành phố Hà Nội xét nghiệm.", ("Sở Y tế thành phố Hà Nội", "so-y-te@ha-noi"),
                deadline=Deadline("ngày 07/8/2020", date="2020-08-07"))],
)


def ingest(store: Any, docs: Iterable[Document]) -> list[int]:
    """Write documents as ``docintel.store.ingest`` does (rows, then citation links), without files."""
    from docintel.store._links import link_document
    from docintel.store._write import ensure_agencies, write_document

    ids = []
    for d in docs:
        with store.write() as conn:
            if d.issuer.agency_id and d.issuer.name:  # the issuer's agency row first (foreign key)
                ensure_agencies(conn, {d.issuer.agency_id: d.issuer.name})
            doc_id = write_document(conn, d, path=d.source.path, now=NOW)[0]
            link_document(conn, doc_id, now=NOW)
            ids.append(doc_id)
    return ids


# ---------------------------------------------------------------------------
# a real SMTP server on 127.0.0.1


class Collector:
    """aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Collector, int]]:
    """An aiosmtpd server on 127.0.0.1 (a free port) collecting what it is sent."""
    handler = Collector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
