"""Models of the front matter of content/ Markdown files (practices, news, materials, pages)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .data_models import PairForm
from .fieldtypes import AcademicYear, FilePath, IsoDate, Model, Slug, Text

PASSPORT_SECTIONS = ("Актуальность", "Цель и задачи", "Содержание практики", "Результаты", "Ресурсы",
                     "Возможности тиражирования")


class PracticeMeta(Model):
    title: Text
    year: AcademicYear
    authors: list[Slug] = Field(min_length=1)
    pair: Slug | None = None
    form: PairForm
    subjects: list[Text] = []
    tags: list[Text] = []
    summary: Text = Field(max_length=1200)
    status: Literal["draft", "review", "approved"] = "draft"
    submit_to_rnc: bool = False
    cover: FilePath | None = None
    attachments: list[FilePath] = []


class NewsMeta(Model):
    title: Text
    date: IsoDate
    rubric: Slug
    summary: Text = Field(max_length=1200)
    image: FilePath | None = None
    vk: bool = False
    draft: bool = False  # a draft is checked but not published (serve --drafts shows it)


class MaterialMeta(Model):
    title: Text
    kind: Literal["networking", "business_game", "training", "presentation"]
    event: Slug
    year: AcademicYear
    attachments: list[FilePath] = []
    draft: bool = False


class PageMeta(Model):
    title: Text
    order: int = 100  # position among the free pages in the navigation
    draft: bool = False


def is_draft(meta: object) -> bool:
    """Whether a content file is not to be published: a practice not yet approved for the site is
    ``status: draft``; a news post, material or page says ``draft: true``."""
    return bool(getattr(meta, "draft", False)) or getattr(meta, "status", None) == "draft"


CONTENT_KINDS: dict[str, type[Model]] = {
    "practices": PracticeMeta,
    "news": NewsMeta,
    "materials": MaterialMeta,
    "pages": PageMeta,
}
