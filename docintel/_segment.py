"""Segmentation of the top of a dispatch into its Decree 30/2020 components.

The header of a Vietnamese dispatch has two columns: the issuing body, ``Số:`` and
``V/v`` on the left; the national motto and the place-and-date line on the right.
PDF and OCR extraction deliver them either one column after the other or merged line
by line (``TONG CỤC THUÊ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM``). The segmenter walks
the first lines once, splits each merged line where the right column starts (the
motto or the place-and-date, found with folded, OCR-tolerant regexes from
``rules/header.yaml``), and records the components as spans: issuer lines, number
line, place-and-date, type name and title, V/v subject, urgency, security, the
Kính gửi block and where the body starts. Digital-signature stamps and page
furniture above the header are set aside in ``stamps``.

Bounded work: at most :data:`MAX_LINES` lines of at most :data:`MAX_LINE` characters
are examined, so arbitrary input cannot make a regex backtrack for long.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from ._model import Block, Document, Line, Segments
from ._normalise import fold
from ._rules import RuleFile, load

MAX_LINES = 90
MAX_LINE = 400
MAX_ZONE = 12000
# a legal title (trích yếu) under the type name: a đính chính or sửa đổi title that names several
# amended documents runs to 15+ printed lines; the body start ("Căn cứ …") or the authority
# line ("BỘ TRƯỞNG BỘ …") ends it long before this cap
MAX_TITLE_LINES = 24


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their spans in ``text``."""
    end = len(text) if end is None else end
    out: list[Line] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        out.append(Line(text[pos:stop], pos, stop))
        if nl == -1:
            break
        pos = nl + 1
    return out


_LEFT_TRAIL = regex.compile(r"(?:\s+[|l_—–\-=,>.:;*~]+)+\s*$|[\s|_—–=,>:;*~]+$")
_SEPARATOR = regex.compile(r"^[\W_]*$")
_HAS_TIME = regex.compile(r"\d{1,2}[:h]\d\d\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")


@dataclass(slots=True)
class _Hit:
    """A match in a slice of the folded text, with offsets in the whole text."""

    m: regex.Match[str]
    base: int

    def start(self, group: int | str = 0) -> int:
        return self.base + self.m.start(group)

    def end(self, group: int | str = 0) -> int:
        return self.base + self.m.end(group)


@dataclass(slots=True)
class _Rules:
    rf: RuleFile

    def match(self, rule_id: str, folded: str) -> regex.Match[str] | None:
        return self.rf.by_id(rule_id).search(folded)

    def first(self, rule_id: str, folded: str, pos: int, endpos: int) -> _Hit | None:
        """Earliest match of the rule in ``folded[pos:endpos]`` (``^`` anchors at ``pos``)."""
        piece = folded[pos:endpos]
        best: regex.Match[str] | None = None
        for p in self.rf.by_id(rule_id).patterns:
            m = p.search(piece)
            if m and (best is None or m.start() < best.start()):
                best = m
        return None if best is None else _Hit(best, pos)


def _rules() -> _Rules:
    return _Rules(load("header"))


@cache
def _dangling_words() -> frozenset[str]:
    return frozenset(str(x) for x in load("header").meta.get("subject_dangling") or [])


def _strip_line(text: str, start: int, end: int) -> Line | None:
    """``text[start:end]`` without edge spaces and column junk; ``None`` if nothing is left."""
    seg = text[start:end]
    m = _LEFT_TRAIL.search(seg)
    if m:
        seg = seg[: m.start()]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if not seg:
        return None
    s = start + lead
    return Line(seg, s, s + len(seg))


def is_issuer_like(line: str) -> bool:
    """A header line that can name a body: mostly capitals, some letters, no clock time."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) < 4 or len(line) > 120:
        return False
    if _HAS_TIME.search(line):
        return False
    upper = sum(c.isupper() for c in letters)
    return upper / len(letters) >= 0.6


def issuer_wrap(line: str) -> bool:
    """The end of an issuer's name wrapped onto its own short line under it ("CỤC THUẾ TỈNH
    THANH" / "HÓA" in a narrow header column): a word or three in capitals, no digits."""
    words = line.split()
    letters = [c for c in line if c.isalpha()]
    return 0 < len(words) <= 3 and len(letters) >= 2 and all(c.isupper() for c in letters) and not any(
        c.isdigit() for c in line
    )


class _Walker:
    """One pass over the top lines; fills a :class:`Segments`."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.folded = doc.folded if len(doc.folded) == len(doc.text) else fold(doc.text)
        self.r = _rules()
        zone_end = min(len(self.text), MAX_ZONE)
        nl = self.text.find("\n", zone_end)
        self.lines = lines_of(self.text, 0, len(self.text) if nl == -1 else nl)[:MAX_LINES]
        self.seg = Segments()
        self.anchors = False  # motto, Số: or place-and-date seen
        self.prev_kind: str | None = None  # kind of the previous non-blank left part
        self.right_prev_ends_viet = False

    # -- helpers ------------------------------------------------------------
    def f(self, start: int, end: int) -> str:
        return self.folded[start:end]

    def split(self, ln: Line) -> tuple[Line | None, list[tuple[str, Line]]]:
        """Split a (possibly merged) line into its left part and right-column parts."""
        s, e = ln.start, min(ln.end, ln.start + MAX_LINE)
        cuts: list[tuple[int, str]] = []
        for rid in ("motto-1", "motto-2"):
            m = self.r.first(rid, self.folded, s, e)
            if m:
                cuts.append((m.start(), rid))
        pm = self.r.first("place-date", self.folded, s, e)
        place_cut: int | None = None
        if pm:
            from .fields._dates import find_place_date

            pd = find_place_date(self.text, self.folded, s, e)
            place_cut = pd.place_start if pd and pd.place_start is not None else pm.start()
            cuts.append((place_cut, "place-date"))
        if not cuts:
            left = self.cut_received(_strip_line(self.text, s, ln.end))
            if left and self.right_prev_ends_viet and regex.search(r"\bnam\s*$", self.f(left.start, left.end)):
                # "…CHỦ NGHĨA VIỆT" / "TONG CỤC THUÊ NAM": the motto wrapped into this line
                m = regex.search(r"\s*\bnam\s*$", self.f(left.start, left.end))
                assert m is not None
                left = _strip_line(self.text, left.start, left.start + m.start())
            self.right_prev_ends_viet = False
            return left, []
        cuts.sort()
        first = cuts[0][0]
        left = self.cut_received(_strip_line(self.text, s, first)) if first > s else None
        rights: list[tuple[str, Line]] = []
        for k, (pos, kind) in enumerate(cuts):
            stop = cuts[k + 1][0] if k + 1 < len(cuts) else ln.end
            if stop <= pos:
                continue
            part = _strip_line(self.text, pos, stop)
            if part:
                rights.append((kind, part))
        last = rights[-1][1] if rights else None
        self.right_prev_ends_viet = bool(last and regex.search(r"\bviet\s*$", self.f(last.start, last.end)))
        return left, rights

    def cut_received(self, left: Line | None) -> Line | None:
        """``left`` up to where a received-stamp fragment starts (``| Chuyển:……``, ``Số và ký hiệu HS``).

        A line that *is* a stamp fragment is set aside in ``stamps`` and gives ``None``.
        """
        if left is None:
            return None
        m = self.is_kind("received-stamp", left)
        if m is None:
            return left
        if not regex.search(r"\w", self.text[left.start : m.start()]):
            self.seg.stamps.append(Block(left.start, left.end, [left]))
            return None
        return _strip_line(self.text, left.start, m.start())

    def is_kind(self, rule_id: str, ln: Line) -> _Hit | None:
        return self.r.first(rule_id, self.folded, ln.start, min(ln.end, ln.start + MAX_LINE))

    def next_nonblank(self, i: int) -> int | None:
        j = i
        while j < len(self.lines):
            if self.lines[j].text.strip():
                return j
            j += 1
        return None

    # -- blocks ---------------------------------------------------------------
    def take_subject(self, i: int, first: Line) -> int:
        lines = [first]
        j = i + 1
        while j < len(self.lines) and len(lines) < 7:
            ln = self.lines[j]
            if not ln.text.strip():
                k = self.next_nonblank(j)
                if k is None or k - j > 2:
                    break
                nxt = self.lines[k].text.strip()
                if not nxt[:1].islower() and not self._dangling(lines[-1]):
                    break
                j = k
                continue
            left, rights = self.split(ln)
            for kind, part in rights:
                self.right(kind, part)
            if left is None:
                j += 1
                if rights:
                    continue
                break
            if self.kinh_at(left) is not None:
                break
            if any(self.is_kind(rid, left) for rid in ("urgency", "security", "body-start")):
                break
            if self.is_kind("number", left) and not (self.seg.number_line is not None and left.text[:1].islower()):
                break  # a wrapped "… theo Thông tư / số 32/2011/TT-BTC" is no second Số: line
            if len(left.text) > 160 and len(lines) > 0:
                break
            if _MOTTO_TAIL.match(self.f(left.start, left.end)):
                j += 1  # "inh phúc": the motto's end, wrapped below the V/v column
                continue
            lines.append(left)
            j += 1
        lines = self._clean_subject([self._keep_punct(x) for x in lines])
        self.seg.subject = Block(lines[0].start, lines[-1].end, lines)
        self.seg.header_left.extend(lines)
        return j

    def _dangling(self, ln: Line) -> bool:
        """The subject line ends with a word that cannot end the phrase (``số``, ``và các``)."""
        words = self.f(ln.start, ln.end).rstrip().split()
        if not words or ln.text.rstrip()[-1:] in ".;:":
            return False
        tails = _dangling_words()
        return words[-1] in tails or " ".join(words[-2:]) in tails

    def _keep_punct(self, ln: Line) -> Line:
        """A wrapped subject or title line keeps the comma or semicolon it ends with
        (``thanh tra,`` / ``kiểm tra``), which column-junk stripping took off."""
        if ln.end < len(self.text) and self.text[ln.end] in ",;" and ln.text[-1:].isalnum():
            nl = self.text.find("\n", ln.end)
            if not self.text[ln.end + 1 : len(self.text) if nl == -1 else nl].strip():
                return Line(ln.text + self.text[ln.end], ln.start, ln.end + 1)
        return ln

    def _clean_subject(self, lines: list[Line]) -> list[Line]:
        """Cut received-stamp agency names (``… liên quan CỤC THUẾ TỈNH HÒA BÌNH``) and drop
        trailing lines that are not Vietnamese (``x at``: OCR debris above Kính gửi)."""
        out: list[Line] = []
        for k, ln in enumerate(lines):
            cut = _stamp_agency_tail(ln.text, first=k == 0)
            if cut is not None:
                if cut == 0:
                    continue
                kept = _strip_line(self.text, ln.start, ln.start + cut)
                if kept is None:
                    continue
                ln = kept
            out.append(ln)
        if not out:
            out = lines[:1]
        while len(out) > 1 and not plausible_text(out[-1].text):
            out.pop()
        return out

    def take_title(self, i: int, type_line: Line) -> int:
        lines = [type_line]
        j = i + 1
        skipped = 0
        while j < len(self.lines) and len(lines) < MAX_TITLE_LINES:
            ln = self.lines[j]
            t = ln.text.strip()
            if not t or _SEPARATOR.match(t):
                if len(lines) == 1 and skipped < 3:
                    skipped += 1
                    j += 1
                    continue
                break
            part = _strip_line(self.text, ln.start, ln.end)
            if part is None:
                break
            lower_start = part.text[:1].islower()  # a wrapped title line ("ngày 01 tháng 7 …", "thực hiện …")
            if self.is_kind("kinh-gui", part):
                break
            if not lower_start and (self.is_kind("body-start", part) or self.is_kind("number", part)):
                break
            if len(lines) > 1 and self._authority_line(part):
                break
            if len(lines) > 1 and regex.match(r"^\s*(?:dieu\s+\d|chuong\s|[ivx]+\.\s|\d+\.\s)", self.f(part.start, part.end)):
                break
            lines.append(self._keep_punct(part))
            j += 1
        if len(lines) > 1:
            k = self.next_nonblank(j)
            nxt = self.lines[k] if k is not None else None
            if nxt is None or self.is_kind("body-start", nxt):
                cut = self._authority_suffix(lines[-1])
                if cut is not None:
                    lines[-1] = cut
        self.seg.title = Block(lines[0].start, lines[-1].end, lines)
        return j

    def _authority_suffix(self, ln: Line) -> Line | None:
        """The last title line without the issuing authority glued to its end
        (``… TIẾP TỤC CÓ HIỆU LỰC CHÍNH PHỦ`` before ``Căn cứ``), else ``None``."""
        if not self.seg.issuer_lines:
            return None
        name = " ".join(regex.sub(r"\W+", " ", fold(x.text)).strip() for x in self.seg.issuer_lines[-1:])
        key = regex.sub(r"\W+", " ", self.f(ln.start, ln.end)).strip()
        if not name or not key.endswith(" " + name):
            return None
        head = key[: -len(name)].strip()
        if len(head.split()) < 2 or regex.search(r"\b(?:cua|va|ve|voi|doi voi|cho|tai|thuoc)$", head):
            return None  # "… CỦA CHÍNH PHỦ": the name belongs to the title
        tail = ln.text[len(ln.text) - len(ln.text.lstrip()) :]
        letters = [c for c in tail if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.9:
            return None
        m = regex.search(r"(?:\W+\w+){" + str(len(name.split())) + r"}\W*$", self.f(ln.start, ln.end))
        if m is None:
            return None
        return _strip_line(self.text, ln.start, ln.start + m.start())

    def _authority_line(self, ln: Line) -> bool:
        """The issuing authority repeated under a title (``ỦY BAN THƯỜNG VỤ QUỐC HỘI``)."""
        letters = [c for c in ln.text if c.isalpha()]
        if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.9:
            return False
        prev = self.seg.title.lines[-1].text if self.seg.title else ""
        key = regex.sub(r"\W+", " ", self.f(ln.start, ln.end)).strip()
        issuer_keys = {regex.sub(r"\W+", " ", fold(x.text)).strip() for x in self.seg.issuer_lines}
        joined = " ".join(regex.sub(r"\W+", " ", fold(x.text)).strip() for x in self.seg.issuer_lines)
        if key in issuer_keys or key == joined:
            return True
        if regex.match(
            r"^(?:bo truong|chu tich|thu tuong|tong cuc truong|cuc truong|giam doc|vu truong|chanh|"
            r"uy ban|hoi dong|chinh phu|quoc hoi|ban thuong vu|ban chap hanh|thong doc|tong kiem toan|"
            r"chanh an|vien truong|bo chinh tri|ban bi thu)\b",
            key,
        ):
            # unless the title line above is cut mid-phrase ("… CỦA" / "HỘI ĐỒNG …")
            return not regex.search(r"(?:\b(?:cua|va|ve|voi|doi voi|cho|tai)|[,\-])\s*$", fold(prev))
        return False

    def kinh_at(self, left: Line) -> Line | None:
        """The Kính gửi block's first line in ``left``: at its start, or after stamp debris
        that OCR put before it on the same line (``Cole THỘNG TA BIỆN TỰ CNH PHD Kính gửi:``)."""
        if self.is_kind("kinh-gui", left):
            return left
        m = regex.search(r"\bk[i1]nh\s*g[u]i\b\s*(?:[:;]|$)", self.f(left.start, left.end))
        if m is None:
            return None
        before = self.text[left.start : left.start + m.start()]
        if _subject_like(before) and not is_issuer_like(before):
            return None  # "… kính gửi: …" inside a sentence
        s = left.start + m.start()
        return Line(self.text[s : left.end], s, left.end)

    def _from_kinh(self, ln: Line) -> Line:
        """``ae” Kính gửi: …`` → ``Kính gửi: …``: OCR debris before the words is not part of the block."""
        m = regex.search(r"k[i1]nh\s*g", self.f(ln.start, ln.end))
        if m is None or m.start() == 0 or regex.search(r"\w{4}", self.text[ln.start : ln.start + m.start()]):
            return ln
        s = ln.start + m.start()
        return Line(self.text[s : ln.end], s, ln.end)

    def take_kinh_gui(self, i: int, first: Line) -> int:
        lines = [first]
        j = i + 1
        addr = self.r.rf.by_id("address")
        while j < len(self.lines) and len(lines) < 40:
            ln = self.lines[j]
            t = ln.text.strip()
            if not t:
                k = self.next_nonblank(j)
                if k is None or k - j > 2:
                    break
                nt = self.lines[k].text.strip()
                if nt[:1] in "-–—+•" and len(lines) >= 1:
                    j = k
                    continue
                break
            fl = self.f(ln.start, ln.end)
            prev = lines[-1].text.rstrip()
            if t[:1] in "-–—+•" or addr.search(fl):
                lines.append(Line(ln.text, ln.start, ln.end))
                j += 1
                continue
            if self.is_kind("body-start", ln) or self.is_kind("kinh-gui", ln):
                break
            cont = prev.endswith((",", "-", "–", "và", "(")) or t[:1].islower() or (prev.count("(") > prev.count(")"))
            if cont and len(t) < 160:
                lines.append(Line(ln.text, ln.start, ln.end))
                j += 1
                continue
            break
        self.seg.kinh_gui = Block(lines[0].start, lines[-1].end, lines)
        return j

    # -- classification -------------------------------------------------------------
    def right(self, kind: str, part: Line) -> None:
        self.seg.header_right.append(part)
        self.anchors = True
        if kind == "place-date":
            self.prev_kind = "place-date"
            if self.seg.place_date is None:
                self.seg.place_date = part

    def run(self) -> Segments:
        seg = self.seg
        body_start: int | None = None
        first_debris: int | None = None
        nonblank = 0
        i = 0
        n = len(self.lines)
        while i < n:
            ln = self.lines[i]
            if not ln.text.strip():
                i += 1
                continue
            if _SEPARATOR.match(ln.text):
                i += 1
                continue
            nonblank += 1
            fl = self.f(ln.start, min(ln.end, ln.start + MAX_LINE))
            if self.r.match("stamp", fl) or (not self.anchors and self.r.match("datetime-stamp", fl)):
                seg.stamps.append(Block(ln.start, ln.end, [ln]))
                i += 1
                continue
            prev_kind = self.prev_kind
            left, rights = self.split(ln)
            for kind, part in rights:
                self.right(kind, part)
            if left is None:
                i += 1
                continue
            kinh = self.kinh_at(left)
            if kinh is not None:
                full = _strip_line(self.text, ln.start, ln.end) if not rights else left
                first = Line(ln.text.strip(), full.start, full.start + len(ln.text.strip())) if full and not rights else left
                if kinh.start > left.start:
                    first = Line(self.text[kinh.start : first.end], kinh.start, first.end)
                j = self.take_kinh_gui(i, self._from_kinh(first))
                body_start = self._line_start(j)
                break
            if seg.number_line is None and seg.title is None and self.is_kind("number", left):
                seg.number_line = left
                seg.header_left.append(left)
                self.anchors = True
                self.prev_kind = "number"
                i += 1
                continue
            m = self.is_kind("urgency", left)
            if m and seg.urgency is None:
                seg.urgency = left
                self.prev_kind = "urgency"
                i += 1
                continue
            m = self.is_kind("security", left)
            if m and seg.security is None:
                seg.security = left
                i += 1
                continue
            if seg.subject is None and seg.title is None:
                strong = self.is_kind("subject", left)
                weak = self.prev_kind in {"number", "place-date"} and self.is_kind("subject-weak", left)
                # "Ứ⁄ thuế GTGT Hà Nội, ngày …": right under the number, the left part of the
                # place-and-date line is the V/v column even when OCR garbled the marker
                beside_date = prev_kind == "number" and rights_is_place(rights) and _subject_like(left.text)
                # "V4 Thuế GTGT …", "W⁄%: ngày lập …", "4A: xử lý …": a V/v OCR damaged
                # beyond the marker rules, on the line right under the number or the date
                garbled = (
                    not rights
                    and self.prev_kind in {"number", "place-date"}
                    and garbled_marker(left.text) > 0
                    and _subject_like(left.text[garbled_marker(left.text) :])
                    and not self.is_kind("body-start", left)
                )
                if strong or weak or beside_date or garbled:
                    i = self.take_subject(i, left)
                    self.prev_kind = "subject"
                    continue
            if seg.title is None:
                from .fields._doctype import type_of_line

                if type_of_line(left.text):
                    i = self.take_title(i, left)
                    # a Tờ trình or Công điện may still have Kính gửi / urgency below its title
                    k = self.next_nonblank(i)
                    if k is not None and k - i <= 3:
                        nxt = _strip_line(self.text, self.lines[k].start, self.lines[k].end)
                        if nxt and self.is_kind("kinh-gui", nxt):
                            i = self.take_kinh_gui(k, nxt)
                    body_start = self._line_start(i)
                    break
            if self.is_kind("body-start", left) and (self.anchors or seg.issuer_lines or i > 0):
                body_start = left.start
                break
            if seg.number_line is None and seg.subject is None and not rights_is_place(rights):
                if is_issuer_like(left.text) or (self.prev_kind == "issuer" and issuer_wrap(left.text)):
                    seg.issuer_lines.append(left)
                    seg.header_left.append(left)
                    self.prev_kind = "issuer"
                    i += 1
                    continue
            if rights and any(k == "place-date" for k, _ in rights):
                self.prev_kind = "place-date"
                i += 1
                continue
            if self.anchors and len(left.text) < 30:
                # short OCR debris between header components
                i += 1
                continue
            if not self.anchors and not seg.issuer_lines and nonblank < 10:
                # debris above the header (stamp fragments, logos, a web page's title)
                if first_debris is None:
                    first_debris = left.start
                i += 1
                continue
            body_start = left.start
            break
        found = self.anchors or seg.issuer_lines or seg.title or seg.subject or seg.kinh_gui or seg.number_line
        if not found and first_debris is not None:
            body_start = first_debris if body_start is None else min(first_debris, body_start)
        if body_start is None:
            last = [x.end for x in (seg.number_line, seg.place_date, seg.urgency, seg.security) if x is not None]
            last += [b.end for b in (seg.subject, seg.title, seg.kinh_gui) if b is not None]
            last += [x.end for x in seg.issuer_lines + seg.header_right]
            body_start = self._after(max(last)) if last else 0
        seg.body = Block(body_start, len(self.text))
        seg.header_left.sort(key=lambda x: x.start)
        return seg

    def _line_start(self, i: int) -> int:
        while i < len(self.lines) and not self.lines[i].text.strip():
            i += 1
        if i < len(self.lines):
            return self.lines[i].start
        return self._after(self.lines[-1].end) if self.lines else 0

    def _after(self, pos: int) -> int:
        nl = self.text.find("\n", pos)
        return len(self.text) if nl == -1 else nl + 1


_WORD = regex.compile(r"[^\W\d_]+")
_MOTTO_TAIL = regex.compile(r"^\W*(?:\w{0,3}\s*d[o0]\s*[-—–]+\s*)?\w{0,2}nh\s*ph\w{0,2}\W*$")
_AGENCY_RUN = regex.compile(r"(?:^|(?<=\s))[|\\/]?\s*((?:[\p{Lu}][\p{Lu}\p{M}.]*:?\s+){2,}[\p{Lu}][\p{Lu}\p{M}]*)\s*$")


def _valid_word(w: str) -> bool:
    from .ingest._legacy import is_syllable

    if any(c.isdigit() for c in w):
        return True  # Covid-19, 40/2021/TT-BTC
    w = regex.sub(r"^\W+|\W+$", "", w)
    if not w:
        return False
    if len(w) >= 2 and w.isupper() and len(w) <= 8:
        return True  # an abbreviation: GTGT, TNCN, XNKTC
    if len(w) >= 4 and w[0].isupper() and w[1:].islower():
        return True  # a foreign name: Singapore, Covid
    return all(is_syllable(p) for p in regex.split(r"[-/]", w) if p)


def plausible_text(line: str) -> bool:
    """Is ``line`` Vietnamese rather than OCR debris? More than a quarter of its words
    must be well-formed syllables, abbreviations or numbers (``x at``, ``ree``, ``do-t``
    are not; ``thuếNhậtBảnc g cấp.`` is damaged text, kept)."""
    words = [w for w in line.split() if any(c.isalnum() for c in w)]
    if not words:
        return False
    ok = sum(_valid_word(w) for w in words)
    return ok > 0 and ok / len(words) > 0.25


def _stamp_agency_tail(line: str, *, first: bool) -> int | None:
    """Where a received stamp's agency name starts at the end of a subject line, or ``None``.

    The receiving office stamps its name (``CỤC THUẾ TỈNH HÒA BÌNH``) over the V/v column;
    OCR appends it to a lower-case subject line. It is cut when the run of three or more
    upper-case words is an agency the registry knows. A whole upper-case line after the
    first is cut the same way (offset 0).
    """
    m = _AGENCY_RUN.search(line)
    if m is None:
        return None
    before = line[: m.start()]
    if m.start() == 0 and first:
        return None
    if before.strip() and not any(c.islower() for c in before):
        return None  # an upper-case subject ("V/V KÊ KHAI THUẾ …") is not stamped text
    try:
        from ._agencies import registry

        name = registry().restore(regex.sub(r"[:.]", " ", m.group(1)))
    except Exception:  # noqa: BLE001 - the registry is optional here
        return None
    if not name:
        return None
    return m.start()


_MARKER = regex.compile(r"^\s*(\S{1,4}?)[:.]?\s+(?=\w)")
_LIST_MARK = regex.compile(r"^(?:\d{1,2}[.)]?|[a-zđ][.)]|[IVXivx]{1,4}[.)]|[-+•*–—])$")


def garbled_marker(text: str) -> int:
    """Length of a damaged ``V/v`` marker at the start of ``text`` (``V4``, ``W⁄%:``, ``4A:``,
    ``Ứ⁄``), 0 when the first word is a word or a list mark (``1.``, ``a)``, ``-``)."""
    from .ingest._legacy import is_syllable

    m = _MARKER.match(text)
    if m is None:
        return 0
    tok = m.group(1)
    if _LIST_MARK.match(tok) or tok.isalpha() and (is_syllable(tok) or tok.isupper() and len(tok) >= 2):
        return 0
    if tok.isalpha() and not regex.match(r"^[vwyVWY]", tok):
        return 0  # a plain non-word ("Oe") is no marker
    return m.end()


def _subject_like(text: str) -> bool:
    """A lower-case phrase (a subject), not a body's name or a number."""
    if is_issuer_like(text):
        return False
    return sum(1 for w in _WORD.findall(text) if w.islower() and len(w) >= 2) >= 1


def rights_is_place(rights: list[tuple[str, Line]]) -> bool:
    return any(k == "place-date" for k, _ in rights)


def segment(doc: Document) -> None:
    """Pipeline step: fill ``doc.segments`` (header components, Kính gửi, body start)."""
    if not doc.folded or len(doc.folded) != len(doc.text):
        doc.folded = fold(doc.text)
    doc.segments = _Walker(doc).run()


__all__ = ["MAX_LINE", "MAX_LINES", "garbled_marker", "is_issuer_like", "lines_of", "plausible_text", "segment"]
