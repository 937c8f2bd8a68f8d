"""The web form for editors at ``/admin/``: a Decap CMS configuration made from the models.

Fields, required flags and the lists of forms, rubrics, years, pairs and events come from the
same models and data the generator validates, so the form cannot drift from the contract. The
configuration is public (it is a file of the site), so it holds no personal data: the authors of
a practice are chosen by name from ``participants.yaml``, which the form reads through the signed-in
git backend, never from the public file. That file is no collection of the form: a hidden lookup
(``hide: true``, only ``id`` and ``name``, no create or delete; ``admin/index.html`` turns its
address away) feeds the authors' picker, so consent dates and agreements are never shown or edited.
A teacher's entry is a draft or «на проверке»: «одобрено» is set by the curator when merging.
"""
from __future__ import annotations

import copy
import os
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..render import escape_text
from ..model.content_models import PASSPORT_SECTIONS, MaterialMeta, NewsMeta, PracticeMeta
from ..model.data_models import CmsSettings
from ..model.loader import Project
from ..model.schemas import FIELD_DOCS

CMS_DIST = Path("node_modules/decap-cms/dist")
PROXY_PORT_ENV = "CMS_PROXY_PORT"  # set by scripts/cms-local.sh for decap-server and the preview
# How each contract field is edited; fields not named here get a widget from their type.
WIDGETS: dict[str, dict[str, Any]] = {
    "summary": {"widget": "text"},
    "subjects": {"widget": "list", "allow_add": True},
    "tags": {"widget": "list", "allow_add": True},
    "cover": {"widget": "image", "media_folder": "/content/files/practices", "public_folder": "practices"},
    "image": {"widget": "image", "media_folder": "/content/files/news", "public_folder": "news"},
    # Files are uploaded into content/files/<kind>/ and stored as paths relative to content/files/.
    "attachments": {"widget": "list", "field": {"label": "Файл", "name": "file", "widget": "file"}},
}
PASSPORT_TEMPLATE = "".join(f"## {title}\n\n\n\n" for title in PASSPORT_SECTIONS)
OPTION_LABELS = {"draft": "черновик", "review": "на проверке у куратора",
                 "networking": "нетворкинг", "business_game": "деловая игра", "training": "обучение наставников",
                 "presentation": "презентация общей встречи", "mentor": "наставник", "mentee": "наставляемый",
                 "curator": "куратор", "expert": "эксперт"}
SLUG_TEMPLATES = {"practices": "praktika-{{year}}{{month}}{{day}}-{{hour}}{{minute}}",
                  "news": "novost-{{year}}{{month}}{{day}}-{{hour}}{{minute}}",
                  "materials": "material-{{year}}{{month}}{{day}}-{{hour}}{{minute}}"}
LABELS = {"practices": ("Лучшие практики", "практику"), "news": ("Новости рубрик", "новость"),
          "materials": ("Материалы мероприятий", "материал")}
MODELS: dict[str, type[BaseModel]] = {"practices": PracticeMeta, "news": NewsMeta, "materials": MaterialMeta}
# Approval is the curator's merge, not a choice in the form: a practice that is already approved
# keeps its value (Decap leaves a value outside the options as it is) until someone picks another.
FORM_STATUSES = ["draft", "review"]
STATUS_HINT = "«Одобрено (публикуется)» ставит куратор, когда принимает заявку; из формы — черновик или на проверку"
AUTHORS = "authors"  # the hidden lookup of participants' ids and names (never a collection one can open)


def _label(name: str) -> tuple[str, str | None]:
    doc = FIELD_DOCS.get(name, name)
    return (doc, None) if isinstance(doc, str) else doc


def _options(annotation: Any) -> list[str] | None:
    """Values of a ``Literal`` field, also inside ``list[...]`` and ``... | None``."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = _options(arg)
        if found:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list or any(typing.get_origin(a) is list
                                                          for a in typing.get_args(annotation))


def _widget_for(name: str, info: FieldInfo) -> dict[str, Any]:
    annotation = info.annotation
    origin = typing.get_origin(annotation)
    if name in WIDGETS:
        return copy.deepcopy(WIDGETS[name])
    options = _options(annotation)
    if options:
        field: dict[str, Any] = {"widget": "select", "options": [
            {"label": OPTION_LABELS[o], "value": o} if o in OPTION_LABELS else o for o in options]}
        if _is_list(annotation):
            field["multiple"] = True
        return field
    if annotation is bool:
        return {"widget": "boolean", "default": bool(info.default)}
    if "date" in str(annotation):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD.MM.YYYY", "time_format": False}
    if annotation is int:
        return {"widget": "number", "value_type": "int"}
    if origin is list:
        return {"widget": "list"}
    return {"widget": "string"}


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def model_fields(model: type[BaseModel], choices: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Decap fields for every field of ``model``, nested models as objects (so a save loses nothing)."""
    return [field_config(name, info, choices) for name, info in model.model_fields.items()]


def field_config(name: str, info: FieldInfo, choices: dict[str, list[str]]) -> dict[str, Any]:
    """One Decap field for one model field; ``choices`` gives options known from the data."""
    label, hint = _label(info.alias or name)
    nested = _nested_model(info.annotation)
    if nested is not None and typing.get_origin(info.annotation) is not list:
        widget: dict[str, Any] = {"widget": "object", "collapsed": True, "fields": model_fields(nested, choices)}
    else:
        widget = _widget_for(name, info)
    field = {"label": label, "name": info.alias or name, **widget}
    if name in choices:
        field.update({"widget": "select", "options": choices[name]})
        if typing.get_origin(info.annotation) is list:
            field["multiple"] = True
    if hint:
        field["hint"] = hint
    if not info.is_required():
        field["required"] = False
        if isinstance(info.default, (str, int)) and not isinstance(info.default, bool) and info.default != "":
            field["default"] = info.default
    return field


def _authors_field(year: str) -> dict[str, Any]:
    return {"label": "Авторы", "name": "authors", "widget": "relation", "collection": AUTHORS,
            "file": f"{AUTHORS}-{year}", "multiple": True, "value_field": "participants.*.id",
            "search_fields": ["participants.*.name", "participants.*.id"],
            "display_fields": ["participants.*.name", "participants.*.id"],
            "hint": "Начните вводить фамилию. Имя автора появится на сайте, только если он дал согласие "
                    "на публикацию имени"}


def _authors_lookup(years: list[str]) -> dict[str, Any]:
    """The participants files as the authors' picker reads them: ids and names only, never shown."""
    return {"name": AUTHORS, "label": "Авторы", "hide": True, "create": False, "delete": False,
            "editor": {"preview": False},
            "files": [{"name": f"{AUTHORS}-{y}", "label": y, "file": f"data/{y}/participants.yaml",
                       "fields": [{"label": "Участники", "name": "participants", "widget": "list",
                                   "fields": [{"label": "Идентификатор", "name": "id", "widget": "string"},
                                              {"label": "ФИО", "name": "name", "widget": "string"}]}]}
                      for y in years]}


def cms_backend(cms: CmsSettings | None) -> dict[str, Any]:
    """Decap's ``backend``: the school's repository and its own login (no Netlify, no third party)."""
    if cms is None:  # a school that has not set the form up: only the local proxy (cms-local.sh), no host
        return {"name": "proxy", "proxy_url": local_backend()["url"], "branch": "main"}
    backend: dict[str, Any] = {"name": cms.backend, "repo": cms.repo, "branch": cms.branch}
    for key in ("auth_type", "app_id", "base_url", "api_root", "auth_endpoint"):
        if getattr(cms, key) is not None:
            backend[key] = getattr(cms, key)
    if cms.backend == "gitlab" and cms.base_url and not cms.api_root:
        backend["api_root"] = f"{cms.base_url}/api/v4"  # the school's own GitLab, not gitlab.com
    return backend


def local_backend() -> dict[str, Any]:
    """Decap's local proxy (``scripts/cms-local.sh``): used only when the form is opened from this
    computer; the port is the proxy's (``CMS_PROXY_PORT``, 8081 unless the script was told another)."""
    port = os.environ.get(PROXY_PORT_ENV, "").strip()
    port = port if port.isdigit() and 0 < int(port) < 65536 else "8081"
    return {"url": f"http://127.0.0.1:{port}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]}


def cms_config(project: Project) -> dict[str, Any]:
    """The whole ``admin/config.yml`` for this school."""
    school = project.school.model  # type: ignore[union-attr]
    year = school.current_year
    data = project.years.get(year)
    choices = {
        "year": sorted(project.years, reverse=True),
        "rubric": [r.id for r in school.rubrics],
        "pair": [p.id for p in data.pairs.model.pairs] if data and data.pairs else [],
        "event": [e.id for e in data.events.model.events] if data and data.events else [],
    }
    collections: list[dict[str, Any]] = []
    for kind, model in MODELS.items():
        fields = [_authors_field(year) if name == "authors" else field_config(name, info, choices)
                  for name, info in model.model_fields.items()]
        for field in fields:
            if field["name"] == "year":
                field["default"] = year  # a new practice or material belongs to the current year
            if field["name"] == "attachments":
                field["field"].update(media_folder=f"/content/files/{kind}", public_folder=kind)
            if field["name"] == "status":
                field.update(options=[{"label": OPTION_LABELS[o], "value": o} for o in FORM_STATUSES],
                             hint=STATUS_HINT)
        body: dict[str, Any] = {"label": "Текст", "name": "body", "widget": "markdown"}
        if kind == "practices":  # the passport's sections, ready to be filled in
            body.update(default=PASSPORT_TEMPLATE, hint="Заполните шесть разделов паспорта практики")
        fields.append(body)
        label, singular = LABELS[kind]
        collections.append({"name": kind, "label": label, "label_singular": singular, "folder": f"content/{kind}",
                            "create": True, "extension": "md", "format": "frontmatter", "slug": SLUG_TEMPLATES[kind],
                            "summary": "{{title}}", "fields": fields})
    collections.append(_authors_lookup(sorted(project.years, reverse=True)))
    return {"backend": cms_backend(school.cms), "local_backend": local_backend(), "publish_mode": "editorial_workflow", "locale": "ru",
            "site_url": school.site_url, "display_url": school.site_url, "media_folder": "content/files/uploads",
            "public_folder": "../files/uploads", "collections": collections}


class _NoAliases(yaml.SafeDumper):
    """Repeated lists are written out in full: the form's config stays readable."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


ADMIN_HTML = r"""<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>Редактор материалов — {name}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <script>
    // The authors' picker reads participants.yaml through a hidden collection; its own page (where
    // the file could be opened) is turned away, so the form never shows the participants' data.
    function nastavnikAway() {
      if (/^#\/(collections|edit)\/authors(\/|$)/.test(location.hash)) { location.replace("#/"); }
    }
    window.addEventListener("hashchange", nastavnikAway);
    nastavnikAway();
  </script>
  <script src="decap-cms.js"></script>
</body>
</html>
"""


def admin_files(project: Project) -> dict[str, str]:
    """``admin/index.html`` and ``admin/config.yml`` for the site tree."""
    config = yaml.dump(cms_config(project), Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120)
    school = project.school.model  # type: ignore[union-attr]
    return {"admin/index.html": ADMIN_HTML.replace("{name}", escape_text(school.short_name)),
            "admin/config.yml": "# Сгенерировано nastavnik-press из моделей и data/; не редактируйте.\n" + config}


def cms_scripts(root: Path) -> list[Path]:
    """Decap CMS files installed by npm (``npm ci``); empty when they are not installed."""
    dist = root / CMS_DIST
    if not (dist / "decap-cms.js").is_file():
        return []
    return sorted(p for p in dist.iterdir() if p.is_file() and (p.name.endswith("decap-cms.js") or p.suffix == ".wasm"))
