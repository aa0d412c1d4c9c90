"""``docintel graph``: the citation graph of the archive (cites, cited-by, chain, export, render)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import DocintelError
from .. import graph as G
from ._app import app, exit_for, require_archive, write_file
from ._app import err as _err

graph_app = typer.Typer(help="The citation graph: what a document cites, who cites it, chains, pictures.\n\n"
                        "Example: docintel graph cited-by 938/UBND-KGVX",
                        no_args_is_help=True)
app.add_typer(graph_app, name="graph")

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="DATABASE_URL", help="Archive URL (sqlite:///file.db, postgresql://…); default ./docintel.db."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class ExportFormat(StrEnum):
    graphml = "graphml"
    dot = "dot"
    json = "json"


CopiesOption = Annotated[
    bool, typer.Option("--copies", help="Keep every stored file of a dispatch (.txt, .docx, .pdf) as its own node.")
]


def _graph(db: str | None, copies: bool = False) -> Any:
    try:
        from ..store import open_store
    except ImportError as e:  # the store is an optional part of a partial install
        _err(f"graph: the archive is not available ({e})")
        raise typer.Exit(1) from None
    require_archive(db)
    try:
        store = open_store(db)
        try:
            return G.graph_from_store(store, copies=copies)
        finally:
            store.close()
    except DocintelError as e:
        raise exit_for(e) from None


def _node_line(g: Any, node: str, data: dict[str, Any], prefix: str = "", *, cited: bool = True) -> str:
    """One neighbour. ``cited``: the node is the edge's target, so the date and issuer the
    citation quotes describe it; for a citing node (cited-by, chain --reverse) they describe
    the other end and only the node's own date and issuer are shown."""
    nd = g.nodes[node]
    what = " ".join(x for x in (nd.get("doc_type"), nd.get("number")) if x) or "?"
    where = f"#{node}" if nd.get("kind") == "document" else "external"
    quoted = data if cited else {}
    extra = " ".join(
        x for x in (
            quoted.get("date") or nd.get("date") or "",
            quoted.get("issuer") or nd.get("issuer") or "",
            f"[{data['relation']}]" if data.get("relation") else "",
            f"conf={data['confidence']:.2f}" if isinstance(data.get("confidence"), int | float) else "",
        ) if x
    )
    return f"{prefix}{where:<10} {what}  {extra}".rstrip()


def _rows(g: Any, items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"node": n, **{k: v for k, v in g.nodes[n].items()}, "edge": d} for n, d in items]


def _run(fn: Any) -> Any:
    try:
        return fn()
    except DocintelError as e:
        raise exit_for(e) from None


def _locate(g: Any, doc: str) -> str:
    """The node ``doc`` names; a number completed from one typed without its year
    (``126/NĐ-CP`` → ``126/2020/NĐ-CP``) is said on a header line (stderr)."""
    found = _run(lambda: G.locate(g, doc))
    if found.note:
        typer.echo(found.note, err=True)
    return str(found.node)


def _print_neighbours(
    g: Any, items: list[tuple[str, dict[str, Any]]], as_json: bool, *, cited: bool, none: str
) -> None:
    """One line per neighbour (or a JSON list) for ``cites`` and ``cited-by``; ``none`` goes to
    stderr when there is no neighbour, so an empty answer is not mistaken for a failure."""
    if as_json:
        sys.stdout.write(json.dumps(_rows(g, items), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not items:
        typer.echo(none, err=True)
    for n, d in items:
        typer.echo(_node_line(g, n, d, cited=cited))


@graph_app.command("cites")
def cites_cmd(
    doc: Annotated[str, typer.Argument(help="Stored document id or number text (3148/VP-KGVX).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List what a document cites (stored documents by id, others as external).

    Example: docintel graph cites 2
    """
    g = _graph(db)
    node = _locate(g, doc)
    items = _run(lambda: G.cites(g, node))
    _print_neighbours(g, items, as_json, cited=True, none=f"{doc} cites no document")


@graph_app.command("cited-by")
def cited_by_cmd(
    doc: Annotated[str, typer.Argument(help="Stored document id, number text, or an external number.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the documents that cite this one.

    Example: docintel graph cited-by 938/UBND-KGVX
    """
    g = _graph(db)
    node = _locate(g, doc)
    items = _run(lambda: G.cited_by(g, node))
    _print_neighbours(g, items, as_json, cited=False, none=f"no stored document cites {doc}")


@graph_app.command("chain")
def chain_cmd(
    doc: Annotated[str, typer.Argument(help="Stored document id or number text.")],
    depth: Annotated[int | None, typer.Option("--depth", "-d", min=1, help="Follow at most this many hops.")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Follow cited-by links instead (who builds on this).")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Follow citations transitively: what this document rests on, hop by hop.

    Example: docintel graph chain 2 --depth 3
    """
    g = _graph(db)
    node = _locate(g, doc)
    hops = _run(lambda: G.chain(g, node, depth=depth, reverse=reverse))
    if as_json:
        out = [{"node": h.node, "depth": h.depth, "path": list(h.path), **dict(g.nodes[h.node]), "edge": h.data}
               for h in hops]
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not hops:
        typer.echo(f"no stored document cites {doc}" if reverse else f"{doc} cites no document", err=True)
    for h in hops:
        typer.echo(_node_line(g, h.node, h.data, prefix="  " * (h.depth - 1) + f"{h.depth} ", cited=not reverse))


@graph_app.command("export")
def export_cmd(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="graphml, dot or json (node-link).")] = ExportFormat.graphml,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")] = None,
    copies: CopiesOption = False,
    db: DbOption = None,
) -> None:
    """Export the whole citation graph as GraphML, DOT or JSON (the copies of one dispatch are one node).

    Example: docintel graph export --format graphml -o citations.graphml
    """
    g = _graph(db, copies)
    text = _run(lambda: G.export(g, format.value))
    if out is None:
        sys.stdout.write(text)
    else:
        write_file(out, text)
        typer.echo(f"{out}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", err=True)


@graph_app.command("render")
def render_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Picture to write: FILE.svg or FILE.png.")],
    copies: CopiesOption = False,
    db: DbOption = None,
) -> None:
    """Draw the citation graph with Graphviz (needs the 'dot' program); one node per dispatch.

    Example: docintel graph render -o citations.svg
    """
    g = _graph(db, copies)
    path = _run(lambda: G.render(g, out))
    typer.echo(f"{path}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", err=True)
