"""Running a few independent tasks on every core with ``fork``: the site build and the privacy
gate are pure Python and would otherwise use one core of the machine.

A forked child starts with the parent's memory (the loaded project, MkDocs' config and nav), so
nothing has to be pickled on the way in; only each task's result comes back, through a pipe.
"""
from __future__ import annotations

import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
MAX_WORKERS = 4  # the gate and the site split evenly; more processes than this mostly add memory


class TaskFailed(RuntimeError):
    """A task failed in a child process; the message carries the child's error and traceback.
    (An ``OSError`` of the machine comes back as itself, for the CLI's message.)"""


def workers(limit: int | None = MAX_WORKERS) -> int:
    """How many processes to use: the cores this process may run on, at most ``limit`` (1 where
    fork is missing)."""
    if not hasattr(os, "fork"):
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, limit or cores))


def shares(items: Sequence[T], count: int) -> list[list[T]]:
    """``items`` dealt round-robin into ``count`` lists, so neighbouring (similar) items spread out."""
    return [list(items[i::count]) for i in range(count)]


_LIVE: set[int] = set()  # children not yet reaped, for stop_children() on Ctrl-C


def ignore_interrupt() -> None:
    """In a child: Ctrl-C is the parent's to handle (it stops the children itself), so that a
    terminal's SIGINT to the whole process group prints one «Прервано», not a traceback a child."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_children() -> None:
    """Kill and reap every child still running (Ctrl-C: their results are no longer wanted)."""
    for pid in list(_LIVE):
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        _LIVE.discard(pid)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


class Forked:
    """One task started now in a forked child; :meth:`result` waits for it (raises
    :class:`TaskFailed` if it failed). Without ``fork``, the task runs in :meth:`result`."""

    def __init__(self, task: Callable[[], Any]):
        self.task, self.pid, self.fd = task, 0, -1
        if workers() == 1:
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send the result, and leave without the parent's cleanup
            ignore_interrupt()
            _LIVE.clear()  # the parent's other children are not this child's to stop
            os.close(read_end)
            status = 0
            try:
                try:
                    payload = pickle.dumps((True, task()), protocol=pickle.HIGHEST_PROTOCOL)
                except OSError as exc:  # a full disk, a read-only folder: the parent tells the user which
                    payload = pickle.dumps((False, OSError(exc.errno, exc.strerror, exc.filename)))
                except BaseException as exc:  # noqa: BLE001 — everything goes back to the parent
                    payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)  # never return into the parent's code (its with-blocks, atexit)
        os.close(write_end)
        self.pid, self.fd = pid, read_end
        _LIVE.add(pid)

    def result(self) -> Any:
        """The task's return value (waiting for the child the first time)."""
        if not self.pid:
            value = self.task()
            self.task = lambda: value  # a second call gives the same value without running it again
            return value
        try:
            data = _read_all(self.fd)
        except BaseException:  # Ctrl-C while waiting: the child's work is no longer wanted
            os.kill(self.pid, signal.SIGKILL)
            raise
        finally:
            os.close(self.fd)
            os.waitpid(self.pid, 0)
            _LIVE.discard(self.pid)
            self.pid = 0
        ok, value = pickle.loads(data) if data else (False, "дочерний процесс завершился, не вернув результата")
        if not ok:
            raise value if isinstance(value, OSError) else TaskFailed(value)
        self.task = lambda: value
        return value


def run_forked(tasks: Sequence[Callable[[], Any]]) -> list[Any]:
    """Results of ``tasks`` in order: the first runs in this process, each other one in a forked
    child. A child's failure is raised here as :class:`TaskFailed` once every child has ended."""
    if not tasks:
        return []
    children: list[Forked] = []
    try:
        children = [Forked(task) for task in tasks[1:]]
        first = tasks[0]()
    except KeyboardInterrupt:  # Ctrl-C: do not wait for the children to finish their shares
        stop_children()
        raise
    finally:
        # Always collect every child, even when this process's own task failed.
        outcomes = []
        for child in children:
            try:
                outcomes.append((True, child.result()))
            except (TaskFailed, OSError) as exc:
                outcomes.append((False, exc))
    results = [first]
    for ok, value in outcomes:
        if not ok:
            raise value
        results.append(value)
    return results
