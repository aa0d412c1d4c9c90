#!/usr/bin/env python3
"""Mine `mode: phrase` rules for rules/ocr_markers.yaml from text that was never OCR'd.

A phrase rule gives a dispatch phrase its marks back after OCR ("xét đê nghị" → "xét đề
nghị"): every span whose letters without marks (:func:`docintel._normalise.fold`) are the
phrase's is rewritten to the phrase. Such a rule is worth having, and safe, when

1. the phrase is frequent in dispatches: at least ``--min-docs`` documents of at least
   ``--min-sources`` of the sub-corpora (so it is the language of dispatches, not one
   document's topic), and at least ``--min-count`` occurrences (rule of three: with n
   occurrences and no other reading seen, the other readings' share is below 3/n at 95 %);
2. it is the reading of its letters: every other reading with the same fold (another
   phrase, or OCR noise in the population) is at most ``--max-other`` of the group, so the
   rule can almost never damage right text; and
3. one of its syllables has a look-alike Tesseract makes that the syllable repair of
   docintel.ocr._correct leaves wrong: a syllable of the same letters within
   ``--max-cost`` of the price ``_correct._mark_cost`` gives OCR's mark slips (a tone lost,
   added or changed, a hat dropped, d/đ), for which ``repair_syllable`` does not give the
   phrase's syllable back (it is a valid syllable itself, "câu" for cầu, or ambiguous), and
   the phrase with that look-alike is absent from the population (``--max-variant``).

A three-syllable phrase is kept only when its look-alike is not already covered by a kept
two-syllable phrase inside it. The population is the text layers and text files that ship
with ../shared: corpus/wild (tax letters), corpus/vbpl/dev.jsonl (legal documents),
corpus/dev, and the text layers of the born-digital PDFs of corpus/pdf (scans excluded).
``--exclude`` drops sources by substring, to check that a selection does not depend on the
pages an evaluation reads (``--exclude congbao,hanoi`` leaves out the synthetic OCR set's
sources).

    python scripts/mine_ocr_phrases.py                 # the table of chosen phrases
    python scripts/mine_ocr_phrases.py --yaml          # as rules for rules/ocr_markers.yaml
    python scripts/mine_ocr_phrases.py --exclude congbao,hanoi --max-other 0.01
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex

from docintel._lexicon import syllables, word_list
from docintel._normalise import fix_tone_placement, fold, nfc, normalise_text
from docintel.ocr._correct import _by_fold, _mark_cost, _marks, _slip_cost, repair_syllable

ROOT = Path(__file__).resolve().parents[1]
_RUN = regex.compile(r"[\p{L}\p{M}]+(?:[ \t]+[\p{L}\p{M}]+)*")  # words between punctuation, on one line


def documents(shared: Path) -> Iterator[tuple[str, str, str]]:
    """(sub-corpus, name, text) of every text of the population."""
    corpus = shared / "corpus"
    for sub in ("wild", "dev"):
        for p in sorted((corpus / sub).glob("*.txt")):
            yield sub, f"{sub}/{p.name}", p.read_text(encoding="utf-8")
    vbpl = corpus / "vbpl" / "dev.jsonl"
    if vbpl.is_file():
        for line in vbpl.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                yield "vbpl", f"vbpl/{r['id']}", r["text"]
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return
    for p in sorted((corpus / "pdf").glob("*.pdf")):
        if p.name.startswith("scan-"):
            continue  # the scans are what the rules are measured on
        pdf = pdfium.PdfDocument(str(p))
        text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        pdf.close()
        yield "pdf", f"pdf/{p.name}", text


def runs(text: str) -> Iterator[list[str]]:
    """Lower-case syllable runs of ``text``: letters between punctuation, digits and line ends."""
    for line in normalise_text(text).lower().splitlines():
        for m in _RUN.finditer(line):
            yield m.group().split()


CLEAN = ("vbpl", "pdf", "dev")  # born-digital text; corpus/wild and the tax letters of corpus/dev carry OCR noise


def kind(sub: str, name: str) -> str:
    """"clean" (born-digital text: what the language writes) or "noisy" (letters that went through OCR)."""
    return "clean" if sub in CLEAN and "/tax" not in name else "noisy"


@dataclass
class Counts:
    n: Counter[tuple[str, ...]] = field(default_factory=Counter)  # every source
    clean: Counter[tuple[str, ...]] = field(default_factory=Counter)  # born-digital sources only
    docs: dict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    subs: dict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    by_fold: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(set))

    def group(self, g: tuple[str, ...], counter: Counter[tuple[str, ...]]) -> Counter[tuple[str, ...]]:
        """The readings of ``g``'s letters with their counts in ``counter``."""
        return Counter({r: counter[r] for r in self.by_fold[tuple(fold(w) for w in g)] if counter[r]})


def count(shared: Path, exclude: list[str], sizes: tuple[int, ...] = (2, 3)) -> tuple[Counts, Counter[str]]:
    c = Counts()
    per_sub: Counter[str] = Counter()
    for sub, name, text in documents(shared):
        if any(x in name for x in exclude):
            continue
        clean = kind(sub, name) == "clean"
        per_sub[sub + ("" if clean else "(noisy)")] += 1
        for words in runs(text):
            for k in sizes:
                for i in range(len(words) - k + 1):
                    g = tuple(words[i : i + k])
                    c.n[g] += 1
                    if clean:
                        c.clean[g] += 1
                    c.docs[g].add(name)
                    c.subs[g].add(sub)
                    c.by_fold[tuple(fold(w) for w in g)].add(g)
    return c, per_sub


@dataclass
class Candidate:
    phrase: tuple[str, ...]
    count: int  # occurrences in born-digital text
    docs: int  # documents (all sources) holding the phrase
    sources: int
    other: int  # born-digital occurrences of other readings of the same letters
    slips: list[tuple[int, str, int]]  # (position, look-alike syllable, times OCR'd letters show it)

    @property
    def text(self) -> str:
        return " ".join(self.phrase)


def slips_of(phrase: tuple[str, ...], c: Counts, max_cost: int, max_variant: int) -> list[tuple[int, str, int]]:
    """The look-alikes of the phrase's syllables that OCR makes (priced within ``max_cost``), the
    syllable repair leaves wrong, and born-digital text does not write in the phrase's place,
    each with how often the OCR'd letters of the population show it."""
    table = _by_fold()
    valid = syllables()
    out = []
    for i, syl in enumerate(phrase):
        want = _marks(syl)
        if want is None or syl not in valid:
            return []  # a phrase with a non-syllable is no phrase of the language
        for alt, marks in table.get(fold(syl), []):
            if alt == syl or len(alt) != len(syl) or fix_tone_placement(alt) == syl:
                continue  # the same syllable in the old tone placement ("uỷ" for ủy) is no slip
            if _mark_cost(marks, want) > max_cost or repair_syllable(alt) == syl:
                continue  # no slip OCR makes, or one the syllable repair gives back already
            variant = phrase[:i] + (alt,) + phrase[i + 1 :]
            if c.clean[variant] <= max_variant:
                out.append((i, alt, c.n[variant] - c.clean[variant]))
    return out


@cache
def words() -> frozenset[tuple[str, ...]]:
    """The words of underthesea's Viet74K list (the lexicon docintel._lexicon reads), as syllable tuples."""
    text = nfc(word_list()).lower().replace("-", " ")
    return frozenset(tuple(fix_tone_placement(line).split()) for line in text.splitlines() if line.strip())


def _within(read: str, canon: str, max_cost: int) -> bool:
    if fix_tone_placement(read) == canon:
        return False  # the same words in the old tone placement: the rule leaves them
    cost = _slip_cost(read, canon)
    return cost is not None and cost <= max_cost


def mine(c: Counts, a: argparse.Namespace) -> list[Candidate]:
    chosen: list[Candidate] = []
    lexicon = words()
    lex_by_fold: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for w in lexicon:
        lex_by_fold[tuple(fold(x) for x in w)].add(w)
    for g, n in c.clean.most_common():
        if n < a.min_count:
            break
        if g not in lexicon or any(len(w) < 2 for w in g):
            continue  # a word of the dictionary, not two words side by side ("tại kho", "của đơn")
        if len(c.docs[g]) < a.min_docs or len(c.subs[g]) < a.min_sources:
            continue  # one document's or one collection's topic
        key = tuple(fold(w) for w in g)
        text = " ".join(g)
        # the readings the rule would rewrite: one slip away (docintel.ocr._correct._slip_cost)
        near = {r for r in c.by_fold[key] | lex_by_fold[key] if r != g and _within(" ".join(r), text, a.max_cost)}
        other = sum(c.clean[r] for r in near)
        if other > a.max_other * n:
            continue  # born-digital text writes these letters otherwise too ("để nghị quyết")
        if near & lex_by_fold[key]:
            continue  # another word of the dictionary is a slip away ("chuyên quyền" of chuyển quyền)
        slips = slips_of(g, c, a.max_cost, a.max_variant)
        if slips:
            chosen.append(Candidate(g, n, len(c.docs[g]), len(c.subs[g]), other, slips))
    chosen.sort(key=lambda x: (len(x.phrase), -x.count))
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--min-count", type=int, default=100, help="born-digital occurrences (rule of three: a look-alike never seen is < 3%% at 95%%)")
    ap.add_argument("--min-docs", type=int, default=10, help="documents the phrase occurs in")
    ap.add_argument("--min-sources", type=int, default=2, help="sub-corpora (wild, vbpl, dev, pdf) it occurs in")
    ap.add_argument("--max-other", type=float, default=0.005, help="born-digital readings one slip away, per occurrence of the phrase")
    ap.add_argument("--max-cost", type=int, default=2, help="mark-slip price (docintel.ocr._correct._mark_cost)")
    ap.add_argument("--max-variant", type=int, default=0, help="occurrences of the look-alike phrase allowed")
    ap.add_argument("--exclude", default="", help="comma list of substrings of source names to leave out")
    ap.add_argument("--yaml", action="store_true", help="print rules for rules/ocr_markers.yaml")
    a = ap.parse_args(argv)
    if not (a.shared / "corpus").is_dir():
        print(f"no {a.shared / 'corpus'}", file=sys.stderr)
        return 2
    exclude = [x for x in a.exclude.split(",") if x]
    c, per_sub = count(a.shared, exclude)
    chosen = mine(c, a)
    if a.yaml:
        from docintel._rules import load

        hand = {fold(str(r.get("canonical"))) for r in load("ocr_markers").rules
                if r.get("mode") == "phrase" and r.get("max_cost") is None}
        for x in chosen:
            if fold(x.text) in hand:
                continue  # a hand-made rule repairs every reading of these letters already
            seen = sorted(x.slips, key=lambda s: -s[2])
            ex = [" ".join(x.phrase[:i] + (alt,) + x.phrase[i + 1 :]) for i, alt, _ in seen[:3]]
            rid = "pm-" + "-".join(fold(w) for w in x.phrase)  # pm-: phrase, mined
            print(f"  - {{id: {rid}, mode: phrase, max_cost: {a.max_cost}, canonical: {x.text}, "
                  f"examples: {json.dumps(ex, ensure_ascii=False)}}}")
        return 0
    print("population: " + ", ".join(f"{k} {v}" for k, v in sorted(per_sub.items())) + f" documents (excluded: {exclude or '-'})")
    print(f"{'phrase':26} {'count':>6} {'docs':>5} {'src':>3} {'other':>5}  look-alikes repaired")
    for x in chosen:
        print(f"{x.text:26} {x.count:6d} {x.docs:5d} {x.sources:3d} {x.other:5d}  "
              + ", ".join(f"{' '.join(x.phrase[:i] + (alt,) + x.phrase[i + 1:])}" + (f" ({k})" if k else "")
                             for i, alt, k in sorted(x.slips, key=lambda s: -s[2])))
    print(f"{len(chosen)} phrases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
