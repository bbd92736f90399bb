"""Independent re-verification of a solution from its Results tables and the park data.

Nothing here uses the optimizer's coefficients (``optimize.data.Term``): balances,
capacities, cost and CO2 are recomputed from prices and factors in the park model,
so an error in how the model was built shows up as a disagreement.
"""

from __future__ import annotations

from collections import defaultdict

from symbiosis.optimize.data import crf
from symbiosis.results.core import Results

TOL = 1e-6


def _close(a: float, b: float, scale: float = 1.0) -> bool:
    return abs(a - b) <= TOL * max(1.0, abs(a), abs(b), scale)


def verify(r: Results) -> list[str]:
    """Problems found (empty when the solution is consistent)."""
    if not r.ok:
        return []
    park, pol = r.scenario.park, r.scenario.policy
    res, ten = park.resources, park.tenants
    links = {x["id"]: x for x in r.tables["links"]}
    adopted = {x["id"] for x in r.tables["measures"] if x["adopted"]}
    built_hubs = {x["id"] for x in r.tables["facilities"] if x["built"]}
    problems: list[str] = []

    # Links: sign, capacity, build, facility and partner limits.
    through: dict[str, float] = defaultdict(float)
    partner_in: dict[tuple[str, str], float] = defaultdict(float)
    for eid, x in links.items():
        e = park.exchanges[eid]
        if x["flow"] < -TOL:
            problems.append(f"link {eid}: negative flow {x['flow']}")
        if x["flow"] > e.capacity * (1 + TOL) + TOL:
            problems.append(f"link {eid}: flow {x['flow']:g} over capacity {e.capacity:g}")
        if not x["built"] and x["flow"] > TOL:
            problems.append(f"link {eid}: flow {x['flow']:g} on a link not built")
        if e.via:
            if x["flow"] > TOL and e.via not in built_hubs:
                problems.append(f"link {eid}: flows through '{e.via}', which is not built")
            through[e.via] += x["flow"] * e.via_factor
        if e.receiver in park.partners:
            partner_in[e.receiver, e.replaces] += x["flow"] * e.ratio
    for hid, amount in through.items():
        cap = ten[hid].processing.capacity
        if amount > cap * (1 + TOL) + TOL:
            problems.append(f"facility {hid}: {amount:g} through it, capacity {cap:g}")
    for (pid, rid), amount in partner_in.items():
        limit = park.partners[pid].demand.get(rid)
        if limit is not None and amount > limit * (1 + TOL) + TOL:
            problems.append(f"partner {pid}: takes {amount:g} {rid}, demand {limit:g}")

    # Balances, with amounts after measures recomputed from the park's measures.
    def amount(tid: str, side: str, rid: str) -> float:
        base = getattr(ten[tid], side)[rid]
        for mid in adopted:
            m = park.measures[mid]
            eff = getattr(m, side).get(rid) if m.tenant == tid else None
            if eff is not None:
                base += getattr(ten[tid], side)[rid] * eff.scale + eff.delta
        return base

    for row in r.tables["resources"]:
        tid, rid = row["tenant"], row["resource"]
        if row["direction"] == "input":
            got = sum(links[e]["flow"] * park.exchanges[e].ratio for e in links
                      if park.exchanges[e].receiver == tid and park.exchanges[e].replaces == rid)
            need = amount(tid, "inputs", rid)
            if row["purchased"] > TOL and not res[rid].purchasable:
                problems.append(f"{tid}/{rid}: bought, but it has no price")
            if not _close(need, got + row["purchased"], need):
                problems.append(f"{tid}/{rid}: need {need:g} ≠ links {got:g} + bought "
                                f"{row['purchased']:g}")
        else:
            sent = sum(links[e]["flow"] for e in links
                       if park.exchanges[e].supplier == tid and park.exchanges[e].resource == rid)
            rel = amount(tid, "outputs", rid)
            if row["disposed"] > TOL and not res[rid].disposable:
                problems.append(f"{tid}/{rid}: disposed, but it has no disposal route")
            if row["sold"] > TOL and not res[rid].sellable:
                problems.append(f"{tid}/{rid}: sold, but it has no sale price")
            if not _close(rel, sent + row["disposed"] + row["sold"], rel):
                problems.append(f"{tid}/{rid}: release {rel:g} ≠ links {sent:g} + disposed "
                                f"{row['disposed']:g} + sold {row['sold']:g}")

    # Cost and CO2 from prices and factors.
    elec = park.electricity
    price_e = (res[elec].price or 0.0) if elec else 0.0
    cost = scope1 = grid = scope3 = disposal = avoided = 0.0
    for row in r.tables["resources"]:
        x = res[row["resource"]]
        if row["direction"] == "input":
            cost += row["purchased"] * (x.price or 0.0)
            scope1 += row["purchased"] * x.use_co2
            scope3 += row["purchased"] * x.upstream_co2
            grid += row["purchased"] if row["resource"] == elec else 0.0
        else:
            cost += row["disposed"] * (x.disposal_cost or 0.0) - row["sold"] * (x.sale_price or 0.0)
            if x.disposal_scope == "scope1":
                scope1 += row["disposed"] * x.disposal_co2
            else:
                disposal += row["disposed"] * x.disposal_co2
    for eid, x in links.items():
        e, f = park.exchanges[eid], x["flow"]
        if x["built"] and not e.existing:
            cost += crf(pol.discount_rate, e.lifetime) * e.capex + e.opex_fixed
        if e.existing:
            cost += e.opex_fixed
        cost += f * (e.opex_var + e.electricity * price_e)
        grid += f * e.electricity
        scope1 += f * e.transport_co2
        if e.receiver in park.partners:
            cost -= f * e.price
            avoided += f * e.ratio * res[e.replaces].avoided_co2
        else:
            scope1 += f * res[e.resource].use_co2
        if e.via:
            p = ten[e.via].processing
            cost += f * e.via_factor * (p.opex_var + p.electricity * price_e)
            grid += f * e.via_factor * p.electricity
    for tid, t in ten.items():
        p = t.processing
        if p is not None and p.existing:
            cost += p.opex_fixed
        elif p is not None and tid in built_hubs:
            cost += crf(pol.discount_rate, p.lifetime) * p.capex + p.opex_fixed
        scope1 += t.direct_co2
    for mid in adopted:
        m = park.measures[mid]
        cost += crf(pol.discount_rate, m.lifetime) * m.capex + m.opex_fixed
        scope1 += ten[m.tenant].direct_co2 * m.direct_co2.scale + m.direct_co2.delta
    scope2 = grid * pol.grid_factor

    tot = r.totals
    for name, mine, theirs in (("cost", cost, tot["cost_vnd_per_year"]),
                               ("scope1", scope1, tot["scope1"]), ("scope2", scope2, tot["scope2"]),
                               ("scope3_upstream", scope3, tot["scope3_upstream"]),
                               ("disposal", disposal, tot["disposal"]),
                               ("avoided", avoided, tot["avoided_co2_t_per_year_external"])):
        if not _close(mine, theirs):
            problems.append(f"{name}: recomputed {mine:.9g}, reported {theirs:.9g}")
    return problems
