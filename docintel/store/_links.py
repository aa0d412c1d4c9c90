"""Linking citations to stored documents.

A citation (``Công văn số 938/UBND-KGVX ngày 04/8/2020``) is resolved against
candidate documents prefiltered from the archive by running number (or, when the
citation has none, by symbol), with the resolver of :mod:`docintel._resolve`
(a replaceable callable; a strict exact-number fallback is used when that module
is absent). Resolution runs both ways when a document is written: its own
citations, and every still-unresolved citation elsewhere that could point to it,
so a reference made before its target arrived links once the target is ingested.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, or_, select, update

from .._model import Citation
from .._normalise import fold_key
from ._models import CITATIONS, DOCUMENTS

D = DOCUMENTS
C = CITATIONS


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored document a citation might point to."""

    id: int
    doc_type: str | None
    number: str | None
    seq: int | None
    year: int | None
    symbol: str | None
    date: str | None
    issuer: str | None
    issuer_parent: str | None = None
    issuer_agency_id: str | None = None
    subject: str | None = None
    sha256: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A resolved citation: the target document id, how sure, and why."""

    target_id: int
    confidence: float
    evidence: dict[str, Any] = field(default_factory=dict)


Resolver = Callable[[Citation, Sequence[Candidate], str | None], Link | None]

_CAND_COLS = (
    D.c.id,
    D.c.doc_type,
    D.c.number_text,
    D.c.number_seq,
    D.c.number_year,
    D.c.number_symbol,
    D.c.date,
    D.c.issuer_name,
    D.c.issuer_parent,
    D.c.issuer_agency_id,
    D.c.subject,
    D.c.sha256,
)


def _candidate(r: Any) -> Candidate:
    return Candidate(
        id=r.id,
        doc_type=r.doc_type,
        number=r.number_text,
        seq=r.number_seq,
        year=r.number_year,
        symbol=r.number_symbol,
        date=r.date,
        issuer=r.issuer_name,
        issuer_parent=r.issuer_parent,
        issuer_agency_id=r.issuer_agency_id,
        subject=r.subject,
        sha256=r.sha256,
    )


def fallback_resolve(
    citation: Citation, candidates: Sequence[Candidate], citing_date: str | None = None
) -> Link | None:
    """The one candidate with the same number text whose type and date do not contradict the citation."""
    key = fold_key(citation.number)
    if not key:
        return None
    fits = []
    for c in candidates:
        if not c.number or fold_key(c.number) != key:
            continue
        if citation.doc_type and c.doc_type and citation.doc_type != c.doc_type:
            continue
        if (
            citation.date
            and c.date
            and not (c.date.startswith(citation.date) or citation.date.startswith(c.date))
        ):
            continue
        fits.append(c)
    if len(fits) != 1:
        return None  # nothing, or ambiguous: resolve to nothing rather than guess
    c = fits[0]
    dated = bool(citation.date and c.date and citation.date == c.date)
    return Link(c.id, 1.0 if dated else 0.8, {"rule": "exact number", "date_match": dated})


def default_resolver() -> Resolver:
    """E's resolver (:func:`docintel._resolve.resolve_citation`) when present, else :func:`fallback_resolve`."""
    try:
        from .. import _resolve
    except ImportError:
        return fallback_resolve
    fn = getattr(_resolve, "resolve_citation", None)
    if fn is None:
        return fallback_resolve
    as_candidate = getattr(_resolve, "as_candidate", None)

    def resolve(citation: Citation, candidates: Sequence[Candidate], citing_date: str | None) -> Link | None:
        theirs = [as_candidate(c) for c in candidates] if as_candidate else list(candidates)
        return _as_link(fn(citation, theirs, citing_date=citing_date))

    return resolve


def _as_link(result: Any) -> Link | None:
    """Our :class:`Link` from a resolver's answer (``target_id`` may be a string id, or ``None``: no link)."""
    if result is None:
        return None
    if isinstance(result, Link):
        return result
    target = getattr(result, "target_id", None)
    if target is None:
        return None
    try:
        target_id = int(target)
    except (TypeError, ValueError):
        return None
    conf = getattr(result, "confidence", None)
    evidence = getattr(result, "evidence", None)
    ev = dict(evidence) if isinstance(evidence, dict) else {}
    method = getattr(result, "method", None)
    if method:
        ev = {"method": method, **ev}
    return Link(target_id, float(conf) if conf is not None else 1.0, ev)


def citation_of(row: Any) -> Citation:
    return Citation(
        text=row.text,
        number=row.number,
        doc_type=row.doc_type,
        date=row.date,
        issuer=row.issuer,
        start=row.start,
        end=row.end,
        relation=row.relation,
        article=row.article,
        seq=row.seq,
        year=row.year,
        symbol=row.symbol,
        subject=row.subject,
    )


def candidates_for(conn: Connection, citation: Citation, *, exclude: int | None = None) -> list[Candidate]:
    """Documents whose running number (or, without one, symbol; or else number text) equals the citation's;
    latest versions only."""
    q = _candidate_query(citation)
    if q is None:
        return []
    if exclude is not None:
        q = q.where(D.c.id != exclude)
    return [_candidate(r) for r in conn.execute(q.limit(200))]


def _candidate_query(citation: Citation) -> Any:
    """Latest documents with the citation's running number, plus blank-numbered ones (e-signed copies,
    ``Số: /VP-KGVX``) with its symbol; without a running number, every document with its symbol."""
    q = select(*_CAND_COLS).where(D.c.superseded_by.is_(None))
    sk = fold_key(citation.symbol) if citation.symbol else ""
    if citation.seq is not None:
        if sk:
            return q.where(
                or_(D.c.number_seq == citation.seq, (D.c.symbol_key == sk) & D.c.number_seq.is_(None))
            )
        return q.where(D.c.number_seq == citation.seq)
    if sk:
        return q.where(D.c.symbol_key == sk)
    num = citation.number.strip()
    return q.where(D.c.number_text == num) if num else None


def link_document(
    conn: Connection, doc_id: int, *, resolver: Resolver | None = None, now: dt.datetime | None = None
) -> int:
    """Resolve ``doc_id``'s citations, and others' unresolved ones that could point to it; returns links made.

    Candidates and answers are cached within the call, so many citations of one number cost one
    lookup and one resolver call.
    """
    resolve = resolver or default_resolver()
    now = now or dt.datetime.now(dt.UTC)
    doc = conn.execute(
        select(D.c.number_seq, D.c.symbol_key, D.c.number_text).where(D.c.id == doc_id)
    ).first()
    base = (
        select(C, D.c.date.label("citing_date"))
        .join(D, D.c.id == C.c.document_id)
        .where(C.c.target_doc_id.is_(None))
    )
    rows: dict[int, Any] = {r.id: r for r in conn.execute(base.where(C.c.document_id == doc_id))}
    if doc is not None:
        others = base.where(C.c.document_id != doc_id)
        wheres = []
        if doc.number_seq is not None:
            wheres.append(C.c.seq == doc.number_seq)
        if doc.symbol_key:
            # a blank-numbered document can be what any citation of its symbol means
            sym = C.c.symbol_key == doc.symbol_key
            wheres.append(sym if doc.number_seq is None else sym & C.c.seq.is_(None))
        if doc.number_text:
            wheres.append(C.c.number == doc.number_text)
        for w in wheres:  # one indexed lookup each
            for r in conn.execute(others.where(w).limit(5000)):
                rows.setdefault(r.id, r)
    pools: dict[Any, list[Candidate]] = {}
    answers: dict[Any, Link | None] = {}
    made = 0
    for row in rows.values():
        cit = citation_of(row)
        pool_key = (
            cit.seq,
            fold_key(cit.symbol) if cit.symbol else None,
            cit.number.strip(),
        )
        if pool_key not in pools:
            q = _candidate_query(cit)
            pools[pool_key] = [_candidate(r) for r in conn.execute(q.limit(200))] if q is not None else []
        cands = [c for c in pools[pool_key] if c.id != row.document_id]
        answer_key = (
            pool_key,
            cit.doc_type,
            cit.date,
            cit.issuer,
            cit.subject,
            row.citing_date,
            tuple(c.id for c in cands),
        )
        if answer_key not in answers:
            answers[answer_key] = resolve(cit, cands, row.citing_date) if cands else None
        link = answers[answer_key]
        if link is None or link.target_id == row.document_id:
            continue
        conn.execute(
            update(C)
            .where(C.c.id == row.id)
            .values(
                target_doc_id=link.target_id,
                confidence=link.confidence,
                evidence=link.evidence,
                resolved_at=now,
            )
        )
        made += 1
    return made


__all__ = [
    "Candidate",
    "Link",
    "Resolver",
    "candidates_for",
    "citation_of",
    "default_resolver",
    "fallback_resolve",
    "link_document",
]
