"""``docintel ocr``: read scanned PDFs and images with Tesseract, with a progress bar."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import DocintelError
from ._app import app


@app.command("ocr")
def ocr_cmd(
    files: Annotated[list[Path], typer.Argument(readable=False, help="Scanned PDFs or images (PNG, JPEG, TIFF).")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Pages OCR'd in parallel (default: all cores).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print pages, confidences and text as JSON.")] = False,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse OCR results of identical page images.")] = True,
) -> None:
    """OCR scans to text (Tesseract 5, Vietnamese), printing per-page confidence.

    The text is what `docintel parse` and `docintel ingest` read for a scan.

    Example:

        docintel ocr scan.pdf --json > scan.json
    """
    import os

    from rich.progress import Progress, TaskID

    from .. import ocr
    from .._errors import Errors
    from ..ingest import IMAGE_SUFFIXES, OTHER_IMAGES, SCAN_FORMATS, read_bytes, sha256_bytes

    if not cache:
        os.environ["DOCINTEL_OCR_CACHE"] = "off"
    try:
        ocr.require()
    except DocintelError as e:
        typer.echo(f"docintel: {e}", err=True)
        raise typer.Exit(2) from None
    failed = 0
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        for f in files:
            task = bar.add_task(f"OCR {f.name}", total=None)

            def tick(done: int, total: int, task: TaskID = task) -> None:
                bar.update(task, completed=done, total=total)

            suffix = f.suffix.lower()
            if suffix != ".pdf" and suffix not in IMAGE_SUFFIXES and not f.is_dir():
                failed += 1  # a .txt or .docx is no scan: say so, not "cannot identify image file"
                if suffix in OTHER_IMAGES:  # an image, but of a kind scans do not come in (.gif, .heic)
                    why = Errors.E086.format(what=OTHER_IMAGES[suffix], formats=SCAN_FORMATS)
                else:
                    why = Errors.E085.format(suffix=suffix or f.name, images=", ".join(sorted(IMAGE_SUFFIXES)))
                typer.echo(f"docintel: {f}: {why}", err=True)
                continue
            try:
                data = read_bytes(f)
                digest = sha256_bytes(data)
                if f.suffix.lower() == ".pdf":
                    doc = ocr.ocr_pdf(data, name=str(f), sha256=digest, jobs=jobs or None, progress=tick)
                else:
                    doc = ocr.read_image(data, name=str(f), sha256=digest, progress=tick)
            except DocintelError as e:
                failed += 1
                typer.echo(f"docintel: {e}", err=True)
                continue
            if as_json:
                sys.stdout.write(json.dumps({"path": str(f), "pages_confidence": doc.page_confidence,
                                             "warnings": doc.warnings, "text": doc.text}, ensure_ascii=False) + "\n")
            else:
                confs = ", ".join(f"p{i + 1} {c:.2f}" for i, c in enumerate(doc.page_confidence))
                sys.stdout.write(f"# {f} (confidence: {confs})\n{doc.text}\n")
    if failed:
        raise typer.Exit(1)
