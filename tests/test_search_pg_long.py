"""QA audit 2 follow-up: a phrase late in a long document is found on PostgreSQL as on SQLite.

A tsvector keeps positions up to 16383 and 256 positions per word, so PostgreSQL's ``<->`` could
not see "cửa hàng miễn thuế" written at word ~30,200 of a long vbpl text (SQLite's FTS5 found it).
Every test runs on both back-ends (``store_url``) and expects the same answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from _remind_data import ingest, make_doc

from docintel import fold
from docintel.store import open_store
from docintel.store._query import Term
from docintel.store._search import phrase_regex

# distinct filler words (no phrase word among them), so positions grow one by one
_SYLLABLES = ["quy", "dinh", "chi", "tiet", "dieu", "khoan", "luat", "nghi", "quyet", "bo", "nganh", "tinh"]


def filler(n: int, offset: int = 0) -> str:
    words = [_SYLLABLES[(i + offset) % len(_SYLLABLES)] + ("" if i % 7 else "") for i in range(n)]
    lines = [" ".join(words[i : i + 12]) + "." for i in range(0, n, 12)]
    return "\n".join(lines)


def long_doc(name: str, body: str, *, number: str) -> Any:
    doc = make_doc(name, number=number, doc_type="NĐ", issuer="Chính phủ", issuer_id=None, date="2026-01-05",
                   subject="Quy định chi tiết")
    text = doc.text + body + "\n"
    doc.text, doc.folded = text, fold(text)
    data = text.encode()
    doc.source = type(doc.source)(f"/archive/{name}.txt", hashlib.sha256(data).hexdigest(), "txt", len(data), "utf-8")
    return doc


# word ~30,200: past the last position a tsvector keeps
LATE = long_doc("late", filler(30_200) + "\nMiễn thuế đối với hàng hóa bán tại cửa hàng miễn thuế cho khách.\n" + filler(50),
                number="169/2026/NĐ-CP")
# "thuế" 300 times before the phrase (a word keeps 256 positions), well inside 16383 positions
MANY = long_doc(
    "many",
    "\n".join(f"Khoản {i} nộp thuế theo quy định." for i in range(300)) + "\nÁp dụng chế độ miễn thuế nhập khẩu.\n",
    number="170/2026/NĐ-CP",
)
# every word of the phrase, never together, in a long text: not a match anywhere
APART = long_doc("apart", filler(20_000) + "\ncửa sổ, hàng rào, miễn phí, thuế suất\n" + filler(12_000, 5),
                 number="171/2026/NĐ-CP")
SHORT = make_doc("short", number="12/CV-CT", subject="cửa hàng miễn thuế tại sân bay", issuer="Cục Thuế tỉnh A",
                 issuer_id=None)


@pytest.fixture
def store(store_url: str) -> Iterator[Any]:
    s = open_store(store_url)
    try:
        ids = ingest(s, [LATE, MANY, APART, SHORT])
        s.names = dict(zip(ids, ["late", "many", "apart", "short"], strict=True))  # type: ignore[attr-defined]
        yield s
    finally:
        s.close()


def found(store: Any, q: str, **kw: Any) -> set[str]:
    return {store.names[h.id] for h in store.search(q, limit=50, collapse=False, **kw)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"cua hang mien thue"', {"late", "short"}),
        ('"cửa hàng miễn thuế"', {"late", "short"}),
        ('"hang mien thue cho khach"', {"late"}),
        ('"mien thue nhap khau"', {"many"}),
        ('"che do mien thue"', {"many"}),
        ('"cua hang mien thue" OR "che do mien thue"', {"late", "short", "many"}),
        ('"cua hang mien thue" khach', {"late"}),
        ('"cua hang mien thue" -"khach"', {"short"}),
        ('thue -"cua hang mien thue"', {"many", "apart"}),  # the late phrase excludes the long text too
        ('"cua so hang rao"', {"apart"}),
        ('"cua hang rao"', set()),  # words of the phrase, never together
        ('"thue suat cua hang"', set()),
    ],
)
def test_qa2_phrase_late_in_a_long_document(store: Any, query: str, expected: set[str]) -> None:
    assert found(store, query) == expected


def test_qa2_plain_words_rank_the_late_phrase_like_a_phrase(store: Any) -> None:
    """search() ranks documents holding the typed words next to each other first: the long text
    whose phrase lies past position 16383 is one of them on both back-ends."""
    hits = [store.names[h.id] for h in store.search("cua hang mien thue", limit=10, collapse=False)]
    assert set(hits[:2]) == {"late", "short"} and "apart" in hits


def test_qa2_snippet_shows_the_late_phrase(store: Any) -> None:
    (hit,) = [h for h in store.search('"cua hang mien thue"', limit=10, collapse=False) if store.names[h.id] == "late"]
    assert "cửa hàng miễn thuế" in hit.snippet.text


@pytest.mark.parametrize(
    ("tokens", "prefix", "text", "hit"),
    [
        (("cua", "hang"), False, "tai cua hang.", True),
        (("cua", "hang"), False, "tai cua, hang", True),
        (("cua", "hang"), False, "tai cua hangx", False),
        (("cua", "hang"), False, "xcua hang", False),
        (("cua", "hang"), True, "cua hangxyz", True),
        (("a.b", "c"), False, "a.b c", True),
    ],
)
def test_qa2_phrase_regex(tokens: tuple[str, ...], prefix: bool, text: str, hit: bool) -> None:
    """The PostgreSQL pattern, checked with Python's engine (same syntax for these constructs)."""
    import regex

    pat = phrase_regex(Term(tokens, prefix)).replace("[:alnum:]", "[:alnum:]")
    assert (regex.search(pat.replace("[^[:alnum:]]", r"[^\p{Alnum}]").replace("[[:alnum:]]", r"[\p{Alnum}]"), text)
            is not None) is hit
