"""Every rules file loads, and its examples are checked both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from docintel._rules import all_rule_files, check, parse_file

FILES = all_rule_files()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_rules_file_examples_both_ways(path: Path) -> None:
    rf, problems = parse_file(path)
    problems += check(rf)
    assert not problems, "\n".join(problems)


def test_loader_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: docintel.rules/1\nname: bad\nrules:\n"
        "  - id: a\n    patterns: ['abc', '(unclosed']\n    examples: ['abc']\n"
        "  - id: a\n    patterns: ['{NOPE}x']\n    examples: ['x']\n"
        "  - id: b\n    patterns: ['zzz']\n    examples: ['yyy']\n    counter_examples: []\n",
        encoding="utf-8",
    )
    rf, problems = parse_file(bad)
    problems += check(rf)
    text = "\n".join(problems)
    assert "rule 'a': pattern 2" in text
    assert "duplicate id" in text
    assert "unknown macro {NOPE}" in text
    assert "rule 'b': pattern 1 matches none" in text
    assert "example 'yyy' is matched by none" in text
    assert all(p.startswith("bad.yaml") for p in problems)
