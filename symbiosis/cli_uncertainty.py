"""Command line of uncertainty analysis: montecarlo and sensitivity."""

from __future__ import annotations

import argparse

from rich.markup import escape
from rich.table import Table

from symbiosis.analysis.output import ensure_run, save_csv, save_json
from symbiosis.cli_analysis import (_bn, _count, _load, _num, _wrote, money_table, out,
                                    progress_bar)


def _execution(args: argparse.Namespace) -> dict:
    return {"workers": args.workers, "batch_size": args.batch_size,
            "scheduler": args.scheduler, "dask_local": args.dask_local}


def _described(args: argparse.Namespace) -> str:
    if args.scheduler:
        return f"dask scheduler {args.scheduler}"
    if args.dask_local:
        return f"dask LocalCluster, {args.dask_local} workers"
    return f"{args.workers} local worker{'s' if args.workers > 1 else ''}"


def cmd_montecarlo(args: argparse.Namespace) -> int:
    from symbiosis.uncertainty import montecarlo

    scenario = _load(args.scenario)
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"Monte Carlo of {scenario.id} ({_described(args)})") as tick:
        mc = montecarlo.run(scenario, folder, args.samples, args.seed, resume=args.resume,
                            progress=tick, **_execution(args))
    t = Table(title=f"Monte Carlo, {scenario.id}: {len(mc.rows)} samples, seed {args.seed}, "
                    f"{len(mc.inputs)} uncertain inputs")
    for col in ("KPI", "P10", "P50", "P90"):
        t.add_column(col, justify="left" if col == "KPI" else "right", no_wrap=True)
    for k, v in mc.percentiles.items():
        money = "vnd" in k
        t.add_row(k, *((_bn(v[q]) if money else _num(v[q], "{:,.2f}" if abs(v[q]) < 10 else "{:,.0f}"))
                       for q in ("p10", "p50", "p90")))
    out.print(money_table(t))
    out.print(escape(f"built in ≥90% of solved samples: {', '.join(mc.robust) or 'none'}"))
    if mc.infeasible:
        out.print(f"[yellow]{mc.infeasible} samples had no solution[/yellow]")
    _wrote(*montecarlo.write(mc, folder, args.seed, _described(args)))
    return 0


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from symbiosis.uncertainty import sensitivity

    scenario = _load(args.scenario)
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"sensitivity of {scenario.id}") as tick:
        sens = sensitivity.analyse(scenario, folder, args.morris, args.seed, tick,
                                   **_execution(args))
    t = Table(title=f"Tornado, {scenario.id}: each input alone at its P10 and P90 "
                    f"(top {args.top})")
    for col in ("input", "low", "high", "cost swing bn VND/yr", "CO2 swing t/yr"):
        t.add_column(col, justify="left" if col == "input" else "right", no_wrap=True)
    for r in sens.tornado[:args.top]:
        t.add_row(escape(r["input"]), _num(r["low"], "{:,.4g}"), _num(r["high"], "{:,.4g}"),
                  _bn(r["cost_vnd_per_year_swing"]), _num(r["co2_boundary_t_per_year_swing"]))
    out.print(money_table(t))
    paths = [save_csv(folder, "sensitivity-tornado.csv", sens.tornado)]
    if sens.morris:
        m = Table(title=f"Morris screening ({args.morris} trajectories), top {args.top} by μ*")
        for col in ("input", "μ* cost bn VND/yr", "σ cost", "μ* CO2 t/yr", "σ CO2"):
            m.add_column(col, justify="left" if col == "input" else "right", no_wrap=True)
        for r in sens.morris[:args.top]:
            m.add_row(escape(r["input"]), _bn(r["cost_vnd_per_year_mu_star"]),
                      _bn(r["cost_vnd_per_year_sigma"]), _num(r["co2_boundary_t_per_year_mu_star"]),
                      _num(r["co2_boundary_t_per_year_sigma"]))
        out.print(money_table(m))
        paths.append(save_csv(folder, "sensitivity-morris.csv", sens.morris))
    paths.append(save_json(folder, "sensitivity.json", {
        "scenario": scenario.id, "inputs": len(sens.tornado), "morris_trajectories": args.morris,
        "seed": args.seed, "base": sens.base}))
    _wrote(*paths)
    return 0


def _execution_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=_count(1), default=1,
                   help="local worker processes, one HiGHS thread each (default 1)")
    p.add_argument("--dask-local", type=_count(1), metavar="N",
                   help="run on a Dask LocalCluster of N workers")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask distributed cluster (tcp://host:8786)")
    p.add_argument("--batch-size", type=_count(1), help="samples per task (default: automatic)")
    p.add_argument("--out", default="results")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("montecarlo", help="Monte Carlo over the uncertain inputs",
                       description="Latin hypercube samples of the scenario's uncertainty "
                                   "section (and ±spread on every estimate figure); build "
                                   "frequency of each link and measure, P10/P50/P90 of the "
                                   "KPIs, the links built in ≥90% of samples, one row per "
                                   "sample. Batches are saved as they finish: --resume "
                                   "continues an interrupted run.")
    p.add_argument("scenario")
    p.add_argument("--samples", type=_count(1), default=200)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--resume", action="store_true",
                   help="continue the interrupted run of the same scenario, samples and seed")
    _execution_options(p)
    p.set_defaults(func=cmd_montecarlo)

    p = sub.add_parser("sensitivity", help="tornado (one at a time) and Morris screening",
                       description="Each uncertain input alone at its P10 and P90; with "
                                   "--morris also Morris elementary effects (SALib).")
    p.add_argument("scenario")
    p.add_argument("--morris", type=_count(1), default=0, metavar="TRAJECTORIES",
                   help="also run Morris screening with this many trajectories")
    p.add_argument("--top", type=_count(1), default=15, help="rows to show (default 15)")
    p.add_argument("--seed", type=int, default=0)
    _execution_options(p)
    p.set_defaults(func=cmd_sensitivity)
