"""Obligations, generalisation round 5 (issue 3): how a directive hands out its list, and the names in it.

Each table row is (text, expected) for one general rule of Decree 30/2020 drafting practice:

* dashes are the lowest level of the hierarchy: a numbered list after a bulleted stretch of facts is no
  child of its last dash, and the sentence introducing that list is its lead-in, not the dash's text;
* a lead-in that hands the list out ("… yêu cầu X thực hiện một số giải pháp sau:", "… yêu cầu X; Y; Z:")
  makes every item of the list a task of those bodies, however the item opens;
* bodies separated by ";" after giao/yêu cầu/đề nghị are one list of addressees;
* a request after "về việc" is the subject of a cited document; an act named by a "Việc …" subject is no
  request;
* a post after a body in a list ("…, đại biểu Hội đồng nhân dân", "…, Chủ nhiệm Tổng cục Chính trị") is
  a name of its own; "Các Cục Thuế" in a letter to "Cục Thuế các tỉnh, thành phố" is that group.
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc

from docintel._normalise import fold
from docintel.tasks import extract_tasks


def _top(body: str, **kw: object) -> dict[str, list[str]]:
    """Top-level tasks: id -> lead names."""
    d = _doc(body, **kw)  # type: ignore[arg-type]
    extract_tasks(d)
    return {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in d.tasks if t.parent is None}


def _all_names(body: str, **kw: object) -> list[str]:
    d = _doc(body, **kw)  # type: ignore[arg-type]
    extract_tasks(d)
    out: list[str] = []
    for t in d.tasks:
        out += [a.name for a in t.assignees if a.name not in out]
    return out


CT = "Cục Thuế các tỉnh, thành phố trực thuộc Trung ương"

# (body, expected top-level tasks) — a numbered list after facts written as dashes
AFTER_BULLETS = [
    (
        f"""Kính gửi: {CT}.

Kết quả kiểm tra 6 tháng đầu năm cho thấy:

- Một số Cục Thuế có tỷ lệ hoàn thành thấp.

- Dữ liệu trên ứng dụng còn chưa được cập nhật đầy đủ.

Để hoàn thành nhiệm vụ, Tổng cục Thuế yêu cầu {CT} thực hiện một số giải pháp sau:

1/ Rà soát lại kế hoạch kiểm tra năm.

- Tập trung phân tích các doanh nghiệp có rủi ro cao.

2/ Tăng cường kiểm tra sau hoàn thuế.

3/ Đối với các Cục Thuế được giao chỉ tiêu thu, yêu cầu có báo cáo kết quả thực hiện.
""",
        {"1": [CT], "2": [CT], "3": [CT]},
    ),
    (
        """Kính gửi: Các Sở, ban, ngành tỉnh.

Qua kiểm tra, còn một số tồn tại như sau:

+ Việc cập nhật số liệu chưa kịp thời.

+ Một số đơn vị chưa báo cáo đúng hạn.

Ủy ban nhân dân tỉnh yêu cầu các Sở, ban, ngành tỉnh thực hiện các nội dung sau:

1. Kiểm tra, cập nhật số liệu trước ngày 15/3/2024.

2. Báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện.
""",
        {"1": ["các Sở, ban, ngành tỉnh"], "2": ["các Sở, ban, ngành tỉnh"]},
    ),
]


@pytest.mark.parametrize(("body", "expected"), AFTER_BULLETS)
def test_issue3_numbered_list_after_bullets_is_top_level(body: str, expected: dict[str, list[str]]) -> None:
    assert _top(body, to=[body.split("Kính gửi: ")[1].split("\n")[0].rstrip(".")]) == expected


# (lead-in sentence, items, expected top-level ids) — a lead-in that hands the list out makes every item a
# task; one that asks to note the points (or lists documents) does not
HANDED_OUT = [
    (
        "Tổng Liên đoàn yêu cầu các Liên đoàn Lao động tỉnh, thành phố; Công đoàn ngành Trung ương:",
        "1. Đồng ý cho các doanh nghiệp được lùi thời điểm đóng kinh phí.\n\n"
        "2. Kết thúc quý, có tổng kết việc thực hiện.",
        ["1", "2"],
    ),
    (
        "Bộ yêu cầu Sở Y tế các tỉnh, thành phố khẩn trương triển khai các công việc sau:",
        "1. Đối với các cơ sở khám bệnh, yêu cầu có báo cáo tình hình.\n\n2. Kết thúc năm 2024, có đánh giá, tổng kết.",
        ["1", "2"],
    ),
    (
        "Tổng cục Thuế đề nghị Cục Thuế các tỉnh, thành phố lưu ý những nội dung sau:",
        "1. Đối với hóa đơn điện tử, thời điểm lập hóa đơn là thời điểm chuyển giao.\n\n"
        "2. Đối với hàng hóa xuất khẩu, thuế suất là 0%.",
        [],
    ),
    (
        "Cơ quan thuế yêu cầu người nộp thuế cung cấp các tài liệu sau:",
        "1. Bản sao hợp đồng mua bán.\n\n2. Chứng từ thanh toán qua ngân hàng.",
        [],
    ),
]


@pytest.mark.parametrize(("leadin", "items", "expected"), HANDED_OUT)
def test_issue3_leadin_that_hands_out_the_list(leadin: str, items: str, expected: list[str]) -> None:
    body = f"Kính gửi: Các đơn vị.\n\n{leadin}\n\n{items}\n"
    ids = [i for i in _top(body, to=["Các đơn vị"]) if not i.startswith("p")]  # the lead-in may be a p-task itself
    assert ids == expected


# (sentence, expected lead names) — bodies separated by ";" after a request verb are one list
SEMICOLON_LISTS = [
    (
        "1. Giao Sở Tài chính; Sở Kế hoạch và Đầu tư; Ủy ban nhân dân các huyện rà soát, báo cáo kết quả.",
        ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Ủy ban nhân dân các huyện"],
    ),
    (
        "1. Đề nghị Cục Thuế tỉnh Bắc Ninh thực hiện kiểm tra; Cục Thuế tỉnh Hà Nam phối hợp cung cấp hồ sơ.",
        ["Cục Thuế tỉnh Bắc Ninh"],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), SEMICOLON_LISTS)
def test_issue3_semicolon_list_of_addressees(sentence: str, expected: list[str]) -> None:
    got = _top(f"Kính gửi: Các đơn vị.\n\n{sentence}\n\n2. Các đơn vị báo cáo kết quả.\n", to=["Các đơn vị"])
    assert got["1"] == expected


# (item, names that must not be obliged) — requests that are not this document's
NOT_REQUESTS = [
    (
        "1. Thực hiện ý kiến chỉ đạo tại Công văn số 209/VPTT-TH ngày 09/9/2016 về việc đề nghị Ban chỉ đạo 389 "
        "các Bộ, ngành, địa phương chấn chỉnh, khắc phục tồn tại.",
        "Ban chỉ đạo 389",
    ),
    (
        "1. Căn cứ Quyết định số 15/QĐ-UBND về việc giao Sở Xây dựng quản lý nhà nước về nhà ở, rà soát hồ sơ.",
        "Sở Xây dựng",
    ),
    (
        "1. Việc chấp thuận chủ trương đầu tư đồng thời giao chủ đầu tư được thực hiện theo quy định của pháp luật.",
        "chủ đầu tư",
    ),
]


@pytest.mark.parametrize(("item", "absent"), NOT_REQUESTS)
def test_issue3_cited_and_nominal_requests_oblige_nobody(item: str, absent: str) -> None:
    body = f"Kính gửi: Sở Nội vụ.\n\nỦy ban nhân dân tỉnh yêu cầu Sở Nội vụ thực hiện các nội dung sau:\n\n{item}\n"
    names = _all_names(body, to=["Sở Nội vụ"])
    assert not any(absent.lower() in n.lower() for n in names)


def test_issue3_viec_subject_after_a_comma_still_hands_out() -> None:
    body = "Kính gửi: Các Sở.\n\nViệc triển khai Kế hoạch, giao Sở Y tế chủ trì, phối hợp với các đơn vị liên quan thực hiện.\n"
    assert _top(body, to=["Các Sở"]) == {"p1": ["Sở Y tế"]}


# (execution clause, expected names) — posts listed after bodies are names of their own
POSTS = [
    (
        "Tổng Tham mưu trưởng, Chủ nhiệm Tổng cục Chính trị, Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi "
        "hành Thông tư này.",
        ["Tổng Tham mưu trưởng", "Chủ nhiệm Tổng cục Chính trị", "Thủ trưởng các cơ quan, đơn vị"],
    ),
    (
        "Hội đồng nhân dân, Ban của Hội đồng nhân dân, đại biểu Hội đồng nhân dân, Mặt trận Tổ quốc Việt Nam các "
        "cấp trong phạm vi nhiệm vụ, quyền hạn của mình tăng cường giám sát việc thực hiện.",
        ["Hội đồng nhân dân", "Ban của Hội đồng nhân dân", "đại biểu Hội đồng nhân dân",
         "Mặt trận Tổ quốc Việt Nam các cấp"],
    ),
]


@pytest.mark.parametrize(("clause", "expected"), POSTS)
def test_issue3_posts_after_bodies_split(clause: str, expected: list[str]) -> None:
    body = (f"Điều 5. Trách nhiệm thi hành\n1. Bộ Tài chính chủ trì hướng dẫn thực hiện Thông tư này.\n"
            f"2. {clause}\n")
    d = _doc(body, doc_type="TT")
    extract_tasks(d)
    got = {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in d.tasks}
    assert got["Điều 5.2"] == expected


# (Kính gửi, item subject, expected name) — "Các Cục Thuế" stands for the group the letter is addressed to;
# a group never stands for a single addressee
PLURAL_ADDRESSEES = [
    (CT, "Các Cục Thuế", CT),
    ("Chi cục Thuế các quận, huyện", "Các Chi cục Thuế", "Chi cục Thuế các quận, huyện"),
    ("Cục Thuế tỉnh Bình Dương", "Các Cục Thuế", "Các Cục Thuế"),
]


@pytest.mark.parametrize(("to", "subject", "expected"), PLURAL_ADDRESSEES)
def test_issue3_plural_short_name_of_the_addressed_group(to: str, subject: str, expected: str) -> None:
    body = (f"Kính gửi: {to}.\n\nTổng cục Thuế yêu cầu thực hiện các nội dung sau:\n\n"
            f"1. {subject} rà soát kế hoạch kiểm tra năm.\n\n2. {subject} báo cáo kết quả thực hiện.\n")
    got = _top(body, to=[to])
    assert got["1"] == [expected]


def test_work_leadin_examples_both_ways() -> None:
    """rules/assignment.yaml ``work_leadins``: its examples hand a list out, its counter-examples do not."""
    from docintel._rules import load
    from docintel.tasks import vocab

    spec = load("assignment").meta["work_leadins"]
    pat = vocab().work_leadin
    assert pat is not None
    for tail in spec["examples"]:
        assert pat.match(fold(tail)), tail
    for tail in spec["counter_examples"]:
        assert not pat.match(fold(tail)), tail


# (body, expected top-level ids) — the section structure of an OCR'd guidance letter survives lost lines
SECTIONS = [
    (
        # "II." and "III." were lost: "IV." in capitals still continues the roman list, so the duties under
        # "IV. TRÁCH NHIỆM CỦA CƠ QUAN THUẾ" are not points of "I."'s last item
        "I. ĐỐI TƯỢNG PHẢI QUYẾT TOÁN THUẾ\n\n1. Đối với cá nhân cư trú có thu nhập từ tiền lương.\n\n"
        "IV. TRÁCH NHIỆM CỦA CƠ QUAN THUẾ\n\n- Cơ quan thuế tổ chức tiếp nhận hồ sơ quyết toán thuế.\n\n"
        "- Cơ quan thuế rà soát, xử lý hồ sơ chưa được hạch toán.\n",
        ["1", "2"],
    ),
    (
        # a quotation whose closing mark OCR lost ends at the next section heading of the quoting letter
        "I. ĐỐI TƯỢNG PHẢI QUYẾT TOÁN THUẾ\n\nCá nhân ký “hợp đồng lao động dưới 03 tháng thì khấu trừ 10%.\n\n"
        "II. TRÁCH NHIỆM CỦA CƠ QUAN THUẾ\n\n- Cơ quan thuế tổ chức tiếp nhận hồ sơ quyết toán thuế.\n\n"
        "- Cơ quan thuế hướng dẫn cá nhân sử dụng ứng dụng “Thuế điện tử”.\n",
        ["1", "2"],
    ),
    (
        # a roman numeral that skips numbers in lower case is text, not the next section
        "I. ĐỐI TƯỢNG PHẢI QUYẾT TOÁN THUẾ\n\n1. Đối với cá nhân cư trú có thu nhập từ tiền lương.\n\n"
        "IV. Trách nhiệm của cơ quan thuế theo quy định của luật.\n",
        [],
    ),
]


@pytest.mark.parametrize(("body", "expected"), SECTIONS)
def test_issue3_guidance_sections_survive_ocr_losses(body: str, expected: list[str]) -> None:
    text = f"Kính gửi: Cục Thuế các tỉnh, thành phố.\n\nTổng cục Thuế hướng dẫn như sau:\n\n{body}"
    assert list(_top(text, to=["Cục Thuế các tỉnh, thành phố"])) == expected


# (doc type, article, the names obliged) — in a normative text a body's "đề nghị" to another is a step of the
# procedure, not the text's own request
PROCEDURE = [
    ("TT", "Điều 12. Cử Hội thẩm\n1. Chánh án Tòa án quân sự đề nghị Chủ nhiệm chính trị quân khu cử Trưởng đoàn.\n"
     "2. Cục Tổ chức có trách nhiệm hướng dẫn thực hiện.\n", ["Cục Tổ chức"]),
    ("NĐ", "Điều 7. Trình tự\n1. Sở Tài chính đề nghị Kho bạc Nhà nước tỉnh tạm dừng thanh toán.\n"
     "2. Kho bạc Nhà nước tỉnh có trách nhiệm thông báo cho chủ đầu tư.\n", ["Kho bạc Nhà nước tỉnh"]),
    ("NQ", "Điều 18. Cử Hội thẩm\n2. Chánh án Tòa án quân sự đề nghị Chủ nhiệm chính trị quân khu cử Trưởng đoàn.\n"
     "3. Tòa án quân sự trung ương có trách nhiệm hướng dẫn thực hiện.\n", ["Tòa án quân sự trung ương"]),
]


def test_issue3_issuer_request_in_its_own_resolution_stays() -> None:
    body = "Điều 3. Tổ chức thực hiện\n1. Chính phủ đề nghị Ủy ban Thường vụ Quốc hội xem xét, cho ý kiến.\n"
    assert _all_names(body, doc_type="NQ", issuer="Chính phủ") == ["Ủy ban Thường vụ Quốc hội"]


@pytest.mark.parametrize(("doc_type", "body", "expected"), PROCEDURE)
def test_issue3_procedural_request_in_a_normative_text(doc_type: str, body: str, expected: list[str]) -> None:
    assert _all_names(body, doc_type=doc_type) == expected
