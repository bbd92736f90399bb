"""One scenario variant per period, and its model data without capital charges.

A period's scenario is the roadmap's scenario with that period's trajectory values
(``analysis.values.with_values``), its tenants scaled by their activity, the tenants
absent in that period emptied, and the Decree 35 criteria imposed or only checked.
Its ``ModelData`` keeps every operating term; the capital of links, facilities and
measures is charged by the roadmap on the investment, not by the period's use.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

from symbiosis.analysis.values import with_values
from symbiosis.load.park import Park
from symbiosis.load.scenario import Policy, Scenario
from symbiosis.optimize.data import ModelData, build_data
from symbiosis.roadmap.spec import RoadmapSpec

KINDS = ("build", "hub", "adopt", "open")  # the Term keys of a decision to build or adopt
MIN_KEYS = ("min_symbiosis_links", "min_participation_share", "min_cleaner_production_share")


@dataclass(frozen=True)
class Offer:
    """One option that may be invested in during one period, at that period's numbers."""

    kind: str        # build (a link), hub (a facility) or adopt (a measure)
    id: str
    capex: float     # VND
    annuity: float   # VND per year: capital recovery factor × capex
    lifetime: float  # years


def period_scenario(scenario: Scenario, spec: RoadmapSpec, i: int) -> Scenario:
    """The scenario as it stands in period ``i``."""
    period = spec.periods[i]
    scen = dataclasses.replace(scenario, id=f"{scenario.id}.{period.name}",
                               policy=criteria_policy(scenario, spec, i))
    if spec.changes[i]:
        scen = with_values(scen, spec.changes[i], origin=f"roadmap:{period.name}")
    park = copy.copy(scen.park)
    park.tenants = dict(park.tenants)
    park.exchanges = dict(park.exchanges)
    park.processes = dict(park.processes)
    for tid, k in spec.activity[i].items():
        t = park.tenants[tid]
        park.tenants[tid] = dataclasses.replace(
            t, inputs={r: v * k for r, v in t.inputs.items()},
            outputs={r: v * k for r, v in t.outputs.items()},
            production={r: v * k for r, v in t.production.items()}, direct_co2=t.direct_co2 * k)
    off = _remove(park, spec.absent[i])
    pol = scen.policy
    pol = dataclasses.replace(
        pol, capex_budget=None,  # the roadmap's budget is on new capital per period
        forbid=sorted(set(pol.forbid) | off), force=[o for o in pol.force if o not in off],
        committed=[o for o in pol.committed if o not in off
                   and _in_service(park, o, period.start + period.years - 1)])
    return dataclasses.replace(scen, park=park, policy=pol)


def _remove(park: Park, absent: set[str]) -> set[str]:
    """Empty the absent tenants in place (on copies); the options that go with them."""
    off: set[str] = set()
    for tid in absent:
        t = park.tenants[tid]
        proc = t.processing
        if proc is not None:
            proc = dataclasses.replace(proc, capacity=0.0, opex_fixed=0.0)
            if not t.processing.existing:
                off.add(tid)
        park.tenants[tid] = dataclasses.replace(
            t, inputs={r: 0.0 for r in t.inputs}, outputs={r: 0.0 for r in t.outputs},
            production={r: 0.0 for r in t.production}, direct_co2=0.0,
            counts_as_enterprise=False, processing=proc)
    for eid, e in park.exchanges.items():
        if absent & {e.supplier, e.receiver, e.via}:
            off.add(eid)
            if e.existing:  # out of service: no flow, no fixed cost, no criterion
                park.exchanges[eid] = dataclasses.replace(e, existing=False)
    off |= {mid for mid, m in park.measures.items() if m.tenant in absent}
    for pid, p in park.processes.items():  # an absent tenant's processes stop with it
        if p.tenant in absent:
            park.processes[pid] = dataclasses.replace(p, capacity=0.0, minimum=0.0,
                                                      opex_fixed=0.0)
            if not p.existing:
                off.add(pid)
    return off


def criteria_policy(scenario: Scenario, spec: RoadmapSpec, i: int) -> Policy:
    """The policy with the criteria imposed from ``spec.criteria_from`` on, checked before."""
    pol = scenario.policy
    if spec.criteria_from is None:
        return pol
    raw = (scenario.composed["scenario"]["policy"].get("constraints") or {})
    mins = {k: raw.get(k) for k in MIN_KEYS}
    if mins["min_symbiosis_links"] is not None:
        mins["min_symbiosis_links"] = int(mins["min_symbiosis_links"])
    if i < spec.criteria_from:
        return dataclasses.replace(pol, impose_criteria=False, **mins)
    for crit in scenario.criteria.items:  # as load.scenario does for impose_criteria
        key = f"min_{crit.kpi}"
        if key in mins:
            kind = int if crit.kpi == "symbiosis_links" else float
            mins[key] = max(mins[key] or 0, kind(crit.threshold))
    return dataclasses.replace(pol, impose_criteria=True, **mins)


def operating_data(scenario: Scenario) -> tuple[ModelData, list[Offer]]:
    """The period's model data without capital terms, and what may be invested in."""
    d = build_data(scenario)
    offers = []
    ids = {"build": d.candidates, "hub": d.hubs, "adopt": d.measures, "open": d.new_processes}
    for kind in KINDS:
        for oid in ids[kind]:
            terms = d.terms[kind, oid]
            annuity = sum(t.cost for t in terms if t.category == "capital")
            offers.append(Offer(kind, oid, d.capex(kind, oid), annuity, _lifetime(d, kind, oid)))
            d.terms[kind, oid] = [t for t in terms if t.category != "capital"]
    return d, offers


def _lifetime(d: ModelData, kind: str, oid: str) -> float:
    park = d.park
    if kind == "build":
        return park.exchanges[oid].lifetime
    if kind == "hub":
        return park.tenants[oid].processing.lifetime
    if kind == "open":
        return park.processes[oid].lifetime
    return park.measures[oid].lifetime


def _in_service(park: Park, oid: str, last_year: int) -> bool:
    """A committed option is built from the period in which it enters service on; before,
    it is one more option the roadmap may choose (load/states.py)."""
    for coll in (park.exchanges, park.measures, park.processes):
        if oid in coll:
            year = coll[oid].in_service
            return year is None or year <= last_year
    t = park.tenants.get(oid)
    year = t.processing.in_service if t is not None and t.processing is not None else None
    return year is None or year <= last_year
