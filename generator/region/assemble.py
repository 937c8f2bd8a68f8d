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


def _stat(path: str, follow: bool = True) -> os.stat_result | None:
    try:
        return os.stat(path) if follow else os.lstat(path)
    except OSError:
        return None


def _same_bytes(a: str, b: str, sa: os.stat_result | None, sb: os.stat_result | None) -> bool:
    if sa is None or sb is None or sa.st_size != sb.st_size:
        return False
    try:
        with open(a, "rb") as one, open(b, "rb") as other:
            return one.read() == other.read()
    except OSError:
        return False


def _place(source: str, target: str) -> None:
    """``target`` becomes ``source``'s inode (a copy where links are refused), through a rename."""
    folder, name = os.path.split(target)
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    if os.path.lexists(tmp):
        os.unlink(tmp)
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
    that are not the published site's own (new or changed). Paths as strings: 50,000 files."""
    site.mkdir(parents=True, exist_ok=True)
    top, online = str(site), str(published)
    emptied: set[str] = set()
    for folder, dirs, files in os.walk(top):
        for name in [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            os.unlink(os.path.join(folder, name))  # never published: nothing here is a link to a folder
            dirs.remove(name)
        rel_folder = os.path.relpath(folder, top)
        for name in files:
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if rel not in wanted:
                os.unlink(os.path.join(folder, name))
                emptied.add(folder)
    changed = 0
    for rel, (source_path, link) in wanted.items():
        target, old, source = f"{top}/{_checked(rel)}", f"{online}/{rel}", str(source_path)
        st_source, st_old, st_target = _stat(source), _stat(old), _stat(target, follow=False)
        if st_old is not None and not os.path.samestat(st_old, st_source) \
                and _same_bytes(old, source, st_old, st_source):
            source, st_source = old, st_old  # the same bytes as published (a PDF sent again): that file, its time
        if st_target is None or not os.path.samestat(st_target, st_source):
            if link or os.path.islink(target) or not _same_bytes(target, source, st_target, st_source):
                _place(source, target)
                st_target = st_source
        if st_old is None or not os.path.samestat(st_target, st_old):
            changed += 1
    for folder in sorted(emptied, key=len, reverse=True):
        while folder != top and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    return changed
