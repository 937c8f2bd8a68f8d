"""pyproject.toml pins exactly what generator/ imports, and requirements.lock (what the set-up
scripts install) holds the same versions."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import REPO

NOT_IMPORTED = {"pymdown-extensions", "pymorphy3-dicts-ru", "mkdocs-material"}  # used by mkdocs.yml (theme, extensions) and by pymorphy3, by name


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    assert all("==" in pin for pin in pins), "every dependency is pinned exactly"
    return {_name(pin): pin.split("==")[1] for pin in pins}


def _imported_distributions() -> set[str]:
    owners = packages_distributions()
    found = set()
    for path in (REPO / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and not node.level and node.module else []
            for top in {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - {"generator"}:
                found.update(d.lower().replace("_", "-") for d in owners.get(top, [top]))
    return found


def test_every_import_is_pinned_and_every_pin_is_used():
    pins, imported = _pins(), _imported_distributions()
    assert sorted(imported - pins.keys()) == [], "imported by generator/ but not pinned in pyproject.toml"
    runtime = {_name(p) for p in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    assert sorted(runtime - imported - NOT_IMPORTED) == [], "pinned in pyproject.toml but never imported"


def test_the_lock_holds_the_pinned_versions():
    locked = {_name(line): line.split("==")[1].strip() for line in
              (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines() if "==" in line and not line.startswith("#")}
    differ = {name: (version, locked.get(name)) for name, version in _pins().items() if locked.get(name) != version}
    assert differ == {}, "requirements.lock is stale: refresh it with the command in README.md (Для разработчиков)"
