"""Archive benchmark: ingest rate, search latency and a reminder run, SQLite and PostgreSQL side by side.

* ingest: corpus/wild (or the seeds in corpora/ without ../shared) replicated to ``--n``
  documents, each copy made unique by a marker line and given its own running number
  (seq + 100000 per round, so the archive does not hold dozens of documents with one number), ingested through
  :func:`docintel.store.ingest` (hashing, one transaction per document, tasks, citations,
  register, citation linking). Parsing is BYPASSED for repeated texts: each distinct text is
  parsed once and its result reused for its copies (parse speed is scripts/bench_parse.py's
  business), so the figure is the archive's own write rate.
* search: latency p50/p95 of a mix of queries (words, phrases, OR, exclusion, prefix) at that size.
* reminders: ``--tasks`` synthetic open tasks with deadlines (spread over a year, every tenth
  weekly) are added, then :func:`docintel.remind.plan` (F2's planner, when present) is timed,
  and the archive's due-tasks query (:meth:`Store.obligations` with ``due_before``) alone.

PostgreSQL: ``--pg-url``, else ``$DOCINTEL_TEST_PG_URL``; with neither, and PostgreSQL
installed, the script re-runs itself under ``scripts/pg-test-server.sh`` (a throwaway server).
The PostgreSQL database given is EMPTIED first.

Usage: .venv/bin/python scripts/bench_store.py [--n 10000] [--tasks 100000] [--backends sqlite,postgres] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from docintel import Document, parse_text  # noqa: E402
from docintel.store import Store, ingest, open_store, parse_query  # noqa: E402
from docintel.store._models import ASSIGNEES, DEADLINES, DOCUMENTS, TASKS  # noqa: E402

# the search mix, by class: (query, filters). "rare" words occur in a few of the corpus's distinct
# texts, "common" ones in most (thue: 214 of 239 wild letters) — the case ranking must not make slow
QUERY_CLASSES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "rare word": [("samsung", {}), ("incoterms", {}), ("campuchia", {}), ("covid", {})],
    "common word": [
        ("thue", {}),
        ("cuc thue", {}),
        ("so y te", {}),
        ("ke khai", {}),
        ("hoan thue", {}),
        ("ha noi", {}),
        ("tong cuc thue cong van", {}),
    ],
    "phrase": [('"cuc thue"', {}), ('"thue thu nhap ca nhan"', {}), ('"ke khai thue"', {})],
    "prefix*": [("doanh nghiep*", {}), ("thue*", {}), ("hoa*", {})],
    "OR / NOT": [("hoa don OR chung tu", {}), ("thue -gia tri", {})],
    "filters": [
        ("thue", {"doc_type": "CV"}),
        ("ke khai", {"date_from": "2015"}),
        ("thue", {"issuer": "cuc thue"}),
    ],
}
QUERIES = [q for qs in QUERY_CLASSES.values() for q in qs]
AGENCIES = [
    "Cục Thuế tỉnh Lạng Sơn",
    "Sở Y tế",
    "UBND các huyện, thành phố",
    "Sở Tài chính",
    "Công an tỉnh",
    "Chi cục Thuế",
]


def sources(shared: Path) -> list[Path]:
    wild = shared / "corpus" / "wild"
    found = sorted(wild.glob("*.txt")) if wild.is_dir() else []
    return found or sorted((ROOT / "corpora").glob("*.txt"))


def build_folder(folder: Path, srcs: list[Path], n: int) -> dict[str, str]:
    """``n`` unique files; returns file name → source text (for the parse cache)."""
    folder.mkdir(parents=True, exist_ok=True)
    base: dict[str, str] = {}
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in srcs]
    for k in range(n):
        i = k % len(texts)
        name = f"doc{k:06d}.txt"
        (folder / name).write_text(texts[i] + f"\n(bản sao số {k})\n", encoding="utf-8")
        base[name] = texts[i]
    return base


def cached_parser(base: dict[str, str], cache: dict[str, Document]) -> tuple[Any, dict[str, int]]:
    stats = {"parsed": 0, "reused": 0}
    n_texts = len(set(base.values()))

    def parse(data: bytes, name: str) -> Document:
        src = base[Path(name).name]
        doc = cache.get(src)
        if doc is None:
            doc = parse_text(src, path=name)
            cache[src] = doc
            stats["parsed"] += 1
        else:
            stats["reused"] += 1
        marker = data.decode("utf-8")[len(src) :]
        # a shallow copy: the store reads the document, never changes it
        out = replace(doc, text=doc.text + marker, folded="", source=replace(doc.source, path=name))
        rnd = int(Path(name).stem[3:]) // n_texts
        if rnd and doc.number is not None and doc.number.seq is not None:
            # a copy is another document: give it its own running number, as a real archive has
            seq = doc.number.seq + 100_000 * rnd
            text = (doc.number.text or "").replace(str(doc.number.seq), str(seq), 1)
            out.number = replace(doc.number, seq=seq, text=text)
        return out

    return parse, stats


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def add_tasks(store: Store, n: int) -> None:
    rng = random.Random(5)
    with store.read() as conn:
        doc_ids = list(conn.execute(select(DOCUMENTS.c.id)).scalars())
    today = dt.date.today()
    chunk = 5000
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        with store.write() as conn:
            rows = [
                {
                    "document_id": rng.choice(doc_ids),
                    "task_id": f"s{start + k}",
                    "position": 1000 + k,
                    "text": f"nhiệm vụ tổng hợp số {start + k}",
                    "kind": "sentence",
                    "status": "open",
                }
                for k in range(size)
            ]
            pks = list(
                conn.execute(
                    insert(TASKS).returning(TASKS.c.id, TASKS.c.document_id, sort_by_parameter_order=True),
                    rows,
                )
            )
            conn.execute(
                insert(ASSIGNEES),
                [
                    {
                        "task_pk": r.id,
                        "document_id": r.document_id,
                        "position": 0,
                        "name": (a := rng.choice(AGENCIES)),
                        "name_key": a.lower(),
                        "role": "lead",
                    }
                    for r in pks
                ],
            )
            deadlines = []
            for k, r in enumerate(pks):
                if (start + k) % 10 == 0:
                    deadlines.append(
                        {
                            "task_pk": r.id,
                            "document_id": r.document_id,
                            "text": "hằng tuần",
                            "due": None,
                            "due_date": None,
                            "recurrence": "weekly",
                            "weekday": 4,
                        }
                    )
                else:
                    due = today + dt.timedelta(days=rng.randint(-60, 300))
                    deadlines.append(
                        {
                            "task_pk": r.id,
                            "document_id": r.document_id,
                            "text": f"trước ngày {due:%d/%m/%Y}",
                            "due": due.isoformat(),
                            "due_date": due,
                            "recurrence": None,
                            "weekday": None,
                        }
                    )
            conn.execute(insert(DEADLINES), deadlines)


def warm(base: dict[str, str]) -> dict[str, Document]:
    """Parse every distinct text once, before any timing."""
    cache: dict[str, Document] = {}
    for name, src in base.items():
        if src not in cache:
            cache[src] = parse_text(src, path=name)
    return cache


def stored_documents(url: str) -> int:
    store = open_store(url)
    try:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(DOCUMENTS)).scalar() or 0)
    finally:
        store.close()


def bench_backend(
    url: str,
    folder: Path,
    base: dict[str, str],
    cache: dict[str, Document],
    n_tasks: int,
    rounds: int,
    *,
    reuse: bool = False,
    explain: bool = False,
    reference: dict[str, list[int]] | None = None,
) -> dict[str, Any]:
    store = open_store(url)
    parser, pstats = cached_parser(base, cache)
    ingest_s = reingest_s = 0.0
    if reuse:  # searching an archive an earlier run built (its ingest figures are not measured)
        n_docs = stored_documents(url)
    else:
        t0 = time.perf_counter()
        report = ingest(store, [folder], parser=parser)
        ingest_s = time.perf_counter() - t0
        assert not report.failed, report.failed[:3]
        n_docs = len(report.new)

        t0 = time.perf_counter()
        again = ingest(store, [folder], parser=parser)
        reingest_s = time.perf_counter() - t0
        assert len(again.unchanged) == n_docs
    if url.startswith("postgresql"):
        with store.write() as conn:  # fresh statistics, as autovacuum would have by now
            conn.exec_driver_sql("ANALYZE documents")

    lat: list[float] = []
    by_class: dict[str, list[float]] = {c: [] for c in QUERY_CLASSES}
    hits = 0
    for _ in range(rounds):
        for cls, queries in QUERY_CLASSES.items():
            for q, filters in queries:
                t0 = time.perf_counter()
                hits += len(store.search(q, limit=20, **filters))
                by_class[cls].append(time.perf_counter() - t0)
                lat.append(by_class[cls][-1])
    equal, unequal = check_equivalence(store)
    tops = top_ids(store)
    paired = paired_normalization(store, rounds, reference) if url.startswith("postgresql") else None
    if explain:
        print_explain(store)
    result: dict[str, Any] = {
        "documents": n_docs,
        "parsed_during_ingest": pstats["parsed"],
        "ingest_s": ingest_s,
        "ingest_docs_per_s": n_docs / ingest_s if ingest_s else None,
        "reingest_docs_per_s": n_docs / reingest_s if reingest_s else None,
        "search_queries": len(lat),
        "search_p50_ms": pct(lat, 0.5) * 1000,
        "search_p95_ms": pct(lat, 0.95) * 1000,
        "search_hits": hits,
        "search_by_class": {
            c: {"p50_ms": pct(v, 0.5) * 1000, "p95_ms": pct(v, 0.95) * 1000} for c, v in by_class.items()
        },
        "ranking_equal": equal,
        "ranking_unequal": unequal,
        "several_word_tops": tops,
        "several_word_normalization": paired,
        "tasks": n_tasks,
        "due_query_s": None,
        "due_rows": None,
        "remind_plan_s": None,
        "reminders": None,
    }
    if not n_tasks:
        store.close()
        return result
    add_tasks(store, n_tasks)
    as_of = dt.date.today()
    t0 = time.perf_counter()
    due = store.obligations(due_before=as_of + dt.timedelta(days=7))
    query_s = time.perf_counter() - t0
    plan_s: float | None = None
    reminders: int | None = None
    try:
        from docintel import remind

        t0 = time.perf_counter()
        reminders = len(remind.plan(store, as_of, "7d"))
        plan_s = time.perf_counter() - t0
    except ImportError:
        pass
    store.close()
    result.update(due_query_s=query_s, due_rows=len(due), remind_plan_s=plan_s, reminders=reminders)
    return result


SEVERAL_WORD_QUERIES = [
    q for cls in ("common word", "phrase") for q, f in QUERY_CLASSES[cls] if not f and len(q.strip('"').split()) > 1
] + ["dinh lap", "hoa don dien tu", "thue gia tri gia tang", "chi cuc thue", "tien thue dat"]


def top_ids(store: Store, k: int = 10) -> dict[str, list[int]]:
    """The first ``k`` document ids of each several-word query (what the other backend is compared with)."""
    return {q: [h.id for h in store.search(q, limit=k, collapse=False)] for q in SEVERAL_WORD_QUERIES}


def paired_normalization(store: Store, rounds: int, reference: dict[str, list[int]] | None) -> dict[str, Any]:
    """PostgreSQL several-word ranking, old (plain ts_rank_cd) and new (normalised), in one run:
    each query is timed under both, alternately, and each top 10 compared with SQLite's (bm25)."""
    from docintel.store import _search

    new = _search.SEVERAL_WORDS_NORMALIZATION
    out: dict[str, Any] = {}
    lat: dict[str, list[float]] = {"old": [], "new": []}
    tops: dict[str, dict[str, list[int]]] = {"old": {}, "new": {}}
    try:
        for r in range(rounds):
            for q in SEVERAL_WORD_QUERIES:
                for name in ("old", "new") if r % 2 == 0 else ("new", "old"):
                    _search.SEVERAL_WORDS_NORMALIZATION = 0 if name == "old" else new
                    t0 = time.perf_counter()
                    hits = store.search(q, limit=20, collapse=False)
                    lat[name].append(time.perf_counter() - t0)
                    tops[name][q] = [h.id for h in hits[:10]]
    finally:
        _search.SEVERAL_WORDS_NORMALIZATION = new
    for name in ("old", "new"):
        out[name] = {"p50_ms": pct(lat[name], 0.5) * 1000, "p95_ms": pct(lat[name], 0.95) * 1000}
        if reference:
            qs = [q for q in SEVERAL_WORD_QUERIES if q in reference]
            out[name]["overlap_at_10"] = sum(len(set(tops[name][q]) & set(reference[q])) for q in qs) / len(qs)
            out[name]["same_first"] = sum(tops[name][q][:1] == reference[q][:1] for q in qs)
            out[name]["queries"] = len(qs)
    return out


def check_equivalence(store: Store, fetch: int = 60) -> tuple[int, list[str]]:
    """Compare :func:`rank` (what search runs) with the plain statement that scores every match.

    For every query of the mix (and the phrase search() runs first for plain words), the best
    ``fetch`` (id, score) must be the same list: ids, order and scores. The order is total
    (score, then id), so ties cannot reorder.
    """
    from docintel.store._search import as_phrase, rank, reference_rank, search_filters

    equal, unequal = 0, []
    with store.read() as conn:
        for q, filters in QUERIES:
            parsed = parse_query(q)
            conds = search_filters(conn, **filters)
            for variant in [parsed, as_phrase(parsed)]:
                if variant is None:
                    continue
                got = rank(conn, variant, conds, fetch)
                want = reference_rank(conn, variant, conds, fetch)
                if got == want:
                    equal += 1
                else:
                    unequal.append(f"{variant.source or q} {filters}: {got[:5]} != {want[:5]}")
    return equal, unequal


def print_explain(store: Store) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the ranking statement(s) for the first query of each class."""
    from sqlalchemy import event

    from docintel.store._search import rank, search_filters

    with store.read() as conn:
        if conn.dialect.name != "postgresql":
            return
        for cls, queries in QUERY_CLASSES.items():
            q, filters = queries[0]
            conds = search_filters(conn, **filters)
            statements: list[tuple[str, Any]] = []

            def capture(*args: Any, into: list[tuple[str, Any]] = statements) -> None:
                into.append((args[2], args[3]))

            event.listen(conn, "before_cursor_execute", capture)
            try:
                rank(conn, parse_query(q), conds, 60)
            finally:
                event.remove(conn, "before_cursor_execute", capture)
            for sql, params in statements:
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                print(f"--- {cls}: {q} {filters}\n{sql}\n{params}", file=sys.stderr)
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + sql, params).scalars()
                print("\n".join(plan), file=sys.stderr)


def stored_documents_or_zero(url: str) -> int:
    try:
        return stored_documents(url)
    except Exception:  # noqa: BLE001 - no archive there yet
        return 0


def reset_pg(url: str) -> None:
    from docintel.store import engine_url

    engine = create_engine(engine_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="documents to ingest")
    ap.add_argument("--tasks", type=int, default=100_000, help="synthetic tasks for the reminder run")
    ap.add_argument("--rounds", type=int, default=5, help="rounds over the query mix")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--pg-url", default=os.environ.get("DOCINTEL_TEST_PG_URL"))
    ap.add_argument(
        "--shared", type=Path, default=Path(os.environ.get("DOCINTEL_SHARED", ROOT.parent / "shared"))
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: search the archive a previous run left in the database (no reset, no ingest)",
    )
    ap.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of the ranking")
    ap.add_argument("--no-autostart", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]

    if (
        "postgres" in backends
        and not args.pg_url
        and not args.no_autostart
        and list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    ):
        script = f'source {ROOT / "scripts/pg-test-server.sh"}; trap cleanup EXIT; "{sys.executable}" "{__file__}" "$@" --no-autostart'
        return subprocess.call(["bash", "-c", "cleanup() { :; }; " + script, "bench_store", *sys.argv[1:]])

    srcs = sources(args.shared)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="docintel-bench-") as tmp:
        folder = Path(tmp) / "docs"
        base = build_folder(folder, srcs, args.n)
        print(f"parsing {len(set(base.values()))} distinct texts once (not timed) …", file=sys.stderr)
        cache = warm(base)
        for b in backends:
            if b == "sqlite":
                url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            elif b == "postgres":
                if not args.pg_url:
                    print(
                        "postgres: skipped (no --pg-url / DOCINTEL_TEST_PG_URL and PostgreSQL is not installed)",
                        file=sys.stderr,
                    )
                    continue
                url = args.pg_url
                if not (args.reuse and stored_documents_or_zero(url)):
                    reset_pg(url)
            else:
                ap.error(f"unknown backend {b}")
            print(f"{b}: ingesting {args.n} documents …", file=sys.stderr)
            reuse = b == "postgres" and args.reuse and stored_documents_or_zero(url) > 0
            reference = results["sqlite"]["several_word_tops"] if "sqlite" in results else None
            results[b] = bench_backend(
                url, folder, base, cache, args.tasks, args.rounds, reuse=reuse, explain=args.explain, reference=reference
            )
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"archive benchmark: {args.n} documents from {len(srcs)} distinct texts ({srcs[0].parent}), {args.tasks} synthetic tasks"
    )
    print("NOTE: parsing is bypassed: each distinct text is parsed once before timing and the result reused for its")
    print("      copies, so 'ingest' is hashing + writing + citation linking (parse speed: scripts/bench_parse.py)")
    names = list(results)
    rows = [
        ("documents stored", "documents", "{:.0f}"),
        ("ingest (docs/s)", "ingest_docs_per_s", "{:.1f}"),
        ("re-ingest, all unchanged (docs/s)", "reingest_docs_per_s", "{:.1f}"),
        ("search p50 (ms)", "search_p50_ms", "{:.1f}"),
        ("search p95 (ms)", "search_p95_ms", "{:.1f}"),
        ("due-tasks query, 7 days (s)", "due_query_s", "{:.2f}"),
        ("  rows", "due_rows", "{:.0f}"),
        ("remind.plan over all tasks (s)", "remind_plan_s", "{:.2f}"),
        ("  reminders", "reminders", "{:.0f}"),
    ]
    print(f"{'':38}" + "".join(f"{n:>14}" for n in names))
    for label, key, fmt in rows:
        cells = [results[n][key] for n in names]
        print(f"{label:38}" + "".join(f"{(fmt.format(c) if c is not None else '—'):>14}" for c in cells))
    print("search by query class, p50 / p95 (ms):")
    for cls in QUERY_CLASSES:
        cells = [results[n]["search_by_class"][cls] for n in names]
        print(f"  {cls:36}" + "".join(f"{c['p50_ms']:>7.1f} /{c['p95_ms']:>5.0f}" for c in cells))
    for n in names:
        paired = results[n].get("several_word_normalization")
        if not paired:
            continue
        print(f"{n}: several-word ranking, plain ts_rank_cd (old) vs normalised (new), paired in one run:")
        for name in ("old", "new"):
            p = paired[name]
            agree = (
                f", top 10 shared with SQLite {p['overlap_at_10']:.2f}, same first hit {p['same_first']}/{p['queries']}"
                if "overlap_at_10" in p
                else ""
            )
            print(f"  {name}: p50 {p['p50_ms']:.1f} ms, p95 {p['p95_ms']:.1f} ms{agree}")
    for n in names:
        total = results[n]["ranking_equal"] + len(results[n]["ranking_unequal"])
        print(f"{n}: top-60 ranking equal to scoring every match: {results[n]['ranking_equal']}/{total}")
        for line in results[n]["ranking_unequal"]:
            print(f"  DIFFERS {line}")
    if any(results[n]["ranking_unequal"] for n in names):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
