"""Files on disk → the archive.

:func:`ingest` takes files, folders (read recursively) and glob patterns. Each
file is hashed first: content already stored (by sha256) is *unchanged* and not
parsed again, so re-ingesting a folder changes nothing. New content is parsed
outside any transaction and written in one transaction of its own (document,
recipients, tasks, citations, register line, citation links) — a crash leaves
every document either fully stored or absent. New content at a path already
stored becomes the next *version* of that path (the old one is kept, marked
superseded). A file that cannot be read or parsed is recorded in
``ingest_failures`` with the reason and left where it is; the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .._errors import DocintelError, Errors, InputError, StoreError
from .._model import Document
from ..ingest import SUFFIXES, read_bytes, sha256_bytes
from ._links import Resolver, link_document
from ._models import DOCUMENTS
from ._store import Store, utc
from ._write import write_document

Status = Literal["new", "version", "unchanged", "failed"]
Parser = Callable[[bytes, str], Document]
Progress = Callable[["IngestItem", int, int], None]

_GLOB_CHARS = set("*?[")


@dataclass(slots=True)
class IngestItem:
    path: str
    status: Status
    document_id: int | None = None
    version: int | None = None
    sha256: str | None = None
    reason: str | None = None  # why it failed, or what it duplicates


@dataclass(slots=True)
class IngestReport:
    items: list[IngestItem] = field(default_factory=list)

    def _of(self, status: Status) -> list[IngestItem]:
        return [i for i in self.items if i.status == status]

    @property
    def new(self) -> list[IngestItem]:
        return self._of("new")

    @property
    def versions(self) -> list[IngestItem]:
        return self._of("version")

    @property
    def unchanged(self) -> list[IngestItem]:
        return self._of("unchanged")

    @property
    def failed(self) -> list[IngestItem]:
        return self._of("failed")

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{len(self.new)} new, {len(self.unchanged)} unchanged, "
            f"{len(self.versions)} new versions, {len(self.failed)} failed"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "new": len(self.new),
            "unchanged": len(self.unchanged),
            "versions": len(self.versions),
            "failed": [{"path": i.path, "reason": i.reason} for i in self.failed],
            "items": [
                {
                    "path": i.path,
                    "status": i.status,
                    "id": i.document_id,
                    "version": i.version,
                    "reason": i.reason,
                }
                for i in self.items
            ],
        }


def expand(paths: Iterable[str | Path]) -> tuple[list[Path], list[IngestItem]]:
    """The files named by ``paths`` (folders recursively, globs expanded), and items for names that match nothing."""
    files: list[Path] = []
    missing: list[IngestItem] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        s = str(raw)
        if p.is_dir():
            for f in sorted(_walk(p, missing)):
                add(f)
        elif p.exists():
            add(p)
        elif _GLOB_CHARS & set(s):
            matched = sorted(glob.glob(s, recursive=True))
            if not matched:
                missing.append(IngestItem(s, "failed", reason=Errors.E048.format(pattern=s)))
            for m in matched:
                mp = Path(m)
                if mp.is_dir():
                    for f in sorted(_walk(mp, missing)):
                        add(f)
                else:
                    add(mp)
        else:
            missing.append(IngestItem(s, "failed", reason=Errors.E001))
    return files, missing


def _walk(folder: Path, unreadable: list[IngestItem] | None = None) -> Iterable[Path]:
    """Supported files under ``folder``, skipping hidden files and folders; a folder that
    cannot be listed (no permission) becomes a failed item in ``unreadable`` instead of
    vanishing silently."""

    def onerror(e: OSError) -> None:
        if unreadable is not None:
            reason = Errors.E049.format(reason=e.strerror or e.__class__.__name__)
            unreadable.append(IngestItem(str(e.filename or folder), "failed", reason=reason))

    for root, dirs, names in os.walk(folder, onerror=onerror):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for n in names:
            if not n.startswith(".") and Path(n).suffix.lower() in SUFFIXES:
                yield Path(root) / n


def default_parser(*, ocr: bool = True) -> Parser:
    from .. import parse_bytes

    def parse(data: bytes, name: str) -> Document:
        return parse_bytes(data, name=name, ocr=ocr)

    return parse


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    progress: Progress | None = None,
    unit: str | None = None,
    handling_days: int | None = None,
    ocr: bool = True,
    parser: Parser | None = None,
    resolver: Resolver | None = None,
) -> IngestReport:
    """Ingest files, folders and globs into ``store``; see the module docstring.

    ``progress(item, done, total)`` is called after each file. ``unit`` is the
    receiving unit written in the incoming register; ``handling_days`` the
    default handling period (hạn giải quyết) for a document whose tasks set no
    date (``$DOCINTEL_HANDLING_DAYS``, else none). ``parser`` replaces
    :func:`docintel.parse_bytes` (``parser(data, name) -> Document``).
    """
    files, missing = expand(paths)
    report = IngestReport()
    total = len(files) + len(missing)
    done = 0
    for item in missing:
        store.record_failure(item.path, item.reason or "")
        report.items.append(item)
        done += 1
        if progress:
            progress(item, done, total)
    if handling_days is None and os.environ.get("DOCINTEL_HANDLING_DAYS", "").strip().isdigit():
        handling_days = int(os.environ["DOCINTEL_HANDLING_DAYS"])
    if unit is None:
        unit = os.environ.get("DOCINTEL_UNIT") or None
    parse = parser or default_parser(ocr=ocr)
    for f in files:
        item = ingest_file(store, f, parse=parse, unit=unit, handling_days=handling_days, resolver=resolver)
        report.items.append(item)
        done += 1
        if progress:
            progress(item, done, total)
    return report


def ingest_file(
    store: Store,
    path: Path,
    *,
    parse: Parser,
    unit: str | None = None,
    handling_days: int | None = None,
    resolver: Resolver | None = None,
) -> IngestItem:
    """Ingest one file (never raises for a bad file: the item says ``failed`` and why)."""
    shown = str(path)
    abspath = str(path.resolve())
    sha: str | None = None
    try:
        data = read_bytes(path)
        if not data:
            raise InputError(Errors.E003, path=path)
        sha = sha256_bytes(data)
        existing = store.has_sha256(sha)
        if existing is not None:
            return IngestItem(shown, "unchanged", existing, sha256=sha)
        doc = parse(data, abspath)
        if doc.source.sha256 != sha:  # a parser that re-read the file saw other bytes
            doc.source.sha256 = sha
        now = utc()
        try:
            with store.write() as conn:
                already = conn.execute(select(DOCUMENTS.c.id).where(DOCUMENTS.c.sha256 == sha)).scalar()
                if already is not None:
                    return IngestItem(shown, "unchanged", already, sha256=sha)
                doc_id, version = write_document(
                    conn, doc, path=abspath, now=now, unit=unit, handling_days=handling_days
                )
                link_document(conn, doc_id, resolver=resolver, now=now)
        except IntegrityError:
            # another process stored the same content between our check and our write
            existing = store.has_sha256(sha)
            if existing is not None:
                return IngestItem(shown, "unchanged", existing, sha256=sha)
            raise
        return IngestItem(shown, "new" if version == 1 else "version", doc_id, version, sha)
    except DocintelError as e:
        reason = e.reason
    except (KeyboardInterrupt, SystemExit):
        raise
    except SQLAlchemyError as e:
        reason = Errors.E040.format(reason=_db_reason(e))
    except Exception as e:  # noqa: BLE001 - one broken file never stops a batch
        reason = f"internal error: {e.__class__.__name__}: {e}"
    try:
        store.record_failure(abspath, reason, sha256=sha, at=dt.datetime.now(dt.UTC))
    except StoreError:
        pass
    return IngestItem(shown, "failed", sha256=sha, reason=reason)


def _db_reason(e: BaseException) -> str:
    orig = getattr(e, "orig", None)
    msg = str(orig if orig is not None else e).strip()
    return msg.splitlines()[0] if msg else e.__class__.__name__


__all__ = [
    "IngestItem",
    "IngestReport",
    "Parser",
    "Progress",
    "default_parser",
    "expand",
    "ingest",
    "ingest_file",
]
