"""Dotted-path numbers of a tenant that its load factor scales (load/states.py).

A tenant's ``inputs``/``outputs``/``production``/``direct_co2`` paths, and a measure's
``…delta``, name the figures as written, at design load; the park holds them at today's
load (× ``load_factor``). Setting one of them, or the load factor itself, keeps the two
in step, so a sweep over ``tenants.X.load_factor`` or a Monte Carlo draw of
``tenants.X.outputs.slag`` means what the model file means.
"""

from __future__ import annotations

import copy
from typing import Any

SIDES = ("inputs", "outputs", "production")


def tenant_path(park: Any, path: str) -> tuple[str, str, str | None] | None:
    """(tenant, side, resource) for a tenant amount or load factor path, else None."""
    parts = path.split(".")
    if parts[0] != "tenants" or len(parts) < 3 or parts[1] not in park.tenants:
        return None
    if len(parts) == 4 and parts[2] in SIDES:
        return parts[1], parts[2], parts[3]
    if len(parts) == 3 and parts[2] in ("direct_co2", "load_factor"):
        return parts[1], parts[2], None
    return None


def measure_delta_path(park: Any, path: str) -> tuple[str, str, str | None] | None:
    """(measure, side, resource) for ``measures.M.<side>.<r>.delta`` or
    ``measures.M.direct_co2.delta``, else None."""
    parts = path.split(".")
    if parts[0] != "measures" or parts[-1] != "delta" or len(parts) < 4 \
            or parts[1] not in park.measures:
        return None
    if len(parts) == 5 and parts[2] in ("inputs", "outputs"):
        return parts[1], parts[2], parts[3]
    if len(parts) == 4 and parts[2] == "direct_co2":
        return parts[1], "direct_co2", None
    return None


def design_value(park: Any, hit: tuple[str, str, str | None], measure: bool = False) -> float:
    if measure:
        return _effect(park.measures[hit[0]], hit[1], hit[2]).design_delta
    t = park.tenants[hit[0]]
    if hit[1] == "load_factor":
        return t.load_factor
    d = t.design.get(hit[1], getattr(t, hit[1]))
    return float(d[hit[2]] if hit[2] is not None else d)


def set_tenant(park: Any, hit: tuple[str, str, str | None], value: float,
               copied: set | None = None) -> float:
    """Set a design amount or the load factor of ``park``'s copy; returns the old value.

    ``copied`` (ids of the containers one change has copied already, as in
    ``values._parent``) spares copying the tenants again for each of a sample's amounts.
    """
    tid, side, rid = hit
    old = design_value(park, hit)
    copied = set() if copied is None else copied
    tenants = park.tenants if id(park.tenants) in copied else dict(park.tenants)
    copied.add(id(tenants))
    t = tenants[tid]
    if ("design", id(t)) in copied:  # this change's own copy, design dicts and all
        design = t.design
    else:
        # A copy that ``values._parent`` made for another number of this tenant is shallow:
        # its design dicts are still the original scenario's, and must not be written.
        if id(t) not in copied:
            t = copy.copy(t)
            copied.add(id(t))
        design = {k: (dict(v) if isinstance(v, dict) else v) for k, v in t.design.items()}
        copied.add(("design", id(t)))
    if side == "load_factor":
        t.load_factor = value
    elif rid is None:
        design[side] = value
    else:
        design.setdefault(side, dict(getattr(t, side)))[rid] = value
    t.design = design
    lf = t.load_factor
    for s in SIDES:
        if s in design:
            setattr(t, s, {r: v * lf for r, v in design[s].items()})
    if "direct_co2" in design:
        t.direct_co2 = design["direct_co2"] * lf
    tenants[tid] = t
    park.tenants = tenants
    if side == "load_factor":  # absolute measure effects follow the load
        park.measures = {mid: (_rescaled(m, lf) if m.tenant == tid else m)
                         for mid, m in park.measures.items()}
    return old


def set_measure_delta(park: Any, hit: tuple[str, str, str | None], value: float) -> float:
    mid, side, rid = hit
    m = copy.copy(park.measures[mid])
    old = _effect(m, side, rid).design_delta
    lf = park.tenants[m.tenant].load_factor
    eff = copy.copy(_effect(m, side, rid))
    eff.design_delta, eff.delta = value, value * lf
    if side == "direct_co2":
        m.direct_co2 = eff
    else:
        setattr(m, side, {**getattr(m, side), rid: eff})
    park.measures = {**park.measures, mid: m}
    return old


def _effect(m: Any, side: str, rid: str | None) -> Any:
    return m.direct_co2 if side == "direct_co2" else getattr(m, side)[rid]


def _rescaled(m: Any, lf: float) -> Any:
    m = copy.copy(m)
    for side in ("inputs", "outputs"):
        setattr(m, side, {r: _at(e, lf) for r, e in getattr(m, side).items()})
    m.direct_co2 = _at(m.direct_co2, lf)
    return m


def _at(e: Any, lf: float) -> Any:
    e = copy.copy(e)
    e.delta = e.design_delta * lf
    return e
