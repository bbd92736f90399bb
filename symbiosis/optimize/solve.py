"""Solving (HiGHS by default, or another solver by name) and reading the answer.

The answer leaves this module as a ``Solution`` of plain numbers: nothing after the
optimize stage touches Pyomo. A MILP answer is called ``optimal`` only after its audit
(``audit.py``) has passed; one that fails it is ``suspect``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyomo.environ as pyo

from symbiosis.optimize import (audit, audited, distance, limits, near_optimal, params, scaling,
                                solvers)
from symbiosis.optimize.data import ModelData, gc_paused
from symbiosis.optimize.model import build_model

# Kept here for callers that read them from this module (roadmap, benchmarks).
HIGHS_DEFAULTS = solvers.HIGHS_DEFAULTS
SMALL_MODEL_BINARIES = solvers.SMALL_MODEL_BINARIES
STAGE_TOLERANCE = 1e-7  # relative slack on a first-stage optimum when optimising the next


@dataclass
class Solution:
    status: str  # optimal | feasible | suspect | infeasible | error
    message: str = ""
    solver: str = "highs"
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
    audit: dict | None = None
    numerics: dict | None = None

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

    def __init__(self, data: ModelData, solver: str | None = None):
        self.rebuilds = -1
        self.stopped = False  # the last run ended at a limit (time), not at the gap
        self.hit_deadline = False  # … at the deadline of optimize/limits.py
        self.ran_seconds: float | None = None  # how long the last run took (limits.py)
        self.solver_name = solver or data.scenario.solver.name
        self._build(data)

    def _build(self, data: ModelData) -> None:
        self.data = data
        with gc_paused(), params.reuse_values(data):
            self.model = build_model(data)
            self.shape = params.signature(data)
        self.solver = solvers.make(self.solver_name)
        self._first_lp = None  # the solver's copy of the MILP, for ``numerics``
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
                elif oid in d.forced:  # again: an earlier call may have fixed it to 0
                    comp[oid].fix(1)
                else:
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

    def near_optimal(self, cap: float | None, plans: list[frozenset[str]] = ()) -> None:
        """For the alternatives search: cap the objective at ``cap`` (currency/yr, or t CO2e
        for a CO2 objective; optimize/near_optimal.py) and weigh the distance from ``plans``,
        each cut off (optimize/distance.py); ``solve(("distance",))`` then finds the next
        plan. None lifts the cap and the cuts."""
        near_optimal.set_cap(self.model, self.data, cap)
        if cap is not None:
            distance.set_plans(self.model, self.data, list(plans))
        distance.switch(self.model, cap is not None)

    def _options(self) -> dict:
        sv, d = self.data.scenario.solver, self.data
        binaries = len(d.candidates) + len(d.hubs) + len(d.measures)
        # The scenario's own options are for the solver it names, not for a cross-check's.
        own = sv.options if self.solver_name == sv.name else {}
        return solvers.options(self.solver_name, binaries, sv.time_limit, sv.mip_gap,
                               sv.threads, own)

    def _run(self):
        options = self._options()
        deadline = None
        if self.solver_name == "highs":
            with gc_paused():  # the hand-over, as Pyomo's solve would do it
                highs, fresh = limits.highs_of(self.solver, self.model)
            if fresh:
                options["auto_updates"] = limits.NO_UPDATES
            deadline = self._deadline(highs)
        if deadline is not None:
            deadline.arm(self.data.scenario.solver.time_limit)
        try:
            status, res = audited.run(self.solver, self.model, options)
        finally:
            if deadline is not None:
                deadline.disarm()  # the audit's LP and later solves run unhindered
        self.hit_deadline = bool(deadline and deadline.hit)
        self.ran_seconds = deadline.ran if deadline is not None else None
        self.stopped = status == "feasible" or self.hit_deadline
        return status, res

    def _deadline(self, highs) -> limits.Deadline | None:
        """HiGHS's deadline (optimize/limits.py), made anew when Pyomo made a new HiGHS."""
        if highs is None:
            return None
        if getattr(self, "_watch", None) is None or self._watch.highs is not highs:
            self._watch = limits.Deadline(highs)
        return self._watch if self._watch.ok else None

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
        if hasattr(m, "obj_distance"):  # the alternatives search (optimize/distance.py)
            objectives["distance"] = (m.obj_distance, None, None, None)
        start = time.perf_counter()
        staged = []
        status, res = "error", None
        for n, name in enumerate(order):
            for obj, *_ in objectives.values():
                obj.deactivate()
            objectives[name][0].activate()
            status, res = self._run()
            self._keep_first_lp()
            if status not in ("optimal", "feasible") or n == len(order) - 1:
                break
            _, expr, stage, best = objectives[name]
            value = pyo.value(expr)
            best.set_value(value + STAGE_TOLERANCE * max(1.0, abs(value)))
            stage.activate()
            staged.append(stage)
        sol = Solution(status=status, solve_seconds=0.0, solver=self.solver_name,
                       message=str(res.termination_condition.name) if res else "")
        if status in ("optimal", "feasible"):
            unit = params.money(self.data)
            # The value of the cost objective at the solution, whichever stage came last.
            sol.objective = pyo.value(m.cost) * unit
            check = self._audit(res)
            sol.audit = check.as_dict(unit if order[-1] == "cost" else 1.0)
            sol.gap = check.gap
            if order[-1] == "cost" and check.bound is not None:
                sol.bound = check.bound * unit
            if not check.ok:
                sol.status, sol.message = "suspect", f"audit failed: {check.message}"
            elif sol.status == "feasible":  # a limit stopped the search: say where it was
                sol.message = stopped_message(self.data.scenario.solver.time_limit, sol.gap,
                                              sol.message, self.hit_deadline,
                                              self.ran_seconds)
            self._read(sol)
        elif status == "error" and self.stopped:
            sol.message = (f"time limit of {self.data.scenario.solver.time_limit:g} s reached "
                           "before any plan was found")
        for stage in staged:
            stage.deactivate()
        m.obj_co2.deactivate()
        if hasattr(m, "obj_distance"):
            m.obj_distance.deactivate()
        m.obj_cost.activate()
        sol.solve_seconds = time.perf_counter() - start
        return sol

    def _audit(self, res) -> audit.Audit:
        return audited.audit_loaded(self.solver, self.model, self._options(), res,
                                    self.data.scenario.solver.mip_gap)

    def audit(self, sol: Solution) -> audit.Audit:
        """Audit a Solution handed in (its builds and adoptions, its cost objective)."""
        m, unit = self.model, params.money(self.data)
        fixings = []
        for kind in ("build", "hub", "adopt"):
            comp = getattr(m, kind)
            for k, v in getattr(sol, kind).items():
                if k in comp and not comp[k].fixed:
                    fixings.append((comp[k], v))
        for obj in (m.obj_co2, *([m.obj_transfers] if hasattr(m, "obj_transfers") else [])):
            obj.deactivate()
        m.obj_cost.activate()
        bound = sol.bound / unit if sol.bound is not None else None
        lp = audited.lp_at(self.solver, m, self._options(), fixings)
        return audit.check(sol.objective / unit, bound, lp, self.data.scenario.solver.mip_gap)

    def numerics(self) -> dict:
        """The money unit and, where the solver shows its matrix, the coefficient spans of
        the model as first handed to it (before any audit fixed its binaries)."""
        out = {"money_unit": params.money(self.data), "warnings": []}
        lp = self._first_lp
        if lp is None or lp is False:
            return out
        out["spans"] = scaling.spans_of(lp)
        out["warnings"] = scaling.span_warnings(out["spans"])
        return out

    def _keep_first_lp(self) -> None:
        if self._first_lp is None:
            self._first_lp = self._solver_lp() or False

    def _solver_lp(self):
        inner = getattr(self.solver, "_solver_model", None)  # HiGHS's own object, if any
        try:
            return inner.getLp() if inner is not None and hasattr(inner, "getLp") else None
        except Exception:  # a solver object of another kind, or none built yet
            return None

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


def stopped_message(limit: float, gap: float | None, termination: str,
                    deadline: bool = False, ran: float | None = None) -> str:
    """What the status of an answer that a limit stopped says: the limit and the gap,
    and how long the solver really ran when that was more than 10 % over the limit."""
    why = (f"time limit of {limit:g} s reached" if deadline or termination == "maxTimeLimit"
           else f"stopped early ({termination})")
    shown = "unknown" if gap is None else f"{100 * gap:.2f} %"
    late = ""
    if ran is not None and ran > 1.1 * limit:
        # HiGHS asks for a stop only between the steps of its root heuristics (no callback
        # inside them): on a regional park a step can take minutes.
        late = (f" (the solver stopped only after {ran:,.0f} s: HiGHS checks for a stop "
                "between the steps of its root-node heuristics, not within them)")
    return f"{why}{late}: the best plan found, gap {shown} to the best bound"


def optimize(data: ModelData) -> Solution:
    return Optimizer(data).solve()
