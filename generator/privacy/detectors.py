"""What must never be published (152-FZ): detectors for names without consent, phone numbers,
e-mail addresses other than the school's and СНИЛС, and the reviewed allow-list of exceptions.

Names are searched in every grammatical case and number, with initials, in Latin letters and as a
surname alone (generator/privacy/namematch.py): «Крылов Алексей», «Крылову А. И.», «А. И. Крыловым»,
«Алексея Игоревича», «Крыловых», «Krylov». Phones and СНИЛС with any dash or space, e-mails with
Cyrillic or punycode domains.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from pydantic import Field, ValidationError

from ..errors import Report
from ..model.fieldtypes import Model, Text
from ..model.messages import report_validation
from .namematch import NamePattern  # noqa: F401  (the gate's name finder, imported from here by tests)
from ..model.yamlsrc import Source, YamlSyntaxError, parse_yaml, read_text

ALLOWLIST = "data/privacy-allowlist.yaml"
# Dashes and spaces a number may be written with (hyphens U+2010–U+2015, minus, NBSP and thin spaces
# are spaces to \s). The digit comes before the look-behind: a pattern that starts with a character
# class is searched for quickly, one that starts with a look-behind is tried at every position.
_DASHES = "\u2010-\u2015\u2212\ufe63\uff0d"
_SNILS = re.compile(rf"(\d)(?<![\w.-]\d)(\d{{2}})[-\s{_DASHES}]?(\d{{3}})[-\s{_DASHES}]?(\d{{3}})[-\s{_DASHES}]?(\d{{2}})(?![\w-])")
# Bounded by non-word characters: a run of digits inside a hash or an identifier is not a phone.
_PHONE_LIKE = re.compile(rf"(?:\+(?<![\w.]\+)\d|\d(?<![\w.]\d))[\d\s().\-{_DASHES}]{{8,}}\d(?![\w])")
_ANY_DASH = re.compile(rf"[{_DASHES}]")
# A local number without the area code, as small towns print them: «345-67-89» (three, two and two
# digits joined by dashes), or a shorter «5-67-89» / «45-67-89» right after «тел.»/«телефон»/«моб.».
# Bounded so that parts of dates, document numbers (01-12/345) and ISBNs do not match.
_LOCAL_PHONE = re.compile(rf"(\d)(?<![\w.,/\-{_DASHES}]\d)\d{{2}}[\-{_DASHES}]\d{{2}}[\-{_DASHES}]\d{{2}}(?![\w/\-{_DASHES}]|[.,]\d)")
_CUED_PHONE = re.compile(rf"(?:[Тт]ел(?:ефон\w*)?\.?|[Мм]об(?:ильный)?\.?|[Сс]от(?:овый)?\.?|[Тт]\.)[ \t\u00a0]*:?[ \t\u00a0]*"
                         rf"(\d{{1,2}}[\-{_DASHES}]\d{{2}}[\-{_DASHES}]\d{{2}})(?![\w/\-{_DASHES}]|[.,]\d)")
_ANY_SPACE = re.compile(r"\s+")
# An e-mail is found from its «@» and domain (Cyrillic, or punycode «xn--»), then its local part is
# read backwards: a pattern that began with the local part would be tried at every letter of a page.
_DOMAIN = re.compile(r"@((?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|xn--[a-z0-9-]+))(?![\w-])", re.IGNORECASE)
_LOCAL = re.compile(r"[\w.%+'-]{1,64}$")


def snils_valid(digits: str) -> bool:
    """The СНИЛС check number: weights 9..1, then modulo 101 (100 and 101 give 00)."""
    if len(digits) != 11 or len(set(digits[:9])) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(9, 0, -1)))
    check = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return check == int(digits[9:])


def email_key(address: str) -> str:
    """An address as compared with the school's: lower case, a punycode domain in its letters."""
    local, _, domain = address.lower().rpartition("@")
    try:
        domain = domain.encode("ascii").decode("idna") if "xn--" in domain else domain
    except UnicodeError:  # a malformed punycode label: compared as written
        pass
    return f"{local}@{domain}"


def find_contacts(text: str, school_email: str) -> list[tuple[str, str]]:
    """``(what, text as found)`` for e-mails other than the school's, phone numbers and СНИЛС."""
    found = []
    if "@" in text:
        school = email_key(school_email)
        for match in _DOMAIN.finditer(text):
            local = _LOCAL.search(text, max(0, match.start() - 64), match.start())
            address = (local.group(0).lstrip(".-") if local else "") + match.group(0)
            if not address.startswith("@") and email_key(address) != school:
                found.append(("адрес электронной почты", address))
    found += [("СНИЛС", m.group(0)) for m in _SNILS.finditer(text) if snils_valid("".join(m.groups()))]
    # The phone matcher is slow on long texts: give it only stretches that look like a number, with
    # every dash made a hyphen and every space a plain one (as it is reported).
    candidates = " … ".join(_ANY_SPACE.sub(" ", _ANY_DASH.sub("-", m.group(0))) for m in _PHONE_LIKE.finditer(text))
    for match in phonenumbers.PhoneNumberMatcher(candidates, "RU", leniency=phonenumbers.Leniency.VALID):
        raw = match.raw_string
        digits = re.sub(r"\D", "", raw)
        # Numbers of documents and file names are digits too: a phone is written with +7, with a
        # leading 8/7 and 11 digits, or grouped with spaces, dashes or brackets.
        written_as_phone = raw.startswith("+") or (len(digits) == 11 and digits[0] in "78") \
            or len(re.findall(r"[\s().\-–]", raw)) >= 2
        if len(digits) >= 10 and written_as_phone:
            found.append(("номер телефона", raw))
    if "-" in text or any(dash in text for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"):
        local = [_ANY_DASH.sub("-", m.group(0)) for m in _LOCAL_PHONE.finditer(text)]
        local += [_ANY_DASH.sub("-", m.group(1)) for m in _CUED_PHONE.finditer(text)
                  if not text[m.start() - 1:m.start()].isalnum()]  # «т.» of a word such as «счёт.» is no cue
        reported = " ".join(raw for what, raw in found if what == "номер телефона")
        found += [("номер телефона", number) for number in dict.fromkeys(local) if number not in reported]
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
