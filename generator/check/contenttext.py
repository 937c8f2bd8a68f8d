"""Content files as text for the content checks: code, URLs, tags and link destinations blanked out
while every character keeps its position, so findings point at the right line and column."""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model.loader import ContentDoc, Project
from ..model.yamlsrc import YamlSyntaxError, read_text

# --------------------------------------------------------------------------- the text of a file


@dataclass
class ContentText:
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
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")  # lookbehind: linear on long words
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


# Each kind of non-prose with the characters it cannot do without, to skip the files that lack them.
_NOT_PROSE = ((_REF_DEF, "]:"), (_TAG, "<"), (_ENTITY, "&"), (_ATTR_LIST, "{"), (_FOOTNOTE, "[^"), (_REF_USE, "]["),
              (_URL, ("://", "www.", "WWW.")), (_EMAIL, "@"))


def _mask_prose(buf: list[str], masked: str, start: int) -> None:
    """Blank what is not prose: link destinations, URLs, e-mails, HTML, extension syntax."""
    for _, dest, end, _ in _link_destinations(masked, start):
        _blank(buf, dest - 1, end)  # from "(" to ")", the title included
    for pattern, marks in _NOT_PROSE:
        if any(mark in masked for mark in ((marks,) if isinstance(marks, str) else marks)):  # most files have no URL, tag or entity at all
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
        node = yaml.compose(text[fm_start:closing], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
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


def all_docs(project: Project) -> list[ContentDoc[Any]]:
    return [*project.practices, *project.news, *project.materials, *project.pages]


_NOT_NEWLINE = re.compile(r"[^\n]")


def content_texts(project: Project, docs: list[ContentDoc[Any]] | None = None) -> list[ContentText]:
    """Every content file (drafts included), or those of ``docs``, as text with its masks; the
    whole list is computed once per project."""
    cached = getattr(project, "_content_texts", None)
    if cached is not None:
        return cached if docs is None else [item for item in cached if item.doc in docs]
    texts = []
    for doc in all_docs(project) if docs is None else docs:
        try:
            text = read_text(project.root / doc.src.path)
        except (OSError, YamlSyntaxError):
            continue
        if not text.endswith(doc.body):
            continue
        body_start = len(text) - len(doc.body)
        item = ContentText(doc, text, body_start, _prose_spans(text, body_start))
        item.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        # The front matter is blanked (line breaks kept, so every offset keeps its line and column).
        buf = list(_NOT_NEWLINE.sub(" ", text[:body_start]) + text[body_start:])
        _mask_code(buf, text, body_start)
        item.code_masked = "".join(buf)
        for s, e in item.spans:  # title and summary are prose too
            buf[s:e] = text[s:e]
        _mask_prose(buf, "".join(buf), 0)
        item.prose = "".join(buf)
        texts.append(item)
    if docs is None:
        project._content_texts = texts  # type: ignore[attr-defined]  # the checks and the advice share them
    return texts
