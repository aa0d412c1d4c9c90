"""OCR page preparation (docintel.ocr._prepare): stamp-ink dropout and despeckling, on generated images."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from docintel.ocr import available, load_images
from docintel.ocr._prepare import despeckle, lone_dark_share, noisy, prepare, to_grey

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
needs_tesseract = pytest.mark.skipif(not available(), reason="Tesseract with the Vietnamese model is not installed")

RED, BLUE, VIOLET = (215, 25, 35), (40, 60, 200), (120, 40, 170)


def _text_page(size: tuple[int, int] = (900, 300), text: str = "Số: 912/SCT-VP", font_size: int = 60) -> Image.Image:
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.truetype(FONT, font_size)
    except OSError:
        font = ImageFont.load_default()
    d.text((60, 110), text, fill="black", font=font)
    return img


def _stamp(img: Image.Image, colour: tuple[int, int, int], centre: tuple[int, int] = (330, 150), r: int = 120) -> Image.Image:
    """A seal (ring and filled star-like disc) pressed over ``img``: stamp ink multiplies what is under it."""
    ink = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(ink)
    cx, cy = centre
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=14)
    d.ellipse((cx - r // 3, cy - r // 3, cx + r // 3, cy + r // 3), fill=255)
    a = np.asarray(img, dtype=np.float32) / 255
    k = (np.asarray(ink, dtype=np.float32) / 255 * 0.9)[..., None]
    out = a * (1 - k + k * (np.array(colour, dtype=np.float32) / 255))
    return Image.fromarray((out * 255).astype(np.uint8))


def _masks(page: Image.Image, stamped: Image.Image) -> tuple[np.ndarray, np.ndarray]:
    """(print pixels, stamp-only pixels) of a stamped page."""
    text = np.asarray(page.convert("L")) < 80
    stamp = (np.asarray(stamped.convert("RGB"), dtype=np.int16).std(axis=2) > 30) & ~text
    return text, stamp


@pytest.mark.parametrize("colour", [RED, BLUE, VIOLET])
def test_issue6_a_coloured_seal_over_print_is_dropped_and_the_print_stays(colour: tuple[int, int, int]) -> None:
    page = _text_page()
    stamped = _stamp(page, colour)
    text, stamp = _masks(page, stamped)
    assert stamp.sum() > 1000 and text.sum() > 1000
    plain = np.asarray(stamped.convert("L"))
    assert plain[stamp].mean() < 130  # a luminance conversion makes the seal look like print
    grey = np.asarray(to_grey(stamped))
    assert grey[stamp].mean() > 200  # dropped out: paper
    assert grey[text].mean() < 60  # print, also where the seal covers it, stays black


def test_issue6_dark_pen_ink_is_kept() -> None:
    """A number filled in with a blue ballpoint is dark in every channel: it is writing, not a seal."""
    page = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(page).line((40, 100, 360, 100), fill=(25, 35, 110), width=5)
    stamped = _stamp(page, RED, centre=(200, 100), r=80)  # and a seal elsewhere, so dropout runs
    grey = np.asarray(to_grey(stamped))
    assert grey[100, 40:150].max() < 128


@pytest.mark.parametrize("mode", ["L", "1", "RGB", "P"])
def test_issue6_a_page_without_stamp_ink_converts_as_before(mode: str) -> None:
    page = _text_page().convert(mode)
    page.info["dpi"] = (200, 200)
    out = to_grey(page)
    assert out.mode == "L" and out.info["dpi"] == (200, 200)
    assert out.tobytes() == page.convert("L").tobytes()


def test_issue6_an_image_file_with_a_seal_loads_without_it() -> None:
    stamped = _stamp(_text_page(), RED)
    buf = io.BytesIO()
    stamped.save(buf, "JPEG", quality=85, dpi=(300, 300))
    (frame,) = load_images(buf.getvalue(), name="photo.jpg")
    _, stamp = _masks(_text_page(), stamped)
    assert frame.mode == "L" and frame.info["dpi"] == (300, 300)
    assert np.asarray(frame)[stamp].mean() > 190


def _pepper(img: Image.Image, share: float = 0.02, seed: int = 1) -> Image.Image:
    a = np.asarray(img.convert("L")).copy()
    m = np.random.default_rng(seed).random(a.shape)
    a[m < share / 2] = 0
    a[m > 1 - share / 2] = 255
    return Image.fromarray(a)


def _bars(size: tuple[int, int] = (1200, 800)) -> Image.Image:
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    for row in range(12):
        for col in range(10):
            x, y = 60 + col * 110, 60 + row * 60
            d.rectangle((x, y, x + 70, y + 8), fill=0)  # ~7 % ink, as a page of print
    return img


def test_issue6_salt_and_pepper_is_told_from_print() -> None:
    clean = _bars()
    assert lone_dark_share(clean) == (0.0, 0)
    assert not noisy(clean)
    assert not noisy(_text_page().convert("L"))
    assert noisy(_pepper(clean))


def test_issue6_despeckle_removes_lone_pixels_and_keeps_print() -> None:
    clean = _bars()
    out = despeckle(_pepper(clean))
    a, ref = np.asarray(out), np.asarray(clean)
    assert lone_dark_share(out)[1] < 50
    assert (a[ref == 0] < 128).mean() > 0.97  # the bars are still ink
    assert despeckle(clean) is clean  # a clean page is not touched


def _specked(img: Image.Image, n: int, seed: int = 2) -> Image.Image:
    """Photocopy specks: ``n`` dots of 1-2 px radius on the paper, at least 15 px from any ink."""
    out = img.copy()
    d = ImageDraw.Draw(out)
    ink = np.asarray(img.convert("L")) < 128
    rnd = random.Random(seed)
    placed = 0
    while placed < n:
        x, y, r = rnd.randrange(20, out.width - 20), rnd.randrange(20, out.height - 20), rnd.choice((1, 2))
        if ink[y - 15 : y + 16, x - 15 : x + 16].any():
            continue
        d.ellipse((x - r, y - r, x + r, y + r), fill=0)
        placed += 1
    return out


def test_issue6_specks_are_erased_and_tone_marks_stay() -> None:
    page = _bars()
    ImageDraw.Draw(page).ellipse((100, 72, 104, 76), fill=0)  # a dot 4 px under a bar: a tone mark (dấu nặng)
    page.info["dpi"] = (300, 300)
    specked = _specked(page, 200)
    out = np.asarray(despeckle(specked))
    ref = np.asarray(page)
    assert (out[ref == 0] < 128).all()  # every bar and the tone mark kept
    left = ((out < 128) & (ref > 128)).sum()
    # two specks closer than the margin make one blob too big to call a speck: those stay
    assert left < 0.25 * ((np.asarray(specked) < 128) & (ref > 128)).sum()


def test_issue6_a_few_lone_dots_are_left_alone() -> None:
    page = _specked(_bars(), 5)
    page.info["dpi"] = (300, 300)
    assert despeckle(page) is page


def test_issue6_a_bilevel_fax_page_is_not_despeckled() -> None:
    """Thresholding leaves ragged stroke edges, not lone pixels: a fax is read as it came."""
    rnd = random.Random(3)
    page = _text_page(size=(1400, 900), text="Hà Nội, ngày 06 tháng 8 năm 2020", font_size=40).convert("L")
    a = np.asarray(page, dtype=np.float32) + np.array([[rnd.gauss(0, 18) for _ in range(page.width)] for _ in range(page.height)])
    fax = Image.fromarray(((a > 150) * 255).astype(np.uint8)).convert("1")
    assert prepare(fax).tobytes() == fax.convert("L").tobytes()


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["1", "L", "RGB", "RGBA", "P", "CMYK", "LA"]), st.integers(1, 40), st.integers(1, 40), st.integers(0, 2**31))
def test_prepare_never_crashes_and_keeps_the_size(mode: str, w: int, h: int, seed: int) -> None:
    a = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
    img = Image.fromarray(a).convert(mode)
    out = prepare(img)
    assert out.size == (w, h) and out.mode == "L"


@needs_tesseract
def test_issue6_a_number_under_a_red_seal_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from docintel.ocr import ocr_images
    from docintel.ocr._cache import PageCache

    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    stamped = _stamp(_text_page(size=(1000, 320), font_size=50), RED, centre=(330, 140), r=130)
    buf = io.BytesIO()
    stamped.save(buf, "PNG", dpi=(300, 300))
    page = ocr_images(load_images(buf.getvalue(), name="stamped.png"), jobs=1, cache=PageCache(None))[0]
    assert "912/SCT-VP" in page.text.replace(" ", "")


# --- issue 6: red urgency and security marks are read back from the dropped stamp ink

SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        return ImageFont.load_default()


def _header_page(mark: str | None = "HỎA TỐC", seal: bool = False) -> Image.Image:
    """A dispatch's first page (A4 at 300 dpi): issuer, number, a red mark
    framed under the number, motto and place-date right, then the subject line."""
    img = Image.new("RGB", (2480, 3508), "white")
    d = ImageDraw.Draw(img)
    f = _font(FONT, 40)
    d.text((250, 150), "ỦY BAN NHÂN DÂN", fill="black", font=f)
    d.text((250, 210), "TỈNH LẠNG SƠN", fill="black", font=f)
    d.text((250, 330), "Số: 912/UBND-KT", fill="black", font=f)
    d.text((1150, 150), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill="black", font=f)
    d.text((1300, 210), "Độc lập - Tự do - Hạnh phúc", fill="black", font=f)
    d.text((1250, 330), "Lạng Sơn, ngày 06 tháng 8 năm 2020", fill="black", font=f)
    d.text((250, 400), "V/v phòng, chống dịch bệnh", fill="black", font=f)
    d.text((250, 700), "Kính gửi: Sở Y tế.", fill="black", font=f)
    d.text((250, 800), "Đề nghị Sở Y tế triển khai ngay các biện pháp phòng, chống dịch.", fill="black", font=f)
    out = img
    if mark:
        ink = Image.new("L", img.size, 0)
        di = ImageDraw.Draw(ink)
        di.rectangle((300, 490, 300 + 60 + 50 * len(mark), 580), outline=255, width=6)
        di.text((330, 505), mark, fill=255, font=_font(SANS, 50))
        a = np.asarray(out, dtype=np.float32) / 255
        k = (np.asarray(ink, dtype=np.float32) / 255 * 0.9)[..., None]
        out = Image.fromarray((a * (1 - k + k * (np.array(RED, dtype=np.float32) / 255)) * 255).astype(np.uint8))
    if seal:
        out = _stamp(out, RED, centre=(950, 330), r=220)
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HỎA TỐC", "HỎA TỐC"),
        ("| HOẢ TỐC |", "HỎA TỐC"),
        ("H0A TÓC", "HỎA TỐC"),  # two words: fuzzily
        ("THUONG KHAN", "THƯỢNG KHẨN"),
        ("HỎA TỐC HẸN GIỜ", "HỎA TỐC HẸN GIỜ"),
        ("KHẨN", "KHẨN"),
        ("TỐI MẬT", "TỐI MẬT"),
        ("MẬT", "MẬT"),
        # a seal's rim and a received stamp are never marks; a one-word mark must be spelt right
        ("MẶT", None),
        ("KHÁNH", None),
        ("SỞ TÀI CHÍNH", None),
        ("CÔNG VĂN ĐẾN", None),
        ("khẩn trương triển khai", None),
    ],
)
def test_issue6_mark_text(text: str, expected: str | None) -> None:
    from docintel.ocr._marks import mark_text

    assert mark_text(text) == expected


def test_issue6_the_dropped_stamp_ink_is_kept_as_a_layer() -> None:
    from docintel.ocr._marks import regions
    from docintel.ocr._prepare import stamp_layer

    page = _header_page(seal=True)
    grey = to_grey(page)
    layer = stamp_layer(grey)
    assert layer is not None and layer.size == page.size
    assert np.asarray(grey)[520:560, 330:600].min() > 180  # the mark is dropped from the page ...
    assert np.asarray(layer)[490:580, 300:650].min() < 60  # ... and is dark in the layer
    boxes = regions(layer, page.height)
    assert any(left <= 330 and right >= 600 and top <= 500 and bottom >= 570 for left, top, right, bottom in boxes)
    assert all(bottom - top < 200 for _, top, _, bottom in boxes)  # the seal is no mark
    assert stamp_layer(to_grey(_header_page(mark=None))) is None  # no stamp ink, no layer


@needs_tesseract
@pytest.mark.parametrize(("mark", "seal", "urgency"), [("HỎA TỐC", False, "hỏa tốc"), (None, True, None)])
def test_issue6_a_red_urgency_mark_is_kept(monkeypatch: pytest.MonkeyPatch, mark: str | None, seal: bool,
                                           urgency: str | None) -> None:
    """The mark survives the stamp dropout and reaches the parser; a seal's rim adds nothing."""
    from docintel import parse_text, to_contract
    from docintel.ocr import ocr_images
    from docintel.ocr._cache import PageCache

    monkeypatch.setenv("DOCINTEL_OCR_SECOND_READING", "off")
    buf = io.BytesIO()
    _header_page(mark, seal).save(buf, "PNG", dpi=(300, 300))
    page = ocr_images(load_images(buf.getvalue(), name="urgent.png"), jobs=1, cache=PageCache(None))[0]
    c = to_contract(parse_text(page.text))
    assert c["urgency"] == urgency
    assert (c["number"] or {}).get("text") == "912/UBND-KT"
