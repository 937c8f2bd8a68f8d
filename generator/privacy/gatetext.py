"""The privacy gate's reading of one text: what a reader sees, whatever the characters it is spelled with.

:meth:`TextGate.scan` is the one entry for any text of a public output — a page, the search index,
a PDF's text, an attachment's metadata or a file name —: it returns the leaks found in it, each
naming the place given. The text is first made what a reader reads (:func:`reader_text`): Unicode
compatibility forms (NFKC), soft hyphens and zero-width characters dropped, stress marks dropped
(«Крылóв»), hyphens at line ends undone; names are then compared with ё = е, and Latin look-alike
letters inside a Cyrillic word («Крылoв» with a Latin «o») read as Cyrillic.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .consent import year_registries
from ..model.loader import Project
from .namematch import NamePattern
from .detectors import find_contacts

# Characters a reader does not see: soft hyphen, zero-width space/joiners, word joiner, BOM, bidi controls.
_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
# Combining marks left after NFKC (a stress mark has no precomposed letter; й and ё have and stay).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# A Latin letter with a diacritic («Krylóv», or «ó» in «Крылóв»): its word is spelled without it.
# (Latin look-alike letters inside a Cyrillic word are made Cyrillic by the name finder.)
_ACCENTED = re.compile(r"[À-ÖØ-öø-ɏ]")
_WORD = re.compile(r"[^\W\d_]+")
# A word broken at a line end: the hyphen and the line break between two letters are dropped.
# Lookarounds, not groups around the letters: a pattern that begins with \w is tried at every letter.
_HYPHENATED = re.compile(r"-(?<=\w-)\s*\n\s*(?=\w)")
# Runs of spaces become one; a lone space is left alone, so the common case costs nothing.
_SPACES = re.compile(r" [ \t\r\f\v]+|[\t\r\f\v][ \t\r\f\v]*")


def _plain_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if not _ACCENTED.search(word):
        return word
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFKD", word)))


def reader_text(text: str) -> str:
    """``text`` as a reader reads it (see the module's docstring); the gate matches on this."""
    text = unicodedata.normalize("NFKC", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if _MARKS.search(text):
        text = _MARKS.sub("", text)
    if _ACCENTED.search(text):
        text = _WORD.sub(_plain_word, text)
    # Hyphens (U+2010, and U+2011 that NFKC made one) join words as «-» does.
    text = text.replace("\u2010", "-")
    return _SPACES.sub(" ", _HYPHENATED.sub("", text))


def canonical(text: str) -> str:
    """A found text as compared with the allow-list: read as a reader does, every dash a hyphen,
    every run of spaces one space."""
    return re.sub(r"\s+", " ", re.sub("[\u2010-\u2015\u2212]", "-", reader_text(text))).strip()


@dataclass(frozen=True)
class Leak:
    output: str
    what: str
    found: str
    source: str = ""

    def __str__(self) -> str:
        where = f" (источник: {self.source})" if self.source else ""
        return f"{self.output}: {self.what}: «{self.found}»{where}"


NAME = "имя участника «{}», не давшего согласия на публикацию имени"
SURNAME = ("фамилия участника «{}», не давшего согласия на публикацию имени (если это однофамилец, "
           "назовите его с именем или инициалами)")


_PATTERNS: dict[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]], NamePattern] = {}


class TextGate:
    """What the gate forbids in a text, compiled once from the project: the names of participants
    without consent (a name withdrawn or withheld in any year is hidden in all), the school's e-mail."""

    def __init__(self, project: Project):
        hidden: dict[str, str] = {}
        public: dict[str, str] = {}
        registries = year_registries(project)
        for registry in registries.values():
            withheld = registry.hidden_names()
            hidden.update(withheld)
            public.update({i: p.name for i, p in registry.by_id.items() if i not in withheld})
        school = project.school.model  # type: ignore[union-attr]
        # The head of the school is named in school.yaml, published on every page: a namesake of theirs
        # is not found by the surname alone.
        public["school.yaml: head"] = school.head.name
        self.hidden = hidden
        self.public = {i: n for i, n in public.items() if i not in hidden}
        self.email = school.email
        self.photos = {photo for registry in registries.values() for photo in registry.hidden_photos()}

    @cached_property
    def names(self) -> NamePattern:
        """The forms of the hidden names (~1 ms a person: built only when some file is read, and once
        per process for the same people — the source check and the gate of one build share them)."""
        key = (tuple(sorted(self.hidden.items())), tuple(sorted(self.public.items())))
        if key not in _PATTERNS:
            _PATTERNS.clear()  # one project per process in practice; never grow with each rebuild
            _PATTERNS[key] = NamePattern(self.hidden, self.public)
        return _PATTERNS[key]

    def scan(self, text: str, place: str) -> list[Leak]:
        """Every name without consent, phone, foreign e-mail or СНИЛС in ``text``, each as a
        :class:`Leak` of ``place`` (an output path, «dist/…/x.pdf: метаданные», a file name…)."""
        return self.scan_read(reader_text(text), place)

    def scan_read(self, text: str, place: str) -> list[Leak]:
        """:meth:`scan` of a text already made :func:`reader_text`."""
        found = [Leak(place, (SURNAME if alone else NAME).format(ident), name)
                 for ident, name, alone in self.names.find_all(text)]
        found += [Leak(place, what, contact) for what, contact in find_contacts(text, self.email)]
        return found
