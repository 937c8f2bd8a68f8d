"""The MkDocs fence: MkDocs' private build functions and Material's search worker are used only in
generator/website/mkdocs_internals.py, written for one version of each."""
from __future__ import annotations

import re
from importlib.metadata import version

import pytest

from conftest import REPO
from generator.website import mkdocs_internals


@pytest.mark.parametrize("package", sorted(mkdocs_internals.WRITTEN_FOR))
def test_installed_version_is_the_one_the_fence_was_written_for(package):
    expected, installed = mkdocs_internals.WRITTEN_FOR[package], version(package)
    assert installed == expected, (
        f"{package} is no longer {expected} (installed: {installed}): re-check "
        "generator/website/mkdocs_internals.py and sitesplit's copy of MkDocs' build prelude, run tests/website/, "
        "then update WRITTEN_FOR")
    pin = re.search(rf'"{re.escape(package)}==([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin and pin[1] == expected, f"pyproject.toml pins another {package} than mkdocs_internals was written for"


def test_private_mkdocs_functions_exist_and_are_used_only_in_the_fence():
    build = mkdocs_internals._mkdocs_build()
    for name in ("_populate_page", "_build_page", "_build_theme_template", "_build_extra_template"):
        assert callable(getattr(build, name, None)), f"MkDocs no longer has mkdocs.commands.build.{name}"
    outside = [f"{path.relative_to(REPO)}" for path in sorted((REPO / "generator").rglob("*.py"))
               if path.name != "mkdocs_internals.py"
               and re.search(r"\b_(populate_page|build_page|build_theme_template|build_extra_template)\b",
                             path.read_text(encoding="utf-8"))]
    assert outside == []
