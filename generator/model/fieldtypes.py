"""Field types of the content contract, each with a Russian message that says what is expected."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from .safepath import under_files

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
YEAR_RE = re.compile(r"^(\d{4})-(\d{4})$")


class Model(BaseModel):
    """Base of every contract model: unknown fields are errors (a typo must not pass silently), and
    ``.nan``/``.inf`` are not numbers a school writes (they passed the checks and broke the charts)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True,
                              allow_inf_nan=False)


def _slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise PydanticCustomError(
            "slug", "«{value}» — не идентификатор: ожидаются строчные латинские буквы, цифры и дефисы, "
            "например ivanova-aa или pair-03", {"value": value})
    return value


def parse_iso_date(value: Any) -> date:
    """A date written as ``YYYY-MM-DD``; numbers and other formats are refused, not guessed."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DATE_RE.match(value.strip()):
        text = value.strip()
        try:
            y, m, d = (int(part) for part in text.split("-"))
            return date(y, m, d)
        except ValueError:
            raise PydanticCustomError(
                "date_impossible", "такой даты нет: «{value}»; ожидается существующая дата ГГГГ-ММ-ДД, "
                "например 2025-09-25", {"value": text}) from None
    raise PydanticCustomError(
        "date_format", "«{value}» — не дата; ожидается дата в формате ГГГГ-ММ-ДД, например 2025-09-25",
        {"value": str(value)})


def _academic_year(value: Any) -> str:
    text = str(value).strip()
    match = YEAR_RE.match(text)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise PydanticCustomError(
            "academic_year", "«{value}» — не учебный год; ожидается ГГГГ-ГГГГ из двух соседних лет, "
            "например 2025-2026", {"value": text})
    return text


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "поле не может быть пустым; ожидается текст")
    return value


def _rel_path(value: str) -> str:
    text = value.strip().replace("\\", "/")
    if not text or text.startswith("/") or ".." in text.split("/") or "://" in text:
        raise PydanticCustomError(
            "rel_path", "«{value}» — ожидается относительный путь к файлу внутри content/files/, "
            "например practices/cover.jpg (или files/practices/cover.jpg)", {"value": value})
    # «files/lab.png» (relative to content/, as a link from a page reads) names content/files/lab.png.
    return under_files(text)


Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})]
IsoDate = Annotated[date, BeforeValidator(parse_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
AcademicYear = Annotated[str, BeforeValidator(_academic_year),
                         WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{4}$"})]
Text = Annotated[str, AfterValidator(_not_blank)]
FilePath = Annotated[str, AfterValidator(_rel_path)]


def academic_year_bounds(year: str) -> tuple[date, date]:
    """The academic year's span: 1 August to 31 July, because the plan starts in August."""
    first = int(year[:4])
    return date(first, 8, 1), date(first + 1, 7, 31)


# A URL or content path is pasted into a Markdown link on the site: anything that could end the link
# or start markup (spaces, quotes, brackets, braces, angle brackets, backticks, control characters)
# is refused, as is every scheme but http and https (javascript:, data:, vbscript:, file: …).
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f<>\"'`{}|\\^()\[\]]")


def _evidence(value: str) -> str:
    text = value.strip()
    scheme, sep, rest = text.partition(":")
    if sep and re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):  # a URL, whatever its scheme
        ok = scheme.lower() in ("http", "https") and rest.startswith("//") and len(rest) > 2 \
            and not rest.startswith("///") and not _URL_FORBIDDEN.search(text)
        if not ok:
            raise PydanticCustomError(
                "evidence_url", "«{value}» — не подходящая ссылка: разрешены только адреса http:// и https:// "
                "без пробелов, кавычек, скобок и угловых скобок (например https://vk.com/school) или путь "
                "внутри content/ (например news/start.md)", {"value": value})
        return text
    # A path may hold any character of a file name: the site percent-encodes it in the link.
    if not text or re.search(r"[\x00-\x1f\x7f:]", text) or text.startswith(("/", "\\")):
        raise PydanticCustomError(
            "evidence_path", "«{value}» — не путь внутри content/: ожидается путь вида news/start.md, "
            "pages/documents.md или files/roadmap/akt.pdf (без двоеточий и управляющих символов) "
            "или адрес http:// / https://", {"value": value})
    return text


Evidence = Annotated[str, AfterValidator(_evidence),
                     WithJsonSchema({"type": "string", "pattern": r"^(https?://[^\s<>\"'`{}|\\^()\[\]]+|[^:/\\][^:]*)$"})]
