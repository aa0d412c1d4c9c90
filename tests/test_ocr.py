"""OCR: layout, noise, correction, cache, review — and a real scan when Tesseract is installed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from docintel import Document, Source, parse
from docintel._rules import load
from docintel.ocr import PageCache, available
from docintel.ocr._correct import correct_line
from docintel.ocr._review import review_ocr
from docintel.ocr._tesseract import (
    OCRLine,
    OCRPage,
    Word,
    drop_noise,
    order_lines,
    split_columns,
    split_motto,
)

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

FIXTURE = Path(__file__).parent / "fixtures" / "scan_seed002.pdf"
needs_tesseract = pytest.mark.skipif(not available(), reason="Tesseract with the Vietnamese model is not installed")


def words(*specs: tuple[str, int]) -> list[Word]:
    return [Word(t, x, 100, 35 * len(t), 40, 95.0) for t, x in specs]


def test_split_columns_at_wide_gap() -> None:
    ws = words(("CHÍNH", 600), ("PHỦ", 790), ("CỘNG", 1160), ("HÒA", 1330))  # 15 px word gaps, 265 px column gap
    parts = split_columns(ws, page_width=2500)
    assert [[w.text for w in p] for p in parts] == [["CHÍNH", "PHỦ"], ["CỘNG", "HÒA"]]


def test_split_columns_keeps_a_normal_line() -> None:
    ws = words(("Căn", 400), ("cứ", 520), ("Luật", 605), ("Tổ", 760))
    assert len(split_columns(ws, page_width=2500)) == 1


def test_split_motto_when_gap_is_narrow() -> None:
    ln = OCRLine(words(("THỦ", 100), ("TƯỚNG", 220), ("CỘNG", 410), ("HÒA", 565), ("XÃ", 685), ("HỘI", 770)))
    assert [p.text for p in split_motto(ln)] == ["THỦ TƯỚNG", "CỘNG HÒA XÃ HỘI"]


def test_order_lines_row_then_left_to_right() -> None:
    right = OCRLine([Word("CỘNG HÒA", 1200, 100, 600, 40, 95)])
    left = OCRLine([Word("CHÍNH PHỦ", 500, 104, 300, 40, 95)])
    below = OCRLine([Word("Số: 1/NQ-CP", 500, 200, 300, 40, 95)])
    assert [ln.text for ln in order_lines([below, right, left])] == ["CHÍNH PHỦ", "CỘNG HÒA", "Số: 1/NQ-CP"]


@pytest.mark.parametrize(
    ("text", "conf", "dropped"),
    [
        ("TT#rữ)", 40, True),
        ("scxihomoluriotptdil : TS", 21, True),
        ("Căn cứ Luật Tổ chức Chính phủ", 95, False),
        ("112/2025%QH15;", 47, False),  # digits are never dropped as noise when plausible
        ("9945900990490) 0 smdnas026004«", 19, True),  # a stamp's serial, not text
    ],
)
def test_drop_noise(text: str, conf: float, dropped: bool) -> None:
    ln = OCRLine([Word(t, 10 * i, 10, 8, 10, conf) for i, t in enumerate(text.split())])
    kept, gone = drop_noise([ln], 2500, 3500)
    assert (gone == [ln.text]) is dropped


def test_marker_line_examples_restore_to_canonical() -> None:
    for rule in load("ocr_markers").rules:
        for ex in rule.examples:
            got = correct_line(ex)
            if rule.get("mode") == "line":
                assert got == rule.get("canonical"), (rule.id, ex)
            elif rule.get("mode") == "phrase":
                assert got.lower() == str(rule.get("canonical")).lower(), (rule.id, ex)
            else:
                assert got.startswith(str(rule.get("canonical"))), (rule.id, ex)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Só: 12/CT-TTHT", "Số: 12/CT-TTHT"),
        ("S6: 3343/CT-TTHT", "Số: 3343/CT-TTHT"),
        ("VAv chính sách thuế", "V/v chính sách thuế"),
        ("Số liệu năm 2020", "Số liệu năm 2020"),
        ("Hà Nội, ngày #3 tháng 4 năm 2026", "Hà Nội, ngày #3 tháng 4 năm 2026"),  # digits untouched
        ("Căn cứ Luật số 87/2025/QH15", "Căn cứ Luật số 87/2025/QH15"),
        ("Thông tư số 18/2025/TT- BCT ngày 13", "Thông tư số 18/2025/TT-BCT ngày 13"),  # only the space goes
    ],
)
def test_issue6_correction_never_changes_digits(text: str, expected: str) -> None:
    assert correct_line(text) == expected


def test_cache_round_trip(tmp_path: Path) -> None:
    cache = PageCache(tmp_path)
    page = OCRPage(1, 100, 200, [OCRLine([Word("Số:", 1, 2, 3, 4, 91.0)], 1)], ["noise"])
    cache.put("ab" * 32, page)
    back = cache.get("ab" * 32)
    assert back is not None and back.text == "Số:" and back.dropped == ["noise"]
    assert cache.get("cd" * 32) is None
    (tmp_path / "ab" / f"{'ab' * 32}.json").write_text("{broken", encoding="utf-8")
    assert cache.get("ab" * 32) is None  # damaged entries are misses


def test_review_flags_fields_on_low_confidence_lines() -> None:
    from docintel import Number

    text = "Số: 912/SCT-VP\nKính gửi: Sở Y tế\n"
    doc = Document(text=text, source=Source("x.pdf", "0" * 64, "pdf", ocr=True))
    doc.raw_offsets = list(range(len(text)))
    doc.number = Number("912/SCT-VP", 912, None, "SCT-VP", 4, 14)
    doc.extras["ocr"] = {"lines": [[0, 14, 0.55], [15, 33, 0.97]]}
    review_ocr(doc)
    assert any("'number'" in w for w in doc.warnings)
    assert doc.extras["ocr"]["low_confidence_fields"] == ["number"]


@needs_tesseract
def test_issue6_scanned_pdf_fixture_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCINTEL_OCR_CACHE", str(tmp_path))
    doc = parse(FIXTURE)
    assert doc.source.ocr and doc.source.format == "pdf"
    assert doc.page_confidence and doc.page_confidence[0] > 0.8
    assert doc.number is not None and doc.number.text == "912/SCT-VP"
    assert doc.date is not None and doc.date.iso == "2020-08-06"
    assert doc.doc_type == "CV"
    assert "Kính gửi" in doc.text and "Công văn số 938/UBND-KGVX" in doc.text.replace("\n", " ")

    # a second parse is served from the page cache: Tesseract is not run again
    import docintel.ocr as ocr_pkg

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("OCR ran again despite the cache")

    monkeypatch.setattr(ocr_pkg, "recognise", boom)
    again = parse(FIXTURE)
    assert again.text == doc.text


def test_issue6_stamp_scraps_before_a_type_name_are_dropped() -> None:
    from docintel.ocr._correct import correct_page

    scraps = [Word("cap", 10, 10, 30, 20, 0.0), Word("lễ", 50, 10, 20, 20, 10.0)]
    title = [Word("QUYẾT", 300, 10, 80, 20, 77.0), Word("ĐỊNH", 390, 10, 60, 20, 95.0)]
    body = [Word("cap", 10, 10, 30, 20, 0.0), Word("phép", 50, 10, 40, 20, 90.0)]
    page = OCRPage(1, 2500, 3500, [OCRLine(scraps + title), OCRLine(body)])
    fixed = correct_page(page)
    assert [ln.text for ln in fixed.lines] == ["QUYẾT ĐỊNH", "cap phép"]


def seal_line(*specs: tuple[str, float]) -> OCRLine:
    """One Tesseract line of (word, confidence), words 100 px apart."""
    return OCRLine([Word(t, 300 + 100 * i, 1400, 20 * len(t), 40, c) for i, (t, c) in enumerate(specs)])


@pytest.mark.parametrize(
    ("specs", "kept"),
    [
        # a seal's rim read with the heading beside it (scan-nq-115-ba-vi, Điều 1 under the seal)
        ((("đS,", 2), ("ho", 16), ("ƯN", 52), ("QUYÉT", 92), ("NGHỊ:", 96)), "QUYẾT NGHỊ:"),
        ((("Điều'", 82), ("1¿", 0), ("rÌ", 0)), "Điều"),
        # a received stamp over a type title: one syllable damaged, the other sure
        ((('"', 6), ("'", 65), ("'mônG", 7), ("TƯ", 96)), "THÔNG TƯ"),
        ((("~", 3), ("QUYET", 40), ("ĐỊNH", 93)), "QUYẾT ĐỊNH"),
        ((("rÌ", 0), ("Căn", 91), ("cứ", 88), ("Luật", 94)), "Căn cứ Luật"),  # a confident run at the end
        # nothing printed to give back
        ((("XưN", 0), ("G47,", 50)), None),
        ((("ĐS", 92), ("rÌ", 0)), None),  # too short to be sure of
        ((("xyz", 10), ("TƯ", 96)), None),  # "xyz" is no damaged THÔNG
        ((("mônG", 30), ("TƯ", 40)), None),  # no syllable read with confidence
        ((("Tổng", 20), ("hợp", 30), ("BÁO", 95)), None),  # three words are no two-syllable title
    ],
)
def test_issue6_print_beside_a_seal_is_rescued(specs: tuple[tuple[str, float], ...], kept: str | None) -> None:
    from docintel.ocr._correct import rescue_line

    saved = rescue_line(seal_line(*specs))
    assert (saved.text if saved else None) == kept


def test_issue6_noise_keeps_the_rescued_print_and_reports_the_rest() -> None:
    from docintel.ocr._correct import rescue_line

    ln = seal_line(("đS,", 2), ("ho", 16), ("ƯN", 52), ("QUYÉT", 92), ("NGHỊ:", 96))
    assert drop_noise([ln], 2500, 3500) == ([], [ln.text])  # without a rescuer the print is lost
    lines, dropped = drop_noise([ln], 2500, 3500, rescue=rescue_line)
    assert [x.text for x in lines] == ["QUYẾT NGHỊ:"]
    assert dropped == ["đS, ho"]  # the scraps are still reported, never lost silently


# ---------------------------------------------------------------------------
# second reading of handwritten header digits (docintel.ocr._digits)

from docintel.ocr import _digits  # noqa: E402
from docintel.ocr._digits import date_slots, number_slot  # noqa: E402

try:
    import rapidocr_onnxruntime  # noqa: F401

    HAVE_RAPIDOCR = True
except ImportError:
    HAVE_RAPIDOCR = False
needs_rapidocr = pytest.mark.skipif(not HAVE_RAPIDOCR, reason="rapidocr_onnxruntime is not installed")


@pytest.mark.parametrize(
    ("tesseract", "second", "expected"),
    [
        ("Số: 445 /NQ-CP", "S6: AN5 /NQ-CP", None),  # Tesseract's digits are readable
        ("Số: 445 /NQ-CP", "So: 115 /NQ-CP", None),  # ... and win a disagreement
        ("Số:  †0% QÐ- -TTg", "So: 707 /QD-TTg", "Số: 707/QĐ-TTg"),  # Tesseract's symbol is kept
        ("Số: †0% QĐ- -TTg", "So: F0 /QD-TTg", None),  # no digit group in the second reading
        ("Số: 2 † /2026/TT-BCT", "S6: 2 1 /2026/TT-BCT", "Số: 21/2026/TT-BCT"),  # a pen gap inside the number
        ("Số: 3ƒ _ /2026/TT-BCA", "s6: 37 /2026/TT-BCA", "Số: 37/2026/TT-BCA"),
        ("Số:  /UBND-VP", "So: 1204/UBND-VP", "Số: 1204/UBND-VP"),  # a blank slot is unreadable too
        ("Số: 3ƒ _ /2026/TT-BCA", "So: 37 /2026/UBND-VP", None),  # another symbol: not the same line
        ("Số: 3ƒ _ /2026/TT-BCA", "So: 123456 /2026/TT-BCA", None),  # too long for a running number
        ("Số: 3ƒ _ /2026/TT-BCA", "So: 2026/TT-BCA", None),  # the year is not a running number
        ("Căn cứ Luật số 87/2025/QH15", "So: 12 /2025/QH15", None),  # not a Số line
    ],
)
def test_second_reading_number_slot(tesseract: str, second: str, expected: str | None) -> None:
    got = number_slot(tesseract, second)
    assert (got[0] if got else None) == expected


@pytest.mark.parametrize(
    ("tesseract", "second", "expected"),
    [
        ("Hà Nội, ngày82tháng 4 năm 2026", "Ha Noi, ngay22thang 4 nam 2026", "Hà Nội, ngày 22 tháng 4 năm 2026"),
        ("Hà Nội, ngày,94 tháng ({ năm 2026", "Ha Noi,ngay24 thang 4 nam 2026", "Hà Nội, ngày 24 tháng 4 năm 2026"),
        ("Hà Nội, ngày #3 tháng ! năm 2026", "Ha Noi, ngay 29 thang H nam 2026", "Hà Nội, ngày 29 tháng ! năm 2026"),
        ("Hà Nội, ngày #3 tháng ! năm 2026", "Ha Noi, ngay 29 thang 4 nam 2025", None),  # years disagree
        ("Hà Nội, ngày #3 tháng ! năm 2026", "Ha Noi, ngay 29 thang 4", None),  # no year to compare
        ("Hà Nội, ngày 23 tháng 4 năm 2026", "Ha Noi, ngay 29 thang 4 nam 2026", None),  # readable: Tesseract's
        ("Hà Nội, ngày 23 tháng ! năm 2026", "Ha Noi, ngay 29 thang 4 nam 2026", "Hà Nội, ngày 23 tháng 4 năm 2026"),
        ("Hà Nội, ngày #3 tháng ! năm 2026", "Ha Noi, ngay 39 thang 14 nam 2026", None),  # out of range
        ("TP. Hồ Chí Minh, ngày ,5 tháng 1O năm 2025", "TP. Ho Chi Minh, ngay 15 thang 10 nam 2025",
         "TP. Hồ Chí Minh, ngày 15 tháng 10 năm 2025"),
        ("Hà Nội, ngày¿ th@›Ôj tếu ANĐỂ NỈ", "Ha Noi, ngay28", None),  # Tesseract has no year
        ("Căn cứ Luật ngày #3 tháng 4 năm 2025", "Can cu Luat ngay 13 thang 4 nam 2025", None),  # not a place-date line
    ],
)
def test_second_reading_date_slots(tesseract: str, second: str, expected: str | None) -> None:
    got = date_slots(tesseract, second)
    assert (got[0] if got else None) == expected


def test_second_reading_replaces_only_unreadable_lines_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    from docintel.ocr import pages_to_document

    def line(text: str, top: int) -> OCRLine:
        return OCRLine([Word(text, 500, top, 600, 50, 90.0)])

    page = OCRPage(1, 2500, 3500, [
        line("CHÍNH PHỦ", 100), line("Số: †0% QĐ- -TTg", 200), line("Hà Nội, ngày 22 tháng 4 năm 2026", 200),
    ])
    reads = {"Số: †0% QĐ- -TTg": "So: 707 /QD-TTg", "Hà Nội, ngày 22 tháng 4 năm 2026": "Ha Noi, ngay 28 thang 4 nam 2026"}
    asked: list[str] = []

    def fake_read(_image: object, ln: OCRLine) -> str:
        asked.append(ln.text)
        return reads[ln.text]

    monkeypatch.setattr(_digits, "engine", lambda: object())
    monkeypatch.setattr(_digits, "read_region", fake_read)
    _digits.second_reading(page, None)  # type: ignore[arg-type]
    assert [ln.text for ln in page.lines] == ["CHÍNH PHỦ", "Số: 707/QĐ-TTg", "Hà Nội, ngày 22 tháng 4 năm 2026"]
    # the readable date line is read too, to confirm it; the readings differ, Tesseract's is kept
    assert asked == ["Số: †0% QĐ- -TTg", "Hà Nội, ngày 22 tháng 4 năm 2026"]
    doc = pages_to_document([page], name="x.pdf", sha256="0" * 64, size=1, fmt="pdf")
    filled, kept = doc.extras["ocr"]["second_reading"]
    assert filled["slots"] == {"number": "707"} and filled["action"] == "filled"
    assert kept["field"] == "date" and kept["action"] == "kept" and kept["slots"] == {"day": "22", "month": "4"}
    assert any("number read from handwriting" in w for w in doc.warnings)
    assert any("date reads 'ngày 22 tháng 4'" in w for w in doc.warnings)


def test_second_reading_without_engine_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_digits, "engine", lambda: None)
    page = OCRPage(1, 2500, 3500, [OCRLine([Word("Số: †0% QĐ- -TTg", 500, 200, 600, 50, 90.0)])])
    _digits.second_reading(page, None)  # type: ignore[arg-type]
    assert page.lines[0].text == "Số: †0% QĐ- -TTg" and page.second_reading == []


@needs_tesseract
@needs_rapidocr
def test_second_reading_real_engine_on_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's number is printed; blank Tesseract's digits and RapidOCR must read them back."""
    from docintel.ocr import ocr_images, render_pdf
    from docintel.ocr._correct import _relabel

    monkeypatch.setenv("DOCINTEL_OCR_CACHE", str(tmp_path))
    image = next(iter(render_pdf(FIXTURE.read_bytes(), name=FIXTURE.name)))
    page = ocr_images([image], jobs=1)[0]
    assert page.second_reading == []  # Tesseract read both slots cleanly: no second reading
    i = next(i for i, ln in enumerate(page.lines) if ln.text == "Số: 912/SCT-VP")
    j = next(i for i, ln in enumerate(page.lines) if ln.text.startswith("Lạng Sơn, ngày 06"))
    page.lines[i] = _relabel(page.lines[i], "Số: 9‡% /SCT-VP")  # as if the digits were handwritten
    page.lines[j] = _relabel(page.lines[j], page.lines[j].text.replace("ngày 06 tháng 8", "ngày #6 tháng !"))
    _digits.second_reading(page, image)
    assert page.lines[i].text == "Số: 912/SCT-VP"
    assert page.lines[j].text.startswith("Lạng Sơn, ngày 06 tháng 8 năm 2020")
    assert [r["field"] for r in page.second_reading] == ["number", "date"]


# ---------------------------------------------------------------------------
# the scan's own image rather than a re-rendering (issue 6)


def _image_pdf(tmp_path: Path, dpi: int, *, size_in: tuple[float, float] = (8.27, 11.69), text: str | None = None,
               rotate: int = 0) -> bytes:
    """A one-page PDF holding one full-page bilevel image at ``dpi`` (and optionally a text line)."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    w, h = round(size_in[0] * dpi), round(size_in[1] * dpi)
    img = Image.new("1", (w, h), 1)
    ImageDraw.Draw(img).rectangle((w // 10, h // 10, w // 10 + 40, h // 10 + 10), fill=0)
    path = tmp_path / f"scan{dpi}.png"
    img.save(path)
    pdf = FPDF(unit="in", format=(size_in[0], size_in[1]))
    pdf.add_page()
    pdf.image(str(path), x=0, y=0, w=size_in[0], h=size_in[1])
    if text:
        pdf.set_font("helvetica", size=12)
        pdf.text(1, 1, text)
    data = bytes(pdf.output())
    if rotate:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        doc[0].set_rotation(rotate)
        out = tmp_path / "rot.pdf"
        doc.save(str(out))
        data = out.read_bytes()
    return data


@pytest.mark.parametrize(
    ("dpi", "text", "rotate", "native"),
    [
        (200, None, 0, True),  # a fax-resolution scan: taken as the scanner made it
        (300, None, 0, True),
        (600, None, 0, True),
        (100, None, 0, False),  # too coarse: rendered (upsampled) at DPI
        (200, "Scanned by X", 0, False),  # a text object on the page: not a plain scan
        (200, None, 90, False),  # a /Rotate page: pdfium's rendering applies it
    ],
)
def test_issue6_scanned_image_is_the_embedded_one(tmp_path: Path, dpi: int, text: str | None, rotate: int,
                                                 native: bool) -> None:
    from docintel.ingest._pdf import open_pdf
    from docintel.ocr import DPI, render_pdf, scanned_image

    data = _image_pdf(tmp_path, dpi, text=text, rotate=rotate)
    pdf = open_pdf(data, name="t.pdf")
    got = scanned_image(pdf[0])
    assert (got is not None) is native
    img = next(iter(render_pdf(data, name="t.pdf")))
    assert img.mode == "L"
    if native:
        assert got is not None and got.size == (round(8.27 * dpi), round(11.69 * dpi))
        assert img.size == got.size and img.info["dpi"] == (dpi, dpi)
        assert img.getpixel((0, 0)) == 255 and img.getpixel((round(8.27 * dpi) // 10 + 5, round(11.69 * dpi) // 10 + 5)) == 0
    else:
        assert img.info["dpi"] == (DPI, DPI)


def test_issue6_scanned_image_of_a_text_page_is_none() -> None:
    from docintel.ingest._pdf import open_pdf
    from docintel.ocr import scanned_image

    pdf = open_pdf((Path(__file__).parents[1] / "corpora" / "002_d5b89adf6b17fad0.pdf").read_bytes(), name="x")
    assert scanned_image(pdf[0]) is None


def _line(text: str, left: int, top: int, width: int = 500) -> OCRLine:
    return OCRLine([Word(text, left, top, width, 40, 90.0)])


@pytest.mark.parametrize(
    ("rows", "dropped"),
    [
        # a received stamp's office name pressed between the motto and the place-date line
        ([("BỘ CÔNG THƯƠNG", 240), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 670), ("Độc lập - Tự do - Hạnh phúc", 830),
          ("VĂN PHÒNG CHÍNH PHỦ", 1210), ("Số: 21/2026/TT-BCT", 240), ("Hà Nội, ngày 28 tháng 4 năm 2026", 918)],
         ["VĂN PHÒNG CHÍNH PHỦ"]),
        # the left column's number and urgency between the same anchors stay
        ([("ỦY BAN NHÂN DÂN", 200), ("Độc lập - Tự do - Hạnh phúc", 830), ("Số: 12/UBND-VX", 200), ("HỎA TỐC", 220),
          ("Lạng Sơn, ngày 3 tháng 5 năm 2021", 900)], []),
        # no place-date line: nothing is dropped
        ([("Độc lập - Tự do - Hạnh phúc", 830), ("VĂN PHÒNG CHÍNH PHỦ", 1210), ("Số: 5/QĐ-TTg", 240)], []),
        # no motto: nothing is dropped
        ([("VĂN PHÒNG CHÍNH PHỦ", 1210), ("Hà Nội, ngày 2 tháng 4 năm 2026", 918)], []),
    ],
)
def test_issue6_received_stamp_in_the_header_is_dropped(rows: list[tuple[str, int]], dropped: list[str]) -> None:
    from docintel.ocr._tesseract import drop_header_stamp

    lines = [_line(text, left, 100 + 60 * i) for i, (text, left) in enumerate(rows)]
    kept, gone = drop_header_stamp(lines, 1670)
    assert gone == dropped
    assert [ln.text for ln in kept] == [t for t, _ in rows if t not in dropped]


@pytest.mark.parametrize(
    ("tesseract", "second", "expected"),
    [
        ("Số: 912/SCT-VP", "So: 912/SCT-VP", None),  # both engines agree
        ("Số: 912/SCT-VP", "So: 9 12/SCT-VP", None),  # a pen gap splits the digits
        ("Số: 445 /NQ-CP", "S6: AN5 /NQ-CP", {"number": "445", "second": "AN5"}),
        ("Số: 445 /NQ-CP", "So: 115 /NQ-CP", {"number": "445", "second": "115"}),
        ("Số: † /NQ-CP", "So: 115 /NQ-CP", None),  # unreadable slots are number_slot's business
    ],
)
def test_issue6_clean_number_is_confirmed_by_second_reading(tesseract: str, second: str,
                                                            expected: dict[str, str] | None) -> None:
    from docintel.ocr._digits import confirm_number

    assert confirm_number(tesseract, second) == expected


@pytest.mark.parametrize(
    ("tesseract", "second", "differs"),
    [
        ("Hà Nội, ngày 22 tháng 4 năm 2026", "Ha Noi, ngay22thang 4 nam 2026", False),
        ("Hà Nội, ngày 22 tháng 04 năm 2026", "Ha Noi, ngay 22 thang 4 nam 2026", False),
        ("Hà Nội, ngày 29 tháng 4 năm 2026", "Ha Noi, ngay 29 thang H nam 2026", True),
        ("Hà Nội, ngày 49 tháng 4 năm 2026", "Ha Noi, ngay 29 thang 4 nam 2026", True),
    ],
)
def test_issue6_clean_date_is_confirmed_by_second_reading(tesseract: str, second: str, differs: bool) -> None:
    from docintel.ocr._digits import confirm_date

    assert (confirm_date(tesseract, second) is not None) is differs


def test_issue6_disagreeing_readings_keep_tesseract_and_warn(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from docintel.ocr import _digits, pages_to_document

    page = OCRPage(1, 1000, 1400)
    page.lines = [_line("Số: 445 /NQ-CP", 100, 300)]
    monkeypatch.setattr(_digits, "engine", lambda: object())
    monkeypatch.setattr(_digits, "read_region", lambda image, line: "S6: AN5 /NQ-CP")
    _digits.second_reading(page, Image.new("L", (1000, 1400), 255))
    assert page.lines[0].text == "Số: 445 /NQ-CP"
    monkeypatch.setattr("docintel.ocr.tesseract_version", lambda: "5")
    doc = pages_to_document([page], name="x.pdf", sha256="0", size=1, fmt="pdf")
    assert any("445" in w and "AN5" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("date", "signed_at", "warned"),
    [
        ("2026-04-22", "2026-04-24T16:36:42+07:00", False),
        ("2026-04-24", "2026-04-24T16:36:42+07:00", False),  # signed the same day
        ("2026-04-29", "2026-04-24T16:36:42+07:00", True),  # a misread pen-filled day
        ("2026-05", "2026-04-24T16:36:42+07:00", True),
        ("2026", "2026-04-24T16:36:42+07:00", False),
        ("2026-04-29", None, False),
    ],
)
def test_issue6_date_after_the_e_signature_is_flagged(date: str, signed_at: str | None, warned: bool) -> None:
    from docintel._model import DateValue, DigitalSignature

    doc = Document(text="x", source=Source("x.pdf", "0" * 64, "pdf", 1, None, 1, ocr=True))
    doc.extras["ocr"] = {"lines": []}
    doc.raw_offsets = [0]
    doc.date = DateValue(date, 0, 1)
    doc.digital_signature = DigitalSignature(signed_by="X", signed_at=signed_at)
    review_ocr(doc)
    assert any("after the digital signature" in w for w in doc.warnings) is warned


def test_issue6_an_inverted_raw_scan_is_turned_back(tmp_path: Path) -> None:
    """A bilevel scan stored with /Decode [1 0]: pdfium's raw pixels are inverted, rendering is not."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    from docintel.ocr import scanned_image

    w, h = 1654, 2338  # A4 at 200 dpi
    img = Image.new("L", (w, h), 0)  # stored dark: paper is 0 until /Decode flips it
    ImageDraw.Draw(img).rectangle((100, 100, 300, 140), fill=255)
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595.44, 841.68)
    obj = pdfium.PdfImage.new(doc)
    obj.set_bitmap(pdfium.PdfBitmap.from_pil(img))
    obj.set_matrix(pdfium.PdfMatrix().scale(595.44, 841.68))
    page.insert_obj(obj)
    page.gen_content()
    got = scanned_image(page)
    assert got is not None and got.getpixel((5, 5)) == 255 and got.getpixel((200, 120)) == 0


def _lined_page(angle: float) -> PILImage:
    """Lines of text-like bars on an A4 page at 150 dpi, turned by ``angle`` degrees."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 255)
    d = ImageDraw.Draw(img)
    for row in range(30):
        y = 150 + row * 45
        for col in range(12):
            x = 120 + col * 85
            d.rectangle((x, y, x + 60 + (row * 7 + col * 13) % 20, y + 18), fill=0)
    return img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


@pytest.mark.parametrize("angle", [-5.0, -3.0, 0.0, 2.5, 4.0])
def test_issue6_skew_is_measured(angle: float) -> None:
    from docintel.ocr._deskew import skew_angle

    assert abs(skew_angle(_lined_page(angle)) + angle) <= 0.25


@pytest.mark.parametrize(("angle", "turned"), [(0.0, False), (1.0, False), (3.0, True), (-5.0, True)])
def test_issue6_only_clearly_skewed_pages_are_straightened(angle: float, turned: bool) -> None:
    from docintel.ocr._deskew import deskew

    page = _lined_page(angle)
    out, applied = deskew(page)
    assert (out is not page) is turned and (applied != 0.0) is turned


def test_issue6_blank_page_has_no_skew() -> None:
    from PIL import Image

    from docintel.ocr._deskew import skew_angle

    assert skew_angle(Image.new("L", (800, 1100), 255)) == 0.0


def _page_of(words: list[Word], conf: float = 90.0) -> OCRPage:
    page = OCRPage(1, 2500, 3500)
    page.lines = [OCRLine([Word(w.text, w.left, w.top, w.width, w.height, conf) for w in words[i : i + 8]])
                  for i in range(0, len(words), 8)]
    return page


_UPRIGHT = [Word("Căn cứ Luật Tổ chức Chính phủ ngày".split()[i % 7], 100 + 90 * (i % 8), 100 + 50 * (i // 8), 80, 30, 90)
            for i in range(80)]
_STANDING = [Word(w.text, w.left, w.top, 30, 80, 90) for w in _UPRIGHT]  # the same words in boxes taller than wide


@pytest.mark.parametrize(
    ("page", "misoriented"),
    [
        (_page_of(_UPRIGHT), False),
        (_page_of(_STANDING), True),  # Tesseract read a page turned by 90° as vertical text
        (_page_of(_UPRIGHT, conf=40.0), True),  # junk at low confidence
        (_page_of(_UPRIGHT[:5], conf=40.0), False),  # too little to judge (and OSD needs text)
    ],
)
def test_issue6_misoriented_reading(page: OCRPage, misoriented: bool) -> None:
    from docintel.ocr._tesseract import looks_misoriented

    assert looks_misoriented(page) is misoriented


def test_issue6_exif_orientation_of_a_photo_is_applied() -> None:
    import io

    from PIL import Image

    from docintel.ocr import load_images

    img = Image.new("RGB", (300, 200), "white")  # stored landscape, shown portrait (EXIF 6: turn 90° clockwise)
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    (frame,) = load_images(buf.getvalue(), name="photo.jpg")
    assert frame.size == (200, 300) and frame.mode == "L"


def _parse_fixture_as_image(transform: Callable[[PILImage], PILImage], fmt: str, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> Document:
    """The seed-002 scan's page, changed by ``transform``, uploaded as an image file and parsed."""
    import io

    from docintel import parse_bytes
    from docintel.ocr import render_pdf

    monkeypatch.setenv("DOCINTEL_OCR_CACHE", str(tmp_path))
    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    page = next(iter(render_pdf(FIXTURE.read_bytes(), name=FIXTURE.name)))
    buf = io.BytesIO()
    transform(page).save(buf, fmt, dpi=(200, 200))
    return parse_bytes(buf.getvalue(), name=f"upload.{fmt.lower()}")


@needs_tesseract
def test_issue6_a_page_fed_sideways_is_turned_upright(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # turned a quarter counter-clockwise
    doc = _parse_fixture_as_image(lambda p: p.rotate(90, expand=True), "PNG", tmp_path, monkeypatch)
    assert doc.extras["ocr"]["rotation"] == [90]
    assert doc.number is not None and doc.number.text == "912/SCT-VP"


def test_issue6_a_sideways_page_is_not_deskewed() -> None:
    """Vertical lines gain little sharpness at any small angle: orientation is OSD's business."""
    from docintel.ocr._deskew import skew_angle

    assert skew_angle(_lined_page(0.0).rotate(90, expand=True)) == 0.0


def _shaded(img: PILImage) -> PILImage:
    """A photo-like copy: lit from the right, the left side in shadow, slightly blurred."""
    import numpy as np
    from PIL import Image, ImageFilter

    a = np.asarray(img.convert("L")).astype(np.float32)
    light = 0.55 + 0.45 * (np.arange(a.shape[1]) / a.shape[1])
    return Image.fromarray(np.clip(a * light * 0.9 + 10, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.2))


def test_issue6_uneven_lighting_is_told_from_a_clean_scan() -> None:
    from docintel.ocr._tesseract import uneven_background

    page = _lined_page(0.0)
    assert not uneven_background(page)
    assert uneven_background(_shaded(page))


@needs_tesseract
def test_issue6_a_shadowed_photo_is_binarised_locally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _parse_fixture_as_image(_shaded, "JPEG", tmp_path, monkeypatch)
    assert doc.number is not None and doc.number.text == "912/SCT-VP"
    assert doc.date is not None and doc.date.iso == "2020-08-06"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one confusable letter from exactly one registry abbreviation: repaired
        ("Số: 169/QĐ-BEĐTBXH", "Số: 169/QĐ-BLĐTBXH"),
        ("Số: 798/QĐ-TTE", "Số: 798/QĐ-TTg"),
        ("Số: 18/2025/TT-BCI", "Số: 18/2025/TT-BCT"),
        ("theo Quyết định số 1234/QĐ-TTG ngày 5/6/2024", "theo Quyết định số 1234/QĐ-TTg ngày 5/6/2024"),
        ("Số: 45/2024/QĐ-UBNO", "Số: 45/2024/QĐ-UBND"),
        # the hyphen between issuer and unit lost
        ("Số: 912/SCTVP", "Số: 912/SCT-VP"),
        # unknown but plausible codes, and known ones, stay as read
        ("Số: 12/BQL-KH", "Số: 12/BQL-KH"),
        ("Số: 5/QĐ-BQL", "Số: 5/QĐ-BQL"),
        ("Số: 33/KHTC", "Số: 33/KHTC"),
        ("Số: 123/SYT-NVY", "Số: 123/SYT-NVY"),
        ("Số: 7/CTHN-TTHT", "Số: 7/CTHN-TTHT"),
        ("Số: 12/UBND-VX", "Số: 12/UBND-VX"),
        ("Số: 12/TTg-KTTH", "Số: 12/TTg-KTTH"),
        ("Số: 18/2025/TT-BCT", "Số: 18/2025/TT-BCT"),
        ("Số: 88/QĐ-SX", "Số: 88/QĐ-SX"),  # two letters: too many alike to repair
        ("Số: 3/QĐ-BTX", "Số: 3/QĐ-BTX"),  # near BTC and BTP alike: ambiguous, kept
        # digits are never touched
        ("Số: 1б9/QĐ-BEĐTBXH", "Số: 1б9/QĐ-BEĐTBXH"),
        ("Số: 0l2/QĐ-TTE", "Số: 0l2/QĐ-TTE"),
    ],
)
def test_issue6_issuer_code_of_a_number_is_restored_from_the_registry(text: str, expected: str) -> None:
    from docintel.ocr._correct import correct_line, restore_symbol

    assert restore_symbol(text) == expected
    assert correct_line(text) == expected or not text.startswith("Số")


def test_issue6_a_shaded_page_is_flattened_to_even_paper() -> None:
    import numpy as np

    from docintel.ocr._tesseract import flatten_background, uneven_background

    page = _lined_page(0.0)
    shaded = _shaded(page)
    flat = flatten_background(shaded)
    assert flat.size == shaded.size and not uneven_background(flat)
    ink = np.asarray(page.convert("L")) < 100
    a = np.asarray(flat)
    assert a[~ink].mean() > 230 and a[ink].mean() < 160  # paper white on both sides, print still dark
