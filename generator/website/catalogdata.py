"""The practices catalog as data for its filter script (site_templates/assets/javascripts/catalog.js).

Without the script the catalog's facets are plain links to one listing per form, subject, year and
tag; with it a visitor combines them (form × subject × year × tag) on the catalog page. The script
reads ``practices/catalog.json``: what the catalog cards already show (title, summary, form, subjects,
year, tags and the page's address), no author, so it holds nothing about a person. The word forms
for the count («1 практика», «2 практики», «5 практик») come from the one agreement helper.
"""
from __future__ import annotations

import json
from typing import Any

from ..render import year_ru
from ..russian import agree_words


def catalog_json(practices: list[Any], titles: dict[str, str], slugs: dict[str, dict[str, str]]) -> str:
    """``practices/catalog.json``: the facets (title; value → the slug of its listing page, so a listing
    page opens with its own value chosen), the count's word forms and one entry a practice."""
    entries = [{
        "title": doc.meta.title, "url": f"{doc.slug}/", "summary": doc.meta.summary,
        "form": [doc.meta.form], "subject": list(doc.meta.subjects), "year": [doc.meta.year],
        "tag": list(doc.meta.tags), "year_label": year_ru(doc.meta.year),
    } for doc in practices]
    payload = {
        "facets": [{"name": name, "title": title, "values": slugs.get(name, {})} for name, title in titles.items()],
        # Russian plural classes as Intl.PluralRules names them: one (1, 21), few (2–4, 22), many (5, 11)
        "words": {rule: agree_words(n, "практика") for rule, n in (("one", 1), ("few", 2), ("many", 5))},
        "practices": entries,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
