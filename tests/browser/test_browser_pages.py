"""Every page type of the built example site in Debian's Chromium: it opens with the right title
and content, logs no errors, has no broken links or images, asks no third-party host, and fits
a phone screen and 200 % zoom without horizontal scrolling. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import urllib.request
from urllib.parse import urljoin, urlparse

import pytest

from browser_fixtures import ARTIFACTS

# (name, path, words in <title>, text the page must show)
PAGES = [
    ("home", "/", "Наставничество педагогов", "учебный год в цифрах"),
    ("rubric", "/rubrics/news/", "Наставничество: события", "Подписаться на рубрику"),
    ("news", "/news/vstrecha-netvorking-2025/", "нетворкинг", "рубрика"),
    ("catalog", "/practices/", "Лучшие практики наставничества", "Форма наставничества"),
    ("catalog-filter", "/practices/form/pedagog-pedagog/", "педагог–педагог", "Весь каталог"),
    ("practice", "/practices/tehnologicheskaya-karta-uroka/", "Урок в четыре руки", "Паспорт практики"),
    ("results", "/years/2025-2026/results/", "Итоги 2025–2026 учебного года", "Показатели плана"),
    ("roadmap", "/years/2025-2026/roadmap/", "Дорожная карта 2025–2026", "просрочено"),
    ("content-plan", "/years/2025-2026/content-plan/", "Контент-план 2025–2026", "опубликовано"),
    ("materials", "/years/2025-2026/materials/", "Материалы 2025–2026", "Нетворкинг"),
    ("collection", "/years/2025-2026/collection/", "Итоговый сборник 2025–2026", "Скачать сборник"),
    ("archive", "/archive/", "Архив по учебным годам", "2024–2025"),
    ("archive-year", "/years/2024-2025/results/", "Итоги 2024–2025 учебного года", "Показатели плана"),
    ("page", "/pages/about/", "О программе", "наставничеств"),
]
IDS = [p[0] for p in PAGES]


def _status(url: str) -> int:
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("name,path,title,text", PAGES, ids=IDS)
def test_page_opens_with_title_content_and_working_links(open_page, site, foreign_requests, name, path, title, text):
    page, errors = open_page(path)
    assert title.lower() in page.title().lower()
    assert text.lower() in page.inner_text("article").lower()
    assert errors == [], errors
    broken_images = page.evaluate(
        "[...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
    assert broken_images == []
    hrefs = set(page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"))
    local = {h.split("#")[0] for h in hrefs if urlparse(h).hostname == "127.0.0.1"}
    broken = sorted(h for h in local if _status(h) != 200)
    assert broken == [], broken
    assert foreign_requests == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)


@pytest.mark.parametrize("width", [375, 640], ids=["phone-375px", "zoom-200-percent"])
@pytest.mark.parametrize("name,path,title,text", PAGES, ids=IDS)
def test_no_horizontal_scroll(open_page, width, name, path, title, text):
    # 200 % zoom of a 1280 px window leaves 640 CSS pixels: the same layout as a 640 px viewport.
    page, _ = open_page(path, width=width, height=800)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path}: {overflow}px of horizontal scroll at {width}px"
    if width == 375:
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)


def test_collection_pdf_downloads(open_page, site):
    page, _ = open_page("/years/2025-2026/collection/")
    href = page.get_attribute("a:has-text('Скачать сборник')", "href")
    url = urljoin(site[0] + "/years/2025-2026/collection/", href)
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert response.read(5) == b"%PDF-"


def test_russian_search_finds_inflected_words(open_page):
    page, errors = open_page("/")
    page.keyboard.press("s")  # Material's shortcut, kept by search.js, puts the focus into the search field
    page.keyboard.type("наставнику")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    results = page.inner_text(".md-search-result__list").lower()
    assert "наставник" in results
    assert page.locator(".md-search-result__item").count() >= 3
    assert errors == []


def test_contributed_scripts_do_not_run(open_page):
    page, _ = open_page("/news/proverka-bezopasnosti/")
    assert "XSS" not in page.title()
    for link in page.locator("article a").all():
        if link.inner_text().strip() in ("опасная ссылка", "ещё одна ссылка"):
            link.click(no_wait_after=True)
    page.wait_for_timeout(300)
    assert "XSS" not in page.title()
    assert page.evaluate("window.__xss") is None
    html = page.content()
    assert "<script>document.title" not in html and "onerror" not in html and "javascript:" not in html
    assert page.locator("iframe").count() == 0


def test_charts_have_text_alternatives(open_page):
    page, _ = open_page("/years/2025-2026/results/")
    charts = page.locator("figure.np-chart img")
    assert charts.count() == 6  # each chart wide (screen, PDF) and narrow (phone): test_browser_phone
    for i in range(charts.count()):
        assert len(charts.nth(i).get_attribute("alt")) > 30
    # the same figures as tables
    assert page.locator("article table").count() >= 4


def test_no_request_to_other_hosts_over_the_whole_run(foreign_requests):
    assert foreign_requests == []
