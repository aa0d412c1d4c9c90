"""Issue 2: the same dispatch read from .txt, .docx and .pdf gives the same header fields.

The .docx and .pdf renderings of each seed are made by ``scripts/make_fixtures.py``
(header as two side-by-side columns, Nơi nhận beside the signature). They are compared
with the .txt parse, not with hard-coded values, so the test checks the readers, not the
extractors.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docintel import default_pipeline, parse, to_contract
from docintel._normalise import fold_key

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEEDS = sorted(p.stem for p in CORPORA.glob("*.txt") if p.with_suffix(".pdf").exists() and p.with_suffix(".docx").exists())
FIELDS = ["doc_type", "number", "issuer", "place", "date", "subject", "urgency", "recipients", "signer"]
# tasks and citations do not bear on the header; leave them out to keep the test fast
PIPELINE = default_pipeline().without("tasks", "citations")


def _key(field: str, value: Any) -> Any:
    """Comparable form: names compared as fold_key (case and tone placement free)."""
    if value is None:
        return None
    if field == "number":
        return value.get("text")
    if field == "issuer":
        return (fold_key(value.get("name") or ""), fold_key(value.get("parent") or ""))
    if field == "recipients":
        return sorted((fold_key(r["name"]), r["role"]) for r in value)
    if field == "signer":
        return tuple(fold_key(value.get(k) or "") for k in ("name", "title", "authority", "for"))
    if isinstance(value, str):
        return fold_key(value)
    return value


@pytest.fixture(scope="module")
def txt_records() -> dict[str, dict[str, Any]]:
    return {s: to_contract(parse(CORPORA / f"{s}.txt", pipeline=PIPELINE)) for s in SEEDS}


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("seed", SEEDS)
def test_issue2_same_header_fields_in_every_format(seed: str, suffix: str, txt_records: dict[str, dict[str, Any]]) -> None:
    expected = txt_records[seed]
    got = to_contract(parse(CORPORA / f"{seed}{suffix}", pipeline=PIPELINE))
    assert got["source"]["format"] == suffix[1:]
    diffs = {f: (_key(f, got[f]), _key(f, expected[f])) for f in FIELDS if _key(f, got[f]) != _key(f, expected[f])}
    assert not diffs, f"{seed}{suffix} differs from the .txt parse: {diffs}"
