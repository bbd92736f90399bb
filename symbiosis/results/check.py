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

    problems += _process_balances(r, links)

    # Cost and CO2 from prices and factors.
    elec = park.electricity
    price_e = (res[elec].price or 0.0) if elec else 0.0
    cost = scope1 = grid = scope3 = disposal = avoided = 0.0
    for row in r.tables["resources"] + r.tables.get("process_flows", []):
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
        if e.existing and x["built"]:  # an existing link switched off costs nothing
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
            cost += p.opex_fixed if tid in built_hubs else 0.0
        elif p is not None and tid in built_hubs:
            cost += crf(pol.discount_rate, p.lifetime) * p.capex + p.opex_fixed
        scope1 += t.direct_co2
    for x in r.tables.get("processes", []):
        p = park.processes[x["id"]]
        cost += p.opex_var * x["throughput"]
        scope1 += p.direct_co2 * x["throughput"]
        if p.existing:
            cost += p.opex_fixed
        elif x["built"]:
            cost += crf(pol.discount_rate, p.lifetime) * p.capex + p.opex_fixed
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
    problems += _quality(r, links)
    return problems


def _quality(r: Results, links: dict) -> list[str]:
    """Each limited need's mixed property, from link flows, purchases and the park's values."""
    park = r.scenario.park
    qual = park.quality
    bought = {(x["tenant"], x["resource"]): x["purchased"] for x in r.tables["resources"]
              if x["direction"] == "input"}
    reported = {(x["tenant"], x["resource"], x["property"], x["kind"]): x
                for x in r.tables.get("quality", [])}
    problems = []
    for (tid, rid), props in qual.needs():
        for prop, (lo, hi) in props.items():
            amount = load = 0.0
            for eid, x in links.items():
                e = park.exchanges[eid]
                if e.receiver == tid and e.replaces == rid and x["flow"]:
                    amount += x["flow"] * e.ratio
                    load += x["flow"] * e.ratio * qual.of_link(e, prop)
            if bought.get((tid, rid)):
                amount += bought[tid, rid]
                load += bought[tid, rid] * qual.of_purchase(rid, prop)
            value = load / amount if amount > TOL else None
            for kind, limit in (("max", hi), ("min", lo)):
                if limit is None:
                    continue
                where = f"{tid}/{rid} {prop}"
                if value is not None and (value - limit if kind == "max" else limit - value) \
                        > TOL * max(1.0, abs(limit)):
                    problems.append(f"{where}: mixed {value:g} breaks the {kind} {limit:g}")
                row = reported.get((tid, rid, prop, kind))
                if row is None:
                    problems.append(f"{where}: {kind} limit missing from the quality table")
                elif value is not None and not _close(value, row["value"] or 0.0, abs(limit)):
                    problems.append(f"{where}: mixed {value:.9g}, reported {row['value']}")
    return problems


def _process_balances(r: Results, links: dict[str, dict]) -> list[str]:
    """Each process's amounts from its yields × mode runs; each closes; runs within limits."""
    park = r.scenario.park
    res, ex = park.resources, park.exchanges
    runs: dict[str, dict[str, float]] = defaultdict(dict)
    for row in r.tables.get("process_modes", []):
        runs[row["process"]][row["mode"]] = row["throughput"]
    problems = []
    for x in r.tables.get("processes", []):
        pid, p = x["id"], park.processes[x["id"]]
        through = sum(runs[pid].values())
        if any(v < -TOL for v in runs[pid].values()):
            problems.append(f"process {pid}: a negative run")
        if not _close(through, x["throughput"], through):
            problems.append(f"process {pid}: throughput {x['throughput']:g} ≠ Σ runs {through:g}")
        cap = (p.capacity if p.capacity is not None else float("inf")) * x["built"]
        if through > cap * (1 + TOL) + TOL:
            problems.append(f"process {pid}: throughput {through:g} over capacity {cap:g}")
        if x["built"] and through < p.minimum * (1 - TOL) - TOL:
            problems.append(f"process {pid}: throughput {through:g} under minimum {p.minimum:g}")
        if x["built"] and not p.existing and not x["available"]:
            problems.append(f"process {pid}: built, but the policy does not allow it")
    for row in r.tables.get("process_flows", []):
        pid, rid = row["process"], row["resource"]
        p = park.processes[pid]
        side = "inputs" if row["direction"] == "input" else "outputs"
        amount = sum(p.yields(mode, side).get(rid, 0.0) * v for mode, v in runs[pid].items())
        if not _close(amount, row["amount"], amount):
            problems.append(f"process {pid}/{rid}: amount {row['amount']:g} ≠ yields × runs "
                            f"{amount:g}")
        if side == "inputs":
            got = sum(links[e]["flow"] * ex[e].ratio for e in links
                      if ex[e].receiver == pid and ex[e].replaces == rid)
            if row["purchased"] > TOL and not res[rid].purchasable:
                problems.append(f"process {pid}/{rid}: bought, but it has no price")
            if not _close(amount, got + row["purchased"], amount):
                problems.append(f"process {pid}/{rid}: need {amount:g} ≠ links {got:g} + "
                                f"bought {row['purchased']:g}")
        else:
            sent = sum(links[e]["flow"] for e in links
                       if ex[e].supplier == pid and ex[e].resource == rid)
            if row["disposed"] > TOL and not res[rid].disposable:
                problems.append(f"process {pid}/{rid}: disposed, but it has no disposal route")
            if row["sold"] > TOL and not res[rid].sellable:
                problems.append(f"process {pid}/{rid}: sold, but it has no sale price")
            if not _close(amount, sent + row["disposed"] + row["sold"], amount):
                problems.append(f"process {pid}/{rid}: release {amount:g} ≠ links {sent:g} + "
                                f"disposed {row['disposed']:g} + sold {row['sold']:g}")
    return problems
