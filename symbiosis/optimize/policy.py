"""Constraint family: the scenario's policy (cleaner-production share, CO2 cap, budget).

Criteria imposed from the criteria file arrive here already translated into the
scenario's ``min_*`` settings, so this module knows KPIs, not articles.
"""

from __future__ import annotations

import math

import pyomo.environ as pyo

from symbiosis.load.census import outside_cleaner_production, share_denominator
from symbiosis.optimize.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    pol = d.policy
    # Links and participation: optimize/symbiosis.py. The share is over the park's census
    # (load/census.py), as the checklist's; census members outside the model already
    # known to apply cleaner production count without a decision.
    n = share_denominator(d.park)
    if pol.min_cleaner_production_share and n and d.enterprises:
        flags = _cleaner_flags(d)
        m.cp = pyo.Var(d.enterprises, domain=pyo.Binary)
        m.cp_link = pyo.Constraint(
            d.enterprises, rule=lambda _, ent: m.cp[ent] <= flags[ent] + sum(
                m.adopt[mid] for mid in d.enterprise_measures[ent]))
        m.min_cp = pyo.Constraint(
            expr=sum(m.cp.values()) + outside_cleaner_production(d.park)
            >= math.ceil(pol.min_cleaner_production_share * n - 1e-9))
    # Always present (off without a cap) so that a Pareto or sweep can switch it on.
    m.co2_cap_row = pyo.Constraint(expr=m.co2_boundary <= m.co2_cap)
    if pol.capex_budget is not None:
        m.capex_row = pyo.Constraint(expr=sum(
            m.capex[kind, oid] * comp[oid]
            for kind, comp, ids in (("build", m.build, d.candidates), ("hub", m.hub, d.hubs),
                                    ("adopt", m.adopt, d.measures),
                                    ("open", m.open, d.new_processes))
            for oid in ids) <= m.capex_budget)


def _cleaner_flags(d: ModelData) -> dict[str, int]:
    """1 for an enterprise whose data say it already applies cleaner production."""
    out = {ent: 0 for ent in d.enterprises}
    for t in d.park.tenants.values():
        if t.counts_as_enterprise and t.cleaner_production:
            out[t.enterprise] = 1
    return out
