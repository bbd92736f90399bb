"""Sweep one number of a scenario over a list of values, re-solving the persistent model."""

from __future__ import annotations

from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.analysis.values import current, number, unit_of, with_values
from symbiosis.load.scenario import Scenario
from symbiosis.results.core import Results


def point_row(r: Results) -> dict[str, Any]:
    """The figures of one solved point, as a flat row (shared by sweep, Pareto, Monte Carlo)."""
    t = r.totals
    row: dict[str, Any] = {"status": r.status}
    if not r.ok:
        return row
    row.update({
        "objective": r.objective()["value"],
        "cost_vnd_per_year": t["cost_vnd_per_year"],
        "carbon_cost_vnd_per_year": t["carbon_cost_vnd_per_year"],
        "co2_t_per_year": t["co2_t_per_year"],
        "co2_boundary_t_per_year": t["co2_boundary_t_per_year"],
        "scope1": t["scope1"], "scope2": t["scope2"], "scope3_upstream": t["scope3_upstream"],
        "disposal": t["disposal"],
        "avoided_co2_t_per_year_external": t["avoided_co2_t_per_year_external"],
        "capex_vnd": t["capex_vnd"],
    })
    if r.baseline is not None and r.baseline.ok:
        row["baseline_cost_vnd_per_year"] = r.baseline.totals["cost_vnd_per_year"]
        row["baseline_co2_t_per_year"] = r.baseline.totals["co2_t_per_year"]
        row["delta_cost_vnd_per_year"] = r.delta("cost_vnd_per_year")
        row["delta_co2_t_per_year"] = r.delta("co2_t_per_year")
    row["links_built"] = ";".join(x["id"] for x in r.tables["links"]
                                  if x["built"] and not x["existing"])
    row["measures_adopted"] = ";".join(x["id"] for x in r.tables["measures"] if x["adopted"])
    row["symbiosis_links"] = r.kpis["symbiosis_links"][0]
    return row


def sweep(scenario: Scenario, path: str, values: list[Any],
          progress: Callable[[int, int], None] | None = None, **execution: Any) -> list[dict]:
    """One row per value, re-solving the persistent model (rebuilt only where the value
    changes the model's shape); ``execution`` says where (parallel/engine.py)."""
    from symbiosis.parallel import run_tasks

    unit = unit_of(scenario, path)
    numbers = [number(scenario, path, v) for v in values]  # all checked before any solve
    base_value = current(scenario, path)
    solved = run_tasks(solve_points, [(path, v) for v in numbers], scenario,
                       progress=progress, **execution)
    return [{"parameter": path, "value": given, "value_in_model_unit": value, "unit": unit,
             "scenario_value": base_value, **{k: v for k, v in row.items() if k != "sample"}}
            for given, value, row in zip(values, numbers, solved)]


def solve_points(scenario: Scenario, session: Session,
                 items: list[tuple[int, tuple[str, float]]]) -> list[dict[str, Any]]:
    """Engine task: each (path, value) solved with its baseline. ``rebuilt`` says whether
    the value changes the model's shape from the scenario's own, which does not depend
    on which worker solved which point before."""
    from symbiosis.optimize import params
    from symbiosis.optimize.data import build_data

    if "shape" not in session.memo:
        session.memo["shape"] = params.signature(build_data(scenario))
    rows = []
    for i, (path, value) in items:
        r = session.solve(with_values(scenario, {path: value}, origin=f"sweep {path}"))
        rows.append({"sample": i, **point_row(r),
                     "rebuilt": session.optimizer.shape != session.memo["shape"]})
    return rows
