"""Solvers that Pyomo reaches only through its older interface (CPLEX, CBC), adapted to
the calls and answers of ``pyomo.contrib.solver`` that the rest of the optimizer uses.

Each solve hands the whole model over again (the older direct interfaces keep no model
between solves), which is fine for the single solves and audits these solvers are used for.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition
from pyomo.opt import TerminationCondition as Old

# scenario name → (Pyomo's legacy name, its names for time limit, relative gap, threads)
LEGACY = {"cplex": ("cplex_direct", "timelimit", "mip_tolerances_mipgap", "threads"),
          "cbc": ("cbc", "sec", "ratioGap", "threads")}
_TERMINATION = {Old.optimal: TerminationCondition.convergenceCriteriaSatisfied,
                Old.locallyOptimal: TerminationCondition.convergenceCriteriaSatisfied,
                Old.infeasible: TerminationCondition.provenInfeasible,
                Old.infeasibleOrUnbounded: TerminationCondition.infeasibleOrUnbounded,
                Old.unbounded: TerminationCondition.unbounded,
                Old.maxTimeLimit: TerminationCondition.maxTimeLimit,
                Old.maxIterations: TerminationCondition.iterationLimit}


class _Available:
    def __init__(self, ok: bool, name: str):
        self.ok, self.name = ok, name

    def __bool__(self) -> bool:
        return self.ok


class LegacySolver:
    def __init__(self, name: str):
        self.name = name
        legacy, *self._keys = LEGACY[name]
        self.inner = pyo.SolverFactory(legacy)

    def available(self) -> _Available:
        ok = bool(self.inner.available(exception_flag=False))
        return _Available(ok, "FullLicense" if ok else "NotFound")

    def solve(self, model, time_limit=None, rel_gap=None, threads=None, solver_options=None,
              **_ignored):
        t, g, th = self._keys
        opts = {k: v for k, v in ((t, time_limit), (g, rel_gap), (th, threads)) if v is not None}
        opts.update(solver_options or {})
        r = self.inner.solve(model, load_solutions=False, options=opts)
        tc = _TERMINATION.get(r.solver.termination_condition, TerminationCondition.error)
        has = len(r.solution) > 0 and tc not in (TerminationCondition.provenInfeasible,
                                                 TerminationCondition.infeasibleOrUnbounded)
        ss = (SolutionStatus.optimal if has and tc == TerminationCondition.convergenceCriteriaSatisfied
              else SolutionStatus.feasible if has else SolutionStatus.noSolution)
        upper, lower = r.problem.upper_bound, r.problem.lower_bound
        sense_min = next(model.component_data_objects(pyo.Objective, active=True)).sense \
            == pyo.minimize
        incumbent, bound = (upper, lower) if sense_min else (lower, upper)
        return SimpleNamespace(
            termination_condition=tc, solution_status=ss,
            incumbent_objective=incumbent if has and _finite(incumbent) else None,
            objective_bound=bound if _finite(bound) else None,
            solution_loader=SimpleNamespace(load_vars=lambda: model.solutions.load_from(r)))


def _finite(v) -> bool:
    return v is not None and isinstance(v, (int, float)) and math.isfinite(v)
