"""What the audit of every MILP answer costs: one solve with and without it, side by side.

    python benchmarks/audit.py [--repeats 20]

For each built-in scenario the same persistent model is solved ``repeats`` times with
the audit (fix the binaries, re-solve the LP) and with the audit replaced by a no-op;
prints a table and writes benchmarks/results/audit.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from symbiosis import api
from symbiosis.optimize import audit, audited
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ["baseline", "carbon-price", "eco-park-2030", "min-co2"]


def _time(opt: Optimizer, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        sol = opt.solve()
        times.append(time.perf_counter() - t)
        assert sol.status == "optimal", sol.message
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    real = audited.audit_loaded
    rows = []
    for name in SCENARIOS:
        sc = api.load_scenario(ROOT / "scenarios" / f"{name}.yaml")
        opt = Optimizer(build_data(sc))
        opt.solve()  # warm: the first hand-over to HiGHS is not what is compared
        audited.audit_loaded = lambda *a, **k: audit.Audit(ok=True)
        try:
            bare = _time(opt, args.repeats)
        finally:
            audited.audit_loaded = real
        checked = _time(opt, args.repeats)
        rows.append({"scenario": name, "solve_ms": bare * 1e3, "solve_audit_ms": checked * 1e3,
                     "ratio": checked / bare})
    print(f"{'scenario':<16}{'solve ms':>10}{'+ audit ms':>12}{'ratio':>8}")
    for r in rows:
        print(f"{r['scenario']:<16}{r['solve_ms']:>10.1f}{r['solve_audit_ms']:>12.1f}"
              f"{r['ratio']:>8.2f}")
    out = ROOT / "benchmarks" / "results" / "audit.json"
    out.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"), "machine": platform.platform(),
                               "repeats": args.repeats, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
