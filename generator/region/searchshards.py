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
import shutil
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..website.searchindex import index_pages, search_copy

BUCKETS = 4  # bundles a visitor's browser merges; a new package rebuilds one of them
BUNDLE_FORMAT = "1"  # bump when what a bundle holds changes: every kept bundle is then made anew


def bundle_numbers(schools: set[str]) -> list[int]:
    """The buckets that hold a school with practices (an empty bundle could not be loaded)."""
    return sorted({_bucket(school) for school in schools})


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


def _bucket(school: str) -> int:
    return int.from_bytes(hashlib.blake2b(school.encode("utf-8"), digest_size=8).digest(), "big") % BUCKETS + 1


def build_bundles(pages: dict[str, Path], work: Path) -> tuple[int, int, dict[str, Path]]:
    """The search bundles of the site whose pages are ``pages`` (Markdown rel → the built HTML, a file
    of the page cache: its name is its content key), made in ``work`` or kept there from an earlier
    build. Returns (pages indexed, bundles made anew, the bundles' files: site path → file)."""
    shares: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for rel, html in sorted(pages.items()):
        school = _school(rel)
        if school is not None:
            shares[_bucket(school)].append((rel, html.name))
    work.mkdir(parents=True, exist_ok=True)
    wanted: dict[int, Path] = {}
    todo: list[tuple[int, Path]] = []
    for number in sorted(shares):
        digest = hashlib.sha256(f"{BUNDLE_FORMAT}|{number}|".encode())
        digest.update(json.dumps(shares[number]).encode("utf-8"))
        folder = work / digest.hexdigest()
        wanted[number] = folder
        if not (folder / "done").is_file():
            todo.append((number, folder))

    def make(number: int, folder: Path) -> int:
        shutil.rmtree(folder, ignore_errors=True)
        copies = folder / "pages"
        for rel, _name in shares[number]:
            text = search_copy(pages[rel].read_text(encoding="utf-8"))
            if text is not None:
                out = copies / rel.removesuffix("index.md") / "index.html"
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8")
        indexed = index_pages(copies, folder / "bundle") if copies.is_dir() else 0
        shutil.rmtree(copies)
        (folder / "done").write_text(str(indexed), encoding="utf-8")  # last: a bundle cut short is made again
        return indexed

    with ThreadPoolExecutor(max_workers=2) as pool:  # each Pagefind uses about one core
        list(pool.map(lambda job: make(*job), todo))
    indexed, files = 0, {}
    for number, folder in wanted.items():
        bundle = folder / "bundle"
        files.update({f"pagefind/{number}/{path.relative_to(bundle).as_posix()}": path
                      for path in sorted(bundle.rglob("*")) if path.is_file()})
        indexed += int((folder / "done").read_text(encoding="utf-8") or 0)
    for stale in work.iterdir():
        if stale not in wanted.values():
            shutil.rmtree(stale, ignore_errors=True)
    return indexed, len(todo), files
