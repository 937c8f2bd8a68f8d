"""One build at a time in a repository: ``.build/lock`` is held (``flock``) for the whole build,
and ``.build/`` is the build's own (never files committed to the school's repository).

A second ``build`` started in the same folder waits for the first to end, saying so, instead of
sharing its cache and its outputs; the kernel releases the lock when the holder dies, however it
dies. ``check`` and ``serve`` take it only for a moment, to repair a publish a killed build left
half done (see publish), and skip the repair while a build runs: that build repairs it itself.
"""
from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..book.partcache import refuse_committed_build_dir
from .transaction import journal_path, recover

log = logging.getLogger("nastavnik")

LOCK = Path(".build") / "lock"


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold the repository's build lock (waiting for another build), after repairing the outputs."""
    path = root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            log.info("В этой папке уже идёт другая сборка (процесс %s) — жду, пока она закончится…", holder)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            log.info("Другая сборка закончилась, начинаю свою.")
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
        recover(root)
        refuse_committed_build_dir(root)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def repair_outputs(root: Path) -> None:
    """For ``check`` and ``serve``: repair a half-done publish, unless a build is running now."""
    if not journal_path(root).exists():
        return
    try:
        descriptor = os.open(root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        recover(root)  # cannot even create the lock file: no build can be running here either
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a build holds it and will repair before it publishes
        recover(root)
    finally:
        os.close(descriptor)
