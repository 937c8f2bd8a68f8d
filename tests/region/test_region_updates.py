"""A region over time: a refused update keeps the school's earlier practices, a school's new package
changes only that school's pages (and the pages that count or list every school), and the
configuration's mistakes are told with file:line:column before anything is fetched."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from region_helpers import (YEAR, good_region, gym_site, gymnasium, manifest_of, package_files,  # noqa: F401
                            region_build, region_yaml, schools, with_manifest, write_zip)
from conftest import run


def _mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def region(tmp_path, schools, gym_site):  # noqa: F811
    root = good_region(tmp_path / "region", schools, gym_site)
    code, output = region_build(root)
    assert code == 0, output
    return root


def test_a_refused_update_keeps_the_earlier_practices(region, schools):  # noqa: F811
    before = json.loads((region / "site/catalogue.json").read_text(encoding="utf-8"))["practices"]
    files = package_files(schools["sosh7"])
    manifest = manifest_of(files)
    manifest["practices"][0]["sha256"] = "f" * 64
    write_zip(region / f"inbox/sosh7/rnc-{YEAR}.zip", with_manifest(files, manifest))
    code, output = region_build(region)
    assert code == 0, output
    assert "отклонён: школа sosh7, inbox/sosh7/rnc-2025-2026.zip" in output
    after = json.loads((region / "site/catalogue.json").read_text(encoding="utf-8"))["practices"]
    assert after == before
    for practice in manifest["practices"]:
        assert (region / "site/practices/sosh7" / YEAR / practice["id"] / "index.html").is_file()
    intake = json.loads((region / "dist/intake.json").read_text(encoding="utf-8"))
    assert [p["accepted"] for p in intake["packages"]] == [False, True, True]


def test_a_new_package_changes_only_that_schools_pages(region, schools):  # noqa: F811
    site = region / "site"
    before = _mtimes(site)
    files = package_files(schools["sosh7"])
    manifest = manifest_of(files)
    dropped = manifest["practices"].pop()
    files.pop(dropped["file"])
    write_zip(region / f"inbox/sosh7/rnc-{YEAR}.zip", with_manifest(files, manifest))
    code, output = region_build(region)
    assert code == 0, output
    after = _mtimes(site)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    removed = set(before) - set(after)
    assert f"practices/sosh7/{YEAR}/{dropped['id']}/index.html" in removed
    assert f"files/sosh7/{YEAR}/{dropped['file']}" in removed
    # the other school's pages and PDFs are untouched
    assert not {rel for rel in changed if "gym3" in rel}, changed
    # the school's own practice pages did not change either: only what lists or counts practices
    assert not {rel for rel in changed if rel.startswith("practices/sosh7/")}, changed
    assert "schools/sosh7/index.html" in changed and "catalogue.json" in changed
    # what did change lists or counts practices: the catalog's and listings' pages, the school's and
    # municipality's pages, the home page and the whole-site files (the search index is made whole
    # by Pagefind, which has no incremental mode)
    aggregate = ("index.html", "practices/index.html", "practices/page-", "practices/form/", "practices/subject/",
                 "practices/year/", "practices/tag/", "schools/index.html", "schools/sosh7/", "municipalities/",
                 "catalogue.", "feed.xml", "sitemap.xml", "pagefind/", "charts/", "practices/catalog.json")
    assert [rel for rel in changed if not rel.startswith(aggregate)] == []
    assert "— практик 6, изменено файлов" in output and "собрано заново" in output
    built = int(output.split("собрано заново ")[1].split()[0])
    assert built < 40, output  # of 57 pages: the nav's four and the listings that hold the dropped practice


def test_region_yaml_mistakes_are_told_with_their_place(tmp_path):
    region_yaml(tmp_path, [("gym3", "svetlobrsk", ["inbox/gym3.zip"]), ("gym3", "zarechny", [])])
    text = (tmp_path / "region.yaml").read_text(encoding="utf-8").replace("short_name:", "shortname:")
    (tmp_path / "region.yaml").write_text(text, encoding="utf-8")
    code, output = run(tmp_path, "region", "check")
    assert code == 1, output
    assert "region.yaml:2:1: shortname: неизвестное поле — может быть, «short_name»?" in output
    region_yaml(tmp_path, [("gym3", "svetlobrsk", ["inbox/gym3.zip"]), ("gym3", "zarechny", [])])
    code, output = run(tmp_path, "region", "check")
    assert code == 1
    assert "region.yaml:10:19: schools[1].municipality: муниципалитета «svetlobrsk» нет в municipalities — " \
           "может быть, «svetloborsk»?" in output
    assert "region.yaml:12:9: schools[2].id: школа «gym3» указана дважды" in output
    assert "Traceback" not in output


def test_check_publishes_nothing(tmp_path, schools, gym_site):  # noqa: F811
    root = good_region(tmp_path / "region", schools, gym_site)
    code, output = run(root, "region", "check")
    assert code == 0, output
    assert "Пакетов принято: 3, отклонено: 0." in output
    assert not (root / "site").exists() and not (root / "accepted").exists()
    shutil.rmtree(root / "inbox")
    code, output = run(root, "region", "check", "--strict")
    assert code == 1 and "inbox/sosh7/rnc-2025-2026.zip» не найден в репозитории региона" in output


def test_the_region_fixture_is_a_region_whose_every_package_is_accepted(tmp_path):
    from conftest import REPO  # noqa: F401  (the tool's root: the fixture renders with its fonts)
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["fixture", str(tmp_path / "region"), "--region-schools", "3",
                                       "--region-practices", "4"])
    assert result.exit_code == 0, result.output
    code, output = run(tmp_path / "region", "region", "check", "--strict")
    assert code == 0, output
    assert "Пакетов принято: 3, отклонено: 0." in output


def test_serve_before_build_says_what_to_do(tmp_path):
    region_yaml(tmp_path, [])
    code, output = run(tmp_path, "region", "serve")
    assert code == 2 and "сайт платформы ещё не собран" in output and "region build" in output
