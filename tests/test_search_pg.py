"""Search ranking on PostgreSQL (migration 0002): scoring only the documents whose bound can reach
the top gives the same ids, order and scores as scoring every match; the stored summary is the
summary of search_tsv; an archive created at revision 0001 upgrades in place and searches the same.
Skipped without DOCINTEL_TEST_PG_URL (scripts/run-tests.sh starts a throwaway server)."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import reset_postgres
from sqlalchemy import text

from docintel import Document, Issuer, Number, TextValue
from docintel.store import Store, _search, current_revision, head_revision, ingest, open_store, parse_query
from docintel.store._engine import make_engine, upgrade
from docintel.store._search import as_phrase, rank, reference_rank, search_filters

pytestmark = pytest.mark.postgres

WORDS = "thue cuc tong cong van doanh nghiep ke khai hoan hoa don chung tu gia tri ha noi so y te".split()
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("thue", {}),  # in nearly every document, with many ties
    ("hoan", {}),
    ("Thuế", {}),
    ("thue -covid", {}),
    ("thue -hoan", {}),
    ("hiem", {}),  # in a handful
    ("khong co", {}),  # in none
    ("cuc thue", {}),
    ('"cuc thue"', {}),
    ("doanh nghiep*", {}),
    ("hoa don OR chung tu", {}),
    ("thue", {"doc_type": "CV"}),
    ("thue", {"issuer": "cuc thue"}),
    ("thue", {"date_from": "2021"}),
]


def _corpus(n: int = 90, seed: int = 7) -> dict[str, tuple[str, str, str]]:
    """``n`` letters: name → (text, subject, doc_type); word counts vary, many tie, some titles name the word."""
    rng = random.Random(seed)
    docs = {}
    for k in range(n):
        body = [rng.choice(WORDS) for _ in range(rng.randint(20, 400))]
        body += ["thue"] * rng.choice([0, 1, 3, 3, 8, 20, 40])  # ties on purpose
        if k % 11 == 0:
            body += ["bao", "hiem"]
        rng.shuffle(body)
        subject = "V/v hoàn thuế" if k % 5 == 0 else "V/v kê khai" if k % 7 == 0 else "V/v báo cáo"
        docs[f"d{k:03d}.txt"] = (" ".join(body) + f"\n(bản số {k})\n", subject, "CV" if k % 3 else "QĐ")
    return docs


def _parser(docs: dict[str, tuple[str, str, str]]):  # type: ignore[no-untyped-def]
    from docintel._steps import normalise_step
    from docintel.ingest import read_data

    def parse(data: bytes, name: str) -> Document:
        doc = read_data(data, name=name, suffix=".txt")
        normalise_step(doc)
        _text, subject, doc_type = docs[Path(name).name]
        k = int(Path(name).stem[1:])
        doc.doc_type = doc_type
        doc.number = Number(f"{k + 1}/CT-TTHT", k + 1, None, "CT-TTHT")
        doc.issuer = Issuer("Cục Thuế tỉnh Lạng Sơn" if k % 2 else "Sở Tài chính")
        from docintel import DateValue

        doc.date = DateValue(f"{2019 + k % 4}-0{1 + k % 9}-1{k % 10}")
        doc.subject = TextValue(subject)
        return doc

    return parse


def _pg_url() -> str:
    url = os.environ.get("DOCINTEL_TEST_PG_URL", "")
    if not url:
        pytest.skip("PostgreSQL variant: set DOCINTEL_TEST_PG_URL")
    return url


def _write(folder: Path, docs: dict[str, tuple[str, str, str]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, (body, _s, _t) in docs.items():
        (folder / name).write_text(body, encoding="utf-8")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    url = _pg_url()
    reset_postgres(url)
    docs = _corpus()
    folder = tmp_path_factory.mktemp("pgsearch") / "docs"
    _write(folder, docs)
    store = open_store(url)
    assert ingest(store, [folder], parser=_parser(docs)).ok
    yield store
    store.close()


def _variants(q: str) -> list:  # type: ignore[type-arg]
    parsed = parse_query(q)
    phrase = as_phrase(parsed)
    return [parsed] + ([phrase] if phrase is not None else [])


@pytest.mark.parametrize("first_round", [1, 3, 256])
@pytest.mark.parametrize("limit", [1, 5, 20, 60])
@pytest.mark.parametrize("query,filters", QUERIES)
def test_bounded_ranking_equals_scoring_every_match(
    archive: Store, monkeypatch: pytest.MonkeyPatch, query: str, filters: dict, first_round: int, limit: int
) -> None:
    # a small first round forces the widening and the threshold round on this small corpus
    monkeypatch.setattr(_search, "_FIRST_ROUND", first_round)
    with archive.read() as conn:
        conds = search_filters(conn, **filters)
        for q in _variants(query):
            assert rank(conn, q, conds, limit) == reference_rank(conn, q, conds, limit)


def test_the_one_word_query_takes_the_bounded_path(archive: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = _search._rank_bounded

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_search, "_rank_bounded", spy)
    monkeypatch.setattr(_search, "_FIRST_ROUND", 1)
    hits = archive.search("thue", limit=5)
    assert calls and len(hits) == 5
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_summary_is_the_summary_of_search_tsv(archive: Store) -> None:
    with archive.read() as conn:
        rows = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE search_summary = docintel_search_summary(search_tsv, 32)),"
                " count(*) FROM documents"
            )
        ).one()
        assert rows[0] == rows[1] > 0
        # the bound of a one-word query is its score (each occurrence is a cover of its own)
        diff = conn.execute(
            text(
                "SELECT max(abs(coalesce((search_summary->'t'->>'thue')::float8, 0)"
                " - ts_rank_cd(search_tsv, to_tsquery('simple', 'thue'))))"
                " FROM documents WHERE search_summary->'t' ? 'thue'"
            )
        ).scalar()
        assert diff is not None and diff < 1e-4


def test_archive_at_0001_upgrades_in_place_and_searches_the_same(tmp_path: Path) -> None:
    url = _pg_url()
    reset_postgres(url, drop=True)
    engine = make_engine(url)
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        docs = _corpus(40, seed=3)
        _write(tmp_path / "docs", docs)
        old = open_store(url, upgrade=False)
        try:
            assert ingest(old, [tmp_path / "docs"], parser=_parser(docs)).ok
            with old.read() as conn:
                conds = search_filters(conn)
                before = {q: reference_rank(conn, parse_query(q), conds, 20) for q, _f in QUERIES if not _f}
        finally:
            old.close()
        _search._HAS_SUMMARY.clear()
        store = open_store(url)  # upgrades 0001 → head
        try:
            assert current_revision(store.engine) == head_revision()
            with store.read() as conn:
                assert (
                    conn.execute(text("SELECT count(*) FROM documents WHERE search_summary IS NULL")).scalar()
                    == 0
                )
                conds = search_filters(conn)
                after = {q: rank(conn, parse_query(q), conds, 20) for q in before}
            assert after == before
            assert before["thue"]
        finally:
            store.close()
    finally:
        engine.dispose()
        _search._HAS_SUMMARY.clear()
        reset_postgres(url, drop=True)


def test_an_archive_opened_without_upgrading_still_searches(tmp_path: Path) -> None:
    url = _pg_url()
    reset_postgres(url, drop=True)
    engine = make_engine(url)
    try:
        upgrade(engine, "0001")
        docs = _corpus(12, seed=5)
        _write(tmp_path / "docs", docs)
        _search._HAS_SUMMARY.clear()
        old = open_store(url, upgrade=False)
        try:
            assert ingest(old, [tmp_path / "docs"], parser=_parser(docs)).ok
            assert old.search("thue", limit=3)  # no search_summary column: scores every match
        finally:
            old.close()
    finally:
        engine.dispose()
        _search._HAS_SUMMARY.clear()
        reset_postgres(url, drop=True)
