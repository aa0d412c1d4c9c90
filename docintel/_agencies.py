"""The agency registry: canonical names for the bodies dispatches mention.

Data lives in ``rules/agencies.yaml`` (bodies with abbreviations, level, parent,
territorial scope) and ``rules/provinces.yaml`` (the 63 pre-2025 provinces and the
34 post-July-2025 units). :func:`registry` loads both once and offers:

* :meth:`Registry.lookup` — a mention ("UBND tỉnh", "SYT", "các phòng thuộc Sở") → an
  :class:`AgencyMatch`, relative to the issuing body's province and the issuer itself;
  an ambiguous mention resolves to no agency (with the candidates listed), never a guess.
* :meth:`Registry.restore` — the display form of an OCR-damaged or ASCII-folded
  name: ``"CỤC THUE TINH BAC NINH"`` → ``"Cục Thuế tỉnh Bắc Ninh"``; ``None`` when unsure.
* :meth:`Registry.candidates` — ranked agencies for a "did you mean" listing.

Matching runs on :func:`~docintel._normalise.fold` tokens (marks dropped, ``đ`` → ``d``):
exact alias sequences first (longest match), then rapidfuzz over aliases of the same
token count for OCR damage, with a score threshold and a margin over the runner-up.

Province-scoped bodies are *instances* of a registry entry: ``so-y-te@lang-son`` is
"Sở Y tế tỉnh Lạng Sơn"; a bare "Sở Y tế" with no province known resolves to the
generic entry ``so-y-te`` (``AgencyMatch.generic``), which a query can widen to every
instance by the ``so-y-te@`` prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import regex
from rapidfuzz import fuzz, process

from ._normalise import fix_tone_placement, fold, nfc
from ._rules import load

if TYPE_CHECKING:
    from ._model import Issuer, TextValue

# ---------------------------------------------------------------------------
# data classes


@dataclass(frozen=True, slots=True)
class Province:
    id: str
    name: str
    kind: str  # "tỉnh" | "thành phố"
    era: str = "both"  # pre2025 | post2025 | both
    merged_into: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True, slots=True)
class District:
    """A district-level unit of a province (``quận Hà Đông`` of Hà Nội), from the gazetteer in
    ``rules/provinces.yaml``: a name written after a body places it in that province."""

    name: str
    kind: str  # "quận" | "huyện" | "thị xã" | "thành phố"
    province: str  # province id


@dataclass(frozen=True, slots=True)
class Agency:
    id: str
    name: str
    level: str  # central | province | district | commune | unit
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    scope: str | None = None  # province | district | commune: one body per territory
    template: str | None = None
    unit: bool = False  # a part of another body ("Văn phòng", "Thanh tra Sở")
    national: bool = False  # scoped, but the bare name means the national body
    kind: str | None = None  # fixed place kind for the template (Tỉnh ủy → tỉnh)
    province: str | None = None  # province id, for instances
    place: str | None = None  # district/commune name as written, for instances
    base: str | None = None  # registry entry id an instance was made from
    short: str | None = None  # abbreviated display ("UBND tỉnh Lạng Sơn")

    @property
    def abbreviation(self) -> str | None:
        return next((a for a in self.aliases if _is_abbrev(a)), None)


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """The result of :meth:`Registry.lookup` (frozen: the registry hands the same one out again
    for the same question).

    ``agency`` is ``None`` when the mention is ambiguous (``ambiguous`` lists the
    candidates) or names a body only relative to an unknown context.
    """

    mention: str
    agency: Agency | None
    score: float = 100.0
    via: str = "exact"  # exact | fuzzy | issuer | province
    ambiguous: list[Agency] = field(default_factory=list)
    province: Province | None = None
    title: str | None = None  # "Giám đốc" in "Giám đốc Sở Y tế"
    generic: bool = False  # a scoped body whose territory is unknown (the registry entry itself)
    collective: bool = False  # "các Sở", "UBND các huyện": a group, not one body
    part_of: bool = False  # "các phòng thuộc Sở": a part of ``agency``

    @property
    def ok(self) -> bool:
        return self.agency is not None


# ---------------------------------------------------------------------------
# tokens

_TOKEN = regex.compile(r"[0-9a-z]+(?:\s*&\s*[0-9a-z]+)*")
_SPACE = regex.compile(r"\s+")
_UPPER_WORD = regex.compile(r"^[\p{Lu}0-9&\-./]+$")


def _is_abbrev(alias: str) -> bool:
    """``UBND``, ``Sở GD&ĐT``, ``TTg``: a short form kept as written in a display."""
    return any(
        (_UPPER_WORD.match(w) and sum(c.isalpha() for c in w) >= 2) or (len(w) <= 4 and sum(c.isupper() for c in w) >= 2)
        for w in alias.split()
    )


@dataclass(frozen=True, slots=True)
class _Tok:
    key: str
    start: int
    end: int
    word: str = ""  # the token as written (marks kept)


def _tokens(text: str) -> list[_Tok]:
    """Folded tokens with their spans in ``text`` (fold is same-length)."""
    f = fold(text)
    return [_Tok(_SPACE.sub("", m.group(0)), m.start(), m.end(), text[m.start() : m.end()]) for m in _TOKEN.finditer(f)]


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    """The folded token key of a name (registry names and aliases are keyed again and again)."""
    return " ".join(t.key for t in _tokens(nfc(text)))


@dataclass(frozen=True, slots=True)
class _Alias:
    agency: Agency
    display: str  # what restore() writes for it
    abbrev: bool


@dataclass(slots=True)
class _Seg:
    aliases: list[_Alias]  # candidates sharing the matched key (more than one = ambiguous)
    start: int  # token index
    end: int
    score: float


@dataclass(slots=True)
class _Place:
    kind_key: str | None
    kind_display: str | None
    level: str | None
    province: Province | None
    raw: str | None  # a district/commune name as written
    end: int  # token index after the place
    score: float = 100.0
    implied_kind: str | None = None  # the gazetteer's kind of a district named without one ("quận")
    gazetteer: bool = False  # a listed district: its province is the gazetteer's (None: not the document's either)


# ---------------------------------------------------------------------------
# the registry

FUZZ_CUTOFF = 86.0  # rapidfuzz ratio for one OCR-damaged name part
FUZZ_MARGIN = 4.0  # the winner must beat a different candidate by this much
MIN_FUZZ_LEN = 5  # shorter keys must match exactly
LOOKUP_MEMO = 65536  # answers kept per registry (a document asks for its issuer's and recipients' names many times)
COMMON_WORD = 15  # a syllable in this many Viet74K words is a word as written, not OCR damage


@cache
def _word_counts() -> tuple[dict[str, int], dict[str, int]]:
    """How many Viet74K words each syllable is part of: by the syllable as written (tone placement
    normalised, both conventions added up) and, for unmarked text, by its folded form (the most
    common syllable that folds to it). Empty when the lexicon is unavailable."""
    from ._lexicon import syllable_entries

    marked: dict[str, int] = {}
    folded: dict[str, int] = {}
    for syl, n in syllable_entries().items():
        k = fix_tone_placement(syl)
        marked[k] = marked.get(k, 0) + n
    for k, n in marked.items():
        f = fold(k)
        folded[f] = max(folded.get(f, 0), n)
    return marked, folded


def _is_word(written: str) -> bool:
    """``Đông``, ``Báo``, ``phố``, ``dong``: a common Vietnamese syllable as written, so a different
    word rather than a damaged one (``Dươg``, ``B6``, ``Céng``, ``tir`` and rare ones like ``Tâng``
    are damage)."""
    if not written.isalpha():
        return False
    low = fix_tone_placement(nfc(written).lower())
    marked, folded = _word_counts()
    n = folded.get(low, 0) if low.isascii() else marked.get(low, 0)
    return n >= COMMON_WORD


def _damage_only(
    words: Sequence[str], window: Sequence[str], key: Sequence[str], *, strict: bool, kinds: frozenset[str]
) -> bool:
    """True when the tokens a fuzzy match changes (``window`` against the alias ``key``, both
    folded) are damage, not other words. Never: a body kind written in full read as another
    ("Báo Xây dựng" is no "Bộ Xây dựng", "Cục Tổ chức cán bộ" no "Vụ Tổ chức cán bộ"). ``strict``
    (a name met in running text): no changed token is a common word as written either ("Hà Đông"
    is no "Hải Dương", "Hội đồng Dân tộc" no "Hội Nông dân"); a header name being restored, where
    OCR damage makes words too ("TỤC THUÊ", "CỤC VIỆC TAM"), is not held to that. ``words`` are
    the window's tokens as written."""
    if len(words) != len(window) or not window or not key:
        return True
    if window[0] != key[0] and window[0] in kinds and key[0] in kinds:
        return False
    if not strict:
        return True
    ops = SequenceMatcher(a=list(window), b=list(key), autojunk=False).get_opcodes()
    return not any(_is_word(words[k]) for tag, i1, i2, _j1, _j2 in ops if tag != "equal" for k in range(i1, i2))


class Registry:
    """Agencies and provinces, indexed by folded alias keys."""

    def __init__(
        self,
        agencies: Iterable[Agency],
        provinces: Iterable[Province],
        meta: dict[str, Any] | None = None,
        districts: Iterable[District] = (),
    ):
        meta = meta or {}
        self.agencies: dict[str, Agency] = {}
        self.provinces: dict[str, Province] = {}
        self._alias: dict[str, list[_Alias]] = {}
        self._alias_by_len: dict[int, list[str]] = {}
        self._prov: dict[str, list[Province]] = {}
        self._prov_by_len: dict[int, list[str]] = {}
        for a in agencies:
            self.agencies[a.id] = a
            for form in (a.name, *a.aliases):
                k = _key(form)
                if not k:
                    continue
                lst = self._alias.setdefault(k, [])
                if all(x.agency.id != a.id for x in lst):
                    ab = _is_abbrev(form)
                    lst.append(_Alias(a, form if ab else a.name, ab))
        for p in provinces:
            self.provinces[p.id] = p
            for form in (p.name, *p.aliases):
                k = _key(form)
                lst2 = self._prov.setdefault(k, [])
                if p not in lst2:
                    lst2.append(p)
        for k in self._alias:
            self._alias_by_len.setdefault(len(k.split()), []).append(k)
        for k in self._prov:
            self._prov_by_len.setdefault(len(k.split()), []).append(k)
        self._dist: dict[str, list[District]] = {}
        for d in districts:
            self._dist.setdefault(_key(d.name), []).append(d)
        self._max_dist = max((len(k.split()) for k in self._dist), default=1)
        self._max_alias = max(self._alias_by_len, default=1)
        self._max_prov = max(self._prov_by_len, default=1)
        self._titles = sorted((_key(t) for t in meta.get("titles") or []), key=lambda k: -len(k.split()))
        self._collective = {_key(c) for c in meta.get("collective") or []}
        self._body_kinds = frozenset(_key(c) for c in meta.get("body_kinds") or [])
        self._kinds: dict[str, tuple[str, str]] = {
            _key(str(k["key"])): (str(k["display"]), str(k["level"])) for k in meta.get("place_kinds") or []
        }
        self._max_kind = max((len(k.split()) for k in self._kinds), default=1)
        self._memo: dict[tuple[str, str | None, str | None], AgencyMatch | None] = {}

    # ---- ids ------------------------------------------------------------

    def agency(self, agency_id: str) -> Agency | None:
        """The agency with this id; instance ids (``so-y-te@lang-son``) are built on demand."""
        if agency_id in self.agencies:
            return self.agencies[agency_id]
        base_id, _, where = agency_id.partition("@")
        base = self.agencies.get(base_id)
        if base is None or not where:
            return None
        prov_id, _, place = where.partition("/")
        prov = self.provinces.get(prov_id)
        if prov is None:
            return None
        if not place:
            return self.instance(base, prov)
        return None

    def province(self, name: str | None) -> Province | None:
        """A province by id or name (any spelling, with or without "tỉnh"/"thành phố")."""
        if not name:
            return None
        if name in self.provinces:
            return self.provinces[name]
        tk = _tokens(nfc(name))
        toks = [t.key for t in tk]
        i = 0
        for n in range(min(self._max_kind, len(toks)), 0, -1):
            if " ".join(toks[:n]) in self._kinds and len(toks) > n:
                i = n
                break
        hit = self._match_province(toks, i, [t.word for t in tk])
        if hit is not None and hit[1] == len(toks):
            return hit[0]
        return None

    def district(self, name: str | None) -> District | None:
        """The one gazetteer district ``name`` is ("quận Hà Đông", "Hà Đông", "TP Thủ Đức"), else
        ``None`` (not a district we list, or one name of districts in several provinces)."""
        if not name:
            return None
        toks = _tokens(nfc(name))
        keys = [t.key for t in toks]
        kind = self._match_kind(keys, 0)
        j = kind[3] if kind else 0
        hit = self._match_district(toks, j, kind[0] if kind else None)
        if hit is None or hit[1] != len(keys) or len({d.province for d in hit[0]}) != 1:
            return None
        return hit[0][0]

    def instance(self, base: Agency, prov: Province, *, kind: str | None = None) -> Agency:
        """The body ``base`` of province ``prov`` ("Sở Y tế" + Lạng Sơn → "Sở Y tế tỉnh Lạng Sơn")."""
        kind = base.kind or kind or prov.kind
        template = base.template or "{name} {kind} {province}"
        name = template.format(name=base.name, kind=kind, province=prov.name, place=prov.name)
        short = None
        ab = base.abbreviation
        if ab:
            short = template.format(name=ab, kind=kind, province=prov.name, place=prov.name)
        parent = base.parent
        if parent and parent in self.agencies and self.agencies[parent].scope == "province":
            parent = f"{parent}@{prov.id}"
        return replace(
            base,
            id=f"{base.id}@{prov.id}",
            name=name,
            level="province" if base.level in ("province", "central") else base.level,
            parent=parent,
            province=prov.id,
            base=base.id,
            short=short,
            aliases=(),
        )

    def _local(self, base: Agency, kind_display: str, level: str, place: str, prov: Province | None) -> Agency:
        """A district/commune body: "UBND huyện Bạch Thông" (the place name as written)."""
        slug = "-".join(t.key for t in _tokens(f"{kind_display} {place}"))
        where = f"{prov.id}/{slug}" if prov else slug
        ab = base.abbreviation
        return replace(
            base,
            id=f"{base.id}@{where}",
            name=f"{base.name} {kind_display} {place}",
            level=level,
            province=prov.id if prov else None,
            place=place,
            base=base.id,
            short=f"{ab} {kind_display} {place}" if ab else None,
            aliases=(),
        )

    # ---- matching primitives ----------------------------------------------

    def _match_alias(
        self, toks: list[str], i: int, *, fuzzy: bool, words: Sequence[str] = (), strict: bool = True
    ) -> _Seg | None:
        """The longest alias starting at token ``i`` (exact), else the best fuzzy one whose changes
        are damage, not other words (``words``: the tokens as written, see :func:`_damage_only`)."""
        n = len(toks)
        for L in range(min(self._max_alias, n - i), 0, -1):
            k = " ".join(toks[i : i + L])
            if k in self._alias:
                return _Seg(self._alias[k], i, i + L, 100.0)
        if not fuzzy:
            return None
        best: _Seg | None = None
        for L in range(min(self._max_alias, n - i), 0, -1):
            window = " ".join(toks[i : i + L])
            if len(window) < MIN_FUZZ_LEN:
                continue
            keys = self._alias_by_len.get(L, [])
            res = process.extract(window, keys, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZ_CUTOFF - FUZZ_MARGIN)
            if not res or res[0][1] < FUZZ_CUTOFF:
                continue
            top_key, top_score = res[0][0], float(res[0][1])
            top_ids = {a.agency.id for a in self._alias[top_key]}
            rivals = [r for r in res[1:] if {a.agency.id for a in self._alias[r[0]]} != top_ids]
            if rivals and top_score - float(rivals[0][1]) < FUZZ_MARGIN:
                continue
            if words and not _damage_only(
                words[i : i + L], toks[i : i + L], top_key.split(), strict=strict, kinds=self._body_kinds
            ):
                continue
            if best is None or top_score > best.score:
                best = _Seg(self._alias[top_key], i, i + L, top_score)
        return best

    def _match_province(
        self, toks: list[str], i: int, words: Sequence[str] = (), *, fuzzy: bool = True, strict: bool = True
    ) -> tuple[Province, int, float] | None:
        """The province named at token ``i``: exact (longest), else an OCR-damaged one (a
        rapidfuzz winner whose changed tokens are no words as written, see :func:`_damage_only`)."""
        n = len(toks)
        for L in range(min(self._max_prov, n - i), 0, -1):
            k = " ".join(toks[i : i + L])
            if k in self._prov and len(self._prov[k]) == 1:
                return self._prov[k][0], i + L, 100.0
        if not fuzzy:
            return None
        best: tuple[Province, int, float] | None = None
        for L in range(min(self._max_prov, n - i), 0, -1):
            window = " ".join(toks[i : i + L])
            if len(window) < MIN_FUZZ_LEN:
                continue
            res = process.extract(window, self._prov_by_len.get(L, []), scorer=fuzz.ratio, limit=2,
                                  score_cutoff=FUZZ_CUTOFF - FUZZ_MARGIN)
            if not res or res[0][1] < FUZZ_CUTOFF or len(self._prov[res[0][0]]) != 1:
                continue
            if len(res) > 1 and self._prov[res[1][0]] != self._prov[res[0][0]] and res[0][1] - res[1][1] < FUZZ_MARGIN:
                continue
            if words and not _damage_only(
                words[i : i + L], toks[i : i + L], res[0][0].split(), strict=strict, kinds=self._body_kinds
            ):
                continue
            if best is None or res[0][1] > best[2]:
                best = (self._prov[res[0][0]][0], i + L, float(res[0][1]))
        return best

    def _match_kind(self, toks: list[str], i: int) -> tuple[str, str, str, int] | None:
        for L in range(min(self._max_kind, len(toks) - i), 0, -1):
            k = " ".join(toks[i : i + L])
            if k in self._kinds:
                disp, level = self._kinds[k]
                return k, disp, level, i + L
        return None

    def _kinds_only(self, keys: list[str], i: int) -> bool:
        """True when ``keys[i:]`` is one or more place-kind words and nothing else."""
        if i >= len(keys):
            return False
        while i < len(keys):
            kind = self._match_kind(keys, i)
            if kind is None:
                return False
            i = kind[3]
        return True

    def _match_district(self, toks: list[_Tok], j: int, kind_key: str | None) -> tuple[list[District], int] | None:
        """The gazetteer districts named exactly at token ``j`` (longest name), narrowed by the kind
        written before it ("quận Tân Phú" of Hồ Chí Minh, not "huyện Tân Phú" of Đồng Nai) and by
        the marks as written ("Thanh Trì" of Hà Nội, not "Thạnh Trị" of Sóc Trăng). More than one
        province left means the name alone cannot place the body."""
        keys = [t.key for t in toks]
        want = {"tp": "thanh pho", "t p": "thanh pho"}.get(kind_key or "", kind_key)
        for L in range(min(self._max_dist, len(keys) - j), 0, -1):
            k = " ".join(keys[j : j + L])
            cands = self._dist.get(k)
            if not cands:
                continue
            if want is not None:
                same = [d for d in cands if _key(d.kind) == want]
                if same:
                    cands = same
                elif k.isdigit():
                    continue  # "phường 1" is no "Quận 1"
            elif k.isdigit():
                continue  # a bare number names no district
            if len({d.province for d in cands}) > 1:
                written = fix_tone_placement(nfc(" ".join(t.word for t in toks[j : j + L])).lower())
                exact = [d for d in cands if fix_tone_placement(nfc(d.name).lower()) == written]
                cands = exact or cands
            return cands, j + L
        return None

    def _match_place(
        self, toks: list[_Tok], text: str, i: int, *, strict: bool = True, context: Province | None = None
    ) -> _Place | None:
        """``tỉnh Bắc Ninh`` / ``TP Hải Phòng`` / ``Hưng Yên`` / ``huyện Bạch Thông`` / bare ``tỉnh``;
        a gazetteer district (``quận Hà Đông``, bare ``Hà Đông``) placed in its province."""
        keys = [t.key for t in toks]
        kind = self._match_kind(keys, i)
        j = kind[3] if kind else i
        if kind is not None and self._kinds_only(keys, j):
            return None  # "tỉnh, thành phố", "huyện, thị xã": levels listed, no place named
        klevel0 = kind[2] if kind else None
        # a district or commune is never a province whose name merely looks alike: exact names only
        prov = (
            self._match_province(
                keys, j, [t.word for t in toks], fuzzy=klevel0 not in ("district", "commune"), strict=strict
            )
            if j < len(keys)
            else None
        )
        dist = self._match_district(toks, j, kind[0] if kind else None) if j < len(keys) and klevel0 != "commune" else None
        if dist is not None and (prov is None or prov[2] < 100 or dist[1] > prov[1]):
            return self._district_place(toks, text, j, kind, *dist, strict=strict, context=context)
        if kind is None:
            if prov is None:
                return None
            p, end, score = prov
            return _Place(None, None, "province", p, None, end, score)
        kkey, kdisp, klevel, _ = kind
        if prov is not None:
            p, end, score = prov
            if klevel == "province" and (kkey in ("tinh",) or p.kind == "thành phố"):
                return _Place(kkey, kdisp, "province", p, None, end, score)
            if klevel == "province":  # "thành phố Bắc Ninh": the city inside Bắc Ninh province
                raw = text[toks[j].start : toks[end - 1].end]
                return _Place(kkey, kdisp, "district", p, raw, end, score)
            raw = text[toks[j].start : toks[end - 1].end]
            return _Place(kkey, kdisp, klevel, p, raw, end, score)
        if j >= len(keys):  # bare "tỉnh": the province of the context
            return _Place(kkey, kdisp, klevel, None, None, j, 100.0)
        if klevel in ("district", "commune"):
            raw = text[toks[j].start : toks[-1].end]
            return _Place(kkey, kdisp, klevel, None, raw, len(keys), 100.0)
        return None

    def _district_place(
        self,
        toks: list[_Tok],
        text: str,
        j: int,
        kind: tuple[str, str, str, int] | None,
        cands: list[District],
        end: int,
        *,
        strict: bool = True,
        context: Province | None = None,
    ) -> _Place | None:
        """The place of gazetteer districts ``cands`` named at ``toks[j:end]``: in their one
        province, the province written after them ("huyện Phong Điền, tỉnh Thừa Thiên Huế") or the
        document's (``context``) when it is one of theirs; else a bare name is no place, and one
        with its kind written stays unplaced (a Hà Nội letter's "huyện Phong Điền" is not Hà Nội's)."""
        provs = {d.province for d in cands}
        p = self.provinces.get(next(iter(provs))) if len(provs) == 1 else None
        raw = text[toks[j].start : toks[end - 1].end]
        if end < len(toks):
            tail = self._match_place(toks, text, end, strict=strict)
            if (
                tail is not None
                and tail.level == "province"
                and tail.province is not None
                and tail.end == len(toks)
                and tail.province.id in provs
            ):
                p, end = tail.province, tail.end
        if p is None and context is not None and context.id in provs:
            p = context
        if kind is None:
            if p is None:
                return None  # "Sơn Tây": a district of several provinces
            implied = next(d.kind for d in cands if d.province == p.id)
            return _Place(None, None, "district", p, raw, end, 100.0, implied_kind=implied, gazetteer=True)
        return _Place(kind[0], kind[1], "district", p, raw, end, 100.0, gazetteer=True)

    def _segments(self, toks: list[_Tok], i: int, *, fuzzy: bool, strict: bool = True) -> list[_Seg]:
        keys = [t.key for t in toks]
        words = [t.word for t in toks]
        segs: list[_Seg] = []
        while i < len(keys):
            seg = self._match_alias(keys, i, fuzzy=False)
            if seg is None and fuzzy:
                if segs and self._match_place(toks, "", i, strict=strict) is not None:
                    break  # "tỉnh Đồng Nai" is a place, not a damaged "Tỉnh đoàn"
                seg = self._match_alias(keys, i, fuzzy=True, words=words, strict=strict)
            if seg is None:
                break
            segs.append(seg)
            i = seg.end
        return segs

    # ---- restore ----------------------------------------------------------

    def restore(self, text: str) -> str | None:
        """The display form of a damaged agency or province name, or ``None`` when unsure.

        ``"TONG CUC THUE"`` → ``"Tổng cục Thuế"``; ``"CỤC THUE TP HAI PHONG"`` →
        ``"Cục Thuế TP Hải Phòng"``; ``"UBND TỈNH BẮC KẠN"`` → ``"UBND tỉnh Bắc Kạn"``.
        Every token must be accounted for; an alias shared by two bodies is refused.
        """
        if not text or not text.strip():
            return None
        text = nfc(text)
        toks = _tokens(text)
        if not toks or len(toks) > 24:
            return None
        segs = self._segments(toks, 0, fuzzy=True, strict=False)
        parts: list[str] = []
        for seg in segs:
            if len({a.agency.id for a in seg.aliases}) != 1:
                return None  # an alias two bodies share (BCT): not confident
            parts.append(seg.aliases[0].display)
        i = segs[-1].end if segs else 0
        if i < len(toks):
            place = self._match_place(toks, text, i, strict=False)
            if place is None or place.end != len(toks):
                return None
            if place.kind_display:
                parts.append(place.kind_display)
            if place.province is not None and place.raw is None:
                parts.append(place.province.name)
            elif place.raw is not None:
                raw = place.raw
                if place.province is not None and _key(raw) == _key(place.province.name):
                    raw = place.province.name
                elif raw.isascii() or not any(c.islower() for c in raw) and raw.isupper() and _looks_folded(raw):
                    return None  # a district name we cannot put the marks back on
                parts.append(_title(raw))
            elif not segs:
                return None
        if not parts:
            return None
        return " ".join(parts)

    # ---- lookup -------------------------------------------------------------

    def lookup(
        self,
        mention: str,
        *,
        province: str | None = None,
        issuer: str | None = None,
    ) -> AgencyMatch | None:
        """Resolve a mention to one agency, relative to the issuer and its province.

        Returns ``None`` when nothing in the registry fits; an :class:`AgencyMatch`
        with ``agency=None`` and ``ambiguous`` filled when two bodies fit equally well
        (or a bare "Sở" has no issuing Sở to refer to). Never guesses. The answer is a
        function of the three strings and the registry's data, so it is remembered.
        """
        key = (mention, province, issuer)
        try:
            return self._memo[key]
        except KeyError:
            pass
        m = self._lookup(mention, province=province, issuer=issuer)
        if len(self._memo) >= LOOKUP_MEMO:
            self._memo.clear()
        self._memo[key] = m
        return m

    def _lookup(self, mention: str, *, province: str | None, issuer: str | None) -> AgencyMatch | None:
        if not mention or not mention.strip():
            return None
        text = nfc(mention)
        toks = _tokens(text)
        if not toks:
            return None
        keys = [t.key for t in toks]
        prov = self.province(province) if province else None
        issuer_match: AgencyMatch | None = None
        if issuer and _key(issuer) != _key(text):
            issuer_match = self.lookup(issuer, province=province)
            if prov is None and issuer_match and issuer_match.agency and issuer_match.agency.province:
                prov = self.provinces.get(issuer_match.agency.province)
            if prov is None and issuer_match and issuer_match.province:
                prov = issuer_match.province

        i = 0
        title: str | None = None
        collective = False
        for _ in range(3):
            progressed = False
            for tk in self._titles:
                n = len(tk.split())
                if " ".join(keys[i : i + n]) == tk and i + n < len(keys):
                    title = text[toks[i].start : toks[i + n - 1].end]
                    i += n
                    progressed = True
                    break
            if i < len(keys) and keys[i] in self._collective:
                collective = True
                i += 1
                progressed = True
            if not progressed:
                break

        # "các phòng thuộc Sở", "đơn vị trực thuộc Cục": a part of the issuing body
        for j in range(i, len(keys) - 1):
            if keys[j] == "thuoc" or (keys[j] == "truc" and keys[j + 1] == "thuoc"):
                k = j + 2 if keys[j] == "truc" else j + 1
                if k == len(keys) - 1 or (k < len(keys) and _bare_kind(keys[k:])):
                    return self._relative(text, keys[k:], issuer_match, title, part_of=True)
                break
        if _bare_kind(keys[i:]):
            return self._relative(text, keys[i:], issuer_match, title, part_of=False)

        segs = self._segments(toks, i, fuzzy=True)
        if not segs:
            place = self._match_place(toks, text, i)
            if place and place.province and place.end == len(toks) and place.raw is None:
                return AgencyMatch(text, None, place.score, "province", province=place.province)
            return None
        if ";" in text or any(
            regex.search(r"[,;]", text[toks[a.end - 1].end : toks[b.start].start]) for a, b in zip(segs, segs[1:], strict=False)
        ):
            # "Văn phòng Chủ tịch nước, Văn phòng Quốc hội", "TCT; Vụ PC": a list of bodies, or a unit
            # and its parent ("Vụ Kế hoạch - Tài chính, Bộ Nội vụ"): not one body we can name
            return AgencyMatch(text, None, segs[-1].score, "exact", title=title)
        # the last registry body named is the one the mention is about ("Văn phòng UBND tỉnh" → VP UBND)
        seg = segs[-1]
        end = seg.end
        if any(a.agency.unit for a in seg.aliases) and len(segs) == 1 and issuer_match and issuer_match.agency:
            pass
        cands = [a.agency for a in seg.aliases]
        if len(segs) > 1 and all(a.agency.unit for a in segs[0].aliases):
            # "Văn phòng" + "UBND tỉnh X": the office of that body — keep the chain's head as title-like part
            cands = [a.agency for a in seg.aliases]
        place = self._match_place(toks, text, end, context=prov) if end < len(toks) else None
        if end < len(toks) and (place is None or place.end != len(toks)):
            if collective or (place is None and any(k in self._collective for k in keys[end:])) or self._kinds_only(keys, end):
                # "UBND các huyện", "Công an tỉnh, thành phố": every body of those levels, a group
                return AgencyMatch(text, None, seg.score, "exact", collective=True, title=title)
            return None  # unexplained words after the name: a body we do not know
        if any(k in self._collective for k in keys[i:]):
            collective = True
        if len(cands) > 1:
            scoped = [c for c in cands if c.scope and place is not None]
            unscoped = [c for c in cands if not c.scope]
            if len(scoped) == 1:
                cands = scoped
            elif place is None and len(unscoped) == 1:
                cands = unscoped
        if len(cands) > 1:
            return AgencyMatch(text, None, seg.score, "exact", ambiguous=cands, title=title)
        base = cands[0]
        via = "exact" if seg.score >= 100 else "fuzzy"
        score = seg.score
        if collective:
            return AgencyMatch(text, None, score, via, ambiguous=[], title=title, collective=True)
        if place is None:
            if base.scope and not base.national and prov is not None and base.level != "central" and not base.unit:
                return AgencyMatch(text, self.instance(base, prov), score, "province", province=prov, title=title)
            return AgencyMatch(text, base, score, via, title=title, generic=bool(base.scope and not base.national))
        score = min(score, place.score)
        via = "exact" if score >= 100 else "fuzzy"
        if not base.scope:
            return None  # a place after a national body: not a body we know
        if place.level == "province":
            p = place.province or prov
            if p is None:
                return AgencyMatch(text, base, score, via, title=title, generic=True)
            if place.kind_key in ("tinh",) and p.kind == "thành phố" and place.province is None:
                pass
            return AgencyMatch(text, self.instance(base, p, kind=None), score,
                               via if place.province else "province", province=p, title=title)
        if place.raw is None:
            return AgencyMatch(text, base, score, via, title=title, generic=True)
        where = place.province if place.gazetteer else place.province or prov
        return AgencyMatch(
            text,
            self._local(
                base, place.kind_display or place.implied_kind or "", place.level or "district", _title(place.raw), where
            ),
            score,
            via,
            province=where,
            title=title,
        )

    def _relative(
        self, text: str, kind_keys: list[str], issuer: AgencyMatch | None, title: str | None, *, part_of: bool
    ) -> AgencyMatch:
        """"Sở" / "thuộc Cục": the issuing body when it is of that kind, else ambiguous."""
        want = " ".join(kind_keys)
        if issuer is not None and issuer.agency is not None:
            a = issuer.agency
            if _key(a.name).startswith(want + " ") or _key(a.name) == want:
                return AgencyMatch(text, a, 100.0, "issuer", title=title, part_of=part_of,
                                   province=self.provinces.get(a.province) if a.province else None)
        pool = [a for a in self.agencies.values() if _key(a.name).startswith(want + " ")]
        return AgencyMatch(text, None, 0.0, "issuer", ambiguous=pool, title=title, part_of=part_of)

    # ---- candidates -------------------------------------------------------

    def candidates(self, name: str, *, province: str | None = None, limit: int = 10) -> list[Agency]:
        """Agencies a user may have meant by ``name``, best first (for "did you mean")."""
        out: list[Agency] = []
        seen: set[str] = set()

        def add(a: Agency) -> None:
            if a.id not in seen:
                seen.add(a.id)
                out.append(a)

        m = self.lookup(name, province=province)
        if m is not None:
            if m.agency is not None:
                add(m.agency)
            for a in m.ambiguous:
                add(a)
        k = _key(name)
        if k:
            res = process.extract(k, list(self._alias), scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=70)
            for key, _score, _ in res:
                for al in self._alias[key]:
                    add(al.agency)
        return out[:limit]


def _bare_kind(keys: list[str]) -> bool:
    """A body kind alone, meaning "our" body of that kind: "Sở", "Cục", "Bộ", "Tổng cục"."""
    return " ".join(keys) in {"so", "cuc", "bo", "tong cuc", "chi cuc", "ban", "vien", "trung tam"}


def _looks_folded(s: str) -> bool:
    return fold(s) == s.lower()


def _title(s: str) -> str:
    """Place names are title-cased per syllable: "BẠCH THÔNG" → "Bạch Thông"."""
    if any(c.islower() for c in s):
        return s
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split())


# ---------------------------------------------------------------------------
# loading


def _tuple(v: Any) -> tuple[str, ...]:
    if not v:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v)


def _load_registry() -> Registry:
    arf = load("agencies")
    prf = load("provinces")
    agencies = [
        Agency(
            id=r.id,
            name=str(r.get("name")),
            level=str(r.get("level", "unit")),
            parent=r.get("parent"),
            aliases=_tuple(r.get("aliases")),
            scope=r.get("scope"),
            template=r.get("template"),
            unit=bool(r.get("unit", False)),
            national=bool(r.get("national", False)),
            kind=r.get("kind"),
        )
        for r in arf.rules
    ]
    provinces = [
        Province(
            id=r.id,
            name=str(r.get("name")),
            kind=str(r.get("kind", "tỉnh")),
            era=str(r.get("era", "both")),
            merged_into=r.get("merged_into"),
            aliases=_tuple(r.get("aliases")),
        )
        for r in prf.rules
    ]
    districts = [
        District(name=str(name), kind=str(kind), province=str(pid))
        for pid, entries in (prf.meta.get("districts") or {}).items()
        for kind, names in (entries or {}).items()
        for name in _tuple(names)
    ]
    return Registry(agencies, provinces, arf.meta, districts)


@cache
def registry() -> Registry:
    """The agency registry built from ``rules/agencies.yaml`` and ``rules/provinces.yaml`` (cached)."""
    return _load_registry()


def restore(text: str) -> str | None:
    """Shortcut for ``registry().restore(text)``."""
    return registry().restore(text)


def lookup(mention: str, *, province: str | None = None, issuer: str | None = None) -> AgencyMatch | None:
    """Shortcut for ``registry().lookup(...)``."""
    return registry().lookup(mention, province=province, issuer=issuer)


def agency_id(mention: str | None, *, province: str | None = None, issuer: str | None = None) -> str | None:
    """The registry id of the one body ``mention`` names (a generic ``so-y-te`` when no province
    places it), else ``None`` (unknown, a group or list, ambiguous). Never raises."""
    if not mention:
        return None
    try:
        m = registry().lookup(mention, province=province, issuer=issuer)
    except Exception:  # noqa: BLE001 - a damaged registry or odd mention leaves the field empty
        return None
    return m.agency.id if m is not None and m.agency is not None and not m.collective else None


def province_of(*names: str | None) -> str | None:
    """The province of the first name that is a registry body placed in one (``UBND tỉnh Bắc Kạn``),
    a province itself (``Bắc Kạn``) or a gazetteer district of one (``Hà Đông`` → Hà Nội), else ``None``."""
    reg = registry()
    for name in names:
        if not name:
            continue
        m = reg.lookup(name)
        if m is not None and m.agency is not None and m.agency.province:
            return m.agency.province
        p = reg.province(name)
        if p is not None:
            return p.id
        d = reg.district(name)
        if d is not None:
            return d.province
    return None


def issuer_province(issuer: Issuer | None, place: TextValue | None) -> str | None:
    """The province a document's generic names ("UBND tỉnh", "Sở Công Thương") are placed in when
    they are linked to the registry: that of the issuer's parent, the issuer, else the place line
    (:func:`province_of` in that order). A central body's letter dated "Hà Nội" is no Hà Nội
    letter: its generic names stay generic. The issuer, the recipients and the task assignees are
    linked through it, so one document gives one province everywhere; the answer is worked out once
    per (parent, issuer, place line) and then remembered, however many stages ask."""
    return province_of_issuer(
        issuer.name if issuer else None, issuer.parent if issuer else None, place.value if place else None
    )


@lru_cache(maxsize=1024)
def province_of_issuer(name: str | None, parent: str | None = None, place: str | None = None) -> str | None:
    """:func:`issuer_province` on the stored strings (issuer name, its parent, the place line): the
    archive places a stored document by the same rule as the parse."""
    reg = registry()
    central = False
    for n in (parent, name):
        if not n:
            continue
        m = reg.lookup(n)
        if m is not None and m.agency is not None:
            if m.agency.province:
                return m.agency.province
            central = central or m.agency.level == "central" or m.agency.national
        p = reg.province(n)
        if p is not None:
            return p.id
    return None if central or place is None else province_of(place)


__all__ = [
    "Agency",
    "AgencyMatch",
    "District",
    "Province",
    "Registry",
    "agency_id",
    "issuer_province",
    "province_of_issuer",
    "lookup",
    "province_of",
    "registry",
    "restore",
]
