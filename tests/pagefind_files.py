"""The site search's index (Pagefind) as the tests read it: gzip files whose unpacked bytes start with
``pagefind_dcd``; a page's fragment is JSON (url, content, meta, filters)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

MARKER = b"pagefind_dcd"


def unpacked(path: Path) -> bytes:
    """One index file without its gzip and its marker."""
    return unpacked_bytes(path.read_bytes())


def unpacked_bytes(data: bytes) -> bytes:
    """An index file's bytes without their gzip and marker."""
    data = gzip.decompress(data)
    assert data.startswith(MARKER)
    return data[len(MARKER):]


def fragments(site: Path) -> dict[str, dict]:
    """Every indexed page's fragment, by its URL (``/practices/x/``)."""
    found = [json.loads(unpacked(p)) for p in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))]
    return {f["url"]: f for f in found}


def indexed_text(site: Path) -> str:
    """What the index holds of the pages: every fragment's title and content."""
    return "\n".join(f"{f['meta'].get('title', '')}\n{f['content']}" for f in fragments(site).values())
