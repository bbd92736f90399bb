"""Command line: parse arguments, call ``symbiosis.api``, print. Nothing else lives here.

Exit codes: 0 solved, 2 bad input, 3 infeasible, 4 solver failure or time limit
without a solution.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from symbiosis.console import stdout_console, stderr_console
from rich.table import Table

from symbiosis import __version__, api
from symbiosis.cli_alternatives import add_commands as add_alternatives_commands
from symbiosis.cli_analysis import add_commands as add_analysis_commands
from symbiosis.cli_present import add_commands as add_present_commands
from symbiosis.cli_disrupt import add_commands as add_disrupt_commands
from symbiosis.cli_execution import warm_up
from symbiosis.cli_monitor import add_commands as add_monitor_commands
from symbiosis.cli_present import figures_for
from symbiosis.cli_roadmap import add_commands as add_roadmap_commands
from symbiosis.cli_uncertainty import add_commands as add_uncertainty_commands
from symbiosis.present.i18n import LANGS
from rich.markup import escape

from symbiosis.errors import InputError, SymbiosisError, printable
from symbiosis.optimize import solvers
from symbiosis.money import display
from symbiosis.results import savings

EXIT = {"optimal": 0, "feasible": 0, "infeasible": 3, "suspect": 4, "error": 4}

out = stdout_console()
err = stderr_console()


def _signed(v: float | None, scale: float = 1.0, fmt: str = "{:+,.0f}") -> str:
    return "–" if v is None else fmt.format(v / scale)


COST, CO2 = "cost_vnd_per_year", "co2_t_per_year"


def _table(results: list[api.Results]) -> Table:
    shows = {display(r.scenario.park.currency) for r in results}
    money = shows.pop() if len(shows) == 1 else None  # parks in several currencies: per row
    criteria = any(not r.scenario.criteria.none for r in results)
    cost = f"Cost in {money.unit}/yr" if money else "Cost in each park's currency (per row)"
    pipeline = any(r.committed is not None for r in results)
    t = Table(title=f"{cost}, CO2 in t CO2e/yr, Δ against each scenario's baseline (today "
                    "unless said)",
              caption="links: links built beyond today's (committed ones included) · meas.: "
                      "measures adopted" + (
                  " · ↳ commit.: part of Δ from projects under construction or contracted; "
                  "the rest is the proposal's own" if pipeline else "") + (
                  " · Decree 35: criteria pass / fail / need evidence" if criteria else ""))
    cols = ["scenario", "status", "cost", "Δ cost"] + (["↳ commit."] if pipeline else []) + \
        ["CO2", "Δ CO2"] + (["↳ commit."] if pipeline else []) + ["links", "meas."]
    for col in cols + (["Decree 35"] if criteria else []):
        t.add_column(col, justify="left" if col in ("scenario", "status") else "right",
                     no_wrap=True)
    for r in results:
        if not r.ok:
            t.add_row(r.id, f"[red]{r.status}[/red]", *["–"] * (len(t.columns) - 2))
            continue
        m = money or display(r.scenario.park.currency)
        s = {st: sum(1 for c in r.decree35 if c["status"] == st)
             for st in ("pass", "fail", "needs-evidence")}
        split = savings.split(r) or {}
        part = {k: (split.get(k) or {}).get("committed") for k in (COST, CO2)}
        row = [r.id, r.status, m.amount(r.totals[COST]) + ("" if money else f" {m.unit}"),
               m.amount(r.delta(COST), True)] + (
                   [m.amount(part[COST], True)] if pipeline else []) + [
               f"{r.totals[CO2]:,.0f}", _signed(r.delta(CO2))] + (
                   [_signed(part[CO2])] if pipeline else []) + [
               str(sum(1 for x in r.tables["links"] if x["built"] and not x["existing"])),
               str(r.kpis["measures_adopted"])]
        if criteria:
            row.append("–" if r.scenario.criteria.none else
                       f"{s['pass']}/{s['fail']}/{s['needs-evidence']}")
        t.add_row(*row)
    return t


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0 or value == float("inf"):  # NaN fails the first test
        raise argparse.ArgumentTypeError(f"must be a positive finite number: {text!r}")
    return value


def cmd_run(args: argparse.Namespace) -> int:
    scenarios = [api.load_scenario(p) for p in args.scenario]  # all inputs checked first
    for s in scenarios:
        if args.time_limit is not None:
            s.solver.time_limit = args.time_limit
        if args.mip_gap is not None:
            s.solver.mip_gap = args.mip_gap
        if args.solver is not None:
            s.solver.name = args.solver
        api.check_solver(s)
        if args.cross_check:
            api.check_solver(s, "scip" if s.solver.name != "scip" else "highs")
    ids = [s.id for s in scenarios]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise InputError(f"two scenarios share the id '{sorted(dup)[0]}'; give each an 'id:'",
                             args.scenario[ids.index(sorted(dup)[0])], "id")
    warnings = []
    for s in scenarios:
        warnings += api.check(s.park)
        api.check_policy(s)  # before any solve, so that a bad scenario writes nothing
    api.check_out(args.out)  # a read-only, full or mistyped --out costs no solve
    for f in warnings:  # only once every input passed: bad input is one message
        err.print(f"[yellow]warning[/yellow] {escape(f'{f.where()}: {f.message}')}")
    done, code = [], 0
    with out.status("") as status:
        for i, s in enumerate(scenarios, 1):
            status.update(f"solving {s.id} ({i}/{len(scenarios)})…")
            r = api.run(s)
            if args.cross_check:
                status.update(f"cross-checking {s.id} with a second solver…")
                r = api.cross_check(r)
            skip = None if args.contributions else api.contributions_left_out(r)
            if skip:
                err.print(f"[yellow]note[/yellow] {escape(f'{s.id}: {skip}')}")
            elif r.ok:  # each option's contribution: the plan re-solved without it
                status.update(f"why each option of {s.id}: re-solving without each…")
                r = api.with_contributions(r)
            path = api.write_results(r, args.out, notify=lambda m: err.print(escape(m)))
            if args.plots and r.ok:
                status.update(f"drawing figures of {s.id}…")
                figures_for(path, args.lang)
            done.append(r)
            code = max(code, EXIT[r.status])
            msg = f"{s.id}: {r.status} → {path}"
            if r.status == "infeasible":
                msg += " (no solution meets all the scenario's constraints)"
            if r.status in ("suspect", "feasible") and r.message:  # feasible: a limit stopped it
                msg += f" — {r.message}"
            out.print(escape(msg))
            for w in savings.partner_warnings(r):
                err.print(f"[yellow]warning[/yellow] {escape(f'{s.id}: {w}')}")
            for w in (r.solver.get("numerics") or {}).get("warnings", []):
                err.print(f"[yellow]warning[/yellow] {escape(f'{s.id}: {w}')}")
            if r.explanation:
                out.print("  why: relaxing these would give a solution "
                          "(explanation.json has the details):")
                for v in r.explanation["violations"]:
                    out.print(escape(f"  - {v['message']}"))
            if s.policy.baseline == "none-existing":
                out.print("  Δ against the no-symbiosis counterfactual (every existing link "
                          "switched off), not against today")
            if r.ok and r.baseline is not None and not r.baseline.ok:
                out.print(escape(f"  its baseline is {r.baseline.status}: no Δ to report"))
    out.print(_table(done))
    for line in _baselines_in_words(done):
        out.print(escape(line))
    return code


def _baselines_in_words(done: list[api.Results]) -> list[str]:
    """What "today" and "committed" mean for each park in the table, in words."""
    lines, seen = [], set()
    for r in done:
        park = r.scenario.park
        if park.id in seen:
            continue
        seen.add(park.id)
        loads = [f"{t.name} " + ("stopped" if t.load_factor == 0 else
                                 f"at {100 * t.load_factor:.0f} % of design")
                 for t in park.tenants.values() if t.load_factor != 1.0]
        lines.append(f"today ({park.name}): every plant at design"
                     + (f" except {'; '.join(loads)}" if loads else "")
                     + "; the existing links on; nothing new")
        committed = sorted({c for x in done if x.scenario.park.id == park.id
                            for c in x.scenario.policy.committed})
        if committed:  # by name, as the report names them
            lines.append("committed projects built in every scenario but today: "
                         + "; ".join(_option_name(park, c) for c in committed))
    return lines


def cmd_validate(args: argparse.Namespace) -> int:
    for p in args.file:
        kind, findings = api.validate_file(p)
        for f in findings:
            err.print(f"[yellow]warning[/yellow] {escape(f'{f.where()}: {f.message} [{f.check}]')}")
        out.print(escape(f"{p}: valid {kind} file"))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="symbiosis",
        description="Industrial-symbiosis optimizer for eco-industrial parks (Decree 35/2022/NĐ-CP). "
                    "Reads scenario files, picks the waste-reuse links and cleaner-production "
                    "measures that minimise cost and CO2, and writes results against the baseline.",
        epilog="Exit codes: 0 solved, 2 bad input, 3 infeasible, 4 solver failure, time limit "
               "or an answer that failed its audit or cross-check (suspect).")
    ap.add_argument("--version", action="version", version=f"symbiosis {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="solve scenarios and write results/<scenario-id>/",
                         description="Solve each scenario and its baseline; write summary.json, "
                                     "links.csv, tenants.csv, resources.csv and inputs/.")
    run.add_argument("scenario", nargs="+", help="scenario YAML file(s)")
    run.add_argument("--out", default="results", help="output folder (default: results)")
    run.add_argument("--plots", action="store_true",
                     help="also draw the figures into RESULT/figures/LANG/")
    run.add_argument("--lang", choices=LANGS, default="en", help="language of the figures")
    run.add_argument("--time-limit", type=_positive, metavar="SECONDS",
                     help="solver time limit per solve (default: the scenario's, else 60)")
    run.add_argument("--mip-gap", type=_positive, metavar="GAP",
                     help="relative MIP gap at which to stop (default: the scenario's, else 1e-6)")
    run.add_argument("--solver", choices=sorted(solvers.NAMES),
                     help="MILP solver (default: the scenario's solver.name, else highs)")
    run.add_argument("--contributions", action="store_true",
                     help="what each option saves, even for plans with hundreds of options "
                          "(one re-solve each; by default left out above 200 options or "
                          "2,000 candidates)")
    run.add_argument("--cross-check", action="store_true",
                     help="solve again with a second solver (SCIP, or HiGHS when SCIP is the "
                          "first) and fail with exit 4 when the optima differ beyond the gap")
    run.set_defaults(func=cmd_run)
    val = sub.add_parser("validate", help="check scenario, model or criteria files",
                         description="Validate files without solving; prints warnings.")
    val.add_argument("file", nargs="+")
    val.set_defaults(func=cmd_validate)
    add_analysis_commands(sub)
    add_disrupt_commands(sub)
    add_present_commands(sub)
    add_monitor_commands(sub)
    add_uncertainty_commands(sub)
    add_roadmap_commands(sub)
    add_alternatives_commands(sub)
    return ap


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A library's warning quotes our data (matplotlib: "Glyph 27 (\x1b) missing"): printed
    with control characters escaped, as every other line, so that it cannot drive the terminal."""
    text = warnings.formatwarning(message, category, filename, lineno, line)
    (file or sys.stderr).write(printable(text))


def main(argv: list[str] | None = None) -> int:
    warnings.showwarning = _show_warning
    ap = parser()
    args = ap.parse_args(argv)
    if not getattr(args, "func", None):
        ap.print_help()
        return 2
    warm_up(args)  # before the command's own imports: they overlap with the workers'
    try:
        return args.func(args)
    except SymbiosisError as exc:
        err.print(f"[red]error[/red]: {escape(str(exc))}", soft_wrap=True)
        return exc.exit_code
    except OSError as exc:  # the machine refused (a full disk, a read-only folder)
        where = exc.filename or "<file>"
        err.print(f"[red]error[/red]: {escape(f'{where}: {exc.strerror or exc}')}",
                  soft_wrap=True)
        return 2
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())


def _option_name(park, oid: str) -> str:
    item = park.exchanges.get(oid) or park.measures.get(oid) or park.processes.get(oid) \
        or park.tenants.get(oid)
    return getattr(item, "name", None) or oid
