"""Turn a parsed :class:`Document` into the ``docintel.parse/1`` record or a readable summary."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ._model import Document

SCHEMA = "docintel.parse/1"


def _span(start: int | None, end: int | None) -> dict[str, int | None]:
    return {"start": start, "end": end}


def to_contract(doc: Document) -> dict[str, Any]:
    """The contract object (see ../shared/contract): required fields plus our extras.

    Extra fields never rename or drop a contract field; spans are added as
    ``start``/``end`` next to the values they belong to.
    """
    n = doc.number
    sg = doc.signer
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "source": {"path": doc.source.path, "sha256": doc.source.sha256, "format": _contract_format(doc)},
        "doc_type": doc.doc_type,
        "number": None
        if n is None
        else {"text": n.text, "seq": n.seq, "year": n.year, "symbol": n.symbol, **_span(n.start, n.end)},
        "issuer": {
            "name": doc.issuer.name,
            "parent": doc.issuer.parent,
            **_span(doc.issuer.start, doc.issuer.end),
            "agency_id": doc.issuer.agency_id,
            "co_issuers": [{"name": c.value, **_span(c.start, c.end)} for c in doc.issuer.co_issuers],
        },
        "place": doc.place.value if doc.place else None,
        "date": doc.date.iso if doc.date else None,
        "subject": doc.subject.value if doc.subject else None,
        "urgency": doc.urgency.value if doc.urgency else None,
        "recipients": [
            {"name": r.name, "role": r.role, **_span(r.start, r.end), "purpose": r.purpose, "agency_id": r.agency_id}
            for r in doc.recipients
        ],
        "signer": {
            "name": sg.name,
            "title": sg.title,
            "authority": sg.authority,
            "for": sg.for_,
            "chain": [list(c) for c in sg.chain],
            **_span(sg.start, sg.end),
            "co_signers": [
                {"name": c.name, "title": c.title, "authority": c.authority, "for": c.for_, **_span(c.start, c.end)}
                for c in sg.co_signers
            ],
        },
        "tasks": [
            {
                "id": t.id,
                "parent": t.parent,
                "text": t.text,
                **_span(t.start, t.end),
                "kind": t.kind,
                "assignees": [
                    {"name": a.name, "role": a.role, **_span(a.start, a.end), "agency_id": a.agency_id, "inferred": a.inferred}
                    for a in t.assignees
                ],
                "deadline": None if t.deadline is None else asdict(t.deadline),
            }
            for t in doc.tasks
        ],
        "citations": [
            {
                "text": c.text,
                "doc_type": c.doc_type,
                "number": c.number,
                "date": c.date,
                "issuer": c.issuer,
                "start": c.start,
                "end": c.end,
                "relation": c.relation,
                "article": c.article,
                "seq": c.seq,
                "year": c.year,
                "symbol": c.symbol,
                "subject": c.subject,
                "mentions": [list(m) for m in c.mentions],
            }
            for c in doc.citations
        ],
        "warnings": list(doc.warnings),
        # extras
        "type_name": doc.type_name.value if doc.type_name else None,
        "security": doc.security.value if doc.security else None,
        "digital_signature": None if doc.digital_signature is None else asdict(doc.digital_signature),
        "spans": {
            "doc_type": _span(doc.type_name.start, doc.type_name.end) if doc.type_name else None,
            "place": _span(doc.place.start, doc.place.end) if doc.place else None,
            "date": _span(doc.date.start, doc.date.end) if doc.date else None,
            "subject": _span(doc.subject.start, doc.subject.end) if doc.subject else None,
            "urgency": _span(doc.urgency.start, doc.urgency.end) if doc.urgency else None,
            "issuer_parent": _span(doc.issuer.parent_start, doc.issuer.parent_end),
        },
        "pages": [list(p) for p in doc.pages],
        "ocr": {"pages_confidence": doc.page_confidence} if doc.source.ocr else None,
    }
    if doc.extras:
        out["extras"] = doc.extras
    return out


def _contract_format(doc: Document) -> str:
    f = doc.source.format
    return f if f in {"txt", "md", "pdf", "docx"} else "pdf"


def to_text(doc: Document) -> str:
    """A short, readable summary for a person."""
    c = to_contract(doc)
    lines = [f"{doc.source.path}"]
    num = (c["number"] or {}).get("text") if c["number"] else None
    lines.append(f"  type     {c['doc_type'] or '?'}   number {num or '—'}")
    issuer = c["issuer"]["name"] or "?"
    if c["issuer"]["parent"]:
        issuer += f"  (under {c['issuer']['parent']})"
    if c["issuer"].get("co_issuers"):
        issuer += "  (jointly with " + ", ".join(x["name"] for x in c["issuer"]["co_issuers"]) + ")"
    lines.append(f"  issuer   {issuer}")
    lines.append(f"  place    {c['place'] or '—'}   date {c['date'] or '—'}")
    if c["urgency"]:
        lines.append(f"  urgency  {c['urgency']}")
    if c["security"]:
        lines.append(f"  security {c['security']}")
    lines.append(f"  subject  {c['subject'] or '—'}")
    to = [r["name"] for r in c["recipients"] if r["role"] == "to"]
    cc = [r["name"] for r in c["recipients"] if r["role"] == "cc"]
    if to:
        lines.append("  to       " + "; ".join(to))
    if cc:
        lines.append("  cc       " + "; ".join(cc))
    s = c["signer"]
    if s["name"] or s["title"]:
        auth = f"{s['authority']}. {s['for']} / " if s["authority"] else ""
        lines.append(f"  signer   {auth}{s['title'] or ''} {s['name'] or ''}".rstrip())
    for t in c["tasks"]:
        who = ", ".join(a["name"] + ("" if a["role"] == "lead" else " (phối hợp)") for a in t["assignees"]) or "—"
        due = ""
        if t["deadline"]:
            d = t["deadline"]
            due = f"  due {d['date'] or d['recurrence'] or d['text']}"
        text = t["text"].replace("\n", " ")
        lines.append(f"  task {t['id']:<6} [{who}]{due}: {text[:90]}{'…' if len(text) > 90 else ''}")
    for ci in c["citations"]:
        extra = " ".join(x for x in (ci["date"] or "", ci["issuer"] or "", ci["relation"] or "") if x)
        lines.append(f"  cites    {ci['doc_type'] or '?'} {ci['number']} {extra}".rstrip())
    for w in c["warnings"]:
        lines.append(f"  warning  {w}")
    return "\n".join(lines)


__all__ = ["SCHEMA", "to_contract", "to_text"]
