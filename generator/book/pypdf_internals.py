"""Every use of pypdf's private names, in one place: the merge grafts parsed parts into one writer
object by object, which pypdf's public API (``PdfWriter.append``) does ~20× slower for a book of
thousands of pages, and pages get their numbers drawn in without copying them.

Written against pypdf 7.1.0 (pinned in pyproject.toml). tests/book/test_pypdf_internals.py fails
when another version is installed: then read pypdf's changelog for ``PdfWriter._objects``,
``_pages``, ``_root_object``, ``_add_object`` and ``StreamObject._data``, run tests/book/, and only
then change ``WRITTEN_FOR`` with the pin. The compact writer below (object streams and an xref
stream, as WeasyPrint writes a book in one piece; pypdf writes neither) walks the same internals.
"""
from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject, StreamObject

WRITTEN_FOR = "7.1.0"


def object_count(writer: PdfWriter) -> int:
    """How many object slots the writer has (the next object's number is this plus one)."""
    return len(writer._objects)


def object_at(writer: PdfWriter, idnum: int) -> PdfObject | None:
    """The object in slot ``idnum`` (``None`` once dropped)."""
    return writer._objects[idnum - 1]


def set_object(writer: PdfWriter, idnum: int, obj: PdfObject | None) -> None:
    """Put ``obj`` in slot ``idnum``; ``None`` drops the object from the written file."""
    writer._objects[idnum - 1] = obj  # type: ignore[call-overload]


def append_objects(writer: PdfWriter, objects: Iterable[PdfObject]) -> None:
    """Append already-parsed objects after the writer's own, keeping their order (and numbers)."""
    writer._objects.extend(objects)


def add_object(writer: PdfWriter, obj: PdfObject) -> IndirectObject:
    """Add one object and get its reference, without pypdf's public copy of it."""
    return writer._add_object(obj)


def page_tree(writer: PdfWriter) -> IndirectObject:
    """The reference of the writer's root /Pages node."""
    return writer._pages


def catalog(writer: PdfWriter) -> DictionaryObject:
    """The writer's document catalog (/Root), to edit in place."""
    return writer._root_object


def raw_stream(obj: StreamObject) -> bytes:
    """A stream's bytes as stored (still encoded): comparing them needs no decoding."""
    return obj._data


# The compact writer (object streams and a cross-reference stream): pypdf writes every object as
# text with a classic xref table, which makes a tagged book several times heavier than WeasyPrint's.
PER_STREAM = 200  # objects in one object stream: readers decompress a whole stream to get one object
VERSION = "%PDF-1.7"  # what WeasyPrint writes for PDF/UA-1; object streams need at least 1.5


def flate_stream(data: bytes, entries: dict[str, object]) -> StreamObject:
    """A new stream holding ``data`` Flate-compressed, with the given dictionary entries."""
    stream = StreamObject()
    stream._data = zlib.compress(data, 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    for key, value in entries.items():
        stream[NameObject(key)] = value  # type: ignore[assignment]
    return stream


def _write_object(out: io.BytesIO, idnum: int, obj: object) -> int:
    offset = out.tell()
    out.write(f"{idnum} 0 obj\n".encode())
    obj.write_to_stream(out)  # type: ignore[attr-defined]
    out.write(b"\nendobj\n")
    return offset


def write_compact(writer: PdfWriter) -> bytes:
    """The PDF of ``writer`` with its non-stream objects in object streams and an xref stream."""
    writer._resolve_links()  # what pypdf's own write does first
    out = io.BytesIO()
    header = writer.pdf_header if writer.pdf_header >= "%PDF-1.5" else VERSION
    out.write(header.encode() + b"\n%\xe2\xe3\xcf\xd3\n")
    # (type, field 2, field 3) per object number: 0 free, 1 at an offset, 2 in an object stream
    rows: list[tuple[int, int, int]] = [(0, 0, 65535)]
    packed: list[int] = []
    for idnum, obj in enumerate(writer._objects, start=1):
        if obj is None:
            rows.append((0, 0, 1))
        elif isinstance(obj, StreamObject):
            rows.append((1, _write_object(out, idnum, obj), 0))
        else:
            rows.append((2, 0, 0))  # filled in below
            packed.append(idnum)
    next_id = len(writer._objects) + 1
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start:start + PER_STREAM]
        body, offsets = io.BytesIO(), []
        for index, idnum in enumerate(chunk):
            offsets.append(f"{idnum} {body.tell()}")
            writer._objects[idnum - 1].write_to_stream(body)
            body.write(b"\n")
            rows[idnum] = (2, next_id, index)
        head = (" ".join(offsets) + "\n").encode()
        stream = flate_stream(head + body.getvalue(), {"/Type": NameObject("/ObjStm"), "/N": NumberObject(len(chunk)),
                                                   "/First": NumberObject(len(head))})
        rows.append((1, _write_object(out, next_id, stream), 0))
        next_id += 1
    xref_id, xref_offset = next_id, out.tell()
    rows.append((1, xref_offset, 0))
    table = b"".join(struct.pack(">BIH", kind, a, b) for kind, a, b in rows)
    trailer: dict[str, object] = {
        "/Type": NameObject("/XRef"), "/Size": NumberObject(len(rows)),
        "/W": ArrayObject([NumberObject(1), NumberObject(4), NumberObject(2)]),
        "/Root": writer.root_object.indirect_reference,
    }
    if writer._info is not None:
        trailer["/Info"] = writer._info.indirect_reference
    if writer._ID is not None:
        trailer["/ID"] = writer._ID
    _write_object(out, xref_id, flate_stream(table, trailer))
    out.write(f"startxref\n{xref_offset}\n%%EOF\n".encode())
    return out.getvalue()
