"""A part of the book as parsed pypdf objects, so the merge does not parse PDF syntax again.

Parsing is the slow half of a pypdf merge (about 50 µs per object, and a 3,000-page book has
~180,000 of them, mostly structure elements). The worker that rendered a part parses it once,
in parallel with the others, and keeps the objects pickled next to the part in the cache; the
merge unpickles them straight into the writer's numbering.
"""
from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, PdfObject, StreamObject

SUFFIX = ".pypdf"


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> int | None:  # references travel as bare object numbers
        return obj.idnum if isinstance(obj, IndirectObject) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BufferedReader, refs: dict[int, IndirectObject]):
        super().__init__(file)
        self.refs = refs

    def persistent_load(self, pid: int) -> IndirectObject:
        return self.refs[pid]


def write_snapshot(pdf: bytes, path: Path) -> None:
    """Parse ``pdf`` and keep its objects (without object and xref streams) in ``path``."""
    reader = PdfReader(io.BytesIO(pdf))
    numbers = sorted(set(reader.xref_objStm) | {n for table in reader.xref.values() for n in table})
    objects: list[tuple[int, PdfObject]] = []
    for number in numbers:
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject) and obj.get("/Type") in ("/ObjStm", "/XRef"):
            continue
        objects.append((number, obj))
    header = {"numbers": [number for number, _ in objects], "root": reader.trailer.raw_get("/Root").idnum,
              "info": reader.trailer.raw_get("/Info").idnum if "/Info" in reader.trailer else None,
              "pages": [page.indirect_reference.idnum for page in reader.pages]}
    buffer = io.BytesIO()
    pickle.dump(header, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump([obj for _, obj in objects])
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(buffer.getvalue())
    temporary.replace(path)


@dataclass
class Grafted:
    """A part's objects, now in the writer: its catalog, info and pages as writer references."""

    catalog: DictionaryObject
    info: DictionaryObject | None
    pages: list[IndirectObject]
    refs: dict[int, IndirectObject]


def graft(path: Path, writer: PdfWriter) -> Grafted:
    """Append the objects of a snapshot to ``writer``, renumbered after the writer's own."""
    with path.open("rb") as file:
        header = pickle.load(file)
        base = len(writer._objects)
        refs = {number: IndirectObject(base + i + 1, 0, writer) for i, number in enumerate(header["numbers"])}
        writer._objects.extend(_Unpickler(file, refs).load())
    info = refs[header["info"]].get_object() if header["info"] else None
    return Grafted(refs[header["root"]].get_object(), info, [refs[n] for n in header["pages"]], refs)
