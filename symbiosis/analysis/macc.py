"""Marginal abatement cost curve (MACC) of every candidate link, measure and process.

Method: an incremental, model-derived MACC with re-optimisation at every step, made
monotone by pooling adjacent violators.

1. Valuation. Each set of options is valued by re-solving the park with exactly those
   options on and the scenario's own objective deciding the flows (its policy
   constraints lifted, since the baseline could not meet them). Cost is money per year
   (the carbon price is not in it); CO2 is on the curve's boundary, by default ``net``
   (the park's inventory minus the emissions avoided at partners, so that a link that
   abates at a cement plant shows its abatement) or the scenario's own boundary.
   Each option is also valued stand-alone (it alone against the baseline), the
   "expert-based" figure whose sum double-counts interacting options (Kesicki and
   Ekins 2012, "Marginal abatement cost curves: a call for caution", Climate Policy
   12(2)); the curve itself uses the incremental figures.
2. Merit order (greedy, re-optimised). Starting from the baseline, each step adds the
   remaining option with the lowest incremental cost per tonne on top of those already
   in, so interactions (a shared facility, two links competing for one by-product) are
   counted where they occur, as in the step-wise re-evaluation of interdependent options
   of Levihn, Nuur and Laestadius (2014, Energy 76). A move may be a bundle of options
   that share a facility not yet built, so its cost does not fall on whichever comes
   first (analysis/macc_order.py). The scenario optimum's options come first. One that
   saves money but abates nothing at that point (it adds CO2 on this boundary and is
   built for its saving) is taken before the next abating one and stands before the
   curve as its starting offset; one that costs money and abates nothing yet waits until
   it does, or comes last. Once the optimum's options are all in the plan is the
   scenario's optimum, so the steps up to there add up (they telescope) to the optimum's
   abatement on the same boundary. Then every other option that still abates, cheapest
   tonne first.
3. Monotone by construction. Because of interactions a later step can be cheaper per
   tonne than an earlier one (the second link through a facility the first has paid
   for). Such a step is pooled with the package before it into one package whose cost
   per tonne is its total cost over its total abatement, and pooling repeats until every
   package costs no less per tonne than the one before: the pool-adjacent-violators
   algorithm (Ayer et al. 1955, Ann. Math. Statist. 26) with the steps' abatement as
   weights. For abating steps the packages' costs per tonne are the slopes of the
   greatest convex minorant of the path's cumulative (abatement, cost) points; a step
   that abates nothing is pooled into the package before it. The curve is monotone
   because pooling only stops when the order holds. Each option keeps its own step in
   the table; its bar is its package's, at the package's cost per tonne.

A link through a facility, or to or from a process, still to be built brings it along.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable

from symbiosis.analysis.macc_order import EPS_T, Step, merit_order, pool_adjacent_violators
from symbiosis.analysis.session import Session
from symbiosis.errors import SolverError
from symbiosis.load.scenario import Scenario, unconstrained
from symbiosis.optimize.data import build_data
from symbiosis.parallel import Engine
from symbiosis.results.core import make_results

BOUNDARIES = ("net", "all", "scope12", "scope1")
METHOD = ("incremental MACC re-optimised at each step (greedy merit order), adjacent "
          "violators pooled into packages (pool-adjacent-violators) so that cost per tonne "
          "never falls along the merit order")
_LIFTED = ("force", "min_symbiosis_links", "min_participation_share",
           "min_cleaner_production_share", "co2_cap", "capex_budget", "impose_criteria",
           "no_one_worse_off")


@dataclass
class Curve:
    rows: list[dict[str, Any]]  # in merit order, then the options not in the curve
    boundary: str
    baseline_cost: float
    baseline_co2: float
    optimum_cost: float
    optimum_co2: float
    solves: int
    lifted: list[str]  # the scenario's constraints left out (the baseline cannot meet them)
    carbon_price: float = 0.0
    priced_boundary: str = "all"
    run_baseline_co2: float | None = None  # the run's baseline (today) on this boundary

    @property
    def steps_to_optimum(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["phase"] == "optimum"]

    def reconciliation(self) -> dict[str, Any]:
        """What macc.json states: the curve's abatement up to the optimum against the
        optimum's abatement on the same boundary."""
        opt = self.baseline_co2 - self.optimum_co2
        to_opt = sum(r["incremental_abatement_t"] for r in self.steps_to_optimum)
        cost_to_opt = sum(r["incremental_cost_vnd"] for r in self.steps_to_optimum)
        beyond = [r for r in self.rows if r["phase"] == "beyond optimum"]
        offset = [r for r in self.rows if r["merit_order"] and r["package"] is None]
        left = [r["id"] for r in self.rows if r["merit_order"] is None]
        tol = 1e-6 * max(1.0, abs(self.baseline_co2))
        # The curve starts from the scenario with no option; that is the run's baseline
        # unless the scenario also forbids what today has (no-symbiosis: existing links).
        run_base = self.baseline_co2 if self.run_baseline_co2 is None else self.run_baseline_co2
        same_start = abs(run_base - self.baseline_co2) <= tol
        return {
            "boundary": self.boundary, "method": METHOD,
            "priced_boundary": self.priced_boundary,
            "carbon_price_vnd_per_t": self.carbon_price,
            "lifted_constraints": self.lifted,
            "baseline": {"cost_vnd_per_year": self.baseline_cost,
                         "co2_t_per_year": self.baseline_co2},
            "optimum": {"cost_vnd_per_year": self.optimum_cost,
                        "co2_t_per_year": self.optimum_co2, "abatement_t_per_year": opt},
            "curve": {"abatement_to_optimum_t_per_year": to_opt,
                      "cost_to_optimum_vnd_per_year": cost_to_opt,
                      "offset_t_per_year": sum(r["incremental_abatement_t"] for r in offset),
                      "offset_options": [r["id"] for r in offset],
                      "beyond_optimum_t_per_year": sum(r["incremental_abatement_t"]
                                                       for r in beyond),
                      "packages": len({r["package"] for r in self.rows
                                       if r["package"] is not None}),
                      "not_in_curve": left},
            "difference_t_per_year": to_opt - opt,
            "reconciles": abs(to_opt - opt) <= tol,
            "run_baseline_co2_t_per_year": run_base,
            "starts_at_run_baseline": same_start,
            "start_note": "" if same_start else (
                "the scenario without options differs from the run's baseline by "
                f"{self.baseline_co2 - run_base:+,.0f} t CO2e/yr (what the scenario forbids "
                "or fixes apart from its options); the run's saving includes it, the curve "
                "does not"),
            "evaluations": self.solves,
        }


def _co2(totals: dict[str, float]) -> dict[str, float]:
    """CO2 of one solve on every boundary the curve can use (as results/core.py counts)."""
    inventory = totals["co2_t_per_year"]
    return {"net": inventory - totals["avoided_co2_t_per_year_external"], "all": inventory,
            "scope12": totals["scope1"] + totals["scope2"], "scope1": totals["scope1"]}


class _Evaluator:
    """Cost and CO2 (on every boundary) with exactly a given set of options on, memoised;
    the sets asked together are solved together on the engine."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.cache: dict[frozenset[str], tuple[float, dict[str, float]]] = {}

    def __call__(self, on: frozenset[str]) -> tuple[float, dict[str, float]]:
        self.prefetch([on])
        return self.cache[on]

    def prefetch(self, sets: list[frozenset[str]]) -> None:
        todo = sorted({frozenset(s) for s in sets} - set(self.cache), key=sorted)
        rows = self.engine.map(value_options, [("on", sorted(s)) for s in todo])
        for on, row in zip(todo, rows):
            self.cache[on] = (row["cost"], row["co2"])

    def start(self, options: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The scenario's optimum and the run's baseline, solved with the empty set and
        every option alone (all independent, so in one round)."""
        items = [("optimum", []), ("baseline", [])] + [("on", on) for on in
                                                        [[]] + [[o] for o in options]]
        best, base, *sets = self.engine.map(value_options, items)
        for (_, on), row in zip(items[2:], sets):
            self.cache[frozenset(on)] = (row["cost"], row["co2"])
        if "failed" in best:
            raise SolverError("the scenario without its constraints has no solution "
                              f"({best['failed']})")
        if "failed" in base:
            raise SolverError(f"the scenario's baseline has no solution ({base['failed']})")
        return best, base


def value_options(scenario: Scenario, session: Session,
                  items: list[tuple[int, tuple[str, list[str]]]]) -> list[dict[str, Any]]:
    """Engine task: cost and CO2 of ("on", options) with exactly those options on, of
    ("optimum", []) with every option free (and the options it chooses), of ("baseline",
    []) for the run's baseline (``baseline_of``)."""
    opt, inf, rows = session.optimizer, float("inf"), []
    for i, (kind, on) in items:
        if kind == "baseline":
            r = session.baseline()
            rows.append({"sample": i, **({"cost": r.totals["cost_vnd_per_year"],
                                          "co2": _co2(r.totals)} if r.ok else
                                         {"failed": r.message})})
            continue
        opt.fix_options(set(on)) if kind == "on" else opt.free_options()
        sol = opt.solve()
        if not sol.has_values:
            rows.append({"sample": i, "cost": inf, "co2": {b: inf for b in BOUNDARIES},
                         "failed": sol.message} if kind == "on" else
                        {"sample": i, "failed": sol.message})
            continue
        r = make_results(session.scenario, session.data, sol)
        row = {"sample": i, "cost": r.totals["cost_vnd_per_year"], "co2": _co2(r.totals)}
        if kind == "optimum":
            t = r.tables
            row["chosen"] = sorted(
                {x["id"] for x in t["links"] if x["built"] and not x["existing"]}
                | {x["id"] for x in t["measures"] if x["adopted"]}
                | {x["id"] for x in t["processes"] if x["built"] and not x["existing"]})
        rows.append(row)
    return rows


def macc(scenario: Scenario, progress: Callable[[int, int], None] | None = None,
         boundary: str = "net", **execution: Any) -> Curve:
    """The abatement curve of ``scenario`` on ``boundary`` (net by default)."""
    return maccs(scenario, (boundary,), progress, **execution)[boundary]


def maccs(scenario: Scenario, boundaries: tuple[str, ...] = ("net",),
          progress: Callable[[int, int], None] | None = None,
          **execution: Any) -> dict[str, Curve]:
    """One curve per boundary, sharing the solves (one evaluator); ``execution`` says
    where they run (parallel/engine.py)."""
    for b in boundaries:
        if b not in BOUNDARIES:
            raise ValueError(f"unknown CO2 boundary {b!r}; choose one of: {', '.join(BOUNDARIES)}")
    free = unconstrained(scenario)
    with Engine(free, **execution) as eng:
        return _curves(scenario, free, _Evaluator(eng), boundaries, progress)


def _curves(scenario: Scenario, free: Scenario, ev: _Evaluator, boundaries: tuple[str, ...],
            progress: Callable[[int, int], None] | None) -> dict[str, Curve]:
    data = build_data(free)
    options = list(data.candidates) + list(data.measures) + list(data.new_processes)
    found, baseline = ev.start(options)
    best, opt_cost, opt_co2 = set(found["chosen"]), found["cost"], found["co2"]
    base_cost, base_co2 = ev(frozenset())
    run_base = baseline["co2"]
    total = len(options) * (1 + 2 * len(boundaries))
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress:
            progress(min(done[0], total - 1), total)

    alone = {}
    for o in options:  # solved by ev.start
        alone[o] = ev(frozenset({o}))
        tick()
    lifted = [f.name for f in dataclasses.fields(scenario.policy) if f.name in _LIFTED
              and getattr(scenario.policy, f.name) != getattr(free.policy, f.name)]
    curves = {}
    for b in boundaries:
        steps = merit_order(ev, data, options, best, b, tick)
        rows = _rows(scenario, options, best, steps, alone, base_cost, base_co2, b)
        curves[b] = Curve(rows, b, base_cost, base_co2[b], opt_cost, opt_co2[b], 0, lifted,
                          scenario.policy.carbon_price, scenario.policy.priced_boundary,
                          run_base[b])
    for c in curves.values():
        c.solves = len(ev.cache) + 1
    if progress:
        progress(total, total)
    return curves


def _rows(scenario: Scenario, options: list[str], best: set[str], steps: list[Step],
          alone: dict[str, tuple[float, dict[str, float]]], base_cost: float,
          base: dict[str, float], b: str) -> list[dict[str, Any]]:
    _, packages = pool_adjacent_violators([(s.abated, s.cost) for s in steps])
    package_of, height = {}, {}
    for k, members in enumerate(packages, start=1):
        a = sum(steps[i].abated for i in members)
        c = sum(steps[i].cost for i in members)
        for i in members:
            package_of[i], height[i] = k, c / a
    rows = {}
    base_co2 = base[b]
    for o in options:
        cost, co2 = alone[o][0], alone[o][1][b]
        # avoided at partners = what the net boundary counts beyond the inventory
        partners = (base["net"] - alone[o][1]["net"]) - (base["all"] - alone[o][1]["all"])
        rows[o] = _describe(scenario, o) | {
            "boundary": b, "merit_order": None, "phase": "not in the curve", "package": None,
            "incremental_abatement_t": None, "incremental_cost_vnd": None,
            "incremental_vnd_per_t": None, "curve_vnd_per_t": None,
            "cumulative_abatement_t": None,
            "standalone_abatement_t": base_co2 - co2, "standalone_cost_vnd": cost - base_cost,
            "standalone_vnd_per_t": _per_t(cost - base_cost, base_co2 - co2),
            "standalone_avoided_at_partners_t": partners, "in_optimum": o in best}
    for i, s in enumerate(steps):
        rows[s.id].update({
            "merit_order": i + 1, "phase": s.phase, "package": package_of.get(i),
            "incremental_abatement_t": s.abated, "incremental_cost_vnd": s.cost,
            "incremental_vnd_per_t": _per_t(s.cost, s.abated),
            "curve_vnd_per_t": height.get(i), "cumulative_abatement_t": s.cumulative})
    chosen = [s.id for s in steps]
    return [rows[o] for o in chosen] + [rows[o] for o in options if o not in chosen]


def _per_t(cost: float, abated: float) -> float | None:
    return cost / abated if abated > EPS_T else None


def _describe(scenario: Scenario, oid: str) -> dict[str, Any]:
    park = scenario.park
    if oid in park.exchanges:
        e = park.exchanges[oid]
        return {"id": oid, "kind": "link", "name": e.name, "name_vi": e.name_vi or "",
                "tenant": e.supplier, "partner": e.receiver, "via": e.via or ""}
    if oid in park.processes:
        p = park.processes[oid]
        return {"id": oid, "kind": "process", "name": p.name,
                "name_vi": p.name_vi or "", "tenant": p.tenant,
                "partner": "", "via": ""}
    m = park.measures[oid]
    return {"id": oid, "kind": "measure", "name": m.name, "name_vi": m.name_vi or "",
            "tenant": m.tenant, "partner": "", "via": ""}
