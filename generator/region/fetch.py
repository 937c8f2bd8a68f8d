"""Getting a school's package: a zip or a folder in the regional repository, or an http(s) address
of a school's ``manifest.json`` (its PDFs are fetched beside it) or zip.

Nothing here trusts the package: a zip entry with ``..``, an absolute path, a backslash or a link
refuses the whole package; sizes are bounded before anything is read whole; only http(s) is fetched
(redirects too), with a timeout, a few retries on a network fault or a 5xx, and a cache: a response
is kept with its ETag/Last-Modified and asked for again conditionally, and a PDF whose sha256 the
manifest names is not fetched again at all once held (content-keyed).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import stat
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

MB = 1024 * 1024
MAX_MANIFEST_BYTES = 1 * MB
MAX_PDF_BYTES = 50 * MB
MAX_ZIP_BYTES = 300 * MB
MAX_ZIP_ENTRIES = 2000
TIMEOUT = 20.0  # seconds per attempt: a school's server on a slow line still answers within it
RETRIES = 3
BACKOFF = 0.3  # seconds, doubled after each failed attempt
USER_AGENT = "nastavnik-press-region/1"


class Refused(Exception):
    """The package cannot be taken; the message is Russian and names the file when there is one."""


Reader = Callable[[str, "str | None"], "bytes | None"]


@dataclass
class Package:
    """A package's files as received: the manifest's bytes and a reader for the files it names."""

    spec: str
    manifest: bytes
    _read: Reader = field(repr=False)
    # What makes the package the same package again: a zip's sha256, a fetched manifest's (its PDFs are
    # named by their sha256 in it); None for a folder, whose files are read and checked every time.
    fingerprint: str | None = None

    def read(self, name: str, expected_sha: str | None = None) -> bytes | None:
        """The bytes of ``name`` beside the manifest, or ``None`` when the package has no such file
        (``expected_sha``: the manifest's sha256, which lets a fetched file come from the cache)."""
        return self._read(name, expected_sha)


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def open_package(spec: str, root: Path, cache: Path) -> Package:
    """The package named by ``spec`` (a path in the repository ``root`` or a URL); raises :class:`Refused`."""
    if is_url(spec):
        if urlsplit(spec).path.endswith(".zip"):
            return _zip_package(spec, _get(spec, cache, MAX_ZIP_BYTES))
        fetcher = _Fetcher(cache)
        manifest = fetcher.get(spec, MAX_MANIFEST_BYTES)
        return Package(spec, manifest, lambda name, sha: fetcher.beside(spec, name, sha),
                       "manifest:" + hashlib.sha256(manifest).hexdigest())  # type: ignore[arg-type]
    path = _local(spec, root)
    if path.is_dir():
        return Package(spec, _read_file(path / "manifest.json", MAX_MANIFEST_BYTES, spec),
                       lambda name, sha: _read_file(path / name, MAX_PDF_BYTES, spec, missing_ok=True))
    if path.suffix == ".zip":
        return _zip_package(spec, _read_file(path, MAX_ZIP_BYTES, spec))
    raise Refused(f"«{spec}» — не zip и не папка; ожидается inbox/ШКОЛА/rnc-ГОД.zip, папка с manifest.json "
                  "или адрес https://…/manifest.json")


def _local(spec: str, root: Path) -> Path:
    """A repository path: relative, no ``..``, no link on the way (the centre's file, kept in its repo)."""
    parts = spec.split("/")
    if spec.startswith("/") or "\\" in spec or ".." in parts or "\x00" in spec or ":" in parts[0]:
        raise Refused(f"«{spec}» — путь вне репозитория региона; ожидается путь от его корня, например "
                      "inbox/gym3/rnc-2025-2026.zip")
    path = root
    for part in [p for p in parts if p not in ("", ".")]:
        path = path / part
        if path.is_symlink():
            raise Refused(f"«{spec}»: «{part}» — символическая ссылка; пакет должен лежать в репозитории региона")
    if not path.exists():
        raise Refused(f"«{spec}» не найден в репозитории региона")
    return path


def _read_file(path: Path, limit: int, spec: str, missing_ok: bool = False) -> bytes | None:  # type: ignore[return]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        if missing_ok:
            return None
        raise Refused(f"«{spec}»: нет файла {path.name}") from None
    except OSError:
        raise Refused(f"«{spec}»: {path.name} не читается (символическая ссылка или не файл)") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Refused(f"«{spec}»: {path.name} — не обычный файл")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(f"«{spec}»: {path.name} больше {limit // MB} МБ")
    return data


def _zip_package(spec: str, data: bytes) -> Package:
    """A zip checked entry by entry before any is used: a bad entry refuses the whole package."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"«{spec}» — повреждённый zip-архив") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise Refused(f"«{spec}»: в архиве {len(infos)} файлов, ожидается не больше {MAX_ZIP_ENTRIES}")
    if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
        raise Refused(f"«{spec}»: распакованный архив больше {MAX_ZIP_BYTES // MB} МБ")
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        mode = (info.external_attr >> 16) & 0o170000
        if name.startswith("/") or "\\" in name or ".." in name.split("/") or (len(name) > 1 and name[1] == ":"):
            raise Refused(f"«{spec}»: запись архива «{name}» выходит за пределы папки (абсолютный путь или «..»)")
        if mode == stat.S_IFLNK:
            raise Refused(f"«{spec}»: запись архива «{name}» — символическая ссылка; ссылки в пакете не принимаются")
        if not info.is_dir():
            names[posixpath.basename(name) if "/" not in name.rstrip("/") else name] = info

    def read(name: str, _sha: str | None = None) -> bytes | None:
        info = names.get(name)
        if info is None:
            return None
        with archive.open(info) as handle:
            raw = handle.read(MAX_PDF_BYTES + 1)
        if len(raw) > MAX_PDF_BYTES:
            raise Refused(f"«{spec}»: {name} больше {MAX_PDF_BYTES // MB} МБ")
        return raw

    try:
        manifest = read("manifest.json")
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(f"«{spec}» — повреждённый zip-архив") from None
    if manifest is None:
        raise Refused(f"«{spec}»: в архиве нет manifest.json (опись пакета, её пишет build школы)")
    return Package(spec, manifest, read, "zip:" + hashlib.sha256(data).hexdigest())


class _SafeRedirect(urllib.request.HTTPRedirectHandler):
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if not is_url(newurl):
            raise Refused(f"«{req.full_url}» перенаправляет на «{newurl}»; принимаются только адреса http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SafeRedirect)


def _get(url: str, cache: Path, limit: int) -> bytes:
    return _Fetcher(cache).get(url, limit)


class _Fetcher:
    """HTTP(S) GET with a timeout, retries, a size limit and a cache (see the module's docstring)."""

    def __init__(self, cache: Path):
        self.cache = cache

    def beside(self, manifest_url: str, name: str, sha: str | None) -> bytes | None:
        if "/" in name or "\\" in name or name.startswith("."):
            return None  # the schema allows plain file names only; the intake says what is wrong
        held = self.cache / "sha256" / f"{sha}.pdf" if sha else None
        if held is not None and held.is_file():
            data = held.read_bytes()
            if hashlib.sha256(data).hexdigest() == sha:
                return data
        try:
            data = self.get(urljoin(manifest_url, name), MAX_PDF_BYTES, missing_ok=True)
        except Refused:
            raise
        if data is not None and sha and hashlib.sha256(data).hexdigest() == sha:
            held.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            _write(held, data)  # type: ignore[arg-type]
        return data

    def get(self, url: str, limit: int, missing_ok: bool = False) -> bytes | None:  # type: ignore[return]
        key = hashlib.sha256(url.encode()).hexdigest()[:40]
        body, meta = self.cache / f"{key}.body", self.cache / f"{key}.json"
        headers = {"User-Agent": USER_AGENT}
        known = json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() and body.is_file() else {}
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        delay, last = BACKOFF, ""
        for attempt in range(RETRIES):
            try:
                with _OPENER.open(urllib.request.Request(url, headers=headers), timeout=TIMEOUT) as response:
                    size = response.headers.get("Content-Length")
                    if size and size.isdigit() and int(size) > limit:
                        raise Refused(f"«{url}» больше {limit // MB} МБ")
                    data = response.read(limit + 1)
                    if len(data) > limit:
                        raise Refused(f"«{url}» больше {limit // MB} МБ")
                    self.cache.mkdir(parents=True, exist_ok=True)
                    _write(body, data)
                    _write(meta, json.dumps({"url": url, "etag": response.headers.get("ETag"),
                                             "last_modified": response.headers.get("Last-Modified")}).encode())
                    return data
            except urllib.error.HTTPError as exc:
                if exc.code == 304 and known:
                    return body.read_bytes()
                if exc.code == 404 and missing_ok:
                    return None
                last = f"сервер ответил {exc.code} {exc.reason}"
                if exc.code < 500:
                    break
            except urllib.error.URLError as exc:
                last = f"адрес недоступен ({_reason(exc.reason)})"
            except (TimeoutError, OSError) as exc:
                last = f"адрес недоступен ({_reason(exc)})"
            if attempt + 1 < RETRIES:
                time.sleep(delay)
                delay *= 2
        raise Refused(f"«{url}»: {last}; попыток: {attempt + 1}. Проверьте адрес в region.yaml и что сайт школы открывается")


def _reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "соединение отклонено"
    if isinstance(reason, (TimeoutError,)) or "timed out" in str(reason):
        return f"нет ответа за {TIMEOUT:.0f} с"
    return str(reason)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
