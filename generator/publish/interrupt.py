"""Ctrl-C that is never lost.

Python turns SIGINT into ``KeyboardInterrupt`` between two bytecodes of the main thread; when that
moment falls inside a ``__del__`` or a weakref callback (WeasyPrint and MkDocs create many), the
interpreter prints «Exception ignored» and carries on — and the build would go on to publish. So
after the first SIGINT the exception is raised again every quarter of a second (SIGALRM) until it
reaches the command's handler, which calls :func:`disarm`.
"""
from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

REPEAT = 0.25  # seconds between attempts after the first Ctrl-C


def _raise(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _on_sigint(signum: int, frame: Any) -> None:
    signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, REPEAT, REPEAT)
    raise KeyboardInterrupt


def disarm() -> None:
    """Stop raising: the interrupt has reached the handler that ends the command."""
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0, 0)


@contextmanager
def reliable_interrupt() -> Iterator[None]:
    """Within the block, Ctrl-C surfaces as ``KeyboardInterrupt`` even if a finaliser swallows it
    once (only in the main thread of a POSIX process; elsewhere Python's default stays)."""
    try:
        previous = signal.signal(signal.SIGINT, _on_sigint)
        alarm = signal.getsignal(signal.SIGALRM) if hasattr(signal, "setitimer") else None
    except (ValueError, AttributeError):  # not the main thread
        yield
        return
    hook = sys.unraisablehook

    def quiet(unraisable: Any) -> None:  # the swallowed Ctrl-C is raised again: no traceback for it
        if not isinstance(unraisable.exc_value, KeyboardInterrupt):
            hook(unraisable)

    sys.unraisablehook = quiet
    try:
        yield
    finally:
        disarm()
        sys.unraisablehook = hook
        signal.signal(signal.SIGINT, previous)
        if alarm is not None:
            signal.signal(signal.SIGALRM, alarm)
