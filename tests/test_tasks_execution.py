"""Execution articles and names of legal texts (session 5, held-back measurement round: silver12's parse errors,
fixed by their general causes).

* An execution article whose title joins "Tổ chức thực hiện" with the text's effect ("Điều 5. Tổ chức thực
  hiện và hiệu lực thi hành", "Hiệu lực thi hành và tổ chức thực hiện") hands out the work like one titled
  "Tổ chức thực hiện" alone; a clause heading "1. Tổ chức thực hiện" in it is the task its points' bodies
  carry, a clause heading "2. Hiệu lực thi hành" names no body (it was taken as one) and its points oblige
  only a body they direct.
* The execution formula "… chịu trách nhiệm thi hành" takes its whole sentence's list, however long (a list
  of more than 80 tokens lost its first post, "Chánh Văn phòng").
* A title "Trách nhiệm phối hợp của X với Y" gives X, not "X với Y"; in a normative text "X tổng hợp và đề
  nghị Y …" is X's own procedure step, not a request of the text to Y.
* "các bộ, cơ quan trung ương được giao chủ trì các Dự án …": the relative clause "được giao <verb> …" tells
  which bodies are meant; the name ends before it (a bare "Cơ quan được giao" keeps its usual wording).
"""

from __future__ import annotations

import pytest

from docintel._model import Document, Number, Source
from docintel._normalise import fold
from docintel.tasks import extract_tasks


def _leads(body: str, *, doc_type: str = "NQ", number: Number | None = None,
           issuer: str = "Chính phủ") -> dict[str, list[str]]:
    text = body.strip("\n") + "\n"
    d = Document(text, Source("t.txt", "", "txt"))
    d.folded = fold(text)
    d.doc_type = doc_type
    d.date = None
    d.number = number or Number("26/2026/NQ-CP", 26, 2026, "NQ-CP")
    d.issuer.name = issuer
    extract_tasks(d)
    return {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in d.tasks}


_POINTS = """1. Tổ chức thực hiện
a) Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ ban hành quy trình phối hợp.
b) Bộ Nội vụ là cơ quan đầu mối giúp Chính phủ theo dõi, đôn đốc việc thực hiện Nghị quyết này.
c) Các bộ, cơ quan trung ương căn cứ chức năng, nhiệm vụ tổ chức thực hiện Nghị quyết này.
2. Hiệu lực thi hành
a) Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.
b) Kể từ ngày Nghị quyết này có hiệu lực thi hành, các quy định sau đây chấm dứt hiệu lực.
"""
_BODIES = ["Ban Chỉ đạo quốc gia", "Bộ Nội vụ", "Các bộ, cơ quan trung ương"]


@pytest.mark.parametrize(
    "title",
    [
        "Tổ chức thực hiện và hiệu lực thi hành",
        "Hiệu lực thi hành và tổ chức thực hiện",
        "Tổ chức thực hiện",
        "TỔ CHỨC THỰC HIỆN VÀ HIỆU LỰC THI HÀNH",
    ],
)
def test_execution_article_joined_with_its_effect_hands_out_the_work(title: str) -> None:
    got = _leads(f"Điều 5. {title}\n" + _POINTS)
    assert got["Điều 5"] == _BODIES  # the article: the task its clauses' bodies carry
    assert got["Điều 5.1"] == _BODIES  # "1. Tổ chức thực hiện" heads its points
    assert got["Điều 5.1.a"] == ["Ban Chỉ đạo quốc gia"]
    assert got["Điều 5.1.c"] == ["Các bộ, cơ quan trung ương"]
    # "2. Hiệu lực thi hành" is no body, its points oblige nobody
    assert not any(k.startswith("Điều 5.2") for k in got)
    assert all("Hiệu lực" not in n for names in got.values() for n in names)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Phạm vi điều chỉnh và đối tượng áp dụng", None),  # a scope article: nothing in it obliges
    ],
)
def test_a_title_without_an_implementation_part_hands_nothing_out(title: str, expected: list[str] | None) -> None:
    got = _leads(f"Điều 5. {title}\n" + _POINTS)
    assert got.get("Điều 5.1") == expected


_LONG = (
    "2. Chánh Văn phòng, Cục trưởng Cục Quản lý chất lượng, Vụ trưởng Vụ Kế hoạch - Tài chính, Thủ trưởng các đơn "
    "vị có liên quan thuộc Bộ Giáo dục và Đào tạo; Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương; "
    "Giám đốc các sở giáo dục và đào tạo; Giám đốc các đại học, học viện; Hiệu trưởng các trường đại học; Hiệu "
    "trưởng các trường phổ thông chịu trách nhiệm thi hành Thông tư này./."
)


@pytest.mark.parametrize(
    ("clause", "first", "count"),
    [
        (_LONG, "Chánh Văn phòng", 9),  # 90 tokens before the formula
        ("2. Chánh Văn phòng, Cục trưởng Cục Quản lý chất lượng chịu trách nhiệm thi hành Thông tư này./.",
         "Chánh Văn phòng", 2),
    ],
)
def test_execution_formula_takes_its_whole_long_list(clause: str, first: str, count: int) -> None:
    body = "Điều 10. Điều khoản thi hành\n1. Thông tư này có hiệu lực thi hành kể từ ngày 09 tháng 12 năm 2025.\n" + clause
    got = _leads(body, doc_type="TT", number=Number("23/2025/TT-BGDĐT", 23, 2025, "TT-BGDĐT"),
                 issuer="Bộ Giáo dục và Đào tạo")
    assert got["Điều 10.2"][0] == first
    assert len(got["Điều 10.2"]) == count


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Trách nhiệm phối hợp của Cơ quan thường trực với các Thành viên Hội đồng", ["Cơ quan thường trực"]),
        ("Trách nhiệm phối hợp của Bộ Tư pháp với các bộ, ngành", ["Bộ Tư pháp"]),
        ("Trách nhiệm của Bộ Tư pháp", ["Bộ Tư pháp"]),
    ],
)
def test_a_partner_after_voi_is_not_the_titles_body(title: str, expected: list[str]) -> None:
    got = _leads(f"Điều 13. {title}\n1. Phối hợp với đơn vị thành viên Hội đồng tham mưu.\n2. Chuẩn bị nội dung các phiên họp.\n",
                 doc_type="NĐ", number=Number("12/2025/NĐ-CP", 12, 2025, "NĐ-CP"))
    assert got["Điều 13.2"] == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("2. Văn phòng Hội đồng tổng hợp và đề nghị Chủ tịch Hội đồng thành lập Đoàn liên ngành.", ["Văn phòng Hội đồng"]),
        ("2. Bộ Tư pháp tổng hợp, đề nghị Thủ tướng Chính phủ xem xét.", ["Bộ Tư pháp"]),
        ("2. Bộ Tư pháp đề nghị Thủ tướng Chính phủ xem xét.", None),  # a bare procedure step, as before
    ],
)
def test_a_subjects_own_request_is_a_procedure_step(clause: str, expected: list[str] | None) -> None:
    got = _leads("Điều 16. Đánh giá, kiểm tra\n1. Nghị định này quy định việc đánh giá.\n" + clause + "\n",
                 doc_type="NĐ", number=Number("12/2025/NĐ-CP", 12, 2025, "NĐ-CP"))
    assert got.get("Điều 16.2") == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Trách nhiệm của các bộ, cơ quan trung ương được giao chủ trì các Dự án, Tiểu dự án thành phần",
         ["các bộ, cơ quan trung ương"]),
        ("Trách nhiệm của đơn vị được giao chủ trì thực hiện Chương trình", ["đơn vị được giao"]),  # bare: kept
        ("Trách nhiệm của các đơn vị được giao nhiệm vụ", ["các đơn vị được giao nhiệm vụ"]),  # a noun follows
    ],
)
def test_a_relative_clause_after_duoc_giao_ends_the_name(heading: str, expected: list[str]) -> None:
    body = (f"Điều 6. Tổ chức thực hiện\n1. Trách nhiệm của Bộ Công an\na) Chủ trì xây dựng phương án phân bổ vốn.\n"
            f"2. {heading}\nLập kế hoạch đầu tư công trung hạn, gửi Bộ Công an tổng hợp theo quy định.\n")
    got = _leads(body, doc_type="QĐ", number=Number("10/2026/QĐ-TTg", 10, 2026, "QĐ-TTg"), issuer="Thủ tướng Chính phủ")
    assert got["Điều 6.2"] == expected


def test_a_subject_name_stops_before_duoc_giao_and_its_verb() -> None:
    body = "Điều 6. Tổ chức thực hiện\n1. Các bộ, cơ quan trung ương được giao chủ trì các dự án có trách nhiệm lập kế hoạch.\n"
    got = _leads(body, doc_type="QĐ", number=Number("10/2026/QĐ-TTg", 10, 2026, "QĐ-TTg"), issuer="Thủ tướng Chính phủ")
    assert got["Điều 6.1"] == ["Các bộ, cơ quan trung ương"]
