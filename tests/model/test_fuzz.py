"""Bad input never crashes: mutated YAML and front matter (wrong types, huge strings, deep nesting,
binary bytes, other encodings, alias bombs) end in clean messages and exit code 1, in bounded time,
and a failed build leaves no partial output."""
from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, make_project, run

TARGETS = ["data/school.yaml", "data/2025-2026/participants.yaml", "data/2025-2026/pairs.yaml",
           "data/2025-2026/events.yaml", "data/2025-2026/roadmap.yaml", "data/2025-2026/content_plan.yaml",
           "content/practices/urok-vdvoyom.md", "content/news/start.md", "content/materials/networking.md"]
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))

scalars = st.one_of(
    st.text(max_size=80), st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.just("x" * 200_000), st.just("2025-13-01"), st.just("[" * 3000 + "]" * 3000), st.just("*undefined"),
    st.just("{a: [1, {b: 2}]}"), st.just("\x00\x01"), st.just("- a\n- b"), st.just("'unterminated"),
)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    rel = draw(st.sampled_from(TARGETS))
    text = (SAMPLES / "minimal" / rel).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["value", "value", "value", "bytes", "cp1251", "utf16", "bom", "bomb", "truncate",
                                 "nesting", "drop-line"]))
    if kind == "value":
        spots = [m for m in re.finditer(r"(?m)(:[ ]+)([^\n]+)$", text)]
        spot = draw(st.sampled_from(spots))
        value = draw(scalars)
        raw = text[:spot.start(2)] + str(value) + text[spot.end(2):]
        return rel, raw.encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return rel, draw(st.binary(max_size=2000))
    if kind == "cp1251":
        return rel, text.encode("cp1251", "replace")
    if kind == "utf16":
        return rel, text.encode("utf-16")
    if kind == "bom":
        return rel, b"\xef\xbb\xbf" + text.encode("utf-8")
    if kind == "bomb":
        return rel, (("---\n" + BOMB + "---\n") if rel.endswith(".md") else BOMB).encode()
    if kind == "truncate":
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        return rel, text[:cut].encode("utf-8")
    if kind == "nesting":
        depth = draw(st.integers(min_value=50, max_value=20_000))
        return rel, ("k: " + "[" * depth + "]" * depth + "\n").encode()
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    return rel, "".join(lines[:index] + lines[index + 1:]).encode("utf-8")


def _school() -> Path:
    root = Path(tempfile.mkdtemp(prefix="fuzz-"))
    for folder in ("data", "content"):
        shutil.copytree(SAMPLES / "minimal" / folder, root / folder)
    return root


@settings(max_examples=150, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_check_never_crashes(mutation):
    rel, raw = mutation
    root = _school()
    try:
        (root / rel).write_bytes(raw)
        code, output = run(root, "check")
        assert code in (0, 1), output
        assert "Traceback" not in output
        if code == 1:
            assert output.rstrip().splitlines()[-1].startswith("Проверка не пройдена")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=8, deadline=60_000, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutations())
def test_failed_build_leaves_no_partial_output(tmp_path, mutation):
    rel, raw = mutation
    root = make_project(Path(tempfile.mkdtemp(dir=tmp_path)))
    (root / rel).write_bytes(raw)
    code, output = run(root, "build", "--build-date", "2025-12-01")
    assert code in (0, 1), output
    assert "Traceback" not in output
    assert not list((root / ".build").glob("staging-*"))
    if code == 1:
        assert not (root / "site").exists() and not (root / "dist").exists()
