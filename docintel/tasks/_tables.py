"""Task tables: "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn" rows (header
roles from ``table_columns``, continuation lines, sections, row ids), the bodies of a lead/support
cell and the deadline of a deadline cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from .._deadlines import Policy, find_deadline
from .._model import Deadline, Task
from .._normalise import fold_key
from ._context import _Ctx, _expand, _issuer_only
from ._frames import _find, _Found, _is_opener, _starts_imperative
from ._items import _ROMAN, _Item
from ._names import _clean, _Name, _Scanner, _vague
from ._tokens import _match_at, _Tok
from ._vocab import vocab
from ._walk import _assignees, _deadline, _Emit, _Held

# The PDF and DOCX readers write each table row as one line, cells joined with " | ";
# text files carry the same shape (or markdown "| a | b |" rows). A header row whose
# cells name a content column and a lead or deadline column (``table_columns`` in
# rules/assignment.yaml) opens a task table; each numbered row below it is a task.

_ROW_NUM = regex.compile(r"\(?0*(\d{1,3})((?:\s*\.\s*0*\d{1,3}){0,3})\s*[.)]?")
_ROW_ROMAN = regex.compile(r"(?:PHẦN\s+|Phần\s+|MỤC\s+|Mục\s+)?([IVX]{1,5})\s*[.)/:\-]?")
_ROW_LETTER = regex.compile(r"([A-ZĐ])\s*[.)/:\-]?")
_ROW_CHILD = regex.compile(r"([a-zđ])\s*[.)]?")
_ROW_BULLET = regex.compile(r"[-–+•*]?")
_SECTION_LINE = regex.compile(
    r"[ \t*_]*(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?(?:[IVX]{1,5}|[A-ZĐ])\s*[.)/:\-]\s*\S"
)
_MD_RULE = regex.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")
_UPPER_TEXT = regex.compile(r"[^\p{Ll}]*\p{Lu}[^\p{Ll}]*")  # letters, and none of them lower case


@dataclass
class _Row:
    kind: str  # row | child | section
    label: str
    cells: list[tuple[int, int]]
    id: str = ""
    section: str | None = None
    more: list[tuple[int, int, int]] = field(default_factory=list)  # (column, start, end): continuation rows

    def pieces(self, col: int) -> list[tuple[int, int]]:
        return [c for c in [self.cells[col], *((s, e) for q, s, e in self.more if q == col)] if c[1] > c[0]]


@dataclass
class _Table:
    start: int
    end: int
    roles: list[str | None]
    rows: list[_Row] = field(default_factory=list)
    short: set[int] = field(default_factory=set)  # id() of rows whose cells went missing (merged in the source)

    def col(self, role: str) -> list[int]:
        return [k for k, r in enumerate(self.roles) if r == role]


def _cells(text: str, a: int, b: int, md: bool = False) -> list[tuple[int, int]]:
    """Stripped cell spans of the row ``text[a:b]`` (``md``: a markdown row, its edge pipes dropped)."""
    out: list[tuple[int, int]] = []
    pos = a
    while True:
        k = text.find("|", pos, b)
        s, e = pos, b if k == -1 else k
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
        if k == -1:
            break
        pos = k + 1
    if md and len(out) > 2:
        raw = text[a:b].strip()
        if raw.startswith("|"):
            out = out[1:]
        if raw.endswith("|"):
            out = out[:-1]
    return out


def _markdown(text: str, a: int, b: int) -> bool:
    raw = text[a:b].strip()
    return raw.startswith("|") and raw.endswith("|")


def _column_role(cell: str) -> str | None:
    """The role a header cell names: that of the longest ``table_columns`` phrase inside it."""
    words = fold_key(cell).replace("/", " ").split()
    for phrase, role in vocab().columns:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                return role
    return None


def _header_roles(text: str, cells: list[tuple[int, int]]) -> list[str | None] | None:
    if len(cells) < 3 or any(e - s > 80 for s, e in cells):
        return None
    roles = [_column_role(text[s:e]) for s, e in cells]
    known = sum(r is not None for r in roles)
    if "content" not in roles or not ("lead" in roles or "deadline" in roles) or known * 2 < len(roles):
        return None
    if roles.count("content") > 1:  # "Nhóm nhiệm vụ | Nhiệm vụ cụ thể": the first is the content
        first = roles.index("content")
        roles = [r if r != "content" or k == first else None for k, r in enumerate(roles)]
    return roles


def _sub_header(text: str, cells: list[tuple[int, int]], roles: list[str | None]) -> list[str | None] | None:
    """A second header row ("| | Chủ trì | Phối hợp | |") refining the first; the merged roles."""
    sub = [_column_role(text[s:e]) if e > s else None for s, e in cells]
    if not any(sub) or any(e > s and r is None for (s, e), r in zip(cells, sub, strict=True)):
        return None
    if len(sub) == len(roles):
        return [b or a for a, b in zip(roles, sub, strict=True)]
    # a merged header cell ("Cơ quan thực hiện") over the sub-header's cells (DOCX writes it once)
    for k, r in enumerate(roles):
        if r in ("lead", None) and len(roles) - 1 + len(sub) > len(roles):
            return roles[:k] + sub + roles[k + 1 :]
    return None


def _row_label(cell: str) -> tuple[str, str] | None:
    """(kind, label) of a row's number cell: ``1.`` / ``1.2`` rows, ``II`` / ``A`` sections, ``a)`` children."""
    c = cell.strip()
    m = _ROW_NUM.fullmatch(c)
    if m:
        parts = [m.group(1)] + [p.strip().lstrip("0") or "0" for p in m.group(2).split(".")[1:]]
        return "row", ".".join(str(int(p)) for p in parts)
    m = _ROW_ROMAN.fullmatch(c)
    if m and m.group(1) in _ROMAN:
        return "section", m.group(1)
    m = _ROW_LETTER.fullmatch(c)
    if m:
        return "section", m.group(1)
    m = _ROW_CHILD.fullmatch(c)
    if m:
        return "child", m.group(1)
    if _ROW_BULLET.fullmatch(c):
        return "bullet", ""
    return None


def _opens_row(text: str, a: int, b: int) -> bool:
    """The line ``text[a:b]`` starts a new row or a section (so it does not continue a cell)."""
    raw = text[a:b]
    if raw.lstrip().startswith("|") or _SECTION_LINE.match(raw):
        return True
    k = raw.find("|")
    if k == -1:
        return False
    lab = _row_label(raw[:k])
    return lab is not None and lab[0] != "bullet"


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        e = end if nl == -1 else nl
        out.append((pos, e))
        pos = e + 1
    return out


def _find_tables(text: str, start: int, end: int) -> list[_Table]:
    """Every task table in ``text[start:end]``: rows written one per line with ``|`` between the
    cells, and tables written one cell per line (:func:`_line_tables`)."""
    out = _pipe_tables(text, start, end)
    for t in _line_tables(text, start, end):
        if not any(t.start < o.end and o.start < t.end for o in out):
            out.append(t)
    return sorted(out, key=lambda t: t.start)


def _pipe_tables(text: str, start: int, end: int) -> list[_Table]:
    if text.find("|", start, end) == -1:
        return []
    lines = _lines(text, start, end)
    out: list[_Table] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        if text.find("|", a, b) != -1:
            md = _markdown(text, a, b)
            roles = _header_roles(text, _cells(text, a, b, md))
            if roles is not None:
                table, nxt = _read_table(text, lines, i, roles, md)
                if table.rows:
                    out.append(table)
                    i = nxt
                    continue
        i += 1
    return out


def _read_table(
    text: str, lines: list[tuple[int, int]], i: int, roles: list[str | None], md: bool
) -> tuple[_Table, int]:
    """Rows below the header ``lines[i]``; the table and the index of the first line after it."""
    table = _Table(lines[i][0], lines[i][1], roles)
    last = i
    j = i + 1
    # a second header row
    while j < len(lines) and not text[lines[j][0] : lines[j][1]].strip():
        j += 1
    if j < len(lines) and text.find("|", *lines[j]) != -1:
        sub = _sub_header(text, _cells(text, *lines[j], md), roles)
        if sub is not None:
            table.roles = roles = sub
            last = j
            j += 1
    n = len(roles)
    id_col = roles.index("id") if "id" in roles else None
    content = roles.index("content")
    others = [k for k, r in enumerate(roles) if r in ("lead", "support", "deadline")]
    section: str | None = None
    blank = False
    while j < len(lines):
        a, b = lines[j]
        raw = text[a:b]
        if not raw.strip():
            blank = True
            j += 1
            continue
        if _MD_RULE.fullmatch(raw):
            last = j
            j += 1
            continue
        if text.find("|", a, b) != -1:
            cells = _cells(text, a, b, md)
            k = j
            if len(cells) < n:  # a row spilling over the next lines
                kk = j
                cc = cells
                while len(cc) < n and kk + 1 < len(lines):
                    na, nb = lines[kk + 1]
                    if not text[na:nb].strip() or _opens_row(text, na, nb):
                        break
                    kk += 1
                    cc = _cells(text, a, lines[kk][1], md)
                if len(cc) == n:
                    cells, k = cc, kk
            if len(cells) > n:
                if all(s == e for s, e in cells[n:]):
                    cells = cells[:n]
                else:  # a "|" inside the last cell
                    cells = cells[: n - 1] + [(cells[n - 1][0], cells[-1][1])]
            if len(cells) < n:
                cells = cells + [(cells[-1][1], cells[-1][1])] * (n - len(cells))
                short = True
            else:
                short = False
            if [_column_role(text[s:e]) for s, e in cells] == roles:  # the header again (a new page)
                last, j, blank = k, k + 1, False
                continue
            row = _classify_row(text, cells, id_col, content, others)
            if row is None:
                break
            if short:  # cells missing (merged in the source): only the number and the content are sure
                row.cells = [c if q in (id_col, content) else (c[1], c[1]) for q, c in enumerate(row.cells)]
                table.short.add(id(row))
            if row.kind == "cont":  # a row without a number carrying on the one above (cut by a page)
                if table.rows:
                    table.rows[-1].more.extend((q, s, e) for q, (s, e) in enumerate(row.cells) if e > s)
            elif row.kind == "section":
                section = row.label
            else:
                row.section = section
                table.rows.append(row)
            last, j, blank = k, k + 1, False
            continue
        # a line without cells: a section heading or a cell's continuation, if the table goes on
        nxt = j + 1
        while nxt < len(lines) and not text[lines[nxt][0] : lines[nxt][1]].strip():
            nxt += 1
        if nxt >= len(lines) or text.find("|", *lines[nxt]) == -1:
            break
        m = _SECTION_LINE.match(raw)
        if m or _UPPER_TEXT.fullmatch(raw.strip()):
            lab = regex.match(r"[ \t*_]*(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?([IVX]{1,5}|[A-ZĐ])\s*[.)/:\-]", raw) if m else None
            section = lab.group(1) if lab else f"S{sum(1 for _ in table.rows) + 1}"
        elif table.rows and not blank:
            prev = table.rows[-1]
            s, _ = prev.cells[-1]
            prev.cells[-1] = (s if prev.cells[-1][1] > s else a, b)
        else:
            break
        last, j, blank = j, j + 1, False
    table.end = lines[last][1]
    _row_ids(table)
    return table, last + 1


# Tables written one cell per line. Legal texts copied from HTML (vbpl), and PDF text layers read
# without a table model, print a table as a column of cells: the header cells on consecutive lines
# ("STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"), then
# each row as its number on a line of its own ("1." / "1" / "2.1") followed by its cells, one a line.
# A header is a run of short lines opened by a number-column cell whose roles pass the same test as a
# "|" header; a row is a number line that continues the numbering, and its cells are the lines up to the
# next such line. A cell wrapped over several lines (a PDF line break) continues with a lower-case word
# or a mark ("(", "-", ","); when a row still has more lines than columns, the surplus belongs to the
# content cell (the long one), and in the last row it is the text after the table. A row with fewer lines
# than columns gives only its content (and a deadline its last line reads as): which cell is missing
# cannot be told, so no body is guessed.

_BARE_NUM = regex.compile(r"0*(\d{1,3})((?:\.0*\d{1,3}){0,3})\.?")
_BARE_SECTION = regex.compile(r"(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?([IVX]{1,5}|[A-ZĐ])\s*[.)/:]?")
_BARE_CHILD = regex.compile(r"([a-zđ])\s*[.)]")
_CELL_GOES_ON = regex.compile(r"[\p{Ll}(),;\-–+•…]")
_TABLE_STOP = regex.compile(
    r"\s*(?:Điều\s+\d|Chương\s+[IVXLC\d]|Nơi\s+nhận|Phụ\s+lục\b|PHỤ\s+LỤC\b|\S+(?:\s+\S+){0,3}\s*\|)",
)
_HEADER_MAX = 14  # header cells at most
_HEADER_CELL = 80  # characters in a header cell at most


def _bare_label(raw: str) -> tuple[str, str] | None:
    """(kind, label) of a line that is nothing but a row number ``1.``/``2.1``, a section mark
    ``II``/``A.`` or a child mark ``a)``."""
    c = raw.strip()
    if not c or len(c) > 12:
        return None
    m = _BARE_NUM.fullmatch(c)
    if m:
        parts = [m.group(1)] + [p.lstrip("0") or "0" for p in m.group(2).split(".")[1:]]
        return "row", ".".join(str(int(p)) for p in parts)
    m = _BARE_SECTION.fullmatch(c)
    if m and (m.group(1) in _ROMAN or len(m.group(1)) == 1):
        return "section", m.group(1)
    m = _BARE_CHILD.fullmatch(c)
    if m:
        return "child", m.group(1)
    return None


def _nonblank_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stripped spans of the non-blank lines of ``text[start:end]``."""
    out = []
    for a, b in _lines(text, start, end):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _line_tables(text: str, start: int, end: int) -> list[_Table]:
    """Every task table written one cell per line in ``text[start:end]``."""
    lines = _nonblank_lines(text, start, end)
    out: list[_Table] = []
    i = 0
    while i < len(lines):
        a, b = lines[i]
        if b - a <= 12 and _column_role(text[a:b]) == "id":
            head = _line_header(text, lines, i)
            if head is not None:
                cells, roles, j = head
                table, nxt = _read_line_table(text, lines, j, cells, roles)
                if table is not None:
                    out.append(table)
                    i = nxt
                    continue
        i += 1
    return out


def _line_header(
    text: str, lines: list[tuple[int, int]], i: int
) -> tuple[list[tuple[int, int]], list[str | None], int] | None:
    """The header cells starting at ``lines[i]`` (a number-column cell), their roles and the index of
    the first row line; None when the lines are no task-table header."""
    cells: list[tuple[int, int]] = [lines[i]]
    j = i + 1
    while j < len(lines) and len(cells) <= _HEADER_MAX:
        a, b = lines[j]
        raw = text[a:b]
        if _bare_label(raw) is not None or b - a > _HEADER_CELL or "|" in raw:
            break
        if _CELL_GOES_ON.match(raw) and _column_role(raw) is None:  # "Thời gian⏎hoàn thành"
            cells[-1] = (cells[-1][0], b)
        else:
            cells.append((a, b))
        j += 1
    if j >= len(lines) or _bare_label(text[lines[j][0] : lines[j][1]]) is None:
        return None
    roles = _header_roles(text, cells)
    if roles is None:
        return None
    # "Cơ quan thực hiện" over "Chủ trì" / "Phối hợp": the sub-header cells come after the header
    for p in range(len(cells) - 2, 2, -1):
        tail = roles[p:]
        if all(r in ("lead", "support") for r in tail) and "support" in tail and "lead" in roles[:p]:
            merged = _sub_header(text, cells[p:], roles[:p])
            if merged is not None:
                k = roles[:p].index("lead")
                return cells[:k] + cells[p:] + cells[k + 1 : p], merged, j
    if roles[0] != "id":
        return None
    return cells, roles, j


def _read_line_table(
    text: str, lines: list[tuple[int, int]], j: int, header: list[tuple[int, int]], roles: list[str | None]
) -> tuple[_Table | None, int]:
    """The rows from ``lines[j]`` of a table written one cell per line; the table (None without a row
    holding content) and the index of the first line after it."""
    m = len(roles) - 1  # cells after the number cell
    content = roles.index("content")
    groups: list[tuple[str, str, int, list[int]]] = []  # kind, label, label line, cell lines
    last_top: int | None = None
    fresh_section = False
    k = j
    while k < len(lines):
        a, b = lines[k]
        raw = text[a:b]
        lab = _bare_label(raw)
        if lab is not None and lab[0] == "row":
            first = int(lab[1].split(".")[0])
            dotted = "." in lab[1]
            if (
                last_top is None
                or (not dotted and (first == last_top + 1 or (fresh_section and first == 1)))
                or (dotted and first in (last_top, last_top + 1))
            ):
                if not dotted:
                    last_top = first
                fresh_section = False
                groups.append(("row", lab[1], k, []))
                k += 1
                continue
        elif lab is not None and (groups or lab[0] == "section") and k + 1 < len(lines) and _bare_label(text[slice(*lines[k + 1])]) is None:
            # a section mark with its title on the next line ("II" ⏎ "NHIỆM VỤ CỤ THỂ"), a child row "a)"
            groups.append((lab[0], lab[1], k, []))
            fresh_section = fresh_section or lab[0] == "section"
            k += 1
            continue
        if not regex.search(r"\w", raw):  # an empty cell printed as "|" or "-"
            k += 1
            continue
        sec = _SECTION_LINE.match(raw)
        if sec and groups:
            # "A. Các thành phần bên ngoài khung" ⏎ "1": a section of the table; "V. TỔ CHỨC CHỦ TRÌ CAM KẾT"
            # followed by text: the document goes on after the table
            nxt = _bare_label(text[slice(*lines[k + 1])]) if k + 1 < len(lines) else None
            if nxt is not None and nxt[0] == "row":
                lab_m = regex.match(r"[ \t*_]*(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?([IVX]{1,5}|[A-ZĐ])", raw)
                groups.append(("section", lab_m.group(1) if lab_m else "", k, [k]))
                fresh_section = True
                k += 1
                continue
            if _UPPER_TEXT.fullmatch(raw):
                break
        if not groups:
            return None, j
        if _TABLE_STOP.match(raw):
            break
        groups[-1][3].append(k)
        if len(groups[-1][3]) > 3 * m + 6:  # no next row for long: the table ended in this row
            break
        k += 1
    table = _Table(header[0][0], header[-1][1], roles)
    section: str | None = None
    end_line = j - 1
    for g, (kind, label, at, cl) in enumerate(groups):
        if kind == "section":
            section = label
            end_line = max([end_line, at, *cl[:1]])  # the title line
            continue
        spans, short = _group_cells(text, [lines[x] for x in cl], m, content - 1, g == len(groups) - 1)
        used = [x for x in cl if any(s <= lines[x][0] < e for s, e in spans)]
        end_line = max([end_line, at, *used])
        row = _Row(kind, label, [lines[at], *spans], section=section)
        if short:  # cells missing: only the content and a deadline in the last column are sure
            row.cells = [c if q in (0, content) or (q == m and roles[q] == "deadline") else (c[1], c[1])
                         for q, c in enumerate(row.cells)]
            table.short.add(id(row))
        if row.cells[content][1] > row.cells[content][0]:
            table.rows.append(row)
    if not any(r.kind == "row" for r in table.rows):
        return None, j
    table.end = lines[end_line][1]
    _row_ids(table)
    return table, end_line + 1


def _group_cells(
    text: str, cl: list[tuple[int, int]], m: int, content: int, last: bool
) -> tuple[list[tuple[int, int]], bool]:
    """The ``m`` cell spans of a row from its lines ``cl`` (index ``content`` is the content cell):
    wrapped cells joined, surplus lines given to the content (or, in the ``last`` row, left out as the
    text after the table); with too few lines (``short``) the first is the content and the last is put
    in the last column, the others are empty."""
    cells = [[s, e] for s, e in cl]
    q = 1
    while len(cells) > m and q < len(cells):
        if _CELL_GOES_ON.match(text, cells[q][0]):
            cells[q - 1][1] = cells[q][1]
            del cells[q]
        else:
            q += 1
    if len(cells) > m:
        if last:
            cells = cells[:m]
        else:
            extra = len(cells) - m
            cells[content][1] = cells[content + extra][1]
            del cells[content + 1 : content + 1 + extra]
    if len(cells) == m or not cells:
        return [(s, e) for s, e in cells] or [(0, 0)] * m, False
    out = [(c[1], c[1]) for c in cells] + [(cl[-1][1], cl[-1][1])] * (m - len(cells))
    out[content] = (cells[0][0], cells[0][1])
    if len(cells) > 1:
        out[-1] = (cells[-1][0], cells[-1][1])  # the last column (kept only as a deadline)
    return out, True


def _classify_row(
    text: str, cells: list[tuple[int, int]], id_col: int | None, content: int, others: list[int]
) -> _Row | None:
    has_content = cells[content][1] > cells[content][0]
    filled = [k for k in others if cells[k][1] > cells[k][0]]
    if id_col is None:
        if not has_content:
            return None
        c = text[cells[content][0] : cells[content][1]]
        if not filled:
            lab = _row_label(c.split(" ", 1)[0]) if _UPPER_TEXT.fullmatch(c) else None
            if lab is not None and lab[0] == "section":
                return _Row("section", lab[1], cells)
            return _Row("section", "", cells) if _UPPER_TEXT.fullmatch(c) else _Row("cont", "", cells)
        return _Row("row", "", cells)
    lab = _row_label(text[cells[id_col][0] : cells[id_col][1]])
    if lab is None:
        return None
    kind, label = lab
    if kind == "section":
        return _Row("section", label, cells)
    if kind == "bullet":
        if not has_content:
            return _Row("cont", "", cells) if filled else None
        if not filled:
            c = text[cells[content][0] : cells[content][1]]
            return _Row("section", "", cells) if _UPPER_TEXT.fullmatch(c) else _Row("cont", "", cells)
        return _Row("child", "", cells)
    if not has_content:
        return None
    return _Row("row" if kind == "row" else "child", label, cells)


def _row_ids(table: _Table) -> None:
    """Ids from the number cells: ``1``, ``1.2``; children ``1.a`` / ``1.1``; numbered from 1 without
    a number column; qualified by their section (``II.1``) when the numbering restarts in each section."""
    last_num = ""
    seq = 0
    kids = 0
    for r in table.rows:
        if r.kind == "row":
            if not r.label:
                seq += 1
                r.label = str(seq)
            r.id = r.label
            last_num = r.label
            kids = 0
        else:
            kids += 1
            r.id = f"{last_num}.{r.label or kids}" if last_num else (r.label or str(kids))
    seen: dict[str, str | None] = {}
    restart = False
    for r in table.rows:
        if r.id in seen and seen[r.id] != r.section:
            restart = True
        seen.setdefault(r.id, r.section)
    if restart:
        for r in table.rows:
            if r.section:
                r.id = f"{r.section}.{r.id}"


def _cell_names(ctx: _Ctx, s: int, e: int) -> list[_Name]:
    """The bodies a lead/support cell lists: "Bộ Y tế, Sở Tài chính; các cơ quan liên quan"."""
    if e <= s:
        return []
    sc = ctx.scanner
    toks = ctx.tokens(s, e)
    parts: list[tuple[int, int]] = []
    a = 0
    seg = 0  # first token after the last comma
    k = 0
    while k < len(toks):
        n = sc.alias_len(toks, k)
        if n:
            k += n
            continue
        t = toks[k]
        nxt = k + 1
        cut = False
        if t.text == ";" or (t.text == "," and nxt < len(toks) and toks[nxt].word):
            if t.text == ";":
                cut = True
            else:
                w = toks[nxt]
                collective = w.key in ("cac", "nhung") and sc.is_head(toks, nxt) > 0
                proper = w.upper and sc.is_head(toks, nxt) > 0 and not sc._bare_title(toks, a, k)
                # "cơ sở khám bệnh, chữa bệnh, cơ quan …": a new lower-case body after a name of
                # two words or more (not inside a collective list "các bộ, ngành, cơ quan")
                named = (
                    sc.is_head(toks, nxt) > 0
                    and k - seg >= 2
                    and toks[a].key not in ("cac", "nhung")
                    and not _vague(_clean(ctx.text[toks[a].start : toks[k - 1].end]))
                    and not sc._bare_title(toks, a, k)
                    and not _enumerates(toks, seg, k)
                )
                cut = collective or proper or named
        elif t.word and t.key == "va" and nxt < len(toks) and k > a and sc.is_head(toks, nxt):
            cut = toks[nxt].upper or toks[nxt].key in ("cac", "nhung")
        if cut:
            parts.append((a, k))
            a = nxt
        if t.text in (",", ";"):
            seg = nxt
        k += 1
    parts.append((a, len(toks)))
    out: list[_Name] = []
    for x, y in parts:
        while x < y and not toks[x].word:
            x += 1
        while y > x and not toks[y - 1].word:
            y -= 1
        if y <= x:
            continue
        y = _name_end(sc, toks, x, y)
        out.append(sc.name(toks, x, y))
    return out


def _enumerates(toks: list[_Tok], seg: int, k: int) -> bool:
    """The comma at ``k`` goes on with a "các" enumeration that completes one name: "UBND các huyện,
    thành phố", "Lãnh đạo các phòng, đơn vị trực thuộc Sở" (one or two words after "các"/"những", as
    the name scanner reads it in running text), not a list of bodies after a name of its own."""
    for q in range(max(seg, k - 3), k - 1):
        if toks[q].word and toks[q].key in ("cac", "nhung") and all(t.word for t in toks[q + 1 : k]):
            return True
    return False


def _name_end(sc: _Scanner, toks: list[_Tok], x: int, y: int) -> int:
    """Where a name in a cell ends: before a predicate ("Sở Y tế đối với địa phương") or before
    "trình <body>" ("Ủy ban nhân dân cấp tỉnh trình Hội đồng nhân dân cùng cấp")."""
    v = sc.v
    j = x + (sc.alias_len(toks, x) or 1)  # "Ban chỉ đạo …" is a registry name, not "Ban" + a predicate
    while j < y:
        n = sc.alias_len(toks, j)
        if n:
            j += n
            continue
        c = _match_at(toks, j, v.continuations, v.max_len)
        if c:
            j += c
            continue
        t = toks[j]
        if t.word and t.lower:
            if sc.predicate_at(toks, j):
                return j
            if t.key in v.cell_stops and j + 1 < y and toks[j - 1].key != "cong" and (
                toks[j + 1].key == "cap" or sc.is_head(toks, j + 1)
            ):
                return j
        j += 1
    return y


@cache
def _column_policy() -> Policy:
    # in a deadline column a bare year is due at its end and "Thường xuyên" is the schedule
    return Policy(weak_continuous=True, year_dates=True)


# words before the time that make it no due date: a start ("Từ quý II/2027"), a count ("Sau 6 tháng")
_CELL_NOT_DUE = regex.compile(r"\d|\b(?:từ|bắt\s+đầu|sau|kể|đã)\b", regex.I)
_CELL_WHEN = regex.compile(r"\b(?:ngày|tháng|quý|năm|trước|chậm\s+nhất|hạn)\s*(?:\d|[IVX]+\b)", regex.I)


def _column_deadline(ctx: _Ctx, s: int, e: int) -> Deadline | None:
    """The deadline a deadline-column cell gives: "Quý I/2029", "Tháng 6/2026", "2026", "Hằng năm",
    "Thường xuyên", "30/6/2026", "Từ quý III/2026 đến quý III/2030" (due at the range's end)."""
    if e <= s:
        return None
    cell = ctx.text[s:e]
    k = 0
    m = regex.search(r"(?:\bđến\b|\btới\b|\s[-–]\s*|(?<=\d)[-–](?=\s*(?:\d{4}|[Qq]uý|[Tt]háng)))\s*(?=\S)", cell, regex.I)
    if m and regex.search(r"\d", cell[m.end() :]):
        k = m.end()  # "2026-2030", "Từ quý III/2026 đến quý III/2030": the end of the range
    piece = cell[k:]
    lead = _CELL_WHEN.search(piece)
    if lead is not None and lead.start() > 0 and not _CELL_NOT_DUE.search(piece[: lead.start()]):
        k += lead.start()  # "Phiên họp tháng 9/2025", "Kỳ họp thứ 10 (tháng 10/2025)": the time it names
        piece = cell[k:]
    if regex.fullmatch(r"\s*\d{4}\s*", piece):
        prefix = "Thời hạn: năm "
    elif regex.fullmatch(r"\s*\d{1,2}\s*/\s*\d{4}\s*", piece):
        prefix = "Thời hạn: tháng "
    elif regex.match(r"\s*(?:ngày\s*)?\d{1,2}\s*/\s*\d{1,2}\b", piece, regex.I):
        prefix = "Hạn cuối: "
    else:
        prefix = "Thời hạn: "
    base = s + k
    try:
        dl = find_deadline(prefix + piece, doc_date=ctx.doc_date, offset=base - len(prefix), policy=_column_policy())
    except (AttributeError, ValueError, TypeError):  # pragma: no cover - a deadline never breaks a task
        return None
    if dl is None:
        return None
    ds = max(base, dl.start if dl.start is not None else base)
    de = min(e, dl.end if dl.end is not None else e)
    if de <= ds:
        ds, de = base, e
    dl.start, dl.end, dl.text = ds, de, ctx.text[ds:de]
    return dl


_OWNED_SET = regex.compile(r"\b(?:của|thuộc)\s+\p{Lu}")


def _named_set(name: str) -> bool:
    """A support cell's body worth naming: not an open list ("các cơ quan liên quan", "các cấp"), unless
    the set has an owner ("các Ủy ban khác của Quốc hội", "các đơn vị khác thuộc Bộ")."""
    return not _vague(name) or _OWNED_SET.search(name) is not None


@dataclass
class _Under:
    """What a table's rows inherit from the text around it, as a numbered item would: the bodies of the
    item it is typed under, else of its lead-in ("Các đơn vị thực hiện các nội dung sau:"), else the
    Kính gửi addressees; and whether its rows are read strictly (under goals, an explanation, a quote)."""

    names: list[_Name] = field(default_factory=list)
    strict: bool = False
    mode: str = "open"  # as :class:`_Held`: "stated" (goals: only a directive to a named body), "closed"


def _container(text: str, items: list[_Item], at: int) -> _Item | None:
    """The item a table starting at ``at`` is typed under: the last item before it when that is an
    article or a section, or ends with a colon that opens the table; else that item's parent."""
    prev = None
    for it in items:
        if it.start < at:
            prev = it
    while prev is not None:
        if prev.style in ("article", "roman"):
            return prev
        tail = text[prev.content : min(at, prev.end) if prev.end > prev.content else at].rstrip()
        if tail.endswith(":"):
            return prev
        prev = prev.parent
    return None


def _table_lead_in(ctx: _Ctx, table: _Table, lo: int) -> list[_Name]:
    """The bodies the sentence right before ``table`` names ("Đề nghị các Chi cục Thuế thực hiện:")."""
    text = ctx.text
    e = table.start
    while e > lo and text[e - 1].isspace():
        e -= 1
    s = max(lo, text.rfind("\n\n", lo, e) + 2 if text.rfind("\n\n", lo, e) != -1 else lo, e - 400)
    nl = text.rfind("\n", s, e)
    if nl != -1 and not text[nl + 1 : e].strip():
        return []
    s = nl + 1 if nl != -1 else s  # the last line (a paragraph is one line)
    if e <= s or text[e - 1] != ":":
        return []
    cut = max(text.rfind(". ", s, e - 2), text.rfind(".\n", s, e - 2))
    s = cut + 1 if cut >= 0 else s
    return _find(ctx, s, e, strict=True, subject=False).leads


def _under(
    ctx: _Ctx, table: _Table, items: list[_Item], held: dict[int, _Held], default: list[_Name], lo: int
) -> _Under:
    """What the rows of ``table`` inherit (see :class:`_Under`); ``lo``: where the text it sits in starts."""
    box = _container(ctx.text, items, table.start)
    h = held.get(id(box)) if box is not None else None
    names = h.names if h is not None else []
    if not names:
        names = _table_lead_in(ctx, table, max(lo, box.content if box is not None else lo))
    if h is None:
        return _Under(names or default)
    return _Under(names or default, h.strict, h.mode)


def _sparse(table: _Table, leads: list[int]) -> bool:
    """Fewer than half the rows name their lead in its column: the column tells little (a list of points
    typed as a table), so a row without a body there is judged as a numbered item is."""
    rows = [r for r in table.rows if id(r) not in table.short]
    filled = sum(1 for r in rows if any(r.pieces(q) for q in leads))
    return filled * 2 < len(rows)


def _row_as_item(ctx: _Ctx, s: int, e: int, under: _Under) -> tuple[_Found, bool, bool]:
    """A row's content read as a numbered item: who it obliges, whether it directs at all, and whether
    it was read strictly (an opener "Về …", "Căn cứ …", a report, an answer, goals)."""
    if under.mode == "closed":
        return _Found(), False, True
    toks = ctx.tokens(s, min(e, s + 400))
    strict = ctx.report or ctx.answer or under.strict or _is_opener(toks)
    found = _find(ctx, s, e, strict=strict)
    if under.mode == "stated":  # goals, principles: only a directive to a named body (as _stated_directive)
        return found, found.directive and bool(found.leads) and not _issuer_only(ctx, found.leads), True
    directive = found.directive or (not strict and (found.frame or _starts_imperative(toks) or bool(found.leads)))
    return found, directive, strict


def _table_tasks(
    ctx: _Ctx, table: _Table, out: _Emit, *, prefix: str, root_parent: str | None, ordinal: int,
    under: _Under | None = None,
) -> int:
    """Emit a task per row of ``table``; returns how many top-level rows came out. A row naming no body
    in its lead and support cells takes the bodies its content names or ``under``'s (as a numbered item
    takes its lead-in's); where the lead column is mostly empty such a row must also direct to be a task."""
    under = under or _Under()
    ids = {r.id for r in table.rows}
    if any(prefix + i in out.ids for i in ids):
        prefix = f"{prefix}B{ordinal}."
    content = table.roles.index("content")
    leads, supports, deadlines = table.col("lead"), table.col("support"), table.col("deadline")
    sparse = bool(leads) and _sparse(table, leads)
    top = 0
    for r in table.rows:
        body = r.pieces(content)
        if not body:
            continue
        cs, ce = body[0]
        names: list[_Name] = []
        for q in leads:
            for piece in r.pieces(q):
                names.extend(_cell_names(ctx, *piece))
        support: list[_Name] = []
        for q in supports:
            for piece in r.pieces(q):
                support.extend(_cell_names(ctx, *piece))
        inherited: list[_Name] | None = None
        if (leads or supports) and (names or support or id(r) in table.short):
            found = _Found(leads=_expand(ctx, names), support=[n for n in _expand(ctx, support) if _named_set(n.text)])
        elif leads or supports:  # no body in its cells: read the content as a numbered item
            found, directive, strict = _row_as_item(ctx, cs, ce, under)
            if not directive and (sparse or strict):
                continue  # an explanation ("Căn cứ …", "Về …") or a point of a list typed as a table
            inherited = under.names
        else:  # no body columns: the content names its bodies, else the rows carry the list's
            found = _find(ctx, cs, ce, strict=False)
            inherited = under.names
        dl = None
        for piece in (p for q in deadlines for p in r.pieces(q)):
            dl = _column_deadline(ctx, *piece)
            if dl is not None:
                break
        if dl is None and not any(r.pieces(q) for q in deadlines):  # no column, or its cell empty: the content's own
            dl = _deadline(ctx, ctx.text[cs:ce], cs)
        pid = r.id.rsplit(".", 1)[0] if "." in r.id else None
        parent = prefix + pid if pid is not None and pid in ids else root_parent
        top += parent is None
        out.add(
            Task(
                id=prefix + r.id,
                text=_clean(" ".join(ctx.text[a:b] for a, b in body)),
                parent=parent,
                start=cs,
                end=ce,
                assignees=_assignees(ctx, found, inherited, inferred=True),
                deadline=dl,
                kind="row",
            )
        )
    return top
