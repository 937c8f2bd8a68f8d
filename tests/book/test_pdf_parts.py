"""The collection at scale: rendered in parts in parallel, cached by content and merged with pypdf.

The merged book is compared with the same collection rendered as one WeasyPrint document in one
process (text of every page, contents numbers, bookmarks, destinations, links, tags), and the part
cache is shown to follow exactly the inputs of each part.
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, edit, run
from pypdf import PdfReader

from generator.book import pdf as pdf_module
from generator.book import printjobs
from generator.book.collection import build_collection
from generator.errors import Report
from generator.editors.fixture import write_fixture
from generator.book.pdf import CollectionPrinter, render_collection, render_collection_whole
from generator.website.prepare import compute_all
from generator.check.validate import load_and_check

DAY = date(2026, 5, 31)
YEAR = "2025-2026"


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "school"
    write_fixture(root, REPO, practices=9, news=3, participants=30)
    return root


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "PRACTICES_PER_PART", 2)  # nine practices: six parts and the contents


def _collection(root: Path):
    project, _ = load_and_check(root, False)
    results, charts = compute_all(project, DAY)
    return build_collection(project, YEAR, results[YEAR], charts[YEAR])


def _pages_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return text.split("\f")


def _outline(reader: PdfReader) -> list[tuple]:
    found: list[tuple] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item),
                              round(float(item.left), 2), round(float(item.top), 2)))

    walk(reader.outline, 0)
    return found


def _destinations(reader: PdfReader) -> dict[str, int]:
    return {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}


def _links(reader: PdfReader) -> list[list[tuple]]:
    pages = []
    for page in reader.pages:
        links = []
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            target = str(annot["/Dest"]) if "/Dest" in annot else str(annot["/A"]["/URI"])
            links.append((tuple(round(float(v), 2) for v in annot["/Rect"]), target))
        pages.append(links)
    return pages


def _structure(reader: PdfReader) -> tuple[Counter, int]:
    """Element kinds of the structure tree, and how many elements do not point at their parent."""
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    kinds: Counter = Counter()
    wrong = 0
    stack = [(kid, root.indirect_reference) for kid in root["/K"]]
    while stack:
        ref, parent = stack.pop()
        element = ref.get_object()
        kinds[element["/S"]] += 1
        wrong += element.raw_get("/P") != parent
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "idnum") and "/S" in kid.get_object():
                stack.append((kid, ref))
    return kinds, wrong


def test_the_fixture_passes_check(school: Path) -> None:
    code, output = run(school, "check")
    assert code == 0, output
    assert "ошибок: 0" in output


def test_merged_book_reads_as_the_single_render(school: Path, small_parts: None, tmp_path: Path) -> None:
    collection = _collection(school)
    assert len(CollectionPrinter(collection, school, DAY).body()) == 6
    report = Report()
    merged, whole = tmp_path / "merged.pdf", tmp_path / "whole.pdf"
    merged.write_bytes(render_collection(collection, school, DAY, report, tmp_path / "cache").data)
    whole.write_bytes(render_collection_whole(collection, school, DAY, report).data)
    assert not report.problems, report.problems
    one, many = PdfReader(whole), PdfReader(merged)
    assert len(one.pages) == len(many.pages) > 20
    assert _pages_text(merged) == _pages_text(whole)  # every line in place, contents numbers included
    contents = _pages_text(merged)[1]
    assert re.search(r"практика № 9\s*\.+\s*\d+", contents), contents
    assert _outline(many) == _outline(one) and len(_outline(one)) > 9
    assert _destinations(many) == _destinations(one)
    assert _links(many) == _links(one)
    kinds_one, wrong_one = _structure(one)
    kinds_many, wrong_many = _structure(many)
    assert wrong_one == wrong_many == 0
    # Each part wraps its practices in a section of its own; everything else is tagged alike.
    assert kinds_many - Counter({"/Sect": 10}) == kinds_one - Counter({"/Sect": 10})
    root = many.trailer["/Root"]
    assert root["/Lang"] == "ru" and bool(root["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in root["/Metadata"].get_data()
    assert [page["/StructParents"] for page in many.pages] == list(range(len(many.pages)))
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = [int(k) for k in nums[::2]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    annotation_keys = [a.get_object()["/StructParent"] for p in many.pages for a in p.get("/Annots", [])]
    assert set(annotation_keys) <= set(keys) and len(set(annotation_keys)) == len(annotation_keys)


def test_merged_book_keeps_one_copy_of_each_font_and_image(school: Path, small_parts: None, tmp_path: Path) -> None:
    collection = _collection(school)
    data = render_collection(collection, school, DAY, Report(), tmp_path / "cache").data
    reader = PdfReader(io.BytesIO(data))
    programs, images = {}, {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            ref = descriptor.raw_get("/FontFile2")
            programs[ref.idnum] = hashlib.sha256(ref.get_object().get_data()).hexdigest()
        for image in resources.get("/XObject", {}).values():
            images[image.idnum] = hashlib.sha256(image.get_object().get_data()).hexdigest()
    assert programs and images
    assert len(set(programs.values())) == len(programs) <= 8  # PT Serif and PT Sans, four faces each
    assert len(set(images.values())) == len(images)


def _keys(root: Path) -> list[str]:
    printer = CollectionPrinter(_collection(root), root, DAY)
    return [printer.job(part, "").key for part in printer.body()] + [printer.reference().key]


def _changed(before: list[str], after: list[str]) -> list[int]:
    return [i for i, (a, b) in enumerate(zip(before, after)) if a != b]


def test_cache_key_follows_each_input(school: Path, small_parts: None, tmp_path: Path) -> None:
    root = tmp_path / "school"
    shutil.copytree(school, root, symlinks=True)
    before = _keys(root)
    assert _keys(root) == before  # nothing changed, nothing to render
    titles = [p.meta.title for p in _collection(root).practices]  # parts: 0 results, 1… practices by two
    practice = sorted((root / "content/practices").glob("*.md"))[0]
    position = titles.index(re.search(r'title: "(.+)"', practice.read_text(encoding="utf-8"))[1])
    edit(root, f"content/practices/{practice.name}", "## Актуальность", "## Актуальность практики")
    after = _keys(root)
    assert _changed(before, after) == [1 + position // 2]

    # A consent withdrawn: the author is shown by role from now on, in that practice's part only.
    author = re.search(r"authors: \[(p\d+),", practice.read_text(encoding="utf-8"))[1]
    text = (root / f"data/{YEAR}/participants.yaml").read_text(encoding="utf-8")
    block = text.split(f"  - id: {author}\n", 1)[1].split("  - id:", 1)[0]
    consent = re.search(r"publication: \[.*?\]", block)[0]
    (root / f"data/{YEAR}/participants.yaml").write_text(
        text.replace(block, block.replace(consent, "publication: [name, position]" if consent.endswith("[]")
                                          else "publication: []")), encoding="utf-8")
    again = _keys(root)
    changed = _changed(after, again)
    assert 1 + position // 2 in changed and 0 not in changed and len(changed) < len(again) - 1

    edit(root, "site_templates/print/_practice.html.j2", "Паспорт практики", "Паспорт лучшей практики")
    templated = _keys(root)
    assert _changed(again, templated) == list(range(1, len(templated) - 1))  # every practice part

    edit(root, "site_templates/print/print.css", "color: #1a237e; margin: 9mm", "color: #0d47a1; margin: 9mm")
    styled = _keys(root)
    assert _changed(templated, styled) == list(range(len(styled)))  # every part and the page-number sample

    cover = sorted((root / "content/files/practices").glob("cover-*.jpg"))[0]
    cover.write_bytes(cover.read_bytes() + b"\0")
    assert _changed(styled, _keys(root))  # a picture's bytes count, not only its name


def test_unchanged_parts_are_not_rendered_again(school: Path, small_parts: None, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "school"
    shutil.copytree(school, root, symlinks=True)
    cache = tmp_path / "cache"
    render_collection(_collection(root), root, DAY, Report(), cache)
    rendered: list[str] = []
    real = printjobs.render_job

    def counting(job, *args, **kwargs):
        rendered.append(job.label)
        return real(job, *args, **kwargs)

    monkeypatch.setattr(printjobs, "render_job", counting)
    render_collection(_collection(root), root, DAY, Report(), cache)
    assert rendered == []
    practice = sorted((root / "content/practices").glob("*.md"))[3]
    text = practice.read_text(encoding="utf-8")
    practice.write_text(text.replace("## Актуальность", "## Актуальнось", 1), encoding="utf-8")  # same length
    warm = render_collection(_collection(root), root, DAY, Report(), cache).data
    assert len(rendered) == 1 and "часть" in rendered[0]  # one part; the contents' numbers did not move
    cold = render_collection(_collection(root), root, DAY, Report(), tmp_path / "cold").data
    assert warm == cold  # a book from the cache is the very book a clean build makes
