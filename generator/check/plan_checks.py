"""Validate stage for the optional questionnaires.yaml: known events, counts that add up."""
from __future__ import annotations

from ..errors import Report
from ..model.loader import YearData


def check_questionnaires(year: YearData, events: set[str] | None, report: Report) -> None:
    """The event a questionnaire follows must exist; a single-choice question cannot have more
    answers than respondents (each person chose one answer)."""
    if year.questionnaires is None:
        return
    src = year.questionnaires.src
    seen: set[str] = set()
    for i, q in enumerate(year.questionnaires.model.questionnaires):
        if q.id in seen:
            report.error(src.path, src.at(("questionnaires", i, "id")), f"questionnaires[{i + 1}].id",
                         f"«{q.id}» — повторяющийся идентификатор анкетирования; ожидается уникальный")
        seen.add(q.id)
        if q.event and events is not None and q.event not in events:
            report.error(src.path, src.at(("questionnaires", i, "event")), f"questionnaires[{i + 1}].event",
                         f"неизвестный идентификатор «{q.event}»: такого мероприятия нет в data/{year.year}/events.yaml")
        for j, question in enumerate(q.questions):
            total = sum(a.count for a in question.answers)
            if not question.multiple and total > q.respondents:
                report.error(src.path, src.at(("questionnaires", i, "questions", j, "answers")),
                             f"questionnaires[{i + 1}].questions[{j + 1}].answers",
                             f"ответов {total}, а заполнили анкету {q.respondents}; ожидается не больше "
                             f"{q.respondents} (или multiple: true, если можно было выбрать несколько ответов)")
