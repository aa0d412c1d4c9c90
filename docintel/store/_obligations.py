"""The obligations query: what must an agency do, by when, on whose order?

:func:`find_obligations` turns the archive's tasks, assignees, deadlines and
citations into :class:`docintel.remind.Obligation` values, one per (task,
agency), for the agencies a user names:

1. The name is resolved with the agency registry (``docintel._agencies``):
   ``"SYT"``, ``"Sở Y tế"`` and ``"So Y te"`` are the same body; with
   ``province`` the province's instance (``so-y-te@lang-son``). A generic name
   (``Sở Y tế`` with no province) covers every stored instance, unless the
   archive holds several: then the name is ambiguous.
2. Stored assignees match by ``agency_id`` when resolved, and by their folded
   name otherwise (rapidfuzz over word windows of ``fold_key``, so ``UBND các
   huyện`` finds ``UBND các huyện, thành phố`` and ``Các sở, ban, ngành, UBND
   các huyện, thành phố``, and an OCR typo still matches).
3. A name that could mean several bodies (``Sở``, ``BCT``) raises
   :class:`~docintel._errors.QueryError` (E044) listing the candidates — never a guess.

Each obligation carries its ordering document and the documents that one acts
on the order of (its citations with relation *thực hiện*, *căn cứ*,
*hướng dẫn*, *trả lời* or none stated, followed through stored documents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from rapidfuzz.distance import Indel, Levenshtein
from sqlalchemy import Connection, select

from .._errors import Errors, QueryError, StoreError
from .._normalise import fold_key
from ._groups import Group, parse_group
from ._store import A, C, D

NAME_CUTOFF = 90.0  # rapidfuzz ratio of a word window for an OCR-damaged name
CHAIN_DEPTH = 4  # how far "on whose order" is followed through stored documents
# Citation relations that mean "this document acts on the order of that one".
ORDER_RELATIONS = frozenset({"thực hiện", "căn cứ", "hướng dẫn", "trả lời", "dẫn chiếu"})
# Citation relations that mean "this document ends that one" (as a whole, when no article is named).
ENDING_RELATIONS = frozenset({"thay thế", "bãi bỏ", "hết hiệu lực"})


# ---------------------------------------------------------------------------
# reaching the database through whatever the caller holds


def _read(store: Any) -> Any:
    """A read transaction on the store (``Store.read()``)."""
    read = getattr(store, "read", None)
    if not callable(read):
        raise StoreError(Errors.E040.format(reason=f"not a store: {store!r}"))
    return read()


# ---------------------------------------------------------------------------
# names


@cache
def _abbreviations() -> dict[str, str]:
    """One-word abbreviations of the registry (``ubnd`` → ``uy ban nhan dan``), unambiguous ones only."""
    try:
        from .._agencies import registry

        reg = registry()
    except Exception:  # noqa: BLE001 - the registry is optional here: fall back to plain names
        return {}
    seen: dict[str, set[str]] = {}
    for a in reg.agencies.values():
        name_key = fold_key(a.name)
        for alias in a.aliases:
            k = fold_key(alias)
            if k and " " not in k and k != name_key:
                seen.setdefault(k, set()).add(name_key)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def name_key(name: str) -> str:
    """fold_key with one-word registry abbreviations expanded: ``UBND tỉnh`` ≡ ``Ủy ban nhân dân tỉnh``."""
    ab = _abbreviations()
    return " ".join(ab.get(w, w) for w in fold_key(name).split())


def _word_cost(a: str, b: str) -> int:
    """0: the same word; 1: the same word with a slip; 2: another word.

    A slip is a letter lost or added in a word of four letters or more, one letter changed in
    six or more, two in eight or more. Short words must be equal: "sở" is not "bộ", "các" is
    not "cấp", and "thuế" is not "thủy"."""
    if a == b:
        return 0
    n = min(len(a), len(b))
    if n >= 8 and Levenshtein.distance(a, b, score_cutoff=2) <= 2:
        return 1
    if n >= 6 and Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return 1
    if n >= 4 and Indel.distance(a, b, score_cutoff=1) <= 1:
        return 1  # a letter lost or added ("huyn"), never swapped: "thue" is not "thuy"
    return 2


def _best_window(query_key: str, key: str) -> tuple[float, str]:
    """The best (score, window) of ``query_key`` inside ``key``, word by word (see :func:`window_score`)."""
    q = query_key.split()
    words = key.split()
    if not q or not words:
        return 0.0, ""
    best, best_w = 0.0, ""
    n = len(q)
    for i in range(len(words) - n + 1):
        w = words[i : i + n]
        costs = [_word_cost(a, b) for a, b in zip(q, w, strict=True)]
        if max(costs) < 2:
            score = 100.0 - 4.0 * sum(costs)
            if score > best:
                best, best_w = score, " ".join(w)
                if score == 100.0:
                    return best, best_w
    # words OCR glued together or split apart ("Cụcthuế", "Th uế"): the same letters
    joined = "".join(q)
    for m in (n - 1, n + 1):
        for i in range(max(0, len(words) - m + 1)):
            w = words[i : i + m]
            if m >= 1 and "".join(w) == joined and best < 96.0:
                best, best_w = 96.0, " ".join(w)
    return best, best_w


def window_score(query_key: str, key: str) -> float:
    """How well ``query_key``'s words occur, in order and adjacent, inside ``key`` (0-100).

    Word by word: each word of the query must be the window's word, or that word with an
    OCR slip (one letter in a word of four or more, two in eight or more; -4 each);
    words OCR glued together or split apart count as the same (96). So ``so y te`` is inside
    ``so y te tinh lang son`` (100) but not inside ``so tai chinh`` or ``bo y te``, and
    ``uy ban nhan dan cac huyen`` is not inside ``uy ban nhan dan cac phuong`` — a whole-string
    ratio over the long expanded name would let the last word differ.
    """
    return _best_window(query_key, key)[0]


@dataclass
class AgencyFilter:
    """Which stored assignees an agency query selects."""

    query: str
    label: str  # the display name of what was resolved
    ids: set[str] = field(default_factory=set)  # exact agency ids
    id_prefixes: set[str] = field(default_factory=set)  # "so-y-te@": every instance of a generic body
    names: set[str] = field(default_factory=set)  # stored name_key values matched by name
    province: str | None = None  # restrict to documents of this province (a name filter)
    target: Any = None  # the registry body asked about (an _agencies.Agency), when it resolved to one
    groups: dict[str, Group] = field(default_factory=dict)  # stored group names (name_key) that may hold it

    def matches(self, agency_id: str | None, key: str) -> bool:
        if agency_id and (agency_id in self.ids or any(agency_id.startswith(p) for p in self.id_prefixes)):
            return True
        return key in self.names


def _stored_names(conn: Connection) -> list[tuple[str, str, str | None]]:
    """Every distinct (name, name_key, agency_id) of a stored assignee of a current document."""
    q = (
        select(A.c.name, A.c.name_key, A.c.agency_id)
        .select_from(A.join(D, D.c.id == A.c.document_id))
        .where(D.c.superseded_by.is_(None))
        .distinct()
    )
    return [(str(n), str(k), a) for n, k, a in conn.execute(q)]


def _ambiguous(name: str, candidates: Iterable[str], *, provinces: bool = False) -> QueryError:
    """E044 listing the candidates; E066 (which says to pass --province) when they are one body's
    instances in several provinces."""
    uniq = list(dict.fromkeys(candidates))
    shown = "; ".join(uniq[:12]) + (f" (and {len(uniq) - 12} more)" if len(uniq) > 12 else "")
    return QueryError((Errors.E066 if provinces else Errors.E044).format(name=name, candidates=shown))


def _names_matching(
    patterns: Sequence[str], stored: Sequence[tuple[str, str, str | None]]
) -> tuple[set[str], dict[str, float]]:
    """stored name_keys whose best window matches one of ``patterns``; also their scores."""
    pats = [name_key(p) for p in patterns if p and name_key(p)]
    scores: dict[str, float] = {}
    for _name, key, _aid in stored:
        if key in scores:
            continue
        nk = name_key(key)
        s = max((window_score(p, nk) for p in pats), default=0.0)
        if s >= NAME_CUTOFF:
            scores[key] = s
    return set(scores), scores


def resolve_agency(conn: Connection, query: str, *, province: str | None = None) -> AgencyFilter:
    """Resolve a user's agency name against the registry and the stored assignees.

    Raises :class:`QueryError`: E044 when the name is ambiguous (the message lists
    the candidates), E045 when nothing in the archive or the registry matches.
    """
    q = " ".join(query.split())
    if not fold_key(q):
        raise QueryError(Errors.E045.format(name=query))
    stored = _stored_names(conn)
    stored_ids = {a for _, _, a in stored if a}
    reg: Any = None
    m: Any = None
    try:
        from .._agencies import registry

        reg = registry()
        m = reg.lookup(q, province=province)
    except ImportError:  # pragma: no cover - the registry ships with the package
        reg = None
    if province and reg is not None and reg.province(province) is None:
        raise QueryError(Errors.E065.format(name=province))

    if m is not None and m.agency is not None:
        a = m.agency
        flt = AgencyFilter(q, a.name, province=province)
        patterns = [q]
        if m.generic:
            base = a.id
            instances = sorted({i for i in stored_ids if i.startswith(base + "@")})
            if len(instances) > 1 and not province:
                names = [reg.agency(i).name if reg.agency(i) else i for i in instances]
                raise _ambiguous(q, names, provinces=True)
            flt.ids = {base, *instances}
            if instances:
                inst = reg.agency(instances[0])
                if inst is not None:
                    flt.label = inst.name
                    patterns.append(inst.name)
            else:
                patterns.append(a.name)
        else:
            flt.ids = {a.id}
            patterns += [a.name, *([a.short] if a.short else [])]
            if a.base and a.province and a.level == "province":
                # "Sở Y tế tỉnh Lạng Sơn": a stored "Sở Y tế" (generic id, or no id) in a Lạng Sơn
                # document is that body — the document's province decides, as with --province
                base = reg.agency(a.base)
                flt.ids.add(a.base)
                patterns.append(base.name if base is not None else a.base)
                flt.province = flt.province or a.province
        # stored assignees the parser left unresolved still match by name; those resolved
        # to another agency do not
        keys, _ = _names_matching(patterns, [s for s in stored if not s[2] or s[2] in flt.ids])
        flt.names = keys
        flt.target = a
        flt.groups = _holding_groups(a, stored)
        return flt

    if m is not None and m.ambiguous:
        cands = list(m.ambiguous)
        in_store = [
            c for c in cands if c.id in stored_ids or any(i.startswith(c.id + "@") for i in stored_ids)
        ]
        if len(in_store) == 1:
            return resolve_agency(conn, in_store[0].name, province=province)
        raise _ambiguous(q, [c.name for c in (in_store or cands)])

    # a collective ("UBND các huyện"), or a body the registry does not know: stored names
    keys, scores = _names_matching([q], stored)
    asked = parse_group(q)
    if asked is not None:
        # other wordings of the same group: "UBND cấp tỉnh" ≡ "Chủ tịch UBND các tỉnh, thành phố
        # trực thuộc TW"; "UBND các huyện" ≢ "UBND các phường, xã"
        # "UBND các cấp" holds "UBND cấp xã": a group at every level includes the one asked about
        same = {k for n, k, _ in stored if (g := parse_group(n)) is not None and g.includes(asked)}
        scores.update({k: 100.0 for k in same})
        keys |= same
    if not keys:
        if reg is not None:
            cands = [c.name for c in reg.candidates(q, province=province, limit=8)]
            if cands and m is None:
                raise QueryError(Errors.E045.format(name=q) + "; did you mean: " + "; ".join(cands))
        raise QueryError(Errors.E045.format(name=q))
    if max(scores.values()) < 100.0:
        # only OCR-like near matches: several different bodies would be a guess
        best = {k for k, s in scores.items() if s == max(scores.values())}
        windows = {_best_window(name_key(q), name_key(k))[1] for k in best}
        if len(windows) > 1:
            names = [n for n, k, _ in stored if k in best]
            raise _ambiguous(q, names)
        keys = best
    label = next((n for n, k, _ in stored if k in keys and fold_key(n) == fold_key(q)), None) or q
    return AgencyFilter(q, label, names=keys, province=province)


def _holding_groups(target: Any, stored: Sequence[tuple[str, str, str | None]]) -> dict[str, Group]:
    """The stored assignee names that are groups ``target`` may belong to (its territory aside:
    that depends on each document, see :meth:`Group.covers`), by name_key."""
    out: dict[str, Group] = {}
    probe = replace(target, province=None)  # membership by kind and level; the place is checked per row
    for name, key, _aid in stored:
        g = parse_group(name)
        if g is not None and g.covers(probe, None):
            out[key] = g
    return out


def _place_province(issuer: str | None, parent: str | None, place: str | None) -> str | None:
    """The province id a document belongs to, by the parse's one rule
    (:func:`docintel._agencies.province_of_issuer`): its issuer's parent's or issuer's province when
    the registry names one; ``None`` for a central body (a ministry's letter dated "Hà Nội" is not a
    Hà Nội document); else the province its place line names."""
    try:
        from .._agencies import province_of_issuer

        return province_of_issuer(issuer, parent, place)
    except Exception:  # noqa: BLE001 - the registry is optional here
        return None


def document_province(conn: Connection, doc_ids: Sequence[int]) -> dict[int, str | None]:
    """:func:`_place_province` of each stored document."""
    out: dict[int, str | None] = {}
    for i in range(0, len(doc_ids), 500):
        for d in conn.execute(
            select(D.c.id, D.c.issuer_name, D.c.issuer_parent, D.c.place).where(D.c.id.in_(list(doc_ids[i : i + 500])))
        ):
            out[d.id] = _place_province(d.issuer_name, d.issuer_parent, d.place)
    return out


# ---------------------------------------------------------------------------
# the query


def _docref(r: Any, relation: str | None = None, text: str | None = None, depth: int = 0) -> Any:
    from ..remind import DocRef

    return DocRef(
        number=r.number_text,
        doc_type=r.doc_type,
        date=r.date,
        issuer=r.issuer_name,
        subject=r.subject,
        id=str(r.id),
        sha256=r.sha256,
        relation=relation,
        text=text,
        depth=depth,
    )


def citation_chain(conn: Connection, document_id: int, *, depth: int = CHAIN_DEPTH) -> tuple[Any, ...]:
    """The documents ``document_id`` acts on the order of, nearest first, followed through stored ones.

    Citations whose relation is not an order (``sửa đổi``, ``bãi bỏ`` …) are left
    out; an unstored document ends its branch (below the first level, only when
    the relation is stated).
    """
    from ..remind import DocRef

    out: list[DocRef] = []
    seen: set[int] = {document_id}
    frontier = [document_id]
    for level in range(1, depth + 1):
        if not frontier:
            break
        rows = list(
            conn.execute(
                select(C).where(C.c.document_id.in_(frontier)).order_by(C.c.document_id, C.c.position)
            )
        )
        targets = {r.target_doc_id for r in rows if r.target_doc_id}
        docs = (
            {
                d.id: d
                for d in conn.execute(
                    select(
                        D.c.id,
                        D.c.number_text,
                        D.c.doc_type,
                        D.c.date,
                        D.c.issuer_name,
                        D.c.subject,
                        D.c.sha256,
                    ).where(D.c.id.in_(targets))
                )
            }
            if targets
            else {}
        )
        nxt: list[int] = []
        for r in rows:
            if r.relation and r.relation not in ORDER_RELATIONS:
                continue
            target = docs.get(r.target_doc_id) if r.target_doc_id else None
            if target is not None:
                if target.id in seen:
                    continue
                seen.add(target.id)
                out.append(_docref(target, r.relation, r.text, level))
                nxt.append(target.id)
            elif level == 1 or (r.relation and r.relation != "dẫn chiếu"):
                out.append(
                    DocRef(
                        number=r.number,
                        doc_type=r.doc_type,
                        date=r.date,
                        issuer=r.issuer,
                        subject=r.subject,
                        relation=r.relation,
                        text=r.text,
                        depth=level,
                    )
                )
        frontier = nxt
    return tuple(out)


def _known_province(name: str) -> str:
    """``name`` when the registry knows the province; else :class:`QueryError` (E065), so a
    misspelt --province is refused rather than silently filtering nothing out."""
    try:
        from .._agencies import registry

        reg = registry()
    except ImportError:  # pragma: no cover - the registry ships with the package
        return name
    if reg.province(name) is None:
        raise QueryError(Errors.E065.format(name=name))
    return name


def _province_id(name: str | None) -> str | None:
    if not name:
        return None
    try:
        from .._agencies import registry

        prov = registry().province(name)
    except Exception:  # noqa: BLE001 - the registry is optional here
        return None
    return prov.id if prov is not None else None


def _province_ok(flt: AgencyFilter, doc_province: str | None, agency_id: str | None) -> bool:
    """Whether an obligation belongs to ``flt.province``: by the assignee's agency id when it is a
    province instance, else by the document's province (:func:`document_province`)."""
    if not flt.province:
        return True
    pid = _province_id(flt.province)
    if agency_id and pid and (agency_id.endswith("@" + pid) or f"@{pid}/" in agency_id):
        return True
    if agency_id and "@" in agency_id:  # an instance of another province
        return False
    return pid is not None and doc_province == pid


UNASSIGNED = "(chưa rõ đơn vị)"


def ended_by(conn: Connection, doc_ids: Sequence[int]) -> dict[int, Any]:
    """For each of ``doc_ids`` ended by a later stored document — one whose resolved citation of
    it says *thay thế*, *bãi bỏ* or *hết hiệu lực* and names no single article (a repealed
    article leaves the rest in force, and which tasks it held is not known) — that document's
    :class:`~docintel.remind.DocRef`. The ending document is a current version and not dated
    before the ended one (a document cannot end a later one)."""
    if not doc_ids:
        return {}
    E = D.alias("ending")
    T_ = D.alias("ended")
    out: dict[int, Any] = {}
    for i in range(0, len(doc_ids), 500):
        q = (
            select(
                C.c.target_doc_id,
                C.c.relation,
                C.c.text,
                E.c.id,
                E.c.number_text,
                E.c.doc_type,
                E.c.date,
                E.c.date_max,
                E.c.issuer_name,
                E.c.subject,
                E.c.sha256,
                T_.c.date_min.label("ended_min"),
            )
            .join(E, E.c.id == C.c.document_id)
            .join(T_, T_.c.id == C.c.target_doc_id)
            .where(
                C.c.target_doc_id.in_(list(doc_ids[i : i + 500])),
                C.c.relation.in_(sorted(ENDING_RELATIONS)),
                C.c.article.is_(None),
                C.c.document_id != C.c.target_doc_id,
                E.c.superseded_by.is_(None),
            )
            .order_by(E.c.date_min, E.c.id)
        )
        for r in conn.execute(q):
            if r.target_doc_id in out:
                continue
            if r.date_max is not None and r.ended_min is not None and r.date_max < r.ended_min:
                continue
            out[r.target_doc_id] = _docref(r, r.relation, r.text, 0)
    return out


def dispatch_identity(r: Any) -> tuple[Any, ...]:
    """What makes two stored files the same dispatch: type, number, date, issuer and subject
    (folded). Files without a number or subject are only ever the same as themselves."""
    if not r.doc_number or not r.doc_subject:
        return ("#", r.document_id)
    return (r.doc_type or "", fold_key(r.doc_number), r.doc_date or "", fold_key(r.issuer or ""), fold_key(r.doc_subject))


def find_obligations(
    store: Any,
    *,
    agency: str | None = None,
    province: str | None = None,
    include_done: bool = True,
    with_chain: bool = True,
    signer: str | None = None,
) -> list[Any]:
    """Obligations in the archive (of ``agency`` when given), one per (task, assignee).

    ``signer``: only tasks of documents that person signed or co-signed ("what did they order?").

    Built on :meth:`Store.obligations`; documents superseded by a newer version of
    the same file are left out. A task that names no assignee is listed (without
    an agency filter) under :data:`UNASSIGNED`.
    """
    from ..remind import DocRef, Obligation

    with _read(store) as conn:
        flt = resolve_agency(conn, agency, province=province) if agency else None
    # --province without --agency: every obligation of that province's documents and bodies
    only_province = AgencyFilter("", "", province=_known_province(province)) if province and flt is None else None
    if flt is not None:
        if not (flt.ids or flt.names or flt.groups):
            return []
        rows = store.obligations(
            agency_ids=sorted(flt.ids), names=sorted(flt.names | set(flt.groups)), status=None, signer=signer
        )
    else:
        rows = store.obligations(status=None, signer=signer)
    # one dispatch stored several times (as .txt, .docx and .pdf): list its tasks once, under
    # the first stored copy, done when marked done in any copy
    rows = sorted(rows, key=lambda r: (r.document_id, r.task_pk))
    done_anywhere = {(dispatch_identity(r), r.task_id) for r in rows if r.status == "done"}
    first: dict[tuple[Any, str], int] = {}
    for r in rows:
        first.setdefault((dispatch_identity(r), r.task_id), r.document_id)
    rows = [r for r in rows if first[(dispatch_identity(r), r.task_id)] == r.document_id]
    if not include_done:
        rows = [r for r in rows if r.status != "done" and (dispatch_identity(r), r.task_id) not in done_anywhere]
    doc_ids = sorted({r.document_id for r in rows})
    chains: dict[int, tuple[DocRef, ...]] = {}
    with _read(store) as conn:
        ended = ended_by(conn, doc_ids)
        provinces = document_province(conn, doc_ids) if doc_ids and (flt is not None or only_province is not None) else {}
        if with_chain:
            for i in doc_ids:
                chains[i] = citation_chain(conn, i)
    out: list[Obligation] = []
    grouped: list[tuple[Obligation, Group, str | None]] = []
    for r in rows:
        doc = DocRef(
            number=r.doc_number,
            doc_type=r.doc_type,
            date=r.doc_date,
            issuer=r.issuer,
            subject=r.doc_subject,
            id=str(r.document_id),
            sha256=r.doc_sha256,
            signers=r.signers,
        )
        here = provinces.get(r.document_id)
        people: list[Any] = list(r.assignees)
        via: list[tuple[Any, Group]] = []
        if flt is not None:
            direct = [a for a in people if flt.matches(a.agency_id, fold_key(a.name))]
            direct = [a for a in direct if _province_ok(flt, here, a.agency_id)]
            if not direct and flt.target is not None:
                # the body asked about is inside a group the task names ("Các sở, ban, ngành tỉnh")
                for a in people:
                    g = flt.groups.get(fold_key(a.name))
                    if g is not None and g.covers(flt.target, here):
                        via = [(a, g)]
                        break
            people = direct
        elif not people:
            people = [None]
        if only_province is not None:
            people = [a for a in people if _province_ok(only_province, here, a.agency_id if a else None)]

        def make(a: Any, agency: str, agency_id: str | None, group: str | None = None, r: Any = r, doc: Any = doc) -> Obligation:
            return Obligation(
                ref=r.ref,
                task_id=r.task_id,
                text=r.text,
                agency=agency,
                agency_id=agency_id,
                role=a.role if a else "lead",
                deadline=r.deadline(),
                done=r.status == "done" or (dispatch_identity(r), r.task_id) in done_anywhere,
                document=doc,
                chain=chains.get(r.document_id, ()),
                task_pk=r.task_pk,
                ended_by=ended.get(r.document_id),
                group=group,
            )

        for a in people:
            out.append(make(a, a.name if a else UNASSIGNED, a.agency_id if a else None))
        for a, g in via:
            t = flt.target if flt is not None else None
            grouped.append((make(a, flt.label if flt else a.name, t.id if t is not None else None, a.name), g, here))
    if grouped and flt is not None and flt.target is not None and flt.target.province is None and flt.target.level != "central":
        grouped = _one_province(flt, grouped, {provinces.get(int(o.document.id or 0)) for o in out})
    out += [o for o, _, _ in grouped]
    out.sort(key=lambda o: (int(o.document.id or 0), o.task_pk or 0))
    return out


def _one_province(
    flt: AgencyFilter, grouped: list[tuple[Any, Group, str | None]], direct_provinces: set[str | None]
) -> list[tuple[Any, Group, str | None]]:
    """A generic name ("Sở Y tế") means one body. Tasks it has through a group bound to a
    document's province ("Các sở, ban, ngành tỉnh") count in the provinces where the archive
    already names it directly; with no direct task, in the one province the groups are of —
    several are a question to ask (E066), not a list to mix."""
    known = {p for p in direct_provinces if p}
    keep = [x for x in grouped if x[1].everywhere or x[2] is None or not known or x[2] in known]
    bound = {x[2] for x in keep if not x[1].everywhere and x[2] is not None}
    if not known and len(bound) > 1:
        try:
            from .._agencies import registry

            reg = registry()
            names = [reg.instance(flt.target, reg.provinces[p]).name for p in sorted(bound)]
        except Exception:  # noqa: BLE001 - the registry is optional here
            names = sorted(str(p) for p in bound)
        raise _ambiguous(flt.query, names, provinces=True)
    return keep


# ---------------------------------------------------------------------------
# marking tasks done


def task_ref(ref: str | int) -> str | int:
    """A user's task reference as :meth:`Store.task_pk` takes it: ``DOC:TASK``, or a task row id
    (``17`` or ``#17``). Raises :class:`QueryError` (E064) for anything else."""
    if isinstance(ref, int):
        return ref
    s = ref.strip()
    if s.lstrip("#").isdigit():
        return int(s.lstrip("#"))
    doc, sep, tid = s.rpartition(":")
    if not sep or not doc.strip() or not tid.strip():
        raise QueryError(Errors.E064.format(ref=ref))
    return s


def set_task_status(
    store: Any, ref: str | int, done: bool, *, note: str | None = None, at: dt.datetime | None = None
) -> Any:
    """Mark a task done (it stops reminding) or open again; returns the store's updated task row.

    The same task in other stored copies of the dispatch (its .docx next to its
    .pdf) is marked too, so no copy keeps reminding.
    """
    row = store.mark_task_done(task_ref(ref), done=done, at=at, note=note)
    ident = dispatch_identity(row)
    if ident[0] != "#":
        for other in store.obligations(status=None):
            if other.task_pk != row.task_pk and other.task_id == row.task_id and dispatch_identity(other) == ident:
                if (other.status == "done") != done:
                    store.mark_task_done(other.task_pk, done=done, at=at, note=note)
    return row


__all__ = [
    "ENDING_RELATIONS",
    "UNASSIGNED",
    "AgencyFilter",
    "ORDER_RELATIONS",
    "citation_chain",
    "dispatch_identity",
    "ended_by",
    "find_obligations",
    "name_key",
    "resolve_agency",
    "set_task_status",
    "task_ref",
    "window_score",
]
