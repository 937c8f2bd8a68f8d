"""Charts of the year's results as SVG; the same files go to the site and the collection PDF.

Text stays text in the SVG (``svg.fonttype: none``) so it is searchable and small, and the files
carry no date or random ids, so equal inputs give equal bytes.
"""
from __future__ import annotations

import io
import textwrap

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from .fonts import register_with_matplotlib
from .render import number_ru
from .results import YearResults

matplotlib.rcParams.update({
    "svg.fonttype": "none",
    "svg.hashsalt": "nastavnik-press",
    "font.family": ["PT Sans", "DejaVu Sans", "sans-serif"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
})

COLORS = {"met": "#2e7d32", "not_met": "#c62828", "no_data": "#757575"}
ROUND_COLORS = ("#90a4ae", "#1565c0", "#6a1b9a", "#ef6c00")
SHORT = {
    "coverage": "Охват педагогов", "consent": "Согласия на обработку ПДн", "pairs_formed": "Пары в срок",
    "plans_approved": "Планы утверждены в срок", "plans_done": "Выполнение планов",
    "plans_participation": "Участие в планах", "training_experts": "Эксперты обучения",
    "training_sessions": "Занятия на группу", "business_game": "Участие в деловой игре",
    "council": "Явка на педсовет", "diagnostics": "Охват диагностикой", "rubrics": "Рубрики",
    "publications": "Публикации", "representatives": "Представители на конкурсах",
    "roadmap": "Дорожная карта",
}


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def _wrap(label: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def targets_chart(results: YearResults) -> str | None:
    """Achievement of each target as a percentage of the target; 100 % is the line to reach."""
    rows = [t for t in results.targets if t.actual is not None and t.target]
    if not rows:
        return None
    fig = Figure(figsize=(7.2, 0.42 * len(rows) + 1.1))
    ax = fig.add_subplot()
    values = [min(t.actual / t.target * 100, 150) for t in rows]
    y = range(len(rows))[::-1]
    ax.barh(list(y), values, color=[COLORS[t.status] for t in rows], height=0.6)
    ax.set_yticks(list(y), [SHORT[t.id] for t in rows])
    ax.axvline(100, color="#212121", linewidth=1, linestyle="--")
    for yi, value, t in zip(y, values, rows):
        ax.text(value + 2, yi, f"{number_ru(t.actual)} / {number_ru(t.target)}", va="center", fontsize=8)
    ax.set_xlim(0, 175)
    ax.set_xlabel("Достижение цели, % (линия — 100 %)")
    fig.tight_layout()
    return _svg(fig)


def pairs_chart(results: YearResults) -> str | None:
    """Share of each pair's individual plan done, with the plan's 90 % line."""
    rows = [p for p in results.pairs if p.total]
    if not rows:
        return None
    fig = Figure(figsize=(7.2, 0.4 * len(rows) + 1.1))
    ax = fig.add_subplot()
    y = list(range(len(rows)))[::-1]
    values = [p.percent or 0 for p in rows]
    ax.barh(y, values, color=["#2e7d32" if v >= 90 else "#c62828" for v in values], height=0.6)
    ax.set_yticks(y, [f"{p.id} ({p.form})" for p in rows])
    ax.axvline(90, color="#212121", linewidth=1, linestyle="--")
    for yi, p, value in zip(y, rows, values):
        ax.text(value + 1.5, yi, f"{p.done}/{p.total}", va="center", fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel("Выполнено пунктов индивидуального плана, % (линия — 90 %)")
    fig.tight_layout()
    return _svg(fig)


def diagnostics_chart(results: YearResults) -> str | None:
    """Mean score per competency in each round: the change the plan asks to compare."""
    comps = [c for c in results.competencies if any(m is not None for m in c.means)]
    if not comps or not results.rounds:
        return None
    fig = Figure(figsize=(7.2, 3.6))
    ax = fig.add_subplot()
    n = len(results.rounds)
    width = 0.8 / n
    for i, rnd in enumerate(results.rounds):
        xs = [k + (i - (n - 1) / 2) * width for k in range(len(comps))]
        ax.bar(xs, [c.means[i] or 0 for c in comps], width=width * 0.95,
               color=ROUND_COLORS[i % len(ROUND_COLORS)], label=f"{rnd.title} ({rnd.date:%d.%m.%Y})")
    ax.set_xticks(range(len(comps)), [_wrap(c.title, 16) for c in comps], fontsize=8)
    ax.set_ylabel("Средний балл")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.25), frameon=False)
    fig.tight_layout()
    return _svg(fig)


def make_charts(results: YearResults) -> dict[str, str]:
    """The year's charts by file stem; a chart with no data is left out, not drawn empty."""
    register_with_matplotlib()
    charts = {"targets": targets_chart(results), "pairs": pairs_chart(results),
              "diagnostics": diagnostics_chart(results)}
    return {name: svg for name, svg in charts.items() if svg is not None}
