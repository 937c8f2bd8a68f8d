"""``python -m generator``."""
import logging
import os
import sys

from .cli import main


def run() -> None:
    """Run the CLI and leave without tearing the interpreter down: after a site build there are
    millions of objects (pages, trees, templates), and freeing them one by one adds a quarter of a
    second to every command; the operating system reclaims the memory at once."""
    try:
        main(prog_name="python -m generator")
        code = 0
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            code = 1
        else:
            code = exc.code or 0
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nothing left to say
            pass
    os._exit(code)


run()
