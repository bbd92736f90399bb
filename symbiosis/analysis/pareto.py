"""Cost–CO2 trade-off by the augmented ε-constraint method (AUGMECON2).

The trade-off is in money: the scenario's carbon price is set aside (each point's
marginal abatement cost is the carbon price at which that point becomes the cheapest).
1. Payoff table from lexicographic solves: least cost then least CO2 at that cost (A),
   least CO2 then least cost at that CO2 (B).
2. An ε-grid on CO2 from A's CO2 down to B's. At each ε: least cost + δ·CO2 with
   CO2 ≤ ε, δ tiny (the augmentation keeps every point non-dominated).
3. A grid point whose ε the previous solution already meets gives that same solution
   (AUGMECON2's bypass), so it is skipped, not solved.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.analysis.sweep import point_row
from symbiosis.errors import InfeasibleError, SolverError
from symbiosis.load.scenario import Scenario
from symbiosis.results.core import Results, make_results

AUGMENTATION = 1e-3  # δ as a share of the payoff table's cost range per tonne of CO2 range


@dataclass
class Front:
    rows: list[dict[str, Any]]
    results: list[Results]
    payoff: dict[str, dict[str, float]]
    skipped: int
    solves: int
    boundary: str
    notes: list[str] = field(default_factory=list)


def _variant(scenario: Scenario, carbon_price: float, cap: float | None) -> Scenario:
    pol = dataclasses.replace(scenario.policy, carbon_price=carbon_price, co2_cap=cap)
    return dataclasses.replace(scenario, policy=pol)


def pareto(scenario: Scenario, points: int = 11,
           progress: Callable[[int, int], None] | None = None) -> Front:
    if points < 2:
        raise ValueError("a trade-off curve needs at least 2 points")
    # The scenario's other constraints (criteria, budget) hold at every point.
    base = _variant(scenario, 0.0, None)
    session = Session(base)
    baseline = session.baseline()

    def solve(sc: Scenario, order: tuple[str, ...]) -> Results:
        session.load(sc)
        sol = session.solve_raw(order)
        if sol.status == "infeasible":
            raise InfeasibleError(f"{scenario.id}: no solution even without a CO2 cap")
        if not sol.has_values:
            raise SolverError(f"{scenario.id}: the solver stopped without a solution "
                              f"({sol.message})")
        return make_results(sc, session.data, sol, baseline)

    a = solve(base, ("cost", "co2"))
    b = solve(base, ("co2", "cost"))
    cost_a, co2_a = a.totals["cost_vnd_per_year"], a.totals["co2_boundary_t_per_year"]
    cost_b, co2_b = b.totals["cost_vnd_per_year"], b.totals["co2_boundary_t_per_year"]
    payoff = {"least_cost": {"cost_vnd_per_year": cost_a, "co2_t_per_year": co2_a},
              "least_co2": {"cost_vnd_per_year": cost_b, "co2_t_per_year": co2_b}}
    front = Front([], [], payoff, 0, 2, scenario.policy.co2_boundary)
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
        eps = co2_a - k * step
        sc = _variant(base, delta, eps)
        r = solve(sc, ("cost",))
        front.solves += 1
        _append(front, r, eps)
        reached = r.totals["co2_boundary_t_per_year"]
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


def _append(front: Front, r: Results, eps: float | None) -> None:
    row = {"point": len(front.rows), "epsilon_t_per_year": eps, **point_row(r)}
    row["co2_t_per_year_boundary"] = r.totals["co2_boundary_t_per_year"]
    front.rows.append(row)
    front.results.append(r)


def _dedupe_and_price(front: Front) -> None:
    """Drop repeated points; add the marginal abatement cost to the previous point."""
    rows, results, seen = [], [], set()
    for row, r in zip(front.rows, front.results):
        key = (round(row["cost_vnd_per_year"], 0), round(row["co2_t_per_year_boundary"], 3))
        if key in seen:
            continue
        seen.add(key)
        rows.append(row)
        results.append(r)
    for i, row in enumerate(rows):
        row["point"] = i
        if i == 0:
            row["mac_vnd_per_t"] = None
            continue
        prev = rows[i - 1]
        abated = prev["co2_t_per_year_boundary"] - row["co2_t_per_year_boundary"]
        extra = row["cost_vnd_per_year"] - prev["cost_vnd_per_year"]
        row["mac_vnd_per_t"] = extra / abated if abated > 1e-9 else None
    front.rows, front.results = rows, results
