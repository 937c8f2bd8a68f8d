"""The regional repository's ``region.yaml`` and ``selection.yaml``, read with positions so every
message names ``file:line:column`` (as model/ does for a school)."""
from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError

from ..errors import Report
from ..model.fieldtypes import Model, Slug, Text
from ..model.messages import report_validation
from ..model.nearmiss import maybe
from ..model.yamlsrc import Source, YamlSyntaxError, parse_yaml, read_text

REGION_FILE = "region.yaml"
SELECTION_FILE = "selection.yaml"


class Municipality(Model):
    id: Slug = Field(description="Идентификатор латиницей, например zarechny")
    title: Text = Field(description="Название, например «Заречный городской округ»")


class SchoolEntry(Model):
    id: Slug = Field(description="Идентификатор школы латиницей, например gym3")
    municipality: Slug = Field(description="id муниципалитета из municipalities")
    packages: list[Text] = Field(default_factory=list, description=(
        "Пакеты школы: путь к zip или папке в репозитории, либо адрес https://…/manifest.json или zip"))


class Region(Model):
    name: Text = Field(description="Полное название центра")
    short_name: Text = Field(description="Краткое название, например РНЦ")
    site_url: Text = Field(description="Адрес платформы, например https://rnc.example.ru/")
    email: Text = Field(description="Адрес электронной почты центра")
    municipalities: list[Municipality] = Field(min_length=1)
    schools: list[SchoolEntry] = Field(default_factory=list)

    def municipality(self, mid: str) -> Municipality:
        return next(m for m in self.municipalities if m.id == mid)


class Chosen(Model):
    school: Slug = Field(description="id школы из region.yaml")
    practice: Slug = Field(description="id практики из описи школы (manifest.json)")


class Selection(Model):
    year: Text = Field(description="Учебный год сборника, например 2025-2026")
    title: Text | None = Field(default=None, description="Заголовок сборника")
    practices: list[Chosen] = Field(min_length=1)


def _load(root: Path, rel: str, model: type[Model], report: Report) -> tuple[Model | None, Source]:
    source = Source(rel)
    path = root / rel
    if not path.is_file():
        report.error(rel, (0, 0), "", f"файл не найден в {root}; ожидается {rel} в корне репозитория региона")
        return None, source
    try:
        data = parse_yaml(read_text(path), source)
    except YamlSyntaxError as exc:
        report.error(rel, exc.pos, "", exc.message)
        return None, source
    try:
        return model.model_validate(data if data is not None else {}), source
    except ValidationError as exc:
        report_validation(exc, model, source, report)
        return None, source


def load_region(root: Path, report: Report) -> Region | None:
    """``region.yaml`` checked: fields, unknown municipalities (with a near miss), repeated ids."""
    region, source = _load(root, REGION_FILE, Region, report)
    if region is None:
        return None
    assert isinstance(region, Region)
    known = [m.id for m in region.municipalities]
    seen_m: set[str] = set()
    for i, m in enumerate(region.municipalities):
        if m.id in seen_m:
            report.error(REGION_FILE, source.at(("municipalities", i, "id")), f"municipalities[{i + 1}].id",
                         f"муниципалитет «{m.id}» указан дважды; ожидается уникальный id")
        seen_m.add(m.id)
    seen: set[str] = set()
    for i, school in enumerate(region.schools):
        if school.id in seen:
            report.error(REGION_FILE, source.at(("schools", i, "id")), f"schools[{i + 1}].id",
                         f"школа «{school.id}» указана дважды; ожидается уникальный id")
        seen.add(school.id)
        if school.municipality not in known:
            report.error(REGION_FILE, source.at(("schools", i, "municipality")), f"schools[{i + 1}].municipality",
                         f"муниципалитета «{school.municipality}» нет в municipalities{maybe(school.municipality, known)}; "
                         f"есть: {', '.join(known)}")
    return None if report.failed() else region


def load_selection(root: Path, region: Region, report: Report) -> Selection | None:
    """``selection.yaml`` (optional): the practices of the regional collection."""
    if not (root / SELECTION_FILE).is_file():
        return None
    selection, source = _load(root, SELECTION_FILE, Selection, report)
    if selection is None:
        return None
    assert isinstance(selection, Selection)
    ids = [s.id for s in region.schools]
    for i, chosen in enumerate(selection.practices):
        if chosen.school not in ids:
            report.error(SELECTION_FILE, source.at(("practices", i, "school")), f"practices[{i + 1}].school",
                         f"школы «{chosen.school}» нет в region.yaml{maybe(chosen.school, ids)}")
    return selection
