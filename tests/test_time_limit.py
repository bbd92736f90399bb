"""The deadline of optimize/limits.py stops HiGHS where HiGHS's own time limit would not,
and an answer a limit stopped says so, with its gap."""

from __future__ import annotations

import random
import time

import highspy
import numpy as np

from symbiosis.optimize import limits
from symbiosis.optimize.solve import stopped_message


def _market_split(m: int = 5, n: int = 40, seed: int = 1) -> highspy.Highs:
    """Cornuéjols and Dawande's market split: sum_j a_ij x_j = floor(sum_j a_ij / 2),
    binary x. Branch and bound needs hours for it (the LP bound is useless)."""
    rng = random.Random(seed)
    a = [[rng.randint(0, 99) for _ in range(n)] for _ in range(m)]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    inf = highspy.kHighsInf
    h.addVars(n, np.zeros(n), np.ones(n))
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.full(n, highspy.HighsVarType.kInteger))
    for row in a:
        rhs = float(sum(row) // 2)
        idx = np.arange(n, dtype=np.int32)
        h.addRow(rhs, rhs, n, idx, np.asarray(row, dtype=float))
    # slack columns keep it feasible, so that HiGHS has an incumbent and a gap to report
    for i in range(m):
        h.addCol(1.0, 0.0, inf, 1, np.array([i], dtype=np.int32), np.array([1.0]))
        h.addCol(1.0, 0.0, inf, 1, np.array([i], dtype=np.int32), np.array([-1.0]))
    return h


def test_deadline_interrupts_highs_that_would_run_on():
    h = _market_split()
    h.setOptionValue("time_limit", 3600.0)  # HiGHS's own limit is far away
    h.setOptionValue("mip_rel_gap", 0.0)
    deadline = limits.Deadline(h)
    assert deadline.ok
    deadline.arm(1.0)
    start = time.perf_counter()
    h.run()
    took = time.perf_counter() - start
    assert deadline.hit
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    assert took < 60  # not the hour HiGHS was allowed (a bound, not a benchmark)


def test_a_disarmed_deadline_leaves_highs_alone():
    h = _market_split(m=2, n=12)  # small enough to finish
    deadline = limits.Deadline(h)
    deadline.arm(0.0)
    deadline.disarm()
    h.run()
    assert not deadline.hit
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def test_an_answer_stopped_by_the_limit_says_so_with_its_gap():
    assert stopped_message(60, 0.0196, "unknown", deadline=True) == (
        "time limit of 60 s reached: the best plan found, gap 1.96 % to the best bound")
    assert "time limit of 30 s" in stopped_message(30, None, "maxTimeLimit")
    assert "gap unknown" in stopped_message(30, None, "maxTimeLimit")
    assert "time limit" not in stopped_message(30, 0.1, "iterationLimit")


def test_after_an_interrupted_solve_the_next_run_of_the_same_highs_goes_through():
    """HiGHS keeps the interrupt flag between runs; the audit's LP runs on the same object."""
    h = _market_split()
    h.setOptionValue("mip_rel_gap", 0.0)
    deadline = limits.Deadline(h)
    deadline.arm(0.5)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kInterrupt
    deadline.disarm()
    n = 40  # the binaries made continuous: an LP, solved at once
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.full(n, highspy.HighsVarType.kContinuous))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def test_highs_time_limit_counts_from_each_run_not_from_the_first():
    """HiGHS's clock runs on over runs: a limit of 1 s after 1 s of solving stops at once."""
    from symbiosis.optimize.audited import per_run

    h = _market_split()
    h.setOptionValue("time_limit", 1.0)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    solver = type("Persistent", (), {"_solver_model": h})()
    given = per_run(solver, {"time_limit": 1.0})["time_limit"]
    assert given >= h.getRunTime() + 1.0 - 1e-9
    n = 40
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                            np.full(n, highspy.HighsVarType.kContinuous))
    h.run()  # with the old limit: refused, the clock is past it
    assert h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    h.setOptionValue("time_limit", given)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def test_an_overrun_of_more_than_ten_percent_is_said_with_the_real_time():
    # On the regional park a 120 s limit ended after 142 s of HiGHS (root heuristics).
    late = stopped_message(120, 0.0097, "unknown", deadline=True, ran=142.4)
    assert "time limit of 120 s reached (the solver stopped only after 142 s" in late
    assert late.endswith("the best plan found, gap 0.97 % to the best bound")
    assert "stopped only" not in stopped_message(120, 0.0097, "unknown", True, ran=131.9)
    assert "stopped only" not in stopped_message(120, 0.0097, "unknown", True)
