"""What the actuals are compared with: the baseline and, if given, the plan.

Both are read from a run's tables (``links``, ``resources``, ``measures``, ``tenants``):
the plan from a result folder written by ``symbiosis run``, the baseline from that
folder's ``baseline/`` tables, or, without a plan, from a baseline solved here (the
model's existing links and no new option, least cost, as ``symbiosis run`` solves the
baseline of a scenario).

The amount of a resource a tenant *uses* is the amount of that resource itself: the
need the model states, less what links deliver in its place with another resource
(phosphogypsum in place of natural gypsum). This is what an enterprise meters and
what the actuals file reports.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from symbiosis.errors import InputError, SymbiosisError
from symbiosis.load.criteria import DEFAULT, Criteria, choose_criteria
from symbiosis.load.park import Park
from symbiosis.load.scenario import (Policy, Scenario, SolverFile, baseline_of, load_park,
                                     load_scenario)
from symbiosis.load.yamlio import read_yaml

FLOW_EPS = 1e-6
CO2_KEYS = ("scope1", "grid_mwh", "scope3_upstream", "disposal", "avoided")
_TENANT_COLS = {"scope1": "scope1_t", "grid_mwh": "grid_mwh",
                "scope3_upstream": "scope3_upstream_t", "disposal": "disposal_t",
                "avoided": "avoided_co2_external_t"}


@dataclass
class Reference:
    """Planned or baseline amounts of one run, in the model's units."""

    label: str                       # "baseline" or "plan"
    grid_factor: float               # t CO2e/MWh the run used
    flows: dict[str, float] = field(default_factory=dict)
    adopted: set[str] = field(default_factory=set)
    use: dict[tuple[str, str], float] = field(default_factory=dict)
    bought: dict[tuple[str, str], float] = field(default_factory=dict)
    release: dict[tuple[str, str], float] = field(default_factory=dict)
    co2: dict[str, dict[str, float]] = field(default_factory=dict)  # tenant → CO2_KEYS
    unknown: list[str] = field(default_factory=list)  # ids the park does not have

    def operating(self) -> set[str]:
        return {e for e, f in self.flows.items() if f > FLOW_EPS}

    def scopes(self, tenant: str, grid_factor: float) -> dict[str, float]:
        """The tenant's CO2 by scope with scope 2 restated at ``grid_factor``."""
        c = self.co2.get(tenant, {})
        return {"scope1": c.get("scope1", 0.0), "scope2": c.get("grid_mwh", 0.0) * grid_factor,
                "scope3_upstream": c.get("scope3_upstream", 0.0),
                "disposal": c.get("disposal", 0.0)}


def _num(v: Any) -> float:
    return 0.0 if v in (None, "") else float(v)


def from_tables(park: Park, tables: dict[str, list[dict[str, Any]]], grid_factor: float,
                label: str) -> Reference:
    ref = Reference(label=label, grid_factor=grid_factor)
    for r in tables.get("links", []):
        if r["id"] not in park.exchanges:
            ref.unknown.append(f"exchange {r['id']}")
            continue
        ref.flows[r["id"]] = _num(r["flow"]) if _num(r.get("built", 1)) else 0.0
    for r in tables.get("measures", []):
        if r["id"] not in park.measures:
            ref.unknown.append(f"measure {r['id']}")
        elif _num(r["adopted"]):
            ref.adopted.add(r["id"])
    for r in tables.get("resources", []):
        t, rid = r["tenant"], r["resource"]
        if t not in park.tenants or rid not in park.resources:
            ref.unknown.append(f"resource {t}/{rid}")
            continue
        amount = _num(r["amount"])
        if r["direction"] == "input":
            substituted = sum(e.ratio * ref.flows.get(e.id, 0.0) for e in park.exchanges.values()
                              if e.receiver == t and e.replaces == rid and e.resource != rid)
            ref.use[t, rid] = max(amount - substituted, 0.0)
            ref.bought[t, rid] = _num(r["purchased"])
        else:
            ref.release[t, rid] = amount
    for r in tables.get("tenants", []):
        if r["tenant"] in park.tenants:
            ref.co2[r["tenant"]] = {k: _num(r.get(col)) for k, col in _TENANT_COLS.items()}
    return ref


def from_result_dir(park: Park, plan: Any) -> tuple[Reference, Reference | None]:
    """(plan, plan's baseline or None) from a ``ResultDir``; the park must be the plan's."""
    summary = plan.summary
    if summary.get("park") not in (None, park.id):
        raise InputError(f"the plan is of park '{summary.get('park')}' but the model is of "
                         f"park '{park.id}'", plan.path / "summary.json", "park")
    if not plan.ok:
        raise InputError(f"the plan's run did not solve (status {summary.get('status')}): "
                         "nothing to compare with", plan.path / "summary.json", "status")
    gf = float((summary.get("policy") or {}).get("grid_factor_t_per_mwh") or 0.0)
    ref = from_tables(park, plan.tables, gf, "plan")
    base = None
    if plan.baseline_tables.get("links") and plan.baseline_tables.get("tenants"):
        base = from_tables(park, plan.baseline_tables, gf, "baseline")
    return ref, base


# ---------------------------------------------------------------- model or scenario

def load_model(path: str | Path) -> tuple[Park, Scenario | None]:
    """A park model file, or a scenario file (its park after the overrides), checked."""
    from symbiosis import api

    doc = read_yaml(path)
    if isinstance(doc.data, dict) and "park" in doc.data:
        park, scenario = load_park(path), None
    else:
        scenario = load_scenario(path)
        park = scenario.park
    api.check(park)
    return park, scenario


def default_grid_year(park: Park, year: int | None = None) -> int:
    """The factor of ``year`` if the model has it; else the latest published one before it."""
    years = sorted(park.grid_factors)
    if year in park.grid_factors:
        return year
    tags = {f.path: f.tag for f in park.figures}
    before = [y for y in years if year is None or y <= year] or years
    stated = [y for y in before if tags.get(f"park.grid_factors.{y}") not in ("E", "A")]
    return (stated or before)[-1]


def _criteria(park: Park) -> Criteria | None:
    """With no scenario, the default set (built in, found wherever the model lies)."""
    return choose_criteria(DEFAULT, park.file.parent, None)


def thresholds(park: Park, scenario: Scenario | None) -> dict[str, tuple[float, str]]:
    """Decree 35 thresholds the monitoring checks: {kpi: (threshold, article)}."""
    out = {"cleaner_production_share": (0.2, "Art. 37 cl. 2 c"),
           "symbiosis_links": (1.0, "Art. 37 cl. 2 b")}
    crit = scenario.criteria if scenario is not None else _criteria(park)
    for c in (crit.items if crit else []):
        if c.kpi in out and c.threshold is not None:
            out[c.kpi] = (float(c.threshold), c.article)
    return out


def _plain_scenario(park: Park) -> Scenario:
    year = default_grid_year(park) if park.grid_factors else None  # None: no grid power
    pol = Policy(objective="cost", carbon_price=0.0, carbon_price_source=None,
                 discount_rate=0.10, grid_factor_year=year,
                 grid_factor=park.grid_factors[year] if year is not None else 0.0,
                 co2_boundary="all", impose_criteria=False, min_symbiosis_links=None,
                 min_participation_share=None, min_cleaner_production_share=None, co2_cap=None,
                 capex_budget=None, build="none", forbid=[], force=[], min_link_load=0.1)
    crit = Criteria(id="none", name="none", file=park.file, items=[], raw={})
    return Scenario(id=park.id, title=park.name, file=park.file, park=park, policy=pol,
                    solver=SolverFile(), criteria=crit, changelog=[], composed={})


def solve_baseline(park: Park, scenario: Scenario | None = None) -> Reference:
    """The baseline of the model (or of the scenario) solved now."""
    from symbiosis import api

    sc = baseline_of(scenario) if scenario is not None else _plain_scenario(park)
    sc = dataclasses.replace(sc, park=park)
    res = api.solve(sc)
    if not res.ok:
        raise SymbiosisError(f"the model's baseline has no solution ({res.status}): check it "
                             "with `symbiosis run` on a scenario of it")
    return from_tables(park, res.tables, sc.policy.grid_factor, "baseline")
