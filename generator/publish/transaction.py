"""Publishing as one transaction: the new ``site/`` and ``dist/YEAR/`` folders replace the old
ones together, or none of them does — also when the build is killed halfway through the renames.

1. Before anything moves, every target is checked: its folder can be written (a real probe file,
   which a read-only mount or an immutable folder refuses even to root), nothing but a folder is
   in its way, and it is on the same file system as ``.build/`` (a rename cannot cross disks).
2. A journal, ``.build/publish/journal.json``, names each target, its staged replacement, the place
   its old version is moved to, and both folders' inode numbers (a rename keeps them, so the
   journal tells which version a path holds whatever moment the process died at). It is written
   through a temporary file and fsynced, after the staged files themselves are flushed.
3. All old versions move to ``.build/publish/``, then all new ones into place; the folders are
   fsynced, the journal removed, the old versions deleted.

Every run (``check``, ``build``, ``serve``) first calls :func:`recover`: a journal left by a killed
build is completed (every new folder is whole: staging is finished before the journal exists) or,
if a new folder is missing, undone; a failure during the renames in this process is undone at once.

For tests only: ``NASTAVNIK_TEST_KILL_AFTER_RENAMES=N`` makes the build SIGKILL itself after the
N-th rename of a publish, to show that the next run repairs the outputs.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path

from ..errors import MachineFault

log = logging.getLogger("nastavnik")

KILL_ENV = "NASTAVNIK_TEST_KILL_AFTER_RENAMES"
FOLDER = Path(".build") / "publish"
_TARGET = re.compile(r"site|dist/[0-9A-Za-z_][0-9A-Za-z_.-]*")
_STAGED = re.compile(r"\.build/staging-\d+/(?P<target>.+)")
_BACKUP = re.compile(r"\.build/publish/old-\d+")


def journal_path(root: Path) -> Path:
    return root / FOLDER / "journal.json"


def publish(root: Path, pairs: list[tuple[Path, Path]], recycle: dict[Path, Path] | None = None) -> None:
    """Move each staged folder onto its target (absolute paths under ``root``), all or none.

    ``recycle`` (target → folder under ``.build/``): the target's old version is moved there instead
    of being deleted, for the next build to bring up to date (deleting 50,000 files of a regional
    platform took 10–50 s of a rebuild that changed a few hundred)."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    recover(root)  # the CLI did so already; a caller without it must not lose a journal's backups
    for staged, target in pairs:
        _check_replaceable(root, staged, target)
    entries = []
    for number, (staged, target) in enumerate(pairs):
        entries.append({"target": _rel(root, target), "staged": _rel(root, staged), "backup": _rel(root, folder / f"old-{number}"),
                        "new": _identity(staged), "old": _identity(target)})
    os.sync()  # the staged files reach the disk before the journal says they are the new outputs
    _write_journal(root, entries)
    renames = _Renames()
    try:
        for entry in entries:
            if entry["old"] is not None:
                renames.move(root / entry["target"], root / entry["backup"])
        for entry in entries:
            renames.move(root / entry["staged"], root / entry["target"])
        _sync_parents(root, entries)
    except BaseException as exc:
        if not _undo_now(root, entries):
            raise MachineFault(f"публикация прервана ({exc}), и прежние site/ и dist/ не удалось вернуть сразу — "
                               f"их вернёт следующий запуск сборки или проверки ({_rel(root, journal_path(root))})") from exc
        raise
    _finish(root, folder, {_rel(root, target): place for target, place in (recycle or {}).items()}, entries)


def recover(root: Path) -> None:
    """Complete or undo a publish that a killed build left half done (see the module's note)."""
    path = journal_path(root)
    if not path.exists():
        if (root / FOLDER).is_dir():
            _clear_backups(root / FOLDER)  # a build killed after its journal was removed
        return
    entries = _read_journal(root, path)
    if all(_where(root, entry, "new", ("target", "staged")) for entry in entries):
        _forward(root, entries)
        log.info("Прошлая сборка была прервана во время публикации: новые site/ и dist/ опубликованы целиком.")
    elif all(entry["old"] is None or _where(root, entry, "old", ("target", "backup")) for entry in entries):
        _back(root, entries)
        log.info("Прошлая сборка была прервана во время публикации: прежние site/ и dist/ восстановлены.")
    else:
        raise MachineFault(f"{_rel(root, path)}: публикация прервана, и ни прежнего, ни нового набора site/ и dist/ "
                           "целиком не осталось (папки удалены вручную?) — удалите этот файл и соберите заново")
    _finish(root, root / FOLDER)


class _Renames:
    def __init__(self) -> None:
        self.done = 0
        self.kill_after = int(os.environ.get(KILL_ENV, "0") or 0)

    def move(self, source: Path, destination: Path) -> None:
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, destination)
        self.done += 1
        if self.done == self.kill_after:
            os.kill(os.getpid(), signal.SIGKILL)


def _check_replaceable(root: Path, staged: Path, target: Path) -> None:
    """Raise before anything moves if ``target`` cannot be replaced by a rename."""
    parent = target.parent
    name = _rel(root, target)
    if parent.is_symlink() or os.path.lexists(parent) and not parent.is_dir():
        raise MachineFault(f"{_rel(root, parent)}: не папка — уберите этот файл или ссылку и повторите сборку")
    parent.mkdir(parents=True, exist_ok=True)  # dist/ itself; an empty folder changes nothing
    if os.stat(parent).st_dev != os.stat(staged).st_dev:
        raise MachineFault(f"{_rel(root, parent)}: на другом диске, чем .build/ — публикация одним переименованием "
                           "невозможна; держите site/, dist/ и .build/ на одном диске")
    _probe(parent)
    if os.path.lexists(target):
        if target.is_symlink() or not target.is_dir():
            raise MachineFault(f"{name}: на месте папки вывода лежит файл или ссылка — уберите его и повторите сборку")
        if os.stat(target).st_dev != os.stat(parent).st_dev:
            raise MachineFault(f"{name}: это точка монтирования, её нельзя заменить переименованием — "
                               "смонтируйте папку уровнем выше или публикуйте копированием из неё")
        _probe(target)  # moving a folder to another parent rewrites its "..": it must be writable too


def _probe(folder: Path) -> None:
    """Create and remove a file in ``folder``: the OSError of a read-only or full disk, if any."""
    descriptor, name = tempfile.mkstemp(prefix=".nastavnik-probe-", dir=folder)
    os.close(descriptor)
    os.unlink(name)


def _identity(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return [info.st_dev, info.st_ino]


def _where(root: Path, entry: dict, which: str, places: tuple[str, ...]) -> str | None:
    """Which of ``places`` holds the ``which`` ("new"/"old") version of an entry's folder."""
    for place in places:
        if entry[which] is not None and _identity(root / entry[place]) == entry[which]:
            return place
    return None


def _forward(root: Path, entries: list[dict]) -> None:
    renames = _Renames()
    for entry in entries:
        if _where(root, entry, "new", ("staged",)):
            if os.path.lexists(root / entry["target"]):
                renames.move(root / entry["target"], root / entry["backup"])
            renames.move(root / entry["staged"], root / entry["target"])
    _sync_parents(root, entries)


def _back(root: Path, entries: list[dict]) -> None:
    renames = _Renames()
    for entry in entries:
        if _where(root, entry, "new", ("target",)):
            renames.move(root / entry["target"], root / entry["staged"])
        if _where(root, entry, "old", ("backup",)):
            renames.move(root / entry["backup"], root / entry["target"])
    _sync_parents(root, entries)


def _undo_now(root: Path, entries: list[dict]) -> bool:
    """A rename failed in this process: put the old folders back (True); if even that fails, the
    journal stays for the next run (False)."""
    try:
        _back(root, entries)
        journal_path(root).unlink(missing_ok=True)
        _fsync(root / FOLDER)
    except OSError:
        return False
    return True


def _finish(root: Path, folder: Path, recycle: dict[str, Path] | None = None,
            entries: list[dict] | None = None) -> None:
    journal_path(root).unlink()
    _fsync(folder)
    for entry in entries or []:
        place = (recycle or {}).get(entry["target"])
        backup = root / entry["backup"]
        if place is not None and entry["old"] is not None and backup.is_dir() and not backup.is_symlink():
            shutil.rmtree(place, ignore_errors=True)
            place.parent.mkdir(parents=True, exist_ok=True)
            os.rename(backup, place)
    _clear_backups(folder)


def _clear_backups(folder: Path) -> None:
    for old in folder.glob("old-*"):
        shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()


def _write_journal(root: Path, entries: list[dict]) -> None:
    path = journal_path(root)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump({"format": 1, "entries": entries}, file, ensure_ascii=False, indent=1)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
    _fsync(path.parent)


def _read_journal(root: Path, path: Path) -> list[dict]:
    """The journal's entries, refused unless every path is one this module writes (a journal
    from elsewhere must not make the build move arbitrary folders)."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
        for entry in entries:
            staged = _STAGED.fullmatch(entry["staged"])
            if not (_TARGET.fullmatch(entry["target"]) and staged and staged["target"] == entry["target"]
                    and _BACKUP.fullmatch(entry["backup"]) and ".." not in entry["target"]):
                raise ValueError(entry)
            for which in ("new", "old"):
                value = entry[which]
                if not (value is None and which == "old" or isinstance(value, list) and len(value) == 2
                        and all(isinstance(n, int) for n in value)):
                    raise ValueError(entry)
        return entries
    except (ValueError, KeyError, TypeError) as exc:
        raise MachineFault(f"{_rel(root, path)}: журнал публикации повреждён ({type(exc).__name__}) — проверьте, "
                           "целы ли site/ и dist/, удалите этот файл и соберите заново") from None


def _sync_parents(root: Path, entries: list[dict]) -> None:
    folders = {(root / entry[key]).parent for entry in entries for key in ("target", "staged", "backup")}
    for folder in sorted(folders):
        if folder.is_dir():
            _fsync(folder)


def _fsync(folder: Path) -> None:
    """Make a folder's entries (the renames in it) durable."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # some file systems cannot fsync a folder; nothing more to do there
            raise
    finally:
        os.close(descriptor)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
