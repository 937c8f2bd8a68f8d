"""What ``region build`` writes besides the site: ``dist/intake.json`` and the readable
``dist/intake.md`` (for the centre, not published: a refusal quotes what was found), the regional
collection, and the staged site made ready to publish with unchanged pages keeping their times."""
from __future__ import annotations

import json
import logging
import os
from datetime import date
from pathlib import Path

from ..render import make_env
from .config import Region
from .intake import Outcome
from .site import TEMPLATES

log = logging.getLogger("nastavnik")


def intake_files(region: Region, outcomes: list[Outcome], build_date: date) -> dict[str, bytes]:
    """``intake.json`` and ``intake.md``: every package, accepted or refused with its reasons."""
    data = {"region": region.name, "date": build_date.isoformat(),
            "accepted": sum(o.accepted for o in outcomes), "refused": sum(not o.accepted for o in outcomes),
            "packages": [o.as_json() for o in outcomes]}
    text = make_env(TEMPLATES / "region").get_template("intake.md.j2").render(
        region=region, build_date=build_date, accepted=[o for o in outcomes if o.accepted],
        refused=[o for o in outcomes if not o.accepted])
    return {"intake.json": (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode(),
            "intake.md": text.encode()}


def log_intake(outcomes: list[Outcome]) -> None:
    """Tell the centre every refused package (one line per reason, its school and file) and the count."""
    refused = [o for o in outcomes if not o.accepted]
    for outcome in refused:
        for reason in outcome.reasons:
            log.error("отклонён: школа %s, %s: %s", outcome.school, outcome.source, reason)
    log.info("Пакетов принято: %d, отклонено: %d.", len(outcomes) - len(refused), len(refused))


def write_dist(root: Path, files: dict[str, bytes]) -> None:
    """Each file through a temporary one and a rename: a reader never sees one half-written."""
    folder = root / "dist"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(folder / name)
