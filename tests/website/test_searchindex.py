"""The site search's index (Pagefind, website/searchindex): which pages are in it, with what section
and facets, the same bytes every time, and a failure of Pagefind told in Russian."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import make_project, run
from generator.errors import BuildError
from generator.website import searchindex
from generator.website.searchorder import OtherFormat, decode, encode
from pagefind_files import fragments


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example school (practices of several forms, subjects and years), built."""
    root = make_project(tmp_path_factory.mktemp("searchindex"), sample=None)
    code, output = run(root, "build", "--only", "site", "--build-date", "2026-05-31")
    assert code == 0, output
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_index_is_the_same_bytes_every_time(built: Path, tmp_path: Path) -> None:
    """Pagefind orders filter values by a hash map; searchorder fixes the order (several runs, since
    a random order may repeat by chance)."""
    first = _files(built / "site" / "pagefind")
    assert any(name.startswith("filter/") for name in first)
    for attempt in range(3):
        site = tmp_path / f"copy-{attempt}"
        shutil.copytree(built / "site", site)
        searchindex.build_search_index(site)
        again = _files(site / "pagefind")
        assert sorted(again) == sorted(first)
        assert [name for name in first if first[name] != again[name]] == []


def test_what_is_indexed_and_how(built: Path) -> None:
    pages = fragments(built / "site")
    practices = {url: f for url, f in pages.items() if url.startswith("/practices/") and f["filters"]}
    assert practices, "practice pages carry the catalog's facets"
    for url, page in practices.items():
        assert set(page["filters"]) == {"form", "subject", "year", "tag"}, url
        assert page["meta"]["section"] == "Лучшие практики" and page["meta"]["summary"], url
        assert "¶" not in page["meta"]["title"] and "¶" not in page["content"], url  # no permalinks
    forms = {form for f in practices.values() for form in f["filters"]["form"]}
    assert len(forms) >= 3
    assert all(f["meta"].get("section") for f in pages.values()), "every page names its section"
    assert "/" in pages and "/404.html" not in pages and not any(url.startswith("/admin") for url in pages)
    drafts = [p.stem for p in (built / "content/practices").glob("*.md") if "status: approved" not in p.read_text("utf-8")]
    assert drafts and not any(url.strip("/").endswith(slug) for url in pages for slug in drafts)
    html = (built / "site/index.html").read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 1  # the article only: no nav, header or footer
    # Later pages of listings: tests/test_build.py (a rubric of 22 posts, page 2 not in the index).


def test_a_failing_pagefind_is_a_russian_build_error(built: Path, tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: something broke' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(searchindex, "pagefind_executable", lambda: fake)
    site = tmp_path / "site"
    shutil.copytree(built / "site", site)
    with pytest.raises(BuildError, match="поисковый индекс не построен \\(Pagefind\\): Error: something broke"):
        searchindex.build_search_index(site)
    assert not (site / "pagefind").exists()  # nothing half-written is left to publish


def test_cbor_round_trip_and_other_formats() -> None:
    item = ["1.5.2", [["ru_abc", 175], ["ru_def", 70000]], [], [["form", "ru_1"]], "ё" * 30, 2**40]
    assert decode(encode(item)) == item
    assert encode(23) == b"\x17" and encode(24) == b"\x18\x18" and encode(256) == b"\x19\x01\x00"
    for bad in (b"\xa1\x61a\x01", b"\x21", b"\x82\x01", b"\x81\x01\x00"):  # a map, negative, truncated, trailing bytes
        with pytest.raises(OtherFormat):
            decode(bad)
    with pytest.raises(OtherFormat):
        encode([1.5])
