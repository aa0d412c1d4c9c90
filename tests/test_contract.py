"""Every parse record validates against the shared docintel.parse/1 JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPORA, SHARED, shared_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docintel import parse, parse_text, to_contract

jsonschema = pytest.importorskip("jsonschema")

FILES = sorted(p for p in CORPORA.iterdir() if p.suffix in {".txt", ".docx", ".pdf"})


def validator() -> object:
    schema = json.loads(shared_path("contract", "parse.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpora_records_follow_the_contract(path: Path) -> None:
    v = validator()
    record = to_contract(parse(path))
    errors = sorted(v.iter_errors(record), key=lambda e: list(e.path))  # type: ignore[attr-defined]
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    json.dumps(record, ensure_ascii=False)  # serialisable


def test_dev_records_follow_the_contract() -> None:
    v = validator()
    for path in sorted(shared_path("corpus", "dev").glob("*.txt")):
        record = to_contract(parse(path))
        errors = list(v.iter_errors(record))  # type: ignore[attr-defined]
        assert not errors, f"{path.name}: " + "; ".join(e.message for e in errors)


TOKENS = ["Số:", " ", "/", "-", ".", "\n", "12", "2020", "QĐ-UBND", "UBND tỉnh", "ngày", "tháng", "năm", "V/v",
          "Kính gửi:", "Nơi nhận:", "- Như trên;", "KT. GIÁM ĐỐC", "Điều 3.", "1.", "a)", "Sở Y tế", "chậm nhất",
          "hằng tháng", "Công văn số", "của", "Nguyễn Văn A"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=120).map("".join))
def test_any_text_gives_a_valid_record(text: str) -> None:
    schema_path = SHARED / "contract" / "parse.schema.json"
    if not schema_path.exists():
        pytest.skip("../shared not available")
    v = jsonschema.Draft202012Validator(json.loads(schema_path.read_text(encoding="utf-8")))
    record = to_contract(parse_text(text))
    errors = list(v.iter_errors(record))
    assert not errors, "; ".join(e.message for e in errors)
