"""Hostile inputs planted in a copy of tests/samples/minimal: every way a contributor could try to run
a script in a visitor's browser (issue 11). Shared by test_hostile_xss.py and test_browser_xss.py.

Every payload calls ``alert(…)`` or sets ``window.__xss``, so both the HTML scan and the browser
can tell whether it ran. Each case lives in a file of its own, so a report can be matched to it.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from conftest import edit


@dataclass(frozen=True)
class Case:
    id: str
    file: str  # the planted file, relative to the repository
    page: str  # the site page that shows it (relative to site/)
    reported: bool = True  # whether check/build must name the file (escaped text needs no report)


def _page(slug: str, body: str, title: str | None = None) -> tuple[str, str]:
    return f"content/pages/{slug}.md", f"---\ntitle: {title or 'Проверка ' + slug}\n---\n\nТекст.\n\n{body}\n"


# Bodies of free pages: (id, Markdown body, reported?).
BODIES: list[tuple[str, str, bool]] = [
    ("attr-href-js", '[ссылка](https://e.org/){: href="javascript:alert(1)" }', True),
    ("attr-img-onerror", '![картинка](../files/pic.png){ onerror="alert(1)" }', True),
    ("attr-onclick", 'Абзац с обработчиком.\n{: onclick="window.__xss=1" }', True),
    ("attr-style-fullscreen", 'Абзац на весь экран.\n{: style="position:fixed;top:0;left:0;width:100vw;'
                              'height:100vh;background:red" }', True),
    ("attr-img-src", '![картинка](../files/pic.png){: src="javascript:alert(1)" }', True),
    ("attr-toc-label", '## Раздел {: data-toc-label="<img src=x onerror=alert(1)>" }', True),
    ("attr-onmouseover-unquoted", '[ссылка](https://e.org/){: onmouseover=alert(1) .md-button }', True),
    ("md-link-js", "[ссылка](javascript:alert(1))", True),
    ("md-link-js-angle", "[ссылка](<javascript:alert(1)>)", True),
    ("md-link-js-case-tab", "[ссылка](JaVa&#09;ScRiPt:alert(1))", True),
    ("md-ref-link-js", "[ссылка][r]\n\n[r]: javascript:alert(1)", True),
    ("md-ref-link-entity", "[ссылка][r]\n\n[r]: jav&#x61;script:alert(1)", True),
    ("md-link-entity", "[ссылка](jav&#x61;script:alert(1))", True),
    ("md-image-js", "![x](javascript:alert(1))", True),
    ("md-link-title-quote", '[ссылка](https://e.org/ "t\\" onclick=\\"alert(1)")', False),
    ("autolink-js", "<javascript:alert(1)>", True),
    ("data-url", "[ссылка](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", True),
    ("html-a-entity", '<a href="jav&#x61;script:alert(1)">ссылка</a>', True),
    ("html-a-space-js", '<a href="  javascript:alert(1)">ссылка</a>', True),
    ("html-script", "<script>window.__xss=1</script>", True),
    ("html-svg-onload", '<svg onload="alert(1)"><circle r="5"/></svg>', True),
    ("html-img-srcset", '<img src="x.png" srcset="javascript:alert(1) 1x">', True),
    ("html-img-slash", "<img/src/onerror=alert(1)>", True),
    ("html-form-action", '<form action="javascript:alert(1)"><button>ОК</button></form>', True),
    ("html-meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', True),
    ("html-base-href", '<base href="javascript:alert(1)//">', True),
    ("html-iframe-srcdoc", '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>', True),
    ("html-details-ontoggle", '<details open ontoggle="alert(1)"><summary>x</summary>y</details>', True),
    ("html-abbr-handler", '<abbr title="x" onmouseover="alert(1)">x</abbr>', True),
    ("html-md-in-html", '<div markdown="1" onclick="alert(1)">x</div>', True),
    ("html-comment-trick", "<!--><img src=x onerror=alert(1)>-->", True),
    ("admonition-title", '!!! note "<img src=x onerror=alert(1)>"\n    Текст заметки.', True),
    ("table-cell", "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |", True),
    ("footnote", "Текст[^1].\n\n[^1]: <img src=x onerror=alert(1)> и [x](javascript:alert(1))", True),
    ("abbr-definition", "Про HTML.\n\n*[HTML]: <img src=x onerror=alert(1)>", True),
]

TITLE_PAYLOAD = "<img src=x onerror=alert(1)>"
BAD_SVG = """<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 10 10">
<script>window.__xss=1</script>
<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject>
<a xlink:href="javascript:alert(1)"><rect width="5" height="5" onclick="alert(1)"/></a>
<set attributeName="href" to="javascript:alert(1)"/>
<image href="https://evil.example/track.png" width="1" height="1"/>
<circle cx="5" cy="5" r="4" fill="green"/>
</svg>
"""
COVER_NAME = 'c){ onerror="alert(1)" }.png'


def _png() -> bytes:
    """A valid 1×1 PNG, written without an imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def _practice(root: Path) -> None:
    """A practice whose every front-matter text is hostile, with a hostile cover and attachments."""
    text = (root / "content/practices/urok-vdvoyom.md").read_text(encoding="utf-8")
    text = text.replace("title: Урок вдвоём", "title: '<script>window.__xss=1</script> Урок'")
    text = text.replace("subjects: [математика]",
                        "subjects: ['<script>alert(1)</script>', 'x{: onclick=alert(1) }']")
    text = text.replace("tags: [совместный урок]", "tags: ['<img src=x onerror=alert(1)>']")
    text = text.replace("summary: Наставник и молодой педагог готовят и проводят урок вместе.",
                        "summary: '\"><img src=x onerror=alert(1)> Кратко.'")
    text = text.replace("status: approved", f"status: approved\ncover: 'practices/{COVER_NAME}'\n"
                        "attachments: [practices/evil.svg, practices/evil.html]")
    text = text.replace("submit_to_rnc: true", "submit_to_rnc: false")
    (root / PRACTICE).write_text(text, encoding="utf-8")


TITLES = [("title-img", f"'{TITLE_PAYLOAD}'"), ("title-quote", "'\"><script>window.__xss=1</script>'"),
          ("title-braces", "'Заголовок {: onclick=alert(1) }'")]
PRACTICE = "content/practices/xss-praktika.md"
NEWS = "content/news/xss-novost.md"
CASES: list[Case] = [
    *(Case(case_id, f"content/pages/xss-{case_id}.md", f"pages/xss-{case_id}/index.html", reported)
      for case_id, _, reported in BODIES),
    # A free page's title is in the nav of every page, in <title> and in the header: escaped, not reported.
    *(Case(case_id, f"content/pages/xss-{case_id}.md", f"pages/xss-{case_id}/index.html", False)
      for case_id, _ in TITLES),
    Case("practice-front-matter", PRACTICE, "practices/xss-praktika/index.html", False),
    Case("facet-subject", PRACTICE, "practices/subject/script-alert-1-script/index.html", False),
    Case("facet-braces", PRACTICE, "practices/subject/x-onclick-alert-1/index.html", False),
    Case("catalog-card", PRACTICE, "practices/index.html", False),
    Case("cover-file-name", PRACTICE, "practices/xss-praktika/index.html", False),
    Case("svg-attachment", "content/files/practices/evil.svg", "files/practices/evil.svg"),
    Case("html-attachment", "content/files/practices/evil.html", "practices/xss-praktika/index.html"),
    Case("news-front-matter", NEWS, "news/xss-novost/index.html", False),
    Case("rubric-listing", NEWS, "rubrics/news/index.html", False),
    Case("home-page", NEWS, "index.html", False),
    # Texts from data: a rubric's title (in the nav of every page) and a roadmap item's texts.
    Case("rubric-title", "data/school.yaml", "rubrics/news/index.html", False),
    Case("roadmap-texts", "data/2025-2026/roadmap.yaml", "years/2025-2026/roadmap/index.html", False),
]


def plant(root: Path) -> None:
    """Write every input of :data:`CASES` into the repository at ``root``."""
    files = root / "content/files"
    (files / "practices").mkdir(parents=True, exist_ok=True)
    (files / "pic.png").write_bytes(_png())
    (files / "practices" / COVER_NAME).write_bytes(_png())
    (files / "practices/evil.svg").write_text(BAD_SVG, encoding="utf-8")
    (files / "practices/evil.html").write_text("<script>window.__xss=1</script>", encoding="utf-8")
    for case_id, body, _ in BODIES:
        rel, text = _page(f"xss-{case_id}", body)
        (root / rel).write_text(text, encoding="utf-8")
    for case_id, title in TITLES:
        rel, text = _page(f"xss-{case_id}", "Обычный текст.", title=title)
        (root / rel).write_text(text, encoding="utf-8")
    _practice(root)
    (root / NEWS).write_text("---\ntitle: '<svg onload=alert(1)>Новость'\ndate: 2025-09-02\nrubric: news\n"
                             "summary: '</p><script>window.__xss=1</script>'\n---\n\nТекст новости.\n",
                             encoding="utf-8")
    edit(root, "data/school.yaml", 'title: "Наставничество: события"',
         "title: '<img src=x onerror=alert(1)> события'")
    edit(root, "data/2025-2026/roadmap.yaml", "content: Оформление согласий",
         "content: '<img src=x onerror=alert(1)> {: onclick=alert(1) }'\n        result: '<script>alert(1)</script>'")
    edit(root, "data/2025-2026/roadmap.yaml", "responsible: Куратор\n        status: planned",
         "responsible: '[x](javascript:alert(1))'\n        status: planned")


# Roadmap evidence values that `check` must refuse (each alone; a refused value stops the build).
BAD_EVIDENCE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    'https://e.org/){: onclick="alert(1)" }',
    "https://e.org/ onclick=alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "jav&#x61;script:alert(1)",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "https://e.org/<script>",
]
