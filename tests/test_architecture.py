"""The shape of generator/ (ARCHITECTURE.md): one subpackage per stage, imports only downwards, no
circles, few modules loose at the top. Read from the source with ast, so nothing is imported."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "generator"
# Bottom to top; a module may import its own stage, the stages below it and the loose BOTTOM modules.
LAYERS = ["model", "privacy", "check", "results", "editors", "website", "book", "publish", "region"]
BOTTOM = {"errors", "forkpool", "render", "russian"}
ENTRY = {"cli", "pipeline", "__main__", "__init__"}  # import anything; nothing imports them
MAX_LOOSE = 8


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "__init__"


def _imports(path: Path) -> set[str]:
    """The generator modules ``path`` imports (anywhere in the file, TYPE_CHECKING blocks included)."""
    name = _module_name(path)
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                # ``from . import x`` / ``from .mod import x``: x may be a module itself
                candidates = [target] + [f"{target}.{a.name}".lstrip(".") for a in node.names]
            elif node.module and node.module.split(".")[0] == "generator":
                target = node.module.removeprefix("generator").lstrip(".")
                candidates = [target] + [f"{target}.{a.name}".lstrip(".") for a in node.names]
            else:
                continue
            found.update(c.lstrip(".") for c in candidates if c.lstrip(".") in MODULES)
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("generator.") for a in node.names
                         if a.name.startswith("generator.") and a.name.removeprefix("generator.") in MODULES)
    found.discard(name)
    return {m for m in found if m not in _packages_of(name)}


def _packages_of(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {_module_name(p) for p in FILES}


def _stage(module: str) -> str:
    return module.split(".")[0] if "." in module or module in LAYERS else module


def _allowed(importer: str, imported: str) -> bool:
    low, high = _stage(imported), _stage(importer)
    if high in ENTRY:
        return True
    if low in ENTRY:
        return False
    if low in BOTTOM or low == high:
        return True
    if high in BOTTOM:
        return False  # the bottom modules import nothing of the package but each other
    if low in LAYERS and high in LAYERS:
        return LAYERS.index(low) < LAYERS.index(high)
    return False


def graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in FILES}


def test_every_stage_imports_only_stages_below_it():
    upward = [f"{a} → {b}" for a, targets in graph().items() for b in sorted(targets) if not _allowed(a, b)]
    assert upward == [], "imports against the layer order of ARCHITECTURE.md:\n" + "\n".join(upward)


def test_no_import_circles():
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == [], "import circles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_few_modules_loose_at_the_top_and_every_stage_has_a_folder():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE, f"more than {MAX_LOOSE} modules at the top of generator/: {loose}"
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(LAYERS)
    for stage in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "takes" in doc and "gives" in doc, f"generator/{stage}/__init__.py: say what the stage takes and gives"
