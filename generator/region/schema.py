"""The RNC manifest against its published JSON Schema (``schemas/rnc-manifest.schema.json``, the one
book/rnc.py writes to), each violation told in Russian with the field it is in."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "rnc-manifest.schema.json"


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def _where(path: Any) -> str:
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else ("." if text else "") + str(part)
    return text or "опись"


def _message(error: Any) -> str:
    kind, value = error.validator, error.instance
    shown = value if isinstance(value, str) and len(value) < 60 else json.dumps(value, ensure_ascii=False)[:60]
    if kind == "required":
        missing = [name for name in error.validator_value if name not in (value or {})]
        return f"нет обязательного поля «{missing[0] if missing else '?'}»"
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"лишнее поле «{', '.join(extra)}»; допустимые: {', '.join(error.schema.get('properties', {}))}"
    if kind == "type":
        names = {"string": "текст", "integer": "целое число", "array": "список", "object": "набор полей"}
        return f"ожидается {names.get(error.validator_value, error.validator_value)}, а не «{shown}»"
    if kind == "enum":
        return f"«{shown}» — не из допустимых значений: {', '.join(map(str, error.validator_value))}"
    if kind == "const":
        return f"«{shown}» — ожидается {error.validator_value}"
    if kind == "pattern":
        return f"«{shown}» не по образцу {error.validator_value}"
    if kind in ("minLength", "minItems"):
        return "пустое значение"
    if kind == "minimum":
        return f"{shown} — ожидается не меньше {error.validator_value}"
    return f"«{shown}»: {kind}"


def schema_problems(manifest: Any) -> list[str]:
    """``поле: сообщение`` for every way ``manifest`` breaks the schema (empty when it conforms)."""
    errors = sorted(_validator().iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))
    return [f"manifest.json, {_where(e.absolute_path)}: {_message(e)}" for e in errors]
