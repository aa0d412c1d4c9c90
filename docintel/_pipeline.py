"""The named, ordered pipeline of parse steps (spaCy-style).

A step is a callable ``step(doc: Document) -> None`` that reads what earlier
steps put on the document and adds its own fields. Steps are referenced by
name, so a caller can drop one (``default_pipeline().without("tasks")``),
replace one, or time each one (``run(doc, timed=True)`` fills ``doc.timings``).

Order follows the data: normalise → clean (page markers, running headers, stamps) →
segment (header, title, Kính gửi, body) → footer (Nơi nhận, signature) → header fields →
recipients → signer → tasks → citations.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ._errors import Errors
from ._model import Document

Step = Callable[[Document], None]

# name → "module:function" (imported on first use)
DEFAULT_STEPS: list[tuple[str, str]] = [
    ("normalise", "docintel._steps:normalise_step"),
    ("clean", "docintel._clean:clean"),
    ("segment", "docintel._segment:segment"),
    ("footer", "docintel._footer:split_footer"),
    ("header", "docintel.fields._header:extract_header"),
    ("recipients", "docintel.fields._recipients:extract_recipients"),
    ("signer", "docintel.fields._signer:extract_signer"),
    ("tasks", "docintel.tasks:extract_tasks"),
    ("citations", "docintel._citations:extract_citations"),
    ("ocr_review", "docintel.ocr._review:review_ocr"),
]


def _resolve(ref: str) -> Step:
    module, _, attr = ref.partition(":")
    fn = getattr(importlib.import_module(module), attr)
    if not callable(fn):
        raise TypeError(Errors.E022.format(ref=ref))
    return fn  # type: ignore[no-any-return,unused-ignore]


@dataclass
class Pipeline:
    steps: list[tuple[str, Step]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.steps]

    def without(self, *names: str) -> Pipeline:
        return Pipeline([(n, s) for n, s in self.steps if n not in names])

    def replace(self, name: str, step: Step) -> Pipeline:
        if name not in self.names:
            raise KeyError(name)
        return Pipeline([(n, step if n == name else s) for n, s in self.steps])

    def add(self, name: str, step: Step, *, after: str | None = None) -> Pipeline:
        steps = list(self.steps)
        idx = len(steps) if after is None else self.names.index(after) + 1
        steps.insert(idx, (name, step))
        return Pipeline(steps)

    def run(self, doc: Document, *, timed: bool = False) -> Document:
        for name, step in self.steps:
            if timed:
                t0 = time.perf_counter()
                step(doc)
                doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - t0
            else:
                step(doc)
        return doc


def build(steps: Iterable[tuple[str, str]]) -> Pipeline:
    return Pipeline([(name, _resolve(ref)) for name, ref in steps])


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = build(DEFAULT_STEPS)
    return _DEFAULT


__all__ = ["DEFAULT_STEPS", "Pipeline", "Step", "build", "default_pipeline"]
