"""The search box's syntax, parsed once and compiled for each database.

What a person may type::

    so y te                 every word (diacritics and đ optional: "Sở Y tế" matches)
    "ke hoach phong chong"  a phrase (the words in this order)
    thue*                   a word starting with "thue"
    -covid   -"ha noi"      exclude a word or phrase
    bao cao OR ke hoach     either side (OR binds to its two neighbours)
    938/UBND-KGVX           punctuation inside a word makes it a phrase: 938 ubnd kgvx
    3138 / UBND - VXNV      a number typed with spaces is still one phrase (88 -BC/BCS too)
    van hoa - the thao      a dash with spaces around it is punctuation, not an exclusion
    AND, NOT                accepted: "a AND b" is "a b", "NOT x" is "-x"

Every word is folded exactly like the stored text (:func:`docintel.fold`: marks
dropped, ``đ`` → ``d``, lower case) and split into the same words the indexes
hold (runs of letters and digits). Malformed input — an unbalanced quote, an
operator with nothing to join (``AND OR``, ``OR x``), a lone ``-`` at either end or ``*``, a
query of exclusions only — raises :class:`~docintel.QueryError` with a message
that says what to change; nothing the user types reaches the database's own
query parser unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .._errors import Errors, QueryError
from .._normalise import fold, nfc

WORD = regex.compile(r"[^\W_]+")
_OPERATORS = {"OR": "or", "|": "or", "AND": "and", "&": "and", "&&": "and", "+": "and", "NOT": "not"}


@dataclass(frozen=True, slots=True)
class Term:
    """A word (one token) or a phrase (several, in order); ``prefix`` makes the last token a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False

    @property
    def text(self) -> str:
        s = " ".join(self.tokens) + ("*" if self.prefix else "")
        return f'"{s}"' if len(self.tokens) > 1 else s


@dataclass(slots=True)
class Query:
    """Groups are ANDed; the terms of a group are alternatives (OR); ``excluded`` terms must not occur."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    source: str = ""

    @property
    def terms(self) -> list[Term]:
        """Every positive term (what a snippet highlights)."""
        return [t for g in self.groups for t in g]

    def __bool__(self) -> bool:
        return bool(self.groups)


def _error(reason: str) -> QueryError:
    return QueryError(Errors.E041.format(reason=reason))


@dataclass(slots=True)
class _Tok:
    kind: str  # term | or | and | not
    term: Term | None = None
    negated: bool = False
    raw: str = ""


def _term(raw: str, *, quoted: bool) -> Term | None:
    prefix = False
    body = raw
    if not quoted and body.endswith("*"):
        body = body.rstrip("*")
        prefix = True
        if not WORD.search(fold(nfc(body))):
            raise _error("'*' must follow a word, as in thue* (it finds words starting with 'thue')")
    tokens = tuple(WORD.findall(fold(nfc(body))))
    if not tokens:
        return None
    return Term(tokens, prefix)


# a dispatch number typed with spaces: "3138 / UBND - VXNV", "88 -BC/BCS" (as Số lines print it)
_SPACED_NUMBER = regex.compile(r"(?<![^\s\"(])\d+[\p{L}\d.]*(?:\s*[/-]\s*[\p{L}\d][\p{L}\d.]*)+")


def _join_numbers(q: str) -> str:
    """Close the spaces inside a document number that has a slash, so it is one phrase, not a word
    and an exclusion: ``88 -BC/BCS`` → ``88-BC/BCS``."""

    def join(m: regex.Match[str]) -> str:
        s = m.group(0)
        return regex.sub(r"\s+", "", s) if "/" in s else s

    return _SPACED_NUMBER.sub(join, q)


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    q = _join_numbers(q)
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        negated = False
        if c == "-" and (i + 1 >= n or q[i + 1].isspace()):
            if toks and q[i + 1 :].strip():
                i += 1  # a dash between words ("Văn hóa - Thể thao", "covid - ha") is punctuation
                continue
            raise _error("'-' must be followed by a word or a \"phrase\" to exclude, as in -covid")
        if c == "-" and i + 1 < n:
            negated = True
            i += 1
            c = q[i]
        if c == '"':
            j = q.find('"', i + 1)
            if j < 0:
                raise _error('unbalanced quote: close the "phrase" with a second "')
            raw = q[i + 1 : j]
            term = _term(raw, quoted=True)
            if term is None:
                raise _error(f'the quoted phrase "{raw}" has no words in it')
            toks.append(_Tok("term", term, negated, f'"{raw}"'))
            i = j + 1
            continue
        j = i
        while j < n and not q[j].isspace() and q[j] != '"':
            j += 1
        raw = q[i:j]
        i = j
        op = _OPERATORS.get(raw)
        if op and not negated:
            toks.append(_Tok(op, raw=raw))
            continue
        if "*" in raw.rstrip("*") or raw.strip("*") == "":
            if raw.strip("*") == "":
                raise _error("'*' must follow a word, as in thue* (it finds words starting with 'thue')")
            raise _error(f"'*' may only end a word ('{raw}'), as in thue*")
        term = _term(raw, quoted=False)
        if term is None:
            if negated:
                raise _error(f"'-{raw}' excludes nothing: '-' must be followed by a word")
            continue  # punctuation only (a dash, a comma): nothing to search for
        toks.append(_Tok("term", term, negated, raw))
    return toks


def parse_query(q: str) -> Query:
    """Parse the user's search syntax; raise :class:`QueryError` on malformed input."""
    toks = _lex(q)
    out = Query(source=q)
    pending_not = False
    prev: str | None = None  # kind of the previous token: term | or | and | not | None
    for k, t in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if t.kind in {"or", "and"}:
            if prev in {None, "or", "and", "not"}:
                before = f"after '{toks[k - 1].raw}'" if k else "at the start"
                raise _error(
                    f"'{t.raw}' {before} has no word on its left; put a word on each side, as in: bao cao {t.raw} ke hoach"
                )
            if nxt is None or nxt.kind != "term":
                after = f"before '{nxt.raw}'" if nxt else "at the end"
                raise _error(
                    f"'{t.raw}' {after} has no word on its right; put a word on each side, as in: bao cao {t.raw} ke hoach"
                )
            if t.kind == "or" and (toks[k - 1].negated or nxt.negated or pending_not):
                raise _error(
                    "an excluded word cannot be one side of OR; write the exclusion separately, as in: a OR b -c"
                )
            prev = t.kind
            continue
        if t.kind == "not":
            if nxt is None or nxt.kind != "term":
                raise _error(f"'{t.raw}' must be followed by a word or a \"phrase\" to exclude")
            pending_not = True
            prev = "not"
            continue
        assert t.term is not None
        if t.negated or pending_not:
            out.excluded.append(t.term)
            pending_not = False
        elif prev == "or":
            out.groups[-1].append(t.term)
        else:
            out.groups.append([t.term])
        prev = "term"
    if not out.groups:
        if out.excluded:
            raise _error(
                "nothing to search for: a query of exclusions only (-word) matches everything; add a word to find"
            )
        raise _error("the query has no words to search for")
    return out


# ---------------------------------------------------------------------------
# compilation


def to_fts5(query: Query) -> str:
    """An FTS5 MATCH expression (every token double-quoted: no FTS5 syntax leaks through)."""

    def term(t: Term) -> str:
        return '"' + " ".join(t.tokens) + '"' + (" *" if t.prefix else "")

    def group(g: list[Term]) -> str:
        return term(g[0]) if len(g) == 1 else "(" + " OR ".join(term(t) for t in g) + ")"

    expr = " AND ".join(group(g) for g in query.groups)
    if query.excluded:
        expr += " NOT (" + " OR ".join(term(t) for t in query.excluded) + ")"
    return expr


def to_tsquery(query: Query, *, loose: bool = False) -> str:
    """A PostgreSQL ``to_tsquery('simple', …)`` expression (lexemes single-quoted).

    ``loose``: a tsquery every match of ``query`` matches, without phrase operators (the GIN
    index answers it without rechecking rows): a phrase becomes its words (``&``), and an
    excluded phrase is left out.
    """
    join = " & " if loose else " <-> "

    def lex(tok: str) -> str:
        return "'" + tok.replace("'", "''").replace("\\", "\\\\") + "'"

    def term(t: Term) -> str:
        parts = [lex(tok) for tok in t.tokens]
        if t.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + join.join(parts) + ")"

    def group(g: list[Term]) -> str:
        return term(g[0]) if len(g) == 1 else "(" + " | ".join(term(t) for t in g) + ")"

    expr = " & ".join(group(g) for g in query.groups)
    excluded = [t for t in query.excluded if not loose or len(t.tokens) == 1]
    if excluded:
        expr += " & !(" + " | ".join(term(t) for t in excluded) + ")"
    return expr


def term_pattern(t: Term) -> regex.Pattern[str]:
    """A regex finding the term in folded text (whole words, any punctuation between phrase words)."""
    body = r"[\W_]+".join(regex.escape(tok) for tok in t.tokens)
    tail = r"[^\W_]*" if t.prefix else r"(?![^\W_])"
    return regex.compile(r"(?<![^\W_])" + body + tail)


__all__ = ["Query", "Term", "parse_query", "term_pattern", "to_fts5", "to_tsquery"]
