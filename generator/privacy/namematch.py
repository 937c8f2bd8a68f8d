"""Names of participants as a reader may meet them: every case and number, initials before or after,
Latin letters, the surname alone.

Forms of Russian names come from two libraries: petrovich (rules for declining names, so it
declines any surname, also one no dictionary knows) and pymorphy3 with the OpenCorpora dictionary
(the plural «Крыловых», and which forms are also common words: «Зима», «соколов»). A surname no
dictionary knows gets its plural by the rules of Russian surnames («-ов», «-ин», «-ский»).

The forms are kept as word sequences in a dictionary, so a page is read word by word once,
whatever the number of people. Words are compared in lower case with ё = е; Latin words by their
:func:`~generator.privacy.translit.latin_key`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from petrovich.enums import Case, Gender
from petrovich.main import Petrovich

from .translit import latin_initials, latin_key, latin_keys

CASES = (Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL, Case.PREPOSITIONAL)
_PETROVICH = Petrovich()
# A word, or an initial with its dot («И.»): a dot after a longer word ends a sentence, not a name.
TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё](?:\.|[A-Za-zА-Яа-яЁё]*(?:-[A-Za-zА-Яа-яЁё]+)*)")
_NAME_TAGS = {"Surn", "Name", "Patr"}
# Latin letters that look Cyrillic, as they are typed inside a Cyrillic word to slip past a filter.
_LOOKALIKES = str.maketrans("aceopxyk", "асеорхук")
_CYRILLIC = re.compile("[а-яё]")
# Plurals of the usual surname endings, for surnames no dictionary knows.
_PLURALS = (("ская", "ски"), ("ский", "ски"), ("цкая", "цки"), ("цкий", "цки"), ("ова", "ов"), ("ева", "ев"),
            ("ина", "ин"), ("ына", "ын"), ("ов", "ов"), ("ев", "ев"), ("ин", "ин"), ("ын", "ын"))
_PLURAL_ENDINGS = {"ски": ("е", "х", "м", "ми"), "цки": ("е", "х", "м", "ми")}


@lru_cache(maxsize=1)
def morph():  # type: ignore[no-untyped-def]
    """The pymorphy3 analyser (loading its dictionary takes most of a second: once per process)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def fold(word: str) -> str:
    """How words are compared: lower case, ё = е."""
    return word.lower().replace("ё", "е")


def gender(parts: list[str]) -> Gender:
    middle = parts[2] if len(parts) > 2 else ""
    if middle.endswith(("вич", "ич")):
        return Gender.MALE
    if middle.endswith(("вна", "чна", "шна")):
        return Gender.FEMALE
    return Gender.FEMALE if parts[0].endswith(("ова", "ева", "ина", "ая", "ёва", "ына")) else Gender.MALE


def _petrovich(word: str, kind: str, sex: Gender) -> set[str]:
    forms = {fold(word)}
    for case in CASES:
        try:
            forms.add(fold(getattr(_PETROVICH, kind)(word, case, sex)))
        except Exception:  # petrovich has no rule for some foreign names: the word as written stays
            pass
    return forms


def _lexeme(word: str, tag: str, sex: Gender, plural: bool) -> set[str]:
    """Forms of ``word`` from the dictionary, for a parse tagged ``tag`` (Surn, Name) of this gender."""
    grammeme = "masc" if sex is Gender.MALE else "femn"
    for parse in morph().parse(fold(word)):
        if tag in parse.tag and parse.tag.case == "nomn" and (grammeme in parse.tag or "ms-f" in parse.tag):
            return {fold(f.word) for f in parse.lexeme
                    if grammeme in f.tag or "ms-f" in f.tag or (plural and f.tag.number == "plur")}
    return set()


def first_name_forms(word: str, sex: Gender) -> set[str]:
    """Every case of a first name (petrovich's rules and the dictionary's lexeme), folded."""
    return _petrovich(word, "firstname", sex) | _lexeme(word, "Name", sex, plural=False)


def patronymic_forms(word: str, sex: Gender) -> set[str]:
    """Every case of a patronymic, folded."""
    return _petrovich(word, "middlename", sex)


def surname_forms(surname: str, sex: Gender) -> set[str]:
    """Every case of the surname for this gender, and the plural («Крыловы», «Крыловых»)."""
    known = _lexeme(surname, "Surn", sex, plural=True)
    forms = _petrovich(surname, "lastname", sex) | known
    word = fold(surname)
    if not known:  # a surname the dictionary lacks: the plural by the rules of its ending
        for ending, stem in _PLURALS:
            if word.endswith(ending):
                base = word[: -len(ending)] + stem
                forms |= {base + e for e in _PLURAL_ENDINGS.get(stem, ("ы", "ых", "ым", "ыми"))}
                break
    return forms


def is_common_word(form: str) -> bool:
    """Whether a form of a surname is also an ordinary word of the dictionary («зима», «соколов»)."""
    parses = morph().parse(form)
    return morph().word_is_known(form) and sum(p.score for p in parses if not _NAME_TAGS & p.tag.grammemes) >= 0.1


def is_first_name(token: str) -> bool:
    """Whether a capitalised word is a first name or a patronymic (of a namesake, next to a surname)."""
    if not token[:1].isupper():
        return False
    if token.isascii():
        return len(token) > 2 and not token.endswith(".")
    return any(p.score >= 0.05 and {"Name", "Patr"} & p.tag.grammemes for p in morph().parse(fold(token)))


class Person:
    """The word sequences that name one person, and the forms of the surname that name them alone."""

    def __init__(self, full_name: str):
        parts = full_name.split()
        self.sequences: set[tuple[str, ...]] = set()
        self.lone: dict[str, bool] = {}  # form → whether it is also a common word
        if len(parts) < 2:
            return
        sex = gender(parts)
        surnames = surname_forms(parts[0], sex)
        firsts = first_name_forms(parts[1], sex)
        middles = patronymic_forms(parts[2], sex) if len(parts) > 2 else set()
        initials = tuple(fold(p[0]) + "." for p in parts[1:3])
        for surname in surnames:
            self._name(surname, firsts, [(initials[0],), initials])
        self.sequences |= {(first, middle) for first in firsts for middle in middles}
        latin_firsts = latin_keys(fold(parts[1]))
        first_initials = latin_initials(fold(parts[1]))
        latin_inits = [(i,) for i in first_initials]
        if len(parts) > 2:
            latin_inits += [(i, j) for i in first_initials for j in latin_initials(fold(parts[2]))]
        for surname in latin_keys(fold(parts[0])):
            self._name(surname, latin_firsts, latin_inits)
            if len(surname) > 3:
                self.lone[surname] = False
        for surname in surnames:
            if len(surname) > 3:
                self.lone[surname] = is_common_word(surname)

    def _name(self, surname: str, firsts: set[str], initials: list[tuple[str, ...]]) -> None:
        self.sequences |= {(surname, first) for first in firsts} | {(first, surname) for first in firsts}
        self.sequences |= {(surname, *i) for i in initials} | {(*i, surname) for i in initials}


class NamePattern:
    """Every form of every hidden name, looked up word by word: a site of thousands of pages is read
    once, and only the pages with a word of some hidden name are walked in detail."""

    def __init__(self, hidden: dict[str, str], public: dict[str, str] | None = None):
        # A form shared with someone who consented (a namesake, the same name and patronymic) names
        # that person too: it cannot tell the two apart, so it is not searched for.
        consented = [Person(name) for name in (public or {}).values()]
        shared = {seq for person in consented for seq in person.sequences}
        shared_lone = {form for person in consented for form in person.lone}
        self.sequences: dict[tuple[str, ...], str] = {}
        self.lone: dict[str, tuple[str, bool]] = {}
        for ident, name in sorted(hidden.items()):
            person = Person(name)
            for seq in person.sequences - shared:
                self.sequences.setdefault(seq, ident)
            for form, common in person.lone.items():
                if form not in shared_lone:
                    self.lone.setdefault(form, (ident, common))
        self.words = {seq[0] for seq in self.sequences}
        self.lengths = sorted({len(seq) for seq in self.sequences}, reverse=True)

    def find(self, text: str) -> list[tuple[str, str]]:
        """``(participant id, text as found)`` for every hidden name written with a first name,
        a patronymic or initials."""
        return [(ident, found) for ident, found, alone in self.find_all(text) if not alone]

    def find_all(self, text: str) -> list[tuple[str, str, bool]]:
        """``(participant id, text as found, whether the surname stands alone)`` for every hidden
        name in ``text``, also a surname alone (unless a first name or initials of someone else
        stand beside it: a namesake, «басни И. А. Крылова»)."""
        if not self.sequences and not self.lone:
            return []
        lowered = fold(text)
        if len(lowered) != len(text):  # a rare letter whose lower case is longer: report in lower case
            text = lowered
        words = TOKEN.findall(lowered)
        distinct = set(words)
        latin = {w: key for w in distinct if (key := _latin_reading(w)) is not None}
        keys = distinct | set(latin.values())
        if self.words.isdisjoint(keys) and self.lone.keys().isdisjoint(keys):
            return []
        if latin:
            words = [latin.get(w, w) for w in words]
        spans = [m.span() for m in TOKEN.finditer(lowered)]
        found: list[tuple[str, str, bool]] = []
        covered: set[int] = set()
        for i, word in enumerate(words):
            if word in self.words and i not in covered:
                length = self._sequence_at(words, spans, text, i)
                if length:
                    covered.update(range(i, i + length))
                    found.append((self.sequences[tuple(words[i:i + length])],
                                  text[spans[i][0]:spans[i + length - 1][1]], False))
        for i, word in enumerate(words):
            if word in self.lone and i not in covered and self._alone(words, spans, text, i):
                found.append((self.lone[word][0], text[spans[i][0]:spans[i][1]], True))
        return found

    def _sequence_at(self, words: list[str], spans: list[tuple[int, int]], text: str, i: int) -> int:
        """The length of the hidden name's form that starts at word ``i``, or 0."""
        for length in self.lengths:
            end = i + length
            if tuple(words[i:end]) not in self.sequences or not _adjacent(spans, text, i, end):
                continue
            # «И. А. Крылова» is someone else than «А. Крылова»: one initial of a longer set is not a name.
            if (_initial(text, spans, i) and i > 0 and _initial(text, spans, i - 1) and _adjacent(spans, text, i - 1, i + 1)) \
                    or (_initial(text, spans, end - 1) and end < len(words) and _initial(text, spans, end)
                        and _adjacent(spans, text, end - 1, end + 1)):
                continue
            return length
        return 0

    def _alone(self, words: list[str], spans: list[tuple[int, int]], text: str, i: int) -> bool:
        """Whether the surname at word ``i`` names the hidden person: capitalised, no one else's first
        name or initials beside it, and — for a form that is also a common word — not at a sentence start."""
        start, end = spans[i]
        if not text[start].isupper():
            return False
        for j in (i - 1, i + 1):
            if 0 <= j < len(words) and _adjacent(spans, text, min(i, j), max(i, j) + 1):
                neighbour = text[spans[j][0]:spans[j][1]]
                if _initial(text, spans, j) or is_first_name(neighbour):
                    return False
        if self.lone[words[i]][1]:
            k = start - 1
            while k >= 0 and text[k].isspace():
                k -= 1
            return k >= 0 and (text[k].isalnum() or text[k] in ",;-")
        return True


@lru_cache(maxsize=100_000)
def _latin_reading(word: str) -> str | None:
    """How a lowercase word written with Latin letters is compared with the names (its transliteration
    key, or its look-alike letters made Cyrillic); None for a plain Cyrillic word or an initial.
    Cached: a site's pages share most of their words, and this is the costly part of a page's scan."""
    if word.endswith("."):
        return None
    if word.isascii():
        return latin_key(word)
    return word.translate(_LOOKALIKES) if _mixed(word) else None


def _mixed(word: str) -> bool:
    """Whether a lowercase word that is not all ASCII has Latin letters among Cyrillic ones."""
    return not word.isascii() and _CYRILLIC.search(word) is not None and word.translate(_LOOKALIKES) != word


def _initial(text: str, spans: list[tuple[int, int]], i: int) -> bool:
    """Whether word ``i`` is an initial: a capital letter and a dot («А.», not «г.»)."""
    start, end = spans[i]
    return end - start == 2 and text[end - 1] == "." and text[start].isupper()


def _adjacent(spans: list[tuple[int, int]], text: str, first: int, end: int) -> bool:
    """Whether words ``first``..``end - 1`` stand side by side: only spaces between, no sentence break."""
    window = spans[first:end]
    return len(window) == end - first and all(
        text[a[1]:b[0]] == "" or text[a[1]:b[0]].isspace() for a, b in zip(window, window[1:]))
