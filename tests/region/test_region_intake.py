"""Intake trusts nothing: each bad package is refused with its Russian reason, named with its school
and file, and nothing of it is published, while every other school is. All bad packages go through
one region build (one school each), next to the gymnasium's good package fetched over HTTP."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from region_helpers import (YEAR, add_pdf, gym_manifest_url, gym_site, gymnasium, manifest_of,  # noqa: F401
                            package_files, region_build, region_yaml, schools, serve, with_manifest, write_zip)


def _pdf(html: str, tagged: bool = True, title: str = "Практика", attach: bool = False) -> bytes:
    from weasyprint import HTML, Attachment

    from generator.results.fonts import font_faces

    page = f"<html lang='ru'><head><title>{title}</title><style>{font_faces()} body{{font-family:'PT Sans'}}</style></head><body>{html}</body></html>"
    attachments = [Attachment(string="Телефон наставника", base_url=".")] if attach else None
    return HTML(string=page).write_pdf(pdf_variant="pdf/ua-1" if tagged else None, attachments=attachments)


# As Acrobat writes it after the author filled in the document's properties: dates and ids beside the contact.
XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 9.1-c001 79.675d0f7, 2023/06/11-19:21:16">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmp:CreateDate="2026-05-31T10:21:13+03:00" xmp:ModifyDate="2026-06-02T09:05:47+03:00"
    xmp:CreatorTool="WeasyPrint 70.0" pdf:Producer="Adobe Acrobat Pro (64-bit) 25.1.20432" pdf:Keywords="{keywords}"
    xmpMM:DocumentID="uuid:6f3c1a8e-1b2c-4d5e-8f90-123456789abc" xmpMM:InstanceID="uuid:0a4b7c2d-9e31-4f5a-b6c7-d8e9f0a1b2c3">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Практика</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _with_xmp(pdf: bytes, creator: str = "Иванова Мария Петровна", keywords: str = "наставничество") -> bytes:
    """``pdf`` saved again by a PDF editor with the author in its XMP metadata: the same pages, tags and
    fonts, the document properties (Info) untouched, the XMP stream (Flate-compressed) rewritten."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.xmp_metadata = XMP.format(creator=creator, keywords=keywords).encode()
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _changed(files, change):  # type: ignore[no-untyped-def]
    manifest = manifest_of(files)
    change(manifest)
    return with_manifest(files, manifest)


def _first(key, value):  # type: ignore[no-untyped-def]
    return lambda m: m["practices"][0].__setitem__(key, value)


def _duplicate(m) -> None:  # type: ignore[no-untyped-def]
    m["practices"].append(dict(m["practices"][0]))


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


# school id → (how its package is made from the example's, what the refusal says)
CASES = {
    "hash": (lambda f: _changed(f, _first("sha256", "0" * 64)), "контрольная сумма sha256 не совпадает с описью"),
    "missing-pdf": (lambda f: {k: v for k, v in f.items() if k != manifest_of(f)["practices"][0]["file"]},
                    "файла нет в пакете, а опись его называет"),
    "schema": (lambda f: _changed(f, _first("form", "индивидуальное")),
               "manifest.json, practices[1].form: «индивидуальное» — не из допустимых значений"),
    "schema-missing": (lambda f: _changed(f, lambda m: m.pop("year")), "manifest.json, опись: нет обязательного поля «year»"),
    "duplicate": (lambda f: _changed(f, _duplicate), "указана дважды"),
    "pages": (lambda f: _changed(f, _first("pages", 40)), "страниц 3, в описи 40"),
    "size": (lambda f: _changed(f, _first("bytes", 1)), "в описи 1"),
    "email": (lambda f: _changed(f, _first("summary", "Пишите: ivanova.mp@mail.example.ru")),
              "адрес электронной почты «ivanova.mp@mail.example.ru»"),
    "phone-in-pdf": (lambda f: add_pdf(f, "s-telefonom.pdf", _pdf("<h1>Практика</h1><p>Звоните наставнику: "
                                                                   "+7 912 345-67-89.</p>"), "s-telefonom", "С телефоном"),
                     "s-telefonom.pdf: номер телефона «+7 912 345-67-89»"),
    "phone-in-title": (lambda f: add_pdf(f, "v-svojstvah.pdf", _pdf("<h1>Практика</h1><p>Текст.</p>",
                                                                     title="Звоните: 8 (912) 345-67-89"),
                                         "v-svojstvah", "В свойствах"), "v-svojstvah.pdf: номер телефона «8 (912) 345-67-89»"),
    "phone-in-link": (lambda f: add_pdf(f, "v-ssylke.pdf", _pdf("<h1>Практика</h1><p><a href='tel:+79123456780'>"
                                                                 "Позвонить наставнику</a></p>"), "v-ssylke", "В ссылке"),
                      "v-ssylke.pdf: номер телефона «+79123456780»"),
    "phone-in-xmp": (lambda f: add_pdf(f, "v-xmp.pdf", _with_xmp(_pdf("<h1>Практика</h1><p>Текст.</p>"),
                                                                  creator="Иванова М. П., тел. +7 (912) 345-67-81"),
                                       "v-xmp", "В метаданных"), "v-xmp.pdf: метаданные XMP: номер телефона «+7 (912) 345-67-81»"),
    "email-in-xmp": (lambda f: add_pdf(f, "v-xmp-pochta.pdf", _with_xmp(_pdf("<h1>Практика</h1><p>Текст.</p>"),
                                                                         keywords="наставничество; ivanova.mp@mail.example.ru"),
                                       "v-xmp-pochta", "В метаданных почта"),
                     "v-xmp-pochta.pdf: метаданные XMP: адрес электронной почты «ivanova.mp@mail.example.ru»"),
    "attachment": (lambda f: add_pdf(f, "s-vlozheniem.pdf", _pdf("<h1>Практика</h1><p>Текст.</p>", attach=True),
                                     "s-vlozheniem", "С вложением"), "s-vlozheniem.pdf: в PDF вложены файлы"),
    "untagged": (lambda f: add_pdf(f, "bez-tegov.pdf", _pdf("<h1>Практика</h1><p>Текст.</p>", tagged=False),
                                   "bez-tegov", "Без тегов"), "bez-tegov.pdf: PDF без тегов"),
    "not-json": (lambda f: {**f, "manifest.json": b"{\"year\": "}, "manifest.json:1:10: не JSON"),
}
ZIP_CASES = {
    "zip-slip": ([zipfile.ZipInfo("../../evil.pdf")], "запись архива «../../evil.pdf» выходит за пределы папки"),
    "zip-link": ([_link("link.pdf")], "запись архива «link.pdf» — символическая ссылка"),
}


@pytest.fixture(scope="module")
def refused(tmp_path_factory, schools, gym_site) -> tuple[Path, str, dict]:  # noqa: F811
    root = tmp_path_factory.mktemp("refusals") / "region"
    files = package_files(schools["sosh7"])
    entries = [("gym3", "svetloborsk", [gym_manifest_url(gym_site)])]
    for sid, (make, _) in CASES.items():
        write_zip(root / "inbox" / sid / f"rnc-{YEAR}.zip", make(dict(files)))
        entries.append((sid, "zarechny", [f"inbox/{sid}/rnc-{YEAR}.zip"]))
    for sid, (extra, _) in ZIP_CASES.items():
        write_zip(root / "inbox" / sid / f"rnc-{YEAR}.zip", files, extra)
        entries.append((sid, "zarechny", [f"inbox/{sid}/rnc-{YEAR}.zip"]))
    # a year that does not match the package's name; a folder package; an unreachable and a missing URL
    write_zip(root / "inbox/year/rnc-2024-2025.zip", files)
    shutil.copytree(schools["sosh7"] / "dist" / YEAR / "rnc", root / "inbox/folder")
    (root / "inbox/folder" / manifest_of(files)["practices"][1]["file"]).write_bytes(b"%PDF-1.7 changed")
    entries += [("year", "zarechny", ["inbox/year/rnc-2024-2025.zip"]),
                ("folder", "zarechny", ["inbox/folder"]),
                ("offline", "zarechny", ["http://127.0.0.1:9/years/2025-2026/rnc/manifest.json"]),
                ("gone", "zarechny", [f"{gym_site}/years/2019-2020/rnc/manifest.json"]),
                ("outside", "zarechny", ["../secret.zip"])]
    region_yaml(root, entries)
    code, output = region_build(root)
    return root, output, {"code": code}


OTHER = {
    "year": "«2025-2026», а пакет назван годом «2024-2025»",
    "folder": "контрольная сумма sha256 не совпадает",
    "offline": "адрес недоступен (соединение отклонено); попыток: 3",
    "gone": "сервер ответил 404",
    "outside": "«../secret.zip» — путь вне репозитория региона",
}
ALL = {**{k: v[1] for k, v in CASES.items()}, **{k: v[1] for k, v in ZIP_CASES.items()}, **OTHER}


@pytest.mark.parametrize("school,reason", sorted(ALL.items()), ids=sorted(ALL))
def test_bad_package_is_refused_with_its_reason_and_nothing_of_it_is_published(refused, school, reason):
    root, output, result = refused
    assert result["code"] == 0, output  # without --strict the rest is published
    lines = [line for line in output.splitlines() if line.startswith(f"ошибка: отклонён: школа {school}, ")
             or line.startswith(f"отклонён: школа {school}, ")]
    assert any(reason in line for line in lines), (reason, lines or output[-3000:])
    assert not (root / "site/schools" / school).exists()
    assert not (root / "site/files" / school).exists()
    assert not (root / "accepted" / school).exists()
    intake = json.loads((root / "dist/intake.json").read_text(encoding="utf-8"))
    mine = [p for p in intake["packages"] if p["school"] == school]
    assert mine and not mine[0]["accepted"] and any(reason in r for r in mine[0]["reasons"])


@pytest.mark.parametrize("school", ["phone-in-xmp", "email-in-xmp"])
def test_a_contact_in_the_xmp_is_the_only_reason(refused, school):
    """The rewritten PDF is true to its manifest, tagged, with its fonts: only its XMP refuses it (and
    Acrobat's dates and document ids beside the contact are no phone numbers)."""
    intake = json.loads((refused[0] / "dist/intake.json").read_text(encoding="utf-8"))
    reasons = [r for p in intake["packages"] if p["school"] == school for r in p["reasons"]]
    assert len(reasons) == 1 and ALL[school] in reasons[0], reasons


def test_every_other_school_is_published(refused):
    root, output, _ = refused
    assert (root / "site/schools/gym3/index.html").is_file()
    catalogue = json.loads((root / "site/catalogue.json").read_text(encoding="utf-8"))
    assert {p["school"] for p in catalogue["practices"]} == {"gym3"}
    assert f"Пакетов принято: 1, отклонено: {len(ALL)}." in output
    assert "Traceback" not in output


def test_strict_fails_on_a_refusal_and_publishes_nothing(tmp_path, schools):  # noqa: F811
    files = package_files(schools["sosh7"])
    write_zip(tmp_path / "inbox/bad/rnc-2025-2026.zip", _changed(files, _first("sha256", "1" * 64)))
    region_yaml(tmp_path, [("bad", "zarechny", ["inbox/bad/rnc-2025-2026.zip"])])
    code, output = region_build(tmp_path, "--strict")
    assert code == 1, output
    assert "контрольная сумма sha256 не совпадает" in output
    assert not (tmp_path / "site").exists() and not (tmp_path / "accepted").exists()


def test_the_cache_asks_again_and_a_known_pdf_is_not_fetched_twice(tmp_path, gymnasium):  # noqa: F811
    requests: list[str] = []
    import http.server

    base, server = serve(gymnasium / "site")
    handler = server.RequestHandlerClass
    original = handler.func.do_GET  # type: ignore[attr-defined]

    def counting(self):  # type: ignore[no-untyped-def]
        requests.append(self.path)
        return original(self)

    handler.func.do_GET = counting  # type: ignore[attr-defined]
    try:
        region_yaml(tmp_path, [("gym3", "svetloborsk", [gym_manifest_url(base)])])
        assert region_build(tmp_path)[0] == 0
        first = list(requests)
        requests.clear()
        assert region_build(tmp_path)[0] == 0
    finally:
        handler.func.do_GET = original  # type: ignore[attr-defined]
        server.shutdown()
    assert sum(p.endswith(".pdf") for p in first) == 2
    assert requests == [f"/years/{YEAR}/rnc/manifest.json"], requests  # the PDFs come from the content-keyed cache
    del http
