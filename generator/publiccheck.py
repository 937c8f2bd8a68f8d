"""A last look at every public output before it replaces the published one.

A person whose consent does not allow their name, or a photo without consent, or an e-mail
other than the school's, fails the build with the output file named. The check reads the
text and the attributes people see (alt, title, aria-label), not just the Markdown sources,
so a name typed by hand into a body is caught too.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .consent import Registry
from .errors import BuildError
from .loader import Project

log = logging.getLogger("nastavnik")

TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".md", ".svg", ".yml", ".yaml"}
_VISIBLE_ATTRS = {"alt", "title", "aria-label", "content", "placeholder", "href", "src"}
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.extend(value for name, value in attrs if name in _VISIBLE_ATTRS and value)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(path: Path) -> str:
    """Text a reader or a machine gets from one output file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".html":
        parser = _Visible()
        parser.feed(text)
        text = " ".join(parser.parts)
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Leak:
    output: str
    what: str


def name_patterns(full_name: str) -> list[re.Pattern[str]]:
    """Ways a Russian name is written: «Фамилия Имя Отчество», «Фамилия Имя», «Фамилия И. О.», «И. О. Фамилия»."""
    parts = full_name.split()
    if len(parts) < 2:
        return [re.compile(rf"\b{re.escape(full_name)}\b", re.I)]
    surname, first = parts[0], parts[1]
    initials = r"\s*".join(rf"{re.escape(p[0])}\." for p in parts[1:3])
    forms = [rf"{re.escape(surname)}\s+{re.escape(first)}", rf"{re.escape(first)}\s+{re.escape(surname)}",
             rf"{re.escape(surname)}\s+{initials}", rf"{initials}\s*{re.escape(surname)}"]
    return [re.compile(rf"(?<![\w-]){form}(?![\w-])", re.I) for form in forms]


def find_leaks(out_dir: Path, hidden_names: dict[str, str], hidden_photos: set[str],
               allowed_email: str) -> list[Leak]:
    """Every forbidden name, photo or e-mail in the files under ``out_dir``."""
    patterns = {ident: name_patterns(name) for ident, name in hidden_names.items()}
    photo_names = {Path(p).name for p in hidden_photos}
    leaks: list[Leak] = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(out_dir).as_posix()
        if path.name in photo_names and rel.startswith(("files/", "site/files/")):
            leaks.append(Leak(rel, "фотография участника без согласия на публикацию фото"))
        if path.suffix not in TEXT_SUFFIXES:
            continue
        text = visible_text(path)
        for ident, forms in patterns.items():
            if any(form.search(text) for form in forms):
                leaks.append(Leak(rel, f"имя участника «{ident}», не давшего согласия на публикацию имени"))
        for email in set(_EMAIL.findall(text)):
            if email.lower() != allowed_email.lower() and not email.lower().endswith((".svg", ".png", ".js")):
                leaks.append(Leak(rel, f"адрес электронной почты {email} (разрешён только адрес школы)"))
    return leaks


def check_public_outputs(project: Project, out_dir: Path) -> None:
    """Refuse outputs that would publish what consent does not allow; name every offending file."""
    hidden_names: dict[str, str] = {}
    hidden_photos: set[str] = set()
    for data in project.years.values():
        registry = Registry(data.participants.model.participants if data.participants else [])
        # A person named with consent in one year stays hidden if any year's record withholds it.
        hidden_names.update(registry.hidden_names())
        hidden_photos |= registry.hidden_photos()
    leaks = find_leaks(out_dir, hidden_names, hidden_photos, project.school.model.email)  # type: ignore[union-attr]
    if leaks:
        for leak in leaks:
            log.error("%s: %s", leak.output, leak.what)
        raise BuildError(f"Публикация остановлена: найдено нарушений персональных данных — {len(leaks)}. "
                         "Прежние site/ и dist/ не изменены.")
