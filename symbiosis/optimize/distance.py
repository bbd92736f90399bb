"""Objective family: distance from the plans already found (Hamming-distance MGA).

An option is a free build decision of the scenario: a candidate link (``build``), a
measure (``adopt``) or a conversion process still to be built (``open``); forced options
are in every plan and a facility follows the links through it, so neither counts. The
Hamming distance of the binaries y to the plans P_1..P_k found so far,

    Σ_k [ Σ_{o ∈ P_k} (1 − y_o) + Σ_{o ∉ P_k} y_o ]  =  const + Σ_o (n_o⁻ − n_o⁺)·y_o,

with n_o⁺ the number of plans that have o and n_o⁻ the number without it, is linear: the
weights are mutable parameters and the model is never rebuilt. It is written as a
minimisation of Σ_o (n_o⁺ − n_o⁻)·y_o (the distance with its sign turned), so the solver's
audit, which judges minimisations, applies as to any solve.

Method: the Hop-Skip-Jump MGA of Brill, Chang and Hopkins (1982, "Modeling to generate
alternatives: the HSJ approach", Management Science 28(3)) on yes/no options, with the
full Hamming distance as its objective. Temoa's MGA (its ``ActivityObj_rule``) is HSJ's
min-sum: it minimises Σ_t n_t⁺ · activity_t, penalising what earlier plans used without
rewarding what none used; on binaries that is the n_o⁻ = 0 half of the weights above, and
the other half is what pushes a plan towards options no plan has tried yet. PyPSA's
``optimize_mga`` minimises or maximises a weighted sum of capacities the user chooses,
which suits continuous capacities rather than yes/no options.

A plan is also cut off once found (Σ_{o ∈ P}(1 − y_o) + Σ_{o ∉ P} y_o ≥ 1), so that every
plan returned is distinct; once no plan within the cap is left the search stops.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData


def options(d: ModelData) -> list[tuple[str, str]]:
    """(component, id) of every free option, in the model's order."""
    return [(kind, oid) for kind, ids in (("build", d.candidates), ("adopt", d.measures),
                                          ("open", d.new_processes))
            for oid in ids if oid not in d.forced]


def _var(m: pyo.ConcreteModel, kind: str, oid: str):
    return getattr(m, kind)[oid]


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    ids = options(d)
    m.distance_weight = pyo.Param([oid for _, oid in ids], mutable=True, initialize=0.0)
    m.obj_distance = pyo.Objective(
        expr=pyo.quicksum(m.distance_weight[oid] * _var(m, kind, oid) for kind, oid in ids),
        sense=pyo.minimize)
    m.obj_distance.deactivate()
    m.distinct = pyo.ConstraintList()
    m.distinct.deactivate()
    # While searching, a link to or from a process still to be built counts only with the
    # process, as fix_options builds it: no plan lists the link alone (which would be the
    # same plan under another name, or one that pays for a link that carries nothing).
    procs = set(d.new_processes)
    ex = d.park.exchanges
    pairs = [(e, n) for e in d.candidates
             for n in dict.fromkeys((ex[e].supplier, ex[e].receiver)) if n in procs]
    m.distinct_needs = pyo.Constraint(pairs, rule=lambda _, e, n: m.build[e] <= m.open[n])
    m.distinct_needs.deactivate()


def set_plans(m: pyo.ConcreteModel, d: ModelData, plans: list[frozenset[str]]) -> None:
    """Weigh every option by the plans found and cut off each plan not cut off yet (the
    rows follow the order of ``plans``: row k is plan k)."""
    ids = options(d)
    for _, oid in ids:
        have = sum(oid in p for p in plans)
        m.distance_weight[oid].set_value(float(2 * have - len(plans)))
    for p in plans[len(m.distinct):]:
        m.distinct.add(pyo.quicksum((1 - _var(m, k, o)) if o in p else _var(m, k, o)
                                    for k, o in ids) >= 1)


def switch(m: pyo.ConcreteModel, on: bool) -> None:
    """The cut rows on (while searching) or off (while a plan is costed)."""
    for row in [m.distinct, *m.distinct.values(), m.distinct_needs,
                *m.distinct_needs.values()]:
        row.activate() if on else row.deactivate()
