"""Obligations: numbered tasks, directive sentences, execution articles and their assignees (issue 3)."""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._model import Block, DateValue, Document, Segments, Source, Task, TextValue
from docintel._normalise import fold
from docintel.tasks import extract_tasks


def _tasks(body: str, **kw: object) -> dict[str, list[tuple[str, str]]]:
    d = _doc(body, **kw)  # type: ignore[arg-type]
    extract_tasks(d)
    return {t.id: [(a.name, a.role) for a in t.assignees] for t in d.tasks}


NUMBERED = """Kính gửi: Các phòng, đơn vị thuộc Sở.

Sở Công Thương yêu cầu các phòng, đơn vị thuộc Sở thực hiện các nhiệm vụ sau:

1. Tiếp tục triển khai thực hiện nghiêm các nội dung sau:

- Tiếp tục quán triệt sâu sắc quan điểm chống dịch;

- Khẩn trương rà soát các trường hợp về từ vùng dịch.

2. Giao UBND các huyện, thành phố khẩn trương rà soát, báo cáo Sở Y tế chậm nhất ngày 08/8/2020.

3. Sở Y tế chủ trì, phối hợp với Sở Tài chính hướng dẫn thực hiện.

4. Trên từng lĩnh vực cụ thể, Lãnh đạo các phòng, đơn vị trực thuộc Sở cần cập nhật thường xuyên tình hình.

Sở Công Thương yêu cầu các phòng, đơn vị thuộc Sở nghiêm túc triển khai thực hiện./.
"""


def test_issue3_numbered_items_and_children() -> None:
    got = _tasks(NUMBERED, to=["Các phòng, đơn vị thuộc Sở"])
    assert ["1", "1.1", "1.2", "2", "3", "4"] == list(got)
    # no body named in item 1: the lead-in's body, matched to the Kính gửi name
    assert [(n.lower(), r) for n, r in got["1"]] == [("các phòng, đơn vị thuộc sở", "lead")]
    assert got["2"] == [("UBND các huyện, thành phố", "lead")]
    assert got["3"] == [("Sở Y tế", "lead"), ("Sở Tài chính", "support")]
    assert got["4"] == [("Lãnh đạo các phòng, đơn vị trực thuộc Sở", "lead")]


def test_issue3_children_have_parents_and_inherit() -> None:
    d = _doc(NUMBERED, to=["Các phòng, đơn vị thuộc Sở"])
    extract_tasks(d)
    by = {t.id: t for t in d.tasks}
    assert by["1.1"].parent == "1" and by["1"].parent is None
    assert by["1.1"].assignees[0].inferred
    assert not by["2"].assignees[0].inferred
    # text and spans refer to the stored text
    t = by["2"]
    assert t.start is not None and t.end is not None
    assert d.text[t.start : t.end].startswith("Giao UBND")
    a = t.assignees[0]
    assert d.text[a.start : a.end] == "UBND các huyện, thành phố"


ASSIGNEES = [
    ("1. Giao UBND các huyện, thành phố khẩn trương chỉ đạo rà soát.", [("UBND các huyện, thành phố", "lead")]),
    ("1. Sở Y tế chỉ đạo khẩn trương triển khai các biện pháp cách ly.", [("Sở Y tế", "lead")]),
    (
        "1. Các sở, ban, ngành, đoàn thể tỉnh, UBND các huyện, thành phố tập trung huy động cả hệ thống.",
        [("Các sở, ban, ngành, đoàn thể tỉnh", "lead"), ("UBND các huyện, thành phố", "lead")],
    ),
    (
        "1. Giao cho Văn phòng Sở tiếp tục làm đầu mối phối hợp với Phòng Kế hoạch nắm bắt thông tin.",
        [("Văn phòng Sở", "lead"), ("Phòng Kế hoạch", "support")],
    ),
    ("1. Công an Thành phố: phối hợp bố trí lực lượng ứng trực.", [("Công an Thành phố", "lead")]),
    (
        "1. Sở Xây dựng phối hợp với Sở Nông nghiệp và Môi trường trong công tác điều tiết.",
        [("Sở Xây dựng", "lead"), ("Sở Nông nghiệp và Môi trường", "support")],
    ),
    (
        "1. Trong ngày nghỉ đề nghị các đồng chí trưởng, phó các phòng chuyên môn luôn mở máy điện thoại.",
        [("các đồng chí trưởng, phó các phòng chuyên môn", "lead")],
    ),
    # "phối hợp với các cơ quan liên quan" is too vague to oblige anyone
    ("1. Sở Tài chính chủ trì phối hợp các cơ quan, đơn vị liên quan rà soát.", [("Sở Tài chính", "lead")]),
]


@pytest.mark.parametrize(("body", "expected"), ASSIGNEES)
def test_issue3_assignee_roles(body: str, expected: list[tuple[str, str]]) -> None:
    got = _tasks(body)
    assert got["1"] == expected


def test_issue3_roman_sections_and_question_headings() -> None:
    body = """Vụ Pháp chế thông báo kết luận như sau:
I. Về các nội dung trả lời, hướng dẫn
1. Về đơn phương chấm dứt hợp đồng lao động
Câu hỏi: NLĐ tự ý bỏ việc thì sao?
2. Về tiền lương ngừng việc
II. Về khảo sát thực tiễn áp dụng
1. Cục Quan hệ lao động và Tiền lương khảo sát thực tiễn áp dụng đối với nội dung thử việc.
2. Cục An toàn lao động khảo sát thực tiễn áp dụng tại các doanh nghiệp.
3. Căn cứ kết quả khảo sát, việc trả lời các câu hỏi sẽ tiếp tục được xem xét.
"""
    got = _tasks(body)
    assert list(got) == ["1", "2"]
    assert got["1"] == [("Cục Quan hệ lao động và Tiền lương", "lead")]


def test_issue3_report_headings_are_not_tasks() -> None:
    body = """I. CẬP NHẬT TÌNH HÌNH
1. Tại các tỉnh Bắc Lào
Tình hình dịch bệnh diễn biến phức tạp.
2. Triển khai các biện pháp phòng chống dịch
Các địa phương đã triển khai quyết liệt.
II. ĐỀ XUẤT, KIẾN NGHỊ
"""
    assert _tasks(body, doc_type="BC") == {}


QUOTED = """Kính gửi: Công ty TNHH ABC

Tại Điều 5 Thông tư số 78/2014/TT-BTC ngày 18/6/2014 của Bộ Tài chính quy định:
“1. Doanh nghiệp có trách nhiệm kê khai thuế.
2. Tổ chức, cá nhân nhận chuyển nhượng vốn có trách nhiệm nộp thay.”
Cục Thuế trả lời để Công ty biết và thực hiện. Trong quá trình thực hiện nếu có vướng mắc, đề nghị Công ty liên hệ với Cục Thuế để được hướng dẫn./.
"""


def test_issue3_quotations_and_advice_are_not_tasks() -> None:
    assert _tasks(QUOTED, to=["Công ty TNHH ABC"], issuer="Cục Thuế tỉnh Bắc Ninh") == {}


def test_issue3_legal_citation_list_without_quote_marks() -> None:
    body = """Tại khoản 2 Điều 14 Thông tư số 78/2014/TT-BTC hướng dẫn:
1. Tổ chức nhận chuyển nhượng vốn có trách nhiệm xác định, kê khai.
2. Thực hiện kê khai theo quy định.
Như vậy, Công ty thuộc diện kê khai.
"""
    assert _tasks(body) == {}


def test_issue3_directive_sentences_in_a_letter() -> None:
    body = """Kính gửi: Cục Thuế tỉnh Đồng Nai

Tổng cục Thuế nhận được công văn của Cục Thuế. Về việc này, Tổng cục Thuế có ý kiến như sau:
Theo quy định tại Thông tư số 78/2014/TT-BTC thì doanh nghiệp phải kê khai.
Do đó, đề nghị Cục Thuế tỉnh Đồng Nai phối hợp với Ban Quản lý các khu công nghiệp kiểm tra, làm rõ thông tin.
Tổng cục Thuế trả lời để Cục Thuế tỉnh Đồng Nai được biết./.
"""
    d = _doc(body, to=["Cục Thuế tỉnh Đồng Nai"], issuer="Tổng cục Thuế")
    extract_tasks(d)
    assert [t.id for t in d.tasks] == ["p1"]
    t = d.tasks[0]
    assert t.kind == "sentence"
    assert [(a.name, a.role) for a in t.assignees] == [
        ("Cục Thuế tỉnh Đồng Nai", "lead"),
        ("Ban Quản lý các khu công nghiệp", "support"),
    ]
    assert t.assignees[0].agency_id == "cuc-thue@dong-nai"


def test_issue3_request_by_a_company_is_not_a_directive() -> None:
    body = """Cục Thuế nhận được văn bản số 01-CV ngày 14/9/2019 của Công ty TNHH AP, đề nghị hướng dẫn về thuế.
Về căn cứ tính thuế, đề nghị Công ty căn cứ tại Điều 7 Thông tư số 111/2013/TT-BTC.
"""
    assert _tasks(body, issuer="Cục Thuế tỉnh Bắc Ninh") == {}


DECISION = """QUYẾT ĐỊNH:
Điều 1. Kiện toàn Ban Chỉ đạo Trung ương về cải cách chính sách tiền lương (gọi tắt là Ban Chỉ đạo), gồm các thành viên sau đây:
1. Trưởng ban: Phó Thủ tướng Chính phủ.
2. Các ủy viên:
- Bộ trưởng Bộ Quốc phòng;
- Bộ trưởng Bộ Công an.
Điều 2. Nhiệm vụ của Ban Chỉ đạo:
1. Nghiên cứu, xây dựng Đề án về cải cách chính sách tiền lương.
2. Giúp Thủ tướng Chính phủ theo dõi, đôn đốc các Bộ, ngành.
Điều 3. Quyền hạn của Ban Chỉ đạo
1. Yêu cầu các Bộ, ngành cung cấp thông tin.
Điều 4. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Điều 5. Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương và các thành viên quy định tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
"""


def test_issue3_decision_execution_article_and_duties() -> None:
    d = _doc(DECISION, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    extract_tasks(d)
    top = [t for t in d.tasks if t.parent is None]
    assert [t.id for t in top] == ["Điều 5"]
    assert top[0].kind == "article"
    assert [a.name for a in top[0].assignees] == [
        "Các Bộ trưởng",
        "Thủ trưởng cơ quan ngang Bộ",
        "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương",
        "các thành viên quy định tại Điều 1",
    ]
    duties = [t for t in d.tasks if t.parent == "Điều 2"]
    assert [t.id for t in duties] == ["Điều 2.1", "Điều 2.2"]
    # "Ban Chỉ đạo" is the short name the decision defines
    assert duties[0].assignees[0].name == "Ban Chỉ đạo Trung ương về cải cách chính sách tiền lương"
    # powers (quyền hạn) oblige no one
    assert not [t for t in d.tasks if t.parent == "Điều 3"]


def test_issue3_hanoi_style_execution_article_keeps_title_pairs() -> None:
    body = """Điều 3. Chánh Văn phòng Ủy ban nhân dân Thành phố; Giám đốc, Thủ trưởng các Sở, ban, ngành Thành phố, Chủ tịch Ủy ban nhân dân các xã, phường và các đơn vị, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./."""
    got = _tasks(body, doc_type="QĐ")
    assert [n for n, _ in got["Điều 3"]] == [
        "Chánh Văn phòng Ủy ban nhân dân Thành phố",
        "Giám đốc, Thủ trưởng các Sở, ban, ngành Thành phố",
        "Chủ tịch Ủy ban nhân dân các xã, phường",
        "các đơn vị, cá nhân có liên quan",
    ]


def test_issue3_kinh_gui_addressees_when_item_names_nobody() -> None:
    body = """Kính gửi:
- Cục Quan hệ lao động và Tiền lương;
- Thanh tra Bộ.

Vụ Pháp chế thông báo và đề nghị các đơn vị thực hiện theo đúng kết luận./.
"""
    got = _tasks(body)
    assert got["p1"] == [("Cục Quan hệ lao động và Tiền lương", "lead"), ("Thanh tra Bộ", "lead")]


def test_issue3_numbering_must_follow() -> None:
    body = """1. Thực hiện nghiêm việc quản lý theo Chỉ thị số
13/CT-TTg và các văn bản liên quan; hạn chế tham gia các hoạt động tập trung
19; không đi du lịch.
2020. Năm nay tình hình phức tạp.
2. Tiếp tục chủ động triển khai các biện pháp phòng, chống dịch.
"""
    assert list(_tasks(body, to=["Sở Y tế"])) == ["1", "2"]


def test_issue3_deadline_is_attached_when_the_grammar_is_there() -> None:
    d = _doc("1. Giao UBND các huyện báo cáo Sở Y tế chậm nhất ngày 08/8/2020.")
    d.date = None
    extract_tasks(d)
    dl = d.tasks[0].deadline
    if dl is not None:  # D2's grammar may be absent in a partial checkout
        assert dl.date == "2020-08-08"


def test_issue3_closing_formula_not_part_of_last_item() -> None:
    body = """1. Giao Sở Y tế rà soát.

2. Giao Sở Tài chính bố trí kinh phí.

Đây là nhiệm vụ trọng tâm, đề nghị các đơn vị nghiêm túc thực hiện./.
"""
    d = _doc(body)
    extract_tasks(d)
    assert d.tasks[-1].id == "2"
    assert "Đây là" not in d.tasks[-1].text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("1.2)a-+ \nIIVĐiều:GiaoSởUBNDcácyêu cầuđề nghị“”\"")), max_size=300))
def test_extract_tasks_never_crashes(s: str) -> None:
    d = Document(s, Source("x", "", "txt"), folded=fold(s))
    extract_tasks(d)
    for t in d.tasks:
        assert t.id
        assert t.start is None or 0 <= t.start <= len(s)


def test_place_value_does_not_drive_province() -> None:
    """A central issuer's place (Hà Nội) must not make "Cục Thuế" the Hà Nội one."""
    d = _doc("Đề nghị Cục Thuế kiểm tra, làm rõ.", issuer="Tổng cục Thuế")
    d.place = TextValue("Hà Nội")
    extract_tasks(d)
    assert d.tasks and d.tasks[0].assignees[0].agency_id == "cuc-thue"


# ---------------------------------------------------------------------------
# issue 3 follow-up: tasks from table rows (kế hoạch / quyết định appendices)


def _rows(body: str, *, date: str | None = "2026-05-13", **kw: object) -> dict[str, Task]:
    d = _doc(body, **kw)  # type: ignore[arg-type]
    if date:
        d.date = DateValue(date)
    extract_tasks(d)
    return {t.id: t for t in d.tasks}


def _who(t: Task) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in t.assignees]


TABLE = """Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:

STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm
I | CÔNG TÁC CHỈ ĐẠO |  |  |  |
1 | Xây dựng kế hoạch tuyên truyền về bảo hiểm y tế | Sở Y tế | Sở Tài chính, Sở Nội vụ | Quý I/2027 | Kế hoạch
2 | Rà soát, bố trí kinh phí thực hiện | Sở Tài chính | Sở Y tế, các cơ quan liên quan | Tháng 6/2026 | Báo cáo
II | CÔNG TÁC KIỂM TRA |  |  |  |
3 | Kiểm tra việc thực hiện tại các huyện | Sở Y tế, Bảo hiểm xã hội tỉnh | Ủy ban nhân dân các huyện | Hằng năm | Báo cáo
4 | Tổng kết, đánh giá | Sở Y tế |  |  | Báo cáo

Các cơ quan, đơn vị triển khai thực hiện./.
"""


def test_issue3_table_rows_are_tasks() -> None:
    got = _rows(TABLE)
    assert list(got) == ["1", "2", "3", "4"]  # section rows I, II are no tasks
    t = got["1"]
    assert t.kind == "row" and t.parent is None
    assert t.text == "Xây dựng kế hoạch tuyên truyền về bảo hiểm y tế"
    assert _who(t) == [("Sở Y tế", "lead"), ("Sở Tài chính", "support"), ("Sở Nội vụ", "support")]
    assert t.deadline is not None and t.deadline.date == "2027-03-31"
    # "các cơ quan liên quan" is too vague to oblige anyone
    assert _who(got["2"]) == [("Sở Tài chính", "lead"), ("Sở Y tế", "support")]
    assert _who(got["3"]) == [
        ("Sở Y tế", "lead"),
        ("Bảo hiểm xã hội tỉnh", "lead"),
        ("Ủy ban nhân dân các huyện", "support"),
    ]
    assert got["3"].deadline is not None and got["3"].deadline.recurrence == "yearly"
    assert got["4"].deadline is None  # an empty deadline cell


def test_issue3_table_spans_point_at_cells() -> None:
    d = _doc(TABLE)
    d.date = DateValue("2026-05-13")
    extract_tasks(d)
    for t in d.tasks:
        assert t.start is not None and t.end is not None
        assert d.text[t.start : t.end] == t.text
        for a in t.assignees:
            assert d.text[a.start : a.end] == a.name
        if t.deadline is not None:
            assert d.text[t.deadline.start : t.deadline.end] == t.deadline.text
    row = d.text.splitlines()[4]
    t1 = d.tasks[0]
    assert t1.deadline is not None and t1.deadline.text == "Quý I/2027"
    assert d.text[t1.start : t1.end] in row


HEADERS = [
    "STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
    "TT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian thực hiện",
    "Số TT | Nội dung nhiệm vụ | Cơ quan thực hiện | Phối hợp | Tiến độ",
    "STT | Tên nhiệm vụ cụ thể | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn",
    "| STT | Nội dung công việc / Nhiệm vụ | Chủ trì | Phối hợp | Thời gian hoàn thành / Thời hạn |",
]


@pytest.mark.parametrize("header", HEADERS)
def test_issue3_table_header_wordings(header: str) -> None:
    md = header.startswith("|")
    rows = ["1. | Xây dựng Luật Bảo hiểm y tế sửa đổi | Bộ Y tế | Bộ Tư pháp, Bộ Tài chính | Quý I/2029"]
    if md:
        rows = ["|---|---|---|---|---|"] + [f"| {r} |" for r in rows]
    got = _rows("\n".join(["", header, *rows, ""]))
    assert list(got) == ["1"]
    t = got["1"]
    assert t.text == "Xây dựng Luật Bảo hiểm y tế sửa đổi"
    assert _who(t) == [("Bộ Y tế", "lead"), ("Bộ Tư pháp", "support"), ("Bộ Tài chính", "support")]
    assert t.deadline is not None and t.deadline.date == "2029-03-31"


DEADLINE_CELLS = [
    ("Quý I/2029", "2029-03-31", None),
    ("Tháng 6/2026", "2026-06-30", None),
    ("2026", "2026-12-31", None),
    ("Năm 2027", "2027-12-31", None),
    ("12/2026", "2026-12-31", None),
    ("30/9/2026", "2026-09-30", None),
    ("Trước ngày 15/10/2026", "2026-10-15", None),
    ("Từ quý III/2026 đến quý III/2030", "2030-09-30", None),
    ("2026-2030", "2030-12-31", None),
    ("Hằng năm", None, "yearly"),
    ("Thường xuyên", None, "continuous"),
    ("Hàng quý", None, "quarterly"),
    ("Đã hoàn thành", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("cell", "date", "recurrence"), DEADLINE_CELLS)
def test_issue3_table_deadline_column(cell: str, date: str | None, recurrence: str | None) -> None:
    body = f"STT | Nội dung | Cơ quan chủ trì | Thời hạn\n1 | Báo cáo kết quả thực hiện | Sở Y tế | {cell}\n"
    t = _rows(body)["1"]
    if date is None and recurrence is None:
        assert t.deadline is None
    else:
        assert t.deadline is not None
        assert (t.deadline.date, t.deadline.recurrence) == (date, recurrence)


def test_issue3_table_row_spilling_over_two_lines() -> None:
    body = """STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn
1 | Xây dựng đề án phát triển | Sở Kế hoạch và Đầu tư | Sở Tài chính,
Sở Xây dựng | Quý II/2027
2 | Tổ chức hội nghị sơ kết | Văn phòng Ủy ban nhân dân tỉnh | Sở Nội vụ | Tháng 12/2026
"""
    got = _rows(body)
    assert list(got) == ["1", "2"]
    assert _who(got["1"]) == [
        ("Sở Kế hoạch và Đầu tư", "lead"),
        ("Sở Tài chính", "support"),
        ("Sở Xây dựng", "support"),
    ]
    assert got["1"].deadline is not None and got["1"].deadline.date == "2027-06-30"
    assert got["2"].deadline is not None and got["2"].deadline.date == "2026-12-31"


def test_issue3_table_nested_numbers_and_restarting_sections() -> None:
    body = """STT | Nhiệm vụ | Đơn vị chủ trì | Thời gian thực hiện
I. | Hoàn thiện thể chế |  |
1 | Xây dựng nghị quyết | Sở Tư pháp | Quý IV/2026
1.1 | Lấy ý kiến dự thảo | Sở Tư pháp | Tháng 9/2026
1.2 | Trình Hội đồng nhân dân | Sở Tư pháp | Tháng 11/2026
II. | Tuyên truyền |  |
1 | Phổ biến nghị quyết | Sở Thông tin và Truyền thông | Thường xuyên
"""
    got = _rows(body)
    assert list(got) == ["I.1", "I.1.1", "I.1.2", "II.1"]
    assert got["I.1.1"].parent == "I.1" and got["I.1"].parent is None
    assert got["II.1"].deadline is not None and got["II.1"].deadline.recurrence == "continuous"


def test_issue3_table_section_lines_without_cells() -> None:
    """A merged section row comes out of the PDF reader as a plain line inside the table."""
    body = """STT | Tên nhiệm vụ cụ thể | Cơ quan chủ trì | Cơ quan phối hợp | Kết quả | Thời gian hoàn thành
I. Đổi mới tư duy trong lãnh đạo, chỉ đạo
1. | Tăng cường lãnh đạo, chỉ đạo | Các bộ ở Trung ương, Ủy ban nhân dân cấp tỉnh | Các cơ quan có liên quan | Văn bản chỉ đạo | Thường xuyên

2. | Bố trí ngân sách địa phương | Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp | Sở Tài chính | Nghị quyết | Hằng năm
II. Hoàn thiện thể chế
3. | Xây dựng Luật Bảo hiểm y tế sửa đổi. | Bộ Y tế | Bộ Tài chính, Bộ Tư pháp, các bộ, ngành có liên quan | Luật | Quý I/2029

Tổ chức thực hiện: các bộ, ngành triển khai.
"""
    got = _rows(body)
    assert list(got) == ["1", "2", "3"]
    assert _who(got["1"]) == [("Các bộ ở Trung ương", "lead"), ("Ủy ban nhân dân cấp tỉnh", "lead")]
    assert _who(got["2"])[0] == ("Ủy ban nhân dân cấp tỉnh", "lead")
    assert _who(got["3"]) == [("Bộ Y tế", "lead"), ("Bộ Tài chính", "support"), ("Bộ Tư pháp", "support")]


def test_issue3_table_two_row_header() -> None:
    body = """TT | Nội dung | Cơ quan thực hiện |  | Thời gian
 |  | Chủ trì | Phối hợp |
1 | Kiểm tra an toàn thực phẩm | Sở Y tế | Công an tỉnh | Tháng 9/2026
"""
    got = _rows(body)
    assert _who(got["1"]) == [("Sở Y tế", "lead"), ("Công an tỉnh", "support")]


def test_issue3_tables_that_assign_nothing_are_not_tasks() -> None:
    body = """STT | Văn bản hết hiệu lực | Lý do hết hiệu lực | Ngày hết hiệu lực
1 | Thông tư số 03/2017/TT-BLĐTBXH | Được thay thế | 01/7/2026
Vùng | Mức lương tối thiểu tháng | Mức lương tối thiểu giờ
Vùng I | 4.680.000 | 22.500
"""
    assert _rows(body) == {}


def test_issue3_table_rows_are_not_also_list_items() -> None:
    body = """Sở Y tế yêu cầu các đơn vị thực hiện:
1. Giao Trung tâm Kiểm soát bệnh tật rà soát số liệu.

STT | Nội dung | Đơn vị chủ trì | Tiến độ
1. | Tổng hợp báo cáo | Phòng Kế hoạch - Tài chính | Tháng 7/2026
2. | Kiểm tra cơ sở | Thanh tra Sở | Quý III/2026

2. Giao Văn phòng Sở theo dõi, đôn đốc.
"""
    got = _rows(body)
    assert [t.kind for t in got.values()] == ["item", "item", "row", "row"]
    # the body's items keep their numbers; the table's rows, whose numbers they use, take the table's
    assert list(got) == ["1", "2", "B1.1", "B1.2"]
    assert "STT" not in got["1"].text  # an item ends where a table starts
    assert _who(got["B1.2"]) == [("Thanh tra Sở", "lead")]


APPENDIX = """QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Chỉ thị số 52-CT/TW.
Điều 2. Quyết định này có hiệu lực từ ngày ký.
Điều 3. Giám đốc các Sở chịu trách nhiệm thi hành Quyết định này./.
KẾ HOẠCH
1. Sở Y tế chủ trì theo dõi việc thực hiện.
PHỤ LỤC
STT | Nội dung | Cơ quan chủ trì | Thời hạn
1 | Xây dựng đề án | Sở Y tế | Quý I/2027
2 | Bố trí kinh phí | Sở Tài chính | Năm 2026
"""


def test_issue3_appendix_table_ids_and_parent() -> None:
    d = _doc(APPENDIX, doc_type="QĐ")
    d.date = DateValue("2026-05-13")
    start = d.text.index("KẾ HOẠCH")
    d.segments = Segments(body=Block(0, start), appendix=Block(start, len(d.text)))
    extract_tasks(d)
    by = {t.id: t for t in d.tasks}
    # the plan's own item is PL.1, so the table's rows take their table's number
    assert [t.id for t in d.tasks if t.kind == "row"] == ["PL.B1.1", "PL.B1.2"]
    assert "PL.1" in by and by["PL.1"].kind == "item"
    assert by["PL.B1.1"].parent == "Điều 1"
    assert by["PL.B1.2"].deadline is not None and by["PL.B1.2"].deadline.date == "2026-12-31"
    # without a plan item in the way the rows are PL.<STT>
    d2 = _doc(APPENDIX.replace("1. Sở Y tế chủ trì theo dõi việc thực hiện.\n", ""), doc_type="QĐ")
    s2 = d2.text.index("KẾ HOẠCH")
    d2.segments = Segments(body=Block(0, s2), appendix=Block(s2, len(d2.text)))
    extract_tasks(d2)
    assert [t.id for t in d2.tasks if t.kind == "row"] == ["PL.1", "PL.2"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"1.2I |\n-", "STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Sở Y tế", "Quý I/2027"]),
        max_size=60,
    ).map("".join)
)
def test_table_parsing_never_crashes(s: str) -> None:
    d = Document(s, Source("x", "", "txt"), folded=fold(s))
    extract_tasks(d)
    for t in d.tasks:
        assert t.id
        assert t.start is None or 0 <= t.start <= len(s)


def test_issue3_table_rows_of_a_real_plan_appendix() -> None:
    """Quyết định 844/QĐ-TTg: 29 rows under six section headings in a ruled table."""
    from docintel import parse

    d = parse(shared_path("corpus", "pdf", "congbao-quyet-dinh-so-844-qd-ttg.pdf"))
    rows = [t for t in d.tasks if t.kind == "row"]
    assert len(rows) == 29
    assert all(t.parent == "Điều 1" for t in rows)
    by = {t.id.rsplit(".", 1)[-1]: t for t in rows}
    assert [a.name for a in by["10"].assignees if a.role == "lead"] == ["Bộ Y tế"]
    assert {"Bộ Tư pháp", "Bộ Tài chính"} <= {a.name for a in by["10"].assignees if a.role == "support"}
    assert by["10"].deadline is not None and by["10"].deadline.date == "2029-03-31"
    assert by["1"].deadline is not None and by["1"].deadline.recurrence == "continuous"
    assert sum(t.deadline is not None for t in rows) >= 25


# ---------------------------------------------------------------------------
# the tasks stage's token cache (speed) gives what a fresh tokenisation gives


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab Đế.1-&/_'\n,:;“”|") + ["\u0301", "Ⅻ", "½"]), max_size=120),
    st.integers(0, 130),
    st.integers(0, 130),
    st.integers(1, 40),
)
def test_cached_tokens_equal_fresh_tokens(text: str, s: int, e: int, chunk: int) -> None:
    import regex

    import docintel.tasks._context as C
    import docintel.tasks._tokens as T

    folded = fold(text)
    ctx = C._context(Document(text, Source("x", "", "txt"), folded=folded))
    old = C._CHUNK
    C._CHUNK = chunk
    try:
        ctx.cover(0, len(text))
    finally:
        C._CHUNK = old
    s, e = min(s, len(text)), min(e, len(text))

    def key(toks: list[T._Tok]) -> list[tuple[str, int, int, str, bool]]:
        return [(t.text, t.start, t.end, t.key, t.word) for t in toks]

    assert key(ctx.tokens(s, e)) == key(T._tokens(text, s, e, folded))
    # the standard-library word pattern is the \p{L}\p{N} one it replaced
    ref = regex.compile(r"[\p{L}\p{N}](?:[\p{L}\p{N}&/_'\-]|\.(?=[\p{L}\p{N}]))*|[^\s\p{L}\p{N}]")
    assert [m.span() for m in T._WORD.finditer(text)] == [m.span() for m in ref.finditer(text)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Theo đó, các Cục Thuế thực hiện thanh tra, kiểm tra trên cơ sở kế hoạch đã phê duyệt.", ["Cục Thuế các tỉnh"]),
        ("Cục trưởng các Cục Thuế chỉ đạo các Đoàn Thanh tra thực hiện phân loại rủi ro.", ["Cục trưởng các Cục Thuế"]),
        ("Cục Thuế căn cứ các quy định nêu trên và tình hình thực tế để xử lý việc hoàn thuế.", ["Cục Thuế các tỉnh"]),
        ("Sở Y tế chủ trì, phối hợp với Sở Tài chính hướng dẫn thực hiện.", ["Sở Y tế"]),
        # law and guidance: no directive subject
        ("Doanh nghiệp được hoàn thuế theo quy định.", []),
        ("Công ty thực hiện kê khai thuế theo hướng dẫn tại Thông tư số 80/2021/TT-BTC.", []),
        ("Cục Thuế căn cứ Điều 4 Thông tư số 19/2013/TT-BTC.", []),
        ("Tổng cục Thuế thực hiện tổng hợp ý kiến của các đơn vị.", []),  # the issuer about itself
        ("Thông tư số 19/2013/TT-BTC quy định: Cục Thuế thực hiện thanh tra theo kế hoạch.", []),
        ("“Cơ sở kinh doanh thực hiện kê khai riêng đối với dự án đầu tư.”", []),
    ],
)
def test_issue3_subject_directive_without_request_verb(sentence: str, expected: list[str]) -> None:
    body = f"Kính gửi: Cục Thuế các tỉnh\n\nVề vấn đề này, Tổng cục Thuế có ý kiến như sau:\n{sentence}\n"
    got = _tasks(body, to=["Cục Thuế các tỉnh"], issuer="Tổng cục Thuế")
    assert [n for names in got.values() for n, _ in names] == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân cấp tỉnh",
         ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ", "Chủ tịch Ủy ban nhân dân cấp tỉnh"]),
        ("Chủ tịch Ủy ban nhân dân cấp tỉnh và người đứng đầu các cơ quan, tổ chức liên quan",
         ["Chủ tịch Ủy ban nhân dân cấp tỉnh", "người đứng đầu các cơ quan, tổ chức liên quan"]),
        ("Thủ trưởng các đơn vị thuộc Ngân hàng Nhà nước Việt Nam, các doanh nghiệp, tổ chức tín dụng có hoạt động kinh doanh vàng",
         ["Thủ trưởng các đơn vị thuộc Ngân hàng Nhà nước Việt Nam", "các doanh nghiệp, tổ chức tín dụng có hoạt động kinh doanh vàng"]),
        ("Chủ tịch, Phó Chủ tịch Ủy ban nhân dân tỉnh", ["Chủ tịch, Phó Chủ tịch Ủy ban nhân dân tỉnh"]),
        ("Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương và người sử dụng lao động",
         ["Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương", "người sử dụng lao động"]),
        ("Giám đốc Sở Khoa học và Công nghệ", ["Giám đốc Sở Khoa học và Công nghệ"]),
        ("Giám đốc, Thủ trưởng các Sở, ban, ngành", ["Giám đốc, Thủ trưởng các Sở, ban, ngành"]),
    ],
)
def test_issue3_execution_article_splits_bodies(subject: str, expected: list[str]) -> None:
    got = _tasks(f"Điều 6. Trách nhiệm thi hành\n{subject} chịu trách nhiệm thi hành Quyết định này./.", doc_type="QĐ")
    assert [n for n, _ in got["Điều 6"]] == expected


def test_issue3_article_clause_obligations_have_their_article_as_parent() -> None:
    body = """Điều 5. Hiệu lực thi hành và điều khoản chuyển tiếp
1. Quyết định này có hiệu lực thi hành từ ngày 15 tháng 12 năm 2025.
2. Bộ Tư pháp chủ trì, phối hợp với Bộ Văn hóa, Thể thao và Du lịch bảo đảm việc hợp nhất hoàn thành trước ngày 30 tháng 6 năm 2026.
Điều 6. Trách nhiệm thi hành
Bộ trưởng, Chủ tịch Ủy ban nhân dân cấp tỉnh chịu trách nhiệm thi hành Quyết định này./.
"""
    d = _doc(body, doc_type="QĐ")
    extract_tasks(d)
    ids = {t.id: t for t in d.tasks}
    assert ids["Điều 5.2"].parent == "Điều 5" and ids["Điều 5"].parent is None
    assert [a.name for a in ids["Điều 5"].assignees][0] == "Bộ Tư pháp"
    assert all(t.parent is None or t.parent in ids for t in d.tasks)


# --- silver-2 round: duties in legal texts, closings, applicants' requests --------------------------

DUTY_ARTICLES = [
    # an article whose lead-in names who carries the clauses below it
    ("Điều 4. Cập nhật, chia sẻ dữ liệu\nCác cơ quan quản lý cơ sở dữ liệu chuyên ngành có trách nhiệm:\n"
     "1. Cập nhật đầy đủ thông tin trong cơ sở dữ liệu.\n2. Hoàn thành việc kết nối trước ngày 01 tháng 7 năm 2026.\n",
     {"Điều 4": ["Các cơ quan quản lý cơ sở dữ liệu chuyên ngành"],
      "Điều 4.2": ["Các cơ quan quản lý cơ sở dữ liệu chuyên ngành"]}),
    # clauses "<body> có trách nhiệm …" under "Tổ chức thực hiện", with the "trong phạm vi" adverbial
    ("Điều 7. Tổ chức thực hiện\n1. Bộ Công an có trách nhiệm theo dõi, đôn đốc việc kết nối dữ liệu.\n"
     "2. Các bộ, cơ quan ngang bộ trong phạm vi chức năng, nhiệm vụ có trách nhiệm rà soát thủ tục hành chính.\n",
     {"Điều 7": ["Bộ Công an", "Các bộ, cơ quan ngang bộ"], "Điều 7.1": ["Bộ Công an"]}),
    # "X có trách nhiệm:" clause: each point under it is X's duty, however it opens
    ("Điều 8. Tổ chức thực hiện\n1. Ủy ban nhân dân cấp tỉnh có trách nhiệm:\n"
     "a) Công bố danh sách các xã đảo theo quy định;\n"
     "b) Căn cứ khả năng ngân sách, trình Hội đồng nhân dân cùng cấp ban hành chính sách hỗ trợ.\n",
     {"Điều 8.1.a": ["Ủy ban nhân dân cấp tỉnh"], "Điều 8.1.b": ["Ủy ban nhân dân cấp tỉnh"]}),
    # a "Trách nhiệm của X" clause heading; "<unit>, <issuer>" is one unit of the issuer
    ("Điều 5. Tổ chức thực hiện\n1. Trách nhiệm của Vụ Tổng hợp, Bộ Xây dựng\n"
     "a) Chủ trì, phối hợp với các đơn vị liên quan hướng dẫn thực hiện Thông tư này.\n"
     "2. Trung tâm Thông tin, Bộ Xây dựng chịu trách nhiệm bảo đảm hạ tầng kỹ thuật.\n",
     {"Điều 5.1.a": ["Vụ Tổng hợp, Bộ Xây dựng"], "Điều 5.2": ["Trung tâm Thông tin, Bộ Xây dựng"]}),
]


@pytest.mark.parametrize(("body", "expected"), DUTY_ARTICLES)
def test_issue3_duty_formula_in_legal_articles(body: str, expected: dict[str, list[str]]) -> None:
    got = _tasks(body, doc_type="TT", issuer="Bộ Xây dựng")
    for tid, names in expected.items():
        assert [n for n, r in got[tid] if r == "lead"] == names, (tid, got)


@pytest.mark.parametrize(
    "body",
    [
        # accountability, not a task
        "Điều 6. Trách nhiệm báo cáo\n1. Đơn vị báo cáo chịu trách nhiệm trước Bộ trưởng về tính chính xác của số liệu.\n",
        # a generic relative clause names no body in particular
        "Điều 3. Đơn vị báo cáo\n1. Cơ quan, đơn vị chịu trách nhiệm báo cáo ghi tên vào góc trên của biểu mẫu.\n",
        # the standing duties of a body set up by the decision stay under their title (no top task)
        "Điều 2. Nhiệm vụ của Tổ công tác:\n1. Nghiên cứu, đề xuất giải pháp.\n2. Theo dõi việc thực hiện.\n",
    ],
)
def test_issue3_no_top_level_duty_task(body: str) -> None:
    d = _doc(body, doc_type="QĐ", issuer="Bộ Tài chính")
    extract_tasks(d)
    assert [t.id for t in d.tasks if t.parent is None] == []


def test_issue3_execution_paragraph_after_the_last_clause_is_kept() -> None:
    body = """Điều 5. Hiệu lực và trách nhiệm thi hành
1. Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.
2. Người sử dụng lao động có trách nhiệm rà soát lại các thỏa thuận trong hợp đồng lao động.

Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Nghị định này./.
"""
    d = _doc(body, doc_type="NĐ", issuer="Chính phủ")
    extract_tasks(d)
    top = {t.id: [a.name for a in t.assignees] for t in d.tasks if t.parent is None}
    assert top == {"Điều 5": ["Các Bộ trưởng", "Thủ trưởng cơ quan ngang Bộ",
                              "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương"]}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the company applies to the tax office: no obligation placed by the issuer
        ("Trường hợp số thuế chưa được khấu trừ hết thì Công ty đề nghị cơ quan thuế quản lý trực tiếp giải quyết hoàn thuế.", []),
        ("Doanh nghiệp đề nghị Chi cục Hải quan nơi mở tờ khai kiểm tra thực tế hàng hóa.", []),
        # a request conditioned on difficulties asks for feedback
        ("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các Cục Thuế phản ánh về Tổng cục Thuế.", []),
        # the issuer's own request stays one
        ("Tổng cục Thuế đề nghị Cục Thuế tỉnh Nam Định kiểm tra hồ sơ hoàn thuế của Công ty.", ["Cục Thuế tỉnh Nam Định"]),
    ],
)
def test_issue3_who_makes_the_request(sentence: str, expected: list[str]) -> None:
    body = f"Kính gửi: Cục Thuế tỉnh Nam Định\n\nTổng cục Thuế có ý kiến như sau:\n{sentence}\n"
    got = _tasks(body, to=["Cục Thuế tỉnh Nam Định"], issuer="Tổng cục Thuế")
    assert [n for names in got.values() for n, r in names if r == "lead"] == expected


def test_issue3_list_of_units_is_not_a_list_of_tasks() -> None:
    body = """Kính gửi: Các đơn vị thuộc Bộ

Danh sách các đơn vị:
1. Văn phòng Bộ
2. Vụ Pháp chế
3. Văn phòng Quốc gia về giảm nghèo
"""
    assert _tasks(body, to=["Các đơn vị thuộc Bộ"], issuer="Bộ Lao động - Thương binh và Xã hội") == {}


@pytest.mark.parametrize(
    ("item", "support"),
    [
        ("1. Sở Y tế tăng cường phối hợp thanh tra, kiểm tra liên ngành về an toàn thực phẩm.", []),
        ("1. Sở Y tế chủ trì, phối hợp với Thanh tra tỉnh kiểm tra an toàn thực phẩm.", ["Thanh tra tỉnh"]),
        ("1. Sở Y tế chủ trì, phối hợp Công an tỉnh kiểm tra an toàn thực phẩm.", ["Công an tỉnh"]),
    ],
)
def test_issue3_phoi_hop_without_voi_needs_a_name(item: str, support: list[str]) -> None:
    got = _tasks(f"Kính gửi: Sở Y tế\n\n{item}\n", to=["Sở Y tế"], issuer="UBND tỉnh")
    assert [n for n, r in got["1"] if r == "support"] == support


# --- silver-4 round: headings that hand out the work, OCR'd list numbers, class names -----------------

HANDING_OUT = [
    # a clause heading that is only a body's name, with a colon, under "Tổ chức thực hiện"
    ("Điều 9. Tổ chức thực hiện\n1. Kho bạc Nhà nước:\na) Hướng dẫn thủ tục thanh toán cho các đơn vị;\n"
     "b) Định kỳ tổng hợp số liệu gửi Bộ Tài chính.\n2. Bộ Nội vụ: Theo dõi việc thực hiện chế độ tiền lương.\n",
     {"Điều 9.1.a": ["Kho bạc Nhà nước"], "Điều 9.1.b": ["Kho bạc Nhà nước"], "Điều 9.2": ["Bộ Nội vụ"],
      "Điều 9": ["Kho bạc Nhà nước", "Bộ Nội vụ"]}),
    # the same without a colon, and a name with a lower-case class after "Các"
    ("Điều 4. Tổ chức thực hiện\n1. Sở Y tế\n- Tổ chức tiêm chủng tại các điểm trường.\n"
     "2. Các cơ sở giáo dục mầm non, cơ sở giáo dục phổ thông:\n- Phối hợp lập danh sách học sinh.\n",
     {"Điều 4.1.1": ["Sở Y tế"], "Điều 4.2.1": ["Các cơ sở giáo dục mầm non, cơ sở giáo dục phổ thông"]}),
    # a roman section of a plan: the body heading wins over the Kính gửi default
    ("Kính gửi: Các sở, ban, ngành\n\nI. MỤC ĐÍCH, YÊU CẦU\nBảo đảm an toàn tuyệt đối cho lễ hội.\n"
     "II. TỔ CHỨC THỰC HIỆN\n1. Công an tỉnh\n- Bố trí lực lượng bảo đảm an ninh.\n"
     "2. Sở Văn hóa và Thể thao\n- Chuẩn bị chương trình nghệ thuật.\n",
     {"1.1": ["Công an tỉnh"], "2.1": ["Sở Văn hóa và Thể thao"]}),
]


@pytest.mark.parametrize(("body", "expected"), HANDING_OUT)
def test_issue3_implementation_heading_names_the_body_of_each_clause(body: str, expected: dict[str, list[str]]) -> None:
    got = _tasks(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ", to=["Các sở, ban, ngành"])
    for tid, names in expected.items():
        assert [n for n, r in got.get(tid, []) if r == "lead"] == names, (tid, got)


@pytest.mark.parametrize(
    "body",
    [
        # a list of papers under a body's name in an article that hands out no work
        "Điều 4. Hồ sơ đề nghị\n1. Doanh nghiệp:\na) Giấy đề nghị theo Mẫu số 01;\nb) Bản sao giấy phép.\n",
        # a heading whose name runs into a verb phrase is no body heading
        "Điều 6. Tổ chức thực hiện\n1. Bộ Tài chính tổng hợp kinh phí trong dự toán hằng năm theo quy định\n"
        "a) Số kinh phí năm đầu;\nb) Số kinh phí năm sau.\n",
    ],
)
def test_issue3_body_heading_only_where_the_work_is_handed_out(body: str) -> None:
    got = _tasks(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert "Điều 4.1.a" not in got and "Điều 6.1.a" not in got, got


def test_issue3_ocr_comma_after_a_list_number_continues_the_list() -> None:
    # an appended plan whose "2." was read as "2,": sections 2 and 3 keep their own bodies
    body = """Điều 2. Tổ chức thực hiện
1. Nhiệm vụ của Bộ Tài chính
- Hướng dẫn chế độ kế toán cho mô hình mới.
2, Nhiệm vu của Bộ Lao động - Thương binh và Xã hội
- Nghiên cứu chính sách bảo hiểm cho người lao động.
3. Nhiệm vụ của Bộ Xây dựng
Rà soát quy định về mô hình căn hộ - khách sạn.
4. Bộ Công an
- Bảo đảm an ninh thông tin.
"""
    got = _tasks(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert got["Điều 2.1.1"] == [("Bộ Tài chính", "lead")]
    assert got["Điều 2.2.1"] == [("Bộ Lao động - Thương binh và Xã hội", "lead")]
    assert got["Điều 2.3"] == [("Bộ Xây dựng", "lead")]
    assert got["Điều 2.4.1"] == [("Bộ Công an", "lead")]


@pytest.mark.parametrize(
    "body",
    [
        # a citation wrapped after "khoản": "2, Điều 5" is no list number
        "Kính gửi: Sở Tài chính\n\n1. Sở Tài chính thực hiện theo khoản 1, khoản\n2, Điều 5 Thông tư này.\n3. Sở Tài chính báo cáo.\n",
        # a place list wrapped after a comma
        "Kính gửi: Sở Tài chính\n\n1. Sở Tài chính cấp điện cho trạm bơm Đồng Bông 1,\n2, Cổ Nhuế và Yên Sở.\n3. Sở Tài chính báo cáo.\n",
        # no "3." follows: nothing confirms the sequence
        "Kính gửi: Sở Tài chính\n\n1. Sở Tài chính thực hiện kiểm tra.\n2, Sở Tài chính báo cáo kết quả.\n",
    ],
)
def test_issue3_comma_number_needs_its_sibling_sequence(body: str) -> None:
    got = _tasks(body, to=["Sở Tài chính"], issuer="UBND tỉnh")
    assert "2" not in got, got


@pytest.mark.parametrize(
    ("body", "tid", "names"),
    [
        # a generic head described by a verb, then the duty formula: the whole phrase is the class of bodies
        ("Điều 5. Khai thác thông tin\n1. Cá nhân được khai thác thông tin theo quy định.\n"
         "2. Cơ quan giải quyết thủ tục hành chính có trách nhiệm khai thác thông tin để thay thế giấy tờ.\n",
         "Điều 5.2", ["Cơ quan giải quyết thủ tục hành chính"]),
        # in a plan's item: "các đơn vị" described by "duy trì thoát nước" right before "chịu trách nhiệm"
        ("Điều 7. Tổ chức thực hiện\n1. Công ty Thoát nước và các đơn vị duy trì thoát nước chịu trách nhiệm chính "
         "trong việc bảo đảm tiêu thoát nước.\n",
         "Điều 7.1", ["Công ty Thoát nước", "các đơn vị duy trì thoát nước"]),
        # the same in a "Trách nhiệm …" clause heading (a noun phrase: its verb describes the units)
        ("Điều 6. Tổ chức thực hiện\n1. Trách nhiệm các đơn vị báo cáo\na) Gửi báo cáo đúng hạn.\n",
         "Điều 6.1.a", ["các đơn vị báo cáo"]),
    ],
)
def test_issue3_class_of_bodies_named_by_a_verb(body: str, tid: str, names: list[str]) -> None:
    got = _tasks(body, doc_type="TT", issuer="Bộ Nội vụ")
    assert [n for n, r in got[tid] if r == "lead"] == names, got


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        # a catch-all after "và" is a body of its own, not the tail of the last post
        ("Điều 3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ và cơ quan, tổ chức, đơn vị, cá nhân có liên quan "
         "chịu trách nhiệm thi hành Quyết định này./.",
         ["Các Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "cơ quan, tổ chức, đơn vị, cá nhân có liên quan"]),
        # the execution formula's list is read once (the bare duty formula inside it cuts no name out of it)
        ("Điều 4. Chánh Văn phòng Bộ, Thủ trưởng các cơ quan, tổ chức, doanh nghiệp và cá nhân có liên quan "
         "chịu trách nhiệm thi hành Thông tư này./.",
         ["Chánh Văn phòng Bộ", "Thủ trưởng các cơ quan, tổ chức, doanh nghiệp", "cá nhân có liên quan"]),
    ],
)
def test_issue3_execution_list_names(article: str, expected: list[str]) -> None:
    got = _tasks(article + "\n", doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    tid = article.split(".")[0]
    assert [n for n, r in got[tid] if r == "lead"] == expected, got


def test_issue3_one_word_abbreviation_heads_only_in_capitals() -> None:
    # "ĐU" (Đảng ủy) folds like the "Du" of "Du lịch": a ministry's name is not cut there
    body = "Điều 2. Tổ chức thực hiện\n1. Nhiệm vụ của Bộ Văn hóa-Thể thao và Du lịch\n- Nghiên cứu mô hình lưu trú mới.\n"
    got = _tasks(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert got["Điều 2.1.1"] == [("Bộ Văn hóa-Thể thao và Du lịch", "lead")]


@pytest.mark.parametrize(
    ("sentence", "to", "expected"),
    [
        # the honorific addresses the reader: the Kính gửi body it names
        ("Chi cục đề nghị Quý Doanh nghiệp khi có phát sinh tờ khai phải cam kết bằng văn bản.",
         ["Quý Doanh nghiệp làm thủ tục tại Chi cục Hải quan Bắc Ninh"],
         ["Quý Doanh nghiệp làm thủ tục tại Chi cục Hải quan Bắc Ninh"]),
        # … or every addressee when it names none of them
        ("Bộ Tài chính đề nghị Quý cơ quan, đơn vị có ý kiến đối với dự thảo Nghị định.",
         ["Bộ Tư pháp", "Bộ Công Thương"], ["Bộ Tư pháp", "Bộ Công Thương"]),
        ("Bộ Khoa học và Công nghệ kính đề nghị Quý Bộ thẩm định hồ sơ đề nghị xây dựng Luật.",
         ["Bộ Tư pháp"], ["Bộ Tư pháp"]),
    ],
)
def test_issue3_honorific_quy_is_the_addressee(sentence: str, to: list[str], expected: list[str]) -> None:
    body = "Kính gửi:\n" + "".join(f"- {t};\n" for t in to) + f"\n{sentence}\n"
    got = _tasks(body, to=to, issuer="Bộ Tài chính")
    assert [n for names in got.values() for n, r in names if r == "lead"] == expected, got


# --- precision audit (tasks that are no obligation, names that are no body) -------------------------------

AUDIT_LEADIN = "Kính gửi: Sở Tài chính\n\nĐề nghị Sở Tài chính thực hiện:\n"


@pytest.mark.parametrize(
    ("items", "kept"),
    [
        # an amending clause (Decree 30 drafting) obliges nobody; its points are the new wording …
        ("1. Sửa đổi khoản 2 Điều 7 như sau:\n“2. Thương nhân báo cáo kết quả.”\n2. Rà soát hồ sơ tồn đọng.\n", ["2"]),
        ("1. Sửa đổi, bổ sung điểm a khoản 3 Điều 5 như sau:\na) Nộp hồ sơ qua Cổng.\n2. Rà soát hồ sơ.\n", ["2"]),
        ("1. Thay thế cụm từ “Sở Kế hoạch” bằng cụm từ “Sở Tài chính” tại Điều 4.\n2. Rà soát hồ sơ.\n", ["2"]),
        # … while a plan's item that asks for a law to be amended (no provision, no formula) is a task
        ("1. Sửa đổi Luật Quản lý thuế để bảo đảm thống nhất.\n2. Rà soát hồ sơ.\n", ["1", "2"]),
        # an item that only names a form and its code lists a form …
        ("1. Báo cáo tình hình tài chính Mẫu số B01a - DNN\n2. Báo cáo kết quả hoạt động kinh doanh Mẫu số B02 - DNN\n"
         "3. Rà soát hồ sơ.\n", ["3"]),
        # … "theo Mẫu số" asks for the report on that form
        ("1. Báo cáo kết quả thực hiện theo Mẫu số 02 gửi về Bộ.\n2. Rà soát hồ sơ.\n", ["1", "2"]),
    ],
)
def test_audit_amendments_and_form_titles_are_no_tasks(items: str, kept: list[str]) -> None:
    got = _tasks(AUDIT_LEADIN + items, to=["Sở Tài chính"], issuer="Bộ Tài chính")
    assert sorted(got) == kept, got


@pytest.mark.parametrize(
    ("body", "tid", "names"),
    [
        # "do <agent> <verb>" is a relative phrase after the body's name, not part of it
        ("Điều 16. Bộ phận tuân thủ\n1. Ban kiểm soát do Đại hội đồng cổ đông bầu có trách nhiệm:\n"
         "a) Giám sát việc tuân thủ.\n", "Điều 16.1.a", ["Ban kiểm soát"]),
        # "Hậu cần" and "việc làm" are words of a name, not the verb "cần" / "làm"
        ("Điều 20. Trách nhiệm thi hành\n1. Tổng cục Hậu cần - Kỹ thuật chỉ đạo sản xuất trang phục.\n",
         "Điều 20.1", ["Tổng cục Hậu cần - Kỹ thuật"]),
        # a post whose title ends in "trưởng" is one title ("Hiệu trưởng", not "trưởng trường")
        ("Điều 3. Giám đốc sở giáo dục và đào tạo; Hiệu trưởng trường đại học chịu trách nhiệm thi hành Thông tư này.\n",
         "Điều 3", ["Giám đốc sở giáo dục và đào tạo", "Hiệu trưởng trường đại học"]),
        # the body of a duty title is read on the title's line only (not doubled by the body's first line) …
        ("Điều 24. Trách nhiệm của Bộ Văn hóa, Thể thao và Du lịch\nBộ Văn hóa, Thể thao và Du lịch chịu trách "
         "nhiệm trước Chính phủ và có trách nhiệm sau đây:\n1. Kiểm tra hoạt động quảng cáo.\n",
         "Điều 24.1", ["Bộ Văn hóa, Thể thao và Du lịch"]),
        # … and after "của" a word that is also a verb ("tổ chức") opens the body's name
        ("Điều 34. Trách nhiệm của tổ chức dịch vụ việc làm công\n1. Tổ chức tư vấn, giới thiệu việc làm cho người lao động.\n",
         "Điều 34.1", ["tổ chức dịch vụ việc làm công"]),
        ("Điều 34. Trách nhiệm của Tổ công tác\n1. Tổ chức tư vấn, giới thiệu việc làm cho người lao động.\n",
         "Điều 34.1", ["Tổ công tác"]),
    ],
)
def test_audit_names_end_where_the_body_does(body: str, tid: str, names: list[str]) -> None:
    got = _tasks(body, doc_type="TT", issuer="Bộ Quốc phòng")
    assert [n for n, r in got[tid] if r == "lead"] == names, got


@pytest.mark.parametrize(
    ("sentence", "bad"),
    [
        # "nhiệm vụ", "dịch vụ", "hồ sơ", "văn bản": a one-word head glued to the word before it is no body
        ("Sở Tài chính thực hiện nhiệm vụ được giao và báo cáo kết quả.", "vụ"),
        ("Sở Tài chính thực hiện dịch vụ công trực tuyến, dữ liệu điện tử theo quy định.", "vụ"),
        ("Đề nghị các đơn vị gửi hồ sơ về Sở Tài chính.", "sơ"),
    ],
)
def test_audit_compound_words_are_no_heads(sentence: str, bad: str) -> None:
    got = _tasks("Kính gửi: Sở Tài chính\n\n" + sentence + "\n", to=["Sở Tài chính"], issuer="Bộ Tài chính")
    names = [n for v in got.values() for n, _ in v]
    assert not any(n.lower().startswith(bad) for n in names), got
    assert names, got  # the true body is still there


@pytest.mark.parametrize(
    ("definitions", "names"),
    [
        # the second of two definitions in one sentence names only what follows the first one's ")"
        ("Điều 1. Đối tượng áp dụng\nSở Nội vụ tỉnh, thành phố (sau đây viết tắt là Sở Nội vụ), tổ chức dịch vụ "
         "việc làm công do cơ quan quản lý nhà nước thành lập (sau đây viết tắt là tổ chức dịch vụ việc làm công).\n",
         ["tổ chức dịch vụ việc làm công"]),
        # a single definition still expands the short name to the body it stands for
        ("Điều 1. Đối tượng áp dụng\nTrung tâm Dịch vụ việc làm Hà Nội (sau đây gọi tắt là Trung tâm) thực hiện "
         "chính sách.\n", ["Trung tâm Dịch vụ việc làm Hà Nội"]),
    ],
)
def test_audit_second_definition_in_a_sentence(definitions: str, names: list[str]) -> None:
    body = definitions + ("Điều 34. Trách nhiệm của " + ("tổ chức dịch vụ việc làm công" if "tổ chức" in names[0]
                                                       else "Trung tâm") + "\n1. Tổ chức tư vấn việc làm.\n")
    got = _tasks(body, doc_type="TT", issuer="Bộ Nội vụ")
    assert [n for n, r in got["Điều 34.1"] if r == "lead"] == names, got


# --- precision audit 2: text that states rather than directs ----------------------------------------------

def _task_starts(body: str, **kw: object) -> list[str]:
    """The first five words of every task's text."""
    d = _doc(body, **kw)  # type: ignore[arg-type]
    extract_tasks(d)
    return [" ".join(d.text[t.start : t.end].split()[:5]) for t in d.tasks]


PLAN_HEAD = "Kính gửi: Sở Tài chính\n\nỦy ban nhân dân tỉnh ban hành Kế hoạch như sau:\n"


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # a plan's goals are no duties, the section that hands out work is …
        ("I. MỤC TIÊU\n1. Nâng cao chất lượng dịch vụ công trực tuyến.\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n"
         "1. Sở Tài chính rà soát thủ tục hành chính.\n", ["Sở Tài chính rà soát"]),
        ("I. MỤC ĐÍCH, YÊU CẦU\n- Bảo đảm thoát nước nhanh khi mưa lớn.\nII. NHIỆM VỤ\n"
         "1. Sở Tài chính bố trí kinh phí.\n", ["Sở Tài chính bố trí"]),
        # … and a heading that names work next to the goals still hands it out
        ("I. MỤC TIÊU, NHIỆM VỤ\n1. Sở Tài chính rà soát thủ tục hành chính.\n", ["Sở Tài chính rà soát"]),
        # a submission's principles ("Quan điểm chỉ đạo") and a law's scope state, they do not direct
        ("II. QUAN ĐIỂM\n1. Đảm bảo tính thống nhất của hệ thống pháp luật.\nIII. TỔ CHỨC THỰC HIỆN\n"
         "1. Sở Tài chính tổng hợp kết quả.\n", ["Sở Tài chính tổng hợp"]),
    ],
)
def test_audit2_goal_and_scope_sections_set_no_tasks(body: str, kept: list[str]) -> None:
    got = _task_starts(PLAN_HEAD + body, to=["Sở Tài chính"], issuer="Ủy ban nhân dân tỉnh")
    assert got == kept, got


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # a definition list defines words …
        ("Điều 3. Giải thích từ ngữ\nTrong Thông tư này, các từ ngữ dưới đây được hiểu như sau:\n"
         "1. Cơ quan quản lý là cơ quan thực hiện việc cấp phép.\n"
         "Điều 4. Trách nhiệm của Sở Tài chính\n1. Hướng dẫn lập dự toán.\n", ["Hướng dẫn lập dự toán."]),
        # … while a duty list under a lead-in obliges
        ("Điều 4. Trách nhiệm của Sở Tài chính\nSở Tài chính có trách nhiệm sau đây:\n1. Hướng dẫn lập dự toán.\n",
         ["Trách nhiệm của Sở Tài", "Hướng dẫn lập dự toán."]),
    ],
)
def test_audit2_definitions_are_no_tasks(body: str, kept: list[str]) -> None:
    got = _task_starts(body, doc_type="TT", issuer="Bộ Tài chính")
    assert got == kept, got


@pytest.mark.parametrize(
    ("items", "kept"),
    [
        # "Báo cáo" + a report's name is a noun: the item lists a report …
        ("1. Báo cáo tình hình tài chính năm 2025.\n2. Rà soát hồ sơ.\n", ["Rà soát hồ sơ."]),
        ("1. Báo cáo bắt buộc:\n2. Rà soát hồ sơ.\n", ["Rà soát hồ sơ."]),
        ("1. Báo cáo của Ủy ban Thường vụ Quốc hội\n2. Rà soát hồ sơ.\n", ["Rà soát hồ sơ."]),
        # … while "Báo cáo" with where or by when to send it asks for one
        ("1. Báo cáo kết quả thực hiện về Sở trước ngày 15/12.\n2. Rà soát hồ sơ.\n", ["Báo cáo kết quả thực", "Rà soát hồ sơ."]),
        ("1. Báo cáo tình hình tài chính năm 2025 gửi về Bộ trước ngày 31/3.\n2. Rà soát hồ sơ.\n",
         ["Báo cáo tình hình tài", "Rà soát hồ sơ."]),
    ],
)
def test_audit2_report_names_are_no_tasks(items: str, kept: list[str]) -> None:
    got = _task_starts(AUDIT_LEADIN + items, to=["Sở Tài chính"], issuer="Bộ Tài chính")
    assert got == kept, got


@pytest.mark.parametrize(
    ("items", "kept"),
    [
        # a right ("có thể", "được") is no duty …
        ("- Kho bạc Nhà nước có thể tra cứu thông tin nộp thuế trên Cổng thông tin.\n"
         "- Kho bạc Nhà nước thực hiện hạch toán khoản thu.\n", ["Kho bạc Nhà nước thực"]),
        # … "được giao" hands out work
        ("- Kho bạc Nhà nước được giao chủ trì hạch toán khoản thu.\n- Kho bạc Nhà nước thực hiện đối chiếu.\n",
         ["Kho bạc Nhà nước được", "Kho bạc Nhà nước thực"]),
    ],
)
def test_audit2_permissions_are_no_tasks(items: str, kept: list[str]) -> None:
    got = _task_starts("Kính gửi: Kho bạc Nhà nước\n\nBộ Tài chính hướng dẫn như sau:\n" + items,
                       to=["Kho bạc Nhà nước"], issuer="Bộ Tài chính")
    assert got == kept, got


# --- generalisation round 4 (silver8) and precision audit 3 ------------------------------------------------

@pytest.mark.parametrize(
    ("body", "tid", "names"),
    [
        # after "Trách nhiệm của" on a title line only a noun phrase stands: it names the body even when
        # no known head word opens it, and a verb inside it describes the body ("người nộp thuế")
        ("Điều 6. Trách nhiệm của người nộp thuế\n1. Nộp hồ sơ đúng hạn.\n", "Điều 6.1", ["người nộp thuế"]),
        ("Điều 5. Trách nhiệm của khách hàng vay vốn\n1. Thực hiện đúng cam kết, hoàn trả nợ gốc và lãi đúng hạn.\n", "Điều 5.1",
         ["khách hàng vay vốn"]),
        ("Điều 2. Quyền và trách nhiệm của cơ quan, tổ chức sử dụng dịch vụ\n1. Phối hợp kiểm tra an ninh mạng.\n",
         "Điều 2.1", ["cơ quan, tổ chức sử dụng dịch vụ"]),
        ("Điều 3. Trách nhiệm của các tổ chức, doanh nghiệp liên quan đến hoạt động cung cấp dịch vụ\n"
         "1. Tổ chức thực hiện các quy định về dịch vụ.\n", "Điều 3.1",
         ["các tổ chức, doanh nghiệp liên quan đến hoạt động cung cấp dịch vụ"]),
        # a qualifier ends the name, "và" joins two bodies
        ("Điều 45. Trách nhiệm của chủ sở hữu và tổ chức vận hành trong việc chấm dứt hoạt động\n"
         "1. Chuẩn bị báo cáo đánh giá an toàn.\n", "Điều 45.1", ["chủ sở hữu", "tổ chức vận hành"]),
        # a known body is still read by the scanner (split at "và <Head>")
        ("Điều 9. Trách nhiệm của Bộ Y tế và Bộ Tài chính\n1. Hướng dẫn thực hiện Thông tư này.\n", "Điều 9.1",
         ["Bộ Y tế", "Bộ Tài chính"]),
    ],
)
def test_issue3_duty_title_names_a_body_without_a_head(body: str, tid: str, names: list[str]) -> None:
    got = _tasks("Điều 1. Phạm vi điều chỉnh\nThông tư này quy định về mạng.\n" + body, doc_type="TT",
                 issuer="Bộ Tài chính")
    assert [n for n, r in got[tid] if r == "lead"] == names, got


@pytest.mark.parametrize(
    ("body", "tid", "leads", "support"),
    [
        # a duties article without points is itself the duty: nothing under it would carry it
        ("Điều 17. Trách nhiệm của Bộ Tài chính\nChủ trì, phối hợp với Bộ Khoa học và Công nghệ, Bộ Quốc phòng "
         "bảo đảm kinh phí đầu tư.\n", "Điều 17", ["Bộ Tài chính"], ["Bộ Khoa học và Công nghệ", "Bộ Quốc phòng"]),
        ("Điều 7. Trách nhiệm của hộ kinh doanh\nKê khai doanh thu hằng quý.\n", "Điều 7", ["hộ kinh doanh"], []),
        # an article that hands out the work ("Trách nhiệm thực hiện", "Tổ chức thực hiện") without points:
        # its text directs a body without the duty formula (a joint circular's closing article)
        ("Điều 5. Trách nhiệm thực hiện\nSở Y tế các tỉnh, thành phố trực thuộc trung ương tổng hợp tình hình "
         "thực hiện, báo cáo Bộ Y tế trước ngày 30/6/2024.\n", "Điều 5",
         ["Sở Y tế các tỉnh, thành phố trực thuộc trung ương"], []),
        ("Điều 5. Tổ chức thực hiện\nBộ Tư pháp chủ trì, phối hợp với Bộ Nội vụ hướng dẫn thực hiện Quyết định này.\n",
         "Điều 5", ["Bộ Tư pháp"], ["Bộ Nội vụ"]),
    ],
)
def test_issue3_duty_article_without_points_is_a_task(body: str, tid: str, leads: list[str], support: list[str]) -> None:
    got = _tasks("Điều 1. Phạm vi điều chỉnh\nQuyết định này quy định về mạng.\n" + body, doc_type="QĐ",
                 issuer="Thủ tướng Chính phủ")
    assert [n for n, r in got[tid] if r == "lead"] == leads, got
    assert [n for n, r in got[tid] if r == "support"] == support, got


def test_issue3_duty_article_with_points_keeps_them_under_it() -> None:
    # gold/dev congbao-qd-798: "Điều 2. Nhiệm vụ của Ban Chỉ đạo: 1. …" is no task (the gold lists only the
    # execution article Điều 7); its points are kept under it ("Điều 2.1", parent "Điều 2", not scored)
    got = _tasks("Điều 1. Thành lập Ban Chỉ đạo.\nĐiều 2. Nhiệm vụ của Ban Chỉ đạo:\n1. Nghiên cứu, đề xuất chính sách.\n"
                 "2. Chỉ đạo, đôn đốc các bộ, ngành.\n", doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert "Điều 2" not in got and "Điều 2.1" in got, got


def test_issue3_numbered_duty_heading_is_the_task_and_its_points_its_children() -> None:
    # The contract: "each numbered item … and their lettered children (ids 1, 1.a) is a task". The gold
    # agrees: silver4 vbpl-186966 "Điều 16. Tổ chức thực hiện / 1. Ngân hàng Chính sách xã hội: a) …" is
    # one task (the container, with every clause heading's body as assignee), and silver tax182
    # "3. Về thẩm quyền …: - Ủy ban nhân dân cấp tỉnh …" is task "3" with its bullets' bodies. No gold has a
    # point ("1.a") as a top-level task. So "1. Nhiệm vụ của Bộ Tài chính: a) … b) …" in a letter stays
    # task "1" (its body is the assignee) and its points stay under it with that body.
    body = ("Kính gửi: Các bộ, ngành\n\nĐề nghị các bộ, ngành thực hiện các nhiệm vụ sau:\n"
            "1. Nhiệm vụ của Bộ Tài chính:\na) Hướng dẫn chính sách thuế đối với kinh tế chia sẻ;\n"
            "b) Chủ trì xây dựng cơ chế chia sẻ dữ liệu.\n"
            "2. Nhiệm vụ của Bộ Công Thương:\na) Nghiên cứu cơ chế khuyến khích thương mại điện tử.\n")
    d = _doc(body, to=["Các bộ, ngành"], issuer="Bộ Kế hoạch và Đầu tư")
    extract_tasks(d)
    top = {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in d.tasks if t.parent is None}
    assert top == {"1": ["Bộ Tài chính"], "2": ["Bộ Công Thương"]}, top
    kids = {t.id: (t.parent, [a.name for a in t.assignees]) for t in d.tasks if t.parent is not None}
    assert kids == {"1.a": ("1", ["Bộ Tài chính"]), "1.b": ("1", ["Bộ Tài chính"]),
                    "2.a": ("2", ["Bộ Công Thương"])}, kids


def test_issue3_implementation_article_stating_no_directive_is_no_task() -> None:
    got = _tasks("Điều 1. Phạm vi điều chỉnh\nQuyết định này quy định về mạng.\n"
                 "Điều 5. Tổ chức thực hiện\nQuyết định này có hiệu lực kể từ ngày ký.\n", doc_type="QĐ",
                 issuer="Thủ tướng Chính phủ")
    assert "Điều 5" not in got, got


@pytest.mark.parametrize(
    "body",
    [
        # a power granted is no duty ("Thẩm quyền xử phạt của …")
        "Điều 19. Thẩm quyền xử phạt của Cục trưởng Cục Đường bộ Việt Nam, Giám đốc Sở Xây dựng\n"
        "1. Giám đốc Sở Xây dựng có quyền phạt cảnh cáo.\n",
        "Điều 19. Thẩm quyền của Chủ tịch Ủy ban nhân dân cấp tỉnh\nChủ tịch Ủy ban nhân dân cấp tỉnh quyết định "
        "phạt tiền đến 50.000.000 đồng.\n",
    ],
)
def test_audit3_competence_articles_set_no_tasks(body: str) -> None:
    got = _tasks("Điều 1. Phạm vi điều chỉnh\nNghị định này quy định xử phạt.\n" + body, doc_type="NĐ",
                 issuer="Chính phủ")
    assert not any(k.startswith("Điều 19") for k in got), got


@pytest.mark.parametrize(
    ("sentence", "bad"),
    [
        # a toned look-alike of "Ban" is another word; "Bộ luật", "Bản sao" (OCR "Ban sao") name things
        ("d) Bàn giao đối tượng cho cơ quan quản lý xuất nhập cảnh khi được yêu cầu;", "Bàn giao"),
        ("1. Bộ luật Hình sự năm 2015 đã quy định chi tiết các hành vi trốn thuế.", "Bộ luật"),
        ("- Ban sao giấy chứng nhận đăng ký doanh nghiệp có xác nhận của Ủy ban nhân dân xã.", "Ban sao"),
    ],
)
def test_audit3_things_that_fold_like_a_head_are_no_bodies(sentence: str, bad: str) -> None:
    got = _tasks("Kính gửi: Cục Thuế tỉnh Bình Dương\n\n" + sentence + "\n", to=["Cục Thuế tỉnh Bình Dương"],
                 issuer="Tổng cục Thuế")
    names = [n for v in got.values() for n, _ in v]
    assert not any(n.startswith(bad) for n in names), got


def test_audit3_name_stops_before_luu_y() -> None:
    got = _tasks("Kính gửi: Cục Thuế các tỉnh, thành phố\n\nTổng cục Thuế đề nghị các đơn vị lưu ý những nội dung "
                 "sau đây.\n", to=["Cục Thuế các tỉnh, thành phố"], issuer="Tổng cục Thuế")
    names = [n for v in got.values() for n, _ in v]
    assert names == ["Cục Thuế các tỉnh, thành phố"], got


def test_audit3_submission_items_oblige_not_its_addressee() -> None:
    # a tờ trình submits upward: "Kính gửi: Chính phủ" is the approver, its proposals oblige nobody
    body = ("Kính gửi: Chính phủ\n\nBộ Tài chính kính trình Chính phủ như sau:\n"
            "1. Đẩy mạnh công tác tuyên truyền, phổ biến Luật.\n2. Kiểm tra, giám sát tình hình thi hành Luật.\n")
    got = _tasks(body, to=["Chính phủ"], doc_type="TTr", issuer="Bộ Tài chính")
    assert not any(n == "Chính phủ" for v in got.values() for n, _ in v), got


# --- round 5 (precision): names end before a verb, the asked body leads, "cùng với" accompanies ---


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # OCR drops the mark of "ký" and writes "để" as "đề": neither belongs to a body's name
        ("1. Giao Vụ HTQT ky văn bản gửi các Vụ/đơn vị có liên quan.", {"1": [("Vụ HTQT", "lead")]}),
        ("1. Giao Vụ Pháp chế ký văn bản gửi các đơn vị.", {"1": [("Vụ Pháp chế", "lead")]}),
        ("1. Sở Y tế định kỳ báo cáo Ủy ban nhân dân tỉnh.", {"1": [("Sở Y tế", "lead")]}),
        ("1. Giao Tổ công tác đề án 06 tỉnh rà soát dữ liệu.", {"1": [("Tổ công tác đề án 06 tỉnh", "lead")]}),
    ],
)
def test_issue3_name_ends_before_a_verb(body: str, expected: dict[str, list[tuple[str, str]]]) -> None:
    assert _tasks(body) == expected


def test_issue3_name_ends_before_ocr_damaged_de() -> None:
    got = _tasks("1. Giao Cục Thuế tiếp tục phối hợp với cơ quan Hải quan đề có cơ sở dữ liệu nhận diện rủi ro.")
    assert got == {"1": [("Cục Thuế", "lead"), ("cơ quan Hải quan", "support")]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "đề nghị X yêu cầu Y …": X is asked to require Y; the dispatch obliges X
        (
            "Bộ Lao động — Thương binh và Xã hội đề nghị Công đoàn Khu kinh tế Hải Phòng yêu cầu doanh nghiệp "
            "căn cứ vào các văn bản quy phạm pháp luật hiện hành để thực hiện.",
            {"p1": [("Công đoàn Khu kinh tế Hải Phòng", "lead")]},
        ),
        ("1. Đề nghị Sở Y tế yêu cầu các bệnh viện báo cáo số ca mắc.", {"1": [("Sở Y tế", "lead")]}),
        # two requests, two clauses: both bodies are asked
        ("1. Giao Sở A chủ trì và yêu cầu Sở B báo cáo.", {"1": [("Sở A", "lead"), ("Sở B", "lead")]}),
        ("1. Đề nghị Sở A chủ trì; yêu cầu Sở B báo cáo.", {"1": [("Sở A", "lead"), ("Sở B", "lead")]}),
    ],
)
def test_issue3_asked_to_ask(body: str, expected: dict[str, list[tuple[str, str]]]) -> None:
    assert _tasks(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "1. Trung tâm Quản lý hạ tầng kỹ thuật thành phố Hà Nội: Là đầu mối cùng với Công ty TNHH MTV Thoát "
            "nước Hà Nội và các đơn vị duy trì thoát nước chịu trách nhiệm chính trong việc đảm bảo tiêu thoát nước.",
            {"1": [("Trung tâm Quản lý hạ tầng kỹ thuật thành phố Hà Nội", "lead"),
                   ("Công ty TNHH MTV Thoát nước Hà Nội", "support"), ("các đơn vị duy trì thoát nước", "support")]},
        ),
        ("1. Sở A cùng với Sở B chịu trách nhiệm tổ chức thực hiện.", {"1": [("Sở A", "lead"), ("Sở B", "support")]}),
    ],
)
def test_issue3_together_with_accompanies(body: str, expected: dict[str, list[tuple[str, str]]]) -> None:
    """hanoi-qd-2280: "X cùng với Y … chịu trách nhiệm": X answers for the work, Y works with it."""
    assert _tasks(body) == expected


def test_issue3_opening_subject_makes_the_request() -> None:
    """A body the point opens with does the work; a request later in its clause is its own act."""
    got = _tasks(
        "1. Sở Nội vụ trong thời gian 07 ngày làm việc có trách nhiệm xem xét, có văn bản đề nghị cơ quan chức năng "
        "cấp giấy chứng nhận.\n2. Sở Tài chính tổng hợp báo cáo; đề nghị Sở Kế hoạch và Đầu tư phối hợp.\n"
        "3. Cục Thuế đề nghị các Chi cục Thuế báo cáo.\n4. Sở Y tế tổng hợp và đề nghị Bộ Y tế hỗ trợ vắc xin.\n"
    )
    assert got == {
        "1": [("Sở Nội vụ", "lead")],
        "2": [("Sở Tài chính", "lead"), ("Sở Kế hoạch và Đầu tư", "lead")],
        "3": [("các Chi cục Thuế", "lead")],
        "4": [("Sở Y tế", "lead")],
    }


_ANNEX_LETTER = """Kính gửi: Các Cục Thuế.

Đề nghị các Cục Thuế khẩn trương tuyên truyền, phổ biến nội dung mới của Thông tư.

Nơi nhận:
- Như trên;
- Lưu: VT.

PHỤ LỤC
{title}
(Ban hành kèm theo công văn số 49/TCT-KK ngày 10/3/2021 của Tổng cục Thuế)

1. Bố trí điểm rửa tay tại các phòng họp.

2. Lập danh sách người tham dự họp.

3. Sở Y tế tỉnh, thành phố trực thuộc trung ương:

a) Giám sát y tế tại nơi lưu trú.

b) Chuẩn bị sẵn sàng các cơ sở thu dung điều trị.
"""


def _annex_tasks(title: str) -> dict[str, list[tuple[str, str]]]:
    text = _ANNEX_LETTER.format(title=title)
    d = _doc(text, to=["Các Cục Thuế"])
    d.segments = Segments()
    start = d.text.index("Đề nghị")
    nn = d.text.index("Nơi nhận")
    pl = d.text.index("PHỤ LỤC")
    d.segments.body = Block(start, nn)
    d.segments.noi_nhan = Block(nn, pl)
    d.segments.appendix = Block(pl, len(d.text))
    extract_tasks(d)
    return {t.id: [(a.name, a.role) for a in t.assignees] for t in d.tasks}


@pytest.mark.parametrize(
    ("title", "expected_pl"),
    [
        # criteria, job descriptions, the new points of a text, forms: no item of the annex obliges anyone
        ("GIỚI THIỆU MỘT SỐ NỘI DUNG MỚI CỦA THÔNG TƯ SỐ 19/2021/TT-BTC", []),
        ("TIÊU CHÍ VÀ NGUYÊN TẮC CHO ĐIỂM GIẢI THƯỞNG CHẤT LƯỢNG QUỐC GIA", []),
        ("MÔ TẢ CÔNG VIỆC VÀ KHUNG NĂNG LỰC CỦA VỊ TRÍ VIỆC LÀM", []),
        ("MẪU VĂN BẢN ÁP DỤNG TRONG HỒ SƠ THỦ TỤC KHEN THƯỞNG", []),
        # a guideline obliges the bodies it names only; its unnamed rules of conduct are no tasks
        # ("3. Sở Y tế …:" names the body its points belong to: it is the task "PL.3", its points "PL.3.a/b")
        ("HƯỚNG DẪN Y TẾ PHÒNG, CHỐNG DỊCH COVID-19", ["PL.3", "PL.3.a", "PL.3.b"]),
        # a plan hands out work: its items stay tasks even before a body is named
        ("KẾ HOẠCH TRIỂN KHAI THÔNG TƯ SỐ 19/2021/TT-BTC", ["PL.1", "PL.2", "PL.3", "PL.3.a", "PL.3.b"]),
    ],
)
def test_issue3_annex_genre_decides_its_items(title: str, expected_pl: list[str]) -> None:
    got = _annex_tasks(title)
    assert got["p1"] == [("các Cục Thuế", "lead")]
    assert sorted(k for k in got if k.startswith("PL.")) == expected_pl


@pytest.mark.parametrize(
    ("body", "tid", "names"),
    [
        # under a heading that hands out the work, a clause heading that is a short noun phrase names the body
        ("Điều 16. Tổ chức thực hiện\n1. Ngân hàng Chính sách xã hội:\na) Hướng dẫn hồ sơ vay vốn.\n"
         "2. Khách hàng vay vốn:\na) Sử dụng vốn vay đúng mục đích.\n", "Điều 16.2.a", ["Khách hàng vay vốn"]),
        ("Điều 16. Tổ chức thực hiện\n1. Ngân hàng Chính sách xã hội:\na) Hướng dẫn hồ sơ vay vốn.\n"
         "2. Cơ quan, tổ chức mời.\na) Xây dựng phương án nhập cảnh.\n", "Điều 16.2.a", ["Cơ quan, tổ chức mời"]),
        # … and so does the duty formula after such a phrase (silver4 vbpl-186966)
        ("Điều 16. Tổ chức thực hiện\n1. Ngân hàng Chính sách xã hội:\na) Hướng dẫn hồ sơ vay vốn.\n"
         "2. Khách hàng vay vốn có trách nhiệm sử dụng vốn vay đúng mục đích.\n", "Điều 16.2", ["Khách hàng vay vốn"]),
    ],
)
def test_issue3_clause_heading_without_a_known_head(body: str, tid: str, names: list[str]) -> None:
    got = _tasks(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert [n for n, r in got[tid] if r == "lead"] == names, got


@pytest.mark.parametrize(
    "body",
    [
        # an adverbial or a topic is no actor
        "Điều 16. Tổ chức thực hiện\n1. Đối với người học:\na) Sử dụng vốn vay đúng mục đích.\n",
        "Điều 16. Tổ chức thực hiện\n1. Thời hạn thực hiện:\na) Năm 2026.\n",
    ],
)
def test_issue3_clause_heading_that_names_no_actor(body: str) -> None:
    got = _tasks(body, doc_type="QĐ", issuer="Thủ tướng Chính phủ")
    assert all(n not in ("Đối với người học", "Thời hạn thực hiện") for v in got.values() for n, _ in v), got


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        # a principles section states … unless an item opens by directing a named state body (wild tax206)
        ("I. NGUYÊN TẮC CHUNG\n\n1. Các Bộ, ngành và Ủy ban nhân dân cấp tỉnh cân nhắc nhu cầu mời người nhập "
         "cảnh ngắn ngày vào Việt Nam làm việc.\n\n2. Không phải cách ly y tế song phải tuân thủ nghiêm các quy định."
         "\n\nII. TỔ CHỨC THỰC HIỆN\n\n1. Sở Tài chính tổng hợp kết quả.\n",
         ["Các Bộ, ngành và Ủy", "Sở Tài chính tổng hợp"]),
        # a goal that names a body without directing it stays a statement
        ("I. MỤC TIÊU\n\n1. Đến năm 2030, Ủy ban nhân dân tỉnh phấn đấu tỷ lệ bao phủ đạt 95%.\n\nII. NHIỆM VỤ\n\n"
         "1. Sở Tài chính bố trí kinh phí.\n", ["Sở Tài chính bố trí"]),
    ],
)
def test_issue3_directive_to_a_named_body_in_a_statement_section(body: str, kept: list[str]) -> None:
    got = _task_starts(PLAN_HEAD + body, to=["Sở Tài chính"], issuer="Bộ Y tế")
    assert got == kept, got


def test_issue3_own_city_spelled_short_is_the_same_body() -> None:
    """hanoi-qd-2280: "… kỹ thuật thành phố Hà Nội" and "… kỹ thuật Thành phố" name one centre."""
    got = _tasks(
        "1. Trung tâm Quản lý hạ tầng kỹ thuật thành phố Hà Nội chủ trì kiểm tra hệ thống thoát nước.\n"
        "2. Trung tâm quản lý hạ tầng kỹ thuật Thành phố chịu trách nhiệm giám sát, đôn đốc.\n"
        "3. Sở Xây dựng tỉnh chủ trì tổng hợp.\n"
    )
    assert got["2"] == [("Trung tâm Quản lý hạ tầng kỹ thuật thành phố Hà Nội", "lead")]
    assert got["3"] == [("Sở Xây dựng tỉnh", "lead")]  # no fuller spelling in the text: kept as written


_K = "Kính gửi: Công ty TNHH Việt Cường.\n\n"
_POINTS = ("\n\n1. Chi cục Thuế khu vực I rà soát hồ sơ khai thuế.\n\n2. Trường hợp Công ty ký hợp đồng với nhà thầu"
           " nước ngoài thì Công ty phải khai, nộp thuế thay.\n\n3. Yêu cầu Chi cục Thuế khu vực II kiểm tra việc khai thuế.\n")


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        # a letter answering an enquiry explains the law: its points oblige only where they direct (wild tax148)
        ("Trả lời công văn số 009/VC-2018 ngày 21/8/2018 của Công ty TNHH Việt Cường, Cục Thuế có ý kiến như sau:",
         ["3"]),
        ("Cục Thuế nhận được công văn số 009/VC-2018 của Công ty TNHH Việt Cường hỏi về thuế nhà thầu, Cục Thuế có "
         "ý kiến như sau:", ["3"]),
        # a letter that hands out work on its own initiative keeps its subject-led points ("Trường hợp … thì …"
        # states a rule in any letter)
        ("Để triển khai Thông tư số 80/2021/TT-BTC, Cục Thuế có ý kiến như sau:", ["1", "3"]),
    ],
)
def test_issue3_answer_letter_points_oblige_only_where_directed(opening: str, expected: list[str]) -> None:
    assert list(_tasks(_K + opening + _POINTS, to=["Công ty TNHH Việt Cường"])) == expected


def test_issue3_a_decree_that_mentions_an_enquiry_is_no_answer() -> None:
    """vbpl-186297: "… trả lời bằng văn bản trong 10 ngày kể từ ngày nhận được văn bản xin ý kiến" is a procedure
    the decree sets, not the opening of an answer: the decree's clauses keep their subjects."""
    body = ("Điều 3. Lấy ý kiến\nCơ quan được xin ý kiến có trách nhiệm trả lời trong 10 ngày làm việc kể từ ngày "
            "nhận được văn bản xin ý kiến.\n\nĐiều 15. Trách nhiệm thi hành\n1. Hội Cựu thanh niên xung phong Việt Nam"
            " tổ chức tuyên truyền, phổ biến quy định.\n")
    got = _tasks(body, doc_type="NĐ", issuer="Chính phủ")
    assert "Điều 15.1" in got, got


def test_issue3_answer_letter_signal_from_the_subject_line() -> None:
    d = _doc(_K + "Cục Thuế có ý kiến như sau:" + _POINTS, to=["Công ty TNHH Việt Cường"])
    d.subject = TextValue("V/v trả lời chính sách thuế")
    extract_tasks(d)
    assert [t.id for t in d.tasks] == ["3"]


def test_issue3_defined_short_name_is_the_enquirer_not_the_subject() -> None:
    """wild tax058: "Cục Thuế nhận được công văn … của Văn phòng Đại diện ABC (sau đây gọi là Văn phòng đại
    diện)": the short name stands for the body after "của", not for the whole clause from "Cục Thuế"."""
    got = _tasks(
        _K + "Cục Thuế TP Hà Nội nhận được công văn số 12/CV ngày 06/11/2018 của Văn phòng Đại diện ABC tại Hà Nội"
        " (sau đây gọi là Văn phòng đại diện) về chính sách thuế.\n\nĐề nghị Văn phòng đại diện cung cấp hồ sơ cụ "
        "thể đến Cục Thuế TP Hà Nội.\n",
        to=["Công ty TNHH Việt Cường"],
    )
    assert got == {"p1": [("Văn phòng Đại diện ABC tại Hà Nội", "lead")]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a list of the acts that make up an offence describes, it directs nobody (wild tax015)
        ("1. Phổ biến Bộ luật Hình sự cho công chức thuế.\n\nChủ thể lợi dụng chức vụ để bao che cho người nộp thuế"
         " thực hiện các hành vi\nvi phạm pháp luật trong lĩnh vực thuế:\n\n+ Thực hiện việc miễn thuế, hoàn thuế "
         "không đúng quy định;\n\n+ Xác nhận việc thực hiện nghĩa vụ thuế không đúng quy định.\n", ["1"]),
        # a prohibition's lead-in still directs
        ("Cục Thuế yêu cầu các Chi cục Thuế không được thực hiện các hành vi sau:\n\n1. Gây phiền hà cho người nộp "
         "thuế.\n\n2. Tiết lộ thông tin của người nộp thuế.\n", ["p1"]),
    ],
)
def test_issue3_lists_of_acts_and_signs_are_no_tasks(body: str, expected: list[str]) -> None:
    assert list(_tasks(_K + body, to=["Công ty TNHH Việt Cường"])) == expected


def test_issue3_annex_heading_ends_the_list_before_it() -> None:
    """wild tax206: the guideline's "8. Đơn vị quản lý địa điểm …" must not lend its body to the points of the
    "PHỤ LỤC" after it (Decree 30: an annex has its own numbering); an object ("thông báo cho bộ phận …") and
    "Toàn bộ …" ("all of") are no actors."""
    body = (
        "1. Sở Y tế:\n- Theo dõi, giám sát y tế.\n"
        "2. Đơn vị quản lý địa điểm họp\nXây dựng kế hoạch chi tiết, phân công cụ thể./.\n"
        "PHỤ LỤC\n1. Xử trí khi có người nghi ngờ mắc COVID-19\n"
        "- Thông báo cho bộ phận chịu trách nhiệm giám sát y tế tại nơi lưu trú.\n"
        "- Toàn bộ rác thải phát sinh phải được thu gom và xử lý như chất thải lây nhiễm.\n"
    )
    got = _tasks(_K + body, to=["Công ty TNHH Việt Cường"])
    names = {n for k, v in got.items() for n, _ in v if k != "2"}
    assert "Đơn vị quản lý địa điểm họp" not in names and "2.1" not in got, got
    assert not names & {"bộ phận", "Toàn bộ rác thải phát sinh"}, got


def test_issue3_name_after_a_preposition_is_no_subject_of_the_duty() -> None:
    """vbpl-185599: "… văn bản đề nghị của Ngân hàng thương mại …, Văn phòng Ngân hàng Nhà nước có trách nhiệm
    đăng tải …": the duty is the Văn phòng's, the bank after "của" is an object."""
    body = ("Điều 39. Trách nhiệm\n1. Trong thời hạn 03 ngày làm việc kể từ ngày nhận được văn bản đề nghị của Ngân hàng"
            " thương mại theo quy định tại khoản 4 Điều 23 Thông tư này, Văn phòng Ngân hàng Nhà nước có trách nhiệm "
            "đăng tải các thông tin trên cổng thông tin điện tử.\n")
    got = _tasks(_K + body, doc_type="TT", issuer="Ngân hàng Nhà nước Việt Nam")
    assert got["Điều 39.1"] == [("Văn phòng Ngân hàng Nhà nước", "lead")], got


@pytest.mark.parametrize(
    ("line", "heading"),
    [("PHỤ LỤC", True), ("PHỤ LỤC II: DANH MỤC HỒ SƠ", True), ("Phụ lục số 02", True), ("PHU LUC I", True),
     ("Phụ lục I, II và III ban hành kèm theo Nghị định số 15/2022/NĐ-CP.", False),
     ("Phụ lục kết quả hoạt động sản xuất kinh doanh", False)],
)
def test_issue3_annex_heading_line(line: str, heading: bool) -> None:
    from docintel.tasks._items import _ANNEX_HEADING

    assert (_ANNEX_HEADING.match(line) is not None) == heading


# ---------------------------------------------------------------------------
# issue 3: run-on names that swallowed a verb or crossed a sentence end (wild tax264, tax057, tax192)

# (running text, the name the scanner reads at its start)
SCANNED = [
    ("Bộ Ngoại giao xin trân trọng thông báo để các cơ quan biết", "Bộ Ngoại giao"),
    ("Bộ Ngoại giao trân trọng cảm ơn sự hợp tác", "Bộ Ngoại giao"),
    ("Ban chỉ đạo 389 các Bộ, ngành, địa phương chấn chỉnh, khắc phục", "Ban chỉ đạo 389 các Bộ, ngành, địa phương"),
    ("UBND các huyện, thành phố chỉ đạo", "UBND các huyện, thành phố"),
    ("Tổng cục Thuế. Tổng cục Thuế giao Vụ Hợp tác quốc tế", "Tổng cục Thuế"),
]


@pytest.mark.parametrize(("text", "name"), SCANNED)
def test_issue3_scanned_name_ends_before_its_verb(text: str, name: str) -> None:
    from docintel.tasks._names import _Scanner
    from docintel.tasks._tokens import _tokens

    sc = _Scanner(text, fold(text))
    toks = _tokens(text, 0, len(text), fold(text))
    r = sc.scan(toks, 0)
    assert r is not None and sc.name(toks, *r).text == name


RUN_ON = [
    ("Đề nghị Ban chỉ đạo 389 các Bộ, ngành, địa phương chấn chỉnh, khắc phục những tồn tại.",
     "Ban chỉ đạo 389 các Bộ, ngành, địa phương"),
    ("Việc trao đổi thông tin được thực hiện tập trung tại “Tổng cục Thuế. Tổng cục Thuế giao\n"
     "Vụ Hợp tác quốc tế (sau đây viết tắt là Vụ HTQT) là đầu mối tiếp nhận.\n"
     "Vụ HTQT có trách nhiệm tổng hợp, báo cáo Lãnh đạo Tổng cục.", "Vụ Hợp tác quốc tế"),
]


@pytest.mark.parametrize(("body", "name"), RUN_ON)
def test_issue3_names_end_before_a_verb_and_a_sentence_end(body: str, name: str) -> None:
    got = {n for names in _tasks(body).values() for n, _ in names}
    assert name in got
    assert not any(len(n) > len(name) and n.startswith(name.split()[0]) and name in n for n in got)


def test_issue3_body_heading_over_points_is_the_task_its_points_belong_to() -> None:
    # "II. TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ / 1. Trung tâm …: a) … b) …": the points named "1" as their parent,
    # which was no task (a dangling parent, and the scorer counts only top-level tasks: nothing for the body)
    text = ("II. TRÁCH NHIỆM CỦA CÁC ĐƠN VỊ\n1. Trung tâm Kiểm soát bệnh tật tỉnh:\n"
            "a) Xây dựng kế hoạch chi tiết, hoàn thành trước ngày 30/5/2024.\nb) Tổ chức tập huấn cho cán bộ y tế.\n"
            "2. Trung tâm Y tế các huyện:\na) Tổ chức tiêm chủng tại địa bàn.\n")
    d = _doc(text, to=["Các đơn vị"])
    extract_tasks(d)
    got = {t.id: (t.parent, [a.name for a in t.assignees if a.role == "lead"]) for t in d.tasks}
    assert got["1"] == (None, ["Trung tâm Kiểm soát bệnh tật tỉnh"]), got
    assert got["1.a"][0] == "1" and got["2"] == (None, ["Trung tâm Y tế các huyện"]), got
    assert all(t.parent is None or t.parent in got for t in d.tasks)  # no point names a parent that is no task
