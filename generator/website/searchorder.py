"""The same search index bytes for the same pages: Pagefind's filter files put in a fixed order.

Pagefind 1.5.2 writes each filter (form, subject, year, tag) as ``[name, [[value, [page, …]], …]]``
and lists the filters in its meta file in the order of a Rust hash map, which changes from run to
run: two builds of the same site differed in ``filter/*.pf_filter``, the meta file and
``pagefind-entry.json`` (every other file was equal). Here the values and the filter list are sorted
and the files written again under names made from their new bytes, as Pagefind names them, so the
index is reproducible (tests/publish/test_reproducible.py). Pagefind's script finds the files only by
the names the meta file and the entry give, so the renamed ones are what it loads.

The files are gzip, then the marker ``pagefind_dcd``, then CBOR (RFC 8949, read and written with
cbor2) of arrays, text and unsigned integers only; anything else means another Pagefind format, and
the index is left as made (with a warning).
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import logging
from pathlib import Path
from typing import Any

import cbor2

log = logging.getLogger("nastavnik")

MARKER = b"pagefind_dcd"


class OtherFormat(ValueError):
    """The file is not the CBOR this module was written for (Pagefind 1.5.2)."""


def decode(data: bytes) -> Any:
    """One CBOR item of arrays, text strings and unsigned integers (all Pagefind's meta and filters use)."""
    stream = io.BytesIO(data)
    try:
        item = cbor2.load(stream)
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise OtherFormat(str(exc)) from None
    if stream.tell() != len(data):
        raise OtherFormat("bytes after the item")
    _plain(item)
    return item


def encode(item: Any) -> bytes:
    """``item`` (lists, str, non-negative int) as CBOR with the shortest heads, as Pagefind writes it."""
    _plain(item)
    return cbor2.dumps(item)


def _plain(item: Any) -> None:
    """Refuse anything but lists, text and non-negative integers: another Pagefind format."""
    stack = [item]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, bool) or not isinstance(value, (int, str)) or (isinstance(value, int) and value < 0):
            raise OtherFormat(type(value).__name__)


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
