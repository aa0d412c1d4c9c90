"""``docintel ingest``, ``watch``, ``search``, ``show``, ``incoming`` and ``db``: the archive from the shell."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .. import DocintelError
from .._errors import Errors
from ..store import IngestItem, Store, open_store
from ._app import app, exit_for, missing_archive, require_archive, size_guarded_parser
from ._app import err as _err

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="DATABASE_URL",
        help="Archive URL (sqlite:///file.db, postgresql://…); default ./docintel.db.",
    ),
]

db_app = typer.Typer(help="Archive maintenance: schema upgrades and status.\n\nExample: docintel db status", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _open(db: str | None, *, create: bool = False) -> Store:
    """The archive; only ``create`` (ingest, watch) may make a new SQLite file."""
    if not create:
        require_archive(db)
    try:
        return open_store(db)
    except DocintelError as e:
        raise exit_for(e) from None


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


# ---------------------------------------------------------------------------
# ingest


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or glob patterns.")],
    db: DbOption = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            envvar="DOCINTEL_UNIT",
            help="Receiving unit written in the incoming register (đơn vị nhận).",
        ),
    ] = None,
    handling_days: Annotated[
        int | None,
        typer.Option(
            "--handling-days",
            envvar="DOCINTEL_HANDLING_DAYS",
            help="Default handling period in days (hạn giải quyết) when no task sets a date.",
        ),
    ] = None,
    ocr: Annotated[
        bool, typer.Option("--ocr/--no-ocr", help="OCR scanned PDFs and images when Tesseract is installed.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Parse dispatches and store them in the archive.

    Content already stored (same sha256) is skipped, so running it again changes
    nothing; a changed file at a stored path becomes a new version. Each file is
    written in its own transaction. A file that cannot be read is reported with
    the reason (and logged in the archive) and the others go on; the exit code
    is then 1.

    Example: docintel ingest corpora/ --db sqlite:///docintel.db
    """
    from ..store import ingest

    store = _open(db, create=True)
    console = Console(stderr=True)
    parser = size_guarded_parser(ocr=ocr)

    def report_failure(item: IngestItem, done: int, total: int) -> None:
        # said as it happens: a long batch in a cron log, or one that is stopped, still
        # names every file that failed so far
        if item.status == "failed":
            _err(f"{item.path}: {item.reason}")

    try:
        if console.is_terminal and not as_json:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            with Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("", total=None)

                def progress(item: IngestItem, done: int, total: int) -> None:
                    if item.status == "failed":
                        bar.console.print(f"docintel: {item.path}: {item.reason}", markup=False, highlight=False)
                    bar.update(task, completed=done, total=total, description=escape(Path(item.path).name))

                report = ingest(
                    store, paths, progress=progress, unit=unit, handling_days=handling_days, ocr=ocr,
                    parser=parser,
                )
        else:
            report = ingest(
                store, paths, progress=report_failure, unit=unit, handling_days=handling_days, ocr=ocr,
                parser=parser,
            )
    except DocintelError as e:
        raise exit_for(e) from None
    finally:
        store.close()
    if as_json:
        _json(report.as_dict())
    else:
        typer.echo(f"ingested: {report.summary()}")
    if report.failed:
        raise typer.Exit(1)


@app.command("watch")
def watch_cmd(
    folder: Annotated[Path, typer.Argument(readable=False, help="The consume folder.")],
    db: DbOption = None,
    interval: Annotated[float, typer.Option("--interval", min=0.1, help="Seconds between scans.")] = 2.0,
    once: Annotated[bool, typer.Option("--once", help="Process what is there now, then exit.")] = False,
    unit: Annotated[
        str | None,
        typer.Option("--unit", envvar="DOCINTEL_UNIT", help="Receiving unit for the incoming register."),
    ] = None,
    handling_days: Annotated[
        int | None,
        typer.Option(
            "--handling-days", envvar="DOCINTEL_HANDLING_DAYS", help="Default handling period in days."
        ),
    ] = None,
) -> None:
    """Ingest files dropped into a folder as they arrive.

    Processed files move to FOLDER/done/; files that fail move to FOLDER/failed/
    with NAME.reason.txt beside them. A file still being written is picked up
    once its size stops changing. Stop with Ctrl-C.

    Example: docintel watch inbox/ --interval 5
    """
    from ..store import watch
    from ..store._engine import redact

    store = _open(db, create=True)
    failed = 0
    where = f"{folder} → {redact(store.url)}"
    typer.echo(
        f"watch: {where}, once (what is there now)"
        if once
        else f"watch: {where}, scanning every {interval:g} s; stop with Ctrl-C",
        err=True,
    )

    def on_item(item: IngestItem, dest: Path) -> None:
        nonlocal failed
        if item.status == "failed":
            failed += 1
            _err(f"{item.path}: {item.reason} (moved to {dest})")
        else:
            typer.echo(f"{item.status:<9} #{item.document_id}  {item.path} → {dest}")

    try:
        watch(
            store,
            folder,
            interval=interval,
            once=once,
            on_item=on_item,
            unit=unit,
            handling_days=handling_days,
            parser=size_guarded_parser(),
        )
    except KeyboardInterrupt:
        pass
    except DocintelError as e:
        raise exit_for(e) from None
    finally:
        store.close()
    if once and failed:
        raise typer.Exit(1)


# ---------------------------------------------------------------------------
# search


@app.command("search")
def search_cmd(
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help='Words, "phrases", -excluded, a OR b, prefix*; diacritics optional. Several '
            "arguments are one query (search so y te = search \"so y te\")."
        ),
    ] = None,
    db: DbOption = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Document type: a code (QĐ, CV, KH, BC …; QD works too) or a name (\"công văn\", \"quyết định\"); an unknown one is refused with the list of codes.")
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option("--issuer", help="Issuer name contains this (diacritics optional), or an agency id."),
    ] = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Dated on or after (YYYY-MM-DD, YYYY-MM or YYYY).")
    ] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Dated on or before.")] = None,
    urgency: Annotated[str | None, typer.Option("--urgency", help="khẩn, thượng khẩn, hỏa tốc.")] = None,
    signer: Annotated[
        str | None,
        typer.Option(
            "--signer",
            help="Signed or co-signed by this person (whole words of the name, diacritics optional), or for this office (bo tai chinh).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="Results to show.")] = 20,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Include superseded versions.")
    ] = False,
    all_copies: Annotated[
        bool,
        typer.Option(
            "--all-copies", help="List each stored file of a dispatch (.txt/.pdf/.docx) as its own hit."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON output with plain snippets and highlight offsets.")
    ] = False,
) -> None:
    """Full-text search of the archive, ranked, with highlighted snippets.

    Diacritics and đ are optional ("so y te" finds "Sở Y tế", "dinh lap" finds
    "Đình Lập"). Syntax: words (all must occur), "a phrase", -excluded,
    a OR b, prefix*. A malformed query is reported with exit code 2. --signer
    finds the documents a person signed, also as a co-signer of a joint document.

    Example: docintel search "so y te" --type CV --from 2020-08
    """
    # a missing archive is searched as an empty one held in memory: the query and filters are
    # still checked (a bad one exits 2), nothing is created at the path, and stderr says why
    # nothing matches
    missing = missing_archive(db)
    store = _open("sqlite://", create=True) if missing else _open(db)
    try:
        hits = store.search(
            " ".join(query or ()),
            doc_type=doc_type,
            issuer=issuer,
            date_from=date_from,
            date_to=date_to,
            urgency=urgency,
            signer=signer,
            limit=limit,
            all_versions=all_versions,
            collapse=not all_copies,
        )
    except DocintelError as e:
        raise exit_for(e) from None
    finally:
        store.close()
    if missing:
        _err(Errors.E080.format(path=missing))
    if as_json:
        _json([h.as_dict() for h in hits])
        return
    out = Console(highlight=False, soft_wrap=True)
    if not hits:
        out.print("no matches")
        return
    for k, h in enumerate(hits, 1):
        head = " · ".join(escape(x) for x in (h.doc_type, h.number, h.issuer, h.date) if x)
        out.print(f"[bold]{k}. #{h.id}[/bold]  {head or escape(Path(h.path).name)}")
        if h.subject:
            out.print(f"   [italic]{escape(h.subject)}[/italic]")
        out.print(f"   {h.snippet.markup()}")
        out.print(f"   [dim]{escape(h.path)}{f' (v{h.version})' if h.version > 1 else ''}[/dim]")
        if h.copies:
            also = ", ".join(f"#{i} {Path(p).suffix.lstrip('.') or p}" for i, p in h.copies)
            out.print(f"   [dim]same dispatch also stored as: {escape(also)}[/dim]")


# ---------------------------------------------------------------------------
# show


class ShowFormat(StrEnum):
    json = "json"
    text = "text"
    summary = "summary"


@app.command("show")
def show_cmd(
    doc: Annotated[
        str, typer.Argument(help="Document id, sha256 (prefix), number (88-BC/BCS), path or file name.")
    ],
    db: DbOption = None,
    format: Annotated[
        ShowFormat,
        typer.Option(
            "--format", "-f", help="json: the stored docintel.parse/1 record; text: the stored text; summary."
        ),
    ] = ShowFormat.json,
    html: Annotated[
        bool,
        typer.Option(
            "--html",
            help="Print an HTML page with every extracted value highlighted in the stored text (overrides --format): docintel show 12 --html > 12.html",
        ),
    ] = False,
) -> None:
    """Print a stored document.

    Example: docintel show 12 --format summary
    """
    store = _open(db)
    try:
        row = store.document(doc)
        entry = (
            next(iter(store.incoming(document_id=row.id)), None)
            if format is ShowFormat.summary and row.id is not None
            else None
        )
        links = (
            [e for e in store.citation_edges(all_versions=True) if e.source_id == row.id]
            if format is ShowFormat.summary
            else []
        )
        signers = (
            store.signers(row.id).get(row.id, ()) if format is ShowFormat.summary and row.id is not None else ()
        )
    except DocintelError as e:
        raise exit_for(e) from None
    finally:
        store.close()
    if html:
        from ..view import record_to_html

        sys.stdout.write(record_to_html(row.contract, row.text))
        return
    if format is ShowFormat.json:
        rec = dict(row.contract)
        rec["archive"] = {
            "id": row.id,
            "version": row.version,
            "superseded_by": row.superseded_by,
            "ingested_at": row.ingested_at,
        }
        _json(rec)
        return
    if format is ShowFormat.text:
        sys.stdout.write(row.text + ("" if row.text.endswith("\n") else "\n"))
        return
    lines = [
        f"#{row.id}  {row.path}  (version {row.version}{', superseded by #' + str(row.superseded_by) if row.superseded_by else ''})"
    ]
    lines.append(f"  type     {row.doc_type or '?'}   number {row.number_text or '—'}")
    lines.append(
        f"  issuer   {row.issuer_name or '?'}"
        + (f"  (under {row.issuer_parent})" if row.issuer_parent else "")
    )
    lines.append(f"  place    {row.place or '—'}   date {row.date or '—'}")
    if row.urgency:
        lines.append(f"  urgency  {row.urgency}")
    lines.append(f"  subject  {row.subject or '—'}")
    for s in signers:  # "on whose order": every signing block of a joint document
        lines.append(f"  {'signer' if s.position == 0 else 'co-signer':<8} {_signing_line(s)}")
    if entry:
        due = (
            f"   hạn giải quyết {entry.handling_due} ({entry.handling_due_source})"
            if entry.handling_due
            else ""
        )
        lines.append(f"  số đến   {entry.number}/{entry.year}   ngày đến {entry.received_on}{due}")
        others = [(i, p) for i, p in _entry_files(entry) if i != row.id]
        if others:  # one dispatch, one number: the other stored files of it
            lines.append("  copies   " + ", ".join(f"#{i} {Path(p).name}" for i, p in others))
    for t in row.contract.get("tasks", []):
        who = ", ".join(a["name"] for a in t.get("assignees", [])) or "—"
        d = t.get("deadline") or {}
        due = f"  due {d.get('date') or d.get('recurrence') or d.get('text')}" if d else ""
        lines.append(f"  task {t['id']:<6} [{who}]{due}: {_short(t['text'], 90)}")
    for edge in links:
        target = f" → #{edge.target_id}" if edge.target_id else " (not in the archive)"
        lines.append(f"  cites    {edge.doc_type or '?'} {edge.number}{target}")
    typer.echo("\n".join(lines))


def _short(text: str, n: int) -> str:
    """One line of at most ``n`` characters; a cut one ends in "…" so it is not read as whole."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _signing_line(s: Any) -> str:
    """A signing block as Decree 30 prints it, on one line: ``KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG Trần Văn Hiếu``."""
    return " ".join(x for x in (s.office, s.name) if x) or "?"


# ---------------------------------------------------------------------------
# incoming register


@app.command("incoming")
def incoming_cmd(
    db: DbOption = None,
    year: Annotated[int | None, typer.Option("--year", help="Only this year's register.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Print the incoming register (sổ đăng ký văn bản đến, Decree 30/2020 Appendix IV).

    A dispatch is entered once: its other stored files (the .pdf beside the .txt, a re-scan —
    same type, number, date, issuer and subject) share its số đến and are listed in the Ghi chú
    column; a copy stored later never renumbers the register.

    Example: docintel incoming --year 2025
    """
    store = _open(db)
    try:
        entries = store.incoming(year=year)
    except DocintelError as e:
        raise exit_for(e) from None
    finally:
        store.close()
    if as_json:
        _json([asdict(e) for e in entries])
        return
    typer.echo(
        "Số đến\tNgày đến\tTác giả\tSố, ký hiệu\tNgày VB\tTên loại và trích yếu\tĐơn vị nhận\tHạn giải quyết\tGhi chú"
    )
    for entry in entries:
        summary = " ".join(x for x in (entry.doc_type, entry.subject) if x)
        typer.echo(
            "\t".join(
                str(x or "")
                for x in (
                    entry.number,
                    entry.received_on,
                    entry.issuer,
                    entry.doc_number,
                    entry.doc_date,
                    summary,
                    entry.unit,
                    entry.handling_due,
                    "; ".join(f"#{i} {Path(p).name}" for i, p in _entry_files(entry)),
                )
            )
        )


def _entry_files(entry: Any) -> list[tuple[int, str]]:
    """(document id, path) of every stored file of a register entry: its own, then its copies."""
    own = [(entry.document_id, entry.path)] if entry.path else []
    return own + [(c.document_id, c.path) for c in entry.copies]


# ---------------------------------------------------------------------------
# db


@db_app.command("upgrade")
def db_upgrade_cmd(db: DbOption = None) -> None:
    """Create the archive or upgrade its schema to the newest revision (in place).

    Example: docintel db upgrade --db postgresql://docintel@localhost/docintel
    """
    from ..store._engine import engine_url, make_engine, redact, upgrade

    url = engine_url(db)
    try:
        engine = make_engine(url)
        try:
            before, after = upgrade(engine)
        finally:
            engine.dispose()
    except DocintelError as e:
        raise exit_for(e) from None
    if before == after:
        typer.echo(f"{redact(url)}: already at revision {after}")
    else:
        typer.echo(f"{redact(url)}: upgraded {before or '(empty)'} → {after}")


@db_app.command("status")
def db_status_cmd(db: DbOption = None) -> None:
    """Show the archive's schema revision, document count and recent ingest failures.

    Example: docintel db status
    """
    from ..store import current_revision, head_revision

    store = _open(db)
    try:
        from ..store._engine import redact

        typer.echo(f"archive   {redact(store.url)}")  # the URL, its password hidden
        typer.echo(f"revision  {current_revision(store.engine)} (newest {head_revision()})")
        typer.echo(f"documents {store.count()} ({store.count(all_versions=True)} stored versions)")
        for f in store.failures(limit=10):
            typer.echo(f"failed    {f.at:%Y-%m-%d %H:%M}  {f.path}: {f.reason}")
    except DocintelError as e:
        raise exit_for(e) from None
    finally:
        store.close()
