"""Constraint family: the near-optimal cap of the alternatives search (MGA).

Near-optimal alternatives are plans whose value on the scenario's objective stays within a
slack of the optimum C*. The cap is C* + slack·|C*| rather than (1 + slack)·C*: the
objective (cost with the carbon price, minus sales) can be negative, and (1 + slack)·C*
would then ask for plans *cheaper* than the optimum. For C* > 0 the two are the same.

The capped quantity is the scenario's objective as money: ``m.cost`` (the annual cost with
the carbon price, what a solve reports as its objective; a resilience penalty is a
preference, not money, and stays out), or the CO2 on the objective boundary when the
scenario's objective is CO2. The row exists on every model, switched off, so that the
alternatives search switches it on without rebuilding the model.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.params import money


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    m.near_cap = pyo.Param(mutable=True, initialize=0.0)
    target = m.co2_boundary if d.policy.objective == "co2" else m.cost
    m.near_optimal = pyo.Constraint(expr=target <= m.near_cap)
    m.near_optimal.deactivate()


def cap(optimum: float, slack: float) -> float:
    """The highest objective value a plan within ``slack`` of ``optimum`` may have."""
    return optimum + slack * abs(optimum)


def within(value: float | None, limit: float) -> bool:
    """Whether ``value`` respects the cap, with the solver's relative tolerance (1e-6)."""
    return value is not None and value <= limit + 1e-6 * max(1.0, abs(limit))


def set_cap(m: pyo.ConcreteModel, d: ModelData, limit: float | None) -> None:
    """Cap the objective at ``limit`` (currency per year, or t CO2e for a CO2 objective);
    None lifts the cap."""
    if limit is None:
        m.near_optimal.deactivate()
        return
    unit = 1.0 if d.policy.objective == "co2" else money(d)
    m.near_cap.set_value(limit / unit)
    m.near_optimal.activate()
