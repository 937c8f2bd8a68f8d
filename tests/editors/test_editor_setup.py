"""What editors and reviewers rely on: schemas that are current and match the data, the VS Code
settings, the pre-commit hooks and the CI workflows (valid YAML that calls commands that exist)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO
from generator.cli import main as cli
from generator.model.schemas import SCHEMA_FILES, render_schemas
from generator.model.yamlsrc import Source, parse_yaml, split_front_matter


def test_schemas_are_current():
    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "schemas").glob("*.schema.json")
                 if p.name != "rnc-manifest.schema.json"}
    assert committed == render_schemas(), "run: python -m generator schemas"


def _schema(name: str) -> dict:
    return json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted((REPO / "data").rglob("*.yaml")), ids=lambda p: p.relative_to(REPO).as_posix())
def test_example_data_files_validate_against_their_schema(path):
    name = "school" if path.name == "school.yaml" else path.stem
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema={'../' * (len(path.relative_to(REPO).parts) - 1)}"
                           f"schemas/{name}.schema.json\n")
    data = parse_yaml(text, Source(path.name))  # dates stay strings, as an editor sees them
    jsonschema.validate(data, _schema(name), format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("kind", ["practices", "news", "materials", "pages"])
def test_example_front_matter_validates_against_its_schema(kind):
    for path in sorted((REPO / "content" / kind).glob("*.md")):
        doc = split_front_matter(path.read_text(encoding="utf-8"), Source(path.name))
        jsonschema.validate(doc.meta, _schema(f"{kind}-front-matter"), format_checker=jsonschema.FormatChecker())


def test_schemas_reject_what_the_models_reject():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pairs": [{"id": "Pair 1", "form": "x"}]}, _schema("pairs"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"staff_total": 10, "participants": [], "typo": 1}, _schema("participants"))


def test_vscode_maps_every_data_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    for name in SCHEMA_FILES:
        if not name.endswith("front-matter"):
            assert f"schemas/{name}.schema.json" in mapped, name
    for schema in mapped:
        assert (REPO / schema).is_file()


def test_vscode_maps_every_front_matter_schema_to_its_content_folder():
    """.remarkrc.mjs (VS Code's remark extension) maps each front matter schema to content/<kind>/."""
    text = (REPO / ".remarkrc.mjs").read_text(encoding="utf-8")
    mapped = dict(re.findall(r'"(schemas/[\w-]+\.schema\.json)": \["(content/[\w/*.]+)"\]', text))
    kinds = [name.removesuffix("-front-matter") for name in SCHEMA_FILES if name.endswith("front-matter")]
    assert mapped == {f"schemas/{kind}-front-matter.schema.json": f"content/{kind}/**/*.md" for kind in kinds}
    recommended = json.loads((REPO / ".vscode/extensions.json").read_text(encoding="utf-8"))["recommendations"]
    assert "unifiedjs.vscode-remark" in recommended and "redhat.vscode-yaml" in recommended


REMARK_RUN = """
import {readFileSync} from "node:fs";
import {remark} from "remark";
import config from "./.remarkrc.mjs";
// The file is given as options: unified makes its own VFile (npm may hoist an older, CommonJS vfile
// that another package needs to the top of node_modules).
for (const name of process.argv.slice(2)) {
  const file = await remark().use(config).process({path: name, value: readFileSync(name, "utf8")});
  for (const m of file.messages) console.log(`${name}:${m.line}:${m.column}: ${m.reason}`);
}
"""


@pytest.mark.skipif(not (REPO / "node_modules/remark-lint-frontmatter-schema").is_dir() or shutil.which("node") is None,
                    reason="remark is a development package (npm ci, scripts/test.sh installs it)")
def test_the_editor_check_flags_a_bad_practice_and_passes_the_example(tmp_path):
    """What VS Code shows: the same remark pipeline, run by node on a copy of the repository's layout."""
    for name in (".remarkrc.mjs", "schemas"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(REPO / "node_modules")
    shutil.copytree(REPO / "content", tmp_path / "content")
    bad = tmp_path / "content/practices/bad.md"
    bad.write_text("---\ntitle: x\nyear: 2025-2026\nauthors: [a]\nform: педагог\nsummary: s\nstatus: approve\n"
                   "submit_to_rnc: false\n---\n\n## Актуальность\n", encoding="utf-8")
    (tmp_path / "run.mjs").write_text(REMARK_RUN, encoding="utf-8")
    files = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "content").rglob("*.md"))
    proc = subprocess.run(["node", "run.mjs", *files], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(line.startswith("content/practices/bad.md:5:7:") and "педагог–педагог" in line for line in lines), lines
    assert any(line.startswith("content/practices/bad.md:7:9:") and "approved" in line for line in lines), lines
    assert [line for line in lines if not line.startswith("content/practices/bad.md")] == []


def _commands(text: str) -> list[str]:
    return [line for line in text.splitlines() if "scripts/" in line or "generator" in line or "pre-commit" in line]


def _check_command(line: str) -> None:
    for script in re.findall(r"bash (scripts/[\w./-]+)", line):
        assert (REPO / script).is_file(), script
    match = re.search(r"-m generator (\w+)(.*)", line)
    if match:
        command = cli.commands.get(match.group(1))
        assert command is not None, line
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for option in re.findall(r"(--[\w-]+)", match.group(2)):
            assert option in options, (line, option)
    for option in re.findall(r"scripts/build\.sh((?: --[\w-]+)*)", line):
        build_options = {opt for param in cli.commands["build"].params for opt in getattr(param, "opts", [])}
        for flag in option.split():
            assert flag in build_options, (line, flag)


def test_github_workflow_is_valid_and_calls_existing_commands():
    text = (REPO / ".github/workflows/site.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert set(workflow[True]) >= {"pull_request", "push"}  # PyYAML reads the key `on` as True
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = [step["run"] for step in steps if "run" in step]
    assert any("--strict" in run for run in runs) and any("pre-commit run --all-files" in run for run in runs)
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in steps)
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in steps)
    for run in runs:
        for line in _commands(run):
            _check_command(line)


def test_gitlab_ci_is_valid_and_calls_existing_commands():
    pipeline = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "merge_request_event" in json.dumps(pipeline["workflow"])
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"]
    assert "site/" in pipeline["build"]["artifacts"]["paths"]
    for line in pipeline["build"]["script"]:
        _check_command(line)


def test_pre_commit_hooks_are_the_projects_own():
    """Local hooks only (nothing downloaded on the first commit), through scripts/hook.sh."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert set(hooks) == {"nastavnik-check", "nastavnik-files"}
    for hook in hooks.values():
        assert hook["language"] == "unsupported" and "additional_dependencies" not in hook
        assert hook["entry"].startswith("bash scripts/hook.sh ")
    assert hooks["nastavnik-check"]["entry"].endswith("check --strict")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed to run pre-commit")
def test_pre_commit_runs_clean_on_the_example(tmp_path):
    """`pre-commit run --all-files` on a copy of this working tree (committed or not)."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for rel in filter(None, files):
        if (REPO / rel).is_file() and not (REPO / rel).is_symlink():
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / rel, tmp_path / rel)
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))  # the virtualenv running these tests
    proc = run_pre_commit(tmp_path, "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("Passed") == 2, proc.stdout


def run_pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`pre-commit run ARGS` in a fresh git repository at ``root`` (everything added), offline."""
    git = ["git", "-c", "user.email=ci@example.ru", "-c", "user.name=ci"]
    if not (root / ".git").exists():
        subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    pre_commit = shutil.which("pre-commit") or str(Path(sys.prefix) / "bin" / "pre-commit")
    env = {**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"), "PIP_NO_INDEX": "1"}
    return subprocess.run([pre_commit, "run", "--color", "never", *args], cwd=root, capture_output=True, text=True,
                          env=env)
