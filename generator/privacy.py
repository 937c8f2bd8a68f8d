"""What must never be published (152-FZ): detectors for names without consent, phone numbers,
e-mail addresses other than the school's and СНИЛС, and the reviewed allow-list of exceptions.

Names are searched in every grammatical case a Russian text would use (the forms come from
petrovich, a library for declining Russian names): «Крылов Алексей», «Крылову А. И.»,
«А. И. Крыловым», «Алексея Игоревича». One compiled pattern holds every form, so a whole site is
searched in one pass per file.
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
_SNILS = re.compile(r"(?<![\w.-])(\d{3})[- ]?(\d{3})[- ]?(\d{3})[- ]?(\d{2})(?![\w-])")
# Bounded by non-word characters: a run of digits inside a hash or an identifier is not a phone.
_PHONE_LIKE = re.compile(r"(?<![\w.])\+?\d[\d\s().\-–]{8,}\d(?![\w])")
_PETROVICH = Petrovich()


def _gender(parts: list[str]) -> Gender:
    middle = parts[2] if len(parts) > 2 else ""
    if middle.endswith(("вич", "ич")):
        return Gender.MALE
    if middle.endswith(("вна", "чна", "шна")):
        return Gender.FEMALE
    return Gender.FEMALE if parts[0].endswith(("ова", "ева", "ина", "ая", "ёва")) else Gender.MALE


def name_forms(full_name: str) -> list[str]:
    """Regular-expression alternatives for the ways a text names this person, in every case."""
    parts = full_name.split()
    if len(parts) < 2:
        return [re.escape(full_name)]
    gender = _gender(parts)
    forms: set[str] = set()
    for case in CASES:
        def decline(word: str, kind: str) -> str:
            if case is None:
                return word
            try:
                return getattr(_PETROVICH, kind)(word, case, gender)
            except Exception:  # petrovich has no rule for some foreign names: keep the word as written
                return word
        surname, first = decline(parts[0], "lastname"), decline(parts[1], "firstname")
        middle = decline(parts[2], "middlename") if len(parts) > 2 else ""
        initials = r"\s*".join(rf"{re.escape(p[0])}\." for p in parts[1:3])
        s, f = re.escape(surname), re.escape(first)
        forms |= {rf"{s}\s+{f}", rf"{f}\s+{s}", rf"{s}\s+{initials}", rf"{initials}\s*{s}"}
        if middle:
            forms.add(rf"{f}\s+{re.escape(middle)}")
    return sorted(forms)


class NamePattern:
    """Every form of every hidden name, compiled once; finds which person a match belongs to."""

    def __init__(self, hidden: dict[str, str], public: dict[str, str] | None = None):
        # A cheap first look: a text without any surname's stem needs no regular expression at all.
        self.stems = {name.split()[0][:4].lower() for name in hidden.values() if name.split()}
        # A form shared with someone who consented (a namesake, the same name and patronymic) names
        # that person too: it cannot tell the two apart, so it is not searched for.
        shared = {form.lower() for name in (public or {}).values() for form in name_forms(name)}
        self.groups: list[str] = []
        alternatives = []
        for ident, name in sorted(hidden.items()):
            forms = [form for form in name_forms(name) if form.lower() not in shared]
            if not forms:
                continue
            self.groups.append(ident)
            alternatives.append(f"(?P<p{len(self.groups) - 1}>{'|'.join(forms)})")
        body = "|".join(alternatives) or r"(?!x)x"
        self.regex = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> list[tuple[str, str]]:
        """``(participant id, text as found)`` for every hidden name in ``text``."""
        lowered = text.lower()
        if not any(stem in lowered for stem in self.stems):
            return []
        found = []
        for match in self.regex.finditer(text):
            group = next(k for k, v in match.groupdict().items() if v is not None)
            found.append((self.groups[int(group[1:])], match.group(0)))
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
             if m.group(0).lower() != school_email.lower()]
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
