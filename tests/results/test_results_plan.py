"""What the year's results say (issue 14): paired diagnostics, deadlines as the plan means them, late
completion, consent on the plan's date, the «События и документы» page and section, the federal form.

Hand-made data on the minimal sample; every expected value is worked out in the comments."""
from __future__ import annotations

import csv
import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import edit, make_project, run
from generator.publish.internal import internal_reports
from generator.pipeline import load_and_check
from generator.results.compute import compute_results

YEAR = "2025-2026"


def results_of(root: Path, build_date: date):
    project, report = load_and_check(root)
    assert not report.errors, report.errors
    return compute_results(project, YEAR, build_date)


MENTEE = """  - id: {id}
    name: {name}
    position: учитель
    experience_years: 1
    young_specialist: true
    roles: [mentee]
    joined: 2025-08-25
    consent: {{processing: 2025-08-25, publication: []}}
"""


def _diagnostics_example(root: Path) -> None:
    """The issue's case: round 1 — six people (a mentor and five mentees), round 2 — the five mentees."""
    extra = "".join(MENTEE.format(id=i, name=n) for i, n in
                    (("m3", "Третьякова Ольга Ивановна"), ("m4", "Четвертаков Иван Петрович"),
                     ("m5", "Пятницкая Анна Олеговна")))
    path = root / f"data/{YEAR}/participants.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    mentees = ["sidorova-vv", "kuznecov-gg", "m3", "m4", "m5"]
    before = {"a": [2, 2, 3, 3, 2], "b": [2, 3, 3, 2, 2], "c": [3, 3, 2, 2, 3]}
    after = {"a": [3, 3, 4, 4, 3], "b": [3, 4, 4, 2, 3], "c": [4, 3, 2, 3, 3]}
    # per person changes: a +1 +1 +1 +1 +1 → +1.0; b +1 +1 +1 0 +1 → +0.8; c +1 0 0 +1 0 → +0.4

    def row(who: str, scores: dict[str, int]) -> str:
        return f"      - {{participant: {who}, scores: {{{', '.join(f'{k}: {v}' for k, v in scores.items())}}}}}\n"

    r1 = row("ivanova-aa", {"a": 5, "b": 5, "c": 5}) + "".join(
        row(m, {k: v[i] for k, v in before.items()}) for i, m in enumerate(mentees))
    r2 = "".join(row(m, {k: v[i] for k, v in after.items()}) for i, m in enumerate(mentees))
    (root / f"data/{YEAR}/diagnostics.yaml").write_text(
        "scale: {min: 1, max: 5}\n"
        "competencies: [{id: a, title: Планирование}, {id: b, title: Методы}, {id: c, title: Оценивание}]\n"
        f"rounds:\n  - id: r1\n    title: Входная\n    date: 2025-10-06\n    results:\n{r1}"
        f"  - id: r2\n    title: Промежуточная\n    date: 2026-01-20\n    results:\n{r2}", encoding="utf-8")


def test_paired_change_is_over_the_people_present_in_both_rounds(project):
    _diagnostics_example(project)
    res = results_of(project, date(2026, 2, 1))
    overall = {c.id: c for c in res.competencies}
    assert [(overall[k].n, overall[k].change) for k in "abc"] == [(5, 1.0), (5, 0.8), (5, 0.4)]
    # the difference of the rounds' means would be +0.57 / +0.37 / 0: it compares different people
    assert overall["a"].means == [2.83, 3.4] and overall["c"].means == [3.0, 3.0]
    assert (overall["b"].before, overall["b"].after) == (2.4, 3.2)
    groups = {g.role: g for g in res.diagnostics_groups}
    assert set(groups) == {"mentor", "mentee"}
    assert [c.change for c in groups["mentee"].competencies] == [1.0, 0.8, 0.4]
    assert groups["mentee"].n == 5 and groups["mentee"].people == 5
    # the mentor took only the first round: nobody to compare, no change invented
    assert groups["mentor"].people == 1 and groups["mentor"].n == 0
    assert all(c.change is None for c in groups["mentor"].competencies)
    # coverage per round as before: 6 of 7 and 5 of 7 programme participants (2 mentors + 5 mentees)
    assert [(r.covered, r.expected) for r in res.rounds] == [(6, 7), (5, 7)]


ROADMAP_EXTRA = """      - id: r05
        content: Диагностика компетенций
        deadline: 1 раз в квартал
        status: in_progress
      - id: r06
        content: Обучение наставников
        deadline: по отдельному графику
        status: in_progress
      - id: r07
        content: Контроль реализации
        deadline: Весь период
        status: in_progress
"""


def _rows(res):
    return {row.item.id: row for row in res.roadmap}


def test_text_deadlines_become_overdue_after_the_year(project):
    path = project / f"data/{YEAR}/roadmap.yaml"
    path.write_text(path.read_text(encoding="utf-8") + ROADMAP_EXTRA, encoding="utf-8")
    during = _rows(results_of(project, date(2026, 5, 1)))
    assert not during["r04"].overdue and during["r04"].due.date == date(2026, 8, 31)
    after = results_of(project, date(2026, 12, 1))
    rows = _rows(after)
    # «в течение всего периода», «Весь период»: due 31.08.2026, still in progress on 01.12.2026
    assert rows["r04"].overdue and rows["r07"].overdue
    assert "до 31.08.2026" in rows["r07"].due_text
    # «1 раз в квартал»: the last quarter ended 31.05.2026
    assert rows["r05"].overdue and rows["r05"].due.date == date(2026, 5, 31)
    # «по отдельному графику» has no date and says so; it is never overdue by a date
    assert rows["r06"].due.date is None and not rows["r06"].overdue
    assert rows["r06"].due_text == "по отдельному графику — без даты"
    assert sorted(r.item.id for r in after.overdue) == ["r02", "r04", "r05", "r07"]


def test_roadmap_period_moves_the_end_of_the_whole_period(project):
    edit(project, f"data/{YEAR}/roadmap.yaml", "sections:", "period: {from: 2025-09-01, to: 2026-06-30}\nsections:")
    assert _rows(results_of(project, date(2026, 7, 15)))["r04"].overdue
    edit(project, f"data/{YEAR}/roadmap.yaml", "to: 2026-06-30", "to: 2026-08-31")
    assert not _rows(results_of(project, date(2026, 7, 15)))["r04"].overdue


def test_quarterly_item_is_checked_against_the_diagnostics_rounds(project):
    path = project / f"data/{YEAR}/roadmap.yaml"
    path.write_text(path.read_text(encoding="utf-8") + ROADMAP_EXTRA, encoding="utf-8")
    _diagnostics_example(project)  # rounds on 06.10.2025 (I quarter) and 20.01.2026 (III quarter)
    row = _rows(results_of(project, date(2026, 2, 1)))["r05"]
    assert row.missed_quarters == [2] and row.missed_text == "II" and row.overdue  # Nov–Dec had no round
    assert _rows(results_of(project, date(2025, 12, 1)))["r05"].missed_quarters == []  # II not over yet


def test_done_after_the_deadline_is_late_and_counts_against_on_time(project):
    edit(project, f"data/{YEAR}/roadmap.yaml", "        status: planned\n",
         "        status: done\n        done_on: 2025-09-30\n")
    res = results_of(project, date(2025, 12, 1))
    row = _rows(res)["r02"]  # due 20.09.2025, done 30.09.2025
    assert row.late_days == 10 and not row.overdue
    assert row.status_text == "выполнено с опозданием (10 дн.)"
    on_time = res.target("roadmap_on_time")
    assert (on_time.actual, on_time.status) == (50.0, "not_met")  # r01 on time, r02 late; r04 not yet due
    assert res.target("roadmap").actual == pytest.approx(200 / 3)  # done is done: 2 of 3


def test_consent_on_the_plans_date_and_now_without_withdrawn(project):
    # kuznecov-gg consents on 05.10 (after 20.09); sidorova-vv withdraws on 10.09
    edit(project, f"data/{YEAR}/participants.yaml", "    joined: 2025-09-01\n",
         "    joined: 2025-09-01\n    consent: {processing: 2025-10-05}\n")
    edit(project, f"data/{YEAR}/participants.yaml", "consent: {processing: 2025-08-25, publication: [name]}",
         "consent: {processing: 2025-08-25, publication: [name], withdrawn: 2025-09-10}")
    res = results_of(project, date(2025, 12, 1))
    consent = res.target("consent")
    # on 20.09: ivanova, petrov, smirnova (sidorova withdrew, kuznecov not yet) = 3 of 5
    assert (consent.actual, consent.status) == (60.0, "not_met")
    assert (res.counts["consent_on_plan_date"], res.counts["consent_now"]) == (3, 4)
    assert "на 20.09.2025: 3 из 5" in consent.detail and "на 01.12.2025: 4 из 5" in consent.detail


def test_federal_form_counts(project):
    edit(project, f"data/{YEAR}/participants.yaml", "    roles: [curator]\n",
         "    roles: [curator, candidate]\n")
    project_, _ = load_and_check(project)
    res = compute_results(project_, YEAR, date(2025, 12, 1))
    text = internal_reports(project_, YEAR, res)["statistics.csv"]
    rows = dict(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows["Участников программы наставничества (всего)"] == "5"
    assert rows["участников с ролью: наставники"] == "2" and rows["участников с ролью: наставляемые"] == "2"
    assert rows["участников с ролью: кураторы"] == "1"
    assert rows["Молодых специалистов среди наставляемых"] == "2"
    assert rows["Наставников с дополнительным соглашением (ст. 351.8 ТК РФ)"] == "2"
    assert rows["В реестре потенциальных наставников"] == "1"
    assert rows["пар и групп в форме «педагог–педагог»"] == "1" and rows["пар и групп в форме «реверсивное»"] == "1"
    assert rows["пар и групп в форме «групповое»"] == "0"
    assert rows["Доля педагогов, охваченных наставничеством, %"] == "20.0"


QUESTIONNAIRES = """questionnaires:
  - id: post-networking
    title: Пост-анкетирование после нетворкинга
    date: 2025-08-28
    event: networking-1
    respondents: 3
    questions:
      - text: Нашли ли вы пару?
        answers: [{text: Да, count: 2}, {text: Нет, count: 1}]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The minimal sample with the plan's documents, built once (site and collection PDF)."""
    root = make_project(tmp_path_factory.mktemp("plan"))
    edit(root, f"data/{YEAR}/pairs.yaml", "      approved: 2025-09-20\n",
         "      approved: 2025-09-20\n      approval_order: {number: 12-о, date: 2025-09-20}\n")
    edit(root, f"data/{YEAR}/participants.yaml", "    joined: 2025-08-20\n    mentor_agreement: {number: ДС-1",
         "    joined: 2025-08-20\n    potential_mentor: 2025-08-27\n    mentor_agreement: {number: ДС-1")
    (root / f"data/{YEAR}/questionnaires.yaml").write_text(QUESTIONNAIRES, encoding="utf-8")
    code, output = run(root, "build", "--build-date", "2025-12-01")
    assert code == 0, output
    return root


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_events_page_publishes_the_plans_documents(built):
    page = (built / f"site/years/{YEAR}/events/index.html").read_text(encoding="utf-8")
    text = _visible(page)
    article = text[text.index("События и документы 2025–2026 учебного года"):]
    assert "Приказ № 10-о от 25.08.2025 о закреплении наставнических пар и групп: Пара 1 · педагог–педагог" in article
    assert "Приказ № 12-о от 20.09.2025 об утверждении индивидуальных планов: Пара 1 · педагог–педагог" in article
    assert "Протокол № 1 от 29.09.2025" in article and "19 из 20" in article
    assert "27.08.2025 в срок по плану до 31.08.2025" in article  # networking on 27.08
    assert "региональный" in article and "Иванова Анна Андреевна" in article  # consented name
    assert "провели в срок 0 из 2" in article  # pair-01 had only «знакомство», pair-02 no meetings
    assert "В реестре потенциальных наставников из числа педагогов школы: 1" in article
    assert "Нашли ли вы пару?" in article and "67 %" in article
    assert f"years/{YEAR}/events/" in (built / "site/index.html").read_text(encoding="utf-8")  # in the nav
    _no_ids_or_hidden(built, article)


def _no_ids_or_hidden(root: Path, text: str) -> None:
    """No pair, roadmap item or participant id; nobody named without consent."""
    for ident in ("pair-01", "pair-02", "ivanova-aa", "petrov-bb", "sidorova-vv", "kuznecov-gg", "networking-1",
                  "post-networking"):
        assert ident not in text, ident
    assert not re.search(r"\br0\d\b", text)
    for hidden in ("Петров", "Кузнецов"):  # petrov-bb published nothing; kuznecov-gg gave no consent
        assert hidden not in text, hidden


def test_collection_section_one_has_the_same_record(built):
    pdf = built / f"dist/{YEAR}/collection.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    section = flat[flat.index("События и документы"):flat.index("Программа в цифрах")]
    assert "Приказ № 12-о от 20.09.2025 об утверждении индивидуальных планов" in section
    assert "Пара 2 · реверсивное" in section and "первые встречи не в срок" in section
    assert "Нашли ли вы пару?" in section
    _no_ids_or_hidden(built, section)
