"""Write-outputs stage: everything is built in a staging folder and swapped in only at the end.

A failed or interrupted build leaves the previous ``site/`` and ``dist/YEAR/`` exactly as they
were; a reader of the web server never sees half of a new site, and the folders are replaced
together (see publish).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import TracebackType

from .transaction import journal_path, publish
from ..website.renderer import Downloads
from ..russian import agree


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


class Staging:
    """A private folder under ``.build/`` for one build; removed whatever happens."""

    def __init__(self, build_dir: Path):
        self.path = build_dir / f"staging-{os.getpid()}"

    def __enter__(self) -> "Staging":
        for old in self.path.parent.glob("staging-*"):
            if not _alive(old.name.removeprefix("staging-")):  # left by a build that was killed
                shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if not journal_path(self.path.parent.parent).exists():  # else the next run needs the staged folders
            shutil.rmtree(self.path, ignore_errors=True)

    @property
    def site(self) -> Path:
        return self.path / "site"

    def dist(self, year: str) -> Path:
        return self.path / "dist" / year

    def site_size(self) -> tuple[int, int]:
        """Number of HTML pages and total bytes of the staged site."""
        files = [p for p in self.site.rglob("*") if p.is_file()] if self.site.is_dir() else []
        return sum(1 for p in files if p.suffix == ".html"), sum(p.stat().st_size for p in files)

    def describe(self, printed: dict[str, Downloads], drafts: dict[str, list[str]]) -> list[str]:
        """One line per output for the build's closing summary."""
        pages, size = self.site_size()
        lines = [f"site/ — {agree(pages, 'страница')}, {size / 1e6:.1f} МБ"] if self.site.is_dir() else []
        for year, downloads in printed.items():
            pdf = downloads.collection.stat().st_size / 1e6 if downloads.collection else 0
            lines.append(f"dist/{year}/collection.pdf — {downloads.pages} стр., {pdf:.1f} МБ; "
                         f"rnc/ — практик: {len(downloads.rnc) - 2}; vk/ — черновиков: {len(drafts.get(year, []))}; "
                         "internal/ — внутренние отчёты")
        return lines

    def publish(self, root: Path, years: list[str], site: bool = True, recycle: Path | None = None) -> None:
        """Swap the staged site and each built year's dist folder into place, all or none (see publish);
        ``recycle``: where the old site goes, for the next build to bring up to date (else deleted)."""
        pairs = [(self.site, root / "site")] if site else []
        publish(root, pairs + [(self.dist(year), root / "dist" / year) for year in years],
                {root / "site": recycle} if recycle is not None else None)

    def reuse_site(self, previous: Path) -> None:
        """Start the staged site from ``previous`` (an earlier version kept by :meth:`publish`)."""
        if previous.is_dir() and not previous.is_symlink() and not self.site.exists():
            os.rename(previous, self.site)
