"""Accessibility the law asks of school sites (decree № 102, ГОСТ Р 52872-2019): axe-core finds no
WCAG 2.1 AA violation on any page type, everything works by keyboard with a visible focus, the
version for the visually impaired works and is remembered, and the HTML is valid (Nu checker)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from browser_fixtures import axe_violations
from conftest import REPO
from test_browser_pages import IDS, PAGES

VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"


@pytest.mark.parametrize("name,path,title,text", PAGES, ids=IDS)
def test_axe_finds_no_wcag21_aa_violations(open_page, name, path, title, text):
    page, _ = open_page(path)
    problems = axe_violations(page)
    assert problems == [], "\n".join(problems)


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {tag: el.tagName, cls: el.className, text: (el.innerText || el.value || el.getAttribute('aria-label')
                || '').trim().slice(0, 60), href: el.getAttribute('href') || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== 'none'};
    }""")


def test_keyboard_reaches_skip_link_search_nav_and_filters_with_visible_focus(open_page):
    page, _ = open_page("/practices/")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(_focused(page))
    texts = " | ".join(f"{s['tag']}:{s['text']}:{s['href']}" for s in seen)
    assert "Перейти к содержанию" in texts  # Material's skip link comes first
    assert any(s["tag"] == "INPUT" for s in seen), texts  # search
    assert any("Версия для слабовидящих" in s["text"] for s in seen), texts
    assert any(s["href"].startswith("form/") for s in seen), texts  # the catalog's filters
    assert any("rubrics/" in s["href"] for s in seen), texts  # the nav
    for state in seen:
        assert state["outline"] or state["shadow"] or state["tag"] == "INPUT", state


def test_version_for_the_visually_impaired_is_remembered(open_page, site):
    page, errors = open_page("/practices/tehnologicheskaya-karta-uroka/")
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert page.locator("article img").first.is_visible()
    toggle = page.locator(".np-lowvision-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert large >= 1.5 * normal
    assert not page.locator("article img").first.is_visible()
    colours = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('article p'));
        return [s.color, getComputedStyle(document.body).backgroundColor]; }""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    page.goto(site[0] + "/years/2025-2026/results/")  # another page: still on
    assert page.evaluate("document.documentElement.classList.contains('np-lowvision')")
    assert page.locator(".np-lowvision-toggle").get_attribute("aria-pressed") == "true"
    assert not page.locator("figure.np-chart img").first.is_visible()  # the tables stay
    page.locator(".np-lowvision-toggle").click()
    assert not page.evaluate("document.documentElement.classList.contains('np-lowvision')")
    assert errors == []


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs Java (default-jre-headless)")
def test_nu_html_checker_reports_no_errors(site):
    assert VNU.is_file(), "vnu-jar is installed by npm ci (scripts/test.sh)"
    files = [str(site[1] / path.strip("/") / "index.html") if path != "/" else str(site[1] / "index.html")
             for _, path, _, _ in PAGES]
    proc = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                          capture_output=True, text=True, timeout=240)
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m["type"] == "error"]
    warnings = [f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}" for m in messages if m["type"] != "error"]
    print(f"Nu HTML Checker: {len(errors)} errors, {len(warnings)} warnings", *warnings[:40], sep="\n")
    assert errors == [], "\n".join(errors)
