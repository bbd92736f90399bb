"""Constraint family: quality limits of what a need receives.

A need (tenant t, input r) may limit a property q of the stream it receives, mixed over
its supplies. With each supply's property fixed (c_e of what link e delivers, c_buy of
what is bought), the mixed value is linear in the flows, so a maximum is

    Σ_e (c_e − c_max) · ratio_e · flow_e + (c_buy − c_max) · buy[t, r] ≤ 0

and a minimum the same with both signs turned (c_min − c). Both are written as one
``≤ 0`` row of coefficients ``sign · (c − limit) · ratio``, divided by the row's largest
|coefficient| so every row sits near 1 whatever the property's unit. Coefficients are
mutable Params (``params.py``: ``q_link``, ``q_buy``) that exist only where non-zero, so a
row holds only the supplies that move it; a row with none is left out.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData

SIDES = (("max", 1.0), ("min", -1.0))


def coefficients(d: ModelData) -> dict[str, dict[tuple, float]]:
    """{"q_link": {(t, r, q, side, link): coef}, "q_buy": {(t, r, q, side): coef}}."""
    park = d.park
    qual = park.quality
    link: dict[tuple, float] = {}
    buy: dict[tuple, float] = {}
    for (t, r), props in qual.needs():
        if (t, r) not in d.need_ub:
            continue
        bought = (t, r) in d.buys
        for q, bounds in props.items():
            for (side, sign), limit in zip(SIDES, (bounds.max, bounds.min)):
                if limit is None:
                    continue
                row = (t, r, q, side)
                terms = {e: sign * (qual.of_link(park.exchanges[e], q) - limit)
                         * park.exchanges[e].ratio for e in d.in_links[t, r]}
                b = sign * (qual.of_purchase(r, q) - limit) if bought else 0.0
                big = max([abs(b), *map(abs, terms.values())])
                if big == 0.0:
                    continue
                link.update({(*row, e): c / big for e, c in terms.items()})
                if bought:
                    buy[row] = b / big
    return {"q_link": link, "q_buy": buy}


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    # The Params hold only non-zero coefficients (params.add), so they name each row's terms.
    terms: dict[tuple, list[str]] = {}
    for k in m.q_buy:
        terms.setdefault(k, [])
    for k in m.q_link:
        terms.setdefault(k[:4], []).append(k[4])

    def limit(_, t, r, q, side):
        row = (t, r, q, side)
        body = sum(m.q_link[(*row, e)] * m.flow[e] for e in terms[row])
        if row in m.q_buy:
            body = body + m.q_buy[row] * m.buy[t, r]
        return body <= 0

    m.quality_limit = pyo.Constraint(list(terms), rule=limit)
