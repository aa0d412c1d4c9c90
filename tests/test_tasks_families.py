"""Obligations, families round (issue 3): four families a seeded population audit (seed 20261222) left open.

* a closing request after a list's last item ("Yêu cầu các Liên đoàn … báo cáo … hằng tháng", a decree's
  "Các Bộ trưởng … chịu trách nhiệm thi hành Nghị định này" after its last clause) is a task of its own (in an
  article: the article's) and gives the last item none of its bodies; one that only restates the list ("…
  nghiêm túc triển khai thực hiện./.") is dropped as before; "3. Đối với …: Cục Thuế rà soát …" directs the body
  after the colon; a scan's stray "|" at a line end does not cut a name;
* a letter that states a private party's duty under the law ("Công ty có trách nhiệm đề nghị cơ quan …") or
  quotes a provision ("… Thông tư … quy định:⏎#2. …:⏎a) …") obliges nobody by itself;
* in a regulation-issuing quyết định (numbered with a year) an applicant's "Người lao động đề nghị cơ quan BHXH"
  is a step of the procedure; a tờ trình proposes and obliges nobody yet;
* in a normative text's article a party without a body's head carries its duty clause ("2. Người sử dụng lao
  động có trách nhiệm …"), which the merged execution formula used to stand in for;
* names: "Chính phủ quy định chi tiết", "Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân" end before the verb;
  "Thủ trưởng các cơ quan, đơn vị và tổ chức liên quan" is one post over a group; "… bộ phận khác của tổ chức tín
  dụng" runs over "của".
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc
from _task_docs import task_leads as _leads
from _task_docs import task_run as _run

from docintel._model import DateValue, Deadline, Number
from docintel._normalise import fold
from docintel.tasks import extract_tasks
from docintel.tasks._tokens import _tokens

_TLD = """Kính gửi: Các Liên đoàn Lao động tỉnh, thành phố.

Đoàn Chủ tịch Tổng Liên đoàn yêu cầu các Liên đoàn Lao động tỉnh, thành phố:

1. Đồng ý cho các doanh nghiệp bị ảnh hưởng được lùi thời điểm đóng kinh phí công đoàn.

2. Giao Ban Thường vụ các Liên đoàn Lao động tỉnh, thành phố xem xét, quyết định cho doanh nghiệp được lùi.

{closing}
"""


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        # a request of its own: a task with its own bodies and deadline; item 2 keeps only its own bodies
        ("Yêu cầu các Liên đoàn Lao động tỉnh, thành phố nghiêm túc thực hiện và báo cáo tình hình vào ngày 10 hàng "
         "tháng về Tổng Liên đoàn.", {"p1": "monthly"}),
        # it restates the list: nothing new, dropped as before
        ("Yêu cầu các Liên đoàn Lao động tỉnh, thành phố nghiêm túc triển khai thực hiện./.", {}),
        # a feedback closing is no task
        ("Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các Liên đoàn phản ánh về Tổng Liên đoàn.", {}),
    ],
)
def test_issue3_closing_request_is_its_own_task(closing: str, expected: dict[str, str]) -> None:
    to = ["Các Liên đoàn Lao động tỉnh, thành phố"]
    d = _run(_TLD.format(closing=closing), to=to)
    alone = {t.id: [a.name for a in t.assignees] for t in _run(_TLD.format(closing=""), to=to).tasks}
    by = {t.id: t for t in d.tasks}
    assert [a.name for a in by["2"].assignees] == alone["2"]  # the closing adds nobody to the last item
    assert by["2"].deadline is None
    extra = {k: t for k, t in by.items() if k not in ("1", "2")}
    assert {k: t.deadline.recurrence if t.deadline else None for k, t in extra.items()} == expected
    for t in extra.values():
        assert [a.name for a in t.assignees] == ["các Liên đoàn Lao động tỉnh, thành phố"]


_DECREE = """Điều 5. Hiệu lực và trách nhiệm thi hành
1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.
2. Người sử dụng lao động có trách nhiệm rà soát lại các thỏa thuận trong hợp đồng lao động.
3. Đối với trường hợp mức lương tối thiểu thấp hơn thì người sử dụng lao động phải tiếp tục thực hiện mức cũ.
Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương và người sử dụng lao động chịu trách nhiệm thi hành Nghị định này.
"""


def test_issue3_execution_formula_after_the_last_clause_is_the_articles() -> None:
    d = _run(_DECREE, doc_type="NĐ", issuer="Chính phủ", number=Number("38/2022/NĐ-CP", 38, 2022, "NĐ-CP"))
    by = {t.id: t for t in d.tasks}
    assert "Điều 5" in by and by["Điều 5"].parent is None
    assert [a.name for a in by["Điều 5"].assignees][:2] == ["Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ"]
    # the last clause is no task of the ministers (it was: the formula was merged into it)
    assert "Điều 5.3" not in by or "Các Bộ trưởng" not in [a.name for a in by["Điều 5.3"].assignees]
    # a party the law names carries its duty clause, though no body's head opens its name
    assert [a.name for a in by["Điều 5.2"].assignees] == ["Người sử dụng lao động"]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("3. Đối với các Quyết định hoàn thuế đã ban hành năm 2016: Cục Thuế rà soát, lập danh sách và gửi về "
         "Tổng cục Thuế chậm nhất ngày 10/12/2016.", ["Cục Thuế các tỉnh, thành phố trực thuộc trung ương"]),
        # OCR: a stray table rule at the line end inside the name
        ("3. Đối với các Quyết định hoàn thuế đã ban hành năm 2016: Cục |\nThuế rà soát, lập danh sách và gửi về "
         "Tổng cục Thuế chậm nhất ngày 10/12/2016.", ["Cục Thuế các tỉnh, thành phố trực thuộc trung ương"]),
        # a scope and an explanation after its colon: no body directed
        ("3. Đối với dự án đầu tư chưa đủ hồ sơ: chưa đủ điều kiện hoàn thuế.", None),
    ],
)
def test_issue3_scope_colon_then_a_directed_body(item: str, expected: list[str] | None) -> None:
    body = (
        "Kính gửi: Cục Thuế các tỉnh, thành phố trực thuộc trung ương.\n\nTổng cục Thuế hướng dẫn như sau:\n\n"
        "1. Dự án chưa có đầy đủ hồ sơ là chưa đủ điều kiện hoàn thuế.\n\n"
        "2. Đề nghị Cục Thuế rà soát các điều kiện kinh doanh.\n\n" + item + "\n"
    )
    got = _leads(body, to=["Cục Thuế các tỉnh, thành phố trực thuộc trung ương"], issuer="Tổng cục Thuế")
    assert got.get("3") == expected


def test_issue3_stray_bar_is_no_token_however_the_text_is_cut() -> None:
    text = "xây dựng: Cục |\nThuế rà soát | kê khai"
    f = fold(text)
    whole = [t.text for t in _tokens(text, 0, len(text), f)]
    assert whole == ["xây", "dựng", ":", "Cục", "Thuế", "rà", "soát", "|", "kê", "khai"]
    assert [t.text for t in _tokens(text, 0, text.index("\n"), f)] == ["xây", "dựng", ":", "Cục"]


_REPLY = """Kính gửi: Công ty TNHH ABC.

Cục Thuế nhận được công văn của Công ty. Về vấn đề này, Cục Thuế có ý kiến như sau:

{body}
"""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the law's duty, restated in a reply: nobody obliged by the letter
        ("Đối với chi phí làm hồ sơ cấp giấy phép lao động: Công ty có trách nhiệm đề nghị cơ quan có thẩm quyền "
         "cấp giấy phép lao động cho người lao động nước ngoài.", {}),
        ("Theo quy định tại Điều 8 Thông tư số 80/2021/TT-BTC, người nộp thuế có trách nhiệm nộp hồ sơ khai thuế.", {}),
        # the letter's own words to the firm: advice ("căn cứ", rules/assignment.yaml advisory), as before …
        ("Cục Thuế đề nghị Công ty căn cứ hồ sơ thực tế để thực hiện kê khai theo quy định.", {}),
        # … or a request of its own, which stays
        ("Đề nghị Công ty TNHH ABC nộp bổ sung hồ sơ trước ngày 30/6/2020.", {"p1": ["Công ty TNHH ABC"]}),
    ],
)
def test_issue3_a_letter_restating_a_private_duty_obliges_nobody(body: str, expected: dict[str, list[str]]) -> None:
    got = _leads(_REPLY.format(body=body), to=["Công ty TNHH ABC"], issuer="Cục Thuế tỉnh Bắc Ninh")
    assert got == expected


@pytest.mark.parametrize(
    ("quote", "tasks"),
    [
        ("Căn cứ Điều 76 Thông tư số 38/2015/TT-BTC của Bộ Tài chính quy định:\n\n#2. Hàng hoá do DNCX nhận gia công "
         "cho doanh nghiệp nội địa:\n\na) Doanh nghiệp nội địa làm thủ tục hải quan theo quy định.\n\nb) DNCX không "
         "phải làm thủ tục hải quan khi nhận hàng hóa.”", False),
        ("Cục Hải quan tỉnh hướng dẫn như sau:\n\na) Doanh nghiệp nội địa làm thủ tục hải quan theo quy định.\n\n"
         "b) Chi cục Hải quan quản lý DNCX thực hiện kiểm tra hồ sơ.", True),
    ],
)
def test_issue3_a_quoted_provision_with_its_heading_line_is_law(quote: str, tasks: bool) -> None:
    body = "Kính gửi: Công ty TNHH ABC.\n\n" + quote + "\n"
    got = _leads(body, to=["Công ty TNHH ABC"], issuer="Cục Hải quan tỉnh Bình Dương")
    assert bool(got) is tasks


_QD_TTG = """Điều 3. Trình tự, thủ tục hỗ trợ
1. Đối với người lao động đang tham gia bảo hiểm thất nghiệp
a) Người lao động đề nghị cơ quan bảo hiểm xã hội cấp tỉnh hỗ trợ theo Mẫu số 04.
b) Cơ quan bảo hiểm xã hội có trách nhiệm giải quyết hỗ trợ trong 05 ngày làm việc.
"""


@pytest.mark.parametrize(
    ("number", "step_is_task"),
    [
        (Number("28/2021/QĐ-TTg", 28, 2021, "QĐ-TTg"), False),  # issues a regulation: a procedure step
        (Number("892/QĐ-TTg", 892, None, "QĐ-TTg"), True),  # an individual decision: read as before
    ],
)
def test_issue3_applicant_step_in_a_regulation_issuing_decision(number: Number, step_is_task: bool) -> None:
    got = _leads(_QD_TTG, doc_type="QĐ", issuer="Thủ tướng Chính phủ", number=number)
    assert ("Điều 3.1.a" in got and "cơ quan bảo hiểm xã hội cấp tỉnh" in " ".join(got["Điều 3.1.a"])) is step_is_task


def test_issue3_a_to_trinh_obliges_nobody_yet() -> None:
    body = """Kính gửi: Chính phủ.

Bộ Tài chính kính trình Chính phủ dự án Luật với các nội dung sau:

1. Giao Chính phủ quy định chi tiết, hướng dẫn thi hành các Điều 2, Điều 3 của Luật.

2. Giao Bộ Tài chính quy định dải ký tự để xác định mã của cơ quan thuế.
"""
    assert _leads(body, doc_type="TTr", issuer="Bộ Tài chính", to=["Chính phủ"]) == {}
    assert _leads(body, doc_type="CV", issuer="Bộ Tài chính", to=["Chính phủ"])  # the same items in a letter


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("2. Giao Chính phủ quy định chi tiết Điều 5.", ["Chính phủ"]),
        ("2. Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp bố trí ngân sách.", ["Ủy ban nhân dân cấp tỉnh"]),
        ("2. Thủ trưởng các cơ quan, đơn vị và tổ chức liên quan chịu trách nhiệm thi hành Quyết định này.",
         ["Thủ trưởng các cơ quan, đơn vị và tổ chức liên quan"]),
        # persons after "và" are a party of their own, no body a head leads
        ("2. Thủ trưởng các cơ quan, tổ chức, doanh nghiệp và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
         ["Thủ trưởng các cơ quan, tổ chức, doanh nghiệp", "cá nhân có liên quan"]),
        ("2. Thủ trưởng các sở, ngành và Ủy ban nhân dân cấp huyện chịu trách nhiệm thi hành Quyết định này.",
         ["Thủ trưởng các sở, ngành", "Ủy ban nhân dân cấp huyện"]),
        ("2. Cá nhân, bộ phận khác của tổ chức tín dụng có trách nhiệm thực hiện quy định nội bộ.",
         ["bộ phận khác của tổ chức tín dụng"]),
        ("2. Bộ phận kiểm toán nội bộ của tổ chức tín dụng có nhiệm vụ, trách nhiệm tối thiểu sau:\n"
         "a) Lập báo cáo kết quả kiểm toán nội bộ.", ["Bộ phận kiểm toán nội bộ của tổ chức tín dụng"]),
    ],
)
def test_issue3_names_end_before_the_verb_and_keep_their_group(clause: str, expected: list[str]) -> None:
    body = "Điều 9. Trách nhiệm thi hành\n1. Quyết định này có hiệu lực từ ngày ký.\n" + clause + "\n"
    got = _leads(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert got["Điều 9.2"] == expected


def test_issue3_an_items_own_day_in_its_lists_yearly_cycle() -> None:
    body = """Định kỳ hằng năm, các Sở, ban, ngành thực hiện:

1. Sở Y tế gửi báo cáo tổng kết về Ủy ban nhân dân thành phố trước ngày 15/12.

2. Sở Tài chính tổng hợp dự toán kinh phí.
"""
    d = _doc(body, doc_type="KH", issuer="Ủy ban nhân dân thành phố Hà Nội")
    d.date = DateValue("2026-03-10")
    extract_tasks(d)
    by = {t.id: t.deadline for t in d.tasks}
    own, inherited = by["1"], by["2"]
    assert isinstance(own, Deadline) and own.recurrence == "yearly" and own.date is None and not own.inherited
    assert (own.day_of_month, own.month) == (15, 12)
    assert isinstance(inherited, Deadline) and inherited.recurrence == "yearly" and inherited.inherited


def test_issue3_a_heading_that_names_a_regulation_opens_no_task() -> None:
    """ "quy định về …" ends a name ("Giao Chính phủ quy định chi tiết …") but opens no task: "1. Quy định về
    tội phạm …" is a heading of an explanation."""
    body = """Kính gửi: Cục Thuế các tỉnh, thành phố.

Tổng cục Thuế giới thiệu một số nội dung của Bộ luật Hình sự năm 2015 như sau:

1. Quy định về trách nhiệm hình sự của pháp nhân thương mại

2. Quy định về tội phạm liên quan đến lĩnh vực thuế trong Bộ luật Hình sự năm 2015
"""
    assert _leads(body, to=["Cục Thuế các tỉnh, thành phố"], issuer="Tổng cục Thuế") == {}
