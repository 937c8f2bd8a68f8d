"""Horizontal bar charts of the region's figures as small SVG files (shown as pictures beside the
same numbers in a table, which is what a screen reader reads). Labels come from manifests: they are
XML-escaped, and the SVG carries no script, link or external reference."""
from __future__ import annotations

from xml.sax.saxutils import escape

ROW = 26
LABEL_WIDTH = 330
BAR_WIDTH = 300
MAX_ROWS = 12  # the rest is in the table


def bar_chart(title: str, labels: list[str], values: list[int]) -> str:
    """An SVG of ``values`` by ``labels`` (the first ``MAX_ROWS``), with its title for assistive tools."""
    rows = list(zip(labels, values))[:MAX_ROWS]
    top = max([v for _, v in rows] or [1]) or 1
    height = ROW * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" font-family="PT Sans, Arial, sans-serif" font-size="14">'
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * ROW
        shown = label if len(label) <= 45 else label[:44] + "…"
        bar = max(2, round(BAR_WIDTH * value / top))
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" fill="#1a1a1a">{escape(shown)}</text>'
                     f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{bar}" height="{ROW - 8}" fill="#3f51b5"/>'
                     f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + 17}" fill="#1a1a1a">{value}</text>')
    parts.append("</svg>\n")
    return "".join(parts)
