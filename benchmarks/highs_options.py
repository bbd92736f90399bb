"""HiGHS options and releases on the regional park's MILP, side by side (issue 13, item 3).

The model is the one ``symbiosis run`` hands to HiGHS for the 7,000-tenant / 100,000-link
park of ``benchmarks/regional.py`` (run that first with ``--keep DIR``): built once,
written as MPS, then solved by a fresh process per configuration with the scenario's
gap (1 %) and one thread, so that nothing but HiGHS is timed. ``--highspy-path DIR``
adds a configuration run with another highspy installed in DIR (``pip install --target``).

    python benchmarks/highs_options.py --keep /tmp/regional [--time-limit 200]
        [--highspy-path /tmp/hs116]

Prints: configuration, release, status, HiGHS run time, gap, and when each better plan
came (the log's solution lines). JSON in benchmarks/results/highs_options.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIGS = {  # name → options on top of HiGHS's defaults (what the tool passes at this size)
    "defaults": {},
    "no root reduced cost": {"mip_heuristic_run_root_reduced_cost": False},
    "more heuristic effort": {"mip_heuristic_effort": 0.2},
}
DUMP = r"""
import sys, highspy
from symbiosis import api
from symbiosis.optimize.data import build_data
from symbiosis.optimize.solve import Optimizer
from symbiosis.optimize import limits
opt = Optimizer(build_data(api.load_scenario(sys.argv[1])))
h, _ = limits.highs_of(opt.solver, opt.model)
opt.solver.update()  # the Params' numbers in, as the first solve does
copy = highspy.Highs(); copy.silent(); copy.passModel(h.getLp()); copy.writeModel(sys.argv[2])
"""
SOLVE = r"""
import json, sys, time, highspy
h = highspy.Highs(); h.setOptionValue("output_flag", True); h.readModel(sys.argv[1])
for k, v in json.loads(sys.argv[2]).items(): h.setOptionValue(k, v)
h.run(); info = h.getInfo()
print("RESULT " + json.dumps({"status": h.modelStatusToString(h.getModelStatus()),
      "run_s": h.getRunTime(), "gap": info.mip_gap, "objective": info.objective_function_value,
      "version": highspy.Highs().version() if hasattr(highspy.Highs(), "version") else "?"}))
"""
FOUND = re.compile(r"^ ([A-Z])\s+\d+\s+\d+\s+\d+\s+[\d.]+%\s+\S+\s+(\S+)\s+([\d.]+)%.*?([\d.]+)s$")


def solve(mps: Path, options: dict, env: dict) -> dict:
    wait = 1.5 * options["time_limit"] + 60  # a release that overruns its limit is cut off
    try:
        p = subprocess.run([sys.executable, "-c", SOLVE, str(mps), json.dumps(options)],
                           capture_output=True, text=True, env=env, cwd=ROOT, timeout=wait)
    except subprocess.TimeoutExpired as exc:
        text = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return {"status": f"killed after {wait:.0f} s (limit {options['time_limit']:g} s)",
                "found": [{"source": m[1], "gap_pct": float(m[3]), "at_s": float(m[4])}
                          for m in (FOUND.match(x) for x in text.splitlines()) if m]}
    out = json.loads(p.stdout.split("RESULT ", 1)[1]) if "RESULT " in p.stdout else \
        {"status": f"failed: {p.stderr[-300:]}"}
    out["found"] = [{"source": m[1], "gap_pct": float(m[3]), "at_s": float(m[4])}
                    for m in (FOUND.match(line) for line in p.stdout.splitlines()) if m]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, required=True, help="the folder of regional.py --keep")
    ap.add_argument("--time-limit", type=float, default=200.0)
    ap.add_argument("--highspy-path", help="a folder with another highspy release")
    ap.add_argument("--only", nargs="*", help="configuration names to run")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "highs_options.json")
    args = ap.parse_args(argv)
    mps = args.keep / "regional.mps"
    if not mps.exists():
        subprocess.run([sys.executable, "-c", DUMP, str(args.keep / "scenario.yaml"), str(mps)],
                       cwd=ROOT, check=True)
    base = {"mip_rel_gap": 0.01, "threads": 1, "time_limit": args.time_limit}
    runs = [(name, opts, None) for name, opts in CONFIGS.items()
            if not args.only or name in args.only]
    if args.highspy_path:
        runs.append(("defaults", {}, args.highspy_path))
    rows = []
    for name, opts, path in runs:
        env = dict(os.environ)
        if path:
            env["PYTHONPATH"] = os.pathsep.join([path, env.get("PYTHONPATH", "")])
        row = {"config": name, "options": opts, "highspy_path": path,
               "load_before": os.getloadavg(), **solve(mps, {**base, **opts}, env)}
        rows.append(row)
        found = "; ".join(f"{f['source']} {f['gap_pct']:.2f} % at {f['at_s']:.0f} s"
                          for f in row["found"])
        print(f"{name:22s} {row.get('version', '?'):8s} {row['status']:18s} "
              f"{row.get('run_s', 0):7.1f} s  gap {100 * (row.get('gap') or 0):5.2f} %  "
              f"load {row['load_before'][0]:.2f}  plans: {found}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=1), "utf-8")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
