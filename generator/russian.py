"""Russian agreement of a noun phrase with a number: «1 участник», «22 участника», «5 участников»,
«4 наставнические пары и группы», «из 21 педагога».

The forms come from pymorphy3's dictionary (OpenCorpora), the rule of agreement from its
``numeral_agreement_grammemes``: the project writes the phrase once, in the nominative singular,
and never keeps a table of word forms. Every template, the CLI summary and the computed details
use :func:`agree` (the Jinja filter ``agree``).
"""
from __future__ import annotations

import re
from functools import cache

import pymorphy3

# Words that join agreeing words without agreeing themselves: «пары и группы».
_JOINERS = {"и", "или"}
_CASES = {"nomn", "gent", "datv", "accs", "ablt", "loct"}
_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?|\S+|\s+")


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _nominative_parse(word: str) -> pymorphy3.analyzer.Parse | None:
    """The parse of ``word`` as a nominative singular noun or adjective; ``None`` if it is not one
    (then the word, e.g. «программы» in «участник программы», keeps its form)."""
    for parse in _morph().parse(word.lower()):
        tag = parse.tag
        if tag.POS in ("NOUN", "ADJF", "PRTF") and tag.case == "nomn" and tag.number == "sing":
            return parse
    return None


def _closest(parse: pymorphy3.analyzer.Parse, grammemes: set[str], word: str) -> str:
    """The form of the lexeme with ``grammemes`` nearest to ``word``: «лучшая» → «лучших», never the
    dictionary's «наихороших» of the same lexeme."""
    candidates = [form for form in parse.lexeme if grammemes <= form.tag.grammemes]
    if not candidates:
        return word
    common = lambda form: len(_prefix(form.word, word.lower()))  # noqa: E731
    best = max(candidates, key=lambda form: (common(form), -len(form.word)))
    return best.word


def _prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _grammemes(parse: pymorphy3.analyzer.Parse, number: int, case: str) -> set[str]:
    """What a word of the phrase takes after ``number`` in ``case`` (pymorphy3's rule)."""
    if case != "nomn":  # «из 21 педагога», «из 3 прошедших»: the case's singular after 1, plural otherwise
        one = number % 10 == 1 and number % 100 != 11
        wanted = {"sing" if one else "plur", case}
    else:
        wanted = set(parse.tag.numeral_agreement_grammemes(number))
    if parse.tag.POS != "NOUN" and parse.tag.number == "sing" and "sing" in wanted and parse.tag.gender:
        wanted.add(parse.tag.gender)  # «лучшая практика»: a singular adjective keeps the noun's gender
    return wanted


def _match_case(form: str, original: str) -> str:
    return form[:1].upper() + form[1:] if original[:1].isupper() else form


def agree_words(number: int, phrase: str, case: str = "nomn") -> str:
    """``phrase`` (nominative singular) in the form that follows ``number``: the leading nouns and
    adjectives agree, joined by «и»/«или»; the first other word and everything after it stays."""
    if case not in _CASES:
        raise ValueError(f"падеж {case!r}: ожидается один из {sorted(_CASES)}")
    tokens = _WORD.findall(phrase)
    out, agreeing = [], True
    for token in tokens:
        if not agreeing or token.isspace() or token.lower() in _JOINERS:
            out.append(token)
            continue
        parse = _nominative_parse(token)
        if parse is None:
            agreeing = False
            out.append(token)
            continue
        out.append(_match_case(_closest(parse, _grammemes(parse, abs(number), case), token), token))
    return "".join(out)


def agree(number: int, phrase: str, case: str = "nomn") -> str:
    """``22 участника`` — the number and the phrase agreeing with it; ``case="gent"`` after «из»."""
    return f"{number} {agree_words(number, phrase, case)}"
