"""Names of bodies in running text: :class:`_Scanner` finds where a name starts (a head word or a
registry alias), where it ends (before its predicate) and splits runs of names; the tests for vague
and generic names ("các cơ quan liên quan", "đơn vị")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from .._agencies import registry
from ._tokens import _match_at, _Tok
from ._vocab import _alias_lens, vocab


@dataclass(slots=True)
class _Name:
    start: int
    end: int
    text: str


_STATIVE = {"được", "là", "đã", "có", "không", "đang", "bị"}


_QUANT = {"cac", "nhưng", "toan", "thê", "tât", "ca", "moi", "quy"}  # untoned: các, những, toàn thể, tất cả, mọi, Quý (honorific)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


@lru_cache(maxsize=1 << 15)
def _untone(word: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))


# after "<title> các X, Y và": these start a party of their own, not another body of the group
_NOT_GROUPED = frozenset({"cac", "nhung", "ca", "nguoi", "cong", "ho"})


class _Scanner:
    """Finds and splits the names of bodies in a stretch of text."""

    def __init__(self, text: str, folded: str) -> None:
        self.text = text
        self.folded = folded
        self.v = vocab()
        reg = registry()
        self.alias_keys = reg._alias
        self.max_alias = reg._max_alias
        self.alias_lens = _alias_lens(reg._alias)

    def is_head(self, toks: list[_Tok], i: int, *, noun: bool = False) -> int:
        """Tokens a name starting at ``i`` opens with ("các" + head counts); 0 if none. ``noun``: the
        place can only hold a noun ("Trách nhiệm của tổ chức …"), so a head that is also a verb is a head."""
        j = i
        while j < len(toks) and toks[j].word and (toks[j].lower or j == i) and _untone(toks[j].text) in _QUANT:
            j += 1
            if j - i > 3:
                return 0
        n = _match_at(toks, j, self.v.heads, 8)
        if not n:
            return 0
        if j > i and toks[j].lower and toks[j].key == "bo" and _untone(toks[j - 1].text) == "toan":
            return 0  # "Toàn bộ rác thải …" is "all of", not "toàn thể" + "Bộ"
        if n == 1 and (toks[j].key,) in self.v.caps_heads and not toks[j].text.isupper():
            return 0  # "Du lịch" is no "ĐU" (Đảng ủy)
        if n == 1 and j == i and i > 0 and toks[j].lower and toks[i - 1].word:
            glued = self.v.head_compounds.get(toks[j].key)
            if glued and toks[i - 1].key in glued and not self.text[toks[i - 1].end : toks[j].start].strip():
                return 0  # "nhiệm vụ", "hồ sơ", "văn bản": the head word ends a compound noun
        form = self.v.head_forms.get(toks[j].key)
        if form is not None:
            toned = any(c in form for c in "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
            if (toks[j].text.lower() if toned else _untone(toks[j].text)) != form:
                return 0  # "số" is not "Sở", "Trường hợp" is not "trưởng"
        if _match_at(toks, j, self.v.not_bodies, 4) > n:
            return 0  # "Bộ luật Hình sự", "Bản sao" / "Ban sao" (OCR), "Bộ hồ sơ": a head word opening a thing
        if n == 1 and toks[j].key in self.v.head_toneless and _untone(toks[j].text) != toks[j].text.lower():
            return 0  # "Bàn giao", "Bản tự khai", "Bạn": a toned word is no "Ban"
        if not noun and j == i and _match_at(toks, j, self.v.imperatives, self.v.max_len) and not self.alias_len(toks, j):
            return 0  # "Tổ chức …", "Bố trí …": a verb, not a body
        return (j - i) + n

    def alias_len(self, toks: list[_Tok], i: int) -> int:
        if i >= len(toks):
            return 0
        lens = self.alias_lens.get(toks[i].key)
        if not lens:
            return 0
        limit = min(self.max_alias, len(toks) - i)
        for n in lens:
            if n > limit:
                continue
            seq = toks[i : i + n]
            if all(t.word for t in seq) and " ".join(t.key for t in seq) in self.alias_keys:
                return n
        return 0

    def predicate_at(self, toks: list[_Tok], i: int) -> bool:
        t = toks[i]
        if not t.word or not t.lower:
            return False
        if _match_at(toks, i, self.v.continuations, self.v.max_len):
            return False
        if t.text.lower() in self.v.predicate_words:
            return True
        return bool(_match_at(toks, i, self.v.predicates, self.v.max_len) or _match_at(toks, i, self.v.name_stops, 4))

    def scan(self, toks: list[_Tok], i: int, *, max_words: int = 30, noun: bool = False) -> tuple[int, int] | None:
        """Token range [i, j) of the name starting at ``i``, ending before the predicate."""
        if i >= len(toks) or not self.is_head(toks, i, noun=noun):
            return None
        j = i
        words = 0
        while j < len(toks):
            t = toks[j]
            if not t.word:
                if t.text in (",", "-", "–", "—", "&", "/"):  # OCR writes the dash of "Lao động - Thương binh" long
                    j += 1
                    continue
                break
            if j > i:
                n = self.alias_len(toks, j)
                if n:
                    j += n
                    words += n
                    continue
                c = _match_at(toks, j, self.v.continuations, self.v.max_len)
                if c and self._relative_clause(toks, i, j, c):
                    break  # "các bộ, cơ quan trung ương | được giao chủ trì các Dự án …": the name ends before it
                if c:
                    j += c
                    words += c
                    # "quy định tại Điều 1": take the article number along
                    if j < len(toks) and toks[j - 1].key == "dieu" and toks[j].word:
                        j += 1
                    continue
                if self.predicate_at(toks, j) and toks[j - 1].key != "cua":
                    break  # after "của" a noun follows ("bộ phận khác của tổ chức tín dụng"), never a predicate
            else:
                n = self.alias_len(toks, j)
                if n:
                    j += n
                    words += n
                    continue
            j += 1
            words += 1
            if words > max_words:
                return None
        while j > i and (not toks[j - 1].word or toks[j - 1].key in ("va", "cung", "voi", "cac")):
            j -= 1
        return (i, j) if j > i else None

    def _relative_clause(self, toks: list[_Tok], i: int, j: int, c: int) -> bool:
        """The continuation ``toks[j:j+c]`` is "được giao" opening a relative clause with its own verb ("các bộ,
        cơ quan trung ương được giao chủ trì các Dự án …"): that clause tells which of the bodies are meant, the
        name is the noun phrase before it — unless only a bare generic head stands there ("Cơ quan được giao
        chủ trì" keeps "Cơ quan được giao", the usual name of that role)."""
        if tuple(t.key for t in toks[j : j + c]) != ("duoc", "giao") or j + c >= len(toks):
            return False
        if not self.predicate_at(toks, j + c):
            return False  # "đơn vị được giao nhiệm vụ …": a noun follows, the phrase is the role's name
        b = j
        while b > i and not toks[b - 1].word:
            b -= 1
        before = self.text[toks[i].start : toks[b - 1].end] if b > i else ""
        return sum(1 for t in toks[i:b] if t.word) >= 2 and not _BARE_GENERIC.match(before)

    def split(self, toks: list[_Tok], i: int, j: int) -> list[tuple[int, int]]:
        """Split a run of names: at ";", at ", <Capitalised head>", at "và các"/"và <Head>"."""
        parts: list[tuple[int, int]] = []
        s = i
        k = i
        while k < j:
            n = self.alias_len(toks, k)
            if n and k + n <= j:
                k += n
                continue
            t = toks[k]
            cut = False
            nxt = k + 1
            if t.text == ";":
                cut = True
            elif t.text == "," and nxt < j and toks[nxt].word:
                cap = toks[nxt].upper or (
                    toks[nxt].key in ("cac", "nhung") and nxt + 1 < j and toks[nxt + 1].upper and toks[nxt + 1].word
                )
                if cap and self.is_head(toks, nxt) and not self._shares_complement(toks, s, k, j):
                    cut = True
                elif (
                    toks[nxt].key in ("cac", "nhung")
                    and self.is_head(toks, nxt)
                    and k - s >= 3
                    and toks[s].key not in ("cac", "nhung")
                ):
                    cut = True  # "Thủ trưởng các đơn vị thuộc Ngân hàng …, các doanh nghiệp …"
                elif k - s >= 3 and toks[nxt].lower and _match_at(toks, nxt, self.v.titles, 4) and self.is_head(toks, nxt):
                    cut = True  # "Ban của Hội đồng nhân dân, đại biểu Hội đồng nhân dân": a post after a body
                elif k - s >= 3 and toks[s].upper and _catch_all(toks, nxt, j) and toks[k - 1].key not in _GENERIC_TAILS:
                    # "Chủ tịch Ủy ban nhân dân các cấp, tổ chức và cá nhân khác có liên quan": the catch-all of the
                    # execution formula after a named body ("Thủ trưởng các cơ quan, tổ chức …" shares the title)
                    cut = True
            elif t.word and t.key == "va" and nxt < j and toks[nxt].word and k > s:
                if self._title_group(toks, s, k) and toks[nxt].lower and toks[nxt].key not in _NOT_GROUPED and not (
                    _match_at(toks, nxt, self.v.titles, 4)
                ):
                    # "Thủ trưởng các cơ quan, đơn vị và tổ chức liên quan": one title over the whole group ("… và
                    # cá nhân có liên quan", "… và người dân" are persons of their own, no body a head leads)
                    pass
                elif toks[nxt].key in ("cac", "nhung") or (toks[nxt].upper and self.is_head(toks, nxt)):
                    cut = True
                elif k - s >= 3 and (
                    _match_at(toks, nxt, self.v.and_heads, 6) or _match_at(toks, nxt, self.v.titles, 4)
                ):
                    cut = True  # "Chủ tịch Ủy ban nhân dân cấp tỉnh và người đứng đầu các cơ quan …"
            if cut:
                if k > s:
                    parts.append((s, k))
                s = nxt
            k += 1
        if j > s:
            parts.append((s, j))
        out: list[tuple[int, int]] = []
        for a, b in parts:
            while a < b and not toks[a].word:
                a += 1
            while b > a and not toks[b - 1].word:
                b -= 1
            if b > a and (self.is_head(toks, a) or (out and _match_at(toks, a, self.v.and_heads, 6))):
                out.append((a, b))  # "… và người sử dụng lao động": a body after "và" though no head opens it
        return out

    def _shares_complement(self, toks: list[_Tok], s: int, k: int, j: int) -> bool:
        """ "Giám đốc, Thủ trưởng các Sở" and "Chủ tịch, Phó Chủ tịch UBND tỉnh": the bare title
        before the comma at ``k`` takes the complement of the next title; "Bộ trưởng, Thủ trưởng cơ
        quan ngang bộ" lists a post of its own (the next title's complement names no "các" group)."""
        if not self._bare_title(toks, s, k):
            return False
        nxt = k + 1
        n = _match_at(toks, nxt, self.v.titles, 4)
        if not n:
            return True
        first = tuple(t.key for t in toks[s:k])
        second = tuple(t.key for t in toks[nxt : nxt + n])
        if second[1:] == first or first[1:] == second:  # "Chủ tịch, Phó Chủ tịch …"
            return True
        c = nxt + n
        return c < j and toks[c].key in ("cac", "nhung")

    def _title_group(self, toks: list[_Tok], s: int, k: int) -> bool:
        """``toks[s:k]`` is a post over a group of bodies: a title, then "các"/"những", then lower-case
        nouns separated by commas ("Thủ trưởng các cơ quan, đơn vị")."""
        n = _match_at(toks, s, self.v.titles, 4)
        if not n or s + n >= k or toks[s + n].key not in ("cac", "nhung"):
            return False
        return all(t.text == "," or (t.word and t.lower) for t in toks[s + n + 1 : k])

    def _bare_title(self, toks: list[_Tok], s: int, k: int) -> bool:
        """ "Giám đốc" alone before a comma shares the complement that follows."""
        n = _match_at(toks, s, self.v.titles, 4)
        return n > 0 and s + n == k

    def name(self, toks: list[_Tok], a: int, b: int) -> _Name:
        # "Ban kiểm soát do Đại hội đồng cổ đông bầu (có trách nhiệm …)": the scan spans the relative phrase
        # up to the predicate, the body's name ends before the agent "do" introduces
        for k in range(a + 1, b):
            if toks[k].text in self.v.relative_words and toks[k - 1].word:
                b = k
                break
            if toks[k].text in (".", "!", "?") and k + 1 < b and toks[k + 1].upper and toks[k - 1].word:
                b = k  # "… tại “Tổng cục Thuế. Tổng cục Thuế giao Vụ …": a name never runs over a sentence end
                break
        s, e = toks[a].start, toks[b - 1].end
        return _Name(s, e, _clean(self.text[s:e]))


# the catch-all that closes Decree 30's execution formula: "tổ chức, cá nhân (khác) có liên quan"
_CATCH_ALL_HEADS = frozenset({("to", "chuc"), ("ca", "nhan"), ("co", "quan"), ("doanh", "nghiep")})
# last words of a generic plural that a following catch-all word extends ("các cơ quan, tổ chức")
_GENERIC_TAILS = frozenset({"quan", "vi", "chuc", "nhan", "nghiep", "phuong", "nganh", "bo", "so"})


_CATCH_ALL_WORDS = frozenset({"to", "chuc", "ca", "nhan", "co", "quan", "doanh", "nghiep", "va", "khac", "lien", "cac",
                              "don", "vi", "ho", "gia", "dinh", "kinh"})


def _catch_all(toks: list[_Tok], i: int, j: int) -> bool:
    """``toks[i:j]`` opens, lower-case, with a generic body word and is the catch-all "tổ chức(,| và) cá nhân (khác)
    có liên quan": only its own words up to "liên quan"/"khác"."""
    if i + 1 >= j or not toks[i].lower or (toks[i].key, toks[i + 1].key) not in _CATCH_ALL_HEADS:
        return False
    keys = [t.key for t in toks[i:j] if t.word][:9]
    for n, k in enumerate(keys):
        if k == "khac" or (k == "lien" and n + 1 < len(keys) and keys[n + 1] == "quan"):
            return True
        if k not in _CATCH_ALL_WORDS:
            return False
    return False


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" ,;:-–")
    return s


_GENERIC = r"(?:bộ|ngành|cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|cá\s+nhân|doanh\s+nghiệp|sở|ban)"
_VAGUE = regex.compile(
    r"\b(?:liên\s+quan|khác|như|các\s+cấp|chính\s+quyền\s+địa\s+phương)\b"
    rf"|^(?:các\s+)?{_GENERIC}(?:\s*,?\s*{_GENERIC})*$",
    regex.I,
)


# "Đơn vị", "Cơ quan, đơn vị": a generic noun that names no body in particular (unless it means the addressees)
_BARE_GENERIC = regex.compile(rf"(?:các\s+)?{_GENERIC}(?:\s*,?\s*{_GENERIC})*$", regex.I)


def _vague(name: str) -> bool:
    return bool(_VAGUE.search(name))


def _subseq(short: list[str], full: list[str]) -> bool:
    it = iter(full)
    return all(w in it for w in short)
