"""Writing a merged book as compactly as WeasyPrint writes one: objects packed into compressed
object streams, with a cross-reference stream (PDF 1.5+).

pypdf writes every object as plain text with a classic cross-reference table. A tagged book is
thousands of small structure elements (``/StructElem``, ``/OBJR``, annotations, font
dictionaries): as text they weigh several times what they weigh Flate-compressed in object
streams, which is how WeasyPrint writes a book rendered in one piece. Output is deterministic:
the same objects give the same bytes.
"""
from __future__ import annotations

import io
import struct
import zlib

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, NameObject, NumberObject, StreamObject

PER_STREAM = 200  # objects in one object stream: readers decompress a whole stream to get one object
VERSION = "%PDF-1.7"  # what WeasyPrint writes for PDF/UA-1; object streams need at least 1.5


def _stream(data: bytes, entries: dict[str, object]) -> StreamObject:
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
        stream = _stream(head + body.getvalue(), {"/Type": NameObject("/ObjStm"), "/N": NumberObject(len(chunk)),
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
    _write_object(out, xref_id, _stream(table, trailer))
    out.write(f"startxref\n{xref_offset}\n%%EOF\n".encode())
    return out.getvalue()

