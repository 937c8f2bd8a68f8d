"""MkDocs hook for `mkdocs serve` / `mkdocs build` at the repository root.

It regenerates the Markdown tree from content/ and data/ before MkDocs reads it, sets the nav,
and makes the live preview watch the sources. It runs the same validation and personal-data gate as
`python -m generator build`, before anything is written (generator/hookgate.py explains how: MkDocs
writes into a private staging folder, published only after the gate). `python -m generator build`
does not use this hook: it builds the generated `.build/mkdocs.yml`, which needs no hook.

Under `serve` a problem does not stop the preview: the site becomes a page listing the Russian
messages (generator/publish/preview.py), and the next save that fixes them brings the pages back.
The generated tree is not watched (only content/, data/, site_templates/ and mkdocs.yml are): its
rewrite would start a second build after every save.
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
from generator.render import CompiledTemplates  # noqa: E402
from generator.website.prepare import prepare_site  # noqa: E402
from generator.website.sitebuild import read_user_config, site_defaults  # noqa: E402
from generator.privacy.safeattrs import replace_attr_list  # noqa: E402
from generator.website.sitetree import DRAFTS_ENV  # noqa: E402
from generator.publish.hookgate import HookGate  # noqa: E402
from generator.privacy.detectors import load_allowlist  # noqa: E402
from generator.publish.preview import SERVE_ENV, masked, served_pages, serving, write_error_site  # noqa: E402

log = logging.getLogger("mkdocs.plugins.nastavnik")
_gate: HookGate | None = None  # the current build's gate (MkDocs runs one build at a time)
# Under serve: the messages this build shows instead of the site, the real output folder, and the
# pages the preview served before this build (where the error page goes). MkDocs loads a hook
# module once per process, so each build starts by resetting them.
_errors: list[str] = []
_target: Path | None = None
_pages: list[str] = []


def on_startup(command, dirty):  # type: ignore[no-untyped-def]
    if command == "serve":  # read by every build of this process
        os.environ[SERVE_ENV] = "1"


def on_shutdown():  # type: ignore[no-untyped-def]
    os.environ.pop(SERVE_ENV, None)


def _show_errors(config, root: Path, messages: list[str]):  # type: ignore[no-untyped-def]
    """Under serve: build nothing but the error page (see generator/publish/preview.py)."""
    _errors[:] = messages
    for message in messages:
        log.error("%s", message)
    empty = root / ".build" / "preview-errors"  # MkDocs needs a docs_dir; this one stays empty
    empty.mkdir(parents=True, exist_ok=True)
    config.docs_dir = str(empty)
    config.nav = []
    return config


def on_config(config):  # type: ignore[no-untyped-def]
    global _gate, _target
    root = Path(config.config_file_path).resolve().parent
    _target = Path(config.site_dir).resolve()
    _errors.clear()
    _pages.clear()
    if serving():
        _pages[:] = served_pages(_target)  # before MkDocs cleans it
    try:
        project, report, _, tree = prepare_site(root, resolve_build_date(), docs_dir=Path(config.docs_dir),
                                                drafts=os.environ.get(DRAFTS_ENV) == "1")
    except ValidationFailed as exc:  # worded as `generator build` words it: nothing was written
        # «Nothing was published» is true of a build; the preview just shows the problems.
        messages = [str(p) for p in exc.report.errors] + [str(ValidationFailed(exc.report, building=not serving()))]
        if serving():
            return _show_errors(config, root, messages)
        raise PluginError("\n".join(messages)) from None
    except NastavnikError as exc:
        if serving():
            return _show_errors(config, root, [str(exc)])
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


def on_env(env, config, files):  # type: ignore[no-untyped-def]
    env.bytecode_cache = CompiledTemplates()  # Material's templates compiled once per process
    return env


def on_page_content(html, page, config, files):  # type: ignore[no-untyped-def]
    """The same cleaning as `python -m generator build` (generator/privacy/cleanhtml.py)."""
    return clean_html(html)


def on_post_page(output, page, config):  # type: ignore[no-untyped-def]
    """The gate reads each rendered page before MkDocs writes it: a leak never reaches the disk."""
    if _gate is not None:
        try:
            _gate.page(output, page.file.dest_uri)
        except NastavnikError as exc:
            if not serving():
                raise PluginError(str(exc)) from None
            for line in str(exc).splitlines():
                log.error("%s", line)  # the terminal names the leak; the page hides it
                _errors.append(masked(line, always=True))
            return "<!doctype html><title>—</title>"  # the leaking page is never written; see on_post_build
    return output


@event_priority(-100)  # after the search plugin has written its index: the gate reads that too
def on_post_build(config):  # type: ignore[no-untyped-def]
    global _gate
    gate, _gate = _gate, None
    if _errors and serving():  # the preview shows the problems instead of the site
        if gate is not None:
            gate.close()
        write_error_site(_target, _pages, _errors)  # type: ignore[arg-type]
        return
    if gate is not None:
        try:
            gate.finish()
        except NastavnikError as exc:
            if not serving():
                raise PluginError(str(exc)) from None
            for line in str(exc).splitlines():
                log.error("%s", line)
            write_error_site(_target, _pages, [masked(line, always=True)  # type: ignore[arg-type]
                                               for line in str(exc).splitlines()])


def on_build_error(error):  # type: ignore[no-untyped-def]
    global _gate
    if _gate is not None:
        _gate.close()
        _gate = None


def on_serve(server, config, builder):  # type: ignore[no-untyped-def]
    root = Path(config.config_file_path).resolve().parent
    try:  # the hook writes the generated tree itself: watching it would build every save twice
        server.unwatch(config.docs_dir)
    except KeyError:
        pass
    for folder in ("content", "data", "site_templates"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server
