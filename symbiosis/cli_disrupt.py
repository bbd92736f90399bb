"""Command line of the disruption simulation: ``symbiosis disrupt RESULT_DIR``.

Reads a result folder (no solve), simulates years of weekly tenant outages on its
built network, writes disruption*.csv, network-metrics.csv and disruption.json into
that folder and prints what the network delivers against the plan.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.markup import escape
from rich.table import Table

from symbiosis.cli_analysis import (_bn, _count, _num, _shown_unit, _signed_bn, _wrote,
                                    money_table, out, use_money)
from symbiosis.errors import InputError


def _pct(v: float | None) -> str:
    return "–" if v is None else f"{100 * v:.0f}%"


def _down(items: list[str], tenants: list[str], where: str) -> dict[str, int]:
    out_: dict[str, int] = {}
    for item in items or []:
        tid, _, weeks = item.partition(":")
        if tid not in tenants:
            raise InputError(f"'{tid}' is not a tenant of the park (tenants: "
                             f"{', '.join(tenants)})", where, "--down")
        try:
            n = int(weeks) if weeks else 52
        except ValueError:
            raise InputError(f"weeks must be a whole number: {item!r}", where, "--down") from None
        if not 0 <= n <= 52:
            raise InputError(f"weeks must be between 0 and 52: {item!r}", where, "--down")
        out_[tid] = n
    return out_


def _summary_table(s: dict[str, Any], title: str) -> Table:
    t = Table(title=title, caption="gross value: what the links in use (existing ones "
              "included, measures left out) are worth against their fallbacks, before capital "
              "and fixed costs (net: after them); CO2 on the park's inventory. Not the "
              "scenario's saving against today, which `run` shows")
    for col in ("figure", "planned", "expected", "P10", "P50", "P90", "expected / planned"):
        t.add_column(col, justify="left" if col == "figure" else "right", no_wrap=True)
    fixed = s["fixed_annual_vnd"]
    rows = ((f"gross value of links, {_shown_unit()}/yr", "saving_vnd", s["planned_saving_vnd"],
             _bn),
            (f"net value of links, {_shown_unit()}/yr", "net_saving_vnd",
             s["planned_saving_vnd"] - fixed,
             _bn),
            ("CO2 reduction, t/yr", "co2_reduction_t", s["planned_co2_reduction_t"], _num),
            ("avoided at partners, t/yr", "avoided_co2_external_t",
             s["planned_avoided_co2_external_t"], _num))
    for label, key, planned, fmt in rows:
        share = s.get(f"mean_{key}_share_of_planned")
        if share is None and planned:
            share = s[f"mean_{key}"] / planned
        t.add_row(label, fmt(planned), *(fmt(s[f"{k}_{key}"]) for k in ("mean", "p10", "p50",
                                                                         "p90")), _pct(share))
    return t


SHORT = {"partner market": "partner", "cut output": "CUT"}


def _links_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Links: planned value and share of the planned flow delivered",
              caption="if idle: what the receiver / the supplier does instead (CUT: it stops "
                      "too; such a link is valued 0)")
    for col in ("link", "from → to", "bn VND/yr", "CO2 t/yr", "delivered", "P10", "if idle"):
        t.add_column(col, justify="left" if col in ("link", "from → to", "if idle")
                     else "right", no_wrap=True)
    for r in rows:
        fb = [SHORT.get(r[k], r[k]) for k in ("receiver_fallback", "supplier_fallback")]
        t.add_row(escape(r["id"]), escape(f"{r['from']} → {r['to']}"),
                  _bn(r["planned_saving_vnd"]), _num(r["planned_co2_reduction_t"]),
                  _pct(r["delivered_share_mean"]), _pct(r["delivered_share_p10"]),
                  escape(" / ".join(fb)))
    return t


def _deps_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title="Single-supplier dependencies (receiver × input fed by one supplier)")
    for col in ("receiver", "input", "supplier", "share of need", "fallback", "weeks short"):
        t.add_column(col, justify="right" if col in ("share of need", "weeks short") else "left",
                     no_wrap=True)
    for r in rows:
        if r["single_supplier"]:
            t.add_row(escape(r["receiver"]), escape(r["input"]), escape(r["largest_supplier"]),
                      _pct(r["largest_supplier_share_of_need"]), r["fallback"],
                      _num(r["weeks_short_mean"], "{:.1f}"))
    return t


def _network_table(m: dict[str, Any], top: int = 8) -> Table:
    n = m["network"]
    t = Table(title="Network: most central nodes",
              caption=f"{n['nodes']} nodes, {n['edges']} edges, connectance "
                      f"{n['connectance']:.3f}; {n['dependencies_with_alternatives']} of "
                      f"{n['dependencies']} dependencies have ≥ 2 suppliers (redundancy "
                      f"{_pct(n['redundancy_share'])})")
    for col in ("node", "kind", "in", "out", "betweenness"):
        t.add_column(col, justify="left" if col in ("node", "kind") else "right", no_wrap=True)
    for r in m["nodes"][:top]:
        t.add_row(escape(r["node"]), r["kind"], str(r["in_degree"]), str(r["out_degree"]),
                  f"{r['betweenness']:.3f}")
    return t


def cmd_disrupt(args: argparse.Namespace) -> int:
    from symbiosis.analysis.disruption import simulate, tenant_ids, write_disruption
    from symbiosis.network.metrics import network_metrics
    from symbiosis.present.resultdir import load_result_dir

    result = load_result_dir(args.result)
    use_money(result.summary.get("currency"))
    down = _down(args.down, tenant_ids(result), args.result)
    with out.status(f"simulating {args.years} years of outages…"):
        res = simulate(result, args.years, args.seed, args.reliability, down=down)
        metrics = network_metrics(result)
    s = res.summary()
    out.print(money_table(_summary_table(s, f"Disruption of {result.id}: {args.years} "
                                            f"simulated years of 52 weeks, seed {args.seed}")))
    sv = (result.summary.get("savings") or {}).get("cost_vnd_per_year") or {}
    co2 = (result.summary.get("savings") or {}).get("co2_t_per_year") or {}
    if sv:
        out.print(escape(f"the scenario's saving against today (as `run` shows it): Δ cost "
                         f"{_signed_bn(sv['total'])} {_shown_unit()}/yr, Δ CO2 "
                         f"{co2.get('total', 0):+,.0f} t/yr"))
    out.print(money_table(_links_table(res.link_rows())))
    out.print(_deps_table(res.dependency_rows()))
    out.print(_network_table(metrics))
    forced = {t: v["forced_weeks_down_mean"] for t, v in s["tenants"].items()
              if v["forced_weeks_down_mean"] > 0}
    if forced:
        out.print("weeks a year forced down by a supplier's outage (mean): " + escape(
            ", ".join(f"{t} {w:.1f}" for t, w in sorted(forced.items(), key=lambda x: -x[1]))))
    sources = sorted({v["source"] for v in res.reliability.values()})
    out.print(escape(f"reliability: {', '.join(sources)} (see disruption.json)"))
    _wrote(*write_disruption(res, result.path, metrics))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "disrupt", help="simulate tenant outages on a run's network",
        description="Simulate years of weekly tenant outages (availability and mean repair "
                    "time per tenant; defaults 0.95 and 2 weeks, estimates) on the built "
                    "network of a result folder. Outages travel along links whose receiver "
                    "cannot buy the input elsewhere. Reports expected and P10 saving and CO2 "
                    "reduction against the plan, each link's delivered share, single-supplier "
                    "dependencies and network metrics; writes disruption.csv, "
                    "disruption-links.csv, disruption-dependencies.csv, network-metrics.csv "
                    "and disruption.json into the result folder.")
    p.add_argument("result", help="result folder of `symbiosis run` (e.g. results/carbon-price)")
    p.add_argument("--years", type=_count(1), default=1000,
                   help="simulated years (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--reliability", metavar="FILE",
                   help="YAML: {tenant_id or default: {availability, mean_repair_weeks}}")
    p.add_argument("--down", action="append", metavar="TENANT[:WEEKS]",
                   help="stress test: the tenant is down the first WEEKS weeks (default 52) "
                        "of every year; repeatable")
    p.set_defaults(func=cmd_disrupt)
