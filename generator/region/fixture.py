"""A regional repository of N schools with realistic packages, for benchmarks and scale tests
(``python -m generator fixture OUT --region-schools N``).

Each school sends one zip for the year, of about ``practices`` practices, as a school's ``build``
writes it: a manifest and a tagged PDF per practice. Rendering ten thousand PDFs would take longer
than the benchmark itself, so a dozen PDFs of two to six pages are rendered once by WeasyPrint and
each practice gets one of them made unique by a line after its end (a PDF comment: readers ignore
it, the sha256 differs, so no cache takes one school's PDF for another's). Deterministic per seed.
"""
from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import zipfile
from pathlib import Path

from ..editors.fixture import FORMS, SENTENCES, SUBJECTS, TOPICS
from ..results.fonts import font_faces

YEAR = "2025-2026"
TAGS = ["адаптация", "открытый урок", "цифровые инструменты", "функциональная грамотность", "проектная задача",
        "взаимопосещение", "диагностика", "олимпиады", "родители", "классное руководство", "Точка роста", "ВПР"]
BASE_PDFS = 12


def _base_pdfs(rng: random.Random) -> list[tuple[bytes, int]]:
    from pypdf import PdfReader
    from weasyprint import HTML

    found = []
    for i in range(BASE_PDFS):
        pages = 2 + i % 5
        body = "".join(f"<h2>{rng.choice(TOPICS)}</h2>" + "".join(f"<p>{rng.choice(SENTENCES)}</p>" for _ in range(9))
                       + '<p style="break-after: page"></p>' for _ in range(pages))
        html = (f"<html lang='ru'><head><title>Практика наставничества № {i + 1}</title><style>{font_faces()}"
                "body{font:11pt/1.45 'PT Serif'} h1,h2{font-family:'PT Sans'} @page{size:A4;margin:22mm}</style>"
                f"</head><body><h1>Практика наставничества № {i + 1}</h1>{body}</body></html>")
        data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
        found.append((data, len(PdfReader(io.BytesIO(data)).pages)))
    return found


def write_region_fixture(out: Path, schools: int, practices: int = 10, seed: int = 1) -> None:
    """``out/region.yaml``, ``out/inbox/SCHOOL/rnc-YEAR.zip`` for ``schools`` schools in a tenth as many
    municipalities, and a ``selection.yaml`` of the first schools' first practices."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "inbox").mkdir(parents=True)
    bases = _base_pdfs(rng)
    places = max(1, schools // 10)
    lines = ["name: Региональный наставнический центр Примерной области", "short_name: РНЦ Примерной области",
             "site_url: https://rnc.example.ru/", "email: rnc@example.ru", "municipalities:"]
    lines += [f"  - {{id: mo-{m:03d}, title: Муниципальный округ № {m}}}" for m in range(1, places + 1)]
    lines.append("schools:")
    for s in range(1, schools + 1):
        sid = f"school-{s:04d}"
        lines.append(f"  - {{id: {sid}, municipality: mo-{1 + s % places:03d}, packages: [inbox/{sid}/rnc-{YEAR}.zip]}}")
        _package(out / "inbox" / sid / f"rnc-{YEAR}.zip", sid, s, rng, bases, practices)
    (out / "region.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    picks = "\n".join(f"  - {{school: school-{s:04d}, practice: praktika-01}}" for s in range(1, min(schools, 20) + 1))
    (out / "selection.yaml").write_text(f"year: {YEAR}\npractices:\n{picks}\n", encoding="utf-8")


def _package(path: Path, sid: str, number: int, rng: random.Random, bases: list[tuple[bytes, int]], count: int) -> None:
    entries, files = [], {}
    for p in range(1, rng.randint(max(1, count - 3), count + 3) + 1):
        base, pages = rng.choice(bases)
        data = base + f"%fixture {sid}/{p}\n".encode()
        name = f"praktika-{p:02d}.pdf"
        subject = rng.choice(SUBJECTS)
        files[name] = data
        entries.append({"id": f"praktika-{p:02d}", "title": f"{rng.choice(TOPICS)}: {subject}, школа № {number}, практика {p}",
                        "form": rng.choice(FORMS), "subjects": [subject], "tags": rng.sample(TAGS, 2),
                        "summary": " ".join(rng.sample(SENTENCES, 2)), "authors": ["наставник", "молодой педагог"],
                        "file": name, "sha256": hashlib.sha256(data).hexdigest(), "pages": pages, "bytes": len(data)})
    manifest = {"format_version": 1, "school": {"name": f"Муниципальное бюджетное общеобразовательное учреждение "
                                                         f"«Средняя школа № {number}»", "short_name": f"МБОУ СШ № {number}",
                                                 "city": "Примерск", "site_url": f"https://school{number}.example.ru/",
                                                 "email": f"school{number}@example.ru"},
                "year": YEAR, "generated": "2026-05-31", "practices": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 5, 31, 0, 0, 0)), data)
        archive.writestr(zipfile.ZipInfo("manifest.json", (2026, 5, 31, 0, 0, 0)),
                         json.dumps(manifest, ensure_ascii=False, indent=1))
