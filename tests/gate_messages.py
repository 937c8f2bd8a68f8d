"""How a refused leak is named, whichever gate stopped it (issue 13: one gate for every command).

A leak written into a source is found there by ``check``'s source gate (generator/sourcegate.py)
as ``content/…md:LINE:COL: текст: WHAT: «FOUND» — …`` before anything is built; a leak that only an
output shows is found by the output gate as ``site/…: WHAT: «FOUND»``. Tests of the matcher accept
either, and keep asserting that the leak is named and that nothing was published."""
from __future__ import annotations

import re

STOPPED = ("Публикация остановлена", "Проверка не пройдена")


def stopped(output: str) -> bool:
    """The build ended on a privacy finding, at the sources or at the outputs."""
    return any(phrase in output for phrase in STOPPED) and "Traceback" not in output


def named(output: str, out: str, finding: str, source: str) -> bool:
    """``finding`` («what: «found»», without the source note) is named for the output ``out``, or at
    the source file ``source`` it was planted in."""
    finding = re.sub(r" \(источник: [^)]*\)$", "", finding)
    lines = output.splitlines()
    # ``out`` ending in «/» is a folder: the search index's files are named by their hashes.
    return any(line.startswith(out if out.endswith("/") else f"{out}: ") and finding in line for line in lines) or \
        any(line.startswith(f"{source}:") and finding in line for line in lines)
