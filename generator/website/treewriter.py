"""Writing a generated tree: files are rewritten only when their bytes change, stale ones removed.

Rewriting only what changed keeps ``mkdocs serve`` from rebuilding in a loop (the tree lives in
the docs_dir it watches) and keeps file times stable for incremental tools.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

KEEP = {".gitignore"}


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` through a temporary file and a rename: a reader (or a build that was killed)
    never sees half of it."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    tmp.replace(path)


class TreeWriter:
    """Writes files under ``root`` and, on :meth:`finish`, deletes every file it did not write."""

    def __init__(self, root: Path):
        self.root = root
        self.written: set[Path] = set()

    def _path(self, rel: str) -> Path:
        """``root/rel``; a path that would leave the tree is a bug upstream, never written."""
        parts = rel.split("/")
        if rel.startswith("/") or "\\" in rel or ".." in parts:
            raise ValueError(f"путь «{rel}» выходит за пределы {self.root}")
        return self.root / rel

    def write(self, rel: str, data: str | bytes) -> Path:
        """Write ``rel`` (if its bytes differ from the file's); the file's path."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self._path(rel)
        self.written.add(path)
        if path.is_file() and path.read_bytes() == raw:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, raw)
        return path

    def keep(self, rel: str, still_good: Callable[[Path], bool]) -> bool:
        """Keep the file ``rel`` as it is, if ``still_good(path)`` says so (then it counts as written)."""
        path = self._path(rel)
        if not still_good(path):
            return False
        self.written.add(path)
        return True

    def copy(self, rel: str, source: Path) -> None:
        path = self._path(rel)
        self.written.add(path)
        if path.is_file() and path.stat().st_size == source.stat().st_size \
                and path.read_bytes() == source.read_bytes():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)

    def finish(self) -> None:
        """Remove files left from an earlier render (a deleted practice, a renamed news post)."""
        if not self.root.is_dir():
            return
        written = {str(path) for path in self.written}
        for folder, _dirs, files in os.walk(self.root, topdown=False):  # os.walk: 12,000 pages of a region
            for name in files:
                path = os.path.join(folder, name)
                if path not in written and name not in KEEP:
                    os.unlink(path)
            if folder != str(self.root) and not os.listdir(folder):
                os.rmdir(folder)
