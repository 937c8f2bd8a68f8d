"""PDF tables never overlap: a header cell's text stays inside its own column, however long the
diagnostics rounds' titles are (the collection's section 1, gymnasium sample)."""
from __future__ import annotations

import pdfplumber
import pytest

from conftest import edit, make_project, run

LONG_TITLES = ("Входная диагностика профессиональных компетенций наставников и молодых педагогов (I четверть)",
               "Промежуточнаядиагностикапрофессиональныхкомпетенций")  # one long word must break too


def _crossings(page, table) -> list[str]:
    """Characters that straddle a vertical edge of a cell in their own row."""
    bad = []
    for row in table.rows:
        cells = [c for c in row.cells if c]
        top, bottom = min(c[1] for c in cells), max(c[3] for c in cells)
        edges = sorted({c[0] for c in cells} | {c[2] for c in cells})
        for ch in page.chars:
            middle = (ch["top"] + ch["bottom"]) / 2
            if top < middle < bottom and ch["text"].strip():
                bad += [ch["text"] for edge in edges if ch["x0"] < edge - 0.5 and ch["x1"] > edge + 0.5]
    return bad


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("pdf-tables"), "gymnasium")
    diagnostics = "data/2025-2026/diagnostics.yaml"
    text = (root / diagnostics).read_text(encoding="utf-8")
    titles = [line.split("title:", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("title:")]
    for old, new in zip(titles, LONG_TITLES):
        edit(root, diagnostics, f"title: {old}\n", f"title: {new}\n")
    code, output = run(root, "build", "--build-date", "2026-05-31")
    assert code == 0, output
    return root / "dist/2025-2026/collection.pdf"


def test_long_round_titles_do_not_overlap_in_the_diagnostics_header(collection):
    """The round titles head the coverage table and the text of the paired comparison (issue 14: the
    change is computed over the same people); no table's text may cross a cell's edge."""
    found, text = 0, []
    with pdfplumber.open(collection) as pdf:
        for page in pdf.pages:
            text.append(page.extract_text() or "")
            for table in page.find_tables():
                header = table.extract()[0]
                if header and str(header[0]).startswith("Компетенция"):
                    found += 1
                    assert _crossings(page, table) == [], f"стр. {page.page_number}"
    assert found >= 1, "the diagnostics table was not found in the PDF"
    words = " ".join(text).replace("\n", " ").replace("- ", "").replace("-", "")
    assert "(I четверть)" in words and "Промежуточнаядиагностика" in words
