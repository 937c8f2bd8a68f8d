"""Paths from contributed content and data, kept inside the repository (SPEC, "Untrusted input").

Every reference a contributor writes — a body link or image, a cover, an attachment, a news image, a
photo, a roadmap item's evidence — becomes a filesystem path only through this module. A reference is
resolved lexically against its base folder (``content/``, ``content/files/``): no absolute path, no
``..`` above the base, no NUL or backslash, no percent-encoded escape; then every component below
the repository is checked with ``lstat`` and a symbolic link anywhere is refused. Files are read by
walking the components with ``O_NOFOLLOW`` relative to the parent folder's descriptor, so a link
planted between the check and the read is refused too.
"""
from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

MB = 1024 * 1024
MAX_ATTACHMENT_BYTES = 50 * MB  # a file of content/files/ that is published or printed

_DRIVE = re.compile(r"^[a-zA-Z]:")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class UnsafePath(ValueError):
    """A reference that would leave its base folder or pass through a symbolic link; the message is
    Russian and says what is expected."""


def _refuse_tricks(ref: str, expected: str) -> None:
    """Absolute paths, control characters and backslashes, as written and percent-decoded (a site
    serves ``%2e%2e`` as ``..`` and ``%2f`` as ``/``)."""
    for text in {ref, unquote(ref)}:
        if any(ord(c) < 32 for c in text):
            raise UnsafePath(f"«{ref}» содержит управляющий символ; {expected}")
        if "\\" in text:
            raise UnsafePath(f"«{ref}» содержит обратную косую черту «\\»; {expected}, через «/»")
        if text.startswith(("/", "~")) or _DRIVE.match(text):
            raise UnsafePath(f"«{ref}» — абсолютный путь; {expected}")


def _fold(text: str, shown: str, base_name: str, expected: str) -> list[str]:
    parts: list[str] = []
    for part in text.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise UnsafePath(f"«{shown}» ведёт за пределы папки {base_name}; {expected}")
            parts.pop()
        else:
            parts.append(part)
    if not parts:
        raise UnsafePath(f"«{shown}» не называет файл; {expected}")
    return parts


def _lexical(rel: str, base_name: str, shown: str | None = None, url: bool = False) -> list[str]:
    """The components of ``rel`` inside its base, or :class:`UnsafePath` naming ``shown`` (what the
    contributor wrote, when ``rel`` was joined to a folder first). ``url``: ``rel`` is a link target,
    percent-decoded before use; a file path is used as written, but must stay inside decoded too."""
    shown = rel if shown is None else shown
    expected = f"ожидается путь внутри {base_name}"
    _refuse_tricks(shown, expected)
    decoded = _fold(unquote(rel), shown, base_name, expected)
    return decoded if url else _fold(rel, shown, base_name, expected)


def normalise(rel: str, base_name: str = "content/files/", url: bool = False) -> str:
    """``rel`` with ``.``/``..`` folded and percent-decoded, as a path below its base; raises
    :class:`UnsafePath`. Two spellings of one file give the same text (the privacy gate compares them)."""
    return "/".join(_lexical(rel, base_name, url=url))


FILES_FOLDER = "files"


def under_files(ref: str) -> str:
    """A reference to a file of content/files/ as written in front matter or data: ``lab.png``
    (relative to content/files/, the documented spelling) or ``files/lab.png`` (relative to content/,
    as a Markdown link from a page suggests) — both give ``lab.png``. The second spelling is read
    against content/ and must stay inside content/files/; anything else is left as written for
    :meth:`Base.resolve` to judge (it refuses escapes with a message)."""
    text = ref.strip()
    first, sep, rest = text.partition("/")
    if first != FILES_FOLDER or not sep:
        return ref
    try:
        parts = _lexical(text, "content/")
    except UnsafePath:
        return ref
    if len(parts) < 2 or parts[0] != FILES_FOLDER:
        return ref  # «files/../x» leaves content/files/: resolve() refuses it as written
    return "/".join(parts[1:])


def _walk_no_links(root: Path, parts: list[str], shown: str) -> Path:
    """``root/parts…`` after checking that no component below the repository is a symbolic link."""
    path = root
    for part in parts:
        path = path / part
        try:
            info = os.lstat(path)
        except OSError:
            return root.joinpath(*parts)  # missing: the caller reports «не найден»
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath(f"«{shown}» проходит через символическую ссылку {_link_text(path)}; "
                             "ожидается обычный файл в репозитории")
    return path


def _link_text(path: Path) -> str:
    try:
        return f"«{path.name}» → «{os.readlink(path)}»"
    except OSError:
        return f"«{path.name}»"


class Base:
    """A folder of the repository that references are resolved against (``content/files/``…).

    ``repo`` is the repository root: the folders from it down to the base are checked for links too."""

    def __init__(self, repo: Path, rel: str):
        self.repo = repo
        self.rel = rel.strip("/")
        self.name = self.rel + "/"
        self.path = repo.joinpath(*self.rel.split("/"))

    def resolve(self, ref: str, from_dir: str = "", url: bool = False) -> Path:
        """The file ``ref`` names (relative to ``from_dir``, a folder under the base); raises
        :class:`UnsafePath` when it leaves the base or passes through a symbolic link."""
        joined = f"{from_dir.strip('/')}/{ref}" if from_dir else ref
        parts = _lexical(joined, self.name, ref, url)
        return _walk_no_links(self.repo, [*self.rel.split("/"), *parts], ref)

    def rel_of(self, ref: str, from_dir: str = "", url: bool = False) -> str:
        """The normalised path of ``ref`` below the base (see :meth:`resolve`)."""
        return self.resolve(ref, from_dir, url).relative_to(self.path).as_posix()

    def read_bytes(self, ref: str, limit: int = MAX_ATTACHMENT_BYTES, url: bool = False) -> bytes:
        """The bytes of ``ref``, opened without following any link; raises :class:`UnsafePath` or
        :class:`OSError` (also when the file is larger than ``limit``)."""
        parts = [*self.rel.split("/"), *_lexical(ref, self.name, url=url)]
        return read_no_follow(self.repo, parts, limit)


def read_no_follow(repo: Path, parts: list[str], limit: int = MAX_ATTACHMENT_BYTES) -> bytes:
    """Read ``repo/parts…`` opening each component relative to its parent with ``O_NOFOLLOW``."""
    fd = os.open(repo, os.O_RDONLY | _DIRECTORY)
    try:
        for part in parts[:-1]:
            next_fd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        file_fd = os.open(parts[-1], os.O_RDONLY | _NOFOLLOW, dir_fd=fd)
    finally:
        os.close(fd)
    with os.fdopen(file_fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(0, "не обычный файл")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(0, f"файл больше {limit // MB} МБ")
    return data


def symlinks_under(folder: Path) -> Iterator[tuple[Path, str]]:
    """Every symbolic link under ``folder`` (never followed), with its target as written."""
    if folder.is_symlink():
        yield folder, os.readlink(folder)
        return
    for current, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(current) / name
            if path.is_symlink():
                yield path, os.readlink(path)


def inside(path: str, folders: list[str]) -> bool:
    """Whether an absolute ``path`` lies lexically within one of ``folders`` (absolute too)."""
    clean = posixpath.normpath(path)
    return any(clean == f or clean.startswith(f.rstrip("/") + "/") for f in folders)
