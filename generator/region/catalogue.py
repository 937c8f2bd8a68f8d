"""The region's catalogue: one entry per accepted practice, and its public forms — JSON, CSV, RSS
of newly accepted practices, and the data of the catalog's filter (site_templates' catalog.js).

Authors are shown as the school published them (names with consent, otherwise roles); nothing else
about a person is in a manifest.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from slugify import slugify

from ..russian import agree_words
from .config import Region, SchoolEntry

FACETS = {"municipality": "Муниципалитет", "school": "Школа", "form": "Форма наставничества",
          "subject": "Предмет", "year": "Учебный год", "tag": "Ключевое слово"}
# School ids that would shadow a facet's listing folder under practices/.
RESERVED = set(FACETS)


@dataclass
class Entry:
    """One practice of the catalogue, as its page, the JSON and the CSV show it."""

    school: str
    school_name: str
    school_short: str
    school_site: str
    municipality: str
    municipality_title: str
    year: str
    id: str
    title: str
    form: str
    subjects: list[str]
    tags: list[str]
    summary: str
    authors: list[str]
    file: str
    pages: int
    bytes: int
    sha256: str
    received: str

    @property
    def url(self) -> str:
        """The practice's page, relative to the site root."""
        return f"practices/{self.school}/{self.year}/{self.id}/"

    @property
    def pdf(self) -> str:
        """The received PDF, byte for byte, under its own name per school and year."""
        return f"files/{self.school}/{self.year}/{self.file}"

    def facet(self, name: str) -> list[str]:
        return {"municipality": [self.municipality_title], "school": [self.school_short], "form": [self.form],
                "subject": self.subjects, "year": [self.year], "tag": self.tags}[name]


def build_catalogue(region: Region, accepted: list[tuple[SchoolEntry, Path, dict[str, Any]]]) -> list[Entry]:
    """Entries of every kept package, newest year first, then by municipality, school and title."""
    entries = []
    for school, _folder, manifest in accepted:
        place = region.municipality(school.municipality)
        for p in manifest["practices"]:
            entries.append(Entry(
                school.id, manifest["school"]["name"], manifest["school"]["short_name"],
                manifest["school"]["site_url"], place.id, place.title, manifest["year"], p["id"], p["title"],
                p["form"], list(p["subjects"]), list(p["tags"]), p["summary"], list(p.get("authors", [])),
                p["file"], p["pages"], p.get("bytes") or 0, p["sha256"], manifest.get("_received", {}).get(p["id"], "")))
    entries.sort(key=lambda e: (-int(e.year[:4]), e.municipality_title, e.school_short, e.title))
    return entries


def facet_slugs(entries: list[Entry]) -> dict[str, dict[str, str]]:
    """Each facet's values → the slug of its listing page (``practices/FACET/SLUG/``)."""
    slugs: dict[str, dict[str, str]] = {}
    for name in FACETS:
        values = sorted({v for e in entries for v in e.facet(name)}, key=str.casefold)
        taken: dict[str, str] = {}
        for value in values:
            base = slugify(value) or "x"
            slug, n = base, 2
            while slug in taken.values():
                slug, n = f"{base}-{n}", n + 1
            taken[value] = slug
        slugs[name] = taken
    return slugs


def counts(entries: list[Entry], name: str) -> list[tuple[str, int]]:
    """(value, practices) of a facet, most first."""
    found = Counter(v for e in entries for v in e.facet(name))
    return sorted(found.items(), key=lambda kv: (-kv[1], kv[0].casefold()))


def filter_json(entries: list[Entry], slugs: dict[str, dict[str, str]]) -> str:
    """``practices/catalog.json`` for catalog.js: the facets and their listings' slugs, and the word
    forms of its count. The practices themselves come from the search index, a page of cards at a
    time: a list of every practice here was 8 MB at 1,000 schools, fetched on every catalog view."""
    payload = {
        "facets": [{"name": n, "title": t, "values": slugs.get(n, {})} for n, t in FACETS.items()],
        "words": {rule: agree_words(n, "практика") for rule, n in (("one", 1), ("few", 2), ("many", 5))},
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def _public(e: Entry, site_url: str) -> dict[str, Any]:
    data = dict(vars(e))  # the fields (lists are not changed below: no deep copy needed)
    data["page"] = site_url + e.url
    data["pdf"] = site_url + e.pdf
    return data


def catalogue_json(entries: list[Entry], region: Region) -> str:
    """``catalogue.json``: the whole catalogue, with the page and PDF addresses."""
    # One practice a line: readable, and json's C encoder (an indent takes the pure-Python one, 1 s at
    # 10,000 practices, on every rebuild).
    lines = ",\n".join(json.dumps(_public(e, region.site_url), ensure_ascii=False) for e in entries)
    return f'{{"region": {json.dumps(region.name, ensure_ascii=False)}, "practices": [\n{lines}\n]}}\n'


CSV_FIELDS = ["municipality_title", "school_short", "year", "title", "form", "subjects", "tags", "authors",
              "summary", "pages", "bytes", "page", "pdf", "sha256", "received"]


def catalogue_csv(entries: list[Entry], region: Region) -> str:
    """``catalogue.csv`` (UTF-8 with BOM, so spreadsheet programs read the Cyrillic); lists joined by «; »."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_FIELDS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for e in entries:
        row = _public(e, region.site_url)
        for name in ("subjects", "tags", "authors"):
            row[name] = "; ".join(row[name])
        # A cell starting with = + - @ would be a formula in a spreadsheet: the text is kept as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return "\ufeff" + out.getvalue()


def rss(entries: list[Entry], region: Region, build_date: date, limit: int = 50) -> str:
    """``feed.xml``: the newest accepted practices (by the date first accepted)."""
    newest = sorted(entries, key=lambda e: (e.received, e.school, e.id), reverse=True)[:limit]

    def when(text: str) -> str:
        day = date.fromisoformat(text) if text else build_date
        return format_datetime(datetime(day.year, day.month, day.day, tzinfo=timezone.utc))

    items = "".join(
        f"<item><title>{escape(e.title)}</title><link>{escape(region.site_url + e.url)}</link>"
        f"<guid isPermaLink=\"true\">{escape(region.site_url + e.url)}</guid><pubDate>{when(e.received)}</pubDate>"
        f"<description>{escape(e.school_short + '. ' + e.summary)}</description></item>\n" for e in newest)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
            f"<title>{escape(region.short_name)}: новые практики наставничества</title>"
            f"<link>{escape(region.site_url)}</link><description>{escape(region.name)}</description>"
            f"<language>ru</language><lastBuildDate>{when(build_date.isoformat())}</lastBuildDate>\n"
            f"{items}</channel></rss>\n")
