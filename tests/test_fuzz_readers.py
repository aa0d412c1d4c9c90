"""Issues 2 and 6: the format readers never crash and never hang, whatever the file.

Hypothesis builds *valid but odd* files with the libraries people's tools use (Word files
with python-docx: nested and merged tables, empty cells, text boxes, fields, tracked changes,
list numbering including broken definitions; PDFs with fpdf2: text anywhere, any size, columns,
empty pages, pages holding only a picture, rotated text, annotations; images in every mode
Pillow writes, with EXIF orientations valid and not), and *broken* ones (truncated archives,
a package without its document, malformed XML, truncated PDFs, garbage after ``%PDF-``,
flipped bytes), and byte strings mixing UTF-8 with TCVN3, VNI and Windows-1258 lines.

The property: parsing gives a Document whose every span (``start``/``end`` in the
``docintel.parse/1`` record, the page spans) lies within its text, or raises a
:class:`~docintel.DocintelError` whose message names the file and a reason. Never any
other exception, never a hang (an alarm guards each example). The image preparation rules
(colour dropout, despeckling, deskewing, the stamp-mark regions) are fuzzed directly on
many images without Tesseract; only a few examples run the whole OCR path.

``DOCINTEL_FUZZ_SCALE`` multiplies every example count (e.g. ``DOCINTEL_FUZZ_SCALE=20`` for a
long hunt); the default keeps the file within the suite's budget.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robustness import alarm

from docintel import DocintelError, Document, InputError, parse_bytes, to_contract
from docintel.ingest._legacy import encode_cp1258, encode_tcvn3, encode_vni

SCALE = float(os.environ.get("DOCINTEL_FUZZ_SCALE", "1"))
LIMIT = 30  # seconds per example: a hang guard, not a speed target
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def fuzz(n: int) -> Callable[[Any], Any]:
    """Hypothesis settings for a fuzz test of ``n`` examples (times DOCINTEL_FUZZ_SCALE)."""
    return settings(
        max_examples=max(1, round(n * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
        derandomize=SCALE == 1,  # the suite's run is reproducible; a long hunt explores
    )


# ---------------------------------------------------------------------------
# the property


def _spans(node: Any, where: str = "") -> Iterator[tuple[str, Any, Any]]:
    if isinstance(node, dict):
        if "start" in node or "end" in node:
            yield where, node.get("start"), node.get("end")
        for k, v in node.items():
            yield from _spans(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _spans(v, f"{where}[{i}]")


def check_document(doc: Document) -> None:
    """Every span of the contract record and every page span lies within the text."""
    assert isinstance(doc, Document)
    n = len(doc.text)
    record = to_contract(doc)
    for where, start, end in _spans(record):
        if start is None and end is None:
            continue
        assert isinstance(start, int) and isinstance(end, int), (where, start, end)
        assert 0 <= start <= end <= n, (where, start, end, n)
    for start, end in doc.pages:
        assert 0 <= start <= end <= n, ("pages", start, end, n)


def parses_or_fails_clearly(data: bytes, name: str, *, ocr: bool = False) -> Document | None:
    """Parse ``data`` as the file ``name``: a Document with valid spans, or a DocintelError naming
    the file and a reason (None then). Any other exception fails the test."""
    with alarm(LIMIT):
        try:
            doc = parse_bytes(data, name=name, ocr=ocr)
        except DocintelError as e:
            assert e.path == name and name in str(e), str(e)
            assert len(e.reason.strip()) >= 5, f"no reason given: {e!r}"
            return None
        check_document(doc)
    return doc


# ---------------------------------------------------------------------------
# text

_VI_WORDS = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập Tự do Hạnh phúc ỦY BAN NHÂN DÂN TỈNH Sở Y tế Số: 12/UBND-VP "
    "V/v tăng cường phòng chống dịch Hà Nội, ngày 30 tháng 10 năm 2013 Kính gửi: Nơi nhận: Lưu: VT KT. GIÁM ĐỐC "
    "PHÓ GIÁM ĐỐC Nguyễn Văn An giao thực hiện báo cáo trước ngày 15/12/2024 Quyết định Công văn số 5/QĐ-UBND "
    "đề nghị các đơn vị khẩn trương thời hạn hỏa tốc mật"
).split()
_ODD = ["\t", "\xa0", "\u200b", "\ufeff", "\u0301", "\u0323", "-", "|", "…", "“", "”", "•", "1.", "a)", "%", "&", "<", ">"]


def _line(draw: st.DrawFn, *, max_words: int = 12) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(_VI_WORDS), st.sampled_from(_ODD),
                                    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=6)),
                          max_size=max_words))
    return " ".join(parts)


@st.composite
def vi_line(draw: st.DrawFn) -> str:
    return _line(draw)


def xml_safe(text: str) -> str:
    """Drop what XML 1.0 cannot hold (C0 controls but tab/newline, surrogates, U+FFFE/U+FFFF)."""
    return "".join(c for c in text if (c in "\t\n" or ord(c) >= 0x20) and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff")


# ---------------------------------------------------------------------------
# DOCX

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def _esc(text: str) -> str:
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _runs(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


@st.composite
def numbering_defs(draw: st.DrawFn) -> list[str]:
    """Raw ``w:abstractNum``/``w:num`` elements, some of them broken on purpose."""
    out: list[str] = []
    for a in range(draw(st.integers(0, 3))):
        abs_id = draw(st.sampled_from([str(100 + a)] * 3 + ["x", "", "-1"]))
        lvls = []
        for _ in range(draw(st.integers(0, 4))):
            ilvl = draw(st.sampled_from(["0", "1", "2", "8", "9", "-1", "x", ""]))
            fmt = draw(st.sampled_from(["decimal", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "bullet",
                                        "none", "ordinal", "", None]))
            lvl_text = draw(st.sampled_from(["%1.", "%1.%2.", "%2)", "%9", "%0", "-", "•", "", "%", "%1%1%3", None]))
            start = draw(st.sampled_from(["1", "0", "5", "-3", "3999", "4000", "99999999999", "1" * 5000, "abc", "", None]))
            parts = [f'<w:lvl w:ilvl="{ilvl}">']
            if start is not None:
                parts.append(f'<w:start w:val="{start}"/>')
            if fmt is not None:
                parts.append(f'<w:numFmt w:val="{fmt}"/>')
            if lvl_text is not None:
                parts.append(f'<w:lvlText w:val="{lvl_text}"/>')
            parts.append("</w:lvl>")
            lvls.append("".join(parts))
        out.append(f'<w:abstractNum {NS} w:abstractNumId="{abs_id}">{"".join(lvls)}</w:abstractNum>')
    for n in range(draw(st.integers(0, 3))):
        num_id = draw(st.sampled_from([str(200 + n)] * 3 + ["0", "x", ""]))
        ref = draw(st.sampled_from(["100", "101", "102"] * 2 + ["7", "x", None]))
        body = f'<w:abstractNumId w:val="{ref}"/>' if ref is not None else ""
        if draw(st.booleans()):
            ov_ilvl = draw(st.sampled_from(["0", "1", "12", "-2", "z"]))
            so = draw(st.sampled_from(["3", "", "q", "-1", None]))
            inner = f'<w:startOverride w:val="{so}"/>' if so is not None else '<w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
            body += f'<w:lvlOverride w:ilvl="{ov_ilvl}">{inner}</w:lvlOverride>'
        out.append(f'<w:num {NS} w:numId="{num_id}">{body}</w:num>')
    return out


@st.composite
def paragraph_xml(draw: st.DrawFn) -> str:
    """One ``w:p`` with random content: runs, a numbering reference, a text box, fields, tracked changes."""
    ppr = ""
    if draw(st.booleans()):
        num_id = draw(st.sampled_from(["200", "201", "202", "0", "1", "999", "x", ""]))
        ilvl = draw(st.sampled_from(["0", "0", "1", "1", "2", "9", "-1", "x"]))
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    if draw(st.booleans()):
        ppr += '<w:jc w:val="{}"/>'.format(draw(st.sampled_from(["center", "right", "both", "end", "bogus"])))
    if draw(st.booleans()):
        ppr += '<w:ind w:left="{}"/>'.format(draw(st.sampled_from(["0", "3600", "-720", "abc", "4.5", ""])))
    parts = [f"<w:pPr>{ppr}</w:pPr>" if ppr else ""]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["run", "run", "tab", "br", "page", "textbox", "fldSimple", "field", "ins", "del",
                                     "hyperlink", "sdt"]))
        text = draw(vi_line())
        if kind == "run":
            parts.append(_runs(text))
        elif kind == "tab":
            parts.append("<w:r><w:tab/></w:r>")
        elif kind == "br":
            parts.append("<w:r><w:br/><w:cr/></w:r>")
        elif kind == "page":
            parts.append('<w:r><w:br w:type="page"/></w:r>')
        elif kind == "textbox":
            inner = "".join(f"<w:p>{_runs(draw(vi_line()))}</w:p>" for _ in range(draw(st.integers(0, 3))))
            legacy = draw(st.booleans())
            box = (f'<w:r><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'
                   if legacy else
                   f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{inner}'
                   f'</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>'
                   f'{inner}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
            parts.append(box)
        elif kind == "fldSimple":
            parts.append(f'<w:fldSimple w:instr=" {_esc(text[:20])} ">{_runs(text)}</w:fldSimple>')
        elif kind == "field":
            seq = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>', f"<w:r><w:instrText>{_esc(text)}</w:instrText></w:r>",
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', _runs(text[::-1]),
                   '<w:r><w:fldChar w:fldCharType="end"/></w:r>']
            parts.extend(draw(st.lists(st.sampled_from(seq), max_size=6)))  # unbalanced fields too
        elif kind == "ins":
            parts.append(f'<w:ins w:id="1" w:author="a">{_runs(text)}</w:ins>')
        elif kind == "del":
            parts.append(f'<w:del w:id="2" w:author="a"><w:r><w:delText>{_esc(text)}</w:delText></w:r></w:del>')
        elif kind == "hyperlink":
            parts.append(f"<w:hyperlink>{_runs(text)}</w:hyperlink>")
        else:
            parts.append(f"<w:sdt><w:sdtContent>{_runs(text)}</w:sdtContent></w:sdt>")
    return f'<w:p {NS}>{"".join(parts)}</w:p>'


Block = tuple[Any, ...]


def _blocks(depth: int) -> st.SearchStrategy[list[Block]]:
    para = st.tuples(st.just("p"), paragraph_xml())
    plain = st.tuples(st.just("text"), vi_line(), st.sampled_from([None, "List Number", "List Bullet", "Heading 1", "Title"]))
    if depth == 0:
        return st.lists(st.one_of(para, plain), max_size=3)
    table = st.tuples(st.just("table"), st.integers(1, 4), st.integers(1, 4),
                      st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)), max_size=2),
                      st.lists(st.deferred(lambda: _blocks(depth - 1)), max_size=6),
                      st.booleans())
    return st.lists(st.one_of(para, plain, table), max_size=6)


def _add(container: Any, blocks: list[Block]) -> None:
    from docx.oxml import parse_xml

    for b in blocks:
        if b[0] == "p":
            p = container.add_paragraph()
            p._p.addprevious(parse_xml(b[1]))
            p._p.getparent().remove(p._p)
        elif b[0] == "text":
            try:
                container.add_paragraph(xml_safe(b[1]), style=b[2])
            except KeyError:  # a style the template does not have
                container.add_paragraph(xml_safe(b[1]))
        else:
            _, rows, cols, merges, contents, bordered = b
            table = container.add_table(rows=rows, cols=cols)
            if bordered:
                table.style = "Table Grid"
            cells = [c for row in table.rows for c in row.cells]
            for cell, content in zip(cells, contents, strict=False):
                if content:
                    _add(cell, content)  # a cell's own paragraphs and nested tables
            for r0, c0, r1, c1 in merges:
                try:
                    table.cell(min(r0, rows - 1), min(c0, cols - 1)).merge(table.cell(min(r1, rows - 1), min(c1, cols - 1)))
                except Exception:  # noqa: BLE001 - python-docx refuses some shapes (overlapping spans); skip those
                    pass


@st.composite
def docx_files(draw: st.DrawFn) -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    for el in draw(numbering_defs()):
        numbering.append(parse_xml(el))
    body = draw(_blocks(2))
    _add(document, body)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The package with each part passed through ``change`` (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            new = change(info.filename, src.read(info))
            if new is not None:
                dst.writestr(info.filename, new)
    return out.getvalue()


@st.composite
def broken_docx(draw: st.DrawFn) -> bytes:
    data = draw(docx_files())
    how = draw(st.sampled_from(["truncate", "no-document", "bad-xml", "bad-numbering", "bad-styles", "no-types",
                                "garbage-part", "flip"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "flip":
        b = bytearray(data)
        for _ in range(draw(st.integers(1, 20))):
            i = draw(st.integers(0, len(b) - 1))
            b[i] = draw(st.integers(0, 255))
        return bytes(b)
    cut = draw(st.floats(0.0, 0.99))

    def change(part: str, content: bytes) -> bytes | None:
        if how == "no-document" and part == "word/document.xml":
            return None
        if how == "no-types" and part == "[Content_Types].xml":
            return None
        if how == "bad-xml" and part == "word/document.xml":
            return content[: int(len(content) * cut)] + b"<w:p><unclosed"
        if how == "bad-numbering" and part == "word/numbering.xml":
            return content[: int(len(content) * cut)]
        if how == "bad-styles" and part == "word/styles.xml":
            return b"<?xml version='1.0'?><w:styles xmlns:w='urn:x'><w:style/></w:styles>"
        if how == "garbage-part" and part.endswith(".xml"):
            return bytes(draw(st.binary(max_size=64)))
        return content

    return _rezip(data, change)


@fuzz(40)
@given(docx_files())
def test_issue2_random_valid_docx_reads_with_spans_in_text(data: bytes) -> None:
    doc = parses_or_fails_clearly(data, "fuzz.docx")
    assert doc is not None, "a valid Word file must be read"


@fuzz(40)
@given(broken_docx())
def test_issue2_broken_docx_fails_clearly(data: bytes) -> None:
    parses_or_fails_clearly(data, "broken.docx")


# ---------------------------------------------------------------------------
# PDF

pdf_needs_font = pytest.mark.skipif(not (FONT.exists() and FONT_BOLD.exists()), reason="DejaVu Serif not installed")


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF(format=draw(st.sampled_from(["A4", "A3", "letter"])))
    pdf.add_font("serif", "", str(FONT))
    pdf.add_font("serif", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(draw(st.booleans()), margin=10)
    for _ in range(draw(st.integers(1, 4))):
        pdf.add_page(orientation=draw(st.sampled_from(["P", "L"])))
        kind = draw(st.sampled_from(["text", "text", "columns", "table", "empty", "image", "mixed"]))
        if kind in ("image", "mixed"):
            size = (draw(st.integers(1, 60)), draw(st.integers(1, 60)))
            img = Image.new(draw(st.sampled_from(["L", "RGB", "1"])), size, draw(st.integers(0, 255)))
            pdf.image(img, x=0, y=0, w=pdf.w if kind == "image" else draw(st.floats(1, 100)))
        if kind in ("text", "mixed"):
            for _ in range(draw(st.integers(0, 12))):
                pdf.set_font("serif", draw(st.sampled_from(["", "B"])), draw(st.floats(1, 40)))
                x, y = draw(st.floats(-20, pdf.w + 20)), draw(st.floats(-20, pdf.h + 20))
                text = xml_safe(draw(vi_line())).replace("\n", " ")
                if draw(st.booleans()):
                    text += "-"  # a line-end hyphen the reader may join
                angle = draw(st.sampled_from([0, 0, 0, 90, 180, 270, 33]))
                if angle:
                    with pdf.rotation(angle, x, y):
                        pdf.text(x, y, text)
                else:
                    pdf.text(x, y, text)
            if draw(st.booleans()):
                pdf.text_annotation(draw(st.floats(0, 100)), draw(st.floats(0, 100)), xml_safe(draw(vi_line())) or "note")
        if kind == "columns":
            ncols = draw(st.integers(1, 3))
            width = (pdf.w - 20) / ncols
            pdf.set_font("serif", "", draw(st.floats(6, 16)))
            for c in range(ncols):
                pdf.set_xy(10 + c * width, draw(st.floats(10, 60)))
                lines = draw(st.lists(vi_line(), max_size=8))
                pdf.multi_cell(width - 2, draw(st.floats(3, 9)), xml_safe("\n".join(lines)),
                               align=draw(st.sampled_from(["L", "C", "R", "J"])))
        if kind == "table":  # a ruled grid, cells random text (some empty, some merged by a missing rule)
            rows, cols = draw(st.integers(1, 6)), draw(st.integers(1, 5))
            x0, y0 = draw(st.floats(5, 60)), draw(st.floats(5, 120))
            cw, rh = draw(st.floats(4, 60)), draw(st.floats(3, 25))
            pdf.set_font("serif", "", draw(st.floats(4, 12)))
            for r in range(rows + 1):
                if r in (0, rows) or draw(st.integers(0, 4)):
                    pdf.line(x0, y0 + r * rh, x0 + cols * cw, y0 + r * rh)
            for c in range(cols + 1):
                if c in (0, cols) or draw(st.integers(0, 4)):
                    pdf.line(x0 + c * cw, y0, x0 + c * cw, y0 + rows * rh)
            for r in range(rows):
                for c in range(cols):
                    text = xml_safe(draw(vi_line())).replace("\n", " ")
                    if text:
                        pdf.text(x0 + c * cw + 1, y0 + r * rh + rh * 0.7, text)
    data = bytes(pdf.output())
    return _pdfium_extras(draw, data) if draw(st.booleans()) else data


def _pdfium_extras(draw: st.DrawFn, data: bytes) -> bytes:
    """Page /Rotate values and stamp/free-text annotations whose appearance draws text, added with pdfium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    font_bytes = FONT.read_bytes()
    buf = (ctypes.c_uint8 * len(font_bytes)).from_buffer_copy(font_bytes)
    font = pdfium_c.FPDFText_LoadFont(pdf.raw, buf, len(font_bytes), pdfium_c.FPDF_FONT_TRUETYPE, True)
    for i in range(len(pdf)):
        page = pdf[i]
        page.set_rotation(draw(st.sampled_from([0, 0, 90, 180, 270])))
        for _ in range(draw(st.integers(0, 2))):
            kind = draw(st.sampled_from([pdfium_c.FPDF_ANNOT_STAMP, pdfium_c.FPDF_ANNOT_FREETEXT, pdfium_c.FPDF_ANNOT_SQUARE]))
            annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, kind)
            if not annot:
                continue
            left, b = draw(st.floats(-50, 600)), draw(st.floats(-50, 850))
            pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(left, b + draw(st.floats(-20, 80)), left + draw(st.floats(-20, 300)), b))
            for k in range(draw(st.integers(0, 4))):
                obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, draw(st.floats(1, 20)))
                text = xml_safe(draw(st.sampled_from(["Người ký: Nguyễn Văn An", "Thời gian ký: 29.04.2026 16:35:55 +07:00",
                                                      "Cơ quan: Sở Y tế", "15", "", "Số: 12"]) | vi_line()))
                wide = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
                pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
                pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, left + draw(st.floats(-10, 50)), b - 10 * k)
                pdfium_c.FPDFAnnot_AppendObject(annot, obj)
            pdfium_c.FPDFPage_CloseAnnot(annot)
        page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


@st.composite
def widget_pdfs(draw: st.DrawFn) -> bytes:
    """Hand-made one-page PDFs with a header's blanks (Số:, ngày, tháng) and widgets/stamps over
    them at random places, of random sizes, with or without (valid) appearances."""
    from test_pdf_overlays import _annot, _appearance, _pdf

    markers = ["So:", "/UBND-VP", "ngay", "thang", "nam 2026", "Kinh gui: So Y te.", "Nguoi ky: X", "12"]
    words = draw(st.lists(st.sampled_from(markers), min_size=1, max_size=8))
    body = b"BT /F1 12 Tf 72 790 Td (UY BAN NHAN DAN TINH X) Tj ET BT /F1 12 Tf 72 760 Td " + b" ".join(b"(%s) Tj %d 0 Td" % (w.encode(), 40) for w in words) + b" ET"
    n = draw(st.integers(0, 4))
    annots, extra = [], []
    for i in range(n):
        x, y = draw(st.integers(-100, 700)), draw(st.integers(-100, 900))
        rect = b"%d %d %d %d" % (x, y, x + draw(st.integers(-30, 300)), y + draw(st.integers(-30, 60)))
        ap = draw(st.sampled_from([None, 6 + n + i, 999]))
        annots.append(_annot(draw(st.sampled_from([b"Widget", b"Stamp", b"FreeText", b"Link", b"Popup"])), rect, ap,
                             flags=draw(st.sampled_from([0, 2, 4, 32]))))
        lines = draw(st.lists(st.sampled_from(["12", "30", "1", "123456", "Nguoi ky: A", "Thoi gian ky: 01.07.2024 09:15:00 +07:00", ""]),
                              max_size=3))
        extra.append(_appearance(lines, size=draw(st.sampled_from([0.5, 8, 40]))))
    return _pdf(annots, extra, rotate=draw(st.sampled_from([0, 90, 180, 270, 45, -90, 720])), body=body)


@st.composite
def broken_pdf(draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["truncate", "garbage", "flip", "header-only"]))
    if how == "garbage":
        return b"%PDF-" + draw(st.sampled_from([b"1.4\n", b"1.7\r\n", b"", b"9.9"])) + draw(st.binary(max_size=2000))
    if how == "header-only":
        return draw(st.sampled_from([b"%PDF-1.4", b"%PDF-1.4\n%%EOF", b"  \n%PDF-", b"%PDF-1.4\ntrailer<</Root 1 0 R>>\n%%EOF"]))
    data = draw(pdf_files())
    if how == "truncate":
        return data[: draw(st.integers(1, len(data) - 1))]
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 30))):
        i = draw(st.integers(0, len(b) - 1))
        b[i] = draw(st.integers(0, 255))
    return bytes(b)


@pdf_needs_font
@fuzz(30)
@given(pdf_files())
def test_issue2_random_valid_pdf_reads_with_spans_in_text(data: bytes) -> None:
    parses_or_fails_clearly(data, "fuzz.pdf")  # a PDF with too little text is E010 (scanned): clear too


@fuzz(30)
@given(widget_pdfs())
def test_issue2_pdf_widgets_and_stamps_read_or_fail_clearly(data: bytes) -> None:
    parses_or_fails_clearly(data, "widgets.pdf")


@pdf_needs_font
@fuzz(30)
@given(broken_pdf())
def test_issue2_broken_pdf_fails_clearly(data: bytes) -> None:
    parses_or_fails_clearly(data, "broken.pdf")


# ---------------------------------------------------------------------------
# mixed encodings

_ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-nfd": lambda s: __import__("unicodedata").normalize("NFD", s).encode("utf-8"),
    "tcvn3": lambda s: encode_tcvn3(s, errors="replace"),
    "vni": lambda s: encode_vni(s, errors="replace"),
    "cp1258": lambda s: encode_cp1258(s, errors="replace"),
    "latin-1": lambda s: s.encode("latin-1", errors="replace"),
}


@st.composite
def mixed_encoding_bytes(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        enc = draw(st.sampled_from(sorted(_ENCODERS)))
        line = _ENCODERS[enc](draw(vi_line()))
        if draw(st.integers(0, 9)) == 0:
            line += draw(st.binary(max_size=8))  # a stray byte or two
        lines.append(line)
    sep = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    head = draw(st.sampled_from([b""] * 6 + [b"\xef\xbb\xbf", b"\xff\xfe"]))
    return head + sep.join(lines)


@fuzz(60)
@given(mixed_encoding_bytes(), st.sampled_from(["fuzz.txt", "fuzz.md"]))
def test_issue2_mixed_encoding_text_reads_or_fails_clearly(data: bytes, name: str) -> None:
    parses_or_fails_clearly(data, name)


# ---------------------------------------------------------------------------
# images

MODES = ["L", "RGB", "RGBA", "P", "1", "I;16", "I", "LA", "CMYK"]
ORIENTATIONS = [None, 1, 2, 3, 4, 5, 6, 7, 8, 0, 9, 255, 65535]


@st.composite
def pil_images(draw: st.DrawFn, max_side: int = 300) -> Any:
    """A small image in any mode: paper with dark bars (lines of 'text'), pepper and coloured blobs."""
    import numpy as np
    from PIL import Image

    w, h = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    rgb = np.full((h, w, 3), draw(st.sampled_from([255, 230, 128, 0])), dtype=np.uint8)
    for _ in range(draw(st.integers(0, 12))):  # dark bars
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        rgb[y : y + int(rng.integers(1, 8)), x : x + int(rng.integers(1, w + 1))] = int(rng.integers(0, 80))
    if draw(st.booleans()):  # a red or blue stamp-coloured blob
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        colour = draw(st.sampled_from([(230, 40, 40), (60, 60, 220), (200, 80, 200)]))
        rgb[y : y + int(rng.integers(1, h + 1)), x : x + int(rng.integers(1, w + 1))] = colour
    if draw(st.booleans()):  # salt and pepper
        noise = rng.random((h, w)) < draw(st.floats(0.0, 0.3))
        rgb[noise] = 0
    img = Image.fromarray(rgb, "RGB")
    mode = draw(st.sampled_from(MODES))
    if mode == "I;16":
        return Image.fromarray(np.asarray(img.convert("L")).astype("<u2") * 257)  # mode I;16
    if mode == "P":
        return img.convert("P", palette=Image.Palette.ADAPTIVE, colors=draw(st.integers(2, 64)))
    return img.convert(mode)


@st.composite
def image_files(draw: st.DrawFn) -> tuple[bytes, str]:
    from PIL import Image

    fmt = draw(st.sampled_from(["PNG", "JPEG", "TIFF", "TIFF-multi", "BMP", "WEBP"]))
    frames = [draw(pil_images(max_side=200)) for _ in range(draw(st.integers(2, 3)) if fmt == "TIFF-multi" else 1)]
    orientation = draw(st.sampled_from(ORIENTATIONS))
    kwargs: dict[str, Any] = {}
    if orientation is not None and fmt in ("PNG", "JPEG", "TIFF", "TIFF-multi", "WEBP"):
        exif = Image.Exif()
        exif[0x0112] = orientation
        kwargs["exif"] = exif
    ok = {"PNG": {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"}, "JPEG": {"L", "RGB", "CMYK"},
          "BMP": {"1", "L", "P", "RGB", "RGBA"}, "WEBP": {"RGB", "RGBA"}}
    allowed = ok.get(fmt, {"1", "L", "LA", "P", "RGB", "RGBA", "I;16", "CMYK", "I"})
    frames = [f if f.mode in allowed else f.convert("RGB" if "RGB" in allowed else "L") for f in frames]
    buf = io.BytesIO()
    if fmt == "TIFF-multi":
        frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], **kwargs)
    else:
        frames[0].save(buf, fmt, **kwargs)
    suffix = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif", "TIFF-multi": ".tiff", "BMP": ".bmp", "WEBP": ".webp"}[fmt]
    return buf.getvalue(), suffix


@st.composite
def broken_images(draw: st.DrawFn) -> tuple[bytes, str]:
    data, suffix = draw(image_files())
    if draw(st.booleans()):
        return data[: draw(st.integers(0, max(0, len(data) - 1)))], suffix
    b = bytearray(data)
    for _ in range(draw(st.integers(1, 10))):
        i = draw(st.integers(0, len(b) - 1))
        b[i] = draw(st.integers(0, 255))
    return bytes(b), suffix


@fuzz(60)
@given(image_files())
def test_issue6_load_images_gives_grey_frames(case: tuple[bytes, str]) -> None:
    from docintel.ocr import load_images

    data, suffix = case
    with alarm(LIMIT):
        frames = load_images(data, name=f"fuzz{suffix}")
    assert frames and all(f.mode == "L" and f.width >= 1 and f.height >= 1 for f in frames)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")  # Pillow's own note on the damage we made
@fuzz(60)
@given(broken_images())
def test_issue6_broken_images_fail_clearly(case: tuple[bytes, str]) -> None:
    from docintel.ocr import load_images

    data, suffix = case
    name = f"broken{suffix}"
    with alarm(LIMIT):
        try:
            frames = load_images(data, name=name)
        except InputError as e:
            assert e.path == name and "broken image" in str(e)
            return
    assert all(f.mode == "L" for f in frames)


@fuzz(80)
@given(pil_images())
def test_issue6_preparation_rules_take_any_image(image: Any) -> None:
    """Colour dropout, despeckling, deskewing and the stamp-mark regions on any mode and size."""
    from docintel.ocr._deskew import deskew
    from docintel.ocr._marks import regions
    from docintel.ocr._prepare import despeckle, lone_dark_share, prepare, stamp_layer, to_grey

    with alarm(LIMIT):
        grey = to_grey(image)
        assert grey.mode == "L" and grey.size == image.size
        layer = stamp_layer(grey)
        if layer is not None:
            assert layer.size == image.size
            for left, top, right, bottom in regions(layer, layer.height):
                assert 0 <= left < right <= layer.width and 0 <= top < bottom <= layer.height
        share, lone = lone_dark_share(grey)
        assert 0.0 <= share <= 1.0 and lone >= 0
        clean = despeckle(grey)
        assert clean.size == grey.size and clean.mode == "L"
        assert prepare(image).size == image.size
        straight, angle = deskew(clean)
        assert abs(angle) <= 6.0 and straight.width >= 1 and straight.height >= 1


@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCINTEL_OCR_CACHE", str(tmp_path_factory.mktemp("ocr-cache")))
        yield


@pytest.mark.ocr
@pytest.mark.slow
@fuzz(4)
@given(image_files())
def test_issue6_image_files_parse_through_tesseract(ocr_cache: None, case: tuple[bytes, str]) -> None:
    from docintel import ocr

    if not ocr.available():
        pytest.skip("Tesseract with the Vietnamese model is not installed")
    data, suffix = case
    parses_or_fails_clearly(data, f"fuzz{suffix}", ocr=True)


# ---------------------------------------------------------------------------
# regressions: examples the fuzzers found

# a TIFF whose IFD claims 2,162,689 x 83 pixels: Pillow's DecompressionBombError (not an OSError)
_BOMB_TIFF = (
    b"II*\x00\x08\x00\x00\x00\t\x00\x00\x01\x04\x00\x01\x00\x00\x00\x01\x00!\x00\x01\x01\x04\x00\x01\x00\x00\x00S\x00"
    b"\x00\x00\x02\x01\x03\x00\x01\x00\x00\x00\x08\x00\x00\x00\x03\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x06\x01"
    b"\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x11\x01\x04\x00\x01\x00\x00\x00z\x00\x00\x00\x16\x01\x04\x00\x01\x00\x00"
    b"\x00S\x00\x00\x00\x17\x01\x04\x00\x01\x00\x00\x00S\x00\x00\x00\x1c\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00"
    b"\x00\x00\x00\x00" + b"\xff" * 83
)
# a TIFF whose IFD has 10 entries but room for 9: the last frame has no width (TypeError on seek)
_NO_WIDTH_TIFF = (
    b"II*\x00\x08\x00\x00\x00\n\x00\x00\x01\x04\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x01\x04\x00\x01\x00\x00\x00"
    b"\x01\x00\x00\x00\x02\x01\x03\x00\x01\x00\x00\x00\x08\x00\x00\x00\x03\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00"
    b"\x06\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x11\x01\x04\x00\x01\x00\x00\x00\x86\x00\x00\x00\x12\x01\x03\x00"
    b"\x01\x00\x00\x00\x01\x00\x00\x00\x16\x01\x04\x00\x01\x00\x00\x00\x01\x00\x00\x00\x17\x01\x04\x00\x01\x00\x00\x00"
    b"\x01\x00\x00\x00\x1c\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\xff"
)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data:UserWarning")
@pytest.mark.parametrize("data", [_BOMB_TIFF], ids=["decompression-bomb"])
def test_issue6_damaged_tiff_is_a_broken_image_error(data: bytes) -> None:
    from docintel.ocr import load_images

    with pytest.raises(InputError) as e:
        load_images(data, name="scan.tif")
    assert str(e.value).startswith("scan.tif: broken image: ") and len(e.value.reason) > len("broken image: ") + 5


def test_issue6_damaged_tiff_keeps_its_readable_page() -> None:
    """The frame without a width is page 2: page 1 is read and page 2 reported (CLI audit: one
    bad page no longer rejects a whole multi-page scan; see tests/test_ocr_robust.py)."""
    from docintel.ocr import read_frames

    frames, missing = read_frames(_NO_WIDTH_TIFF, name="scan.tif")
    assert [f.info["page"] for f in frames] == [1] and list(missing) == [2]


def _numbered_docx(fmt: str, start: str) -> bytes:
    """A Word file whose one list paragraph counts in ``fmt`` from ``start``."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {NS} w:abstractNumId="100"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                               f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="200"><w:abstractNumId w:val="100"/></w:num>'))
    p = document.add_paragraph("Giao Sở Y tế thực hiện.")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="200"/></w:numPr>'))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize(("fmt", "start", "label"), [
    ("upperRoman", "99999999999", "99999999999."),  # wrote 10^8 'M's: the parse never ended
    ("lowerRoman", "4000", "4000."),
    ("upperRoman", "3999", "MMMCMXCIX."),
    ("lowerRoman", "0", "0."),
    ("lowerRoman", "-3", "-3."),
])
def test_issue2_docx_list_start_beyond_roman_numerals_reads_promptly(fmt: str, start: str, label: str) -> None:
    from docintel.ingest import read_data

    with alarm(10):  # a hang guard: the huge start used to take minutes
        doc = read_data(_numbered_docx(fmt, start), name="list.docx", suffix=".docx")
    assert doc.text == f"{label} Giao Sở Y tế thực hiện."


def test_issue6_a_huge_pdf_page_renders_within_the_pixel_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 200-inch page without text went to OCR at 300 dpi: 3.6 billion pixels, MemoryError or the OOM killer."""
    from test_pdf_overlays import _pdf

    import docintel.ocr as ocr

    monkeypatch.setattr(ocr, "MAX_PIXELS", 200_000)
    data = _pdf([], body=b"BT /F1 12 Tf 72 760 Td (x) Tj ET").replace(b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 14400 14400]")
    (img,) = list(ocr.render_pdf(data, name="poster.pdf"))
    assert img.width * img.height <= 1.01 * 200_000 and img.mode == "L"  # 448 x 448: pdfium rounds a side up
    assert img.info["dpi"] == (2, 2)  # what the page really is at that size, for the speck and Tesseract rules


@pytest.mark.parametrize("mode", ["L", "1", "P", "RGB", "RGBA", "I;16", "CMYK"])
def test_issue6_a_huge_image_is_reduced_to_the_pixel_budget(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 110 KB blank 9500-pixel-square PNG took 4 GB and 13 s to prepare: frames are reduced by a whole factor."""
    from PIL import Image

    import docintel.ocr as ocr

    monkeypatch.setattr(ocr, "MAX_PIXELS", 10_000)
    buf = io.BytesIO()
    Image.new(mode, (300, 250), (0, 0, 0, 0) if mode == "CMYK" else "white").save(buf, "TIFF", dpi=(600, 600))
    (frame,) = ocr.load_images(buf.getvalue(), name="big.tif")
    assert frame.size == (100, 84) and frame.mode == "L"  # a factor of 3 (ceil of sqrt(7.5))
    assert frame.info["dpi"] == (200, 200)
    assert frame.getextrema() == (255, 255)
