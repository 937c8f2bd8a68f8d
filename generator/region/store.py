"""The centre's record of accepted packages: ``accepted/SCHOOL/YEAR/`` holds a package byte for byte
(its manifest as received, its PDFs) and ``received.json``, the date each practice was first
accepted (the RSS's dates).

A package accepted by this build waits in ``.build/region/incoming/`` and moves into ``accepted/``
only once the site built from it is published, so a build that fails or is stopped (or ``--strict``
with a refusal) leaves ``accepted/`` as it was. A package equal to the one already accepted is not
written again, so its PDFs — linked into the site — keep their files and times.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from .config import SchoolEntry

ACCEPTED = "accepted"
INCOMING = Path(".build") / "region" / "incoming"
RECEIVED = "received.json"
SOURCE = "source.json"  # the fingerprint of the package as it came (see fetch.Package)
_YEAR = re.compile(r"\d{4}-\d{4}")


def received(folder: Path) -> dict[str, str]:
    """``received.json`` of a kept package (empty when there is none or it is not ours)."""
    try:
        data = json.loads((folder / RECEIVED).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _same(folder: Path, raw: bytes, files: dict[str, bytes]) -> bool:
    """Whether ``folder`` already holds this very package: the same manifest (which names every PDF's
    sha256, checked against ``files``) and each PDF there in full. ``accepted/`` is the centre's own
    record, written only here: its files are not hashed again on every build."""
    try:
        if (folder / "manifest.json").read_bytes() != raw:
            return False
        return all((folder / name).stat().st_size == len(data) for name, data in files.items())
    except OSError:
        return False


def unchanged(root: Path, school: str, spec: str, fingerprint: str | None, raw: bytes) -> bool:
    """Whether the package is the one accepted before from the same place: the same fingerprint and
    manifest. It is then not checked again (it passed every check with these very bytes)."""
    if fingerprint is None:
        return False
    try:
        year = json.loads(raw)["year"]
        if not isinstance(year, str) or not _YEAR.fullmatch(year):
            return False
    except (ValueError, TypeError, KeyError):
        return False  # not even a manifest: the checks say what is wrong
    folder = root / ACCEPTED / school / year
    try:
        source = json.loads((folder / SOURCE).read_text(encoding="utf-8"))
        return source == {"spec": spec, "fingerprint": fingerprint} and (folder / "manifest.json").read_bytes() == raw
    except (OSError, ValueError):
        return False


def keep(root: Path, school: str, manifest: dict[str, Any], raw: bytes, files: dict[str, bytes], today: str,
         spec: str = "", fingerprint: str | None = None) -> None:
    """Put the checked package (its manifest as received, its PDFs' bytes) into ``incoming/``, unless it
    is the one already accepted; written into a folder of its own first, renamed when whole."""
    year = manifest["year"]
    accepted = root / ACCEPTED / school / year
    source = json.dumps({"spec": spec, "fingerprint": fingerprint}, ensure_ascii=False).encode()
    if _same(accepted, raw, files):
        if fingerprint is not None and _read(accepted / SOURCE) != source:
            _write(accepted / SOURCE, source)  # the same package from another zip or address: noted
        return
    work = root / INCOMING / f".{school}.{year}.{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / SOURCE).write_bytes(source)
    for name, data in files.items():
        (work / name).write_bytes(data)
    (work / "manifest.json").write_bytes(raw)
    before = received(accepted)
    dates = {p["id"]: before.get(p["id"], today) for p in manifest["practices"]}
    (work / RECEIVED).write_text(json.dumps(dates, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    target = root / INCOMING / school / year
    if target.exists():  # two packages of one school for one year: the later one in region.yaml wins
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(work), str(target))


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def clear_incoming(root: Path) -> None:
    """Forget packages a failed or stopped build left waiting."""
    shutil.rmtree(root / INCOMING, ignore_errors=True)


def commit_incoming(root: Path) -> None:
    """Move each waiting package into ``accepted/``, replacing that school's package of that year."""
    incoming = root / INCOMING
    if not incoming.is_dir():
        return
    for school in sorted(p for p in incoming.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for year in sorted(p for p in school.iterdir() if p.is_dir()):
            target = root / ACCEPTED / school.name / year.name
            target.parent.mkdir(parents=True, exist_ok=True)
            old = target.with_name(f".{year.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            year.rename(target)
            shutil.rmtree(old, ignore_errors=True)
    clear_incoming(root)


def kept_packages(root: Path, schools: list[SchoolEntry]) -> list[tuple[SchoolEntry, Path, dict[str, Any]]]:
    """Every package of the listed schools — accepted before, or by this build (``incoming/`` wins):
    (school, its folder, manifest with ``_received``), oldest year first."""
    found = []
    for school in schools:
        years: dict[str, Path] = {}
        for base in (root / ACCEPTED / school.id, root / INCOMING / school.id):
            if base.is_dir():
                years.update({p.name: p for p in base.iterdir() if p.is_dir() and _YEAR.fullmatch(p.name)})
        for year in sorted(years):
            folder = years[year]
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            manifest["_received"] = received(folder)
            found.append((school, folder, manifest))
    return found
