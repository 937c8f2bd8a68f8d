"""The regional collection: placeholder, filled in the next commit."""
from __future__ import annotations


def write_collection(region, selection, entries, folders, work, report):  # type: ignore[no-untyped-def]
    return f"collection-{selection.year}.pdf", None
