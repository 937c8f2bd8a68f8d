"""Running a few independent tasks on every core with ``fork``: the site build and the privacy
gate are pure Python and would otherwise use one core of the machine.

A forked child starts with the parent's memory (the loaded project, MkDocs' config and nav), so
nothing has to be pickled on the way in; only each task's result comes back, through a pipe.
"""
from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
MAX_WORKERS = 4  # the gate and the site split evenly; more processes than this mostly add memory


class TaskFailed(RuntimeError):
    """A task failed in a child process; the message carries the child's error and traceback."""


def workers() -> int:
    """How many processes to use: the cores this process may run on (1 where fork is missing)."""
    if not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def shares(items: Sequence[T], count: int) -> list[list[T]]:
    """``items`` dealt round-robin into ``count`` lists, so neighbouring (similar) items spread out."""
    return [list(items[i::count]) for i in range(count)]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def run_forked(tasks: Sequence[Callable[[], Any]]) -> list[Any]:
    """Results of ``tasks`` in order: the first runs in this process, each other one in a forked
    child. A child's failure is raised here as :class:`TaskFailed` once every child has ended."""
    if not tasks:
        return []
    children: list[tuple[int, int]] = []
    try:
        for task in tasks[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: run, send the result, and leave without the parent's cleanup
                os.close(read_end)
                status = 0
                try:
                    try:
                        payload = pickle.dumps((True, task()), protocol=pickle.HIGHEST_PROTOCOL)
                    except BaseException as exc:  # noqa: BLE001 — everything goes back to the parent
                        payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
                    with os.fdopen(write_end, "wb") as pipe:
                        pipe.write(payload)
                except BaseException:  # noqa: BLE001
                    status = 1
                finally:
                    os._exit(status)  # never return into the parent's code (its with-blocks, atexit)
            os.close(write_end)
            children.append((pid, read_end))
        first = tasks[0]()
    finally:
        # Always collect every child, even when this process's own task failed.
        raw = []
        for pid, read_end in children:
            try:
                raw.append(_read_all(read_end))
            finally:
                os.close(read_end)
                os.waitpid(pid, 0)
    results = [first]
    for data in raw:
        if not data:
            raise TaskFailed("дочерний процесс сборки завершился, не вернув результата")
        ok, value = pickle.loads(data)
        if not ok:
            raise TaskFailed(value)
        results.append(value)
    return results
