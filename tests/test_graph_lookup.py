"""QA audit 2 follow-up: how the graph and ``show`` find a document that staff name by number.

- a number typed without its year (``126/NĐ-CP``) names the one stored or cited number with that
  running number and symbol; several (126/2020 and 126/2024) → a refusal naming them, never a guess;
- the graph folds copies of one dispatch by the same key as the archive (``_resolve.dispatch_key``):
  two unnumbered, year-only letters of one issuer and subject with different signers are two nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from _remind_data import ingest, make_doc

from docintel import Signer
from docintel import graph as G
from docintel._errors import StoreError
from docintel._resolve import dispatch_key

if TYPE_CHECKING:
    from click.testing import Result

NODES = [
    {"id": 1, "number": "5580/TCT-KK", "doc_type": "CV", "date": "2016-12-02"},
    {"id": 2, "number": "3954/CTLAN-TTHT", "doc_type": "CV", "date": "2021"},
    {"id": 3, "number": "/BHXH-QLT", "doc_type": "CV", "date": "2020-02"},
    {"id": 4, "number": "338/2025/NĐ-CP", "doc_type": "NĐ", "date": "2025-12-25"},
    {"id": 5, "number": "/TB-VP", "doc_type": "TB", "date": "2026-01-05"},
]
EDGES = [
    {"source_id": 2, "target_id": None, "number": "126/2020/NĐ-CP", "doc_type": "NĐ"},
    {"source_id": 3, "target_id": None, "number": "126/2020/NĐ-CP", "doc_type": "NĐ"},
    {"source_id": 4, "target_id": None, "number": "126/2024/NĐ-CP", "doc_type": "NĐ"},
    {"source_id": 2, "target_id": None, "number": "80/2021/TT-BTC", "doc_type": "TT"},
    {"source_id": 3, "target_id": None, "number": "80/2021/TT-BTC", "doc_type": "TT"},
    {"source_id": 2, "target_id": 1, "number": "5580/TCT-KK", "relation": "thực hiện"},
    {"source_id": 5, "target_id": 4, "number": "338/2025/NĐ-CP", "relation": "thực hiện"},
    {"source_id": 1, "target_id": None, "number": "45/NĐ-CP", "doc_type": "NĐ"},  # cited without a year
    {"source_id": 2, "target_id": None, "number": "45/2015/NĐ-CP", "doc_type": "NĐ"},
]


@pytest.fixture
def g() -> nx.DiGraph:
    return G.build_graph(NODES, EDGES)


@pytest.mark.parametrize(
    ("ref", "node", "note"),
    [
        ("80/TT-BTC", G.external_id("80/2021/TT-BTC"), "80/TT-BTC = 80/2021/TT-BTC (external)"),
        ("80 / tt-btc", G.external_id("80/2021/TT-BTC"), "80 / tt-btc = 80/2021/TT-BTC (external)"),
        ("338/NĐ-CP", "4", "338/NĐ-CP = 338/2025/NĐ-CP (#4)"),
        ("338/ND-CP", "4", "338/ND-CP = 338/2025/NĐ-CP (#4)"),
        # what was found before is found as before, with no note
        ("126/2020/NĐ-CP", G.external_id("126/2020/NĐ-CP"), None),
        ("5580/TCT-KK", "1", None),  # a công văn number has no year: exact, not completed
        ("338/2025/NĐ-CP", "4", None),
        ("4", "4", None),
    ],
)
def test_qa2_number_without_year_names_the_one_with_a_year(g: nx.DiGraph, ref: str, node: str, note: str | None) -> None:
    found = G.locate(g, ref)
    assert (found.node, found.note) == (node, note)
    assert G.find_node(g, ref) == node


@pytest.mark.parametrize(
    ("ref", "named"),
    [
        ("126/NĐ-CP", ["126/2020/NĐ-CP (external)", "126/2024/NĐ-CP (external)"]),
        ("126/nd-cp", ["126/2020/NĐ-CP (external)", "126/2024/NĐ-CP (external)"]),
        # a citation that itself left the year out is one more candidate, not the answer
        ("45/NĐ-CP", ["45/2015/NĐ-CP (external)", "45/NĐ-CP (external)"]),
    ],
)
def test_qa2_number_without_year_naming_several_is_refused(g: nx.DiGraph, ref: str, named: list[str]) -> None:
    with pytest.raises(G.GraphError) as e:
        G.find_node(g, ref)
    assert "has no year" in str(e.value)
    for n in named:
        assert n in str(e.value)
    for fn in (G.cites, G.cited_by, G.chain):
        with pytest.raises(G.GraphError):
            fn(g, ref)  # type: ignore[operator]


@pytest.mark.parametrize("ref", ["999/NĐ-CP", "126/2019/NĐ-CP", "80/TT-BXD"])
def test_qa2_unknown_number_still_no_such_document(g: nx.DiGraph, ref: str) -> None:
    with pytest.raises(G.GraphError, match="no such document"):
        G.find_node(g, ref)


def test_qa2_year_completed_for_cites_cited_by_and_chain(g: nx.DiGraph) -> None:
    assert [n for n, _ in G.cited_by(g, "80/TT-BTC")] == ["2", "3"]
    assert [n for n, _ in G.cited_by(g, "338/NĐ-CP")] == ["5"]
    assert [n for n, _ in G.cites(g, "338/NĐ-CP")] == [G.external_id("126/2024/NĐ-CP")]
    assert [h.node for h in G.chain(g, "338/NĐ-CP", reverse=True)] == ["5"]


def test_qa2_blank_numbered_document_named_by_a_yearless_quote() -> None:
    """A stored document with a blank number is found by the dated number its citers quote."""
    g = G.build_graph(
        [{"id": 1, "number": "/QĐ-UBND", "doc_type": "QĐ"}, {"id": 2, "number": "7/KH-SYT"}],
        [{"source_id": 2, "target_id": 1, "number": "15/2021/QĐ-UBND", "resolved": True}],
    )
    assert G.locate(g, "15/QĐ-UBND") == G.Found("1", "15/QĐ-UBND = /QĐ-UBND (#1)")


# ---------------------------------------------------------------------------
# the command line: the header line names the completed number, a refusal exits non-zero


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    from typer.testing import CliRunner

    from docintel.cli import _graph as cli_graph
    from docintel.cli import app

    monkeypatch.setattr(cli_graph, "_graph", lambda db, copies=False: G.build_graph(NODES, EDGES))
    return CliRunner().invoke(app, ["graph", *args], catch_exceptions=False)


def test_qa2_cli_cited_by_without_year(monkeypatch: pytest.MonkeyPatch) -> None:
    r = _cli(monkeypatch, "cited-by", "80/TT-BTC")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == "80/TT-BTC = 80/2021/TT-BTC (external)"
    assert [ln.split()[0] for ln in r.stdout.splitlines()] == ["#2", "#3"]
    r = _cli(monkeypatch, "cited-by", "126/NĐ-CP")
    assert r.exit_code != 0 and r.stdout == ""
    assert "126/2020/NĐ-CP" in r.stderr and "126/2024/NĐ-CP" in r.stderr
    r = _cli(monkeypatch, "chain", "338/NĐ-CP", "--reverse")
    assert r.exit_code == 0 and "338/NĐ-CP = 338/2025/NĐ-CP (#4)" in r.stderr and r.stdout.startswith("1 #5")
    r = _cli(monkeypatch, "cites", "5580/TCT-KK")
    assert r.exit_code == 0 and "=" not in r.stderr


# ---------------------------------------------------------------------------
# show: a stored number typed without its year


def _docs() -> list[Any]:
    return [
        make_doc("nd126", number="126/2020/NĐ-CP", doc_type="NĐ", issuer="Chính phủ", issuer_id=None,
                 date="2020-10-19", subject="Quy định chi tiết một số điều của Luật Quản lý thuế"),
        make_doc("nd126b", number="126/2024/NĐ-CP", doc_type="NĐ", issuer="Chính phủ", issuer_id=None,
                 date="2024-10-08", subject="Quy định về tổ chức, hoạt động của hội"),
        make_doc("nd338", number="338/2025/NĐ-CP", doc_type="NĐ", issuer="Chính phủ", issuer_id=None,
                 date="2025-12-25", subject="Quy định chi tiết Luật Việc làm"),
        make_doc("cv5580", number="5580/TCT-KK", issuer="Tổng cục Thuế", issuer_id=None,
                 date="2016-12-02", subject="rà soát"),
    ]


def test_qa2_show_number_without_year(store_url: str) -> None:
    from docintel.store import open_store

    store = open_store(store_url)
    try:
        ids = ingest(store, _docs())
        assert store.document("338/NĐ-CP").id == ids[2]
        assert store.document("338 / nd-cp").id == ids[2]
        assert store.document("5580/TCT-KK").id == ids[3]
        assert store.document("126/2020/NĐ-CP").id == ids[0]
        with pytest.raises(StoreError) as e:
            store.document("126/NĐ-CP")
        assert f"#{ids[0]}" in str(e.value) and f"#{ids[1]}" in str(e.value)
        with pytest.raises(StoreError, match="no such document"):
            store.document("999/NĐ-CP")
    finally:
        store.close()


# ---------------------------------------------------------------------------
# one copies rule for the archive and the graph


def _letter(i: int, signer: str | None, *, number: str = "/CT-TTHT", date: str = "2018") -> dict[str, Any]:
    return {"id": i, "number": number, "doc_type": "CV", "date": date, "issuer": "Cục Thuế TP Hồ Chí Minh",
            "subject": "Thuế thu nhập cá nhân", "signer": signer, "path": f"w/tax{i}.txt"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (_letter(1, None), _letter(2, "Nguyễn Nam Bình"), False),  # year only, no digits: the signer decides
        (_letter(1, "Nguyễn Nam Bình"), _letter(2, "Nguyen Nam Binh"), True),
        (_letter(1, None), _letter(2, None), True),
        (_letter(1, None, date="2018-04"), _letter(2, "Lê Văn A", date="2018-04"), False),
        (_letter(1, None, date="2018-04-03"), _letter(2, "Lê Văn A", date="2018-04-03"), True),  # a whole day
        (_letter(1, None, number="1013/CT-TTHT"), _letter(2, "Lê Văn A", number="1013/CT-TTHT"), True),  # digits
    ],
)
def test_qa2_graph_copies_use_the_archive_rule(a: dict[str, Any], b: dict[str, Any], same: bool) -> None:
    g = G.graph_from_store(_Rows([a, b]))
    assert (g.number_of_nodes() == 1) is same
    ka = dispatch_key(a["doc_type"], a["number"], a["date"], a["issuer"], a["subject"], a["signer"])
    kb = dispatch_key(b["doc_type"], b["number"], b["date"], b["issuer"], b["subject"], b["signer"])
    assert (ka == kb) is same
    assert G.dispatch_key({"kind": "document", **a}) == ka


class _Rows:
    def __init__(self, nodes: list[dict[str, Any]]) -> None:
        self.nodes = nodes

    def document_nodes(self) -> list[dict[str, Any]]:
        return self.nodes

    def citation_edges(self) -> list[dict[str, Any]]:
        return []


def test_qa2_store_graph_keeps_two_signed_letters_apart(store_url: str) -> None:
    """Two 2018 letters of one issuer and subject with no number: unsigned and signed are two
    nodes of the archive's graph, as they are two dispatches in search and the register."""
    from docintel.store import open_store

    a = make_doc("tax164", number="/CT-TTHT", issuer="Cục Thuế TP Hồ Chí Minh", issuer_id=None, date="2018",
                 subject="Thuế thu nhập cá nhân")
    b = make_doc("tax262", number="/CT-TTHT", issuer="Cục Thuế TP Hồ Chí Minh", issuer_id=None, date="2018",
                 subject="Thuế thu nhập cá nhân")
    b.signer = Signer(name="Nguyễn Nam Bình")
    b.source = type(b.source)("/archive/tax262.txt", "1" * 64, "txt", 1, None)  # the same text without its signature
    c = make_doc("tax262-copy", number="/CT-TTHT", issuer="Cục Thuế TP Hồ Chí Minh", issuer_id=None, date="2018",
                 subject="Thuế thu nhập cá nhân")
    c.signer = Signer(name="Nguyễn Nam Bình")
    c.source = type(c.source)("/archive/tax262.pdf", "2" * 64, "pdf", 1, None)
    store = open_store(store_url)
    try:
        ids = ingest(store, [a, b, c])
        nodes = {n.id: n for n in store.document_nodes()}
        assert nodes[ids[1]].signer == "Nguyễn Nam Bình"
        g = G.graph_from_store(store)
        docs = sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "document")
        assert docs == [str(ids[0]), str(ids[1])]
        assert g.nodes[str(ids[1])]["copies"] == [str(ids[2])]
    finally:
        store.close()
