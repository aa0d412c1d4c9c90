"""Full-text search over the archive, diacritic- and đ-insensitive.

SQLite ranks with FTS5's bm25 (title fields weighted above the body), PostgreSQL
with ``ts_rank_cd`` over a weighted tsvector; both index the folded text
(:func:`docintel.fold`) and receive the folded, sanitised query
(:mod:`docintel.store._query`). Snippets are cut and highlighted in Python on the
original text (:mod:`docintel.store._snippet`), identically for both.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import regex
from sqlalchemy import (
    Connection,
    Float,
    Select,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, REGCONFIG
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.elements import BindParameter

from .._errors import Errors, QueryError
from .._normalise import fold, fold_key
from .._resolve import dispatch_key as same_dispatch_key
from ._models import DOCUMENTS, SIGNERS
from ._query import Query, Term, parse_query, to_fts5, to_tsquery
from ._snippet import Snippet, make_snippet

D = DOCUMENTS
S = SIGNERS


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
    """What makes two stored files the same dispatch (:func:`~docintel._resolve.dispatch_key` of a documents row)."""
    return same_dispatch_key(r.doc_type, r.number_text, r.date, r.issuer_name, r.subject, r.signer_name)


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


def known_doc_types() -> list[tuple[str, str]]:
    """(code, name) of every document type the parser gives (``rules/doc_types.yaml``: Decree
    30/2020 Appendix III, legal normative documents, pre-2020 and Party forms), in table order."""
    from ..fields._doctype import doc_types

    seen: dict[str, str] = {}
    for t in doc_types():
        seen.setdefault(t.abbr, t.name)
    return list(seen.items())


def doc_type_codes(value: str) -> list[str]:
    """The type codes a user means by ``value``: a code as printed (``QĐ``, ``HD``), the same in any
    case or without marks (``qd``; ``hd`` is both HD hướng dẫn and HĐ hợp đồng), a code as written in a
    symbol, or a type name (``công văn``, ``quyet dinh``); ``[]`` when the table has no such type."""
    from .._normalise import nfc
    from ..fields._doctype import type_by_name, type_from_symbol

    raw = nfc(value).strip()
    key = fold_key(raw).replace(" ", "")
    if not key:
        return []
    codes = [c for c, _ in known_doc_types()]
    exact = [c for c in codes if c == raw]
    if exact:
        return exact
    folded = [c for c in codes if fold_key(c).replace(" ", "") == key]
    if folded:
        return folded
    t = type_by_name(raw) or type_from_symbol(raw)
    return [t.abbr] if t is not None else []


def _doc_type_filter(conn: Connection, doc_type: str) -> ColumnElement[bool]:
    """``documents.doc_type`` is a type ``doc_type`` names; an unknown type is a
    :class:`QueryError` listing the valid codes (it would silently find nothing)."""
    codes = doc_type_codes(doc_type)
    stored = [] if codes else _folded_choices(conn, D.c.doc_type, doc_type)  # a type the table lacks
    if not codes and not stored:
        listed = ", ".join(c for c, _ in known_doc_types())
        raise QueryError(
            Errors.E041.format(
                reason=f"unknown document type {doc_type!r}: use a code ({listed}) or a name such as 'công văn', 'quyết định'"
            )
        )
    return D.c.doc_type.in_(codes or stored)


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
        norm = several_words_normalization(q)

        def rank_by(query: ColumnElement[Any]) -> ColumnElement[Any]:
            return func.ts_rank_cd(tsv, query, norm) if norm else func.ts_rank_cd(tsv, query)

        score = rank_by(tsq)
        match: ColumnElement[bool] = tsv.op("@@")(tsq)
        if any(len(t.tokens) > 1 for t in [*q.terms, *q.excluded]):
            # a phrase: tsvector positions stop at 16383 and keep 255 per word, so in a long text the
            # index cannot see a phrase late in it; such documents are checked on their folded text
            loose = func.to_tsquery(bindparam("cfg", "simple", type_=REGCONFIG), bindparam("loose", to_tsquery(q, loose=True)))
            summary = _has_summary(conn)
            again = and_(tsv.op("@@")(loose), pg_phrase_safe_match(q, summary=summary))
            cheap = [_may_be_capped(t) for t in q.terms if len(t.tokens) > 1] if summary else [None]
            if any(len(t.tokens) > 1 for t in q.excluded):
                match = again  # the tsvector may miss an excluded phrase too: every match is checked
            elif cheap and all(c is not None for c in cheap):
                # most documents match the phrase in the tsvector or cannot hide it (read in the row)
                match = or_(match, and_(or_(*[c for c in cheap if c is not None]), again))
            else:
                match = or_(match, again)
            score = func.coalesce(func.nullif(score, 0.0), rank_by(loose))  # found on the text: rank its words
        return (
            select(D.c.id, score.label("score"))
            .where(match, *filters)
            .order_by(literal_column("score").desc(), D.c.id.desc())
        )
    # another database: a substring scan of the folded text
    conds = [or_(*[D.c.folded.contains(" ".join(t.tokens), autoescape=True) for t in g]) for g in q.groups]
    conds += [~D.c.folded.contains(" ".join(t.tokens), autoescape=True) for t in q.excluded]
    score = literal_column("1.0", Float)
    return select(D.c.id, score.label("score")).where(*conds, *filters).order_by(D.c.id.desc())


# ---------------------------------------------------------------------------
# PostgreSQL: phrases beyond the tsvector's positions
#
# A tsvector keeps a word's positions up to 16383 (later ones all become 16383) and at most 255
# positions per word (later ones are dropped), so ``<->`` cannot see a phrase whose words occur
# only there: in a long vbpl text a phrase first written at word ~30,200 was found by SQLite's FTS5
# (no such limits) and not by PostgreSQL. A phrase term therefore matches when the tsvector says
# so, or when one of its words reached a limit in this document and the folded text holds the
# phrase (a regular expression with the index's own word boundaries, [^[:alnum:]]+). Only the
# documents that have every word (the GIN index) but not the phrase in the tsvector are looked at
# again, and of those only the ones whose phrase words are capped have their text read.

POSITION_LIMIT = 16383  # the last position a tsvector keeps (MAXENTRYPOS - 1)
POSITIONS_PER_WORD = 255  # positions a tsvector keeps for one word (MAXNUMPOS - 1)


def phrase_regex(t: Term) -> str:
    """A PostgreSQL regular expression finding the phrase in folded text, whole words, any
    non-alphanumeric run between them (what the tsvector's ``regexp_replace`` makes one space)."""
    body = "[^[:alnum:]]+".join(regex.sub(r"([^0-9A-Za-z])", r"\\\1", tok) for tok in t.tokens)
    tail = "[[:alnum:]]*" if t.prefix else "([^[:alnum:]]|$)"
    return "(^|[^[:alnum:]])" + body + tail


def _may_be_capped(t: Term) -> ColumnElement[bool] | None:
    """A cheap necessary condition for :func:`_capped` read in the row, without the tsvector:
    a text long enough to reach position 16383, or a phrase word whose weighted count
    (``search_summary``: 0.4 a body position, 1.0 a title one) allows 255 positions. ``None`` when
    a word is not its own lexeme (the summary cannot tell)."""
    words = t.tokens[:-1] if t.prefix else t.tokens
    if t.prefix or not all(_PLAIN.fullmatch(w) for w in words):
        return None
    summary = literal_column("documents.search_summary", JSONB)
    full = POSITIONS_PER_WORD * 0.4 - 1e-6
    counts = [func.coalesce(summary["t"][w].astext.cast(Float), summary["f"].astext.cast(Float)) >= full for w in words]
    return or_(func.octet_length(D.c.folded) >= 2 * POSITION_LIMIT, *counts)


def _capped(t: Term) -> ColumnElement[bool]:
    """One of the phrase's words reached the tsvector's limits in this document (SQL)."""
    words = " ".join(t.tokens[:-1] if t.prefix else t.tokens)
    limited = text(
        "EXISTS (SELECT 1 FROM unnest(ts_filter(setweight(documents.search_tsv, 'D',"
        " tsvector_to_array(to_tsvector('simple'::regconfig, :words))), '{d}')) AS u"
        " WHERE cardinality(u.positions) >= :per_word"
        " OR u.positions[cardinality(u.positions)] >= :last)"
    ).bindparams(
        bindparam("words", words, unique=True),
        bindparam("per_word", POSITIONS_PER_WORD, unique=True),
        bindparam("last", POSITION_LIMIT, unique=True),
    )
    if not t.prefix:
        return cast("ColumnElement[bool]", limited)  # a boolean SQL text (and_/or_ take it as one)
    # the prefix's words are not known: a text long enough to reach position 16383, or to hold a
    # word 255 times, may hide them
    return or_(cast("ColumnElement[bool]", limited), func.octet_length(D.c.folded) >= 2 * POSITIONS_PER_WORD)


def pg_phrase_safe_match(q: Query, *, summary: bool = False) -> ColumnElement[bool]:
    """``q`` as a PostgreSQL condition that finds every phrase the folded text holds, even past
    the tsvector's limits (see above); single words keep the plain ``@@``. ``summary``: the archive
    has ``search_summary`` (migration 0002), which rules most documents out before their
    tsvector is read a second time."""
    tsv: ColumnElement[Any] = literal_column("documents.search_tsv")
    cfg = bindparam("cfg", "simple", type_=REGCONFIG)

    def term(t: Term) -> ColumnElement[bool]:
        found = tsv.op("@@")(func.to_tsquery(cfg, bindparam("t", to_tsquery(Query([[t]])), unique=True)))
        if len(t.tokens) < 2:
            return found
        pattern: BindParameter[str] = bindparam("re", phrase_regex(t), unique=True)
        cheap = _may_be_capped(t) if summary else None
        capped = _capped(t) if cheap is None else and_(cheap, _capped(t))
        return or_(found, and_(capped, D.c.folded.op("~")(pattern)))

    conds = [or_(*[term(t) for t in g]) if len(g) > 1 else term(g[0]) for g in q.groups]
    conds += [~term(t) for t in q.excluded]
    return and_(*conds)


# PostgreSQL's ts_rank_cd normalisation of several-word queries (a bit mask, see the PostgreSQL
# manual, "Ranking Search Results"): 1 divides by 1 + log(document length), 8 by the document's
# number of distinct words. Without it, a long letter that happens to hold the words together
# a few times ("quy định lập hóa đơn", 39,000 characters) outranks the short dispatch about
# huyện Đình Lập for "dinh lap", where SQLite's bm25 (which normalises length) ranks the dispatch
# first. Measured over 20 several-word queries on the seeds + 239 wild letters, PostgreSQL's
# top 10 shared 5.7 documents with SQLite's and the same first hit 8 times with no
# normalisation; 7.95 and 17 times with 1|8 (2 alone: 8.15 and 13; 8 alone: 7.5 and 15).
# One-word queries keep the plain score: it is what migration 0002's bound (search_summary)
# bounds, so their pruned ranking stays exact.
SEVERAL_WORDS_NORMALIZATION = 1 | 8


def several_words_normalization(q: Query) -> int:
    """The ``ts_rank_cd`` normalisation for ``q``: 0 (none) for one word (prefix or not), else
    :data:`SEVERAL_WORDS_NORMALIZATION`."""
    tokens = sum(len(t.tokens) for t in q.terms)
    return 0 if tokens <= 1 else SEVERAL_WORDS_NORMALIZATION


def rank(
    conn: Connection, q: Query | None, filters: list[ColumnElement[bool]], limit: int
) -> list[tuple[int, float]]:
    """The best ``limit`` ``(id, score)`` of the documents matching ``q`` and ``filters``, best first.

    The same list as :func:`reference_rank` (which scores every match); on PostgreSQL only the
    documents whose score bound can reach the top are scored (:func:`_rank_bounded`).
    """
    if q is None or conn.dialect.name != "postgresql":
        return reference_rank(conn, q, filters, limit)
    if len(q.groups) == 1 and len(q.groups[0]) == 1 and _has_summary(conn):
        term = q.groups[0][0]
        if len(term.tokens) == 1 and not term.prefix:
            with _index_scan(conn):  # read the bound of every match, never its tsvector
                return _rank_bounded(conn, q, filters, limit)
    # several words: their bound is too loose to prune (see below); score every match, but
    # through the GIN index, so that only ts_rank_cd reads each tsvector (a sequential scan
    # would detoast it twice, for @@ and again for the rank)
    with _index_scan(conn):
        return reference_rank(conn, q, filters, limit)


@contextmanager
def _index_scan(conn: Connection) -> Iterator[None]:
    """Within the read transaction, let the planner choose no sequential scan.

    The planner does not count detoasting: a sequential scan reads every search_tsv to test @@,
    while the GIN index answers a query without phrases exactly, without reading a row's tsvector.
    """
    seqscan = conn.execute(
        text("SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)")
    ).scalar()
    try:
        yield
    finally:
        conn.execute(text("SELECT set_config('enable_seqscan', :v, true)"), {"v": seqscan})


# ---------------------------------------------------------------------------
# PostgreSQL: score only what can reach the top
#
# ts_rank_cd(search_tsv, q) (default weights, no normalisation) walks the "covers" of the query in
# the list E of the document's positions that hold one of the query's lexemes (every operand,
# negated ones included), sorted by position. Each cover adds Cpos / (1 + noise) where Cpos is the
# harmonic mean of the weights of the entries it spans, and each cover starts at a later entry of
# E than the one before. The title's positions (weight A) all precede the body's (weight B), so
# no entry of a cover weighs more than its first: a cover adds at most the weight of its first
# entry, and the score is at most the sum of the weights of E — the query lexemes' weighted
# counts. Migration 0002 stores them for each document's 32 heaviest lexemes
# (search_summary.t), with the heaviest count of any other lexeme (f) and their sum (r): for a
# lexeme not listed the bound is f, for a prefix r plus the listed lexemes it begins. The bound
# is exact for a one-word query (each occurrence is a cover of its own), so that is where it is
# used. Several words (AND, phrase): for an AND of positive words each cover is a minimal window
# holding every word, begins and ends strictly increase, and the covers holding one position begin
# at entries of distinct words, so an occurrence lies in at most k covers (k words) and the score is
# at most min(sum of weighted counts, k * the rarest word's count, split by title/body weight) —
# sound (no violation over 60 queries x all wild letters), but every cover is also divided by
# 1 + the words between its ends, which no per-lexeme summary knows: even with exact per-word
# title/body counts (better than any summary) a top-20 needs the median AND query to score 100% of
# its matches and the median phrase 95%, bounds 2-1000 times the score. So several words, phrases
# and prefixes score every match (the GIN index, not a scan, finds them).
#
# _rank_bounded reads the bound of every match (a few hundred bytes in the row: no TOAST, and the
# GIN index answers the match without reading search_tsv when the query has no phrase) and runs
# ts_rank_cd, which detoasts the whole tsvector, on the best-bounded candidates only, widening the
# candidate set until the last score kept beats every bound left out.

_BOUND_SLACK = 1e-6  # ts_rank_cd rounds its double sum to float4: compare with a margin
_FIRST_ROUND = 256  # candidates scored first: a bound costs microseconds, a score a detoasted tsvector
_HAS_SUMMARY: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def _has_summary(conn: Connection) -> bool:
    """Whether the archive has ``documents.search_summary`` (migration 0002; not when opened without upgrading)."""
    engine = conn.engine
    known = _HAS_SUMMARY.get(engine)
    if known is None:
        known = bool(
            conn.execute(
                text(
                    "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('documents')"
                    " AND attname = 'search_summary' AND NOT attisdropped)"
                )
            ).scalar()
        )
        _HAS_SUMMARY[engine] = known
    return known


def _loose_tsquery(q: Query) -> str:
    """A tsquery every match of ``q`` matches, without phrase operators (see ``to_tsquery(loose=True)``)."""
    return to_tsquery(q, loose=True)


_PLAIN = regex.compile(r"[a-z]{1,100}|[0-9]{1,100}")  # the parser's asciiword / uint: the token is its lexeme


def _query_lexemes(conn: Connection, q: Query) -> tuple[set[str], set[str]]:
    """The lexemes (exact, prefixes) of every operand of ``q``, excluded ones included, as
    PostgreSQL's parser makes them (a token it splits counts as all its parts)."""
    tokens: list[tuple[str, bool]] = []
    for t in [*q.terms, *q.excluded]:
        tokens += [(tok, t.prefix and i == len(t.tokens) - 1) for i, tok in enumerate(t.tokens)]
    exact: set[str] = set()
    prefixes: set[str] = set()
    if all(_PLAIN.fullmatch(tok) for tok, _ in tokens):  # one word of letters, or of digits, each
        for tok, prefix in tokens:
            (prefixes if prefix else exact).add(tok)
        return exact, prefixes
    rows = conn.execute(
        text(
            "SELECT t.k, l FROM unnest(CAST(:toks AS text[])) WITH ORDINALITY AS t(tok, k),"
            " unnest(tsvector_to_array(to_tsvector('simple', t.tok))) AS l"
        ),
        {"toks": [tok for tok, _ in tokens]},
    )
    for k, lexeme in rows:
        (prefixes if tokens[k - 1][1] else exact).add(lexeme)
    return exact, prefixes


def _bound(exact: set[str], prefixes: set[str]) -> ColumnElement[Any]:
    """The SQL upper bound of ``ts_rank_cd(search_tsv, q)`` from ``search_summary``."""
    summary = literal_column("documents.search_summary", JSONB)
    listed = summary["t"]
    floor = summary["f"].astext.cast(Float)
    parts: list[ColumnElement[Any]] = [
        func.coalesce(listed[lexeme].astext.cast(Float), floor) for lexeme in sorted(exact)
    ]
    for p in sorted(prefixes):
        each = func.jsonb_each_text(listed).table_valued("key", "value")
        heads = (
            select(func.coalesce(func.sum(each.c.value.cast(Float)), 0.0))
            .where(func.starts_with(each.c.key, p))
            .scalar_subquery()
        )
        parts.append(heads + summary["r"].astext.cast(Float))
    bound = parts[0]
    for part in parts[1:]:
        bound = bound + part
    return bound


def _rank_bounded(
    conn: Connection, q: Query, filters: list[ColumnElement[bool]], limit: int
) -> list[tuple[int, float]]:
    exact, prefixes = _query_lexemes(conn, q)
    if prefixes or not exact:
        # a prefix's bound (r) is most of the document: it would prune nothing; and a query of
        # words PostgreSQL does not index matches what PostgreSQL says
        return reference_rank(conn, q, filters, limit)
    cfg = bindparam("cfg", "simple", type_=REGCONFIG)
    tsv: ColumnElement[Any] = literal_column("documents.search_tsv")
    loose_text = _loose_tsquery(q)
    strict_text = to_tsquery(q)
    loose = func.to_tsquery(cfg, bindparam("loose", loose_text))
    strict = func.to_tsquery(cfg, bindparam("tsq", strict_text))
    bound = _bound(exact, prefixes)
    candidates = select(D.c.id, bound.label("bound")).where(tsv.op("@@")(loose), *filters)
    score = select(D.c.id, func.ts_rank_cd(tsv, strict).label("score"))
    if q.excluded and any(len(t.tokens) > 1 for t in q.excluded):
        # an excluded phrase, also where the tsvector cannot see it (a long text)
        score = score.where(pg_phrase_safe_match(q, summary=True))
    elif loose_text != strict_text:  # a phrase: the candidates matched its words, not yet the phrase
        score = score.where(tsv.op("@@")(strict))
    scored: dict[int, float] = {}

    def fetch(stmt: Select[Any]) -> list[tuple[int, float]]:
        return [(r.id, float(r.bound)) for r in conn.execute(stmt)]

    def score_them(ids: list[int]) -> None:
        todo = [i for i in ids if i not in scored]
        if todo:
            scored.update((r.id, float(r.score)) for r in conn.execute(score.where(D.c.id.in_(todo))))
            scored.update((i, -1.0) for i in todo if i not in scored)  # its words, not the phrase

    def best() -> list[tuple[int, float]]:
        return sorted(((i, s) for i, s in scored.items() if s >= 0), key=lambda p: (-p[1], -p[0]))[:limit]

    want = max(4 * limit, _FIRST_ROUND)
    while True:
        cands = fetch(candidates.order_by(bound.desc(), D.c.id.desc()).limit(want + 1))
        score_them([i for i, _ in cands[:want]])
        top = best()
        if len(cands) <= want:  # every match scored
            return top
        if len(top) == limit:
            break
        want *= 4  # the phrase rejected too many candidates: look further
    # threshold: a document whose bound is below the last score kept cannot enter the top (nor
    # tie it: ties go to the higher id, so equal bounds are scored too)
    floor = top[-1][1] * (1 - _BOUND_SLACK) - _BOUND_SLACK
    if cands[want][1] >= floor:
        score_them([i for i, _ in fetch(candidates.where(bound >= floor))])
    return best()


def reference_rank(
    conn: Connection, q: Query | None, filters: list[ColumnElement[bool]], limit: int
) -> list[tuple[int, float]]:
    """:func:`rank` by scoring every matching document (what any shortcut must agree with)."""
    return _run(conn, search_statement(conn, q, filters).limit(limit))


def search_filters(
    conn: Connection,
    *,
    doc_type: str | None = None,
    issuer: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    urgency: str | None = None,
    signer: str | None = None,
    all_versions: bool = False,
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of :func:`search`'s filters (the first is "not superseded" unless ``all_versions``)."""
    filters: list[ColumnElement[bool]] = []
    if not all_versions:
        filters.append(D.c.superseded_by.is_(None))
    if doc_type:
        filters.append(_doc_type_filter(conn, doc_type))
    if urgency:
        filters.append(D.c.urgency.in_(_folded_choices(conn, D.c.urgency, urgency) or [urgency]))
    if issuer:
        key = fold_key(issuer)
        if not key:
            raise QueryError(
                Errors.E041.format(reason=f"the issuer filter {issuer!r} has no letters or digits")
            )
        filters.append(or_(*_issuer_conditions(issuer, key)))
    if signer:
        filters.append(signed_by(signer))
    lo = parse_date(date_from)
    hi = parse_date(date_to, end=True)
    if lo and hi and lo > hi:  # an empty window is a typo, not "no matches"
        raise QueryError(Errors.E041.format(reason=f"the date range {date_from} … {date_to} is empty (from is after to)"))
    if lo:
        filters.append(D.c.date_max >= lo)
    if hi:
        filters.append(D.c.date_min <= hi)
    return filters


def _issuer_conditions(issuer: str, key: str) -> list[ColumnElement[bool]]:
    """The ways a stored document's issuer can be the one asked for: its folded name contains the
    words, it is that agency id, or the registry reads the name as a body (abbreviations and
    aliases: "Cục Thuế TP HCM", "Bộ LĐTBXH", "BTC") whose id the parse stored — every instance
    for a generic name ("Cục Thuế")."""
    conds: list[ColumnElement[bool]] = [D.c.issuer_key.contains(key, autoescape=True), D.c.issuer_agency_id == issuer]
    try:
        from .._agencies import registry

        m = registry().lookup(" ".join(issuer.split()))
    except ImportError:  # pragma: no cover - the registry ships with the package
        m = None
    if m is not None and m.agency is not None:
        conds.append(D.c.issuer_agency_id == m.agency.id)
        if m.generic:
            conds.append(D.c.issuer_agency_id.startswith(m.agency.id + "@", autoescape=True))
    return conds


def signed_by(who: str) -> ColumnElement[bool]:
    """Documents one of whose signing blocks (the signer or a joint document's co-signer) names
    ``who``: whole words of the folded name (``hieu``, ``tran van hieu``, ``Trần Văn Hiếu``), or
    of the office signed for (``bo tai chinh`` finds the blocks signed for BỘ TRƯỞNG BỘ TÀI CHÍNH); the
    main block of a document also signs for its issuer (``bo truong bo tai chinh`` finds a Bộ Tài
    chính circular signed "KT. BỘ TRƯỞNG / THỨ TRƯỞNG")."""
    key = fold_key(who)
    if not key:
        raise QueryError(Errors.E041.format(reason=f"the signer filter {who!r} has no letters or digits"))
    words = f" {key} "
    # the signer's own block names its office without the body when that is the issuer ("KT. BỘ
    # TRƯỞNG / THỨ TRƯỞNG" of a Bộ Tài chính circular): for it, the words may come from the office
    # and the issuer together ("bo truong bo tai chinh", "Bộ Tài chính")
    office = literal(" ") + S.c.office_key + literal(" ")
    issuer = literal(" ") + func.coalesce(D.c.issuer_key, "")
    toks = key.split()
    # the query as an office phrase (maybe empty) then the issuer's name (issuer_key ends with it)
    for_issuer = [
        and_(
            *([office.contains(" " + " ".join(toks[:k]) + " ", autoescape=True)] if k else []),
            issuer.endswith(" " + " ".join(toks[k:]), autoescape=True),
        )
        for k in range(len(toks))
    ]
    return exists().where(
        S.c.document_id == D.c.id,
        or_(
            (literal(" ") + S.c.name_key + literal(" ")).contains(words, autoescape=True),
            office.contains(words, autoescape=True),
            and_(S.c.position == 0, or_(*for_issuer)),
        ),
    )


def search(
    conn: Connection,
    query: str | Query = "",
    *,
    doc_type: str | None = None,
    issuer: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    urgency: str | None = None,
    signer: str | None = None,
    limit: int = 20,
    offset: int = 0,
    all_versions: bool = False,
    snippet_width: int = 220,
    collapse: bool = True,
) -> list[SearchHit]:
    """Documents matching ``query`` (see :mod:`docintel.store._query` for the syntax) and the filters, best first.

    ``signer`` keeps documents signed or co-signed by that person (or for that office, see
    :func:`signed_by`). An empty query with at least one filter lists the filtered documents, newest first. With
    ``collapse``, copies of one dispatch (the same type, number, date, issuer and subject, e.g. its
    .txt, .pdf and .docx) make one hit, the others listed in :attr:`SearchHit.copies`.
    """
    q = query if isinstance(query, Query) else (parse_query(query) if query.strip() else None)
    filters = search_filters(
        conn,
        doc_type=doc_type,
        issuer=issuer,
        date_from=date_from,
        date_to=date_to,
        urgency=urgency,
        signer=signer,
        all_versions=all_versions,
    )
    if q is None and not filters[0 if all_versions else 1 :]:
        raise QueryError(
            Errors.E041.format(reason="empty query: give words to search for, or a filter such as --type")
        )
    limit = max(1, min(int(limit), 1000))

    want = offset + limit
    fetch = want * 3 if collapse else want  # room for the copies folded into one hit
    ranked = rank(conn, q, filters, fetch)
    phrase = as_phrase(q) if q is not None else None
    phrased: set[int] = set()
    if phrase is not None and ranked:
        # the words typed next to each other rank first ("so y te": documents naming Sở Y tế come
        # before documents that merely contain số, y and tế somewhere)
        first = rank(conn, phrase, filters, fetch)
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
                D.c.signer_name,
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


__all__ = [
    "POSITIONS_PER_WORD",
    "POSITION_LIMIT",
    "SEVERAL_WORDS_NORMALIZATION",
    "SearchHit",
    "doc_type_codes",
    "known_doc_types",
    "parse_date",
    "pg_phrase_safe_match",
    "phrase_regex",
    "search",
    "several_words_normalization",
    "signed_by",
]
