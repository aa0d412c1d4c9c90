"""Document type: the type-name line under the header, or the type code in a number symbol.

The table lives in ``rules/doc_types.yaml`` (Decree 30/2020 Appendix III, legal
normative documents, pre-2020 and Party forms).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .._normalise import fold
from .._rules import Rule, load


@dataclass(frozen=True, slots=True)
class DocType:
    abbr: str
    name: str
    rule_id: str
    subject_with_name: bool = False
    legal: bool = False


def _as_type(rule: Rule) -> DocType:
    return DocType(
        abbr=str(rule.get("abbr")),
        name=str(rule.get("name")),
        rule_id=rule.id,
        subject_with_name=bool(rule.get("subject_with_name", False)),
        legal=bool(rule.get("legal", False)),
    )


@cache
def _table() -> tuple[list[tuple[Rule, DocType]], dict[str, DocType], dict[str, DocType]]:
    rf = load("doc_types")
    rules = [(r, _as_type(r)) for r in rf.rules]
    by_code: dict[str, DocType] = {}
    by_name: dict[str, DocType] = {}
    for r, t in rules:
        for c in r.get("codes") or []:
            by_code.setdefault(fold(str(c)), t)
        by_name.setdefault(fold(t.name).replace(" ", ""), t)
    return rules, by_code, by_name


def type_of_line(line: str) -> DocType | None:
    """The type whose name the whole line is (``QUYẾT ĐỊNH``, ``N GHỊ ĐỊNH``), else ``None``."""
    if len(line) > 40:
        return None
    folded = fold(line)
    for rule, t in _table()[0]:
        if any(p.search(folded) for p in rule.patterns):
            return t
    return None


def type_by_name(name: str) -> DocType | None:
    """``"nghị quyết"`` (the word before ``số:`` in ``Nghị quyết số:``) → its type."""
    return _table()[2].get(fold(name).replace(" ", ""))


@cache
def code_guards() -> dict[str, regex.Pattern[str]]:
    """Type code → what must follow it in a symbol for it to name the type (rules/doc_types.yaml
    ``code_guards``: ``CT-TTg`` is a Chỉ thị, ``CT-TTHT`` a Cục Thuế letter); the header and the
    citations read symbols by it."""
    meta = load("doc_types").meta.get("code_guards") or {}
    return {str(k): regex.compile(str(v)) for k, v in meta.items()}


def type_from_symbol(symbol: str | None, party: bool = False) -> DocType | None:
    """The type code at the head of a symbol: ``QĐ-UBND`` → QĐ, ``NĐ-CP`` → NĐ; Party ``BC/BCS`` → BC.

    A code that is also an issuer abbreviation is the type only before the issuer parts its
    guard allows (``CT-TTg`` → CT, but ``CT-TTHT``: a Cục Thuế letter, no type)."""
    if not symbol:
        return None
    head = symbol.split("/")[0] if party else symbol.split("-")[0].split("/")[0]
    t = _table()[1].get(fold(head))
    guard = code_guards().get(t.abbr) if t is not None else None
    if guard is not None and not party:
        rest = symbol[len(head) :].lstrip("-/").split("-")[0].split("/")[0]
        if not guard.fullmatch(fold(rest)):
            return None
    return t


def doc_types() -> list[DocType]:
    """Every type of ``rules/doc_types.yaml`` in table order (a code may stand in several rules)."""
    return [t for _, t in _table()[0]]


def by_abbr(abbr: str) -> DocType | None:
    for _, t in _table()[0]:
        if t.abbr == abbr:
            return t
    return None


__all__ = ["DocType", "by_abbr", "code_guards", "doc_types", "type_by_name", "type_from_symbol", "type_of_line"]
