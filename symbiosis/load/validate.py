"""Pydantic validation whose errors name the file, the dotted key and its line."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

from symbiosis.errors import InputError

M = TypeVar("M", bound=BaseModel)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if not (isinstance(p, str) and "[" in p))


def validate(model: type[M], data: Any, file: Any, line_of: Callable[[str], int | None],
             prefix: str = "", file_of: Callable[[str], Any] | None = None) -> M:
    """Validate ``data``; the first problem becomes an InputError naming its key."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = _dotted(err["loc"])
        key = f"{prefix}.{key}" if prefix and key else (prefix or key)
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling against the file format in docs/)"
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif "input" in err and not isinstance(err["input"], (dict, list)):
            msg = f"{msg} (got {err['input']!r})"
        more = len(exc.errors()) - 1
        if more:
            msg += f" (and {more} more problem{'s' if more > 1 else ''})"
        where = file_of(key) if file_of else None
        raise InputError(msg, where or file, key or None, line_of(key)) from None
