"""Text drawn by PDF annotations (e-signature stamps) read into the document.

E-signed dispatches carry the signature's visible stamp ("Người ký: … Email: … Cơ quan:
… Thời gian ký: …") as the appearance of a signature widget, not in the page's text layer.
"""

from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pytest
from conftest import CORPORA, shared_path

import docintel
from docintel import ScannedPDFError, parse_bytes
from docintel._model import Source
from docintel.ingest import _pdf as pdf_reader
from docintel.ingest._pdf import add_overlay_stamps, overlay_texts, read_all_overlays

# ---------------------------------------------------------------------------
# hand-made PDFs: a Helvetica text layer and annotations with appearance streams


def _pdf(annots: list[bytes], extra: list[bytes] | None = None, *, rotate: int = 0, body: bytes | None = None) -> bytes:
    """A one-page PDF (objects 1-5: catalog, pages, page, font, content) with ``annots``
    as objects 6, 7, …, followed by the ``extra`` objects (appearance streams)."""
    body = body or (
        b"BT /F1 12 Tf 72 760 Td (UY BAN NHAN DAN TINH X) Tj 0 -16 Td (So: 12/UBND-VP) Tj "
        b"0 -30 Td (Kinh gui: So Y te tinh X.) Tj 0 -16 Td (De nghi So Y te bao cao truoc ngay 30/6/2024.) Tj ET"
    )
    refs = b" ".join(b"%d 0 R" % (6 + i) for i in range(len(annots)))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R /Annots [%s] >>" % (rotate, refs),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(b"", body),
        *annots,
        *(extra or []),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _stream(d: bytes, data: bytes) -> bytes:
    return b"<< " + d + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _appearance(lines: list[str], *, size: float = 8) -> bytes:
    ops = b"BT /F1 %g Tf 2 30 Td " % size + b" 0 -9 Td ".join(b"(" + ln.encode("latin-1") + b") Tj" for ln in lines) + b" ET"
    return _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 240 40] /Resources << /Font << /F1 4 0 R >> >>", ops)


STAMP = ["Nguoi ky: UY BAN NHAN DAN TINH X", "Email: vanthu@x.gov.vn", "Co quan: VAN PHONG UBND TINH X",
         "Thoi gian ky: 01.07.2024 09:15:00 +07:00"]


def _annot(subtype: bytes, rect: bytes, ap: int | None, flags: int = 4) -> bytes:
    return b"<< /Type /Annot /Subtype /%s /F %d /Rect [%s]%s >>" % (
        subtype, flags, rect, b"" if ap is None else b" /AP << /N %d 0 R >>" % ap)


def _signed(rect: bytes = b"20 800 260 840", *, subtype: bytes = b"Widget", rotate: int = 0, lines: list[str] = STAMP) -> bytes:
    return _pdf([_annot(subtype, rect, 7)], [_appearance(lines)], rotate=rotate)


def _plain() -> bytes:
    return _pdf([])


# ---------------------------------------------------------------------------
# the overlay reader


def test_overlay_texts_reads_a_signature_widget() -> None:
    assert overlay_texts(_signed(), name="t.pdf") == [STAMP]
    assert overlay_texts(_plain(), name="t.pdf") == [[]]


@pytest.mark.parametrize(
    ("pdf", "expected"),
    [
        (_signed(subtype=b"Widget"), STAMP),
        (_signed(subtype=b"FreeText"), STAMP),
        (_signed(subtype=b"Stamp"), STAMP),
        (_signed(rotate=90), STAMP),  # /Rotate: the stamp's lines read as displayed
        (_pdf([_annot(b"Widget", b"20 800 260 840", 7, flags=2)], [_appearance(STAMP)]), []),  # hidden: not drawn
        (_pdf([_annot(b"Link", b"20 800 260 840", 7)], [_appearance(STAMP)]), []),  # links draw no text
    ],
)
def test_overlay_kinds(pdf: bytes, expected: list[str]) -> None:
    assert overlay_texts(pdf, name="t.pdf") == [expected]


def test_old_characters_are_found_in_any_order() -> None:
    import numpy as np

    before = np.array([[65, 1, 2, 3, 4], [66, 5, 6, 7, 8], [65, 1, 2, 3, 4]], dtype=float)
    appended = np.vstack([before, [[67, 9, 9, 9, 9]]])
    assert pdf_reader._old_chars(before, appended).tolist() == [True, True, True, False]
    shuffled = np.array([[67, 9, 9, 9, 9], [65, 1, 2, 3, 4], [66, 5, 6, 7, 8], [65, 1, 2, 3, 4], [65, 1, 2, 3, 4]], dtype=float)
    assert pdf_reader._old_chars(before, shuffled).tolist() == [False, True, True, True, False]  # the third A is new


BROKEN = [
    pytest.param(_pdf([_annot(b"Widget", b"20 800 260 840", None)]), id="no-appearance"),
    pytest.param(_pdf([_annot(b"Widget", b"20 800 260 840", 99)]), id="appearance-missing-object"),
    pytest.param(_pdf([_annot(b"Widget", b"0 0 0 0", 7)], [_appearance(STAMP)]), id="empty-rect"),
    pytest.param(_pdf([_annot(b"Widget", b"20 800 260 840", 7)], [_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 240 40]",
                                                                          b"BT /F9 8 Tf ((( Tj ] ET q Q Q")]), id="garbage-stream"),
    pytest.param(_pdf([_annot(b"Widget", b"20 800 260 840", 7)], [_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 240 40]",
                                                                          b"0 0 m 100 30 l S")]), id="lines-only"),
    pytest.param(_pdf([b"42"]), id="annotation-not-a-dictionary"),
    pytest.param(_pdf([b"<< /Type /Annot /Subtype /Widget >>"]), id="no-rect"),
]


@pytest.mark.parametrize("pdf", BROKEN)
def test_a_broken_or_empty_annotation_does_not_fail(pdf: bytes) -> None:
    texts = overlay_texts(pdf, name="t.pdf")
    assert texts in ([[]], [])
    doc = parse_bytes(pdf, name="t.pdf")
    plain = parse_bytes(_plain(), name="t.pdf")
    assert doc.digital_signature is None
    assert doc.text == plain.text


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 garbage", b"not a pdf"])
def test_overlay_readers_never_raise(data: bytes) -> None:
    assert overlay_texts(data, name="x.pdf") == []
    assert read_all_overlays(data) == []


def test_the_seed_pdfs_have_no_overlays() -> None:
    for path in sorted(CORPORA.glob("*.pdf")):
        assert not any(overlay_texts(path.read_bytes(), name=path.name)), path.name


# ---------------------------------------------------------------------------
# text-layer PDFs: the stamp is a block of its own


def test_a_stamp_at_the_top_is_read_before_the_page() -> None:
    doc = parse_bytes(_signed(), name="t.pdf")
    ds = doc.digital_signature
    assert ds is not None
    assert (ds.signed_by, ds.email, ds.organisation, ds.signed_at) == (
        "UY BAN NHAN DAN TINH X", "vanthu@x.gov.vn", "VAN PHONG UBND TINH X", "2024-07-01T09:15:00+07:00")
    assert ds.start == 0 and ds.end is not None and doc.text[ds.start : ds.end] == ds.text
    assert doc.text.startswith("\n".join(STAMP) + "\n\n")
    plain = parse_bytes(_plain(), name="t.pdf")
    assert doc.text.endswith(plain.text)  # the page's own text as before
    assert doc.number is not None and plain.number is not None and doc.number.text == plain.number.text == "12/UBND-VP"
    assert [r.name for r in doc.recipients] == [r.name for r in plain.recipients] == ["So Y te tinh X"]
    assert doc.pages[0][0] == 0  # the stamp belongs to page 1


def test_a_stamp_in_the_lower_half_is_read_after_the_page() -> None:
    doc = parse_bytes(_signed(b"300 40 540 80"), name="t.pdf")
    assert doc.digital_signature is not None and doc.digital_signature.signed_by == "UY BAN NHAN DAN TINH X"
    assert doc.text.rstrip().endswith(STAMP[-1])
    assert doc.digital_signature.start is not None and doc.digital_signature.start > 0


def test_overlay_text_that_is_no_stamp_stays_out_of_the_text() -> None:
    """A reviewer's free-text note is not part of the dispatch."""
    doc = parse_bytes(_signed(subtype=b"FreeText", lines=["Da xem, chuyen phong TH"]), name="t.pdf")
    assert doc.digital_signature is None
    assert doc.text == parse_bytes(_plain(), name="t.pdf").text


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_a_vietnamese_stamp_annotation_made_with_pdfium() -> None:
    """A stamp annotation whose appearance pdfium writes (embedded TrueType, Vietnamese)."""
    if not DEJAVU.exists():
        pytest.skip("DejaVu Sans not installed")
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from fpdf import FPDF

    fpdf = FPDF()
    fpdf.add_page()
    fpdf.add_font("dv", fname=str(DEJAVU))
    fpdf.set_font("dv", size=12)
    for ln in ["ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Số: 15/UBND-VP", "Kính gửi: Sở Y tế tỉnh Bắc Ninh."]:
        fpdf.cell(0, 8, ln, new_x="LMARGIN", new_y="NEXT")
    pdf = pdfium.PdfDocument(bytes(fpdf.output()))
    page = pdf[0]
    font_bytes = DEJAVU.read_bytes()
    buf = (ctypes.c_uint8 * len(font_bytes)).from_buffer_copy(font_bytes)
    font = pdfium_c.FPDFText_LoadFont(pdf.raw, buf, len(font_bytes), pdfium_c.FPDF_FONT_TRUETYPE, True)
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_STAMP)
    assert pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(20, 840, 300, 790))
    lines = ["Người ký: Ủy ban nhân dân tỉnh Bắc Ninh", "Cơ quan: Văn phòng UBND tỉnh", "Thời gian ký: 29.04.2026 16:35:55 +07:00"]
    for k, text in enumerate(lines):
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, 8.0)
        wide = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 24, 825 - 10 * k)
        assert pdfium_c.FPDFAnnot_AppendObject(annot, obj)
    pdfium_c.FPDFPage_CloseAnnot(annot)
    page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    data = out.getvalue()
    assert overlay_texts(data, name="t.pdf") == [lines]
    ds = parse_bytes(data, name="t.pdf").digital_signature
    assert ds is not None
    assert (ds.signed_by, ds.organisation, ds.signed_at) == (
        "Ủy ban nhân dân tỉnh Bắc Ninh", "Văn phòng UBND tỉnh", "2026-04-29T16:35:55+07:00")
    assert docintel.to_contract(parse_bytes(data, name="t.pdf"))["digital_signature"]["signed_at"] == "2026-04-29T16:35:55+07:00"


# ---------------------------------------------------------------------------
# the real e-signed PDFs

GOV_PORTAL = ("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "thongtinchinhphu@chinhphu.vn", "VĂN PHÒNG CHÍNH PHỦ")
GAZETTE = ("CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None, "VĂN PHÒNG CHÍNH PHỦ")

TEXT_LAYER = [  # file, (signed_by, email, organisation), signed_at
    ("congbao-nghi-dinh-so-38-2022-nd-cp.pdf", ("Cổng Thông tin điện tử Chính phủ", "thongtinchinhphu@chinhphu.vn",
                                                "Văn phòng Chính phủ"), "2022-06-23T10:13:36+07:00"),
    ("congbao-quyet-dinh-so-169-qd-bldtbxh.pdf", GOV_PORTAL, "2025-03-20T15:28:25+07:00"),
    ("congbao-quyet-dinh-so-798-qd-ttg.pdf", GAZETTE, "2026-05-21T08:05:48+07:00"),
    ("congbao-quyet-dinh-so-844-qd-ttg.pdf", GAZETTE, "2026-05-27T07:55:25+07:00"),
    ("congbao-thong-tu-so-02-2026-tt-btc.pdf", GAZETTE, "2026-01-28T14:18:43+07:00"),
]
SCANS = [
    ("scan-nq-115-ba-vi.pdf", GOV_PORTAL, "2026-04-29T16:35:55+07:00"),
    ("scan-qd-707-ttg.pdf", GOV_PORTAL, "2026-04-24T16:36:42+07:00"),
    ("scan-tt-21-bct-fuel.pdf", GOV_PORTAL, "2026-04-29T16:35:42+07:00"),
]


@pytest.mark.parametrize(("name", "who", "signed_at"), TEXT_LAYER)
def test_real_e_signed_pdf(name: str, who: tuple[str, str | None, str], signed_at: str) -> None:
    doc = docintel.parse(shared_path("corpus", "pdf", name))
    ds = doc.digital_signature
    assert ds is not None
    assert (ds.signed_by, ds.email, ds.organisation) == who
    assert ds.signed_at == signed_at
    assert ds.start is not None and ds.end is not None and doc.text[ds.start : ds.end] == ds.text
    assert doc.pages[0][0] <= ds.start < doc.pages[0][1]
    assert docintel.to_contract(doc)["digital_signature"]["signed_at"] == signed_at


def _header(doc: docintel.Document) -> dict[str, object]:
    return {
        "doc_type": doc.doc_type, "number": doc.number and doc.number.text, "issuer": doc.issuer.name,
        "place": doc.place and doc.place.value, "date": doc.date and doc.date.iso,
        "subject": doc.subject and doc.subject.value, "urgency": doc.urgency,
        "recipients": [(r.name, r.role) for r in doc.recipients], "signer": (doc.signer.name, doc.signer.title),
        "tasks": [t.text for t in doc.tasks], "citations": [c.number for c in doc.citations],
    }


@pytest.mark.parametrize("name", [n for n, _, _ in TEXT_LAYER] + ["hanoi-qd-2280.pdf"])
def test_header_fields_unchanged_by_the_overlay(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = shared_path("corpus", "pdf", name).read_bytes()
    with_overlay = parse_bytes(data, name=name)
    monkeypatch.setattr(pdf_reader, "_annotation_count", lambda page: 0)  # the reader as it was: no overlays
    without = parse_bytes(data, name=name)
    assert without.digital_signature is None
    assert _header(with_overlay) == _header(without)


# scans: the OCR text is taken as given (no Tesseract needed); the stamp comes from the PDF


def _fake_ocr(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    import docintel.ocr as ocr
    from docintel.ocr._tesseract import OCRLine, OCRPage, Word

    def ocr_images(images: object, **kw: object) -> list[OCRPage]:
        words = [[Word(t, 10 * k, 40 * i, 8, 20, 95.0) for k, t in enumerate(ln.split())] for i, ln in enumerate(lines)]
        return [OCRPage(1, 1000, 1400, [OCRLine(w) for w in words])]

    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "ocr_images", ocr_images)
    monkeypatch.setattr(ocr, "tesseract_version", lambda: "5.test")


OCR_LINES = ["CHÍNH PHỦ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 115/NQ-CP",
             "Hà Nội, ngày 29 tháng 4 năm 2026", "NGHỊ QUYẾT", "Về việc chuyển giao Vườn quốc gia Ba Vì",
             "Điều 1. Giao Bộ Nông nghiệp và Môi trường chủ trì thực hiện việc bàn giao trước ngày 30 tháng 6 năm 2026.",
             "Nơi nhận:", "- Các bộ, cơ quan ngang bộ;", "- Lưu: VT.", "TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG",
             "Trần Hồng Hà"]


@pytest.mark.parametrize(("name", "who", "signed_at"), SCANS)
def test_real_e_signed_scan(name: str, who: tuple[str, str | None, str], signed_at: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from docintel.ingest import read_data
    from docintel.ocr import pages_to_document

    data = shared_path("corpus", "pdf", name).read_bytes()
    _fake_ocr(monkeypatch, OCR_LINES)
    raw = read_data(data, name=name, suffix=".pdf")
    ocr_only = pages_to_document(docintel.ocr.ocr_images([]), name=name, sha256="", size=0, fmt="pdf")
    # the OCR text, its page spans and line offsets are as OCR made them; the stamp follows
    assert raw.text.startswith(ocr_only.text)
    assert raw.pages == ocr_only.pages
    assert raw.extras["ocr"]["lines"] == ocr_only.extras["ocr"]["lines"]
    assert raw.text[len(ocr_only.text) :].strip().splitlines()[-1].startswith("Thời gian ký:")
    doc = docintel.default_pipeline().run(raw)
    ds = doc.digital_signature
    assert ds is not None
    assert (ds.signed_by, ds.email, ds.organisation, ds.signed_at) == (*who, signed_at)
    assert ds.start is not None and doc.text[ds.start : ds.end] == ds.text
    # the fields OCR gave are those of the OCR text alone
    alone = docintel.parse_text(ocr_only.text)
    assert doc.number and alone.number and doc.number.text == alone.number.text == "115/NQ-CP"
    assert doc.date and doc.date.iso == "2026-04-29"
    assert _header(doc) == _header(alone)
    assert doc.signer.name == "Trần Hồng Hà" and [t.text for t in doc.tasks]


def test_scan_without_tesseract_still_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import docintel.ocr as ocr

    data = shared_path("corpus", "pdf", "scan-nq-115-ba-vi.pdf").read_bytes()
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(ScannedPDFError, match="no text layer"):
        parse_bytes(data, name="scan.pdf")


def test_scan_overlay_lines_are_exact() -> None:
    data = shared_path("corpus", "pdf", "scan-nq-115-ba-vi.pdf").read_bytes()
    assert overlay_texts(data, name="scan.pdf") == [
        ["Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", "Email: thongtinchinhphu@chinhphu.vn", "Cơ quan: VĂN PHÒNG CHÍNH PHỦ",
         "Thời gian ký: 29.04.2026 16:35:55 +07:00"],
        [],
    ]


def test_add_overlay_stamps_keeps_offsets() -> None:
    doc = docintel.Document(text="Số: 1/UBND\n\n", source=Source("t.pdf", "", "pdf"))
    doc.pages = [(0, 11)]
    add_overlay_stamps(doc, _signed())
    assert doc.text == "Số: 1/UBND\n\n" + "\n".join(STAMP) + "\n"
    assert doc.pages == [(0, 11)]
    before = doc.text
    add_overlay_stamps(doc, _plain())  # nothing to add
    assert doc.text == before
