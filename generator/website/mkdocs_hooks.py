"""MkDocs hook for `mkdocs serve` / `mkdocs build` at the repository root.

It regenerates the Markdown tree from content/ and data/ before MkDocs reads it, sets the nav,
and makes the live preview watch the sources. `python -m generator build` does not use it: it
builds the generated `.build/mkdocs.yml`, which needs no hook.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # generator/website/ → the repository
if str(ROOT) not in sys.path:  # `mkdocs` may run from a venv where the package is not installed
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402

from generator.privacy.cleanhtml import clean_html  # noqa: E402
from generator.errors import NastavnikError, ValidationFailed  # noqa: E402
from generator.model.builddate import resolve_build_date  # noqa: E402
from generator.website.prepare import prepare_site  # noqa: E402
from generator.website.sitebuild import read_user_config, site_defaults  # noqa: E402
from generator.privacy.safeattrs import replace_attr_list  # noqa: E402
from generator.website.sitetree import DRAFTS_ENV  # noqa: E402

log = logging.getLogger("mkdocs.plugins.nastavnik")


def on_config(config):  # type: ignore[no-untyped-def]
    root = Path(config.config_file_path).resolve().parent
    try:
        project, report, _, tree = prepare_site(root, resolve_build_date(), docs_dir=Path(config.docs_dir),
                                                drafts=os.environ.get(DRAFTS_ENV) == "1")
    except ValidationFailed as exc:
        raise PluginError("\n".join([str(p) for p in exc.report.errors] + [str(exc)])) from None
    except NastavnikError as exc:
        raise PluginError(str(exc)) from None
    for problem in report.warnings:
        log.warning("%s", problem)
    config.nav = tree.nav
    config.markdown_extensions = replace_attr_list(list(config.markdown_extensions))
    for key, value in site_defaults(read_user_config(root), project.school.model).items():
        config[key] = value
    return config


def on_page_content(html, page, config, files):  # type: ignore[no-untyped-def]
    """The same cleaning as `python -m generator build` (generator/privacy/cleanhtml.py)."""
    return clean_html(html)


def on_serve(server, config, builder):  # type: ignore[no-untyped-def]
    root = Path(config.config_file_path).resolve().parent
    for folder in ("content", "data", "site_templates"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
