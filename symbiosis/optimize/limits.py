"""A time limit that holds: HiGHS is interrupted from its own callbacks at the deadline.

HiGHS checks its ``time_limit`` option only at some points of its search; on a regional
park (7,000 tenants, 226,000 columns) highspy 1.16 overran a 60 s limit by more than
four minutes in root probing. Its interrupt callbacks (MIP, simplex, interior point)
come far more often, and each asks for a stop as soon as the wall clock has passed the
deadline. HiGHS then ends as *interrupted* with its incumbent, which Pyomo reads as a
feasible answer (termination unknown), as after a time limit.
"""

from __future__ import annotations

import logging
import time
from typing import Any

# HiGHS's callbacks that may ask for a stop, by highspy's event names.
EVENTS = ("cbMipInterrupt", "cbSimplexInterrupt", "cbIpmInterrupt")


class _QuietInterrupt(logging.Filter):
    """Pyomo's HiGHS interface warns of the status an interrupt leaves (it reads the
    incumbent all the same): the run's status says why it stopped instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "kInterrupt" not in record.getMessage()


logging.getLogger("pyomo.contrib.solver.solvers.highs").addFilter(_QuietInterrupt())


class Deadline:
    """Interrupt one ``highspy.Highs`` once ``arm(seconds)`` has run out."""

    def __init__(self, highs: Any):
        self.highs = highs
        self.until: float | None = None
        self.hit = False
        self.ok = True
        self.armed_at: float | None = None
        self.ran = 0.0  # seconds from arm to disarm of the last run
        for name in EVENTS:
            event = getattr(highs, name, None)
            if event is None:  # a highspy without the event interface: its own limit only
                self.ok = False
                continue
            event.subscribe(self._check)

    def arm(self, seconds: float | None) -> None:
        self.hit = False
        self.armed_at = time.perf_counter()
        self.until = None if seconds is None else self.armed_at + seconds

    def disarm(self) -> None:
        self.until = None
        if self.armed_at is not None:
            self.ran, self.armed_at = time.perf_counter() - self.armed_at, None

    def _check(self, event: Any) -> None:
        late = self.until is not None and time.perf_counter() >= self.until
        self.hit = self.hit or late
        # Written every time: HiGHS keeps the flag from one run to the next, so an
        # interrupted solve would otherwise stop the next (the audit's LP) at once.
        event.data_in.user_interrupt = late


# Pyomo checks every row, column and parameter for changes before each solve (seconds on
# a regional park); right after the hand-over nothing can have changed.
NO_UPDATES = {k: False for k in (
    "check_for_new_or_removed_constraints", "check_for_new_or_removed_vars",
    "check_for_new_or_removed_params", "check_for_new_objective", "update_constraints",
    "update_vars", "update_parameters", "update_named_expressions", "update_objective")}


def highs_of(solver: Any, model: Any) -> tuple[Any, bool]:
    """(the ``highspy.Highs`` inside Pyomo's persistent HiGHS interface ``solver``, whether
    ``model`` was handed over just now): the hand-over its next ``solve`` would do first,
    so that the deadline can be set on HiGHS before the run. After a fresh hand-over,
    solve with ``auto_updates=NO_UPDATES``."""
    fresh = getattr(solver, "_model", None) is not model
    if fresh:
        solver.set_instance(model)
    return getattr(solver, "_solver_model", None), fresh
