import pytest

from docintel._lexicon import is_syllable, syllables


@pytest.mark.parametrize(
    ("token", "expected"),
    [("nhận", True), ("ĐIỀU", True), ("thuế", True), ("Tổng", True), ("scxihomoluriotptdil", False), ("qwx", False)],
)
def test_is_syllable(token: str, expected: bool) -> None:
    assert is_syllable(token) is expected


def test_lexicon_comes_from_underthesea() -> None:
    pytest.importorskip("underthesea")
    assert len(syllables()) > 5000
