#!/usr/bin/env python3
"""PDF layout robustness: the gold texts laid out as Word-exported Decree 30 PDFs, read back.

Dispatches mostly arrive as PDFs exported from Word, laid out per Decree 30/2020 (Appendix I):
a two-column header (issuer, ``Số:``, ``V/v`` left; motto and place-date right), a centred type
name and title, justified body paragraphs, and a two-column footer (``Nơi nhận:`` left, the
signing block right). This benchmark takes every text that has gold (../shared/seeds with
gold/seeds, ../shared/corpus/dev with gold/dev), splits it into those parts with docintel's own
segmentation of the clean text (``parse_text`` → ``doc.segments``; used only to build the test
files), renders each in several layouts with fpdf2 and Liberation Serif (the Times New Roman
metrics a Word export has; DejaVu Serif when Liberation is absent), parses the PDFs through the
file API (``docintel.parse``) and scores them with ../shared/eval/score.py against the gold:

  A  two-column header and footer as Decree 30 places them; the columns have different line
     pitches and start at different heights, so their lines never share a row; justified body.
  B  A on two pages at least: the body breaks mid-paragraph, the footer falls on page 2, and
     page 2 on carries a running page number at its top.
  C  the header's right column starts higher than the left, and the issuer name is one long
     line wrapped by the column (as is the V/v subject).
  D  the body's numbered tasks in a ruled table (STT | Nội dung | Đơn vị chủ trì | Thời hạn),
     which runs over pages with its heading row repeated.

Rows ``txt`` (the plain .txt parse) and ``D-txt`` (D's reading order written as text, table
rows as ``a | b | c``) tell PDF-reading losses from the parser's own.

    python scripts/eval_pdf_layout.py                  # all layouts, all docs
    python scripts/eval_pdf_layout.py -l A,C --docs tax0 --misses   # misses beyond the txt parse
    python scripts/eval_pdf_layout.py --keep /tmp/pdf-layout        # keep the PDFs and predictions
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

import docintel
from docintel import parse_text, to_contract
from docintel._normalise import fold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = (("seeds", "seeds"), ("corpus/dev", "dev"))  # (texts folder, gold folder)
COLUMNS = ("header", "recipients", "tasks", "citations", "overall")
FONTS = (  # the first whose four styles hold every Vietnamese letter (Liberation 2.1 has none of ệ ộ ư)
    ("Liberation Serif", "/usr/share/fonts/truetype/liberation/LiberationSerif-{}.ttf",
     {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}),
    ("DejaVu Serif Condensed", "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed{}.ttf",
     {"": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"}),
    ("DejaVu Serif", "/usr/share/fonts/truetype/dejavu/DejaVuSerif{}.ttf",
     {"": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"}),
)
VIETNAMESE = "ăâđêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
MAX_ROW = 1500  # a task longer than this would not fit one table row on a page: that document reads as A

# --------------------------------------------------------------------------- parts


@dataclass
class Parts:
    """A dispatch cut into what a Decree 30 page places apart."""

    name: str
    text: str  # the normalised text the parts come from
    above: list[str]  # lines before the header (rare)
    parent: list[str]  # issuer lines above the issuer itself (the ``UBND TỈNH …`` line)
    issuer: list[str]
    left_rest: list[str]  # Số:, V/v … and any other left-column line
    subject: list[str]  # the V/v lines (part of left_rest)
    right: list[str]  # motto, Độc lập - Tự do - Hạnh phúc, place-date
    paras: list[tuple[str, str]]  # (kind, text): title | centre | kinh_gui | body
    noi_nhan: list[str]
    signature: list[str]
    tail: list[str]  # paragraphs after the footer (appendix)
    tasks: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (lead bodies, deadline text)


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def cut(name: str, raw: str) -> Parts:
    doc = parse_text(raw)
    text, s = doc.text, doc.segments
    assert s is not None
    head = [*s.header_left, *s.header_right]
    for extra in (s.number_line, s.place_date):
        if extra is not None:
            head.append(extra)
    hstart = min((ln.start for ln in head), default=0)
    hend = max((ln.end for ln in head), default=0)
    if s.subject is not None:
        hend = max(hend, s.subject.end)
    foot = [b for b in (s.noi_nhan, s.signature) if b is not None]
    fstart = min((b.start for b in foot), default=len(text))
    fend = max((b.end for b in foot), default=len(text))
    issuer_ids = {ln.start for ln in s.issuer_lines}
    issuer = [ln.text.strip() for ln in s.header_left if ln.start in issuer_ids]
    # the parent body's lines: as many as spell the parent the parse found (else the first line)
    n_parent = 1 if len(issuer) > 1 else 0
    if doc.issuer.parent and len(issuer) > 1:
        want = fold(" ".join(doc.issuer.parent.split()))
        for k in range(1, len(issuer)):
            if fold(" ".join(" ".join(issuer[:k]).split())).endswith(want):
                n_parent = k
                break
    parent, issuer = issuer[:n_parent], issuer[n_parent:]
    left_rest = [ln.text.strip() for ln in s.header_left if ln.start not in issuer_ids]
    subject = _lines(s.subject.text_in(text)) if s.subject is not None else []
    title = (s.title.start, s.title.end) if s.title is not None else (-1, -1)
    kinh = (s.kinh_gui.start, s.kinh_gui.end) if s.kinh_gui is not None else (-1, -1)
    paras: list[tuple[str, str]] = []
    pos = hend
    blank = True
    for line in text[hend:fstart].splitlines(keepends=True):
        at, pos = pos, pos + len(line)
        if not line.strip():
            blank = True
            continue
        joins = not blank and paras and paras[-1][0] == "body" and not _ENDS.search(paras[-1][1]) and not _STARTS.match(line.strip())
        blank = False
        if title[0] <= at < title[1]:
            kind = "title"
        elif kinh[0] <= at < kinh[1]:
            kind = "kinh_gui"
        elif s.urgency is not None and s.urgency.start <= at < s.urgency.end:
            kind = "centre"
        else:
            kind = "body"
        if joins and kind == "body":  # a line the text's source wrapped: one paragraph, laid out again
            paras[-1] = (kind, paras[-1][1] + " " + line.strip())
        else:
            paras.append((kind, line.strip()))
    noi = _lines(s.noi_nhan.text_in(text)) if s.noi_nhan is not None else []
    sig = [ln for ln in _lines(text[fstart:fend]) if s.noi_nhan is None or ln not in noi]
    tasks = {}
    for t in doc.tasks:
        lead = ", ".join(a.name for a in t.assignees if a.role == "lead")
        tasks[t.id] = (lead, t.deadline.text if t.deadline is not None and t.deadline.text else "")
    return Parts(name, text, _lines(text[:hstart]), parent, issuer, left_rest, subject,
                 [ln.text.strip() for ln in s.header_right], paras, noi, sig, _lines(text[fend:]), tasks)


_ENDS = re.compile(r"[.:;!?]\s*$")
_STARTS = re.compile(r"^(?:\d{1,2}[.)]|[a-zđ]\)|[-+•–*]|[IVX]+\.|Điều\s+\d|Chương\b|Mục\b|Phần\b|Căn\s+cứ\b)")
_TOP = re.compile(r"^(\d{1,2})\.\s+(.*)$")
_CONTINUES = re.compile(r"^(?:[a-zđ]\)|[-+•–]|\d{1,2}\.\d|[a-zđàáảãạăâèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ])")


def task_rows(paras: list[tuple[str, str]]) -> tuple[int, int, list[tuple[str, str]]] | None:
    """The longest run of body paragraphs numbered ``1.``, ``2.`` … (with the paragraphs that
    continue each: lettered items, dashes, a lower-case start): (first, end, [(number, text)])."""
    best: tuple[int, int, list[tuple[str, str]]] | None = None
    i = 0
    while i < len(paras):
        m = _TOP.match(paras[i][1])
        if paras[i][0] != "body" or not m or m.group(1) != "1":
            i += 1
            continue
        rows = [(m.group(1), m.group(2))]
        j = i + 1
        while j < len(paras) and paras[j][0] == "body":
            m2 = _TOP.match(paras[j][1])
            if m2 and int(m2.group(1)) == int(rows[-1][0]) + 1:
                rows.append((m2.group(1), m2.group(2)))
            elif not m2 and _CONTINUES.match(paras[j][1]):
                rows[-1] = (rows[-1][0], rows[-1][1] + "\n" + paras[j][1])
            else:
                break
            j += 1
        if len(rows) >= 2 and max(len(t) for _, t in rows) <= MAX_ROW and (best is None or len(rows) > len(best[2])):
            best = (i, j, rows)
        i = j
    return best


# --------------------------------------------------------------------------- rendering


@functools.cache
def font() -> tuple[str, dict[str, str]]:
    from fontTools.ttLib import TTFont

    for family, pattern, styles in FONTS:
        paths = {k: pattern.format(v) for k, v in styles.items()}
        if all(Path(p).exists() for p in paths.values()):
            cmaps = [TTFont(p)["cmap"].getBestCmap() for p in paths.values()]
            if all(ord(c) in cmap for cmap in cmaps for c in VIETNAMESE):
                return family, paths
    raise SystemExit("no Unicode TTF font found (install fonts-liberation or fonts-dejavu)")


class Page(FPDF):
    running_number = False
    early_break = False  # page 1 breaks early (layout B): later pages break at the usual margin

    def header(self) -> None:
        if self.early_break and self.page_no() >= 2:
            self.early_break = False
            self.set_auto_page_break(True, margin=20)
        if self.running_number and self.page_no() >= 2:
            self.set_font("serif", "", 13)
            self.set_xy(self.l_margin, 10)
            self.cell(self.w - self.l_margin - self.r_margin, 5, str(self.page_no()), align="C")
            self.set_xy(self.l_margin, self.t_margin)


def new_pdf() -> Page:
    family, paths = font()
    pdf = Page(format="A4")
    pdf.set_creator("Microsoft Word")  # what the dispatches say; nothing reads it
    for style, path in paths.items():
        pdf.add_font("serif", style, path)
    pdf.set_margins(30, 20, 15)  # Decree 30: left 30-35 mm, top 20-25, right 15-20
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf


def column(pdf: FPDF, x: float, y: float, w: float, rows: list[tuple[str, str, float]], pitch: float,
           *, rule_after: int = -1) -> float:
    """Centred lines in a column from ``y`` (each ``(text, style, size)``), a line wider than the
    column wrapped by it; a short rule under row ``rule_after``. Returns the y below."""
    for k, (text, style, size) in enumerate(rows):
        pdf.set_font("serif", style, size)
        pdf.set_xy(x, y)
        pdf.multi_cell(w, pitch, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        y = pdf.get_y()
        if k == rule_after:
            pdf.set_line_width(0.3)
            pdf.line(x + w / 2 - 15, y + 0.4, x + w / 2 + 15, y + 0.4)
            y += 1.5
    return y


def header(pdf: FPDF, p: Parts, layout: str) -> float:
    y0 = pdf.t_margin
    for text in p.above:
        pdf.set_font("serif", "B", 13)
        pdf.set_xy(pdf.l_margin, y0)
        pdf.cell(0, 6, text, align="C")
        y0 += 7
    issuer = p.issuer
    rest = p.left_rest
    if layout == "C":  # one long issuer line and one long V/v line, wrapped by the column
        issuer = [" ".join(issuer)] if issuer else []
        if p.subject and all(s in rest for s in p.subject):
            at = rest.index(p.subject[0])
            rest = [*rest[:at], " ".join(p.subject), *rest[at + len(p.subject):]]
    left = [*((t, "", 12.5) for t in p.parent), *((t, "B", 12.5) for t in issuer)]
    rule = len(left) - 1
    left += [(t, "", 13 if t.lower().startswith("số") else 12) for t in rest]
    right = [(t, "B", 12.5 if k == 0 else 13.5) if k < 2 else (t, "I", 13.5) for k, t in enumerate(p.right)]
    lx, lw = 20.0, 80.0
    rx, rw = 100.0, 100.0
    if layout == "C":
        lw = 66.0  # a narrow issuer column: the long lines wrap
        lx = 24.0
        bottom_r = column(pdf, rx, y0 - 2.5, rw, right, 6.6, rule_after=1)
        bottom_l = column(pdf, lx, y0 + 1.2, lw, left, 5.3, rule_after=rule)
    else:
        bottom_l = column(pdf, lx, y0, lw, left, 5.5, rule_after=rule)
        bottom_r = column(pdf, rx, y0 + 1.8, rw, right, 6.7, rule_after=1)
    return max(bottom_l, bottom_r) + 6


def paragraph(pdf: FPDF, kind: str, text: str) -> None:
    w = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_x(pdf.l_margin)
    if kind == "title":
        pdf.set_font("serif", "B", 14)
        pdf.multi_cell(w, 6.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif kind == "centre":
        pdf.set_font("serif", "B", 13)
        pdf.multi_cell(w, 6.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    elif kind == "kinh_gui":
        pdf.set_font("serif", "", 14)
        pdf.set_x(pdf.l_margin + 20)
        pdf.multi_cell(w - 20, 6.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.set_font("serif", "", 13)
        pdf.multi_cell(w, 6.2, text, align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1.5)  # paragraph spacing, as Word's "spacing after"


def footer(pdf: FPDF, p: Parts, layout: str) -> None:
    if not p.noi_nhan and not p.signature:
        return
    n = max(len(p.noi_nhan) * 4.6, len(p.signature) * 6.5 + 22)
    if pdf.get_y() + 6 + n > pdf.h - pdf.b_margin:
        pdf.add_page()
    y = pdf.get_y() + 6
    left = [(t, "BI" if k == 0 else ("I" if layout != "A" else ""), 12 if k == 0 else 11) for k, t in enumerate(p.noi_nhan)]
    x, w = 20.0, 80.0
    for text, style, size in left:  # flush left, as the Decree sets it
        pdf.set_font("serif", style, size)
        pdf.set_xy(x, y)
        pdf.multi_cell(w, 4.6 if size < 12 else 5.5, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        y_end = pdf.get_y()
        y = y_end
    sig = p.signature
    yr = pdf.get_y() if not left else y - len(left) * 4.6 - 0.9  # the signing block starts a little above
    yr = min(yr, y) if left else yr
    yr = max(pdf.t_margin, yr - 1.0)
    pitch = 6.4
    for k, text in enumerate(sig):
        last = k == len(sig) - 1 and len(sig) > 1
        if last:
            yr += 22  # the signing space
        pdf.set_font("serif", "B", 13.5)
        pdf.set_xy(105, yr)
        pdf.multi_cell(90, pitch, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
        yr = pdf.get_y()
    pdf.set_y(max(y, yr))


def body(pdf: FPDF, paras: list[tuple[str, str]], layout: str, p: Parts) -> None:
    span = task_rows(paras) if layout == "D" else None
    for k, (kind, text) in enumerate(paras):
        if span is not None and k == span[0]:
            table(pdf, span[2], p)
        if span is not None and span[0] <= k < span[1]:
            continue
        paragraph(pdf, kind, text)


HEADINGS = ("STT", "Nội dung", "Đơn vị chủ trì", "Thời hạn")


def table(pdf: FPDF, rows: list[tuple[str, str]], p: Parts) -> None:
    pdf.ln(2)
    pdf.set_font("serif", "", 12)
    with pdf.table(col_widths=(12, 88, 38, 27), width=165, line_height=5.6, text_align=("CENTER", "JUSTIFY", "LEFT", "LEFT"),
                   first_row_as_headings=True, repeat_headings=1) as t:
        head = t.row()
        for h in HEADINGS:
            head.cell(h)
        for number, text in rows:
            lead, deadline = p.tasks.get(number, ("", ""))
            r = t.row()
            for cell in (number, text, lead, deadline):
                r.cell(cell)
    pdf.ln(3)


def table_text(rows: list[tuple[str, str]], p: Parts) -> str:
    out = [" | ".join(HEADINGS)]
    for number, text in rows:
        lead, deadline = p.tasks.get(number, ("", ""))
        out.append(" | ".join((number, text.replace("\n", " "), lead, deadline)))
    return "\n".join(out)


def render(p: Parts, layout: str) -> bytes:
    pdf = new_pdf()
    pdf.running_number = layout == "B"
    y = header(pdf, p, layout)
    pdf.set_y(y)
    if layout == "B":
        force_break(pdf, p)
    body(pdf, p.paras, layout, p)
    footer(pdf, p, layout)
    if p.tail:
        pdf.add_page()
        for text in p.tail:
            paragraph(pdf, "body", text)
    return bytes(pdf.output())


def force_break(pdf: Page, p: Parts) -> None:
    """Move page 1's break trigger up so the body breaks mid-way and the footer reaches page 2."""
    probe = new_pdf()
    probe.set_auto_page_break(True, margin=0)
    probe.h = 2000.0  # one long page: where the body ends when nothing breaks it  # type: ignore[misc]
    y0 = header(probe, p, "A")
    probe.set_y(y0)
    body(probe, p.paras, "A", p)
    end = probe.get_y()
    if end < pdf.h - pdf.b_margin:  # the body ends on page 1: break at 60 % of it
        pdf.set_auto_page_break(True, margin=pdf.h - (y0 + 0.6 * (end - y0)))
        pdf.early_break = True


# --------------------------------------------------------------------------- reading back


def ideal_text(p: Parts, layout: str) -> str:
    """What a reader should emit for ``layout``: the text with D's table as ``|`` rows."""
    if layout != "D":
        return p.text
    span = task_rows(p.paras)
    if span is None:
        return p.text
    parts = [*p.above, "", *p.parent, *p.issuer, *p.left_rest, "", *p.right, ""]
    for k, (_kind, text) in enumerate(p.paras):
        if k == span[0]:
            parts += ["", table_text(span[2], p), ""]
        if span[0] <= k < span[1]:
            continue
        parts.append(text)
    parts += ["", *p.noi_nhan, "", *p.signature, "", *p.tail]
    return "\n".join(parts)


def _as_pdf(p: Parts, *, layout: str) -> tuple[bytes, str]:
    return render(p, layout), ".pdf"


def score(gold: Path, pred: Path, scorer: Path, verbose: bool) -> tuple[dict[str, Any], list[str]]:
    out = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)["summary"]
    misses: list[str] = []
    if verbose:
        v = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--pred", str(pred), "-v"],
                           capture_output=True, text=True, check=True)
        misses = [ln for ln in v.stdout.splitlines() if ln.startswith(("MISS", "MISSING"))]
    return figures, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("-l", "--layouts", default="A,B,C,D")
    ap.add_argument("--docs", default="", help="comma-separated name prefixes (default: every text with gold)")
    ap.add_argument("--keep", type=Path, help="write the PDFs, texts and predictions here")
    ap.add_argument("--misses", action="store_true", help="list each layout's misses that the txt parse has not")
    ap.add_argument("--json", type=Path, help="write the table as JSON")
    a = ap.parse_args(argv)
    layouts = [x.strip() for x in a.layouts.split(",") if x.strip()]
    prefixes = [x for x in a.docs.split(",") if x]
    family, _ = font()
    work = a.keep or Path(tempfile.mkdtemp(prefix="pdf-layout-"))
    gold = work / "gold"
    gold.mkdir(parents=True, exist_ok=True)
    texts: list[tuple[str, str]] = []
    for folder, gname in SETS:
        for g in sorted((a.shared / "gold" / gname).glob("*.json")):
            src = a.shared / folder / f"{g.stem}.txt"
            if src.exists() and (not prefixes or any(g.stem.startswith(x) for x in prefixes)):
                texts.append((g.stem, src.read_text(encoding="utf-8")))
                (gold / g.name).write_bytes(g.read_bytes())
    print(f"{len(texts)} documents; font {family}; work in {work}", file=sys.stderr)
    parts = [cut(name, raw) for name, raw in texts]
    scorer = a.shared / "eval" / "score.py"
    rows: dict[str, dict[str, Any]] = {}

    def run(label: str, make: Callable[[Parts], tuple[bytes, str]]) -> None:
        pred = work / label
        pred.mkdir(parents=True, exist_ok=True)
        seconds = 0.0
        pages = 0
        for p in parts:
            data, suffix = make(p)
            path = pred / f"{p.name}{suffix}"
            path.write_bytes(data)
            t0 = time.perf_counter()
            doc = docintel.parse(path)
            seconds += time.perf_counter() - t0
            pages += doc.source.pages or 1
            (pred / f"{p.name}.json").write_text(json.dumps(to_contract(doc), ensure_ascii=False, indent=1), encoding="utf-8")
            if suffix == ".pdf":
                (pred / f"{p.name}.read.txt").write_text(doc.text, encoding="utf-8")
        figures, misses = score(gold, pred, scorer, a.misses)
        rows[label] = {**figures, "s_per_page": seconds / max(pages, 1), "pages": pages, "misses": misses}

    run("txt", lambda p: (next(raw for n, raw in texts if n == p.name).encode("utf-8"), ".txt"))
    for layout in layouts:
        run(layout, functools.partial(_as_pdf, layout=layout))
        if layout == "D":
            run("D-txt", lambda p: (ideal_text(p, "D").encode("utf-8"), ".txt"))
    with_tables = sum(1 for p in parts if task_rows(p.paras) is not None)
    print(f"{'layout':8}" + "".join(f"{c:>11}" for c in COLUMNS) + f"{'s/page':>9}{'pages':>7}")
    for label, r in rows.items():
        cells = "".join(f"{r[c]:>11.3f}" if r.get(c) is not None else f"{'n/a':>11}" for c in COLUMNS)
        print(f"{label:8}{cells}{r['s_per_page']:>9.3f}{r['pages']:>7}")
    print(f"(D: {with_tables} of {len(parts)} documents have a numbered task list set as a table; the rest read as A)")
    if a.misses:
        base = set(rows["txt"]["misses"])
        for label, r in rows.items():
            extra = [m for m in r["misses"] if m not in base]
            if label != "txt" and extra:
                print(f"\n== {label}: {len(extra)} misses the txt parse has not")
                for m in extra:
                    print("  ", m)
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
