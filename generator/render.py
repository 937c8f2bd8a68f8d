"""The Jinja2 environment shared by every generated text: Markdown pages, RSS, VK drafts."""
from __future__ import annotations

import html
import json
from urllib.parse import quote
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from slugify import slugify

from .russian import agree, agree_words

MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря")
MONTHS_NOM = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
              "октябрь", "ноябрь", "декабрь")
STATUS_RU = {"planned": "запланировано", "in_progress": "выполняется", "done": "выполнено",
             "cancelled": "отменено", "met": "достигнуто", "not_met": "не достигнуто", "no_data": "нет данных"}
EVENT_KIND_RU = {"networking": "нетворкинг", "business_game": "деловая игра",
                 "pedagogical_council": "педагогический совет", "training": "обучение наставников",
                 "contest": "конкурс", "meeting": "общая встреча", "presentation": "презентация"}
LEVEL_RU = {"municipal": "муниципальный", "regional": "региональный", "federal": "всероссийский"}


def escape_text(value: Any) -> str:
    """Plain text for places MkDocs and Material treat as HTML (titles, nav, meta, copyright)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def date_ru(value: date | None) -> str:
    """``25 сентября 2025 г.``"""
    if value is None:
        return "—"
    return f"{value.day} {MONTHS_GEN[value.month - 1]} {value.year} г."


def date_short(value: date | None) -> str:
    return "—" if value is None else f"{value:%d.%m.%Y}"


def year_ru(year: str) -> str:
    """``2025–2026`` with an en dash, as printed in titles."""
    return year.replace("-", "–")


def number_ru(value: float | None, digits: int = 1) -> str:
    """Russian decimal comma; integers without a fraction."""
    if value is None:
        return "—"
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):d}"
    return f"{value:.{digits}f}".replace(".", ",")


def plural(n: int, one: str, few: str = "", many: str = "") -> str:
    """``3 эксперта``: kept for older callers; the forms come from :func:`generator.russian.agree`
    (pymorphy3), so ``few`` and ``many`` are not needed and not used."""
    return agree(n, one)


def md_inline(value: Any) -> Markup:
    """Text placed in Markdown (not HTML) context: on one line (a line break would end a table row),
    HTML-escaped, Markdown specials escaped."""
    text = str(escape(" ".join(str(value).split())))
    for char in "\\`*_[]#|{}":  # braces: a title must not open an attribute list {: … }
        text = text.replace(char, "\\" + char)
    return Markup(text)


def yaml_str(value: Any) -> Markup:
    """A string as a YAML scalar for generated front matter (JSON strings are valid YAML)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def html_yaml(value: Any) -> Markup:
    """Plain text as a YAML scalar for the front matter of a site page (``title``, ``description``).

    MkDocs and Material print these values as HTML, unescaped, into ``<title>``, the header, the nav,
    the footer and ``<meta content="…">``: the text is HTML-escaped here, once, quotes included."""
    return yaml_str(escape_text(value))


def url_path(value: Any) -> Markup:
    """A site path of a contributed file, percent-encoded for a Markdown link: a file name such as
    ``c){ onerror="…" }.jpg`` cannot close the link or open an attribute list."""
    return Markup(quote(str(value), safe="/"))


def slug_ru(value: str) -> str:
    """A Latin slug for Russian text (forms, subjects) used in generated URLs."""
    return slugify(value, lowercase=True) or "x"


def deadline_ru(value: Any) -> str:
    """A roadmap deadline: a date, a ``{from, to}`` period, or the plan's own words."""
    if isinstance(value, date):
        return date_short(value)
    if hasattr(value, "from_") and hasattr(value, "to"):
        return f"{date_short(value.from_)} – {date_short(value.to)}"
    return str(value)


def agree_filter(number: int, phrase: str, case: str = "nomn") -> str:
    """Jinja: ``{{ n|agree("участник программы") }}`` → ``22 участника программы``."""
    return agree(int(number), phrase, case)


def agree_words_filter(number: int, phrase: str, case: str = "nomn") -> str:
    """Jinja: the phrase alone, for a number printed apart (``**22** участника``)."""
    return agree_words(int(number), phrase, case)


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, in memory, keyed by name and source checksum (Jinja's
    own bucket key): the live preview makes new environments on every save (ours and the theme's),
    which would compile the same templates again (about a second a rebuild on the example)."""

    store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def make_env(templates: Path) -> jinja2.Environment:
    """The environment with the project's filters; undefined variables are errors, not blanks."""
    env = jinja2.Environment(
        bytecode_cache=CompiledTemplates(),
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output; HTML contexts use |e explicitly
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(plural=plural, agree=agree_filter, agree_words=agree_words_filter, date_ru=date_ru, deadline=deadline_ru, date_short=date_short, year_ru=year_ru, num=number_ru, md=md_inline,
                       yaml=yaml_str, html_yaml=html_yaml, urlpath=url_path, slug=slug_ru, status_ru=STATUS_RU.get, kind_ru=EVENT_KIND_RU.get,
                       level_ru=LEVEL_RU.get)
    return env
