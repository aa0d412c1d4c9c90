"""Issue 2: no input crashes the parser or hangs it.

Every file of ../shared/corpus/wild and ../shared/corpus/pdf parses or fails with a
DocintelError carrying a clear message, each within a per-file time limit (2 s,
``DOCINTEL_PARSE_TIMEOUT`` to change it) enforced by an alarm in the worker process,
not by measuring and asserting. Hypothesis feeds arbitrary text and bytes.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import shared_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docintel import DocintelError, Document, parse, parse_bytes, parse_text

LIMIT = float(os.environ.get("DOCINTEL_PARSE_TIMEOUT", "2"))


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


def _parse_one(path: str) -> tuple[str, str, str]:
    """(path, outcome, detail) where outcome is ok | error | timeout | crash."""
    try:
        with alarm(LIMIT):
            parse(path, ocr=False)
        return path, "ok", ""
    except Timeout:
        return path, "timeout", f"over {LIMIT:g} s"
    except DocintelError as e:
        return path, "error", str(e)
    except Exception as e:  # noqa: BLE001 - the point of the test
        return path, "crash", f"{e.__class__.__name__}: {e}"


def _warm_up() -> None:
    """Load rules and compile patterns once per worker, outside the per-file limit."""
    try:
        parse_text("Số: 12/UBND-VP\nHà Nội, ngày 2 tháng 3 năm 2021\nKính gửi: Sở Y tế.\n1. Giao Sở Y tế thực hiện.")
    except DocintelError:
        pass


def _files() -> list[str]:
    wild = shared_path("corpus", "wild")
    pdf = shared_path("corpus", "pdf")
    return sorted(str(p) for p in [*wild.glob("*.txt"), *pdf.glob("*.pdf")])


@pytest.mark.shared
def test_issue2_every_corpus_file_parses_or_fails_clearly_within_the_limit() -> None:
    files = _files()
    with ProcessPoolExecutor(max_workers=2, initializer=_warm_up) as pool:
        results = list(pool.map(_parse_one, files, chunksize=8))
    crashed = [(p, d) for p, o, d in results if o == "crash"]
    slow = [Path(p).name for p, o, _ in results if o == "timeout"]
    unclear = [(p, d) for p, o, d in results if o == "error" and (Path(p).name not in d or len(d) < 20)]
    assert not crashed, f"crashed: {crashed}"
    assert not slow, f"took more than {LIMIT:g} s: {slow}"
    assert not unclear, f"errors without the file name or a reason: {unclear}"
    # the scans have no text layer: with OCR off they must say so
    scans = {Path(p).name: (o, d) for p, o, d in results if Path(p).name.startswith("scan-")}
    assert scans and all(o == "error" and "no text layer: scanned PDF, OCR needed" in d for o, d in scans.values())


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
