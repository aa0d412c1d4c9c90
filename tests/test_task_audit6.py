"""Task extractor, session-6 audit (helper H11): regressions for what a seeded precision/recall audit of the
population (wild letters, vbpl texts, corpus/dev, text-layer PDFs; seeds 20261230/20261231/20261301) found.

* a body's name never keeps a half "nơi …" clause: "nơi" opens the locative relative clause that says which of
  the bodies is meant ("Ủy ban nhân dân cấp xã nơi người chấp hành … cư trú có nhiệm vụ"); the clause's own verb
  stopped the name scan half-way ("… cấp xã nơi người"), so the name is the noun phrase before "nơi", as for
  "được giao" and "do".
"""

from __future__ import annotations

import pytest
from _task_docs import task_doc as _doc

from docintel._model import Document, Number
from docintel.tasks import extract_tasks


def _run(body: str, **kw: object) -> Document:
    d = _doc(body, **kw)  # type: ignore[arg-type]
    extract_tasks(d)
    return d


def _leads(body: str, **kw: object) -> dict[str, list[str]]:
    return {t.id: [a.name for a in t.assignees if a.role == "lead"] for t in _run(body, **kw).tasks}


_DECREE = dict(doc_type="NĐ", issuer="Chính phủ", number=Number("1/2026/NĐ-CP", 1, 2026, "NĐ-CP"))


@pytest.mark.parametrize(
    ("clause", "name"),
    [
        ("1. Ủy ban nhân dân cấp xã nơi người chấp hành biện pháp xử lý chuyển hướng tại cộng đồng cư trú có "
         "trách nhiệm:\na) Xây dựng kế hoạch thực hiện các biện pháp xử lý chuyển hướng;\nb) Tổ chức sơ kết, tổng "
         "kết việc thực hiện.", "Ủy ban nhân dân cấp xã"),
        ("1. Ủy ban nhân dân cấp tỉnh nơi có nhà máy điện hạt nhân có trách nhiệm:\na) Tổ chức giải phóng mặt "
         "bằng;\nb) Phối hợp bảo đảm an ninh, trật tự trên địa bàn.", "Ủy ban nhân dân cấp tỉnh"),
        # no "nơi": the name as written
        ("1. Ủy ban nhân dân cấp xã có trách nhiệm:\na) Xây dựng kế hoạch thực hiện;\nb) Tổ chức sơ kết.",
         "Ủy ban nhân dân cấp xã"),
    ],
)
def test_audit6_name_ends_before_noi_clause(clause: str, name: str) -> None:
    body = "Điều 5. Trách nhiệm của các cơ quan\n" + clause + "\nĐiều 6. Hiệu lực thi hành\nNghị định này có hiệu lực."
    got = _leads(body, **_DECREE)  # type: ignore[arg-type]
    assert got.get("Điều 5.1") == [name], got
    assert all(n == name for k, v in got.items() if k.startswith("Điều 5.1.") for n in v), got
