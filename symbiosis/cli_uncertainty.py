"""Command line of uncertainty analysis: montecarlo, sensitivity and data-needs."""

from __future__ import annotations

import argparse
import textwrap

from rich.markup import escape
from rich.table import Table

from symbiosis.analysis.output import ensure_run, save_csv, save_json
from symbiosis.cli_analysis import (_bn, _count, _load, _num, _wrote, money_table, out,
                                    progress_bar)
from symbiosis.cli_execution import add_execution_options
from symbiosis.cli_execution import described as _described
from symbiosis.cli_execution import execution as _execution


def cmd_montecarlo(args: argparse.Namespace) -> int:
    from symbiosis.uncertainty import montecarlo

    scenario = _load(args.scenario)
    from symbiosis.uncertainty import spec  # scipy: only for the commands that sample

    spec.plan(scenario)  # a bad uncertainty section is refused before anything is written
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"Monte Carlo of {scenario.id} ({_described(args)})") as tick:
        mc = montecarlo.run(scenario, folder, args.samples, args.seed, resume=args.resume,
                            replace=args.replace, progress=tick,
                            notify=lambda m: out.print(escape(m)), **_execution(args))
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
    from symbiosis.uncertainty import spec  # scipy: only for the commands that sample

    spec.plan(scenario)  # a bad uncertainty section is refused before anything is written
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
    add_execution_options(p)
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
    p.add_argument("--replace", action="store_true",
                   help="start again although the folder holds a Monte Carlo of other samples "
                        "or another seed (it moves to history/, never deleted)")
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
    add_data_needs(sub)


def cmd_data_needs(args: argparse.Namespace) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from symbiosis import api
    from symbiosis.money import display
    from symbiosis.present import needs_text

    scenario = _load(args.scenario)
    phases = {"ends": "each estimate at both ends of its range",
              "flips": "bisecting flip points"}
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  console=out, transient=True) as bar:
        task = bar.add_task(f"data needs of {scenario.id} ({_described(args)})", total=None)

        def tick(phase: str, done: int, total: int) -> None:
            bar.update(task, description=f"{scenario.id}: {phases[phase]}", completed=done,
                       total=total)

        found = api.data_needs(scenario, args.out, args.lang, progress=tick, **_execution(args))
    ranked = "cost change" if found.ranked_by == "cost" else "CO2 change"
    t = Table(title=f"Data to request, {scenario.id}: {len(found.rows)} estimates, "
                    f"{found.solves} solves in {found.seconds:,.1f} s; ranked by the swing of "
                    f"the {ranked} against the baseline (top {args.top})")
    for col in ("#", "figure", "enterprise", "value", "cost swing bn VND/yr", "CO2 swing t/yr",
                "flips at"):
        t.add_column(col, justify="right" if col in ("#", "cost swing bn VND/yr",
                                                      "CO2 swing t/yr") else "left",
                     overflow="fold")
    model, money = scenario.composed.get("model", {}), display(scenario.park.currency)
    for r in found.rows[:args.top]:
        flip = "–" if r["flip_point"] is None else \
            needs_text.with_unit(r["flip_point"], r["unit"], r["figure"], "en", money)
        ents = "; ".join(needs_text.short_name(needs_text.enterprise_name(e, model, "en"))
                         for e in r["enterprise_ids"].split(";"))
        t.add_row(str(r["rank"]), escape(r["figure"]), escape(ents),
                  escape(needs_text.with_unit(r["value"], r["unit"], r["figure"], "en",
                                              money)),
                  _bn(r["cost_swing"]), _num(r["co2_swing"]), flip)
    out.print(money_table(t))
    out.print(f"{sum(r['flips'] == 'yes' for r in found.rows)} estimates flip a decision "
              "inside their range")
    _wrote(*found.paths)
    return 0


def add_data_needs(sub: argparse._SubParsersAction) -> None:
    paragraphs = (
        "Every figure tagged E (source: estimate) in the composed park and scenario moves "
        "alone over its range: the range its uncertainty.inputs entry gives, else "
        "± uncertainty.estimate_spread, else ±25 %. At both ends the scenario and its "
        "baseline are solved again (persistent models; a process pool with --workers, or "
        "Dask). Reported per figure: the swing of the headline cost change and of the CO2 "
        "change against the baseline, and whether a link or measure decision flips inside "
        "the range, with the flip point found by bisection to within 1 % of the figure's "
        "value. Ranked by the swing of the objective's headline (the cost change, or the "
        "CO2 change for objective: co2); on equal swings a figure that flips a decision "
        "first.",
        "Each figure goes to who can supply it: a tenant's or a measure's to its "
        "enterprise, a link's to its supplier and receiver, a partner's to the partner, "
        "prices, exchange rates and grid factors to the park and the authorities.",
        "Writes beside the run's results (OUT/<scenario id>/, run first if needed): "
        "data-needs.csv, data-needs.json and data-needs.xlsx (one sheet per enterprise, in "
        "--lang); `symbiosis report` then adds a section 'Data to request'.")
    p = sub.add_parser(
        "data-needs", help="rank every estimate by how much it matters: the data to request",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="\n\n".join(textwrap.fill(t, 78) for t in paragraphs),
        epilog="example: symbiosis data-needs scenarios/eco-park-2030.yaml --workers 2 --lang en")
    p.add_argument("scenario")
    p.add_argument("--lang", choices=("vi", "en"), default="vi",
                   help="language of the workbook and the text columns (default vi)")
    p.add_argument("--top", type=_count(1), default=15, help="rows to show (default 15)")
    _execution_options(p)
    p.set_defaults(func=cmd_data_needs)
