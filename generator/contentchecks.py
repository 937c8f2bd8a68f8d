"""Content checks beyond the schema: links and images in bodies, image sizes, Russian spelling
(hunspell) and typography suggestions.

Everything here is a warning or a suggestion, never an error: the text is still being written,
and a build must not stop because of a rare word. Each finding names ``file:line:column`` of the
Markdown file (columns count characters, as the YAML positions of :mod:`.yamlsrc` do).

Code is never checked: fenced blocks and inline code are blanked out first (keeping every
character's position), and for spelling and typography also URLs, e-mail addresses, HTML tags,
link destinations and Markdown extension syntax (attribute lists, admonition headers).
"""
from __future__ import annotations

import bisect
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from .errors import Problem, Report, Severity
from .loader import ContentDoc, Project
from .yamlsrc import YamlSyntaxError, read_text

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_WIDTH = 4000
RASTER_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff"}
DICTIONARY = "data/dictionary.txt"
HUNSPELL_DICT = "ru_RU"
HUNSPELL_MISSING = "проверка орфографии пропущена: установите пакеты hunspell и hunspell-ru"
TYPOGRAPHY = "типографика"

# --------------------------------------------------------------------------- the text of a file


@dataclass
class _Text:
    """One content file as text: the body's offset, line starts and the masked copies."""

    doc: ContentDoc[Any]
    text: str
    body_start: int
    spans: list[tuple[int, int]]  # front matter values that are prose: title, summary
    line_starts: list[int] = field(default_factory=list)
    code_masked: str = ""  # the body with code and HTML comments blanked; front matter blanked
    prose: str = ""  # additionally URLs, e-mails, HTML tags, link destinations… blanked

    @property
    def path(self) -> str:
        return self.doc.src.path

    def pos(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return line + 1, index - self.line_starts[line] + 1


def _blank(buf: list[str], start: int, end: int) -> None:
    for i in range(start, min(end, len(buf))):
        if buf[i] != "\n":
            buf[i] = " "


_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _mask_code(buf: list[str], text: str, start: int) -> None:
    """Blank fenced code blocks, inline code and HTML comments of ``text[start:]``."""
    fence: tuple[str, int, int] | None = None  # (char, length, start offset)
    pos = start
    for line in text[start:].split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = (match.group(1)[0], len(match.group(1)), pos)
        elif fence is not None and match and match.group(1)[0] == fence[0] and len(match.group(1)) >= fence[1] \
                and not line[match.end():].strip():
            _blank(buf, fence[2], pos + len(line))
            fence = None
        pos += len(line) + 1
    if fence is not None:  # an unclosed fence runs to the end, as in Markdown
        _blank(buf, fence[2], len(text))
    masked = "".join(buf)
    i = start
    while True:
        match = _BACKTICKS.search(masked, i)
        if match is None:
            break
        run = match.group(0)
        closing = re.compile(r"(?<!`)%s(?!`)" % run).search(masked, match.end())
        if closing and "\n\n" not in masked[match.end():closing.start()]:
            _blank(buf, match.start(), closing.end())
            i = closing.end()
        else:
            i = match.end()
    for match in _COMMENT.finditer(masked, start):
        _blank(buf, match.start(), match.end())


_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\[\]«»\"']+", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|<(?:https?|mailto|ftp):[^>\s]*>", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.I)
_ATTR_LIST = re.compile(r"\{:[^}\n]*\}|\{[ \t]*[.#][^}\n]*\}")
_ADMONITION = re.compile(r'^([ \t]*(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]*)(?:"([^"\n]*)"[ \t]*)?$', re.M)
_REF_DEF = re.compile(r"^[ ]{0,3}\[(?!\^)([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)[^\n]*$", re.M)
_REF_USE = re.compile(r"\]\[[^\]\n]*\]")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]:?")


def _link_destinations(text: str, start: int) -> Iterator[tuple[int, int, int, str]]:
    """Inline links and images ``[…](dest)`` after ``start``: (``[`` offset, dest offset, end offset, dest).

    The ``[`` offset is that of the opening bracket (an image has ``!`` right before it)."""
    for match in re.finditer(r"\]\(", text[start:]):
        close = start + match.start()
        depth, i = 1, close - 1
        limit = max(start, close - 2000)
        while i >= limit and depth:
            ch = text[i]
            if ch == "\n" and text[i - 1:i] == "\n":
                break
            if ch == "]" and text[i - 1:i] != "\\":
                depth += 1
            elif ch == "[" and text[i - 1:i] != "\\":
                depth -= 1
            i -= 1
        if depth:
            continue
        opening = i + 1
        j = close + 2
        while j < len(text) and text[j] in " \t":
            j += 1
        if text[j:j + 1] == "<":
            end = text.find(">", j)
            if end < 0:
                continue
            yield opening, j + 1, end + 1, text[j + 1:end]
            continue
        k, parens = j, 0
        while k < len(text) and not text[k].isspace():
            if text[k] == "(":
                parens += 1
            elif text[k] == ")":
                if parens == 0:
                    break
                parens -= 1
            k += 1
        line_end = text.find("\n", k)
        end = text.find(")", k, line_end if line_end >= 0 else len(text))  # the optional "title" ends the line
        yield opening, j, (end + 1 if end >= 0 else k), text[j:k]


def _mask_prose(buf: list[str], masked: str, start: int) -> None:
    """Blank what is not prose: link destinations, URLs, e-mails, HTML, extension syntax."""
    for _, dest, end, _ in _link_destinations(masked, start):
        _blank(buf, dest - 1, end)  # from "(" to ")", the title included
    for pattern in (_REF_DEF, _TAG, _ENTITY, _ATTR_LIST, _FOOTNOTE, _REF_USE, _URL, _EMAIL):
        for match in pattern.finditer(masked, start):
            _blank(buf, match.start(), match.end())
    for match in _ADMONITION.finditer(masked, start):
        _blank(buf, match.start(1), match.end(1))
        if match.group(2) is not None:  # the quotes of the title are syntax, its words are prose
            _blank(buf, match.start(2) - 1, match.start(2))
            _blank(buf, match.end(2), match.end(2) + 1)


def _prose_spans(text: str, body_start: int) -> list[tuple[int, int]]:
    """Offsets of the ``title`` and ``summary`` values in the front matter (without YAML quotes)."""
    fm_start = text.find("\n") + 1
    end = body_start - 1 if text[body_start - 1:body_start] == "\n" else body_start
    closing = text.rfind("\n", 0, end) + 1
    if not 0 < fm_start <= closing:
        return []
    try:
        node = yaml.compose(text[fm_start:closing], Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    spans = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in ("title", "summary") \
                    and isinstance(value, yaml.ScalarNode):
                s, e = fm_start + value.start_mark.index, fm_start + value.end_mark.index
                if value.style in ("'", '"'):
                    s, e = s + 1, e - 1
                elif value.style in ("|", ">"):
                    s = text.find("\n", s) + 1 or e
                spans.append((s, max(s, e)))
    return spans


def _all_docs(project: Project) -> list[ContentDoc[Any]]:
    return [*project.practices, *project.news, *project.materials, *project.pages]


def _texts(project: Project) -> list[_Text]:
    """Every content file (drafts included) as text with its masks."""
    texts = []
    for doc in _all_docs(project):
        try:
            text = read_text(project.root / doc.src.path)
        except (OSError, YamlSyntaxError):
            continue
        if not text.endswith(doc.body):
            continue
        body_start = len(text) - len(doc.body)
        item = _Text(doc, text, body_start, _prose_spans(text, body_start))
        item.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        buf = [ch if ch == "\n" or i >= body_start else " " for i, ch in enumerate(text)]
        _mask_code(buf, text, body_start)
        item.code_masked = "".join(buf)
        for s, e in item.spans:  # title and summary are prose too
            buf[s:e] = text[s:e]
        _mask_prose(buf, "".join(buf), 0)
        item.prose = "".join(buf)
        texts.append(item)
    return texts


# --------------------------------------------------------------------------- links and images


def _size_problem(path: Path, shown: str) -> str | None:
    """What is wrong with an image's size, or ``None``; reads only the file's header."""
    found, expected = [], []
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        found.append(f"{size / 1024 / 1024:.1f} МБ".replace(".", ","))
        expected.append("≤ 2 МБ")
    if path.suffix.lower() in RASTER_EXTENSIONS:
        from PIL import Image  # a WeasyPrint dependency; imported only when there is an image

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
        self.content = (project.root / "content").resolve()
        self.practices = {doc.slug: doc for doc in project.practices}
        self.sized: dict[Path, str | None] = {}

    def image_size(self, path: Path, shown: str) -> str | None:
        if path not in self.sized:
            try:
                self.sized[path] = _size_problem(path, shown)
            except OSError:
                self.sized[path] = None
        return self.sized[path]

    def target(self, item: _Text, index: int, dest: str, image: bool) -> None:
        """Check one relative link or image destination written at ``index`` of the file."""
        field_ = "изображение" if image else "ссылка"
        raw = dest.strip()
        if not raw or raw.startswith("#") or raw.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", raw, re.I):
            return
        rel = unquote(re.split(r"[?#]", raw, maxsplit=1)[0])
        if not rel:
            return
        pos = item.pos(index)
        if rel.startswith("/"):
            self.report.warning(item.path, pos, field_, f"«{raw}» — путь от корня сайта не сработает, если сайт "
                                "лежит в разделе школьного сайта; ожидается путь от этого файла, например "
                                "../files/foto.jpg")
            return
        base = (self.project.root / item.path).parent
        target = Path(os.path.normpath(base / rel))
        try:
            inside = target.resolve().relative_to(self.content).as_posix()
        except ValueError:
            self.report.warning(item.path, pos, field_, f"«{raw}» ведёт за пределы папки content/ — на сайте "
                                "такого файла не будет; положите файл в content/files/")
            return
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

    def alt(self, item: _Text, index: int, alt: str, dest: str) -> None:
        if not alt.strip():
            self.report.warning(item.path, item.pos(index), "изображение",
                                f"изображение без описания (alt) — опишите, что на нём: ![что изображено]({dest}); "
                                "описание читают незрячим посетителям")

    def check(self, item: _Text) -> None:
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


# --------------------------------------------------------------------------- spelling

_WORD = re.compile(r"[\w\u0301\u00ad]+(?:-[\w\u0301\u00ad]+)*")
_CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁ\u0301\u00ad]+(?:-[а-яёА-ЯЁ\u0301\u00ad]+)*")


@dataclass
class Dictionary:
    """The project dictionary ``data/dictionary.txt``: one word a line, ``#`` comments.

    A line ``слово/образец`` gives the word the endings of a model word hunspell knows
    (``нетворкинг/маркетинг`` accepts «нетворкинга», «нетворкингом»…)."""

    entries: list[tuple[str, int]] = field(default_factory=list)  # (line as written, line number)
    words: set[str] = field(default_factory=set)  # lowercase, without the model
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, root: Path) -> Dictionary:
        result = cls()
        path = root / DICTIONARY
        if not path.is_file():
            return result
        try:
            text = read_text(path)
        except (OSError, YamlSyntaxError) as exc:
            message = getattr(exc, "message", None) or "файл не читается"
            result.problems.append(Problem(DICTIONARY, 1, 1, "словарь", message, Severity.WARNING))
            return result
        for number, line in enumerate(text.split("\n"), 1):
            entry = line.split(" #", 1)[0].strip()
            if not entry or entry.startswith("#"):
                continue
            word, _, model = entry.partition("/")
            if not _CYRILLIC_WORD.fullmatch(word) and not re.fullmatch(r"[\w-]+", word) or " " in model \
                    or "/" in model:
                result.problems.append(Problem(DICTIONARY, number, line.index(entry) + 1, "словарь",
                                               f"«{entry}» — ожидается одно слово в строке (или слово/образец)",
                                               Severity.WARNING))
                continue
            result.entries.append((entry, number))
            result.words.add(word.lower().replace("\u0301", "").replace("\u00ad", ""))
        return result


def _words(item: _Text) -> Iterator[tuple[int, str]]:
    """Words of the prose to spell-check, with their offsets in the file."""
    for match in _WORD.finditer(item.prose):
        token = match.group(0)
        if not _CYRILLIC_WORD.fullmatch(token):  # Latin, digits, underscores: names, codes, numbers
            continue
        offset = match.start()
        parts = token.split("-")
        if len(parts) > 1 and any(p.isupper() for p in parts):  # «ИКТ-компетентность»: check the rest
            for part in parts:
                if not part.isupper():
                    yield offset, part
                offset += len(part) + 1
            continue
        yield offset, token


def _run_hunspell(words: list[str], dictionary: Dictionary) -> set[str]:
    """The words (or, for hyphenated words, the parts) hunspell does not know; raises RuntimeError.

    ``-l`` (list the unknown words) is used rather than the ispell pipe ``-a``: ``-a`` computes
    suggestions for every unknown word, which for Russian takes ~60 ms a word. A word is judged
    the same wherever it occurs, so one run over the distinct words of the whole project is enough.
    """
    if shutil.which("hunspell") is None:
        raise RuntimeError(HUNSPELL_MISSING)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".dic", delete=False) as personal:
        personal.write("".join(entry + "\n" for entry, _ in dictionary.entries))
    try:
        # -p also keeps a user's own ~/.hunspell_ru_RU from changing the result.
        result = subprocess.run(["hunspell", "-d", HUNSPELL_DICT, "-l", "-i", "utf-8", "-p", personal.name],
                                input="".join(w + "\n" for w in words), capture_output=True,
                                encoding="utf-8", errors="replace", timeout=120,
                                env={**os.environ, "LC_ALL": "C.UTF-8"})
    except (OSError, subprocess.SubprocessError) as exc:
        raise RuntimeError(f"проверка орфографии не удалась: {exc}") from None
    finally:
        os.unlink(personal.name)
    if result.returncode != 0:
        if "Can't open" in result.stderr:
            raise RuntimeError(HUNSPELL_MISSING)
        raise RuntimeError(f"проверка орфографии не удалась: {result.stderr.strip()[:200]}")
    return {line.strip() for line in result.stdout.split("\n") if line.strip()}


def _unknown_parts(word: str, unknown: set[str]) -> list[tuple[int, str]]:
    """(offset, part) of a word that hunspell listed: the word itself, or parts of a hyphenated one."""
    if word in unknown:
        return [(0, word)]
    found, offset = [], 0
    for part in word.split("-"):
        if part in unknown:
            found.append((offset, part))
        offset += len(part) + 1
    return found


def spelling_problems(project: Project, texts: list[_Text] | None = None) -> list[Problem]:
    """Unknown words of every content file (prose only), one problem per occurrence."""
    texts = _texts(project) if texts is None else texts
    dictionary = Dictionary.load(project.root)
    problems = list(dictionary.problems)
    occurrences: list[tuple[_Text, int, str]] = []
    for item in texts:
        for offset, word in _words(item):
            clean = word.replace("\u0301", "").replace("\u00ad", "")
            if len(clean) < 2 or clean.isupper() or clean.lower() in dictionary.words:
                continue
            occurrences.append((item, offset, word))
    models = {entry.partition("/")[2]: (entry, line) for entry, line in dictionary.entries if "/" in entry}
    unique = sorted({w.replace("\u0301", "").replace("\u00ad", "") for _, _, w in occurrences} | set(models))
    if not unique:
        return problems
    try:
        unknown = _run_hunspell(unique, dictionary)
    except RuntimeError as exc:
        return problems + [Problem("content", 0, 0, "орфография", str(exc), Severity.WARNING)]
    for model, (entry, line) in sorted(models.items()):
        if model in unknown:
            problems.append(Problem(DICTIONARY, line, 1, "словарь",
                                    f"«{entry}»: образец «{model}» не знаком hunspell — формы слова не будут "
                                    "приниматься; выберите образец из обычного словаря", Severity.WARNING))
    for item, offset, word in occurrences:
        clean = word.replace("\u0301", "").replace("\u00ad", "")
        for at, part in _unknown_parts(clean, unknown):
            if part.lower() in dictionary.words:
                continue
            at = at if clean == word else 0
            problems.append(Problem(item.path, *item.pos(offset + at), "орфография",
                                    f"«{part}» — нет в словаре; если слово написано верно, добавьте его в "
                                    f"{DICTIONARY}", Severity.WARNING))
    return problems


# --------------------------------------------------------------------------- the public checks


def check_content_quality(project: Project, report: Report) -> None:
    """Warnings about content files (drafts included): broken links, links to unpublished practices,
    missing images, images without alt text, images too big, and spelling."""
    texts = _texts(project)
    links = _Links(project, report)
    for item in texts:
        links.check(item)
    for doc in _all_docs(project):
        links.front_matter_images(doc)
    for problem in spelling_problems(project, texts):
        report.add(problem.path, problem.line, problem.column, problem.field, problem.message, problem.severity)


_STRAIGHT_QUOTES = re.compile(r'"([^"]{1,300}?)"')
_SPACED_HYPHEN = re.compile(r"(?<=[\w»\")!?.,…]) (-{1,2}) (?=[\w«„\"(])")
_RANGE = re.compile(r"(?<![\w/:+-])(?<!\d[.,])(\d{1,4})-(\d{1,4})(?![\w/:-]|[.,]\d)")
_SHORT_WORD = re.compile(r"(?<![\w\u0301-])([а-яёА-ЯЁ]{1,2}) (?=[\w«„\"(])")
_PARTICLE = re.compile(r"(?<=[\w»)]) (ли|ль|же|ж|бы|б)(?![\w-])")
_PARTICLES = {"ли", "ль", "же", "ж", "бы", "б"}


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def typography_suggestions(project: Project, every_nbsp: bool = False) -> list[Problem]:
    """Typography suggestions for every content file (severity WARNING, field «типографика»).

    They are advice to show that never fails a build; files are never changed. Straight quotes,
    a hyphen between spaces and number ranges with a hyphen are reported at each place. A plain
    space after a short word (в, и, на…) is so frequent — about 1,400 places in the example school —
    that by default it is reported once a file, at the first place, with the count; ``every_nbsp``
    reports each place."""
    found: list[Problem] = []

    def suggest(item: _Text, index: int, message: str) -> None:
        found.append(Problem(item.path, *item.pos(index), TYPOGRAPHY, message, Severity.WARNING))

    for item in _texts(project):
        prose = item.prose
        for match in _STRAIGHT_QUOTES.finditer(prose):
            inner = match.group(1)
            if "\n\n" not in inner and re.search("[а-яёА-ЯЁ]", inner):
                suggest(item, match.start(), f'прямые кавычки "{_short(inner)}" — в русском тексте лучше '
                        f"«ёлочки»: «{_short(inner)}»")
        for match in _SPACED_HYPHEN.finditer(prose):
            suggest(item, match.start(1), f"дефис между пробелами « {match.group(1)} » — между словами ставится "
                    "тире: « — »")
        for match in _RANGE.finditer(prose):
            if int(match.group(1)) < int(match.group(2)):
                suggest(item, match.start(), f"диапазон чисел «{match.group(0)}» через дефис — лучше короткое "
                        f"тире: «{match.group(1)}–{match.group(2)}»")
        short = [m for m in _SHORT_WORD.finditer(prose) if m.group(1).lower() not in _PARTICLES]
        if every_nbsp:
            for match in short:
                suggest(item, match.end(1), f"обычный пробел после «{match.group(1)}» — лучше неразрывный "
                        "(&nbsp;), чтобы короткое слово не осталось в конце строки")
        elif short:
            words = list(dict.fromkeys(m.group(1).lower() for m in short))
            listed = ", ".join(f"«{w}»" for w in words[:5]) + (" …" if len(words) > 5 else "")
            suggest(item, short[0].end(1), f"обычный пробел после коротких слов ({listed}) — лучше неразрывный "
                    f"(&nbsp;), чтобы короткое слово не осталось в конце строки; таких мест в файле: {len(short)}, "
                    "первое — здесь")
        for match in _PARTICLE.finditer(prose):
            suggest(item, match.start(), f"обычный пробел перед «{match.group(1)}» — лучше неразрывный "
                    "(&nbsp;), чтобы частица не начинала строку")
    return sorted(found)
