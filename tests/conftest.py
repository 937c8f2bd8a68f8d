"""Shared helpers: sample school repositories copied into a temporary folder, and the CLI."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

pytest_plugins = ["browser_fixtures"]  # the built site on localhost and Chromium, for test_browser_*

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "samples"
# A fixed build date keeps "overdue" and every printed date reproducible.
EXAMPLE_BUILD_DATE = "2026-05-31"


def make_project(dest: Path, sample: str | None = "minimal") -> Path:
    """A school repository in ``dest``: a sample's data/content (or the bundled example) + templates."""
    root = dest / "school"
    if sample is None:
        for folder in ("content", "data"):
            shutil.copytree(REPO / folder, root / folder)
    else:
        shutil.copytree(SAMPLES / sample, root)
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "generator").symlink_to(REPO / "generator")  # the hook in mkdocs.yml lives there
    if (REPO / "node_modules").is_dir():  # Decap CMS for /admin/, installed by npm ci
        (root / "node_modules").symlink_to(REPO / "node_modules")
    (root / ".build" / "docs").mkdir(parents=True)
    return root


def copy_of(built: Path, dest: Path) -> Path:
    """A copy of a built school in ``dest``/school, its outputs and caches included (links kept as links),
    so a test that edits it rebuilds only what changed."""
    root = dest / "school"
    shutil.copytree(built, root, symlinks=True)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace exactly one occurrence of ``old`` in a file of the sample (fails loudly otherwise)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(root: Path, *args: str, input_: str | None = None) -> tuple[int, str]:
    """Run ``python -m generator`` in-process; returns the exit code and everything printed."""
    result = CliRunner().invoke(main, [*args, "--root", str(root)], input=input_, catch_exceptions=True)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled example school, built once for the whole session."""
    root = make_project(tmp_path_factory.mktemp("example"), sample=None)
    code, output = run(root, "build", "--build-date", EXAMPLE_BUILD_DATE)
    assert code == 0, output
    return root, output


def wait_until(predicate, seconds: float = 180.0) -> bool:
    """Poll ``predicate`` every 0.3 s until it is true (True) or ``seconds`` pass (False): servers
    started by a test (the preview, decap-server) come up in their own time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def session_processes(sid: int) -> list[int]:
    """Processes still alive in the session ``sid`` (a command started with ``start_new_session``,
    its forked workers included): after Ctrl-C there must be none."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


def interrupt(process) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    """Send Ctrl-C (SIGINT) to ``process`` — the main process only: it must stop its own workers —
    and wait for it to end; returns what it printed after that and the seconds it took."""
    import signal

    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        rest = process.communicate(timeout=30)[0]
    finally:
        process.kill()
    return rest, time.monotonic() - sent
