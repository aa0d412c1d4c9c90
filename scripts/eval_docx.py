"""How well docintel reads Word files laid out the ways real dispatches are (issue 2).

For every gold-scored text (``../shared/seeds`` and ``../shared/corpus/dev``) this
builds ``.docx`` renderings in several Decree 30/2020 layouts, parses each with the
file API and scores the predictions with ``../shared/eval/score.py`` against the
gold, next to the ``.txt`` parse of the same text:

  A  header and footer as borderless two-column tables, typed list markers
  B  as A, with Word's automatic numbering (numbering.xml: upperRoman, decimal,
     lowerLetter, '-' and '+' bullet levels, startOverride for restarted lists)
  C  no tables: header lines side by side with tabs, the signing block as
     right-indented paragraphs above the Nơi nhận list
  D  soft line breaks (Shift+Enter) inside the header cells, the Nơi nhận list in
     one cell, the signing block in one paragraph; page-number fields in the page
     footer; the motto in a nested table
  E  as A, with the body's numbered items in a "STT | Nội dung | Đơn vị chủ trì |
     Thời hạn" table
  F  text boxes: the header columns in floating text boxes, a tracked insertion
     and a tracked deletion in the body, a simple field, a hyperlink

Where the header, body and footer lie is found with docintel's own segmentation
of the clean text (``parse_text`` → ``doc.segments``): only to *build* the files.

Usage: .venv/bin/python scripts/eval_docx.py [--out DIR] [--layouts ABCDEF] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docintel  # noqa: E402
from docintel._model import Document, Line  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = [("seeds", SHARED / "seeds", SHARED / "gold/seeds"), ("dev", SHARED / "corpus/dev", SHARED / "gold/dev")]
FIELDS = ["header", "recipients", "tasks", "citations", "overall"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# list markers a typist writes; Word's auto-numbering replaces them
_ROMAN = re.compile(r"^([IVX]{1,5})[.)]\s+(?=\S)")
_DECIMAL = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
_LETTER = re.compile(r"^([a-z])\)\s+(?=\S)")
_DASH = re.compile(r"^[-–•]\s*(?=\S)")
_PLUS = re.compile(r"^\+\s*(?=\S)")
_STARTS_PARA = re.compile(
    r"^(?:[IVX]{1,5}[.)]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[-–•+*]\s*\S|Điều\s+\d|Chương\s|Mục\s|Căn cứ|Theo đề nghị)"
)


# ---------------------------------------------------------------------------
# the parts of a dispatch, from docintel's segmentation of the clean text


@dataclass
class Parts:
    left: list[str] = field(default_factory=list)  # issuer parent, issuer, Số, V/v (and urgency)
    right: list[str] = field(default_factory=list)  # motto, place-date
    middle: list[list[str]] = field(default_factory=list)  # paragraphs between header and footer, each a list of lines
    centred: set[int] = field(default_factory=set)  # indexes into middle: title lines
    noi_nhan: list[str] = field(default_factory=list)  # "Nơi nhận:" and its items
    signature: list[str] = field(default_factory=list)
    tail: list[list[str]] = field(default_factory=list)  # what follows the footer (appendix)


def _lines(doc: Document, a: int, b: int) -> list[Line]:
    out, pos = [], a
    for raw in doc.text[a:b].split("\n"):
        out.append(Line(raw.strip(), pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def _paragraphs(lines: Iterable[Line], keep: Callable[[Line], bool]) -> list[list[str]]:
    """Lines joined into the paragraphs a typist would have typed: a blank line, a list marker
    or a line ending in sentence punctuation ends a paragraph; ``keep`` lines stand alone."""
    paras: list[list[str]] = []
    cur: list[str] = []
    pending_blank = False
    for ln in lines:
        if not ln.text:
            pending_blank = True
            continue
        if pending_blank and cur and not (len(cur[-1]) >= 60 and not _STARTS_PARA.match(ln.text)):
            paras.append(cur)  # a blank line ends a paragraph, unless it only splits a wrapped line
            cur = []
        pending_blank = False
        if keep(ln):
            if cur:
                paras.append(cur)
                cur = []
            paras.append([ln.text])
            continue
        if cur and _STARTS_PARA.match(ln.text):
            paras.append(cur)
            cur = []
        cur.append(ln.text)
        if re.search(r"[.;:!?]$|\./\.$", ln.text):
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


def parts_of(doc: Document) -> Parts:
    p = Parts()
    s = doc.segments
    if s is None:
        p.middle = _paragraphs(_lines(doc, 0, len(doc.text)), lambda ln: False)
        return p
    p.left = [ln.text for ln in s.header_left if ln.text.strip()]
    p.right = [ln.text for ln in s.header_right if ln.text.strip()]
    header_end = max((ln.end for ln in [*s.header_left, *s.header_right]), default=0)
    for extra in (s.security, s.urgency):
        if extra is not None and extra.start < header_end and extra.text not in p.left:
            p.left.append(extra.text)
    foot = [b for b in (s.noi_nhan, s.signature) if b is not None]
    foot_start = min((b.start for b in foot), default=len(doc.text))
    foot_end = max((b.end for b in foot), default=len(doc.text))
    standalone = [b for b in (s.title, s.kinh_gui) if b is not None]
    singles = [ln for ln in (s.urgency, s.security) if ln is not None]

    def keep(ln: Line) -> bool:
        return any(b.start <= ln.start < b.end for b in standalone) or any(x.start <= ln.start < x.end for x in singles)

    mid_lines = _lines(doc, header_end, foot_start)
    p.middle = _paragraphs(mid_lines, keep)
    if s.title is not None:
        title_lines = {ln.text for ln in _lines(doc, s.title.start, s.title.end) if ln.text}
        p.centred = {i for i, para in enumerate(p.middle) if len(para) == 1 and para[0] in title_lines}
    if s.noi_nhan is not None:
        first = doc.text[s.noi_nhan.start : s.noi_nhan.end].split("\n", 1)[0]
        head = re.match(r"\W*N\S*i\s+nh\S*n\W*", first)
        p.noi_nhan = ["Nơi nhận:" if head is None else head.group(0).strip()]
        p.noi_nhan += [ln.text for ln in s.noi_nhan.lines if ln.text.strip()]
    if s.signature is not None:
        p.signature = [ln.text for ln in s.signature.lines if ln.text.strip()]
    if foot:
        p.tail = _paragraphs(_lines(doc, foot_end, len(doc.text)), lambda ln: False)
    return p


# ---------------------------------------------------------------------------
# writing Word files


def _new_document() -> Any:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(13)
    return d


def _borderless(table: Any) -> None:
    table.style = None  # python-docx's default table has no borders unless styled


def _fill(cell: Any, lines: list[str], *, soft: bool = False, italic_items: bool = False) -> None:
    from docx.shared import Pt

    if soft:
        para = cell.paragraphs[0]
        for i, ln in enumerate(lines):
            run = para.add_run(ln)
            if italic_items and i:
                run.italic = True
                run.font.size = Pt(11)
            if i < len(lines) - 1:
                run.add_break()
        return
    first = True
    for ln in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = para.add_run(ln)
        if italic_items and ln.startswith(("-", "~", "+")):
            run.italic = True
            run.font.size = Pt(11)


def _signature_lines(sig: list[str]) -> list[str]:
    """The signing block with the blank lines left for the signature before the name."""
    if len(sig) < 2:
        return sig
    return [*sig[:-1], "", "", "", sig[-1]]


def _header_table(d: Any, p: Parts, *, soft: bool = False, nested_motto: bool = False) -> None:
    if not (p.left or p.right):
        return
    t = d.add_table(rows=1, cols=2)
    _borderless(t)
    _fill(t.cell(0, 0), p.left, soft=soft)
    right = p.right
    if nested_motto:
        motto = [ln for ln in right if re.search(r"(?i)CỘNG HÒA|Độc lập|CONG HOA", ln)]
        rest = [ln for ln in right if ln not in motto]
        cell = t.cell(0, 1)
        inner = cell.add_table(rows=1, cols=1)
        _fill(inner.cell(0, 0), motto, soft=soft)
        cell.add_paragraph("\n".join(rest) if soft else (rest[0] if rest else ""))
        for ln in rest[1:] if not soft else []:
            cell.add_paragraph(ln)
    else:
        _fill(t.cell(0, 1), right, soft=soft)


def _footer_table(d: Any, p: Parts, *, soft: bool = False) -> None:
    if not (p.noi_nhan or p.signature):
        return
    t = d.add_table(rows=1, cols=2)
    _borderless(t)
    _fill(t.cell(0, 0), p.noi_nhan, soft=soft, italic_items=True)
    _fill(t.cell(0, 1), _signature_lines(p.signature), soft=soft)


def _add_paragraphs(d: Any, paras: list[list[str]], centred: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for i, para in enumerate(paras):
        par = d.add_paragraph(" ".join(para))
        if i in centred:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER


def layout_a(p: Parts) -> Any:
    d = _new_document()
    _header_table(d, p)
    _add_paragraphs(d, p.middle, p.centred)
    _footer_table(d, p)
    _add_paragraphs(d, p.tail)
    return d


# --- B: automatic numbering -------------------------------------------------

_LEVELS = [  # ilvl: (numFmt, lvlText)
    ("upperRoman", "%1."),
    ("decimal", "%2."),
    ("lowerLetter", "%3)"),
    ("bullet", "-"),
    ("bullet", "+"),
]


def _numbering_part(d: Any) -> Any:
    from docx.oxml import parse_xml

    part = d.part.numbering_part
    root = part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    root.insert(0, parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">'
                             f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'))
    return root


class _AutoNumber:
    """Replaces typed markers by numbering, opening a new list instance (startOverride) where
    the typed number is not the one Word would print next."""

    def __init__(self, d: Any) -> None:
        self.root = _numbering_part(d)
        self.next_id = 90
        self.counts = [0] * len(_LEVELS)
        self.num_id = self._new_num({})

    def _new_num(self, overrides: dict[int, int]) -> int:
        from docx.oxml import parse_xml

        self.next_id += 1
        over = "".join(f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>' for k, v in overrides.items())
        self.root.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{self.next_id}"><w:abstractNumId w:val="90"/>{over}</w:num>'))
        return self.next_id

    def marker(self, text: str) -> tuple[int, int, str] | None:
        """(ilvl, value, text without marker) of a typed list item."""
        for ilvl, rx in enumerate((_ROMAN, _DECIMAL, _LETTER, _DASH, _PLUS)):
            m = rx.match(text)
            if m is None:
                continue
            if ilvl == 0:
                value = _roman_value(m.group(1))
                if value is None:
                    continue
            elif ilvl == 1:
                value = int(m.group(1))
            elif ilvl == 2:
                value = ord(m.group(1)) - ord("a") + 1
            else:
                value = 1
            return ilvl, value, text[m.end() :]
        return None

    def apply(self, par: Any, ilvl: int, value: int) -> None:
        if ilvl < 3:
            expected = self.counts[ilvl] + 1
            if value != expected:
                overrides = {k: self.counts[k] + 1 for k in range(ilvl) if self.counts[k]}
                overrides[ilvl] = value
                self.num_id = self._new_num(overrides)
            self.counts[ilvl] = value
            for k in range(ilvl + 1, 3):
                self.counts[k] = 0
        pPr = par._p.get_or_add_pPr()
        numPr = pPr._add_numPr()
        numPr._add_ilvl().val = ilvl
        numPr._add_numId().val = self.num_id


def _roman_value(s: str) -> int | None:
    vals = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total if 0 < total < 40 else None


def layout_b(p: Parts) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = _new_document()
    _header_table(d, p)
    auto = _AutoNumber(d)
    for i, para in enumerate(p.middle):
        text = " ".join(para)
        m = auto.marker(text) if i not in p.centred else None
        par = d.add_paragraph(m[2] if m else text)
        if m:
            auto.apply(par, m[0], m[1])
        if i in p.centred:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _footer_table(d, p)
    _add_paragraphs(d, p.tail)
    return d


# --- C: tabs instead of tables ------------------------------------------------


def layout_c(p: Parts) -> Any:
    from docx.shared import Cm

    d = _new_document()
    n = max(len(p.left), len(p.right))
    for k in range(n):
        left = p.left[k] if k < len(p.left) else ""
        right = p.right[k] if k < len(p.right) else ""
        d.add_paragraph(f"{left}\t\t{right}" if right else left)
    _add_paragraphs(d, p.middle, p.centred)
    for ln in _signature_lines(p.signature):
        d.add_paragraph(ln).paragraph_format.left_indent = Cm(9)
    for ln in p.noi_nhan:
        d.add_paragraph(ln).runs[0].italic = True
    _add_paragraphs(d, p.tail)
    return d


# --- D: soft line breaks ------------------------------------------------------


def layout_d(p: Parts) -> Any:
    from docx.oxml import parse_xml

    d = _new_document()
    _header_table(d, p, soft=True, nested_motto=True)
    _add_paragraphs(d, p.middle, p.centred)
    _footer_table(d, p, soft=True)
    _add_paragraphs(d, p.tail)
    foot = d.sections[0].footer.paragraphs[0]
    foot.add_run("Trang ")
    foot._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="begin"/></w:r>'))
    foot._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    foot._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="separate"/></w:r>'))
    foot._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:t>1</w:t></w:r>'))
    foot._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="end"/></w:r>'))
    return d


# --- E: the numbered items as a task table ---------------------------------------


def layout_e(p: Parts, txt: Document) -> Any:
    d = _new_document()
    _header_table(d, p)
    tasks = {t.id: t for t in txt.tasks}
    paras = p.middle
    items = [i for i, para in enumerate(paras) if _DECIMAL.match(para[0]) and i not in p.centred]
    runs: list[list[int]] = []
    for i in items:
        v = int(_DECIMAL.match(paras[i][0]).group(1))  # type: ignore[union-attr]
        if runs and v == int(_DECIMAL.match(paras[runs[-1][-1]][0]).group(1)) + 1:  # type: ignore[union-attr]
            runs[-1].append(i)
        elif v == 1:
            runs.append([i])
    runs = [r for r in runs if len(r) >= 2]
    tabled = {r[0]: r for r in runs}
    i = 0
    while i < len(paras):
        if i not in tabled:
            _add_paragraphs(d, [paras[i]], {0} if i in p.centred else set())
            i += 1
            continue
        run = tabled[i]
        t = d.add_table(rows=1, cols=4)
        t.style = "Table Grid"
        for c, head in enumerate(["STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn"]):
            t.cell(0, c).text = head
        end = run[-1] + 1
        while end < len(paras) and (_LETTER.match(paras[end][0]) or _DASH.match(paras[end][0]) or _PLUS.match(paras[end][0])):
            end += 1
        bounds = [*run, end]
        for k, start in enumerate(run):
            m = _DECIMAL.match(paras[start][0])
            assert m is not None
            row = t.add_row().cells
            row[0].text = m.group(1)
            body = [" ".join(paras[j]) for j in range(start, bounds[k + 1])]
            body[0] = body[0][m.end() :]
            _fill(row[1], body)
            task = tasks.get(m.group(1))
            if task is not None:
                row[2].text = "; ".join(a.name for a in task.assignees if a.role == "lead")
                row[3].text = task.deadline.text if task.deadline and task.deadline.text else ""
        i = end
    _footer_table(d, p)
    _add_paragraphs(d, p.tail)
    return d


# --- F: text boxes, tracked changes, fields ---------------------------------------

_TEXTBOX = (
    '<w:r xmlns:w="{w}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
    '<v:shape style="position:absolute;margin-left:{x}pt;width:230pt;height:110pt;z-index:1">'
    "<v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def layout_f(p: Parts) -> Any:
    from docx.oxml import parse_xml

    d = _new_document()
    if p.left or p.right:
        anchor = d.add_paragraph()
        for x, lines in ((0, p.left), (250, p.right)):
            paras = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_esc(ln)}</w:t></w:r></w:p>' for ln in lines)
            anchor._p.append(parse_xml(_TEXTBOX.format(w=W_NS, x=x, paras=paras)))
    tracked = False
    for i, para in enumerate(p.middle):
        text = " ".join(para)
        par = d.add_paragraph()
        words = text.split(" ")
        if not tracked and i not in p.centred and len(words) > 6:
            # the second half of the paragraph typed with Track Changes on, a deleted word before it
            half = len(words) // 2
            par.add_run(" ".join(words[:half]) + " ")
            par._p.append(parse_xml(
                f'<w:del xmlns:w="{W_NS}" w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">'
                f'<w:r><w:delText xml:space="preserve">XOÁBỎ </w:delText></w:r></w:del>'))
            par._p.append(parse_xml(
                f'<w:ins xmlns:w="{W_NS}" w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z">'
                f'<w:r><w:t xml:space="preserve">{_esc(" ".join(words[half:]))}</w:t></w:r></w:ins>'))
            tracked = True
        elif re.search(r"\d{1,2}/\d{1,2}/\d{4}", text) and i not in p.centred:
            # a date typed as a simple field's cached result, the rest as a hyperlink run
            m = re.search(r"\d{1,2}/\d{1,2}/\d{4}", text)
            assert m is not None
            par.add_run(text[: m.start()])
            par._p.append(parse_xml(
                f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" DATE "><w:r><w:t>{_esc(m.group(0))}</w:t></w:r></w:fldSimple>'))
            par._p.append(parse_xml(
                f'<w:smartTag xmlns:w="{W_NS}" w:element="x"><w:r><w:t xml:space="preserve">{_esc(text[m.end():])}</w:t></w:r></w:smartTag>'))
        else:
            par.add_run(text)
        if i in p.centred:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _footer_table(d, p)
    _add_paragraphs(d, p.tail)
    return d


LAYOUTS: dict[str, Callable[[Parts, Document], Any]] = {
    "A": lambda p, t: layout_a(p),
    "B": lambda p, t: layout_b(p),
    "C": lambda p, t: layout_c(p),
    "D": lambda p, t: layout_d(p),
    "E": layout_e,
    "F": lambda p, t: layout_f(p),
}


# ---------------------------------------------------------------------------
# scoring


def score(gold: Path, pred: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval/score.py"), "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=None, help="where the .docx files and predictions go")
    ap.add_argument("--layouts", default="ABCDEF")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the scorer's misses per layout")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"no shared material at {SHARED}", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="docintel-eval-docx."))
    rows: list[tuple[str, str, dict[str, float | None]]] = []
    for set_name, texts, gold in SETS:
        names = sorted(g.stem for g in gold.glob("*.json") if (texts / f"{g.stem}.txt").exists())
        for name in names:
            txt = docintel.parse(texts / f"{name}.txt")
            parts = parts_of(txt)
            (out / set_name / "txt").mkdir(parents=True, exist_ok=True)
            (out / set_name / "txt" / f"{name}.json").write_text(json.dumps(docintel.to_contract(txt), ensure_ascii=False))
            for lay in args.layouts:
                folder = out / set_name / lay
                folder.mkdir(parents=True, exist_ok=True)
                path = folder / f"{name}.docx"
                LAYOUTS[lay](parts, txt).save(str(path))
                try:
                    rec = docintel.to_contract(docintel.parse(path))
                except Exception as e:  # a crash is a result here, not a stop
                    print(f"{path}: {e.__class__.__name__}: {e}", file=sys.stderr)
                    rec = {}
                (folder / f"{name}.json").write_text(json.dumps(rec, ensure_ascii=False))
        for lay in ["txt", *args.layouts]:
            rows.append((set_name, lay, score(gold, out / set_name / lay)["summary"]))
            if args.verbose and lay != "txt":
                res = subprocess.run([sys.executable, str(SHARED / "eval/score.py"), "--gold", str(gold),
                                      "--pred", str(out / set_name / lay), "-v"], capture_output=True, text=True)
                misses = [ln for ln in res.stdout.splitlines() if ln.startswith(("MISS", "MISSING"))]
                print(f"-- {set_name} {lay}: {len(misses)} misses")
                for ln in misses:
                    print("  ", ln)
    print(f"{'set':6}{'layout':8}" + "".join(f"{f:>12}" for f in FIELDS))
    for set_name, lay, row in rows:
        print(f"{set_name:6}{lay:8}" + "".join(f"{'n/a' if row.get(f) is None else format(row[f], '.3f'):>12}" for f in FIELDS))
    print(f"files and predictions in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
