"""The school's identity on the site: its name, description and copyright come from data/school.yaml.

``mkdocs.yml`` keeps what a school changes on purpose (palette, logo, features). MkDocs itself
requires a ``site_name`` there, so the file carries a neutral one (:data:`PLACEHOLDER`); both the
generated ``.build/mkdocs.yml`` and the hook of ``mkdocs build``/``mkdocs serve`` replace it with
the name made from school.yaml. A ``site_name`` in mkdocs.yml that names something else — the
bundled example's school copied along, say — is a warning of ``check`` at its line: it would never
show, and a reader of the file would believe it does.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import BuildError, Report
from ..model.data_models import School
from ..render import escape_text

PLACEHOLDER = "Наставничество педагогов"
_KEYS = ("site_name", "site_description", "copyright")


def site_identity(school: School) -> dict[str, str]:
    """``site_name``, ``site_description`` and ``copyright`` of the school's site."""
    return {
        "site_name": f"{PLACEHOLDER} — {school.short_name}",
        "site_description": (f"Целевая модель наставничества педагогов в {school.short_name}: события, "
                             "лучшие практики, итоги года"),
        "copyright": escape_text(f"© {school.name}"),  # Material prints it as HTML
    }


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for a few plain keys, ignoring ``!!python/…`` and ``!ENV`` tags."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_user_config(root: Path) -> dict[str, Any]:
    """The school's mkdocs.yml as plain data (tags dropped)."""
    path = root / "mkdocs.yml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"mkdocs.yml не читается: {exc}") from None
    return data if isinstance(data, dict) else {}


def site_settings(user: dict[str, Any], school: School) -> dict[str, Any]:
    """What the site takes from school.yaml: the identity always, the address unless mkdocs.yml sets it."""
    settings: dict[str, Any] = dict(site_identity(school))
    if not user.get("site_url"):
        settings["site_url"] = school.site_url
    return settings


def _position(text: str, key: str) -> tuple[int, int]:
    match = re.search(rf"^{key}\s*:", text, re.M)
    if not match:
        return (0, 0)
    return text.count("\n", 0, match.start()) + 1, 1


def check_identity(root: Path, user: dict[str, Any], school: School, report: Report) -> None:
    """Warn about a ``site_name``, ``site_description`` or ``copyright`` in mkdocs.yml that
    contradicts school.yaml (the placeholder and the school's own values are fine)."""
    own = site_identity(school)
    allowed = {
        "site_name": {PLACEHOLDER, own["site_name"]},
        "site_description": {own["site_description"]},
        "copyright": {own["copyright"], f"© {school.name}"},
    }
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return
    for key in _KEYS:
        value = user.get(key)
        if value is None or str(value).strip() in allowed[key]:
            continue
        hint = (f"удалите {key} или оставьте «{PLACEHOLDER}»" if key == "site_name"
                else f"удалите {key}")
        report.warning("mkdocs.yml", _position(text, key), key,
                       f"«{value}» не совпадает с данными школы: на сайте будет «{own[key]}» из "
                       f"data/school.yaml; ожидается, что mkdocs.yml не называет школу — {hint}")
