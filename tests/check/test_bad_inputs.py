"""A table of bad inputs and the exact Russian message, with file:line:column, each must produce.

Each case edits one file of the minimal sample school; ``check`` must report the expected line
(and, as all problems are reported at once, nothing unrelated), exit with 1 and print no traceback.
"""
from __future__ import annotations

import pytest

from conftest import edit, run

P = "data/2025-2026/participants.yaml"
PAIRS = "data/2025-2026/pairs.yaml"
PRACTICE = "content/practices/urok-vdvoyom.md"
NEWS = "content/news/start.md"
MATERIAL = "content/materials/networking.md"

DIAGNOSTICS = """scale: {min: 1, max: 5}
competencies: [{id: plan, title: План урока}]
rounds:
  - id: r1
    title: Входная
    date: 2025-10-01
    results:
      - participant: ivanova-aa
        scores: {plan: 7, talk: 3}
"""

# (case, file, text to replace or None to create the file, new text, expected lines)
CASES = [
    ("broken YAML", P, "staff_total: 20", "staff_total: [20",
     [f"{P}:2:13: ошибка синтаксиса YAML: не закрыта квадратная скобка [ или пропущена запятая"]),
    ("tab indentation", "data/2025-2026/content_plan.yaml", "items:\n", "items:\n\t- x\n",
     ["data/2025-2026/content_plan.yaml:2:1: ошибка синтаксиса YAML: табуляция вместо пробелов — "
      "используйте пробелы для отступов"]),
    ("duplicate key", "data/school.yaml", "city: Тестовск", "city: Тестовск\ncity: Другой",
     ["data/school.yaml:4:1: поле «city» повторяется; ожидается одно значение"]),
    ("missing field", PRACTICE, "title: Урок вдвоём\n", "",
     [f"{PRACTICE}:2:1: title: обязательное поле не заполнено"]),
    ("mistyped field", PRACTICE, "summary:", "sumary:",
     [f"{PRACTICE}:2:1: summary: обязательное поле не заполнено",
      f"{PRACTICE}:9:1: sumary: неизвестное поле — может быть, «summary»?; допустимые поля: title, year, authors, "
      "pair, form, subjects, tags, summary, status, submit_to_rnc, cover, attachments"]),
    ("impossible date", PAIRS, "formed: 2025-08-25", "formed: 2025-13-01",
     [f"{PAIRS}:6:13: pairs[1].formed: такой даты нет: «2025-13-01»; ожидается существующая дата ГГГГ-ММ-ДД, "
      "например 2025-09-25"]),
    ("date in Russian format", P, "joined: 2025-09-01", "joined: 01.09.2025",
     [f"{P}:37:13: participants[4].joined: «01.09.2025» — не дата; ожидается дата в формате ГГГГ-ММ-ДД, "
      "например 2025-09-25"]),
    ("number expected", P, "staff_total: 20", "staff_total: много",
     [f"{P}:1:14: staff_total: «много» — ожидается целое число"]),
    ("value not in list", PAIRS, "form: реверсивное", "form: наставник-ученик",
     [f"{PAIRS}:18:11: pairs[2].form: недопустимое значение «наставник-ученик»; ожидается одно из: "
      "педагог–педагог, руководитель–педагог, групповое, реверсивное, ситуационное, флеш, виртуальное"]),
    ("bool expected", NEWS, "vk: true", "vk: может быть",
     [f"{NEWS}:6:5: vk: «может быть» — ожидается true или false"]),
    ("id not a slug", PAIRS, "id: pair-02", "id: Pair 02",
     [f"{PAIRS}:17:9: pairs[2].id: «Pair 02» — не идентификатор: ожидаются строчные латинские буквы, цифры и "
      "дефисы, например ivanova-aa или pair-03"]),
    ("unknown participant", PAIRS, "mentees: [kuznecov-gg]", "mentees: [kuznecova-gg]",
     [f"{PAIRS}:20:15: pairs[2].mentees: неизвестный идентификатор «kuznecova-gg» — может быть, «kuznecov-gg»?: такого участника нет в "
      "data/2025-2026/participants.yaml"]),
    ("unknown pair", PRACTICE, "pair: pair-01", "pair: pair-09",
     [f"{PRACTICE}:5:7: pair: неизвестный идентификатор «pair-09» — может быть, «pair-02»?: такой пары нет в data/2025-2026/pairs.yaml"]),
    ("unknown event", MATERIAL, "event: networking-1", "event: networking-2",
     [f"{MATERIAL}:4:8: event: неизвестный идентификатор «networking-2» — может быть, «networking-1»?: такого мероприятия нет в "
      "data/2025-2026/events.yaml"]),
    ("unknown rubric", NEWS, "rubric: news", "rubric: novosti",
     [f"{NEWS}:4:9: rubric: неизвестный идентификатор «novosti»: такой рубрики нет в data/school.yaml (rubrics)"]),
    ("unknown event kind", "data/2025-2026/events.yaml", "kind: contest", "kind: olympiad",
     ["data/2025-2026/events.yaml:16:5: events[3]: неизвестный вид «olympiad»; ожидается одно из: networking, "
      "business_game, pedagogical_council, training, contest, meeting"]),
    ("duplicate id", "data/2025-2026/events.yaml", "id: council-1", "id: training-1",
     ["data/2025-2026/events.yaml:10:9: events[2].id: «training-1» — повторяющийся идентификатор мероприятия; "
      "ожидается уникальный"]),
    ("missing attachment", MATERIAL, "materials/networking.pdf", "materials/networking-2.pdf",
     [f"{MATERIAL}:6:15: attachments: файл «content/files/materials/networking-2.pdf» не найден; ожидается путь "
      "внутри content/files/"]),
    ("missing image", NEWS, "vk: true", "vk: true\nimage: news/start.jpg",
     [f"{NEWS}:7:8: image: файл «content/files/news/start.jpg» не найден; ожидается путь внутри content/files/"]),
    ("academic year not consecutive", PRACTICE, "year: 2025-2026", "year: 2025-2027",
     [f"{PRACTICE}:3:7: year: «2025-2027» — не учебный год; ожидается ГГГГ-ГГГГ из двух соседних лет, "
      "например 2025-2026"]),
    ("year folder", "data/2026-2028/participants.yaml", None, "staff_total: 1\n",
     ["data/2026-2028: папка года: «2026-2028» — не учебный год; ожидается ГГГГ-ГГГГ из двух соседних лет, "
      "например 2025-2026"]),
    ("no front matter", NEWS, "---\ntitle: Стартовала", "title: Стартовала",
     [f"{NEWS}:1:1: нет блока метаданных: файл должен начинаться со строки «---», затем поля, затем «---»"]),
    ("file name not Latin", "content/news/Новость.md", None, "---\ntitle: x\n---\n",
     ["content/news/Новость.md: имя файла: «Новость.md» — имя файла должно быть из строчных латинских букв, "
      "цифр и дефисов, например urok-s-nastavnikom.md"]),
    ("Windows-1251 file", "content/pages/win.md", None, "---\ntitle: Страница\n---\nТекст".encode("cp1251"),
     ["content/pages/win.md:2:1: файл не в кодировке UTF-8 (похоже на Windows-1251) — сохраните его как UTF-8"]),
    ("score outside the scale, unknown competency", "data/2025-2026/diagnostics.yaml", None, DIAGNOSTICS,
     ["data/2025-2026/diagnostics.yaml:9:24: scores.plan: балл 7 вне шкалы; ожидается от 1 до 5",
      "data/2025-2026/diagnostics.yaml:9:27: scores.talk: «talk» — неизвестная компетенция; ожидается одна из: "
      "plan"]),
]


@pytest.mark.parametrize("case,rel,old,new,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_message(project, case, rel, old, new, expected):
    if old is None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(new if isinstance(new, bytes) else new.encode("utf-8"))
    else:
        edit(project, rel, old, new)
    code, output = run(project, "check")
    lines = output.splitlines()
    assert code == 1
    assert "Traceback" not in output
    problems = [line for line in lines if not line.startswith("Проверка не пройдена")]
    assert problems == expected
    assert lines[-1].startswith("Проверка не пройдена — ошибок: ")


def test_clean_sample_passes(project):
    code, output = run(project, "check")
    assert code == 0, output
    assert "Проверка пройдена: файлов — 11, ошибок: 0, предупреждений: 0." in output.splitlines()


def test_warnings_fail_only_under_strict(project):
    edit(project, PRACTICE, "## Ресурсы\n", "## Что понадобится\n")
    edit(project, P, "    mentor_agreement: {number: ДС-2, date: 2025-08-20}\n", "")
    code, output = run(project, "check")
    assert code == 0, output
    assert (f"предупреждение: {PRACTICE}:13:1: паспорт практики: нет раздела «Ресурсы»; ожидается заголовок "
            "«## Ресурсы»") in output
    assert (f"предупреждение: {P}:12:9: participants[2].mentor_agreement: у наставника «petrov-bb» нет "
            "дополнительного соглашения о наставничестве (ст. 351.8 ТК РФ, с 01.03.2025); ожидается "
            "{number, date}") in output
    code, output = run(project, "check", "--strict")
    assert code == 1
    assert "(режим --strict)" in output


def test_draft_may_lack_passport_sections(project):
    # content/practices/chernovik.md is a draft with one section only: no warning for it.
    code, output = run(project, "check")
    assert "chernovik" not in output


def test_usage_errors_exit_2(project, tmp_path):
    code, output = run(tmp_path, "check")
    assert code == 2
    assert "это не репозиторий школы" in output
    code, output = run(project, "build", "--year", "2030-2031")
    assert code == 2
    assert "учебного года «2030-2031» нет в data/" in output
    code, output = run(project, "build", "--build-date", "31.05.2026")
    assert code == 2
