"""Before a commit: a practice saved by the web form passes pre-commit's hooks and `check --strict` as
saved; the file hook speaks Russian with file:line:col; without .venv the hook says what to run."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_project, run
from test_editor_setup import run_pre_commit

# Exactly as Decap CMS 3.16 (markdown widget, frontmatter format) saves a new practice: lists in block
# style, the summary folded by its YAML writer, no newline at the end of the file.
FORM_PRACTICE = """---
title: "Наставник на переменке: пятиминутные разборы"
year: 2025-2026
authors:
  - ivanova-aa
form: педагог–педагог
summary: Короткие разборы уроков на переменах помогают молодому педагогу сразу
  исправлять ошибки.
status: draft
submit_to_rnc: false
---
## Актуальность

Молодой педагог получает совет сразу после урока, пока ситуация свежа.

## Цель и задачи

Научить молодого педагога замечать и исправлять ошибки урока.

## Содержание практики

Наставник и наставляемый встречаются на перемене и обсуждают один эпизод урока.

## Результаты

Педагог быстрее осваивает приёмы работы с классом.

## Ресурсы

Расписание уроков и пять минут перемены.

## Возможности тиражирования

Практику можно перенести в любую школу: нужны только расписание и договорённость пары."""

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def _school(tmp_path: Path, with_venv: bool = True) -> Path:
    root = make_project(tmp_path)
    (root / "generator").unlink()
    shutil.copytree(REPO / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "node_modules").unlink(missing_ok=True)
    for name in (".pre-commit-config.yaml", "scripts"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    if with_venv:
        (root / ".venv").symlink_to(Path(sys.prefix))
    return root


def test_a_practice_saved_by_the_form_passes_every_hook_and_check_strict(tmp_path):
    root = _school(tmp_path)
    rel = "content/practices/praktika-20260115-1030.md"
    (root / rel).write_text(FORM_PRACTICE, encoding="utf-8")
    code, output = run(root, "check", "--strict")
    assert code == 0, output
    proc = run_pre_commit(root, "--files", rel)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("Passed") == 2, proc.stdout
    assert (root / rel).read_text(encoding="utf-8") == FORM_PRACTICE  # nothing rewritten


BAD = [
    ("content/news/start.md", "---\ntitle: Новость \n", "content/news/start.md:2:15: пробелы в конце строки"),
    ("data/school.yaml", None, "data/school.yaml:3:1: лишние пустые строки в конце файла"),
    ("site_templates/pages/x.txt", "строка", "site_templates/pages/x.txt:1:7: нет перевода строки в конце файла"),
    ("data/extra.yaml", "a: [1, 2\n", "data/extra.yaml:2:1: ошибка синтаксиса YAML: не закрыта квадратная скобка"),
    ("data/tabs.yaml", "a:\n\tb: 1\n", "data/tabs.yaml:2:1: ошибка синтаксиса YAML: табуляция вместо пробелов"),
    ("README.md", "Строка  \nещё\n", None),  # a Markdown line break (two spaces) and a final newline: fine
    ("content/pages/x.md", "Строка  \nещё", None),  # the form's way: no final newline under content/
    ("pages.md", "Строка", "pages.md:1:7: нет перевода строки в конце файла"),  # elsewhere it is required
]


@pytest.mark.parametrize(("rel", "text", "message"), BAD, ids=[b[0] for b in BAD])
def test_the_file_hook_says_what_is_wrong_in_russian(project, rel, text, message):
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:  # the sample's own file with blank lines added at the end
        text = "name: x\nb: y\n\n\n"
    path.write_text(text, encoding="utf-8")
    code, output = run(project, "files", rel)
    if message is None:
        assert code == 0 and output == "", output
        return
    assert code == 1, output
    assert message in output, output
    assert "исправьте их и повторите git commit" in output and "Traceback" not in output


def test_the_hook_without_venv_says_what_to_run(tmp_path):
    root = _school(tmp_path, with_venv=False)
    (root / "content/news/start.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    proc = run_pre_commit(root, "--all-files")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "нет окружения .venv. Выполните один раз bash scripts/build.sh" in output, output
    assert "Traceback" not in output and "ModuleNotFoundError" not in output
