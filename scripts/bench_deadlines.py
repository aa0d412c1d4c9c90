"""Benchmark the deadline grammar on task-sized pieces of a corpus.

    .venv/bin/python scripts/bench_deadlines.py [DIR ...]   (default: ../shared/corpus/wild)

Cuts each text into sentences/items (the size of a task's text), runs
find_deadline on every piece and prints pieces/second, characters/second and
how many pieces carry a deadline, by rule.
"""

from __future__ import annotations

import collections
import re
import sys
import time
import unicodedata
from pathlib import Path

from docintel._deadlines import find_deadline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "wild"
_CUT = re.compile(r"(?<=[.;])\s+|\n\s*\n|\n(?=\s*(?:\d+\.|[-+•]|[a-z]\))\s)")


def pieces(dirs: list[Path]) -> list[str]:
    out: list[str] = []
    for d in dirs:
        for f in sorted(p for p in d.rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ""}):
            text = unicodedata.normalize("NFC", f.read_text(encoding="utf-8", errors="replace"))
            out += [p for p in _CUT.split(text) if p.strip()]
    return out


def main(argv: list[str]) -> int:
    dirs = [Path(a) for a in argv] or [DEFAULT]
    if not all(d.is_dir() for d in dirs):
        print("no such directory:", ", ".join(str(d) for d in dirs if not d.is_dir()), file=sys.stderr)
        return 2
    ps = pieces(dirs)
    find_deadline("chậm nhất ngày 08/8/2020", doc_date="2020-08-01")  # load and compile the rules
    by_rule: collections.Counter[str] = collections.Counter()
    t0 = time.perf_counter()
    for p in ps:
        dl = find_deadline(p, doc_date="2021-06-15")
        if dl is not None:
            by_rule[dl.rule or "?"] += 1
    dt = time.perf_counter() - t0
    chars = sum(map(len, ps))
    print(f"{len(ps)} pieces, {chars} chars in {dt:.2f}s: {len(ps) / dt:.0f} pieces/s, "
          f"{chars / dt / 1000:.0f} kchar/s, {dt / len(ps) * 1e6:.0f} µs/piece")
    print("deadlines by rule:", ", ".join(f"{k}={v}" for k, v in by_rule.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
