"""The bundled example school: builds with no warning, key pages show the figures its data imply,
nobody without consent is named, and the site makes no request to a third-party host."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import yaml

from generator.privacy.pagetext import visible_text
from generator.privacy.searchtext import cbor_strings
from pagefind_files import unpacked

YEAR = "2025-2026"


def load(root: Path, rel: str):
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))


def pct(value: float) -> str:
    text = f"{value:.1f}".replace(".", ",")
    return text.removesuffix(",0") + " %"


def test_builds_without_warnings(example_site):
    _, output = example_site
    assert "ошибок: 0, предупреждений: 0" in output
    assert "предупреждение:" not in output


def test_results_page_shows_figures_from_the_data(example_site):
    root, _ = example_site
    data = load(root, f"data/{YEAR}/participants.yaml")
    people = data["participants"]
    mentoring = [p for p in people if {"mentor", "mentee"} & set(p["roles"])]
    page = visible_text(root / f"site/years/{YEAR}/results/index.html")
    assert f"{len(mentoring)} из {data['staff_total']} педагогов" in page
    assert pct(100 * len(mentoring) / data["staff_total"]) in page
    pairs = load(root, f"data/{YEAR}/pairs.yaml")["pairs"]
    items = [i for p in pairs for i in p["plan"]["items"]]
    done = sum(1 for i in items if i["done"])
    assert f"выполнено {done} из {len(items)} пунктов планов" in page
    assert pct(100 * done / len(items)) in page
    for chart in ("targets", "pairs", "diagnostics"):
        svg = (root / f"site/years/{YEAR}/charts/{chart}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert f'charts/{chart}.svg' in (root / f"site/years/{YEAR}/results/index.html").read_text(encoding="utf-8")


def test_machine_readable_results(example_site):
    root, _ = example_site
    results = json.loads((root / f"site/years/{YEAR}/results.json").read_text(encoding="utf-8"))
    # 17: issue 14 added «первые встречи до 25.09» and «в установленные сроки» (the plan's own targets)
    assert results["year"] == YEAR and len(results["targets"]) == 17
    assert {t["status"] for t in results["targets"]} <= {"met", "not_met", "no_data"}
    csv_lines = (root / f"site/years/{YEAR}/results.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(csv_lines) == 18 and csv_lines[0].startswith("id,показатель,цель")


def test_roadmap_is_the_seed_plan_item_for_item(example_site):
    root, _ = example_site
    roadmap = load(root, f"data/{YEAR}/roadmap.yaml")
    items = [i for s in roadmap["sections"] for i in s["items"]]
    assert len(roadmap["sections"]) == 5 and len(items) == 26
    page = visible_text(root / f"site/years/{YEAR}/roadmap/index.html")
    # every item, numbered 1 … 26 for readers (the YAML ids are not public text: issue 14)
    for number, item in enumerate(items, start=1):
        words = " ".join(item["content"].split()[:3])
        assert re.search(rf"\b{number}\.\s+{re.escape(words)}", page), (number, words)
        assert item["id"] not in page.split()
    assert "просрочено" in page


def test_every_approved_practice_is_published_and_drafts_are_not(example_site):
    root, _ = example_site
    catalog = visible_text(root / "site/practices/index.html")
    statuses = {}
    for path in sorted((root / "content/practices").glob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        statuses[path.stem] = meta["status"]
        published = (root / f"site/practices/{path.stem}/index.html").exists()
        assert published == (meta["status"] == "approved"), path.stem
        assert (meta["title"] in catalog) == (meta["status"] == "approved"), path.stem
    assert list(statuses.values()).count("approved") >= 6 and "draft" in statuses.values()


def test_rubrics_have_pages_and_feeds(example_site):
    root, _ = example_site
    school = load(root, "data/school.yaml")
    assert len(school["rubrics"]) >= 2
    for rubric in school["rubrics"]:
        assert (root / f"site/rubrics/{rubric['id']}/index.html").is_file()
        feed = ET.parse(root / f"site/rubrics/{rubric['id']}/feed.xml").getroot()
        assert feed.find("channel/language").text == "ru"
    dates = re.findall(r'<time datetime="([\d-]+)"', (root / "site/rubrics/news/index.html").read_text("utf-8"))
    assert dates and dates == sorted(dates, reverse=True)


def test_archive_year_has_results_and_materials(example_site):
    root, _ = example_site
    for page in ("results", "materials", "roadmap", "content-plan"):
        assert (root / f"site/years/2024-2025/{page}/index.html").is_file()


def test_participants_without_name_consent_are_never_named(example_site):
    root, _ = example_site
    hidden = []
    for year in ("2024-2025", YEAR):
        for person in load(root, f"data/{year}/participants.yaml")["participants"]:
            consent = person.get("consent") or {}
            if not (consent.get("processing") and "name" in (consent.get("publication") or [])
                    and not consent.get("withdrawn")):
                hidden.append(person["name"])
    assert hidden, "the example must have participants without publication consent"
    for path in (root / "site").rglob("*"):
        if path.suffix in (".html", ".json", ".csv", ".xml", ".txt"):
            text = visible_text(path)
            for name in hidden:
                surname, first = name.split()[:2]
                assert f"{surname} {first}" not in text, (name, path)
                assert f"{surname} {first[0]}." not in text, (name, path)


def test_no_request_to_third_party_hosts(example_site):
    root, _ = example_site
    own = urlparse(load(root, "data/school.yaml")["site_url"]).netloc
    pattern = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)="(https?:)?//([^/"]+)')
    for path in (root / "site").rglob("*.html"):
        for _, host in pattern.findall(path.read_text(encoding="utf-8")):
            assert host == own, (path, host)
    for path in (root / "site").rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", path.read_text(encoding="utf-8")), path
    assert "fonts.googleapis" not in (root / "site/index.html").read_text(encoding="utf-8")


def test_russian_search_index_with_stemming(example_site):
    """Pagefind's index, built as Russian: words are kept as stems, so every case form finds them
    (the browser test tests/browser/test_browser_search.py searches it)."""
    root, _ = example_site
    site = root / "site"
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["ru"]
    words = {w for chunk in (site / "pagefind/index").iterdir() for w in cbor_strings(unpacked(chunk))}
    assert "наставник" in words and "наставников" not in words and "наставнику" not in words
    assert not (site / "search/search_index.json").exists()  # Material's whole-site index is gone
    assert not list((site / "pagefind").glob("pagefind-*ui*")), "Pagefind's own UIs are not published"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'name="search"' not in home and 'data-md-component="search"' not in home  # Material's search stays off


def test_cyrillic_heading_anchors(example_site):
    root, _ = example_site
    html = next((root / "site/practices").glob("*/index.html")).read_text(encoding="utf-8")
    if "Актуальность" in html:
        assert 'id="актуальность"' in html
    assert not re.search(r'id="_\d+"', html)


def test_per_item_pages_stay_out_of_the_nav(example_site):
    root, _ = example_site
    html = (root / "site/index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index('<div class="md-content"')]
    assert "practices/" in nav  # the catalog is there …
    for path in (root / "content/practices").glob("*.md"):
        assert f"practices/{path.stem}/" not in nav  # … but no single practice
    for path in (root / "content/news").glob("*.md"):
        assert f"news/{path.stem}/" not in nav


def test_vk_drafts(example_site):
    root, _ = example_site
    drafts = sorted((root / f"dist/{YEAR}/vk").glob("*.txt"))
    assert drafts
    for path in drafts:
        text = path.read_text(encoding="utf-8")
        assert len(text) <= 16_384 and "#" in text and f"/news/{path.stem}/" in text
