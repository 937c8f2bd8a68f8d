"""The same search index bytes for the same pages: Pagefind's filter files put in a fixed order.

Pagefind 1.5.2 writes each filter (form, subject, year, tag) as ``[name, [[value, [page, …]], …]]``
and lists the filters in its meta file in the order of a Rust hash map, which changes from run to
run: two builds of the same site differed in ``filter/*.pf_filter``, the meta file and
``pagefind-entry.json`` (every other file was equal). Here the values and the filter list are sorted
and the files written again under names made from their new bytes, as Pagefind names them, so the
index is reproducible (tests/publish/test_reproducible.py). Pagefind's script finds the files only by
the names the meta file and the entry give, so the renamed ones are what it loads.

The files are gzip, then the marker ``pagefind_dcd``, then CBOR (RFC 8949) of arrays, text and
unsigned integers only; anything else means another Pagefind format, and the index is left as made.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger("nastavnik")

MARKER = b"pagefind_dcd"


class OtherFormat(ValueError):
    """The file is not the CBOR this module was written for (Pagefind 1.5.2)."""


def decode(data: bytes) -> Any:
    """One CBOR item of arrays, text strings and unsigned integers (all Pagefind's meta and filters use)."""
    item, end = _item(data, 0)
    if end != len(data):
        raise OtherFormat("bytes after the item")
    return item


def _item(data: bytes, at: int) -> tuple[Any, int]:
    if at >= len(data):
        raise OtherFormat("truncated")
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise OtherFormat(f"indefinite or reserved length (major {major})")
    if major == 0:
        return value, at
    if major == 3:
        return data[at:at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    raise OtherFormat(f"major type {major}")


def encode(item: Any) -> bytes:
    """``item`` (lists, str, non-negative int) as CBOR with the shortest heads, as Pagefind writes it."""
    if isinstance(item, bool) or not isinstance(item, (int, str, list)):
        raise OtherFormat(type(item).__name__)
    if isinstance(item, int):
        return _head(0, item)
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(item)) + b"".join(encode(i) for i in item)


def _head(major: int, value: int) -> bytes:
    if value < 0:
        raise OtherFormat("negative")
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise OtherFormat("too large")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MARKER):
        raise OtherFormat(f"{path.name}: no Pagefind marker")
    return decode(data[len(MARKER):])


def _write(folder: Path, stem: str, digits: int, suffix: str, item: Any) -> str:
    """Write ``item`` as ``folder/<stem>_<hash><suffix>`` (hash of its bytes); the new ``<stem>_<hash>``."""
    body = MARKER + encode(item)
    name = f"{stem}_{hashlib.sha256(body).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
    return name


def order_filters(bundle: Path) -> None:
    """Sort the filter values and the meta file's filter list of the Pagefind index in ``bundle``."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        for language, facts in entry["languages"].items():
            _order_language(bundle, language, facts)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("поисковый индекс: порядок фильтров не закреплён (формат Pagefind другой: %s); "
                    "две сборки могут различаться в site/pagefind/", exc)
        return
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _order_language(bundle: Path, language: str, facts: dict[str, Any]) -> None:
    meta_path = bundle / f"pagefind.{facts['hash']}.pf_meta"
    meta = _read(meta_path)
    filters = meta[3]  # [version, pages, index chunks, filters, sorts, meta fields]
    renamed = []
    for name, old in filters:
        path = bundle / "filter" / f"{old}.pf_filter"
        values = _read(path)
        values[1] = sorted(values[1], key=lambda pair: pair[0])
        new = _write(path.parent, language, 7, ".pf_filter", values)
        if new != old:
            path.unlink()
        renamed.append([name, new])
    meta[3] = sorted(renamed)
    facts["hash"] = _write(bundle, f"pagefind.{language}", 10, ".pf_meta", meta).removeprefix("pagefind.")
    if meta_path.name != f"pagefind.{facts['hash']}.pf_meta":
        meta_path.unlink()
