"""Objective family: annual cost with the carbon price, or CO2 on the chosen boundary.

Both objectives exist on every model; the solve switches which one is active, so
the lexicographic solves (CO2 first then cost at that CO2, or the other way round)
need no rebuild.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    m.carbon_cost = pyo.Expression(expr=m.carbon_price * m.co2_priced)
    m.cost = pyo.Expression(expr=m.cost_before_carbon + m.carbon_cost)
    # A resilience penalty steers the choice but is no money paid: it stays out of m.cost.
    m.obj_cost = pyo.Objective(expr=m.cost + getattr(m, "resilience_penalty", 0.0),
                               sense=pyo.minimize)
    m.obj_co2 = pyo.Objective(expr=m.co2_boundary, sense=pyo.minimize)
    m.obj_co2.deactivate()
    # Bound for the second stage of a CO2-first solve; off until that stage.
    m.co2_best = pyo.Param(mutable=True, initialize=0.0)
    m.co2_stage = pyo.Constraint(expr=m.co2_boundary <= m.co2_best)
    m.co2_stage.deactivate()
    m.cost_best = pyo.Param(mutable=True, initialize=0.0)
    m.cost_stage = pyo.Constraint(expr=m.cost <= m.cost_best)
    m.cost_stage.deactivate()
