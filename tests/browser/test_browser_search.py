"""The site search (Pagefind) in Chromium: Russian word forms are found, nothing of the search is
downloaded before a visitor searches, a search on a school of 1,000 practices stays under 400 KB and no
file a visitor may fetch is over 2 MB, the facets narrow a search, the keyboard works, axe finds no
violation in the open dialog, and a hostile post found by a search stays text."""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser_fixtures import axe_violations, ARTIFACTS, _Quiet
from conftest import REPO, run
from pagefind_files import fragments

SEARCH_LIMIT = 400_000  # bytes a search may fetch on the 1,000-practice fixture (issue 16)
FILE_LIMIT = 2_000_000  # the largest file a visitor may fetch, PDFs and zips aside
LARGE = 1000  # practices of the large fixture


def _search(page, query: str) -> str:
    """Type ``query`` into the header's field; the results' summary line once they are shown."""
    page.locator("#np-search-query").click()
    page.keyboard.type(query, delay=20)
    page.wait_for_function("""() => /Найдено|Ничего/.test(document.querySelector('.md-search-result__meta').textContent)""",
                           timeout=15000)
    page.wait_for_timeout(300)  # the first page of results' fragments
    return page.locator(".md-search-result__meta").inner_text()


def _all_results(page) -> list[dict]:
    """Every result of the current search (pressing «Показать ещё» until all are shown)."""
    while page.locator(".np-search-more button").count():
        before = page.locator("a.md-search-result__link").count()
        page.locator(".np-search-more button").click()
        page.wait_for_function(f"document.querySelectorAll('a.md-search-result__link').length > {before}")
    return page.evaluate("""() => [...document.querySelectorAll('a.md-search-result__link')].map(a => ({
        href: a.getAttribute('href'), marks: [...a.querySelectorAll('mark')].map(m => m.textContent.toLowerCase()),
        section: (a.querySelector('.np-search-section') || {}).textContent || ''}))""")


def test_an_inflected_word_finds_pages_with_other_forms(open_page, site):
    """«наставнику» finds a practice that says «наставник» or «наставников» but never «наставнику»."""
    page, errors = open_page("/")
    summary = _search(page, "наставнику")
    assert summary.startswith("Найдено: "), summary
    results = _all_results(page)
    assert len(results) == int(summary.split()[1])
    pages = fragments(site[1])
    other_forms = [r for r in results if r["href"].startswith("/practices/")
                   and "наставнику" not in pages[r["href"].split("#")[0]]["content"].lower()
                   and {"наставник", "наставников"} & set(r["marks"])]
    assert other_forms, results[:5]
    assert all(r["section"] for r in results), "every result names its section of the site"
    page.screenshot(path=str(ARTIFACTS / "search-nastavniku.png"))
    assert errors == []


def test_nothing_of_the_search_is_fetched_before_the_visitor_searches(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(urlparse(request.url).path))
    page = context.new_page()
    page.goto(site[0] + "/practices/", wait_until="networkidle")
    page.mouse.wheel(0, 2000)  # reading and scrolling fetch nothing of the search either
    page.wait_for_timeout(500)
    searchy = [path for path in requests if "pagefind" in path or "search_index" in path or "/workers/" in path]
    assert searchy == [], searchy
    assert "/assets/javascripts/search.js" in requests  # the field's own small script, nothing more
    page.locator("#np-search-query").focus()
    page.wait_for_load_state("networkidle")
    assert "/pagefind/pagefind.js" in requests  # focus starts loading, so the first results come fast
    assert not any(path.startswith("/pagefind/fragment/") for path in requests)  # no page text yet
    page.keyboard.type("урок")
    page.wait_for_selector("a.md-search-result__link")
    assert any(path.startswith("/pagefind/fragment/") for path in requests)
    context.close()


def test_facets_narrow_a_search_and_combine(open_page, site):
    page, errors = open_page("/")
    everything = int(_search(page, "урок").split()[1])
    page.locator(".np-search-filters > summary").click()
    page.wait_for_selector("#np-search-filter-form option:nth-child(2)", state="attached")
    pages = {url: f for url, f in fragments(site[1]).items() if f["filters"]}
    forms = sorted({form for f in pages.values() for form in f["filters"]["form"]})
    form = forms[0]
    page.select_option("#np-search-filter-form", form)
    page.wait_for_function(f"""() => {{ const m = document.querySelector('.md-search-result__meta').textContent;
        return /Ничего/.test(m) || parseInt(m.split(' ')[1]) < {everything}; }}""")
    by_form = _all_results(page)
    assert by_form and all(form in pages[r["href"].split("#")[0]]["filters"]["form"] for r in by_form)
    year = pages[by_form[0]["href"].split("#")[0]]["filters"]["year"][0]
    page.select_option("#np-search-filter-year", year)
    page.wait_for_timeout(600)
    both = _all_results(page)
    assert both and all(year in pages[r["href"].split("#")[0]]["filters"]["year"] for r in both)
    assert len(both) <= len(by_form)
    assert errors == []


def test_search_by_keyboard_alone(open_page, site):
    page, errors = open_page("/archive/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "np-search-query"
    page.keyboard.type("практика")
    page.wait_for_selector("a.md-search-result__link")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("/")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == focused.split("#")[0]
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_in_the_open_search_dialog(open_page, width):
    page, errors = open_page("/practices/", width=width, height=800)
    if width < 900:  # on a phone the header's button opens the dialog
        page.locator(".np-search-open").click()
        assert page.evaluate("document.activeElement.id") == "np-search-query"
    _search(page, "наставник")
    page.locator(".np-search-filters > summary").click()
    page.wait_for_selector("#np-search-filter-subject", state="attached")
    page.screenshot(path=str(ARTIFACTS / f"search-dialog-{width}.png"))
    problems = axe_violations(page)
    assert problems == [], "\n".join(problems)
    assert errors == []


def test_a_hostile_post_found_by_the_search_stays_text(open_page):
    page, errors = open_page("/")
    _search(page, "безопасности")
    page.wait_for_selector("a.md-search-result__link[href^='/news/proverka-bezopasnosti/']")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None and page.title() != "XSS"
    inside = page.evaluate("document.querySelectorAll('#np-search-results img, #np-search-results script, "
                           "#np-search-results iframe, #np-search-results [onerror], #np-search-results [onclick]').length")
    assert inside == 0
    assert errors == []


# -- a school of 1,000 practices -------------------------------------------------------------------

@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory):
    """``(base URL, site folder)`` of the benchmark fixture with 1,000 practices, built and served."""
    root = tmp_path_factory.mktemp("large") / "school"
    made = subprocess.run([sys.executable, "-m", "generator", "fixture", str(root), "--practices", str(LARGE),
                           "--news", "100", "--participants", "333"], cwd=REPO, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stdout + made.stderr
    code, output = run(root, "build", "--only", "site", "--build-date", "2026-05-31")
    assert code == 0, output
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root / "site"
    server.shutdown()


def test_a_search_on_1000_practices_fetches_under_400_kb(browser, large_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    fetched: dict[str, int] = {}
    searching = [False]

    def count(response) -> None:
        path = urlparse(response.url).path
        if searching[0] and response.ok:
            fetched[path] = len(response.body())

    context.on("response", count)
    page = context.new_page()
    page.goto(large_site[0] + "/", wait_until="networkidle")
    searching[0] = True
    summary = _search(page, "наставнику")
    page.wait_for_load_state("networkidle")
    assert summary.startswith("Найдено: ") and int(summary.split()[1]) > 100, summary
    total = sum(fetched.values())
    listing = "\n".join(f"{size:>8} {path}" for path, size in sorted(fetched.items(), key=lambda kv: -kv[1]))
    print(f"a search on {LARGE} practices: {total} bytes in {len(fetched)} files\n{listing}")
    assert total <= SEARCH_LIMIT, listing
    assert all(path.startswith(("/pagefind/", "/favicon")) for path in fetched), listing
    context.close()


def test_no_file_a_visitor_may_fetch_is_over_2_mb(large_site):
    site: Path = large_site[1]
    too_large = [f"{p.relative_to(site)}: {p.stat().st_size} bytes" for p in site.rglob("*")
                 if p.is_file() and p.suffix not in (".pdf", ".zip") and p.stat().st_size > FILE_LIMIT]
    assert too_large == []
