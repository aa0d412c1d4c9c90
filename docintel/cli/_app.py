"""The Typer application every command module registers on."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import typer

from .._errors import DocintelError, Errors, QueryError

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


# ---------------------------------------------------------------------------
# shared by the command modules


def now() -> datetime:
    """The wall-clock time (naive) where the dispatches' deadlines fall
    (:func:`docintel._calendar.local_now`: ``$DOCINTEL_TZ``, else Vietnam, whatever the
    server's own zone). A bad ``$DOCINTEL_TZ`` exits 2."""
    from .._calendar import local_now

    try:
        return local_now()
    except DocintelError as e:
        err(str(e))
        raise typer.Exit(2) from None


def today() -> date:
    """Today's date where the deadlines fall (see :func:`now`)."""
    return now().date()


def write_file(path: Path, text: str, *, newline: str | None = None) -> None:
    """Write an output file the user named; one that cannot be written exits 1 with
    ``docintel: PATH: cannot write: reason`` instead of a traceback."""
    try:
        path.write_text(text, encoding="utf-8", newline=newline)
    except OSError as e:
        err(f"{path}: {Errors.E081.format(reason=e.strerror or e.__class__.__name__)}")
        raise typer.Exit(1) from None


def missing_archive(db: str | None) -> str | None:
    """The file ``db`` names when it is a SQLite archive that does not exist, else None."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from ..store._engine import engine_url

    try:
        url = make_url(engine_url(db))
    except ArgumentError:
        return None  # opening it reports the bad URL
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database or ""
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name).expanduser()
    if not path.parent.is_dir():
        return None  # opening it says the folder does not exist
    return None if path.exists() else name


def require_archive(db: str | None) -> None:
    """Exit 1 when ``db`` names a SQLite file that does not exist. Only ingest, watch and
    db upgrade create an archive: a search, a reminder run or a status check pointed at a
    mistyped path (or at the default ./docintel.db from another folder) would otherwise
    create an empty one and report "nothing due" every day."""
    name = missing_archive(db)
    if name is not None:
        no_archive(name)


def no_archive(name: str) -> typer.Exit:
    """Report E080 for the archive file ``name`` and exit 1."""
    err(Errors.E080.format(path=name))
    raise typer.Exit(1)


def examples_last(group: typer.Typer) -> None:
    """Move each help text's ``Example:`` part into the epilog, so ``--help`` ends with the
    example (after the argument and option lists) instead of burying it above them."""

    def split(text: str | None) -> tuple[str | None, str | None]:
        if not text:
            return text, None
        text = inspect.cleandoc(text)
        at = text.find("Example")
        if at < 0 or (at > 0 and text[at - 1] != "\n"):
            return text, None
        # "\b": click prints the block as written (no re-wrapping), blank lines dropped
        example = "\n".join(line for line in text[at:].splitlines() if line.strip())
        return text[:at].rstrip() or None, "\b\n" + example

    def fix(info: Any, doc: str | None) -> None:
        if getattr(info, "epilog", None):
            return
        help_, example = split(info.help if isinstance(info.help, str) else doc)
        if example:
            info.help, info.epilog = help_, example

    fix(group.info, group.registered_callback.callback.__doc__ if group.registered_callback and group.registered_callback.callback else None)
    for cmd in group.registered_commands:
        fix(cmd, cmd.callback.__doc__ if cmd.callback else None)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            examples_last(sub.typer_instance)


MAX_TEXT_MB = 10.0  # the longest legal text seen is 0.5 MB; a 10 MB text parses in about a minute


def max_text_bytes() -> int | None:
    """The largest .txt/.md file a batch parses: ``$DOCINTEL_MAX_TEXT_MB`` (default 10 MB;
    0 = no limit). A 30 MB dump named .txt took over ten minutes and 2.8 GB of memory and
    held up every dispatch behind it; refused, it is one line on stderr and the batch goes on."""
    raw = os.environ.get("DOCINTEL_MAX_TEXT_MB", "").strip()
    try:
        mb = float(raw) if raw else MAX_TEXT_MB
    except ValueError:
        mb = MAX_TEXT_MB
    return int(mb * 1_000_000) if mb > 0 else None


def check_text_size(path: str | Path, size: int, limit: int | None) -> None:
    """Raise :class:`InputError` (E084) for a text file over ``limit`` bytes."""
    from .._errors import InputError
    from ..ingest import TEXT_SUFFIXES

    if limit is not None and size > limit and Path(path).suffix.lower() in TEXT_SUFFIXES:
        raise InputError(Errors.E084.format(size=size / 1_000_000, limit=limit / 1_000_000), path=path)


def size_guarded_parser(*, ocr: bool = True) -> Callable[[bytes, str], Any]:
    """The store's default parser behind :func:`check_text_size` (``ingest``/``watch`` take it
    through their documented ``parser=`` hook)."""
    from ..store._ingest import default_parser

    parse = default_parser(ocr=ocr)
    limit = max_text_bytes()

    def guarded(data: bytes, name: str) -> Any:
        check_text_size(name, len(data), limit)
        return parse(data, name)

    return guarded
