"""The Typer application every command module registers on."""

from __future__ import annotations

import typer

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
