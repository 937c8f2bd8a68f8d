"""References in files that failed the schema, checked in the same run (check stage).

A file with one wrong field is not validated, so it has no model; without this module its other
fields waited for the next run: an unknown author in a practice whose date was misspelt, or every
author of the year when participants.yaml had a single bad value, surfaced only after the first
round of fixes. Here the raw values of such a file (kept by the loader in
``Project.unvalidated``) are read field by field: every id a broken file defines still counts as
known (:func:`raw_ids`), and every reference it makes whose own value could be read (a text, a
list of texts) is checked like a valid one (:func:`unvalidated_refs`).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..model.fieldtypes import YEAR_RE
from ..model.loader import Project
from ..model.yamlsrc import Source

# What each data file lists, and under which key.
LIST_KEYS = {"participants.yaml": "participants", "pairs.yaml": "pairs", "events.yaml": "events",
             "school.yaml": "rubrics"}


def raw_ids(project: Project, rel: str) -> set[str] | None:
    """The ids of the items a file that failed the schema still defines (an item with a bad field
    keeps its id); ``None`` when not even the list of items can be read."""
    entry = project.unvalidated.get(rel)
    if entry is None:
        return None
    items = entry[0].get(LIST_KEYS[rel.rsplit("/", 1)[-1]]) if isinstance(entry[0], dict) else None
    if not isinstance(items, list):
        return None
    return {item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}


@dataclass(frozen=True)
class RawRef:
    """One reference read from an unvalidated file: what it names and what it must exist in."""

    src: Source
    loc: tuple[Any, ...]
    value: str
    target: str  # "participants.yaml", "pairs.yaml", "events.yaml" or "rubrics"
    year: str | None  # the academic year whose data the id belongs to (None for rubrics)


def _texts(value: Any, loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """A text, or each text of a list, with its location; anything else could not be read."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield (*loc, i), item


def _year(meta: dict[str, Any]) -> str | None:
    year = meta.get("year")
    match = YEAR_RE.match(year) if isinstance(year, str) else None
    # Two neighbouring years only; any other value has its own schema error already.
    return year if match and int(match.group(2)) == int(match.group(1)) + 1 else None


# Content kind → (field, the file its ids live in, whether the field needs the practice's year).
_CONTENT = {
    "practices": (("authors", "participants.yaml"), ("pair", "pairs.yaml")),
    "news": (("rubric", "rubrics"),),
    "materials": (("event", "events.yaml"),),
}
# Data file → (list key, fields of each item that name ids, the file those ids live in).
_DATA = {
    "pairs.yaml": ("pairs", (("mentors", "participants.yaml"), ("mentees", "participants.yaml"))),
    "events.yaml": ("events", (("attendees", "participants.yaml"), ("participants", "participants.yaml"))),
    "content_plan.yaml": ("items", (("rubric", "rubrics"),)),
}


def unvalidated_refs(project: Project) -> Iterator[RawRef]:
    """Every readable reference of every file that failed the schema."""
    for rel, (data, src) in sorted(project.unvalidated.items()):
        if not isinstance(data, dict):
            continue
        parts = rel.split("/")
        if parts[0] == "content" and parts[1] in _CONTENT:
            year = _year(data)
            for key, target in _CONTENT[parts[1]]:
                if target != "rubrics" and year is None:
                    continue  # the year itself is wrong: its own error says so
                for loc, value in _texts(data.get(key), (key,)):
                    yield RawRef(src, loc, value, target, year)
        elif parts[0] == "data" and len(parts) == 3 and parts[2] in _DATA:
            key, fields = _DATA[parts[2]]
            items = data.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict):
                    continue
                for name, target in fields:
                    for loc, value in _texts(item.get(name), (key, i, name)):
                        yield RawRef(src, loc, value, target, parts[1])
