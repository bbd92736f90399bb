"""Set numbers of a loaded scenario by dotted path, without reading files again.

Paths are the ones of the model file (``resources.electricity.price``,
``exchanges.pg-cement.capacity``, ``tenants.dap2.outputs.phosphogypsum``,
``measures.dap2-hrs.inputs.electricity.scale``, ``park.grid_factors.2023``) or of
the policy (``policy.carbon_price``, ``policy.grid_factor``, ``policy.grid_factor_year``,
``policy.discount_rate``, ``policy.constraints.co2_cap``, …). A value may carry a unit
(``"20 USD/t"``); it is converted to the unit the model uses for that number. Sweeps,
Monte Carlo samples and the Pareto front all change numbers this way, so each change
is recorded in the scenario's change log like a file override.
"""

from __future__ import annotations

import copy
import functools
import re
import dataclasses
from typing import Any

from symbiosis.errors import InputError
from symbiosis.load.census import object_path as census_path
from symbiosis.load.park import FigureRecord
from symbiosis.load.quality import object_path
from symbiosis.load.digest import sha256 as _sha
from symbiosis.load.scenario import Scenario
from symbiosis.analysis.tenant_values import (design_value, measure_delta_path,
                                              set_measure_delta, set_tenant, tenant_path)
from symbiosis.units import UnitProblem, convert, park_units

POLICY_UNITS = {
    "carbon_price": "{cur}/t", "grid_factor": "t/MWh", "discount_rate": "", "min_link_load": "",
    "co2_cap": "t", "capex_budget": "{cur}", "min_symbiosis_links": "",
    "min_participation_share": "", "min_cleaner_production_share": "", "grid_factor_year": "",
}
_COLLECTIONS = ("resources", "tenants", "partners", "exchanges", "measures", "processes")
_TOP = frozenset((*_COLLECTIONS, "quality"))


@functools.lru_cache(maxsize=1 << 16)  # a pure function of the text: samples repeat paths
def _normal(path: str) -> str:
    path = path.removesuffix(".value")
    if path.startswith("policy.constraints."):
        path = "policy." + path.removeprefix("policy.constraints.")
    return path


def unit_of(scenario: Scenario, path: str) -> str:
    """The unit a number at ``path`` is held in ('' for a plain number)."""
    path = _normal(path)
    if path.startswith("policy."):
        name = path.removeprefix("policy.")
        if name not in POLICY_UNITS:
            raise InputError(f"unknown policy value '{name}' (known: "
                             f"{', '.join(sorted(POLICY_UNITS))})", key=path)
        return POLICY_UNITS[name].format(cur=scenario.park.currency)  # money: the park's
    for f in scenario.park.figures:
        if f.path == path:
            return "" if f.unit == "fraction" else f.unit
    if path.rsplit(".", 1)[-1] in ("scale", "load_factor"):
        return ""
    raise InputError(f"no number at '{path}' in the model (paths follow the model file, "
                     "e.g. resources.electricity.price, exchanges.<id>.capacity)", key=path)


def current(scenario: Scenario, path: str) -> float:
    """The value now at ``path``, in the unit of ``unit_of``."""
    path = _normal(path)
    if path.startswith("policy."):
        return getattr(scenario.policy, path.removeprefix("policy.")) or 0.0
    park = scenario.park
    hit = tenant_path(park, path)
    if hit is not None:
        return design_value(park, hit)
    hit = measure_delta_path(park, path)
    if hit is not None:
        return design_value(park, hit, measure=True)
    obj, last = _parent(park, path)
    return float(obj[last] if isinstance(obj, dict) else getattr(obj, last))


def number(scenario: Scenario, path: str, value: Any) -> float:
    unit = unit_of(scenario, path)
    try:
        if unit:
            return convert(value, unit, park_units(scenario.park), per_year=True)
        return convert(value, "dimensionless", park_units(scenario.park))
    except UnitProblem as exc:
        raise InputError(f"value {value!r}: {exc}", key=path) from None


_LEADING_NUMBER = re.compile(r"\s*[-+]?(\d|\.\d)")


def command_line_value(scenario: Scenario, path: str, text: str) -> float:
    """A value typed on the command line, read whole and strictly.

    A bare unit ("USD/t", the tail of an unquoted "10 USD/t") is refused, and so is a bare
    number for a number that has a unit (is "10" VND/t or USD/t?), except 0.
    """
    unit = unit_of(scenario, path)
    shown = unit or "a plain number"
    if not _LEADING_NUMBER.match(text):
        raise InputError(f"'{text}' is not a value: give a number, with its unit if it has "
                         f"one (the model holds {path} in {shown}); quote a value with a "
                         "space, as in \"10 USD/t\"", key=path)
    try:
        bare = float(text)
    except ValueError:
        bare = None
    if bare is not None and bare != 0 and unit:
        raise InputError(f"'{text}' has no unit: write it with one, e.g. \"{text} {unit}\" "
                         f"(the unit the model holds {path} in)", key=path)
    return number(scenario, path, text)


def _parent(park: Any, path: str, copy_on_write: bool = False,
            copied: set[int] | None = None,
            walked: dict[tuple[str, ...], Any] | None = None) -> tuple[Any, Any]:
    """The container holding the number at ``path`` and its key there.

    With ``copy_on_write`` every container on the way is copied and put back, so a
    shallow copy of the park can be changed without touching the original. ``copied``
    holds the ids of the copies already made by this change: a Monte Carlo sample sets
    hundreds of numbers, and copying ``park.resources`` again for each price was most of
    the time of ``with_values``. ``walked`` maps the containers reached so far by this
    change (the caller empties it when it replaces a container itself).
    """
    parts = _route(path)
    if parts[0] == "park":
        node: Any = park
        parts = parts[1:]
    elif parts[0] in _TOP:
        node = park
    else:
        raise InputError(f"'{path}' is neither a model nor a policy path", key=path)
    prefix = parts[:-1]
    if walked is not None and prefix in walked:
        node, prefix = walked[prefix], ()
    for part in prefix:
        child = _step(node, part, path)
        if copy_on_write and (copied is None or id(child) not in copied):
            child = dict(child) if isinstance(child, dict) else copy.copy(child)
            if copied is not None:
                copied.add(id(child))
            if isinstance(node, dict):
                node[_key(node, part)] = child
            else:
                setattr(node, part, child)
        node = child
    if walked is not None and prefix:
        walked[parts[:-1]] = node
    last = parts[-1]
    if isinstance(node, dict):
        key = _key(node, last)
        if key not in node:
            raise InputError(f"no '{last}' at '{path}'", key=path)
        return node, key
    if not hasattr(node, last):
        raise InputError(f"no '{last}' at '{path}'", key=path)
    return node, last


@functools.lru_cache(maxsize=1 << 16)
def _route(path: str) -> tuple[str, ...]:
    # quality numbers are in park.quality; the census and services in park.census/services
    return tuple(census_path(object_path(path)).split("."))


def _key(node: dict, part: str) -> Any:
    return int(part) if part.isdigit() and int(part) in node else part


def _step(node: Any, part: str, path: str) -> Any:
    if isinstance(node, dict):
        key = _key(node, part)
        if key not in node:
            raise InputError(f"no '{part}' at '{path}'", key=path)
        return node[key]
    if not hasattr(node, part) or getattr(node, part) is None:
        raise InputError(f"no '{part}' at '{path}'", key=path)
    return getattr(node, part)


def with_values(scenario: Scenario, changes: dict[str, Any], origin: str = "analysis") -> Scenario:
    """A copy of ``scenario`` with the numbers at ``changes``' paths replaced."""
    park = copy.copy(scenario.park)
    policy = scenario.policy
    log = list(scenario.changelog)
    records = {f.path: f for f in park.figures}
    copied: set[int] = set()  # containers this call has copied already (see _parent)
    walked: dict[tuple[str, ...], Any] = {}  # and where they are
    for raw_path, raw_value in changes.items():
        path = _normal(raw_path)
        # A plain number is already in the model's unit; only text needs the unit lookup.
        value = float(raw_value) if isinstance(raw_value, (int, float)) and \
            not isinstance(raw_value, bool) else number(scenario, path, raw_value)
        if path.startswith("policy."):
            name = path.removeprefix("policy.")
            old = getattr(policy, name)
            if name == "grid_factor_year":
                year = int(value)
                if year not in park.grid_factors:
                    raise InputError(f"no grid emission factor for {year} in the model",
                                     key=raw_path)
                policy = dataclasses.replace(policy, grid_factor_year=year,
                                             grid_factor=park.grid_factors[year])
            elif name in ("min_symbiosis_links",):
                policy = dataclasses.replace(policy, **{name: int(value)})
            else:
                policy = dataclasses.replace(policy, **{name: value})
        elif (hit := tenant_path(park, path)) is not None:  # design amounts × load factor
            _parent(park, path)  # the same "no such number" errors as any other path
            old = set_tenant(park, hit, value, copied)
            walked.clear()  # it may have put new containers in the park
        elif (hit := measure_delta_path(park, path)) is not None:
            old = set_measure_delta(park, hit, value)
            walked.clear()
        else:
            obj, last = _parent(park, path, copy_on_write=True, copied=copied, walked=walked)
            if isinstance(obj, dict):
                old, obj[last] = obj[last], value
            else:
                old = getattr(obj, last)
                setattr(obj, last, value)
            if path.startswith("park.grid_factors.") and int(path.rsplit(".", 1)[1]) == \
                    policy.grid_factor_year:
                policy = dataclasses.replace(policy, grid_factor=value)
        if not path.startswith("policy.") and path in records:
            rec = records[path]
            records[path] = FigureRecord(path, value, rec.unit, f"scenario:{origin}", "A",
                                         f"set by {origin} (was {rec.value:g})")
        log.append({"file": origin, "path": raw_path, "op": "set", "factor": None,
                    "old": old, "new": value, "note": None})
    park.figures = list(records.values())
    digest = _sha([scenario.input_sha256, {k: str(v) for k, v in changes.items()}])
    return dataclasses.replace(scenario, park=park, policy=policy, changelog=log,
                               input_sha256=digest)
