"""Park KPIs computed from the result tables and the park's data.

A KPI a criterion rests on is a ``Kpi``: its value, whether data the model lacks could
change the verdict (``undetermined``), the range ``lo``…``hi`` those unknowns allow (a
criterion passes only when the whole range passes, fails only when none of it does,
else needs evidence), and the data it rests on in English and Vietnamese.

Shares are over the park's census (``park.enterprises``), never over the modelled
tenants; symbiosis links are counted by group (load/pairs.py), as the optimizer counts
them; basic services come from ``park.services`` (load/census.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from symbiosis.load import pairs
from symbiosis.load.census import SERVICES, WASTEWATER, share_denominator
from symbiosis.load.park import Park
from symbiosis.results import evidence as ev
from symbiosis.units import UnitProblem, convert, registry

FLOW_EPS = 1e-6


class Kpi(NamedTuple):
    value: float | None
    undetermined: bool
    lo: float | None = None   # least the unknowns allow (None: no bound)
    hi: float | None = None   # most the unknowns allow (None: no bound)
    basis: str = ""
    basis_vi: str = ""


def _kpi(value, lo, hi, texts: tuple[str, str]) -> Kpi:
    return Kpi(value, lo != hi, lo, hi, texts[0], texts[1])


def _tonnes(value: float, unit: str) -> float | None:
    factor = _tonnes_per(unit)
    return None if factor is None else value * factor


@lru_cache(maxsize=64)
def _tonnes_per(unit: str) -> float | None:
    try:
        return convert(f"1 {unit}", "t", registry())
    except UnitProblem:
        return None


def symbiosis_groups(park: Park, links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups of symbiosis links (load/pairs.py) that carry flow, with their flowing links."""
    rows = {r["id"]: r for r in links if r["available"] and r["bound"] > 0}
    out = []
    for (ents, rid), ids in pairs.groups(park, rows).items():
        flows = [rows[e]["flow"] for e in ids]
        if pairs.carries_flow(flows, [rows[e]["bound"] for e in ids]):
            flowing = [e for e in ids if rows[e]["flow"] > FLOW_EPS]
            out.append({"enterprises": ents.split("+"), "resource": rid, "links": flowing,
                        "existing": any(rows[e]["existing"] for e in flowing)})
    return out


def compute_kpis(park: Park, tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    ents = park.enterprises()
    n = share_denominator(park)
    census = park.census
    groups = symbiosis_groups(park, tables["links"])
    participants = sorted({x for g in groups for x in g["enterprises"]})
    cp = _cleaner_production(park, tables["measures"], ents)
    iso = _iso(park, participants)
    years = _years(park, ents)

    waste = 0.0
    res = park.resources
    for r in tables["links"]:
        x = res[r["resource"]]
        if r["built"] and r["flow"] > 0 and x.disposable and x.kind == "material":
            waste += _tonnes(r["flow"], r["unit"]) or 0.0
    part = len(participants)
    if census is not None:
        part_kpi = _kpi(part / n, part / n, part / n, ev.participation(park, participants))
    else:  # more enterprises can only lower the share: never a pass, a fail if already low
        share = part / len(ents) if ents else 0.0
        part_kpi = _kpi(share, 0.0, share, ev.participation(park, participants))
    services = _services(park)
    return {
        "enterprises": len(ents),
        "enterprises_census": census.count if census is not None else None,
        "symbiosis_links": _kpi(len(groups), len(groups), len(groups),
                                ev.links(park, tables["links"], groups)),
        "symbiosis_links_new": sum(1 for g in groups if not g["existing"]),
        "participation_share": part_kpi,
        "participants": participants,
        "cleaner_production_share": cp["kpi"],
        "cleaner_production_enterprises": cp["known"],
        "iso_share_of_participants": iso,
        "min_years_legal_compliance": years,
        "basic_services": services["all"],
        "central_wastewater_treatment": services[WASTEWATER],
        "waste_reused_t_per_year": waste,
        "measures_adopted": sum(m["adopted"] for m in tables["measures"]),
    }


def _cleaner_production(park: Park, measures: list[dict[str, Any]], ents: list[str]) -> dict:
    """Enterprises applying cleaner production: flagged, or with a measure adopted."""
    known: dict[str, str] = {}
    unknown = set()
    for t in park.tenants.values():
        if t.counts_as_enterprise:
            if t.cleaner_production:
                known[t.enterprise] = "flag"
            elif t.cleaner_production is None:
                unknown.add(t.enterprise)
    for m in measures:
        if m["adopted"] and m["enterprise"] in ents:
            known.setdefault(m["enterprise"], "measure")
    unknown -= set(known)
    census = park.census
    if census is None:  # the park's other enterprises are unknown in number and status
        share = len(known) / len(ents) if ents else 0.0
        kpi = _kpi(share, 0.0, 1.0, ev.cleaner_production(park, known, unknown, None))
        return {"kpi": kpi, "known": sorted(known)}
    outside = census.outside()
    yes = [m for m in outside if m.cleaner_production]
    maybe = sum(1 for m in outside if m.cleaner_production is None)
    unlisted = census.count - len(ents) - len(outside)
    lo = (len(known) + len(yes)) / census.count
    hi = (len(known) + len(unknown) + len(yes) + maybe + unlisted) / census.count
    texts = ev.cleaner_production(park, known, unknown, (yes, maybe, unlisted))
    return {"kpi": _kpi(lo, lo, hi, texts), "known": sorted(known)}


def _iso(park: Park, participants: list[str]) -> Kpi:
    flag: dict[str, bool | None] = {}
    for t in park.tenants.values():
        if t.counts_as_enterprise and t.enterprise in participants:
            prev = flag.get(t.enterprise, True)
            flag[t.enterprise] = None if (prev is None or t.iso_management is None) else \
                (prev and t.iso_management)
    p = len(participants)
    yes = sum(1 for v in flag.values() if v)
    maybe = sum(1 for v in flag.values() if v is None)
    lo = yes / p if p else 0.0
    return _kpi(lo, lo, (yes + maybe) / p if p else 0.0, ev.iso(park, flag))


def _years(park: Park, ents: list[str]) -> Kpi:
    """Lowest years of legal compliance over the park's enterprises (Art. 37 cl. 2 a)."""
    years: dict[str, float | None] = {}
    for t in park.tenants.values():
        if not t.counts_as_enterprise:
            continue
        y, prev = t.years_legal_compliance, years.get(t.enterprise, float("inf"))
        years[t.enterprise] = None if (y is None or prev is None) else min(y, prev)
    census = park.census
    outside: dict[str, float | None] = {}
    unlisted = None  # unknown how many: no census
    if census is not None:
        outside = {m.name: m.years_legal_compliance for m in census.outside()}
        unlisted = census.count - len(ents) - len(outside)
    known = [v for v in (*years.values(), *outside.values()) if v is not None]
    unknown = sum(1 for v in (*years.values(), *outside.values()) if v is None)
    low = min(known) if known else None
    some_unknown = unknown > 0 or unlisted != 0
    lo = 0.0 if some_unknown else low
    return _kpi(low, lo, low, ev.years(park, years, outside, unlisted))


def _services(park: Park) -> dict[str, Kpi]:
    """Basic services of Art. 37 cl. 1 b, each ok / failing / unknown."""
    flags = park.services.flags if park.services is not None else {}
    state = {}
    for name in SERVICES:
        f = flags.get(name)
        if f is None:
            state[name] = None
        elif not f.provided:
            state[name] = False
        elif name == WASTEWATER and (f.capacity is None or f.park_wastewater is None):
            state[name] = None
        elif name == WASTEWATER:
            state[name] = f.capacity >= f.park_wastewater
        else:
            state[name] = True
    texts = ev.services(park, flags, state)
    ok = sum(1 for v in state.values() if v)
    maybe = sum(1 for v in state.values() if v is None)
    k = len(SERVICES)
    w = state[WASTEWATER]
    ww = 1.0 if w else 0.0
    return {"all": _kpi(ok / k, ok / k, (ok + maybe) / k, texts),
            WASTEWATER: _kpi(ww, ww, 1.0 if w is None else ww, _prefixed(ev.wastewater(park, flags)))}


def _prefixed(texts: tuple[str, str]) -> tuple[str, str]:
    return "park.services: " + texts[0], "dịch vụ cơ bản: " + texts[1]


def plain(kpis: dict[str, Any]) -> dict[str, Any]:
    """KPIs without the undetermined flags, for summary.json."""
    return {k: (v[0] if isinstance(v, tuple) else v) for k, v in kpis.items()}
