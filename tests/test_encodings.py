"""Encodings round trip (issue 2): one dispatch, every byte form it arrives in, one parse.

The stored text is normalised, so NFD, old tone placement, Windows-1258, TCVN3, VNI,
UTF-16/UTF-8 with a BOM, CRLF and mixed files must all give the same ``to_contract``
record as the clean UTF-8 file, spans included. scripts/eval_encodings.py measures the
same over the shared corpus.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docintel import InputError, parse, to_contract
from docintel.ingest._legacy import (
    TCVN3,
    VIETNAMESE_LETTERS,
    decode_cp1252,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    old_tone_placement,
)
from docintel.ingest._txt import read_text_bytes

DISPATCH = (
    "UỶ BAN NHÂN DÂN\nTỈNH BẮC KẠN\nSỞ Y TẾ\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 125/SYT-NVY\nBắc Kạn, ngày 02 tháng 6 năm 2021\n"
    "V/v tăng cường bảo vệ sức khoẻ người dân vùng thuỷ lợi\n"
    "Kính gửi: Trung tâm Y tế các huyện, thành phố.\n"
    "Căn cứ Quyết định số 1234/QĐ-UBND ngày 05/5/2021 của Uỷ ban nhân dân tỉnh;\n"
    "Sở Y tế đề nghị các đơn vị thực hiện các nội dung sau:\n"
    "1. Trung tâm Y tế các huyện khẩn trương rà soát, báo cáo kết quả trước ngày 15/6/2021.\n"
    "2. Phòng Nghiệp vụ Y tổng hợp, báo cáo Giám đốc Sở trước ngày 20/6/2021.\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, NVY.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn Thường\n"
)

CLEAN = DISPATCH.encode("utf-8")


def _contract(tmp_path: Path, data: bytes, name: str = "x.txt") -> dict[str, Any]:
    p = tmp_path / name
    p.write_bytes(data)
    doc = parse(p)
    out = to_contract(doc)
    out["source"] = None
    out["warnings"] = None
    out["text"] = doc.text
    return out


def _mixed_lines(text: str) -> list[tuple[bool, str]]:
    """(legacy?, line): the second half of the lines is a legacy body pasted under a Unicode header."""
    lines = text.split("\n")
    return [(i >= len(lines) // 2, ln) for i, ln in enumerate(lines)]


def _mix_bytes(text: str) -> bytes:
    return b"\n".join(encode_tcvn3(ln) if f else ln.encode("utf-8") for f, ln in _mixed_lines(text))


def _mix_pasted(text: str, encode: Any) -> bytes:
    return "\n".join(decode_cp1252(encode(ln)) if f else ln for f, ln in _mixed_lines(text)).encode("utf-8")


# ---------------------------------------------------------------------------
# every variant gives the clean parse, spans included

@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("nfd", unicodedata.normalize("NFD", DISPATCH).encode("utf-8")),
        ("old tone placement", old_tone_placement(DISPATCH).encode("utf-8")),
        ("windows-1258 decomposed", encode_cp1258(DISPATCH)),
        ("vni", encode_vni(DISPATCH)),
        ("utf-16 le bom", b"\xff\xfe" + DISPATCH.encode("utf-16-le")),
        ("utf-16 be bom", b"\xfe\xff" + DISPATCH.encode("utf-16-be")),
        ("utf-8 bom", b"\xef\xbb\xbf" + CLEAN),
        ("crlf", DISPATCH.replace("\n", "\r\n").encode("utf-8")),
        ("crlf + utf-8 bom", b"\xef\xbb\xbf" + DISPATCH.replace("\n", "\r\n").encode("utf-8")),
        ("utf-16 le bom + crlf", b"\xff\xfe" + DISPATCH.replace("\n", "\r\n").encode("utf-16-le")),
        ("mixed: raw tcvn3 body in utf-8", _mix_bytes(DISPATCH)),
        ("mixed: tcvn3 body pasted as mojibake", _mix_pasted(DISPATCH, encode_tcvn3)),
        ("mixed: vni body pasted as mojibake", _mix_pasted(DISPATCH, encode_vni)),
    ],
)
def test_issue2_every_variant_parses_like_clean_utf8(tmp_path: Path, label: str, data: bytes) -> None:
    assert _contract(tmp_path, data) == _contract(tmp_path, CLEAN, "clean.txt")


def test_issue2_tcvn3_file_parses_like_clean_utf8_up_to_case(tmp_path: Path) -> None:
    # TCVN3 has no codes for upper-case toned letters: 'Uỷ ban' inside a sentence comes back 'uỷ ban'
    got, want = _contract(tmp_path, encode_tcvn3(DISPATCH)), _contract(tmp_path, CLEAN, "clean.txt")
    assert got["text"].lower() == want["text"].lower()
    for field in ("number", "date", "doc_type", "tasks", "spans"):
        assert got[field] == want[field]
    assert got["issuer"]["name"] == want["issuer"]["name"]  # the all-caps header keeps its case (.VnTimeH)


# ---------------------------------------------------------------------------
# tone placement and case, through the whole ingest path


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("thuỷ lợi", "thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("Hoà Bình", "Hòa Bình"),
        ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
        ("Uỷ ban", "Ủy ban"),
        ("hoà nhập", "hòa nhập"),
        ("quý", "quý"),
        ("hoàng", "hoàng"),
        ("ngoài", "ngoài"),
        ("khuỳnh", "khuỳnh"),
    ],
)
def test_issue2_old_tone_placement_in_every_encoding(tmp_path: Path, raw: str, stored: str) -> None:
    text = f"Số: 12/UBND-VP\n{raw}\n"
    for data in (text.encode("utf-8"), unicodedata.normalize("NFD", text).encode("utf-8"), encode_cp1258(text), encode_vni(text)):
        (tmp_path / "t.txt").write_bytes(data)
        assert parse(tmp_path / "t.txt").text.splitlines()[1] == stored


@pytest.mark.parametrize(("new", "old"), [("hòa", "hoà"), ("Ủy", "Uỷ"), ("ỦY", "UỶ"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"),
                                          ("quý", "quý"), ("hoàng", "hoàng"), ("Thụy.", "Thuỵ.")])
def test_old_tone_placement_helper(new: str, old: str) -> None:
    assert old_tone_placement(new) == old


def test_issue2_crlf_spans_are_those_of_the_stored_text(tmp_path: Path) -> None:
    got = _contract(tmp_path, DISPATCH.replace("\n", "\r\n").encode("utf-8"))
    number = got["number"]
    assert got["text"][number["start"]:number["end"]] == "125/SYT-NVY"
    assert "\r" not in got["text"]


# ---------------------------------------------------------------------------
# mixed files


@pytest.mark.parametrize(
    ("data", "lines", "encoding"),
    [
        # raw TCVN3 bytes under a UTF-8 header: each line decoded on its own
        ("Cộng hòa xã hội\n".encode() + encode_tcvn3("Độc lập - Tự do - Hạnh phúc\nSở Y tế tỉnh Bắc Kạn\n"),
         ["Cộng hòa xã hội", "Độc lập - Tự do - Hạnh phúc", "Sở Y tế tỉnh Bắc Kạn"], "utf-8+tcvn3"),
        ("Cộng hòa xã hội\n".encode() + encode_cp1258("Độc lập - Tự do - Hạnh phúc\nSở Y tế tỉnh Bắc Kạn\n"),
         ["Cộng hòa xã hội", "Độc lập - Tự do - Hạnh phúc", "Sở Y tế tỉnh Bắc Kạn"], "utf-8+cp1258"),
        # a genuine Unicode line of Latin-1 letters only ("Phòng", "công ty") above a pasted block stays
        (("Công ty TNHH Phòng Khám\n- Phòng TTKT1;\n"
          "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nSè: 12\n").encode(),
         ["Công ty TNHH Phòng Khám", "- Phòng TTKT1;", "Cộng hoà xã hội chủ nghĩa Việt Nam",
          "Độc lập - Tự do - Hạnh phúc", "Số: 12"], "utf-8+tcvn3"),
        # OCR noise in genuine text ('thué') is no TCVN3 'thuộ' because the file has a pasted block
        (("Sở Y tế tỉnh\ntinh thué A\nnhượng chuyên\n"
          "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\n").encode(),
         ["Sở Y tế tỉnh", "tinh thué A", "nhượng chuyên", "Cộng hoà xã hội chủ nghĩa Việt Nam",
          "Độc lập - Tự do - Hạnh phúc"], "utf-8+tcvn3"),
        # 'Ông' is no VNI 'Ơng' (VNI reads Ô as Ơ)
        ("Ông/Bà (Mr/Ms):\nNguyễn Văn A\nCoäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc\n".encode(),
         ["Ông/Bà (Mr/Ms):", "Nguyễn Văn A", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc"],
         "utf-8+vni"),
    ],
)
def test_issue2_mixed_files_decode_line_by_line(data: bytes, lines: list[str], encoding: str) -> None:
    text, enc, warnings = read_text_bytes(data, name="x.txt")
    assert unicodedata.normalize("NFC", text).splitlines()[: len(lines)] == lines
    assert enc == encoding
    assert warnings


def test_issue2_pasted_block_short_lines_follow_the_block() -> None:
    # 'Sè: 12' reads as Vietnamese both ways (sè / số): inside a pasted block it is the block's
    data = "Sở Y tế\n§éc lËp - Tù do - H¹nh phóc\nSè: 12\nCéng hoµ x· héi chñ nghÜa ViÖt Nam\n".encode()
    assert read_text_bytes(data, name="x.txt")[0].splitlines()[2] == "Số: 12"


def test_issue2_utf8_file_with_one_stray_byte_keeps_its_utf8_lines() -> None:
    data = "Cộng hòa xã hội chủ nghĩa Việt Nam\nSố: 12/UBND\n".encode() + b"Gi\xe1 tr\xeb\n"
    text, enc, _ = read_text_bytes(data, name="x.txt")
    assert text.splitlines()[:2] == ["Cộng hòa xã hội chủ nghĩa Việt Nam", "Số: 12/UBND"]
    assert enc.startswith("utf-8+")


# ---------------------------------------------------------------------------
# the encoders are the decoder tables inverted


def _letters() -> list[str]:
    return sorted(VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter", _letters())
def test_encoders_invert_decoders_for_every_letter(letter: str) -> None:
    assert decode_vni(encode_vni(letter)) == letter
    assert unicodedata.normalize("NFC", encode_cp1258(letter).decode("cp1258")) == letter
    if letter.islower() or letter in "ĂÂÊÔƠƯĐ":
        assert decode_tcvn3(encode_tcvn3(letter)) == letter
    else:  # .VnTimeH: an upper-case toned letter is upper case inside an all-caps word
        assert decode_tcvn3(encode_tcvn3(f"X{letter}Y")) == f"X{letter}Y"


@pytest.mark.parametrize(("encode", "char"), [(encode_tcvn3, "«"), (encode_tcvn3, "µ"), (encode_tcvn3, "→"),
                                              (encode_vni, "ö"), (encode_vni, "ø"), (encode_vni, "→")])
def test_encoders_refuse_characters_the_encoding_reads_as_letters(encode: Any, char: str) -> None:
    with pytest.raises(ValueError):
        encode(f"a {char} b")
    assert encode(f"a {char} b", errors="replace") == b"a ? b"


def test_tcvn3_table_is_one_byte_per_letter() -> None:
    assert len(set(TCVN3.values())) == len(TCVN3)
    assert all(0xA1 <= b <= 0xFE for b in TCVN3)


# ---------------------------------------------------------------------------
# hypothesis: Vietnamese text survives every legacy encoding; no bytes crash the reader

SYLLABLES = (
    "của các và được những trong với một này không người năm thực hiện theo quyết định "
    "đồng chí tỉnh huyện báo cáo trước ngày tháng nghiên cứu ủy ban nhân dân sở y tế "
    "hướng dẫn thuế giá trị gia tăng kế hoạch triển khai phối hợp đảm bảo chỉ đạo "
    "khẩn trương tổng hợp xử lý vướng mắc kiểm tra giám sát nghĩa vụ quyền lợi hòa bình"
).split()
_words = st.lists(st.sampled_from(SYLLABLES), min_size=6, max_size=30)
_text = st.lists(_words.map(" ".join), min_size=1, max_size=5).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(_text, st.sampled_from(["tcvn3", "vni", "cp1258"]))
def test_issue2_vietnamese_text_round_trips_through_legacy_bytes(text: str, encoding: str) -> None:
    data = {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}[encoding](text)
    got, enc, _ = read_text_bytes(data, name="x.txt")
    assert enc == encoding
    assert unicodedata.normalize("NFC", got) == text


@settings(max_examples=60, deadline=None)
@given(_text, _text)
def test_issue2_mixed_bytes_round_trip(head: str, body: str) -> None:
    data = head.encode("utf-8") + b"\n" + encode_tcvn3(body)
    got, enc, _ = read_text_bytes(data, name="x.txt")
    assert got == head + "\n" + body
    assert enc == "utf-8+tcvn3"


_any_text = st.text(st.characters(codec="utf-8"), max_size=200)


@settings(max_examples=80, deadline=None)
@given(_any_text, st.sampled_from(["tcvn3", "vni", "cp1258"]))
def test_arbitrary_text_decodes_back_where_representable(text: str, encoding: str) -> None:
    encode = {"tcvn3": encode_tcvn3, "vni": encode_vni, "cp1258": encode_cp1258}[encoding]
    decode = {"tcvn3": decode_tcvn3, "vni": decode_vni,
              "cp1258": lambda b: unicodedata.normalize("NFC", b.decode("cp1258"))}[encoding]
    data = encode(text, errors="replace")
    got = decode(data)  # never crashes
    assert len(got) <= len(data)
    if encoding == "cp1258":
        try:
            exact = encode(text)
        except UnicodeEncodeError:
            return
        assert decode(exact) == unicodedata.normalize("NFC", text)
    elif encoding == "vni" or not any(c.isupper() for c in text):
        lowered = unicodedata.normalize("NFC", text)
        try:
            encode(lowered)
        except ValueError:
            return
        if encoding == "tcvn3" or _vni_safe(lowered):
            assert decode(encode(lowered)) == lowered


def _vni_safe(text: str) -> bool:
    """VNI is ambiguous where a base letter meets a modifier byte typed as a letter of its own."""
    return all(ord(c) < 0x80 or c in VIETNAMESE_LETTERS or not c.isalpha() for c in text)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_reader_never_crashes_on_bytes(data: bytes) -> None:
    try:
        text, enc, warnings = read_text_bytes(data, name="x.txt")
    except InputError:
        return
    assert isinstance(text, str) and enc
