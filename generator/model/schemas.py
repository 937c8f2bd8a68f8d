"""JSON Schemas of every data file and kind of front matter, generated from the models.

They live in ``schemas/`` so that editors (VS Code with the YAML extension) show field hints and
errors while a teacher types; ``python -m generator schemas`` regenerates them and a test keeps
them current.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .content_models import CONTENT_KINDS
from .data_models import YEAR_FILES, School

# Russian titles (and, where useful, descriptions) shown by editors next to each field.
FIELD_DOCS: dict[str, str | tuple[str, str]] = {
    "name": "Название или ФИО", "short_name": "Краткое название", "city": "Город",
    "site_url": ("Адрес сайта", "Например https://school7.example.ru/"),
    "email": ("Официальная электронная почта", "Единственный адрес, который можно публиковать"),
    "vk_url": "Группа ВКонтакте", "head": "Руководитель ОО", "position": "Должность",
    "regional_centre": "Региональный наставнический центр", "current_year": ("Текущий учебный год", "ГГГГ-ГГГГ"),
    "rubrics": ("Рубрики", "Не менее двух специальных рубрик"), "id": ("Идентификатор", "Латиницей: ivanova-aa, pair-03"),
    "title": "Заголовок", "description": "Описание", "staff_total": "Всего педагогических работников",
    "participants": "Участники", "subjects": "Предметы", "experience_years": "Педагогический стаж, лет",
    "young_specialist": "Молодой специалист", "roles": ("Роли", "mentor, mentee, curator, expert, candidate (кандидат в наставники)"),
    "joined": "Дата включения в программу",
    "mentor_agreement": ("Дополнительное соглашение о наставничестве", "Ст. 351.8 ТК РФ: номер и дата"),
    "consent": "Согласия на персональные данные",
    "processing": "Дата согласия на обработку персональных данных",
    "publication": ("Что разрешено публиковать", "name, position, subjects, photo, experience (152-ФЗ, ст. 10.1)"),
    "withdrawn": "Дата отзыва согласия", "photo": "Фото (путь внутри content/files/)",
    "number": "Номер", "date": ("Дата", "ГГГГ-ММ-ДД"), "pairs": "Наставнические пары и группы",
    "form": "Форма наставничества", "mentors": "Наставники (идентификаторы)", "mentees": "Наставляемые (идентификаторы)",
    "formed": "Дата формирования пары", "order": "Приказ о закреплении", "plan": "Индивидуальный план",
    "approved": "Дата утверждения плана", "items": "Пункты", "due": "Срок", "done": "Выполнено",
    "meetings": "Встречи", "kind": "Вид", "events": "Мероприятия", "attendees": "Участники (идентификаторы)",
    "materials": "Материалы (пути внутри content/)", "staff_present": "Присутствовало педагогов",
    "protocol": "Протокол", "group": "Группа обучения", "experts": "Приглашённые эксперты",
    "sessions": "Количество занятий", "level": "Уровень", "result": "Результат", "scale": "Шкала оценок",
    "competencies": "Компетенции", "rounds": "Этапы диагностики", "results": "Результаты участников",
    "participant": "Участник", "scores": "Баллы по компетенциям", "min": "Минимум", "max": "Максимум",
    "targets": ("Цели года", "Переопределяют цели плана мероприятий"), "sections": "Разделы",
    "content": "Содержание мероприятия", "deadline": ("Срок", "Дата, период {from, to} или текст"),
    "indicator": "Показатель эффективности", "responsible": "Ответственный",
    "status": "Статус", "done_on": "Дата выполнения", "evidence": "Подтверждение (ссылка или путь в content/)",
    "rubric": "Рубрика", "topic": "Тема", "channels": "Каналы (site, vk)", "post": "Публикация (путь в content/)",
    "year": ("Учебный год", "ГГГГ-ГГГГ"), "authors": "Авторы (идентификаторы участников)", "pair": "Пара",
    "tags": "Ключевые слова", "summary": ("Кратко", "1–3 предложения"),
    "submit_to_rnc": "Направить в региональный наставнический центр", "cover": "Обложка (путь внутри content/files/)",
    "attachments": "Файлы (пути внутри content/files/)", "image": "Изображение (путь внутри content/files/)",
    "vk": "Подготовить пост ВКонтакте", "cms": ("Веб-форма /admin/", "Где хранится репозиторий школы"),
    "backend": "github или gitlab", "repo": "Репозиторий (владелец/имя)", "branch": "Основная ветка", "event": "Мероприятие (идентификатор)",
    "potential_mentor": ("В реестре потенциальных наставников с", "ГГГГ-ММ-ДД"),
    "approval_order": "Приказ об утверждении индивидуального плана",
    "period": ("Период реализации плана", "{from, to}; по умолчанию — до 31 августа второго года"),
    "questionnaires": "Анкетирования (обобщённые ответы)", "respondents": "Заполнили анкету, человек",
    "questions": "Вопросы", "answers": "Варианты ответа", "count": "Выбрали, человек",
    "multiple": "Можно выбрать несколько ответов", "text": "Текст", "from": "С", "to": "По",
    "draft": ("Черновик", "Проверяется, но не публикуется"),
}

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "school": School,
    **{name.removesuffix(".yaml"): model for name, model in YEAR_FILES.items()},
    **{f"{kind}-front-matter": model for kind, model in CONTENT_KINDS.items()},
}


def _document(node: Any) -> Any:
    """Put Russian titles and descriptions on every property, recursively."""
    if isinstance(node, dict):
        if "properties" in node:
            node.pop("description", None)  # model docstrings are English notes for developers
        for name, prop in (node.get("properties") or {}).items():
            doc = FIELD_DOCS.get(name)
            if doc and isinstance(prop, dict):
                title, description = (doc, None) if isinstance(doc, str) else doc
                prop["title"] = title
                if description:
                    prop["description"] = description
        for value in node.values():
            _document(value)
    elif isinstance(node, list):
        for value in node:
            _document(value)
    return node


def schema_of(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one data file or front matter kind."""
    schema = _document(SCHEMA_FILES[name].model_json_schema(by_alias=True))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://nastavnik-press.example/schemas/{name}.schema.json", **schema}


def render_schemas() -> dict[str, str]:
    """File name → text of every schema, as committed in ``schemas/``."""
    return {f"{name}.schema.json": json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"
            for name in SCHEMA_FILES}


def write_schemas(folder: Path) -> list[str]:
    """Regenerate ``schemas/``; returns the names of files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed
