"""All errors in one run: a schema error in one file does not hide unknown ids in others, near
misses get «может быть, …?», and a hyphen in a pair's form is the en dash. On the gymnasium sample."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import edit, make_project, run
from generator.model.loader import Project


@pytest.fixture
def gymnasium(tmp_path: Path) -> Path:
    return make_project(tmp_path, sample="gymnasium")


def test_three_mistakes_in_three_files_in_one_run(gymnasium: Path) -> None:
    # 1. A schema error in the file every author of the year is looked up in.
    edit(gymnasium, "data/2025-2026/participants.yaml", "experience_years: 25", "experience_years: много")
    # 2. An unknown rubric in a news post.
    edit(gymnasium, "content/news/cifrovoy-chas.md", "rubric: opyt", "rubric: opytt")
    # 3. An unknown author, a near miss, in a practice of that same year.
    edit(gymnasium, "content/practices/klub-otkrytyy-mikrofon.md", "authors: [gromova-ta,", "authors: [gromova-at,")
    code, output = run(gymnasium, "check")
    assert code == 1
    assert re.search(r"data/2025-2026/participants\.yaml:\d+:\d+: participants\[1\]\.experience_years: «много»",
                     output), output
    assert "content/news/cifrovoy-chas.md:4:9: rubric: неизвестный идентификатор «opytt» — может быть, «opyt»?" \
        in output, output
    assert re.search(r"content/practices/klub-otkrytyy-mikrofon\.md:4:\d+: authors: неизвестный идентификатор "
                     r"«gromova-at» — может быть, «gromova-ta»\?", output), output
    assert "ошибок: 3" in output, output


def test_references_of_a_file_that_failed_the_schema_are_checked_too(gymnasium: Path) -> None:
    path = "content/practices/cifrovoy-chas.md"
    edit(gymnasium, path, "status: approved", "status: aproved")
    edit(gymnasium, path, "authors: [pankratov-iv]", "authors: [pankratov-vi]")
    code, output = run(gymnasium, "check")
    assert code == 1
    assert f"{path}:13:9: status: недопустимое значение «aproved» — может быть, «approved»?; ожидается одно из: " \
           "draft, review, approved" in output, output
    assert f"{path}:4:11: authors: неизвестный идентификатор «pankratov-vi» — может быть, «pankratov-iv»?" \
        in output, output


def test_a_value_far_from_every_allowed_one_gets_no_guess(gymnasium: Path) -> None:
    edit(gymnasium, "content/news/cifrovoy-chas.md", "rubric: opyt", "rubric: zzzzzz")
    code, output = run(gymnasium, "check")
    assert code == 1 and "«zzzzzz»: такой рубрики нет" in output and "может быть" not in output, output


def test_a_pair_form_with_a_hyphen_is_the_en_dash(gymnasium: Path) -> None:
    pairs = gymnasium / "data/2025-2026/pairs.yaml"
    text = pairs.read_text(encoding="utf-8")
    assert text.count("form: педагог–педагог") >= 2
    pairs.write_text(text.replace("form: педагог–педагог", "form: педагог-педагог", 1)
                     .replace("form: педагог–педагог", "form: педагог − педагог", 1), encoding="utf-8")
    code, output = run(gymnasium, "check")
    assert code == 0, output
    from generator.model.loader import load_project
    from generator.errors import Report

    project: Project = load_project(gymnasium, Report())
    forms = [p.form for p in project.years["2025-2026"].pairs.model.pairs]  # type: ignore[union-attr]
    assert forms.count("педагог–педагог") >= 2 and not any("-" in f or "−" in f for f in forms)


def test_a_misspelt_pair_form_gets_a_suggestion(gymnasium: Path) -> None:
    edit(gymnasium, "data/2025-2026/pairs.yaml", "form: групповое", "form: груповое")
    code, output = run(gymnasium, "check")
    assert code == 1 and "«груповое» — может быть, «групповое»?" in output, output


@pytest.mark.parametrize("spelling", ["files/practices/cifrovoy-chas-grafik.png", "practices/cifrovoy-chas-grafik.png"])
def test_a_cover_relative_to_content_or_to_files(gymnasium: Path, spelling: str) -> None:
    edit(gymnasium, "content/practices/cifrovoy-chas.md", "cover: practices/cifrovoy-chas-grafik.png",
         f"cover: {spelling}")
    code, output = run(gymnasium, "build", "--only", "site", "--build-date", "2026-05-31")
    assert code == 0, output
    page = (gymnasium / "site/practices/cifrovoy-chas/index.html").read_text(encoding="utf-8")
    assert "files/practices/cifrovoy-chas-grafik.png" in page
    assert (gymnasium / "site/files/practices/cifrovoy-chas-grafik.png").is_file()
    assert not (gymnasium / "site/files/files").exists()


@pytest.mark.parametrize("spelling", ["files/../data/school.yaml", "files/../../etc/passwd", "../files/x.png"])
def test_a_cover_never_leaves_content_files(gymnasium: Path, spelling: str) -> None:
    edit(gymnasium, "content/practices/cifrovoy-chas.md", "cover: practices/cifrovoy-chas-grafik.png",
         f"cover: {spelling}")
    code, output = run(gymnasium, "check")
    assert code == 1 and "content/practices/cifrovoy-chas.md:" in output and "cover" in output, output
