"""Marginal abatement cost curve of every candidate link, measure and conversion process.

Each option is valued against the baseline two ways, with the scenario's own
objective deciding the flows (its policy constraints lifted, since the baseline
could not meet them):
- stand-alone: the option alone, every other option off;
- incremental: options added one at a time in merit order (the cheapest tonne
  first), each valued on top of those already in, so interactions are counted.
  The merit order first takes the options the scenario's optimum builds, then any
  other option that still abates; once all the optimum's options are in, the curve
  has reached the scenario's optimum, so its abatement adds up to the scenario's.
A link through a facility, or to or from a process, still to be built brings it along.
Costs are money (the carbon price is not counted in them); CO2 is on the scenario's
boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.errors import SolverError
from symbiosis.load.scenario import Scenario, unconstrained
from symbiosis.results.core import make_results

EPS_T = 1e-6  # t CO2e: less abatement than this is none


@dataclass
class Curve:
    rows: list[dict[str, Any]]
    baseline_cost: float
    baseline_co2: float
    optimum_cost: float
    optimum_co2: float
    solves: int


class _Evaluator:
    """Cost and CO2 with exactly a given set of options on, memoised."""

    def __init__(self, scenario: Scenario):
        self.session = Session(scenario, with_baseline=False)
        self.cache: dict[frozenset[str], tuple[float, float]] = {}

    def __call__(self, on: frozenset[str]) -> tuple[float, float]:
        if on not in self.cache:
            opt = self.session.optimizer
            opt.fix_options(set(on))
            sol = opt.solve()
            if not sol.has_values:
                self.cache[on] = (float("inf"), float("inf"))
            else:
                r = make_results(self.session.scenario, self.session.data, sol)
                self.cache[on] = (r.totals["cost_vnd_per_year"],
                                  r.totals["co2_boundary_t_per_year"])
        return self.cache[on]

    def optimum(self) -> tuple[set[str], float, float]:
        opt = self.session.optimizer
        opt.free_options()
        sol = opt.solve()
        if not sol.has_values:
            raise SolverError(f"the scenario without its constraints has no solution ({sol.message})")
        r = make_results(self.session.scenario, self.session.data, sol)
        chosen = {x["id"] for x in r.tables["links"] if x["built"] and not x["existing"]}
        chosen |= {x["id"] for x in r.tables["measures"] if x["adopted"]}
        chosen |= {x["id"] for x in r.tables["processes"] if x["built"] and not x["existing"]}
        return chosen, r.totals["cost_vnd_per_year"], r.totals["co2_boundary_t_per_year"]


def macc(scenario: Scenario, progress: Callable[[int, int], None] | None = None) -> Curve:
    free = unconstrained(scenario)
    ev = _Evaluator(free)
    data = ev.session.data
    options = list(data.candidates) + list(data.measures) + list(data.new_processes)
    base_cost, base_co2 = ev(frozenset())
    best, opt_cost, opt_co2 = ev.optimum()

    rows = {}
    for i, o in enumerate(options):
        cost, co2 = ev(frozenset({o}))
        rows[o] = _describe(scenario, o) | {
            "standalone_abatement_t": base_co2 - co2,
            "standalone_cost_vnd": cost - base_cost,
            "standalone_vnd_per_t": _per_t(cost - base_cost, base_co2 - co2)}
        if progress:
            progress(i + 1, len(options) * 2)

    chosen: list[str] = []
    state = frozenset()
    cost_now, co2_now = base_cost, base_co2
    for phase, pool in (("optimum", [o for o in options if o in best]),
                        ("beyond optimum", [o for o in options if o not in best])):
        pool = list(pool)
        while pool:
            trials = {o: ev(state | {o}) for o in pool}
            abating = {o: v for o, v in trials.items() if co2_now - v[1] > EPS_T}
            if abating:
                pick = min(abating, key=lambda o: ((abating[o][0] - cost_now)
                                                   / (co2_now - abating[o][1]), o))
            elif phase == "optimum":  # needed by the optimum though it abates nothing alone
                pick = min(trials, key=lambda o: (trials[o][0] - cost_now, o))
            else:
                break
            cost, co2 = trials[pick]
            rows[pick].update({
                "merit_order": len(chosen) + 1, "phase": phase,
                "incremental_abatement_t": co2_now - co2,
                "incremental_cost_vnd": cost - cost_now,
                "incremental_vnd_per_t": _per_t(cost - cost_now, co2_now - co2),
                "cumulative_abatement_t": base_co2 - co2})
            chosen.append(pick)
            pool.remove(pick)
            state = state | {pick}
            cost_now, co2_now = cost, co2
            if progress:
                progress(len(options) + len(chosen), len(options) * 2)
    ordered = [rows[o] for o in chosen] + [rows[o] for o in options if o not in chosen]
    for row in ordered:
        row.setdefault("merit_order", None)
        row.setdefault("phase", "not in the curve")
        for k in ("incremental_abatement_t", "incremental_cost_vnd", "incremental_vnd_per_t",
                  "cumulative_abatement_t"):
            row.setdefault(k, None)
        row["in_optimum"] = row["id"] in best
    if progress:
        progress(len(options) * 2, len(options) * 2)
    return Curve(ordered, base_cost, base_co2, opt_cost, opt_co2, len(ev.cache) + 1)


def _per_t(cost: float, abated: float) -> float | None:
    return cost / abated if abated > EPS_T else None


def _describe(scenario: Scenario, oid: str) -> dict[str, Any]:
    park = scenario.park
    if oid in park.exchanges:
        e = park.exchanges[oid]
        return {"id": oid, "kind": "link", "name": e.name, "tenant": e.supplier,
                "partner": e.receiver, "via": e.via or ""}
    if oid in park.processes:
        p = park.processes[oid]
        return {"id": oid, "kind": "process", "name": p.name, "tenant": p.tenant,
                "partner": "", "via": ""}
    m = park.measures[oid]
    return {"id": oid, "kind": "measure", "name": m.name, "tenant": m.tenant, "partner": "",
            "via": ""}
