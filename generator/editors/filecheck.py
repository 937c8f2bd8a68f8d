"""The pre-commit hook on any text file (``python -m generator files FILE…``), in Russian, offline.

What pre-commit's generic hooks did (trailing spaces, the final newline, YAML syntax) without
downloading them on the first commit, with messages a teacher reads, and with the web form's way
of saving in mind: Decap CMS writes a Markdown file under content/ without a final newline, and a
file saved from the form must pass as saved. Nothing is rewritten: the message says what to fix.
"""
from __future__ import annotations

from pathlib import Path

from ..model.yamlsrc import syntax_error

MD_LINEBREAK = "  "  # two spaces at the end of a Markdown line are a line break, kept


def _trailing_spaces(rel: str, lines: list[str], markdown: bool) -> list[str]:
    found = []
    for number, line in enumerate(lines, 1):
        stripped = line.rstrip(" \t")
        if stripped == line or (markdown and stripped and line == stripped + MD_LINEBREAK):
            continue
        found.append(f"{rel}:{number}:{len(stripped) + 1}: пробелы в конце строки; ожидается строка без них "
                     "(VS Code с настройками проекта убирает их сам)")
    return found


def _ending(rel: str, text: str, form_markdown: bool) -> list[str]:
    if not text or text.endswith("\n") and not text.endswith("\n\n"):
        return []
    line = text.count("\n") + 1
    if text.endswith("\n\n"):
        return [f"{rel}:{len(text.rstrip(chr(10)).splitlines()) + 1}:1: лишние пустые строки в конце файла; "
                "ожидается ровно один перевод строки"]
    if form_markdown:  # as Decap CMS saves it
        return []
    return [f"{rel}:{line}:{len(text.splitlines()[-1]) + 1}: нет перевода строки в конце файла; "
            "ожидается, что файл заканчивается переводом строки (Enter после последней строки)"]


def check_file(root: Path, rel: str) -> list[str]:
    """Problems of one file (path relative to ``root``), each as «file:line:col: message»."""
    path = root / rel
    if not path.is_file() or path.is_symlink():
        return []
    raw = path.read_bytes()
    if b"\0" in raw[:8192]:
        return []  # not text (pre-commit passes only text files; a guard all the same)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return [f"{rel}:{line}:1: файл не в кодировке UTF-8; ожидается UTF-8 (в VS Code: «Сохранить с кодировкой»)"]
    suffix = path.suffix.lower()
    markdown = suffix == ".md"
    problems = _trailing_spaces(rel, text.split("\n"), markdown)
    problems += _ending(rel, text, markdown and rel.startswith("content/"))
    if suffix in (".yaml", ".yml"):
        error = syntax_error(text)
        if error is not None:
            problems.append(f"{rel}:{error.pos[0]}:{error.pos[1]}: {error.message}")
    return problems


def check_files(root: Path, files: list[str]) -> list[str]:
    """Every problem of every file, all at once."""
    return [problem for rel in files for problem in check_file(root, Path(rel).as_posix())]
