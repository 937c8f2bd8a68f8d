"""Russian that reads right: every number agrees with its noun (pymorphy3 through generator.russian),
and no YAML id of a pair or a roadmap item is public text (site pages, search index, PDFs)."""
from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import REPO, make_project, run
from pagefind_files import indexed_text
from generator.errors import Report
from generator.model.loader import load_project
from generator.render import make_env
from generator.results.compute import Target, YearResults, compute_results
from generator.russian import agree

NUMBERS = (1, 2, 5, 11, 21, 22)
# phrase, case → the rendered phrase for each of NUMBERS
EXPECTED = {
    ("участник программы", "nomn"): ["1 участник программы", "2 участника программы", "5 участников программы",
                                     "11 участников программы", "21 участник программы", "22 участника программы"],
    ("наставническая пара и группа", "nomn"): [
        "1 наставническая пара и группа", "2 наставнические пары и группы", "5 наставнических пар и групп",
        "11 наставнических пар и групп", "21 наставническая пара и группа", "22 наставнические пары и группы"],
    ("лучшая практика", "nomn"): ["1 лучшая практика", "2 лучшие практики", "5 лучших практик", "11 лучших практик",
                                  "21 лучшая практика", "22 лучшие практики"],
    ("педагог", "gent"): ["1 педагога", "2 педагогов", "5 педагогов", "11 педагогов", "21 педагога", "22 педагогов"],
    ("позиция", "gent"): ["1 позиции", "2 позиций", "5 позиций", "11 позиций", "21 позиции", "22 позиций"],
    ("пара", "gent"): ["1 пары", "2 пар", "5 пар", "11 пар", "21 пары", "22 пар"],
    ("прошедшая", "gent"): ["1 прошедшей", "2 прошедших", "5 прошедших", "11 прошедших", "21 прошедшей",
                            "22 прошедших"],
    ("эксперт", "nomn"): ["1 эксперт", "2 эксперта", "5 экспертов", "11 экспертов", "21 эксперт", "22 эксперта"],
    ("публикация", "nomn"): ["1 публикация", "2 публикации", "5 публикаций", "11 публикаций", "21 публикация",
                             "22 публикации"],
    ("страница", "nomn"): ["1 страница", "2 страницы", "5 страниц", "11 страниц", "21 страница", "22 страницы"],
}


@pytest.mark.parametrize("phrase,case", list(EXPECTED), ids=[f"{p}-{c}" for p, c in EXPECTED])
def test_phrase_agrees_with_every_kind_of_number(phrase, case):
    assert [agree(n, phrase, case) for n in NUMBERS] == EXPECTED[(phrase, case)]


def _school():
    report = Report()
    project = load_project(REPO, report)
    assert project.school is not None, report
    return project.school.model


@pytest.mark.parametrize("n", NUMBERS)
def test_home_page_figures_agree(n):
    results = YearResults("2025-2026", date(2026, 5, 31))
    results.counts.update(participants=n, staff_total=n, pairs=n, practices=n)
    results.targets.append(Target("roadmap", "", 100, "%", 50.0, "not_met", "", ""))
    text = make_env(REPO / "site_templates" / "pages").get_template("home.md.j2").render(
        school=_school(), current="2025-2026", results=results, news=[], practices=[], root="", site=None,
        build_date=date(2026, 5, 31))
    i = NUMBERS.index(n)
    participants = EXPECTED[("участник программы", "nomn")][i].split(" ", 1)[1]
    assert f"**{n}** {participants} из {EXPECTED[('педагог', 'gent')][i]}" in text
    assert f"**{n}** {EXPECTED[('наставническая пара и группа', 'nomn')][i].split(' ', 1)[1]}" in text
    assert f"**{n}** {EXPECTED[('лучшая практика', 'nomn')][i].split(' ', 1)[1]}" in text


@pytest.mark.parametrize("n", NUMBERS)
def test_computed_details_agree(n):
    """The results' «Расчёт» column: «19 из 21 педагога», «из 22 пар», «5 экспертов»."""
    report = Report()
    project = load_project(REPO, report)
    data = project.years["2025-2026"]
    data.participants.model.staff_total = n
    events = data.events.model.events
    experts = [f"Эксперт {k}" for k in range(n)]
    for event in events:
        if event.kind == "training":
            event.experts = []
    next(e for e in events if e.kind == "training").experts = experts
    res = compute_results(project, "2025-2026", date(2026, 5, 31))
    i = NUMBERS.index(n)
    assert res.target("coverage").detail.endswith(f"из {EXPECTED[('педагог', 'gent')][i]}")
    assert res.target("council").detail.endswith(f"из {EXPECTED[('педагог', 'gent')][i]}")
    assert res.target("training_experts").detail == EXPECTED[("эксперт", "nomn")][i]


def test_cli_summary_agrees(example_site):
    _, output = example_site
    pages = int(re.search(r"site/ — (\d+) ", output).group(1))
    assert f"site/ — {agree(pages, 'страница')}," in output


# -- no YAML ids in public text ------------------------------------------------------------------

def _ids(root: Path) -> set[str]:
    ids = set()
    for path in (root / "data").glob("*/pairs.yaml"):
        ids |= {p["id"] for p in yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"]}
    for path in (root / "data").glob("*/roadmap.yaml"):
        ids |= {i["id"] for s in yaml.safe_load(path.read_text(encoding="utf-8"))["sections"] for i in s["items"]}
    return ids


def _visible_html_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def _leaked_ids(root: Path) -> list[str]:
    ids = _ids(root)
    assert ids, "the sample has pairs and roadmap items"
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")(?![\w-])")
    found = []
    for page in sorted((root / "site").rglob("*.html")):
        if "admin" in page.parts:
            continue
        found += [f"{page.relative_to(root)}: {m}" for m in pattern.findall(_visible_html_text(page))]
    found += [f"search index: {m}" for m in pattern.findall(indexed_text(root / "site"))]
    for pdf in sorted((root / "dist").rglob("*.pdf")):
        if "internal" in pdf.parts:
            continue
        text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
        found += [f"{pdf.relative_to(root)}: {m}" for m in pattern.findall(text)]
    return found


def test_no_pair_or_roadmap_id_in_public_text_of_the_example(example_site):
    root, _ = example_site
    assert _leaked_ids(root) == []
    roadmap = _visible_html_text(root / "site/years/2025-2026/roadmap/index.html")
    assert re.search(r"\b1\.\s+Формирование базы наставляемых", roadmap)
    results = _visible_html_text(root / "site/years/2025-2026/results/index.html")
    assert "Пара 1" in results


@pytest.fixture(scope="module")
def gymnasium(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("gymnasium-ru"), "gymnasium")
    code, output = run(root, "build", "--build-date", "2026-05-31")
    assert code == 0, output
    return root


def test_no_pair_or_roadmap_id_in_public_text_of_the_gymnasium(gymnasium):
    assert _leaked_ids(gymnasium) == []


def test_internal_reports_are_russian_and_open_as_xlsx(gymnasium):
    from openpyxl import load_workbook

    internal = gymnasium / "dist/2025-2026/internal"
    for name in ("registry", "overdue", "gaps", "diagnostics", "statistics", "young_specialists"):
        sheet = load_workbook(internal / f"{name}.xlsx").active
        rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        header = rows[0]
        assert all(re.search("[а-яё№]", str(h), re.I) for h in header), header
        csv_text = (internal / f"{name}.csv").read_text(encoding="utf-8-sig")
        assert csv_text.splitlines()[0].split(",")[0] == str(header[0])
        values = " ".join(str(v) for row in rows[1:] for v in row if v is not None)
        for english in ("in_progress", "planned", "mentor", "mentee", "curator", "position", "subjects"):
            assert not re.search(rf"\b{english}\b", values), (name, english)
    registry = load_workbook(internal / "registry.xlsx").active
    roles = {row[6] for row in registry.iter_rows(min_row=2, values_only=True)}
    assert roles & {"наставник", "наставляемый"}, roles
