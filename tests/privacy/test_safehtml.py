"""Raw HTML in contributed Markdown: the safe subset passes, everything else is removed and reported."""
from __future__ import annotations

import pytest

from generator.privacy.safehtml import sanitize_markdown

CASES = [
    # (body, cleaned body, what is reported)
    ("Текст<script>alert(1)</script> дальше", "Текст дальше", ["элемент <script> с содержимым"]),
    ("<iframe src='https://evil.example'></iframe>", "", ["элемент <iframe> с содержимым"]),
    ("<style>body{display:none}</style>", "", ["элемент <style> с содержимым"]),
    ('<abbr title="Целевая модель наставничества" onclick="steal()">ЦМН</abbr>',
     '<abbr title="Целевая модель наставничества">ЦМН</abbr>', ["атрибуты onclick у <abbr>"]),
    ('<div onmouseover="x()">текст</div>', "текст", ["тег <div>", "тег <div>"]),
    ("[ссылка](javascript:alert(1))", "[ссылка](#)", ["ссылка со схемой javascript:/data:"]),
    ("[ссылка](JaVaScRiPt&#58;alert(1))", "[ссылка](#)", ["ссылка со схемой javascript:/data:"]),
    ("<javascript:alert(1)>", "", ["ссылка со схемой javascript:/data:"]),
    ("[x]: javascript:alert(1)", "[x]: #", ["ссылка со схемой javascript:/data:"]),
    ('<img src="x" onerror="alert(1)">', "", ["тег <img>"]),
    ("H<sub>2</sub>O и x<sup>2</sup><br>", "H<sub>2</sub>O и x<sup>2</sup><br>", []),
    ("<details><summary>Подробнее</summary>Текст</details>", "<details><summary>Подробнее</summary>Текст</details>", []),
    ("<table><tr><td colspan=\"2\" style=\"color:red\">1</td></tr></table>",
     '<table><tbody><tr><td colspan="2">1</td></tr></tbody></table>', ["атрибуты style у <td>"]),
    ("> Цитата с <b>жирным</b>\n> и ссылкой <https://example.ru/?a=1&b=2>",
     "> Цитата с жирным\n> и ссылкой <https://example.ru/?a=1&b=2>", ["тег <b>", "тег <b>"]),
    ("a < b && c -> d", "a &lt; b && c -> d", []),
]


@pytest.mark.parametrize("body,clean,reported", CASES)
def test_sanitize(body, clean, reported):
    result, removals = sanitize_markdown(body)
    assert result == clean
    assert sorted(r.what for r in removals) == sorted(set(reported)) or [r.what for r in removals] == reported


def test_code_is_shown_not_cleaned():
    body = "Пример:\n\n```html\n<script>alert(1)</script>\n```\n\nи `<iframe>` в строке"
    assert sanitize_markdown(body) == (body, [])


def test_removal_lines_are_counted_in_the_body():
    body = "строка 1\nстрока 2\n<script>x</script>\n\n```\n<b>\n```\n<span>y</span>"
    _, removals = sanitize_markdown(body)
    assert [(r.line, r.what) for r in removals] == [(3, "элемент <script> с содержимым"), (8, "тег <span>")]
