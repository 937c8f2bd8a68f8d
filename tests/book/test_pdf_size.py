"""A collection merged from parts weighs about what the same book rendered in one piece weighs:
fonts once and subset to the book's glyphs, objects in compressed object streams — and the subset
changes neither the text nor the look of a page."""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import make_project
from pypdf import PdfReader

from generator.book import pdf as pdf_module
from generator.book import pdfmerge
from generator.book.collection import build_collection
from generator.errors import Report
from generator.book.pdf import render_collection, render_collection_whole
from generator.website.prepare import compute_all
from generator.check.validate import load_and_check

DAY = date(2026, 5, 31)


def _collections(root: Path) -> dict:
    project, _ = load_and_check(root, False)
    results, charts = compute_all(project, DAY)
    return {year: build_collection(project, year, results[year], charts[year]) for year in sorted(results)}


def _text(path: Path) -> bytes:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout


def _images(path: Path, out: Path) -> list[bytes]:
    out.mkdir()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(out / "p")], check=True)
    return [page.read_bytes() for page in sorted(out.glob("p-*.png"))]


@pytest.mark.parametrize("sample", ["gymnasium"])
def test_merged_collection_weighs_at_most_1_3_of_one_piece(tmp_path: Path, sample: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, sample)
    monkeypatch.setattr(pdf_module, "PRACTICES_PER_PART", 2)  # several parts even for a small school
    for year, collection in _collections(root).items():
        report = Report()
        merged, whole = tmp_path / f"merged-{year}.pdf", tmp_path / f"whole-{year}.pdf"
        merged.write_bytes(render_collection(collection, root, DAY, report, tmp_path / "cache").data)
        whole.write_bytes(render_collection_whole(collection, root, DAY, report).data)
        assert not report.problems, report.problems
        assert len(PdfReader(merged).pages) == len(PdfReader(whole).pages)
        ratio = merged.stat().st_size / whole.stat().st_size
        assert ratio <= 1.3, f"{year}: {merged.stat().st_size} / {whole.stat().st_size} = {ratio:.2f}"


def test_font_subset_keeps_text_and_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same parts merged with whole fonts and with the subset: the same text, the same pixels."""
    root = make_project(tmp_path, "gymnasium")
    monkeypatch.setattr(pdf_module, "PRACTICES_PER_PART", 2)
    collection = _collections(root)[max(_collections(root))]
    subset, whole_fonts = tmp_path / "subset.pdf", tmp_path / "whole-fonts.pdf"
    subset.write_bytes(render_collection(collection, root, DAY, Report(), tmp_path / "cache").data)
    monkeypatch.setattr(pdfmerge, "subset_fonts", lambda writer: {})
    whole_fonts.write_bytes(render_collection(collection, root, DAY, Report(), tmp_path / "cache").data)
    assert subset.stat().st_size < whole_fonts.stat().st_size / 2
    assert _text(subset) == _text(whole_fonts)
    assert _images(subset, tmp_path / "a") == _images(whole_fonts, tmp_path / "b")
    fonts = subprocess.run(["pdffonts", str(subset)], capture_output=True, text=True, check=True).stdout
    rows = fonts.strip().split("\n")[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), fonts  # emb, sub, uni
    reader = PdfReader(subset)
    assert reader.pdf_header == "%PDF-1.7" and bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"])


def test_example_collection_under_0_8_mb(tmp_path: Path) -> None:
    root = make_project(tmp_path, None)
    collections = _collections(root)
    year = max(collections)
    data = render_collection(collections[year], root, DAY, Report(), tmp_path / "cache").data
    assert len(data) < 800_000, len(data)
