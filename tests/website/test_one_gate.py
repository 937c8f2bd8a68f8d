"""One gate, whatever command publishes: `mkdocs build`, `mkdocs serve` and `generator build` refuse
a leak with the same Russian message, and no file containing it is written; `check` names it in the
source at file:line:col. Run on the second sample school (tests/samples/gymnasium)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_project, run, wait_until
from test_mkdocs_root import _free_port, _get

NEWS = "content/news/cifrovoy-chas.md"
PHONE = "+7 912 345-67-89"
# A participant of the gymnasium without consent to publish the name (see its participants.yaml).
HIDDEN = "Ларионовой Анастасии Сергеевне"
LEAK = f"\nЗа подробностями обращайтесь к {HIDDEN}: {PHONE}.\n"
# What identifies the leak in any file: the phone's digits and the hidden surname's stem.
TRACES = (re.compile(r"345-67-89"), re.compile(r"Ларионов"))
# Files that hold the name by right: the consent registry, and the planted source itself.
SOURCES = {NEWS, "data/2024-2025/participants.yaml", "data/2025-2026/participants.yaml"}


def _plant(root: Path) -> None:
    with (root / NEWS).open("a", encoding="utf-8") as handle:
        handle.write(LEAK)


def files_with_the_leak(root: Path, allowed: set[str] = SOURCES) -> list[str]:
    """Every file under the repository (symbolic links to the tool excluded) that holds a trace."""
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel in allowed or path.is_symlink() or not path.is_file() \
                or any(part in ("generator", "node_modules") for part in path.relative_to(root).parts[:1]):
            continue
        data = path.read_bytes().decode("utf-8", errors="replace")
        if any(trace.search(data) for trace in TRACES):
            found.append(rel)
    return found


@pytest.fixture
def gymnasium(tmp_path: Path) -> Path:
    return make_project(tmp_path, sample="gymnasium")


def test_the_planted_leak_is_found_by_the_search_itself(gymnasium: Path) -> None:
    # Guards the «nothing written» tests below against a search that can never find anything.
    _plant(gymnasium)
    assert files_with_the_leak(gymnasium, SOURCES - {NEWS}) == [NEWS]


def test_check_reports_the_leak_in_the_source_with_its_position(gymnasium: Path) -> None:
    _plant(gymnasium)
    code, output = run(gymnasium, "check")
    assert code == 1, output
    line = len((gymnasium / NEWS).read_text(encoding="utf-8").splitlines())
    assert re.search(rf"{re.escape(NEWS)}:{line}:\d+: текст: имя участника «larionova-as», не давшего согласия", output), output
    assert re.search(rf"{re.escape(NEWS)}:{line}:\d+: текст: номер телефона: «{re.escape(PHONE)}»", output), output
    assert "Проверка не пройдена" in output


def test_check_reports_a_leak_in_public_data(gymnasium: Path) -> None:
    path = gymnasium / "data/2025-2026/events.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title:", "title: Звонить по тел. 8 (912) 345-67-89 —", 1), encoding="utf-8")
    code, output = run(gymnasium, "check")
    assert code == 1
    assert re.search(r"data/2025-2026/events\.yaml:\d+:\d+: events\[1\]\.title: номер телефона", output), output


def test_mkdocs_build_refuses_the_leak_and_writes_nothing(gymnasium: Path) -> None:
    _plant(gymnasium)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=gymnasium, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "номер телефона" in proc.stderr and "Проверка не пройдена" in proc.stderr, proc.stderr
    assert "Ничего не опубликовано" in proc.stderr
    assert not (gymnasium / "site").exists()
    assert files_with_the_leak(gymnasium) == []


def test_generator_build_gives_the_same_message(gymnasium: Path) -> None:
    _plant(gymnasium)
    code, output = run(gymnasium, "build", "--only", "site")
    assert code == 1
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=gymnasium, capture_output=True, text=True)
    messages = [line for line in output.splitlines() if line.startswith(NEWS)]
    assert messages and all(message in proc.stderr for message in messages), (output, proc.stderr)
    assert files_with_the_leak(gymnasium) == []


def test_a_leak_only_the_output_shows_keeps_the_old_site(gymnasium: Path) -> None:
    """An attachment's text is not a source the check reads: the gate over the staged site stops it."""
    assert subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=gymnasium, capture_output=True).returncode == 0
    before = (gymnasium / "site/index.html").read_bytes()
    (gymnasium / "content/files/news/kontakty.txt").write_text(f"Телефон для связи: {PHONE}\n", encoding="utf-8")
    with (gymnasium / NEWS).open("a", encoding="utf-8") as handle:
        handle.write("\nКонтакты — [в файле](../files/news/kontakty.txt).\n")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=gymnasium, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "site/files/news/kontakty.txt: номер телефона" in proc.stderr, proc.stderr
    assert "Публикация остановлена" in proc.stderr
    assert (gymnasium / "site/index.html").read_bytes() == before
    assert not list((gymnasium / ".build").glob("staging-*"))
    # The contributed file itself, its copy in the generated Markdown tree (.build/docs, the input of
    # MkDocs) and the gate's verdict cache hold it; nothing published or staged does.
    left = [rel for rel in files_with_the_leak(gymnasium)
            if not rel.startswith(("content/files/", ".build/docs/", ".build/cache/gate/"))]
    assert left == []


def test_mkdocs_serve_starts_with_a_leak_and_shows_the_problem_not_the_leak(gymnasium: Path, tmp_path: Path) -> None:
    """The preview starts; every page is the Russian list of problems, without the leaked text."""
    _plant(gymnasium)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=gymnasium,
                              stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert wait_until(lambda: "Сайт не собран" in (_get(f"http://127.0.0.1:{port}/") or ""), 40.0)
        page = _get(f"http://127.0.0.1:{port}/") or ""
        assert "номер телефона" in page and "content/news/cifrovoy-chas.md:" in page, page
        assert "345-67-89" not in page and "Ларионов" not in page
        assert "Проверка не пройдена" in (tmp_path / "serve.log").read_text(encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    assert files_with_the_leak(gymnasium) == []


def test_mkdocs_serve_never_shows_a_leak_added_while_it_runs(gymnasium: Path, tmp_path: Path) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=gymnasium, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/news/cifrovoy-chas/"
    original = (gymnasium / NEWS).read_text(encoding="utf-8")
    try:
        assert wait_until(lambda: "Цифровой час" in (_get(url) or ""), 40.0)
        _plant(gymnasium)
        assert wait_until(lambda: "Проверка не пройдена" in (tmp_path / "serve.log").read_text(encoding="utf-8"), 40.0)
        # The page the author was reading now lists the problem (without the leaked text).
        assert wait_until(lambda: "Сайт не собран" in (_get(url) or ""), 40.0)
        page = _get(url) or ""
        assert "номер телефона" in page and "345-67-89" not in page and "Ларионов" not in page
        (gymnasium / NEWS).write_text(original.replace("title: Цифровой час", "title: Цифровой час (обновлено)"),
                                      encoding="utf-8")
        assert wait_until(lambda: "Цифровой час (обновлено)" in (_get(url) or ""), 40.0)
        page = _get(url) or ""
        assert "345-67-89" not in page and "Ларионов" not in page
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    assert files_with_the_leak(gymnasium) == []
