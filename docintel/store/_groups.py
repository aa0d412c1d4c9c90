"""Group names: which bodies "Các sở, ban, ngành tỉnh" or "Cục Thuế các tỉnh, thành phố" oblige.

Dispatches often address a task to a group rather than to a body: "Các sở, ban, ngành,
đoàn thể tỉnh", "UBND các huyện, thành phố", "Cục Thuế các tỉnh, thành phố trực thuộc
Trung ương", "Ủy ban nhân dân cấp tỉnh", "Các Bộ, cơ quan ngang Bộ". A person asking what
Sở Y tế must do wants those tasks too: Sở Y tế is one of the province's sở. :func:`parse_group`
reads such a name into a :class:`Group` (what kind of body its members are, at which level,
where), and :meth:`Group.covers` says whether a registry body (``docintel._agencies.Agency``)
is one of them, given the province of the document that names the group.

The reading is rule-based and refuses rather than guesses: a name whose head is not a known
body, "the sectors" or "the ministries" gives ``None``. A group without a territory of its own
("các Sở, ban, ngành Thành phố", "UBND các huyện") means the issuing document's province; one
that names the kinds of province ("các tỉnh, thành phố trực thuộc Trung ương", "tỉnh, thành
phố", "cấp tỉnh") means every province.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import regex

from .._normalise import fold, nfc

_TOKEN = regex.compile(r"[^\W_]+|[,;/]")
_SEPARATORS = {",", ";", "/"}
# words a territorial tail is made of ("các huyện, thị xã, thành phố", "tỉnh, thành phố trực thuộc TW")
_TAIL_WORDS = {"cac", "tinh", "thanh", "pho", "tp", "huyen", "quan", "thi", "xa", "phuong", "tran"}
# the head of a "sectors" group: "các sở, ban, ngành, đoàn thể", "các sở", "sở, ngành"
_SECTOR_WORDS = {"so", "ban", "nganh", "doan", "the", "co", "quan", "don", "vi", "dia", "phuong", "lien"}
_TAIL_STARTS = {"cac", "tinh", "tp", "thanh", "huyen", "quan", "thi", "xa", "phuong"}
_FILLER_TAIL = ("co lien quan", "lien quan", "khac co lien quan", "khac")
# bodies of a province that are not "sở, ban, ngành": its people's committee and council, Party committees
_NOT_SECTORS = {"ubnd", "hdnd", "tinh-uy", "thanh-uy"}

Kind = Literal["sectors", "instances", "ministries"]


@dataclass(frozen=True, slots=True)
class Group:
    """What a group name covers.

    ``kind``: ``sectors`` (a province's sở, ban, ngành), ``instances`` (every instance of the
    registry bodies ``bases`` at ``level``: "Cục Thuế các tỉnh", "UBND các huyện") or
    ``ministries`` ("các Bộ, cơ quan ngang Bộ"). ``everywhere``: every province, not only the
    naming document's. ``only_so``: "các Sở" (not ban, ngành) — only bodies named Sở ….
    """

    kind: Kind
    level: str  # central | province | district | commune | all ("UBND các cấp")
    bases: frozenset[str] = frozenset()
    everywhere: bool = False
    only_so: bool = False

    def same_as(self, other: Group) -> bool:
        """Whether two group names mean the same set of bodies (up to territory)."""
        return (self.kind, self.level, self.bases, self.only_so) == (other.kind, other.level, other.bases, other.only_so)

    def includes(self, other: Group) -> bool:
        """Whether every body of ``other`` is one of this group's (up to territory): the same
        group, or this one at every level ("UBND các cấp" holds "UBND cấp xã")."""
        if self.same_as(other):
            return True
        return self.level == "all" and (self.kind, self.bases, self.only_so) == (other.kind, other.bases, other.only_so)

    def covers(self, agency: Any, doc_province: str | None) -> bool:
        """Whether the registry body ``agency`` is a member of this group, named in a document of
        ``doc_province`` (a province id; ``None`` for a central or unplaced document, whose group of
        provincial bodies means all of them). A body without a province (a generic "Sở Y tế") is
        a member wherever the group is; a body of one province is a member of a province-bound
        group only when the document is of that province."""
        base = agency.base or agency.id
        if self.kind == "ministries":
            return bool(agency.level == "central" and base.startswith("bo-") and base != "bo-chinh-tri")
        if agency.level != self.level and not (self.level == "all" and agency.level != "central"):
            return False
        if self.kind == "sectors":
            if base in _NOT_SECTORS or not agency.scope or _not_a_sector(agency):
                return False
            if self.only_so and not agency.name.startswith("Sở "):
                return False
        elif base not in self.bases:
            return False
        if self.everywhere or agency.province is None or doc_province is None:
            return True  # a central document's "các Cục Thuế" means every one of them
        return doc_province == agency.province


def _not_a_sector(agency: Any) -> bool:
    """Bodies of a province that are not among "the sở, ban, ngành": the branch of a central
    body (Cục Thuế under Tổng cục Thuế, BHXH tỉnh) or a unit under a sở (CDC under Sở Y tế) —
    a sector answers to the people's committee, or to no registry parent (Công an tỉnh)."""
    parent = (agency.parent or "").partition("@")[0]
    return parent not in ("", "ubnd")


def _tokens(name: str) -> list[str]:
    return _TOKEN.findall(fold(nfc(name)))


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    """The registry's title words ("Giám đốc", "Chủ tịch" …) as folded token tuples, longest first."""
    from .._rules import load

    meta = load("agencies").meta or {}
    keys = {tuple(t for t in _tokens(str(x)) if t not in _SEPARATORS) for x in meta.get("titles") or []}
    return tuple(sorted((k for k in keys if k), key=len, reverse=True))


@cache
def _collective() -> tuple[tuple[str, ...], ...]:
    """The registry's collective words ("các", "toàn thể" …: rules/agencies.yaml ``collective``) as folded
    token tuples."""
    from .._rules import load

    meta = load("agencies").meta or {}
    return tuple(k for k in (tuple(_tokens(str(x))) for x in meta.get("collective") or []) if k)


def _strip_front(words: list[str]) -> tuple[list[str], bool]:
    """Leading titles, separators and collective words off; also whether a collective word was there."""
    plural = False
    changed = True
    while words and changed:
        changed = False
        if words[0] in _SEPARATORS:
            words = words[1:]
            changed = True
            continue
        for c in _collective():
            cw = list(c)
            if words[: len(cw)] == cw and len(words) > len(cw):
                words, plural, changed = words[len(cw) :], True, True
                break
        if changed:
            continue
        for t in _titles():
            if tuple(words[: len(t)]) == t and len(words) > len(t):
                words, changed = words[len(t) :], True
                break
    return words, plural


def _tail(words: list[str]) -> tuple[list[str], str | None, bool, bool]:
    """Split a territorial tail off: (head, level, everywhere, plural)."""
    w = list(words)
    everywhere = False
    # "trực thuộc Trung ương" (OCR may damage the last word), "trực thuộc TW" / "TƯ" / "T.Ư", or a
    # line that ends after "trực thuộc" (the rest lost at a line or page break): every province
    for k in range(len(w) - 2, -1, -1):
        if w[k : k + 2] == ["truc", "thuoc"] and (
            w[k + 2 : k + 3] in ([], ["trung"], ["tw"], ["tu"]) or w[k + 2 : k + 4] == ["t", "u"]
        ):
            w, everywhere = w[:k], True
            break
    # "các cấp" / "mọi cấp": the body at every level ("Ủy ban nhân dân các cấp")
    if len(w) >= 3 and w[-2] in {"cac", "moi"} and w[-1] == "cap":
        return w[:-2], "all", False, True
    if len(w) >= 2 and w[-2] == "cap" and w[-1] in {"tinh", "huyen", "xa"}:
        level = {"tinh": "province", "huyen": "district", "xa": "commune"}[w[-1]]
        return w[:-2], level, True, True
    i = len(w)
    while i > 0 and (w[i - 1] in _TAIL_WORDS or w[i - 1] in _SEPARATORS):
        i -= 1
    # a tail opens with a place word or "các"; "quận" only after "các" or a comma ("Cục Hải quan tỉnh")
    while i < len(w) and (
        w[i] not in _TAIL_STARTS or (w[i] == "quan" and not (i and (w[i - 1] == "cac" or w[i - 1] in _SEPARATORS)))
    ):
        i += 1
    tail = w[i:]
    words_only = [t for t in tail if t not in _SEPARATORS]
    if not words_only:
        return w, None, everywhere, False
    text = " ".join(words_only)
    plural = words_only[0] == "cac" or any(s in tail for s in _SEPARATORS) or len(words_only) > 2
    if regex.search(r"\b(huyen|quan|thi xa)\b", text):
        level = "district"
    elif regex.search(r"\b(phuong|thi tran)\b|(?<!thi )\bxa\b", text):
        level = "commune"
    elif regex.search(r"\b(tinh|tp|thanh pho)\b", text):
        level = "province"
        kinds = bool(regex.search(r"\btinh\b", text)) and bool(regex.search(r"\b(thanh pho|tp)\b", text))
        everywhere = everywhere or words_only[0] == "cac" or kinds
    else:
        return w, None, everywhere, False
    return w[:i], level, everywhere, plural or everywhere


def _strip_filler(words: list[str]) -> list[str]:
    for f in _FILLER_TAIL:
        fw = f.split()
        if len(words) > len(fw) and words[-len(fw) :] == fw:
            return words[: -len(fw)]
    return words


def _parts(words: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for t in words:
        if t in _SEPARATORS:
            if out[-1]:
                out.append([])
        else:
            out[-1].append(t)
    return [p for p in out if p]


@cache
def parse_group(name: str) -> Group | None:
    """The :class:`Group` a stored assignee name (or a user's query) stands for, or ``None`` when it
    names one body, or a group this reading does not know."""
    words = _tokens(name)
    head, plural = _strip_front(words)
    head, level, everywhere, tail_plural = _tail(head)
    head = _strip_filler([t for t in head])
    # a title or "các" may stand after an enumerated title ("Giám đốc, Thủ trưởng các Sở")
    head, plural2 = _strip_front(head)
    plural = plural or plural2 or tail_plural
    plain = [t for t in head if t not in _SEPARATORS]
    if not plain:
        return None
    joined = " ".join(plain)
    # the ministries: "các Bộ", "Bộ, cơ quan ngang Bộ", "Bộ trưởng các bộ, ngành", "các bộ, ngành khác"
    if plain[0] == "bo" and (
        len(plain) == 1
        or joined.startswith(("bo nganh", "bo co quan ngang bo"))
        or (joined == "bo truong" and plural)
    ) and (plural or "," in head):
        return Group("ministries", "central")
    if joined.startswith("bo truong cac bo") or joined.startswith("bo truong bo nganh"):
        return Group("ministries", "central")
    # a province's sectors: "các sở, ban, ngành, đoàn thể tỉnh", "Sở, ngành"
    if set(plain) <= _SECTOR_WORDS and "so" in plain and (plural or "nganh" in plain or "ban" in plain):
        if level not in (None, "province"):
            return None
        only_so = not ({"ban", "nganh"} & set(plain))
        return Group("sectors", "province", everywhere=everywhere, only_so=only_so)
    if not plural:
        return None  # "UBND tỉnh", "Sở Y tế": one body, not a group
    from .._agencies import registry

    reg = registry()
    bases: set[str] = set()
    body_levels: set[str] = set()
    for part in [plain, *(_parts(head) if "," in head or ";" in head else [])]:
        m = reg.lookup(" ".join(part))
        a = m.agency if m is not None else None
        if a is None or not a.scope:
            if part is plain:
                continue
            return None if not bases else Group("instances", level or next(iter(body_levels)), frozenset(bases), everywhere)
        bases.add(a.base or a.id)
        body_levels.add(a.level)
        if part is plain:
            break
    if not bases:
        return None
    lvl = level or (next(iter(body_levels)) if len(body_levels) == 1 else None)
    if lvl is None:
        return None
    return Group("instances", lvl, frozenset(bases), everywhere)


__all__ = ["Group", "parse_group"]
