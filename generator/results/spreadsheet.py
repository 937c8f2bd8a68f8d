"""Internal report tables as XLSX (openpyxl), beside their CSV: a curator opens them in Excel or
LibreOffice, where a CSV's encoding and separator are a guess and a date or «01» may be mangled."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Sheet titles are limited to 31 characters by the format.
SHEET_TITLE = "Отчёт"
MAX_COLUMN_WIDTH = 60


@dataclass
class Table:
    """One report: Russian column headers and rows of plain values."""

    header: list[str]
    rows: list[list[object]] = field(default_factory=list)


def write_xlsx(path: Path, table: Table, built: date) -> None:
    """``table`` as one sheet: a bold frozen header, filters, columns wide enough to read, text wrapped."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    sheet.append(table.header)
    for row in table.rows:
        sheet.append(["" if value is None else value for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, title in enumerate(table.header, start=1):
        values = [str(title)] + ["" if row[column - 1] is None else str(row[column - 1])
                                 for row in table.rows if len(row) >= column]
        width = min(MAX_COLUMN_WIDTH, max(len(v) for v in values) + 2)
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 8)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    # The file's own dates are the build's, not the clock's: the same build gives the same metadata.
    stamp = datetime.combine(built, time(0, 0))
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "nastavnik-press"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(_fixed_zip_times(buffer.getvalue(), built))


def _fixed_zip_times(data: bytes, built: date) -> bytes:
    """The XLSX (a zip) with every member and its «modified» dated ``built``: openpyxl stamps the clock's
    time, and equal inputs must give equal bytes (tests/test_collection.py: same inputs, same bytes)."""
    out = io.BytesIO()
    stamp = f"{built.isoformat()}T00:00:00Z".encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(built.year, built.month, built.day, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the clock's time as «modified»
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + stamp, content)
            target.writestr(member, content)
    return out.getvalue()
