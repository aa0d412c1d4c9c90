"""Issue 4 at the archive: citations of stored seeds resolve to stored seeds.

Seed 001 is an e-signed copy whose number is blank (``Số: /VP-KGVX``, dated
``2020-08``); seed 002 cites it as ``Công văn số 3148/VP-KGVX ngày 04/8/2020 của
Văn phòng UBND tỉnh về việc …``. After ingesting the seeds, that citation must link
to seed 001 with the evidence kept, while ``938/UBND-KGVX`` (not in the archive)
stays external.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

store_mod = pytest.importorskip("docintel.store")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("issue4") / "a.db"
    s = store_mod.open_store(f"sqlite:///{db}")
    store_mod.ingest(s, [str(p) for p in sorted(Path(seeds).glob("*.txt"))])
    return s


def _edges(store, source_name: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    ids = {n.id: n.path for n in store.document_nodes()}
    return {e.number: e for e in store.citation_edges() if source_name in ids[e.source_id]}


def test_issue4_blank_numbered_seed_001_is_the_target_of_seed_002(store) -> None:  # type: ignore[no-untyped-def]
    ids = {Path(n.path).name: n.id for n in store.document_nodes()}
    edge = _edges(store, "002_")["3148/VP-KGVX"]
    assert edge.target_id == ids["001_28966825ca30707b.txt"]
    assert edge.confidence is not None and edge.confidence >= 0.75
    ev = edge.evidence
    assert ev["symbol"]["score"] == 1.0
    assert ev["date"]["score"] == 1.0
    assert ev["subject"]["score"] > 0.9


def test_issue4_citation_of_an_unstored_letter_stays_external(store) -> None:  # type: ignore[no-untyped-def]
    assert _edges(store, "002_")["938/UBND-KGVX"].target_id is None


def test_issue4_graph_of_the_archive(store) -> None:  # type: ignore[no-untyped-def]
    from docintel import graph as G

    g = G.graph_from_store(store)
    ids = {Path(n.path).name: str(n.id) for n in store.document_nodes()}
    assert ids["001_28966825ca30707b.txt"] in [n for n, _ in G.cites(g, ids["002_d5b89adf6b17fad0.txt"])]
    assert G.external_id("938/UBND-KGVX") in g


def test_issue4_resolves_when_the_archive_holds_every_format_of_the_seeds(tmp_path: Path) -> None:
    """corpora/ has each seed as .txt, .docx and .pdf: copies are one target, not an ambiguity."""
    from conftest import CORPORA

    s = store_mod.open_store(f"sqlite:///{tmp_path / 'all.db'}")
    store_mod.ingest(s, [str(CORPORA)])
    names = {n.id: Path(n.path).name for n in s.document_nodes()}
    edges = [e for e in s.citation_edges() if names[e.source_id].startswith("002_") and e.number == "3148/VP-KGVX"]
    assert len(edges) == 3  # seed 002 as .txt, .docx and .pdf
    for e in edges:
        assert e.target_id is not None and names[e.target_id].startswith("001_")
        assert e.evidence.get("copies")
