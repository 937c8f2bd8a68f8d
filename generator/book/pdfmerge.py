"""One tagged PDF from parts rendered separately: pages, structure tree, links, bookmarks, page numbers.

pypdf copies pages but not what makes the book one document, so this module joins the rest:
the parts' structure trees go under one ``Document`` element with a renumbered parent tree (the
file stays PDF/UA), named destinations are joined so links cross parts, the bookmark tree is built
over all pages the way WeasyPrint builds it, and page numbers are stamped as pagination artifacts
(parts are rendered without them, so a part does not depend on how long the parts before it are).
Fonts and images that several parts embed are stored once, and the fonts are then subset to the
glyphs of the whole book (generator/pdffonts.py).
"""
from __future__ import annotations

import gc
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PageObject, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DictionaryObject, Fit, FloatObject, IndirectObject,
                           NameObject, NumberObject, StreamObject, TextStringObject)

from .pagenumbers import PageNumbers
from .pdffonts import subset_fonts
from .pdfsnapshot import Grafted, PartUnreadable, graft, snapshots
from .partcache import PrintedPart
from . import pypdf_internals as internals

PX = 0.75  # CSS px to PDF points, as WeasyPrint writes


@dataclass
class _Page:
    """What WeasyPrint's bookmark-tree builder reads of a page."""

    bookmarks: list[tuple[int, str, tuple[float, float], str]]
    height: float


def merge_parts(parts: Sequence[PrintedPart], numbers: PageNumbers | None, identifier: bytes,
                numbered_from: int = 1) -> bytes:
    """Join ``parts`` in order; the first part gives the metadata and may hold placeholder anchors
    (its ids give way to the same ids in later parts). Pages from ``numbered_from`` (0-based) get
    their number, counted from 1 at the first page."""
    # A book is a million small objects without cycles to collect: the cyclic collector would scan
    # them again and again while they are created (a third of the merge time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _merge(parts, numbers, identifier, numbered_from)
    finally:
        if collecting:
            gc.enable()


def _merge(parts: Sequence[PrintedPart], numbers: PageNumbers | None, identifier: bytes,
           numbered_from: int) -> bytes:
    writer = PdfWriter()
    total = sum(part.pages for part in parts)
    tree = _StructureTree(writer, total)
    for index, (part, snapshot) in enumerate(zip(parts, snapshots([part.path for part in parts]))):
        grafted = graft(snapshot, writer)
        if len(grafted.pages) != part.pages:  # the full check of a cached part, on the parse the merge needs anyway
            raise PartUnreadable(part.path, f"в PDF {len(grafted.pages)} стр., а в записи {part.pages}")
        first = len(writer.flattened_pages)
        _append_pages(writer, grafted.pages)
        tree.join(grafted.catalog, first, part.pages)
        if index == 0:
            _copy_document_facts(writer, grafted.catalog, grafted.info, identifier)
        _drop_frame(writer, grafted, keep_metadata=index == 0)
    _add_destinations(writer, parts)
    _add_outlines(writer, parts)
    if numbers is not None:
        numbers.stamp(writer, range(numbered_from, total))
    _share_identical_objects(writer)
    subset_fonts(writer)  # the one copy of each font, cut to the glyphs the whole book draws
    tree.finish()
    return internals.write_compact(writer)  # object streams, as WeasyPrint writes a book in one piece


def _append_pages(writer: PdfWriter, refs: list[IndirectObject]) -> None:
    """Hang the part's pages under the writer's page tree (one flat list, as WeasyPrint writes)."""
    tree = internals.page_tree(writer).get_object()
    for ref in refs:
        page = PageObject(writer, ref)
        page.update(ref.get_object())
        page[NameObject("/Parent")] = internals.page_tree(writer)
        internals.set_object(writer, ref.idnum, page)
        tree["/Kids"].append(ref)
        writer.flattened_pages.append(page)
    tree[NameObject("/Count")] = NumberObject(len(tree["/Kids"]))


def _drop_frame(writer: PdfWriter, grafted: Grafted, keep_metadata: bool) -> None:
    """Leave out what framed the part as a document of its own: catalog, page tree, outlines,
    destinations, structure root and info; the merged file has its own."""
    catalog = grafted.catalog
    dropped = [catalog.raw_get("/Pages")]
    if "/Outlines" in catalog:
        dropped.append(catalog.raw_get("/Outlines"))
        stack = [catalog["/Outlines"]]
        while stack:
            item = stack.pop()
            for key in ("/First", "/Next"):
                if key in item:
                    dropped.append(item.raw_get(key))
                    stack.append(item[key])
    names = catalog.get("/Names", DictionaryObject())
    dropped += [names.raw_get(key) for key in names]
    if "/StructTreeRoot" in catalog:
        root = catalog["/StructTreeRoot"]
        dropped += [catalog.raw_get("/StructTreeRoot"), root.raw_get("/ParentTree"), *_as_list(root.raw_get("/K"))]
    if not keep_metadata and "/Metadata" in catalog:
        dropped.append(catalog.raw_get("/Metadata"))
    dropped.append(catalog.indirect_reference)
    if grafted.info is not None:
        dropped.append(grafted.info.indirect_reference)
    for ref in dropped:
        if isinstance(ref, IndirectObject):
            internals.set_object(writer, ref.idnum, None)


class _StructureTree:
    """The merged structure tree: one ``Document`` element, one parent tree numbered across parts."""

    def __init__(self, writer: PdfWriter, total_pages: int):
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = internals.add_object(writer, self.root)
        self.document = DictionaryObject({NameObject("/Type"): NameObject("/StructElem"),
                                          NameObject("/S"): NameObject("/Document"),
                                          NameObject("/P"): self.root_ref, NameObject("/K"): ArrayObject()})
        self.document_ref = internals.add_object(writer, self.document)
        self.page_nums: list = []
        self.annotation_nums: list = []
        self.next_annotation_key = total_pages  # WeasyPrint numbers annotations after the pages

    def join(self, catalog: DictionaryObject, first: int, pages: int) -> None:
        """Graft a part's tree; its page keys shift by ``first``, its annotation keys follow the others'."""
        root = catalog["/StructTreeRoot"]
        kids = root["/K"]
        part_document = (kids[0] if isinstance(kids, ArrayObject) else kids).get_object()
        for kid in _as_list(part_document.get("/K", ArrayObject())):
            kid.get_object()[NameObject("/P")] = self.document_ref
            self.document["/K"].append(kid)
        renumbered = {}
        nums = root["/ParentTree"]["/Nums"]
        for key, value in zip(nums[::2], nums[1::2]):
            if key < pages:
                self.page_nums.append((first + key, value))
            else:
                renumbered[int(key)] = self.next_annotation_key
                self.annotation_nums.append((self.next_annotation_key, value))
                self.next_annotation_key += 1
        for number in range(first, first + pages):
            page = self.writer.pages[number]
            page[NameObject("/StructParents")] = NumberObject(number)  # pypdf drops it when copying
            for annotation in page.get("/Annots", ArrayObject()):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(renumbered[int(annotation["/StructParent"])])

    def finish(self) -> None:
        nums = ArrayObject()
        for key, value in sorted(self.page_nums, key=lambda pair: pair[0]) + self.annotation_nums:
            nums.extend([NumberObject(key), value])
        self.root[NameObject("/ParentTree")] = internals.add_object(self.writer, DictionaryObject({NameObject("/Nums"): nums}))
        self.root[NameObject("/K")] = ArrayObject([self.document_ref])
        internals.catalog(self.writer)[NameObject("/StructTreeRoot")] = self.root_ref


def _as_list(value) -> list:
    return list(value) if isinstance(value, ArrayObject) else [value]


def _point(x: float, y: float, height: float) -> tuple[float, float]:
    """CSS px from the top-left corner to PDF points from the bottom-left, as WeasyPrint transforms."""
    return x * PX, (height - y) * PX


def _add_destinations(writer: PdfWriter, parts: Sequence[PrintedPart]) -> None:
    """Named destinations of all parts (links are by name); an id in the first part gives way."""
    dests: dict[str, ArrayObject] = {}
    first_pages, start = [], 0
    for part in parts:
        first_pages.append(start)
        start += part.pages
    order = list(range(1, len(parts))) + [0]
    for index in order:
        part = parts[index]
        for name, page, x, y in part.anchors:
            if name in dests:
                continue
            number = first_pages[index] + page
            px, py = _point(x, y, part.heights[page])
            dests[name] = ArrayObject([writer.pages[number].indirect_reference, NameObject("/XYZ"),
                                       FloatObject(round(px, 6)), FloatObject(round(py, 6)), NumberObject(0)])
    names = ArrayObject()
    for name in sorted(dests):
        names.extend([TextStringObject(name), dests[name]])
    internals.catalog(writer)[NameObject("/Names")] = DictionaryObject(
        {NameObject("/Dests"): internals.add_object(writer, DictionaryObject({NameObject("/Names"): names}))})


def _add_outlines(writer: PdfWriter, parts: Sequence[PrintedPart]) -> None:
    """The bookmark tree over all pages, built by WeasyPrint's own rule for skipped levels."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    pages: list[_Page] = []
    for part in parts:
        own = [_Page([], height) for height in part.heights]
        for page, level, label, x, y, state in part.bookmarks:
            own[page].bookmarks.append((level, label, (x, y), state))
        pages.extend(own)
    root: list = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for number, page in enumerate(pages):
        matrix = Matrix(a=PX, d=-PX, f=page.height * PX)
        previous = make_page_bookmark_tree(page, skipped, last_by_depth, previous, number, matrix)

    def add(items: list, parent: IndirectObject | None) -> None:
        for label, (number, x, y), children, state in items:
            item = writer.add_outline_item(title=label, page_number=number, parent=parent, is_open=state != "closed",
                                           fit=Fit.xyz(round(x, 6), round(y, 6), 0))
            add(children, item)

    add(root, None)


def _share_identical_objects(writer: PdfWriter) -> None:
    """Keep one copy of each font (program, widths, Unicode map) and image: every part embeds its own.
    Only what pages' resources reach is compared; equal leaves make equal parents on the next round."""
    shared, holders = _resource_objects(writer)
    replace: dict[int, IndirectObject] = {}
    while True:
        first_of: dict[bytes, IndirectObject] = {}
        merged = 0
        for idnum in sorted(shared - replace.keys()):
            obj = internals.object_at(writer, idnum)
            _replace_refs(obj, replace)
            digest = _digest(obj)
            if digest in first_of:
                replace[idnum] = first_of[digest]
                merged += 1
            else:
                first_of[digest] = IndirectObject(idnum, 0, writer)
        if not merged:
            break
    for holder in holders:  # only resources point at fonts and images
        _replace_refs(holder, replace)
    for idnum in replace:
        internals.set_object(writer, idnum, None)


def _resource_objects(writer: PdfWriter) -> tuple[set[int], list[DictionaryObject]]:
    """Numbers of the objects that fonts and images of all pages consist of, and the pages'
    resource dictionaries that point at them."""
    found: set[int] = set()
    seen_resources: set[int] = set()
    holders: list[DictionaryObject] = []

    def reach(value) -> None:
        if isinstance(value, IndirectObject):
            if value.idnum in found:
                return
            found.add(value.idnum)
            value = value.get_object()
        if isinstance(value, DictionaryObject):
            for key, item in value.items():
                if key not in ("/Parent", "/P"):
                    reach(item)
        elif isinstance(value, ArrayObject):
            for item in value:
                reach(item)

    for page in writer.pages:
        resources = page.get("/Resources")
        if resources is None or id(resources.get_object()) in seen_resources:
            continue
        seen_resources.add(id(resources.get_object()))
        holders.append(resources.get_object())
        for kind in ("/Font", "/XObject"):
            kinds = resources.get(kind, DictionaryObject())
            holders.append(kinds.get_object())
            for item in kinds.values():
                reach(item)
    return found, holders


def _digest(obj) -> bytes:
    if isinstance(obj, StreamObject):
        head = repr(sorted((k, repr(v)) for k, v in obj.items() if k != "/Length"))
        return hashlib.sha256(head.encode() + internals.raw_stream(obj)).digest()
    return hashlib.sha256(repr(obj).encode()).digest()


def _replace_refs(obj: DictionaryObject | ArrayObject, replace: dict[int, IndirectObject]) -> None:
    for key, value in list(obj.items()) if isinstance(obj, DictionaryObject) else enumerate(obj):
        if isinstance(value, IndirectObject):
            if value.idnum in replace:
                obj[key] = replace[value.idnum]
        elif isinstance(value, (DictionaryObject, ArrayObject)):
            _replace_refs(value, replace)


def _copy_document_facts(writer: PdfWriter, catalog: DictionaryObject, info: DictionaryObject | None,
                         identifier: bytes) -> None:
    """Language, tagging marks, XMP and info of the book (every part carries the same) and a fixed ID."""
    for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/PageMode", "/Metadata"):
        if key in catalog:
            internals.catalog(writer)[NameObject(key)] = catalog.raw_get(key)
    writer.add_metadata(dict(info or {}))
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
