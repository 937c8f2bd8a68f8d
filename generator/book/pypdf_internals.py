"""Every use of pypdf's private names, in one place: the merge grafts parsed parts into one writer
object by object, which pypdf's public API (``PdfWriter.append``) does ~20× slower for a book of
thousands of pages, and pages get their numbers drawn in without copying them.

Written against pypdf 7.1.0 (pinned in pyproject.toml). tests/book/test_pypdf_internals.py fails
when another version is installed: then read pypdf's changelog for ``PdfWriter._objects``,
``_pages``, ``_root_object``, ``_add_object`` and ``StreamObject._data``, run tests/book/, and only
then change ``WRITTEN_FOR`` with the pin.
"""
from __future__ import annotations

from collections.abc import Iterable

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, PdfObject, StreamObject

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
