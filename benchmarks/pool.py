"""Benchmark: ``symbiosis montecarlo … --workers 2`` end to end, this tree against another.

Times ``symbiosis montecarlo scenarios/eco-park-2030.yaml --samples N --workers 2`` (the
console script, each run a fresh process and a fresh output folder) for N = 10 and
1,000 with each tree's package first on the path; median of ``--repeats`` wall times, the
trees taking turns so that a busy spell hits both alike, after one warm-up run each. On a shared machine the
fastest run says more than the median: both are printed, with the load average.

Bytecode is written (PYTHONDONTWRITEBYTECODE is unset, as on a user's machine) but into
a cache folder of its own (PYTHONPYCACHEPREFIX), so that neither tree's folders are
touched and both read their compiled modules the same way.

    python benchmarks/pool.py --before /work/main     # median of 3

Results go to benchmarks/results/pool.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).parent / "symbiosis"  # the console script a user runs
SCENARIO = "scenarios/eco-park-2030.yaml"


def _env(tree: Path, pycache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(tree), "PYTHONPYCACHEPREFIX": str(pycache)}


def once_s(tree: Path, samples: int, pycache: Path) -> float:
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        subprocess.run([str(CLI), "montecarlo", SCENARIO, "--samples", str(samples),
                        "--workers", "2", "--out", out], cwd=tree, env=_env(tree, pycache),
                       check=True, capture_output=True)
        return time.perf_counter() - t


def medians_s(trees: list[Path], samples: int, repeats: int, pycache: Path) -> list[list[float]]:
    for tree in trees:  # warm-up (bytecode compiled, files cached), not counted
        once_s(tree, samples, pycache)
    times: list[list[float]] = [[] for _ in trees]
    for _ in range(repeats):
        for i, tree in enumerate(trees):
            times[i].append(once_s(tree, samples, pycache))
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, default=Path("/work/main"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--samples", type=int, nargs="+", default=[10, 1000])
    ap.add_argument("--pycache", type=Path,
                    default=Path(tempfile.gettempdir()) / "symbiosis-bench-pycache")
    args = ap.parse_args()
    rows = []
    for n in args.samples:
        load = os.getloadavg()[0]
        before, after = medians_s([args.before, ROOT], n, args.repeats, args.pycache)
        rows.append({"samples": n, "workers": 2, "before_s": statistics.median(before),
                     "after_s": statistics.median(after), "before_min_s": min(before),
                     "after_min_s": min(after), "before_runs_s": before,
                     "after_runs_s": after, "load_average_at_start": load})
    out = ROOT / "benchmarks" / "results" / "pool.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"cpus": os.cpu_count(), "rows": rows}, indent=1) + "\n")
    print(f"symbiosis montecarlo {SCENARIO} --workers 2 | before s | after s | ratio | "
          f"fastest before | after (median of {args.repeats}; {os.cpu_count()} CPUs; load "
          "average at the start)")
    for r in rows:
        print(f"--samples {r['samples']} | {r['before_s']:.2f} | {r['after_s']:.2f} | "
              f"{r['after_s'] / r['before_s']:.2f} | {r['before_min_s']:.2f} | "
              f"{r['after_min_s']:.2f} (load {r['load_average_at_start']:.2f})")


if __name__ == "__main__":
    main()
