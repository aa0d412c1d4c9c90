"""Resolve a citation to a stored document (a replaceable callable).

:func:`resolve_citation` takes one :class:`~docintel._model.Citation` and the stored
documents that might be meant (:class:`Candidate`, prefiltered by the store with
:func:`candidate_key`) and returns a :class:`Link`:

* **exact** — the same normalised number (running number, year, symbol): confidence 1.0;
  two stored documents with that number and nothing to tell them apart → nothing.
* **blank number** — e-signed or unnumbered copies keep their number blank
  (``Số: /VP-KGVX``, date ``2020-08``). They are matched by symbol, issuer, the
  citation's date falling inside the candidate's reduced-precision date, and the
  similarity of the subjects (rapidfuzz over :func:`fold_key`), each signal kept in
  ``evidence``; below ``threshold`` → ``target_id=None`` (an external node).
* **partial number** — ``Nghị định số 117`` matches a stored document with that
  running number and type, scored like a blank number.

Ambiguity resolves to nothing: when two candidates score within ``margin`` of each
other, no link is made (``method="ambiguous"``). Pass your own callable with the same
signature to the store to change the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import regex
from rapidfuzz import fuzz

from ._model import Citation
from ._normalise import fold, fold_key, nfc

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")

# weights of the signals of a blank-number match (they add up to 1)
WEIGHTS = {"symbol": 0.35, "date": 0.25, "subject": 0.30, "issuer": 0.10}


@dataclass
class Candidate:
    """A stored document, as the resolver sees it."""

    doc_id: str
    doc_type: str | None = None
    number_text: str | None = None
    seq: int | None = None
    year: int | None = None
    symbol: str | None = None
    issuer: str | None = None
    date: str | None = None  # ISO, possibly reduced precision (2020-08)
    subject: str | None = None


@dataclass
class Link:
    """Where a citation points: a stored document id, or ``None`` (an external document)."""

    target_id: str | None
    confidence: float
    method: str  # exact | blank-number | partial-number | ambiguous | none
    evidence: dict[str, Any] = field(default_factory=dict)


Resolver = Callable[..., Link]


def symbol_key(symbol: str | None) -> str | None:
    """``"VP - KGVX"`` → ``"vp-kgvx"``; ``"NĐ-CP"`` → ``"nd-cp"``."""
    if not symbol:
        return None
    s = regex.sub(r"\s+", "", nfc(symbol)).translate(DASHES)
    return fold(s).strip("-/.;:,") or None


def number_key(number: str | None) -> str | None:
    if not number:
        return None
    return fold(regex.sub(r"\s+", "", nfc(number)).translate(DASHES)).strip("-/.;:,") or None


def candidate_key(citation: Citation) -> tuple[str | None, int | None, int | None]:
    """(symbol key, running number, year) — what the store indexes candidates by."""
    return symbol_key(citation.symbol), citation.seq, citation.year


def as_candidate(obj: Any) -> Candidate:
    """A :class:`Candidate` from any row-like object or mapping (the store's own candidate
    rows name their fields ``id``/``number``; ours ``doc_id``/``number_text``)."""
    if isinstance(obj, Candidate):
        return obj

    def get(*names: str) -> Any:
        for n in names:
            v = obj.get(n) if isinstance(obj, dict) else getattr(obj, n, None)
            if v is not None:
                return v
        return None

    issuer = get("issuer", "issuer_name")
    parent = get("issuer_parent")
    if issuer and parent and fold_key(parent) not in fold_key(issuer):
        issuer = f"{issuer} {parent}"
    return Candidate(
        doc_id=str(get("doc_id", "id", "document_id")),
        doc_type=get("doc_type"),
        number_text=get("number_text", "number"),
        seq=get("seq", "number_seq"),
        year=get("year", "number_year"),
        symbol=get("symbol", "number_symbol"),
        issuer=issuer,
        date=get("date"),
        subject=get("subject"),
    )


def _date_signal(cited: str | None, stored: str | None) -> tuple[float | None, str]:
    """1.0 when the cited date falls inside the stored (possibly reduced) date; 0.0 when
    they disagree; None when either is unknown."""
    if not cited or not stored:
        return None, "unknown"
    if cited == stored:
        return 1.0, "equal"
    if cited.startswith(stored) or stored.startswith(cited):
        return 1.0, f"within {stored}"
    return 0.0, "differs"


def _issuer_signal(cited: str | None, stored: str | None) -> tuple[float | None, str]:
    if not cited or not stored:
        return None, "unknown"
    try:  # the agency registry knows that "Văn phòng UBND tỉnh" = "VĂN PHÒNG UBND TỈNH LẠNG SƠN"
        from ._agencies import lookup

        a, b = lookup(cited), lookup(stored)
        if a is not None and b is not None and a.agency is not None and b.agency is not None:
            ida = (a.agency.base or a.agency.id).split("@")[0]
            idb = (b.agency.base or b.agency.id).split("@")[0]
            if ida == idb:
                return 1.0, f"registry {ida}"
    except Exception:  # noqa: BLE001 - the registry is optional here
        pass
    score = fuzz.token_set_ratio(fold_key(cited), fold_key(stored)) / 100.0
    return score, f"fuzzy {score:.2f}"


def _subject_signal(cited: str | None, stored: str | None) -> tuple[float | None, str]:
    if not cited or not stored:
        return None, "unknown"
    a = regex.sub(r"^(?:v/v|ve viec)\s*", "", fold_key(cited))
    b = regex.sub(r"^(?:v/v|ve viec)\s*", "", fold_key(stored))
    score = max(fuzz.ratio(a, b), fuzz.token_set_ratio(a, b) * 0.95) / 100.0
    return score, f"fuzzy {score:.2f}"


def _score_fuzzy(citation: Citation, cand: Candidate, *, partial: bool) -> tuple[float, dict[str, Any]]:
    ev: dict[str, Any] = {}
    total = 0.0
    if partial:
        ok = cand.seq == citation.seq and (citation.doc_type is None or cand.doc_type == citation.doc_type)
        ev["number"] = {"score": 1.0 if ok else 0.0, "how": f"running number {citation.seq}"}
        if not ok:
            return 0.0, ev
        total += WEIGHTS["symbol"]
    else:
        sk, ck = symbol_key(citation.symbol), symbol_key(cand.symbol)
        ok = bool(sk and ck and sk == ck)
        ev["symbol"] = {"score": 1.0 if ok else 0.0, "cited": citation.symbol, "stored": cand.symbol}
        if not ok:
            return 0.0, ev
        total += WEIGHTS["symbol"]
    if citation.year and cand.date and not cand.date.startswith(str(citation.year)):
        ev["year"] = {"score": 0.0, "cited": citation.year, "stored": cand.date}
        return 0.0, ev
    for name, fn, cited, stored in (
        ("date", _date_signal, citation.date, cand.date),
        ("subject", _subject_signal, citation.subject, cand.subject),
        ("issuer", _issuer_signal, citation.issuer, cand.issuer),
    ):
        s, how = fn(cited, stored)
        ev[name] = {"score": s, "how": how, "cited": cited, "stored": stored}
        if s is None:
            total += WEIGHTS[name] * (0.5 if name == "issuer" else 0.0)
        elif name == "date" and s == 0.0:
            return 0.0, ev  # a different date is a different document
        else:
            # a text similarity counts from 0.5 up: two unrelated subjects share half their words
            gain = s if name == "date" else max(0.0, (s - 0.5) / 0.5)
            total += WEIGHTS[name] * gain
    if citation.doc_type and cand.doc_type and citation.doc_type != cand.doc_type:
        total *= 0.8
        ev["doc_type"] = {"score": 0.0, "cited": citation.doc_type, "stored": cand.doc_type}
    return round(total, 4), ev


def dispatch_key(
    doc_type: str | None,
    number: str | None,
    date: str | None,
    issuer: str | None,
    subject: str | None,
    signer: str | None = None,
) -> tuple[Any, ...] | None:
    """What makes stored files copies of one dispatch (its .txt, .docx and .pdf, a re-scan): type,
    number, date, issuer and subject; ``None`` when too little is known to say (no subject, or
    neither number nor date). When the number has no digits (OCR lost it, an e-signed
    "Số: /BCĐ-SYT") and the date is not a whole day (only a year or month survived), those say
    little: the signer's name joins the key, so two 2018 letters of Cục Thuế TP.HCM, both "V/v
    thuế thu nhập cá nhân", signed by different people (or one unsigned), are two dispatches,
    while the .txt, .docx and .pdf of one (the same parse) stay one. Search, ``show``, the
    incoming register and the citation graph all fold copies by it."""
    subj = fold_key(subject or "")
    num = fold_key(number or "")
    if not (subj and (num or date)):
        return None
    key = (doc_type, num, date, fold_key(issuer or ""), subj)
    if any(c.isdigit() for c in num) or (date and len(str(date)) == 10):
        return key
    return (*key, fold_key(signer or ""))


def same_dispatch(a: Candidate, b: Candidate) -> bool:
    """Two stored files of one dispatch (its .txt, .docx and .pdf, or a re-scan): same
    number, symbol, date and issuer, and the same subject up to punctuation. Copies are
    one target, never rivals."""
    if (number_key(a.number_text), symbol_key(a.symbol), a.date) != (number_key(b.number_text), symbol_key(b.symbol), b.date):
        return False
    if fold_key(a.issuer or "") != fold_key(b.issuer or ""):
        return False
    sa, sb = fold_key(a.subject or ""), fold_key(b.subject or "")
    return sa == sb or (bool(sa) and bool(sb) and fuzz.ratio(sa, sb) >= 95)


def _first_of_copies(cands: list[Candidate]) -> tuple[Candidate, list[str]] | None:
    """The earliest-stored candidate when all are copies of one dispatch, with the others' ids."""
    if not cands:
        return None
    ordered = sorted(cands, key=lambda c: (len(c.doc_id), c.doc_id))
    head = ordered[0]
    if all(same_dispatch(head, c) for c in ordered[1:]):
        return head, sorted({c.doc_id for c in ordered[1:] if c.doc_id != head.doc_id})
    return None


def resolve_citation(
    citation: Citation,
    candidates: Iterable[Candidate],
    *,
    citing_date: str | None = None,
    threshold: float = 0.75,
    margin: float = 0.05,
) -> Link:
    """The stored document a citation points to, or an external :class:`Link` (see module doc)."""
    cands = [as_candidate(c) for c in candidates]
    if citing_date:  # a document cannot cite one written after it
        cands = [c for c in cands if not c.date or c.date[: len(citing_date)] <= citing_date[: len(c.date)]]
    key = number_key(citation.number)
    partial = citation.number.isdigit()

    if key and not partial:
        exact = [c for c in cands if c.seq is not None and number_key(c.number_text) == key]
        ids = sorted({c.doc_id for c in exact})
        if len(ids) == 1:
            return Link(ids[0], 1.0, "exact", {"number": {"score": 1.0, "cited": citation.number}})
        if len(ids) > 1:
            dated = sorted({c.doc_id for c in exact if citation.date and c.date == citation.date})
            if len(dated) == 1:
                return Link(dated[0], 1.0, "exact", {"number": {"score": 1.0}, "date": {"score": 1.0}})
            copies = _first_of_copies(exact)
            if copies:
                head, others = copies
                return Link(head.doc_id, 1.0, "exact", {"number": {"score": 1.0, "cited": citation.number}, "copies": others})
            return Link(None, 0.0, "ambiguous", {"candidates": ids})

    scored: list[tuple[float, Candidate, dict[str, Any]]] = []
    near_miss: dict[str, Any] | None = None
    for c in cands:
        if partial and c.seq is None:
            continue
        if not partial and c.seq is not None:
            continue  # numbered documents are only matched exactly
        s, ev = _score_fuzzy(citation, c, partial=partial)
        if s > 0:
            scored.append((s, c, ev))
        elif near_miss is None and any(v.get("score") == 1.0 for v in ev.values() if isinstance(v, dict)):
            near_miss = {"best": c.doc_id, **ev}  # same symbol, but a signal ruled it out: keep why
    if not scored:
        return Link(None, 0.0, "none", near_miss or {})
    scored.sort(key=lambda x: -x[0])
    best, cand, ev = scored[0]
    method = "partial-number" if partial else "blank-number"
    if best < threshold:
        return Link(None, best, "none", {"best": cand.doc_id, "method": method, **ev})
    close = [c for s, c, _ in scored[1:] if c.doc_id != cand.doc_id and best - s < margin]
    copies = _first_of_copies([cand, *close])
    if close and copies is None:
        return Link(None, best, "ambiguous", {"candidates": [cand.doc_id, *(c.doc_id for c in close)], **ev})
    if copies:
        head, others = copies
        if others:
            return Link(head.doc_id, best, method, {**ev, "copies": others})
    return Link(cand.doc_id, best, method, ev)


__all__ = [
    "WEIGHTS",
    "Candidate",
    "Link",
    "Resolver",
    "as_candidate",
    "candidate_key",
    "dispatch_key",
    "number_key",
    "resolve_citation",
    "same_dispatch",
    "symbol_key",
]
