"""A scenario kept solved in memory: its persistent models, re-solved with new numbers.

Sweeps, Pareto fronts, abatement curves and Monte Carlo samples change numbers
(``values.with_values``) or pin options (``fix_options``) and call ``solve``; the
Pyomo models are built once and HiGHS is updated in place while their shape holds.
"""

from __future__ import annotations

from symbiosis.load.scenario import Scenario, baseline_of
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer, Solution
from symbiosis.results.core import Results, make_results


class Session:
    def __init__(self, scenario: Scenario, with_baseline: bool = True):
        self.scenario = scenario
        self.data = build_data(scenario)
        self.optimizer = Optimizer(self.data)
        self.baseline_optimizer = (Optimizer(build_data(baseline_of(scenario)))
                                   if with_baseline else None)
        self.memo: dict = {}  # what an engine task reuses between batches (parallel/engine.py)

    @property
    def rebuilds(self) -> int:
        extra = self.baseline_optimizer.rebuilds if self.baseline_optimizer else 0
        return self.optimizer.rebuilds + extra

    def load(self, scenario: Scenario) -> None:
        """Make ``scenario`` (the same park with other numbers) the current one."""
        self.scenario = scenario
        self.data = build_data(scenario)
        self.optimizer.update(self.data)

    def solve_raw(self, order: tuple[str, ...] | None = None) -> Solution:
        return self.optimizer.solve(order)

    def baseline(self) -> Results:
        if self.baseline_optimizer is None:
            raise RuntimeError("this session was made without a baseline")
        bsc = baseline_of(self.scenario)
        return self.baseline_results(bsc, build_data(bsc))

    def baseline_results(self, bsc: Scenario, bdata) -> Results:
        """Results of the baseline scenario ``bsc`` (its data ``bdata``) on the persistent
        baseline model."""
        self.baseline_optimizer.update(bdata)
        return make_results(bsc, bdata, self.baseline_optimizer.solve())

    def solve(self, scenario: Scenario | None = None, with_baseline: bool = True,
              order: tuple[str, ...] | None = None) -> Results:
        """Results of ``scenario`` (default: the current one), with its baseline."""
        if scenario is not None:
            self.load(scenario)
        base = self.baseline() if with_baseline and self.baseline_optimizer else None
        return make_results(self.scenario, self.data, self.optimizer.solve(order), base)
