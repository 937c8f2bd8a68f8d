"""A region of the bundled example (a zip in inbox/, two years) and the gymnasium (over HTTP from its
built site on 127.0.0.1) builds into the platform: a page per practice, school and municipality, the
received PDFs byte for byte, the catalogue as JSON, CSV and RSS, a sitemap, and the collection."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from region_helpers import (YEAR, gym_site, gymnasium, good_region, package_files, manifest_of,  # noqa: F401
                            region_build, schools)


@pytest.fixture(scope="module")
def region(tmp_path_factory, schools, gym_site) -> tuple[Path, str]:  # noqa: F811
    root = good_region(tmp_path_factory.mktemp("region") / "region", schools, gym_site, selection=True)
    code, output = region_build(root)
    assert code == 0, output
    return root, output


def _expected(schools) -> list[tuple[str, str, dict]]:  # noqa: F811
    found = []
    for sid, year in (("sosh7", YEAR), ("sosh7", "2024-2025"), ("gym3", YEAR)):
        files = package_files(schools[sid], year)
        for practice in manifest_of(files)["practices"]:
            found.append((sid, year, practice | {"data": files[practice["file"]]}))
    return found


def test_every_practice_has_its_page_and_its_pdf_byte_for_byte(region, schools):  # noqa: F811
    root, output = region
    expected = _expected(schools)
    assert len(expected) == 7
    for sid, year, practice in expected:
        page = (root / "site/practices" / sid / year / practice["id"] / "index.html").read_text(encoding="utf-8")
        assert practice["title"].split("«")[0].strip()[:30] in page.replace("&laquo;", "«")
        pdf = root / "site/files" / sid / year / practice["file"]
        assert pdf.read_bytes() == practice["data"]
        assert f"../../../../files/{sid}/{year}/{practice['file']}" in page
        assert f"{practice['pages']} страниц" in page
    assert "Пакетов принято: 3, отклонено: 0." in output


def test_school_and_municipality_pages_list_their_practices(region):
    root, _ = region
    school = (root / "site/schools/gym3/index.html").read_text(encoding="utf-8")
    assert "Гимназия № 3" in school and "Клуб «Открытый микрофон»" in school.replace("&laquo;", "«")
    assert "../../municipalities/svetloborsk/" in school
    place = (root / "site/municipalities/zarechny/index.html").read_text(encoding="utf-8")
    assert "СОШ № 7" in place and "Гимназия" not in place
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert re.search(r"<td[^>]*>2</td>\s*<td[^>]*>7</td>\s*<td[^>]*>2</td>\s*<td[^>]*>2</td>", home), \
        "schools, practices, municipalities and years on the home page"
    assert (root / "site/charts/form.svg").is_file() and "<script" not in (root / "site/charts/form.svg").read_text()


def test_catalogue_json_csv_rss_and_sitemap(region, schools):  # noqa: F811
    root, _ = region
    data = json.loads((root / "site/catalogue.json").read_text(encoding="utf-8"))
    assert len(data["practices"]) == 7
    first = next(p for p in data["practices"] if p["school"] == "gym3")
    assert first["municipality_title"] == "Светлоборский муниципальный округ"
    assert first["pdf"].startswith("https://rnc.example.ru/files/gym3/2025-2026/")
    rows = list(csv.DictReader(io.StringIO((root / "site/catalogue.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 7 and {r["school_short"] for r in rows} >= {"МБОУ «СОШ № 7» г. Заречный"}
    feed = ET.fromstring((root / "site/feed.xml").read_bytes())
    assert len(feed.findall("channel/item")) == 7
    assert all(item.findtext("pubDate").startswith("Mon, 01 Jun 2026") for item in feed.findall("channel/item"))
    sitemap = (root / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "https://rnc.example.ru/practices/gym3/2025-2026/" in sitemap
    facets = json.loads((root / "site/practices/catalog.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in facets["facets"]] == ["municipality", "school", "form", "subject", "year", "tag"]
    assert "practices" not in facets, "the cards come from the search index, not from one file of every practice"


def test_intake_report_lists_every_package(region):
    root, _ = region
    intake = json.loads((root / "dist/intake.json").read_text(encoding="utf-8"))
    assert (intake["accepted"], intake["refused"]) == (3, 0)
    assert [p["school"] for p in intake["packages"]] == ["sosh7", "sosh7", "gym3"]
    assert "Принято пакетов: 3, отклонено: 0." in (root / "dist/intake.md").read_text(encoding="utf-8")
    assert not (root / "site/intake.json").exists()


def test_regional_collection_contents_numbers_match_its_pages(region):
    root, _ = region
    path = root / f"dist/collection-{YEAR}.pdf"
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title == "Лучшие практики наставничества — РНЦ Заречной области, 2025–2026"
    outline = [item for item in reader.outline if not isinstance(item, list)]
    with pdfplumber.open(path) as pdf:
        contents = pdf.pages[1].extract_text()
        listed = [(line.rsplit(" ", 1)) for line in contents.splitlines() if re.search(r"\s\d+$", line)]
        assert len(listed) == 3, contents
        for (title_start, number), bookmark in zip(listed, outline[1:]):
            page = int(number)
            assert reader.get_destination_page_number(bookmark) + 1 == page
            text = pdf.pages[page - 1].extract_text().replace("\n", " ")
            assert title_start.split("—")[0].strip()[:20] in text, (page, title_start)
            previous = pdf.pages[page - 2].extract_text()
            assert title_start.split("—")[0].strip()[:20] not in previous.replace("\n", " ") or page == 3


def test_a_second_build_changes_nothing(region):
    root, _ = region
    code, output = region_build(root)
    assert code == 0, output
    assert "изменено файлов 0" in output


def test_every_link_between_the_pages_leads_somewhere(region):
    """The platform's links are addresses the generator writes (MkDocs does not see most pages, see
    region/sitebuild): each relative href and src of every page must name a file of the site."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urljoin, urlsplit

    root, _ = region
    site = root / "site"

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
            for name, value in attrs:
                if name in ("href", "src") and value and not value.startswith(("#", "data:", "mailto:")):
                    self.found.append(value)

    broken, checked = [], 0
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "/" + page.relative_to(site).as_posix()
        for link in parser.found:
            if urlsplit(link).scheme:
                continue
            target = unquote(urlsplit(urljoin(base, link)).path).lstrip("/")
            path = site / target
            checked += 1
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{base}: {link}")
    assert checked > 500 and broken == [], broken[:20]


def test_a_chosen_practice_that_is_not_accepted_is_named_and_left_out(region):
    """(Last in this module: it changes the region's selection.yaml.)"""
    root, _ = region
    path = root / "selection.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - {school: gym3, practice: net-takoj}\n", encoding="utf-8")
    code, output = region_build(root)
    assert code == 0, output
    assert "selection.yaml: practices[4]: практики «net-takoj» школы «gym3» за 2025-2026 нет среди принятых — " \
           "в сборник не вошла" in output
    assert len([i for i in PdfReader(root / f"dist/collection-{YEAR}.pdf").outline if not isinstance(i, list)]) == 4
