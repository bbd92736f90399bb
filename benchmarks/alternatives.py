"""Benchmark: wall time of ``symbiosis alternatives`` on 1 and 2 workers.

Each run is a fresh process of the command line (``python -m symbiosis alternatives
SCENARIO --slack 5% --count 5 --workers N``) into a temporary results folder, so it
counts start-up, the run written beside it, the MGA search, the per-option solves (in the
process itself with 1 worker, on the process pool of uncertainty/engine.py with 2) and
the files. The worker counts take turns, so a busy spell of the shared machine hits both.

    python benchmarks/alternatives.py                     # eco-park-2030, median of 3
    python benchmarks/alternatives.py --synthetic 30 70 --repeats 1
                      # a synthetic park (symbiosis.synthetic) of 30 plants, 70 links,
                      # whose per-option solves are long enough for a pool to pay

Results go to benchmarks/results/alternatives.json and a table on stdout, with the load
average (``os.getloadavg``) before and after, since the machine is shared.
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


def once_s(scenario: str, slack: str, count: int, workers: int) -> tuple[float, dict]:
    """Wall time of one command, and the phases alternatives.json reports."""
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symbiosis", "alternatives", scenario,
                        "--slack", slack, "--count", str(count), "--workers", str(workers),
                        "--out", out], cwd=ROOT, check=True, capture_output=True)
        wall = time.perf_counter() - t
        doc = json.loads(next(Path(out).glob("*/alternatives.json")).read_text("utf-8"))
        return wall, doc["seconds"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default="scenarios/eco-park-2030.yaml")
    ap.add_argument("--slack", default="5%")
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--synthetic", type=int, nargs=2, metavar=("PLANTS", "LINKS"),
                    help="time a synthetic park of one industrial park instead")
    args = ap.parse_args()
    if args.synthetic:
        from symbiosis.synthetic import generate, write

        folder = Path(tempfile.mkdtemp(prefix="alternatives-bench-"))
        plants, links = args.synthetic
        write(generate(plants, 1, seed=0, links=links), folder / "park.yaml")
        (folder / "scenario.yaml").write_text(
            f"id: synthetic-{plants}-{links}\nmodel: park.yaml\npolicy:\n  objective: cost\n",
            encoding="utf-8")
        args.scenario = str(folder / "scenario.yaml")
    load_before = os.getloadavg()
    once_s(args.scenario, args.slack, args.count, 1)  # warm-up: bytecode, file cache
    times: dict[int, list[float]] = {w: [] for w in args.workers}
    phases: dict[int, list[dict]] = {w: [] for w in args.workers}
    for _ in range(args.repeats):
        for w in args.workers:
            wall, sec = once_s(args.scenario, args.slack, args.count, w)
            times[w].append(wall)
            phases[w].append(sec)
    load_after = os.getloadavg()
    rows = [{"workers": w, "median_s": statistics.median(t), "min_s": min(t), "max_s": max(t),
             "runs": len(t), **{f"{k}_median_s": statistics.median(p[k] for p in phases[w])
                                for k in phases[w][0]}} for w, t in times.items()]
    print(f"symbiosis alternatives {args.scenario} --slack {args.slack} --count {args.count}")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
          f"({os.cpu_count()} cores)")
    print("| workers | wall median s | min s | max s | model s | optimum + search s "
          "| option status s | runs |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['workers']} | {r['median_s']:.2f} | {r['min_s']:.2f} | {r['max_s']:.2f} "
              f"| {r['model_median_s']:.2f} | {r['optimum_and_search_median_s']:.2f} "
              f"| {r['option_status_median_s']:.2f} | {r['runs']} |")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    name = "alternatives" + (f"-synthetic-{args.synthetic[0]}-{args.synthetic[1]}"
                             if args.synthetic else "")
    (out / f"{name}.json").write_text(json.dumps(
        {"scenario": args.scenario, "slack": args.slack, "count": args.count, "rows": rows,
         "loadavg_before": load_before, "loadavg_after": load_after,
         "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, indent=2) + "\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
