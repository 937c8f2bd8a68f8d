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


def _ask_ids(prompt: str, known: list[str]) -> list[str]:
    """Ask for participant ids until every one of them exists (checked on the spot)."""
    hint = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
    while True:
        raw = click.prompt(f"{prompt} (через запятую; есть: {hint})")
        ids = [part.strip() for part in raw.split(",") if part.strip()]
        unknown = [i for i in ids if i not in known]
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
        people = [p.id for p in data.participants.model.participants] if data and data.participants else []
        context["authors"] = _ask_ids("Авторы — идентификаторы участников", people)
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
