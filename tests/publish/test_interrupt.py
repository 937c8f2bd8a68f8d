"""Ctrl-C ends a real build within two seconds at every stage — PDF parts rendering in forked
workers, the MkDocs build, the personal-data gate — with «Прервано…», exit code 130, no process
left behind, and site/ and dist/ exactly as the last finished build left them."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE_BUILD_DATE, REPO, interrupt, session_processes

from generator.editors.fixture import write_fixture

LIMIT = 2.0  # seconds from SIGINT to the end of the process


def _command(root: Path, *extra: str) -> list[str]:
    return [sys.executable, "-u", "-m", "generator", "build", "--root", str(root), "--build-date",
            EXAMPLE_BUILD_DATE, *extra]


def _published(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in ("site", "dist") for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A school built once (what is published), then edited so a new build would change it."""
    root = tmp_path_factory.mktemp("interrupt") / "school"
    write_fixture(root, REPO, practices=30, news=5, participants=30)
    done = subprocess.run(_command(root), cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    practice = sorted((root / "content/practices").glob("*.md"))[3]
    practice.write_text(practice.read_text(encoding="utf-8") + "\nДобавлено после заседания МО.\n",
                        encoding="utf-8")
    return root


@pytest.mark.parametrize(("stage", "marker", "extra"), [
    ("PDF parts", "сборник: свёрстано 1 из", ()),
    ("MkDocs", "• Сборка сайта", ("--only", "site")),
    ("gate", "• Проверка персональных данных", ("--only", "site")),
])
def test_ctrl_c_stops_the_build(school: Path, stage: str, marker: str, extra: tuple[str, ...]) -> None:
    before = _published(school)
    if stage == "gate":  # with its verdicts remembered the gate re-reads one page: make it read them all
        shutil.rmtree(school / ".build" / "cache" / "gate", ignore_errors=True)
    build = subprocess.Popen(_command(school, *extra), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    seen = []
    assert build.stdout is not None
    for line in build.stdout:
        seen.append(line)
        if marker in line:
            break
    else:
        pytest.fail(f"{stage}: the build ended before «{marker}»:\n{''.join(seen)}")
    time.sleep(0.2)  # inside the stage
    assert build.poll() is None, f"{stage}: the stage ended too soon to be interrupted"
    rest, elapsed = interrupt(build)
    output = "".join(seen) + rest
    assert build.returncode == 130, output
    assert "Прервано" in rest and "Traceback" not in output, output
    assert elapsed < LIMIT, f"{stage}: {elapsed:.1f} s"
    time.sleep(0.2)
    assert session_processes(build.pid) == [], f"{stage}: workers left running"
    assert _published(school) == before, f"{stage}: site/ or dist/ changed"
