"""The citation graph (docintel.graph): build from plain rows, query, export, draw."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pytest

from docintel import graph as G

if TYPE_CHECKING:
    from click.testing import Result

NODES = [
    {"id": 1, "number": "/VP-KGVX", "doc_type": "CV", "date": "2020-08", "subject": "tăng cường"},
    {"id": 2, "number": "/SCT-VP", "doc_type": "CV", "date": "2020-08"},
    {"id": 3, "number": "12/KH-SCT", "doc_type": "KH", "date": "2020-09-01"},
    {"id": 4, "number": "5/BC-SCT", "doc_type": "BC", "date": "2020-10-01"},
]
EDGES = [
    {"source_id": 2, "target_id": 1, "number": "3148/VP-KGVX", "doc_type": "CV", "date": "2020-08-04",
     "issuer": "Văn phòng UBND tỉnh", "relation": "thực hiện", "confidence": 0.95},
    {"source_id": 2, "target_id": None, "number": "938/UBND-KGVX", "doc_type": "CV", "date": "2020-08-04"},
    {"source_id": 3, "target_id": 2, "number": "/SCT-VP", "relation": "căn cứ", "confidence": 1.0},
    {"source_id": 4, "target_id": 3, "number": "12/KH-SCT", "relation": "thực hiện", "confidence": 1.0},
    {"source_id": 4, "target_id": None, "number": "938/UBND–KGVX"},  # same external number, other dash
    {"source_id": 1, "target_id": 1, "number": "/VP-KGVX"},  # a self-citation is dropped
]


@pytest.fixture
def g() -> nx.DiGraph:
    return G.build_graph(NODES, EDGES)


def test_nodes_and_external_nodes(g: nx.DiGraph) -> None:
    assert g.nodes["1"]["kind"] == "document"
    ext = G.external_id("938/UBND-KGVX")
    assert g.nodes[ext]["kind"] == "external"
    assert sorted(s for s, _ in g.in_edges(ext)) == ["2", "4"]  # one node per distinct number
    assert not g.has_edge("1", "1")


def test_cites_and_cited_by(g: nx.DiGraph) -> None:
    assert [n for n, _ in G.cites(g, "2")] == ["1", G.external_id("938/UBND-KGVX")]
    assert G.cites(g, 2)[0][1]["relation"] == "thực hiện"
    assert [n for n, _ in G.cited_by(g, "1")] == ["2"]
    assert [n for n, _ in G.cited_by(g, "938/UBND-KGVX")] == ["2", "4"]


def test_find_node_by_number(g: nx.DiGraph) -> None:
    assert G.find_node(g, "12/KH-SCT") == "3"
    assert G.find_node(g, "12/KH–SCT") == "3"
    with pytest.raises(G.GraphError):
        G.find_node(g, "999/XX")


@pytest.mark.parametrize(("ref", "node"), [("3148/VP-KGVX", "1"), ("3148 / VP-KGVX", "1")])
def test_issue4_blank_numbered_document_found_by_the_number_its_citers_quote(g: nx.DiGraph, ref: str, node: str) -> None:
    # node 1's own number was left blank on the page ("/VP-KGVX"); node 2 quotes 3148/VP-KGVX and resolved to it
    assert G.find_node(g, ref) == node
    assert [n for n, _ in G.cited_by(g, ref)] == ["2"]


def test_chain_transitive_with_depth(g: nx.DiGraph) -> None:
    hops = G.chain(g, "4")
    assert [(h.node, h.depth) for h in hops] == [
        ("3", 1), (G.external_id("938/UBND-KGVX"), 1), ("2", 2), ("1", 3)]
    assert hops[-1].path == ("4", "3", "2", "1")
    assert [h.node for h in G.chain(g, "4", depth=1)] == ["3", G.external_id("938/UBND-KGVX")]
    assert [h.node for h in G.chain(g, "1", reverse=True)] == ["2", "3", "4"]


def test_chain_terminates_on_cycles() -> None:
    g = G.build_graph([{"id": 1}, {"id": 2}], [{"source_id": 1, "target_id": 2, "number": "a/B"},
                                               {"source_id": 2, "target_id": 1, "number": "c/D"}])
    assert [h.node for h in G.chain(g, 1)] == ["2"]


def test_graphml_parses_back(g: nx.DiGraph) -> None:
    h = nx.parse_graphml(G.to_graphml(g))
    assert set(h.nodes) == set(g.nodes) and h.number_of_edges() == g.number_of_edges()
    assert h.edges["2", "1"]["relation"] == "thực hiện"


def test_json_round_trip(g: nx.DiGraph) -> None:
    h = G.read_json(G.to_json(g))
    assert set(h.edges) == set(g.edges)
    assert json.loads(G.export(g, "json"))["directed"] is True


def test_dot_is_well_formed(g: nx.DiGraph) -> None:
    dot = G.to_dot(g)
    assert dot.startswith('digraph "citations" {') and dot.rstrip().endswith("}")
    assert '"2" -> "1" [label="thực hiện"];' in dot
    assert dot.count("->") == g.number_of_edges()


def test_unknown_export_format(g: nx.DiGraph) -> None:
    with pytest.raises(G.GraphError, match="unknown format"):
        G.export(g, "xlsx")


def test_render_names_the_missing_tool(g: nx.DiGraph, tmp_path: Path) -> None:
    with pytest.raises(G.GraphError, match="Graphviz 'dot' is not installed"):
        G.render(g, tmp_path / "g.svg", dot="no-such-dot-program")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz not installed")
def test_render_svg(g: nx.DiGraph, tmp_path: Path) -> None:
    out = G.render(g, tmp_path / "g.svg")
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")


class FakeStore:
    """An EdgeSource over plain lists (the archive's two reads)."""

    def __init__(self, nodes: list[dict], edges: list[dict]) -> None:
        self.nodes, self.edges = nodes, edges

    def document_nodes(self) -> list[dict]:
        return self.nodes

    def citation_edges(self) -> list[dict]:
        return self.edges


def test_graph_from_an_edge_source() -> None:
    g = G.graph_from_store(FakeStore(NODES, EDGES))
    assert g.number_of_edges() == 5


# the .txt, .docx and .pdf of one dispatch in the archive are one node of the graph
COPY_NODES = [
    {"id": 1, "number": "/VP-KGVX", "doc_type": "CV", "date": "2020-08", "issuer": "Văn phòng UBND tỉnh",
     "subject": "Về việc tăng cường phòng, chống dịch", "path": "a/001.txt"},
    {"id": 4, "number": "/VP-KGVX", "doc_type": "CV", "date": "2020-08", "issuer": "Văn phòng UBND tỉnh",
     "subject": "Về việc tăng cường phòng, chống dịch.", "path": "a/001.pdf"},
    {"id": 2, "number": "912/SCT-VP", "doc_type": "CV", "date": "2020-08-06", "issuer": "Sở Công Thương",
     "subject": "Triển khai", "path": "a/002.txt"},
    {"id": 5, "number": "912/SCT-VP", "doc_type": "CV", "date": "2020-08-06", "issuer": "Sở Công Thương",
     "subject": "Triển khai", "path": "a/002.docx"},
    {"id": 3, "number": "5/KH-UBND", "doc_type": "KH", "date": "2020-08-09", "issuer": "UBND huyện",
     "subject": "Kế hoạch", "path": "a/003.txt"},
]
COPY_EDGES = [
    {"source_id": 2, "target_id": 1, "number": "3148/VP-KGVX", "relation": "thực hiện"},
    {"source_id": 5, "target_id": 1, "number": "3148/VP-KGVX", "relation": "thực hiện"},
    {"source_id": 3, "target_id": 4, "number": "3148/VP-KGVX", "relation": "căn cứ"},
    {"source_id": 3, "target_id": 5, "number": "912/SCT-VP", "relation": "thực hiện"},
]


def test_copies_of_one_dispatch_are_one_node() -> None:
    g = G.graph_from_store(FakeStore(COPY_NODES, COPY_EDGES))
    docs = sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "document")
    assert docs == ["1", "2", "3"]
    assert g.nodes["1"]["copies"] == ["4"] and g.nodes["1"]["copy_paths"] == ["a/001.pdf"]
    assert sorted(g.edges) == [("2", "1"), ("3", "1"), ("3", "2")]
    assert g.edges["2", "1"]["count"] == 2  # cited from the .txt and the .docx of 912/SCT-VP
    assert G.find_node(g, "4") == "1"  # a copy's id still names its dispatch
    assert [n for n, _ in G.cited_by(g, "5")] == ["3"]
    assert "(+1 copies)" in G.to_dot(g)


def test_copies_can_be_kept_apart() -> None:
    g = G.graph_from_store(FakeStore(COPY_NODES, COPY_EDGES), copies=True)
    assert sorted(n for n, d in g.nodes(data=True) if d.get("kind") == "document") == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"subject": "Về việc A", "number": "/VP", "date": "2020-08"}, {"subject": "Về việc A.", "number": "/VP", "date": "2020-08"}, True),
        ({"subject": "Về việc A", "number": "/VP", "date": "2020-08"}, {"subject": "Về việc B", "number": "/VP", "date": "2020-08"}, False),
        ({"subject": "Về việc A", "number": "1/VP", "date": "2020-08"}, {"subject": "Về việc A", "number": "2/VP", "date": "2020-08"}, False),
        ({"subject": "", "number": "1/VP", "date": "2020-08"}, {"subject": "", "number": "1/VP", "date": "2020-08"}, False),  # too little known
    ],
)
def test_dispatch_key(a: dict, b: dict, same: bool) -> None:
    ka, kb = G.dispatch_key({"kind": "document", **a}), G.dispatch_key({"kind": "document", **b})
    assert (ka is not None and ka == kb) is same


# ---------------------------------------------------------------------------
# the command line


def _cli(monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    from typer.testing import CliRunner

    from docintel.cli import _graph as cli_graph
    from docintel.cli import app

    monkeypatch.setattr(cli_graph, "_graph", lambda db, copies=False: G.build_graph(NODES, EDGES))
    return CliRunner().invoke(app, ["graph", *args], catch_exceptions=False)


def test_issue_qa_cited_by_shows_the_citing_documents_own_date_and_issuer(monkeypatch: pytest.MonkeyPatch) -> None:
    """`graph cited-by` printed the citing #2 with the date and issuer its citation quotes for #1."""
    line = _cli(monkeypatch, "cited-by", "1").stdout.strip()
    assert line.startswith("#2") and "2020-08 " in line + " " and "2020-08-04" not in line
    assert "Văn phòng UBND tỉnh" not in line and "[thực hiện]" in line
    rev = _cli(monkeypatch, "chain", "1", "--reverse").stdout
    assert "2020-08-04" not in rev and "Văn phòng UBND tỉnh" not in rev
    cites = _cli(monkeypatch, "cites", "2").stdout  # here the quoted date and issuer do describe #1
    assert "2020-08-04 Văn phòng UBND tỉnh [thực hiện]" in cites


def test_issue_qa_empty_neighbour_lists_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    r = _cli(monkeypatch, "cited-by", "4")
    assert r.exit_code == 0 and r.stdout == "" and "no stored document cites 4" in r.stderr
    r = _cli(monkeypatch, "cites", "1")
    assert r.exit_code == 0 and r.stdout == "" and "1 cites no document" in r.stderr
    assert _cli(monkeypatch, "cited-by", "4", "--json").stdout.strip() == "[]"
