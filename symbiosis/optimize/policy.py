"""Constraint family: the scenario's policy (Decree 35 criteria, CO2 cap, budget).

Criteria imposed from the criteria file arrive here already translated into the
scenario's ``min_*`` settings, so this module knows KPIs, not articles.
"""

from __future__ import annotations

import math

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.exchanges import build_value


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    pol = d.policy
    if pol.min_symbiosis_links:
        # Counted through a variable so that a park with no possible link gives an
        # infeasible row (explained later), not a constant that Pyomo refuses.
        m.links_built = pyo.Var(bounds=(0, len(d.symbiosis_links)))
        m.links_count = pyo.Constraint(
            expr=m.links_built == sum(build_value(m, d, e) for e in d.symbiosis_links))
        m.min_links = pyo.Constraint(expr=m.links_built >= pol.min_symbiosis_links)
    n = len(d.enterprises)
    if pol.min_participation_share and n:
        m.part = pyo.Var(d.enterprises, domain=pyo.Binary)
        links = {ent: [e for e in d.symbiosis_links if ent in d.link_enterprises[e]]
                 for ent in d.enterprises}
        m.part_link = pyo.Constraint(
            d.enterprises, rule=lambda _, ent: m.part[ent] <= sum(
                build_value(m, d, e) for e in links[ent]))
        m.min_part = pyo.Constraint(
            expr=sum(m.part.values()) >= math.ceil(pol.min_participation_share * n - 1e-9))
    if pol.min_cleaner_production_share and n:
        flags = _cleaner_flags(d)
        m.cp = pyo.Var(d.enterprises, domain=pyo.Binary)
        m.cp_link = pyo.Constraint(
            d.enterprises, rule=lambda _, ent: m.cp[ent] <= flags[ent] + sum(
                m.adopt[mid] for mid in d.enterprise_measures[ent]))
        m.min_cp = pyo.Constraint(
            expr=sum(m.cp.values()) >= math.ceil(pol.min_cleaner_production_share * n - 1e-9))
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
