"""Task tables written one cell per line (issue 3): legal texts copied from HTML and PDF text layers
print "STT / Nội dung công việc / Cơ quan chủ trì / …" as a column of cells; each row is read into a task
like a "|" row is."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel._model import DateValue, Document, Recipient, Source
from docintel._normalise import fold
from docintel.tasks import extract_tasks
from docintel.tasks._tables import _bare_label, _find_tables


def _doc(body: str, date: str | None = "2026-03-02") -> Document:
    text = body.strip("\n") + "\n"
    d = Document(text, Source("t.txt", "", "txt"))
    d.folded = fold(text)
    d.doc_type = "KH"
    if date is not None:
        d.date = DateValue(date)
    return d


def _rows(body: str, date: str | None = "2026-03-02") -> dict[str, tuple[list[tuple[str, str]], str | None, str]]:
    d = _doc(body, date)
    extract_tasks(d)
    return {
        t.id: ([(a.name, a.role) for a in t.assignees], t.deadline.date if t.deadline else None, t.text)
        for t in d.tasks
        if t.kind == "row"
    }


HEAD = "STT\nNội dung công việc\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian hoàn thành\n"

# (body, expected {id: (assignees, deadline date)})
CASES: list[tuple[str, dict[str, tuple[list[tuple[str, str]], str | None]]]] = [
    (  # one cell a line, "1." rows
        "Các cơ quan triển khai các nhiệm vụ sau:\n" + HEAD
        + "1.\nXây dựng kế hoạch chuyển đổi số\nSở Khoa học và Công nghệ\nSở Tài chính\nTháng 6/2026\n"
        + "2.\nTổ chức tập huấn cho cán bộ\nSở Nội vụ\nCác sở, ngành liên quan\nQuý III/2026\n",
        {
            "1": ([("Sở Khoa học và Công nghệ", "lead"), ("Sở Tài chính", "support")], "2026-06-30"),
            "2": ([("Sở Nội vụ", "lead")], "2026-09-30"),
        },
    ),
    (  # bare numbers, a cell wrapped over two lines (the second starts lower case)
        HEAD
        + "1\nRà soát, đánh giá hiện trạng hạ tầng\ncông nghệ thông tin của tỉnh\nSở Khoa học và Công nghệ\n"
        + "Sở Tài chính\n30/9/2026\n"
        + "2\nBáo cáo kết quả thực hiện\nSở Y tế\nSở Tài chính\nNăm 2026\n",
        {
            "1": ([("Sở Khoa học và Công nghệ", "lead"), ("Sở Tài chính", "support")], "2026-09-30"),
            "2": ([("Sở Y tế", "lead"), ("Sở Tài chính", "support")], "2026-12-31"),
        },
    ),
    (  # sections restart the numbering: ids are qualified by the section
        HEAD
        + "I\nNHIỆM VỤ CHUNG\n1\nTuyên truyền, phổ biến Luật\nSở Tư pháp\nSở Văn hóa, Thể thao và Du lịch\nQuý II/2026\n"
        + "II\nNHIỆM VỤ CỤ THỂ\n1\nBan hành quy chế phối hợp\nSở Nội vụ\nSở Tư pháp\nTháng 12/2026\n",
        {
            "I.1": ([("Sở Tư pháp", "lead"), ("Sở Văn hóa, Thể thao và Du lịch", "support")], "2026-06-30"),
            "II.1": ([("Sở Nội vụ", "lead"), ("Sở Tư pháp", "support")], "2026-12-31"),
        },
    ),
    (  # a row with a cell missing: which one cannot be told, so only content and a last-column deadline
        HEAD + "1\nTổng kết, đánh giá kết quả thực hiện\nSở Nội vụ\nQuý IV/2026\n"
        + "2\nBáo cáo Ủy ban nhân dân tỉnh\nSở Nội vụ\nVăn phòng Ủy ban nhân dân tỉnh\nTháng 12/2026\n",
        {
            "1": ([], "2026-12-31"),
            "2": ([("Sở Nội vụ", "lead"), ("Văn phòng Ủy ban nhân dân tỉnh", "support")], "2026-12-31"),
        },
    ),
    (  # one-line sections between the rows
        HEAD
        + "1\nTuyên truyền, phổ biến Luật\nSở Tư pháp\nSở Nội vụ\nQuý II/2026\n"
        + "B. Nhiệm vụ cụ thể\n2\nBan hành quy chế phối hợp\nSở Nội vụ\nSở Tư pháp\nTháng 12/2026\n",
        {
            "1": ([("Sở Tư pháp", "lead"), ("Sở Nội vụ", "support")], "2026-06-30"),
            "2": ([("Sở Nội vụ", "lead"), ("Sở Tư pháp", "support")], "2026-12-31"),
        },
    ),
    (  # a merged "Cơ quan thực hiện" over "Chủ trì" / "Phối hợp" (the sub-header after the header)
        "STT\nNội dung\nCơ quan thực hiện\nThời hạn\nChủ trì\nPhối hợp\n"
        + "1\nXây dựng cơ sở dữ liệu dân cư\nCông an tỉnh\nSở Tư pháp\nQuý I/2027\n",
        {"1": ([("Công an tỉnh", "lead"), ("Sở Tư pháp", "support")], "2027-03-31")},
    ),
    (  # a session named in the deadline cell; a set with its owner stays a support body
        "STT\nTên dự án\nCơ quan trình\nCơ quan chủ trì thẩm tra\nCơ quan tham gia thẩm tra\nTiến độ trình UBTVQH\n"
        + "1.\nLuật Thương mại điện tử\nChính phủ\nỦy ban Kinh tế và Tài chính\n"
        + "Hội đồng Dân tộc, các Ủy ban khác của Quốc hội\nPhiên họp tháng 9/2026\n",
        {
            "1": (
                [("Chính phủ", "lead"), ("Ủy ban Kinh tế và Tài chính", "lead"), ("Hội đồng Dân tộc", "support"),
                 ("các Ủy ban khác của Quốc hội", "support")],
                "2026-09-30",
            )
        },
    ),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_issue3_table_one_cell_per_line(body: str, expected: dict[str, tuple[list[tuple[str, str]], str | None]]) -> None:
    got = {k: (v[0], v[1]) for k, v in _rows(body).items()}
    assert got == expected


# (body, why no task table is read)
NOT_TABLES = [
    ("STT\nMẫu\nNội dung\n1\nMẫu số 1.1\nTờ trình đề nghị khen thưởng\n", "no lead or deadline column"),
    ("STT\nHọ và tên\nChức vụ\nGhi chú\n1\nNguyễn Văn A\nChuyên viên\n\n", "no content column"),
    (HEAD + "Các nội dung trên hoàn thành trong năm 2026.\n", "no numbered row after the header"),
    (HEAD + "1\n\n2\n\n3\n", "rows without content (a blank form)"),
    ("TT\nTên nhiệm vụ\nTổ chức chủ trì\nThời gian thực hiện\n1\n|\n|\n|\n2\n|\n|\n|\n3\n|\n|\n|\n"
     "V. TỔ CHỨC CHỦ TRÌ CAM KẾT\n- Bố trí đủ nhân lực, kinh phí đối ứng;\n- Tuân thủ các quy định;\n"
     "Ngày…..tháng…… năm 20…..\n", "empty cells printed as '|', then the form goes on"),
]


@pytest.mark.parametrize(("body", "why"), NOT_TABLES)
def test_issue3_line_tables_need_a_header_and_rows(body: str, why: str) -> None:
    assert _rows(body) == {}, why


LABELS = [
    ("1.", ("row", "1")),
    ("12", ("row", "12")),
    ("2.1", ("row", "2.1")),
    ("II", ("section", "II")),
    ("A.", ("section", "A")),
    ("b)", ("child", "b")),
    ("(1)", None),  # a column number under the header
    ("2026", None),  # a year cell
    ("Quý I/2026", None),
]


@pytest.mark.parametrize(("line", "expected"), LABELS)
def test_issue3_bare_row_labels(line: str, expected: tuple[str, str] | None) -> None:
    assert _bare_label(line) == expected


def test_issue3_line_table_ends_before_the_next_article() -> None:
    body = (
        "Điều 2. Tổ chức thực hiện\nPhân công như sau:\n" + HEAD
        + "1.\nXây dựng đề án\nBộ Tư pháp\nBộ Nội vụ\nTháng 9/2026\n"
        + "Điều 3. Hiệu lực thi hành\nNghị quyết này có hiệu lực từ ngày ký.\n"
    )
    d = _doc(body)
    tables = _find_tables(d.text, 0, len(d.text))
    assert len(tables) == 1
    assert d.text[tables[0].start : tables[0].end].endswith("Tháng 9/2026")
    rows = _rows(body)
    assert set(rows) == {"1"} and rows["1"][2] == "Xây dựng đề án"


def test_issue3_line_table_last_row_keeps_only_its_cells() -> None:
    # the text after the table is no cell of its last row
    body = HEAD + "1\nXây dựng đề án\nBộ Tư pháp\nBộ Nội vụ\nTháng 9/2026\nCác cơ quan báo cáo kết quả về Bộ Tư pháp.\n"
    rows = _rows(body)
    assert rows["1"][:2] == ([("Bộ Tư pháp", "lead"), ("Bộ Nội vụ", "support")], "2026-09-30")


def test_issue3_start_of_a_range_is_no_deadline() -> None:
    # "Từ quý II/2027" says when the work starts: no due date (a named session still is one)
    body = HEAD + "1\nTriển khai phân luồng người bệnh\nBộ Y tế\nSở Y tế\nTừ quý II/2027\n"
    assert _rows(body)["1"][1] is None


RESOLUTION = """Điều 2. Tổ chức thực hiện
Phân công cơ quan trình, cơ quan chủ trì thẩm tra, tham gia thẩm tra và tiến độ trình Ủy ban Thường vụ Quốc hội cho ý kiến đối với 02 dự án luật như sau:
STT
Tên dự án
Cơ quan trình
Cơ quan chủ trì thẩm tra
Cơ quan tham gia thẩm tra
Tiến độ trình UBTVQH
1.
Luật An ninh mạng (sửa đổi toàn diện Luật An ninh mạng và sửa đổi toàn diện Luật An toàn thông tin mạng thành 01 luật)
Chính phủ
Ủy ban Quốc phòng, An ninh và Đối ngoại
Hội đồng Dân tộc, các Ủy ban khác của Quốc hội
Phiên họp tháng 9/2025
2.
Luật Giám định tư pháp (sửa đổi)
Chính phủ
Ủy ban Pháp luật và Tư pháp
Hội đồng Dân tộc, các Ủy ban khác của Quốc hội
Phiên họp tháng 9/2025
Điều 3. Hiệu lực thi hành
Nghị quyết này có hiệu lực thi hành từ ngày thông qua./.
"""


def test_issue3_resolution_table_of_bills() -> None:
    # vbpl-186770 (silver8): a UBTVQH resolution assigns its bills by a table printed one cell a line;
    # nothing was extracted
    rows = _rows(RESOLUTION, date="2025-07-10")
    assert list(rows) == ["1", "2"]
    assert rows["2"][0] == [("Chính phủ", "lead"), ("Ủy ban Pháp luật và Tư pháp", "lead"),
                            ("Hội đồng Dân tộc", "support"), ("các Ủy ban khác của Quốc hội", "support")]
    assert {v[1] for v in rows.values()} == {"2025-09-30"}
    assert rows["1"][2].startswith("Luật An ninh mạng (sửa đổi toàn diện")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["STT", "1", "2.", "Nội dung", "Chủ trì", "Thời hạn", "Sở Y tế", "a)", "II",
                                 "Quý I/2026", "", "x y z", "Điều 3. Hiệu lực"]), max_size=40))
def test_line_tables_never_crash(lines: list[str]) -> None:
    d = _doc("\n".join(lines) or "x")
    extract_tasks(d)
    for t in d.tasks:
        assert t.id


# ---------------------------------------------------------------------------
# issue 3 (Word tables, eval_docx layout E): the bodies of a lead cell, and rows with the lead cell empty

PIPE_HEAD = "STT | Nội dung | Đơn vị chủ trì | Thời hạn\n"

# (lead cell, the lead bodies read from it)
LEAD_CELLS = [
    # a comma inside a "các" enumeration completes one name (as the name scanner reads running text)
    ("Ban chỉ đạo phòng chống dịch COVID-19 các huyện, thành phố", ["Ban chỉ đạo phòng chống dịch COVID-19 các huyện, thành phố"]),
    ("Lãnh đạo các phòng, đơn vị trực thuộc Sở", ["Lãnh đạo các phòng, đơn vị trực thuộc Sở"]),
    ("UBND các huyện, thị xã, thành phố", ["UBND các huyện, thị xã, thành phố"]),
    # bodies separated by ";", by ", " between whole names, by ", các …"
    ("Sở Y tế; Công an tỉnh", ["Sở Y tế", "Công an tỉnh"]),
    ("Sở Y tế, Sở Tài chính", ["Sở Y tế", "Sở Tài chính"]),
    ("UBND các huyện, thành phố, các sở, ngành", ["UBND các huyện, thành phố", "các sở, ngành"]),
    # a registry name whose words are also a predicate ("chỉ đạo") is not cut at its first word
    ("Ban chỉ đạo 389 tỉnh", ["Ban chỉ đạo 389 tỉnh"]),
]


@pytest.mark.parametrize(("cell", "expected"), LEAD_CELLS)
def test_issue3_lead_cell_bodies(cell: str, expected: list[str]) -> None:
    rows = _rows(PIPE_HEAD + f"1 | Kiểm tra việc thực hiện | {cell} | 30/6/2026\n")
    assert [n for n, role in rows["1"][0] if role == "lead"] == expected


def test_issue3_empty_lead_cell_inherits_the_lead_in() -> None:
    # a row whose lead cell is empty takes the list's lead-in, as a numbered item does
    body = (
        "Ủy ban nhân dân tỉnh đề nghị Sở Y tế thực hiện các nội dung sau:\n\n" + PIPE_HEAD
        + "1 | Tổ chức kiểm tra các cơ sở khám bệnh | Công an tỉnh | 30/6/2026\n"
        + "2 | Tổng hợp, báo cáo kết quả | | 31/7/2026\n"
    )
    rows = _rows(body)
    assert rows["1"][0] == [("Công an tỉnh", "lead")]
    assert rows["2"][0] == [("Sở Y tế", "lead")]


def test_issue3_empty_lead_cell_falls_back_to_kinh_gui() -> None:
    d = _doc("Kính gửi: Sở Tài chính\n\nCác nội dung:\n\n" + PIPE_HEAD + "1 | Rà soát kinh phí | | 30/6/2026\n"
             + "2 | Báo cáo kết quả | Sở Nội vụ | \n")
    d.recipients.append(Recipient("Sở Tài chính", "to", 10, 22))
    extract_tasks(d)
    got = {t.id: [(a.name, a.role, a.inferred) for a in t.assignees] for t in d.tasks}
    assert got["1"] == [("Sở Tài chính", "lead", True)]


def test_issue3_directive_sentence_in_a_content_cell() -> None:
    # dev tax094 as a Word table: a letter's numbered paragraphs in a table without leads; the paragraph's
    # own obligation is read from the content cell, the explanations are no tasks
    body = (
        "Kính gửi: Cục Thuế tỉnh Hải Phòng\n\n" + PIPE_HEAD
        + "1 | Về hoạt động chuyển nhượng vốn của Công ty năm 2012 | | \n"
        + "2 | Căn cứ quy định tại Luật Thuế thu nhập doanh nghiệp, thu nhập từ chuyển nhượng vốn là thu nhập khác | | \n"
        + "3 | Đề nghị Chi cục Thuế quận Ngô Quyền kiểm tra, báo cáo Tổng cục Thuế trước ngày 30/11/2026 | | \n"
    )
    rows = _rows(body)
    assert list(rows) == ["3"]
    assert rows["3"][0] == [("Chi cục Thuế quận Ngô Quyền", "lead")]
    assert rows["3"][1] == "2026-11-30"


def test_issue3_sparse_lead_column_rows_are_judged_as_items() -> None:
    # a list of points typed as a table: only the rows that direct are tasks
    body = (
        "Kính gửi: Sở Y tế\n\n" + PIPE_HEAD
        + "1 | Đối với các trường hợp đã được cấp phép trước ngày Luật có hiệu lực | | \n"
        + "2 | Xây dựng kế hoạch kiểm tra | | 30/6/2026\n"
        + "3 | Theo quy định tại Điều 5, hồ sơ gồm các giấy tờ sau | | \n"
    )
    d = _doc(body)
    d.recipients.append(Recipient("Sở Y tế", "to", 10, 17))
    extract_tasks(d)
    got = {t.id: [(a.name, a.role) for a in t.assignees] for t in d.tasks if t.kind == "row"}
    assert got == {"2": [("Sở Y tế", "lead")]}


def test_issue3_table_under_a_rights_article_obliges_nobody() -> None:
    body = (
        "Điều 3. Quyền hạn của Ban Chỉ đạo\n" + PIPE_HEAD
        + "1 | Yêu cầu các Bộ, ngành cung cấp thông tin | | \n"
        + "2 | Mời lãnh đạo các Bộ tham dự các cuộc họp | | \n"
    )
    assert _rows(body) == {}
