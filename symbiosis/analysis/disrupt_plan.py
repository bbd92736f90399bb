"""What a run's network is planned to deliver, and what each link is worth a unit.

Read from a result folder alone (``present.resultdir``): the links table gives each
built link's flow, its own cost and CO2 per year (``annual_flow_cost_vnd``,
``co2_t``: opex, electricity, payments, partner revenue, processing, transport, use
of the supplied resource); the composed park model gives the prices and factors of
what happens when the link does not run, its *fallback*:

- at the receiver (a tenant): it buys ``ratio`` units of the replaced resource at
  its market price, with that resource's use and upstream CO2 (and the grid factor
  for electricity): the same coefficients the optimizer gives a purchase. If the
  replaced resource has no price (it cannot be bought: apatite concentrate for DAP
  No.2), the receiver cuts output: it is down that week.
- at the receiver (an external partner): the partner buys on its own market; the
  park forgoes the link's revenue and the partner its avoided CO2 (reported apart).
- at the supplier: the by-product goes to its outlet, disposal (cost and CO2) or
  sale (price), whichever is cheaper at the scenario's carbon price. With neither,
  the supplier cuts output (it is down that week).

Per unit of flow, a link's *value* is what both ends would pay without it less
what the link costs: ``value = ratio × price_replaced + supplier outlet cost −
link cost per unit``; its *CO2 reduction* is the same difference in t CO2e on the
park's inventory (scopes 1, 2, 3 upstream, disposal). A link without which one end
cuts output (an essential link) is valued 0: the model holds no product margins,
so its loss shows as the other end's weeks down, not as money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from symbiosis.errors import InputError, SymbiosisError
from symbiosis.load import schema as s
from symbiosis.load.park import Park, resolve_park
from symbiosis.load.validate import validate
from symbiosis.optimize.data import crf
from symbiosis.results import composed

if TYPE_CHECKING:  # read from disk by present.resultdir; only the type is needed here
    from symbiosis.present.resultdir import ResultDir

WEEKS = 52
EPS = 1e-9
BUY, CUT, PARTNER, DISPOSE, SELL = "buy", "cut output", "partner market", "dispose", "sell"


@dataclass(frozen=True)
class LinkPlan:
    id: str
    supplier: str
    receiver: str
    via: str | None
    resource: str
    replaces: str
    unit: str
    ratio: float
    flow: float                 # planned units of ``resource`` per year
    existing: bool
    to_partner: bool
    receiver_fallback: str      # buy | cut output | partner market
    supplier_fallback: str      # dispose | sell | cut output
    receiver_side_vnd: float    # per unit of flow: what the receiver would pay instead
    supplier_side_vnd: float    # per unit: what the supplier's outlet would cost
    link_cost_vnd: float        # per unit: the link's own cost (result table)
    receiver_side_co2: float
    supplier_side_co2: float
    link_co2: float
    avoided_external_t: float   # per unit, at an external partner

    @property
    def essential(self) -> bool:
        return CUT in (self.receiver_fallback, self.supplier_fallback)

    @property
    def value_vnd(self) -> float:
        """Saving per unit of flow against the fallback (0 for an essential link)."""
        if self.essential:
            return 0.0
        return self.receiver_side_vnd + self.supplier_side_vnd - self.link_cost_vnd

    @property
    def co2_t(self) -> float:
        """CO2 reduction on the park's inventory per unit of flow (0 if essential)."""
        if self.essential:
            return 0.0
        return self.receiver_side_co2 + self.supplier_side_co2 - self.link_co2


@dataclass
class NetworkPlan:
    result: ResultDir
    park: Park
    tenants: list[str]                  # the tenant axis of every outage array
    links: list[LinkPlan]               # built links that carry flow in the plan
    grid_factor: float
    carbon_price: float
    fixed_annual_vnd: float             # paid whatever the outages (capital, fixed opex)
    needs: dict[tuple[str, str], float] = field(default_factory=dict)  # (receiver, input)

    @property
    def planned_saving_vnd(self) -> float:
        return sum(lk.flow * lk.value_vnd for lk in self.links)


def park_of(result: ResultDir) -> Park:
    """The park model of a run, in canonical units, from its ``inputs/composed.yaml``."""
    model = result.model
    if not model:
        raise InputError("the result folder has no inputs/composed.yaml (or .json): the park model",
                         result.path)
    file = composed.find(result.path / "inputs") or result.path / "inputs" / "composed.yaml"
    raw = validate(s.ParkFile, model, file, lambda _k: None)
    return resolve_park(raw, file)


def tenant_ids(result: ResultDir) -> list[str]:
    """The order of the tenant axis of outage schedules: tenant ids, sorted."""
    return sorted((result.model or {}).get("tenants", {}))


def _outlet(res, carbon_price: float) -> tuple[str, float, float]:
    """(outlet, cost per unit, CO2 per unit) of a by-product not sent on a link."""
    options = []
    if res.disposable:
        options.append((DISPOSE, res.disposal_cost, res.disposal_co2))
    if res.sellable:
        options.append((SELL, -res.sale_price, 0.0))
    if not options:
        return CUT, 0.0, 0.0
    return min(options, key=lambda o: o[1] + carbon_price * o[2])


def plan_of(result: ResultDir) -> NetworkPlan:
    """The network of a run, each flowing link with its fallbacks and unit value."""
    if not result.ok:
        raise InputError(f"the run did not solve (status {result.summary.get('status')}): "
                         "nothing to simulate", result.path / "summary.json")
    if "links" not in result.tables:
        raise InputError("the result folder has no links.csv", result.path)
    park = park_of(result)
    pol = result.summary.get("policy", {})
    gf = float(pol.get("grid_factor_t_per_mwh") or 0.0)
    cp = float(pol.get("carbon_price_vnd_per_t") or 0.0)
    rate = float(pol.get("discount_rate") or 0.0)
    res, elec = park.resources, park.electricity

    if park.processes:  # their outages would need throughput-dependent knock-on rules
        raise SymbiosisError(f"{result.path}: disrupt does not model conversion processes yet "
                             f"({', '.join(sorted(park.processes))})")
    links, fixed = [], 0.0
    for row in result.tables["links"]:
        if not row.get("built"):
            continue
        e = park.exchanges.get(row["id"])
        if e is None:
            raise InputError(f"link '{row['id']}' is not in the run's park model", result.path)
        fixed += float(row.get("annual_fixed_vnd") or 0.0)
        if e.existing:
            fixed += e.opex_fixed
        flow = float(row.get("flow") or 0.0)
        if flow <= EPS:
            continue
        q = res[e.replaces]
        if e.receiver in park.partners:
            r_fb, r_vnd, r_co2 = PARTNER, 0.0, 0.0
        elif q.purchasable:
            r_fb = BUY
            r_vnd = e.ratio * q.price
            r_co2 = e.ratio * (q.use_co2 + q.upstream_co2 + (gf if e.replaces == elec else 0.0))
        else:
            r_fb, r_vnd, r_co2 = CUT, 0.0, 0.0
        s_fb, s_vnd, s_co2 = _outlet(res[e.resource], cp)
        links.append(LinkPlan(
            id=e.id, supplier=e.supplier, receiver=e.receiver, via=e.via, resource=e.resource,
            replaces=e.replaces, unit=res[e.resource].unit, ratio=e.ratio, flow=flow,
            existing=e.existing, to_partner=e.receiver in park.partners,
            receiver_fallback=r_fb, supplier_fallback=s_fb, receiver_side_vnd=r_vnd,
            supplier_side_vnd=s_vnd, link_cost_vnd=float(row["annual_flow_cost_vnd"]) / flow,
            receiver_side_co2=r_co2, supplier_side_co2=s_co2,
            link_co2=float(row["co2_t"]) / flow,
            avoided_external_t=float(row.get("avoided_co2_external_t") or 0.0) / flow))
    for row in result.tables.get("facilities", []):
        p = park.tenants[row["id"]].processing
        if row.get("built") and p is not None:
            fixed += p.opex_fixed + (0.0 if p.existing else crf(rate, p.lifetime) * p.capex)
    return NetworkPlan(result=result, park=park, tenants=sorted(park.tenants), links=links,
                       grid_factor=gf, carbon_price=cp, fixed_annual_vnd=fixed,
                       needs=_needs(result, park))


def _needs(result: ResultDir, park: Park) -> dict[tuple[str, str], float]:
    """What each receiver needs of each input in the plan (after measures)."""
    out: dict[tuple[str, str], float] = {}
    for row in result.tables.get("resources", []):
        if row.get("direction") == "input":
            out[row["tenant"], row["resource"]] = float(row.get("amount") or 0.0)
    for pid, p in park.partners.items():
        for rid, amount in p.demand.items():
            out[pid, rid] = amount
    return out


def dependencies(plan: NetworkPlan) -> list[dict[str, Any]]:
    """One row per receiver × replaced input fed by the plan's links."""
    groups: dict[tuple[str, str], list[LinkPlan]] = {}
    for lk in plan.links:
        groups.setdefault((lk.receiver, lk.replaces), []).append(lk)
    rows = []
    for (rcv, q), lks in sorted(groups.items()):
        by_sup: dict[str, float] = {}
        for lk in lks:
            by_sup[lk.supplier] = by_sup.get(lk.supplier, 0.0) + lk.ratio * lk.flow
        need = plan.needs.get((rcv, q))
        top = max(by_sup, key=lambda k: by_sup[k])
        got = sum(by_sup.values())
        rows.append({
            "receiver": rcv, "kind": "partner" if rcv in plan.park.partners else "tenant",
            "input": q, "unit": plan.park.resources[q].unit, "need": need,
            "from_links": got, "links": ";".join(lk.id for lk in lks),
            "suppliers": ";".join(sorted(by_sup)), "n_suppliers": len(by_sup),
            "single_supplier": int(len(by_sup) == 1),
            "largest_supplier": top,
            "largest_supplier_share_of_need": by_sup[top] / need if need else None,
            "links_share_of_need": got / need if need else None,
            "fallback": lks[0].receiver_fallback,
        })
    return rows
