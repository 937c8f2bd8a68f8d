"""The personal-data gate over the sources: what ``check`` finds before anything is built (privacy stage).

The gate of the build (publiccheck) reads every public output; this module reads the texts that
become public — every content file, and the values of data/ that pages and PDFs print — with the
same matcher (:class:`~generator.privacy.gatetext.TextGate`), so that a name without consent, a phone or a
foreign e-mail is an error at ``file:line:col`` of the source in ``check``, and stops ``build``,
``mkdocs build`` and ``mkdocs serve`` before a single file is written. A practice that is not
approved is not published: what is found there is a warning, to fix before approval.

Not read: participants' names and ids (the consent registry itself), ids and file paths (never
printed as text), data/privacy-allowlist.yaml and data/dictionary.txt. A text listed in the
allow-list (data/privacy-allowlist.yaml) for any output is not reported here either.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..model.content_models import is_draft
from ..errors import Report
from .gatetext import TextGate, canonical
from ..model.loader import ContentDoc, Project
from .detectors import load_allowlist
from ..model.yamlsrc import Source, YamlSyntaxError, parse_yaml, read_text

# Keys whose values are ids, paths, addresses or the registry's own names: never text of a page.
_NOT_TEXT = {"id", "authors", "mentors", "mentees", "attendees", "participant", "pair", "event", "rubric",
             "cover", "image", "photo", "attachments", "materials", "evidence", "post", "site_url", "vk_url",
             "email", "repo", "backend", "branch", "current_year", "year", "kind", "status", "roles",
             "channels", "form", "level", "date", "joined", "formed", "due", "approved", "done_on",
             "processing", "withdrawn", "publication"}
_DRAFT = "в неопубликованном материале ({status}) — уберите до публикации: "


def _position(text: str, found: str, first_line: int = 1) -> tuple[int, int]:
    """Line and column of ``found`` in ``text`` (as written, or word by word across any spelling)."""
    index = text.find(found)
    if index < 0:
        words = re.findall(r"\w+", found)
        pattern = r"\W+".join(re.escape(w[:max(3, len(w) - 3)]) + r"\w*" for w in words)
        match = re.search(pattern, text, re.I) if words else None
        index = match.start() if match else -1
    if index < 0:
        return first_line, 1
    line = text.count("\n", 0, index)
    return first_line + line, index - (text.rfind("\n", 0, index) + 1) + 1


def _strings(value: Any, loc: tuple[Any, ...], skip_names: bool) -> list[tuple[tuple[Any, ...], str]]:
    """Every text value under ``value`` with its location, but those of :data:`_NOT_TEXT`."""
    found: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(value, str):
        found.append((loc, value))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _strings(item, (*loc, i), skip_names)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in _NOT_TEXT or (skip_names and key == "name" and loc[:1] == ("participants",)):
                continue
            found += _strings(item, (*loc, key), skip_names)
    return found


class SourceGate:
    """Runs the gate's matcher over a project's sources and reports findings into a report."""

    def __init__(self, project: Project, report: Report):
        self.project, self.report = project, report
        self.gate = TextGate(project)
        self.allowed = {canonical(a.text) for a in load_allowlist(project.root, Report())}

    def _report(self, path: str, pos: tuple[int, int], field: str, what: str, found: str,
                draft: str | None) -> None:
        if canonical(found) in self.allowed:
            return
        message = f"{what}: «{found}» — публикация запрещена (152-ФЗ); ожидается текст без него"
        if draft:
            self.report.warning(path, pos, field, _DRAFT.format(status=draft) + message)
        else:
            self.report.error(path, pos, field, message)

    def content(self, doc: ContentDoc[Any]) -> None:
        """One content file: front matter and body, as the author wrote them."""
        try:
            text = read_text(self.project.root / doc.src.path, 10 * 1024 * 1024)
        except OSError:
            return
        status = "draft" if is_draft(doc.meta) else getattr(doc.meta, "status", "approved")
        for leak in self.gate.scan(text, doc.src.path):
            field = "текст" if _position(text, leak.found)[0] >= doc.body_line else "метаданные"
            self._report(doc.src.path, _position(text, leak.found), field, leak.what, leak.found,
                         status if status != "approved" else None)

    def data(self, path: Path) -> None:
        """One YAML file of data/: each printed value, positioned on its value."""
        rel = path.relative_to(self.project.root).as_posix()
        source = Source(rel)
        try:
            raw = parse_yaml(read_text(path), source)
        except (OSError, YamlSyntaxError):
            return  # the loader reported it
        for loc, value in _strings(raw, (), skip_names=path.name == "participants.yaml"):
            for leak in self.gate.scan(value, rel):
                line, col = source.at(loc)
                inner = _position(value, leak.found)
                pos = (line + inner[0] - 1, inner[1] if inner[0] > 1 else col + inner[1] - 1)
                self._report(rel, pos, _field(loc), leak.what, leak.found, None)


def _field(loc: tuple[Any, ...]) -> str:
    from ..model.messages import field_name

    return field_name(loc)


def check_sources(project: Project, report: Report) -> None:
    """``check``'s personal-data findings in content/ and data/ (see the module's docstring)."""
    if project.school is None:
        return
    gate = SourceGate(project, report)
    for doc in [*project.practices, *project.news, *project.materials, *project.pages]:
        gate.content(doc)
    data = project.root / "data"
    for path in [data / "school.yaml", *sorted(data.glob("*/*.yaml"))]:
        if path.is_file() and not path.is_symlink():
            gate.data(path)
