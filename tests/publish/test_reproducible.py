"""Two checkouts of the same content in different folders build byte-identical site/ and dist/
(CI runners check out wherever they like), pictures inside practices included."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_BUILD_DATE, REPO, make_project

EPOCH = "1780000000"


def build(root: Path) -> None:
    """A whole ``python -m generator build`` in its own process, as CI runs it."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": "random"}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(root),
                             "--build-date", EXAMPLE_BUILD_DATE], cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def files(root: Path) -> dict[str, bytes]:
    """Every file of site/ and dist/, nothing excluded, by its path in the repository."""
    return {str(path.relative_to(root)): path.read_bytes()
            for folder in ("site", "dist") for path in sorted((root / folder).rglob("*")) if path.is_file()}


@pytest.mark.parametrize("sample", ["gymnasium"])
def test_two_checkouts_build_the_same_bytes(tmp_path: Path, sample: str) -> None:
    first = make_project(tmp_path / "runner-1", sample)
    second = make_project(tmp_path / "другой" / "каталог с пробелом" / "ci", sample)
    practices = first / "content" / "practices"
    assert any("](" in p.read_text(encoding="utf-8") and "files/" in p.read_text(encoding="utf-8")
               for p in practices.glob("*.md")), "the sample must have a picture inside a practice"
    build(first)
    build(second)
    one, two = files(first), files(second)
    assert sorted(one) == sorted(two)
    assert any(name.endswith(".pdf") for name in one) and any(name.endswith(".html") for name in one)
    differing = [name for name in one if one[name] != two[name]]
    assert not differing, differing
    for name, data in one.items():  # nothing says where it was built
        assert str(first).encode() not in data and str(second).encode("utf-8") not in data, name
