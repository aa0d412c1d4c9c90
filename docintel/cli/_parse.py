"""``docintel parse``: files → docintel.parse/1 records."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import DocintelError, parse, to_contract, to_text
from ..view import to_html
from ._app import app, check_text_size, err, max_text_bytes, write_file


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"
    html = "html"


def expand(paths: list[Path], unreadable: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files as given; a folder stands for the dispatches below it (sorted). A folder
    below that cannot be listed goes to ``unreadable`` as (path, reason), not silently away."""
    import os

    from .._errors import Errors
    from ..ingest import SUFFIXES

    def onerror(e: OSError) -> None:
        if unreadable is not None:
            unreadable.append((str(e.filename), Errors.E049.format(reason=e.strerror or e.__class__.__name__)))

    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = [Path(root) / n for root, _, names in os.walk(p, onerror=onerror) for n in names]
            files = sorted(f for f in found if f.suffix.lower() in SUFFIXES and f.is_file())
            if not files and unreadable is not None:  # said, not silently nothing
                unreadable.append((str(p), Errors.E082))
            out.extend(files)
        else:
            out.append(p)
    return out


def out_name(f: Path, ext: str, used: set[str]) -> str:
    """NAME.ext, or NAME.suffix.ext when another file of this run already took NAME."""
    name = f"{f.stem}.{ext}"
    if name in used:
        name = f"{f.name}.{ext}"
    used.add(name)
    return name


@app.command("parse")
def parse_cmd(
    files: Annotated[list[Path], typer.Argument(readable=False, help="Dispatches to parse: .txt, .md, .docx, .pdf, images (scans need Tesseract); a folder means every such file below it.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="json: one object (an array for several files); jsonl: one per line; text: a summary; html: a page with every extracted value highlighted in the text.")] = Format.json,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write NAME.json (NAME.html with --format html) per file into this folder instead of stdout; NAME.pdf.json when two files share a name.")] = None,
    ocr: Annotated[bool, typer.Option("--ocr/--no-ocr", help="OCR scanned PDFs and images when Tesseract is installed.")] = True,
) -> None:
    """Parse dispatches into the docintel.parse/1 record.

    A file that cannot be read is reported on stderr with the reason; the others
    are still parsed, and the exit code is 1.

    Example:

        docintel parse corpora/001_28966825ca30707b.txt --format text

        docintel parse corpora/*.txt --format html --out views/
    """
    from .._errors import Errors

    failed = 0
    records = []
    used: set[str] = set()
    if out:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            err(f"{out}: {Errors.E081.format(reason=e.strerror or e.__class__.__name__)}")
            raise typer.Exit(1) from None
    unreadable: list[tuple[str, str]] = []
    files = expand(files, unreadable)
    for path, reason in unreadable:
        failed += 1
        err(f"{path}: {reason}")
    limit = max_text_bytes()
    for f in files:
        try:
            if f.is_file():
                check_text_size(f, f.stat().st_size, limit)
            doc = parse(f, ocr=ocr)
        except DocintelError as e:
            failed += 1
            err(str(e) if e.path else f"{f}: {e}")
            continue
        except Exception as e:  # noqa: BLE001 - one broken file never stops a batch
            failed += 1
            err(f"{f}: internal error: {e.__class__.__name__}: {e}")
            continue
        if format is Format.html:
            try:
                page = to_html(doc)
            except Exception as e:  # noqa: BLE001 - one broken view never stops a batch
                failed += 1
                err(f"{f}: internal error in the HTML view: {e.__class__.__name__}: {e}")
                continue
            if out:
                failed += not _write(out / out_name(f, "html", used), page)
            else:
                sys.stdout.write(page)
            continue
        rec = to_contract(doc)
        if out:
            failed += not _write(out / out_name(f, "json", used), json.dumps(rec, ensure_ascii=False, indent=2))
        elif format is Format.jsonl:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif format is Format.text:
            sys.stdout.write(to_text(doc) + "\n\n")
        else:
            records.append(rec)
    if format is Format.json and not out and (records or len(files) != 1):
        # one file gives an object, several an array ([] when none of them could be read)
        obj = records[0] if len(records) == 1 and len(files) == 1 and not unreadable else records
        sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)


def _write(path: Path, text: str) -> bool:
    """Write one output file of a batch; a failure is one line on stderr and the batch goes on."""
    try:
        write_file(path, text)
    except typer.Exit:
        return False
    return True
