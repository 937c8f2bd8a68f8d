"""«Может быть, …?»: the nearest allowed value to a mistyped id or word (check stage).

``krylov-ia`` for ``krylov-ai``, ``aproved`` for ``approved``, ``opytt`` for ``opyt``: a teacher
fixes a typo faster when the message names the value meant. Only a close match is offered
(difflib's ratio ≥ 0.6, as for unknown field names), so a value that is simply wrong gets none.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6


def nearest(value: str, options: Iterable[str]) -> str | None:
    """The allowed value closest to ``value``, or ``None`` when none is close."""
    found = difflib.get_close_matches(str(value), sorted(set(options)), n=1, cutoff=CUTOFF)
    return found[0] if found else None


def maybe(value: str, options: Iterable[str]) -> str:
    """`` — может быть, «x»?`` for a close match, else an empty string (to append to a message)."""
    found = nearest(value, options)
    return f" — может быть, «{found}»?" if found else ""
