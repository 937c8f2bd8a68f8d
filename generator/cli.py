"""Command line: ``python -m generator check|build|serve|new|init|region …``. The one place errors are caught.

Exit codes: 0 done, 1 the repository has errors (or a stage failed), 2 the command was called
wrongly, 3 the machine refused (full disk, read-only or forbidden folder), 130 interrupted.
"""
from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

import click

from .errors import NastavnikError, Report, ValidationFailed, machine_fault, setup_logging
from .publish.buildlock import build_lock, repair_outputs
from .model.fieldtypes import parse_iso_date

# Each command imports its stages inside its function: `--help`, `new` and `check` start without
# loading MkDocs, WeasyPrint or matplotlib.

log = logging.getLogger("nastavnik")


def _date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except Exception:  # pydantic's error carries the Russian text; click needs its own type
        raise click.BadParameter(f"«{value}» — ожидается дата ГГГГ-ММ-ДД, например 2026-05-31") from None


def _root(help_: str):  # type: ignore[no-untyped-def]
    return click.option("--root", "-C", type=click.Path(file_okay=False, path_type=Path), default=".",
                        show_default=True, help=help_)


root_option = _root("Папка репозитория школы.")
region_root = _root("Папка репозитория региона (с region.yaml).")
strict_option = click.option("--strict", is_flag=True, help="Считать предупреждения ошибками.")
dev_addr_option = click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True,
                               help="Адрес предпросмотра.")


def _summary(report: Report) -> str:
    return f"ошибок: {len(report.errors)}, предупреждений: {len(report.warnings)}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Подробный вывод.")
def main(verbose: bool) -> None:
    """nastavnik-press: сайт, итоговый сборник и пакет для РНЦ из репозитория программы наставничества."""
    setup_logging(verbose)


def _run(action, root: Path | None = None) -> None:  # type: ignore[no-untyped-def]
    """Run a command; a user's mistake ends with a Russian message and an exit code, never a traceback."""
    from .publish.interrupt import disarm, reliable_interrupt

    try:
        with reliable_interrupt():
            action()
    except ValidationFailed as exc:
        exc.report.log_all()
        log.error("%s", exc)
        sys.exit(exc.exit_code)
    except NastavnikError as exc:
        log.error("ошибка: %s", exc)
        sys.exit(exc.exit_code)
    except OSError as exc:  # a full disk, a read-only folder: the machine's fault, told as such
        fault = machine_fault(exc, root.resolve() if root else None)
        if fault is None:
            raise
        log.error("ошибка: %s", fault)
        sys.exit(fault.exit_code)
    except KeyboardInterrupt:
        from .forkpool import stop_children

        disarm()
        stop_children()  # a forked check or share still running would outlive the command
        log.error("Прервано. Опубликованные site/ и dist/ не изменены.")
        sys.exit(130)


@main.command()
@root_option
@strict_option
@click.option("--typography", is_flag=True, help="Показать все советы по типографике (кавычки, тире, пробелы).")
def check(root: Path, strict: bool, typography: bool) -> None:
    """Проверить все данные и материалы и сообщить обо всех проблемах сразу."""
    from .check.typography import typography_suggestions
    from .check.validate import load_and_check

    def action() -> None:
        repair_outputs(root.resolve())  # first, even if the check then fails
        project, report = load_and_check(root.resolve(), strict)
        report.log_all()
        log.info("Проверка пройдена: файлов — %d, %s.", project.file_count(), _summary(report))
        # Typography is advice: shown on request, never applied to the files, never a reason to fail.
        if typography:
            for problem in typography_suggestions(project, every_nbsp=True):
                log.info("совет: %s", problem)
        else:
            log.info("Советы по типографике (кавычки, тире, неразрывные пробелы): check --typography")

    _run(action, root)


@main.command()
@root_option
@strict_option
@click.option("--year", help="Учебный год для dist/ (по умолчанию — текущий из data/school.yaml).")
@click.option("--build-date", callback=_date_option, help="Дата сборки ГГГГ-ММ-ДД (для просрочек и воспроизводимости).")
@click.option("--only", type=click.Choice(["site", "pdf"]), help="Собрать только сайт или только PDF и dist/.")
def build(root: Path, strict: bool, year: str | None, build_date: date | None, only: str | None) -> None:
    """Проверить, затем собрать сайт site/ и материалы dist/ГОД/."""
    from .pipeline import build as run_build

    def action() -> None:
        with build_lock(root.resolve()):  # one build at a time; repairs a half-done publish first
            summary = run_build(root.resolve(), year, strict, build_date, only)
        summary.report.log_all()
        log.info("Готово за %.1f с (дата сборки %s; %s):", summary.seconds, summary.build_date.isoformat(),
                 _summary(summary.report))
        for line in summary.outputs:
            log.info("  %s", line)

    _run(action, root)


@main.command()
@root_option
@dev_addr_option
@click.option("--drafts", is_flag=True, help="Показать и черновики практик (только в предпросмотре).")
def serve(root: Path, dev_addr: str, drafts: bool) -> None:
    """Предпросмотр сайта с обновлением при правке content/, data/ и site_templates/."""
    from .publish.preview import serve_school

    def action() -> None:
        repair_outputs(root.resolve())
        serve_school(root.resolve(), dev_addr, drafts)

    _run(action, root)


@main.command()
@root_option
@click.argument("kind", type=click.Choice(["practice", "news", "material"]))
@click.option("--title", help="Заголовок (если не указан — будет задан вопрос).")
@click.option("--slug", help="Имя файла латиницей (по умолчанию — из заголовка).")
def new(root: Path, kind: str, title: str | None, slug: str | None) -> None:
    """Создать новый файл практики, новости или материала по шаблону (существующий не перезаписывается)."""
    from .editors.scaffold import create

    def action() -> None:
        path = create(root.resolve(), kind, title, slug)
        log.info("Создан файл %s — заполните его и проверьте: .venv/bin/python -m generator check "
                 "(предпросмотр черновика: .venv/bin/python -m generator serve --drafts)", path)

    _run(action, root)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Полное название школы, как в уставе.")
@click.option("--short-name", help="Краткое название, например «МБОУ СОШ № 1 г. Примерска».")
@click.option("--city", help="Город или населённый пункт.")
@click.option("--site-url", help="Адрес сайта программы (можно указать позже в data/school.yaml).")
@click.option("--email", help="Адрес электронной почты школы (можно указать позже).")
def init(folder: Path, name: str | None, short_name: str | None, city: str | None, site_url: str | None,
         email: str | None) -> None:
    """Создать репозиторий новой школы в пустой папке FOLDER (без материалов примера)."""
    from .editors.newschool import ask_school, create_school, refuse_unless_empty

    def action() -> None:
        refuse_unless_empty(folder)  # before the questions
        school = ask_school(name, short_name, city, site_url, email)
        create_school(folder.resolve(), school, date.today())
        log.info("Создан репозиторий школы: %s. Дальше: cd %s && bash scripts/build.sh "
                 "(заполните data/school.yaml — всё, что помечено «ЗАМЕНИТЕ»)", folder, folder)

    _run(action)


@main.command(hidden=True)
@root_option
@click.argument("files", nargs=-1)
def files(root: Path, files: tuple[str, ...]) -> None:
    """Проверить файлы перед коммитом: пробелы в конце строк, перевод строки в конце, синтаксис YAML."""
    from .editors.filecheck import check_files

    def action() -> None:
        problems = check_files(root.resolve(), list(files))
        for problem in problems:
            log.error("%s", problem)
        if problems:
            raise NastavnikError(f"файлов с замечаниями — {len({p.split(':')[0] for p in problems})}; "
                                 "исправьте их и повторите git commit")

    _run(action, root)


@main.command()
@root_option
def schemas(root: Path) -> None:
    """Обновить JSON-схемы данных и метаданных в schemas/ (для подсказок редактора и веб-формы)."""
    from .model.schemas import write_schemas

    def action() -> None:
        changed = write_schemas(root.resolve() / "schemas")
        log.info("Схемы обновлены: %s", ", ".join(changed) if changed else "изменений нет")

    _run(action, root)


@main.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--practices", type=click.IntRange(1, 100_000), default=100, show_default=True)
@click.option("--news", type=click.IntRange(0, 100_000), default=40, show_default=True)
@click.option("--participants", type=click.IntRange(3, 100_000), default=300, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--unknown-word", default="", help="слово не из словаря, которое повторяется на каждой странице")
@click.option("--region-schools", type=click.IntRange(1, 100_000), default=None,
              help="Создать репозиторий региона из стольких школ (по --region-practices практик в пакете).")
@click.option("--region-practices", type=click.IntRange(1, 1000), default=10, show_default=True)
def fixture(out: Path, practices: int, news: int, participants: int, seed: int, unknown_word: str,
            region_schools: int | None, region_practices: int) -> None:
    """Создать репозиторий школы (или региона) заданного размера для замеров (папка OUT перезаписывается)."""
    from .editors.fixture import write_fixture

    def action() -> None:
        if region_schools:
            from .region.fixture import write_region_fixture

            write_region_fixture(out.resolve(), region_schools, region_practices, seed)
            log.info("Готово: %s — репозиторий региона, школ %d", out, region_schools)
            return
        write_fixture(out.resolve(), Path(__file__).resolve().parent.parent, practices, news, participants, seed,
                      unknown_word=unknown_word)
        log.info("Готово: %s — практик %d, новостей %d, участников %d", out, practices, news, participants)

    _run(action)


@main.group()
def region() -> None:
    """Региональная платформа: приём пакетов школ, каталог практик, сайт и сборник РНЦ."""


@region.command("check")
@region_root
@strict_option
def region_check(root: Path, strict: bool) -> None:
    """Проверить region.yaml и все пакеты школ, ничего не публикуя."""
    from .pipeline import build_region
    from .region.outputs import log_intake

    def action() -> None:
        repair_outputs(root.resolve())
        log_intake(build_region(root.resolve(), strict, publish=False).outcomes)

    _run(action, root)


@region.command("build")
@region_root
@click.option("--strict", is_flag=True, help="Остановиться, если отклонён хотя бы один пакет.")
@click.option("--build-date", callback=_date_option, help="Дата сборки ГГГГ-ММ-ДД (для воспроизводимости).")
def region_build(root: Path, strict: bool, build_date: date | None) -> None:
    """Принять пакеты школ, собрать сайт платформы site/, каталог и сборник в dist/."""
    from .pipeline import build_region
    from .region.outputs import log_intake

    def action() -> None:
        with build_lock(root.resolve()):
            summary = build_region(root.resolve(), strict, build_date)
        log_intake(summary.outcomes)
        log.info("Готово за %.1f с:", summary.seconds)
        for line in summary.outputs:
            log.info("  %s", line)

    _run(action, root)


@region.command("serve")
@region_root
@dev_addr_option
def region_serve(root: Path, dev_addr: str) -> None:
    """Показать собранный сайт платформы (site/) по адресу предпросмотра."""
    from .region.serve import serve_platform

    _run(lambda: serve_platform(root.resolve(), dev_addr), root)
