"""Monte Carlo over a scenario's uncertain inputs: what gets built whatever happens.

Outputs, beside the run's results (``results/<id>/``): ``montecarlo-samples.csv``
(one row per sample: its inputs and results), ``montecarlo-build-frequency.csv``
(share of solved samples in which each link and measure is built), and
``montecarlo.json`` (P10/P50/P90 of every KPI, the links and measures built in at
least 90% of samples, how many samples had no solution).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np

from symbiosis.errors import InputError
from symbiosis.load.scenario import Scenario
from symbiosis.results.folder import file_away
from symbiosis.uncertainty import engine, spec

ROBUST = 0.9
KPIS = ("cost_vnd_per_year", "co2_t_per_year", "co2_boundary_t_per_year",
        "delta_cost_vnd_per_year", "delta_co2_t_per_year", "avoided_co2_t_per_year_external",
        "capex_vnd", "symbiosis_links", "participation_share", "cleaner_production_share",
        "waste_reused_t_per_year")


@dataclass
class MonteCarlo:
    rows: list[dict[str, Any]]
    frequency: list[dict[str, Any]]
    percentiles: dict[str, dict[str, float]]
    robust: list[str]
    infeasible: int
    inputs: list[spec.Input]


def run(scenario: Scenario, out: Path, samples: int, seed: int, workers: int = 1,
        batch_size: int | None = None, scheduler: str | None = None,
        dask_local: int | None = None, resume: bool = False, replace: bool = False,
        progress: Callable[[int, int], None] | None = None,
        notify: Callable[[str], None] | None = None) -> MonteCarlo:
    p = spec.plan(scenario)
    drawn = spec.draw(p, samples, seed)
    folder = out / "montecarlo-batches"
    meta = {"scenario": scenario.id, "seed": seed, "spec_sha256": p.spec_sha256}
    if not resume:
        _keep_other_run(out, {**meta, "samples": samples}, replace, notify)
    rows = engine.evaluate(scenario, drawn, folder, meta, workers,
                           batch_size, scheduler, dask_local, resume, progress,
                           progress_note=notify)
    for row, values in zip(rows, drawn):
        row.update({f"input:{k}": v for k, v in values.items()})
    return summarise(rows, scenario, p.inputs)


OUTPUTS = ("montecarlo-batches", "montecarlo-samples.csv", "montecarlo-build-frequency.csv",
           "montecarlo.json")


def _keep_other_run(out: Path, wanted: dict[str, Any], replace: bool,
                    notify: Callable[[str], None] | None) -> None:
    """A Monte Carlo of other samples or another seed is never replaced silently: the run
    refuses, or with ``replace`` moves it to ``history/`` (results/folder.py)."""
    meta_file = out / "montecarlo-batches" / "meta.json"
    try:
        old = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # none there (or unreadable batches, which are recomputed)
    differs = sorted(k for k in wanted if old.get(k) != wanted[k])
    if not differs:
        return
    said = f"{old.get('samples')} samples, seed {old.get('seed')}"
    if not replace:
        raise InputError(f"{out} holds another Monte Carlo ({said}; it differs in "
                         f"{', '.join(differs)}): --resume continues it, --replace moves it "
                         "to history/ and starts this one", out)
    dest = file_away(out, OUTPUTS)
    if notify:
        notify(f"the previous Monte Carlo ({said}) moved to {dest}")


def summarise(rows: list[dict[str, Any]], scenario: Scenario,
              inputs: list[spec.Input]) -> MonteCarlo:
    ok = [r for r in rows if r["status"] in ("optimal", "feasible")]
    options = list(scenario.park.exchanges) + list(scenario.park.measures)
    built = {o: 0 for o in options}
    for r in ok:
        for o in (r.get("links_built") or "").split(";") + (r.get("measures_adopted") or "").split(";"):
            if o:
                built[o] += 1
    n = max(1, len(ok))
    kinds = {**{e: "link" for e in scenario.park.exchanges},
             **{m: "measure" for m in scenario.park.measures}}
    frequency = sorted(({"id": o, "kind": kinds[o], "built_share": c / n, "built_in": c,
                         "solved_samples": len(ok)} for o, c in built.items()),
                       key=lambda x: (-x["built_share"], x["id"]))
    percentiles = {}
    for k in KPIS:
        vals = np.array([r[k] for r in ok if r.get(k) is not None], dtype=float)
        if len(vals):
            p10, p50, p90 = np.percentile(vals, [10, 50, 90])
            percentiles[k] = {"p10": p10, "p50": p50, "p90": p90, "mean": float(vals.mean())}
    robust = [f["id"] for f in frequency if f["built_share"] >= ROBUST and ok]
    return MonteCarlo(rows, frequency, percentiles, robust, len(rows) - len(ok), inputs)


def write(mc: MonteCarlo, folder: Path, seed: int, workers: str) -> list[Path]:
    paths = [folder / "montecarlo-samples.csv", folder / "montecarlo-build-frequency.csv",
             folder / "montecarlo.json"]
    engine.write_rows(paths[0], mc.rows)
    engine.write_rows(paths[1], mc.frequency)
    summary = {"samples": len(mc.rows), "infeasible_samples": mc.infeasible, "seed": seed,
               "execution": workers, "robust_threshold": ROBUST, "robust": mc.robust,
               "percentiles": mc.percentiles,
               "inputs": [{"path": i.path, "dist": i.dist, "base": i.base, "source": i.source,
                           "p10": i.value(0.1), "p90": i.value(0.9)} for i in mc.inputs]}
    tmp = paths[2].with_suffix(".json.tmp")
    tmp.write_text(json.dumps(summary, indent=2, default=float), encoding="utf-8")
    tmp.replace(paths[2])
    return paths
