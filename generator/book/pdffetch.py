"""What WeasyPrint may read while it renders a PDF (SPEC, "Untrusted input").

A contributed body becomes HTML in the PDF, and WeasyPrint loads whatever an ``<img src>``, a CSS
``url()`` or an ``<a rel="attachment">`` names. Its fetcher here reads only files of ``content/``
(opened without following any symbolic link), the project's ``site_templates/`` and the bundled
fonts, plus inline ``data:`` URLs; any other ``file://`` path, ``http(s)`` or other scheme is refused,
and WeasyPrint reports the refusal as a warning (an error under ``--strict``).
"""
from __future__ import annotations

import mimetypes
import posixpath
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..privacy.pictures import strip_metadata
from ..model.safepath import inside, read_no_follow
from ..results.fonts import font_files

PROJECT_FOLDERS = ("content", "site_templates")  # below the repository root; links refused there


class RefusedUrl(ValueError):
    """A resource the PDF must not load."""


@cache
def _font_folders() -> tuple[str, ...]:
    return tuple(sorted({str(path.parent) for family in ("PT Serif", "PT Sans") for path in font_files(family)}))


# What WeasyPrint sees as the repository's folder. It names an image in the PDF after the hash of its
# URL, so a real path (``/home/ci/runner-7/school/content/…``) would make two checkouts of the same
# content give different PDFs; the fetcher maps this fixed folder back to the real one.
VIRTUAL_REPO = "/nastavnik-repository"


def virtual_base(base_url: str) -> str:
    """``base_url`` (``file://<root>/content/practices/``) with the root replaced by :data:`VIRTUAL_REPO`."""
    repo = repo_of(base_url)
    path = posixpath.normpath(unquote(urlsplit(base_url).path))
    return Path(VIRTUAL_REPO + path[len(repo):]).as_uri() + "/"


def _real_url(url: str, repo: str) -> str:
    """A ``file://`` URL under :data:`VIRTUAL_REPO` as the URL of the real file under ``repo``."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme == "file" and (path == VIRTUAL_REPO or path.startswith(VIRTUAL_REPO + "/")):
        return Path(repo + path[len(VIRTUAL_REPO):]).as_uri()
    return url


def repo_of(base_url: str) -> str:
    """The repository root of a print job: its base URL is always ``<root>/content/practices/``."""
    path = posixpath.normpath(unquote(urlsplit(base_url).path))
    return path.rsplit("/content", 1)[0]


def local_path(url: str, repo: str) -> tuple[str, list[str] | None]:
    """The absolute path a ``file://`` URL names, and its components below ``repo`` when it lies in
    one of :data:`PROJECT_FOLDERS` (``None`` for a bundled font); raises :class:`RefusedUrl`."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedUrl(f"«{url[:80]}» не загружается: PDF берёт только файлы из content/")
    path = posixpath.normpath(unquote(parts.path))
    if "\x00" in path:
        raise RefusedUrl(f"«{url[:80]}» не загружается: недопустимый символ")
    for folder in PROJECT_FOLDERS:
        if inside(path, [f"{repo}/{folder}"]):
            return path, path[len(repo) + 1:].split("/")
    if inside(path, list(_font_folders())):
        return path, None
    raise RefusedUrl(f"«{url[:80]}» не загружается: файл за пределами content/ — PDF берёт только файлы "
                     "из content/")


def read_local(url: str, repo: str) -> bytes:
    """The bytes behind an allowed ``file://`` URL, never through a symbolic link of the project."""
    path, parts = local_path(url, repo)
    try:
        if parts is None:
            return Path(path).read_bytes()  # the fonts of an installed package: not contributed
        return read_no_follow(Path(repo), parts)
    except OSError as exc:
        raise RefusedUrl(f"«{url[:80]}» не загружается: {exc.strerror or exc}") from None


def project_fetcher(repo: str) -> Any:
    """WeasyPrint's ``url_fetcher`` for a job of the repository at ``repo`` (made in the process that
    renders: WeasyPrint's fetcher class is an ``OpenerDirector``, not meant to be pickled)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)  # inline: the charts of the collection
            data = strip_metadata(read_local(_real_url(url, repo), repo))  # pictures go in without EXIF/XMP; others as they are
            mime = mimetypes.guess_type(unquote(urlsplit(url).path))[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": mime})

    return ProjectFetcher(allowed_protocols=("file", "data"), allow_redirects=False)
