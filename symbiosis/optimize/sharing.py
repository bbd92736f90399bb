"""Constraint family: no park enterprise ends worse off than in the baseline.

Transfer payments between the enterprises at the two ends of each link (and the
facility it passes through) become variables; each enterprise's annual cost with
the carbon price, after transfers, must not exceed its baseline cost. Payments on
a link that is not built are zero. On only when the scenario asks for it
(``policy.no_one_worse_off``); the baseline costs come from the run's baseline.
"""

from __future__ import annotations

from collections import defaultdict

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.emissions import BOUNDARIES, variable
from symbiosis.optimize.exchanges import build_value
from symbiosis.optimize.params import money


def transfer_pairs(d: ModelData) -> list[tuple[str, str, str]]:
    """(link, payer enterprise, payee enterprise) for every pair a link joins."""
    ten = d.park.tenants
    out = []
    for e in d.flows:
        x = d.park.exchanges[e]
        sup = ten[d.owner(x.supplier)].enterprise  # a process's owner for a process end
        others = [ten[d.owner(n)].enterprise for n in (x.receiver, x.via)
                  if n is not None and d.owner(n) in ten]
        for other in dict.fromkeys(others):
            if other != sup:
                out.append((e, other, sup))
    return out


def carbon_weights(boundary: str) -> dict[str, float]:
    names = BOUNDARIES[boundary]
    w = {"scope1": 0.0, "scope2": 0.0, "scope3": 0.0, "disposal": 0.0, "avoided": 0.0}
    for n in names:
        key = {"scope3_upstream": "scope3", "-avoided": "avoided"}.get(n, n)
        w[key] = -1.0 if n == "-avoided" else 1.0
    return w


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    pol = d.policy
    if not pol.no_one_worse_off:
        return
    base = pol.baseline_enterprise_costs or {}
    ten = d.park.tenants
    w = carbon_weights(pol.priced_boundary)
    cp, gf = pol.carbon_price, pol.grid_factor
    unit = money(d)

    def unit_cost(t) -> float:
        co2 = (w["scope1"] * t.scope1 + w["scope2"] * gf * t.grid_mwh + w["scope3"] * t.scope3
               + w["disposal"] * t.disposal + w["avoided"] * t.avoided)
        return (t.cost + cp * co2) / unit

    expr: dict[str, object] = defaultdict(float)
    for key, terms in d.terms.items():
        per_ent: dict[str, float] = defaultdict(float)
        for t in terms:
            per_ent[ten[t.tenant].enterprise if t.tenant in ten else t.tenant] += unit_cost(t)
        for ent, c in per_ent.items():
            if c:
                expr[ent] = expr[ent] + c * variable(m, key)
    for t in d.constant_terms:
        ent = ten[t.tenant].enterprise
        expr[ent] = expr[ent] + unit_cost(t)

    pairs = transfer_pairs(d)
    bound = {i: link_value_bound(d, e) / unit for i, (e, _, _) in enumerate(pairs)}
    m.transfer = pyo.Var(range(len(pairs)), domain=pyo.Reals)
    m.transfer_hi = pyo.Constraint(range(len(pairs)), rule=lambda _, i: m.transfer[i]
                                   <= bound[i] * build_value(m, d, pairs[i][0]))
    m.transfer_lo = pyo.Constraint(range(len(pairs)), rule=lambda _, i: m.transfer[i]
                                   >= -bound[i] * build_value(m, d, pairs[i][0]))
    for i, (_, payer, payee) in enumerate(pairs):
        expr[payer] = expr[payer] + m.transfer[i]
        expr[payee] = expr[payee] - m.transfer[i]
    ents = sorted(e for e in set(expr) & set(base) if not isinstance(expr[e], float))
    m.no_worse_off = pyo.Constraint(ents, rule=lambda _, ent: expr[ent] <= base[ent] / unit)
    # Many payment sets keep everyone whole; a last solve picks the one moving least money.
    m.transfer_abs = pyo.Var(range(len(pairs)), domain=pyo.NonNegativeReals)
    m.transfer_abs_hi = pyo.Constraint(range(len(pairs)),
                                       rule=lambda _, i: m.transfer_abs[i] >= m.transfer[i])
    m.transfer_abs_lo = pyo.Constraint(range(len(pairs)),
                                       rule=lambda _, i: m.transfer_abs[i] >= -m.transfer[i])
    m.obj_transfers = pyo.Objective(expr=sum(m.transfer_abs.values()), sense=pyo.minimize)
    m.obj_transfers.deactivate()


def link_value_bound(d: ModelData, e: str) -> float:
    """Most a link can be worth in a year (VND): a payment on it never needs to exceed this.

    Its full flow times what each end would otherwise pay per unit (disposal or lost
    sale at the supplier, purchase at the receiver, both with the carbon price) plus
    its own costs, which a payment may reimburse.
    """
    pol, res = d.policy, d.park.resources
    x = d.park.exchanges[e]
    cp, gf = pol.carbon_price, pol.grid_factor
    s, r = res[x.resource], res[x.replaces]
    supplier = max(abs(s.disposal_cost or 0.0) + cp * s.disposal_co2, abs(s.sale_price or 0.0))
    receiver = abs(r.price or 0.0) + cp * (r.upstream_co2 + r.use_co2)
    if x.replaces == d.park.electricity:
        receiver += cp * gf
    per_unit = supplier + x.ratio * receiver + abs(x.opex_var) + abs(x.price) + cp * s.use_co2
    fixed = sum(abs(t.cost) for t in d.terms.get(("build", e), ()))
    return d.flow_ub[e] * per_unit + fixed
