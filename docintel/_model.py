"""Plain dataclasses that carry a document and everything extracted from it.

Every extracted value keeps its character span (``start``, ``end``) in the stored
text (:attr:`Document.text`), or ``None`` when the value was inferred rather than read.
:class:`Document` is both the pipeline's carrier and its result; ``to_contract``
(in :mod:`docintel._export`) turns it into the ``docintel.parse/1`` record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["to", "cc"]
AssigneeRole = Literal["lead", "support"]
Recurrence = Literal["daily", "weekly", "monthly", "quarterly", "yearly", "continuous"]
Authority = Literal["KT", "TM", "TL", "TUQ", "Q"]


@dataclass(slots=True)
class Source:
    path: str
    sha256: str
    format: str  # txt | md | pdf | docx (| image for OCR'd images, exported as pdf-like)
    size: int = 0
    encoding: str | None = None
    pages: int | None = None
    ocr: bool = False


@dataclass(slots=True)
class Line:
    """One line of the stored text, without its newline."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Block:
    """A contiguous region of the stored text (a segment)."""

    start: int
    end: int
    lines: list[Line] = field(default_factory=list)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class Segments:
    """Where each part of a dispatch lies (Decree 30/2020 components).

    ``header_left`` holds the issuing-body column (parent, issuer, ``Số:``, ``V/v``),
    ``header_right`` the national motto and the place-and-date line. They arrive
    merged line by line from OCR and PDF extraction; the segmenter splits them.
    """

    header_left: list[Line] = field(default_factory=list)
    header_right: list[Line] = field(default_factory=list)
    number_line: Line | None = None
    place_date: Line | None = None
    title: Block | None = None  # type name (QUYẾT ĐỊNH …) and the title lines under it
    subject: Block | None = None  # V/v … lines of a công văn
    urgency: Line | None = None
    kinh_gui: Block | None = None
    body: Block | None = None
    noi_nhan: Block | None = None
    signature: Block | None = None
    appendix: Block | None = None  # what follows the signing block: phụ lục, kế hoạch kèm theo, attached copies
    stamps: list[Block] = field(default_factory=list)  # digital-signature stamps, page markers
    issuer_lines: list[Line] = field(default_factory=list)  # left-column lines above Số: that name the issuer
    security: Line | None = None  # MẬT / TỐI MẬT / TUYỆT MẬT
    footer_read: bool = False  # split_footer ran on these segments (a document may have no footer)


@dataclass(slots=True)
class Number:
    text: str | None
    seq: int | None
    year: int | None
    symbol: str | None
    start: int | None = None
    end: int | None = None
    blank: bool = False


@dataclass(slots=True)
class Issuer:
    name: str | None
    parent: str | None = None
    start: int | None = None
    end: int | None = None
    parent_start: int | None = None
    parent_end: int | None = None
    from_body: bool = False
    agency_id: str | None = None
    co_issuers: list[TextValue] = field(default_factory=list)  # a joint document's other bodies, in header order


@dataclass(slots=True)
class DateValue:
    iso: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    start: int | None = None
    end: int | None = None

    @property
    def precision(self) -> str | None:
        if not self.iso:
            return None
        return {4: "year", 7: "month", 10: "day"}.get(len(self.iso))


@dataclass(slots=True)
class TextValue:
    value: str
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Recipient:
    name: str
    role: Role
    start: int | None = None
    end: int | None = None
    purpose: str | None = None  # (b/c), (để thực hiện) …
    agency_id: str | None = None


@dataclass(slots=True)
class Signer:
    name: str | None = None
    title: str | None = None
    authority: Authority | None = None
    for_: str | None = None
    chain: list[tuple[str, str]] = field(default_factory=list)  # every (prefix, title) level
    start: int | None = None
    end: int | None = None
    co_signers: list[Signer] = field(default_factory=list)  # the other blocks of a joint document (TTLT)


@dataclass(slots=True)
class DigitalSignature:
    signed_by: str | None = None
    organisation: str | None = None
    email: str | None = None
    signed_at: str | None = None  # ISO datetime where readable
    text: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Assignee:
    name: str
    role: AssigneeRole = "lead"
    start: int | None = None
    end: int | None = None
    agency_id: str | None = None
    inferred: bool = False  # taken from the lead-in or Kính gửi, not from the item


@dataclass(slots=True)
class Deadline:
    text: str
    date: str | None = None
    recurrence: Recurrence | None = None
    start: int | None = None
    end: int | None = None
    time: str | None = None  # HH:MM
    period_end: str | None = None
    estimated: bool = False
    immediate: bool = False
    open_end: bool = False
    weekday: int | None = None  # 0 = Monday, for weekly recurrences
    day_of_month: int | None = None
    rule: str | None = None
    month: int | None = None  # yearly: month of the year; quarterly: 1 = first, 3 = last month of the quarter
    interval: int = 1  # every `interval` periods ("định kỳ 6 tháng" = monthly, interval 6)
    duration: str | None = None  # relative deadlines: "5d", "3wd" (working days), "2w", "1m", "24h"
    anchor: str | None = None  # relative deadlines: document | receipt | event
    inherited: bool = False  # stated for a whole list (its lead-in, a closing sentence), not in the task's text


@dataclass(slots=True)
class Task:
    id: str
    text: str
    parent: str | None = None
    start: int | None = None
    end: int | None = None
    assignees: list[Assignee] = field(default_factory=list)
    deadline: Deadline | None = None
    kind: str = "item"  # item | sentence | article


@dataclass(slots=True)
class Citation:
    text: str
    number: str
    doc_type: str | None = None
    date: str | None = None
    issuer: str | None = None
    start: int = 0
    end: int = 0
    relation: str | None = None
    article: str | None = None
    seq: int | None = None
    year: int | None = None
    symbol: str | None = None
    subject: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Document:
    """A dispatch on its way through the pipeline, and the parse result."""

    text: str
    source: Source
    raw_offsets: list[int] = field(default_factory=list, repr=False)
    folded: str = field(default="", repr=False)
    segments: Segments | None = field(default=None, repr=False)
    doc_type: str | None = None
    type_name: TextValue | None = None
    number: Number | None = None
    issuer: Issuer = field(default_factory=lambda: Issuer(None))
    place: TextValue | None = None
    date: DateValue | None = None
    subject: TextValue | None = None
    urgency: TextValue | None = None
    security: TextValue | None = None
    recipients: list[Recipient] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    digital_signature: DigitalSignature | None = None
    tasks: list[Task] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: list[tuple[int, int]] = field(default_factory=list)  # page spans in the stored text
    page_confidence: list[float] = field(default_factory=list)  # OCR mean confidence per page
    extras: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict, repr=False)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


__all__ = [
    "Assignee",
    "AssigneeRole",
    "Authority",
    "Block",
    "Citation",
    "DateValue",
    "Deadline",
    "DigitalSignature",
    "Document",
    "Issuer",
    "Line",
    "Number",
    "Recipient",
    "Recurrence",
    "Role",
    "Segments",
    "Signer",
    "Source",
    "Task",
    "TextValue",
]
