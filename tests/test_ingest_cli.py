"""Ingest from the command line and under stress (issue 5): summary and exit codes, re-ingest
changes nothing, kill -9 halfway through a folder, two ingest processes at once, the consume
folder, query syntax errors at the shell."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPORA, SHARED
from sqlalchemy import func, select
from typer.testing import CliRunner

from docintel.cli import app
from docintel.store import head_revision, open_store
from docintel.store._models import ASSIGNEES, CITATIONS, DEADLINES, DOCUMENTS, INCOMING, TASKS

runner = CliRunner()

# A stand-alone ingest process. Parsing is reduced to reading + normalising (the extractors are
# other issues' and are measured elsewhere) plus many tasks, assignees, deadlines and citations
# per document, so each document's transaction spans several tables and takes a while: a kill
# lands in the middle of writes, and a half-written document would show.
INGEST_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from docintel import Assignee, Citation, Deadline, Task
    from docintel._steps import normalise_step
    from docintel.ingest import read_data
    from docintel.store import ingest, open_store

    def parse(data, name):
        doc = read_data(data, name=name, suffix=".txt")
        normalise_step(doc)
        n = 20 + len(doc.text) % 17
        doc.tasks = [
            Task(str(k + 1), f"nhiệm vụ {k + 1}", assignees=[Assignee("Sở Y tế"), Assignee("Công an tỉnh", "support")],
                 deadline=Deadline("chậm nhất ngày 10/8/2020", date="2020-08-10"))
            for k in range(n)
        ]
        doc.citations = [Citation(f"Công văn số {k}/UBND", f"{k}/UBND", "CV", seq=k, symbol="UBND") for k in range(1, 6)]
        time.sleep(float(sys.argv[3]))
        return doc

    store = open_store(sys.argv[1])
    report = ingest(store, [sys.argv[2]], parser=parse)
    print(f"ingested: {report.summary()}", flush=True)
    sys.exit(1 if report.failed else 0)
    """
)


def make_folder(folder: Path, n: int) -> list[Path]:
    """``n`` unique texts: the wild tax letters when ../shared is there, else the seeds, each made
    unique by a marker line."""
    wild = SHARED / "corpus" / "wild"
    sources = sorted(wild.glob("*.txt"))[:n] if wild.is_dir() else []
    sources = sources or sorted(CORPORA.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(n):
        src = sources[k % len(sources)]
        p = folder / f"doc{k:03d}.txt"
        p.write_text(
            src.read_text(encoding="utf-8", errors="replace") + f"\n(bản sao {k})\n", encoding="utf-8"
        )
        out.append(p)
    return out


def start_ingest(url: str, folder: Path, delay: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, url, str(folder), str(delay)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def check_integrity(url: str) -> int:
    """Every stored document is whole: all its rows are there, once. Returns the document count."""
    store = open_store(url)
    try:
        with store.read() as conn:
            docs = list(conn.execute(select(DOCUMENTS.c.id, DOCUMENTS.c.sha256, DOCUMENTS.c.contract)))
            shas = [d.sha256 for d in docs]
            assert len(shas) == len(set(shas)), "a document stored twice"

            def per_doc(table) -> dict[int, int]:
                q = select(table.c.document_id, func.count()).group_by(table.c.document_id)
                return {r[0]: r[1] for r in conn.execute(q)}

            tasks, assignees, deadlines, citations, incoming = (
                per_doc(t) for t in (TASKS, ASSIGNEES, DEADLINES, CITATIONS, INCOMING)
            )
            for d in docs:
                want_tasks = len(d.contract["tasks"])
                assert tasks.get(d.id, 0) == want_tasks
                assert assignees.get(d.id, 0) == sum(len(t["assignees"]) for t in d.contract["tasks"])
                assert deadlines.get(d.id, 0) == sum(1 for t in d.contract["tasks"] if t["deadline"])
                assert citations.get(d.id, 0) == len(d.contract["citations"])
                assert incoming.get(d.id, 0) == 1
            numbers = sorted(conn.execute(select(INCOMING.c.number)).scalars())
            assert numbers == list(range(1, len(docs) + 1)), "số đến: no gaps, no duplicates"
            return len(docs)
    finally:
        store.close()


def count(url: str) -> int:
    store = open_store(url)
    try:
        return store.count()
    finally:
        store.close()


# ---------------------------------------------------------------------------
# crash and concurrency


def test_issue5_kill_9_halfway_then_rerun(store_url: str, tmp_path: Path) -> None:
    files = make_folder(tmp_path / "in", 40)
    open_store(store_url).close()  # schema first, so polling can start at once
    proc = start_ingest(store_url, tmp_path / "in", delay=0.05)
    deadline = time.monotonic() + 120
    while count(store_url) < 5:
        assert proc.poll() is None, f"ingest ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored = check_integrity(store_url)
    assert 5 <= stored < len(files), "the kill landed halfway"

    rerun = start_ingest(store_url, tmp_path / "in")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"{len(files) - stored} new, {stored} unchanged, 0 new versions, 0 failed" in out
    assert check_integrity(store_url) == len(files)


def test_issue5_two_ingest_processes_at_once_lose_nothing(store_url: str, tmp_path: Path) -> None:
    files = make_folder(tmp_path / "in", 30)
    open_store(store_url).close()
    procs = [start_ingest(store_url, tmp_path / "in") for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    new = [int(out.split("ingested: ")[1].split(" new")[0]) for out, _err in outs]
    assert sum(new) == len(files)  # each file stored by exactly one of them, the other saw it unchanged
    assert check_integrity(store_url) == len(files)


# ---------------------------------------------------------------------------
# the commands


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_issue5_cli_ingest_corpora_then_reingest_changes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'docintel.db'}"
    seeds = sorted(str(p) for p in CORPORA.glob("*.txt"))
    first = invoke("ingest", *seeds, "--db", url)
    assert first.exit_code == 0, first.output
    assert f"ingested: {len(seeds)} new, 0 unchanged, 0 new versions, 0 failed" in first.stdout
    second = invoke("ingest", *seeds, "--db", url)
    assert second.exit_code == 0
    assert f"ingested: 0 new, {len(seeds)} unchanged, 0 new versions, 0 failed" in second.stdout
    assert count(url) == len(seeds)
    search = invoke("search", "so y te", "--db", url, "--json")
    assert search.exit_code == 0 and '"highlights"' in search.stdout


def test_cli_ingest_reports_failures_and_exits_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    result = invoke("ingest", str(tmp_path / "in"), str(tmp_path / "missing.pdf"), "--db", url)
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr
    assert "missing.pdf: file not found" in result.stderr
    assert "0 new, 0 unchanged, 0 new versions, 2 failed" in result.stdout


@pytest.fixture
def locked_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """in/ with a good dispatch beside a sub-folder that cannot be listed (as for a user without
    permission; simulated, because root reads every folder whatever its mode)."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "good.txt").write_text(next(CORPORA.glob("*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "locked" / "hidden.txt").write_text("x", encoding="utf-8")
    real = os.scandir

    def scandir(path: str = ".") -> object:
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return folder


def test_issue_qa_unreadable_folder_is_a_failure_not_silence(tmp_path: Path, locked_folder: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    result = invoke("ingest", str(locked_folder), "--db", url, "--no-ocr")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("locked: cannot read folder: Permission denied")
    assert result.stderr.count("\n") == 1
    assert "1 new, 0 unchanged, 0 new versions, 1 failed" in result.stdout


def test_issue_qa_parse_reports_an_unreadable_folder(locked_folder: Path) -> None:
    result = invoke("parse", str(locked_folder), "--format", "jsonl", "--no-ocr")
    assert result.exit_code == 1
    assert "locked: cannot read folder: Permission denied" in result.stderr
    assert result.stdout.count("\n") == 1  # the good file is still parsed


QUERY_ERRORS = ['"so y te', "AND OR", "-", "*", "covid OR", "-covid", "a OR -b"]


def test_issue_qa_reversed_date_range_is_an_error_not_no_matches(tmp_path: Path) -> None:
    result = invoke("search", "thuế", "--from", "2022", "--to", "2020", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert result.exit_code == 2
    assert result.stderr == "docintel: search query error: the date range 2022 … 2020 is empty (from is after to)\n"
    same_year = invoke("search", "thuế", "--from", "2020-05", "--to", "2020", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert same_year.exit_code == 0  # May 2020 lies within 2020


def test_issue_qa2_3_unknown_type_exits_2_listing_the_codes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    bad = invoke("search", "thuế", "--type", "XX", "--db", url)
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.startswith("docintel: search query error: unknown document type 'XX': use a code (")
    assert " CV" in bad.stderr and "QĐ" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert invoke("search", "thuế", "--type", "công văn", "--db", url).exit_code == 0


@pytest.mark.parametrize("query", QUERY_ERRORS)
def test_issue5_query_syntax_errors_exit_2_with_a_message(tmp_path: Path, query: str) -> None:
    result = invoke("search", "--db", f"sqlite:///{tmp_path / 'a.db'}", "--", query)
    assert result.exit_code == 2
    assert result.stderr.startswith("docintel: search query error: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ['"so y te', "AND OR"])
def test_issue5_query_syntax_error_in_a_real_process_has_no_traceback(tmp_path: Path, query: str) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    proc = subprocess.run(
        [sys.executable, "-c", "from docintel.cli import main; main()", "search", "--db", url, "--", query],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("docintel: search query error: ")
    assert "Traceback" not in proc.stderr + proc.stdout


def test_cli_show_and_db_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    up = invoke("db", "upgrade", "--db", url)
    assert up.exit_code == 0 and f"upgraded (empty) → {head_revision()}" in up.stdout
    again = invoke("db", "upgrade", "--db", url)
    assert "already at revision" in again.stdout
    seed = sorted(CORPORA.glob("*.txt"))[0]
    assert invoke("ingest", str(seed), "--db", url).exit_code == 0
    text = invoke("show", "1", "--format", "text", "--db", url)
    assert text.stdout.strip() and text.stdout.split()[0] in seed.read_text(encoding="utf-8")
    js = invoke("show", seed.name, "--db", url)
    assert '"schema": "docintel.parse/1"' in js.stdout and '"archive"' in js.stdout
    summary = invoke("show", "1", "-f", "summary", "--db", url)
    assert "số đến   1/" in summary.stdout
    tasks = [line for line in summary.stdout.splitlines() if line.startswith("  task ")]
    assert any(line.endswith("…") for line in tasks)  # a long task is cut visibly, not silently mid-word
    missing = invoke("show", "999", "--db", url)
    assert missing.exit_code == 1 and "no such document: 999" in missing.stderr
    reg = invoke("incoming", "--db", url)
    assert reg.exit_code == 0 and reg.stdout.count("\n") == 2
    status = invoke("db", "status", "--db", url)
    assert "documents 1" in status.stdout


def test_issue_qa2_1_incoming_enters_a_dispatch_once(tmp_path: Path) -> None:
    """The .txt and a later .md of one dispatch are one register line (số đến 1) listing both files;
    show on the copy prints the shared number and the other file."""
    url = f"sqlite:///{tmp_path / 'a.db'}"
    seeds = sorted(CORPORA.glob("*.txt"))
    text = seeds[0].read_text(encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(text, encoding="utf-8")
    assert invoke("ingest", str(tmp_path / "in" / "a.txt"), str(seeds[1]), "--db", url).exit_code == 0
    (tmp_path / "in" / "a.md").write_text(text + "\n", encoding="utf-8")
    assert invoke("ingest", str(tmp_path / "in" / "a.md"), "--db", url).exit_code == 0
    reg = invoke("incoming", "--db", url)
    lines = reg.stdout.splitlines()
    assert reg.exit_code == 0 and len(lines) == 3 and lines[0].endswith("\tGhi chú")
    assert lines[1].startswith("1\t") and lines[1].endswith("\t#1 a.txt; #3 a.md")
    assert lines[2].startswith("2\t") and lines[2].endswith(f"\t#2 {seeds[1].name}")
    summary = invoke("show", "3", "-f", "summary", "--db", url)
    assert "số đến   1/" in summary.stdout and "  copies   #1 a.txt" in summary.stdout
    js = invoke("incoming", "--json", "--db", url)
    assert [[c["document_id"] for c in e["copies"]] for e in json.loads(js.stdout)] == [[3], []]


def test_watch_once_moves_files_to_done_and_failed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    seed = sorted(CORPORA.glob("*.txt"))[0]
    (inbox / "good.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (inbox / "notes.xyz").write_text("?", encoding="utf-8")
    (inbox / "done").mkdir()
    (inbox / "done" / "good.txt").write_text("an older file of the same name", encoding="utf-8")
    result = invoke("watch", str(inbox), "--once", "--db", url)
    assert result.exit_code == 1  # one file failed
    assert result.stderr.startswith(f"watch: {inbox} → {url}, once")  # QA2 issue 5: say what it watches
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == []
    assert (inbox / "done" / "good-1.txt").exists()
    reason = (inbox / "failed" / "notes.xyz.reason.txt").read_text(encoding="utf-8")
    assert "unsupported file type" in reason
    assert count(url) == 1
    # the same content dropped again is recognised and filed away, not stored twice
    (inbox / "again.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert invoke("watch", str(inbox), "--once", "--db", url).exit_code == 0
    assert (inbox / "done" / "again.txt").exists() and count(url) == 1


def test_issue_qa2_5_watch_says_what_it_watches_and_how_to_stop(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    url = f"sqlite:///{tmp_path / 'a.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from docintel.cli import main; main()", "watch", str(inbox), "--interval", "0.5", "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert line == f"watch: {inbox} → {url}, scanning every 0.5 s; stop with Ctrl-C\n"


def test_watch_waits_for_a_file_to_settle(tmp_path: Path) -> None:
    from docintel.store import watch

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text(
        sorted(CORPORA.glob("*.txt"))[0].read_text(encoding="utf-8"), encoding="utf-8"
    )
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    scans = iter(range(10))
    processed = watch(store, inbox, interval=0.01, should_stop=lambda: next(scans) >= 1)
    store.close()
    assert processed == 1  # seen on the first scan, ingested on the second when unchanged
    assert (inbox / "done" / "a.txt").exists()


def test_no_traceback_for_a_bad_database_url(tmp_path: Path) -> None:
    result = invoke("search", "x", "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")
    assert result.exit_code == 1 and "database error" in result.stderr


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_store_tables_exist_for_f2() -> None:
    # the reminder log and task status columns other modules rely on
    from docintel.store._models import REMINDER_LOG

    assert {"key", "task_pk", "occurrence", "channel", "recipient", "sent_at"} <= set(REMINDER_LOG.c.keys())
    assert {"status", "done_at"} <= set(TASKS.c.keys())


def _command_paths() -> list[list[str]]:
    import typer

    def walk(cmd: Any, path: list[str]) -> list[list[str]]:
        out = [path]
        if isinstance(getattr(cmd, "commands", None), dict):
            for name, sub in sorted(cmd.commands.items()):
                out.extend(walk(sub, [*path, name]))
        return out

    return walk(typer.main.get_command(app), [])


def test_issue_qa_every_command_and_group_help_has_an_example() -> None:
    """The root and the db/graph/task groups had no Example: line in their --help."""
    paths = _command_paths()
    assert ["graph", "cited-by"] in paths and ["db"] in paths and [] in paths
    for path in paths:
        out = invoke(*path, "--help").stdout
        assert "Example:" in out, path
