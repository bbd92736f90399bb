"""The Results of one scenario: tidy tables, totals, KPIs, Decree 35 status, baseline.

Built from plain numbers (``Solution``) and the loaded scenario; plots, reports
and comparisons read this object and never Pyomo.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata as md
from dataclasses import dataclass, field
from typing import Any

from symbiosis import __version__
from symbiosis.errors import SymbiosisError
from symbiosis.load.scenario import Scenario
from symbiosis.money import display
from symbiosis.optimize.data import ModelData
from symbiosis.optimize.solve import Solution
from symbiosis.results import savings
from symbiosis.results.decree35 import duties, evaluate
from symbiosis.results.kpis import compute_kpis, plain
from symbiosis.results.tables import build_tables

SCOPES = ("scope1", "scope2", "scope3_upstream", "disposal")
BASELINE_MEANS = {  # policy.baseline → what every delta is measured against
    "today": "today: the existing links on, nothing new built or adopted",
    "none-existing": "the no-symbiosis counterfactual: every existing link off, nothing new",
}


def _version(pkg: str) -> str | None:
    try:
        return md.version(pkg)
    except md.PackageNotFoundError:
        return None


def versions() -> dict[str, str | None]:
    return {"symbiosis_version": __version__, "pyomo_version": _version("pyomo"),
            "highspy_version": _version("highspy"), "pydantic_version": _version("pydantic"),
            "pint_version": _version("pint")}


@dataclass
class Results:
    scenario: Scenario
    status: str
    message: str = ""
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)
    kpis: dict[str, Any] = field(default_factory=dict)
    decree35: list[dict[str, Any]] = field(default_factory=list)
    solver: dict[str, Any] = field(default_factory=dict)
    baseline: "Results | None" = None
    committed: "Results | None" = None  # today + committed projects (results/savings.py)
    solved_at: str = ""
    explanation: dict[str, Any] | None = None  # why infeasible, when it is

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "feasible")

    def objective(self) -> dict[str, Any]:
        kind = self.scenario.policy.objective
        if not self.ok:
            return {"kind": kind, "value": None}
        value = self.totals["co2_boundary_t_per_year"] if kind == "co2" else \
            self.totals["cost_vnd_per_year"] + self.totals["carbon_cost_vnd_per_year"]
        return {"kind": kind, "value": value,
                "unit": "t CO2e/yr" if kind == "co2" else f"{self.scenario.park.currency}/yr",
                "co2_boundary": self.scenario.policy.co2_boundary}

    def delta(self, key: str) -> float | None:
        if not (self.ok and self.baseline and self.baseline.ok):
            return None
        return self.totals[key] - self.baseline.totals[key]

    def summary(self) -> dict[str, Any]:
        sc, pol = self.scenario, self.scenario.policy
        t = self.totals
        out: dict[str, Any] = {
            "scenario": sc.id, "title": sc.title, "title_vi": sc.title_vi,
            "description": sc.description, "park": sc.park.id, "park_name": sc.park.name,
            # Money below is in this currency (the keys' "_vnd" is their historic name);
            # "money" says how to show it, so a result folder labels itself.
            "currency": sc.park.currency, "money": display(sc.park.currency).as_dict(),
            "criteria": sc.criteria.id,
            "status": self.status, "message": self.message, "objective": self.objective(),
            "cost_vnd_per_year": t.get("cost_vnd_per_year"),
            "carbon_cost_vnd_per_year": t.get("carbon_cost_vnd_per_year"),
            "co2_t_per_year": t.get("co2_t_per_year"),
            "co2_boundary_t_per_year": t.get("co2_boundary_t_per_year"),
            "co2_by_scope": {s: t.get(s) for s in SCOPES},
            "avoided_co2_t_per_year_external": t.get("avoided_co2_t_per_year_external"),
            "capex_vnd": t.get("capex_vnd"),
            "policy": {"objective": pol.objective, "carbon_price_vnd_per_t": pol.carbon_price,
                       "carbon_price_source": pol.carbon_price_source,
                       "carbon_price_on": pol.priced_boundary,
                       "committed": list(pol.committed),
                       "discount_rate": pol.discount_rate, "grid_factor_year": pol.grid_factor_year,
                       "grid_factor_t_per_mwh": pol.grid_factor, "co2_boundary": pol.co2_boundary,
                       "impose_criteria": pol.impose_criteria, "baseline": pol.baseline,
                       "forbid": list(pol.forbid),
                       "constraints": {k: getattr(pol, k) for k in (
                           "min_symbiosis_links", "min_participation_share",
                           "min_cleaner_production_share", "co2_cap", "capex_budget")}},
            "baseline": None, "delta": None,
            "links": [{"id": r["id"], "from": r["from"], "to": r["to"], "via": r["via"] or None,
                       "resource": r["resource"], "replaces": r["replaces"], "flow": r["flow"],
                       "unit": r["unit"], "built": bool(r["built"]),
                       "existing": bool(r["existing"])}
                      for r in self.tables.get("links", [])],
            "measures": [{"id": r["id"], "tenant": r["tenant"], "adopted": bool(r["adopted"])}
                         for r in self.tables.get("measures", [])],
            "processes": [{"id": r["id"], "tenant": r["tenant"], "built": bool(r["built"]),
                           "existing": bool(r["existing"]), "throughput": r["throughput"],
                           "unit": r["unit"]} for r in self.tables.get("processes", [])],
            "kpis": plain(self.kpis) if self.kpis else {},
            "decree35": self.decree35,
            "duties": duties(sc.criteria),
            "solver": self.solver,
            "provenance": {**versions(), "input_sha256": sc.input_sha256,
                           "solved_at": self.solved_at, "criteria_set": sc.criteria.id},
        }
        b = self.baseline
        if b is not None:
            out["baseline"] = {"kind": pol.baseline, "means": BASELINE_MEANS[pol.baseline],
                               "status": b.status,
                               "cost_vnd_per_year": b.totals.get("cost_vnd_per_year"),
                               "carbon_cost_vnd_per_year": b.totals.get("carbon_cost_vnd_per_year"),
                               "co2_t_per_year": b.totals.get("co2_t_per_year"),
                               "co2_by_scope": {s: b.totals.get(s) for s in SCOPES},
                               "avoided_co2_t_per_year_external":
                                   b.totals.get("avoided_co2_t_per_year_external"),
                               "kpis": plain(b.kpis) if b.kpis else {}}
            if self.ok and b.ok:
                out["delta"] = {k: self.totals[k] - b.totals[k] for k in self.totals}
        out["committed"] = savings.reference(self.committed)
        out["savings"] = savings.split(self)
        out["warnings"] = savings.partner_warnings(self)
        return out


def make_results(scenario: Scenario, data: ModelData, sol: Solution,
                 baseline: Results | None = None) -> Results:
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    solver = {"solver": sol.solver, "status": sol.status, "termination": sol.message,
              "seconds": round(sol.solve_seconds, 4), "mip_gap": sol.gap,
              "objective_from_solver": sol.objective, "bound_from_solver": sol.bound,
              "audit": sol.audit, "numerics": sol.numerics}
    r = Results(scenario=scenario, status=sol.status, message=sol.message, solver=solver,
                baseline=baseline, solved_at=now)
    if not sol.has_values:
        return r
    r.tables = build_tables(data, sol)
    pol = scenario.policy
    tenants = r.tables["tenants"]
    tot = {
        "cost_vnd_per_year": sum(x["cost_vnd"] for x in tenants),
        "scope1": sum(x["scope1_t"] for x in tenants),
        "scope2": sum(x["scope2_t"] for x in tenants),
        "scope3_upstream": sum(x["scope3_upstream_t"] for x in tenants),
        "disposal": sum(x["disposal_t"] for x in tenants),
        "avoided_co2_t_per_year_external": sum(x["avoided_co2_external_t"] for x in tenants),
        "grid_mwh": sum(x["grid_mwh"] for x in tenants),
        "capex_vnd": sum(x["capex_vnd"] for k in ("links", "measures", "facilities", "processes")
                         for x in r.tables[k]),
    }
    tot["co2_t_per_year"] = sum(tot[s] for s in SCOPES)
    boundary = {"scope12": tot["scope1"] + tot["scope2"], "all": tot["co2_t_per_year"],
                "net": tot["co2_t_per_year"] - tot["avoided_co2_t_per_year_external"],
                "scope1": tot["scope1"]}
    tot["co2_boundary_t_per_year"] = boundary[pol.co2_boundary]
    tot["co2_priced_t_per_year"] = boundary[pol.priced_boundary]
    tot["carbon_cost_vnd_per_year"] = pol.carbon_price * tot["co2_priced_t_per_year"]
    r.totals = tot
    _agree_with_solver(r, sol)
    if baseline is not None and baseline.ok:
        _add_baseline_columns(r.tables, baseline.tables)
    r.kpis = compute_kpis(scenario.park, r.tables)
    r.decree35 = evaluate(scenario.criteria, r.kpis)
    return r


def _add_baseline_columns(tables: dict[str, list[dict[str, Any]]],
                          base: dict[str, list[dict[str, Any]]]) -> None:
    """Each row gets its baseline value and the change from it, for the main figures."""
    keyed = {
        "links": ("id", ("flow",)),
        "tenants": ("tenant", ("cost_vnd", "co2_t", "scope1_t", "scope2_t")),
        "resources": (("tenant", "resource", "direction"), ("amount", "purchased", "disposed")),
        "enterprises": ("enterprise", ("cost_vnd", "co2_t", "total_vnd")),
    }
    for name, (key, cols) in keyed.items():
        def k(row):
            return tuple(row[x] for x in key) if isinstance(key, tuple) else row[key]
        ref = {k(row): row for row in base[name]}
        for row in tables[name]:
            b = ref.get(k(row))
            for c in cols:
                bv = b[c] if b else 0.0
                row[f"baseline_{c}"] = bv
                row[f"delta_{c}"] = row[c] - bv


def _agree_with_solver(r: Results, sol: Solution) -> None:
    """The tables must reproduce the solver's objective; a mismatch is a bug, not a user error."""
    if sol.objective is None:
        return
    mine = r.totals["cost_vnd_per_year"] + r.totals["carbon_cost_vnd_per_year"]
    if abs(mine - sol.objective) > 1e-6 * max(1.0, abs(sol.objective)) + 1e-3:
        raise SymbiosisError(f"internal error: result tables give {mine:.6g} but the solver's "
                             f"objective is {sol.objective:.6g}")
