"""Shared fixtures. Tests that need ../shared skip cleanly when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DOCINTEL_SHARED", ROOT.parent / "shared"))
CORPORA = ROOT / "corpora"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"../shared not available ({p})")
    return p


@pytest.fixture
def shared() -> Path:
    return shared_path()


def reset_postgres(url: str, *, drop: bool = False) -> None:
    """Empty the test PostgreSQL database: truncate the archive's tables (fast), or with
    ``drop`` (or when the schema is not the newest) start from an empty ``public`` schema."""
    from sqlalchemy import create_engine, text

    from docintel.store import head_revision

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            tables = list(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar() if "alembic_version" in tables else None
            if drop or current != head_revision():
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            else:
                names = ", ".join(f'"{t}"' for t in tables if t != "alembic_version")
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty archive URL: a SQLite file, and an empty PostgreSQL database when
    ``DOCINTEL_TEST_PG_URL`` is set (``scripts/run-tests.sh`` starts a throwaway server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    url = os.environ.get("DOCINTEL_TEST_PG_URL")
    if not url:
        pytest.skip("PostgreSQL variant: set DOCINTEL_TEST_PG_URL (make test starts a throwaway server when PostgreSQL is installed)")
    reset_postgres(url)
    return url
