"""Word files laid out as real dispatches are (issue 2): the DOCX reader against the variants met in
the wild — automatic multi-level numbering, soft line breaks in cells, headers typed with tabs,
text boxes, tracked changes and fields, centred titles and indented signing blocks, tables with
and without borders. Each test builds a small .docx with python-docx (raw WordprocessingML where
python-docx has no API) and checks the text the reader gives the pipeline."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm

import docintel
from docintel.ingest import read_data

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'


def _read(build: Callable[[Any], None]) -> list[str]:
    """The reader's lines (blank lines kept) for a document made by ``build``."""
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return read_data(buf.getvalue(), name="t.docx", suffix=".docx").text.split("\n")


def _nonblank(lines: list[str]) -> list[str]:
    return [ln for ln in lines if ln.strip()]


# ---------------------------------------------------------------------------
# automatic numbering

LEVELS = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-"), ("bullet", "+"), ("bullet", "\uf0b7")]


def _numbering(d: Any, abstract_id: int = 907) -> Any:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(LEVELS)
    )
    root = d.part.numbering_part.element
    root.insert(0, parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    return root


def _num(root: Any, num_id: int, abstract_id: int = 907, overrides: dict[int, int] | None = None) -> None:
    over = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                   for k, v in (overrides or {}).items())
    root.append(parse_xml(f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{over}</w:num>'))


def _item(d: Any, text: str, num_id: int, ilvl: int) -> None:
    p = d.add_paragraph(text)
    num_pr = p._p.get_or_add_pPr()._add_numPr()
    num_pr._add_ilvl().val = ilvl
    num_pr._add_numId().val = num_id


def test_issue2_multilevel_numbering_prints_like_word() -> None:
    def build(d: Any) -> None:
        root = _numbering(d)
        _num(root, 901)
        _num(root, 902, overrides={1: 1})  # "Restart at 1" for the second part's decimals
        _item(d, "NHIỆM VỤ CHUNG", 901, 0)
        _item(d, "Sở Y tế chủ trì:", 901, 1)
        _item(d, "rà soát các cơ sở;", 901, 2)
        _item(d, "báo cáo trước ngày 15/8/2020.", 901, 2)
        _item(d, "Sở Công Thương kiểm tra chợ.", 901, 1)
        _item(d, "chợ đầu mối;", 901, 3)
        _item(d, "siêu thị.", 901, 4)
        _item(d, "các cửa hàng.", 901, 5)
        _item(d, "NHIỆM VỤ CỤ THỂ", 901, 0)
        _item(d, "Công an tỉnh bảo đảm an ninh.", 902, 1)
        _item(d, "tuần tra;", 902, 2)
        _item(d, "Các huyện thực hiện.", 902, 1)

    assert _nonblank(_read(build)) == [
        "I. NHIỆM VỤ CHUNG",
        "1. Sở Y tế chủ trì:",
        "a) rà soát các cơ sở;",
        "b) báo cáo trước ngày 15/8/2020.",
        "2. Sở Công Thương kiểm tra chợ.",
        "- chợ đầu mối;",
        "+ siêu thị.",
        "- các cửa hàng.",  # a Symbol-font bullet prints as a dash
        "II. NHIỆM VỤ CỤ THỂ",
        "1. Công an tỉnh bảo đảm an ninh.",
        "a) tuần tra;",
        "2. Các huyện thực hiện.",
    ]


def test_issue2_list_instances_of_one_definition_continue_unless_restarted() -> None:
    def build(d: Any) -> None:
        root = _numbering(d)
        _num(root, 901)
        _num(root, 902)  # same abstract list, no override: Word goes on counting
        _num(root, 903, overrides={1: 5})  # startOverride: the typist's "Set numbering value to 5"
        _item(d, "Một.", 901, 1)
        _item(d, "Hai.", 902, 1)
        d.add_paragraph("Đoạn văn giữa hai danh sách.")
        _item(d, "Năm.", 903, 1)
        _item(d, "Sáu.", 903, 1)

    assert _nonblank(_read(build)) == ["1. Một.", "2. Hai.", "Đoạn văn giữa hai danh sách.", "5. Năm.", "6. Sáu."]


def test_issue2_numbering_from_a_paragraph_style() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("Kiểm tra chợ đầu mối", style="List Number")
        d.add_paragraph("Kiểm tra siêu thị", style="List Number")
        d.add_paragraph("Chợ dân sinh", style="List Bullet")

    assert _nonblank(_read(build)) == ["1. Kiểm tra chợ đầu mối", "2. Kiểm tra siêu thị", "- Chợ dân sinh"]


# ---------------------------------------------------------------------------
# header and footer tables


def _header_cells(d: Any, left: list[str], right: list[str], *, soft: bool) -> None:
    t = d.add_table(rows=1, cols=2)
    for cell, lines in ((t.cell(0, 0), left), (t.cell(0, 1), right)):
        if soft:
            cell.paragraphs[0].text = "\n".join(lines)  # python-docx writes \n as <w:br/>
        else:
            cell.paragraphs[0].text = lines[0]
            for ln in lines[1:]:
                cell.add_paragraph(ln)


LEFT = ["UBND TỈNH LẠNG SƠN", "SỞ CÔNG THƯƠNG", "Số: 881/SCT-VP", "V/v phòng, chống dịch COVID-19"]
RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lạng Sơn, ngày 29 tháng 7 năm 2020"]


@pytest.mark.parametrize("soft", [False, True], ids=["paragraphs", "soft-breaks"])
def test_issue2_header_table_reads_left_column_then_right(soft: bool) -> None:
    lines = _nonblank(_read(lambda d: _header_cells(d, LEFT, RIGHT, soft=soft)))
    assert lines == [*LEFT, *RIGHT]


def test_issue2_noi_nhan_in_one_cell_with_line_breaks_and_signing_block_without_prefix() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("Đề nghị các đơn vị thực hiện./.")
        t = d.add_table(rows=1, cols=2)  # borderless, and no KT./TM. cue: still a layout table
        t.cell(0, 0).paragraphs[0].text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
        t.cell(0, 1).paragraphs[0].text = "THỦ TƯỚNG"
        t.cell(0, 1).add_paragraph("")
        t.cell(0, 1).add_paragraph("Lê Minh Hưng")

    assert _nonblank(_read(build))[1:] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "THỦ TƯỚNG", "Lê Minh Hưng"]


def test_issue2_motto_in_a_nested_table() -> None:
    def build(d: Any) -> None:
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).paragraphs[0].text = "\n".join(LEFT)
        inner = t.cell(0, 1).add_table(rows=1, cols=1)
        inner.cell(0, 0).paragraphs[0].text = "\n".join(RIGHT[:2])
        t.cell(0, 1).add_paragraph(RIGHT[2])

    assert _nonblank(_read(build)) == [*LEFT, *RIGHT]


def test_issue2_task_table_with_borders_is_data_one_row_a_line() -> None:
    def build(d: Any) -> None:
        t = d.add_table(rows=3, cols=4)
        t.style = "Table Grid"
        rows = [("STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"),
                ("1", "Rà soát cơ sở\nlưu trú", "Sở Y tế", "ngày 15 tháng 8 năm 2020"),
                ("2", "Kiểm tra chợ", "Sở Công Thương", "Thường xuyên")]
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                t.cell(r, c).text = v

    assert _nonblank(_read(build)) == [
        "STT | Nội dung | Đơn vị chủ trì | Thời hạn",
        "1 | Rà soát cơ sở lưu trú | Sở Y tế | ngày 15 tháng 8 năm 2020",
        "2 | Kiểm tra chợ | Sở Công Thương | Thường xuyên",
    ]


# ---------------------------------------------------------------------------
# no tables: tabs, indents, centred titles


def test_issue2_header_typed_with_tabs_is_split_into_columns() -> None:
    def build(d: Any) -> None:
        for k in range(max(len(LEFT), len(RIGHT))):
            left = LEFT[k] if k < len(LEFT) else ""
            right = RIGHT[k] if k < len(RIGHT) else ""
            d.add_paragraph(f"{left}\t\t{right}" if right else left)
        d.add_paragraph("Kính gửi: Các phòng, đơn vị thuộc Sở.")
        d.add_paragraph("Thực hiện Công văn số 938/UBND-KGVX ngày 04/8/2020 của UBND tỉnh.")

    lines = _read(build)
    assert _nonblank(lines) == [*LEFT, *RIGHT, "Kính gửi: Các phòng, đơn vị thuộc Sở.",
                                "Thực hiện Công văn số 938/UBND-KGVX ngày 04/8/2020 của UBND tỉnh."]
    # the columns are blocks of their own: the V/v lines stay together, the motto apart
    text = "\n".join(lines)
    assert "\n".join(LEFT) in text and "\n".join(RIGHT) in text
    assert "\n".join([LEFT[-1], RIGHT[0]]) not in text


def test_issue2_tabs_inside_a_body_sentence_are_no_header() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("Mức thu:\t50.000 đồng")
        d.add_paragraph("Mức chi:\t20.000 đồng")

    assert _nonblank(_read(build)) == ["Mức thu:\t50.000 đồng", "Mức chi:\t20.000 đồng"]


def test_issue2_centred_title_lines_are_one_block_and_upper_case_opens_the_next() -> None:
    def build(d: Any) -> None:
        for text in ["QUYẾT ĐỊNH", "Kiện toàn Ban Chỉ đạo Trung ương về cải cách", "chính sách tiền lương",
                     "THỦ TƯỚNG CHÍNH PHỦ"]:
            d.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        d.add_paragraph("Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;")

    text = "\n".join(_read(build))
    assert "QUYẾT ĐỊNH\nKiện toàn Ban Chỉ đạo Trung ương về cải cách\nchính sách tiền lương\n\nTHỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ" in text


def test_issue2_indented_signing_block_keeps_its_signature_space_as_one_block() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("Đề nghị các đơn vị thực hiện./.")
        for ln in ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "", "Nguyễn Văn A"]:
            d.add_paragraph(ln).paragraph_format.left_indent = Cm(9)
        d.add_paragraph("Nơi nhận:")
        d.add_paragraph("- Như trên;")

    text = "\n".join(_read(build))
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn A\n\nNơi nhận:" in text


# ---------------------------------------------------------------------------
# text the python-docx paragraph API leaves out


def test_issue2_tracked_changes_fields_smart_tags_and_hyperlinks() -> None:
    def build(d: Any) -> None:
        p = d.add_paragraph()
        p.add_run("Thực hiện Công văn số ")
        p._p.append(parse_xml(f'<w:ins {NS} w:id="1" w:author="A"><w:r><w:t>938/UBND-KGVX</w:t></w:r></w:ins>'))
        p._p.append(parse_xml(f'<w:del {NS} w:id="2" w:author="A"><w:r><w:delText> ĐÃ XOÁ</w:delText></w:r></w:del>'))
        p._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" DATE "><w:r><w:t xml:space="preserve"> ngày 04/8/2020</w:t></w:r></w:fldSimple>'))
        p._p.append(parse_xml(f'<w:smartTag {NS} w:element="place"><w:r><w:t xml:space="preserve"> của UBND tỉnh</w:t></w:r></w:smartTag>'))
        for xml in ['<w:r {ns}><w:fldChar w:fldCharType="begin"/></w:r>',
                    '<w:r {ns}><w:instrText xml:space="preserve"> HYPERLINK "http://x" </w:instrText></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="separate"/></w:r>',
                    '<w:r {ns}><w:t xml:space="preserve"> (bản điện tử)</w:t></w:r>',
                    '<w:r {ns}><w:fldChar w:fldCharType="end"/></w:r>']:
            p._p.append(parse_xml(xml.format(ns=NS)))
        p.add_run(".")

    assert _nonblank(_read(build)) == ["Thực hiện Công văn số 938/UBND-KGVX ngày 04/8/2020 của UBND tỉnh (bản điện tử)."]


def _textbox_vml(lines: list[str]) -> str:
    paras = "".join(f"<w:p><w:r><w:t>{ln}</w:t></w:r></w:p>" for ln in lines)
    return (f'<w:r {NS} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            f"<w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")


def _textbox_dml(lines: list[str]) -> str:
    """A modern text box: mc:AlternateContent with the DrawingML shape and its VML fallback twin."""
    paras = "".join(f"<w:p><w:r><w:t>{ln}</w:t></w:r></w:p>" for ln in lines)
    return (
        f'<w:r {NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


@pytest.mark.parametrize("box", [_textbox_vml, _textbox_dml], ids=["vml", "drawingml"])
def test_issue2_header_in_text_boxes_is_read_once_and_in_order(box: Callable[[list[str]], str]) -> None:
    def build(d: Any) -> None:
        anchor = d.add_paragraph()
        anchor._p.append(parse_xml(box(LEFT)))
        anchor._p.append(parse_xml(box(RIGHT)))
        d.add_paragraph("Kính gửi: Các phòng, đơn vị thuộc Sở.")

    assert _nonblank(_read(build)) == [*LEFT, *RIGHT, "Kính gửi: Các phòng, đơn vị thuộc Sở."]


def test_issue2_page_header_and_footer_fields_stay_out() -> None:
    def build(d: Any) -> None:
        d.add_paragraph("Nội dung.")
        foot = d.sections[0].footer.paragraphs[0]
        foot.add_run("Trang ")
        foot._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        d.sections[0].header.paragraphs[0].text = "TIÊU ĐỀ TRANG"

    assert _nonblank(_read(build)) == ["Nội dung."]


# ---------------------------------------------------------------------------
# end to end: the variants parse to the fields of the plain text

PLAIN = "\n".join([
    *LEFT, *RIGHT, "",
    "Kính gửi: Các phòng, đơn vị thuộc Sở.", "",
    "Thực hiện Công văn số 938/UBND-KGVX ngày 04/8/2020 của UBND tỉnh, Sở Công Thương yêu cầu:", "",
    "1. Phòng Quản lý thương mại kiểm tra các chợ đầu mối trước ngày 15/8/2020.", "",
    "2. Văn phòng Sở tổng hợp, báo cáo Giám đốc Sở.", "",
    "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "",
    "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Nguyễn Văn A",
])


def _fields(doc: docintel.Document) -> dict[str, Any]:
    rec = docintel.to_contract(doc)
    keys = ["doc_type", "number", "issuer", "place", "date", "subject", "recipients", "signer"]
    out = {k: rec.get(k) for k in keys}
    out["tasks"] = [(t["id"], [a["name"] for a in t.get("assignees", [])], (t.get("deadline") or {}).get("date"))
                    for t in rec.get("tasks", [])]
    return _strip_spans(out)


def _strip_spans(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _strip_spans(x) for k, x in v.items() if k not in ("start", "end", "spans")}
    if isinstance(v, list):
        return [_strip_spans(x) for x in v]
    return v


def _tabbed_numbered(d: Any) -> None:
    for k in range(max(len(LEFT), len(RIGHT))):
        left = LEFT[k] if k < len(LEFT) else ""
        right = RIGHT[k] if k < len(RIGHT) else ""
        d.add_paragraph(f"{left}\t\t{right}" if right else left)
    d.add_paragraph("Kính gửi: Các phòng, đơn vị thuộc Sở.")
    d.add_paragraph("Thực hiện Công văn số 938/UBND-KGVX ngày 04/8/2020 của UBND tỉnh, Sở Công Thương yêu cầu:")
    root = _numbering(d)
    _num(root, 901)
    _item(d, "Phòng Quản lý thương mại kiểm tra các chợ đầu mối trước ngày 15/8/2020.", 901, 1)
    _item(d, "Văn phòng Sở tổng hợp, báo cáo Giám đốc Sở.", 901, 1)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    t.cell(0, 1).paragraphs[0].text = "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n\nNguyễn Văn A"


def test_issue2_tab_header_auto_numbering_and_soft_break_footer_parse_like_the_text() -> None:
    d = docx.Document()
    _tabbed_numbered(d)
    buf = io.BytesIO()
    d.save(buf)
    got = _fields(docintel.parse_bytes(buf.getvalue(), name="t.docx"))
    want = _fields(docintel.parse_text(PLAIN))
    assert want["number"]["text"] == "881/SCT-VP" and len(want["tasks"]) == 2  # the reference parse is sane
    assert got == want
