"""Full-text search over the archive, diacritic- and đ-insensitive.

SQLite ranks with FTS5's bm25 (title fields weighted above the body), PostgreSQL
with ``ts_rank_cd`` over a weighted tsvector; both index the folded text
(:func:`docintel.fold`) and receive the folded, sanitised query
(:mod:`docintel.store._query`). Snippets are cut and highlighted in Python on the
original text (:mod:`docintel.store._snippet`), identically for both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Float,
    Select,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.sql import ColumnElement

from .._errors import Errors, QueryError
from .._normalise import fold, fold_key
from ._models import DOCUMENTS
from ._query import Query, Term, parse_query, to_fts5, to_tsquery
from ._snippet import Snippet, make_snippet

D = DOCUMENTS


@dataclass(slots=True)
class SearchHit:
    """One matching document, best first."""

    id: int
    score: float
    path: str
    version: int
    doc_type: str | None
    number: str | None
    issuer: str | None
    date: str | None
    subject: str | None
    urgency: str | None
    snippet: Snippet = field(default_factory=lambda: Snippet(""))
    copies: list[tuple[int, str]] = field(
        default_factory=list
    )  # (id, path) of the same dispatch's other files

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": round(self.score, 4),
            "path": self.path,
            "version": self.version,
            "doc_type": self.doc_type,
            "number": self.number,
            "issuer": self.issuer,
            "date": self.date,
            "subject": self.subject,
            "urgency": self.urgency,
            "snippet": self.snippet.text,
            "highlights": [list(h) for h in self.snippet.highlights],
            "copies": [{"id": i, "path": p} for i, p in self.copies],
        }


def dispatch_key(r: Any) -> tuple[Any, ...] | None:
    """What makes two stored files the same dispatch; ``None`` when too little is known to say."""
    subject = fold_key(r.subject or "")
    number = fold_key(r.number_text or "")
    if not (subject and (number or r.date)):
        return None
    return (r.doc_type, number, r.date, fold_key(r.issuer_name or ""), subject)


def parse_date(value: str | dt.date | None, *, end: bool = False) -> dt.date | None:
    """A filter date: ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` (the period's first day, or last with ``end``)."""
    if value is None or isinstance(value, dt.date):
        return value
    from ._write import date_range

    lo, hi = date_range(value.strip())
    if lo is None:
        raise QueryError(Errors.E050.format(value=value))
    return hi if end else lo


def _folded_choices(conn: Connection, col: Any, wanted: str) -> list[str]:
    """The stored values of a small-domain column (doc_type, urgency) that fold to ``wanted``."""
    key = fold_key(wanted)
    return [
        v
        for v in conn.execute(select(col).where(col.is_not(None)).distinct()).scalars()
        if fold_key(v) == key
    ]


def as_phrase(q: Query) -> Query | None:
    """The query's plain words as one phrase (``so y te`` → ``"so y te"``), when that means something else."""
    if len(q.groups) < 2 or any(len(g) != 1 or g[0].prefix for g in q.groups):
        return None
    tokens = tuple(tok for g in q.groups for tok in g[0].tokens)
    return Query([[Term(tokens)]], list(q.excluded), q.source)


def _run(conn: Connection, stmt: Select[Any]) -> list[tuple[int, float]]:
    return [(r.id, float(r.score or 0.0)) for r in conn.execute(stmt)]


def search_statement(conn: Connection, q: Query | None, filters: list[ColumnElement[bool]]) -> Select[Any]:
    """``SELECT id, score`` of the documents matching ``q`` and ``filters``, best first."""
    score: ColumnElement[Any]
    if q is None:
        score = literal_column("0.0", Float)
        stmt = select(D.c.id, score.label("score")).where(*filters)
        return stmt.order_by(D.c.date_max.desc().nulls_last(), D.c.id.desc())
    if conn.dialect.name == "sqlite":
        fts = table("documents_fts", column("rowid"))
        score = -func.bm25(literal_column("documents_fts"), 4.0, 1.0)
        return (
            select(D.c.id, score.label("score"))
            .select_from(D.join(fts, fts.c.rowid == D.c.id))
            .where(text("documents_fts MATCH :match").bindparams(match=to_fts5(q)), *filters)
            .order_by(literal_column("score").desc(), D.c.id.desc())
        )
    if conn.dialect.name == "postgresql":
        tsq = func.to_tsquery(bindparam("cfg", "simple", type_=REGCONFIG), bindparam("tsq", to_tsquery(q)))
        tsv: ColumnElement[Any] = literal_column("documents.search_tsv")
        score = func.ts_rank_cd(tsv, tsq)
        return (
            select(D.c.id, score.label("score"))
            .where(tsv.op("@@")(tsq), *filters)
            .order_by(literal_column("score").desc(), D.c.id.desc())
        )
    # another database: a substring scan of the folded text
    conds = [or_(*[D.c.folded.contains(" ".join(t.tokens), autoescape=True) for t in g]) for g in q.groups]
    conds += [~D.c.folded.contains(" ".join(t.tokens), autoescape=True) for t in q.excluded]
    score = literal_column("1.0", Float)
    return select(D.c.id, score.label("score")).where(*conds, *filters).order_by(D.c.id.desc())


def search(
    conn: Connection,
    query: str | Query = "",
    *,
    doc_type: str | None = None,
    issuer: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    urgency: str | None = None,
    limit: int = 20,
    offset: int = 0,
    all_versions: bool = False,
    snippet_width: int = 220,
    collapse: bool = True,
) -> list[SearchHit]:
    """Documents matching ``query`` (see :mod:`docintel.store._query` for the syntax) and the filters, best first.

    An empty query with at least one filter lists the filtered documents, newest first. With
    ``collapse``, copies of one dispatch (the same type, number, date, issuer and subject, e.g. its
    .txt, .pdf and .docx) make one hit, the others listed in :attr:`SearchHit.copies`.
    """
    q = query if isinstance(query, Query) else (parse_query(query) if query.strip() else None)
    filters: list[ColumnElement[bool]] = []
    if not all_versions:
        filters.append(D.c.superseded_by.is_(None))
    if doc_type:
        filters.append(D.c.doc_type.in_(_folded_choices(conn, D.c.doc_type, doc_type) or [doc_type]))
    if urgency:
        filters.append(D.c.urgency.in_(_folded_choices(conn, D.c.urgency, urgency) or [urgency]))
    if issuer:
        key = fold_key(issuer)
        if not key:
            raise QueryError(
                Errors.E041.format(reason=f"the issuer filter {issuer!r} has no letters or digits")
            )
        filters.append(or_(D.c.issuer_key.contains(key, autoescape=True), D.c.issuer_agency_id == issuer))
    lo = parse_date(date_from)
    hi = parse_date(date_to, end=True)
    if lo:
        filters.append(D.c.date_max >= lo)
    if hi:
        filters.append(D.c.date_min <= hi)
    if q is None and not filters[0 if all_versions else 1 :]:
        raise QueryError(
            Errors.E041.format(reason="empty query: give words to search for, or a filter such as --type")
        )
    limit = max(1, min(int(limit), 1000))

    want = offset + limit
    fetch = want * 3 if collapse else want  # room for the copies folded into one hit
    ranked = _run(conn, search_statement(conn, q, filters).limit(fetch))
    phrase = as_phrase(q) if q is not None else None
    phrased: set[int] = set()
    if phrase is not None and ranked:
        # the words typed next to each other rank first ("so y te": documents naming Sở Y tế come
        # before documents that merely contain số, y and tế somewhere)
        first = _run(conn, search_statement(conn, phrase, filters).limit(fetch))
        phrased = {i for i, _ in first}
        ranked = first + [p for p in ranked if p[0] not in phrased]
    if not ranked:
        return []
    meta = {
        r.id: r
        for r in conn.execute(
            select(
                D.c.id,
                D.c.path,
                D.c.version,
                D.c.format,
                D.c.doc_type,
                D.c.number_text,
                D.c.issuer_name,
                D.c.date,
                D.c.subject,
                D.c.urgency,
            ).where(D.c.id.in_([i for i, _ in ranked]))
        )
    }
    groups: dict[Any, list[tuple[int, float]]] = {}
    order: list[Any] = []
    for doc_id, sc in ranked:
        gkey: Any = (dispatch_key(meta[doc_id]) if collapse else None) or ("id", doc_id)
        if gkey not in groups:
            groups[gkey] = []
            order.append(gkey)
        groups[gkey].append((doc_id, sc))
    page = [groups[k] for k in order][offset:want]
    if not page:
        return []
    texts = {
        r.id: r
        for r in conn.execute(select(D.c.id, D.c.text, D.c.folded).where(D.c.id.in_([g[0][0] for g in page])))
    }
    hits = []
    for group in page:
        doc_id, sc = group[0]
        r, t = meta[doc_id], texts[doc_id]
        folded = t.folded if len(t.folded) == len(t.text) else fold(t.text)
        hits.append(
            SearchHit(
                id=r.id,
                score=sc,
                path=r.path,
                version=r.version,
                doc_type=r.doc_type,
                number=r.number_text,
                issuer=r.issuer_name,
                date=r.date,
                subject=r.subject,
                urgency=r.urgency,
                snippet=make_snippet(
                    t.text,
                    folded,
                    phrase if doc_id in phrased else q,
                    width=snippet_width,
                    fallback=r.subject,
                ),
                copies=[(o, meta[o].path) for o, _ in group[1:]],
            )
        )
    return hits


__all__ = ["SearchHit", "parse_date", "search"]
