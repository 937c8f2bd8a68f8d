"""Load stage: read data/ and content/ into models, reporting every unreadable or invalid file."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .content_models import CONTENT_KINDS, MaterialMeta, NewsMeta, PageMeta, PracticeMeta
from .data_models import ContentPlan, Diagnostics, Events, Pairs, Participants, Questionnaires, Roadmap, School, YEAR_FILES
from ..errors import Report
from .fieldtypes import SLUG_RE, YEAR_RE
from .messages import report_validation
from .safepath import Base, UnsafePath, symlinks_under
from .yamlsrc import MAX_MARKDOWN_BYTES, Source, YamlSyntaxError, parse_yaml, read_text, split_front_matter

M = TypeVar("M", bound=BaseModel)


@dataclass
class Doc(Generic[M]):
    """A validated model and the source positions of its values."""

    model: M
    src: Source


@dataclass
class ContentDoc(Generic[M]):
    """A Markdown file of content/: front matter model, body and where it came from."""

    kind: str
    slug: str
    meta: M
    body: str
    body_line: int
    src: Source


@dataclass
class YearData:
    """One academic year's data folder; a file that is absent or invalid stays ``None``."""

    year: str
    participants: Doc[Participants] | None = None
    pairs: Doc[Pairs] | None = None
    events: Doc[Events] | None = None
    diagnostics: Doc[Diagnostics] | None = None
    roadmap: Doc[Roadmap] | None = None
    content_plan: Doc[ContentPlan] | None = None
    questionnaires: Doc[Questionnaires] | None = None  # optional: aggregated answers

    def doc(self, filename: str) -> Doc[Any] | None:
        return getattr(self, filename.removesuffix(".yaml"))


@dataclass
class Project:
    """Everything a school's repository holds, as loaded."""

    root: Path
    school: Doc[School] | None = None
    years: dict[str, YearData] = field(default_factory=dict)
    practices: list[ContentDoc[PracticeMeta]] = field(default_factory=list)
    news: list[ContentDoc[NewsMeta]] = field(default_factory=list)
    materials: list[ContentDoc[MaterialMeta]] = field(default_factory=list)
    pages: list[ContentDoc[PageMeta]] = field(default_factory=list)
    # Files that were read but failed the schema: their raw values by path, so that the ids they
    # define and the references they make are still checked in the same run (generator/partial.py).
    unvalidated: dict[str, tuple[Any, Source]] = field(default_factory=dict)

    @property
    def files_dir(self) -> Path:
        return self.root / "content" / "files"

    def file_count(self) -> int:
        """How many files were read: school.yaml, each year's data files, each content file."""
        data = sum(1 for y in self.years.values() for name in ("participants", "pairs", "events", "diagnostics",
                                                                "roadmap", "content_plan", "questionnaires")
                   if getattr(y, name))
        return int(self.school is not None) + data + sum(
            len(docs) for docs in (self.practices, self.news, self.materials, self.pages))

    @property
    def files(self) -> Base:
        """content/files/: where covers, attachments, images and photos are resolved (see safepath)."""
        return Base(self.root, "content/files")

    @property
    def content(self) -> Base:
        """content/: where body links and roadmap evidence are resolved."""
        return Base(self.root, "content")

    def file_exists(self, rel: str) -> bool:
        """Whether a path relative to content/files/ names an existing file inside it, reached
        without a symbolic link."""
        try:
            return self.files.resolve(rel).is_file()
        except UnsafePath:
            return False

    def content_exists(self, rel: str) -> bool:
        """Whether a path relative to content/ names an existing file inside it, without links."""
        try:
            return self.content.resolve(rel).is_file()
        except UnsafePath:
            return False


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_yaml(root: Path, path: Path, report: Report) -> tuple[Any, Source] | None:
    source = Source(_rel(root, path))
    try:
        return parse_yaml(read_text(path), source), source
    except YamlSyntaxError as exc:
        report.error(source.path, exc.pos, "", exc.message)
    except OSError as exc:
        report.error(source.path, (0, 0), "", f"файл не читается: {exc.strerror}")
    return None


def _validate(model: type[M], data: Any, source: Source, report: Report,
              unvalidated: dict[str, tuple[Any, Source]] | None = None) -> M | None:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report.error(source.path, (1, 1), "", "ожидается набор полей «имя: значение», а не список или текст")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report_validation(exc, model, source, report)
        if unvalidated is not None:
            unvalidated[source.path] = (data, source)
        return None


def load_yaml_model(root: Path, path: Path, model: type[M], report: Report,
                    unvalidated: dict[str, tuple[Any, Source]] | None = None) -> Doc[M] | None:
    """Read, parse and validate one YAML file; problems go to ``report``, the raw values of a file
    that fails the schema to ``unvalidated``."""
    loaded = _read_yaml(root, path, report)
    if loaded is None:
        return None
    data, source = loaded
    valid = _validate(model, data, source, report, unvalidated)
    return Doc(valid, source) if valid is not None else None


def load_content_file(root: Path, path: Path, kind: str, report: Report,
                      unvalidated: dict[str, tuple[Any, Source]] | None = None) -> ContentDoc[Any] | None:
    """Read one Markdown file of content/<kind>/ with its front matter validated."""
    source = Source(_rel(root, path))
    slug = path.stem
    if not SLUG_RE.match(slug):
        report.error(source.path, (0, 0), "имя файла",
                     f"«{path.name}» — имя файла должно быть из строчных латинских букв, цифр и дефисов, "
                     "например urok-s-nastavnikom.md")
        return None
    try:
        doc = split_front_matter(read_text(path, MAX_MARKDOWN_BYTES), source)
    except YamlSyntaxError as exc:
        report.error(source.path, exc.pos, "", exc.message)
        return None
    except OSError as exc:
        report.error(source.path, (0, 0), "", f"файл не читается: {exc.strerror}")
        return None
    meta = _validate(CONTENT_KINDS[kind], doc.meta, source, report, unvalidated)
    if meta is None:
        return None
    return ContentDoc(kind, slug, meta, doc.body, doc.body_line, source)


def refuse_links(root: Path, report: Report) -> set[Path]:
    """Every symbolic link in content/ and data/ is an error naming the link and its target: a link
    committed to the repository could publish any file of the building machine. Returns the links,
    which the loader then skips."""
    links = set()
    for folder in ("content", "data"):
        for link, target in symlinks_under(root / folder):
            links.add(link)
            report.error(_rel(root, link), (0, 0), "символическая ссылка",
                         f"«{link.name}» ссылается на «{target}» — ссылки в {folder}/ не допускаются: сборка "
                         "не читает файлы за пределами репозитория; ожидается обычный файл (скопируйте его)")
    return links


def _skip(path: Path, links: set[Path]) -> bool:
    return any(p in links for p in (path, *path.parents))


def load_project(root: Path, report: Report) -> Project:
    """Load stage: every file of data/ and content/, each problem reported, nothing raised."""
    project = Project(root)
    links = refuse_links(root, report)
    data_dir = root / "data"
    project.school = load_yaml_model(root, data_dir / "school.yaml", School, report, project.unvalidated) \
        if (data_dir / "school.yaml").is_file() and not _skip(data_dir / "school.yaml", links) else None
    if project.school is None and not (data_dir / "school.yaml").is_file():
        report.error("data/school.yaml", (0, 0), "", "файл не найден: это описание школы, без него сборка невозможна")
    for year_dir in sorted(p for p in data_dir.glob("*") if p.is_dir() and not _skip(p, links)) \
            if data_dir.is_dir() and not _skip(data_dir, links) else []:
        match = YEAR_RE.match(year_dir.name)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            report.error(_rel(root, year_dir), (0, 0), "папка года",
                         f"«{year_dir.name}» — не учебный год; ожидается ГГГГ-ГГГГ из двух соседних лет, "
                         "например 2025-2026")
            continue
        year = YearData(year_dir.name)
        for filename, model in YEAR_FILES.items():
            path = year_dir / filename
            if _skip(path, links):
                continue
            if path.is_file():
                setattr(year, filename.removesuffix(".yaml"),
                        load_yaml_model(root, path, model, report, project.unvalidated))
            elif filename == "participants.yaml":
                report.error(_rel(root, path), (0, 0), "", "файл не найден: участники года обязательны")
        for stray in sorted(year_dir.glob("*.yml")):
            report.error(_rel(root, stray), (0, 0), "", "неизвестный файл: ожидается расширение .yaml")
        project.years[year.year] = year
    for kind in CONTENT_KINDS:
        folder = root / "content" / kind
        docs = [load_content_file(root, path, kind, report, project.unvalidated) for path in sorted(folder.glob("*.md"))
                if not _skip(path, links)]
        setattr(project, kind, [doc for doc in docs if doc is not None])
    return project


def is_url(text: str) -> bool:
    """Whether evidence or a link is an absolute web address rather than a content path."""
    return bool(re.match(r"^https?://", text.strip()))
