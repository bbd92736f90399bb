"""Cleaner-production measures as the optimizer sees them (resolved from ``measures:``).

Moved out of ``park.py`` unchanged; ``park`` re-exports ``Effect`` and ``Measure``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symbiosis.load import schema as s
from symbiosis.load.refs import unit_of
from symbiosis.load.states import NEW, state_of


@dataclass
class Effect:
    scale: float = 0.0
    delta: float = 0.0  # at the tenant's load today: the written delta × its load_factor
    design_delta: float = 0.0  # as written, at design load


@dataclass
class Measure:
    id: str
    tenant: str
    name: str
    capex: float
    lifetime: float
    opex_fixed: float
    inputs: dict[str, Effect]
    outputs: dict[str, Effect]
    direct_co2: Effect
    name_vi: str | None = None
    state: str = NEW  # committed or new (a measure in use today is in its tenant's figures)
    in_service: float | None = None


def resolve_measure(r: Any, mid: str, m: s.Measure, resources: dict[str, Any],
                    tenants: dict[str, Any]) -> Measure:
    k = f"measures.{mid}"
    if m.tenant not in tenants:
        raise r.error(f"unknown tenant '{m.tenant}'", f"{k}.tenant")
    tenant = tenants[m.tenant]
    effects = {}
    for side in ("inputs", "outputs"):
        effects[side] = {}
        for rid, eff in getattr(m, side).items():
            key = f"{k}.{side}.{rid}"
            unit = unit_of(r, resources, rid, key)
            if rid not in getattr(tenant, side):
                raise r.error(f"tenant '{m.tenant}' has no {side[:-1]} '{rid}' to change", key)
            effects[side][rid] = _at_load(r.effect(eff, key, unit), tenant.load_factor)
    state, year = state_of(r, m, k, NEW, today_allowed=False)
    lifetime = r.fig(m.lifetime, f"{k}.lifetime", "year")
    if lifetime <= 0:
        raise r.error("lifetime must be positive", f"{k}.lifetime.value")
    return Measure(
        id=mid, tenant=m.tenant, name=m.name, capex=r.fig(m.capex, f"{k}.capex", r.cur),
        lifetime=lifetime,
        opex_fixed=r.fig(m.opex_fixed, f"{k}.opex_fixed", r.cur, 0.0, per_year=True, nonneg=False),
        inputs=effects["inputs"], outputs=effects["outputs"],
        direct_co2=_at_load(r.effect(m.direct_co2, f"{k}.direct_co2", "t"), tenant.load_factor),
        name_vi=m.name_vi, state=state, in_service=year)


def _at_load(e: Effect, load_factor: float) -> Effect:
    """An absolute effect shrinks with the plant's load; a fractional one does not."""
    return Effect(scale=e.scale, delta=e.delta * load_factor, design_delta=e.delta)
