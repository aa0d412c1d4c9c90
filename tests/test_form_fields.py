"""A number and day the e-signing system drew over the header's blanks (form widgets)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_pdf_overlays import _annot, _pdf, _stream

from docintel import parse_bytes
from docintel.ingest._pdf import extract_pages, form_fields

HEADER = (
    b"BT /F1 12 Tf 72 780 Td (UY BAN NHAN DAN) Tj ET "
    b"BT /F1 12 Tf 300 780 Td (CONG HOA XA HOI CHU NGHIA VIET NAM) Tj ET "
    b"BT /F1 12 Tf 72 750 Td (So:) Tj ET BT /F1 12 Tf 130 750 Td (/QD-UBND) Tj ET "
    b"BT /F1 12 Tf 300 750 Td (Ha Noi, ngay) Tj ET BT /F1 12 Tf 400 750 Td (thang) Tj ET "
    b"BT /F1 12 Tf 460 750 Td (nam 2026) Tj ET "
    b"BT /F1 12 Tf 250 700 Td (QUYET DINH) Tj ET BT /F1 12 Tf 200 684 Td (Ve viec phe duyet ke hoach) Tj ET "
    b"BT /F1 12 Tf 72 650 Td (Dieu 1. Phe duyet ke hoach kem theo Quyet dinh nay.) Tj ET"
)


def _widget_value(value: str) -> bytes:
    ops = b"BT /F1 12 Tf 2 4 Td (" + value.encode() + b") Tj ET"
    return _stream(b"/Type /XObject /Subtype /Form /BBox [0 0 30 16] /Resources << /Font << /F1 4 0 R >> >>", ops)


def _signed_copy(values: dict[str, bytes]) -> bytes:
    """Widgets over the blanks: x of the number slot 100, day 378, month 437 (baseline 750)."""
    rects = {"number": b"100 746 128 762", "day": b"378 746 396 762", "month": b"437 746 455 762"}
    slots = [k for k in ("number", "day", "month") if k in values]
    annots = [_annot(b"Widget", rects[k], 6 + len(slots) + i) for i, k in enumerate(slots)]
    return _pdf(annots, [_widget_value(values[k].decode()) for k in slots], body=HEADER)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"number": b"2280", "day": b"29", "month": b"4"}, {"number": "2280", "day": "29", "month": "4"}),
        ({"number": b"2280"}, {"number": "2280"}),
        ({"number": b"22A"}, {}),  # not digits: no slot value
    ],
)
def test_form_fields_fill_the_header_slots(values: dict[str, bytes], expected: dict[str, str]) -> None:
    page = extract_pages(_signed_copy(values), name="t.pdf")[0]
    assert form_fields(page) == expected


def test_filled_number_and_date_sit_beside_the_printed_ones() -> None:
    doc = parse_bytes(_signed_copy({"number": b"2280", "day": b"29", "month": b"4"}), name="t.pdf")
    assert doc.number is not None and doc.number.text == "/QD-UBND" and doc.number.seq is None  # as printed
    assert doc.date is not None and doc.date.iso == "2026"
    ff = doc.extras["form_fields"]
    assert ff["number_filled"]["text"] == "2280/QD-UBND" and ff["number_filled"]["seq"] == 2280
    assert ff["date_filled"] == "2026-04-29"


def test_no_widgets_no_form_fields() -> None:
    doc = parse_bytes(_pdf([], body=HEADER), name="t.pdf")
    assert "form_fields" not in doc.extras


def test_real_signed_copy_hanoi_qd_2280() -> None:
    from conftest import shared_path

    path = shared_path("corpus", "pdf", "hanoi-qd-2280.pdf")
    doc = parse_bytes(Path(path).read_bytes(), name=path.name)
    assert doc.number is not None and doc.number.text == "/QĐ-UBND"  # the contract's value, as printed
    ff = doc.extras["form_fields"]
    assert ff["number_filled"]["text"] == "2280/QĐ-UBND" and ff["date_filled"] == "2026-04-29"


def test_a_citation_links_to_the_filled_number(tmp_path: Path) -> None:
    from docintel import store as store_mod

    s = store_mod.open_store(f"sqlite:///{tmp_path / 'a.db'}")
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(_signed_copy({"number": b"2280", "day": b"29", "month": b"4"}))
    citing = tmp_path / "citing.txt"
    citing.write_text(
        "ỦY BAN NHÂN DÂN\nSố: 15/KH-UBND\nHà Nội, ngày 5 tháng 5 năm 2026\nKẾ HOẠCH\nThực hiện kế hoạch\n"
        "Thực hiện Quyết định số 2280/QD-UBND ngày 29/4/2026 của UBND về kế hoạch, các đơn vị triển khai.\n",
        encoding="utf-8",
    )
    store_mod.ingest(s, [str(signed), str(citing)])
    ids = {Path(n.path).name: n.id for n in s.document_nodes()}
    edges = {e.number: e for e in s.citation_edges() if e.source_id == ids["citing.txt"]}
    assert edges["2280/QD-UBND"].target_id == ids["signed.pdf"]
