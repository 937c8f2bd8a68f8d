"""The privacy gate reads the site search's index (Pagefind): every fragment, index chunk, filter and
meta file, unpacked. A name without consent that only the index holds still stops the publication."""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from conftest import make_project, run
from generator.errors import BuildError, Report
from generator.model.loader import load_project
from generator.privacy.gate import check_public_outputs, find_leaks
from generator.privacy.searchtext import UnreadableIndex, cbor_strings, search_index_text
from generator.website.searchindex import build_search_index

HIDDEN = """
  - id: krylov-ab
    name: Крылов Артём Борисович
    position: учитель истории
    experience_years: 2
    roles: [mentee]
    joined: 2025-09-01
"""
PAGE = "news/start/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal sample with a participant who gave no consent to publish his name, built."""
    root = make_project(tmp_path_factory.mktemp("index-gate"))
    with (root / "data/2025-2026/participants.yaml").open("a", encoding="utf-8") as file:
        file.write(HIDDEN)
    code, output = run(root, "build", "--build-date", "2025-12-01")
    assert code == 0, output
    return root


def staged_with_index_only_leak(root: Path, out: Path, text: str) -> Path:
    """A staging folder (``out/site``) whose pages are the published ones but whose search index was
    made while one page's body said ``text``: the name reaches the index and nothing else."""
    site = out / "site"
    shutil.copytree(root / "site", site)
    page = site / PAGE
    clean = page.read_bytes()
    html = clean.decode("utf-8")
    assert "data-pagefind-body>" in html
    page.write_text(html.replace("data-pagefind-body>", f"data-pagefind-body><p>{text}</p>", 1), encoding="utf-8")
    build_search_index(site)
    page.write_bytes(clean)
    return site


def test_a_name_only_in_the_index_is_stopped(built: Path, tmp_path: Path) -> None:
    project = load_project(built, Report())
    site = staged_with_index_only_leak(built, tmp_path / "staging", "Урок провёл Крылов Артём Борисович.")
    leaks = find_leaks(tmp_path / "staging", project)
    assert leaks, "the gate must read the search index"
    assert all(leak.output.startswith("site/pagefind/") for leak in leaks), leaks
    assert any(leak.output.startswith("site/pagefind/fragment/") and "krylov-ab" in leak.what for leak in leaks)
    with pytest.raises(BuildError, match="Публикация остановлена"):
        check_public_outputs(project, tmp_path / "staging")
    build_search_index(site)  # the same pages, the index made again from them: nothing to stop
    assert find_leaks(tmp_path / "staging", project) == []


def test_the_build_names_the_index_when_a_page_body_leaks(built: Path, tmp_path: Path) -> None:
    """A phone a page says (the source gate does not see pages the theme writes) is named in the
    page and in the index fragment of that page."""
    project = load_project(built, Report())
    site = tmp_path / "staging" / "site"
    shutil.copytree(built / "site", site)
    page = site / PAGE
    page.write_text(page.read_text(encoding="utf-8").replace(
        "data-pagefind-body>", "data-pagefind-body><p>Звоните: +7 912 345-67-89.</p>", 1), encoding="utf-8")
    build_search_index(site)
    outputs = {leak.output for leak in find_leaks(tmp_path / "staging", project)}
    assert f"site/{PAGE}" in outputs
    assert any(o.startswith("site/pagefind/fragment/") for o in outputs), outputs


def test_an_unreadable_index_file_is_refused(built: Path, tmp_path: Path) -> None:
    project = load_project(built, Report())
    site = tmp_path / "staging" / "site"
    shutil.copytree(built / "site", site)
    fragment = sorted((site / "pagefind" / "fragment").iterdir())[0]
    fragment.write_bytes(gzip.compress(b"something else", mtime=0))
    leaks = find_leaks(tmp_path / "staging", project)
    assert [leak.what for leak in leaks] == ["файл не удаётся проверить на персональные данные — опубликовать его нельзя"]
    assert "pagefind_dcd" in leaks[0].found


@pytest.mark.parametrize("data,message", [
    (b"not gzip", "не распаковывается"),
    (gzip.compress(b"pagefind_dcd{broken", mtime=0), "не JSON"),
    (gzip.compress(b"pagefind_dcd\x78\x10abc", mtime=0), "обрывается"),
    (gzip.compress(b"pagefind_dcd\x1c", mtime=0), "испорчен"),
    (gzip.compress(b"pagefind_dcd\x62\xff\xfe", mtime=0), "испорчен"),
])
def test_broken_index_files_are_named(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableIndex, match=message):
        search_index_text(data)


def test_every_cbor_string_is_read_nested_or_indefinite() -> None:
    # {"a": ["Крылов", h'00', 1.5, -3], "b": (_ "ча" "сть"), "c": [_ "x"]}
    word = "Крылов".encode()
    data = (b"\xa3\x61a\x84" + bytes([0x60 + len(word)]) + word + b"\x41\x00\xf9\x3e\x00\x22"
            + b"\x61b\x7f\x64" + "ча".encode() + b"\x66" + "сть".encode() + b"\xff"
            + b"\x61c\x9f\x61x\xff")
    assert cbor_strings(data) == ["a", "Крылов", "b", "ча", "сть", "c", "x"]
