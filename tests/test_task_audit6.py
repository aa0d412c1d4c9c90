"""Task extractor, session-6 audit (helper H11): regressions for what a seeded precision/recall audit of the
population (wild letters, vbpl texts, corpus/dev, text-layer PDFs; seeds 20261230/20261231/20261301) found.

* a body's name never keeps a half "nơi …" clause: "nơi" opens the locative relative clause that says which of
  the bodies is meant ("Ủy ban nhân dân cấp xã nơi người chấp hành … cư trú có nhiệm vụ"); the clause's own verb
  stopped the name scan half-way ("… cấp xã nơi người"), so the name is the noun phrase before "nơi", as for
  "được giao" and "do".
"""

from __future__ import annotations

import pytest
from _task_docs import task_leads as _leads

from docintel._model import Number

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


_TT = dict(doc_type="TT", issuer="Bộ Khoa học và Công nghệ", number=Number("28/2026/TT-BKHCN", 28, 2026, "TT-BKHCN"))


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        # an article whose only paragraph is a duty under a condition
        ("Điều 3. Điều khoản chuyển tiếp\nTrường hợp cung cấp Dịch vụ truy nhập Internet 5G, doanh nghiệp viễn thông "
         "có trách nhiệm hoàn thành thủ tục công bố chất lượng dịch vụ trong thời hạn 60 ngày.",
         {"Điều 3": ["doanh nghiệp viễn thông"]}),
        # a clause: the subject after "thì", not the body the condition mentions
        ("Điều 3. Bàn giao\n1. Nhà thầu bàn giao công trình cho chủ đầu tư.\n2. Trường hợp Sở Xây dựng chưa nghiệm "
         "thu công trình thì chủ đầu tư có trách nhiệm tạm thời quản lý, vận hành công trình.",
         {"Điều 3": ["chủ đầu tư"], "Điều 3.2": ["chủ đầu tư"]}),
        # after a time phrase, the name that runs up to the formula ("Bộ Công an" whole)
        ("Điều 3. Thẩm định\n1. Sau khi hoàn thành thẩm định, trong thời hạn 05 ngày làm việc Bộ Khoa học và Công "
         "nghệ có trách nhiệm trình Thủ tướng Chính phủ hồ sơ.", {"Điều 3": ["Bộ Khoa học và Công nghệ"],
                                                           "Điều 3.1": ["Bộ Khoa học và Công nghệ"]}),
        # a name after "thuộc" is the parent, not the subject: nothing rather than a guess
        ("Điều 3. Xuất ngũ\n1. Sau khi chiến sĩ xuất ngũ, các đơn vị nhận quân thuộc Bộ Công an có trách nhiệm "
         "cung cấp hồ sơ.", {}),
    ],
)
def test_audit6_conditional_duty_in_normative_text(article: str, expected: dict[str, list[str]]) -> None:
    body = article + "\nĐiều 4. Hiệu lực thi hành\nThông tư này có hiệu lực."
    assert _leads(body, **_TT) == expected  # type: ignore[arg-type]


def test_audit6_conditional_duty_not_in_letter() -> None:
    # a letter that restates a firm's duty under a condition sets it no task (the convention for letters)
    body = ("Kính gửi: Công ty TNHH A.\n\nTrường hợp Công ty có thuê máy móc của cá nhân nước ngoài, Công ty có "
            "trách nhiệm kê khai, nộp thay thuế cho cá nhân nước ngoài.")
    assert _leads(body, doc_type="CV", issuer="Cục Thuế tỉnh Bắc Ninh") == {}


def test_audit6_conditional_duty_lead_in_hands_out_nothing() -> None:
    # a conditional duty whose report lists its contents: the contents are no tasks of their own
    body = ("Điều 3. Vận hành thử\n1. Nhà thầu chuẩn bị thiết bị.\n2. Sau khi hoàn thành giai đoạn vận hành thử, chủ "
            "đầu tư có trách nhiệm lập báo cáo kết quả vận hành thử, bao gồm những nội dung sau đây:\na) Phần giới "
            "thiệu;\nb) Kết luận.\nĐiều 4. Hiệu lực thi hành\nThông tư này có hiệu lực.")
    got = _leads(body, **_TT)  # type: ignore[arg-type]
    assert got.get("Điều 3.2") == ["chủ đầu tư"], got
    assert not any(k.startswith("Điều 3.2.") for k in got), got


def test_audit6_conditional_duty_wrapped_lines() -> None:
    # a PDF text layer wraps the sentence: a line break inside it is no sentence start
    body = ("Điều 3. Điều khoản chuyển tiếp\nTrường hợp cung cấp Dịch vụ truy nhập Internet trên mạng viễn thông di\n"
            "động mặt đất 5G, doanh nghiệp viễn thông có trách nhiệm hoàn thành thủ tục công\nbố chất lượng dịch vụ "
            "trong thời hạn 60 ngày.\nĐiều 4. Hiệu lực thi hành\nThông tư này có hiệu lực.")
    assert _leads(body, **_TT) == {"Điều 3": ["doanh nghiệp viễn thông"]}  # type: ignore[arg-type]


def test_audit6_plural_and_plain_name_are_one_body() -> None:
    # "các thành viên Hội đồng" in one clause, "thành viên Hội đồng" in another: one body, one name
    body = ("Điều 3. Tổ chức lấy ý kiến\n1. Thành viên Hội đồng có trách nhiệm tham dự đầy đủ các phiên họp.\n2. Khi "
            "được yêu cầu tham gia ý kiến bằng văn bản, các thành viên Hội đồng có trách nhiệm gửi ý kiến về Cơ quan "
            "thường trực.\nĐiều 4. Hiệu lực thi hành\nThông tư này có hiệu lực.")
    got = _leads(body, **_TT)  # type: ignore[arg-type]
    assert got.get("Điều 3.1") == ["Thành viên Hội đồng"] and got.get("Điều 3.2") == ["Thành viên Hội đồng"], got
