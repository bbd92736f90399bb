"""Cost–CO2 trade-off by the augmented ε-constraint method (AUGMECON2).

The trade-off is in money: the scenario's carbon price is set aside (each point's
marginal abatement cost is the carbon price at which that point becomes the cheapest).
1. Payoff table from lexicographic solves: least cost then least CO2 at that cost (A),
   least CO2 then least cost at that CO2 (B).
2. An ε-grid on CO2 from A's CO2 down to B's. At each ε: least cost + δ·CO2 with
   CO2 ≤ ε, δ tiny (the augmentation keeps every point non-dominated).
3. A grid point whose ε the previous solution already meets gives that same solution
   (AUGMECON2's bypass), so it is skipped, not solved.
The two payoff solves run side by side on the parallel engine, and the grid as many
consecutive points at a time as it has workers (see ``pareto``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.analysis.sweep import point_row
from symbiosis.errors import InfeasibleError, SolverError
from symbiosis.load.scenario import Scenario
from symbiosis.parallel import Engine
from symbiosis.results.core import make_results

AUGMENTATION = 1e-3  # δ as a share of the payoff table's cost range per tonne of CO2 range


@dataclass
class Front:
    rows: list[dict[str, Any]]
    payoff: dict[str, dict[str, float]]
    skipped: int  # grid points whose optimum an earlier point already gave (AUGMECON2)
    solves: int  # solves made, including the ones ahead of the grid that were not needed
    boundary: str
    notes: list[str] = field(default_factory=list)


def _variant(scenario: Scenario, carbon_price: float, cap: float | None) -> Scenario:
    pol = dataclasses.replace(scenario.policy, carbon_price=carbon_price, co2_cap=cap)
    return dataclasses.replace(scenario, policy=pol)


def pareto(scenario: Scenario, points: int = 11,
           progress: Callable[[int, int], None] | None = None, **execution: Any) -> Front:
    """The front; ``execution`` says where its solves run (parallel/engine.py).

    With W workers the ε-grid is solved W consecutive points at a time: a point the
    bypass then skips was solved for nothing, but every point kept is the one a serial
    walk keeps, so the front does not depend on W (one worker is the serial walk)."""
    if points < 2:
        raise ValueError("a trade-off curve needs at least 2 points")
    # The scenario's other constraints (criteria, budget) hold at every point.
    base = _variant(scenario, 0.0, None)
    with Engine(base, **execution) as eng:
        def solve(items: list[tuple[float, float | None, tuple[str, ...]]]) -> list[dict]:
            rows = eng.map(solve_front_points, items)
            for row in rows:
                if row["status"] == "infeasible":
                    raise InfeasibleError(f"{scenario.id}: no solution even without a CO2 cap")
                if "objective" not in row:
                    raise SolverError(f"{scenario.id}: the solver stopped without a solution "
                                      f"({row.get('message')})")
            return rows

        a, b = solve([(0.0, None, ("cost", "co2")), (0.0, None, ("co2", "cost"))])
        cost_a, co2_a = a["cost_vnd_per_year"], a["co2_boundary_t_per_year"]
        cost_b, co2_b = b["cost_vnd_per_year"], b["co2_boundary_t_per_year"]
        payoff = {"least_cost": {"cost_vnd_per_year": cost_a, "co2_t_per_year": co2_a},
                  "least_co2": {"cost_vnd_per_year": cost_b, "co2_t_per_year": co2_b}}
        front = Front([], payoff, 0, 2, scenario.policy.co2_boundary)
        span = co2_a - co2_b
        if span <= 1e-9 * max(1.0, abs(co2_a)):
            front.notes.append("least cost is also least CO2: the front is a single point")
            _append(front, a, None)
            _dedupe_and_price(front)  # every row has the same columns, MAC empty
            return front
        delta = AUGMENTATION * max(cost_b - cost_a, 1.0) / span
        _append(front, a, co2_a)
        step = span / (points - 1)
        k = 1
        while k < points - 1:
            wave = list(range(k, min(k + eng.width, points - 1)))
            got = dict(zip(wave, solve([(delta, co2_a - j * step, ("cost",)) for j in wave])))
            front.solves += len(wave)
            while k in got:
                _append(front, got[k], co2_a - k * step)
                reached = got[k]["co2_boundary_t_per_year"]
                # Every later ε down to the CO2 reached here has this same optimum.
                nxt = k + 1
                while nxt < points - 1 and co2_a - nxt * step >= reached - 1e-9 * max(1.0, reached):
                    nxt += 1
                    front.skipped += 1
                k = nxt
                if progress:
                    progress(min(k, points - 1), points - 1)
    _append(front, b, co2_b)
    if progress:
        progress(points - 1, points - 1)
    _dedupe_and_price(front)
    return front


def solve_front_points(scenario: Scenario, session: Session,
                       items: list[tuple[int, tuple[float, float | None, tuple[str, ...]]]]
                       ) -> list[dict[str, Any]]:
    """Engine task: each (carbon price, CO2 cap, lexicographic order) solved on the
    scenario without its carbon price, against that scenario's baseline."""
    if "baseline" not in session.memo:
        session.load(scenario)
        session.memo["baseline"] = session.baseline()
    rows = []
    for i, (carbon_price, cap, order) in items:
        sc = _variant(scenario, carbon_price, cap)
        session.load(sc)
        sol = session.solve_raw(order)
        if not sol.has_values:
            rows.append({"sample": i, "status": sol.status, "message": sol.message})
            continue
        rows.append({"sample": i, **point_row(make_results(sc, session.data, sol,
                                                           session.memo["baseline"]))})
    return rows


def _append(front: Front, solved: dict[str, Any], eps: float | None) -> None:
    row = {"point": len(front.rows), "epsilon_t_per_year": eps,
           **{k: v for k, v in solved.items() if k != "sample"}}
    row["co2_t_per_year_boundary"] = solved["co2_boundary_t_per_year"]
    front.rows.append(row)


def _dedupe_and_price(front: Front) -> None:
    """Drop repeated points; add the marginal abatement cost to the previous point."""
    rows, seen = [], set()
    for row in front.rows:
        key = (round(row["cost_vnd_per_year"], 0), round(row["co2_t_per_year_boundary"], 3))
        if key in seen:
            continue
        seen.add(key)
        rows.append(row)
    for i, row in enumerate(rows):
        row["point"] = i
        if i == 0:
            row["mac_vnd_per_t"] = None
            continue
        prev = rows[i - 1]
        abated = prev["co2_t_per_year_boundary"] - row["co2_t_per_year_boundary"]
        extra = row["cost_vnd_per_year"] - prev["cost_vnd_per_year"]
        row["mac_vnd_per_t"] = extra / abated if abated > 1e-9 else None
    front.rows = rows
