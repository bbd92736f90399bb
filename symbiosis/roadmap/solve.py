"""Solve a roadmap and read each period's year back as ordinary Results.

Each period's block is read into a ``Solution`` and turned into ``Results`` with
``make_results``, so the period's tables, KPIs and Decree 35 status come from the same
code as a single-year run. Those Results hold the operating view of the year (no
capital); the roadmap adds the annuities of the investments serving the period.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

import pyomo.environ as pyo

from symbiosis import api
from symbiosis.load.scenario import Scenario, baseline_of
from symbiosis.optimize.data import ModelData
from symbiosis.optimize import audited, solvers
from symbiosis.optimize.solve import STAGE_TOLERANCE, Optimizer, Solution
from symbiosis.results.core import Results, make_results
from symbiosis.roadmap.model import Investment, build_roadmap_model, investments, weights
from symbiosis.roadmap.path import co2_path, path_summary
from symbiosis.roadmap.periods import operating_data, period_scenario
from symbiosis.roadmap.spec import Period, RoadmapSpec, read_spec

Key = tuple[str, str]  # (kind, option id): kind build (link), hub (facility), adopt (measure)


@dataclass
class PeriodResult:
    period: Period
    scenario: Scenario
    data: ModelData
    results: Results             # the period's year: operating cost, CO2, KPIs, Decree 35
    baseline: Results | None     # the same year with nothing new built
    invested: list[Key]          # bought at the start of this period
    new_capex: float             # VND
    paid: list[Key]              # options whose annuity runs in this period
    capital: float               # VND per year: those annuities
    budget: float | None
    criteria_imposed: bool
    absent: list[str]

    @property
    def used(self) -> list[Key]:
        t = self.results.tables
        return ([("build", x["id"]) for x in t["links"] if x["built"] and not x["existing"]]
                + [("hub", x["id"]) for x in t["facilities"] if x["built"] and not x["existing"]]
                + [("adopt", x["id"]) for x in t["measures"] if x["adopted"]]
                + [("open", x["id"]) for x in t.get("processes", [])
                   if x["built"] and not x["existing"]])

    @property
    def idle(self) -> list[Key]:
        used = set(self.used)
        return [k for k in self.paid if k not in used]

    @property
    def cost(self) -> float:
        """Annual cost without carbon: operating + the annuities paid in the period."""
        return self.results.totals["cost_vnd_per_year"] + self.capital


@dataclass
class Roadmap:
    scenario: Scenario
    spec: RoadmapSpec
    status: str
    message: str = ""
    objective: float | None = None        # VND, present value at the first year
    weights: list[float] = field(default_factory=list)
    periods: list[PeriodResult] = field(default_factory=list)
    investments: list[tuple[Investment, bool]] = field(default_factory=list)
    path: list[dict[str, Any]] = field(default_factory=list)
    solve_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "feasible")

    def path_summary(self) -> dict[str, Any]:
        return path_summary(self.path) if self.path else {}


def _options(scenario: Scenario) -> dict[str, Any]:
    sv = scenario.solver
    # Counted as small: roadmaps have always run without HiGHS's sub-MIP heuristics.
    return solvers.options(sv.name, 0, sv.time_limit, sv.mip_gap, sv.threads, sv.options)


def _run(m: pyo.ConcreteModel, scenario: Scenario, solver, audit_it: bool = False,
         ) -> tuple[str, str]:
    opts = _options(scenario)
    status, res = audited.run(solver, m, opts)
    msg = res.termination_condition.name
    if audit_it and status in ("optimal", "feasible"):
        check = audited.audit_loaded(solver, m, opts, res, scenario.solver.mip_gap)
        if not check.ok:
            return "suspect", f"audit failed: {check.message}"
    return status, msg


def block_solution(b: pyo.Block, status: str) -> Solution:
    """A period block's values as the single-year ``Solution`` (cost without capital)."""
    def vals(comp, binary=False):
        out = {}
        for k, v in comp.items():
            x = v.value if v.value is not None else 0.0
            out[k] = float(round(x)) if binary else (0.0 if abs(x) < 1e-9 else float(x))
        return out

    sol = Solution(status=status, objective=pyo.value(b.cost) * b.model().money)
    sol.flow, sol.build, sol.hub = vals(b.flow), vals(b.build, True), vals(b.hub, True)
    sol.adopt = vals(b.adopt, True)
    sol.buy, sol.dispose, sol.sell = vals(b.buy), vals(b.dispose), vals(b.sell)
    sol.run, sol.open = vals(b.run), vals(b.open, True)
    return sol


def solve_roadmap(scenario: Scenario, progress: Callable[[int, int], None] | None = None,
                  ) -> Roadmap:
    """Build and solve the roadmap of ``scenario`` (its ``roadmap:`` section)."""
    spec = read_spec(scenario)
    n = len(spec.periods)
    scens = [period_scenario(scenario, spec, i) for i in range(n)]
    built = [operating_data(s) for s in scens]
    datas = [d for d, _ in built]
    invs = investments(spec.periods, [o for _, o in built])
    m = build_roadmap_model(scenario.id, spec.periods, datas, invs, spec.budgets,
                            spec.discount_rate)
    steps = n + 1
    tick = progress or (lambda done, total: None)
    tick(0, steps)
    start = time.perf_counter()
    solver = solvers.make(scenario.solver.name)
    if scenario.policy.objective == "co2":
        m.obj_cost.deactivate()
        m.obj_co2.activate()
        status, msg = _run(m, scenario, solver)
        if status in ("optimal", "feasible"):
            best = pyo.value(m.total_co2)
            m.co2_best.set_value(best + STAGE_TOLERANCE * max(1.0, abs(best)))
            m.co2_stage.activate()
            m.obj_co2.deactivate()
            m.obj_cost.activate()
            status, msg = _run(m, scenario, solver, audit_it=True)
    else:
        status, msg = _run(m, scenario, solver, audit_it=True)
    rm = Roadmap(scenario, spec, status, msg, weights=weights(spec.periods, spec.discount_rate),
                 solve_seconds=time.perf_counter() - start)
    tick(1, steps)
    if not rm.ok:
        rm.message = _why(status, msg, spec.names, datas)
        return rm
    rm.objective = pyo.value(m.total_cost) * m.money
    chosen = [pyo.value(m.inv[k]) > 0.5 for k in range(len(invs))]
    rm.investments = list(zip(invs, chosen))
    for p in range(n):
        rm.periods.append(_period(rm, p, scens[p], datas[p], m.period[p], status))
        tick(p + 2, steps)
    first = rm.periods[0]
    base0 = first.baseline.totals["co2_boundary_t_per_year"] if first.baseline and \
        first.baseline.ok else first.results.totals["co2_boundary_t_per_year"]
    rm.path = co2_path(spec.periods,
                       [r.results.totals["co2_boundary_t_per_year"] for r in rm.periods],
                       base0, spec.net_zero_year)
    return rm


def _period(rm: Roadmap, p: int, scen: Scenario, d: ModelData, b: pyo.Block,
            status: str) -> PeriodResult:
    spec = rm.spec
    base = api.solve(baseline_of(scen))
    results = make_results(scen, d, block_solution(b, status), base if base.ok else None)
    bought = [inv for inv, on in rm.investments if on and inv.period == p]
    paying = [inv for inv, on in rm.investments if on and p in inv.serves]
    imposed = scen.policy.impose_criteria
    return PeriodResult(
        period=spec.periods[p], scenario=scen, data=d, results=results, baseline=base,
        invested=[inv.key for inv in bought], new_capex=sum(inv.offer.capex for inv in bought),
        paid=[inv.key for inv in paying], capital=sum(inv.offer.annuity for inv in paying),
        budget=spec.budgets[p], criteria_imposed=imposed, absent=sorted(spec.absent[p]))


def _why(status: str, msg: str, names: list[str], datas: list[ModelData]) -> str:
    """Which period cannot be solved on its own, if one cannot."""
    if status == "suspect":
        return msg
    if status != "infeasible":
        return f"the solver stopped without a solution ({msg})"
    alone = [name for name, d in zip(names, datas)
             if Optimizer(d).solve().status == "infeasible"]
    if alone:
        return (f"period(s) {', '.join(alone)} have no solution even on their own (their "
                "criteria, CO2 cap or tenants); `symbiosis run` on a scenario with that "
                "period's values explains why")
    return ("every period has a solution on its own, but not together: the capital budgets "
            "cannot pay for what the periods need (criteria, caps, forced options)")
