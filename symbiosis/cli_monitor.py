"""Command line of monitoring (Decree 35 Art. 43): monitor and template-actuals.

``monitor`` reads a year's actuals against the model (and a plan's result folder),
writes the indicators, the gaps, a summary and a short report, and prints them;
``template-actuals`` writes the actuals file to fill.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from symbiosis.console import stderr_console
from rich.markup import escape
from rich.table import Table

from symbiosis.cli_analysis import out
from symbiosis.present.i18n import LANGS

err = stderr_console()
MAX_WARNINGS = 10

# park-level indicators printed, in order: (indicator, item, label, digits or "%")
SHOWN = (
    ("measures_kept_up", "", "measures kept up", 0),
    ("cleaner_production_share", "", "enterprises with cleaner production", "%"),
    ("links_operating", "", "links operating", 0),
    ("symbiosis_links_operating", "", "symbiosis links among enterprises", 0),
    ("symbiosis_participants", "", "enterprises in symbiosis", 0),
    ("new_members", "", "new members (vs baseline)", 0),
    ("waste_reused", "", "waste reused, t", 0),
    ("saving", "materials", "materials used, t", 0),
    ("saving", "chemicals", "chemicals used, t", 0),
    ("saving", "water", "water used, m3", 0),
    ("saving", "energy", "energy used, MWh", 0),
    ("co2", "scope1", "CO2 scope 1, t", 0),
    ("co2", "scope2", "CO2 scope 2, t", 0),
    ("co2", "scope3_upstream", "CO2 scope 3 upstream, t", 0),
    ("co2", "disposal", "CO2 disposal, t", 0),
    ("co2", "total", "CO2 total, t", 0),
    ("avoided_external", "", "avoided at partners, t", 0),
)


def _fmt(v, digits) -> str:
    if v is None or v == "":
        return "–"
    if digits == "%":
        return f"{100 * float(v):.1f}%"
    return f"{float(v):,.{digits}f}"


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1: {text!r}")
    return value


def _indicator_table(result) -> Table:
    s = result.summary
    plan = s["plan"] is not None
    t = Table(title=f"Decree 35 Art. 43 indicators, {s['park']} {s['year']} (grid factor "
                    f"{s['grid_factor']['t_per_mwh']:g} t/MWh of {s['grid_factor']['year']})",
              caption="expected: the baseline at this year's production · change: saving or "
                      "reduction (positive = better) · target: Decree 35 Art. 37 cl. 2")
    cols = ["indicator", "baseline", "expected"] + (["plan"] if plan else []) + \
        ["actual", "change", "target"]
    for c in cols:
        t.add_column(c, justify="left" if c == "indicator" else "right", no_wrap=True)
    for ind, item, label, digits in SHOWN:
        try:
            r = result.get(ind, "park", item)
        except KeyError:
            continue
        change = r["value"] if ind in ("saving", "co2") else None
        cells = [label, _fmt(r["baseline"], digits), _fmt(r["expected"], digits)]
        if plan:
            cells.append(_fmt(r["plan"], digits))
        cells += [_fmt(r["actual"], digits),
                  _fmt(change, digits) if change is not None else "",
                  _fmt(r["target"], digits) if r["target"] is not None else ""]
        t.add_row(*cells)
    return t


def _gap_table(gaps: list[dict], lang: str) -> Table:
    t = Table(title=f"Gaps ({len(gaps)})", show_lines=False)
    for c in ("subject", "indicator", "plan", "actual", "gap", "message"):
        t.add_column(c, justify="right" if c in ("plan", "actual", "gap") else "left",
                     no_wrap=c != "message", overflow="fold")
    msg = "message_vi" if lang == "vi" else "message"
    for g in gaps:
        d = 2 if g["unit"] == "share" else 0
        t.add_row(escape(g["subject"]), g["indicator"], _fmt(g["plan"], d),
                  _fmt(g["actual"], d), _fmt(g["gap"], d), escape(g[msg]))
    return t


def cmd_monitor(args: argparse.Namespace) -> int:
    from symbiosis.monitor import indicators, load_model, read_actuals, write_outputs
    from symbiosis.present.resultdir import load_result_dir

    park, scenario = load_model(args.model)
    actuals = read_actuals(args.actuals, park)  # every input checked before anything is written
    plan = load_result_dir(args.plan) if args.plan else None
    with out.status("computing the indicators…"):
        result = indicators(park, actuals, plan, args.grid_year, scenario=scenario,
                            flow_share=args.flow_share, co2_tolerance=args.co2_tolerance)
    folder = Path(args.out) if args.out else \
        Path(args.actuals).resolve().parent / f"monitor-{actuals.year}"
    paths = write_outputs(result, folder, args.lang)
    warnings = result.summary["warnings"]
    for w in warnings[:MAX_WARNINGS]:
        err.print(f"[yellow]warning[/yellow] {escape(w)}")
    if len(warnings) > MAX_WARNINGS:
        err.print(f"[yellow]warning[/yellow] … {len(warnings) - MAX_WARNINGS} more in "
                  f"{escape(str(folder / 'monitor.json'))}")
    out.print(_indicator_table(result))
    if result.gaps:
        out.print(_gap_table(result.gaps, args.lang))
    else:
        out.print("No gap against the plan or the Decree 35 criteria.")
    for p in paths:
        out.print(escape(f"wrote {p}"))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    import datetime as dt

    from symbiosis.monitor import load_model, write_template
    from symbiosis.present.resultdir import load_result_dir

    park, scenario = load_model(args.model)
    plan = load_result_dir(args.plan) if args.plan else None
    year = args.year if args.year is not None else dt.date.today().year - 1
    target = Path(args.out) if args.out else Path(f"actuals-{year}.csv")
    with out.status("writing the template…"):
        path = write_template(park, target, year, plan=plan, scenario=scenario)
    out.print(escape(f"wrote {path}: fill the 'amount' column, then run `symbiosis monitor "
                     f"{args.model} {path}`"))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "monitor", help="a year's actual data: Decree 35 Art. 43 indicators and gaps",
        description="Read a year's actuals per enterprise (production, inputs, by-products, "
                    "exchanges, measures kept up, emissions), compute the Art. 43 annual-report "
                    "indicators (cleaner production, symbiosis links and new members, savings "
                    "of materials, water, energy and chemicals, emission reductions against "
                    "the baseline), compare them with the plan and flag the gaps. Writes "
                    "monitor-indicators.csv, monitor-gaps.csv, monitor.json and monitor.md.")
    p.add_argument("model", help="park model (or scenario) YAML the actuals refer to")
    p.add_argument("actuals", help="actuals file, .csv or .xlsx (see template-actuals)")
    p.add_argument("--plan", metavar="RESULT_DIR",
                   help="result folder of the plan (`symbiosis run`); its baseline is used too")
    p.add_argument("--grid-year", type=int, metavar="YEAR",
                   help="year of the grid emission factor for scope 2 (default: the actuals' "
                        "year, else the latest published before it)")
    p.add_argument("--out", metavar="DIR",
                   help="output folder (default: monitor-YEAR beside the actuals file)")
    p.add_argument("--lang", choices=LANGS, default="en", help="language of monitor.md")
    p.add_argument("--flow-share", type=_share, default=0.8, metavar="SHARE",
                   help="flag a planned link below this share of its planned flow (default 0.8)")
    p.add_argument("--co2-tolerance", type=_share, default=0.05, metavar="SHARE",
                   help="flag CO2 above the plan by more than this share (default 0.05)")
    p.set_defaults(func=cmd_monitor)

    p = sub.add_parser(
        "template-actuals", help="the actuals file to fill for `symbiosis monitor`",
        description="Every tenant × product, input, output, link, measure and emission scope "
                    "of the model, one row each, with the plan's or the baseline's amount as a "
                    "hint and an empty 'amount' column to fill. CSV or XLSX by the extension.")
    p.add_argument("model", help="park model (or scenario) YAML")
    p.add_argument("--year", type=int, help="reporting year (default: last year)")
    p.add_argument("--out", metavar="FILE",
                   help="file to write, .csv or .xlsx (default: actuals-YEAR.csv)")
    p.add_argument("--plan", metavar="RESULT_DIR",
                   help="take the hints from this plan instead of the baseline")
    p.set_defaults(func=cmd_template)
