"""Database URLs, engines and schema migrations.

SQLite (the default, ``./docintel.db``) runs in WAL mode with a busy timeout so a
reader never blocks a writer and two writers queue instead of failing; writes
open ``BEGIN IMMEDIATE`` transactions so the write lock is taken up front (no
deadlock on lock upgrade). PostgreSQL is used through psycopg 3
(``postgresql://`` URLs are mapped to ``postgresql+psycopg://``).

:func:`upgrade` brings any archive to the newest alembic revision, under a lock
(the SQLite write lock, or a PostgreSQL advisory lock) so two processes opening
a fresh archive at once do not both create it.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from .._errors import Errors, StoreError

DEFAULT_URL = "sqlite:///docintel.db"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_TIMEOUT_S = 60.0
_PG_LOCK_ID = 0x646F63696E74  # "docint": advisory lock held while migrating


def engine_url(url: str | None = None) -> str:
    """The URL to use: ``url``, else ``$DATABASE_URL``, else ``sqlite:///docintel.db``.

    A bare file path (``archive.db``) means a SQLite file; ``postgres://`` and
    ``postgresql://`` use the psycopg 3 driver.
    """
    url = (url or os.environ.get("DATABASE_URL") or DEFAULT_URL).strip()
    if "://" not in url:
        url = f"sqlite:///{url}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    try:
        u = make_url(url)
    except ArgumentError as e:
        raise StoreError(Errors.E040.format(reason=f"bad database URL {url!r}: {e}")) from None
    kwargs: dict[str, Any] = {}
    if u.get_backend_name() == "sqlite":
        db = u.database or ""
        if db and db != ":memory:" and not db.startswith("file:"):
            parent = Path(db).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(Errors.E040.format(reason=f"folder {parent} does not exist"))
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(u, **kwargs)
    except (ArgumentError, ImportError) as e:
        raise StoreError(Errors.E040.format(reason=f"cannot use {redact(url)}: {e}")) from None
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred and late)
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() not in {"wal", "memory"}:
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("docintel_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Upgrade the archive in place; returns (revision before, revision after)."""
    cfg = alembic_config()
    try:
        head = head_revision() if revision == "head" else revision
        before = current_revision(engine)
        if before == head:
            return before, before
        with engine.connect().execution_options(docintel_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
            before = MigrationContext.configure(conn).get_current_revision()
            if before != head:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        return before, current_revision(engine)
    except SQLAlchemyError as e:
        raise StoreError(
            Errors.E040.format(reason=f"cannot migrate {redact(str(engine.url))}: {_short(e)}")
        ) from None


_TABLES: weakref.WeakKeyDictionary[Engine, set[str]] = weakref.WeakKeyDictionary()


def has_table(conn: Connection, name: str) -> bool:
    """Whether the archive has table ``name`` — not when an older archive was opened without
    upgrading (``open_store(url, upgrade=False)``). A table once seen is remembered per engine."""
    known = _TABLES.setdefault(conn.engine, set())
    if name in known:
        return True
    if inspect(conn).has_table(name):
        known.add(name)
        return True
    return False


_COLUMNS: weakref.WeakKeyDictionary[Engine, set[str]] = weakref.WeakKeyDictionary()


def has_column(conn: Connection, table: str, column: str) -> bool:
    """Whether ``table`` has ``column`` (an archive opened without upgrading may predate it). A
    column once seen is remembered per engine."""
    known = _COLUMNS.setdefault(conn.engine, set())
    key = f"{table}.{column}"
    if key in known:
        return True
    if inspect(conn).has_table(table) and any(c["name"] == column for c in inspect(conn).get_columns(table)):
        known.add(key)
        return True
    return False


def _short(e: BaseException) -> str:
    orig = getattr(e, "orig", None)
    return str(orig or e).strip().splitlines()[0] if str(orig or e).strip() else e.__class__.__name__


__all__ = [
    "DEFAULT_URL",
    "alembic_config",
    "current_revision",
    "engine_url",
    "has_column",
    "has_table",
    "head_revision",
    "make_engine",
    "redact",
    "upgrade",
]
