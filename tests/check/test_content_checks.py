"""Content checks beyond the schema: links, images, spelling and typography, each at file:line:column."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from conftest import edit, make_project
from PIL import Image

from generator.check import spelling
from generator.check.checks import check_project
from generator.check.contentchecks import check_content_quality
from generator.errors import Report, Severity
from generator.model.loader import load_project
from generator.check.spelling import HUNSPELL_MISSING
from generator.check.typography import typography_suggestions

needs_hunspell = pytest.mark.skipif(
    shutil.which("hunspell") is None,
    reason="hunspell не установлен (apt-get install hunspell hunspell-ru) — проверка орфографии не запускается")

NEWS = "content/news/start.md"
# The planted text goes to line 15 of the sample news post, after its last list item.
LAST = "- пробная встреча."
LINE = 15
ALT_FIX = "описание читают незрячим посетителям"
SIZE_FIX = ("уменьшите изображение (для сайта и PDF достаточно 2000 px по ширине) и сохраните в JPEG с качеством "
            "около 85 %")
DICT_HINT = "нет в словаре; если слово написано верно, добавьте его в data/dictionary.txt"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The minimal sample with a project dictionary for its one rare word, and three images."""
    root = make_project(tmp_path)
    (root / "data" / "dictionary.txt").write_text("# словарь\nнетворкинг/компьютер\n", encoding="utf-8")
    images = root / "content" / "files" / "news"
    images.mkdir(parents=True)
    Image.new("RGB", (40, 30), "white").save(images / "foto.png")
    Image.new("RGB", (4100, 10), "white").save(images / "wide.png")
    Image.new("RGB", (40, 30), "white").save(images / "heavy.png")
    with open(images / "heavy.png", "ab") as heavy:  # 2.1 MB on disk, a small image in its header
        heavy.write(b"\0" * 2_200_000)
    return root


def plant(root: Path, text: str, rel: str = NEWS, after: str = LAST) -> None:
    edit(root, rel, after, after + "\n\n" + text)


def quality(root: Path, spelling: bool = True) -> list[str]:
    loaded = Report()
    project = load_project(root, loaded)
    check_project(project, loaded)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    report = Report()  # only what the content checks add
    check_content_quality(project, report)
    assert all(p.severity is Severity.WARNING for p in report.problems)
    return [str(p) for p in report.warnings if spelling or p.field != "орфография"]


# (planted Markdown at line 15 of content/news/start.md, the exact warnings)
LINK_CASES = [
    ("См. [план](../files/plan.pdf).",
     [f"{NEWS}:{LINE}:12: ссылка: «../files/plan.pdf» — файл не найден: нет content/files/plan.pdf"]),
    ("См. [черновик](../practices/chernovik.md).",
     [f"{NEWS}:{LINE}:16: ссылка: «../practices/chernovik.md» ведёт на черновик — на сайте её не будет; "
      "ссылка заработает, когда у практики будет status: approved"]),
    ("![Схема](../files/shema.png)",
     [f"{NEWS}:{LINE}:10: изображение: «../files/shema.png» — файл не найден: нет content/files/shema.png"]),
    ("Фото: ![](../files/news/foto.png)",
     [f"{NEWS}:{LINE}:7: изображение: изображение без описания (alt) — опишите, что на нём: "
      f"![что изображено](../files/news/foto.png); {ALT_FIX}"]),
    ("![Широкая схема](../files/news/wide.png)",
     [f"{NEWS}:{LINE}:18: изображение: «../files/news/wide.png» слишком большое: 4100 px по ширине; "
      f"ожидается ≤ 4000 px по ширине — {SIZE_FIX}"]),
    ("![Тяжёлое фото](../files/news/heavy.png)",
     [f"{NEWS}:{LINE}:17: изображение: «../files/news/heavy.png» слишком большое: 2,1 МБ; "
      f"ожидается ≤ 2 МБ — {SIZE_FIX}"]),
    ("[Документ]: ../files/docs/net.pdf",
     [f"{NEWS}:{LINE}:13: ссылка: «../files/docs/net.pdf» — файл не найден: нет content/files/docs/net.pdf"]),
    ("Текст\n\n![][s] и ![Подпись][s]\n\n[s]: ../files/news/foto.png",
     [f"{NEWS}:{LINE + 2}:1: изображение: изображение без описания (alt) — опишите, что на нём: "
      f"![что изображено](../files/news/foto.png); {ALT_FIX}"]),
    ("[План%20года](../files/plan%20goda.pdf#стр-2) и [практика](../practices/urok-vdvoyom.md#цель)",
     [f"{NEWS}:{LINE}:15: ссылка: «../files/plan%20goda.pdf#стр-2» — файл не найден: нет "
      "content/files/plan goda.pdf"]),
    # what is fine: published targets, web addresses, anchors, code
    ("[практика](../practices/urok-vdvoyom.md), [о программе](../pages/about.md), "
     "[файл](../files/materials/networking.pdf), ![Фото](../files/news/foto.png), [сайт](https://example.ru/x.md), "
     "[почта](mailto:school@example.ru), [выше](#nachalo), <https://example.ru>", []),
    ("```markdown\n![](../files/net.png) [x](../nope.md)\n```\n\nИ `[x](../nope.md)` в строке.", []),
    ("~~~\n[x](../nope.md)\n~~~\n\n<!-- [x](../nope.md) -->", []),
]


@pytest.mark.parametrize("text, expected", LINK_CASES, ids=[c[0][:30] for c in LINK_CASES])
def test_links_and_images(root: Path, text: str, expected: list[str]) -> None:
    plant(root, text)
    assert quality(root, spelling=False) == expected


OUTSIDE_FIX = ("сборка не берёт файлы за пределами content/; положите файл в content/files/ и укажите путь от "
               "этого файла, например ../files/foto.jpg")


# Paths the build must never follow are errors, not warnings (issue 11; more in test_hostile_paths.py).
@pytest.mark.parametrize("text, expected", [
    ("[Оглавление](/practices/index.md)",
     f"{NEWS}:{LINE}:14: ссылка: «/practices/index.md» — абсолютный путь; ожидается путь внутри content/ — "
     f"{OUTSIDE_FIX}"),
    ("[Данные](../../data/school.yaml)",
     f"{NEWS}:{LINE}:10: ссылка: «../../data/school.yaml» ведёт за пределы папки content/; ожидается путь "
     f"внутри content/ — {OUTSIDE_FIX}"),
], ids=["absolute", "outside"])
def test_links_outside_content_are_errors(root: Path, text: str, expected: str) -> None:
    plant(root, text)
    project = load_project(root, Report())
    report = Report()
    check_content_quality(project, report)
    assert [str(p) for p in report.errors] == [expected]


def test_drafts_are_checked_and_review_is_not_published(root: Path) -> None:
    edit(root, "content/practices/chernovik.md", "status: draft", "status: review")
    plant(root, "[Урок](../practices/urok-vdvoyom.md) и [ещё](../practices/chernovik.md)",
          rel="content/practices/urok-vdvoyom.md", after="Подходит для любой пары.")
    plant(root, "![](../files/news/foto.png)", rel="content/practices/chernovik.md", after="Пока только начало.")
    assert quality(root, spelling=False) == [
        "content/practices/chernovik.md:14:1: изображение: изображение без описания (alt) — опишите, что на нём: "
        f"![что изображено](../files/news/foto.png); {ALT_FIX}",
        "content/practices/urok-vdvoyom.md:38:46: ссылка: «../practices/chernovik.md» ведёт на практику на "
        "согласовании (status: review) — на сайте её не будет; ссылка заработает, когда у практики будет "
        "status: approved",
    ]


def test_front_matter_images_too_big(root: Path) -> None:
    edit(root, NEWS, "vk: true", "vk: true\nimage: news/wide.png")
    edit(root, "content/practices/urok-vdvoyom.md", "submit_to_rnc: true", "submit_to_rnc: true\ncover: news/heavy.png")
    assert quality(root, spelling=False) == [
        f"{NEWS}:7:8: image: «news/wide.png» слишком большое: 4100 px по ширине; ожидается ≤ 4000 px по ширине "
        f"— {SIZE_FIX}",
        "content/practices/urok-vdvoyom.md:12:8: cover: «news/heavy.png» слишком большое: 2,1 МБ; ожидается "
        f"≤ 2 МБ — {SIZE_FIX}",
    ]


def test_unreadable_image(root: Path) -> None:
    (root / "content" / "files" / "news" / "broken.jpg").write_bytes(b"not a picture")
    plant(root, "![Фото](../files/news/broken.jpg)")
    assert quality(root, spelling=False) == [
        f"{NEWS}:{LINE}:9: изображение: «../files/news/broken.jpg» не читается как изображение — файл повреждён "
        "или расширение не то; сохраните его заново как JPEG или PNG"]


# ---------------------------------------------------------------------------------------------- spelling

SPELLING_CASES = [
    ("Программа наставничевства работает.", [f"{NEWS}:{LINE}:11: орфография: «наставничевства» — {DICT_HINT}"]),
    ("Две ошибки: **програма** и [сылка](../pages/about.md).",
     [f"{NEWS}:{LINE}:15: орфография: «програма» — {DICT_HINT}",
      f"{NEWS}:{LINE}:29: орфография: «сылка» — {DICT_HINT}"]),
    ("| Приём | Цель |\n|---|---|\n| Чтение | Понять текстт |",
     [f"{NEWS}:{LINE + 2}:19: орфография: «текстт» — {DICT_HINT}"]),
    ("Нетворкинг-сесия прошла.", [f"{NEWS}:{LINE}:12: орфография: «сесия» — {DICT_HINT}"]),
    # skipped: abbreviations, Latin, digits, URLs, e-mails, code, HTML, attributes; the dictionary's words
    ("ФГОС, ВПР и РНЦ; ИКТ-компетентность; Zoom и Moodle; 5-й класс; 2025-м году; "
     "https://example.ru/наставничевство; www.школа.рф/програма; учитель@школа.рф; `наставничевство`; "
     "<abbr title=\"Наставничевство\">ЦМН</abbr>; Нетворкинг и нетворкингом; Г. Е. Петров",
     []),
    ("```\nнаставничевство програма\n```\n\n!!! note \"Заметка\"\n    Текст.\n\n[Абзац]{: .note}", []),
]


@needs_hunspell
@pytest.mark.parametrize("text, expected", SPELLING_CASES, ids=[c[0][:30] for c in SPELLING_CASES])
def test_spelling(root: Path, text: str, expected: list[str]) -> None:
    plant(root, text)
    assert quality(root) == expected


@needs_hunspell
def test_spelling_of_title_and_summary_only(root: Path) -> None:
    edit(root, NEWS, "title: Стартовала программа", "title: Стартовала програма")
    edit(root, NEWS, "summary: В школе сформированы наставнические пары.",
         "summary: >-\n  В школе сформированы\n  наставнически пары.")
    edit(root, "content/practices/urok-vdvoyom.md", "tags: [совместный урок]", "tags: [совмесный урок]")
    assert quality(root) == [
        f"{NEWS}:2:19: орфография: «програма» — {DICT_HINT}",
        f"{NEWS}:7:3: орфография: «наставнически» — {DICT_HINT}",
    ]


@needs_hunspell
def test_project_dictionary_accepts_a_word_and_its_forms(root: Path) -> None:
    plant(root, "Пары прошли шадоуинг.\n\nЗанятия по шадоуингу.")
    assert quality(root) == [f"{NEWS}:{LINE}:13: орфография: «шадоуинг» — {DICT_HINT}",
                             f"{NEWS}:{LINE + 2}:12: орфография: «шадоуингу» — {DICT_HINT}"]
    (root / "data" / "dictionary.txt").write_text("# словарь\nнетворкинг/компьютер\nШАДОУИНГ\n", encoding="utf-8")
    assert quality(root) == [f"{NEWS}:{LINE + 2}:12: орфография: «шадоуингу» — {DICT_HINT}"]  # the exact word only
    (root / "data" / "dictionary.txt").write_text("нетворкинг/компьютер\nшадоуинг/компьютер\n", encoding="utf-8")
    assert quality(root) == []  # with a model word, its forms too


@needs_hunspell
def test_dictionary_problems(root: Path) -> None:
    (root / "data" / "dictionary.txt").write_text(
        "нетворкинг/компьютер\nкоучинг/кудрявоплюх\nдва слова\n", encoding="utf-8")
    assert quality(root) == [
        "data/dictionary.txt:2:1: словарь: «коучинг/кудрявоплюх»: образец «кудрявоплюх» не знаком hunspell — "
        "формы слова не будут приниматься; выберите образец из обычного словаря",
        "data/dictionary.txt:3:1: словарь: «два слова» — ожидается одно слово в строке (или слово/образец)",
    ]


def test_spelling_skipped_without_hunspell(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant(root, "Программа наставничевства работает.")
    monkeypatch.setattr(spelling.shutil, "which", lambda name: None)
    assert quality(root) == [f"content: орфография: {HUNSPELL_MISSING}"]


@needs_hunspell
def test_spelling_skipped_without_russian_dictionary(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spelling, "HUNSPELL_DICT", "xx_XX")
    assert quality(root) == [f"content: орфография: {HUNSPELL_MISSING}"]


# ---------------------------------------------------------------------------------------------- typography

TYPOGRAPHY_CASES = [
    ('Проект "Урок вдвоём" продолжается.',
     [f'{NEWS}:{LINE}:8: типографика: прямые кавычки "Урок вдвоём" — в русском тексте лучше «ёлочки»: '
      "«Урок вдвоём»"]),
    ("Наставник - это коллега.",
     [f"{NEWS}:{LINE}:11: типографика: дефис между пробелами « - » — между словами ставится тире: « — »"]),
    ("Уроки для 5-6 классов, 2025-2026 учебный год.",
     [f"{NEWS}:{LINE}:11: типографика: диапазон чисел «5-6» через дефис — лучше короткое тире: «5–6»",
      f"{NEWS}:{LINE}:24: типографика: диапазон чисел «2025-2026» через дефис — лучше короткое тире: "
      "«2025–2026»"]),
    ("Встреча 2025-09-01, телефон 8-800-555-35-35, 5-й класс, счёт 10-5, версия 1.5-2, стр. 12-15.",
     [f"{NEWS}:{LINE}:87: типографика: диапазон чисел «12-15» через дефис — лучше короткое тире: «12–15»"]),
    ("Наставник в школе.",
     [f"{NEWS}:{LINE}:12: типографика: обычный пробел после «в» — лучше неразрывный (&nbsp;), чтобы короткое "
      "слово не осталось в конце строки"]),
    ("Можно ли начать?",
     [f"{NEWS}:{LINE}:6: типографика: обычный пробел перед «ли» — лучше неразрывный (&nbsp;), чтобы частица "
      "не начинала строку"]),
    # not prose: code, link destinations, HTML attributes, admonition titles; typographic text is fine
    ('```\nx = "строка" - 1 - 2\n```\n\n`"код"` [ссылка](../files/a-b "Заголовок") <abbr title="Текст">Т</abbr>\n\n'
     '!!! note "Заметка"\n    «Ёлочки» — тире, 5–6 классы, из-за, кое-где.', []),
]


@pytest.mark.parametrize("text, expected", TYPOGRAPHY_CASES, ids=[c[0][:30] for c in TYPOGRAPHY_CASES])
def test_typography(root: Path, text: str, expected: list[str]) -> None:
    plant(root, text)
    found = typography_suggestions(load_project(root, Report()), every_nbsp=True)
    assert [str(p) for p in found if p.path == NEWS and p.line >= LINE] == expected


def test_typography_front_matter_and_summary_of_short_words(root: Path) -> None:
    edit(root, NEWS, "title: Стартовала программа наставничества", 'title: \'"Наставник - это" программа\'')
    problems = typography_suggestions(load_project(root, Report()))
    assert all(p.severity is Severity.WARNING and p.field == "типографика" for p in problems)
    assert [str(p) for p in problems if p.path == NEWS] == [
        f'{NEWS}:2:9: типографика: прямые кавычки "Наставник - это" — в русском тексте лучше «ёлочки»: '
        "«Наставник - это»",
        f"{NEWS}:2:20: типографика: дефис между пробелами « - » — между словами ставится тире: « — »",
        f"{NEWS}:5:11: типографика: обычный пробел после коротких слов («в», «и») — лучше неразрывный (&nbsp;), "
        "чтобы короткое слово не осталось в конце строки; таких мест в файле: 3, первое — здесь",
    ]


def test_typography_never_changes_files(root: Path) -> None:
    plant(root, 'Проект "Урок" - в 5-6 классах.')
    before = {p: p.read_bytes() for p in (root / "content").rglob("*.md")}
    assert typography_suggestions(load_project(root, Report()))
    assert {p: p.read_bytes() for p in (root / "content").rglob("*.md")} == before


# ---------------------------------------------------------------------------------------------- the example


def test_example_school_is_clean_and_fast(tmp_path: Path) -> None:
    root = make_project(tmp_path, sample=None)
    report = Report()
    project = load_project(root, report)
    started = time.perf_counter()
    check_content_quality(project, report)
    seconds = time.perf_counter() - started
    expected = [] if shutil.which("hunspell") else [f"content: орфография: {HUNSPELL_MISSING}"]
    assert [str(p) for p in report.problems] == expected
    assert seconds < 3, f"проверка содержимого примера заняла {seconds:.2f} с"
    suggestions = typography_suggestions(project)
    assert suggestions and all(p.field == "типографика" for p in suggestions)


@needs_hunspell
def test_checks_split_between_processes_find_the_same(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large repository has its files checked on every core; the report is the one a single process makes."""
    from generator.check import validate

    plant(root, "Ссылка [x](../nope.md), опечатка «превет» и ![](../files/news/foto.png).")
    plant(root, "Ещё одна опечатка: «сабака».", rel="content/practices/urok-vdvoyom.md",
          after="Подходит для любой пары.")

    def found() -> list[str]:
        _, report = validate.load_and_check(root)
        return [str(p) for p in report.warnings]

    monkeypatch.setattr(validate, "SPLIT_FROM", 10**9)
    serial = found()
    monkeypatch.setattr(validate, "SPLIT_FROM", 1)
    monkeypatch.setattr("generator.forkpool.workers", lambda: 2)
    assert found() == serial and len(serial) >= 4
