"""Tidy tables (one row per link, measure, facility, tenant, tenant×resource) from a Solution.

Costs and emissions come from the same ``Term`` coefficients the objective used, so
the tables add up to the optimizer's objective; ``check.py`` then re-derives them
from the park data alone.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from symbiosis.optimize.data import ModelData, changes
from symbiosis.optimize.params import money
from symbiosis.optimize.sharing import carbon_weights, transfer_pairs
from symbiosis.optimize.solve import Solution
from symbiosis.results.quality import quality_rows
from symbiosis.results.process_tables import process_tables

CATEGORIES = ("capital", "fixed_opex", "purchase", "disposal", "sale", "exchange_opex",
              "processing_opex", "exchange_payment", "partner_revenue", "process_opex")
EPS = 1e-9


def _accumulate(d: ModelData, sol: Solution, grid_factor: float):
    """Per-tenant cost by category and emissions by scope, plus per-key totals."""
    tenants: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    per_key: dict[tuple[str, ...], dict[str, float]] = {}

    def add(term, v):
        row = tenants[term.tenant]
        row[term.category] += term.cost * v
        row["scope1"] += term.scope1 * v
        row["scope2"] += term.grid_mwh * grid_factor * v
        row["grid_mwh"] += term.grid_mwh * v
        row["scope3_upstream"] += term.scope3 * v
        row["disposal_co2"] += term.disposal * v
        row["avoided_co2_external"] += term.avoided * v

    for key, terms in d.terms.items():
        v = sol.value(key)
        acc = defaultdict(float)
        for t in terms:
            add(t, v)
            acc["cost"] += t.cost * v
            acc["co2"] += (t.scope1 + t.grid_mwh * grid_factor + t.scope3 + t.disposal) * v
            acc["avoided"] += t.avoided * v
        per_key[key] = acc
    for t in d.constant_terms:
        add(t, 1.0)
    return tenants, per_key


def build_tables(d: ModelData, sol: Solution) -> dict[str, list[dict[str, Any]]]:
    park, pol = d.park, d.policy
    gf = pol.grid_factor
    tenant_acc, per_key = _accumulate(d, sol, gf)
    res = park.resources
    # Sets, not the lists ModelData keeps: a regional park's 100,000 links each looked up in
    # a list of tens of thousands took 130 s here.
    symbiotic, offered = set(d.symbiosis_links), set(d.measures)

    links = []
    for eid, e in park.exchanges.items():
        in_model = eid in d.flow_ub
        flow = sol.flow.get(eid, 0.0)
        built = int(in_model) if e.existing else int(sol.build.get(eid, 0.0) > 0.5)
        if eid in d.forced and in_model:
            built = 1
        fk, bk = per_key.get(("flow", eid), {}), per_key.get(("build", eid), {})
        links.append({
            "id": eid, "name": e.name, "from": e.supplier, "to": e.receiver,
            "via": e.via or "", "resource": e.resource, "replaces": e.replaces,
            "unit": res[e.resource].unit, "replaces_unit": res[e.replaces].unit,
            "ratio": e.ratio, "capacity": e.capacity, "bound": d.flow_ub.get(eid, 0.0),
            "flow": flow, "delivered": flow * e.ratio, "built": built,
            "existing": int(e.existing), "state": e.state,
            "symbiosis": int(eid in symbiotic),
            "to_partner": int(e.receiver in park.partners),
            "capex_vnd": 0.0 if e.existing else (e.capex if built else 0.0),
            "annual_fixed_vnd": bk.get("cost", 0.0),
            "annual_flow_cost_vnd": fk.get("cost", 0.0),
            "co2_t": fk.get("co2", 0.0), "avoided_co2_external_t": fk.get("avoided", 0.0),
            "available": int(in_model), "why_unavailable": d.unbuildable.get(eid, "")
            if not in_model else "",
        })

    measures = []
    for mid, m in park.measures.items():
        adopted = int(sol.adopt.get(mid, 0.0) > 0.5)
        measures.append({
            "id": mid, "tenant": m.tenant, "enterprise": park.tenants[m.tenant].enterprise,
            "name": m.name, "state": m.state, "adopted": adopted,
            "available": int(mid in offered),
            "capex_vnd": m.capex if adopted else 0.0,
            "annual_cost_vnd": per_key.get(("adopt", mid), {}).get("cost", 0.0),
            "direct_co2_change_t": per_key.get(("adopt", mid), {}).get("co2", 0.0),
        })

    facilities = []
    for tid, t in park.tenants.items():
        if t.processing is None:
            continue
        p = t.processing
        through = sum(park.exchanges[e].via_factor * sol.flow.get(e, 0.0)
                      for e in d.hub_links.get(tid, []))
        built = int(tid not in pol.forbid) if p.existing else int(sol.hub.get(tid, 0.0) > 0.5)
        facilities.append({"id": tid, "unit": p.unit, "capacity": p.capacity,
                           "existing": int(p.existing), "state": p.state, "built": built,
                           "throughput": through,
                           "capex_vnd": 0.0 if p.existing else (p.capex if built else 0.0)})

    tenants = []
    for tid, t in park.tenants.items():
        acc = tenant_acc.get(tid, {})
        row = {"tenant": tid, "name": t.name, "enterprise": t.enterprise, "sector": t.sector,
               "counts_as_enterprise": int(t.counts_as_enterprise)}
        for c in CATEGORIES:
            row[f"{c}_vnd"] = acc.get(c, 0.0)
        row["cost_vnd"] = sum(acc.get(c, 0.0) for c in CATEGORIES)
        for s in ("scope1", "scope2", "scope3_upstream", "disposal_co2"):
            row[f"{s}_t" if s != "disposal_co2" else "disposal_t"] = acc.get(s, 0.0)
        row["grid_mwh"] = acc.get("grid_mwh", 0.0)
        row["co2_t"] = (row["scope1_t"] + row["scope2_t"] + row["scope3_upstream_t"]
                        + row["disposal_t"])
        row["avoided_co2_external_t"] = acc.get("avoided_co2_external", 0.0)
        tenants.append(row)

    resources = []
    for (tid, rid) in (k for k in d.need_ub if k[0] in park.tenants):
        amount = _amount(d, sol, tid, "inputs", rid)
        links_in = sum(park.exchanges[e].ratio * sol.flow.get(e, 0.0) for e in d.in_links[tid, rid])
        resources.append({
            "tenant": tid, "resource": rid, "direction": "input", "unit": res[rid].unit,
            "base": park.tenants[tid].inputs[rid], "amount": amount, "via_links": links_in,
            "purchased": sol.buy.get((tid, rid), 0.0), "disposed": 0.0, "sold": 0.0,
            "price_vnd": res[rid].price or 0.0})
    for (tid, rid) in (k for k in d.release_ub if k[0] in park.tenants):
        amount = _amount(d, sol, tid, "outputs", rid)
        links_out = sum(sol.flow.get(e, 0.0) for e in d.out_links[tid, rid])
        resources.append({
            "tenant": tid, "resource": rid, "direction": "output", "unit": res[rid].unit,
            "base": park.tenants[tid].outputs[rid], "amount": amount, "via_links": links_out,
            "purchased": 0.0, "disposed": sol.dispose.get((tid, rid), 0.0),
            "sold": sol.sell.get((tid, rid), 0.0),
            "price_vnd": res[rid].disposal_cost or 0.0})
    transfers = [{"link": e, "payer": payer, "payee": payee,
                  "payment_vnd": sol.transfer.get(i, 0.0) * money(d)}
                 for i, (e, payer, payee) in enumerate(transfer_pairs(d))] \
        if pol.no_one_worse_off else []
    procs, modes, flows = process_tables(d, sol, per_key)
    return {"links": links, "measures": measures, "facilities": facilities,
            "tenants": tenants, "resources": resources, "transfers": transfers,
            "quality": quality_rows(d, sol),
            "processes": procs, "process_modes": modes, "process_flows": flows,
            "enterprises": enterprise_rows(park, tenants, transfers, pol)}


def tenant_boundary_co2(row: dict[str, Any], boundary: str) -> float:
    """A tenant's CO2 on the scenario's boundary (the one the carbon price applies to)."""
    w = carbon_weights(boundary)
    return (w["scope1"] * row["scope1_t"] + w["scope2"] * row["scope2_t"]
            + w["scope3"] * row["scope3_upstream_t"] + w["disposal"] * row["disposal_t"]
            + w["avoided"] * row["avoided_co2_external_t"])


def enterprise_rows(park, tenants: list[dict[str, Any]], transfers: list[dict[str, Any]],
                    pol) -> list[dict[str, Any]]:
    """Per enterprise: cost, carbon cost, transfers received and paid, CO2."""
    out: dict[str, dict[str, Any]] = {}
    for row in tenants:
        ent = row["enterprise"]
        e = out.setdefault(ent, {"enterprise": ent, "tenants": [],
                                 "counts_as_enterprise": row["counts_as_enterprise"],
                                 "cost_vnd": 0.0, "carbon_cost_vnd": 0.0, "co2_t": 0.0,
                                 "transfers_vnd": 0.0})
        e["tenants"].append(row["tenant"])
        e["cost_vnd"] += row["cost_vnd"]
        e["co2_t"] += row["co2_t"]
        e["carbon_cost_vnd"] += pol.carbon_price * tenant_boundary_co2(row, pol.priced_boundary)
    for tr in transfers:
        out[tr["payer"]]["transfers_vnd"] += tr["payment_vnd"]
        out[tr["payee"]]["transfers_vnd"] -= tr["payment_vnd"]
    rows = []
    for e in out.values():
        e["tenants"] = ";".join(e["tenants"])
        e["total_vnd"] = e["cost_vnd"] + e["carbon_cost_vnd"] + e["transfers_vnd"]
        rows.append(e)
    return rows


def _amount(d: ModelData, sol: Solution, tid: str, side: str, rid: str) -> float:
    base = getattr(d.park.tenants[tid], side)[rid]
    return base + sum(c for mid, c in changes(d, tid, side, rid) if sol.adopt.get(mid, 0.0) > 0.5)
