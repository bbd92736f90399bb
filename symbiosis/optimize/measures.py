"""Constraint family: cleaner-production measures inside one tenant.

A measure is a binary; adopting it scales or shifts its tenant's inputs, outputs
and direct emissions. The amounts each tenant needs and releases are expressions
here, used by the balances.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData, changes


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    # initialize: a measure whose effects are all zero (its plant stopped) is in no row;
    # it must still read as not adopted when the active objective does not price it either.
    m.adopt = pyo.Var(d.measures, domain=pyo.Binary, initialize=0)
    for mid in d.measures:
        if mid in d.forced:
            m.adopt[mid].fix(1)

    def amount(kind: str, t: str, r: str):
        base = getattr(m, f"{kind}_base")[t, r]
        change = getattr(m, f"{kind}_change")
        return base + sum(change[mid, t, r] * m.adopt[mid]
                          for mid, c in changes(d, t, "inputs" if kind == "need" else "outputs", r)
                          if c)

    # Tenants' amounts; those of conversion processes are ``processes.py``'s.
    ten = d.park.tenants
    m.need = pyo.Expression([k for k in d.need_ub if k[0] in ten],
                            rule=lambda _, t, r: amount("need", t, r))
    m.release = pyo.Expression([k for k in d.release_ub if k[0] in ten],
                               rule=lambda _, t, r: amount("release", t, r))
