"""The final collection PDF and the package for the regional centre, checked from the files."""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import jsonschema
import yaml
from pypdf import PdfReader

from conftest import REPO, run

YEAR = "2025-2026"


def _norm(text: str) -> str:
    """Text as extracted from a PDF: hyphenation undone, whitespace collapsed."""
    text = re.sub(r"(\w)[\u00ad\u2010-]\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _practices(root: Path) -> dict[str, dict]:
    metas = {}
    for path in sorted((root / "content/practices").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if meta["year"] == YEAR:
            metas[path.stem] = meta
    return metas


def _pages(root: Path) -> list[str]:
    reader = PdfReader(root / f"dist/{YEAR}/collection.pdf")
    return [_norm(page.extract_text()) for page in reader.pages]


def test_sections_and_every_approved_practice_and_no_draft(example_site):
    root, _ = example_site
    text = " ".join(_pages(root))
    for title in ("Результаты реализации целевой модели наставничества в 2025–2026 учебном году",
                  "Материалы общих встреч, нетворкинга, деловой игры и обучения наставников",
                  "Лучшие практики наставничества"):
        assert title in text
    practices = _practices(root)
    for meta in practices.values():
        assert (_norm(meta["title"]) in text) == (meta["status"] == "approved"), meta["title"]
    assert any(m["status"] == "draft" for m in practices.values())


def test_toc_page_numbers_match_the_pages_of_practice_titles(example_site):
    root, _ = example_site
    pages = _pages(root)
    toc = " ".join(pages[1:4])
    for meta in _practices(root).values():
        if meta["status"] != "approved":
            continue
        title = _norm(meta["title"])
        printed = re.search(re.escape(title) + r"[\s.]*?(\d+)\b", toc)
        assert printed, f"{title} is not in the table of contents"
        # the page whose top (after the running head) starts with the practice's title
        actual = [i + 1 for i, page in enumerate(pages) if i > 3 and title in page[:len(title) + 120]]
        assert actual and int(printed.group(1)) == actual[0], (title, printed.group(1), actual)


def test_pdf_is_tagged_with_embedded_fonts_and_metadata(example_site):
    root, _ = example_site
    reader = PdfReader(root / f"dist/{YEAR}/collection.pdf")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "ru"
    meta = reader.metadata
    assert "Итоговый сборник" in meta.title and "2025–2026" in meta.title
    assert meta.author.startswith("Муниципальное бюджетное общеобразовательное учреждение")
    assert meta.subject and meta["/CreationDate"] == "D:20260531000000Z"
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert any("PT-Serif" in f for f in fonts) and any("PT-Sans" in f for f in fonts)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [t[:2] for t in titles] == ["1.", "2.", "3."]


def test_bookmarks_for_every_practice(example_site):
    root, _ = example_site
    reader = PdfReader(root / f"dist/{YEAR}/collection.pdf")
    nested = [entry for entry in reader.outline if isinstance(entry, list)]
    practice_marks = {_norm(item.title) for item in nested[-1]}
    for meta in _practices(root).values():
        if meta["status"] == "approved":
            assert _norm(meta["title"]) in practice_marks


def test_rnc_manifest_validates_and_hashes_match(example_site):
    root, _ = example_site
    out = root / f"dist/{YEAR}/rnc"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schemas/rnc-manifest.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, schema)
    expected = {slug for slug, meta in _practices(root).items()
                if meta["status"] == "approved" and meta.get("submit_to_rnc")}
    assert {entry["id"] for entry in manifest["practices"]} == expected
    for entry in manifest["practices"]:
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        reader = PdfReader(out / entry["file"])
        assert len(reader.pages) == entry["pages"]
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        assert _norm(entry["title"]) in _norm(reader.pages[0].extract_text())
    with zipfile.ZipFile(out / f"rnc-{YEAR}.zip") as archive:
        assert sorted(archive.namelist()) == sorted([e["file"] for e in manifest["practices"]] + ["manifest.json"])
        assert archive.read("manifest.json") == (out / "manifest.json").read_bytes()


def test_collection_page_links_pdf_and_rnc(example_site):
    root, _ = example_site
    html = (root / f"site/years/{YEAR}/collection/index.html").read_text(encoding="utf-8")
    assert f'href="../collection-{YEAR}.pdf"' in html
    assert (root / f"site/years/{YEAR}/collection-{YEAR}.pdf").read_bytes() == \
        (root / f"dist/{YEAR}/collection.pdf").read_bytes()
    assert 'href="../rnc/manifest.json"' in html and (root / f"site/years/{YEAR}/rnc/manifest.json").is_file()


def test_same_inputs_same_bytes(project):
    def snapshot() -> dict[str, bytes]:
        return {p.relative_to(project).as_posix(): p.read_bytes()
                for p in sorted((project / "dist").rglob("*")) if p.is_file()}

    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    first = snapshot()
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    assert snapshot() == first
    assert "dist/2025-2026/collection.pdf" in first and "dist/2025-2026/rnc/rnc-2025-2026.zip" in first


def test_authors_without_consent_are_roles_in_rnc_pdf(project):
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    text = _norm(PdfReader(project / "dist/2025-2026/rnc/urok-vdvoyom.pdf").pages[0].extract_text())
    assert "Иванова Анна Андреевна (учитель математики)" in text and "Сидорова Вера Викторовна" in text
    assert "Петров" not in text and "Кузнецов" not in text
