"""The platform in Debian's Chromium, as the school site is tested (tests/browser): no WCAG 2.1 AA
violation (axe-core) on any page type, no request to another host, no script error, readable on a
phone, the catalog's facets combined by its script — and a manifest's markup is shown as text, never
run."""
from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from browser_fixtures import axe_violations
from region_helpers import (YEAR, good_region, gym_site, gymnasium, manifest_of, package_files,  # noqa: F401
                            region_build, schools, serve, with_manifest, write_zip)

XSS_TITLE = "Практика <img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>"
PAGES = [("home", "/"), ("catalog", "/practices/"), ("listing", "/practices/form/gruppovoe/"),
         ("practice", f"/practices/gym3/{YEAR}/klub-otkrytyy-mikrofon/"), ("school", "/schools/gym3/"),
         ("schools", "/schools/"), ("municipality", "/municipalities/zarechny/"), ("municipalities", "/municipalities/"),
         ("xss-practice", f"/practices/xss/{YEAR}/xss-praktika/")]


@pytest.fixture(scope="module")
def platform(tmp_path_factory, schools, gym_site):  # noqa: F811
    root = good_region(tmp_path_factory.mktemp("browser-region") / "region", schools, gym_site)
    files = package_files(schools["sosh7"])
    manifest = manifest_of(files)
    manifest["practices"] = manifest["practices"][:1]
    manifest["practices"][0].update(id="xss-praktika", title=XSS_TITLE,
                                    summary="Кратко: [ссылка](javascript:window.__xss=3) {: onclick=\"window.__xss=4\" }")
    kept = {"manifest.json": b"", manifest["practices"][0]["file"]: files[manifest["practices"][0]["file"]]}
    write_zip(root / f"inbox/xss/rnc-{YEAR}.zip", with_manifest(kept, manifest))
    text = (root / "region.yaml").read_text(encoding="utf-8")
    (root / "region.yaml").write_text(text + f"  - {{id: xss, municipality: zarechny, packages: [inbox/xss/rnc-{YEAR}.zip]}}\n",
                                      encoding="utf-8")
    code, output = region_build(root)
    assert code == 0, output
    base, server = serve(root / "site")
    yield base, root
    server.shutdown()


@pytest.fixture
def visit(browser, platform):
    contexts, foreign = [], []

    def _visit(path: str, width: int = 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
        contexts.append(context)
        context.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in
                   ("127.0.0.1", None) and not r.url.startswith(("data:", "blob:")) else None)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        response = page.goto(platform[0] + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        return page, errors

    yield _visit, foreign
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name,path", PAGES, ids=[p[0] for p in PAGES])
def test_axe_finds_no_wcag21_aa_violations_and_nothing_leaves_the_host(visit, platform, name, path):
    open_, foreign = visit
    page, errors = open_(path)
    problems = axe_violations(page)
    assert problems == [], "\n".join(problems)
    assert errors == [] and foreign == []
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("name,path", PAGES, ids=[p[0] for p in PAGES])
def test_readable_on_a_phone_without_sideways_scrolling(visit, name, path):
    page, errors = visit[0](path, width=375)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert errors == []


def test_a_manifests_markup_is_text(visit):
    page, errors = visit[0](f"/practices/xss/{YEAR}/xss-praktika/")
    assert page.evaluate("window.__xss") is None and errors == []
    assert XSS_TITLE.split("<")[0] in page.locator("article h1").inner_text()
    assert "<script>" in page.locator("article h1").inner_text()  # shown, not run
    assert page.locator("article a[href^='javascript:']").count() == 0
    assert page.locator("article [onclick]").count() == 0


def test_the_catalog_combines_municipality_and_form(visit, platform):
    catalogue = json.loads((platform[1] / "site/catalogue.json").read_text(encoding="utf-8"))["practices"]
    place, form = "Заречный городской округ", "педагог–педагог"
    expected = [p["title"] for p in catalogue if p["municipality_title"] == place and p["form"] == form]
    assert 0 < len(expected) < len([p for p in catalogue if p["municipality_title"] == place])
    page, errors = visit[0]("/practices/")
    page.select_option("#np-filter-municipality", place)
    page.select_option("#np-filter-form", form)
    # The filter searches the Pagefind index and then fetches each card's fragment: wait for the cards.
    page.wait_for_function("n => document.querySelectorAll('.np-filter__results article h2').length === n",
                           arg=len(expected), timeout=30000)
    shown = page.locator(".np-filter__results article h2").all_inner_texts()
    assert sorted(shown) == sorted(expected)
    assert page.locator(".np-filter__count").inner_text().startswith(f"Найдено: {len(expected)}")
    first = page.locator(".np-filter__results article h2").first.inner_text()
    page.locator(".np-filter__results article h2 a").first.click()
    page.wait_for_load_state()
    assert "/practices/" in page.url and page.locator("article h1").inner_text().startswith(first.strip())
    assert errors == []


@pytest.mark.parametrize("school", ["gym3", "sosh7"])
def test_the_search_finds_practices_in_every_bundle(visit, platform, school):
    """The platform's index is in bundles by school (region/searchshards.py), merged by the page's
    script: a word of one school's practice is found whichever bundle holds it."""
    root = platform[1]
    assert len(list((root / "site/pagefind").glob("*/pagefind-entry.json"))) >= 2, "the schools share one bundle"
    catalogue = json.loads((root / "site/catalogue.json").read_text(encoding="utf-8"))["practices"]
    title = next(p["title"] for p in catalogue if p["school"] == school)
    word = max((w.strip("«»,.:;!?()") for w in title.split()), key=len)
    page, errors = visit[0]("/")
    page.keyboard.press("/")
    page.keyboard.type(word)
    page.wait_for_selector(f"a.md-search-result__link[href*='/practices/{school}/']", timeout=30000)
    assert errors == []
