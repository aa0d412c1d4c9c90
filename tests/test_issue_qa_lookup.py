"""Issue QA-audit (session 5): looking a dispatch up by its number as people type it.

``docintel show 88-BC/BCS`` refused as ambiguous when the dispatch was stored as .txt, .docx and
.pdf (one dispatch, three files); ``show "1864 / CT-TTHT"`` (spaces, as Số lines print numbers)
found nothing; ``search "3138 / UBND - VXNV"`` was a query error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from docintel.store import ingest, open_store
from docintel.store._query import parse_query, to_fts5

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "corpora" / f"003_1eda95da78362079.{ext}" for ext in ("txt", "docx")]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('lookup') / 'a.db'}")
    ingest(s, [str(p) for p in FILES])
    yield s
    s.close()


@pytest.mark.parametrize("ref", ["88-BC/BCS", "88 -BC/BCS", "88-bc/bcs", "88 - BC / BCS"])
def test_issue_qa_number_of_a_dispatch_stored_as_several_files(store: Any, ref: str) -> None:
    row = store.document(ref)
    assert row.number_text == "88-BC/BCS"
    assert row.id == min(r.id for r in store.documents())  # the first stored file of the dispatch


@pytest.mark.parametrize(
    ("query", "phrase"),
    [("3138 / UBND - VXNV", "3138 ubnd vxnv"), ("88 -BC/BCS", "88 bc bcs"), ("số 1864 /CT-TTHT", "1864 ct ttht")],
)
def test_issue_qa_spaced_number_is_one_phrase(query: str, phrase: str) -> None:
    assert f'"{phrase}"' in to_fts5(parse_query(query))


def test_issue_qa_spaced_number_search_finds_the_dispatch(store: Any) -> None:
    hits = store.search("88 - BC / BCS")
    assert len(hits) == 1 and hits[0].number == "88-BC/BCS" and hits[0].copies
