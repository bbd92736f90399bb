"""The roadmap's tables and files: per period, per option, year by year, and a summary.

- roadmap.csv: one row per period (investments, new capital, annual cost, carbon cost,
  CO2 by scope, KPIs, each Decree 35 criterion's status);
- roadmap-options.csv: one row per link, facility and measure ever bought (when, what
  it costs, in which periods it is used or idle);
- roadmap-co2-path.csv: year by year, the park's CO2, cumulative CO2 and the straight
  line to Net Zero;
- roadmap.json: the objective, the investments by period, whether the path stays under
  the line, and the conventions used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symbiosis.analysis.output import save_csv, save_json
from symbiosis.results.core import SCOPES
from symbiosis.results.kpis import plain
from symbiosis.roadmap.solve import Roadmap

KIND_NAMES = {"build": "link", "hub": "facility", "adopt": "measure", "open": "process"}
KPI_COLUMNS = ("participation_share", "cleaner_production_share", "measures_adopted",
               "waste_reused_t_per_year")
CONVENTIONS = [
    "Each period is one steady year repeated for the period's years.",
    "An option bought in a period is in place from that period's first year; it serves "
    "every period whose start it lives to see, whole (an asset ending inside a served "
    "period is renewed like for like). It can be bought again once that span is over.",
    "Its annuity (capital recovery factor of the scenario's discount rate and its "
    "lifetime × capex) is paid every year of the periods it serves, used or idle; an "
    "idle option pays no fixed or variable operating cost.",
    "Objective: Σ over periods of (Σ of the discount factors of the period's years) × "
    "(operating cost + annuities + carbon price × CO2), in the park currency of the first "
    "year.",
    "The capital budget of a period limits the capex of the options bought in it.",
    "A tenant absent in a period has no inputs, outputs or emissions there, its links "
    "and measures are unavailable, and it does not count as an enterprise.",
    "The Net Zero line runs straight from the first year's baseline CO2 (nothing new "
    "built) to zero in the Net Zero year, on the scenario's CO2 boundary.",
]


def _ids(keys: list[tuple[str, str]]) -> str:
    return ";".join(oid for _, oid in keys)


def period_rows(rm: Roadmap) -> list[dict[str, Any]]:
    rows = []
    for pr in rm.periods:
        r, t = pr.results, pr.results.totals
        base = pr.baseline.totals if pr.baseline and pr.baseline.ok else {}
        pol = pr.scenario.policy
        # The first nine columns are the headline (the report shows those).
        row: dict[str, Any] = {
            "period": pr.period.name, "years": pr.period.years,
            "n_investments": len(pr.invested), "new_capex_vnd": pr.new_capex,
            "cost_vnd_per_year": pr.cost,
            "carbon_cost_vnd_per_year": t["carbon_cost_vnd_per_year"],
            "co2_boundary_t_per_year": t["co2_boundary_t_per_year"],
            "baseline_co2_boundary_t_per_year": base.get("co2_boundary_t_per_year"),
            "symbiosis_links": plain(r.kpis).get("symbiosis_links"),
            "start": pr.period.start, "end": pr.period.end, "status": r.status,
            "tenants_absent": ";".join(pr.absent), "investments": _ids(pr.invested),
            "capex_budget_vnd": pr.budget,
            "options_paid": len(pr.paid), "options_used": len(pr.used),
            "options_idle": _ids(pr.idle),
            "capital_vnd_per_year": pr.capital,
            "operating_vnd_per_year": t["cost_vnd_per_year"],
            "carbon_price_vnd_per_t": pol.carbon_price,
            "total_vnd_per_year": pr.cost + t["carbon_cost_vnd_per_year"],
            "grid_factor_t_per_mwh": pol.grid_factor,
        }
        for s in SCOPES:
            row[f"{s}_t"] = t[s]
        row["co2_t_per_year"] = t["co2_t_per_year"]
        row["baseline_cost_vnd_per_year"] = base.get("cost_vnd_per_year")
        row["avoided_co2_t_per_year_external"] = t["avoided_co2_t_per_year_external"]
        kpis = plain(r.kpis)
        for k in KPI_COLUMNS:
            row[k] = kpis.get(k)
        row["criteria_imposed"] = int(pr.criteria_imposed)
        for c in r.decree35:
            row[f"d35_{c['id']}"] = c["status"]
        rows.append(row)
    return rows


def option_rows(rm: Roadmap) -> list[dict[str, Any]]:
    names = rm.spec.names
    used = [set(pr.used) for pr in rm.periods]
    rows = []
    for inv, on in rm.investments:
        if not on:
            continue
        o = inv.offer
        row = {"option": o.id, "kind": KIND_NAMES[o.kind], "bought_in": names[inv.period],
               "capex_vnd": o.capex, "lifetime_years": o.lifetime,
               "annuity_vnd_per_year": o.annuity,
               "serves": ";".join(names[p] for p in inv.serves)}
        for p, name in enumerate(names):
            row[name] = ("used" if inv.key in used[p] else "idle") if p in inv.serves else ""
        rows.append(row)
    return rows


def summary(rm: Roadmap) -> dict[str, Any]:
    sc = rm.scenario
    out: dict[str, Any] = {
        "scenario": sc.id, "input_sha256": sc.input_sha256, "status": rm.status,
        "message": rm.message, "solve_seconds": round(rm.solve_seconds, 3),
        "currency": sc.park.currency,  # of every "_vnd" amount (their historic names)
        "objective": {"kind": sc.policy.objective, "present_value_vnd": rm.objective,
                      "discount_rate": rm.spec.discount_rate,
                      "base_year": rm.spec.periods[0].start},
        "co2_boundary": sc.policy.co2_boundary,
        "periods": [{"name": p.name, "start": p.start, "end": p.end, "years": p.years,
                     "weight": w} for p, w in zip(rm.spec.periods, rm.weights)],
        "net_zero_year": rm.spec.net_zero_year,
        "criteria_from": (rm.spec.names[rm.spec.criteria_from]
                          if rm.spec.criteria_from is not None else None),
        "conventions": CONVENTIONS,
    }
    if not rm.ok:
        return out
    out["investments_by_period"] = {pr.period.name: [oid for _, oid in pr.invested]
                                    for pr in rm.periods}
    out["new_capex_vnd_by_period"] = {pr.period.name: pr.new_capex for pr in rm.periods}
    out["cumulative_co2_t"] = rm.path[-1]["cumulative_co2_t"]
    out["co2_path"] = rm.path_summary()
    out["criteria_by_period"] = {pr.period.name: {c["id"]: c["status"] for c in
                                                  pr.results.decree35} for pr in rm.periods}
    return out


def write_roadmap(rm: Roadmap, folder: Path) -> list[Path]:
    """Write the roadmap's files into ``folder`` (atomically); returns their paths."""
    paths = [save_json(folder, "roadmap.json", summary(rm))]
    if rm.ok:
        paths += [save_csv(folder, "roadmap.csv", period_rows(rm)),
                  save_csv(folder, "roadmap-options.csv", option_rows(rm)),
                  save_csv(folder, "roadmap-co2-path.csv", rm.path)]
    return paths
