"""Assembles the Pyomo model from its constraint families, once per scenario."""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize import (balances, distance, emissions, exchanges, measures,
                                near_optimal, objective, params, policy, processes, quality,
                                resilience, sharing, symbiosis)
from symbiosis.optimize.data import ModelData

FAMILIES = (params, exchanges, measures, processes, balances, quality, emissions, policy,
            symbiosis, resilience, sharing, objective, near_optimal, distance)


def build_model(d: ModelData) -> pyo.ConcreteModel:
    m = pyo.ConcreteModel(name=d.scenario.id)
    for family in FAMILIES:
        family.add(m, d)
    return m
