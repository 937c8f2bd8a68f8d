"""``cms:`` of data/school.yaml: where the web form (/admin/) saves and how editors log in."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, model_validator
from pydantic_core import PydanticCustomError

from .fieldtypes import Model, Text

_HOST_URL = re.compile(r"^https://[a-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~/-]*)?$")
# Decap's defaults send the login through Netlify (api.netlify.com), a service outside Russia the
# law on personal data keeps out; the form must log in at the school's own GitLab or OAuth server.
_THIRD_PARTY_AUTH = ("netlify.com", "netlify.app", "decapbridge", "decapcms.")


def _host_url(value: str) -> str:
    if not _HOST_URL.match(value):
        raise PydanticCustomError(
            "url", "«{value}» — ожидается адрес https:// без пробелов и параметров, например "
            "https://gitlab.school7.ru", {"value": value})
    if any(part in value for part in _THIRD_PARTY_AUTH):
        raise PydanticCustomError(
            "url", "«{value}» — вход через сторонний сервис запрещён (персональные данные редакторов не должны "
            "уходить третьим лицам); ожидается адрес GitLab школы или её собственного сервера входа", {"value": value})
    return value.rstrip("/")


HostUrl = Annotated[str, AfterValidator(_host_url)]


def _auth_endpoint(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*", value.strip("/")):
        raise PydanticCustomError(
            "path", "«{value}» — ожидается путь на сервере входа, например oauth/authorize", {"value": value})
    return value.strip("/")


class CmsSettings(Model):
    """Where the web form (/admin/) saves and how editors log in (Decap CMS's backend options).

    GitLab: the browser logs in by itself with PKCE (``auth_type: pkce`` and the ``app_id`` of the
    OAuth application the curator registers); ``base_url``/``api_root`` name a school's own GitLab.
    GitHub does not let a browser finish the login alone, so ``base_url`` names the school's own
    OAuth server. Without these Decap would log in through Netlify, which the law keeps out.
    """

    backend: Literal["github", "gitlab"]
    repo: Text
    branch: str = "main"
    auth_type: Literal["pkce"] | None = None
    app_id: Text | None = None
    base_url: HostUrl | None = None
    api_root: HostUrl | None = None
    auth_endpoint: Annotated[str, AfterValidator(_auth_endpoint)] | None = None

    @model_validator(mode="after")
    def _own_login(self) -> "CmsSettings":
        if self.backend == "gitlab" and (self.auth_type != "pkce" or not self.app_id):
            raise PydanticCustomError(
                "cms_login", "веб-форме на GitLab нужен вход без посредников: укажите auth_type: pkce и app_id "
                "(«Идентификатор приложения» из настроек OAuth-приложения в GitLab школы; см. CONTRIBUTING.md, "
                "«Веб-форма на сайте школы»)")
        if self.backend == "github":
            if self.auth_type == "pkce":
                raise PydanticCustomError(
                    "cms_login", "GitHub не поддерживает вход веб-формы по PKCE; уберите auth_type и укажите base_url "
                    "— адрес собственного сервера входа школы (см. CONTRIBUTING.md)")
            if not self.base_url:
                raise PydanticCustomError(
                    "cms_login", "веб-форме на GitHub нужен собственный сервер входа школы: укажите base_url, например "
                    "https://auth.school7.ru (иначе вход пойдёт через сторонний сервис Netlify; см. CONTRIBUTING.md)")
        return self
