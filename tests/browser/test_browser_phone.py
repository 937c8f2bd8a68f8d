"""The results read on a phone (375 px): every status cell of the results, the roadmap and the
content plan is on screen without sideways scrolling; no chart label leaves its picture; the catalog
combines facets with its script and stays plain links without it."""
from __future__ import annotations


import pytest

from browser_fixtures import ARTIFACTS
from pagefind_files import fragments
from generator.russian import agree

STATUS_PAGES = [("results", "/years/2025-2026/results/"), ("roadmap", "/years/2025-2026/roadmap/"),
                ("content-plan", "/years/2025-2026/content-plan/"), ("archive-results", "/years/2024-2025/results/")]
ON_SCREEN = """() => [...document.querySelectorAll('article .np-status')].map(el => {
    const r = el.getBoundingClientRect();
    return {text: el.textContent, inside: r.left >= 0 && r.right <= window.innerWidth && r.width > 0};
})"""


@pytest.mark.parametrize("name,path", STATUS_PAGES, ids=[p[0] for p in STATUS_PAGES])
def test_every_status_cell_is_on_a_phone_screen(open_page, name, path):
    page, errors = open_page(path, width=375, height=800)
    cells = page.evaluate(ON_SCREEN)
    assert len(cells) >= 3, cells
    assert [c["text"] for c in cells if not c["inside"]] == []
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # the column's name travels with each value: «Статус: достигнуто»
    labels = page.evaluate("""() => [...document.querySelectorAll('.np-stack td[data-label]')]
        .map(td => getComputedStyle(td, '::before').content)""")
    assert labels and all(label.startswith('"') for label in labels), labels[:3]
    assert errors == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-status-phone.png"), full_page=True)


TEXT_OUTSIDE = """async () => {
    await document.fonts.ready;
    const svg = document.documentElement, vb = svg.viewBox.baseVal, out = [];
    const toUser = svg.getScreenCTM().inverse();
    for (const t of svg.querySelectorAll('text')) {
        const b = t.getBBox(), m = toUser.multiply(t.getScreenCTM());
        const a = new DOMPoint(b.x, b.y).matrixTransform(m), c = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m);
        if (Math.min(a.x, c.x) < vb.x - 0.5 || Math.max(a.x, c.x) > vb.x + vb.width + 0.5 ||
            Math.min(a.y, c.y) < vb.y - 0.5 || Math.max(a.y, c.y) > vb.y + vb.height + 0.5) out.push(t.textContent);
    }
    return {count: svg.querySelectorAll('text').length, outside: out};
}"""


@pytest.mark.parametrize("chart", ["targets", "pairs", "diagnostics", "targets-phone", "pairs-phone", "diagnostics-phone"])
def test_chart_text_stays_inside_its_picture(open_page, chart):
    page, _ = open_page(f"/years/2025-2026/charts/{chart}.svg", width=375)
    result = page.evaluate(TEXT_OUTSIDE)
    assert result["count"] > 5
    assert result["outside"] == []
    # the labels are drawn with the font they were measured with, carried inside the chart
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('PT Sans') && f.status === 'loaded')")


def test_phone_shows_the_narrow_charts_and_a_screen_the_wide_ones(open_page):
    for width, shown in ((375, "np-chart__phone"), (1280, "np-chart__wide")):
        page, _ = open_page("/years/2025-2026/results/", width=width)
        visible = page.evaluate("""() => [...document.querySelectorAll('figure.np-chart img')]
            .filter(i => getComputedStyle(i).display !== 'none').map(i => i.className)""")
        assert visible and all(shown in c for c in visible), (width, visible)
        image = page.locator(f"figure.np-chart img.{shown}").first
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        box = image.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width


def test_catalog_combines_two_facets(open_page, site):
    # The filter searches the site's search index (Pagefind filters): its fragments are the truth.
    practices = [f for f in fragments(site[1]).values() if f["filters"]]
    form, tag = "педагог–педагог", "молодой педагог"
    expected = sorted(p["meta"]["title"] for p in practices if form in p["filters"]["form"] and tag in p["filters"]["tag"])
    only_form = [p for p in practices if form in p["filters"]["form"]]
    assert 0 < len(expected) < len(only_form), "the sample must tell one facet from two"
    page, errors = open_page("/practices/", width=375)
    page.select_option("#np-filter-form", form)
    page.select_option("#np-filter-tag", tag)
    page.wait_for_function(f"document.querySelectorAll('.np-filter__results .np-practice-card').length === {len(expected)}")
    shown = sorted(page.locator(".np-filter__results .np-practice-card h2").all_inner_texts())
    assert shown == expected
    assert page.locator(".np-filter__count").inner_text() == f"Найдено: {agree(len(expected), 'практика')}"
    hidden_server_cards = page.evaluate("[...document.querySelectorAll('.np-practice-card')].filter(c => c.hidden).length")
    assert hidden_server_cards > 0
    link = page.locator(".np-filter__results .np-practice-card h2 a").first
    link.click()
    page.wait_for_load_state("networkidle")
    assert "Паспорт практики" in page.inner_text("article")
    assert errors == []
    page.goto(page.url)  # no error on the practice page, where the script finds no facets


def test_facet_page_opens_with_its_value_chosen_and_works_without_script(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site[0] + "/practices/", wait_until="networkidle")
    tag_links = page.locator(".np-facets a[href*='tag/']")
    assert tag_links.count() >= 3  # keywords are facets too, as plain links
    assert page.locator(".np-filter").count() == 0
    tag_links.first.click()
    page.wait_for_load_state("networkidle")
    assert "Ключевое слово" in page.inner_text("article")
    context.close()


def test_best_practices_have_one_place_in_the_nav(open_page):
    page, _ = open_page("/")
    nav = page.locator(".md-nav--primary").first.inner_text()
    assert nav.count("Лучшие практики") == 1, nav
    rubric, _ = open_page("/rubrics/practices/")
    text = rubric.inner_text("article")
    assert "пока нет публикаций" not in text and "в каталоге" in text.lower()


@pytest.mark.parametrize("query", ["наставнику", "практикам"])
def test_search_hits_do_not_list_the_typed_word_as_missing(open_page, query):
    """The stemmed match («наставник» for «наставнику») is a hit, not «Отсутствует: ~~наставнику~~»
    (what Material's own search said before the site moved to Pagefind)."""
    page, errors = open_page("/", width=375)  # on a phone the search field hides behind an icon: «s» opens it here
    page.keyboard.press("s")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    assert page.locator(".md-search-result__item").count() >= 2
    text = page.inner_text(".md-search-result__list")
    assert "Отсутствует" not in text
    assert page.locator(".md-search-result__list del").count() == 0
    assert errors == []
