"""search summary: a small per-document bound on ts_rank_cd, so PostgreSQL ranks only what can reach the top

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 18:00:00

PostgreSQL only (SQLite's FTS5 is untouched). ``documents.search_summary`` is a generated
``jsonb`` column computed from the same weighted tsvector as ``search_tsv``::

    {"t": {lexeme: weighted count, …},  the document's 32 heaviest lexemes
     "f": the heaviest weighted count of any lexeme not listed (0 when none),
     "r": the sum of the weighted counts of the lexemes not listed}

A lexeme's weighted count is the sum of ts_rank_cd's default weights over the positions the
tsvector keeps for it (A = 1.0 for the title, B = 0.4 for the body). ``ts_rank_cd`` of a query
never exceeds the sum of the weighted counts of the query's lexemes (see
:mod:`docintel.store._search`), so a search reads this column (a few hundred bytes stored in the
row) for every match and runs ``ts_rank_cd`` — which must detoast the whole tsvector — only on
the documents whose bound can reach the top. Adding the column rewrites the documents table once
(about 3 ms per document).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SUMMARY_TERMS = 32

# The weights are ts_rank_cd's defaults {D 0.1, C 0.2, B 0.4, A 1.0}; the search code relies on them.
_FUNCTION = """
CREATE OR REPLACE FUNCTION docintel_search_summary(tsv tsvector, k integer) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH t AS (
    SELECT u.lexeme,
           (SELECT sum(CASE w WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2 ELSE 0.1 END)
              FROM unnest(u.weights) AS w) AS wtf
      FROM unnest(tsv) AS u
  ), r AS (
    SELECT lexeme, wtf, row_number() OVER (ORDER BY wtf DESC, lexeme) AS n FROM t
  )
  SELECT jsonb_build_object(
    't', coalesce(jsonb_object_agg(lexeme, wtf) FILTER (WHERE n <= k), '{}'::jsonb),
    'f', coalesce(max(wtf) FILTER (WHERE n > k), 0),
    'r', coalesce(sum(wtf) FILTER (WHERE n > k), 0))
  FROM r
$$
"""

# the very expression of documents.search_tsv (0001): a generated column cannot read another one
_TSV = """setweight(to_tsvector('simple'::regconfig, regexp_replace(folded_title, '[^[:alnum:]]+', ' ', 'g')), 'A') ||
        setweight(to_tsvector('simple'::regconfig, regexp_replace(folded, '[^[:alnum:]]+', ' ', 'g')), 'B')"""

_COLUMN = f"""ALTER TABLE documents ADD COLUMN search_summary jsonb GENERATED ALWAYS AS (
        docintel_search_summary({_TSV}, {SUMMARY_TERMS})
    ) STORED"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_FUNCTION)
    op.execute(_COLUMN)
    op.execute("ANALYZE documents")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search_summary")
    op.execute("DROP FUNCTION IF EXISTS docintel_search_summary(tsvector, integer)")
