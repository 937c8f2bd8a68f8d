"""`bash scripts/cms-local.sh`: the local proxy (decap-server, a runtime package now) and the preview
start together, the printed address is the real one (-a), the form's config points at the proxy, and
Ctrl+C (SIGINT to the whole process group, as a terminal sends it) stops everything it started."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import REPO, make_project, wait_until

pytestmark = pytest.mark.skipif(not (REPO / "node_modules/.bin/decap-server").exists(),
                                reason="decap-server is installed by npm ci (scripts/build.sh)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def school_with_scripts(tmp_path: Path) -> Path:
    """The minimal school with this checkout's scripts and the test run's virtualenv as .venv."""
    root = make_project(tmp_path)
    shutil.copytree(REPO / "scripts", root / "scripts")
    (root / ".venv").symlink_to(Path(sys.prefix))
    return root


def start_cms_local(root: Path, web: int, proxy: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "NASTAVNIK_SKIP_SETUP": "1", "CMS_PROXY_PORT": str(proxy), "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": str(REPO)}
    return subprocess.Popen(["bash", "scripts/cms-local.sh", "-a", f"127.0.0.1:{web}"], cwd=root, env=env,
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def _alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_cms_local_starts_prints_the_real_address_and_stops_on_ctrl_c(tmp_path):
    root = school_with_scripts(tmp_path)
    web, proxy = _free_port(), _free_port()
    log = tmp_path / "cms-local.log"
    script = start_cms_local(root, web, proxy, log)
    try:
        assert wait_until(lambda: _open(web) and _open(proxy)), log.read_text(encoding="utf-8")
        text = log.read_text(encoding="utf-8")
        assert re.search(rf"Веб-форма: http://127\.0\.0\.1:{web}/admin/", text), text
        assert "127.0.0.1:8000" not in text
        with urllib.request.urlopen(f"http://127.0.0.1:{web}/admin/config.yml", timeout=30) as response:
            config = yaml.safe_load(response.read().decode("utf-8"))
        assert config["local_backend"]["url"] == f"http://127.0.0.1:{proxy}/api/v1"
        request = urllib.request.Request(f"http://127.0.0.1:{proxy}/api/v1", data=b'{"action": "info"}',
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.load(response)["type"] == "local_fs"
    finally:
        os.killpg(script.pid, signal.SIGINT)  # Ctrl+C in the terminal
        script.wait(timeout=60)
    assert wait_until(lambda: not _alive(script.pid), 30), "a process of cms-local.sh outlived Ctrl+C"
    assert not _open(web) and not _open(proxy)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_cms_local_without_npm_packages_says_what_to_run(tmp_path):
    root = school_with_scripts(tmp_path)
    (root / "node_modules").unlink()
    log = tmp_path / "cms-local.log"
    script = start_cms_local(root, _free_port(), _free_port(), log)
    assert script.wait(timeout=60) == 2
    assert "выполните bash scripts/build.sh" in log.read_text(encoding="utf-8")
