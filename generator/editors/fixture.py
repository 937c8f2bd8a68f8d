"""A school (or a regional centre's) repository of a chosen size, for benchmarks and scale tests.

``python -m generator fixture OUT --practices N`` writes a valid repository — data, practices with
Russian text, tables and images, news, materials, the templates and mkdocs.yml — quickly and
deterministically: the same seed gives the same files.
"""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from PIL import Image, ImageDraw

SURNAMES = ["Орлов", "Волков", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Павлов", "Семёнов", "Голубев",
            "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров",
            "Киселёв", "Макаров", "Андреев", "Ковалёв", "Ильин", "Гусев", "Титов", "Кузьмин", "Кудрявцев", "Баранов"]
FIRST = {"m": ["Алексей", "Дмитрий", "Сергей", "Андрей", "Игорь", "Павел", "Николай", "Олег", "Роман", "Денис"],
         "f": ["Анна", "Елена", "Ольга", "Марина", "Татьяна", "Ирина", "Наталья", "Светлана", "Юлия", "Мария"]}
PATRONYMIC = {"m": ["Иванович", "Петрович", "Сергеевич", "Андреевич", "Николаевич"],
              "f": ["Ивановна", "Петровна", "Сергеевна", "Андреевна", "Николаевна"]}
SUBJECTS = ["математика", "русский язык", "литература", "физика", "химия", "биология", "история", "география",
            "информатика", "английский язык", "начальные классы", "музыка"]
FORMS = ["педагог–педагог", "руководитель–педагог", "групповое", "реверсивное", "ситуационное", "флеш", "виртуальное"]
TOPICS = ["Совместное планирование урока", "Взаимопосещение уроков", "Разбор учебных ситуаций", "Проектная задача",
          "Формирующее оценивание", "Работа с родителями", "Цифровые инструменты урока", "Классное руководство",
          "Подготовка к олимпиаде", "Смысловое чтение", "Лабораторный практикум", "Урок-исследование"]
SENTENCES = [
    "Молодой педагог вместе с наставником планирует урок и заранее обсуждает его цели и результаты.",
    "Наставник посещает уроки молодого учителя и после каждого урока проводит короткий разбор.",
    "Пара ведёт общий дневник наблюдений, в который записывает удачные приёмы и трудности.",
    "Раз в неделю наставник и наставляемый встречаются, чтобы спланировать следующие шаги.",
    "Практика помогает начинающему учителю увереннее чувствовать себя на уроке и в общении с родителями.",
    "Результаты входной и промежуточной диагностики показывают рост профессиональных компетенций.",
    "Учащиеся активнее работают на уроке, а качество выполнения самостоятельных работ повышается.",
    "Для реализации практики нужны время на встречи пары и доступ к школьной библиотеке.",
    "Практику можно перенести в другую школу: она не требует специального оборудования.",
    "Каждый цикл заканчивается открытым уроком и обсуждением на заседании методического объединения.",
    "Наставник делится своими разработками, а молодой педагог предлагает новые цифровые инструменты.",
    "Обратная связь строится по простой схеме: что получилось, что не получилось, что изменим.",
    # The programme's own vocabulary, which the speller must know (generator/dictionary-ru.txt).
    "Наставляемый ведёт тьюторский дневник, а наставнический совет раз в четверть обсуждает его записи.",
    "Реверсивное наставничество помогает опытным коллегам освоить цифровые сервисы молодых.",
    "Флеш-наставничество занимает одну встречу: наставляемая получает ответ на конкретный вопрос.",
    "Нетворкинг молодых педагогов района проходит в форме квеста и открытых видеоуроков.",
    "Тьютор сопровождает наставляемых, ведёт чек-лист адаптации и фасилитирует взаимопосещение уроков.",
    "Самодиагностика и рефлексия по итогам интенсива показывают рост метапредметных компетенций.",
]
# Words a speller does not know, as real teachers misspell them: a few pages carry one.
TYPOS = ["наставничевство", "компитенции", "взаимопосищение", "обученние", "эфективность"]
SECTIONS = ["Актуальность", "Цель и задачи", "Содержание практики", "Результаты", "Ресурсы", "Возможности тиражирования"]
YEAR = "2025-2026"


def _person(rng: random.Random, index: int) -> tuple[str, str]:
    """A fictional name, unique within the fixture (surname, name and patronymic all differ)."""
    sex = "mf"[index % 2]
    surname = SURNAMES[index % len(SURNAMES)] + ("а" if sex == "f" else "")
    first = FIRST[sex][(index // len(SURNAMES)) % len(FIRST[sex])]
    middle = PATRONYMIC[sex][(index // (len(SURNAMES) * len(FIRST[sex]))) % len(PATRONYMIC[sex])]
    return f"p{index:05d}", f"{surname} {first} {middle}"


def _paragraphs(rng: random.Random, count: int) -> str:
    text = "\n\n".join(" ".join(rng.sample(SENTENCES, 3)) for _ in range(count))
    if rng.random() < 0.02:  # an occasional typo, so that the speller has something to find
        text += f" Итоги: {rng.choice(TYPOS)} отмечена методистом."
    return text


def _participants(rng: random.Random, count: int, staff: int) -> tuple[str, list[str], list[str]]:
    lines = [f"staff_total: {staff}", "participants:"]
    mentors, mentees = [], []
    for i in range(count):
        ident, name = _person(rng, i + 1)
        role = "mentor" if i % 3 == 0 else "mentee"
        (mentors if role == "mentor" else mentees).append(ident)
        publication = "[name, position]" if rng.random() > 0.15 else "[]"
        lines += [f"  - id: {ident}", f"    name: {name}", f"    position: учитель ({rng.choice(SUBJECTS)})",
                  f"    subjects: [{rng.choice(SUBJECTS)}]", f"    experience_years: {rng.randint(0, 35)}",
                  f"    young_specialist: {'true' if role == 'mentee' else 'false'}", f"    roles: [{role}]",
                  "    joined: 2025-08-25"]
        if role == "mentor":
            lines.append(f"    mentor_agreement: {{number: ДС-{i + 1}, date: 2025-08-25}}")
        lines.append(f"    consent: {{processing: 2025-09-01, publication: {publication}}}")
    return "\n".join(lines) + "\n", mentors, mentees


def _pairs(rng: random.Random, mentors: list[str], mentees: list[str]) -> str:
    lines = ["pairs:"]
    for i, mentor in enumerate(mentors):
        group = mentees[2 * i:2 * i + 2] or mentees[:1]
        lines += [f"  - id: pair-{i + 1:04d}", f"    form: {rng.choice(FORMS)}", f"    mentors: [{mentor}]",
                  f"    mentees: [{', '.join(group)}]", "    formed: 2025-08-29",
                  "    plan:", "      approved: 2025-09-20", "      items:"]
        lines += [f"        - {{title: Пункт плана {k + 1}, due: 2026-0{k + 1}-15, done: {str(rng.random() > 0.1).lower()}}}"
                  for k in range(4)]
    return "\n".join(lines) + "\n"


def _images(files: Path, rng: random.Random) -> list[str]:
    """A few covers shared by the practices, as a real school reuses its pictures."""
    (files / "practices").mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(6):
        image = Image.new("RGB", (960, 540), (30 + 30 * i, 60, 140))
        draw = ImageDraw.Draw(image)
        for _ in range(12):
            x, y = rng.randrange(960), rng.randrange(540)
            draw.ellipse((x, y, x + 80, y + 80), outline=(255, 255, 255), width=3)
        name = f"practices/cover-{i + 1}.jpg"
        image.save(files / name, quality=80)
        names.append(name)
    return names


def _practice(rng: random.Random, index: int, authors: list[str], covers: list[str], unknown_word: str = "") -> str:
    subject = rng.choice(SUBJECTS)
    title = f"{rng.choice(TOPICS)}: {subject}, практика № {index}"
    body = []
    for section in SECTIONS:
        body.append(f"## {section}\n\n{_paragraphs(rng, rng.randint(1, 3))}")
        if unknown_word and section == "Результаты":
            body.append(f"Главный итог — {unknown_word}: так пара назвала свой приём.")
        if section == "Содержание практики":
            rows = "\n".join(f"| {k + 1} | {rng.choice(TOPICS)} | {rng.randint(1, 4)} недели |" for k in range(4))
            body.append(f"| Этап | Содержание | Срок |\n|---|---|---|\n{rows}")
    meta = [f"title: {json.dumps(title, ensure_ascii=False)}", f"year: {YEAR}", f"authors: [{', '.join(authors)}]",
            f"form: {rng.choice(FORMS)}", f"subjects: [{subject}]", "tags: [наставничество]",
            f"summary: {json.dumps(rng.choice(SENTENCES), ensure_ascii=False)}", "status: approved",
            f"submit_to_rnc: {str(index % 5 == 0).lower()}", f"cover: {rng.choice(covers)}"]
    return "---\n" + "\n".join(meta) + "\n---\n\n" + "\n\n".join(body) + "\n"


def write_fixture(out: Path, tool_root: Path, practices: int, news: int = 40, participants: int = 300,
                  seed: int = 1, unknown_word: str = "") -> None:
    """Write a repository of ``practices`` practices, ``news`` posts and ``participants`` people;
    ``unknown_word`` (a word no dictionary knows) is repeated on every page."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "data" / YEAR).mkdir(parents=True)
    shutil.copytree(tool_root / "site_templates", out / "site_templates")
    shutil.copy(tool_root / "mkdocs.yml", out / "mkdocs.yml")
    (out / "generator").symlink_to(tool_root / "generator")
    (out / ".build" / "docs").mkdir(parents=True)
    school = (tool_root / "tests/samples/minimal/data/school.yaml").read_text(encoding="utf-8")
    (out / "data/school.yaml").write_text(school, encoding="utf-8")
    # A new school's dictionary is empty: the programme's vocabulary must be known without it.
    (out / "data/dictionary.txt").write_text("# Словарь проекта: одно слово в строке.\n", encoding="utf-8")
    people, mentors, mentees = _participants(rng, participants, staff=participants * 3)
    (out / f"data/{YEAR}/participants.yaml").write_text(people, encoding="utf-8")
    (out / f"data/{YEAR}/pairs.yaml").write_text(_pairs(rng, mentors, mentees), encoding="utf-8")
    (out / f"data/{YEAR}/events.yaml").write_text(
        "events:\n  - {id: council, kind: pedagogical_council, title: Педагогический совет, date: 2025-09-29, "
        f"staff_present: {participants * 3 - 5}}}\n", encoding="utf-8")
    covers = _images(out / "content/files", rng)
    folder = out / "content/practices"
    folder.mkdir(parents=True)
    for i in range(1, practices + 1):
        authors = [mentors[i % len(mentors)], mentees[i % len(mentees)]]
        (folder / f"praktika-{i:05d}.md").write_text(_practice(rng, i, authors, covers, unknown_word), encoding="utf-8")
    (out / "content/news").mkdir(parents=True)
    for i in range(1, news + 1):
        day = 1 + i % 28
        month = (9, 10, 11, 12, 1, 2, 3, 4, 5)[i % 9]
        year = 2025 if month >= 9 else 2026
        (out / f"content/news/novost-{i:04d}.md").write_text(
            f"---\ntitle: Новость программы наставничества № {i}\ndate: {year}-{month:02d}-{day:02d}\n"
            f"rubric: {'news' if i % 3 else 'practices'}\n"
            f"summary: {json.dumps(rng.choice(SENTENCES), ensure_ascii=False)}\n---\n\n"
            f"{_paragraphs(rng, 2)}\n" + (f"\nСлово недели — {unknown_word}.\n" if unknown_word else ""),
            encoding="utf-8")
