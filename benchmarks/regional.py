"""Benchmark (c'), a regional park end to end by CLI: ``symbiosis run`` under ``/usr/bin/time -v``.

The park comes from ``symbiosis.synthetic.generate(tenants, parks, seed=0, links)``,
written (untimed) as JSON, the table form for big parks (``--format yaml`` for the YAML
twin). Then one process runs ``python -m symbiosis run scenario.yaml`` as a user would:
load, checks, the baseline and the scenario solved, what each option saves (left out by
default above 200 options), results written. ``/usr/bin/time -v`` gives its wall time and
peak resident memory; a small wrapper around the CLI (``runpy``, nothing else changed)
times its phases: load (``api.load_scenario``), each ``api.solve`` (build + HiGHS +
reading back) and ``api.write_results``.

    python benchmarks/regional.py                      # 7,000 tenants / 100,000 links
    python benchmarks/regional.py --tenants 500 --links 5000 --parks 2
    python benchmarks/regional.py --highspy-path DIR   # another highspy, installed in DIR

Targets (issue 13): ≤ 180 s and ≤ 3 GiB peak, solved to ≤ 1 % gap. Results go to
benchmarks/results/regional.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from scale import CRITERIA, machine  # noqa: E402

TARGETS = {"wall_s": 180.0, "peak_gib": 3.0, "gap": 0.01}
WRAPPER = r"""
import json, runpy, sys, time
from symbiosis import api
phases = []
def timed(name, f):
    def g(*a, **k):
        t = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            phases.append([name, time.perf_counter() - t])
    return g
api.load_scenario = timed("load", api.load_scenario)
api.solve = timed("solve", api.solve)
api.write_results = timed("write", api.write_results)
api.check = timed("check", api.check)
api.check_policy = timed("check_policy", api.check_policy)
api.make_results = timed("results", api.make_results)
from symbiosis.optimize import solve as _sv
_sv.Optimizer.__init__ = timed("build", _sv.Optimizer.__init__)
_sv.Optimizer._run = timed("highs", _sv.Optimizer._run)
_sv.Optimizer._audit = timed("audit", _sv.Optimizer._audit)
T0 = time.perf_counter()
sys.argv = ["symbiosis", *sys.argv[1:]]
try:
    runpy.run_module("symbiosis", run_name="__main__")
finally:
    phases.append(["total in Python", time.perf_counter() - T0])
    print("PHASES " + json.dumps(phases), file=sys.stderr)
"""


def _generate(tenants: int, parks: int, links: int, path: Path, env: dict) -> None:
    code = ("import sys; from symbiosis.synthetic import generate, write; "
            "write(generate(int(sys.argv[1]), int(sys.argv[2]), seed=0, links=int(sys.argv[3])),"
            " sys.argv[4])")
    subprocess.run([sys.executable, "-c", code, str(tenants), str(parks), str(links),
                    str(path)], cwd=ROOT, env=env, check=True)


def _time_v(stderr: str) -> tuple[float, float]:
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", stderr)
    h, m, s = (float(x) if x else 0.0 for x in wall.groups())
    peak = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1))
    return h * 3600 + m * 60 + s, peak * 1024 / 1024 ** 3


def run(args: argparse.Namespace) -> dict:
    env = dict(os.environ)
    if args.highspy_path:
        env["PYTHONPATH"] = os.pathsep.join([args.highspy_path, env.get("PYTHONPATH", "")])
    folder = Path(args.keep or tempfile.mkdtemp(prefix="regional-"))
    folder.mkdir(parents=True, exist_ok=True)
    park = folder / f"park.{args.format}"
    if not park.exists():
        t = time.perf_counter()
        _generate(args.tenants, args.parks, args.links, park, env)
        print(f"generated {park} in {time.perf_counter() - t:.0f} s", flush=True)
    scenario = {"id": "regional", "title": "Regional park: least cost, every option allowed",
                "model": park.name,
                "policy": {"objective": "cost", "criteria": str(CRITERIA),
                           "carbon_price": {"value": "30 USD/t", "source": "assumption",
                                            "note": "as scenarios/carbon-price.yaml"}},
                "solver": {"mip_gap": 0.01, "time_limit": args.time_limit, "threads": 1}}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(scenario, sort_keys=False), "utf-8")
    out = folder / "out"
    cmd = ["/usr/bin/time", "-v", sys.executable, "-c", WRAPPER, "run",
           str(folder / "scenario.yaml"), "--out", str(out)]
    load_before = os.getloadavg()
    p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall, peak = _time_v(p.stderr)
    phases = json.loads(p.stderr.split("PHASES ", 1)[1].splitlines()[0])
    summary = json.loads((out / "regional" / "summary.json").read_text("utf-8")) \
        if (out / "regional" / "summary.json").is_file() else {}
    solver = summary.get("solver") or {}
    versions = json.loads((out / "regional" / "inputs" / "versions.json").read_text("utf-8")) \
        if (out / "regional" / "inputs" / "versions.json").is_file() else {}
    solves = [s for n, s in phases if n == "solve"]
    row = {"size": f"{args.tenants} / {args.links}", "format": args.format,
           "park_file_mb": park.stat().st_size / 1e6, "exit_code": p.returncode,
           "wall_s": wall, "peak_gib": peak,
           "load_s": sum(s for n, s in phases if n == "load"),
           "baseline_solve_s": solves[0] if len(solves) > 1 else None,
           "scenario_solve_s": solves[-1] if solves else None,
           "write_s": sum(s for n, s in phases if n == "write"),
           # every timed phase, summed by name (solve holds build, highs, audit, results)
           "phases_s": {n: round(sum(s for m, s in phases if m == n), 1)
                        for n in dict.fromkeys(n for n, _ in phases)},
           "status": summary.get("status"), "message": summary.get("message"),
           "gap": solver.get("mip_gap"), "highs_seconds": solver.get("seconds"),
           "time_limit_s": args.time_limit, "highspy": versions.get("highspy_version"),
           "loadavg_before": load_before, "loadavg_after": os.getloadavg(),
           "stdout": p.stdout[-2000:], "stderr_tail": p.stderr[-1500:]}
    row["composed"] = sorted(x.name for x in (out / "regional" / "inputs").glob("composed.*")) \
        if (out / "regional" / "inputs").is_dir() else []
    return row


def table(rows: list[dict]) -> str:
    head = ("size", "form", "highspy", "load s", "baseline s", "scenario s", "write s",
            "wall s", "peak GiB", "gap", "status")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    f = (lambda v: "–" if v is None else f"{v:.1f}")
    for r in rows:
        gap = "–" if r["gap"] is None else f"{100 * r['gap']:.2f} %"
        lines.append("| " + " | ".join([
            r["size"], r["format"], str(r["highspy"]), f(r["load_s"]), f(r["baseline_solve_s"]),
            f(r["scenario_solve_s"]), f(r["write_s"]), f(r["wall_s"]), f"{r['peak_gib']:.2f}",
            gap, f"{r['status']} ({r['message']})"]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tenants", type=int, default=7_000)
    ap.add_argument("--parks", type=int, default=20)
    ap.add_argument("--links", type=int, default=100_000)
    ap.add_argument("--format", choices=["json", "yaml"], default="json")
    ap.add_argument("--time-limit", type=float, default=120.0)
    ap.add_argument("--highspy-path", help="a folder with another highspy (pip --target)")
    ap.add_argument("--keep", type=Path, help="generate into (and reuse) this folder")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "regional.json")
    args = ap.parse_args(argv)
    row = run(args)
    print(table([row]))
    print("phases (s): " + ", ".join(f"{k} {v}" for k, v in row["phases_s"].items()))
    missed = [k for k, v in TARGETS.items()
              if row.get(k) is None or row[k] > v]
    print("all targets met" if not missed else "missed: " + ", ".join(missed))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {"rows": []}
    old["rows"].append(row)
    old.update(machine=machine(), targets=TARGETS)
    args.out.write_text(json.dumps(old, indent=2), encoding="utf-8")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
