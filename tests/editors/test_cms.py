"""The editors' web form (/admin/, Decap CMS) agrees with the models, so the two cannot drift."""
from __future__ import annotations

import typing

import pytest
import yaml
from pydantic import BaseModel

from conftest import REPO
from generator.editors.cms import MODELS, cms_config
from generator.errors import Report
from generator.model.loader import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(REPO, Report())


@pytest.fixture(scope="module")
def config(project):
    return cms_config(project)


def _options(field):
    return [o["value"] if isinstance(o, dict) else o for o in field["options"]]


def _literal(annotation):
    for arg in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(arg) is typing.Literal:
            return list(typing.get_args(arg))
    return None


def _agree(fields: list[dict], model: type[BaseModel]) -> None:
    by_name = {f["name"]: f for f in fields}
    assert set(by_name) == {info.alias or name for name, info in model.model_fields.items()}
    for name, info in model.model_fields.items():
        field = by_name[info.alias or name]
        assert field.get("required", True) == info.is_required(), name
        literal = _literal(info.annotation)
        if literal and field["widget"] == "select" and name != "status":
            assert _options(field) == literal, name
        if field["widget"] == "object":
            nested = next(a for a in (info.annotation, *typing.get_args(info.annotation))
                          if isinstance(a, type) and issubclass(a, BaseModel))
            _agree(field["fields"], nested)


@pytest.mark.parametrize("kind", list(MODELS))
def test_collection_fields_match_the_model(config, kind):
    collection = next(c for c in config["collections"] if c["name"] == kind)
    assert collection["folder"] == f"content/{kind}" and collection["format"] == "frontmatter"
    fields = [f for f in collection["fields"] if f["name"] != "body"]
    _agree(fields, MODELS[kind])
    body = collection["fields"][-1]
    assert (body["name"], body["widget"]) == ("body", "markdown")
    if kind == "practices":
        assert body["default"].startswith("## Актуальность")
    attachments = next((f for f in fields if f["name"] == "attachments"), None)
    if attachments:  # uploaded through the form, stored relative to content/files/
        assert attachments["field"]["widget"] == "file" and attachments["field"]["public_folder"] == kind


def test_lists_come_from_the_data(config, project):
    school = project.school.model
    year = project.years[school.current_year]
    fields = {(c["name"], f["name"]): f for c in config["collections"] if "fields" in c for f in c["fields"]}
    assert _options(fields["news", "rubric"]) == [r.id for r in school.rubrics]
    assert _options(fields["practices", "pair"]) == [p.id for p in year.pairs.model.pairs]
    assert _options(fields["materials", "event"]) == [e.id for e in year.events.model.events]
    assert _options(fields["practices", "year"]) == sorted(project.years, reverse=True)
    assert fields["practices", "year"]["default"] == school.current_year
    authors = fields["practices", "authors"]
    assert authors["widget"] == "relation" and authors["value_field"] == "participants.*.id"
    assert authors["file"] == f"authors-{school.current_year}"


def test_participants_are_no_collection_of_the_form(config, project):
    """The participants' files feed only the authors' picker: hidden, ids and names, nothing to create or
    delete; no consent date, agreement or other field of a participant is in the form."""
    visible = [c for c in config["collections"] if not c.get("hide")]
    assert {c["name"] for c in visible} == set(MODELS)
    assert all(c["folder"].startswith("content/") for c in visible)
    lookup = next(c for c in config["collections"] if c["name"] == "authors")
    assert lookup["hide"] is True and lookup["create"] is False and lookup["delete"] is False
    assert {f["file"] for f in lookup["files"]} == {f"data/{y}/participants.yaml" for y in project.years}
    for entry in lookup["files"]:
        people = next(f for f in entry["fields"] if f["name"] == "participants")
        assert [f["name"] for f in people["fields"]] == ["id", "name"]
    text = yaml.safe_dump(config, allow_unicode=True)
    for field in ("consent", "mentor_agreement", "processing", "withdrawn", "experience_years", "photo"):
        assert f"name: {field}\n" not in text, field


def test_authors_are_picked_by_name(config):
    practices = next(c for c in config["collections"] if c["name"] == "practices")
    authors = next(f for f in practices["fields"] if f["name"] == "authors")
    assert authors["collection"] == "authors" and authors["display_fields"][0] == "participants.*.name"
    assert "participants.*.name" in authors["search_fields"]


def test_the_form_cannot_approve(config):
    """Approval is the curator's merge: the form offers a draft or «на проверке» only."""
    practices = next(c for c in config["collections"] if c["name"] == "practices")
    status = next(f for f in practices["fields"] if f["name"] == "status")
    assert _options(status) == ["draft", "review"] and status["default"] == "draft"
    assert "approved" not in yaml.safe_dump(config, allow_unicode=True)


def test_public_config_has_no_personal_data(project, tmp_path):
    from conftest import make_project, run

    root = make_project(tmp_path, sample=None)
    assert run(root, "build", "--build-date", "2026-05-31")[0] == 0
    text = (root / "site/admin/config.yml").read_text(encoding="utf-8")
    for year in project.years.values():
        for person in year.participants.model.participants:
            assert person.name.split()[0] not in text and person.id not in text
    config = yaml.safe_load(text)
    assert config["locale"] == "ru"
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]}
    html = (root / "site/admin/index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in html and "unpkg" not in html and "http" not in html
    if (REPO / "node_modules/decap-cms/dist/decap-cms.js").is_file():
        assert (root / "site/admin/decap-cms.js").stat().st_size > 1_000_000
