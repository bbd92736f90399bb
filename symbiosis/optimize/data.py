"""Sparse index lists and per-unit coefficients of the optimization, built once.

Every decision quantity (a flow, a build, a purchase…) gets a list of ``Term``s:
which tenant pays or emits how much per unit of it. The Pyomo model multiplies
them by its variables; the result tables multiply them by the solved values. One
definition of each coefficient keeps the objective and the reported figures equal.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from symbiosis.load import pairs
from symbiosis.load.park import Effect, Park
from symbiosis.load.scenario import Policy, Scenario

SCOPES = ("scope1", "scope2", "scope3_upstream", "disposal")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block.

    Building and handing over a large model creates millions of small objects, and each
    automatic collection rescans all of them: that, not Pyomo, took most of the time of a
    100,000-link park. Like Pyomo's ``PauseGC`` (which its writers use), but it never
    raises when threads interleave: the collector only comes back on a little early.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def crf(rate: float, years: float) -> float:
    """Capital recovery factor: the annual payment per unit of capital."""
    if years <= 0:
        raise ValueError("lifetime must be positive")
    if rate == 0:
        return 1.0 / years
    g = (1.0 + rate) ** years
    return rate * g / (g - 1.0)


@dataclass(frozen=True)
class Term:
    """Per unit of a decision quantity, at one tenant (or partner, for avoided CO2)."""

    tenant: str
    category: str
    cost: float = 0.0       # VND
    scope1: float = 0.0     # t CO2e
    grid_mwh: float = 0.0   # MWh bought from the grid (scope 2 = grid factor × this)
    scope3: float = 0.0     # t CO2e upstream
    disposal: float = 0.0   # t CO2e from disposal
    avoided: float = 0.0    # t CO2e avoided at an external partner


@dataclass
class ModelData:
    scenario: Scenario
    park: Park
    policy: Policy
    flows: list[str]                      # exchanges in the model (existing + allowed)
    candidates: list[str]                 # exchanges that need a build decision
    forced: set[str]                      # options fixed to built by the policy
    hubs: list[str]                       # candidate processing facilities allowed
    measures: list[str]                   # measures allowed
    flow_ub: dict[str, float]             # tight upper bound of each flow
    buys: list[tuple[str, str]]           # (tenant, resource) purchasable inputs
    disposes: list[tuple[str, str]]
    sells: list[tuple[str, str]]
    need_ub: dict[tuple[str, str], float]
    release_ub: dict[tuple[str, str], float]
    out_links: dict[tuple[str, str], list[str]]
    in_links: dict[tuple[str, str], list[str]]
    partner_links: dict[tuple[str, str], list[str]]
    hub_links: dict[str, list[str]]
    symbiosis_links: list[str]            # flows joining two or more enterprises
    link_enterprises: dict[str, set[str]]  # counting enterprises each flow joins (load/pairs.py)
    enterprises: list[str]                # counted in the Decree 35 shares
    enterprise_measures: dict[str, list[str]]
    unbuildable: dict[str, str] = field(default_factory=dict)  # option → why it can't carry flow
    # (enterprises joined, resource) → its symbiosis links that can carry flow: what the
    # Decree 35 link count counts once (load/pairs.py).
    symbiosis_groups: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    terms: dict[tuple[str, ...], list[Term]] = field(default_factory=dict)
    constant_terms: list[Term] = field(default_factory=list)
    money: float | None = None            # currency units per model money unit (params.money)
    # Conversion processes (see optimize/processes.py): those in the model, the candidates
    # among them (a build decision), their (process, mode) runs and their (process,
    # resource) amounts, which are also keys of need_ub / release_ub / in_links / out_links.
    processes: list[str] = field(default_factory=list)
    new_processes: list[str] = field(default_factory=list)
    runs: list[tuple[str, str]] = field(default_factory=list)
    process_needs: list[tuple[str, str]] = field(default_factory=list)
    process_releases: list[tuple[str, str]] = field(default_factory=list)

    def owner(self, node: str) -> str:
        """The tenant that pays and emits for a node: a process's owner, else the node."""
        p = self.park.processes.get(node)
        return p.tenant if p is not None else node

    def fixed_cost(self, kind: str, oid: str) -> float:
        """Annual fixed cost of building one option (for budgets and reports)."""
        return sum(t.cost for t in self.terms.get((kind, oid), ()))

    def capex(self, kind: str, oid: str) -> float:
        park = self.park
        if kind == "build":
            return park.exchanges[oid].capex
        if kind == "hub":
            return park.tenants[oid].processing.capex
        if kind == "open":
            return park.processes[oid].capex
        return park.measures[oid].capex


def _span(base: float, effects: list[tuple[float, float]]) -> tuple[float, float]:
    """Lowest and highest amount a set of optional measures can give."""
    lo = hi = base
    for scale, delta in effects:
        change = base * scale + delta
        lo += min(change, 0.0)
        hi += max(change, 0.0)
    return max(lo, 0.0), max(hi, 0.0)


def _effects_by_amount(park: Park, measures: list[str]) -> dict[tuple[str, str, str],
                                                                  list[tuple[str, Effect]]]:
    """(tenant, side, resource) → [(measure, effect)] of the allowed measures, in their order."""
    out: dict[tuple[str, str, str], list[tuple[str, Effect]]] = {}
    for mid in measures:
        m = park.measures[mid]
        for side in ("inputs", "outputs"):
            for rid, eff in getattr(m, side).items():
                out.setdefault((m.tenant, side, rid), []).append((mid, eff))
    return out


def changes(d: "ModelData", tenant: str, side: str, rid: str) -> list[tuple[str, float]]:
    """(measure, change in amount) for each allowed measure touching one input or output."""
    # An index built once per ModelData (its measures never change after build_data):
    # scanning every measure for every tenant and resource was quadratic.
    index = d.__dict__.get("_effects_index")
    if index is None or index[0] is not d.measures:
        index = (d.measures, _effects_by_amount(d.park, d.measures))
        d.__dict__["_effects_index"] = index
    found = index[1].get((tenant, side, rid))
    if not found:
        return []
    base = getattr(d.park.tenants[tenant], side)[rid]
    return [(mid, base * eff.scale + eff.delta) for mid, eff in found]


def build_data(scenario: Scenario) -> ModelData:
    with gc_paused():
        return _build_data(scenario)


def _build_data(scenario: Scenario) -> ModelData:
    park, pol = scenario.park, scenario.policy
    res, ten = park.resources, park.tenants

    measures = [m for m in park.measures if pol.may_build(m)]
    hubs = [t for t, x in ten.items()
            if x.processing and not x.processing.existing and pol.may_build(t)]
    off = set(pol.forbid)  # an existing link or facility in it is switched off
    hub_ok = {t for t, x in ten.items()
              if x.processing and x.processing.existing and t not in off} | set(hubs)

    by_amount = _effects_by_amount(park, measures)

    def effects(tenant: str, side: str, rid: str) -> list[tuple[float, float]]:
        return [(e.scale, e.delta) for _, e in by_amount.get((tenant, side, rid), ())]

    need_lo, need_ub, rel_ub = {}, {}, {}
    for tid, t in ten.items():
        for rid, amount in t.inputs.items():
            need_lo[tid, rid], need_ub[tid, rid] = _span(amount, effects(tid, "inputs", rid))
        for rid, amount in t.outputs.items():
            rel_ub[tid, rid] = _span(amount, effects(tid, "outputs", rid))[1]
    procs = [p for p, x in park.processes.items() if x.existing or pol.may_build(p)]
    in_model = set(procs)
    for pid in procs:
        x = park.processes[pid]
        cap = x.capacity if x.capacity is not None else float("inf")
        for rid, y in x.most("inputs").items():
            need_lo[pid, rid], need_ub[pid, rid] = 0.0, cap * y if y else 0.0
        for rid, y in x.most("outputs").items():
            rel_ub[pid, rid] = cap * y if y else 0.0

    flows, candidates, unbuildable, flow_ub = [], [], {}, {}
    for eid, e in park.exchanges.items():
        if not e.existing and not pol.may_build(eid):
            continue
        if e.existing and eid in off:  # no flow, no fixed cost, no criterion
            unbuildable[eid] = "switched off by the scenario (policy.forbid)"
            continue
        if e.via and e.via not in hub_ok:
            unbuildable[eid] = f"its processing facility '{e.via}' may not be built"
            continue
        gone = [n for n in (e.supplier, e.receiver) if n in park.processes and n not in in_model]
        if gone:
            unbuildable[eid] = f"its process '{gone[0]}' may not be built"
            continue
        ub = min(e.capacity, rel_ub[e.supplier, e.resource])
        if e.receiver not in park.partners:
            ub = min(ub, need_ub[e.receiver, e.replaces] / e.ratio)
        elif e.replaces in park.partners[e.receiver].demand:
            ub = min(ub, park.partners[e.receiver].demand[e.replaces] / e.ratio)
        if e.via:
            ub = min(ub, ten[e.via].processing.capacity / e.via_factor)
        if ub <= 0 and not e.existing:
            unbuildable[eid] = "nothing can flow: capacity, release or need is zero"
            continue
        flows.append(eid)
        flow_ub[eid] = max(ub, 0.0)
        if not e.existing:
            candidates.append(eid)

    buys = [(t, r) for (t, r) in need_ub if res[r].purchasable]
    disposes = [(t, r) for (t, r) in rel_ub if res[r].disposable]
    sells = [(t, r) for (t, r) in rel_ub if res[r].sellable]

    out_links: dict[tuple[str, str], list[str]] = {k: [] for k in rel_ub}
    in_links: dict[tuple[str, str], list[str]] = {k: [] for k in need_ub}
    partner_links: dict[tuple[str, str], list[str]] = {}
    hub_links: dict[str, list[str]] = {}
    link_ents: dict[str, set[str]] = {}
    for eid in flows:
        e = park.exchanges[eid]
        out_links[e.supplier, e.resource].append(eid)
        if e.receiver not in park.partners:
            in_links[e.receiver, e.replaces].append(eid)
        else:
            partner_links.setdefault((e.receiver, e.replaces), []).append(eid)
        if e.via:
            hub_links.setdefault(e.via, []).append(eid)
        link_ents[eid] = set(pairs.joined(park, eid))
    symbiosis = [eid for eid in flows if len(link_ents[eid]) >= 2]
    # A link that cannot carry flow (an existing one whose bound is 0) can never make its
    # group count, and would make the group's threshold 0 (see optimize/symbiosis.py).
    sym_groups = pairs.groups(park, [eid for eid in symbiosis if flow_ub[eid] > 0])
    enterprises = park.enterprises()
    ent_measures: dict[str, list[str]] = {ent: [] for ent in enterprises}
    for mid in measures:
        ent = ten[park.measures[mid].tenant].enterprise
        if ent in ent_measures:
            ent_measures[ent].append(mid)

    data = ModelData(
        scenario=scenario, park=park, policy=pol, flows=flows, candidates=candidates,
        forced=set(pol.force) | set(pol.committed), hubs=hubs, measures=measures,
        flow_ub=flow_ub, buys=buys,
        disposes=disposes, sells=sells, need_ub=need_ub, release_ub=rel_ub,
        out_links=out_links, in_links=in_links, partner_links=partner_links,
        hub_links=hub_links, symbiosis_links=symbiosis, link_enterprises=link_ents,
        symbiosis_groups=sym_groups,
        enterprises=enterprises, enterprise_measures=ent_measures, unbuildable=unbuildable,
        processes=procs, new_processes=[p for p in procs if not park.processes[p].existing],
        runs=[(p, mode) for p in procs for mode in park.processes[p].modes],
        process_needs=[k for k in need_ub if k[0] in park.processes],
        process_releases=[k for k in rel_ub if k[0] in park.processes])
    data.need_lo = need_lo  # type: ignore[attr-defined]
    _terms(data)
    return data


def _terms(d: ModelData) -> None:
    park, pol = d.park, d.policy
    res, ten = park.resources, park.tenants
    elec = park.electricity
    elec_price = (res[elec].price or 0.0) if elec else 0.0  # no grid: nothing uses it
    rate = pol.discount_rate
    T = d.terms

    own = d.owner
    for eid in d.flows:
        e = park.exchanges[eid]
        sup = own(e.supplier)
        supplied = res[e.resource]
        terms = [Term(sup, "exchange_opex", cost=e.opex_var + e.electricity * elec_price,
                      scope1=e.transport_co2, grid_mwh=e.electricity)]
        if e.receiver not in park.partners:
            terms.append(Term(own(e.receiver), "exchange_payment", cost=e.price,
                              scope1=supplied.use_co2))
            terms.append(Term(sup, "exchange_payment", cost=-e.price))
        else:
            terms.append(Term(sup, "partner_revenue", cost=-e.price,
                              avoided=e.ratio * res[e.replaces].avoided_co2))
        if e.via:
            p = ten[e.via].processing
            terms.append(Term(e.via, "processing_opex",
                              cost=(p.opex_var + p.electricity * elec_price) * e.via_factor,
                              grid_mwh=p.electricity * e.via_factor))
        T["flow", eid] = terms
        if not e.existing:
            T["build", eid] = [Term(sup, "capital", cost=crf(rate, e.lifetime) * e.capex),
                               Term(sup, "fixed_opex", cost=e.opex_fixed)]
        elif e.opex_fixed:
            d.constant_terms.append(Term(sup, "fixed_opex", cost=e.opex_fixed))
    for hid in d.hubs:
        p = ten[hid].processing
        T["hub", hid] = [Term(hid, "capital", cost=crf(rate, p.lifetime) * p.capex),
                         Term(hid, "fixed_opex", cost=p.opex_fixed)]
    for tid, t in ten.items():
        if t.processing and t.processing.existing and t.processing.opex_fixed \
                and tid not in pol.forbid:
            d.constant_terms.append(Term(tid, "fixed_opex", cost=t.processing.opex_fixed))
        if t.direct_co2:
            d.constant_terms.append(Term(tid, "direct", scope1=t.direct_co2))
    for mid in d.measures:
        m = park.measures[mid]
        base = ten[m.tenant].direct_co2
        T["adopt", mid] = [
            Term(m.tenant, "capital", cost=crf(rate, m.lifetime) * m.capex),
            Term(m.tenant, "fixed_opex", cost=m.opex_fixed),
            Term(m.tenant, "direct", scope1=base * m.direct_co2.scale + m.direct_co2.delta)]
    for pid, mode in d.runs:
        x = park.processes[pid]
        T["run", pid, mode] = [Term(x.tenant, "process_opex", cost=x.opex_var,
                                    scope1=x.direct_co2)]
    for pid in d.processes:
        x = park.processes[pid]
        if not x.existing:
            T["open", pid] = [Term(x.tenant, "capital", cost=crf(rate, x.lifetime) * x.capex),
                              Term(x.tenant, "fixed_opex", cost=x.opex_fixed)]
        elif x.opex_fixed:
            d.constant_terms.append(Term(x.tenant, "fixed_opex", cost=x.opex_fixed))
    for t, r in d.buys:
        x = res[r]
        T["buy", t, r] = [Term(own(t), "purchase", cost=x.price, scope1=x.use_co2,
                               scope3=x.upstream_co2, grid_mwh=1.0 if r == elec else 0.0)]
    for t, r in d.disposes:
        x = res[r]
        scope1 = x.disposal_co2 if x.disposal_scope == "scope1" else 0.0
        T["dispose", t, r] = [Term(own(t), "disposal", cost=x.disposal_cost, scope1=scope1,
                                   disposal=x.disposal_co2 - scope1)]
    for t, r in d.sells:
        T["sell", t, r] = [Term(own(t), "sale", cost=-res[r].sale_price)]
