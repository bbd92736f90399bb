"""The optimizer against brute force: random small parks, every subset of options an LP.

The LP of each subset is written here from the park data alone and solved with
scipy's linprog, so a mistake in how the Pyomo model is built cannot hide in both.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy.optimize import linprog

from symbiosis import api
from symbiosis.optimize.data import crf
from symbiosis.results.check import verify

CRITERIA = Path(__file__).parents[1] / "models" / "criteria" / "decree35-2022.yaml"


def fig(v):
    return {"value": v, "source": "estimate"}


def random_park(seed: int) -> tuple[dict, dict]:
    rnd = random.Random(seed)
    n_ten = rnd.randint(3, 5)
    tenants = [f"t{i}" for i in range(n_ten)]
    wastes = [f"w{i}" for i in range(rnd.randint(1, 3))]
    virgins = [f"v{i}" for i in range(rnd.randint(1, 3))]
    resources = {"electricity": {"name": "grid", "unit": "MWh", "kind": "energy",
                                 "price": fig(rnd.uniform(1e6, 2e6))}}
    for w in wastes:
        r = {"name": w, "unit": "t", "kind": "material",
             "disposal_cost": fig(rnd.uniform(0, 2e5)), "disposal_co2": fig(rnd.uniform(0, 0.05))}
        if rnd.random() < 0.3:
            r["sale_price"] = fig(rnd.uniform(0, 5e4))
        if rnd.random() < 0.3:
            r["use_co2"] = fig(rnd.uniform(0, 0.2))
        resources[w] = r
    for v in virgins:
        resources[v] = {"name": v, "unit": "t", "kind": "material",
                        "price": fig(rnd.uniform(1e5, 6e5)),
                        "upstream_co2": fig(rnd.uniform(0, 0.3)),
                        "use_co2": fig(rnd.uniform(0, 0.1)),
                        "avoided_co2": fig(rnd.uniform(0, 0.5))}
    ten = {}
    for t in tenants:
        ten[t] = {"name": t, "sector": "test", "enterprise": f"e{rnd.randint(0, n_ten - 1)}",
                  "inputs": {"electricity": fig(rnd.uniform(100, 2000))},
                  "outputs": {}, "direct_co2": fig(rnd.uniform(0, 1000))}
        for w in rnd.sample(wastes, rnd.randint(0, len(wastes))):
            ten[t]["outputs"][w] = fig(rnd.uniform(1000, 20000))
        for v in rnd.sample(virgins, rnd.randint(0, len(virgins))):
            ten[t]["inputs"][v] = fig(rnd.uniform(1000, 20000))
    partners = {"p0": {"name": "cement", "kind": "cement",
                       "demand": {virgins[0]: fig(rnd.uniform(2000, 10000))}}}
    hub = rnd.random() < 0.5
    if hub:
        ten["hub"] = {"name": "grinder", "sector": "processing", "inputs": {}, "outputs": {},
                      "processing": {"unit": "t", "capacity": fig(rnd.uniform(3000, 15000)),
                                     "existing": False, "capex": fig(rnd.uniform(1e8, 2e9)),
                                     "lifetime": fig(15), "opex_var": fig(rnd.uniform(0, 3e4)),
                                     "electricity": fig(rnd.uniform(0, 0.03))}}
    n_options = rnd.randint(4, 8)
    exchanges, measures = {}, {}
    suppliers = [(t, w) for t in tenants for w in ten[t]["outputs"]]
    receivers = [(t, v) for t in tenants for v in ten[t]["inputs"] if v != "electricity"]
    receivers += [("p0", virgins[0])]
    k = 0
    while len(exchanges) + len(measures) < n_options and suppliers:
        if rnd.random() < 0.75:
            s, w = rnd.choice(suppliers)
            r, v = rnd.choice(receivers)
            if r == s:
                continue
            e = {"from": s, "to": r, "resource": w, "replaces": v,
                 "ratio": fig(rnd.uniform(0.5, 1.2)), "capacity": fig(rnd.uniform(1000, 15000)),
                 "capex": fig(rnd.uniform(1e8, 3e9)), "lifetime": fig(rnd.choice([10, 20])),
                 "opex_var": fig(rnd.uniform(0, 1e5)), "opex_fixed": fig(rnd.uniform(0, 1e8)),
                 "electricity": fig(rnd.uniform(0, 0.02)),
                 "transport_co2": fig(rnd.uniform(0, 0.01))}
            if r == "p0":
                e["price"] = fig(rnd.uniform(0, 1e5))
            if hub and rnd.random() < 0.4:
                e["via"] = "hub"
            exchanges[f"x{k}"] = e
        else:
            t = rnd.choice(tenants)
            m = {"tenant": t, "name": "m", "capex": fig(rnd.uniform(1e8, 2e9)),
                 "lifetime": fig(10), "inputs": {"electricity": {"scale": -rnd.uniform(0.02, 0.3),
                                                                 "source": "estimate"}}}
            if ten[t]["outputs"] and rnd.random() < 0.5:
                w = rnd.choice(list(ten[t]["outputs"]))
                m["outputs"] = {w: {"scale": rnd.uniform(-0.3, 0.3), "source": "estimate"}}
            if rnd.random() < 0.5:
                m["direct_co2"] = {"delta": -rnd.uniform(0, 200), "source": "estimate"}
            measures[f"m{k}"] = m
        k += 1
    if hub and not any(e.get("via") == "hub" for e in exchanges.values()):
        del ten["hub"]
    model = {"park": {"id": f"rand{seed}", "name": "random", "vnd_per_usd": fig(25000),
                      "grid_factors": {2023: fig(rnd.uniform(0.4, 0.9))}},
             "sources": {}, "resources": resources, "tenants": ten, "partners": partners,
             "exchanges": exchanges, "measures": measures}
    scenario = {"model": "park.yaml",
                "policy": {"objective": "cost", "discount_rate": rnd.choice([0.0, 0.08, 0.12]),
                           "carbon_price": fig(rnd.choice([0, 2e5, 1e6])),
                           "co2_boundary": rnd.choice(["all", "scope12", "net"]),
                           "min_link_load": 0.0, "criteria": str(CRITERIA)}}
    return model, scenario


def subset_cost(sc, chosen: set[str]) -> float | None:
    """Optimal annual cost with exactly ``chosen`` options built: an LP, solved by scipy."""
    park, pol = sc.park, sc.policy
    res, ten = park.resources, park.tenants
    elec = park.electricity
    pe = res[elec].price or 0.0
    gf, cp = pol.grid_factor, pol.carbon_price
    bound = {"scope12": (1, 1, 0, 0, 0), "all": (1, 1, 1, 1, 0), "net": (1, 1, 1, 1, -1)}
    w1, w2, w3, wd, wa = bound[pol.co2_boundary]

    def co2(s1=0.0, mwh=0.0, s3=0.0, disp=0.0, av=0.0):
        return cp * (w1 * s1 + w2 * gf * mwh + w3 * s3 + wd * disp + wa * av)

    procs = {pid: x for pid, x in park.processes.items() if x.existing or pid in chosen}
    links = [e for e in park.exchanges.values() if e.id in chosen and
             (e.via is None or e.via in chosen) and
             all(n in procs for n in (e.supplier, e.receiver) if n in park.processes)]
    cols, c, ub = [], [], []

    def col(key, cost, upper):
        cols.append(key)
        c.append(cost)
        ub.append(upper)

    for e in links:
        cost = e.opex_var + e.electricity * pe + co2(e.transport_co2, e.electricity)
        if e.receiver in park.partners:
            cost += -e.price + co2(av=e.ratio * res[e.replaces].avoided_co2)
        else:
            cost += co2(res[e.resource].use_co2)
        if e.via:
            p = ten[e.via].processing
            cost += e.via_factor * (p.opex_var + p.electricity * pe + co2(mwh=p.electricity))
        col(("f", e.id), cost, e.capacity)
    for t in ten.values():
        for r in t.inputs:
            x = res[r]
            if x.purchasable:
                col(("b", t.id, r), x.price + co2(x.use_co2, 1.0 if r == elec else 0.0,
                                                  x.upstream_co2), None)
        for r in t.outputs:
            x = res[r]
            if x.disposable:
                s1 = x.disposal_co2 if x.disposal_scope == "scope1" else 0.0
                col(("d", t.id, r), x.disposal_cost + co2(s1, disp=x.disposal_co2 - s1), None)
            if x.sellable:
                col(("s", t.id, r), -x.sale_price, None)
    # Conversion processes: a run column per mode; buy/dispose/sell at the process node.
    for x in procs.values():
        for mode in x.modes:
            col(("r", x.id, mode), x.opex_var + co2(x.direct_co2), None)
        for r in x.most("inputs"):
            y = res[r]
            if y.purchasable:
                col(("b", x.id, r), y.price + co2(y.use_co2, 1.0 if r == elec else 0.0,
                                                  y.upstream_co2), None)
        for r in x.most("outputs"):
            y = res[r]
            if y.disposable:
                s1 = y.disposal_co2 if y.disposal_scope == "scope1" else 0.0
                col(("d", x.id, r), y.disposal_cost + co2(s1, disp=y.disposal_co2 - s1), None)
            if y.sellable:
                col(("s", x.id, r), -y.sale_price, None)
    idx = {k: i for i, k in enumerate(cols)}
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for x in procs.values():
        for side in ("inputs", "outputs"):
            for r in x.most(side):
                row = np.zeros(len(cols))
                for mode in x.modes:
                    row[idx["r", x.id, mode]] = x.yields(mode, side).get(r, 0.0)
                for e in links:
                    if side == "inputs" and e.receiver == x.id and e.replaces == r:
                        row[idx["f", e.id]] = -e.ratio
                    if side == "outputs" and e.supplier == x.id and e.resource == r:
                        row[idx["f", e.id]] = -1.0
                for kind in (("b",) if side == "inputs" else ("d", "s")):
                    if (kind, x.id, r) in idx:
                        row[idx[kind, x.id, r]] = -1.0
                a_eq.append(row)
                b_eq.append(0.0)
        through = np.zeros(len(cols))
        for mode in x.modes:
            through[idx["r", x.id, mode]] = 1.0
        if x.capacity is not None:
            a_ub.append(through)
            b_ub.append(x.capacity)
        if x.minimum:
            a_ub.append(-through)
            b_ub.append(-x.minimum)

    def amount(t, side, r):
        base = getattr(t, side)[r]
        for mid in chosen & set(park.measures):
            m = park.measures[mid]
            if m.tenant == t.id and r in getattr(m, side):
                eff = getattr(m, side)[r]
                base += getattr(t, side)[r] * eff.scale + eff.delta
        return base

    for t in ten.values():
        for r in t.inputs:
            row = np.zeros(len(cols))
            for e in links:
                if e.receiver == t.id and e.replaces == r:
                    row[idx["f", e.id]] = e.ratio
            if ("b", t.id, r) in idx:
                row[idx["b", t.id, r]] = 1.0
            a_eq.append(row)
            b_eq.append(amount(t, "inputs", r))
        for r in t.outputs:
            row = np.zeros(len(cols))
            for e in links:
                if e.supplier == t.id and e.resource == r:
                    row[idx["f", e.id]] = 1.0
            for kind in ("d", "s"):
                if (kind, t.id, r) in idx:
                    row[idx[kind, t.id, r]] = 1.0
            a_eq.append(row)
            b_eq.append(amount(t, "outputs", r))
    for p in park.partners.values():
        for r, limit in p.demand.items():
            row = np.zeros(len(cols))
            for e in links:
                if e.receiver == p.id and e.replaces == r:
                    row[idx["f", e.id]] = e.ratio
            a_ub.append(row)
            b_ub.append(limit)
    for t in ten.values():
        if t.processing:
            row = np.zeros(len(cols))
            for e in links:
                if e.via == t.id:
                    row[idx["f", e.id]] = e.via_factor
            a_ub.append(row)
            b_ub.append(t.processing.capacity)
    a_ub += quality_rows(park, links, idx, len(cols))
    b_ub += [0.0] * (len(a_ub) - len(b_ub))
    lp = linprog(c, A_ub=np.array(a_ub) if a_ub else None, b_ub=b_ub or None,
                 A_eq=np.array(a_eq), b_eq=b_eq, bounds=[(0, u) for u in ub], method="highs")
    if lp.status != 0:
        return None
    fixed = sum(x.opex_fixed for x in procs.values() if x.existing)
    direct = sum(t.direct_co2 for t in ten.values())
    for oid in chosen:
        if oid in park.processes:
            x = park.processes[oid]
            fixed += crf(pol.discount_rate, x.lifetime) * x.capex + x.opex_fixed
        elif oid in park.exchanges:
            e = park.exchanges[oid]
            fixed += crf(pol.discount_rate, e.lifetime) * e.capex + e.opex_fixed
        elif oid in park.measures:
            m = park.measures[oid]
            fixed += crf(pol.discount_rate, m.lifetime) * m.capex + m.opex_fixed
            direct += ten[m.tenant].direct_co2 * m.direct_co2.scale + m.direct_co2.delta
        else:
            p = ten[oid].processing
            fixed += crf(pol.discount_rate, p.lifetime) * p.capex + p.opex_fixed
    return lp.fun + fixed + co2(direct)


def quality_rows(park, links, idx, n: int) -> list:
    """Each quality limit as Σ sign·(value − limit)·amount ≤ 0 over links and purchase
    (sign +1 for a max, −1 for a min), with values read from the park data."""
    qual, rows = park.quality, []
    for (tid, rid), props in qual.needs():
        supplies = [(idx["f", e.id], e.ratio, e) for e in links
                    if e.receiver == tid and e.replaces == rid]
        for prop, (lo, hi) in props.items():
            for limit, sign in ((hi, 1.0), (lo, -1.0)):
                if limit is None:
                    continue
                row = np.zeros(n)
                for i, ratio, e in supplies:
                    own = qual.delivered.get(e.id, {}).get(prop)
                    value = own if own is not None else qual.released[e.supplier][e.resource][prop]
                    row[i] += sign * ratio * (value - limit)
                if ("b", tid, rid) in idx:
                    row[idx["b", tid, rid]] += sign * (qual.bought[rid][prop] - limit)
                rows.append(row)
    return rows


def brute_force(sc) -> float:
    park = sc.park
    options = list(park.exchanges) + list(park.measures) + [
        t for t, x in park.tenants.items() if x.processing and not x.processing.existing] + [
        p for p, x in park.processes.items() if not x.existing]
    best = None
    for k in range(len(options) + 1):
        for subset in itertools.combinations(options, k):
            value = subset_cost(sc, set(subset))
            if value is not None and (best is None or value < best):
                best = value
    assert best is not None, "every subset infeasible: the generator made a bad park"
    return best


@pytest.mark.parametrize("seed", range(24))
def test_optimizer_matches_enumeration(seed, tmp_path):
    model, scenario = random_park(seed)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    sc = api.load_scenario(tmp_path / "scenario.yaml")
    options = len(sc.park.exchanges) + len(sc.park.measures)
    assert 3 <= options <= 10
    result = api.solve(sc)
    assert result.status == "optimal"
    expected = brute_force(sc)
    got = result.objective()["value"]
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-3)


def random_process_park(seed: int) -> tuple[dict, dict]:
    """A small random park (at most 3 links and measures kept) with one or two conversion
    processes: a waste in (and maybe electricity), a virgin material and a by-product out,
    one or two modes, existing or a candidate, and links to and from them."""
    model, scenario = random_park(1000 + seed)
    rnd = random.Random(seed)
    for key in ("exchanges", "measures"):
        model[key] = dict(list(model[key].items())[:2 if key == "exchanges" else 1])
    ten, res = model["tenants"], model["resources"]
    tenants = [t for t in ten if t != "hub"]
    if not any(model["exchanges"].get(x, {}).get("via") for x in model["exchanges"]):
        ten.pop("hub", None)
    virgins = [r for r, x in res.items() if "price" in x and r != "electricity"]
    wastes = [r for r, x in res.items() if "disposal_cost" in x]
    n_opt = len(model["exchanges"]) + len(model["measures"])
    procs = {}
    for i in range(rnd.randint(1, 2)):
        pid = f"proc{i}"
        # A waste some tenant releases and a virgin material someone takes, where there are.
        fed = [w for w in wastes if any(w in ten[t]["outputs"] for t in tenants)]
        taken = [v for v in virgins if any(v in ten[t]["inputs"] for t in tenants)
                 or v in model["partners"]["p0"]["demand"]]
        w = rnd.choice(fed or wastes)
        v = rnd.choice(taken or virgins)
        side = f"by{i}"
        res[side] = {"name": side, "unit": "t", "kind": "material",
                     "disposal_cost": fig(rnd.uniform(0, 1e5))}
        if rnd.random() < 0.5:
            res[side]["sale_price"] = fig(rnd.uniform(0, 2e5))
        base = {"inputs": {w: fig(1.0)}, "outputs": {v: fig(rnd.uniform(0.3, 0.9)),
                                                      side: fig(rnd.uniform(0.0, 0.3))}}
        if rnd.random() < 0.5:
            base["inputs"]["electricity"] = fig(rnd.uniform(0.0, 0.05))
        p = {"tenant": rnd.choice(tenants), "unit": "t", **base,
             "capacity": fig(rnd.uniform(2000, 12000)),
             "opex_var": fig(rnd.uniform(-2e4, 8e4)), "direct_co2": fig(rnd.uniform(0, 0.05))}
        if rnd.random() < 0.5:
            p["modes"] = {"a": {}, "b": {"outputs": {v: fig(rnd.uniform(0.1, 0.6)),
                                                     side: fig(rnd.uniform(0.2, 0.6))}}}
        if rnd.random() < 0.6:
            p.update(existing=False, capex=fig(rnd.uniform(1e8, 3e9)), lifetime=fig(15),
                     opex_fixed=fig(rnd.uniform(0, 1e8)))
            n_opt += 1
        must_run = rnd.random() < 0.5  # a minimum, where existing links make it feasible
        procs[pid] = p
        # The waste in: from a tenant that releases it (or the owner buys it in as a gift).
        suppliers = [t for t in tenants if w in ten[t]["outputs"]]
        links = []
        if suppliers:
            links.append({"from": rnd.choice(suppliers), "to": pid, "resource": w,
                          "replaces": w, "existing": rnd.random() < 0.5})
        takers = [t for t in tenants if v in ten[t]["inputs"]] + (
            ["p0"] if v in model["partners"]["p0"]["demand"] else [])
        if takers:
            links.append({"from": pid, "to": rnd.choice(takers), "resource": v, "replaces": v,
                          "existing": rnd.random() < 0.3})
        for j, e in enumerate(links):
            if not e["existing"]:
                if n_opt >= 8:
                    e["existing"] = True
                else:
                    e.update(capex=fig(rnd.uniform(1e8, 2e9)), lifetime=fig(10))
                    n_opt += 1
            e.update(ratio=fig(rnd.uniform(0.7, 1.1) if e["replaces"] != w else 1.0),
                     capacity=fig(rnd.uniform(1000, 15000)),
                     opex_var=fig(rnd.uniform(0, 5e4)))
            if e["to"] == "p0":
                e["price"] = fig(rnd.uniform(0, 1e5))
            model["exchanges"][f"{pid}-x{j}"] = e
        if must_run and len(links) == 2 and all(
                e["existing"] for e in links):
            p["minimum"] = fig(rnd.uniform(0, 1000))
    model["processes"] = procs
    return model, scenario


@pytest.mark.parametrize("seed", range(16))
def test_optimizer_matches_enumeration_with_processes(seed, tmp_path):
    model, scenario = random_process_park(seed)
    (tmp_path / "park.yaml").write_text(yaml.safe_dump(model))
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scenario))
    sc = api.load_scenario(tmp_path / "scenario.yaml")
    assert sc.park.processes
    result = api.solve(sc)
    expected = brute_force(sc)
    assert result.status == "optimal"
    got = result.objective()["value"]
    assert got == pytest.approx(expected, rel=1e-6, abs=1e-3)
    assert verify(result) == []
