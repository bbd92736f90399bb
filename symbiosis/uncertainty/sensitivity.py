"""Which uncertain inputs move the results: a one-at-a-time tornado and Morris screening.

- Tornado: every uncertain input alone at its P10 and at its P90 (the others at the
  scenario's values); the swing of each KPI, largest first.
- Morris (SALib): elementary effects along random trajectories through the unit cube of
  all inputs (each level mapped through the input's distribution, clipped to its
  0.5–99.5 percentiles so unbounded tails stay finite); μ* ranks influence, σ flags
  interactions and non-linearity, which a MILP's switching links produce.
Both evaluate their points with the Monte Carlo engine (same workers, same batches).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from symbiosis.load.scenario import Scenario
from symbiosis.uncertainty import engine, spec

KPIS = ("cost_vnd_per_year", "co2_boundary_t_per_year")


@dataclass
class Sensitivity:
    tornado: list[dict[str, Any]]
    morris: list[dict[str, Any]] | None
    base: dict[str, Any]


def evaluate_points(scenario: Scenario, points: list[dict[str, float]], folder: Path, tag: str,
                    **run) -> list[dict[str, Any]]:
    """Rows of ``points`` (path → value each, {} for the scenario as written), solved with
    their baselines on the engine's workers (in ``folder/tag``)."""
    return engine.evaluate(scenario, points, folder / tag,
                           {"scenario": scenario.id, "kind": tag,
                            "points": len(points)}, **run)


def analyse(scenario: Scenario, out: Path, morris_trajectories: int = 0, seed: int = 0,
            progress: Callable[[int, int], None] | None = None, **run) -> Sensitivity:
    p = spec.plan(scenario)
    if not p.inputs:
        raise ValueError("the scenario has no uncertain input (no estimate figure and no "
                         "uncertainty.inputs)")
    folder = out / "sensitivity-batches"
    points = [{}]
    for inp in p.inputs:
        points += [{inp.path: inp.value(0.1)}, {inp.path: inp.value(0.9)}]
    rows = evaluate_points(scenario, points, folder, "tornado", progress=progress, **run)
    base = rows[0]
    tornado = []
    for j, inp in enumerate(p.inputs):
        lo, hi = rows[1 + 2 * j], rows[2 + 2 * j]
        row = {"input": inp.path, "source": inp.source, "base": inp.base,
               "low": inp.value(0.1), "high": inp.value(0.9)}
        for k in KPIS:
            a, b = lo.get(k), hi.get(k)
            row[f"{k}_at_low"], row[f"{k}_at_high"] = a, b
            row[f"{k}_swing"] = abs(b - a) if a is not None and b is not None else None
        tornado.append(row)
    tornado.sort(key=lambda r: -max((r[f"{k}_swing"] or 0) / max(1.0, abs(base.get(k) or 1.0))
                                    for k in KPIS))
    morris = _morris(scenario, p, folder, morris_trajectories, seed, progress, run) \
        if morris_trajectories else None
    return Sensitivity(tornado, morris, base)


def _morris(scenario, p: spec.Plan, folder: Path, trajectories: int, seed: int, progress,
            run) -> list[dict[str, Any]]:
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    problem = {"num_vars": len(p.inputs), "names": [i.path for i in p.inputs],
               "bounds": [[0.0, 1.0]] * len(p.inputs)}
    x = sample.sample(problem, N=trajectories, num_levels=4, seed=seed)
    u = 0.005 + 0.99 * x
    points = [{inp.path: inp.value(u[k, j]) for j, inp in enumerate(p.inputs)}
              for k in range(len(x))]
    rows = evaluate_points(scenario, points, folder, "morris", progress=progress, **run)
    out = [{"input": i.path, "source": i.source} for i in p.inputs]
    for k in KPIS:
        y = np.array([r.get(k) if r.get(k) is not None else np.nan for r in rows], dtype=float)
        if np.isnan(y).any():  # an infeasible point: Morris needs every point of a trajectory
            y = np.where(np.isnan(y), np.nanmean(y), y)
        si = analyze.analyze(problem, x, y, num_levels=4, print_to_console=False, seed=seed)
        for j, row in enumerate(out):
            row[f"{k}_mu_star"] = float(si["mu_star"][j])
            row[f"{k}_sigma"] = float(si["sigma"][j])
    out.sort(key=lambda r: -r[f"{KPIS[0]}_mu_star"])
    return out
