"""A bare Document for the task extractor's tests: the text is the body (no segments: the step finds the body
itself), with the fields the extractor reads set by hand."""

from __future__ import annotations

from docintel._model import Document, Number, Recipient, Source
from docintel._normalise import fold
from docintel.tasks import extract_tasks


def task_doc(
    body: str,
    *,
    to: list[str] | None = None,
    doc_type: str | None = "CV",
    issuer: str | None = None,
    number: Number | None = None,
) -> Document:
    """``body`` as a document of ``doc_type`` with no date, issued by ``issuer`` under ``number``; each name of
    ``to`` is a ``Kính gửi`` recipient, spanned where the body holds it."""
    text = body.strip("\n") + "\n"
    d = Document(text, Source("t.txt", "", "txt"))
    d.folded = fold(text)
    d.doc_type = doc_type
    d.date = None
    d.number = number
    if issuer:
        d.issuer.name = issuer
    for name in to or []:
        s = text.find(name)
        d.recipients.append(Recipient(name, "to", s if s >= 0 else None, s + len(name) if s >= 0 else None))
    return d


def task_run(body: str, **kw: object) -> Document:
    """:func:`task_doc` with the task extractor run over it."""
    d = task_doc(body, **kw)  # type: ignore[arg-type]
    extract_tasks(d)
    return d


def task_leads(body: str, **kw: object) -> dict[str, list[str]]:
    """Each task's id and the names of its lead assignees."""
    return {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in task_run(body, **kw).tasks}
