"""One solver call and its audit, shared by the single-year and the roadmap models.

``run`` solves and loads the answer; ``audit_loaded`` re-solves the LP with every free
binary fixed at that answer and judges the pair with ``audit.check``.
"""

from __future__ import annotations

import math

import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import SolutionStatus, TerminationCondition

from symbiosis.optimize import audit

INFEASIBLE = (TerminationCondition.provenInfeasible, TerminationCondition.infeasibleOrUnbounded)


def per_run(solver, options: dict) -> dict:
    """``options`` with HiGHS's ``time_limit`` counted from now.

    HiGHS compares its time limit with a clock that runs on over every ``run`` of the same
    object: after 60 s of solves in all, each later solve of a persistent model (a sweep,
    an audit's LP, the contributions) stopped at once with no answer."""
    inner = getattr(solver, "_solver_model", None)
    limit = options.get("time_limit")
    if limit is None or inner is None or not hasattr(inner, "getRunTime"):
        return options
    return {**options, "time_limit": inner.getRunTime() + limit}


def run(solver, model, options: dict):
    """(status, results): optimal | feasible (a limit stopped it) | infeasible | error."""
    res = solver.solve(model, **per_run(solver, options))
    tc, ss = res.termination_condition, res.solution_status
    if tc in INFEASIBLE:
        return "infeasible", res
    if ss in (SolutionStatus.optimal, SolutionStatus.feasible):
        res.solution_loader.load_vars()
        ok = tc == TerminationCondition.convergenceCriteriaSatisfied
        return ("optimal" if ok else "feasible"), res
    return "error", res


def free_binaries(model) -> list:
    return [v for v in model.component_data_objects(pyo.Var, active=True)
            if v.is_binary() and not v.fixed]


def lp_at(solver, model, options: dict, fixings: list) -> float | None:
    """Optimum with the given (binary, value) pairs fixed; None if infeasible or failed."""
    for v, x in fixings:
        v.fix(float(round(x or 0.0)))
    try:
        res = solver.solve(model, **per_run(solver, options))
    finally:
        for v, _ in fixings:
            v.unfix()
    ok = res.solution_status in (SolutionStatus.optimal, SolutionStatus.feasible)
    return res.incumbent_objective if ok else None


def audit_loaded(solver, model, options: dict, res, rel_gap: float) -> audit.Audit:
    """Audit the answer just loaded into ``model``, on the objective active now."""
    obj, bound = res.incumbent_objective, res.objective_bound
    if bound is not None and not math.isfinite(bound):
        bound = None
    inner = getattr(solver, "_solver_model", None)
    if inner is not None and hasattr(inner, "changeColsIntegrality"):
        return audit.check(obj, bound, _highs_lp_at_incumbent(inner), rel_gap)
    fixings = [(v, v.value) for v in free_binaries(model)]
    lp = lp_at(solver, model, options, fixings) if fixings else obj
    return audit.check(obj, bound, lp, rel_gap)


def _highs_lp_at_incumbent(h, cols=None) -> float | None:
    """The LP with HiGHS's integer columns fixed at its incumbent, solved in HiGHS itself.

    The same check as ``lp_at`` without a round trip through Pyomo, whose change
    detection took 25 ms a solve where the LP takes 0.1 ms. Bounds and integrality
    are put back exactly, so the persistent model Pyomo keeps in HiGHS is unchanged.
    """
    import highspy
    import numpy as np

    if cols is None:  # ``cols``: the integer columns, when the caller knows them
        cols = integer_columns(h.getLp())
    if not cols.size:
        return h.getInfo().objective_function_value
    n = int(cols.size)
    _, _, _, lower, upper, _ = h.getCols(n, cols)
    lower, upper = np.array(lower), np.array(upper)
    at = np.round(np.asarray(h.getSolution().col_value)[cols])
    h.changeColsIntegrality(n, cols, np.full(n, highspy.HighsVarType.kContinuous))
    h.changeColsBounds(n, cols, at, at)
    limit = h.getOptionValue("time_limit")
    limit = limit[1] if isinstance(limit, tuple) else limit  # (status, value) in highspy
    # The MILP may have used up HiGHS's time limit (its clock runs on over runs): the LP
    # at the incumbent is quick, and must run all the same.
    h.setOptionValue("time_limit", h.getRunTime() + max(limit, 60.0))
    try:
        h.run()
        ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        value = h.getInfo().objective_function_value if ok else None
    finally:
        h.setOptionValue("time_limit", limit)
        h.changeColsBounds(n, cols, lower, upper)
        h.changeColsIntegrality(n, cols, np.full(n, highspy.HighsVarType.kInteger))
    return value


def integer_columns(lp):
    """The integer columns of a ``highspy.HighsLp``, as HiGHS's indices."""
    import highspy
    import numpy as np

    return np.flatnonzero(np.asarray([t == highspy.HighsVarType.kInteger
                                      for t in lp.integrality_], dtype=bool)).astype(np.int32)
