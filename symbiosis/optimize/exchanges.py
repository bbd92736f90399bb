"""Constraint family: links and shared processing facilities.

A candidate link carries flow only when built (flow ≤ bound × build), and once
built carries at least ``min_load`` of its bound, so a link counted toward a
criterion is really used. Bounds are the tight ones from ``data.flow_ub``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    m.flow = pyo.Var(d.flows, domain=pyo.NonNegativeReals)
    m.build = pyo.Var(d.candidates, domain=pyo.Binary)
    m.hub = pyo.Var(d.hubs, domain=pyo.Binary)
    for e in d.candidates:
        if e in d.forced:
            m.build[e].fix(1)
    for h in d.hubs:
        if h in d.forced:
            m.hub[h].fix(1)

    cand = set(d.candidates)
    m.link_open = pyo.Constraint(
        d.flows, rule=lambda _, e: m.flow[e] <= m.flow_ub[e] * (m.build[e] if e in cand else 1))
    m.link_load = pyo.Constraint(
        d.candidates if d.policy.min_link_load > 0 else [],
        rule=lambda _, e: m.flow[e] >= m.min_load * m.flow_ub[e] * m.build[e])

    park = d.park
    hubs = set(d.hubs)  # looked up once per facility and once per candidate link

    def hub_capacity(_, h):
        through = sum(park.exchanges[e].via_factor * m.flow[e] for e in d.hub_links[h])
        return through <= m.hub_cap[h] * (m.hub[h] if h in hubs else 1)

    m.hub_capacity = pyo.Constraint(list(d.hub_links), rule=hub_capacity)
    # A link through a facility still to be built needs that facility.
    pairs = [(e, park.exchanges[e].via) for e in d.candidates if park.exchanges[e].via in hubs]
    m.hub_needed = pyo.Constraint(pairs, rule=lambda _, e, h: m.build[e] <= m.hub[h])


def build_value(m: pyo.ConcreteModel, d: ModelData, e: str):
    """The build decision of a link as an expression (1 for an existing link)."""
    return m.build[e] if e in m.build else 1.0
