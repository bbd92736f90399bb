"""The ``quality`` table: what each limited need receives, mixed, against its limits.

One row per limit (tenant, input, property, max or min): the amount received, the mixed
value Σ value · amount / Σ amount over its links (flow × ratio) and its purchase, and
whether the limit binds. The mixed value is empty when nothing is received.
"""

from __future__ import annotations

from typing import Any

from symbiosis.optimize.data import ModelData
from symbiosis.optimize.solve import Solution

BINDING_TOL = 1e-6  # relative to the limit (absolute below 1)


def mixed(d: ModelData, sol: Solution, tid: str, rid: str, prop: str) -> tuple[float, float | None]:
    """(amount received, its mixed value of ``prop`` or None when nothing is received)."""
    park, qual = d.park, d.park.quality
    amount = load = 0.0
    for e in d.in_links.get((tid, rid), []):
        x = sol.flow.get(e, 0.0) * park.exchanges[e].ratio
        amount += x
        load += x * qual.of_link(park.exchanges[e], prop)
    bought = sol.buy.get((tid, rid), 0.0)
    if bought:
        amount += bought
        load += bought * qual.of_purchase(rid, prop)
    return amount, (load / amount if amount > 0 else None)


def quality_rows(d: ModelData, sol: Solution) -> list[dict[str, Any]]:
    park, qual = d.park, d.park.quality
    rows = []
    for (tid, rid), props in qual.needs():
        if (tid, rid) not in d.need_ub:
            continue
        for prop, (lo, hi) in props.items():
            amount, value = mixed(d, sol, tid, rid, prop)
            for kind, limit in (("max", hi), ("min", lo)):
                if limit is None:
                    continue
                binding = value is not None and \
                    abs(value - limit) <= BINDING_TOL * max(1.0, abs(limit))
                rows.append({"tenant": tid, "resource": rid, "property": prop,
                             "unit": qual.properties[prop].unit, "kind": kind, "limit": limit,
                             "value": value, "received": amount,
                             "binding": "yes" if binding else "no"})
    return rows
