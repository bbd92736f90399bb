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
          progress: Callable[[int, int], None] | None = None) -> tuple[list[dict], list[Results]]:
    """One row and one Results per value; the model is rebuilt only if its shape changes."""
    unit = unit_of(scenario, path)
    numbers = [number(scenario, path, v) for v in values]  # all checked before any solve
    session = Session(scenario)
    rows, results = [], []
    base_value = current(scenario, path)
    for i, (given, value) in enumerate(zip(values, numbers)):
        before = session.rebuilds
        r = session.solve(with_values(scenario, {path: value}, origin=f"sweep {path}"))
        row = {"parameter": path, "value": given, "value_in_model_unit": value, "unit": unit,
               "scenario_value": base_value, **point_row(r),
               "rebuilt": session.rebuilds > before}
        rows.append(row)
        results.append(r)
        if progress:
            progress(i + 1, len(values))
    return rows, results
