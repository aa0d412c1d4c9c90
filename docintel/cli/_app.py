"""The Typer application every command module registers on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from .._errors import DocintelError, QueryError

T = TypeVar("T")

app = typer.Typer(
    name="docintel",
    help="Document intelligence for Vietnamese official dispatches: parse, archive, search, obligations, reminders, citation graph.",
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


def guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; a bad user value (QueryError) exits 2, any other docintel error exits 1."""
    try:
        return fn()
    except QueryError as e:
        err(str(e))
        raise typer.Exit(2) from None
    except DocintelError as e:
        err(str(e))
        raise typer.Exit(1) from None
