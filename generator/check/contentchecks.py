"""Content checks beyond the schema: links and images in bodies, image sizes, Russian spelling
(hunspell) and typography suggestions.

Everything here is a warning or a suggestion, never an error: the text is still being written,
and a build must not stop because of a rare word. The one exception is a link or image that leaves
``content/`` (``..`` above it, an absolute path) or passes through a symbolic link: an error in every
mode, because the build would read or write a file outside the repository. Each finding names ``file:line:column`` of the
Markdown file (columns count characters, as the YAML positions of :mod:`.yamlsrc` do).

Code is never checked: fenced blocks and inline code are blanked out first (keeping every
character's position), and for spelling and typography also URLs, e-mail addresses, HTML tags,
link destinations and Markdown extension syntax (attribute lists, admonition headers).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .contenttext import (
    _REF_DEF,
    ContentText,
    _link_destinations,
    all_docs,
    content_texts,
)
from ..errors import Report
from ..model.loader import ContentDoc, Project
from ..privacy.cleanhtml import markup_removals
from ..privacy.safehtml import sanitize_markdown
from ..model.safepath import UnsafePath
from .spelling import spelling_problems

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_WIDTH = 4000
RASTER_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}

# --------------------------------------------------------------------------- links and images


def _size_problem(path: Path, shown: str) -> str | None:
    """What is wrong with an image's size, or ``None``; reads only the file's header."""
    found, expected = [], []
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        found.append(f"{size / 1024 / 1024:.1f} МБ".replace(".", ","))
        expected.append("≤ 2 МБ")
    if path.suffix.lower() in RASTER_EXTENSIONS:
        from PIL import (
            Image,  # a WeasyPrint dependency; imported only when there is an image
        )

        try:
            with Image.open(path) as image:
                width = image.size[0]
        except Image.DecompressionBombError:
            width = MAX_IMAGE_WIDTH + 1
            found.append("огромное число пикселей")
        except (OSError, ValueError):
            return f"«{shown}» не читается как изображение — файл повреждён или расширение не то; " \
                   "сохраните его заново как JPEG или PNG"
        else:
            if width > MAX_IMAGE_WIDTH:
                found.append(f"{width} px по ширине")
        if width > MAX_IMAGE_WIDTH:
            expected.append(f"≤ {MAX_IMAGE_WIDTH} px по ширине")
    if not found:
        return None
    return (f"«{shown}» слишком большое: {', '.join(found)}; ожидается {' и '.join(expected)} — уменьшите "
            "изображение (для сайта и PDF достаточно 2000 px по ширине) и сохраните в JPEG с качеством около 85 %")


class _Links:
    def __init__(self, project: Project, report: Report):
        self.project = project
        self.report = report
        self.content = project.content.path
        self.practices = {doc.slug: doc for doc in project.practices}
        self.sized: dict[Path, str | None] = {}

    def image_size(self, path: Path, shown: str) -> str | None:
        if path not in self.sized:
            try:
                self.sized[path] = _size_problem(path, shown)
            except OSError:
                self.sized[path] = None
        return self.sized[path]

    def target(self, item: ContentText, index: int, dest: str, image: bool) -> None:
        """Check one relative link or image destination written at ``index`` of the file."""
        field_ = "изображение" if image else "ссылка"
        raw = dest.strip()
        if not raw or raw.startswith("#") or raw.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
            return
        rel = re.split(r"[?#]", raw, maxsplit=1)[0]
        if not unquote(rel):
            return
        pos = item.pos(index)
        from_dir = item.path.removeprefix("content/").rpartition("/")[0]
        try:  # the one error here: a path the build must never follow (SPEC, "Untrusted input")
            target = self.project.content.resolve(rel, from_dir, url=True)
        except UnsafePath as exc:
            self.report.error(item.path, pos, field_, f"{exc} — сборка не берёт файлы за пределами content/; "
                              "положите файл в content/files/ и укажите путь от этого файла, например "
                              "../files/foto.jpg")
            return
        inside = target.relative_to(self.content).as_posix()
        if not target.exists():
            self.report.warning(item.path, pos, field_, f"«{raw}» — файл не найден: нет content/{inside}")
            return
        kind, _, name = inside.partition("/")
        if kind == "practices" and name.endswith(".md") and "/" not in name:
            linked = self.practices.get(name.removesuffix(".md"))
            if linked is not None and linked.meta.status != "approved":
                what = "черновик" if linked.meta.status == "draft" else "практику на согласовании (status: review)"
                self.report.warning(item.path, pos, field_, f"«{raw}» ведёт на {what} — на сайте её не будет; "
                                    "ссылка заработает, когда у практики будет status: approved")
        if image and target.is_file():
            problem = self.image_size(target, raw)
            if problem:
                self.report.warning(item.path, pos, field_, problem)

    def alt(self, item: ContentText, index: int, alt: str, dest: str) -> None:
        if not alt.strip():
            self.report.warning(item.path, item.pos(index), "изображение",
                                f"изображение без описания (alt) — опишите, что на нём: ![что изображено]({dest}); "
                                "описание читают незрячим посетителям")

    def check(self, item: ContentText) -> None:
        text, start = item.code_masked, item.body_start
        definitions: dict[str, tuple[int, str]] = {}
        for match in _REF_DEF.finditer(text, start):
            dest = match.group(2).strip("<>")
            definitions[" ".join(match.group(1).lower().split())] = (match.start(2), dest)
        images: set[str] = set()
        for opening, dest_at, _, dest in _link_destinations(text, start):
            image = text[opening - 1:opening] == "!"
            if image:
                close = text.rfind("](", opening, dest_at)
                self.alt(item, opening - 1, text[opening + 1:close], dest)
            self.target(item, dest_at, dest, image)
        for match in re.finditer(r"!\[([^\]\n]*)\](?:\[([^\]\n]*)\])?(?![(:\[])", text[start:]):
            label = " ".join((match.group(2) or match.group(1)).lower().split())
            if label in definitions:
                self.alt(item, start + match.start(), match.group(1), definitions[label][1])
                images.add(label)
        for label, (index, dest) in definitions.items():
            self.target(item, index, dest, label in images)

    def front_matter_images(self, doc: ContentDoc[Any]) -> None:
        for name in ("cover", "image"):
            rel = getattr(doc.meta, name, None)
            if rel and self.project.file_exists(rel):
                problem = self.image_size(self.project.files_dir / rel, rel)
                if problem:
                    self.report.warning(doc.src.path, doc.src.at((name,)), name, problem)



# --------------------------------------------------------------------------- the public checks


def check_content_quality(project: Project, report: Report, docs: list[ContentDoc[Any]] | None = None,
                          spelling: bool = True) -> None:
    """Warnings about content files (drafts included), or those of ``docs``: broken links, links to
    unpublished practices, missing images, images without alt text, images too big, and spelling
    (unless ``spelling=False``: a repeated unknown word is one warning for the whole project, so the
    speller is run over all files at once, not over a share of them)."""
    texts = content_texts(project, docs)
    docs = all_docs(project) if docs is None else docs
    links = _Links(project, report)
    for item in texts:
        links.check(item)
    for doc in docs:
        links.front_matter_images(doc)
    for doc in docs:
        for removal in sanitize_markdown(doc.body)[1]:
            report.warning(doc.src.path, (doc.body_line + removal.line - 1, 1), "HTML",
                           f"будет удалено небезопасное содержимое: {removal.what}; разрешены только "
                           "br, sup, sub, abbr, details, summary и таблицы")
        for removal in markup_removals(sanitize_markdown(doc.body)[0]):
            report.warning(doc.src.path, (doc.body_line + removal.line - 1, 1), "HTML",
                           f"будет удалено небезопасное содержимое: {removal.what}")
    for problem in spelling_problems(project, texts) if spelling else []:
        report.add(problem.path, problem.line, problem.column, problem.field, problem.message, problem.severity)
