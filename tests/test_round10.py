"""Generalisation round 10 (silver14): regression tables for the misses a fresh held-back set showed.

Each table is (text, expected) for one general rule:

* a clause heading "Trách nhiệm của X:" names X even when no known head opens it ("người sử dụng lao động") or a
  qualifier follows the name ("Cơ quan điều hành tại các thành phố", "cơ quan báo chí thuộc danh mục kênh …"):
  after "của" only a noun can stand (113 such headings over wild + vbpl + dev; 14 documents gain bodies);
  "và" joins two bodies only before a body's head, "tại" ends a name where "vận tải" does not, and "các bên"
  names no one (the points under it name each party).
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc

from docintel.tasks import extract_tasks


def _leads(body: str, tid: str, doc_type: str = "NĐ") -> list[str]:
    d = _doc(body, doc_type=doc_type)
    extract_tasks(d)
    t = next((t for t in d.tasks if t.id == tid), None)
    return [] if t is None else [a.name for a in t.assignees if a.role == "lead"]


DUTY_HEADINGS = [
    ("Điều 15. Trách nhiệm thi hành\n1. Trách nhiệm của Bộ Nội vụ:\na) Chủ trì kiểm tra việc thực hiện;\n"
     "2. Trách nhiệm của người sử dụng lao động:\na) Thực hiện các quy định về lao động;\n"
     "b) Định kỳ báo cáo Cơ quan điều hành về tình hình thực hiện.\n",
     "Điều 15.2.b", ["người sử dụng lao động"]),
    ("Điều 15. Trách nhiệm thi hành\n1. Trách nhiệm của Bộ Nội vụ:\na) Chủ trì kiểm tra việc thực hiện;\n"
     "2. Trách nhiệm của Cơ quan điều hành tại các thành phố:\na) Xây dựng tiêu chuẩn chuyên môn;\n"
     "b) Định kỳ báo cáo Ủy ban nhân dân thành phố Đà Nẵng về tình hình thực hiện.\n",
     "Điều 15.2.b", ["Cơ quan điều hành"]),
    ("Điều 5. Trách nhiệm thi hành\n1. Trách nhiệm của Sở Văn hóa, Thể thao và Du lịch:\na) Kiểm tra việc cung cấp kênh;\n"
     "2. Trách nhiệm của cơ quan báo chí thuộc danh mục kênh chương trình phát thanh, kênh chương trình truyền "
     "hình phục vụ nhiệm vụ chính trị, thông tin tuyên truyền thiết yếu của quốc gia và của địa phương quy định "
     "tại các Phụ lục ban hành kèm theo Thông tư này\na) Bảo đảm duy trì hoạt động của kênh chương trình.\n",
     "Điều 5.2.a", ["cơ quan báo chí"]),
    ("Điều 15. Vận chuyển\n1. Trách nhiệm của Bộ Công an:\na) Bảo đảm an ninh;\n"
     "2. Trách nhiệm của tổ chức, cá nhân vận tải\na) Tuân thủ các quy định của giấy phép.\n",
     "Điều 15.2.a", ["tổ chức, cá nhân vận tải"]),
    ("Điều 93. Thanh sát\n1. Trách nhiệm của Bộ Công an:\na) Bảo đảm an ninh;\n"
     "2. Trách nhiệm của Cục An toàn bức xạ và hạt nhân trong thực hiện hoạt động thanh sát\n"
     "a) Chủ trì tổ chức thanh sát.\n",
     "Điều 93.2.a", ["Cục An toàn bức xạ và hạt nhân"]),
    ("Điều 11. Thi hành quyết định\n1. Trách nhiệm của người giải quyết khiếu nại trong việc thi hành quyết định\n"
     "a) Gửi quyết định cho các bên;\nb) Theo dõi việc thi hành.\n",
     "Điều 11.1.b", ["người giải quyết khiếu nại"]),
]


@pytest.mark.parametrize(("body", "tid", "expected"), DUTY_HEADINGS)
def test_round10_duty_heading_names_its_body(body: str, tid: str, expected: list[str]) -> None:
    assert _leads(body, tid) == expected


def test_round10_the_parties_heading_names_no_one() -> None:
    body = ("Điều 54. Phá dỡ công trình\n1. Trách nhiệm của Bộ Xây dựng:\na) Hướng dẫn việc phá dỡ;\n"
            "2. Trách nhiệm của các bên trong việc phá dỡ công trình xây dựng\n"
            "a) Nhà thầu được giao thực hiện việc phá dỡ công trình có trách nhiệm lập phương án.\n")
    assert "các bên" not in _leads(body, "Điều 54.2.a")


# * the duty formula's subject: a clause of its own before the formula ("…; Bộ Công an có trách nhiệm …") gives
#   one only if a name fills it ("Sở A; Sở B có trách nhiệm" lists its subjects one to a clause);
# * the execution formula's catch-all after a named body is an item of its own ("Chủ tịch Ủy ban nhân dân các cấp,
#   tổ chức và cá nhân khác có liên quan"), while "Thủ trưởng các cơ quan, tổ chức …" shares its title.
FORMULA_SUBJECTS = [
    ("Điều 4. Tổ chức thực hiện\n1. Bộ Tài chính có trách nhiệm tham mưu Chính phủ rà soát, đề xuất sửa đổi khoản 9 "
     "Điều 60 và các nội dung có liên quan của Luật Đất đai, khoản 3 Điều 6 Luật Quy hoạch, điểm a khoản 3 Điều 33 "
     "Luật Đầu tư và các nội dung có liên quan của Luật Đầu tư để bảo đảm tính thống nhất, đồng bộ; Bộ Quốc phòng, "
     "Bộ Công an có trách nhiệm thực hiện các nhiệm vụ quy định tại khoản 5 Điều 3 Nghị quyết này.\n",
     "Điều 4.1", ["Bộ Tài chính", "Bộ Quốc phòng", "Bộ Công an"]),
    ("Điều 4. Tổ chức thực hiện\n1. Sở Y tế; Sở Tài chính; Sở Xây dựng có trách nhiệm kiểm tra việc thực hiện.\n",
     "Điều 4.1", ["Sở Y tế", "Sở Tài chính", "Sở Xây dựng"]),
    ("Điều 4. Tổ chức thực hiện\n1. Bộ Công an có trách nhiệm bảo đảm an ninh.\n2. Bộ trưởng, Thủ trưởng cơ quan ngang "
     "bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các cấp, tổ chức và cá nhân khác có liên quan "
     "chịu trách nhiệm thi hành Nghị quyết này.\n",
     "Điều 4.2", ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ",
                  "Chủ tịch Ủy ban nhân dân các cấp", "tổ chức và cá nhân khác có liên quan"]),
    ("Điều 4. Tổ chức thực hiện\n1. Bộ Công an có trách nhiệm bảo đảm an ninh.\n2. Thủ trưởng các cơ quan, tổ chức và "
     "cá nhân có liên quan chịu trách nhiệm thi hành Nghị quyết này.\n",
     "Điều 4.2", ["Thủ trưởng các cơ quan, tổ chức", "cá nhân có liên quan"]),
    ("Điều 5. Trách nhiệm thi hành\n1. Bộ Tài chính hướng dẫn thi hành.\n2. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân tỉnh, "
     "thành phố trực thuộc trung ương và các doanh nghiệp, tổ chức, hộ kinh doanh, cá nhân có liên quan chịu trách "
     "nhiệm thi hành Nghị định này.\n",
     "Điều 5.2", ["Các Bộ trưởng", "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
                  "các doanh nghiệp, tổ chức, hộ kinh doanh, cá nhân có liên quan"]),
]


@pytest.mark.parametrize(("body", "tid", "expected"), FORMULA_SUBJECTS)
def test_round10_formula_subjects(body: str, tid: str, expected: list[str]) -> None:
    assert _leads(body, tid) == expected


# * the issuer as the subject of "giao" at a sentence start directs ("Bộ Tài chính giao Cục thuế tỉnh Quảng Ngãi phối
#   hợp … để hướng dẫn Công ty …"): the name scan reads on through "giao" (part of "Bộ Ngoại giao"), so the
#   issuer's own name is matched first. 4 such sentences over the population, this the one missed.
def test_round10_issuer_giao_in_a_sentence_letter() -> None:
    body = ("Bộ Tài chính nhận được công văn số 1304/BSR-HDTV của Công ty đề nghị hướng dẫn về thuế.\n"
            "Bộ Tài chính giao Cục thuế tỉnh Quảng Ngãi phối hợp với cơ quan quản lý nhà nước chuyên ngành trên địa "
            "bàn để hướng dẫn Công ty xác định sản phẩm xuất khẩu.\nBộ Tài chính trả lời để Công ty biết và thực hiện./.\n")
    d = _doc(body, doc_type="CV", issuer="Bộ Tài chính")
    extract_tasks(d)
    assert [(a.name, a.role) for t in d.tasks for a in t.assignees][:1] == [("Cục thuế tỉnh Quảng Ngãi", "lead")]


def test_round10_ngoai_giao_is_no_directive() -> None:
    body = "Bộ Ngoại giao có ý kiến về việc cấp thị thực cho chuyên gia.\n"
    d = _doc(body, doc_type="CV", issuer="Bộ Tài chính")
    extract_tasks(d)
    assert d.tasks == []


# * an article titled to hand out the work, without clauses, directs whatever capitalised body its text opens with
#   ("Điều 8. Trách nhiệm tổ chức thực hiện⏎Cơ quan cấp phép tổ chức kiểm tra …"), registry body or not.
IMPLEMENTATION_ARTICLES = [
    ("Điều 8. Trách nhiệm tổ chức thực hiện\nCơ quan cấp phép tổ chức kiểm tra hoặc phối hợp với các cơ quan liên quan "
     "tổ chức kiểm tra việc thực hiện hoạt động nhập khẩu thuốc lá điếu, xì gà theo quy định tại Thông tư này.\n"
     "Điều 9. Điều khoản thi hành\n1. Thông tư này có hiệu lực từ ngày 10 tháng 4 năm 2026.\n"
     "2. Cục trưởng Cục Xuất nhập khẩu chịu trách nhiệm thi hành Thông tư này./.\n", "Điều 8", ["Cơ quan cấp phép"]),
    ("Điều 8. Trách nhiệm tổ chức thực hiện\nCơ quan, đơn vị tổ chức kiểm tra việc thực hiện Thông tư này.\n",
     "Điều 8", []),
]


@pytest.mark.parametrize(("body", "tid", "expected"), IMPLEMENTATION_ARTICLES)
def test_round10_implementation_article_subject(body: str, tid: str, expected: list[str]) -> None:
    assert _leads(body, tid, doc_type="TT") == expected


# * Kính gửi: a list line whose left part is another column's OCR junk (the "CÔNG VĂN ĐẾN" stamp beside the block)
#   before " - Name;" is the list's dash item (Decree 30 lists addressees one to a dash line); without a dash list
#   around it, or with a real name on the left, the line is left alone. (1 document over the population.)
KINH_GUI_MERGED = [
    ("Kính gửi:\nBENGE Ca... - Bộ Tài chính;\nNgy... 42/4148. - Bộ Công Thương;\n"
     "- Bộ Tư pháp.\n\nXét đề nghị của Bộ Tài chính.\n", ["Bộ Tài chính", "Bộ Công Thương", "Bộ Tư pháp"]),
    ("Kính gửi: Công ty TNHH Vật liệu Nam châm Shin - Etsu Việt Nam.\n\nTrả lời công văn của Công ty.\n",
     ["Công ty TNHH Vật liệu Nam châm Shin - Etsu Việt Nam"]),
]


@pytest.mark.parametrize(("text", "expected"), KINH_GUI_MERGED)
def test_round10_kinh_gui_merged_stamp_column(text: str, expected: list[str]) -> None:
    from docintel.fields._recipients import find_kinh_gui, to_recipients

    head = find_kinh_gui(text)
    assert head is not None
    assert [r.name for r in to_recipients(text, head)] == expected


# * a V/v line ending with the classifier "công ty" goes on after a blank line with the firm's proper name (the
#   classifier cannot end the phrase; like "số", "đối với" in rules/header.yaml ``subject_dangling``).
def test_round10_subject_goes_on_after_cong_ty() -> None:
    import docintel

    text = ("BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\n\nSố: 2841/TCT-HTQT\nV/v áp dụng Hiệp định thuế đối với công ty\n\n"
            "Diesel Sông Công Thái Nguyên\n\nKính gửi: Cục Thuế tỉnh Thái Nguyên.\n\nTổng cục Thuế có ý kiến như sau.\n")
    d = docintel.parse_text(text)
    assert d.subject is not None
    assert d.subject.value == "áp dụng Hiệp định thuế đối với công ty Diesel Sông Công Thái Nguyên"


# * a body's name never runs over a point's label: a flattened line "1. Trách nhiệm của đơn vị cung cấp dịch vụ phát
#   thanh, truyền hình a) Đối với …" names the unit before "a)" (Decree 30: a label opens the next point).
def test_round10_name_stops_at_a_point_label() -> None:
    body = ("Điều 5. Trách nhiệm thi hành\n1. Trách nhiệm của đơn vị cung cấp dịch vụ phát thanh, truyền hình a) Đối với "
            "đơn vị cung cấp dịch vụ phát thanh, truyền hình quảng bá:\nCung cấp các kênh chương trình theo danh mục.\n"
            "2. Sở Văn hóa, Thể thao và Du lịch có trách nhiệm kiểm tra.\n")
    assert _leads(body, "Điều 5.1", doc_type="TT") == ["đơn vị cung cấp dịch vụ phát thanh, truyền hình"]
