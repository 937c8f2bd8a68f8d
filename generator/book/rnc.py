"""The package for the regional mentoring centre (РНЦ): a PDF per practice, a manifest, a zip.

Only approved practices with ``submit_to_rnc: true`` go in. The manifest follows
``schemas/rnc-manifest.schema.json`` so the centre can import it; the zip has fixed
timestamps so equal inputs give equal bytes.
"""
from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path

from .collection import Collection
from ..errors import Report
from .pdf import practice_job
from .partcache import PartCache
from .printjobs import render_all

MANIFEST_SCHEMA = "https://nastavnik-press.example/schemas/rnc-manifest-1.json"


def write_rnc_package(collection: Collection, root: Path, out: Path, build_date: date, report: Report,
                      cache_dir: Path) -> list[Path]:
    """Write ``out/<slug>.pdf``, ``out/manifest.json`` and ``out/rnc-<year>.zip``; returns the files.
    The practices' PDFs are rendered in parallel, and only those whose inputs changed."""
    out.mkdir(parents=True, exist_ok=True)
    entries, files = [], []
    jobs = [practice_job(collection, practice, root, build_date) for practice in collection.for_rnc]
    printed = render_all(jobs, cache_dir, "пакет для РНЦ")
    PartCache(cache_dir).prune({job.key for job in jobs})
    for practice, job, part in zip(collection.for_rnc, jobs, printed):
        part.report_warnings(report, job.label)
        data = part.data
        path = out / f"{practice.slug}.pdf"
        path.write_bytes(data)
        files.append(path)
        entries.append({
            "id": practice.slug,
            "title": practice.meta.title,
            "form": practice.meta.form,
            "subjects": practice.meta.subjects,
            "tags": practice.meta.tags,
            "summary": practice.meta.summary,
            "authors": [a.label for a in practice.authors],
            "file": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "pages": part.pages,
            "bytes": len(data),
        })
    school = collection.school
    manifest = {
        "$schema": MANIFEST_SCHEMA,
        "format_version": 1,
        "school": {"name": school.name, "short_name": school.short_name, "city": school.city,
                   "site_url": school.site_url, "email": school.email},
        "regional_centre": school.regional_centre.name,
        "year": collection.year,
        "generated": build_date.isoformat(),
        "practices": entries,
    }
    manifest_path = out / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files.append(manifest_path)
    zip_path = out / f"rnc-{collection.year}.zip"
    stamp = (max(build_date.year, 1980), build_date.month, build_date.day, 0, 0, 0)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.name, date_time=stamp)
            # PDFs are compressed inside already: deflating them again costs time and saves nothing.
            info.compress_type = zipfile.ZIP_STORED if path.suffix == ".pdf" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return files + [zip_path]
