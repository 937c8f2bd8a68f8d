"""`mkdocs build` and `mkdocs serve` at the repository root work as MkDocs users expect."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request

from conftest import edit, wait_until
from generator.privacy.searchtext import search_index_text
from pagefind_files import fragments, unpacked_bytes


def test_mkdocs_build_at_root(project):
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (project / "site/practices/urok-vdvoyom/index.html").is_file()
    assert (project / "site/years/2025-2026/results/index.html").is_file()
    assert "WARNING -" not in proc.stderr
    assert "/news/start/" in fragments(project / "site")  # the hook builds the search index too


def test_generated_config_builds_without_hooks(project):
    from conftest import run

    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    config = (project / ".build/mkdocs.yml").read_text(encoding="utf-8")
    assert "INHERIT: ../mkdocs.yml" in config and "hooks: []" in config
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", ".build/mkdocs.yml", "-d", "../plain"],
                          cwd=project, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (project / "plain/news/start/index.html").is_file()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    data = _get_bytes(url)
    return data.decode("utf-8") if data is not None else None


def _get_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read()
    except OSError:
        return None


def _served_index_text(base: str) -> str:
    """Every page's text in the search index the preview serves, read over HTTP as a browser does:
    the entry names the meta file, which names every page's fragment."""
    entry = json.loads(_get(f"{base}/pagefind/pagefind-entry.json") or "{}")
    language = entry.get("languages", {}).get("ru")
    meta = _get_bytes(f"{base}/pagefind/pagefind.{language['hash']}.pf_meta") if language else None
    if meta is None:
        return ""
    hashes = [s for s in search_index_text(meta).split("\n") if s.startswith("ru_")]
    texts = [_get_bytes(f"{base}/pagefind/fragment/{h}.pf_fragment") for h in hashes]
    return "\n".join(json.loads(unpacked_bytes(t))["content"] for t in texts if t is not None)


def test_mkdocs_serve_reloads_content_edits(project):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/news/start/"
    try:
        assert wait_until(lambda: "Стартовала программа" in (_get(url) or ""), 40.0)
        edit(project, "content/news/start.md", "title: Стартовала программа наставничества",
             "title: Программа наставничества стартовала")
        assert wait_until(lambda: "Программа наставничества стартовала" in (_get(url) or ""), 40.0)
        # The preview's search: the index is made again after each rebuild.
        assert wait_until(lambda: "Программа наставничества стартовала" in _served_index_text(f"http://127.0.0.1:{port}"), 40.0)
    finally:
        server.terminate()
        server.wait(timeout=10)
