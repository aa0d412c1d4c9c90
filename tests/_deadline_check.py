"""The check the deadline tables share: a phrase's deadline has the expected values, or none at all."""

from __future__ import annotations

from typing import Any

from docintel._deadlines import DEFAULT_POLICY, Policy, find_deadline


def check_deadline(text: str, doc_date: str | None, expect: dict[str, Any] | None, policy: Policy = DEFAULT_POLICY) -> None:
    """``find_deadline(text)`` has every value of ``expect``; ``expect`` None: no date and no recurrence (not a
    deadline, or one counted from an event)."""
    got = find_deadline(text, doc_date=doc_date, policy=policy)
    if expect is None:
        assert got is None or (not got.date and not got.recurrence), got
        return
    assert got is not None, f"no deadline in {text!r}"
    for key, want in expect.items():
        assert getattr(got, key) == want, f"{key}: {getattr(got, key)!r} != {want!r} in {text!r} ({got})"
