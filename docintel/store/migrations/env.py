"""Alembic environment for the docintel archive.

:func:`docintel.store.open_store` runs the migrations programmatically and hands
its own connection over in ``config.attributes["connection"]`` (so the upgrade
runs inside the caller's locked transaction); the ``alembic`` command line can
also be used with ``-x url=…`` or ``DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from docintel.store._models import metadata

config = context.config
target_metadata = metadata


def _render_as_batch(url: str) -> bool:
    return url.startswith("sqlite")


def run_migrations_offline() -> None:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("DATABASE_URL")
        or "sqlite:///docintel.db"
    )
    context.configure(
        url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=_render_as_batch(url)
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    from docintel.store._engine import engine_url

    url = engine_url(context.get_x_argument(as_dictionary=True).get("url"))
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(
            connection=conn, target_metadata=target_metadata, render_as_batch=_render_as_batch(url)
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
