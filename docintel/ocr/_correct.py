"""Post-OCR correction tuned to dispatches.

The markers the parser needs (Số, V/v, Kính gửi, Nơi nhận, the national motto,
the type names) and, in the header, agency names from the registry are restored
by fuzzy matching. Digits are never "corrected": a whole-line replacement is only
made on lines without digits, and prefix replacements keep the rest of the line.
"""

from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz

from .._normalise import fold, fold_key, nfc
from .._rules import Rule, load
from ._tesseract import OCRLine, OCRPage, Word

LINE_THRESHOLD = 85.0
HEADER_LINES = 12  # agency names are restored only near the top of page 1


def _line_key(text: str) -> str:
    """fold_key, keeping a trailing colon (QUYẾT ĐỊNH: opens the articles; QUYẾT ĐỊNH is the type)."""
    return fold_key(text) + (":" if text.rstrip().endswith(":") else "")


@cache
def _rules() -> tuple[list[tuple[Rule, str]], list[Rule]]:
    rf = load("ocr_markers")
    whole = [(r, _line_key(str(r.get("canonical")))) for r in rf.rules if r.get("mode") == "line"]
    prefix = [r for r in rf.rules if r.get("mode") == "prefix"]
    return whole, prefix


def correct_line(text: str) -> str:
    """Restore a marker in one OCR line; return the line unchanged when none fits."""
    text = nfc(text)
    whole, prefix = _rules()
    if not any(c.isdigit() for c in text):
        key = _line_key(text)
        for rule, canon in whole:
            if key.endswith(":") != canon.endswith(":"):
                continue
            if key and 0.7 <= len(key) / max(len(canon), 1) <= 1.3 and fuzz.ratio(key, canon) >= LINE_THRESHOLD:
                return str(rule.get("canonical"))
    folded = fold(text)
    for rule in prefix:
        m = rule.search(folded)
        if m and m.start() == 0:
            return str(rule.get("canonical")) + text[m.end():]
    return text


def _restore_agency(text: str) -> str:
    try:
        from .._agencies import registry
    except ImportError:
        return text
    try:
        restored = registry().restore(text)
    except AttributeError:
        return text
    if not restored or any(c.isdigit() for c in text):
        return text
    # keep the line's upper case; only diacritics and letters OCR damaged change
    return restored.upper() if text.isupper() else restored


def correct_page(page: OCRPage) -> OCRPage:
    """Apply :func:`correct_line` to every line, and agency restoration in the page-1 header."""
    out: list[OCRLine] = []
    for i, ln in enumerate(page.lines):
        new = correct_line(ln.text)
        if page.number == 1 and i < HEADER_LINES and new == ln.text and new.isupper():
            new = _restore_agency(new)
        out.append(ln if new == ln.text else _relabel(ln, new))
    page.lines = out
    return page


def _relabel(line: OCRLine, text: str) -> OCRLine:
    """A line with new text keeping its box and confidence (one word spanning the line)."""
    conf = line.conf * 100
    return OCRLine([Word(text, line.left, line.top, line.right - line.left, line.bottom - line.top, conf)], line.block)


__all__ = ["correct_line", "correct_page"]
