"""Plain text and Markdown: byte-encoding detection (placeholder: UTF-8/UTF-16 only)."""

from __future__ import annotations

from .._errors import Errors, InputError


def read_text_bytes(data: bytes, *, name: str) -> tuple[str, str, list[str]]:
    """Decode bytes; return (text, encoding name, warnings)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as e:
        raise InputError(Errors.E004.format(reason=str(e)), path=name) from None
