"""Benchmark (c), scale: synthetic regional networks of growing size, one cost solve each.

For each size, three subprocesses (so that memory peaks do not carry over):

1. generate: ``symbiosis.synthetic.generate`` writes the park file (untimed);
2. load: ``load_scenario`` (YAML, validation, units) is timed as ``load`` and the loaded
   scenario is pickled for the next step;
3. measure: the scenario is solved as ``api.solve`` does (``build_data``,
   ``Optimizer(data)``, ``Optimizer.solve()``), timing

    build     build_data + the Pyomo model (Optimizer.__init__)
    handover  the persistent interface's set_instance: Pyomo → HiGHS
    solve     HiGHS's own run time (Highs.getRunTime), to mip_gap 1% or 300 s
    read      the rest of Optimizer.solve: options, status, loading the values back
    total     build + handover + solve + read (load apart: it is file reading)
    outside   (total − HiGHS time) / total

with the MIP gap reached, the model's size in HiGHS, and the peak resident memory of
the load and measure subprocesses (kernel high-water mark and psutil polled by the
parent; the measure peak includes the unpickled scenario).

    python benchmarks/scale.py                 # all three sizes (about 15 min)
    python benchmarks/scale.py --sizes small   # 500 tenants / 5,000 links only

Results go to benchmarks/results/scale.json and a table on stdout.
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
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CRITERIA = ROOT / "models" / "criteria" / "decree35-2022.yaml"
# (tenants, parks, links)
SIZES = {"small": [(500, 2, 5_000)],
         "all": [(500, 2, 5_000), (2_000, 6, 20_000), (7_000, 20, 100_000)]}
TARGETS = {"build_handover_s": 30.0, "solve_s": 300.0, "gap": 0.01, "peak_gib": 4.0,
           "outside_share": 0.25}
GIB = 1024 ** 3


def scenario_doc(time_limit: float, options: dict) -> dict:
    """The benchmark scenario: least cost with every candidate allowed."""
    solver = {"mip_gap": 0.01, "time_limit": time_limit, "threads": 1}
    if options:
        solver["options"] = options
    return {"id": "scale", "title": "Scale benchmark: least cost, every option allowed",
            "model": "park.yaml",
            "policy": {"objective": "cost", "criteria": str(CRITERIA),
                       "carbon_price": {"value": "30 USD/t", "source": "assumption",
                                        "note": "as scenarios/carbon-price.yaml"}},
            "solver": solver}


# ------------------------------------------------------------------------ subprocesses

def _generate(tenants: int, parks: int, links: int, folder: Path) -> None:
    from symbiosis.synthetic import generate, write
    write(generate(tenants, parks, seed=0, links=links), folder / "park.yaml")


def _rss() -> int:
    import psutil
    return psutil.Process().memory_info().rss


def _peak_rss() -> int:
    """High-water mark of this process's resident memory, in bytes (Linux: VmHWM)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _load(folder: Path) -> dict:
    """Time ``load_scenario`` and keep the loaded scenario for the optimize step."""
    import pickle
    from symbiosis.load.scenario import load_scenario

    t = time.perf_counter()
    scenario = load_scenario(folder / "scenario.yaml")
    out = {"load_s": time.perf_counter() - t, "peak_load_gib": _peak_rss() / GIB}
    # Closures that only serve error messages cannot be pickled; the rest (the park,
    # the composed model and the change log) goes along as loaded.
    scenario.park.locate = None
    for name in ("uncertainty_file", "roadmap_file"):
        if hasattr(scenario, name):
            setattr(scenario, name, None)
    with (folder / "scenario.pkl").open("wb") as f:
        pickle.dump(scenario, f, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def _measure(folder: Path) -> dict:
    import pickle
    from symbiosis.optimize.data import build_data
    from symbiosis.optimize.solve import Optimizer

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))
    with (folder / "scenario.pkl").open("rb") as f:
        scenario = pickle.load(f)
    out: dict = {"rss_loaded_gib": _rss() / GIB}
    t = time.perf_counter()
    data = build_data(scenario)
    out["build_data_s"] = time.perf_counter() - t
    t = time.perf_counter()
    opt = Optimizer(data)
    out["build_model_s"] = time.perf_counter() - t
    out["build_s"] = out["build_data_s"] + out["build_model_s"]

    # Optimizer.solve as it is; the persistent solver's results carry the timings.
    captured = []
    solve = opt.solver.solve

    def spy(model, **kw):
        res = solve(model, **kw)
        captured.append(res)
        return res

    opt.solver.solve = spy
    # The hand-over happens before the solve call (optimize/limits.py sets the deadline
    # on the HiGHS object it makes), so it is timed on its own.
    handover = []
    set_instance = opt.solver.set_instance

    def timed_set_instance(model):
        t0 = time.perf_counter()
        set_instance(model)
        handover.append(time.perf_counter() - t0)

    opt.solver.set_instance = timed_set_instance
    t = time.perf_counter()
    sol = opt.solve()
    wall = time.perf_counter() - t
    res = captured[-1]
    timer = res.timing_info.timer
    out["handover_s"] = sum(handover) or timer.get_total_time("set_instance")
    out["solve_s"] = res.timing_info.highs_time
    out["read_s"] = wall - out["handover_s"] - out["solve_s"]
    out["total_s"] = out["build_s"] + wall
    out["outside_share"] = (out["total_s"] - out["solve_s"]) / out["total_s"]
    out["build_handover_s"] = out["build_s"] + out["handover_s"]
    h = opt.solver._solver_model
    out["highs_cols"], out["highs_rows"] = h.getNumCol(), h.getNumRow()
    out["highs_nonzeros"] = h.getNumNz()
    out["binaries"] = len(data.candidates) + len(data.hubs) + len(data.measures)
    out["status"], out["termination"] = sol.status, sol.message
    out["gap"] = sol.gap
    out["objective_bn_vnd"] = sol.objective / 1e9 if sol.objective is not None else None
    out["links"] = len(data.flows)
    out["tenants"] = len(data.park.tenants)
    out["peak_optimize_gib"] = _peak_rss() / GIB
    return out


def _child(args: argparse.Namespace) -> None:
    folder = Path(args.folder)
    if args.child == "generate":
        _generate(args.tenants, args.parks, args.links, folder)
        return
    print(json.dumps(_load(folder) if args.child == "load" else _measure(folder)), flush=True)


# ----------------------------------------------------------------------------- parent

def _run_child(argv: list[str]) -> tuple[str, float]:
    """Run a subprocess; return its stdout and the highest RSS psutil saw."""
    import psutil
    p = subprocess.Popen([sys.executable, __file__, *argv], stdout=subprocess.PIPE,
                         cwd=ROOT, text=True)
    ps = psutil.Process(p.pid)
    peak = 0
    while p.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    out = p.stdout.read()
    if p.returncode:
        raise SystemExit(f"benchmark subprocess failed ({p.returncode}): {' '.join(argv)}")
    return out, peak / GIB


def run_size(tenants: int, parks: int, links: int, time_limit: float, options: dict,
             keep: Path | None) -> dict:
    import yaml
    folder = Path(tempfile.mkdtemp(prefix=f"scale-{tenants}-")) if keep is None else keep
    folder.mkdir(parents=True, exist_ok=True)
    base = ["--folder", str(folder), "--tenants", str(tenants), "--parks", str(parks),
            "--links", str(links)]
    t = time.perf_counter()
    _run_child(["--child", "generate", *base])
    generate_s = time.perf_counter() - t
    (folder / "scenario.yaml").write_text(
        yaml.safe_dump(scenario_doc(time_limit, options), sort_keys=False), encoding="utf-8")
    out, load_polled = _run_child(["--child", "load", *base])
    row = json.loads(out.strip().splitlines()[-1])
    out, polled = _run_child(["--child", "measure", *base])
    row.update(json.loads(out.strip().splitlines()[-1]))
    row.update(size=f"{tenants} / {links}", requested_tenants=tenants, parks=parks,
               requested_links=links, generate_s=generate_s,
               park_file_mb=(folder / "park.yaml").stat().st_size / 1e6,
               peak_load_polled_gib=load_polled, peak_optimize_polled_gib=polled)
    row["peak_load_gib"] = max(row["peak_load_gib"], load_polled)
    row["peak_gib"] = max(row["peak_optimize_gib"], polled)
    if keep is None:
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    elif (folder / "scenario.pkl").exists():
        (folder / "scenario.pkl").unlink()
    return row


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version
    return {"nproc": os.cpu_count(), "cpu": cpu,
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / GIB, 1),
            "platform": platform.platform(), "python": platform.python_version(),
            "pyomo": version("pyomo"), "highspy": version("highspy"),
            "date": date.today().isoformat()}


def table(rows: list[dict]) -> str:
    head = ("size (tenants / links)", "load s", "build s", "handover s", "solve s", "total s",
            "peak GiB (load)", "peak GiB (build+solve)", "gap", "outside HiGHS", "status")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        gap = "–" if r["gap"] is None else f"{100 * r['gap']:.2f}%"
        lines.append("| " + " | ".join([
            r["size"], f"{r['load_s']:.1f}", f"{r['build_s']:.1f}", f"{r['handover_s']:.1f}",
            f"{r['solve_s']:.1f}", f"{r['total_s']:.1f}", f"{r['peak_load_gib']:.2f}",
            f"{r['peak_gib']:.2f}", gap, f"{100 * r['outside_share']:.0f}%",
            r["status"]]) + " |")
    return "\n".join(lines)


def targets(row: dict) -> dict[str, bool]:
    return {"build+handover ≤ 30 s": row["build_handover_s"] <= TARGETS["build_handover_s"],
            "gap ≤ 1% in ≤ 300 s": (row["gap"] is not None and row["gap"] <= TARGETS["gap"]
                                    and row["solve_s"] <= TARGETS["solve_s"] + 1),
            "peak (build+solve) ≤ 4 GiB": row["peak_gib"] <= TARGETS["peak_gib"],
            "outside HiGHS ≤ 25%": row["outside_share"] <= TARGETS["outside_share"]}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", choices=sorted(SIZES), default="all")
    ap.add_argument("--time-limit", type=float, default=300.0)
    ap.add_argument("--highs-option", action="append", default=[], metavar="NAME=VALUE",
                    help="extra HiGHS option for the scenario's solver.options (repeatable)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale.json")
    ap.add_argument("--keep", type=Path, help="keep the generated files in this folder")
    ap.add_argument("--child", choices=["generate", "load", "measure"], help=argparse.SUPPRESS)
    ap.add_argument("--folder", help=argparse.SUPPRESS)
    ap.add_argument("--tenants", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--parks", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--links", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args)
        return
    import yaml
    options = {}
    for item in args.highs_option:
        name, _, value = item.partition("=")
        options[name] = yaml.safe_load(value)
    rows = []
    for tenants, parks, links in SIZES[args.sizes]:
        keep = args.keep / f"{tenants}" if args.keep else None
        row = run_size(tenants, parks, links, args.time_limit, options, keep)
        row["targets_met"] = targets(row)
        rows.append(row)
        print(table([row]).splitlines()[-1], flush=True)
    print()
    print(table(rows))
    for r in rows:
        missed = [k for k, ok in r["targets_met"].items() if not ok]
        print(f"{r['size']}: " + ("all targets met" if not missed else "missed: " + ", ".join(missed)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": machine(), "targets": TARGETS,
                                    "highs_options": options, "time_limit_s": args.time_limit,
                                    "rows": rows}, indent=2), encoding="utf-8")
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
