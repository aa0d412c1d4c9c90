"""The handwritten-digit reader (docintel.ocr._handwriting) and the third reading of header slots (issue 6)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from docintel._rules import load
from docintel.ocr import _digits, _handwriting
from docintel.ocr._digits import (
    HandReading,
    backing,
    corroborates,
    decide,
    decree_symbol,
    pen_shapes,
    slot_ranges,
)
from docintel.ocr._tesseract import OCRLine, OCRPage, Word

ROOT = Path(__file__).resolve().parents[1]


def _draw(strokes: list[tuple[str, tuple[int, ...]]], size: tuple[int, int] = (60, 60)) -> np.ndarray:
    img = Image.new("L", size, 255)
    d = ImageDraw.Draw(img)
    for kind, xy in strokes:
        if kind == "line":
            d.line(xy, fill=0, width=4)
        else:
            d.ellipse(xy, outline=0, width=4)
    return np.asarray(img)


def test_issue6_weights_ship_with_the_package() -> None:
    assert _handwriting.available()
    assert (ROOT / "docintel" / "ocr" / "digits.LICENSE").read_text().count("CC BY-SA 3.0") == 1
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "digits.npz" in data["docintel.ocr"]


def test_to_mnist_fits_20px_and_centres_by_mass() -> None:
    ink = np.zeros((80, 20), dtype=np.float32)
    ink[5:75, 8:12] = 255  # a tall bar, like a "1"
    out = _handwriting.to_mnist(ink)
    ys, xs = np.nonzero(out > 0.05)
    assert out.shape == (28, 28) and ys.max() - ys.min() + 1 == 20 and xs.max() - xs.min() + 1 <= 3
    cy = (out.sum(1) * np.arange(28)).sum() / out.sum()
    cx = (out.sum(0) * np.arange(28)).sum() / out.sum()
    assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1
    assert not _handwriting.to_mnist(np.zeros((5, 5))).any()


def test_components_merge_strokes_and_drop_specks_and_rules() -> None:
    # a "4" drawn in two strokes, a dot, a long thin rule, then a "1"
    img = _draw([("line", (10, 10, 10, 35)), ("line", (10, 35, 30, 35)), ("line", (25, 15, 25, 50)),
                 ("line", (40, 30, 42, 32)), ("line", (0, 57, 59, 57))], size=(60, 60))
    img2 = np.full((60, 90), 255, dtype=np.uint8)
    img2[:, :60] = img
    img2[10:50, 75:79] = 0
    glyphs = _handwriting.components(img2, line_height=40)
    assert len(glyphs) == 2 and glyphs[0][0] <= 10 and glyphs[0][2] >= 27 and glyphs[1][0] == 75


@pytest.mark.parametrize(
    ("strokes", "digit"),
    [
        ([("line", (30, 8, 30, 52))], 1),
        ([("ellipse", (16, 6, 44, 54))], 0),
        ([("line", (14, 10, 46, 10)), ("line", (46, 10, 24, 54))], 7),
    ],
)
def test_reader_reads_plain_pen_digits(strokes: list[tuple[str, tuple[int, ...]]], digit: int) -> None:
    got = _handwriting.read_slot(_draw(strokes), line_height=45)
    assert len(got) == 1 and got[0].digit == digit and got[0].prob >= _digits.P_SURE


def test_reader_on_an_empty_slot() -> None:
    assert _handwriting.read_slot(np.full((40, 80), 255, dtype=np.uint8), line_height=40) == []
    assert _handwriting.classify([]) == []


def _bar() -> np.ndarray:
    img = np.zeros((28, 28), dtype=np.float32)
    img[6:22, 12:15] = 1.0
    return img


@pytest.mark.parametrize(
    ("kinds", "count"),
    [((), 1), (("shift",), 5), (("scale",), 3), (("stroke",), 3), (("shear",), 3), (_handwriting.TTA_KINDS, 11)],
)
def test_tta_views_are_small_perturbations(kinds: tuple[str, ...], count: int) -> None:
    img = _bar()
    out = _handwriting.views(img, kinds)
    assert len(out) == count and np.array_equal(out[0], img)
    for v in out[1:]:
        assert v.shape == (28, 28) and 0.5 * img.sum() < v.sum() < 1.6 * img.sum()
        assert np.abs(v - img).sum() > 0  # each view differs from the glyph


def test_tta_stroke_views_thicken_and_thin() -> None:
    _, thick, thin = _handwriting.views(_bar(), ("stroke",))
    assert thick.sum() > _bar().sum() > thin.sum() > 0


def test_predict_without_tta_or_ensemble_is_the_plain_network() -> None:
    imgs = np.stack([_handwriting.to_mnist(_draw([("line", (30, 8, 30, 52))]) < 128)])
    plain = _handwriting.forward(imgs)
    assert np.array_equal(_handwriting.predict(imgs, tta=()), plain)
    both = _handwriting.predict(imgs, tta=_handwriting.TTA_KINDS, nets=_handwriting._networks() * 2)
    assert both.shape == (1, 10) and abs(float(both.sum()) - 1) < 1e-5 and int(both.argmax()) == int(plain.argmax())
    assert _handwriting.predict(np.zeros((0, 28, 28)), tta=()).shape == (0, 10)


def test_shipped_reader_uses_no_tta_and_one_network() -> None:
    # measured on held-out data (scripts/eval_digits.py --compare): TTA and a 3-seed ensemble
    # lower the share of sure glyphs or raise the errors among them, so neither is shipped
    assert _handwriting.TTA == ()
    assert len(_handwriting._networks()) == 1


def test_weights_file_with_an_ensemble(tmp_path: Path) -> None:
    one = _handwriting._networks()[0]
    path = tmp_path / "ens.npz"
    np.savez(path, **one, **{f"net1/{k}": v for k, v in one.items()}, meta=np.array("{}"))
    nets = _handwriting._networks(str(path))
    assert len(nets) == 2 and set(nets[0]) == set(nets[1]) == set(one)


def _script(name: str) -> object:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


_LOGITS = np.random.default_rng(6).normal(0, 4, (50, 10))


@pytest.mark.parametrize("temperature", [0.25, 0.6115, 1.0, 2.0])
def test_issue6_calibrated_probabilities_are_monotone_in_the_logits(temperature: float) -> None:
    probs = _handwriting.softmax(_LOGITS, temperature)
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-5)
    assert np.array_equal(probs.argmax(axis=1), _LOGITS.argmax(axis=1))  # dividing by T never changes the digit
    for k in range(10):  # raising one class's logit raises its probability and lowers every other
        bumped = _LOGITS.copy()
        bumped[:, k] += 0.5
        after = _handwriting.softmax(bumped, temperature)
        others = np.delete(np.arange(10), k)
        assert (after[:, k] >= probs[:, k]).all() and (after[:, others] <= probs[:, others] + 1e-7).all()


@pytest.mark.parametrize(("lower", "higher"), [(0.5, 1.0), (0.6115, 1.0), (1.0, 2.0)])
def test_issue6_a_lower_temperature_is_surer_of_the_same_digit(lower: float, higher: float) -> None:
    top_low = _handwriting.softmax(_LOGITS, lower).max(axis=1)
    top_high = _handwriting.softmax(_LOGITS, higher).max(axis=1)
    assert (top_low >= top_high - 1e-7).all()


def test_issue6_weights_file_carries_its_temperature(tmp_path: Path) -> None:
    one = _handwriting._networks()[0]
    path = tmp_path / "calibrated.npz"
    np.savez(path, **one, T=np.array(0.5, dtype=np.float32), **{f"net1/{k}": v for k, v in one.items()},
             meta=np.array("{}"))
    cal, plain = _handwriting._networks(str(path))
    assert _handwriting.temperature(cal) == 0.5 and _handwriting.temperature(plain) == 1.0  # each network its own
    imgs = np.stack([_handwriting.to_mnist(_draw([("line", (30, 8, 30, 52))]) < 128)])
    z = _handwriting.logits(imgs, cal)
    assert np.allclose(_handwriting.forward(imgs, cal), _handwriting.softmax(z, 0.5), atol=1e-6)
    assert np.allclose(_handwriting.forward(imgs, cal, calibrated=False), _handwriting.softmax(z), atol=1e-6)
    assert np.allclose(_handwriting.predict(imgs, nets=(cal,), calibrated=False), _handwriting.forward(imgs, plain))


def test_issue6_shipped_reader_carries_no_temperature() -> None:
    # measured in session 6 (scripts/eval_digits.py --calibration): T = 0.61 lowers the ECE on every
    # held-out set, but at P_SURE = 0.80 it lets wrong glyphs pass (0 -> 2 of ~480 on held-out MNIST,
    # 0 -> 2 of 245 crossed 7s, 1 -> 3 of the scans' printed digits), so calibration is not shipped
    assert _handwriting.temperature() == 1.0
    assert _handwriting.CALIBRATED  # a weights file that carries a T is read with it


_GLYPHS: dict[str, list[tuple[str, tuple[int, ...]]]] = {
    "one": [("line", (30, 8, 30, 52))],
    "zero": [("ellipse", (16, 6, 44, 54))],
    "seven": [("line", (14, 10, 46, 10)), ("line", (46, 10, 24, 54))],
    "crossed seven": [("line", (14, 10, 46, 10)), ("line", (46, 10, 30, 54)), ("line", (28, 32, 48, 30))],
    "blob": [("ellipse", (20, 20, 40, 40)), ("line", (10, 10, 50, 50)), ("line", (50, 10, 10, 50))],
}


@pytest.mark.parametrize("glyph", sorted(_GLYPHS))
@pytest.mark.parametrize("temperature", [0.6115, 1.0, 3.0])
def test_issue6_sure_decision_follows_the_calibrated_probability(glyph: str, temperature: float) -> None:
    img = np.stack([_handwriting.to_mnist(_draw(_GLYPHS[glyph]) < 128)])
    z = _handwriting.logits(img)
    net = {**_handwriting._weights(), "T": np.float32(temperature)}
    p = _handwriting.predict(img, nets=(net,), tta=())[0]
    assert np.allclose(p, _handwriting.softmax(z, temperature)[0], atol=1e-6)
    hand = HandReading(str(int(p.argmax())), (float(p.max()),))
    assert hand.sure == (float(p.max()) >= _digits.P_SURE)
    if temperature < 1 and float(_handwriting.softmax(z)[0].max()) >= _digits.P_SURE:
        assert hand.sure  # sharpening keeps every glyph the plain network was sure of


@pytest.mark.parametrize("true_t", [0.5, 1.0, 2.0])
def test_issue6_fit_temperature_recovers_a_known_temperature(true_t: float) -> None:
    train = _script("train_digits")
    rng = np.random.default_rng(0)
    z = rng.normal(0, 3, (4000, 10))
    p = _handwriting.softmax(z, true_t).astype(np.float64)
    truth = np.array([rng.choice(10, p=row / row.sum()) for row in p])
    fitted = train.fit_temperature(z, truth)  # type: ignore[attr-defined]
    assert abs(fitted - true_t) / true_t < 0.1
    assert train.nll(z, truth, fitted) <= train.nll(z, truth, 1.0) + 1e-9  # type: ignore[attr-defined]


@pytest.mark.parametrize(("wrong", "sure", "n_after", "expected"), [(0, 475, 486, 0.00210), (1, 188, 228, 0.00676)])
def test_issue6_rule_standard_error_is_binomial_with_laplace_rate(wrong: int, sure: int, n_after: int,
                                                                   expected: float) -> None:
    ev = _script("eval_digits")
    assert abs(ev.standard_error({"sure_wrong": wrong, "sure_n": sure}, n_after) - expected) < 5e-5  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("other", "digits", "backs"),
    [
        ("AN5", "115", True),  # letters abstain, the digit agrees, the count matches
        ("115", "115", True),
        ("1 15", "115", True),  # a pen gap
        ("445", "115", False),  # a different digit contradicts
        ("F0", "707", False),  # another count: not the same segmentation
        ("H", "4", True),  # no digit, but the open 4's own letter (rules/pen_digits.yaml)
        ("FOF", "707", True),  # crossed 7s and a 0, every position the shape of its digit
        ("S0", "70", False),  # S is a 5's shape: it contradicts a 7
        ("AN", "11", False),  # letters that are no digit's shape back nothing
        ("", "4", False),
    ],
)
def test_issue6_corroboration(other: str, digits: str, backs: bool) -> None:
    assert corroborates(other, digits) is backs


SURE, UNSURE = (0.95, 0.95, 0.95), (0.95, 0.5, 0.95)


@pytest.mark.parametrize(
    ("slot", "tesseract", "second", "hand", "expected"),
    [
        ("number", "445", "AN5", HandReading("115", SURE), ("replaced", "115")),
        ("number", "445", "AN5", HandReading("115", UNSURE), ("none", None)),  # one glyph below P_SURE
        ("number", "445", "445", HandReading("115", SURE), ("conflict", None)),  # two engines against it
        ("number", "445", "115", HandReading("115", SURE), ("replaced", "115")),
        ("number", "115", "AN5", HandReading("115", SURE), ("confirmed", "115")),
        ("number", "†0%", "F0", HandReading("707", SURE), ("conflict", None)),  # nothing backs it: no guess
        ("number", "†0%", "7 07", HandReading("707", SURE), ("filled", "707")),
        ("number", "", "", HandReading("123456", SURE + (0.99, 0.99, 0.99)), ("none", None)),  # too long
        ("day", "49", "29", HandReading("29", SURE[:2]), ("replaced", "29")),
        ("day", "49", "29", HandReading("39", SURE[:2]), ("none", None)),  # no day 39
        ("month", "_", "H", HandReading("4", SURE[:1]), ("filled", "4")),  # the open 4's letter backs a fill
        ("month", "1", "h", HandReading("4", SURE[:1]), ("conflict", None)),  # shapes never replace a digit
        ("month", "_", "h", HandReading("4", (0.7,)), ("none", None)),
        ("number", "", "FOF", HandReading("707", SURE), ("filled", "707")),
        ("number", "", "FOS", HandReading("707", SURE), ("conflict", None)),  # S is a 5
        ("month", "04", "4", HandReading("4", SURE[:1]), ("confirmed", "4")),
        ("month", "4", "4", HandReading("", ()), ("none", None)),
    ],
)
def test_issue6_three_readings_decide(slot: str, tesseract: str, second: str, hand: HandReading,
                                      expected: tuple[str, str | None]) -> None:
    assert decide(slot, tesseract, second, hand) == expected


def _chars(text: str, x0: int = 100, width: int = 10) -> list[tuple[str, int, int]]:
    return [("", -1, -1) if c == " " else (c, x0 + i * width, x0 + (i + 1) * width) for i, c in enumerate(text)]


def test_slot_ranges_between_printed_anchors() -> None:
    text = "S6: AN5 /NQ-CP"
    assert slot_ranges("number", text, _chars(text)) == {"number": (130, 180)}
    text = "Ha Noi, ngay 29 thang H nam 2026"
    assert slot_ranges("date", text, _chars(text)) == {"day": (220, 260), "month": (310, 340)}
    text = "Ha Noi, ngay28 thicONCaNAROEN"  # a stamp over "tháng … năm": no month anchors
    assert slot_ranges("date", text, _chars(text)) == {}
    assert slot_ranges("number", "S6: AN5 NQ-CP", _chars("S6: AN5 NQ-CP")) == {}


def _page(text: str) -> OCRPage:
    return OCRPage(1, 1000, 1400, [OCRLine([Word(text, 100, 300, 300, 40, 90.0)])])


@pytest.mark.parametrize(
    ("hand", "after", "action", "warning"),
    [
        (HandReading("115", SURE), "Số: 115/NQ-CP", "replaced", "number read from pen strokes as '115'"),
        (HandReading("115", UNSURE), "Số: 445 /NQ-CP", "kept", "number reads '445', but the engines disagree (AN5 (number: Tesseract '445', second engine 'AN5', handwriting reader 115"),
        (HandReading("445", SURE), "Số: 445 /NQ-CP", None, None),  # the reader confirms Tesseract: no warning
    ],
)
def test_issue6_third_reading_on_a_page(monkeypatch: pytest.MonkeyPatch, hand: HandReading, after: str,
                                        action: str | None, warning: str | None) -> None:
    from docintel.ocr import pages_to_document

    read = "S6: AN5 /NQ-CP"
    monkeypatch.setattr(_digits, "engine", lambda: object())
    monkeypatch.setattr(_digits, "read_region", lambda image, line: read)
    monkeypatch.setattr(_digits, "read_chars", lambda image, line: (read, _chars(read)))
    monkeypatch.setattr(_digits, "read_hand", lambda image, line, lo, hi: hand)
    monkeypatch.setattr("docintel.ocr.tesseract_version", lambda: "5")
    page = _page("Số: 445 /NQ-CP")
    _digits.second_reading(page, Image.new("L", (1000, 1400), 255))
    assert page.lines[0].text == after
    assert [r["action"] for r in page.second_reading] == ([action] if action else [])
    doc = pages_to_document([page], name="x.pdf", sha256="0", size=1, fmt="pdf")
    if warning:
        assert any(warning in w for w in doc.warnings)
        assert all("handwriting reader" in str(r["second"]) for r in page.second_reading if hand.sure or r["action"] == "kept")
    else:
        assert not any("OCR:" in w and "number" in w for w in doc.warnings)


def test_issue6_sure_reader_vetoes_a_second_engine_fill(monkeypatch: pytest.MonkeyPatch) -> None:
    read = "So: 707 /QD-TTg"
    monkeypatch.setattr(_digits, "engine", lambda: object())
    monkeypatch.setattr(_digits, "read_region", lambda image, line: read)
    monkeypatch.setattr(_digits, "read_chars", lambda image, line: (read, _chars(read)))
    monkeypatch.setattr(_digits, "read_hand", lambda image, line, lo, hi: HandReading("101", SURE))
    page = _page("Số: †0% QĐ- -TTg")
    _digits.second_reading(page, Image.new("L", (1000, 1400), 255))
    assert page.lines[0].text == "Số: †0% QĐ- -TTg"  # two sure readings disagree: nothing is filled
    assert page.second_reading[0]["action"] == "kept" and "101" in str(page.second_reading[0]["second"])


def test_issue6_pen_shape_table_examples_and_one_digit_per_letter() -> None:
    rules = load("pen_digits").rules
    seen: dict[str, str] = {}
    for rule in rules:
        digit = str(rule.get("digit"))
        for c in str(rule.get("letters")):
            assert c not in seen, f"{c!r} is the shape of both {seen[c]} and {digit}"
            assert not c.isdigit()
            seen[c] = digit
        assert rule.examples, rule.id
        for other, digits in rule.examples:
            assert digit in digits and backing(other, digits) is not None, (rule.id, other, digits)
    assert pen_shapes() == seen


@pytest.mark.parametrize(
    ("other", "digits", "kind"),
    [
        ("FOF", "707", "shapes"),
        ("F0F", "707", "digits"),  # a digit agrees, the letters are the 7's shapes
        ("AN5", "115", "digits"),  # letters of no digit abstain
        ("B", "8", "shapes"),
        ("b", "8", None),  # case matters: b is a 6
        ("AN", "11", None),
        ("Fx", "77", None),  # not every position a shape, and no digit
        ("h", "44", None),
    ],
)
def test_issue6_backing_kinds(other: str, digits: str, kind: str | None) -> None:
    assert backing(other, digits) == kind


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("/QD-TTg", "/QĐ-TTg"),  # Đ restored from the type table
        ("/ QĐ - TTg", "/QĐ-TTg"),
        ("/2026/TT-BCT", "/2026/TT-BCT"),
        ("/NQ-CP", "/NQ-CP"),
        ("/QB-TTg", None),  # no such type
        ("/QD-XYZW", None),  # issuer unknown to the registry
        ("/QD", None),  # a type alone is no symbol
        ("/1800/TT-BCT", None),
        ("-TTg", None),
    ],
)
def test_issue6_decree_symbol(symbol: str, expected: str | None) -> None:
    assert decree_symbol(symbol) == expected


def _fake_engines(monkeypatch: pytest.MonkeyPatch, read: str, hand: HandReading, slot_read: str = "") -> None:
    monkeypatch.setattr(_digits, "engine", lambda: object())
    monkeypatch.setattr(_digits, "read_region", lambda image, line: read)
    monkeypatch.setattr(_digits, "read_chars", lambda image, line: (read, _chars(read)))
    monkeypatch.setattr(_digits, "read_hand", lambda image, line, lo, hi: hand)
    monkeypatch.setattr(_digits, "read_slot_text", lambda image, line, lo, hi: slot_read)
    monkeypatch.setattr("docintel.ocr.tesseract_version", lambda: "5")


@pytest.mark.parametrize(
    ("tesseract", "read", "hand", "slot_read", "after", "warnings"),
    [
        # the symbol lost by Tesseract, the crossed 7s read as F by the second engine, re-read on the slot
        ("Số:  đánh S4 TTg", "So: F0/QD-TTg", HandReading("707", SURE), "FOF", "Số: 707/QĐ-TTg",
         ["backed only by the letters", "symbol 'QĐ-TTg' was lost"]),
        # the second engine's own clean digits, the reader unsure: the second engine fills
        ("Số: 8S TTg", "So: 12/QD-TTg", HandReading("12", UNSURE[:2]), "", "Số: 12/QĐ-TTg",
         ["read from handwriting by a second engine", "symbol 'QĐ-TTg' was lost"]),
        # no valid symbol: nothing is rebuilt
        ("Số:  đánh S4 TTg", "So: F0/QX-TTg", HandReading("707", SURE), "FOF", "Số:  đánh S4 TTg", []),
        # a sure reader nobody backs: no fill, the readings are reported
        ("Số:  đánh S4 TTg", "So: F0/QD-TTg", HandReading("101", SURE), "FOF", "Số:  đánh S4 TTg",
         ["engines disagree"]),
    ],
)
def test_issue6_number_line_with_its_symbol_lost(monkeypatch: pytest.MonkeyPatch, tesseract: str, read: str,
                                                 hand: HandReading, slot_read: str, after: str,
                                                 warnings: list[str]) -> None:
    from docintel.ocr import pages_to_document

    _fake_engines(monkeypatch, read, hand, slot_read)
    page = _page(tesseract)
    _digits.second_reading(page, Image.new("L", (1000, 1400), 255))
    assert page.lines[0].text == after
    doc = pages_to_document([page], name="x.pdf", sha256="0", size=1, fmt="pdf")
    for w in warnings:
        assert any(w in x for x in doc.warnings), (w, doc.warnings)
    if not warnings:
        assert page.second_reading == []


def test_issue6_open_four_month_filled_on_shape_backing(monkeypatch: pytest.MonkeyPatch) -> None:
    from docintel.ocr import pages_to_document

    read = "Ha Noi, ngay 29 thang H nam 2026"
    readings = {"day": HandReading("29", SURE[:2]), "month": HandReading("4", (0.93,))}
    _fake_engines(monkeypatch, read, HandReading("", ()))
    monkeypatch.setattr(_digits, "read_hand", lambda image, line, lo, hi: readings["day" if lo < 300 else "month"])
    page = _page("Hà Nội, ngày 29 tháng _ năm 2026")
    _digits.second_reading(page, Image.new("L", (1000, 1400), 255))
    assert page.lines[0].text == "Hà Nội, ngày 29 tháng 4 năm 2026"
    rec = page.second_reading[-1]
    assert rec["slots"] == {"month": "4"} and rec["backing"] == "shapes"
    doc = pages_to_document([page], name="x.pdf", sha256="0", size=1, fmt="pdf")
    w = next(x for x in doc.warnings if "backed only by the letters" in x)
    assert "second engine 'H'" in w and "handwriting reader 4 (p 0.93)" in w


def test_issue6_slot_reread_when_counts_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    read = "So: F0 /QD-TTg"
    _fake_engines(monkeypatch, read, HandReading("707", SURE), slot_read="FOF")
    got = _digits.third_reading("number", "Số: †0% /QĐ-TTg", read, _chars(read), Image.new("L", (10, 10)), _page("x").lines[0])
    assert got["number"].action == "filled" and got["number"].backing == "shapes"
    assert "slot re-read FOF" in got["number"].second
    monkeypatch.setattr(_digits, "read_slot_text", lambda image, line, lo, hi: "FO")  # still another count
    got = _digits.third_reading("number", "Số: †0% /QĐ-TTg", read, _chars(read), Image.new("L", (10, 10)), _page("x").lines[0])
    assert got["number"].action == "conflict"


def test_issue6_components_drop_ink_outside_the_line_band() -> None:
    # a digit on the line and a stamp frame below it that overlaps it in x: the frame must not swallow the digit
    img = np.full((120, 120), 255, dtype=np.uint8)
    img[20:50, 60:64] = 0  # a "1" on the line (rows 15-55)
    img[70:72, 10:110] = 0  # the frame's top edge
    img[70:118, 10:12] = 0
    img[70:118, 108:110] = 0
    merged = _handwriting.components(img, line_height=40)
    assert len(merged) == 1 and merged[0][3] > 100  # without the band: one glyph, frame and digit
    alone = _handwriting.components(img, line_height=40, band=(15, 55))
    assert [(g[0], g[3]) for g in alone] == [(60, 50)]
