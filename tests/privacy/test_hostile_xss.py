"""Issue 11, "Scripts that run in a visitor's browser": hostile inputs planted in a copy of the minimal
sample (tests/xss_cases.py), built once; no script, handler or javascript: URL may survive in any
published HTML, SVG or JS file, and each removal is reported with the file's name."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import edit, make_project, run
from generator.book.collection import body_html
from xss_cases import BAD_EVIDENCE, BODIES, CASES, COVER_NAME, TITLE_PAYLOAD, Case, plant
from xss_scan import scan_html, scan_site
from pagefind_files import fragments

BUILD_DATE = "2026-05-31"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list]:
    """``(repository, build output, everything live in site/)`` for the minimal sample + every case."""
    root = make_project(tmp_path_factory.mktemp("xss"))
    plant(root)
    code, output = run(root, "build", "--build-date", BUILD_DATE)
    assert code == 0, output
    return root, output, scan_site(root / "site")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_is_inert_and_reported(planted: tuple[Path, str, list], case: Case) -> None:
    root, output, live = planted
    page = root / "site" / case.page
    assert page.is_file(), f"{case.page} was not published: the case tests nothing"
    assert [item for item in live if item.file == case.page] == []
    if case.reported:
        assert re.search(rf"предупреждение: {re.escape(case.file)}(:\d+:\d+)?: ", output), output


def test_nothing_live_anywhere(planted: tuple[Path, str, list]) -> None:
    """Nav, header, footer, 404 and every other page: a free page's and a rubric's title are on all."""
    _, _, live = planted
    assert live == []


def test_search_index_holds_no_markup_that_runs(planted: tuple[Path, str, list]) -> None:
    """Pagefind keeps a page's text as the reader sees it: a payload shown as text on the page is text
    in the index too, so the search dialog must never parse it. search.js puts titles, sections and
    excerpts in with textContent, rebuilding only <mark> (the browser test searches for a payload)."""
    root, _, _ = planted
    pages = fragments(root / "site")
    assert any("onerror=alert(1)" in page["meta"].get("title", "") for page in pages.values())  # the payload, as text
    script = (root / "site/assets/javascripts/search.js").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", script)
    assert "textContent" in script


class _Text(HTMLParser):
    def __init__(self, tag: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tag, self.inside, self.texts = tag, False, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.inside = self.inside or tag == self.tag

    def handle_endtag(self, tag: str) -> None:
        self.inside = self.inside and tag != self.tag

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.texts.append(data)


def _text_of(path: Path, tag: str) -> str:
    parser = _Text(tag)
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.texts).split())


def test_titles_are_shown_as_text(planted: tuple[Path, str, list]) -> None:
    """Escaped, not deleted: the reader sees what the contributor typed, in <title>, header and nav."""
    root, _, _ = planted
    assert TITLE_PAYLOAD in _text_of(root / "site/pages/xss-title-img/index.html", "title")
    assert TITLE_PAYLOAD in _text_of(root / "site/archive/index.html", "nav")  # a free page, on every page
    assert "<img src=x onerror=alert(1)> события" in _text_of(root / "site/archive/index.html", "nav")
    assert "x{: onclick=alert(1) }" in _text_of(root / "site/practices/xss-praktika/index.html", "article")


def test_cover_with_markup_in_its_name_is_a_picture(planted: tuple[Path, str, list]) -> None:
    root, _, _ = planted
    html = (root / "site/practices/xss-praktika/index.html").read_text(encoding="utf-8")
    assert (root / "site/files/practices" / COVER_NAME).is_file()
    assert 'src="../../files/practices/c%29%7B%20onerror%3D%22alert%281%29%22%20%7D.png"' in html


def test_svg_is_published_clean_and_html_not_at_all(planted: tuple[Path, str, list]) -> None:
    root, _, _ = planted
    svg = ET.fromstring((root / "site/files/practices/evil.svg").read_bytes())
    tags = {el.tag.rsplit("}", 1)[-1] for el in svg.iter()}
    assert "circle" in tags and not tags & {"script", "foreignObject", "set"}
    assert not (root / "site/files/practices/evil.html").exists()


def test_strict_check_refuses_each_reported_case(planted: tuple[Path, str, list]) -> None:
    root, _, _ = planted
    code, output = run(root, "check", "--strict")
    assert code != 0
    missing = [c.file for c in CASES if c.reported and c.file not in output]
    assert missing == [], output


@pytest.mark.parametrize("body", [b for _, b, _ in BODIES], ids=[i for i, _, _ in BODIES])
def test_print_html_is_inert(body: str) -> None:
    """The PDF path: the HTML WeasyPrint gets for a contributed body."""
    assert scan_html(body_html(body)) == []


def test_pdf_prints_hostile_title_as_text(planted: tuple[Path, str, list]) -> None:
    from pypdf import PdfReader

    root, _, _ = planted
    text = "".join(page.extract_text() for page in PdfReader(root / "dist/2025-2026/collection.pdf").pages)
    assert "<script>window.__xss=1</script> Урок" in " ".join(text.split())


@pytest.mark.parametrize("value", BAD_EVIDENCE)
def test_bad_evidence_is_refused_with_its_position(tmp_path: Path, value: str) -> None:
    root = make_project(tmp_path)
    edit(root, "data/2025-2026/roadmap.yaml", "evidence: news/start.md", f"evidence: {json.dumps(value)}")
    code, output = run(root, "check")
    assert code != 0
    assert re.search(r"data/2025-2026/roadmap\.yaml:11:\d+: .*evidence", output), output
    assert "http://" in output and "https://" in output  # what is expected, in Russian
