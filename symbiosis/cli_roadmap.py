"""Command line of the multi-period roadmap: ``symbiosis roadmap SCENARIO``."""

from __future__ import annotations

import argparse

from rich.markup import escape
from rich.table import Table

from symbiosis.analysis.output import ensure_run
from symbiosis.cli_analysis import _bn, _load, _shown_unit, _wrote, money_table, out, progress_bar

EXIT = {"optimal": 0, "feasible": 0, "infeasible": 3, "suspect": 4, "error": 4}


def _kt(v: float | None) -> str:
    return "–" if v is None else f"{v / 1e3:,.1f}"


def cmd_roadmap(args: argparse.Namespace) -> int:
    from symbiosis.roadmap import solve_roadmap
    from symbiosis.roadmap.output import write_roadmap
    from symbiosis.roadmap.spec import read_spec

    scenario = _load(args.scenario)
    read_spec(scenario)  # a bad roadmap section is the user's: say so before any solve
    folder = ensure_run(scenario, args.out)
    with progress_bar(f"roadmap of {scenario.id}") as tick:
        rm = solve_roadmap(scenario, tick)
    paths = write_roadmap(rm, folder)
    if not rm.ok:
        out.print(escape(f"{scenario.id}: roadmap {rm.status}: {rm.message}"))
        _wrote(*paths)
        return EXIT[rm.status]
    t = Table(title=f"Roadmap of {scenario.id}: bn VND per year (capex: per period), kt CO2e "
                    f"per year on boundary '{scenario.policy.co2_boundary}'",
              caption="cost: operating + annuities · other: scope 3 upstream + disposal · "
                      "Decree 35: pass / fail / need evidence (* imposed)")
    for col in ("period", "bought", "capex", "cost", "carbon", "scope 1", "scope 2", "other",
                "CO2", "baseline", "links", "Decree 35"):
        t.add_column(col, justify="left" if col == "period" else "right", no_wrap=True)
    for pr in rm.periods:
        r, tot = pr.results, pr.results.totals
        s = {st: sum(1 for c in r.decree35 if c["status"] == st)
             for st in ("pass", "fail", "needs-evidence")}
        base = pr.baseline.totals["co2_boundary_t_per_year"] if pr.baseline and \
            pr.baseline.ok else None
        t.add_row(escape(pr.period.name), str(len(pr.invested)), _bn(pr.new_capex), _bn(pr.cost),
                  _bn(tot["carbon_cost_vnd_per_year"]), _kt(tot["scope1"]), _kt(tot["scope2"]),
                  _kt(tot["scope3_upstream"] + tot["disposal"]),
                  _kt(tot["co2_boundary_t_per_year"]), _kt(base),
                  str(r.kpis["symbiosis_links"][0]),
                  f"{s['pass']}/{s['fail']}/{s['needs-evidence']}"
                  + ("*" if pr.criteria_imposed else ""))
    out.print(money_table(t))
    ps = rm.path_summary()
    line = f"the straight line to Net Zero in {rm.spec.net_zero_year}"
    verdict = f"stays under {line}" if ps["under_line_every_year"] else \
        (f"is above {line} in {len(ps['years_over_line'])} of {len(rm.path)} years "
         f"(from {ps['first_year_over_line']})")
    out.print(f"present value {_bn(rm.objective)} {_shown_unit()} (discounted at "
              f"{rm.spec.discount_rate:.0%} to {rm.spec.periods[0].start}). The CO2 path "
              f"{verdict}; cumulative "
              f"{_kt(ps['cumulative_co2_t'])} kt against {_kt(ps['cumulative_line_t'])} kt "
              "on the line.")
    _wrote(*paths)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("roadmap", help="multi-period plan: when to build what, CO2 to Net Zero",
                       description="Solve the scenario's roadmap (its 'roadmap:' section: "
                                   "periods, trajectories, tenants entering or leaving, "
                                   "capital budgets, criteria by a period) and write "
                                   "roadmap.csv, roadmap-options.csv, roadmap-co2-path.csv "
                                   "and roadmap.json beside the run's results.")
    p.add_argument("scenario")
    p.add_argument("--out", default="results")
    p.set_defaults(func=cmd_roadmap)
