"""Faults of the machine and of ``.build/``: the cache is data and is checked, a full or read-only
disk ends in a message, a kill inside the final swap is repaired by the next run, and two builds
in one folder take turns. Every case here is real: a planted pickle, a truncated file, a read-only
mount or an immutable folder (root obeys both), a small tmpfs, a SIGKILL, two processes.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, copy_of, edit, make_project, run
from pypdf import PdfReader

from generator.publish.transaction import KILL_ENV

DATE = "2025-12-01"
YEAR = "2025-2026"
OLD_TITLE, NEW_TITLE = "title: Стартовала программа наставничества", "title: Новый заголовок"


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    return digest(root / "site"), digest(root / "dist")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal school, built once (outputs and a warm cache); each test works on a copy."""
    root = make_project(tmp_path_factory.mktemp("built"))
    code, output = run(root, "build", "--build-date", DATE)
    assert code == 0, output
    return root


@pytest.fixture
def school(built: Path, tmp_path: Path) -> Path:
    return copy_of(built, tmp_path)


def build_process(root: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(root), "--build-date", DATE],
                            cwd=REPO, env=os.environ | env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def cached_parts(root: Path) -> list[Path]:
    """The records of the cached PDF parts: the collection's parts and the RNC practice."""
    return sorted((root / ".build/cache" / YEAR).glob("*/*.json"))


class _Sentinel:
    """Unpickling this creates a folder: proof that code from the cache ran."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return os.mkdir, (str(self.path),)


# --- (a), (b): the cache is data, checked before use ------------------------------------------------

def test_a_planted_pickle_in_the_cache_never_runs(school: Path, tmp_path: Path) -> None:
    before = outputs(school)
    sentinel = tmp_path / "pickle-ran"
    payload = pickle.dumps(_Sentinel(sentinel))
    records = cached_parts(school)
    assert len(records) >= 4
    for record in records:  # where the old cache kept parsed parts, and the parts themselves
        record.with_suffix(".pypdf").write_bytes(payload)
    records[0].write_bytes(payload)
    records[1].with_suffix(".pdf").write_bytes(payload)
    code, output = run(school, "build", "--build-date", DATE)
    assert code == 0, output
    assert not sentinel.exists()
    assert "не прошла проверку" in output
    assert outputs(school) == before  # re-rendered: the very outputs of a clean build
    assert not list((school / ".build/cache").rglob("*.pypdf"))


def test_a_cache_committed_to_the_repository_is_refused(school: Path) -> None:
    before = outputs(school)
    edit(school, "content/news/start.md", OLD_TITLE, NEW_TITLE)
    subprocess.run(["git", "init", "-q", str(school)], check=True)
    subprocess.run(["git", "-C", str(school), "add", "-f", str(cached_parts(school)[0])], check=True)
    code, output = run(school, "build", "--build-date", DATE)
    assert code == 1, output
    assert "файлы папки .build/ (1) добавлены в git" in output and "git rm -r --cached .build" in output
    assert outputs(school) == before


def test_b_corrupt_or_foreign_cached_parts_are_rendered_again(school: Path) -> None:
    before = outputs(school)
    rnc = next(p for p in cached_parts(school) if p.parent.name == "rnc").with_suffix(".pdf")
    rnc.write_bytes(rnc.read_bytes()[: rnc.stat().st_size // 2])  # cut short, as by a full disk
    collection = [p for p in cached_parts(school) if p.parent.name == "collection"]
    for record, field, value in [(collection[0], "weasyprint", "69.0"), (collection[1], "pypdf", "3.0.0")]:
        facts = json.loads(record.read_text(encoding="utf-8"))
        record.write_text(json.dumps(facts | {field: value}), encoding="utf-8")
    # Forged parts whose records' hashes agree: one is not even a whole file, one pypdf cannot read.
    for record, garbage in [(collection[2], b"%PDF-1.7\nnot really a PDF\n%%EOF\n"), (collection[3], b"%PDF-1.7\n")]:
        record.with_suffix(".pdf").write_bytes(garbage)
        facts = json.loads(record.read_text(encoding="utf-8"))
        record.write_text(json.dumps(facts | {"sha256": hashlib.sha256(garbage).hexdigest()}), encoding="utf-8")
    code, output = run(school, "build", "--build-date", DATE)
    assert code == 0, output
    for reason in ("контрольная сумма PDF не совпадает", "сделана WeasyPrint 69.0", "pypdf 3.0.0",
                   "файл не похож на целый PDF", "pypdf не открывает PDF"):
        assert reason in output, output
    assert outputs(school) == before
    manifest = json.loads((school / "dist" / YEAR / "rnc/manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["practices"]:
        published = school / "dist" / YEAR / "rnc" / entry["file"]
        assert hashlib.sha256(published.read_bytes()).hexdigest() == entry["sha256"]
        assert len(PdfReader(published).pages) == entry["pages"] > 0
    assert len(PdfReader(school / "dist" / YEAR / "collection.pdf").pages) > 1


# --- (c), (d): a read-only or full disk ends in a message, old outputs intact ------------------------

def _immutable(folder: Path) -> None:
    subprocess.run(["chattr", "+i", str(folder)], check=True, capture_output=True)


def _mutable(folder: Path) -> None:
    subprocess.run(["chattr", "-i", str(folder)], check=True, capture_output=True)


def _read_only_mount(folder: Path) -> None:
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True, capture_output=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True, capture_output=True)


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], check=True, capture_output=True)


@pytest.mark.parametrize(("protect", "release", "message"), [
    (_immutable, _mutable, "изменение запрещено"),  # chattr +i: EPERM, even for root
    (_read_only_mount, _unmount, "папка только для чтения"),  # a read-only bind mount: EROFS
], ids=["chattr+i", "ro-bind-mount"])
def test_c_read_only_dist_changes_neither_site_nor_dist(school: Path, protect, release, message) -> None:
    before = outputs(school)
    edit(school, "content/news/start.md", OLD_TITLE, NEW_TITLE)  # the new site would differ
    try:
        protect(school / "dist")
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"this machine cannot protect a folder that way: {exc}")
    try:
        code, output = run(school, "build", "--build-date", DATE)
    finally:
        release(school / "dist")
    assert code == 3, output
    assert f"ошибка: {school / 'dist'}: {message}" in output and "не изменены" in output, output
    assert "Traceback" not in output
    assert outputs(school) == before
    assert not (school / ".build/publish/journal.json").exists()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 48 MB tmpfs: room for the school and one build, filled up by the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_d_a_full_disk_ends_in_a_message_and_keeps_the_outputs(built: Path, small_disk: Path) -> None:
    root = small_disk / "school"
    shutil.copytree(built, root, symlinks=True)
    before = outputs(root)
    edit(root, "content/news/start.md", OLD_TITLE, NEW_TITLE)
    shutil.rmtree(root / ".build/cache")  # the PDFs must be rendered again: the build needs room
    free = os.statvfs(small_disk)
    filler = small_disk / "filler"
    with open(filler, "wb") as file:
        file.write(b"\0" * max(0, free.f_bavail * free.f_frsize - 256 * 1024))
    code, output = run(root, "build", "--build-date", DATE)
    assert code == 3, output
    assert "на диске нет места" in output and f"ошибка: {root}" in output and "не изменены" in output, output
    assert "Traceback" not in output
    assert outputs(root) == before
    filler.unlink()  # room again: the next build publishes the change
    code, output = run(root, "build", "--build-date", DATE)
    assert code == 0, output
    assert "Новый заголовок" in (root / "site/news/start/index.html").read_text(encoding="utf-8")


# --- (e): a kill inside the final swap is repaired by the next run, whatever it is --------------------

def _kill_inside_swap(root: Path, renames: int) -> None:
    edit(root, "content/news/start.md", OLD_TITLE, NEW_TITLE)
    proc = build_process(root, **{KILL_ENV: str(renames)})
    output, _ = proc.communicate(timeout=300)
    assert proc.returncode == -9, output  # it killed itself between two renames
    assert (root / ".build/publish/journal.json").exists()


def _new_title(root: Path) -> bool:
    return "Новый заголовок" in (root / "site/news/start/index.html").read_text(encoding="utf-8")


def test_e_kill_inside_the_swap_is_completed_by_check(school: Path) -> None:
    _kill_inside_swap(school, renames=1)
    assert not (school / "site").exists()  # what a kill left before: no site/ at all
    code, output = run(school, "check")
    assert code == 0, output
    assert "новые site/ и dist/ опубликованы целиком" in output
    assert _new_title(school)
    repaired = outputs(school)
    code, output = run(school, "build", "--build-date", DATE)  # the same inputs: the complete new set
    assert code == 0, output
    assert outputs(school) == repaired


def test_e_kill_then_a_failing_build_still_repairs(school: Path) -> None:
    _kill_inside_swap(school, renames=3)  # site/ is new, dist/ still away
    assert not (school / "dist" / YEAR).exists()
    edit(school, "content/news/start.md", NEW_TITLE, "title: ")  # now the build fails its check
    code, output = run(school, "build", "--build-date", DATE)
    assert code == 1, output
    assert "новые site/ и dist/ опубликованы целиком" in output
    assert _new_title(school) and (school / "dist" / YEAR / "collection.pdf").is_file()
    assert not list((school / ".build/publish").iterdir())


def test_e_kill_with_the_new_set_lost_rolls_back(school: Path) -> None:
    before = outputs(school)
    _kill_inside_swap(school, renames=3)
    for staging in (school / ".build").glob("staging-*"):  # the staged dist/ is gone: cannot go forward
        shutil.rmtree(staging)
    code, output = run(school, "check")
    assert code == 0, output
    assert "прежние site/ и dist/ восстановлены" in output
    assert outputs(school) == before


# --- (f): two builds in one folder take turns --------------------------------------------------------

def test_f_a_second_build_waits_for_the_first(school: Path) -> None:
    edit(school, "content/news/start.md", OLD_TITLE, NEW_TITLE)
    first = build_process(school)
    deadline = time.monotonic() + 120
    while not list((school / ".build").glob("staging-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.poll() is None, "the first build ended before the second could start"
    second = build_process(school)
    out_first, _ = first.communicate(timeout=300)
    out_second, _ = second.communicate(timeout=300)
    assert first.returncode == 0, out_first
    assert second.returncode == 0, out_second
    assert f"уже идёт другая сборка (процесс {first.pid})" in out_second
    waited = out_second.index("уже идёт другая сборка")
    assert waited < out_second.index("Проверка содержимого")  # it did nothing before its turn
    assert _new_title(school) and (school / "dist" / YEAR / "collection.pdf").is_file()
    assert not list((school / ".build").glob("staging-*")) and not list((school / ".build/publish").iterdir())
