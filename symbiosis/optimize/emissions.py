"""Emission and cost accounting: the Terms of ``data`` as Pyomo expressions.

Scope 2 is kept as grid MWh times the mutable grid factor, and the carbon price
is mutable too, so sweeps change them without rebuilding the model.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData

BOUNDARIES = {
    "scope12": ("scope1", "scope2"),
    "all": ("scope1", "scope2", "scope3_upstream", "disposal"),
    "net": ("scope1", "scope2", "scope3_upstream", "disposal", "-avoided"),
    "scope1": ("scope1",),  # only as the carbon price's scope (policy.carbon_price_scope)
}


def _on(m: pyo.ConcreteModel, boundary: str):
    expr = 0
    for name in BOUNDARIES[boundary]:
        expr = expr - m.avoided if name == "-avoided" else expr + getattr(m, name)
    return expr


def variable(m: pyo.ConcreteModel, key: tuple[str, ...]):
    kind, rest = key[0], key[1:]
    comp = {"flow": m.flow, "build": m.build, "hub": m.hub, "adopt": m.adopt,
            "buy": m.buy, "dispose": m.dispose, "sell": m.sell, "run": m.run,
            "open": m.open}[kind]
    return comp[rest[0] if len(rest) == 1 else rest]


def total(m: pyo.ConcreteModel, d: ModelData, attr: str, coef: list[float] | None = None):
    """Σ coefficient × variable over the non-zero coefficients, plus the constant.

    The non-zero coefficients are the entries of the sparse Param ``c_<attr>``
    (``params.add``); ``coef`` is accepted for callers of the older signature.
    """
    c = getattr(m, f"c_{attr}")
    comps = {"flow": m.flow, "build": m.build, "hub": m.hub, "adopt": m.adopt,
             "buy": m.buy, "dispose": m.dispose, "sell": m.sell, "run": m.run, "open": m.open}
    keys = list(d.terms)
    parts = []
    for i, p in c.items():
        kind, *rest = keys[i]
        parts.append(p * comps[kind][rest[0] if len(rest) == 1 else tuple(rest)])
    return pyo.quicksum(parts) + getattr(m, f"k_{attr}")


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    m.scope1 = pyo.Expression(expr=total(m, d, "scope1"))
    m.grid_mwh = pyo.Expression(expr=total(m, d, "grid_mwh"))
    m.scope2 = pyo.Expression(expr=m.grid_factor * m.grid_mwh)
    m.scope3_upstream = pyo.Expression(expr=total(m, d, "scope3"))
    m.disposal = pyo.Expression(expr=total(m, d, "disposal"))
    m.avoided = pyo.Expression(expr=total(m, d, "avoided"))
    m.co2_inventory = pyo.Expression(
        expr=m.scope1 + m.scope2 + m.scope3_upstream + m.disposal)
    m.co2_boundary = pyo.Expression(expr=_on(m, d.policy.co2_boundary))
    # What the carbon price is charged on: the boundary, or a scope the scenario names.
    priced = d.policy.priced_boundary
    m.co2_priced = pyo.Expression(
        expr=m.co2_boundary if priced == d.policy.co2_boundary else _on(m, priced))
    m.cost_before_carbon = pyo.Expression(expr=total(m, d, "cost"))
