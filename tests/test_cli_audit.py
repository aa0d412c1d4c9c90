"""Session-6 audit of the command line as its users meet it, driven by README.md: archivists
feeding whole folders with broken files among them, staff asking what a body must do, and
cron / systemd runs that remind before deadlines pass. Each test is named after what the
audit found (test_audit_…)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import typer
from conftest import CORPORA
from typer.testing import CliRunner

from docintel.cli import _app as cli_app
from docintel.cli import app
from docintel.cli._remind import _asked

runner = CliRunner()
SEED = sorted(CORPORA.glob("*.txt"))[1]  # 001: tasks for Sở Y tế and UBND các huyện, due 2020-08-08


def invoke(*args: str, env: dict[str, str] | None = None, catch: bool = False) -> Any:
    return runner.invoke(app, list(args), catch_exceptions=catch, env=env)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('archive') / 'a.db'}"
    assert invoke("ingest", str(SEED), "--db", url, "--no-ocr").exit_code == 0
    return url


# ---------------------------------------------------------------------------
# --help ends with its example


COMMANDS = [
    [], ["parse"], ["ingest"], ["watch"], ["search"], ["show"], ["incoming"], ["obligations"], ["remind"],
    ["ocr"], ["graph"], ["graph", "cites"], ["graph", "cited-by"], ["graph", "chain"], ["graph", "export"],
    ["graph", "render"], ["db"], ["db", "upgrade"], ["db", "status"], ["task"], ["task", "done"], ["task", "reopen"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "docintel")
def test_audit_help_ends_with_an_example(command: list[str]) -> None:
    """README: "Every command's --help ends with an example". The examples stood above the
    argument and option lists; they are now the last lines, printed as written."""
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    at = next(i for i, line in enumerate(lines) if line.startswith("Example"))
    assert "Options:" in lines[:at] or command == []  # after the options …
    assert all(line.startswith(("docintel ", "Example: docintel ")) or line == "Example:" for line in lines[at:])
    assert lines[-1].startswith(("docintel ", "Example: docintel "))  # … and last


# ---------------------------------------------------------------------------
# broken inputs in a batch


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A dispatch without read permission (simulated: root reads every file whatever its mode)."""
    f = tmp_path / "noread.txt"
    f.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    real_access, real_read = os.access, Path.read_bytes

    def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        return False if os.fspath(path).endswith("noread.txt") else real_access(path, mode, *args, **kwargs)

    def read_bytes(self: Path) -> bytes:
        if self.name == "noread.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return f


def test_audit_unreadable_file_does_not_stop_the_parse_batch(unreadable: Path) -> None:
    """click refused the whole command ("Invalid value for 'files': … is not readable", exit 2)
    and parsed nothing; now that file is one line and the others are parsed."""
    result = invoke("parse", str(unreadable), str(SEED), "--format", "jsonl", "--no-ocr")
    assert result.exit_code == 1
    assert result.stderr == f"docintel: {unreadable}: cannot read: Permission denied\n"
    assert len(result.stdout.splitlines()) == 1 and json.loads(result.stdout)["number"]


def test_audit_empty_folder_is_said_not_silence(tmp_path: Path) -> None:
    """A folder (or a directory named like a file) with no dispatch in it printed nothing and
    exited 0; now it is a failure naming the folder, and --format json still prints JSON."""
    (tmp_path / "adir.txt").mkdir()
    result = invoke("parse", str(tmp_path / "adir.txt"), "--no-ocr")
    assert result.exit_code == 1
    assert result.stderr == f"docintel: {tmp_path / 'adir.txt'}: no dispatches in this folder (.txt, .md, .docx, .pdf or images)\n"
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("junk.pdf", b"\x8f\x01junk" * 100, "broken PDF"),
        ("nothing.docx", b"PK\x05\x06" + b"\x00" * 18, "broken DOCX"),
    ],
)
def test_audit_all_files_failing_still_prints_valid_json(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    """Several files that all fail printed nothing on stdout, which `| jq` reads as an error."""
    bad = tmp_path / name
    bad.write_bytes(content)
    other = tmp_path / "empty2.txt"
    other.write_bytes(b"")
    result = invoke("parse", str(bad), str(other), "--no-ocr")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []
    assert result.stderr.splitlines()[0].startswith(f"docintel: {bad}: {reason}")
    assert len(result.stderr.splitlines()) == 2  # one line per file


@pytest.mark.parametrize("command", ["parse", "ingest"])
def test_audit_a_huge_text_is_refused_and_the_batch_goes_on(tmp_path: Path, command: str) -> None:
    """A 30 MB text dump held an ingest for over ten minutes (2.8 GB of memory) with every
    dispatch after it waiting; a text over $DOCINTEL_MAX_TEXT_MB is now one line on stderr."""
    huge = tmp_path / "a_huge.txt"
    huge.write_text(SEED.read_text(encoding="utf-8") * 40, encoding="utf-8")  # ≈ 120 kB
    args = [command, str(huge), str(SEED), "--no-ocr"]
    if command == "ingest":
        args += ["--db", f"sqlite:///{tmp_path / 'a.db'}"]
    result = invoke(*args, env={"DOCINTEL_MAX_TEXT_MB": "0.1"})
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith(f"docintel: {huge}: text file too large: 0.1 MB (limit 0.1 MB; raise DOCINTEL_MAX_TEXT_MB")
    assert "1 new" in result.stdout if command == "ingest" else json.loads(result.stdout)[0]["number"]
    assert invoke(*args, env={"DOCINTEL_MAX_TEXT_MB": "0"}).exit_code == 0  # 0: no limit


def test_audit_ingest_names_a_failure_as_it_happens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Failures were printed only after the whole batch: a long cron ingest, or one stopped
    half-way (kill, Ctrl-C), left no word of the files that had failed."""
    from docintel.store import _ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_empty.txt").write_bytes(b"")
    (tmp_path / "in" / "b_good.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    real = _ingest.ingest_file

    def stop_at_second(store: Any, path: Path, **kwargs: Any) -> Any:
        if path.name == "b_good.txt":
            raise KeyboardInterrupt
        return real(store, path, **kwargs)

    monkeypatch.setattr(_ingest, "ingest_file", stop_at_second)
    result = invoke("ingest", str(tmp_path / "in"), "--db", f"sqlite:///{tmp_path / 'a.db'}", catch=True)
    assert result.exit_code == 130  # click's "Aborted!" for Ctrl-C
    assert result.stderr.splitlines()[0] == f"docintel: {tmp_path / 'in' / 'a_empty.txt'}: empty file"


def test_audit_ingest_names_each_failure_once(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = invoke("ingest", str(tmp_path / "empty.txt"), str(SEED), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert result.exit_code == 1
    assert result.stderr == f"docintel: {tmp_path / 'empty.txt'}: empty file\n"


def test_audit_ocr_of_a_text_file_says_it_is_no_scan(tmp_path: Path) -> None:
    """`docintel ocr letter.txt` said "broken image: cannot identify image file <_io.BytesIO
    object at 0x…>"."""
    result = invoke("ocr", str(SEED))
    assert result.exit_code in (1, 2)  # 2 when Tesseract is missing
    if result.exit_code == 1:
        assert result.stderr.startswith(f"docintel: {SEED}: not a scan: '.txt' has no page images to OCR")
        assert "BytesIO" not in result.stderr


@pytest.mark.parametrize(("name", "what"), [("photo.heic", "HEIC/HEIF photo"), ("logo.gif", "GIF image")])
def test_audit_ocr_of_an_image_scans_do_not_come_in_names_the_format(tmp_path: Path, name: str, what: str) -> None:
    """`docintel ocr photo.heic` said "not a scan … read it with docintel parse", wrong for an image."""
    path = tmp_path / name
    path.write_bytes(b"\x00" * 64)
    result = invoke("ocr", str(path))
    assert result.exit_code in (1, 2)  # 2 when Tesseract is missing
    if result.exit_code == 1:
        assert result.stderr.startswith(f"docintel: {path}: unsupported image format: the file is a")
        assert what in result.stderr and "not a scan" not in result.stderr


# ---------------------------------------------------------------------------
# output files that cannot be written


@pytest.mark.parametrize(
    "args",
    [
        ["graph", "export", "--format", "dot", "-o", "{bad}/g.dot"],
        ["remind", "--format", "ics", "-o", "{bad}/nhac-han.ics"],
        ["parse", str(SEED), "--no-ocr", "--out", "{bad}/parsed"],
    ],
    ids=["graph export -o", "remind -o", "parse --out"],
)
def test_audit_unwritable_output_is_one_line_not_a_traceback(tmp_path: Path, archive: str, args: list[str]) -> None:
    """These printed a Python traceback (FileNotFoundError / NotADirectoryError)."""
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")  # a file where a folder should be: fails even as root
    argv = [a.replace("{bad}", str(blocker)) for a in args]
    if argv[0] != "parse":
        argv += ["--db", archive]
    result = invoke(*argv)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"docintel: {blocker}/")
    assert ": cannot write: Not a directory" in result.stderr and len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------
# an archive that is not there


@pytest.mark.parametrize(
    "args",
    [
        ["remind", "--within", "3d"],
        ["remind", "--format", "email", "--dry-run", "--to", "a@x.vn"],
        ["obligations", "--agency", "Sở Y tế"],
        ["incoming"],
        ["show", "1"],
        ["db", "status"],
        ["graph", "cited-by", "938/UBND-KGVX"],
        ["task", "done", "1:1"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_audit_read_commands_never_create_an_empty_archive(tmp_path: Path, args: list[str]) -> None:
    """With DATABASE_URL mistyped (or cron starting in another folder than ./docintel.db), the
    reminder job created an empty archive and said "nothing due" with exit 0, every day."""
    db = tmp_path / "typo.db"
    result = invoke(*args, "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == (f"docintel: no archive at {db} (check --db / DATABASE_URL; "
                             "'docintel ingest' or 'docintel db upgrade' creates one)\n")
    assert not db.exists()


def test_audit_search_of_a_missing_archive_says_so_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    result = invoke("search", "so y te", "--db", str(db))
    assert result.exit_code == 0 and result.stdout == "no matches\n"
    assert result.stderr.startswith(f"docintel: no archive at {db}")
    assert not db.exists()
    assert invoke("search", "x", "--from", "2022", "--to", "2020", "--db", str(db)).exit_code == 2  # usage first


def test_audit_ingest_still_creates_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert invoke("ingest", str(SEED), "--db", str(db), "--no-ocr").exit_code == 0
    assert db.exists()


# ---------------------------------------------------------------------------
# search: several words, a leading "-"


@pytest.mark.parametrize(
    ("args", "same_as"),
    [
        (["so", "y", "te"], ["so y te"]),
        (["--", "-covid", "so", "y", "te"], ["--", "-covid so y te"]),  # README: docintel search -- -covid x
        (["--", "so y te", "-covid"], ["--", "so y te -covid"]),
    ],
)
def test_audit_search_words_may_be_separate_arguments(archive: str, args: list[str], same_as: list[str]) -> None:
    """README's `docintel search -- -covid x` failed with "Got unexpected extra argument(s) (x)"."""
    a = invoke("search", "--db", archive, "--json", *args)  # after "--" every word is the query's
    b = invoke("search", "--db", archive, "--json", *same_as)
    assert a.exit_code == 0, a.stderr
    assert json.loads(a.stdout) == json.loads(b.stdout)


# ---------------------------------------------------------------------------
# "today" for scheduled runs


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_audit_today_is_the_day_where_the_deadlines_fall(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    """Reminders counted days from the server's date: a UTC server running the job at 06:00
    in Hà Nội (23:00 UTC) reminded as of yesterday. Now Vietnam's day unless $DOCINTEL_TZ."""
    if zone == "Asia/Ho_Chi_Minh":
        monkeypatch.delenv("DOCINTEL_TZ", raising=False)
    else:
        monkeypatch.setenv("DOCINTEL_TZ", zone)
    before = datetime.now(ZoneInfo(zone)).date()
    got = cli_app.today()
    assert before <= got <= datetime.now(ZoneInfo(zone)).date()


def test_audit_remind_reports_as_of_vietnam_today(archive: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCINTEL_TZ", raising=False)
    result = invoke("remind", "--format", "json", "--db", archive)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["as_of"] == datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()


def test_audit_bad_time_zone_is_a_usage_error(archive: str) -> None:
    result = invoke("remind", "--db", archive, env={"DOCINTEL_TZ": "Mars/Base"})
    assert result.exit_code == 2
    assert result.stderr == "docintel: bad time zone DOCINTEL_TZ='Mars/Base': expected an IANA name such as Asia/Ho_Chi_Minh\n"


def test_audit_cron_exit_codes(archive: str) -> None:
    """What a cron job can test: 0 whether or not something is due, 1 for an error, 2 for a
    bad option."""
    due = invoke("remind", "--as-of", "2020-08-06", "--within", "3d", "--db", archive)
    assert due.exit_code == 0 and "2020-08-08" in due.stdout
    nothing = invoke("remind", "--as-of", "2019-01-01", "--within", "1d", "--no-overdue", "--db", archive)
    assert nothing.exit_code == 0 and nothing.stdout.startswith("Không có nhiệm vụ")
    assert invoke("remind", "--within", "soon", "--db", archive).exit_code == 2
    assert invoke("remind", "--as-of", "06/08/2020", "--db", archive).exit_code == 2


# ---------------------------------------------------------------------------
# obligations: the table's title


class _O:
    def __init__(self, agency: str, group: str | None = None) -> None:
        self.agency, self.group = agency, group


class _V:
    def __init__(self, agency: str, group: str | None = None) -> None:
        self.obligation = _O(agency, group)


@pytest.mark.parametrize(
    ("rows", "typed", "title"),
    [
        # one group row of Lạng Sơn under six national rows: the table is about "Sở Y tế"
        ([("Sở Y tế", None)] * 6 + [("Sở Y tế tỉnh Lạng Sơn", "Các sở, ban, ngành, đoàn thể tỉnh")], "so y te", "Sở Y tế"),
        ([("UBND các huyện, thành phố", None)], "UBND các huyện", "UBND các huyện, thành phố"),
        ([("Sở Y tế", None), ("Sở Y tế tỉnh Lạng Sơn", None)], "syt", "Sở Y tế"),  # a tie: the shorter
        ([], "Sở Y tế", "Sở Y tế"),
    ],
)
def test_audit_obligations_title_names_the_body_most_rows_are_for(rows: list[tuple[str, str | None]], typed: str,
                                                                  title: str) -> None:
    """"Nhiệm vụ của Sở Y tế tỉnh Lạng Sơn" stood over the tasks of a national decision."""
    assert _asked([_V(a, g) for a, g in rows], typed) == title


def test_audit_write_file_exit_is_typer_exit(tmp_path: Path) -> None:
    with pytest.raises(typer.Exit):
        cli_app.write_file(tmp_path / "no" / "such" / "x.txt", "x")


def test_audit_db_status_names_the_archive_by_its_url(archive: str) -> None:
    """It printed the object's repr, "archive   Store('sqlite:///…')"."""
    result = invoke("db", "status", "--db", archive)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"archive   {archive}"
