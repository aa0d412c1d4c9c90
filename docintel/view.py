"""A visual view of a parsed dispatch: every extracted value highlighted in the stored text.

For archivists who check a parse by eye. :func:`to_html` turns a :class:`Document` into a
self-contained HTML page (no scripts, no external files):

- a summary table (type, number, issuer, place and date, subject, urgency, recipients,
  signer, warnings), each row tinted in the colour of its highlight;
- the whole stored text (:attr:`Document.text`) rendered by spaCy's displaCy in *manual*
  mode (no Vietnamese trained pipeline exists, so the entities are our own spans), with a
  colour per label and a legend;
- a task table (id, assignees with their roles, deadline, text) and a citation table.

:func:`record_to_html` does the same from a stored ``docintel.parse/1`` record and its
text (what the archive keeps), and :func:`layout` returns the highlights themselves.

displaCy cannot draw overlapping or nested entities, so :func:`layout` resolves overlaps
deterministically: spans that are identical merge into one highlight whose label names
every value (``TO · LEAD``); otherwise the *shorter* (more specific) span is placed first
and a longer one keeps only the parts left free (a subject that contains a citation shows
as ``SUBJECT`` · ``CITE·bãi bỏ`` · ``SUBJECT``); a value fully covered by shorter ones is
listed under the legend instead. Task texts are too long to highlight: a task is marked by
its list marker (``1.``, ``a)``, ``Điều 3.``) and first word, and described in the table.
"""

from __future__ import annotations

import bisect
import html
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from ._export import to_contract
from ._model import Document

__all__ = ["COLORS", "LABELS", "Entity", "Layout", "layout", "record_to_html", "to_html"]

#: Label → (description shown in the legend, colour).
LABELS: dict[str, tuple[str, str]] = {
    "TYPE": ("loại văn bản — document type", "#d0bfff"),
    "NUMBER": ("số, ký hiệu — number", "#eebefa"),
    "PARENT": ("cơ quan chủ quản — parent body", "#d0ebff"),
    "ISSUER": ("cơ quan ban hành — issuer", "#74c0fc"),
    "PLACE": ("địa danh — place", "#c3fae8"),
    "DATE": ("ngày ban hành — date", "#8ce99a"),
    "URGENCY": ("độ khẩn — urgency", "#ff8787"),
    "SUBJECT": ("trích yếu — subject", "#fff3bf"),
    "TO": ("kính gửi — recipient", "#ffd8a8"),
    "CC": ("nơi nhận — copy to", "#e9ecef"),
    "SIGNER": ("người ký — signer", "#fcc2d7"),
    "E-SIGNED": ("chữ ký số — digital signature", "#e6fcf5"),
    "TASK": ("nhiệm vụ — task (see the task table)", "#ced4da"),
    "LEAD": ("chủ trì — lead assignee", "#ffa94d"),
    "SUPPORT": ("phối hợp — supporting assignee", "#ffe066"),
    "DEADLINE": ("thời hạn — deadline", "#ffa8a8"),
    "CITE": ("văn bản dẫn chiếu — citation (·relation)", "#99e9f2"),
}
COLORS: dict[str, str] = {k: c for k, (_, c) in LABELS.items()}
#: Order of precedence among spans of equal length (and of labels in a merged highlight).
_ORDER = {k: i for i, k in enumerate(LABELS)}
_NAMES = {"TO", "CC", "LEAD", "SUPPORT"}

_MARKER = regex.compile(
    r"[ \t]*(?:[-+•–*·]|Điều[ \t]+\d+[a-zđ]?\.?|Khoản[ \t]+\d+\.?|\(?(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)])[ \t]*$",
    regex.IGNORECASE,
)
_BULLET = regex.compile(r"[-+•–*·][ \t]+")
_LEAD_IN = regex.compile(r"\w[\w/-]*(?:[ \t]+\w[\w/-]*){0,4}")
_ALNUM = regex.compile(r"\w")
_LINE = regex.compile(r"[^\n]+")


@dataclass(slots=True)
class Entity:
    """One highlight: ``text[start:end]`` drawn with ``label``; ``tip`` shows on hover."""

    label: str
    start: int
    end: int
    tip: str = ""
    kinds: tuple[str, ...] = ()  # the base labels merged into this highlight
    part: bool = False  # a piece of a longer value split around shorter ones
    tagged: bool = True  # draws its label (the last piece of a split value does)


@dataclass(slots=True)
class Layout:
    """The highlights of a text, in text order, and the values that could not be shown."""

    entities: list[Entity] = field(default_factory=list)
    hidden: list[Entity] = field(default_factory=list)  # covered entirely by shorter values


# --------------------------------------------------------------------------- candidates


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _trim(text: str, start: Any, end: Any, *, name: bool = False) -> tuple[int, int] | None:
    """A valid, whitespace-trimmed span of ``text`` or ``None``.

    ``name``: also drop a list bullet before and the separator after (``- Sở Y tế;``).
    """
    s, e = _int(start), _int(end)
    if s is None or e is None or s < 0 or e > len(text) or s >= e:
        return None
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if name:
        m = _BULLET.match(text, s, e)
        if m and m.end() < e:
            s = m.end()
        while e - 1 > s and text[e - 1] in ";,:.":
            e -= 1
    return (s, e) if s < e else None


@dataclass(slots=True)
class _Cand:
    kind: str
    label: str
    start: int
    end: int
    tips: list[str]


def _candidates(rec: Mapping[str, Any], text: str) -> list[_Cand]:
    out: list[_Cand] = []

    def add(kind: str, start: Any, end: Any, tip: str = "", label: str | None = None) -> None:
        sp = _trim(text, start, end, name=kind in _NAMES)
        if sp:
            out.append(_Cand(kind, label or kind, sp[0], sp[1], [tip] if tip else []))

    spans = rec.get("spans") or {}

    def span(key: str) -> tuple[Any, Any]:
        v = spans.get(key) or {}
        return v.get("start"), v.get("end")

    add(
        "TYPE", *span("doc_type"), tip=" · ".join(x for x in (rec.get("doc_type"), rec.get("type_name")) if x)
    )
    num = rec.get("number") or {}
    add("NUMBER", num.get("start"), num.get("end"), tip=num.get("text") or "")
    iss = rec.get("issuer") or {}
    add(
        "ISSUER",
        iss.get("start"),
        iss.get("end"),
        tip=" · ".join(x for x in (iss.get("name"), iss.get("agency_id")) if x),
    )
    add("PARENT", *span("issuer_parent"), tip=iss.get("parent") or "")
    add("PLACE", *span("place"), tip=rec.get("place") or "")
    add("DATE", *span("date"), tip=rec.get("date") or "")
    add("URGENCY", *span("urgency"), tip=rec.get("urgency") or "")
    add("SUBJECT", *span("subject"))
    for r in rec.get("recipients") or []:
        kind = "CC" if r.get("role") == "cc" else "TO"
        add(
            kind,
            r.get("start"),
            r.get("end"),
            tip=" · ".join(x for x in (r.get("agency_id"), r.get("purpose")) if x),
        )
    sg = rec.get("signer") or {}
    add("SIGNER", sg.get("start"), sg.get("end"), tip=_signer_text(sg))
    ds = rec.get("digital_signature") or {}
    add(
        "E-SIGNED",
        ds.get("start"),
        ds.get("end"),
        tip=" · ".join(x for x in (ds.get("signed_by"), ds.get("signed_at")) if x),
    )
    for t in rec.get("tasks") or []:
        tid = str(t.get("id") or "?")
        for a in t.get("assignees") or []:
            kind = "SUPPORT" if a.get("role") == "support" else "LEAD"
            tip = f"task {tid}" + (" (from Kính gửi / lead-in)" if a.get("inferred") else "")
            add(kind, a.get("start"), a.get("end"), tip=tip)
        dl = t.get("deadline") or {}
        add("DEADLINE", dl.get("start"), dl.get("end"), tip=f"task {tid}: {_deadline_text(dl)}")
    for c in rec.get("citations") or []:
        rel = c.get("relation")
        tip = " ".join(x for x in (c.get("doc_type"), c.get("number"), c.get("date"), c.get("issuer")) if x)
        add("CITE", c.get("start"), c.get("end"), tip=tip, label=f"CITE·{rel}" if rel else "CITE")
        for m in c.get("mentions") or []:
            if isinstance(m, list | tuple) and len(m) == 2:
                add(
                    "CITE", m[0], m[1], tip=f"{tip} (mentioned again)", label=f"CITE·{rel}" if rel else "CITE"
                )
    return out


def _task_marks(rec: Mapping[str, Any], text: str) -> list[_Cand]:
    """For each task: its list marker (``1.``, ``-``, ``Điều 3.``) before the start on the same
    line, or else its first words up to a comma, at most five (a syllable alone would cut a
    word in two: ``Chỉ|đạo``)."""
    out: list[_Cand] = []
    for t in rec.get("tasks") or []:
        sp = _trim(text, t.get("start"), t.get("end"))
        if not sp:
            continue
        start = sp[0]
        line_start = text.rfind("\n", 0, start) + 1
        marker = _trim(text, line_start, start) if start - line_start <= 16 else None
        if marker and _MARKER.match(text, line_start, start):
            lo, hi = marker
        else:
            w = _LEAD_IN.match(text, start, sp[1])
            lo, hi = start, (w.end() if w else start)
        if hi > lo:
            tid = str(t.get("id") or "?")
            out.append(_Cand("TASK", f"TASK {tid}", lo, hi, [f"task {tid} ({t.get('kind') or 'item'})"]))
    return out


# --------------------------------------------------------------------------- resolution


def _free(lo: int, hi: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Parts of [lo, hi) not covered by the sorted, disjoint ``taken`` intervals."""
    parts, cur = [], lo
    for s, e in taken:
        if e <= cur:
            continue
        if s >= hi:
            break
        if s > cur:
            parts.append((cur, s))
        cur = max(cur, e)
        if cur >= hi:
            break
    if cur < hi:
        parts.append((cur, hi))
    return parts


def _merge(cands: Iterable[_Cand]) -> list[_Cand]:
    """Identical spans become one candidate with every label; identical values merge tips."""
    by_span: dict[tuple[int, int], list[_Cand]] = {}
    for c in cands:
        by_span.setdefault((c.start, c.end), []).append(c)
    out = []
    for (s, e), group in by_span.items():
        group.sort(key=lambda c: _ORDER.get(c.kind, 99))
        labels: list[str] = []
        kinds: list[str] = []
        tips: list[str] = []
        for c in group:
            if c.label not in labels:
                labels.append(c.label)
            if c.kind not in kinds:
                kinds.append(c.kind)
            tips += [t for t in c.tips if t not in tips]
        out.append(_Cand("+".join(kinds), " · ".join(labels), s, e, tips))
    return out


def _place(
    cands: list[_Cand], text: str, taken: list[tuple[int, int]], *, first_only: bool = False
) -> tuple[list[Entity], list[Entity]]:
    placed: list[Entity] = []
    hidden: list[Entity] = []
    order = sorted(
        cands, key=lambda c: (c.end - c.start, _ORDER.get(c.kind.split("+")[0], 99), c.start, c.label)
    )
    for c in order:
        kinds = tuple(c.kind.split("+"))
        tip = " | ".join(c.tips)
        name = bool(_NAMES.intersection(kinds))
        parts = [p for p in (_trim(text, a, b, name=name) for a, b in _free(c.start, c.end, taken)) if p]
        if not first_only:  # a task's marker may be a bare bullet; other values need a letter or digit
            parts = [p for p in parts if _ALNUM.search(text, p[0], p[1]) or p == (c.start, c.end)]
        if first_only:
            parts = parts[:1]
        if not parts:
            hidden.append(Entity(c.label, c.start, c.end, tip, kinds))
            continue
        whole = parts == [(c.start, c.end)]
        for i, p in enumerate(parts):
            placed.append(Entity(c.label, p[0], p[1], tip, kinds, part=not whole, tagged=i == len(parts) - 1))
            bisect.insort(taken, p)
    return placed, hidden


def layout(record: Mapping[str, Any] | Document, text: str | None = None) -> Layout:
    """The highlights of a parse: non-overlapping, in text order, each ``text[start:end]``.

    ``record`` is a :class:`Document` or its ``docintel.parse/1`` record (then ``text``
    is the stored text it was parsed from).
    """
    if isinstance(record, Document):
        text = record.text if text is None else text
        record = to_contract(record)
    text = text or ""
    taken: list[tuple[int, int]] = []
    ents, hidden = _place(_merge(_candidates(record, text)), text, taken)
    marks, _ = _place(_task_marks(record, text), text, taken, first_only=True)
    return Layout(
        sorted(ents + marks, key=lambda e: (e.start, e.end)), sorted(hidden, key=lambda e: (e.start, e.end))
    )


# --------------------------------------------------------------------------- text helpers


def _signer_text(sg: Mapping[str, Any]) -> str:
    parts = []
    for pre, title in sg.get("chain") or []:
        parts.append(f"{pre}. {title}")
    if not parts and sg.get("authority"):
        parts.append(f"{sg['authority']}. {sg.get('for') or ''}".strip())
    parts += [x for x in (sg.get("title"), sg.get("name")) if x]
    return " / ".join(parts)


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_UNITS = {"d": "days", "wd": "working days", "w": "weeks", "m": "months", "h": "hours", "y": "years"}


def _deadline_text(dl: Mapping[str, Any]) -> str:
    """A short reading of a deadline: date, recurrence or relative limit (without the phrase)."""
    if not dl:
        return ""
    bits: list[str] = []
    if dl.get("immediate"):
        bits.append("immediately")
    rec = dl.get("recurrence")
    if rec:
        n = dl.get("interval") or 1
        unit = {
            "daily": "day",
            "weekly": "week",
            "monthly": "month",
            "quarterly": "quarter",
            "yearly": "year",
        }.get(rec)
        r = f"every {n} {unit}s" if unit and n != 1 else rec
        if isinstance(dl.get("weekday"), int) and 0 <= dl["weekday"] < 7:
            r += f", {_WEEKDAYS[dl['weekday']]}"
        if dl.get("day_of_month"):
            r += f", day {dl['day_of_month']}"
        if dl.get("month"):
            r += f", month {dl['month']}"
        bits.append(r)
    if dl.get("date"):
        bits.append(f"from {dl['date']}" if rec else f"by {dl['date']}")
    if dl.get("period_end"):
        bits.append(f"until {dl['period_end']}")
    if dl.get("duration"):
        d = str(dl["duration"])
        m = regex.fullmatch(r"(\d+)([a-z]+)", d)
        dur = f"{m.group(1)} {_UNITS.get(m.group(2), m.group(2))}" if m else d
        bits.append(f"within {dur}" + (f" of {dl['anchor']}" if dl.get("anchor") else ""))
    if dl.get("time"):
        bits.append(f"at {dl['time']}")
    if dl.get("estimated"):
        bits.append("(estimated)")
    if dl.get("open_end"):
        bits.append("(no fixed end)")
    return ", ".join(bits)


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def _excerpt(s: str, n: int = 180) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _paren(s: str) -> str:
    s = s.strip()
    return s if s.startswith("(") else f"({s})"


def _anchor(task_id: str) -> str:
    """A fragment id for a task's mark in the text (``task-1.2``)."""
    return "task-" + regex.sub(r"[^\w.-]+", "-", task_id)


def _color(label: str) -> str:
    return COLORS.get(label.split("·")[0].split(" ")[0], "#dee2e6")


# --------------------------------------------------------------------------- HTML

# {tag} instead of displaCy's {label}: a value that runs over several lines is drawn one
# mark per line, and only the last one carries the label.
_TPL_ENT = '<mark class="entity"{anchor} title="{tip}" style="background: {bg}">{text}{tag}</mark>'
_GAP = regex.compile(r"(?:<br>\s*){2,}")
_LEADING_GAP = regex.compile(r'(<div class="entities"[^>]*>)\s*(?:<br>\s*|<div class="gap"></div>\s*)+')

_CSS = """
.docintel-view { font-family: 'Noto Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif; font-size: 15px;
  color: #212529; max-width: 1100px; margin: 0 auto; line-height: 1.45; }
.docintel-view h1 { font-size: 1.35em; margin: 0 0 .2em; }
.docintel-view h2 { font-size: 1.1em; margin: 1.6em 0 .5em; border-bottom: 1px solid #dee2e6; padding-bottom: .2em; }
.docintel-view .src { color: #6c757d; font-size: .85em; word-break: break-all; margin-bottom: 1em; }
.docintel-view table { border-collapse: collapse; width: 100%; }
.docintel-view th, .docintel-view td { border: 1px solid #dee2e6; padding: .35em .55em; vertical-align: top; text-align: left; }
.docintel-view table.summary th { width: 9em; white-space: nowrap; font-weight: 600; border-left-width: 6px; }
.docintel-view table.tasks th, .docintel-view table.cites th { background: #f1f3f5; }
.docintel-view ul { margin: 0; padding-left: 1.1em; }
.docintel-view td.nw { white-space: nowrap; }
.docintel-view table.tasks td:first-child { white-space: nowrap; }
.docintel-view table.tasks a { color: inherit; }
.docintel-view .warn { color: #c92a2a; }
.docintel-view .muted { color: #868e96; }
.docintel-view .chip { display: inline-block; border-radius: .3em; padding: 0 .35em; font-size: .75em;
  font-weight: 700; margin-left: .3em; vertical-align: .1em; }
.docintel-view .legend { display: flex; flex-wrap: wrap; gap: .35em .9em; font-size: .85em; margin: .4em 0 .8em; }
.docintel-view .legend span.sw { display: inline-block; width: .95em; height: .95em; border-radius: .2em;
  vertical-align: -.12em; margin-right: .3em; border: 1px solid rgba(0,0,0,.15); }
.docintel-view .entities { font-family: 'Noto Serif', 'Times New Roman', serif; font-size: 15.5px; line-height: 2.1;
  border: 1px solid #dee2e6; border-radius: .4em; padding: 1em 1.3em; background: #fff; overflow-wrap: anywhere; }
.docintel-view mark.entity { padding: .18em .35em; margin: 0 .12em; border-radius: .3em; line-height: 1.2;
  white-space: pre-line; box-decoration-break: clone; -webkit-box-decoration-break: clone; color: #000; }
.docintel-view mark.entity .ent-label { font-family: 'Noto Sans', Arial, sans-serif; font-size: .66em; font-weight: 700;
  letter-spacing: .02em; margin-left: .4em; vertical-align: .15em; color: #343a40; white-space: nowrap; }
.docintel-view .entities .gap { height: .55em; }
.docintel-view details summary { cursor: pointer; }
.docintel-view .full { white-space: pre-line; margin-top: .3em; }
"""


def _chip(label: str) -> str:
    return f'<span class="chip" style="background:{_color(label)}">{_e(label)}</span>'


def _summary(rec: Mapping[str, Any]) -> str:
    rows: list[tuple[str, str, str]] = []  # (header, label for the colour, cell html)
    tn = rec.get("type_name")
    dt = rec.get("doc_type")
    rows.append(("Type", "TYPE", _e(" — ".join(x for x in (dt, tn) if x) or "?")))
    num = rec.get("number") or {}
    rows.append(("Number", "NUMBER", _e(num.get("text") or "—")))
    iss = rec.get("issuer") or {}
    cell = _e(iss.get("name") or "?")
    if iss.get("parent"):
        cell += f' <span class="muted">(under {_e(iss["parent"])})</span>'
    rows.append(("Issuer", "ISSUER", cell))
    rows.append(
        ("Place, date", "DATE", _e(", ".join(x for x in (rec.get("place"), rec.get("date")) if x) or "—"))
    )
    rows.append(("Subject", "SUBJECT", _e(rec.get("subject") or "—")))
    if rec.get("urgency"):
        rows.append(("Urgency", "URGENCY", _e(rec["urgency"])))
    if rec.get("security"):
        rows.append(("Security", "URGENCY", _e(rec["security"])))
    for role, head in (("to", "To"), ("cc", "Copy to")):
        names = [r for r in rec.get("recipients") or [] if r.get("role") == role]
        if names:
            items = "".join(
                f"<li>{_e(r.get('name'))}"
                + (f' <span class="muted">{_e(_paren(r["purpose"]))}</span>' if r.get("purpose") else "")
                + "</li>"
                for r in names
            )
            rows.append((head, role.upper(), f"<ul>{items}</ul>"))
    sg = rec.get("signer") or {}
    rows.append(("Signer", "SIGNER", _e(_signer_text(sg) or "—")))
    ds = rec.get("digital_signature") or {}
    if ds.get("signed_by") or ds.get("organisation"):
        rows.append(
            (
                "Signed digitally",
                "E-SIGNED",
                _e(
                    " · ".join(
                        x for x in (ds.get("signed_by"), ds.get("organisation"), ds.get("signed_at")) if x
                    )
                ),
            )
        )
    n_tasks, n_cites = len(rec.get("tasks") or []), len(rec.get("citations") or [])
    rows.append(("Tasks, citations", "TASK", f"{n_tasks} tasks, {n_cites} citations"))
    warns = rec.get("warnings") or []
    if warns:
        rows.append(
            (
                "Warnings",
                "URGENCY",
                '<ul class="warn">' + "".join(f"<li>{_e(w)}</li>" for w in warns) + "</ul>",
            )
        )
    body = "".join(
        f'<tr><th style="border-left-color:{_color(lab)}">{_e(h)}</th><td>{cell}</td></tr>'
        for h, lab, cell in rows
    )
    return f'<table class="summary">{body}</table>'


def _legend(lay: Layout) -> str:
    present: list[str] = []
    for e in lay.entities + lay.hidden:
        for k in e.kinds:
            if k not in present:
                present.append(k)
    present.sort(key=lambda k: _ORDER.get(k, 99))
    items = "".join(
        f'<span><span class="sw" style="background:{COLORS[k]}"></span><b>{_e(k)}</b> {_e(LABELS[k][0])}</span>'
        for k in present
        if k in LABELS
    )
    return f'<div class="legend">{items}</div>'


def _hidden(lay: Layout, text: str) -> str:
    if not lay.hidden:
        return ""
    items = "".join(
        f"<li>{_chip(h.label)} “{_e(_excerpt(text[h.start : h.end], 120))}” "
        f'<span class="muted">[{h.start}–{h.end}]{" " + _e(h.tip) if h.tip else ""}</span></li>'
        for h in lay.hidden
    )
    return f'<p class="muted">Also extracted, inside shorter highlights:</p><ul>{items}</ul>'


def _entities_html(text: str, lay: Layout, title: str | None) -> str:
    from spacy import displacy  # imported here: spaCy takes a second to import

    ents = []
    anchors: set[str] = set()
    for e in lay.entities:
        anchor = ""
        if e.kinds == ("TASK",):
            a = _anchor(e.label[len("TASK ") :])
            if a not in anchors:
                anchors.add(a)
                anchor = f' id="{a}"'
        lines = [
            p for p in (_trim(text, m.start(), m.end()) for m in _LINE.finditer(text, e.start, e.end)) if p
        ]
        # lines of bare punctuation ('-', ';') inside a multi-line value are not worth a mark
        lines = [p for p in lines if _ALNUM.search(text, p[0], p[1])] or lines[-1:]
        for i, (s, t) in enumerate(lines):
            tag = f'<span class="ent-label">{_e(e.label)}</span>' if e.tagged and i == len(lines) - 1 else ""
            ents.append(
                {
                    "start": s,
                    "end": t,
                    "label": _e(e.label),
                    "params": {"tip": _e(e.tip or e.label), "tag": tag, "anchor": anchor if i == 0 else ""},
                }
            )
    colors = {_e(e.label).upper(): _color(e.label) for e in lay.entities}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W006 "no entities" is not news in a view
        out = displacy.render(
            [{"text": text, "ents": ents, "title": _e(title) if title else None}],
            style="ent",
            manual=True,
            page=False,
            jupyter=False,
            options={"colors": colors, "template": _TPL_ENT},
        )
    # blank lines become a short gap instead of a full line each
    out = _GAP.sub('<div class="gap"></div>', str(out))
    return _LEADING_GAP.sub(r"\1", out)


def _tasks(rec: Mapping[str, Any]) -> str:
    tasks = rec.get("tasks") or []
    if not tasks:
        return '<p class="muted">No tasks found.</p>'
    rows = []
    for t in tasks:
        who = (
            "<br>".join(
                f"{_e(a.get('name'))}{_chip('SUPPORT' if a.get('role') == 'support' else 'LEAD')}"
                + (' <span class="muted">(inferred)</span>' if a.get("inferred") else "")
                for a in t.get("assignees") or []
            )
            or '<span class="muted">—</span>'
        )
        dl = t.get("deadline") or {}
        due = ""
        if dl:
            due = f"<b>{_e(_deadline_text(dl) or '—')}</b>"
            if dl.get("text"):
                due += f'<br><span class="muted">“{_e(dl["text"])}”</span>'
        txt = str(t.get("text") or "")
        ex = _excerpt(txt)
        cell = (
            _e(ex)
            if ex == " ".join(txt.split())
            else f'<details><summary>{_e(ex)}</summary><div class="full">{_e(txt)}</div></details>'
        )
        tid = f'<a href="#{_anchor(str(t.get("id") or "?"))}">{_e(t.get("id"))}</a>'
        parent = f'<br><span class="muted">under {_e(t["parent"])}</span>' if t.get("parent") else ""
        dash = '<span class="muted">—</span>'
        kind = f'<span class="muted">{_e(t.get("kind") or "")}</span>'
        rows.append(
            f"<tr><td><b>{tid}</b>{parent}<br>{kind}</td><td>{who}</td><td>{due or dash}</td><td>{cell}</td></tr>"
        )
    head = "<tr><th>Task</th><th>Assignees</th><th>Deadline</th><th>Text</th></tr>"
    return f'<table class="tasks">{head}{"".join(rows)}</table>'


def _citations(rec: Mapping[str, Any]) -> str:
    cites = rec.get("citations") or []
    if not cites:
        return ""
    rows = "".join(
        f'<tr><td class="nw">{_e(c.get("relation") or "—")}</td><td>{_e(c.get("doc_type") or "")}</td>'
        f'<td class="nw">{_e(c.get("number"))}{" " + _e(c["article"]) if c.get("article") else ""}</td>'
        f'<td class="nw">{_e(c.get("date") or "")}</td>'
        f"<td>{_e(c.get('issuer') or '')}</td><td>{_e(_excerpt(str(c.get('subject') or ''), 140))}</td></tr>"
        for c in cites
    )
    head = (
        "<tr><th>Relation</th><th>Type</th><th>Number</th><th>Date</th><th>Issuer</th><th>Subject</th></tr>"
    )
    return f'<h2>Citations</h2><table class="cites">{head}{rows}</table>'


def record_to_html(
    record: Mapping[str, Any], text: str, *, page: bool = True, title: str | None = None
) -> str:
    """The view of a stored ``docintel.parse/1`` record and the text it was parsed from.

    ``page=False`` returns an embeddable ``<div>`` (with its own ``<style>``).
    """
    src = record.get("source") or {}
    path = src.get("path") or ""
    num = (record.get("number") or {}).get("text")
    heading = (
        title
        or " ".join(
            x
            for x in (
                record.get("type_name") or record.get("doc_type"),
                num and f"số {num}",
                record.get("date"),
            )
            if x
        )
        or path
        or "document"
    )
    lay = layout(record, text)
    body = (
        f'<div class="docintel-view"><style>{_CSS}</style>'
        f"<h1>{_e(heading)}</h1>"
        f'<div class="src">{_e(path)}{" · sha256 " + _e(src.get("sha256")) if src.get("sha256") else ""}</div>'
        f"{_summary(record)}"
        f"<h2>Text with extracted values</h2>{_legend(lay)}"
        f"{_entities_html(text, lay, None)}{_hidden(lay, text)}"
        f"<h2>Tasks</h2>{_tasks(record)}{_citations(record)}</div>"
    )
    if not page:
        return body
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{_e(heading)}</title></head><body style="margin: 1.5em">{body}</body></html>\n'
    )


def to_html(doc: Document, *, page: bool = True) -> str:
    """A self-contained HTML view of a parsed document (``page=False``: an embeddable ``<div>``)."""
    return record_to_html(to_contract(doc), doc.text, page=page)
