"""Command line of ``symbiosis alternatives``: near-optimal plans and must-have options."""

from __future__ import annotations

import argparse

from rich.markup import escape
from rich.table import Table

from symbiosis.analysis.output import ensure_run
from symbiosis.cli_execution import add_execution_options, described, execution
from symbiosis.cli_analysis import _bn, _count, _load, _num, _wrote, money_table, out, \
    progress_bar


def _slack(text: str) -> float:
    from symbiosis.analysis.alternatives import parse_slack

    try:
        return parse_slack(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_alternatives(args: argparse.Namespace) -> int:
    from symbiosis.analysis import alternatives_output as output
    from symbiosis.analysis.alternatives import alternatives

    scenario = _load(args.scenario)
    folder = ensure_run(scenario, args.out)
    output.keep_other_run(folder, output.settings(args.slack, args.count,
                                                  scenario.input_sha256),
                          args.replace, lambda m: out.print(escape(m)))
    with progress_bar(f"alternatives of {scenario.id}") as tick:
        where = execution(args)
        alt = alternatives(scenario, args.slack, args.count, where.pop("workers"), tick, **where)
    co2_objective = alt.objective == "co2"
    value = (lambda v: _num(v)) if co2_objective else _bn
    head = "objective t CO2e/yr" if co2_objective else "objective bn VND/yr"
    t = Table(title=f"Near-optimal plans of {scenario.id}: within {args.slack:.1%} of the "
                    f"optimum (cap {value(alt.cap)} {head.split(maxsplit=1)[1]})",
              caption="objective: the scenario's, cost with the carbon price for a cost "
                      "objective · above: % over the optimum · distance: options that differ "
                      "from the optimum's · Decree 35 fail: criteria failed")
    for col in ("plan", head, "above %", "CO2 t/yr", "Decree 35 fail", "options", "distance"):
        t.add_column(col, justify="right", no_wrap=True)
    for p in alt.plans:
        t.add_row(str(p["plan"]), value(p["objective_value"]),
                  _num(p["above_optimum_percent"], "{:,.2f}"), _num(p["co2_t_per_year"]),
                  str(p["decree35_fail"]), str(p["options_built"]),
                  str(p["hamming_to_optimum"]))
    out.print(money_table(t) if not co2_objective else t)
    for note in alt.notes:
        out.print(f"[yellow]note[/yellow] {escape(note)}")
    for status in ("must-have", "never"):
        ids = [o["option"] for o in alt.options if o["status"] == status]
        out.print(f"{status} ({len(ids)}): {escape(', '.join(ids)) or '–'}")
    swap = sum(o["status"] == "swappable" for o in alt.options)
    out.print(f"swappable: {swap} of {len(alt.options)} options"
              + (f"; forced by the scenario: {escape(', '.join(alt.forced))}" if alt.forced
                 else ""))
    sec = alt.seconds
    out.print(f"{alt.solves} solves: model {sec['model']:.1f} s, optimum and search "
              f"{sec['optimum_and_search']:.1f} s, option status {sec['option_status']:.1f} s")
    _wrote(*output.write(alt, folder, described(args)))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "alternatives", help="near-optimal plans (MGA) and the options every good plan needs",
        description="Plans (sets of links, measures and processes built) whose value on the "
                    "scenario's objective is within --slack of the optimum, chosen one after "
                    "another to differ most from the plans before (Hamming-distance MGA), "
                    "under every constraint of the scenario (forbid/force, Decree 35 criteria "
                    "it imposes). For each option: must-have (in every plan within the "
                    "slack), swappable (in some) or never (in none), and the cheapest plan "
                    "without it, each from one exact solve. Writes alternatives.csv, "
                    "alternatives-options.csv and alternatives.json beside the run's results.")
    p.add_argument("scenario")
    p.add_argument("--slack", type=_slack, default=0.05,
                   help="how far above the optimum a plan may be: 5%% or 0.05 (default 5%%); "
                        "the cap is optimum + slack × |optimum|")
    p.add_argument("--count", type=_count(1), default=5,
                   help="plans to find, the optimum included (default 5)")
    add_execution_options(p)
    p.add_argument("--replace", action="store_true",
                   help="write although the folder holds alternatives of another slack or "
                        "count (they move to history/, never deleted)")
    p.add_argument("--out", default="results")
    p.set_defaults(func=cmd_alternatives)
