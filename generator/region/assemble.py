"""The platform's site folder brought up to date file by file, instead of written anew.

A region of 1,000 schools is about 50,000 files (pages, received PDFs, search bundles). Writing
them all into an empty folder and deleting the old site afterwards took longer than everything else
a one-school rebuild does: on an ordinary disk, deleting a tree of that size alone takes 10 s and
more. So the staged site starts as the version published before last (publish keeps it, see
publish/transaction ``recycle``), and only the files that differ are replaced or removed.

Most files are hard links: a page to its copy in the page cache, a PDF to its accepted package, a
search bundle's file to its cache. A file MkDocs writes anew on every run (the theme's assets, the
404 page, the catalogue files), and a file whose source is new but whose bytes are not (a PDF sent
again in a school's new package, a search fragment of a bundle made again), takes the published
file's inode, so its time stays the same and only what really changed looks new to rsync and to
web caches.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samestat(os.lstat(a), os.stat(b))
    except OSError:
        return False


def _place(source: Path, target: Path) -> None:
    """``target`` becomes ``source``'s inode (a copy where links are refused), through a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _checked(rel: str) -> str:
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or ".." in parts or "" in parts:
        raise ValueError(f"путь «{rel}» выходит за пределы сайта")
    return rel


def assemble(site: Path, published: Path, wanted: dict[str, tuple[Path, bool]]) -> int:
    """Make ``site`` hold exactly ``wanted`` (site path → (source, as a link)); the number of files
    that are not the published site's own (new or changed)."""
    site.mkdir(parents=True, exist_ok=True)
    emptied: set[Path] = set()
    for folder, dirs, files in os.walk(site):
        for name in [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            os.unlink(os.path.join(folder, name))  # never published: nothing here is a link to a folder
            dirs.remove(name)
        for name in files:
            path = Path(folder) / name
            if path.relative_to(site).as_posix() not in wanted:
                path.unlink()
                emptied.add(path.parent)
    changed = 0
    for rel, (source, link) in wanted.items():
        target = site / _checked(rel)
        old = published / rel
        if not _same_file(old, source) and _same_bytes(old, source):
            source = old  # the same bytes as published (a PDF sent again): the published file, with its time
        if not _same_file(target, source):
            if link or not _same_bytes(target, source):
                _place(source, target)
            elif target.is_symlink():
                _place(source, target)
        if not _same_file(target, old):
            changed += 1
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
        while folder != site and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return changed
