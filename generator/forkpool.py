"""Running a few independent tasks on every core with ``fork``: the site build and the privacy
gate are pure Python and would otherwise use one core of the machine.

A forked child starts with the parent's memory (the loaded project, MkDocs' config and nav), so
nothing has to be pickled on the way in; only each task's result comes back, through a pipe.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

T = TypeVar("T")
MAX_WORKERS = 4  # the gate and the site split evenly; more processes than this mostly add memory
_FORK = multiprocessing.get_context("fork") if hasattr(os, "fork") else None  # only used where fork exists


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


_LIVE: set[Any] = set()  # children not yet joined, for stop_children() on Ctrl-C


class Counter:
    """A number every process adds to (shared memory made before the children fork), read by the
    parent while it waits for them: how far the forked tasks have come, for a progress line."""

    def __init__(self) -> None:
        self._shared = (_FORK or multiprocessing).Value("q", 0)

    def add(self, amount: int = 1) -> None:
        with self._shared.get_lock():
            self._shared.value += amount

    @property
    def value(self) -> int:
        return int(self._shared.value)


def ignore_interrupt() -> None:
    """In a child: Ctrl-C is the parent's to handle (it stops the children itself), so that a
    terminal's SIGINT to the whole process group prints one «Прервано», not a traceback a child."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_children() -> None:
    """Kill and reap every child still running (Ctrl-C: their results are no longer wanted)."""
    for process in list(_LIVE):
        process.kill()
        process.join()
        _LIVE.discard(process)


def _run_in_child(task: Callable[[], Any], send: Connection) -> None:
    """In the forked child: run ``task`` and send back its result or its failure, pickled."""
    ignore_interrupt()
    _LIVE.clear()  # the parent's other children are not this child's to stop
    try:
        payload = pickle.dumps((True, task()), protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as exc:  # a full disk, a read-only folder: the parent tells the user which
        payload = pickle.dumps((False, OSError(exc.errno, exc.strerror, exc.filename)))
    except BaseException as exc:  # noqa: BLE001 — everything goes back to the parent
        payload = pickle.dumps((False, f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    send.send_bytes(payload)


class Forked:
    """One task started now in a forked child; :meth:`result` waits for it (raises
    :class:`TaskFailed` if it failed). Without ``fork``, the task runs in :meth:`result`.

    A :class:`multiprocessing.Process` of the ``fork`` context, not a ``ProcessPoolExecutor``: a pool
    pickles each task on the way in, and the tasks here are closures over the loaded project and
    MkDocs' state, which the forked child already has. The child is daemonic: should the build stop
    before the result is wanted, the child is ended with it (a task therefore starts no Forked itself)."""

    def __init__(self, task: Callable[[], Any]):
        self.task: Callable[[], Any] = task
        self.process: BaseProcess | None = None
        if workers() == 1:
            return
        receive, send = _FORK.Pipe(duplex=False)
        self.process = _FORK.Process(target=_run_in_child, args=(task, send), daemon=True)
        self.process.start()
        send.close()  # the child holds the sending end: the parent reads EOF if it dies without a word
        self.receive = receive
        _LIVE.add(self.process)

    def result(self, tick: Callable[[], None] | None = None, every: float = 1.0) -> Any:
        """The task's return value (waiting for the child the first time, calling ``tick`` every
        ``every`` seconds of the wait)."""
        if self.process is None:
            value = self.task()
            self.task = lambda: value  # a second call gives the same value without running it again
            return value
        try:
            while tick is not None and not self.receive.poll(every):  # EOF too ends the wait
                tick()
            data = self.receive.recv_bytes()
        except EOFError:
            data = b""
        except BaseException:  # Ctrl-C while waiting: the child's work is no longer wanted
            self.process.kill()
            raise
        finally:
            self.receive.close()
            self.process.join()
            _LIVE.discard(self.process)
            self.process = None
        ok, value = pickle.loads(data) if data else (False, "дочерний процесс завершился, не вернув результата")
        if not ok:
            raise value if isinstance(value, OSError) else TaskFailed(value)
        self.task = lambda: value
        return value


def run_forked(tasks: Sequence[Callable[[], Any]], tick: Callable[[], None] | None = None,
               every: float = 1.0) -> list[Any]:
    """Results of ``tasks`` in order: the first runs in this process, each other one in a forked
    child. A child's failure is raised here as :class:`TaskFailed` once every child has ended.
    While this process waits for the children, ``tick()`` runs every ``every`` seconds (to tell the
    progress the children make, e.g. through a :class:`Counter`)."""
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
                outcomes.append((True, child.result(tick, every)))
            except (TaskFailed, OSError) as exc:
                outcomes.append((False, exc))
    results = [first]
    for ok, value in outcomes:
        if not ok:
            raise value
        results.append(value)
    return results
