"""The actual year per tenant: production ratio, resources used and bought, releases,
and emissions by scope, accounted with the optimizer's own coefficients.

Normalisation. Each tenant gets a production ratio: its reported production over the
model's production of the same products, by mass (products not reported are left out
of both sums). A tenant without production figures (a power unit, a processing line)
takes the ratio of its enterprise's other tenants; failing that, 1. The *expected*
amount of anything is its baseline amount times that ratio, so a saving is
``baseline × ratio − actual``: what the tenant used less than it would have at this
year's production with the baseline's intensity.

A fact the file does not report is taken at its expected amount (no saving, no
increase) and listed in the warnings; an exchange or measure not reported counts as
not operating / not kept up.

Emissions (t CO2e), as ``optimize/data.py`` counts them:

- scope 1: the model's direct CO2 × ratio, changed by the kept-up measures' effects;
  + fuel bought × its use_co2; + fuel received through links × use_co2; + transport
  CO2 of the links it supplies; + disposal CO2 where the resource counts it in scope 1;
- scope 2: MWh from the grid (electricity used less electricity received through links,
  plus the electricity of the links it supplies and of the processing it does) × the
  grid factor of the chosen year;
- scope 3 upstream: purchases × upstream_co2; disposal: disposed × disposal_co2;
- avoided at partners outside the park: flows to partners × ratio × the replaced
  resource's avoided_co2 (reported apart, outside the inventory).

Release not taken by links is sold if the resource has a sale price, else disposed.
A scope the file reports for a tenant replaces the computed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from symbiosis.load.park import Park
from symbiosis.monitor.actuals import SCOPES, Actuals
from symbiosis.monitor.reference import FLOW_EPS, Reference

EPS = 1e-9


@dataclass
class Account:
    tenant: str
    ratio: float = 1.0
    ratio_basis: str = "none"  # production, enterprise, not-reported, stopped, none
    production: tuple[float, float] = (0.0, 0.0)  # (model, actual) of the reported products
    use: dict[str, float] = field(default_factory=dict)
    use_reported: dict[str, bool] = field(default_factory=dict)
    bought: dict[str, float] = field(default_factory=dict)
    release: dict[str, float] = field(default_factory=dict)
    release_reported: dict[str, bool] = field(default_factory=dict)
    disposed: dict[str, float] = field(default_factory=dict)
    sold: dict[str, float] = field(default_factory=dict)
    co2: dict[str, float] = field(default_factory=lambda: {s: 0.0 for s in SCOPES})
    co2_reported: dict[str, bool] = field(default_factory=lambda: {s: False for s in SCOPES})
    grid_mwh: float = 0.0
    avoided: float = 0.0

    @property
    def co2_total(self) -> float:
        return sum(self.co2.values())


@dataclass
class Year:
    accounts: dict[str, Account]
    flows: dict[str, float]
    flow_reported: set[str]
    kept: dict[str, bool]
    kept_reported: set[str]
    grid_factor: float
    warnings: list[str] = field(default_factory=list)

    def operating(self) -> set[str]:
        return {e for e, f in self.flows.items() if f > FLOW_EPS}


def _ratios(park: Park, a: Actuals, year: Year) -> None:
    by_ent: dict[str, list[float]] = {}
    for tid, t in park.tenants.items():
        acc = year.accounts[tid]
        reported = [(t.production[p], a.production[tid, p]) for p in t.production
                    if (tid, p) in a.production and t.production[p] > 0]
        if reported:
            model, actual = sum(x for x, _ in reported), sum(y for _, y in reported)
            acc.ratio, acc.ratio_basis, acc.production = actual / model, "production", \
                (model, actual)
            e = by_ent.setdefault(t.enterprise, [0.0, 0.0])
            e[0] += model
            e[1] += actual
        elif t.production and not any(v > 0 for v in t.production.values()):
            # Stopped today (load_factor 0): its amounts are 0 whatever the ratio.
            acc.ratio_basis = "stopped"
            if any(a.production.get((tid, p), 0.0) > 0 for p in t.production):
                year.warnings.append(f"{tid}: production reported, but the model has the plant "
                                     "stopped (load_factor 0): its amounts stay 0")
        elif t.production:
            acc.ratio_basis = "not-reported"
            year.warnings.append(f"{tid}: production not reported; its amounts are compared "
                                 "with the baseline unscaled (ratio 1)")
    for tid, t in park.tenants.items():
        acc = year.accounts[tid]
        if not t.production and t.enterprise in by_ent and by_ent[t.enterprise][0] > 0:
            model, actual = by_ent[t.enterprise]
            acc.ratio, acc.ratio_basis = actual / model, "enterprise"


def account_year(park: Park, a: Actuals, base: Reference, grid_factor: float) -> Year:
    """Balances and emissions of every tenant in the actual year."""
    res, ten, ex = park.resources, park.tenants, park.exchanges
    flows = {eid: a.flows.get(eid, 0.0) for eid in ex}
    year = Year(accounts={tid: Account(tid) for tid in ten}, flows=flows,
                flow_reported=set(a.flows), kept={m: a.measures.get(m, False)
                                                  for m in park.measures},
                kept_reported=set(a.measures), grid_factor=grid_factor)
    _ratios(park, a, year)
    for tid, t in ten.items():
        acc = year.accounts[tid]
        for rid in t.inputs:
            if (tid, rid) in a.inputs:
                acc.use[rid], acc.use_reported[rid] = a.inputs[tid, rid], True
            else:
                acc.use[rid], acc.use_reported[rid] = base.use.get((tid, rid), 0.0) * acc.ratio, \
                    False
                year.warnings.append(f"{tid}: input '{rid}' not reported; taken at the "
                                     "baseline amount × production ratio")
            same = sum(flows[e.id] * e.ratio for e in ex.values()
                       if e.receiver == tid and e.resource == rid and e.replaces == rid)
            if acc.use[rid] + EPS < same:
                year.warnings.append(f"{tid}: '{rid}' used ({acc.use[rid]:,.6g}) is less than "
                                     f"its links deliver ({same:,.6g}); nothing counted bought")
            acc.bought[rid] = max(acc.use[rid] - same, 0.0)
        for rid in t.outputs:
            if (tid, rid) in a.outputs:
                acc.release[rid], acc.release_reported[rid] = a.outputs[tid, rid], True
            else:
                acc.release[rid] = base.release.get((tid, rid), 0.0) * acc.ratio
                acc.release_reported[rid] = False
                year.warnings.append(f"{tid}: output '{rid}' not reported; taken at the "
                                     "baseline amount × production ratio")
            out = sum(flows[e.id] for e in ex.values() if e.supplier == tid and e.resource == rid)
            if out > acc.release[rid] + EPS * max(1.0, out):
                year.warnings.append(f"{tid}: links take more '{rid}' ({out:,.6g}) than it "
                                     f"released ({acc.release[rid]:,.6g})")
            rest = max(acc.release[rid] - out, 0.0)
            x = res[rid]
            if x.sellable:
                acc.sold[rid] = rest
            elif x.disposable:
                acc.disposed[rid] = rest
            elif rest > 1e-6 * max(1.0, acc.release[rid]):
                year.warnings.append(f"{tid}: {rest:,.6g} {x.unit} of '{rid}' neither go through "
                                     "a link nor can be sold or disposed in the model")
    _emissions(park, year)
    for (tid, scope), value in a.emissions.items():
        acc = year.accounts[tid]
        acc.co2[scope], acc.co2_reported[scope] = value, True
    return year


def _emissions(park: Park, year: Year) -> None:
    res, ten = park.resources, park.tenants
    elec = park.electricity
    for tid, t in ten.items():
        acc = year.accounts[tid]
        direct = t.direct_co2 + sum(t.direct_co2 * m.direct_co2.scale + m.direct_co2.delta
                                    for mid, m in park.measures.items()
                                    if m.tenant == tid and year.kept[mid])
        s1 = direct * acc.ratio
        s3 = 0.0
        for rid, bought in acc.bought.items():
            s1 += bought * res[rid].use_co2
            s3 += bought * res[rid].upstream_co2
            if rid == elec:
                acc.grid_mwh += bought
        disp = 0.0
        for rid, amount in acc.disposed.items():
            if res[rid].disposal_scope == "scope1":
                s1 += amount * res[rid].disposal_co2
            else:
                disp += amount * res[rid].disposal_co2
        acc.co2.update(scope1=s1, scope3_upstream=s3, disposal=disp)
    for eid, e in park.exchanges.items():
        flow = year.flows[eid]
        if flow <= 0:
            continue
        sup = year.accounts[e.supplier]
        sup.co2["scope1"] += flow * e.transport_co2
        sup.grid_mwh += flow * e.electricity
        if e.receiver in ten:
            year.accounts[e.receiver].co2["scope1"] += flow * res[e.resource].use_co2
        else:
            sup.avoided += flow * e.ratio * res[e.replaces].avoided_co2
        if e.via:
            year.accounts[e.via].grid_mwh += flow * e.via_factor * ten[e.via].processing.electricity
    for acc in year.accounts.values():
        acc.co2["scope2"] = acc.grid_mwh * year.grid_factor
