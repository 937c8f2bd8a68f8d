"""Spelling at the scale of a real programme: the programme's own words, the school's and the
consented participants' names are known; an unknown word repeated on every page is one line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run

from generator.check import validate
from generator.errors import Report
from generator.editors.fixture import YEAR, write_fixture
from generator.check.validate import load_and_check

pytestmark = pytest.mark.skipif(shutil.which("hunspell") is None, reason="hunspell не установлен")

UNKNOWN = "кудрявоплюх"
PRACTICES, NEWS = 200, 20
EXTRA_PEOPLE = """  - id: shmyglevskaya
    name: Шмыглевская Ариадна Леонидовна
    position: учитель
    subjects: [физика]
    experience_years: 20
    young_specialist: false
    roles: [mentor]
    joined: 2025-08-25
    mentor_agreement: {number: ДС-900, date: 2025-08-25}
    consent: {processing: 2025-09-01, publication: [name]}
  - id: pshenichkova
    name: Пшеничкова Зоя Ильинична
    position: учитель
    subjects: [химия]
    experience_years: 1
    young_specialist: true
    roles: [mentee]
    joined: 2025-08-25
    consent: {processing: 2025-09-01, publication: []}
"""


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 practices and 20 news posts, each page with the same unknown word, and one post that names a
    consented and a non-consented participant in the programme's vocabulary."""
    root = tmp_path_factory.mktemp("scale") / "school"
    write_fixture(root, REPO, PRACTICES, news=NEWS, participants=60, unknown_word=UNKNOWN)
    people = root / f"data/{YEAR}/participants.yaml"
    people.write_text(people.read_text(encoding="utf-8") + EXTRA_PEOPLE, encoding="utf-8")
    (root / "content/news/imena.md").write_text(
        "---\ntitle: Встреча в Тестовске\ndate: 2025-10-10\nrubric: news\nsummary: Нетворкинг наставников.\ndraft: true\n---\n\n"
        "С Шмыглевской Ариадной Леонидовной наставляемые провели нетворкинг, флеш-наставничество и "
        "реверсивное наставничество; тьюторы РНЦ похвалили наставнические пары школы в Тестовске. "
        "Пшеничковой понравилось.\n", encoding="utf-8")
    return root


def spelling(root: Path) -> list[str]:
    _, report = load_and_check(root)
    return [str(p) for p in report.warnings if p.field == "орфография"]


def test_one_line_per_unknown_word_with_its_count(school: Path) -> None:
    lines = [line for line in spelling(school) if f"«{UNKNOWN}»" in line]
    assert len(lines) == 1, lines
    pages = PRACTICES + NEWS
    assert f"«{UNKNOWN}» — нет в словаре — {pages} раз, впервые: content/news/novost-0001.md:" in lines[0]
    assert lines[0].count(".md:") == 1 + 3  # the problem's own place, then the first three places


def test_split_check_still_counts_every_page(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above SPLIT_FROM files the check runs on every core: the count must cover all of them."""
    monkeypatch.setattr(validate, "SPLIT_FROM", 50)
    lines = [line for line in spelling(school) if f"«{UNKNOWN}»" in line]
    assert len(lines) == 1 and f"— {PRACTICES + NEWS} раз," in lines[0], lines


def test_programme_school_and_consented_names_are_known(school: Path) -> None:
    flagged = {re.search(r"«(.+?)»", line).group(1) for line in spelling(school)}  # type: ignore[union-attr]
    for word in ("Шмыглевской", "Ариадной", "Леонидовной", "наставляемые", "нетворкинг", "Нетворкинг",
                 "флеш-наставничество", "реверсивное", "тьюторы", "наставнические", "Тестовске"):
        assert word not in flagged, word
    # A name without consent to publish it is not made a known word (the gate refuses it anyway).
    assert "Пшеничковой" in flagged


def test_check_output_stays_short(school: Path) -> None:
    code, output = run(school, "check")
    assert code == 0, output
    assert len(output.strip().split("\n")) < 15, output


def test_report_is_linear() -> None:
    """Adding 100 000 findings, a tenth of them repeated, keeps each once, in order of arrival."""
    report = Report()
    for i in range(100_000):
        report.warning("a.md", (i % 90_000 + 1, 1), "орфография", "x")
    assert len(report.problems) == 90_000
    assert report.problems[0].line == 1 and report.problems[-1].line == 90_000
