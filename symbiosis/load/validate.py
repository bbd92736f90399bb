"""Pydantic validation whose errors name the file, the dotted key and its line."""

from __future__ import annotations

import difflib
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

from symbiosis.errors import InputError

M = TypeVar("M", bound=BaseModel)


def _dotted(loc: tuple[Any, ...]) -> str:
    """The user's key of a pydantic location: its markers ("[key]", "function-before[…]")
    dropped, but not the dict key a "[key]" marker follows (a bad id may hold '[')."""
    return ".".join(str(p) for i, p in enumerate(loc)
                    if not (isinstance(p, str) and "[" in p)
                    or (i + 1 < len(loc) and loc[i + 1] == "[key]"))


Locate = Callable[[str], tuple[Any, str, "int | None"]]  # key → (file, key as shown, line)


def validate(model: type[M], data: Any, file: Any, line_of: Callable[[str], int | None],
             prefix: str = "", locate: Locate | None = None) -> M:
    """Validate ``data``; the first problem becomes an InputError naming its key.

    ``locate`` maps a dotted key to where the user wrote it, for data composed from
    several files (a model changed by a scenario's overrides).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        # A misspelt required key gives "missing" and "unknown key": the typo is the cause.
        # Of a union's errors, our own validators' say most ("got true"), "not a dict" least.
        errors = sorted(exc.errors(), key=lambda e: (e["type"] != "extra_forbidden",
                                                     e["type"] != "value_error"))
        key, msg = describe(model, errors[0])
        key = f"{prefix}.{key}" if prefix and key else (prefix or key)
        more = len(exc.errors()) - 1
        if more:
            msg += f" (and {more} more problem{'s' if more > 1 else ''})"
        if locate is not None:
            file, key, line = locate(key)
        else:
            line = line_of(key)
        raise InputError(msg, file, key or None, line) from None


def describe(model: type[BaseModel], err: dict[str, Any]) -> tuple[str, str]:
    """(dotted key, message for the user) of one pydantic error of ``model``."""
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key" + _suggest(model, err["loc"])
        msg += " (the file format is in docs/model-format.md)"
    elif err["type"] == "missing":
        msg = "required key is missing"
    elif err["type"] == "value_error":  # our own validators say what they got
        msg = msg.removeprefix("Value error, ")
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        msg = f"{msg} (got {err['input']!r})"
    return _dotted(_without_tags(model, err["loc"])), msg


def _without_tags(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """``loc`` without the names pydantic gives the members of a union it tried: the key
    the user wrote is ``policy.carbon_price.value``, not ``policy.carbon_price.Figure.value``."""
    out: list[Any] = []
    ann: Any = model
    for part in loc:
        members = [a for a in getattr(ann, "__args__", ()) if _is_model(a)]
        tag = next((m for m in members if m.__name__ == part), None)
        if tag is not None:  # the union's member tried: not a key of the file
            ann = tag
            continue
        out.append(part)
        ann = _strip(ann)
        if _is_model(ann):
            info = next((f for n, f in ann.model_fields.items() if part in (n, f.alias)), None)
            ann = info.annotation if info is not None else None
        else:  # dict[str, X] or list[X]: step to X
            args = getattr(ann, "__args__", ())
            ann = args[-1] if args else None
    return tuple(out)


def _suggest(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """' (did you mean 'capacity'?)' when a close field name exists at that place."""
    ann: Any = model
    for part in loc[:-1]:
        ann = _strip(ann)
        if _is_model(ann):
            info = next((f for n, f in ann.model_fields.items() if part in (n, f.alias)), None)
            if info is None:
                return ""
            ann = info.annotation
        else:  # dict[str, X] or list[X]: step to X
            args = getattr(ann, "__args__", ())
            if not args:
                return ""
            ann = args[-1]
    ann = _strip(ann)
    if not _is_model(ann):
        return ""
    names = sorted(f.alias or n for n, f in ann.model_fields.items())
    close = difflib.get_close_matches(str(loc[-1]), names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _is_model(ann: Any) -> bool:
    return isinstance(ann, type) and issubclass(ann, BaseModel)


def _strip(ann: Any) -> Any:
    """X from X | None."""
    args = getattr(ann, "__args__", ())
    if type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0] if len(rest) == 1 else ann
    return ann
