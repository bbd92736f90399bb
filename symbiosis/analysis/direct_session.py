"""Sample solves of a Session straight in HiGHS (optimize/direct.py), Pyomo where it must.

``solve_sample(session, scenario, values)`` gives the Results that
``session.solve(with_values(scenario, values))`` gives, faster: the sample's scenario
and ``ModelData`` are made as always (so the Term table defines every number and the
results tables are filled from it), but the model and its baseline are re-solved in
HiGHS instances of their own. The Pyomo path answers instead, for that sample only,
when the direct one cannot:

- the model cannot be mapped (another solver, a CO2-first or transfer objective, a
  Pyomo release whose HiGHS interface differs): every sample, said in ``reason``;
- the sample changes the model's shape (``params.signature``: an option that can no
  longer carry flow, a coefficient that becomes zero, the CO2 cap row switched);
- HiGHS ends other than optimal (infeasible, a limit) or the audit fails: the Pyomo
  path then words the status and its audit as it always does.

The baseline (no new option: an LP) is re-solved only when its numbers moved; with the
same numbers HiGHS would give the same answer, so the last one is kept.
"""

from __future__ import annotations

from typing import Any

from symbiosis.analysis.session import Session
from symbiosis.analysis.value_plan import ValuePlan
from symbiosis.analysis.values import with_values
from symbiosis.load.scenario import Scenario, baseline_of
from symbiosis.optimize.data import build_data, gc_paused
from symbiosis.optimize.direct import CANNOT_COMPILE, DirectOptimizer
from symbiosis.optimize.direct_maps import Unmappable
from symbiosis.results.core import Results, make_results

_MEMO = "direct solves"  # its key in Session.memo
_PLAN, _LAST = "value plan", "last sample paths"


class DirectSolves:
    """The direct instances of one Session (the model and its baseline)."""

    def __init__(self, session: Session):
        self.session = session
        self.reason = ""          # why the direct path is off, if it is
        self.main: DirectOptimizer | None = None
        self.base: DirectOptimizer | None = None
        self.fallbacks = 0        # samples the Pyomo path answered
        self.base_reused = 0      # baseline answers kept because its numbers did not move
        self._base_sol = None
        try:
            session.optimizer.solve()  # so Pyomo's interface holds the model as it is now
            self.main = DirectOptimizer(session.optimizer)
            if session.baseline_optimizer is not None:
                session.baseline()
                self.base = DirectOptimizer(session.baseline_optimizer)
        except CANNOT_COMPILE as exc:
            # Whatever stops the compile, the Pyomo path still answers every sample; the
            # reason is kept (``reason``) rather than the run stopping with a traceback.
            self.main = self.base = None
            self.reason = str(exc) if isinstance(exc, Unmappable) else \
                f"the model could not be compiled ({type(exc).__name__}: {exc})"

    def solve(self, sample: Scenario, with_baseline: bool = True) -> Results:
        s = self.session
        if self.main is None:
            return s.solve(sample, with_baseline=with_baseline)
        data = build_data(sample)
        sol = self.main.solve(data)
        if sol is None:
            self.fallbacks += 1
            return s.solve(sample, with_baseline=with_baseline)
        base = self.baseline(sample) if with_baseline and s.baseline_optimizer else None
        return make_results(sample, data, sol, base)

    def baseline(self, sample: Scenario) -> Results:
        bsc = baseline_of(sample)
        bdata = build_data(bsc)
        sol = None
        if self.base is not None:
            sol = self.base.solve(bdata, reuse=self._base_sol)
            self.base_reused += sol is not None and sol is self._base_sol
        self._base_sol = sol
        if sol is None:  # the Pyomo path
            return self.session.baseline_results(bsc, bdata)
        return make_results(bsc, bdata, sol)


def direct_solves(session: Session) -> DirectSolves:
    """The session's direct instances, made at the first sample."""
    found = session.memo.get(_MEMO)
    if found is None:
        found = session.memo[_MEMO] = DirectSolves(session)
    return found


def solve_sample(session: Session, scenario: Scenario, values: dict[str, Any],
                 origin: str = "sample") -> Results:
    """``session.solve(with_values(scenario, values))``, through the direct path; the
    sample's scenario made by a ``ValuePlan`` kept while the paths stay the same."""
    memo, paths = session.memo, tuple(values)
    plan = memo.get(_PLAN)
    if plan is None or plan.scenario is not scenario or plan.paths != paths \
            or plan.origin != origin:
        plan = None
        last = memo.get(_LAST)
        # A plan pays from the second sample over the same paths on (Monte Carlo); one
        # path at a time (a tornado) makes each sample's scenario as with_values does.
        if last is not None and last[0] is scenario and last[1:] == (paths, origin):
            plan = memo[_PLAN] = ValuePlan(scenario, values, origin)
        memo[_LAST] = (scenario, paths, origin)
    # A sample makes thousands of short-lived objects beside a model of a hundred thousand
    # long-lived ones; each automatic collection rescanned those (6 % of a sample).
    with gc_paused():
        sample = plan.apply(values) if plan else with_values(scenario, values, origin=origin)
        return direct_solves(session).solve(sample)
