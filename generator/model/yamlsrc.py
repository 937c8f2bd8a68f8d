"""YAML and front matter with positions, so every message can name ``file:line:column``.

PyYAML's SafeLoader is used only to compose nodes; values are built here so that each
key and value keeps its mark. The timestamp resolver is dropped: dates stay strings and
the models report an impossible date such as ``2025-13-01`` with its position, instead of
PyYAML's bare ``ValueError``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Pos = tuple[int, int]
PathKey = tuple[Any, ...]

# A guard against "billion laughs" alias bombs and absurd documents: a school's largest
# data file (diagnostics of a big school) has a few tens of thousands of nodes. Both are checked on
# the parser's event stream before any node is composed (libyaml composes recursively in C: a
# 100,000-deep document killed the process), see _guard.
MAX_NODES = 500_000
MAX_DEPTH = 64
MB = 1024 * 1024
MAX_YAML_BYTES = 10 * MB  # a data file; the largest school's diagnostics are under 1 MB
MAX_MARKDOWN_BYTES = 1 * MB  # a content file, front matter and body: about 300 printed pages


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser (about ten times faster) with the same resolvers; a document it refuses is
    parsed again by the pure-Python loader, whose messages the error table translates."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


class YamlSyntaxError(Exception):
    """Broken YAML: carries a Russian message and a position."""

    def __init__(self, message: str, pos: Pos):
        super().__init__(message)
        self.message = message
        self.pos = pos


@dataclass
class Source:
    """Where a loaded document came from and where each of its values sits."""

    path: str  # relative to the repository root, with forward slashes
    line_offset: int = 0  # front matter starts after the opening '---'
    values: dict[PathKey, Pos] = field(default_factory=dict)
    keys: dict[PathKey, Pos] = field(default_factory=dict)

    def at(self, loc: PathKey, prefer_key: bool = False) -> Pos:
        """Position of the value at ``loc`` (or of its key), else of the nearest parent."""
        loc = tuple(loc)
        while True:
            table = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for marks in table:
                if loc in marks:
                    line, col = marks[loc]
                    return line + self.line_offset, col
            if not loc:
                return 1 + self.line_offset, 1
            loc = loc[:-1]


def _pos(mark: yaml.Mark) -> Pos:
    return mark.line + 1, mark.column + 1


class _Builder:
    def __init__(self, loader: _Loader, source: Source):
        self.loader = loader
        self.source = source
        self.count = 0

    def build(self, node: yaml.Node, loc: PathKey, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise YamlSyntaxError(
                "документ слишком большой или слишком глубоко вложенный (возможно, рекурсивные ссылки &/*)",
                _pos(node.start_mark))
        self.source.values[loc] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise YamlSyntaxError("ключ должен быть простым значением", _pos(key_node.start_mark))
                key = str(key) if not isinstance(key, str) else key
                if key in result:
                    raise YamlSyntaxError(f"поле «{key}» повторяется; ожидается одно значение", _pos(key_node.start_mark))
                self.source.keys[loc + (key,)] = _pos(key_node.start_mark)
                result[key] = self.build(value_node, loc + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "").strip()
    hints = {
        "found character '\\t' that cannot start any token": "табуляция вместо пробелов — используйте пробелы для отступов",
        "mapping values are not allowed here": "двоеточие в неожиданном месте — возьмите значение в кавычки или проверьте отступ",
        "could not find expected ':'": "не найдено «:» после имени поля — проверьте отступы и кавычки",
        "found undefined alias": "ссылка *… на неизвестный якорь &…",
        "expected <block end>, but found '<block mapping start>'": "неверный отступ",
        "expected <block end>, but found '-'": "неверный отступ у элемента списка",
        "expected ',' or ']'": "не закрыта квадратная скобка [ или пропущена запятая",
        "expected ',' or '}'": "не закрыта фигурная скобка { или пропущена запятая",
        "found unexpected end of stream": "файл оборвался — не закрыта кавычка или скобка",
    }
    for english, russian in hints.items():
        if problem.startswith(english):
            return f"ошибка синтаксиса YAML: {russian}"
    return f"ошибка синтаксиса YAML: {problem}"


def _bad_character(text: str, exc: yaml.reader.ReaderError) -> YamlSyntaxError:
    code = exc.character if isinstance(exc.character, int) else 0
    line = text.count("\n", 0, exc.position) + 1
    return YamlSyntaxError(f"недопустимый управляющий символ (код {code:#06x}) — удалите его; "
                           "ожидается обычный текст", (line, 1))


_COLLECTION_MARKS = ":-[{?"  # a collection needs one of these: a key, an item or a flow bracket


def _guard(text: str) -> None:
    """Refuse a document nested deeper than ``MAX_DEPTH`` or expanding (through aliases) to more
    than ``MAX_NODES`` nodes, reading the parser's events iteratively and stopping at the first
    excess, before anything is composed. A broken document passes here: its syntax error is told
    by the parse that follows (whose recursion the depth check has already bounded)."""
    if "*" not in text and sum(text.count(mark) for mark in _COLLECTION_MARKS) <= MAX_DEPTH:
        return  # cannot be deeper than its number of collections: most front matter stops here
    parser = _FastLoader(text) if hasattr(yaml, "CSafeLoader") else _Loader(text)
    anchors: dict[str, int] = {}
    open_: list[tuple[int, str | None]] = []  # expanded size so far and anchor, per open collection
    total = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            size = 0
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                open_.append((1, event.anchor))
                if len(open_) > MAX_DEPTH:
                    raise YamlSyntaxError(f"вложенность глубже {MAX_DEPTH} уровней — так глубоко данные "
                                          "не бывают; ожидается обычная структура полей и списков",
                                          _pos(event.start_mark))
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size, anchor = open_.pop()
                if anchor:
                    anchors[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor:
                    anchors[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                size = anchors.get(event.anchor, 1)
            else:
                continue
            if open_:
                open_[-1] = (open_[-1][0] + size, open_[-1][1])
            else:
                total += size
            if total > MAX_NODES or (open_ and open_[-1][0] > MAX_NODES):
                raise YamlSyntaxError(f"документ раскрывается больше чем в {MAX_NODES:,} значений".replace(",", " ")
                                      + " (рекурсивные или размноженные ссылки &/*); ожидается обычный список "
                                      "без ссылок *", _pos(event.start_mark))
    except (yaml.YAMLError, RecursionError):
        return
    finally:
        parser.dispose()


def parse_yaml(text: str, source: Source) -> Any:
    """Parse one YAML document, recording marks into ``source``; raises :class:`YamlSyntaxError`."""
    if len(text) > MAX_YAML_BYTES:
        raise YamlSyntaxError(f"документ больше {MAX_YAML_BYTES // MB} МБ; ожидается файл меньше — "
                              "разделите данные по учебным годам", (1, 1))
    _guard(text)
    if hasattr(yaml, "CSafeLoader"):  # PyYAML built without libyaml: the pure-Python loader alone
        fast = None
        try:
            fast = _FastLoader(text)
            node = fast.get_single_node()
            return None if node is None else _Builder(fast, source).build(node, ())
        except (yaml.YAMLError, RecursionError):
            source.values.clear()
            source.keys.clear()  # the precise message comes from the pure-Python parser below
        finally:
            if fast is not None:
                fast.dispose()
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # PyYAML checks the characters before parsing
        raise _bad_character(text, exc) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _Builder(loader, source).build(node, ())
    except yaml.reader.ReaderError as exc:
        raise _bad_character(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(mark) if mark else (1, 1)
        raise YamlSyntaxError(_syntax_message(exc), pos) from None
    except yaml.YAMLError as exc:  # e.g. a constructor error without a mark
        raise YamlSyntaxError(f"ошибка YAML: {exc}", (1, 1)) from None
    except RecursionError:
        raise YamlSyntaxError("документ слишком глубоко вложенный", (1, 1)) from None
    finally:
        loader.dispose()


def syntax_error(text: str) -> YamlSyntaxError | None:
    """The first syntax error of a YAML text, in Russian with its position, or None; tags such as
    mkdocs.yml's ``!!python/name`` are not constructed, only parsed (the pre-commit file hook)."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        return _bad_character(text, exc)
    try:
        while loader.check_node():  # every document of the stream
            loader.get_node()
    except yaml.reader.ReaderError as exc:
        return _bad_character(text, exc)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return YamlSyntaxError(_syntax_message(exc), _pos(mark) if mark else (1, 1))
    except yaml.YAMLError as exc:
        return YamlSyntaxError(f"ошибка YAML: {exc}", (1, 1))
    finally:
        loader.dispose()
    return None


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is tolerated); raises :class:`YamlSyntaxError` for other encodings."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlSyntaxError(
            "файл не в кодировке UTF-8 (похоже на Windows-1251) — сохраните его как UTF-8", (line, 1)) from None
    if "\x00" in text:
        raise YamlSyntaxError("файл содержит двоичные данные (символ NUL) — это не текст", (1, 1))
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass
class FrontMatterDoc:
    meta: Any
    body: str
    body_line: int  # 1-based line of the body's first line in the file


def split_front_matter(text: str, source: Source) -> FrontMatterDoc:
    """Split ``---`` front matter from a Markdown body; marks are shifted to file lines."""
    match = _FRONT.match(text)
    if not match:
        raise YamlSyntaxError(
            "нет блока метаданных: файл должен начинаться со строки «---», затем поля, затем «---»", (1, 1))
    source.line_offset = 1
    try:
        meta = parse_yaml(match.group(1) or "", source)
    except YamlSyntaxError as exc:  # its line counts from the first line after the opening '---'
        raise YamlSyntaxError(exc.message, (exc.pos[0] + source.line_offset, exc.pos[1])) from None
    body = text[match.end():]
    body_line = text[: match.end()].count("\n") + 1
    return FrontMatterDoc(meta, body, body_line)


def read_text(path: Path, limit: int = MAX_YAML_BYTES) -> str:
    """Read a file as text with :func:`decode`'s checks, without following a symbolic link, and
    refuse one larger than ``limit`` bytes before reading it whole."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise YamlSyntaxError(f"файл больше {limit // MB} МБ; ожидается не больше {limit // MB} МБ — "
                              "разделите его на несколько или уберите лишнее (картинки — в content/files/)",
                              (1, 1))
    return decode(raw)
