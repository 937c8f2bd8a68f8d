"""Parts of the book as parsed pypdf objects, so the merge does not parse PDF syntax itself.

Parsing is the slow half of a pypdf merge (about 50 µs per object, and a 3,000-page book has
~180,000 of them, mostly structure elements). Forked children parse the parts a few ahead of the
merge, in parallel, and hand each part's objects to it over a pipe; the merge grafts them straight
into the writer's numbering.

The objects travel pickled, and that is safe only because of where the pickle comes from: our own
forked child, in memory, through a pipe it shares with this process alone. What the child reads
from ``.build/`` is the part's PDF — data, checked against its record (see partcache) — never a
pickle; nothing pickled is ever written to or read from disk.
"""
from __future__ import annotations

import io
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, PdfObject, StreamObject

from ..errors import BuildError
from ..forkpool import Forked, TaskFailed, workers
from . import pypdf_internals as internals


class PartUnreadable(BuildError):
    """pypdf could not read a rendered part, or read another number of pages than its record says;
    a part from the cache is then rendered again (see pdf.render_collection)."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"свёрстанная часть {path.name}: {reason}")
        self.path, self.reason = path, reason


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: object) -> int | None:  # references travel as bare object numbers
        return obj.idnum if isinstance(obj, IndirectObject) else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, refs: dict[int, IndirectObject]):
        super().__init__(file)
        self.refs = refs

    def persistent_load(self, pid: int) -> IndirectObject:
        return self.refs[pid]


def snapshot(pdf: bytes) -> bytes:
    """Parse ``pdf`` and give its objects (without object and xref streams), pickled for the pipe."""
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
    return buffer.getvalue()


def snapshots(paths: Sequence[Path]) -> Iterator[bytes]:
    """The snapshot of each part in order, each parsed in a forked child while the merge grafts
    the ones before it (at most one child per core runs ahead)."""
    ahead = workers(limit=None)
    pending: deque[tuple[Path, Forked]] = deque()

    def received() -> bytes:
        path, child = pending.popleft()
        try:
            return child.result()
        except TaskFailed as exc:
            raise PartUnreadable(path, f"pypdf не открывает PDF ({str(exc).splitlines()[0]})") from None

    try:
        for path in paths:
            pending.append((path, Forked(lambda path=path: snapshot(path.read_bytes()))))
            if len(pending) > ahead:
                yield received()
        while pending:
            yield received()
    finally:
        while pending:  # the merge stopped early: collect the children still running
            try:
                received()
            except PartUnreadable:
                pass


@dataclass
class Grafted:
    """A part's objects, now in the writer: its catalog, info and pages as writer references."""

    catalog: DictionaryObject
    info: DictionaryObject | None
    pages: list[IndirectObject]
    refs: dict[int, IndirectObject]


def graft(data: bytes, writer: PdfWriter) -> Grafted:
    """Append the objects of a snapshot (from :func:`snapshots`) to ``writer``, renumbered after
    the writer's own."""
    file = io.BytesIO(data)
    header = pickle.load(file)  # our own child's output over a pipe, see the module's note
    base = internals.object_count(writer)
    refs = {number: IndirectObject(base + i + 1, 0, writer) for i, number in enumerate(header["numbers"])}
    internals.append_objects(writer, _Unpickler(file, refs).load())
    info = refs[header["info"]].get_object() if header["info"] else None
    return Grafted(refs[header["root"]].get_object(), info, [refs[n] for n in header["pages"]], refs)
