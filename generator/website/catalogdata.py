"""The practices catalog as data for its filter script (site_templates/assets/javascripts/catalog.js).

Without the script the catalog's facets are plain links to one listing per form, subject, year and
tag; with it a visitor combines them (form × subject × year × tag) on the catalog page. The script
reads ``practices/catalog.json``: the facets and their values, and the word forms for the count
(«1 практика», «2 практики», «5 практик», from the one agreement helper). The practices themselves are
found in the site's search index (Pagefind filters with the same names, searchindex.py), so the file
stays small however many practices there are (a list of them was 0.5 MB at 1,000 and over 2 MB at 5,000).
"""
from __future__ import annotations

import json

from ..russian import agree_words


def catalog_json(titles: dict[str, str], slugs: dict[str, dict[str, str]]) -> str:
    """``practices/catalog.json``: the facets (title; value → the slug of its listing page, so a listing
    page opens with its own value chosen) and the count's word forms."""
    payload = {
        "facets": [{"name": name, "title": title, "values": slugs.get(name, {})} for name, title in titles.items()],
        # Russian plural classes as Intl.PluralRules names them: one (1, 21), few (2–4, 22), many (5, 11)
        "words": {rule: agree_words(n, "практика") for rule, n in (("one", 1), ("few", 2), ("many", 5))},
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
