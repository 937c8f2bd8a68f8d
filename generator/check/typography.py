"""Typography suggestions (quotes, dashes, non-breaking spaces): advice shown by ``check``,
never applied to the files and never a reason for a build to fail."""
from __future__ import annotations

import re

from .contenttext import ContentText, content_texts
from ..errors import Problem, Severity
from ..model.loader import Project

TYPOGRAPHY = "типографика"

_STRAIGHT_QUOTES = re.compile(r'"([^"]{1,300}?)"')
_SPACED_HYPHEN = re.compile(r"(?<=[\w»\")!?.,…]) (-{1,2}) (?=[\w«„\"(])")
_RANGE = re.compile(r"(?<![\w/:+-])(?<!\d[.,])(\d{1,4})-(\d{1,4})(?![\w/:-]|[.,]\d)")
_SHORT_WORD = re.compile(r"(?<![\w\u0301-])([а-яёА-ЯЁ]{1,2}) (?=[\w«„\"(])")
_PARTICLE = re.compile(r"(?<=[\w»)]) (ли|ль|же|ж|бы|б)(?![\w-])")
_PARTICLES = {"ли", "ль", "же", "ж", "бы", "б"}


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def typography_suggestions(project: Project, every_nbsp: bool = False) -> list[Problem]:
    """Typography suggestions for every content file (severity WARNING, field «типографика»).

    They are advice to show that never fails a build; files are never changed. Straight quotes,
    a hyphen between spaces and number ranges with a hyphen are reported at each place. A plain
    space after a short word (в, и, на…) is so frequent — about 1,400 places in the example school —
    that by default it is reported once a file, at the first place, with the count; ``every_nbsp``
    reports each place."""
    found: list[Problem] = []

    def suggest(item: ContentText, index: int, message: str) -> None:
        found.append(Problem(item.path, *item.pos(index), TYPOGRAPHY, message, Severity.WARNING))

    for item in content_texts(project):
        prose = item.prose
        for match in _STRAIGHT_QUOTES.finditer(prose):
            inner = match.group(1)
            if "\n\n" not in inner and re.search("[а-яёА-ЯЁ]", inner):
                suggest(item, match.start(), f'прямые кавычки "{_short(inner)}" — в русском тексте лучше '
                        f"«ёлочки»: «{_short(inner)}»")
        for match in _SPACED_HYPHEN.finditer(prose):
            suggest(item, match.start(1), f"дефис между пробелами « {match.group(1)} » — между словами ставится "
                    "тире: « — »")
        for match in _RANGE.finditer(prose):
            if int(match.group(1)) < int(match.group(2)):
                suggest(item, match.start(), f"диапазон чисел «{match.group(0)}» через дефис — лучше короткое "
                        f"тире: «{match.group(1)}–{match.group(2)}»")
        short = [m for m in _SHORT_WORD.finditer(prose) if m.group(1).lower() not in _PARTICLES]
        if every_nbsp:
            for match in short:
                suggest(item, match.end(1), f"обычный пробел после «{match.group(1)}» — лучше неразрывный "
                        "(&nbsp;), чтобы короткое слово не осталось в конце строки")
        elif short:
            words = list(dict.fromkeys(m.group(1).lower() for m in short))
            listed = ", ".join(f"«{w}»" for w in words[:5]) + (" …" if len(words) > 5 else "")
            suggest(item, short[0].end(1), f"обычный пробел после коротких слов ({listed}) — лучше неразрывный "
                    f"(&nbsp;), чтобы короткое слово не осталось в конце строки; таких мест в файле: {len(short)}, "
                    "первое — здесь")
        for match in _PARTICLE.finditer(prose):
            suggest(item, match.start(), f"обычный пробел перед «{match.group(1)}» — лучше неразрывный "
                    "(&nbsp;), чтобы частица не начинала строку")
    return sorted(found)
