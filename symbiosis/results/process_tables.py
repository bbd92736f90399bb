"""Result tables of conversion processes: one row per process, per mode run, per amount.

``processes``: throughput, built, capacity, and the cost and CO2 of the process's own
decisions (runs, build, and the purchases, disposal and sales at its node), all from the
``Term``s the objective used. ``process_modes``: the run of each mode. ``process_flows``:
each input and output with how it was met or where it went (``check.py`` re-derives it).
"""

from __future__ import annotations

from typing import Any

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.solve import Solution

OWN = ("run", "open", "buy", "dispose", "sell")  # decision kinds keyed by the process first


def process_tables(d: ModelData, sol: Solution, per_key: dict[tuple[str, ...], dict[str, float]]
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    park = d.park
    res, ex = park.resources, park.exchanges
    procs, modes, flows = [], [], []
    in_data = set(d.processes)
    for pid, p in park.processes.items():
        in_model = pid in in_data
        built = int(in_model and (p.existing or sol.open.get(pid, 0.0) > 0.5
                                  or pid in d.forced))
        runs = {mode: sol.run.get((pid, mode), 0.0) for mode in p.modes}
        cost = co2 = 0.0
        for key, acc in per_key.items():
            if key[0] in OWN and key[1] == pid:
                cost += acc.get("cost", 0.0)
                co2 += acc.get("co2", 0.0)
        if p.existing:
            cost += p.opex_fixed  # a constant Term of the owner
        procs.append({
            "id": pid, "name": p.name, "tenant": p.tenant,
            "enterprise": park.tenants[p.tenant].enterprise, "unit": p.unit,
            "existing": int(p.existing), "state": p.state, "built": built,
            "available": int(in_model),
            "throughput": sum(runs.values()),
            "capacity": p.capacity if p.capacity is not None else float("inf"),
            "minimum": p.minimum, "capex_vnd": 0.0 if p.existing else (p.capex if built else 0.0),
            "annual_fixed_vnd": per_key.get(("open", pid), {}).get("cost", 0.0)
            + (p.opex_fixed if p.existing else 0.0),
            "annual_run_cost_vnd": sum(per_key.get(("run", pid, mode), {}).get("cost", 0.0)
                                       for mode in p.modes),
            "cost_vnd": cost, "co2_t": co2})
        for mode, x in runs.items():
            modes.append({"process": pid, "mode": mode, "unit": p.unit, "throughput": x})
        for side, direction in (("inputs", "input"), ("outputs", "output")):
            for rid in p.most(side):
                amount = sum(p.yields(mode, side).get(rid, 0.0) * x for mode, x in runs.items())
                key = (pid, rid)
                if direction == "input":
                    links = d.in_links.get(key, [])
                    via = sum(ex[e].ratio * sol.flow.get(e, 0.0) for e in links)
                else:
                    links = d.out_links.get(key, [])
                    via = sum(sol.flow.get(e, 0.0) for e in links)
                flows.append({
                    "process": pid, "tenant": p.tenant, "resource": rid, "direction": direction,
                    "unit": res[rid].unit, "amount": amount, "via_links": via,
                    "purchased": sol.buy.get(key, 0.0) if direction == "input" else 0.0,
                    "disposed": sol.dispose.get(key, 0.0) if direction == "output" else 0.0,
                    "sold": sol.sell.get(key, 0.0) if direction == "output" else 0.0})
    return procs, modes, flows
