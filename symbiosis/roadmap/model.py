"""The multi-period Pyomo model: one block of the single-year families per period.

Each block ``m.period[p]`` holds the single-year model of period p (every family of
``optimize.model.FAMILIES`` added to it), built from data without capital terms. The
roadmap adds, across periods (money in one model unit for all periods, ``m.money``):

    inv[k] ∈ {0,1}   one per offer k = (option o, period q) the option may be bought in
    serves(k)        = {p ≥ q : start_p < start_q + lifetime_o}: the periods whose start
                       the asset lives to see; it serves them whole (an asset that ends
                       inside a period it serves is renewed like for like, and its annuity
                       runs to that period's end)
    use:             build[o,p] ≤ Σ_{k of o: p ∈ serves(k)} inv[k]      (each block p)
    no overlap:      Σ_{k of o: p ∈ serves(k)} inv[k] ≤ 1               (each o, p)
    budget:          Σ_{k: q_k = p} capex_k · inv[k] ≤ budget_p         (each p with one)
    weights:         W_p = Σ_{y ∈ p} (1 + r)^-(y − y0)   (r the scenario's discount rate)
    objective:       Σ_p W_p · obj_p + Σ_k inv[k] · annuity_k · Σ_{p ∈ serves(k)} W_p

where obj_p is the block's own cost objective (operating cost + purchases + disposal −
sales + carbon price_p × CO2_p, and any preference term a family adds). An asset is
paid for in every year it serves, used or idle; a block may leave it idle (build = 0:
no flow, no fixed operating cost). With objective "co2" the first stage minimises
Σ_p years_p · CO2_p on the scenario's boundary and the second the cost at that CO2.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.model import FAMILIES
from symbiosis.optimize.params import money
from symbiosis.roadmap.periods import Offer
from symbiosis.roadmap.spec import Period


@dataclass(frozen=True)
class Investment:
    offer: Offer
    period: int               # index of the period it is bought in
    serves: tuple[int, ...]   # indices of the periods it serves (and is paid in)

    @property
    def key(self) -> tuple[str, str]:
        return self.offer.kind, self.offer.id


def weights(periods: list[Period], rate: float) -> list[float]:
    """Σ of the discount factors of each period's years, from the first year (factor 1)."""
    y0 = periods[0].start
    return [sum((1.0 + rate) ** -(y - y0) for y in range(p.start, p.start + p.years))
            for p in periods]


def investments(periods: list[Period], offers: list[list[Offer]]) -> list[Investment]:
    out = []
    for q, per_offers in enumerate(offers):
        start = periods[q].start
        for o in per_offers:
            serves = tuple(p for p in range(q, len(periods))
                           if periods[p].start < start + o.lifetime)
            out.append(Investment(o, q, serves))
    return out


def _components(b: pyo.Block, d: ModelData):
    return (("build", b.build, d.candidates), ("hub", b.hub, d.hubs),
            ("adopt", b.adopt, d.measures), ("open", b.open, d.new_processes))


def build_roadmap_model(name: str, periods: list[Period], datas: list[ModelData],
                        invs: list[Investment], budgets: list[float | None],
                        rate: float) -> pyo.ConcreteModel:
    n = len(periods)
    m = pyo.ConcreteModel(name=name)
    # One money unit for every block, or the periods' costs could not be added up.
    m.money = max(money(d) for d in datas)
    for d in datas:
        d.money = m.money
    m.period = pyo.Block(range(n))
    for p, d in enumerate(datas):
        b = m.period[p]
        for family in FAMILIES:
            family.add(b, d)
        b.block_cost = pyo.Expression(expr=b.obj_cost.expr)
        for obj in b.component_objects(pyo.Objective, descend_into=False):
            obj.deactivate()
        if d.policy.co2_cap is None:  # the row is always built; off without a cap
            b.co2_cap_row.deactivate()

    m.inv = pyo.Var(range(len(invs)), domain=pyo.Binary)
    serving: dict[tuple[tuple[str, str], int], list[int]] = defaultdict(list)
    for k, inv in enumerate(invs):
        for p in inv.serves:
            serving[inv.key, p].append(k)
    m.in_service = pyo.ConstraintList()
    for p, d in enumerate(datas):
        for kind, comp, ids in _components(m.period[p], d):
            for oid in ids:
                m.in_service.add(comp[oid] <= sum(m.inv[k] for k in serving[(kind, oid), p]))
    m.no_overlap = pyo.ConstraintList()
    for ks in serving.values():
        if len(ks) > 1:
            m.no_overlap.add(sum(m.inv[k] for k in ks) <= 1)
    m.budget = pyo.ConstraintList()
    for p, limit in enumerate(budgets):
        ks = [k for k, inv in enumerate(invs) if inv.period == p and inv.offer.capex]
        if limit is not None and ks:
            m.budget.add(sum(invs[k].offer.capex / m.money * m.inv[k] for k in ks)
                         <= limit / m.money)

    w = weights(periods, rate)
    capital = sum(m.inv[k] * inv.offer.annuity / m.money * sum(w[p] for p in inv.serves)
                  for k, inv in enumerate(invs) if inv.offer.annuity)
    m.total_cost = pyo.Expression(expr=sum(w[p] * m.period[p].block_cost for p in range(n))
                                  + capital)
    m.total_co2 = pyo.Expression(expr=sum(periods[p].years * m.period[p].co2_boundary
                                          for p in range(n)))
    m.obj_cost = pyo.Objective(expr=m.total_cost, sense=pyo.minimize)
    m.obj_co2 = pyo.Objective(expr=m.total_co2, sense=pyo.minimize)
    m.obj_co2.deactivate()
    m.co2_best = pyo.Param(mutable=True, initialize=0.0)
    m.co2_stage = pyo.Constraint(expr=m.total_co2 <= m.co2_best)
    m.co2_stage.deactivate()
    return m
