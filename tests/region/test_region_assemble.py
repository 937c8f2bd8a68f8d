"""The staged site is the version before last brought up to date (region/assemble.py): it ends up
holding exactly the wanted files, keeps the published file (and its time) where the bytes are the
same, and never publishes a link that was left in the folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.region.assemble import assemble


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def places(tmp_path: Path) -> tuple[Path, Path, Path]:
    sources, published, buffer = tmp_path / "sources", tmp_path / "site", tmp_path / "buffer"
    for folder in (sources, published, buffer):
        folder.mkdir()
    return sources, published, buffer


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_folder_holds_exactly_what_is_wanted(places):
    sources, published, buffer = places
    page = _write(sources / "page.html", b"<p>new</p>")
    pdf = _write(sources / "a.pdf", b"%PDF-1.7 a")
    _write(buffer / "practices/gone/index.html", b"old page")  # a practice no longer there
    _write(buffer / "index.html", b"stale")
    changed = assemble(buffer, published, {"index.html": (page, True), "files/s/a.pdf": (pdf, True)})
    assert _tree(buffer) == {"index.html": b"<p>new</p>", "files/s/a.pdf": b"%PDF-1.7 a"}
    assert not (buffer / "practices").exists(), "emptied folders are removed"
    assert os.path.samestat((buffer / "files/s/a.pdf").stat(), pdf.stat()), "a link, not a copy"
    assert changed == 2  # nothing was published before


def test_equal_bytes_keep_the_published_file_and_its_time(places):
    sources, published, buffer = places
    old = _write(published / "files/s/a.pdf", b"%PDF same")
    os.utime(old, ns=(1_000_000_000, 1_000_000_000))
    sent_again = _write(sources / "new/a.pdf", b"%PDF same")  # the same PDF in a school's new package
    asset = _write(sources / "out/app.js", b"js")  # written anew by MkDocs on every run
    _write(published / "app.js", b"js")
    changed = assemble(buffer, published, {"files/s/a.pdf": (sent_again, True), "app.js": (asset, False)})
    assert os.path.samestat((buffer / "files/s/a.pdf").stat(), old.stat())
    assert (buffer / "files/s/a.pdf").stat().st_mtime_ns == 1_000_000_000
    assert os.path.samestat((buffer / "app.js").stat(), (published / "app.js").stat())
    assert changed == 0


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_link_left_in_the_folder_is_never_published(places, tmp_path, kind):
    sources, published, buffer = places
    secret = _write(tmp_path / "outside/secret.txt", b"token")
    page = _write(sources / "page.html", b"<p>page</p>")
    if kind == "file":
        (buffer / "index.html").symlink_to(secret)  # at a wanted place, with other bytes
        (buffer / "secret.txt").symlink_to(secret)  # at a place nobody wants
    else:
        (buffer / "files").symlink_to(secret.parent, target_is_directory=True)
    assemble(buffer, published, {"index.html": (page, True)})
    assert _tree(buffer) == {"index.html": b"<p>page</p>"}
    assert not any(p.is_symlink() for p in buffer.rglob("*"))
    assert secret.read_bytes() == b"token", "nothing outside is touched"


def test_a_path_out_of_the_site_is_refused(places):
    sources, published, buffer = places
    page = _write(sources / "page.html", b"x")
    with pytest.raises(ValueError):
        assemble(buffer, published, {"../escape.html": (page, True)})
