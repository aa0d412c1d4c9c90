"""The citation graph: which stored document cites which.

Built from plain data, so it works with the archive or without it:

>>> g = build_graph(
...     nodes=[{"id": 1, "number": "/VP-KGVX", "doc_type": "CV"}, {"id": 2, "number": "/SCT-VP"}],
...     edges=[{"source_id": 2, "target_id": 1, "number": "3148/VP-KGVX", "relation": "thực hiện"},
...            {"source_id": 2, "target_id": None, "number": "938/UBND-KGVX"}],
... )
>>> [n for n, _ in cites(g, "2")]
['1', 'ext:938/ubnd-kgvx']

Stored documents are nodes named by their id (as text); a citation that resolved to no
stored document becomes an *external* node ``ext:<number key>`` (one per distinct
number, shared by every document that cites it). Edges run from the citing document to
the cited one and keep the citation's number, type, date, issuer, relation and the
resolver's confidence. :func:`graph_from_store` reads a store through the small
:class:`EdgeSource` protocol (``citation_edges()``, ``document_nodes()``).

Exports: GraphML, DOT and JSON (networkx node-link); :func:`render` draws a picture
with Graphviz ``dot`` (SVG or PNG).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import networkx as nx
import regex

from ._errors import DocintelError, Errors
from ._normalise import fold, nfc
from ._resolve import dispatch_key as _dispatch_key

EXTERNAL = "ext:"
FORMATS = ("graphml", "dot", "json")


class GraphError(DocintelError):
    """The graph cannot be built, queried, exported or drawn (unknown document, missing Graphviz)."""


class EdgeSource(Protocol):
    """What :func:`graph_from_store` needs from a store (``docintel.store.Store`` has both)."""

    def citation_edges(self) -> Iterable[Any]:
        """Rows with ``source_id``, ``target_id`` (None when unresolved), ``number``, ``doc_type``,
        ``date``, ``issuer``, ``relation``, ``confidence`` (attributes or mapping keys)."""
        ...

    def document_nodes(self) -> Iterable[Any]:
        """Rows with ``id``, ``number``, ``doc_type``, ``date``, ``issuer``, ``subject``, ``path``
        (and ``signer``: the copies of an unnumbered, year-only dispatch share it)."""
        ...


@dataclass(frozen=True, slots=True)
class Hop:
    """One document reached by :func:`chain`: where, how deep, and the path from the start."""

    node: str
    depth: int
    path: tuple[str, ...]
    data: dict[str, Any]


def _get(row: Any, name: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def number_key(number: str | None) -> str:
    """``"3148 / VP–KGVX"`` → ``"3148/vp-kgvx"`` (Đ folded to d)."""
    if not number:
        return ""
    s = regex.sub(r"\s+", "", nfc(number))
    s = regex.sub(r"[\u2010-\u2014\u2212]", "-", s)
    return fold(s).strip(".;:,")


def external_id(number: str | None) -> str:
    return EXTERNAL + (number_key(number) or "?")


def build_graph(nodes: Iterable[Any], edges: Iterable[Any]) -> nx.DiGraph:
    """A directed graph: stored documents and external citations as nodes, citations as edges."""
    g = nx.DiGraph()
    for n in nodes:
        nid = str(_get(n, "id"))
        g.add_node(
            nid,
            kind="document",
            number=_get(n, "number"),
            doc_type=_get(n, "doc_type"),
            date=_get(n, "date"),
            issuer=_get(n, "issuer"),
            subject=_get(n, "subject"),
            path=_get(n, "path"),
        )
        if _get(n, "signer"):  # who signed: it tells two unnumbered, year-only letters apart
            g.nodes[nid]["signer"] = _get(n, "signer")
    for e in edges:
        src = str(_get(e, "source_id"))
        tgt_raw = _get(e, "target_id")
        number = _get(e, "number")
        if src not in g:
            g.add_node(src, kind="document")
        if tgt_raw is None:
            tgt = external_id(number)
            if tgt not in g:
                g.add_node(
                    tgt,
                    kind="external",
                    number=number,
                    doc_type=_get(e, "doc_type"),
                    date=_get(e, "date"),
                    issuer=_get(e, "issuer"),
                )
        else:
            tgt = str(tgt_raw)
            if tgt not in g:
                g.add_node(tgt, kind="document", number=number, doc_type=_get(e, "doc_type"))
        if tgt == src:
            continue
        data = {
            "number": number,
            "doc_type": _get(e, "doc_type"),
            "date": _get(e, "date"),
            "issuer": _get(e, "issuer"),
            "relation": _get(e, "relation"),
            "confidence": _get(e, "confidence"),
            "resolved": tgt_raw is not None,
        }
        if g.has_edge(src, tgt):  # the same document cited twice (two numbers resolving to it)
            old = g.edges[src, tgt]
            rel = {r for r in (old.get("relation"), data["relation"]) if r}
            old["relation"] = ", ".join(sorted(rel)) or None
            old["count"] = old.get("count", 1) + 1
        else:
            g.add_edge(src, tgt, count=1, **data)
    return g


def dispatch_key(data: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The copies-of-one-dispatch key (:func:`docintel._resolve.dispatch_key`) of a document node."""
    if data.get("kind") != "document":
        return None
    return _dispatch_key(
        data.get("doc_type"), data.get("number"), data.get("date"), data.get("issuer"), data.get("subject"),
        data.get("signer"),
    )


def collapse_copies(g: nx.DiGraph) -> nx.DiGraph:
    """One node per dispatch: copies merge into the lowest id, which lists the others in
    ``copies`` (ids) and ``copy_paths``; their edges move to it (counts added, relations joined)."""
    groups: dict[tuple[Any, ...], list[str]] = {}
    for n, d in g.nodes(data=True):
        k = dispatch_key(d)
        if k is not None:
            groups.setdefault(k, []).append(n)
    out = g.copy()
    for members in groups.values():
        if len(members) < 2:
            continue
        head, *rest = sorted(members, key=lambda n: (len(n), n))
        out.nodes[head]["copies"] = rest
        out.nodes[head]["copy_paths"] = [g.nodes[n].get("path") for n in rest]
        for other in rest:
            for src, _, data in list(out.in_edges(other, data=True)):
                _merge_edge(out, src, head, data)
            for _, tgt, data in list(out.out_edges(other, data=True)):
                _merge_edge(out, head, tgt, data)
            out.remove_node(other)
    return out


def _merge_edge(g: nx.DiGraph, src: str, tgt: str, data: Mapping[str, Any]) -> None:
    if src == tgt:
        return
    if not g.has_edge(src, tgt):
        g.add_edge(src, tgt, **data)
        return
    old = g.edges[src, tgt]
    rel = {r for v in (old.get("relation"), data.get("relation")) if v for r in str(v).split(", ")}
    old["relation"] = ", ".join(sorted(rel)) or None
    old["count"] = old.get("count", 1) + data.get("count", 1)


def graph_from_store(store: EdgeSource, *, copies: bool = False) -> nx.DiGraph:
    """The citation graph of every (latest) document in a store; the copies of one dispatch
    are one node unless ``copies``."""
    g = build_graph(store.document_nodes(), store.citation_edges())
    return g if copies else collapse_copies(g)


# ---------------------------------------------------------------------------
# queries


_YEAR = regex.compile(r"(?:19|20)\d\d")
_SEQ = regex.compile(r"\d+[a-z]?")


def _without_year(key: str) -> str | None:
    """``"126/2020/nd-cp"`` → ``"126/nd-cp"``: a number key with its year dropped (the
    running number, then the symbol); ``None`` for a key that is no such number."""
    parts = key.split("/")
    if len(parts) < 2 or not _SEQ.fullmatch(parts[0]):
        return None
    rest = [p for i, p in enumerate(parts[1:]) if not (i == 0 and _YEAR.fullmatch(p))]
    return "/".join([parts[0], *rest]) if rest and all(rest) else None


def _yearless(key: str) -> bool:
    """A number typed without its year (``126/NĐ-CP``): running number and symbol only."""
    parts = key.split("/")
    return _without_year(key) == key and not any(_YEAR.fullmatch(p) for p in parts[1:])


def _year_variants(g: nx.DiGraph, key: str) -> set[str]:
    """The nodes whose number (or, for a stored document with a blank number, the number its
    citers quote) is ``key`` with a year: ``126/nd-cp`` → ``126/2020/NĐ-CP`` and ``126/2024/NĐ-CP``."""
    found = {n for n, d in g.nodes(data=True) if _without_year(number_key(d.get("number"))) == key}
    found |= {
        t for _, t, d in g.edges(data=True)
        if d.get("resolved") and _without_year(number_key(d.get("number"))) == key
    }
    return found


def _describe(g: nx.DiGraph, n: str) -> str:
    d = g.nodes[n]
    number = d.get("number") or "?"
    return f"{number} (#{n})" if d.get("kind") == "document" else f"{number} (external)"


@dataclass(frozen=True, slots=True)
class Found:
    """The node a reference names, and how it was found when that is not plain: ``note`` names
    the number a year-less reference (``126/NĐ-CP``) was completed to."""

    node: str
    note: str | None = None


def find_node(g: nx.DiGraph, ref: str | int) -> str:
    """A node named by its id, its number (``3148/VP-KGVX``) or an external id; raises
    :class:`GraphError` when nothing matches or several documents share the number. A number
    typed without its year (``126/NĐ-CP``) names the one node with that running number and
    symbol; several (``126/2020/NĐ-CP``, ``126/2024/NĐ-CP``) → :class:`GraphError`, never a guess."""
    return locate(g, ref).node


def locate(g: nx.DiGraph, ref: str | int) -> Found:
    """:func:`find_node` with the note of a completed year-less number (for a header line)."""
    ref_s = str(ref).strip()
    key = number_key(ref_s)
    yearless = bool(key and _yearless(key))
    try:
        node = _find_exact(g, ref_s)
    except GraphError:
        if not yearless:
            raise
        node = None
    if yearless and (node is None or g.nodes[node].get("kind") == "external"):
        # "126/NĐ-CP": the stored or cited numbers with this running number and symbol and a
        # year; a citation that itself left the year out (an external "126/NĐ-CP") is one more
        # candidate, not the answer
        found = _year_variants(g, key) - {node}
        if node is not None and found:
            found.add(node)
        if len(found) > 1:
            raise GraphError(
                Errors.E088.format(ref=ref_s, candidates=", ".join(sorted(_describe(g, n) for n in found)))
            )
        if len(found) == 1 and node is None:
            (n,) = found
            return Found(n, f"{ref_s} = {_describe(g, n)}")
    if node is None:
        raise GraphError(Errors.E042.format(ref=ref_s))
    return Found(node)


def _find_exact(g: nx.DiGraph, ref_s: str) -> str:
    if ref_s in g:
        return ref_s
    heads = [n for n, d in g.nodes(data=True) if ref_s in (d.get("copies") or ())]
    if heads:
        return heads[0]  # a copy merged into its dispatch's node
    key = number_key(ref_s)
    hits = [n for n, d in g.nodes(data=True) if key and number_key(d.get("number")) == key]
    docs = [n for n in hits if g.nodes[n].get("kind") == "document"]
    if len(docs) == 1:
        return docs[0]
    if len(docs) > 1:
        raise GraphError(Errors.E071.format(ref=ref_s, candidates=", ".join(sorted(docs))))
    if hits:
        return hits[0]
    ext = external_id(ref_s)
    if ext in g:
        return ext
    # a stored document whose own number the page left blank ("Số: /VP-KGVX", e-signed) is
    # still named by the number its citers quote, when they all resolved to it
    quoted = {t for _, t, d in g.edges(data=True) if key and d.get("resolved") and number_key(d.get("number")) == key}
    if len(quoted) == 1:
        return quoted.pop()
    if len(quoted) > 1:
        raise GraphError(Errors.E071.format(ref=ref_s, candidates=", ".join(sorted(quoted))))
    raise GraphError(Errors.E042.format(ref=ref_s))


def cites(g: nx.DiGraph, ref: str | int) -> list[tuple[str, dict[str, Any]]]:
    """What a document cites: (node, edge data) in a stable order."""
    n = find_node(g, ref)
    return sorted(((t, dict(d)) for _, t, d in g.out_edges(n, data=True)), key=lambda x: x[0])


def cited_by(g: nx.DiGraph, ref: str | int) -> list[tuple[str, dict[str, Any]]]:
    """Which documents cite this one."""
    n = find_node(g, ref)
    return sorted(((s, dict(d)) for s, _, d in g.in_edges(n, data=True)), key=lambda x: x[0])


def chain(g: nx.DiGraph, ref: str | int, *, depth: int | None = None, reverse: bool = False) -> list[Hop]:
    """Everything a document cites transitively (``reverse``: everything that cites it,
    transitively), breadth first, each node once at its smallest depth; ``depth`` caps the hops."""
    start = find_node(g, ref)
    out: list[Hop] = []
    seen = {start}
    queue: deque[tuple[str, int, tuple[str, ...]]] = deque([(start, 0, (start,))])
    while queue:
        node, d, path = queue.popleft()
        if depth is not None and d >= depth:
            continue
        nxt = g.predecessors(node) if reverse else g.successors(node)
        for m in sorted(nxt):
            if m in seen:
                continue
            seen.add(m)
            edge = g.edges[m, node] if reverse else g.edges[node, m]
            hop = Hop(m, d + 1, (*path, m), dict(edge))
            out.append(hop)
            queue.append((m, d + 1, hop.path))
    return out


# ---------------------------------------------------------------------------
# exports


def _scalar_attrs(data: Mapping[str, Any]) -> dict[str, Any]:
    """GraphML takes str/int/float/bool only: None is dropped, others become text."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        if v is None:
            continue
        out[k] = v if isinstance(v, str | int | float | bool) else json.dumps(v, ensure_ascii=False)
    return out


def to_graphml(g: nx.DiGraph) -> str:
    h = nx.DiGraph()
    h.add_nodes_from((n, _scalar_attrs(d)) for n, d in g.nodes(data=True))
    h.add_edges_from((s, t, _scalar_attrs(d)) for s, t, d in g.edges(data=True))
    return "\n".join(nx.generate_graphml(h, encoding="utf-8", prettyprint=True)) + "\n"


def to_json(g: nx.DiGraph) -> str:
    data = nx.node_link_data(g, edges="links")
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def _dot_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _label(n: str, d: Mapping[str, Any]) -> str:
    parts = [p for p in (d.get("doc_type"), d.get("number")) if p]
    head = " ".join(parts) if parts else n
    if d.get("kind") == "document":
        head = f"#{n} {head}" if parts else f"#{n}"
    if d.get("date"):
        head += f"\n{d['date']}"
    if d.get("copies"):
        head += f"\n(+{len(d['copies'])} copies)"
    return head


def to_dot(g: nx.DiGraph, *, name: str = "citations") -> str:
    """Graphviz DOT text: stored documents as boxes, external citations as dashed ellipses."""
    lines = [f"digraph {_dot_quote(name)} {{", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=9];']
    for n, d in sorted(g.nodes(data=True)):
        shape = "box" if d.get("kind") == "document" else "ellipse"
        style = ', style="dashed"' if d.get("kind") == "external" else ""
        lines.append(f"  {_dot_quote(n)} [label={_dot_quote(_label(n, d))}, shape={shape}{style}];")
    for s, t, d in sorted(g.edges(data=True)):
        label = d.get("relation") or ""
        attrs = f" [label={_dot_quote(label)}]" if label else ""
        lines.append(f"  {_dot_quote(s)} -> {_dot_quote(t)}{attrs};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export(g: nx.DiGraph, fmt: str) -> str:
    """The graph as ``graphml``, ``dot`` or ``json`` text."""
    fmt = fmt.lower()
    if fmt == "graphml":
        return to_graphml(g)
    if fmt == "dot":
        return to_dot(g)
    if fmt == "json":
        return to_json(g)
    raise GraphError(Errors.E070.format(reason=f"unknown format '{fmt}' (expected one of {', '.join(FORMATS)})"))


def read_json(text: str) -> nx.DiGraph:
    """A graph back from :func:`to_json` text."""
    return nx.node_link_graph(json.loads(text), directed=True, edges="links")


def render(g: nx.DiGraph, path: str | Path, *, fmt: str | None = None, dot: str = "dot") -> Path:
    """Draw the graph with Graphviz into ``path`` (``.svg`` or ``.png``, or ``fmt``)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "svg").lower()
    if fmt not in {"svg", "png", "pdf"}:
        raise GraphError(Errors.E070.format(reason=f"cannot draw '{fmt}': use .svg or .png"))
    exe = shutil.which(dot)
    if exe is None:
        raise GraphError(
            Errors.E070.format(
                reason="Graphviz 'dot' is not installed; install it (apt-get install graphviz, "
                "or scripts/system-deps.sh) or export DOT text with --format dot"
            )
        )
    proc = subprocess.run([exe, f"-T{fmt}", "-o", str(path)], input=to_dot(g).encode("utf-8"),
                          capture_output=True, timeout=120, check=False)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphError(Errors.E070.format(reason=f"dot failed: {msg[0] if msg else proc.returncode}"))
    return path


__all__ = [
    "EXTERNAL",
    "FORMATS",
    "EdgeSource",
    "GraphError",
    "Found",
    "Hop",
    "build_graph",
    "chain",
    "cited_by",
    "cites",
    "collapse_copies",
    "dispatch_key",
    "export",
    "external_id",
    "find_node",
    "graph_from_store",
    "locate",
    "number_key",
    "read_json",
    "render",
    "to_dot",
    "to_graphml",
    "to_json",
]
