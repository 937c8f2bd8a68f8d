"""The pypdf fence: every private name of pypdf is used in generator/book/pypdf_internals.py, and
that module was written for one pypdf version; another installed version must be re-checked."""
from __future__ import annotations

import re
from importlib.metadata import version

from conftest import REPO
from generator.book import pypdf_internals


def test_installed_pypdf_is_the_one_the_fence_was_written_for():
    installed = version("pypdf")
    assert installed == pypdf_internals.WRITTEN_FOR, (
        f"pypdf is no longer {pypdf_internals.WRITTEN_FOR} (installed: {installed}): re-check "
        "generator/book/pypdf_internals.py against pypdf's changelog, run tests/book/, then update WRITTEN_FOR")


def test_pyproject_pins_the_same_pypdf():
    pin = re.search(r'"pypdf==([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pin and pin[1] == pypdf_internals.WRITTEN_FOR, \
        "pyproject.toml pins another pypdf than generator/book/pypdf_internals.py was written for: re-check it"


def test_no_private_pypdf_name_outside_the_fence():
    """A private attribute (``obj._name``) used anywhere in the modules that handle pypdf objects."""
    outside = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        if path.name == "pypdf_internals.py" or "pypdf" not in path.read_text(encoding="utf-8"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for name in re.findall(r"(?<![\w.])(?!self\.|cls\.|os\.)(\w+)\._[a-z]\w*", code):
                outside.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert outside == [], "private pypdf names outside generator/book/pypdf_internals.py:\n" + "\n".join(outside)
