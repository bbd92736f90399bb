"""Who gains: per-enterprise results, each link's value split, Shapley shares of the saving.

- ``enterprise_table``: each enterprise's annual cost (with the carbon price and any
  transfer payments) and CO2 against the baseline, from the Results tables.
- ``link_split``: each built link's yearly value to its supplier and its receiver at the
  link's transfer price, from what each end would otherwise pay (disposal or lost sale
  at the supplier, purchases at the receiver), and the price that would split it evenly.
  It values one link at a time, so it is indicative where links interact.
- ``shapley``: the park's total saving shared among the enterprises that take part,
  by their average marginal contribution over all orders of joining (exact up to
  ``EXACT_LIMIT`` players, sampled orders beyond, with the sample size reported).
  A coalition may build the links and measures whose park enterprises all belong to it;
  the scenario's own objective values it, without its park-wide policy constraints.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from typing import Any, Callable

from symbiosis.analysis.session import Session
from symbiosis.optimize.data import build_data
from symbiosis.parallel import Engine
from symbiosis.errors import SolverError
from symbiosis.load.scenario import Scenario, unconstrained
from symbiosis.results.core import Results, make_results

EXACT_LIMIT = 12


def enterprise_table(r: Results) -> list[dict[str, Any]]:
    base = {x["enterprise"]: x for x in (r.baseline.tables["enterprises"] if r.baseline else [])}
    rows = []
    for x in r.tables["enterprises"]:
        b = base.get(x["enterprise"], {})
        rows.append({**x,
                     "baseline_total_vnd": b.get("total_vnd"),
                     "delta_total_vnd": x["total_vnd"] - b["total_vnd"] if b else None,
                     "baseline_co2_t": b.get("co2_t"),
                     "delta_co2_t": x["co2_t"] - b["co2_t"] if b else None,
                     "worse_off": bool(b) and x["total_vnd"] > b["total_vnd"] + 1.0})
    return rows


def link_split(r: Results) -> list[dict[str, Any]]:
    park, pol = r.scenario.park, r.scenario.policy
    res = park.resources
    cp = pol.carbon_price
    rows = []
    for x in r.tables["links"]:
        if not x["built"] or x["flow"] <= 0:
            continue
        e = park.exchanges[x["id"]]
        s, rep = res[e.resource], res[e.replaces]
        options = []
        if s.disposable:
            options.append(s.disposal_cost + cp * s.disposal_co2)
        if s.sellable:
            options.append(-s.sale_price)
        supplier_alt = min(options) if options else 0.0
        receiver_alt: float | None = 0.0
        inside = e.receiver not in park.partners  # a tenant or a conversion process
        if inside and not rep.purchasable:
            receiver_alt = None  # no market price for what it replaces: its value is unknown
        elif inside:
            grid = pol.grid_factor if e.replaces == park.electricity else 0.0
            receiver_alt = e.ratio * (rep.price + cp * (rep.upstream_co2 + rep.use_co2 + grid))
            receiver_alt -= cp * s.use_co2  # the receiver now burns what it gets
        own_costs = x["annual_fixed_vnd"] + x["annual_flow_cost_vnd"] + \
            (e.price * x["flow"] if inside else 0.0) + cp * x["co2_t"]
        flow = x["flow"]
        supplier = supplier_alt * flow - own_costs + (e.price * flow if inside else 0)
        if not inside:
            receiver, even = 0.0, None
        elif receiver_alt is None:
            receiver = even = None
        else:
            receiver = receiver_alt * flow - e.price * flow
            even = ((receiver_alt - supplier_alt) * flow + own_costs) / (2 * flow)
        value = None if receiver is None else supplier + receiver
        rows.append({"link": e.id, "supplier": e.supplier, "receiver": e.receiver,
                     "flow": flow, "unit": x["unit"], "transfer_price_vnd_per_unit": e.price,
                     "value_vnd_per_year": value, "supplier_gain_vnd_per_year": supplier,
                     "receiver_gain_vnd_per_year": receiver,
                     "even_split_price_vnd_per_unit": even})
    return rows


@dataclass
class ShapleyResult:
    rows: list[dict[str, Any]]
    total_saving: float
    unit: str
    method: str  # "exact" | "sampled"
    samples: int
    evaluations: int


def shapley(scenario: Scenario, samples: int = 2000, seed: int = 0,
            progress: Callable[[int, int], None] | None = None,
            **execution: Any) -> ShapleyResult:
    """Shapley shares; ``execution`` says where the coalitions are solved
    (parallel/engine.py). Every coalition the sums need is collected first and each
    distinct set of allowed options is solved once."""
    free = unconstrained(scenario)
    data = build_data(free)
    park = scenario.park
    counted = set(park.enterprises())
    options = list(data.candidates) + list(data.measures)
    needs = {o: _enterprises(park, o) & counted for o in options}
    kind = scenario.policy.objective
    cache: dict[frozenset[str], float] = {}

    def allowed(coalition: frozenset[str]) -> frozenset[str]:
        return frozenset(o for o in options if needs[o] <= coalition)

    with Engine(free, baseline=False, **execution) as eng:
        def solve(sets: set[frozenset[str]], tick: Callable[[int, int], None] | None = None
                  ) -> dict[frozenset[str], dict[str, Any]]:
            todo = sorted(sets - set(cache), key=sorted)
            rows = eng.map(objective_of, [sorted(set(options) - s) for s in todo], tick)
            for s, row in zip(todo, rows):
                if "failed" in row:
                    raise SolverError(f"coalition solve failed ({row['failed']})")
                cache[s] = row["objective"]
            return dict(zip(todo, rows))

        grand_set, nothing = frozenset(options), frozenset()
        # The grand coalition's solve is the free scenario's: its builds name the players.
        chosen = set(solve({grand_set, nothing})[grand_set]["built"]) & set(options)
        players = sorted(set().union(*(needs[o] for o in chosen))) if chosen else []
        n = len(players)
        if n <= EXACT_LIMIT:
            method, count = "exact", 2 ** n
            coalitions = [frozenset(c) for k in range(n + 1)
                          for c in itertools.combinations(players, k)]
        else:
            method, count = "sampled", samples
            rnd = random.Random(seed)
            orders = []
            for _ in range(samples):
                order = players[:]
                rnd.shuffle(order)
                orders.append(order)
            coalitions = [frozenset(o[:j]) for o in orders for j in range(1, n + 1)]
        coalitions += [frozenset({p}) for p in players]
        solve({allowed(c) for c in coalitions}, progress)

    def value(coalition: frozenset[str]) -> float:
        return cache[nothing] - cache[allowed(coalition)]

    phi = {p: 0.0 for p in players}
    if method == "exact":
        weights = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n)
                   for k in range(n)]
        for k in range(n):
            for rest in itertools.combinations(players, k):
                s = frozenset(rest)
                v = value(s)
                for p in players:
                    if p not in s:
                        phi[p] += weights[k] * (value(s | {p}) - v)
    else:
        for order in orders:
            s, v = frozenset(), 0.0
            for p in order:
                v2 = value(s | {p})
                phi[p] += (v2 - v) / samples
                s, v = s | {p}, v2
    total = cache[nothing] - cache[grand_set]
    rows = [{"enterprise": p, "shapley": phi[p],
             "share": phi[p] / total if abs(total) > 1e-9 else None,
             "stand_alone": value(frozenset({p}))} for p in players]
    return ShapleyResult(rows, total, "t CO2e/yr" if kind == "co2" else
                         f"{scenario.park.currency}/yr", method,
                         count, len(cache))


def objective_of(scenario: Scenario, session: Session,
                 items: list[tuple[int, list[str]]]) -> list[dict[str, Any]]:
    """Engine task: the scenario's objective with the options of each item forbidden
    (the others free), and what that plan builds."""
    opt, rows = session.optimizer, []
    for i, off in items:
        opt.fix_options(off=set(off))
        sol = opt.solve()
        if not sol.has_values:
            rows.append({"sample": i, "failed": sol.message})
            continue
        r = make_results(session.scenario, session.data, sol)
        rows.append({"sample": i, "objective": r.objective()["value"],
                     "built": sorted({k for k, v in sol.build.items() if v > 0.5}
                                     | {k for k, v in sol.adopt.items() if v > 0.5})})
    return rows


def _enterprises(park, oid: str) -> set[str]:
    ten = park.tenants
    if oid in park.measures:
        return {ten[park.measures[oid].tenant].enterprise}
    e = park.exchanges[oid]
    ends = (park.processes[n].tenant if n in park.processes else n  # a process: its owner
            for n in (e.supplier, e.via, e.receiver))
    return {ten[n].enterprise for n in ends if n in ten}
