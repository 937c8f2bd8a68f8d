"""The privacy gate attacked with planted leaks: names in any case, photos, phones, e-mails, СНИЛС,
names in alt text; the allow-list; consent withdrawal; internal reports never in site/."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLES, edit, run
from generator.privacy.detectors import NamePattern, find_contacts, snils_valid
from generator.privacy.pagetext import visible_text
from gate_messages import named, stopped

NEWS = "content/news/start.md"
BUILD = ("build", "--build-date", "2025-12-01")


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def plant(project: Path, text: str) -> None:
    edit(project, NEWS, "- пробная встреча.", f"- пробная встреча.\n\n{text}")


LEAKS = [
    ("name in the genitive", "Работу провели при участии Петрова Бориса.",
     "site/news/start/index.html: имя участника «petrov-bb», не давшего согласия на публикацию имени: "
     "«Петрова Бориса» (источник: content/news/start.md:15)"),
    ("surname with initials, instrumental", "Беседа с Кузнецовым Г. Г. прошла успешно.",
     "site/news/start/index.html: имя участника «kuznecov-gg», не давшего согласия на публикацию имени: "
     "«Кузнецовым Г. Г.» (источник: content/news/start.md:15)"),
    ("initials first", "Выступил Б. Б. Петров.",
     "site/news/start/index.html: имя участника «petrov-bb», не давшего согласия на публикацию имени: «Б. Б. Петров»"),
    ("name in an image alt", "![Кузнецов Глеб на уроке](../files/materials/networking.pdf)",
     "site/news/start/index.html: имя участника «kuznecov-gg», не давшего согласия на публикацию имени: "
     "«Кузнецов Глеб»"),
    ("phone", "Справки по телефону +7 (912) 345-67-89.",
     "site/news/start/index.html: номер телефона: «+7 (912) 345-67-89» (источник: content/news/start.md:15)"),
    ("private e-mail", "Пишите на petrov.boris@mail.example.ru.",
     "site/news/start/index.html: адрес электронной почты: «petrov.boris@mail.example.ru»"),
    ("СНИЛС", "Номер СНИЛС 112-233-445 95 указан в заявлении.",
     "site/news/start/index.html: СНИЛС: «112-233-445 95» (источник: content/news/start.md:15)"),
]


@pytest.mark.parametrize("case,text,expected", LEAKS, ids=[c[0] for c in LEAKS])
def test_gate_catches_planted_leak(project, case, text, expected):
    assert run(project, *BUILD)[0] == 0
    before = digest(project / "site"), digest(project / "dist")
    plant(project, text)
    code, output = run(project, *BUILD)
    assert code == 1, output
    out, finding = expected.split(": ", 1)
    assert named(output, out, finding, NEWS), output
    assert stopped(output), output
    assert (digest(project / "site"), digest(project / "dist")) == before


def test_name_in_a_practice_body_is_caught_in_the_pdf_too(project):
    edit(project, "content/practices/urok-vdvoyom.md", "Совместная подготовка урока.",
         "Совместная подготовка урока с Кузнецовым Глебом Геннадьевичем.")
    code, output = run(project, *BUILD)
    assert code == 1
    # Stopped at the source by check's gate now (before any PDF exists), or in every output.
    for out in ("site/practices/urok-vdvoyom/index.html", "dist/2025-2026/collection.pdf",
                "dist/2025-2026/rnc/urok-vdvoyom.pdf"):
        assert named(output, out, "имя участника «kuznecov-gg»", "content/practices/urok-vdvoyom.md"), out


def test_photo_without_consent_is_caught_under_any_file_name(project):
    photo = project / "content/files/people/petrov-bb.jpg"
    photo.parent.mkdir(parents=True)
    shutil.copy(SAMPLES / "minimal/content/files/materials/networking.pdf", photo)
    edit(project, "data/2025-2026/participants.yaml", "    consent: {processing: 2025-08-21, publication: []}",
         "    consent: {processing: 2025-08-21, publication: []}\n    photo: people/petrov-bb.jpg")
    (project / "content/files/news").mkdir()
    shutil.copy(photo, project / "content/files/news/komanda.jpg")
    plant(project, "![Команда наставников](../files/news/komanda.jpg)")
    code, output = run(project, *BUILD)
    assert code == 1
    assert "site/files/news/komanda.jpg: фотография участника без согласия на публикацию фото: " \
           "«people/petrov-bb.jpg»" in output


def test_allowlist_silences_one_occurrence_only(project):
    plant(project, "Справки по телефону +7 (912) 345-67-89.")
    (project / "data/privacy-allowlist.yaml").write_text(
        "entries:\n"
        "  - output: site/news/start/index.html\n"
        "    text: +7 (912) 345-67-89\n"
        "    reason: телефон приёмной школы, опубликован на официальном сайте\n"
        "    reviewed_by: куратор программы\n", encoding="utf-8")
    code, output = run(project, *BUILD)
    assert code == 1  # the same number in the VK draft and the search index is not silenced
    assert "site/news/start/index.html: номер телефона" not in output
    assert "dist/2025-2026/vk/start.txt: номер телефона" in output


def test_allowlist_entries_need_a_reason_and_a_reviewer(project):
    (project / "data/privacy-allowlist.yaml").write_text(
        "entries:\n  - output: site/index.html\n    text: x\n", encoding="utf-8")
    code, output = run(project, *BUILD)
    assert code == 1
    assert "data/privacy-allowlist.yaml:2:5: entries[1].reason: обязательное поле не заполнено" in output


def test_withdrawn_consent_removes_the_name_everywhere_at_the_next_build(project):
    assert run(project, *BUILD)[0] == 0
    assert "Иванова Анна Андреевна" in visible_text(project / "site/practices/urok-vdvoyom/index.html")
    edit(project, "data/2025-2026/participants.yaml", "consent: {processing: 2025-08-20, publication: [name, position]}",
         "consent: {processing: 2025-08-20, publication: [name, position], withdrawn: 2025-11-15}")
    code, output = run(project, *BUILD)
    assert code == 0, output
    for path in [*(project / "site").rglob("*.html"), *(project / "dist").rglob("*.pdf"),
                 *(project / "dist").rglob("*.json")]:
        if "/internal/" not in path.as_posix():
            assert "Иванова" not in visible_text(path), path
    assert "наставник" in visible_text(project / "site/practices/urok-vdvoyom/index.html")


def test_internal_reports_exist_and_never_reach_the_site(project):
    assert run(project, *BUILD)[0] == 0
    internal = project / "dist/2025-2026/internal"
    tables = {"registry", "young_specialists", "diagnostics", "gaps", "overdue", "statistics"}
    assert {p.name for p in internal.iterdir()} == {"README.txt"} | {f"{t}.{ext}" for t in tables for ext in ("csv", "xlsx")}
    registry = (internal / "registry.csv").read_text(encoding="utf-8-sig")
    gaps = (internal / "gaps.csv").read_text(encoding="utf-8-sig")
    assert "Петров Борис Борисович" in registry and "№ ДС-2 от 20.08.2025" in registry
    assert "kuznecov-gg,Кузнецов Глеб Геннадьевич,нет согласия на обработку персональных данных" in gaps
    assert "r02" in (internal / "overdue.csv").read_text(encoding="utf-8-sig")
    distinctive = ["Петров Борис", "Кузнецов Глеб", "ДС-1", "ДС-2", "нет согласия на обработку"]
    for path in (project / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".txt", ".yml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for value in distinctive:
                assert value not in text, (value, path)


@pytest.mark.parametrize("name,text", [
    ("Крылов Алексей Игоревич", "наставником Крыловым Алексеем"),
    ("Крылов Алексей Игоревич", "у Алексея Игоревича"),
    ("Симонова Ксения Олеговна", "о Симоновой Ксении"),
    ("Симонова Ксения Олеговна", "К. О. Симоновой"),
    ("Симонова Ксения Олеговна", "Симонову К.О."),
])
def test_name_forms_cover_russian_cases(name, text):
    assert NamePattern({"x": name}).find(text)


def test_a_surname_ending_a_sentence_is_not_a_name_with_the_next_word():
    assert NamePattern({"x": "Крылов Алексей Игоревич"}).find("Выступил Крылов. Алексей и другие.") == []


def test_contacts_without_false_alarms():
    quiet = ("2025-2026 учебный год, приказ № 145-о от 29.08.2025, протокол 2, 45 из 48 педагогов, "
             "баллы 3,58 → 4,11; ссылка https://school7.example.ru/files/x.pdf, sha 7d9f1e2a0412345678901bc; "
             "школа: school7@zarechny-edu.example.ru")
    assert find_contacts(quiet, "school7@zarechny-edu.example.ru") == []


def test_snils_checksum():
    assert snils_valid("11223344595")
    assert not snils_valid("11223344596")
    assert not snils_valid("00000000000")


def test_digits_inside_hashes_are_not_phones():
    manifest = '"sha256": "9485011752ab0f", "sha256": "ab94850117520", "file": "9485011752.pdf"'
    assert find_contacts(manifest, "school@example.ru") == []


def test_a_namesake_with_consent_is_not_a_leak(project):
    # Another participant shares the hidden person's first name and patronymic: «Глеб Геннадьевич»
    # names the consented one as well, so only the forms with the surname are searched for.
    edit(project, "data/2025-2026/participants.yaml", "    name: Смирнова Дарья Дмитриевна",
         "    name: Смирнов Глеб Геннадьевич")
    plant(project, "Куратор Глеб Геннадьевич провёл встречу.")
    assert run(project, *BUILD)[0] == 0
    plant(project, "Кузнецов Глеб провёл урок.")
    code, output = run(project, *BUILD)
    assert code == 1 and "«Кузнецов Глеб»" in output


def test_gate_remembers_verdicts_only_under_the_same_consents(project):
    """Unchanged files are not read twice, but a consent change makes every file be read again."""
    plant(project, "Встречу провела Иванова Анна Андреевна.")  # she agreed to be named
    assert run(project, *BUILD)[0] == 0
    assert list((project / ".build/cache/gate").glob("*.json"))
    edit(project, "data/2025-2026/participants.yaml", "consent: {processing: 2025-08-20, publication: [name, position]}",
         "consent: {processing: 2025-08-20, publication: [name, position], withdrawn: 2025-11-15}")
    for _ in range(2):  # judged anew, then the same verdict from the cache
        code, output = run(project, *BUILD)
        assert code == 1, output
        assert named(output, "site/news/start/index.html", "имя участника «ivanova-aa»", NEWS), output
