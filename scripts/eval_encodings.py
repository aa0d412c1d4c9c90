"""Round-trip robustness of ingest: the same dispatch in every encoding it arrives in.

For every text in ../shared/seeds, ../shared/corpus/dev and a seeded sample of
../shared/corpus/wild, each variant below is written to a temporary file and parsed
through the file path API (``docintel.parse``), so byte-encoding detection runs. Its
``to_contract`` record is compared field by field, spans included, with the parse of
the clean UTF-8 file. The stored text is normalised (NFC, new tone placement, ``\\n``),
so every variant should give the same stored text and the same spans.

Variants: NFD; old tone placement (``hòa`` → ``hoà``, ``Ủy`` → ``Uỷ``, ``khỏe`` → ``khoẻ``);
Windows-1258 bytes (decomposed tone marks, as Word wrote them); TCVN3 (ABC, ``.VnTime``)
bytes; VNI-Windows bytes; UTF-16 LE and BE with a BOM; UTF-8 with a BOM; CRLF line ends;
and mixtures: half the lines (every other line) TCVN3 bytes in a UTF-8 file, and the
same lines pasted as mojibake (TCVN3 / VNI bytes once read as Windows-1252 and saved as
UTF-8).

The legacy encoders are the decoder tables of ``docintel.ingest._legacy`` inverted
(``encode_tcvn3``, ``encode_vni``, ``encode_cp1258``); before anything else this script
checks that every Vietnamese letter, lower and upper case, decodes back to itself through
each of them (TCVN3 upper-case toned letters inside an all-caps word, the ``.VnTimeH``
convention: TCVN3 has no codes of its own for them).

A legacy encoding cannot represent every character: the reference for a legacy variant
is therefore the clean parse of the text with the characters that encoding has no byte
for replaced by ``?`` (counted in the ``proj`` column). TCVN3 also loses the case of an
upper-case toned letter that stands among lower-case letters (``Ủy ban``): such
differences are reported separately as "case only" (a limit of the encoding, not of the
reader).

Example: .venv/bin/python scripts/eval_encodings.py --wild 40 -v
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docintel
from docintel.ingest._legacy import (
    decode_cp1252,
    decode_tcvn3,
    decode_vni,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    old_tone_placement,
)
from docintel.ingest._txt import read_text_bytes

FIELDS = ["text", "number", "doc_type", "date", "issuer", "subject", "recipients", "signer", "tasks", "citations"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter with a mark, lower and upper case (and đ/Đ)."""
    out = []
    for base in "aăâeêioôơuưy":
        for tone in TONES:
            ch = unicodedata.normalize("NFC", base + tone)
            if ch not in "aeiouy":
                out += [ch, ch.upper()]
    return out + ["đ", "Đ"]


def check_encoders() -> list[str]:
    """Each inverted table round-trips every Vietnamese letter; returns the failures."""
    bad = []
    for ch in vietnamese_letters():
        for name, enc, dec, ctx in [
            ("tcvn3", encode_tcvn3, decode_tcvn3, "{}" if ch.islower() or ch in "ĂÂÊÔƠƯĐ" else "X{}Y"),
            ("vni", encode_vni, decode_vni, "{}"),
            ("cp1258", encode_cp1258, lambda b: unicodedata.normalize("NFC", b.decode("cp1258")), "{}"),
        ]:
            s = ctx.format(ch)
            if dec(enc(s)) != s:
                bad.append(f"{name}: {ch!r} → {enc(s)!r} → {dec(enc(s))!r}")
    return bad


# ---------------------------------------------------------------------------
# variants: clean text → (bytes to write, reference text or None when it is the clean text)


def _project(text: str, encode: Callable[..., bytes]) -> str:
    """The text with every character the encoding cannot represent replaced by ``?``."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            encode(ch if not ch.isupper() else "X" + ch + "Y")
            out.append(ch)
        except (ValueError, UnicodeEncodeError):
            out.append("?")
    return "".join(out)


Variant = Callable[[str], tuple[bytes, str | None]]


def _legacy(encode: Callable[..., bytes]) -> Variant:
    def make(text: str) -> tuple[bytes, str | None]:
        ref = _project(text, encode)
        return encode(ref), (ref if ref != unicodedata.normalize("NFC", text) else None)

    return make


def _mixed(kind: str, block: bool = True) -> Variant:
    """Half the lines legacy: raw TCVN3 bytes in a UTF-8 file, or TCVN3/VNI mojibake pasted into
    one. ``block``: the second half of the lines (a body pasted under a Unicode header);
    otherwise every other line (a stress test: a line that reads as Vietnamese both ways,
    ``Sè``/``Số``, has no neighbours to follow)."""
    encode = encode_vni if kind == "vni" else encode_tcvn3

    def make(text: str) -> tuple[bytes, str | None]:
        text = unicodedata.normalize("NFC", text)
        lines = text.split("\n")
        legacy = [(i >= len(lines) // 2) if block else bool(i % 2) for i in range(len(lines))]
        ref = "\n".join(_project(ln, encode) if legacy[i] else ln for i, ln in enumerate(lines))
        out = []
        for i, ln in enumerate(ref.split("\n")):
            if not legacy[i]:
                out.append(ln.encode("utf-8"))
            elif kind == "bytes":
                out.append(encode(ln))
            else:
                out.append(decode_cp1252(encode(ln)).encode("utf-8"))
        return b"\n".join(out), (ref if ref != text else None)

    return make


VARIANTS: dict[str, Variant] = {
    "nfd": lambda t: (unicodedata.normalize("NFD", t).encode("utf-8"), None),
    "old-tone": lambda t: (old_tone_placement(unicodedata.normalize("NFC", t)).encode("utf-8"), None),
    "cp1258": _legacy(encode_cp1258),
    "tcvn3": _legacy(encode_tcvn3),
    "vni": _legacy(encode_vni),
    "utf16le-bom": lambda t: (b"\xff\xfe" + t.encode("utf-16-le"), None),
    "utf16be-bom": lambda t: (b"\xfe\xff" + t.encode("utf-16-be"), None),
    "utf8-bom": lambda t: (b"\xef\xbb\xbf" + t.encode("utf-8"), None),
    "crlf": lambda t: (t.replace("\n", "\r\n").encode("utf-8"), None),
    "mix-tcvn3-bytes": _mixed("bytes"),
    "mix-tcvn3-bytes-alt": _mixed("bytes", block=False),
    "mix-tcvn3-pasted": _mixed("tcvn3"),
    "mix-vni-pasted": _mixed("vni"),
    "mix-tcvn3-pasted-alt": _mixed("tcvn3", block=False),
    "mix-vni-pasted-alt": _mixed("vni", block=False),
}


# ---------------------------------------------------------------------------
# comparison


def _fields(doc: docintel.Document) -> dict[str, Any]:
    c = docintel.to_contract(doc)
    sp = c["spans"]
    return {
        "text": doc.text,
        "number": c["number"],
        "doc_type": (c["doc_type"], c["type_name"], sp["doc_type"]),
        "date": (c["date"], c["place"], sp["date"], sp["place"]),
        "issuer": (c["issuer"], sp["issuer_parent"]),
        "subject": (c["subject"], sp["subject"]),
        "recipients": c["recipients"],
        "signer": c["signer"],
        "tasks": [(t["id"], t["parent"], t["start"], t["end"], t["assignees"], t["deadline"]) for t in c["tasks"]],
        "citations": c["citations"],
    }


def _lower(x: Any) -> Any:
    return json.loads(json.dumps(x, ensure_ascii=False).lower())


def _parse(data: bytes, tmp: Path, name: str) -> tuple[docintel.Document | None, str]:
    p = tmp / name
    p.write_bytes(data)
    try:
        return docintel.parse(p), ""
    except docintel.DocintelError as e:
        return None, str(e)


def _first_diff(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"@{i}: {a[max(0, i - 20):i + 20]!r} vs {b[max(0, i - 20):i + 20]!r}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--wild", type=int, default=40, help="how many wild texts (seeded sample)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--only", nargs="*", help="variants to run (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every disagreement")
    args = ap.parse_args()

    bad = check_encoders()
    n_letters = len(vietnamese_letters())
    print(f"encoders: {n_letters} Vietnamese letters × (TCVN3, VNI, Windows-1258): "
          + ("all round-trip" if not bad else f"{len(bad)} FAIL: " + "; ".join(bad[:10])))

    files = sorted((args.shared / "seeds").glob("*.txt")) + sorted((args.shared / "corpus" / "dev").glob("*.txt"))
    wild = sorted((args.shared / "corpus" / "wild").glob("*.txt"))
    files += sorted(random.Random(args.seed).sample(wild, min(args.wild, len(wild))))
    variants = {k: v for k, v in VARIANTS.items() if not args.only or k in args.only}

    agree: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    case_only: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seconds: dict[str, float] = defaultdict(float)
    projected: dict[str, int] = defaultdict(int)
    failures: dict[str, int] = defaultdict(int)
    encodings: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ref_cache: dict[tuple[str, str], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        for f in files:
            clean = read_text_bytes(f.read_bytes(), name=str(f))[0]
            base_doc, _ = _parse(clean.encode("utf-8"), tmp, "clean.txt")
            assert base_doc is not None, f
            base = _fields(base_doc)
            for vname, make in variants.items():
                data, ref_text = make(clean)
                if ref_text is None:
                    ref = base
                else:
                    projected[vname] += 1
                    key = (str(f), ref_text)
                    if key not in ref_cache:
                        d, _ = _parse(ref_text.encode("utf-8"), tmp, "ref.txt")
                        assert d is not None
                        ref_cache[key] = _fields(d)
                    ref = ref_cache[key]
                t0 = time.perf_counter()
                doc, err = _parse(data, tmp, f"{vname}.txt")
                seconds[vname] += time.perf_counter() - t0
                if doc is None:
                    failures[vname] += 1
                    if args.verbose:
                        print(f"  {vname:20} {f.name}: ERROR {err}")
                    continue
                encodings[vname][doc.source.encoding or "?"] += 1
                got = _fields(doc)
                for fld in FIELDS:
                    if got[fld] == ref[fld]:
                        agree[vname][fld] += 1
                    elif _lower(got[fld]) == _lower(ref[fld]):
                        case_only[vname][fld] += 1
                    elif args.verbose:
                        detail = _first_diff(got[fld], ref[fld]) if fld == "text" else f"{str(got[fld])[:160]} vs {str(ref[fld])[:160]}"
                        print(f"  {vname:20} {f.name} {fld}: {detail}")

    n = len(files)
    print(f"\n{n} texts ({len(files) - min(args.wild, len(wild))} seeds+dev, {min(args.wild, len(wild))} wild, seed {args.seed}); "
          "agreement with the clean UTF-8 parse (spans included)")
    head = f"{'variant':20} " + " ".join(f"{c[:9]:>9}" for c in FIELDS) + f" {'errors':>6} {'proj':>4} {'sec':>6}"
    print(head)
    print("-" * len(head))
    for vname in variants:
        cells = " ".join(f"{agree[vname][c] / n:9.3f}" for c in FIELDS)
        print(f"{vname:20} {cells} {failures[vname]:6d} {projected[vname]:4d} {seconds[vname]:6.1f}")
    co = {v: dict(d) for v, d in case_only.items() if d}
    if co:
        print("\ncase-only differences (documents; the encoding cannot tell the case):")
        for vname, counts in co.items():
            print(f"  {vname:20} " + ", ".join(f"{k} {c}" for k, c in counts.items()))
    print("\ndetected encodings:")
    for vname in variants:
        print(f"  {vname:20} " + ", ".join(f"{e} {c}" for e, c in sorted(encodings[vname].items())))


if __name__ == "__main__":
    main()
