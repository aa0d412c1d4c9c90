"""Generalisation round 11 (silver15: 14 unseen tax/customs/social-insurance letters): regression tables for
the misses the fresh held-back set showed.

* In a letter, "thì" opens the main clause of a condition or topic, so a request right after it is the
  dispatch's own ("Trường hợp … thì đề nghị Cục Thuế tỉnh Nam Định thông báo với cơ quan cấp phép …"); in a
  legal normative text the same shape ("… thì yêu cầu người khai hải quan khai bổ sung") is a step of the
  procedure the text lays down and obliges nobody.
* A law number whose legislature OCR printed in letters ("04/2007/QHII") is the law the text also cites with
  digits ("04/2007/QH12"): one citation, not two.
* A list item that repeats the type word with words of its own before "số" ("công văn số 190101/CV/RKV ngày
  18/01/2019 và công văn bổ sung hồ sơ số — 190201/CV/RKV ngày 18/02/2019 của Công ty …") shares the trailing
  issuer like any other item of the list.
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc

from docintel._citations import find_citations
from docintel._model import Document, Number, Source
from docintel._normalise import fold, normalise_text
from docintel.tasks import extract_tasks


def _sentence_leads(body: str, *, doc_type: str = "CV", number: Number | None = None) -> list[list[str]]:
    d = _doc(body, doc_type=doc_type, issuer="Tổng cục Thuế", number=number)
    extract_tasks(d)
    return [[a.name for a in t.assignees if a.role == "lead"] for t in d.tasks]


CONDITIONAL_REQUESTS = [
    # the OCR cut the sentence: only "…, tuy nhiên thì đề nghị" is left of the condition
    ("Căn cứ quy định trên: Trường hợp tại thời điểm lập hồ sơ đề nghị hoàn thuế,\n\ntrên giấy chứng nhận đăng ký "
     "kinh doanh, tuy nhiên thì đề nghị Cục Thuế tỉnh Nam Định thông báo với cơ quan cấp phép có thẩm quyền.\n",
     [["Cục Thuế tỉnh Nam Định"]]),
    ("Trường hợp dự án đã tăng vốn đầu tư thì đề nghị Cục Thuế tỉnh Nam Định xem xét, giải quyết hoàn thuế.\n",
     [["Cục Thuế tỉnh Nam Định"]]),
    ("Nếu doanh nghiệp không chứng minh được việc thực xuất khẩu thì yêu cầu Cục Hải quan tỉnh Bình Dương "
     "thực hiện truy thu thuế.\n",
     [["Cục Hải quan tỉnh Bình Dương"]]),
    # "thì" before a frame word that names no body: still nothing
    ("Trường hợp còn vướng mắc thì đề nghị cung cấp hồ sơ cụ thể.\n", []),
]


@pytest.mark.parametrize(("body", "expected"), CONDITIONAL_REQUESTS)
def test_round11_conditional_request_in_a_letter(body: str, expected: list[list[str]]) -> None:
    assert _sentence_leads(body) == expected


NORMATIVE_STEPS = [
    ("Điều 5. Kiểm tra hồ sơ\n1. Trường hợp thông tin khai thác được không đầy đủ, không chính xác thì yêu cầu "
     "doanh nghiệp bổ sung, hoàn thiện hồ sơ.\n2. Trường hợp cơ sở dữ liệu không có thông tin thì đề nghị người "
     "yêu cầu kê khai đầy đủ.\n"),
]


@pytest.mark.parametrize("body", NORMATIVE_STEPS)
def test_round11_conditional_request_in_a_normative_text_is_a_step(body: str) -> None:
    leads = _sentence_leads(body, doc_type="TT", number=Number("12/2026/TT-BTC", 12, 2026, "TT-BTC"))
    assert all(not names for names in leads)


def _cite(text: str) -> list[tuple[str, str | None, str | None]]:
    t = normalise_text(text)
    doc = Document(source=Source(path="x.txt", sha256="0", format="txt"), text=t, folded=fold(t))
    return [(c.number, c.date, c.issuer) for c in find_citations(doc)]


OCR_LEGISLATURES = [
    ("Tại Điều 2 Luật thuế TNCN số 04/2007/QH12 ngày 21/11/2007 quy định: … Sửa đổi, bổ sung một số điều của "
     "Luật thuế thu nhập cá nhân số\n04/2007/QHII đã được sửa đổi theo Luật số 26/2012/QH13.",
     ["04/2007/QH12", "26/2012/QH13"]),
    # both printed with digits: two legislatures, two laws (nothing to read through)
    ("Luật số 04/2007/QH11 và Luật số 04/2007/QH12 quy định", ["04/2007/QH11", "04/2007/QH12"]),
    # the OCR'd number alone stays as read
    ("Căn cứ Luật Doanh nghiệp số 78/2006/QHL1 quy định", ["78/2006/QH11"]),
]


@pytest.mark.parametrize(("text", "numbers"), OCR_LEGISLATURES)
def test_round11_ocr_legislature_is_the_same_law(text: str, numbers: list[str]) -> None:
    assert [n for n, _d, _i in _cite(text)] == numbers


TYPED_ITEMS = [
    ("Trả lời công văn số 190101/CV/RKV ngày 18/01/2019 và công văn bổ sung hồ sơ số —\n190201/CV/RKV ngày "
     "18/02/2019 của Công ty TNHH Roki Việt Nam về thuế suất thuế GTGT",
     [("190101/CV/RKV", "2019-01-18", "Công ty TNHH Roki Việt Nam"),
      ("190201/CV/RKV", "2019-02-18", "Công ty TNHH Roki Việt Nam")]),
    # each item names its own issuer: nothing is shared
    ("công văn số 445/CTTNG-TTKT2 ngày 26/01/2022 của Cục Thuế tỉnh Thái Nguyên và công văn bổ sung số "
     "333/CTGLA-TTKT1 ngày 28/02/2022 của Cục Thuế tỉnh Gia Lai",
     [("445/CTTNG-TTKT2", "2022-01-26", "Cục Thuế tỉnh Thái Nguyên"),
      ("333/CTGLA-TTKT1", "2022-02-28", "Cục Thuế tỉnh Gia Lai")]),
]


@pytest.mark.parametrize(("text", "expected"), TYPED_ITEMS)
def test_round11_typed_list_item_shares_the_issuer(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _cite(text) == expected
