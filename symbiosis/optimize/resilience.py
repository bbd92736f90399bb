"""Constraint family: value resilience, by penalising dependence on a single supplier.

For every tenant × input it can buy (``d.in_links``) and every supplier of that input
among the links, what that supplier delivers beyond ``max_supplier_share`` of the
need is a slack:

    Σ_{links e from s to t for r} ratio_e · flow_e ≤ share · need[t, r] + excess[t, r, s]

and each unit of excess costs ``penalty`` × the market price of the input in the
objective (not in the reported cost: it is a preference, not money paid). A
penalty below a link's value per unit keeps the link full and only steers ties
(towards several suppliers); a penalty above it caps one supplier at the share.
Inputs that cannot be bought are left out (no price to scale the penalty; the
disruption simulation shows those dependencies). On only when the scenario sets
``policy.resilience``.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.params import money


def groups(d: ModelData) -> dict[tuple[str, str, str], list[str]]:
    """(receiver, input, supplier) → the links from that supplier for that input."""
    res = d.park.resources
    out: dict[tuple[str, str, str], list[str]] = {}
    for (t, r), links in d.in_links.items():
        if not res[r].purchasable:
            continue
        for e in links:
            out.setdefault((t, r, d.park.exchanges[e].supplier), []).append(e)
    return out


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    pol = d.policy
    if pol.resilience_share is None:
        return
    g = groups(d)
    keys = sorted(g)
    ex, res = d.park.exchanges, d.park.resources
    ub = {k: sum(ex[e].ratio * d.flow_ub[e] for e in g[k]) for k in keys}
    m.resilience_excess = pyo.Var(keys, domain=pyo.NonNegativeReals,
                                  bounds=lambda _, t, r, s: (0, ub[t, r, s]))
    m.resilience_row = pyo.Constraint(keys, rule=lambda _, t, r, s: sum(
        m.ratio[e] * m.flow[e] for e in g[t, r, s])
        <= pol.resilience_share * (m.need[t, r] if (t, r) in m.need else m.process_need[t, r])
        + m.resilience_excess[t, r, s])
    price = {k: pol.resilience_penalty * res[k[1]].price / money(d) for k in keys}
    m.resilience_penalty = pyo.Expression(expr=sum(
        price[k] * m.resilience_excess[k] for k in keys if price[k]))
