"""Building the minimal sample: outputs, the consent rules, atomic replacement, VK drafts, `new`."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from conftest import edit, run
from pagefind_files import fragments
from generator.privacy.pagetext import visible_text


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site_text(root: Path) -> str:
    return "\n".join(visible_text(p) for p in (root / "site").rglob("*.html"))


def test_build_writes_site_and_vk(project):
    code, output = run(project, "build", "--build-date", "2025-12-01")
    assert code == 0, output
    assert "предупреждений: 0" in output
    site = project / "site"
    for page in ("index.html", "rubrics/news/index.html", "rubrics/news/feed.xml", "news/start/index.html",
                 "practices/index.html", "practices/urok-vdvoyom/index.html", "years/2025-2026/results/index.html",
                 "years/2025-2026/results.json", "years/2025-2026/results.csv", "years/2025-2026/roadmap/index.html",
                 "years/2025-2026/content-plan/index.html", "years/2025-2026/materials/index.html",
                 "materials/networking/index.html", "files/materials/networking.pdf", "archive/index.html"):
        assert (site / page).is_file(), page
    assert not (site / "practices/chernovik").exists()  # drafts are never published
    assert (project / "dist/2025-2026/vk/start.txt").is_file()


def test_consent_rules_on_practice_page(project):
    run(project, "build", "--build-date", "2025-12-01")
    page = visible_text(project / "site/practices/urok-vdvoyom/index.html")
    assert "Иванова Анна Андреевна (учитель математики)" in page  # name and position allowed
    assert "Сидорова Вера Викторовна" in page  # name allowed, position not
    assert "Сидорова Вера Викторовна (учитель" not in page
    text = site_text(project)
    assert "Петров" not in text and "Кузнецов" not in text  # no name consent: never named
    assert "Петров Б. Б." not in text and "П. Б." not in text  # and never by initials


def test_typed_name_without_consent_fails_the_build_and_keeps_previous_site(project):
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    before = digest(project / "site")
    edit(project, "content/news/start.md", "составили индивидуальный план.",
         "составили индивидуальный план. Молодец, Кузнецов Глеб!")
    code, output = run(project, "build", "--build-date", "2025-12-01")
    assert code == 1
    # Found at its source by check's gate, before anything is built (issue 13).
    assert "content/news/start.md:10:41: текст: имя участника «kuznecov-gg», не давшего согласия на публикацию имени" \
        in output, output
    assert "прежние site/ и dist/ не изменены." in output.lower()
    assert digest(project / "site") == before


def test_invalid_content_leaves_previous_outputs(project):
    assert run(project, "build", "--build-date", "2025-12-01")[0] == 0
    before = digest(project / "site"), digest(project / "dist")
    edit(project, "data/2025-2026/pairs.yaml", "formed: 2025-08-25", "formed: 2025-13-01")
    code, output = run(project, "build", "--build-date", "2025-12-01")
    assert code == 1 and "Ничего не опубликовано: прежние site/ и dist/ не изменены." in output
    assert (digest(project / "site"), digest(project / "dist")) == before


def test_xss_in_body_is_removed_and_reported(project):
    edit(project, "content/news/start.md", "- пробная встреча.",
         "- пробная встреча.\n\n<script>document.title='x'</script><a href=\"javascript:alert(1)\" "
         "onclick=\"alert(2)\">клик</a> [ещё](javascript:alert(3))")
    code, output = run(project, "build", "--build-date", "2025-12-01")
    assert code == 0, output
    assert "предупреждение: content/news/start.md:15:1: HTML: будет удалено небезопасное содержимое: " in output
    html = (project / "site/news/start/index.html").read_text(encoding="utf-8")
    assert "document.title='x'" not in html and "javascript:" not in html and "onclick" not in html
    assert run(project, "build", "--build-date", "2025-12-01", "--strict")[0] == 1


def test_vk_draft_is_plain_text_with_hashtag_and_link(project):
    run(project, "build", "--build-date", "2025-12-01")
    text = (project / "dist/2025-2026/vk/start.txt").read_text(encoding="utf-8")
    assert text.startswith("Стартовала программа наставничества\n\n")
    assert "**" not in text and "](" not in text and "<" not in text
    assert "• встреча-знакомство;\n• пробная встреча." in text
    assert "#НаставничествоСобытия" in text
    assert text.rstrip().endswith("https://test-school.example.ru/news/start/")


def test_vk_draft_respects_length_limit(project):
    edit(project, "content/news/start.md", "- пробная встреча.", "- пробная встреча.\n\n" + "Слово " * 5000)
    run(project, "build", "--build-date", "2025-12-01")
    text = (project / "dist/2025-2026/vk/start.txt").read_text(encoding="utf-8")
    assert len(text) <= 16_384
    assert "…" in text and text.rstrip().endswith("/news/start/")


PRACTICE_ANSWERS = "ivanova-aa\nпедагог–педагог\npair-01\nматематика, алгебра\nНаставник и молодой педагог ведут урок.\n"


def test_new_creates_valid_file_and_never_overwrites(project):
    code, output = run(project, "new", "practice", "--title", "Урок вдвоём: продолжение", input_=PRACTICE_ANSWERS)
    assert code == 0, output
    created = project / "content/practices/urok-vdvoem-prodolzhenie.md"
    assert created.is_file()
    assert run(project, "check")[0] == 0
    text = created.read_text(encoding="utf-8")
    assert "pair: pair-01" in text and 'subjects: ["математика", "алгебра"]' in text and "status: draft" in text
    before = created.read_bytes()
    code, output = run(project, "new", "practice", "--title", "Урок вдвоём: продолжение", input_=PRACTICE_ANSWERS)
    assert code == 2 and "уже есть" in output
    assert created.read_bytes() == before


def test_new_checks_ids_on_the_spot(project):
    code, output = run(project, "new", "practice", "--title", "Новая",
                       input_="nobody\nivanova-aa\n\npair-77\n\n\n\nКратко.\n")
    assert code == 0, output
    assert "Нет таких участников: nobody. Повторите." in output
    assert "Не подходит: «pair-77» — ожидается одно из: pair-01, pair-02, -. Повторите." in output


def test_new_practice_shows_names_and_takes_a_surname(project):
    code, output = run(project, "new", "practice", "--title", "Перемена", "--slug", "peremena",
                       input_="Петрова\nиванова\nпедагог–педагог\n-\n\nКратко.\n")
    assert code == 0, output
    assert "Иванова А. А. — ivanova-aa" in output and "Петров Б. Б. — petrov-bb" in output
    assert "Нет таких участников: Петрова. Повторите." in output
    assert "authors: [ivanova-aa]" in (project / "content/practices/peremena.md").read_text(encoding="utf-8")


def test_new_news_and_material(project):
    code, output = run(project, "new", "news", "--title", "Встреча", input_="news\n2025-13-01\n2025-11-01\n\nВстреча пар.\n")
    assert code == 0, output
    assert "Не подходит: такой даты нет: «2025-13-01»" in output
    assert run(project, "new", "material", "--title", "Памятка", input_="training\ntraining-1\n")[0] == 0
    assert run(project, "check")[0] == 0


def test_user_error_has_no_traceback_in_a_real_process(project):
    edit(project, "data/school.yaml", "current_year: 2025-2026", "current_year: 2025-13")
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(project)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "data/school.yaml:12:15: current_year: «2025-13» — не учебный год" in proc.stderr


def test_rubric_pagination_newest_first(project):
    for day in range(1, 23):  # 20 posts a page
        (project / f"content/news/post-{day:02d}.md").write_text(
            f"---\ntitle: Публикация {day}\ndate: 2025-10-{day:02d}\nrubric: news\nsummary: Кратко {day}.\n---\n\nТекст.\n",
            encoding="utf-8")
    code, output = run(project, "build", "--build-date", "2025-12-01")
    assert code == 0, output
    first = visible_text(project / "site/rubrics/news/index.html")
    second = visible_text(project / "site/rubrics/news/page-2/index.html")
    assert "Страница 1 из 2" in first and "Страница 2 из 2" in second
    assert first.index("Публикация 22") < first.index("Публикация 21")  # newest first
    assert "Стартовала программа наставничества" in second  # the oldest post (01.09) is last
    assert 'href="page-2/"' in (project / "site/rubrics/news/index.html").read_text(encoding="utf-8")
    indexed = fragments(project / "site")
    assert "/rubrics/news/" in indexed and "/rubrics/news/page-2/" not in indexed  # later pages only repeat posts
