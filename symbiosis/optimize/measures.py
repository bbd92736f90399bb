"""Constraint family: cleaner-production measures inside one tenant.

A measure is a binary; adopting it scales or shifts its tenant's inputs, outputs
and direct emissions. The amounts each tenant needs and releases are expressions
here, used by the balances.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData, changes


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    m.adopt = pyo.Var(d.measures, domain=pyo.Binary)
    for mid in d.measures:
        if mid in d.forced:
            m.adopt[mid].fix(1)
    park = d.park

    def amount(side: str, t: str, r: str):
        expr = getattr(park.tenants[t], side)[r]
        for mid, change in changes(d, t, side, r):
            if change:
                expr = expr + change * m.adopt[mid]
        return expr

    m.need = pyo.Expression(list(d.need_ub), rule=lambda _, t, r: amount("inputs", t, r))
    m.release = pyo.Expression(list(d.release_ub), rule=lambda _, t, r: amount("outputs", t, r))
