"""Builds are atomic, reproducible and never touch the sources."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import edit, run


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_killed_build_leaves_previous_outputs_exactly(project):
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    before = digest(project / "site"), digest(project / "dist")
    edit(project, "content/news/start.md", "title: Стартовала программа наставничества", "title: Новый заголовок")
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(project)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # Kill it while it works in its staging folder: after the PDFs, before anything is swapped in.
    while time.monotonic() < deadline and proc.poll() is None:
        staging = list((project / ".build").glob("staging-*/dist/*/collection.pdf"))
        if staging:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert (digest(project / "site"), digest(project / "dist")) == before
    # The next build cleans what the killed one left and publishes the change.
    code, output = run(project, "build", "--build-date", "2025-12-01")
    assert code == 0, output
    assert not list((project / ".build").glob("staging-*"))
    assert "Новый заголовок" in (project / "site/news/start/index.html").read_text(encoding="utf-8")


def test_every_output_is_byte_identical_for_the_same_inputs(project):
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    first = digest(project / "site"), digest(project / "dist")
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    assert (digest(project / "site"), digest(project / "dist")) == first
    assert "sitemap.xml.gz" in first[0] and "pagefind/pagefind-entry.json" in first[0]
    assert any(name.startswith("pagefind/fragment/") for name in first[0])  # the search index is covered


def test_source_date_epoch_sets_the_build_date(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01 00:00 UTC
    code, output = run(project, "build")
    assert code == 0 and "дата сборки 2025-12-01" in output
    assert "по состоянию на 1 декабря 2025 г." in (project / "site/years/2025-2026/results/index.html").read_text("utf-8")
    sitemap = (project / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2025-12-01</lastmod>" in sitemap


def test_build_never_writes_into_content_or_data(project):
    before = digest(project / "content"), digest(project / "data")
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    assert (digest(project / "content"), digest(project / "data")) == before


def test_outputs_do_not_depend_on_where_the_repository_lives(tmp_path):
    from conftest import make_project

    first, second = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    for root in (first, second):
        assert run(root, "build", "--build-date", "2025-12-01")[0] == 0
    assert digest(first / "dist") == digest(second / "dist")
    assert digest(first / "site") == digest(second / "site")
