"""Obligations, precision round (issue 3): text that reads like a task but obliges nobody by this document.

Each table row is (text, expected) for one general rule of Decree 30/2020 drafting practice, found by a
seeded population audit (wild letters, vbpl texts, PDF text layers):

* a draft sent for comments ("DỰ THẢO" on its first page) obliges nobody yet — only the covering letter's
  request ("… đề nghị Quý Cơ quan góp ý …") is a task;
* a form inside an annex ("Mẫu số 01" on its own line, with or without "(Kèm theo …)") and a form's fields
  ("Tổ chức chủ trì:………", "Các đồng chí: ………(4)……… chịu trách nhiệm thi hành …", "(Ký, ghi rõ họ tên)") are
  no tasks; a template's own "(Ban hành kèm theo Quyết định số………)" starts no annex;
* a clause that grants powers ("… có các quyền sau đây:", "Nhiệm vụ, quyền hạn của X:") is a competence, and
  so are its points ("a) Yêu cầu chủ đầu tư giải trình …"); "có quyền yêu cầu"/"được đề nghị" is no request;
* "Trường hợp … còn có vướng mắc … thì đề nghị …" asks for feedback, like "nếu có vướng mắc".
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc

from docintel._model import Block, Segments
from docintel._normalise import fold
from docintel.tasks import extract_tasks


def _tasks(body: str, *, annex_at: str | None = None, **kw: object) -> dict[str, list[str]]:
    """Every task: id -> lead names. ``annex_at``: the text the appendix (after the signing block) starts with."""
    d = _doc(body, **kw)  # type: ignore[arg-type]
    if annex_at is not None:
        pl = d.text.index(annex_at)
        d.segments = Segments(body=Block(0, pl), appendix=Block(pl, len(d.text)))
    extract_tasks(d)
    return {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in d.tasks}


_COVER = """Kính gửi: Các Bộ, cơ quan ngang Bộ.

Bộ Kế hoạch và Đầu tư đã dự thảo Quyết định phê duyệt Đề án (xin gửi kèm theo). Bộ Kế hoạch và Đầu tư đề nghị
Quý Cơ quan góp ý cho nội dung dự thảo nêu trên, gửi về Bộ Kế hoạch và Đầu tư trước ngày 13/3/2019.

THỦ TƯỚNG CHÍNH PHỦ
{mark}
QUYẾT ĐỊNH
Phê duyệt Đề án thúc đẩy mô hình kinh tế chia sẻ
Điều 1. Phê duyệt Đề án với những nội dung chủ yếu sau:
1. Nhiệm vụ của Bộ Tài chính
- Nghiên cứu, sửa đổi quy định về quản lý thuế đối với kinh tế chia sẻ.
2. Nhiệm vụ của Bộ Công Thương
- Rà soát các quy định về thương mại điện tử.
Điều 2. Bộ trưởng các Bộ chịu trách nhiệm thi hành Quyết định này.
"""


@pytest.mark.parametrize(
    ("mark", "annex_tasks"),
    [
        ("DỰ THẢO", False),  # the draft's duties and execution article oblige nobody yet
        ("Dự thảo lần 2", False),
        ("(Dự thảo)", False),
        ("", True),  # a decision issued with the letter (no draft mark) hands its duties out
    ],
)
def test_issue3_draft_sent_for_comments_obliges_nobody(mark: str, annex_tasks: bool) -> None:
    got = _tasks(_COVER.format(mark=mark), annex_at="THỦ TƯỚNG CHÍNH PHỦ", to=["Các Bộ, cơ quan ngang Bộ"])
    assert "p1" in got or "p2" in got  # the covering letter's own request stays
    assert any(k.startswith("PL.") or k.startswith("Điều") for k in got) is annex_tasks


_FORM_ANNEX = """Kính gửi: Sở Khoa học và Công nghệ.

Đề nghị Sở Khoa học và Công nghệ tổng hợp báo cáo theo mẫu kèm theo.

PHỤ LỤC
HƯỚNG DẪN BÁO CÁO
(Kèm theo Công văn số 12/BKHCN-KHTC)
1. Sở Khoa học và Công nghệ chủ trì tổng hợp báo cáo của các đơn vị trên địa bàn.
{form}
I. THÔNG TIN CHUNG
1. Tổ chức chủ trì giới thiệu kết quả thực hiện nhiệm vụ trong kỳ báo cáo.
2. Đại diện đơn vị quản lý, tổ chức chủ trì chịu trách nhiệm tổng hợp số liệu của các đơn vị có liên quan.
"""


@pytest.mark.parametrize(
    ("form", "form_tasks"),
    [
        ("Mẫu số 01\nBÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", False),  # a form's heading, no "(Kèm theo …)"
        ("MẪU SỐ 02/BC-KHCN: Báo cáo tiến độ", False),
        ("Biểu số 05\nBÁO CÁO TIẾN ĐỘ", False),
        # a template's own "(Ban hành kèm theo …)" with blanks continues the form it sits in
        ("Mẫu số 03\n(Ban hành kèm theo Quyết định số………./QĐ-………. ngày …./…./…….)\nBÁO CÁO", False),
        # a sentence that cites a form is no form heading: the guideline's duties go on
        ("Các đơn vị báo cáo theo Mẫu số 01 Phụ lục I kèm theo Công văn này.", True),
    ],
)
def test_issue3_form_in_an_annex_without_its_own_issued_with_line(form: str, form_tasks: bool) -> None:
    got = _tasks(_FORM_ANNEX.format(form=form), annex_at="PHỤ LỤC", to=["Sở Khoa học và Công nghệ"])
    assert "PL.1" in got  # the guideline's own point before the form
    after = [k for k in got if k.startswith("PL.I.") or k in ("PL.2",)]
    assert bool(after) is form_tasks, got


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # fields of a form or template: dotted leaders, blanks, signing lines
        ("1. Tổ chức chủ trì:.........................................\n2. Chủ nhiệm nhiệm vụ:...................\n", {}),
        ("Điều 2. Các đồng chí: ………(4)…………, ………(5)………… và đồng chí Nguyễn Văn A chịu trách nhiệm thi hành "
         "Quyết định này./.\n", {}),
        ("1. Đề xuất, kiến nghị thứ nhất: ...\n2. Đề xuất, kiến nghị thứ 2: ...\n", {}),
        # an ellipsis in running text is no blank: the duty stays
        ("1. Sở Tài chính phối hợp với Kho bạc Nhà nước, ngân hàng thương mại,... thực hiện thu hồi nợ thuế.\n",
         {"1": ["Sở Tài chính"]}),
    ],
)
def test_issue3_form_fields_are_no_tasks(body: str, expected: dict[str, list[str]]) -> None:
    assert _tasks(body, doc_type="QĐ") == expected


_POWERS = """Điều 38. Quyền, nhiệm vụ của Hội đồng thẩm định
1. Hội đồng thẩm định, cơ quan chuyên môn về xây dựng có các quyền sau đây:
a) Yêu cầu chủ đầu tư, tổ chức, cá nhân giải trình, làm rõ các thông tin liên quan;
b) Yêu cầu cơ quan quản lý quy hoạch cung cấp thông tin về quy hoạch có liên quan.
2. {lead}
a) Thẩm định theo quy định của Luật này;
b) Thông báo kết quả thẩm định gửi chủ đầu tư.
"""


@pytest.mark.parametrize(
    ("lead", "duties"),
    [
        ("Hội đồng thẩm định, cơ quan chuyên môn về xây dựng có các trách nhiệm sau đây:", True),
        ("Hội đồng thẩm định, cơ quan chuyên môn về xây dựng có các nghĩa vụ, trách nhiệm sau đây:", True),
        ("Hội đồng thẩm định, cơ quan chuyên môn về xây dựng có nhiệm vụ, quyền hạn sau đây:", False),
        ("Nhiệm vụ, quyền hạn của Hội đồng thẩm định:", False),
        ("Hội đồng thẩm định có quyền:", False),
    ],
)
def test_issue3_powers_a_law_grants_are_no_tasks(lead: str, duties: bool) -> None:
    got = _tasks(_POWERS.format(lead=lead), doc_type="L")
    assert not any(k.startswith("Điều 38.1") for k in got), got  # "có các quyền sau đây:" grants powers
    assert any(k.startswith("Điều 38.2") for k in got) is duties, got


@pytest.mark.parametrize(
    ("sentence", "task"),
    [
        ("Cơ quan thuế có quyền yêu cầu người nộp thuế cung cấp tài liệu liên quan.", False),
        ("Cơ quan thuế được quyền đề nghị ngân hàng cung cấp thông tin tài khoản.", False),
        ("Cục Thuế yêu cầu các Chi cục Thuế rà soát hồ sơ hoàn thuế.", True),
    ],
)
def test_issue3_a_power_to_request_is_no_request(sentence: str, task: bool) -> None:
    got = _tasks(f"Kính gửi: Các Chi cục Thuế.\n\n{sentence}\n", to=["Các Chi cục Thuế"], issuer="Cục Thuế tỉnh Bình Dương")
    assert bool(got) is task, got


@pytest.mark.parametrize(
    ("sentence", "task"),
    [
        ("Trường hợp doanh nghiệp còn có vướng mắc về nội dung hướng dẫn tại công văn số 6010/TCHQ-TXNK thì đề nghị "
         "doanh nghiệp có văn bản gửi Tổng cục Hải quan để được hướng dẫn cụ thể.", False),
        ("Trường hợp có vướng mắc, đề nghị Cục Hải quan các tỉnh, thành phố báo cáo về Tổng cục Hải quan.", False),
        ("Đề nghị Cục Hải quan các tỉnh, thành phố không cho phép đưa thuốc lá điện tử vào bán hàng miễn thuế.", True),
    ],
)
def test_issue3_a_request_under_remaining_difficulties_asks_for_feedback(sentence: str, task: bool) -> None:
    to = "Cục Hải quan các tỉnh, thành phố"
    got = _tasks(f"Kính gửi: {to}.\n\n{sentence}\n", to=[to], issuer="Tổng cục Hải quan")
    assert bool(got) is task, got


@pytest.mark.parametrize(
    ("key", "attr", "mode"),
    [
        ("form_headings", "form_heading", "full"),
        ("draft_marks", "draft_mark", "full"),
        ("form_fields", "form_field", "search"),
        ("competence_leadins", "competence_leadin", "search"),
    ],
)
def test_precision_vocabulary_examples_both_ways(key: str, attr: str, mode: str) -> None:
    """rules/assignment.yaml: each list's examples match, its counter-examples do not."""
    from docintel._rules import load
    from docintel.tasks import vocab

    spec = load("assignment").meta[key]
    pat = getattr(vocab(), attr)
    assert pat is not None

    def hit(s: str) -> bool:
        f = fold(s).strip()
        return bool(pat.fullmatch(f) if mode == "full" else pat.search(f))

    for s in spec["examples"]:
        assert hit(s), s
    for s in spec["counter_examples"]:
        assert not hit(s), s


@pytest.mark.parametrize(
    ("title", "duties"),
    [
        ("Điều 5. Trách nhiệm của cơ quan, tổ chức trong việc thi hành quyết định", True),
        ("Điều 5. Ủy ban nhân dân cấp xã", False),
    ],
)
def test_issue3_duties_and_powers_under_a_duty_title_stay_duties(title: str, duties: bool) -> None:
    """ "… có nhiệm vụ, quyền hạn sau đây:" lists a competence, unless the article is titled as duties."""
    body = (f"{title}\n1. Ủy ban nhân dân cấp xã có nhiệm vụ, quyền hạn sau đây:\n"
            "a) Xây dựng kế hoạch thực hiện biện pháp xử lý chuyển hướng tại cộng đồng;\n"
            "b) Tổ chức sơ kết, tổng kết việc thực hiện ở địa phương.\n")
    got = _tasks(body, doc_type="NĐ")
    assert any(k.startswith("Điều 5.1.") for k in got) is duties, got
