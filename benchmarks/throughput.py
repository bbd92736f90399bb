"""Benchmarks (a) CLI run, (b) Monte Carlo persistent vs rebuild, (d) Dask efficiency.

    python benchmarks/throughput.py [--samples 200] [--runs 5]

Prints a table and writes benchmarks/results/throughput.json. Targets (issue, 2-core
machine): (a) ≤ 1.5 s; (b) ≥ 100 solves/s and ≥ 5× the rebuild; (d) ≥ 80 %.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "carbon-price.yaml"


def cli_run(runs: int) -> dict:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "symbiosis", "run", str(SCENARIO), "--out", tmp],
                           check=True, capture_output=True)
            times.append(time.perf_counter() - t)
    return {"median_s": statistics.median(times), "runs_s": times, "target_s": 1.5}


def montecarlo(samples: int) -> dict:
    from symbiosis import api
    from symbiosis.analysis.values import with_values
    from symbiosis.load.scenario import baseline_of
    from symbiosis.optimize.data import build_data
    from symbiosis.optimize.solve import Optimizer
    from symbiosis.uncertainty import engine, spec

    sc = api.load_scenario(SCENARIO)
    drawn = spec.draw(spec.plan(sc), samples, seed=11)
    job = engine.Job(str(SCENARIO), sc.input_sha256, list(enumerate(drawn)))
    engine.run_job(engine.Job(str(SCENARIO), sc.input_sha256, [(0, drawn[0])]))  # load once
    t = time.perf_counter()
    persistent = engine.run_job(job)
    t_persistent = time.perf_counter() - t
    t = time.perf_counter()
    rebuilt = []
    for values in drawn:
        s = with_values(sc, values)
        for variant in (baseline_of(s), s):
            rebuilt.append(Optimizer(build_data(variant)).solve().objective)
    t_rebuild = time.perf_counter() - t
    same = all(abs(p["objective"] - r) <= 1e-6 * abs(r)
               for p, r in zip(persistent, rebuilt[1::2]))
    solves = 2 * samples
    return {"samples": samples, "solves": solves,
            "persistent_solves_per_s": solves / t_persistent,
            "rebuild_solves_per_s": solves / t_rebuild, "ratio": t_rebuild / t_persistent,
            "same_answers": same, "target_solves_per_s": 100, "target_ratio": 5}


def dask_efficiency(samples: int) -> dict:
    from dask.distributed import LocalCluster

    from symbiosis import api
    from symbiosis.uncertainty import engine, spec

    sc = api.load_scenario(SCENARIO)
    drawn = spec.draw(spec.plan(sc), samples, seed=12)
    out = {}
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None) as cluster, \
                tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            engine.evaluate(SCENARIO, sc.input_sha256, drawn, Path(tmp) / "b", {"n": n},
                            batch_size=10, scheduler=cluster.scheduler_address)
            out[n] = time.perf_counter() - t
    return {"samples": samples, "seconds_1_worker": out[1], "seconds_2_workers": out[2],
            "efficiency": out[1] / (2 * out[2]), "target": 0.8}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="abd", help="which benchmarks: any of a, b, d")
    args = ap.parse_args()
    res = {"date": time.strftime("%Y-%m-%d"), "machine": platform.platform(),
           "python": platform.python_version()}
    rows = []
    if "a" in args.only:
        a = res["a_cli_run"] = cli_run(args.runs)
        rows.append(("(a) CLI run of one scenario, median of %d" % args.runs,
                     f"{a['median_s']:.2f} s", "≤ 1.5 s"))
    if "b" in args.only:
        b = res["b_montecarlo"] = montecarlo(args.samples)
        rows += [("(b) Monte Carlo, persistent re-solve",
                  f"{b['persistent_solves_per_s']:.1f} solves/s", "≥ 100 solves/s"),
                 ("(b) Monte Carlo, rebuild every sample",
                  f"{b['rebuild_solves_per_s']:.1f} solves/s", ""),
                 ("(b) persistent / rebuild", f"{b['ratio']:.2f}×", "≥ 5×")]
    if "d" in args.only:
        d = res["d_dask"] = dask_efficiency(args.samples)
        rows.append(("(d) Dask LocalCluster 2 workers vs 1", f"{100 * d['efficiency']:.0f} %",
                      "≥ 80 %"))
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'measured':>18}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>18}  {target}")
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"throughput-{args.only}.json").write_text(json.dumps(res, indent=2),
                                                        encoding="utf-8")


if __name__ == "__main__":
    main()
