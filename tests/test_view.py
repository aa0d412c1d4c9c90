"""The HTML view (docintel.view): every value highlighted once, no overlaps, escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import docintel
from docintel import Document
from docintel._model import (
    Assignee,
    Citation,
    DateValue,
    Deadline,
    Issuer,
    Number,
    Recipient,
    Signer,
    Source,
    Task,
    TextValue,
)
from docintel.view import Layout, layout, record_to_html, to_html

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SEEDS = sorted(CORPORA.glob("*.txt"))

MARK = re.compile(r'<mark class="entity"[^>]*>(.*?)(?:<span class="ent-label">(.*?)</span>)?</mark>', re.S)


def _doc(text: str) -> Document:
    return Document(text=text, source=Source("t.txt", "0" * 64, "txt"))


def _at(text: str, value: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(value, i + 1)
    return i, i + len(value)


def _marks(page: str) -> list[tuple[str, str]]:
    """(shown text, label) of every highlight in a page; an unlabelled piece has label ''."""
    return [(html.unescape(t), html.unescape(lab or "")) for t, lab in MARK.findall(page)]


def _assert_disjoint(lay: Layout, text: str) -> None:
    prev = 0
    for e in lay.entities:
        assert 0 <= e.start < e.end <= len(text)
        assert e.start >= prev, f"overlap at {e}"
        assert text[e.start : e.end] == text[e.start : e.end].strip()
        prev = e.end


LETTER = (
    "UBND TỈNH HÀ GIANG\nSỞ Y TẾ\nSố: 12/SYT-VP\nHà Giang, ngày 05 tháng 3 năm 2024\n"
    "V/v triển khai Quyết định số 45/QĐ-UBND\nKHẨN\nKính gửi:\n- Bệnh viện Đa khoa tỉnh;\n- Trung tâm Y tế huyện.\n"
    "1. Bệnh viện Đa khoa tỉnh chủ trì, phối hợp với Trung tâm Y tế huyện báo cáo trước ngày 30/3/2024.\n"
    "Nơi nhận:\n- Như trên;\n- Văn phòng UBND tỉnh;\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An\n"
)


def _letter() -> Document:
    t = LETTER
    d = _doc(t)
    d.doc_type = "CV"
    d.number = Number("12/SYT-VP", 12, None, "SYT-VP", *_at(t, "12/SYT-VP"))
    s, e = _at(t, "SỞ Y TẾ")
    ps, pe = _at(t, "UBND TỈNH HÀ GIANG")
    d.issuer = Issuer("Sở Y tế", "UBND tỉnh Hà Giang", s, e, ps, pe)
    d.place = TextValue("Hà Giang", *_at(t, "Hà Giang"))
    d.date = DateValue("2024-03-05", *_at(t, "ngày 05 tháng 3 năm 2024"))
    d.subject = TextValue(
        "triển khai Quyết định số 45/QĐ-UBND", *_at(t, "triển khai Quyết định số 45/QĐ-UBND")
    )
    d.urgency = TextValue("Khẩn", *_at(t, "KHẨN"))
    d.recipients = [
        Recipient("Bệnh viện Đa khoa tỉnh", "to", *_at(t, "- Bệnh viện Đa khoa tỉnh;")),
        Recipient("Trung tâm Y tế huyện", "to", *_at(t, "- Trung tâm Y tế huyện.")),
        Recipient("Văn phòng UBND tỉnh", "cc", *_at(t, "Văn phòng UBND tỉnh")),
    ]
    d.signer = Signer(
        "Nguyễn Văn An",
        "PHÓ GIÁM ĐỐC",
        "KT",
        "GIÁM ĐỐC",
        [("KT", "GIÁM ĐỐC")],
        *_at(t, "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An"),
    )
    ts, te = _at(
        t, "Bệnh viện Đa khoa tỉnh chủ trì, phối hợp với Trung tâm Y tế huyện báo cáo trước ngày 30/3/2024."
    )
    d.tasks = [
        Task(
            "1",
            t[ts:te],
            start=ts,
            end=te,
            assignees=[
                Assignee("Bệnh viện Đa khoa tỉnh", "lead", *_at(t, "Bệnh viện Đa khoa tỉnh", 1)),
                Assignee("Trung tâm Y tế huyện", "support", *_at(t, "Trung tâm Y tế huyện", 1)),
            ],
            deadline=Deadline("trước ngày 30/3/2024", "2024-03-30", None, *_at(t, "trước ngày 30/3/2024")),
        )
    ]
    cs, ce = _at(t, "Quyết định số 45/QĐ-UBND")
    d.citations = [
        Citation("Quyết định số 45/QĐ-UBND", "45/QĐ-UBND", "QĐ", start=cs, end=ce, relation="triển khai")
    ]
    d.warnings = ["date <b>odd</b>"]
    return d


def test_every_value_is_highlighted_once_with_its_label() -> None:
    d = _letter()
    marks = _marks(to_html(d))
    expected = [
        ("UBND TỈNH HÀ GIANG", "PARENT"),
        ("SỞ Y TẾ", "ISSUER"),
        ("12/SYT-VP", "NUMBER"),
        ("Hà Giang", "PLACE"),
        ("ngày 05 tháng 3 năm 2024", "DATE"),
        ("Quyết định số 45/QĐ-UBND", "CITE·triển khai"),
        ("KHẨN", "URGENCY"),
        ("Bệnh viện Đa khoa tỉnh", "TO"),  # bullet and ';' trimmed from the span
        ("Trung tâm Y tế huyện", "TO"),
        ("Bệnh viện Đa khoa tỉnh", "LEAD"),
        ("Trung tâm Y tế huyện", "SUPPORT"),
        ("trước ngày 30/3/2024", "DEADLINE"),
        ("Văn phòng UBND tỉnh", "CC"),
        ("Nguyễn Văn An", "SIGNER"),  # the last line of a multi-line value carries the label
    ]
    for value, label in expected:
        assert marks.count((value, label)) == 1, (value, label, marks)
    # the subject keeps the part its citation leaves free
    assert ("triển khai", "SUBJECT") in marks
    assert ("1.", "TASK 1") in marks


WORDS = ["Sở Y tế", "Bộ Tài chính", "Công văn số"]
TEXT3 = " ".join(WORDS)


def _w(i: int, j: int) -> tuple[int, int]:
    """The character span of words i..j-1 of TEXT3."""
    return TEXT3.index(WORDS[i]), TEXT3.index(WORDS[j - 1]) + len(WORDS[j - 1])


@pytest.mark.parametrize(
    "spans, expected, hidden",
    [
        # identical spans merge into one highlight naming both values
        ([("TO", 0, 1), ("LEAD", 0, 1)], [("TO · LEAD", 0, 1)], []),
        # the shorter value wins; the longer keeps the parts left free
        ([("SUBJECT", 0, 3), ("CITE", 1, 2)], [("SUBJECT", 0, 1), ("CITE", 1, 2), ("SUBJECT", 2, 3)], []),
        # a value covered entirely by shorter ones is listed, not drawn
        ([("SIGNER", 0, 2), ("CC", 0, 1), ("CC", 1, 2)], [("CC", 0, 1), ("CC", 1, 2)], ["SIGNER"]),
        # disjoint values are untouched
        ([("NUMBER", 0, 1), ("DATE", 2, 3)], [("NUMBER", 0, 1), ("DATE", 2, 3)], []),
    ],
)
def test_overlaps_resolve_deterministically(
    spans: list[tuple[str, int, int]], expected: list[tuple[str, int, int]], hidden: list[str]
) -> None:
    text = TEXT3
    rec: dict = {"recipients": [], "tasks": [], "citations": [], "spans": {}}
    for kind, i, j in spans:
        s, e = _w(i, j)
        if kind == "TO":
            rec["recipients"].append({"name": "x", "role": "to", "start": s, "end": e})
        elif kind == "CC":
            rec["recipients"].append({"name": "x", "role": "cc", "start": s, "end": e})
        elif kind == "LEAD":
            rec["tasks"].append(
                {"id": "1", "assignees": [{"name": "x", "role": "lead", "start": s, "end": e}]}
            )
        elif kind == "CITE":
            rec["citations"].append({"number": "1/x", "start": s, "end": e})
        elif kind == "SIGNER":
            rec["signer"] = {"name": "x", "start": s, "end": e}
        elif kind == "NUMBER":
            rec["number"] = {"text": "x", "start": s, "end": e}
        else:
            rec["spans"][kind.lower()] = {"start": s, "end": e}
    lay = layout(rec, text)
    _assert_disjoint(lay, text)
    assert [(e.label, e.start, e.end) for e in lay.entities] == [(lab, *_w(i, j)) for lab, i, j in expected]
    assert [h.label for h in lay.hidden] == hidden
    assert layout(rec, text) == lay  # deterministic


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_views(path: Path) -> None:
    d = docintel.parse(path)
    lay = layout(d)
    _assert_disjoint(lay, d.text)
    page = to_html(d)
    marks = _marks(page)
    # every highlight shows exactly doc.text[start:end] (line by line)
    shown = [t for t, _ in marks]
    for e in lay.entities:
        pieces = [p.strip() for p in d.text[e.start : e.end].split("\n") if re.search(r"\w", p)]
        for p in pieces:
            assert p in shown
    # every extracted value with a span is drawn (whole or in parts) or listed as hidden
    drawn = {(k, e.start, e.end) for e in lay.entities + lay.hidden for k in e.kinds}
    for a in (a for t in d.tasks for a in t.assignees if a.start is not None):
        kind = "SUPPORT" if a.role == "support" else "LEAD"
        assert any(k == kind and a.start <= s and e <= a.end for k, s, e in drawn), a
    for r in (r for r in d.recipients if r.start is not None):
        assert any(k == r.role.upper() and r.start <= s and e <= r.end for k, s, e in drawn), r
    for c in d.citations:
        assert any(k == "CITE" and c.start <= s and e <= c.end for k, s, e in drawn), c
    if d.number and d.number.start is not None:
        assert any(k == "NUMBER" for k, _, _ in drawn)
    # every task is marked in the text, and its row in the task table links to the mark
    for t in d.tasks:
        assert f'id="task-{t.id}"' in page and f'href="#task-{t.id}"' in page


def test_escaping() -> None:
    text = 'Số: <script>alert("x")</script>\nV/v <u>bold</u> & "quotes"\n'
    d = _doc(text)
    d.number = Number("<script>", None, None, None, *_at(text, '<script>alert("x")</script>'))
    d.subject = TextValue("<u>bold</u>", *_at(text, '<u>bold</u> & "quotes"'))
    d.recipients = [Recipient('<img src=x onerror="y">', "to")]
    d.citations = [
        Citation(
            "<u>bold</u>",
            "<i>",
            start=d.subject.start or 0,
            end=(d.subject.start or 0) + 11,
            relation='"><script>',
        )
    ]
    d.warnings = ["<script>w</script>"]
    page = to_html(d)
    assert "<script" not in page and "<img" not in page and "<u>" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page or '&lt;script&gt;alert("x")' in page
    assert "&lt;img src=x onerror=&quot;y&quot;&gt;" in page
    assert ("<script>w</script>" not in page) and ("&lt;script&gt;w&lt;/script&gt;" in page)


def test_fragment_and_empty_record() -> None:
    frag = to_html(_letter(), page=False)
    assert frag.startswith('<div class="docintel-view">') and "<html" not in frag
    page = record_to_html({}, "")
    assert page.startswith("<!DOCTYPE html>") and "No tasks found." in page


def test_bad_spans_are_skipped() -> None:
    text = "Sở Y tế"
    rec = {
        "number": {"start": -3, "end": 2},
        "issuer": {"start": 5, "end": 99},
        "signer": {"start": "0", "end": 3},
        "recipients": [{"role": "to", "start": 4, "end": 4}, {"role": "cc", "start": None, "end": 3}],
        "spans": {"date": {"start": 0, "end": 2}},
    }
    lay = layout(rec, text)
    assert [(e.label, e.start, e.end) for e in lay.entities] == [("DATE", 0, 2)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_renders(text: str) -> None:
    d = docintel.parse_text(text)
    page = to_html(d)
    assert isinstance(page, str) and page.startswith("<!DOCTYPE html>")
    _assert_disjoint(layout(d), d.text)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="ab \n<&>Sở", min_size=1, max_size=40),
    st.lists(
        st.tuples(
            st.sampled_from(["to", "cc", "lead", "cite", "date"]), st.integers(-5, 45), st.integers(-5, 45)
        ),
        max_size=12,
    ),
)
def test_any_spans_resolve_without_overlap(text: str, spans: list[tuple[str, int, int]]) -> None:
    rec: dict = {"recipients": [], "tasks": [{"id": "1", "assignees": []}], "citations": [], "spans": {}}
    for kind, s, e in spans:
        if kind in ("to", "cc"):
            rec["recipients"].append({"name": "x", "role": kind, "start": s, "end": e})
        elif kind == "lead":
            rec["tasks"][0]["assignees"].append({"name": "x", "role": "lead", "start": s, "end": e})
        elif kind == "cite":
            rec["citations"].append({"number": "1", "start": s, "end": e, "relation": "căn cứ"})
        else:
            rec["spans"]["date"] = {"start": s, "end": e}
    _assert_disjoint(layout(rec, text), text)
    assert isinstance(record_to_html(rec, text), str)


def test_cli_parse_html(tmp_path: Path) -> None:
    from docintel.cli import app

    runner = CliRunner()
    seed = str(SEEDS[1])
    r = runner.invoke(app, ["parse", seed, "--format", "html"], catch_exceptions=False)
    assert r.exit_code == 0 and r.stdout.startswith("<!DOCTYPE html>") and 'class="entity"' in r.stdout
    r = runner.invoke(
        app,
        ["parse", *map(str, SEEDS[:2]), "--format", "html", "--out", str(tmp_path)],
        catch_exceptions=False,
    )
    assert r.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.stem + ".html" for p in SEEDS[:2])


def test_cli_show_html(tmp_path: Path) -> None:
    """The archive keeps the record and the stored text; the view of a stored document
    highlights the same values as the view of a fresh parse."""
    from docintel.cli import app

    runner = CliRunner()
    db = f"sqlite:///{tmp_path / 'a.db'}"
    seed = SEEDS[1]
    r = runner.invoke(app, ["ingest", str(seed), "--db", db], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["show", seed.name, "--db", db, "--html"], catch_exceptions=False)
    assert r.exit_code == 0 and r.stdout.startswith("<!DOCTYPE html>")
    assert _marks(r.stdout) == _marks(to_html(docintel.parse(seed)))


@pytest.mark.parametrize(
    "line, task_start, expected",
    [
        ("1. Sở Y tế chủ trì thực hiện.", "Sở", "1."),
        ("a) Tổng hợp báo cáo.", "Tổng", "a)"),
        ("Điều 3. Chánh Văn phòng thi hành.", "Chánh", "Điều 3."),
        ("- Tiếp tục quán triệt.", "Tiếp", "-"),
        # no list marker: the first words up to a comma, never half a word
        ("Do đó, để tránh việc trả lại.", "Do", "Do đó"),
        ("Chỉ đạo các cơ quan đơn vị liên quan tăng cường.", "Chỉ", "Chỉ đạo các cơ quan"),
        # a long prefix is a sentence, not a marker
        ("Theo kết luận họp. Sở Y tế báo cáo ngay.", "Sở", "Sở Y tế báo cáo"),
    ],
)
def test_task_marks(line: str, task_start: str, expected: str) -> None:
    text = "Kính gửi: Sở Y tế\n" + line + "\n"
    s = text.index(task_start, len("Kính gửi: Sở Y tế\n"))
    rec = {"tasks": [{"id": "1", "start": s, "end": len(text) - 1}]}
    lay = layout(rec, text)
    assert [(e.label, text[e.start : e.end]) for e in lay.entities] == [("TASK 1", expected)]
