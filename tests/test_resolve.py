"""Resolving a citation to a stored document (docintel._resolve)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from docintel._model import Citation
from docintel._resolve import Candidate, as_candidate, candidate_key, resolve_citation, symbol_key

SUBJECT = "tăng cường các biện pháp phòng, chống dịch COVID-19 và rà soát người về từ vùng dịch"


def cit(number: str, **kw: object) -> Citation:
    parts = number.split("/")
    seq = int(parts[0]) if parts[0].isdigit() else None
    symbol = "/".join(parts[1:]) or None
    year = None
    if symbol and symbol.split("/")[0].isdigit():
        year = int(symbol.split("/")[0])
        symbol = "/".join(symbol.split("/")[1:])
    return Citation(text=number, number=number, seq=seq, year=year, symbol=symbol, **kw)  # type: ignore[arg-type]


BLANK_001 = Candidate("001", "CV", "/VP-KGVX", None, None, "VP-KGVX", None, "2020-08", SUBJECT)
NUMBERED = Candidate("9", "QĐ", "1473/QĐ-UBND", 1473, None, "QĐ-UBND", "UBND tỉnh Lạng Sơn", "2020-08-04", "thiết lập vùng cách ly")


def test_exact_number_links_with_full_confidence() -> None:
    link = resolve_citation(cit("1473/QĐ-UBND", doc_type="QĐ"), [NUMBERED, BLANK_001])
    assert (link.target_id, link.confidence, link.method) == ("9", 1.0, "exact")


def test_exact_number_ignores_spacing_dashes_and_d_bar() -> None:
    link = resolve_citation(cit("1473/QD–UBND"), [NUMBERED])
    assert link.target_id == "9"


def test_issue4_blank_number_matches_by_symbol_date_window_and_subject() -> None:
    c = cit("3148/VP-KGVX", doc_type="CV", date="2020-08-04", issuer="Văn phòng UBND tỉnh", subject=SUBJECT)
    link = resolve_citation(c, [BLANK_001, NUMBERED], citing_date="2020-08")
    assert link.target_id == "001" and link.method == "blank-number"
    assert link.confidence >= 0.75
    ev = link.evidence
    assert ev["symbol"]["score"] == 1.0
    assert ev["date"]["score"] == 1.0 and ev["date"]["how"] == "within 2020-08"
    assert ev["subject"]["score"] > 0.95
    assert ev["issuer"]["how"] == "unknown"


def test_blank_number_needs_more_than_the_symbol() -> None:
    c = cit("3148/VP-KGVX", doc_type="CV", date="2020-08-04")  # no subject, no issuer
    link = resolve_citation(c, [BLANK_001])
    assert link.target_id is None and 0 < link.confidence < 0.75  # an external node, the near miss kept


def test_blank_number_with_a_different_subject_stays_external() -> None:
    c = cit("3148/VP-KGVX", date="2020-08-04", subject="tổ chức hội nghị tổng kết công tác thi đua khen thưởng")
    assert resolve_citation(c, [BLANK_001]).target_id is None


def test_blank_number_outside_the_date_window_is_not_a_match() -> None:
    c = cit("3148/VP-KGVX", date="2020-09-04", subject=SUBJECT)
    link = resolve_citation(c, [BLANK_001])
    assert link.target_id is None and link.evidence.get("date", {}).get("score") == 0.0


def test_issue4_ambiguity_resolves_to_nothing() -> None:
    # same symbol, month and subject but another body: two dispatches, not two copies of one
    twin = Candidate("002", "CV", "/VP-KGVX", None, None, "VP-KGVX", "Văn phòng Tỉnh ủy", "2020-08", SUBJECT)
    c = cit("3148/VP-KGVX", date="2020-08-04", subject=SUBJECT)
    link = resolve_citation(c, [BLANK_001, twin])
    assert link.target_id is None and link.method == "ambiguous"
    assert set(link.evidence["candidates"]) == {"001", "002"}


def test_issue4_copies_of_one_dispatch_are_one_target_not_rivals() -> None:
    # the .txt, .docx and .pdf of seed 001 in one archive: link to the first stored, name the others
    pdf = Candidate("004", "CV", "/VP-KGVX", None, None, "VP-KGVX", None, "2020-08", SUBJECT.replace("phòng, chống", "phòng chống"))
    docx = Candidate("003", "CV", "/VP-KGVX", None, None, "VP-KGVX", None, "2020-08", SUBJECT)
    c = cit("3148/VP-KGVX", date="2020-08-04", issuer="Văn phòng UBND tỉnh", subject=SUBJECT)
    link = resolve_citation(c, [pdf, BLANK_001, docx])
    assert link.target_id == "001" and link.method == "blank-number"
    assert link.evidence["copies"] == ["003", "004"]
    numbered_copy = Candidate("19", *(getattr(NUMBERED, f) for f in ("doc_type", "number_text", "seq", "year", "symbol", "issuer", "date", "subject")))
    exact = resolve_citation(cit("1473/QĐ-UBND"), [numbered_copy, NUMBERED])
    assert exact.target_id == "9" and exact.evidence["copies"] == ["19"]


def test_two_stored_documents_with_the_same_number_are_ambiguous() -> None:
    other = Candidate("10", "QĐ", "1473/QĐ-UBND", 1473, None, "QĐ-UBND", "UBND tỉnh Điện Biên", "2021-05-01", "khác")
    assert resolve_citation(cit("1473/QĐ-UBND"), [NUMBERED, other]).method == "ambiguous"
    # … unless the date tells them apart
    assert resolve_citation(cit("1473/QĐ-UBND", date="2020-08-04"), [NUMBERED, other]).target_id == "9"


def test_a_document_cannot_cite_a_later_one() -> None:
    c = cit("3148/VP-KGVX", date="2020-08-04", subject=SUBJECT)
    assert resolve_citation(c, [BLANK_001], citing_date="2020-07-30").target_id is None


def test_partial_number_matches_running_number_and_type() -> None:
    nd = Candidate("117", "NĐ", "117/2020/NĐ-CP", 117, 2020, "NĐ-CP", "Chính phủ", "2020-09-28",
                   "quy định xử phạt vi phạm hành chính trong lĩnh vực y tế")
    c = Citation(text="Nghị định số 117", number="117", doc_type="NĐ", seq=117, issuer="Chính phủ",
                 subject="quy định xử phạt vi phạm hành chính trong lĩnh vực y tế")
    link = resolve_citation(c, [nd])
    assert link.target_id == "117" and link.method == "partial-number"
    assert resolve_citation(Citation(text="x", number="117", doc_type="TT", seq=117), [nd]).target_id is None


def test_no_candidates_is_external() -> None:
    link = resolve_citation(cit("938/UBND-KGVX"), [])
    assert (link.target_id, link.method) == (None, "none")


@dataclass
class StoreRow:  # the store's own candidate rows name their fields differently
    id: int
    number: str | None
    seq: int | None
    symbol: str | None
    date: str | None
    subject: str | None
    doc_type: str | None = "CV"
    issuer: str | None = None
    issuer_parent: str | None = None
    year: int | None = None


def test_store_rows_are_accepted() -> None:
    row = StoreRow(2, "/VP-KGVX", None, "VP-KGVX", "2020-08", SUBJECT)
    assert as_candidate(row).doc_id == "2"
    c = cit("3148/VP-KGVX", date="2020-08-04", issuer="Văn phòng UBND tỉnh", subject=SUBJECT)
    assert resolve_citation(c, [row]).target_id == "2"


@pytest.mark.parametrize("symbol,key", [("VP - KGVX", "vp-kgvx"), ("NĐ–CP", "nd-cp"), (None, None)])
def test_symbol_key(symbol: str | None, key: str | None) -> None:
    assert symbol_key(symbol) == key


def test_candidate_key() -> None:
    assert candidate_key(cit("117/2020/NĐ-CP")) == ("nd-cp", 117, 2020)
