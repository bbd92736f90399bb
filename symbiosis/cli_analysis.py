"""Command line of the decision-support analyses: pareto, sweep, macc, compare, share.

Each command loads and checks its scenario, runs the analysis from
``symbiosis.analysis``, writes its files beside the run's results and prints a table.
"""

from __future__ import annotations

import argparse
import re
from contextlib import contextmanager
from typing import Any, Iterator

from symbiosis.console import stdout_console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from symbiosis import api
from symbiosis.analysis.output import ensure_run, save_csv, save_json
from symbiosis.cli_execution import add_execution_options, described, execution, whole
from symbiosis.errors import InputError
from symbiosis.money import display, relabel

out = stdout_console()


@contextmanager
def progress_bar(label: str) -> Iterator[Any]:
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeRemainingColumn(), console=out, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


# Money of the command's scenario (one per command): amounts and labels in its currency.
_shown = display("VND")


def use_money(currency: str | None) -> None:
    global _shown
    _shown = display(currency)


def money_table(t: Table) -> Table:
    """The table's title, caption and headers, written for VND, in the scenario's currency."""
    t.title, t.caption = relabel(t.title, "en", _shown), relabel(t.caption, "en", _shown)
    for col in t.columns:
        col.header = relabel(col.header, "en", _shown)
    return t


def _load(path: str):
    scenario = api.load_scenario(path)
    use_money(scenario.park.currency)
    api.check(scenario.park)
    return scenario


def _bn(v: float | None) -> str:
    return _shown.amount(v)


def _shown_unit() -> str:
    return _shown.unit


def _signed_bn(v: float | None) -> str:
    return _shown.amount(v, True)


def _num(v: float | None, fmt: str = "{:,.0f}") -> str:
    if v is None:
        return "–"
    text = fmt.format(v)
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text  # no "-0"


def _wrote(*paths) -> None:
    for p in paths:
        out.print(escape(f"wrote {p}"))


def cmd_pareto(args: argparse.Namespace) -> int:
    from symbiosis.analysis.pareto import pareto

    scenario = _load(args.scenario)
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"trade-off of {scenario.id} ({described(args)})") as tick:
        front = pareto(scenario, args.points, tick, **execution(args))
    t = Table(title=f"Cost–CO2 trade-off, {scenario.id} (CO2 on boundary '{front.boundary}'; "
                    "cost without carbon price)")
    for col in ("point", "CO2 t/yr", "cost bn VND/yr", "MAC VND/t", "new links", "measures"):
        t.add_column(col, justify="right", no_wrap=True)
    for r in front.rows:
        t.add_row(str(r["point"]), _num(r["co2_t_per_year_boundary"]), _bn(r["cost_vnd_per_year"]),
                  _num(r["mac_vnd_per_t"]), str(len([x for x in r["links_built"].split(";") if x])),
                  str(len([x for x in r["measures_adopted"].split(";") if x])))
    out.print(money_table(t))
    out.print(f"{front.solves} solves, {front.skipped} grid points skipped as redundant")
    _wrote(save_csv(folder, "pareto.csv", front.rows),
           save_json(folder, "pareto.json", {
               "scenario": scenario.id, "input_sha256": scenario.input_sha256,
               "points_asked": args.points, "points": len(front.rows), "solves": front.solves,
               "skipped": front.skipped, "co2_boundary": front.boundary,
               "payoff_table": front.payoff, "notes": front.notes,
               "cost_basis": "annual cost without the scenario's carbon price"}))
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    from symbiosis.analysis.sweep import sweep
    from symbiosis.analysis.values import command_line_value

    scenario = _load(args.scenario)
    try:  # a bad path or unit is the user's: name the option, before any solve
        for v in args.values:
            command_line_value(scenario, args.param, v)
    except InputError as exc:
        raise InputError(exc.message, args.scenario, f"--param {args.param}") from None
    values = list(args.values)  # as typed: sweep.csv shows them beside the model's unit
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"sweep of {args.param} ({described(args)})") as tick:
        rows = sweep(scenario, args.param, values, tick, **execution(args))
    t = Table(title=f"Sweep of {args.param} ({rows[0]['unit'] or 'number'}), {scenario.id}")
    for col in ("value", "status", "cost bn VND/yr", "Δ cost", "CO2 t/yr", "Δ CO2", "links",
                "rebuilt"):
        t.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        t.add_row(str(r["value"]), r["status"], _bn(r.get("cost_vnd_per_year")),
                  _bn(r.get("delta_cost_vnd_per_year")), _num(r.get("co2_t_per_year")),
                  _num(r.get("delta_co2_t_per_year")),
                  str(len([x for x in r.get("links_built", "").split(";") if x])),
                  "yes" if r["rebuilt"] else "no")
    out.print(money_table(t))
    # One file per swept number, so a second sweep never replaces the first.
    name = re.sub(r"[^A-Za-z0-9._-]", "_", args.param)[:150]  # model ids may be anything
    _wrote(save_csv(folder, f"sweep-{name}.csv", rows))
    return 0


def cmd_explain_choice(args: argparse.Namespace) -> int:
    from symbiosis.analysis.contribution import contributions_of

    scenario = _load(args.scenario)
    r = api.run(scenario)
    if not r.ok:
        raise InputError(f"the scenario is {r.status}: there is no plan to explain",
                         args.scenario)
    e = contributions_of(r, args.option)  # InputError for an unknown id
    m = _shown
    out.print(escape(f"{args.option} ({e['name']}): {e['verdict']}"))
    t = Table(title=f"What the plan of {scenario.id} loses without {args.option}"
              if e["in_plan"] else f"What changes if {args.option} is forced into {scenario.id}")
    t.add_column("figure")
    t.add_column("value", justify="right")
    # In the plan: what it saves. Outside: what forcing it in changes (contributions_of gives
    # forced − plan for cost and CO2, plan − forced at partners, hence the sign there).
    saved, changed = ("{} saved by it", "{} thanks to it"), ("change of {}", "change of {}")
    words, partners_sign = (saved, 1) if e["in_plan"] else (changed, -1)
    for what, unit, key, sign, fmt in (
            ("annual cost", f"{m.unit}/yr, without carbon price", "saves_cost_vnd_per_year", 1,
             m.amount),
            ("the objective", f"{m.unit}/yr, with carbon price", "saves_objective_vnd_per_year",
             1, m.amount),
            ("park CO2", "t CO2e/yr", "saves_co2_t_per_year", 1, _num),
            ("CO2 avoided at partners", "t CO2e/yr", "saves_co2_partners_t_per_year",
             partners_sign, _num)):
        phrase = words[1] if key.endswith("partners_t_per_year") else words[0]
        label = f"{phrase.format(what)} ({unit})"
        v = e.get(key)
        t.add_row(label, fmt(None if v is None else sign * v))
    if e["in_plan"]:
        t.add_row("simple payback (years)", _num(e.get("payback_years"), "{:,.1f}"))
    out.print(money_table(t))
    return 0


def cmd_macc(args: argparse.Namespace) -> int:
    from symbiosis.analysis.macc import EPS_T, macc

    scenario = _load(args.scenario)
    boundary = scenario.policy.co2_boundary if args.boundary == "scenario" else "net"
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"abatement curve of {scenario.id} ({described(args)})") as tick:
        curve = macc(scenario, tick, boundary, **execution(args))
    t = Table(title=f"Abatement cost curve, {scenario.id}: CO2 on boundary '{boundary}', "
                    "merit order (VND per t CO2e; money only, no carbon price)",
              caption="bars = packages; a package pools steps whose cost per tonne would "
                      "otherwise fall, so the curve rises; # is the number on the figure")
    for col in ("#", "option", "kind", "bar", "abated t/yr", "curve VND/t", "step VND/t",
                "alone t/yr", "alone VND/t"):
        t.add_column(col, justify="left" if col in ("option", "kind") else "right",
                     no_wrap=True)
    for r in curve.rows:
        t.add_row(_num(r["merit_order"], "{}"), escape(r["id"]), r["kind"],
                  _num(r["package"], "{}"), _num(r["incremental_abatement_t"]),
                  _num(r["curve_vnd_per_t"]), _num(r["incremental_vnd_per_t"]),
                  _num(r["standalone_abatement_t"]), _num(r["standalone_vnd_per_t"]))
    out.print(money_table(t))
    rec = curve.reconciliation()
    c = rec["curve"]
    out.print(f"baseline {curve.baseline_co2:,.0f} → optimum {curve.optimum_co2:,.0f} t CO2e/yr "
              f"on boundary '{boundary}': {rec['optimum']['abatement_t_per_year']:,.0f} t abated; "
              f"the curve's steps up to the optimum add up to "
              f"{c['abatement_to_optimum_t_per_year']:,.0f} t"
              + ("" if rec["reconciles"] else
                 f" [red]({rec['difference_t_per_year']:+,.0f} t: does not reconcile)[/red]"))
    if not rec["starts_at_run_baseline"]:
        out.print(f"[yellow]note[/yellow] {escape(rec['start_note'])}")
    if c["offset_options"]:
        out.print(f"before the curve: {', '.join(escape(x) for x in c['offset_options'])} "
                  f"(in the optimum for their saving; {c['offset_t_per_year']:+,.0f} t abated "
                  "on this boundary)")
    missed = [r["id"] for r in curve.rows if r["standalone_avoided_at_partners_t"] > EPS_T
              and not (r["incremental_abatement_t"] or 0) > EPS_T]
    if boundary != "net" and missed:
        out.print(f"[yellow]note[/yellow] {len(missed)} options abate at partners, outside "
                  f"boundary '{boundary}': {', '.join(escape(x) for x in missed)}; "
                  "`--boundary net` shows them")
    if curve.lifted:
        out.print(f"the scenario's constraints are left out (the baseline cannot meet them): "
                  f"{', '.join(curve.lifted)}")
    out.print(f"{curve.solves} evaluations")
    _wrote(save_csv(folder, "macc.csv", curve.rows), save_json(folder, "macc.json", rec))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from symbiosis.analysis import compare as cmp

    with out.status("reading results / solving scenarios…"):
        runs = cmp.resolve(args.item, args.results)
    c = cmp.compare(runs)
    if not c.same_park:
        out.print("[yellow]warning[/yellow] the runs are on different parks: "
                  + escape(", ".join(sorted({str(r.park) for r in runs}))))
    out.print(cmp.table(c))
    _wrote(*cmp.write(c, args.out))
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    from symbiosis.analysis.sharing import enterprise_table, link_split, shapley

    scenario = _load(args.scenario)
    folder = ensure_run(scenario, args.out)
    results = api.run(scenario)
    ents, split = enterprise_table(results), link_split(results)
    with progress_bar(f"Shapley shares of {scenario.id} ({described(args)})") as tick:
        sh = shapley(scenario, args.samples, args.seed, tick, **execution(args))
    t = Table(title=f"Who gains, {scenario.id} (bn VND/yr with the carbon price and transfers)")
    for col in ("enterprise", "baseline", "scenario", "change", "CO2 change t/yr",
                f"Shapley ({sh.unit if sh.unit.startswith('t ') else 'bn VND/yr'})"):
        t.add_column(col, justify="right" if col != "enterprise" else "left", no_wrap=True)
    shares = {r["enterprise"]: r["shapley"] for r in sh.rows}
    for r in ents:
        s = shares.get(r["enterprise"])
        t.add_row(escape(r["enterprise"]), _bn(r["baseline_total_vnd"]), _bn(r["total_vnd"]),
                  _bn(r["delta_total_vnd"]), _num(r["delta_co2_t"]),
                  "–" if s is None else (_num(s) if sh.unit.startswith("t ") else _bn(s)))
    out.print(money_table(t))
    money = not sh.unit.startswith("t ")
    shared = _bn(sh.total_saving) + f" {_shown_unit()}/yr" if money else \
        f"{_num(sh.total_saving)} {sh.unit}"
    what = "the objective: cost with the carbon price" if money else "CO2"
    out.print(f"saving shared by Shapley ({what}): {shared}; {sh.method} over {sh.samples} "
              f"{'coalitions' if sh.method == 'exact' else 'sampled orders'}")
    if results.ok and results.baseline is not None:  # the one saving (results/savings.py)
        out.print(f"the scenario against today, as `run` shows it: Δ cost "
                  f"{_signed_bn(results.delta('cost_vnd_per_year'))} {_shown_unit()}/yr "
                  f"without the carbon price, "
                  f"{_signed_bn(results.delta('cost_vnd_per_year') + _carbon(results))}"
                  f" {_shown_unit()}/yr with it")
    _wrote(save_csv(folder, "enterprises-vs-baseline.csv", ents),
           save_csv(folder, "link-values.csv", split),
           save_csv(folder, "shapley.csv", sh.rows),
           save_json(folder, "shapley.json", {"total_saving": sh.total_saving, "unit": sh.unit,
                                              "method": sh.method, "samples": sh.samples,
                                              "seed": args.seed, "evaluations": sh.evaluations}))
    return 0


def _carbon(results) -> float:
    return results.delta("carbon_cost_vnd_per_year") or 0.0


_count = whole  # kept for the other command modules that import it


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("explain-choice", help="why an option is in the plan (or not)",
                       description="Re-solve the scenario without the option (if the plan "
                                   "has it) or with it forced (if not) and show what changes: "
                                   "annual cost, CO2 in the park and at partners, payback.")
    p.add_argument("scenario")
    p.add_argument("option", help="id of a link, facility, measure or process")
    p.set_defaults(func=cmd_explain_choice)

    p = sub.add_parser("pareto", help="cost–CO2 trade-off curve (augmented ε-constraint)",
                       description="Trace the trade-off between annual cost (without carbon "
                                   "price) and CO2; write pareto.csv beside the run's results.")
    p.add_argument("scenario")
    p.add_argument("--points", type=_count(2), default=11, help="grid points on CO2 (default 11)")
    p.add_argument("--out", default="results")
    add_execution_options(p)
    p.set_defaults(func=cmd_pareto)

    p = sub.add_parser("sweep", help="re-solve over values of one number",
                       description="Re-solve the scenario for each value of one model or "
                                   "policy number (e.g. policy.carbon_price, "
                                   "resources.electricity.price, exchanges.ID.capacity); "
                                   "values may carry units (\"20 USD/t\"). Writes sweep.csv.")
    p.add_argument("scenario")
    p.add_argument("--param", required=True, help="dotted path of the number to vary")
    p.add_argument("--values", required=True, nargs="+", help="values to try")
    p.add_argument("--out", default="results")
    add_execution_options(p)
    p.set_defaults(func=cmd_sweep)

    p = sub.add_parser("macc", help="abatement cost curve of every link and measure",
                       description="Stand-alone and merit-order abatement and cost per tonne "
                                   "of every candidate link, measure and process, on the net "
                                   "boundary (avoided at partners counted) or the scenario's; "
                                   "writes macc.csv and macc.json.")
    p.add_argument("scenario")
    p.add_argument("--boundary", choices=("net", "scenario"), default="net",
                   help="CO2 boundary of the curve: net (inventory minus avoided at partners, "
                        "the default) or the scenario's own co2_boundary")
    p.add_argument("--out", default="results")
    add_execution_options(p)
    p.set_defaults(func=cmd_macc)

    p = sub.add_parser("compare", help="compare results or scenarios side by side",
                       description="KPIs, Decree 35 status, links built and the inputs that "
                                   "differ; writes compare.csv, compare-inputs.csv, compare.md.")
    p.add_argument("item", nargs="+", help="result folder(s) or scenario YAML file(s)")
    p.add_argument("--out", default="results/compare",
                   help="where the comparison goes (default: results/compare)")
    p.add_argument("--results", default="results",
                   help="where scenarios given as files are solved or reused (default: results)")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("share", help="who gains: enterprises, link values, Shapley shares",
                       description="Per-enterprise cost and CO2 against the baseline, each "
                                   "link's value split between supplier and receiver, and the "
                                   "Shapley allocation of the park's saving.")
    p.add_argument("scenario")
    p.add_argument("--samples", type=_count(1), default=2000,
                   help="sampled joining orders when more than 12 enterprises take part")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="results")
    add_execution_options(p)
    p.set_defaults(func=cmd_share)
