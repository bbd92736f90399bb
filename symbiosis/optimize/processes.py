"""Constraint family: conversion processes (CHP, biogas reactors, sulphur recovery…).

A process runs each of its modes at a throughput run[p, mode] ≥ 0; per unit of run it
needs and releases fixed amounts, so need[p, r] = Σ_mode in[p, mode, r]·run[p, mode]
and release[p, r] = Σ_mode out[p, mode, r]·run[p, mode], which the balances close like
a tenant's. Σ_mode run ≤ capacity × open and ≥ minimum × open, where open is a binary
for a process still to be built and 1 for an existing one.
"""

from __future__ import annotations

import pyomo.environ as pyo

from symbiosis.optimize.data import ModelData


def add(m: pyo.ConcreteModel, d: ModelData) -> None:
    m.run = pyo.Var(d.runs, domain=pyo.NonNegativeReals)
    m.open = pyo.Var(d.new_processes, domain=pyo.Binary)
    for p in d.new_processes:
        if p in d.forced:
            m.open[p].fix(1)
    procs = d.park.processes
    modes = {p: list(procs[p].modes) for p in d.processes}
    made = {(p, mode, side): procs[p].yields(mode, side) for p in d.processes
            for mode in modes[p] for side in ("inputs", "outputs")}

    def amount(side: str, p: str, r: str):
        y = m.proc_yield
        return sum(y[p, mode, side, r] * m.run[p, mode] for mode in modes[p]
                   if made[p, mode, side].get(r))  # non-zero only (signature holds them)

    m.process_need = pyo.Expression(d.process_needs, rule=lambda _, p, r: amount("inputs", p, r))
    m.process_release = pyo.Expression(d.process_releases,
                                       rule=lambda _, p, r: amount("outputs", p, r))

    def opened(p: str):
        return m.open[p] if p in m.open else 1.0

    def throughput(p: str):
        return sum(m.run[p, mode] for mode in modes[p])

    m.process_capacity = pyo.Constraint(
        list(m.proc_cap.index_set()), rule=lambda _, p: throughput(p) <= m.proc_cap[p] * opened(p))
    m.process_minimum = pyo.Constraint(
        list(m.proc_min.index_set()), rule=lambda _, p: throughput(p) >= m.proc_min[p] * opened(p))
