"""`python -m generator init`: a new school's repository that checks and builds, with nothing of the
bundled example in it or in what it builds."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO, run
from generator.editors.newschool import academic_year
from test_second_school import example_patterns

NAME = "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2» города Озёрска"
SHORT = "МБОУ «Лицей № 2» г. Озёрска"


def _init(folder: Path, *args: str, input_: str | None = None) -> tuple[int, str]:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["init", str(folder), *args], input=input_)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "litsey"
    code, output = _init(folder, "--name", NAME, "--short-name", SHORT, "--city", "Озёрск")
    assert code == 0, output
    if (REPO / "node_modules").is_dir():
        (folder / "node_modules").symlink_to(REPO / "node_modules")
    return folder


def test_academic_year_follows_the_date() -> None:
    assert academic_year(date(2025, 9, 1)) == "2025-2026"
    assert academic_year(date(2025, 12, 31)) == "2025-2026"
    assert academic_year(date(2026, 1, 10)) == "2025-2026"
    assert academic_year(date(2026, 8, 31)) == "2025-2026"


def test_the_new_repository_has_the_school_and_the_current_year(school: Path) -> None:
    year = academic_year(date.today())
    text = (school / "data/school.yaml").read_text(encoding="utf-8")
    assert NAME in text and SHORT in text and f"current_year: {year}" in text
    for name in ("participants", "pairs", "events", "diagnostics", "roadmap", "content_plan"):
        assert (school / "data" / year / f"{name}.yaml").is_file(), name
    for kind in ("practices", "news", "materials", "pages"):
        samples = list((school / "content" / kind).glob("*.md"))
        assert len(samples) == 1, kind
        sample = samples[0].read_text(encoding="utf-8")
        assert "status: draft" in sample or "draft: true" in sample, kind
        assert "# " in sample.split("---")[1], f"{kind}: the sample explains its fields"
    for rel in ("mkdocs.yml", "README.md", ".gitignore", ".github/workflows/site.yml", ".gitlab-ci.yml",
                "generator/publish/mkdocs_hooks.py", "site_templates/overrides/main.html", "scripts/build.sh"):
        assert (school / rel).is_file(), rel
    readme = (school / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/build.sh" in readme and "-m generator check" in readme
    # the address the regional centre takes the package from (tests/region fetch it from a built site)
    assert f"years/{year}/rnc/manifest.json" in readme and f"dist/{year}/rnc/rnc-{year}.zip" in readme
    assert not (school / "tests").exists() and not (school / "bench").exists()


def _example_words_in(folder: Path) -> list[str]:
    patterns = example_patterns()
    found = []
    for path in sorted(folder.rglob("*")):
        # generator/ is the tool's program, copied as it is (its comments and the benchmark fixture use
        # common surnames); everything else — the school's files and every output — is read.
        if path.is_symlink() or not path.is_file() or {"node_modules", "generator"} & set(path.parts[len(folder.parts):]):
            continue
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                  check=True).stdout.decode("utf-8")
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
        found += [f"{rel}: {word}" for word, pattern in patterns.items() if pattern.search(text)]
    return found


def test_the_new_repository_passes_check_and_builds_without_the_example(school: Path) -> None:
    code, output = run(school, "check")
    assert code == 0, output
    assert "ошибок: 0" in output
    code, output = run(school, "build")
    assert code == 0, output
    year = academic_year(date.today())
    assert (school / "site/index.html").is_file() and (school / "dist" / year / "collection.pdf").is_file()
    title = re.search(r"<title>(.*?)</title>", (school / "site/index.html").read_text(encoding="utf-8")).group(1)
    assert "Лицей № 2" in title
    # The drafts are checked but not published.
    assert not list((school / "site").rglob("*obrazec*")) and not list((school / "site").rglob("o-programme*"))
    found = _example_words_in(school)
    assert not found, "\n".join(found[:20])


def test_mkdocs_build_works_in_the_new_repository(school: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "mk-site"], cwd=school,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Лицей № 2" in (school / "mk-site/index.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("чужой файл", encoding="utf-8")
    code, output = _init(folder, "--name", NAME, "--short-name", SHORT, "--city", "Озёрск")
    assert code == 2 and "не пуста" in output, output
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_init_asks_for_what_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "asked"
    code, output = _init(folder, "--city", "Озёрск", input_=f"{NAME}\n{SHORT}\n")
    assert code == 0, output
    assert "Полное название школы" in output and "Краткое название" in output and "Город" not in output
    assert SHORT in (folder / "data/school.yaml").read_text(encoding="utf-8")


def test_init_without_a_terminal_names_the_missing_option(tmp_path: Path) -> None:
    code, output = _init(tmp_path / "quiet", "--name", NAME, "--city", "Озёрск", input_="")
    assert code == 2 and "--short-name" in output, output
    assert not (tmp_path / "quiet").exists() or not any((tmp_path / "quiet").iterdir())
