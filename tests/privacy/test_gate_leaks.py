"""The privacy gate against a careless or hostile contributor: a participant's name, a phone, an e-mail
or a СНИЛС in another spelling (ё/е, soft hyphens, zero-width characters, Latin letters, plural,
initials, attribute values, link targets) is stopped; ordinary texts that only look alike are not.
Withdrawal of consent in one year hides the person in every year."""
from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

import pytest

from conftest import copy_of, edit, make_project, run
from generator.privacy.consent import Withdrawals
from generator.model.data_models import Participant
from generator.privacy.pagetext import visible_text
from gate_messages import named, stopped

NEWS = "content/news/start.md"
BUILD = ("build", "--build-date", "2025-12-01")
PAGE = "site/news/start/index.html"
INDEX = "site/pagefind/fragment/"  # the search index: the page's fragment
HIDDEN = """
  - id: krylov-ab
    name: Крылов Артём Борисович
    position: учитель истории
    experience_years: 2
    roles: [mentee]
    joined: 2025-09-01
  - id: krylova-io
    name: Крылова Ирина Олеговна
    position: учитель химии
    experience_years: 3
    roles: [mentee]
    joined: 2025-09-01
    consent: {processing: 2025-09-01, publication: []}
  - id: moroz-oi
    name: Мороз Ольга Игоревна
    position: учитель музыки
    experience_years: 4
    roles: [mentee]
    joined: 2025-09-01
    consent: {processing: 2025-09-01, publication: [position]}
"""
NAME, PHONE, EMAIL, SNILS = "участника «krylov", "номер телефона", "адрес электронной почты", "СНИЛС"

# (case, text planted into a news item, what the message says, the public files it names)
LEAKS = [
    ("е for ё", "Урок провёл Артем Крылов.", NAME, [PAGE, INDEX]),
    ("Latin surname alone", "Презентацию подготовил Krylov.", NAME, [PAGE, INDEX]),
    ("plural", "Спасибо семье Крыловых.", NAME, [PAGE]),
    ("one initial after", "Отчёт сдал Крылов А. вовремя.", NAME, [PAGE]),
    ("one initial before", "Выступил А. Крылов.", NAME, [PAGE]),
    ("two initials before, no space", "Выступил А.Б. Крылов.", NAME, [PAGE]),
    ("two initials after", "Ответственный: Крылов А.Б.", NAME, [PAGE]),
    ("capitals", "ОТВЕТСТВЕННЫЙ: КРЫЛОВ", NAME, [PAGE]),
    ("a woman's surname", "Ответственная за урок: Крылова.", NAME, [PAGE]),
    ("instrumental", "Беседа с Крыловым прошла успешно.", NAME, [PAGE]),
    ("Latin, surname first", "Author: Krylov Artem.", NAME, [PAGE]),
    ("Latin, common spelling", "Speaker: Artyom Krylov", NAME, [PAGE]),
    ("Latin with an initial", "Contact: Krylov A.", NAME, [PAGE]),
    ("Latin, ICAO, a woman", "Irina Krylova, chemistry", NAME, [PAGE]),
    ("soft hyphen inside", "Урок провёл Кры\u00adлов Артём.", NAME, [PAGE, INDEX]),
    ("zero-width space inside", "Урок провёл Кры\u200bлов Артём.", NAME, [PAGE, INDEX]),
    ("word joiner and BOM inside", "Урок провёл Кр\u2060ыл\ufeffов Артём.", NAME, [PAGE]),
    ("stress mark", "Урок провёл Крыло\u0301в Артём.", NAME, [PAGE]),
    ("Latin accented look-alike", "Урок провёл Крылóв Артём.", NAME, [PAGE]),
    ("Latin look-alike letter", "Урок провёл Крылoв Артём.", NAME, [PAGE]),
    ("line break in HTML", "Урок провёл Крылов<br>Артём.", NAME, [PAGE]),
    ("inline tag inside the word", "Урок провёл Кры<sub></sub>лов Артём.", NAME, [PAGE]),
    ("name in a link title", '[План урока](https://example.org/plan "Крылов Артём")', NAME, [PAGE]),
    ("name in an image alt", "![Крылов Артём на уроке](../files/materials/networking.pdf)", NAME, [PAGE]),
    ("phone with non-breaking hyphens", "Телефон: +7 (912) 345\u201167\u201189.", PHONE, [PAGE, INDEX]),
    ("phone with spaces from 8", "Звоните: 8 912 345 67 89.", PHONE, [PAGE]),
    ("phone with thin spaces and dashes", "Звоните: +7\u2009912\u2009345\u201467\u221289.", PHONE, [PAGE]),
    ("tel: link", "[Позвонить наставнику](tel:+79123456789)", PHONE, [PAGE]),
    ("local number with non-breaking hyphens", "Звоните наставнику: 345\u201167\u201189.", PHONE, [PAGE, INDEX]),
    ("short local number after «тел.»", "Тел.: 5-67-89, после уроков.", PHONE, [PAGE]),
    ("mailto: link", "[Написать наставнику](mailto:a.krylov@mail.example.ru)", EMAIL, [PAGE]),
    ("percent-encoded mailto", "[Написать](mailto:%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2@%D0%BF%D0%BE%D1%87%D1%82%D0%B0.%D1%80%D1%84)",
     EMAIL, [PAGE]),
    ("Cyrillic e-mail", "Пишите: иванов@почта.рф", EMAIL, [PAGE, INDEX]),
    ("punycode e-mail", "Пишите: ivanov@xn--80a1acny.xn--p1ai", EMAIL, [PAGE]),
    ("СНИЛС with spaces", "СНИЛС 112 233 445 95 указан.", SNILS, [PAGE]),
    ("СНИЛС with non-breaking spaces", "СНИЛС 112\u00a0233\u00a0445\u00a095 указан.", SNILS, [PAGE]),
]

# Texts that only look like a leak: every build with one of them succeeds.
QUIET = [
    ("a namesake with his own initials", "Читали басни И. А. Крылова."),
    ("a namesake with his own first name", "Читали басни Ивана Андреевича Крылова."),
    ("a common word at a sentence start", "Мороз и солнце; день чудесный! Стоял крепкий мороз."),
    ("first names alone", "Артём и Ирина подготовили урок."),
    ("words that look like the surname", "Крыло самолёта и крылья птиц."),
    ("the school's e-mail in any form", "Пишите: SCHOOL1@TEST.EXAMPLE.RU или [нам](mailto:School1@Test.Example.ru)."),
    ("dates and periods", "Период: 01.09.2025–31.05.2026, 2025–2026 учебный год, 2025\u20112026."),
    ("document numbers", "Приказ № 01-12/345 от 29.08.2025, ОГРН 1027700132195, ИНН 7701234567."),
    ("pages and print runs", "Глава 3, с. 45–67, тираж 1 000 экз., 12 345 678 просмотров."),
    ("scores, classes, ISBN and a date with dashes", "Оценки 5-4-3, классы 10-11, ISBN 978-5-09-087654-3, 2025-09-25, "
     "счёт. 12-34-56 — не телефон."),
]


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal sample with three participants who did not consent to their names, built once."""
    root = make_project(tmp_path_factory.mktemp("gate"))
    with (root / "data/2025-2026/participants.yaml").open("a", encoding="utf-8") as file:
        file.write(HIDDEN)
    code, output = run(root, *BUILD)
    assert code == 0, output
    return root


@pytest.fixture
def school(built: Path, tmp_path: Path) -> Path:
    """A copy of the built sample (its caches too, so each build re-reads only what changed)."""
    return copy_of(built, tmp_path)


def plant(root: Path, text: str) -> None:
    edit(root, NEWS, "- пробная встреча.", f"- пробная встреча.\n\n{text}")


@pytest.mark.parametrize("case,text,what,outputs", LEAKS, ids=[c[0] for c in LEAKS])
def test_leak_variant_is_stopped(school, case, text, what, outputs):
    before = digest(school / "site"), digest(school / "dist")
    plant(school, text)
    code, output = run(school, *BUILD)
    assert code == 1, output
    assert stopped(output), output
    for out in outputs:  # named in each output, or once at the source where it was planted (check's gate)
        assert named(output, out, what, NEWS), (out, output)
    assert (digest(school / "site"), digest(school / "dist")) == before  # nothing was published


@pytest.mark.parametrize("case,text", QUIET, ids=[c[0] for c in QUIET])
def test_lookalike_text_is_published(school, case, text):
    plant(school, text)
    code, output = run(school, *BUILD)
    assert code == 0, output
    assert text.split()[0].strip(".,:") in visible_text(school / PAGE)


def test_a_consented_namesake_is_not_a_leak_but_the_hidden_one_is(school):
    edit(school, "data/2025-2026/participants.yaml", "    name: Смирнова Дарья Дмитриевна",
         "    name: Крылов Алексей Петрович")
    plant(school, "Урок провёл Крылов Алексей. Крылов рассказал о методике, семья Крыловых помогла.")
    code, output = run(school, *BUILD)
    assert code == 0, output
    plant(school, "Вёл Крылов А. Б.")
    code, output = run(school, *BUILD)
    assert code == 1 and named(output, PAGE, "имя участника «krylov-ab»", NEWS), output


def test_withdrawal_in_the_current_year_hides_the_person_in_the_archive(tmp_path):
    """Consent withdrawn in 2025-2026 while 2024-2025 still has it: the archive shows the role."""
    root = make_project(tmp_path, sample=None)
    practice = "site/practices/keys-metod-trudnye-situacii/index.html"  # a 2024-2025 practice
    path = root / "data/2025-2026/participants.yaml"
    text = path.read_text(encoding="utf-8")
    block = re.search(r"  - id: kuznetsova-em\n(?:    .*\n|      .*\n)*?      publication: \[name, position, subjects\]\n", text)
    assert block
    path.write_text(text.replace(block.group(0), block.group(0) + "      withdrawn: 2025-11-20\n"), encoding="utf-8")
    code, output = run(root, "build", "--build-date", "2026-05-31")
    assert code == 0, output
    assert "Кузнецова Елена" not in visible_text(root / practice)
    assert "наставник" in visible_text(root / practice)
    for year in ("2024-2025", "2025-2026"):
        assert "Кузнецова Елена" not in visible_text(root / f"dist/{year}/collection.pdf"), year
        gaps = (root / f"dist/{year}/internal/gaps.csv").read_text(encoding="utf-8-sig")
        assert "kuznetsova-em,Кузнецова Елена Михайловна,согласие отозвано 20.11.2025" in gaps, gaps
        assert "во всех годах" in gaps
    assert "(в данных 2025-2026 учебного года)" in (root / "dist/2024-2025/internal/gaps.csv").read_text(encoding="utf-8-sig")


def test_withdrawal_is_found_by_the_same_name_under_another_id():
    def person(ident: str, withdrawn: str | None) -> Participant:
        return Participant.model_validate({
            "id": ident, "name": "Крылов Артём Борисович", "position": "учитель", "experience_years": 1,
            "roles": ["mentee"], "joined": "2024-09-01",
            "consent": {"processing": "2024-09-01", "publication": ["name"], "withdrawn": withdrawn}})
    withdrawals = Withdrawals({"2024-2025": [person("krylov-a", None)], "2025-2026": [person("krylov-ab", "2025-10-01")]})
    found = withdrawals.of(person("krylov-a", None))
    assert found and found.year == "2025-2026" and found.on == datetime.date(2025, 10, 1)
