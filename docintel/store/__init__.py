"""The archive: store parsed dispatches, search them, track their tasks.

>>> from docintel.store import open_store, ingest
>>> store = open_store("sqlite:///:memory:")
>>> ingest(store, ["corpora/"]).summary()  # doctest: +SKIP
'5 new, 0 unchanged, 0 new versions, 0 failed'
>>> [h.path for h in store.search("so y te")]  # doctest: +SKIP

``open_store(url)`` opens (and creates or upgrades to the newest schema) an
archive: ``url`` or ``$DATABASE_URL`` or ``sqlite:///docintel.db``. SQLite runs
in WAL mode; PostgreSQL is reached through psycopg 3. See :mod:`._ingest`
(idempotent ingest), :mod:`._query` (search syntax), :mod:`._watch` (consume
folder), :mod:`._links` (citation resolution).
"""

from __future__ import annotations

from ._engine import DEFAULT_URL, current_revision, engine_url, head_revision
from ._ingest import IngestItem, IngestReport, expand, ingest, ingest_file
from ._links import Candidate, Link, fallback_resolve
from ._models import (
    AgencyRow,
    AssigneeRow,
    CitationRow,
    DeadlineRow,
    DocumentRow,
    IncomingCopyRow,
    IncomingRow,
    IngestFailure,
    RecipientRow,
    ReminderLog,
    SignerRow,
    TaskRow,
)
from ._query import Query, Term, parse_query
from ._search import SearchHit
from ._snippet import Snippet
from ._store import (
    CitationEdge,
    DocumentNode,
    IncomingCopy,
    IncomingEntry,
    ObligationAssignee,
    ObligationRow,
    SigningBlock,
    Store,
    open_store,
)
from ._watch import watch

__all__ = [
    "DEFAULT_URL",
    "AgencyRow",
    "AssigneeRow",
    "Candidate",
    "CitationEdge",
    "CitationRow",
    "DeadlineRow",
    "DocumentNode",
    "DocumentRow",
    "IncomingCopy",
    "IncomingCopyRow",
    "IncomingEntry",
    "IncomingRow",
    "IngestFailure",
    "IngestItem",
    "IngestReport",
    "Link",
    "ObligationAssignee",
    "ObligationRow",
    "Query",
    "RecipientRow",
    "ReminderLog",
    "SearchHit",
    "SignerRow",
    "SigningBlock",
    "Snippet",
    "Store",
    "TaskRow",
    "Term",
    "current_revision",
    "engine_url",
    "expand",
    "fallback_resolve",
    "head_revision",
    "ingest",
    "ingest_file",
    "open_store",
    "parse_query",
    "watch",
]
