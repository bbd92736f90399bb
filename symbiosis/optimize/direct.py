"""Re-solving one model with new numbers straight in HiGHS, without Pyomo in the loop.

Monte Carlo and sensitivity solve the same park thousands of times with other prices,
amounts and factors. The persistent Pyomo path re-evaluates every mutable coefficient
through Pyomo's expression walker, captures output and sets options at every solve:
21–25 ms a sample where HiGHS itself needs ~9.5 ms. Here the model is handed over once:

- the model in standard form is the one Pyomo's own HiGHS interface built (``getLp``),
  copied into a HiGHS instance of our own with ``passModel``. That interface, not
  Pyomo's ``LinearStandardFormCompiler``, because it keeps the model's variables and
  rows as they are (the compiler splits free variables and adds slacks), in the same
  order, with the same options: the direct answers are those of the Pyomo path;
- ``direct_maps`` turns the Param expressions of every mutable coefficient into one
  Python function, checked against the numbers Pyomo put into HiGHS;
- each solve fills that function from ``params.values`` of the new ``ModelData`` (built
  from the Term table as always), changes only the numbers that moved
  (``changeCoeff``, ``changeColsCost``, ``changeRowsBounds``, ``changeColsBounds``),
  runs, and reads ``col_value`` into a ``Solution``. The audit is the one of
  ``audited.py`` (integer columns fixed at the answer, LP re-solved in HiGHS).

``solve`` returns None where this path cannot answer as the Pyomo path would (another
shape, an objective other than cost, a solve that is not plainly optimal): the caller
then solves with Pyomo. It never returns a different answer.
"""

from __future__ import annotations

import time

import numpy as np

from symbiosis.optimize import audit, audited, params
from symbiosis.optimize.data import ModelData
from symbiosis.optimize.direct_maps import Maps, Unmappable, check_against, compile_maps
from symbiosis.optimize.solve import Optimizer, Solution

# Solution field → model component, and whether it is a binary decision (rounded as
# Optimizer._read rounds it).
_FIELDS = (("flow", "flow", False), ("build", "build", True), ("hub", "hub", True),
           ("adopt", "adopt", True), ("buy", "buy", False), ("dispose", "dispose", False),
           ("sell", "sell", False), ("run", "run", False), ("open", "open", True))


# What making a DirectOptimizer may raise where the model cannot be compiled (Unmappable,
# or a Pyomo release whose HiGHS interface differs): its callers then solve with Pyomo.
CANNOT_COMPILE = (Unmappable, AttributeError, KeyError, IndexError, TypeError, ValueError)


class DirectOptimizer:
    """One model compiled into one ``highspy.Highs``; ``solve(data)`` with new numbers.

    Made from an ``Optimizer`` that has solved once (so that Pyomo's interface holds the
    model); raises ``Unmappable`` when the model cannot be mapped.
    """

    def __init__(self, opt: Optimizer):
        import highspy

        d, m = opt.data, opt.model
        if opt.solver_name != "highs":
            raise Unmappable(f"solver {opt.solver_name} (the direct path is HiGHS's)")
        if d.policy.objective != "cost" or hasattr(m, "obj_transfers"):
            raise Unmappable("a staged objective (CO2 first, or transfers)")
        inner = getattr(opt.solver, "_solver_model", None)
        if inner is None:
            raise Unmappable("the Pyomo model was not handed to HiGHS yet")
        self.shape = opt.shape
        self.cap_on = d.policy.co2_cap is not None
        self.maps: Maps = compile_maps(opt.solver, m)
        with params.reuse_values(d):
            try:
                self.now = self.maps.params(_values(d))
            except KeyError as exc:  # a Param that params.values does not set
                raise Unmappable(f"Param {exc} is not one of params.values") from None
        lp = inner.getLp()
        check_against(self.maps, self.now, lp)
        self.current = self.maps.split(self.maps.evaluate(self.now))
        h = highspy.Highs()
        h.silent()  # once: no output, no capture around each run
        _check(h.passModel(lp), "passModel")
        for key, value in _options(opt).items():
            _check(h.setOptionValue(key, value), f"option {key}")
        self.h = h
        self.int_cols = audited.integer_columns(lp)
        self.mip = bool(self.int_cols.size)
        self.optimal = highspy.HighsModelStatus.kOptimal
        # Pyomo's names of HiGHS's infeasible ends (its TerminationCondition)
        self.infeasible = {highspy.HighsModelStatus.kInfeasible: "provenInfeasible",
                           highspy.HighsModelStatus.kUnboundedOrInfeasible:
                           "infeasibleOrUnbounded"}
        self.rel_gap = d.scenario.solver.mip_gap
        self.solver_name = opt.solver_name
        self._reads = self._read_plan(opt)
        self._option_cols = _option_columns(opt)
        # Pyomo writes a fixed variable into the rows as a constant, not as a column.
        m = opt.model
        self._fixed_options = {k for comp in (m.build, m.adopt, m.hub, m.open)
                               for k, v in comp.items() if v.fixed}
        self.run_seconds = 0.0    # HiGHS's own time (getRunTime) of every run so far
        self.audit_seconds = 0.0  # of which the audit's LP re-solves
        # CPU time of the same runs (process_time): on a shared machine the wall clock
        # of HiGHS also counts the time other processes held the core.
        self.run_cpu_seconds = 0.0
        self.solves = 0
        self.fallbacks: dict[str, int] = {}  # why the Pyomo path answered, and how often

    def _read_plan(self, opt: Optimizer) -> list:
        """(field, key, column or None, binary, value if no column) per variable read."""
        var_col = opt.solver._pyomo_var_to_solver_var_map
        plan = []
        for name, comp, binary in _FIELDS + ((("transfer", "transfer", False),)
                                             if hasattr(opt.model, "transfer") else ()):
            for k, v in getattr(opt.model, comp).items():
                col = var_col.get(id(v))
                # A variable in no row nor objective never reaches HiGHS: Pyomo then
                # reads its own value (a fixed option's, or none).
                plan.append((name, k, col, binary, v.value if v.fixed else None))
        return plan

    def solve(self, data: ModelData, reuse: Solution | None = None) -> Solution | None:
        """``data``'s answer, or None when the Pyomo path must give it.

        ``reuse`` (this instance's last answer) is given back when no number moved."""
        start = time.perf_counter()
        with params.reuse_values(data):
            if (data.policy.co2_cap is not None) != self.cap_on:
                return self._off("the CO2 cap row comes or goes")
            if params.signature(data) != self.shape:
                return self._off("the model's shape changed")
            try:
                now = self.maps.params(_values(data))
            except KeyError as exc:
                return self._off(f"no value for Param {exc}")
        if reuse is not None and now == self.now:
            return reuse
        self._change(now)
        return self._run(data, start)

    def solve_without(self, data: ModelData, off: set[str]) -> Solution | None:
        """The numbers HiGHS holds now (those of ``data``), with the decisions of the
        options ``off`` fixed at 0: what ``Optimizer.free_options()`` then
        ``fix_options(set(), off=off)`` solves, done on column bounds. None: the Pyomo
        path must answer."""
        if off & self._fixed_options:  # a constant in HiGHS's rows: only Pyomo can lift it
            return self._off("an option fixed in the Pyomo model is switched off")
        start = time.perf_counter()
        cols = np.asarray(sorted({c for k in off for c in self._option_cols.get(k, ())}),
                          dtype=np.int32)
        h, n = self.h, int(cols.size)
        if n:
            _, _, _, lower, upper, _ = h.getCols(n, cols)
            lower, upper = np.array(lower), np.array(upper)
            h.changeColsBounds(n, cols, np.zeros(n), np.zeros(n))
        try:
            return self._run(data, start, zero=off)
        finally:
            if n:
                h.changeColsBounds(n, cols, lower, upper)

    def _run(self, data: ModelData, start: float, zero: set[str] = frozenset()
             ) -> Solution | None:
        h = self.h
        clock, cpu = h.getRunTime(), time.process_time()  # HiGHS's clock runs on
        h.run()
        run_s = h.getRunTime() - clock
        status = h.getModelStatus()
        self.run_seconds += run_s
        self.run_cpu_seconds += time.process_time() - cpu
        if status != self.optimal:
            if status in self.infeasible:  # as audited.run and Optimizer._solve say it
                self.solves += 1
                return Solution(status="infeasible", solver=self.solver_name,
                                message=self.infeasible[status],
                                solve_seconds=time.perf_counter() - start)
            # a limit, an error: the Pyomo path words it
            return self._off(f"HiGHS ended {h.modelStatusToString(status)}")
        info = h.getInfo()
        obj = info.objective_function_value
        bound = info.mip_dual_bound if self.mip else obj
        bound = bound if np.isfinite(bound) else None
        x = np.asarray(h.getSolution().col_value)
        cpu = time.process_time()
        lp = audited._highs_lp_at_incumbent(h, self.int_cols) if self.mip else obj
        self.run_cpu_seconds += time.process_time() - cpu
        lp_s = h.getRunTime() - clock - run_s
        self.run_seconds += lp_s
        self.audit_seconds += lp_s
        check = audit.check(obj, bound, lp, self.rel_gap)
        if not check.ok:  # "suspect" is for the Pyomo path to say, with its own audit
            return self._off("the audit failed")
        sol = Solution(status="optimal", solver=self.solver_name,
                       message="convergenceCriteriaSatisfied", gap=check.gap)
        report = self.current[7]
        cost = float(report[-1] + report[:-1] @ x[self.maps.cost_cols_report])
        unit = params.money(data)  # chosen from each sample's costs (scaling.py)
        sol.objective = cost * unit
        sol.audit = check.as_dict(unit)
        if check.bound is not None:
            sol.bound = check.bound * unit
        self._read(sol, x, zero)
        self.solves += 1
        sol.solve_seconds = time.perf_counter() - start
        return sol

    def _off(self, why: str) -> None:
        """No direct answer: count why (``fallbacks``), for the benchmark and the tests."""
        self.fallbacks[why] = self.fallbacks.get(why, 0) + 1
        return None

    def _change(self, now: list[float]) -> None:
        """Hand HiGHS the numbers that differ from those it holds."""
        h, mp = self.h, self.maps
        new = mp.split(mp.evaluate(now))
        old = self.current
        coef, cost, offset, rlo, rhi, clo, chi = new[:7]
        moved = np.flatnonzero(coef != old[0])
        rows, cols = mp.coef_rows, mp.coef_cols
        for i in moved.tolist():
            h.changeCoeff(int(rows[i]), int(cols[i]), float(coef[i]))
        moved = np.flatnonzero(cost != old[1])
        if moved.size:
            h.changeColsCost(moved.size, mp.cost_cols[moved], cost[moved])
        if offset[0] != old[2][0]:
            h.changeObjectiveOffset(float(offset[0]))
        moved = np.flatnonzero((rlo != old[3]) | (rhi != old[4]))
        if moved.size:
            h.changeRowsBounds(moved.size, mp.row_index[moved], rlo[moved], rhi[moved])
        moved = np.flatnonzero((clo != old[5]) | (chi != old[6]))
        if moved.size:
            h.changeColsBounds(moved.size, mp.col_index[moved], clo[moved], chi[moved])
        self.current, self.now = new, now

    def _read(self, sol: Solution, x: np.ndarray, zero: set[str] = frozenset()) -> None:
        tables: dict[str, dict] = {name: {} for name, *_ in _FIELDS}
        tables["transfer"] = {}
        for name, key, col, binary, fixed in self._reads:
            if col is None and binary and key in zero:  # an option switched off
                fixed = 0.0
            v = float(x[col]) if col is not None else (fixed if fixed is not None else 0.0)
            tables[name][key] = float(round(v)) if binary else (0.0 if abs(v) < 1e-9 else v)
        for name, table in tables.items():
            setattr(sol, name, table)


def _option_columns(opt: Optimizer) -> dict[str, list[int]]:
    """Option id → the HiGHS columns of its decisions (build, adopt, hub, open), the
    variables ``fix_options`` fixes by that id."""
    var_col, m, out = opt.solver._pyomo_var_to_solver_var_map, opt.model, {}
    for comp in (m.build, m.adopt, m.hub, m.open):
        for k, v in comp.items():
            col = var_col.get(id(v))
            if col is not None:
                out.setdefault(k, []).append(int(col))
    return out


def _values(d: ModelData) -> dict:
    return params.values(d)


def _options(opt: Optimizer) -> dict:
    """The options Pyomo's interface sets before each run, set here once."""
    o = opt._options()
    out = {"log_to_console": False}
    if o.get("threads") is not None:
        out["threads"] = o["threads"]
    if o.get("time_limit") is not None:
        out["time_limit"] = float(o["time_limit"])
    if o.get("rel_gap") is not None:
        out["mip_rel_gap"] = float(o["rel_gap"])
    out.update(o["solver_options"])
    return out


def _check(status, what: str) -> None:
    import highspy

    if status == highspy.HighsStatus.kError:
        raise Unmappable(f"HiGHS refused the {what}")
