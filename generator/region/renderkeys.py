"""Which pages of the platform's Markdown tree need rendering again: a page is rendered only when
what its template is given (or a template, or the region's settings) changed since the last build.

Rendering all 12,000 pages of a region of 1,000 schools took 7 s, for a new package of one school
that changes a few dozen of them. A page's key is a digest of its template's name and every value
it is given; an entry of the catalogue is digested once, however many listings show it. The keys
of the last build are kept in ``.build/region/render-keys.json`` with the size and time of the
file each one wrote; a page is kept only when its file is still exactly that (nothing else writes
into the tree). The record is removed before rendering starts and written when it ends, so a build
cut short renders everything the next time.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from ..website.treewriter import write_atomic

FORMAT = "1"  # bump when what a key covers changes


class RenderKeys:
    """The keys of the last build, and those of this one as pages are rendered or kept."""

    def __init__(self, record: Path, templates: Path, settings: str):
        self.record = record
        try:
            self.old: dict[str, list[Any]] = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        if not isinstance(self.old, dict):
            self.old = {}
        record.unlink(missing_ok=True)
        self.new: dict[str, list[Any]] = {}
        base = hashlib.sha256(f"{FORMAT}|{settings}|".encode("utf-8"))
        for path in sorted(p for p in templates.rglob("*") if p.is_file()):
            base.update(path.relative_to(templates).as_posix().encode() + b"\0" + path.read_bytes())
        self.base = base.hexdigest()
        # id → (the object, its digest): holding the object keeps its id from being reused
        self._digests: dict[int, tuple[Any, str]] = {}

    def _print(self, value: Any) -> str:
        """A stable text of ``value``: a dataclass (an entry, a school's card) or a long list (the
        facets every listing shows) by a digest made once, however many pages are given it (nothing
        given to a page is changed while the pages render)."""
        if isinstance(value, (str, int, float, bool, type(None))):
            return repr(value)
        found = self._digests.get(id(value))
        if found is not None:
            return found[1]
        if is_dataclass(value) and not isinstance(value, type):
            text = repr([(f.name, getattr(value, f.name)) for f in fields(value)])
        elif isinstance(value, (list, tuple)):
            text = "[" + ",".join(self._print(v) for v in value) + "]"
        elif isinstance(value, dict):
            text = "{" + ",".join(f"{k!r}:{self._print(v)}" for k, v in value.items()) + "}"
        else:
            return repr(value)
        if len(text) < 200:
            return text
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
        self._digests[id(value)] = (value, digest)
        return digest

    def key(self, rel: str, template: str, context: dict[str, Any]) -> str:
        text = f"{self.base}|{rel}|{template}|" + self._print(sorted(context.items()))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def unchanged(self, rel: str, key: str, path: Path) -> bool:
        """The page's file is the one written for this very key (then it is kept as it is)."""
        old = self.old.get(rel)
        if not (isinstance(old, list) and len(old) == 3 and old[0] == key):
            return False
        try:
            info = path.stat()
        except OSError:
            return False
        if [info.st_size, info.st_mtime_ns] != old[1:]:
            return False
        self.new[rel] = old
        return True

    def wrote(self, rel: str, key: str, path: Path) -> None:
        info = path.stat()
        self.new[rel] = [key, info.st_size, info.st_mtime_ns]

    def save(self) -> None:
        """The record of this build."""
        write_atomic(self.record, json.dumps(self.new, separators=(",", ":")))
