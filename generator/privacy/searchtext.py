"""What the site search's index gives away, as text for the privacy gate.

Pagefind (website/searchindex) writes its index as small gzip files, each starting, once unpacked,
with the marker ``pagefind_dcd``: a page's fragment is JSON (its whole text, title, excerpt source,
filters, meta), the index chunks, filters and the meta file are CBOR (the words as stemmed, the facet
values, page hashes). Every string of them is read: a name that must not be public must not be
findable either, and the fragments are what a search shows. A file that does not unpack or parse is
refused, as any output the gate cannot read.
"""
from __future__ import annotations

import json
import zlib

from .pagetext import json_strings

MARKER = b"pagefind_dcd"
SUFFIXES = {".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta"}
MAX_UNPACKED = 64 * 1024 * 1024  # one index file, unpacked: Pagefind's chunks are kilobytes


class UnreadableIndex(ValueError):
    """A search index file the gate cannot read; the message says why, in Russian."""


def search_index_text(data: bytes) -> str:
    """Every string in one Pagefind index file (``.pf_fragment``, ``.pf_index``, ``.pf_filter``,
    ``.pf_meta``), one per line; raises :class:`UnreadableIndex` if it is not what Pagefind writes."""
    try:
        unpacked = zlib.decompressobj(wbits=31).decompress(data, MAX_UNPACKED)
    except zlib.error as exc:
        raise UnreadableIndex(f"файл поискового индекса не распаковывается (gzip): {exc}") from None
    if len(unpacked) >= MAX_UNPACKED:
        raise UnreadableIndex("файл поискового индекса слишком велик после распаковки")
    if not unpacked.startswith(MARKER):
        raise UnreadableIndex("файл поискового индекса не начинается с метки Pagefind (pagefind_dcd)")
    body = unpacked[len(MARKER):]
    if body[:1] == b"{":
        try:
            return "\n".join(json_strings(json.loads(body.decode("utf-8"))))
        except (UnicodeDecodeError, ValueError) as exc:
            raise UnreadableIndex(f"фрагмент поискового индекса — не JSON: {exc}") from None
    return "\n".join(cbor_strings(body))


def cbor_strings(data: bytes) -> list[str]:
    """The text strings of a CBOR document (RFC 8949), in order.

    Arrays, maps and tags carry no bytes of their own — their items follow their head — so one flat
    pass over the heads reads every item, nested or not; indefinite lengths end with a break byte,
    itself a head. Byte strings are skipped (Pagefind keeps numbers there, no text)."""
    strings: list[str] = []
    at, end = 0, len(data)
    while at < end:
        head = data[at]
        major, info = head >> 5, head & 0x1F
        at += 1
        if info < 24:
            value = info
        elif info in (24, 25, 26, 27):
            size = 1 << (info - 24)
            if at + size > end:
                raise UnreadableIndex("файл поискового индекса обрывается (CBOR)")
            value = int.from_bytes(data[at:at + size], "big")
            at += size
        elif info == 31 and major in (2, 3, 4, 5, 7):
            continue  # an indefinite length starts, or (major 7) a break ends one
        else:
            raise UnreadableIndex(f"файл поискового индекса испорчен (CBOR, байт {at - 1})")
        if major in (2, 3):
            if at + value > end:
                raise UnreadableIndex("файл поискового индекса обрывается (CBOR)")
            if major == 3:
                try:
                    strings.append(data[at:at + value].decode("utf-8"))
                except UnicodeDecodeError:
                    raise UnreadableIndex(f"файл поискового индекса испорчен (CBOR, байт {at})") from None
            at += value
    return strings
