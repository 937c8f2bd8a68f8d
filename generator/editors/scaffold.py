"""``python -m generator new``: a new practice, news post or material from a template; never overwrites."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click
from pydantic_core import PydanticCustomError
from slugify import slugify

from ..model.data_models import PAIR_FORMS
from ..errors import Report, UsageError
from ..model.fieldtypes import parse_iso_date
from ..model.loader import load_project
from ..render import make_env

FOLDERS = {"practice": "practices", "news": "news", "material": "materials"}
MATERIAL_KINDS = ("networking", "business_game", "training", "presentation")


def make_slug(title: str) -> str:
    """A Latin file name from a Russian title: «Урок вдвоём» → ``urok-vdvoem``."""
    return slugify(title, max_length=60, word_boundary=True, lowercase=True)


def short_name(full: str) -> str:
    """«Иванова Анна Андреевна» → «Иванова А. А.»: enough for a teacher to find herself in a list."""
    surname, *rest = full.split()
    return " ".join([surname, *(f"{part[0]}." for part in rest if part[:1].isalpha())])


def _ask_ids(prompt: str, people: list[tuple[str, str]]) -> list[str]:
    """Ask for authors until every one is known: by id or by surname (each checked on the spot)."""
    known = {pid: name for pid, name in people}
    by_surname: dict[str, list[str]] = {}
    for pid, name in people:
        by_surname.setdefault(name.split()[0].casefold(), []).append(pid)
    click.echo("Участники: " + "; ".join(f"{short_name(name)} — {pid}" for pid, name in people))
    while True:
        raw = click.prompt(f"{prompt} (идентификаторы или фамилии через запятую)")
        ids, unknown = [], []
        for part in filter(None, (p.strip() for p in raw.split(","))):
            found = [part] if part in known else by_surname.get(part.casefold(), [])
            if len(found) == 1:
                ids.append(found[0])
            else:  # unknown, or two people with that surname: the id tells them apart
                unknown.append(part if not found else f"{part} (таких несколько: {', '.join(found)})")
        if ids and not unknown:
            return ids
        click.echo(f"Нет таких участников: {', '.join(unknown) or '—'}. Повторите.", err=True)


def _text(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not value.strip():
            raise ValueError("поле не может быть пустым")
        if len(value) > limit:
            raise ValueError(f"слишком длинно: не больше {limit} знаков")
        return value.strip()
    return check


def _choose(prompt: str, options: list[str], default: str | None = None) -> str:
    """Ask for one of ``options``, in Russian, until the answer is one of them."""
    def check(value: str) -> str:
        if value.strip() not in options:
            raise ValueError(f"«{value}» — ожидается одно из: {', '.join(options)}")
        return value.strip()
    return str(_ask(f"{prompt} ({', '.join(options)})", check, default))


def _ask(prompt: str, check: Callable[[str], object], default: str | None = None) -> object:
    """Ask until ``check`` accepts the answer; its Russian message says what is expected."""
    while True:
        answer = click.prompt(prompt, default=default)
        try:
            return check(answer)
        except (ValueError, PydanticCustomError) as exc:
            message = exc.message() if isinstance(exc, PydanticCustomError) else str(exc)
            click.echo(f"Не подходит: {message}. Повторите.", err=True)


def create(root: Path, kind: str, title: str | None, slug: str | None) -> Path:
    """Write ``content/<kind>/<slug>.md`` with valid front matter; refuses to replace a file."""
    report = Report()
    project = load_project(root, report)
    if project.school is None:
        raise UsageError("data/school.yaml не найден или содержит ошибки — сначала исправьте его (check)")
    school = project.school.model
    year = school.current_year
    data = project.years.get(year)
    title = title or click.prompt("Заголовок")
    slug = slug or make_slug(title)
    if not slug:
        raise UsageError("не получилось составить имя файла из заголовка — укажите --slug латиницей")
    path = root / "content" / FOLDERS[kind] / f"{slug}.md"
    if path.exists():
        raise UsageError(f"файл {path.relative_to(root)} уже есть — выберите другое имя (--slug); "
                         "существующие файлы не перезаписываются")
    context: dict[str, object] = {"title": title, "year": year}
    if kind == "practice":
        people = [(p.id, p.name) for p in data.participants.model.participants] if data and data.participants else []
        context["authors"] = _ask_ids("Авторы", people)
        forms = list(PAIR_FORMS)
        context["form"] = _choose("Форма наставничества", forms, default=forms[0])
        pairs = [p.id for p in data.pairs.model.pairs] if data and data.pairs else []
        pair = _choose("Пара («-» — без пары)", [*pairs, "-"], default="-")
        context["pair"] = None if pair == "-" else pair
        subjects = click.prompt("Предметы (через запятую)", default="")
        context["subjects"] = [part.strip() for part in subjects.split(",") if part.strip()]
        context["summary"] = _ask("Кратко, 1–3 предложения", _text(1200))
    elif kind == "news":
        rubrics = [r.id for r in school.rubrics]
        context["rubric"] = _choose("Рубрика", rubrics, default=rubrics[0])
        context["date"] = _ask("Дата публикации ГГГГ-ММ-ДД", parse_iso_date, default=date.today().isoformat())
        context["summary"] = _ask("Кратко, 1–2 предложения", _text(1200))
    else:
        events = [e.id for e in data.events.model.events] if data and data.events else []
        if not events:
            raise UsageError(f"в data/{year}/events.yaml нет мероприятий — материал должен ссылаться на одно из них")
        context["kind"] = _choose("Вид материала", list(MATERIAL_KINDS))
        context["event"] = _choose("Мероприятие", events)
    text = make_env(root / "site_templates" / "new").get_template(f"{kind}.md.j2").render(**context)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path.relative_to(root)
