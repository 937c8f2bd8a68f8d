"""Russian stemming for the words a visitor types into Material's search.

Material's search worker adds a trailing wildcard to every query term (``наставнику*``), and lunr
runs no pipeline — so no Russian stemmer — on a wildcard term: «наставнику» then misses every page
that says «наставник». The site gets a copy of the pinned Material's worker in which each term is
searched both as typed (stemmed, so every grammatical form matches) and as a prefix (results as
you type), and a word matched through its stem is not listed as missing. The file keeps the theme's name and path, so MkDocs serves it instead of the original.
"""
from __future__ import annotations

from pathlib import Path

WILDCARD_ONLY = ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)"
STEM_AND_PREFIX = ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r} ${r}*`)"
# Material marks a query word as missing («Отсутствует: ~~наставнику~~») unless a matched index term
# starts with the word as typed; the stemmed match «наставник» does not. A word is found as well when
# it starts with a term the page matched (the stem of that very word): no hit says «Отсутствует» then.
FOUND_AS_TYPED = "e[s].startsWith(o.term)&&(n[o.term]=!0"
FOUND_OR_STEM = "(e[s].startsWith(o.term)||o.term.startsWith(e[s]))&&(n[o.term]=!0"


def patched_search_worker() -> tuple[str, str] | None:
    """``(site path, JavaScript)`` of the worker that stems queries, or ``None`` if this Material
    version's worker is not the one the patch was written for (the site then keeps the original)."""
    from material import templates

    folder = Path(templates.__file__).parent / "assets" / "javascripts" / "workers"
    workers = sorted(folder.glob("search.*.min.js"))
    if len(workers) != 1:
        return None
    code = workers[0].read_text(encoding="utf-8")
    if code.count(WILDCARD_ONLY) != 1 or code.count(FOUND_AS_TYPED) != 1:
        return None
    code = code.replace(WILDCARD_ONLY, STEM_AND_PREFIX).replace(FOUND_AS_TYPED, FOUND_OR_STEM)
    return f"assets/javascripts/workers/{workers[0].name}", code
