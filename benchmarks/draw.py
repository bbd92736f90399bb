"""Benchmark: drawing Monte Carlo samples, one ppf call per sample and input vs one per input.

The plan is eco-park-2030's uncertain inputs (its own and the default spread on
estimates); both ways draw the same Latin hypercube (same seed) and must give the same
bits. Time is the median of ``--repeats`` runs of each (wall time); memory is the
tracemalloc peak of one further run of each.

    python benchmarks/draw.py                 # 1,000 samples, median of 3

Results go to benchmarks/results/draw.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_call_per_sample(p, n: int, seed: int):
    """``spec.draw`` as it was before it was vectorised."""
    from scipy.stats import qmc
    u = qmc.LatinHypercube(d=len(p.inputs), seed=seed).random(n)
    return [{inp.path: inp.value(u[k, j]) for j, inp in enumerate(p.inputs)} for k in range(n)]


def timed(fn, repeats: int) -> tuple[float, float, list]:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak / 2 ** 20, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from symbiosis import api
    from symbiosis.uncertainty import spec
    p = spec.plan(api.load_scenario(ROOT / "scenarios" / "eco-park-2030.yaml"))
    n, seed = args.samples, args.seed
    old_s, old_mib, old = timed(lambda: one_call_per_sample(p, n, seed), args.repeats)
    new_s, new_mib, new = timed(lambda: spec.draw(p, n, seed), args.repeats)
    same = [{k: v.hex() for k, v in s.items()} for s in old] == \
        [{k: v.hex() for k, v in s.items()} for s in new]
    row = {"samples": n, "inputs": len(p.inputs), "per_sample_s": old_s, "vectorised_s": new_s,
           "per_sample_peak_mib": old_mib, "vectorised_peak_mib": new_mib, "bit_identical": same}
    out = ROOT / "benchmarks" / "results" / "draw.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(row, indent=1) + "\n")
    print("samples × inputs | per sample s | vectorised s | speed-up | "
          "per sample peak MiB | vectorised peak MiB | same bits")
    print(f"{n:,} × {len(p.inputs)} | {old_s:.3f} | {new_s:.4f} | {old_s / new_s:.0f}× | "
          f"{old_mib:.1f} | {new_mib:.1f} | {'yes' if same else 'NO'}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
