"""The year's results on the minimal sample, whose answers are worked out by hand below."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import edit
from generator.check.validate import load_and_check
from generator.results.compute import compute_results


def results_of(root, build_date=date(2025, 12, 1)):
    project, _ = load_and_check(root)
    return compute_results(project, "2025-2026", build_date)


def test_targets_with_known_answers(project):
    res = results_of(project)
    expected = {
        # id: (actual, status)
        "coverage": (20.0, "met"),             # 2 mentors + 2 mentees of 20 staff
        "consent": (80.0, "not_met"),          # kuznecov-gg has no consent.processing
        "pairs_formed": (50.0, "not_met"),     # pair-02 formed 05.09, after 31.08
        "plans_approved": (50.0, "not_met"),   # pair-02 approved 30.09, after 25.09
        "plans_done": (500 / 6, "not_met"),    # 3 of 4 + 2 of 2 items
        "plans_participation": (100.0, "met"),
        "training_experts": (3.0, "not_met"),
        "training_sessions": (2.0, "not_met"),
        "business_game": (None, "no_data"),    # no business game in events.yaml
        "council": (95.0, "met"),              # 19 of 20
        "diagnostics": (None, "no_data"),      # no diagnostics.yaml
        "rubrics": (2.0, "met"),
        "publications": (1.0, "not_met"),
        "representatives": (2.0, "not_met"),   # two distinct people at a regional contest
        "roadmap": (100 / 3, "not_met"),       # 1 done of 4 - 1 cancelled
        # new with issue 14: pair-01 met only for «знакомство», pair-02 has no meetings
        "first_meetings": (0.0, "not_met"),
        # r01 done on time, r02 (due 20.09) not done; r04 (whole period, due 31.08.2026) not yet due
        "roadmap_on_time": (50.0, "not_met"),
    }
    got = {t.id: (t.actual, t.status) for t in res.targets}
    assert set(got) == set(expected)
    for ident, (actual, status) in expected.items():
        assert got[ident][1] == status, ident
        assert got[ident][0] == pytest.approx(actual) if actual is not None else got[ident][0] is None, ident


def test_every_target_names_its_source(project):
    for target in results_of(project).targets:
        assert target.source.startswith(("data/", "content/")), target
        assert target.wording and target.detail


def test_overdue_as_of_build_date(project):
    # r02 is due 20.09.2025 and only planned; r04's deadline is text and never overdue.
    assert [row.item.id for row in results_of(project, date(2025, 12, 1)).overdue] == ["r02"]
    assert results_of(project, date(2025, 9, 1)).overdue == []


def test_per_pair_progress(project):
    pairs = {p.id: (p.done, p.total) for p in results_of(project).pairs}
    assert pairs == {"pair-01": (3, 4), "pair-02": (2, 2)}


def test_target_override_per_year(project):
    edit(project, "data/2025-2026/roadmap.yaml", "sections:", "targets:\n  coverage: 25\nsections:")
    coverage = results_of(project).target("coverage")
    assert (coverage.target, coverage.status) == (25, "not_met")


def test_diagnostics_change_and_missing_quarters(project):
    (project / "data/2025-2026/diagnostics.yaml").write_text(
        "scale: {min: 1, max: 5}\n"
        "competencies: [{id: plan, title: Планирование}]\n"
        "rounds:\n"
        "  - {id: r1, title: Входная, date: 2025-10-01, results: [\n"
        "      {participant: ivanova-aa, scores: {plan: 4}}, {participant: petrov-bb, scores: {plan: 4}},\n"
        "      {participant: sidorova-vv, scores: {plan: 2}}, {participant: kuznecov-gg, scores: {plan: 2}}]}\n"
        "  - {id: r2, title: Промежуточная, date: 2026-01-20, results: [\n"
        "      {participant: ivanova-aa, scores: {plan: 5}}, {participant: sidorova-vv, scores: {plan: 4}}]}\n",
        encoding="utf-8")
    res = results_of(project, date(2026, 2, 1))
    [plan] = res.competencies
    assert plan.means == [3.0, 4.5]
    assert plan.change == pytest.approx(1.5)
    assert [(r.covered, r.expected) for r in res.rounds] == [(4, 4), (2, 4)]
    diag = res.target("diagnostics")
    # the second round covered half; the II quarter (Nov–Dec) had no round at all
    assert (diag.actual, diag.status) == (50.0, "not_met")
    assert "четвертей без диагностики: 1 из 2 прошедших" in diag.detail
