"""The site built with its pages shared between processes is the one MkDocs builds alone."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import generator.website.sitebuild as sitebuild
from generator.errors import Report
from generator.forkpool import Forked, TaskFailed, run_forked, workers
from generator.website.htmlfix import fix_page
from generator.website.prepare import prepare_site
from generator.website.sitebuild import write_config

from conftest import make_project

BUILD_DATE = date(2026, 5, 31)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(workers() < 2, reason="one core: the split build is never used")
def test_split_build_equals_serial_build_with_its_warnings(tmp_path, monkeypatch):
    root = make_project(tmp_path, None)  # the bundled example school
    # Broken links and anchors: their warnings must come back in the serial build's order.
    prepare_site(root, BUILD_DATE)
    published = sorted(p.name for p in (root / ".build" / "docs" / "practices").glob("*.md") if p.stem != "index")
    for name in published[:2]:
        with (root / "content" / "practices" / name).open("a", encoding="utf-8") as out:
            out.write(f"\n\nСм. [нет такой](nope.md), [якорь](#net-iakoria) и [соседа]({published[-1]}#zzz).\n")
    project, _, _, tree = prepare_site(root, BUILD_DATE)
    config = write_config(root, tree.nav, project.school.model)
    messages: list[list[str]] = []
    monkeypatch.setattr(sitebuild, "_report_mkdocs", lambda _root, found, _report: messages.append(list(found)))
    for split in (False, True):
        sitebuild.build_site(root, config, tmp_path / f"site-{split}", Report(), BUILD_DATE, split=split)
    assert messages[0] and messages[0] == messages[1]
    serial, parallel = _files(tmp_path / "site-False"), _files(tmp_path / "site-True")
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_forked_tasks_come_back_in_order_and_failures_are_raised():
    assert run_forked([lambda: 1, lambda: [2], lambda: {"three": 3}]) == [1, [2], {"three": 3}]
    with pytest.raises(TaskFailed, match="ZeroDivisionError"):
        run_forked([lambda: 0, lambda: 1 / 0])
    task = Forked(lambda: "once")
    assert task.result() == task.result() == "once"


def test_fix_page_drops_only_empty_tabindex_attributes():
    html = '<label tabindex="" for="a">x</label><label\n  tabindex="">y</label>data-tabindex=""'
    assert fix_page(html) == '<label for="a">x</label><label>y</label>data-tabindex=""'
