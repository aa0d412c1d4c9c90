"""Generalisation round 9 (silver13): regression tables for the misses a fresh held-back set showed.

Each table is (text, expected) for one general rule:

* Nơi nhận: a "- X:" line heads only items of a lower rank (another list marker); before a sibling with the
  same marker its colon is an OCR'd ";" and X is a recipient (5 of 5 such lines over the population);
* the archive line of Decree 30 ("Lưu: VT, …") with OCR's "VI"/"V1" for "VT" is no recipient;
* "Tổng Giám đốc" is a post of its own in a list of addressees ("…, Giám đốc Sở … các tỉnh, thành phố trực
  thuộc Trung ương, Tổng Giám đốc, Giám đốc các doanh nghiệp …");
* "đã <verb> … trước ngày X" is a cut-off (what had happened by then), no deadline (23 of 23 over the
  population);
* a cited number cut short ("65/2013/ND-" at a line end, "Nghị định số 68/2016") joins the full number it is the
  stump of, unless its date says it is another document.
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc

from docintel._citations import find_citations
from docintel._deadlines import find_deadline
from docintel._model import Block, Document, Line, Source
from docintel._normalise import fold, normalise_text
from docintel.fields._recipients import cc_recipients
from docintel.tasks import extract_tasks


def _block(text: str) -> Block:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return Block(start=0, end=len(text), lines=lines)


NOI_NHAN = [
    # the colon of a sibling item is an OCR'd ";"
    ("- Như trên;\n- Phòng Kiểm tra thuế số 1:\n- Phòng Pháp chế;\n- Lưu: VT, HTTT.",
     ["Phòng Kiểm tra thuế số 1", "Phòng Pháp chế"]),
    ("- Như trên;\n- Cục Thuế TP. Hà Nội:\n- Cục Thuế tỉnh Bình Dương;\n- Lưu: VT.",
     ["Cục Thuế TP. Hà Nội", "Cục Thuế tỉnh Bình Dương"]),
    ("~ Như trên;\n- BHXH huyện, tx, tp:\n~ Website BHXH tỉnh;\n- Lưu: VT.", ["BHXH huyện, tx, tp", "Website BHXH tỉnh"]),
    # a real heading keeps heading the items under it (another marker)
    ("- Các đơn vị:\n+ Vụ Pháp chế;\n+ Cục Thuế;\n- Lưu: VT.", ["Vụ Pháp chế", "Cục Thuế"]),
    # the archive line with OCR's "VI" for "VT"
    ("- Như trên;\n- Kiểm tra thuế số 1;\n- Phong Phap ché;\n-Lmu: VI, TTHT@). (65)", ["Kiểm tra thuế số 1", "Phong Phap ché"]),
]


@pytest.mark.parametrize(("left", "expected"), NOI_NHAN)
def test_round9_noi_nhan_items(left: str, expected: list[str]) -> None:
    assert [r.name for r in cc_recipients(_block(left))] == expected


POSTS = [
    ("1. Cục trưởng Cục Viễn thông, Thủ trưởng các cơ quan, đơn vị thuộc Bộ Khoa học và Công nghệ, Giám đốc Sở Khoa học "
     "và Công nghệ các tỉnh, thành phố trực thuộc Trung ương, Tổng Giám đốc, Giám đốc các doanh nghiệp viễn thông và các "
     "tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Thông tư này.",
     "Giám đốc Sở Khoa học và Công nghệ các tỉnh, thành phố trực thuộc Trung ương", "Tổng Giám đốc"),
]


@pytest.mark.parametrize(("clause", "whole", "post"), POSTS)
def test_round9_tong_giam_doc_is_a_post_of_its_own(clause: str, whole: str, post: str) -> None:
    d = _doc(f"Điều 4. Tổ chức thực hiện\n{clause}\n", doc_type="TT")
    extract_tasks(d)
    names = [a.name for t in d.tasks for a in t.assignees]
    assert whole in names
    assert not any(n.endswith(", " + post) for n in names)
    assert any(n.startswith(post) for n in names)


CUT_OFFS = [
    ("Cơ sở kinh doanh đã nộp hồ sơ hoàn thuế và đã được cơ quan quản lý thuế tiếp nhận trước ngày 01 tháng 01 năm "
     "2026 nhưng cơ quan quản lý thuế chưa ban hành Quyết định hoàn thuế thì không phải đáp ứng điều kiện", None),
    ("Dự án đã có quy hoạch chung được phê duyệt trước ngày 01 tháng 7 năm 2025 thì tiếp tục thực hiện", None),
    ("Giấy phép môi trường đã cấp trước ngày 01 tháng 7 năm 2025 thuộc thẩm quyền cấp phép của", None),
    # a due word after the perfective clause starts a duty of its own
    ("Các đơn vị đã được giao nhiệm vụ phải hoàn thành trước ngày 30/6/2025.", "2025-06-30"),
    ("Các đơn vị đã tổng hợp số liệu gửi về Sở trước ngày 15/3/2024.", "2024-03-15"),
    ("Đề nghị các đơn vị gửi báo cáo về Sở trước ngày 15/3/2024.", "2024-03-15"),
]


@pytest.mark.parametrize(("text", "expected"), CUT_OFFS)
def test_round9_perfective_cut_off_is_no_deadline(text: str, expected: str | None) -> None:
    dl = find_deadline(text, doc_date="2024-01-10")
    assert (dl.date if dl is not None else None) == expected


def _cite(text: str) -> list[tuple[str, str | None]]:
    t = normalise_text(text)
    doc = Document(source=Source(path="x.txt", sha256="0", format="txt"), text=t, folded=fold(t))
    return [(c.number, c.date) for c in find_citations(doc)]


STUMPS = [
    # OCR lost the symbol's end at a line break
    ("Căn cứ Nghị định số 65/2013/NĐ-CP của Chính phủ; Điều 2 Nghị đinh số 65/2013/ND-\nngày 27/6/2013 của Chính phủ",
     [("65/2013/NĐ-CP", None)]),
    # a short form of a number cited in full
    ("Căn cứ Nghị định số 68/2016/NĐ-CP quy định về điều kiện kinh doanh hàng miễn thuế (Nghị định số 68/2016) như sau",
     [("68/2016/NĐ-CP", None)]),
    # the same running number with another date is another document
    ("1. Thông tư liên bộ số 11/TTLB-NV-NG ngày 22 tháng 12 năm 1988 của Bộ Nội vụ. 2. Thông tư liên bộ số 11/TTLB ngày "
     "20 tháng 12 năm 1993 của Bộ Nội vụ.", [("11/TTLB-NV-NG", "1988-12-22"), ("11/TTLB", "1993-12-20")]),
]


@pytest.mark.parametrize(("text", "expected"), STUMPS)
def test_round9_cut_short_number_joins_its_full_citation(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _cite(text) == expected
