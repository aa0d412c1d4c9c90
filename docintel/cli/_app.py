"""The Typer application every command module registers on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from .._errors import DocintelError, QueryError

T = TypeVar("T")

app = typer.Typer(
    name="docintel",
    help="Document intelligence for Vietnamese official dispatches: parse, archive, search, obligations, reminders, citation graph.\n\n"
    "Example: docintel ingest corpora/ && docintel obligations --agency \"Sở Y tế\"",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root() -> None:
    """Document intelligence for Vietnamese official dispatches.

    Example: docintel parse corpora/*.txt --format text
    """


def err(message: str) -> None:
    """One line on stderr: ``docintel: PATH: reason``."""
    typer.echo(f"docintel: {message}", err=True)


def exit_for(e: DocintelError) -> typer.Exit:
    """Report ``e`` on stderr; the exit to raise: 2 for a bad user value (QueryError), else 1."""
    err(str(e))
    return typer.Exit(2 if isinstance(e, QueryError) else 1)


def guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; a bad user value (QueryError) exits 2, any other docintel error exits 1."""
    try:
        return fn()
    except DocintelError as e:
        raise exit_for(e) from None
