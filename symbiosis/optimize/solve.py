"""Solving with HiGHS (through Pyomo's persistent interface) and reading the answer.

The answer leaves this module as a ``Solution`` of plain numbers: nothing after the
optimize stage touches Pyomo.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyomo.environ as pyo
from pyomo.contrib.solver.common.factory import SolverFactory
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition

from symbiosis.optimize.data import ModelData, gc_paused
from symbiosis.optimize import params
from symbiosis.optimize.model import build_model

# Park models are small MIPs that branch-and-bound closes in a few nodes; HiGHS's
# sub-MIP heuristics then take most of the time (0.11 of 0.14 s on Tằng Loỏng).
# A scenario's solver.options can turn them back on for large parks.
HIGHS_DEFAULTS = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False,
                  "mip_heuristic_run_root_reduced_cost": False}
# Beyond about a hundred build and adopt decisions it is the other way round: the sub-MIP
# heuristics find the good solutions. Synthetic parks (symbiosis.synthetic), to a 1e-6 gap:
# 208 binaries 5 s with them, 14 s without; 505 binaries 0.02% against 0.7% after 120 s;
# 500 tenants / 5,000 links to a 1% gap, 0.3% in 6 s against 1.6% after 300 s. Larger
# models therefore keep HiGHS's own defaults.
SMALL_MODEL_BINARIES = 100
STAGE_TOLERANCE = 1e-7  # relative slack on a first-stage optimum when optimising the next


@dataclass
class Solution:
    status: str  # optimal | feasible | infeasible | error
    message: str = ""
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    flow: dict[str, float] = field(default_factory=dict)
    build: dict[str, float] = field(default_factory=dict)
    hub: dict[str, float] = field(default_factory=dict)
    adopt: dict[str, float] = field(default_factory=dict)
    buy: dict[tuple[str, str], float] = field(default_factory=dict)
    dispose: dict[tuple[str, str], float] = field(default_factory=dict)
    sell: dict[tuple[str, str], float] = field(default_factory=dict)
    run: dict[tuple[str, str], float] = field(default_factory=dict)  # (process, mode)
    open: dict[str, float] = field(default_factory=dict)  # build of a new process
    transfer: dict[int, float] = field(default_factory=dict)

    @property
    def has_values(self) -> bool:
        return self.status in ("optimal", "feasible")

    def value(self, key: tuple[str, ...]) -> float:
        kind, rest = key[0], key[1:]
        table = getattr(self, kind)
        return table.get(rest[0] if len(rest) == 1 else rest, 0.0)


class Optimizer:
    """One built model and its persistent HiGHS instance; solve as often as needed.

    ``update`` takes new numbers for the same park without rebuilding when the model's
    shape is unchanged; ``fix_options`` pins builds and adoptions for enumerations.
    """

    def __init__(self, data: ModelData):
        self.rebuilds = -1
        self._build(data)

    def _build(self, data: ModelData) -> None:
        self.data = data
        with gc_paused(), params.reuse_values(data):
            self.model = build_model(data)
            self.shape = params.signature(data)
        self.solver = SolverFactory("highs")
        self.rebuilds += 1
        self._cap_switch()

    def _cap_switch(self) -> None:
        # The CO2 cap row always exists, so adding or lifting a cap needs no rebuild.
        row = self.model.co2_cap_row
        row.activate() if self.data.policy.co2_cap is not None else row.deactivate()

    def update(self, data: ModelData) -> bool:
        """Take ``data``'s numbers; True if done in place, False if the model was rebuilt."""
        with gc_paused(), params.reuse_values(data):
            shape = params.signature(data)
            if shape != self.shape:
                self._build(data)
                return False
            params.update(self.model, data)
        self.data = data
        self._cap_switch()
        return True

    def fix_options(self, on: set[str] = frozenset(), off: set[str] | None = None) -> None:
        """Build/adopt exactly ``on`` (plus facilities they pass through) when ``off`` is None;
        otherwise fix ``on`` to 1 and ``off`` to 0 and leave the rest free."""
        m, d = self.model, self.data
        ex, procs = d.park.exchanges, d.park.processes
        needed_hubs = {ex[e].via for e in on if e in ex}
        # A link to or from a process still to be built brings the process, as a facility.
        needed_hubs |= {n for e in on if e in ex for n in (ex[e].supplier, ex[e].receiver)
                        if n in procs}
        for comp, ids in ((m.build, d.candidates), (m.adopt, d.measures), (m.hub, d.hubs),
                          (m.open, d.new_processes)):
            for oid in ids:
                if oid in on or ((comp is m.hub or comp is m.open) and oid in needed_hubs):
                    comp[oid].fix(1)
                elif off is None or oid in off:
                    comp[oid].fix(0)
                elif oid not in d.forced:
                    comp[oid].unfix()

    def free_options(self) -> None:
        """Undo ``fix_options``: only the scenario's forced options stay fixed."""
        m, d = self.model, self.data
        for comp, ids in ((m.build, d.candidates), (m.adopt, d.measures), (m.hub, d.hubs),
                          (m.open, d.new_processes)):
            for oid in ids:
                if oid in d.forced:
                    comp[oid].fix(1)
                else:
                    comp[oid].unfix()

    def _options(self) -> dict:
        sv = self.data.scenario.solver
        return {"time_limit": sv.time_limit, "rel_gap": sv.mip_gap, "threads": sv.threads,
                "load_solutions": False, "raise_exception_on_nonoptimal_result": False,
                "solver_options": {**self._highs_defaults(), "output_flag": False,
                                   **sv.options}}

    def _highs_defaults(self) -> dict:
        d = self.data
        binaries = len(d.candidates) + len(d.hubs) + len(d.measures) + len(d.new_processes)
        return HIGHS_DEFAULTS if binaries <= SMALL_MODEL_BINARIES else {}

    def _run(self):
        res = self.solver.solve(self.model, **self._options())
        tc, ss = res.termination_condition, res.solution_status
        if tc in (TerminationCondition.provenInfeasible, TerminationCondition.infeasibleOrUnbounded):
            return "infeasible", res
        if ss in (SolutionStatus.optimal, SolutionStatus.feasible):
            res.solution_loader.load_vars()
            ok = tc == TerminationCondition.convergenceCriteriaSatisfied
            return ("optimal" if ok else "feasible"), res
        return "error", res

    def solve(self, order: tuple[str, ...] | None = None) -> Solution:
        """Solve; ``order`` ("co2", "cost") minimises CO2 first, then cost at that CO2.

        By default the scenario's objective decides: cost alone, or CO2 then cost.
        """
        # The hand-over to HiGHS and the read-back create millions of objects too.
        with gc_paused():
            return self._solve(order)

    def _solve(self, order: tuple[str, ...] | None) -> Solution:
        m = self.model
        if order is None:
            order = ("co2", "cost") if self.data.policy.objective == "co2" else ("cost",)
            if hasattr(m, "obj_transfers"):
                order += ("transfers",)
        objectives = {"cost": (m.obj_cost, m.cost, m.cost_stage, m.cost_best),
                      "co2": (m.obj_co2, m.co2_boundary, m.co2_stage, m.co2_best)}
        if hasattr(m, "obj_transfers"):
            objectives["transfers"] = (m.obj_transfers, None, None, None)
        start = time.perf_counter()
        staged = []
        status, res = "error", None
        for n, name in enumerate(order):
            for obj, *_ in objectives.values():
                obj.deactivate()
            objectives[name][0].activate()
            status, res = self._run()
            if status not in ("optimal", "feasible") or n == len(order) - 1:
                break
            _, expr, stage, best = objectives[name]
            value = pyo.value(expr)
            best.set_value(value + STAGE_TOLERANCE * max(1.0, abs(value)))
            stage.activate()
            staged.append(stage)
        for stage in staged:
            stage.deactivate()
        m.obj_co2.deactivate()
        m.obj_cost.activate()
        sol = Solution(status=status, solve_seconds=time.perf_counter() - start,
                       message=str(res.termination_condition.name) if res else "")
        if status in ("optimal", "feasible"):
            # The value of the cost objective at the solution, whichever stage came last.
            sol.objective = pyo.value(m.cost) * params.MONEY
            if order[-1] == "cost" and res.objective_bound is not None:
                sol.bound = res.objective_bound * params.MONEY
                if sol.bound is not None and sol.objective:
                    sol.gap = abs(sol.objective - sol.bound) / max(1e-9, abs(sol.objective))
            self._read(sol)
        return sol

    def _read(self, sol: Solution) -> None:
        m = self.model

        def vals(comp, binary=False):
            out = {}
            for k, v in comp.items():
                x = v.value if v.value is not None else 0.0
                out[k] = float(round(x)) if binary else (0.0 if abs(x) < 1e-9 else float(x))
            return out

        sol.flow, sol.build, sol.hub = vals(m.flow), vals(m.build, True), vals(m.hub, True)
        sol.adopt = vals(m.adopt, True)
        sol.buy, sol.dispose, sol.sell = vals(m.buy), vals(m.dispose), vals(m.sell)
        sol.run, sol.open = vals(m.run), vals(m.open, True)
        if hasattr(m, "transfer"):
            sol.transfer = vals(m.transfer)


def optimize(data: ModelData) -> Solution:
    return Optimizer(data).solve()
