"""The intake is not silent: while the schools' packages are checked (in parallel processes), the
centre sees «проверено N из M школ»; a quick intake prints no such line; Ctrl-C stops it at once."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, interrupt, run, session_processes
from region_helpers import gym_manifest_url, gymnasium, region_yaml, serve  # noqa: F401

SCHOOLS = [f"school{n}" for n in range(6)]


def _region(root: Path, base: str) -> None:
    """Six schools, each sending the gymnasium's package from its (slow or quick) site."""
    region_yaml(root, [(sid, "svetloborsk", [gym_manifest_url(base)]) for sid in SCHOOLS])


def _told(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"^  проверено (\d+) из 6 школ \(\d+ с\)$", output, flags=re.M)]


def test_a_slow_intake_tells_how_many_schools_are_checked(tmp_path: Path, gymnasium: Path,  # noqa: F811
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.region import intake

    base, server = serve(gymnasium / "site", delay=0.4)
    try:
        _region(tmp_path, base)
        monkeypatch.setattr(intake, "PROGRESS_EVERY", 0.2)  # the forked children inherit it
        code, output = run(tmp_path, "region", "check")
    finally:
        server.shutdown()
    assert code == 0, output
    told = _told(output)
    # each school waits ≥ 0.4 s for its manifest: the count moves between lines 0.2 s apart
    assert len(told) >= 2 and told == sorted(set(told)) and 0 < told[0] and told[-1] <= 6, output
    assert output.index("• Приём пакетов школ: 6") < output.index("  проверено")
    assert "Пакетов принято: 6, отклонено: 0." in output


def test_a_quick_intake_prints_no_progress_lines(tmp_path: Path, gymnasium: Path) -> None:  # noqa: F811
    base, server = serve(gymnasium / "site")
    try:
        _region(tmp_path, base)
        code, output = run(tmp_path, "region", "check")
        assert code == 0, output
        code, again = run(tmp_path, "region", "check")
    finally:
        server.shutdown()
    assert code == 0, again
    assert _told(output) == [] and _told(again) == [], output + again
    assert "Пакетов принято: 6, отклонено: 0." in again


def test_ctrl_c_stops_the_intake_at_once(tmp_path: Path, gymnasium: Path) -> None:  # noqa: F811
    base, server = serve(gymnasium / "site", delay=5.0)  # every school's process waits for its server
    try:
        _region(tmp_path, base)
        check = subprocess.Popen([sys.executable, "-u", "-m", "generator", "region", "check", "--root", str(tmp_path)],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert check.stdout is not None
        seen = []
        for line in check.stdout:
            seen.append(line)
            if "• Приём пакетов школ" in line:
                break
        time.sleep(0.5)  # inside the intake: the processes are forked and waiting for the server
        assert check.poll() is None, "".join(seen)
        rest, elapsed = interrupt(check)
    finally:
        server.shutdown()
    output = "".join(seen) + rest
    assert check.returncode == 130, output
    assert "Прервано" in rest and "Traceback" not in output, output
    assert elapsed < 2.0, f"{elapsed:.1f} s"
    time.sleep(0.2)
    assert session_processes(check.pid) == [], "intake processes left running"
