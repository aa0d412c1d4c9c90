"""A consume folder: files dropped into a folder are ingested as they arrive.

Each scan takes the supported files lying in the folder (not in its ``done/``
and ``failed/`` sub-folders, not hidden), waits until a file has stopped
changing (same size and mtime on two scans, or ``--once``), ingests it and
moves it to ``done/`` — or to ``failed/`` with ``NAME.reason.txt`` beside it.
A name already taken in the target folder gets ``-1``, ``-2`` … appended.
A crash between ingest and move is harmless: the file is found again,
recognised by its sha256 (unchanged) and moved.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .._errors import Errors, StoreError
from ._ingest import IngestItem, Parser, default_parser, ingest_file
from ._store import Store

DONE = "done"
FAILED = "failed"


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    k = 1
    while target.exists() or target.with_name(target.name + ".reason.txt").exists():
        target = folder / f"{stem}-{k}{suffix}"
        k += 1
    return target


def _pending(folder: Path) -> list[Path]:
    out = []
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        if here == folder:
            dirs[:] = [d for d in dirs if d not in {DONE, FAILED} and not d.startswith(".")]
        else:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            if not n.startswith(".") and not n.endswith((".part", ".tmp", ".crdownload", "~")):
                out.append(here / n)
    return sorted(out)


def settle(item: IngestItem, path: Path, folder: Path) -> Path:
    """Move a processed file to ``done/`` or ``failed/`` (with its reason); returns where it went."""
    if item.status == "failed":
        dest_dir = folder / FAILED
        dest_dir.mkdir(exist_ok=True)
        dest = _free_name(dest_dir, path.name)
        shutil.move(str(path), dest)
        dest.with_name(dest.name + ".reason.txt").write_text(
            (item.reason or "failed") + "\n", encoding="utf-8"
        )
    else:
        dest_dir = folder / DONE
        dest_dir.mkdir(exist_ok=True)
        dest = _free_name(dest_dir, path.name)
        shutil.move(str(path), dest)
    return dest


def watch(
    store: Store,
    folder: str | Path,
    *,
    interval: float = 2.0,
    once: bool = False,
    on_item: Callable[[IngestItem, Path], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    unit: str | None = None,
    handling_days: int | None = None,
    parser: Parser | None = None,
) -> int:
    """Consume ``folder`` until stopped (or one pass with ``once``); returns the number of files processed."""
    root = Path(folder)
    if not root.is_dir():
        raise StoreError(Errors.E047.format(path=root, reason="not a folder"))
    parse = parser or default_parser()
    seen: dict[Path, tuple[int, int]] = {}
    processed = 0
    while True:
        pending = _pending(root)
        seen = {p: sig for p, sig in seen.items() if p in set(pending)}  # forget files that went away
        for path in pending:
            try:
                st = path.stat()
            except OSError:
                continue  # gone already
            sig = (st.st_size, st.st_mtime_ns)
            if not once and seen.get(path) != sig:
                seen[path] = sig  # still arriving? look again on the next scan
                continue
            seen.pop(path, None)
            item = ingest_file(store, path, parse=parse, unit=unit, handling_days=handling_days)
            dest = settle(item, path, root)
            processed += 1
            if on_item:
                on_item(item, dest)
        if once or (should_stop and should_stop()):
            return processed
        time.sleep(interval)


__all__ = ["DONE", "FAILED", "settle", "watch"]
