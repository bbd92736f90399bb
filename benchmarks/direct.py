"""Monte Carlo sample solves: the persistent Pyomo path, the direct HiGHS path, HiGHS itself.

    python benchmarks/direct.py [--samples 200] [--cli-samples 1000] [--before /work/main]

In one process, on the same eco-park-2030 samples: the time per sample of
``Session.solve(with_values(...))`` (the Pyomo path), of ``solve_sample`` (the direct
path, optimize/direct.py) and HiGHS's own run time in the direct path (``getRunTime``
of the sample MILP, its audit LP and the baseline LP). Then the CLI end to end,
``symbiosis montecarlo scenarios/eco-park-2030.yaml --samples N --workers 2``, from this
tree and, with ``--before``, from another one (the code before the direct path). A
sample is two solves (the scenario and its baseline), as in throughput.py. The machine
is shared: the load average (``os.getloadavg``) is printed beside the figures.
Writes benchmarks/results/direct.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "scenarios/eco-park-2030.yaml"


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def in_process(samples: int, seed: int) -> dict:
    sys.path.insert(0, str(ROOT))
    from symbiosis import api
    from symbiosis.analysis.direct_session import direct_solves, solve_sample
    from symbiosis.analysis.session import Session
    from symbiosis.analysis.values import with_values
    from symbiosis.uncertainty import spec

    sc = api.load_scenario(ROOT / SCENARIO)
    drawn = spec.draw(spec.plan(sc), samples, seed=seed)
    old = Session(sc)
    old.solve(with_values(sc, drawn[0], origin="sample"))  # built and handed over once
    new = Session(sc)
    ds = direct_solves(new)  # compiled once (one Pyomo solve inside)
    out = {"samples": samples, "load_before": load()}
    # Interleaved in blocks, so that a change of load on the shared machine hits both.
    t_old = t_new = c_old = c_new = 0.0
    block = 20
    for lo in range(0, samples, block):
        part = drawn[lo:lo + block]
        t, c = time.perf_counter(), time.process_time()
        for v in part:
            old.solve(with_values(sc, v, origin="sample"))
        t_old += time.perf_counter() - t
        c_old += time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        for v in part:
            solve_sample(new, sc, v)
        t_new += time.perf_counter() - t
        c_new += time.process_time() - c
    highs = ds.main.run_seconds + ds.base.run_seconds
    out.update({
        "load_after": load(), "old_ms": 1e3 * t_old / samples, "direct_ms": 1e3 * t_new / samples,
        "highs_ms": 1e3 * highs / samples,
        "old_cpu_ms": 1e3 * c_old / samples, "direct_cpu_ms": 1e3 * c_new / samples,
        "highs_cpu_ms": 1e3 * (ds.main.run_cpu_seconds + ds.base.run_cpu_seconds) / samples,
        "highs_audit_ms": 1e3 * ds.main.audit_seconds / samples,
        "highs_baseline_ms": 1e3 * ds.base.run_seconds / samples,
        "ratio_direct_to_highs": t_new / highs, "ratio_old_to_highs": t_old / highs,
        "speedup": t_old / t_new, "fallbacks": ds.main.fallbacks,
        "baseline_fallbacks": ds.base.fallbacks, "baseline_reused": ds.base_reused})
    return out


def cpu_of_children() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and its workers, once ended
    return ru.ru_utime + ru.ru_stime


def cli(tree: Path, samples: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="direct-bench-") as tmp:
        before, cpu = load(), cpu_of_children()
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symbiosis", "montecarlo", SCENARIO,
                        "--samples", str(samples), "--workers", str(workers), "--out", tmp],
                       cwd=tree, check=True, capture_output=True)
        wall = time.perf_counter() - t
        cpu = cpu_of_children() - cpu
    # CPU seconds hold better than wall time on a shared machine: with the cores to
    # itself, the run would take about cpu / workers (plus the serial start-up). They
    # count only the processes the CLI waited for: workers forked from the fork server
    # (parallel/pool.py) are the server's children, not the CLI's, and are left out.
    return {"tree": str(tree), "samples": samples, "workers": workers, "seconds": wall,
            "samples_per_s": samples / wall, "solves_per_s": 2 * samples / wall,
            "cpu_seconds": cpu, "cpu_ms_per_sample": 1e3 * cpu / samples,
            "load_before": before, "load_after": load()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--cli-samples", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--before", type=Path, help="another checkout to run the CLI from too")
    ap.add_argument("--cli-only", action="store_true", help="skip the in-process table")
    args = ap.parse_args()
    res = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": platform.platform(),
           "python": platform.python_version(), "cpus": os.cpu_count()}
    runs = []
    if not args.cli_only:
        m = res["in_process"] = in_process(args.samples, args.seed)
        print_in_process(m)
    for tree in [ROOT] + ([args.before.resolve()] if args.before else []):
        runs.append(cli(tree, args.cli_samples, args.workers))
    res["cli"] = runs
    print_cli(args, runs)
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "direct.json").write_text(json.dumps(res, indent=2), encoding="utf-8")


def print_in_process(m: dict) -> None:
    print(f"eco-park-2030, {m['samples']} samples in one process "
          f"(load {m['load_before']} → {m['load_after']})")
    hc = m["highs_cpu_ms"]
    print(f"{'path':<34} {'ms/sample':>10} {'× HiGHS':>8} {'CPU ms':>8} {'× HiGHS CPU':>12}")
    print(f"{'Pyomo persistent (Session.solve)':<34} {m['old_ms']:>10.2f} "
          f"{m['ratio_old_to_highs']:>8.2f} {m['old_cpu_ms']:>8.2f} {m['old_cpu_ms'] / hc:>12.2f}")
    print(f"{'direct HiGHS (solve_sample)':<34} {m['direct_ms']:>10.2f} "
          f"{m['ratio_direct_to_highs']:>8.2f} {m['direct_cpu_ms']:>8.2f} "
          f"{m['direct_cpu_ms'] / hc:>12.2f}")
    print(f"{'HiGHS own run time (getRunTime)':<34} {m['highs_ms']:>10.2f} {1:>8.2f} "
          f"{hc:>8.2f} {1:>12.2f}")
    print(f"  of which audit LP {m['highs_audit_ms']:.2f} ms, baseline LP "
          f"{m['highs_baseline_ms']:.2f} ms; fallbacks {m['fallbacks']}, baseline kept "
          f"{m['baseline_reused']}×")


def print_cli(args, runs: list[dict]) -> None:
    print(f"\nCLI montecarlo --samples {args.cli_samples} --workers {args.workers} (CPU: the "
          "processes the CLI waits for; workers of a fork server are not among them)")
    for r in runs:
        print(f"  {r['tree']:<28} {r['seconds']:6.1f} s  {r['solves_per_s']:6.1f} solves/s  "
              f"({r['samples_per_s']:.1f} samples/s; CPU {r['cpu_seconds']:.1f} s, "
              f"{r['cpu_ms_per_sample']:.1f} ms/sample; load {r['load_before']} → "
              f"{r['load_after']})")


if __name__ == "__main__":
    main()
