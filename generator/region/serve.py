"""``python -m generator region serve``: the platform's built site/ as it is, over HTTP on the
preview address (no rebuild on change: the platform is built from received packages, not edited)."""
from __future__ import annotations

import functools
import http.server
import logging
from pathlib import Path

from ..errors import UsageError

log = logging.getLogger("nastavnik")


def serve_platform(root: Path, dev_addr: str) -> None:
    """Serve ``root/site`` at ``dev_addr`` (HOST:PORT) until Ctrl-C."""
    site = root / "site"
    if not (site / "index.html").is_file():
        raise UsageError(f"сайт платформы ещё не собран: нет {site}/index.html; выполните region build")
    host, _, port = dev_addr.rpartition(":")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler) as server:
        log.info("Платформа: http://%s/ (остановить — Ctrl+C)", dev_addr)
        server.serve_forever()
