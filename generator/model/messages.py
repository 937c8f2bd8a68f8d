"""Pydantic's validation errors, told in Russian at the YAML position they came from."""
from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .data_models import EVENT_KINDS
from ..errors import Report
from .nearmiss import maybe
from .yamlsrc import Source

_SIMPLE = {
    "missing": "обязательное поле не заполнено",
    "string_type": "ожидается текст",
    "int_type": "ожидается целое число",
    "int_parsing": "ожидается целое число",
    "int_from_float": "ожидается целое число, а не дробное",
    "float_type": "ожидается число",
    "float_parsing": "ожидается число",
    "finite_number": "ожидается конечное число (не .nan и не .inf)",
    "bool_type": "ожидается true или false",
    "bool_parsing": "ожидается true или false",
    "list_type": "ожидается список (строки, начинающиеся с «- »)",
    "dict_type": "ожидается набор полей «имя: значение»",
    "model_type": "ожидается набор полей «имя: значение»",
    "model_attributes_type": "ожидается набор полей «имя: значение»",
    "union_tag_not_found": "не указано поле kind",
}


def _fmt_value(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields allowed at ``loc`` (for «did you mean …»)."""
    current: Any = model
    for part in loc:
        while True:
            origin = typing.get_origin(current)
            if origin is typing.Annotated:
                current = typing.get_args(current)[0]
            elif origin in (list, typing.Union) or str(origin) == "<class 'types.UnionType'>":
                args = [a for a in typing.get_args(current) if a is not type(None)]
                models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
                if isinstance(part, str) and part in EVENT_KINDS:
                    models = [m for m in models if part in str(m.model_fields.get("kind").annotation)]
                current = models[0] if len(models) == 1 else (args[0] if origin is list else None)
                if origin is list:
                    break
            else:
                break
        if isinstance(part, int) or (isinstance(part, str) and part in EVENT_KINDS):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = field.annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _message(err: dict[str, Any], model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f" — может быть, «{guess[0]}»?" if guess else ""
        return f"неизвестное поле{hint}; допустимые поля: {', '.join(allowed)}" if allowed else "неизвестное поле"
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        expected = ", ".join(options) or str(ctx.get("expected"))
        hint = maybe(value, options) if isinstance(value, str) else ""
        return f"недопустимое значение «{_fmt_value(value)}»{hint}; ожидается одно из: {expected}"
    if kind == "union_tag_invalid":
        return (f"неизвестный вид «{_fmt_value(ctx.get('tag'))}»{maybe(str(ctx.get('tag')), EVENT_KINDS)}; "
                f"ожидается одно из: {', '.join(EVENT_KINDS)}")
    if kind in ("too_short",) and ctx.get("min_length"):
        return f"список слишком короткий: нужно не меньше {ctx['min_length']}"
    if kind == "string_too_long":
        return f"текст слишком длинный: не больше {ctx.get('max_length')} знаков"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = {"greater_than_equal": "не меньше", "greater_than": "больше",
                 "less_than_equal": "не больше", "less_than": "меньше"}[kind]
        key = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}[kind]
        return f"значение {_fmt_value(value)} вне допустимого: ожидается число {bound} {ctx.get(key)}"
    if kind in _SIMPLE:
        text = _SIMPLE[kind]
        if kind != "missing" and value is not None and not isinstance(value, (dict, list)):
            text = f"«{_fmt_value(value)}» — {text}"
        return text
    return str(err.get("msg", kind))  # our own PydanticCustomError messages are already Russian


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the discriminator tags pydantic inserts into the location of a tagged union."""
    out: list[Any] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and part in EVENT_KINDS and i > 0 and isinstance(loc[i - 1], int):
            continue
        if part == "function-after[_slug(), str]":
            continue
        out.append(part)
    return tuple(out)


def field_name(loc: tuple[Any, ...]) -> str:
    """``pairs[3].formed`` — list items counted from 1, as a person counts them."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def report_validation(exc: ValidationError, model: type[BaseModel], source: Source, report: Report,
                      prefix: tuple[Any, ...] = ()) -> None:
    """Add one problem per pydantic error, positioned on the offending key or value."""
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]))
        message = _message(err, model, loc)
        prefer_key = err["type"] in ("extra_forbidden",)
        pos = source.at(prefix + loc, prefer_key=prefer_key)
        report.error(source.path, pos, field_name(loc), message)
