"""The obligations query: agency resolution, deadlines, ordering documents and citation chains."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _remind_data import DOC_A, DOC_B, DOC_HN, SYT, cite, ingest, make_doc, task

from docintel import Deadline, Document
from docintel._errors import DocintelError, QueryError
from docintel.store._obligations import (
    find_obligations,
    name_key,
    set_task_status,
    window_score,
)


def _open(url: str) -> Any:
    from docintel.store import open_store

    return open_store(url)


def _close(store: Any) -> None:
    store.close()


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic archive built once per module; each SQLite test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "archive.db"
    s = _open(f"sqlite:///{path}")
    ingest(s, [DOC_B, DOC_A])
    _close(s)
    return path


@pytest.fixture
def store(store_url: str, sqlite_template: Path, tmp_path: Path) -> Iterator[Any]:
    """DOC_B then DOC_A in an archive (ids 1 and 2), on SQLite and (when available) PostgreSQL."""
    if store_url.startswith("sqlite"):
        copy = tmp_path / "copy.db"
        shutil.copyfile(sqlite_template, copy)
        s = _open(f"sqlite:///{copy}")
    else:
        s = _open(store_url)
        ingest(s, [DOC_B, DOC_A])
    yield s
    _close(s)


def _refs(obs: list[Any]) -> list[tuple[str, str]]:
    return [(o.document.number, o.task_id) for o in obs]


# ---------------------------------------------------------------------------
# matching names


@pytest.mark.parametrize(
    ("query", "name", "at_least"),
    [
        ("UBND các huyện", "UBND các huyện, thành phố", 100),
        ("UBND các huyện", "Các sở, ban, ngành, đoàn thể tỉnh, UBND các huyện, thành phố", 100),
        ("Ủy ban nhân dân các huyện", "UBND các huyện, thành phố", 100),
        ("So Y te", "Sở Y tế tỉnh Lạng Sơn", 100),
        ("Sở Y tê", "Sở Y tế", 100),
        ("UBND cac huyn", "UBND các huyện, thành phố", 90),
    ],
)
def test_window_score_matches(query: str, name: str, at_least: float) -> None:
    assert window_score(name_key(query), name_key(name)) >= at_least


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Sở Y tế", "Sở Tài chính"),
        ("Sở Y tế", "Bộ Y tế"),
        ("UBND tỉnh", "UBND các huyện, thành phố"),
        ("Sở Y tế", "Các sở, ban, ngành"),
    ],
)
def test_window_score_rejects(query: str, name: str) -> None:
    assert window_score(name_key(query), name_key(name)) < 90


# ---------------------------------------------------------------------------
# the query


def test_collective_name_finds_task_by_folded_name(store: Any) -> None:
    obs = find_obligations(store, agency="UBND các huyện")
    assert _refs(obs) == [("123/VP-KGVX", "2")]
    o = obs[0]
    assert o.agency == "UBND các huyện, thành phố"
    assert o.deadline is not None and o.deadline.date == "2020-08-08"
    assert o.document.issuer == "Văn phòng UBND tỉnh Lạng Sơn"
    assert o.document.subject == "tăng cường các biện pháp phòng, chống dịch COVID-19"
    assert o.document.doc_type == "CV" and o.document.date == "2020-08-04"


@pytest.mark.parametrize("query", ["Sở Y tế", "SYT", "So Y te", "Sở Y tế tỉnh Lạng Sơn", "sở y tế"])
def test_registry_aliases_resolve_to_the_same_agency(store: Any, query: str) -> None:
    got = _refs(find_obligations(store, agency=query))
    # tasks 1, 3 and 5 of A oblige Sở Y tế (resolved by id); B's task names it with the province
    assert got == [("938/UBND-KGVX", "1"), ("123/VP-KGVX", "1"), ("123/VP-KGVX", "3"), ("123/VP-KGVX", "5")]


def test_support_role_is_kept(store: Any) -> None:
    obs = find_obligations(store, agency="Sở Tài chính")
    assert [(o.task_id, o.role) for o in obs] == [("1", "support")]


def test_province_filter(store: Any) -> None:
    assert _refs(find_obligations(store, agency="Sở Y tế", province="Lạng Sơn"))
    assert find_obligations(store, agency="Sở Y tế", province="Hà Nội") == []
    assert _refs(find_obligations(store, agency="UBND các huyện", province="Lạng Sơn")) == [("123/VP-KGVX", "2")]
    assert find_obligations(store, agency="UBND các huyện", province="Cà Mau") == []
    with pytest.raises(QueryError, match="unknown province"):
        find_obligations(store, agency="Sở Y tế", province="Atlantis")


def test_issue_qa_province_without_agency_filters_and_is_checked(tmp_path: Path) -> None:
    """`obligations --province X` without --agency listed the whole archive, and a misspelt
    province was accepted silently."""
    s = _open(f"sqlite:///{tmp_path / 'two.db'}")
    try:
        ingest(s, [DOC_A, DOC_HN])
        everything = find_obligations(s)
        hanoi = find_obligations(s, province="Hà Nội")
        lang_son = find_obligations(s, province="Lạng Sơn")
        assert _refs(hanoi) == [("45/UBND-VX", "1")]
        assert lang_son and all(o.document.number == "123/VP-KGVX" for o in lang_son)
        assert len(hanoi) + len(lang_son) == len(everything)
        with pytest.raises(QueryError, match="unknown province 'Atlantis'"):
            find_obligations(s, province="Atlantis")
    finally:
        _close(s)


def test_citation_chain_follows_stored_documents(store: Any) -> None:
    o = next(o for o in find_obligations(store, agency="UBND các huyện"))
    chain = [(c.number, c.relation, c.depth, c.id is not None) for c in o.chain]
    assert chain == [
        ("938/UBND-KGVX", "thực hiện", 1, True),  # stored: its own order is followed
        ("16/CT-TTg", "căn cứ", 1, False),
        ("1/CĐ-TTg", "thực hiện", 2, False),  # cited by 938/UBND-KGVX
    ]
    # an amendment is not an order: left out
    assert all(c.number != "117/2020/NĐ-CP" for c in o.chain)


def test_ambiguous_name_lists_candidates(store: Any) -> None:
    with pytest.raises(QueryError, match="ambiguous agency 'Sở'") as e:
        find_obligations(store, agency="Sở")
    assert "Sở Y tế" in str(e.value) and "Sở Tài chính" in str(e.value)


def test_generic_name_is_ambiguous_across_provinces(tmp_path: Path) -> None:
    s = _open(f"sqlite:///{tmp_path / 'two.db'}")
    try:
        ingest(s, [DOC_A, DOC_HN])
        with pytest.raises(QueryError, match="ambiguous") as e:
            find_obligations(s, agency="Sở Y tế")
        assert "Lạng Sơn" in str(e.value) and "Hà Nội" in str(e.value)
        assert str(e.value).endswith("name one with --province")  # QA2 issue 5: say how to choose
        assert _refs(find_obligations(s, agency="Sở Y tế", province="Hà Nội")) == [("45/UBND-VX", "1")]
        assert len(find_obligations(s, agency="Sở Y tế thành phố Hà Nội")) == 1
    finally:
        _close(s)


def test_unknown_agency(store: Any) -> None:
    with pytest.raises(QueryError, match="unknown agency"):
        find_obligations(store, agency="Cục Hàng không")
    with pytest.raises(QueryError, match="unknown agency"):
        find_obligations(store, agency="  ")


def test_all_obligations_without_agency(store: Any) -> None:
    obs = find_obligations(store)
    assert len(obs) == 7  # B:1, A:1 (×2 assignees), 2, 3, 4, 5


# ---------------------------------------------------------------------------
# done / reopen


def test_task_done_and_reopen(store: Any) -> None:
    doc_id = next(o.document.id for o in find_obligations(store, agency="UBND các huyện"))
    row = set_task_status(store, f"{doc_id}:2", True, note="đã báo cáo")
    assert (row.ref, row.status) == (f"{doc_id}:2", "done")
    assert find_obligations(store, agency="UBND các huyện", include_done=False) == []
    assert find_obligations(store, agency="UBND các huyện")[0].done
    pk = find_obligations(store, agency="UBND các huyện")[0].task_pk
    row = set_task_status(store, str(pk), False)
    assert (row.ref, row.status) == (f"{doc_id}:2", "open")
    assert len(find_obligations(store, agency="UBND các huyện", include_done=False)) == 1


def test_task_ref_by_sha256_prefix(store: Any) -> None:
    assert set_task_status(store, DOC_A.source.sha256[:12] + ":3", True).status == "done"


@pytest.mark.parametrize("ref", ["", ":2", "7:", "abc", "1.5", "  "])
def test_bad_task_refs(store: Any, ref: str) -> None:
    with pytest.raises(QueryError, match="bad task reference"):
        set_task_status(store, ref, True)


@pytest.mark.parametrize("ref", ["999:1", "1:99", "99999", "#99999", "xyz:1"])
def test_missing_tasks(store: Any, ref: str) -> None:
    with pytest.raises(DocintelError, match="no such (task|document)"):
        set_task_status(store, ref, True)


def test_superseded_versions_are_left_out(tmp_path: Path) -> None:
    from dataclasses import replace

    s = _open(f"sqlite:///{tmp_path / 'v.db'}")
    try:
        ingest(s, [DOC_A])
        newer = replace(DOC_A, source=replace(DOC_A.source, sha256="f" * 64), tasks=DOC_A.tasks[1:2])
        ingest(s, [newer])
        obs = find_obligations(s)
        assert [(o.document.sha256, o.task_id) for o in obs] == [("f" * 64, "2")]
    finally:
        _close(s)


def test_done_at_is_recorded(store: Any) -> None:
    at = dt.datetime(2020, 8, 7, 9, 0, tzinfo=dt.UTC)
    row = set_task_status(store, "2:2", True, at=at, note="xong")
    assert row.status == "done" and row.done_at is not None
    assert row.done_at.replace(tzinfo=dt.UTC) == at


def test_same_dispatch_stored_as_several_files_is_listed_once(tmp_path: Path) -> None:
    from dataclasses import replace

    s = _open(f"sqlite:///{tmp_path / 'copies.db'}")
    try:
        pdf = replace(DOC_A, source=replace(DOC_A.source, path="/archive/a.pdf", sha256="e" * 64, format="pdf"))
        ingest(s, [DOC_A, pdf])
        obs = find_obligations(s, agency="UBND các huyện", include_done=False)
        assert [(o.ref, o.task_id) for o in obs] == [("1:2", "2")]  # the first stored copy
        set_task_status(s, "2:2", True)  # marked done on the other copy
        assert find_obligations(s, agency="UBND các huyện", include_done=False) == []
        assert {r.status for r in s.obligations(status=None) if r.task_id == "2"} == {"done"}
        set_task_status(s, "1:2", False)
        assert len(find_obligations(s, agency="UBND các huyện", include_done=False)) == 1
    finally:
        _close(s)


# ---------------------------------------------------------------------------
# reminders that never end (QA2 issue 4): ended by a later document, or needing confirmation

DAILY_2021 = make_doc(
    "covid-2021",
    number="55/UBND-VX",
    date="2021-07-20",
    subject="báo cáo số liệu phòng, chống dịch hằng ngày",
    tasks=[task("1", "Sở Y tế báo cáo số liệu hằng ngày cho đến khi có chỉ đạo mới.", SYT,
                deadline=Deadline("hằng ngày cho đến khi có chỉ đạo mới", recurrence="daily", open_end=True)),
           task("2", "Sở Y tế báo cáo tổng kết trước ngày 30/7/2021.", SYT,
                deadline=Deadline("trước ngày 30/7/2021", date="2021-07-30"))],
)


def _ending(relation: str, *, article: str | None = None, number: str = "60/UBND-VX", date: str = "2021-09-01") -> Document:
    c = cite("Công văn số 55/UBND-VX ngày 20/7/2021", "55/UBND-VX", "CV", relation, "2021-07-20")
    c.article = article
    return make_doc("new-" + number.replace("/", "-"), number=number, date=date,
                    subject="điều chỉnh chế độ báo cáo", citations=[c])


@pytest.mark.parametrize("relation", ["thay thế", "bãi bỏ", "hết hiệu lực"])
def test_issue_qa2_4_a_document_ended_by_a_later_one_stops_reminding(store_url: str, relation: str) -> None:
    from docintel.remind import obligations, plan

    s = _open(store_url)
    try:
        ingest(s, [DAILY_2021, _ending(relation)])
        assert find_obligations(s, agency="Sở Y tế", include_done=False)[0].ended_by.number == "60/UBND-VX"
        assert plan(s, dt.date(2021, 9, 10), "3d", "Sở Y tế") == []  # neither the daily report nor the overdue one
        assert obligations(s, "Sở Y tế", as_of=dt.date(2021, 9, 10)) == []
        ended = obligations(s, "Sở Y tế", as_of=dt.date(2021, 9, 10), include_done=True)
        assert [(v.obligation.task_id, v.state) for v in ended] == [("2", "ended"), ("1", "ended")]
        assert ended[0].as_dict()["ended_by"]["relation"] == relation
    finally:
        _close(s)


@pytest.mark.parametrize(
    ("relation", "article"),
    [("bãi bỏ", "Điều 2"), ("sửa đổi", None), ("thực hiện", None)],
)
def test_issue_qa2_4_a_repealed_article_or_an_amendment_ends_nothing(tmp_path: Path, relation: str, article: str | None) -> None:
    from docintel.remind import plan

    s = _open(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        ingest(s, [DAILY_2021, _ending(relation, article=article)])
        assert {o.ended_by for o in find_obligations(s, agency="Sở Y tế")} == {None}
        assert [r.obligation.task_id for r in plan(s, dt.date(2021, 9, 10), "3d", "Sở Y tế")] == ["2", "1"]  # overdue first
    finally:
        _close(s)


def test_issue_qa2_4_an_old_daily_task_needs_confirming_instead_of_daily_reminders(store_url: str) -> None:
    from docintel.remind import obligations, plan, to_confirm

    s = _open(store_url)
    try:
        ingest(s, [DAILY_2021])
        day = dt.date(2026, 11, 22)
        assert [(r.obligation.task_id, r.status) for r in plan(s, day, "3d", "Sở Y tế")] == [("2", "overdue")]
        views = {v.obligation.task_id: v.state for v in obligations(s, "Sở Y tế", as_of=day)}
        assert views == {"1": "stale", "2": "overdue"}
        review = to_confirm(find_obligations(s, agency="Sở Y tế", include_done=False), day)
        assert [v.obligation.task_id for v in review] == ["1"]
        # within a year of the dispatch it reminds every day; with the rule off, always
        assert [r.due for r in plan(s, dt.date(2022, 7, 20), "0d", "Sở Y tế") if r.obligation.task_id == "1"] == [dt.date(2022, 7, 20)]
        assert [r.obligation.task_id for r in plan(s, day, "0d", "Sở Y tế", stale_after=None)] == ["2", "1"]
        assert plan(s, day, "0d", "Sở Y tế", stale_after="6y") != plan(s, day, "0d", "Sở Y tế")
    finally:
        _close(s)


def test_issue_qa2_4_cli_lists_stale_tasks_apart(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from docintel.cli import app
    from docintel.remind import CONFIRM_VI

    url = f"sqlite:///{tmp_path / 'a.db'}"
    s = _open(url)
    ingest(s, [DAILY_2021])
    _close(s)
    runner = CliRunner()
    out = runner.invoke(app, ["remind", "--as-of", "2026-11-22", "--db", url])
    assert out.exit_code == 0, out.output
    head, _, tail = out.stdout.partition(CONFIRM_VI)
    assert "quá hạn" in head and "1:2" in head and "1:1" not in head
    assert "Mã: 1:1" in tail and "hằng ngày" in tail
    js = runner.invoke(app, ["remind", "--as-of", "2026-11-22", "--format", "json", "--db", url])
    import json

    data = json.loads(js.stdout)
    assert [v["ref"] for v in data["needs_confirming"]] == ["1:1"] and data["count"] == 1
    never = runner.invoke(app, ["remind", "--as-of", "2026-11-22", "--stale-after", "never", "--db", url])
    assert CONFIRM_VI not in never.stdout and "1:1" in never.stdout
    table = runner.invoke(app, ["obligations", "--as-of", "2026-11-22", "--db", url])
    assert "Cần xác nhận còn hiệu lực" in table.stdout
    bad = runner.invoke(app, ["remind", "--stale-after", "soon", "--db", url])
    assert bad.exit_code == 2 and "bad duration 'soon'" in bad.stderr


@pytest.mark.parametrize(
    ("text", "days"),
    [("1y", 365), ("2y6w", 772), ("400d", 400), ("18w", 126), ("never", None), ("off", None), ("0", None), ("0d", None)],
)
def test_issue_qa2_4_parse_stale_after(text: str, days: int | None) -> None:
    from docintel.remind import parse_stale_after

    got = parse_stale_after(text)
    assert (got.days if got else None) == days
