"""Constraint family: the Decree 35 symbiosis rows (Art. 37 cl. 2 b; Decree 82's share).

Counted as the checklist counts (load/pairs.py): one binary per group of symbiosis links
(the enterprises joined and the resource), on only when the group carries flow:

    θ_g · u_g ≤ Σ_{e∈g} f_e,   θ_g = CARRIES_FLOW · Σ_{e∈g} F̄_e      (each group g)
    Σ_g u_g ≥ L                                              (min_symbiosis_links)
    q_k ≤ Σ_{g∋k} u_g,   Σ_k q_k ≥ ⌈ψ·K⌉                       (min_participation_share)

F̄_e is the link's tight bound (capacity, release, need, facility), so θ_g is a small
share of what the group can carry: no big-M is needed, because u_g = 1 only has to
force flow, never to allow it (flow ≤ F̄·build stays in exchanges.py). A built link that
carries nothing leaves u_g = 0, so an idle link meets neither this row nor the KPI.
K is the park's census (load/census.py), the same denominator as the checklist's.
"""

from __future__ import annotations

import math

import pyomo.environ as pyo

from symbiosis.load.census import share_denominator
from symbiosis.optimize.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    pol = d.policy
    n = share_denominator(d.park)
    links, part = bool(pol.min_symbiosis_links), bool(pol.min_participation_share and n)
    if not (links or part):
        return
    groups = d.symbiosis_groups
    m.sym_group = pyo.Var(list(groups), domain=pyo.Binary)
    m.sym_carries = pyo.Constraint(list(groups), rule=lambda _, *g: (
        m.carry_min[g] * m.sym_group[g] <= sum(m.flow[e] for e in groups[g])))
    if links:
        # Counted through a variable so that a park with no possible link gives an
        # infeasible row (explained later), not a constant that Pyomo refuses.
        m.links_built = pyo.Var(bounds=(0, len(groups)))
        m.links_count = pyo.Constraint(expr=m.links_built == sum(m.sym_group.values()))
        m.min_links = pyo.Constraint(expr=m.links_built >= pol.min_symbiosis_links)
    if part:
        # Every link of a group joins the same enterprises (load/pairs.py).
        of = {ent: [g for g, ls in groups.items() if ent in d.link_enterprises[ls[0]]]
              for ent in d.enterprises}
        m.part = pyo.Var(d.enterprises, domain=pyo.Binary)
        m.part_link = pyo.Constraint(d.enterprises, rule=lambda _, ent: m.part[ent] <= sum(
            m.sym_group[g] for g in of[ent]))
        m.min_part = pyo.Constraint(
            expr=sum(m.part.values()) >= math.ceil(pol.min_participation_share * n - 1e-9))


def thresholds(d: ModelData) -> dict[tuple[str, str], float]:
    """θ_g of each group, from the links' tight bounds (a Param: a sweep updates it)."""
    from symbiosis.load.pairs import threshold

    return {g: threshold(d.flow_ub[e] for e in links) for g, links in d.symbiosis_groups.items()}
