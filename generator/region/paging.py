"""Pages of a listing whose breaks depend on the schools, not on counts.

A catalog cut every 50 practices shifts by one on every later page when one school drops a
practice, and every one of those pages is then built again. Here a page ends after a school's
practices of a year when a hash of that school and year says so, so a school's new package changes
the page it is on and no other (content-defined chunking, as backup tools cut files). The hash
ends a page after one school in 2**k, k chosen so that pages hold about ``per_page`` practices on
average in this listing: k changes only when the listing's mean practices per school doubles or
halves. A page is also ended before it would pass ``2 × per_page`` practices, and one school's year
with more than ``per_page`` practices is cut into pages of its own (those breaks move only inside it).
"""
from __future__ import annotations

import hashlib
import math
from itertools import groupby
from typing import Callable, Hashable, Sequence, TypeVar

T = TypeVar("T")


def _breaks_after(key: Hashable, level: int) -> bool:
    digest = hashlib.blake2b(repr(key).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % (1 << level) == 0


def stable_pages(items: Sequence[T], group: Callable[[T], Hashable], per_page: int) -> list[list[T]]:
    """``items`` (already in listing order, one group's items together) cut into pages; ``[[]]`` if none."""
    blocks = [(key, list(members)) for key, members in groupby(items, key=group)]
    mean = len(items) / len(blocks) if blocks else 1.0
    level = max(0, round(math.log2(max(per_page / mean, 1.0))))  # a page ends after one school in 2**level
    pages: list[list[T]] = []
    current: list[T] = []
    for key, block in blocks:
        if current and len(current) + len(block) > 2 * per_page:
            pages.append(current)
            current = []
        while len(block) > per_page:  # one school's year alone fills pages
            if current:
                pages.append(current)
                current = []
            pages.append(block[:per_page])
            block = block[per_page:]
        current.extend(block)
        if current and _breaks_after(key, level):
            pages.append(current)
            current = []
    if current or not pages:
        pages.append(current)
    return pages
