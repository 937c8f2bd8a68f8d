"""What must never be published (152-FZ): detectors for names without consent, phone numbers,
e-mail addresses other than the school's and СНИЛС, and the reviewed allow-list of exceptions.

Names are searched in every grammatical case a Russian text would use (the forms come from
petrovich, a library for declining Russian names): «Крылов Алексей», «Крылову А. И.»,
«А. И. Крыловым», «Алексея Игоревича». The forms are kept as word sequences in a dictionary, so a
page is read word by word once, whatever the number of people.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from petrovich.enums import Case, Gender
from petrovich.main import Petrovich
from pydantic import Field, ValidationError

from .errors import Report
from .fieldtypes import Model, Text
from .messages import report_validation
from .yamlsrc import Source, YamlSyntaxError, parse_yaml, read_text

CASES = (None, Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL, Case.PREPOSITIONAL)
ALLOWLIST = "data/privacy-allowlist.yaml"
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# The digit comes before the look-behind: a pattern that starts with a character class is
# searched for quickly, one that starts with a look-behind is tried at every position.
_SNILS = re.compile(r"(\d)(?<![\w.-]\d)(\d{2})[- ]?(\d{3})[- ]?(\d{3})[- ]?(\d{2})(?![\w-])")
# Bounded by non-word characters: a run of digits inside a hash or an identifier is not a phone.
_PHONE_LIKE = re.compile(r"(?:\+(?<![\w.]\+)\d|\d(?<![\w.]\d))[\d\s().\-–]{8,}\d(?![\w])")
_PETROVICH = Petrovich()


def _gender(parts: list[str]) -> Gender:
    middle = parts[2] if len(parts) > 2 else ""
    if middle.endswith(("вич", "ич")):
        return Gender.MALE
    if middle.endswith(("вна", "чна", "шна")):
        return Gender.FEMALE
    return Gender.FEMALE if parts[0].endswith(("ова", "ева", "ина", "ая", "ёва")) else Gender.MALE


# A word, or an initial with its dot («И.»): a dot after a longer word ends a sentence, not a name.
_TOKEN = re.compile(r"[A-Za-zА-Яа-яЁё](?:\.|[A-Za-zА-Яа-яЁё]*(?:-[A-Za-zА-Яа-яЁё]+)*)")


def _declensions(full_name: str) -> list[tuple[str, str, str]]:
    """``(surname, first name, patronymic)`` in each case, lowercased."""
    parts = full_name.split()
    if len(parts) < 2:
        return []
    gender = _gender(parts)
    forms = []
    for case in CASES:
        def decline(word: str, kind: str) -> str:
            if case is None:
                return word
            try:
                return getattr(_PETROVICH, kind)(word, case, gender)
            except Exception:  # petrovich has no rule for some foreign names: keep the word as written
                return word
        forms.append((decline(parts[0], "lastname").lower(), decline(parts[1], "firstname").lower(),
                      decline(parts[2], "middlename").lower() if len(parts) > 2 else ""))
    return forms


def _sequences(full_name: str) -> set[tuple[str, ...]]:
    """Word sequences (lowercased; initials as «и.») that name this person in some case."""
    parts = full_name.split()
    initials = tuple(f"{p[0].lower()}." for p in parts[1:3])
    found: set[tuple[str, ...]] = set()
    for surname, first, middle in _declensions(full_name):
        found |= {(surname, first), (first, surname), (surname, *initials), (*initials, surname)}
        if middle:
            found.add((first, middle))
    return found


class NamePattern:
    """Every form of every hidden name, looked up word by word: a site of thousands of pages is read
    once, and only the pages with a word of some hidden name are walked in detail."""

    def __init__(self, hidden: dict[str, str], public: dict[str, str] | None = None):
        # A form shared with someone who consented (a namesake, the same name and patronymic) names
        # that person too: it cannot tell the two apart, so it is not searched for.
        shared = {seq for name in (public or {}).values() for seq in _sequences(name)}
        self.sequences: dict[tuple[str, ...], str] = {}
        for ident, name in sorted(hidden.items()):
            for seq in _sequences(name) - shared:
                self.sequences.setdefault(seq, ident)
        self.words = {seq[0] for seq in self.sequences}
        self.lengths = sorted({len(seq) for seq in self.sequences}, reverse=True)

    def find(self, text: str) -> list[tuple[str, str]]:
        """``(participant id, text as found)`` for every hidden name in ``text``."""
        if not self.sequences:
            return []
        words = list(map(str.lower, _TOKEN.findall(text)))
        if self.words.isdisjoint(words):
            return []
        # Positions are only needed where the words themselves spell a hidden name's form; most
        # pages have a first name or an initial of someone, few have a whole name.
        starts = [i for i, word in enumerate(words) if word in self.words
                  and any(tuple(words[i:i + length]) in self.sequences for length in self.lengths)]
        if not starts:
            return []
        spans = [m.span() for m in _TOKEN.finditer(text)]
        found = []
        for i in starts:
            for length in self.lengths:
                window = spans[i:i + length]
                # Words of a name stand side by side: only spaces between them, no sentence break.
                if len(window) == length and all(text[a[1]:b[0]].isspace() or text[a[1]:b[0]] == ""
                                                 for a, b in zip(window, window[1:])):
                    ident = self.sequences.get(tuple(words[i:i + length]))
                    if ident:
                        found.append((ident, text[window[0][0]:window[-1][1]]))
                        break
        return found


def snils_valid(digits: str) -> bool:
    """The СНИЛС check number: weights 9..1, then modulo 101 (100 and 101 give 00)."""
    if len(digits) != 11 or len(set(digits[:9])) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1)))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return check == int(digits[9:])


def find_contacts(text: str, school_email: str) -> list[tuple[str, str]]:
    """``(what, text as found)`` for e-mails other than the school's, phone numbers and СНИЛС."""
    found = [("адрес электронной почты", m.group(0)) for m in _EMAIL.finditer(text)
             if m.group(0).lower() != school_email.lower()] if "@" in text else []
    found += [("СНИЛС", m.group(0)) for m in _SNILS.finditer(text) if snils_valid("".join(m.groups()))]
    # The phone matcher is slow on long texts: give it only stretches that look like a number.
    candidates = " … ".join(m.group(0) for m in _PHONE_LIKE.finditer(text))
    for match in phonenumbers.PhoneNumberMatcher(candidates, "RU", leniency=phonenumbers.Leniency.VALID):
        raw = match.raw_string
        digits = re.sub(r"\D", "", raw)
        # Numbers of documents and file names are digits too: a phone is written with +7, with a
        # leading 8/7 and 11 digits, or grouped with spaces, dashes or brackets.
        written_as_phone = raw.startswith("+") or (len(digits) == 11 and digits[0] in "78") \
            or len(re.findall(r"[\s().\-–]", raw)) >= 2
        if len(digits) >= 10 and written_as_phone:
            found.append(("номер телефона", raw))
    return found


class AllowEntry(Model):
    """One reviewed exception: this exact text in this one output is not a leak."""

    output: Text = Field(description="Путь файла внутри site/ или dist/, например site/news/x/index.html")
    text: Text = Field(description="Точный найденный текст")
    reason: Text = Field(description="Почему это не персональные данные или есть согласие")
    reviewed_by: Text = Field(description="Кто проверил (должность)")


class Allowlist(Model):
    entries: list[AllowEntry] = []


@dataclass(frozen=True)
class Allowed:
    output: str
    text: str


def load_allowlist(root: Path, report: Report) -> set[Allowed]:
    """The reviewed exceptions; there are no wildcards, so nothing is silenced globally."""
    path = root / ALLOWLIST
    if not path.is_file():
        return set()
    source = Source(ALLOWLIST)
    try:
        data = parse_yaml(read_text(path), source) or {}
    except YamlSyntaxError as exc:
        report.error(ALLOWLIST, exc.pos, "", exc.message)
        return set()
    try:
        allowlist = Allowlist.model_validate(data if isinstance(data, dict) else {"entries": data})
    except ValidationError as exc:
        report_validation(exc, Allowlist, source, report)
        return set()
    return {Allowed(e.output, e.text) for e in allowlist.entries}
