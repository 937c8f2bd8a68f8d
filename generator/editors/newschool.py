"""``python -m generator init DIR``: a new school's repository, with nothing of the bundled example
(editors stage).

How a school gets the tool: the repository of nastavnik-press *is* the bundled example school
(its content/ and data/). A new school's repository is made from it, without the example:
``init`` copies the tool's own files (generator/, site_templates/, scripts/, schemas/, the
dependencies, pre-commit and CI settings) into an empty folder and writes the school's own
data/school.yaml, an empty year, one commented draft of each content kind, mkdocs.yml, README and
.gitignore. The new folder is complete: ``bash scripts/build.sh`` works in it, and ``mkdocs
build`` there runs the same hook and gate. It never overwrites: a folder that is not empty is refused.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
import yaml

from ..errors import UsageError

TOOL = Path(__file__).resolve().parents[2]  # the repository of the tool: generator/editors/ → ../../
# The tool's own files, copied as they are (the example's content/, data/, tests/, bench/ are not).
TOOL_FILES = ("generator", "site_templates", "scripts", "schemas", "pyproject.toml", "package.json",
              "package-lock.json", ".pre-commit-config.yaml", ".remarkrc.mjs", ".vscode", ".github",
              ".gitlab-ci.yml", ".gitignore", ".build/docs/.gitignore")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def academic_year(today: date) -> str:
    """The academic year a school starts in on ``today``: September–December → YEAR-YEAR+1,
    January–August → YEAR-1-YEAR (the plan of the year is finished in the summer)."""
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}-{first + 1}"


@dataclass
class NewSchool:
    """What ``init`` asks for; the rest is filled with placeholders marked «ЗАМЕНИТЕ»."""

    name: str
    short_name: str
    city: str
    site_url: str = "https://example.org/"
    email: str = "school@example.org"


def ask_school(name: str | None, short_name: str | None, city: str | None, site_url: str | None,
               email: str | None) -> NewSchool:
    """The school as ``init``'s options give it; what is missing is asked on the terminal."""
    school = NewSchool(_ask(name, "Полное название школы", "--name"),
                       _ask(short_name, "Краткое название", "--short-name"), _ask(city, "Город", "--city"))
    school.site_url = site_url or school.site_url
    school.email = email or school.email
    return school


def _ask(value: str | None, question: str, option: str) -> str:
    while not (value or "").strip():
        try:
            value = click.prompt(question, default="", show_default=False)
        except click.Abort:  # no terminal and no answer: say which option is missing
            raise UsageError(f"не указано {option}; ожидается, например, {option} \"…\"") from None
    return value.strip()


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _school_yaml(school: NewSchool, year: str) -> str:
    data = {
        "name": school.name, "short_name": school.short_name, "city": school.city,
        "site_url": school.site_url, "email": school.email,
        "head": {"name": "ЗАМЕНИТЕ Фамилия Имя Отчество", "position": "директор"},
        "regional_centre": {"name": "ЗАМЕНИТЕ: региональный наставнический центр", "short_name": "РНЦ"},
        "current_year": year,
        "rubrics": [
            {"id": "sobytiya", "title": "События программы наставничества",
             "description": "Встречи, нетворкинги, деловые игры и обучение наставников."},
            {"id": "opyt", "title": "Опыт наставников",
             "description": "Рассказы наставников и наставляемых о том, что получилось."},
        ],
    }
    return ("# Описание школы: из него берутся название сайта, подписи PDF и опись для РНЦ.\n"
            "# Замените всё, что помечено «ЗАМЕНИТЕ», и адреса site_url и email.\n" + _dump(data))


_YEAR_FILES = {
    "participants.yaml": ("# Участники программы: педагоги, их роли и согласия (152-ФЗ).\n"
                          "# staff_total — сколько всего педагогов в школе (ЗАМЕНИТЕ).\n"
                          "staff_total: 1\nparticipants: []\n"),
    "pairs.yaml": "# Наставнические пары и группы года.\npairs: []\n",
    "events.yaml": "# Мероприятия года: нетворкинги, деловые игры, педсоветы, обучение.\nevents: []\n",
    "diagnostics.yaml": ("# Диагностика профессиональных затруднений.\n"
                         "scale: {min: 1, max: 5}\ncompetencies: []\nrounds: []\n"),
    "roadmap.yaml": "# Дорожная карта года.\nsections: []\n",
    "content_plan.yaml": "# Контент-план публикаций.\nitems: []\n",
}

_SECTIONS = ("Актуальность", "Цель и задачи", "Содержание практики", "Результаты", "Ресурсы",
             "Возможности тиражирования")


def _practice(year: str) -> str:
    body = "\n".join(f"## {title}\n\nЧто здесь написать: см. CONTRIBUTING или подсказки веб-формы.\n"
                     for title in _SECTIONS)
    return (f"---\n# Образец практики. status: draft — проверяется, но не публикуется.\n"
            f"# Заполните поля, замените authors на идентификаторы из data/{year}/participants.yaml\n"
            "# и поставьте status: approved, когда куратор одобрит.\n"
            "title: Образец практики наставничества\n"
            f"year: {year}\nauthors: [obrazec-avtora]\nform: педагог–педагог\nsubjects: []\ntags: []\n"
            "summary: Одно-три предложения о том, что делают наставник и наставляемый.\n"
            "status: draft\nsubmit_to_rnc: false\n---\n\n" + body)


def _news(year: str, today: date) -> str:
    return ("---\n# Образец новости. draft: true — проверяется, но не публикуется; уберите эту строку,\n"
            "# когда новость готова. rubric — идентификатор рубрики из data/school.yaml.\n"
            f"title: Образец новости\ndate: {today.isoformat()}\nrubric: sobytiya\n"
            "summary: Одно предложение о событии.\ndraft: true\n---\n\n"
            "Текст новости. Имена педагогов — только тех, кто дал согласие на публикацию имени.\n")


def _material(year: str) -> str:
    return ("---\n# Образец материала мероприятия. draft: true — не публикуется. event — идентификатор\n"
            f"# мероприятия из data/{year}/events.yaml; kind: networking, business_game, training, presentation.\n"
            f"title: Образец материала\nkind: networking\nevent: obrazec-meropriyatiya\nyear: {year}\n"
            "draft: true\n---\n\nПамятка, сценарий или план мероприятия.\n")


def _page() -> str:
    return ("---\n# Образец свободной страницы («О программе», «Документы»). draft: true — не публикуется.\n"
            "title: О программе наставничества\norder: 10\ndraft: true\n---\n\n"
            "Кратко о программе наставничества педагогов школы.\n")


def _readme(school: NewSchool, year: str) -> str:
    site = (school.site_url or "https://АДРЕС-САЙТА/").rstrip("/") + "/"
    return f"""# Наставничество педагогов — {school.short_name}

Сайт программы наставничества, итоговый сборник и пакет для регионального наставнического центра
собираются из этого репозитория программой nastavnik-press (папка `generator/`).

Первая команда ставит всё нужное и собирает сайт в `site/`, материалы в `dist/`:

```sh
bash scripts/build.sh
```

Вторая проверяет все данные и материалы и сообщает обо всех ошибках сразу:

```sh
.venv/bin/python -m generator check
```

Что заполнить сначала: `data/school.yaml` (всё, что помечено «ЗАМЕНИТЕ»), участников года в
`data/ГОД/participants.yaml`, затем замените образцы в `content/` (они помечены как черновики и
не публикуются). Новая практика по шаблону: `.venv/bin/python -m generator new practice`.

## Что отправить в региональный наставнический центр

Практики с `submit_to_rnc: true` попадают в пакет для РНЦ: `dist/{year}/rnc/` (PDF каждой
практики, опись `manifest.json` и `rnc-{year}.zip`); он же публикуется на сайте. Центру достаточно
адреса описи на сайте школы — он сам заберёт и проверит PDF:

```
{site}years/{year}/rnc/manifest.json
```

(для другого учебного года замените год в адресе). Пока сайт не выложен, отправьте файл
`dist/{year}/rnc/rnc-{year}.zip`. После пересборки пакета сообщите центру: при следующей сборке
платформы новый пакет заменит прежний, а если он не пройдёт проверку — останется принятый раньше.
"""


def refuse_unless_empty(folder: Path) -> None:
    """``init`` never overwrites: a folder that exists and is not empty is refused (before any question)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"«{folder}» не пуста: init ничего не перезаписывает; ожидается новая или пустая папка")


def create_school(folder: Path, school: NewSchool, today: date) -> list[str]:
    """Write a new school's repository into ``folder`` (new or empty); returns what was written."""
    refuse_unless_empty(folder)
    year = academic_year(today)
    files: dict[str, str] = {
        "data/school.yaml": _school_yaml(school, year),
        **{f"data/{year}/{name}": text for name, text in _YEAR_FILES.items()},
        "content/practices/obrazec-praktiki.md": _practice(year),
        "content/news/obrazec-novosti.md": _news(year, today),
        "content/materials/obrazec-materiala.md": _material(year),
        "content/pages/o-programme.md": _page(),
        "content/files/.gitkeep": "",
        "README.md": _readme(school, year),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for rel in TOOL_FILES:
        source = TOOL / rel
        if source.is_dir():
            shutil.copytree(source, folder / rel, ignore=_IGNORE)
        elif source.is_file():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / rel)
    shutil.copy2(TOOL / "mkdocs.yml", folder / "mkdocs.yml")  # school-neutral: the name is in school.yaml
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted([*files, "mkdocs.yml", *TOOL_FILES])
