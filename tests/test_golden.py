"""Golden files: the header fields of every ``corpora/*.txt`` against ``tests/golden/NAME.json``.

Regenerate after an intended change with::

    DOCINTEL_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py

and review the diff (``git diff tests/golden``) before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from docintel import parse
from docintel._export import to_contract
from docintel._pipeline import default_pipeline

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
FILES = sorted((ROOT / "corpora").glob("*.txt"))
FIELDS = ("doc_type", "number", "issuer", "place", "date", "subject", "urgency", "type_name", "security")
UPDATE = os.environ.get("DOCINTEL_UPDATE_GOLDEN") == "1"


def header_record(path: Path) -> dict[str, Any]:
    pipe = default_pipeline()
    upto = pipe.names[: pipe.names.index("header") + 1]
    doc = parse(path, pipeline=pipe.without(*[n for n in pipe.names if n not in upto]))
    rec = to_contract(doc)
    out = {k: rec[k] for k in FIELDS}
    if out["number"]:
        out["number"] = {k: out["number"][k] for k in ("text", "seq", "year", "symbol")}
    out["issuer"] = {k: out["issuer"][k] for k in ("name", "parent")}
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden_header(path: Path) -> None:
    got = header_record(path)
    gold = GOLDEN / f"{path.stem}.json"
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        gold.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert gold.exists(), f"no golden file for {path.name}: run with DOCINTEL_UPDATE_GOLDEN=1"
    assert got == json.loads(gold.read_text(encoding="utf-8"))
