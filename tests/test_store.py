"""The archive (issue 5): schema, idempotent ingest, versions, failures, register, obligations,
reminder log, citation links. Every test runs on SQLite and, when DOCINTEL_TEST_PG_URL is set,
on PostgreSQL (see the ``store_url`` fixture in conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import reset_postgres
from sqlalchemy import func, select

from docintel import Assignee, Citation, Deadline, Document, Issuer, Number, StoreError, Task, TextValue
from docintel._steps import normalise_step
from docintel.ingest import read_data
from docintel.store import (
    Store,
    current_revision,
    head_revision,
    ingest,
    open_store,
)
from docintel.store._models import ASSIGNEES, CITATIONS, DEADLINES, DOCUMENTS, INCOMING, TASKS

Annotate = Callable[[Document], None]


def _span(doc: Document, needle: str) -> tuple[int, int]:
    i = doc.text.index(needle)
    return i, i + len(needle)


def make_parser(annotate: dict[str, Annotate] | None = None) -> Callable[[bytes, str], Document]:
    """Read + normalise only (the field extractors are other issues'); ``annotate[file name]`` adds fields by hand."""

    def parse(data: bytes, name: str) -> Document:
        doc = read_data(data, name=name, suffix=Path(name).suffix)
        normalise_step(doc)
        fn = (annotate or {}).get(Path(name).name)
        if fn:
            fn(doc)
        return doc

    return parse


def directive(doc: Document) -> None:
    """A công văn 120/UBND-VX of UBND tỉnh Lạng Sơn with two tasks and one citation."""
    doc.doc_type = "CV"
    s, e = _span(doc, "120/UBND-VX")
    doc.number = Number("120/UBND-VX", 120, None, "UBND-VX", s, e)
    doc.issuer = Issuer("UBND tỉnh Lạng Sơn", agency_id="ubnd-tinh@lang-son")
    doc.date = __import__("docintel").DateValue("2020-08-05")
    doc.subject = TextValue("phòng, chống dịch COVID-19")
    s1, e1 = _span(doc, "Sở Y tế chủ trì")
    s2, e2 = _span(doc, "UBND các huyện báo cáo")
    doc.tasks = [
        Task(
            "1",
            doc.text[s1:e1],
            start=s1,
            end=e1,
            assignees=[
                Assignee("Sở Y tế", "lead", s1, s1 + 7, agency_id="so-y-te@lang-son"),
                Assignee("Công an tỉnh", "support"),
            ],
            deadline=Deadline("chậm nhất ngày 10/8/2020", date="2020-08-10"),
        ),
        Task(
            "2",
            doc.text[s2:e2],
            start=s2,
            end=e2,
            assignees=[Assignee("UBND các huyện, thành phố", "lead")],
            deadline=Deadline("hằng tuần", recurrence="weekly", weekday=4),
        ),
    ]
    cs, ce = _span(doc, "Công văn số 938/UBND-KGVX")
    doc.citations = [
        Citation(
            "Công văn số 938/UBND-KGVX", "938/UBND-KGVX", "CV", start=cs, end=ce, seq=938, symbol="UBND-KGVX"
        )
    ]


def cited(doc: Document) -> None:
    """The document 120/UBND-VX cites."""
    doc.doc_type = "CV"
    doc.number = Number("938/UBND-KGVX", 938, None, "UBND-KGVX")
    doc.issuer = Issuer("UBND tỉnh Lạng Sơn")


DIRECTIVE = (
    "UBND TỈNH LẠNG SƠN\nSố: 120/UBND-VX\nV/v phòng, chống dịch COVID-19\n"
    "Thực hiện Công văn số 938/UBND-KGVX, UBND tỉnh yêu cầu:\n"
    "1. Sở Y tế chủ trì, phối hợp Công an tỉnh rà soát, chậm nhất ngày 10/8/2020.\n"
    "2. UBND các huyện báo cáo hằng tuần.\n"
)
CITED = "UBND TỈNH LẠNG SƠN\nSố: 938/UBND-KGVX\nV/v hướng dẫn cách ly y tế tại huyện Đình Lập\n"


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    yield s
    s.close()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


PARSER = make_parser({"directive.txt": directive, "cited.txt": cited, "v.txt": directive})


def counts(store: Store) -> dict[str, int]:
    with store.read() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (DOCUMENTS, TASKS, ASSIGNEES, DEADLINES, CITATIONS, INCOMING)
        }


# ---------------------------------------------------------------------------
# schema


def test_open_store_creates_schema_at_head(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    assert store.count() == 0


def test_open_store_twice_keeps_data(store_url: str, tmp_path: Path) -> None:
    s = open_store(store_url)
    ingest(s, [write(tmp_path / "in", "a.txt", CITED)], parser=PARSER)
    s.close()
    s2 = open_store(store_url)
    assert s2.count() == 1
    s2.close()


def test_open_store_upgrades_an_empty_database_in_place(store_url: str) -> None:
    from docintel.store._engine import engine_url, make_engine

    if store_url.startswith("postgresql"):
        reset_postgres(store_url, drop=True)
    engine = make_engine(engine_url(store_url))
    assert current_revision(engine) is None
    engine.dispose()
    s = open_store(store_url)
    assert current_revision(s.engine) == head_revision()
    s.close()


def test_default_url_is_docintel_db_in_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    s = open_store()
    assert s.url == "sqlite:///docintel.db"
    s.close()
    assert (tmp_path / "docintel.db").exists()


def test_database_url_env_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    open_store().close()
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    "url,expected",
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("archive.db", "sqlite:///archive.db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_engine_url(url: str, expected: str) -> None:
    from docintel.store import engine_url

    assert engine_url(url) == expected


def test_bad_url_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        open_store(f"sqlite:///{tmp_path / 'missing-folder' / 'x.db'}")
    with pytest.raises(StoreError):
        open_store("nosuchdb+driver://x")


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    with s.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    s.close()


# ---------------------------------------------------------------------------
# ingest


def test_ingest_is_idempotent(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder, "directive.txt", DIRECTIVE)
    write(folder / "sub", "cited.txt", CITED)
    r1 = ingest(store, [folder], parser=PARSER)
    assert (len(r1.new), len(r1.unchanged), len(r1.failed)) == (2, 0, 0)
    before = counts(store)
    r2 = ingest(store, [folder], parser=PARSER)
    assert (len(r2.new), len(r2.unchanged), len(r2.versions), len(r2.failed)) == (0, 2, 0, 0)
    assert counts(store) == before
    assert before["tasks"] == 2 and before["assignees"] == 3 and before["deadlines"] == 2


def test_same_content_elsewhere_is_unchanged(store: Store, tmp_path: Path) -> None:
    a = write(tmp_path / "a", "x.txt", CITED)
    b = write(tmp_path / "b", "y.txt", CITED)
    r = ingest(store, [a, b], parser=PARSER)
    assert [i.status for i in r.items] == ["new", "unchanged"]
    assert r.items[1].document_id == r.items[0].document_id


def test_changed_file_becomes_a_new_version(store: Store, tmp_path: Path) -> None:
    p = write(tmp_path, "v.txt", DIRECTIVE)
    first = ingest(store, [p], parser=PARSER).items[0]
    p.write_text(DIRECTIVE + "3. Sở Tài chính bố trí kinh phí.\n", encoding="utf-8")
    second = ingest(store, [p], parser=PARSER).items[0]
    assert second.status == "version" and second.version == 2
    versions = store.versions(str(p.resolve()))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].superseded_by == second.document_id
    assert store.count() == 1 and store.count(all_versions=True) == 2
    # tasks of the superseded version are not obligations any more
    assert {o.document_id for o in store.obligations()} == {second.document_id}
    assert first.document_id not in {h.id for h in store.search("so y te")}


def test_failures_are_recorded_and_the_batch_goes_on(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = write(folder, "cited.txt", CITED)
    empty = write(folder, "empty.txt", "")
    odd = write(tmp_path, "notes.xyz", "x")
    r = ingest(store, [folder, odd, tmp_path / "missing.txt", str(tmp_path / "nothing-*.txt")], parser=PARSER)
    assert [i.status for i in r.items if i.path == str(good)] == ["new"]
    reasons = {Path(i.path).name: i.reason for i in r.failed}
    assert set(reasons) == {"empty.txt", "notes.xyz", "missing.txt", "nothing-*.txt"}
    assert "empty" in reasons["empty.txt"] and "unsupported" in reasons["notes.xyz"]
    assert "not found" in reasons["missing.txt"] and "no files match" in reasons["nothing-*.txt"]
    assert empty.exists() and odd.exists()  # left where they were
    assert len(store.failures()) == 4
    assert r.summary() == "1 new, 0 unchanged, 0 new versions, 4 failed"


def test_parser_crash_is_a_failure_not_a_crash(store: Store, tmp_path: Path) -> None:
    def boom(data: bytes, name: str) -> Document:
        raise RuntimeError("step exploded")

    r = ingest(store, [write(tmp_path, "a.txt", CITED)], parser=boom)
    assert r.failed and "RuntimeError: step exploded" in (r.failed[0].reason or "")
    assert store.count() == 0


def test_progress_is_called_for_every_file(store: Store, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    write(tmp_path / "in", "a.txt", CITED)
    write(tmp_path / "in", "b.txt", DIRECTIVE)
    ingest(
        store,
        [tmp_path / "in"],
        parser=PARSER,
        progress=lambda item, done, total: seen.append((item.status, done, total)),
    )
    assert [(d, t) for _s, d, t in seen] == [(1, 2), (2, 2)]


def test_stored_fields_and_contract(store: Store, tmp_path: Path) -> None:
    item = ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER).items[0]
    row = store.document(item.document_id or 0)
    assert row.number_text == "120/UBND-VX" and row.number_seq == 120 and row.symbol_key == "ubnd vx"
    assert row.text[row.number_start : row.number_end] == "120/UBND-VX"
    assert row.folded.startswith("ubnd tinh lang son")
    assert row.date_min == row.date_max == dt.date(2020, 8, 5)
    assert row.contract["schema"] == "docintel.parse/1"
    assert [t["id"] for t in row.contract["tasks"]] == ["1", "2"]
    assert store.document(row.sha256[:12]).id == row.id
    assert store.document("120/UBND-VX").id == row.id
    with pytest.raises(StoreError, match="no such document"):
        store.document("999/XX")


def test_agencies_are_registered(store: Store, tmp_path: Path) -> None:
    from docintel.store._models import AGENCIES

    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER)
    with store.read() as conn:
        ids = set(conn.execute(select(AGENCIES.c.id)).scalars())
    assert {"ubnd-tinh@lang-son", "so-y-te@lang-son"} <= ids


# ---------------------------------------------------------------------------
# incoming register


def test_incoming_register_numbers_run_per_year(store: Store, tmp_path: Path) -> None:
    for k in range(3):
        ingest(store, [write(tmp_path, f"c{k}.txt", CITED + f"bản {k}\n")], parser=PARSER)
    entries = store.incoming()
    assert [e.number for e in entries] == [1, 2, 3]
    assert {e.year for e in entries} == {dt.date.today().year}


def test_issue_qa2_1_copies_of_one_dispatch_share_one_entry(store: Store, tmp_path: Path) -> None:
    """A dispatch stored as .txt, .md and a re-scan is entered once (Decree 30 Appendix IV): the
    copies share its số đến, and a copy arriving after other documents renumbers nothing."""
    parser = make_parser({"directive.txt": directive, "directive.md": directive, "scan.txt": directive, "cited.txt": cited})
    ingest(store, [write(tmp_path / "a", "directive.txt", DIRECTIVE)], parser=parser, unit="Văn phòng")
    ingest(store, [write(tmp_path / "a", "cited.txt", CITED)], parser=parser)
    before = [(e.number, e.document_id) for e in store.incoming()]
    assert [n for n, _ in before] == [1, 2]
    report = ingest(
        store,
        [write(tmp_path / "b", "directive.md", "# " + DIRECTIVE), write(tmp_path / "b", "scan.txt", DIRECTIVE + "(bản chụp)\n")],
        parser=parser,
    )
    assert report.ok and store.count() == 4
    entries = store.incoming()
    assert [(e.number, e.document_id) for e in entries] == before  # nothing renumbered, no new line
    first = entries[0]
    assert first.path and first.path.endswith("directive.txt") and first.unit == "Văn phòng"
    assert [Path(c.path).name for c in first.copies] == ["directive.md", "scan.txt"]
    assert entries[1].copies == ()
    copy_id = first.copies[0].document_id
    assert [e.number for e in store.incoming(document_id=copy_id)] == [1]
    assert store.incoming(document_id=entries[1].document_id)[0].number == 2
    # a different dispatch still takes the next number
    other = make_parser({"c2.txt": cited})
    ingest(store, [write(tmp_path / "a", "c2.txt", CITED.replace("938/UBND-KGVX", "939/UBND-KGVX"))], parser=other)
    assert [e.number for e in store.incoming()] == [1, 2, 3]
    assert counts(store)["incoming"] == 3


def test_issue_qa2_1_too_little_known_is_no_copy(store: Store, tmp_path: Path) -> None:
    """Files without a subject (or without number and date) are never folded: ambiguity resolves to
    nothing, so each keeps its own entry."""
    bare = make_parser()
    ingest(store, [write(tmp_path, "x.txt", CITED), write(tmp_path, "y.txt", CITED + "\n(bản sao)\n")], parser=bare)
    assert [(e.number, e.copies) for e in store.incoming()] == [(1, ()), (2, ())]


def test_handling_due_from_earliest_deadline_or_default(store: Store, tmp_path: Path) -> None:
    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER, unit="Văn phòng")
    ingest(store, [write(tmp_path, "cited.txt", CITED)], parser=PARSER, handling_days=7)
    by_doc = {e.doc_number: e for e in store.incoming()}
    d = by_doc["120/UBND-VX"]
    assert (d.handling_due, d.handling_due_source, d.unit) == (dt.date(2020, 8, 10), "deadline", "Văn phòng")
    c = by_doc["938/UBND-KGVX"]
    assert c.handling_due == c.received_on + dt.timedelta(days=7) and c.handling_due_source == "default"


# ---------------------------------------------------------------------------
# obligations, task status, reminder log (the API the reminders build on)


def test_obligations_filters(store: Store, tmp_path: Path) -> None:
    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER)
    all_open = store.obligations()
    assert [o.task_id for o in all_open] == ["1", "2"]  # dated first
    first = all_open[0]
    assert first.due_date == dt.date(2020, 8, 10) and first.doc_number == "120/UBND-VX"
    assert [(a.name, a.role) for a in first.assignees] == [("Sở Y tế", "lead"), ("Công an tỉnh", "support")]
    assert first.deadline().date == "2020-08-10"
    assert [o.task_id for o in store.obligations(agency_ids=["so-y-te@lang-son"])] == ["1"]
    assert [o.task_id for o in store.obligations(names=["so y te"])] == ["1"]
    assert [o.task_id for o in store.obligations(names=["UBND CAC HUYEN"])] == ["2"]
    assert [o.task_id for o in store.obligations(names=["Bộ Quốc phòng"])] == []
    assert [o.task_id for o in store.obligations(due_before=dt.date(2020, 8, 9))] == ["2"]  # recurring kept
    assert [
        o.task_id for o in store.obligations(due_before=dt.date(2020, 8, 10), include_recurring=False)
    ] == ["1"]
    assert [
        o.task_id for o in store.obligations(due_after=dt.date(2020, 8, 11), include_recurring=False)
    ] == []


def test_mark_task_done_and_reopen(store: Store, tmp_path: Path) -> None:
    item = ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER).items[0]
    done = store.mark_task_done(f"{item.document_id}:1", note="đã báo cáo")
    assert done.status == "done" and done.done_at is not None
    assert [o.task_id for o in store.obligations()] == ["2"]
    assert [o.task_id for o in store.obligations(status="done")] == ["1"]
    store.mark_task_done("120/UBND-VX:1", done=False)
    assert [o.task_id for o in store.obligations()] == ["1", "2"]
    with pytest.raises(StoreError, match="no such task"):
        store.mark_task_done(f"{item.document_id}:9")
    with pytest.raises(StoreError):
        store.mark_task_done("nonsense")


def test_reminder_log_is_idempotent(store: Store, tmp_path: Path) -> None:
    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER)
    pk = store.obligations()[0].task_pk
    key = f"{pk}/2020-08-10/email/vt@soyte.gov.vn"
    assert not store.reminder_log_has(key)
    assert store.record_reminder(
        key, task_pk=pk, occurrence=dt.date(2020, 8, 10), channel="email", recipient="vt@soyte.gov.vn"
    )
    assert store.reminder_log_has(key)
    assert not store.record_reminder(key, task_pk=pk)  # second time: nothing recorded
    assert len(store.reminders_sent(task_pk=pk)) == 1


# ---------------------------------------------------------------------------
# citations


def test_citation_links_once_its_target_arrives(store: Store, tmp_path: Path) -> None:
    d = ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER).items[0]
    [edge] = list(store.citation_edges())
    assert edge.source_id == d.document_id and edge.target_id is None
    c = ingest(store, [write(tmp_path, "cited.txt", CITED)], parser=PARSER).items[0]
    [edge] = list(store.citation_edges())
    assert edge.target_id == c.document_id and edge.confidence
    nodes = {n.id: n for n in store.document_nodes()}
    assert nodes[c.document_id].number == "938/UBND-KGVX"


def test_citation_to_a_stored_document_links_at_once(store: Store, tmp_path: Path) -> None:
    c = ingest(store, [write(tmp_path, "cited.txt", CITED)], parser=PARSER).items[0]
    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER)
    assert [e.target_id for e in store.citation_edges()] == [c.document_id]


def cited_elsewhere(doc: Document) -> None:
    """Another province's UBND used the same number: a different dispatch."""
    cited(doc)
    doc.issuer = Issuer("UBND tỉnh Cao Bằng")


def test_ambiguous_citation_stays_unresolved(store: Store, tmp_path: Path) -> None:
    # the same number from two provinces' UBND: two dispatches, nothing tells them apart
    parser = make_parser({"directive.txt": directive, "cited.txt": cited, "other.txt": cited_elsewhere})
    ingest(store, [write(tmp_path / "a", "cited.txt", CITED)], parser=parser)
    ingest(store, [write(tmp_path / "b", "other.txt", CITED.replace("LẠNG SƠN", "CAO BẰNG"))], parser=parser)
    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=parser)
    assert [e.target_id for e in store.citation_edges()] == [None]


def test_copies_of_the_cited_dispatch_are_one_target(store: Store, tmp_path: Path) -> None:
    # the same dispatch stored twice (another file of it, a note appended): link to the first
    first = ingest(store, [write(tmp_path / "a", "cited.txt", CITED)], parser=PARSER)
    ingest(store, [write(tmp_path / "b", "cited.txt", CITED + "bản khác\n")], parser=PARSER)
    ingest(store, [write(tmp_path, "directive.txt", DIRECTIVE)], parser=PARSER)
    (edge,) = store.citation_edges()
    assert edge.target_id == first.items[0].document_id
    assert edge.evidence.get("copies")


# ---------------------------------------------------------------------------
# signing blocks: the signer and a joint document's co-signers (migration 0003)

JOINT_HEAD = [
    ("BỘ TÀI CHÍNH - BỘ Y TẾ\nSố: 12/2024/TTLT-BTC-BYT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 5 tháng 3 năm 2024"),
]
JOINT_BODY = [
    "THÔNG TƯ LIÊN TỊCH",
    "Hướng dẫn quản lý kinh phí khám bệnh, chữa bệnh",
    "Điều 1. Thông tư liên tịch này hướng dẫn việc lập dự toán kinh phí.",
    "Điều 2. Thông tư liên tịch này có hiệu lực kể từ ngày ký./.",
]
# Decree 30/2020 prints a joint document's signing blocks side by side: one table cell per body
JOINT_BLOCKS = (
    "KT. BỘ TRƯỞNG\nBỘ Y TẾ\nTHỨ TRƯỞNG\n(Đã ký)\nNguyễn Thị Xuyên",
    "KT. BỘ TRƯỞNG\nBỘ TÀI CHÍNH\nTHỨ TRƯỞNG\n(Đã ký)\nTrần Văn Hiếu",
)
JOINT_TAIL = "Nơi nhận:\n- Văn phòng Chính phủ;\n- Công báo;\n- Lưu: VT, BTC, BYT."


def joint_docx(path: Path, blocks: tuple[str, ...] = JOINT_BLOCKS, number: str = "12/2024/TTLT-BTC-BYT") -> Path:
    """A thông tư liên tịch typed in Word: header and signing blocks as borderless two-cell tables."""
    import docx

    d = docx.Document()
    head = d.add_table(rows=1, cols=2)
    head.cell(0, 0).text = JOINT_HEAD[0][0].replace("12/2024/TTLT-BTC-BYT", number)
    head.cell(0, 1).text = JOINT_HEAD[0][1]
    for line in JOINT_BODY:
        d.add_paragraph(line)
    sign = d.add_table(rows=1, cols=len(blocks))
    for i, b in enumerate(blocks):
        sign.cell(0, i).text = b
    d.add_paragraph(JOINT_TAIL)
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def _blocks(signer: object) -> list[tuple[str | None, str | None, str | None, str | None]]:
    """(name, title, authority, for) of a parsed Signer and its co-signers, in order."""
    from docintel import Signer

    assert isinstance(signer, Signer)
    return [(s.name, s.title, s.authority, s.for_) for s in [signer, *signer.co_signers]]


def test_joint_document_round_trip_keeps_every_signing_block(store: Store, tmp_path: Path) -> None:
    """Parse a joint document → ingest → read back: the co-signers are the parser's."""
    import docintel

    path = joint_docx(tmp_path / "in" / "ttlt.docx")
    parsed = docintel.parse(path)
    assert len(parsed.signer.co_signers) >= 1  # the parser reads the second body's block
    assert "Trần Văn Hiếu" in [c.name for c in parsed.signer.co_signers]
    assert ingest(store, [path]).ok
    row = store.document("12/2024/TTLT-BTC-BYT")
    assert row.id is not None
    stored = store.signers(row.id)[row.id]
    assert [(s.name, s.title, s.authority, s.signed_for) for s in stored] == _blocks(parsed.signer)
    assert [s.position for s in stored] == list(range(len(stored)))
    # the stored record carries them too, as the contract exports them
    assert [c["name"] for c in row.contract["signer"]["co_signers"]] == [c.name for c in parsed.signer.co_signers]
    # and the single-signer columns still hold the first block
    assert (row.signer_name, row.signer_title) == (parsed.signer.name, parsed.signer.title)


@pytest.mark.parametrize(
    ("signer", "found"),
    [
        ("Trần Văn Hiếu", True),  # a co-signer
        ("tran van hieu", True),  # diacritics optional
        ("Hiếu", True),  # one word of the name
        ("Nguyễn Thị Xuyên", True),  # the signer
        ("bo tai chinh", True),  # the office the co-signer signs for
        ("Hiế", False),  # whole words only
        ("Trần Văn Hùng", False),
        ("an", False),  # not a piece of "Xuyên"/"Văn"
    ],
)
def test_search_signer_filter_finds_co_signed_documents(store: Store, tmp_path: Path, signer: str, found: bool) -> None:
    ingest(store, [joint_docx(tmp_path / "in" / "ttlt.docx"), write(tmp_path / "in", "cited.txt", CITED)], parser=None)
    hits = store.search("", signer=signer)
    assert [h.number for h in hits] == (["12/2024/TTLT-BTC-BYT"] if found else [])
    # with words too, and the name as plain words finds the document through its text
    assert bool(store.search("thong tu lien tich", signer=signer)) is found
    if found and len(signer) > 5:
        assert [h.number for h in store.search(signer)][:1] == ["12/2024/TTLT-BTC-BYT"]


def test_signer_filter_without_letters_is_a_query_error(store: Store) -> None:
    from docintel import QueryError

    with pytest.raises(QueryError):
        store.search("", signer=" - ")


def test_a_document_without_signer_has_no_signing_rows(store: Store, tmp_path: Path) -> None:
    ingest(store, [write(tmp_path / "in", "cited.txt", CITED)], parser=PARSER)
    row = store.document("938/UBND-KGVX")
    assert row.id is not None and store.signers(row.id) == {}


def test_a_new_version_keeps_its_own_signers_and_deleting_cascades(store: Store, tmp_path: Path) -> None:
    from sqlalchemy import delete

    from docintel.store._models import SIGNERS

    path = joint_docx(tmp_path / "in" / "ttlt.docx")
    ingest(store, [path])
    joint_docx(path, blocks=(JOINT_BLOCKS[0], JOINT_BLOCKS[1].replace("Trần Văn Hiếu", "Lê Minh Khái")))
    ingest(store, [path])
    v1, v2 = store.versions(str(path.resolve()))
    assert v1.id is not None and v2.id is not None
    names = {k: [s.name for s in v] for k, v in store.signers([v1.id, v2.id]).items()}
    assert "Trần Văn Hiếu" in names[v1.id] and "Lê Minh Khái" in names[v2.id]
    # the filter looks at the latest versions only, unless asked
    assert store.search("", signer="Hiếu") == []
    assert [h.id for h in store.search("", signer="Hiếu", all_versions=True)] == [v1.id]
    with store.write() as conn:
        conn.execute(delete(DOCUMENTS).where(DOCUMENTS.c.id == v2.id))
    with store.read() as conn:
        assert conn.execute(select(func.count()).select_from(SIGNERS).where(SIGNERS.c.document_id == v2.id)).scalar() == 0


def test_show_summary_and_json_name_the_co_signers(store_url: str, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from docintel.cli import app

    s = open_store(store_url)
    ingest(s, [joint_docx(tmp_path / "in" / "ttlt.docx")])
    s.close()
    runner = CliRunner()
    out = runner.invoke(app, ["show", "12/2024/TTLT-BTC-BYT", "-f", "summary", "--db", store_url])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert any(line.split()[0] == "signer" and "Nguyễn Thị Xuyên" in line for line in lines)
    assert any(
        line.split()[0] == "co-signer" and "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH, THỨ TRƯỞNG Trần Văn Hiếu" in line
        for line in lines
    )
    out = runner.invoke(app, ["show", "12/2024/TTLT-BTC-BYT", "--db", store_url])
    assert "Trần Văn Hiếu" in [c["name"] for c in json.loads(out.stdout)["signer"]["co_signers"]]
    out = runner.invoke(app, ["search", "--signer", "tran van hieu", "--json", "--db", store_url])
    assert out.exit_code == 0 and [h["number"] for h in json.loads(out.stdout)] == ["12/2024/TTLT-BTC-BYT"]


def test_archive_at_0002_upgrades_in_place_and_fills_the_signers(store_url: str, tmp_path: Path) -> None:
    """Migration 0003 on an archive written at 0002 (on SQLite and PostgreSQL): the table is
    filled from each stored record — co-signers from contract.signer, the signer alone from a
    record without co_signers, from the columns for a record without a signer object."""
    from sqlalchemy import update

    import docintel
    from docintel.store._engine import engine_url, make_engine, upgrade

    if store_url.startswith("postgresql"):
        reset_postgres(store_url, drop=True)
    engine = make_engine(engine_url(store_url))
    try:
        upgrade(engine, "0002")
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()
    docs = [
        joint_docx(tmp_path / "in" / "a.docx"),
        joint_docx(tmp_path / "in" / "b.docx", number="13/2024/TTLT-BTC-BYT"),
        joint_docx(tmp_path / "in" / "c.docx", number="14/2024/TTLT-BTC-BYT"),
        write(tmp_path / "in", "cited.txt", CITED),
    ]
    parsed = docintel.parse(docs[0])
    old = open_store(store_url, upgrade=False)
    try:
        report = ingest(old, docs, parser=lambda data, name: PARSER(data, name) if name.endswith(".txt") else docintel.parse_bytes(data, name=name))
        assert report.ok, report.summary()
        assert old.signers([1, 2, 3, 4]) == {}  # no table yet: the records keep them
        with old.write() as conn:  # records written before co-signers, and before signer objects
            b = old.document("13/2024/TTLT-BTC-BYT").contract
            b["signer"].pop("co_signers")
            conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.number_text == "13/2024/TTLT-BTC-BYT").values(contract=b))
            c = old.document("14/2024/TTLT-BTC-BYT").contract
            c.pop("signer")
            conn.execute(update(DOCUMENTS).where(DOCUMENTS.c.number_text == "14/2024/TTLT-BTC-BYT").values(contract=c))
    finally:
        old.close()
    s = open_store(store_url)  # upgrades 0002 → head in place
    try:
        assert current_revision(s.engine) == head_revision()
        ids = {r.number_text: r.id for r in s.documents()}
        got = {n: [(b.name, b.title, b.authority, b.signed_for) for b in v] for n, v in ((n, s.signers(i).get(i, ())) for n, i in ids.items())}
        assert got["12/2024/TTLT-BTC-BYT"] == _blocks(parsed.signer)
        assert got["13/2024/TTLT-BTC-BYT"] == _blocks(parsed.signer)[:1]
        assert got["14/2024/TTLT-BTC-BYT"] == _blocks(parsed.signer)[:1]
        assert got["938/UBND-KGVX"] == []
        assert [h.number for h in s.search("", signer="Hiếu")] == ["12/2024/TTLT-BTC-BYT"]
        # a document ingested after the upgrade is written with its blocks at once
        ingest(s, [joint_docx(tmp_path / "in" / "d.docx", number="15/2024/TTLT-BTC-BYT")])
        assert {h.number for h in s.search("", signer="Hiếu")} == {"12/2024/TTLT-BTC-BYT", "15/2024/TTLT-BTC-BYT"}
    finally:
        s.close()
    if store_url.startswith("postgresql"):
        reset_postgres(store_url, drop=True)


def test_migration_0003_downgrades_and_upgrades_again(store_url: str, tmp_path: Path) -> None:
    from alembic import command

    from docintel.store._engine import alembic_config, engine_url, make_engine

    s = open_store(store_url)
    ingest(s, [joint_docx(tmp_path / "in" / "a.docx")])
    s.close()
    engine = make_engine(engine_url(store_url))
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
        assert current_revision(engine) == "0002"
    finally:
        engine.dispose()
    s = open_store(store_url)
    try:
        assert [h.number for h in s.search("", signer="Hiếu")] == ["12/2024/TTLT-BTC-BYT"]
    finally:
        s.close()
    if store_url.startswith("postgresql"):
        reset_postgres(store_url, drop=True)


def test_issue_qa2_1_archive_at_0003_upgrades_and_keeps_its_numbers(store_url: str, tmp_path: Path) -> None:
    """Migration 0004 on an archive written at 0003, where copies each took a number: those numbers
    stay (a register never renumbers); a copy stored after the upgrade joins the first entry."""
    from docintel.store._engine import engine_url, make_engine, upgrade

    if store_url.startswith("postgresql"):
        reset_postgres(store_url, drop=True)
    engine = make_engine(engine_url(store_url))
    try:
        upgrade(engine, "0003")
    finally:
        engine.dispose()
    parser = make_parser({"directive.txt": directive, "directive.md": directive, "scan.txt": directive})
    old = open_store(store_url, upgrade=False)
    try:
        ingest(old, [write(tmp_path / "a", "directive.txt", DIRECTIVE), write(tmp_path / "a", "directive.md", "# " + DIRECTIVE)], parser=parser)
        assert [(e.number, e.copies) for e in old.incoming()] == [(1, ()), (2, ())]
    finally:
        old.close()
    s = open_store(store_url)
    try:
        assert current_revision(s.engine) == head_revision()
        ingest(s, [write(tmp_path / "b", "scan.txt", DIRECTIVE + "(bản chụp)\n")], parser=parser)
        entries = s.incoming()
        assert [e.number for e in entries] == [1, 2]
        assert [Path(c.path).name for c in entries[0].copies] == ["scan.txt"] and entries[1].copies == ()
    finally:
        s.close()
    if store_url.startswith("postgresql"):
        reset_postgres(store_url, drop=True)


@pytest.mark.parametrize(
    ("zone", "utc_time", "day"),
    [
        (None, dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC), dt.date(2026, 11, 23)),  # 06:30 in Hà Nội
        (None, dt.datetime(2026, 11, 22, 16, 59, tzinfo=dt.UTC), dt.date(2026, 11, 22)),  # 23:59 in Hà Nội
        ("UTC", dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC), dt.date(2026, 11, 22)),
    ],
)
def test_audit_ngay_den_is_the_day_where_the_dispatches_days_fall(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str | None, utc_time: dt.datetime, day: dt.date
) -> None:
    """The register's ngày đến was the server's own calendar day: a dispatch received at 06:30 in Hà Nội
    on a UTC server was entered under the day before (and its số đến in the old year on 1 January)."""
    if zone is None:
        monkeypatch.delenv("DOCINTEL_TZ", raising=False)
    else:
        monkeypatch.setenv("DOCINTEL_TZ", zone)
    monkeypatch.setattr("docintel.store._ingest.utc", lambda: utc_time)
    ingest(store, [write(tmp_path, "cited.txt", CITED)], parser=PARSER)
    (entry,) = store.incoming()
    assert entry.received_on == day and entry.year == day.year
