"""A school's new package in a region of many schools (the region fixture): the rebuild makes again
only that school's pages, the listings that show its practices, the pages that count every school,
and that school's search bundle — the other schools' pages, PDFs and bundles stay the same files."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from generator.region.fixture import write_region_fixture
from generator.region.searchshards import bucket_of
from region_helpers import region_build

SCHOOLS = 40
CHANGED = "school-0021"


def _files(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def _drop_last_practice(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files["manifest.json"])
    dropped = manifest["practices"].pop()
    files.pop(dropped["file"])
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    with zipfile.ZipFile(zip_path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return dropped["id"]


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scale") / "region"
    write_region_fixture(root, SCHOOLS)
    code, output = region_build(root)
    assert code == 0, output
    return root


def _rebuilt(output: str) -> tuple[int, int]:
    found = re.search(r"страниц (\d+), собрано заново (\d+)", output)
    assert found, output
    return int(found.group(1)), int(found.group(2))


def test_nothing_changed_builds_only_the_nav_pages(region):
    before = _files(region / "site")
    code, output = region_build(region)
    assert code == 0, output
    assert _rebuilt(output)[1] == 4  # the nav's pages are always given to MkDocs
    assert "частей индекса собрано заново 0" in output
    assert _files(region / "site") == before


def test_a_new_package_rebuilds_that_schools_pages_and_bundle_only(region):
    site = region / "site"
    before = _files(site)
    listed = {rel: (site / rel).read_text(encoding="utf-8") for rel in before
              if rel.startswith("practices/") and rel.endswith(".html")}
    dropped = _drop_last_practice(region / "inbox" / CHANGED / "rnc-2025-2026.zip")
    code, output = region_build(region)
    assert code == 0, output
    pages, rebuilt = _rebuilt(output)
    assert rebuilt < pages / 10, output
    assert "частей индекса собрано заново 1" in output
    after = _files(site)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    removed = set(before) - set(after)
    assert f"practices/{CHANGED}/2025-2026/{dropped}/index.html" in removed
    mine = bucket_of(CHANGED)
    for rel in changed:
        if rel.startswith("pagefind/"):
            assert rel.startswith(f"pagefind/{mine}/"), rel  # the other schools' bundles are the same files
        elif rel.startswith(("practices/school-", "files/school-", "schools/school-")):
            assert f"/{CHANGED}/" in rel, rel  # no other school's page or PDF
        elif rel.endswith(".html") and rel.startswith("practices/"):
            # a listing: its first page (it counts) or a page that showed or shows the school's practices
            text = (site / rel).read_text(encoding="utf-8") + listed.get(rel, "")
            first = re.search(r"(Всего практик|Практик): \d+", text)  # only a listing's first page counts
            assert first or f"/{CHANGED}/" in text, rel
    assert len([rel for rel in changed if rel.endswith(".html")]) < 40, sorted(changed)
