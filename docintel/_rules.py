"""Declarative rules: YAML files in ``rules/`` with patterns and ``examples``.

Like reporters-db and dateparser's language data, every rule carries examples,
and :func:`check` verifies them both ways: every pattern matches at least one
example of its rule, every example is matched by at least one pattern of its
rule, and no ``counter_examples`` entry is matched. The loader reports every
problem at once, each with its file and rule id.

File layout::

    schema: docintel.rules/1
    name: deadlines
    description: …
    fold: true            # patterns and examples are matched on fold(text)
    defines:              # macros, used in patterns as {NAME}
      DAY: '\\d{1,2}'
    rules:
      - id: cham-nhat
        patterns: ['cham nhat (?:la )?(?:ngay )?{DAY}']
        examples: ['chậm nhất ngày 08/8/2020']
        counter_examples: []
        …any other keys the stage needs…

Rules with neither ``patterns`` nor examples (pure data, e.g. a gazetteer entry)
are loaded as they are; the stage that uses them tests its own data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml

from ._errors import Errors, RulesError
from ._normalise import fold, nfc

SCHEMA = "docintel.rules/1"
_MACRO = regex.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.VERSION0


@dataclass
class Rule:
    id: str
    data: dict[str, Any]
    patterns: list[regex.Pattern[str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the patterns as written (macros expanded)
    examples: list[Any] = field(default_factory=list)
    counter_examples: list[str] = field(default_factory=list)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def search(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        best: regex.Match[str] | None = None
        for p in self.patterns:
            m = p.search(text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        return best


@dataclass
class RuleFile:
    name: str
    path: Path
    description: str
    fold: bool
    defines: dict[str, str]
    rules: list[Rule]
    meta: dict[str, Any] = field(default_factory=dict)

    def by_id(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def prepare(self, text: str) -> str:
        """The text the patterns run on: folded for ``fold: true`` files, NFC otherwise."""
        return fold(nfc(text)) if self.fold else nfc(text)


def rules_dir() -> Path:
    """Where the rule files are: $DOCINTEL_RULES, the installed package data, or the source tree.

    An installed package holds them as ``docintel/rules/`` (pyproject maps the top-level
    ``rules/`` folder there); an editable install or a checkout reads ``rules/`` itself.
    """
    env = os.environ.get("DOCINTEL_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return here.parent / "rules"


def expand(pattern: str, defines: dict[str, str], _depth: int = 0) -> str:
    """Replace ``{NAME}`` macros by their definitions (recursively, up to 10 levels)."""
    if _depth > 10:
        raise ValueError(Errors.E021)

    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in defines:
            raise KeyError(name)
        return "(?:" + expand(defines[name], defines, _depth + 1) + ")"

    return _MACRO.sub(sub, pattern)


def _example_text(ex: Any) -> str | None:
    if isinstance(ex, str):
        return ex
    if isinstance(ex, dict):
        t = ex.get("text")
        return t if isinstance(t, str) else None
    return None


def parse_file(path: Path) -> tuple[RuleFile, list[str]]:
    """Load one rules file; return it with the list of problems found (may be empty)."""
    problems: list[str] = []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        return RuleFile(path.stem, path, "", False, {}, []), [f"{path.name}: cannot read: {e}"]
    if not isinstance(raw, dict):
        return RuleFile(path.stem, path, "", False, {}, []), [f"{path.name}: top level must be a mapping"]
    if raw.get("schema") != SCHEMA:
        problems.append(f"{path.name}: schema must be '{SCHEMA}'")
    defines = {str(k): str(v) for k, v in (raw.get("defines") or {}).items()}
    is_fold = bool(raw.get("fold", False))
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("rules") or []):
        where = f"{path.name}: rule #{i + 1}"
        if not isinstance(item, dict) or "id" not in item:
            problems.append(f"{where}: needs an 'id'")
            continue
        rid = str(item["id"])
        where = f"{path.name}: rule '{rid}'"
        if rid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(rid)
        rule = Rule(
            id=rid,
            data=item,
            examples=list(item.get("examples") or []),
            counter_examples=[str(x) for x in item.get("counter_examples") or []],
        )
        for j, pat in enumerate(item.get("patterns") or []):
            try:
                src = expand(str(pat), defines)
                rule.patterns.append(regex.compile(src, _FLAGS))
                rule.sources.append(src)
            except KeyError as e:
                problems.append(f"{where}: pattern {j + 1}: unknown macro {{{e.args[0]}}}")
            except (regex.error, ValueError) as e:
                problems.append(f"{where}: pattern {j + 1}: {e}")
        rules.append(rule)
    rf = RuleFile(
        name=str(raw.get("name") or path.stem),
        path=path,
        description=str(raw.get("description") or ""),
        fold=is_fold,
        defines=defines,
        rules=rules,
        meta={k: v for k, v in raw.items() if k not in {"rules", "defines"}},
    )
    return rf, problems


def check(rf: RuleFile) -> list[str]:
    """Examples both ways: each pattern matches an example; each example is matched."""
    problems: list[str] = []
    for rule in rf.rules:
        where = f"{rf.path.name}: rule '{rule.id}'"
        if not rule.patterns:
            continue
        texts = [t for t in (_example_text(e) for e in rule.examples) if t is not None]
        if not texts:
            problems.append(f"{where}: has patterns but no examples")
            continue
        prepared = [rf.prepare(t) for t in texts]
        for j, p in enumerate(rule.patterns):
            if not any(p.search(t) for t in prepared):
                problems.append(f"{where}: pattern {j + 1} matches none of its examples")
        for t, pt in zip(texts, prepared, strict=True):
            if not any(p.search(pt) for p in rule.patterns):
                problems.append(f"{where}: example {t!r} is matched by none of its patterns")
        for c in rule.counter_examples:
            pc = rf.prepare(c)
            if any(p.search(pc) for p in rule.patterns):
                problems.append(f"{where}: counter-example {c!r} is matched")
    return problems


@cache
def load(name: str) -> RuleFile:
    """Load ``rules/NAME.yaml``; raise :class:`RulesError` listing every problem."""
    path = rules_dir() / f"{name}.yaml"
    if not path.is_file():
        raise RulesError(Errors.E020.format(file=path, problems="file not found"))
    rf, problems = parse_file(path)
    if problems:
        raise RulesError(Errors.E020.format(file=path, problems="; ".join(problems)))
    return rf


def all_rule_files() -> list[Path]:
    return sorted(rules_dir().glob("*.yaml"))


__all__ = ["Rule", "RuleFile", "all_rule_files", "check", "expand", "load", "parse_file", "rules_dir"]
