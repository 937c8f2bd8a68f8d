"""What a reader or a machine gets from one output file, as the gate reads it: the text and the
attributes people see of HTML and SVG, every string of JSON, the text of a PDF.

Below the gate and filetext (which reads files inside archives and attachments the same way).
"""
from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote

from ..forkpool import workers
from .gatetext import reader_text

log = logging.getLogger("nastavnik")

_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
# Every attribute's value is read, but for those that hold no text (layout, geometry of charts)
# and for plain site paths in href/src (a nav of thousands of links would be read twice).
_ATTR = re.compile(r"""\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NO_TEXT = re.compile(
    r"class|id|style|rel|type|lang|dir|role|tabindex|for|width|height|loading|decoding|crossorigin|"
    r"integrity|media|sizes|charset|http-equiv|target|method|hidden|colspan|rowspan|version|d|points|"
    r"transform|viewbox|preserveaspectratio|[xy][12]?|[cdr][xy]?|r|offset|opacity|fill[\w-]*|stroke[\w-]*|"
    r"font-[\w-]+|clip-?[\w-]*|mask|filter|marker[\w-]*|stop-[\w-]+|text-anchor|dominant-baseline|"
    r"xmlns[\w:-]*|xml:space|data-md-[\w-]+|aria-hidden|aria-expanded|gradient[\w-]*", re.I)
_URL_ATTRS = {"href", "src", "action", "poster", "cite", "data", "xlink:href", "srcset"}
_PLAIN_PATH = re.compile(r"[\w./#-]*", re.A)


def _attribute_texts(markup: str) -> str:
    """The values of the attributes that may hold text a reader or a machine gets."""
    values = []
    for name, double, single in _ATTR.findall(markup):
        value = double or single
        if not value:
            continue
        name = name.lower()
        if name in _URL_ATTRS:
            if not _PLAIN_PATH.fullmatch(value):
                values.append(value)
        elif not _NO_TEXT.fullmatch(name):
            values.append(value)
    text = "\n".join(values)
    return unquote(text) if "%" in text else text  # percent-encoded links: «mailto:%D0%B8…»


# Inline elements do not break a word («Кры<span>лов</span>» reads «Крылов»); other tags do.
_INLINE = re.compile(r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|"
                     r"sup|time|u|var|wbr|font|del|ins)\b[^>]*>", re.I)
# A run of tags with the white space around it is one line break: what a reader sees between two blocks
# (a page's markup is mostly indentation; reading it whole would triple the text the gate scans).
# The lookbehind starts a match only at the beginning of a white-space run: trying at each of its
# characters would make a long run quadratic.
_TAGS = re.compile(r"(?<!\s)\s*(?:<[^>]*>\s*)+")


def markup_text(markup: str) -> str:
    """The text of HTML or SVG and the values of its attributes (alt, title, href with ``tel:`` or
    ``mailto:``…), as a reader or a machine gets them.

    Regular expressions rather than an HTML parser: the gate reads every page of a site of
    thousands of pages on every build. Scripts and styles are dropped, as a reader never sees them."""
    markup = _SCRIPT.sub(" ", markup)
    return html.unescape(_TAGS.sub("\n", _INLINE.sub("", markup)) + "\n" + _attribute_texts(markup))


def _json_text(raw: str) -> str:
    """Every string of a JSON document, unescaped (MkDocs writes Cyrillic as \\u escapes)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    return "\n".join(json_strings(data))


def json_strings(data: object) -> list[str]:
    """Every string of parsed JSON, keys included, in document order (no recursion: any depth)."""
    strings: list[str] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed([v for pair in item.items() for v in pair]))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return strings


def pdf_text(path: Path) -> str | None:
    """The text of a PDF, or ``None`` if it cannot be read; poppler's pdftotext is ~20× faster
    than pypdf, which is the fallback on a machine without it."""
    if shutil.which("pdftotext"):
        # A book of thousands of pages is read in page ranges at once, one pdftotext per core; each
        # writes to a file of its own (reading pipes one after another would make them wait in turn).
        with tempfile.TemporaryDirectory(prefix="nastavnik-pdf-") as folder:
            ranges = _page_ranges(path)
            outs = [Path(folder) / f"{i}.txt" for i in range(len(ranges))]
            runs = [subprocess.Popen(["pdftotext", "-enc", "UTF-8", *pages, str(path), str(out)],
                                     stderr=subprocess.DEVNULL) for pages, out in zip(ranges, outs)]
            if any(run.wait() != 0 for run in runs):
                return None
            return "".join(out.read_text(encoding="utf-8", errors="replace") for out in outs)
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    except (PyPdfError, ValueError, OSError):
        return None


def _page_ranges(path: Path) -> list[list[str]]:
    """pdftotext's -f/-l options that split a large PDF between the cores (one range for a small one)."""
    if path.stat().st_size < 4_000_000 or workers() == 1 or not shutil.which("pdfinfo"):
        return [[]]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    if not found:
        return [[]]
    pages, count = int(found[1]), workers()
    bounds = [1 + pages * i // count for i in range(count + 1)]
    return [["-f", str(start), "-l", str(end - 1)] for start, end in zip(bounds, bounds[1:]) if end > start]


def visible_text(path: Path, shown_as: str = "") -> str:
    """Text a reader or a machine gets from one output file, as :func:`reader_text` reads it."""
    if path.suffix == ".pdf":
        text = pdf_text(path)
        if text is None:
            log.warning("%s: текст PDF не читается, проверьте этот файл вручную", shown_as or path.name)
            return ""
    else:
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".html", ".svg"):  # markup: only the text and the attributes people see
            text = markup_text(text)
        elif path.suffix == ".json":
            text = _json_text(text)
    return reader_text(text)
