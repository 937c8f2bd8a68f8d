"""MkDocs hook for `mkdocs serve` / `mkdocs build` at the repository root.

It regenerates the Markdown tree from content/ and data/ before MkDocs reads it, sets the nav,
and makes the live preview watch the sources. It runs the same validation and personal-data gate as
`python -m generator build`, before anything is written (generator/hookgate.py explains how: MkDocs
writes into a private staging folder, published only after the gate). `python -m generator build`
does not use this hook: it builds the generated `.build/mkdocs.yml`, which needs no hook.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # generator/publish/ → the repository
if str(ROOT) not in sys.path:  # `mkdocs` may run from a venv where the package is not installed
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from generator.privacy.cleanhtml import clean_html  # noqa: E402
from generator.errors import NastavnikError, Report, ValidationFailed # noqa: E402
from generator.model.builddate import resolve_build_date  # noqa: E402
from generator.website.prepare import prepare_site  # noqa: E402
from generator.website.sitebuild import read_user_config, site_defaults  # noqa: E402
from generator.privacy.safeattrs import replace_attr_list  # noqa: E402
from generator.website.sitetree import DRAFTS_ENV  # noqa: E402
from generator.publish.hookgate import HookGate  # noqa: E402
from generator.privacy.detectors import load_allowlist  # noqa: E402

log = logging.getLogger("mkdocs.plugins.nastavnik")
_gate: HookGate | None = None  # the current build's gate (MkDocs runs one build at a time)


def on_config(config):  # type: ignore[no-untyped-def]
    global _gate
    root = Path(config.config_file_path).resolve().parent
    try:
        project, report, _, tree = prepare_site(root, resolve_build_date(), docs_dir=Path(config.docs_dir),
                                                drafts=os.environ.get(DRAFTS_ENV) == "1")
    except ValidationFailed as exc:  # worded as `generator build` words it: nothing was written
        raise PluginError("\n".join([str(p) for p in exc.report.errors]
                                     + [str(ValidationFailed(exc.report, building=True))])) from None
    except NastavnikError as exc:
        raise PluginError(str(exc)) from None
    for problem in report.warnings:
        log.warning("%s", problem)
    config.nav = tree.nav
    config.markdown_extensions = replace_attr_list(list(config.markdown_extensions))
    for key, value in site_defaults(read_user_config(root), project.school.model).items():
        config[key] = value
    if _gate is not None:
        _gate.close()
    _gate = HookGate(root, project, Path(config.site_dir).resolve(), load_allowlist(root, Report()))
    config.site_dir = str(_gate.open())  # MkDocs writes here; published only after the gate
    return config


def on_page_content(html, page, config, files):  # type: ignore[no-untyped-def]
    """The same cleaning as `python -m generator build` (generator/privacy/cleanhtml.py)."""
    return clean_html(html)


def on_post_page(output, page, config):  # type: ignore[no-untyped-def]
    """The gate reads each rendered page before MkDocs writes it: a leak never reaches the disk."""
    if _gate is not None:
        try:
            _gate.page(output, page.file.dest_uri)
        except NastavnikError as exc:
            raise PluginError(str(exc)) from None
    return output


@event_priority(-100)  # after the search plugin has written its index: the gate reads that too
def on_post_build(config):  # type: ignore[no-untyped-def]
    global _gate
    gate, _gate = _gate, None
    if gate is not None:
        try:
            gate.finish()
        except NastavnikError as exc:
            raise PluginError(str(exc)) from None


def on_build_error(error):  # type: ignore[no-untyped-def]
    global _gate
    if _gate is not None:
        _gate.close()
        _gate = None


def on_serve(server, config, builder):  # type: ignore[no-untyped-def]
    root = Path(config.config_file_path).resolve().parent
    for folder in ("content", "data", "site_templates"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
