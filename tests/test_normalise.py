import unicodedata

import pytest

from docintel import fold, fold_key, normalise
from docintel._normalise import fix_tone_placement


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà bình", "hòa bình"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UỶ BAN", "ỦY BAN"),
        ("Thuỷ lợi", "Thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("quý", "quý"),  # u after q is a consonant
        ("hoàng", "hoàng"),  # closed syllable: same in both conventions
        ("hoài", "hoài"),
        ("khuya", "khuya"),
    ],
)
def test_tone_placement(text: str, expected: str) -> None:
    assert fix_tone_placement(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Y tế", "so y te"),
        ("Đình Lập", "dinh lap"),
        ("ỦY BAN", "uy ban"),
        ("Ðồng", "dong"),  # Icelandic eth typed for Đ
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected
    assert len(fold(text)) == len(text)


def test_fold_key_punctuation() -> None:
    assert fold_key("  Sở  Y tế, tỉnh  Lạng Sơn. ") == "so y te tinh lang son"


def test_normalise_nfd_and_markup_keeps_offsets() -> None:
    raw = unicodedata.normalize("NFD", "**Số:**  88 -BC/BCS\r\n## BÁO CÁO\nhoà")
    mt = normalise(raw)
    assert mt.text == "Số: 88 -BC/BCS\nBÁO CÁO\nhòa"
    assert len(mt.offsets) == len(mt.text)
    # the 'S' of Số comes from after the ** markup
    assert raw[mt.offsets[0]] == "S"
    start, end = mt.raw_span(mt.text.index("BÁO"), mt.text.index("BÁO") + 3)
    assert unicodedata.normalize("NFC", raw[start:end]) == "BÁO"


def test_normalise_whitespace() -> None:
    assert normalise("a\u00a0\u00a0b \t c\n\n\n\nd  \n").text == "a b c\n\nd\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hà N ội, ngày 5", "Hà Nội, ngày 5"),
        ("Nơi nh ận:", "Nơi nhận:"),
        ("Tr ần Hồng Hà", "Trần Hồng Hà"),
        ("CHÍNH PH Ủ", "CHÍNH PHỦ"),
        ("ng ười dân", "người dân"),
        # left alone: abbreviations, initials, labels, real words
        ("TT An ninh", "TT An ninh"),
        ("Nguyễn V An", "Nguyễn V An"),
        ("TP HCM", "TP HCM"),
        ("Sở Y tế", "Sở Y tế"),
        ("điểm d khoản 1", "điểm d khoản 1"),
    ],
)
def test_issue2_syllables_split_by_extraction_are_joined(text: str, expected: str) -> None:
    mt = normalise(text)
    assert mt.text == expected
    assert len(mt.offsets) == len(mt.text)
