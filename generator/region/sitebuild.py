"""The platform's MkDocs build with a content-keyed page cache: a page whose Markdown, the config
(with its nav), the theme's overrides and the MkDocs/Material versions are unchanged is not built
again — its HTML is taken from ``.build/region/pages/``.

That is sound because every page of the platform depends only on its own text and the nav: its
links are written as addresses (``../schools/gym3/``), not as other pages' Markdown files, and the
pages outside the nav have no neighbours in it. MkDocs therefore builds, into a folder of its own,
only the nav pages and the pages that changed (plus the static files); the sitemap is written for all
pages, the search bundles of the schools whose pages changed are made again (searchshards: the same
Pagefind search as a school's site, in a few bundles by school), and the staged site is brought up
to date from all of it (assemble.py: kept pages, received PDFs from ``accepted/`` and bundles are
hard links, not copies). A kept page is data, checked before use: its record names its key and the
size and time of its HTML file.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import Report
from ..website.sitebuild import build_site
from ..website.treewriter import TreeWriter, write_atomic
from .assemble import assemble
from .searchshards import build_bundles

log = logging.getLogger("nastavnik")

PAGE_FORMAT = "3"  # bump when what a kept page holds changes
ALWAYS = {"index.md", "practices/index.md", "schools/index.md", "municipalities/index.md"}  # the nav's pages


@dataclass
class PlatformBuild:
    pages: int = 0
    built: int = 0
    changed: int = 0  # files of the site that are new or differ from the published ones


def _location(rel: str) -> str:
    """``a/b/index.md`` → ``a/b/`` (the page's address, as the sitemap names it)."""
    return rel.removesuffix("index.md")


def _tree_key(config: Path, overrides: Path) -> str:
    import material
    import mkdocs

    digest = hashlib.sha256(f"{PAGE_FORMAT}|{mkdocs.__version__}|{material.__version__}|".encode())
    digest.update(config.read_bytes())
    for path in sorted(p for p in overrides.rglob("*") if p.is_file()):
        digest.update(path.relative_to(overrides).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class _KeyRecord:
    """Each page's content key, read again only from a Markdown file whose size or time changed (the
    tree is written only where bytes change: hashing 12,000 unchanged files took a second)."""

    def __init__(self, path: Path, tree: str):
        self.path, self.tree = path, tree
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            self.old = kept["pages"] if kept.get("tree") == tree else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.old = {}
        self.new: dict[str, list] = {}

    def key(self, rel: str, path: Path) -> str:
        info = path.stat()
        old = self.old.get(rel)
        stamp = [info.st_size, info.st_mtime_ns, info.st_ino]  # a file written anew is a new inode
        if isinstance(old, list) and old[:3] == stamp:
            self.new[rel] = old
            return str(old[3])
        key = hashlib.sha256(f"{self.tree}|{rel}|".encode() + path.read_bytes()).hexdigest()
        self.new[rel] = [*stamp, key]
        return key

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"tree": self.tree, "pages": self.new}, separators=(",", ":")))


class PageCache:
    """``KEY.html`` + ``KEY.json`` (key, sha256, size and time of the HTML)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def get(self, key: str) -> Path | None:
        html, record = self.folder / f"{key}.html", self.folder / f"{key}.json"
        try:
            kept = json.loads(record.read_text(encoding="utf-8"))
            info = html.stat()
            # Size and time as written (a page cut short or replaced is not taken); the sha256 is
            # for a reader of the cache: hashing 270 MB of pages on every rebuild took a second.
            if kept.get("key") != key or [info.st_size, info.st_mtime_ns] != kept.get("stat"):
                return None
            return html
        except (OSError, ValueError, AttributeError):
            return None

    def put(self, key: str, built: Path) -> Path:
        """Keep ``built`` as the page of ``key``; the kept copy (the same file as before if its bytes are)."""
        html, record = self.folder / f"{key}.html", self.folder / f"{key}.json"
        data = built.read_bytes()
        if self.get(key) is not None and html.read_bytes() == data:
            return html  # a page built again the same (the nav's): its file, and its time, stay
        write_atomic(html, data)
        info = html.stat()
        write_atomic(record, json.dumps({"key": key, "sha256": hashlib.sha256(data).hexdigest(),
                                         "stat": [info.st_size, info.st_mtime_ns]}))  # last: a page cut short is never taken
        return html

    def prune(self, keep: set[str]) -> None:
        for path in self.folder.iterdir():
            if path.name.split(".", 1)[0] not in keep:
                path.unlink(missing_ok=True)


def build_platform(root: Path, build: Path, config: Path, overrides: Path, site: Path, published: Path,
                   pdfs: dict[str, Path], site_url: str, build_date: date, report: Report) -> PlatformBuild:
    """Build ``build/docs`` through the page cache and bring ``site`` up to date with it (see the
    module's docstring and assemble.py); ``published``: the site now online, to count what changed."""
    docs, partial, out = build / "docs", build / "docs-build", build / "mkdocs-site"
    tree = _tree_key(config, overrides)
    cache = PageCache(build / "pages")
    pages: dict[str, str] = {}  # rel → key
    kept: dict[str, Path] = {}
    writer = TreeWriter(partial)
    known = _KeyRecord(build / "page-keys.json", tree)
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs).as_posix()
        if not rel.endswith(".md"):
            writer.copy(rel, path)
            continue
        key = pages[rel] = known.key(rel, path)
        hit = None if rel in ALWAYS else cache.get(key)
        if hit is None:
            writer.copy(rel, path)
        else:
            kept[rel] = hit
    writer.finish()
    known.save()
    build_site(root, config, out, report, build_date)  # only the pages not kept: a small folder
    _write_sitemap(out, site_url, [_location(rel) for rel in sorted(pages)], build_date)
    wanted: dict[str, tuple[Path, bool]] = {
        path.relative_to(out).as_posix(): (path, False) for path in out.rglob("*") if path.is_file()}
    html: dict[str, Path] = {}
    for rel, key in pages.items():
        source = kept.get(rel) or (cache.put(key, out / _location(rel) / "index.html")
                                   if (out / _location(rel) / "index.html").is_file() else None)
        if source is not None:
            html[rel] = source
            wanted[f"{_location(rel)}index.html"] = (source, True)
    cache.prune(set(pages.values()))
    wanted.update({rel: (source, True) for rel, source in pdfs.items()})
    indexed, made, bundles = build_bundles(html, build / "search")  # kept by their pages' keys, or made anew
    wanted.update({rel: (source, True) for rel, source in bundles.items()})
    log.info("  поиск: страниц в индексе %d, частей индекса собрано заново %d", indexed, made)
    changed = assemble(site, published, wanted)
    return PlatformBuild(len(pages), len(pages) - len(kept), changed)


def _write_sitemap(site: Path, site_url: str, locations: list[str], build_date: date) -> None:
    """Every page, as MkDocs' own sitemap lists them (it saw only the pages built this time)."""
    from xml.sax.saxutils import escape

    urls = "".join(f"    <url>\n         <loc>{escape(site_url + loc)}</loc>\n         "
                   f"<lastmod>{build_date.isoformat()}</lastmod>\n    </url>\n" for loc in sorted(locations))
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    stamp = int(__import__("datetime").datetime(build_date.year, build_date.month, build_date.day).timestamp())
    with open(site / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=stamp, filename="") as gz:
        gz.write(text.encode("utf-8"))
