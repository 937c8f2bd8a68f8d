"""The second sample school, tests/samples/gymnasium, built end to end once.

The gymnasium was written independently of the bundled example school (content/ and data/ at the
repository root), so anything of the example that reaches the gymnasium's site, collection PDF or
RNC package was carried over by the tool, not by the school's own files. The example's distinctive
words (its city, «СОШ № 7», its head's and participants' surnames) are read from the repository's
data/ here, so the test follows the example when it changes.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_BUILD_DATE, REPO, SAMPLES, make_project, run
from generator.privacy.searchtext import SUFFIXES as SEARCH_SUFFIXES, search_index_text

SAMPLE = SAMPLES / "gymnasium"
YEARS = ("2024-2025", "2025-2026")
TEXT_SUFFIXES = {".html", ".json", ".xml", ".txt", ".csv", ".svg", ".yml", ".yaml", ".md"}
# Endings of a Russian surname or adjective in any case, after the stem (see _stem).
ENDINGS = "(?:а|у|е|ы|ой|ою|ом|ым|ых|ыми|ый|ая|ого|ому)?"


def _yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _stem(word: str) -> str:
    """«Андреева» → «Андреев», «Заречный» → «Заречн»: the part every case form starts with."""
    for tail in ("ый", "ий", "ая", "а"):
        if word.endswith(tail):
            return word[: -len(tail)]
    return word


def _forms(word: str) -> re.Pattern[str]:
    """A word in any case, as a whole word (so «Андреева» does not match «Андреевна»)."""
    return re.compile(rf"(?<!\w){re.escape(_stem(word))}{ENDINGS}(?!\w)")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))


def _surname(full_name: str) -> str:
    return full_name.split()[0]


def _sample_text() -> str:
    """Everything the gymnasium's own files say (front matter, bodies, data)."""
    files = [*SAMPLE.joinpath("content").rglob("*.md"), *SAMPLE.joinpath("data").rglob("*.yaml"),
             *SAMPLE.joinpath("data").rglob("*.txt")]
    return _normal("\n".join(p.read_text(encoding="utf-8") for p in files))


def example_patterns() -> dict[str, re.Pattern[str]]:
    """The bundled example school's distinctive words, minus those the gymnasium uses itself."""
    school = _yaml(REPO / "data" / "school.yaml")
    found: dict[str, re.Pattern[str]] = {
        school["city"]: _forms(school["city"]),
        "СОШ № 7": re.compile(r"СОШ\s*№\s*7(?!\d)"),
        "школа № 7": re.compile(r"школа»?\s*№\s*7(?!\d)", re.I),
    }
    for key in ("site_url", "email"):
        host = re.sub(r"^https?://|/$", "", school[key]).split("@")[-1]
        found[host] = re.compile(re.escape(host), re.I)
    names = [school["head"]["name"]]
    for path in sorted((REPO / "data").glob("*/participants.yaml")):
        names += [p["name"] for p in _yaml(path)["participants"]]
    for name in names:
        found[_surname(name)] = _forms(_surname(name))
    own = _sample_text()
    return {word: pattern for word, pattern in found.items() if not pattern.search(own)}


def hidden_surnames() -> set[str]:
    """Surnames of the gymnasium's participants whose name may not be published (152-FZ):
    no consent to processing, consent withdrawn, or «name» not among the published categories.
    Written out here rather than taken from the generator, so that a wrong rule there is caught."""
    hidden = set()
    for year in YEARS:
        for person in _yaml(SAMPLE / "data" / year / "participants.yaml")["participants"]:
            consent = person.get("consent") or {}
            if not consent.get("processing") or consent.get("withdrawn") \
                    or "name" not in (consent.get("publication") or []):
                hidden.add(_surname(person["name"]))
    return hidden


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDFs"
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return _normal(out.stdout.decode("utf-8"))


def markup_text(raw: str) -> str:
    """What a visitor reads on a page: text and the alt/title/aria-label attributes."""
    raw = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", raw, flags=re.S | re.I)
    attrs = re.findall(r"""\s(?:alt|title|aria-label)\s*=\s*"([^"]*)\"""", raw)
    return _normal(html.unescape(re.sub(r"<[^>]*>", " ", raw) + " " + " ".join(attrs)))


@pytest.fixture(scope="module")
def gymnasium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    root = make_project(tmp_path_factory.mktemp("gymnasium"), sample="gymnasium")
    code, output = run(root, "build", "--build-date", EXAMPLE_BUILD_DATE)
    return root, code, output


@pytest.fixture(scope="module")
def built(gymnasium: tuple[Path, int, str]) -> Path:
    root, code, output = gymnasium
    assert code == 0, output
    return root


@pytest.fixture(scope="module")
def public_texts(built: Path) -> dict[str, str]:
    """Every public output's readable text by path: site/ (pages, search index, attachments) and
    dist/YEAR/ (collection, RNC PDFs and manifest, VK drafts), never dist/YEAR/internal/."""
    texts: dict[str, str] = {}
    for base in ("site", "dist"):
        for path in sorted((built / base).rglob("*")):
            rel = path.relative_to(built).as_posix()
            if not path.is_file() or "/internal/" in rel:
                continue
            if path.suffix == ".pdf":
                texts[rel] = pdf_text(path)
            elif path.suffix in (".html", ".svg"):
                texts[rel] = markup_text(path.read_text(encoding="utf-8"))
            elif path.suffix == ".json":
                texts[rel] = _normal(json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False))
            elif path.suffix in TEXT_SUFFIXES:
                texts[rel] = _normal(path.read_text(encoding="utf-8"))
            elif path.suffix in SEARCH_SUFFIXES:  # the search index: every fragment and chunk, unpacked
                texts[rel] = _normal(search_index_text(path.read_bytes()))
    return texts


def _school() -> dict:
    return _yaml(SAMPLE / "data" / "school.yaml")


def test_the_sample_builds_without_errors(gymnasium: tuple[Path, int, str]) -> None:
    root, code, output = gymnasium
    assert code == 0, output
    assert "ошибок: 0" in output, output
    for year in YEARS:
        assert (root / "dist" / year / "collection.pdf").is_file(), output
        assert (root / "dist" / year / "rnc" / "manifest.json").is_file(), output


def test_the_lists_of_words_are_not_empty() -> None:
    # Guards the other tests against passing because a list came out empty.
    assert len(example_patterns()) >= 15, sorted(example_patterns())
    assert {"Заречный", "СОШ № 7"} <= set(example_patterns())
    assert len(hidden_surnames()) >= 4, hidden_surnames()


def test_pages_search_index_pdf_and_manifest_name_the_gymnasium(built: Path, public_texts: dict[str, str]) -> None:
    short = _normal(_school()["short_name"])
    home = public_texts["site/index.html"]
    assert "Гимназия № 3" in home and "Светлоборск" in home
    assert "Гимназия № 3" in "\n".join(t for rel, t in public_texts.items() if rel.startswith("site/pagefind/"))
    for year in YEARS:
        collection = public_texts[f"dist/{year}/collection.pdf"]
        assert "Гимназия № 3" in collection and "Светлоборск" in collection, year
        manifest = json.loads((built / "dist" / year / "rnc" / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["school"]["name"] == _school()["name"]
        assert manifest["school"]["short_name"] == short
        assert manifest["school"]["email"] == _school()["email"]
        assert manifest["year"] == year


def test_no_output_carries_the_example_school(public_texts: dict[str, str]) -> None:
    patterns = example_patterns()
    leaks = []
    for rel, text in public_texts.items():
        leaks += [f"{rel}: {word} ({pattern.search(text).group(0)})"
                  for word, pattern in patterns.items() if pattern.search(text)]
    assert not leaks, "\n".join(leaks[:30])


def test_the_site_header_names_the_gymnasium(built: Path) -> None:
    index = (built / "site" / "index.html").read_text(encoding="utf-8")
    title = _normal(html.unescape(re.search(r"<title>(.*?)</title>", index, re.S).group(1)))
    assert "Гимназия № 3" in title or "Светлоборск" in title, title
    patterns = example_patterns()
    for page in sorted((built / "site").rglob("*.html")):
        raw = _normal(html.unescape(page.read_text(encoding="utf-8")))
        found = [word for word, pattern in patterns.items() if pattern.search(raw)]
        assert not found, f"{page.relative_to(built)}: {found}"


def test_both_years_are_in_the_archive(built: Path, public_texts: dict[str, str]) -> None:
    archive = (built / "site" / "archive" / "index.html").read_text(encoding="utf-8")
    for year in YEARS:
        assert f"years/{year}/" in archive, year
        assert year.replace("-", "–") in public_texts["site/archive/index.html"], year
        for page in ("results", "roadmap", "content-plan", "collection"):
            assert (built / "site" / "years" / year / page / "index.html").is_file(), (year, page)
    # The archive year keeps its own practices: the collection of 2024-2025 has them, 2025-2026 not.
    old, new = public_texts["dist/2024-2025/collection.pdf"], public_texts["dist/2025-2026/collection.pdf"]
    assert "Лабораторная мастерская" in old and "Лабораторная мастерская" not in new
    assert "Открытый микрофон" in new


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def test_the_rnc_packages_hold_the_approved_practices_sent_to_the_centre(built: Path) -> None:
    for year in YEARS:
        expected = sorted(p.stem for p in (SAMPLE / "content" / "practices").glob("*.md")
                          if (meta := _front_matter(p))["year"] == year and meta.get("status") == "approved"
                          and meta.get("submit_to_rnc"))
        manifest = json.loads((built / "dist" / year / "rnc" / "manifest.json").read_text(encoding="utf-8"))
        assert sorted(p["id"] for p in manifest["practices"]) == expected, year
        assert date.fromisoformat(manifest["generated"]) == date.fromisoformat(EXAMPLE_BUILD_DATE)
    assert len(expected) >= 2


def test_non_consented_participants_are_named_nowhere_public(built: Path, public_texts: dict[str, str]) -> None:
    hidden = {surname: _forms(surname) for surname in hidden_surnames()}
    leaks = [f"{rel}: {m.group(0)}" for rel, text in public_texts.items()
             for pattern in hidden.values() if (m := pattern.search(text))]
    assert not leaks, "\n".join(leaks)
    # The same search finds them where they belong: the internal registry is not public.
    registry = "\n".join(p.read_text(encoding="utf-8") for p in (built / "dist").glob("*/internal/*.csv"))
    assert all(pattern.search(registry) for pattern in hidden.values()), sorted(hidden)
    # A practice by a mentor without consent is signed by role, next to the co-author who consented.
    page = public_texts["site/practices/metodicheskaya-masterskaya/index.html"]
    assert "Носова Инна Григорьевна" in page and "наставник" in page
