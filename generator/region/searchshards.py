"""The platform's search: the same Pagefind search as a school's site, in a few bundles by school.

Pagefind has no way to add or drop pages of an index it made: a single index of 1,000 schools was
made whole again (about 20 s on two cores) for every school's new package. So the pages are
shared out by school into ``BUCKETS`` bundles (``pagefind/1/`` … ``pagefind/4/``; a school's bucket
comes from a hash of its id, so it never moves), and the visitor's browser merges them
(Pagefind's ``mergeIndex``, in assets/javascripts/search.js and catalog.js). A new package makes
only its school's bundle again; the others are linked from ``.build/region/search/``, kept by the
content keys of their pages. The price is one more copy of Pagefind's WebAssembly (about 70 KB)
per bundle on a visitor's first search.

Indexed: each practice's page and each school's page (Pagefind reads a copy of just their
article: website/searchindex.search_copy). Not indexed: the home page, the catalog and listings,
the lists of schools and municipalities — they only repeat the practices' own words.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..website.searchindex import index_pages, search_copy
from ..website.treewriter import TreeWriter, write_atomic

BUCKETS = 4  # bundles a visitor's browser merges; a new package rebuilds one of them
BUNDLE_FORMAT = "1"  # bump when what a bundle holds changes: every kept bundle is then made anew
_cleaner: threading.Thread | None = None


def bundle_numbers(schools: set[str]) -> list[int]:
    """The buckets that hold a school with practices (an empty bundle could not be loaded)."""
    return sorted({bucket_of(school) for school in schools})


def bundle_paths(numbers: list[int]) -> list[str]:
    """The bundles' folders in the site, as the pages name them for the scripts."""
    return [f"pagefind/{n}/" for n in numbers]


def _school(rel: str) -> str | None:
    """The school a page belongs to: ``practices/SCHOOL/YEAR/ID/index.md``, ``schools/SCHOOL/index.md``."""
    parts = rel.split("/")
    if parts[0] == "practices" and len(parts) == 5:
        return parts[1]
    if parts[0] == "schools" and len(parts) == 3:
        return parts[1]
    return None


def bucket_of(school: str) -> int:
    """The bundle of a school's pages, 1 … ``BUCKETS``: a hash of its id, so a school never moves."""
    return int.from_bytes(hashlib.blake2b(school.encode("utf-8"), digest_size=8).digest(), "big") % BUCKETS + 1


def _throw_away(folder: Path, trash: Path) -> None:
    """Move ``folder`` out of the way at once and delete it in the background: deleting a bundle's
    2,700 files took a second or two of a rebuild's time on an ordinary disk. Whatever is left when
    the build ends is deleted by the next one."""
    global _cleaner
    trash.mkdir(parents=True, exist_ok=True)
    if folder.exists():
        os.rename(folder, trash / f"{folder.name}.{os.getpid()}.{time.monotonic_ns()}")
    if _cleaner is None or not _cleaner.is_alive():
        _cleaner = threading.Thread(target=_empty, args=(trash,), daemon=True)
        _cleaner.start()


def _empty(trash: Path) -> None:
    while any(trash.iterdir()):  # what is thrown away while it works is deleted too
        for item in list(trash.iterdir()):
            shutil.rmtree(item, ignore_errors=True) if item.is_dir() else item.unlink(missing_ok=True)


def _copies(number: int, share: list[tuple[str, str]], pages: dict[str, Path], work: Path) -> Path:
    """The folder of the search copies of a bundle's pages, rewritten only where a page changed (its
    cache file's name is its content key: a record per bundle says which name each copy was made from)."""
    folder, record = work / f"pages-{number}", work / f"pages-{number}.json"
    try:
        made = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        made = {}
    record.unlink(missing_ok=True)  # rewritten when the folder is whole again
    writer = TreeWriter(folder)
    for rel, name in share:
        target = rel.removesuffix("index.md") + "index.html"
        if made.get(rel) == name and writer.keep(target, Path.is_file):
            continue
        text = search_copy(pages[rel].read_text(encoding="utf-8"))
        if text is not None:
            writer.write(target, text)
    writer.finish()
    write_atomic(record, json.dumps(dict(share)))
    return folder


def build_bundles(pages: dict[str, Path], work: Path) -> tuple[int, int, dict[str, Path]]:
    """The search bundles of the site whose pages are ``pages`` (Markdown rel → the built HTML, a file
    of the page cache: its name is its content key), made in ``work`` or kept there from an earlier
    build. Returns (pages indexed, bundles made anew, the bundles' files: site path → file)."""
    shares: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for rel, html in sorted(pages.items()):
        school = _school(rel)
        if school is not None:
            shares[bucket_of(school)].append((rel, html.name))
    bundles = work / "bundles"
    bundles.mkdir(parents=True, exist_ok=True)
    ours = {"bundles", "trash"} | {f"pages-{n}{end}" for n in range(1, BUCKETS + 1) for end in ("", ".json")}
    for other in work.iterdir():  # a bucket no school is in any more, a layout of an earlier version
        if other.name not in ours:
            _throw_away(other, work / "trash")
    wanted: dict[int, Path] = {}
    todo: list[tuple[int, Path]] = []
    for number in sorted(shares):
        digest = hashlib.sha256(f"{BUNDLE_FORMAT}|{number}|".encode())
        digest.update(json.dumps(shares[number]).encode("utf-8"))
        folder = bundles / digest.hexdigest()
        wanted[number] = folder
        if not (folder / "done").is_file():
            todo.append((number, folder))

    def make(number: int, folder: Path) -> None:
        if folder.exists():
            _throw_away(folder, work / "trash")
        copies = _copies(number, shares[number], pages, work)
        indexed = index_pages(copies, folder / "bundle") if any(copies.iterdir()) else 0
        (folder / "done").write_text(str(indexed), encoding="utf-8")  # last: a bundle cut short is made again

    with ThreadPoolExecutor(max_workers=2) as pool:  # each Pagefind uses about one core
        list(pool.map(lambda job: make(*job), todo))
    indexed, files = 0, {}
    for number, folder in wanted.items():
        bundle = folder / "bundle"
        files.update({f"pagefind/{number}/{path.relative_to(bundle).as_posix()}": path
                      for path in sorted(bundle.rglob("*")) if path.is_file()})
        indexed += int((folder / "done").read_text(encoding="utf-8") or 0)
    for stale in bundles.iterdir():
        if stale not in wanted.values():
            _throw_away(stale, work / "trash")
    return indexed, len(todo), files
