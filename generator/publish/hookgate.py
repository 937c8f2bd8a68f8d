"""The one gate for `mkdocs build` and `mkdocs serve` at the repository root (publish stage).

MkDocs writes each page into ``site_dir`` as soon as it is rendered, so a gate that reads the
finished site would come too late: the leak would already be on disk (and served). The hook
(generator/publish/mkdocs_hooks.py) therefore runs three checks, each before the bytes it guards exist:

1. ``on_config`` — the same validation as ``python -m generator build``, including the
   personal-data gate over the sources (generator/sourcegate.py). A name without consent or a
   phone in a news post stops here, before the Markdown tree or any page is written.
2. ``on_post_page`` — every rendered page is read by the gate's matcher *in memory*, before MkDocs
   writes it; a page with a leak is never written, not even to the staging folder.
3. ``on_post_build`` — MkDocs has been writing into a private staging folder (``site_dir`` is
   redirected in ``on_config``: ``.build/staging-PID/site`` for ``mkdocs build``, a sibling of the
   preview's temporary folder for ``mkdocs serve``); the full output gate
   (privacy.gate.check_public_outputs: the Pagefind search index, built here first, attachments, sitemap) reads it, and only then is
   it published — for ``site/`` through the same one-rename transaction as ``generator build``
   (generator/publish.py). A refusal removes the staging folder; the old ``site/`` stays.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BuildError
from ..privacy.gatetext import Leak, TextGate, canonical, reader_text
from ..model.loader import Project
from .outputs import Staging
from .preview import serving
from ..privacy.detectors import Allowed
from ..privacy.gate import check_public_outputs
from ..privacy.pagetext import markup_text
from .transaction import publish
from ..website.searchindex import build_search_index


@dataclass
class HookGate:
    """One MkDocs build's gate: where it really publishes and where MkDocs writes meanwhile."""

    root: Path
    project: Project
    target: Path
    allowed: set[Allowed] = field(default_factory=set)
    staging: Staging | None = None
    private: Path | None = None  # the staging folder of a preview outside the repository

    def __post_init__(self) -> None:
        self.gate = TextGate(self.project)
        self.allowed = {Allowed(a.output, canonical(a.text)) for a in self.allowed}

    @property
    def in_repository(self) -> bool:
        return self.target == self.root / "site"

    def open(self) -> Path:
        """The folder MkDocs is to write into instead of ``target``."""
        if self.in_repository:
            self.staging = Staging(self.root / ".build").__enter__()
            return self.staging.site
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.private = Path(tempfile.mkdtemp(prefix=".nastavnik-", dir=self.target.parent))
        return self.private / "site"

    @property
    def staged(self) -> Path:
        return self.staging.path if self.staging else self.private  # type: ignore[return-value]

    def page(self, html: str, dest_uri: str) -> None:
        """Refuse a rendered page with a leak before MkDocs writes it (raises :class:`BuildError`)."""
        output = f"site/{dest_uri}"
        leaks = [leak for leak in self.gate.scan_read(reader_text(markup_text(html)), output)
                 if Allowed(leak.output, canonical(leak.found)) not in self.allowed]
        if leaks:
            raise BuildError(_refusal(leaks))

    def finish(self) -> None:
        """The full output gate over the staged site, then the publish; the staging goes either way."""
        try:
            build_search_index(self.staged / "site")  # after each rebuild of `mkdocs serve` too
            check_public_outputs(self.project, self.staged)
            if self.staging:
                publish(self.root, [(self.staging.site, self.target)])
            else:
                old = self.staged / "old"
                if self.target.exists():
                    os.rename(self.target, old)
                os.rename(self.staged / "site", self.target)
        finally:
            self.close()

    def close(self) -> None:
        if self.staging:
            self.staging.__exit__(None, None, None)
            self.staging = None
        if self.private and serving():
            # The preview's old site goes in the background: the browser reloads without waiting
            # for thousands of files to be deleted (renamed first, so nothing can serve it meanwhile).
            doomed = self.private.with_name(self.private.name + "-old")
            os.rename(self.private, doomed)
            threading.Thread(target=shutil.rmtree, args=(doomed, True), daemon=True).start()
        elif self.private:
            shutil.rmtree(self.private, ignore_errors=True)
        self.private = None


def _refusal(leaks: list[Leak]) -> str:
    lines = [str(leak) for leak in leaks]
    return "\n".join([*lines, f"Публикация остановлена: найдено нарушений персональных данных — {len(leaks)}. "
                      "Прежние site/ и dist/ не изменены. Если находка ложная, добавьте её в "
                      "data/privacy-allowlist.yaml (файл, точный текст, причина, кто проверил)."])
