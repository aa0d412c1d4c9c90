"""Reading scans that are damaged or in awkward formats (CLI audit, session 6).

One bad page of a multi-page TIFF or PDF used to reject the whole file; messages named
Python objects (``<_io.BytesIO object at 0x…>``); a 16-bit scan and a PNG of black text
on a transparent background read as blank pages. Every input here is built in the test.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docintel import InputError, OCRError
from docintel.ingest import read, read_data
from docintel.ocr import available, image_reason, load_images, read_frames

needs_tesseract = pytest.mark.skipif(not available(), reason="Tesseract with the Vietnamese model is not installed")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def page(n: int, size: tuple[int, int] = (900, 200)) -> Image.Image:
    """A small page at about 200 dpi: "Trang n" and a line of Vietnamese."""
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    d.text((40, 30), f"Trang {n}: Số {n}12/SCT-VP", font=_font(40), fill=0)
    d.text((40, 100), "Kính gửi Sở Y tế tỉnh", font=_font(40), fill=0)
    return img


PAGES = [page(1), page(2), page(3)]


def tiff(frames: list[Image.Image], compression: str = "tiff_lzw") -> bytes:
    frames = [f.copy() for f in frames]  # Pillow leaves a save's settings on the appended images
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression=compression, dpi=(200, 200))
    return buf.getvalue()


def _ifds(data: bytes) -> list[int]:
    img = Image.open(io.BytesIO(data))
    img.seek(img.n_frames - 1)
    return list(img._frame_pos)  # type: ignore[attr-defined]


def _strip(data: bytes, frame: int) -> tuple[int, int]:
    """Offset and byte count of the first strip of ``frame``."""
    img = Image.open(io.BytesIO(data))
    img.seek(frame)
    return img.tag_v2[273][0], img.tag_v2[279][0]  # type: ignore[attr-defined]


def _set_tag(data: bytes, frame: int, tag: int, value: int, ifds: list[int] | None = None) -> bytes:
    """``data`` with the value field of ``tag`` in ``frame``'s directory set (little-endian TIFF)."""
    pos = (ifds or _ifds(data))[frame]
    out = bytearray(data)
    for k in range(struct.unpack_from("<H", out, pos)[0]):
        entry = pos + 2 + 12 * k
        if struct.unpack_from("<H", out, entry)[0] == tag:
            struct.pack_into("<I", out, entry + 8, value)
            return bytes(out)
    raise KeyError(tag)


def overwrite_page2(data: bytes) -> bytes:
    """The compressed image data of page 2 overwritten: LZW cannot decode it."""
    off, count = _strip(data, 1)
    out = bytearray(data)
    out[off:off + count] = b"\xff" * count
    return bytes(out)


def garbage_page2(data: bytes) -> bytes:
    off, count = _strip(data, 1)
    out = bytearray(data)
    out[off:off + count] = bytes((i * 37) & 0xFF for i in range(count))
    return bytes(out)


def page2_strips_lost(data: bytes) -> bytes:
    """Page 2's list of strip offsets points past the end of the file (Pillow then lost page 3
    and libtiff decoded page 1 again as page 2)."""
    return _set_tag(data, 1, 273, len(data) + 1000)


def page2_counts_lost(data: bytes) -> bytes:
    return _set_tag(data, 1, 279, len(data) + 1000)


def page1_strips_lost(data: bytes) -> bytes:
    return _set_tag(data, 0, 273, len(data) + 1000)


def _same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and a.tobytes() == b.tobytes()


# ---------------------------------------------------------------------------
# one bad page of a multi-page TIFF


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(
    ("compression", "damage", "read_pages", "missing_pages", "reason"),
    [
        ("tiff_lzw", overwrite_page2, [1, 3], [2], "the image data is damaged"),
        ("group4", garbage_page2, [1, 3], [2], "the image data is damaged"),
        ("tiff_lzw", page2_strips_lost, [1, 3], [2], "directory is damaged"),
        ("tiff_lzw", page2_counts_lost, [1, 3], [2], "directory is damaged"),
        ("tiff_lzw", page1_strips_lost, [2, 3], [1], "directory is damaged"),
        ("tiff_lzw", lambda d: d[: _strip(d, 1)[0] + 500], [1], [2], "cut short"),
        ("raw", lambda d: d[: _strip(d, 2)[0] + 500], [1, 2], [3], "cut short"),
    ],
    ids=["lzw-overwritten", "g4-garbage", "strip-offsets-lost", "strip-counts-lost", "page1-lost",
         "truncated-in-page2", "uncompressed-truncated-in-page3"],
)
def test_audit_one_bad_tiff_page_keeps_the_others(compression: str, damage: Callable[[bytes], bytes],
                                                  read_pages: list[int], missing_pages: list[int], reason: str) -> None:
    frames = PAGES if compression != "group4" else [p.convert("1") for p in PAGES]
    good = tiff(frames, compression)
    expected = {f.info["page"]: f for f in load_images(good, name="good.tif")}
    got, missing = read_frames(damage(good), name="scan.tif")
    assert [f.info["page"] for f in got] == read_pages
    assert sorted(missing) == missing_pages and all(reason in missing[k] for k in missing)
    for f in got:  # each surviving page is that page, not another one decoded in its place
        assert _same(f, expected[f.info["page"]])


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_audit_a_tiff_with_no_readable_page_is_one_clear_error() -> None:
    data = tiff(PAGES)
    ifds = _ifds(data)
    for frame in (0, 1, 2):
        data = _set_tag(data, frame, 273, len(data) + 9, ifds)
    with pytest.raises(InputError) as e:
        load_images(data, name="scan.tif")
    msg = str(e.value)
    assert msg == ("scan.tif: broken image: no page could be read (pages 1, 2, 3 — the page's directory is damaged: "
                   "where its image data lies is lost)")


@needs_tesseract
def test_audit_a_scan_with_a_bad_page_reads_the_others_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCINTEL_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    path = tmp_path / "scan.tif"
    path.write_bytes(overwrite_page2(tiff(PAGES)))
    doc = read(path)
    text = doc.text.replace(" ", "")
    assert "Trang1" in text and "Trang3" in text and "Trang2" not in text
    assert text.index("Trang1") < text.index("Trang3")
    assert doc.source.pages == 3 and len(doc.pages) == 3 and len(doc.page_confidence) == 3
    assert doc.page_confidence[1] == 0.0 and doc.page_confidence[0] > 0.5 and doc.page_confidence[2] > 0.5
    start, end = doc.pages[1]
    assert start == end and doc.text[doc.pages[2][0]:doc.pages[2][1]].replace(" ", "").startswith("Trang3")
    assert doc.extras["missing_pages"] == [{"page": 2, "reason": "the image data is damaged"}]
    assert doc.extras["ocr"]["dpi"][1] is None and doc.extras["ocr"]["dpi"][0] == 200
    assert f"{path}: 1 of 3 pages could not be read and are left out of the text: page 2 — the image data is damaged" \
        in doc.warnings
    assert not any(w.startswith("OCR page 2: low confidence") for w in doc.warnings)


# ---------------------------------------------------------------------------
# one bad page of a PDF


def _image_pdf(tmp_path: Path, fmt: str = "jpg") -> bytes:
    """Three pages, each one full-page scan image at 200 dpi."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(324, 72))  # 900 x 200 px at 200 dpi
    for n, img in enumerate(PAGES, start=1):
        pdf.add_page()
        p = tmp_path / f"p{n}.{fmt}"
        img.save(p)
        pdf.image(str(p), x=0, y=0, w=324, h=72)
    return bytes(pdf.output())


def _text_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("dejavu", fname=FONT)
    pdf.set_font("dejavu", size=12)
    for n, body in enumerate(("Kính gửi Sở Y tế tỉnh Bắc Kạn.", "Về việc tăng cường phòng chống dịch.",
                              "Nơi nhận: như trên; lưu VT."), start=1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"Trang {n}. {body}")
    return bytes(pdf.output())


def break_page_object(data: bytes, n: int) -> bytes:
    """Page ``n``'s dictionary no longer says it is a page: pdfium cannot load it."""
    at = [m.start() for m in re.finditer(rb"/Type /Pag[ex]\b", data)][n - 1]
    return data[:at] + b"/Type /Pagx" + data[at + len(b"/Type /Page"):]


def damage_image(data: bytes, n: int) -> bytes:
    """Page ``n``'s embedded JPEG overwritten: pdfium draws nothing for it."""
    start = [m.end() for m in re.finditer(rb"/Subtype /Image.*?stream\r?\n", data, re.S)][n - 1]
    out = bytearray(data)
    out[start + 300:start + 2300] = bytes((i * 31) & 0xFF for i in range(2000))
    return bytes(out)


def test_audit_a_text_pdf_with_an_unloadable_page_reads_the_others() -> None:
    data = break_page_object(_text_pdf(), 2)
    doc = read_data(data, name="letter.pdf", suffix=".pdf", ocr=False)
    assert "Trang 1." in doc.text and "Trang 3." in doc.text and "Trang 2." not in doc.text
    assert doc.extras["missing_pages"] == [{"page": 2, "reason": "pdfium cannot load it: failed to load page"}]
    assert doc.warnings == ["letter.pdf: 1 of 3 pages could not be read and are left out of the text: "
                            "page 2 — pdfium cannot load it: failed to load page"]


def test_audit_a_pdf_with_no_loadable_page_is_one_clear_error() -> None:
    data = _text_pdf()
    for n in (1, 2, 3):
        data = break_page_object(data, n)
    with pytest.raises(InputError) as e:
        read_data(data, name="letter.pdf", suffix=".pdf", ocr=False)
    assert str(e.value) == "letter.pdf: broken PDF: no page could be read (pages 1, 2, 3 — pdfium cannot load it: failed to load page)"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (break_page_object, "pdfium cannot load or draw it: failed to load page"),
        (damage_image, "its scanned image is damaged and cannot be decoded"),
    ],
    ids=["page-object", "embedded-jpeg"],
)
def test_audit_a_scanned_pdf_page_that_cannot_be_drawn_is_skipped(tmp_path: Path, damage: Callable[[bytes, int], bytes],
                                                                  reason: str) -> None:
    from docintel.ocr import render_pdf

    data = damage(_image_pdf(tmp_path), 2)
    skipped: dict[int, str] = {}
    images = list(render_pdf(data, name="scan.pdf", skipped=skipped))
    assert [img.info["page"] for img in images] == [1, 3] and skipped == {2: reason}
    with pytest.raises(InputError) as e:  # without ``skipped``: the page is named in the error
        list(render_pdf(data, name="scan.pdf"))
    assert str(e.value) == f"scan.pdf: broken PDF: page 2: {reason}"


@needs_tesseract
def test_audit_a_scanned_pdf_with_a_damaged_page_image_reads_the_others(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: page 2 was OCR'd as a blank page ('low confidence 0.00'), the damage unnamed."""
    monkeypatch.setenv("DOCINTEL_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    doc = read_data(damage_image(_image_pdf(tmp_path), 2), name="scan.pdf", suffix=".pdf")
    text = doc.text.replace(" ", "")
    assert "Trang1" in text and "Trang3" in text and doc.page_confidence[1] == 0.0
    assert doc.extras["missing_pages"] == [{"page": 2, "reason": "its scanned image is damaged and cannot be decoded"}]
    assert any(w.startswith("scan.pdf: 1 of 3 pages could not be read") for w in doc.warnings)


def test_audit_a_page_tesseract_fails_on_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import docintel.ocr as ocr
    from docintel.ocr import OCRPage, PageCache
    from docintel.ocr._tesseract import OCRLine, Word

    if not available():
        pytest.skip("ocr_images requires Tesseract")

    def fake(image: Image.Image, number: int) -> OCRPage:
        if number == 2:
            raise OCRError("OCR failed: tesseract crashed")
        p = OCRPage(number, image.width, image.height)
        p.lines = [OCRLine([Word(f"Trang{number}", 10, 10, 100, 30, 95.0)])]
        return p

    monkeypatch.setattr(ocr, "recognise", fake)
    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    frames = load_images(tiff(PAGES), name="scan.tif")
    failed: dict[int, str] = {}
    pages = ocr.ocr_images(frames, jobs=1, cache=PageCache(None), failed=failed)
    assert [p.number for p in pages] == [1, 3] and failed == {2: "OCR failed: tesseract crashed"}
    with pytest.raises(OCRError):  # without ``failed`` the error is raised as before
        ocr.ocr_images(frames, jobs=1, cache=PageCache(None))
    monkeypatch.setattr(ocr, "recognise", lambda image, number: fake(image, 2))
    with pytest.raises(OCRError):  # no page read at all: an error even with ``failed``
        ocr.ocr_images(frames, jobs=1, cache=PageCache(None), failed={})


# ---------------------------------------------------------------------------
# messages name the file and a reason in words


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _animated_webp() -> bytes:
    buf = io.BytesIO()
    frames = [p.convert("RGB") for p in PAGES]
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], duration=200)
    return buf.getvalue()


HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.png", b"", "broken image: the file is empty (0 bytes)"),
        ("letter.png", b"Hello, this is a letter, not a picture.\n" * 5, "unsupported image format: the file is a text file; "
         "scans are read from .pdf, .png, .jpg/.jpeg, .tif/.tiff, .bmp and .webp"),
        ("iphone.jpg", HEIC, "unsupported image format: the file is a HEIC/HEIF photo (the iPhone camera format)"),
        ("scan.png", b"%PDF-1.7\n%...", "unsupported image format: the file is a PDF document"),
        ("cut.png", _png(page(1))[:2000], "broken image: the file is cut short (an incomplete copy or download?)"),
        ("noise.jpg", b"\x01\x02\x03" * 50, "broken image: not an image file docintel can read"),
        ("anim.webp", _animated_webp(), "an animated image (3 frames) is not a scanned page"),
    ],
    ids=["empty", "text", "heic-as-jpg", "pdf-as-png", "truncated-png", "noise", "animated-webp"],
)
def test_audit_image_errors_name_the_file_and_a_reason(name: str, data: bytes, message: str) -> None:
    """Before: 'broken image: cannot identify image file <_io.BytesIO object at 0x7f…>'."""
    with pytest.raises(InputError) as e:
        load_images(data, name=name)
    msg = str(e.value)
    assert msg.startswith(f"{name}: {message}")
    assert "0x" not in msg and "_io." not in msg and "object at" not in msg and "\n" not in msg


@pytest.mark.parametrize(
    ("suffix", "what"),
    [(".heic", "a HEIC/HEIF photo"), (".gif", "a GIF image"), (".avif", "an AVIF image")],
)
def test_audit_image_formats_not_read_are_named(tmp_path: Path, suffix: str, what: str) -> None:
    """Before: "unsupported file type '.heic' (expected .txt, .md, .docx, .pdf or an image)" — but it is an image."""
    path = tmp_path / f"photo{suffix}"
    path.write_bytes(HEIC)
    for call in (lambda: read(path), lambda: read_data(HEIC, name=str(path), suffix=suffix)):
        with pytest.raises(InputError) as e:
            call()
        assert str(e.value).startswith(f"{path}: unsupported image format: the file is {what}")
        assert ".tif/.tiff" in str(e.value)


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError("cannot identify image file <_io.BytesIO object at 0x7f794c7b9440>"), "not an image file docintel can read"),
        (OSError("image file is truncated (3 bytes not processed)"), "the file is cut short (an incomplete copy or download?)"),
        (OSError("decoder error -2"), "the image data is damaged"),
        (SyntaxError("broken PNG file"), "the image is damaged (broken PNG file)"),
        (TypeError(), "the image's header is damaged"),
        (ValueError("weird <Foo object at 0xdeadbeef> thing"), "the image is damaged (weird thing)"),
        (Image.DecompressionBombError("Image size (2162689 pixels) exceeds limit of 178956970 pixels, could be "
                                      "decompression bomb DOS attack."),
         "the image is too large to decode safely (Image size (2162689 pixels) exceeds limit of 178956970 pixels)"),
    ],
)
def test_audit_image_reasons_are_words(error: BaseException, reason: str) -> None:
    assert image_reason(error) == reason


# ---------------------------------------------------------------------------
# awkward formats: read correctly


def _encode(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def transparent_png() -> bytes:
    """Black text on a transparent background (its colour channels all black)."""
    rgba = Image.new("RGBA", PAGES[0].size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(PAGES[0], lambda v: 255 - v))
    return _encode(rgba, "PNG")


def grey16_tiff(bits: int = 16) -> bytes:
    """A 16-bit greyscale scan: paper at 58,000 of 65,535, print at 6,000 (or a 12-bit one)."""
    a = np.asarray(PAGES[0], dtype=np.float64) / 255
    arr = (6000 + a * 52000).astype(np.uint16) >> (16 - bits)
    return _encode(Image.fromarray(arr), "TIFF", dpi=(200, 200))


def exif_jpeg() -> bytes:
    """Stored sideways, shown upright: EXIF orientation 6 (turn 90° clockwise)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return _encode(PAGES[0].rotate(90, expand=True).convert("RGB"), "JPEG", exif=exif.tobytes(), quality=95)


def mpo_like_jpeg() -> bytes:
    """A camera JPEG carrying a second (preview) picture: one page, not two."""
    buf = io.BytesIO()
    PAGES[0].convert("RGB").save(buf, "MPO", save_all=True, append_images=[PAGES[0].convert("RGB").resize((90, 20))])
    return buf.getvalue()


FORMATS: list[tuple[str, Callable[[], bytes]]] = [
    ("opaque-alpha.png", lambda: _encode(PAGES[0].convert("RGBA"), "PNG")),
    ("transparent.png", transparent_png),
    ("grey16.tif", grey16_tiff),
    ("grey12.tif", lambda: grey16_tiff(12)),
    ("cmyk.jpg", lambda: _encode(PAGES[0].convert("RGB").convert("CMYK"), "JPEG", quality=95)),
    ("exif6.jpg", exif_jpeg),
    ("g4.tif", lambda: _encode(PAGES[0].convert("1"), "TIFF", compression="group4", dpi=(200, 200))),
    ("page.webp", lambda: _encode(PAGES[0].convert("RGB"), "WEBP", lossless=True)),
    ("palette.png", lambda: _encode(PAGES[0].convert("P"), "PNG")),
    ("camera.jpg", mpo_like_jpeg),
]


@pytest.mark.parametrize(("name", "make"), FORMATS, ids=[n for n, _ in FORMATS])
def test_audit_awkward_formats_load_as_the_page(name: str, make: Callable[[], bytes]) -> None:
    """Each loads as one upright greyscale page whose print and paper are where they were drawn.

    Before: the transparent PNG and the 16-bit TIFFs loaded as wholly black / wholly white pages."""
    (frame,) = load_images(make(), name=name)
    assert frame.mode == "L" and frame.size == PAGES[0].size and frame.info["page"] == 1
    ink, drawn = np.asarray(frame) < 128, np.asarray(PAGES[0]) < 128
    assert (ink == drawn).mean() > 0.99 and ink.any()


@needs_tesseract
@pytest.mark.parametrize(("name", "make"), [f for f in FORMATS if f[0] in ("transparent.png", "grey16.tif", "exif6.jpg")],
                         ids=["transparent.png", "grey16.tif", "exif6.jpg"])
def test_audit_awkward_formats_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                                        make: Callable[[], bytes]) -> None:
    monkeypatch.setenv("DOCINTEL_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    doc = read_data(make(), name=name, suffix=Path(name).suffix)
    assert "Kính gửi" in doc.text and "Trang 1" in doc.text and not doc.extras.get("missing_pages")


# ---------------------------------------------------------------------------
# the same for a damaged Word file


def _docx(drop: str | None = None, halve: str | None = None) -> bytes:
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("Kính gửi Sở Y tế")
    buf = io.BytesIO()
    document.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename != drop:
                data = zin.read(item)
                zout.writestr(item, data[: len(data) // 2] if item.filename == halve else data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_docx(drop="word/document.xml"), "its part word/document.xml is missing (damaged, or not a Word document)"),
        (_docx(halve="word/document.xml"), "its XML is damaged at line 2, column "),
        (_docx(halve="word/_rels/document.xml.rels"), "its XML is damaged at line 2, column "),
    ],
    ids=["part-missing", "document-cut", "relations-cut"],
)
def test_audit_docx_errors_are_words(data: bytes, reason: str) -> None:
    """Before: 'broken DOCX: XMLSyntaxError: AttValue: ' expected, line 2, column 741 (<string>, line 2)'
    and '"There is no item named 'word/document.xml' in the archive"'."""
    with pytest.raises(InputError) as e:
        read_data(data, name="letter.docx", suffix=".docx")
    msg = str(e.value)
    assert msg.startswith(f"letter.docx: broken DOCX: {reason}")
    assert "Error" not in msg and "<string>" not in msg and '"' not in msg


@needs_tesseract
def test_audit_a_scanned_pdf_whose_every_page_image_is_damaged_is_one_clear_error(tmp_path: Path) -> None:
    data = _image_pdf(tmp_path)
    for n in (1, 2, 3):
        data = damage_image(data, n)
    with pytest.raises(InputError) as e:
        read_data(data, name="scan.pdf", suffix=".pdf")
    assert str(e.value) == ("scan.pdf: broken PDF: no page could be read "
                            "(pages 1, 2, 3 — its scanned image is damaged and cannot be decoded)")


@pytest.mark.parametrize("furniture_only", [False, True])
def test_audit_a_lost_page_keeps_its_place_after_cleaning(furniture_only: bool) -> None:
    """The parse (clean step included) keeps one span per page: pages[i] is page i + 1."""
    from docintel._clean import _fix_ends

    # page 2 emptied by the clean step (its only line was furniture) or lost by the reader
    spans = [(0, 40), (40, 52), (52, 90)] if furniture_only else [(0, 40), (40, 40), (40, 90)]
    remapped = [(0, 40), (40, 40), (40, 78)] if furniture_only else spans
    assert _fix_ends(remapped, remapped[-1][1]) == [(0, 40), (40, 40), (40, remapped[-1][1])]
    assert len(_fix_ends(spans, 90)) == 3


def test_audit_a_text_pdf_with_an_unloadable_page_parses_with_three_pages() -> None:
    from docintel import parse_bytes

    doc = parse_bytes(break_page_object(_text_pdf(), 2), name="letter.pdf", ocr=False)
    assert len(doc.pages) == 3 and doc.pages[1][0] == doc.pages[1][1]
    assert doc.text[doc.pages[2][0]:doc.pages[2][1]].lstrip().startswith("Trang 3.")
