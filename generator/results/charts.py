"""Charts of the year's results as SVG; the same files go to the site and the collection PDF.

Text stays text in the SVG (``svg.fonttype: none``) so it is searchable and small, and the files
carry no date or random ids, so equal inputs give equal bytes.
"""
from __future__ import annotations

import hashlib
import io
import pickle
import textwrap
from typing import TYPE_CHECKING

from .chartfont import embed_font
from .fonts import register_with_matplotlib
from ..render import number_ru
from .compute import YearResults

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib is imported only when charts are drawn (_draw_charts): `check` and the regional
# platform's build draw none, and the import alone took 0.4 s of every run.
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "nastavnik-press",
    "font.family": ["PT Sans", "DejaVu Sans", "sans-serif"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

COLORS = {"met": "#2e7d32", "not_met": "#c62828", "no_data": "#757575"}
# A phone's content width (about 345 CSS px) at 96 px an inch: the phone charts show at their own size.
PHONE_WIDTH = 3.6
ROUND_COLORS = ("#90a4ae", "#1565c0", "#6a1b9a", "#ef6c00")
SHORT = {
    "coverage": "Охват педагогов", "consent": "Согласия на обработку ПДн", "pairs_formed": "Пары в срок",
    "plans_approved": "Планы утверждены в срок", "plans_done": "Выполнение планов",
    "plans_participation": "Участие в планах", "training_experts": "Эксперты обучения",
    "training_sessions": "Занятия на группу", "business_game": "Участие в деловой игре",
    "council": "Явка на педсовет", "diagnostics": "Охват диагностикой", "rubrics": "Рубрики",
    "publications": "Публикации", "representatives": "Представители на конкурсах",
    "roadmap": "Дорожная карта", "first_meetings": "Первые встречи в срок",
    "roadmap_on_time": "Дорожная карта в срок",
}


def _figure(size: tuple[float, float]) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=size)


def _svg(fig: Figure) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return embed_font(buffer.getvalue())  # the font the labels were measured with: see chartfont


def _wrap(label: str, width: int = 26) -> str:
    return "\n".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _hbars(labels: list[str], values: list[float], colors: list[str], notes: list[str], line: float,
           xmax: float, xlabel: str, phone: bool = False) -> str:
    """Horizontal bars, first row on top, a dashed target line and a note at the end of each bar.

    ``phone``: a narrow chart (a phone's width at its own scale) with each label above its bar, so the
    text stays at the size of the page's small print instead of shrinking with a wide figure."""
    if phone:
        fig = _figure((PHONE_WIDTH, 0.62 * len(labels) + 1.0))
        ax = fig.add_subplot()
        y = [1.6 * k for k in range(len(labels))][::-1]
        ax.barh(y, values, color=colors, height=0.6)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        for yi, label in zip(y, labels):
            ax.text(0, yi + 0.42, label, va="bottom", fontsize=9)
        ax.set_ylim(-0.6, y[0] + 1.3 if y else 1)
    else:
        fig = _figure((7.2, 0.42 * len(labels) + 1.1))
        ax = fig.add_subplot()
        y = list(range(len(labels)))[::-1]
        ax.barh(y, values, color=colors, height=0.6)
        ax.set_yticks(y, labels)
    ax.axvline(line, color="#212121", linewidth=1, linestyle="--")
    for yi, value, note in zip(y, values, notes):
        ax.text(value + xmax * 0.012, yi, note, va="center", fontsize=8)
    ax.set_xlim(0, xmax)
    ax.set_xlabel(_wrap(xlabel, 42) if phone else xlabel, fontsize=8 if phone else None)
    fig.tight_layout()
    return _svg(fig)


def targets_chart(results: YearResults, phone: bool = False) -> str | None:
    """Achievement of each target as a percentage of the target; 100 % is the line to reach."""
    rows = [t for t in results.targets if t.actual is not None and t.target]
    if not rows:
        return None
    return _hbars([SHORT[t.id] for t in rows], [min(t.actual / t.target * 100, 150) for t in rows],
                  [COLORS[t.status] for t in rows], [f"{number_ru(t.actual)} / {number_ru(t.target)}" for t in rows],
                  100, 175, "Достижение цели, % (линия — 100 %)", phone)


def pairs_chart(results: YearResults, phone: bool = False) -> str | None:
    """Share of each pair's individual plan done, with the plan's 90 % line."""
    # Pairs are numbered as in the results table («Пара 1 · педагог–педагог»): ids are not public text.
    numbered = [(n, p) for n, p in enumerate(results.pairs, start=1) if p.total]
    if not numbered:
        return None
    rows = [p for _, p in numbered]
    values = [p.percent or 0 for p in rows]
    return _hbars([f"Пара {n} · {p.form}" for n, p in numbered], values,
                  [COLORS["met"] if v >= 90 else COLORS["not_met"] for v in values],
                  [f"{p.done}/{p.total}" for p in rows], 90, 115,
                  "Выполнено пунктов индивидуального плана, % (линия — 90 %)", phone)


def diagnostics_chart(results: YearResults, phone: bool = False) -> str | None:
    """Mean score per competency in each round: the change the plan asks to compare."""
    comps = [c for c in results.competencies if any(m is not None for m in c.means)]
    if not comps or not results.rounds:
        return None
    fig = _figure((PHONE_WIDTH, 4.2) if phone else (7.2, 3.6))
    ax = fig.add_subplot()
    n = len(results.rounds)
    width = 0.8 / n
    for i, rnd in enumerate(results.rounds):
        xs = [k + (i - (n - 1) / 2) * width for k in range(len(comps))]
        ax.bar(xs, [c.means[i] or 0 for c in comps], width=width * 0.95,
               color=ROUND_COLORS[i % len(ROUND_COLORS)], label=_wrap(f"{rnd.title} ({rnd.date:%d.%m.%Y})", 38 if phone else 90))
    ax.set_xticks(range(len(comps)), [_wrap(c.title, 10 if phone else 16) for c in comps], fontsize=8)
    ax.set_ylabel("Средний балл")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0, -0.25), frameon=False)
    fig.tight_layout()
    return _svg(fig)


# Charts already drawn in this process, by a digest of the figures they show: the live preview
# rebuilds on every save, and drawing is most of a rebuild's time (1.7 s of ~3 s on the example)
# although a practice's text changes no figure. Only written here (pickle.dumps), never loaded.
_DRAWN: dict[bytes, dict[str, str]] = {}


def make_charts(results: YearResults) -> dict[str, str]:
    """The year's charts by file stem; a chart with no data is left out, not drawn empty."""
    key = hashlib.sha256(pickle.dumps(results)).digest()
    if key not in _DRAWN:
        if len(_DRAWN) >= 16:
            _DRAWN.clear()
        _DRAWN[key] = _draw_charts(results)
    return dict(_DRAWN[key])


def _draw_charts(results: YearResults) -> dict[str, str]:
    import matplotlib

    matplotlib.rcParams.update(STYLE)
    register_with_matplotlib()
    charts = {"targets": targets_chart(results), "pairs": pairs_chart(results),
              "diagnostics": diagnostics_chart(results)}
    # The site shows these on a phone instead (same data, narrow layout); the PDF uses the ones above.
    charts.update({f"{name}-phone": draw(results, phone=True) for name, draw in (
        ("targets", targets_chart), ("pairs", pairs_chart), ("diagnostics", diagnostics_chart))})
    return {name: svg for name, svg in charts.items() if svg is not None}
