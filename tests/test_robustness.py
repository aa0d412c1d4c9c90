"""Issue 2: no input crashes the parser or hangs it.

Every file of ../shared/corpus/wild and ../shared/corpus/pdf parses or fails with a
DocintelError carrying a clear message, each within a per-file time limit (10 s,
``DOCINTEL_PARSE_TIMEOUT`` to change it). The limit is enforced, not measured and
asserted: each file goes to a warmed-up worker process, and a worker that has not
answered when its file's time is up is killed (an alarm cannot interrupt a C
extension or a backtracking regex) and replaced, so a slow file costs the limit
and no more, and the test lists every slow file. Hypothesis feeds arbitrary text
and bytes.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from conftest import CORPORA, shared_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docintel import DocintelError, Document, parse, parse_bytes, parse_text

LIMIT = float(os.environ.get("DOCINTEL_PARSE_TIMEOUT", "10"))  # a hang guard, ~70x a typical parse: not a speed target
WORKERS = 2
WARM_UP_LIMIT = 120.0  # a fresh worker (spawn start method: imports, rules) must be ready within this


class Timeout(Exception):
    pass


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread, POSIX)."""

    def fire(signum: int, frame: object) -> None:
        raise Timeout

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


Result = tuple[str, str, str]  # (path, outcome, detail); outcome is ok | error | timeout | crash


def _parse_one(path: str) -> Result:
    try:
        parse(path, ocr=False)
        return path, "ok", ""
    except DocintelError as e:
        return path, "error", str(e)
    except Exception as e:  # noqa: BLE001 - the point of the test
        return path, "crash", f"{e.__class__.__name__}: {e}"


def _warm_up() -> None:
    """Load rules, compile patterns and import the PDF stack once per worker, outside the limit."""
    try:
        # a task with a deadline and a citation: the deadline grammar and citation rules load here too
        parse_text("Số: 12/UBND-VP\nHà Nội, ngày 2 tháng 3 năm 2021\nKính gửi: Sở Y tế.\n"
                   "1. Giao Sở Y tế thực hiện Công văn số 5/UBND-VX, báo cáo trước ngày 30/6/2021.")
        for pdf in sorted(CORPORA.glob("*.pdf"))[:1]:
            parse(pdf, ocr=False)
        import pdfplumber.table  # noqa: F401 - imported on the first page with a ruled table
    except DocintelError:
        pass


def _serve(conn: Connection) -> None:
    """Worker: warm up, say so, then parse each path received until ``None``."""
    _warm_up()
    conn.send(("", "ready", ""))
    while (path := conn.recv()) is not None:
        conn.send(_parse_one(path))


@dataclass
class _Worker:
    proc: BaseProcess
    conn: Connection
    path: str | None = None
    started: float = 0.0


def _start(ctx: BaseContext) -> _Worker:
    here, there = ctx.Pipe()
    proc = ctx.Process(target=_serve, args=(there,), daemon=True)  # type: ignore[attr-defined]
    proc.start()
    there.close()
    if not here.poll(WARM_UP_LIMIT):
        proc.kill()
        raise RuntimeError(f"a parse worker did not start within {WARM_UP_LIMIT:g} s")
    here.recv()
    return _Worker(proc, here)


def _stop(w: _Worker) -> None:
    w.proc.kill()
    w.proc.join()
    w.conn.close()


def parse_all(files: list[str], *, limit: float = LIMIT, workers: int = WORKERS) -> list[Result]:
    """Parse every file in warmed-up worker processes; a file still running after ``limit``
    seconds is ``timeout`` (its worker killed and replaced), a worker that dies is ``crash``."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pending = list(reversed(files))
    results: list[Result] = []
    pool = [_start(ctx) for _ in range(min(workers, len(files)))]
    try:
        while pending or any(w.path for w in pool):
            for w in pool:
                if w.path is None and pending:
                    w.path, w.started = pending.pop(), time.monotonic()
                    w.conn.send(w.path)
            busy = [w for w in pool if w.path]
            due = min(w.started for w in busy) + limit
            ready = wait([w.conn for w in busy], timeout=max(0.0, due - time.monotonic()))
            now = time.monotonic()
            for i, w in enumerate(pool):
                path = w.path
                if path is None:
                    continue
                if w.conn in ready:
                    try:
                        results.append(w.conn.recv())
                        w.path = None
                        continue
                    except EOFError:
                        outcome, detail = "crash", f"worker died (exit code {w.proc.exitcode})"
                elif now - w.started >= limit:
                    outcome, detail = "timeout", f"killed after {now - w.started:.1f} s"
                else:
                    continue
                results.append((path, outcome, detail))
                _stop(w)
                pool[i] = _start(ctx)
    finally:
        for w in pool:
            _stop(w)
    return results


def _files() -> list[str]:
    wild = shared_path("corpus", "wild")
    pdf = shared_path("corpus", "pdf")
    return sorted(str(p) for p in [*wild.glob("*.txt"), *pdf.glob("*.pdf")])


@pytest.mark.shared
def test_issue2_every_corpus_file_parses_or_fails_clearly_within_the_limit() -> None:
    files = _files()
    _warm_up()  # forked workers start warm
    results = parse_all(files)
    assert sorted(p for p, _, _ in results) == files
    crashed = [(p, d) for p, o, d in results if o == "crash"]
    slow = [f"{Path(p).name} ({d})" for p, o, d in results if o == "timeout"]
    unclear = [(p, d) for p, o, d in results if o == "error" and (Path(p).name not in d or len(d) < 20)]
    assert not crashed, f"crashed: {crashed}"
    assert not slow, f"took more than {LIMIT:g} s: {slow}"
    assert not unclear, f"errors without the file name or a reason: {unclear}"
    # the scans have no text layer: with OCR off they must say so
    scans = {Path(p).name: (o, d) for p, o, d in results if Path(p).name.startswith("scan-")}
    assert scans and all(o == "error" and "no text layer: scanned PDF, OCR needed" in d for o, d in scans.values())


def _sleepy(path: str) -> Result:
    time.sleep(60 if "slow" in path else 0)
    return path, "ok", ""


def test_parse_all_kills_a_slow_file_promptly_and_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("needs the fork start method to patch the workers")
    here = sys.modules[__name__]
    monkeypatch.setattr(here, "_parse_one", _sleepy)
    monkeypatch.setattr(here, "_warm_up", lambda: None)
    results = {p: (o, d) for p, o, d in parse_all(["a.txt", "slow.txt", "b.txt", "c.txt"], limit=0.5)}
    assert {p: o for p, (o, _) in results.items()} == {"a.txt": "ok", "slow.txt": "timeout", "b.txt": "ok", "c.txt": "ok"}
    assert results["slow.txt"][1].startswith("killed after 0.")  # cut at the limit, not after the 60 s sleep


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_issue2_arbitrary_text_never_crashes(text: str) -> None:
    with alarm(10):
        try:
            doc = parse_text(text)
        except DocintelError:
            return
    assert isinstance(doc, Document)
    assert len(doc.raw_offsets) == len(doc.text)


_VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđAĂÂĐ àáảãạ0123456789:/-.\n Số ngày tháng năm PAGE---")), max_size=2000)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_VIETNAMESE)
def test_issue2_dispatch_like_text_never_crashes(text: str) -> None:
    with alarm(10):
        try:
            doc = parse_text(text)
        except DocintelError:
            return
    assert doc.folded == "" or len(doc.folded) == len(doc.text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".md", ".docx", ".pdf"]))
def test_issue2_arbitrary_bytes_never_crash(data: bytes, suffix: str) -> None:
    start = time.perf_counter()
    with alarm(10):
        try:
            doc = parse_bytes(data, name=f"fuzz{suffix}", ocr=False)
        except DocintelError as e:
            assert e.path == f"fuzz{suffix}"
            return
    assert isinstance(doc, Document), time.perf_counter() - start
