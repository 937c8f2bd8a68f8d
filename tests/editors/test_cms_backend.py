"""`cms:` in data/school.yaml: the form logs in at the school's own GitLab (PKCE) or through the
school's own OAuth server for GitHub, never through Netlify; mistakes are told in Russian with where."""
from __future__ import annotations

import pytest
import yaml

from conftest import make_project, run
from generator.editors.cms import cms_config
from generator.errors import Report
from generator.model.loader import load_project

GITLAB = """cms:
  backend: gitlab
  repo: school7/nastavnichestvo
  branch: main
  auth_type: pkce
  app_id: 0a1b2c3d4e5f
  base_url: https://gitlab.school7.ru
"""
GITHUB = """cms:
  backend: github
  repo: school7/nastavnichestvo
  base_url: https://auth.school7.ru
  auth_endpoint: /oauth/authorize
"""


def _with_cms(tmp_path, block: str):
    root = make_project(tmp_path)
    school = root / "data/school.yaml"
    school.write_text(school.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")
    return root


def _backend(tmp_path, block: str) -> dict:
    report = Report()
    project = load_project(_with_cms(tmp_path, block), report)
    assert not report.errors, report.errors
    return cms_config(project)["backend"]


def test_gitlab_pkce_on_the_schools_own_gitlab(tmp_path):
    assert _backend(tmp_path, GITLAB) == {
        "name": "gitlab", "repo": "school7/nastavnichestvo", "branch": "main", "auth_type": "pkce",
        "app_id": "0a1b2c3d4e5f", "base_url": "https://gitlab.school7.ru", "api_root": "https://gitlab.school7.ru/api/v4"}


def test_gitlab_api_root_given_is_kept(tmp_path):
    backend = _backend(tmp_path, GITLAB + "  api_root: https://gitlab.school7.ru/gitlab/api/v4/\n")
    assert backend["api_root"] == "https://gitlab.school7.ru/gitlab/api/v4"


def test_github_through_the_schools_own_oauth_server(tmp_path):
    assert _backend(tmp_path, GITHUB) == {
        "name": "github", "repo": "school7/nastavnichestvo", "branch": "main",
        "base_url": "https://auth.school7.ru", "auth_endpoint": "oauth/authorize"}


def test_without_cms_the_form_only_talks_to_the_local_proxy(tmp_path):
    assert _backend(tmp_path, "") == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}


def test_no_third_party_host_in_the_generated_config(tmp_path):
    root = _with_cms(tmp_path, GITLAB)
    assert run(root, "build", "--only", "site", "--build-date", "2026-05-31")[0] == 0
    text = (root / "site/admin/config.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert config["backend"]["base_url"] == "https://gitlab.school7.ru"
    assert "netlify" not in text and "gitlab.com" not in text and "unpkg" not in text


BAD = [
    ("cms:\n  backend: gitlab\n  repo: s/n\n", "school.yaml:20:3",
     "веб-форме на GitLab нужен вход без посредников: укажите auth_type: pkce и app_id"),
    ("cms:\n  backend: gitlab\n  repo: s/n\n  auth_type: pkce\n", "school.yaml:20:3", "укажите auth_type: pkce и app_id"),
    ("cms:\n  backend: gitlab\n  repo: s/n\n  auth_type: implicit\n  app_id: x\n", "school.yaml:22:14", "pkce"),
    ("cms:\n  backend: github\n  repo: s/n\n", "school.yaml:20:3", "веб-форме на GitHub нужен собственный сервер входа"),
    ("cms:\n  backend: github\n  repo: s/n\n  auth_type: pkce\n  base_url: https://auth.s.ru\n", "school.yaml:20:3",
     "GitHub не поддерживает вход веб-формы по PKCE"),
    ("cms:\n  backend: github\n  repo: s/n\n  base_url: https://api.netlify.com\n", "school.yaml:22:13",
     "вход через сторонний сервис запрещён"),
    (GITLAB.replace("https://gitlab.school7.ru", "http://gitlab.school7.ru"), "school.yaml:25:13",
     "ожидается адрес https://"),
    (GITLAB + "  auth_endpoint: oauth authorize\n", "school.yaml:26:18", "ожидается путь на сервере входа"),
    (GITLAB + "  app_secret: x\n", "school.yaml:26:3", "app_secret"),
]


@pytest.mark.parametrize(("block", "where", "message"), BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_cms_settings_are_told_in_russian(tmp_path, block, where, message):
    code, output = run(_with_cms(tmp_path, block), "check")
    assert code == 1, output
    line = next((line for line in output.splitlines() if message in line), None)
    assert line is not None, output
    assert where in line, output
    assert "Traceback" not in output
