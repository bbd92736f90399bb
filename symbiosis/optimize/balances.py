"""Constraint family: resource balances of every tenant and partner.

Released by-product = flows out + disposed + sold; input needed = Σ ratio × flows
in + purchased; a conversion process's amounts (``processes.py``) close the same way.
A by-product with nowhere to go, or an input that cannot be bought and is not supplied,
makes the scenario infeasible (the checks warn beforehand).
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    # No explicit upper bounds: the balances below already hold these within the amounts.
    m.buy = pyo.Var(d.buys, domain=pyo.NonNegativeReals)
    m.dispose = pyo.Var(d.disposes, domain=pyo.NonNegativeReals)
    m.sell = pyo.Var(d.sells, domain=pyo.NonNegativeReals)

    def released(t, r):
        return m.release[t, r] if (t, r) in m.release else m.process_release[t, r]

    def needed(t, r):
        return m.need[t, r] if (t, r) in m.need else m.process_need[t, r]

    def outgoing(_, t, r):
        used = sum(m.flow[e] for e in d.out_links[t, r])
        if (t, r) in m.dispose:
            used = used + m.dispose[t, r]
        if (t, r) in m.sell:
            used = used + m.sell[t, r]
        return released(t, r) == used

    def incoming(_, t, r):
        got = sum(m.ratio[e] * m.flow[e] for e in d.in_links[t, r])
        if (t, r) in m.buy:
            got = got + m.buy[t, r]
        return needed(t, r) == got

    m.released = pyo.Constraint(list(d.release_ub), rule=outgoing)
    m.supplied = pyo.Constraint(list(d.need_ub), rule=incoming)
    m.partner_demand = pyo.Constraint(
        list(m.demand.index_set()),
        rule=lambda _, p, r: sum(m.ratio[e] * m.flow[e] for e in d.partner_links[p, r])
        <= m.demand[p, r])
