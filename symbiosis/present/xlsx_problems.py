"""Every problem of a workbook's model at once, not one per run.

The package's loader stops at the first problem, which is right for a YAML file the
user edits in place but slow for a workbook filled by others: fix a cell, import, fix
the next. Here the model is validated again and again; after each problem the model
is changed so that the same problem cannot stop the next round, and the next one shows:

1. a figure's bad value becomes 1 and a bad or missing source `estimate` (the cell is
   reported, the rest of the row is still checked);
2. if the same key fails again, the entry under it is removed (an input of a tenant);
3. then the whole entry (the exchange, the tenant).

Problems that only follow from a removal (an exchange from a tenant that was removed)
are not the user's: an error whose message names a removed id is left out. Schema
errors (pydantic) come all at once in a round; the resolver's come one per round.
"""

from __future__ import annotations

from typing import Any, Callable

from pydantic import ValidationError

from symbiosis.errors import InputError
from symbiosis.load import schema as s
from symbiosis.load.park import Park, resolve_park
from symbiosis.load.validate import describe

SECTIONS = ("sources", "resources", "tenants", "partners", "exchanges", "measures", "processes")
UNION_TAGS = {"float", "int", "str", "bool"}  # pydantic's member names in a union's loc
MAX_ROUNDS = 300
MAX_PROBLEMS = 50

Report = Callable[[str, str], None]  # (dotted key of the model, message)


def _child(node: Any, part: str) -> tuple[bool, Any]:
    """(found, key) of ``part`` in a dict: YAML's 2023 is an int key, a dotted key text."""
    if not isinstance(node, dict):
        return False, part
    if part in node:
        return True, part
    if part.lstrip("-").isdigit() and int(part) in node:
        return True, int(part)
    return False, part


def _parent(model: dict[str, Any], parts: list[str]) -> tuple[dict | None, Any]:
    """The dict holding the last part of ``parts`` (None when the path is broken) and its key."""
    node: Any = model
    for part in parts[:-1]:
        found, key = _child(node, part)
        if not found:
            return None, parts[-1]
        node = node[key]
    if not isinstance(node, dict):
        return None, parts[-1]
    return node, _child(node, parts[-1])[1]


def _soften(parent: dict, key: Any) -> bool:
    """Give a figure harmless numbers: value 1, source estimate. False if it is no figure."""
    if key == "source":
        parent["source"] = "estimate"
        return True
    if key in ("value", "delta", "scale"):
        parent[key] = 0 if key in ("delta", "scale") else 1
        return True
    node = parent.get(key)
    if isinstance(node, dict) and "value" in node:
        node["value"], node["source"] = 1, "estimate"
        return True
    if node is None:  # a required figure left out: a figure, else the next round says so
        parent[key] = {"value": 1, "source": "estimate"}
        return True
    return False


def neutralise(model: dict[str, Any], key: str, tries: dict[str, int]) -> set[str] | None:
    """Change ``model`` so that the problem at ``key`` cannot recur.

    Returns the ids removed (their cascades are not reported), or None when nothing more
    can be done (the caller stops).
    """
    parts = key.split(".") if key else []
    step = tries.get(key, 0)
    tries[key] = step + 1
    if not parts:
        return None
    parent, last = _parent(model, parts)
    if step == 0 and parent is not None and _soften(parent, last):
        return set()
    if step <= 1 and len(parts) > 2 and parent is not None and last in parent:
        del parent[last]  # an input, an output, a demand, an effect
        return {parts[1]} if parts[0] in SECTIONS else set()
    head = model.get(parts[0])
    if parts[0] in SECTIONS and len(parts) > 1 and isinstance(head, dict) and parts[1] in head:
        del head[parts[1]]
        return {parts[1]}
    if parts[0] == "park" and len(parts) > 1 and isinstance(head, dict) and parts[1] in head \
            and parts[1] not in ("id", "name"):
        del head[parts[1]]
        return set()
    return None


def schema_problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(key, message) of each schema error, once per key (a union's members merged)."""
    out: dict[str, str] = {}
    for err in exc.errors():
        loc = tuple(err["loc"])
        if len(loc) > 1 and loc[-1] in UNION_TAGS:
            loc = loc[:-1]
        key, msg = describe(s.ParkFile, dict(err, loc=loc))
        out.setdefault(key, msg)
    return list(out.items())


def resolve_all(model: dict[str, Any], file: Any, report: Report,
                gone: set[str] | None = None) -> tuple[Park | None, bool]:
    """Validate and resolve ``model``, reporting every problem; (park, complete).

    ``park`` is None when any problem was found. ``complete`` is False when the rounds
    stopped before the model resolved (too many problems, or one that cannot be set
    aside), so that later checks were not reached. ``gone``: ids whose rows were not
    read (an error naming one follows from that). ``model`` is changed: pass a copy.
    """
    tries: dict[str, int] = {}
    gone = set(gone or ())
    found = 0

    def handle(key: str, message: str) -> bool:
        nonlocal found
        cascade = any(f"'{g}'" in message for g in gone)
        # the same key again, or one under a key already changed: our change, not the user's
        repeat = key in tries or any(key.startswith(f"{k}.") for k in tries)
        if not (cascade or repeat):
            report(key, message)
            found += 1
        removed = neutralise(model, key, tries)
        if removed is None:
            return False
        gone.update(removed)
        return found < MAX_PROBLEMS

    for _ in range(MAX_ROUNDS):
        try:
            raw = s.ParkFile.model_validate(model)
        except ValidationError as exc:
            if not all([handle(k, m) for k, m in schema_problems(exc)]):
                return None, False
            continue
        try:
            park = resolve_park(raw, file)
        except InputError as exc:
            if not handle(exc.key or "", exc.message):
                return None, False
            continue
        return (park if not found else None), True
    return None, False
