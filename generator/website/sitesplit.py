"""MkDocs' own build, with the pages shared between the machine's cores.

``mkdocs build`` reads and renders one page after another on one core; at 1,000 practices that
is most of a site build. Here the same MkDocs functions run in the same order, but after the
pages of the nav (which every page shows) are read, the rest are read and written by forked
processes, each taking every n-th page. What crosses between pages is gathered back in page
order, so the result is the serial build's, byte for byte:

- warnings: each page's messages, in the order the serial build would log them;
- anchor checks: each page's anchors and links to anchors, checked once everything is back.

Pages outside the nav are never shown by another page (sitemap and 404 need only the nav and the
file list), which is what makes the split safe. With plugins other than the site's own (another
might gather state across pages), in strict mode, or on one core, MkDocs' own ``build`` runs instead.
The search index is not MkDocs' business here: Pagefind reads the written pages (searchindex).
"""
from __future__ import annotations

import logging
from typing import Any

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..forkpool import TaskFailed, run_forked, shares, workers
from . import mkdocs_internals

log = logging.getLogger("nastavnik")

# Plugins known to keep no state across pages other than what is gathered back here.
SPLITTABLE_PLUGINS = {"nastavnik/htmlfix", "nastavnik/safehtml"}


def can_split(config: MkDocsConfig) -> bool:
    """Whether this config builds the same with its pages split between processes."""
    return workers() > 1 and not config.strict and set(config.plugins) <= SPLITTABLE_PLUGINS


class _Recorder:
    """Slices of the captured MkDocs messages, by build phase and page."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        self.start = len(messages)

    def cut(self) -> list[str]:
        """The messages logged since the previous cut."""
        new = self.messages[self.start:]
        self.start = len(self.messages)
        return new


def _pages_part(config: MkDocsConfig, files: Files, nav: Any, env: Any, pages: list[Page], messages: list[str],
                populate: bool) -> list[dict[str, Any]]:
    """Read (unless already read) and write ``pages``; what each page leaves for the others."""
    record = _Recorder(messages)
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    done: list[dict[str, Any]] = [{"read": [], "write": []} for _ in pages]
    for page, out in zip(pages, done):
        if populate:
            mkdocs_internals.populate_page(page, config, files)
            out["read"] = record.cut()
    for page, out in zip(pages, done):
        mkdocs_internals.build_page(page, config, doc_files, nav, env)
        out["write"] = record.cut()
        out["anchors"] = page.present_anchor_ids
        out["links"] = {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()}
    return done


def split_build(config: MkDocsConfig, messages: list[str]) -> None:
    """``mkdocs build`` of ``config`` (already loaded, plugins started) with pages split between
    processes; ``messages`` is the list the MkDocs warnings are captured into, left in serial order."""
    try:
        _split_build(config, messages)
    except Exception as exc:
        config.plugins.on_build_error(error=exc)
        if isinstance(exc, BuildError):
            raise Abort("Aborted with a BuildError!") from exc
        raise


def _split_build(config: MkDocsConfig, messages: list[str]) -> None:
    # The prelude of mkdocs.commands.build.build, unchanged (see mkdocs_internals for the version).
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    utils.clean_directory(config.site_dir)
    files = get_files(config)
    env = config.theme.get_env()
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    head = messages[:]
    record = _Recorder(messages)

    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
    pages: list[Page] = [file.page for file in doc_files]  # type: ignore[misc]
    in_nav = {id(page) for page in nav.pages}
    read_first = [page for page in pages if id(page) in in_nav]
    read: dict[int, list[str]] = {}
    for page in read_first:  # every process shows them in its nav: read before the split
        mkdocs_internals.populate_page(page, config, files)
        read[id(page)] = record.cut()

    env = config.plugins.on_env(env, config=config, files=files)
    files.copy_static_files(inclusion=InclusionLevel.is_included)
    for template in config.theme.static_templates:
        mkdocs_internals.build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_internals.build_extra_template(template, files, config, nav)
    templates = record.cut()

    rest = [page for page in pages if id(page) not in in_nav]
    parts = shares(rest, workers())
    log.debug("  MkDocs: страниц %d, процессов %d", len(pages), len(parts))
    parts[0] = read_first + parts[0]  # this process writes the nav pages it has read

    def reading(part: list[Page]) -> Any:
        return lambda: _pages_part(config, files, nav, env, part, messages, populate=True)

    try:
        results = run_forked([lambda: _own_part(config, files, nav, env, parts[0], read_first, messages)]
                             + [reading(part) for part in parts[1:]])
    except TaskFailed as exc:
        raise Abort(f"MkDocs: {exc}") from None
    by_page: dict[int, dict[str, Any]] = {}
    for part, done in zip(parts, results):
        for page, out in zip(part, done):
            by_page[id(page)] = out

    # Back in serial order: what each page left, then the anchor checks and post_build.
    ordered = head + [m for page in pages for m in (read[id(page)] if id(page) in read else by_page[id(page)]["read"])]
    ordered += templates
    ordered += [m for page in pages for m in by_page[id(page)]["write"]]
    for page in pages:
        out = by_page[id(page)]
        page.present_anchor_ids = out["anchors"]
        page.links_to_anchors = {_file(files, uri): links for uri, links in out["links"].items()} or None
    messages[:] = ordered
    for page in pages:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)


def _own_part(config: MkDocsConfig, files: Files, nav: Any, env: Any, part: list[Page], read_first: list[Page],
              messages: list[str]) -> list[dict[str, Any]]:
    """This process's share: the nav pages (already read) and every n-th other page."""
    others = part[len(read_first):]
    read_others = _pages_part(config, files, nav, env, others, messages, populate=True) if others else []
    return _pages_part(config, files, nav, env, read_first, messages, populate=False) + read_others


def _file(files: Files, uri: str) -> File:
    found = files.get_file_from_path(uri)
    if found is None:  # pragma: no cover — every linked file came from this same list
        raise BuildError(f"файл {uri} пропал из списка MkDocs")
    return found
