"""Shared by the region tests: the two sample schools built once, a school's site served over HTTP on
127.0.0.1, and regional repositories made of their packages (good ones and deliberately bad ones)."""
from __future__ import annotations

import functools
import hashlib
import http.server
import io
import json
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE_BUILD_DATE, make_project, run

YEAR = "2025-2026"
BUILD_DATE = "2026-06-01"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def gymnasium(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second sample school, built once."""
    root = make_project(tmp_path_factory.mktemp("gymnasium"), sample="gymnasium")
    code, output = run(root, "build", "--build-date", EXAMPLE_BUILD_DATE)
    assert code == 0, output
    return root


@pytest.fixture(scope="session")
def schools(example_site: tuple[Path, str], gymnasium: Path) -> dict[str, Path]:
    return {"sosh7": example_site[0], "gym3": gymnasium}


class _Slow(_Quiet):
    delay = 0.0

    def do_GET(self) -> None:  # a school's server on a slow line
        time.sleep(self.delay)
        super().do_GET()


def serve(folder: Path, delay: float = 0.0) -> tuple[str, http.server.ThreadingHTTPServer]:
    """``folder`` over HTTP on 127.0.0.1 (a free port), each answer ``delay`` seconds late; returns
    the base URL and the server."""
    handler = functools.partial(type("Slow", (_Slow,), {"delay": delay}) if delay else _Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def gym_site(gymnasium: Path):  # type: ignore[no-untyped-def]
    """The gymnasium's built site on 127.0.0.1, as the centre would reach it."""
    base, server = serve(gymnasium / "site")
    yield base
    server.shutdown()


def gym_manifest_url(base: str) -> str:
    """The URL the school's README tells it to send to the centre."""
    return f"{base}/years/{YEAR}/rnc/manifest.json"


def package_files(school: Path, year: str = YEAR) -> dict[str, bytes]:
    """A school's built RNC package (manifest.json and the PDFs) as name → bytes."""
    folder = school / "dist" / year / "rnc"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".json", ".pdf")}


def manifest_of(files: dict[str, bytes]) -> dict:
    return json.loads(files["manifest.json"])


def with_manifest(files: dict[str, bytes], manifest: dict) -> dict[str, bytes]:
    return {**files, "manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode()}


def add_pdf(files: dict[str, bytes], name: str, data: bytes, slug: str, title: str) -> dict[str, bytes]:
    """``files`` with one more practice whose PDF is ``data`` (its manifest entry true to the bytes)."""
    from pypdf import PdfReader

    manifest = manifest_of(files)
    entry = dict(manifest["practices"][0], id=slug, title=title, file=name, bytes=len(data),
                 sha256=hashlib.sha256(data).hexdigest(), pages=len(PdfReader(io.BytesIO(data)).pages))
    manifest["practices"].append(entry)
    return with_manifest({**files, name: data}, manifest)


def write_zip(path: Path, files: dict[str, bytes], extra: list[zipfile.ZipInfo] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for info in extra or []:
            archive.writestr(info, b"../../etc/passwd" if info.external_attr >> 28 == 0o12 else b"x")


def region_yaml(root: Path, schools: list[tuple[str, str, list[str]]]) -> None:
    """``root/region.yaml`` with two municipalities and ``(id, municipality, packages)`` schools."""
    lines = ["name: Региональный наставнический центр Заречной области", "short_name: РНЦ Заречной области",
             "site_url: https://rnc.example.ru/", "email: rnc@zarechny-edu.example.ru", "municipalities:",
             "  - {id: zarechny, title: Заречный городской округ}",
             "  - {id: svetloborsk, title: Светлоборский муниципальный округ}", "schools:"]
    for sid, place, packages in schools:
        lines.append(f"  - id: {sid}\n    municipality: {place}\n    packages: {json.dumps(packages)}")
    root.mkdir(parents=True, exist_ok=True)
    (root / "region.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def good_region(root: Path, schools: dict[str, Path], gym_base: str, selection: bool = False) -> Path:
    """The example school from a zip in inbox/ (both its years) and the gymnasium over HTTP."""
    for year in (YEAR, "2024-2025"):
        shutil.copy(schools["sosh7"] / "dist" / year / "rnc" / f"rnc-{year}.zip",
                    _mkdir(root / "inbox" / "sosh7") / f"rnc-{year}.zip")
    region_yaml(root, [("sosh7", "zarechny", [f"inbox/sosh7/rnc-{YEAR}.zip", "inbox/sosh7/rnc-2024-2025.zip"]),
                       ("gym3", "svetloborsk", [gym_manifest_url(gym_base)])])
    if selection:
        (root / "selection.yaml").write_text(
            f"year: {YEAR}\npractices:\n  - {{school: gym3, practice: klub-otkrytyy-mikrofon}}\n"
            "  - {school: sosh7, practice: tehnologicheskaya-karta-uroka}\n"
            "  - {school: sosh7, practice: laboratornyj-praktikum-fizika}\n", encoding="utf-8")
    return root


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def region_build(root: Path, *args: str) -> tuple[int, str]:
    return run(root, "region", "build", "--build-date", BUILD_DATE, *args)
