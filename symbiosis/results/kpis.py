"""Park KPIs computed from the result tables and the park's flags.

Each KPI is (value, undetermined): ``undetermined`` is true when data the model
lacks (a flag left unknown) could change whether a criterion on it passes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from symbiosis.load.park import Park
from symbiosis.units import UnitProblem, convert, registry

FLOW_EPS = 1e-6


def active_symbiosis_links(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in links if r["symbiosis"] and r["built"] and r["flow"] > FLOW_EPS]


def _tonnes(value: float, unit: str) -> float | None:
    factor = _tonnes_per(unit)
    return None if factor is None else value * factor


@lru_cache(maxsize=64)
def _tonnes_per(unit: str) -> float | None:
    try:
        return convert(f"1 {unit}", "t", registry())
    except UnitProblem:
        return None


def compute_kpis(park: Park, tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    ents = park.enterprises()
    n = len(ents)
    ten = park.tenants
    active = active_symbiosis_links(tables["links"])
    participants = set()
    for r in active:
        for node in (r["from"], r["via"], r["to"]):
            if node in park.processes:  # a conversion process takes part as its owner
                node = park.processes[node].tenant
            if node in ten and ten[node].counts_as_enterprise:
                participants.add(ten[node].enterprise)
    cp_known, cp_unknown = set(), set()
    for t in ten.values():
        if t.counts_as_enterprise:
            if t.cleaner_production:
                cp_known.add(t.enterprise)
            elif t.cleaner_production is None:
                cp_unknown.add(t.enterprise)
    for m in tables["measures"]:
        if m["adopted"] and m["enterprise"] in ents:
            cp_known.add(m["enterprise"])
    cp_unknown -= cp_known

    iso = {}
    years: dict[str, float | None] = {}
    for t in ten.values():
        if not t.counts_as_enterprise:
            continue
        prev = iso.get(t.enterprise, True)
        iso[t.enterprise] = None if (prev is None or t.iso_management is None) else \
            (prev and t.iso_management)
        y, py = t.years_legal_compliance, years.get(t.enterprise, float("inf"))
        years[t.enterprise] = None if (y is None or py is None) else min(y, py)
    iso_vals = [iso[e] for e in participants]
    iso_share = (sum(1 for v in iso_vals if v) / len(iso_vals)) if iso_vals else 0.0
    known_years = [v for v in years.values() if v is not None]

    waste = 0.0
    res = park.resources
    for r in tables["links"]:
        x = res[r["resource"]]
        if r["built"] and r["flow"] > 0 and x.disposable and x.kind == "material":
            waste += _tonnes(r["flow"], r["unit"]) or 0.0
    return {
        "enterprises": n,
        "symbiosis_links": (len(active), False),
        "symbiosis_links_new": sum(1 for r in active if not r["existing"]),
        "participation_share": ((len(participants) / n) if n else 0.0, False),
        "participants": sorted(participants),
        "cleaner_production_share": ((len(cp_known) / n) if n else 0.0, bool(cp_unknown)),
        "cleaner_production_enterprises": sorted(cp_known),
        "iso_share_of_participants": (iso_share, any(v is None for v in iso_vals)),
        "min_years_legal_compliance": (min(known_years) if known_years else None,
                                       any(v is None for v in years.values())),
        "central_wastewater_treatment": (
            1.0 if any(t.sector == "wastewater_treatment" for t in ten.values()) else 0.0, False),
        "waste_reused_t_per_year": waste,
        "measures_adopted": sum(m["adopted"] for m in tables["measures"]),
    }


def plain(kpis: dict[str, Any]) -> dict[str, Any]:
    """KPIs without the undetermined flags, for summary.json."""
    return {k: (v[0] if isinstance(v, tuple) else v) for k, v in kpis.items()}
